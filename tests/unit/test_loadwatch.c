/* test_loadwatch.c - /proc/stat parsing, the busy verdict and a real before/after sample. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "util.h"
#include "loadwatch.h"
#include "wl.h"

static const char stat_text[] = "cpu  100 5 50 1000 20 3 2 7 0 0\n"
				"cpu0 50 2 25 500 10 1 1 3 0 0\n"
				"intr 12345\n";

static void test_parse(void **state)
{
	(void)state;
	unsigned long long busy, total, steal;
	assert_int_equal(loadwatch_parse_stat(stat_text, &busy, &total, &steal), 0);
	assert_int_equal(busy, 100 + 5 + 50 + 3 + 2);
	assert_int_equal(total, 100 + 5 + 50 + 1000 + 20 + 3 + 2 + 7);
	assert_int_equal(steal, 7);
	/* only the aggregate line counts: a per-cpu line alone is not it */
	assert_int_equal(loadwatch_parse_stat("cpu0 1 2 3 4\n", &busy, &total, &steal), -1);
	assert_int_equal(loadwatch_parse_stat("garbage", &busy, &total, &steal), -1);
}

static void test_busy_verdict(void **state)
{
	(void)state;
	json_t *quiet =
	    json_pack("{s:f, s:f, s:b}", "other_cores", 0.01, "steal_pct", 0.0, "busy", 0);
	json_t *busy =
	    json_pack("{s:f, s:f, s:b}", "other_cores", 0.9, "steal_pct", 0.0, "busy", 1);
	assert_false(loadwatch_was_busy(quiet));
	assert_true(loadwatch_was_busy(busy));
	assert_false(loadwatch_was_busy(NULL)); /* an older result set without env.load */
	json_decref(quiet);
	json_decref(busy);
}

/* A real sample around 0.2 s of our own spinning: we are the ones who were busy. */
static void test_real_sample(void **state)
{
	(void)state;
	struct loadwatch w;
	loadwatch_begin(&w);
	double t0 = mono_now();
	volatile unsigned long x = 0;
	while (mono_now() - t0 < 0.2)
		x++;
	json_t *l = loadwatch_end(&w);
	assert_non_null(l);
	assert_true(json_real_value(json_object_get(l, "wall_s")) >= 0.2);
	assert_true(json_real_value(json_object_get(l, "own_cores")) > 0.5);
	assert_true(json_real_value(json_object_get(l, "other_cores")) >= 0);
	assert_int_equal(json_array_size(json_object_get(l, "loadavg_before")), 3);
	json_decref(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_busy_verdict),
	    cmocka_unit_test(test_real_sample),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
