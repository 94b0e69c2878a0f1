/* fio_view.h - show's per-op latency table for fio-meta's trials.
 *
 * A workload whose ok trials carry fio-meta's extra keys (fio_<op>_mean_ns, _p50_ns,
 * _p99_ns, _iops, _ops for op in create, stat, delete) gets, per step and op, the median
 * over those trials of each trial's value:
 *   [{step, trials, ops: {create: {ops, iops, mean_ns, p50_ns, p99_ns}, stat, delete}}]
 * (null for a value no ok trial has: a step whose trials all failed).
 */
#ifndef KMB_FIO_VIEW_H
#define KMB_FIO_VIEW_H

#include <jansson.h>
#include <stdio.h>

#include "results.h"

/* The model above for @workload in @r, or NULL when none of its trials has fio keys. */
json_t *fio_view_model(const struct result_set *r, const char *workload);

/* The model as an aligned table (latencies in µs), under a title line. */
void fio_view_print(const json_t *model, FILE *f);

#endif
