/* caches_view.h - `show --caches`: what a workload or a micro op charged, per cache.
 *
 * A set of trials: per (workload, step) the breakdown trials (`run --caches`, kept with
 * the attribution trials in r->attr), pooled as the mean per trial of each cache:
 *   {trials, total_objects, total_bytes, lost_events, error (the first trial's that has
 *    one), caches: [{name, kind, objects, bytes, pct (of total_bytes)}] bytes descending}
 * A micro set: its caches[] as recorded (analysis/cacheop.h), per op.
 */
#ifndef KMB_CACHES_VIEW_H
#define KMB_CACHES_VIEW_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "results.h"

/* Rows printed per step (show) or op. */
#define CACHES_VIEW_TOP 10

/* True when @r has a breakdown trial (a set of trials) or caches[] (a micro set). */
bool caches_view_any(const struct result_set *r);
/* The pooled breakdown of a cell (above), or JSON null when it has no breakdown trial. */
json_t *caches_view_cell(const struct result_set *r, const char *workload, const char *step);
/* The top @top caches of every cell with a breakdown, as text. */
void caches_view_print(const struct result_set *r, FILE *f, size_t top);
/* The top @top caches of every op of micro set @r, per op, as text. */
void caches_view_micro_print(const struct result_set *r, FILE *f, size_t top);

#endif
