/* memcg_child.h - a workload's view of its memory cgroup: where it is, counters, child dirs. */
#ifndef KMB_MEMCG_CHILD_H
#define KMB_MEMCG_CHILD_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The suite's parent cgroup directory under the memory mount (harness CG_PARENT_NAME). */
#define MEMCG_SUITE_DIR "kmembench"

struct memcg_loc {
	int version;	      /* 1 or 2 */
	char mount[PATH_MAX]; /* the memory hierarchy's mount point */
	char cg[PATH_MAX];    /* our own memory cgroup, absolute */
	bool in_suite;	      /* cg is below <mount>/kmembench/ (a trial cgroup of the harness) */
};

/* Finds the memory hierarchy (a cgroup2 mount with the memory controller, else a
 * v1 memory mount; KMB_CGROUP=v1|v2 forces one, as in the harness) and our own
 * memory cgroup from /proc/self/cgroup. On failure writes one line into @err. */
int memcg_loc_find(struct memcg_loc *s, char *err, size_t errlen);

/* Dying memory cgroups: v2 nr_dying_descendants of @parent's cgroup.stat; v1 the
 * whole hierarchy's (/proc/cgroups num_cgroups minus the live directories). -1 unknown. */
long long memcg_dying(const struct memcg_loc *s, const char *parent);

/* Directories under @mount, itself included (live cgroups of the hierarchy); -1 on error. */
long long memcg_live_count(const char *mount);

/* Kernel memory charged to @dir: v1 memory.kmem.usage_in_bytes, v2 memory.stat slab. -1 unknown. */
long long memcg_kmem_bytes(const struct memcg_loc *s, const char *dir);

/* Writes @pid (0 = the caller) to @dir/cgroup.procs. 0 or -1 with errno. */
int memcg_move(const char *dir, pid_t pid);

/* v2: writes "+memory" to @dir/cgroup.subtree_control (v1: nothing). 0 or -1 with errno. */
int memcg_enable_memory(const struct memcg_loc *s, const char *dir);

/* rmdir @dir, retrying EBUSY for up to ~2 s; adds the retries to *@retries. 0 or -1 with errno;
 * ENOENT counts as removed. */
int memcg_rmdir(const char *dir, long long *retries);

#endif
