/* cmd_cleanup.c - `kmembench cleanup`: remove cgroups and scratch left by killed runs. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "cliopt.h"
#include "conf.h"
#include "kmodule.h"
#include "leftovers.h"
#include "opttab.h"
#include "scratchfs.h"
#include "tracefs.h"
#include "scratch.h"

static const struct opt cleanup_opts[] = {
    {.name = "scratch",
     .where = OPT_CLI,
     .kind = OPT_TEXT,
     .what = "DIR",
     .help = "the scratch root of the runs to clean up (default " CONF_DEFAULT_SCRATCH ")"},
};
#define CLEANUP_OPTS_N (sizeof(cleanup_opts) / sizeof(cleanup_opts[0]))

int cmd_cleanup(int argc, char **argv)
{
	const char *scratch = CONF_DEFAULT_SCRATCH;
	char err[512];
	struct opt_given g;
	int rc =
	    cliopt_parse("cleanup", "kmembench cleanup [--scratch DIR]", argc, argv, cleanup_opts,
			 CLEANUP_OPTS_N, "accepted: --scratch DIR", false, 0, &g);
	if (rc)
		return rc == 1 ? 0 : 2;
	const char *given = opt_arg(cleanup_opts, CLEANUP_OPTS_N, &g, "scratch");
	if (given)
		scratch = given;

	if (scratch[0] != '/' || (access(scratch, F_OK) == 0 && !scratch_is_marked(scratch))) {
		fprintf(stderr,
			"kmembench cleanup: '%s' is not a kmembench scratch tree (accepted: "
			"an absolute path carrying %s)\n",
			scratch, SCRATCH_MARKER);
		return 2;
	}
	if (geteuid() != 0) {
		fprintf(stderr, "kmembench cleanup: needs root (it removes cgroups)\n");
		return 1;
	}
	struct cg_env env;
	int have_cg = cg_detect(&env, err, sizeof(err)) == 0;
	struct leftovers_report rep;
	struct scratchfs_leftovers frep;
	/* Mounts, loop devices and images first: then the scratch trees are plain directories. */
	scratchfs_clean_dead(scratch, stdout, &frep);
	leftovers_clean(have_cg ? &env : NULL, scratch, false, stdout, &rep);
	if (have_cg)
		leftovers_remove_parent(&env);
	int failed = rep.cgroups_failed + rep.scratch_failed + frep.failed;
	int tracefs = tracefs_clean_dead(stdout, &failed);
	int kmods = kmodule_clean_dead(stdout, &failed);
	printf("kmembench cleanup: removed %d cgroup(s), %d scratch tree(s), %d mount(s)/loop "
	       "device(s)/image(s)/module(s); %d cgroup(s) and %d tree(s) belong to live runs; %d "
	       "failure(s)\n",
	       rep.cgroups_removed, rep.scratch_removed, frep.removed + tracefs + kmods,
	       rep.cgroups_live, rep.scratch_live, failed);
	return failed ? 1 : 0;
}
