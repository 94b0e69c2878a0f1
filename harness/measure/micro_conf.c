/* micro_conf.c - `kmembench micro` configuration: defaults, ops, arms, plan. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "micro_conf.h"
#include "util.h"

/* Planning constants, measured on the 2-core test box with the shim: */
#define PLAN_BLOCK_MIN_TIME 0.002  /* preferred min_time: blocks of 2-2.8 ms (fine pairing) */
#define PLAN_FLOOR_MIN_TIME 0.001  /* shortest min_time when the budget is small */
#define PLAN_WANT_REPS	    30	   /* below this many rounds, blocks get shorter */
#define PLAN_MIN_REPS	    5	   /* fewer give no useful CI: the budget is too small */
#define PLAN_BLOCK_OVERHEAD 0.0015 /* per block: join, setup, 0.5 ms warm-up, teardown */
#define PLAN_PROBE_BLOCKS   3	   /* the first repetition's iteration-count probes */
#define PLAN_START_S	    0.5	   /* process start, tmpfs mount, JSON output */
#define PLAN_USE	    0.9	   /* share of the budget planned; the rest is slack */

void micro_conf_defaults(struct micro_conf *c)
{
	char err[256];
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < micro_ops_count && i < MICRO_CONF_MAX_OPS; i++)
		c->ops[c->nops++] = &micro_ops[i];
	micro_conf_set_arms(c, MICRO_CONF_DEFAULT_ARMS, err, sizeof(err));
	c->time_s = MICRO_CONF_DEFAULT_TIME;
	c->caches_ops = MICRO_CONF_CACHES_OPS;
	snprintf(c->scratch, sizeof(c->scratch), "%s", CONF_DEFAULT_SCRATCH);
}

int micro_conf_set_ops(struct micro_conf *c, const char *list, char *err, size_t errlen)
{
	char names[512], *copy = strdup(list);
	size_t n = 0;
	const struct micro_op *ops[MICRO_CONF_MAX_OPS];
	if (!copy)
		return -1;
	micro_ops_names(names, sizeof(names));
	bool all = !strcmp(str_trim(copy), "all");
	for (size_t i = 0; all && i < micro_ops_count && n < MICRO_CONF_MAX_OPS; i++)
		ops[n++] = &micro_ops[i];
	/* Split by hand: "a,,b", "a," and "" are errors, not skipped. */
	for (char *t = all ? NULL : copy, *comma; t; t = comma ? comma + 1 : NULL) {
		comma = strchr(t, ',');
		if (comma)
			*comma = '\0';
		char *name = str_trim(t);
		const struct micro_op *op = micro_ops_find(name);
		bool twice = false;
		for (size_t i = 0; op && i < n; i++)
			twice |= ops[i] == op;
		if (!op || twice || n == MICRO_CONF_MAX_OPS) {
			if (!*name)
				strf(err, errlen, "empty op in --ops '%s' (accepted: all, or %s)",
				     list, names);
			else
				strf(err, errlen,
				     "%s op '%s' in --ops (accepted: all, or %s, each once)",
				     twice ? "repeated" : "unknown", name, names);
			free(copy);
			return -1;
		}
		ops[n++] = op;
	}
	free(copy);
	memcpy(c->ops, ops, n * sizeof(ops[0]));
	c->nops = n;
	return 0;
}

/* Copies @spec into @out without its MICRO_CONF_AA_ARM words; true when there was one. */
static bool strip_aa_arm(const char *spec, char *out, size_t len)
{
	bool aa = false;
	size_t o = 0;
	out[0] = '\0';
	for (const char *p = spec; *p;) {
		size_t n = strcspn(p, ",");
		const char *w = p;
		size_t wn = n;
		while (wn && (*w == ' ' || *w == '\t'))
			w++, wn--;
		while (wn && (w[wn - 1] == ' ' || w[wn - 1] == '\t'))
			wn--;
		if (wn == strlen(MICRO_CONF_AA_ARM) && !strncmp(w, MICRO_CONF_AA_ARM, wn))
			aa = true;
		else if (o + n + 2 < len)
			o += (size_t)snprintf(out + o, len - o, "%s%.*s", o ? "," : "", (int)n, p);
		p += n + (p[n] == ',');
	}
	return aa;
}

int micro_conf_set_arms(struct micro_conf *c, const char *spec, char *err, size_t errlen)
{
	struct ladder l, sorted = {.n = 0};
	char e2[512], rest[1024];
	bool aa = strip_aa_arm(spec, rest, sizeof(rest));
	if (ladder_parse(rest, &l, e2, sizeof(e2)) < 0) {
		strf(err, errlen, "bad --arms '%s': %s", spec, e2);
		return -1;
	}
	if (aa && l.n < LADDER_MAX_STEPS) {
		/* the A/A control: a second arm in the root cgroup, labelled apart */
		struct step *st = &l.steps[l.n++];
		memset(st, 0, sizeof(*st));
		st->kind = STEP_ROOT;
		snprintf(st->label, sizeof(st->label), "%s", MICRO_CONF_AA_ARM);
	}
	bool root = false;
	for (size_t i = 0; i < l.n; i++) {
		if (l.steps[i].kind == STEP_AUTO) {
			strf(err, errlen,
			     "arm 'auto' in --arms '%s' is not accepted (accepted: root, root2, "
			     "unlimited, HARD/SOFT, HARD, halve:HARD/SOFT:MINHARD)",
			     spec);
			return -1;
		}
		if (l.steps[i].kind == STEP_LIMIT && l.steps[i].hard < MICRO_CONF_MIN_HARD) {
			strf(err, errlen,
			     "arm '%s' in --arms '%s' is below the 16M floor (accepted: root, "
			     "unlimited "
			     "and limits with HARD >= 16M; tighter ones fill up with objects whose "
			     "RCU "
			     "freeing is pending and hit the limit)",
			     l.steps[i].label, spec);
			return -1;
		}
		root |= l.steps[i].kind == STEP_ROOT && !strcmp(l.steps[i].label, "root");
	}
	if (!root || l.n < 2) {
		strf(err, errlen,
		     "--arms '%s' %s (accepted: root and at least one more arm, e.g. "
		     "root,unlimited: overheads are against root)",
		     spec, root ? "has nothing to compare with root" : "lacks root");
		return -1;
	}
	for (size_t pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < l.n; i++)
			if ((l.steps[i].kind == STEP_ROOT) == (pass == 0))
				sorted.steps[sorted.n++] = l.steps[i];
	if (strf(c->arms_spec, sizeof(c->arms_spec), "%s", spec) < 0) {
		snprintf(err, errlen, "--arms too long (at most %zu characters)",
			 sizeof(c->arms_spec) - 1);
		return -1;
	}
	c->arms = sorted;
	return 0;
}

/* Wall time of one round: a block of ~1.4 x @min_time in each of @narms arms. */
static double round_time(size_t narms, double min_time)
{
	return (double)narms * (1.4 * min_time + PLAN_BLOCK_OVERHEAD);
}

/* Wall time of @reps rounds per op, probes and start included. */
static double plan_time(size_t nops, size_t narms, long reps, double min_time)
{
	return PLAN_START_S +
	       (double)nops * (double)(reps + PLAN_PROBE_BLOCKS) * round_time(narms, min_time);
}

int micro_conf_plan(const struct micro_conf *c, struct micro_plan *p, char *err, size_t errlen)
{
	p->nbench = c->nops;
	double per = (c->time_s * PLAN_USE - PLAN_START_S) / (double)(c->nops ? c->nops : 1);
	/* Google Benchmark sizes a block to between 1 and 1.4 x min_time. */
	p->min_time_s = PLAN_BLOCK_MIN_TIME;
	for (;;) {
		p->reps =
		    (long)floor(per / round_time(c->arms.n, p->min_time_s)) - PLAN_PROBE_BLOCKS;
		if (p->reps >= PLAN_WANT_REPS || p->min_time_s <= PLAN_FLOOR_MIN_TIME)
			break;
		p->min_time_s = fmax(PLAN_FLOOR_MIN_TIME, p->min_time_s / 2);
	}
	p->block_s = 1.4 * p->min_time_s;
	p->est_s = plan_time(c->nops, c->arms.n, p->reps, p->min_time_s);
	if (p->reps >= PLAN_MIN_REPS)
		return 0;
	double need = plan_time(c->nops, c->arms.n, PLAN_MIN_REPS, p->min_time_s) / PLAN_USE;
	strf(err, errlen,
	     "bad --time '%g': too short for %zu ops x %zu arms (accepted: %.0f..%.0f seconds "
	     "for them)",
	     c->time_s, c->nops, c->arms.n, ceil(need), MICRO_CONF_TIME_MAX);
	return -1;
}

int micro_conf_cgroup_name(long pid, const char *label, char *buf, size_t n)
{
	if (strf(buf, n, "r%ld-micro-%s", pid, label) < 0)
		return -1;
	for (char *s = buf; *s; s++)
		if (*s == '/')
			*s = '-';
	return 0;
}
