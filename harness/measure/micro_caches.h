/* micro_caches.h - `kmembench micro --caches`: each op under perf record of the kmem
 * tracepoints, in a fresh unlimited cgroup, N and 2N times (analysis/cacheop.h).
 *
 * Each run is the shim's plain mode (`kmembench-micro --count=N --ops=OP`: setup, N ops,
 * teardown, untimed) started by perf's wrapper, which joins the cgroup
 * r<pid>-micro-caches (made fresh for every run, removed after it) before it execs the
 * shim; perf itself stays outside (measure/cachesrec.h).
 */
#ifndef KMB_MICRO_CACHES_H
#define KMB_MICRO_CACHES_H

#include <jansson.h>
#include <stddef.h>

#include "cgroup.h"
#include "cachesrec.h"

struct micro_caches {
	const struct cg_env *env;
	const struct cachesrec *cr; /* its data: perf.data in the run's scratch tree */
	const char *shim, *disk, *tmpfs;
	long n; /* ops of the shorter run */
};

/* The caches[] entry of op @op (cacheop_json, arm "unlimited"), or its error entry when a
 * run failed; NULL on ENOMEM. *@interrupted is set when the harness was signalled. */
json_t *micro_caches_op(const struct micro_caches *mc, const char *op, bool *interrupted);

#endif
