/* table.c - aligned text and markdown rendering of string tables. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"

void table_init(struct table *t, size_t ncols)
{
	t->ncols = ncols;
	t->nrows = 0;
	t->cells = NULL;
	t->left = 1;
}

long table_add_row(struct table *t)
{
	char **c = realloc(t->cells, (t->nrows + 1) * t->ncols * sizeof(*c));
	if (!c)
		return -1;
	t->cells = c;
	memset(c + t->nrows * t->ncols, 0, t->ncols * sizeof(*c));
	return (long)t->nrows++;
}

void table_set(struct table *t, size_t row, size_t col, const char *fmt, ...)
{
	if (row >= t->nrows || col >= t->ncols)
		return;
	char **cell = &t->cells[row * t->ncols + col];
	free(*cell);
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(cell, fmt, ap) < 0)
		*cell = NULL;
	va_end(ap);
}

static const char *cell(const struct table *t, size_t r, size_t c)
{
	const char *s = t->cells[r * t->ncols + c];
	return s ? s : "";
}

/* Display width of a UTF-8 string: code points, not bytes. */
static size_t width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

static void pad(FILE *f, size_t n)
{
	while (n--)
		fputc(' ', f);
}

void table_print_text(const struct table *t, FILE *f, int indent)
{
	size_t *w = calloc(t->ncols ? t->ncols : 1, sizeof(*w));
	if (!w)
		return;
	size_t total = 0;
	for (size_t c = 0; c < t->ncols; c++) {
		for (size_t r = 0; r < t->nrows; r++)
			if (width(cell(t, r, c)) > w[c])
				w[c] = width(cell(t, r, c));
		total += w[c] + (c ? 2 : 0);
	}
	for (size_t r = 0; r < t->nrows; r++) {
		pad(f, (size_t)indent);
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = cell(t, r, c);
			size_t gap = w[c] - width(s);
			int left = c < 64 && (t->left >> c) & 1;
			if (c)
				pad(f, 2);
			if (!left)
				pad(f, gap);
			fputs(s, f);
			if (left && c + 1 < t->ncols)
				pad(f, gap);
		}
		fputc('\n', f);
		if (r == 0) {
			pad(f, (size_t)indent);
			for (size_t i = 0; i < total; i++)
				fputc('-', f);
			fputc('\n', f);
		}
	}
	free(w);
}

/* Writes @s with '|' escaped for a markdown cell. */
static void md_cell(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', f);
		fputc(*s, f);
	}
}

void table_print_md(const struct table *t, FILE *f)
{
	for (size_t r = 0; r < t->nrows; r++) {
		fputc('|', f);
		for (size_t c = 0; c < t->ncols; c++) {
			fputc(' ', f);
			md_cell(f, cell(t, r, c));
			fputs(" |", f);
		}
		fputc('\n', f);
		if (r == 0) {
			fputc('|', f);
			for (size_t c = 0; c < t->ncols; c++)
				fputs(c < 64 && (t->left >> c) & 1 ? "---|" : "---:|", f);
			fputc('\n', f);
		}
	}
}

void table_free(struct table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->nrows = 0;
}

void table_init_head(struct table *t, const char *const *head, size_t ncols)
{
	table_init(t, ncols);
	table_add_row(t);
	for (size_t c = 0; c < ncols; c++)
		table_set(t, 0, c, "%s", head[c]);
}
