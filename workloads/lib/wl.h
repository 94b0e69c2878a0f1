/* wl.h - the tiny shared API every workload generator is written against.
 *
 * A workload is three functions (will-it-scale style) plus an option table:
 *   prepare  - build the scratch state (e.g. populate a tree); never measured
 *   run      - the measured part; runs inside the trial's cgroup (returns 0, -1,
 *              or 2: bad usage)
 *   cleanup  - remove what prepare made (only inside the marked scratch tree)
 * Each option is declared once with its bounds and help (stress-ng style); the
 * harness links the same tables to validate profile keys before anything runs.
 */
#ifndef KMB_WL_H
#define KMB_WL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define WL_MAX_OPTS 16

struct rusage;

enum wl_opt_kind {
	WL_OPT_COUNT, /* plain non-negative integer */
	WL_OPT_SIZE,  /* integer with K/M/G suffix */
	WL_OPT_BOOL,  /* 0 or 1 */
};

struct wl_opt {
	const char *name; /* long option / profile key, e.g. "dirs" */
	enum wl_opt_kind kind;
	long long def, min, max;
	const char *help;
};

struct wl_ctx {
	const char *dir;	    /* scratch directory for this workload (marked) */
	long long val[WL_MAX_OPTS]; /* option values, indexed like the option table */
	int verbose;
};

struct workload {
	const char *name;    /* "dentry-walk" */
	const char *summary; /* one line for --help and `kmembench info` */
	const char *tool;    /* program the run phase executes from PATH (checked before a run),
			      * or NULL */
	const struct wl_opt *opts;
	size_t nopts;
	/* Keys of its key=value output that `show` tabulates per step (NULL-terminated), or NULL.
	 */
	const char *const *show;
	int (*prepare)(const struct wl_ctx *ctx);
	int (*run)(const struct wl_ctx *ctx);
	int (*cleanup)(const struct wl_ctx *ctx);
	/* What prepare and run create at most on the scratch filesystem, or NULL: prepare
	 * refuses to start on one with fewer free inodes or bytes (wl_core.c). */
	void (*footprint)(const struct wl_ctx *ctx, unsigned long long *inodes,
			  unsigned long long *bytes);
	bool experiment;     /* not in the default workload list (run it by name) */
	const char *v1_only; /* option that needs cgroup v1 when nonzero, or NULL */
};

/* Index of option @name in @wl's table, or -1. */
int wl_opt_index(const struct workload *wl, const char *name);

/* Parses @text as a value of option @o into *out. On failure writes a one-line
 * message naming the value and the accepted range into @err and returns -1. */
int wl_opt_parse(const struct wl_opt *o, const char *text, long long *out, char *err,
		 size_t errlen);

/* Fills ctx->val with every option's default. */
void wl_ctx_defaults(const struct workload *wl, struct wl_ctx *ctx);

/* ---- reporting: what `run` prints on stdout --------------------------------
 * One key=value line per result (stress-ng's stress_metrics_set, as lines);
 * the harness parses them into each trial's `extra`. */

/* Prints "KEY=VALUE\n", VALUE formatted by @fmt. */
__attribute__((format(printf, 2, 3))) void wl_put(const char *key, const char *fmt, ...);

/* Prints user_s and sys_s ("%.6f"): this process's CPU times since @ru0
 * (getrusage(RUSAGE_SELF) taken when the measured part began). */
void wl_put_rusage(const struct rusage *ru0);

/* Empties the marked scratch tree @dir but for its marker (prepare and cleanup
 * of the built-in workloads). On failure prints "WHO: cannot empty DIR: ERROR"
 * on stderr and returns -1. */
int wl_empty_dir(const char *who, const char *dir);

/* Standalone program driver: `NAME [--OPT=V ...] [--dir DIR] [prepare|run|cleanup|all]`.
 * Exit 0 ok, 1 runtime failure, 2 bad usage. */
int wl_main(const struct workload *wl, int argc, char **argv);

#ifdef WL_STANDALONE
#define WL_MAIN(desc)                                                                              \
	int main(int argc, char **argv)                                                            \
	{                                                                                          \
		return wl_main(&(desc), argc, argv);                                               \
	}
#else
#define WL_MAIN(desc)
#endif

#endif
