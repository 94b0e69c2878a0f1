/* cmd_micro.c - `kmembench micro`: parse and validate, then drive the micro runner. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "lifecycle.h"
#include "micro_args.h"
#include "micro_runner.h"

int cmd_micro(int argc, char **argv)
{
	static struct micro_state s;
	memset(&s, 0, sizeof(s));
	int rc = micro_args_parse(argc, argv, &s.conf, &s.plan, &s.outdir_given, s.lc.err,
				  sizeof(s.lc.err));
	if (rc == 1) {
		micro_args_usage(stdout);
		return 0;
	}
	if (rc < 0) {
		fprintf(stderr, "kmembench micro: %s\n", s.lc.err);
		return 2;
	}
	lc_preflight_begin(&s.lc, "micro");
	rc = lc_preflight_end(&s.lc, micro_runner_preflight(&s));
	if (rc == 0) {
		s.plan.seed = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16);
		rc = micro_runner_run(&s);
		lc_exit(&s.lc, rc);
	}
	micro_runner_free(&s);
	return rc;
}
