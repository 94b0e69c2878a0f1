/* cmd_compare.c - placeholder until the statistics work lands. */
#include <stdio.h>

#include "commands.h"

int cmd_compare(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "kmembench compare: not implemented yet\n");
	return 1;
}
