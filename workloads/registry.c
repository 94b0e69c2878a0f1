/* registry.c - the built-in workloads, in the order `kmembench info` lists them. */
#include "wl.h"

extern const struct workload wl_dentry_walk;
extern const struct workload wl_inode_storm;
extern const struct workload wl_cgroup_churn;
extern const struct workload wl_limit_shrink;
extern const struct workload wl_enomem_walk;
extern const struct workload wl_fio_meta;

const struct workload *const wl_all[] = {&wl_dentry_walk,
					 &wl_inode_storm,
					 &wl_cgroup_churn,
					 &wl_limit_shrink,
					 &wl_enomem_walk,
					 &wl_fio_meta,
					 NULL};
