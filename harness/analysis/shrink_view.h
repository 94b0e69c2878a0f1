/* shrink_view.h - `show` tables of the limit-shrink and enomem-walk trials' `extra` keys. */
#ifndef KMB_SHRINK_VIEW_H
#define KMB_SHRINK_VIEW_H

#include <stdio.h>

#include "results.h"

/* Prints, per trial that reported them, the lowered limits and explicit shrinks
 * (shrink_<k>_*, reclaim_<phase>_*) and the per-syscall error counts (<sys>_calls ...).
 * Prints nothing for other trials. */
void shrink_view_print(const struct result_set *r, FILE *f);

#endif
