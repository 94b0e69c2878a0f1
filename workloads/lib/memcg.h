/* memcg.h - the own memory cgroup: find it, join a cgroup, read and write cgroup files. */
#ifndef KMB_MEMCG_H
#define KMB_MEMCG_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/* The suite's parent cgroup directory under the memory mount (harness CG_PARENT_NAME). */
#define MEMCG_SUITE_DIR "kmembench"

struct memcg {
	int version;	      /* 1 or 2 */
	char mount[PATH_MAX]; /* the memory hierarchy's mount point (its root cgroup) */
	char dir[PATH_MAX];   /* our own memory cgroup, absolute */
	bool in_suite;	      /* dir is below <mount>/kmembench/ (a trial cgroup of the harness) */
};

/* Finds the memory hierarchy as the harness's cg_detect does (a cgroup2 mount with the
 * memory controller, else a v1 memory mount; KMB_CGROUP=v1|v2 forces one: cgfind.h) and our own
 * memory cgroup in it from /proc/self/cgroup. On failure one line in @err, -1. */
int memcg_find(struct memcg *m, char *err, size_t n);

/* Writes the caller's pid to @dir/cgroup.procs; 0 or -1 with errno. */
int memcg_enter(const char *dir);

/* Writes @val to @dir/@file; 0 or the errno of the failed open/write. */
int memcg_write(const char *dir, const char *file, const char *val);

/* A single-value file @dir/@file as a number (-1 absent or unreadable; "max" reads as -2). */
long long memcg_read_num(const char *dir, const char *file);

/* The value of "KEY N" in the flat keyed file @dir/@file (memory.stat, memory.events,
 * memory.oom_control, cgroup.stat); -1 when absent or unreadable. */
long long memcg_read_key(const char *dir, const char *file, const char *key);

/* Of our own cgroup, in bytes: usage (v1 usage_in_bytes, v2 current), kmem (v1
 * kmem.usage_in_bytes, v2 stat "kernel" - slab, stacks, page tables ... - when the kernel
 * has it, else "slab") and page cache (v1 stat cache, v2 stat file). -1 unknown. */
long long memcg_usage(const struct memcg *m);
long long memcg_kmem(const struct memcg *m);
long long memcg_file(const struct memcg *m);

/* Kernel memory charged to cgroup @dir of the hierarchy as cgroup-churn reports it: v1
 * memory.kmem.usage_in_bytes, v2 memory.stat "slab". -1 unknown. */
long long memcg_kmem_slab(const struct memcg *m, const char *dir);

/* The hard limit file: memory.limit_in_bytes (v1) or memory.max (v2). */
const char *memcg_limit_file(const struct memcg *m);

#endif
