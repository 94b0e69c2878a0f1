/* micro_args.c - parse and validate `kmembench micro` arguments (the rows of measure/micro_opts.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "micro_args.h"
#include "micro_opts.h"
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

int micro_args_parse(int argc, char **argv, struct micro_conf *c, struct micro_plan *p,
		     bool *outdir_given, char *err, size_t errlen)
{
	struct opt_given g;
	micro_conf_defaults(c);
	int rc =
	    opt_getopt(argc, argv, micro_opts, micro_opts_n,
		       "accepted: -p, --ops, --arms, --time, -o, --label, --scratch, --caches, "
		       "--caches-ops",
		       &g, err, errlen);
	if (rc)
		return rc;
	if (optind < argc) {
		strf(err, errlen, "unexpected argument '%s' (micro takes options only)",
		     argv[optind]);
		return -1;
	}
	const char *profile = opt_arg(micro_opts, micro_opts_n, &g, "profile");
	if (profile && micro_conf_profile(c, profile, err, errlen) < 0)
		return -1;
	if (opt_apply_given(micro_opts, micro_opts_n, &g, c, err, errlen) < 0)
		return -1;
	*outdir_given = opt_arg(micro_opts, micro_opts_n, &g, "output") != NULL;
	if (*outdir_given && outdir_check(c->outdir, err, errlen) < 0)
		return -1;
	if (scratch_check(c->scratch, err, errlen) < 0)
		return -1;
	return micro_conf_plan(c, p, err, errlen);
}
