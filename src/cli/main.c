/* SPDX-License-Identifier: ISC */
/*
 * finsam: the command-line shell over libfinsam.  A table of git-style
 * subcommands, the exit-code table and the shared option helpers.  No
 * domain logic lives here.
 */
#include "compat.h"

#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

struct command {
	const char	*name;
	int		(*fn)(int, char **);
	const char	*summary;
};

static const struct command commands[] = {
	{ "init", cmd_init, "skapa en ny databas och dess nyckelfil" },
	{ "import", cmd_import,
	    "läs in förbund, insatser, deltagande eller anonyma från CSV" },
	{ "forbund", cmd_forbund, "visa förbund och medlemmar" },
	{ "insats", cmd_insats, "visa insatser" },
	{ "deltagare", cmd_deltagare,
	    "deltagande: visa, historik, avidentifiera" },
	{ "rapport", cmd_rapport, "rapporter, t.ex. utfallstabellen" },
	{ "generera", cmd_generera, "skriv realistiska syntetiska data" },
	{ "tilldelning", cmd_tilldelning,
	    "statlig medelstilldelning enligt fördelningsmodellen" },
	{ "ekonomi", cmd_ekonomi,
	    "bidrag, budget, bokslut, eget kapital (trappan), kalender" },
	{ "scenario", cmd_scenario,
	    "sammanslagning av förbund, kommun som går med eller lämnar" },
	{ "koppling", cmd_koppling,
	    "pseudonymiserad registerkoppling: dagar med ersättning" },
	{ "utvardering", cmd_utvardering,
	    "kommunpanel och difference-in-differences" },
	{ "anvandare", cmd_anvandare, "användare, roller och behörigheter" },
	{ "logg", cmd_logg, "granskningsloggen" },
	{ "sakerhetskopia", cmd_sakerhetskopia,
	    "säkerhetskopia av databasen medan servern går" },
	{ "aterstall", cmd_aterstall, "återställ databasen från en kopia" },
	{ "serve", cmd_serve, "webbprogrammet: JSON-API och webbgränssnitt" },
};

static const int exit_codes[] = {
	[FS_OK] = FS_EXIT_OK,
	[FS_ENOMEM] = FS_EXIT_INTERNAL,
	[FS_EINVAL] = FS_EXIT_INPUT,
	[FS_ENOTFOUND] = FS_EXIT_INPUT,
	[FS_ECONFLICT] = FS_EXIT_INPUT,
	[FS_EDENIED] = FS_EXIT_INPUT,
	[FS_EDB] = FS_EXIT_INTERNAL,
	[FS_EIO] = FS_EXIT_INPUT,
	[FS_EVERSION] = FS_EXIT_INPUT,
};
_Static_assert(FS_NELEM(exit_codes) == FS_RC__MAX, "exit_codes incomplete");

static void
usage(FILE *f)
{
	fprintf(f, "användning: finsam [--db FIL] <kommando> [argument]\n\n"
	    "Kommandon:\n");
	for (size_t i = 0; i < FS_NELEM(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name,
		    commands[i].summary);
	fprintf(f, "\nfinsam <kommando> --help visar hjälp för kommandot.\n"
	    "Databasen väljs med --db FIL, annars FINSAM_DB, annars "
	    "./finsam.db.\n");
}

const char *
fs_cli_db_path(const char *opt)
{
	const char *env;

	if (opt != NULL)
		return opt;
	env = getenv("FINSAM_DB");
	if (env != NULL && *env != '\0')
		return env;
	return "./finsam.db";
}

int
fs_cli_fail(const struct fs_err *err)
{
	enum fs_rc rc = err->rc == FS_OK ? FS_EDB : err->rc;

	if (err->field[0] != '\0')
		fprintf(stderr, "finsam: %s: %s\n", err->field, err->msg);
	else if (err->msg[0] != '\0')
		fprintf(stderr, "finsam: %s\n", err->msg);
	else
		fprintf(stderr, "finsam: %s\n", fs_rc_name(rc));
	return (unsigned)rc < FS_RC__MAX ? exit_codes[rc] : FS_EXIT_INTERNAL;
}

int
fs_cli_usage_error(const char *usage_text, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "finsam: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", usage_text);
	return FS_EXIT_INPUT;
}

bool
fs_cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0)
			return true;
	}
	return false;
}

const char *
fs_cli_actor(void)
{
	static char actor[128];
	const char *name = getenv("FINSAM_ANVANDARE");
	struct passwd *pw;

	if (actor[0] != '\0')
		return actor;
	if (name == NULL || *name == '\0') {
		pw = getpwuid(getuid());
		name = pw != NULL ? pw->pw_name : "okänd";
	}
	snprintf(actor, sizeof(actor), "cli:%s", name);
	return actor;
}

int
main(int argc, char **argv)
{
	const char *db = NULL;
	int i = 1;

	/* Global options before the subcommand: --db FIL, --help. */
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			db = argv[i + 1];
			i += 2;
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			db = argv[i] + 5;
			i++;
		} else if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return FS_EXIT_OK;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("finsam 0.1.0\n");
			return FS_EXIT_OK;
		} else {
			fprintf(stderr, "finsam: okänd flagga %s\n", argv[i]);
			usage(stderr);
			return FS_EXIT_INPUT;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return FS_EXIT_INPUT;
	}
	/* A global --db is handed on as FINSAM_DB to the subcommand. */
	if (db != NULL && setenv("FINSAM_DB", db, 1) != 0) {
		fprintf(stderr, "finsam: kan inte sätta FINSAM_DB\n");
		return FS_EXIT_INTERNAL;
	}
	for (size_t c = 0; c < FS_NELEM(commands); c++)
		if (strcmp(argv[i], commands[c].name) == 0)
			return commands[c].fn(argc - i, argv + i);
	fprintf(stderr, "finsam: okänt kommando '%s'\n", argv[i]);
	usage(stderr);
	return FS_EXIT_INPUT;
}
