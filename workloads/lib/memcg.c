/* memcg.c - the own memory cgroup: find it, join a cgroup, read and write cgroup files. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memcg.h"
#include "memcg_parse.h"
#include "wl.h"

/* True when the cgroup2 mount @mnt offers the memory controller. */
static bool v2_has_memory(const char *mnt)
{
	char p[PATH_MAX + 32], buf[512];
	snprintf(p, sizeof(p), "%s/cgroup.controllers", mnt);
	if (wl_read_file(p, buf, sizeof(buf)) < 0)
		return false;
	for (char *t = strtok(buf, " \n"); t; t = strtok(NULL, " \n"))
		if (!strcmp(t, "memory"))
			return true;
	return false;
}

/* Scans mountinfo for the first v1 memory mount and the first v2 mount with memory. */
static void scan_mounts(char *v1, char *v2, size_t n)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[8192], mnt[PATH_MAX];
	v1[0] = v2[0] = '\0';
	while (f && fgets(line, sizeof(line), f)) {
		int kind = memcg_parse_mount(line, mnt, sizeof(mnt));
		if (kind == 1 && !v1[0])
			snprintf(v1, n, "%s", mnt);
		else if (kind == 2 && !v2[0] && v2_has_memory(mnt))
			snprintf(v2, n, "%s", mnt);
	}
	if (f)
		fclose(f);
}

/* Picks the hierarchy like the harness's cg_detect: v2 with memory first unless forced. */
static int pick_version(struct memcg *m, char *err, size_t n)
{
	char v1[PATH_MAX], v2[PATH_MAX];
	const char *force = getenv("KMB_CGROUP");
	scan_mounts(v1, v2, sizeof(v1));
	bool use_v2 = v2[0] && (!force || !strcmp(force, "v2"));
	bool use_v1 = !use_v2 && v1[0] && (!force || !strcmp(force, "v1"));
	if (!use_v1 && !use_v2) {
		snprintf(err, n, "no memory cgroup hierarchy is mounted%s%s",
			 force ? " for KMB_CGROUP=" : "", force ? force : "");
		return -1;
	}
	m->version = use_v2 ? 2 : 1;
	snprintf(m->mount, sizeof(m->mount), "%s", use_v2 ? v2 : v1);
	return 0;
}

int memcg_find(struct memcg *m, char *err, size_t n)
{
	char text[8192], rel[PATH_MAX];
	memset(m, 0, sizeof(*m));
	if (pick_version(m, err, n) < 0)
		return -1;
	if (wl_read_file("/proc/self/cgroup", text, sizeof(text)) < 0 ||
	    memcg_parse_self(text, m->version, rel, sizeof(rel)) < 0) {
		snprintf(err, n, "cannot find our memory cgroup (v%d) in /proc/self/cgroup",
			 m->version);
		return -1;
	}
	m->in_suite = !strncmp(rel, "/" MEMCG_SUITE_DIR "/", sizeof(MEMCG_SUITE_DIR) + 1) &&
		      rel[sizeof(MEMCG_SUITE_DIR) + 1];
	if ((size_t)snprintf(m->dir, sizeof(m->dir), "%s%s", m->mount,
			     strcmp(rel, "/") ? rel : "") >= sizeof(m->dir)) {
		snprintf(err, n, "memory cgroup path too long");
		return -1;
	}
	return 0;
}

int memcg_write(const char *dir, const char *file, const char *val)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	int fd = open(path, O_WRONLY | O_CLOEXEC), e = 0;
	if (fd < 0)
		return errno;
	if (write(fd, val, strlen(val)) < 0)
		e = errno;
	close(fd);
	return e;
}

int memcg_enter(const char *dir)
{
	char pid[32];
	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	int e = memcg_write(dir, "cgroup.procs", pid);
	errno = e;
	return e ? -1 : 0;
}

long long memcg_read_num(const char *dir, const char *file)
{
	char path[PATH_MAX], buf[64], *end;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (wl_read_file(path, buf, sizeof(buf)) <= 0)
		return -1;
	if (!strncmp(buf, "max", 3))
		return -2;
	long long v = strtoll(buf, &end, 10);
	return end == buf ? -1 : v;
}

long long memcg_read_key(const char *dir, const char *file, const char *key)
{
	static char buf[1 << 14];
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (wl_read_file(path, buf, sizeof(buf)) < 0)
		return -1;
	return memcg_parse_kv(buf, key);
}

long long memcg_usage(const struct memcg *m)
{
	return memcg_read_num(m->dir, m->version == 1 ? "memory.usage_in_bytes" : "memory.current");
}

long long memcg_kmem(const struct memcg *m)
{
	if (m->version == 1)
		return memcg_read_num(m->dir, "memory.kmem.usage_in_bytes");
	long long k = memcg_read_key(m->dir, "memory.stat", "kernel");
	return k >= 0 ? k : memcg_read_key(m->dir, "memory.stat", "slab");
}

long long memcg_kmem_slab(const struct memcg *m, const char *dir)
{
	if (m->version == 1)
		return memcg_read_num(dir, "memory.kmem.usage_in_bytes");
	return memcg_read_key(dir, "memory.stat", "slab");
}

long long memcg_file(const struct memcg *m)
{
	return memcg_read_key(m->dir, "memory.stat", m->version == 1 ? "cache" : "file");
}

const char *memcg_limit_file(const struct memcg *m)
{
	return m->version == 1 ? "memory.limit_in_bytes" : "memory.max";
}
