/* opttab.h - one option table for command line and profile keys, read by getopt and inih alike. */
#ifndef KMB_OPTTAB_H
#define KMB_OPTTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define OPT_MAX 32 /* rows of one table */

/* Where a row is read: --NAME (and -SHORT) on the command line, the key NAME (with '_'
 * for '-') in the profile's [SECTION], or both. */
#define OPT_CLI	    1u
#define OPT_PROFILE 2u
#define OPT_BOTH    (OPT_CLI | OPT_PROFILE)

enum opt_kind {
	OPT_FLAG, /* no value on the command line; 0, 1, true or false in a profile */
	OPT_INT,  /* an integer in min..max */
	OPT_REAL, /* a finite number in min..max */
	OPT_TEXT, /* checked by apply */
};

/* A value given for a row, parsed by its kind. */
struct opt_val {
	const char *s; /* as given ("1" for a flag on the command line) */
	long i;	       /* OPT_INT */
	double d;      /* OPT_REAL */
	bool b;	       /* OPT_FLAG */
	bool cli;      /* from the command line, not a profile */
};

struct opt {
	const char *name; /* --name; the profile key is name with '_' for '-' */
	char short_name;  /* -x, or 0 */
	unsigned where;	  /* OPT_CLI, OPT_PROFILE or both */
	const char *section;
	enum opt_kind kind;
	double min, max;  /* OPT_INT, OPT_REAL: "bad WHAT 'V' (accepted: MIN..MAX[ UNIT])" */
	const char *what; /* names the value in errors (default: the name) */
	const char *unit; /* after the bounds in errors, or NULL */
	const char *help;
	/* Sets the value into @conf; NULL: the caller reads it (opt_arg). -1 with @err. */
	int (*apply)(void *conf, const struct opt_val *v, char *err, size_t errlen);
};

/* What the command line gave, per row (the last one wins). */
struct opt_given {
	const char *val[OPT_MAX]; /* NULL: not given; "1" for a flag */
};

/* getopt_long over the command-line rows of @t plus -h/--help, stopping at the first
 * argument that is not an option ("+"; optind is left there, past a "--"). Returns 0, 1
 * for -h/--help, or -1 with one line in @err: "option 'X' needs a value" or "unknown
 * option 'X' (@hint)". */
int opt_getopt(int argc, char **argv, const struct opt *t, size_t n, const char *hint,
	       struct opt_given *g, char *err, size_t errlen);

/* opt_getopt, but options may come before, between or after the arguments (which getopt
 * moves to argv[optind..], in order); "--" still ends the options. */
int opt_getopt_mixed(int argc, char **argv, const struct opt *t, size_t n, const char *hint,
		     struct opt_given *g, char *err, size_t errlen);

/* One line per command-line row of @t (and -h/--help): its names, value and help. */
void opt_help(FILE *f, const struct opt *t, size_t n);

/* The raw value given for row @name on the command line, or NULL. */
const char *opt_arg(const struct opt *t, size_t n, const struct opt_given *g, const char *name);

/* Applies every given command-line row with an apply, in table order, to @conf. */
int opt_apply_given(const struct opt *t, size_t n, const struct opt_given *g, void *conf, char *err,
		    size_t errlen);

/* Parses @s by @o's kind and bounds into @v. -1 with one line in @err. */
int opt_parse(const struct opt *o, const char *s, bool cli, struct opt_val *v, char *err,
	      size_t errlen);

/* The profile row of [@section] @key, or NULL. */
const struct opt *opt_key(const struct opt *t, size_t n, const char *section, const char *key);

/* Applies profile key @key = @val of [@section] to @conf; an unknown key is refused with
 * the section's keys. -1 with one line in @err. */
int opt_apply_key(const struct opt *t, size_t n, const char *section, const char *key,
		  const char *val, void *conf, char *err, size_t errlen);

#endif
