/* setlist.c - loading several result sets and checking their environments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "setlist.h"

/* Sets s->names[i] to kernel/label, unique within the set. */
static int name_run(struct setlist *s, size_t i)
{
	const struct result_set *r = &s->runs[i];
	char base[320], name[340];
	const char *k = r->kernel[0] ? r->kernel : "?";
	if (r->label[0])
		snprintf(base, sizeof(base), "%s/%s", k, r->label);
	else
		snprintf(base, sizeof(base), "%s", k);
	snprintf(name, sizeof(name), "%s", base);
	for (int dup = 2;; dup++) {
		size_t j = 0;
		while (j < i && strcmp(s->names[j], name))
			j++;
		if (j == i)
			break;
		snprintf(name, sizeof(name), "%s#%d", base, dup);
	}
	s->names[i] = strdup(name);
	return s->names[i] ? 0 : -1;
}

int setlist_load(struct setlist *s, char **paths, size_t n, const char *cmd)
{
	memset(s, 0, sizeof(*s));
	s->runs = calloc(n ? n : 1, sizeof(*s->runs));
	s->names = calloc(n ? n : 1, sizeof(*s->names));
	s->paths = calloc(n ? n : 1, sizeof(*s->paths));
	if (!s->runs || !s->names || !s->paths) {
		fprintf(stderr, "kmembench %s: out of memory\n", cmd);
		setlist_free(s);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char err[512];
		if (results_read(&s->runs[i], paths[i], err, sizeof(err)) < 0) {
			fprintf(stderr, "kmembench %s: %s\n", cmd, err);
			setlist_free(s);
			return -1;
		}
		s->n = i + 1;
		s->paths[i] = paths[i];
		if (name_run(s, i) < 0) {
			fprintf(stderr, "kmembench %s: out of memory\n", cmd);
			setlist_free(s);
			return -1;
		}
		if (s->runs[i].ntrials == 0 && !results_is_micro(&s->runs[i])) {
			fprintf(stderr,
				"kmembench %s: %s has no trials (expected a result set "
				"with at least one trial)\n",
				cmd, paths[i]);
			setlist_free(s);
			return -1;
		}
	}
	return 0;
}

size_t setlist_count_micro(const struct setlist *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n; i++)
		n += results_is_micro(&s->runs[i]);
	return n;
}

int setlist_split_micro(struct setlist *s, struct setlist *micro)
{
	size_t k = 0, n = s->n ? s->n : 1;
	memset(micro, 0, sizeof(*micro));
	micro->runs = calloc(n, sizeof(*micro->runs));
	micro->names = calloc(n, sizeof(*micro->names));
	micro->paths = calloc(n, sizeof(*micro->paths));
	if (!micro->runs || !micro->names || !micro->paths) {
		setlist_free(micro);
		return -1;
	}
	for (size_t i = 0; i < s->n; i++) {
		struct setlist *to = results_is_micro(&s->runs[i]) ? micro : s;
		size_t j = to == s ? k++ : micro->n++;
		to->runs[j] = s->runs[i];
		to->paths[j] = s->paths[i];
		to->names[j] = s->names[i];
	}
	s->n = k;
	return 0;
}

void setlist_free(struct setlist *s)
{
	for (size_t i = 0; i < s->n; i++) {
		results_free(&s->runs[i]);
		free(s->names[i]);
	}
	free(s->runs);
	free(s->names);
	free(s->paths);
	memset(s, 0, sizeof(*s));
}

/* Copies @cmdline into @out without BOOT_IMAGE= and initrd= words. */
static void cmdline_norm(const char *cmdline, char *out, size_t len)
{
	char tmp[1024];
	snprintf(tmp, sizeof(tmp), "%s", cmdline);
	out[0] = '\0';
	size_t used = 0;
	char *save = NULL;
	for (char *w = strtok_r(tmp, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		if (!strncmp(w, "BOOT_IMAGE=", 11) || !strncmp(w, "initrd=", 7))
			continue;
		int k = snprintf(out + used, len - used, "%s%s", used ? " " : "", w);
		if (k < 0 || (size_t)k >= len - used)
			break;
		used += (size_t)k;
	}
}

/* Appends ", " (unless first) and a formatted difference to @buf. */
static void add_diff(char *buf, size_t len, int *count, const char *what)
{
	size_t used = strlen(buf);
	snprintf(buf + used, len - used, "%s%s", *count ? ", " : "", what);
	(*count)++;
}

int setlist_env_diff(const struct result_set *a, const struct result_set *b, char *buf, size_t len)
{
	int count = 0;
	char what[160];
	buf[0] = '\0';
	if (strcmp(a->virt, b->virt)) {
		snprintf(what, sizeof(what), "virt %s vs %s", a->virt, b->virt);
		add_diff(buf, len, &count, what);
	}
	if (a->cgroup_version != b->cgroup_version) {
		snprintf(what, sizeof(what), "cgroup v%d vs v%d", a->cgroup_version,
			 b->cgroup_version);
		add_diff(buf, len, &count, what);
	}
	char ca[1024], cb[1024];
	cmdline_norm(a->cmdline, ca, sizeof(ca));
	cmdline_norm(b->cmdline, cb, sizeof(cb));
	if (strcmp(ca, cb))
		add_diff(buf, len, &count, "kernel command line");
	return count;
}

size_t setlist_workloads(const struct setlist *s, const char ***out)
{
	size_t total = 0, n = 0;
	for (size_t i = 0; i < s->n; i++)
		total += s->runs[i].ntrials;
	const char **w = malloc((total ? total : 1) * sizeof(*w));
	*out = w;
	if (!w)
		return 0;
	for (size_t i = 0; i < s->n; i++) {
		const char **rw;
		size_t k = metric_workloads(&s->runs[i], &rw);
		for (size_t a = 0; a < k; a++) {
			size_t j = 0;
			while (j < n && strcmp(w[j], rw[a]))
				j++;
			if (j == n)
				w[n++] = rw[a];
		}
		free(rw);
	}
	return n;
}

const char *setlist_short(const struct setlist *s, size_t i)
{
	const char *l = s->runs[i].label;
	if (!l[0])
		return s->names[i];
	for (size_t j = 0; j < s->n; j++)
		if (j != i && !strcmp(s->runs[j].label, l))
			return s->names[i];
	return l;
}
