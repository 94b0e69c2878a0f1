/* memcg_child.h - child memcgs: enable memory for them, count the dying, remove them. */
#ifndef KMB_MEMCG_CHILD_H
#define KMB_MEMCG_CHILD_H

#include "memcg.h"

/* Dying memory cgroups: v2 nr_dying_descendants of @parent's cgroup.stat; v1 the
 * whole hierarchy's (/proc/cgroups num_cgroups minus the live directories). -1 unknown. */
long long memcg_dying(const struct memcg *m, const char *parent);

/* Directories under @mount, itself included (live cgroups of the hierarchy); -1 on error. */
long long memcg_live_count(const char *mount);

/* v2: writes "+memory" to @dir/cgroup.subtree_control (v1: nothing). 0 or -1 with errno. */
int memcg_enable_memory(const struct memcg *m, const char *dir);

/* rmdir @dir, retrying EBUSY for up to ~2 s; adds the retries to *@retries. 0 or -1 with errno;
 * ENOENT counts as removed. */
int memcg_rmdir(const char *dir, long long *retries);

#endif
