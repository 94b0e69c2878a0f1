/* test_micro_conf.c - `kmembench micro` configuration: ops, arms, time, profile, plan, args. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "leftovers.h"
#include "micro_args.h"
#include "micro_conf.h"

static char err[1024];

/* @fn fails and its message names @needle. */
#define assert_refused(call, needle)                                                               \
	do {                                                                                       \
		err[0] = '\0';                                                                     \
		assert_int_equal((call), -1);                                                      \
		if (!strstr(err, (needle)))                                                        \
			fail_msg("message '%s' does not name '%s'", err, (needle));                \
	} while (0)

static void defaults(void **state)
{
	(void)state;
	struct micro_conf c;
	micro_conf_defaults(&c);
	assert_int_equal(c.nops, micro_ops_count);
	assert_true(micro_ops_count >= 12);
	assert_int_equal(c.arms.n, 2);
	assert_string_equal(c.arms.steps[0].label, "root");
	assert_string_equal(c.arms.steps[1].label, "unlimited");
	assert_float_equal(c.time_s, MICRO_CONF_DEFAULT_TIME, 0);
	for (size_t i = 0; i < micro_ops_count; i++) {
		assert_ptr_equal(micro_ops_find(micro_ops[i].name), &micro_ops[i]);
		assert_non_null(micro_ops[i].op);
		assert_true(!micro_ops[i].setup == !micro_ops[i].teardown);
	}
}

static void ops_list(void **state)
{
	(void)state;
	struct micro_conf c;
	micro_conf_defaults(&c);
	assert_int_equal(micro_conf_set_ops(&c, " pipe , memfd", err, sizeof(err)), 0);
	assert_int_equal(c.nops, 2);
	assert_string_equal(c.ops[1]->name, "memfd");
	assert_int_equal(micro_conf_set_ops(&c, "all", err, sizeof(err)), 0);
	assert_int_equal(c.nops, micro_ops_count);
	assert_refused(micro_conf_set_ops(&c, "pipe,nope", err, sizeof(err)), "'nope'");
	assert_refused(micro_conf_set_ops(&c, "pipe,pipe", err, sizeof(err)), "repeated op 'pipe'");
	assert_refused(micro_conf_set_ops(&c, "pipe,", err, sizeof(err)), "empty op");
	assert_refused(micro_conf_set_ops(&c, "", err, sizeof(err)), "empty op");
	assert_int_equal(c.nops, micro_ops_count); /* a refused list changes nothing */
}

static void arms_list(void **state)
{
	(void)state;
	struct micro_conf c;
	micro_conf_defaults(&c);
	assert_int_equal(micro_conf_set_arms(&c, "unlimited, 16M/4M, root", err, sizeof(err)), 0);
	assert_int_equal(c.arms.n, 3);
	assert_string_equal(c.arms.steps[0].label, "root"); /* root first */
	assert_string_equal(c.arms.steps[2].label, "16M/4M");
	assert_int_equal(micro_conf_set_arms(&c, "root,halve:64M/16M:16M", err, sizeof(err)), 0);
	assert_int_equal(c.arms.n, 4);
	assert_refused(micro_conf_set_arms(&c, "unlimited", err, sizeof(err)), "lacks root");
	assert_refused(micro_conf_set_arms(&c, "root", err, sizeof(err)), "nothing to compare");
	assert_refused(micro_conf_set_arms(&c, "root,auto", err, sizeof(err)), "'auto'");
	assert_refused(micro_conf_set_arms(&c, "root,8M", err, sizeof(err)), "'8M'");
	assert_refused(micro_conf_set_arms(&c, "root,16X", err, sizeof(err)), "16X");
	assert_refused(micro_conf_set_arms(&c, "root,root", err, sizeof(err)), "root");
	assert_int_equal(c.arms.n, 4);
}

static void time_and_plan(void **state)
{
	(void)state;
	struct micro_conf c;
	struct micro_plan p;
	double t;
	assert_refused(micro_conf_parse_time("4", &t, err, sizeof(err)), "5..3600");
	assert_refused(micro_conf_parse_time("3601", &t, err, sizeof(err)), "'3601'");
	assert_refused(micro_conf_parse_time("nan", &t, err, sizeof(err)), "'nan'");
	assert_refused(micro_conf_parse_time("", &t, err, sizeof(err)), "''");
	assert_int_equal(micro_conf_parse_time("7.5", &t, err, sizeof(err)), 0);
	assert_float_equal(t, 7.5, 0);
	/* The default run: every op within the budget, hundreds of rounds of root,unlimited. */
	micro_conf_defaults(&c);
	assert_int_equal(micro_conf_plan(&c, &p, err, sizeof(err)), 0);
	assert_int_equal(p.nbench, micro_ops_count); /* one benchmark (of rounds) per op */
	assert_true(p.reps >= 300);
	assert_true(p.est_s <= c.time_s && p.est_s >= 0.8 * c.time_s);
	assert_true(p.min_time_s >= 0.001 && p.min_time_s <= 0.01);
	/* A small budget: shorter blocks, still a handful of them. */
	c.time_s = 5;
	assert_int_equal(micro_conf_plan(&c, &p, err, sizeof(err)), 0);
	assert_true(p.reps >= 5 && p.est_s <= 5);
	/* Too small for this many arms: refused, naming the time needed. */
	assert_int_equal(
	    micro_conf_set_arms(&c, "root,unlimited,halve:1024G/256G:16M", err, sizeof(err)), 0);
	assert_refused(micro_conf_plan(&c, &p, err, sizeof(err)), "too short");
}

static void cgroup_names(void **state)
{
	(void)state;
	char name[64];
	assert_int_equal(micro_conf_cgroup_name(4242, "16M/4M", name, sizeof(name)), 0);
	assert_string_equal(name, "r4242-micro-16M-4M");
	assert_int_equal(leftovers_owner(name), 4242); /* cleanup can tell its owner */
}

/* Writes @text to a temp profile; returns its path (static). */
static const char *profile(const char *text)
{
	static char path[64];
	snprintf(path, sizeof(path), "/tmp/kmb-micro-ini-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void profile_section(void **state)
{
	(void)state;
	struct micro_conf c;
	micro_conf_defaults(&c);
	const char *p = profile("[suite]\nreps = 3\n[dentry-walk]\nfiles = 9\n[micro]\n"
				"ops = pipe, fork\narms = root, 16M/4M\ntime = 60\n");
	assert_int_equal(micro_conf_profile(&c, p, err, sizeof(err)), 0);
	assert_int_equal(c.nops, 2);
	assert_string_equal(c.arms.steps[1].label, "16M/4M");
	assert_float_equal(c.time_s, 60, 0);
	assert_string_equal(c.profile, p);
	unlink(p);
	p = profile("[micro]\nopz = pipe\n");
	assert_refused(micro_conf_profile(&c, p, err, sizeof(err)), "'opz'");
	unlink(p);
	p = profile("[micro]\ntime = 2\n");
	assert_refused(micro_conf_profile(&c, p, err, sizeof(err)), "line 2");
	unlink(p);
	assert_refused(micro_conf_profile(&c, "/nonexistent.ini", err, sizeof(err)),
		       "/nonexistent.ini");
}

/* The command line over the profile; bad input refused before anything is made. */
static void arguments(void **state)
{
	(void)state;
	struct micro_conf c;
	struct micro_plan p;
	bool given;
	char *ok[] = {"micro", "--ops", "pipe,open-close", "--time=5", "--label", "x", NULL};
	assert_int_equal(micro_args_parse(6, ok, &c, &p, &given, err, sizeof(err)), 0);
	assert_int_equal(c.nops, 2);
	assert_string_equal(c.label, "x");
	assert_false(given);
	char *help[] = {"micro", "--help", NULL};
	assert_int_equal(micro_args_parse(2, help, &c, &p, &given, err, sizeof(err)), 1);
	char *bad1[] = {"micro", "--bogus", NULL};
	assert_refused(micro_args_parse(2, bad1, &c, &p, &given, err, sizeof(err)), "'--bogus'");
	char *bad2[] = {"micro", "stray", NULL};
	assert_refused(micro_args_parse(2, bad2, &c, &p, &given, err, sizeof(err)), "'stray'");
	char *bad3[] = {"micro", "--time", NULL};
	assert_refused(micro_args_parse(2, bad3, &c, &p, &given, err, sizeof(err)), "--time");
	char *bad4[] = {"micro", "--label", "a b", NULL};
	assert_refused(micro_args_parse(3, bad4, &c, &p, &given, err, sizeof(err)), "'a b'");
	char *bad5[] = {"micro", "--scratch", "relative", NULL};
	assert_refused(micro_args_parse(3, bad5, &c, &p, &given, err, sizeof(err)), "relative");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(defaults),	    cmocka_unit_test(ops_list),
	    cmocka_unit_test(arms_list),    cmocka_unit_test(time_and_plan),
	    cmocka_unit_test(cgroup_names), cmocka_unit_test(profile_section),
	    cmocka_unit_test(arguments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
