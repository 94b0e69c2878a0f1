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

void progress_attribution(struct progress *p, const struct trial *t, size_t remaining)
{
	p->done++;
	json_t *share = json_object_get(t->perf, "memcg_share");
	const char *err = json_string_value(json_object_get(t->perf, "error"));
	fprintf(stderr, "%skmembench: perf [%zu/%zu] %s %s rep %d (%s): ", p->tty ? "\r\033[K" : "",
		p->done, p->done + remaining, t->workload, t->step, t->rep,
		results_status_name(t->status));
	if (json_is_number(share))
		fprintf(stderr, "memcg %.1f%% of %lld kernel samples\n",
			100 * json_number_value(share),
			(long long)json_integer_value(json_object_get(t->perf, "kernel_samples")));
	else
		fprintf(stderr, "no memcg share (%s)\n", err ? err : "no kernel samples");
}

void progress_end(struct progress *p)
{
	if (p->tty && p->done)
		fputc('\n', stderr);
}
