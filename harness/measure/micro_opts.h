/* micro_opts.h - `kmembench micro`'s option table: its command line and the profile's [micro]. */
#ifndef KMB_MICRO_OPTS_H
#define KMB_MICRO_OPTS_H

#include "opttab.h"

/* Rows applied to a struct micro_conf; -p and -o's check are the caller's (opt_arg). */
extern const struct opt micro_opts[];
extern const size_t micro_opts_n;

#endif
