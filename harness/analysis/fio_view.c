/* fio_view.c - show's fio per-op latency table: medians of fio-meta's extra keys per step. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jfield.h"
#include "fio_view.h"
#include "fmt.h"
#include "metrics.h"
#include "table.h"

static const char *const ops[] = {"create", "stat", "delete"};
static const char *const fields[] = {"ops", "iops", "mean_ns", "p50_ns", "p99_ns"};
#define NOPS	(sizeof(ops) / sizeof(ops[0]))
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

/* Median of extra key fio_<op>_<field> over the cell's ok trials (NAN when none); the
 * number of trials that had it in *@n. */
static double cell_median(const struct result_set *r, const char *wl, const char *step,
			  const char *op, const char *field, size_t *n)
{
	char key[64];
	double *v;
	struct sample_stats s;
	snprintf(key, sizeof(key), "fio_%s_%s", op, field);
	*n = metric_extra_values(r, wl, step, key, &v);
	int rc = stats_describe(v, *n, &s);
	free(v);
	return rc < 0 ? NAN : s.median;
}

/* One step: its ok trials with fio keys, and the medians per op. */
static json_t *step_model(const struct result_set *r, const char *wl, const char *step)
{
	json_t *o = json_object();
	size_t trials = 0, n;
	for (size_t i = 0; i < NOPS; i++) {
		json_t *f = json_object();
		for (size_t j = 0; j < NFIELDS; j++) {
			double med = cell_median(r, wl, step, ops[i], fields[j], &n);
			json_object_set_new(f, fields[j], jnew_num(med));
			trials = n > trials ? n : trials;
		}
		json_object_set_new(o, ops[i], f);
	}
	return json_pack("{s:s, s:I, s:o}", "step", step, "trials", (json_int_t)trials, "ops", o);
}

/* True when some trial of @wl reports fio latencies. */
static bool has_fio(const struct result_set *r, const char *wl)
{
	for (size_t i = 0; i < r->ntrials; i++)
		if (!strcmp(r->trials[i].workload, wl) &&
		    json_object_get(r->trials[i].extra, "fio_create_mean_ns"))
			return true;
	return false;
}

json_t *fio_view_model(const struct result_set *r, const char *workload)
{
	const char **steps;
	if (!has_fio(r, workload))
		return NULL;
	json_t *a = json_array();
	size_t ns = metric_steps(r, workload, &steps);
	for (size_t i = 0; i < ns; i++)
		json_array_append_new(a, step_model(r, workload, steps[i]));
	free(steps);
	return a;
}

/* A latency in ns as µs with one decimal; "-" for null. */
static void set_us(struct table *t, size_t row, size_t col, const json_t *ns)
{
	double v = jval(ns);
	if (isnan(v))
		table_set(t, row, col, "-");
	else
		table_set(t, row, col, "%.1f", v / 1000);
}

/* A count or rate rounded to an integer; "-" for null. */
static void set_int(struct table *t, size_t row, size_t col, const json_t *x)
{
	double v = jval(x);
	if (isnan(v))
		table_set(t, row, col, "-");
	else
		table_set(t, row, col, "%.0f", v);
}

/* The rows of one step, one per op; the step label on the first. */
static void print_step(struct table *t, const json_t *s)
{
	for (size_t i = 0; i < NOPS; i++) {
		const json_t *f = json_object_get(json_object_get(s, "ops"), ops[i]);
		size_t row = (size_t)table_add_row(t);
		if (i == 0) {
			table_set(t, row, 0, "%s", jstr(s, "step", NULL));
			table_set(t, row, 7, "%lld", (long long)jint(s, "trials", 0));
		}
		table_set(t, row, 1, "%s", ops[i]);
		set_int(t, row, 2, json_object_get(f, "ops"));
		set_us(t, row, 3, json_object_get(f, "mean_ns"));
		set_us(t, row, 4, json_object_get(f, "p50_ns"));
		set_us(t, row, 5, json_object_get(f, "p99_ns"));
		set_int(t, row, 6, json_object_get(f, "iops"));
	}
}

void fio_view_print(const json_t *model, FILE *f)
{
	static const char *const head[] = {"step",     "op",	   "ops",   "mean (µs)",
					   "p50 (µs)", "p99 (µs)", "ops/s", "trials"};
	struct table t;
	size_t i;
	const json_t *s;
	table_init_head(&t, head, 8);
	t.left |= 2;
	json_array_foreach(model, i, s)
	{
		print_step(&t, s);
	}
	fprintf(
	    f, "  fio per-op latency (median over ok trials of each trial's fio mean, p50, p99)\n");
	table_print_text(&t, f, 2);
	table_free(&t);
}
