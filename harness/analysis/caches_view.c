/* caches_view.c - pooled per-cache breakdowns and their `show --caches` tables. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jfield.h"
#include "caches_view.h"
#include "fmt.h"
#include "metrics.h"
#include "table.h"

struct pooled {
	const char *name, *kind; /* point into the trials' JSON */
	double objects, bytes;
};

bool caches_view_any(const struct result_set *r)
{
	if (r->caches)
		return json_array_size(r->caches) > 0;
	for (size_t i = 0; i < r->nattr; i++)
		if (json_is_object(r->attr[i].caches))
			return true;
	return false;
}

/* Adds the caches[] of one trial to @p (at most @cap entries). */
static void pool_trial(const json_t *caches, struct pooled *p, size_t *n, size_t cap)
{
	size_t i, k;
	json_t *e;
	json_array_foreach(caches, i, e)
	{
		for (k = 0; k < *n && (strcmp(p[k].name, jstr(e, "name", "")) ||
				       strcmp(p[k].kind, jstr(e, "kind", "")));
		     k++)
			;
		if (k == *n && *n == cap)
			continue;
		if (k == *n)
			p[(*n)++] = (struct pooled){jstr(e, "name", ""), jstr(e, "kind", ""), 0, 0};
		p[k].objects += jnum(e, "objects");
		p[k].bytes += jnum(e, "bytes");
	}
}

static int by_bytes(const void *a, const void *b)
{
	const struct pooled *x = a, *y = b;
	if (x->bytes != y->bytes)
		return x->bytes < y->bytes ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* Breakdown trials of the cell: how many, their entries' total, totals and first error. */
static size_t cell_trials(const struct result_set *r, const char *wl, const char *step,
			  size_t *entries)
{
	size_t n = 0;
	*entries = 0;
	for (size_t i = 0; i < r->nattr; i++) {
		const struct trial *t = &r->attr[i];
		if (!json_is_object(t->caches) || strcmp(t->workload, wl) || strcmp(t->step, step))
			continue;
		n++;
		*entries += json_array_size(json_object_get(t->caches, "caches"));
	}
	return n;
}

/* {trials, ...} of the pooled entries @p (sums over @nt trials). */
static json_t *cell_json(struct pooled *p, size_t n, size_t nt, double obj, double bytes,
			 double lost, json_t *err)
{
	json_t *arr = json_array();
	qsort(p, n, sizeof(*p), by_bytes);
	for (size_t k = 0; k < n; k++)
		json_array_append_new(
		    arr, json_pack("{s:s, s:s, s:f, s:f, s:o}", "name", p[k].name, "kind",
				   p[k].kind, "objects", p[k].objects / (double)nt, "bytes",
				   p[k].bytes / (double)nt, "pct",
				   jnew_num(bytes > 0 ? 100 * p[k].bytes / bytes : NAN)));
	return json_pack("{s:I, s:f, s:f, s:f, s:O, s:o}", "trials", (json_int_t)nt,
			 "total_objects", obj / (double)nt, "total_bytes", bytes / (double)nt,
			 "lost_events", lost, "error", err, "caches", arr);
}

json_t *caches_view_cell(const struct result_set *r, const char *wl, const char *step)
{
	size_t cap, n = 0;
	size_t nt = cell_trials(r, wl, step, &cap);
	if (!nt)
		return json_null();
	struct pooled *p = malloc((cap ? cap : 1) * sizeof(*p));
	double obj = 0, bytes = 0, lost = 0;
	json_t *err = json_null();
	for (size_t i = 0; p && i < r->nattr; i++) {
		const struct trial *t = &r->attr[i];
		if (!json_is_object(t->caches) || strcmp(t->workload, wl) || strcmp(t->step, step))
			continue;
		pool_trial(json_object_get(t->caches, "caches"), p, &n, cap);
		obj += jnum(t->caches, "total_objects");
		bytes += jnum(t->caches, "total_bytes");
		lost += jnum(t->caches, "lost_events");
		if (json_is_null(err) && json_is_string(json_object_get(t->caches, "error")))
			err = json_object_get(t->caches, "error");
	}
	json_t *j = p ? cell_json(p, n, nt, obj, bytes, lost, err) : NULL;
	free(p);
	return j;
}

/* A count: whole as is, per-op fractions with up to three decimals. */
static const char *fmt_count(char *buf, size_t len, double v)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else if (v == round(v))
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, fabs(v) < 10 ? "%.3f" : "%.1f", v);
	return buf;
}

/* One table of @caches (keys @obj and @bytes), at most @top rows, % of @total bytes. */
static void print_caches(const json_t *caches, const char *obj, const char *bytes, double total,
			 size_t top, FILE *f)
{
	static const char *const head[] = {"cache", "kind", "objects", "bytes", "% bytes"};
	struct table t;
	char b[32], o[32];
	size_t i;
	json_t *e;
	table_init_head(&t, head, 5);
	t.left = 3; /* cache and kind */
	json_array_foreach(caches, i, e)
	{
		if (i >= top)
			break;
		size_t row = (size_t)table_add_row(&t);
		double v = jnum(e, bytes);
		table_set(&t, row, 0, "%s", jstr(e, "name", ""));
		table_set(&t, row, 1, "%s", jstr(e, "kind", ""));
		table_set(&t, row, 2, "%s", fmt_count(o, sizeof(o), jnum(e, obj)));
		table_set(&t, row, 3, "%s", fmt_bytes(b, sizeof(b), round(v)));
		table_set(&t, row, 4, total > 0 ? "%.1f" : "-", 100 * v / total);
	}
	table_print_text(&t, f, 4);
	table_free(&t);
}

/* The block of one cell: a summary line and its table. */
static void print_cell(const char *wl, const char *step, const json_t *c, size_t top, FILE *f)
{
	char b[32];
	double total = jnum(c, "total_bytes");
	fprintf(f, "\n  %s at %s: %.0f objects, %s accounted", wl, step, jnum(c, "total_objects"),
		fmt_bytes(b, sizeof(b), round(total)));
	fprintf(f, " (mean of %lld breakdown trial%s)", (long long)jint(c, "trials", 0),
		jint(c, "trials", 0) == 1 ? "" : "s");
	if (jnum(c, "lost_events") > 0)
		fprintf(f, ", perf lost %.0f events", jnum(c, "lost_events"));
	if (json_is_string(json_object_get(c, "error")))
		fprintf(f, "; %s", jstr(c, "error", ""));
	fputc('\n', f);
	print_caches(json_object_get(c, "caches"), "objects", "bytes", total, top, f);
}

void caches_view_print(const struct result_set *r, FILE *f, size_t top)
{
	const char **wl, **steps;
	size_t nw = metric_workloads(r, &wl);
	fprintf(f, "\nWhat gets charged, per cache (run --caches: accounted allocations under perf "
		   "record of the kmem tracepoints)\n");
	for (size_t i = 0; i < nw; i++) {
		size_t ns = metric_steps(r, wl[i], &steps);
		for (size_t j = 0; j < ns; j++) {
			json_t *c = caches_view_cell(r, wl[i], steps[j]);
			if (json_is_object(c))
				print_cell(wl[i], steps[j], c, top, f);
			json_decref(c);
		}
		free(steps);
	}
	free(wl);
	fprintf(f, "\nobjects, bytes: mean per breakdown trial; accounted = from a SLAB_ACCOUNT "
		   "cache or with __GFP_ACCOUNT\n(charged to the cgroup; at root nothing is "
		   "charged, yet the same allocations are listed).\n");
}

void caches_view_micro_print(const struct result_set *r, FILE *f, size_t top)
{
	size_t i;
	json_t *op;
	char b[32];
	fprintf(f, "\nWhat gets charged per op, per cache (micro --caches: runs of N and 2N ops "
		   "under perf record, difference / N)\n");
	json_array_foreach(r->caches, i, op)
	{
		double total = jnum(op, "bytes_per_op");
		fprintf(f, "\n  %s (%s, N = %lld): %.2f objects, %s accounted per op",
			jstr(op, "op", ""), jstr(op, "arm", ""), (long long)jint(op, "ops", 0),
			jnum(op, "objects_per_op"), fmt_bytes(b, sizeof(b), round(total)));
		if (json_is_string(json_object_get(op, "error")))
			fprintf(f, "; %s", jstr(op, "error", ""));
		fputc('\n', f);
		print_caches(json_object_get(op, "caches"), "objects_per_op", "bytes_per_op", total,
			     top, f);
	}
}
