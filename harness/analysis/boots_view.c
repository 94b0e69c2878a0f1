/* boots_view.c - the multi-boot A/B view of micro sets (boots_view.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "boots.h"
#include "boots_kloop.h"
#include "boots_view.h"
#include "jfield.h"
#include "likeness.h"
#include "micro.h"
#include "table.h"

void boots_paths_free(char **p, size_t n)
{
	for (size_t i = 0; p && i < n; i++)
		free(p[i]);
	free(p);
}

int boots_group_load(const char *dir, char ***a, size_t *na, char ***b, size_t *nb, char *err,
		     size_t errlen)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/manifest.json", dir);
	*a = *b = NULL;
	*na = *nb = 0;
	json_error_t je;
	json_t *m = json_load_file(path, 0, &je);
	if (!m && je.position == 0 && strstr(je.text, "unable to open"))
		return 1;
	const json_t *sets = json_object_get(m, "sets");
	size_t n = json_array_size(sets), i;
	json_t *s;
	*a = calloc(n + 1, sizeof(**a));
	*b = calloc(n + 1, sizeof(**b));
	if (!m || !json_is_array(sets) || !*a || !*b) {
		snprintf(err, errlen,
			 "%s: not an A/B manifest (%s; accepted: {\"sets\": [{\"path\", "
			 "\"side\": \"a\"|\"b\", \"kernel\", \"boot\"}]})",
			 path, m ? "no sets[]" : je.text);
		json_decref(m);
		return -1;
	}
	json_array_foreach(sets, i, s)
	{
		const char *side = jstr(s, "side", ""), *p = jstr(s, "path", NULL);
		char **list = !strcmp(side, "a") ? *a : !strcmp(side, "b") ? *b : NULL;
		size_t *k = list == *a ? na : nb;
		if (!p || !list) {
			snprintf(err, errlen, "%s: sets[%zu] needs a path and side a or b", path,
				 i);
			json_decref(m);
			return -1;
		}
		if (asprintf(&list[(*k)++], "%s/%s", dir, p) < 0) {
			json_decref(m);
			return -1;
		}
	}
	json_decref(m);
	return 0;
}

/* Overhead pct and se of @op at @arm in set @r, or 0 when absent. */
static int overhead_of(const struct result_set *r, const char *op, const char *arm, double *pct,
		       double *se)
{
	const json_t *o = micro_entry(r->overhead, op, arm);
	if (!o)
		return 0;
	*pct = jnum(o, "pct");
	*se = json_is_number(json_object_get(o, "se_pct")) ? jnum(o, "se_pct") : NAN;
	return !isnan(*pct);
}

/* The row of @op at @arm, or NULL when a side has fewer than two boots with it. */
static json_t *row_json(const struct setlist *a, const struct setlist *b, const char *op,
			const char *arm, double alpha)
{
	double va[64], sa[64], vb[64], sb[64];
	size_t na = 0, nb = 0;
	bool se_known = true;
	for (size_t i = 0; i < a->n && na < 64; i++)
		if (overhead_of(&a->runs[i], op, arm, &va[na], &sa[na]))
			se_known &= !isnan(sa[na++]);
	for (size_t i = 0; i < b->n && nb < 64; i++)
		if (overhead_of(&b->runs[i], op, arm, &vb[nb], &sb[nb]))
			se_known &= !isnan(sb[nb++]);
	struct boots_ab r;
	if (boots_ab(va, se_known ? sa : NULL, na, vb, se_known ? sb : NULL, nb, alpha, 0.8, &r) <
	    0)
		return NULL;
	return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:i, s:o, s:o, s:o, s:b, s:i}", "op", op,
			 "a", jnew_nums(va, na), "b", jnew_nums(vb, nb), "change",
			 jnew_num(r.change), "ci95", jnew_num(r.ci95), "mde", jnew_num(r.mde), "df",
			 r.df, "sd_boot", jnew_num(r.sd_boot), "within_se", jnew_num(r.within_se),
			 "between_sd", jnew_num(r.between_sd), "significant", r.significant,
			 "boots_for_1pt", r.boots_for_1pt);
}

static json_t *sets_json(const struct setlist *s)
{
	json_t *a = json_array();
	for (size_t i = 0; i < s->n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "name", s->names[i], "path",
						   s->paths[i], "kernel", s->runs[i].kernel));
	return a;
}

json_t *boots_model(const struct setlist *a, const struct setlist *b, double alpha)
{
	json_t *arms = json_array();
	const struct result_set *r0 = &a->runs[0];
	size_t i;
	json_t *o;
	json_array_foreach(r0->overhead, i, o)
	{
		const char *arm = jstr(o, "arm", ""), *op = jstr(o, "op", "");
		json_t *arm_obj = NULL, *x;
		size_t k;
		json_array_foreach(arms, k, x) if (!strcmp(jstr(x, "arm", ""), arm)) arm_obj = x;
		if (!arm_obj) {
			arm_obj = json_pack("{s:s, s:[]}", "arm", arm, "rows");
			json_array_append_new(arms, arm_obj);
		}
		json_t *row = row_json(a, b, op, arm, alpha);
		if (row)
			json_array_append_new(json_object_get(arm_obj, "rows"), row);
	}
	/* The machine guard over every boot of both sides against A's first. */
	size_t n = a->n + b->n;
	const char **paths = calloc(n, sizeof(*paths)), **names = calloc(n, sizeof(*names));
	struct result_set *runs = calloc(n, sizeof(*runs));
	json_t *machine = json_null();
	if (paths && names && runs) {
		for (size_t k = 0; k < n; k++) {
			const struct setlist *s = k < a->n ? a : b;
			size_t j = k < a->n ? k : k - a->n;
			paths[k] = s->paths[j];
			names[k] = s->names[j];
			runs[k] = s->runs[j];
		}
		machine = likeness_model(paths, names, runs, n);
	}
	free(paths);
	free(names);
	free(runs);
	return json_pack("{s:s, s:f, s:s, s:o, s:o, s:o, s:o, s:o}", "mode", "boots", "alpha",
			 alpha, "base", a->names[0], "a", sets_json(a), "b", sets_json(b),
			 "machine", machine, "arms", arms, "kloop", boots_kloop_model(a, b, alpha));
}

static void fmt_list(char *buf, size_t n, const json_t *v)
{
	size_t used = 0, i;
	json_t *x;
	buf[0] = '\0';
	json_array_foreach(v, i, x)
	{
		int w =
		    snprintf(buf + used, n - used, "%s%+.1f", i ? "/" : "", json_number_value(x));
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
	}
}

void boots_print(const json_t *m, FILE *f)
{
	static const char *const head[] = {"op",      "A boots",    "B boots",
					   "change",  "95% CI",	    "MDE",
					   "boot sd", "between sd", "boots for 1 pt"};
	likeness_print(m, false, f);
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(m, "a"), i, s)
	    fprintf(f, "A boot %zu: %s (%s)\n", i + 1, jstr(s, "path", ""), jstr(s, "kernel", ""));
	json_array_foreach(json_object_get(m, "b"), i, s)
	    fprintf(f, "B boot %zu: %s (%s)\n", i + 1, jstr(s, "path", ""), jstr(s, "kernel", ""));
	fprintf(f,
		"boots: each boot's %% overhead over root (its paired rounds); change: B - A in "
		"points, * = outside the 95%% CI from the pooled boot-to-boot variance (t, df "
		"= boots - 2); MDE at alpha %g, power 0.8; between sd: the boot-to-boot part of "
		"a boot's spread (above its own rounds' error)\n",
		jnum(m, "alpha"));
	json_t *arm;
	json_array_foreach(json_object_get(m, "arms"), i, arm)
	{
		struct table t;
		table_init_head(&t, head, 9);
		size_t k;
		json_t *r;
		json_array_foreach(json_object_get(arm, "rows"), k, r)
		{
			char la[256], lb[256];
			size_t row = (size_t)table_add_row(&t);
			fmt_list(la, sizeof(la), json_object_get(r, "a"));
			fmt_list(lb, sizeof(lb), json_object_get(r, "b"));
			table_set(&t, row, 0, "%s", jstr(r, "op", ""));
			table_set(&t, row, 1, "%s", la);
			table_set(&t, row, 2, "%s", lb);
			table_set(&t, row, 3, "%+.1f pp%s", jnum(r, "change"),
				  json_is_true(json_object_get(r, "significant")) ? " *" : "");
			table_set(&t, row, 4, "±%.1f", jnum(r, "ci95"));
			table_set(&t, row, 5, "%.1f", jnum(r, "mde"));
			table_set(&t, row, 6, "%.2f", jnum(r, "sd_boot"));
			table_set(&t, row, 7, "%.2f", jnum(r, "between_sd"));
			if (jint(r, "boots_for_1pt", 0))
				table_set(&t, row, 8, "%lld", jint(r, "boots_for_1pt", 0));
			else
				table_set(&t, row, 8, "> 100");
		}
		fprintf(f, "\n%s vs root\n", jstr(arm, "arm", ""));
		table_print_text(&t, f, 2);
		table_free(&t);
	}
	boots_kloop_print(json_object_get(m, "kloop"), f);
}
