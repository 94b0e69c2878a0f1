/* cgsplit.c - a walker child inside the memory cgroup, its parent moved outside to drive it. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"
#include "cgsplit.h"
#include "wl.h"

#define CGS_DENTS (1 << 16)
#define CGS_IO	  (1 << 20)
#define CGS_STACK (256 << 10)

struct cgsplit_shared {
	atomic_int done; /* commands finished (0: not ready, 1: ready) */
	struct ew_counts counts;
	char tree[PATH_MAX], file[PATH_MAX];
};

/* Touches @n bytes of stack so that later calls never fault in a new stack page. */
static void __attribute__((noinline)) touch_stack(size_t n)
{
	volatile char pad[CGS_STACK];
	for (size_t i = 0; i < n && i < sizeof(pad); i += 4096)
		pad[i] = 0;
}

/* The walker: prepare memory outside, join the cgroup, serve commands until EOF. */
static void __attribute__((noreturn)) walker(struct cgsplit *s, int rfd, pid_t parent)
{
	struct ew_bufs b;
	char cmd;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent || errwalk_bufs_init(&b, CGS_DENTS, CGS_IO) < 0)
		_exit(120);
	touch_stack(CGS_STACK);
	mlockall(MCL_CURRENT); /* best effort: breaks COW now, outside the cgroup */
	if (memcg_enter(s->cg.dir) < 0)
		_exit(121);
	atomic_store(&s->sh->done, 1);
	while (read(rfd, &cmd, 1) == 1) {
		if (cmd == 'w')
			errwalk_tree(s->sh->tree, &b, &s->sh->counts);
		else if (cmd == 'r')
			errwalk_read(s->sh->file, &b, &s->sh->counts);
		atomic_fetch_add(&s->sh->done, 1);
	}
	_exit(0);
}

/* Waits until the walker finished @want commands, died, or @timeout_s passed. */
static enum cgsplit_result wait_done(struct cgsplit *s, int want, double timeout_s)
{
	double end = mono_now() + timeout_s;
	struct timespec ms = {0, 1000000};
	while (atomic_load(&s->sh->done) < want) {
		if (s->pid && waitpid(s->pid, &s->wstatus, WNOHANG) == s->pid)
			s->pid = 0;
		if (!s->pid)
			return CGS_DIED;
		if (mono_now() >= end)
			return CGS_TIMEOUT;
		nanosleep(&ms, NULL);
	}
	return CGS_DONE;
}

/* Maps the shared page and moves the caller to the hierarchy's root cgroup. */
static int leave_cgroup(struct cgsplit *s, char *err, size_t n)
{
	if (memcg_find(&s->cg, err, n) < 0)
		return -1;
	if (memcg_enter(s->cg.mount) < 0) {
		snprintf(err, n, "cannot move to %s: %s", s->cg.mount, strerror(errno));
		return -1;
	}
	s->sh =
	    mmap(NULL, sizeof(*s->sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s->sh == MAP_FAILED) {
		s->sh = NULL;
		snprintf(err, n, "mmap: %s", strerror(errno));
		return -1;
	}
	memset(s->sh, 0, sizeof(*s->sh));
	return 0;
}

int cgsplit_start(struct cgsplit *s, const char *tree, const char *file, char *err, size_t n)
{
	int p[2];
	memset(s, 0, sizeof(*s));
	s->cmd_fd = -1;
	if (leave_cgroup(s, err, n) < 0)
		return -1;
	snprintf(s->sh->tree, sizeof(s->sh->tree), "%s", tree);
	snprintf(s->sh->file, sizeof(s->sh->file), "%s", file ? file : "");
	if (pipe2(p, O_CLOEXEC) < 0) {
		snprintf(err, n, "pipe: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	pid_t parent = getpid();
	s->pid = fork();
	if (s->pid == 0) {
		close(p[1]);
		walker(s, p[0], parent);
	}
	close(p[0]);
	s->cmd_fd = p[1];
	if (s->pid < 0 || wait_done(s, 1, 30) != CGS_DONE) {
		snprintf(err, n, "the walker did not join %s (exit %d)", s->cg.dir,
			 WIFEXITED(s->wstatus) ? WEXITSTATUS(s->wstatus) : -1);
		cgsplit_stop(s);
		return -1;
	}
	s->seq = 1;
	return 0;
}

enum cgsplit_result cgsplit_do(struct cgsplit *s, char cmd, double timeout_s)
{
	if (!s->pid)
		return CGS_DIED;
	if (write(s->cmd_fd, &cmd, 1) != 1)
		return CGS_DIED;
	return wait_done(s, ++s->seq, timeout_s);
}

const struct ew_counts *cgsplit_counts(const struct cgsplit *s)
{
	return &s->sh->counts;
}

const char *cgsplit_state(struct cgsplit *s)
{
	static char buf[32];
	if (s->pid && waitpid(s->pid, &s->wstatus, WNOHANG) == s->pid)
		s->pid = 0;
	if (s->pid)
		return "alive";
	if (WIFSIGNALED(s->wstatus)) {
		snprintf(buf, sizeof(buf), "killed:%s", sigabbrev_np(WTERMSIG(s->wstatus)));
		return buf;
	}
	return "exited";
}

void cgsplit_stop(struct cgsplit *s)
{
	if (s->cmd_fd >= 0)
		close(s->cmd_fd);
	s->cmd_fd = -1;
	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		while (waitpid(s->pid, &s->wstatus, 0) < 0 && errno == EINTR)
			;
	}
	s->pid = 0;
}

const char *cgsplit_result_name(enum cgsplit_result r)
{
	return r == CGS_DONE ? "done" : r == CGS_TIMEOUT ? "timeout" : "died";
}
