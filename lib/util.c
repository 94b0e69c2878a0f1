/* util.c - small helpers of the whole suite: strf, the one small-file reader, clock, sleep. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

int strf(char *dst, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(dst, n, fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= n) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return len;
}

double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

ssize_t read_file_at(int dfd, const char *path, int oflags, char *buf, size_t n)
{
	int fd = openat(dfd, path, O_RDONLY | O_CLOEXEC | oflags);
	size_t off = 0;
	if (fd < 0)
		return -1;
	while (off + 1 < n) {
		ssize_t r = read(fd, buf + off, n - 1 - off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && off == 0) {
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		if (r <= 0)
			break;
		off += (size_t)r;
	}
	close(fd);
	buf[off] = '\0';
	return (ssize_t)off;
}

ssize_t read_file(const char *path, char *buf, size_t n)
{
	return read_file_at(AT_FDCWD, path, 0, buf, n);
}

int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t r = write(fd, text, strlen(text));
	int e = errno;
	close(fd);
	errno = e;
	return r < 0 ? -1 : 0;
}

void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

bool pid_is_kmembench(long pid)
{
	char p[64], comm[64];
	snprintf(p, sizeof(p), "/proc/%ld/comm", pid);
	if (read_file(p, comm, sizeof(comm)) <= 0)
		return false;
	return !strncmp(comm, "kmembench", 9);
}

bool util_executable(const char *cmd)
{
	if (!*cmd)
		return false;
	if (strchr(cmd, '/'))
		return access(cmd, X_OK) == 0;
	const char *path = getenv("PATH");
	char dirs[4096], full[PATH_MAX], *save = NULL;
	snprintf(dirs, sizeof(dirs), "%s", path ? path : "/usr/bin:/bin");
	for (char *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save))
		if (strf(full, sizeof(full), "%s/%s", d, cmd) >= 0 && access(full, X_OK) == 0)
			return true;
	return false;
}

char *str_trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int util_out_dir_ok(const char *path, char *err, size_t errlen)
{
	char dir[PATH_MAX], probe[PATH_MAX + 32];
	struct stat st;
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path + (slash == path)), path);
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "directory '%s' does not exist", dir);
		return -1;
	}
	snprintf(probe, sizeof(probe), "%s/.kmb-probe-XXXXXX", dir);
	int fd = mkstemp(probe);
	if (fd < 0) {
		snprintf(err, errlen, "directory '%s' is not writable (%s)", dir, strerror(errno));
		return -1;
	}
	close(fd);
	unlink(probe);
	return 0;
}
