/* util.h - small helpers shared across the harness. */
#ifndef KMB_UTIL_H
#define KMB_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* snprintf that fails (-1, errno ENAMETOOLONG) instead of truncating. */
int strf(char *dst, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Reads a whole small file into @buf (NUL-terminated). Returns length, or -1
 * with errno when it cannot be opened or the first read fails. The workloads'
 * wl_read_file (wl.h), under the harness's name. */
ssize_t read_file(const char *path, char *buf, size_t n);

/* Writes @text to @path (no create). 0 or -1 with errno. */
int write_file(const char *path, const char *text);

void sleep_ms(long ms);

/* Trims blanks at both ends of @s in place; returns the first non-blank character. */
char *str_trim(char *s);

/* True when @cmd names an executable, directly (with a '/') or through $PATH. */
bool util_executable(const char *cmd);

/* True when process @pid exists and its comm is "kmembench". */
bool pid_is_kmembench(long pid);

#endif
