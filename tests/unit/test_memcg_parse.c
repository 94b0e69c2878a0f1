/* test_memcg_parse.c - the workloads' cgroup parsers on captured cgroup, /proc and mountinfo text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cgfind.h"
#include "memcg_parse.h"

/* /proc/cgroups of the 6.18 test box (v1 memory, 38 of the 49 memcgs dying). */
static const char box_cgroups[] = "#subsys_name\thierarchy\tnum_cgroups\tenabled\n"
				  "cpuset\t3\t1\t1\ncpu\t1\t1\t1\ncpuacct\t2\t1\t1\n"
				  "blkio\t7\t1\t1\nmemory\t4\t49\t1\ndevices\t5\t1\t1\n"
				  "memory_recursiveprot\t0\t7\t1\n";
/* A v2 guest's cgroup.stat and the head of a memory.stat. */
static const char v2_cgstat[] = "nr_descendants 3\nnr_dying_descendants 117\n"
				"nr_subsys_cpu 4\nnr_dying_subsys_memory 117\n";
static const char v2_memstat[] = "anon 0\nfile 8192\nkernel 1048576\nslab_reclaimable 786432\n"
				 "slab_unreclaimable 65536\nslab 851968\n";

static void proc_cgroups(void **state)
{
	(void)state;
	assert_int_equal(memcg_parse_proc_cgroups(box_cgroups), 49);
	/* Columns are found by the header, not by position. */
	assert_int_equal(memcg_parse_proc_cgroups("#subsys_name num_cgroups enabled\n"
						  "memory 12 1\n"),
			 12);
	assert_int_equal(memcg_parse_proc_cgroups("#subsys_name\thierarchy\tnum_cgroups\t"
						  "enabled\ncpu\t1\t1\t1\n"),
			 -1);
	assert_int_equal(memcg_parse_proc_cgroups("memory\t4\t49\t1\n"), -1); /* no header */
	assert_int_equal(memcg_parse_proc_cgroups("#subsys_name hierarchy num_cgroups enabled\n"
						  "memory 4 x 1\n"),
			 -1);
	assert_int_equal(memcg_parse_proc_cgroups(""), -1);
}

static void flat_keys(void **state)
{
	(void)state;
	assert_int_equal(memcg_parse_kv(v2_cgstat, "nr_dying_descendants"), 117);
	assert_int_equal(memcg_parse_kv(v2_cgstat, "nr_descendants"), 3);
	/* "slab" is not "slab_reclaimable". */
	assert_int_equal(memcg_parse_kv(v2_memstat, "slab"), 851968);
	assert_int_equal(memcg_parse_kv(v2_memstat, "kernel"), 1048576);
	assert_int_equal(memcg_parse_kv(v2_memstat, "sla"), -1);
	assert_int_equal(memcg_parse_kv("slab 12x\n", "slab"), -1);
	assert_int_equal(memcg_parse_kv("slab\n", "slab"), -1);
	assert_int_equal(memcg_parse_kv("slab 7", "slab"), 7); /* no final newline */
	/* v1 memory.oom_control and v2 memory.events (enomem-walk, limit-shrink). */
	static const char oomc[] = "oom_kill_disable 1\nunder_oom 0\noom_kill 3\n";
	assert_int_equal(memcg_parse_kv(oomc, "oom_kill_disable"), 1);
	assert_int_equal(memcg_parse_kv(oomc, "oom_kill"), 3);
	assert_int_equal(memcg_parse_kv(oomc, "under_oom"), 0);
	assert_int_equal(memcg_parse_kv(oomc, "oom"), -1);
	static const char events[] = "low 0\nhigh 0\nmax 17\noom 2\noom_kill 1\noom_group_kill 0\n";
	assert_int_equal(memcg_parse_kv(events, "max"), 17);
	assert_int_equal(memcg_parse_kv(events, "oom"), 2);
	assert_int_equal(memcg_parse_kv("", "max"), -1);
}

static void self_cgroup(void **state)
{
	char p[64];
	(void)state;
	static const char v1[] = "9:name=systemd:/\n8:pids:/\n4:memory:/kmembench/r12-t3\n"
				 "2:cpu,cpuacct:/\n0::/\n";
	assert_int_equal(memcg_parse_self(v1, 1, p, sizeof(p)), 0);
	assert_string_equal(p, "/kmembench/r12-t3");
	assert_int_equal(memcg_parse_self(v1, 2, p, sizeof(p)), 0);
	assert_string_equal(p, "/");
	assert_int_equal(memcg_parse_self("5:cpu,memory,blkio:/a\n", 1, p, sizeof(p)), 0);
	assert_string_equal(p, "/a");
	static const char hybrid[] = "13:pids:/user.slice\n4:memory,hugetlb:/kmembench/r12-t3\n"
				     "0::/user.slice/session-1.scope\n";
	assert_int_equal(memcg_parse_self(hybrid, 1, p, sizeof(p)), 0);
	assert_string_equal(p, "/kmembench/r12-t3");
	assert_int_equal(memcg_parse_self("0::/kmembench/r12-t3\n", 2, p, sizeof(p)), 0);
	assert_string_equal(p, "/kmembench/r12-t3");
	assert_int_equal(memcg_parse_self("3:cpu:/x\n", 2, p, sizeof(p)), -1);
	assert_int_equal(memcg_parse_self("", 1, p, sizeof(p)), -1);
	/* "memory_recursiveprot" is not "memory"; no line, or too long, is an error. */
	assert_int_equal(memcg_parse_self("4:memoryx:/a\n0::/b\n", 1, p, sizeof(p)), -1);
	assert_int_equal(memcg_parse_self("0::/x/y\n", 1, p, sizeof(p)), -1);
	assert_int_equal(memcg_parse_self("0::/x/y\n", 2, p, 4), -1);
	assert_int_equal(memcg_parse_self("0::/x/y", 2, p, sizeof(p)), 0);
	assert_string_equal(p, "/x/y");
}

static void mounts(void **state)
{
	static const struct {
		const char *line;
		int kind;
		const char *mnt;
	} cases[] = {
	    {"35 28 0:31 / /sys/fs/cgroup/memory rw,nosuid - cgroup cgroup rw,memory\n", 1,
	     "/sys/fs/cgroup/memory"},
	    /* Optional fields (shared:N) before the separator. */
	    {"33 25 0:31 / /sys/fs/cgroup/memory rw shared:14 - cgroup cgroup rw,memory\n", 1,
	     "/sys/fs/cgroup/memory"},
	    {"30 28 0:27 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw,nsdelegate\n", 2,
	     "/sys/fs/cgroup/unified"},
	    /* "memory_x" is not "memory". */
	    {"33 28 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu,memory_x\n", 0, NULL},
	    {"22 1 8:1 / / rw - ext4 /dev/sda1 rw\n", 0, NULL},
	    {"garbage", 0, NULL},
	    {"garbage without - separator\n", 0, NULL},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char line[256];
		struct mountinfo m;
		snprintf(line, sizeof(line), "%s", cases[i].line);
		int kind = mountinfo_parse(line, &m) < 0 ? 0 : cgfind_mount_kind(&m);
		assert_int_equal(kind, cases[i].kind);
		if (cases[i].mnt)
			assert_string_equal(m.mountpoint, cases[i].mnt);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(proc_cgroups),
	    cmocka_unit_test(flat_keys),
	    cmocka_unit_test(self_cgroup),
	    cmocka_unit_test(mounts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
