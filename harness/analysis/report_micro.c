/* report_micro.c - the report's section on micro sets (report_micro.h). */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "jfield.h"
#include "fmt.h"
#include "micro.h"
#include "plot_micro.h"
#include "report_micro.h"
#include "table.h"

#define AA_ARM PLOT_MICRO_AA_ARM

/* "+8.4 ± 0.9 *" of overhead entry @h; "-" when absent or undefined. */
static const char *ovh(char *buf, size_t len, const json_t *h)
{
	double p = jnum(h, "pct"), c = jnum(h, "ci95_pct");
	if (!h || isnan(p))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%+.1f ± %.1f%%%s", p, c,
			 json_is_true(json_object_get(h, "significant")) ? " *" : "");
	return buf;
}

/* Counts of @r's overhead entries of @arm: all defined, significant, CI containing 0. */
static void counts(const struct result_set *r, const char *arm, size_t *n, size_t *sig)
{
	size_t i;
	json_t *h;
	*n = *sig = 0;
	json_array_foreach(r->overhead, i, h)
	{
		const char *a = jstr(h, "arm", NULL);
		if (!a || strcmp(a, arm) || isnan(jnum(h, "pct")))
			continue;
		(*n)++;
		*sig += json_is_true(json_object_get(h, "significant"));
	}
}

void report_micro_summary(const struct setlist *micro, FILE *f)
{
	for (size_t k = 0; k < micro->n; k++) {
		const struct result_set *r = &micro->runs[k];
		const char **arms;
		size_t na = micro_names_of(r->overhead, "arm", &arms);
		fprintf(f, "%s (%s, cgroup v%d), micro:", micro->names[k], r->virt,
			r->cgroup_version);
		for (size_t a = 0; a < na; a++) {
			size_t n, sig;
			counts(r, arms[a], &n, &sig);
			fprintf(f, "%s %s vs root: %zu of %zu ops significant%s", a ? ";" : "",
				arms[a], sig, n,
				strcmp(arms[a], AA_ARM) ? "" : " (A/A control: should be ~0)");
		}
		fprintf(f, ".\n\n");
		free(arms);
	}
}

/* Distinct values of @key ("arm" or "op") in every set's overhead[] (@overhead) or
 * micro[], in order of first appearance; *@out malloc'ed, pointing into the sets. */
static size_t all_names(const struct setlist *micro, bool overhead, const char *key,
			const char ***out)
{
	size_t n = 0, cap = 1;
	for (size_t k = 0; k < micro->n; k++)
		cap += json_array_size(overhead ? micro->runs[k].overhead : micro->runs[k].micro);
	*out = malloc(cap * sizeof(**out));
	for (size_t k = 0; *out && k < micro->n; k++) {
		const char **names;
		const json_t *arr = overhead ? micro->runs[k].overhead : micro->runs[k].micro;
		size_t nn = micro_names_of(arr, key, &names), j;
		for (size_t i = 0; i < nn; i++) {
			for (j = 0; j < n && strcmp((*out)[j], names[i]); j++)
				;
			if (j == n)
				(*out)[n++] = names[i];
		}
		free(names);
	}
	return *out ? n : 0;
}

/* Table of @arm: one row per op with root's ns per op and the overhead in every set. */
static void arm_table(const struct setlist *micro, const char *arm, const char **ops, size_t no,
		      FILE *f)
{
	struct table t;
	char b[64];
	table_init(&t, 1 + 2 * micro->n);
	table_add_row(&t); /* the header */
	table_set(&t, 0, 0, "op");
	for (size_t k = 0; k < micro->n; k++) {
		table_set(&t, 0, 1 + 2 * k, "%s: root ns/op", setlist_short(micro, k));
		table_set(&t, 0, 2 + 2 * k, "%s: %s vs root", setlist_short(micro, k), arm);
	}
	for (size_t o = 0; o < no; o++) {
		size_t row = (size_t)table_add_row(&t);
		table_set(&t, row, 0, "%s", ops[o]);
		for (size_t k = 0; k < micro->n; k++) {
			const struct result_set *r = &micro->runs[k];
			double ns = jnum(micro_entry(r->micro, ops[o], "root"), "mean_ns");
			table_set(&t, row, 1 + 2 * k, isnan(ns) ? "-" : "%.0f", ns);
			table_set(&t, row, 2 + 2 * k, "%s",
				  ovh(b, sizeof(b), micro_entry(r->overhead, ops[o], arm)));
		}
	}
	fprintf(f, "**%s vs root**\n\n", arm);
	table_print_md(&t, f);
	fputc('\n', f);
	table_free(&t);
}

/* How each set was measured. */
static void design_lines(const struct setlist *micro, FILE *f)
{
	for (size_t k = 0; k < micro->n; k++) {
		const struct result_set *r = &micro->runs[k];
		const json_t *p = json_object_get(r->env, "micro");
		fprintf(f,
			"- `%s`: kernel %s, %s, cgroup v%d; %.0f rounds per op of a ~%.1f ms block "
			"per arm, budget %.0f s; %s.\n",
			micro->paths[k], r->kernel, r->virt, r->cgroup_version, jnum(p, "reps"),
			1000 * jnum(p, "block_s"), jnum(p, "time_s"),
			json_object_get(p, "design") ? "paired rounds"
						     : "unpaired blocks (older design)");
	}
}

void report_micro_section(const struct setlist *micro, const char *image, FILE *f)
{
	if (!micro->n)
		return;
	const char **arms, **ops;
	size_t na = all_names(micro, true, "arm", &arms), no = all_names(micro, false, "op", &ops);
	fprintf(f, "## Per-operation cost (kmembench micro)\n\nOne process times each operation in "
		   "blocks of a few ms, one block per arm back to back in each round (shuffled "
		   "order), so that the machine's drift cancels in each round's ratio. Overhead: "
		   "the 10%%-trimmed mean of the per-round log-ratios arm/root, 95%% CI; * = the "
		   "CI excludes 0. The figures depend on the block length (given below).\n\n");
	for (size_t a = 0; a < na; a++)
		arm_table(micro, arms[a], ops, no, f);
	if (image)
		fprintf(f, "![per-operation overhead against root](%s)\n\n", image);
	design_lines(micro, f);
	fputc('\n', f);
	free(arms);
	free(ops);
}
