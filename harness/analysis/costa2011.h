/* costa2011.h - the 2011 numbers (Glauber Costa, kmem cgroup prototype for the
 * dentry cache, 13 Oct 2011), copied from shared/reference/costa-2011.md:
 * `find /` on a freshly booted laptop, each configuration run once, kernel
 * 3.1-era, kmem hard/soft limits of the prototype. */
#ifndef KMB_COSTA2011_H
#define KMB_COSTA2011_H

#include <stddef.h>

struct costa_row {
	const char *step;	       /* kmembench step label it corresponds to, or NULL */
	const char *config;	       /* the configuration as named in 2011 */
	unsigned long long hard, soft; /* its limits in bytes (0 = none) */
	double real_s, user_s, sys_s;
};

/* The rows in the 2011 order; *@n gets their count. */
const struct costa_row *costa2011_rows(size_t *n);
/* The row for kmembench step @step, or NULL. */
const struct costa_row *costa2011_find(const char *step);
/* The 2011 root-cgroup row (the reference of "vs root"). */
const struct costa_row *costa2011_root(void);

#endif
