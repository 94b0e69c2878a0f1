/* cmd_run.c - `kmembench run`: validate, set up, run the schedule, tear down. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "sweep.h"
#include "leftovers.h"
#include "cachesrec.h"
#include "outdir.h"
#include "perfrec.h"
#include "progress.h"
#include "run_args.h"
#include "envinfo.h"
#include "loadwatch.h"
#include "setfile.h"
#include "schedule.h"
#include "scratchfs.h"
#include "scratch.h"
#include "signals.h"
#include "sysinfo.h"
#include "trial.h"
#include "workload.h"
#include "util.h"

struct run_state {
	struct run_conf conf;
	struct run_opts opts;
	struct cg_env env;
	struct sysinfo_k si;
	struct result_set run;
	struct loadwatch load; /* CPU used by others around the run (env.load) */
	char outdir[PATH_MAX];
	char scratch_run[PATH_MAX]; /* <scratch>/run-<pid>, "" until made */
	struct scratchfs fs;	    /* the loop filesystem mounted there, if any */
	struct perfrec perf;	    /* --perf: perf, perf.data in scratch_run, outdir */
	json_t *skipped;	    /* env.skipped: instances v2 cannot run, [{workload, reason}] */
	struct cachesrec caches;    /* --caches: perf, its filters, perf.data in scratch_run */
	char err[1024];
};

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
		snprintf(s->err, sizeof(s->err), "out of memory");
		return -1;
	}
	for (size_t i = 0; i < s->conf.nwl; i++) {
		const struct wl_conf *w = &s->conf.wls[i];
		int j = w->wl && w->wl->v1_only ? wl_opt_index(w->wl, w->wl->v1_only) : -1;
		if (s->env.ops->version == 1 || j < 0 || !w->ctx.val[j]) {
			if (kept != i)
				s->conf.wls[kept] = *w;
			kept++;
			continue;
		}
		strf(why, sizeof(why),
		     "%s = %lld needs cgroup v1 (accepted on v2: 0; v2 cannot disable the OOM "
		     "killer, it offers memory.oom.group)",
		     w->wl->v1_only, w->ctx.val[j]);
		strf(s->err, sizeof(s->err), "[%s] %s", w->name, why);
		json_array_append_new(s->skipped,
				      json_pack("{s:s, s:s}", "workload", w->name, "reason", why));
	}
	size_t nskip = s->conf.nwl - kept;
	if (nskip && !kept)
		return -2; /* nothing left: refused like bad usage, s->err names the last one */
	s->conf.nwl = kept;
	for (size_t i = 0; i < json_array_size(s->skipped); i++) {
		const json_t *o = json_array_get(s->skipped, i);
		fprintf(stderr, "kmembench: note: [%s] skipped on cgroup v%d: %s\n",
			json_string_value(json_object_get(o, "workload")), s->env.ops->version,
			json_string_value(json_object_get(o, "reason")));
	}
	s->err[0] = '\0';
	return 0;
}

/* Environment checks that need no change to the system: -1 (exit 1) on failure, -2 (exit 2)
 * when a named workload's tool is missing (the run cannot be what was asked for). */
static int preflight(struct run_state *s)
{
	char *e = s->err;
	size_t n = sizeof(s->err);
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
	rc = cg_detect(&s->env, e, n);
	if (rc < 0 || (rc = skip_v1_only(s)) < 0)
		return rc;
	sysinfo_read(&s->si);
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
static int setup_results(struct run_state *s)
{
	if (s->opts.outdir_given)
		snprintf(s->outdir, sizeof(s->outdir), "%s", s->conf.outdir);
	else if (outdir_default(s->si.kernel, s->conf.label, s->outdir, sizeof(s->outdir)) < 0) {
		snprintf(s->err, sizeof(s->err), "result directory name too long");
		return -1;
	}
	if (outdir_create(s->outdir, s->err, sizeof(s->err)) < 0)
		return -1;
	results_init(&s->run);
	struct result_set *r = &s->run;
	snprintf(r->kernel, sizeof(r->kernel), "%s", s->si.kernel);
	snprintf(r->cmdline, sizeof(r->cmdline), "%s", s->si.cmdline);
	snprintf(r->virt, sizeof(r->virt), "%s", s->si.virt);
	strf(r->profile, sizeof(r->profile), "%s", s->conf.profile);
	snprintf(r->label, sizeof(r->label), "%s", s->conf.label);
	r->cgroup_version = s->env.ops->version;
	setfile_now(r->started, sizeof(r->started));
	r->env = envinfo_json(&s->conf, &s->env, &s->si);
	json_object_set_new(r->env, "perf",
			    s->conf.perf ? perfrec_env_json(&s->perf, s->conf.perf_reps)
					 : json_null());
	json_object_set_new(r->env, "skipped", s->skipped);
	s->skipped = NULL; /* the set owns it */
	json_object_set_new(r->env, "caches",
			    s->conf.caches ? cachesrec_env_json(&s->caches, s->conf.caches_reps)
					   : json_null());
	if (results_write(r, s->outdir) < 0) {
		strf(s->err, sizeof(s->err), "cannot write %s/run.json: %s", s->outdir,
		     strerror(errno));
		return -1;
	}
	return 0;
}

static int setup_workload_scratch(struct run_state *s);

/* perf.data of --perf and --caches (one at a time) in <scratch>/run-<pid>. */
static int set_perf_data(struct run_state *s)
{
	if (s->conf.perf &&
	    (strf(s->perf.data, sizeof(s->perf.data), "%s/perf.data", s->scratch_run) < 0 ||
	     strf(s->perf.outdir, sizeof(s->perf.outdir), "%s", s->outdir) < 0))
		return -1;
	if (s->conf.caches &&
	    strf(s->caches.data, sizeof(s->caches.data), "%s/perf.data", s->scratch_run) < 0)
		return -1;
	return 0;
}

/* Marked scratch trees: <scratch> (the suite's root) and <scratch>/run-<pid>/<workload>;
 * a fresh loop filesystem is mounted on <scratch>/run-<pid> unless --fs DIR. A command
 * run makes <scratch>/run-<pid> only for --perf or --caches (perf.data), on the scratch
 * root's fs. */
static int setup_scratch(struct run_state *s)
{
	char *e = s->err;
	size_t n = sizeof(s->err);
	if (!has_builtin(&s->conf) && !s->conf.perf && !s->conf.caches)
		return 0;
	if (scratch_make(s->conf.scratch, 0, e, n) < 0)
		return -1;
	if (strf(s->scratch_run, sizeof(s->scratch_run), "%s/run-%ld", s->conf.scratch,
		 (long)getpid()) < 0 ||
	    scratch_make(s->scratch_run, (long)getpid(), e, n) < 0) {
		s->scratch_run[0] = '\0';
		return -1;
	}
	if (set_perf_data(s) < 0) {
		strf(e, n, "scratch path %s too long for perf.data", s->scratch_run);
		return -1;
	}
	return has_builtin(&s->conf) ? setup_workload_scratch(s) : 0;
}

/* The loop filesystem on <scratch>/run-<pid> and a marked tree per built-in workload. */
static int setup_workload_scratch(struct run_state *s)
{
	char *e = s->err;
	size_t n = sizeof(s->err);
	if (scratchfs_is_loop(&s->fs.opt))
		fprintf(stderr,
			"kmembench: scratch: a fresh %s filesystem on a loop device at %s\n",
			scratchfs_type_name(s->fs.opt.type), s->scratch_run);
	if (scratchfs_setup(&s->fs, s->conf.scratch, s->scratch_run, e, n) < 0)
		return -1;
	const char *on = scratchfs_is_loop(&s->fs.opt) ? s->scratch_run : s->conf.scratch;
	envinfo_note_scratch_fs(s->run.env, scratchfs_json(&s->fs, on), on);
	for (size_t i = 0; i < s->conf.nwl; i++) {
		struct wl_conf *w = &s->conf.wls[i];
		if (!w->wl)
			continue;
		char *dir = malloc(PATH_MAX);
		if (!dir || strf(dir, PATH_MAX, "%s/%s", s->scratch_run, w->name) < 0 ||
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
		if (workload_phase(&s->env, w, "prepare", s->err, sizeof(s->err)) < 0)
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
		if (trial_run(&s->env, &p, &t, &intr, s->err, sizeof(s->err)) < 0)
			return -1;
		long long peak = t.peak_bytes;
		results_trial_release(&t);
		if (intr)
			return -1;
		if (peak <= 0 || !results_trial_ok(&t)) {
			snprintf(s->err, sizeof(s->err),
				 "auto ladder for %s: calibration trial failed or gave no peak",
				 w->name);
			return -1;
		}
		ladder_expand_auto(&w->ladder, (uint64_t)peak);
		envinfo_note_auto(s->run.env, w, (uint64_t)peak);
		fprintf(stderr,
			"kmembench: %s peaks at %lld bytes unlimited; auto ladder starts at %s\n",
			w->name, peak, w->ladder.n > 2 ? w->ladder.steps[2].label : "?");
	}
	return 0;
}

/* Adds a finished trial to the set and rewrites run.json. */
static void record(struct run_state *s, struct trial *t)
{
	results_add_trial(&s->run, t);
	if (results_write(&s->run, s->outdir) < 0)
		fprintf(stderr, "kmembench: warning: cannot update %s/run.json: %s\n", s->outdir,
			strerror(errno));
}

/* Runs plan @p and records its trial (record() files it as a timing or an
 * attribution trial). 1 recorded, 0 interrupted (nothing recorded), -1 failed
 * with s->err set. */
static int run_plan(struct run_state *s, const struct trial_plan *p)
{
	struct trial t;
	bool intr;
	if (trial_run(&s->env, p, &t, &intr, s->err, sizeof(s->err)) < 0)
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
		snprintf(s->err, sizeof(s->err), "out of memory");
		return -1;
	}
	progress_init(&pr, s->opts.verbose);
	int rc = 0;
	for (size_t i = 0; i < sch.n && !signals_pending(); i++) {
		if (sch.dropped[i])
			continue;
		if ((rc = run_plan(s, &sch.plans[i])) <= 0)
			break;
		const struct trial *t = &s->run.trials[s->run.ntrials - 1];
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
		progress_attribution(&pr, &s->run.attr[s->run.nattr - 1], sch->n - i - 1);
	}
	schedule_free(sch);
	return rc < 0 ? -1 : 0;
}

/* --perf: attribution trials after the timing trials (their timings enter no statistic). */
static int attribute(struct run_state *s)
{
	struct schedule sch;
	if (!s->conf.perf)
		return 0;
	if (schedule_attribution(&s->conf, &s->run, &s->perf, last_seq(&s->run) + 1, &sch) < 0) {
		schedule_free(&sch);
		snprintf(s->err, sizeof(s->err), "out of memory");
		return -1;
	}
	return run_untimed(s, &sch);
}

/* --caches: breakdown trials after those (kmem tracepoints; never timed either). */
static int breakdown(struct run_state *s)
{
	struct schedule sch;
	if (!s->conf.caches)
		return 0;
	if (schedule_breakdown(&s->conf, &s->run, &s->caches, last_seq(&s->run) + 1, &sch) < 0) {
		schedule_free(&sch);
		snprintf(s->err, sizeof(s->err), "out of memory");
		return -1;
	}
	return run_untimed(s, &sch);
}

/* Cleanup phases (not needed on a loop filesystem: it goes whole), the loop
 * filesystem, scratch trees, the suite's parent cgroup. Always runs. */
static void teardown(struct run_state *s)
{
	char err[512];
	for (size_t i = 0; i < s->conf.nwl && !s->fs.mounted; i++) {
		const struct wl_conf *w = &s->conf.wls[i];
		if (w->wl && w->ctx.dir && scratch_is_marked(w->ctx.dir) &&
		    workload_phase(&s->env, w, "cleanup", err, sizeof(err)) < 0)
			fprintf(stderr, "kmembench: warning: %s\n", err);
	}
	scratchfs_teardown(&s->fs, stderr);
	if (s->scratch_run[0] && scratch_remove(s->scratch_run) < 0)
		fprintf(stderr, "kmembench: warning: cannot remove scratch %s: %s\n",
			s->scratch_run, strerror(errno));
	struct leftovers_report rep;
	leftovers_clean(&s->env, NULL, true, stderr, &rep);
	leftovers_remove_parent(&s->env);
}

/* Records how the run ended and writes the final run.json. */
static void finish(struct run_state *s, bool complete)
{
	setfile_finish(&s->run, s->outdir, &s->load, complete, s->err);
}

/* Everything after validation: returns the exit status. */
static int run_trials(struct run_state *s)
{
	loadwatch_begin(&s->load);
	signals_install();
	scratchfs_init(&s->fs, &s->conf.fs);
	sweep_dead_runs(&s->env, s->conf.scratch);
	if (s->env.ops->setup_parent(&s->env, s->err, sizeof(s->err)) < 0)
		return 1;
	if (s->env.ops->probe(&s->env) < 0) {
		strf(s->err, sizeof(s->err), "cannot probe cgroup knobs under %s: %s",
		     s->env.parent, strerror(errno));
		leftovers_remove_parent(&s->env);
		return 1;
	}
	if (setup_results(s) < 0) {
		leftovers_remove_parent(&s->env);
		return 1;
	}
	if (!s->env.knobs.soft)
		fprintf(stderr,
			"kmembench: note: the soft limit does not stick on this kernel "
			"(written, reads back unlimited): soft limits are recorded but not set\n");
	if (!scratchfs_is_loop(&s->fs.opt) && envinfo_ext4_journal(s->conf.scratch) == 0)
		fprintf(stderr,
			"kmembench: note: %s is ext4 without a journal: creating files "
			"there scans recently deleted inodes (ext4 recently_deleted()), which "
			"dominates create-heavy workloads such as inode-storm\n",
			s->conf.scratch);
	fprintf(stderr, "kmembench: cgroup %s at %s, kmem limit %s; results in %s\n",
		s->env.ops->name, s->env.mount, cg_kmem_limit_name(s->env.knobs.kmem_limit),
		s->outdir);
	int ok = setup_scratch(s) == 0 && prepare_workloads(s) == 0 && calibrate(s) == 0 &&
		 execute(s) == 0 && attribute(s) == 0 && breakdown(s) == 0 && !signals_pending();
	teardown(s);
	finish(s, ok);
	return setfile_exit_status(ok, s->outdir, s->err);
}

int cmd_run(int argc, char **argv)
{
	static struct run_state s;
	memset(&s, 0, sizeof(s));
	int rc = run_args_parse(argc, argv, &s.conf, &s.opts, s.err, sizeof(s.err));
	if (rc == 1) {
		run_args_usage(stdout);
		return 0;
	}
	if (rc < 0) {
		fprintf(stderr, "kmembench run: %s\n", s.err);
		return 2;
	}
	signals_install(); /* before preflight, which may mount tracefs */
	rc = preflight(&s);
	if (signals_pending()) { /* a probe it ran was killed too */
		strf(s.err, sizeof(s.err), "interrupted by %s before the first trial",
		     strsignal(signals_pending()));
		rc = -1;
	}
	if (rc < 0) {
		cachesrec_release(&s.caches);
		fprintf(stderr, "kmembench run: %s\n", s.err);
		return rc == -2 ? 2 : 1;
	}
	rc = run_trials(&s);
	cachesrec_release(&s.caches);
	if (rc && !s.run.started[0])
		fprintf(stderr, "kmembench run: %s\n", s.err);
	results_free(&s.run);
	json_decref(s.skipped);
	for (size_t i = 0; i < s.conf.nwl; i++)
		free((void *)s.conf.wls[i].ctx.dir);
	return rc;
}
