/* cgsplit.h - a walker child inside the memory cgroup, its parent moved outside to drive it.
 *
 * The parent leaves its cgroup (for the hierarchy's root) so that what it does (writing
 * limits, printing results) is never charged there and never OOM-waits or is OOM-killed
 * there; the child allocates and touches all its memory and mlocks it before joining the
 * cgroup, so afterwards only the kernel objects of its syscalls are charged to it.
 */
#ifndef KMB_CGSPLIT_H
#define KMB_CGSPLIT_H

#include <sys/types.h>

#include "errwalk.h"
#include "memcg.h"

struct cgsplit_shared;

struct cgsplit {
	struct memcg cg; /* the cgroup the walker is in */
	pid_t pid;	 /* the walker; 0 once reaped */
	int cmd_fd;	 /* commands to the walker */
	int seq;	 /* commands sent */
	struct cgsplit_shared *sh;
	int wstatus; /* wait status once reaped */
};

enum cgsplit_result { CGS_DONE, CGS_TIMEOUT, CGS_DIED };

/* Finds the own cgroup, moves the caller to the hierarchy root and starts the walker in
 * the cgroup (walks @tree, reads @file). On failure one line in @err, -1. */
int cgsplit_start(struct cgsplit *s, const char *tree, const char *file, char *err, size_t n);

/* Sends 'w' (walk the tree) or 'r' (read the file) and waits up to @timeout_s. */
enum cgsplit_result cgsplit_do(struct cgsplit *s, char cmd, double timeout_s);

/* The walker's counters so far. */
const struct ew_counts *cgsplit_counts(const struct cgsplit *s);

/* "alive", "killed:SIG" (died by a signal) or "exited". */
const char *cgsplit_state(struct cgsplit *s);

/* SIGKILLs and reaps the walker (idempotent). */
void cgsplit_stop(struct cgsplit *s);

/* "done", "timeout", "died". */
const char *cgsplit_result_name(enum cgsplit_result r);

#endif
