/* limit_shrink.c - fill the own memory cgroup with dentries+inodes, then lower its hard
 * limit below usage in halving steps and shrink it explicitly (memory.reclaim on v2,
 * memory.force_empty on v1), timing and recording every write (the 2008 question).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"
#include "cgsplit.h"
#include "walktree.h"
#include "wl.h"

#define LS_FILE	 "cache.dat"
#define LS_CHUNK (1 << 20)

enum {
	O_FANOUT,
	O_DEPTH,
	O_FILES,
	O_STEPS,
	O_MIN_LIMIT,
	O_RECLAIM,
	O_WRITES,
	O_CACHE,
	O_WAIT,
	O_NOPTS
};

static const struct wl_opt ls_opts[] = {
    [O_FANOUT] = {"fanout", WL_OPT_COUNT, 10, 1, 1000, "subdirectories per inner directory"},
    [O_DEPTH] = {"depth", WL_OPT_COUNT, 1, 0, 8, "levels of subdirectories below the tree root"},
    [O_FILES] = {"files", WL_OPT_COUNT, 2000, 0, 1000000, "empty files per leaf directory"},
    [O_STEPS] = {"steps", WL_OPT_COUNT, 6, 1, 8, "halvings of the limit below the usage U"},
    [O_MIN_LIMIT] = {"min_limit", WL_OPT_SIZE, 256 << 10, 4096, 1LL << 30,
		     "no limit step below this"},
    [O_RECLAIM] = {"reclaim", WL_OPT_SIZE, 1 << 20, 4096, 1LL << 30,
		   "bytes asked of each memory.reclaim write (v2)"},
    [O_WRITES] = {"reclaim_writes", WL_OPT_COUNT, 4, 1, 8,
		  "memory.reclaim writes per phase (v2; v1: one memory.force_empty)"},
    [O_CACHE] = {"cache", WL_OPT_SIZE, 16 << 20, 0, 1LL << 30,
		 "file read into the cgroup for the page-cache phase (0: none)"},
    [O_WAIT] = {"wait", WL_OPT_COUNT, 60, 1, 3600, "seconds to wait for the walker per command"},
};

/* ---- prepare ----------------------------------------------------------- */

/* Writes ctx->dir/cache.dat of @size bytes unless it already has that size. */
static int make_cache_file(const struct wl_ctx *ctx, long long size)
{
	char path[PATH_MAX];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s", ctx->dir, LS_FILE);
	if (!size || (stat(path, &st) == 0 && st.st_size == size))
		return 0;
	char *buf = malloc(LS_CHUNK);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644), rc = 0;
	if (!buf || fd < 0) {
		fprintf(stderr, "limit-shrink: cannot create %s: %s\n", path, strerror(errno));
		free(buf);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	memset(buf, 0xa5, LS_CHUNK);
	for (long long off = 0; off < size && !rc; off += LS_CHUNK) {
		size_t n = size - off < LS_CHUNK ? (size_t)(size - off) : LS_CHUNK;
		rc = write(fd, buf, n) == (ssize_t)n ? 0 : -1;
	}
	if (rc || fsync(fd))
		fprintf(stderr, "limit-shrink: cannot write %s: %s\n", path, strerror(errno));
	free(buf);
	return close(fd) || rc ? -1 : 0;
}

extern const struct workload wl_limit_shrink;

static int ls_prepare(const struct wl_ctx *ctx)
{
	if (walktree_prepare(&wl_limit_shrink, ctx))
		return -1;
	return make_cache_file(ctx, ctx->val[O_CACHE]);
}

/* ---- run --------------------------------------------------------------- */

struct ls_run {
	const struct wl_ctx *ctx;
	struct cgsplit s;
	char file[PATH_MAX];
};

/* Writes @val to @file of the walker's cgroup; returns ns taken and the errno in *e. */
static long long timed_write(const struct ls_run *r, const char *file, const char *val, int *e)
{
	double t0 = mono_now();
	*e = memcg_write(r->s.cg.dir, file, val);
	return (long long)((mono_now() - t0) * 1e9);
}

static const char *result_name(int e)
{
	return e ? strerrorname_np(e) : "ok";
}

/* Prints PREFIX_KEY=V for a number (-1: absent). */
static void put_num(const char *prefix, const char *key, long long v)
{
	char k[96];
	snprintf(k, sizeof(k), "%s_%s", prefix, key);
	wl_put(k, "%lld", v);
}

static void put_str(const char *prefix, const char *key, const char *v)
{
	char k[96];
	snprintf(k, sizeof(k), "%s_%s", prefix, key);
	wl_put(k, "%s", v);
}

/* The cgroup's failure counters after a write: failcnt (v1) / events max (v2), oom, oom_kill. */
static void put_failures(struct ls_run *r, const char *p)
{
	const struct memcg *m = &r->s.cg;
	if (m->version == 1) {
		put_num(p, "failcnt", memcg_read_num(m->dir, "memory.failcnt"));
		put_num(p, "oom_kill", memcg_read_key(m->dir, "memory.oom_control", "oom_kill"));
	} else {
		put_num(p, "failcnt", memcg_read_key(m->dir, "memory.events", "max"));
		put_num(p, "oom", memcg_read_key(m->dir, "memory.events", "oom"));
		put_num(p, "oom_kill", memcg_read_key(m->dir, "memory.events", "oom_kill"));
	}
	put_str(p, "walker", cgsplit_state(&r->s));
}

/* One lowered limit: write, time, record what followed. */
static void limit_step(struct ls_run *r, int k, long long limit)
{
	char p[32], val[32];
	int e;
	snprintf(p, sizeof(p), "shrink_%d", k);
	snprintf(val, sizeof(val), "%lld", limit);
	long long ns = timed_write(r, memcg_limit_file(&r->s.cg), val, &e);
	put_num(p, "limit_bytes", limit);
	put_num(p, "ns", ns);
	put_str(p, "result", result_name(e));
	put_num(p, "usage_after", memcg_usage(&r->s.cg));
	put_num(p, "kmem_after", memcg_kmem(&r->s.cg));
	put_failures(r, p);
}

/* Lowers the limit from @usage in halving steps; then lifts it again. */
static void limit_steps(struct ls_run *r, long long usage)
{
	int k = 1, e;
	for (; k <= r->ctx->val[O_STEPS]; k++) {
		long long limit = (usage >> k) & ~4095LL;
		if (limit < r->ctx->val[O_MIN_LIMIT] || strcmp(cgsplit_state(&r->s), "alive"))
			break;
		limit_step(r, k, limit);
	}
	wl_put("shrink_steps", "%d", k - 1);
	e = memcg_write(r->s.cg.dir, memcg_limit_file(&r->s.cg),
			r->s.cg.version == 1 ? "-1" : "max");
	wl_put("shrink_restore", "%s", result_name(e));
}

/* Explicit shrink of phase @ph: memory.reclaim writes (v2) or one memory.force_empty (v1). */
static void explicit_shrink(struct ls_run *r, const char *ph)
{
	const struct memcg *m = &r->s.cg;
	char p[48], pi[72], val[32];
	long long before = memcg_usage(m), total = 0;
	int n = m->version == 1 ? 1 : (int)r->ctx->val[O_WRITES], e;
	snprintf(p, sizeof(p), "reclaim_%s", ph);
	put_num(p, "before", before);
	put_num(p, "kmem_before", memcg_kmem(m));
	put_num(p, "file_before", memcg_file(m));
	snprintf(val, sizeof(val), "%lld", r->ctx->val[O_RECLAIM]);
	for (int i = 1; i <= n; i++) {
		const char *knob = m->version == 1 ? "memory.force_empty" : "memory.reclaim";
		long long ns = timed_write(r, knob, m->version == 1 ? "0" : val, &e);
		total += ns;
		snprintf(pi, sizeof(pi), "%s_%d", p, i);
		put_num(pi, "ns", ns);
		put_str(pi, "result", result_name(e));
		put_num(pi, "usage_after", memcg_usage(m));
	}
	long long after = memcg_usage(m);
	put_num(p, "after", after);
	put_num(p, "kmem_after", memcg_kmem(m));
	put_num(p, "file_after", memcg_file(m));
	put_num(p, "ns", total);
	put_num(p, "freed_bytes", before - after);
	put_num(p, "bytes_per_s",
		total > 0 ? (long long)((double)(before - after) * 1e9 / (double)total) : 0);
	put_failures(r, p);
}

/* Walks (or reads the file) in the walker; records how long and how it ended. */
static int walker_do(struct ls_run *r, char cmd, const char *key)
{
	double t0 = mono_now();
	enum cgsplit_result res = cgsplit_do(&r->s, cmd, (double)r->ctx->val[O_WAIT]);
	put_num(key, "us", (long long)((mono_now() - t0) * 1e6));
	put_str(key, "result", cgsplit_result_name(res));
	return res == CGS_DONE ? 0 : -1;
}

/* Drops the file's pages (clean since prepare) so that the walker's read charges them. */
static void evict_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
		close(fd);
	}
}

/* Fill, lowered limits, then the explicit shrink of slab and of page cache. */
static void ls_phases(struct ls_run *r)
{
	const struct memcg *m = &r->s.cg;
	if (walker_do(r, 'w', "fill"))
		return;
	long long usage = memcg_usage(m);
	wl_put("usage_bytes", "%lld", usage);
	wl_put("kmem_bytes", "%lld", memcg_kmem(m));
	wl_put("entries", "%lld", cgsplit_counts(&r->s)->entries);
	limit_steps(r, usage);
	if (strcmp(cgsplit_state(&r->s), "alive") || walker_do(r, 'w', "refill"))
		return;
	explicit_shrink(r, "slab");
	if (!r->ctx->val[O_CACHE])
		return;
	evict_file(r->file);
	if (walker_do(r, 'r', "read"))
		return;
	explicit_shrink(r, "cache");
}

static int ls_run(const struct wl_ctx *ctx)
{
	static struct ls_run r;
	char tree[PATH_MAX], err[512];
	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	walktree_path(ctx, tree, sizeof(tree));
	snprintf(r.file, sizeof(r.file), "%s/%s", ctx->dir, LS_FILE);
	if (cgsplit_start(&r.s, tree, r.file, err, sizeof(err)) < 0) {
		fprintf(stderr, "limit-shrink: %s\n", err);
		return -1;
	}
	wl_put("cgroup_version", "%d", r.s.cg.version);
	wl_put("reclaim_knob", "%s", r.s.cg.version == 1 ? "memory.force_empty" : "memory.reclaim");
	ls_phases(&r);
	const struct ew_counts *c = cgsplit_counts(&r.s);
	long long enomem = 0;
	for (int i = 0; i < EW_NSYS; i++)
		enomem += c->enomem[i];
	wl_put("walker_enomem", "%lld", enomem);
	wl_put("walker_end", "%s", cgsplit_state(&r.s));
	cgsplit_stop(&r.s);
	fflush(stdout);
	return 0;
}

/* Removes the tree and the file (everything in the scratch dir but the marker). */
static int ls_cleanup(const struct wl_ctx *ctx)
{
	return wl_empty_dir("limit-shrink", ctx->dir);
}

const struct workload wl_limit_shrink = {
    .name = "limit-shrink",
    .summary = "fill the own cgroup with dentries+inodes, lower its hard limit below usage in "
	       "halving steps, then memory.reclaim (v2) / memory.force_empty (v1): every write "
	       "timed and recorded (run it at `unlimited`)",
    .opts = ls_opts,
    .nopts = O_NOPTS,
    .prepare = ls_prepare,
    .run = ls_run,
    .cleanup = ls_cleanup,
    .experiment = true,
};

WL_MAIN(wl_limit_shrink)
