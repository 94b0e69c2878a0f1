/* cg_detect.c - find the memory cgroup hierarchy from /proc/self/mountinfo; name its knobs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/cgroup.h"
#include "util.h"

/* True when the cgroup2 mount at @mnt lists "memory" in its cgroup.controllers. */
static bool v2_has_memory(const char *mnt)
{
	char p[PATH_MAX], buf[512];
	if (strf(p, sizeof(p), "%s/cgroup.controllers", mnt) < 0 ||
	    read_file(p, buf, sizeof(buf)) < 0)
		return false;
	for (char *t = strtok(buf, " \n"); t; t = strtok(NULL, " \n"))
		if (!strcmp(t, "memory"))
			return true;
	return false;
}

/* True when comma-separated @opts contains @word. */
static bool has_opt(const char *opts, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = opts; (p = strstr(p, word)); p += n)
		if ((p == opts || p[-1] == ',') && (p[n] == ',' || p[n] == '\0' || p[n] == '\n'))
			return true;
	return false;
}

/* Scans mountinfo for a v1 memory mount and a v2 mount with memory. */
static void scan_mounts(char *v1, char *v2, size_t n)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096];
	v1[0] = v2[0] = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char mnt[PATH_MAX], fstype[64], src[256], opts[1024];
		char *dash = strstr(line, " - ");
		if (!dash || sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1 ||
		    sscanf(dash + 3, "%63s %255s %1023s", fstype, src, opts) != 3)
			continue;
		if (!strcmp(fstype, "cgroup") && has_opt(opts, "memory") && !v1[0])
			snprintf(v1, n, "%s", mnt);
		else if (!strcmp(fstype, "cgroup2") && !v2[0] && v2_has_memory(mnt))
			snprintf(v2, n, "%s", mnt);
	}
	fclose(f);
}

int cg_detect(struct cg_env *env, char *err, size_t errlen)
{
	char v1[PATH_MAX], v2[PATH_MAX];
	const char *force = getenv("KMB_CGROUP");
	memset(env, 0, sizeof(*env));
	env->knobs.nr_dying = -1;
	if (force && strcmp(force, "v1") && strcmp(force, "v2")) {
		snprintf(err, errlen, "KMB_CGROUP='%s' is not valid (accepted: v1, v2)", force);
		return -2;
	}
	scan_mounts(v1, v2, sizeof(v1));
	bool use_v2 = v2[0] && (!force || !strcmp(force, "v2"));
	bool use_v1 = !use_v2 && v1[0] && (!force || !strcmp(force, "v1"));
	if (!use_v1 && !use_v2) {
		snprintf(err, errlen,
			 "no memory cgroup%s%s is mounted (need a cgroup v1 'memory' hierarchy or "
			 "cgroup2 with the memory controller)",
			 force ? " " : "", force ? force : "");
		return -1;
	}
	env->ops = use_v2 ? &cg_v2_ops : &cg_v1_ops;
	snprintf(env->mount, sizeof(env->mount), "%s", use_v2 ? v2 : v1);
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
