/* SPDX-License-Identifier: ISC */
/*
 * finsam insats: list the insatser of a förbund with their period,
 * follow-up kind and status, and flag those that ended without a
 * decision on what follows.
 */
#include "compat.h"

#include <getopt.h>

#include "cli.h"
#include "finsam/codes.h"
#include "finsam/db.h"
#include "finsam/forbund.h"
#include "finsam/insats.h"
#include "finsam/parse.h"

static const char usage_text[] =
    "användning: finsam insats lista --forbund KOD [--db FIL]\n"
    "\n"
    "Listar förbundets insatser.  Avslutade insatser utan beslut om vad\n"
    "som följer (implementerad, forlangd, avvecklad) markeras med '!'.\n";

int
cmd_insats(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "forbund", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fs_err err = FS_ERR_INIT;
	const char *dbopt = NULL, *fkod = NULL;
	struct fs_forbund f;
	struct fs_insats *v = NULL;
	struct fs_db *db;
	char a[11], b[11];
	size_t n = 0;
	int c;

	if (argc < 2 || fs_cli_wants_help(argc, argv)) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? FS_EXIT_INPUT : FS_EXIT_OK;
	}
	if (strcmp(argv[1], "lista") != 0)
		return fs_cli_usage_error(usage_text,
		    "okänt underkommando '%s'", argv[1]);
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dbopt = optarg;
			break;
		case 'f':
			fkod = optarg;
			break;
		default:
			fputs(usage_text, stderr);
			return FS_EXIT_INPUT;
		}
	}
	if (fkod == NULL || optind != argc)
		return fs_cli_usage_error(usage_text, "ange --forbund KOD");
	if (fs_db_open(fs_cli_db_path(dbopt), NULL, fs_cli_actor(), &db,
	    &err) != FS_OK)
		return fs_cli_fail(&err);
	fs_forbund_init(&f);
	if (fs_forbund_get_kod(db, fkod, &f, &err) != FS_OK ||
	    fs_insats_list(db, f.id, &v, &n, &err) != FS_OK) {
		fs_forbund_release(&f);
		fs_db_close(db);
		return fs_cli_fail(&err);
	}
	printf("  %-16s %-9s %-8s %-10s %-10s %-14s %s\n", "kod", "inriktn.",
	    "uppf.", "start", "slut", "status", "namn");
	for (size_t i = 0; i < n; i++) {
		bool undecided = v[i].status == FS_STATUS_AVSLUTAD &&
		    v[i].beslut == FS_BESLUT_NONE;

		fs_date_format(v[i].startdatum, a);
		b[0] = '\0';
		if (v[i].slutdatum != FS_DATE_NONE)
			fs_date_format(v[i].slutdatum, b);
		printf("%c %-16s %-9s %-8s %-10s %-10s %-14s %s\n",
		    undecided ? '!' : ' ', v[i].kod,
		    fs_code_name(FS_LIST_INRIKTNING, v[i].inriktning),
		    fs_code_name(FS_LIST_UPPFOLJNING, v[i].uppfoljning), a, b,
		    v[i].beslut != FS_BESLUT_NONE ?
		    fs_code_name(FS_LIST_BESLUT, v[i].beslut) :
		    fs_code_name(FS_LIST_STATUS, v[i].status), v[i].namn);
	}
	fs_insats_list_free(v, n);
	fs_forbund_release(&f);
	fs_db_close(db);
	return FS_EXIT_OK;
}
