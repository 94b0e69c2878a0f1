/* runner_setup.c - `kmembench run` before its schedule: preflight, results, scratch, prepare. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "envinfo.h"
#include "runner.h"
#include "scratch.h"
#include "signals.h"
#include "trial.h"
#include "util.h"
#include "workload.h"

/* True when a built-in workload runs (and so needs the scratch filesystem). */
static bool has_builtin(const struct run_conf *c)
{
	for (size_t i = 0; i < c->nwl; i++)
		if (c->wls[i].wl)
			return true;
	return false;
}

/* A workload instance whose v1-only option (oom_kill_disable) is set cannot run on v2: it is
 * dropped from the run with a note on stderr and in env.skipped (a profile mixing it with
 * others still runs them). -2 (bad usage) with @err when nothing would be left to run. */
static int skip_v1_only(struct run_state *s)
{
	char why[512];
	size_t kept = 0;
	s->skipped = json_array();
	if (!s->skipped) {
		snprintf(s->lc.err, sizeof(s->lc.err), "out of memory");
		return -1;
	}
	for (size_t i = 0; i < s->conf.nwl; i++) {
		const struct wl_conf *w = &s->conf.wls[i];
		int j = w->wl && w->wl->v1_only ? wl_opt_index(w->wl, w->wl->v1_only) : -1;
		if (s->lc.env.ops->version == 1 || j < 0 || !w->ctx.val[j]) {
			if (kept != i)
				s->conf.wls[kept] = *w;
			kept++;
			continue;
		}
		strf(why, sizeof(why),
		     "%s = %lld needs cgroup v1 (accepted on v2: 0; v2 cannot disable the OOM "
		     "killer, it offers memory.oom.group)",
		     w->wl->v1_only, w->ctx.val[j]);
		strf(s->lc.err, sizeof(s->lc.err), "[%s] %s", w->name, why);
		json_array_append_new(s->skipped,
				      json_pack("{s:s, s:s}", "workload", w->name, "reason", why));
	}
	size_t nskip = s->conf.nwl - kept;
	if (nskip && !kept)
		return -2; /* nothing left: refused like bad usage, s->lc.err names the last one */
	s->conf.nwl = kept;
	for (size_t i = 0; i < json_array_size(s->skipped); i++) {
		const json_t *o = json_array_get(s->skipped, i);
		fprintf(stderr, "kmembench: note: [%s] skipped on cgroup v%d: %s\n",
			json_string_value(json_object_get(o, "workload")), s->lc.env.ops->version,
			json_string_value(json_object_get(o, "reason")));
	}
	s->lc.err[0] = '\0';
	return 0;
}

/* Environment checks that need no change to the system: -1 (exit 1) on failure, -2 (exit 2)
 * when a named workload's tool is missing (the run cannot be what was asked for). */
int runner_preflight(struct run_state *s)
{
	char *e = s->lc.err;
	size_t n = sizeof(s->lc.err);
	if (conf_check_tools(&s->conf, e, n) < 0)
		return -2; /* refused like bad usage: nothing was made */
	if (geteuid() != 0) {
		snprintf(e, n, "kmembench run needs root (it creates cgroups and drops caches)");
		return -1;
	}
	perfrec_init(&s->perf);
	if (s->conf.perf && perfrec_check(&s->perf, e, n) < 0)
		return -2; /* refused like bad usage: nothing is created */
	cachesrec_init(&s->caches);
	int rc = s->conf.caches ? cachesrec_check(&s->caches, e, n) : 0;
	if (rc < 0)
		return rc;
	rc = cg_detect(&s->lc.env, e, n);
	if (rc < 0 || (rc = skip_v1_only(s)) < 0)
		return rc;
	sysinfo_read(&s->lc.si);
	if (s->conf.drop_caches && !sysinfo_drop_caches_writable()) {
		snprintf(e, n, "/proc/sys/vm/drop_caches is not writable (use --no-drop-caches)");
		return -1;
	}
	if (has_builtin(&s->conf) && scratchfs_preflight(&s->conf.fs, e, n) < 0)
		return -1;
	for (size_t i = 0; i < s->conf.nwl; i++) {
		const struct wl_conf *w = &s->conf.wls[i];
		char path[PATH_MAX];
		if (!w->wl)
			continue;
		strf(path, sizeof(path), "%s/%s", workload_bindir(), w->wl->name);
		if (access(path, X_OK) < 0) {
			strf(e, n, "workload program %s is missing (build it with make)", path);
			return -1;
		}
	}
	return 0;
}

/* Result directory and the first run.json: an unwritable or full disk fails here. */
int runner_results(struct run_state *s)
{
	if (lc_results(&s->lc, s->opts.outdir_given, s->conf.outdir, s->conf.label, s->conf.profile,
		       s->conf.label) < 0)
		return -1;
	struct result_set *r = &s->lc.run;
	r->env = envinfo_json(&s->conf, &s->lc.env, &s->lc.si);
	json_object_set_new(r->env, "perf",
			    s->conf.perf ? perfrec_env_json(&s->perf, s->conf.perf_reps)
					 : json_null());
	json_object_set_new(r->env, "skipped", s->skipped);
	s->skipped = NULL; /* the set owns it */
	json_object_set_new(r->env, "caches",
			    s->conf.caches ? cachesrec_env_json(&s->caches, s->conf.caches_reps)
					   : json_null());
	return lc_write(&s->lc);
}

static int setup_workload_scratch(struct run_state *s);

/* perf.data of --perf and --caches (one at a time) in <scratch>/run-<pid>. */
static int set_perf_data(struct run_state *s)
{
	if (s->conf.perf &&
	    (strf(s->perf.data, sizeof(s->perf.data), "%s/perf.data", s->lc.scratch_run) < 0 ||
	     strf(s->perf.outdir, sizeof(s->perf.outdir), "%s", s->lc.outdir) < 0))
		return -1;
	if (s->conf.caches &&
	    strf(s->caches.data, sizeof(s->caches.data), "%s/perf.data", s->lc.scratch_run) < 0)
		return -1;
	return 0;
}

/* Marked scratch trees: <scratch> (the suite's root) and <scratch>/run-<pid>/<workload>;
 * a fresh loop filesystem is mounted on <scratch>/run-<pid> unless --fs DIR. A command
 * run makes <scratch>/run-<pid> only for --perf or --caches (perf.data), on the scratch
 * root's fs. */
static int setup_scratch(struct run_state *s)
{
	char *e = s->lc.err;
	size_t n = sizeof(s->lc.err);
	if (!has_builtin(&s->conf) && !s->conf.perf && !s->conf.caches)
		return 0;
	if (lc_scratch_run(&s->lc, s->conf.scratch) < 0)
		return -1;
	if (set_perf_data(s) < 0) {
		strf(e, n, "scratch path %s too long for perf.data", s->lc.scratch_run);
		return -1;
	}
	return has_builtin(&s->conf) ? setup_workload_scratch(s) : 0;
}

/* The loop filesystem on <scratch>/run-<pid> and a marked tree per built-in workload. */
static int setup_workload_scratch(struct run_state *s)
{
	char *e = s->lc.err;
	size_t n = sizeof(s->lc.err);
	if (scratchfs_is_loop(&s->lc.fs.opt))
		fprintf(stderr,
			"kmembench: scratch: a fresh %s filesystem on a loop device at %s\n",
			scratchfs_type_name(s->lc.fs.opt.type), s->lc.scratch_run);
	if (scratchfs_setup(&s->lc.fs, s->conf.scratch, s->lc.scratch_run, e, n) < 0)
		return -1;
	const char *on = scratchfs_is_loop(&s->lc.fs.opt) ? s->lc.scratch_run : s->conf.scratch;
	envinfo_note_scratch_fs(s->lc.run.env, scratchfs_json(&s->lc.fs, on), on);
	for (size_t i = 0; i < s->conf.nwl; i++) {
		struct wl_conf *w = &s->conf.wls[i];
		if (!w->wl)
			continue;
		char *dir = malloc(PATH_MAX);
		if (!dir || strf(dir, PATH_MAX, "%s/%s", s->lc.scratch_run, w->name) < 0 ||
		    scratch_make(dir, (long)getpid(), e, n) < 0) {
			free(dir);
			return -1;
		}
		w->ctx.dir = dir;
	}
	return 0;
}

/* Runs each built-in workload's prepare phase (outside any trial). */
static int prepare_workloads(struct run_state *s)
{
	for (size_t i = 0; i < s->conf.nwl && !signals_pending(); i++) {
		const struct wl_conf *w = &s->conf.wls[i];
		if (!w->wl)
			continue;
		fprintf(stderr, "kmembench: preparing %s in %s\n", w->name, w->ctx.dir);
		if (workload_phase(&s->lc.env, w, "prepare", s->lc.err, sizeof(s->lc.err)) < 0)
			return -1;
	}
	return signals_pending() ? -1 : 0;
}

/* Expands `auto` ladders from one unlimited calibration trial per workload. */
static int calibrate(struct run_state *s)
{
	for (size_t i = 0; i < s->conf.nwl; i++) {
		struct wl_conf *w = &s->conf.wls[i];
		if (!ladder_has_auto(&w->ladder))
			continue;
		struct step st = {.kind = STEP_UNLIMITED};
		ladder_step_label(&st);
		struct trial_plan p = {
		    .w = w, .step = &st, .seq = 0, .drop_caches = s->conf.drop_caches};
		struct trial t;
		bool intr;
		if (trial_run(&s->lc.env, &p, &t, &intr, s->lc.err, sizeof(s->lc.err)) < 0)
			return -1;
		long long peak = t.peak_bytes;
		results_trial_release(&t);
		if (intr)
			return -1;
		if (peak <= 0 || !results_trial_ok(&t)) {
			snprintf(s->lc.err, sizeof(s->lc.err),
				 "auto ladder for %s: calibration trial failed or gave no peak",
				 w->name);
			return -1;
		}
		ladder_expand_auto(&w->ladder, (uint64_t)peak);
		envinfo_note_auto(s->lc.run.env, w, (uint64_t)peak);
		fprintf(stderr,
			"kmembench: %s peaks at %lld bytes unlimited; auto ladder starts at %s\n",
			w->name, peak, w->ladder.n > 2 ? w->ladder.steps[2].label : "?");
	}
	return 0;
}

int runner_prepare(struct run_state *s)
{
	return setup_scratch(s) == 0 && prepare_workloads(s) == 0 && calibrate(s) == 0 ? 0 : -1;
}
