/* dentry_walk.c - populate a directory tree once, then walk it like find/du
 * but stat() every entry (openat + getdents64 + fstatat), so each entry
 * instantiates a dentry and an inode. Almost all the run time is in the kernel.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"
#include "wl.h"

#define DW_TREE	     "tree"
#define DW_PARTIAL   "tree.partial"
#define DW_PARAMS    "tree.params"
#define DW_MAX_LEVEL 64
#define DW_MAX_TOTAL 50000000LL
#define DIR_FLAGS    (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

enum { O_FANOUT, O_DEPTH, O_FILES, O_PASSES, O_BUFSIZE, O_NOPTS };

static const struct wl_opt dw_opts[] = {
    [O_FANOUT] = {"fanout", WL_OPT_COUNT, 10, 1, 1000, "subdirectories per inner directory"},
    [O_DEPTH] = {"depth", WL_OPT_COUNT, 3, 0, 8, "levels of subdirectories below the tree root"},
    [O_FILES] = {"files", WL_OPT_COUNT, 1000, 0, 1000000, "empty files per leaf directory"},
    [O_PASSES] = {"passes", WL_OPT_COUNT, 1, 1, 1000,
		  "walks per run (caches warm after the first)"},
    [O_BUFSIZE] = {"bufsize", WL_OPT_SIZE, 1 << 20, 4096, 64 << 20, "getdents64 buffer size"},
};

/* Shape of the tree the options describe. */
struct dw_shape {
	long long dirs, files; /* below the tree root */
};

/* Computes the tree shape from the options; -1 when it exceeds DW_MAX_TOTAL. */
static int dw_shape(const struct wl_ctx *ctx, struct dw_shape *s)
{
	long long level = 1;
	s->dirs = 0;
	for (long long d = 0; d < ctx->val[O_DEPTH]; d++) {
		level *= ctx->val[O_FANOUT];
		s->dirs += level;
		if (s->dirs > DW_MAX_TOTAL)
			return -1;
	}
	if (level > DW_MAX_TOTAL / (ctx->val[O_FILES] ? ctx->val[O_FILES] : 1))
		return -1;
	s->files = level * ctx->val[O_FILES];
	return s->dirs + s->files > DW_MAX_TOTAL ? -1 : 0;
}

/* ---- prepare ----------------------------------------------------------- */

struct dw_build {
	const struct wl_ctx *ctx;
	char path[PATH_MAX]; /* for messages only */
	long long made;
};

/* Reports a failed create of @name under b->path; returns -1. */
static int build_fail(const struct dw_build *b, const char *what, const char *name)
{
	fprintf(stderr, "dentry-walk: prepare: cannot %s %s/%s: %s\n", what, b->path, name,
		strerror(errno));
	return -1;
}

/* Creates the files of one leaf directory open at @fd. */
static int build_leaf(struct dw_build *b, int fd)
{
	char name[24];
	for (long long i = 0; i < b->ctx->val[O_FILES]; i++) {
		snprintf(name, sizeof(name), "f%lld", i);
		if (mknodat(fd, name, S_IFREG | 0644, 0))
			return build_fail(b, "create", name);
		b->made++;
	}
	return 0;
}

/* Builds the subtree of level @level in the directory open at @fd. */
static int build_level(struct dw_build *b, int fd, long long level)
{
	char name[24];
	size_t plen = strlen(b->path);
	int rc = 0;

	if (level == b->ctx->val[O_DEPTH])
		return build_leaf(b, fd);
	for (long long i = 0; i < b->ctx->val[O_FANOUT] && !rc; i++) {
		snprintf(name, sizeof(name), "d%lld", i);
		if (mkdirat(fd, name, 0755))
			return build_fail(b, "mkdir", name);
		b->made++;
		int sub = openat(fd, name, DIR_FLAGS);
		if (sub < 0)
			return build_fail(b, "open", name);
		snprintf(b->path + plen, sizeof(b->path) - plen, "/%s", name);
		rc = build_level(b, sub, level + 1);
		b->path[plen] = '\0';
		close(sub);
	}
	return rc;
}

/* Writes the option summary that identifies a prepared tree into @buf. */
static void params_text(const struct wl_ctx *ctx, char *buf, size_t len)
{
	snprintf(buf, len, "fanout=%lld depth=%lld files=%lld\n", ctx->val[O_FANOUT],
		 ctx->val[O_DEPTH], ctx->val[O_FILES]);
}

/* True when @dfd already holds a complete tree made with the same options. */
static bool tree_is_current(const struct wl_ctx *ctx, int dfd)
{
	char want[128], have[128];
	struct stat st;

	if (fstatat(dfd, DW_TREE, &st, AT_SYMLINK_NOFOLLOW) || !S_ISDIR(st.st_mode))
		return false;
	if (read_file_at(dfd, DW_PARAMS, O_NOFOLLOW, have, sizeof(have)) <= 0)
		return false;
	params_text(ctx, want, sizeof(want));
	return !strcmp(have, want);
}

/* Records the options of the finished tree in DW_PARAMS. */
static int write_params(const struct wl_ctx *ctx, int dfd)
{
	char buf[128];
	params_text(ctx, buf, sizeof(buf));
	int fd =
	    openat(dfd, DW_PARAMS, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	errno = EIO; /* reported if the write is short */
	ssize_t n = write(fd, buf, strlen(buf));
	int rc = (n == (ssize_t)strlen(buf)) ? 0 : -1;
	return close(fd) || rc ? -1 : 0;
}

/* Builds the tree as DW_PARTIAL in @dfd and renames it to DW_TREE when complete. */
static int build_tree(const struct wl_ctx *ctx, int dfd)
{
	struct dw_build b = {.ctx = ctx};
	int fd, rc;

	snprintf(b.path, sizeof(b.path), "%s/%s", ctx->dir, DW_PARTIAL);
	if (mkdirat(dfd, DW_PARTIAL, 0755))
		return build_fail(&b, "mkdir", "");
	fd = openat(dfd, DW_PARTIAL, DIR_FLAGS);
	if (fd < 0)
		return build_fail(&b, "open", "");
	rc = build_level(&b, fd, 0);
	close(fd);
	if (rc)
		return -1;
	if (renameat(dfd, DW_PARTIAL, dfd, DW_TREE) || write_params(ctx, dfd)) {
		fprintf(stderr, "dentry-walk: prepare: cannot finish %s/%s: %s\n", ctx->dir,
			DW_TREE, strerror(errno));
		return -1;
	}
	return 0;
}

/* Populates ctx->dir/tree once; an existing tree with the same options is kept. */
static int dw_prepare(const struct wl_ctx *ctx)
{
	struct dw_shape s;
	int dfd, rc;
	double t0 = mono_now();

	if (dw_shape(ctx, &s)) {
		fprintf(stderr, "dentry-walk: tree too large (accepted: at most %lld entries)\n",
			DW_MAX_TOTAL);
		return -1;
	}
	dfd = open(ctx->dir, DIR_FLAGS);
	if (dfd < 0) {
		fprintf(stderr, "dentry-walk: cannot open %s: %s\n", ctx->dir, strerror(errno));
		return -1;
	}
	if (tree_is_current(ctx, dfd)) {
		if (ctx->verbose)
			fprintf(stderr, "dentry-walk: %s/%s already prepared\n", ctx->dir, DW_TREE);
		close(dfd);
		return 0;
	}
	if (wl_empty_dir("dentry-walk", ctx->dir)) {
		close(dfd);
		return -1;
	}
	rc = build_tree(ctx, dfd);
	close(dfd);
	if (!rc && ctx->verbose)
		fprintf(stderr, "dentry-walk: prepared %lld dirs + %lld files in %.2f s\n", s.dirs,
			s.files, mono_now() - t0);
	return rc;
}

/* ---- run --------------------------------------------------------------- */

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

struct dw_walk {
	char *buf[DW_MAX_LEVEL]; /* one getdents64 buffer per recursion level */
	size_t bufsize;
	dev_t dev;
	long long entries, dirs, files;
	char path[PATH_MAX]; /* for messages only */
};

/* Reports a failed @what on @name under w->path; returns -1. */
static int walk_fail(const struct dw_walk *w, const char *what, const char *name)
{
	fprintf(stderr, "dentry-walk: run: %s %s/%s: %s\n", what, w->path, name, strerror(errno));
	return -1;
}

static int walk_dir(struct dw_walk *w, int fd, int level);

/* Descends into subdirectory @name of @fd. */
static int walk_sub(struct dw_walk *w, int fd, const char *name, int level)
{
	size_t plen = strlen(w->path);
	int sub = openat(fd, name, DIR_FLAGS), rc;

	if (sub < 0)
		return walk_fail(w, "cannot open", name);
	snprintf(w->path + plen, sizeof(w->path) - plen, "/%s", name);
	rc = walk_dir(w, sub, level + 1);
	w->path[plen] = '\0';
	close(sub);
	return rc;
}

/* Stats every entry of the directory open at @fd, recursing into directories
 * on the same filesystem. */
static int walk_dir(struct dw_walk *w, int fd, int level)
{
	struct stat st;
	char *buf;
	long n;

	if (level >= DW_MAX_LEVEL) {
		errno = ELOOP;
		return walk_fail(w, "too deep at", "");
	}
	if (!w->buf[level] && !(w->buf[level] = malloc(w->bufsize)))
		return walk_fail(w, "no memory for", "");
	buf = w->buf[level];
	while ((n = syscall(SYS_getdents64, fd, buf, w->bufsize)) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
			const char *name = d->d_name;
			off += d->d_reclen;
			if (name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2])))
				continue;
			if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW))
				return walk_fail(w, "cannot stat", name);
			w->entries++;
			if (!S_ISDIR(st.st_mode) || st.st_dev != w->dev) {
				w->files++;
				continue;
			}
			w->dirs++;
			if (walk_sub(w, fd, name, level))
				return -1;
		}
	}
	return n < 0 ? walk_fail(w, "cannot read", "") : 0;
}

/* One full walk of the tree at @dir_fd/DW_TREE. */
static int walk_once(struct dw_walk *w, int dir_fd, const char *dir)
{
	struct stat st;
	int fd = openat(dir_fd, DW_TREE, DIR_FLAGS), rc;

	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "dentry-walk: no prepared tree at %s/%s (run prepare first): %s\n",
			dir, DW_TREE, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	w->dev = st.st_dev;
	snprintf(w->path, sizeof(w->path), "%s/%s", dir, DW_TREE);
	w->entries = w->dirs = w->files = 0;
	rc = walk_dir(w, fd, 0);
	close(fd);
	return rc;
}

/* Prints the run's key=value results on stdout (CPU times since @ru0). */
static void dw_report(const struct dw_walk *w, long long passes, double elapsed,
		      const struct rusage *ru0)
{
	wl_put("entries", "%lld", w->entries);
	wl_put("dirs", "%lld", w->dirs);
	wl_put("files", "%lld", w->files);
	wl_put("passes", "%lld", passes);
	wl_put("elapsed_s", "%.6f", elapsed);
	wl_put("entries_per_s", "%.0f",
	       elapsed > 0 ? (double)(w->entries * passes) / elapsed : 0.0);
	wl_put_rusage(ru0);
	fflush(stdout);
}

/* Checks the walk saw the tree the options describe. */
static int check_shape(const struct wl_ctx *ctx, const struct dw_walk *w)
{
	struct dw_shape s;
	if (dw_shape(ctx, &s) == 0 && s.dirs == w->dirs && s.files == w->files)
		return 0;
	fprintf(stderr,
		"dentry-walk: %s/%s has %lld dirs + %lld files, not what the options describe "
		"(prepare again with the same options)\n",
		ctx->dir, DW_TREE, w->dirs, w->files);
	return -1;
}

/* Walks the prepared tree `passes` times and reports entries/s. */
static int dw_run(const struct wl_ctx *ctx)
{
	struct dw_walk *w = calloc(1, sizeof(*w));
	struct rusage ru0;
	int dfd = -1, rc = -1;
	double t0, t1;

	if (!w) {
		fprintf(stderr, "dentry-walk: out of memory\n");
		return -1;
	}
	w->bufsize = (size_t)ctx->val[O_BUFSIZE];
	dfd = open(ctx->dir, DIR_FLAGS);
	if (dfd < 0) {
		fprintf(stderr, "dentry-walk: cannot open %s: %s\n", ctx->dir, strerror(errno));
		goto out;
	}
	getrusage(RUSAGE_SELF, &ru0);
	t0 = mono_now();
	for (long long p = 0; p < ctx->val[O_PASSES]; p++)
		if (walk_once(w, dfd, ctx->dir))
			goto out;
	t1 = mono_now();
	if (check_shape(ctx, w))
		goto out;
	dw_report(w, ctx->val[O_PASSES], t1 - t0, &ru0);
	rc = 0;
out:
	if (dfd >= 0)
		close(dfd);
	for (int i = 0; i < DW_MAX_LEVEL; i++)
		free(w->buf[i]);
	free(w);
	return rc;
}

/* Removes the tree (everything in the workload's scratch dir but the marker). */
static int dw_cleanup(const struct wl_ctx *ctx)
{
	return wl_empty_dir("dentry-walk", ctx->dir);
}

/* The tree's inodes and bytes: a block per directory, ~32 bytes of entry per name. */
static void dw_footprint(const struct wl_ctx *ctx, unsigned long long *inodes,
			 unsigned long long *bytes)
{
	struct dw_shape s = {0};
	dw_shape(ctx, &s);
	*inodes = (unsigned long long)(s.dirs + s.files) + 1;
	*bytes =
	    (unsigned long long)(s.dirs + 1) * 4096 + (unsigned long long)(s.dirs + s.files) * 32;
}

const struct workload wl_dentry_walk = {
    .name = "dentry-walk",
    .summary = "walk a prepared tree with getdents64 + fstatat on every entry (dentry and "
	       "inode allocation, nearly all sys time)",
    .opts = dw_opts,
    .nopts = O_NOPTS,
    .prepare = dw_prepare,
    .run = dw_run,
    .cleanup = dw_cleanup,
    .footprint = dw_footprint,
};

WL_MAIN(wl_dentry_walk)
