/* stock_args.h - parse and validate `kmembench stock` arguments (the stock sweep). */
#ifndef KMB_STOCK_ARGS_H
#define KMB_STOCK_ARGS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define STOCK_MAX_MS	     16
#define STOCK_M_MAX	     64
#define STOCK_DEFAULT_MS     "1,2,4,8,16"
#define STOCK_DEFAULT_ROUNDS 30
#define STOCK_DEFAULT_OPS    2000

/* The arms: all M tasks in the root memcg, in one child memcg, each in its own child. */
enum stock_arm { STOCK_ROOT, STOCK_SAME, STOCK_SEP, STOCK_NARMS };

struct stock_conf {
	int ms[STOCK_MAX_MS]; /* task counts, in the order given */
	size_t nms;
	bool arm[STOCK_NARMS]; /* root always */
	long rounds;	       /* paired rounds (one block per M and arm each) */
	long ops;	       /* ops per block (laps = ops / M, at least 1) */
	int cpu;	       /* -1 = the highest allowed CPU */
	char label[64];
	char outdir[PATH_MAX];
	bool outdir_given;
};

/* The name of arm @a: "root", "same", "sep". */
const char *stock_arm_name(enum stock_arm a);

/* Parses @s, comma-separated task counts 1..STOCK_M_MAX, no repeats, at most STOCK_MAX_MS,
 * into c->ms. -1 with one line in @err. */
int stock_parse_ms(const char *s, struct stock_conf *c, char *err, size_t errlen);

/* Parses @s, comma-separated arm names that must include root. -1 with one line in @err. */
int stock_parse_arms(const char *s, struct stock_conf *c, char *err, size_t errlen);

/* Parses the whole command line into @c. 0, 1 for --help, -1 with one line in @err. */
int stock_args_parse(int argc, char **argv, struct stock_conf *c, char *err, size_t errlen);

void stock_args_usage(FILE *f);

#endif
