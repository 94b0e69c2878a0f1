/* summary.c - the `show` model: statistics per workload x step x metric. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jfield.h"
#include "caches_view.h"
#include "extra_view.h"
#include "fio_view.h"
#include "fmt.h"
#include "metrics.h"
#include "perfcell.h"
#include "summary.h"
#include "table.h"

json_t *summary_stats_json(const struct sample_stats *s)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "n",
			 (json_int_t)s->n, "median", jnew_num(s->median), "mean", jnew_num(s->mean),
			 "stddev", jnew_num(s->stddev), "cv_pct", jnew_num(s->cv_pct), "min",
			 jnew_num(s->min), "max", jnew_num(s->max), "ci95_lo", jnew_num(s->ci_lo),
			 "ci95_hi", jnew_num(s->ci_hi), "ci95_half", jnew_num(s->ci_half));
}

/* Statistics of every metric in one cell. */
static json_t *cell_metrics(const struct result_set *r, const char *wl, const char *step)
{
	json_t *m = json_object();
	for (int i = 0; i < METRIC_COUNT; i++) {
		struct sample_stats s;
		metric_describe(r, wl, step, (enum metric)i, &s);
		json_object_set_new(m, metric_name((enum metric)i), summary_stats_json(&s));
	}
	return m;
}

static json_t *step_model(const struct result_set *r, const char *wl, const char *step)
{
	const struct trial *t = metric_find_trial(r, wl, step);
	struct cell_counts c;
	metric_cell_count(r, wl, step, &c);
	return json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o*, s:o, s:o}", "step",
			 step, "hard_bytes", (json_int_t)t->hard_bytes, "soft_bytes",
			 (json_int_t)t->soft_bytes, "trials", (json_int_t)c.total, "ok",
			 (json_int_t)c.ok, "oom", (json_int_t)c.oom, "timeout",
			 (json_int_t)c.timeout, "other_failed", (json_int_t)c.other_fail, "metrics",
			 cell_metrics(r, wl, step), "extra", extra_view_model(r, wl, step), "memcg",
			 perfcell_json(r, wl, step), "caches", caches_view_cell(r, wl, step));
}

static json_t *workloads_model(const struct result_set *r)
{
	json_t *arr = json_array();
	const char **wl, **steps;
	size_t nw = metric_workloads(r, &wl);
	for (size_t i = 0; i < nw; i++) {
		json_t *sa = json_array();
		size_t ns = metric_steps(r, wl[i], &steps);
		for (size_t j = 0; j < ns; j++)
			json_array_append_new(sa, step_model(r, wl[i], steps[j]));
		free(steps);
		json_t *w = json_pack("{s:s, s:o}", "workload", wl[i], "steps", sa);
		json_t *fio = fio_view_model(r, wl[i]);
		if (fio)
			json_object_set_new(w, "fio", fio);
		json_array_append_new(arr, w);
	}
	free(wl);
	return arr;
}

json_t *summary_model(const struct result_set *r, const char *path)
{
	json_t *load = json_object_get(r->env, "load");
	json_t *skipped = json_object_get(r->env, "skipped");
	return json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:b, s:s, s:s, s:I, s:I, s:b, s:O?, "
			 "s:O?, s:o}",
			 "path", path, "kernel", r->kernel, "cmdline", r->cmdline, "cgroup_version",
			 r->cgroup_version, "virt", r->virt, "profile", r->profile, "label",
			 r->label, "complete", r->complete, "started", r->started, "finished",
			 r->finished, "trials", (json_int_t)r->ntrials, "attribution_trials",
			 (json_int_t)r->nattr, "perf", perfcell_any(r), "load", load, "skipped",
			 json_array_size(skipped) ? skipped : NULL, "workloads",
			 workloads_model(r));
}

void summary_header(const struct result_set *r, char *buf, size_t len)
{
	int n = snprintf(
	    buf, len, "kernel %s · cgroup v%d · virt %s · label %s · profile %s · %s · %zu trials",
	    r->kernel[0] ? r->kernel : "?", r->cgroup_version, r->virt[0] ? r->virt : "?",
	    r->label[0] ? r->label : "-", r->profile[0] ? r->profile : "-",
	    r->complete ? "complete" : "INCOMPLETE (interrupted run)", r->ntrials);
	size_t ncaches = 0;
	for (size_t i = 0; i < r->nattr; i++)
		ncaches += json_is_object(r->attr[i].caches);
	if (r->nattr > ncaches && n > 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, " + %zu attribution (perf)",
			      r->nattr - ncaches);
	if (ncaches && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, " + %zu breakdown (caches)", ncaches);
}

bool summary_busy(const struct result_set *r, char *buf, size_t len)
{
	const json_t *load = json_object_get(r->env, "load");
	if (!json_is_true(json_object_get(load, "busy")))
		return false;
	snprintf(buf, len,
		 "WARNING: the box was busy during this run (others used %.2f cores on average, "
		 "steal %.1f%%): its timings are suspect",
		 json_number_value(json_object_get(load, "other_cores")),
		 json_number_value(json_object_get(load, "steal_pct")));
	return true;
}

bool summary_skipped(const struct result_set *r, char *buf, size_t len)
{
	const json_t *sk = json_object_get(r->env, "skipped");
	size_t n = 0, i;
	const json_t *o;
	if (!json_array_size(sk) || !len)
		return false;
	buf[0] = '\0';
	json_array_foreach(sk, i, o)
	{
		int k = snprintf(buf + n, len - n, "%s[%s] %s",
				 i ? "; " : "skipped: ", jstr(o, "workload", NULL),
				 jstr(o, "reason", NULL));
		if (k < 0 || (size_t)k >= len - n)
			break;
		n += (size_t)k;
	}
	return true;
}

void summary_reasons(const struct result_set *r, FILE *out)
{
	for (size_t i = 0; i < r->ntrials; i++) {
		const struct trial *t = &r->trials[i];
		if (t->status != TRIAL_OK && t->reason[0])
			fprintf(out, "failed: %s at %s rep %d (%s): %s\n", t->workload, t->step,
				t->rep, results_status_name(t->status), t->reason);
	}
}

static json_int_t geti(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

const char *summary_failed(const json_t *step, char *buf, size_t len)
{
	json_int_t tot = geti(step, "trials"), oom = geti(step, "oom");
	json_int_t to = geti(step, "timeout"), oth = geti(step, "other_failed");
	json_int_t bad = oom + to + oth;
	int kinds = (oom > 0) + (to > 0) + (oth > 0);
	if (kinds == 0)
		snprintf(buf, len, "0/%lld", (long long)tot);
	else if (kinds == 1)
		snprintf(buf, len, "%lld/%lld %s", (long long)bad, (long long)tot,
			 oom ? "oom" : (to ? "timeout" : "fail"));
	else
		snprintf(buf, len, "%lld/%lld: %lld oom, %lld timeout, %lld fail", (long long)bad,
			 (long long)tot, (long long)oom, (long long)to, (long long)oth);
	return buf;
}

/* "median ± ci_half" of a metric; "-" when there is no value. */
static void median_ci(struct table *t, size_t row, size_t col, const json_t *st, int bytes)
{
	double med = jval(json_object_get(st, "median"));
	double ci = jval(json_object_get(st, "ci95_half"));
	char a[32], b[32];
	fmt_value(a, sizeof(a), med, bytes, !bytes);
	if (isnan(med) || isnan(ci))
		table_set(t, row, col, "%s", a);
	else
		table_set(t, row, col, "%s ± %s", a, fmt_value(b, sizeof(b), ci, bytes, !bytes));
}

/* Median of a counter metric, "-" when absent. */
static void median_only(struct table *t, size_t row, size_t col, const json_t *st, int bytes)
{
	char a[32];
	fmt_value(a, sizeof(a), jval(json_object_get(st, "median")), bytes, 0);
	table_set(t, row, col, "%s", a);
}

/* The memcg % column: the pooled share of the step's attribution trials. */
static void memcg_cell(struct table *t, size_t row, size_t col, const json_t *step)
{
	char a[32];
	const json_t *m = json_object_get(step, "memcg");
	perfcell_pct(a, sizeof(a), jval(json_object_get(m, "memcg_share")));
	table_set(t, row, col, "%s", a);
}

static void print_workload(const json_t *w, bool perf, FILE *f)
{
	static const char *const head[] = {"step",   "real (s)", "user (s)",  "sys (s)", "failcnt",
					   "failed", "peak",	 "kmem peak", "memcg %"};
	struct table t;
	table_init_head(&t, head, perf ? 9 : 8);
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(w, "steps"), i, s)
	{
		size_t row = (size_t)table_add_row(&t);
		const json_t *m = json_object_get(s, "metrics");
		char buf[96];
		table_set(&t, row, 0, "%s", jstr(s, "step", NULL));
		median_ci(&t, row, 1, json_object_get(m, "real"), 0);
		median_ci(&t, row, 2, json_object_get(m, "user"), 0);
		median_ci(&t, row, 3, json_object_get(m, "sys"), 0);
		median_only(&t, row, 4, json_object_get(m, "failcnt"), 0);
		table_set(&t, row, 5, "%s", summary_failed(s, buf, sizeof(buf)));
		median_only(&t, row, 6, json_object_get(m, "peak"), 1);
		median_only(&t, row, 7, json_object_get(m, "kmem_peak"), 1);
		if (perf)
			memcg_cell(&t, row, 8, s);
	}
	fprintf(f, "\n%s\n", jstr(w, "workload", NULL));
	table_print_text(&t, f, 2);
	table_free(&t);
	extra_view_print(w, f);
	if (json_object_get(w, "fio")) {
		fputc('\n', f);
		fio_view_print(json_object_get(w, "fio"), f);
	}
}

void summary_print_text(const json_t *model, FILE *f)
{
	size_t i;
	json_t *w;
	bool perf = json_is_true(json_object_get(model, "perf"));
	json_array_foreach(json_object_get(model, "workloads"), i, w) print_workload(w, perf, f);
	fprintf(f, "\nreal/user/sys: median ± half-width of the 95%% CI of the mean over ok trials;"
		   "\nfailcnt, peak: median over all trials that recorded them; failed: "
		   "failed/total trials.\n");
	if (perf)
		fprintf(f, "memcg %%: share of kernel perf samples in memcg accounting code (call "
			   "chain), pooled over the step's\nattribution trials (run --perf: never "
			   "timed; `kmembench info` lists the symbols).\n");
}
