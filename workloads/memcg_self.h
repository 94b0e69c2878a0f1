/* memcg_self.h - the calling process's own memory cgroup: find it, move in and out, knobs. */
#ifndef KMB_MEMCG_SELF_H
#define KMB_MEMCG_SELF_H

#include <limits.h>
#include <stddef.h>

struct memcg_self {
	int version;	      /* 1 or 2 */
	char dir[PATH_MAX];   /* this process's memory cgroup directory */
	char mount[PATH_MAX]; /* the hierarchy's mount point (its root cgroup) */
};

/* From /proc/self/cgroup text: the v1 line naming "memory" wins, else "0::". Sets
 * *version and the cgroup path (relative to the hierarchy root); -1 when none. */
int memcg_parse_proc_cgroup(const char *text, int *version, char *path, size_t n);

/* From /proc/self/mountinfo text: the mount point of the v1 memory hierarchy
 * (fstype cgroup, super option "memory") or of cgroup2; -1 when none. */
int memcg_parse_mountinfo(const char *text, int version, char *mnt, size_t n);

/* Finds the calling process's memory cgroup. On failure one line in @err, -1. */
int memcg_self_find(struct memcg_self *m, char *err, size_t n);

/* Writes the caller's pid to DIR/cgroup.procs; 0 or -1 with errno. */
int memcg_enter(const char *dir);

/* Writes @val to DIR/FILE; 0 or the errno of the failed open/write. */
int memcg_write(const char *dir, const char *file, const char *val);

/* A number file (-1 absent or unreadable; "max" reads as -2). */
long long memcg_read_num(const char *dir, const char *file);

/* The value of "KEY N" in a flat keyed file (memory.stat, memory.events,
 * memory.oom_control); -1 when absent. */
long long memcg_read_key(const char *dir, const char *file, const char *key);

/* Same on captured text. */
long long memcg_parse_key(const char *text, const char *key);

/* Usage, kmem (v1 kmem.usage_in_bytes, v2 stat slab+kernel_stack+...: "kernel" when
 * present, else "slab") and page cache (v1 stat cache, v2 stat file) in bytes. */
long long memcg_usage(const struct memcg_self *m);
long long memcg_kmem(const struct memcg_self *m);
long long memcg_file(const struct memcg_self *m);

/* The hard limit file: memory.limit_in_bytes (v1) or memory.max (v2). */
const char *memcg_limit_file(const struct memcg_self *m);

#endif
