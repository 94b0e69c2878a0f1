/* report.c - markdown report generation from loaded result sets. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/compare.h"
#include "analysis/costa2011.h"
#include "analysis/fmt.h"
#include "analysis/metrics.h"
#include "analysis/report.h"
#include "analysis/stats.h"
#include "analysis/summary.h"
#include "analysis/table.h"

static void env_section(const struct setlist *rs, FILE *f)
{
	static const char *const head[] = {"set",    "kernel",	 "cgroup",  "virt",   "profile",
					   "trials", "complete", "started", "cmdline"};
	struct table t;
	table_init_head(&t, head, 9);
	t.left = 0x1ff;
	for (size_t i = 0; i < rs->n; i++) {
		const struct result_set *r = &rs->runs[i];
		size_t row = (size_t)table_add_row(&t);
		table_set(&t, row, 0, "%s (`%s`)", rs->names[i], rs->paths[i]);
		table_set(&t, row, 1, "%s", r->kernel);
		table_set(&t, row, 2, "v%d", r->cgroup_version);
		table_set(&t, row, 3, "%s", r->virt);
		table_set(&t, row, 4, "%s", r->profile[0] ? r->profile : "-");
		table_set(&t, row, 5, "%zu", r->ntrials);
		table_set(&t, row, 6, "%s", r->complete ? "yes" : "**no (interrupted)**");
		table_set(&t, row, 7, "%s", r->started[0] ? r->started : "-");
		table_set(&t, row, 8, "`%s`", r->cmdline);
	}
	fprintf(f, "## Result sets\n\n");
	table_print_md(&t, f);
	table_free(&t);
	for (size_t i = 1; i < rs->n; i++) {
		char diff[512];
		if (setlist_env_diff(&rs->runs[0], &rs->runs[i], diff, sizeof(diff)))
			fprintf(f,
				"\n**WARNING: %s and %s differ in environment (%s): their timings "
				"are not comparable.**\n",
				rs->names[0], rs->names[i], diff);
	}
	fputc('\n', f);
}

/* Median of @m in a cell (NAN when empty). */
static double median_of(const struct result_set *r, const char *wl, const char *step, enum metric m)
{
	struct sample_stats s;
	metric_describe(r, wl, step, m, &s);
	return s.median;
}

/* Steps of the 2011 table and of @wl in @r, in ladder order. */
static size_t costa_steps(const struct result_set *r, const char *wl, struct step_ref **out)
{
	size_t n = 0, nc;
	const struct costa_row *c = costa2011_rows(&nc);
	*out = NULL;
	if (metric_steps_collect(r, wl, out, &n) < 0)
		return 0;
	for (size_t i = 0; i < nc; i++) {
		if (!c[i].step || metric_find_trial(r, wl, c[i].step))
			continue;
		struct step_ref *g = realloc(*out, (n + 1) * sizeof(*g));
		if (!g)
			return n;
		*out = g;
		g[n++] = (struct step_ref){c[i].step, c[i].hard, c[i].soft};
	}
	metric_steps_sort(*out, n);
	return n;
}

/* Sets 2011 cells (columns 1-4) of a row from @c, "-" when NULL. */
static void costa_cells(struct table *t, size_t row, const struct costa_row *c)
{
	const struct costa_row *root = costa2011_root();
	if (!c) {
		for (size_t k = 1; k <= 4; k++)
			table_set(t, row, k, "-");
		return;
	}
	char p[32];
	table_set(t, row, 1, "%.3f", c->real_s);
	table_set(t, row, 2, "%.3f", c->user_s);
	table_set(t, row, 3, "%.3f", c->sys_s);
	table_set(t, row, 4, "%s", fmt_pct(p, sizeof(p), 100 * (c->sys_s / root->sys_s - 1)));
}

/* Sets this box's cells (columns 5-9) of a row for @step of @wl. */
static void box_cells(struct table *t, size_t row, const struct result_set *r, const char *wl,
		      const char *step, double root_sys)
{
	char a[32];
	if (!metric_find_trial(r, wl, step)) {
		for (size_t k = 5; k <= 9; k++)
			table_set(t, row, k, "-");
		return;
	}
	static const enum metric m[] = {METRIC_REAL, METRIC_USER, METRIC_SYS};
	for (size_t k = 0; k < 3; k++)
		table_set(t, row, 5 + k, "%s",
			  fmt_value(a, sizeof(a), median_of(r, wl, step, m[k]), 0, 1));
	double sys = median_of(r, wl, step, METRIC_SYS);
	table_set(t, row, 8, "%s", fmt_pct(a, sizeof(a), 100 * (sys / root_sys - 1)));
	struct cell_counts c;
	metric_cell_count(r, wl, step, &c);
	table_set(t, row, 9, "%zu/%zu", c.total - c.ok, c.total);
}

static void costa_table(const struct result_set *r, const char *wl, FILE *f)
{
	static const char *const head[] = {
	    "step", "2011 real", "2011 user", "2011 sys",    "2011 sys vs root",
	    "real", "user",	 "sys",	      "sys vs root", "failed"};
	struct table t;
	table_init_head(&t, head, 10);
	size_t nc;
	const struct costa_row *rows = costa2011_rows(&nc);
	size_t row = (size_t)table_add_row(&t);
	table_set(&t, row, 0, "2011 base (unpatched kernel)");
	costa_cells(&t, row, &rows[0]);
	box_cells(&t, row, r, wl, "", NAN);
	double root_sys = median_of(r, wl, "root", METRIC_SYS);
	struct step_ref *st;
	size_t ns = costa_steps(r, wl, &st);
	for (size_t i = 0; i < ns; i++) {
		row = (size_t)table_add_row(&t);
		table_set(&t, row, 0, "%s", st[i].label);
		costa_cells(&t, row, costa2011_find(st[i].label));
		box_cells(&t, row, r, wl, st[i].label, root_sys);
	}
	free(st);
	fprintf(f, "**%s** on %s\n\n", wl, r->kernel);
	table_print_md(&t, f);
	fputc('\n', f);
	table_free(&t);
}

static void costa_section(const struct setlist *rs, FILE *f)
{
	fprintf(f, "## The 2011 table beside this box's\n\n"
		   "2011: Glauber Costa's kmem cgroup prototype, `find /` on a laptop, one run per "
		   "configuration, 3.1-era kernel, only the dentry cache accounted. Here: medians "
		   "over the ok trials of each step (failed trials excluded from timings); "
		   "\"sys vs root\" is the step's median sys time relative to the root cgroup's. "
		   "Absolute times are not comparable across the two (different machine, kernel "
		   "and workload); the relative columns are.\n\n");
	for (size_t i = 0; i < rs->n; i++) {
		const char **wl;
		size_t nw = metric_workloads(&rs->runs[i], &wl);
		fprintf(f, "### %s\n\n", rs->names[i]);
		for (size_t w = 0; w < nw; w++)
			costa_table(&rs->runs[i], wl[w], f);
		free(wl);
	}
}

static int compare_section(const struct setlist *rs, double alpha, FILE *f)
{
	fprintf(f, "## Comparisons (sys time)\n\n");
	for (size_t i = 0; i < rs->n; i++) {
		json_t *m = compare_steps_model(rs, i, METRIC_SYS, alpha);
		if (!m)
			return -1;
		fprintf(f, "### Within %s: each step against root and unlimited\n\n", rs->names[i]);
		compare_print(m, CMP_MARKDOWN, f);
		fputc('\n', f);
		json_decref(m);
	}
	if (rs->n < 2)
		return 0;
	json_t *m = compare_sets_model(rs, METRIC_SYS, alpha);
	if (!m)
		return -1;
	fprintf(f, "### Across result sets, against %s\n\n", rs->names[0]);
	compare_print(m, CMP_MARKDOWN, f);
	fputc('\n', f);
	json_decref(m);
	return 0;
}

/* "+4.6% (p 0.001)" or "+0.4%, not significant (mde ±1.5%)" for a CMP object. */
static void describe_cmp(const json_t *cmp, char *buf, size_t len)
{
	char p[32];
	double pct = fmt_json_value(json_object_get(cmp, "change_pct"));
	double mde = fmt_json_value(json_object_get(cmp, "mde_pct"));
	double pw = fmt_json_value(json_object_get(cmp, "welch_p"));
	if (json_is_true(json_object_get(cmp, "significant")))
		snprintf(buf, len, "%s (significant, Welch p %.2g)", fmt_pct(p, sizeof(p), pct),
			 pw);
	else if (isnan(mde))
		snprintf(buf, len, "%s (too few trials to test)", fmt_pct(p, sizeof(p), pct));
	else
		snprintf(buf, len, "%s, not significant (could not detect less than ±%.1f%%)",
			 fmt_pct(p, sizeof(p), pct), mde);
}

/* Lists the rows whose @key comparison is significant ("16M/4M +7.6%, ..."). */
static void list_significant(const json_t *rows, const char *key, const char *skip, FILE *f)
{
	size_t i, k = 0;
	json_t *row;
	char p[32];
	json_array_foreach(rows, i, row)
	{
		const char *step = json_string_value(json_object_get(row, "step"));
		const json_t *c = json_object_get(row, key);
		if (!strcmp(step, skip) || !json_is_object(c) ||
		    !json_is_true(json_object_get(c, "significant")))
			continue;
		fprintf(f, "%s%s %s", k++ ? ", " : "", step,
			fmt_pct(p, sizeof(p), fmt_json_value(json_object_get(c, "change_pct"))));
	}
	if (!k)
		fputs("none", f);
}

/* Lists the steps of @wl in @r with failed trials. */
static void list_failures(const struct result_set *r, const char *wl, FILE *f)
{
	const char **steps;
	size_t ns = metric_steps(r, wl, &steps), k = 0;
	for (size_t i = 0; i < ns; i++) {
		struct cell_counts c;
		metric_cell_count(r, wl, steps[i], &c);
		if (c.ok < c.total)
			fprintf(f, "%s%s %zu/%zu (%zu oom)", k++ ? ", " : "", steps[i],
				c.total - c.ok, c.total, c.oom);
	}
	free(steps);
	if (!k)
		fputs("none", f);
}

static void summary_workload(const struct result_set *r, const json_t *w, FILE *f)
{
	const char *wl = json_string_value(json_object_get(w, "workload"));
	const json_t *rows = json_object_get(w, "rows"), *unl = NULL;
	size_t i;
	json_t *row;
	json_array_foreach(
	    rows, i, row) if (!strcmp(json_string_value(json_object_get(row, "step")), "unlimited"))
	    unl = json_object_get(row, "vs_root");
	char buf[256];
	fprintf(f, "- **%s**: accounting (unlimited vs root): ", wl);
	if (json_is_object(unl)) {
		describe_cmp(unl, buf, sizeof(buf));
		fprintf(f, "sys %s", buf);
	} else {
		fputs("not measured (needs both root and unlimited)", f);
	}
	fputs(".\n  Limited steps significantly different from root: ", f);
	list_significant(rows, "vs_root", "unlimited", f);
	fputs("; from unlimited: ", f);
	list_significant(rows, "vs_unlimited", "root", f);
	fputs(".\n  Steps with failed trials: ", f);
	list_failures(r, wl, f);
	fputs(".\n", f);
}

/* Cross-set lines: per set and workload, the steps that differ from BASE. */
static void summary_sets(const struct setlist *rs, const json_t *m, FILE *f)
{
	const json_t *sets = json_object_get(m, "sets");
	char p[32];
	for (size_t k = 1; k < json_array_size(sets); k++) {
		const char *name =
		    json_string_value(json_object_get(json_array_get(sets, k), "name"));
		size_t i, r;
		json_t *w, *row;
		json_array_foreach(json_object_get(m, "workloads"), i, w)
		{
			size_t hits = 0;
			char diff[512];
			fprintf(f, "- **%s vs %s, %s**: ", name,
				json_string_value(json_object_get(m, "base")),
				json_string_value(json_object_get(w, "workload")));
			if (setlist_env_diff(&rs->runs[0], &rs->runs[k], diff, sizeof(diff)))
				fprintf(f, "(environments differ: %s; not comparable) ", diff);
			json_array_foreach(json_object_get(w, "rows"), r, row)
			{
				const json_t *c = json_array_get(json_object_get(row, "cells"), k);
				const json_t *vs = json_object_get(c, "vs_base");
				if (!json_is_true(json_object_get(vs, "significant")))
					continue;
				fprintf(f, "%s%s %s", hits++ ? ", " : "sys differs at ",
					json_string_value(json_object_get(row, "step")),
					fmt_pct(p, sizeof(p),
						fmt_json_value(json_object_get(vs, "change_pct"))));
			}
			fputs(hits ? ".\n" : "no step differs significantly.\n", f);
		}
	}
}

static int summary_section(const struct setlist *rs, double alpha, FILE *f)
{
	fprintf(f,
		"## Summary (generated)\n\nSys time, alpha %g (Welch's t-test; with n >= %d "
		"per side Mann-Whitney U must agree).\n\n",
		alpha, STATS_MW_MIN_N);
	for (size_t i = 0; i < rs->n; i++) {
		json_t *m = compare_steps_model(rs, i, METRIC_SYS, alpha);
		if (!m)
			return -1;
		fprintf(f, "%s:\n\n", rs->names[i]);
		size_t k;
		json_t *w;
		json_array_foreach(json_object_get(m, "workloads"), k, w)
		    summary_workload(&rs->runs[i], w, f);
		fputc('\n', f);
		json_decref(m);
	}
	if (rs->n > 1) {
		json_t *m = compare_sets_model(rs, METRIC_SYS, alpha);
		if (!m)
			return -1;
		fprintf(f, "Across result sets:\n\n");
		summary_sets(rs, m, f);
		fputc('\n', f);
		json_decref(m);
	}
	return 0;
}

int report_write(const struct setlist *rs, const char *image, double alpha, FILE *f)
{
	fprintf(f, "# kmembench report\n\nGenerated by `kmembench report` from the result sets");
	for (size_t i = 0; i < rs->n; i++)
		fprintf(f, "%s `%s`", i ? "," : "", rs->paths[i]);
	fprintf(f, ". Everything above the marker line near the end is regenerated by "
		   "`make report`; the hand-written interpretation below it is kept.\n\n");
	env_section(rs, f);
	costa_section(rs, f);
	if (compare_section(rs, alpha, f) < 0)
		return -1;
	fprintf(f,
		"## Plot\n\n![hard limit vs sys time](%s)\n\nx: hard limit (log2); y: median "
		"sys time with the 95%% CI of the mean; dashed: root and unlimited of each set; "
		"lower row: failcnt per step. Rerun by hand with `plots/limit-vs-sys.gp` on the "
		"exported data (see the script's header).\n\n",
		image);
	if (summary_section(rs, alpha, f) < 0)
		return -1;
	fprintf(f, "%s\n", REPORT_MARKER);
	return 0;
}
