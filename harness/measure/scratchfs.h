/* scratchfs.h - the filesystem the workloads run on: a fresh loop filesystem or a directory.
 *
 * By default every run makes a sparse image <root>/run-<pid>.img, runs mkfs on
 * it, attaches it to a loop device (autoclear, direct I/O) and mounts it on the
 * run's marked scratch directory <root>/run-<pid>; teardown unmounts, detaches
 * and deletes the image. All of it happens outside any trial. After a SIGKILL,
 * scratchfs_clean_dead() removes mounts, loop devices and images of dead runs,
 * and only those directly under a marked scratch root.
 */
#ifndef KMB_SCRATCHFS_H
#define KMB_SCRATCHFS_H

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum scratchfs_type { SCRATCHFS_EXT4, SCRATCHFS_XFS, SCRATCHFS_BTRFS, SCRATCHFS_DIR };

#define SCRATCHFS_DEFAULT_SIZE (4ULL << 30) /* sparse: costs only what the run writes */
#define SCRATCHFS_ACCEPTED     "ext4, xfs, btrfs or an absolute directory path"

/* What --fs / `fs =` and --fs-size / `fs_size =` ask for. Zeroed: ext4, default size. */
struct scratchfs_opt {
	enum scratchfs_type type;
	char dir[PATH_MAX]; /* SCRATCHFS_DIR: the scratch root, used as is */
	uint64_t size;	    /* image size in bytes; 0: SCRATCHFS_DEFAULT_SIZE */
};

/* One run's scratch filesystem: what was made, so that teardown undoes exactly that. */
struct scratchfs {
	struct scratchfs_opt opt;
	char image[PATH_MAX]; /* <root>/run-<pid>.img (canonical root) */
	char mnt[PATH_MAX];   /* <root>/run-<pid>, the mountpoint */
	char dev[32];	      /* /dev/loopN once attached */
	char mkfs[PATH_MAX + 128];
	int loop_fd;   /* held from attach until mounted; -1 otherwise */
	int direct_io; /* the loop device's dio, -1 unknown */
	bool image_made, mounted;
};

/* What scratchfs_clean_dead found: mounts, loop devices and images. */
struct scratchfs_leftovers {
	int removed, failed, live;
};

/* Parses --fs / `fs =`: ext4, xfs, btrfs, or an absolute directory (checked
 * as a scratch root). One line naming @s in @err and -1 when it is neither. */
int scratchfs_parse(const char *s, struct scratchfs_opt *o, char *err, size_t errlen);

/* Checks the size against the type's mkfs minimum (ext4 32M, xfs 320M, btrfs 128M). */
int scratchfs_check(const struct scratchfs_opt *o, char *err, size_t errlen);

const char *scratchfs_type_name(enum scratchfs_type t);
bool scratchfs_is_loop(const struct scratchfs_opt *o);

/* Environment checks, changing nothing: mkfs.TYPE in $PATH, /dev/loop-control.
 * One line in @err and -1 (exit 1) when missing. */
int scratchfs_preflight(const struct scratchfs_opt *o, char *err, size_t errlen);

void scratchfs_init(struct scratchfs *fs, const struct scratchfs_opt *o);

/* Loop types: makes the image under the marked scratch @root, mkfs, attaches
 * and mounts it on @mnt (an existing marked directory in @root) and marks the
 * new filesystem's root. Whatever was made is recorded in @fs for teardown,
 * also on failure. Does nothing for SCRATCHFS_DIR. */
int scratchfs_setup(struct scratchfs *fs, const char *root, const char *mnt, char *err,
		    size_t errlen);

/* Unmounts, detaches and deletes what scratchfs_setup made; warnings on @log. */
void scratchfs_teardown(struct scratchfs *fs, FILE *log);

/* env.scratch_fs: {type, source (loop|dir), path, mkfs, size_bytes,
 * mount_options, super_options, device, ...} of the filesystem at @path. */
json_t *scratchfs_json(const struct scratchfs *fs, const char *path);

/* Owner pid in "run-<pid>@suffix" (suffix "" or ".img"), or -1. */
long scratchfs_owner(const char *name, const char *suffix);

/* Under marked scratch @root only: unmounts <root>/run-<pid>, detaches loop
 * devices backed by <root>/run-<pid>.img and deletes those images when run
 * <pid> is dead. Says what it did on @log. */
void scratchfs_clean_dead(const char *root, FILE *log, struct scratchfs_leftovers *rep);

#endif
