/* cachesum.h - `perf script -F event,tid,trace` lines of kmem tracepoints -> bytes per cache.
 *
 * One line per event: "TID EVENT: key=value ...". Counted when the allocation is
 * accounted to a memory cgroup (charged unless the task is in the root memcg):
 *   kmem:kmem_cache_alloc  accounted=true (SLAB_ACCOUNT cache or __GFP_ACCOUNT): kind
 *                          "slab", named by the cache (name=dentry);
 *   kmem:kmalloc           accounted=true (6.2+ print it from gfp_flags): kind "kmalloc",
 *                          named "kmalloc:SITE" (call_site without its +0x.. offset);
 *   kmem:mm_page_alloc     gfp_flags text containing ACCOUNT (GFP_KERNEL_ACCOUNT,
 *                          __GFP_ACCOUNT): kind "page", named "pages:order-N:GFP_FLAGS"
 *                          (page tables and pipe buffers differ in their flags).
 * A kmalloc too large for a slab cache (bytes_alloc > 8 KiB) gets its pages straight from
 * the page allocator: its mm_page_alloc line comes just before the kmalloc line of the same
 * task and is counted once, under the kmalloc. Through kvmalloc (6.18's __do_kmalloc_node)
 * such a kmalloc is traced twice, by __kmalloc_large_node_noprof (call site inside
 * __kvmalloc_node_noprof) and by its caller's site, with the same ptr: counted once, under
 * the second (the caller, e.g. alloc_fdtable). "TID PERF_RECORD_LOST lost N" lines
 * (perf script --show-lost-events) add N to the lost events. Without an accounted field
 * (kernels before 5.19) a slab or kmalloc line counts when its gfp_flags has ACCOUNT, which
 * misses SLAB_ACCOUNT caches (dentry, inodes, files): `no_accounted` says so.
 */
#ifndef KMB_CACHESUM_H
#define KMB_CACHESUM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Entries of a trial's caches[] kept by cachesum_json; the rest are one "other" row. */
#define CACHESUM_TOP 40

enum cache_kind { CACHE_SLAB, CACHE_KMALLOC, CACHE_PAGE };

struct cache_entry {
	char *name;
	enum cache_kind kind;
	long long objects, bytes;
};

struct cachesum {
	struct cache_entry *e; /* distinct (kind, name) */
	size_t n, cap;
	size_t *slot; /* open-addressing index into e (+1; 0 = empty), nslot a power of 2 */
	size_t nslot;
	long long events;      /* lines of the three tracepoints */
	long long unaccounted; /* of them, not accounted (filtered here) */
	long long lost;	       /* events perf lost */
	long long other;       /* lines that are none of the above */
	bool no_accounted;     /* a slab line had no accounted= field */
	bool oom;	       /* an allocation failed: counts are incomplete */
	/* The last page line counted, for the large kmalloc that follows it. */
	long last_tid;
	size_t last_page; /* index + 1 into e, 0 = none */
	long long last_bytes;
	/* The last large kmalloc counted, for its second trace line (same task and ptr). */
	long large_tid;
	size_t large; /* index + 1 into e, 0 = none */
	long long large_bytes;
	char large_ptr[32];
	long page_size;
};

void cachesum_init(struct cachesum *s);
void cachesum_free(struct cachesum *s);
/* Counts one line (without its newline). */
void cachesum_line(struct cachesum *s, const char *line);
/* Reads @f to its end; -1 on a read error or ENOMEM. */
int cachesum_read(struct cachesum *s, FILE *f);
/* Sum of objects and bytes over all entries. */
void cachesum_totals(const struct cachesum *s, long long *objects, long long *bytes);
/* "slab", "kmalloc", "page". */
const char *cachesum_kind_name(enum cache_kind k);
/* The entry (kind, name) or NULL. */
const struct cache_entry *cachesum_find(const struct cachesum *s, enum cache_kind kind,
					const char *name);
/* Indices of s->e sorted by bytes, then objects, descending, then name; malloc'ed. */
size_t *cachesum_order(const struct cachesum *s);
/* {source, samples, lost_events, unaccounted, total_objects, total_bytes,
 *  caches: [{name, kind, objects, bytes}] (bytes descending, at most @top, then one
 *  {name: "other", kind: "other", entries, objects, bytes}), error: null or why}.
 * NULL on ENOMEM. */
json_t *cachesum_json(const struct cachesum *s, size_t top);

#endif
