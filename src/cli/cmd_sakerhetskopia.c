/* SPDX-License-Identifier: ISC */
/*
 * finsam sakerhetskopia and finsam aterstall: an online backup of the
 * database to one new file while the server keeps running, and the
 * restore of such a file (backup.h has the checks).
 */
#include "compat.h"

#include <getopt.h>

#include "cli.h"
#include "finsam/backup.h"
#include "finsam/db.h"

static const char usage_kopia[] =
    "användning: finsam sakerhetskopia --ut FIL [--db FIL]\n"
    "\n"
    "Skriver en säkerhetskopia av databasen till den nya filen FIL, medan\n"
    "servern får fortsätta. Nyckelfilen ingår inte: spara den också, men\n"
    "på ett annat ställe än kopian.\n";

static const char usage_aterstall[] =
    "användning: finsam aterstall --fran FIL [--ersatt] [--db FIL]\n"
    "\n"
    "Återställer databasen från säkerhetskopian FIL. Kopian prövas först:\n"
    "att den är hel, inte från en nyare finsam och krypterad med den här\n"
    "installationens nyckelfil. En befintlig databas ersätts bara med\n"
    "--ersatt; stoppa servern först.\n";

int
cmd_sakerhetskopia(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "ut", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fs_err err = FS_ERR_INIT;
	const char *dbopt = NULL, *ut = NULL;
	struct fs_db *db;
	enum fs_rc rc;
	int c;

	if (fs_cli_wants_help(argc, argv)) {
		fputs(usage_kopia, stdout);
		return FS_EXIT_OK;
	}
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dbopt = optarg;
			break;
		case 'u':
			ut = optarg;
			break;
		default:
			fputs(usage_kopia, stderr);
			return FS_EXIT_INPUT;
		}
	}
	if (ut == NULL || optind != argc)
		return fs_cli_usage_error(usage_kopia, "ange --ut FIL");
	if (fs_db_open(fs_cli_db_path(dbopt), NULL, fs_cli_actor(), &db,
	    &err) != FS_OK)
		return fs_cli_fail(&err);
	rc = fs_backup_write(db, ut, &err);
	fs_db_close(db);
	if (rc != FS_OK)
		return fs_cli_fail(&err);
	printf("Säkerhetskopian är skriven till %s. Spara nyckelfilen "
	    "också, på ett annat ställe.\n", ut);
	return FS_EXIT_OK;
}

int
cmd_aterstall(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "fran", required_argument, NULL, 'f' },
		{ "ersatt", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fs_err err = FS_ERR_INIT;
	const char *dbopt = NULL, *fran = NULL, *path;
	bool ersatt = false;
	int c;

	if (fs_cli_wants_help(argc, argv)) {
		fputs(usage_aterstall, stdout);
		return FS_EXIT_OK;
	}
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dbopt = optarg;
			break;
		case 'f':
			fran = optarg;
			break;
		case 'e':
			ersatt = true;
			break;
		default:
			fputs(usage_aterstall, stderr);
			return FS_EXIT_INPUT;
		}
	}
	if (fran == NULL || optind != argc)
		return fs_cli_usage_error(usage_aterstall, "ange --fran FIL");
	path = fs_cli_db_path(dbopt);
	if (fs_backup_restore(fran, path, NULL, ersatt, fs_cli_actor(),
	    &err) != FS_OK)
		return fs_cli_fail(&err);
	printf("Databasen %s är återställd från %s.\n", path, fran);
	return FS_EXIT_OK;
}
