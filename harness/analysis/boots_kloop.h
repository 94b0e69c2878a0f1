/* boots_kloop.h - multi-boot A/B of in-kernel loop ops: ns per object over the unaccounted twin. */
#ifndef KMB_BOOTS_KLOOP_H
#define KMB_BOOTS_KLOOP_H

#include <jansson.h>
#include <stdio.h>

#include "setlist.h"

/* For every in-kernel loop op k:X of A's first set whose unaccounted twin k:X-plain ran in
 * the same sets, per boot: child - plain and root - plain (ns per object: what accounting
 * adds, in the child memcg and at root) and child / plain, the twin's root arm taken from
 * the same rounds; then the two-level verdict of boots.h on each (B - A, in ns or in the
 * ratio). [{op, measure, unit, a: [...], b: [...], mean_a, change, change_pct, ci95, mde, df,
 * sd_boot, within_se, between_sd, significant}], empty when there is no such op; NULL on
 * ENOMEM. */
json_t *boots_kloop_model(const struct setlist *a, const struct setlist *b, double alpha);

/* The table of those rows; nothing when @rows is empty. */
void boots_kloop_print(const json_t *rows, FILE *f);

#endif
