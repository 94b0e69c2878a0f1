/* test_size_ladder.c - size parsing/formatting (workloads/size.c) and ladder expansion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ladder.h"
#include "size.h"

static void size_good(void **state)
{
	(void)state;
	char err[256];
	uint64_t v;
	assert_int_equal(size_parse("16M", &v, err, sizeof(err)), 0);
	assert_int_equal(v, 16ULL << 20);
	assert_int_equal(size_parse("512k", &v, err, sizeof(err)), 0);
	assert_int_equal(v, 512ULL << 10);
	assert_int_equal(size_parse("1G", &v, err, sizeof(err)), 0);
	assert_int_equal(v, 1ULL << 30);
	assert_int_equal(size_parse("4096", &v, err, sizeof(err)), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(size_parse("1024G", &v, err, sizeof(err)), 0);
}

static void size_bad(void **state)
{
	(void)state;
	static const char *const bad[] = {"",
					  "0",
					  "-1M",
					  "+4M",
					  "4X",
					  "4MB",
					  "1.5M",
					  "M",
					  "3K",
					  "2048G",
					  "99999999999999999999",
					  " 4M",
					  "4M "};
	char err[256];
	uint64_t v = 7;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(size_parse(bad[i], &v, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "accepted"));
		assert_int_equal(v, 7);
	}
}

static void size_fmt(void **state)
{
	(void)state;
	char b[32];
	size_format(16ULL << 20, b, sizeof(b));
	assert_string_equal(b, "16M");
	size_format(512ULL << 10, b, sizeof(b));
	assert_string_equal(b, "512K");
	size_format(1536ULL << 10, b, sizeof(b));
	assert_string_equal(b, "1536K");
	size_format(1000, b, sizeof(b));
	assert_string_equal(b, "1000");
	size_format(1ULL << 40, b, sizeof(b));
	assert_string_equal(b, "1024G"); /* exact formats stay readable by size_parse */
}

/* The reading format (fmt_bytes): largest unit reached, one decimal when not whole. */
static void size_fmt_approx(void **state)
{
	(void)state;
	char b[32];
	size_format_approx(256.0 * 1024, b, sizeof(b));
	assert_string_equal(b, "256K");
	size_format_approx(1536.0 * 1024, b, sizeof(b));
	assert_string_equal(b, "1.5M");
	size_format_approx(22.1 * 1024 * 1024, b, sizeof(b));
	assert_string_equal(b, "22.1M");
	size_format_approx(1099511627776.0, b, sizeof(b));
	assert_string_equal(b, "1T");
	size_format_approx(1000, b, sizeof(b));
	assert_string_equal(b, "1000");
	size_format_approx(-2048, b, sizeof(b));
	assert_string_equal(b, "-2K");
}

/* The shared scanner: digits, one suffix when allowed, the caller's bound. */
static void size_scanner(void **state)
{
	(void)state;
	uint64_t v = 0;
	int shift = -1;
	assert_int_equal(size_scan("16m", 100, 1, &v, &shift), SIZE_SCAN_OK);
	assert_true(v == 16 && shift == 20);
	assert_int_equal(size_scan("16", 100, 0, &v, &shift), SIZE_SCAN_OK);
	assert_true(v == 16 && shift == 0);
	assert_int_equal(size_scan("16K", 100, 0, &v, &shift), SIZE_SCAN_JUNK);
	assert_int_equal(size_scan("16KB", 100, 1, &v, &shift), SIZE_SCAN_JUNK);
	assert_int_equal(size_scan("101", 100, 1, &v, &shift), SIZE_SCAN_TOO_LARGE);
	assert_int_equal(size_scan("100", 100, 1, &v, &shift), SIZE_SCAN_OK);
	assert_int_equal(size_scan("K", 100, 1, &v, &shift), SIZE_SCAN_NOT_NUMBER);
	assert_int_equal(size_scan("", 100, 1, &v, &shift), SIZE_SCAN_NOT_NUMBER);
}

static void ladder_costa(void **state)
{
	(void)state;
	struct ladder l;
	char err[256];
	assert_int_equal(ladder_parse("root, unlimited,16M/4M,8M/4M,4M/2M,2M/1M,1M/512K,512K/256K",
				      &l, err, sizeof(err)),
			 0);
	assert_int_equal(l.n, 8);
	assert_int_equal(l.steps[0].kind, STEP_ROOT);
	assert_int_equal(l.steps[1].kind, STEP_UNLIMITED);
	assert_string_equal(l.steps[3].label, "8M/4M");
	assert_int_equal(l.steps[7].hard, 512 << 10);
	assert_int_equal(l.steps[7].soft, 256 << 10);
}

static void ladder_halve(void **state)
{
	(void)state;
	struct ladder l;
	char err[256];
	assert_int_equal(ladder_parse("halve:16M/4M:512K", &l, err, sizeof(err)), 0);
	assert_int_equal(l.n, 6);
	assert_string_equal(l.steps[0].label, "16M/4M");
	assert_string_equal(l.steps[5].label, "512K/128K");
	assert_int_equal(ladder_parse("unlimited,8M", &l, err, sizeof(err)), 0);
	assert_string_equal(l.steps[1].label, "8M");
	assert_int_equal(l.steps[1].soft, 0);
}

static void ladder_auto(void **state)
{
	(void)state;
	struct ladder l;
	char err[256];
	assert_int_equal(ladder_parse("root,unlimited,auto", &l, err, sizeof(err)), 0);
	assert_true(ladder_has_auto(&l));
	assert_int_equal(ladder_expand_auto(&l, 40000000), 0);
	assert_false(ladder_has_auto(&l));
	/* Largest power of two below 40 MB is 32M, halved down to 64K. */
	assert_string_equal(l.steps[2].label, "32M/16M");
	assert_string_equal(l.steps[l.n - 1].label, "64K/32K");
	assert_int_equal(l.n, 2 + 10);
}

static void ladder_bad(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",
	    "root,,unlimited",
	    "roots",
	    "16M/32M",
	    "halve:16M/4M",
	    "halve:1M/512K:2M",
	    "root,root",
	    "16M/4M,16M/4M",
	    "halve:16M/4M:0",
	    "16Q/4M",
	    "/4M",
	    "16M/",
	    "halve:x/y:z",
	};
	struct ladder l;
	char err[256];
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(ladder_parse(bad[i], &l, err, sizeof(err)), -1);
		assert_true(strlen(err) > 10);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(size_good),    cmocka_unit_test(size_bad),
	    cmocka_unit_test(size_fmt),	    cmocka_unit_test(size_fmt_approx),
	    cmocka_unit_test(size_scanner), cmocka_unit_test(ladder_costa),
	    cmocka_unit_test(ladder_halve), cmocka_unit_test(ladder_auto),
	    cmocka_unit_test(ladder_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
