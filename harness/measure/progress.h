/* progress.h - "trial i/N, step, ETA" on stderr while a run goes. */
#ifndef KMB_PROGRESS_H
#define KMB_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "results.h"

struct progress {
	bool tty;     /* stderr is a terminal: one line redrawn in place */
	bool verbose; /* one line per trial even when not a terminal */
	double t0;
	size_t done;
};

void progress_init(struct progress *p, bool verbose);
/* Reports trial @t finished; @remaining trials are still planned. */
void progress_trial(struct progress *p, const struct trial *t, size_t remaining);
/* One line for a finished attribution trial: its memcg share of kernel samples, or for a
 * breakdown trial (--caches) its accounted objects and bytes and the top cache. */
void progress_attribution(struct progress *p, const struct trial *t, size_t remaining);
/* Ends the in-place line. */
void progress_end(struct progress *p);

#endif
