/* SPDX-License-Identifier: ISC */
/* PLACEHOLDER: replaced by the real subcommand. */
#include "compat.h"

#include <stdio.h>

#include "cli.h"

int
cmd_insats(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "finsam: insats: ännu inte byggt\n");
	return FS_EXIT_INTERNAL;
}
