/* boots.h - kernel A/B over several boots a side: a two-level model (rounds within a boot,
 * boots within a kernel) in which the boot-to-boot variance counts. */
#ifndef KMB_BOOTS_H
#define KMB_BOOTS_H

#include <stdbool.h>
#include <stddef.h>

/* One op's verdict. Each boot contributes its overhead estimate (from its paired rounds,
 * with its standard error); the boots of a kernel are the replicates. The change is the
 * difference of the kernels' mean overheads (B - A, percentage points); its standard error
 * comes from the pooled variance of the boot estimates around their kernel's mean
 * (df = boots - 2), which holds the within-boot error and the between-boot variance
 * alike; t quantiles from GSL. */
struct boots_ab {
	size_t na, nb;
	double mean_a, mean_b;
	double change;	   /* mean_b - mean_a, points */
	double sd_boot;	   /* pooled sd of one boot's estimate around its kernel's mean */
	double within_se;  /* root mean square of the boots' own standard errors */
	double between_sd; /* sqrt(max(0, sd_boot^2 - within_se^2)): the boot-to-boot part */
	int df;
	double se, ci95, mde; /* of the change; mde at alpha 0.05 two-sided, power 0.8 */
	bool significant;     /* |change| > ci95 */
	int boots_for_1pt;    /* boots a side for an mde of 1 point at this sd (0: > 100) */
};

/* Fills @r from the boot estimates @a[na], @b[nb] and their standard errors @sea, @seb
 * (NULL: unknown, within_se is then NAN). -1 (errno EINVAL) with fewer than two boots a
 * side. */
int boots_ab(const double *a, const double *sea, size_t na, const double *b, const double *seb,
	     size_t nb, double alpha, double power, struct boots_ab *r);

/* The mde of a change between two kernels with @n boots each at boot sd @sd. */
double boots_mde(size_t n, double sd, double alpha, double power);

#endif
