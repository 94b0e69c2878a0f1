/* micro_setup.c - `kmembench micro`'s set-up: result directory, scratch tree, a cgroup per arm. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgstep.h"
#include "micro_runner.h"
#include "util.h"

int micro_setup_results(struct micro_state *s)
{
	const struct micro_conf *c = &s->conf;
	if (lc_results(&s->lc, s->outdir_given, c->outdir, c->label[0] ? c->label : "micro",
		       c->profile, c->label) < 0)
		return -1;
	s->lc.run.micro = json_array();
	s->lc.run.overhead = json_array();
	return 0;
}

/* <scratch> (marked), <scratch>/run-<pid> (marked, ours) with a fresh ext4 loop filesystem
 * mounted on it (the disk ops must not measure the host filesystem's age), and disk/ and
 * tmpfs/ in it. */
int micro_setup_scratch(struct micro_state *s)
{
	char *e = s->lc.err;
	size_t n = sizeof(s->lc.err);
	if (lc_scratch_run(&s->lc, s->conf.scratch) < 0)
		return -1;
	if (scratchfs_setup(&s->lc.fs, s->conf.scratch, s->lc.scratch_run, e, n) < 0)
		return -1;
	if (strf(s->caches.data, sizeof(s->caches.data), "%s/perf.data", s->lc.scratch_run) < 0 ||
	    strf(s->disk, sizeof(s->disk), "%s/disk", s->lc.scratch_run) < 0 ||
	    strf(s->tmpfs, sizeof(s->tmpfs), "%s/tmpfs", s->lc.scratch_run) < 0 ||
	    mkdir(s->disk, 0700) < 0 || mkdir(s->tmpfs, 0700) < 0) {
		strf(e, n, "cannot make %s/disk and tmpfs: %s", s->lc.scratch_run, strerror(errno));
		return -1;
	}
	return 0;
}

/* A fresh cgroup with its limits per non-root arm (r<pid>-micro-<arm>, so `cleanup` can
 * tell a dead owner); root is the hierarchy's root. */
int micro_setup_cgroups(struct micro_state *s)
{
	for (size_t i = 0; i < s->conf.arms.n; i++) {
		const struct step *a = &s->conf.arms.steps[i];
		char name[128];
		if (micro_conf_cgroup_name((long)getpid(), a->label, name, sizeof(name)) < 0) {
			strf(s->lc.err, sizeof(s->lc.err), "cgroup name too long for arm %s",
			     a->label);
			return -1;
		}
		if (cg_step_create(&s->lc.env, a, name, &s->cgs[i], s->lc.err, sizeof(s->lc.err)) <
		    0)
			return -1;
		s->made[i] = a->kind != STEP_ROOT;
	}
	return 0;
}
