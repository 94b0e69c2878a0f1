/* cmd_show.c - placeholder until the statistics work lands. */
#include <stdio.h>

#include "commands.h"

int cmd_show(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "kmembench show: not implemented yet\n");
	return 1;
}
