/* loadwatch.h - was the box quiet? CPU used by others and steal time around a run.
 *
 * A run's timings are worthless when something else used the CPUs: before and
 * after the run the harness reads /proc/loadavg, /proc/stat (busy, steal) and
 * its own rusage, and records in env.load how many cores others kept busy.
 */
#ifndef KMB_LOADWATCH_H
#define KMB_LOADWATCH_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/* Others using more than this many cores on average, or more than this share of
 * steal, make a run "busy" (show and compare warn). */
#define LOADWATCH_OTHER_CORES_MAX 0.25
#define LOADWATCH_STEAL_PCT_MAX 2.0

struct loadwatch {
	double t0;
	unsigned long long busy0, total0, steal0; /* /proc/stat jiffies, all CPUs */
	double own0;				  /* our own and our children's CPU seconds */
	double loadavg0[3];
};

/* Takes the "before" sample. */
void loadwatch_begin(struct loadwatch *w);
/* Takes the "after" sample and returns env.load: {loadavg_before, loadavg_after,
 * wall_s, ncpus, busy_cores, own_cores, other_cores, steal_pct, busy}. */
json_t *loadwatch_end(const struct loadwatch *w);
/* loadwatch_end into env.load of @env, with a warning on @log when the box was busy. */
void loadwatch_record(const struct loadwatch *w, json_t *env, FILE *log);
/* Parses the aggregate "cpu" line of /proc/stat text; 0, or -1 when absent. */
int loadwatch_parse_stat(const char *text, unsigned long long *busy, unsigned long long *total,
			 unsigned long long *steal);
/* True when env.load (as written by loadwatch_end) says others disturbed the run. */
bool loadwatch_was_busy(const json_t *load);

#endif
