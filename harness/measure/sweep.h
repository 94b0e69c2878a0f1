/* sweep.h - before a measuring command starts: remove what dead runs left, warn about live ones. */
#ifndef KMB_SWEEP_H
#define KMB_SWEEP_H

#include "cgroup.h"

/* Removes dead runs' loop filesystems (mounts first: a dead run's scratch tree
 * is only removed once nothing is mounted on it), then their cgroups and
 * scratch trees under @scratch, logging to stderr; warns when another
 * kmembench run is active. */
void sweep_dead_runs(const struct cg_env *env, const char *scratch);

#endif
