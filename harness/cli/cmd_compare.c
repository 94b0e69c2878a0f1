/* cmd_compare.c - `kmembench compare BASE DIR... | DIR [--metric M] [--alpha A] [--json]`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cliopt.h"
#include "commands.h"
#include "boots_view.h"
#include "compare.h"
#include "micro_view.h"

#define USAGE                                                                                      \
	"kmembench compare BASE [DIR...] | A1 A2... --vs B1 B2... | GROUP [--metric M] "           \
	"[--alpha A] [--json]"

struct compare_args {
	enum metric metric;
	double alpha;
	int json;
	char **dirs;
	int ndirs;
	int vs; /* --vs: dirs before it are side A, after it side B (-1: none) */
};

/* Parses one option at argv[*i]; 0 ok, -1 bad (message printed). */
static int parse_option(int argc, char **argv, int *i, struct compare_args *a)
{
	const char *v;
	int k;
	if (!strcmp(argv[*i], "--json")) {
		a->json = 1;
		return 0;
	}
	if (!strcmp(argv[*i], "--vs") && a->vs < 0) {
		a->vs = a->ndirs;
		return 0;
	}
	if ((k = cliopt_value(argc, argv, i, "--metric", &v, "compare")) != 0) {
		int m = k > 0 ? metric_parse(v) : -1;
		if (k > 0 && m < 0)
			fprintf(stderr, "kmembench compare: unknown metric '%s' (accepted: %s)\n",
				v, metric_names());
		a->metric = (enum metric)m;
		return m < 0 ? -1 : 0;
	}
	if ((k = cliopt_value(argc, argv, i, "--alpha", &v, "compare")) != 0)
		return k < 0 ? -1 : cliopt_alpha(v, &a->alpha, "compare");
	fprintf(stderr,
		"kmembench compare: unknown option '%s' (accepted: --metric, --alpha, --json, "
		"--vs)\n",
		argv[*i]);
	return -1;
}

static int parse_args(int argc, char **argv, struct compare_args *a)
{
	*a = (struct compare_args){METRIC_SYS, 0.05, 0, NULL, 0, -1};
	a->dirs = calloc((size_t)argc, sizeof(*a->dirs));
	if (!a->dirs)
		return -1;
	for (int i = 1; i < argc; i++) {
		if (!cliopt_is_option(argv[i]))
			a->dirs[a->ndirs++] = argv[i];
		else if (parse_option(argc, argv, &i, a) < 0)
			return -1;
	}
	if (a->ndirs == 0) {
		fprintf(stderr, "kmembench compare: missing result set (usage: " USAGE ")\n");
		return -1;
	}
	return 0;
}

/* Loads side A and B (micro sets, two boots a side at least) and prints the multi-boot
 * table; the exit status. */
static int compare_boots(char **pa, size_t na, char **pb, size_t nb, const struct compare_args *a)
{
	struct setlist sa, sb;
	if (na < 2 || nb < 2) {
		fprintf(stderr,
			"kmembench compare: %zu set(s) before --vs and %zu after (accepted: two "
			"boots a side at least, micro sets)\n",
			na, nb);
		return 2;
	}
	if (setlist_load(&sa, pa, na, "compare") < 0)
		return 2;
	if (setlist_load(&sb, pb, nb, "compare") < 0) {
		setlist_free(&sa);
		return 2;
	}
	int rc = 0;
	if (setlist_count_micro(&sa) != na || setlist_count_micro(&sb) != nb) {
		fprintf(stderr, "kmembench compare: --vs and A/B groups take micro sets only "
				"(accepted: sets made by kmembench micro)\n");
		rc = 2;
	} else {
		json_t *m = boots_model(&sa, &sb, a->alpha);
		if (!m) {
			rc = 1;
		} else if (a->json) {
			json_dumpf(m, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			fputc('\n', stdout);
		} else {
			boots_print(m, stdout);
		}
		json_decref(m);
	}
	setlist_free(&sa);
	setlist_free(&sb);
	return rc;
}

/* A single GROUP folder with manifest.json: its A and B sets. -1 when DIR is no group. */
static int compare_group(const char *dir, const struct compare_args *a)
{
	char **pa, **pb, err[4096];
	size_t na, nb;
	int g = boots_group_load(dir, &pa, &na, &pb, &nb, err, sizeof(err));
	if (g < 0)
		fprintf(stderr, "kmembench compare: %s\n", err);
	int rc = g == 0 ? compare_boots(pa, na, pb, nb, a) : g < 0 ? 2 : -1;
	boots_paths_free(pa, na);
	boots_paths_free(pb, nb);
	return rc;
}

int cmd_compare(int argc, char **argv)
{
	struct compare_args a;
	if (parse_args(argc, argv, &a) < 0) {
		free(a.dirs);
		return 2;
	}
	int brc = a.vs >= 0	 ? compare_boots(a.dirs, (size_t)a.vs, a.dirs + a.vs,
						 (size_t)(a.ndirs - a.vs), &a)
		  : a.ndirs == 1 ? compare_group(a.dirs[0], &a)
				 : -1;
	if (brc >= 0) {
		free(a.dirs);
		return brc;
	}
	struct setlist rs;
	if (setlist_load(&rs, a.dirs, (size_t)a.ndirs, "compare") < 0) {
		free(a.dirs);
		return 2;
	}
	size_t micro = setlist_count_micro(&rs);
	if (micro && micro != rs.n) {
		fprintf(stderr,
			"kmembench compare: %s mixes micro sets and sets of trials (accepted: "
			"all of one kind)\n",
			a.dirs[0]);
		setlist_free(&rs);
		free(a.dirs);
		return 2;
	}
	json_t *m = micro	? micro_view_compare_model(&rs, a.alpha)
		    : rs.n == 1 ? compare_steps_model(&rs, 0, a.metric, a.alpha)
				: compare_sets_model(&rs, a.metric, a.alpha);
	int rc = 0;
	if (!m) {
		fprintf(stderr, "kmembench compare: out of memory\n");
		rc = 1;
	} else if (a.json) {
		json_dumpf(m, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
	} else if (micro) {
		micro_view_compare_print(m, stdout);
	} else {
		compare_print(m, CMP_TEXT, stdout);
	}
	json_decref(m);
	setlist_free(&rs);
	free(a.dirs);
	return rc;
}
