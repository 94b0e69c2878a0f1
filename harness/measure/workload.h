/* workload.h - start the built-in workload programs: path, argv, phases, output. */
#ifndef KMB_WORKLOAD_H
#define KMB_WORKLOAD_H

#include <jansson.h>
#include <stddef.h>

#include "cgroup.h"
#include "conf.h"

/* Directory holding the workload programs: $KMB_WORKLOAD_DIR, else
 * <dir of this executable>/workloads. */
const char *workload_bindir(void);

/* Builds the argv of built-in workload @w for @phase ("prepare", "run",
 * "cleanup") in static storage reused per call. */
char *const *workload_argv(const struct wl_conf *w, const char *phase);

/* Runs a built-in workload's prepare or cleanup phase outside any trial. */
int workload_phase(const struct cg_env *env, const struct wl_conf *w, const char *phase, char *err,
		   size_t errlen);

/* Parses "key=value" lines (numbers become numbers) into a JSON object. */
json_t *workload_parse_output(const char *text);

#endif
