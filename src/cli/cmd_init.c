/* SPDX-License-Identifier: ISC */
/*
 * finsam init: create a new database and its key file.
 */
#include "compat.h"

#include <getopt.h>

#include "cli.h"
#include "finsam/crypto.h"
#include "finsam/db.h"

static const char usage_text[] =
    "användning: finsam init [--db FIL] [--nyckel NYCKELFIL]\n"
    "\n"
    "Skapar en ny databas med Sveriges 21 län och 290 kommuner och en ny\n"
    "nyckelfil (läsbar bara för ägaren) som krypterar personnummer.\n"
    "Nyckelfilen ligger som standard bredvid databasen (FIL.nyckel) eller\n"
    "där FINSAM_NYCKEL pekar.  Förvara den skild från databasens\n"
    "säkerhetskopior: utan nyckeln går personnummer inte att läsa.\n";

int
cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "nyckel", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fs_err err = FS_ERR_INIT;
	const char *db = NULL, *key = NULL, *path;
	char *kp;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'k':
			key = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return FS_EXIT_OK;
		default:
			fputs(usage_text, stderr);
			return FS_EXIT_INPUT;
		}
	}
	if (optind != argc)
		return fs_cli_usage_error(usage_text, "init tar inga argument");
	path = fs_cli_db_path(db);
	if (fs_db_init(path, key, &err) != FS_OK)
		return fs_cli_fail(&err);
	kp = key != NULL ? NULL : fs_keys_default_path(path);
	printf("Skapade databasen %s och nyckelfilen %s.\n", path,
	    key != NULL ? key : kp != NULL ? kp : "?");
	if (key != NULL)
		printf("Nyckelfilen ligger inte på standardplatsen: sätt "
		    "FINSAM_NYCKEL=%s när du använder databasen.\n", key);
	free(kp);
	return FS_EXIT_OK;
}
