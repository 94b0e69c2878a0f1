/* fio_json.c - fio's JSON output → struct fio_json_result (jansson). */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fio_json.h"

/* The first '{' that starts a line of @text, or NULL. */
static const char *json_start(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (text[i] == '{' && (i == 0 || text[i - 1] == '\n'))
			return text + i;
	return NULL;
}

static double num(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* The data direction of job @job that has timed operations (clat_ns.N > 0), or NULL. */
static const json_t *busy_direction(const json_t *job)
{
	static const char *const dirs[] = {"read", "write", "trim"};
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		const json_t *d = json_object_get(job, dirs[i]);
		if (num(json_object_get(d, "clat_ns"), "N") > 0)
			return d;
	}
	return NULL;
}

/* Fills the latency fields of @s from direction @d; -1 without the percentiles. */
static int parse_direction(const json_t *d, struct fio_job_stats *s, char *err, size_t errlen)
{
	const json_t *clat = json_object_get(d, "clat_ns");
	const json_t *pct = json_object_get(clat, "percentile");
	s->ops = (long long)num(clat, "N");
	s->iops = num(d, "iops");
	s->mean_ns = num(clat, "mean");
	s->max_ns = num(clat, "max");
	s->p50_ns = num(pct, "50.000000");
	s->p99_ns = num(pct, "99.000000");
	if (isnan(s->p50_ns) || isnan(s->p99_ns) || isnan(s->mean_ns)) {
		snprintf(err, errlen,
			 "fio job '%s': clat_ns lacks mean or the 50/99 percentiles "
			 "(accepted: fio's default percentile_list)",
			 s->name);
		return -1;
	}
	return 0;
}

/* Parses one jobs[] entry into @s. */
static int parse_job(const json_t *job, struct fio_job_stats *s, char *err, size_t errlen)
{
	const char *name = json_string_value(json_object_get(job, "jobname"));
	double runtime = num(job, "job_runtime");
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", name ? name : "?");
	double error = num(job, "error");
	s->error = isnan(error) ? 0 : (int)error;
	s->runtime_ms = isnan(runtime) ? 0 : (long long)runtime;
	s->user_s = num(job, "usr_cpu") * (double)s->runtime_ms / 1e5;
	s->sys_s = num(job, "sys_cpu") * (double)s->runtime_ms / 1e5;
	s->iops = s->mean_ns = s->p50_ns = s->p99_ns = s->max_ns = NAN;
	const json_t *d = busy_direction(job);
	return d ? parse_direction(d, s, err, errlen) : 0;
}

/* Parses the "jobs" array of @root into @r. */
static int parse_jobs(const json_t *root, struct fio_json_result *r, char *err, size_t errlen)
{
	const json_t *jobs = json_object_get(root, "jobs"), *job;
	size_t i;
	if (!json_is_array(jobs)) {
		snprintf(err, errlen, "fio output has no \"jobs\" array");
		return -1;
	}
	if (json_array_size(jobs) > FIO_JSON_MAX_JOBS) {
		snprintf(err, errlen, "fio output has %zu jobs (accepted: at most %d)",
			 json_array_size(jobs), FIO_JSON_MAX_JOBS);
		return -1;
	}
	json_array_foreach(jobs, i, job)
	{
		if (parse_job(job, &r->jobs[i], err, errlen) < 0)
			return -1;
	}
	r->njobs = json_array_size(jobs);
	return 0;
}

int fio_json_parse(const char *text, size_t len, struct fio_json_result *r, char *err,
		   size_t errlen)
{
	json_error_t je;
	memset(r, 0, sizeof(*r));
	const char *start = text ? json_start(text, len) : NULL;
	if (!start) {
		snprintf(err, errlen, "fio printed no JSON object");
		return -1;
	}
	json_t *root = json_loadb(start, len - (size_t)(start - text), JSON_DISABLE_EOF_CHECK, &je);
	if (!root) {
		snprintf(err, errlen, "fio output is not JSON: line %d: %s", je.line, je.text);
		return -1;
	}
	const char *v = json_string_value(json_object_get(root, "fio version"));
	snprintf(r->version, sizeof(r->version), "%s", v ? v : "unknown");
	int rc = parse_jobs(root, r, err, errlen);
	json_decref(root);
	return rc;
}

const struct fio_job_stats *fio_json_job(const struct fio_json_result *r, const char *name)
{
	for (size_t i = 0; i < r->njobs; i++)
		if (!strcmp(r->jobs[i].name, name))
			return &r->jobs[i];
	return NULL;
}
