/* test_fio_view.c - show's fio per-op latency table on an in-memory result set: medians
 * per step over ok trials only, null where no ok trial reports, absent without fio keys. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fio_view.h"
#include "summary.h"

/* Adds a trial of @wl at @step; with fio keys when @create_mean > 0 (stat and delete
 * derived from it). */
static void add(struct result_set *r, const char *wl, const char *step, enum trial_status st,
		double create_mean)
{
	struct trial t;
	memset(&t, 0, sizeof(t));
	snprintf(t.workload, sizeof(t.workload), "%s", wl);
	snprintf(t.step, sizeof(t.step), "%s", step);
	t.hard_bytes = strcmp(step, "8M/2M") ? 0 : 8 << 20;
	t.status = st;
	t.sys_s = 0.2;
	t.failcnt = t.kmem_failcnt = t.peak_bytes = t.kmem_peak_bytes = -1;
	t.extra =
	    create_mean <= 0
		? json_object()
		: json_pack(
		      "{s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, "
		      "s:f}",
		      "fio_create_ops", 2000.0, "fio_create_iops", 50000.0, "fio_create_mean_ns",
		      create_mean, "fio_create_p50_ns", 11000.0, "fio_create_p99_ns", 20000.0,
		      "fio_stat_ops", 2000.0, "fio_stat_iops", 70000.0, "fio_stat_mean_ns",
		      create_mean / 2, "fio_stat_p50_ns", 7000.0, "fio_stat_p99_ns", 12000.0,
		      "fio_delete_ops", 2000.0, "fio_delete_iops", 60000.0, "fio_delete_mean_ns",
		      14000.0, "fio_delete_p50_ns", 12500.0, "fio_delete_p99_ns", 21000.0);
	assert_int_equal(results_add_trial(r, &t), 0);
}

/* root: 3 ok trials (create means 10, 30, 20 µs) and a failed one with keys (ignored);
 * 8M/2M: only an OOM-killed trial; another workload without fio keys. */
static void make_set(struct result_set *r)
{
	results_init(r);
	add(r, "fio-meta", "root", TRIAL_OK, 10000);
	add(r, "fio-meta", "root", TRIAL_OK, 30000);
	add(r, "fio-meta", "root", TRIAL_EXIT, 999000);
	add(r, "fio-meta", "root", TRIAL_OK, 20000);
	add(r, "fio-meta", "8M/2M", TRIAL_OOM, 0);
	add(r, "dentry-walk", "root", TRIAL_OK, 0);
}

static double num(const json_t *step, const char *op, const char *field)
{
	const json_t *v = json_object_get(json_object_get(json_object_get(step, "ops"), op), field);
	return json_is_number(v) ? json_number_value(v) : NAN;
}

static void test_model(void **state)
{
	(void)state;
	struct result_set r;
	make_set(&r);
	assert_null(fio_view_model(&r, "dentry-walk"));
	json_t *m = fio_view_model(&r, "fio-meta");
	assert_non_null(m);
	assert_int_equal(json_array_size(m), 2);
	const json_t *root = json_array_get(m, 0), *lim = json_array_get(m, 1);
	assert_string_equal(json_string_value(json_object_get(root, "step")), "root");
	assert_int_equal(json_integer_value(json_object_get(root, "trials")), 3);
	assert_true(num(root, "create", "mean_ns") == 20000);
	assert_true(num(root, "stat", "mean_ns") == 10000);
	assert_true(num(root, "delete", "p99_ns") == 21000);
	assert_true(num(root, "create", "ops") == 2000);
	assert_string_equal(json_string_value(json_object_get(lim, "step")), "8M/2M");
	assert_int_equal(json_integer_value(json_object_get(lim, "trials")), 0);
	assert_true(json_is_null(
	    json_object_get(json_object_get(json_object_get(lim, "ops"), "create"), "mean_ns")));
	json_decref(m);
	results_free(&r);
}

/* Fails, printing @text, unless it contains @needle. */
static void has(const char *text, const char *needle)
{
	if (!strstr(text, needle))
		fail_msg("no '%s' in:\n%s", needle, text);
}

/* show's text: the fio table under fio-meta's block only, latencies in µs. */
static void test_show_text(void **state)
{
	(void)state;
	struct result_set r;
	char *buf = NULL;
	size_t len = 0;
	make_set(&r);
	json_t *m = summary_model(&r, "/x");
	FILE *f = open_memstream(&buf, &len);
	summary_print_text(m, f);
	fclose(f);
	const char *fio = strstr(buf, "fio per-op latency");
	assert_non_null(fio);
	has(fio, "mean (µs)");
	has(fio, "root   create  2000       20.0      11.0      20.0  50000       3");
	has(fio, "stat    2000       10.0       7.0      12.0  70000");
	has(fio, "8M/2M  create     -          -         -         -      -       0");
	assert_null(strstr(fio + 1, "fio per-op latency")); /* not for dentry-walk */
	assert_true(strstr(buf, "dentry-walk") > fio);
	const json_t *ws = json_object_get(m, "workloads");
	assert_non_null(json_object_get(json_array_get(ws, 0), "fio"));
	assert_null(json_object_get(json_array_get(ws, 1), "fio"));
	free(buf);
	json_decref(m);
	results_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_model),
	    cmocka_unit_test(test_show_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
