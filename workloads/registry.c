/* registry.c - the built-in workloads, in the order `kmembench info` lists them. */
#include <string.h>

#include "registry.h"

extern const struct workload wl_dentry_walk;
extern const struct workload wl_inode_storm;
extern const struct workload wl_negdent_storm;
extern const struct workload wl_cgroup_churn;
extern const struct workload wl_limit_shrink;
extern const struct workload wl_enomem_walk;
extern const struct workload wl_fio_meta;

const struct workload *const wl_all[] = {&wl_dentry_walk,
					 &wl_inode_storm,
					 &wl_negdent_storm,
					 &wl_cgroup_churn,
					 &wl_limit_shrink,
					 &wl_enomem_walk,
					 &wl_fio_meta,
					 NULL};

const struct workload *wl_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; wl_all[i]; i++)
		if (!strcmp(wl_all[i]->name, name))
			return wl_all[i];
	return NULL;
}
