/* negdent_storm.c - a negative-dentry storm: fstatat of names that do not exist, spread over
 * many directories, so every lookup leaves one charged, cleanly reclaimable dentry.
 *
 * prepare makes `dirs` empty directories d0..; run looks up `stats` distinct missing names,
 * name i in directory i % dirs (round robin, so every directory grows its negative children
 * at the same rate), each `namelen` characters long: names longer than the dentry's inline
 * name (DNAME_INLINE_LEN, 40 bytes on 64-bit 6.x, 32 before) add a charged external-name
 * kmalloc per dentry. With `passes` > 1 the same names are looked up again (cache hits: no
 * new dentry unless reclaim freed it). Nothing is created: the only charges are dentries
 * (and external names), plus the directories' dentries and inodes looked up again after the
 * harness dropped the caches. cleanup removes the directories, which frees their negative
 * dentries. kselftests' test_kmem_basic makes 100k such dentries.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"
#include "wl.h"

#define DIR_FLAGS    (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#define NAME_MAX_LEN 255

enum { O_STATS, O_DIRS, O_NAMELEN, O_PASSES, O_NOPTS };

static const struct wl_opt nd_opts[] = {
    [O_STATS] = {"stats", WL_OPT_COUNT, 400000, 1, 100000000,
		 "distinct missing names looked up per pass"},
    [O_DIRS] = {"dirs", WL_OPT_COUNT, 256, 1, 65536, "directories the names are spread over"},
    [O_NAMELEN] = {"namelen", WL_OPT_COUNT, 16, 8, NAME_MAX_LEN,
		   "characters per name (over 39: an external name kmalloc per dentry)"},
    [O_PASSES] = {"passes", WL_OPT_COUNT, 1, 1, 1000, "times every name is looked up"},
};

/* Writes the name of missing entry @i, @len characters ("n<hex>" padded with 'x'), into
 * @buf (at least NAME_MAX_LEN + 1 bytes). */
static void nd_name(unsigned long long i, long long len, char *buf)
{
	int n = snprintf(buf, NAME_MAX_LEN + 1, "n%llx", i);
	while (n < len)
		buf[n++] = 'x';
	buf[len] = '\0';
}

/* Makes the ctx->val[O_DIRS] directories (@fd NULL: prepare) or opens them into @fd. */
static int nd_dirs(const struct wl_ctx *ctx, int *fd)
{
	char name[24];
	int dfd = open(ctx->dir, DIR_FLAGS);
	if (dfd < 0) {
		fprintf(stderr, "negdent-storm: cannot open %s: %s\n", ctx->dir, strerror(errno));
		return -1;
	}
	for (long long d = 0; d < ctx->val[O_DIRS]; d++) {
		snprintf(name, sizeof(name), "d%lld", d);
		bool bad =
		    fd ? (fd[d] = openat(dfd, name, DIR_FLAGS)) < 0 : mkdirat(dfd, name, 0755) != 0;
		if (bad) {
			fprintf(stderr,
				fd ? "negdent-storm: no directory %s/%s (run prepare first): %s\n"
				   : "negdent-storm: cannot mkdir %s/%s: %s\n",
				ctx->dir, name, strerror(errno));
			close(dfd);
			return -1;
		}
	}
	close(dfd);
	return 0;
}

static int nd_prepare(const struct wl_ctx *ctx)
{
	if (wl_empty_dir("negdent-storm", ctx->dir))
		return -1;
	return nd_dirs(ctx, NULL);
}

static int nd_cleanup(const struct wl_ctx *ctx)
{
	return wl_empty_dir("negdent-storm", ctx->dir);
}

/* Every pass: fstatat of each missing name in its directory; ENOENT expected. */
static int nd_storm(const struct wl_ctx *ctx, const int *fd, long long *lookups)
{
	char name[NAME_MAX_LEN + 1];
	struct stat st;
	long long dirs = ctx->val[O_DIRS];
	for (long long p = 0; p < ctx->val[O_PASSES]; p++)
		for (long long i = 0; i < ctx->val[O_STATS]; i++) {
			nd_name((unsigned long long)i, ctx->val[O_NAMELEN], name);
			int dfd = fd[i % dirs];
			if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
				fprintf(stderr, "negdent-storm: %s/d%lld/%s exists\n", ctx->dir,
					i % dirs, name);
				return -1;
			}
			if (errno != ENOENT) {
				fprintf(stderr, "negdent-storm: cannot stat %s/d%lld/%s: %s\n",
					ctx->dir, i % dirs, name, strerror(errno));
				return -1;
			}
			(*lookups)++;
		}
	return 0;
}

static int nd_run(const struct wl_ctx *ctx)
{
	long long dirs = ctx->val[O_DIRS], lookups = 0;
	int *fd = malloc(sizeof(int) * (size_t)dirs), rc = -1;
	struct rusage ru0;
	if (!fd) {
		fprintf(stderr, "negdent-storm: out of memory\n");
		return -1;
	}
	for (long long d = 0; d < dirs; d++)
		fd[d] = -1;
	if (nd_dirs(ctx, fd) == 0) {
		getrusage(RUSAGE_SELF, &ru0);
		double t0 = mono_now();
		rc = nd_storm(ctx, fd, &lookups);
		double t = mono_now() - t0;
		if (rc == 0) {
			wl_put("lookups", "%lld", lookups);
			wl_put("dirs", "%lld", dirs);
			wl_put("namelen", "%lld", ctx->val[O_NAMELEN]);
			wl_put("elapsed_s", "%.6f", t);
			wl_put("lookups_per_s", "%.0f", t > 0 ? (double)lookups / t : 0.0);
			wl_put_rusage(&ru0);
			fflush(stdout);
		}
	}
	for (long long d = 0; d < dirs; d++)
		if (fd[d] >= 0)
			close(fd[d]);
	free(fd);
	return rc;
}

static const char *const nd_show[] = {"lookups_per_s", NULL};

const struct workload wl_negdent_storm = {
    .name = "negdent-storm",
    .summary = "fstatat of missing names spread over directories: reclaimable negative "
	       "dentries",
    .opts = nd_opts,
    .nopts = O_NOPTS,
    .show = nd_show,
    .prepare = nd_prepare,
    .run = nd_run,
    .cleanup = nd_cleanup,
};

WL_MAIN(wl_negdent_storm)
