/* perfcell.h - the memcg share of a (workload, step) cell from its attribution trials.
 *
 * Pooled over the cell's attribution trials (`run --perf`; results.h keeps them in
 * r->attr, apart from the timing trials): memcg samples / kernel samples of all of them,
 * whatever their outcome (an OOM-killed trial's samples are still where its time went).
 */
#ifndef KMB_PERFCELL_H
#define KMB_PERFCELL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "results.h"

struct perf_cell {
	size_t trials;		 /* attribution trials with kernel samples */
	long long kernel, memcg; /* samples, summed */
	double share;		 /* memcg / kernel, NAN without kernel samples */
};

/* Fills @c; returns 0, or -1 when the cell has no attribution trial with kernel samples. */
int perfcell_get(const struct result_set *r, const char *workload, const char *step,
		 struct perf_cell *c);
/* {trials, kernel_samples, memcg_samples, memcg_share} of the cell, or JSON null. */
json_t *perfcell_json(const struct result_set *r, const char *workload, const char *step);
/* True when any attribution trial of @r has kernel samples. */
bool perfcell_any(const struct result_set *r);
/* "6.4" (percent, one decimal) of a memcg_share, or "-" for NAN; returns @buf. */
const char *perfcell_pct(char *buf, size_t len, double share);

#endif
