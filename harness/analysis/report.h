/* report.h - the markdown report: summary first, the 2011 table once, each set's
 * ladder, plots, comparisons, environments. */
#ifndef KMB_REPORT_H
#define KMB_REPORT_H

#include <stdio.h>

#include "analysis/setlist.h"

/* The line after which a report's hand-written part starts; `report` keeps
 * everything below it when it regenerates an existing file. */
#define REPORT_MARKER "<!-- hand-written interpretation below -->"

/* Writes the generated part of the report (up to and including the marker
 * line) to @f; @images are the plots' paths relative to the report. Returns 0, or
 * -1 when a model could not be built (ENOMEM). */
int report_write(const struct setlist *rs, const char *const *images, size_t nimages,
		 double alpha, FILE *f);

#endif
