/* analysis_fixture.h - shared by the analysis tests: the source tree, a scratch
 * directory, fixture paths and running a subcommand in-process with its output captured. */
#ifndef KMB_ANALYSIS_FIXTURE_H
#define KMB_ANALYSIS_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "compare.h"
#include "report.h"

static char src[PATH_MAX]; /* the source tree: holds tests/fixtures and plots */
static char tmp[PATH_MAX]; /* a scratch directory of this test */

/* Finds the source tree: $KMEMBENCH_SRC, upwards from the executable, the cwd. */
static int find_src(void)
{
	char p[PATH_MAX], probe[PATH_MAX + 32];
	const char *env = getenv("KMEMBENCH_SRC");
	if (env && *env) {
		snprintf(src, sizeof(src), "%s", env);
		snprintf(probe, sizeof(probe), "%s/tests/fixtures/base/run.json", src);
		return access(probe, R_OK);
	}
	ssize_t n = readlink("/proc/self/exe", p, sizeof(p) - 1);
	if (n < 0 || !getcwd(src, sizeof(src)))
		return -1;
	p[n] = '\0';
	for (char *s = strrchr(p, '/'); s; s = strrchr(p, '/')) {
		*s = '\0';
		snprintf(probe, sizeof(probe), "%s/tests/fixtures/base/run.json", p);
		if (access(probe, R_OK) == 0) {
			snprintf(src, sizeof(src), "%s", p);
			return 0;
		}
	}
	snprintf(probe, sizeof(probe), "%s/tests/fixtures/base/run.json", src);
	return access(probe, R_OK);
}

static int setup(void **state)
{
	(void)state;
	if (find_src() < 0) {
		print_error("cannot find tests/fixtures (run from the source tree or set "
			    "KMEMBENCH_SRC)\n");
		return -1;
	}
	char plots[PATH_MAX + 8];
	snprintf(plots, sizeof(plots), "%s/plots", src);
	setenv("KMEMBENCH_PLOTS", plots, 1);
	snprintf(tmp, sizeof(tmp), "/tmp/kmb-test-analysis-XXXXXX");
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

static char fx_buf[8][PATH_MAX + 64];
/* Path of fixture @name (rotating static buffers). */
static const char *fx(const char *name)
{
	static int i;
	char *b = fx_buf[i++ % 8];
	snprintf(b, PATH_MAX + 64, "%s/tests/fixtures/%s", src, name);
	return b;
}

struct out {
	int rc;
	char *out, *err;
};

/* Reads a whole file into a malloc'ed string. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t len = 0;
	if (!f)
		return strdup("");
	if (getdelim(&text, &len, '\0', f) < 0) {
		free(text);
		text = strdup("");
	}
	fclose(f);
	return text;
}

/* Runs a subcommand in-process with stdout and stderr sent to files. */
static struct out run(int (*fn)(int, char **), int argc, const char **argv)
{
	char po[PATH_MAX + 8], pe[PATH_MAX + 8];
	snprintf(po, sizeof(po), "%s/stdout", tmp);
	snprintf(pe, sizeof(pe), "%s/stderr", tmp);
	fflush(stdout);
	fflush(stderr);
	int so = dup(1), se = dup(2);
	assert_non_null(freopen(po, "w", stdout));
	assert_non_null(freopen(pe, "w", stderr));
	struct out o;
	o.rc = fn(argc, (char **)argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	o.out = slurp(po);
	o.err = slurp(pe);
	return o;
}

static void out_free(struct out *o)
{
	free(o->out);
	free(o->err);
}

/* Runs a bad invocation: exit 2, one line on stderr naming @needle, no stdout. */
static void expect_bad(int (*fn)(int, char **), int argc, const char **argv, const char *needle)
{
	struct out o = run(fn, argc, argv);
	assert_int_equal(o.rc, 2);
	assert_string_equal(o.out, "");
	assert_non_null(strstr(o.err, needle));
	assert_non_null(strchr(o.err, '\n'));
	assert_ptr_equal(strchr(o.err, '\n') + 1, o.err + strlen(o.err));
	out_free(&o);
}

#endif
