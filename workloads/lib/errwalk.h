/* errwalk.h - a tree walk that never stops at an error: calls and errors counted per syscall. */
#ifndef KMB_ERRWALK_H
#define KMB_ERRWALK_H

#include <stddef.h>

enum ew_sys { EW_OPENAT, EW_GETDENTS64, EW_NEWFSTATAT, EW_READ, EW_NSYS };

#define EW_MAX_LEVEL 16

struct ew_counts {
	long long calls[EW_NSYS], enomem[EW_NSYS], other[EW_NSYS];
	long long entries;    /* entries stat'ed successfully */
	int last_other_errno; /* the last error that was not ENOMEM (0: none) */
};

/* Buffers the walk uses (allocated and touched up front, before a cgroup is joined). */
struct ew_bufs {
	char *dents[EW_MAX_LEVEL]; /* one getdents64 buffer per level */
	size_t dents_size;
	char *io; /* for reading a file */
	size_t io_size;
};

/* Allocates and touches the buffers; -1 on ENOMEM. */
int errwalk_bufs_init(struct ew_bufs *b, size_t dents_size, size_t io_size);
void errwalk_bufs_free(struct ew_bufs *b);

/* Walks the tree at @root (openat + getdents64 + newfstatat on every entry, on one
 * filesystem), counting into @c; an error skips what it makes unreachable. */
void errwalk_tree(const char *root, struct ew_bufs *b, struct ew_counts *c);

/* Reads the file @path to its end (page cache), counting into @c. */
void errwalk_read(const char *path, struct ew_bufs *b, struct ew_counts *c);

/* "openat", "getdents64", "newfstatat", "read". */
const char *errwalk_sys_name(enum ew_sys s);

/* Prints PREFIX<sys>_calls/_enomem/_other and PREFIXerrno_other (wl_put). */
void errwalk_put(const struct ew_counts *c, const char *prefix);

#endif
