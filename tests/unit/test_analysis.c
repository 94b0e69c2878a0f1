/* test_analysis.c - show and compare on the committed fixture
 * result sets (tests/fixtures/, see make-fixtures.py for the planted
 * effects), called in-process with stdout/stderr captured, plus an A/A test
 * of the whole compare chain on synthetic result sets. */

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "analysis_fixture.h"

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
	    cmocka_unit_test(test_aa_result_sets),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
