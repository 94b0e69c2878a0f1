/* test_stats.c - the statistics module against reference values and by simulation.
 *
 * Reference data: R's built-in `sleep` data set (Student 1908), whose analyses
 * are printed in R's documentation and countless tutorials:
 *   t.test(extra ~ group, data = sleep)        t = -1.8608, df = 17.776, p = 0.07939
 *   wilcox.test(extra ~ group, data = sleep)   W = 25.5, p = 0.06933 (ties, continuity corr.)
 *   t.test(sleep$extra[1:10])                  mean 0.75, 95% CI -0.5297804 .. 2.0297804
 * The other expectations are computed by hand in the comments next to them
 * (the t quantiles of the ratio tests by numerical integration of the t density).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>

#include "stats.h"

static const double g1[] = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
static const double g2[] = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};
#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_describe_sleep(void **state)
{
	(void)state;
	struct sample_stats s;
	assert_int_equal(stats_describe(g1, N(g1), &s), 0);
	assert_int_equal(s.n, 10);
	assert_float_equal(s.mean, 0.75, 1e-12);
	assert_float_equal(s.median, 0.35, 1e-12); /* (0.0 + 0.7) / 2 */
	assert_float_equal(s.stddev, 1.7890097, 1e-6);
	assert_float_equal(s.cv_pct, 100 * 1.7890097 / 0.75, 1e-4);
	assert_float_equal(s.min, -1.6, 1e-12);
	assert_float_equal(s.max, 3.7, 1e-12);
	assert_float_equal(s.ci_lo, -0.5297804, 1e-6);
	assert_float_equal(s.ci_hi, 2.0297804, 1e-6);
	assert_float_equal(s.ci_half, 1.2797804, 1e-6);
}

static void test_describe_small(void **state)
{
	(void)state;
	struct sample_stats s;
	assert_int_equal(stats_describe(NULL, 0, &s), -1);
	assert_true(isnan(s.mean));
	const double one[] = {4.0};
	assert_int_equal(stats_describe(one, 1, &s), 0);
	assert_float_equal(s.median, 4.0, 0);
	assert_true(isnan(s.stddev));
	assert_true(isnan(s.ci_lo));
	/* {1,2,3,4}: mean 2.5, median 2.5, sd sqrt(5/3) = 1.2909944,
	 * CI half = t(0.975,3) 3.182446 * 1.2909944 / 2 = 2.0542682 */
	const double four[] = {4, 1, 3, 2};
	stats_describe(four, 4, &s);
	assert_float_equal(s.median, 2.5, 1e-12);
	assert_float_equal(s.stddev, 1.2909944, 1e-6);
	assert_float_equal(s.ci_half, 2.0542682, 1e-5);
	/* zero mean: no coefficient of variation */
	const double sym[] = {-1, 1};
	stats_describe(sym, 2, &s);
	assert_true(isnan(s.cv_pct));
}

static void test_welch_sleep(void **state)
{
	(void)state;
	struct welch_result w;
	assert_int_equal(stats_welch(g1, N(g1), g2, N(g2), &w), 0);
	assert_float_equal(w.t, -1.8608, 1e-4);
	assert_float_equal(w.df, 17.776, 1e-3);
	assert_float_equal(w.p, 0.07939, 1e-5);
	/* swapped samples: t changes sign, p does not */
	stats_welch(g2, N(g2), g1, N(g1), &w);
	assert_float_equal(w.t, 1.8608, 1e-4);
	assert_float_equal(w.p, 0.07939, 1e-5);
}

static void test_welch_degenerate(void **state)
{
	(void)state;
	struct welch_result w;
	const double a[] = {1, 1, 1}, b[] = {2, 2, 2};
	assert_int_equal(stats_welch(a, 1, b, 3, &w), -1);
	assert_true(isnan(w.p));
	assert_int_equal(stats_welch(a, 3, a, 3, &w), 0);
	assert_float_equal(w.p, 1.0, 0);
	assert_int_equal(stats_welch(a, 3, b, 3, &w), 0);
	assert_float_equal(w.p, 0.0, 0);
	assert_true(isinf(w.t) && w.t < 0);
}

static void test_mw_sleep(void **state)
{
	(void)state;
	struct mw_result m;
	assert_int_equal(stats_mann_whitney(g1, N(g1), g2, N(g2), &m), 0);
	assert_float_equal(m.u, 25.5, 1e-12);
	assert_float_equal(m.p, 0.06933, 1e-5);
	assert_true(m.z < 0);
}

static void test_mw_hand(void **state)
{
	(void)state;
	struct mw_result m;
	/* x = {1,2,3}, y = {4,5,6,7}: ranks of x 1+2+3 = 6, U = 6 - 3*4/2 = 0.
	 * mu = 6, var = 3*4/12 * 8 = 8, z = (0 - 6 + 0.5) / sqrt(8) = -1.9445436,
	 * p = 2 * Phi(-1.9445436) = 0.0518299 */
	const double x[] = {1, 2, 3}, y[] = {4, 5, 6, 7};
	stats_mann_whitney(x, 3, y, 4, &m);
	assert_float_equal(m.u, 0, 0);
	assert_float_equal(m.z, -1.9445436, 1e-6);
	assert_float_equal(m.p, 0.0518299, 1e-6);
	/* all tied: no evidence */
	const double t[] = {5, 5, 5};
	stats_mann_whitney(t, 3, t, 3, &m);
	assert_float_equal(m.p, 1.0, 0);
	assert_int_equal(stats_mann_whitney(x, 0, y, 4, &m), -1);
}

static void test_mde_hand(void **state)
{
	(void)state;
	/* n = 10 + 10, sd 1 each: df 18, t(0.975,18) = 2.100922, t(0.80,18) = 0.862037
	 * (printed t tables); se = sqrt(0.2) = 0.4472136; MDE = 2.962959 * se = 1.325076 */
	assert_float_equal(stats_mde(10, 1, 10, 1, 0.05, 0.8), 1.325076, 1e-5);
	assert_float_equal(stats_mde(10, 0, 10, 0, 0.05, 0.8), 0, 0);
	assert_true(isnan(stats_mde(1, 1, 10, 1, 0.05, 0.8)));
	/* more samples, smaller effect */
	assert_true(stats_mde(40, 1, 40, 1, 0.05, 0.8) < stats_mde(10, 1, 10, 1, 0.05, 0.8));
}

static void test_compare_rules(void **state)
{
	(void)state;
	struct comparison c;
	assert_int_equal(stats_compare(g1, N(g1), g2, N(g2), 0.05, &c), 0);
	assert_true(c.testable);
	assert_true(c.mw_used); /* both n = 10 >= 9 */
	assert_false(c.significant);
	/* 100 * (2.33 - 0.75) / 0.75 */
	assert_float_equal(c.change_pct, 210.6666667, 1e-6);
	assert_float_equal(c.welch.t, 1.8608, 1e-4);
	/* at alpha 0.1 both tests reject (p 0.079 and 0.069) */
	stats_compare(g1, N(g1), g2, N(g2), 0.1, &c);
	assert_true(c.significant);
	/* at alpha 0.075 Welch does not reject but MW does: not significant */
	stats_compare(g1, N(g1), g2, N(g2), 0.075, &c);
	assert_false(c.significant);
	/* n < 9: Welch alone */
	stats_compare(g1, 5, g2, 5, 0.05, &c);
	assert_false(c.mw_used);
	assert_true(isnan(c.mw.p));
	assert_int_equal(stats_compare(g1, 0, g2, 5, 0.05, &c), -1);
	stats_compare(g1, 1, g2, 5, 0.05, &c);
	assert_false(c.testable);
	assert_false(c.significant);
}

/* Draws two samples of @n from N(0,1) and N(shift,1) @draws times; returns the
 * fraction of draws found significant by stats_compare (and per test). */
static void simulate(size_t n, double shift, int draws, double alpha, double *both, double *welch,
		     double *mw)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 20111013);
	double a[64], b[64];
	int sb = 0, sw = 0, sm = 0;
	for (int d = 0; d < draws; d++) {
		for (size_t i = 0; i < n; i++) {
			a[i] = 10 + gsl_ran_gaussian(rng, 1.0);
			b[i] = 10 + shift + gsl_ran_gaussian(rng, 1.0);
		}
		struct comparison c;
		stats_compare(a, n, b, n, alpha, &c);
		sb += c.significant;
		sw += c.welch.p < alpha;
		sm += c.mw.p < alpha;
	}
	gsl_rng_free(rng);
	*both = (double)sb / draws;
	*welch = (double)sw / draws;
	*mw = (double)sm / draws;
}

static void test_aa_false_positive_rate(void **state)
{
	(void)state;
	double both, welch, mw;
	simulate(10, 0, 2000, 0.05, &both, &welch, &mw);
	print_message("A/A n=10 x 2000: welch %.4f mw %.4f both %.4f\n", welch, mw, both);
	assert_in_range((int)(welch * 1000), 20, 90);
	assert_in_range((int)(mw * 1000), 20, 90);
	assert_true(both <= welch && both <= mw);
	simulate(5, 0, 2000, 0.01, &both, &welch, &mw);
	print_message("A/A n=5 alpha .01: welch %.4f\n", welch);
	assert_in_range((int)(welch * 1000), 2, 25);
}

static void test_ab_power(void **state)
{
	(void)state;
	double both, welch, mw;
	/* a 2-sigma shift at n = 10 is found nearly always */
	simulate(10, 2.0, 1000, 0.05, &both, &welch, &mw);
	print_message("A/B shift 2sd n=10: welch %.4f mw %.4f both %.4f\n", welch, mw, both);
	assert_true(both > 0.9);
	/* a shift equal to the MDE is found with about the stated power 0.8 */
	double mde = stats_mde(10, 1, 10, 1, 0.05, 0.8);
	simulate(10, mde, 2000, 0.05, &both, &welch, &mw);
	print_message("A/B shift = MDE %.3f: welch power %.4f\n", mde, welch);
	assert_in_range((int)(welch * 1000), 700, 900);
}

/* Delta-method ratio of means: arm {110,112,108,110} over root {100,102,98,100}.
 * Both var 8/3, n 4: ax = (8/3)/(4*100^2), ay = 1.1^2 ax, se = sqrt(ax + ay) =
 * 0.0121381, Welch df = (ax+ay)^2 / ((ax^2+ay^2)/3) = 5.94631, t(0.975, 5.94631)
 * = 2.45228, half-width 0.0297660. */
static void test_ratio_hand(void **state)
{
	(void)state;
	static const double arm[] = {110, 112, 108, 110}, root[] = {100, 102, 98, 100};
	struct ratio_result r;
	assert_int_equal(stats_ratio(arm, 4, root, 4, &r), 0);
	assert_float_equal(r.ratio, 1.1, 1e-12);
	assert_float_equal(r.se, 0.0121381, 1e-6);
	assert_float_equal(r.df, 5.94631, 1e-4);
	assert_float_equal(r.ci_half, 0.0297660, 1e-5);
	assert_float_equal(r.ci_lo, 1.1 - r.ci_half, 1e-12);
	assert_int_equal(stats_ratio(arm, 1, root, 4, &r), -1);
	assert_true(isnan(r.ratio));
	static const double zero[] = {0, 0}, flat[] = {5, 5}, flat2[] = {10, 10};
	assert_int_equal(stats_ratio(arm, 4, zero, 2, &r), -1);
	assert_int_equal(stats_ratio(flat2, 2, flat, 2, &r), 0);
	assert_float_equal(r.ratio, 2, 1e-12);
	assert_float_equal(r.ci_half, 0, 1e-12);
}

/* 10%-trimmed mean of 1..10: cut 1 and 10, mean of 2..9 = 5.5. Winsorized
 * {2,2,3,...,9,9}: sd = sqrt(66.5/9) = 2.718251; se = sd / (0.8 sqrt(10)) =
 * 1.074483; Yuen df = 8 - 1 = 7. */
static void test_trimmed_hand(void **state)
{
	(void)state;
	static const double x[] = {7, 1, 2, 10, 3, 4, 5, 6, 8, 9};
	double m, se, df;
	assert_int_equal(stats_trimmed(x, 10, 0.1, &m, &se, &df), 0);
	assert_float_equal(m, 5.5, 1e-12);
	assert_float_equal(se, 1.074483, 1e-6);
	assert_float_equal(df, 7, 1e-12);
	assert_int_equal(stats_trimmed(x, 10, 0, &m, &se, &df),
			 0); /* untrimmed: mean, sd/sqrt(n) */
	assert_float_equal(m, 5.5, 1e-12);
	assert_float_equal(se, 3.0276504 / sqrt(10), 1e-6);
	assert_int_equal(stats_trimmed(x, 3, 0.4, &m, &se, &df), -1);
	assert_int_equal(stats_trimmed(x, 10, 0.5, &m, &se, &df), -1);
	assert_true(isnan(m));
}

/* Two estimates 10 and 13, each se 1 on 100 df: t = 3/sqrt(2) = 2.12132,
 * df = 2^2 / (1/100 + 1/100) = 200, p = 0.035126. */
static void test_estimate_diff_hand(void **state)
{
	(void)state;
	struct welch_result w;
	assert_int_equal(stats_estimate_diff(10, 1, 100, 13, 1, 100, &w), 0);
	assert_float_equal(w.t, 2.1213203, 1e-6);
	assert_float_equal(w.df, 200, 1e-9);
	assert_float_equal(w.p, 0.035126, 1e-5);
	assert_int_equal(stats_estimate_diff(10, 0, 5, 10, 0, 5, &w), 0);
	assert_float_equal(w.p, 1, 1e-12);
	assert_int_equal(stats_estimate_diff(NAN, 1, 5, 10, 1, 5, &w), -1);
	assert_true(isnan(w.p));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_describe_sleep),
	    cmocka_unit_test(test_describe_small),
	    cmocka_unit_test(test_welch_sleep),
	    cmocka_unit_test(test_welch_degenerate),
	    cmocka_unit_test(test_mw_sleep),
	    cmocka_unit_test(test_mw_hand),
	    cmocka_unit_test(test_mde_hand),
	    cmocka_unit_test(test_compare_rules),
	    cmocka_unit_test(test_aa_false_positive_rate),
	    cmocka_unit_test(test_ab_power),
	    cmocka_unit_test(test_ratio_hand),
	    cmocka_unit_test(test_trimmed_hand),
	    cmocka_unit_test(test_estimate_diff_hand),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
