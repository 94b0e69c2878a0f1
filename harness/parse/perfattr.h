/* perfattr.h - attribution of a trial's kernel samples to memcg accounting code.
 *
 * The one list of symbol patterns (perfattr_patterns) decides what "memcg
 * accounting code" is: charge and uncharge, the per-cpu (obj) stocks, page
 * counters, slab hooks, memcg-aware list_lru and the memcg stat updates. A
 * kernel sample (leaf frame at a kernel address) is a memcg sample when any
 * kernel frame of its call chain matches. Summary (the trial's `perf` object):
 *   {samples, kernel_samples, memcg_samples, memcg_share (memcg/kernel, null
 *    without kernel samples), top: [{symbol, share}] (kernel leaf symbols, share
 *    of kernel samples), memcg_top: [{symbol, share}] (the outermost memcg frame
 *    of each memcg sample: where the time entered memcg code)}
 */
#ifndef KMB_PERFATTR_H
#define KMB_PERFATTR_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "perfscript.h"

/* Entries of top and memcg_top. */
#define PERFATTR_TOP 10

/* fnmatch(3) patterns over symbol names without ".isra.0"-style suffixes; NULL-terminated. */
extern const char *const perfattr_patterns[];

/* True when kernel symbol @sym is memcg accounting code. */
bool perfattr_is_memcg(const char *sym);

/* A symbol and how many samples it stands for. */
struct perfattr_count {
	char *sym;
	size_t n;
};

/* Counts of one trial's samples. */
struct perfattr {
	size_t samples, kernel, memcg;
	struct perfattr_count *leaf, *entry; /* kernel leaf symbols; outermost memcg frames */
	size_t nleaf, nentry, capleaf, capentry;
	bool oom; /* an allocation failed: counts are incomplete */
};

void perfattr_init(struct perfattr *a);
void perfattr_free(struct perfattr *a);
/* Counts one sample (a perfscript_fn with @arg the struct perfattr). */
void perfattr_add(const struct perf_sample *s, void *arg);
/* Parses `perf script` text from @f into @a; -1 on a read error or ENOMEM. */
int perfattr_read(struct perfattr *a, FILE *f);
/* The summary object described above; NULL on ENOMEM. */
json_t *perfattr_json(const struct perfattr *a);

#endif
