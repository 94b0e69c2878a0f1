/* sweep.c - the start-of-run sweep of run and micro (sweep.h). */
#include <stdio.h>

#include "leftovers.h"
#include "sweep.h"
#include "scratchfs.h"

void sweep_dead_runs(const struct cg_env *env, const char *scratch)
{
	struct leftovers_report rep;
	struct scratchfs_leftovers frep;
	scratchfs_clean_dead(scratch, stderr, &frep);
	leftovers_clean(env, scratch, false, stderr, &rep);
	if (rep.cgroups_live || rep.scratch_live)
		fprintf(stderr, "kmembench: warning: another kmembench run is active; timings will "
				"disturb each other\n");
}
