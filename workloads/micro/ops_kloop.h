/* ops_kloop.h - micro ops "k:KIND-SIZE[-batch][-plain]": the in-kernel loop module's timed loops. */
#ifndef KMB_OPS_KLOOP_H
#define KMB_OPS_KLOOP_H

#include <stdbool.h>

#include "micro_ops.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The module's file (workloads/kloop/kmb_kloop.c) and its module name. */
#define KLOOP_PROC   "/proc/kmb_kloop"
#define KLOOP_MODULE "kmb_kloop"
/* Objects one write asks for at most (the module's KLOOP_MAX_N). */
#define KLOOP_MAX_N 10000000L

/* One op: kmalloc(size) or a kmem_cache of that object size; accounted (__GFP_ACCOUNT,
 * SLAB_ACCOUNT) unless "-plain"; alloc+free pairs, or with "-batch" N allocs then N frees. */
struct kloop_spec {
	bool cache, acct, batch;
	unsigned size; /* 8, 16, ..., 4096 */
};

/* What one loop reported: "ns=NS cycles=CYCLES n=N". */
struct kloop_result {
	unsigned long long ns, cycles;
	long n;
};

/* True when @name starts with "k:" (an in-kernel loop op, valid or not). */
bool kloop_is_op(const char *name);

/* Parses "k:kmalloc-64", "k:cache-512-batch-plain", ...: 0, or -1 when it is none. */
int kloop_name_parse(const char *name, struct kloop_spec *s);

/* Parses the module's answer: 0, or -1 when @text is not "ns=.. cycles=.. n=..". */
int kloop_result_parse(const char *text, struct kloop_result *r);

/* The command line the module takes for @n objects of @s ("kmalloc 64 1 pair 1000"). */
int kloop_command(const struct kloop_spec *s, long n, char *buf, size_t len);

/* The op called @name (made on first use, kept for the process's life), or NULL. */
const struct micro_op *kloop_op_find(const char *name);

/* True when any of the comma-separated op @list is a "k:" op. */
bool kloop_in_list(const char *list);

#ifdef __cplusplus
}
#endif

#endif
