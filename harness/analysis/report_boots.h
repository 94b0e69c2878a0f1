/* report_boots.h - the report's kernel A/B section: the multi-boot verdict of each A/B group. */
#ifndef KMB_REPORT_BOOTS_H
#define KMB_REPORT_BOOTS_H

#include <stdio.h>

/* True when @dir is an A/B group folder (it holds manifest.json). */
int report_boots_is_group(const char *dir);

/* "## Kernel A/B over several boots" with, per group folder, its sides and the table of
 * `kmembench compare GROUP` (boots_view.h). Nothing when @n is 0. -1 (message printed)
 * when a group cannot be read. */
int report_boots_section(char *const *groups, size_t n, double alpha, FILE *f);

#endif
