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

/* Ratio of the means of two independent samples, mean(x) / mean(y), with a 95% CI.
 * The standard error is the first-order delta method,
 *   se = ratio * sqrt(var(x) / (nx mean(x)^2) + var(y) / (ny mean(y)^2)),
 * and the CI is ratio -+ t(0.975, df) * se with Welch-Satterthwaite degrees of
 * freedom over the two terms. It suits means whose CV is small (the means of
 * hundreds of repetitions); no pairing of x[i] with y[i] is assumed. */
struct ratio_result {
	double ratio;
	double se, df;
	double ci_lo, ci_hi, ci_half;
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

/* mean(@x) / mean(@y) with its CI (struct ratio_result). Returns -1 (result
 * NAN) unless both n >= 2 and mean(y) != 0. When both spreads are zero the CI
 * is the ratio itself. */
int stats_ratio(const double *x, size_t nx, const double *y, size_t ny, struct ratio_result *r);

/* The same for two independent estimates @mx and @my given with standard errors
 * @sx, @sy and degrees of freedom @dfx, @dfy (e.g. trimmed means). -1 (result
 * NAN) when my is 0 or an input is not finite or out of range. */
int stats_ratio_est(double mx, double sx, double dfx, double my, double sy, double dfy,
		    struct ratio_result *r);

/* The @trim-trimmed mean of @x (k = floor(trim n) values cut at each end,
 * 0 <= trim < 0.5) with its standard error after Tukey and McLaughlin, the
 * winsorized standard deviation / ((1 - 2k/n) sqrt(n)), and Yuen's degrees of
 * freedom n - 2k - 1. -1 (all NAN) unless n - 2k >= 2. */
int stats_trimmed(const double *x, size_t n, double trim, double *mean, double *se, double *df);

/* Paired ratio x[i] / y[i] (e.g. an arm's block against root's block of the same
 * round): the @trim-trimmed mean m of the log-ratios d[i] = ln(x[i] / y[i]) with
 * its stats_trimmed standard error s and Yuen's df. ratio = exp(m); the CI is
 * exp(m -+ t(0.975, df) s), asymmetric, with ci_half = (ci_hi - ci_lo) / 2;
 * se = ratio * s (delta method). Returns -1 (result NAN) when a value is not
 * positive and finite, or n - 2k < 2. */
int stats_paired_log_ratio(const double *x, const double *y, size_t n, double trim,
			   struct ratio_result *r);

/* Welch-type test of two independent estimates given with standard errors and
 * degrees of freedom (e.g. two stats_ratio results): t = (b - a) / sqrt(sa^2 + sb^2),
 * df by Welch-Satterthwaite from dfa and dfb, p two-sided. -1 (result NAN)
 * when an input is not finite or an se is negative. */
int stats_estimate_diff(double a, double sa, double dfa, double b, double sb, double dfb,
			struct welch_result *r);

/* Compares @nw (new) against @base at @alpha: Welch always, Mann-Whitney as
 * well when both n >= STATS_MW_MIN_N; significant only when every test used
 * rejects. MDE at power 0.8. Returns -1 when either sample is empty. */
int stats_compare(const double *base, size_t nb, const double *nw, size_t nn, double alpha,
		  struct comparison *c);

#endif
