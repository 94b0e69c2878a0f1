/* errwalk.c - a tree walk that never stops at an error: calls and errors counted per syscall. */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "errwalk.h"
#include "wl.h"

#define EW_DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

struct ew_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static const char *const sys_names[EW_NSYS] = {"openat", "getdents64", "newfstatat", "read"};

const char *errwalk_sys_name(enum ew_sys s)
{
	return sys_names[s];
}

/* Counts one call of @s whose result was @failed (errno then holds why). */
static void count(struct ew_counts *c, enum ew_sys s, int failed)
{
	c->calls[s]++;
	if (!failed)
		return;
	if (errno == ENOMEM) {
		c->enomem[s]++;
	} else {
		c->other[s]++;
		c->last_other_errno = errno;
	}
}

int errwalk_bufs_init(struct ew_bufs *b, size_t dents_size, size_t io_size)
{
	memset(b, 0, sizeof(*b));
	b->dents_size = dents_size;
	b->io_size = io_size;
	for (int i = 0; i < EW_MAX_LEVEL; i++) {
		if (!(b->dents[i] = malloc(dents_size)))
			return -1;
		memset(b->dents[i], 0, dents_size);
	}
	if (!(b->io = malloc(io_size)))
		return -1;
	memset(b->io, 0, io_size);
	return 0;
}

void errwalk_bufs_free(struct ew_bufs *b)
{
	for (int i = 0; i < EW_MAX_LEVEL; i++)
		free(b->dents[i]);
	free(b->io);
	memset(b, 0, sizeof(*b));
}

static void walk_fd(int fd, int level, dev_t dev, struct ew_bufs *b, struct ew_counts *c);

/* Stats entry @d of directory @fd and descends into it when it is a directory. */
static void visit(int fd, const struct ew_dirent64 *d, int level, dev_t dev, struct ew_bufs *b,
		  struct ew_counts *c)
{
	struct stat st;
	int failed = fstatat(fd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0;
	count(c, EW_NEWFSTATAT, failed);
	if (!failed)
		c->entries++;
	bool dir = failed ? d->d_type == DT_DIR : S_ISDIR(st.st_mode) && st.st_dev == dev;
	if (!dir || level + 1 >= EW_MAX_LEVEL)
		return;
	int sub = openat(fd, d->d_name, EW_DIR_FLAGS);
	count(c, EW_OPENAT, sub < 0);
	if (sub < 0)
		return;
	walk_fd(sub, level + 1, dev, b, c);
	close(sub);
}

/* Reads the directory open at @fd to its end (or to the first getdents64 error). */
static void walk_fd(int fd, int level, dev_t dev, struct ew_bufs *b, struct ew_counts *c)
{
	char *buf = b->dents[level];
	long n;
	for (;;) {
		n = syscall(SYS_getdents64, fd, buf, b->dents_size);
		count(c, EW_GETDENTS64, n < 0);
		if (n <= 0)
			return;
		for (long off = 0; off < n;) {
			const struct ew_dirent64 *d = (const struct ew_dirent64 *)(buf + off);
			off += d->d_reclen;
			const char *nm = d->d_name;
			if (nm[0] == '.' && (!nm[1] || (nm[1] == '.' && !nm[2])))
				continue;
			visit(fd, d, level, dev, b, c);
		}
	}
}

void errwalk_tree(const char *root, struct ew_bufs *b, struct ew_counts *c)
{
	struct stat st;
	int fd = openat(AT_FDCWD, root, EW_DIR_FLAGS);
	count(c, EW_OPENAT, fd < 0);
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0)
		walk_fd(fd, 0, st.st_dev, b, c);
	close(fd);
}

void errwalk_read(const char *path, struct ew_bufs *b, struct ew_counts *c)
{
	int fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	count(c, EW_OPENAT, fd < 0);
	if (fd < 0)
		return;
	ssize_t n;
	do {
		n = read(fd, b->io, b->io_size);
		count(c, EW_READ, n < 0);
	} while (n > 0 || (n < 0 && errno == EINTR));
	close(fd);
}

void errwalk_put(const struct ew_counts *c, const char *prefix)
{
	for (int s = 0; s < EW_NSYS; s++) {
		char k[64];
		snprintf(k, sizeof(k), "%s%s_calls", prefix, sys_names[s]);
		wl_put(k, "%lld", c->calls[s]);
		snprintf(k, sizeof(k), "%s%s_enomem", prefix, sys_names[s]);
		wl_put(k, "%lld", c->enomem[s]);
		snprintf(k, sizeof(k), "%s%s_other", prefix, sys_names[s]);
		wl_put(k, "%lld", c->other[s]);
	}
	char k[64];
	snprintf(k, sizeof(k), "%serrno_other", prefix);
	wl_put(k, "%s", c->last_other_errno ? strerrorname_np(c->last_other_errno) : "none");
}
