/* cmd_run.c - `kmembench run`: parse and validate, then drive the runner through its lifecycle. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "lifecycle.h"
#include "run_args.h"
#include "runner.h"

int cmd_run(int argc, char **argv)
{
	static struct run_state s;
	memset(&s, 0, sizeof(s));
	int rc = run_args_parse(argc, argv, &s.conf, &s.opts, s.lc.err, sizeof(s.lc.err));
	if (rc == 1) {
		run_args_usage(stdout);
		return 0;
	}
	if (rc < 0) {
		fprintf(stderr, "kmembench run: %s\n", s.lc.err);
		return 2;
	}
	lc_preflight_begin(&s.lc, "run");
	rc = lc_preflight_end(&s.lc, runner_preflight(&s));
	if (rc == 0) {
		rc = runner_run(&s);
		lc_exit(&s.lc, rc);
	}
	runner_free(&s);
	return rc;
}
