/* report_micro.h - the report's section on micro sets (per-operation accounting cost). */
#ifndef KMB_REPORT_MICRO_H
#define KMB_REPORT_MICRO_H

#include <stdio.h>

#include "setlist.h"

/* One summary line per micro set of @micro (for the report's summary). */
void report_micro_summary(const struct setlist *micro, FILE *f);

/* "## Per-operation cost (kmembench micro)": per arm a table of ops x sets
 * (overhead against root with its 95% CI, * when significant), the A/A count
 * where an arm is a second root, the plot @image (NULL: none), and each set's
 * design (rounds, block length, ns per op). Nothing when @micro is empty. */
void report_micro_section(const struct setlist *micro, const char *image, FILE *f);

#endif
