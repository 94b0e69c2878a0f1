/* cmd_micro.c - `kmembench micro`: per-op cost of kmem accounting with the Google Benchmark shim.
 *
 * Validates everything first (micro_args), then makes a fresh cgroup per
 * non-root arm under the suite's parent (r<pid>-micro-<arm>, so `cleanup`
 * can tell a dead owner), a marked scratch tree <scratch>/run-<pid> with disk/
 * and tmpfs/ (the shim mounts a private tmpfs on the latter), runs
 * build/workloads/kmembench-micro once with every arm, turns its JSON output
 * (kept as DIR/gbench.json) into micro[] and overhead[] (analysis/micro.h) and
 * writes DIR/run.json. Cgroups and scratch are removed at exit and on
 * SIGINT/SIGTERM (then the set is written incomplete and the exit status is 1).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgstep.h"
#include "lifecycle.h"
#include "micro.h"
#include "leftovers.h"
#include "commands.h"
#include "micro_args.h"
#include "envinfo.h"
#include "outdir.h"
#include "signals.h"
#include "spawn.h"
#include "sysinfo.h"
#include "workload.h"
#include "results.h"
#include "cachesrec.h"
#include "loadwatch.h"
#include "micro_caches.h"
#include "scratchfs.h"
#include "scratch.h"
#include "util.h"

#define SHIM_NAME "kmembench-micro"
#define WARMUP_MS 0.5
#define MAX_ARGS  (LADDER_MAX_STEPS + 16)

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
};

/* Checks that change nothing: root, the cgroup hierarchy, the shim program, and for
 * --caches perf and the kmem tracepoints (-2: refused like bad usage). */
static int preflight(struct micro_state *s)
{
	cachesrec_init(&s->caches);
	if (s->conf.caches && !util_executable(s->caches.binary))
		return cachesrec_check(&s->caches, s->lc.err, sizeof(s->lc.err)); /* names it: -2 */
	if (geteuid() != 0) {
		snprintf(s->lc.err, sizeof(s->lc.err),
			 "kmembench micro needs root (it creates cgroups)");
		return -1;
	}
	int rc = s->conf.caches ? cachesrec_check(&s->caches, s->lc.err, sizeof(s->lc.err)) : 0;
	if (rc < 0)
		return rc;
	if (cg_detect(&s->lc.env, s->lc.err, sizeof(s->lc.err)) < 0)
		return -1;
	sysinfo_read(&s->lc.si);
	if (strf(s->shim, sizeof(s->shim), "%s/%s", workload_bindir(), SHIM_NAME) < 0 ||
	    access(s->shim, X_OK) < 0) {
		strf(s->lc.err, sizeof(s->lc.err),
		     "%s is missing (build it with make; make static leaves it out)", s->shim);
		return -1;
	}
	return 0;
}

/* The result directory and a first run.json (incomplete, empty micro[]). */
static int setup_results(struct micro_state *s)
{
	const struct micro_conf *c = &s->conf;
	if (lc_results(&s->lc, s->outdir_given, c->outdir, c->label[0] ? c->label : "micro",
		       c->profile, c->label) < 0)
		return -1;
	s->lc.run.micro = json_array();
	s->lc.run.overhead = json_array();
	return 0;
}

/* <scratch> (marked), <scratch>/run-<pid> (marked, ours) with a fresh ext4 loop filesystem
 * mounted on it (the disk ops must not measure the host filesystem's age), and disk/ and
 * tmpfs/ in it. */
static int setup_scratch(struct micro_state *s)
{
	char *e = s->lc.err;
	size_t n = sizeof(s->lc.err);
	if (lc_scratch_run(&s->lc, s->conf.scratch) < 0)
		return -1;
	if (scratchfs_setup(&s->lc.fs, s->conf.scratch, s->lc.scratch_run, e, n) < 0)
		return -1;
	if (strf(s->caches.data, sizeof(s->caches.data), "%s/perf.data", s->lc.scratch_run) < 0 ||
	    strf(s->disk, sizeof(s->disk), "%s/disk", s->lc.scratch_run) < 0 ||
	    strf(s->tmpfs, sizeof(s->tmpfs), "%s/tmpfs", s->lc.scratch_run) < 0 ||
	    mkdir(s->disk, 0700) < 0 || mkdir(s->tmpfs, 0700) < 0) {
		strf(e, n, "cannot make %s/disk and tmpfs: %s", s->lc.scratch_run, strerror(errno));
		return -1;
	}
	return 0;
}

/* A fresh cgroup with its limits per non-root arm; root is the hierarchy's root. */
static int setup_cgroups(struct micro_state *s)
{
	for (size_t i = 0; i < s->conf.arms.n; i++) {
		const struct step *a = &s->conf.arms.steps[i];
		char name[128];
		if (micro_conf_cgroup_name((long)getpid(), a->label, name, sizeof(name)) < 0) {
			strf(s->lc.err, sizeof(s->lc.err), "cgroup name too long for arm %s",
			     a->label);
			return -1;
		}
		if (cg_step_create(&s->lc.env, a, name, &s->cgs[i], s->lc.err, sizeof(s->lc.err)) <
		    0)
			return -1;
		s->made[i] = a->kind != STEP_ROOT;
	}
	return 0;
}

/* Seconds the shim may run: twice the plan natively. Under emulation (virt tcg)
 * each block's fixed part (the cgroup move, setup, warm-up, teardown) is ~20x
 * longer than the plan's native figure: a 120 s budget of 7 ops ran 290 s in the
 * 6.12 guest and past 336 s in a patched one, so the deadline is 8x there. */
static double shim_deadline(const struct micro_state *s)
{
	bool tcg = !strcmp(s->lc.si.virt, "tcg");
	return (tcg ? 8 : 2) * s->plan.est_s + 120;
}

/* Runs the shim over every op and arm; 0 when it ran (whatever its exit). */
static int run_shim(struct micro_state *s, struct child_result *res)
{
	static char store[MAX_ARGS][PATH_MAX + 64];
	char *argv[MAX_ARGS + 1];
	size_t n = 0, used = 0;
	const struct micro_plan *p = &s->plan;
	strf(store[n++], sizeof(store[0]), "%s", s->shim);
	for (size_t i = 0; i < s->conf.arms.n; i++)
		strf(store[n++], sizeof(store[0]), "--arm=%s=%s", s->conf.arms.steps[i].label,
		     s->cgs[i].path);
	strf(store[n++], sizeof(store[0]), "--ops=");
	for (size_t i = 0; i < s->conf.nops; i++) {
		used = strlen(store[n - 1]);
		snprintf(store[n - 1] + used, sizeof(store[0]) - used, "%s%s", i ? "," : "",
			 s->conf.ops[i]->name);
	}
	strf(store[n++], sizeof(store[0]), "--disk=%s", s->disk);
	strf(store[n++], sizeof(store[0]), "--tmpfs=%s", s->tmpfs);
	strf(store[n++], sizeof(store[0]), "--home=%s", s->lc.env.mount);
	strf(store[n++], sizeof(store[0]), "--warmup-ms=%g", WARMUP_MS);
	strf(store[n++], sizeof(store[0]), "--seed=%lu", p->seed);
	strf(store[n++], sizeof(store[0]), "--quiet");
	strf(store[n++], sizeof(store[0]), "--benchmark_repetitions=%ld", p->reps);
	strf(store[n++], sizeof(store[0]), "--benchmark_min_time=%.4f", p->min_time_s);
	strf(store[n++], sizeof(store[0]), "--benchmark_enable_random_interleaving=true");
	strf(store[n++], sizeof(store[0]), "--benchmark_out=%s/gbench.json", s->lc.outdir);
	strf(store[n++], sizeof(store[0]), "--benchmark_out_format=json");
	for (size_t i = 0; i < n; i++)
		argv[i] = store[i];
	argv[n] = NULL;
	struct child_spec spec = {.argv = argv,
				  .cg = NULL, /* the shim moves itself between the arms */
				  .version = s->lc.env.ops->version,
				  .stdout_fd = -1,
				  .timeout_s = shim_deadline(s)};
	fprintf(
	    stderr,
	    "kmembench: micro: %zu ops x %zu arms, %ld rounds of a ~%.1f ms block per arm, about "
	    "%.0f s; results in %s\n",
	    s->conf.nops, s->conf.arms.n, p->reps, p->block_s * 1000, p->est_s, s->lc.outdir);
	if (spawn_child(&spec, res) < 0) {
		strf(s->lc.err, sizeof(s->lc.err), "cannot start %s: %s", s->shim,
		     strerror(res->spawn_errno ? res->spawn_errno : errno));
		return -1;
	}
	return 0;
}

/* micro[] and overhead[] from DIR/gbench.json. */
static int collect(struct micro_state *s)
{
	char path[PATH_MAX + 32], e2[512];
	const char *ops[MICRO_CONF_MAX_OPS], *arms[LADDER_MAX_STEPS];
	json_error_t jerr;
	strf(path, sizeof(path), "%s/gbench.json", s->lc.outdir);
	json_t *gb = json_load_file(path, 0, &jerr);
	if (!gb) {
		strf(s->lc.err, sizeof(s->lc.err), "cannot read %s: %s", path, jerr.text);
		return -1;
	}
	for (size_t i = 0; i < s->conf.nops; i++)
		ops[i] = s->conf.ops[i]->name;
	for (size_t i = 0; i < s->conf.arms.n; i++)
		arms[i] = s->conf.arms.steps[i].label;
	json_t *micro =
	    micro_from_gbench(gb, ops, s->conf.nops, arms, s->conf.arms.n, e2, sizeof(e2));
	if (micro)
		json_object_set(s->lc.run.env, "gbench_context", json_object_get(gb, "context"));
	json_decref(gb);
	if (!micro) {
		strf(s->lc.err, sizeof(s->lc.err), "%s: %s", path, e2);
		return -1;
	}
	json_decref(s->lc.run.micro);
	json_decref(s->lc.run.overhead);
	s->lc.run.micro = micro;
	s->lc.run.overhead = micro_overhead(micro);
	return 0;
}

/* --caches: each op's breakdown into s->lc.run.caches, written as it grows. */
static int breakdown(struct micro_state *s)
{
	struct micro_caches mc = {.env = &s->lc.env,
				  .cr = &s->caches,
				  .shim = s->shim,
				  .disk = s->disk,
				  .tmpfs = s->tmpfs,
				  .n = s->conf.caches_ops};
	if (!s->conf.caches)
		return 0;
	s->lc.run.caches = json_array();
	for (size_t i = 0; i < s->conf.nops && !signals_pending(); i++) {
		bool intr;
		json_t *e = micro_caches_op(&mc, s->conf.ops[i]->name, &intr);
		if (!e || intr) {
			json_decref(e);
			strf(s->lc.err, sizeof(s->lc.err), "%s",
			     e ? "interrupted" : "out of memory");
			return -1;
		}
		json_array_append_new(s->lc.run.caches, e);
		fprintf(stderr, "kmembench: caches %s: %.1f objects, %.0f bytes accounted per op\n",
			s->conf.ops[i]->name,
			json_number_value(json_object_get(e, "objects_per_op")),
			json_number_value(json_object_get(e, "bytes_per_op")));
		lc_update(&s->lc);
	}
	return signals_pending() ? -1 : 0;
}

/* Our cgroups, the scratch tree, the parent when empty. Always runs. */
static void teardown(struct micro_state *s)
{
	for (size_t i = 0; i < s->conf.arms.n; i++)
		if (s->made[i] && cg_destroy(&s->cgs[i]) < 0)
			fprintf(stderr, "kmembench: warning: cannot remove cgroup %s: %s\n",
				s->cgs[i].path, strerror(errno));
	lc_teardown(&s->lc);
}

/* Counts blocks that failed in micro[]; names the first in s->lc.err. */
static size_t failed_blocks(struct micro_state *s)
{
	size_t total = 0, i;
	json_t *e;
	json_array_foreach(s->lc.run.micro, i, e)
	{
		json_int_t k = json_integer_value(json_object_get(e, "errors"));
		if (k > 0 && !total)
			strf(s->lc.err, sizeof(s->lc.err), "%s/%s: %s",
			     json_string_value(json_object_get(e, "op")),
			     json_string_value(json_object_get(e, "arm")),
			     json_string_value(json_object_get(e, "error")));
		total += (size_t)k;
	}
	return total;
}

/* env.caches of a --caches set: perf, events, filters, and the ops per run. */
static json_t *caches_env(const struct micro_state *s)
{
	json_t *j = cachesrec_env_json(&s->caches, 1);
	json_object_set_new(j, "ops_per_run",
			    json_pack("[I, I]", (json_int_t)s->conf.caches_ops,
				      (json_int_t)(2 * s->conf.caches_ops)));
	json_object_set_new(j, "arm", json_string("unlimited"));
	return j;
}

/* Everything after validation: returns the exit status. */
static int run_micro(struct micro_state *s)
{
	struct child_result res = {0};
	struct scratchfs_opt ext4 = {.type = SCRATCHFS_EXT4};
	if (lc_begin(&s->lc, &ext4, s->conf.scratch) < 0)
		return 1;
	if (setup_results(s) < 0) {
		leftovers_remove_parent(&s->lc.env);
		return 1;
	}
	bool ok = setup_scratch(s) == 0;
	s->lc.run.env = envinfo_micro_json(&s->conf, &s->plan, &s->lc.env, &s->lc.si,
					   s->disk[0] ? s->disk : s->conf.scratch, WARMUP_MS);
	if (ok)
		json_object_set_new(s->lc.run.env, "scratch_fs",
				    scratchfs_json(&s->lc.fs, s->disk));
	json_object_set_new(s->lc.run.env, "caches", s->conf.caches ? caches_env(s) : json_null());
	if (lc_write(&s->lc) < 0)
		ok = false;
	ok = ok && setup_cgroups(s) == 0 && run_shim(s, &res) == 0 && !res.interrupted;
	if (ok && (res.timed_out || res.signal)) {
		strf(s->lc.err, sizeof(s->lc.err), "%s %s", SHIM_NAME,
		     res.timed_out ? "ran past its deadline and was killed"
				   : strsignal(res.signal));
		ok = false;
	}
	ok = ok && collect(s) == 0;
	size_t failed = ok ? failed_blocks(s) : 0;
	if (ok && (failed || res.exit_status)) {
		if (!failed)
			strf(s->lc.err, sizeof(s->lc.err), "%s exited with status %d", SHIM_NAME,
			     res.exit_status);
		ok = false;
	}
	ok = ok && breakdown(s) == 0;
	teardown(s);
	return lc_end(&s->lc, ok);
}

int cmd_micro(int argc, char **argv)
{
	static struct micro_state s;
	memset(&s, 0, sizeof(s));
	int rc = micro_args_parse(argc, argv, &s.conf, &s.plan, &s.outdir_given, s.lc.err,
				  sizeof(s.lc.err));
	if (rc == 1) {
		micro_args_usage(stdout);
		return 0;
	}
	if (rc < 0) {
		fprintf(stderr, "kmembench micro: %s\n", s.lc.err);
		return 2;
	}
	lc_preflight_begin(&s.lc, "micro");
	rc = lc_preflight_end(&s.lc, preflight(&s));
	if (rc == 0) {
		s.plan.seed = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16);
		rc = run_micro(&s);
		lc_exit(&s.lc, rc);
	}
	cachesrec_release(&s.caches);
	return rc;
}
