/* report_boots.c - the report's kernel A/B section: the multi-boot verdict of each A/B group. */
#include <jansson.h>
#include <stdio.h>
#include <sys/stat.h>

#include "boots_view.h"
#include "jfield.h"
#include "report_boots.h"
#include "setlist.h"

int report_boots_is_group(const char *dir)
{
	char path[4096];
	struct stat st;
	snprintf(path, sizeof(path), "%s/manifest.json", dir);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The group's own words for its sides and order, from manifest.json. */
static void group_head(const char *dir, FILE *f)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/manifest.json", dir);
	json_t *m = json_load_file(path, 0, NULL);
	fprintf(f, "### `%s`\n\nA = `%s`, B = `%s`; profile `%s`%s%s; boot order %s", dir,
		jstr(m, "a", "?"), jstr(m, "b", "?"), jstr(m, "profile", "?"),
		*jstr(m, "cmdline", "") ? ", command line " : "", jstr(m, "cmdline", ""),
		jstr(m, "order", "?"));
	if (json_is_number(json_object_get(m, "seconds")))
		fprintf(f, "; %.0f min of box time", jnum(m, "seconds") / 60);
	fprintf(f, ".\n\n");
	json_decref(m);
}

/* One group: its head and the compare table in a code block. */
static int group_section(const char *dir, double alpha, FILE *f)
{
	char **pa, **pb, err[4096];
	size_t na, nb;
	struct setlist sa = {0}, sb = {0};
	int rc = -1;
	if (boots_group_load(dir, &pa, &na, &pb, &nb, err, sizeof(err)) != 0) {
		fprintf(stderr, "kmembench report: %s\n", err);
		return -1;
	}
	if (na < 2 || nb < 2) {
		fprintf(stderr,
			"kmembench report: %s: %zu boot(s) of A and %zu of B (accepted: two a side "
			"at least)\n",
			dir, na, nb);
		goto out;
	}
	if (setlist_load(&sa, pa, na, "report") < 0)
		goto out;
	if (setlist_load(&sb, pb, nb, "report") < 0)
		goto out;
	json_t *m = boots_model(&sa, &sb, alpha);
	if (!m) {
		fprintf(stderr, "kmembench report: out of memory\n");
		goto out;
	}
	group_head(dir, f);
	fprintf(f, "```\n");
	boots_print(m, f);
	fprintf(f, "```\n\n");
	json_decref(m);
	rc = 0;
out:
	setlist_free(&sa);
	setlist_free(&sb);
	boots_paths_free(pa, na);
	boots_paths_free(pb, nb);
	return rc;
}

int report_boots_section(char *const *groups, size_t n, double alpha, FILE *f)
{
	if (!n)
		return 0;
	fprintf(f, "## Kernel A/B over several boots\n\n"
		   "Each A/B group folder (`make ab`: kernels A and B booted alternately, ABBA, "
		   "the same profile on every boot) as `kmembench compare GROUP` prints it: per op "
		   "the change B - A of the overhead over root in points, its 95%% CI from the "
		   "pooled boot-to-boot variance (the between-boot spread counts), the MDE and "
		   "the boots a 1-point MDE needs; in-kernel loop ops also in ns per object over "
		   "their unaccounted twin.\n\n");
	for (size_t i = 0; i < n; i++)
		if (group_section(groups[i], alpha, f) < 0)
			return -1;
	return 0;
}
