/* cmd_info.c - placeholder. */
#include <stdio.h>

#include "commands.h"

int cmd_info(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "kmembench info: not implemented yet\n");
	return 1;
}
