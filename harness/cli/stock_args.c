/* stock_args.c - parse and validate `kmembench stock` arguments. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cliopt.h"
#include "conf.h"
#include "outdir.h"
#include "opttab.h"
#include "stock_args.h"
#include "util.h"

static const char *const arm_names[STOCK_NARMS] = {"root", "same", "sep"};

const char *stock_arm_name(enum stock_arm a)
{
	return a < STOCK_NARMS ? arm_names[a] : "?";
}

void stock_args_usage(FILE *f)
{
	fprintf(f,
		"usage: kmembench stock [--m LIST] [--arms LIST] [--rounds N] [--ops N] [--cpu N]\n"
		"                       [-o DIR] [--label TEXT]\n"
		"  the per-CPU charge stock across memcgs: M tasks pinned to one CPU take turns\n"
		"  (a token passed round a ring of pipes), one eventfd create+close per turn;\n"
		"  a micro set with ops stock-M and arms root (all in the root memcg), same (all\n"
		"  in one child memcg) and sep (each in its own child memcg)\n"
		"  --m       task counts, 1..%d (default %s)\n"
		"  --arms    root plus same and/or sep (default root,same,sep)\n"
		"  --rounds  paired rounds, 2..100000 (default %d)\n"
		"  --ops     ops per block, 16..10000000 (default %d)\n"
		"  --cpu     the CPU of the ring (default: the highest this process may use)\n",
		STOCK_M_MAX, STOCK_DEFAULT_MS, STOCK_DEFAULT_ROUNDS, STOCK_DEFAULT_OPS);
}

/* Splits @s at commas into @tok (at most @max, each < 32 chars); the count or -1. */
static int split(const char *s, char tok[][32], int max)
{
	int n = 0;
	const char *p = s;
	for (;;) {
		size_t len = strcspn(p, ",");
		if (n == max || len == 0 || len >= 32)
			return -1;
		memcpy(tok[n], p, len);
		tok[n++][len] = '\0';
		if (!p[len])
			return n;
		p += len + 1;
	}
}

int stock_parse_ms(const char *s, struct stock_conf *c, char *err, size_t errlen)
{
	char tok[STOCK_MAX_MS + 1][32];
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
			if (c->ms[k] == v) {
				strf(err, errlen, "task count %ld given twice in --m", v);
				return -1;
			}
		c->ms[i] = (int)v;
	}
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

/* Parses @s as an integer @lo..@hi into *@out. */
static int num(const char *opt, const char *s, long lo, long hi, long *out, char *err,
	       size_t errlen)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < lo || v > hi) {
		strf(err, errlen, "bad %s '%s' (accepted: %ld..%ld)", opt, s, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

int stock_args_parse(int argc, char **argv, struct stock_conf *c, char *err, size_t errlen)
{
	static const struct opt opts[] = {
	    {"m", 0, OPT_CLI, NULL, OPT_TEXT, 0, 0, NULL, NULL, "task counts M", NULL},
	    {"arms", 0, OPT_CLI, NULL, OPT_TEXT, 0, 0, NULL, NULL, "arms", NULL},
	    {"rounds", 0, OPT_CLI, NULL, OPT_TEXT, 0, 0, NULL, NULL, "rounds", NULL},
	    {"ops", 0, OPT_CLI, NULL, OPT_TEXT, 0, 0, NULL, NULL, "turns per block", NULL},
	    {"cpu", 0, OPT_CLI, NULL, OPT_TEXT, 0, 0, NULL, NULL, "the CPU", NULL},
	    {"output", 'o', OPT_CLI, NULL, OPT_TEXT, 0, 0, NULL, NULL, "result directory", NULL},
	    {"label", 0, OPT_CLI, NULL, OPT_TEXT, 0, 0, NULL, NULL, "label", NULL},
	};
	const size_t n = sizeof(opts) / sizeof(opts[0]);
	struct opt_given g = {0};
	memset(c, 0, sizeof(*c));
	c->rounds = STOCK_DEFAULT_ROUNDS;
	c->ops = STOCK_DEFAULT_OPS;
	c->cpu = -1;
	int rc = opt_getopt(argc, argv, opts, n,
			    "accepted: --m, --arms, --rounds, --ops, --cpu, -o, --label", &g, err,
			    errlen);
	if (rc)
		return rc;
	const char *ms = opt_arg(opts, n, &g, "m"), *arms = opt_arg(opts, n, &g, "arms"),
		   *rounds = opt_arg(opts, n, &g, "rounds"), *ops = opt_arg(opts, n, &g, "ops"),
		   *cpu = opt_arg(opts, n, &g, "cpu"), *out = opt_arg(opts, n, &g, "output"),
		   *label = opt_arg(opts, n, &g, "label");
	if (optind < argc) {
		strf(err, errlen, "unexpected argument '%s' (stock takes options only)",
		     argv[optind]);
		return -1;
	}
	long v;
	if (stock_parse_ms(ms ? ms : STOCK_DEFAULT_MS, c, err, errlen) < 0 ||
	    stock_parse_arms(arms ? arms : "root,same,sep", c, err, errlen) < 0 ||
	    (rounds && num("--rounds", rounds, 2, 100000, &c->rounds, err, errlen) < 0) ||
	    (ops && num("--ops", ops, 16, 10000000, &c->ops, err, errlen) < 0))
		return -1;
	if (cpu) {
		if (num("--cpu", cpu, 0, 1023, &v, err, errlen) < 0)
			return -1;
		c->cpu = (int)v;
	}
	if (label) {
		if (conf_check_label(label, err, errlen) < 0)
			return -1;
		snprintf(c->label, sizeof(c->label), "%s", label);
	}
	c->outdir_given = out != NULL;
	if (out && (strf(c->outdir, sizeof(c->outdir), "%s", out) < 0 ||
		    outdir_check(c->outdir, err, errlen) < 0)) {
		if (!err[0])
			strf(err, errlen, "output directory name too long");
		return -1;
	}
	return 0;
}
