/* spawn.c - spawn into a cgroup, wait with a deadline, wait4 rusage. */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawn.h"
#include "signals.h"
#include "util.h"
#include "wl.h"

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

/* Child side after fork/clone: join the cgroup unless already placed, set up fds, exec.
 * Any failure is reported as an errno over @errfd (close-on-exec). */
static void child_main(const struct child_spec *spec, int errfd, bool placed, pid_t harness)
{
	signals_reset();
	/* Die with the harness: a SIGKILLed run must not leave its workload running. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != harness)
		_exit(127);
	/* Own process group, so a kill reaches grandchildren; an exec'd command stays in
	 * ours so that it can use the terminal and gets the terminal's ^C itself. */
	if (!spec->inherit_stdio)
		setpgid(0, 0);
	int e = 0;
	if (!placed && spec->cg && !spec->joins_itself && cg_enter(spec->cg) < 0)
		e = errno;
	if (!e && !spec->inherit_stdio) {
		int out = spec->stdout_fd >= 0 ? spec->stdout_fd
					       : open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (out < 0 || dup2(out, STDOUT_FILENO) < 0)
			e = errno;
		int in = e ? -1 : open("/dev/null", O_RDONLY);
		if (in >= 0 && in != STDIN_FILENO) {
			dup2(in, STDIN_FILENO);
			close(in);
		}
		if (spec->stderr_fd > 0 && dup2(spec->stderr_fd, STDERR_FILENO) < 0)
			e = errno;
	}
	if (!e) {
		execvp(spec->argv[0], spec->argv);
		e = errno;
	}
	if (write(errfd, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

/* clone3 into the cgroup directly (v2, 5.7+): the child never runs outside it. */
static pid_t spawn_clone3(const struct child_spec *spec)
{
	int cgfd = open(spec->cg->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cgfd < 0)
		return -1;
	struct clone_args args;
	memset(&args, 0, sizeof(args));
	args.flags = CLONE_INTO_CGROUP;
	args.exit_signal = SIGCHLD;
	args.cgroup = (unsigned long long)cgfd;
	pid_t pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
	int e = errno;
	if (pid != 0)
		close(cgfd);
	errno = e;
	return pid;
}

/* Forks the child; returns its pid (or -1) and whether clone3 placed it. */
static pid_t spawn(const struct child_spec *spec, int errfd, bool *placed)
{
	pid_t pid = -1, harness = getpid();
	*placed = false;
	if (spec->cg && spec->version == 2 && !spec->cg->is_root && !spec->joins_itself &&
	    !getenv("KMB_NO_CLONE3")) {
		pid = spawn_clone3(spec);
		if (pid == 0)
			child_main(spec, errfd, true, harness);
		if (pid > 0) {
			*placed = true;
			return pid;
		}
	}
	pid = fork();
	if (pid == 0)
		child_main(spec, errfd, false, harness);
	return pid;
}

/* Kills the child's process group and, in a child cgroup, everything in it. */
static void kill_child(const struct child_spec *spec, pid_t pid)
{
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	if (spec->cg && !spec->cg->is_root)
		cg_kill_all(spec->cg);
}

/* Waits for @pid, enforcing the deadline and the stop flag; fills rusage. */
static int wait_child(const struct child_spec *spec, pid_t pid, struct child_result *res,
		      int *status, struct rusage *ru)
{
	int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
	double deadline = spec->timeout_s > 0 ? mono_now() + spec->timeout_s : 0;
	bool killed = false;
	while (pfd >= 0 && !killed) {
		int ms = 200;
		if (deadline) {
			double left = deadline - mono_now();
			ms = left <= 0 ? 0 : (left < 0.2 ? (int)(left * 1000) + 1 : 200);
		}
		struct pollfd p = {.fd = pfd, .events = POLLIN};
		int r = poll(&p, 1, ms);
		if (r > 0)
			break;
		if (signals_pending()) {
			res->interrupted = true;
			killed = true;
		} else if (deadline && mono_now() >= deadline) {
			res->timed_out = true;
			killed = true;
		}
		if (killed)
			kill_child(spec, pid);
	}
	if (pfd >= 0)
		close(pfd);
	while (wait4(pid, status, 0, ru) < 0) {
		if (errno != EINTR)
			return -1;
	}
	return 0;
}

static double tv_s(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int spawn_child(const struct child_spec *spec, struct child_result *res)
{
	int pipefd[2], status = 0;
	struct rusage ru;
	bool placed;
	memset(res, 0, sizeof(*res));
	memset(&ru, 0, sizeof(ru));
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return -1;
	double t0 = mono_now();
	pid_t pid = spawn(spec, pipefd[1], &placed);
	close(pipefd[1]);
	if (pid < 0) {
		res->spawn_errno = errno;
		close(pipefd[0]);
		return -1;
	}
	res->clone3_used = placed;
	int rc = wait_child(spec, pid, res, &status, &ru);
	res->real_s = mono_now() - t0;
	int e = 0;
	if (read(pipefd[0], &e, sizeof(e)) == (ssize_t)sizeof(e) && e)
		res->spawn_errno = e;
	close(pipefd[0]);
	res->user_s = tv_s(ru.ru_utime);
	res->sys_s = tv_s(ru.ru_stime);
	res->exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	res->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	return rc < 0 || res->spawn_errno ? -1 : 0;
}

/* Copies what the child wrote to @errfd onto our stderr and keeps its last non-empty line
 * in @reason (of @n bytes). */
void spawn_replay_stderr(int errfd, char *reason, size_t n)
{
	char buf[4096];
	ssize_t got;
	off_t off = 0;
	size_t len = 0; /* of the line being read, kept in reason while it fits */
	char line[256] = "";
	reason[0] = '\0';
	while ((got = pread(errfd, buf, sizeof(buf), off)) > 0) {
		off += got;
		fwrite(buf, 1, (size_t)got, stderr);
		for (ssize_t i = 0; i < got; i++) {
			if (buf[i] == '\n') {
				if (len)
					snprintf(reason, n, "%s", line);
				len = 0;
			} else if (len + 1 < sizeof(line)) {
				line[len++] = buf[i];
				line[len] = '\0';
			}
		}
	}
	if (len)
		snprintf(reason, n, "%s", line);
}
