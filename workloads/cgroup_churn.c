/* cgroup_churn.c - make, fill and remove child memcgs: does a removed memcg linger? */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"
#include "memcg_child.h"
#include "wl.h"

enum { O_CYCLES, O_FILES, O_SETTLE, O_KEEP, O_NOPTS };

static const struct wl_opt cc_opts[] = {
    [O_CYCLES] = {"cycles", WL_OPT_COUNT, 200, 1, 100000,
		  "child memcgs made, filled and removed, one after the other"},
    [O_FILES] = {"files", WL_OPT_COUNT, 200, 0, 100000,
		 "files each cycle's child process creates and stats"},
    [O_SETTLE] = {"settle", WL_OPT_COUNT, 2, 0, 600,
		  "seconds to wait after the last cycle before counting dying memcgs again"},
    [O_KEEP] = {"keep", WL_OPT_BOOL, 1, 0, 1,
		"1: files stay until the run ends (their dentries and inodes stay charged); "
		"0: the child unlinks them before it exits"},
};

static const char *const cc_show[] = {"cycles_per_s",
				      "rmdir_median_ns",
				      "rmdir_p99_ns",
				      "dying_new_run",
				      "dying_new_settle",
				      "parent_kmem_run_bytes",
				      "parent_kmem_settle_bytes",
				      NULL};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* What one run made and measured. */
struct churn {
	const struct wl_ctx *ctx;
	struct memcg self;
	char parent[PATH_MAX];	   /* where the child memcgs go */
	char made[PATH_MAX];	   /* the directory we made for them, "" when it is our own memcg */
	char child[PATH_MAX + 64]; /* the current child memcg, "" when there is none */
	long long *rmdir_ns, done, retries;
	long long dying[3], kmem[3]; /* before, after the cycles, after settling */
	double cycles_s;
};

/* ---- prepare / cleanup ------------------------------------------------- */

static int cc_prepare(const struct wl_ctx *ctx)
{
	return wl_empty_dir("cgroup-churn", ctx->dir);
}

static int cc_cleanup(const struct wl_ctx *ctx)
{
	return wl_empty_dir("cgroup-churn", ctx->dir);
}

/* ---- the parent of the child memcgs ------------------------------------ */

/* Pid that owns what we make: the harness (our parent, comm "kmembench...") or us. */
static long owner_pid(void)
{
	char p[64], comm[32];
	snprintf(p, sizeof(p), "/proc/%ld/comm", (long)getppid());
	if (read_file(p, comm, sizeof(comm)) < 0)
		comm[0] = '\0';
	return !strncmp(comm, "kmembench", 9) ? (long)getppid() : (long)getpid();
}

static int fail(const char *what, const char *path)
{
	fprintf(stderr, "cgroup-churn: cannot %s %s: %s\n", what, path, strerror(errno));
	return -1;
}

/* v2: a process may not stay in a cgroup that enables controllers for its children,
 * so we move into a leaf "churn<pid>-self" of our own memcg first. */
static int own_parent_v2(struct churn *c)
{
	char leaf[PATH_MAX + 32];
	snprintf(leaf, sizeof(leaf), "%s/churn%ld-self", c->parent, (long)getpid());
	if (mkdir(leaf, 0755) && errno != EEXIST)
		return fail("create", leaf);
	if (memcg_enter(leaf))
		return fail("move into", leaf);
	if (memcg_enable_memory(&c->self, c->parent))
		return fail("enable memory in", c->parent);
	return 0;
}

/* A fresh <mount>/kmembench/r<owner>-churn<pid> (the root memcg, or not a trial cgroup). */
static int made_parent(struct churn *c)
{
	char suite[PATH_MAX + 32];
	snprintf(suite, sizeof(suite), "%s/%s", c->self.mount, MEMCG_SUITE_DIR);
	if (mkdir(suite, 0755) && errno != EEXIST)
		return fail("create", suite);
	if (memcg_enable_memory(&c->self, c->self.mount) || memcg_enable_memory(&c->self, suite))
		return fail("enable memory in", suite);
	if ((size_t)snprintf(c->made, sizeof(c->made), "%s/r%ld-churn%ld", suite, owner_pid(),
			     (long)getpid()) >= sizeof(c->made)) {
		errno = ENAMETOOLONG;
		return fail("name", suite);
	}
	if (mkdir(c->made, 0755)) {
		int rc = fail("create", c->made);
		c->made[0] = '\0';
		return rc;
	}
	snprintf(c->parent, sizeof(c->parent), "%s", c->made);
	if (memcg_enable_memory(&c->self, c->made))
		return fail("enable memory in", c->made);
	return 0;
}

/* Children go under our own memcg in a trial cgroup, else under a directory we make. */
static int setup_parent(struct churn *c)
{
	char err[256];
	if (memcg_find(&c->self, err, sizeof(err))) {
		fprintf(stderr, "cgroup-churn: %s\n", err);
		return -1;
	}
	if (!c->self.in_suite)
		return made_parent(c);
	snprintf(c->parent, sizeof(c->parent), "%s", c->self.dir);
	return c->self.version == 2 ? own_parent_v2(c) : 0;
}

/* Removes the current child memcg and the directory we made, if any. */
static int teardown(struct churn *c)
{
	long long r = 0;
	int rc = 0;
	if (c->child[0] && memcg_rmdir(c->child, &r))
		rc = fail("remove", c->child);
	c->child[0] = '\0';
	if (c->made[0] && memcg_rmdir(c->made, &r))
		rc = fail("remove", c->made);
	if (c->made[0]) {
		/* The suite's parent goes when nothing is left in it, as the harness does. */
		char suite[PATH_MAX + 32];
		snprintf(suite, sizeof(suite), "%s/%s", c->self.mount, MEMCG_SUITE_DIR);
		rmdir(suite);
	}
	c->made[0] = '\0';
	return rc;
}

/* ---- one cycle ---------------------------------------------------------- */

/* The child's burst: dir c<i> with @n files, each created and stat'ed; unlinked unless kept. */
static int burst(int dfd, long long i, long long n, bool keep)
{
	char dir[32], name[32];
	struct stat st;
	snprintf(dir, sizeof(dir), "c%lld", i);
	if (mkdirat(dfd, dir, 0755))
		return -1;
	int cfd = openat(dfd, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	for (long long j = 0; cfd >= 0 && j < n; j++) {
		snprintf(name, sizeof(name), "f%lld", j);
		int fd = openat(cfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd < 0 || close(fd) || fstatat(cfd, name, &st, AT_SYMLINK_NOFOLLOW))
			return -1;
	}
	for (long long j = 0; cfd >= 0 && !keep && j < n; j++) {
		snprintf(name, sizeof(name), "f%lld", j);
		if (unlinkat(cfd, name, 0))
			return -1;
	}
	if (cfd < 0 || close(cfd) || (!keep && unlinkat(dfd, dir, AT_REMOVEDIR)))
		return -1;
	return 0;
}

/* Child process: join the child memcg, run the burst, exit (0 ok, 1 failed). */
static void child_main(const struct churn *c, int dfd, long long i)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	if (memcg_enter(c->child)) {
		fail("move into", c->child);
		_exit(1);
	}
	if (burst(dfd, i, c->ctx->val[O_FILES], c->ctx->val[O_KEEP])) {
		fprintf(stderr, "cgroup-churn: cycle %lld: cannot create files in %s: %s\n", i,
			c->ctx->dir, strerror(errno));
		_exit(1);
	}
	_exit(0);
}

/* Waits for @pid (through EINTR); 0 when it exited 0. */
static int reap(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* mkdir a child memcg, a child process fills it and exits, rmdir it (timed). */
static int cycle(struct churn *c, int dfd, long long i)
{
	snprintf(c->child, sizeof(c->child), "%s/churn%ld-%lld", c->parent, (long)getpid(), i);
	if (mkdir(c->child, 0755))
		return fail("create", c->child);
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return fail("fork for", c->child);
	if (pid == 0)
		child_main(c, dfd, i);
	if (reap(pid)) {
		fprintf(stderr, "cgroup-churn: cycle %lld: the child process failed\n", i);
		return -1;
	}
	long long t0 = now_ns();
	if (memcg_rmdir(c->child, &c->retries))
		return fail("remove", c->child);
	c->rmdir_ns[c->done++] = now_ns() - t0;
	c->child[0] = '\0';
	return 0;
}

/* ---- measuring and reporting ------------------------------------------- */

/* Counters of the parent at point @k (0 before, 1 after the cycles, 2 after settling). */
static void sample(struct churn *c, int k)
{
	c->dying[k] = memcg_dying(&c->self, c->parent);
	c->kmem[k] = memcg_kmem_slab(&c->self, c->parent);
}

/* Sleeps @s seconds unless a signal asks us to stop. */
static void settle(long long s)
{
	struct timespec ts = {(time_t)s, 0};
	while (!stop && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

/* Nearest-rank percentile @p (0..100) of sorted @v[@n]. */
static long long pctl(const long long *v, long long n, double p)
{
	long long r = (long long)(p / 100.0 * (double)n + 0.999999);
	return n ? v[r < 1 ? 0 : (r > n ? n - 1 : r - 1)] : -1;
}

/* KEY=V when @v is known (>= 0): a counter the kernel does not have is left out. */
static void put_known(const char *key, long long v)
{
	if (v >= 0)
		wl_put(key, "%lld", v);
}

/* KEY=b-a (signed) when both are known. */
static void put_delta(const char *key, long long a, long long b)
{
	if (a >= 0 && b >= 0)
		wl_put(key, "%lld", b - a);
}

static void report(struct churn *c, const struct rusage *ru0)
{
	qsort(c->rmdir_ns, (size_t)c->done, sizeof(long long), cmp_ll);
	wl_put("cycles", "%lld", c->done);
	wl_put("files_per_cycle", "%lld", c->ctx->val[O_FILES]);
	wl_put("cycles_s", "%.6f", c->cycles_s);
	wl_put("cycles_per_s", "%.1f", c->cycles_s > 0 ? (double)c->done / c->cycles_s : 0.0);
	put_known("rmdir_median_ns", pctl(c->rmdir_ns, c->done, 50));
	put_known("rmdir_p99_ns", pctl(c->rmdir_ns, c->done, 99));
	put_known("rmdir_max_ns", c->done ? c->rmdir_ns[c->done - 1] : -1);
	wl_put("rmdir_busy_retries", "%lld", c->retries);
	wl_put("dying_scope", "%s", c->self.version == 2 ? "parent" : "hierarchy");
	put_known("dying_before", c->dying[0]);
	put_known("dying_after_run", c->dying[1]);
	put_known("dying_after_settle", c->dying[2]);
	put_delta("dying_new_run", c->dying[0], c->dying[1]);
	put_delta("dying_new_settle", c->dying[0], c->dying[2]);
	wl_put("settle_s", "%lld", c->ctx->val[O_SETTLE]);
	wl_put("parent_own", "%d", c->made[0] ? 0 : 1);
	put_known("parent_kmem_before_bytes", c->kmem[0]);
	put_known("parent_kmem_run_bytes", c->kmem[1]);
	put_known("parent_kmem_settle_bytes", c->kmem[2]);
	wl_put_rusage(ru0);
	fflush(stdout);
}

/* The cycles, then the counters after them and after settling. */
static int churn_loop(struct churn *c, int dfd)
{
	struct rusage ru0;
	getrusage(RUSAGE_SELF, &ru0);
	sample(c, 0);
	double t0 = mono_now();
	for (long long i = 0; i < c->ctx->val[O_CYCLES] && !stop; i++)
		if (cycle(c, dfd, i))
			return -1;
	c->cycles_s = mono_now() - t0;
	sample(c, 1);
	settle(c->ctx->val[O_SETTLE]);
	sample(c, 2);
	if (stop) {
		fprintf(stderr, "cgroup-churn: interrupted after %lld cycles\n", c->done);
		return -1;
	}
	report(c, &ru0);
	return 0;
}

static void catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* Everything it makes it removes: the memcgs at the end (also after a signal),
 * the kept files by emptying the scratch tree. */
static int cc_run(const struct wl_ctx *ctx)
{
	struct churn c = {.ctx = ctx};
	int rc = -1, dfd = open(ctx->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	stop = 0;
	catch_signals();
	c.rmdir_ns = calloc((size_t)ctx->val[O_CYCLES], sizeof(long long));
	if (dfd < 0)
		fail("open", ctx->dir);
	else if (!c.rmdir_ns)
		fprintf(stderr, "cgroup-churn: out of memory\n");
	else if (setup_parent(&c) == 0)
		rc = churn_loop(&c, dfd);
	if (teardown(&c))
		rc = -1;
	if (dfd >= 0)
		close(dfd);
	if (wl_empty_dir("cgroup-churn", ctx->dir))
		rc = -1;
	free(c.rmdir_ns);
	return rc;
}

const struct workload wl_cgroup_churn = {
    .name = "cgroup-churn",
    .summary = "make a child memcg, fill it from a short-lived child process, remove it "
	       "(does a removed memcg linger?)",
    .opts = cc_opts,
    .nopts = O_NOPTS,
    .show = cc_show,
    .prepare = cc_prepare,
    .run = cc_run,
    .cleanup = cc_cleanup,
};

WL_MAIN(wl_cgroup_churn)
