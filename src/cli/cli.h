/* SPDX-License-Identifier: ISC */
/*
 * Shared by the subcommands of the finsam CLI: the command table
 * entries, the common --db option, and the one place that turns a
 * struct fs_err into a message on stderr and an exit code (0 ok, 1 bad
 * input or refused, 2 internal error).  Only the CLI may exit.
 */
#ifndef FS_CLI_H
#define FS_CLI_H

#include <stdbool.h>

#include "finsam/err.h"

enum {
	FS_EXIT_OK = 0,
	FS_EXIT_INPUT = 1,	/* bad input or refused */
	FS_EXIT_INTERNAL = 2,	/* storage, memory or other internal error */
};

/* Each subcommand: argv[0] is the subcommand's name. */
int	 cmd_init(int argc, char **argv);
int	 cmd_import(int argc, char **argv);
int	 cmd_deltagare(int argc, char **argv);
int	 cmd_rapport(int argc, char **argv);
int	 cmd_generera(int argc, char **argv);
int	 cmd_forbund(int argc, char **argv);
int	 cmd_insats(int argc, char **argv);
int	 cmd_tilldelning(int argc, char **argv);
int	 cmd_ekonomi(int argc, char **argv);
int	 cmd_scenario(int argc, char **argv);
int	 cmd_koppling(int argc, char **argv);
int	 cmd_utvardering(int argc, char **argv);
int	 cmd_anvandare(int argc, char **argv);
int	 cmd_logg(int argc, char **argv);
int	 cmd_sakerhetskopia(int argc, char **argv);
int	 cmd_aterstall(int argc, char **argv);
int	 cmd_serve(int argc, char **argv);

/* The database path: opt if given, else $FINSAM_DB, else ./finsam.db. */
const char	*fs_cli_db_path(const char *opt);

/* Print "finsam: <field>: <message>" and return the exit code for err. */
int		 fs_cli_fail(const struct fs_err *err);
/* Print "finsam: <message>" for a usage error and return FS_EXIT_INPUT. */
int		 fs_cli_usage_error(const char *usage, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* True when argv contains -h or --help before any "--". */
bool		 fs_cli_wants_help(int argc, char **argv);
/* Who acts, for versions and the audit log: "cli:<login name>". */
const char	*fs_cli_actor(void);

#endif
