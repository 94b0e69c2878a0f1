/* micro_view.c - `show` and `compare` of micro sets (micro_view.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jfield.h"
#include "fmt.h"
#include "micro.h"
#include "micro_view.h"
#include "likeness.h"
#include "stats.h"
#include "table.h"

/* Nanoseconds: one decimal below 100, whole above. */
static const char *fmt_ns(char *buf, size_t len, double ns)
{
	if (isnan(ns))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, fabs(ns) < 100 ? "%.1f" : "%.0f", ns);
	return buf;
}

/* "+8.4 ± 0.9%" with " *" when significant; "-" when undefined. */
static const char *fmt_ovh(char *buf, size_t len, const json_t *o)
{
	double pct = jnum(o, "pct"), ci = jnum(o, "ci95_pct");
	if (isnan(pct))
		snprintf(buf, len, "-");
	else if (isnan(ci))
		snprintf(buf, len, "%+.1f%%", pct);
	else
		snprintf(buf, len, "%+.1f ± %.1f%%%s", pct, ci,
			 json_is_true(json_object_get(o, "significant")) ? " *" : "");
	return buf;
}

/* ---- show ------------------------------------------------------------------ */

/* Member @k of @o, JSON null when absent (for "s:O"). */
static json_t *get(const json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return v ? v : json_null();
}

static json_t *show_arm(const json_t *e)
{
	static const char *const keys[] = {"arm",     "n",	 "iterations",
					   "mean_ns", "ci95_ns", "median_ns",
					   "cv_pct",  "errors",	 "error"};
	json_t *o = json_object();
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		json_object_set(o, keys[i], get(e, keys[i]));
	return o;
}

static json_t *show_ops(const struct result_set *r)
{
	json_t *ops = json_array();
	const char **names, **arms;
	size_t no = micro_names_of(r->micro, "op", &names);
	size_t na = micro_names_of(r->micro, "arm", &arms);
	for (size_t o = 0; o < no; o++) {
		json_t *ja = json_array(), *jo = json_array();
		for (size_t a = 0; a < na; a++) {
			const json_t *e = micro_entry(r->micro, names[o], arms[a]);
			const json_t *h = micro_entry(r->overhead, names[o], arms[a]);
			if (e)
				json_array_append_new(ja, show_arm(e));
			if (h)
				json_array_append_new(
				    jo,
				    json_pack("{s:s, s:O, s:O, s:O, s:O, s:O}", "arm", arms[a],
					      "pct", get(h, "pct"), "ci95_pct", get(h, "ci95_pct"),
					      "se_pct", get(h, "se_pct"), "df", get(h, "df"),
					      "significant", get(h, "significant")));
			if (h) {
				json_t *last = json_array_get(jo, json_array_size(jo) - 1);
				json_object_set(last, "method", get(h, "method"));
				json_object_set(last, "mean_pct", get(h, "mean_pct"));
				json_object_set(last, "mean_ci95_pct", get(h, "mean_ci95_pct"));
			}
		}
		json_array_append_new(
		    ops, json_pack("{s:s, s:o, s:o}", "op", names[o], "arms", ja, "overhead", jo));
	}
	free(names);
	free(arms);
	return ops;
}

json_t *micro_view_show_model(const struct result_set *r, const char *path)
{
	json_t *plan = json_object_get(r->env, "micro");
	return json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:b, s:s, s:s, s:O, s:o, s:O}",
			 "path", path, "kind", "micro", "kernel", r->kernel, "cmdline", r->cmdline,
			 "cgroup_version", r->cgroup_version, "virt", r->virt, "profile",
			 r->profile, "label", r->label, "complete", r->complete, "started",
			 r->started, "finished", r->finished, "plan", plan ? plan : json_null(),
			 "ops", show_ops(r), "caches", r->caches ? r->caches : json_null());
}

void micro_view_header(const struct result_set *r, char *buf, size_t len)
{
	const json_t *p = json_object_get(r->env, "micro");
	snprintf(buf, len,
		 "kernel %s · cgroup v%d · virt %s · label %s · profile %s · %s · micro: %zu ops x "
		 "%zu arms, %.0f rounds of a ~%.1f ms block per arm",
		 r->kernel[0] ? r->kernel : "?", r->cgroup_version, r->virt[0] ? r->virt : "?",
		 r->label[0] ? r->label : "-", r->profile[0] ? r->profile : "-",
		 r->complete ? "complete" : "INCOMPLETE (interrupted or failed run)",
		 json_array_size(json_object_get(p, "ops")),
		 json_array_size(json_object_get(p, "arms")), jnum(p, "reps"),
		 1000 * jnum(p, "block_s"));
}

static void show_op(const json_t *op, FILE *f)
{
	static const char *const head[] = {"arm",	"ns/op",   "n",
					   "ops/block", "vs root", "untrimmed"};
	struct table t;
	table_init_head(&t, head, 6);
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(op, "arms"), i, a)
	{
		size_t row = (size_t)table_add_row(&t);
		char m[32], c[32], o[64];
		const json_t *h = NULL, *x;
		size_t k;
		json_array_foreach(json_object_get(op, "overhead"), k, x)
		{
			if (!strcmp(jstr(x, "arm", ""), jstr(a, "arm", "")))
				h = x;
		}
		table_set(&t, row, 0, "%s", jstr(a, "arm", ""));
		if (isnan(jnum(a, "ci95_ns")))
			table_set(&t, row, 1, "%s", fmt_ns(m, sizeof(m), jnum(a, "mean_ns")));
		else
			table_set(&t, row, 1, "%s ± %s", fmt_ns(m, sizeof(m), jnum(a, "mean_ns")),
				  fmt_ns(c, sizeof(c), jnum(a, "ci95_ns")));
		table_set(&t, row, 2, "%.0f", jnum(a, "n"));
		table_set(&t, row, 3, "%s", fmt_ns(c, sizeof(c), jnum(a, "iterations")));
		table_set(&t, row, 4, "%s", h ? fmt_ovh(o, sizeof(o), h) : "-");
		if (h && !isnan(jnum(h, "mean_pct")))
			table_set(&t, row, 5, "%+.1f ± %.1f%%", jnum(h, "mean_pct"),
				  jnum(h, "mean_ci95_pct"));
		else
			table_set(&t, row, 5, "-");
		if (jnum(a, "errors") > 0)
			table_set(&t, row, 4, "%.0f failed: %s", jnum(a, "errors"),
				  jstr(a, "error", ""));
	}
	fprintf(f, "\n%s\n", jstr(op, "op", ""));
	table_print_text(&t, f, 2);
	table_free(&t);
}

void micro_view_show_print(const json_t *model, FILE *f)
{
	size_t i;
	json_t *op;
	json_array_foreach(json_object_get(model, "ops"), i, op)
	{
		show_op(op, f);
	}
	fprintf(
	    f, "\nns/op: mean ± half-width of the 95%% CI over n blocks of ops/block ops (one per "
	       "arm in each of n rounds;\nthe arms' blocks of a round run back to back in shuffled "
	       "order). vs root: %% overhead, paired by round:\nthe 10%%-trimmed mean of the "
	       "log-ratios arm/root with its 95%% CI; * = the CI excludes 0. untrimmed: the same\n"
	       "without trimming (close to vs root when no round was hit by an outlier).\n");
}

/* ---- compare ----------------------------------------------------------------- */

static json_t *set_json(const struct setlist *rs, size_t i)
{
	const struct result_set *r = &rs->runs[i];
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:b}", "name", rs->names[i], "short",
			 setlist_short(rs, i), "path", rs->paths[i], "kernel", r->kernel, "label",
			 r->label, "virt", r->virt, "cgroup_version", r->cgroup_version, "complete",
			 r->complete);
}

/* CELL of @op/@arm in set @r, with its change against @base's cell; null when absent. */
static json_t *cell(const struct result_set *r, const json_t *base, const char *op, const char *arm,
		    double alpha)
{
	const json_t *h = micro_entry(r->overhead, op, arm);
	if (!h)
		return json_null();
	const json_t *root = micro_entry(r->micro, op, "root"), *e = micro_entry(r->micro, op, arm);
	json_t *c =
	    json_pack("{s:o, s:o, s:O, s:O, s:O, s:O, s:O}", "root_ns",
		      jnew_num(jnum(root, "mean_ns")), "arm_ns", jnew_num(jnum(e, "mean_ns")),
		      "pct", get(h, "pct"), "ci95_pct", get(h, "ci95_pct"), "se_pct",
		      get(h, "se_pct"), "df", get(h, "df"), "significant", get(h, "significant"));
	struct welch_result w;
	if (!base || !json_is_object(base)) {
		json_object_set_new(c, "vs_base", json_null());
	} else if (stats_estimate_diff(jnum(base, "pct"), jnum(base, "se_pct"), jnum(base, "df"),
				       jnum(h, "pct"), jnum(h, "se_pct"), jnum(h, "df"), &w) < 0) {
		json_object_set_new(c, "vs_base",
				    json_pack("{s:o, s:n, s:n, s:n, s:b}", "change_pp",
					      jnew_num(jnum(h, "pct") - jnum(base, "pct")), "t",
					      "df", "p", "significant", 0));
	} else {
		json_object_set_new(c, "vs_base",
				    json_pack("{s:o, s:o, s:o, s:o, s:b}", "change_pp",
					      jnew_num(jnum(h, "pct") - jnum(base, "pct")), "t",
					      jnew_num(w.t), "df", jnew_num(w.df), "p",
					      jnew_num(w.p), "significant", w.p < alpha));
	}
	return c;
}

static json_t *arm_rows(const struct setlist *rs, const char *arm, double alpha)
{
	json_t *rows = json_array();
	for (size_t s = 0; s < rs->n; s++) {
		const char **ops;
		size_t no = micro_names_of(rs->runs[s].overhead, "op", &ops);
		for (size_t o = 0; o < no; o++) {
			size_t i;
			json_t *row, *cells;
			bool seen = false;
			json_array_foreach(rows, i, row)
			{
				seen |= !strcmp(jstr(row, "op", ""), ops[o]);
			}
			if (seen)
				continue;
			cells = json_array();
			for (size_t k = 0; k < rs->n; k++)
				json_array_append_new(
				    cells, cell(&rs->runs[k], k ? json_array_get(cells, 0) : NULL,
						ops[o], arm, alpha));
			json_array_append_new(
			    rows, json_pack("{s:s, s:o}", "op", ops[o], "cells", cells));
		}
		free(ops);
	}
	return rows;
}

json_t *micro_view_compare_model(const struct setlist *rs, double alpha)
{
	json_t *sets = json_array(), *warn = json_array(), *arms = json_array();
	for (size_t i = 0; i < rs->n; i++) {
		char diff[512];
		json_array_append_new(sets, set_json(rs, i));
		if (i && setlist_env_diff(&rs->runs[0], &rs->runs[i], diff, sizeof(diff)))
			json_array_append_new(
			    warn, json_sprintf("%s vs %s: %s", rs->names[0], rs->names[i], diff));
	}
	for (size_t s = 0; s < rs->n; s++) {
		const char **names;
		size_t na = micro_names_of(rs->runs[s].overhead, "arm", &names);
		for (size_t a = 0; a < na; a++) {
			size_t i;
			json_t *x;
			bool seen = false;
			json_array_foreach(arms, i, x)
			{
				seen |= !strcmp(jstr(x, "arm", ""), names[a]);
			}
			if (!seen)
				json_array_append_new(
				    arms, json_pack("{s:s, s:o}", "arm", names[a], "rows",
						    arm_rows(rs, names[a], alpha)));
		}
		free(names);
	}
	return json_pack("{s:s, s:f, s:s, s:o, s:o, s:o, s:o}", "mode", "micro", "alpha", alpha,
			 "base", rs->names[0], "sets", sets, "warnings", warn, "machine",
			 likeness_model(rs->paths, (const char *const *)rs->names, rs->runs, rs->n),
			 "arms", arms);
}

static void compare_arm(const json_t *model, const json_t *arm, FILE *f)
{
	const json_t *sets = json_object_get(model, "sets");
	size_t nsets = json_array_size(sets);
	struct table t;
	table_init(&t, 2 * nsets + 1); /* op, root ns, the base, then a set and its change */
	table_add_row(&t);
	table_set(&t, 0, 0, "op");
	table_set(&t, 0, 1, "root ns");
	for (size_t k = 0, col = 2; k < nsets; k++) {
		table_set(&t, 0, col++, "%s", jstr(json_array_get(sets, k), "short", ""));
		if (k)
			table_set(&t, 0, col++, "%s", likeness_change_label(model, k));
	}
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(arm, "rows"), i, row)
	{
		size_t r = (size_t)table_add_row(&t), col = 2;
		const json_t *cells = json_object_get(row, "cells");
		char b[64];
		table_set(&t, r, 0, "%s", jstr(row, "op", ""));
		table_set(&t, r, 1, "%s",
			  fmt_ns(b, sizeof(b), jnum(json_array_get(cells, 0), "root_ns")));
		for (size_t k = 0; k < nsets; k++) {
			const json_t *c = json_array_get(cells, k),
				     *v = json_object_get(c, "vs_base");
			table_set(&t, r, col++, "%s",
				  json_is_object(c) ? fmt_ovh(b, sizeof(b), c) : "-");
			if (!k)
				continue;
			if (json_is_object(v) && !isnan(jnum(v, "change_pp")))
				table_set(&t, r, col, "%+.1f pp%s", jnum(v, "change_pp"),
					  json_is_true(json_object_get(v, "significant")) ? " *"
											  : "");
			col++;
		}
	}
	fprintf(f, "\n%s vs root\n", jstr(arm, "arm", ""));
	table_print_text(&t, f, 2);
	table_free(&t);
}

void micro_view_compare_print(const json_t *model, FILE *f)
{
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(model, "warnings"), i, x)
	{
		fprintf(f, "WARNING: environments differ (%s); their timings are not comparable.\n",
			json_string_value(x));
	}
	likeness_print(model, false, f);
	json_array_foreach(json_object_get(model, "sets"), i, x)
	{
		fprintf(f, "%s %s: %s%s\n", i ? "set " : "base", jstr(x, "short", ""),
			jstr(x, "path", ""),
			json_is_true(json_object_get(x, "complete")) ? "" : " (INCOMPLETE)");
	}
	fprintf(f, "cells: %% overhead of the arm over root (each set's own method, paired rounds: "
		   "trimmed mean of log-ratios), ± half-width of its 95%% CI, * = the CI excludes "
		   "0; root ns: the base's root mean\n");
	if (json_array_size(json_object_get(model, "sets")) > 1)
		fprintf(f,
			"change: percentage points against the base, * = significant at alpha "
			"%g (Welch-type test on the two overheads and their standard errors)\n",
			jnum(model, "alpha"));
	json_array_foreach(json_object_get(model, "arms"), i, x)
	{
		compare_arm(model, x, f);
	}
}
