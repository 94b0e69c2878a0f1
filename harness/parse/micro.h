/* micro.h - statistics of a micro set: Google Benchmark's output -> micro[] and paired overhead[].
 *
 * micro[] has one entry per (op, arm):
 *   {op, arm, n, iterations, ns_per_op: [wall ns per op, one per round],
 *    mean_ns, ci95_ns, median_ns, stddev_ns, cv_pct, errors, error}
 * where a round (one Google Benchmark repetition of the op) is one timed block
 * of `iterations` ops in every arm, run back to back in shuffled order; the
 * i-th value of every arm of an op comes from the same round. mean_ns and
 * ci95_ns (half-width of the t-based 95% CI of the mean) are over the blocks.
 * overhead[] has one entry per op and non-root arm:
 *   {op, arm, base: "root", method, pct, ci95_pct, ci95_lo_pct, ci95_hi_pct,
 *    se_pct, df, n, n_root, significant, mean_pct, mean_ci95_pct}
 * method "paired-trimmed-log-ratio": per round the log-ratio d = ln(arm / root)
 * of two blocks that ran within milliseconds of each other, so the machine's
 * drift, which dominates unpaired blocks (CV 11-15% per block here), cancels;
 * pct = 100 (exp(m) - 1) with m the 10%-trimmed mean of d, its 95% CI
 * exp(m -+ t se) (Tukey-McLaughlin se, Yuen's df; stats_paired_log_ratio):
 * trimming drops the rounds that an interrupt or a preemption hit on either
 * side. ci95_pct = (ci95_hi_pct - ci95_lo_pct) / 2; se_pct (delta method) and
 * df feed compare's test of two sets' overheads. mean_pct and mean_ci95_pct
 * are the same without trimming: when both agree, no outliers mattered.
 * significant: the 95% CI excludes 0. Undefined values are JSON null.
 */
#ifndef KMB_MICRO_H
#define KMB_MICRO_H

#include <jansson.h>
#include <stddef.h>

/* micro[] from Google Benchmark's JSON output @gb (the "benchmarks" of
 * --benchmark_out_format=json; run names "OP" or "OP/manual_time", with the
 * counters "ns:ARM" of each of @arms), one entry per @ops x @arms (ops outer),
 * also for pairs without a block. A round that lacks an arm's counter is left
 * out of every arm; an errored round counts in every arm's errors.
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
