/* memcg_self.c - the calling process's own memory cgroup: find it, move in and out, knobs. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memcg_self.h"

/* True when comma-separated @list holds @word. */
static int list_has(const char *list, size_t len, const char *word)
{
	size_t wl = strlen(word);
	for (const char *p = list; p < list + len;) {
		const char *c = memchr(p, ',', (size_t)(list + len - p));
		size_t tl = c ? (size_t)(c - p) : (size_t)(list + len - p);
		if (tl == wl && !strncmp(p, word, wl))
			return 1;
		p += tl + 1;
	}
	return 0;
}

int memcg_parse_proc_cgroup(const char *text, int *version, char *path, size_t n)
{
	int found = 0;
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *c1 = strchr(l, ':'), *eol = strchrnul(l, '\n');
		const char *c2 = c1 && c1 < eol ? strchr(c1 + 1, ':') : NULL;
		if (!c2 || c2 >= eol)
			continue;
		int v1 = list_has(c1 + 1, (size_t)(c2 - c1 - 1), "memory");
		int v2 = c2 == c1 + 1 && !strncmp(l, "0:", 2);
		if (!v1 && !(v2 && !found))
			continue;
		snprintf(path, n, "%.*s", (int)(eol - c2 - 1), c2 + 1);
		*version = v1 ? 1 : 2;
		found = 1;
		if (v1)
			return 0;
	}
	return found ? 0 : -1;
}

/* Field @i (0-based, space-separated) of line @l into @out. */
static int field(const char *l, const char *eol, int i, char *out, size_t n)
{
	const char *p = l;
	for (; i > 0 && p < eol; i--) {
		p = memchr(p, ' ', (size_t)(eol - p));
		if (!p)
			return -1;
		p++;
	}
	const char *e = memchr(p, ' ', (size_t)(eol - p));
	e = e ? e : eol;
	snprintf(out, n, "%.*s", (int)(e - p), p);
	return 0;
}

/* Whether mountinfo line @l (up to @eol) is the wanted hierarchy. */
static int is_memcg_mount(const char *l, const char *eol, int version)
{
	const char *sep = strstr(l, " - ");
	char fstype[32], opts[512];
	if (!sep || sep >= eol || field(sep + 3, eol, 0, fstype, sizeof(fstype)) ||
	    field(sep + 3, eol, 2, opts, sizeof(opts)))
		return 0;
	if (version == 2)
		return !strcmp(fstype, "cgroup2");
	return !strcmp(fstype, "cgroup") && list_has(opts, strlen(opts), "memory");
}

int memcg_parse_mountinfo(const char *text, int version, char *mnt, size_t n)
{
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *eol = strchrnul(l, '\n');
		if (is_memcg_mount(l, eol, version))
			return field(l, eol, 4, mnt, n);
	}
	return -1;
}

/* Reads a small file into @buf; bytes read or -1. */
static ssize_t slurp(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t got = 0;
	ssize_t r = 0;
	if (fd < 0)
		return -1;
	while (got + 1 < n && (r = read(fd, buf + got, n - 1 - got)) > 0)
		got += (size_t)r;
	close(fd);
	buf[got] = '\0';
	return r < 0 ? -1 : (ssize_t)got;
}

int memcg_self_find(struct memcg_self *m, char *err, size_t n)
{
	static char buf[1 << 16];
	char rel[PATH_MAX];
	if (slurp("/proc/self/cgroup", buf, sizeof(buf)) < 0 ||
	    memcg_parse_proc_cgroup(buf, &m->version, rel, sizeof(rel)) < 0) {
		snprintf(err, n, "no memory cgroup in /proc/self/cgroup");
		return -1;
	}
	if (slurp("/proc/self/mountinfo", buf, sizeof(buf)) < 0 ||
	    memcg_parse_mountinfo(buf, m->version, m->mount, sizeof(m->mount)) < 0) {
		snprintf(err, n, "no cgroup v%d memory mount in /proc/self/mountinfo", m->version);
		return -1;
	}
	if (snprintf(m->dir, sizeof(m->dir), "%s%s", m->mount, strcmp(rel, "/") ? rel : "") >=
	    (int)sizeof(m->dir)) {
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
	if (slurp(path, buf, sizeof(buf)) <= 0)
		return -1;
	if (!strncmp(buf, "max", 3))
		return -2;
	long long v = strtoll(buf, &end, 10);
	return end == buf ? -1 : v;
}

long long memcg_parse_key(const char *text, const char *key)
{
	size_t kl = strlen(key);
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (!strncmp(l, key, kl) && l[kl] == ' ')
			return strtoll(l + kl + 1, NULL, 10);
	return -1;
}

long long memcg_read_key(const char *dir, const char *file, const char *key)
{
	static char buf[1 << 14];
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (slurp(path, buf, sizeof(buf)) < 0)
		return -1;
	return memcg_parse_key(buf, key);
}

long long memcg_usage(const struct memcg_self *m)
{
	return memcg_read_num(m->dir, m->version == 1 ? "memory.usage_in_bytes" : "memory.current");
}

long long memcg_kmem(const struct memcg_self *m)
{
	if (m->version == 1)
		return memcg_read_num(m->dir, "memory.kmem.usage_in_bytes");
	long long k = memcg_read_key(m->dir, "memory.stat", "kernel");
	return k >= 0 ? k : memcg_read_key(m->dir, "memory.stat", "slab");
}

long long memcg_file(const struct memcg_self *m)
{
	return memcg_read_key(m->dir, "memory.stat", m->version == 1 ? "cache" : "file");
}

const char *memcg_limit_file(const struct memcg_self *m)
{
	return m->version == 1 ? "memory.limit_in_bytes" : "memory.max";
}
