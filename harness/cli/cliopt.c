/* cliopt.c - what the subcommands share around their option tables (opttab.h). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cliopt.h"

int cliopt_parse_alpha(const char *s, double *alpha, char *err, size_t errlen)
{
	char *end;
	double a = strtod(s, &end);
	if (end == s || *end || !isfinite(a) || a <= 0 || a >= 1) {
		snprintf(err, errlen,
			 "bad --alpha '%s' (accepted: a number between 0 and 1, exclusive, e.g. "
			 "0.05)",
			 s);
		return -1;
	}
	*alpha = a;
	return 0;
}

int cliopt_parse(const char *cmd, const char *usage, int argc, char **argv, const struct opt *t,
		 size_t n, const char *hint, bool mixed, int max_args, struct opt_given *g)
{
	char err[512];
	int rc = mixed ? opt_getopt_mixed(argc, argv, t, n, hint, g, err, sizeof(err))
		       : opt_getopt(argc, argv, t, n, hint, g, err, sizeof(err));
	if (rc == 1) {
		printf("usage: %s\n", usage);
		opt_help(stdout, t, n);
		return 1;
	}
	if (rc == 0 && max_args >= 0 && argc - optind > max_args) {
		snprintf(err, sizeof(err), "unknown argument '%s' (%s)", argv[optind + max_args],
			 hint);
		rc = -1;
	}
	if (rc < 0) {
		fprintf(stderr, "kmembench %s: %s\n", cmd, err);
		return 2;
	}
	return 0;
}
