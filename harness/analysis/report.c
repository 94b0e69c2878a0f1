/* report.c - markdown report generation from loaded result sets. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jfield.h"
#include "compare.h"
#include "costa2011.h"
#include "fmt.h"
#include "metrics.h"
#include "perfcell.h"
#include "report_caches.h"
#include "report.h"
#include "report_boots.h"
#include "likeness.h"
#include "report_kloop.h"
#include "report_micro.h"
#include "stats.h"
#include "summary.h"
#include "table.h"

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

/* The 2011 table, once: configuration, its limits, real/user/sys, sys vs root. */
static void costa_section(FILE *f)
{
	static const char *const head[] = {"2011 configuration", "step",    "real (s)",
					   "user (s)",		 "sys (s)", "sys vs root"};
	struct table t;
	size_t nc;
	const struct costa_row *c = costa2011_rows(&nc);
	const struct costa_row *root = costa2011_root();
	char p[32];
	table_init_head(&t, head, 6);
	t.left = 0x3;
	for (size_t i = 0; i < nc; i++) {
		size_t row = (size_t)table_add_row(&t);
		table_set(&t, row, 0, "%s", c[i].config);
		table_set(&t, row, 1, "%s", c[i].step ? c[i].step : "-");
		table_set(&t, row, 2, "%.3f", c[i].real_s);
		table_set(&t, row, 3, "%.3f", c[i].user_s);
		table_set(&t, row, 4, "%.3f", c[i].sys_s);
		table_set(&t, row, 5, "%s",
			  fmt_pct(p, sizeof(p), 100 * (c[i].sys_s / root->sys_s - 1)));
	}
	fprintf(f, "## The 2011 experiment\n\n"
		   "Glauber Costa's kmem cgroup prototype, `find /` on a laptop, one run per "
		   "configuration, 3.1-era kernel, only the dentry cache accounted. The closest "
		   "modern equivalents: base = a kernel booted with `cgroup.memory=nokmem`, root = "
		   "the root memory cgroup, limits = hard/soft limits of a child cgroup. Absolute "
		   "times do not compare with this box's (machine, kernel and workload differ); "
		   "the relative column does.\n\n");
	table_print_md(&t, f);
	fputc('\n', f);
	table_free(&t);
}

/* One set's workload down its ladder: medians, sys vs root, failed trials. */
static void box_table(const struct result_set *r, const char *wl, FILE *f)
{
	static const char *const head[] = {"step",	  "real (s)", "user (s)", "sys (s)",
					   "sys vs root", "failed",   "memcg %"};
	static const enum metric m[] = {METRIC_REAL, METRIC_USER, METRIC_SYS};
	struct table t;
	const char **steps;
	size_t ns = metric_steps(r, wl, &steps);
	double root_sys = median_of(r, wl, "root", METRIC_SYS);
	char a[32];
	bool perf = perfcell_any(r);
	table_init_head(&t, head, perf ? 7 : 6);
	for (size_t i = 0; i < ns; i++) {
		size_t row = (size_t)table_add_row(&t);
		struct cell_counts c;
		table_set(&t, row, 0, "%s", steps[i]);
		for (size_t k = 0; k < 3; k++)
			table_set(&t, row, 1 + k, "%s",
				  fmt_value(a, sizeof(a), median_of(r, wl, steps[i], m[k]), 0, 1));
		double sys = median_of(r, wl, steps[i], METRIC_SYS);
		table_set(&t, row, 4, "%s", fmt_pct(a, sizeof(a), 100 * (sys / root_sys - 1)));
		metric_cell_count(r, wl, steps[i], &c);
		table_set(&t, row, 5, "%zu/%zu", c.total - c.ok, c.total);
		struct perf_cell pc;
		perfcell_get(r, wl, steps[i], &pc);
		if (perf)
			table_set(&t, row, 6, "%s", perfcell_pct(a, sizeof(a), pc.share));
	}
	free(steps);
	fprintf(f, "**%s**\n\n", wl);
	table_print_md(&t, f);
	fputc('\n', f);
	table_free(&t);
}

static void box_section(const struct setlist *rs, FILE *f)
{
	fprintf(f, "## Each result set down its ladder\n\n"
		   "Medians over the ok trials of each step (failed trials never enter timings); "
		   "\"sys vs root\" is the step's median sys time relative to the root cgroup's in "
		   "the same set.");
	for (size_t i = 0; i < rs->n; i++)
		if (perfcell_any(&rs->runs[i])) {
			fprintf(f,
				" \"memcg %%\" (sets made with `run --perf`) is the share of the "
				"kernel's perf samples in memcg accounting code, from untimed "
				"attribution trials.");
			break;
		}
	fprintf(f, "\n\n");
	for (size_t i = 0; i < rs->n; i++) {
		const char **wl;
		size_t nw = metric_workloads(&rs->runs[i], &wl);
		fprintf(f, "### %s (%s, cgroup v%d)\n\n", rs->names[i], rs->runs[i].virt,
			rs->runs[i].cgroup_version);
		for (size_t w = 0; w < nw; w++)
			box_table(&rs->runs[i], wl[w], f);
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
	double pct = jval(json_object_get(cmp, "change_pct"));
	double mde = jval(json_object_get(cmp, "mde_pct"));
	double pw = jval(json_object_get(cmp, "welch_p"));
	double ci = jval(json_object_get(cmp, "ci95_pct"));
	if (json_is_true(json_object_get(cmp, "significant")))
		snprintf(buf, len, "%s ± %.1f%% (95%% CI; significant, Welch p %.2g)",
			 fmt_pct(p, sizeof(p), pct), ci, pw);
	else if (isnan(mde))
		snprintf(buf, len, "%s (too few trials to test)", fmt_pct(p, sizeof(p), pct));
	else
		snprintf(buf, len,
			 "%s ± %.1f%% (95%% CI), not significant (could not detect less than "
			 "±%.1f%%)",
			 fmt_pct(p, sizeof(p), pct), ci, mde);
}

/* Lists the rows whose @key comparison is significant ("16M/4M +7.6%, ..."). */
static void list_significant(const json_t *rows, const char *key, const char *skip, FILE *f)
{
	size_t i, k = 0;
	json_t *row;
	char p[32];
	json_array_foreach(rows, i, row)
	{
		const char *step = jstr(row, "step", NULL);
		const json_t *c = json_object_get(row, key);
		if (!strcmp(step, skip) || !json_is_object(c) ||
		    !json_is_true(json_object_get(c, "significant")))
			continue;
		fprintf(f, "%s%s %s", k++ ? ", " : "", step,
			fmt_pct(p, sizeof(p), jval(json_object_get(c, "change_pct"))));
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
		char lab[64];
		if (c.ok < c.total)
			fprintf(f, "%s%s %s", k++ ? ", " : "", steps[i],
				metric_fail_label(&c, lab, sizeof(lab)));
	}
	free(steps);
	if (!k)
		fputs("none", f);
}

static void summary_workload(const struct result_set *r, const json_t *w, FILE *f)
{
	const char *wl = jstr(w, "workload", NULL);
	const json_t *rows = json_object_get(w, "rows"), *unl = NULL;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) if (!strcmp(jstr(row, "step", NULL), "unlimited")) unl =
	    json_object_get(row, "vs_root");
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

/* One cross-set line: the steps of workload @w where set @k differs from BASE. */
static void summary_set_workload(const json_t *m, const json_t *w, size_t k, const char *name,
				 FILE *f)
{
	size_t r, hits = 0;
	json_t *row;
	char p[32];
	fprintf(f, "- **%s vs %s, %s**: ", name, jstr(m, "base", NULL), jstr(w, "workload", NULL));
	json_array_foreach(json_object_get(m, "not_compared"), r, row)
	{
		if (!strcmp(jstr(row, "set", ""), name) &&
		    !strcmp(jstr(row, "workload", ""), jstr(w, "workload", ""))) {
			fprintf(f, "not compared (%s).\n", jstr(row, "why", ""));
			return;
		}
	}
	json_array_foreach(json_object_get(w, "rows"), r, row)
	{
		const json_t *c = json_array_get(json_object_get(row, "cells"), k);
		const json_t *vs = json_object_get(c, "vs_base");
		if (!json_is_true(json_object_get(vs, "significant")))
			continue;
		fprintf(f, "%s%s %s", hits++ ? ", " : "sys differs at ", jstr(row, "step", NULL),
			fmt_pct(p, sizeof(p), jval(json_object_get(vs, "change_pct"))));
	}
	fputs(hits ? ".\n" : "no step differs significantly.\n", f);
}

/* Cross-set lines: per set and workload, the steps that differ from BASE; a set whose
 * environment differs from BASE's (native vs TCG, cgroup version, command line) is named
 * once and not compared. */
static void summary_sets(const struct setlist *rs, const json_t *m, FILE *f)
{
	const json_t *sets = json_object_get(m, "sets");
	for (size_t k = 1; k < json_array_size(sets); k++) {
		const char *name = jstr(json_array_get(sets, k), "name", NULL);
		char diff[512];
		if (setlist_env_diff(&rs->runs[0], &rs->runs[k], diff, sizeof(diff))) {
			fprintf(f, "- **%s vs %s**: not compared (environments differ: %s).\n",
				name, jstr(m, "base", NULL), diff);
			continue;
		}
		const json_t *mk =
		    json_array_get(json_object_get(json_object_get(m, "machine"), "sets"), k - 1);
		if (!json_is_true(json_object_get(mk, "known")) &&
		    strcmp(rs->runs[0].kernel, rs->runs[k].kernel)) {
			fprintf(
			    f,
			    "- **%s vs %s**: not compared as a kernel change (a set does not "
			    "record its machine, and the kernels differ: a difference may be the "
			    "machine's).\n",
			    name, jstr(m, "base", NULL));
			continue;
		}
		if (likeness_differs(json_object_get(m, "machine"), k)) {
			fprintf(
			    f,
			    "- **%s vs %s**: not compared as a kernel change (machines differ: "
			    "%s).\n",
			    name, jstr(m, "base", NULL),
			    jstr(json_array_get(
				     json_object_get(json_object_get(m, "machine"), "sets"), k - 1),
				 "text", ""));
			continue;
		}
		size_t i;
		json_t *w;
		json_array_foreach(json_object_get(m, "workloads"), i, w)
		    summary_set_workload(m, w, k, name, f);
	}
}

static int summary_section(const struct setlist *rs, double alpha, const char *base_why, FILE *f)
{
	fprintf(f,
		"## Summary (generated)\n\nPer result set and workload: the accounting cost "
		"(sys time of a charged but unlimited child cgroup against the root cgroup, "
		"with the 95%% CI of the difference), what the ladder of limits does, and what "
		"failed. Sys time, alpha %g (Welch's t-test; with n >= %d per side Mann-Whitney "
		"U must agree). Native and emulated (TCG) sets are never compared with each "
		"other.\n\n",
		alpha, STATS_MW_MIN_N);
	for (size_t i = 0; i < rs->n; i++) {
		json_t *m = compare_steps_model(rs, i, METRIC_SYS, alpha);
		if (!m)
			return -1;
		fprintf(f, "%s (%s, cgroup v%d):\n\n", rs->names[i], rs->runs[i].virt,
			rs->runs[i].cgroup_version);
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
		fprintf(f, "Across result sets:%s%s\n\n", base_why ? " " : "",
			base_why ? base_why : "");
		summary_sets(rs, m, f);
		fputc('\n', f);
		json_decref(m);
	}
	return 0;
}

/* The plot images, each with what it shows. */
static void plot_section(const char *const *images, size_t nimages, FILE *f)
{
	fprintf(f, "## Plots\n\n");
	for (size_t i = 0; i < nimages; i++)
		fprintf(f, "![sys time relative to root, down the ladder](%s)\n\n", images[i]);
	fprintf(f, "One panel per workload; x: the steps of the ladder; y: mean sys time "
		   "relative to the same set's root step, with the 95%% CI of the step's mean; red "
		   "crosses: steps with failed trials (\"10/15 oom\"). Native and emulated (TCG) "
		   "sets are drawn in separate images. Rerun by hand with `plots/limit-vs-sys.gp` "
		   "on the exported data (see the script's header).\n\n");
}

int report_write(const struct setlist *rs, const struct setlist *micro, const char *const *images,
		 size_t nimages, const char *micro_image, double alpha, const char *base_why,
		 char *const *groups, size_t ngroups, FILE *f)
{
	fprintf(f, "## Appendix: generated tables\n\nGenerated by `kmembench report`. Everything "
		   "from this heading to the marker line near the end is regenerated by `make "
		   "report`; the hand-written abstract above and interpretation below are kept. "
		   "The result sets:");
	for (size_t i = 0; i < rs->n + micro->n; i++)
		fprintf(f, "%s `%s`", i ? "," : "",
			i < rs->n ? rs->paths[i] : micro->paths[i - rs->n]);
	for (size_t i = 0; i < ngroups; i++)
		fprintf(f, "%s `%s` (A/B group)", i || rs->n + micro->n ? "," : "", groups[i]);
	fprintf(f, ".\n\n");
	if (summary_section(rs, alpha, base_why, f) < 0)
		return -1;
	report_micro_summary(micro, f);
	costa_section(f);
	box_section(rs, f);
	if (nimages)
		plot_section(images, nimages, f);
	report_micro_section(micro, micro_image, f);
	report_kloop_section(micro, f);
	if (report_boots_section(groups, ngroups, alpha, f) < 0)
		return -1;
	report_caches_section(rs, micro, f);
	if (compare_section(rs, alpha, f) < 0)
		return -1;
	env_section(rs, f);
	fprintf(f, "%s\n", REPORT_MARKER);
	return 0;
}
