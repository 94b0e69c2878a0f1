/* setfile.c - a result set's run.json over a run's life: timestamps and the final write. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "setfile.h"
#include "signals.h"

void setfile_now(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void setfile_finish(struct result_set *r, const char *dir, const struct loadwatch *lw,
		    bool complete, const char *err)
{
	setfile_now(r->finished, sizeof(r->finished));
	r->complete = complete;
	loadwatch_record(lw, r->env, stderr);
	if (!complete && signals_pending())
		json_object_set_new(r->env, "interrupted_by",
				    json_string(strsignal(signals_pending())));
	if (!complete && err && err[0])
		json_object_set_new(r->env, "error", json_string(err));
	if (results_write(r, dir) < 0)
		fprintf(stderr, "kmembench: cannot write %s/run.json: %s\n", dir, strerror(errno));
}

int setfile_exit_status(bool ok, const char *dir, const char *err)
{
	if (signals_pending()) {
		fprintf(stderr, "kmembench: interrupted by %s; incomplete result set in %s\n",
			strsignal(signals_pending()), dir);
		return 1;
	}
	if (!ok) {
		fprintf(stderr, "kmembench: %s; incomplete result set in %s\n", err, dir);
		return 1;
	}
	printf("%s\n", dir);
	return 0;
}
