/* extra_view.c - `show`'s per-step table of the extra keys a workload declares (wl.h show). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jfield.h"
#include "extra_view.h"
#include "fmt.h"
#include "stats.h"
#include "table.h"
#include "registry.h"

#define EXTRA_MAX_COLS 16

/* The show list of @wl's base workload, or NULL. */
static const char *const *show_keys(const char *wl)
{
	char base[64];
	snprintf(base, sizeof(base), "%s", wl);
	base[strcspn(base, ".")] = '\0';
	const struct workload *w = wl_find(base);
	return w ? w->show : NULL;
}

/* Median of numeric extra @key over the ok trials of the cell; NAN when there are none. */
static double cell_median(const struct result_set *r, const char *wl, const char *step,
			  const char *key)
{
	double *v = malloc(sizeof(double) * (r->ntrials ? r->ntrials : 1)), med = NAN;
	size_t n = 0;
	for (size_t i = 0; v && i < r->ntrials; i++) {
		const struct trial *t = &r->trials[i];
		const json_t *x = json_object_get(t->extra, key);
		if (!strcmp(t->workload, wl) && !strcmp(t->step, step) && results_trial_ok(t) &&
		    json_is_number(x))
			v[n++] = json_number_value(x);
	}
	struct sample_stats s;
	if (n && stats_describe(v, n, &s) == 0)
		med = s.median;
	free(v);
	return med;
}

json_t *extra_view_model(const struct result_set *r, const char *wl, const char *step)
{
	const char *const *keys = show_keys(wl);
	if (!keys)
		return NULL;
	json_t *o = json_object();
	for (size_t k = 0; keys[k]; k++)
		json_object_set_new(o, keys[k], jnew_num(cell_median(r, wl, step, keys[k])));
	return o;
}

/* True when @key names a byte count (ends in "_bytes"). */
static int is_bytes(const char *key)
{
	size_t n = strlen(key);
	return n > 6 && !strcmp(key + n - 6, "_bytes");
}

void extra_view_print(const json_t *w, FILE *f)
{
	const json_t *steps = json_object_get(w, "steps");
	const json_t *first = json_object_get(json_array_get(steps, 0), "extra");
	const char *head[EXTRA_MAX_COLS + 1] = {"step"};
	size_t ncols = 1, i;
	const char *key;
	json_t *v, *s;
	if (!json_is_object(first))
		return;
	json_object_foreach((json_t *)first, key, v)
	{
		if (ncols <= EXTRA_MAX_COLS)
			head[ncols++] = key;
	}
	struct table t;
	table_init_head(&t, head, ncols);
	json_array_foreach(steps, i, s)
	{
		size_t row = (size_t)table_add_row(&t);
		const json_t *x = json_object_get(s, "extra");
		char buf[32];
		table_set(&t, row, 0, "%s", jstr(s, "step", NULL));
		for (size_t c = 1; c < ncols; c++)
			table_set(&t, row, c, "%s",
				  fmt_value(buf, sizeof(buf), jval(json_object_get(x, head[c])),
					    is_bytes(head[c]), 0));
	}
	fprintf(f, "  extra (median over ok trials):\n");
	table_print_text(&t, f, 2);
	table_free(&t);
}
