/* run_opts.h - `kmembench run`'s option table: its command line and the profile's [suite]. */
#ifndef KMB_RUN_OPTS_H
#define KMB_RUN_OPTS_H

#include "opttab.h"

/* Rows applied to a struct run_conf; -p, -o's check, -v and --scratch's cross-checks
 * are the caller's (opt_arg). */
extern const struct opt run_opts[];
extern const size_t run_opts_n;

#endif
