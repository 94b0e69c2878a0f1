/* micro_args.c - parse and validate `kmembench micro` arguments. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cliopt.h"
#include "micro_args.h"
#include "conf.h"
#include "outdir.h"
#include "scratch.h"
#include "util.h"

void micro_args_usage(FILE *f)
{
	char names[512];
	micro_ops_names(names, sizeof(names));
	fprintf(
	    f,
	    "usage: kmembench micro [-p PROFILE] [--ops LIST] [--arms LIST] [--time SEC]\n"
	    "                       [-o DIR] [--label TEXT] [--scratch DIR] [--caches]\n"
	    "                       [--caches-ops N]\n"
	    "  per-operation cost of kmem accounting: every op timed in every arm's cgroup by\n"
	    "  Google Benchmark, arms interleaved in random order in one process\n"
	    "  --ops    comma-separated, default all: %s\n"
	    "  --arms   root plus unlimited, HARD/SOFT, HARD or halve:HARD/SOFT:MINHARD\n"
	    "           (default %s); overheads are against root; root2 adds an A/A\n"
	    "           control arm, a second arm in the root cgroup (its overhead must be ~0)\n"
	    "  --time   the whole time budget in seconds, %.0f..%.0f (default %.0f)\n"
	    "  --caches then each op N times and 2N times (--caches-ops N, default %d) in a\n"
	    "           fresh unlimited cgroup under perf record of the kmem tracepoints:\n"
	    "           accounted objects and bytes per op and cache (show --caches)\n"
	    "  -p       read ops, arms, time, caches and caches_ops from the profile's [micro]\n"
	    "           section\n",
	    names, MICRO_CONF_DEFAULT_ARMS, MICRO_CONF_TIME_MIN, MICRO_CONF_TIME_MAX,
	    MICRO_CONF_DEFAULT_TIME, MICRO_CONF_CACHES_OPS);
}

struct cli {
	const char *profile, *ops, *arms, *time, *label, *outdir, *scratch, *caches_ops;
	bool caches;
};

static int collect(int argc, char **argv, struct cli *cl, char *err, size_t errlen)
{
	const struct cliopt opts[] = {
	    {"profile", 'p', &cl->profile, NULL},
	    {"ops", 0, &cl->ops, NULL},
	    {"arms", 0, &cl->arms, NULL},
	    {"time", 0, &cl->time, NULL},
	    {"output", 'o', &cl->outdir, NULL},
	    {"label", 0, &cl->label, NULL},
	    {"scratch", 0, &cl->scratch, NULL},
	    {"caches", 0, NULL, &cl->caches},
	    {"caches-ops", 0, &cl->caches_ops, NULL},
	};
	int rc =
	    cliopt_getopt(argc, argv, opts, sizeof(opts) / sizeof(opts[0]),
			  "accepted: -p, --ops, --arms, --time, -o, --label, --scratch, --caches, "
			  "--caches-ops",
			  err, errlen);
	if (rc)
		return rc;
	if (optind < argc) {
		strf(err, errlen, "unexpected argument '%s' (micro takes options only)",
		     argv[optind]);
		return -1;
	}
	return 0;
}

int micro_args_parse(int argc, char **argv, struct micro_conf *c, struct micro_plan *p,
		     bool *outdir_given, char *err, size_t errlen)
{
	struct cli cl = {0};
	micro_conf_defaults(c);
	int rc = collect(argc, argv, &cl, err, errlen);
	if (rc)
		return rc;
	if (cl.profile && micro_conf_profile(c, cl.profile, err, errlen) < 0)
		return -1;
	if (cl.ops && micro_conf_set_ops(c, cl.ops, err, errlen) < 0)
		return -1;
	if (cl.arms && micro_conf_set_arms(c, cl.arms, err, errlen) < 0)
		return -1;
	if (cl.time && micro_conf_parse_time(cl.time, &c->time_s, err, errlen) < 0)
		return -1;
	if (cl.caches_ops &&
	    micro_conf_parse_caches_ops(cl.caches_ops, &c->caches_ops, err, errlen) < 0)
		return -1;
	if (cl.caches || cl.caches_ops) /* --caches-ops N implies --caches */
		c->caches = true;
	if (cl.label) {
		if (conf_check_label(cl.label, err, errlen) < 0)
			return -1;
		snprintf(c->label, sizeof(c->label), "%s", cl.label);
	}
	if (cl.scratch)
		snprintf(c->scratch, sizeof(c->scratch), "%s", cl.scratch);
	*outdir_given = cl.outdir != NULL;
	if (cl.outdir) {
		if (strf(c->outdir, sizeof(c->outdir), "%s", cl.outdir) < 0) {
			snprintf(err, errlen, "output directory name too long");
			return -1;
		}
		if (outdir_check(c->outdir, err, errlen) < 0)
			return -1;
	}
	if (scratch_check(c->scratch, err, errlen) < 0)
		return -1;
	return micro_conf_plan(c, p, err, errlen);
}
