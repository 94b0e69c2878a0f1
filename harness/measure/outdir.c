/* outdir.c - result directories: default names, checks, creation. */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "outdir.h"
#include "util.h"

/* True when @dir is a directory with no entries. */
static int dir_is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	struct dirent *e;
	int empty = 1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = 0;
	closedir(d);
	return empty;
}

/* A -o DIR that does not exist yet: its parent must, and must take a new
 * directory (tried: made and removed again, so /proc or a read-only mount fail here). */
static int check_new(const char *dir, char *err, size_t errlen)
{
	char copy[PATH_MAX], *parent;
	struct stat st;
	if (errno != ENOENT || strf(copy, sizeof(copy), "%s", dir) < 0) {
		strf(err, errlen,
		     "cannot use output directory '%s': %s (accepted: a new directory inside an "
		     "existing, writable one)",
		     dir, strerror(errno));
		return -1;
	}
	parent = dirname(copy);
	if (stat(parent, &st) < 0 || !S_ISDIR(st.st_mode)) {
		strf(err, errlen,
		     "output directory '%s': '%s' is not an existing directory (accepted: a new "
		     "directory inside an existing, writable one)",
		     dir, parent);
		return -1;
	}
	if (mkdir(dir, 0755) < 0) {
		strf(err, errlen,
		     "cannot create output directory '%s': %s (accepted: a new directory inside an "
		     "existing, writable one)",
		     dir, strerror(errno));
		return -1;
	}
	rmdir(dir);
	return 0;
}

int outdir_check(const char *dir, char *err, size_t errlen)
{
	struct stat st;
	if (!*dir) {
		snprintf(err, errlen, "empty output directory (give a new directory path)");
		return -1;
	}
	if (stat(dir, &st) < 0)
		return check_new(dir, err, errlen);
	if (!S_ISDIR(st.st_mode) || !dir_is_empty(dir)) {
		strf(err, errlen,
		     "output directory '%s' exists and is not empty (accepted: a new or empty "
		     "directory; result sets are never overwritten)",
		     dir);
		return -1;
	}
	return 0;
}

int outdir_default(const char *kernel, const char *label, char *out, size_t n)
{
	char date[16], base[512];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	if (strf(base, sizeof(base), "results/%s-%s%s%s", date, kernel, *label ? "-" : "", label) <
	    0)
		return -1;
	if (strf(out, n, "%s", base) < 0)
		return -1;
	for (int i = 2; access(out, F_OK) == 0; i++)
		if (strf(out, n, "%s-%d", base, i) < 0)
			return -1;
	return 0;
}

/* mkdir -p. */
static int mkdirs(const char *path)
{
	char tmp[4096];
	if (strf(tmp, sizeof(tmp), "%s", path) < 0)
		return -1;
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(tmp, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

int outdir_create(const char *dir, char *err, size_t errlen)
{
	struct statvfs vfs;
	if (mkdirs(dir) < 0 || access(dir, W_OK) < 0) {
		strf(err, errlen, "cannot create result directory '%s': %s", dir, strerror(errno));
		return -1;
	}
	if (statvfs(dir, &vfs) == 0 &&
	    (unsigned long long)vfs.f_bavail * vfs.f_frsize < OUTDIR_MIN_FREE) {
		strf(err, errlen, "result directory '%s' has less than %llu MiB free", dir,
		     OUTDIR_MIN_FREE >> 20);
		rmdir(dir);
		return -1;
	}
	return 0;
}
