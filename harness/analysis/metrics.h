/* metrics.h - metric vectors, cell statistics and step order from a result set.
 *
 * Which trials enter a cell's statistics:
 * - timings (real, user, sys) come from results_trial_ok() trials only: a failed or
 *   OOM-killed trial stopped early and its time means nothing;
 * - counters (failcnt, peak, kmem_peak) come from every trial that recorded
 *   them (value >= 0): the failing trials are exactly the ones that hit the
 *   limit, and leaving them out would hide it. Absent counters (-1: the kernel
 *   has no such file, or the root cgroup) never enter.
 */
#ifndef KMB_METRICS_H
#define KMB_METRICS_H

#include <stdbool.h>
#include <stddef.h>

#include "stats.h"
#include "results.h"

enum metric {
	METRIC_REAL,
	METRIC_USER,
	METRIC_SYS,
	METRIC_FAILCNT,
	METRIC_PEAK,
	METRIC_KMEM_PEAK,
	METRIC_COUNT
};

/* "real", "user", "sys", "failcnt", "peak", "kmem_peak". */
const char *metric_name(enum metric m);
/* Inverse of metric_name; -1 if unknown. */
int metric_parse(const char *name);
/* The accepted names, for error messages: "real|user|sys|failcnt|peak|kmem_peak". */
const char *metric_names(void);
/* "s", "count" or "bytes". */
const char *metric_unit(enum metric m);
/* True for real, user, sys. */
bool metric_is_timing(enum metric m);

/* The value of @m in one trial, or NAN when it is absent or the trial may not
 * enter this metric's statistics (see the rule above). */
double metric_of(const struct trial *t, enum metric m);

/* Values of @m over the trials of (@workload, @step). Returns their count and
 * sets *@out to a malloc'ed array (NULL when the count is 0). */
size_t metric_values(const struct result_set *r, const char *workload, const char *step,
		     enum metric m, double **out);

/* Values of the numeric `extra` key @key over the ok trials of (@workload, @step) (a
 * failed trial's own report means nothing, as for timings); trials without it are skipped.
 * Returns their count and sets *@out as metric_values does. */
size_t metric_extra_values(const struct result_set *r, const char *workload, const char *step,
			   const char *key, double **out);

/* Descriptive statistics of @m over the trials of (@workload, @step): metric_values
 * + stats_describe. Returns 0, or -1 when the cell has no values (all NAN, n = 0). */
int metric_describe(const struct result_set *r, const char *workload, const char *step,
		    enum metric m, struct sample_stats *s);

/* Trial outcomes of one cell. */
struct cell_counts {
	size_t total, ok, oom, timeout, other_fail;
};
/* "10/15 oom", "2/15 timeout" or "3/15 failed" (mixed causes) for a cell with
 * failed trials; returns @buf. */
const char *metric_fail_label(const struct cell_counts *c, char *buf, size_t len);
void metric_cell_count(const struct result_set *r, const char *workload, const char *step,
		       struct cell_counts *c);

/* Workload names in order of first appearance. Returns the count; *@out is a
 * malloc'ed array of pointers into @r (free the array only). */
size_t metric_workloads(const struct result_set *r, const char ***out);

/* A step label with its limits, for ordering. */
struct step_ref {
	const char *label;
	unsigned long long hard, soft;
};

/* Sorts @s into ladder order: root, unlimited, then limited steps by hard
 * limit (then soft limit) descending, then any other labels; stable, so equal
 * keys keep their order of first appearance. */
void metric_steps_sort(struct step_ref *s, size_t n);

/* Appends the steps of @workload in @r that are not yet in *@s (by label).
 * *@s is a malloc'ed array of *@n entries (pointers into @r); -1 on ENOMEM. */
int metric_steps_collect(const struct result_set *r, const char *workload, struct step_ref **s,
			 size_t *n);

/* Step labels of @workload in ladder order (metric_steps_collect + metric_steps_sort).
 * Returns the count; *@out as for metric_workloads. */
size_t metric_steps(const struct result_set *r, const char *workload, const char ***out);

/* First trial of (@workload, @step), or NULL. */
const struct trial *metric_find_trial(const struct result_set *r, const char *workload,
				      const char *step);

#endif
