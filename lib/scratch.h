/* scratch.h - the suite's marked scratch trees.
 *
 * Every directory the suite creates to play in carries a marker file. Only a
 * tree whose top carries the marker is ever deleted, the walk never follows
 * symlinks nor crosses into another filesystem, and `/` is always refused.
 */
#ifndef KMB_SCRATCH_H
#define KMB_SCRATCH_H

#include <stdbool.h>
#include <stddef.h>

#define SCRATCH_MARKER ".kmembench-scratch"

/* True when @dir exists and carries the marker. */
bool scratch_is_marked(const char *dir);

/* Makes @dir a marked scratch tree: creates it (and missing parents) when
 * absent; accepts it when already marked or empty; refuses `/`, relative
 * paths, non-directories and non-empty unmarked directories. The marker holds
 * @owner_pid so a later cleanup can tell a live owner from a dead one.
 * On refusal writes one line into @err and returns -1. */
int scratch_make(const char *dir, long owner_pid, char *err, size_t errlen);

/* Checks @dir could be made a scratch tree, changing nothing (same rules). */
int scratch_check(const char *dir, char *err, size_t errlen);

/* Owner pid recorded in @dir's marker, or -1. */
long scratch_owner(const char *dir);

/* Deletes the marked tree @dir entirely (marker last). Refuses unmarked trees.
 * Returns 0, or -1 with errno set. */
int scratch_remove(const char *dir);

/* Deletes everything inside marked @dir except the marker. */
int scratch_empty(const char *dir);

#endif
