/* lifecycle.h - begin and end of a measuring command (run, micro): one owner for both. */
#ifndef KMB_LIFECYCLE_H
#define KMB_LIFECYCLE_H

#include <limits.h>
#include <stdbool.h>

#include "cgroup.h"
#include "loadwatch.h"
#include "results.h"
#include "scratchfs.h"
#include "sysinfo.h"

/* What every measuring command holds from preflight to exit. */
struct lifecycle {
	const char *cmd; /* "run", "micro": its error lines read "kmembench CMD: ..." */
	struct cg_env env;
	struct sysinfo_k si;
	struct result_set run;
	struct loadwatch load; /* CPU used by others around the run (env.load) */
	struct scratchfs fs;   /* a loop filesystem on scratch_run, if any */
	char outdir[PATH_MAX];
	char scratch_run[PATH_MAX]; /* <scratch>/run-<pid>, "" until made */
	char err[1024];
};

/* Before preflight: signal handlers (preflight may mount tracefs). */
void lc_preflight_begin(struct lifecycle *lc, const char *cmd);

/* After preflight returned @rc (-1 cannot, -2 refused like bad usage): 0 when the run goes
 * on, else the exit status, the error line printed (a signal during preflight is one). */
int lc_preflight_end(struct lifecycle *lc, int rc);

/* The run's start: load watch, signals, scratch filesystem state from @fs, the sweep of
 * dead runs under @scratch, the suite's parent cgroup and its knobs. -1 with lc->err. */
int lc_begin(struct lifecycle *lc, const struct scratchfs_opt *fs, const char *scratch);

/* The result directory (@outdir when @given, else a dated one named after @name) and the
 * result header (kernel, cmdline, virt, @profile, @label, cgroup version, start). */
int lc_results(struct lifecycle *lc, bool given, const char *outdir, const char *name,
	       const char *profile, const char *label);

/* Writes run.json; -1 with lc->err when it cannot. */
int lc_write(struct lifecycle *lc);

/* Rewrites run.json after a step, warning on stderr when it cannot. */
void lc_update(struct lifecycle *lc);

/* Marked scratch trees <scratch> (the suite's root) and <scratch>/run-<pid> (ours). */
int lc_scratch_run(struct lifecycle *lc, const char *scratch);

/* The loop filesystem, our scratch tree, our cgroups, the parent when empty. */
void lc_teardown(struct lifecycle *lc);

/* Writes the final run.json (complete when @ok and not interrupted); the exit status. */
int lc_end(struct lifecycle *lc, bool ok);

/* At exit: the error line when the run failed before it had a result set; frees it. */
void lc_exit(struct lifecycle *lc, int status);

#endif
