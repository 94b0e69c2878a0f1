/* cg_fs.c - generic cgroup filesystem operations shared by both backends. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "counters.h"
#include "util.h"

bool cg_has(const struct cg *cg, const char *file)
{
	char p[PATH_MAX];
	if (strf(p, sizeof(p), "%s/%s", cg->path, file) < 0)
		return false;
	return access(p, F_OK) == 0;
}

int cg_read(const struct cg *cg, const char *file, char *buf, size_t n)
{
	char p[PATH_MAX];
	if (strf(p, sizeof(p), "%s/%s", cg->path, file) < 0)
		return -1;
	return (int)read_file(p, buf, n);
}

int cg_write(const struct cg *cg, const char *file, const char *val)
{
	char p[PATH_MAX];
	if (strf(p, sizeof(p), "%s/%s", cg->path, file) < 0)
		return -1;
	return write_file(p, val);
}

long long cg_read_u64(const struct cg *cg, const char *file)
{
	char buf[64];
	if (cg_read(cg, file, buf, sizeof(buf)) < 0)
		return -1;
	return counters_parse_u64(buf);
}

int cg_write_check(const struct cg *cg, const char *file, uint64_t val, uint64_t expect)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)val);
	if (cg_write(cg, file, buf) < 0)
		return -1;
	long long got = cg_read_u64(cg, file);
	if (got < 0 || (uint64_t)got != expect) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

void cg_root(const struct cg_env *env, struct cg *cg)
{
	snprintf(cg->path, sizeof(cg->path), "%s", env->mount);
	cg->is_root = true;
}

int cg_create(const struct cg_env *env, const char *name, struct cg *cg)
{
	cg->is_root = false;
	if (strf(cg->path, sizeof(cg->path), "%s/%s", env->parent, name) < 0)
		return -1;
	/* PARENT is shared: a concurrent run's teardown removes it whenever it is
	 * momentarily empty (between our trials). Re-make it and try again. */
	for (int i = 0; i < 5; i++) {
		if (mkdir(cg->path, 0755) == 0)
			return 0;
		if (errno != ENOENT)
			return -1;
		struct cg_env again = *env;
		char err[256];
		if (env->ops->setup_parent(&again, err, sizeof(err)) < 0) {
			errno = ENOENT;
			return -1;
		}
	}
	return -1;
}

int cg_enter(const struct cg *cg)
{
	char pid[24];
	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	return cg_write(cg, "cgroup.procs", pid);
}

int cg_nprocs(const struct cg *cg)
{
	char buf[8192];
	if (cg_read(cg, "cgroup.procs", buf, sizeof(buf)) < 0)
		return -1;
	int n = 0;
	for (char *p = buf; *p; p++)
		n += *p == '\n';
	return n;
}

/* Sends SIGKILL to every pid listed in @cg's cgroup.procs; returns how many were listed. */
static int kill_listed(const struct cg *cg)
{
	char buf[8192];
	if (cg_read(cg, "cgroup.procs", buf, sizeof(buf)) < 0)
		return -1;
	int n = 0;
	char *save = NULL;
	for (char *t = strtok_r(buf, "\n", &save); t; t = strtok_r(NULL, "\n", &save)) {
		long pid = strtol(t, NULL, 10);
		if (pid > 0 && pid != (long)getpid()) {
			kill((pid_t)pid, SIGKILL);
			n++;
		}
	}
	return n;
}

int cg_kill_all(const struct cg *cg)
{
	if (cg->is_root)
		return 0;
	if (cg_has(cg, "cgroup.kill"))
		cg_write(cg, "cgroup.kill", "1");
	for (int i = 0; i < 500; i++) {
		int n = kill_listed(cg);
		if (n <= 0)
			return n < 0 ? -1 : 0;
		sleep_ms(10);
	}
	errno = EBUSY;
	return -1;
}

/* Destroys the child cgroups of @cg (a workload such as cgroup-churn makes its own
 * under the trial cgroup) down to @depth levels. */
static void destroy_children(const struct cg *cg, int depth)
{
	DIR *d = opendir(cg->path);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d))) {
		struct cg child = {.is_root = false};
		if (e->d_type != DT_DIR || e->d_name[0] == '.' ||
		    strf(child.path, sizeof(child.path), "%s/%s", cg->path, e->d_name) < 0)
			continue;
		if (depth > 0)
			destroy_children(&child, depth - 1);
		cg_kill_all(&child);
		for (int i = 0; i < 100 && rmdir(child.path) < 0 && errno == EBUSY; i++)
			sleep_ms(20);
	}
	closedir(d);
}

int cg_destroy(const struct cg *cg)
{
	if (cg->is_root)
		return 0;
	cg_kill_all(cg);
	destroy_children(cg, 8);
	for (int i = 0; i < 100; i++) {
		if (rmdir(cg->path) == 0 || errno == ENOENT)
			return 0;
		if (errno != EBUSY)
			return -1;
		sleep_ms(20);
	}
	return -1;
}
