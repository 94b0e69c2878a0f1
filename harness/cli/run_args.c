/* run_args.c - parse and validate `kmembench run` arguments (the rows of measure/run_opts.c). */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outdir.h"
#include "run_args.h"
#include "run_opts.h"
#include "scratch.h"
#include "util.h"

void run_args_usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: kmembench run [-p PROFILE] [-w NAME[,NAME]] [--ladder SPEC] [-n REPS]\n"
	    "                     [-o DIR] [--label TEXT] [--timeout SEC] [--scratch DIR]\n"
	    "                     [--fs ext4|xfs|btrfs|DIR] [--fs-size SIZE] [--no-drop-caches]\n"
	    "                     [--perf] [--perf-reps N] [--caches] [--caches-reps N] [-v]\n"
	    "                     [-- CMD [ARGS...]]\n"
	    "  ladder SPEC: comma-separated root, unlimited, HARD/SOFT, HARD,\n"
	    "               halve:HARD/SOFT:MINHARD, auto   (sizes with K/M/G)\n"
	    "  fs: a fresh loop filesystem of that type (default ext4, %lluG sparse image in the\n"
	    "      --scratch root, default %s), or DIR: an existing scratch root used as is\n"
	    "  perf: after the timing trials, N (default 1) attribution trials per workload and\n"
	    "        step under perf record (cpu-clock, call graphs): the share of kernel samples\n"
	    "        in memcg accounting code; their timings never enter statistics\n"
	    "  caches: then N (default 1) breakdown trials per workload and step under perf\n"
	    "        record of the kmem tracepoints: objects and bytes accounted per slab cache,\n"
	    "        kmalloc call site and page order (show --caches); never timed either\n"
	    "  defaults without a profile: all workloads but the experiments and fio-meta (name\n"
	    "  them with -w), ladder %s, %d reps, timeout %.0f s\n",
	    SCRATCHFS_DEFAULT_SIZE >> 30, CONF_DEFAULT_SCRATCH, CONF_DEFAULT_LADDER,
	    CONF_DEFAULT_REPS, CONF_DEFAULT_TIMEOUT);
}

/* Makes the command after `--` the only workload. */
static int set_command(struct run_conf *c, char **argv, char *err, size_t errlen)
{
	char name[64];
	snprintf(name, sizeof(name), "%s", basename(argv[0]));
	if (!util_executable(argv[0])) {
		strf(err, errlen,
		     "command '%s' not found or not executable (give a program to run)", argv[0]);
		return -1;
	}
	c->nwl = 1;
	memset(&c->wls[0], 0, sizeof(c->wls[0]));
	snprintf(c->wls[0].name, sizeof(c->wls[0].name), "%s", name);
	c->wls[0].cmd_argv = argv;
	return 0;
}

/* --fs DIR is the scratch root itself, used as is: no --fs-size, no other --scratch. */
static int check_fs(struct run_conf *c, const struct opt_given *g, char *err, size_t errlen)
{
	const char *fs_size = opt_arg(run_opts, run_opts_n, g, "fs-size");
	const char *scratch = opt_arg(run_opts, run_opts_n, g, "scratch");
	if (scratchfs_is_loop(&c->fs))
		return 0;
	if (fs_size) {
		strf(err, errlen,
		     "--fs-size '%s' sizes a filesystem kmembench makes, not --fs '%s' (give one)",
		     fs_size, c->fs.dir);
		return -1;
	}
	if (scratch && strcmp(scratch, c->fs.dir)) {
		strf(err, errlen,
		     "--scratch '%s' and --fs '%s' name different directories (give one)", scratch,
		     c->fs.dir);
		return -1;
	}
	snprintf(c->scratch, sizeof(c->scratch), "%s", c->fs.dir);
	return 0;
}

int run_args_parse(int argc, char **argv, struct run_conf *c, struct run_opts *o, char *err,
		   size_t errlen)
{
	struct opt_given g;
	conf_defaults(c);
	memset(o, 0, sizeof(*o));
	int rc = opt_getopt(argc, argv, run_opts, run_opts_n, "see kmembench run --help", &g, err,
			    errlen);
	if (rc)
		return rc;
	const char *workloads = opt_arg(run_opts, run_opts_n, &g, "workloads");
	const char *profile = opt_arg(run_opts, run_opts_n, &g, "profile");
	o->verbose = opt_arg(run_opts, run_opts_n, &g, "verbose") != NULL;
	bool dashdash = optind > 1 && !strcmp(argv[optind - 1], "--");
	if (optind < argc && !dashdash) {
		snprintf(err, errlen, "unexpected argument '%s' (put a command after --)",
			 argv[optind]);
		return -1;
	}
	if (dashdash && optind == argc) {
		snprintf(err, errlen, "missing command after -- (e.g. -- du -s /usr)");
		return -1;
	}
	if (dashdash && workloads) {
		snprintf(err, errlen, "-w '%s' and a command after -- exclude each other",
			 workloads);
		return -1;
	}
	if (profile && profile_load(c, profile, err, errlen) < 0)
		return -1;
	if (opt_apply_given(run_opts, run_opts_n, &g, c, err, errlen) < 0 ||
	    check_fs(c, &g, err, errlen) < 0)
		return -1;
	if (dashdash && set_command(c, argv + optind, err, errlen) < 0)
		return -1;
	if (conf_finalize(c, err, errlen) < 0)
		return -1;
	/* "-o ''" is refused, not ignored */
	o->outdir_given = opt_arg(run_opts, run_opts_n, &g, "output") != NULL;
	if (o->outdir_given && outdir_check(c->outdir, err, errlen) < 0)
		return -1;
	bool builtin = false;
	for (size_t i = 0; i < c->nwl; i++)
		builtin |= c->wls[i].wl != NULL;
	if ((builtin || c->perf || c->caches) && scratch_check(c->scratch, err, errlen) < 0)
		return -1;
	return 0;
}
