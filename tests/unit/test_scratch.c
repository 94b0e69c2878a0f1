/* test_scratch.c - the marked scratch tree rules, on real directories under /var/tmp. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "scratch.h"

struct fixture {
	char base[64]; /* mkdtemp'd, unmarked; everything a test makes lives below */
};

/* Builds base/@rel into @buf. */
static const char *at(const struct fixture *f, const char *rel, char *buf)
{
	snprintf(buf, PATH_MAX, "%s/%s", f->base, rel);
	return buf;
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static void touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	close(fd);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	strcpy(f->base, "/var/tmp/kmb-test-scratch-XXXXXX");
	if (!mkdtemp(f->base))
		return -1;
	*state = f;
	return 0;
}

/* Removes the fixture's base (our own mkdtemp dir; never follows links). */
static int teardown(void **state)
{
	struct fixture *f = *state;
	char mnt[PATH_MAX];
	umount2(at(f, "mtree/mnt", mnt), MNT_DETACH); /* in case a mount test failed midway */
	int rc = nftw(f->base, rm_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
	free(f);
	return rc;
}

static void test_refuses_root_and_relative(void **state)
{
	(void)state;
	char err[256];
	const char *badp[] = {
	    "/", "//", "///", "relative", "./x", "", "/var/tmp/../tmp/x", "/var/tmp/./x"};
	for (size_t i = 0; i < sizeof(badp) / sizeof(badp[0]); i++) {
		err[0] = '\0';
		assert_int_equal(scratch_check(badp[i], err, sizeof(err)), -1);
		assert_true(err[0] != '\0');
		assert_null(strchr(err, '\n'));
		assert_int_equal(scratch_make(badp[i], 1, err, sizeof(err)), -1);
		assert_int_equal(scratch_remove(badp[i]), -1);
		assert_int_equal(scratch_empty(badp[i]), -1);
	}
	assert_int_equal(scratch_check(NULL, err, sizeof(err)), -1);
	assert_false(scratch_is_marked("/"));
	assert_false(scratch_is_marked("relative"));
	assert_int_equal(scratch_owner("/"), -1);
	assert_true(exists("/"));
}

static void test_refuses_file_and_unmarked(void **state)
{
	struct fixture *f = *state;
	char file[PATH_MAX], dir[PATH_MAX], inner[PATH_MAX], err[256];

	touch(at(f, "file", file));
	assert_int_equal(scratch_check(file, err, sizeof(err)), -1);
	assert_non_null(strstr(err, file));
	assert_int_equal(scratch_make(file, 1, err, sizeof(err)), -1);

	assert_int_equal(mkdir(at(f, "full", dir), 0755), 0);
	touch(at(f, "full/precious", inner));
	assert_int_equal(scratch_check(dir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, dir));
	assert_int_equal(scratch_make(dir, 1, err, sizeof(err)), -1);
	assert_false(scratch_is_marked(dir));
	/* removal refuses an unmarked tree and leaves it whole */
	errno = 0;
	assert_int_equal(scratch_remove(dir), -1);
	assert_int_equal(errno, EPERM);
	assert_int_equal(scratch_empty(dir), -1);
	assert_true(exists(inner));
	/* the fixture base itself is unmarked and non-empty */
	assert_int_equal(scratch_remove(f->base), -1);
	assert_true(exists(file));
}

static void test_refuses_symlink_top(void **state)
{
	struct fixture *f = *state;
	char target[PATH_MAX], link[PATH_MAX], inner[PATH_MAX], err[256];

	assert_int_equal(mkdir(at(f, "target", target), 0755), 0);
	assert_int_equal(symlink(target, at(f, "link", link)), 0);
	assert_int_equal(scratch_check(link, err, sizeof(err)), -1);
	assert_int_equal(scratch_make(link, 1, err, sizeof(err)), -1);
	assert_false(exists(at(f, "target/" SCRATCH_MARKER, inner)));
	/* even when the target is a marked tree, the link is not one */
	assert_int_equal(scratch_make(target, 7, err, sizeof(err)), 0);
	touch(at(f, "target/data", inner));
	assert_false(scratch_is_marked(link));
	assert_int_equal(scratch_remove(link), -1);
	assert_int_equal(scratch_empty(link), -1);
	assert_true(exists(inner));
	assert_true(scratch_is_marked(target));
}

static void test_accepts_absent_empty_marked(void **state)
{
	struct fixture *f = *state;
	char dir[PATH_MAX], empty[PATH_MAX], file[PATH_MAX], err[256];

	/* absent, with missing parents */
	at(f, "a/b/c", dir);
	assert_int_equal(scratch_check(dir, err, sizeof(err)), 0);
	assert_false(exists(dir));
	assert_int_equal(scratch_make(dir, 4242, err, sizeof(err)), 0);
	assert_true(scratch_is_marked(dir));
	assert_int_equal(scratch_owner(dir), 4242);
	/* marked and non-empty: accepted again, owner updated */
	touch(at(f, "a/b/c/data", file));
	assert_int_equal(scratch_check(dir, err, sizeof(err)), 0);
	assert_int_equal(scratch_make(dir, 99, err, sizeof(err)), 0);
	assert_int_equal(scratch_owner(dir), 99);
	assert_true(exists(file));
	/* trailing slash is the same directory */
	strcat(dir, "/");
	assert_true(scratch_is_marked(dir));
	/* empty unmarked directory */
	assert_int_equal(mkdir(at(f, "empty", empty), 0755), 0);
	assert_false(scratch_is_marked(empty));
	assert_int_equal(scratch_owner(empty), -1);
	assert_int_equal(scratch_make(empty, 5, err, sizeof(err)), 0);
	assert_true(scratch_is_marked(empty));
	assert_int_equal(scratch_remove(empty), 0);
	assert_false(exists(empty));
}

/* Builds a small tree with a symlink to a victim outside; removal must not follow it. */
static void test_remove_does_not_follow_symlinks(void **state)
{
	struct fixture *f = *state;
	char tree[PATH_MAX], victim[PATH_MAX], vfile[PATH_MAX], p[PATH_MAX], err[256];

	assert_int_equal(mkdir(at(f, "victim", victim), 0755), 0);
	touch(at(f, "victim/keep-me", vfile));
	assert_int_equal(scratch_make(at(f, "tree", tree), 1, err, sizeof(err)), 0);
	assert_int_equal(mkdir(at(f, "tree/sub", p), 0755), 0);
	assert_int_equal(mkdir(at(f, "tree/sub/deeper", p), 0755), 0);
	touch(at(f, "tree/sub/deeper/x", p));
	assert_int_equal(symlink(victim, at(f, "tree/sub/dirlink", p)), 0);
	assert_int_equal(symlink(vfile, at(f, "tree/sub/deeper/filelink", p)), 0);
	assert_int_equal(symlink("../../victim", at(f, "tree/rellink", p)), 0);
	assert_int_equal(symlink("/nonexistent", at(f, "tree/dangling", p)), 0);

	assert_int_equal(scratch_remove(tree), 0);
	assert_false(exists(tree));
	assert_true(exists(victim));
	assert_true(exists(vfile));
}

/* Many entries per directory: removal must not skip entries while deleting. */
static void test_remove_large_and_empty(void **state)
{
	struct fixture *f = *state;
	char tree[PATH_MAX], p[2 * PATH_MAX], err[256];
	struct stat st;

	assert_int_equal(scratch_make(at(f, "big", tree), 1, err, sizeof(err)), 0);
	for (int d = 0; d < 3; d++) {
		snprintf(p, sizeof(p), "%s/d%d", tree, d);
		assert_int_equal(mkdir(p, 0755), 0);
		for (int i = 0; i < 1500; i++) {
			snprintf(p, sizeof(p), "%s/d%d/file-with-a-longish-name-%d", tree, d, i);
			touch(p);
		}
	}
	touch(at(f, "big/top", p));
	/* empty keeps only the marker */
	assert_int_equal(scratch_empty(tree), 0);
	assert_true(scratch_is_marked(tree));
	assert_false(exists(p));
	assert_int_equal(stat(tree, &st), 0);
	assert_int_equal(st.st_nlink, 2);
	assert_int_equal(scratch_remove(tree), 0);
	assert_false(exists(tree));
	/* removing what is gone fails cleanly */
	assert_int_equal(scratch_remove(tree), -1);
}

/* A filesystem mounted inside the tree is not entered (needs root). */
static void test_remove_does_not_cross_mounts(void **state)
{
	struct fixture *f = *state;
	char tree[PATH_MAX], mnt[PATH_MAX], inner[PATH_MAX], err[256];

	assert_int_equal(scratch_make(at(f, "mtree", tree), 1, err, sizeof(err)), 0);
	assert_int_equal(mkdir(at(f, "mtree/mnt", mnt), 0755), 0);
	if (mount("kmb-test", mnt, "tmpfs", 0, "size=1m")) {
		assert_int_equal(scratch_remove(tree), 0);
		skip(); /* needs CAP_SYS_ADMIN */
	}
	touch(at(f, "mtree/mnt/on-other-fs", inner));
	errno = 0;
	assert_int_equal(scratch_remove(tree), -1);
	assert_int_equal(errno, EXDEV);
	assert_true(exists(inner));
	assert_int_equal(umount2(mnt, MNT_DETACH), 0);
	assert_int_equal(scratch_remove(tree), 0);
	assert_false(exists(tree));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_refuses_root_and_relative, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refuses_file_and_unmarked, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refuses_symlink_top, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_accepts_absent_empty_marked, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_remove_does_not_follow_symlinks, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_remove_large_and_empty, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_remove_does_not_cross_mounts, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
