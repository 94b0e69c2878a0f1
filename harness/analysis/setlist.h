/* setlist.h - several result sets loaded together, with display names and
 * environment checks, for show, compare, plot and report. */
#ifndef KMB_SETLIST_H
#define KMB_SETLIST_H

#include <stddef.h>

#include "results.h"

struct setlist {
	size_t n;
	struct result_set *runs;
	const char **paths; /* as given on the command line */
	char **names;	    /* "kernel/label" (or kernel), made unique with "#2" ... */
};

/* Loads every path in @paths (a set of trials, or a micro set). On failure prints one line
 * "kmembench CMD: ..." naming the bad path and what is accepted to stderr, frees what it loaded and
 * returns -1. */
int setlist_load(struct setlist *s, char **paths, size_t n, const char *cmd);
void setlist_free(struct setlist *s);

/* How many of the sets are micro sets (kmembench micro). */
size_t setlist_count_micro(const struct setlist *s);
/* Moves the micro sets of @s into @micro (in order), leaving the sets of trials
 * in @s; either may end up empty. -1 on ENOMEM (nothing moved). */
int setlist_split_micro(struct setlist *s, struct setlist *micro);

/* A short column title for set @i: its label when that is non-empty and unique
 * among the sets, else its name. */
const char *setlist_short(const struct setlist *s, size_t i);

/* Writes into @buf a comma-separated list of the environment fields in which
 * @a and @b differ ("virt none vs tcg", "cgroup v1 vs v2", "kernel command
 * line"); empty when they match. The command lines are compared without
 * their BOOT_IMAGE= and initrd= words, which name the kernel being compared.
 * Returns the number of differences. */
int setlist_env_diff(const struct result_set *a, const struct result_set *b, char *buf, size_t len);

/* The workloads of every set in order of first appearance (base first).
 * Returns the count; *@out is a malloc'ed array of pointers into the runs. */
size_t setlist_workloads(const struct setlist *s, const char ***out);

#endif
