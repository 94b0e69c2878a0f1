/* micro_ops.h - the micro-benchmark operations: one kernel-object round trip each.
 *
 * Each entry of micro_ops[] is one operation that allocates kernel objects a
 * memory cgroup is charged for (SLAB_ACCOUNT caches, __GFP_ACCOUNT allocations)
 * and frees them again: open+close allocates a struct file, pipe+close a pipe,
 * its buffers, two files, an inode and a dentry, and so on. The Google Benchmark
 * shim (micro_gbench.cc) times `op` in a loop in each arm's cgroup; `kmembench
 * micro` validates names against this table. Nothing here knows about cgroups.
 *
 * Per timed block (one repetition of one op in one arm) the shim calls
 *   setup    untimed: makes the op's state (directories, a file, a queue), ctx->priv
 *   op       timed, many times: ONE operation that frees what it allocates
 *   teardown untimed: removes everything setup made and frees ctx->priv
 */
#ifndef KMB_MICRO_OPS_H
#define KMB_MICRO_OPS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Names stat-neg cycles through per block (see micro_ops.c): the bound on the
 * negative dentries one block leaves until its teardown frees them. */
#define MICRO_STAT_NEG_NAMES (1UL << 20)

struct micro_ctx {
	const char *disk;  /* a directory on a disk filesystem (inside the marked scratch tree) */
	const char *tmpfs; /* a directory on tmpfs */
	void *priv;	   /* the op's own state: made by setup, freed by teardown */
	const struct micro_op *self; /* the op this context runs (ops that share functions) */
};

struct micro_op {
	const char *name;    /* "open-close" */
	const char *summary; /* one line: what one operation does and what it charges */
	/* Untimed. 0, or -1 with errno set (and nothing left behind). */
	int (*setup)(struct micro_ctx *ctx);
	/* One operation; 0, or -1 with errno set. */
	int (*op)(struct micro_ctx *ctx);
	/* Untimed; undoes setup (also after a failed op). */
	void (*teardown)(struct micro_ctx *ctx);
	/* NULL, or the op times itself: runs @k ops and returns the ns they took as it
	 * measured them (the in-kernel loop's own clock), or -1 with errno set. */
	double (*block)(struct micro_ctx *ctx, long k);
};

/* The table, in the default order; micro_ops_count entries. */
extern const struct micro_op micro_ops[];
extern const size_t micro_ops_count;

/* The op called @name (micro_ops[], or an in-kernel loop op "k:..." of ops_kloop.h),
 * or NULL. */
const struct micro_op *micro_ops_find(const char *name);

/* Writes "open-close, stat-neg, ..." (every name) into @buf. */
void micro_ops_names(char *buf, size_t n);

/* Makes @dir a tmpfs: nothing to do when it already is one; otherwise the
 * calling process moves to a private mount namespace (unshare CLONE_NEWNS,
 * mounts made private) and mounts a small tmpfs on @dir there, so the mount
 * vanishes with the process even when it is SIGKILLed and other processes see
 * a plain empty directory. Needs CAP_SYS_ADMIN for the mount. 0, or -1 with
 * one line in @err. */
int micro_ops_tmpfs(const char *dir, char *err, size_t errlen);

/* Unmounts the tmpfs micro_ops_tmpfs mounted on @dir (if it did). */
void micro_ops_tmpfs_release(const char *dir);

#ifdef __cplusplus
}
#endif

#endif
