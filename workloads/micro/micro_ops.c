/* micro_ops.c - the micro-benchmark operations (see micro_ops.h) and their table. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "micro_ops.h"
#include "ops_events.h"
#include "ops_kloop.h"

#define TMPFS_MAGIC_NR 0x01021994
#define MSG_BYTES      64 /* msg_msg header + 64 bytes: one small kmalloc, charged */

/* State of one block of one op: directories by fd, a name counter, a queue. */
struct mstate {
	int base;     /* fd of ctx->disk or ctx->tmpfs, -1 when unused */
	int dfd;      /* fd of the op's own subdirectory <base>/<sub>, -1 when none */
	char sub[32]; /* that subdirectory's name */
	unsigned long seq;
	int qid; /* SysV message queue, -1 when none */
	long page;
};

static struct mstate *st_new(struct micro_ctx *c)
{
	struct mstate *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->base = s->dfd = s->qid = -1;
	s->page = sysconf(_SC_PAGESIZE);
	c->priv = s;
	return s;
}

/* Frees the state: leftovers of a failed op, the subdirectory, the queue. */
static void st_teardown(struct micro_ctx *c)
{
	struct mstate *s = c->priv;
	if (!s)
		return;
	int e = errno;
	if (s->dfd >= 0) {
		unlinkat(s->dfd, "f", 0);
		unlinkat(s->dfd, "d", AT_REMOVEDIR);
		close(s->dfd);
	}
	/* Removing the subdirectory also frees the negative dentries stat-neg left in it. */
	if (s->base >= 0 && s->sub[0])
		unlinkat(s->base, s->sub, AT_REMOVEDIR);
	if (s->base >= 0)
		close(s->base);
	if (s->qid >= 0)
		msgctl(s->qid, IPC_RMID, NULL);
	free(s);
	c->priv = NULL;
	errno = e;
}

/* State with a fresh subdirectory @sub of @parent, open as s->dfd. */
static int st_dir(struct micro_ctx *c, const char *parent, const char *sub)
{
	struct mstate *s = st_new(c);
	if (!s)
		return -1;
	s->base = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->base < 0)
		goto fail;
	if (mkdirat(s->base, sub, 0700) < 0)
		goto fail;
	snprintf(s->sub, sizeof(s->sub), "%s", sub);
	s->dfd = openat(s->base, sub, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->dfd < 0)
		goto fail;
	return 0;
fail:
	st_teardown(c);
	return -1;
}

static int close2(int fd[2])
{
	int a = close(fd[0]), b = close(fd[1]);
	return a < 0 || b < 0 ? -1 : 0;
}

/* ---- files and directories ------------------------------------------------ */

static int open_setup(struct micro_ctx *c)
{
	if (st_dir(c, c->tmpfs, "open-close") < 0)
		return -1;
	struct mstate *s = c->priv;
	int fd = openat(s->dfd, "f", O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0 || close(fd) < 0) {
		st_teardown(c);
		return -1;
	}
	return 0;
}

static int open_op(struct micro_ctx *c)
{
	struct mstate *s = c->priv;
	int fd = openat(s->dfd, "f", O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -1 : close(fd);
}

static int statneg_setup(struct micro_ctx *c)
{
	return st_dir(c, c->disk, "stat-neg");
}

/* fstatat of a name never looked up before in this block: the lookup allocates
 * a dentry, which a disk filesystem keeps as a negative dentry. The names cycle
 * through MICRO_STAT_NEG_NAMES per block (a block of a few ms uses far fewer), and
 * the block's teardown removes the directory, which frees its negative dentries. */
static int statneg_op(struct micro_ctx *c)
{
	static const char hex[] = "0123456789abcdef";
	struct mstate *s = c->priv;
	unsigned long v = s->seq++ % MICRO_STAT_NEG_NAMES;
	char name[24], *p = name + sizeof(name) - 1;
	struct stat st;
	*p = '\0';
	do
		*--p = hex[v & 15];
	while (v >>= 4);
	*--p = 'n';
	if (fstatat(s->dfd, p, &st, 0) == 0) {
		errno = EEXIST;
		return -1;
	}
	return errno == ENOENT ? 0 : -1;
}

static int mkdir_tmpfs_setup(struct micro_ctx *c)
{
	return st_dir(c, c->tmpfs, "mkdir");
}

static int mkdir_disk_setup(struct micro_ctx *c)
{
	return st_dir(c, c->disk, "mkdir");
}

static int mkdir_op(struct micro_ctx *c)
{
	struct mstate *s = c->priv;
	if (mkdirat(s->dfd, "d", 0700) < 0)
		return -1;
	return unlinkat(s->dfd, "d", AT_REMOVEDIR);
}

static int creat_tmpfs_setup(struct micro_ctx *c)
{
	return st_dir(c, c->tmpfs, "creat");
}

static int creat_disk_setup(struct micro_ctx *c)
{
	return st_dir(c, c->disk, "creat");
}

static int creat_op(struct micro_ctx *c)
{
	struct mstate *s = c->priv;
	int fd = openat(s->dfd, "f", O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0 || close(fd) < 0)
		return -1;
	return unlinkat(s->dfd, "f", 0);
}

/* ---- file descriptors of special files ------------------------------------ */

static int pipe_op(struct micro_ctx *c)
{
	(void)c;
	int fd[2];
	return pipe2(fd, O_CLOEXEC) < 0 ? -1 : close2(fd);
}

static int socketpair_op(struct micro_ctx *c)
{
	(void)c;
	int fd[2];
	return socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fd) < 0 ? -1 : close2(fd);
}

static int memfd_op(struct micro_ctx *c)
{
	(void)c;
	int fd = memfd_create("kmembench", MFD_CLOEXEC);
	return fd < 0 ? -1 : close(fd);
}

static int eventfd_op(struct micro_ctx *c)
{
	(void)c;
	int fd = eventfd(0, EFD_CLOEXEC);
	return fd < 0 ? -1 : close(fd);
}

/* ---- memory, processes, timers, IPC ------------------------------------------ */

static int state_setup(struct micro_ctx *c)
{
	return st_new(c) ? 0 : -1;
}

static int mmap_op(struct micro_ctx *c)
{
	struct mstate *s = c->priv;
	char *p =
	    mmap(NULL, (size_t)s->page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	*(volatile char *)p = 1;
	return munmap(p, (size_t)s->page);
}

static int fork_op(struct micro_ctx *c)
{
	(void)c;
	int status;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(0);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		errno = ECHILD;
		return -1;
	}
	return 0;
}

/* SIGEV_NONE: the plain timer_create syscall (SIGEV_THREAD would start threads). */
static int timer_op(struct micro_ctx *c)
{
	(void)c;
	struct sigevent sev;
	timer_t t;
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_NONE;
	if (timer_create(CLOCK_MONOTONIC, &sev, &t) < 0)
		return -1;
	return timer_delete(t);
}

struct msgbuf_k {
	long mtype;
	char mtext[MSG_BYTES];
};

static int msg_setup(struct micro_ctx *c)
{
	struct mstate *s = st_new(c);
	if (!s)
		return -1;
	s->qid = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	if (s->qid < 0) {
		st_teardown(c);
		return -1;
	}
	return 0;
}

static int msg_op(struct micro_ctx *c)
{
	struct mstate *s = c->priv;
	struct msgbuf_k m = {.mtype = 1};
	if (msgsnd(s->qid, &m, sizeof(m.mtext), IPC_NOWAIT) < 0)
		return -1;
	return msgrcv(s->qid, &m, sizeof(m.mtext), 0, IPC_NOWAIT) < 0 ? -1 : 0;
}

/* ---- the table ------------------------------------------------------------------ */

const struct micro_op micro_ops[] = {
    {"open-close", "openat+close of an existing tmpfs file: struct file", open_setup, open_op,
     st_teardown, NULL},
    {"stat-neg", "fstatat of a fresh missing name on the disk fs: a negative dentry", statneg_setup,
     statneg_op, st_teardown, NULL},
    {"mkdir-tmpfs", "mkdirat+rmdir on tmpfs: dentry, shmem inode", mkdir_tmpfs_setup, mkdir_op,
     st_teardown, NULL},
    {"creat-tmpfs", "openat(O_CREAT)+close+unlink on tmpfs: dentry, shmem inode, file",
     creat_tmpfs_setup, creat_op, st_teardown, NULL},
    {"mkdir-disk", "mkdirat+rmdir on the disk fs: dentry, fs inode", mkdir_disk_setup, mkdir_op,
     st_teardown, NULL},
    {"creat-disk", "openat(O_CREAT)+close+unlink on the disk fs: dentry, fs inode, file",
     creat_disk_setup, creat_op, st_teardown, NULL},
    {"pipe", "pipe2+close x2: pipe_inode_info, buffer array, 2 files, inode, dentry", NULL, pipe_op,
     NULL, NULL},
    {"socketpair", "AF_UNIX socketpair+close x2: 2 socks, sock inodes, files", NULL, socketpair_op,
     NULL, NULL},
    {"memfd", "memfd_create+close: shmem inode, dentry, file", NULL, memfd_op, NULL, NULL},
    {"mmap-touch", "mmap+write+munmap of one anonymous page: vma, page (user memory)", state_setup,
     mmap_op, st_teardown, NULL},
    {"fork", "fork+_exit+waitpid: task, stack, mm, vmas, page tables, files", NULL, fork_op, NULL, NULL},
    {"eventfd", "eventfd+close: eventfd_ctx, file", NULL, eventfd_op, NULL, NULL},
    {"timer", "timer_create(SIGEV_NONE)+timer_delete: k_itimer", NULL, timer_op, NULL, NULL},
    {"msg", "msgsnd+msgrcv of 64 bytes on a private SysV queue: msg_msg", msg_setup, msg_op,
     st_teardown, NULL},
    {"epoll", "epoll_create1+EPOLL_CTL_ADD of 16 eventfds+close: eventpoll, epitem, eppoll_entry",
     ops_epoll_setup, ops_epoll_op, ops_fds_teardown, NULL},
    {"signal", "sigqueue to self+sigtimedwait of a blocked RT signal: sigqueue", ops_signal_setup,
     ops_signal_op, ops_signal_teardown, NULL},
    {"flock", "fcntl F_SETLK lock+unlock of a tmpfs file: file_lock (accounting reverted: control)",
     ops_flock_setup, ops_flock_op, ops_fds_teardown, NULL},
    {"poll", "poll of 128 eventfds, timeout 0: poll_list kmalloc (accounting reverted: control)",
     ops_poll_setup, ops_poll_op, ops_fds_teardown, NULL},
};

const size_t micro_ops_count = sizeof(micro_ops) / sizeof(micro_ops[0]);

const struct micro_op *micro_ops_find(const char *name)
{
	for (size_t i = 0; i < micro_ops_count; i++)
		if (!strcmp(micro_ops[i].name, name))
			return &micro_ops[i];
	return kloop_op_find(name);
}

void micro_ops_names(char *buf, size_t n)
{
	size_t off = 0;
	if (n)
		buf[0] = '\0';
	for (size_t i = 0; i < micro_ops_count && off < n; i++)
		off +=
		    (size_t)snprintf(buf + off, n - off, "%s%s", i ? ", " : "", micro_ops[i].name);
	if (off < n)
		snprintf(buf + off, n - off, ", k:{kmalloc,cache}-{8..4096}[-batch][-plain]");
}

static int is_tmpfs(const char *dir)
{
	struct statfs fs;
	return statfs(dir, &fs) == 0 && (unsigned long)fs.f_type == TMPFS_MAGIC_NR;
}

static int tmpfs_mounted; /* micro_ops_tmpfs mounted one */

int micro_ops_tmpfs(const char *dir, char *err, size_t errlen)
{
	if (is_tmpfs(dir))
		return 0;
	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("kmembench", dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=64m,mode=0700") < 0) {
		snprintf(err, errlen, "cannot mount a private tmpfs on %s: %s (needs root)", dir,
			 strerror(errno));
		return -1;
	}
	tmpfs_mounted = 1;
	return 0;
}

void micro_ops_tmpfs_release(const char *dir)
{
	if (tmpfs_mounted && umount2(dir, MNT_DETACH) == 0)
		tmpfs_mounted = 0;
}
