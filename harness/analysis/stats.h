/* stats.h - the one statistics module (mmtests style, GSL for distributions).
 *
 * Pure functions on double vectors: descriptive statistics with a t-based 95%
 * confidence interval of the mean, Welch's t-test, Mann-Whitney U (normal
 * approximation with tie and continuity correction), the minimum detectable
 * effect of a two-sample comparison, and the combined significance rule that
 * `compare` and `report` use. Nothing here knows about result sets: see
 * metrics.h for extracting vectors from a struct result_set.
 */
#ifndef KMB_STATS_H
#define KMB_STATS_H

#include <stdbool.h>
#include <stddef.h>

/* Mann-Whitney U joins Welch's test when both samples have at least this many values. */
#define STATS_MW_MIN_N 9

/* Descriptive statistics of one sample. Undefined values are NAN (stddev and
 * the CI need n >= 2, cv_pct needs a non-zero mean, everything needs n >= 1). */
struct sample_stats {
	size_t n;
	double median, mean, stddev;
	double cv_pct; /* coefficient of variation, stddev / |mean| in percent */
	double min, max;
	double ci_lo, ci_hi; /* 95% CI of the mean: mean -+ t(0.975, n-1) * stddev / sqrt(n) */
	double ci_half;	     /* (ci_hi - ci_lo) / 2 */
};

/* Welch's unequal-variance t-test of x against y (as R's t.test(x, y)). */
struct welch_result {
	double t;  /* (mean(x) - mean(y)) / sqrt(var(x)/nx + var(y)/ny) */
	double df; /* Welch-Satterthwaite degrees of freedom */
	double p;  /* two-sided */
};

/* Mann-Whitney U of x against y (as R's wilcox.test(x, y, exact=FALSE, correct=TRUE)). */
struct mw_result {
	double u; /* U of x: rank sum of x minus nx(nx+1)/2 (R's W) */
	double z; /* continuity-corrected normal score */
	double p; /* two-sided */
};

/* Outcome of comparing a new sample against a base sample. */
struct comparison {
	bool testable;		   /* both n >= 2 */
	struct welch_result welch; /* of new against base */
	bool mw_used;		   /* both n >= STATS_MW_MIN_N */
	struct mw_result mw;
	bool significant;  /* Welch rejects and, when used, Mann-Whitney rejects too */
	double change_abs; /* mean(new) - mean(base) */
	double change_pct; /* 100 * change_abs / |mean(base)|; NAN if base mean is 0 */
	double mde_pct;	   /* minimum detectable effect in % of |mean(base)|; NAN if not testable */
	double mde_abs;	   /* the same in the metric's unit */
	double ci_half_abs; /* half-width of the Welch 95% CI of mean(new) - mean(base) */
	double ci_half_pct; /* the same in % of |mean(base)| (base mean taken as exact) */
};

/* Fills @s from @x[0..n). Returns 0, or -1 when n == 0 (then all fields are NAN, n = 0). */
int stats_describe(const double *x, size_t n, struct sample_stats *s);

/* Welch's t-test of @x against @y. Returns -1 (result NAN) unless both n >= 2.
 * When both variances are zero: p = 1 if the means are equal, else p = 0. */
int stats_welch(const double *x, size_t nx, const double *y, size_t ny, struct welch_result *r);

/* Mann-Whitney U of @x against @y. Returns -1 (result NAN) unless both n >= 1.
 * When every value is tied: z = 0, p = 1. */
int stats_mann_whitney(const double *x, size_t nx, const double *y, size_t ny, struct mw_result *r);

/* Smallest true difference of means that a two-sided Welch test at @alpha detects
 * with probability @power, given the samples' sizes and standard deviations:
 *   MDE = (t(1 - alpha/2, df) + t(power, df)) * sqrt(sx^2/nx + sy^2/ny)
 * with df the Welch-Satterthwaite degrees of freedom (the usual normal-theory
 * approximation with t quantiles; it ignores the non-central t). NAN unless
 * both n >= 2. When both spreads are zero the MDE is 0. */
double stats_mde(size_t nx, double sx, size_t ny, double sy, double alpha, double power);

/* Half-width of the Welch confidence interval (at @level, e.g. 0.95) of the
 * difference of two means with the given sizes and standard deviations; NAN
 * unless both n >= 2. */
double stats_diff_ci_half(size_t nx, double sx, size_t ny, double sy, double level);

/* Welch-Satterthwaite degrees of freedom; NAN unless both n >= 2. */
double stats_welch_df(size_t nx, double vx, size_t ny, double vy);

/* Compares @nw (new) against @base at @alpha: Welch always, Mann-Whitney as
 * well when both n >= STATS_MW_MIN_N; significant only when every test used
 * rejects. MDE at power 0.8. Returns -1 when either sample is empty. */
int stats_compare(const double *base, size_t nb, const double *nw, size_t nn, double alpha,
		  struct comparison *c);

#endif
