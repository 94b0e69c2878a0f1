/* cacheop.c - per-op objects and bytes per cache from the N and 2N runs (cacheop.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cacheop.h"

struct delta {
	const struct cache_entry *e; /* name and kind */
	double objects, bytes;	     /* per op */
};

static int by_bytes(const void *a, const void *b)
{
	const struct delta *x = a, *y = b;
	if (x->bytes != y->bytes)
		return x->bytes < y->bytes ? 1 : -1;
	if (x->objects != y->objects)
		return x->objects < y->objects ? 1 : -1;
	return strcmp(x->e->name, y->e->name);
}

/* Adds the per-op change of @e (from @twice) against @once to @d; skipped when none. */
static void diff(const struct cache_entry *e, const struct cachesum *other, bool e_is_twice, long n,
		 struct delta *d, size_t *nd)
{
	const struct cache_entry *o = cachesum_find(other, e->kind, e->name);
	long long dobj = e->objects - (o ? o->objects : 0);
	long long dbytes = e->bytes - (o ? o->bytes : 0);
	if (!e_is_twice) {
		if (o)
			return; /* counted from the 2N run's side */
		dobj = -dobj;
		dbytes = -dbytes;
	}
	if (!dobj && !dbytes)
		return;
	d[(*nd)++] = (struct delta){e, (double)dobj / (double)n, (double)dbytes / (double)n};
}

static json_t *delta_json(const struct delta *d)
{
	return json_pack("{s:s, s:s, s:f, s:f}", "name", d->e->name, "kind",
			 cachesum_kind_name(d->e->kind), "objects_per_op", d->objects,
			 "bytes_per_op", d->bytes);
}

/* caches[] of the first @top deltas of at least CACHEOP_MIN_PER_OP objects per op, the
 * rest folded into "other". */
static json_t *deltas_json(const struct delta *d, size_t nd, size_t top)
{
	json_t *arr = json_array();
	double oo = 0, ob = 0;
	size_t shown = 0;
	for (size_t i = 0; i < nd; i++) {
		if (shown < top && fabs(d[i].objects) >= CACHEOP_MIN_PER_OP) {
			json_array_append_new(arr, delta_json(&d[i]));
			shown++;
			continue;
		}
		oo += d[i].objects;
		ob += d[i].bytes;
	}
	if (nd > shown)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:f, s:f}", "name", "other",
						     "kind", "other", "entries",
						     (json_int_t)(nd - shown), "objects_per_op", oo,
						     "bytes_per_op", ob));
	return arr;
}

/* Why the breakdown is doubtful, or NULL. */
static const char *why_doubtful(const struct cachesum *a, const struct cachesum *b)
{
	if (a->no_accounted || b->no_accounted)
		return "kmem:kmem_cache_alloc has no accounted field (kernels before 5.19): "
		       "SLAB_ACCOUNT caches missing";
	if (a->lost || b->lost)
		return "perf lost events: counts are low";
	return NULL;
}

json_t *cacheop_json(const char *op, const char *arm, long n, const struct cachesum *once,
		     const struct cachesum *twice, size_t top)
{
	struct delta *d = malloc((once->n + twice->n + 1) * sizeof(*d));
	size_t nd = 0;
	if (!d)
		return NULL;
	for (size_t i = 0; i < twice->n; i++)
		diff(&twice->e[i], once, true, n, d, &nd);
	for (size_t i = 0; i < once->n; i++)
		diff(&once->e[i], twice, false, n, d, &nd);
	qsort(d, nd, sizeof(*d), by_bytes);
	long long o1, b1, o2, b2;
	cachesum_totals(once, &o1, &b1);
	cachesum_totals(twice, &o2, &b2);
	const char *why = why_doubtful(once, twice);
	json_t *j = json_pack(
	    "{s:s, s:s, s:I, s:f, s:f, s:I, s:o, s:o}", "op", op, "arm", arm, "ops", (json_int_t)n,
	    "objects_per_op", (double)(o2 - o1) / (double)n, "bytes_per_op",
	    (double)(b2 - b1) / (double)n, "lost_events", (json_int_t)(once->lost + twice->lost),
	    "caches", deltas_json(d, nd, top), "error", why ? json_string(why) : json_null());
	free(d);
	return j;
}

json_t *cacheop_error_json(const char *op, const char *arm, long n, const char *why)
{
	return json_pack("{s:s, s:s, s:I, s:n, s:n, s:[], s:s}", "op", op, "arm", arm, "ops",
			 (json_int_t)n, "objects_per_op", "bytes_per_op", "caches", "error", why);
}
