/* cmd_cleanup.c - placeholder. */
#include <stdio.h>

#include "commands.h"

int cmd_cleanup(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "kmembench cleanup: not implemented yet\n");
	return 1;
}
