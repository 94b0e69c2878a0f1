/* run_args.c - parse and validate `kmembench run` arguments. */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outdir.h"
#include "cliopt.h"
#include "run_args.h"
#include "scratch.h"
#include "size.h"
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

/* Command-line values applied over the profile once it is loaded. */
struct cli {
	const char *profile, *workloads, *ladder, *reps, *timeout, *label, *outdir, *scratch;
	const char *fs, *fs_size, *perf_reps, *caches_reps;
	bool no_drop, perf, caches;
};

/* getopt pass: collects raw values, reports unknown options. */
static int collect(int argc, char **argv, struct cli *cl, struct run_opts *o, char *err,
		   size_t errlen)
{
	const struct cliopt opts[] = {
	    {"profile", 'p', &cl->profile, NULL},
	    {"workloads", 'w', &cl->workloads, NULL},
	    {"ladder", 0, &cl->ladder, NULL},
	    {"reps", 'n', &cl->reps, NULL},
	    {"output", 'o', &cl->outdir, NULL},
	    {"label", 0, &cl->label, NULL},
	    {"timeout", 0, &cl->timeout, NULL},
	    {"scratch", 0, &cl->scratch, NULL},
	    {"no-drop-caches", 0, NULL, &cl->no_drop},
	    {"verbose", 'v', NULL, &o->verbose},
	    {"fs", 0, &cl->fs, NULL},
	    {"fs-size", 0, &cl->fs_size, NULL},
	    {"perf", 0, NULL, &cl->perf},
	    {"perf-reps", 0, &cl->perf_reps, NULL},
	    {"caches", 0, NULL, &cl->caches},
	    {"caches-reps", 0, &cl->caches_reps, NULL},
	};
	return cliopt_getopt(argc, argv, opts, sizeof(opts) / sizeof(opts[0]),
			     "see kmembench run --help", err, errlen);
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

/* --fs and --fs-size; --fs DIR is the scratch root itself, used as is. */
static int apply_fs(struct run_conf *c, const struct cli *cl, char *err, size_t errlen)
{
	if (cl->fs && scratchfs_parse(cl->fs, &c->fs, err, errlen) < 0)
		return -1;
	if (cl->fs_size && size_parse(cl->fs_size, &c->fs.size, err, errlen) < 0)
		return -1;
	if (scratchfs_is_loop(&c->fs))
		return 0;
	if (cl->fs_size) {
		strf(err, errlen,
		     "--fs-size '%s' sizes a filesystem kmembench makes, not --fs '%s' (give one)",
		     cl->fs_size, c->fs.dir);
		return -1;
	}
	if (cl->scratch && strcmp(cl->scratch, c->fs.dir)) {
		strf(err, errlen,
		     "--scratch '%s' and --fs '%s' name different directories (give one)",
		     cl->scratch, c->fs.dir);
		return -1;
	}
	snprintf(c->scratch, sizeof(c->scratch), "%s", c->fs.dir);
	return 0;
}

/* Applies -w, --ladder, -n, ... over the profile's values. */
static int apply(struct run_conf *c, const struct cli *cl, char *err, size_t errlen)
{
	if (cl->workloads && conf_set_workloads(c, cl->workloads, err, errlen) < 0)
		return -1;
	if (cl->ladder) {
		if (ladder_keep_spec(c->ladder_spec, sizeof(c->ladder_spec), cl->ladder, err,
				     errlen) < 0)
			return -1;
		for (size_t i = 0; i < c->nwl; i++)
			c->wls[i].ladder_spec[0] = '\0';
	}
	if (cl->reps && conf_parse_reps(cl->reps, &c->reps, err, errlen) < 0)
		return -1;
	if (cl->timeout) {
		if (conf_parse_timeout(cl->timeout, &c->timeout_s, err, errlen) < 0)
			return -1;
		for (size_t i = 0; i < c->nwl; i++)
			c->wls[i].timeout_s = 0;
	}
	if (cl->label) {
		if (conf_check_label(cl->label, err, errlen) < 0)
			return -1;
		snprintf(c->label, sizeof(c->label), "%s", cl->label);
	}
	if (cl->no_drop)
		c->drop_caches = false;
	if (cl->perf_reps && conf_parse_perf_reps(cl->perf_reps, &c->perf_reps, err, errlen) < 0)
		return -1;
	if (cl->perf || cl->perf_reps) /* --perf-reps N implies --perf */
		c->perf = true;
	if (cl->caches_reps &&
	    conf_parse_caches_reps(cl->caches_reps, &c->caches_reps, err, errlen) < 0)
		return -1;
	if (cl->caches || cl->caches_reps) /* likewise --caches-reps N */
		c->caches = true;
	if (cl->scratch)
		snprintf(c->scratch, sizeof(c->scratch), "%s", cl->scratch);
	if (cl->outdir)
		snprintf(c->outdir, sizeof(c->outdir), "%s", cl->outdir);
	return apply_fs(c, cl, err, errlen);
}

int run_args_parse(int argc, char **argv, struct run_conf *c, struct run_opts *o, char *err,
		   size_t errlen)
{
	struct cli cl = {0};
	conf_defaults(c);
	memset(o, 0, sizeof(*o));
	int rc = collect(argc, argv, &cl, o, err, errlen);
	if (rc)
		return rc;
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
	if (dashdash && cl.workloads) {
		snprintf(err, errlen, "-w '%s' and a command after -- exclude each other",
			 cl.workloads);
		return -1;
	}
	if (cl.profile && profile_load(c, cl.profile, err, errlen) < 0)
		return -1;
	if (apply(c, &cl, err, errlen) < 0)
		return -1;
	if (dashdash && set_command(c, argv + optind, err, errlen) < 0)
		return -1;
	if (conf_finalize(c, err, errlen) < 0)
		return -1;
	o->outdir_given = cl.outdir != NULL; /* "-o ''" is refused, not ignored */
	if (o->outdir_given && outdir_check(c->outdir, err, errlen) < 0)
		return -1;
	bool builtin = false;
	for (size_t i = 0; i < c->nwl; i++)
		builtin |= c->wls[i].wl != NULL;
	if ((builtin || c->perf || c->caches) && scratch_check(c->scratch, err, errlen) < 0)
		return -1;
	return 0;
}
