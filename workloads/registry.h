/* registry.h - the built-in workloads: the list the harness and the standalone tools look up. */
#ifndef KMB_REGISTRY_H
#define KMB_REGISTRY_H

#include "wl.h"

/* All built-in workloads, NULL-terminated (registry.c). */
extern const struct workload *const wl_all[];

/* Looks a workload up by name; NULL if unknown. */
const struct workload *wl_find(const char *name);

#endif
