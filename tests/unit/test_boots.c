/* test_boots.c - the multi-boot A/B statistics: a hand-computed case, a simulated case with
 * a known between-boot variance, the boots needed for a 1-point MDE, too few boots. */
#include <errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "boots.h"

/* a = 10, 12; b = 11, 13: change 1, pooled sd sqrt(2), se sqrt(2), t(0.975, 2) = 4.303. */
static void hand_computed(void **state)
{
	(void)state;
	double a[] = {10, 12}, b[] = {11, 13}, se[] = {0.5, 0.5};
	struct boots_ab r;
	assert_int_equal(boots_ab(a, se, 2, b, se, 2, 0.05, 0.8, &r), 0);
	assert_float_equal(r.change, 1.0, 1e-12);
	assert_int_equal(r.df, 2);
	assert_float_equal(r.sd_boot, sqrt(2.0), 1e-12);
	assert_float_equal(r.ci95, 4.302653 * sqrt(2.0), 1e-5);
	assert_float_equal(r.within_se, 0.5, 1e-12);
	assert_float_equal(r.between_sd, sqrt(2.0 - 0.25), 1e-12);
	assert_false(r.significant);
	/* mde = (t.975 + t.8) * se = (4.3027 + 1.0607) * sqrt(2) */
	assert_float_equal(r.mde, (4.302653 + 1.060660) * sqrt(2.0), 1e-4);
}

/* Boots whose true overheads scatter with sd 1.0 around 20 (A) and 22 (B), each measured
 * with error 0.3: the model finds the change and splits the spread into its two parts. */
static void known_between_boot_variance(void **state)
{
	(void)state;
	enum { N = 400 };
	static double a[N], b[N], sa[N], sb[N];
	gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(g, 42);
	for (int i = 0; i < N; i++) {
		a[i] = 20 + gsl_ran_gaussian(g, 1.0) + gsl_ran_gaussian(g, 0.3);
		b[i] = 22 + gsl_ran_gaussian(g, 1.0) + gsl_ran_gaussian(g, 0.3);
		sa[i] = sb[i] = 0.3;
	}
	gsl_rng_free(g);
	struct boots_ab r;
	assert_int_equal(boots_ab(a, sa, N, b, sb, N, 0.05, 0.8, &r), 0);
	assert_true(fabs(r.change - 2.0) < r.ci95);
	assert_true(r.significant);
	assert_true(fabs(r.sd_boot - sqrt(1.09)) < 0.1);
	assert_true(fabs(r.between_sd - 1.0) < 0.1);
	/* boot sd ~1.04: (1.96 + 0.84) * 1.04 * sqrt(2/n) <= 1 needs n of about 17 */
	assert_in_range(r.boots_for_1pt, 15, 20);
}

static void too_few_boots(void **state)
{
	(void)state;
	double a[] = {1}, b[] = {2, 3};
	struct boots_ab r;
	errno = 0;
	assert_int_equal(boots_ab(a, NULL, 1, b, NULL, 2, 0.05, 0.8, &r), -1);
	assert_int_equal(errno, EINVAL);
	double a2[] = {1, 2};
	assert_int_equal(boots_ab(a2, NULL, 2, b, NULL, 2, 0.05, 0.8, &r), 0);
	assert_true(isnan(r.within_se));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(hand_computed),
	    cmocka_unit_test(known_between_boot_variance),
	    cmocka_unit_test(too_few_boots),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
