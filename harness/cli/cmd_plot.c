/* cmd_plot.c - `kmembench plot [-o FILE.png|FILE.svg] [--mixed] DIR...`. */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cliopt.h"
#include "cli/commands.h"
#include "analysis/plot.h"

int cmd_plot(int argc, char **argv)
{
	const char *out = PLOT_DEFAULT_OUT, *v;
	char **dirs = calloc((size_t)argc, sizeof(*dirs)), err[1024];
	int ndirs = 0, k, rc = 2;
	bool mixed = false;
	if (!dirs)
		return 1;
	for (int i = 1; i < argc; i++) {
		if (!cliopt_is_option(argv[i])) {
			dirs[ndirs++] = argv[i];
			continue;
		}
		if (!strcmp(argv[i], "--mixed")) {
			mixed = true;
			continue;
		}
		k = cliopt_value(argc, argv, &i, "-o", &v, "plot");
		if (k < 0)
			goto done;
		if (k == 0) {
			fprintf(stderr, "kmembench plot: unknown option '%s' (accepted: -o FILE, --mixed)\n",
				argv[i]);
			goto done;
		}
		out = v;
	}
	if (ndirs == 0) {
		fprintf(stderr, "kmembench plot: missing result set (usage: kmembench plot [-o "
				"FILE.png|.svg] [--mixed] DIR...)\n");
		goto done;
	}
	if (plot_check_out(out, err, sizeof(err)) < 0) {
		fprintf(stderr, "kmembench plot: %s\n", err);
		goto done;
	}
	struct setlist rs;
	if (setlist_load(&rs, dirs, (size_t)ndirs, "plot") < 0 ||
	    setlist_drop_micro(&rs, "plot") < 0)
		goto done;
	char outs[2][PATH_MAX];
	size_t nouts;
	rc = plot_render_split(&rs, out, mixed, outs, &nouts, err, sizeof(err)) < 0 ? 1 : 0;
	if (rc)
		fprintf(stderr, "kmembench plot: %s\n", err);
	for (size_t i = 0; i < nouts; i++)
		printf("%s\n", outs[i]);
	setlist_free(&rs);
done:
	free(dirs);
	return rc;
}
