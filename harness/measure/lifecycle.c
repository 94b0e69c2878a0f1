/* lifecycle.c - begin and end of a measuring command (run, micro): one owner for both. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "leftovers.h"
#include "lifecycle.h"
#include "outdir.h"
#include "scratch.h"
#include "setfile.h"
#include "signals.h"
#include "sweep.h"
#include "util.h"

void lc_preflight_begin(struct lifecycle *lc, const char *cmd)
{
	lc->cmd = cmd;
	signals_install();
}

int lc_preflight_end(struct lifecycle *lc, int rc)
{
	if (signals_pending()) { /* a probe it ran was killed too */
		strf(lc->err, sizeof(lc->err), "interrupted by %s before the first trial",
		     strsignal(signals_pending()));
		rc = -1;
	}
	if (rc >= 0)
		return 0;
	fprintf(stderr, "kmembench %s: %s\n", lc->cmd, lc->err);
	return rc == -2 ? 2 : 1;
}

int lc_begin(struct lifecycle *lc, const struct scratchfs_opt *fs, const char *scratch)
{
	loadwatch_begin(&lc->load);
	signals_install();
	scratchfs_init(&lc->fs, fs);
	sweep_dead_runs(&lc->env, scratch);
	if (lc->env.ops->setup_parent(&lc->env, lc->err, sizeof(lc->err)) < 0)
		return -1;
	if (lc->env.ops->probe(&lc->env) < 0) {
		strf(lc->err, sizeof(lc->err), "cannot probe cgroup knobs under %s: %s",
		     lc->env.parent, strerror(errno));
		leftovers_remove_parent(&lc->env);
		return -1;
	}
	return 0;
}

int lc_results(struct lifecycle *lc, bool given, const char *outdir, const char *name,
	       const char *profile, const char *label)
{
	if (given)
		snprintf(lc->outdir, sizeof(lc->outdir), "%s", outdir);
	else if (outdir_default(lc->si.kernel, name, lc->outdir, sizeof(lc->outdir)) < 0) {
		snprintf(lc->err, sizeof(lc->err), "result directory name too long");
		return -1;
	}
	if (outdir_create(lc->outdir, lc->err, sizeof(lc->err)) < 0)
		return -1;
	struct result_set *r = &lc->run;
	results_init(r);
	snprintf(r->kernel, sizeof(r->kernel), "%s", lc->si.kernel);
	snprintf(r->cmdline, sizeof(r->cmdline), "%s", lc->si.cmdline);
	snprintf(r->virt, sizeof(r->virt), "%s", lc->si.virt);
	strf(r->profile, sizeof(r->profile), "%s", profile);
	snprintf(r->label, sizeof(r->label), "%s", label);
	r->cgroup_version = lc->env.ops->version;
	setfile_now(r->started, sizeof(r->started));
	return 0;
}

int lc_write(struct lifecycle *lc)
{
	if (results_write(&lc->run, lc->outdir) == 0)
		return 0;
	strf(lc->err, sizeof(lc->err), "cannot write %s/run.json: %s", lc->outdir, strerror(errno));
	return -1;
}

void lc_update(struct lifecycle *lc)
{
	if (results_write(&lc->run, lc->outdir) < 0)
		fprintf(stderr, "kmembench: warning: cannot update %s/run.json: %s\n", lc->outdir,
			strerror(errno));
}

int lc_scratch_run(struct lifecycle *lc, const char *scratch)
{
	long pid = (long)getpid();
	if (scratch_make(scratch, 0, lc->err, sizeof(lc->err)) < 0)
		return -1;
	if (strf(lc->scratch_run, sizeof(lc->scratch_run), "%s/run-%ld", scratch, pid) < 0 ||
	    scratch_make(lc->scratch_run, pid, lc->err, sizeof(lc->err)) < 0) {
		lc->scratch_run[0] = '\0';
		return -1;
	}
	return 0;
}

void lc_teardown(struct lifecycle *lc)
{
	struct leftovers_report rep;
	scratchfs_teardown(&lc->fs, stderr);
	if (lc->scratch_run[0] && scratch_remove(lc->scratch_run) < 0)
		fprintf(stderr, "kmembench: warning: cannot remove scratch %s: %s\n",
			lc->scratch_run, strerror(errno));
	leftovers_clean(&lc->env, NULL, true, stderr, &rep);
	leftovers_remove_parent(&lc->env);
}

int lc_end(struct lifecycle *lc, bool ok)
{
	setfile_finish(&lc->run, lc->outdir, &lc->load, ok && !signals_pending(), lc->err);
	return setfile_exit_status(ok, lc->outdir, lc->err);
}

void lc_exit(struct lifecycle *lc, int status)
{
	if (status && !lc->run.started[0])
		fprintf(stderr, "kmembench %s: %s\n", lc->cmd, lc->err);
	results_free(&lc->run);
}
