/* test_metrics.c - metric extraction and statistics, cell counts, ladder order and
 * environment differences on hand-built result sets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "setlist.h"

/* Appends a trial with the given outcome and values. */
static void add(struct result_set *r, const char *wl, const char *step, uint64_t hard,
		enum trial_status st, double sys, long long failcnt)
{
	struct trial t;
	memset(&t, 0, sizeof(t));
	snprintf(t.workload, sizeof(t.workload), "%s", wl);
	snprintf(t.step, sizeof(t.step), "%s", step);
	t.hard_bytes = hard;
	t.soft_bytes = hard / 2;
	t.sys_s = sys;
	t.real_s = sys + 1;
	t.user_s = 0.1;
	t.status = st;
	t.oom_killed = st == TRIAL_OOM;
	t.failcnt = failcnt;
	t.peak_bytes = failcnt < 0 ? -1 : 1000;
	t.kmem_peak_bytes = -1;
	t.kmem_failcnt = -1;
	assert_int_equal(results_add_trial(r, &t), 0);
}

/* A run whose trials arrive interleaved and out of ladder order. */
static void make_run(struct result_set *r)
{
	results_init(r);
	add(r, "w", "4M/2M", 4 << 20, TRIAL_OK, 1.3, 10);
	add(r, "w", "unlimited", 0, TRIAL_OK, 1.1, 0);
	add(r, "w", "16M/4M", 16 << 20, TRIAL_OK, 1.2, 1);
	add(r, "w", "root", 0, TRIAL_OK, 1.0, -1);
	add(r, "w", "4M/1M", 4 << 20, TRIAL_OK, 1.3, 11);
	add(r, "w", "4M/2M", 4 << 20, TRIAL_OOM, 0.2, 30);
	add(r, "w", "4M/2M", 4 << 20, TRIAL_TIMEOUT, 9.0, 20);
	add(r, "w", "4M/2M", 4 << 20, TRIAL_OK, 1.5, -1);
	add(r, "v", "root", 0, TRIAL_OK, 2.0, -1);
}

static void test_timings_only_ok(void **state)
{
	(void)state;
	struct result_set r;
	make_run(&r);
	double *v;
	size_t n = metric_values(&r, "w", "4M/2M", METRIC_SYS, &v);
	assert_int_equal(n, 2); /* the OOM and timeout trials are left out */
	assert_float_equal(v[0], 1.3, 0);
	assert_float_equal(v[1], 1.5, 0);
	free(v);
	/* failcnt: every trial that recorded one, failed ones included */
	n = metric_values(&r, "w", "4M/2M", METRIC_FAILCNT, &v);
	assert_int_equal(n, 3);
	assert_float_equal(v[0] + v[1] + v[2], 60, 0);
	free(v);
	/* root has no counters at all */
	n = metric_values(&r, "w", "root", METRIC_FAILCNT, &v);
	assert_int_equal(n, 0);
	assert_null(v);
	n = metric_values(&r, "w", "nosuch", METRIC_SYS, &v);
	assert_int_equal(n, 0);
	results_free(&r);
}

/* metric_describe: the statistics of the same vectors, NAN for an empty cell. */
static void test_describe(void **state)
{
	(void)state;
	struct result_set r;
	struct sample_stats s;
	make_run(&r);
	assert_int_equal(metric_describe(&r, "w", "4M/2M", METRIC_SYS, &s), 0);
	assert_int_equal(s.n, 2);
	assert_float_equal(s.mean, 1.4, 1e-12);
	assert_float_equal(s.min, 1.3, 0);
	assert_float_equal(s.max, 1.5, 0);
	assert_int_equal(metric_describe(&r, "w", "4M/2M", METRIC_FAILCNT, &s), 0);
	assert_int_equal(s.n, 3);
	assert_float_equal(s.median, 20, 0);
	assert_int_equal(metric_describe(&r, "w", "root", METRIC_FAILCNT, &s), -1);
	assert_int_equal(s.n, 0);
	assert_true(isnan(s.median));
	results_free(&r);
}

static void test_cell_count(void **state)
{
	(void)state;
	struct result_set r;
	make_run(&r);
	struct cell_counts c;
	metric_cell_count(&r, "w", "4M/2M", &c);
	assert_int_equal(c.total, 4);
	assert_int_equal(c.ok, 2);
	assert_int_equal(c.oom, 1);
	assert_int_equal(c.timeout, 1);
	assert_int_equal(c.other_fail, 0);
	results_free(&r);
}

static void test_ladder_order(void **state)
{
	(void)state;
	struct result_set r;
	make_run(&r);
	const char **s;
	size_t n = metric_steps(&r, "w", &s);
	assert_int_equal(n, 5);
	assert_string_equal(s[0], "root");
	assert_string_equal(s[1], "unlimited");
	assert_string_equal(s[2], "16M/4M");
	assert_string_equal(s[3], "4M/2M"); /* same hard limit: higher soft first */
	assert_string_equal(s[4], "4M/1M");
	free(s);
	const char **w;
	n = metric_workloads(&r, &w);
	assert_int_equal(n, 2);
	assert_string_equal(w[0], "w");
	assert_string_equal(w[1], "v");
	free(w);
	results_free(&r);
}

static void test_metric_names(void **state)
{
	(void)state;
	for (int m = 0; m < METRIC_COUNT; m++)
		assert_int_equal(metric_parse(metric_name((enum metric)m)), m);
	assert_int_equal(metric_parse("wall"), -1);
	assert_true(metric_is_timing(METRIC_USER));
	assert_false(metric_is_timing(METRIC_PEAK));
	assert_string_equal(metric_unit(METRIC_PEAK), "bytes");
}

static void test_env_diff(void **state)
{
	(void)state;
	struct result_set a, b;
	char buf[256];
	results_init(&a);
	results_init(&b);
	snprintf(a.cmdline, sizeof(a.cmdline), "BOOT_IMAGE=/vmlinuz-6.18 root=/dev/sda1 ro");
	snprintf(b.cmdline, sizeof(b.cmdline), "BOOT_IMAGE=/vmlinuz-6.19 root=/dev/sda1 ro");
	assert_int_equal(setlist_env_diff(&a, &b, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	snprintf(b.cmdline, sizeof(b.cmdline), "root=/dev/sda1 ro cgroup.memory=nokmem");
	snprintf(b.virt, sizeof(b.virt), "tcg");
	b.cgroup_version = 2;
	assert_int_equal(setlist_env_diff(&a, &b, buf, sizeof(buf)), 3);
	assert_non_null(strstr(buf, "virt none vs tcg"));
	assert_non_null(strstr(buf, "cgroup v1 vs v2"));
	assert_non_null(strstr(buf, "kernel command line"));
	results_free(&a);
	results_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_timings_only_ok), cmocka_unit_test(test_describe),
	    cmocka_unit_test(test_cell_count),	    cmocka_unit_test(test_ladder_order),
	    cmocka_unit_test(test_metric_names),    cmocka_unit_test(test_env_diff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
