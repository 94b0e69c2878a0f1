/* outdir.h - choosing and creating a result set's directory; never overwrite. */
#ifndef KMB_OUTDIR_H
#define KMB_OUTDIR_H

#include <stddef.h>

#define OUTDIR_MIN_FREE (16ULL << 20) /* refuse to start with less free space */

/* Checks a user-given -o DIR: an empty directory, or a new one whose parent
 * exists and takes it (probed with mkdir + rmdir). Leaves nothing behind. One
 * line in @err on refusal. */
int outdir_check(const char *dir, char *err, size_t errlen);

/* Default name results/<YYYY-MM-DD>-<kernel>[-label], with -2, -3, ... appended
 * when taken. */
int outdir_default(const char *kernel, const char *label, char *out, size_t n);

/* Creates @dir (and parents), then checks it is writable and has room, so a
 * full disk fails before the first trial. */
int outdir_create(const char *dir, char *err, size_t errlen);

#endif
