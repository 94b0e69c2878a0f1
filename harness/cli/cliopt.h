/* cliopt.h - option checks the analysis subcommands share (their tables: opttab.h). */
#ifndef KMB_CLIOPT_H
#define KMB_CLIOPT_H

#include <stddef.h>

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
