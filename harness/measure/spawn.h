/* spawn.h - run one command in a cgroup with a deadline and measure it. */
#ifndef KMB_SPAWN_H
#define KMB_SPAWN_H

#include <stdbool.h>
#include <stddef.h>

#include "cgroup.h"

struct child_spec {
	char *const *argv;
	const struct cg *cg; /* cgroup to join before exec; NULL: stay in ours */
	int version;	     /* cgroup version: 2 tries clone3(CLONE_INTO_CGROUP) */
	int stdout_fd;	     /* child's stdout, or -1 for /dev/null */
	bool inherit_stdio;  /* keep our stdin/stdout/stderr (exec); stdout_fd ignored */
	int stderr_fd;	     /* the child's stderr when > 0; otherwise ours */
	bool joins_itself;   /* the command joins cg itself (perf's wrapper): cg only
				says where to kill what is left at a deadline */
	double timeout_s;    /* 0 = none */
};

struct child_result {
	double real_s, user_s, sys_s;
	int exit_status; /* WEXITSTATUS or -1 */
	int signal;	 /* terminating signal or 0 */
	bool timed_out;
	bool interrupted; /* the harness was asked to stop (signals_pending) */
	int spawn_errno;  /* non-zero: joining the cgroup or exec failed */
	bool clone3_used;
};

/* Starts spec->argv in spec->cg, waits (killing it at the deadline or when the
 * harness is signalled) and fills @res. Returns 0 when the child ran (whatever
 * its outcome), -1 when it could not be started (res->spawn_errno says why). */
int spawn_child(const struct child_spec *spec, struct child_result *res);

/* Copies what a child wrote to @errfd (a memfd given as stderr_fd) onto our stderr and
 * keeps its last non-empty line in @last (of @n bytes; "" when there is none). */
void spawn_replay_stderr(int errfd, char *last, size_t n);

#endif
