/* scratch.c - the suite's marked scratch trees (see scratch.h for the rules). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scratch.h"
#include "util.h"

#define SCRATCH_MAX_DEPTH 512
#define DIR_FLAGS	  (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

/* Writes a one-line message into @err (if any); returns -1. */
__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t errlen, const char *fmt,
						      ...)
{
	va_list ap;
	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Checks @dir is an absolute path without "." or ".." components that is not "/". */
static int check_path(const char *dir, char *err, size_t errlen)
{
	const char *p;
	int only_slashes = 1;

	if (!dir || !*dir)
		return fail(err, errlen,
			    "scratch: empty path (accepted: an absolute directory path)");
	if (dir[0] != '/')
		return fail(err, errlen,
			    "scratch: '%s' is not an absolute path (accepted: absolute path "
			    "other than /)",
			    dir);
	for (p = dir; *p; p++) {
		size_t n;
		if (*p == '/')
			continue;
		only_slashes = 0;
		n = strcspn(p, "/");
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return fail(err, errlen,
				    "scratch: '%s' contains a '.' or '..' component (accepted: a "
				    "plain absolute path)",
				    dir);
		p += n - 1;
	}
	if (only_slashes)
		return fail(
		    err, errlen,
		    "scratch: refusing '%s': it is / (accepted: absolute path other than /)", dir);
	return 0;
}

/* True when @st is the root directory's inode. */
static bool is_root_inode(const struct stat *st)
{
	struct stat rs;
	return stat("/", &rs) == 0 && rs.st_dev == st->st_dev && rs.st_ino == st->st_ino;
}

/* True when the directory open at @fd holds a regular-file marker. */
static bool fd_is_marked(int fd)
{
	struct stat st;
	return fstatat(fd, SCRATCH_MARKER, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
}

/* 1 if the directory open at @fd has no entries, 0 if it has some, -1 on error. */
static int fd_is_empty(int fd)
{
	int dup_fd = dup(fd), empty = 1;
	DIR *d;
	struct dirent *e;

	if (dup_fd < 0)
		return -1;
	d = fdopendir(dup_fd);
	if (!d) {
		close(dup_fd);
		return -1;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			empty = 0;
			break;
		}
	closedir(d);
	return empty;
}

bool scratch_is_marked(const char *dir)
{
	int fd;
	bool marked;

	if (!dir || dir[0] != '/')
		return false;
	fd = open(dir, DIR_FLAGS);
	if (fd < 0)
		return false;
	marked = fd_is_marked(fd);
	close(fd);
	return marked;
}

/* Applies the rules to an existing @dir (already lstat'ed into @st). */
static int check_existing(const char *dir, const struct stat *st, char *err, size_t errlen)
{
	int fd, empty, marked;

	if (S_ISLNK(st->st_mode))
		return fail(err, errlen, "scratch: '%s' is a symlink (accepted: a real directory)",
			    dir);
	if (!S_ISDIR(st->st_mode))
		return fail(err, errlen, "scratch: '%s' is not a directory", dir);
	if (is_root_inode(st))
		return fail(err, errlen, "scratch: refusing '%s': it is /", dir);
	fd = open(dir, DIR_FLAGS);
	if (fd < 0)
		return fail(err, errlen, "scratch: cannot open '%s': %s", dir, strerror(errno));
	marked = fd_is_marked(fd);
	empty = marked ? 0 : fd_is_empty(fd);
	close(fd);
	if (empty < 0)
		return fail(err, errlen, "scratch: cannot read '%s': %s", dir, strerror(errno));
	if (!marked && !empty)
		return fail(err, errlen,
			    "scratch: refusing '%s': not empty and has no %s marker (accepted: "
			    "absent, empty or marked directory)",
			    dir, SCRATCH_MARKER);
	return 0;
}

int scratch_check(const char *dir, char *err, size_t errlen)
{
	struct stat st;

	if (check_path(dir, err, errlen))
		return -1;
	if (lstat(dir, &st)) {
		if (errno == ENOENT)
			return 0;
		return fail(err, errlen, "scratch: cannot stat '%s': %s", dir, strerror(errno));
	}
	return check_existing(dir, &st, err, errlen);
}

/* mkdir -p @dir (absolute, already checked). */
static int mkdir_parents(const char *dir, char *err, size_t errlen)
{
	char path[PATH_MAX];
	size_t len = strlen(dir);

	if (len >= sizeof(path))
		return fail(err, errlen, "scratch: path too long: '%s'", dir);
	memcpy(path, dir, len + 1);
	for (char *p = path + 1;; p++) {
		if (*p != '/' && *p)
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			return fail(err, errlen, "scratch: cannot create '%s': %s", path,
				    strerror(errno));
		*p = c;
		if (!c)
			break;
	}
	return 0;
}

/* Writes @owner_pid into the marker of the directory open at @fd. */
static int write_marker(int fd, long owner_pid)
{
	char buf[32];
	int mfd, n = snprintf(buf, sizeof(buf), "%ld\n", owner_pid);
	mfd =
	    openat(fd, SCRATCH_MARKER, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (mfd < 0)
		return -1;
	if (write(mfd, buf, (size_t)n) != n) {
		int e = errno ? errno : EIO;
		close(mfd);
		errno = e;
		return -1;
	}
	return close(mfd);
}

int scratch_make(const char *dir, long owner_pid, char *err, size_t errlen)
{
	struct stat st;
	int fd;

	if (scratch_check(dir, err, errlen))
		return -1;
	if (mkdir_parents(dir, err, errlen))
		return -1;
	if (lstat(dir, &st))
		return fail(err, errlen, "scratch: cannot stat '%s': %s", dir, strerror(errno));
	if (check_existing(dir, &st, err, errlen))
		return -1;
	fd = open(dir, DIR_FLAGS);
	if (fd < 0)
		return fail(err, errlen, "scratch: cannot open '%s': %s", dir, strerror(errno));
	if (write_marker(fd, owner_pid)) {
		int e = errno;
		close(fd);
		return fail(err, errlen, "scratch: cannot write marker in '%s': %s", dir,
			    strerror(e));
	}
	close(fd);
	return 0;
}

long scratch_owner(const char *dir)
{
	char buf[32], *end;
	ssize_t n;
	long pid;
	int fd;

	if (!dir || dir[0] != '/')
		return -1;
	fd = open(dir, DIR_FLAGS);
	if (fd < 0)
		return -1;
	n = read_file_at(fd, SCRATCH_MARKER, O_NOFOLLOW, buf, sizeof(buf));
	close(fd);
	if (n <= 0)
		return -1;
	errno = 0;
	pid = strtol(buf, &end, 10);
	if (errno || end == buf || (*end && *end != '\n') || pid <= 0)
		return -1;
	return pid;
}

static int rm_contents(int fd, dev_t dev, int depth, bool keep_marker);

/* Removes entry @name of directory @dfd (recursively, same filesystem only).
 * Returns 1 when removed, 0 when already gone, -1 on error (errno set). */
static int rm_entry(int dfd, const char *name, dev_t dev, int depth)
{
	struct stat st, st2;
	int fd;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW))
		return errno == ENOENT ? 0 : -1;
	if (S_ISDIR(st.st_mode)) {
		if (st.st_dev != dev) {
			errno = EXDEV; /* a mount point: never cross into it */
			return -1;
		}
		if (depth >= SCRATCH_MAX_DEPTH) {
			errno = ELOOP;
			return -1;
		}
		fd = openat(dfd, name, DIR_FLAGS);
		if (fd < 0)
			return -1;
		if (fstat(fd, &st2) || st2.st_dev != st.st_dev || st2.st_ino != st.st_ino) {
			close(fd);
			errno = EXDEV; /* swapped under us */
			return -1;
		}
		if (rm_contents(fd, dev, depth + 1, false))
			return -1;
		return unlinkat(dfd, name, AT_REMOVEDIR) ? -1 : 1;
	}
	if (unlinkat(dfd, name, 0))
		return errno == ENOENT ? 0 : -1;
	return 1;
}

/* Removes everything in the directory open at @fd (consumed), except the
 * top-level marker when @keep_marker. Repeats readdir passes until one
 * removes nothing, since removing while reading may skip entries. */
static int rm_contents(int fd, dev_t dev, int depth, bool keep_marker)
{
	DIR *d = fdopendir(fd);
	struct dirent *e;
	int removed, failed = 0, saved = 0;

	if (!d) {
		close(fd);
		return -1;
	}
	do {
		removed = 0;
		rewinddir(d);
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			if (keep_marker && !strcmp(e->d_name, SCRATCH_MARKER))
				continue;
			int r = rm_entry(dirfd(d), e->d_name, dev, depth);
			if (r > 0)
				removed++;
			else if (r < 0 && !failed) {
				failed = 1;
				saved = errno;
			}
		}
	} while (removed && !failed);
	closedir(d);
	errno = saved;
	return failed ? -1 : 0;
}

/* Opens marked scratch tree @dir for removal; -1 with errno if it is not one. */
static int open_marked(const char *dir, struct stat *st)
{
	int fd;

	if (check_path(dir, NULL, 0)) {
		errno = EINVAL;
		return -1;
	}
	fd = open(dir, DIR_FLAGS);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) || is_root_inode(st) || !fd_is_marked(fd)) {
		close(fd);
		errno = EPERM;
		return -1;
	}
	return fd;
}

/* Empties marked @dir; with @all also removes the marker (last) and @dir. */
static int remove_tree(const char *dir, bool all)
{
	struct stat st;
	int fd = open_marked(dir, &st), fd2, e;

	if (fd < 0)
		return -1;
	fd2 = dup(fd);
	if (fd2 < 0 || rm_contents(fd2, st.st_dev, 1, true)) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	if (all && unlinkat(fd, SCRATCH_MARKER, 0)) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	return all ? rmdir(dir) : 0;
}

int scratch_remove(const char *dir)
{
	return remove_tree(dir, true);
}

int scratch_empty(const char *dir)
{
	return remove_tree(dir, false);
}
