/* fio_meta.c - fio's file engines as a workload: create, stat and delete N empty files in
 * each directory of a small tree (fio 3.33's filecreate, filestat and filedelete, job file
 * workloads/fio/meta.fio), reporting fio's per-operation latency: mean, p50, p99 in ns.
 *
 * The run phase executes fio (found in PATH) and waits for it, so the trial's rusage
 * covers fio, its job threads and its exec_prerun. With cold_stat=1 (needs root) that
 * prerun, the kmb-drop-caches helper, drops the dentry and inode caches after fio's stat
 * setup (which stats every file) and before the timed stats; the drop is part of the trial
 * and its CPU time is reported (stat_drop_cpu_s). The delete phase finds its dentries and
 * inodes warm (fio's setup stats every file first).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"
#include "fio_drop.h"
#include "fio_exec.h"
#include "fio_json.h"
#include "wl.h"

#define FM_TREE	       "tree"
#define FM_BINDIR_ENV  "KMB_WORKLOAD_DIR"
#define FM_JOB_FILE    "fio/meta.fio"
#define FM_DROP_LOG    "drop.log"
#define FM_DROP_CACHES "/proc/sys/vm/drop_caches"
#define FM_NENV	       5

enum { O_FILES, O_JOBS, O_COLD_STAT, O_NOPTS };

static const struct wl_opt fm_opts[] = {
    [O_FILES] = {"files", WL_OPT_COUNT, 2000, 1, 1000000, "files per directory (per job clone)"},
    [O_JOBS] = {"jobs", WL_OPT_COUNT, 1, 1, 16,
		"directories in the tree: one fio job clone each, run concurrently"},
    [O_COLD_STAT] = {"cold_stat", WL_OPT_BOOL, 1, 0, 1,
		     "drop dentry and inode caches before the timed stats (needs root)"},
};

/* fio's phases, in the order of the job file; the names of their result keys. */
static const char *const fm_phases[] = {"create", "stat", "delete"};
#define FM_NPHASES (sizeof(fm_phases) / sizeof(fm_phases[0]))

/* Path of directory @j of the tree. */
static int dir_path(const struct wl_ctx *ctx, long long j, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s/" FM_TREE "/d%lld", ctx->dir, j);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* ---- prepare / cleanup ------------------------------------------------- */

/* Empties the scratch dir and makes tree/d0 .. tree/d<jobs-1>. */
static int fm_prepare(const struct wl_ctx *ctx)
{
	char path[PATH_MAX];
	if (wl_empty_dir("fio-meta", ctx->dir))
		return -1;
	snprintf(path, sizeof(path), "%s/" FM_TREE, ctx->dir);
	if (mkdir(path, 0755))
		goto fail;
	for (long long j = 0; j < ctx->val[O_JOBS]; j++)
		if (dir_path(ctx, j, path, sizeof(path)) || mkdir(path, 0755))
			goto fail;
	return 0;
fail:
	fprintf(stderr, "fio-meta: prepare: cannot mkdir %s: %s\n", path, strerror(errno));
	return -1;
}

static int fm_cleanup(const struct wl_ctx *ctx)
{
	return wl_empty_dir("fio-meta", ctx->dir);
}

/* ---- run: checks before anything is done -------------------------------- */

/* True when the tree has exactly the directories the jobs option asks for. */
static bool shape_ok(const struct wl_ctx *ctx)
{
	char path[PATH_MAX];
	struct stat st;
	long long last = ctx->val[O_JOBS] - 1;
	if (dir_path(ctx, last, path, sizeof(path)) || lstat(path, &st) || !S_ISDIR(st.st_mode))
		return false;
	return dir_path(ctx, last + 1, path, sizeof(path)) == 0 && lstat(path, &st) < 0;
}

/* Where the workload programs live: $KMB_WORKLOAD_DIR (as for the harness), else this
 * program's directory. The job file and the drop helper are found there. */
static int bin_path(const char *name, char *buf, size_t len)
{
	const char *env = getenv(FM_BINDIR_ENV);
	char exe[PATH_MAX];
	int n;
	if (env && *env) {
		n = snprintf(buf, len, "%s/%s", env, name);
	} else {
		ssize_t got = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		if (got < 0)
			return -1;
		exe[got] = '\0';
		n = snprintf(buf, len, "%s/%s", dirname(exe), name);
	}
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* The paths fio-meta's run needs besides its tree. */
struct fm_paths {
	char job[PATH_MAX];	   /* fio job file */
	char prerun[PATH_MAX + 2]; /* exec_prerun of the stat phase: the drop helper, or ":" */
	char log[PATH_MAX];	   /* the helper's log: one line per drop */
};

/* Finds the job file and, for cold stats, the drop helper; one line on stderr if missing. */
static int find_paths(const struct wl_ctx *ctx, struct fm_paths *p)
{
	char helper[PATH_MAX] = "";
	if (bin_path(FM_JOB_FILE, p->job, sizeof(p->job)) || access(p->job, R_OK)) {
		fprintf(stderr, "fio-meta: no job file %s (make puts it beside the program)\n",
			p->job);
		return -1;
	}
	snprintf(p->prerun, sizeof(p->prerun), ":");
	snprintf(p->log, sizeof(p->log), "%s/" FM_DROP_LOG, ctx->dir);
	if (!ctx->val[O_COLD_STAT])
		return 0;
	if (bin_path(FIO_DROP_HELPER, helper, sizeof(helper)) || access(helper, X_OK) ||
	    fio_drop_command(helper, p->prerun, sizeof(p->prerun))) {
		fprintf(stderr, "fio-meta: no usable drop helper %s (make builds it)\n", helper);
		return -1;
	}
	return 0;
}

/* Everything run needs before it starts fio. */
static int preflight(const struct wl_ctx *ctx, struct fm_paths *p)
{
	if (!shape_ok(ctx)) {
		fprintf(stderr,
			"fio-meta: %s/" FM_TREE
			" does not hold exactly d0..d%lld (run prepare with these options)\n",
			ctx->dir, ctx->val[O_JOBS] - 1);
		return -1;
	}
	if (strchr(ctx->dir, ':')) {
		fprintf(stderr, "fio-meta: directory %s contains ':' (fio's list separator)\n",
			ctx->dir);
		return -1;
	}
	if (ctx->val[O_COLD_STAT] && access(FM_DROP_CACHES, W_OK)) {
		fprintf(stderr, "fio-meta: cold_stat=1 needs a writable " FM_DROP_CACHES
				" (run as root, or --cold_stat=0 for warm stats)\n");
		return -1;
	}
	return find_paths(ctx, p);
}

/* ---- run: the tree ------------------------------------------------------- */

/* Unlinks every file in directory @path, adding their number to *@n. */
static int sweep_dir(const char *path, long long *n)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int rc = 0;
	if (!d)
		return -1;
	while (rc == 0 && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		rc = unlinkat(dirfd(d), e->d_name, 0);
		*n += rc == 0;
	}
	closedir(d);
	return rc;
}

/* Removes the files in the tree (a killed trial's, or what fio left); their count in *@n. */
static int sweep_tree(const struct wl_ctx *ctx, long long *n)
{
	char path[PATH_MAX];
	*n = 0;
	for (long long j = 0; j < ctx->val[O_JOBS]; j++) {
		if (dir_path(ctx, j, path, sizeof(path)) || sweep_dir(path, n)) {
			fprintf(stderr, "fio-meta: cannot empty %s: %s\n", path, strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* ---- run: fio ------------------------------------------------------------ */

/* The KMB_FIO_* variables of the job file and the helper's log (malloc'ed strings,
 * NULL-terminated). */
static int make_env(const struct wl_ctx *ctx, const struct fm_paths *p, char *env[FM_NENV + 1])
{
	size_t len = strlen("KMB_FIO_DIRS=") + (size_t)ctx->val[O_JOBS] * (strlen(ctx->dir) + 32);
	char *dirs = calloc(1, len);
	memset(env, 0, sizeof(char *) * (FM_NENV + 1));
	if (!dirs)
		return -1;
	size_t off = (size_t)snprintf(dirs, len, "KMB_FIO_DIRS=");
	for (long long j = 0; j < ctx->val[O_JOBS]; j++)
		off += (size_t)snprintf(dirs + off, len - off, "%s%s/" FM_TREE "/d%lld",
					j ? ":" : "", ctx->dir, j);
	env[0] = dirs;
	if (asprintf(&env[1], "KMB_FIO_JOBS=%lld", ctx->val[O_JOBS]) < 0 ||
	    asprintf(&env[2], "KMB_FIO_FILES=%lld", ctx->val[O_FILES]) < 0 ||
	    asprintf(&env[3], "KMB_FIO_STAT_PRERUN=%s", p->prerun) < 0 ||
	    asprintf(&env[4], FIO_DROP_LOG_ENV "=%s", p->log) < 0)
		return -1;
	return 0;
}

static void free_env(char *env[FM_NENV + 1])
{
	for (int i = 0; i < FM_NENV; i++)
		free(env[i]);
}

/* Runs fio with the job file in the scratch dir (fio writes stat.prerun.txt there). */
static int run_fio(const struct wl_ctx *ctx, const struct fm_paths *p, struct fio_exec *x)
{
	char *env[FM_NENV + 1], err[PATH_MAX + 64];
	int rc = make_env(ctx, p, env);
	if (rc < 0)
		snprintf(err, sizeof(err), "out of memory");
	else if ((rc = fio_drop_reset(p->log)) < 0)
		snprintf(err, sizeof(err), "cannot empty %s: %s", p->log, strerror(errno));
	else
		rc = fio_exec_run(p->job, ctx->dir, env, x, err, sizeof(err));
	free_env(env);
	if (rc < 0) {
		fprintf(stderr, "fio-meta: %s\n", err);
		return -1;
	}
	if (ctx->verbose)
		fwrite(x->out, 1, x->len, stderr);
	return 0;
}

/* Checks that fio succeeded and timed every file of every phase; parses its output. */
static int check_fio(const struct wl_ctx *ctx, const struct fio_exec *x, struct fio_json_result *r)
{
	char err[256];
	long long want = ctx->val[O_FILES] * ctx->val[O_JOBS];
	if (!fio_exec_ok(x)) {
		fprintf(stderr, "fio-meta: fio failed: %s\n",
			fio_exec_outcome(x, err, sizeof(err)));
		return -1;
	}
	if (fio_json_parse(x->out, x->len, r, err, sizeof(err)) < 0) {
		fprintf(stderr, "fio-meta: %s\n", err);
		return -1;
	}
	for (size_t i = 0; i < FM_NPHASES; i++) {
		const struct fio_job_stats *s = fio_json_job(r, fm_phases[i]);
		if (!s || s->error || s->ops != want) {
			fprintf(stderr,
				"fio-meta: fio's %s phase: error %d, %lld operations timed, %lld "
				"expected\n",
				fm_phases[i], s ? s->error : -1, s ? s->ops : 0, want);
			return -1;
		}
	}
	return 0;
}

/* Reads what the cold-stat drops cost: one per stat job clone, or none (cold_stat=0). */
static int check_drops(const struct wl_ctx *ctx, const struct fm_paths *p, struct fio_drop *d)
{
	long long want = ctx->val[O_COLD_STAT] ? ctx->val[O_JOBS] : 0;
	if (fio_drop_read(p->log, d) < 0) {
		fprintf(stderr, "fio-meta: cannot read %s: %s\n", p->log, strerror(errno));
		return -1;
	}
	if (d->n != want) {
		fprintf(stderr, "fio-meta: %lld cache drops logged in %s, %lld expected\n", d->n,
			p->log, want);
		return -1;
	}
	return 0;
}

/* ---- run: results ---------------------------------------------------------- */

/* One phase's keys: fio_<phase>_{ops,iops,mean_ns,p50_ns,p99_ns,max_ns,runtime_ms,sys_s}. */
static void report_phase(const struct fio_job_stats *s)
{
	char key[64];
#define PUT(suffix, fmt, v)                                                                        \
	do {                                                                                       \
		snprintf(key, sizeof(key), "fio_%s_" suffix, s->name);                             \
		wl_put(key, fmt, v);                                                               \
	} while (0)
	PUT("ops", "%lld", s->ops);
	PUT("iops", "%.1f", s->iops);
	PUT("mean_ns", "%.1f", s->mean_ns);
	PUT("p50_ns", "%.0f", s->p50_ns);
	PUT("p99_ns", "%.0f", s->p99_ns);
	PUT("max_ns", "%.0f", s->max_ns);
	PUT("runtime_ms", "%lld", s->runtime_ms);
	PUT("sys_s", "%.6f", s->sys_s);
#undef PUT
}

/* A struct timeval in seconds. */
static double tv_s(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

/* What one run found, besides fio's own results. */
struct fm_outcome {
	double elapsed_s;      /* wall time of fio */
	long long stale, left; /* files swept before fio (a killed trial's) and after it */
	struct fio_drop drop;  /* the cold-stat drops */
};

/* Prints the run's key=value results on stdout. */
static void report(const struct wl_ctx *ctx, const struct fio_json_result *r,
		   const struct fio_exec *x, const struct fm_outcome *o)
{
	wl_put("fio_version", "%s", r->version);
	wl_put("files", "%lld", ctx->val[O_FILES] * ctx->val[O_JOBS]);
	for (size_t i = 0; i < FM_NPHASES; i++)
		report_phase(fio_json_job(r, fm_phases[i]));
	wl_put("fio_user_s", "%.6f", tv_s(&x->ru.ru_utime));
	wl_put("fio_sys_s", "%.6f", tv_s(&x->ru.ru_stime));
	wl_put("stat_drops", "%lld", o->drop.n);
	wl_put("stat_drop_cpu_s", "%.6f", o->drop.cpu_s);
	wl_put("stat_drop_wall_s", "%.6f", o->drop.wall_s);
	wl_put("elapsed_s", "%.6f", o->elapsed_s);
	wl_put("stale_files", "%lld", o->stale);
	wl_put("leftover_files", "%lld", o->left);
	fflush(stdout);
}

/* Sweeps the tree, runs fio, sweeps again (whatever fio did), reports. */
static int fm_run(const struct wl_ctx *ctx)
{
	struct fm_paths p;
	struct fio_exec x;
	struct fio_json_result r;
	struct fm_outcome o = {0};
	if (preflight(ctx, &p) || sweep_tree(ctx, &o.stale))
		return -1;
	double t0 = mono_now();
	if (run_fio(ctx, &p, &x))
		return -1;
	o.elapsed_s = mono_now() - t0;
	int rc = check_fio(ctx, &x, &r);
	if (rc == 0)
		rc = check_drops(ctx, &p, &o.drop);
	if (sweep_tree(ctx, &o.left))
		rc = -1;
	if (rc == 0)
		report(ctx, &r, &x, &o);
	fio_exec_free(&x);
	return rc;
}

const struct workload wl_fio_meta = {
    .name = "fio-meta",
    .summary = "fio's filecreate/filestat/filedelete engines over N files per directory: "
	       "per-op latency (mean, p50, p99) of create, cold stat and delete",
    .tool = FIO_EXEC_PROGRAM,
    .opts = fm_opts,
    .nopts = O_NOPTS,
    .prepare = fm_prepare,
    .run = fm_run,
    .cleanup = fm_cleanup,
    .experiment = true, /* needs fio: run by name only */
};

WL_MAIN(wl_fio_meta)
