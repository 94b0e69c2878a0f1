/* schedule.c - build the interleaved trial order and apply the stop rule. */
#include <stdlib.h>
#include <string.h>

#include "schedule.h"

int schedule_build(const struct run_conf *c, struct schedule *s)
{
	size_t total = 0;
	for (size_t i = 0; i < c->nwl; i++)
		total += c->wls[i].ladder.n * (size_t)c->reps;
	s->plans = calloc(total ? total : 1, sizeof(*s->plans));
	s->dropped = calloc(total ? total : 1, sizeof(*s->dropped));
	s->n = 0;
	if (!s->plans || !s->dropped)
		return -1;
	for (int rep = 1; rep <= c->reps; rep++) {
		for (size_t i = 0; i < c->nwl; i++) {
			const struct wl_conf *w = &c->wls[i];
			for (size_t k = 0; k < w->ladder.n; k++) {
				size_t idx = rep % 2 ? k : w->ladder.n - 1 - k;
				struct trial_plan *p = &s->plans[s->n++];
				p->w = w;
				p->step = &w->ladder.steps[idx];
				p->step_idx = idx;
				p->rep = rep;
				p->drop_caches = c->drop_caches;
			}
		}
	}
	for (size_t i = 0; i < s->n; i++)
		s->plans[i].seq = (int)i + 1;
	return 0;
}

/* True when @run has a timing trial of workload @w at step @label. */
static bool ran(const struct result_set *run, const char *w, const char *label)
{
	for (size_t i = 0; i < run->ntrials; i++)
		if (!strcmp(run->trials[i].workload, w) && !strcmp(run->trials[i].step, label))
			return true;
	return false;
}

/* @reps plans per workload and step that ran a timing trial in @run, rep-major, seq
 * numbers from @seq0 on, each under @pr or @cr. */
static int after_timing(const struct run_conf *c, const struct result_set *run, int reps,
			const struct perfrec *pr, const struct cachesrec *cr, int seq0,
			struct schedule *s)
{
	size_t total = 0;
	for (size_t i = 0; i < c->nwl; i++)
		total += c->wls[i].ladder.n * (size_t)reps;
	s->plans = calloc(total ? total : 1, sizeof(*s->plans));
	s->dropped = calloc(total ? total : 1, sizeof(*s->dropped));
	s->n = 0;
	if (!s->plans || !s->dropped)
		return -1;
	for (int rep = 1; rep <= reps; rep++) {
		for (size_t i = 0; i < c->nwl; i++) {
			const struct wl_conf *w = &c->wls[i];
			for (size_t k = 0; k < w->ladder.n; k++) {
				if (!ran(run, w->name, w->ladder.steps[k].label))
					continue;
				size_t j = s->n++;
				s->plans[j] = (struct trial_plan){.w = w,
								  .step = &w->ladder.steps[k],
								  .step_idx = k,
								  .rep = rep,
								  .seq = seq0 + (int)j,
								  .drop_caches = c->drop_caches,
								  .perf = pr,
								  .caches = cr};
			}
		}
	}
	return 0;
}

int schedule_attribution(const struct run_conf *c, const struct result_set *run,
			 const struct perfrec *pr, int seq0, struct schedule *s)
{
	return after_timing(c, run, c->perf_reps, pr, NULL, seq0, s);
}

int schedule_breakdown(const struct run_conf *c, const struct result_set *run,
		       const struct cachesrec *cr, int seq0, struct schedule *s)
{
	return after_timing(c, run, c->caches_reps, NULL, cr, seq0, s);
}

size_t schedule_stop_after(struct schedule *s, size_t from, const struct wl_conf *w, size_t idx)
{
	size_t n = 0;
	for (size_t i = from; i < s->n; i++) {
		if (!s->dropped[i] && s->plans[i].w == w && s->plans[i].step_idx > idx) {
			s->dropped[i] = true;
			n++;
		}
	}
	return n;
}

size_t schedule_remaining(const struct schedule *s, size_t from)
{
	size_t n = 0;
	for (size_t i = from; i < s->n; i++)
		n += !s->dropped[i];
	return n;
}

void schedule_free(struct schedule *s)
{
	free(s->plans);
	free(s->dropped);
	s->plans = NULL;
	s->dropped = NULL;
	s->n = 0;
}
