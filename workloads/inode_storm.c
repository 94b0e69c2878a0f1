/* inode_storm.c - churn the dentry and inode caches: N random operations over a
 * working set of file and directory slots spread across bucket directories.
 * An absent slot is created (open O_CREAT|O_EXCL + close, or mkdir); a present
 * one is either stat'ed or removed (unlink / rmdir), so about two thirds of
 * the working set exists at any time and the caches grow and churn.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"
#include "wl.h"

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

enum { O_OPS, O_FILES, O_DIRS, O_BUCKETS, O_SEED, O_NOPTS };

static const struct wl_opt is_opts[] = {
    [O_OPS] = {"ops", WL_OPT_COUNT, 300000, 1, 1000000000, "operations per run"},
    [O_FILES] = {"files", WL_OPT_COUNT, 50000, 1, 10000000, "file slots in the working set"},
    [O_DIRS] = {"dirs", WL_OPT_COUNT, 5000, 0, 1000000, "directory slots in the working set"},
    [O_BUCKETS] = {"buckets", WL_OPT_COUNT, 64, 1, 4096, "directories the slots are spread over"},
    [O_SEED] = {"seed", WL_OPT_COUNT, 1, 0, 4294967295LL, "random seed (same seed, same ops)"},
};

/* Per-kind operation counters. */
struct is_counts {
	long long creates, mkdirs, stats, unlinks, rmdirs, tidy;
};

struct is_state {
	const struct wl_ctx *ctx;
	int *bucket_fd;
	unsigned char *present; /* one byte per slot */
	long long nslots;
	uint64_t rng;
	struct is_counts n;
};

/* xorshift64*: cheap, deterministic for a seed. */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* Name of bucket @b. */
static void bucket_name(long long b, char *buf, size_t len)
{
	snprintf(buf, len, "b%lld", b);
}

/* ---- prepare / cleanup ------------------------------------------------- */

/* Empties the scratch dir and creates the bucket directories. */
static int is_prepare(const struct wl_ctx *ctx)
{
	char name[24];
	int dfd;

	if (wl_empty_dir("inode-storm", ctx->dir))
		return -1;
	dfd = open(ctx->dir, DIR_FLAGS);
	if (dfd < 0) {
		fprintf(stderr, "inode-storm: cannot open %s: %s\n", ctx->dir, strerror(errno));
		return -1;
	}
	for (long long b = 0; b < ctx->val[O_BUCKETS]; b++) {
		bucket_name(b, name, sizeof(name));
		if (mkdirat(dfd, name, 0755)) {
			fprintf(stderr, "inode-storm: cannot mkdir %s/%s: %s\n", ctx->dir, name,
				strerror(errno));
			close(dfd);
			return -1;
		}
	}
	close(dfd);
	return 0;
}

/* Removes everything but the marker. */
static int is_cleanup(const struct wl_ctx *ctx)
{
	return wl_empty_dir("inode-storm", ctx->dir);
}

/* ---- run --------------------------------------------------------------- */

/* Reports failed @what on slot @name and returns -1. */
static int op_fail(const struct is_state *s, const char *what, long long slot, const char *name)
{
	char b[24];
	bucket_name(slot % s->ctx->val[O_BUCKETS], b, sizeof(b));
	fprintf(stderr, "inode-storm: cannot %s %s/%s/%s: %s\n", what, s->ctx->dir, b, name,
		strerror(errno));
	return -1;
}

/* Creates absent slot @slot (file or directory). EEXIST means it was there. */
static int op_create(struct is_state *s, int bfd, long long slot, const char *name, bool dir)
{
	int fd;
	if (dir) {
		if (mkdirat(bfd, name, 0755) && errno != EEXIST)
			return op_fail(s, "mkdir", slot, name);
		s->n.mkdirs++;
	} else {
		fd = openat(bfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd < 0 && errno != EEXIST)
			return op_fail(s, "create", slot, name);
		if (fd >= 0)
			close(fd);
		s->n.creates++;
	}
	s->present[slot] = 1;
	return 0;
}

/* Removes present slot @slot. ENOENT means it was already gone. */
static int op_remove(struct is_state *s, int bfd, long long slot, const char *name, bool dir)
{
	if (unlinkat(bfd, name, dir ? AT_REMOVEDIR : 0) && errno != ENOENT)
		return op_fail(s, dir ? "rmdir" : "unlink", slot, name);
	if (dir)
		s->n.rmdirs++;
	else
		s->n.unlinks++;
	s->present[slot] = 0;
	return 0;
}

/* Stats present slot @slot. */
static int op_stat(struct is_state *s, int bfd, long long slot, const char *name)
{
	struct stat st;
	if (fstatat(bfd, name, &st, AT_SYMLINK_NOFOLLOW)) {
		if (errno != ENOENT)
			return op_fail(s, "stat", slot, name);
		s->present[slot] = 0;
	}
	s->n.stats++;
	return 0;
}

/* One random operation on one random slot. */
static int one_op(struct is_state *s)
{
	uint64_t r = rng_next(&s->rng);
	long long slot = (long long)(r % (uint64_t)s->nslots);
	bool dir = slot >= s->ctx->val[O_FILES];
	int bfd = s->bucket_fd[slot % s->ctx->val[O_BUCKETS]];
	char name[24];

	snprintf(name, sizeof(name), "%c%lld", dir ? 'd' : 'f', slot);
	if (!s->present[slot])
		return op_create(s, bfd, slot, name, dir);
	if ((r >> 40) & 1)
		return op_stat(s, bfd, slot, name);
	return op_remove(s, bfd, slot, name, dir);
}

/* Removes every slot still present, so the next run starts from empty buckets. */
static int tidy(struct is_state *s)
{
	char name[24];
	for (long long slot = 0; slot < s->nslots; slot++) {
		if (!s->present[slot])
			continue;
		bool dir = slot >= s->ctx->val[O_FILES];
		int bfd = s->bucket_fd[slot % s->ctx->val[O_BUCKETS]];
		snprintf(name, sizeof(name), "%c%lld", dir ? 'd' : 'f', slot);
		if (unlinkat(bfd, name, dir ? AT_REMOVEDIR : 0) && errno != ENOENT)
			return op_fail(s, dir ? "rmdir" : "unlink", slot, name);
		s->present[slot] = 0;
		s->n.tidy++;
	}
	return 0;
}

/* Opens the bucket directories prepare made. */
static int open_buckets(struct is_state *s)
{
	char name[24];
	int dfd = open(s->ctx->dir, DIR_FLAGS);
	if (dfd < 0) {
		fprintf(stderr, "inode-storm: cannot open %s: %s\n", s->ctx->dir, strerror(errno));
		return -1;
	}
	for (long long b = 0; b < s->ctx->val[O_BUCKETS]; b++) {
		bucket_name(b, name, sizeof(name));
		s->bucket_fd[b] = openat(dfd, name, DIR_FLAGS);
		if (s->bucket_fd[b] < 0) {
			fprintf(stderr, "inode-storm: no bucket %s/%s (run prepare first): %s\n",
				s->ctx->dir, name, strerror(errno));
			close(dfd);
			return -1;
		}
	}
	close(dfd);
	return 0;
}

/* Prints the run's key=value results on stdout (CPU times since @ru0). */
static void is_report(const struct is_state *s, long long ops, double loop_s, double tidy_s,
		      const struct rusage *ru0)
{
	wl_put("ops", "%lld", ops);
	wl_put("creates", "%lld", s->n.creates);
	wl_put("mkdirs", "%lld", s->n.mkdirs);
	wl_put("stats", "%lld", s->n.stats);
	wl_put("unlinks", "%lld", s->n.unlinks);
	wl_put("rmdirs", "%lld", s->n.rmdirs);
	wl_put("tidy_ops", "%lld", s->n.tidy);
	wl_put("elapsed_s", "%.6f", loop_s);
	wl_put("ops_per_s", "%.0f", loop_s > 0 ? (double)ops / loop_s : 0.0);
	wl_put("tidy_s", "%.6f", tidy_s);
	wl_put_rusage(ru0);
	fflush(stdout);
}

/* Runs the operation loop, then tidies the working set away. */
static int storm(struct is_state *s)
{
	long long ops = s->ctx->val[O_OPS];
	struct rusage ru0;
	getrusage(RUSAGE_SELF, &ru0);
	double t0 = mono_now(), t1, t2;

	for (long long i = 0; i < ops; i++)
		if (one_op(s))
			return -1;
	t1 = mono_now();
	if (tidy(s))
		return -1;
	t2 = mono_now();
	is_report(s, ops, t1 - t0, t2 - t1, &ru0);
	return 0;
}

/* N random create/stat/unlink/mkdir/rmdir operations over the working set. */
static int is_run(const struct wl_ctx *ctx)
{
	struct is_state s = {.ctx = ctx};
	int rc = -1;

	s.nslots = ctx->val[O_FILES] + ctx->val[O_DIRS];
	s.rng = ((uint64_t)ctx->val[O_SEED] << 1) ^ 0x9e3779b97f4a7c15ULL;
	s.present = calloc((size_t)s.nslots, 1);
	s.bucket_fd = malloc(sizeof(int) * (size_t)ctx->val[O_BUCKETS]);
	if (!s.present || !s.bucket_fd) {
		fprintf(stderr, "inode-storm: out of memory\n");
		goto out;
	}
	for (long long b = 0; b < ctx->val[O_BUCKETS]; b++)
		s.bucket_fd[b] = -1;
	if (open_buckets(&s) == 0)
		rc = storm(&s);
out:
	for (long long b = 0; s.bucket_fd && b < ctx->val[O_BUCKETS]; b++)
		if (s.bucket_fd[b] >= 0)
			close(s.bucket_fd[b]);
	free(s.bucket_fd);
	free(s.present);
	return rc;
}

/* At most every slot present at once: a block per directory, ~32 bytes of entry per name. */
static void is_footprint(const struct wl_ctx *ctx, unsigned long long *inodes,
			 unsigned long long *bytes)
{
	unsigned long long f = (unsigned long long)ctx->val[O_FILES],
			   d = (unsigned long long)ctx->val[O_DIRS] +
			       (unsigned long long)ctx->val[O_BUCKETS];
	*inodes = f + d + 1;
	*bytes = (d + 1) * 4096 + (f + d) * 32;
}

const struct workload wl_inode_storm = {
    .name = "inode-storm",
    .summary = "random create/stat/unlink and mkdir/rmdir over a working set (dcache and "
	       "icache churn)",
    .opts = is_opts,
    .nopts = O_NOPTS,
    .prepare = is_prepare,
    .run = is_run,
    .cleanup = is_cleanup,
    .footprint = is_footprint,
};

WL_MAIN(wl_inode_storm)
