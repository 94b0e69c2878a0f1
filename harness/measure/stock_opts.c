/* stock_opts.c - the stock sweep's option table: `kmembench stock`'s command line and [stock]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "stock_opts.h"
#include "util.h"

static const char *const arm_names[STOCK_NARMS] = {"root", "same", "sep"};

const char *stock_arm_name(enum stock_arm a)
{
	return a < STOCK_NARMS ? arm_names[a] : "?";
}

/* Splits @s at commas into @tok (at most @max, each < 32 chars, blanks around a token
 * dropped, as a profile writes "1, 2, 4"); the count or -1. */
static int split(const char *s, char tok[][32], int max)
{
	int n = 0;
	const char *p = s;
	for (;;) {
		size_t len = strcspn(p, ","), skip = strspn(p, " \t");
		size_t end = len;
		while (end > skip && (p[end - 1] == ' ' || p[end - 1] == '\t'))
			end--;
		if (n == max || end <= skip || end - skip >= 32)
			return -1;
		memcpy(tok[n], p + skip, end - skip);
		tok[n++][end - skip] = '\0';
		if (!p[len])
			return n;
		p += len + 1;
	}
}

int stock_parse_ms(const char *s, struct stock_conf *c, char *err, size_t errlen)
{
	char tok[STOCK_MAX_MS + 1][32];
	int ms[STOCK_MAX_MS];
	int n = split(s, tok, STOCK_MAX_MS + 1);
	if (n < 0 || n > STOCK_MAX_MS) {
		strf(err, errlen, "bad --m '%s' (accepted: up to %d comma-separated counts 1..%d)",
		     s, STOCK_MAX_MS, STOCK_M_MAX);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char *end;
		long v = strtol(tok[i], &end, 10);
		if (*end || v < 1 || v > STOCK_M_MAX) {
			strf(err, errlen, "bad task count '%s' in --m (accepted: 1..%d)", tok[i],
			     STOCK_M_MAX);
			return -1;
		}
		for (int k = 0; k < i; k++)
			if (ms[k] == v) {
				strf(err, errlen, "task count %ld given twice in --m", v);
				return -1;
			}
		ms[i] = (int)v;
	}
	memcpy(c->ms, ms, sizeof(int) * (size_t)n);
	c->nms = (size_t)n;
	return 0;
}

int stock_parse_arms(const char *s, struct stock_conf *c, char *err, size_t errlen)
{
	char tok[STOCK_NARMS + 1][32];
	bool arm[STOCK_NARMS] = {false};
	int n = split(s, tok, STOCK_NARMS + 1);
	if (n < 0 || n > STOCK_NARMS) {
		strf(err, errlen, "bad --arms '%s' (accepted: root,same,sep)", s);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		int a = 0;
		while (a < STOCK_NARMS && strcmp(tok[i], arm_names[a]))
			a++;
		if (a == STOCK_NARMS || arm[a]) {
			strf(err, errlen,
			     "bad arm '%s' in --arms (accepted: root, same, sep, once each)",
			     tok[i]);
			return -1;
		}
		arm[a] = true;
	}
	if (!arm[STOCK_ROOT]) {
		strf(err, errlen, "--arms '%s' lacks root (the overheads are against it)", s);
		return -1;
	}
	memcpy(c->arm, arm, sizeof(arm));
	return 0;
}

void stock_conf_defaults(struct stock_conf *c)
{
	char err[160];
	memset(c, 0, sizeof(*c));
	stock_parse_ms(STOCK_DEFAULT_MS, c, err, sizeof(err));
	stock_parse_arms(STOCK_DEFAULT_ARMS, c, err, sizeof(err));
	c->rounds = STOCK_DEFAULT_ROUNDS;
	c->ops = STOCK_DEFAULT_OPS;
	c->cpu = -1;
}

static int set_ms(void *c, const struct opt_val *v, char *err, size_t errlen)
{
	return stock_parse_ms(v->s, c, err, errlen);
}

static int set_arms(void *c, const struct opt_val *v, char *err, size_t errlen)
{
	return stock_parse_arms(v->s, c, err, errlen);
}

static int set_rounds(void *c, const struct opt_val *v, char *err, size_t errlen)
{
	(void)err, (void)errlen;
	((struct stock_conf *)c)->rounds = v->i;
	return 0;
}

static int set_ops(void *c, const struct opt_val *v, char *err, size_t errlen)
{
	(void)err, (void)errlen;
	((struct stock_conf *)c)->ops = v->i;
	return 0;
}

static int set_cpu(void *c, const struct opt_val *v, char *err, size_t errlen)
{
	(void)err, (void)errlen;
	((struct stock_conf *)c)->cpu = (int)v->i;
	return 0;
}

static int set_label(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	struct stock_conf *c = conf;
	if (conf_check_label(v->s, err, errlen) < 0)
		return -1;
	snprintf(c->label, sizeof(c->label), "%s", v->s);
	return 0;
}

static int set_outdir(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	struct stock_conf *c = conf;
	if (strf(c->outdir, sizeof(c->outdir), "%s", v->s) < 0) {
		snprintf(err, errlen, "output directory name too long");
		return -1;
	}
	c->outdir_given = true;
	return 0;
}

const struct opt stock_opts[] = {
    {"profile", 'p', OPT_CLI, NULL, OPT_TEXT, 0, 0, NULL, NULL, "INI profile ([stock])", NULL},
    {"m", 0, OPT_BOTH, "stock", OPT_TEXT, 0, 0, NULL, NULL, "task counts M", set_ms},
    {"arms", 0, OPT_BOTH, "stock", OPT_TEXT, 0, 0, NULL, NULL, "arms", set_arms},
    {"rounds", 0, OPT_BOTH, "stock", OPT_INT, 2, 100000, "--rounds", NULL, "paired rounds",
     set_rounds},
    {"ops", 0, OPT_BOTH, "stock", OPT_INT, 16, 10000000, "--ops", NULL, "turns per block", set_ops},
    {"cpu", 0, OPT_BOTH, "stock", OPT_INT, 0, 1023, "--cpu", NULL, "the ring's CPU", set_cpu},
    {"output", 'o', OPT_CLI, NULL, OPT_TEXT, 0, 0, NULL, NULL, "result directory", set_outdir},
    {"label", 0, OPT_CLI, NULL, OPT_TEXT, 0, 0, NULL, NULL, "the set's label", set_label},
};
const size_t stock_opts_n = sizeof(stock_opts) / sizeof(stock_opts[0]);
