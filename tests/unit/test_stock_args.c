/* test_stock_args.c - `kmembench stock` arguments: task counts, arms, bounds, defaults, [stock]. */
#include <getopt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "stock_args.h"

static char err[1024];

#define assert_refused(call, needle)                                                               \
	do {                                                                                       \
		err[0] = '\0';                                                                     \
		assert_int_equal((call), -1);                                                      \
		if (!strstr(err, (needle)))                                                        \
			fail_msg("message '%s' does not name '%s'", err, (needle));                \
	} while (0)

static int parse(struct stock_conf *c, int argc, char **argv)
{
	optind = 0;
	return stock_args_parse(argc, argv, c, err, sizeof(err));
}

static void defaults(void **state)
{
	(void)state;
	struct stock_conf c;
	char *argv[] = {"stock", NULL};
	assert_int_equal(parse(&c, 1, argv), 0);
	assert_int_equal(c.nms, 5);
	int want[] = {1, 2, 4, 8, 16};
	for (int i = 0; i < 5; i++)
		assert_int_equal(c.ms[i], want[i]);
	assert_true(c.arm[STOCK_ROOT] && c.arm[STOCK_SAME] && c.arm[STOCK_SEP]);
	assert_int_equal(c.rounds, STOCK_DEFAULT_ROUNDS);
	assert_int_equal(c.ops, STOCK_DEFAULT_OPS);
	assert_int_equal(c.cpu, -1);
	assert_false(c.outdir_given);
}

static void ms_list(void **state)
{
	(void)state;
	struct stock_conf c;
	memset(&c, 0, sizeof(c));
	assert_int_equal(stock_parse_ms("3,1,64", &c, err, sizeof(err)), 0);
	assert_int_equal(c.nms, 3);
	assert_int_equal(c.ms[0], 3);
	assert_int_equal(c.ms[2], 64);
	assert_refused(stock_parse_ms("0", &c, err, sizeof(err)), "'0'");
	assert_refused(stock_parse_ms("65", &c, err, sizeof(err)), "1..64");
	assert_refused(stock_parse_ms("2,x", &c, err, sizeof(err)), "'x'");
	assert_refused(stock_parse_ms("2,,4", &c, err, sizeof(err)), "bad --m");
	assert_refused(stock_parse_ms("", &c, err, sizeof(err)), "bad --m");
	assert_refused(stock_parse_ms("4,4", &c, err, sizeof(err)), "twice");
	assert_refused(
	    stock_parse_ms("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17", &c, err, sizeof(err)),
	    "up to 16");
	assert_int_equal(c.nms, 3); /* a refused list changes nothing */
}

static void arms(void **state)
{
	(void)state;
	struct stock_conf c;
	memset(&c, 0, sizeof(c));
	assert_int_equal(stock_parse_arms("sep,root", &c, err, sizeof(err)), 0);
	assert_true(c.arm[STOCK_ROOT] && c.arm[STOCK_SEP] && !c.arm[STOCK_SAME]);
	assert_refused(stock_parse_arms("same,sep", &c, err, sizeof(err)), "lacks root");
	assert_refused(stock_parse_arms("root,root", &c, err, sizeof(err)), "once each");
	assert_refused(stock_parse_arms("root,other", &c, err, sizeof(err)), "'other'");
	assert_string_equal(stock_arm_name(STOCK_SAME), "same");
}

static void bounds(void **state)
{
	(void)state;
	struct stock_conf c;
	char *r1[] = {"stock", "--rounds", "1", NULL};
	assert_refused(parse(&c, 3, r1), "2..100000");
	char *o1[] = {"stock", "--ops=15", NULL};
	assert_refused(parse(&c, 2, o1), "16..10000000");
	char *x[] = {"stock", "extra", NULL};
	assert_refused(parse(&c, 2, x), "'extra'");
	char *u[] = {"stock", "--time", "5", NULL};
	assert_refused(parse(&c, 3, u), "unknown option");
	char *ok[] = {"stock", "--m", "2,8", "--rounds=4", "--ops", "100", "--cpu", "0", NULL};
	assert_int_equal(parse(&c, 8, ok), 0);
	assert_int_equal(c.nms, 2);
	assert_int_equal(c.rounds, 4);
	assert_int_equal(c.ops, 100);
	assert_int_equal(c.cpu, 0);
}

/* Writes @text to a fresh temporary profile; its path in @path. */
static void write_profile(char *path, const char *text)
{
	strcpy(path, "/tmp/kmb-stock-args.XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void profile(void **state)
{
	(void)state;
	struct stock_conf c;
	char path[64];
	write_profile(path, "[suite]\nworkloads = dentry-walk\n[stock]\nm = 1, 3\narms = root , sep\n"
			    "rounds = 7\nops = 500\n");
	char *a[] = {"stock", "-p", path, "--rounds", "9", NULL};
	assert_int_equal(parse(&c, 5, a), 0);
	assert_int_equal(c.nms, 2);
	assert_int_equal(c.ms[1], 3);
	assert_true(c.arm[STOCK_SEP] && !c.arm[STOCK_SAME]);
	assert_int_equal(c.rounds, 9); /* the command line wins */
	assert_int_equal(c.ops, 500);
	assert_string_equal(c.profile, path);
	unlink(path);
	write_profile(path, "[stock]\nrounds = 1\n");
	char *b[] = {"stock", "-p", path, NULL};
	assert_refused(parse(&c, 3, b), "2..100000");
	unlink(path);
	write_profile(path, "[stock]\ntime = 5\n");
	assert_refused(parse(&c, 3, b), "unknown key 'time' in [stock]");
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(defaults),
	    cmocka_unit_test(ms_list),
	    cmocka_unit_test(arms),
	    cmocka_unit_test(bounds),
	    cmocka_unit_test(profile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
