/* mountinfo.h - /proc/self/mountinfo: parse a line, find the mount a path is on. */
#ifndef KMB_MOUNTINFO_H
#define KMB_MOUNTINFO_H

#include <stddef.h>

#define MOUNTINFO_PATH "/proc/self/mountinfo"

/* One mount; the strings point into the parsed line, octal escapes undone. */
struct mountinfo {
	unsigned major, minor; /* the superblock's device (btrfs files stat with another) */
	char *mountpoint;
	char *options;	     /* per-mount options: rw,relatime,... */
	char *fstype;	     /* ext4, xfs, btrfs, tmpfs, ... */
	char *source;	     /* /dev/loop3, none, ... */
	char *super_options; /* the filesystem's own options */
};

/* Parses one line "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPER"
 * in place. Returns 0, or -1 when the line is malformed. */
int mountinfo_parse(char *line, struct mountinfo *m);

/* Finds the mount @path is on: the longest mountpoint that is a prefix of
 * realpath(@path), the last listed of equals (the visible one). Copies that line into @buf (of @n
 * bytes) and parses it into @m. Returns 0, or -1 when @path or the mount is not found. */
int mountinfo_find(const char *path, char *buf, size_t n, struct mountinfo *m);

/* Mountpoints directly inside directory @dir (absolute, canonical), one entry
 * per mount (stacked mounts repeat), as a malloc'd NULL-terminated array of
 * malloc'd strings (free with mountinfo_free), or NULL when there are none or
 * mountinfo cannot be read. */
char **mountinfo_children(const char *dir);

void mountinfo_free(char **list);

#endif
