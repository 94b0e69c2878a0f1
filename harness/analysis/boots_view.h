/* boots_view.h - `compare A1 A2 ... --vs B1 B2 ...` and A/B group folders: the multi-boot
 * table per op (change in points, CI, MDE, boots for a 1-point MDE). */
#ifndef KMB_BOOTS_VIEW_H
#define KMB_BOOTS_VIEW_H

#include <jansson.h>
#include <stdio.h>

#include "setlist.h"

/* The group folder's manifest (DIR/manifest.json: {"sets": [{"path", "side": "a"|"b",
 * "kernel", "boot"}]}, paths relative to DIR) as two malloc'ed lists of malloc'ed paths.
 * 0; 1 when DIR has no manifest.json (not a group); -1 with one line in @err when it is
 * malformed. */
int boots_group_load(const char *dir, char ***a, size_t *na, char ***b, size_t *nb, char *err,
		     size_t errlen);

void boots_paths_free(char **p, size_t n);

/* The model: {mode: "boots", alpha, a: [sets], b: [sets], machine, arms: [{arm, rows: [{op,
 * a: [pct...], b: [pct...], change, ci95, mde, df, sd_boot, within_se, between_sd,
 * significant, boots_for_1pt}]}], kloop: [rows of boots_kloop.h]}. NULL on ENOMEM. */
json_t *boots_model(const struct setlist *a, const struct setlist *b, double alpha);

void boots_print(const json_t *model, FILE *f);

#endif
