/* micro.h - statistics of a micro set: Google Benchmark's output -> micro[] and overhead[].
 *
 * micro[] has one entry per (op, arm):
 *   {op, arm, n, iterations, ns_per_op: [wall ns per op, one per repetition],
 *    cpu_ns_per_op: [...], mean_ns, ci95_ns, median_ns, stddev_ns, cv_pct,
 *    errors, error}
 * where a repetition is one timed block of `iterations` ops; mean_ns and
 * ci95_ns (half-width of the t-based 95% CI of the mean) are over the blocks.
 * overhead[] has one entry per op and non-root arm:
 *   {op, arm, base: "root", pct, ci95_pct, ci95_lo_pct, ci95_hi_pct, se_pct, df,
 *    n, n_root, significant, trim_pct, trim_ci95_pct}
 * pct = 100 * (mean(arm) / mean(root) - 1). Its CI: under random interleaving
 * the i-th block of an arm has nothing to do with the i-th block of root, so
 * the two samples are independent and are not paired; the ratio of their means
 * gets a delta-method standard error with Welch-Satterthwaite degrees of freedom
 * (stats_ratio). With hundreds of blocks the root mean's CV is far below 1%,
 * where the delta method is accurate; a bootstrap gives the same interval at
 * far more cost and not reproducibly. significant: the 95% CI excludes 0.
 * trim_pct and trim_ci95_pct are the same for 10%-trimmed means (standard
 * errors after Tukey-McLaughlin, Yuen's degrees of freedom): a robust check,
 * since a block that a preemption or an interrupt storm lengthened weighs on
 * the means and their spread; when both agree, no such outliers mattered.
 * Undefined values are JSON null.
 */
#ifndef KMB_MICRO_H
#define KMB_MICRO_H

#include <jansson.h>
#include <stddef.h>

/* micro[] from Google Benchmark's JSON output @gb (the "benchmarks" of
 * --benchmark_out_format=json; benchmark names "OP/ARM" or "OP/ARM/real_time"),
 * one entry per @ops x @arms (ops outer), also for pairs without a block.
 * NULL with one line in @err when @gb has no benchmarks array. */
json_t *micro_from_gbench(const json_t *gb, const char *const *ops, size_t nops,
			  const char *const *arms, size_t narms, char *err, size_t errlen);

/* overhead[] of @micro against each op's root entry. */
json_t *micro_overhead(const json_t *micro);

/* The entry of (@op, @arm) in @arr (micro[] or overhead[]), or NULL. */
json_t *micro_entry(const json_t *arr, const char *op, const char *arm);

/* The numbers of array @key of @entry into a malloc'ed vector *@out; returns the count. */
size_t micro_values(const json_t *entry, const char *key, double **out);

/* Distinct values of string member @key ("op" or "arm") of @arr's entries, in
 * order of appearance; *@out is malloc'ed, pointing into @arr. */
size_t micro_names_of(const json_t *arr, const char *key, const char ***out);

#endif
