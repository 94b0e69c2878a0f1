/* perffold.h - folded call stacks of a trial's samples ("comm;outer;...;leaf COUNT" lines,
 * the input of flame graph tools), kernel frames only: a sample with a user-space leaf
 * is "comm;[user]". */
#ifndef KMB_PERFFOLD_H
#define KMB_PERFFOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "perfscript.h"

struct perffold {
	char **stacks;
	size_t n, cap;
	bool oom; /* an allocation failed: some samples are missing */
};

void perffold_init(struct perffold *f);
void perffold_free(struct perffold *f);
/* Adds one sample (a perfscript_fn with @arg the struct perffold). */
void perffold_add(const struct perf_sample *s, void *arg);
/* Writes one line per distinct stack, sorted, with its count; -1 on a write error. */
int perffold_write(struct perffold *f, FILE *out);

#endif
