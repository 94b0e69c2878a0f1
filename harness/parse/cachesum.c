/* cachesum.c - count accounted kmem tracepoint events per cache (cachesum.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cachesum.h"

/* Largest kmalloc served by a slab cache (SLUB's KMALLOC_MAX_CACHE_SIZE, 4K pages). */
#define KMALLOC_SLAB_MAX 8192

static const char *const kind_names[] = {"slab", "kmalloc", "page"};

const char *cachesum_kind_name(enum cache_kind k)
{
	return kind_names[k];
}

void cachesum_init(struct cachesum *s)
{
	memset(s, 0, sizeof(*s));
	long ps = sysconf(_SC_PAGESIZE);
	s->page_size = ps > 0 ? ps : 4096;
}

void cachesum_free(struct cachesum *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->e[i].name);
	free(s->e);
	free(s->slot);
	memset(s, 0, sizeof(*s));
}

static uint64_t hash(enum cache_kind kind, const char *name)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)kind;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return h;
}

/* The slot of (kind, name): where it is, or the empty slot where it belongs. */
static size_t probe(const struct cachesum *s, enum cache_kind kind, const char *name)
{
	size_t i = (size_t)hash(kind, name) & (s->nslot - 1);
	while (s->slot[i]) {
		const struct cache_entry *e = &s->e[s->slot[i] - 1];
		if (e->kind == kind && !strcmp(e->name, name))
			break;
		i = (i + 1) & (s->nslot - 1);
	}
	return i;
}

/* Doubles the index (kept at most half full). */
static int grow_index(struct cachesum *s)
{
	size_t n = s->nslot ? s->nslot * 2 : 256;
	size_t *old = s->slot, oldn = s->nslot;
	s->slot = calloc(n, sizeof(*s->slot));
	if (!s->slot) {
		s->slot = old;
		return -1;
	}
	s->nslot = n;
	for (size_t i = 0; i < oldn; i++)
		if (old[i])
			s->slot[probe(s, s->e[old[i] - 1].kind, s->e[old[i] - 1].name)] = old[i];
	free(old);
	return 0;
}

/* Index + 1 of entry (kind, name), made when new; 0 on ENOMEM. */
static size_t entry(struct cachesum *s, enum cache_kind kind, const char *name)
{
	if ((s->n + 1) * 2 > s->nslot && grow_index(s) < 0)
		return 0;
	size_t i = probe(s, kind, name);
	if (s->slot[i])
		return s->slot[i];
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 64;
		struct cache_entry *m = realloc(s->e, nc * sizeof(*m));
		if (!m)
			return 0;
		s->e = m;
		s->cap = nc;
	}
	char *copy = strdup(name);
	if (!copy)
		return 0;
	s->e[s->n] = (struct cache_entry){.name = copy, .kind = kind};
	s->slot[i] = ++s->n;
	return s->n;
}

const struct cache_entry *cachesum_find(const struct cachesum *s, enum cache_kind kind,
					const char *name)
{
	if (!s->nslot)
		return NULL;
	size_t i = probe(s, kind, name);
	return s->slot[i] ? &s->e[s->slot[i] - 1] : NULL;
}

/* Copies the value of " KEY=" in @trace (up to the next blank) into @out; false if absent. */
static bool field(const char *trace, const char *key, char *out, size_t n)
{
	size_t kl = strlen(key);
	for (const char *p = trace; (p = strstr(p, key)); p += kl) {
		if ((p != trace && p[-1] != ' ') || p[kl] != '=')
			continue;
		const char *v = p + kl + 1;
		size_t len = strcspn(v, " \t\n");
		if (len >= n)
			len = n - 1;
		memcpy(out, v, len);
		out[len] = '\0';
		return true;
	}
	return false;
}

/* Adds one allocation to (kind, name); its index + 1, or 0 on ENOMEM. */
static size_t add(struct cachesum *s, enum cache_kind kind, const char *name, long long bytes)
{
	size_t i = entry(s, kind, name);
	if (!i) {
		s->oom = true;
		return 0;
	}
	s->e[i - 1].objects++;
	s->e[i - 1].bytes += bytes;
	return i;
}

/* Whether a slab or kmalloc line is accounted (see cachesum.h for old kernels). */
static bool accounted(struct cachesum *s, const char *trace, bool slab)
{
	char v[256];
	if (field(trace, "accounted", v, sizeof(v)))
		return !strcmp(v, "true") || !strcmp(v, "1");
	if (slab)
		s->no_accounted = true;
	return field(trace, "gfp_flags", v, sizeof(v)) && strstr(v, "ACCOUNT");
}

/* A page that a large kmalloc of @bytes by @tid took: moved from the page row. */
static bool undo_large_page(struct cachesum *s, long tid, long long bytes)
{
	if (bytes <= KMALLOC_SLAB_MAX || !s->last_page || s->last_tid != tid ||
	    s->last_bytes != bytes)
		return false;
	struct cache_entry *e = &s->e[s->last_page - 1];
	e->objects--;
	e->bytes -= bytes;
	s->last_page = 0;
	return true;
}

/* A large kmalloc traced a second time (cachesum.h): the first count is moved here. */
static void undo_large_twin(struct cachesum *s, long tid, long long bytes, const char *ptr)
{
	if (bytes <= KMALLOC_SLAB_MAX || !s->large || s->large_tid != tid ||
	    s->large_bytes != bytes || strcmp(s->large_ptr, ptr))
		return;
	struct cache_entry *e = &s->e[s->large - 1];
	e->objects--;
	e->bytes -= bytes;
	s->large = 0;
}

/* The allocating function of a trace line: call_site without its offset, or "?". */
static void call_site(const char *trace, char *site, size_t n)
{
	snprintf(site, n, "?");
	field(trace, "call_site", site, n);
	site[strcspn(site, "+")] = '\0';
}

/* A kmalloc line: its site, the page or first trace it repeats, and the count. */
static void kmalloc_line(struct cachesum *s, long tid, const char *trace, long long b)
{
	char name[300], site[256], ptr[32] = "";
	call_site(trace, site, sizeof(site));
	field(trace, "ptr", ptr, sizeof(ptr));
	snprintf(name, sizeof(name), "kmalloc:%s", site);
	undo_large_page(s, tid, b);
	undo_large_twin(s, tid, b, ptr);
	size_t i = add(s, CACHE_KMALLOC, name, b);
	s->large = b > KMALLOC_SLAB_MAX ? i : 0;
	s->large_tid = tid;
	s->large_bytes = b;
	snprintf(s->large_ptr, sizeof(s->large_ptr), "%s", ptr);
}

static void slab_line(struct cachesum *s, long tid, const char *trace, bool kmalloc)
{
	char name[256], bytes[32] = "0";
	if (!accounted(s, trace, !kmalloc)) {
		s->unaccounted++;
		return;
	}
	field(trace, "bytes_alloc", bytes, sizeof(bytes));
	long long b = atoll(bytes);
	if (!kmalloc) {
		if (!field(trace, "name", name,
			   sizeof(name))) { /* 6.1, 6.12: by caller, "@d_alloc" */
			char site[240];
			call_site(trace, site, sizeof(site));
			snprintf(name, sizeof(name), "@%s", site);
		}
		add(s, CACHE_SLAB, name, b);
		if (tid == s->large_tid)
			s->large = 0;
		return;
	}
	kmalloc_line(s, tid, trace, b);
}

/* Counts a slab or kmalloc line; the task's last page is then no large kmalloc's. */
static void alloc_line(struct cachesum *s, long tid, const char *trace, bool kmalloc)
{
	slab_line(s, tid, trace, kmalloc);
	if (tid == s->last_tid)
		s->last_page = 0;
}

static void page_line(struct cachesum *s, long tid, const char *trace)
{
	char gfp[200] = "", order[16] = "0", name[256];
	field(trace, "gfp_flags", gfp, sizeof(gfp));
	if (!strstr(gfp, "ACCOUNT")) {
		s->unaccounted++;
		return;
	}
	field(trace, "order", order, sizeof(order));
	int o = atoi(order);
	snprintf(name, sizeof(name), "pages:order-%d:%s", o, gfp);
	long long b = (long long)s->page_size << (o >= 0 && o < 20 ? o : 0);
	s->last_page = add(s, CACHE_PAGE, name, b);
	s->last_tid = tid;
	s->last_bytes = b;
}

void cachesum_line(struct cachesum *s, const char *line)
{
	char *end;
	long tid = strtol(line, &end, 10);
	const char *ev = end + strspn(end, " \t");
	if (end == line || !*ev) {
		s->other += *line != '\0';
		return;
	}
	if (!strncmp(ev, "PERF_RECORD_LOST lost ", 22)) {
		s->lost += atoll(ev + 22);
		return;
	}
	const char *trace = ev + strcspn(ev, " ");
	trace += strspn(trace, " ");
	if (!strncmp(ev, "kmem:kmem_cache_alloc: ", 23))
		alloc_line(s, tid, trace, false);
	else if (!strncmp(ev, "kmem:kmalloc: ", 14))
		alloc_line(s, tid, trace, true);
	else if (!strncmp(ev, "kmem:mm_page_alloc: ", 20))
		page_line(s, tid, trace);
	else {
		s->other++;
		return;
	}
	s->events++;
}

int cachesum_read(struct cachesum *s, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, f)) >= 0) {
		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = '\0';
		cachesum_line(s, line);
	}
	free(line);
	return ferror(f) || s->oom ? -1 : 0;
}

void cachesum_totals(const struct cachesum *s, long long *objects, long long *bytes)
{
	*objects = *bytes = 0;
	for (size_t i = 0; i < s->n; i++) {
		*objects += s->e[i].objects;
		*bytes += s->e[i].bytes;
	}
}

static int by_bytes(const void *a, const void *b, void *base)
{
	const struct cache_entry *x = &((const struct cache_entry *)base)[*(const size_t *)a];
	const struct cache_entry *y = &((const struct cache_entry *)base)[*(const size_t *)b];
	if (x->bytes != y->bytes)
		return x->bytes < y->bytes ? 1 : -1;
	if (x->objects != y->objects)
		return x->objects < y->objects ? 1 : -1;
	return strcmp(x->name, y->name);
}

size_t *cachesum_order(const struct cachesum *s)
{
	size_t *idx = malloc((s->n ? s->n : 1) * sizeof(*idx));
	if (!idx)
		return NULL;
	for (size_t i = 0; i < s->n; i++)
		idx[i] = i;
	qsort_r(idx, s->n, sizeof(*idx), by_bytes, s->e);
	return idx;
}

/* caches[]: the first @top entries of @idx, then one "other" row for the rest. */
static json_t *entries_json(const struct cachesum *s, const size_t *idx, size_t top)
{
	json_t *arr = json_array();
	long long oo = 0, ob = 0;
	size_t nshown = 0, nother = 0;
	for (size_t k = 0; k < s->n; k++) {
		const struct cache_entry *e = &s->e[idx[k]];
		if (!e->objects && !e->bytes)
			continue; /* a page row emptied by large kmallocs */
		if (nshown++ < top) {
			json_array_append_new(
			    arr, json_pack("{s:s, s:s, s:I, s:I}", "name", e->name, "kind",
					   cachesum_kind_name(e->kind), "objects",
					   (json_int_t)e->objects, "bytes", (json_int_t)e->bytes));
			continue;
		}
		nother++;
		oo += e->objects;
		ob += e->bytes;
	}
	if (nother)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:I, s:I}", "name", "other",
						     "kind", "other", "entries", (json_int_t)nother,
						     "objects", (json_int_t)oo, "bytes",
						     (json_int_t)ob));
	return arr;
}

json_t *cachesum_json(const struct cachesum *s, size_t top)
{
	long long objects, bytes;
	size_t *idx = cachesum_order(s);
	if (!idx)
		return NULL;
	cachesum_totals(s, &objects, &bytes);
	json_t *err = json_null();
	if (s->oom)
		err = json_string("out of memory while counting: incomplete");
	else if (s->no_accounted)
		err = json_string("kmem:kmem_cache_alloc has no accounted field (kernels before "
				  "5.19): only __GFP_ACCOUNT allocations counted, SLAB_ACCOUNT "
				  "caches (dentry, inodes, files) missing");
	json_t *j = json_pack(
	    "{s:s, s:I, s:I, s:I, s:I, s:I, s:o, s:o}", "source", "perf kmem tracepoints",
	    "samples", (json_int_t)s->events, "lost_events", (json_int_t)s->lost, "unaccounted",
	    (json_int_t)s->unaccounted, "total_objects", (json_int_t)objects, "total_bytes",
	    (json_int_t)bytes, "caches", entries_json(s, idx, top), "error", err);
	free(idx);
	return j;
}
