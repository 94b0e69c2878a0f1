/* micro_shim.c - `kmembench micro`'s shim: its command line and deadline, its output read back. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "micro.h"
#include "micro_runner.h"
#include "util.h"

#define MAX_ARGS (LADDER_MAX_STEPS + 16)

/* Seconds the shim may run: twice the plan natively. Under emulation (virt tcg)
 * each block's fixed part (the cgroup move, setup, warm-up, teardown) is ~20x
 * longer than the plan's native figure: a 120 s budget of 7 ops ran 290 s in the
 * 6.12 guest and past 336 s in a patched one, so the deadline is 8x there. */
static double shim_deadline(const struct micro_state *s)
{
	bool tcg = !strcmp(s->lc.si.virt, "tcg");
	return (tcg ? 8 : 2) * s->plan.est_s + 120;
}

int micro_shim_run(struct micro_state *s, struct child_result *res)
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
	strf(store[n++], sizeof(store[0]), "--warmup-ms=%g", MICRO_WARMUP_MS);
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

int micro_shim_collect(struct micro_state *s)
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

size_t micro_shim_failed_blocks(struct micro_state *s)
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
