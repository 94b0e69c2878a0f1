/* cacheop.h - per-operation cache breakdown of a micro op from two counted runs.
 *
 * `kmembench micro --caches` runs each op N times and 2N times, each run a fresh process in
 * a fresh cgroup under perf record of the kmem tracepoints (measure/cachesrec.h). Both runs
 * share the process start, the op's setup and teardown and whatever the first ops allocate
 * once, so the difference of their counts is N steady-state ops:
 *   per op = (count of the 2N run - count of the N run) / N
 * per cache (kind and name as in cachesum.h). Noise: an allocation made in one run only
 * (a page table, an fd table growing) moves a cache by 1/N per op.
 */
#ifndef KMB_CACHEOP_H
#define KMB_CACHEOP_H

#include <jansson.h>
#include <stddef.h>

#include "cachesum.h"

/* Entries of an op's caches[] kept; the rest are one "other" row. */
#define CACHEOP_TOP 20
/* Entries below this many objects per op (in either direction) are noise of the two runs
 * (one page table more in one of them is 0.0005 per op at N = 2000): folded into "other". */
#define CACHEOP_MIN_PER_OP 0.01

/* {op, arm, ops (N), objects_per_op, bytes_per_op, lost_events, caches: [{name, kind,
 *  objects_per_op, bytes_per_op}] (bytes per op descending, entries whose count did not
 *  change left out, at most @top of at least CACHEOP_MIN_PER_OP objects per op, then
 *  "other" with the rest), error: null or why}. NULL on ENOMEM. */
json_t *cacheop_json(const char *op, const char *arm, long n, const struct cachesum *once,
		     const struct cachesum *twice, size_t top);

/* The error entry of an op whose runs failed: {op, arm, ops, caches: [], error}. */
json_t *cacheop_error_json(const char *op, const char *arm, long n, const char *why);

#endif
