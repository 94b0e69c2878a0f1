/* test_wl_opts.c - workload lookup, option parsing and the driver's bad-usage path. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "registry.h"

static const struct wl_opt o_count = {"files", WL_OPT_COUNT, 10, 0, 1000000, "files"};
static const struct wl_opt o_min1 = {"passes", WL_OPT_COUNT, 1, 1, 1000, "passes"};
static const struct wl_opt o_size = {"bufsize", WL_OPT_SIZE, 4096, 4096, 64LL << 30, "buf"};
static const struct wl_opt o_big = {"bytes", WL_OPT_SIZE, 0, 0, LLONG_MAX, "bytes"};
static const struct wl_opt o_bool = {"sync", WL_OPT_BOOL, 0, 0, 1, "sync"};

/* Parses @text with @o; returns the value, failing the test if parsing fails. */
static long long ok(const struct wl_opt *o, const char *text)
{
	char err[256] = "";
	long long v = -12345;
	if (wl_opt_parse(o, text, &v, err, sizeof(err)) != 0)
		fail_msg("'%s' rejected: %s", text, err);
	return v;
}

/* Asserts @text is rejected, *out untouched, and the message is one line naming
 * the option, the value and the accepted range; returns nothing. */
static void bad(const struct wl_opt *o, const char *text, const char *range)
{
	char err[256] = "";
	long long v = -12345;
	assert_int_equal(wl_opt_parse(o, text, &v, err, sizeof(err)), -1);
	assert_true(v == -12345);
	assert_non_null(strstr(err, o->name));
	if (text && *text) {
		char quoted[128];
		snprintf(quoted, sizeof(quoted), "'%s'", text);
		assert_non_null(strstr(err, quoted));
	}
	assert_non_null(strstr(err, range));
	assert_null(strchr(err, '\n'));
}

static void test_count_valid(void **state)
{
	(void)state;
	assert_true(ok(&o_count, "0") == 0);
	assert_true(ok(&o_count, "42") == 42);
	assert_true(ok(&o_count, "007") == 7);
	assert_true(ok(&o_count, "1000000") == 1000000);
	assert_true(ok(&o_min1, "1") == 1);
	assert_true(ok(&o_min1, "1000") == 1000);
}

static void test_count_invalid(void **state)
{
	(void)state;
	const char *r = "0..1000000";
	bad(&o_count, "", r);
	bad(&o_count, NULL, r);
	bad(&o_count, "-1", r);
	bad(&o_count, "+1", r);
	bad(&o_count, " 1", r);
	bad(&o_count, "1 ", r);
	bad(&o_count, "12x", r);
	bad(&o_count, "0x10", r);
	bad(&o_count, "1K", r); /* no suffixes on counts */
	bad(&o_count, "1.5", r);
	bad(&o_count, "abc", r);
	bad(&o_count, "1000001", r);
	bad(&o_count, "9223372036854775807", r);
	bad(&o_count, "9223372036854775808", r);
	bad(&o_count, "99999999999999999999999", r);
	bad(&o_min1, "0", "1..1000");
	bad(&o_min1, "1001", "1..1000");
}

static void test_size_suffixes(void **state)
{
	(void)state;
	assert_true(ok(&o_size, "4096") == 4096);
	assert_true(ok(&o_size, "4K") == 4096);
	assert_true(ok(&o_size, "4k") == 4096);
	assert_true(ok(&o_size, "3M") == 3LL << 20);
	assert_true(ok(&o_size, "3m") == 3LL << 20);
	assert_true(ok(&o_size, "2G") == 2LL << 30);
	assert_true(ok(&o_size, "64G") == 64LL << 30);
	assert_true(ok(&o_big, "0") == 0);
	assert_true(ok(&o_big, "8589934591G") == 8589934591LL << 30);
	assert_true(ok(&o_big, "9223372036854775807") == LLONG_MAX);
}

static void test_size_invalid(void **state)
{
	(void)state;
	const char *r = "4K..64G";
	bad(&o_size, "", r);
	bad(&o_size, "K", r);
	bad(&o_size, "-4K", r);
	bad(&o_size, "4KB", r);
	bad(&o_size, "4KiB", r);
	bad(&o_size, "4T", r);
	bad(&o_size, "4 K", r);
	bad(&o_size, "3K", r);	 /* below min */
	bad(&o_size, "4095", r); /* below min */
	bad(&o_size, "65G", r);	 /* above max */
	/* suffix overflow: the value fits, the scaled value does not */
	bad(&o_big, "8589934592G", "0..");
	bad(&o_big, "9007199254740992M", "0..");
	bad(&o_big, "9223372036854775807K", "0..");
	bad(&o_big, "9223372036854775808", "0..");
}

static void test_bool(void **state)
{
	(void)state;
	assert_true(ok(&o_bool, "0") == 0);
	assert_true(ok(&o_bool, "1") == 1);
	bad(&o_bool, "2", "0 or 1");
	bad(&o_bool, "true", "0 or 1");
	bad(&o_bool, "", "0 or 1");
	bad(&o_bool, "01x", "0 or 1");
}

static void test_err_truncates_safely(void **state)
{
	(void)state;
	char err[8];
	long long v = 0;
	assert_int_equal(wl_opt_parse(&o_count, "xyzxyzxyzxyz", &v, err, sizeof(err)), -1);
	assert_int_equal(strlen(err), sizeof(err) - 1);
	assert_int_equal(wl_opt_parse(&o_count, "x", &v, NULL, 0), -1);
}

static void test_find_and_index(void **state)
{
	(void)state;
	const struct workload *dw = wl_find("dentry-walk");
	const struct workload *is = wl_find("inode-storm");
	assert_non_null(dw);
	assert_non_null(is);
	assert_string_equal(dw->name, "dentry-walk");
	assert_null(wl_find("nope"));
	assert_null(wl_find(""));
	assert_null(wl_find(NULL));
	assert_true(wl_opt_index(dw, "passes") >= 0);
	assert_string_equal(dw->opts[wl_opt_index(dw, "passes")].name, "passes");
	assert_int_equal(wl_opt_index(dw, "nope"), -1);
	assert_int_equal(wl_opt_index(dw, ""), -1);
	assert_true(wl_opt_index(is, "ops") >= 0);
}

/* Every registered workload has a sane option table and hooks. */
static void test_tables_consistent(void **state)
{
	(void)state;
	int n = 0;
	for (size_t w = 0; wl_all[w]; w++, n++) {
		const struct workload *wl = wl_all[w];
		struct wl_ctx ctx = {0};
		assert_true(wl->nopts <= WL_MAX_OPTS);
		assert_non_null(wl->prepare);
		assert_non_null(wl->run);
		assert_non_null(wl->cleanup);
		assert_non_null(wl->summary);
		assert_ptr_equal(wl_find(wl->name), wl);
		wl_ctx_defaults(wl, &ctx);
		for (size_t i = 0; i < wl->nopts; i++) {
			const struct wl_opt *o = &wl->opts[i];
			char text[32], err[256];
			long long v;
			assert_true(o->min <= o->def && o->def <= o->max);
			assert_true(o->min >= 0);
			assert_true(ctx.val[i] == o->def);
			assert_int_equal(wl_opt_index(wl, o->name), (int)i);
			/* the bounds themselves parse, one past them does not */
			snprintf(text, sizeof(text), "%lld", o->max);
			assert_int_equal(wl_opt_parse(o, text, &v, err, sizeof(err)), 0);
			if (o->max < LLONG_MAX) {
				snprintf(text, sizeof(text), "%lld", o->max + 1);
				assert_int_equal(wl_opt_parse(o, text, &v, err, sizeof(err)), -1);
			}
		}
	}
	assert_true(n >= 2);
}

/* Runs wl_main with a NULL-terminated argument list. */
static int drive(const struct workload *wl, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;
	va_start(ap, wl);
	argv[argc++] = (char *)wl->name;
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	return wl_main(wl, argc, argv);
}

/* Bad usage: exit 2 and nothing created. */
static void test_main_bad_usage(void **state)
{
	(void)state;
	const struct workload *dw = wl_find("dentry-walk");
	char base[] = "/var/tmp/kmb-test-opts-XXXXXX", dir[PATH_MAX];
	struct stat st;

	assert_non_null(mkdtemp(base));
	snprintf(dir, sizeof(dir), "%s/sub/tree", base);
	assert_int_equal(drive(dw, "--dir", dir, "--files=abc", NULL), 2);
	assert_int_equal(drive(dw, "--dir", dir, "--files", NULL), 2);
	assert_int_equal(drive(dw, "--dir", dir, "--depth=99", NULL), 2);
	assert_int_equal(drive(dw, "--dir", dir, "--bufsize=1T", NULL), 2);
	assert_int_equal(drive(dw, "--dir", dir, "--nosuch=1", NULL), 2);
	assert_int_equal(drive(dw, "--dir", dir, "frobnicate", NULL), 2);
	assert_int_equal(drive(dw, "--dir", dir, "run", "run", NULL), 2);
	assert_int_equal(drive(dw, "--dir", NULL), 2);
	assert_int_equal(drive(dw, "--dir", "relative/path", NULL), 2);
	assert_int_equal(drive(dw, "--dir", "/", NULL), 2);
	assert_int_equal(drive(dw, "-x", "--dir", dir, NULL), 2);
	assert_int_equal(stat(dir, &st), -1);
	snprintf(dir, sizeof(dir), "%s/sub", base);
	assert_int_equal(stat(dir, &st), -1);
	/* an unmarked non-empty directory is refused as --dir, and left alone */
	snprintf(dir, sizeof(dir), "%s/keep", base);
	FILE *f = fopen(dir, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(drive(dw, "--dir", base, "--files=1", "--depth=0", NULL), 2);
	assert_int_equal(drive(dw, "--dir", base, "cleanup", NULL), 2);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(unlink(dir), 0);
	assert_int_equal(rmdir(base), 0);
}

/* --help exits 0 even with a bad --dir. */
static void test_main_help(void **state)
{
	(void)state;
	const struct workload *is = wl_find("inode-storm");
	FILE *saved = stdout;
	stdout = fopen("/dev/null", "w");
	assert_non_null(stdout);
	int rc = drive(is, "--help", NULL);
	fclose(stdout);
	stdout = saved;
	assert_int_equal(rc, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_count_valid),	   cmocka_unit_test(test_count_invalid),
	    cmocka_unit_test(test_size_suffixes),  cmocka_unit_test(test_size_invalid),
	    cmocka_unit_test(test_bool),	   cmocka_unit_test(test_err_truncates_safely),
	    cmocka_unit_test(test_find_and_index), cmocka_unit_test(test_tables_consistent),
	    cmocka_unit_test(test_main_bad_usage), cmocka_unit_test(test_main_help),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
