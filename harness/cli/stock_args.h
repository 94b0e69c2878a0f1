/* stock_args.h - parse and validate `kmembench stock` arguments (the stock sweep). */
#ifndef KMB_STOCK_ARGS_H
#define KMB_STOCK_ARGS_H

#include <stdio.h>

#include "stock_opts.h"

/* Parses the whole command line (and -p's [stock]) into @c. 0, 1 for --help, -1 with one
 * line in @err. */
int stock_args_parse(int argc, char **argv, struct stock_conf *c, char *err, size_t errlen);

void stock_args_usage(FILE *f);

#endif
