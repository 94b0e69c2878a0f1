/* cmd_run.c - placeholder. */
#include <stdio.h>

#include "commands.h"

int cmd_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "kmembench run: not implemented yet\n");
	return 1;
}
