/* cmd_plot.c - placeholder until the statistics work lands. */
#include <stdio.h>

#include "commands.h"

int cmd_plot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "kmembench plot: not implemented yet\n");
	return 1;
}
