/* cgfind.c - the one discovery of the memory cgroup hierarchy, for harness and workloads. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgfind.h"
#include "util.h"

/* True when comma-separated @opts contains @word. */
static bool has_opt(const char *opts, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = opts; (p = strstr(p, word)); p += n)
		if ((p == opts || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

/* True when the cgroup2 mount at @mnt lists "memory" in its cgroup.controllers. */
static bool v2_has_memory(const char *mnt)
{
	char p[PATH_MAX], buf[512], *save = NULL;
	if (strf(p, sizeof(p), "%s/cgroup.controllers", mnt) < 0 ||
	    read_file(p, buf, sizeof(buf)) < 0)
		return false;
	for (char *t = strtok_r(buf, " \n", &save); t; t = strtok_r(NULL, " \n", &save))
		if (!strcmp(t, "memory"))
			return true;
	return false;
}

int cgfind_mount_kind(const struct mountinfo *m)
{
	if (!strcmp(m->fstype, "cgroup2"))
		return 2;
	return !strcmp(m->fstype, "cgroup") && has_opt(m->super_options, "memory") ? 1 : 0;
}

/* Scans mountinfo for the first v1 memory mount and the first v2 mount with memory. */
static void scan_mounts(char *v1, char *v2, size_t n)
{
	FILE *f = fopen(MOUNTINFO_PATH, "re");
	char *line = NULL;
	size_t cap = 0;
	v1[0] = v2[0] = '\0';
	while (f && getline(&line, &cap, f) > 0) {
		struct mountinfo m;
		if (mountinfo_parse(line, &m) < 0)
			continue;
		int kind = cgfind_mount_kind(&m);
		if (kind == 1 && !v1[0])
			snprintf(v1, n, "%s", m.mountpoint);
		else if (kind == 2 && !v2[0] && v2_has_memory(m.mountpoint))
			snprintf(v2, n, "%s", m.mountpoint);
	}
	free(line);
	if (f)
		fclose(f);
}

int cgfind_hierarchy(struct cgfind *h, char *err, size_t errlen)
{
	char v1[PATH_MAX], v2[PATH_MAX];
	const char *force = getenv("KMB_CGROUP");
	memset(h, 0, sizeof(*h));
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
	h->version = use_v2 ? 2 : 1;
	snprintf(h->mount, sizeof(h->mount), "%s", use_v2 ? v2 : v1);
	return 0;
}
