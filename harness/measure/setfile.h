/* setfile.h - a result set's run.json over a run's life: timestamps and the final write. */
#ifndef KMB_SETFILE_H
#define KMB_SETFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "loadwatch.h"
#include "results.h"

/* The current UTC time as ISO 8601 ("2026-11-22T05:38:12Z"). */
void setfile_now(char *buf, size_t n);

/* Ends @r: finished time, complete flag, env.load from @lw (warning on stderr when the
 * box was busy), and for an incomplete run the signal that stopped it and @err; then
 * writes DIR/run.json (a failure is reported on stderr). */
void setfile_finish(struct result_set *r, const char *dir, const struct loadwatch *lw,
		    bool complete, const char *err);

/* Says how the run ended (interrupted, failed with @err, or the result set's path on
 * stdout) and returns the exit status: 1 for an incomplete set, 0 otherwise. */
int setfile_exit_status(bool ok, const char *dir, const char *err);

#endif
