/* micro_args.h - `kmembench micro` command line -> validated micro_conf and plan. */
#ifndef KMB_MICRO_ARGS_H
#define KMB_MICRO_ARGS_H

#include <stdbool.h>
#include <stdio.h>

#include "micro_conf.h"

/* Parses argv (argv[0] = "micro"): the profile's [micro] section first, then
 * the options over it; validates everything and makes the plan without
 * touching the system. Returns 0, 1 (help shown) or -1 with one line in @err
 * (exit status 2). *@outdir_given says whether -o was used. */
int micro_args_parse(int argc, char **argv, struct micro_conf *c, struct micro_plan *p,
		     bool *outdir_given, char *err, size_t errlen);

void micro_args_usage(FILE *f);

#endif
