/* test_micro.c - micro sets: Google Benchmark JSON -> micro[]/overhead[], run.json round trip,
 * views.
 *
 * The Google Benchmark output below is hand-made in the shape 1.7.1 writes
 * (iteration runs, aggregates, an errored run, a time unit other than ns).
 * Expected overhead of pipe at 16M/4M: {110,112,108,110} over {100,102,98,100}
 * = +10%, half-width 2.97660% (worked out in test_stats.c, test_ratio_hand).
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

#include "analysis/fmt.h"
#include "analysis/micro.h"
#include "analysis/micro_view.h"
#include "analysis/setlist.h"
#include "results.h"

static void add_run(json_t *a, const char *name, const char *unit, double t, int iters)
{
	json_array_append_new(a,
			      json_pack("{s:s, s:s, s:s, s:i, s:f, s:f, s:s}", "name", name,
					"run_name", name, "run_type", "iteration", "iterations",
					iters, "real_time", t, "cpu_time", t, "time_unit", unit));
}

/* Google Benchmark's output: 4 blocks of pipe at root and 16M/4M (in us), 2 at
 * 16M, an unknown benchmark, an aggregate and an errored msg block. */
static json_t *gbench(void)
{
	static const double root[] = {100, 102, 98, 100}, lim[] = {0.110, 0.112, 0.108, 0.110};
	json_t *a = json_array();
	for (int i = 0; i < 4; i++) {
		add_run(a, "pipe/root/real_time", "ns", root[i], 1000);
		add_run(a, "pipe/16M/4M/real_time", "us", lim[i], 900);
	}
	add_run(a, "pipe/16M/real_time", "ns", 120, 800);
	add_run(a, "pipe/16M/real_time", "ns", 121, 800);
	add_run(a, "other/root/real_time", "ns", 5, 1);
	json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:f, s:s}", "name",
					   "pipe/root/real_time_mean", "run_name",
					   "pipe/root/real_time", "run_type", "aggregate",
					   "real_time", 1e9, "time_unit", "ns"));
	json_array_append_new(a, json_pack("{s:s, s:s, s:i, s:b, s:s, s:f, s:s}", "name",
					   "msg/root/real_time", "run_type", "iteration",
					   "iterations", 1, "error_occurred", 1, "error_message",
					   "boom", "real_time", 0.0, "time_unit", "ns"));
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
	return fmt_json_value(json_object_get(o, k));
}

static void gbench_to_micro(void **state)
{
	(void)state;
	json_t *m = load_micro();
	assert_int_equal(json_array_size(m), 6); /* every op x arm, also those without blocks */
	json_t *root = micro_entry(m, "pipe", "root"), *lim = micro_entry(m, "pipe", "16M/4M");
	json_t *h16 = micro_entry(m, "pipe", "16M"), *msg = micro_entry(m, "msg", "root");
	assert_float_equal(num(root, "n"), 4, 0);
	assert_float_equal(num(root, "mean_ns"), 100, 1e-9);
	/* t(0.975, 3) = 3.182446 times sd sqrt(8/3) over sqrt(4) */
	assert_float_equal(num(root, "ci95_ns"), 3.182446 * sqrt(8.0 / 3) / 2, 1e-5);
	assert_float_equal(num(root, "iterations"), 1000, 0);
	assert_int_equal(json_array_size(json_object_get(root, "ns_per_op")), 4);
	assert_float_equal(num(lim, "mean_ns"), 110, 1e-9); /* us converted */
	assert_float_equal(num(lim, "n"), 4, 0);	    /* 16M did not take 16M/4M's blocks */
	assert_float_equal(num(h16, "n"), 2, 0);
	assert_float_equal(num(msg, "n"), 0, 0);
	assert_float_equal(num(msg, "errors"), 1, 0);
	assert_string_equal(json_string_value(json_object_get(msg, "error")), "boom");
	assert_true(json_is_null(json_object_get(msg, "mean_ns")));
	assert_null(micro_entry(m, "other", "root"));

	json_t *o = micro_overhead(m);
	assert_int_equal(json_array_size(o), 4); /* pipe and msg x 16M, 16M/4M */
	json_t *p = micro_entry(o, "pipe", "16M/4M");
	assert_float_equal(num(p, "pct"), 10, 1e-9);
	assert_float_equal(num(p, "ci95_pct"), 2.97660, 1e-3);
	assert_float_equal(num(p, "ci95_lo_pct"), 10 - 2.97660, 1e-3);
	assert_true(json_is_true(json_object_get(p, "significant")));
	assert_float_equal(num(p, "n_root"), 4, 0);
	assert_true(isfinite(num(p, "trim_pct"))); /* n 4, trim 10%: nothing cut */
	assert_float_equal(num(p, "trim_pct"), 10, 1e-9);
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
	assert_non_null(strstr(text, "+10.0 ± 3.0% *"));
	assert_non_null(strstr(text, "1 failed: boom"));
	free(text);
	char head[512];
	micro_view_header(&r, head, sizeof(head));
	assert_non_null(strstr(head, "micro: 2 ops x 3 arms, 4 blocks of ~5.6 ms"));
	json_decref(m);
	results_free(&r);
}

/* compare of two sets: the second's pipe/16M/4M overhead is 20% instead of 10%. */
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
		json_real_set(v, json_real_value(v) / 110 * 120);
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
	assert_float_equal(num(cell, "pct"), 20, 1e-9);
	assert_float_equal(num(vs, "change_pp"), 10, 1e-9);
	assert_true(num(vs, "p") < 0.05);
	assert_true(json_is_true(json_object_get(vs, "significant")));
	assert_true(json_is_null(
	    json_object_get(json_array_get(json_object_get(row, "cells"), 0), "vs_base")));
	char *text = printed(micro_view_compare_print, m);
	assert_non_null(strstr(text, "16M/4M vs root"));
	assert_non_null(strstr(text, "+10.0 pp *"));
	free(text);
	json_decref(m);
	/* plot and report skip micro sets; with nothing left they refuse */
	assert_int_equal(setlist_drop_micro(&rs, "plot"), -1);
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
