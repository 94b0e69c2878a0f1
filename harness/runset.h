/* runset.h - several result sets loaded together, with display names and
 * environment checks, for show, compare, plot and report. */
#ifndef KMB_RUNSET_H
#define KMB_RUNSET_H

#include <stddef.h>

#include "results.h"

struct runset {
	size_t n;
	struct run *runs;
	const char **paths; /* as given on the command line */
	char **names;	    /* "kernel/label" (or kernel), made unique with "#2" ... */
};

/* Loads every path in @paths. On failure prints one line "kmembench CMD: ..."
 * naming the bad path and what is accepted to stderr, frees what it loaded and
 * returns -1. */
int runset_load(struct runset *s, char **paths, size_t n, const char *cmd);
void runset_free(struct runset *s);

/* A short column title for set @i: its label when that is non-empty and unique
 * among the sets, else its name. */
const char *runset_short(const struct runset *s, size_t i);

/* Writes into @buf a comma-separated list of the environment fields in which
 * @a and @b differ ("virt none vs tcg", "cgroup v1 vs v2", "kernel command
 * line"); empty when they match. The command lines are compared without
 * their BOOT_IMAGE= and initrd= words, which name the kernel being compared.
 * Returns the number of differences. */
int run_env_diff(const struct run *a, const struct run *b, char *buf, size_t len);

/* The workloads of every set in order of first appearance (base first).
 * Returns the count; *@out is a malloc'ed array of pointers into the runs. */
size_t runset_workloads(const struct runset *s, const char ***out);

#endif
