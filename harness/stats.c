/* stats.c - descriptive statistics and two-sample tests on GSL. */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

#define MDE_POWER 0.8

static void stats_nan(struct sample_stats *s)
{
	s->median = s->mean = s->stddev = s->cv_pct = NAN;
	s->min = s->max = s->ci_lo = s->ci_hi = s->ci_half = NAN;
}

/* A malloc'ed ascending copy of @x[@n], or NULL. */
static double *sorted_copy(const double *x, size_t n)
{
	double *v = malloc(n * sizeof(*v));
	if (v) {
		memcpy(v, x, n * sizeof(*v));
		gsl_sort(v, 1, n);
	}
	return v;
}

int stats_describe(const double *x, size_t n, struct sample_stats *s)
{
	stats_nan(s);
	s->n = n;
	if (n == 0)
		return -1;
	double *v = sorted_copy(x, n);
	if (!v)
		return -1;
	s->median = gsl_stats_median_from_sorted_data(v, 1, n);
	s->min = v[0];
	s->max = v[n - 1];
	free(v);
	s->mean = gsl_stats_mean(x, 1, n);
	if (n < 2)
		return 0;
	s->stddev = gsl_stats_sd_m(x, 1, n, s->mean);
	if (s->mean != 0)
		s->cv_pct = 100.0 * s->stddev / fabs(s->mean);
	s->ci_half = gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) * s->stddev / sqrt((double)n);
	s->ci_lo = s->mean - s->ci_half;
	s->ci_hi = s->mean + s->ci_half;
	return 0;
}

double stats_welch_df(size_t nx, double vx, size_t ny, double vy)
{
	if (nx < 2 || ny < 2)
		return NAN;
	double ax = vx / (double)nx, ay = vy / (double)ny;
	if (ax + ay == 0)
		return (double)(nx + ny - 2);
	return (ax + ay) * (ax + ay) / (ax * ax / (double)(nx - 1) + ay * ay / (double)(ny - 1));
}

/* t and two-sided p of a difference @diff with standard error @se and @df degrees of
 * freedom into @r (r->df set by the caller); a zero @se gives t = 0/±inf, p = 1/0. */
static void welch_t_p(double diff, double se, struct welch_result *r)
{
	if (se == 0) {
		r->t = diff == 0 ? 0 : copysign(INFINITY, diff);
		r->p = diff == 0 ? 1 : 0;
		return;
	}
	r->t = diff / se;
	r->p = 2 * gsl_cdf_tdist_Q(fabs(r->t), r->df);
	if (r->p > 1)
		r->p = 1;
}

int stats_welch(const double *x, size_t nx, const double *y, size_t ny, struct welch_result *r)
{
	r->t = r->df = r->p = NAN;
	if (nx < 2 || ny < 2)
		return -1;
	double mx = gsl_stats_mean(x, 1, nx), my = gsl_stats_mean(y, 1, ny);
	double vx = gsl_stats_variance_m(x, 1, nx, mx), vy = gsl_stats_variance_m(y, 1, ny, my);
	double se = sqrt(vx / (double)nx + vy / (double)ny);
	r->df = stats_welch_df(nx, vx, ny, vy);
	welch_t_p(mx - my, se, r);
	return 0;
}

struct ranked {
	double v;
	int from_x;
};

static int cmp_ranked(const void *a, const void *b)
{
	double x = ((const struct ranked *)a)->v, y = ((const struct ranked *)b)->v;
	return (x > y) - (x < y);
}

/* Sorts the pooled sample; returns the rank sum of x (midranks for ties) and
 * the tie term sum(t^3 - t) over groups of tied values. */
static double rank_sum_x(struct ranked *all, size_t n, double *ties)
{
	qsort(all, n, sizeof(*all), cmp_ranked);
	double rx = 0;
	*ties = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j + 1 < n && all[j + 1].v == all[i].v)
			j++;
		double t = (double)(j - i + 1), mid = (double)(i + j) / 2.0 + 1.0;
		for (size_t k = i; k <= j; k++)
			if (all[k].from_x)
				rx += mid;
		*ties += t * t * t - t;
		i = j + 1;
	}
	return rx;
}

int stats_mann_whitney(const double *x, size_t nx, const double *y, size_t ny, struct mw_result *r)
{
	r->u = r->z = r->p = NAN;
	if (nx < 1 || ny < 1)
		return -1;
	size_t n = nx + ny;
	struct ranked *all = malloc(n * sizeof(*all));
	if (!all)
		return -1;
	for (size_t i = 0; i < nx; i++)
		all[i] = (struct ranked){x[i], 1};
	for (size_t i = 0; i < ny; i++)
		all[nx + i] = (struct ranked){y[i], 0};
	double ties;
	double rx = rank_sum_x(all, n, &ties);
	free(all);
	double fx = (double)nx, fy = (double)ny, fn = (double)n;
	r->u = rx - fx * (fx + 1) / 2;
	double d = r->u - fx * fy / 2;
	double var = fx * fy / 12.0 * ((fn + 1) - ties / (fn * (fn - 1)));
	if (n < 2 || var <= 0) {
		r->z = 0;
		r->p = 1;
		return 0;
	}
	double corr = d > 0 ? 0.5 : (d < 0 ? -0.5 : 0);
	r->z = (d - corr) / sqrt(var);
	r->p = 2 * gsl_cdf_ugaussian_Q(fabs(r->z));
	if (r->p > 1)
		r->p = 1;
	return 0;
}

double stats_mde(size_t nx, double sx, size_t ny, double sy, double alpha, double power)
{
	if (nx < 2 || ny < 2)
		return NAN;
	double vx = sx * sx, vy = sy * sy;
	double se = sqrt(vx / (double)nx + vy / (double)ny);
	if (se == 0)
		return 0;
	double df = stats_welch_df(nx, vx, ny, vy);
	return (gsl_cdf_tdist_Pinv(1 - alpha / 2, df) + gsl_cdf_tdist_Pinv(power, df)) * se;
}

double stats_diff_ci_half(size_t nx, double sx, size_t ny, double sy, double level)
{
	if (nx < 2 || ny < 2)
		return NAN;
	double vx = sx * sx / (double)nx, vy = sy * sy / (double)ny;
	if (vx + vy == 0)
		return 0;
	double df = stats_welch_df(nx, sx * sx, ny, sy * sy);
	return gsl_cdf_tdist_Pinv(0.5 + level / 2, df) * sqrt(vx + vy);
}

int stats_compare(const double *base, size_t nb, const double *nw, size_t nn, double alpha,
		  struct comparison *c)
{
	memset(c, 0, sizeof(*c));
	c->welch = (struct welch_result){NAN, NAN, NAN};
	c->mw = (struct mw_result){NAN, NAN, NAN};
	c->change_abs = c->change_pct = c->mde_pct = c->mde_abs = NAN;
	c->ci_half_abs = c->ci_half_pct = NAN;
	if (nb == 0 || nn == 0)
		return -1;
	struct sample_stats sb, sn;
	stats_describe(base, nb, &sb);
	stats_describe(nw, nn, &sn);
	c->change_abs = sn.mean - sb.mean;
	if (sb.mean != 0)
		c->change_pct = 100.0 * (sn.mean - sb.mean) / fabs(sb.mean);
	else if (sn.mean == 0)
		c->change_pct = 0;
	c->testable = nb >= 2 && nn >= 2;
	if (!c->testable)
		return 0;
	stats_welch(nw, nn, base, nb, &c->welch);
	c->significant = c->welch.p < alpha;
	c->mw_used = nb >= STATS_MW_MIN_N && nn >= STATS_MW_MIN_N;
	if (c->mw_used) {
		stats_mann_whitney(nw, nn, base, nb, &c->mw);
		c->significant = c->significant && c->mw.p < alpha;
	}
	c->mde_abs = stats_mde(nb, sb.stddev, nn, sn.stddev, alpha, MDE_POWER);
	c->ci_half_abs = stats_diff_ci_half(nb, sb.stddev, nn, sn.stddev, 0.95);
	if (sb.mean != 0) {
		c->mde_pct = 100.0 * c->mde_abs / fabs(sb.mean);
		c->ci_half_pct = 100.0 * c->ci_half_abs / fabs(sb.mean);
	}
	return 0;
}

int stats_ratio_est(double mx, double sx, double dfx, double my, double sy, double dfy,
		    struct ratio_result *r)
{
	*r = (struct ratio_result){NAN, NAN, NAN, NAN, NAN, NAN};
	if (!isfinite(mx) || !isfinite(my) || my == 0 || !(sx >= 0) || !(sy >= 0) || !(dfx > 0) ||
	    !(dfy > 0))
		return -1;
	r->ratio = mx / my;
	/* The two variance terms of the ratio, each a squared standard error. */
	double ax = sx * sx / (my * my), ay = r->ratio * r->ratio * sy * sy / (my * my);
	r->se = sqrt(ax + ay);
	r->df = ax + ay == 0 ? dfx + dfy : (ax + ay) * (ax + ay) / (ax * ax / dfx + ay * ay / dfy);
	r->ci_half = r->se == 0 ? 0 : gsl_cdf_tdist_Pinv(0.975, r->df) * r->se;
	r->ci_lo = r->ratio - r->ci_half;
	r->ci_hi = r->ratio + r->ci_half;
	return 0;
}

int stats_ratio(const double *x, size_t nx, const double *y, size_t ny, struct ratio_result *r)
{
	*r = (struct ratio_result){NAN, NAN, NAN, NAN, NAN, NAN};
	if (nx < 2 || ny < 2)
		return -1;
	double mx = gsl_stats_mean(x, 1, nx), my = gsl_stats_mean(y, 1, ny);
	double sx = gsl_stats_sd_m(x, 1, nx, mx) / sqrt((double)nx);
	double sy = gsl_stats_sd_m(y, 1, ny, my) / sqrt((double)ny);
	return stats_ratio_est(mx, sx, (double)(nx - 1), my, sy, (double)(ny - 1), r);
}

int stats_trimmed(const double *x, size_t n, double trim, double *mean, double *se, double *df)
{
	*mean = *se = *df = NAN;
	size_t k = (size_t)floor(trim * (double)n);
	if (!(trim >= 0 && trim < 0.5) || n < 2 * k + 2)
		return -1;
	double *v = sorted_copy(x, n);
	if (!v)
		return -1;
	size_t h = n - 2 * k;
	*mean = gsl_stats_mean(v + k, 1, h);
	/* Winsorize: the k smallest become v[k], the k largest v[n-k-1]. */
	for (size_t i = 0; i < k; i++) {
		v[i] = v[k];
		v[n - 1 - i] = v[n - 1 - k];
	}
	double sw = gsl_stats_sd(v, 1, n);
	free(v);
	*se = sw / ((1 - 2 * (double)k / (double)n) * sqrt((double)n));
	*df = (double)(h - 1);
	return 0;
}

int stats_paired_log_ratio(const double *x, const double *y, size_t n, double trim,
			   struct ratio_result *r)
{
	*r = (struct ratio_result){NAN, NAN, NAN, NAN, NAN, NAN};
	double *d = malloc((n ? n : 1) * sizeof(*d)), m, s, df;
	if (!d)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!(x[i] > 0) || !(y[i] > 0) || !isfinite(x[i]) || !isfinite(y[i])) {
			free(d);
			return -1;
		}
		d[i] = log(x[i] / y[i]);
	}
	int rc = stats_trimmed(d, n, trim, &m, &s, &df);
	free(d);
	if (rc < 0)
		return -1;
	double t = s == 0 ? 0 : gsl_cdf_tdist_Pinv(0.975, df);
	r->ratio = exp(m);
	r->se = r->ratio * s;
	r->df = df;
	r->ci_lo = exp(m - t * s);
	r->ci_hi = exp(m + t * s);
	r->ci_half = (r->ci_hi - r->ci_lo) / 2;
	return 0;
}

int stats_estimate_diff(double a, double sa, double dfa, double b, double sb, double dfb,
			struct welch_result *r)
{
	*r = (struct welch_result){NAN, NAN, NAN};
	if (!isfinite(a) || !isfinite(b) || !isfinite(sa) || !isfinite(sb) || sa < 0 || sb < 0 ||
	    !(dfa > 0) || !(dfb > 0))
		return -1;
	double va = sa * sa, vb = sb * sb, se = sqrt(va + vb);
	r->df = va + vb == 0 ? dfa + dfb : (va + vb) * (va + vb) / (va * va / dfa + vb * vb / dfb);
	welch_t_p(b - a, se, r);
	return 0;
}
