/* boots.c - the multi-boot A/B statistics (boots.h). */
#include <errno.h>
#include <gsl/gsl_cdf.h>
#include <math.h>

#include "boots.h"

static double mean(const double *x, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += x[i];
	return s / (double)n;
}

static double ss(const double *x, size_t n, double m)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += (x[i] - m) * (x[i] - m);
	return s;
}

static double rms(const double *x, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += x[i] * x[i];
	return sqrt(s / (double)n);
}

double boots_mde(size_t n, double sd, double alpha, double power)
{
	double df = 2.0 * (double)n - 2;
	if (n < 2)
		return NAN;
	return (gsl_cdf_tdist_Pinv(1 - alpha / 2, df) + gsl_cdf_tdist_Pinv(power, df)) * sd *
	       sqrt(2.0 / (double)n);
}

int boots_ab(const double *a, const double *sea, size_t na, const double *b, const double *seb,
	     size_t nb, double alpha, double power, struct boots_ab *r)
{
	if (na < 2 || nb < 2) {
		errno = EINVAL;
		return -1;
	}
	r->na = na;
	r->nb = nb;
	r->mean_a = mean(a, na);
	r->mean_b = mean(b, nb);
	r->change = r->mean_b - r->mean_a;
	r->df = (int)(na + nb - 2);
	r->sd_boot = sqrt((ss(a, na, r->mean_a) + ss(b, nb, r->mean_b)) / r->df);
	r->se = r->sd_boot * sqrt(1.0 / (double)na + 1.0 / (double)nb);
	double t = gsl_cdf_tdist_Pinv(1 - alpha / 2, r->df);
	r->ci95 = t * r->se;
	r->mde = (t + gsl_cdf_tdist_Pinv(power, r->df)) * r->se;
	r->significant = fabs(r->change) > r->ci95;
	if (sea && seb) {
		double w[2] = {rms(sea, na), rms(seb, nb)};
		r->within_se =
		    sqrt((w[0] * w[0] * (double)(na - 1) + w[1] * w[1] * (double)(nb - 1)) / r->df);
		double b2 = r->sd_boot * r->sd_boot - r->within_se * r->within_se;
		r->between_sd = b2 > 0 ? sqrt(b2) : 0;
	} else {
		r->within_se = r->between_sd = NAN;
	}
	r->boots_for_1pt = 0;
	for (size_t n = 2; n <= 100; n++)
		if (boots_mde(n, r->sd_boot, alpha, power) <= 1.0) {
			r->boots_for_1pt = (int)n;
			break;
		}
	return 0;
}
