/* micro_view.h - `show` and `compare` of micro sets: models (JSON) and their tables.
 *
 * show DIR (model = what `show --json` prints):
 *   {path, kind: "micro", kernel, cmdline, cgroup_version, virt, profile, label,
 *    complete, started, finished, plan: env.micro or null,
 *    ops: [{op, arms: [{arm, n, iterations, mean_ns, ci95_ns, median_ns, cv_pct,
 *                      errors, error}],
 *           overhead: [{arm, pct, ci95_pct, se_pct, df, significant, method,
 *                       mean_pct, mean_ci95_pct}]}],
 *    caches: the set's caches[] (micro --caches, analysis/cacheop.h) or null}
 * compare BASE [DIR...] (one DIR: its overheads alone):
 *   {mode: "micro", alpha, base, sets: [{name, short, path, kernel, label, virt,
 *    cgroup_version, complete}], warnings: [text],
 *    arms: [{arm, rows: [{op, cells: [CELL or null per set]}]}]}
 *   CELL = {root_ns, arm_ns, pct, ci95_pct, se_pct, df, significant,
 *           vs_base: {change_pp, t, df, p, significant} or null (the base itself)}
 * A change of overhead between two sets is tested with stats_estimate_diff on
 * the two pct values and their standard errors (independent runs).
 */
#ifndef KMB_MICRO_VIEW_H
#define KMB_MICRO_VIEW_H

#include <jansson.h>
#include <stdio.h>

#include "setlist.h"
#include "results.h"

/* The show model of micro set @r read from @path. NULL on ENOMEM. */
json_t *micro_view_show_model(const struct result_set *r, const char *path);
/* One line naming the environment and the plan: kernel, cgroup, ..., blocks. */
void micro_view_header(const struct result_set *r, char *buf, size_t len);
/* The show tables: one per op, a row per arm. */
void micro_view_show_print(const json_t *model, FILE *f);

/* The compare model of the micro sets of @rs against rs->runs[0]. */
json_t *micro_view_compare_model(const struct setlist *rs, double alpha);
/* The compare tables: one per non-root arm, a row per op. */
void micro_view_compare_print(const json_t *model, FILE *f);

#endif
