/* micro_runner.c - `kmembench micro` after validation: preflight, the shim run, --caches, teardown.
 *
 * Makes a fresh cgroup per non-root arm under the suite's parent, a marked scratch tree
 * <scratch>/run-<pid> with disk/ and tmpfs/ (the shim mounts a private tmpfs on the
 * latter), runs build/workloads/kmembench-micro once with every arm, turns its JSON output
 * (kept as DIR/gbench.json) into micro[] and overhead[] (parse/micro.h) and writes
 * DIR/run.json. Cgroups and scratch are removed at exit and on SIGINT/SIGTERM (then the
 * set is written incomplete and the exit status is 1).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "envinfo.h"
#include "leftovers.h"
#include "micro_caches.h"
#include "micro_runner.h"
#include "ops_kloop.h"
#include "signals.h"
#include "sysinfo.h"
#include "util.h"
#include "workload.h"

int micro_runner_preflight(struct micro_state *s)
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
	for (size_t i = 0; i < s->conf.nops; i++)
		s->kloop = s->kloop || kloop_is_op(s->conf.ops[i]->name);
	if (s->kloop && kmodule_preflight(&s->kmod, s->lc.err, sizeof(s->lc.err)) < 0)
		return -1;
	sysinfo_read(&s->lc.si);
	if (strf(s->shim, sizeof(s->shim), "%s/%s", workload_bindir(), MICRO_SHIM_NAME) < 0 ||
	    access(s->shim, X_OK) < 0) {
		strf(s->lc.err, sizeof(s->lc.err),
		     "%s is missing (build it with make; make static leaves it out)", s->shim);
		return -1;
	}
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
	kmodule_release(&s->kmod);
	lc_teardown(&s->lc);
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

int micro_runner_run(struct micro_state *s)
{
	struct child_result res = {0};
	struct scratchfs_opt ext4 = {.type = SCRATCHFS_EXT4};
	if (lc_begin(&s->lc, &ext4, s->conf.scratch) < 0)
		return 1;
	if (micro_setup_results(s) < 0) {
		leftovers_remove_parent(&s->lc.env);
		return 1;
	}
	bool ok = micro_setup_scratch(s) == 0;
	s->lc.run.env = envinfo_micro_json(&s->conf, &s->plan, &s->lc.env, &s->lc.si,
					   s->disk[0] ? s->disk : s->conf.scratch, MICRO_WARMUP_MS);
	if (ok)
		json_object_set_new(s->lc.run.env, "scratch_fs",
				    scratchfs_json(&s->lc.fs, s->disk));
	json_object_set_new(s->lc.run.env, "caches", s->conf.caches ? caches_env(s) : json_null());
	if (s->kloop) {
		ok = ok && kmodule_load(&s->kmod, s->lc.err, sizeof(s->lc.err)) == 0;
		json_object_set_new(s->lc.run.env, "kloop", kmodule_env_json(&s->kmod));
	}
	if (lc_write(&s->lc) < 0)
		ok = false;
	ok = ok && micro_setup_cgroups(s) == 0 && micro_shim_run(s, &res) == 0 && !res.interrupted;
	if (ok && (res.timed_out || res.signal)) {
		strf(s->lc.err, sizeof(s->lc.err), "%s %s", MICRO_SHIM_NAME,
		     res.timed_out ? "ran past its deadline and was killed"
				   : strsignal(res.signal));
		ok = false;
	}
	ok = ok && micro_shim_collect(s) == 0;
	size_t failed = ok ? micro_shim_failed_blocks(s) : 0;
	if (ok && (failed || res.exit_status)) {
		if (!failed)
			strf(s->lc.err, sizeof(s->lc.err), "%s exited with status %d",
			     MICRO_SHIM_NAME, res.exit_status);
		ok = false;
	}
	ok = ok && breakdown(s) == 0;
	teardown(s);
	return lc_end(&s->lc, ok);
}

void micro_runner_free(struct micro_state *s)
{
	cachesrec_release(&s->caches);
}
