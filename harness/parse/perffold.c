/* perffold.c - collapse a trial's call chains into folded stacks with counts. */
#include <stdlib.h>
#include <string.h>

#include "perffold.h"

void perffold_init(struct perffold *f)
{
	memset(f, 0, sizeof(*f));
}

void perffold_free(struct perffold *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->stacks[i]);
	free(f->stacks);
	perffold_init(f);
}

/* Appends ';' (unless @first) and then @s to @buf at *@off, with ';' and blanks in @s
 * replaced: they separate frames and the count. */
static void put(char *buf, size_t len, size_t *off, const char *s, bool first)
{
	if (!first && *off + 1 < len)
		buf[(*off)++] = ';';
	for (; *s && *off + 1 < len; s++)
		buf[(*off)++] = *s == ';' ? ':' : (*s == ' ' ? '_' : *s);
	buf[*off] = '\0';
}

/* "comm;outer;...;leaf" of the kernel frames, or "comm;[user]". */
static char *fold(const struct perf_sample *s)
{
	size_t len = 64 + strlen(s->comm), off = 0;
	for (size_t i = 0; i < s->nframes; i++)
		len += strlen(s->frames[i].sym) + 1;
	char *buf = malloc(len);
	if (!buf)
		return NULL;
	buf[0] = '\0';
	put(buf, len, &off, s->comm, true);
	if (!perfscript_is_kernel(s->frames[0].ip)) {
		put(buf, len, &off, "[user]", false);
		return buf;
	}
	for (size_t i = s->nframes; i-- > 0;)
		if (perfscript_is_kernel(s->frames[i].ip))
			put(buf, len, &off, s->frames[i].sym, false);
	return buf;
}

void perffold_add(const struct perf_sample *s, void *arg)
{
	struct perffold *f = arg;
	if (f->n == f->cap) {
		size_t nc = f->cap ? f->cap * 2 : 256;
		char **m = realloc(f->stacks, nc * sizeof(*m));
		if (!m) {
			f->oom = true;
			return;
		}
		f->stacks = m;
		f->cap = nc;
	}
	char *st = fold(s);
	if (!st) {
		f->oom = true;
		return;
	}
	f->stacks[f->n++] = st;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int perffold_write(struct perffold *f, FILE *out)
{
	if (f->n)
		qsort(f->stacks, f->n, sizeof(*f->stacks), cmp_str);
	for (size_t i = 0, j; i < f->n; i = j) {
		for (j = i + 1; j < f->n && !strcmp(f->stacks[i], f->stacks[j]); j++)
			;
		fprintf(out, "%s %zu\n", f->stacks[i], j - i);
	}
	return ferror(out) ? -1 : 0;
}
