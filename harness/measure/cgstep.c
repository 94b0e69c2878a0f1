/* cgstep.c - a ladder step made real: the root cgroup, or a fresh child with the step's limits. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cgstep.h"

int cg_step_create(const struct cg_env *env, const struct step *st, const char *name, struct cg *cg,
		   char *err, size_t errlen)
{
	if (st->kind == STEP_ROOT) {
		cg_root(env, cg);
		return 0;
	}
	if (cg_create(env, name, cg) < 0) {
		snprintf(err, errlen, "cannot create cgroup %s: %s", cg->path, strerror(errno));
		return -1;
	}
	if (st->kind == STEP_LIMIT &&
	    env->ops->set_limits(env, cg, st->hard, st->soft, err, errlen) < 0) {
		cg_destroy(cg);
		return -1;
	}
	return 0;
}
