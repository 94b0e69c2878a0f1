/* cmd_plot.c - `kmembench plot [-o FILE.png|FILE.svg] [--mixed] DIR...`. */
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cliopt.h"
#include "commands.h"
#include "opttab.h"
#include "plot.h"
#include "plot_micro.h"

/* Sets of trials into @out (and OUT-tcg), micro sets into OUT-micro (or @out
 * when there are only micro sets); prints each image written. 0 or 1. */
static int render_all(const struct setlist *rs, const struct setlist *micro, const char *out,
		      bool mixed)
{
	char outs[3][PATH_MAX], err[600];
	size_t nouts = 0;
	int rc = 0;
	if (rs->n && plot_render_split(rs, out, mixed, outs, &nouts, err, sizeof(err)) < 0)
		rc = 1;
	if (!rc && micro->n) {
		if (rs->n)
			plot_micro_name(out, outs[nouts], PATH_MAX);
		else
			snprintf(outs[nouts], PATH_MAX, "%s", out);
		rc = plot_micro_render(micro, outs[nouts++], err, sizeof(err)) < 0;
	}
	if (rc)
		fprintf(stderr, "kmembench plot: %s\n", err);
	else
		for (size_t i = 0; i < nouts; i++)
			printf("%s\n", outs[i]);
	return rc;
}

static const struct opt plot_opts[] = {
    {.name = "output",
     .short_name = 'o',
     .where = OPT_CLI,
     .kind = OPT_TEXT,
     .what = "FILE.png|.svg",
     .help = "the image (default " PLOT_DEFAULT_OUT ")"},
    {.name = "mixed",
     .where = OPT_CLI,
     .kind = OPT_FLAG,
     .help = "TCG and KVM/native sets in one image (default: TCG to FILE-tcg)"},
};
#define PLOT_OPTS_N (sizeof(plot_opts) / sizeof(plot_opts[0]))

int cmd_plot(int argc, char **argv)
{
	const char *out = PLOT_DEFAULT_OUT;
	char **dirs = calloc((size_t)argc, sizeof(*dirs)), err[1024];
	int ndirs = 0, rc = 2;
	struct opt_given g;
	if (!dirs)
		return 1;
	int k =
	    cliopt_parse("plot", "kmembench plot [-o FILE.png|.svg] [--mixed] DIR...", argc, argv,
			 plot_opts, PLOT_OPTS_N, "accepted: -o FILE, --mixed", true, -1, &g);
	if (k) {
		rc = k == 1 ? 0 : 2;
		goto done;
	}
	const char *given = opt_arg(plot_opts, PLOT_OPTS_N, &g, "output");
	if (given)
		out = given;
	bool mixed = opt_arg(plot_opts, PLOT_OPTS_N, &g, "mixed") != NULL;
	for (int i = optind; i < argc; i++)
		dirs[ndirs++] = argv[i];
	if (ndirs == 0) {
		fprintf(stderr, "kmembench plot: missing result set (usage: kmembench plot [-o "
				"FILE.png|.svg] [--mixed] DIR...)\n");
		goto done;
	}
	if (plot_check_out(out, err, sizeof(err)) < 0) {
		fprintf(stderr, "kmembench plot: %s\n", err);
		goto done;
	}
	struct setlist rs, micro;
	if (setlist_load(&rs, dirs, (size_t)ndirs, "plot") < 0)
		goto done;
	if (setlist_split_micro(&rs, &micro) < 0) {
		fprintf(stderr, "kmembench plot: out of memory\n");
		setlist_free(&rs);
		goto done;
	}
	rc = render_all(&rs, &micro, out, mixed);
	setlist_free(&rs);
	setlist_free(&micro);
done:
	free(dirs);
	return rc;
}
