/* test_workloads.c - each workload's prepare/run/cleanup on a tiny size, through
 * its descriptor and through the standalone driver, on real files under /var/tmp
 * (fio-meta runs the real fio), the key=value reporting helpers (wl_put,
 * wl_put_rusage, mono_now). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "scratch.h"
#include "util.h"
#include "registry.h"

/* A tiny configuration per workload and a line its run must print. */
struct tiny {
	const char *name;
	const char *opts[6][2];
	const char *expect[3];
};

static const struct tiny tinies[] = {
    {"dentry-walk",
     {{"fanout", "3"}, {"depth", "2"}, {"files", "5"}, {"bufsize", "4K"}},
     {"entries=57\n", "dirs=12\n", "files=45\n"}},
    {"inode-storm",
     {{"ops", "3000"}, {"files", "200"}, {"dirs", "20"}, {"buckets", "4"}},
     {"ops=3000\n", "ops_per_s=", "elapsed_s="}},
    {"fio-meta",
     {{"files", "20"}, {"jobs", "2"}, {"cold_stat", "1"}},
     {"fio_create_ops=40\n", "stat_drops=2\n", "leftover_files=0\n"}},
    {"fio-meta",
     {{"files", "20"}, {"jobs", "2"}, {"cold_stat", "0"}},
     {"fio_stat_ops=40\n", "stat_drops=0\n", "fio_delete_p99_ns="}},
};

struct fixture {
	char base[64];
	char dir[PATH_MAX];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	strcpy(f->base, "/var/tmp/kmb-test-wl-XXXXXX");
	if (!mkdtemp(f->base))
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/scratch", f->base);
	*state = f;
	return 0;
}

/* Removes what a test left: the scratch tree (marked) and the base (empty). */
static int teardown(void **state)
{
	struct fixture *f = *state;
	if (scratch_is_marked(f->dir))
		scratch_remove(f->dir);
	int rc = rmdir(f->base);
	free(f);
	return rc;
}

/* Fills @ctx for tiny config @t of workload @wl. */
static void tiny_ctx(const struct workload *wl, const struct tiny *t, const char *dir,
		     struct wl_ctx *ctx)
{
	char err[256];
	memset(ctx, 0, sizeof(*ctx));
	wl_ctx_defaults(wl, ctx);
	ctx->dir = dir;
	for (int i = 0; i < 6 && t->opts[i][0]; i++) {
		int idx = wl_opt_index(wl, t->opts[i][0]);
		assert_true(idx >= 0);
		assert_int_equal(
		    wl_opt_parse(&wl->opts[idx], t->opts[i][1], &ctx->val[idx], err, sizeof(err)),
		    0);
	}
}

/* Number of entries in @dir other than ".", ".." and the marker; -1 if unreadable. */
static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    strcmp(e->d_name, SCRATCH_MARKER))
			n++;
	closedir(d);
	return n;
}

/* Calls @fn(ctx) with stdout captured into @out. */
static int captured(int (*fn)(const struct wl_ctx *), const struct wl_ctx *ctx, char *out,
		    size_t len)
{
	char tmpl[] = "/var/tmp/kmb-test-out-XXXXXX";
	int fd = mkstemp(tmpl), saved, rc;
	ssize_t n;

	assert_true(fd >= 0);
	unlink(tmpl);
	fflush(stdout);
	saved = dup(1);
	dup2(fd, 1);
	rc = fn(ctx);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	n = pread(fd, out, len - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	close(fd);
	return rc;
}

/* Full cycle through the descriptor for tiny config @t. */
static void cycle(struct fixture *f, const struct tiny *t)
{
	const struct workload *wl = wl_find(t->name);
	struct wl_ctx ctx;
	char err[256], out[4096];

	assert_non_null(wl);
	tiny_ctx(wl, t, f->dir, &ctx);
	assert_int_equal(scratch_make(f->dir, (long)getpid(), err, sizeof(err)), 0);
	assert_int_equal(wl->prepare(&ctx), 0);
	assert_true(count_entries(f->dir) > 0);
	for (int rep = 0; rep < 2; rep++) {
		assert_int_equal(captured(wl->run, &ctx, out, sizeof(out)), 0);
		for (int i = 0; i < 3 && t->expect[i]; i++)
			assert_non_null(strstr(out, t->expect[i]));
	}
	assert_int_equal(wl->cleanup(&ctx), 0);
	assert_int_equal(count_entries(f->dir), 0);
	assert_true(scratch_is_marked(f->dir));
	assert_int_equal(scratch_remove(f->dir), 0);
	assert_int_equal(access(f->dir, F_OK), -1);
}

static void test_dentry_walk_cycle(void **state)
{
	cycle(*state, &tinies[0]);
}

static void test_inode_storm_cycle(void **state)
{
	cycle(*state, &tinies[1]);
}

/* fio-meta needs fio in PATH and finds its job file and drop helper beside the workload
 * programs: $KMB_WORKLOAD_DIR, else <build>/workloads above this test. Skips without
 * fio; cold stats only as root (drop_caches). */
static void fio_meta_env(bool cold)
{
	char exe[PATH_MAX], dir[PATH_MAX + 16];
	if (!util_executable("fio"))
		skip();
	if (cold && access("/proc/sys/vm/drop_caches", W_OK))
		skip();
	if (getenv("KMB_WORKLOAD_DIR"))
		return;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	assert_true(n > 0);
	exe[n] = '\0';
	snprintf(dir, sizeof(dir), "%s/../workloads", dirname(exe));
	setenv("KMB_WORKLOAD_DIR", dir, 1);
}

static void test_fio_meta_cycle_cold(void **state)
{
	fio_meta_env(true);
	cycle(*state, &tinies[2]);
}

static void test_fio_meta_cycle_warm(void **state)
{
	fio_meta_env(false);
	cycle(*state, &tinies[3]);
}

/* fio-meta's run needs the tree of its jobs option; it sweeps a killed trial's files
 * first and leaves none. */
static void test_fio_meta_tree(void **state)
{
	struct fixture *f = *state;
	const struct workload *wl = wl_find("fio-meta");
	struct wl_ctx ctx;
	char err[256], out[4096], path[PATH_MAX + 32];

	fio_meta_env(false);
	tiny_ctx(wl, &tinies[3], f->dir, &ctx);
	assert_int_equal(scratch_make(f->dir, 1, err, sizeof(err)), 0);
	assert_int_equal(captured(wl->run, &ctx, out, sizeof(out)), -1); /* not prepared */
	assert_int_equal(wl->prepare(&ctx), 0);
	ctx.val[wl_opt_index(wl, "jobs")] = 1;
	assert_int_equal(captured(wl->run, &ctx, out, sizeof(out)), -1); /* d1 is one too many */
	ctx.val[wl_opt_index(wl, "jobs")] = 3;
	assert_int_equal(captured(wl->run, &ctx, out, sizeof(out)), -1); /* d2 is missing */
	assert_string_equal(out, "");
	ctx.val[wl_opt_index(wl, "jobs")] = 2;
	snprintf(path, sizeof(path), "%s/tree/d1/f.7", f->dir);
	int fd = open(path, O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(captured(wl->run, &ctx, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "stale_files=1\n"));
	for (int j = 0; j < 2; j++) {
		snprintf(path, sizeof(path), "%s/tree/d%d", f->dir, j);
		assert_int_equal(count_entries(path), 0);
	}
	assert_int_equal(wl->cleanup(&ctx), 0);
}

/* run needs a prepared tree of the same shape; prepare keeps a matching tree. */
static void test_dentry_walk_shape_checks(void **state)
{
	struct fixture *f = *state;
	const struct workload *wl = wl_find("dentry-walk");
	struct wl_ctx ctx;
	char err[256], out[4096], tree[PATH_MAX + 8];
	struct stat st1, st2;

	tiny_ctx(wl, &tinies[0], f->dir, &ctx);
	assert_int_equal(scratch_make(f->dir, 1, err, sizeof(err)), 0);
	assert_int_equal(captured(wl->run, &ctx, out, sizeof(out)), -1);
	assert_string_equal(out, "");
	assert_int_equal(count_entries(f->dir), 0);
	assert_int_equal(wl->prepare(&ctx), 0);
	snprintf(tree, sizeof(tree), "%s/tree", f->dir);
	assert_int_equal(stat(tree, &st1), 0);
	assert_int_equal(wl->prepare(&ctx), 0);
	assert_int_equal(stat(tree, &st2), 0);
	assert_true(st1.st_ino == st2.st_ino); /* kept, not rebuilt */
	ctx.val[wl_opt_index(wl, "files")] = 6;
	assert_int_equal(captured(wl->run, &ctx, out, sizeof(out)), -1);
	assert_int_equal(wl->prepare(&ctx), 0); /* rebuilt for the new shape */
	assert_int_equal(captured(wl->run, &ctx, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "files=54\n"));
	assert_int_equal(wl->cleanup(&ctx), 0);
}

/* inode-storm leaves its buckets empty after a run. */
static void test_inode_storm_tidies(void **state)
{
	struct fixture *f = *state;
	const struct workload *wl = wl_find("inode-storm");
	struct wl_ctx ctx;
	char err[256], out[4096], bucket[PATH_MAX + 8];

	tiny_ctx(wl, &tinies[1], f->dir, &ctx);
	assert_int_equal(scratch_make(f->dir, 1, err, sizeof(err)), 0);
	assert_int_equal(captured(wl->run, &ctx, out, sizeof(out)), -1); /* not prepared */
	assert_int_equal(wl->prepare(&ctx), 0);
	assert_int_equal(count_entries(f->dir), 4);
	assert_int_equal(captured(wl->run, &ctx, out, sizeof(out)), 0);
	for (int b = 0; b < 4; b++) {
		snprintf(bucket, sizeof(bucket), "%s/b%d", f->dir, b);
		assert_int_equal(count_entries(bucket), 0);
	}
	assert_int_equal(wl->cleanup(&ctx), 0);
}

/* A phase killed midway leaves a tree that scratch_remove still removes. */
static void kill_midway(struct fixture *f, const char *name, const char *const opts[][2],
			bool in_run)
{
	const struct workload *wl = wl_find(name);
	struct tiny t = {.name = name};
	struct wl_ctx ctx;
	char err[256];
	int status;

	memcpy(t.opts, opts, sizeof(t.opts));
	tiny_ctx(wl, &t, f->dir, &ctx);
	assert_int_equal(scratch_make(f->dir, 1, err, sizeof(err)), 0);
	if (in_run)
		assert_int_equal(wl->prepare(&ctx), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		_exit(in_run ? wl->run(&ctx) ? 1 : 0 : wl->prepare(&ctx) ? 1 : 0);
	}
	struct timespec ts = {0, 150 * 1000 * 1000};
	nanosleep(&ts, NULL);
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(scratch_remove(f->dir), 0);
	assert_int_equal(access(f->dir, F_OK), -1);
}

static void test_killed_prepare_is_removable(void **state)
{
	static const char *const o[6][2] = {{"fanout", "10"}, {"depth", "2"}, {"files", "2000"}};
	kill_midway(*state, "dentry-walk", o, false);
}

static void test_killed_run_is_removable(void **state)
{
	static const char *const o[6][2] = {{"ops", "10000000"}, {"files", "5000"}};
	kill_midway(*state, "inode-storm", o, true);
}

/* Runs wl_main with a NULL-terminated argument list, stdout discarded. */
static int drive(const struct workload *wl, ...)
{
	char *argv[32];
	int argc = 0, saved, null, rc;
	va_list ap;
	va_start(ap, wl);
	argv[argc++] = (char *)wl->name;
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	fflush(stdout);
	saved = dup(1);
	null = open("/dev/null", O_WRONLY);
	dup2(null, 1);
	rc = wl_main(wl, argc, argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	close(null);
	return rc;
}

/* The standalone driver: phases one by one, then `all`; the tree ends up gone. */
static void test_driver_phases(void **state)
{
	struct fixture *f = *state;
	const struct workload *dw = wl_find("dentry-walk");
	const struct workload *is = wl_find("inode-storm");

	assert_int_equal(drive(dw, "--dir", f->dir, "run", NULL), 1); /* not prepared */
	assert_int_equal(access(f->dir, F_OK), -1);
	assert_int_equal(drive(dw, "--dir", f->dir, "cleanup", NULL), 0); /* nothing to do */
	assert_int_equal(drive(dw, "--dir", f->dir, "--depth=1", "--files=3", "prepare", NULL), 0);
	assert_true(scratch_is_marked(f->dir));
	assert_int_equal(scratch_owner(f->dir), (long)getpid());
	assert_int_equal(drive(dw, "--dir", f->dir, "--depth", "1", "--files", "3", "run", NULL),
			 0);
	assert_int_equal(drive(dw, "--dir", f->dir, "--depth=1", "--files=4", "run", NULL), 1);
	assert_int_equal(drive(dw, "--dir", f->dir, "cleanup", NULL), 0);
	assert_int_equal(access(f->dir, F_OK), -1);
	assert_int_equal(drive(dw, "--dir", f->dir, "--depth=1", "--files=3", NULL), 0);
	assert_int_equal(access(f->dir, F_OK), -1);
	assert_int_equal(drive(is, "--dir=", NULL), 2);
	assert_int_equal(
	    drive(is, "--dir", f->dir, "--ops=500", "--files=50", "--buckets=2", "all", NULL), 0);
	assert_int_equal(access(f->dir, F_OK), -1);
}

/* Prints a few results the way a workload's run does. */
static int put_some(const struct wl_ctx *ctx)
{
	struct rusage ru0;
	(void)ctx;
	getrusage(RUSAGE_SELF, &ru0);
	wl_put("entries", "%lld", 42LL);
	wl_put("entries_per_s", "%.0f", 2.25);
	wl_put_rusage(&ru0);
	return 0;
}

/* wl_put / wl_put_rusage: key=value lines, CPU times last with six decimals. */
static void test_put_lines(void **state)
{
	(void)state;
	char out[512];
	double t0 = mono_now(), u, sy;
	int end = 0;

	assert_int_equal(captured(put_some, NULL, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "entries=42\nentries_per_s=2\nuser_s="));
	const char *cpu = strstr(out, "user_s=");
	assert_int_equal(sscanf(cpu, "user_s=%lf\nsys_s=%lf\n%n", &u, &sy, &end), 2);
	assert_int_equal(cpu[end], '\0');
	assert_true(u >= 0 && sy >= 0);
	assert_true(strchr(cpu, '.')[7] == '\n'); /* "%.6f" */
	assert_true(mono_now() >= t0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_dentry_walk_cycle, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_inode_storm_cycle, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_dentry_walk_shape_checks, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_inode_storm_tidies, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fio_meta_cycle_cold, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fio_meta_cycle_warm, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fio_meta_tree, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_killed_prepare_is_removable, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_killed_run_is_removable, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_driver_phases, setup, teardown),
	    cmocka_unit_test(test_put_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
