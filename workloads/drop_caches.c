/* drop_caches.c - kmb-drop-caches, fio-meta's exec_prerun before its timed stats: drops the
 * dentry and inode caches (writes 2 to /proc/sys/vm/drop_caches) and appends the CPU and wall
 * time the drop took, "CPU_NS WALL_NS\n", to the file $KMB_DROP_LOG (to stdout without it).
 * Exit 0, or 1 with one line on stderr. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DROP_CACHES "/proc/sys/vm/drop_caches"

static long long ns(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Writes "2" to DROP_CACHES; the kernel frees the caches inside the write. */
static int drop(void)
{
	int fd = open(DROP_CACHES, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = write(fd, "2", 1) == 1 ? 0 : -1;
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}

/* Appends "CPU_NS WALL_NS" to $KMB_DROP_LOG, or prints it. */
static int record(long long cpu, long long wall)
{
	const char *log = getenv("KMB_DROP_LOG");
	char line[64];
	int n = snprintf(line, sizeof(line), "%lld %lld\n", cpu, wall);
	if (!log || !*log)
		return fputs(line, stdout) < 0 ? -1 : 0;
	int fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	int rc = write(fd, line, (size_t)n) == n ? 0 : -1;
	close(fd);
	return rc;
}

int main(void)
{
	long long c0 = ns(CLOCK_THREAD_CPUTIME_ID), w0 = ns(CLOCK_MONOTONIC);
	if (drop() < 0) {
		fprintf(stderr, "kmb-drop-caches: cannot write " DROP_CACHES ": %s\n",
			strerror(errno));
		return 1;
	}
	long long cpu = ns(CLOCK_THREAD_CPUTIME_ID) - c0, wall = ns(CLOCK_MONOTONIC) - w0;
	if (record(cpu, wall) < 0) {
		fprintf(stderr, "kmb-drop-caches: cannot record to %s: %s\n",
			getenv("KMB_DROP_LOG"), strerror(errno));
		return 1;
	}
	return 0;
}
