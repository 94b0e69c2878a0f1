/* memcg_child.c - child memcgs: enable memory for them, count the dying, remove them. */
#include <errno.h>
#include <ftw.h>
#include <time.h>
#include <unistd.h>

#include "util.h"
#include "memcg_child.h"
#include "memcg_parse.h"
#include "wl.h"

static long long ndirs;

static int count_dir(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)path, (void)st, (void)ftw;
	ndirs += flag == FTW_D;
	return 0;
}

long long memcg_live_count(const char *mount)
{
	ndirs = 0;
	if (nftw(mount, count_dir, 32, FTW_PHYS | FTW_MOUNT) != 0)
		return -1;
	return ndirs;
}

long long memcg_dying(const struct memcg *m, const char *parent)
{
	char buf[4096];
	if (m->version == 2)
		return memcg_read_key(parent, "cgroup.stat", "nr_dying_descendants");
	if (read_file("/proc/cgroups", buf, sizeof(buf)) < 0)
		return -1;
	long long all = memcg_parse_proc_cgroups(buf), live = memcg_live_count(m->mount);
	return all < 0 || live < 0 ? -1 : all - live;
}

int memcg_enable_memory(const struct memcg *m, const char *dir)
{
	if (m->version != 2)
		return 0;
	int e = memcg_write(dir, "cgroup.subtree_control", "+memory");
	errno = e;
	return e ? -1 : 0;
}

int memcg_rmdir(const char *dir, long long *retries)
{
	struct timespec ts = {0, 2000000};
	for (int i = 0; i < 1000; i++) {
		if (rmdir(dir) == 0 || errno == ENOENT)
			return 0;
		if (errno != EBUSY)
			return -1;
		(*retries)++;
		nanosleep(&ts, NULL);
	}
	return -1;
}
