/* runner.h - `kmembench run` after validation: preflight, set-up, the schedule, teardown. */
#ifndef KMB_RUNNER_H
#define KMB_RUNNER_H

#include <jansson.h>
#include <stdbool.h>

#include "cachesrec.h"
#include "conf.h"
#include "lifecycle.h"
#include "perfrec.h"

/* Command-line facts that are no configuration. */
struct run_opts {
	bool verbose;
	bool outdir_given;
};

struct run_state {
	struct lifecycle lc; /* env, result set, scratch, outdir, err */
	struct run_conf conf;
	struct run_opts opts;
	struct perfrec perf;	 /* --perf: perf, perf.data in scratch_run, outdir */
	json_t *skipped;	 /* env.skipped: instances v2 cannot run, [{workload, reason}] */
	struct cachesrec caches; /* --caches: perf, its filters, perf.data in scratch_run */
};

/* Environment checks that need no change to the system: -1 (exit 1) on failure, -2 (exit 2)
 * when the run cannot be what was asked for (a tool or perf missing). */
int runner_preflight(struct run_state *s);

/* The result directory and the first run.json (runner_setup.c). */
int runner_results(struct run_state *s);

/* Scratch trees (and the loop filesystem), prepare phases, `auto` calibration. */
int runner_prepare(struct run_state *s);

/* Everything after preflight, from lc_begin to lc_end: the exit status. */
int runner_run(struct run_state *s);

/* Frees what the state holds (perf probes, workload directories). */
void runner_free(struct run_state *s);

#endif
