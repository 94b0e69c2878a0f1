/* cliopt.c - option checks the analysis subcommands share (their tables: opttab.h). */
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
