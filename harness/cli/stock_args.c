/* stock_args.c - parse and validate `kmembench stock` arguments (rows of measure/stock_opts.c). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "outdir.h"
#include "stock_args.h"
#include "util.h"

void stock_args_usage(FILE *f)
{
	fprintf(f,
		"usage: kmembench stock [-p PROFILE] [--m LIST] [--arms LIST] [--rounds N]\n"
		"                       [--ops N] [--cpu N] [-o DIR] [--label TEXT]\n"
		"  the per-CPU charge stock across memcgs: M tasks pinned to one CPU take turns\n"
		"  (a token passed round a ring of pipes), one eventfd create+close per turn;\n"
		"  a micro set with ops stock-M and arms root (all in the root memcg), same (all\n"
		"  in one child memcg) and sep (each in its own child memcg)\n"
		"  --m       task counts, 1..%d (default %s)\n"
		"  --arms    root plus same and/or sep (default %s)\n"
		"  --rounds  paired rounds, 2..100000 (default %d)\n"
		"  --ops     ops per block, 16..10000000 (default %d)\n"
		"  --cpu     the CPU of the ring (default: the highest this process may use)\n"
		"  -p        read m, arms, rounds, ops and cpu from the profile's [stock] section\n"
		"            (the command line wins)\n",
		STOCK_M_MAX, STOCK_DEFAULT_MS, STOCK_DEFAULT_ARMS, STOCK_DEFAULT_ROUNDS,
		STOCK_DEFAULT_OPS);
}

int stock_args_parse(int argc, char **argv, struct stock_conf *c, char *err, size_t errlen)
{
	struct opt_given g;
	stock_conf_defaults(c);
	int rc = opt_getopt(argc, argv, stock_opts, stock_opts_n,
			    "accepted: -p, --m, --arms, --rounds, --ops, --cpu, -o, --label", &g,
			    err, errlen);
	if (rc)
		return rc;
	if (optind < argc) {
		strf(err, errlen, "unexpected argument '%s' (stock takes options only)",
		     argv[optind]);
		return -1;
	}
	const char *profile = opt_arg(stock_opts, stock_opts_n, &g, "profile");
	if (profile && stock_conf_profile(c, profile, err, errlen) < 0)
		return -1;
	if (opt_apply_given(stock_opts, stock_opts_n, &g, c, err, errlen) < 0)
		return -1;
	if (c->outdir_given && outdir_check(c->outdir, err, errlen) < 0)
		return -1;
	return 0;
}
