/* results.h - one run's result set: the in-memory model and its run.json.
 *
 * The keys (docs/results-format.md) are the contract scripts rely on: keep their names.
 * Absent counters are stored as -1 (numbers) / NULL (objects) and written as
 * JSON null, so "the kernel has no such file" never looks like zero.
 */
#ifndef KMB_RESULTS_H
#define KMB_RESULTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RESULTS_SCHEMA 1

/* Outcome of one trial; anything but TRIAL_OK is a failure, kept as data and
 * never fed into timing statistics. */
enum trial_status {
	TRIAL_OK,
	TRIAL_EXIT,    /* exited non-zero */
	TRIAL_SIGNAL,  /* killed by a signal other than the OOM killer */
	TRIAL_OOM,     /* OOM-killed (cgroup oom_kill counter moved) */
	TRIAL_TIMEOUT, /* killed by the harness at its deadline */
	TRIAL_ERROR,   /* the harness could not start it (exec failed, ...) */
};

struct trial {
	char workload[64];
	char step[64];       /* "root", "unlimited", "16M/4M" */
	uint64_t hard_bytes; /* 0 = no limit */
	uint64_t soft_bytes; /* 0 = none */
	int rep;             /* 1-based */
	int seq;             /* position in execution order, 1-based */
	double real_s, user_s, sys_s;
	int exit_status; /* WEXITSTATUS, or -1 when signalled */
	int signal;      /* terminating signal, 0 if none */
	bool oom_killed;
	bool timed_out;
	enum trial_status status;
	char reason[256]; /* a failed trial: the last line its program wrote to stderr, or "" */
	long long failcnt;         /* v1 memory.failcnt / v2 events "max"; -1 absent */
	long long kmem_failcnt;    /* v1 memory.kmem.failcnt; -1 absent */
	long long peak_bytes;      /* -1 absent */
	long long kmem_peak_bytes; /* -1 absent */
	json_t *events;            /* object or NULL (owned) */
	json_t *stat;              /* object or NULL (owned) */
	json_t *extra;             /* workload's own key=value output, or NULL (owned) */
	/* An attribution trial (`run --perf`) ran under perf record: its timings are
	 * perturbed by sampling and never enter statistics; @perf is its summary
	 * (analysis/perfattr.h), NULL (JSON null) on every timing trial. */
	bool attribution;
	json_t *perf; /* owned */
	/* A breakdown trial (`run --caches`, also "attribution": true) ran under perf record
	 * of the kmem tracepoints: @caches is what it allocated that is accounted, per cache
	 * (analysis/cachesum.h); NULL (JSON null) on every other trial. */
	json_t *caches; /* owned */
};

struct result_set {
	int schema;
	char kernel[128];
	char cmdline[1024];
	int cgroup_version; /* 1 or 2 */
	char virt[16];      /* none | kvm | tcg */
	char profile[256];
	char label[128];
	char started[32]; /* ISO 8601 UTC */
	char finished[32];
	bool complete; /* false while running or after an interrupted run */
	json_t *env;   /* host facts, detected knobs, options (owned, may be NULL) */
	struct trial *trials; /* timing trials only: what every statistic reads */
	size_t ntrials, cap;
	/* Attribution trials (`run --perf`), kept apart so that nothing that reads
	 * trials[] can take their timings; in run.json they follow the timing trials
	 * in `trials` with "attribution": true. */
	struct trial *attr;
	size_t nattr, capattr;
	/* A micro set (`kmembench micro`, docs/micro.md): arrays micro[] (op, arm,
	 * ns_per_op[], mean_ns, ci95_ns, ...) and overhead[] (op, arm, pct,
	 * ci95_pct, ...), owned; both NULL in a set of trials. */
	json_t *micro;
	json_t *overhead;
	/* A micro set made with --caches: caches[] per op (op, arm, ops, objects_per_op,
	 * bytes_per_op, caches: [{name, kind, objects_per_op, bytes_per_op}]), owned; NULL
	 * otherwise. */
	json_t *caches;
};

/* Initialises an empty run. */
void results_init(struct result_set *r);
/* Frees everything owned by @r. */
void results_free(struct result_set *r);
/* Drops @t's events, stat, extra, perf and caches objects and sets them NULL. */
void results_trial_release(struct trial *t);
/* Appends a copy of @t to trials, or to attr when t->attribution (takes ownership
 * of its json_t pointers). */
int results_add_trial(struct result_set *r, struct trial *t);

/* Writes @r to DIR/run.json atomically (temp file, fsync, rename, fsync dir). */
int results_write(const struct result_set *r, const char *dir);
/* Reads DIR/run.json (or a path to a .json file). On failure writes one line into @err. */
int results_read(struct result_set *r, const char *path, char *err, size_t errlen);

/* True for a micro set (micro[] present). */
bool results_is_micro(const struct result_set *r);

/* Converts to and from the JSON form. */
json_t *results_to_json(const struct result_set *r);
int results_from_json(struct result_set *r, const json_t *root, char *err, size_t errlen);

/* "ok", "exit", "signal", "oom", "timeout", "error". */
const char *results_status_name(enum trial_status s);
/* Inverse of results_status_name; -1 if unknown. */
int results_status_parse(const char *name);
/* True when the trial's timings may enter statistics. */
bool results_trial_ok(const struct trial *t);

#endif
