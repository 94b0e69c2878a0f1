/* cgstep.h - a ladder step made real: the root cgroup, or a fresh child with the step's limits. */
#ifndef KMB_CGSTEP_H
#define KMB_CGSTEP_H

#include <stddef.h>

#include "cgroup.h"
#include "ladder.h"

/* For @st: the hierarchy's root (root), else a fresh cgroup PARENT/@name, limited for a
 * HARD/SOFT step. On failure nothing is left behind and one line is in @err: -1. */
int cg_step_create(const struct cg_env *env, const struct step *st, const char *name, struct cg *cg,
		   char *err, size_t errlen);

#endif
