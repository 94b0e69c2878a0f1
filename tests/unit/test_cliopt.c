/* test_cliopt.c - the table-driven option parser of run and micro (cliopt_getopt). */
#include <getopt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cliopt.h"

struct vals {
	const char *profile, *ladder;
	bool verbose, perf;
};

/* Parses @argv (NULL-terminated, argv[0] = "run") with a run-like table into @v. */
static int parse(char **argv, struct vals *v, char *err, size_t n)
{
	const struct cliopt opts[] = {
	    {"profile", 'p', &v->profile, NULL},
	    {"ladder", 0, &v->ladder, NULL},
	    {"verbose", 'v', NULL, &v->verbose},
	    {"perf", 0, NULL, &v->perf},
	};
	int argc = 0;
	while (argv[argc])
		argc++;
	memset(v, 0, sizeof(*v));
	err[0] = '\0';
	return cliopt_getopt(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), "see --help", err,
			     n);
}

static void values_and_flags(void **state)
{
	(void)state;
	struct vals v;
	char err[128];
	char *a[] = {"run", "-p", "P", "--ladder=root", "-v", "--perf", "--profile", "Q", NULL};
	assert_int_equal(parse(a, &v, err, sizeof(err)), 0);
	assert_string_equal(v.profile, "Q"); /* the last one wins */
	assert_string_equal(v.ladder, "root");
	assert_true(v.verbose && v.perf);
	assert_int_equal(optind, 8);
	char *b[] = {"run", "--lad", "x", "--", "du", "-s", NULL}; /* a unique prefix */
	assert_int_equal(parse(b, &v, err, sizeof(err)), 0);
	assert_string_equal(v.ladder, "x");
	assert_false(v.verbose);
	assert_int_equal(optind, 4);
	assert_string_equal(b[optind - 1], "--");
	char *c[] = {"run", "-v", "extra", "-p", "P", NULL}; /* stops at the first non-option */
	assert_int_equal(parse(c, &v, err, sizeof(err)), 0);
	assert_null(v.profile);
	assert_int_equal(optind, 2);
}

static void help_and_errors(void **state)
{
	(void)state;
	struct vals v;
	char err[128];
	char *h[] = {"run", "-v", "--help", NULL};
	assert_int_equal(parse(h, &v, err, sizeof(err)), 1);
	char *h2[] = {"run", "-h", NULL};
	assert_int_equal(parse(h2, &v, err, sizeof(err)), 1);
	char *m[] = {"run", "-p", NULL};
	assert_int_equal(parse(m, &v, err, sizeof(err)), -1);
	assert_string_equal(err, "option '-p' needs a value");
	char *m2[] = {"run", "--ladder", NULL};
	assert_int_equal(parse(m2, &v, err, sizeof(err)), -1);
	assert_string_equal(err, "option '--ladder' needs a value");
	char *u[] = {"run", "--bogus", NULL};
	assert_int_equal(parse(u, &v, err, sizeof(err)), -1);
	assert_string_equal(err, "unknown option '--bogus' (see --help)");
	char *u2[] = {"run", "-l", "x", NULL}; /* long-only: no short -l */
	assert_int_equal(parse(u2, &v, err, sizeof(err)), -1);
	assert_string_equal(err, "unknown option '-l' (see --help)");
	char *u3[] = {"run", "--p", NULL}; /* ambiguous: profile, perf */
	assert_int_equal(parse(u3, &v, err, sizeof(err)), -1);
	assert_string_equal(err, "unknown option '--p' (see --help)");
	char *u4[] = {"run", "--perf=1", NULL}; /* a flag takes no value */
	assert_int_equal(parse(u4, &v, err, sizeof(err)), -1);
	assert_string_equal(err, "unknown option '--perf=1' (see --help)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(values_and_flags),
	    cmocka_unit_test(help_and_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
