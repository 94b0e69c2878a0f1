/* opttab.c - one option table for command line and profile keys, read by getopt and inih alike. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opttab.h"

#define OPT_LONG 256 /* getopt_long's value for row i: OPT_LONG + i */

/* The row that getopt_long's @ch stands for: its index, or -1 (help, errors). */
static int row_of(int ch, const struct opt *t, size_t n)
{
	if (ch >= OPT_LONG && (size_t)(ch - OPT_LONG) < n)
		return ch - OPT_LONG;
	for (size_t i = 0; ch != 'h' && ch != ':' && ch != '?' && i < n; i++)
		if ((t[i].where & OPT_CLI) && t[i].short_name == ch)
			return (int)i;
	return -1;
}

/* getopt_long over @t; @permute: options may follow arguments (GNU permutation). */
static int getopt_rows(int argc, char **argv, const struct opt *t, size_t n, const char *hint,
		       bool permute, struct opt_given *g, char *err, size_t errlen)
{
	struct option lo[OPT_MAX + 2];
	char shorts[2 * OPT_MAX + 4] = "+:";
	size_t k = 2, nl = 0;
	if (permute) {
		shorts[0] = ':';
		shorts[1] = '\0';
		k = 1;
	}
	memset(g, 0, sizeof(*g));
	if (n > OPT_MAX) {
		snprintf(err, errlen, "internal error: more than %d options", OPT_MAX);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (!(t[i].where & OPT_CLI))
			continue;
		bool arg = t[i].kind != OPT_FLAG;
		lo[nl++] = (struct option){t[i].name, arg ? required_argument : no_argument, NULL,
					   OPT_LONG + (int)i};
		if (t[i].short_name) {
			shorts[k++] = t[i].short_name;
			if (arg)
				shorts[k++] = ':';
		}
	}
	lo[nl] = (struct option){"help", no_argument, NULL, 'h'};
	lo[nl + 1] = (struct option){NULL, 0, NULL, 0};
	shorts[k++] = 'h';
	shorts[k] = '\0';
	opterr = 0;
	optind = permute ? 0 : 1; /* 0: glibc forgets an earlier permutation */
	int ch;
	while ((ch = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		int r = row_of(ch, t, n);
		if (r >= 0)
			g->val[r] = t[r].kind == OPT_FLAG ? "1" : optarg;
		else if (ch == 'h')
			return 1;
		else if (ch == ':') {
			snprintf(err, errlen, "option '%s' needs a value", argv[optind - 1]);
			return -1;
		} else {
			snprintf(err, errlen, "unknown option '%s' (%s)", argv[optind - 1], hint);
			return -1;
		}
	}
	return 0;
}

int opt_getopt(int argc, char **argv, const struct opt *t, size_t n, const char *hint,
	       struct opt_given *g, char *err, size_t errlen)
{
	return getopt_rows(argc, argv, t, n, hint, false, g, err, errlen);
}

int opt_getopt_mixed(int argc, char **argv, const struct opt *t, size_t n, const char *hint,
		     struct opt_given *g, char *err, size_t errlen)
{
	return getopt_rows(argc, argv, t, n, hint, true, g, err, errlen);
}

const char *opt_arg(const struct opt *t, size_t n, const struct opt_given *g, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return g->val[i];
	return NULL;
}

int opt_apply_given(const struct opt *t, size_t n, const struct opt_given *g, void *conf, char *err,
		    size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		struct opt_val v;
		if (!g->val[i] || !t[i].apply)
			continue;
		if (opt_parse(&t[i], g->val[i], true, &v, err, errlen) < 0 ||
		    t[i].apply(conf, &v, err, errlen) < 0)
			return -1;
	}
	return 0;
}

/* "bad WHAT 'S' (accepted: MIN..MAX[ UNIT])" */
static int bad_number(const struct opt *o, const char *s, char *err, size_t errlen)
{
	snprintf(err, errlen, "bad %s '%s' (accepted: %.0f..%.0f%s%s)", o->what ? o->what : o->name,
		 s, o->min, o->max, o->unit ? " " : "", o->unit ? o->unit : "");
	return -1;
}

int opt_parse(const struct opt *o, const char *s, bool cli, struct opt_val *v, char *err,
	      size_t errlen)
{
	char *end;
	memset(v, 0, sizeof(*v));
	v->s = s;
	v->cli = cli;
	errno = 0;
	switch (o->kind) {
	case OPT_FLAG:
		if (strcmp(s, "0") && strcmp(s, "1") && strcmp(s, "true") && strcmp(s, "false")) {
			snprintf(err, errlen, "bad %s '%s' (accepted: 0, 1, true, false)",
				 o->what ? o->what : o->name, s);
			return -1;
		}
		v->b = s[0] == '1' || s[0] == 't';
		return 0;
	case OPT_INT:
		v->i = strtol(s, &end, 10);
		if (!*s || *end || errno || v->i < o->min || v->i > o->max)
			return bad_number(o, s, err, errlen);
		return 0;
	case OPT_REAL:
		v->d = strtod(s, &end);
		if (!*s || *end || errno || !isfinite(v->d) || v->d < o->min || v->d > o->max)
			return bad_number(o, s, err, errlen);
		return 0;
	case OPT_TEXT:
		return 0;
	}
	return 0;
}

/* Whether profile key @key is row name @name ('_' in the key for '-' in the name). */
static bool key_is(const char *name, const char *key)
{
	for (; *name && *key; name++, key++)
		if (*key != (*name == '-' ? '_' : *name))
			return false;
	return !*name && !*key;
}

const struct opt *opt_key(const struct opt *t, size_t n, const char *section, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if ((t[i].where & OPT_PROFILE) && !strcmp(t[i].section, section) &&
		    key_is(t[i].name, key))
			return &t[i];
	return NULL;
}

int opt_apply_key(const struct opt *t, size_t n, const char *section, const char *key,
		  const char *val, void *conf, char *err, size_t errlen)
{
	const struct opt *o = opt_key(t, n, section, key);
	struct opt_val v;
	if (!o) {
		char keys[512];
		size_t off = 0;
		keys[0] = '\0';
		for (size_t i = 0; i < n && off < sizeof(keys); i++) {
			if (!(t[i].where & OPT_PROFILE) || strcmp(t[i].section, section))
				continue;
			off +=
			    (size_t)snprintf(keys + off, sizeof(keys) - off, "%s", off ? ", " : "");
			for (const char *c = t[i].name; *c && off + 1 < sizeof(keys); c++)
				keys[off++] = *c == '-' ? '_' : *c;
			keys[off] = '\0';
		}
		snprintf(err, errlen, "unknown key '%s' in [%s] (accepted: %s)", key, section,
			 keys);
		return -1;
	}
	if (opt_parse(o, val, false, &v, err, errlen) < 0)
		return -1;
	return o->apply ? o->apply(conf, &v, err, errlen) : 0;
}

void opt_help(FILE *f, const struct opt *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!(t[i].where & OPT_CLI))
			continue;
		char lhs[64];
		int k = snprintf(lhs, sizeof(lhs), "--%s", t[i].name);
		if (t[i].short_name && k > 0 && (size_t)k < sizeof(lhs))
			k += snprintf(lhs + k, sizeof(lhs) - k, ", -%c", t[i].short_name);
		if (t[i].kind != OPT_FLAG && k > 0 && (size_t)k < sizeof(lhs))
			snprintf(lhs + k, sizeof(lhs) - k, " %s", t[i].what ? t[i].what : "VALUE");
		fprintf(f, "  %-22s %s\n", lhs, t[i].help ? t[i].help : "");
	}
	fprintf(f, "  %-22s %s\n", "--help, -h", "this help");
}
