/* test_scratchfs.c - --fs parsing, image sizes, run-<pid> names and mountinfo lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <string.h>

#include <cmocka.h>

#include "mountinfo.h"
#include "scratchfs.h"

static void fs_types(void **state)
{
	(void)state;
	mkdir("/tmp/kmb-unit-fsdir", 0700); /* --fs DIR must exist (empty is fine) */
	static const struct {
		const char *s;
		enum scratchfs_type t;
	} good[] = {
	    {"ext4", SCRATCHFS_EXT4},
	    {"xfs", SCRATCHFS_XFS},
	    {"btrfs", SCRATCHFS_BTRFS},
	    {"/tmp/kmb-unit-fsdir", SCRATCHFS_DIR},
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct scratchfs_opt o = {.type = SCRATCHFS_DIR};
		char err[512] = "";
		assert_int_equal(scratchfs_parse(good[i].s, &o, err, sizeof(err)), 0);
		assert_int_equal(o.type, good[i].t);
		assert_int_equal(scratchfs_is_loop(&o), good[i].t != SCRATCHFS_DIR);
	}
	struct scratchfs_opt o = {0};
	char err[512];
	assert_int_equal(scratchfs_parse("/tmp/kmb-unit-fsdir", &o, err, sizeof(err)), 0);
	assert_string_equal(o.dir, "/tmp/kmb-unit-fsdir");
	assert_int_equal(scratchfs_parse("ext4", &o, err, sizeof(err)), 0);
	assert_string_equal(o.dir, "");
	assert_string_equal(scratchfs_type_name(SCRATCHFS_XFS), "xfs");
}

static void fs_bad(void **state)
{
	(void)state;
	static const struct {
		const char *s, *needle;
	} bad[] = {
	    {"ext3", "bad filesystem 'ext3' (accepted: ext4, xfs, btrfs or an absolute"},
	    {"EXT4", "'EXT4'"},
	    {"", "bad filesystem ''"},
	    {"relative/dir", "'relative/dir'"},
	    {"/", "'/'"},
	    {"/tmp/../etc", "'/tmp/../etc'"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct scratchfs_opt o = {0};
		char err[512] = "";
		assert_int_equal(scratchfs_parse(bad[i].s, &o, err, sizeof(err)), -1);
		if (!strstr(err, bad[i].needle))
			fail_msg("--fs '%s': '%s' lacks '%s'", bad[i].s, err, bad[i].needle);
		assert_int_equal(o.type, SCRATCHFS_EXT4); /* unchanged */
	}
}

/* Each mkfs has a smallest image; 0 means the default (4G); a directory has no size. */
static void fs_sizes(void **state)
{
	(void)state;
	static const struct {
		enum scratchfs_type t;
		uint64_t size;
		int rc;
	} cases[] = {
	    {SCRATCHFS_EXT4, 0, 0},
	    {SCRATCHFS_EXT4, 32ULL << 20, 0},
	    {SCRATCHFS_EXT4, 16ULL << 20, -1},
	    {SCRATCHFS_XFS, 320ULL << 20, 0},
	    {SCRATCHFS_XFS, 300ULL << 20, -1},
	    {SCRATCHFS_BTRFS, 128ULL << 20, 0},
	    {SCRATCHFS_BTRFS, 100ULL << 20, -1},
	    {SCRATCHFS_DIR, 4096, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct scratchfs_opt o = {.type = cases[i].t, .size = cases[i].size};
		char err[512] = "";
		assert_int_equal(scratchfs_check(&o, err, sizeof(err)), cases[i].rc);
	}
	struct scratchfs_opt o = {.type = SCRATCHFS_XFS, .size = 100ULL << 20};
	char err[512];
	assert_int_equal(scratchfs_check(&o, err, sizeof(err)), -1);
	assert_string_equal(
	    err, "filesystem size '100M' is too small for xfs (accepted: at least 320M)");
	struct scratchfs fs;
	scratchfs_init(&fs, &(struct scratchfs_opt){.type = SCRATCHFS_BTRFS});
	assert_int_equal(fs.opt.size, SCRATCHFS_DEFAULT_SIZE);
	assert_int_equal(fs.loop_fd, -1);
}

/* run-<pid> (mountpoints, trees) and run-<pid>.img (images) name their owner. */
static void owners(void **state)
{
	(void)state;
	assert_int_equal(scratchfs_owner("run-123", ""), 123);
	assert_int_equal(scratchfs_owner("run-123.img", ".img"), 123);
	assert_int_equal(scratchfs_owner("run-123.img", ""), -1);
	assert_int_equal(scratchfs_owner("run-123", ".img"), -1);
	assert_int_equal(scratchfs_owner("run-123.img.bak", ".img"), -1);
	assert_int_equal(scratchfs_owner("run-", ""), -1);
	assert_int_equal(scratchfs_owner("run--5", ""), -1);
	assert_int_equal(scratchfs_owner("run-0", ""), -1);
	assert_int_equal(scratchfs_owner("run-99999999999999999999", ""), -1);
	assert_int_equal(scratchfs_owner("other.img", ".img"), -1);
	assert_int_equal(scratchfs_owner("xrun-5", ""), -1);
}

static void mountinfo_lines(void **state)
{
	(void)state;
	struct mountinfo m;
	char l1[] = "42 27 7:3 / /var/tmp/kmembench/run-17351 rw,relatime shared:5 master:1 - ext4 "
		    "/dev/loop3 rw\n";
	assert_int_equal(mountinfo_parse(l1, &m), 0);
	assert_int_equal(m.major, 7);
	assert_int_equal(m.minor, 3);
	assert_string_equal(m.mountpoint, "/var/tmp/kmembench/run-17351");
	assert_string_equal(m.options, "rw,relatime");
	assert_string_equal(m.fstype, "ext4");
	assert_string_equal(m.source, "/dev/loop3");
	assert_string_equal(m.super_options, "rw");
	/* No optional fields; escapes in the mountpoint; an empty source field is kept. */
	char l2[] = "50 1 0:45 / /mnt/a\\040b\\134c rw - btrfs  rw,space_cache=v2";
	assert_int_equal(mountinfo_parse(l2, &m), 0);
	assert_string_equal(m.mountpoint, "/mnt/a b\\c");
	assert_string_equal(m.fstype, "btrfs");
	assert_string_equal(m.source, "");
	assert_string_equal(m.super_options, "rw,space_cache=v2");
	static const char *const bad[] = {
	    "",
	    "42 27 7:3 / /x rw",
	    "42 27 7:3 / /x rw shared:5 ext4 /dev/loop3 rw",
	    "42 27 7:3 / /x rw - ext4",
	    "42 27 x / /x rw - ext4 /dev/loop3 rw",
	    "42 27 7:3 / relative rw - ext4 /dev/loop3 rw",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char line[128];
		snprintf(line, sizeof(line), "%s", bad[i]);
		if (mountinfo_parse(line, &m) != -1)
			fail_msg("malformed line %zu parsed", i);
	}
}

/* The real table: / is mounted, and a path's mount is its longest mountpoint prefix. */
static void mountinfo_real(void **state)
{
	(void)state;
	char buf[8192];
	struct mountinfo m;
	assert_int_equal(mountinfo_find("/", buf, sizeof(buf), &m), 0);
	assert_string_equal(m.mountpoint, "/");
	assert_int_equal(mountinfo_find("/proc/self", buf, sizeof(buf), &m), 0);
	assert_string_equal(m.mountpoint, "/proc");
	assert_string_equal(m.fstype, "proc");
	assert_int_equal(mountinfo_find("/nonexistent/x", buf, sizeof(buf), &m), -1);
	char **kids = mountinfo_children("/");
	int proc = 0;
	for (char **k = kids; k && *k; k++)
		proc |= !strcmp(*k, "/proc");
	mountinfo_free(kids);
	assert_true(proc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(fs_types),	       cmocka_unit_test(fs_bad),
	    cmocka_unit_test(fs_sizes),	       cmocka_unit_test(owners),
	    cmocka_unit_test(mountinfo_lines), cmocka_unit_test(mountinfo_real),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
