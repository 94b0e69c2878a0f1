/* fio_json.h - fio's --output-format=json output → per-job latency and counts (fio-meta).
 *
 * fio writes one object with a "jobs" array; with group_reporting each stonewalled
 * phase is one entry, its numbers summed over the phase's clones. The file
 * engines (filecreate, filestat, filedelete) time each file operation as one
 * completion latency sample (clat_ns) of the job's data direction (read for
 * rw=read, write for rw=write), so per phase: N = operations, mean, and the
 * percentiles of fio's latency histogram (exact to ~1.6%: fio's bins).
 */
#ifndef KMB_FIO_JSON_H
#define KMB_FIO_JSON_H

#include <stddef.h>

#define FIO_JSON_MAX_JOBS 8

/* One jobs[] entry. Latencies in ns; times in s. */
struct fio_job_stats {
	char name[32];	      /* jobname ("create", "stat", "delete") */
	int error;	      /* fio's error code for the job (0: none) */
	long long ops;	      /* clat_ns.N: timed operations */
	double iops;	      /* fio's iops of that data direction */
	double mean_ns;	      /* clat_ns.mean */
	double p50_ns;	      /* clat_ns.percentile["50.000000"] */
	double p99_ns;	      /* clat_ns.percentile["99.000000"] */
	double max_ns;	      /* clat_ns.max */
	long long runtime_ms; /* job_runtime (summed over clones) */
	double user_s, sys_s; /* usr_cpu/sys_cpu (% of job_runtime) as seconds: the job threads' */
};

struct fio_json_result {
	char version[32]; /* "fio-3.33" */
	struct fio_job_stats jobs[FIO_JSON_MAX_JOBS];
	size_t njobs;
};

/* Parses fio's output @text (@len bytes; anything before the first line that starts
 * with '{' is skipped: fio prints notes such as "stat : Saving output of prerun in
 * stat.prerun.txt" there, and anything after the object is ignored). A job none of
 * whose directions has operations gets ops 0 and no latencies (NAN). Returns 0, or
 * -1 with one line in @err (no JSON, no "jobs", too many jobs, a job with operations
 * but without the 50th or 99th percentile). */
int fio_json_parse(const char *text, size_t len, struct fio_json_result *r, char *err,
		   size_t errlen);

/* The job named @name, or NULL. */
const struct fio_job_stats *fio_json_job(const struct fio_json_result *r, const char *name);

#endif
