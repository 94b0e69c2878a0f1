/* memcg.c - the own memory cgroup: find it, join a cgroup, read and write cgroup files. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "cgfind.h"
#include "memcg.h"
#include "memcg_parse.h"
#include "wl.h"

int memcg_find(struct memcg *m, char *err, size_t n)
{
	char text[8192], rel[PATH_MAX];
	struct cgfind h;
	memset(m, 0, sizeof(*m));
	if (cgfind_hierarchy(&h, err, n) < 0)
		return -1;
	m->version = h.version;
	snprintf(m->mount, sizeof(m->mount), "%s", h.mount);
	if (read_file("/proc/self/cgroup", text, sizeof(text)) < 0 ||
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
	if (read_file(path, buf, sizeof(buf)) <= 0)
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
	if (read_file(path, buf, sizeof(buf)) < 0)
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
