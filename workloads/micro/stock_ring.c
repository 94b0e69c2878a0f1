/* stock_ring.c - the stock sweep's token ring (stock_ring.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "stock_ring.h"

#define TOKEN_STOP 0

struct ring_fds {
	int in[STOCK_RING_MAX][2]; /* task i reads in[i][0] */
	int done[2];		   /* the last task tells the parent a lap series ended */
};

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int stock_ring_default_cpu(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof(set), &set) < 0)
		return -1;
	for (int c = CPU_SETSIZE - 1; c >= 0; c--)
		if (CPU_ISSET(c, &set))
			return c;
	return -1;
}

static int join(const char *cg)
{
	char path[4200], pid[32];
	if (!cg || !cg[0])
		return 0;
	snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
	int n = snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t w = write(fd, pid, (size_t)n);
	close(fd);
	return w == n ? 0 : -1;
}

static int rd(int fd, int64_t *t)
{
	ssize_t n;
	while ((n = read(fd, t, sizeof(*t))) < 0 && errno == EINTR)
		;
	return n == sizeof(*t) ? 0 : -1;
}

static int wr(int fd, int64_t t)
{
	ssize_t n;
	while ((n = write(fd, &t, sizeof(t))) < 0 && errno == EINTR)
		;
	return n == sizeof(t) ? 0 : -1;
}

/* Task @i of the ring: never returns. Exit 0 after STOP, 1 on a failure. */
static void task(const struct stock_ring *r, struct ring_fds *f, int i)
{
	cpu_set_t set;
	int64_t t;
	int next = (i + 1) % r->m;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	CPU_ZERO(&set);
	CPU_SET(r->cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) < 0 || join(r->cg[i]) < 0)
		_exit(1);
	for (;;) {
		if (rd(f->in[i][0], &t) < 0)
			_exit(1);
		if (t == TOKEN_STOP) {
			if (i + 1 < r->m)
				wr(f->in[next][1], TOKEN_STOP);
			_exit(0);
		}
		int fd = eventfd(0, EFD_CLOEXEC);
		if (fd < 0 || close(fd) < 0)
			_exit(1);
		if (i == r->m - 1 && --t == 0) {
			if (wr(f->done[1], 1) < 0)
				_exit(1);
		} else if (wr(f->in[next][1], t) < 0) {
			_exit(1);
		}
	}
}

static void close_fds(struct ring_fds *f, int m)
{
	for (int i = 0; i < m; i++)
		for (int k = 0; k < 2; k++)
			if (f->in[i][k] >= 0)
				close(f->in[i][k]);
	for (int k = 0; k < 2; k++)
		if (f->done[k] >= 0)
			close(f->done[k]);
}

/* Sends @laps round the ring and waits for the last task's word. */
static int laps_of(const struct stock_ring *r, struct ring_fds *f, long laps, char *err, size_t n)
{
	struct pollfd p = {.fd = f->done[0], .events = POLLIN};
	int64_t t;
	if (wr(f->in[0][1], laps) < 0) {
		snprintf(err, n, "stock ring: cannot pass the token: %s", strerror(errno));
		return -1;
	}
	int rc = poll(&p, 1, (int)(r->timeout_s * 1000));
	if (rc <= 0 || !(p.revents & POLLIN) || rd(f->done[0], &t) < 0) {
		snprintf(err, n, "stock ring of %d tasks: %s", r->m,
			 rc == 0 ? "the token did not come back in time (a task failed?)"
				 : "a task failed");
		return -1;
	}
	return 0;
}

int stock_ring_block(const struct stock_ring *r, double *ns, char *err, size_t errlen)
{
	struct ring_fds f;
	pid_t pid[STOCK_RING_MAX];
	int started = 0, rc = -1, failed = 0;
	memset(&f, -1, sizeof(f));
	if (errlen)
		err[0] = '\0';
	if (r->m < 1 || r->m > STOCK_RING_MAX || r->laps < 1) {
		snprintf(err, errlen, "stock ring: bad size %d", r->m);
		return -1;
	}
	for (int i = 0; i < r->m; i++)
		if (pipe2(f.in[i], O_CLOEXEC) < 0)
			goto out;
	if (pipe2(f.done, O_CLOEXEC) < 0)
		goto out;
	for (; started < r->m; started++) {
		pid[started] = fork();
		if (pid[started] < 0)
			goto out;
		if (pid[started] == 0)
			task(r, &f, started);
	}
	if (r->warm > 0 && laps_of(r, &f, r->warm, err, errlen) < 0)
		goto stop;
	double t0 = now_s();
	if (laps_of(r, &f, r->laps, err, errlen) < 0)
		goto stop;
	*ns = (now_s() - t0) * 1e9 / ((double)r->laps * r->m);
	rc = 0;
stop:
	wr(f.in[0][1], TOKEN_STOP);
out:
	if (rc < 0 && started < r->m && !err[0])
		snprintf(err, errlen, "stock ring: cannot start %d tasks: %s", r->m,
			 strerror(errno));
	close_fds(&f, r->m);
	for (int i = 0; i < started; i++) {
		int st;
		if (rc < 0)
			kill(pid[i], SIGKILL);
		while (waitpid(pid[i], &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			failed++;
	}
	if (rc == 0 && failed) {
		snprintf(err, errlen, "stock ring: %d of %d tasks failed (cgroup join or op)",
			 failed, r->m);
		rc = -1;
	}
	return rc;
}
