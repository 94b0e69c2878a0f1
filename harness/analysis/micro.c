/* micro.c - micro[] from Google Benchmark's JSON, and overhead[] against root (micro.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/fmt.h"
#include "analysis/micro.h"
#include "analysis/stats.h"

#define MICRO_BASE "root"
#define MICRO_TRIM 0.1 /* trim_pct: 10% of the blocks cut at each end */

/* Nanoseconds per Google Benchmark time_unit; NAN when unknown. */
static double unit_ns(const char *unit)
{
	static const struct {
		const char *name;
		double ns;
	} units[] = {{"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}};
	for (size_t i = 0; unit && i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(unit, units[i].name))
			return units[i].ns;
	return NAN;
}

/* True when @name is "OP/ARM" or "OP/ARM/real_time". */
static int name_is(const char *name, const char *op, const char *arm)
{
	size_t lo = strlen(op), la = strlen(arm);
	if (strncmp(name, op, lo) || name[lo] != '/' || strncmp(name + lo + 1, arm, la))
		return 0;
	const char *rest = name + lo + 1 + la;
	return !*rest || !strcmp(rest, "/real_time");
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
	json_object_set_new(e, "mean_ns", fmt_json_num(s.mean));
	json_object_set_new(e, "ci95_ns", fmt_json_num(s.ci_half));
	json_object_set_new(e, "median_ns", fmt_json_num(s.median));
	json_object_set_new(e, "stddev_ns", fmt_json_num(s.stddev));
	json_object_set_new(e, "cv_pct", fmt_json_num(s.cv_pct));
}

/* Adds one run of the benchmarks array to entry @e: a block, or an error. */
static void entry_add_run(json_t *e, const json_t *run)
{
	if (json_is_true(json_object_get(run, "error_occurred"))) {
		json_object_set_new(
		    e, "errors",
		    json_integer(json_integer_value(json_object_get(e, "errors")) + 1));
		const char *msg = json_string_value(json_object_get(run, "error_message"));
		if (!json_object_get(e, "error"))
			json_object_set_new(e, "error", json_string(msg ? msg : "?"));
		return;
	}
	double k = unit_ns(json_string_value(json_object_get(run, "time_unit")));
	double real = fmt_json_value(json_object_get(run, "real_time")) * k;
	double cpu = fmt_json_value(json_object_get(run, "cpu_time")) * k;
	if (!isfinite(real))
		return;
	json_array_append_new(json_object_get(e, "ns_per_op"), json_real(real));
	json_array_append_new(json_object_get(e, "cpu_ns_per_op"), fmt_json_num(cpu));
	json_object_set(e, "iterations", json_object_get(run, "iterations"));
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
			json_array_append_new(
			    micro, json_pack("{s:s, s:s, s:i, s:n, s:[], s:[], s:i}", "op", ops[o],
					     "arm", arms[a], "n", 0, "iterations", "ns_per_op",
					     "cpu_ns_per_op", "errors", 0));
	size_t i;
	json_t *run;
	json_array_foreach(runs, i, run)
	{
		const char *type = json_string_value(json_object_get(run, "run_type"));
		const char *name = json_string_value(json_object_get(run, "run_name"));
		if (!name)
			name = json_string_value(json_object_get(run, "name"));
		if (!name || (type && strcmp(type, "iteration")))
			continue;
		/* The longest arm that matches: "16M" must not take "16M/4M"'s blocks. */
		json_t *best = NULL;
		size_t best_len = 0;
		for (size_t k = 0; k < nops * narms; k++) {
			const char *op = ops[k / narms], *arm = arms[k % narms];
			if (name_is(name, op, arm) && strlen(arm) + 1 > best_len) {
				best = json_array_get(micro, k);
				best_len = strlen(arm) + 1;
			}
		}
		if (best)
			entry_add_run(best, run);
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
		const char *o = json_string_value(json_object_get(e, "op"));
		const char *a = json_string_value(json_object_get(e, "arm"));
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

/* One overhead[] entry of @e (an arm) against @root. */
static json_t *overhead_of(const json_t *e, const json_t *root)
{
	double *x, *y, tx, sx, dx, ty, sy, dy;
	size_t nx = micro_values(e, "ns_per_op", &x), ny = micro_values(root, "ns_per_op", &y);
	struct ratio_result r, t;
	stats_ratio(x, nx, y, ny, &r);
	if (stats_trimmed(x, nx, MICRO_TRIM, &tx, &sx, &dx) < 0 ||
	    stats_trimmed(y, ny, MICRO_TRIM, &ty, &sy, &dy) < 0 ||
	    stats_ratio_est(tx, sx, dx, ty, sy, dy, &t) < 0)
		t.ratio = t.ci_half = NAN;
	free(x);
	free(y);
	bool sig = isfinite(r.ci_lo) && (r.ci_lo > 1 || r.ci_hi < 1);
	return json_pack("{s:O, s:O, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:I, s:b, s:o, s:o}",
			 "op", json_object_get(e, "op"), "arm", json_object_get(e, "arm"), "base",
			 MICRO_BASE, "pct", fmt_json_num(100 * (r.ratio - 1)), "ci95_pct",
			 fmt_json_num(100 * r.ci_half), "ci95_lo_pct",
			 fmt_json_num(100 * (r.ci_lo - 1)), "ci95_hi_pct",
			 fmt_json_num(100 * (r.ci_hi - 1)), "se_pct", fmt_json_num(100 * r.se),
			 "df", fmt_json_num(r.df), "n", (json_int_t)nx, "n_root", (json_int_t)ny,
			 "significant", sig, "trim_pct", fmt_json_num(100 * (t.ratio - 1)),
			 "trim_ci95_pct", fmt_json_num(100 * t.ci_half));
}

json_t *micro_overhead(const json_t *micro)
{
	json_t *out = json_array(), *e;
	size_t i;
	json_array_foreach(micro, i, e)
	{
		const char *op = json_string_value(json_object_get(e, "op"));
		const char *arm = json_string_value(json_object_get(e, "arm"));
		const json_t *root = op ? micro_entry(micro, op, MICRO_BASE) : NULL;
		if (arm && root && strcmp(arm, MICRO_BASE))
			json_array_append_new(out, overhead_of(e, root));
	}
	return out;
}
