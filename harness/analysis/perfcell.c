/* perfcell.c - pool the attribution trials of a cell into one memcg share. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "perfcell.h"

/* Kernel and memcg samples of attribution trial @t; false when it has none. */
static bool samples(const struct trial *t, long long *kernel, long long *memcg)
{
	json_t *k = json_object_get(t->perf, "kernel_samples");
	json_t *m = json_object_get(t->perf, "memcg_samples");
	if (!json_is_integer(k) || !json_is_integer(m) || json_integer_value(k) <= 0)
		return false;
	*kernel = (long long)json_integer_value(k);
	*memcg = (long long)json_integer_value(m);
	return true;
}

int perfcell_get(const struct result_set *r, const char *workload, const char *step,
		 struct perf_cell *c)
{
	memset(c, 0, sizeof(*c));
	c->share = NAN;
	for (size_t i = 0; i < r->nattr; i++) {
		const struct trial *t = &r->attr[i];
		long long k, m;
		if (strcmp(t->workload, workload) || strcmp(t->step, step) || !samples(t, &k, &m))
			continue;
		c->trials++;
		c->kernel += k;
		c->memcg += m;
	}
	if (!c->kernel)
		return -1;
	c->share = (double)c->memcg / (double)c->kernel;
	return 0;
}

json_t *perfcell_json(const struct result_set *r, const char *workload, const char *step)
{
	struct perf_cell c;
	if (perfcell_get(r, workload, step, &c) < 0)
		return json_null();
	return json_pack("{s:I, s:I, s:I, s:f}", "trials", (json_int_t)c.trials, "kernel_samples",
			 (json_int_t)c.kernel, "memcg_samples", (json_int_t)c.memcg, "memcg_share",
			 c.share);
}

bool perfcell_any(const struct result_set *r)
{
	for (size_t i = 0; i < r->nattr; i++) {
		long long k, m;
		if (samples(&r->attr[i], &k, &m))
			return true;
	}
	return false;
}

const char *perfcell_pct(char *buf, size_t len, double share)
{
	if (isnan(share))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.1f", 100 * share);
	return buf;
}
