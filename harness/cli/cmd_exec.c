/* cmd_exec.c - `kmembench exec STEP [--] CMD...`: one command in a fresh cgroup set up as STEP. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgstep.h"
#include "cgroup.h"
#include "leftovers.h"
#include "commands.h"
#include "ladder.h"
#include "opttab.h"
#include "signals.h"
#include "spawn.h"

#define EXEC_USAGE "usage: kmembench exec STEP [--timeout SEC] [--] CMD [ARGS...]"

struct exec_args {
	struct step step;
	double timeout_s;
	char **cmd;
};

static int exec_usage_error(const char *msg)
{
	fprintf(stderr, "kmembench exec: %s (%s)\n", msg, EXEC_USAGE);
	return 2;
}

/* Parses STEP: exactly one root, unlimited or HARD[/SOFT] step. */
static int parse_step(const char *spec, struct step *st)
{
	struct ladder l;
	char err[512];
	if (ladder_parse(spec, &l, err, sizeof(err)) < 0) {
		fprintf(stderr, "kmembench exec: %s\n", err);
		return -1;
	}
	if (l.n != 1 || l.steps[0].kind == STEP_AUTO) {
		fprintf(
		    stderr,
		    "kmembench exec: bad step '%s' (accepted: one step: root, unlimited, HARD or "
		    "HARD/SOFT such as 16M/4M)\n",
		    spec);
		return -1;
	}
	*st = l.steps[0];
	return 0;
}

/* --timeout SEC: 0 < SEC <= 86400. */
static int apply_timeout(void *conf, const struct opt_val *v, char *err, size_t errlen)
{
	struct exec_args *a = conf;
	char *end;
	double t = strtod(v->s, &end);
	if (end == v->s || *end || !(t > 0) || t > 86400) {
		snprintf(err, errlen, "bad --timeout '%s' (accepted: seconds, 0 < SEC <= 86400)",
			 v->s);
		return -1;
	}
	a->timeout_s = t;
	return 0;
}

static const struct opt exec_opts[] = {
    {.name = "timeout",
     .where = OPT_CLI,
     .kind = OPT_TEXT,
     .what = "SEC",
     .help = "kill CMD after SEC seconds, 0 < SEC <= 86400",
     .apply = apply_timeout},
};
#define EXEC_OPTS_N (sizeof(exec_opts) / sizeof(exec_opts[0]))

static void exec_help(void)
{
	printf("%s\n  STEP: root (nothing charged), unlimited (fresh child cgroup, no "
	       "limit),\n  HARD or HARD/SOFT (fresh child cgroup with those limits, K/M/G "
	       "suffixes).\n  Exit status: CMD's, 128+N when it was killed by signal N.\n",
	       EXEC_USAGE);
	opt_help(stdout, exec_opts, EXEC_OPTS_N);
}

/* 0, 2 after one line on stderr, or -1 after -h/--help. */
static int parse_args(int argc, char **argv, struct exec_args *a)
{
	struct opt_given g;
	char err[512];
	a->timeout_s = 0;
	if (argc < 2 || !strcmp(argv[1], "--"))
		return exec_usage_error("missing STEP");
	if (parse_step(argv[1], &a->step) < 0)
		return 2;
	/* The options follow STEP and stop at CMD or "--": getopt sees STEP as argv[0]. */
	int rc = opt_getopt(argc - 1, argv + 1, exec_opts, EXEC_OPTS_N, "accepted: --timeout SEC",
			    &g, err, sizeof(err));
	if (rc == 1) {
		exec_help();
		return -1;
	}
	if (rc < 0 || opt_apply_given(exec_opts, EXEC_OPTS_N, &g, a, err, sizeof(err)) < 0) {
		fprintf(stderr, "kmembench exec: %s\n", err);
		return 2;
	}
	int i = 1 + optind;
	if (i >= argc)
		return exec_usage_error("missing CMD");
	a->cmd = argv + i;
	return 0;
}

/* Makes the fresh cgroup (or picks the root) and writes the step's limits. */
static int exec_cgroup(struct cg_env *env, const struct step *st, struct cg *cg)
{
	char name[64], err[1024];
	snprintf(name, sizeof(name), "r%ld-exec", (long)getpid());
	if (cg_step_create(env, st, name, cg, err, sizeof(err)) < 0) {
		fprintf(stderr, "kmembench exec: %s\n", err);
		return -1;
	}
	return 0;
}

/* The exit status a shell would give, and a line when the cgroup's OOM killer struck. */
static int exec_status(const struct exec_args *a, const struct cg_env *env, const struct cg *cg,
		       const struct child_result *r)
{
	if (r->spawn_errno) {
		fprintf(stderr, "kmembench exec: cannot run %s: %s\n", a->cmd[0],
			strerror(r->spawn_errno));
		return r->spawn_errno == ENOENT ? 127 : 126;
	}
	if (r->interrupted)
		return 128 + signals_pending();
	if (r->timed_out)
		fprintf(stderr, "kmembench exec: %s killed at the --timeout deadline\n", a->cmd[0]);
	if (!cg->is_root && r->signal) {
		struct cg_counters c;
		env->ops->collect(env, cg, &c);
		if (c.oom_killed)
			fprintf(stderr,
				"kmembench exec: %s was OOM-killed in cgroup %s (step %s)\n",
				a->cmd[0], cg->path, a->step.label);
		json_decref(c.events);
		json_decref(c.stat);
	}
	return r->signal ? 128 + r->signal : r->exit_status;
}

static int exec_run(struct exec_args *a)
{
	struct cg_env env;
	struct cg cg;
	char err[1024];
	if (geteuid() != 0) {
		fprintf(stderr, "kmembench exec: needs root (it creates cgroups)\n");
		return 1;
	}
	if (cg_detect(&env, err, sizeof(err)) < 0 ||
	    env.ops->setup_parent(&env, err, sizeof(err)) < 0) {
		fprintf(stderr, "kmembench exec: %s\n", err);
		return 1;
	}
	signals_install();
	if (env.ops->probe(&env) < 0 || exec_cgroup(&env, &a->step, &cg) < 0) {
		leftovers_remove_parent(&env);
		return 1;
	}
	struct child_spec spec = {.argv = a->cmd,
				  .cg = &cg,
				  .version = env.ops->version,
				  .stdout_fd = -1,
				  .inherit_stdio = true,
				  .timeout_s = a->timeout_s};
	struct child_result r;
	spawn_child(&spec, &r);
	int rc = exec_status(a, &env, &cg, &r);
	if (!cg.is_root && cg_destroy(&cg) < 0)
		fprintf(stderr, "kmembench exec: warning: cannot remove cgroup %s: %s\n", cg.path,
			strerror(errno));
	leftovers_remove_parent(&env);
	return rc;
}

int cmd_exec(int argc, char **argv)
{
	struct exec_args a;
	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		exec_help();
		return 0;
	}
	int rc = parse_args(argc, argv, &a);
	if (rc < 0)
		return 0;
	return rc ? rc : exec_run(&a);
}
