/* report.h - the markdown report: summary first, the 2011 table once, each set's
 * ladder, plots, comparisons, environments. */
#ifndef KMB_REPORT_H
#define KMB_REPORT_H

#include <stdio.h>

#include "setlist.h"

/* The line after which a report's hand-written part starts; `report` keeps
 * everything below it when it regenerates an existing file. */
#define REPORT_MARKER "<!-- hand-written interpretation below -->"

/* The hand-written abstract at the top sits between these two lines; `report`
 * keeps it and writes it first, before the generated appendix. */
#define REPORT_ABSTRACT_BEGIN "<!-- hand-written abstract -->"
#define REPORT_ABSTRACT_END   "<!-- end of abstract -->"

/* Writes the generated part of the report, the appendix (from its heading up
 * to and including the marker line; the title and abstract are the caller's), to @f from the sets
 * of trials @rs and the micro sets @micro (either may be empty); @images are the limit-vs-sys
 * plots' paths relative to the report,
 * @micro_image the micro plot's (NULL: none); @base_why says how rs's first set, the base,
 * was chosen (report_base.h; NULL: not said); @groups[@ngroups] are A/B group folders
 * (report_boots.h). Returns 0, or -1 when a model could not be built (ENOMEM) or a group
 * could not be read. */
int report_write(const struct setlist *rs, const struct setlist *micro, const char *const *images,
		 size_t nimages, const char *micro_image, double alpha, const char *base_why,
		 char *const *groups, size_t ngroups, FILE *f);

#endif
