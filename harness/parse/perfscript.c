/* perfscript.c - parse `perf script` call-chain text into samples, one block at a time. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "perfscript.h"

/* The sample being read: its header and frames point into @lines. */
struct block {
	char *comm;
	char *lines[PERFSCRIPT_MAX_FRAMES];
	struct perf_frame frames[PERFSCRIPT_MAX_FRAMES];
	size_t n;
};

bool perfscript_is_kernel(unsigned long long ip)
{
	return ip >= 0x8000000000000000ULL;
}

/* Drops the block's strings. */
static void block_reset(struct block *b)
{
	free(b->comm);
	for (size_t i = 0; i < b->n; i++)
		free(b->lines[i]);
	b->comm = NULL;
	b->n = 0;
}

/* Header "COMM TID" (comm may hold blanks): keeps everything before the last number. */
static char *header_comm(const char *line)
{
	size_t n = strlen(line);
	while (n && isspace((unsigned char)line[n - 1]))
		n--;
	size_t e = n;
	while (e && isdigit((unsigned char)line[e - 1]))
		e--;
	if (e == n || e == 0) /* no tid: keep the whole line */
		e = n;
	while (e && isspace((unsigned char)line[e - 1]))
		e--;
	return strndup(line, e);
}

/* Splits "ADDR SYM (DSO)" in place; false when the line is no frame. */
static bool split_frame(char *s, struct perf_frame *f)
{
	char *end;
	while (isspace((unsigned char)*s))
		s++;
	f->ip = strtoull(s, &end, 16);
	if (end == s || !isspace((unsigned char)*end))
		return false;
	s = end;
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	char *open = NULL;
	for (char *p = strstr(s, " ("); p; p = strstr(p + 1, " ("))
		open = p;
	f->dso = "";
	if (open && n && s[n - 1] == ')') {
		s[n - 1] = '\0';
		*open = '\0';
		f->dso = open + 2;
	}
	char *off = strstr(s, "+0x");
	if (off)
		*off = '\0';
	f->sym = s;
	return true;
}

/* Adds one frame line to @b; extra frames beyond the maximum are ignored. */
static int block_frame(struct block *b, const char *line)
{
	if (b->n == PERFSCRIPT_MAX_FRAMES)
		return 0;
	char *copy = strdup(line);
	if (!copy)
		return -1;
	if (!split_frame(copy, &b->frames[b->n])) {
		free(copy);
		return 0;
	}
	b->lines[b->n++] = copy;
	return 0;
}

/* Hands a finished block to @fn; returns 1 when it was a sample. */
static int block_emit(struct block *b, perfscript_fn fn, void *arg)
{
	int emitted = 0;
	if (b->comm && b->n) {
		struct perf_sample s = {.comm = b->comm, .frames = b->frames, .nframes = b->n};
		fn(&s, arg);
		emitted = 1;
	}
	block_reset(b);
	return emitted;
}

/* One line of input: a header starts a block, an indented line adds a frame. */
static int feed(struct block *b, const char *line, long *count, perfscript_fn fn, void *arg)
{
	if (!*line || line[0] == '\n') {
		*count += block_emit(b, fn, arg);
		return 0;
	}
	if (!isspace((unsigned char)line[0])) {
		*count += block_emit(b, fn, arg);
		b->comm = header_comm(line);
		return b->comm ? 0 : -1;
	}
	return b->comm ? block_frame(b, line) : 0;
}

long perfscript_parse(FILE *f, perfscript_fn fn, void *arg)
{
	struct block *b = calloc(1, sizeof(*b));
	char *line = NULL;
	size_t cap = 0;
	long count = 0;
	int rc = b ? 0 : -1;
	while (rc == 0 && getline(&line, &cap, f) >= 0)
		rc = feed(b, line, &count, fn, arg);
	if (rc == 0 && ferror(f))
		rc = -1;
	if (b)
		count += block_emit(b, fn, arg);
	free(line);
	free(b);
	return rc < 0 ? -1 : count;
}
