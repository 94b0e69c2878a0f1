/* trial.c - the life of one trial, from cache drop to cgroup removal. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cgstep.h"
#include "sysinfo.h"
#include "trial.h"
#include "workload.h"
#include "util.h"

/* Reads the memfd the workload wrote its key=value lines to. */
static json_t *read_output(int fd)
{
	static char buf[1 << 16]; /* the experiments print a few hundred keys */
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	return workload_parse_output(buf);
}

/* Classifies the outcome; an OOM kill wins over the plain signal it caused. */
static enum trial_status classify(const struct trial *t, const struct child_result *r)
{
	if (r->timed_out)
		return TRIAL_TIMEOUT;
	if (r->spawn_errno)
		return TRIAL_ERROR;
	if (t->oom_killed && (r->signal || r->exit_status))
		return TRIAL_OOM;
	if (r->signal)
		return TRIAL_SIGNAL;
	return r->exit_status ? TRIAL_EXIT : TRIAL_OK;
}

static void fill_plan(struct trial *t, const struct trial_plan *p)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->workload, sizeof(t->workload), "%s", p->w->name);
	snprintf(t->step, sizeof(t->step), "%s", p->step->label);
	t->hard_bytes = p->step->kind == STEP_LIMIT ? p->step->hard : 0;
	t->soft_bytes = p->step->kind == STEP_LIMIT ? p->step->soft : 0;
	t->rep = p->rep;
	t->seq = p->seq;
	t->failcnt = t->kmem_failcnt = t->peak_bytes = t->kmem_peak_bytes = -1;
}

/* Moves the cgroup's counters into @t, which takes over events and stat. */
static void take_counters(struct trial *t, struct cg_counters *c)
{
	t->failcnt = c->failcnt;
	t->kmem_failcnt = c->kmem_failcnt;
	t->peak_bytes = c->peak_bytes;
	t->kmem_peak_bytes = c->kmem_peak_bytes;
	t->oom_killed = c->oom_killed;
	t->events = c->events;
	t->stat = c->stat;
	c->events = c->stat = NULL;
}

/* perf record ... -- the wrapper and @argv for an attribution or breakdown trial; NULL
 * for a timing trial (or on ENOMEM). */
static char **perf_argv(const struct trial_plan *p, const struct cg *cg, char *const *argv)
{
	if (p->perf)
		return perfrec_argv(p->perf, cg->path, argv);
	return p->caches ? cachesrec_argv(p->caches, cg->path, argv) : NULL;
}

/* Runs the workload (or command) in @cg, under perf record for an attribution or a
 * breakdown trial; its stdout goes to @out, its stderr to @errfd (when >= 0). */
static void run_child(const struct cg_env *env, const struct trial_plan *p, const struct cg *cg,
		      int out, int errfd, struct child_result *r)
{
	char *const *argv = p->w->wl ? workload_argv(p->w, "run") : p->w->cmd_argv;
	char **pargv = perf_argv(p, cg, argv);
	struct child_spec spec = {
	    .argv = pargv ? pargv : argv,
	    .cg = cg,
	    .version = env->ops->version,
	    .stdout_fd = out,
	    .stderr_fd = errfd,
	    .timeout_s = p->w->timeout_s,
	    .joins_itself = pargv != NULL, /* perf's wrapper joins the cgroup (perfrec.h) */
	};
	if ((p->perf || p->caches) && !pargv)
		*r = (struct child_result){.spawn_errno = ENOMEM, .exit_status = -1};
	else
		spawn_child(&spec, r);
	free(pargv);
}

/* Marks @t as an attribution trial and summarises its samples (not when interrupted). */
static void summarise_perf(const struct perfrec *pr, struct trial *t, bool interrupted)
{
	t->attribution = true;
	if (!interrupted) {
		t->perf = perfrec_summarise(pr, t);
		return;
	}
	unlink(pr->data);
	t->perf = json_null();
}

/* Marks @t as a breakdown trial and sums its caches (not when interrupted). */
static void summarise_caches(const struct cachesrec *cr, struct trial *t, bool interrupted)
{
	t->attribution = true;
	if (!interrupted) {
		t->caches = cachesrec_summarise(cr);
		return;
	}
	unlink(cr->data);
	t->caches = json_null();
}

int trial_run(const struct cg_env *env, const struct trial_plan *p, struct trial *t,
	      bool *interrupted, char *err, size_t errlen)
{
	struct cg cg;
	struct child_result r;
	fill_plan(t, p);
	*interrupted = false;
	if (p->drop_caches && sysinfo_drop_caches() < 0) {
		snprintf(err, errlen, "cannot drop caches: %s", strerror(errno));
		return -1;
	}
	char name[64];
	snprintf(name, sizeof(name), "r%ld-t%d", (long)getpid(), p->seq);
	if (cg_step_create(env, p->step, name, &cg, err, errlen) < 0)
		return -1;
	int out = p->w->wl ? memfd_create("kmb-out", MFD_CLOEXEC) : -1;
	int errfd = memfd_create("kmb-err", MFD_CLOEXEC);
	run_child(env, p, &cg, out, errfd, &r);
	if (errfd >= 0) {
		spawn_replay_stderr(errfd, t->reason, sizeof(t->reason));
		close(errfd);
	}
	t->real_s = r.real_s;
	t->user_s = r.user_s;
	t->sys_s = r.sys_s;
	t->exit_status = r.exit_status;
	t->signal = r.signal;
	t->timed_out = r.timed_out;
	*interrupted = r.interrupted;
	if (!cg.is_root) {
		struct cg_counters c;
		env->ops->collect(env, &cg, &c);
		take_counters(t, &c);
	}
	t->status = classify(t, &r);
	if (t->status == TRIAL_OK)
		t->reason[0] = '\0'; /* a message of a trial that worked is no reason */
	t->extra = out >= 0 ? read_output(out) : json_object();
	if (r.spawn_errno)
		json_object_set_new(t->extra, "spawn_error", json_string(strerror(r.spawn_errno)));
	if (out >= 0)
		close(out);
	if (cg_destroy(&cg) < 0)
		fprintf(stderr, "kmembench: warning: cannot remove cgroup %s: %s\n", cg.path,
			strerror(errno));
	if (p->perf)
		summarise_perf(p->perf, t, *interrupted);
	else if (p->caches)
		summarise_caches(p->caches, t, *interrupted);
	return 0;
}
