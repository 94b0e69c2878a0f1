/* fio_exec.h - run fio once as a child: job file, extra environment, working directory;
 * collect its stdout and its rusage (fio's and its waited-for children's). */
#ifndef KMB_FIO_EXEC_H
#define KMB_FIO_EXEC_H

#include <stddef.h>
#include <sys/resource.h>

#define FIO_EXEC_PROGRAM "fio"

struct fio_exec {
	char *out;	  /* fio's stdout, NUL-terminated (malloc'ed; fio_exec_free) */
	size_t len;	  /* bytes in out */
	int status;	  /* wait status of fio */
	struct rusage ru; /* of fio, including the children it waited for (exec_prerun) */
};

/* Runs `fio --output-format=json JOBFILE` found in PATH, in directory @cwd, with the
 * "NAME=VALUE" strings of the NULL-terminated @env added to the environment; fio
 * dies with this process (PR_SET_PDEATHSIG). Returns 0 when fio ran (whatever its
 * exit status), -1 with one line in @err when it could not be started (not found in
 * PATH, fork, pipe, memory). */
int fio_exec_run(const char *jobfile, const char *cwd, char *const *env, struct fio_exec *x,
		 char *err, size_t errlen);

/* True when fio exited 0. */
int fio_exec_ok(const struct fio_exec *x);

/* "exit status 1", "killed by signal 9" ... of a finished fio into @buf; returns @buf. */
const char *fio_exec_outcome(const struct fio_exec *x, char *buf, size_t len);

void fio_exec_free(struct fio_exec *x);

#endif
