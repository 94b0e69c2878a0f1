/* schedule.h - the order trials run in, and the stop-after-failure rule. */
#ifndef KMB_SCHEDULE_H
#define KMB_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>

#include "conf.h"
#include "trial.h"

struct schedule {
	struct trial_plan *plans;
	bool *dropped; /* plans removed by the stop rule */
	size_t n;
};

/* Rep-major, interleaved across workloads and steps; odd reps walk the ladder
 * down, even reps walk it back up (serpentine), so a linear drift in the
 * machine cancels out between steps instead of looking like an effect. */
int schedule_build(const struct run_conf *c, struct schedule *s);

/* The 2011 rule: once workload @w failed at ladder index @idx, later plans of
 * @w at deeper steps (index > @idx) are dropped. Returns how many. */
/* Attribution trials (`run --perf`), after the timing trials: c->perf_reps per
 * workload and step of its ladder that ran a timing trial in @run, each under
 * @pr; rep-major like the timing trials; seq numbers from @seq0 on. */
int schedule_attribution(const struct run_conf *c, const struct result_set *run,
			 const struct perfrec *pr, int seq0, struct schedule *s);

/* Breakdown trials (`run --caches`), after those: c->caches_reps per workload and step
 * that ran a timing trial, each under @cr; otherwise as schedule_attribution. */
int schedule_breakdown(const struct run_conf *c, const struct result_set *run,
		       const struct cachesrec *cr, int seq0, struct schedule *s);

size_t schedule_stop_after(struct schedule *s, size_t from, const struct wl_conf *w, size_t idx);

/* Plans not dropped from position @from on. */
size_t schedule_remaining(const struct schedule *s, size_t from);

void schedule_free(struct schedule *s);

#endif
