/* cgfind.h - the one discovery of the memory cgroup hierarchy, for harness and workloads. */
#ifndef KMB_CGFIND_H
#define KMB_CGFIND_H

#include <limits.h>
#include <stddef.h>

#include "mountinfo.h"

struct cgfind {
	int version;	      /* 1 or 2 */
	char mount[PATH_MAX]; /* the hierarchy's mount point (its root cgroup) */
};

/* 1 when @m is a v1 "cgroup" mount with the memory controller, 2 when it is a "cgroup2"
 * mount, 0 otherwise. */
int cgfind_mount_kind(const struct mountinfo *m);

/* Finds the memory hierarchy in /proc/self/mountinfo: a cgroup2 mount whose
 * cgroup.controllers lists memory, else a v1 memory mount; KMB_CGROUP=v1|v2 forces one.
 * Returns 0; -1 when none is mounted, -2 when KMB_CGROUP is invalid (one line in @err). */
int cgfind_hierarchy(struct cgfind *h, char *err, size_t errlen);

#endif
