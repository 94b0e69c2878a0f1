/* perfrec.h - attribution trials: the workload under `perf record`, its samples summarised.
 *
 * perf itself runs where kmembench runs (outside the trial's cgroup); only the command
 * it starts joins the cgroup, through a one-line sh wrapper that writes its own pid to
 * cgroup.procs and execs the workload. So perf's ring buffers, its heap and the page
 * cache of perf.data are never charged to the trial's cgroup and its limit sees the
 * workload alone, as in a timing trial.
 */
#ifndef KMB_PERFREC_H
#define KMB_PERFREC_H

#include <jansson.h>
#include <limits.h>
#include <stddef.h>

#include "results.h"

#define PERFREC_EVENT "cpu-clock"      /* no hardware counters here; resolves kernel symbols */
#define PERFREC_FREQ  4999	       /* samples per second, off the timer tick's multiples */
#define PERFREC_ENV   "KMEMBENCH_PERF" /* the perf program to use instead of `perf` */

struct perfrec {
	char binary[PATH_MAX]; /* perf, or $KMEMBENCH_PERF */
	char data[PATH_MAX];   /* perf.data in the run's scratch directory, deleted after use */
	char outdir[PATH_MAX]; /* the result set: folded stacks go to OUTDIR/perf/ */
	char version[64];      /* "perf version 6.1.187", filled by perfrec_check */
};

/* Fills pr->binary; data and outdir are left empty. */
void perfrec_init(struct perfrec *pr);

/* Whether pr->binary is there and `perf record -e cpu-clock -g` works here (a probe
 * on `true`, writing to /dev/null; nothing is left behind); fills pr->version.
 * 0, or -1 with one line in @err. */
int perfrec_check(struct perfrec *pr, char *err, size_t errlen);

/* perf record ... -- sh -c WRAPPER @cgpath @argv...: a malloc'ed NULL-terminated array
 * pointing into @pr, @cgpath and @argv (free the array only); NULL on ENOMEM. */
char **perfrec_argv(const struct perfrec *pr, const char *cgpath, char *const *argv);

/* perf record ARGS... -- sh -c WRAPPER @cgpath @argv...: @record is perf and its record
 * options (NULL-terminated); the wrapper joins the cgroup @cgpath, then execs @argv. A
 * malloc'ed NULL-terminated array pointing into its arguments; NULL on ENOMEM. */
char **perfrec_join_argv(char *const *record, const char *cgpath, char *const *argv);

/* Runs tool @argv outside any trial cgroup, stdout and stderr into the given fds
 * (-1: /dev/null, ours); 0 when it exited 0 within @timeout_s. */
int perfrec_run_tool(char *const *argv, int out, int errfd, double timeout_s);

/* The first non-empty line of what was written to memfd @fd, or @dflt. */
void perfrec_first_line(int fd, char *buf, size_t n, const char *dflt);

/* `BINARY --version`'s first line into @buf ("" when it fails). */
void perfrec_read_version(const char *binary, char *buf, size_t n);

/* Trial @t's `perf` object from pr->data (perfattr.h, plus event, frequency and
 * `folded`: the folded stacks' path in the result set, OUTDIR/perf/WORKLOAD_STEP_rREP.folded,
 * xz-compressed when large, or null); {error, memcg_share: null, top: []} when perf
 * script failed. Deletes pr->data. */
json_t *perfrec_summarise(const struct perfrec *pr, const struct trial *t);

/* env.perf of a result set: program, event, frequency, call graph, symbol patterns. */
json_t *perfrec_env_json(const struct perfrec *pr, int reps);

#endif
