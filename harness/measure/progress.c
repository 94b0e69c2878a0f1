/* progress.c - progress line with an ETA from the mean trial duration so far. */
#include <stdio.h>
#include <unistd.h>

#include "measure/progress.h"
#include "util.h"
#include "wl.h"

void progress_init(struct progress *p, bool verbose)
{
	p->tty = isatty(STDERR_FILENO);
	p->verbose = verbose;
	p->t0 = wl_now();
	p->done = 0;
}

void progress_trial(struct progress *p, const struct trial *t, size_t remaining)
{
	p->done++;
	if (!p->tty && !p->verbose)
		return;
	double per = (wl_now() - p->t0) / (double)p->done;
	double eta = per * (double)remaining;
	fprintf(stderr, "%s[%zu/%zu] %-12s %-10s rep %-2d real %6.2fs sys %6.2fs %-7s ETA %dm%02ds%s",
		p->tty ? "\r\033[K" : "", p->done, p->done + remaining, t->workload, t->step,
		t->rep, t->real_s, t->sys_s, results_status_name(t->status), (int)eta / 60,
		(int)eta % 60, p->tty ? "" : "\n");
	fflush(stderr);
}

void progress_end(struct progress *p)
{
	if (p->tty && p->done)
		fputc('\n', stderr);
}
