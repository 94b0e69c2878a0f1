/* fio_drop.c - the cold-stat drop of fio-meta: its prerun command and its cost log. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fio_drop.h"

int fio_drop_command(const char *helper, char *buf, size_t len)
{
	if (strchr(helper, '\''))
		return -1;
	int n = snprintf(buf, len, "'%s'", helper);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int fio_drop_reset(const char *log)
{
	int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	return close(fd);
}

int fio_drop_read(const char *log, struct fio_drop *d)
{
	FILE *f = fopen(log, "re");
	long long cpu, wall;
	int got;
	memset(d, 0, sizeof(*d));
	if (!f)
		return -1;
	while ((got = fscanf(f, "%lld %lld", &cpu, &wall)) == 2) {
		d->n++;
		d->cpu_s += (double)cpu / 1e9;
		d->wall_s += (double)wall / 1e9;
	}
	fclose(f);
	if (got != EOF) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}
