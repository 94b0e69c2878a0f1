/* cliopt.h - option checks the analysis subcommands share (their tables: opttab.h). */
#ifndef KMB_CLIOPT_H
#define KMB_CLIOPT_H

#include <stddef.h>

/* Parses a significance level, a number strictly between 0 and 1, into *@alpha. -1 with
 * "bad --alpha 'S' (accepted: ...)" in @err. */
int cliopt_parse_alpha(const char *s, double *alpha, char *err, size_t errlen);

#endif
