/* tracefs.c - mount tracefs for a run that needs it; the last user unmounts (tracefs.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mountinfo.h"
#include "tracefs.h"
#include "util.h"

#define TRACING "/sys/kernel/tracing"
#define DEBUGFS "/sys/kernel/debug"

/* Mounts gathered from records: what the leaving (or dead) users made. */
struct mounts {
	int n;
	char fs[8][16], target[8][64];
};

static const char *state_dir(void)
{
	const char *d = getenv(TRACEFS_STATE_ENV);
	return d && *d ? d : TRACEFS_STATE_DIR;
}

bool tracefs_available(void)
{
	return access(TRACING "/events", F_OK) == 0 || access(DEBUGFS "/tracing/events", F_OK) == 0;
}

/* True when @target is a mountpoint of type @fs in this mount namespace. */
static bool mounted_as(const char *target, const char *fs)
{
	char line[4096];
	struct mountinfo m;
	return mountinfo_find(target, line, sizeof(line), &m) == 0 &&
	       !strcmp(m.mountpoint, target) && !strcmp(m.fstype, fs);
}

/* Locks the state directory (made if missing); the lock fd, or -1. */
static int state_lock(void)
{
	char p[PATH_MAX];
	mkdir(state_dir(), 0700);
	if (strf(p, sizeof(p), "%s/lock", state_dir()) < 0)
		return -1;
	int fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0 && flock(fd, LOCK_EX) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void record_path(long pid, char *p, size_t n)
{
	strf(p, n, "%s/%ld.use", state_dir(), pid);
}

/* Appends the mounts in record @path to @m. */
static void read_record(const char *path, struct mounts *m)
{
	FILE *f = fopen(path, "r");
	char fs[16], target[64];
	while (f && m->n < 8 && fscanf(f, "%15s %63s", fs, target) == 2) {
		snprintf(m->fs[m->n], sizeof(m->fs[0]), "%s", fs);
		snprintf(m->target[m->n++], sizeof(m->target[0]), "%s", target);
	}
	if (f)
		fclose(f);
}

/* Writes (@append: adds) @m's mounts into the record of @pid. */
static int write_record(long pid, const struct mounts *m, bool append)
{
	char p[PATH_MAX];
	record_path(pid, p, sizeof(p));
	FILE *f = fopen(p, append ? "a" : "w");
	if (!f)
		return -1;
	for (int i = 0; i < m->n; i++)
		fprintf(f, "%s %s\n", m->fs[i], m->target[i]);
	return fclose(f);
}

/* Scans the records: moves the mounts of dead users (and of @self) into @m and deletes
 * their records; returns a live user other than @self, or 0. */
static long gather(long self, struct mounts *m)
{
	DIR *d = opendir(state_dir());
	struct dirent *e;
	long live = 0;
	char p[PATH_MAX];
	while (d && (e = readdir(d))) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		if (pid <= 0 || strcmp(end, ".use"))
			continue;
		if (pid != self && pid_is_kmembench(pid)) {
			live = pid;
			continue;
		}
		record_path(pid, p, sizeof(p));
		read_record(p, m);
		unlink(p);
	}
	if (d)
		closedir(d);
	return live;
}

/* Unmounts @m's mounts, last made first; a line on @out for each; failures counted. */
static int unmount_all(const struct mounts *m, FILE *out, int *failed)
{
	int removed = 0;
	for (int i = m->n - 1; i >= 0; i--) {
		if (!mounted_as(m->target[i], m->fs[i]))
			continue; /* someone unmounted it already */
		if (umount2(m->target[i], 0) < 0 && umount2(m->target[i], MNT_DETACH) < 0) {
			fprintf(stderr, "kmembench: warning: cannot unmount %s (%s): %s\n",
				m->target[i], m->fs[i], strerror(errno));
			if (failed)
				(*failed)++;
			continue;
		}
		removed++;
		if (out)
			fprintf(out, "kmembench: unmounted %s (%s, mounted by kmembench)\n",
				m->target[i], m->fs[i]);
	}
	return removed;
}

/* Hands @m to live user @live, or unmounts it when there is none. */
static int settle(const struct mounts *m, long live, FILE *out, int *failed)
{
	if (live && m->n && write_record(live, m, true) == 0)
		return 0;
	return unmount_all(m, out, failed);
}

/* Mounts @fs on @target, remembering it in @u. */
static int do_mount(struct tracefs_use *u, const char *fs, const char *target)
{
	if (mount("nodev", target, fs, MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return -1;
	snprintf(u->fstype[u->nmounted], sizeof(u->fstype[0]), "%s", fs);
	snprintf(u->mounted[u->nmounted++], sizeof(u->mounted[0]), "%s", target);
	return 0;
}

/* Mounts tracefs, or debugfs (whose tracing/ mounts tracefs itself). */
static int mount_missing(struct tracefs_use *u, char *err, size_t errlen)
{
	int e1 = 0, e2 = 0;
	if (do_mount(u, "tracefs", TRACING) < 0)
		e1 = errno;
	if (!tracefs_available() && !mounted_as(DEBUGFS, "debugfs") &&
	    do_mount(u, "debugfs", DEBUGFS) < 0)
		e2 = errno;
	if (tracefs_available())
		return 0;
	strf(err, errlen,
	     "tracefs is not mounted and mounting it failed: mount -t tracefs nodev " TRACING
	     ": %s; mount -t debugfs nodev " DEBUGFS ": %s",
	     e1 ? strerror(e1) : "no events there", e2 ? strerror(e2) : "no tracing there");
	return -1;
}

int tracefs_acquire(struct tracefs_use *u, char *err, size_t errlen)
{
	memset(u, 0, sizeof(*u));
	int lock = state_lock();
	if (lock < 0) {
		strf(err, errlen, "cannot lock %s/lock: %s", state_dir(), strerror(errno));
		return -1;
	}
	int rc = tracefs_available() ? 0 : mount_missing(u, err, errlen);
	struct mounts m = {.n = u->nmounted};
	for (int i = 0; i < u->nmounted; i++) {
		snprintf(m.fs[i], sizeof(m.fs[0]), "%s", u->fstype[i]);
		snprintf(m.target[i], sizeof(m.target[0]), "%s", u->mounted[i]);
	}
	if (rc == 0 && write_record((long)getpid(), &m, false) < 0) {
		strf(err, errlen, "cannot write %s/%ld.use: %s", state_dir(), (long)getpid(),
		     strerror(errno));
		rc = -1;
	}
	if (rc < 0) {
		unmount_all(&m, NULL, NULL);
		u->nmounted = 0;
	}
	u->active = rc == 0;
	close(lock);
	return rc;
}

void tracefs_release(struct tracefs_use *u)
{
	if (!u->active)
		return;
	int lock = state_lock();
	struct mounts m = {0};
	long live = gather((long)getpid(), &m);
	settle(&m, live, NULL, NULL);
	u->active = false;
	if (lock >= 0)
		close(lock);
}

json_t *tracefs_env_json(const struct tracefs_use *u)
{
	json_t *a = json_array();
	for (int i = 0; a && i < u->nmounted; i++)
		json_array_append_new(
		    a, json_pack("{s:s, s:s}", "fs", u->fstype[i], "target", u->mounted[i]));
	return a;
}

int tracefs_clean_dead(FILE *out, int *failed)
{
	if (access(state_dir(), F_OK) < 0)
		return 0;
	int lock = state_lock();
	if (lock < 0) {
		fprintf(stderr, "kmembench: warning: cannot lock %s/lock: %s\n", state_dir(),
			strerror(errno));
		(*failed)++;
		return 0;
	}
	struct mounts m = {0};
	long live = gather((long)getpid(), &m);
	int removed = settle(&m, live, out, failed);
	close(lock);
	return removed;
}
