/* table.h - a small table of strings rendered as aligned text or markdown. */
#ifndef KMB_TABLE_H
#define KMB_TABLE_H

#include <stddef.h>
#include <stdio.h>

struct table {
	size_t ncols, nrows; /* row 0 is the header */
	char **cells;	     /* nrows * ncols, NULL = empty */
	unsigned long left;  /* bit c set: column c is left-aligned in text (default: column 0) */
};

/* Initialises @t with @ncols columns and no rows. */
void table_init(struct table *t, size_t ncols);
/* Appends an empty row; returns its index, or -1 on ENOMEM. */
long table_add_row(struct table *t);
/* table_init with one column per entry of @head, and @head as row 0. */
void table_init_head(struct table *t, const char *const *head, size_t ncols);
/* Sets a cell from a printf format (the row must exist). */
void table_set(struct table *t, size_t row, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Plain text: columns padded to their widest cell, aligned as t->left says, a rule under the
 * header, @indent spaces first. */
void table_print_text(const struct table *t, FILE *f, int indent);
/* GitHub markdown table, aligned as t->left says; '|' inside cells is escaped. */
void table_print_md(const struct table *t, FILE *f);
void table_free(struct table *t);

#endif
