/* metrics.c - metric vectors, cell statistics and counts, ladder order of a result set. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

static const char *const names[METRIC_COUNT] = {"real",	   "user", "sys",
						"failcnt", "peak", "kmem_peak"};

const char *metric_name(enum metric m)
{
	return (unsigned)m < METRIC_COUNT ? names[m] : "?";
}

int metric_parse(const char *name)
{
	for (int i = 0; i < METRIC_COUNT; i++)
		if (!strcmp(name, names[i]))
			return i;
	return -1;
}

const char *metric_names(void)
{
	return "real|user|sys|failcnt|peak|kmem_peak";
}

const char *metric_unit(enum metric m)
{
	if (metric_is_timing(m))
		return "s";
	return m == METRIC_FAILCNT ? "count" : "bytes";
}

bool metric_is_timing(enum metric m)
{
	return m == METRIC_REAL || m == METRIC_USER || m == METRIC_SYS;
}

/* A counter value, NAN when absent. */
static double counter(long long v)
{
	return v < 0 ? NAN : (double)v;
}

double metric_of(const struct trial *t, enum metric m)
{
	if (metric_is_timing(m) && !results_trial_ok(t))
		return NAN;
	switch (m) {
	case METRIC_REAL:
		return t->real_s;
	case METRIC_USER:
		return t->user_s;
	case METRIC_SYS:
		return t->sys_s;
	case METRIC_FAILCNT:
		return counter(t->failcnt);
	case METRIC_PEAK:
		return counter(t->peak_bytes);
	case METRIC_KMEM_PEAK:
		return counter(t->kmem_peak_bytes);
	default:
		return NAN;
	}
}

static bool in_cell(const struct trial *t, const char *workload, const char *step)
{
	return !strcmp(t->workload, workload) && !strcmp(t->step, step);
}

size_t metric_values(const struct result_set *r, const char *workload, const char *step,
		     enum metric m, double **out)
{
	size_t n = 0;
	*out = NULL;
	double *v = malloc((r->ntrials ? r->ntrials : 1) * sizeof(*v));
	if (!v)
		return 0;
	for (size_t i = 0; i < r->ntrials; i++) {
		if (!in_cell(&r->trials[i], workload, step))
			continue;
		double x = metric_of(&r->trials[i], m);
		if (!isnan(x))
			v[n++] = x;
	}
	if (n == 0)
		free(v);
	else
		*out = v;
	return n;
}

size_t metric_extra_values(const struct result_set *r, const char *workload, const char *step,
			   const char *key, double **out)
{
	size_t n = 0;
	*out = NULL;
	double *v = malloc((r->ntrials ? r->ntrials : 1) * sizeof(*v));
	if (!v)
		return 0;
	for (size_t i = 0; i < r->ntrials; i++) {
		const struct trial *t = &r->trials[i];
		const json_t *x = json_object_get(t->extra, key);
		if (in_cell(t, workload, step) && results_trial_ok(t) && json_is_number(x))
			v[n++] = json_number_value(x);
	}
	if (n == 0)
		free(v);
	else
		*out = v;
	return n;
}

int metric_describe(const struct result_set *r, const char *workload, const char *step,
		    enum metric m, struct sample_stats *s)
{
	double *v;
	size_t n = metric_values(r, workload, step, m, &v);
	int rc = stats_describe(v, n, s);
	free(v);
	return rc;
}

void metric_cell_count(const struct result_set *r, const char *workload, const char *step,
		       struct cell_counts *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < r->ntrials; i++) {
		const struct trial *t = &r->trials[i];
		if (!in_cell(t, workload, step))
			continue;
		c->total++;
		if (t->status == TRIAL_OK)
			c->ok++;
		else if (t->status == TRIAL_OOM)
			c->oom++;
		else if (t->status == TRIAL_TIMEOUT)
			c->timeout++;
		else
			c->other_fail++;
	}
}

size_t metric_workloads(const struct result_set *r, const char ***out)
{
	const char **w = malloc((r->ntrials ? r->ntrials : 1) * sizeof(*w));
	size_t n = 0;
	*out = w;
	if (!w)
		return 0;
	for (size_t i = 0; i < r->ntrials; i++) {
		size_t j = 0;
		while (j < n && strcmp(w[j], r->trials[i].workload))
			j++;
		if (j == n)
			w[n++] = r->trials[i].workload;
	}
	return n;
}

/* 0 root, 1 unlimited, 2 limited, 3 anything else. */
static int step_class(const struct step_ref *s)
{
	if (!strcmp(s->label, "root"))
		return 0;
	if (!strcmp(s->label, "unlimited"))
		return 1;
	return s->hard ? 2 : 3;
}

/* Ladder order of two steps: <0 when @a comes first, 0 when they tie. */
static int step_cmp(const struct step_ref *a, const struct step_ref *b)
{
	int ca = step_class(a), cb = step_class(b);
	if (ca != cb)
		return ca - cb;
	if (a->hard != b->hard)
		return a->hard > b->hard ? -1 : 1;
	if (a->soft != b->soft)
		return a->soft > b->soft ? -1 : 1;
	return 0;
}

void metric_steps_sort(struct step_ref *s, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct step_ref k = s[i];
		size_t j = i;
		while (j > 0 && step_cmp(&s[j - 1], &k) > 0) {
			s[j] = s[j - 1];
			j--;
		}
		s[j] = k;
	}
}

int metric_steps_collect(const struct result_set *r, const char *workload, struct step_ref **s,
			 size_t *n)
{
	for (size_t i = 0; i < r->ntrials; i++) {
		const struct trial *t = &r->trials[i];
		if (strcmp(t->workload, workload))
			continue;
		size_t j = 0;
		while (j < *n && strcmp((*s)[j].label, t->step))
			j++;
		if (j < *n)
			continue;
		struct step_ref *g = realloc(*s, (*n + 1) * sizeof(**s));
		if (!g)
			return -1;
		*s = g;
		g[(*n)++] = (struct step_ref){t->step, t->hard_bytes, t->soft_bytes};
	}
	return 0;
}

size_t metric_steps(const struct result_set *r, const char *workload, const char ***out)
{
	struct step_ref *s = NULL;
	size_t n = 0;
	*out = NULL;
	if (metric_steps_collect(r, workload, &s, &n) < 0 || n == 0) {
		free(s);
		return 0;
	}
	metric_steps_sort(s, n);
	const char **l = malloc(n * sizeof(*l));
	if (l)
		for (size_t i = 0; i < n; i++)
			l[i] = s[i].label;
	free(s);
	*out = l;
	return l ? n : 0;
}

const struct trial *metric_find_trial(const struct result_set *r, const char *workload,
				      const char *step)
{
	for (size_t i = 0; i < r->ntrials; i++)
		if (in_cell(&r->trials[i], workload, step))
			return &r->trials[i];
	return NULL;
}

const char *metric_fail_label(const struct cell_counts *c, char *buf, size_t len)
{
	size_t failed = c->total - c->ok;
	const char *how = c->oom == failed ? "oom" : c->timeout == failed ? "timeout" : "failed";
	snprintf(buf, len, "%zu/%zu %s", failed, c->total, how);
	return buf;
}
