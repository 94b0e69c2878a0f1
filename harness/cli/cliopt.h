/* cliopt.h - what the subcommands share around their option tables (opttab.h). */
#ifndef KMB_CLIOPT_H
#define KMB_CLIOPT_H

#include <stdbool.h>
#include <stddef.h>

#include "opttab.h"

/* Parses the command line of subcommand @cmd through its table @t[@n] (@mixed: options
 * before or after the arguments, else options first). Returns 0 (optind at the first
 * argument); 1 after -h/--help, with "usage: @usage" and the table's help on stdout; 2 after
 * one line "kmembench @cmd: ..." on stderr, also when more than @max_args arguments follow
 * (-1: any number). @hint names the accepted options in errors. */
int cliopt_parse(const char *cmd, const char *usage, int argc, char **argv, const struct opt *t,
		 size_t n, const char *hint, bool mixed, int max_args, struct opt_given *g);

/* Parses a significance level, a number strictly between 0 and 1, into *@alpha. -1 with
 * "bad --alpha 'S' (accepted: ...)" in @err. */
int cliopt_parse_alpha(const char *s, double *alpha, char *err, size_t errlen);

/* The --alpha row of an option table (opttab.h); @apply calls cliopt_parse_alpha. */
#define CLIOPT_ALPHA_ROW(apply_fn)                                                                 \
	{                                                                                          \
		.name = "alpha", .where = OPT_CLI, .kind = OPT_TEXT, .what = "A",                  \
		.help = "significance level, 0 < A < 1 (default 0.05)", .apply = (apply_fn)        \
	}

#endif
