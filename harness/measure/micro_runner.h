/* micro_runner.h - `kmembench micro` after validation: preflight, set-up, the shim, teardown. */
#ifndef KMB_MICRO_RUNNER_H
#define KMB_MICRO_RUNNER_H

#include <limits.h>
#include <stdbool.h>

#include "cachesrec.h"
#include "cgroup.h"
#include "kmodule.h"
#include "lifecycle.h"
#include "micro_conf.h"
#include "spawn.h"

#define MICRO_SHIM_NAME "kmembench-micro"
#define MICRO_WARMUP_MS 0.5

struct micro_state {
	struct micro_conf conf;
	struct micro_plan plan;
	bool outdir_given;
	struct lifecycle lc; /* env, result set, scratch, outdir, err */
	struct cg cgs[LADDER_MAX_STEPS];
	bool made[LADDER_MAX_STEPS];
	char disk[PATH_MAX], tmpfs[PATH_MAX];
	char shim[PATH_MAX];
	struct cachesrec caches; /* --caches: perf, its filters, perf.data in scratch_run */
	bool kloop;		 /* some op is an in-kernel loop op ("k:..."): the module */
	struct kmodule_use kmod;
};

/* Checks that change nothing: root, the cgroup hierarchy, the shim program, for k: ops
 * the module, and for --caches perf and the kmem tracepoints: -1 (exit 1), -2 (refused like bad usage). */
int micro_runner_preflight(struct micro_state *s);

/* Everything after preflight, from lc_begin to lc_end: the exit status. */
int micro_runner_run(struct micro_state *s);

/* Frees what the state holds (perf probes). */
void micro_runner_free(struct micro_state *s);

/* micro_setup.c: the result directory and a first run.json (incomplete, empty micro[]). */
int micro_setup_results(struct micro_state *s);

/* micro_setup.c: <scratch>/run-<pid> on a fresh ext4 loop filesystem, disk/ and tmpfs/. */
int micro_setup_scratch(struct micro_state *s);

/* micro_setup.c: a fresh cgroup with its limits per non-root arm. */
int micro_setup_cgroups(struct micro_state *s);

/* micro_shim.c: runs the shim over every op and arm; 0 when it ran (whatever its exit). */
int micro_shim_run(struct micro_state *s, struct child_result *res);

/* micro_shim.c: micro[] and overhead[] from DIR/gbench.json; -1 with s->lc.err. */
int micro_shim_collect(struct micro_state *s);

/* micro_shim.c: blocks that failed in micro[]; the first named in s->lc.err. */
size_t micro_shim_failed_blocks(struct micro_state *s);

#endif
