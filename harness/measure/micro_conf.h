/* micro_conf.h - what `kmembench micro` will do: ops, arms, time budget, and its plan.
 *
 * Everything is validated before anything is created; the plan turns the time
 * budget into Google Benchmark's repetitions and min_time.
 */
#ifndef KMB_MICRO_CONF_H
#define KMB_MICRO_CONF_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "ladder.h"
#include "micro_ops.h"

#define MICRO_CONF_TIME_MIN	5.0    /* seconds: enough for a few repetitions of every op */
#define MICRO_CONF_TIME_MAX	3600.0 /* one hour */
#define MICRO_CONF_DEFAULT_TIME 240.0  /* the default ops x root,unlimited in under 5 minutes */
#define MICRO_CONF_DEFAULT_ARMS "root,unlimited"
#define MICRO_CONF_MAX_OPS	64
/* The A/A control arm: a second arm in the root memory cgroup, so that its "overhead"
 * against root measures the method's own bias and spread (it must come out near 0). */
#define MICRO_CONF_AA_ARM "root2"

/* Smallest hard limit of an arm. Each op frees what it allocates, but dentries,
 * inodes, files, timers ... go back after an RCU grace period, so blocks of
 * thousands of ops keep several MB charged: in an unlimited child the peak usage
 * was 7-10 MB for socketpair, memfd, fork and timer (6.18, 2 cores). At 8M the
 * memcg OOM killer took the shim; at 16M/4M every op ran. */
#define MICRO_CONF_MIN_HARD (16ULL << 20)

/* --caches: ops per breakdown run (one run of N and one of 2N per op, differenced). */
#define MICRO_CONF_CACHES_OPS	  2000
#define MICRO_CONF_CACHES_OPS_MIN 10
#define MICRO_CONF_CACHES_OPS_MAX 1000000

struct micro_conf {
	char profile[PATH_MAX]; /* "" when none */
	const struct micro_op *ops[MICRO_CONF_MAX_OPS];
	size_t nops;
	char arms_spec[1024];
	struct ladder arms; /* parsed arms_spec: root first, then as given */
	double time_s;	    /* the whole budget */
	char label[128];
	char outdir[PATH_MAX];
	char scratch[PATH_MAX];
	bool caches;	 /* per-op cache breakdown after the timed benchmark */
	long caches_ops; /* N of the breakdown (MICRO_CONF_CACHES_OPS) */
};

/* How the budget is spent: every op gets @reps rounds, each a block of about
 * @block_s in every arm. */
struct micro_plan {
	size_t nbench;	    /* ops: one benchmark (of rounds) per op */
	long reps;	    /* --benchmark_repetitions */
	double min_time_s;  /* --benchmark_min_time */
	double block_s;	    /* expected length of one timed block (1.4 x min_time) */
	double est_s;	    /* expected wall time of the shim */
	unsigned long seed; /* of the arms' shuffled order in each round (set by the caller) */
};

/* Defaults: every op, arms root,unlimited, MICRO_CONF_DEFAULT_TIME, default scratch. */
void micro_conf_defaults(struct micro_conf *c);

/* Sets the ops from "a,b,c": every name must be in micro_ops[], once. */
int micro_conf_set_ops(struct micro_conf *c, const char *list, char *err, size_t errlen);

/* Sets the arms from a ladder spec (root, unlimited, HARD/SOFT, HARD, halve:...; not
 * auto; no hard limit below MICRO_CONF_MIN_HARD). root must be among them, with at
 * least one other arm. */
int micro_conf_set_arms(struct micro_conf *c, const char *spec, char *err, size_t errlen);

/* Parses a time budget in seconds, MICRO_CONF_TIME_MIN..MICRO_CONF_TIME_MAX (its row of
 * micro_opts.c). */
int micro_conf_parse_time(const char *s, double *out, char *err, size_t errlen);

/* Reads the [micro] section of an INI profile (the rows of micro_opts.c) over @c; other
 * sections are left to `kmembench run` (profile.c). One line in @err on failure. */
int micro_conf_profile(struct micro_conf *c, const char *path, char *err, size_t errlen);

/* The plan of @c's time budget. -1 with one line in @err when the budget
 * gives fewer than a handful of repetitions to each op and arm. */
int micro_conf_plan(const struct micro_conf *c, struct micro_plan *p, char *err, size_t errlen);

/* The cgroup directory name of arm @label for run @pid: "r<pid>-micro-16M-4M". */
int micro_conf_cgroup_name(long pid, const char *label, char *buf, size_t n);

#endif
