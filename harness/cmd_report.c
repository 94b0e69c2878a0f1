/* cmd_report.c - placeholder until the statistics work lands. */
#include <stdio.h>

#include "commands.h"

int cmd_report(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "kmembench report: not implemented yet\n");
	return 1;
}
