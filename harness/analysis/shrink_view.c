/* shrink_view.c - `show` tables of the limit-shrink and enomem-walk trials' `extra` keys. */
#include <math.h>
#include <string.h>

#include "jfield.h"
#include "fmt.h"
#include "shrink_view.h"
#include "table.h"

/* extra[P_KEY] as a number (NAN when absent or not a number). */
static double extra_num(const json_t *x, const char *p, const char *key)
{
	char k[128];
	snprintf(k, sizeof(k), "%s%s%s", p, *p ? "_" : "", key);
	return jnum(x, k);
}

/* extra[P_KEY] as text ("-" when absent). */
static const char *extra_str(const json_t *x, const char *p, const char *key)
{
	char k[128];
	snprintf(k, sizeof(k), "%s%s%s", p, *p ? "_" : "", key);
	return jstr(x, k, "-");
}

static void set_bytes(struct table *t, size_t row, size_t col, double v)
{
	char b[32];
	table_set(t, row, col, "%s", isnan(v) || v < 0 ? "-" : fmt_bytes(b, sizeof(b), v));
}

static void set_num(struct table *t, size_t row, size_t col, const char *fmt, double v)
{
	if (isnan(v) || v < 0)
		table_set(t, row, col, "-");
	else
		table_set(t, row, col, fmt, v);
}

/* The lowered limits: one row per step. */
static void print_limits(const json_t *x, FILE *f)
{
	static const char *const head[] = {"step", "limit",   "write ms", "result", "usage",
					   "kmem", "failcnt", "oom_kill", "walker"};
	struct table t;
	table_init_head(&t, head, 9);
	int n = (int)extra_num(x, "", "shrink_steps");
	for (int k = 1; k <= n; k++) {
		char p[32];
		snprintf(p, sizeof(p), "shrink_%d", k);
		long row = table_add_row(&t);
		if (row < 0)
			break;
		table_set(&t, (size_t)row, 0, "U/%d", 1 << k);
		set_bytes(&t, (size_t)row, 1, extra_num(x, p, "limit_bytes"));
		set_num(&t, (size_t)row, 2, "%.3f", extra_num(x, p, "ns") / 1e6);
		table_set(&t, (size_t)row, 3, "%s", extra_str(x, p, "result"));
		set_bytes(&t, (size_t)row, 4, extra_num(x, p, "usage_after"));
		set_bytes(&t, (size_t)row, 5, extra_num(x, p, "kmem_after"));
		set_num(&t, (size_t)row, 6, "%.0f", extra_num(x, p, "failcnt"));
		set_num(&t, (size_t)row, 7, "%.0f", extra_num(x, p, "oom_kill"));
		table_set(&t, (size_t)row, 8, "%s", extra_str(x, p, "walker"));
	}
	table_print_text(&t, f, 4);
	table_free(&t);
}

/* The explicit shrinks: one row per phase (slab, cache). */
static void print_reclaim(const json_t *x, FILE *f)
{
	static const char *const head[] = {"phase", "before",	    "after",	  "freed",     "ms",
					   "MB/s",  "first result", "kmem after", "file after"};
	static const char *const ph[] = {"reclaim_slab", "reclaim_cache"};
	struct table t;
	table_init_head(&t, head, 9);
	for (int i = 0; i < 2; i++) {
		char p1[48];
		long row;
		if (isnan(extra_num(x, ph[i], "before")) || (row = table_add_row(&t)) < 0)
			continue;
		snprintf(p1, sizeof(p1), "%s_1", ph[i]);
		table_set(&t, (size_t)row, 0, "%s", ph[i] + 8);
		set_bytes(&t, (size_t)row, 1, extra_num(x, ph[i], "before"));
		set_bytes(&t, (size_t)row, 2, extra_num(x, ph[i], "after"));
		set_bytes(&t, (size_t)row, 3, extra_num(x, ph[i], "freed_bytes"));
		set_num(&t, (size_t)row, 4, "%.3f", extra_num(x, ph[i], "ns") / 1e6);
		set_num(&t, (size_t)row, 5, "%.1f", extra_num(x, ph[i], "bytes_per_s") / 1048576.0);
		table_set(&t, (size_t)row, 6, "%s", extra_str(x, p1, "result"));
		set_bytes(&t, (size_t)row, 7, extra_num(x, ph[i], "kmem_after"));
		set_bytes(&t, (size_t)row, 8, extra_num(x, ph[i], "file_after"));
	}
	fprintf(f, "    explicit shrink (%s):\n", extra_str(x, "", "reclaim_knob"));
	table_print_text(&t, f, 4);
	table_free(&t);
}

/* Calls and errors per syscall. */
static void print_errors(const json_t *x, FILE *f)
{
	static const char *const head[] = {"syscall", "calls", "ENOMEM", "other"};
	static const char *const sys[] = {"openat", "getdents64", "newfstatat", "read"};
	struct table t;
	table_init_head(&t, head, 4);
	for (int i = 0; i < 4; i++) {
		long row = table_add_row(&t);
		if (row < 0)
			break;
		table_set(&t, (size_t)row, 0, "%s", sys[i]);
		set_num(&t, (size_t)row, 1, "%.0f", extra_num(x, sys[i], "calls"));
		set_num(&t, (size_t)row, 2, "%.0f", extra_num(x, sys[i], "enomem"));
		set_num(&t, (size_t)row, 3, "%.0f", extra_num(x, sys[i], "other"));
	}
	char b[32];
	fprintf(f, "    walk %s, walker %s, %.0f entries, limit %s, oom_kill_disable %.0f\n",
		extra_str(x, "", "walk_result"), extra_str(x, "", "walker_end"),
		extra_num(x, "", "entries"),
		fmt_bytes(b, sizeof(b), extra_num(x, "", "limit_bytes")),
		extra_num(x, "", "oom_kill_disable"));
	table_print_text(&t, f, 4);
	table_free(&t);
}

void shrink_view_print(const struct result_set *r, FILE *f)
{
	for (size_t i = 0; i < r->ntrials; i++) {
		const struct trial *t = &r->trials[i];
		const json_t *x = t->extra;
		bool shrink = !isnan(extra_num(x, "", "shrink_steps"));
		bool errs = !isnan(extra_num(x, "newfstatat", "calls"));
		if (!shrink && !errs)
			continue;
		fprintf(f, "\n%s %s rep %d (%s)\n", t->workload, t->step, t->rep,
			shrink ? "lowered limits, from usage U" : "errors by syscall");
		if (shrink) {
			char b[32];
			fprintf(f, "    U = %s after the walk\n",
				fmt_bytes(b, sizeof(b), extra_num(x, "", "usage_bytes")));
			print_limits(x, f);
			print_reclaim(x, f);
		} else {
			print_errors(x, f);
		}
	}
}
