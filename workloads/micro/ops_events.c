/* ops_events.c - micro ops for epoll, queued signals, file locks and poll (see ops_events.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "ops_events.h"

#define LOCK_FILE "kmb-flock"

/* The fds a block works on (eventfds, or one tmpfs file), and the signal mask it changed. */
struct fdset {
	int n;
	int fd[OPS_POLL_FDS];
	struct pollfd pfd[OPS_POLL_FDS];
	sigset_t old_mask;
	char path[4096];
};

void ops_fds_teardown(struct micro_ctx *c)
{
	struct fdset *s = c->priv;
	if (!s)
		return;
	int e = errno;
	for (int i = 0; i < s->n; i++)
		close(s->fd[i]);
	if (s->path[0])
		unlink(s->path);
	free(s);
	c->priv = NULL;
	errno = e;
}

/* ctx->priv with @n eventfds. */
static int eventfds(struct micro_ctx *c, int n)
{
	struct fdset *s = calloc(1, sizeof(*s));
	if (!s)
		return -1;
	c->priv = s;
	for (int i = 0; i < n; i++) {
		s->fd[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (s->fd[i] < 0) {
			ops_fds_teardown(c);
			return -1;
		}
		s->n++;
		s->pfd[i].fd = s->fd[i];
		s->pfd[i].events = POLLIN;
	}
	return 0;
}

int ops_epoll_setup(struct micro_ctx *c)
{
	return eventfds(c, OPS_EPOLL_FDS);
}

int ops_epoll_op(struct micro_ctx *c)
{
	struct fdset *s = c->priv;
	int ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0)
		return -1;
	for (int i = 0; i < s->n; i++) {
		struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (unsigned)i};
		if (epoll_ctl(ep, EPOLL_CTL_ADD, s->fd[i], &ev) < 0) {
			int e = errno;
			close(ep);
			errno = e;
			return -1;
		}
	}
	return close(ep);
}

int ops_poll_setup(struct micro_ctx *c)
{
	return eventfds(c, OPS_POLL_FDS);
}

int ops_poll_op(struct micro_ctx *c)
{
	struct fdset *s = c->priv;
	return poll(s->pfd, (nfds_t)s->n, 0) < 0 ? -1 : 0;
}

int ops_flock_setup(struct micro_ctx *c)
{
	struct fdset *s = calloc(1, sizeof(*s));
	if (!s)
		return -1;
	c->priv = s;
	snprintf(s->path, sizeof(s->path), "%s/" LOCK_FILE, c->tmpfs);
	s->fd[0] = open(s->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (s->fd[0] < 0) {
		s->path[0] = '\0';
		ops_fds_teardown(c);
		return -1;
	}
	s->n = 1;
	return 0;
}

int ops_flock_op(struct micro_ctx *c)
{
	struct fdset *s = c->priv;
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
	if (fcntl(s->fd[0], F_SETLK, &fl) < 0)
		return -1;
	fl.l_type = F_UNLCK;
	return fcntl(s->fd[0], F_SETLK, &fl);
}

int ops_signal_setup(struct micro_ctx *c)
{
	struct fdset *s = calloc(1, sizeof(*s));
	sigset_t set;
	if (!s)
		return -1;
	c->priv = s;
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 1);
	if (sigprocmask(SIG_BLOCK, &set, &s->old_mask) < 0) {
		free(s);
		c->priv = NULL;
		return -1;
	}
	return 0;
}

int ops_signal_op(struct micro_ctx *c)
{
	(void)c;
	static const struct timespec zero = {0, 0};
	union sigval v = {.sival_int = 1};
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 1);
	if (sigqueue(getpid(), SIGRTMIN + 1, v) < 0)
		return -1;
	return sigtimedwait(&set, NULL, &zero) == SIGRTMIN + 1 ? 0 : -1;
}

void ops_signal_teardown(struct micro_ctx *c)
{
	struct fdset *s = c->priv;
	if (!s)
		return;
	int e = errno;
	sigset_t set;
	static const struct timespec zero = {0, 0};
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 1);
	while (sigtimedwait(&set, NULL, &zero) > 0) /* one a failed op left queued */
		;
	sigprocmask(SIG_SETMASK, &s->old_mask, NULL);
	free(s);
	c->priv = NULL;
	errno = e;
}
