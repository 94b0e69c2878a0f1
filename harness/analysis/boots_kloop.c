/* boots_kloop.c - multi-boot A/B of in-kernel loop ops: ns per object over the unaccounted twin. */
#include <math.h>
#include <string.h>

#include "boots.h"
#include "boots_kloop.h"
#include "jfield.h"
#include "micro.h"
#include "table.h"

#define BK_MAX_BOOTS 64

enum measure { CHILD_EXTRA, ROOT_EXTRA, CHILD_RATIO, NMEASURES };

static const char *const measure_name[NMEASURES] = {"child - plain", "root - plain",
						    "child / plain"};

/* Standard error of an entry's mean from its 95% CI half-width (normal approximation). */
static double se_of(const json_t *m)
{
	return jnum(m, "ci95_ns") / 1.96;
}

/* One boot's value of @k for @op (its twin @plain), with its own se; 0 when absent. */
static int boot_value(const struct result_set *r, const char *op, const char *plain, enum measure k,
		      double *v, double *se)
{
	const json_t *c = micro_entry(r->micro, op, "unlimited"),
		     *o = micro_entry(r->micro, op, "root"),
		     *p = micro_entry(r->micro, plain, "root");
	double cn = jnum(c, "mean_ns"), on = jnum(o, "mean_ns"), pn = jnum(p, "mean_ns");
	if (!c || !o || !p || isnan(cn) || isnan(on) || isnan(pn) || pn <= 0)
		return 0;
	double sc = se_of(c), so = se_of(o), sp = se_of(p);
	/* The twin ran in the same rounds; treating the errors as independent overstates se. */
	switch (k) {
	case CHILD_EXTRA:
		*v = cn - pn, *se = sqrt(sc * sc + sp * sp);
		break;
	case ROOT_EXTRA:
		*v = on - pn, *se = sqrt(so * so + sp * sp);
		break;
	default:
		*v = cn / pn, *se = cn / pn * sqrt((sc / cn) * (sc / cn) + (sp / pn) * (sp / pn));
	}
	return 1;
}

static size_t side_values(const struct setlist *s, const char *op, const char *plain,
			  enum measure k, double *v, double *se)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n && n < BK_MAX_BOOTS; i++)
		n += (size_t)boot_value(&s->runs[i], op, plain, k, &v[n], &se[n]);
	return n;
}

static json_t *row_json(const struct setlist *a, const struct setlist *b, const char *op,
			const char *plain, enum measure k, double alpha)
{
	double va[BK_MAX_BOOTS], sa[BK_MAX_BOOTS], vb[BK_MAX_BOOTS], sb[BK_MAX_BOOTS];
	size_t na = side_values(a, op, plain, k, va, sa), nb = side_values(b, op, plain, k, vb, sb);
	struct boots_ab r;
	if (boots_ab(va, sa, na, vb, sb, nb, alpha, 0.8, &r) < 0)
		return NULL;
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:i, s:o, s:o, s:o, "
			 "s:b}",
			 "op", op, "measure", measure_name[k], "unit",
			 k == CHILD_RATIO ? "ratio" : "ns", "a", jnew_nums(va, na), "b",
			 jnew_nums(vb, nb), "mean_a", jnew_num(r.mean_a), "change",
			 jnew_num(r.change), "change_pct", jnew_num(100 * r.change / r.mean_a),
			 "ci95", jnew_num(r.ci95), "mde", jnew_num(r.mde), "df", r.df, "sd_boot",
			 jnew_num(r.sd_boot), "within_se", jnew_num(r.within_se), "between_sd",
			 jnew_num(r.between_sd), "significant", r.significant);
}

json_t *boots_kloop_model(const struct setlist *a, const struct setlist *b, double alpha)
{
	json_t *rows = json_array();
	if (!rows || !a->n)
		return rows;
	size_t i;
	json_t *m;
	json_array_foreach(a->runs[0].micro, i, m)
	{
		const char *op = jstr(m, "op", "");
		size_t len = strlen(op);
		char plain[80];
		if (strncmp(op, "k:", 2) || strcmp(jstr(m, "arm", ""), "unlimited") ||
		    (len > 6 && !strcmp(op + len - 6, "-plain")))
			continue;
		snprintf(plain, sizeof(plain), "%s-plain", op);
		for (int k = 0; k < NMEASURES; k++) {
			json_t *row = row_json(a, b, op, plain, (enum measure)k, alpha);
			if (row)
				json_array_append_new(rows, row);
		}
	}
	return rows;
}

static void fmt_list(char *buf, size_t n, const json_t *v, bool ratio)
{
	size_t used = 0, i;
	json_t *x;
	buf[0] = '\0';
	json_array_foreach(v, i, x)
	{
		int w = snprintf(buf + used, n - used, ratio ? "%s%.3f" : "%s%.0f", i ? "/" : "",
				 json_number_value(x));
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
	}
}

void boots_kloop_print(const json_t *rows, FILE *f)
{
	static const char *const head[] = {"op",     "measure", "A boots", "B boots", "change",
					   "95% CI", "MDE",	"boot sd", "% of A"};
	if (!json_array_size(rows))
		return;
	struct table t;
	table_init_head(&t, head, 9);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		bool ratio = !strcmp(jstr(r, "unit", ""), "ratio");
		const char *fmt = ratio ? "%+.3f%s" : "%+.1f ns%s", *ci = ratio ? "±%.3f" : "±%.1f";
		char la[256], lb[256];
		size_t row = (size_t)table_add_row(&t);
		fmt_list(la, sizeof(la), json_object_get(r, "a"), ratio);
		fmt_list(lb, sizeof(lb), json_object_get(r, "b"), ratio);
		table_set(&t, row, 0, "%s", jstr(r, "op", ""));
		table_set(&t, row, 1, "%s", jstr(r, "measure", ""));
		table_set(&t, row, 2, "%s", la);
		table_set(&t, row, 3, "%s", lb);
		table_set(&t, row, 4, fmt, jnum(r, "change"),
			  json_is_true(json_object_get(r, "significant")) ? " *" : "");
		table_set(&t, row, 5, ci, jnum(r, "ci95"));
		table_set(&t, row, 6, ratio ? "%.3f" : "%.1f", jnum(r, "mde"));
		table_set(&t, row, 7, ratio ? "%.3f" : "%.1f", jnum(r, "sd_boot"));
		table_set(&t, row, 8, "%+.1f%%", jnum(r, "change_pct"));
	}
	fprintf(f, "\nin-kernel loop, per object: what accounting adds over the unaccounted twin "
		   "(k:X-plain, root arm, same rounds), per boot; change B - A with the same "
		   "two-level CI\n");
	table_print_text(&t, f, 2);
	table_free(&t);
}
