/* fio_exec.c - run fio as a child with a job file, collect its stdout and rusage. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fio_exec.h"

/* Child: die with the parent, move to @cwd, extend the environment, exec fio. Any
 * failure is sent as an errno over @errfd (close-on-exec, so exec closes it). */
static void child(const char *jobfile, const char *cwd, char *const *env, int outfd, int errfd,
		  pid_t parent)
{
	char *argv[] = {FIO_EXEC_PROGRAM, "--output-format=json", (char *)jobfile, NULL};
	int e = 0;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	for (char *const *v = env; *v && !e; v++)
		if (putenv(*v))
			e = errno;
	if (!e && (chdir(cwd) < 0 || dup2(outfd, STDOUT_FILENO) < 0))
		e = errno;
	if (!e) {
		int in = open("/dev/null", O_RDONLY);
		if (in > STDIN_FILENO) {
			dup2(in, STDIN_FILENO);
			close(in);
		}
		execvp(argv[0], argv);
		e = errno;
	}
	if (write(errfd, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

/* Reads @fd to EOF into x->out. */
static int slurp(int fd, struct fio_exec *x)
{
	size_t cap = 16384;
	x->out = malloc(cap);
	x->len = 0;
	if (!x->out)
		return -1;
	for (;;) {
		if (cap - x->len < 4096) {
			char *g = realloc(x->out, cap * 2);
			if (!g)
				return -1;
			x->out = g;
			cap *= 2;
		}
		ssize_t n = read(fd, x->out + x->len, cap - x->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		x->len += (size_t)n;
	}
	x->out[x->len] = '\0';
	return 0;
}

/* Waits for @pid into @x; the errno the child sent over @errfd, 0 when it exec'd. */
static int reap(pid_t pid, int errfd, struct fio_exec *x)
{
	int e = 0;
	while (wait4(pid, &x->status, 0, &x->ru) < 0)
		if (errno != EINTR)
			return errno;
	if (read(errfd, &e, sizeof(e)) != (ssize_t)sizeof(e))
		e = 0;
	return e;
}

/* The one-line reason fio could not be started. */
static int start_fail(int e, char *err, size_t errlen)
{
	if (e == ENOENT)
		snprintf(err, errlen, "%s not found in PATH (install fio)", FIO_EXEC_PROGRAM);
	else
		snprintf(err, errlen, "cannot run %s: %s", FIO_EXEC_PROGRAM, strerror(e));
	return -1;
}

int fio_exec_run(const char *jobfile, const char *cwd, char *const *env, struct fio_exec *x,
		 char *err, size_t errlen)
{
	int out[2], ef[2];
	memset(x, 0, sizeof(*x));
	if (pipe2(out, O_CLOEXEC) < 0)
		return start_fail(errno, err, errlen);
	if (pipe2(ef, O_CLOEXEC) < 0) {
		int e = errno;
		close(out[0]);
		close(out[1]);
		return start_fail(e, err, errlen);
	}
	fflush(NULL);
	pid_t parent = getpid(), pid = fork();
	if (pid == 0)
		child(jobfile, cwd, env, out[1], ef[1], parent);
	int e = pid < 0 ? errno : 0;
	close(out[1]);
	close(ef[1]);
	if (!e && slurp(out[0], x) < 0)
		e = ENOMEM;
	close(out[0]);
	if (pid > 0) {
		int ce = reap(pid, ef[0], x);
		e = e ? e : ce;
	}
	close(ef[0]);
	if (e) {
		fio_exec_free(x);
		return start_fail(e, err, errlen);
	}
	return 0;
}

int fio_exec_ok(const struct fio_exec *x)
{
	return WIFEXITED(x->status) && WEXITSTATUS(x->status) == 0;
}

const char *fio_exec_outcome(const struct fio_exec *x, char *buf, size_t len)
{
	if (WIFSIGNALED(x->status))
		snprintf(buf, len, "killed by signal %d (%s)", WTERMSIG(x->status),
			 strsignal(WTERMSIG(x->status)));
	else
		snprintf(buf, len, "exit status %d", WEXITSTATUS(x->status));
	return buf;
}

void fio_exec_free(struct fio_exec *x)
{
	free(x->out);
	x->out = NULL;
	x->len = 0;
}
