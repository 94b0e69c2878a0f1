/* main.c - `kmembench` command dispatch. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;
};

static const struct command commands[] = {
    {"info", cmd_info, "info [--json]                 kernel, cgroup mode, effective knobs"},
    {"run", cmd_run,
     "run [-p PROFILE] [-w NAME[,NAME]] [--ladder SPEC] [-n REPS] [-o DIR] [--label TEXT]\n"
     "      [--timeout SEC] [--scratch DIR] [-- CMD [ARGS...]]"},
    {"show", cmd_show, "show DIR [--json] [--caches]  one run as a table; --caches: per cache"},
    {"compare", cmd_compare,
     "compare BASE [DIR...] [--metric real|user|sys|failcnt|peak|kmem_peak] [--alpha A] [--json]\n"
     "      % change per cell with significance marks; one DIR: steps vs root/unlimited"},
    {"plot", cmd_plot, "plot [-o FILE.png|.svg] DIR... limit vs sys time"},
    {"report", cmd_report, "report [-o FILE.md] [--alpha A] DIR...  markdown report"},
    {"cleanup", cmd_cleanup, "cleanup                       remove what killed runs left"},
    {"exec", cmd_exec,
     "exec STEP [--timeout SEC] [--] CMD [ARGS...]\n"
     "      run CMD once in a fresh cgroup set up as STEP (root, unlimited, HARD/SOFT)"},
    {"micro", cmd_micro,
     "micro [-p PROFILE] [--ops LIST] [--arms LIST] [--time SEC] [-o DIR] [--label TEXT]\n"
     "      per-operation cost (Google Benchmark), arms interleaved"},
    {"stock", cmd_stock,
     "stock [--m LIST] [--arms LIST] [--rounds N] [--ops N] [-o DIR] [--label TEXT]\n"
     "      per-op cost vs M tasks on one CPU, each in its own memcg or all in one"},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	fprintf(f, "usage: kmembench COMMAND [ARGS]\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  kmembench %s\n", commands[i].usage);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr,
			"kmembench: missing command (accepted: info, run, show, compare, plot, "
			"report, cleanup, exec, micro; see kmembench --help)\n");
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr,
		"kmembench: unknown command '%s' (accepted: info, run, show, compare, "
		"plot, report, cleanup, exec, micro)\n",
		argv[1]);
	return 2;
}
