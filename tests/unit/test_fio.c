/* test_fio.c - fio-meta's parts: fio's JSON parsed from output captured on the test box
 * (tests/fixtures/fio/), the cold-stat drop's command and log, and running a program
 * named fio (a stand-in script here) with its environment, directory and output. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "fio_drop.h"
#include "fio_exec.h"
#include "fio_json.h"

#define FIXTURE "tests/fixtures/fio/meta-3.33.json"

/* Fails unless |@a - @b| <= @eps, in double precision (cmocka 1.1.5 compares floats). */
#define assert_near(a, b, eps)                                                                     \
	do {                                                                                       \
		double a_ = (a), b_ = (b);                                                         \
		if (!(fabs(a_ - b_) <= (eps)))                                                     \
			fail_msg("%s = %.9g, want %.9g", #a, a_, b_);                              \
	} while (0)

static char tmp[] = "/tmp/kmb-test-fio-XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[PATH_MAX];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

/* Reads the fixture (from $KMEMBENCH_SRC, the source tree above the executable, or the
 * cwd) into a malloc'ed buffer; its length in *@len. */
static char *read_fixture(size_t *len)
{
	char exe[PATH_MAX], path[PATH_MAX + 64];
	const char *src = getenv("KMEMBENCH_SRC");
	FILE *f = NULL;
	if (src && *src) {
		snprintf(path, sizeof(path), "%s/" FIXTURE, src);
		f = fopen(path, "r");
	}
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	for (char *s = strrchr(exe, '/'); !f && s; s = strrchr(exe, '/')) {
		*s = '\0';
		snprintf(path, sizeof(path), "%s/" FIXTURE, exe);
		f = fopen(path, "r");
	}
	if (!f)
		f = fopen(FIXTURE, "r");
	assert_non_null(f);
	char *buf = calloc(1, 1 << 20);
	assert_non_null(buf);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	return buf;
}

/* The captured run (fio-meta, files=2000, jobs=1, cold_stat=1 on a loop ext4). */
static void test_parse_captured(void **state)
{
	(void)state;
	size_t len;
	char *text = read_fixture(&len), err[256] = "";
	struct fio_json_result r;
	assert_int_equal(fio_json_parse(text, len, &r, err, sizeof(err)), 0);
	assert_string_equal(r.version, "fio-3.33");
	assert_int_equal(r.njobs, 3);
	const struct fio_job_stats *c = fio_json_job(&r, "create");
	const struct fio_job_stats *s = fio_json_job(&r, "stat");
	const struct fio_job_stats *d = fio_json_job(&r, "delete");
	assert_non_null(c);
	assert_non_null(s);
	assert_non_null(d);
	assert_null(fio_json_job(&r, "nope"));
	assert_int_equal(c->ops, 2000);
	assert_int_equal(c->error, 0);
	assert_near(c->mean_ns, 29180.913, 1e-6);
	assert_near(c->p50_ns, 16320, 0);
	assert_near(c->p99_ns, 62720, 0);
	assert_near(c->max_ns, 4071913, 0);
	assert_near(c->iops, 31746.031746, 1e-6);
	assert_int_equal(c->runtime_ms, 62);
	assert_near(c->sys_s, 0.034, 1e-9); /* 54.83871% of 62 ms */
	assert_near(c->user_s, 0.003, 1e-9);
	assert_int_equal(s->ops, 2000); /* rw=read: the read direction */
	assert_near(s->mean_ns, 19125.154, 1e-6);
	assert_near(s->p50_ns, 8768, 0);
	assert_near(s->p99_ns, 12736, 0);
	assert_near(s->iops, 44444.444444, 1e-6);
	assert_int_equal(s->runtime_ms, 44);
	assert_int_equal(d->ops, 2000);
	assert_near(d->mean_ns, 23682.576, 1e-6);
	assert_near(d->p50_ns, 12992, 0);
	assert_near(d->p99_ns, 39680, 0);
	assert_near(d->max_ns, 4377609, 0);
	assert_int_equal(d->runtime_ms, 50);
	assert_near(d->sys_s, 0.027, 1e-9);
	free(text);
}

/* Parses @text; returns fio_json_parse's result, the message in @err. */
static int parse(const char *text, struct fio_json_result *r, char *err, size_t len)
{
	err[0] = '\0';
	return fio_json_parse(text, strlen(text), r, err, len);
}

#define JOB(name, extra)                                                                           \
	"{\"jobname\": \"" name "\", \"error\": 0, \"job_runtime\": 10, \"usr_cpu\": 0, "          \
	"\"sys_cpu\": 50" extra "}"
#define PCT "\"percentile\": {\"50.000000\": 5, \"99.000000\": 9}"
#define READ_OPS(pct)                                                                              \
	", \"read\": {\"iops\": 3, \"clat_ns\": {\"N\": 2, \"mean\": 6, \"max\": 9" pct "}}"

/* Notes before the object and text after it are skipped; a job without operations
 * parses with 0 ops and no latencies. */
static void test_parse_shapes(void **state)
{
	(void)state;
	struct fio_json_result r;
	char err[256];
	const char *text = "note one\nnote two {\n{\"fio version\": \"fio-9\", \"jobs\": [" JOB(
	    "a", READ_OPS(", " PCT)) ", " JOB("idle", "") "]}\ntrailing words\n";
	assert_int_equal(parse(text, &r, err, sizeof(err)), 0);
	assert_string_equal(r.version, "fio-9");
	assert_int_equal(r.njobs, 2);
	assert_int_equal(r.jobs[0].ops, 2);
	assert_near(r.jobs[0].p99_ns, 9, 0);
	assert_near(r.jobs[0].sys_s, 0.005, 1e-12);
	assert_int_equal(r.jobs[1].ops, 0);
	assert_true(isnan(r.jobs[1].mean_ns));
	assert_int_equal(parse("{\"jobs\": []}", &r, err, sizeof(err)), 0);
	assert_string_equal(r.version, "unknown");
	assert_int_equal(r.njobs, 0);
}

/* Each malformed output fails with one line naming the problem. */
static void test_parse_errors(void **state)
{
	(void)state;
	static const struct {
		const char *text, *needle;
	} cases[] = {
	    {"", "no JSON"},
	    {"fio: engine filecreate not loadable\n", "no JSON"},
	    {"x {\"jobs\": []}", "no JSON"},
	    {"{\"jobs\": [", "not JSON"},
	    {"{\"fio version\": \"fio-3.33\"}", "no \"jobs\""},
	    {"{\"jobs\": {}}", "no \"jobs\""},
	    {"{\"jobs\": [" JOB("c", READ_OPS("")) "]}", "percentile"},
	    {"{\"jobs\": [{},{},{},{},{},{},{},{},{}]}", "at most 8"},
	};
	struct fio_json_result r;
	char err[256];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse(cases[i].text, &r, err, sizeof(err)), -1);
		if (!strstr(err, cases[i].needle) || strchr(err, '\n'))
			fail_msg("case %zu: message '%s' lacks '%s'", i, err, cases[i].needle);
	}
	assert_int_equal(fio_json_parse(NULL, 0, &r, err, sizeof(err)), -1);
}

/* A job's error code is kept for the caller to judge. */
static void test_parse_job_error(void **state)
{
	(void)state;
	struct fio_json_result r;
	char err[256];
	assert_int_equal(
	    parse("{\"jobs\": [{\"jobname\": \"stat\", \"error\": 2}]}", &r, err, sizeof(err)), 0);
	assert_int_equal(fio_json_job(&r, "stat")->error, 2);
	assert_int_equal(parse("{\"jobs\": [{\"jobname\": \"x\"}]}", &r, err, sizeof(err)), 0);
	assert_int_equal(r.jobs[0].error, 0); /* absent: none */
	assert_int_equal(r.jobs[0].ops, 0);
}

/* The prerun command quotes the helper; the log sums its lines. */
static void test_drop_log(void **state)
{
	(void)state;
	char cmd[64], log[PATH_MAX];
	struct fio_drop d;
	assert_int_equal(fio_drop_command("/a b/kmb-drop-caches", cmd, sizeof(cmd)), 0);
	assert_string_equal(cmd, "'/a b/kmb-drop-caches'");
	assert_int_equal(fio_drop_command("/it's", cmd, sizeof(cmd)), -1);
	assert_int_equal(fio_drop_command("/fits/in/16", cmd, 16), 0);
	assert_int_equal(fio_drop_command("/does/not/fit/16", cmd, 16), -1);
	snprintf(log, sizeof(log), "%s/drop.log", tmp);
	assert_int_equal(fio_drop_read(log, &d), -1); /* absent */
	FILE *f = fopen(log, "w");
	fputs("1500000 2000000\n500000 1000000\n", f);
	fclose(f);
	assert_int_equal(fio_drop_read(log, &d), 0);
	assert_int_equal(d.n, 2);
	assert_near(d.cpu_s, 0.002, 1e-12);
	assert_near(d.wall_s, 0.003, 1e-12);
	assert_int_equal(fio_drop_reset(log), 0);
	assert_int_equal(fio_drop_read(log, &d), 0);
	assert_int_equal(d.n, 0);
	f = fopen(log, "w");
	fputs("12 x\n", f);
	fclose(f);
	assert_int_equal(fio_drop_read(log, &d), -1);
	assert_int_equal(errno, EINVAL);
}

/* Writes an executable stand-in for fio into tmp/bin/fio. */
static void fake_fio(const char *script)
{
	char dir[PATH_MAX], path[PATH_MAX + 8];
	snprintf(dir, sizeof(dir), "%s/bin", tmp);
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/fio", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(script, f);
	fclose(f);
	assert_int_equal(chmod(path, 0755), 0);
}

/* fio is found through PATH, gets its environment, directory and arguments; its stdout,
 * exit status and rusage come back. */
static void test_exec(void **state)
{
	(void)state;
	char path[PATH_MAX + 16], err[256] = "", buf[64];
	char *env[] = {"KMB_FIO_X=hello", NULL};
	struct fio_exec x;
	char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	fake_fio("#!/bin/sh\necho \"$KMB_FIO_X $(pwd) $1 $2\"\nexit 3\n");
	snprintf(path, sizeof(path), "%s/bin:/usr/bin:/bin", tmp);
	setenv("PATH", path, 1);
	assert_int_equal(fio_exec_run("job.fio", "/", env, &x, err, sizeof(err)), 0);
	assert_string_equal(x.out, "hello / --output-format=json job.fio\n");
	assert_int_equal(x.len, strlen(x.out));
	assert_false(fio_exec_ok(&x));
	assert_string_equal(fio_exec_outcome(&x, buf, sizeof(buf)), "exit status 3");
	assert_null(getenv("KMB_FIO_X")); /* only the child's environment */
	fio_exec_free(&x);
	fake_fio("#!/bin/sh\nkill -9 $$\n");
	assert_int_equal(fio_exec_run("job.fio", "/", env, &x, err, sizeof(err)), 0);
	assert_string_equal(fio_exec_outcome(&x, buf, sizeof(buf)), "killed by signal 9 (Killed)");
	fio_exec_free(&x);
	setenv("PATH", "/nonexistent", 1);
	assert_int_equal(fio_exec_run("job.fio", "/", env, &x, err, sizeof(err)), -1);
	assert_string_equal(err, "fio not found in PATH (install fio)");
	assert_null(x.out);
	if (old)
		setenv("PATH", old, 1);
	free(old);
}

/* A large output (more than a pipe holds) is read whole. */
static void test_exec_large_output(void **state)
{
	(void)state;
	char path[PATH_MAX + 16], err[256] = "";
	char *env[] = {NULL};
	struct fio_exec x;
	char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	fake_fio("#!/bin/sh\nhead -c 300000 /dev/zero | tr '\\0' a\n");
	snprintf(path, sizeof(path), "%s/bin:/usr/bin:/bin", tmp);
	setenv("PATH", path, 1);
	assert_int_equal(fio_exec_run("job.fio", tmp, env, &x, err, sizeof(err)), 0);
	assert_true(fio_exec_ok(&x));
	assert_int_equal(x.len, 300000);
	assert_int_equal(strspn(x.out, "a"), 300000);
	fio_exec_free(&x);
	if (old)
		setenv("PATH", old, 1);
	free(old);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_captured),    cmocka_unit_test(test_parse_shapes),
	    cmocka_unit_test(test_parse_errors),      cmocka_unit_test(test_parse_job_error),
	    cmocka_unit_test(test_drop_log),	      cmocka_unit_test(test_exec),
	    cmocka_unit_test(test_exec_large_output),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
