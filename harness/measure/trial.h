/* trial.h - one trial: fresh cgroup, limits read back, caches dropped, run, counters. */
#ifndef KMB_TRIAL_H
#define KMB_TRIAL_H

#include <stddef.h>

#include "cgroup.h"
#include "conf.h"
#include "results.h"
#include "cachesrec.h"
#include "perfrec.h"
#include "spawn.h"

struct trial_plan {
	const struct wl_conf *w;
	const struct step *step;
	size_t step_idx; /* position in the workload's ladder */
	int rep, seq;
	bool drop_caches;
	const struct perfrec *perf;	/* non-NULL: an attribution trial under perf record */
	const struct cachesrec *caches; /* non-NULL: a breakdown trial (kmem tracepoints) */
};

/* Runs one planned trial and fills @t. Returns 0 when a trial was recorded
 * (whatever the workload's outcome), -1 when the harness itself failed
 * (cgroup could not be made or limited): @err says why. Sets *interrupted when
 * the harness was signalled during the trial. */
int trial_run(const struct cg_env *env, const struct trial_plan *p, struct trial *t,
	      bool *interrupted, char *err, size_t errlen);

#endif
