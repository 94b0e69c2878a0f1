/* compare.c - significance tests per cell against a base, and their tables. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jfield.h"
#include "compare.h"
#include "likeness.h"
#include "fmt.h"
#include "perfcell.h"
#include "stats.h"
#include "summary.h"
#include "table.h"

/* JSON of one comparison. */
static json_t *cmp_json(const struct comparison *c)
{
	return json_pack(
	    "{s:o, s:o, s:b, s:o, s:o, s:o, s:b, s:o, s:o, s:b, s:o, s:o, s:o}", "change_abs",
	    jnew_num(c->change_abs), "change_pct", jnew_num(c->change_pct), "testable", c->testable,
	    "welch_t", jnew_num(c->welch.t), "welch_df", jnew_num(c->welch.df), "welch_p",
	    jnew_num(c->welch.p), "mw_used", c->mw_used, "mw_u", jnew_num(c->mw.u), "mw_p",
	    jnew_num(c->mw.p), "significant", c->significant, "mde_pct", jnew_num(c->mde_pct),
	    "mde_abs", jnew_num(c->mde_abs), "ci95_pct", jnew_num(c->ci_half_pct));
}

/* A cell's values: a malloc'ed vector, its count and its statistics. */
struct cellv {
	double *v;
	size_t n;
	struct sample_stats s;
};

static void cellv_load(struct cellv *c, const struct result_set *r, const char *wl,
		       const char *step, enum metric m)
{
	c->n = metric_values(r, wl, step, m, &c->v);
	stats_describe(c->v, c->n, &c->s);
}

/* CMP of @nw against @base, or null when either has no values. */
static json_t *cmp_cells(const struct cellv *base, const struct cellv *nw, double alpha)
{
	struct comparison c;
	if (stats_compare(base->v, base->n, nw->v, nw->n, alpha, &c) < 0)
		return json_null();
	return cmp_json(&c);
}

static json_t *model_head(const char *mode, enum metric m, double alpha)
{
	return json_pack("{s:s, s:s, s:s, s:f, s:f}", "mode", mode, "metric", metric_name(m),
			 "unit", metric_unit(m), "alpha", alpha, "power", COMPARE_POWER);
}

static json_t *set_json(const struct setlist *rs, size_t i)
{
	const struct result_set *r = &rs->runs[i];
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:b}", "name", rs->names[i],
			 "short", setlist_short(rs, i), "path", rs->paths[i], "kernel", r->kernel,
			 "label", r->label, "virt", r->virt, "cgroup_version", r->cgroup_version,
			 "cmdline", r->cmdline, "complete", r->complete);
}

/* One row across sets: the base's cell and every other set's against it. */
static json_t *sets_row(const struct setlist *rs, const char *wl, const struct step_ref *st,
			enum metric m, double alpha, const bool *skip)
{
	json_t *cells = json_array();
	struct cellv base;
	cellv_load(&base, &rs->runs[0], wl, st->label, m);
	for (size_t i = 0; i < rs->n; i++) {
		if (skip[i] || !metric_find_trial(&rs->runs[i], wl, st->label)) {
			json_array_append_new(cells, json_null());
			continue;
		}
		struct cellv c;
		cellv_load(&c, &rs->runs[i], wl, st->label, m);
		json_t *vs = i ? cmp_cells(&base, &c, alpha) : json_null();
		json_array_append_new(cells,
				      json_pack("{s:o, s:o, s:o}", "stats",
						summary_stats_json(&c.s), "vs_base", vs, "memcg",
						perfcell_json(&rs->runs[i], wl, st->label)));
		free(c.v);
	}
	free(base.v);
	return json_pack("{s:s, s:I, s:I, s:o}", "step", st->label, "hard_bytes",
			 (json_int_t)st->hard, "soft_bytes", (json_int_t)st->soft, "cells", cells);
}

/* Steps of @wl over every set, matched by label, in ladder order. */
static size_t union_steps(const struct setlist *rs, const char *wl, struct step_ref **out)
{
	size_t n = 0;
	*out = NULL;
	for (size_t i = 0; i < rs->n; i++)
		if (metric_steps_collect(&rs->runs[i], wl, out, &n) < 0)
			return 0;
	metric_steps_sort(*out, n);
	return n;
}

static json_t *warnings_json(const struct setlist *rs)
{
	json_t *w = json_array();
	for (size_t i = 1; i < rs->n; i++) {
		char diff[512];
		if (setlist_env_diff(&rs->runs[0], &rs->runs[i], diff, sizeof(diff)))
			json_array_append_new(
			    w, json_sprintf("%s vs %s: %s", rs->names[0], rs->names[i], diff));
	}
	return w;
}

json_t *compare_sets_model(const struct setlist *rs, enum metric m, double alpha)
{
	json_t *model = model_head("sets", m, alpha), *sets = json_array(), *wls = json_array();
	for (size_t i = 0; i < rs->n; i++)
		json_array_append_new(sets, set_json(rs, i));
	const char **wl;
	size_t nw = setlist_workloads(rs, &wl);
	bool *skip = calloc(rs->n, sizeof(*skip));
	json_t *nc = json_array();
	for (size_t w = 0; w < nw && skip; w++) {
		struct step_ref *st;
		size_t ns = union_steps(rs, wl[w], &st);
		json_t *rows = json_array();
		for (size_t i = 1; i < rs->n; i++) {
			char why[1024];
			skip[i] = !likeness_workload_same(&rs->runs[0], &rs->runs[i], wl[w], why,
							  sizeof(why));
			if (skip[i])
				json_array_append_new(nc, json_pack("{s:s, s:s, s:s}", "workload",
								    wl[w], "set", rs->names[i],
								    "why", why));
		}
		for (size_t j = 0; j < ns; j++)
			json_array_append_new(rows, sets_row(rs, wl[w], &st[j], m, alpha, skip));
		free(st);
		json_array_append_new(wls,
				      json_pack("{s:s, s:o}", "workload", wl[w], "rows", rows));
	}
	free(wl);
	free(skip);
	json_object_set_new(model, "base", json_string(rs->names[0]));
	json_object_set_new(model, "sets", sets);
	json_object_set_new(model, "warnings", warnings_json(rs));
	json_object_set_new(
	    model, "machine",
	    likeness_model(rs->paths, (const char *const *)rs->names, rs->runs, rs->n));
	json_object_set_new(model, "not_compared", nc);
	json_object_set_new(model, "workloads", wls);
	return model;
}

/* One row within a set: the step against root and against unlimited. */
static json_t *steps_row(const struct result_set *r, const char *wl, const struct step_ref *st,
			 const struct cellv *root, const struct cellv *unl, enum metric m,
			 double alpha)
{
	struct cellv c;
	cellv_load(&c, r, wl, st->label, m);
	json_t *vr = strcmp(st->label, "root") ? cmp_cells(root, &c, alpha) : json_null();
	json_t *vu = strcmp(st->label, "unlimited") ? cmp_cells(unl, &c, alpha) : json_null();
	json_t *row = json_pack("{s:s, s:I, s:I, s:o, s:o, s:o, s:o}", "step", st->label,
				"hard_bytes", (json_int_t)st->hard, "soft_bytes",
				(json_int_t)st->soft, "stats", summary_stats_json(&c.s), "vs_root",
				vr, "vs_unlimited", vu, "memcg", perfcell_json(r, wl, st->label));
	free(c.v);
	return row;
}

static json_t *steps_workload(const struct result_set *r, const char *wl, enum metric m,
			      double alpha)
{
	struct step_ref *st = NULL;
	size_t ns = 0;
	json_t *rows = json_array();
	struct cellv root, unl;
	cellv_load(&root, r, wl, "root", m);
	cellv_load(&unl, r, wl, "unlimited", m);
	if (metric_steps_collect(r, wl, &st, &ns) == 0) {
		metric_steps_sort(st, ns);
		for (size_t j = 0; j < ns; j++)
			json_array_append_new(rows,
					      steps_row(r, wl, &st[j], &root, &unl, m, alpha));
	}
	free(st);
	free(root.v);
	free(unl.v);
	return json_pack("{s:s, s:o}", "workload", wl, "rows", rows);
}

json_t *compare_steps_model(const struct setlist *rs, size_t i, enum metric m, double alpha)
{
	json_t *model = model_head("steps", m, alpha), *wls = json_array();
	const char **wl;
	size_t nw = metric_workloads(&rs->runs[i], &wl);
	for (size_t w = 0; w < nw; w++)
		json_array_append_new(wls, steps_workload(&rs->runs[i], wl[w], m, alpha));
	free(wl);
	json_object_set_new(model, "base", json_string(rs->names[i]));
	json_object_set_new(model, "sets", json_pack("[o]", set_json(rs, i)));
	json_object_set_new(model, "warnings", json_array());
	json_object_set_new(model, "workloads", wls);
	return model;
}

/* --- rendering ----------------------------------------------------------- */

static int is_bytes(const json_t *model)
{
	return !strcmp(jstr(model, "unit", NULL), "bytes");
}

static int is_secs(const json_t *model)
{
	return !strcmp(jstr(model, "unit", NULL), "s");
}

/* "1.046 (10)": mean and n of a STATS object; "-" without values. */
static void set_mean(struct table *t, size_t row, size_t col, const json_t *st, const json_t *model)
{
	char a[32];
	double mean = jnum(st, "mean");
	if (isnan(mean)) {
		table_set(t, row, col, "- (0)");
		return;
	}
	fmt_value(a, sizeof(a), mean, is_bytes(model), is_secs(model));
	table_set(t, row, col, "%s (%lld)", a, (long long)jint(st, "n", 0));
}

/* "+5.2%*" and "±1.3%" of a CMP object into two cells; "-" for null. When the
 * base mean is 0 (counters) the change and mde are absolute, in @model's unit. */
static void set_cmp(struct table *t, size_t row, size_t col, const json_t *cmp, const json_t *model)
{
	char a[32], b[32];
	if (!json_is_object(cmp)) {
		table_set(t, row, col, "-");
		table_set(t, row, col + 1, "-");
		return;
	}
	const char *sig = json_is_true(json_object_get(cmp, "significant")) ? "*" : "";
	double pct = jnum(cmp, "change_pct"), mde = jnum(cmp, "mde_pct");
	if (isnan(pct)) {
		double d = jnum(cmp, "change_abs");
		fmt_value(a, sizeof(a), fabs(d), is_bytes(model), is_secs(model));
		table_set(t, row, col, "%s%s%s", d < 0 ? "-" : "+", a, sig);
		mde = jnum(cmp, "mde_abs");
		fmt_value(b, sizeof(b), mde, is_bytes(model), is_secs(model));
		table_set(t, row, col + 1, isnan(mde) ? "n/a" : "±%s", b);
		return;
	}
	table_set(t, row, col, "%s%s", fmt_pct(a, sizeof(a), pct), sig);
	if (isnan(mde))
		table_set(t, row, col + 1, "n/a");
	else
		table_set(t, row, col + 1, "±%.1f%%", mde);
}

static void sets_table(const json_t *model, const json_t *w, struct table *t)
{
	const json_t *sets = json_object_get(model, "sets");
	size_t ns = json_array_size(sets);
	table_init(t, 1 + 1 + 3 * (ns - 1));
	table_add_row(t);
	table_set(t, 0, 0, "step");
	for (size_t i = 0; i < ns; i++) {
		const char *name = jstr(json_array_get(sets, i), "short", NULL);
		size_t col = i ? 2 + 3 * (i - 1) : 1;
		table_set(t, 0, col, "%s%s", name, i ? "" : " (BASE)");
		if (i) {
			table_set(t, 0, col + 1, "%s", likeness_change_label(model, i));
			table_set(t, 0, col + 2, "mde");
		}
	}
	size_t r;
	json_t *row;
	json_array_foreach(json_object_get(w, "rows"), r, row)
	{
		size_t tr = (size_t)table_add_row(t);
		table_set(t, tr, 0, "%s", jstr(row, "step", NULL));
		for (size_t i = 0; i < ns; i++) {
			const json_t *c = json_array_get(json_object_get(row, "cells"), i);
			size_t col = i ? 2 + 3 * (i - 1) : 1;
			if (json_is_object(c))
				set_mean(t, tr, col, json_object_get(c, "stats"), model);
			else
				table_set(t, tr, col, "-");
			if (i)
				set_cmp(t, tr, col + 1,
					json_is_object(c) ? json_object_get(c, "vs_base") : NULL,
					model);
		}
	}
}

static void steps_table(const json_t *model, const json_t *w, struct table *t)
{
	static const char *const head[] = {"step", "mean (n)",	   "cv", "vs root",
					   "mde",  "vs unlimited", "mde"};
	table_init(t, 7);
	table_add_row(t);
	for (size_t c = 0; c < 7; c++)
		table_set(t, 0, c, "%s", head[c]);
	size_t r;
	json_t *row;
	json_array_foreach(json_object_get(w, "rows"), r, row)
	{
		size_t tr = (size_t)table_add_row(t);
		const json_t *st = json_object_get(row, "stats");
		table_set(t, tr, 0, "%s", jstr(row, "step", NULL));
		set_mean(t, tr, 1, st, model);
		double cv = jnum(st, "cv_pct");
		if (isnan(cv))
			table_set(t, tr, 2, "-");
		else
			table_set(t, tr, 2, "%.1f%%", cv);
		set_cmp(t, tr, 3, json_object_get(row, "vs_root"), model);
		set_cmp(t, tr, 5, json_object_get(row, "vs_unlimited"), model);
	}
}

/* The list of compared sets: short title, name, path, environment. */
static void print_sets(const json_t *model, enum cmp_format fmt, FILE *f)
{
	static const char *const head[] = {"set", "kernel/label", "path", "cgroup", "virt"};
	struct table t;
	table_init_head(&t, head, 5);
	t.left = 0x1f;
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(model, "sets"), i, s)
	{
		size_t r = (size_t)table_add_row(&t);
		table_set(&t, r, 0, "%s%s", jstr(s, "short", NULL), i ? "" : " (BASE)");
		table_set(&t, r, 1, "%s", jstr(s, "name", NULL));
		table_set(&t, r, 2, "%s", jstr(s, "path", NULL));
		table_set(&t, r, 3, "v%d", (int)jint(s, "cgroup_version", 0));
		table_set(&t, r, 4, "%s", jstr(s, "virt", NULL));
	}
	if (fmt == CMP_MARKDOWN)
		table_print_md(&t, f);
	else
		table_print_text(&t, f, 0);
	fputc('\n', f);
	table_free(&t);
}

/* The lines above the tables: what is shown and how to read it. */
static void print_legend(const json_t *model, enum cmp_format fmt, FILE *f)
{
	const char *metric = jstr(model, "metric", NULL);
	const char *unit = jstr(model, "unit", NULL);
	double alpha = jnum(model, "alpha");
	int steps = !strcmp(jstr(model, "mode", NULL), "steps");
	const char *nl = fmt == CMP_MARKDOWN ? "  \n" : "\n";
	size_t i;
	json_t *w;
	json_array_foreach(json_object_get(model, "warnings"), i, w)
	    fprintf(f, "%sWARNING: environments differ (%s); their timings are not comparable.%s",
		    fmt == CMP_MARKDOWN ? "**" : "", json_string_value(w),
		    fmt == CMP_MARKDOWN ? "**\n\n" : "\n");
	likeness_print(model, fmt == CMP_MARKDOWN, f);
	if (steps)
		fprintf(f, "%s: each step against root and against unlimited%s",
			jstr(model, "base", NULL), nl);
	else
		print_sets(model, fmt, f);
	fprintf(f, "metric: %s (%s); cells: mean (n) over %s%s", metric, unit,
		metric_is_timing(metric_parse(metric)) ? "ok trials" : "trials that recorded it",
		nl);
	fprintf(f,
		"change: %% difference of means (absolute when the base mean is 0); "
		"* = significant at alpha %g (Welch's t-test, and Mann-Whitney U too when both "
		"n >= %d)%s",
		alpha, STATS_MW_MIN_N, nl);
	fprintf(f,
		"mde: minimum detectable effect at alpha %g, power %.1f for these n and spreads "
		"(a smaller change is not ruled out)%s",
		alpha, jnum(model, "power"), nl);
}

/* "memcg % (perf)[, SET]: root 0.7 · unlimited 6.4" over the rows' MEMCG objects, taken
 * from the row (@set < 0) or from its cell @set; nothing when no row has one. */
static void memcg_line(const json_t *w, long set, const char *name, enum cmp_format fmt, FILE *f)
{
	size_t r, k = 0;
	json_t *row;
	json_array_foreach(json_object_get(w, "rows"), r, row)
	{
		const json_t *c =
		    set < 0 ? row : json_array_get(json_object_get(row, "cells"), (size_t)set);
		const json_t *m = json_object_get(c, "memcg");
		char a[32];
		if (!json_is_object(m))
			continue;
		if (!k++)
			fprintf(f, "%smemcg %% of kernel samples (perf)%s%s: ",
				fmt == CMP_MARKDOWN ? "\n" : "  ", name ? ", " : "",
				name ? name : "");
		fprintf(f, "%s%s %s", k > 1 ? " · " : "", jstr(row, "step", NULL),
			perfcell_pct(a, sizeof(a), jval(json_object_get(m, "memcg_share"))));
	}
	if (k)
		fputc('\n', f);
}

/* The memcg lines under a workload's table: one, or one per set that has any. */
static void memcg_lines(const json_t *model, const json_t *w, enum cmp_format fmt, FILE *f)
{
	if (!strcmp(jstr(model, "mode", NULL), "steps")) {
		memcg_line(w, -1, NULL, fmt, f);
		return;
	}
	const json_t *sets = json_object_get(model, "sets");
	for (size_t i = 0; i < json_array_size(sets); i++)
		memcg_line(w, (long)i, jstr(json_array_get(sets, i), "short", NULL), fmt, f);
}

void compare_print(const json_t *model, enum cmp_format fmt, FILE *f)
{
	int steps = !strcmp(jstr(model, "mode", NULL), "steps");
	print_legend(model, fmt, f);
	size_t i;
	json_t *w;
	json_array_foreach(json_object_get(model, "workloads"), i, w)
	{
		struct table t;
		if (steps)
			steps_table(model, w, &t);
		else
			sets_table(model, w, &t);
		const char *name = jstr(w, "workload", NULL);
		if (fmt == CMP_MARKDOWN) {
			fprintf(f, "\n**%s**\n\n", name);
			table_print_md(&t, f);
		} else {
			fprintf(f, "\n%s\n", name);
			table_print_text(&t, f, 2);
		}
		memcg_lines(model, w, fmt, f);
		table_free(&t);
	}
}
