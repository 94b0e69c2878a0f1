/* run_opts.c - `kmembench run`'s option table: its command line and the profile's [suite]. */
#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "run_opts.h"
#include "size.h"
#include "util.h"

static int set_workloads(void *c, const struct opt_val *v, char *err, size_t errlen)
{
	return conf_set_workloads(c, v->s, err, errlen);
}

/* The suite's ladder; on the command line over every workload section's too. */
static int set_ladder(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	struct run_conf *c = conf;
	if (ladder_keep_spec(c->ladder_spec, sizeof(c->ladder_spec), v->s, err, errlen) < 0)
		return -1;
	for (size_t i = 0; v->cli && i < c->nwl; i++)
		c->wls[i].ladder_spec[0] = '\0';
	return 0;
}

static int set_reps(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	(void)err, (void)errlen;
	((struct run_conf *)conf)->reps = (int)v->i;
	return 0;
}

/* The suite's timeout; on the command line over every workload section's too. */
static int set_timeout(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	struct run_conf *c = conf;
	(void)err, (void)errlen;
	c->timeout_s = v->d;
	for (size_t i = 0; v->cli && i < c->nwl; i++)
		c->wls[i].timeout_s = 0;
	return 0;
}

static int set_label(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	struct run_conf *c = conf;
	if (conf_check_label(v->s, err, errlen) < 0)
		return -1;
	snprintf(c->label, sizeof(c->label), "%s", v->s);
	return 0;
}

static int set_drop_caches(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	(void)err, (void)errlen;
	((struct run_conf *)conf)->drop_caches = v->b;
	return 0;
}

static int set_no_drop_caches(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	(void)v, (void)err, (void)errlen;
	((struct run_conf *)conf)->drop_caches = false;
	return 0;
}

static int set_fs(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	return scratchfs_parse(v->s, &((struct run_conf *)conf)->fs, err, errlen);
}

static int set_fs_size(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	return size_parse(v->s, &((struct run_conf *)conf)->fs.size, err, errlen);
}

static int set_perf(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	(void)err, (void)errlen;
	((struct run_conf *)conf)->perf = v->b;
	return 0;
}

/* --perf-reps N implies --perf (the profile's perf_reps does not). */
static int set_perf_reps(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	struct run_conf *c = conf;
	(void)err, (void)errlen;
	c->perf_reps = (int)v->i;
	c->perf |= v->cli;
	return 0;
}

static int set_caches(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	(void)err, (void)errlen;
	((struct run_conf *)conf)->caches = v->b;
	return 0;
}

/* --caches-reps N implies --caches, likewise. */
static int set_caches_reps(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	struct run_conf *c = conf;
	(void)err, (void)errlen;
	c->caches_reps = (int)v->i;
	c->caches |= v->cli;
	return 0;
}

static int set_scratch(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	struct run_conf *c = conf;
	(void)err, (void)errlen;
	snprintf(c->scratch, sizeof(c->scratch), "%s", v->s);
	return 0;
}

static int set_outdir(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	struct run_conf *c = conf;
	(void)err, (void)errlen;
	snprintf(c->outdir, sizeof(c->outdir), "%s", v->s);
	return 0;
}

/* The profile's [suite] keys are the rows with OPT_PROFILE, in this order. */
const struct opt run_opts[] = {
    {"profile", 'p', OPT_CLI, NULL, OPT_TEXT, 0, 0, NULL, NULL, "INI profile", NULL},
    {"workloads", 'w', OPT_BOTH, "suite", OPT_TEXT, 0, 0, NULL, NULL, "NAME[,NAME]", set_workloads},
    {"ladder", 0, OPT_BOTH, "suite", OPT_TEXT, 0, 0, NULL, NULL, "ladder SPEC", set_ladder},
    {"reps", 'n', OPT_BOTH, "suite", OPT_INT, 1, CONF_REPS_MAX, "repetition count", NULL,
     "trials per workload and step", set_reps},
    {"timeout", 0, OPT_BOTH, "suite", OPT_REAL, 1, CONF_TIMEOUT_MAX, "timeout", "seconds",
     "deadline of a trial", set_timeout},
    {"label", 0, OPT_BOTH, "suite", OPT_TEXT, 0, 0, NULL, NULL, "the set's label", set_label},
    {"drop_caches", 0, OPT_PROFILE, "suite", OPT_FLAG, 0, 0, NULL, NULL,
     "drop caches before a trial", set_drop_caches},
    {"no-drop-caches", 0, OPT_CLI, NULL, OPT_FLAG, 0, 0, NULL, NULL,
     "do not drop caches before a trial", set_no_drop_caches},
    {"fs", 0, OPT_BOTH, "suite", OPT_TEXT, 0, 0, NULL, NULL, "ext4|xfs|btrfs|DIR", set_fs},
    {"fs-size", 0, OPT_BOTH, "suite", OPT_TEXT, 0, 0, NULL, NULL, "loop filesystem size",
     set_fs_size},
    {"perf", 0, OPT_BOTH, "suite", OPT_FLAG, 0, 0, NULL, NULL, "attribution trials", set_perf},
    {"perf-reps", 0, OPT_BOTH, "suite", OPT_INT, 1, CONF_PERF_REPS_MAX, "perf repetition count",
     NULL, "attribution trials per workload and step", set_perf_reps},
    {"caches", 0, OPT_BOTH, "suite", OPT_FLAG, 0, 0, NULL, NULL, "breakdown trials", set_caches},
    {"caches-reps", 0, OPT_BOTH, "suite", OPT_INT, 1, CONF_PERF_REPS_MAX, "caches repetition count",
     NULL, "breakdown trials per workload and step", set_caches_reps},
    {"scratch", 0, OPT_CLI, NULL, OPT_TEXT, 0, 0, NULL, NULL, "scratch root", set_scratch},
    {"output", 'o', OPT_CLI, NULL, OPT_TEXT, 0, 0, NULL, NULL, "result directory", set_outdir},
    {"verbose", 'v', OPT_CLI, NULL, OPT_FLAG, 0, 0, NULL, NULL, "a line per trial", NULL},
};
const size_t run_opts_n = sizeof(run_opts) / sizeof(run_opts[0]);

int conf_parse_timeout(const char *s, double *out, char *err, size_t errlen)
{
	struct opt_val v;
	if (opt_parse(opt_key(run_opts, run_opts_n, "suite", "timeout"), s, false, &v, err,
		      errlen) < 0)
		return -1;
	*out = v.d;
	return 0;
}
