/* scratchfs.c - the scratch filesystem: --fs, a fresh loop filesystem and what dead runs left. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "mountinfo.h"
#include "scratchfs.h"
#include "spawn.h"
#include "scratch.h"
#include "size.h"
#include "util.h"

static const char *const type_names[] = {"ext4", "xfs", "btrfs", "dir"};
static const char *const packages[] = {"e2fsprogs", "xfsprogs", "btrfs-progs"};
/* The smallest image each mkfs takes (xfs 300M, btrfs ~110M), with a margin. */
static const uint64_t min_size[] = {32ULL << 20, 320ULL << 20, 128ULL << 20};
/* mkfs options: ext4 with a journal, an inode per 4K (1M inodes in 4G) and no
 * lazy init, so no background thread zeroes inode tables or the journal during trials. */
static const char *const mkfs_opts[][8] = {
    {"-F", "-q", "-i", "4096", "-E", "lazy_itable_init=0,lazy_journal_init=0", NULL},
    {"-f", "-q", NULL},
    {"-f", "-q", NULL},
};

const char *scratchfs_type_name(enum scratchfs_type t)
{
	return type_names[t];
}

bool scratchfs_is_loop(const struct scratchfs_opt *o)
{
	return o->type != SCRATCHFS_DIR;
}

int scratchfs_parse(const char *s, struct scratchfs_opt *o, char *err, size_t errlen)
{
	for (int t = SCRATCHFS_EXT4; t < SCRATCHFS_DIR; t++)
		if (!strcmp(s, type_names[t])) {
			o->type = (enum scratchfs_type)t;
			o->dir[0] = '\0';
			return 0;
		}
	if (s[0] != '/') {
		snprintf(err, errlen, "bad filesystem '%s' (accepted: %s)", s, SCRATCHFS_ACCEPTED);
		return -1;
	}
	struct stat st;
	int missing = stat(s, &st) < 0;
	if (missing || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "bad filesystem '%s': %s (accepted: %s that exists)", s,
			 missing ? strerror(errno) : "not a directory", SCRATCHFS_ACCEPTED);
		return -1;
	}
	if (scratch_check(s, err, errlen) < 0)
		return -1;
	if (strf(o->dir, sizeof(o->dir), "%s", s) < 0) {
		snprintf(err, errlen, "filesystem directory too long (accepted: %s)",
			 SCRATCHFS_ACCEPTED);
		return -1;
	}
	o->type = SCRATCHFS_DIR;
	return 0;
}

int scratchfs_check(const struct scratchfs_opt *o, char *err, size_t errlen)
{
	char have[32], need[32];
	if (!scratchfs_is_loop(o) || !o->size || o->size >= min_size[o->type])
		return 0;
	size_format(o->size, have, sizeof(have));
	size_format(min_size[o->type], need, sizeof(need));
	snprintf(err, errlen, "filesystem size '%s' is too small for %s (accepted: at least %s)",
		 have, type_names[o->type], need);
	return -1;
}

int scratchfs_preflight(const struct scratchfs_opt *o, char *err, size_t errlen)
{
	char prog[32];
	if (!scratchfs_is_loop(o))
		return 0;
	snprintf(prog, sizeof(prog), "mkfs.%s", type_names[o->type]);
	if (!util_executable(prog)) {
		snprintf(err, errlen,
			 "--fs %s needs %s, not found in PATH (install %s, or give --fs DIR)",
			 type_names[o->type], prog, packages[o->type]);
		return -1;
	}
	if (access("/dev/loop-control", W_OK) < 0) {
		snprintf(err, errlen,
			 "--fs %s needs loop devices: /dev/loop-control: %s (give --fs DIR)",
			 type_names[o->type], strerror(errno));
		return -1;
	}
	return 0;
}

void scratchfs_init(struct scratchfs *fs, const struct scratchfs_opt *o)
{
	memset(fs, 0, sizeof(*fs));
	fs->opt = *o;
	if (!fs->opt.size)
		fs->opt.size = SCRATCHFS_DEFAULT_SIZE;
	fs->loop_fd = -1;
	fs->direct_io = -1;
}

/* Creates the sparse image file. */
static int make_image(struct scratchfs *fs, char *err, size_t errlen)
{
	int fd = open(fs->image, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		strf(err, errlen, "cannot create image %s: %s", fs->image, strerror(errno));
		return -1;
	}
	fs->image_made = true;
	if (ftruncate(fd, (off_t)fs->opt.size) < 0) {
		strf(err, errlen, "cannot size image %s: %s", fs->image, strerror(errno));
		close(fd);
		return -1;
	}
	return close(fd);
}

/* Runs mkfs.TYPE on the image (outside any cgroup but ours, with a deadline). */
static int run_mkfs(struct scratchfs *fs, char *err, size_t errlen)
{
	char prog[32], *argv[12];
	size_t k = 0, off;
	snprintf(prog, sizeof(prog), "mkfs.%s", type_names[fs->opt.type]);
	argv[k++] = prog;
	for (const char *const *o = mkfs_opts[fs->opt.type]; *o; o++)
		argv[k++] = (char *)*o;
	argv[k++] = fs->image;
	argv[k] = NULL;
	off = (size_t)snprintf(fs->mkfs, sizeof(fs->mkfs), "%s", prog);
	for (size_t i = 1; i < k && off < sizeof(fs->mkfs); i++)
		off += (size_t)snprintf(fs->mkfs + off, sizeof(fs->mkfs) - off, " %s", argv[i]);
	struct child_spec spec = {.argv = argv, .stdout_fd = -1, .timeout_s = 600};
	struct child_result r;
	if (spawn_child(&spec, &r) == 0 && !r.exit_status && !r.signal && !r.timed_out)
		return 0;
	strf(err, errlen, "%s failed (%s)", fs->mkfs,
	     r.interrupted   ? "interrupted"
	     : r.spawn_errno ? strerror(r.spawn_errno)
	     : r.timed_out   ? "timed out"
	     : r.signal	     ? strsignal(r.signal)
			     : "non-zero exit");
	return -1;
}

/* LOOP_CONFIGURE (5.8+): autoclear (detached when its last user, the mount, goes) and
 * direct I/O (no second page cache for the image), buffered where the host fs refuses dio. */
static int loop_configure(int fd, int file, const char *image)
{
	struct loop_config cfg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.fd = (__u32)file;
	cfg.info.lo_flags = LO_FLAGS_AUTOCLEAR | LO_FLAGS_DIRECT_IO;
	memcpy(cfg.info.lo_file_name, image, strnlen(image, LO_NAME_SIZE - 1));
	if (ioctl(fd, LOOP_CONFIGURE, &cfg) == 0)
		return 0;
	if (errno != EINVAL)
		return -1;
	cfg.info.lo_flags &= ~(__u32)LO_FLAGS_DIRECT_IO;
	return ioctl(fd, LOOP_CONFIGURE, &cfg);
}

/* Binds the image to a free loop device; keeps the device open until mounted. */
static int loop_attach(struct scratchfs *fs, char *err, size_t errlen)
{
	int ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	int file = open(fs->image, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	int e = ctl < 0 || file < 0 ? errno : 0;
	char dev[32];
	for (int i = 0; i < 64 && !e; i++) {
		int nr = ioctl(ctl, LOOP_CTL_GET_FREE), fd = -1;
		if (nr < 0 || strf(dev, sizeof(dev), "/dev/loop%d", nr) < 0 ||
		    (fd = open(dev, O_RDWR | O_CLOEXEC)) < 0) {
			e = errno;
		} else if (loop_configure(fd, file, fs->image) == 0) {
			fs->loop_fd = fd;
			snprintf(fs->dev, sizeof(fs->dev), "%s", dev);
			break;
		} else {
			e = errno == EBUSY ? 0 : errno; /* EBUSY: another process took it first */
			close(fd);
		}
	}
	if (ctl >= 0)
		close(ctl);
	if (file >= 0)
		close(file);
	if (fs->loop_fd >= 0)
		return 0;
	strf(err, errlen, "cannot attach %s to a loop device: %s", fs->image,
	     strerror(e ? e : EBUSY));
	return -1;
}

/* Mounts the loop device, hands it to the mount (autoclear) and marks the new root. */
static int mount_fs(struct scratchfs *fs, char *err, size_t errlen)
{
	char path[PATH_MAX], buf[16];
	if (mount(fs->dev, fs->mnt, type_names[fs->opt.type], 0, NULL) < 0) {
		strf(err, errlen, "cannot mount %s (%s) on %s: %s", fs->dev,
		     type_names[fs->opt.type], fs->mnt, strerror(errno));
		return -1;
	}
	fs->mounted = true;
	if (strf(path, sizeof(path), "/sys/block/%s/loop/dio", fs->dev + 5) >= 0 &&
	    read_file(path, buf, sizeof(buf)) > 0)
		fs->direct_io = buf[0] == '1';
	close(fs->loop_fd);
	fs->loop_fd = -1;
	/* ext4's lost+found would make the root a non-empty, unmarked directory. */
	if (strf(path, sizeof(path), "%s/lost+found", fs->mnt) >= 0)
		rmdir(path);
	return scratch_make(fs->mnt, (long)getpid(), err, errlen);
}

int scratchfs_setup(struct scratchfs *fs, const char *root, const char *mnt, char *err,
		    size_t errlen)
{
	char real[PATH_MAX];
	if (!scratchfs_is_loop(&fs->opt))
		return 0;
	if (!scratch_is_marked(root) || !realpath(root, real) ||
	    strf(fs->image, sizeof(fs->image), "%s/run-%ld.img", real, (long)getpid()) < 0 ||
	    strf(fs->mnt, sizeof(fs->mnt), "%s", mnt) < 0) {
		strf(err, errlen, "scratch root %s is not a marked directory", root);
		return -1;
	}
	return make_image(fs, err, errlen) || run_mkfs(fs, err, errlen) ||
		       loop_attach(fs, err, errlen) || mount_fs(fs, err, errlen)
		   ? -1
		   : 0;
}

/* The backing file of loop device NAME (sysfs), without " (deleted)"; -1 when unbound. */
static int loop_backing(const char *name, char *buf, size_t n)
{
	char path[PATH_MAX];
	if (strf(path, sizeof(path), "/sys/block/%s/loop/backing_file", name) < 0 ||
	    read_file(path, buf, n) <= 0)
		return -1;
	buf[strcspn(buf, "\n")] = '\0';
	size_t len = strlen(buf), dl = strlen(" (deleted)");
	if (len > dl && !strcmp(buf + len - dl, " (deleted)"))
		buf[len - dl] = '\0';
	return 0;
}

/* Detaches loop device NAME if it is still backed by @image (checked with it open). */
static int loop_detach(const char *name, const char *image)
{
	char dev[PATH_MAX], now[PATH_MAX];
	int fd, rc = 0;
	if (strf(dev, sizeof(dev), "/dev/%s", name) < 0 ||
	    (fd = open(dev, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if (loop_backing(name, now, sizeof(now)) == 0 && !strcmp(now, image))
		rc = ioctl(fd, LOOP_CLR_FD); /* with our fd open: detached when we close it */
	close(fd);
	return rc;
}

/* umount; a busy mount is retried for a second, then detached lazily. */
static int unmount(const char *mnt)
{
	for (int i = 0; i < 10; i++) {
		if (umount2(mnt, UMOUNT_NOFOLLOW) == 0)
			return 0;
		if (errno != EBUSY)
			return -1;
		sleep_ms(100);
	}
	return umount2(mnt, MNT_DETACH | UMOUNT_NOFOLLOW);
}

void scratchfs_teardown(struct scratchfs *fs, FILE *log)
{
	if (fs->mounted) {
		if (unmount(fs->mnt) < 0)
			fprintf(log, "kmembench: warning: cannot unmount %s: %s\n", fs->mnt,
				strerror(errno));
		fs->mounted = false;
	}
	if (fs->loop_fd >= 0) {
		ioctl(fs->loop_fd, LOOP_CLR_FD);
		close(fs->loop_fd);
		fs->loop_fd = -1;
	} else if (fs->dev[0] && loop_detach(fs->dev + 5, fs->image) < 0) {
		fprintf(log, "kmembench: warning: cannot detach %s: %s\n", fs->dev,
			strerror(errno));
	}
	if (fs->image_made && unlink(fs->image) < 0 && errno != ENOENT)
		fprintf(log, "kmembench: warning: cannot remove image %s: %s\n", fs->image,
			strerror(errno));
	fs->image_made = false;
}

json_t *scratchfs_json(const struct scratchfs *fs, const char *path)
{
	char line[8192];
	struct mountinfo m;
	struct statvfs v;
	bool loop = scratchfs_is_loop(&fs->opt), found = false;
	found = mountinfo_find(path, line, sizeof(line), &m) == 0;
	json_int_t size = loop			   ? (json_int_t)fs->opt.size
			  : statvfs(path, &v) == 0 ? (json_int_t)v.f_blocks * (json_int_t)v.f_frsize
						   : -1;
	json_t *o = json_pack("{s:s, s:s, s:s}", "type", found ? m.fstype : "unknown", "source",
			      loop ? "loop" : "dir", "path", path);
	json_object_set_new(o, "mkfs", loop ? json_string(fs->mkfs) : json_null());
	json_object_set_new(o, "size_bytes", size >= 0 ? json_integer(size) : json_null());
	json_object_set_new(o, "mount_options", found ? json_string(m.options) : json_null());
	json_object_set_new(o, "super_options", found ? json_string(m.super_options) : json_null());
	json_object_set_new(o, "device", found ? json_string(m.source) : json_null());
	if (loop) {
		json_object_set_new(o, "image", json_string(fs->image));
		json_object_set_new(o, "loop_direct_io",
				    fs->direct_io < 0 ? json_null() : json_boolean(fs->direct_io));
	}
	return o;
}

long scratchfs_owner(const char *name, const char *suffix)
{
	char *end;
	if (strncmp(name, "run-", 4) || !isdigit((unsigned char)name[4]))
		return -1;
	errno = 0;
	long pid = strtol(name + 4, &end, 10);
	return errno || pid <= 0 || strcmp(end, suffix) ? -1 : pid;
}

/* The dead run owning @path = @root/run-<pid>@suffix: its pid; 0 for a live
 * run (counted) or this process; -1 when @path is not the suite's. */
static long dead_owner(const char *root, const char *path, const char *suffix,
		       struct scratchfs_leftovers *rep)
{
	size_t n = strlen(root);
	if (strncmp(path, root, n) || path[n] != '/' || strchr(path + n + 1, '/'))
		return -1;
	long pid = scratchfs_owner(path + n + 1, suffix);
	if (pid < 0)
		return -1;
	if (pid == (long)getpid() || pid_is_kmembench(pid)) {
		rep->live++;
		return 0;
	}
	return pid;
}

/* Logs one removal (or its failure) and counts it. */
static void note(FILE *log, struct scratchfs_leftovers *rep, int rc, const char *what,
		 const char *path, long pid)
{
	if (rc == 0)
		rep->removed++;
	else
		rep->failed++;
	if (log && rc == 0)
		fprintf(log, "kmembench: %s %s left by dead run %ld\n", what, path, pid);
	else if (log)
		fprintf(log, "kmembench: cannot remove %s left by dead run %ld: %s\n", path, pid,
			strerror(errno));
}

static void clean_mounts(const char *root, FILE *log, struct scratchfs_leftovers *rep)
{
	char **mps = mountinfo_children(root);
	for (char **p = mps; p && *p; p++) {
		long pid = dead_owner(root, *p, "", rep);
		if (pid > 0)
			note(log, rep, unmount(*p), "unmounted", *p, pid);
	}
	mountinfo_free(mps);
}

static void clean_loops(const char *root, FILE *log, struct scratchfs_leftovers *rep)
{
	DIR *d = opendir("/sys/block");
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char file[PATH_MAX], what[PATH_MAX + 300];
		if (strncmp(e->d_name, "loop", 4) ||
		    loop_backing(e->d_name, file, sizeof(file)) < 0)
			continue;
		long pid = dead_owner(root, file, ".img", rep);
		snprintf(what, sizeof(what), "/dev/%s (%s)", e->d_name, file);
		if (pid > 0)
			note(log, rep, loop_detach(e->d_name, file), "detached loop device", what,
			     pid);
	}
	if (d)
		closedir(d);
}

static void clean_images(const char *root, FILE *log, struct scratchfs_leftovers *rep)
{
	DIR *d = opendir(root);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char path[PATH_MAX];
		struct stat st;
		long pid = scratchfs_owner(e->d_name, ".img");
		if (pid < 0 || strf(path, sizeof(path), "%s/%s", root, e->d_name) < 0 ||
		    lstat(path, &st) < 0 || !S_ISREG(st.st_mode) ||
		    dead_owner(root, path, ".img", rep) <= 0)
			continue;
		note(log, rep, unlink(path), "removed image", path, pid);
	}
	if (d)
		closedir(d);
}

void scratchfs_clean_dead(const char *root, FILE *log, struct scratchfs_leftovers *rep)
{
	char real[PATH_MAX];
	memset(rep, 0, sizeof(*rep));
	if (!scratch_is_marked(root) || !realpath(root, real) || !strcmp(real, "/"))
		return;
	clean_mounts(real, log, rep);
	clean_loops(real, log, rep);
	clean_images(real, log, rep);
}
