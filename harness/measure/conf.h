/* conf.h - what a run will do: profile + command line, validated before anything is created. */
#ifndef KMB_CONF_H
#define KMB_CONF_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "ladder.h"
#include "scratchfs.h"
#include "wl.h"

#define CONF_MAX_WORKLOADS   16
#define CONF_REPS_MAX	     1000
#define CONF_TIMEOUT_MAX     86400.0
#define CONF_DEFAULT_LADDER  "root,unlimited,halve:16M/4M:256K"
#define CONF_DEFAULT_REPS    5
#define CONF_DEFAULT_TIMEOUT 600.0
#define CONF_DEFAULT_SCRATCH "/var/tmp/kmembench"
#define CONF_PERF_REPS_MAX   100

struct wl_conf {
	char name[64];		   /* workload name, or the command's basename */
	const struct workload *wl; /* NULL for an arbitrary command */
	struct wl_ctx ctx;	   /* option values; ctx.dir set at run time */
	char ladder_spec[1024];	   /* empty: the suite's */
	double timeout_s;	   /* 0: the suite's */
	struct ladder ladder;	   /* parsed at finalize */
	char *const *cmd_argv;	   /* for a command (points into argv) */
};

struct run_conf {
	char profile[PATH_MAX]; /* "" when none */
	struct wl_conf wls[CONF_MAX_WORKLOADS];
	size_t nwl;
	int reps;
	char ladder_spec[1024];
	double timeout_s;
	char label[128];
	char outdir[PATH_MAX];
	char scratch[PATH_MAX];	 /* the marked scratch root */
	struct scratchfs_opt fs; /* what the workloads run on (default: a fresh ext4) */
	bool drop_caches;
	bool perf;	 /* attribution trials under perf record after the timing trials */
	int perf_reps;	 /* attribution trials per (workload, step) (default 1) */
	bool caches;	 /* breakdown trials under perf record of kmem tracepoints, after those */
	int caches_reps; /* breakdown trials per (workload, step) (default 1) */
};

/* Built-in defaults (used without a profile). */
void conf_defaults(struct run_conf *c);

/* Loads an INI profile over @c (profile.c: [suite] by run_opts.c's rows, workload
 * sections by the workload's options; [micro] is left to micro). Errors (missing file, syntax,
 * unknown section or key, bad value) give one line in @err and -1. */
int profile_load(struct run_conf *c, const char *path, char *err, size_t errlen);

/* Sets the workload list from "a,b,c" (replacing the profile's, keeping any
 * option values the profile gave for those names). */
int conf_set_workloads(struct run_conf *c, const char *list, char *err, size_t errlen);

/* Adds a workload by name if not there yet; returns it or NULL (unknown name). */
struct wl_conf *conf_add_workload(struct run_conf *c, const char *name, char *err, size_t errlen);

/* A timeout in seconds, 1..CONF_TIMEOUT_MAX (its row of run_opts.c), for workload sections. */
int conf_parse_timeout(const char *s, double *out, char *err, size_t errlen);
/* A label: 1..63 of A-Z a-z 0-9 . _ - +. */
int conf_check_label(const char *s, char *err, size_t errlen);

/* Parses every ladder, fills defaults; checks the whole config. Without a workload
 * list, every built-in workload but the experiments (wl->experiment) runs. */
int conf_finalize(struct run_conf *c, char *err, size_t errlen);

/* Checks that the tool of every workload that needs one (wl->tool, e.g. fio) is in
 * PATH; otherwise one line in @err and -1. Looks only, changes nothing. */
int conf_check_tools(const struct run_conf *c, char *err, size_t errlen);

#endif
