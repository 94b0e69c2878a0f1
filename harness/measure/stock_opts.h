/* stock_opts.h - the stock sweep's configuration and options: `kmembench stock` and [stock]. */
#ifndef KMB_STOCK_OPTS_H
#define KMB_STOCK_OPTS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "opttab.h"

#define STOCK_MAX_MS	     16
#define STOCK_M_MAX	     64
#define STOCK_DEFAULT_MS     "1,2,4,8,16"
#define STOCK_DEFAULT_ARMS   "root,same,sep"
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
	char profile[PATH_MAX]; /* -p, or "" */
	bool outdir_given;
};

/* The name of arm @a: "root", "same", "sep". */
const char *stock_arm_name(enum stock_arm a);

/* The defaults: M = 1,2,4,8,16, every arm, 30 rounds of 2000 ops, the highest CPU. */
void stock_conf_defaults(struct stock_conf *c);

/* Parses @s, comma-separated task counts 1..STOCK_M_MAX, no repeats, at most STOCK_MAX_MS,
 * into c->ms. -1 with one line in @err (and @c unchanged). */
int stock_parse_ms(const char *s, struct stock_conf *c, char *err, size_t errlen);

/* Parses @s, comma-separated arm names that must include root. -1 with one line in @err. */
int stock_parse_arms(const char *s, struct stock_conf *c, char *err, size_t errlen);

/* Reads the profile's [stock] section into @c (profile.c, the one loader). */
int stock_conf_profile(struct stock_conf *c, const char *path, char *err, size_t errlen);

/* Rows applied to a struct stock_conf; the profile's [stock] keys are the OPT_PROFILE rows;
 * -p and -o's check are the caller's (opt_arg). */
extern const struct opt stock_opts[];
extern const size_t stock_opts_n;

#endif
