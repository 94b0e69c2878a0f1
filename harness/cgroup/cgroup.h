/* cgroup.h - memory cgroup backends (v1, v2) behind one ops struct, fio style.
 *
 * The suite owns one parent cgroup, PARENT = <memory mount>/kmembench. Every
 * trial gets a fresh child named "r<pid>-t<seq>" (pid of the owning harness),
 * so a later cleanup can tell cgroups of live runs from those of dead ones.
 */
#ifndef KMB_CGROUP_H
#define KMB_CGROUP_H

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CG_PARENT_NAME "kmembench"

/* What a v1 memory.kmem.limit_in_bytes write does (v2 has no such knob). */
enum cg_kmem_limit {
	CG_KMEM_ABSENT,	     /* no such file */
	CG_KMEM_EFFECTIVE,   /* the write reads back: kmem is limited */
	CG_KMEM_NOOP,	     /* accepted but not stored (5.16+ / 6.6+ no-op) */
	CG_KMEM_UNSUPPORTED, /* the write is refused */
};

/* What this kernel offers and what really works (probed by writing and reading back). */
struct cg_knobs {
	bool hard, soft; /* limit files exist and read back what was written */
	bool failcnt, kmem_failcnt, peak, kmem_peak, kmem_usage, events, oom_kill, kill_file;
	enum cg_kmem_limit kmem_limit;
	long long nr_dying; /* v2 cgroup.stat nr_dying_descendants of PARENT, -1 absent */
};

/* A trial cgroup's counters, read once after its workload ended. Numbers are
 * -1 when the kernel has no such file; the objects are owned by the caller. */
struct cg_counters {
	long long failcnt;	   /* v1 memory.failcnt / v2 events "max" */
	long long kmem_failcnt;	   /* v1 memory.kmem.failcnt */
	long long peak_bytes;	   /* v1 memory.max_usage_in_bytes / v2 memory.peak */
	long long kmem_peak_bytes; /* v1 memory.kmem.max_usage_in_bytes */
	bool oom_killed;	   /* the oom_kill event counter is above zero */
	json_t *events;		   /* object or NULL */
	json_t *stat;		   /* object or NULL */
};

struct cg_env;

struct cg {
	char path[PATH_MAX];
	bool is_root; /* the root cgroup: limits and counters do not apply */
};

struct cg_ops {
	const char *name; /* "v1" or "v2" */
	int version;
	/* Creates PARENT and enables the memory controller on the way down. */
	int (*setup_parent)(struct cg_env *env, char *err, size_t errlen);
	/* Fills env->knobs using a throw-away probe cgroup under PARENT. */
	int (*probe)(struct cg_env *env);
	/* Writes hard/soft limits (0 = leave unlimited) and reads them back. */
	int (*set_limits)(const struct cg_env *env, const struct cg *cg, uint64_t hard,
			  uint64_t soft, char *err, size_t errlen);
	/* Reads failure counters, peaks and kmem stats into @c (every member set). */
	void (*collect)(const struct cg_env *env, const struct cg *cg, struct cg_counters *c);
};

struct cg_env {
	const struct cg_ops *ops;
	char mount[PATH_MAX];  /* memory hierarchy mount point */
	char parent[PATH_MAX]; /* mount/kmembench */
	struct cg_knobs knobs;
};

extern const struct cg_ops cg_v1_ops;
extern const struct cg_ops cg_v2_ops;

/* Finds the memory hierarchy (KMB_CGROUP=v1|v2 forces one) and picks its backend.
 * Changes nothing. On failure writes one line into @err. */
int cg_detect(struct cg_env *env, char *err, size_t errlen);

/* "absent", "effective", "noop" or "unsupported": the name info and run.json record. */
const char *cg_kmem_limit_name(enum cg_kmem_limit k);

/* Fills @cg with the root cgroup of @env's hierarchy. */
void cg_root(const struct cg_env *env, struct cg *cg);
/* mkdir PARENT/@name; fails if it exists (a fresh cgroup per trial). Re-makes
 * PARENT when a concurrent run removed it. */
int cg_create(const struct cg_env *env, const char *name, struct cg *cg);
/* Moves the calling process into @cg (writes its pid to cgroup.procs). */
int cg_enter(const struct cg *cg);
/* SIGKILLs every process in @cg until it is empty or ~5 s passed; 0 when empty. */
int cg_kill_all(const struct cg *cg);
/* Empties and removes @cg and its child cgroups (with retries); 0 or -1 with errno. */
int cg_destroy(const struct cg *cg);
/* Number of processes in @cg, or -1. */
int cg_nprocs(const struct cg *cg);

/* File helpers relative to @cg. */
bool cg_has(const struct cg *cg, const char *file);
int cg_read(const struct cg *cg, const char *file, char *buf, size_t n);
int cg_write(const struct cg *cg, const char *file, const char *val);
long long cg_read_u64(const struct cg *cg, const char *file); /* -1 absent/junk, -2 "max" */
/* Writes @val then reads it back; 0 when the read value equals @expect. */
int cg_write_check(const struct cg *cg, const char *file, uint64_t val, uint64_t expect);

#endif
