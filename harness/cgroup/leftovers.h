/* leftovers.h - find and remove what dead runs left: cgroups and scratch trees. */
#ifndef KMB_LEFTOVERS_H
#define KMB_LEFTOVERS_H

#include <stdio.h>

#include "cgroup.h"

struct leftovers_report {
	int cgroups_removed, cgroups_failed, cgroups_live;
	int scratch_removed, scratch_failed, scratch_live;
};

/* Owner pid encoded in a suite cgroup name "r<pid>-..." or scratch "run-<pid>", or -1. */
long leftovers_owner(const char *name);

/* Removes cgroups under PARENT and scratch trees under @scratch_root whose
 * owning kmembench process is gone (never those of a live run, never our own
 * unless @include_self). Says what it did on @log. */
void leftovers_clean(const struct cg_env *env, const char *scratch_root, bool include_self,
		     FILE *log, struct leftovers_report *rep);

/* Removes PARENT itself when nothing is left in it. */
void leftovers_remove_parent(const struct cg_env *env);

#endif
