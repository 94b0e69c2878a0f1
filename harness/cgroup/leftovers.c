/* leftovers.c - cleanup of cgroups and scratch trees left by killed runs. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "leftovers.h"
#include "scratch.h"
#include "util.h"
#include "registry.h"

long leftovers_owner(const char *name)
{
	const char *p = NULL;
	if (name[0] == 'r' && name[1] >= '0' && name[1] <= '9')
		p = name + 1;
	else if (!strncmp(name, "run-", 4))
		p = name + 4;
	if (!p)
		return -1;
	char *end;
	long pid = strtol(p, &end, 10);
	if (end == p || (*end && *end != '-') || pid <= 0)
		return -1;
	return pid;
}

/* True when @pid is a live workload program (cgroup-churn run by hand names its
 * cgroups "r<its pid>-churn..."). */
static bool pid_is_workload(long pid)
{
	char p[64], comm[64];
	snprintf(p, sizeof(p), "/proc/%ld/comm", pid);
	if (read_file(p, comm, sizeof(comm)) <= 0)
		return false;
	comm[strcspn(comm, "\n")] = '\0';
	return wl_find(comm) != NULL;
}

/* True when @pid is ours or a live kmembench (or workload) that must not be disturbed. */
static bool owner_alive(long pid, bool include_self)
{
	if (pid == (long)getpid())
		return !include_self;
	return pid_is_kmembench(pid) || pid_is_workload(pid);
}

static void clean_cgroups(const struct cg_env *env, bool include_self, FILE *log,
			  struct leftovers_report *rep)
{
	DIR *d = opendir(env->parent);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d))) {
		long pid = leftovers_owner(e->d_name);
		struct cg cg = {.is_root = false};
		if (e->d_type != DT_DIR || pid < 0 ||
		    strf(cg.path, sizeof(cg.path), "%s/%s", env->parent, e->d_name) < 0)
			continue;
		if (owner_alive(pid, include_self)) {
			rep->cgroups_live++;
			continue;
		}
		int procs = cg_nprocs(&cg);
		if (cg_destroy(&cg) == 0) {
			rep->cgroups_removed++;
			if (log)
				fprintf(log,
					"kmembench: removed cgroup %s left by dead run %ld%s\n",
					cg.path, pid, procs > 0 ? " (killed its processes)" : "");
		} else {
			rep->cgroups_failed++;
			if (log)
				fprintf(log, "kmembench: cannot remove cgroup %s: %s\n", cg.path,
					strerror(errno));
		}
	}
	closedir(d);
}

static void clean_scratch(const char *root, bool include_self, FILE *log,
			  struct leftovers_report *rep)
{
	DIR *d = opendir(root);
	struct dirent *e;
	if (!d || !scratch_is_marked(root)) {
		if (d)
			closedir(d);
		return;
	}
	while ((e = readdir(d))) {
		char path[PATH_MAX];
		long pid = leftovers_owner(e->d_name);
		if (pid < 0 || strncmp(e->d_name, "run-", 4) ||
		    strf(path, sizeof(path), "%s/%s", root, e->d_name) < 0 ||
		    !scratch_is_marked(path))
			continue;
		if (owner_alive(pid, include_self)) {
			rep->scratch_live++;
			continue;
		}
		if (scratch_remove(path) == 0) {
			rep->scratch_removed++;
			if (log)
				fprintf(log,
					"kmembench: removed scratch tree %s left by dead run %ld\n",
					path, pid);
		} else {
			rep->scratch_failed++;
			if (log)
				fprintf(log, "kmembench: cannot remove scratch tree %s: %s\n", path,
					strerror(errno));
		}
	}
	closedir(d);
}

void leftovers_clean(const struct cg_env *env, const char *scratch_root, bool include_self,
		     FILE *log, struct leftovers_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	if (env)
		clean_cgroups(env, include_self, log, rep);
	if (scratch_root)
		clean_scratch(scratch_root, include_self, log, rep);
}

void leftovers_remove_parent(const struct cg_env *env)
{
	/* rmdir fails with EBUSY while any child (a live run's) remains: that is fine. */
	rmdir(env->parent);
}
