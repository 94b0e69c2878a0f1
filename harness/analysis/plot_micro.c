/* plot_micro.c - exports per-op overhead of micro sets and runs plots/micro-overhead.gp. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jfield.h"
#include "fmt.h"
#include "micro.h"
#include "plot.h"
#include "plot_micro.h"

struct op_key {
	const char *op;
	double pct; /* the first set's overhead of its first arm; NAN sorts last */
};

static int cmp_key(const void *a, const void *b)
{
	const struct op_key *x = a, *y = b;
	if (isnan(x->pct) || isnan(y->pct))
		return isnan(x->pct) - isnan(y->pct);
	return (x->pct < y->pct) - (x->pct > y->pct);
}

/* The set and arm that orders the ops: the first arm that is not the A/A control. */
static const json_t *order_by(const struct setlist *rs, const char **arm)
{
	for (size_t k = 0; k < rs->n; k++) {
		size_t i;
		json_t *h;
		json_array_foreach(rs->runs[k].overhead, i, h)
		{
			*arm = jstr(h, "arm", NULL);
			if (*arm && strcmp(*arm, PLOT_MICRO_AA_ARM))
				return rs->runs[k].overhead;
		}
	}
	*arm = NULL;
	return NULL;
}

/* Ops of every set, by the overhead of order_by()'s arm from large to small;
 * *@out is malloc'ed, pointing into the sets. */
static size_t ops_order(const struct setlist *rs, struct op_key **out)
{
	size_t n = 0, cap = 1;
	for (size_t k = 0; k < rs->n; k++)
		cap += json_array_size(rs->runs[k].overhead);
	*out = malloc(cap * sizeof(**out));
	if (!*out)
		return 0;
	const char *arm;
	const json_t *by = order_by(rs, &arm);
	for (size_t k = 0; k < rs->n; k++) {
		size_t i, j;
		json_t *h;
		json_array_foreach(rs->runs[k].overhead, i, h)
		{
			const char *op = jstr(h, "op", NULL);
			for (j = 0; op && j < n && strcmp((*out)[j].op, op); j++)
				;
			if (!op || j < n)
				continue;
			(*out)[n].op = op;
			(*out)[n++].pct = by ? jnum(micro_entry(by, op, arm), "pct") : NAN;
		}
	}
	qsort(*out, n, sizeof(**out), cmp_key);
	return n;
}

/* DATA/S.dat of series @s (set @k, arm @arm): op index, pct, CI low, CI high. */
static int export_series(const struct result_set *r, const char *arm, const struct op_key *ops,
			 size_t nops, const char *data, size_t s, double *lo, double *hi)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%zu.dat", data, s);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	for (size_t i = 0; i < nops; i++) {
		const json_t *h = micro_entry(r->overhead, ops[i].op, arm);
		double p = jnum(h, "pct"), l = jnum(h, "ci95_lo_pct"), u = jnum(h, "ci95_hi_pct");
		fprintf(f, "%zu", i);
		plot_dat_num(f, p);
		plot_dat_num(f, l);
		plot_dat_num(f, u);
		fputc('\n', f);
		*lo = isnan(l) ? *lo : fmin(*lo, l);
		*hi = isnan(u) ? *hi : fmax(*hi, u);
	}
	return fclose(f);
}

/* meta.gp: nops, xtics, nseries, series_S titles, ybot, ytop. */
static void write_meta(FILE *m, const struct op_key *ops, size_t nops, double lo, double hi)
{
	fprintf(m, "nops = %zu\nxtics = \"(", nops);
	for (size_t i = 0; i < nops; i++) {
		fprintf(m, "%s'", i ? ", " : "");
		plot_gp_quote(m, ops[i].op);
		fprintf(m, "' %zu", i);
	}
	fprintf(m, ")\"\nybot = %.6g\nytop = %.6g\n", fmin(lo, 0), fmax(hi, 0));
}

/* One series per (set, non-root arm). */
static int export_micro(const struct setlist *rs, const char *data)
{
	struct op_key *ops;
	size_t nops = ops_order(rs, &ops), s = 0;
	double lo = INFINITY, hi = -INFINITY;
	char path[4096];
	snprintf(path, sizeof(path), "%s/meta.gp", data);
	FILE *m = ops ? fopen(path, "w") : NULL;
	if (!m) {
		free(ops);
		return -1;
	}
	for (size_t k = 0; k < rs->n; k++) {
		const char **arms;
		size_t na = micro_names_of(rs->runs[k].overhead, "arm", &arms);
		for (size_t a = 0; a < na; a++) {
			if (export_series(&rs->runs[k], arms[a], ops, nops, data, ++s, &lo, &hi) <
			    0)
				break;
			fprintf(m, "series_%zu = '", s);
			plot_gp_quote(m, setlist_short(rs, k));
			fprintf(m, ": %s vs root%s'\n", arms[a],
				strcmp(rs->runs[k].virt, "tcg") ? "" : " (TCG)");
		}
		free(arms);
	}
	fprintf(m, "nseries = %zu\n", s);
	write_meta(m, ops, nops, isfinite(lo) ? lo : 0, isfinite(hi) ? hi : 1);
	free(ops);
	return fclose(m);
}

int plot_micro_render(const struct setlist *rs, const char *out, char *err, size_t errlen)
{
	return plot_render_script(PLOT_MICRO_SCRIPT, export_micro, rs, out, err, errlen);
}

void plot_micro_name(const char *out, char *buf, size_t len)
{
	size_t n = strlen(out) - 4;
	snprintf(buf, len, "%.*s-micro%s", (int)n, out, out + n);
}
