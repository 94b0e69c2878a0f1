/* test_micro_ops.c - every micro op runs cleanly in a fresh child memcg and frees what it
 * allocates.
 *
 * For each entry of micro_ops[] (workloads/micro_ops.h): a fresh cgroup under the
 * suite's parent, this process joins it, runs the op's setup, OPS_PER_TEST
 * operations and its teardown, and goes back to the cgroup it came from. Then
 * memory.force_empty drains the per-cpu charge stocks and reclaims what is
 * reclaimable (negative dentries, cached inodes), and memory.usage_in_bytes must
 * fall to at most SLACK_BYTES within a few seconds (objects freed through RCU
 * uncharge after a grace period). A control test leaks eventfds on purpose and
 * checks that the same measurement sees the leak, and sees it go when they are
 * closed. No timing is asserted.
 *
 * Needs root and a cgroup v1 memory hierarchy (usage_in_bytes, force_empty);
 * otherwise exits 77. Looks only at cgroups and scratch named for its own pid.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cgroup.h"
#include "conf.h"
#include "micro_ops.h"
#include "scratch.h"
#include "util.h"
#include "wl.h"

#define OPS_PER_TEST 300
#define LEAKS	     2000	   /* eventfds the control test keeps open (~800K) */
#define SLACK_BYTES  (128LL << 10) /* a few pages: ASan's heap and shadow, objcg remainders */
#define GOAL_BYTES   (16LL << 10)  /* settling stops early below this */
#define SETTLE_S     3.0	   /* RCU grace periods and deferred frees */

static struct cg_env env;
static struct cg home;		   /* the memory cgroup this process started in */
static char scratch_run[PATH_MAX]; /* <scratch root>/run-<pid>, marked */
static char disk[PATH_MAX], tmpfs[PATH_MAX];
static int next_seq = 9100;

/* The memory cgroup of this process from /proc/self/cgroup (v1 line "N:memory:/path"). */
static int find_home(void)
{
	char buf[4096];
	if (read_file("/proc/self/cgroup", buf, sizeof(buf)) < 0)
		return -1;
	for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n")) {
		char *c = strchr(l, ':');
		char *p = c ? strchr(c + 1, ':') : NULL;
		if (!p || strncmp(c + 1, "memory", 6) || (c[7] != ':' && c[7] != ','))
			continue;
		home.is_root = !strcmp(p + 1, "/");
		return strf(home.path, sizeof(home.path), "%s%s", env.mount,
			    home.is_root ? "" : p + 1);
	}
	return -1;
}

static int setup(void **state)
{
	char err[512];
	long pid = (long)getpid();
	(void)state;
	if (env.ops->setup_parent(&env, err, sizeof(err)) < 0 || find_home() < 0) {
		fprintf(stderr, "test_micro_ops: %s\n", err);
		return -1;
	}
	if (scratch_make(CONF_DEFAULT_SCRATCH, 0, err, sizeof(err)) < 0 ||
	    strf(scratch_run, sizeof(scratch_run), "%s/run-%ld", CONF_DEFAULT_SCRATCH, pid) < 0 ||
	    scratch_make(scratch_run, pid, err, sizeof(err)) < 0 ||
	    strf(disk, sizeof(disk), "%s/disk", scratch_run) < 0 ||
	    strf(tmpfs, sizeof(tmpfs), "%s/tmpfs", scratch_run) < 0 || mkdir(disk, 0700) < 0 ||
	    mkdir(tmpfs, 0700) < 0) {
		fprintf(stderr, "test_micro_ops: scratch: %s %s\n", err, strerror(errno));
		return -1;
	}
	/* This process moves to a private mount namespace: the tmpfs dies with it. */
	if (micro_ops_tmpfs(tmpfs, err, sizeof(err)) < 0) {
		fprintf(stderr, "test_micro_ops: %s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	micro_ops_tmpfs_release(tmpfs);
	if (scratch_run[0] && scratch_remove(scratch_run) < 0)
		fprintf(stderr, "test_micro_ops: cannot remove %s: %s\n", scratch_run,
			strerror(errno));
	rmdir(env.parent); /* fails while other runs use it: fine */
	return 0;
}

/* A fresh child cgroup named for this pid (so `kmembench cleanup` can tell). */
static void fresh_cgroup(struct cg *cg)
{
	char name[64];
	snprintf(name, sizeof(name), "r%ld-t%d", (long)getpid(), ++next_seq);
	if (cg_create(&env, name, cg) < 0)
		fail_msg("cannot create cgroup %s: %s", name, strerror(errno));
	assert_int_equal(cg_read_u64(cg, "memory.usage_in_bytes"), 0);
}

/* Drains stocks and reclaims until usage <= @limit or SETTLE_S passed; returns usage. */
static long long settled_usage(const struct cg *cg, long long limit)
{
	long long u = -1;
	for (double t0 = mono_now(); mono_now() - t0 < SETTLE_S; sleep_ms(50)) {
		cg_write(cg, "memory.force_empty", "0");
		u = cg_read_u64(cg, "memory.usage_in_bytes");
		if (u >= 0 && u <= limit)
			break;
	}
	return u;
}

static void op_frees_what_it_allocates(void **state)
{
	const struct micro_op *op = *state;
	struct micro_ctx ctx = {disk, tmpfs, NULL, op};
	struct cg cg;
	fresh_cgroup(&cg);
	if (cg_enter(&cg) < 0)
		fail_msg("cannot join %s: %s", cg.path, strerror(errno));
	int done = 0, rc = op->setup ? op->setup(&ctx) : 0;
	bool set_up = rc == 0;
	while (rc == 0 && done < OPS_PER_TEST && (rc = op->op(&ctx)) == 0)
		done++;
	int e = rc ? errno : 0;
	long long peak = cg_read_u64(&cg, "memory.usage_in_bytes");
	if (op->teardown && set_up)
		op->teardown(&ctx);
	if (cg_enter(&home) < 0)
		fail_msg("cannot return to %s: %s", home.path, strerror(errno));
	long long after = settled_usage(&cg, GOAL_BYTES);
	print_message("  %-12s %d ops, usage %lldK at the end, %lldK settled\n", op->name, done,
		      peak >> 10, after >> 10);
	if (rc)
		fail_msg("%s failed after %d ops: %s", op->name, done, strerror(e));
	assert_null(ctx.priv);
	assert_in_range(after, 0, SLACK_BYTES);
	assert_int_equal(cg_destroy(&cg), 0);
}

/* The measurement above can see a leak: LEAKS open eventfds stay charged. */
static void a_leak_is_seen(void **state)
{
	static int fds[LEAKS];
	struct cg cg;
	struct rlimit rl;
	(void)state;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < LEAKS + 64 &&
	    rl.rlim_max > rl.rlim_cur) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	fresh_cgroup(&cg);
	assert_int_equal(cg_enter(&cg), 0);
	int opened = 0;
	for (int i = 0; i < LEAKS; i++)
		opened += (fds[i] = eventfd(0, EFD_CLOEXEC)) >= 0;
	assert_int_equal(cg_enter(&home), 0);
	long long leaked = settled_usage(&cg, 0);
	for (int i = 0; i < LEAKS; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	long long after = settled_usage(&cg, GOAL_BYTES);
	print_message("  %d eventfds open: %lldK; closed: %lldK\n", opened, leaked >> 10,
		      after >> 10);
	assert_true(leaked > SLACK_BYTES);
	assert_in_range(after, 0, SLACK_BYTES);
	assert_int_equal(cg_destroy(&cg), 0);
}

static void skip_unless_v1(void)
{
	char err[512];
	if (geteuid() != 0) {
		printf("test_micro_ops: SKIP: needs root (creates cgroups, mounts a tmpfs)\n");
		exit(77);
	}
	if (cg_detect(&env, err, sizeof(err)) < 0) {
		printf("test_micro_ops: SKIP: %s\n", err);
		exit(77);
	}
	if (env.ops->version != 1) {
		printf("test_micro_ops: SKIP: memory cgroup is v%d, the test reads v1 files\n",
		       env.ops->version);
		exit(77);
	}
}

int main(void)
{
	skip_unless_v1();
	/* A concurrent kmembench treats r<pid>-* of a pid whose comm is not
	 * "kmembench..." as a dead run's leftovers: claim the name. */
	prctl(PR_SET_NAME, "kmembench-itest");
	struct CMUnitTest *tests = calloc(micro_ops_count + 1, sizeof(*tests));
	if (!tests)
		return 1;
	for (size_t i = 0; i < micro_ops_count; i++) {
		tests[i].name = micro_ops[i].name;
		tests[i].test_func = op_frees_what_it_allocates;
		tests[i].initial_state = (void *)&micro_ops[i];
	}
	tests[micro_ops_count].name = "a_leak_is_seen";
	tests[micro_ops_count].test_func = a_leak_is_seen;
	int rc = _cmocka_run_group_tests("micro_ops", tests, micro_ops_count + 1, setup, teardown);
	free(tests);
	return rc;
}
