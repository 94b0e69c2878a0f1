/* plot.h - limit-vs-sys plot: data export and the gnuplot run.
 *
 * For an image OUT.png (or .svg) the data goes to the directory OUT.data/:
 * meta.gp (set and workload names, each workload's steps as x categories) and,
 * per workload W and set K, W-K.dat (sys time relative to the set's own root,
 * with the 95% CI) and W-K.fail (labels of steps with failed trials); see
 * plots/limit-vs-sys.gp.
 * gnuplot then runs plots/limit-vs-sys.gp, found in $KMEMBENCH_PLOTS, next to
 * the executable (../plots, ../../plots) or in ./plots.
 */
#ifndef KMB_PLOT_H
#define KMB_PLOT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "setlist.h"

#define PLOT_SCRIPT	 "limit-vs-sys.gp"
#define PLOT_DEFAULT_OUT "plots/limit-vs-sys.png"

/* Checks that @out can be written: suffix .png or .svg, parent directory
 * exists. Returns 0, or -1 with one line (value and what is accepted) in @err. */
int plot_check_out(const char *out, char *err, size_t errlen);
/* Finds gnuplot script @name (e.g. PLOT_SCRIPT); -1 with a message in @err
 * when it is nowhere. */
int plot_find_script(const char *name, char *path, size_t len, char *err, size_t errlen);
/* Writes the data files of @rs into the existing directory @data; -1 with errno. */
typedef int (*plot_export_fn)(const struct setlist *rs, const char *data);
/* Exports @rs with @export into OUT.data/ and renders @out with gnuplot script
 * @name (via a temporary file renamed into place). 0, or -1 with one line in @err. */
int plot_render_script(const char *name, plot_export_fn export, const struct setlist *rs,
		       const char *out, char *err, size_t errlen);
/* gnuplot string literal body of @s (single quotes doubled) onto @f. */
void plot_gp_quote(FILE *f, const char *s);
/* " VALUE" onto @f, or " ?" (gnuplot's missing value) for NAN. */
void plot_dat_num(FILE *f, double v);
/* Exports the data of @rs and renders @out with gnuplot (via a temporary file
 * renamed into place). Returns 0, or -1 with one line in @err. */
int plot_render(const struct setlist *rs, const char *out, char *err, size_t errlen);
/* Like plot_render, but native and emulated (virt tcg) sets never share an axis
 * unless @mixed: with both kinds present, native sets go to @out and TCG sets to
 * @out with "-tcg" before the suffix. Fills @outs with the images written and
 * *@nouts with their count. Returns 0, or -1 with one line in @err. */
int plot_render_split(const struct setlist *rs, const char *out, bool mixed, char outs[2][PATH_MAX],
		      size_t *nouts, char *err, size_t errlen);

#endif
