/* report_base.h - which set a report compares the others against, chosen on purpose. */
#ifndef KMB_REPORT_BASE_H
#define KMB_REPORT_BASE_H

#include <stddef.h>

#include "setlist.h"

/* The index of the base among the sets of trials @rs: the one whose path is @named (NULL:
 * choose), or else the newest set with the default profile (else the newest) among the
 * native sets of the machine that has the most native sets (unknown machines count as one
 * machine). Writes one sentence saying which and why into @why. Returns the index, or
 * -1 when @named is not among the paths (@why names it). */
long report_base_pick(const struct setlist *rs, const char *named, char *why, size_t len);

/* Moves set @i to the front (the base position), keeping the others' order. */
void report_base_move_first(struct setlist *rs, size_t i);

#endif
