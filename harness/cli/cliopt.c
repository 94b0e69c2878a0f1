/* cliopt.c - the subcommands' option parsing: run and micro's option tables, analysis helpers. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cliopt.h"

#define CLIOPT_MAX  32
#define CLIOPT_LONG 256 /* getopt_long's value for row i: CLIOPT_LONG + i */

/* The row that getopt_long's @ch stands for, or NULL (help, a missing value, unknown). */
static const struct cliopt *row_of(int ch, const struct cliopt *opts, size_t n)
{
	if (ch >= CLIOPT_LONG && (size_t)(ch - CLIOPT_LONG) < n)
		return &opts[ch - CLIOPT_LONG];
	for (size_t i = 0; ch != 'h' && ch != ':' && ch != '?' && i < n; i++)
		if (opts[i].short_name == ch)
			return &opts[i];
	return NULL;
}

int cliopt_getopt(int argc, char **argv, const struct cliopt *opts, size_t n, const char *hint,
		  char *err, size_t errlen)
{
	struct option lo[CLIOPT_MAX + 2];
	char shorts[2 * CLIOPT_MAX + 4] = "+:";
	size_t k = 2;
	if (n > CLIOPT_MAX) {
		snprintf(err, errlen, "internal error: more than %d options", CLIOPT_MAX);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		lo[i] = (struct option){opts[i].name, opts[i].val ? required_argument : no_argument,
					NULL, CLIOPT_LONG + (int)i};
		if (opts[i].short_name) {
			shorts[k++] = opts[i].short_name;
			if (opts[i].val)
				shorts[k++] = ':';
		}
	}
	lo[n] = (struct option){"help", no_argument, NULL, 'h'};
	lo[n + 1] = (struct option){NULL, 0, NULL, 0};
	shorts[k++] = 'h';
	shorts[k] = '\0';
	opterr = 0;
	optind = 1;
	int ch;
	while ((ch = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		const struct cliopt *o = row_of(ch, opts, n);
		if (o && o->val)
			*o->val = optarg;
		else if (o)
			*o->flag = true;
		else if (ch == 'h')
			return 1;
		else if (ch == ':') {
			snprintf(err, errlen, "option '%s' needs a value", argv[optind - 1]);
			return -1;
		} else {
			snprintf(err, errlen, "unknown option '%s' (%s)", argv[optind - 1], hint);
			return -1;
		}
	}
	return 0;
}

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
