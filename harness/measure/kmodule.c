/* kmodule.c - load and unload the in-kernel loop module (kmb_kloop) for `kmembench micro`'s k: ops. */
#include "kmodule.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "ops_kloop.h"
#include "tracefs.h"
#include "util.h"
#include "workload.h"

static const char *state_dir(void)
{
	const char *d = getenv(TRACEFS_STATE_ENV);
	return d && *d ? d : TRACEFS_STATE_DIR;
}

static bool module_loaded(void)
{
	return access("/sys/module/" KLOOP_MODULE, F_OK) == 0;
}

static void record_path(long pid, char *p, size_t n)
{
	strf(p, n, "%s/%ld.kmod", state_dir(), pid);
}

int kmodule_preflight(struct kmodule_use *u, char *err, size_t errlen)
{
	struct utsname un;
	char dir[PATH_MAX];
	const char *env = getenv(KMODULE_DIR_ENV);
	memset(u, 0, sizeof(*u));
	uname(&un);
	strf(u->release, sizeof(u->release), "%s", un.release);
	if (access("/proc/modules", F_OK) < 0) {
		strf(err, errlen,
		     "k: ops need the kmb_kloop kernel module, and kernel %s cannot load modules "
		     "(no /proc/modules); run them in a guest (make bench-vm PROFILE=profiles/"
		     "vm-kloop.ini)",
		     u->release);
		return -1;
	}
	FILE *f = fopen("/proc/sys/kernel/modules_disabled", "r");
	int disabled = 0;
	if (f) {
		if (fscanf(f, "%d", &disabled) != 1)
			disabled = 0;
		fclose(f);
	}
	if (disabled) {
		strf(err, errlen, "k: ops need the kmb_kloop module, and module loading is "
				  "disabled (kernel.modules_disabled = 1)");
		return -1;
	}
	if (env && *env)
		strf(dir, sizeof(dir), "%s", env);
	else
		strf(dir, sizeof(dir), "%s/../kloop", workload_bindir());
	if (strf(u->path, sizeof(u->path), "%s/%s/kmb_kloop.ko", dir, u->release) < 0 ||
	    access(u->path, R_OK) < 0) {
		strf(err, errlen,
		     "k: ops need %s, which is missing (build it: scripts/kloop/build.sh "
		     "KERNEL_DIR, or make kloop KERNEL=...)",
		     u->path);
		return -1;
	}
	return 0;
}

int kmodule_load(struct kmodule_use *u, char *err, size_t errlen)
{
	char rec[PATH_MAX];
	if (module_loaded()) {
		u->was_loaded = true;
		return 0;
	}
	int fd = open(u->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		strf(err, errlen, "cannot open %s: %s", u->path, strerror(errno));
		return -1;
	}
	mkdir(state_dir(), 0700);
	record_path((long)getpid(), rec, sizeof(rec));
	int rfd = open(rec, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (rfd >= 0)
		close(rfd);
	if (syscall(SYS_finit_module, fd, "", 0) < 0) {
		strf(err, errlen, "cannot load %s: %s (built for another kernel than %s?)", u->path,
		     strerror(errno), u->release);
		close(fd);
		unlink(rec);
		return -1;
	}
	close(fd);
	u->loaded = true;
	return 0;
}

void kmodule_release(struct kmodule_use *u)
{
	char rec[PATH_MAX];
	if (!u->loaded)
		return;
	for (int i = 0; i < 50 && syscall(SYS_delete_module, KLOOP_MODULE, O_NONBLOCK) < 0; i++) {
		if (errno != EAGAIN && errno != EBUSY) {
			fprintf(stderr, "kmembench: warning: cannot unload %s: %s\n", KLOOP_MODULE,
				strerror(errno));
			break;
		}
		usleep(100000); /* the shim's file may still be closing */
	}
	record_path((long)getpid(), rec, sizeof(rec));
	unlink(rec);
	u->loaded = false;
}

json_t *kmodule_env_json(const struct kmodule_use *u)
{
	return json_pack("{s:s, s:s, s:b}", "module", u->path, "release", u->release,
			 "loaded_by_run", u->loaded);
}

int kmodule_clean_dead(FILE *out, int *failed)
{
	DIR *d = opendir(state_dir());
	bool dead = false, live = false;
	struct dirent *e;
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char *end, p[PATH_MAX];
		long pid = strtol(e->d_name, &end, 10);
		if (end == e->d_name || strcmp(end, ".kmod"))
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno == EPERM) {
			live = true;
			continue;
		}
		dead = true;
		if (strf(p, sizeof(p), "%s/%s", state_dir(), e->d_name) >= 0)
			unlink(p);
	}
	closedir(d);
	if (!dead || live || !module_loaded())
		return 0;
	if (syscall(SYS_delete_module, KLOOP_MODULE, O_NONBLOCK) < 0) {
		fprintf(out, "kmembench cleanup: cannot unload %s: %s\n", KLOOP_MODULE,
			strerror(errno));
		(*failed)++;
		return 0;
	}
	fprintf(out, "kmembench cleanup: unloaded module %s\n", KLOOP_MODULE);
	return 1;
}
