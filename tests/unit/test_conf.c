/* test_conf.c - profiles (inih), CLI overrides and the trial schedule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf.h"
#include "schedule.h"

/* Writes @text to a fresh temp file and returns its path (static buffer). */
static const char *profile_file(const char *text)
{
	static char path[64];
	snprintf(path, sizeof(path), "/tmp/kmb-profile-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void good_profile(void **state)
{
	(void)state;
	struct run_conf c;
	char err[512];
	conf_defaults(&c);
	const char *p = profile_file("[suite]\nworkloads = dentry-walk.fit, inode-storm\n"
				     "ladder = root,unlimited,halve:16M/4M:1M\nreps = 4\n"
				     "timeout = 30\n[dentry-walk.fit]\nfiles = 7\n"
				     "[inode-storm]\nladder = root,unlimited\n"
				     "[dentry-walk]\nfiles = 9\n");
	assert_int_equal(profile_load(&c, p, err, sizeof(err)), 0);
	unlink(p);
	assert_int_equal(conf_finalize(&c, err, sizeof(err)), 0);
	/* The [dentry-walk] section configures a workload the list leaves out. */
	assert_int_equal(c.nwl, 2);
	assert_string_equal(c.wls[0].name, "dentry-walk.fit");
	assert_string_equal(c.wls[0].wl->name, "dentry-walk");
	assert_int_equal(c.wls[0].ctx.val[wl_opt_index(c.wls[0].wl, "files")], 7);
	assert_int_equal(c.wls[0].ladder.n, 7);
	assert_int_equal(c.wls[1].ladder.n, 2);
	assert_int_equal(c.reps, 4);
	assert_true(c.wls[1].timeout_s == 30.0);
}

static void bad_profiles(void **state)
{
	(void)state;
	static const struct {
		const char *text, *needle;
	} bad[] = {
	    {"[suite]\nrepz = 3\n", "unknown key 'repz'"},
	    {"[suite]\nreps = 0\n", "repetition count '0'"},
	    {"[suite]\nreps = 1001\n", "1..1000"},
	    {"[suite]\ntimeout = -5\n", "timeout '-5'"},
	    {"[suite]\nladder = 4M/8M\n", "soft limit above hard"},
	    {"[suite]\nworkloads = dentry-walk, nope\n", "unknown workload 'nope'"},
	    {"[nope]\nx = 1\n", "unknown section [nope]"},
	    {"[dentry-walk]\nfilez = 1\n", "unknown key 'filez'"},
	    {"[dentry-walk]\nfiles = -1\n", "files"},
	    {"[suite]\nlabel = a b\n", "bad label"},
	    {"[suite]\ndrop_caches = yes\n", "drop_caches"},
	    {"[suite\nreps = 3\n", "syntax error on line 1"},
	    {"[dentry-walk.]\nfiles = 1\n", "unknown section"},
	    {"", "sets nothing"},
	    {"; only a comment\n[suite]\n", "sets nothing"},
	    {"[suite]\nfs = zfs\n", "bad filesystem 'zfs'"},
	    {"[suite]\nfs = relative/dir\n", "'relative/dir'"},
	    {"[suite]\nfs_size = 4X\n", "'4X'"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct run_conf c;
		char err[512] = "";
		conf_defaults(&c);
		const char *p = profile_file(bad[i].text);
		assert_int_equal(profile_load(&c, p, err, sizeof(err)), -1);
		unlink(p);
		if (!strstr(err, bad[i].needle))
			fail_msg("profile %zu: '%s' lacks '%s'", i, err, bad[i].needle);
	}
	struct run_conf c;
	char err[512];
	conf_defaults(&c);
	assert_int_equal(profile_load(&c, "/nonexistent/p.ini", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "cannot read profile"));
}

/* [suite] fs and fs_size: a type and a size, or a directory; sizes checked at finalize. */
static void fs_keys(void **state)
{
	(void)state;
	mkdir("/tmp/kmb-unit-fsdir", 0700); /* --fs DIR must exist (empty is fine) */
	struct run_conf c;
	char err[512] = "";
	conf_defaults(&c);
	assert_int_equal(c.fs.type, SCRATCHFS_EXT4);
	const char *p = profile_file("[suite]\nfs = btrfs\nfs_size = 1G\n");
	assert_int_equal(profile_load(&c, p, err, sizeof(err)), 0);
	unlink(p);
	assert_int_equal(c.fs.type, SCRATCHFS_BTRFS);
	assert_int_equal(c.fs.size, 1ULL << 30);
	assert_int_equal(conf_finalize(&c, err, sizeof(err)), 0);
	conf_defaults(&c);
	p = profile_file("[suite]\nfs = xfs\nfs_size = 100M\n");
	assert_int_equal(profile_load(&c, p, err, sizeof(err)), 0);
	unlink(p);
	assert_int_equal(conf_finalize(&c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "'100M' is too small for xfs"));
	conf_defaults(&c);
	p = profile_file("[suite]\nfs = /tmp/kmb-unit-fsdir\n");
	assert_int_equal(profile_load(&c, p, err, sizeof(err)), 0);
	unlink(p);
	assert_int_equal(c.fs.type, SCRATCHFS_DIR);
	assert_string_equal(c.fs.dir, "/tmp/kmb-unit-fsdir");
}

/* Without a workload list, the default set leaves out fio-meta (an experiment: it needs
 * fio); named, it runs, and fio missing from PATH is one line naming it. */
static void tool_workloads(void **state)
{
	(void)state;
	struct run_conf c;
	char err[512] = "";
	conf_defaults(&c);
	assert_int_equal(conf_finalize(&c, err, sizeof(err)), 0);
	assert_true(c.nwl >= 2);
	assert_string_equal(c.wls[0].name, "dentry-walk");
	assert_string_equal(c.wls[1].name, "inode-storm");
	for (size_t i = 0; i < c.nwl; i++)
		assert_null(c.wls[i].wl->tool);
	assert_int_equal(conf_check_tools(&c, err, sizeof(err)), 0);
	conf_defaults(&c);
	assert_int_equal(conf_set_workloads(&c, "fio-meta", err, sizeof(err)), 0);
	assert_int_equal(conf_finalize(&c, err, sizeof(err)), 0);
	assert_int_equal(c.nwl, 1);
	assert_string_equal(c.wls[0].wl->tool, "fio");
	char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	setenv("PATH", "/nonexistent", 1);
	assert_int_equal(conf_check_tools(&c, err, sizeof(err)), -1);
	assert_string_equal(err, "workload fio-meta needs fio, which is not in PATH (install fio)");
	if (old)
		setenv("PATH", old, 1);
	free(old);
}

/* Odd reps walk down the ladder, even reps walk back up; a failure drops deeper steps. */
static void schedule_order(void **state)
{
	(void)state;
	struct run_conf c;
	char err[512];
	struct schedule s;
	conf_defaults(&c);
	snprintf(c.ladder_spec, sizeof(c.ladder_spec), "root,unlimited,8M/4M,4M/2M");
	c.reps = 2;
	assert_non_null(conf_add_workload(&c, "inode-storm", err, sizeof(err)));
	assert_int_equal(conf_finalize(&c, err, sizeof(err)), 0);
	assert_int_equal(schedule_build(&c, &s), 0);
	assert_int_equal(s.n, 8);
	assert_string_equal(s.plans[0].step->label, "root");
	assert_string_equal(s.plans[3].step->label, "4M/2M");
	assert_string_equal(s.plans[4].step->label, "4M/2M");
	assert_string_equal(s.plans[7].step->label, "root");
	assert_int_equal(s.plans[7].seq, 8);
	/* 8M/4M (index 2) failed in rep 1: 4M/2M is dropped from then on (both reps). */
	assert_int_equal(schedule_stop_after(&s, 3, &c.wls[0], 2), 2);
	assert_true(s.dropped[3]);
	assert_true(s.dropped[4]);
	assert_false(s.dropped[5]);
	assert_int_equal(schedule_remaining(&s, 3), 3);
	schedule_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(good_profile),   cmocka_unit_test(bad_profiles),
	    cmocka_unit_test(fs_keys),	      cmocka_unit_test(tool_workloads),
	    cmocka_unit_test(schedule_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
