/* cmd_stock.c - `kmembench stock`: the stock sweep, per-op cost vs tasks per CPU and memcgs.
 *
 * Validates (stock_args), makes the child memcgs under the suite's parent
 * (r<pid>-stock-same, r<pid>-stock-sep0.., so `cleanup` can tell a dead owner), then runs
 * `rounds` paired rounds: in each, for every task count M in a shuffled order, one block per
 * arm in a shuffled order (root: the M tasks in the root memcg; same: all in one child;
 * sep: each in its own child), each block a token ring of M tasks on one CPU
 * (stock_ring.h). Every round becomes one Google-Benchmark-shaped run entry
 * {run_name "stock-M", iterations, "ns:ARM"} in DIR/gbench.json, which micro_from_gbench
 * and micro_overhead turn into an ordinary micro set: ops stock-M, arms root/same/sep, so
 * show, compare, plot and report read it with nothing new. Cgroups go at exit and on
 * SIGINT/SIGTERM (the set is then written incomplete, exit 1).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/stock_args.h"
#include "conf.h"
#include "envinfo.h"
#include "jfield.h"
#include "leftovers.h"
#include "lifecycle.h"
#include "machine.h"
#include "micro.h"
#include "signals.h"
#include "stock_ring.h"
#include "util.h"

#define WARM_LAPS     8
#define TOKEN_TIMEOUT 30.0

struct stock_state {
	struct stock_conf conf;
	struct lifecycle lc;
	struct cg same, sep[STOCK_M_MAX], root;
	bool same_made, sep_made[STOCK_M_MAX];
	int maxm;
	json_t *runs; /* the rounds, as Google Benchmark's "benchmarks" */
};

static int preflight(struct stock_state *s)
{
	if (geteuid() != 0) {
		strf(s->lc.err, sizeof(s->lc.err),
		     "kmembench stock needs root (it creates cgroups)");
		return -1;
	}
	if (cg_detect(&s->lc.env, s->lc.err, sizeof(s->lc.err)) < 0)
		return -1;
	sysinfo_read(&s->lc.si);
	if (s->conf.cpu < 0)
		s->conf.cpu = stock_ring_default_cpu();
	if (s->conf.cpu < 0) {
		strf(s->lc.err, sizeof(s->lc.err), "cannot read this process's CPUs: %s",
		     strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < s->conf.nms; i++)
		if (s->conf.ms[i] > s->maxm)
			s->maxm = s->conf.ms[i];
	return 0;
}

/* One child memcg r<pid>-stock-@what under the parent. */
static int make_cg(struct stock_state *s, const char *what, struct cg *cg, bool *made)
{
	char name[96];
	strf(name, sizeof(name), "r%ld-stock-%s", (long)getpid(), what);
	if (cg_create(&s->lc.env, name, cg) < 0) {
		strf(s->lc.err, sizeof(s->lc.err), "cannot create cgroup %s/%s: %s",
		     s->lc.env.parent, name, strerror(errno));
		return -1;
	}
	*made = true;
	return 0;
}

static int setup_cgroups(struct stock_state *s)
{
	cg_root(&s->lc.env, &s->root);
	if (s->conf.arm[STOCK_SAME] && make_cg(s, "same", &s->same, &s->same_made) < 0)
		return -1;
	for (int i = 0; s->conf.arm[STOCK_SEP] && i < s->maxm; i++) {
		char what[16];
		snprintf(what, sizeof(what), "sep%d", i);
		if (make_cg(s, what, &s->sep[i], &s->sep_made[i]) < 0)
			return -1;
	}
	return 0;
}

static void teardown(struct stock_state *s)
{
	struct cg *all[STOCK_M_MAX + 1];
	size_t n = 0;
	if (s->same_made)
		all[n++] = &s->same;
	for (int i = 0; i < STOCK_M_MAX; i++)
		if (s->sep_made[i])
			all[n++] = &s->sep[i];
	for (size_t i = 0; i < n; i++)
		if (cg_destroy(all[i]) < 0)
			fprintf(stderr, "kmembench: warning: cannot remove cgroup %s: %s\n",
				all[i]->path, strerror(errno));
	lc_teardown(&s->lc);
}

/* One block of @m tasks in arm @a; ns per op in *@ns. */
static int block(struct stock_state *s, int m, enum stock_arm a, double *ns)
{
	const char *cg[STOCK_M_MAX];
	for (int i = 0; i < m; i++)
		cg[i] = a == STOCK_ROOT	  ? s->root.path
			: a == STOCK_SAME ? s->same.path
					  : s->sep[i].path;
	long laps = s->conf.ops / m > 0 ? s->conf.ops / m : 1;
	struct stock_ring r = {.m = m,
			       .cg = cg,
			       .cpu = s->conf.cpu,
			       .warm = WARM_LAPS,
			       .laps = laps,
			       .timeout_s = TOKEN_TIMEOUT};
	return stock_ring_block(&r, ns, s->lc.err, sizeof(s->lc.err));
}

static void shuffle(int *v, int n)
{
	for (int i = n - 1; i > 0; i--) {
		int j = rand() % (i + 1), t = v[i];
		v[i] = v[j];
		v[j] = t;
	}
}

/* One round: every M (shuffled), every arm (shuffled) back to back. */
static int round_once(struct stock_state *s)
{
	int mi[STOCK_MAX_MS], arms[STOCK_NARMS], na = 0;
	for (int i = 0; i < (int)s->conf.nms; i++)
		mi[i] = i;
	for (int a = 0; a < STOCK_NARMS; a++)
		if (s->conf.arm[a])
			arms[na++] = a;
	shuffle(mi, (int)s->conf.nms);
	for (size_t k = 0; k < s->conf.nms && !signals_pending(); k++) {
		int m = s->conf.ms[mi[k]];
		char op[32];
		snprintf(op, sizeof(op), "stock-%d", m);
		json_t *run = json_pack("{s:s, s:s, s:I}", "run_name", op, "run_type", "iteration",
					"iterations", (json_int_t)((s->conf.ops / m ?: 1) * m));
		shuffle(arms, na);
		for (int i = 0; i < na; i++) {
			double ns;
			char key[32];
			if (block(s, m, (enum stock_arm)arms[i], &ns) < 0) {
				json_decref(run);
				return -1;
			}
			snprintf(key, sizeof(key), "ns:%s",
				 stock_arm_name((enum stock_arm)arms[i]));
			json_object_set_new(run, key, json_real(ns));
		}
		json_array_append_new(s->runs, run);
	}
	return signals_pending() ? -1 : 0;
}

/* env.micro as micro sets have it (show's header): ops, arms, rounds and the mean block. */
static void note_plan(struct stock_state *s, const char *const *ops, const char *const *arms,
		      size_t na)
{
	double sum = 0;
	size_t n = 0, i;
	json_t *e, *jo = json_array(), *ja = json_array();
	json_array_foreach(s->lc.run.micro, i, e)
	{
		double b = jnum(e, "mean_ns") * jnum(e, "iterations") / 1e9;
		if (b > 0) {
			sum += b;
			n++;
		}
	}
	for (i = 0; i < s->conf.nms; i++)
		json_array_append_new(jo, json_string(ops[i]));
	for (i = 0; i < na; i++)
		json_array_append_new(ja, json_string(arms[i]));
	json_object_set_new(s->lc.run.env, "micro",
			    json_pack("{s:s, s:o, s:o, s:I, s:f}", "kind", "stock", "ops", jo,
				      "arms", ja, "reps", (json_int_t)s->conf.rounds, "block_s",
				      n ? sum / (double)n : 0.0));
}

/* micro[] and overhead[] from the rounds; gbench.json kept beside run.json. */
static int collect(struct stock_state *s)
{
	const char *ops[STOCK_MAX_MS], *arms[STOCK_NARMS];
	char opname[STOCK_MAX_MS][32], path[PATH_MAX + 16], e2[256];
	size_t na = 0;
	for (size_t i = 0; i < s->conf.nms; i++) {
		snprintf(opname[i], sizeof(opname[i]), "stock-%d", s->conf.ms[i]);
		ops[i] = opname[i];
	}
	for (int a = 0; a < STOCK_NARMS; a++)
		if (s->conf.arm[a])
			arms[na++] = stock_arm_name((enum stock_arm)a);
	json_t *gb = json_pack("{s:O}", "benchmarks", s->runs);
	strf(path, sizeof(path), "%s/gbench.json", s->lc.outdir);
	if (json_dump_file(gb, path, JSON_INDENT(1)) < 0)
		fprintf(stderr, "kmembench: warning: cannot write %s\n", path);
	json_t *micro = micro_from_gbench(gb, ops, s->conf.nms, arms, na, e2, sizeof(e2));
	json_decref(gb);
	if (!micro) {
		strf(s->lc.err, sizeof(s->lc.err), "%s", e2);
		return -1;
	}
	json_decref(s->lc.run.micro);
	json_decref(s->lc.run.overhead);
	s->lc.run.micro = micro;
	s->lc.run.overhead = micro_overhead(micro);
	note_plan(s, ops, arms, na);
	return 0;
}

static json_t *env_json(const struct stock_state *s)
{
	const struct sysinfo_k *si = &s->lc.si;
	json_t *ms = json_array(), *arms = json_array();
	for (size_t i = 0; i < s->conf.nms; i++)
		json_array_append_new(ms, json_integer(s->conf.ms[i]));
	for (int a = 0; a < STOCK_NARMS; a++)
		if (s->conf.arm[a])
			json_array_append_new(arms, json_string(stock_arm_name((enum stock_arm)a)));
	json_t *env = json_pack(
	    "{s:{s:s, s:s, s:i, s:I}, s:o, s:n, s:{s:o, s:o, s:I, s:I, s:i, s:i, s:s, s:s}}",
	    "host", "kernel", si->kernel, "machine", si->machine, "ncpus", si->ncpus,
	    "mem_total_kb", (json_int_t)si->mem_total_kb, "cgroup", envinfo_cgroup_json(&s->lc.env),
	    "scratch_fs", "stock", "ms", ms, "arms", arms, "rounds", (json_int_t)s->conf.rounds,
	    "ops_per_block", (json_int_t)s->conf.ops, "cpu", s->conf.cpu, "warm_laps", WARM_LAPS,
	    "op", "eventfd+close", "design",
	    "M tasks pinned to one CPU pass a token round a ring of pipes, one op per turn; "
	    "rounds paired over arms, arms and M shuffled per round");
	if (s->conf.profile[0])
		json_object_set_new(json_object_get(env, "stock"), "profile",
				    json_string(s->conf.profile));
	json_t *host = machine_host_json();
	json_object_set_new(env, "machine", machine_json());
	if (host)
		json_object_set_new(env, "host_machine", host);
	return env;
}

static int run_stock(struct stock_state *s)
{
	struct scratchfs_opt dir = {.type = SCRATCHFS_DIR};
	snprintf(dir.dir, sizeof(dir.dir), "%s", CONF_DEFAULT_SCRATCH);
	if (lc_begin(&s->lc, &dir, CONF_DEFAULT_SCRATCH) < 0)
		return 1;
	if (lc_results(&s->lc, s->conf.outdir_given, s->conf.outdir,
		       s->conf.label[0] ? s->conf.label : "stock", "", s->conf.label) < 0) {
		leftovers_remove_parent(&s->lc.env);
		return 1;
	}
	s->lc.run.micro = json_array();
	s->lc.run.overhead = json_array();
	s->lc.run.env = env_json(s);
	s->runs = json_array();
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	bool ok = lc_write(&s->lc) == 0 && setup_cgroups(s) == 0;
	if (ok)
		fprintf(
		    stderr,
		    "kmembench: stock: %zu task counts x 3 arms, %ld rounds of %ld ops per block "
		    "on CPU %d; results in %s\n",
		    s->conf.nms, s->conf.rounds, s->conf.ops, s->conf.cpu, s->lc.outdir);
	for (long r = 0; ok && r < s->conf.rounds; r++)
		ok = round_once(s) == 0;
	if (!ok && signals_pending() && !s->lc.err[0])
		strf(s->lc.err, sizeof(s->lc.err), "interrupted");
	if (json_array_size(s->runs) > 0 && collect(s) < 0)
		ok = false;
	json_decref(s->runs);
	teardown(s);
	return lc_end(&s->lc, ok);
}

int cmd_stock(int argc, char **argv)
{
	static struct stock_state s;
	memset(&s, 0, sizeof(s));
	int rc = stock_args_parse(argc, argv, &s.conf, s.lc.err, sizeof(s.lc.err));
	if (rc == 1) {
		stock_args_usage(stdout);
		return 0;
	}
	if (rc < 0) {
		fprintf(stderr, "kmembench stock: %s\n", s.lc.err);
		return 2;
	}
	lc_preflight_begin(&s.lc, "stock");
	rc = lc_preflight_end(&s.lc, preflight(&s));
	if (rc == 0) {
		rc = run_stock(&s);
		lc_exit(&s.lc, rc);
	}
	return rc;
}
