/* perfattr.c - the memcg symbol patterns and a trial's memcg share and top symbols. */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "perfattr.h"

/* Memcg accounting code, by name. Reclaim that a charge runs at a limit
 * (try_to_free_mem_cgroup_pages) is inside try_charge_memcg and so counts. */
const char *const perfattr_patterns[] = {
    "*memcg*",	    /* __memcg_slab_post_alloc_hook, __memcg_slab_free_hook, try_charge_memcg,
			 mod_memcg_state, mod_memcg_lruvec_state, memcg_list_lru_alloc,
			 __memcg_kmem_charge_page, memcg_rstat_updated, memcg1_*, ... */
    "*mem_cgroup*", /* __mem_cgroup_charge, mem_cgroup_from_slab_obj, get_mem_cgroup_from_mm */
    "*obj_cgroup*", /* obj_cgroup_charge*, obj_cgroup_uncharge*, current_obj_cgroup */
    "*objcg*",	    /* current_objcg_update, mod_objcg_state */
    "*obj_stock*",  /* consume_obj_stock, refill_obj_stock, drain_obj_stock, __account_obj_stock */
    "page_counter_*", /* page_counter_try_charge, page_counter_charge, page_counter_uncharge */
    "consume_stock",  "refill_stock", "drain_stock", "drain_all_stock", "drain_local_stock", NULL,
};

/* @sym without a compiler suffix (".isra.0", ".constprop.0", ".part.0", ".cold"). */
static void base_name(const char *sym, char *buf, size_t n)
{
	snprintf(buf, n, "%s", sym);
	buf[strcspn(buf, ".")] = '\0';
}

bool perfattr_is_memcg(const char *sym)
{
	char base[256];
	base_name(sym, base, sizeof(base));
	for (size_t i = 0; perfattr_patterns[i]; i++)
		if (fnmatch(perfattr_patterns[i], base, 0) == 0)
			return true;
	return false;
}

void perfattr_init(struct perfattr *a)
{
	memset(a, 0, sizeof(*a));
}

static void counts_free(struct perfattr_count *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i].sym);
	free(c);
}

void perfattr_free(struct perfattr *a)
{
	counts_free(a->leaf, a->nleaf);
	counts_free(a->entry, a->nentry);
	perfattr_init(a);
}

/* Adds one to @sym's count in the array; -1 on ENOMEM. */
static int bump(struct perfattr_count **arr, size_t *n, size_t *cap, const char *sym)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*arr)[i].sym, sym)) {
			(*arr)[i].n++;
			return 0;
		}
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct perfattr_count *m = realloc(*arr, nc * sizeof(*m));
		if (!m)
			return -1;
		*arr = m;
		*cap = nc;
	}
	char *s = strdup(sym);
	if (!s)
		return -1;
	(*arr)[(*n)++] = (struct perfattr_count){.sym = s, .n = 1};
	return 0;
}

/* The outermost kernel frame matching the patterns, or NULL. */
static const char *memcg_entry(const struct perf_sample *s)
{
	const char *entry = NULL;
	for (size_t i = 0; i < s->nframes; i++)
		if (perfscript_is_kernel(s->frames[i].ip) && perfattr_is_memcg(s->frames[i].sym))
			entry = s->frames[i].sym;
	return entry;
}

void perfattr_add(const struct perf_sample *s, void *arg)
{
	struct perfattr *a = arg;
	a->samples++;
	if (!perfscript_is_kernel(s->frames[0].ip))
		return;
	a->kernel++;
	if (bump(&a->leaf, &a->nleaf, &a->capleaf, s->frames[0].sym) < 0)
		a->oom = true;
	const char *entry = memcg_entry(s);
	if (!entry)
		return;
	a->memcg++;
	if (bump(&a->entry, &a->nentry, &a->capentry, entry) < 0)
		a->oom = true;
}

int perfattr_read(struct perfattr *a, FILE *f)
{
	return perfscript_parse(f, perfattr_add, a) < 0 || a->oom ? -1 : 0;
}

/* Most samples first, then by name (a stable, reproducible order). */
static int by_count(const void *x, const void *y)
{
	const struct perfattr_count *a = x, *b = y;
	if (a->n != b->n)
		return a->n < b->n ? 1 : -1;
	return strcmp(a->sym, b->sym);
}

/* [{symbol, share}] of the PERFATTR_TOP largest counts, shares of @total. */
static json_t *top_json(const struct perfattr_count *c, size_t n, size_t total)
{
	json_t *arr = json_array();
	struct perfattr_count *s = malloc((n ? n : 1) * sizeof(*s));
	if (!arr || !s) {
		free(s);
		json_decref(arr);
		return NULL;
	}
	if (n) {
		memcpy(s, c, n * sizeof(*s));
		qsort(s, n, sizeof(*s), by_count);
	}
	for (size_t i = 0; i < n && i < PERFATTR_TOP; i++)
		json_array_append_new(arr, json_pack("{s:s, s:f}", "symbol", s[i].sym, "share",
						     (double)s[i].n / (double)total));
	free(s);
	return arr;
}

json_t *perfattr_json(const struct perfattr *a)
{
	json_t *share = a->kernel ? json_real((double)a->memcg / (double)a->kernel) : json_null();
	return json_pack("{s:I, s:I, s:I, s:o, s:o, s:o}", "samples", (json_int_t)a->samples,
			 "kernel_samples", (json_int_t)a->kernel, "memcg_samples",
			 (json_int_t)a->memcg, "memcg_share", share, "top",
			 top_json(a->leaf, a->nleaf, a->kernel), "memcg_top",
			 top_json(a->entry, a->nentry, a->kernel));
}
