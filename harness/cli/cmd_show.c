/* cmd_show.c - `kmembench show DIR [--json]`: one result set as a table. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cliopt.h"
#include "commands.h"
#include "caches_view.h"
#include "micro_view.h"
#include "opttab.h"
#include "setlist.h"
#include "shrink_view.h"
#include "summary.h"

static const struct opt show_opts[] = {
    {.name = "json", .where = OPT_CLI, .kind = OPT_FLAG, .help = "the table as JSON"},
    {.name = "caches",
     .where = OPT_CLI,
     .kind = OPT_FLAG,
     .help = "what each step charged, per cache"},
};
#define SHOW_OPTS_N (sizeof(show_opts) / sizeof(show_opts[0]))

static int usage_error(const char *what)
{
	fprintf(stderr, "kmembench show: %s (usage: kmembench show DIR [--json] [--caches])\n",
		what);
	return 2;
}

/* With --caches the per-cache breakdown; without, one line when the set has one. */
static void print_caches(const struct result_set *r, const char *dir, bool micro, int caches)
{
	if (!caches_view_any(r)) {
		if (caches)
			printf("\nno per-cache breakdown in %s (made by run --caches or micro "
			       "--caches)\n",
			       dir);
		return;
	}
	if (!caches)
		printf("\nper-cache breakdown present: kmembench show %s --caches\n", dir);
	else if (micro)
		caches_view_micro_print(r, stdout, CACHES_VIEW_TOP);
	else
		caches_view_print(r, stdout, CACHES_VIEW_TOP);
}

int cmd_show(int argc, char **argv)
{
	struct opt_given g;
	char *dir = NULL;
	int rc = cliopt_parse("show", "kmembench show DIR [--json] [--caches]", argc, argv,
			      show_opts, SHOW_OPTS_N, "accepted: --json, --caches", true, -1, &g);
	if (rc)
		return rc == 1 ? 0 : 2;
	int json = opt_arg(show_opts, SHOW_OPTS_N, &g, "json") != NULL;
	int caches = opt_arg(show_opts, SHOW_OPTS_N, &g, "caches") != NULL;
	if (optind < argc)
		dir = argv[optind];
	if (optind + 1 < argc) {
		fprintf(stderr, "kmembench show: extra argument '%s' (show takes one DIR)\n",
			argv[optind + 1]);
		return 2;
	}
	if (!dir)
		return usage_error("missing result set DIR");
	struct setlist rs;
	if (setlist_load(&rs, &dir, 1, "show") < 0)
		return 2;
	bool micro = results_is_micro(&rs.runs[0]);
	json_t *m =
	    micro ? micro_view_show_model(&rs.runs[0], dir) : summary_model(&rs.runs[0], dir);
	rc = 0;
	if (!m) {
		fprintf(stderr, "kmembench show: out of memory\n");
		rc = 1;
	} else if (json) {
		json_dumpf(m, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
	} else {
		char head[1024];
		if (micro)
			micro_view_header(&rs.runs[0], head, sizeof(head));
		else
			summary_header(&rs.runs[0], head, sizeof(head));
		printf("%s\n%s\n", dir, head);
		if (summary_busy(&rs.runs[0], head, sizeof(head)))
			printf("%s\n", head);
		if (!micro && summary_skipped(&rs.runs[0], head, sizeof(head)))
			printf("%s\n", head);
		if (micro)
			micro_view_show_print(m, stdout);
		else
			summary_print_text(m, stdout);
		if (!micro)
			summary_reasons(&rs.runs[0], stdout);
		if (!micro)
			shrink_view_print(&rs.runs[0], stdout);
		print_caches(&rs.runs[0], dir, micro, caches);
	}
	json_decref(m);
	setlist_free(&rs);
	return rc;
}
