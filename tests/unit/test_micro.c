/* test_micro.c - micro sets: Google Benchmark JSON -> micro[]/overhead[], run.json round trip,
 * views.
 *
 * The Google Benchmark output below is hand-made in the shape 1.7.1 writes for
 * the shim (one iteration run per round with the counters "ns:ARM", aggregates,
 * an errored round, a round without one arm's counter, an unknown benchmark).
 * Expected overhead of pipe at 16M/4M, paired: per-round ratios {1.08, 1.12,
 * 1.10, 1.10}, n = 4 so the 10% trim cuts nothing; m = mean of their logs,
 * s = sd / 2, t(0.975, 3) = 3.182446: pct = 100 (e^m - 1) = 9.990908, CI
 * [7.422782, ...], half-width 2.598824, se_pct = 100 e^m s = 0.816536
 * (worked out with Python's math and statistics modules).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "jfield.h"
#include "fmt.h"
#include "micro.h"
#include "micro_view.h"
#include "report_micro.h"
#include "setlist.h"
#include "results.h"

/* One round of @name with root at @root ns and the other arms at their ratios. */
static void add_round(json_t *a, const char *name, double root, double r16, double r164)
{
	json_t *run = json_pack("{s:s, s:s, s:s, s:i, s:f, s:f, s:s, s:f, s:f}", "name", name,
				"run_name", name, "run_type", "iteration", "iterations", 1000,
				"real_time", root, "cpu_time", 5.0, "time_unit", "ns", "ns:root",
				root, "ns:16M/4M", root * r164);
	if (r16 > 0)
		json_object_set_new(run, "ns:16M", json_real(root * r16));
	json_array_append_new(a, run);
}

/* Google Benchmark's output: 4 rounds of pipe, a fifth without 16M's counter,
 * an unknown benchmark, an aggregate and an errored msg round. */
static json_t *gbench(void)
{
	static const double root[] = {100, 102, 98, 100}, lim[] = {1.08, 1.12, 1.10, 1.10};
	json_t *a = json_array();
	for (int i = 0; i < 4; i++)
		add_round(a, "pipe/manual_time", root[i], 1.2, lim[i]);
	add_round(a, "pipe/manual_time", 50, 0, 1.5);
	add_round(a, "other/manual_time", 5, 1, 1);
	json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:f, s:s, s:f}", "name",
					   "pipe/manual_time_mean", "run_name", "pipe/manual_time",
					   "run_type", "aggregate", "real_time", 1e9, "time_unit",
					   "ns", "ns:root", 1e9));
	json_array_append_new(a, json_pack("{s:s, s:s, s:i, s:b, s:s, s:f, s:s}", "name",
					   "msg/manual_time", "run_type", "iteration", "iterations",
					   1, "error_occurred", 1, "error_message", "boom",
					   "real_time", 0.0, "time_unit", "ns"));
	return json_pack("{s:{s:i}, s:o}", "context", "num_cpus", 2, "benchmarks", a);
}

static const char *const ops[] = {"pipe", "msg"};
static const char *const arms[] = {"root", "16M", "16M/4M"};

static json_t *load_micro(void)
{
	char err[256];
	json_t *gb = gbench();
	assert_non_null(gb);
	json_t *m = micro_from_gbench(gb, ops, 2, arms, 3, err, sizeof(err));
	json_decref(gb);
	assert_non_null(m);
	return m;
}

static double num(const json_t *o, const char *k)
{
	return jval(json_object_get(o, k));
}

static void gbench_to_micro(void **state)
{
	(void)state;
	json_t *m = load_micro();
	assert_int_equal(json_array_size(m), 6); /* every op x arm, also those without blocks */
	json_t *root = micro_entry(m, "pipe", "root"), *lim = micro_entry(m, "pipe", "16M/4M");
	json_t *h16 = micro_entry(m, "pipe", "16M"), *msg = micro_entry(m, "msg", "root");
	assert_float_equal(num(root, "n"), 4, 0); /* the round without 16M left out of all */
	assert_float_equal(num(root, "mean_ns"), 100, 1e-9);
	/* t(0.975, 3) = 3.182446 times sd sqrt(8/3) over sqrt(4) */
	assert_float_equal(num(root, "ci95_ns"), 3.182446 * sqrt(8.0 / 3) / 2, 1e-5);
	assert_float_equal(num(root, "iterations"), 1000, 0);
	assert_int_equal(json_array_size(json_object_get(root, "ns_per_op")), 4);
	assert_float_equal(num(lim, "mean_ns"), (108 + 114.24 + 107.8 + 110) / 4, 1e-9);
	assert_float_equal(num(lim, "n"), 4, 0);
	assert_float_equal(num(h16, "n"), 4, 0);
	assert_float_equal(num(h16, "mean_ns"), 120, 1e-9);
	assert_float_equal(num(msg, "n"), 0, 0);
	assert_float_equal(num(msg, "errors"), 1, 0);
	assert_float_equal(num(micro_entry(m, "msg", "16M/4M"), "errors"), 1, 0);
	assert_string_equal(json_string_value(json_object_get(msg, "error")), "boom");
	assert_true(json_is_null(json_object_get(msg, "mean_ns")));
	assert_null(micro_entry(m, "other", "root"));

	json_t *o = micro_overhead(m);
	assert_int_equal(json_array_size(o), 4); /* pipe and msg x 16M, 16M/4M */
	json_t *p = micro_entry(o, "pipe", "16M/4M");
	assert_string_equal(json_string_value(json_object_get(p, "method")),
			    "paired-trimmed-log-ratio");
	assert_float_equal(num(p, "pct"), 9.990908, 1e-5);
	assert_float_equal(num(p, "ci95_pct"), 2.598824, 1e-5);
	assert_float_equal(num(p, "ci95_lo_pct"), 7.422782, 1e-5);
	assert_float_equal(num(p, "se_pct"), 0.816536, 1e-5);
	assert_float_equal(num(p, "df"), 3, 0);
	assert_true(json_is_true(json_object_get(p, "significant")));
	assert_float_equal(num(p, "n_root"), 4, 0);
	assert_float_equal(num(p, "mean_pct"), 9.990908, 1e-5); /* n 4, trim 10%: nothing cut */
	json_t *p16 = micro_entry(o, "pipe", "16M");
	assert_float_equal(num(p16, "pct"), 20, 1e-9); /* the same ratio every round */
	assert_float_equal(num(p16, "ci95_pct"), 0, 1e-9);
	assert_true(json_is_null(json_object_get(micro_entry(o, "msg", "16M"), "pct")));
	json_decref(o);
	json_decref(m);

	char err[256] = "";
	json_t *bad = json_loads("{\"context\": {}}", 0, NULL);
	assert_null(micro_from_gbench(bad, ops, 2, arms, 3, err, sizeof(err)));
	assert_non_null(strstr(err, "benchmarks"));
	json_decref(bad);
}

/* A micro set with micro[] and overhead[] from the hand-made output. */
static void make_set(struct result_set *r, const char *label)
{
	results_init(r);
	snprintf(r->kernel, sizeof(r->kernel), "6.18.0");
	snprintf(r->label, sizeof(r->label), "%s", label);
	r->complete = true;
	r->env = json_pack("{s:{s:[s,s], s:[s,s,s], s:i, s:f}}", "micro", "ops", "pipe", "msg",
			   "arms", "root", "16M", "16M/4M", "reps", 4, "block_s", 0.0056);
	r->micro = load_micro();
	r->overhead = micro_overhead(r->micro);
}

static void micro_keys_round_trip(void **state)
{
	(void)state;
	struct result_set a, b, c;
	char err[256], dir[] = "/tmp/kmb-micro-XXXXXX";
	make_set(&a, "x");
	json_t *j = results_to_json(&a);
	assert_true(json_is_array(json_object_get(j, "micro")));
	assert_true(json_is_array(json_object_get(j, "trials")));
	assert_int_equal(results_from_json(&b, j, err, sizeof(err)), 0);
	assert_true(results_is_micro(&b));
	assert_true(json_equal(a.micro, b.micro));
	assert_true(json_equal(a.overhead, b.overhead));
	json_decref(j);
	/* through run.json on disk as well */
	assert_non_null(mkdtemp(dir));
	assert_int_equal(results_write(&a, dir), 0);
	assert_int_equal(results_read(&c, dir, err, sizeof(err)), 0);
	assert_true(json_equal(a.micro, c.micro));
	assert_true(json_equal(a.overhead, c.overhead));
	results_free(&c);
	char path[64];
	snprintf(path, sizeof(path), "%s/run.json", dir);
	unlink(path);
	rmdir(dir);
	results_free(&a);
	results_free(&b);

	/* A set of trials: no micro keys written, none read. */
	results_init(&a);
	j = results_to_json(&a);
	assert_null(json_object_get(j, "micro"));
	assert_null(json_object_get(j, "overhead"));
	assert_int_equal(results_from_json(&b, j, err, sizeof(err)), 0);
	assert_false(results_is_micro(&b));
	assert_null(b.overhead);
	json_decref(j);
	results_free(&b);
	/* micro must be an array */
	j = json_pack("{s:i, s:[], s:i}", "schema", 1, "trials", "micro", 3);
	assert_int_equal(results_from_json(&b, j, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "micro"));
	json_decref(j);
}

/* Captures what @fn prints for @model. */
static char *printed(void (*fn)(const json_t *, FILE *), const json_t *model)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	fn(model, f);
	fclose(f);
	return buf;
}

static void show_model_and_table(void **state)
{
	(void)state;
	struct result_set r;
	make_set(&r, "x");
	json_t *m = micro_view_show_model(&r, "DIR");
	assert_string_equal(json_string_value(json_object_get(m, "kind")), "micro");
	json_t *pipe = json_array_get(json_object_get(m, "ops"), 0);
	assert_string_equal(json_string_value(json_object_get(pipe, "op")), "pipe");
	assert_int_equal(json_array_size(json_object_get(pipe, "arms")), 3);
	assert_int_equal(json_array_size(json_object_get(pipe, "overhead")), 2);
	char *text = printed(micro_view_show_print, m);
	assert_non_null(strstr(text, "pipe\n"));
	assert_non_null(strstr(text, "+10.0 ± 2.6% *"));
	assert_non_null(strstr(text, "1 failed: boom"));
	free(text);
	char head[512];
	micro_view_header(&r, head, sizeof(head));
	assert_non_null(strstr(head, "micro: 2 ops x 3 arms, 4 rounds of a ~5.6 ms block per arm"));
	json_decref(m);
	results_free(&r);
}

/* compare of two sets: the second's pipe/16M/4M overhead is ~20% instead of ~10%. */
static void compare_two_sets(void **state)
{
	(void)state;
	char d0[] = "/tmp/kmb-micro-XXXXXX", d1[] = "/tmp/kmb-micro-XXXXXX", f[64];
	struct result_set a, b;
	make_set(&a, "base");
	make_set(&b, "new");
	json_t *lim = micro_entry(b.micro, "pipe", "16M/4M"), *v;
	size_t i;
	json_array_foreach(json_object_get(lim, "ns_per_op"), i, v)
	{
		json_real_set(v, json_real_value(v) / 1.1 * 1.2);
	}
	json_decref(b.overhead);
	b.overhead = micro_overhead(b.micro);
	assert_non_null(mkdtemp(d0));
	assert_non_null(mkdtemp(d1));
	assert_int_equal(results_write(&a, d0), 0);
	assert_int_equal(results_write(&b, d1), 0);
	results_free(&a);
	results_free(&b);
	char *paths[] = {d0, d1};
	struct setlist rs;
	assert_int_equal(setlist_load(&rs, paths, 2, "compare"), 0);
	assert_int_equal(setlist_count_micro(&rs), 2);
	json_t *m = micro_view_compare_model(&rs, 0.05);
	json_t *arm = json_array_get(json_object_get(m, "arms"), 1);
	assert_string_equal(json_string_value(json_object_get(arm, "arm")), "16M/4M");
	json_t *row = json_array_get(json_object_get(arm, "rows"), 0);
	json_t *cell = json_array_get(json_object_get(row, "cells"), 1);
	json_t *vs = json_object_get(cell, "vs_base");
	assert_float_equal(num(cell, "pct"), (1.0999090796 / 1.1 * 1.2 - 1) * 100, 1e-5);
	assert_float_equal(num(vs, "change_pp"), 1.0999090796 / 1.1 * 1.2 * 100 - 109.99090796,
			   1e-5);
	assert_true(num(vs, "p") < 0.05);
	assert_true(json_is_true(json_object_get(vs, "significant")));
	assert_true(json_is_null(
	    json_object_get(json_array_get(json_object_get(row, "cells"), 0), "vs_base")));
	char *text = printed(micro_view_compare_print, m);
	assert_non_null(strstr(text, "16M/4M vs root"));
	assert_non_null(strstr(text, "+10.0 pp *"));
	free(text);
	json_decref(m);
	/* plot and report take the micro sets apart from the sets of trials */
	struct setlist micro;
	assert_int_equal(setlist_split_micro(&rs, &micro), 0);
	assert_int_equal(rs.n, 0);
	assert_int_equal(micro.n, 2);
	assert_string_equal(micro.paths[1], d1);
	text = NULL;
	size_t len = 0;
	FILE *mf = open_memstream(&text, &len);
	assert_non_null(mf);
	report_micro_section(&micro, "plots/x-micro.png", mf);
	report_micro_summary(&micro, mf);
	fclose(mf);
	assert_non_null(strstr(text, "## Per-operation cost (kmembench micro)"));
	assert_non_null(strstr(text, "| pipe | 100 | +10.0 ± 2.6% * | 100 | +20.0 ± 2.8% * |"));
	assert_non_null(strstr(text, "![per-operation overhead against root](plots/x-micro.png)"));
	assert_non_null(strstr(text, "16M/4M vs root: 1 of 1 ops significant"));
	free(text);
	setlist_free(&micro);
	setlist_free(&rs);
	for (int k = 0; k < 2; k++) {
		snprintf(f, sizeof(f), "%s/run.json", paths[k]);
		unlink(f);
		rmdir(paths[k]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(gbench_to_micro),
	    cmocka_unit_test(micro_keys_round_trip),
	    cmocka_unit_test(show_model_and_table),
	    cmocka_unit_test(compare_two_sets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
