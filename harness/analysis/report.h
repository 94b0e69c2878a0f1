/* report.h - the markdown report: environments, the 2011 table beside this
 * box's, compare tables, the plot and a generated summary. */
#ifndef KMB_REPORT_H
#define KMB_REPORT_H

#include <stdio.h>

#include "analysis/setlist.h"

/* The line after which a report's hand-written part starts; `report` keeps
 * everything below it when it regenerates an existing file. */
#define REPORT_MARKER "<!-- hand-written interpretation below -->"

/* Writes the generated part of the report (up to and including the marker
 * line) to @f; @image is the plot's path relative to the report. Returns 0, or
 * -1 when a model could not be built (ENOMEM). */
int report_write(const struct setlist *rs, const char *image, double alpha, FILE *f);

#endif
