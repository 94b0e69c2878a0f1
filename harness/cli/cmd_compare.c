/* cmd_compare.c - `kmembench compare BASE DIR... | DIR [--metric M] [--alpha A] [--json]`. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cliopt.h"
#include "opttab.h"
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

static int apply_metric(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	int m = metric_parse(v->s);
	if (m < 0) {
		snprintf(err, errlen, "unknown metric '%s' (accepted: %s)", v->s, metric_names());
		return -1;
	}
	((struct compare_args *)conf)->metric = (enum metric)m;
	return 0;
}

static int apply_alpha(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	return cliopt_parse_alpha(v->s, &((struct compare_args *)conf)->alpha, err, errlen);
}

static int apply_json(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	(void)v, (void)err, (void)errlen;
	((struct compare_args *)conf)->json = 1;
	return 0;
}

static const struct opt compare_opts[] = {
    {.name = "metric",
     .where = OPT_CLI,
     .kind = OPT_TEXT,
     .what = "M",
     .help = "real, user, sys, failcnt, peak or kmem_peak (default sys; sets of trials)",
     .apply = apply_metric},
    CLIOPT_ALPHA_ROW(apply_alpha),
    {.name = "json",
     .where = OPT_CLI,
     .kind = OPT_FLAG,
     .help = "the model as JSON",
     .apply = apply_json},
    {.name = "vs",
     .where = OPT_CLI,
     .kind = OPT_FLAG,
     .help = "the sets before it are boots of kernel A, after it boots of kernel B"},
};
#define COMPARE_OPTS_N (sizeof(compare_opts) / sizeof(compare_opts[0]))
#define HINT	       "accepted: --metric M, --alpha A, --json, --vs"

/* Options and sets of argv[0..@argc) (options anywhere) into @g and a->dirs; 0, 1 for
 * -h/--help, -1 with one line in @err. */
static int parse_part(int argc, char **argv, struct compare_args *a, struct opt_given *g, char *err,
		      size_t errlen)
{
	struct opt_given h;
	int rc = opt_getopt_mixed(argc, argv, compare_opts, COMPARE_OPTS_N, HINT, &h, err, errlen);
	if (rc)
		return rc;
	if (opt_arg(compare_opts, COMPARE_OPTS_N, &h, "vs")) {
		snprintf(err, errlen, "--vs given twice (accepted: A1 A2 ... --vs B1 B2 ...)");
		return -1;
	}
	for (size_t i = 0; i < COMPARE_OPTS_N; i++)
		if (h.val[i])
			g->val[i] = h.val[i];
	for (int i = optind; i < argc; i++)
		a->dirs[a->ndirs++] = argv[i];
	return 0;
}

/* 0, 1 after -h/--help, -1 after one line on stderr. --vs splits the command line in two,
 * each parsed alone, so that it keeps its place among the sets. */
static int parse_args(int argc, char **argv, struct compare_args *a)
{
	*a = (struct compare_args){METRIC_SYS, 0.05, 0, NULL, 0, -1};
	a->dirs = calloc((size_t)argc + 1, sizeof(*a->dirs));
	char **rest = calloc((size_t)argc + 1, sizeof(*rest)), err[512];
	struct opt_given g = {0};
	int vs = 1, rc = -1;
	while (vs < argc && strcmp(argv[vs], "--vs") && strcmp(argv[vs], "--"))
		vs++;
	bool split = vs < argc && !strcmp(argv[vs], "--vs");
	if (!a->dirs || !rest) {
		snprintf(err, sizeof(err), "out of memory");
		goto out;
	}
	rc = parse_part(split ? vs : argc, argv, a, &g, err, sizeof(err));
	if (rc == 0 && split) {
		int n = 1;
		rest[0] = argv[0];
		for (int i = vs + 1; i < argc; i++)
			rest[n++] = argv[i];
		a->vs = a->ndirs;
		rc = parse_part(n, rest, a, &g, err, sizeof(err));
	}
	if (rc == 0)
		rc = opt_apply_given(compare_opts, COMPARE_OPTS_N, &g, a, err, sizeof(err));
	if (rc == 0 && a->ndirs == 0) {
		snprintf(err, sizeof(err), "missing result set (usage: " USAGE ")");
		rc = -1;
	}
out:
	free(rest);
	if (rc == 1) {
		printf("usage: " USAGE "\n");
		opt_help(stdout, compare_opts, COMPARE_OPTS_N);
	} else if (rc < 0) {
		fprintf(stderr, "kmembench compare: %s\n", err);
	}
	return rc;
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
	int prc = parse_args(argc, argv, &a);
	if (prc) {
		free(a.dirs);
		return prc < 0 ? 2 : 0;
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
