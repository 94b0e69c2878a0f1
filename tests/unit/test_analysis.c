/* test_analysis.c - show, compare, plot and report on the committed fixture
 * result sets (tests/fixtures/, see make-fixtures.py for the planted
 * effects), called in-process with stdout/stderr captured, plus an A/A test
 * of the whole compare chain on synthetic result sets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"
#include "analysis/compare.h"
#include "analysis/report.h"

static char src[PATH_MAX]; /* the source tree: holds tests/fixtures and plots */
static char tmp[PATH_MAX]; /* a scratch directory of this test */

/* Finds the source tree: $KMEMBENCH_SRC, upwards from the executable, the cwd. */
static int find_src(void)
{
	char p[PATH_MAX], probe[PATH_MAX + 32];
	const char *env = getenv("KMEMBENCH_SRC");
	if (env && *env) {
		snprintf(src, sizeof(src), "%s", env);
		snprintf(probe, sizeof(probe), "%s/tests/fixtures/base/run.json", src);
		return access(probe, R_OK);
	}
	ssize_t n = readlink("/proc/self/exe", p, sizeof(p) - 1);
	if (n < 0 || !getcwd(src, sizeof(src)))
		return -1;
	p[n] = '\0';
	for (char *s = strrchr(p, '/'); s; s = strrchr(p, '/')) {
		*s = '\0';
		snprintf(probe, sizeof(probe), "%s/tests/fixtures/base/run.json", p);
		if (access(probe, R_OK) == 0) {
			snprintf(src, sizeof(src), "%s", p);
			return 0;
		}
	}
	snprintf(probe, sizeof(probe), "%s/tests/fixtures/base/run.json", src);
	return access(probe, R_OK);
}

static int setup(void **state)
{
	(void)state;
	if (find_src() < 0) {
		print_error("cannot find tests/fixtures (run from the source tree or set "
			    "KMEMBENCH_SRC)\n");
		return -1;
	}
	char plots[PATH_MAX + 8];
	snprintf(plots, sizeof(plots), "%s/plots", src);
	setenv("KMEMBENCH_PLOTS", plots, 1);
	snprintf(tmp, sizeof(tmp), "/tmp/kmb-test-analysis-XXXXXX");
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

static char fx_buf[8][PATH_MAX + 64];
/* Path of fixture @name (rotating static buffers). */
static const char *fx(const char *name)
{
	static int i;
	char *b = fx_buf[i++ % 8];
	snprintf(b, PATH_MAX + 64, "%s/tests/fixtures/%s", src, name);
	return b;
}

struct out {
	int rc;
	char *out, *err;
};

/* Reads a whole file into a malloc'ed string. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t len = 0;
	if (!f)
		return strdup("");
	if (getdelim(&text, &len, '\0', f) < 0) {
		free(text);
		text = strdup("");
	}
	fclose(f);
	return text;
}

/* Runs a subcommand in-process with stdout and stderr sent to files. */
static struct out run(int (*fn)(int, char **), int argc, const char **argv)
{
	char po[PATH_MAX + 8], pe[PATH_MAX + 8];
	snprintf(po, sizeof(po), "%s/stdout", tmp);
	snprintf(pe, sizeof(pe), "%s/stderr", tmp);
	fflush(stdout);
	fflush(stderr);
	int so = dup(1), se = dup(2);
	assert_non_null(freopen(po, "w", stdout));
	assert_non_null(freopen(pe, "w", stderr));
	struct out o;
	o.rc = fn(argc, (char **)argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	o.out = slurp(po);
	o.err = slurp(pe);
	return o;
}

static void out_free(struct out *o)
{
	free(o->out);
	free(o->err);
}

/* The text line of @text that starts with @prefix (after spaces), or NULL. */
static char *line_of(const char *text, const char *prefix, char *buf, size_t len)
{
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *s = l + strspn(l, " ");
		if (!strncmp(s, prefix, strlen(prefix))) {
			snprintf(buf, len, "%.*s", (int)strcspn(s, "\n"), s);
			return buf;
		}
	}
	return NULL;
}

static void test_show_table(void **state)
{
	(void)state;
	const char *argv[] = {"show", fx("base")};
	struct out o = run(cmd_show, 2, argv);
	char l[512];
	assert_int_equal(o.rc, 0);
	assert_non_null(strstr(o.out, "kernel 6.18.0-fixture · cgroup v1 · virt none"));
	assert_non_null(strstr(o.out, "complete"));
	assert_non_null(line_of(o.out, "1M/512K", l, sizeof(l)));
	assert_non_null(strstr(l, "2/10 oom")); /* dentry-walk, the first workload */
	assert_non_null(line_of(o.out, "root", l, sizeof(l)));
	assert_non_null(strstr(l, "±"));
	/* rows in ladder order */
	const char *r = strstr(o.out, "\n  root"), *u = strstr(o.out, "\n  unlimited");
	const char *s16 = strstr(o.out, "\n  16M/4M"), *s1 = strstr(o.out, "\n  1M/512K");
	assert_true(r && u && s16 && s1 && r < u && u < s16 && s16 < s1);
	out_free(&o);
}

static void test_show_json(void **state)
{
	(void)state;
	const char *argv[] = {"show", fx("base"), "--json"};
	struct out o = run(cmd_show, 3, argv);
	assert_int_equal(o.rc, 0);
	json_error_t e;
	json_t *j = json_loads(o.out, 0, &e);
	assert_non_null(j);
	json_t *steps =
	    json_object_get(json_array_get(json_object_get(j, "workloads"), 0), "steps");
	assert_int_equal(json_array_size(steps), 5);
	json_t *last = json_array_get(steps, 4);
	assert_string_equal(json_string_value(json_object_get(last, "step")), "1M/512K");
	assert_int_equal(json_integer_value(json_object_get(last, "oom")), 2);
	json_t *sys = json_object_get(json_object_get(last, "metrics"), "sys");
	assert_int_equal(json_integer_value(json_object_get(sys, "n")), 8);
	const char *keys[] = {"median", "mean", "stddev",  "cv_pct",
			      "min",	"max",	"ci95_lo", "ci95_hi"};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		assert_true(json_is_number(json_object_get(sys, keys[i])));
	json_decref(j);
	out_free(&o);
}

/* The CMP object of (workload 0, @step) under @key in a steps-mode model. */
static json_t *steps_cmp(json_t *m, const char *step, const char *key)
{
	size_t i;
	json_t *row;
	json_t *rows = json_object_get(json_array_get(json_object_get(m, "workloads"), 0), "rows");
	json_array_foreach(rows, i,
			   row) if (!strcmp(json_string_value(json_object_get(row, "step")),
					    step)) return json_object_get(row, key);
	return NULL;
}

static void test_compare_within(void **state)
{
	(void)state;
	const char *argv[] = {"compare", fx("base")};
	struct out o = run(cmd_compare, 2, argv);
	char l[512];
	assert_int_equal(o.rc, 0);
	/* planted: unlimited +5% over root with 1% noise -> marked */
	assert_non_null(line_of(o.out, "unlimited", l, sizeof(l)));
	assert_non_null(strstr(l, "%*"));
	assert_non_null(strstr(o.out, "mde"));
	assert_null(strstr(o.out, "WARNING"));
	out_free(&o);
	const char *argj[] = {"compare", fx("base"), "--json"};
	o = run(cmd_compare, 3, argj);
	json_t *m = json_loads(o.out, 0, NULL);
	assert_non_null(m);
	assert_true(
	    json_is_true(json_object_get(steps_cmp(m, "unlimited", "vs_root"), "significant")));
	assert_true(json_is_true(json_object_get(steps_cmp(m, "unlimited", "vs_root"), "mw_used")));
	assert_true(json_is_null(steps_cmp(m, "root", "vs_root")));
	json_decref(m);
	out_free(&o);
}

/* The vs_base CMP of set @k at (workload @w, @step) in a sets-mode model. */
static json_t *sets_cmp(json_t *m, size_t w, const char *step, size_t k)
{
	size_t i;
	json_t *row;
	json_t *rows = json_object_get(json_array_get(json_object_get(m, "workloads"), w), "rows");
	json_array_foreach(
	    rows, i,
	    row) if (!strcmp(json_string_value(json_object_get(row, "step")),
			     step)) return json_object_get(json_array_get(json_object_get(row,
											  "cells"),
									  k),
							   "vs_base");
	return NULL;
}

static void test_compare_sets(void **state)
{
	(void)state;
	const char *argv[] = {"compare", fx("base"), fx("patched")};
	struct out o = run(cmd_compare, 3, argv);
	char l[512];
	assert_int_equal(o.rc, 0);
	assert_null(strstr(o.out, "WARNING")); /* only BOOT_IMAGE differs */
	assert_non_null(line_of(o.out, "16M/4M", l, sizeof(l)));
	assert_non_null(strstr(l, "%*")); /* planted +10% */
	assert_non_null(line_of(o.out, "unlimited", l, sizeof(l)));
	assert_null(strstr(l, "*")); /* unchanged */
	out_free(&o);
	const char *argj[] = {"compare", fx("base"), fx("patched"), "--json", "--alpha", "0.01"};
	o = run(cmd_compare, 6, argj);
	json_t *m = json_loads(o.out, 0, NULL);
	assert_non_null(m);
	assert_true(json_is_true(json_object_get(sets_cmp(m, 0, "16M/4M", 1), "significant")));
	assert_false(json_is_true(json_object_get(sets_cmp(m, 0, "4M/2M", 1), "significant")));
	assert_false(json_is_true(json_object_get(sets_cmp(m, 1, "16M/4M", 1), "significant")));
	double pct = json_number_value(json_object_get(sets_cmp(m, 0, "16M/4M", 1), "change_pct"));
	assert_in_range((long)pct, 8, 12);
	json_decref(m);
	out_free(&o);
}

static void test_compare_env_warning(void **state)
{
	(void)state;
	const char *argv[] = {"compare", fx("base"), fx("tcg"), "--metric", "real"};
	struct out o = run(cmd_compare, 5, argv);
	assert_int_equal(o.rc, 0);
	const char *w = strstr(o.out, "WARNING");
	assert_non_null(w);
	assert_true(w < strstr(o.out, "dentry-walk")); /* in the header, above the tables */
	assert_non_null(strstr(o.out, "virt none vs tcg"));
	assert_non_null(strstr(o.out, "cgroup v1 vs v2"));
	assert_non_null(strstr(o.out, "metric: real"));
	out_free(&o);
}

/* Runs a bad invocation: exit 2, one line on stderr naming @needle, no stdout. */
static void expect_bad(int (*fn)(int, char **), int argc, const char **argv, const char *needle)
{
	struct out o = run(fn, argc, argv);
	assert_int_equal(o.rc, 2);
	assert_string_equal(o.out, "");
	assert_non_null(strstr(o.err, needle));
	assert_non_null(strchr(o.err, '\n'));
	assert_ptr_equal(strchr(o.err, '\n') + 1, o.err + strlen(o.err));
	out_free(&o);
}

static void test_bad_input(void **state)
{
	(void)state;
	char bad[PATH_MAX + 16], missing[PATH_MAX + 16];
	snprintf(bad, sizeof(bad), "%s/bad", tmp);
	snprintf(missing, sizeof(missing), "%s/missing", tmp);
	mkdir(bad, 0755);
	char badjson[PATH_MAX + 32];
	snprintf(badjson, sizeof(badjson), "%s/run.json", bad);
	FILE *f = fopen(badjson, "w");
	fputs("{\"schema\": 1, \"trials\": [", f);
	fclose(f);
	const char *a1[] = {"compare", fx("base"), "--metric", "wall"};
	expect_bad(cmd_compare, 4, a1, "wall");
	const char *a2[] = {"compare", fx("base"), "--alpha", "1"};
	expect_bad(cmd_compare, 4, a2, "'1'");
	const char *a3[] = {"compare", fx("base"), "--alpha", "0"};
	expect_bad(cmd_compare, 4, a3, "'0'");
	const char *a4[] = {"compare", fx("base"), missing};
	expect_bad(cmd_compare, 3, a4, missing);
	const char *a5[] = {"compare", bad};
	expect_bad(cmd_compare, 2, a5, "malformed");
	const char *a6[] = {"show"};
	expect_bad(cmd_show, 1, a6, "DIR");
	const char *a7[] = {"compare"};
	expect_bad(cmd_compare, 1, a7, "missing");
	char gif[PATH_MAX + 16];
	snprintf(gif, sizeof(gif), "%s/x.gif", tmp);
	const char *a8[] = {"plot", "-o", gif, fx("base")};
	expect_bad(cmd_plot, 4, a8, "x.gif");
	assert_int_not_equal(access(gif, F_OK), 0);
	const char *a9[] = {"report", "--alpha", "2", fx("base")};
	expect_bad(cmd_report, 4, a9, "'2'");
}

/* Checks @path is a PNG of a sane size: signature, IHDR dimensions, bytes. */
static void assert_png(const char *path)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	unsigned char h[24];
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(h, 1, 24, f), 24);
	fclose(f);
	assert_memory_equal(h, sig, 8);
	assert_memory_equal(h + 12, "IHDR", 4);
	unsigned w = (unsigned)h[16] << 24 | h[17] << 16 | h[18] << 8 | h[19];
	unsigned ht = (unsigned)h[20] << 24 | h[21] << 16 | h[22] << 8 | h[23];
	assert_in_range(w, 400, 6000);
	assert_in_range(ht, 300, 6000);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_in_range(st.st_size, 10 * 1024, 10 * 1024 * 1024);
}

static void test_plot_png_svg(void **state)
{
	(void)state;
	char png[PATH_MAX + 16], svg[PATH_MAX + 16], dat[PATH_MAX + 32];
	snprintf(png, sizeof(png), "%s/p.png", tmp);
	snprintf(svg, sizeof(svg), "%s/p.svg", tmp);
	const char *argv[] = {"plot", "-o", png, fx("base"), fx("patched")};
	struct out o = run(cmd_plot, 5, argv);
	assert_int_equal(o.rc, 0);
	assert_png(png);
	snprintf(dat, sizeof(dat), "%s/p.data/meta.gp", tmp);
	char *meta = slurp(dat);
	assert_non_null(strstr(meta, "nsets = 2"));
	assert_non_null(strstr(meta, "set_2 = '6.18.0-fixture+/patched (none)'"));
	/* the steps are x categories in ladder order */
	assert_non_null(strstr(meta, "xtics_1 = '(\"root\" 0, \"unlimited\" 1, \"16M/4M\" 2"));
	free(meta);
	snprintf(dat, sizeof(dat), "%s/p.data/1-1.dat", tmp);
	char *d = slurp(dat);
	/* root is 1 by definition (set 1 of 2 sits at x - 0.12); unlimited is +4.6% */
	assert_non_null(strstr(d, "\n-0.120 1 "));
	assert_non_null(strstr(d, "\n0.880 1.0464 "));
	free(d);
	/* steps with failed trials are labelled with how many failed and how */
	snprintf(dat, sizeof(dat), "%s/p.data/1-1.fail", tmp);
	d = slurp(dat);
	assert_non_null(strstr(d, "\n3.880 \"2/10 oom\""));
	free(d);
	out_free(&o);
	argv[2] = svg;
	o = run(cmd_plot, 5, argv);
	assert_int_equal(o.rc, 0);
	char *s = slurp(svg);
	assert_non_null(strstr(s, "<svg"));
	free(s);
	out_free(&o);
}

/* Native and TCG sets never share an axis unless --mixed. */
static void test_plot_split(void **state)
{
	(void)state;
	char png[PATH_MAX + 16], tcg[PATH_MAX + 16];
	snprintf(png, sizeof(png), "%s/s.png", tmp);
	snprintf(tcg, sizeof(tcg), "%s/s-tcg.png", tmp);
	const char *argv[] = {"plot", "-o", png, fx("base"), fx("tcg")};
	struct out o = run(cmd_plot, 5, argv);
	assert_int_equal(o.rc, 0);
	out_free(&o);
	assert_png(png);
	assert_png(tcg);
	char meta[PATH_MAX + 32];
	snprintf(meta, sizeof(meta), "%s/s-tcg.data/meta.gp", tmp);
	char *m = slurp(meta);
	assert_non_null(strstr(m, "nsets = 1"));
	assert_non_null(strstr(m, "(tcg)'"));
	free(m);
	unlink(tcg);
	const char *mixed[] = {"plot", "--mixed", "-o", png, fx("base"), fx("tcg")};
	o = run(cmd_plot, 6, mixed);
	assert_int_equal(o.rc, 0);
	out_free(&o);
	assert_int_not_equal(access(tcg, F_OK), 0);
	snprintf(meta, sizeof(meta), "%s/s.data/meta.gp", tmp);
	m = slurp(meta);
	assert_non_null(strstr(m, "nsets = 2"));
	free(m);
}

static void test_report(void **state)
{
	(void)state;
	char md[PATH_MAX + 16], png[PATH_MAX + 32];
	snprintf(md, sizeof(md), "%s/R.md", tmp);
	snprintf(png, sizeof(png), "%s/plots/limit-vs-sys.png", tmp);
	const char *argv[] = {"report", "-o", md, fx("base"), fx("patched"), fx("tcg")};
	struct out o = run(cmd_report, 6, argv);
	assert_int_equal(o.rc, 0);
	out_free(&o);
	char *r = slurp(md);
	const char *want[] = {"Generated by `kmembench report`",
			      "## Result sets",
			      "WARNING",
			      "## The 2011 experiment",
			      "6.417",
			      "512K/256K",
			      "## Comparisons",
			      "## Plot",
			      "](plots/limit-vs-sys.png)",
			      "](plots/limit-vs-sys-tcg.png)",
			      "± ",
			      "## Summary",
			      "16M/4M +10.2%",
			      REPORT_MARKER,
			      "## Interpretation"};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		if (!strstr(r, want[i]))
			fail_msg("report lacks '%s'", want[i]);
	}
	/* top-down: summary first, the 2011 table once, environments last */
	assert_true(strstr(r, "## Summary") < strstr(r, "## The 2011 experiment"));
	assert_true(strstr(r, "## The 2011 experiment") < strstr(r, "## Comparisons"));
	assert_true(strstr(r, "## Comparisons") < strstr(r, "## Result sets"));
	assert_null(strstr(strstr(r, "## The 2011 experiment") + 5, "## The 2011"));
	assert_png(png);
	/* the hand-written part survives regeneration */
	char *m = strstr(r, REPORT_MARKER "\n");
	FILE *f = fopen(md, "w");
	fprintf(f, "%.*sHand-written words.\n", (int)(m - r + strlen(REPORT_MARKER) + 1), r);
	fclose(f);
	free(r);
	const char *again[] = {"report", "-o", md, fx("base")};
	o = run(cmd_report, 4, again);
	assert_int_equal(o.rc, 0);
	out_free(&o);
	r = slurp(md);
	assert_non_null(strstr(r, REPORT_MARKER "\nHand-written words.\n"));
	assert_null(strstr(r, "## Interpretation"));
	assert_null(strstr(r, "fixture+/patched")); /* regenerated from base alone */
	free(r);
	/* an existing file without the marker is left alone */
	f = fopen(md, "w");
	fputs("precious\n", f);
	fclose(f);
	expect_bad(cmd_report, 4, again, "marker");
	r = slurp(md);
	assert_string_equal(r, "precious\n");
	free(r);
}

/* Builds a one-cell run with @n sys times drawn from N(10, 1). */
static void synth_run(struct result_set *r, gsl_rng *rng, size_t n)
{
	results_init(r);
	snprintf(r->kernel, sizeof(r->kernel), "synthetic");
	for (size_t i = 0; i < n; i++) {
		struct trial t;
		memset(&t, 0, sizeof(t));
		snprintf(t.workload, sizeof(t.workload), "w");
		snprintf(t.step, sizeof(t.step), "unlimited");
		t.sys_s = 10 + gsl_ran_gaussian(rng, 1.0);
		t.status = TRIAL_OK;
		t.failcnt = t.peak_bytes = t.kmem_peak_bytes = t.kmem_failcnt = -1;
		results_add_trial(r, &t);
	}
}

/* A/A through the compare model: two result sets from one distribution are
 * marked significant in about alpha of the draws. */
static void test_aa_result_sets(void **state)
{
	(void)state;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 42);
	int draws = 1000, sig = 0;
	for (int d = 0; d < draws; d++) {
		struct result_set runs[2];
		char *names[2] = {"a", "b"};
		const char *paths[2] = {"a", "b"};
		synth_run(&runs[0], rng, 10);
		synth_run(&runs[1], rng, 10);
		struct setlist rs = {2, runs, paths, names};
		json_t *m = compare_sets_model(&rs, METRIC_SYS, 0.05);
		sig += json_is_true(json_object_get(sets_cmp(m, 0, "unlimited", 1), "significant"));
		json_decref(m);
		results_free(&runs[0]);
		results_free(&runs[1]);
	}
	gsl_rng_free(rng);
	print_message("A/A over result sets: %d of %d significant\n", sig, draws);
	assert_in_range(sig, 20, 90);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_show_table),		cmocka_unit_test(test_show_json),
	    cmocka_unit_test(test_compare_within),	cmocka_unit_test(test_compare_sets),
	    cmocka_unit_test(test_compare_env_warning), cmocka_unit_test(test_bad_input),
	    cmocka_unit_test(test_plot_png_svg),	cmocka_unit_test(test_plot_split),
	    cmocka_unit_test(test_report),
	    cmocka_unit_test(test_aa_result_sets),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
