/* cg_detect.c - the harness's cgroup environment on the one found hierarchy; knob names. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgfind.h"
#include "cgroup.h"
#include "util.h"

int cg_detect(struct cg_env *env, char *err, size_t errlen)
{
	struct cgfind h;
	memset(env, 0, sizeof(*env));
	env->knobs.nr_dying = -1;
	int rc = cgfind_hierarchy(&h, err, errlen);
	if (rc < 0)
		return rc;
	env->ops = h.version == 2 ? &cg_v2_ops : &cg_v1_ops;
	snprintf(env->mount, sizeof(env->mount), "%s", h.mount);
	if (strf(env->parent, sizeof(env->parent), "%s/%s", env->mount, CG_PARENT_NAME) < 0) {
		snprintf(err, errlen, "cgroup mount path too long");
		return -1;
	}
	return 0;
}

const char *cg_kmem_limit_name(enum cg_kmem_limit k)
{
	switch (k) {
	case CG_KMEM_EFFECTIVE:
		return "effective";
	case CG_KMEM_NOOP:
		return "noop";
	case CG_KMEM_UNSUPPORTED:
		return "unsupported";
	case CG_KMEM_ABSENT:
		break;
	}
	return "absent";
}
