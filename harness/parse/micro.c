/* micro.c - micro[] from Google Benchmark's JSON, and paired overhead[] against root (micro.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jfield.h"
#include "micro.h"
#include "stats.h"

#define MICRO_BASE     "root"
#define MICRO_METHOD   "paired-trimmed-log-ratio"
#define MICRO_ARMS_MAX 64  /* arms of one set (a ladder has at most 64 steps) */
#define MICRO_TRIM     0.1 /* 10% of the rounds' log-ratios cut at each end */

/* True when run name @name is "OP" or "OP/..." (e.g. "OP/manual_time"). */
static int name_is(const char *name, const char *op)
{
	size_t lo = strlen(op);
	return !strncmp(name, op, lo) && (name[lo] == '/' || !name[lo]);
}

/* Statistics members of an entry from its ns_per_op. */
static void entry_stats(json_t *e)
{
	double *v;
	size_t n = micro_values(e, "ns_per_op", &v);
	struct sample_stats s;
	stats_describe(v, n, &s);
	free(v);
	json_object_set_new(e, "n", json_integer((json_int_t)n));
	json_object_set_new(e, "mean_ns", jnew_num(s.mean));
	json_object_set_new(e, "ci95_ns", jnew_num(s.ci_half));
	json_object_set_new(e, "median_ns", jnew_num(s.median));
	json_object_set_new(e, "stddev_ns", jnew_num(s.stddev));
	json_object_set_new(e, "cv_pct", jnew_num(s.cv_pct));
}

/* Counts an errored round against entry @e. */
static void entry_error(json_t *e, const json_t *run)
{
	json_object_set_new(e, "errors", json_integer(jint(e, "errors", 0) + 1));
	const char *msg = jstr(run, "error_message", NULL);
	if (!json_object_get(e, "error"))
		json_object_set_new(e, "error", json_string(msg ? msg : "?"));
}

/* Adds one round (an iteration run of op @op) to the entries of its arms,
 * @entries[0..narms): the counter "ns:ARM" of each, or an error to all. A round
 * without every arm's counter is left out of all, so the arms stay paired. */
static void add_round(json_t *const *entries, const char *const *arms, size_t narms,
		      const json_t *run)
{
	if (json_is_true(json_object_get(run, "error_occurred"))) {
		for (size_t a = 0; a < narms; a++)
			entry_error(entries[a], run);
		return;
	}
	double ns[MICRO_ARMS_MAX];
	for (size_t a = 0; a < narms; a++) {
		char key[160];
		snprintf(key, sizeof(key), "ns:%s", arms[a]);
		ns[a] = jval(json_object_get(run, key));
		if (!(ns[a] > 0) || !isfinite(ns[a]))
			return;
	}
	for (size_t a = 0; a < narms; a++) {
		json_array_append_new(json_object_get(entries[a], "ns_per_op"), json_real(ns[a]));
		json_object_set(entries[a], "iterations", json_object_get(run, "iterations"));
	}
}

json_t *micro_from_gbench(const json_t *gb, const char *const *ops, size_t nops,
			  const char *const *arms, size_t narms, char *err, size_t errlen)
{
	const json_t *runs = json_object_get(gb, "benchmarks");
	if (!json_is_array(runs)) {
		snprintf(err, errlen, "no benchmarks array in Google Benchmark's output");
		return NULL;
	}
	json_t *micro = json_array();
	for (size_t o = 0; o < nops; o++)
		for (size_t a = 0; a < narms; a++)
			json_array_append_new(micro,
					      json_pack("{s:s, s:s, s:i, s:n, s:[], s:i}", "op",
							ops[o], "arm", arms[a], "n", 0,
							"iterations", "ns_per_op", "errors", 0));
	if (narms > MICRO_ARMS_MAX) {
		json_decref(micro);
		snprintf(err, errlen, "%zu arms (accepted: at most %d)", narms, MICRO_ARMS_MAX);
		return NULL;
	}
	size_t i;
	json_t *run;
	json_array_foreach(runs, i, run)
	{
		const char *type = jstr(run, "run_type", NULL);
		const char *name = jstr(run, "run_name", NULL);
		if (!name)
			name = jstr(run, "name", NULL);
		if (!name || (type && strcmp(type, "iteration")))
			continue;
		for (size_t o = 0; o < nops; o++) {
			json_t *entries[MICRO_ARMS_MAX];
			if (!name_is(name, ops[o]))
				continue;
			for (size_t a = 0; a < narms; a++)
				entries[a] = json_array_get(micro, o * narms + a);
			add_round(entries, arms, narms, run);
		}
	}
	json_array_foreach(micro, i, run)
	{
		entry_stats(run);
	}
	return micro;
}

size_t micro_values(const json_t *entry, const char *key, double **out)
{
	const json_t *a = json_object_get(entry, key);
	size_t n = json_array_size(a), k = 0, i;
	json_t *v;
	*out = malloc((n ? n : 1) * sizeof(**out));
	if (!*out)
		return 0;
	json_array_foreach(a, i, v)
	{
		if (json_is_number(v))
			(*out)[k++] = json_number_value(v);
	}
	return k;
}

json_t *micro_entry(const json_t *arr, const char *op, const char *arm)
{
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e)
	{
		const char *o = jstr(e, "op", NULL);
		const char *a = jstr(e, "arm", NULL);
		if (o && a && !strcmp(o, op) && !strcmp(a, arm))
			return e;
	}
	return NULL;
}

size_t micro_names_of(const json_t *arr, const char *key, const char ***out)
{
	size_t n = 0, i;
	json_t *e;
	*out = malloc((json_array_size(arr) + 1) * sizeof(**out));
	if (!*out)
		return 0;
	json_array_foreach(arr, i, e)
	{
		const char *s = json_string_value(json_object_get(e, key));
		size_t j = 0;
		while (s && j < n && strcmp((*out)[j], s))
			j++;
		if (s && j == n)
			(*out)[n++] = s;
	}
	return n;
}

/* One overhead[] entry of @e (an arm) against @root, paired by round. */
static json_t *overhead_of(const json_t *e, const json_t *root)
{
	double *x, *y;
	size_t nx = micro_values(e, "ns_per_op", &x), ny = micro_values(root, "ns_per_op", &y);
	struct ratio_result r, m;
	if (nx != ny || stats_paired_log_ratio(x, y, nx, MICRO_TRIM, &r) < 0)
		r.ratio = r.se = r.df = r.ci_lo = r.ci_hi = r.ci_half = NAN;
	if (nx != ny || stats_paired_log_ratio(x, y, nx, 0, &m) < 0)
		m.ratio = m.ci_half = NAN;
	free(x);
	free(y);
	bool sig = isfinite(r.ci_lo) && (r.ci_lo > 1 || r.ci_hi < 1);
	return json_pack(
	    "{s:O, s:O, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:I, s:b, s:o, s:o}", "op",
	    json_object_get(e, "op"), "arm", json_object_get(e, "arm"), "base", MICRO_BASE,
	    "method", MICRO_METHOD, "pct", jnew_num(100 * (r.ratio - 1)), "ci95_pct",
	    jnew_num(100 * r.ci_half), "ci95_lo_pct", jnew_num(100 * (r.ci_lo - 1)), "ci95_hi_pct",
	    jnew_num(100 * (r.ci_hi - 1)), "se_pct", jnew_num(100 * r.se), "df", jnew_num(r.df),
	    "n", (json_int_t)nx, "n_root", (json_int_t)ny, "significant", sig, "mean_pct",
	    jnew_num(100 * (m.ratio - 1)), "mean_ci95_pct", jnew_num(100 * m.ci_half));
}

json_t *micro_overhead(const json_t *micro)
{
	json_t *out = json_array(), *e;
	size_t i;
	json_array_foreach(micro, i, e)
	{
		const char *op = jstr(e, "op", NULL);
		const char *arm = jstr(e, "arm", NULL);
		const json_t *root = op ? micro_entry(micro, op, MICRO_BASE) : NULL;
		if (arm && root && strcmp(arm, MICRO_BASE))
			json_array_append_new(out, overhead_of(e, root));
	}
	return out;
}
