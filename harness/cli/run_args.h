/* run_args.h - `kmembench run` command line -> validated run_conf. */
#ifndef KMB_RUN_ARGS_H
#define KMB_RUN_ARGS_H

#include <stdbool.h>

#include "conf.h"
#include "runner.h"

/* Parses argv (argv[0] = "run"), loads the profile, applies overrides and
 * validates everything without touching the system. Returns 0, 1 (help shown)
 * or -1 with one line in @err (exit status 2). */
int run_args_parse(int argc, char **argv, struct run_conf *c, struct run_opts *o, char *err,
		   size_t errlen);

void run_args_usage(FILE *f);

#endif
