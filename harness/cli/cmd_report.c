/* cmd_report.c - `kmembench report [-o FILE.md] [--alpha A] DIR...`.
 *
 * Writes the markdown report (stdout without -o) and its plot, which goes to
 * plots/limit-vs-sys.png beside the report. An existing FILE.md keeps what
 * follows its marker line (the hand-written interpretation) and what lies
 * between its abstract markers (the hand-written abstract, written first); an
 * existing file without the marker is refused, so nothing hand-written is
 * ever lost. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cliopt.h"
#include "commands.h"
#include "plot.h"
#include "plot_micro.h"
#include "opttab.h"
#include "report.h"
#include "report_base.h"
#include "report_boots.h"
#include "util.h"

#define USAGE	  "kmembench report [-o FILE.md] [--base DIR] [--alpha A] DIR|GROUP..."
#define IMAGE_REL "plots/limit-vs-sys.png"

struct report_args {
	const char *out; /* NULL: stdout */
	double alpha;
	char **dirs;
	int ndirs;
	const char *base; /* --base DIR, or NULL: report_base_pick() chooses */
	char **groups;	  /* A/B group folders among the DIRs (report_boots.h) */
	size_t ngroups;
};

/* --alpha A: 0 < A < 1. */
static int apply_alpha(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	return cliopt_parse_alpha(v->s, &((struct report_args *)conf)->alpha, err, errlen);
}

static const struct opt report_opts[] = {
    {.name = "output",
     .short_name = 'o',
     .where = OPT_CLI,
     .kind = OPT_TEXT,
     .what = "FILE.md",
     .help = "write the report there (default: stdout) and its plots/ beside it"},
    {.name = "base",
     .where = OPT_CLI,
     .kind = OPT_TEXT,
     .what = "DIR",
     .help = "the set the others are compared with (default: picked)"},
    CLIOPT_ALPHA_ROW(apply_alpha),
};
#define REPORT_OPTS_N (sizeof(report_opts) / sizeof(report_opts[0]))

/* 0, 1 after -h/--help, -1 after one line on stderr. */
static int parse_args(int argc, char **argv, struct report_args *a)
{
	struct opt_given g;
	char oerr[512];
	int rc = cliopt_parse("report", USAGE, argc, argv, report_opts, REPORT_OPTS_N,
			      "accepted: -o FILE, --base DIR, --alpha A", true, -1, &g);
	if (rc)
		return rc == 1 ? 1 : -1;
	if (opt_apply_given(report_opts, REPORT_OPTS_N, &g, a, oerr, sizeof(oerr)) < 0) {
		fprintf(stderr, "kmembench report: %s\n", oerr);
		return -1;
	}
	a->out = opt_arg(report_opts, REPORT_OPTS_N, &g, "output");
	a->base = opt_arg(report_opts, REPORT_OPTS_N, &g, "base");
	for (int i = optind; i < argc; i++)
		if (report_boots_is_group(argv[i]))
			a->groups[a->ngroups++] = argv[i];
		else
			a->dirs[a->ndirs++] = argv[i];
	if (a->ndirs == 0) {
		fprintf(stderr, "kmembench report: missing result set (usage: " USAGE ")\n");
		return -1;
	}
	char err[PATH_MAX + 64];
	if (a->out && util_out_dir_ok(a->out, err, sizeof(err)) < 0) {
		fprintf(stderr,
			"kmembench report: bad output '%s': %s (it and plots/ beside it are "
			"written there)\n",
			a->out, err);
		return -1;
	}
	return 0;
}

/* The text between the abstract markers of @text, malloc'ed ("" when @text has
 * none); NULL when the end marker is missing (message printed) or on ENOMEM. */
static char *abstract_of(const char *text, const char *path)
{
	const char *b = strstr(text, REPORT_ABSTRACT_BEGIN "\n");
	if (!b)
		return strdup("");
	b += strlen(REPORT_ABSTRACT_BEGIN) + 1;
	const char *e = strstr(b, REPORT_ABSTRACT_END "\n");
	if (!e) {
		fprintf(stderr,
			"kmembench report: %s has '%s' without a later line '%s'; not "
			"overwriting it\n",
			path, REPORT_ABSTRACT_BEGIN, REPORT_ABSTRACT_END);
		return NULL;
	}
	return strndup(b, (size_t)(e - b));
}

/* Reads the hand-written parts of an existing report: the tail after the
 * marker line into *@tail and the abstract into *@abstract (both malloc'ed,
 * "" when the file does not exist or has no abstract). -1 when the file exists
 * without the marker or cannot be read (message printed). */
static int read_tail(const char *path, char **tail, char **abstract)
{
	*tail = *abstract = NULL;
	FILE *f = fopen(path, "r");
	if (!f && errno == ENOENT) {
		*tail = strdup("");
		*abstract = strdup("");
		return *tail && *abstract ? 0 : -1;
	}
	char *text = NULL;
	size_t len = 0;
	if (!f || getdelim(&text, &len, '\0', f) < 0) {
		fprintf(stderr, "kmembench report: cannot read %s: %s\n", path, strerror(errno));
		if (f)
			fclose(f);
		free(text);
		return -1;
	}
	fclose(f);
	char *m = strstr(text, REPORT_MARKER "\n");
	if (!m) {
		fprintf(
		    stderr,
		    "kmembench report: %s exists and has no marker line '%s' (accepted: a report "
		    "written by kmembench report, or a new file); not overwriting it\n",
		    path, REPORT_MARKER);
		free(text);
		return -1;
	}
	*tail = strdup(m + strlen(REPORT_MARKER) + 1);
	*m = '\0'; /* the abstract sits above the generated part */
	*abstract = abstract_of(text, path);
	free(text);
	return *tail && *abstract ? 0 : -1;
}

/* Directory of @path ("." when none). */
static void dir_of(const char *path, char *dir, size_t len)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, len, ".");
	else
		snprintf(dir, len, "%.*s", (int)(slash - path + (slash == path)), path);
}

/* Writes @text to @path through a temporary file in the same directory. */
static int write_atomic(const char *path, const char *text)
{
	char dir[PATH_MAX], tmp[PATH_MAX + 32];
	dir_of(path, dir, sizeof(dir));
	snprintf(tmp, sizeof(tmp), "%s/.report.tmp.%ld", dir, (long)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f)
		return -1;
	int bad = fputs(text, f) < 0;
	bad |= fflush(f) != 0 || fsync(fileno(f)) != 0;
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, path) < 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* Renders the plot(s) into DIR(out)/plots/ (created when missing): the sets of
 * trials' into @rel[0..*n), the micro sets' into @rel_micro ("" when none);
 * paths relative to DIR. */
static int make_plot(const struct setlist *rs, const struct setlist *micro, const char *out,
		     char rel[2][PATH_MAX], size_t *n, char *rel_micro)
{
	char dir[PATH_MAX], plots[PATH_MAX + 8], image[PATH_MAX + 32], err[1024];
	char outs[2][PATH_MAX];
	dir_of(out ? out : "x", dir, sizeof(dir));
	snprintf(plots, sizeof(plots), "%s/plots", dir);
	snprintf(image, sizeof(image), "%s/%s", dir, IMAGE_REL);
	*n = 0;
	rel_micro[0] = '\0';
	if (mkdir(plots, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "kmembench report: cannot create %s: %s\n", plots, strerror(errno));
		return -1;
	}
	if (rs->n && plot_render_split(rs, image, false, outs, n, err, sizeof(err)) < 0) {
		fprintf(stderr, "kmembench report: %s\n", err);
		return -1;
	}
	for (size_t i = 0; i < *n; i++)
		snprintf(rel[i], PATH_MAX, "%s", outs[i] + strlen(image) - strlen(IMAGE_REL));
	if (!micro->n)
		return 0;
	plot_micro_name(image, outs[0], PATH_MAX);
	if (plot_micro_render(micro, outs[0], err, sizeof(err)) < 0) {
		fprintf(stderr, "kmembench report: %s\n", err);
		return -1;
	}
	snprintf(rel_micro, PATH_MAX, "%s", outs[0] + strlen(image) - strlen(IMAGE_REL));
	return 0;
}

/* Generates the report text: title, @abstract between its markers, the
 * generated appendix, @tail; NULL on failure. */
static char *generate(const struct setlist *rs, const struct setlist *micro, char rel[2][PATH_MAX],
		      size_t nrel, const char *rel_micro, const struct report_args *a,
		      const char *why, const char *abstract, const char *tail)
{
	const char *images[2] = {rel[0], rel[1]};
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	fputs("# kmembench report\n\n" REPORT_ABSTRACT_BEGIN "\n", f);
	fputs(*abstract ? abstract
			: "## Abstract\n\n_Hand-written: what accounting costs here and what "
			  "changed between kernels. Not written yet._\n",
	      f);
	fputs(REPORT_ABSTRACT_END "\n\n", f);
	int rc = report_write(rs, micro, images, nrel, rel_micro[0] ? rel_micro : NULL, a->alpha,
			      why, a->groups, a->ngroups, f);
	if (*tail)
		fputs(tail, f);
	else
		fputs("\n## Interpretation\n\n_Hand-written: what the numbers mean, on which "
		      "machine, and what is left open. Not written yet._\n",
		      f);
	fclose(f);
	if (rc < 0) {
		free(text);
		return NULL;
	}
	return text;
}

static int run_report(struct report_args *a)
{
	char *tail = NULL, *abstract = NULL, *text = NULL;
	struct setlist rs, micro = {0};
	int rc = 2;
	if (a->out && read_tail(a->out, &tail, &abstract) < 0) {
		free(tail);
		free(abstract);
		return 2;
	}
	if (setlist_load(&rs, a->dirs, (size_t)a->ndirs, "report") < 0)
		goto out;
	rc = 1;
	if (setlist_split_micro(&rs, &micro) < 0) {
		fprintf(stderr, "kmembench report: out of memory\n");
		goto free_rs;
	}
	char why[1024];
	long b = report_base_pick(&rs, a->base, why, sizeof(why));
	if (b < 0) {
		fprintf(stderr, "kmembench report: %s (accepted: one of the DIRs given)\n", why);
		rc = 2;
		goto free_rs;
	}
	report_base_move_first(&rs, (size_t)b);
	char rel[2][PATH_MAX], rel_micro[PATH_MAX];
	size_t nrel;
	if (make_plot(&rs, &micro, a->out, rel, &nrel, rel_micro) < 0)
		goto free_rs;
	text = generate(&rs, &micro, rel, nrel, rel_micro, a, why, abstract ? abstract : "",
			tail ? tail : "");
	if (!text) {
		fprintf(stderr, "kmembench report: out of memory\n");
		goto free_rs;
	}
	if (!a->out) {
		fputs(text, stdout);
		rc = 0;
	} else if (write_atomic(a->out, text) < 0) {
		fprintf(stderr, "kmembench report: cannot write %s: %s\n", a->out, strerror(errno));
	} else {
		rc = 0;
	}
free_rs:
	setlist_free(&rs);
	setlist_free(&micro);
out:
	free(text);
	free(tail);
	free(abstract);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	struct report_args a = {NULL, 0.05, calloc((size_t)argc, sizeof(char *)),
				0,    NULL, calloc((size_t)argc, sizeof(char *)),
				0};
	int rc = 1;
	if (a.dirs && a.groups) {
		rc = parse_args(argc, argv, &a);
		rc = rc < 0 ? 2 : rc > 0 ? 0 : run_report(&a);
	}
	free(a.dirs);
	free(a.groups);
	return rc;
}
