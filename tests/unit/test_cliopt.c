/* test_cliopt.c - the option table read by getopt and by the profile handler (opttab). */
#include <getopt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "opttab.h"

struct vals {
	const char *profile, *ladder;
	bool verbose, perf;
};

static int noop(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	(void)conf, (void)v, (void)err, (void)errlen;
	return 0;
}

static const struct opt opts[] = {
    {"profile", 'p', OPT_CLI, NULL, OPT_TEXT, 0, 0, NULL, NULL, "INI profile", NULL},
    {"ladder", 0, OPT_BOTH, "suite", OPT_TEXT, 0, 0, NULL, NULL, "ladder", noop},
    {"verbose", 'v', OPT_CLI, NULL, OPT_FLAG, 0, 0, NULL, NULL, "chatty", NULL},
    {"perf", 0, OPT_BOTH, "suite", OPT_FLAG, 0, 0, NULL, NULL, "attribution", noop},
    {"perf-reps", 0, OPT_BOTH, "suite", OPT_INT, 1, 100, "perf repetition count", NULL, "N", noop},
    {"time", 0, OPT_PROFILE, "micro", OPT_REAL, 5, 3600, "--time", "seconds", "budget", noop},
};
#define NOPTS (sizeof(opts) / sizeof(opts[0]))

/* Parses @argv (NULL-terminated, argv[0] = "run") with a run-like table into @v. */
static int parse(char **argv, struct vals *v, char *err, size_t n)
{
	struct opt_given g;
	int argc = 0;
	while (argv[argc])
		argc++;
	memset(v, 0, sizeof(*v));
	err[0] = '\0';
	int rc = opt_getopt(argc, argv, opts, NOPTS, "see --help", &g, err, n);
	v->profile = opt_arg(opts, NOPTS, &g, "profile");
	v->ladder = opt_arg(opts, NOPTS, &g, "ladder");
	v->verbose = opt_arg(opts, NOPTS, &g, "verbose") != NULL;
	v->perf = opt_arg(opts, NOPTS, &g, "perf") != NULL;
	return rc;
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

/* Profile keys: the same rows, '_' for '-', values by kind and bounds. */
static void profile_keys(void **state)
{
	(void)state;
	char err[256];
	assert_ptr_equal(opt_key(opts, NOPTS, "suite", "perf_reps"), &opts[4]);
	assert_null(opt_key(opts, NOPTS, "suite", "perf-reps"));
	assert_null(opt_key(opts, NOPTS, "suite", "profile")); /* command line only */
	assert_null(opt_key(opts, NOPTS, "micro", "ladder"));  /* another section */
	assert_int_equal(
	    opt_apply_key(opts, NOPTS, "suite", "perf_reps", "7", NULL, err, sizeof(err)), 0);
	assert_int_equal(
	    opt_apply_key(opts, NOPTS, "suite", "perf_reps", "0", NULL, err, sizeof(err)), -1);
	assert_string_equal(err, "bad perf repetition count '0' (accepted: 1..100)");
	assert_int_equal(opt_apply_key(opts, NOPTS, "suite", "perf", "yes", NULL, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "bad perf 'yes' (accepted: 0, 1, true, false)");
	assert_int_equal(opt_apply_key(opts, NOPTS, "micro", "time", "nan", NULL, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "bad --time 'nan' (accepted: 5..3600 seconds)");
	assert_int_equal(opt_apply_key(opts, NOPTS, "suite", "repz", "1", NULL, err, sizeof(err)),
			 -1);
	assert_string_equal(err,
			    "unknown key 'repz' in [suite] (accepted: ladder, perf, perf_reps)");
}

/* opt_getopt_mixed: options before, between and after the arguments, which end up in
 * argv[optind..] in order; "--" still ends the options. */
static void mixed_order(void **state)
{
	(void)state;
	struct opt_given g;
	char err[128];
	char *a[] = {"show", "D1", "-v", "D2", "--ladder", "root", "--", "-p", NULL};
	assert_int_equal(opt_getopt_mixed(8, a, opts, NOPTS, "see --help", &g, err, sizeof(err)),
			 0);
	assert_non_null(opt_arg(opts, NOPTS, &g, "verbose"));
	assert_string_equal(opt_arg(opts, NOPTS, &g, "ladder"), "root");
	assert_null(opt_arg(opts, NOPTS, &g, "profile"));
	assert_int_equal(8 - optind, 3);
	assert_string_equal(a[optind], "D1");
	assert_string_equal(a[optind + 1], "D2");
	assert_string_equal(a[optind + 2], "-p");
	char *b[] = {"show", "D1", "--bogus", NULL};
	assert_int_equal(opt_getopt_mixed(3, b, opts, NOPTS, "see --help", &g, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "unknown option '--bogus' (see --help)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(values_and_flags),
	    cmocka_unit_test(help_and_errors),
	    cmocka_unit_test(profile_keys),
	    cmocka_unit_test(mixed_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
