/* enomem_walk.c - walk dentry-walk's tree under a limit below its working set, never
 * stopping at an error, and count calls and errors (ENOMEM, other) per syscall; with
 * oom_kill_disable=1 (cgroup v1 memory.oom_control) failed kmem charges become ENOMEM.
 */
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "cgsplit.h"
#include "walktree.h"
#include "wl.h"

enum { O_FANOUT, O_DEPTH, O_FILES, O_LIMIT, O_OOM_KILL_DISABLE, O_WAIT, O_NOPTS };

static const struct wl_opt ew_opts[] = {
    [O_FANOUT] = {"fanout", WL_OPT_COUNT, 10, 1, 1000, "subdirectories per inner directory"},
    [O_DEPTH] = {"depth", WL_OPT_COUNT, 1, 0, 8, "levels of subdirectories below the tree root"},
    [O_FILES] = {"files", WL_OPT_COUNT, 2000, 0, 1000000, "empty files per leaf directory"},
    [O_LIMIT] = {"limit", WL_OPT_SIZE, 0, 0, 1LL << 40,
		 "hard limit the driver writes before the walk (0: the trial's own)"},
    [O_OOM_KILL_DISABLE] = {"oom_kill_disable", WL_OPT_BOOL, 0, 0, 1,
			    "cgroup v1 memory.oom_control oom_kill_disable during the walk "
			    "(v1 only: v2 has none)"},
    [O_WAIT] = {"wait", WL_OPT_COUNT, 30, 1, 3600,
		"seconds to wait for the walk before it counts as hung and is killed"},
};

extern const struct workload wl_enomem_walk;

static int ew_prepare(const struct wl_ctx *ctx)
{
	return walktree_prepare(&wl_enomem_walk, ctx);
}

/* The v1 OOM state (oom_control) or the v2 events after the walk. */
static void put_oom_state(const struct memcg *m)
{
	if (m->version == 1) {
		wl_put("failcnt", "%lld", memcg_read_num(m->dir, "memory.failcnt"));
		wl_put("under_oom", "%lld",
		       memcg_read_key(m->dir, "memory.oom_control", "under_oom"));
		wl_put("oom_kill", "%lld",
		       memcg_read_key(m->dir, "memory.oom_control", "oom_kill"));
	} else {
		wl_put("failcnt", "%lld", memcg_read_key(m->dir, "memory.events", "max"));
		wl_put("oom", "%lld", memcg_read_key(m->dir, "memory.events", "oom"));
		wl_put("oom_kill", "%lld", memcg_read_key(m->dir, "memory.events", "oom_kill"));
	}
}

/* Limit and oom_control before the walk; 0, or -1 after one line on stderr. */
static int ew_setup(const struct wl_ctx *ctx, struct cgsplit *s)
{
	char val[32];
	int e;
	if (ctx->val[O_LIMIT]) {
		snprintf(val, sizeof(val), "%lld", ctx->val[O_LIMIT]);
		if ((e = memcg_write(s->cg.dir, memcg_limit_file(&s->cg), val))) {
			fprintf(stderr, "enomem-walk: cannot set limit %s: %s\n", val, strerror(e));
			return -1;
		}
	}
	if (ctx->val[O_OOM_KILL_DISABLE] &&
	    (e = memcg_write(s->cg.dir, "memory.oom_control", "1"))) {
		fprintf(stderr, "enomem-walk: cannot set oom_kill_disable: %s\n", strerror(e));
		return -1;
	}
	long long lim = memcg_read_num(s->cg.dir, memcg_limit_file(&s->cg));
	wl_put("limit_bytes", "%lld", lim);
	wl_put("oom_kill_disable", "%lld",
	       s->cg.version == 1
		   ? memcg_read_key(s->cg.dir, "memory.oom_control", "oom_kill_disable")
		   : 0);
	return 0;
}

/* Walks once, records, and undoes oom_kill_disable before the walker is killed. */
static void ew_walk(const struct wl_ctx *ctx, struct cgsplit *s)
{
	double t0 = mono_now();
	enum cgsplit_result res = cgsplit_do(s, 'w', (double)ctx->val[O_WAIT]);
	wl_put("walk_s", "%.6f", mono_now() - t0);
	wl_put("walk_result", "%s", cgsplit_result_name(res));
	wl_put("usage_bytes", "%lld", memcg_usage(&s->cg));
	wl_put("kmem_bytes", "%lld", memcg_kmem(&s->cg));
	put_oom_state(&s->cg);
	wl_put("walker_end", "%s", cgsplit_state(s));
	const struct ew_counts *c = cgsplit_counts(s);
	wl_put("entries", "%lld", c->entries);
	errwalk_put(c, "");
}

static int ew_run(const struct wl_ctx *ctx)
{
	struct cgsplit s;
	struct memcg m;
	char tree[PATH_MAX], err[512];
	if (memcg_find(&m, err, sizeof(err)) < 0) {
		fprintf(stderr, "enomem-walk: %s\n", err);
		return -1;
	}
	if (ctx->val[O_OOM_KILL_DISABLE] && m.version != 1) {
		fprintf(stderr,
			"enomem-walk: oom_kill_disable=1 needs cgroup v1 (memory.oom_control); "
			"v2 has no way to disable the OOM killer, only memory.oom.group\n");
		return 2;
	}
	walktree_path(ctx, tree, sizeof(tree));
	if (cgsplit_start(&s, tree, NULL, err, sizeof(err)) < 0) {
		fprintf(stderr, "enomem-walk: %s\n", err);
		return -1;
	}
	int rc = ew_setup(ctx, &s);
	if (!rc)
		ew_walk(ctx, &s);
	if (ctx->val[O_OOM_KILL_DISABLE])
		memcg_write(s.cg.dir, "memory.oom_control", "0"); /* wakes any OOM waiter */
	cgsplit_stop(&s);
	fflush(stdout);
	return rc;
}

static int ew_cleanup(const struct wl_ctx *ctx)
{
	return wl_empty_dir("enomem-walk", ctx->dir);
}

const struct workload wl_enomem_walk = {
    .name = "enomem-walk",
    .summary = "walk a prepared tree under a limit below its working set, counting calls and "
	       "ENOMEM per syscall (oom_kill_disable=1: the v1 OOM killer off)",
    .opts = ew_opts,
    .nopts = O_NOPTS,
    .prepare = ew_prepare,
    .run = ew_run,
    .cleanup = ew_cleanup,
    .experiment = true,
    .v1_only = "oom_kill_disable",
};

WL_MAIN(wl_enomem_walk)
