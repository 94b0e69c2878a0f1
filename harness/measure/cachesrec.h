/* cachesrec.h - breakdown trials: the workload under `perf record` of the kmem tracepoints,
 * what it allocated that a memory cgroup is charged for, summed per cache.
 *
 * Since 5.9 slab caches are no longer per memcg and memory.kmem.slabinfo reads empty; the
 * tracepoints still say which cache every allocation came from and whether it is accounted.
 * perf runs outside the trial's cgroup exactly as for `--perf` (perfrec.h: only the command
 * joins the cgroup). Events and filters:
 *   kmem:kmem_cache_alloc  kernel filter "accounted == 1"
 *   kmem:kmalloc           "accounted == 1" where the tracepoint has the field (<= 6.1),
 *                          else "gfp_flags & <__GFP_ACCOUNT>" (value from its format file)
 *   kmem:mm_page_alloc     "gfp_flags & <__GFP_ACCOUNT>"
 * and the same test again in user space (analysis/cachesum.h), so a kernel filter that
 * could not be set up only costs volume. `accounted` says the allocation is accountable;
 * at the root step nothing is charged, yet the same objects are listed.
 */
#ifndef KMB_CACHESREC_H
#define KMB_CACHESREC_H

#include <jansson.h>
#include <limits.h>
#include <stddef.h>

#include "cachesum.h"
#include "tracefs.h"

#define CACHESREC_NEVENTS 3

struct cachesrec {
	char binary[PATH_MAX]; /* perf, or $KMEMBENCH_PERF */
	char data[PATH_MAX];   /* perf.data in the run's scratch directory, deleted after use */
	char version[64];
	char filter[CACHESREC_NEVENTS][64]; /* kernel filter per event, "" = none */
	bool accounted_field;		    /* kmem_cache_alloc has `accounted` */
	struct tracefs_use tracefs;	    /* tracefs mounted for the run, if it was not */
};

/* The events, in the order of filter[]. */
extern const char *const cachesrec_events[CACHESREC_NEVENTS];

/* Fills cr->binary; data is left empty. */
void cachesrec_init(struct cachesrec *cr);

/* Whether the tracepoints exist (tracefs format files: fills the filters) and
 * `perf record` of them with those filters works here (a probe on `true`, to /dev/null).
 * Mounts tracefs when it is not mounted (tracefs.h): call cachesrec_release() after.
 * 0; -2 refused like bad usage (no perf, perf cannot record them: exit 2) or -1 a fault
 * (tracefs cannot be mounted: exit 1), each with one line in @err. Needs root. */
int cachesrec_check(struct cachesrec *cr, char *err, size_t errlen);

/* Unmounts what cachesrec_check mounted (unless another run still uses it). */
void cachesrec_release(struct cachesrec *cr);

/* perf record -e EVENT --filter F ... -- sh -c WRAPPER @cgpath @argv... (perfrec.h). */
char **cachesrec_argv(const struct cachesrec *cr, const char *cgpath, char *const *argv);

/* Streams `perf script -F event,tid,trace --show-lost-events` of cr->data into @s and
 * deletes cr->data. 0, or -1 with one line in @err. */
int cachesrec_read(const struct cachesrec *cr, struct cachesum *s, char *err, size_t errlen);

/* A breakdown trial's `caches` object (cachesum_json plus `events`), or
 * {source, events, caches: [], error} when perf script failed. Deletes cr->data. */
json_t *cachesrec_summarise(const struct cachesrec *cr);

/* env.caches: program, version, events, kernel filters, the user-space test, reps, and
 * `mounted`: what the run mounted for it (tracefs_env_json). */
json_t *cachesrec_env_json(const struct cachesrec *cr, int reps);

#endif
