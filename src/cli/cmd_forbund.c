/* SPDX-License-Identifier: ISC */
/* PLACEHOLDER: replaced by the real subcommand. */
#include "compat.h"

#include <stdio.h>

#include "cli.h"

int
cmd_forbund(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "finsam: forbund: ännu inte byggt\n");
	return FS_EXIT_INTERNAL;
}
