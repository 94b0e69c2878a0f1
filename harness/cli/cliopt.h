/* cliopt.h - the subcommands' option parsing: run and micro's option tables, analysis helpers. */
#ifndef KMB_CLIOPT_H
#define KMB_CLIOPT_H

#include <stdbool.h>
#include <stddef.h>

/* One row of a subcommand's option table: --NAME, and -SHORT too unless SHORT is 0. With
 * @val the option takes a value, stored in *@val (the last one given wins); without, it
 * takes none and sets *@flag. */
struct cliopt {
	const char *name;
	char short_name;
	const char **val;
	bool *flag;
};

/* getopt_long over the @n rows of @opts plus -h/--help, stopping at the first argument that
 * is not an option ("+"; optind is left there, past a "--"). Returns 0, 1 for -h/--help, or
 * -1 with one line in @err: "option 'X' needs a value" or "unknown option 'X' (@hint)". */
int cliopt_getopt(int argc, char **argv, const struct cliopt *opts, size_t n, const char *hint,
		  char *err, size_t errlen);

/* If argv[*i] is option @name ("--metric"), given as "--metric V" or
 * "--metric=V", sets *@val, advances *@i past it and returns 1; returns 0 when
 * it is another argument; -1 (after one line on stderr) when V is missing. */
int cliopt_value(int argc, char **argv, int *i, const char *name, const char **val,
		 const char *cmd);
/* Parses a significance level: a number strictly between 0 and 1. Prints one
 * line on stderr and returns -1 otherwise. */
int cliopt_alpha(const char *s, double *alpha, const char *cmd);
/* True for an argument that looks like an option ("-x", "--x", not "-"). */
bool cliopt_is_option(const char *arg);

#endif
