/* memcg_child.c - a workload's view of its memory cgroup: where it is, counters, child dirs. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "memcg_parse.h"
#include "memcg_child.h"

/* Reads @path into @buf (NUL-terminated); bytes read or -1. */
static ssize_t read_text(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t off = 0;
	if (fd < 0)
		return -1;
	while (off + 1 < len) {
		ssize_t n = read(fd, buf + off, len - 1 - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(fd);
	buf[off] = '\0';
	return (ssize_t)off;
}

/* Writes @val to @path. 0 or -1 with errno. */
static int write_text(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, val, strlen(val));
	int e = errno;
	close(fd);
	errno = e;
	return n == (ssize_t)strlen(val) ? 0 : -1;
}

/* True when the cgroup2 mount @mnt offers the memory controller. */
static bool v2_has_memory(const char *mnt)
{
	char p[PATH_MAX + 32], buf[512];
	snprintf(p, sizeof(p), "%s/cgroup.controllers", mnt);
	if (read_text(p, buf, sizeof(buf)) < 0)
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
static int pick_version(struct memcg_loc *s, char *err, size_t errlen)
{
	char v1[PATH_MAX], v2[PATH_MAX];
	const char *force = getenv("KMB_CGROUP");
	scan_mounts(v1, v2, sizeof(v1));
	bool use_v2 = v2[0] && (!force || !strcmp(force, "v2"));
	bool use_v1 = !use_v2 && v1[0] && (!force || !strcmp(force, "v1"));
	if (!use_v1 && !use_v2) {
		snprintf(err, errlen, "no memory cgroup hierarchy is mounted%s%s",
			 force ? " for KMB_CGROUP=" : "", force ? force : "");
		return -1;
	}
	s->version = use_v2 ? 2 : 1;
	snprintf(s->mount, sizeof(s->mount), "%s", use_v2 ? v2 : v1);
	return 0;
}

int memcg_loc_find(struct memcg_loc *s, char *err, size_t errlen)
{
	char text[8192], rel[PATH_MAX];
	memset(s, 0, sizeof(*s));
	if (pick_version(s, err, errlen) < 0)
		return -1;
	if (read_text("/proc/self/cgroup", text, sizeof(text)) < 0 ||
	    memcg_parse_self(text, s->version, rel, sizeof(rel)) < 0) {
		snprintf(err, errlen, "cannot find our memory cgroup (v%d) in /proc/self/cgroup",
			 s->version);
		return -1;
	}
	s->in_suite = !strncmp(rel, "/" MEMCG_SUITE_DIR "/", sizeof(MEMCG_SUITE_DIR) + 1) &&
		      rel[sizeof(MEMCG_SUITE_DIR) + 1];
	if ((size_t)snprintf(s->cg, sizeof(s->cg), "%s%s", s->mount, strcmp(rel, "/") ? rel : "") >=
	    sizeof(s->cg)) {
		snprintf(err, errlen, "memory cgroup path too long");
		return -1;
	}
	return 0;
}

static long long ndirs;

static int count_dir(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)path, (void)st, (void)ftw;
	ndirs += flag == FTW_D;
	return 0;
}

long long memcg_live_count(const char *mount)
{
	ndirs = 0;
	if (nftw(mount, count_dir, 32, FTW_PHYS | FTW_MOUNT) != 0)
		return -1;
	return ndirs;
}

long long memcg_dying(const struct memcg_loc *s, const char *parent)
{
	char p[PATH_MAX + 32], buf[4096];
	if (s->version == 2) {
		snprintf(p, sizeof(p), "%s/cgroup.stat", parent);
		return read_text(p, buf, sizeof(buf)) < 0
			   ? -1
			   : memcg_parse_kv(buf, "nr_dying_descendants");
	}
	if (read_text("/proc/cgroups", buf, sizeof(buf)) < 0)
		return -1;
	long long all = memcg_parse_proc_cgroups(buf), live = memcg_live_count(s->mount);
	return all < 0 || live < 0 ? -1 : all - live;
}

long long memcg_kmem_bytes(const struct memcg_loc *s, const char *dir)
{
	char p[PATH_MAX + 32], buf[8192];
	snprintf(p, sizeof(p), "%s/%s", dir,
		 s->version == 2 ? "memory.stat" : "memory.kmem.usage_in_bytes");
	if (read_text(p, buf, sizeof(buf)) < 0)
		return -1;
	if (s->version == 2)
		return memcg_parse_kv(buf, "slab");
	char *end;
	long long v = strtoll(buf, &end, 10);
	return end == buf ? -1 : v;
}

int memcg_move(const char *dir, pid_t pid)
{
	char p[PATH_MAX + 32], v[24];
	snprintf(p, sizeof(p), "%s/cgroup.procs", dir);
	snprintf(v, sizeof(v), "%ld", (long)(pid ? pid : getpid()));
	return write_text(p, v);
}

int memcg_enable_memory(const struct memcg_loc *s, const char *dir)
{
	char p[PATH_MAX + 32];
	if (s->version != 2)
		return 0;
	snprintf(p, sizeof(p), "%s/cgroup.subtree_control", dir);
	return write_text(p, "+memory");
}

int memcg_rmdir(const char *dir, long long *retries)
{
	struct timespec ts = {0, 2000000};
	for (int i = 0; i < 1000; i++) {
		if (rmdir(dir) == 0 || errno == ENOENT)
			return 0;
		if (errno != EBUSY)
			return -1;
		(*retries)++;
		nanosleep(&ts, NULL);
	}
	return -1;
}
