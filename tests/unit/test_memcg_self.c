/* test_memcg_self.c - parsing of captured /proc/self/cgroup, mountinfo and keyed memcg files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "memcg_self.h"

static const char v1_cgroup[] = "13:pids:/user.slice\n"
				"5:cpu,cpuacct:/\n"
				"4:memory,hugetlb:/kmembench/r12-t3\n"
				"0::/user.slice/session-1.scope\n";
static const char v2_cgroup[] = "0::/kmembench/r12-t3\n";

static const char mountinfo[] =
    "25 30 0:23 / /sys/fs/cgroup rw - tmpfs tmpfs rw,mode=755\n"
    "26 25 0:24 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw,nsdelegate\n"
    "31 25 0:29 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
    "33 25 0:31 / /sys/fs/cgroup/memory rw shared:14 - cgroup cgroup rw,memory\n";

static void test_proc_cgroup_v1_wins(void **state)
{
	(void)state;
	char path[256];
	int v = 0;
	assert_int_equal(memcg_parse_proc_cgroup(v1_cgroup, &v, path, sizeof(path)), 0);
	assert_int_equal(v, 1);
	assert_string_equal(path, "/kmembench/r12-t3");
}

static void test_proc_cgroup_v2(void **state)
{
	(void)state;
	char path[256];
	int v = 0;
	assert_int_equal(memcg_parse_proc_cgroup(v2_cgroup, &v, path, sizeof(path)), 0);
	assert_int_equal(v, 2);
	assert_string_equal(path, "/kmembench/r12-t3");
	assert_int_equal(memcg_parse_proc_cgroup("3:cpu:/x\n", &v, path, sizeof(path)), -1);
	assert_int_equal(memcg_parse_proc_cgroup("", &v, path, sizeof(path)), -1);
	/* "memoryx" is not "memory" */
	assert_int_equal(memcg_parse_proc_cgroup("4:memoryx:/a\n", &v, path, sizeof(path)), -1);
}

static void test_mountinfo(void **state)
{
	(void)state;
	char mnt[256];
	assert_int_equal(memcg_parse_mountinfo(mountinfo, 1, mnt, sizeof(mnt)), 0);
	assert_string_equal(mnt, "/sys/fs/cgroup/memory");
	assert_int_equal(memcg_parse_mountinfo(mountinfo, 2, mnt, sizeof(mnt)), 0);
	assert_string_equal(mnt, "/sys/fs/cgroup/unified");
	assert_int_equal(
	    memcg_parse_mountinfo("1 2 0:1 / / rw - ext4 /dev/sda rw\n", 1, mnt, sizeof(mnt)), -1);
	assert_int_equal(memcg_parse_mountinfo("garbage without separator\n", 2, mnt, sizeof(mnt)),
			 -1);
}

static void test_keyed(void **state)
{
	(void)state;
	const char oomc[] = "oom_kill_disable 1\nunder_oom 0\noom_kill 3\n";
	assert_int_equal(memcg_parse_key(oomc, "oom_kill_disable"), 1);
	assert_int_equal(memcg_parse_key(oomc, "oom_kill"), 3);
	assert_int_equal(memcg_parse_key(oomc, "under_oom"), 0);
	assert_int_equal(memcg_parse_key(oomc, "oom"), -1);
	const char events[] = "low 0\nhigh 0\nmax 17\noom 2\noom_kill 1\noom_group_kill 0\n";
	assert_int_equal(memcg_parse_key(events, "max"), 17);
	assert_int_equal(memcg_parse_key(events, "oom"), 2);
	assert_int_equal(memcg_parse_key("", "max"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_proc_cgroup_v1_wins),
	    cmocka_unit_test(test_proc_cgroup_v2),
	    cmocka_unit_test(test_mountinfo),
	    cmocka_unit_test(test_keyed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
