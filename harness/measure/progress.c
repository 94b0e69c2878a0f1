/* progress.c - progress line with an ETA from the mean trial duration so far. */
#include <stdio.h>
#include <unistd.h>

#include "progress.h"
#include "util.h"
#include "wl.h"

void progress_init(struct progress *p, bool verbose)
{
	p->tty = isatty(STDERR_FILENO);
	p->verbose = verbose;
	p->t0 = mono_now();
	p->done = 0;
}

void progress_trial(struct progress *p, const struct trial *t, size_t remaining)
{
	p->done++;
	if (!p->tty && !p->verbose)
		return;
	double per = (mono_now() - p->t0) / (double)p->done;
	double eta = per * (double)remaining;
	fprintf(stderr,
		"%s[%zu/%zu] %-12s %-10s rep %-2d real %6.2fs sys %6.2fs %-7s ETA %dm%02ds%s",
		p->tty ? "\r\033[K" : "", p->done, p->done + remaining, t->workload, t->step,
		t->rep, t->real_s, t->sys_s, results_status_name(t->status), (int)eta / 60,
		(int)eta % 60, p->tty ? "" : "\n");
	fflush(stderr);
}

/* A breakdown trial's line: what it allocated that is accounted, and the top cache. */
static void breakdown_line(struct progress *p, const struct trial *t, size_t remaining)
{
	const json_t *c = t->caches;
	const char *err = json_string_value(json_object_get(c, "error"));
	const json_t *top = json_array_get(json_object_get(c, "caches"), 0);
	fprintf(stderr,
		"%skmembench: caches [%zu/%zu] %s %s rep %d (%s): ", p->tty ? "\r\033[K" : "",
		p->done, p->done + remaining, t->workload, t->step, t->rep,
		results_status_name(t->status));
	fprintf(stderr, "%lld objects, %lld bytes accounted",
		(long long)json_integer_value(json_object_get(c, "total_objects")),
		(long long)json_integer_value(json_object_get(c, "total_bytes")));
	if (top)
		fprintf(stderr, ", most in %s", json_string_value(json_object_get(top, "name")));
	fprintf(stderr, "%s%s%s\n", err ? " (" : "", err ? err : "", err ? ")" : "");
}

void progress_attribution(struct progress *p, const struct trial *t, size_t remaining)
{
	p->done++;
	if (json_is_object(t->caches)) {
		breakdown_line(p, t, remaining);
		return;
	}
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
