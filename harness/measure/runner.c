/* runner.c - `kmembench run` after validation: the schedule between begin and end of the run. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envinfo.h"
#include "leftovers.h"
#include "progress.h"
#include "runner.h"
#include "schedule.h"
#include "scratch.h"
#include "signals.h"
#include "trial.h"
#include "util.h"
#include "workload.h"

/* Adds a finished trial to the set and rewrites run.json. */
static void record(struct run_state *s, struct trial *t)
{
	results_add_trial(&s->lc.run, t);
	lc_update(&s->lc);
}

/* Runs plan @p and records its trial (record() files it as a timing or an
 * attribution trial). 1 recorded, 0 interrupted (nothing recorded), -1 failed
 * with s->lc.err set. */
static int run_plan(struct run_state *s, const struct trial_plan *p)
{
	struct trial t;
	bool intr;
	if (trial_run(&s->lc.env, p, &t, &intr, s->lc.err, sizeof(s->lc.err)) < 0)
		return -1;
	if (intr) {
		results_trial_release(&t);
		return 0;
	}
	record(s, &t);
	return 1;
}

/* The schedule: one fresh cgroup per trial, results written after each. */
static int execute(struct run_state *s)
{
	struct schedule sch;
	struct progress pr;
	if (schedule_build(&s->conf, &sch) < 0) {
		snprintf(s->lc.err, sizeof(s->lc.err), "out of memory");
		return -1;
	}
	progress_init(&pr, s->opts.verbose);
	int rc = 0;
	for (size_t i = 0; i < sch.n && !signals_pending(); i++) {
		if (sch.dropped[i])
			continue;
		if ((rc = run_plan(s, &sch.plans[i])) <= 0)
			break;
		const struct trial *t = &s->lc.run.trials[s->lc.run.ntrials - 1];
		if (!results_trial_ok(t))
			schedule_stop_after(&sch, i + 1, sch.plans[i].w, sch.plans[i].step_idx);
		progress_trial(&pr, t, schedule_remaining(&sch, i + 1));
	}
	progress_end(&pr);
	schedule_free(&sch);
	return rc < 0 ? -1 : 0;
}

/* The last seq so far: attribution and breakdown trials follow it. */
static int last_seq(const struct result_set *r)
{
	int last = 0;
	for (size_t i = 0; i < r->ntrials; i++)
		last = r->trials[i].seq > last ? r->trials[i].seq : last;
	for (size_t i = 0; i < r->nattr; i++)
		last = r->attr[i].seq > last ? r->attr[i].seq : last;
	return last;
}

/* Runs the attribution or breakdown plans of @sch, a progress line each; frees @sch. */
static int run_untimed(struct run_state *s, struct schedule *sch)
{
	struct progress pr;
	progress_init(&pr, s->opts.verbose);
	int rc = 0;
	for (size_t i = 0; i < sch->n && !signals_pending(); i++) {
		if ((rc = run_plan(s, &sch->plans[i])) <= 0)
			break;
		progress_attribution(&pr, &s->lc.run.attr[s->lc.run.nattr - 1], sch->n - i - 1);
	}
	schedule_free(sch);
	return rc < 0 ? -1 : 0;
}

/* --perf: attribution trials after the timing trials (their timings enter no statistic);
 * --caches: breakdown trials after those (kmem tracepoints; never timed either). */
static int untimed(struct run_state *s, bool caches)
{
	struct schedule sch;
	int seq0 = last_seq(&s->lc.run) + 1;
	if (!(caches ? s->conf.caches : s->conf.perf))
		return 0;
	if ((caches ? schedule_breakdown(&s->conf, &s->lc.run, &s->caches, seq0, &sch)
		    : schedule_attribution(&s->conf, &s->lc.run, &s->perf, seq0, &sch)) < 0) {
		schedule_free(&sch);
		snprintf(s->lc.err, sizeof(s->lc.err), "out of memory");
		return -1;
	}
	return run_untimed(s, &sch);
}

/* Cleanup phases (not needed on a loop filesystem: it goes whole), the loop
 * filesystem, scratch trees, the suite's parent cgroup. Always runs. */
static void teardown(struct run_state *s)
{
	char err[512];
	for (size_t i = 0; i < s->conf.nwl && !s->lc.fs.mounted; i++) {
		const struct wl_conf *w = &s->conf.wls[i];
		if (w->wl && w->ctx.dir && scratch_is_marked(w->ctx.dir) &&
		    workload_phase(&s->lc.env, w, "cleanup", err, sizeof(err)) < 0)
			fprintf(stderr, "kmembench: warning: %s\n", err);
	}
	lc_teardown(&s->lc);
}

/* Everything after validation: returns the exit status. */
int runner_run(struct run_state *s)
{
	if (lc_begin(&s->lc, &s->conf.fs, s->conf.scratch) < 0)
		return 1;
	if (runner_results(s) < 0) {
		leftovers_remove_parent(&s->lc.env);
		return 1;
	}
	if (!s->lc.env.knobs.soft)
		fprintf(stderr,
			"kmembench: note: the soft limit does not stick on this kernel "
			"(written, reads back unlimited): soft limits are recorded but not set\n");
	if (!scratchfs_is_loop(&s->lc.fs.opt) && envinfo_ext4_journal(s->conf.scratch) == 0)
		fprintf(stderr,
			"kmembench: note: %s is ext4 without a journal: creating files "
			"there scans recently deleted inodes (ext4 recently_deleted()), which "
			"dominates create-heavy workloads such as inode-storm\n",
			s->conf.scratch);
	fprintf(stderr, "kmembench: cgroup %s at %s, kmem limit %s; results in %s\n",
		s->lc.env.ops->name, s->lc.env.mount,
		cg_kmem_limit_name(s->lc.env.knobs.kmem_limit), s->lc.outdir);
	int ok = runner_prepare(s) == 0 && execute(s) == 0 && untimed(s, false) == 0 &&
		 untimed(s, true) == 0 && !signals_pending();
	teardown(s);
	return lc_end(&s->lc, ok);
}

void runner_free(struct run_state *s)
{
	cachesrec_release(&s->caches);
	json_decref(s->skipped);
	for (size_t i = 0; i < s->conf.nwl; i++)
		free((void *)s->conf.wls[i].ctx.dir);
}
