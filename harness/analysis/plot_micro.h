/* plot_micro.h - the per-op overhead plot of micro sets.
 *
 * For an image OUT.png (or .svg) the data goes to OUT.data/: meta.gp (nops,
 * xtics with the op names, nseries, series_S titles "SET: ARM vs root", ybot,
 * ytop) and per series S (one per set and non-root arm) S.dat: op index, the
 * overhead in %, its 95% CI low and high. Ops are ordered by the overhead of
 * the first arm that is not the A/A control, largest first. gnuplot runs plots/micro-overhead.gp
 * (found like the limit-vs-sys script). Overheads are relative to each set's own root, so native
 * and TCG sets share the axis; TCG series say so in their titles.
 */
#ifndef KMB_PLOT_MICRO_H
#define KMB_PLOT_MICRO_H

#include <stddef.h>

#include "setlist.h"

#define PLOT_MICRO_SCRIPT "micro-overhead.gp"
#define PLOT_MICRO_AA_ARM "root2" /* the A/A control arm (MICRO_CONF_AA_ARM) */

/* Renders @out from the micro sets @rs. 0, or -1 with one line in @err. */
int plot_micro_render(const struct setlist *rs, const char *out, char *err, size_t errlen);

/* OUT with "-micro" before its suffix (.png or .svg). */
void plot_micro_name(const char *out, char *buf, size_t len);

#endif
