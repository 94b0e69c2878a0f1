/* util.h - small helpers of the whole suite: strf, the one small-file reader, clock, sleep. */
#ifndef KMB_UTIL_H
#define KMB_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* snprintf that fails (-1, errno ENAMETOOLONG) instead of truncating. */
int strf(char *dst, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Reads the small file @path into @buf, NUL-terminated (at most @n - 1 bytes, the rest is
 * not read). @path is relative to the directory open at @dfd (or AT_FDCWD); @oflags are
 * added to O_RDONLY | O_CLOEXEC (e.g. O_NOFOLLOW). Returns the length, or -1 with errno when
 * the file cannot be opened or its first read fails. */
ssize_t read_file_at(int dfd, const char *path, int oflags, char *buf, size_t n);

/* read_file_at(AT_FDCWD, @path, 0, @buf, @n). */
ssize_t read_file(const char *path, char *buf, size_t n);

/* Seconds on the monotonic clock (CLOCK_MONOTONIC). */
double mono_now(void);

/* Writes @text to @path (no create). 0 or -1 with errno. */
int write_file(const char *path, const char *text);

void sleep_ms(long ms);

/* Trims blanks at both ends of @s in place; returns the first non-blank character. */
char *str_trim(char *s);

/* True when @cmd names an executable, directly (with a '/') or through $PATH. */
bool util_executable(const char *cmd);

/* Whether a file can be written at @path: its directory exists, is a directory and takes
 * a new file (a probe file is made and removed). 0, or -1 with "directory 'D' ..." in @err. */
int util_out_dir_ok(const char *path, char *err, size_t errlen);

/* True when process @pid exists and its comm is "kmembench". */
bool pid_is_kmembench(long pid);

#endif
