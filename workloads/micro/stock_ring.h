/* stock_ring.h - the stock sweep's token ring: M tasks on one CPU, one accounted op per turn. */
#ifndef KMB_STOCK_RING_H
#define KMB_STOCK_RING_H

#include <stddef.h>

#define STOCK_RING_MAX 64 /* tasks in one ring */

/* One block: @m tasks are forked, each pinned to CPU @cpu and moved into the cgroup
 * directory @cg[i] (its pid written to cg[i]/cgroup.procs; "" = stay in ours). Task i
 * waits for the token on its pipe, makes one eventfd and closes it (eventfd_ctx and a
 * file, both charged), and passes the token to task (i + 1) % m: the tasks take turns on
 * the CPU, so with one memcg per task every turn charges a different memcg than the last.
 * @warm laps of the ring run untimed, then @laps timed ones. */
struct stock_ring {
	int m;
	const char *const *cg;
	int cpu;
	long warm, laps;
	double timeout_s; /* per wait for the token's return */
};

/* Runs one block; ns per op (per turn) of the timed laps in *@ns. Every task is gone when
 * it returns. 0, or -1 with one line in @err. */
int stock_ring_block(const struct stock_ring *r, double *ns, char *err, size_t errlen);

/* The CPU the ring runs on by default: the highest CPU this process may run on, or -1. */
int stock_ring_default_cpu(void);

#endif
