/* summary.h - per-cell statistics of one result set (the `show` model).
 *
 * The model is JSON so that `show --json` prints exactly what the tables are
 * rendered from:
 *   {path, kernel, cmdline, cgroup_version, virt, profile, label, complete,
 *    started, finished, trials, attribution_trials, perf (any memcg share),
 *    workloads: [{workload, steps: [{step, hard_bytes, soft_bytes, trials, ok,
 *      oom, timeout, other_failed, metrics: {real: STATS, user, sys, failcnt,
 *      peak, kmem_peak}, extra: {KEY: median} (only for workloads whose
 *      descriptor lists show keys, e.g. cgroup-churn), memcg: {trials,
 *      kernel_samples, memcg_samples, memcg_share} or null (analysis/perfcell.h),
 *      caches: the step's pooled breakdown (run --caches, analysis/caches_view.h) or
 *      null}],
 *      fio: FIO (only for fio-meta's trials)}]}
 *   STATS = {n, median, mean, stddev, cv_pct, min, max, ci95_lo, ci95_hi,
 *            ci95_half} with null for undefined values.
 *   FIO = per-op latency medians per step (analysis/fio_view.h).
 */
#ifndef KMB_SUMMARY_H
#define KMB_SUMMARY_H

#include <jansson.h>
#include <stdio.h>

#include "results.h"
#include "stats.h"

/* JSON form of one sample's statistics. */
json_t *summary_stats_json(const struct sample_stats *s);
/* Builds the model of @r (read from @path). NULL on ENOMEM. */
json_t *summary_model(const struct result_set *r, const char *path);
/* One line naming the environment: kernel, cgroup version, virt, label, ... */
void summary_header(const struct result_set *r, char *buf, size_t len);
/* True when env.load says others used the CPUs during @r; @buf gets one line. */
bool summary_busy(const struct result_set *r, char *buf, size_t len);
/* True when env.skipped names workload instances the run left out (a v1-only option on
 * cgroup v2); @buf gets one line naming them and why. */
bool summary_skipped(const struct result_set *r, char *buf, size_t len);

/* Prints "failed: WORKLOAD at STEP rep N (STATUS): REASON" for every failed timing trial
 * that recorded a reason (the last line its program wrote to stderr); nothing when none. */
void summary_reasons(const struct result_set *r, FILE *out);
/* The `show` tables, one per workload, as aligned text. */
void summary_print_text(const json_t *model, FILE *f);
/* "2/10 oom", "0/10", "3/10: 2 oom, 1 fail" from a step object of the model. */
const char *summary_failed(const json_t *step, char *buf, size_t len);

#endif
