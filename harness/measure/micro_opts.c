/* micro_opts.c - `kmembench micro`'s option table: its command line and the profile's [micro]. */
#include <stdio.h>

#include "conf.h"
#include "micro_conf.h"
#include "micro_opts.h"
#include "util.h"

static int set_ops(void *c, const struct opt_val *v, char *err, size_t errlen)
{
	return micro_conf_set_ops(c, v->s, err, errlen);
}

static int set_arms(void *c, const struct opt_val *v, char *err, size_t errlen)
{
	return micro_conf_set_arms(c, v->s, err, errlen);
}

static int set_time(void *c, const struct opt_val *v, char *err, size_t errlen)
{
	(void)err, (void)errlen;
	((struct micro_conf *)c)->time_s = v->d;
	return 0;
}

static int set_caches(void *c, const struct opt_val *v, char *err, size_t errlen)
{
	(void)err, (void)errlen;
	((struct micro_conf *)c)->caches = v->b;
	return 0;
}

/* --caches-ops N implies --caches (the profile's caches_ops does not). */
static int set_caches_ops(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	struct micro_conf *c = conf;
	(void)err, (void)errlen;
	c->caches_ops = v->i;
	c->caches |= v->cli;
	return 0;
}

static int set_label(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	struct micro_conf *c = conf;
	if (conf_check_label(v->s, err, errlen) < 0)
		return -1;
	snprintf(c->label, sizeof(c->label), "%s", v->s);
	return 0;
}

static int set_scratch(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	struct micro_conf *c = conf;
	(void)err, (void)errlen;
	snprintf(c->scratch, sizeof(c->scratch), "%s", v->s);
	return 0;
}

static int set_outdir(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	struct micro_conf *c = conf;
	if (strf(c->outdir, sizeof(c->outdir), "%s", v->s) < 0) {
		snprintf(err, errlen, "output directory name too long");
		return -1;
	}
	return 0;
}

/* The profile's [micro] keys are the rows with OPT_PROFILE, in this order. */
const struct opt micro_opts[] = {
    {"profile", 'p', OPT_CLI, NULL, OPT_TEXT, 0, 0, NULL, NULL, "INI profile", NULL},
    {"ops", 0, OPT_BOTH, "micro", OPT_TEXT, 0, 0, NULL, NULL, "ops to time", set_ops},
    {"arms", 0, OPT_BOTH, "micro", OPT_TEXT, 0, 0, NULL, NULL, "cgroups to time them in", set_arms},
    {"time", 0, OPT_BOTH, "micro", OPT_REAL, MICRO_CONF_TIME_MIN, MICRO_CONF_TIME_MAX, "--time",
     "seconds", "the whole time budget", set_time},
    {"caches", 0, OPT_BOTH, "micro", OPT_FLAG, 0, 0, NULL, NULL, "per-op cache breakdown",
     set_caches},
    {"caches-ops", 0, OPT_BOTH, "micro", OPT_INT, MICRO_CONF_CACHES_OPS_MIN,
     MICRO_CONF_CACHES_OPS_MAX, "--caches-ops", NULL, "ops per breakdown run", set_caches_ops},
    {"label", 0, OPT_CLI, NULL, OPT_TEXT, 0, 0, NULL, NULL, "the set's label", set_label},
    {"scratch", 0, OPT_CLI, NULL, OPT_TEXT, 0, 0, NULL, NULL, "scratch root", set_scratch},
    {"output", 'o', OPT_CLI, NULL, OPT_TEXT, 0, 0, NULL, NULL, "result directory", set_outdir},
};
const size_t micro_opts_n = sizeof(micro_opts) / sizeof(micro_opts[0]);

int micro_conf_parse_time(const char *s, double *out, char *err, size_t errlen)
{
	struct opt_val v;
	if (opt_parse(opt_key(micro_opts, micro_opts_n, "micro", "time"), s, false, &v, err,
		      errlen) < 0)
		return -1;
	*out = v.d;
	return 0;
}
