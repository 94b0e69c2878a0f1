/* cliopt.c - compare's hand-rolled option helpers (every other subcommand: opttab.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cliopt.h"

int cliopt_value(int argc, char **argv, int *i, const char *name, const char **val, const char *cmd)
{
	const char *a = argv[*i];
	size_t n = strlen(name);
	if (strncmp(a, name, n))
		return 0;
	if (a[n] == '=') {
		*val = a + n + 1;
		return 1;
	}
	if (a[n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		fprintf(stderr, "kmembench %s: option %s needs a value\n", cmd, name);
		return -1;
	}
	*val = argv[++*i];
	return 1;
}

int cliopt_alpha(const char *s, double *alpha, const char *cmd)
{
	char *end;
	double a = strtod(s, &end);
	if (end == s || *end || !isfinite(a) || a <= 0 || a >= 1) {
		fprintf(stderr,
			"kmembench %s: bad --alpha '%s' (accepted: a number between 0 and 1, "
			"exclusive, e.g. 0.05)\n",
			cmd, s);
		return -1;
	}
	*alpha = a;
	return 0;
}

bool cliopt_is_option(const char *arg)
{
	return arg[0] == '-' && arg[1] != '\0';
}
