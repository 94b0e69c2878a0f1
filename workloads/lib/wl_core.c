/* wl_core.c - workload lookup, options, key=value reporting, small helpers, standalone driver. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/statvfs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "scratch.h"
#include "size.h"
#include "wl.h"

#define WL_DEFAULT_SCRATCH "/var/tmp/kmembench-scratch"

int wl_opt_index(const struct workload *wl, const char *name)
{
	if (!wl || !name)
		return -1;
	for (size_t i = 0; i < wl->nopts; i++)
		if (!strcmp(wl->opts[i].name, name))
			return (int)i;
	return -1;
}

/* Formats @v compactly: with the largest exact K/M/G suffix for sizes. */
static void fmt_value(const struct wl_opt *o, long long v, char *buf, size_t len)
{
	if (o->kind == WL_OPT_SIZE && v > 0)
		size_format((uint64_t)v, buf, len);
	else
		snprintf(buf, len, "%lld", v);
}

/* Describes what option @o accepts, e.g. "integer 1..1000". */
static void fmt_accepted(const struct wl_opt *o, char *buf, size_t len)
{
	char lo[32], hi[32];
	if (o->kind == WL_OPT_BOOL) {
		snprintf(buf, len, "0 or 1");
		return;
	}
	fmt_value(o, o->min, lo, sizeof(lo));
	fmt_value(o, o->max, hi, sizeof(hi));
	snprintf(buf, len, "%s %s..%s",
		 o->kind == WL_OPT_SIZE ? "size with optional K/M/G suffix" : "integer", lo, hi);
}

/* Writes the one-line parse error for @o and @text into @err; returns -1. */
static int parse_fail(const struct wl_opt *o, const char *text, const char *why, char *err,
		      size_t errlen)
{
	char acc[128];
	fmt_accepted(o, acc, sizeof(acc));
	if (err && errlen)
		snprintf(err, errlen, "%s: bad value '%s': %s (accepted: %s)", o->name,
			 text ? text : "", why, acc);
	return -1;
}

int wl_opt_parse(const struct wl_opt *o, const char *text, long long *out, char *err, size_t errlen)
{
	uint64_t v = 0;
	int shift = 0;

	if (!text || !*text)
		return parse_fail(o, text, "empty", err, errlen);
	if (*text == '-')
		return parse_fail(o, text, "negative", err, errlen);
	switch (size_scan(text, LLONG_MAX, o->kind == WL_OPT_SIZE, &v, &shift)) {
	case SIZE_SCAN_NOT_NUMBER:
		return parse_fail(o, text, "not a number", err, errlen);
	case SIZE_SCAN_TOO_LARGE:
		return parse_fail(o, text, "too large", err, errlen);
	case SIZE_SCAN_JUNK:
		return parse_fail(o, text, "trailing junk", err, errlen);
	case SIZE_SCAN_OK:
		break;
	}
	if (v > (uint64_t)LLONG_MAX >> shift)
		return parse_fail(o, text, "too large", err, errlen);
	v <<= shift;
	if ((long long)v < o->min || (long long)v > o->max)
		return parse_fail(o, text, "out of range", err, errlen);
	*out = (long long)v;
	return 0;
}

void wl_ctx_defaults(const struct workload *wl, struct wl_ctx *ctx)
{
	for (size_t i = 0; i < wl->nopts && i < WL_MAX_OPTS; i++)
		ctx->val[i] = wl->opts[i].def;
}

/* ---- reporting ---------------------------------------------------------- */

void wl_put(const char *key, const char *fmt, ...)
{
	va_list ap;
	printf("%s=", key);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* A struct timeval in seconds. */
static double tv_s(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

void wl_put_rusage(const struct rusage *ru0)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	wl_put("user_s", "%.6f", tv_s(&ru.ru_utime) - tv_s(&ru0->ru_utime));
	wl_put("sys_s", "%.6f", tv_s(&ru.ru_stime) - tv_s(&ru0->ru_stime));
}

int wl_empty_dir(const char *who, const char *dir)
{
	if (scratch_empty(dir)) {
		fprintf(stderr, "%s: cannot empty %s: %s\n", who, dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* ---- standalone driver ------------------------------------------------- */

enum wl_phase { PH_ALL, PH_PREPARE, PH_RUN, PH_CLEANUP };

struct wl_args {
	enum wl_phase phase;
	int phase_set;
	int help;
	const char *dir;
	char defdir[256];
};

/* Prints the generated --help text for @wl on @f. */
static void print_help(const struct workload *wl, FILE *f)
{
	fprintf(f,
		"usage: %s [--dir DIR] [--OPT=V | --OPT V ...] [-v] [--help] "
		"[prepare|run|cleanup|all]\n",
		wl->name);
	fprintf(f, "%s\n\n", wl->summary);
	fprintf(f, "phases:\n"
		   "  prepare   make DIR a marked scratch tree and build the workload's state\n"
		   "  run       the measured part; prints key=value lines on stdout\n"
		   "  cleanup   remove the marked scratch tree DIR\n"
		   "  all       prepare, run, cleanup (default)\n\n");
	fprintf(f, "options:\n");
	fprintf(f, "  %-18s scratch directory (default %s/%s)\n", "--dir DIR", WL_DEFAULT_SCRATCH,
		wl->name);
	for (size_t i = 0; i < wl->nopts; i++) {
		const struct wl_opt *o = &wl->opts[i];
		char def[32], acc[128], left[64];
		fmt_value(o, o->def, def, sizeof(def));
		fmt_accepted(o, acc, sizeof(acc));
		snprintf(left, sizeof(left), "--%s=%s", o->name,
			 o->kind == WL_OPT_SIZE	  ? "SIZE"
			 : o->kind == WL_OPT_BOOL ? "0|1"
						  : "N");
		fprintf(f, "  %-18s %s (default %s; %s)\n", left, o->help, def, acc);
	}
	fprintf(f, "  %-18s progress on stderr\n  %-18s this text\n", "-v", "--help");
}

/* Parses a phase word into *ph; -1 if it is not one. */
static int parse_phase(const char *s, enum wl_phase *ph)
{
	static const char *const names[] = {"all", "prepare", "run", "cleanup"};
	for (int i = 0; i < 4; i++)
		if (!strcmp(s, names[i])) {
			*ph = (enum wl_phase)i;
			return 0;
		}
	return -1;
}

/* Handles one `--NAME[=V]` workload option at argv[*i]; returns 0 or -1 (message printed). */
static int parse_wl_option(const struct workload *wl, struct wl_ctx *ctx, int argc, char **argv,
			   int *i)
{
	char name[64], err[256];
	const char *arg = argv[*i] + 2, *eq = strchr(arg, '='), *val;
	size_t nlen = eq ? (size_t)(eq - arg) : strlen(arg);
	int idx;

	if (nlen >= sizeof(name)) {
		fprintf(stderr, "%s: unknown option '%.64s...' (see --help)\n", wl->name, argv[*i]);
		return -1;
	}
	memcpy(name, arg, nlen);
	name[nlen] = '\0';
	idx = wl_opt_index(wl, name);
	if (idx < 0 || idx >= WL_MAX_OPTS) {
		fprintf(stderr, "%s: unknown option '%s' (see --help)\n", wl->name, argv[*i]);
		return -1;
	}
	if (eq) {
		val = eq + 1;
	} else if (*i + 1 < argc) {
		val = argv[++*i];
	} else {
		fprintf(stderr, "%s: option --%s needs a value (see --help)\n", wl->name, name);
		return -1;
	}
	if (wl_opt_parse(&wl->opts[idx], val, &ctx->val[idx], err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", wl->name, err);
		return -1;
	}
	return 0;
}

/* Handles --dir DIR / --dir=DIR at argv[*i]; returns 0 or -1 (message printed). */
static int parse_dir(const struct workload *wl, struct wl_args *a, int argc, char **argv, int *i)
{
	const char *arg = argv[*i];
	if (!strncmp(arg, "--dir=", 6))
		a->dir = arg + 6;
	else if (*i + 1 < argc)
		a->dir = argv[++*i];
	else
		a->dir = NULL;
	if (!a->dir || !*a->dir) {
		fprintf(stderr, "%s: --dir needs a non-empty absolute path\n", wl->name);
		return -1;
	}
	return 0;
}

/* Parses the whole command line into @a and @ctx; returns 0 or -1 (message printed). */
static int parse_args(const struct workload *wl, struct wl_ctx *ctx, struct wl_args *a, int argc,
		      char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		if (!strcmp(s, "--help") || !strcmp(s, "-h")) {
			a->help = 1;
		} else if (!strcmp(s, "-v")) {
			ctx->verbose++;
		} else if (!strcmp(s, "--dir") || !strncmp(s, "--dir=", 6)) {
			if (parse_dir(wl, a, argc, argv, &i))
				return -1;
		} else if (!strncmp(s, "--", 2) && s[2]) {
			if (parse_wl_option(wl, ctx, argc, argv, &i))
				return -1;
		} else if (s[0] == '-' || a->phase_set || parse_phase(s, &a->phase)) {
			fprintf(stderr,
				"%s: unexpected argument '%s' (accepted: one of prepare, run, "
				"cleanup, all, and options; see --help)\n",
				wl->name, s);
			return -1;
		} else {
			a->phase_set = 1;
		}
	}
	return 0;
}

/* Whether the filesystem of ctx->dir has room for what the workload makes: 0, or 1 with
 * one line on stderr naming the size, the need and the fix (an ENOSPC in the middle of a
 * trial would fail it and every later one). */
static int check_room(const struct workload *wl, const struct wl_ctx *ctx)
{
	unsigned long long inodes = 0, bytes = 0;
	struct statvfs v;
	if (!wl->footprint || statvfs(ctx->dir, &v) < 0)
		return 0;
	wl->footprint(ctx, &inodes, &bytes);
	unsigned long long fr = v.f_frsize ? v.f_frsize : v.f_bsize;
	unsigned long long free_b = (unsigned long long)v.f_bavail * fr;
	/* f_files 0: inodes made on demand (btrfs); the bytes test covers them */
	bool short_i = v.f_files && inodes > (unsigned long long)v.f_favail;
	if (!short_i && bytes <= free_b)
		return 0;
	fprintf(stderr,
		"%s: scratch filesystem full (%lluM at %s: %llu inodes and %lluM free): %s needs "
		"about %llu inodes and %lluM; use a larger --fs-size, another --fs, or fewer "
		"files\n",
		wl->name, (unsigned long long)v.f_blocks * fr >> 20, ctx->dir,
		(unsigned long long)v.f_favail, free_b >> 20, wl->name, inodes, (bytes >> 20) + 1);
	return 1;
}

/* prepare phase: mark the scratch tree, check its room, build the workload's state. */
static int do_prepare(const struct workload *wl, const struct wl_ctx *ctx)
{
	char err[512];
	if (scratch_make(ctx->dir, (long)getpid(), err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", wl->name, err);
		return 1;
	}
	if (check_room(wl, ctx))
		return 1;
	return wl->prepare(ctx) ? 1 : 0;
}

/* run phase: only inside an already prepared (marked) tree. */
static int do_run(const struct workload *wl, const struct wl_ctx *ctx)
{
	if (!scratch_is_marked(ctx->dir)) {
		fprintf(stderr, "%s: %s is not a prepared scratch tree (run prepare first)\n",
			wl->name, ctx->dir);
		return 1;
	}
	fflush(stdout);
	int rc = wl->run(ctx);
	return rc == 2 ? 2 : rc ? 1 : 0;
}

/* cleanup phase: workload cleanup, then remove the whole marked tree. */
static int do_cleanup(const struct workload *wl, const struct wl_ctx *ctx)
{
	if (access(ctx->dir, F_OK) && errno == ENOENT)
		return 0;
	if (!scratch_is_marked(ctx->dir)) {
		fprintf(stderr, "%s: refusing to clean %s: not a kmembench scratch tree\n",
			wl->name, ctx->dir);
		return 2;
	}
	int rc = wl->cleanup(ctx) ? 1 : 0;
	if (scratch_remove(ctx->dir)) {
		fprintf(stderr, "%s: cannot remove %s: %s\n", wl->name, ctx->dir, strerror(errno));
		rc = 1;
	}
	return rc;
}

/* Runs the selected phase(s); `all` always cleans up after a prepare. */
static int run_phases(const struct workload *wl, const struct wl_ctx *ctx, enum wl_phase ph)
{
	int rc;
	switch (ph) {
	case PH_PREPARE:
		return do_prepare(wl, ctx);
	case PH_RUN:
		return do_run(wl, ctx);
	case PH_CLEANUP:
		return do_cleanup(wl, ctx);
	case PH_ALL:
	default:
		rc = do_prepare(wl, ctx);
		if (!rc)
			rc = do_run(wl, ctx);
		int crc = do_cleanup(wl, ctx);
		return rc ? rc : crc;
	}
}

int wl_main(const struct workload *wl, int argc, char **argv)
{
	struct wl_ctx ctx = {0};
	struct wl_args a = {.phase = PH_ALL};
	char err[512];

	wl_ctx_defaults(wl, &ctx);
	if (parse_args(wl, &ctx, &a, argc, argv))
		return 2;
	if (a.help) {
		print_help(wl, stdout);
		return 0;
	}
	if (!a.dir) {
		snprintf(a.defdir, sizeof(a.defdir), "%s/%s", WL_DEFAULT_SCRATCH, wl->name);
		a.dir = a.defdir;
	}
	if (scratch_check(a.dir, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", wl->name, err);
		return 2;
	}
	ctx.dir = a.dir;
	return run_phases(wl, &ctx, a.phase);
}
