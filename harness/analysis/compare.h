/* compare.h - the `compare` model: cells of several result sets (or the steps
 * of one set) tested against a base, as JSON, and its rendering.
 *
 * Across sets (compare BASE DIR...):
 *   {mode: "sets", metric, unit, alpha, power, base, sets: [{name, path, kernel,
 *    label, virt, cgroup_version}], warnings: [text],
 *    workloads: [{workload, rows: [{step, hard_bytes, soft_bytes,
 *      cells: [CELL or null per set]}]}]}
 * Within one set (compare DIR):
 *   {mode: "steps", ..., workloads: [{workload, rows: [{step, hard_bytes,
 *      soft_bytes, stats: STATS, vs_root: CMP or null, vs_unlimited: CMP or null,
 *      memcg: MEMCG}]}]}
 * CELL = {stats: STATS, vs_base: CMP or null (null for the base itself), memcg: MEMCG}
 * MEMCG = the step's memcg share from its attribution trials (analysis/perfcell.h) or null;
 *   rendered as a line under the workload's table when any row has one.
 * STATS as in summary.h; CMP = {change_pct, testable, welch_t, welch_df, welch_p,
 *   mw_used, mw_u, mw_p, significant, mde_pct, mde_abs, ci95_pct (Welch 95% CI half-width of
 *   the change, in % of the base mean)}.
 * Steps are matched across sets by label within a workload.
 */
#ifndef KMB_COMPARE_H
#define KMB_COMPARE_H

#include <jansson.h>
#include <stdio.h>

#include "metrics.h"
#include "setlist.h"

/* Power at which the minimum detectable effect is stated. */
#define COMPARE_POWER 0.8

/* Model of every set of @rs against rs->runs[0]. NULL on ENOMEM. */
json_t *compare_sets_model(const struct setlist *rs, enum metric m, double alpha);
/* Model of every step of set @i against its root and unlimited steps. */
json_t *compare_steps_model(const struct setlist *rs, size_t i, enum metric m, double alpha);

/* Output formats of the renderer. */
enum cmp_format { CMP_TEXT, CMP_MARKDOWN };
/* The legend, warnings and one table per workload. */
void compare_print(const json_t *model, enum cmp_format fmt, FILE *f);

#endif
