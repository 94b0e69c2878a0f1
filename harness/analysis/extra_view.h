/* extra_view.h - `show`'s per-step table of the extra keys a workload declares (wl.h show). */
#ifndef KMB_EXTRA_VIEW_H
#define KMB_EXTRA_VIEW_H

#include <jansson.h>
#include <stdio.h>

#include "results.h"

/* {KEY: median over the cell's ok trials, or null} for the keys workload @wl
 * (an instance name "NAME.X" counts as NAME) declares; NULL when it declares none. */
json_t *extra_view_model(const struct result_set *r, const char *wl, const char *step);

/* Prints the table of the "extra" objects of workload model @w's steps; nothing
 * when its steps have none. */
void extra_view_print(const json_t *w, FILE *f);

#endif
