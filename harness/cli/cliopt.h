/* cliopt.h - compare's hand-rolled option helpers (every other subcommand: opttab.h). */
#ifndef KMB_CLIOPT_H
#define KMB_CLIOPT_H

#include <stdbool.h>
#include <stddef.h>

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
