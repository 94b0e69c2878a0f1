/* test_cgroup_v1.c - the harness's v1 backend, runner and trial on this box's
 * real memory cgroup (no mocks): limits read back, a tight limit shows failcnt,
 * an unlimited cgroup shows kmem charged, an OOM kill and a deadline are
 * recorded as such, and every trial's cgroup is gone afterwards.
 *
 * Needs root and a cgroup v1 memory hierarchy; otherwise exits 77 (skipped).
 * Only ever looks at cgroups and scratch named for this process's pid, since
 * other kmembench runs may share the suite's parent cgroup.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cgroup.h"
#include "conf.h"
#include "leftovers.h"
#include "scratch.h"
#include "trial.h"
#include "util.h"

#define TREE_DIRS    20
#define TREE_FILES   1000 /* per directory: ~20k inodes, far above a 4M limit */
#define HANG_GUARD_S 60.0

static struct cg_env env;
static char scratch_run[PATH_MAX]; /* <scratch root>/run-<pid>, marked */
static char tree[PATH_MAX];	   /* a tree only this test touches */
static char hog[PATH_MAX];	   /* build/.../tests/helpers/hog */
static int next_seq = 9000;

/* One trial of an arbitrary command at one ladder step. */
struct cmd_trial {
	struct wl_conf w;
	struct ladder ladder;
	struct trial_plan plan;
	struct trial t;
	char cgpath[PATH_MAX];
};

/* Runs @argv at ladder step @spec ("root", "unlimited", "4M", "16M/4M") with a
 * deadline, caches dropped first, through the harness's trial_run. */
static void run_cmd(struct cmd_trial *c, const char *spec, double timeout_s, char *const *argv)
{
	char err[512] = "";
	bool intr;
	memset(c, 0, sizeof(*c));
	snprintf(c->w.name, sizeof(c->w.name), "%s", basename(argv[0]));
	c->w.cmd_argv = argv;
	c->w.timeout_s = timeout_s;
	if (ladder_parse(spec, &c->ladder, err, sizeof(err)) < 0)
		fail_msg("ladder '%s': %s", spec, err);
	c->plan = (struct trial_plan){.w = &c->w,
				      .step = &c->ladder.steps[0],
				      .rep = 1,
				      .seq = ++next_seq,
				      .drop_caches = true};
	if (strf(c->cgpath, sizeof(c->cgpath), "%s/r%ld-t%d", env.parent, (long)getpid(),
		 c->plan.seq) < 0)
		fail_msg("cgroup path too long");
	if (trial_run(&env, &c->plan, &c->t, &intr, err, sizeof(err)) < 0)
		fail_msg("trial_run %s at %s: %s", argv[0], spec, err);
	assert_false(intr);
	print_message("  %-10s %-9s status %-7s exit %d sig %d failcnt %lld peak %lld kmem_peak "
		      "%lld real %.2fs\n",
		      c->w.name, spec, results_status_name(c->t.status), c->t.exit_status,
		      c->t.signal, c->t.failcnt, c->t.peak_bytes, c->t.kmem_peak_bytes,
		      c->t.real_s);
}

static void free_trial(struct cmd_trial *c)
{
	results_trial_release(&c->t);
}

/* The trial's fresh cgroup must be gone once trial_run returned. */
static void assert_cgroup_gone(const struct cmd_trial *c)
{
	if (access(c->cgpath, F_OK) == 0 || errno != ENOENT)
		fail_msg("cgroup %s still exists after the trial", c->cgpath);
}

/* Integer member @key of the trial's stat object, or -1. */
static long long stat_of(const struct cmd_trial *c, const char *key)
{
	json_t *v = json_object_get(c->t.stat, key);
	return json_is_integer(v) ? (long long)json_integer_value(v) : -1;
}

/* Populates TREE_DIRS x TREE_FILES empty files under the marked scratch dir. */
static int make_tree(void)
{
	char path[PATH_MAX + 32];
	if (strf(tree, sizeof(tree), "%s/tree", scratch_run) < 0 || mkdir(tree, 0755) < 0)
		return -1;
	for (int d = 0; d < TREE_DIRS; d++) {
		snprintf(path, sizeof(path), "%s/d%d", tree, d);
		if (mkdir(path, 0755) < 0)
			return -1;
		for (int f = 0; f < TREE_FILES; f++) {
			snprintf(path, sizeof(path), "%s/d%d/f%d", tree, d, f);
			int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
			if (fd < 0)
				return -1;
			close(fd);
		}
	}
	return 0;
}

/* Group setup: the suite's parent cgroup, knobs probed, a private tree. */
static int setup(void **state)
{
	char err[512];
	(void)state;
	if (env.ops->setup_parent(&env, err, sizeof(err)) < 0) {
		fprintf(stderr, "setup_parent: %s\n", err);
		return -1;
	}
	if (env.ops->probe(&env) < 0) {
		fprintf(stderr, "probe: %s\n", strerror(errno));
		return -1;
	}
	if (scratch_make(CONF_DEFAULT_SCRATCH, 0, err, sizeof(err)) < 0 ||
	    strf(scratch_run, sizeof(scratch_run), "%s/run-%ld", CONF_DEFAULT_SCRATCH,
		 (long)getpid()) < 0 ||
	    scratch_make(scratch_run, (long)getpid(), err, sizeof(err)) < 0) {
		fprintf(stderr, "scratch: %s\n", err);
		return -1;
	}
	if (make_tree() < 0) {
		fprintf(stderr, "cannot populate %s: %s\n", tree, strerror(errno));
		return -1;
	}
	return 0;
}

/* Group teardown: whatever of ours is left (even after a failed assertion). */
static int teardown(void **state)
{
	struct leftovers_report rep;
	(void)state;
	leftovers_clean(&env, NULL, true, stderr, &rep);
	leftovers_remove_parent(&env);
	if (scratch_run[0] && scratch_is_marked(scratch_run) && scratch_remove(scratch_run) < 0)
		fprintf(stderr, "cannot remove %s: %s\n", scratch_run, strerror(errno));
	return rep.cgroups_failed ? -1 : 0;
}

static void probe_found_v1_knobs(void **state)
{
	(void)state;
	assert_int_equal(env.ops->version, 1);
	assert_true(env.knobs.hard);
	assert_true(env.knobs.soft);
	assert_true(env.knobs.failcnt);
	assert_true(env.knobs.kmem_usage);
	assert_true(env.knobs.oom_kill);
	/* Absent exactly when the kernel has no kmem limit file (PARENT has the same files). */
	struct cg parent = {.is_root = false};
	snprintf(parent.path, sizeof(parent.path), "%s", env.parent);
	assert_int_equal(env.knobs.kmem_limit == CG_KMEM_ABSENT,
			 !cg_has(&parent, "memory.kmem.limit_in_bytes"));
	print_message("  kmem_limit %s\n", cg_kmem_limit_name(env.knobs.kmem_limit));
}

static void limits_read_back(void **state)
{
	static const struct {
		uint64_t hard, soft, want_hard, want_soft;
	} cases[] = {
	    {16ULL << 20, 4ULL << 20, 16ULL << 20, 4ULL << 20},
	    {512ULL << 10, 256ULL << 10, 512ULL << 10, 256ULL << 10},
	    {5000000, 1000000, 5000000 & ~4095ULL, 1000000 & ~4095ULL}, /* page-rounded */
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cg cg, again;
		char name[64], err[512] = "";
		snprintf(name, sizeof(name), "r%ld-t%d", (long)getpid(), ++next_seq);
		assert_int_equal(cg_create(&env, name, &cg), 0);
		/* Fresh per trial: the same name cannot be made twice. */
		assert_int_equal(cg_create(&env, name, &again), -1);
		assert_int_equal(errno, EEXIST);
		int rc =
		    env.ops->set_limits(&env, &cg, cases[i].hard, cases[i].soft, err, sizeof(err));
		long long hard = cg_read_u64(&cg, "memory.limit_in_bytes");
		long long soft = cg_read_u64(&cg, "memory.soft_limit_in_bytes");
		assert_int_equal(cg_destroy(&cg), 0);
		if (rc < 0)
			fail_msg("set_limits %zu: %s", i, err);
		assert_int_equal(hard, (long long)cases[i].want_hard);
		assert_int_equal(soft, (long long)cases[i].want_soft);
		assert_int_equal(access(cg.path, F_OK), -1);
	}
}

static void tight_limit_counts_failures(void **state)
{
	struct cmd_trial c;
	char *argv[] = {"du", "-s", tree, NULL};
	(void)state;
	run_cmd(&c, "4M", HANG_GUARD_S, argv);
	assert_int_equal(c.t.hard_bytes, 4ULL << 20);
	assert_true(c.t.failcnt > 0);
	assert_true(c.t.peak_bytes > 0 && c.t.peak_bytes <= (4LL << 20));
	assert_cgroup_gone(&c);
	free_trial(&c);
}

static void unlimited_charges_kmem(void **state)
{
	struct cmd_trial c;
	char *argv[] = {"du", "-s", tree, NULL};
	(void)state;
	run_cmd(&c, "unlimited", HANG_GUARD_S, argv);
	assert_int_equal(c.t.status, TRIAL_OK);
	assert_int_equal(c.t.hard_bytes, 0);
	assert_int_equal(c.t.failcnt, 0);
	assert_true(c.t.kmem_peak_bytes > 0);
	assert_true(stat_of(&c, "kmem") > 0);
	assert_cgroup_gone(&c);
	free_trial(&c);
}

static void root_step_has_no_counters(void **state)
{
	struct cmd_trial c;
	char *argv[] = {"du", "-s", tree, NULL};
	(void)state;
	run_cmd(&c, "root", HANG_GUARD_S, argv);
	assert_int_equal(c.t.status, TRIAL_OK);
	/* Absent, not zero: the root cgroup's counters are not the trial's. */
	assert_int_equal(c.t.failcnt, -1);
	assert_int_equal(c.t.kmem_peak_bytes, -1);
	free_trial(&c);
}

static void hog_within_limit_is_ok(void **state)
{
	struct cmd_trial c;
	char *argv[] = {hog, "4", NULL};
	(void)state;
	run_cmd(&c, "64M/16M", HANG_GUARD_S, argv);
	assert_int_equal(c.t.status, TRIAL_OK);
	assert_false(c.t.oom_killed);
	assert_int_equal(c.t.exit_status, 0);
	assert_cgroup_gone(&c);
	free_trial(&c);
}

static void hog_past_limit_is_oom_killed(void **state)
{
	struct cmd_trial c;
	char *argv[] = {hog, "64", NULL};
	(void)state;
	run_cmd(&c, "16M", HANG_GUARD_S, argv);
	assert_string_equal(results_status_name(c.t.status), "oom");
	assert_true(c.t.oom_killed);
	assert_int_equal(c.t.signal, SIGKILL);
	assert_false(results_trial_ok(&c.t));
	assert_true(c.t.failcnt > 0);
	assert_cgroup_gone(&c);
	free_trial(&c);
}

static void nonzero_exit_is_recorded(void **state)
{
	struct cmd_trial c;
	char *argv[] = {"sh", "-c", "exit 3", NULL};
	(void)state;
	run_cmd(&c, "unlimited", HANG_GUARD_S, argv);
	assert_string_equal(results_status_name(c.t.status), "exit");
	assert_int_equal(c.t.exit_status, 3);
	assert_false(c.t.oom_killed);
	assert_cgroup_gone(&c);
	free_trial(&c);
}

static void hung_workload_killed_at_deadline(void **state)
{
	struct cmd_trial c;
	char *argv[] = {"sleep", "1000", NULL};
	(void)state;
	run_cmd(&c, "16M/4M", 1.0, argv);
	assert_string_equal(results_status_name(c.t.status), "timeout");
	assert_true(c.t.timed_out);
	assert_int_equal(c.t.signal, SIGKILL);
	assert_true(c.t.real_s < HANG_GUARD_S);
	assert_cgroup_gone(&c);
	free_trial(&c);
}

/* Exit 77 with a reason when this box cannot run the test. */
static void skip_unless_v1(void)
{
	char err[512];
	if (geteuid() != 0) {
		printf("test_cgroup_v1: SKIP: needs root (creates cgroups, drops caches)\n");
		exit(77);
	}
	if (cg_detect(&env, err, sizeof(err)) < 0) {
		printf("test_cgroup_v1: SKIP: %s\n", err);
		exit(77);
	}
	if (env.ops->version != 1) {
		printf("test_cgroup_v1: SKIP: memory cgroup is v%d at %s, not v1\n",
		       env.ops->version, env.mount);
		exit(77);
	}
}

/* Finds tests/helpers/hog next to this binary. */
static void find_hog(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0 || (exe[n] = '\0', strf(hog, sizeof(hog), "%s/helpers/hog", dirname(exe)) < 0) ||
	    access(hog, X_OK) < 0) {
		fprintf(stderr, "test_cgroup_v1: helper %s missing (make test-bins)\n", hog);
		exit(1);
	}
}

int main(void)
{
	skip_unless_v1();
	find_hog();
	/* A concurrent kmembench treats r<pid>-* of a pid whose comm is not
	 * "kmembench..." as a dead run's leftovers: claim the name. */
	prctl(PR_SET_NAME, "kmembench-itest");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(probe_found_v1_knobs),
	    cmocka_unit_test(limits_read_back),
	    cmocka_unit_test(tight_limit_counts_failures),
	    cmocka_unit_test(unlimited_charges_kmem),
	    cmocka_unit_test(root_step_has_no_counters),
	    cmocka_unit_test(hog_within_limit_is_ok),
	    cmocka_unit_test(hog_past_limit_is_oom_killed),
	    cmocka_unit_test(nonzero_exit_is_recorded),
	    cmocka_unit_test(hung_workload_killed_at_deadline),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
