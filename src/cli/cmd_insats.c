/* SPDX-License-Identifier: ISC */
/*
 * finsam insats: list the insatser of a förbund with their period,
 * follow-up kind and status, flag those that ended without a decision
 * on what follows, and record that decision.
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
    "       finsam insats beslut KOD --forbund KOD\n"
    "           --beslut implementerad|forlangd|avvecklad\n"
    "           [--medlem MEDLEM --fran ÅÅÅÅ-MM-DD] [--db FIL]\n"
    "\n"
    "lista    förbundets insatser; avslutade insatser utan beslut om vad\n"
    "         som följer markeras med '!'\n"
    "beslut   registrerar vad som blev av en avslutad insats: införd i en\n"
    "         medlems ordinarie verksamhet (implementerad, med --medlem\n"
    "         och --fran), förlängd eller avvecklad\n";

static int
lista(struct fs_db *db, const struct fs_forbund *f)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_insats *v = NULL;
	int32_t today = fs_date_today();
	char a[11], b[11];
	size_t n = 0;

	if (fs_insats_list(db, f->id, &v, &n, &err) != FS_OK)
		return fs_cli_fail(&err);
	printf("  %-16s %-9s %-8s %-10s %-10s %-14s %s\n", "kod", "inriktn.",
	    "uppf.", "start", "slut", "status", "namn");
	for (size_t i = 0; i < n; i++) {
		int st = fs_insats_status_on(&v[i], today);
		bool undecided = st == FS_STATUS_AVSLUTAD &&
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
		    fs_code_name(FS_LIST_STATUS, st), v[i].namn);
	}
	fs_insats_list_free(v, n);
	return FS_EXIT_OK;
}

static int
beslut(struct fs_db *db, const struct fs_forbund *f, const char *kod,
    const char *besl, const char *medlem, const char *fran)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_insats i;
	enum fs_rc rc;

	if (besl == NULL)
		return fs_cli_usage_error(usage_text, "--beslut måste anges");
	fs_insats_init(&i);
	rc = fs_insats_get_kod(db, f->id, kod, &i, &err);
	if (rc == FS_OK)
		rc = fs_insats_set(&i, "beslut", besl, strlen(besl), &err);
	if (rc == FS_OK)
		rc = fs_insats_set(&i, "beslut_medlem", medlem == NULL ? "" :
		    medlem, medlem == NULL ? 0 : strlen(medlem), &err);
	if (rc == FS_OK)
		rc = fs_insats_set(&i, "beslut_fran", fran == NULL ? "" : fran,
		    fran == NULL ? 0 : strlen(fran), &err);
	if (rc == FS_OK) {
		/* Deciding what follows closes the insats. */
		i.status = FS_STATUS_AVSLUTAD;
		rc = fs_insats_update(db, &i, &err);
	}
	fs_insats_release(&i);
	if (rc != FS_OK)
		return fs_cli_fail(&err);
	printf("Beslutet är registrerat.\n");
	return FS_EXIT_OK;
}

int
cmd_insats(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "forbund", required_argument, NULL, 'f' },
		{ "beslut", required_argument, NULL, 'b' },
		{ "medlem", required_argument, NULL, 'm' },
		{ "fran", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fs_err err = FS_ERR_INIT;
	const char *dbopt = NULL, *fkod = NULL, *besl = NULL, *medlem = NULL;
	const char *fran = NULL, *sub;
	struct fs_forbund f;
	struct fs_db *db;
	int c, ret;

	if (argc < 2 || fs_cli_wants_help(argc, argv)) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? FS_EXIT_INPUT : FS_EXIT_OK;
	}
	sub = argv[1];
	if (strcmp(sub, "lista") != 0 && strcmp(sub, "beslut") != 0)
		return fs_cli_usage_error(usage_text,
		    "okänt underkommando '%s'", sub);
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dbopt = optarg;
			break;
		case 'f':
			fkod = optarg;
			break;
		case 'b':
			besl = optarg;
			break;
		case 'm':
			medlem = optarg;
			break;
		case 'r':
			fran = optarg;
			break;
		default:
			fputs(usage_text, stderr);
			return FS_EXIT_INPUT;
		}
	}
	if (fkod == NULL)
		return fs_cli_usage_error(usage_text, "ange --forbund KOD");
	if (strcmp(sub, "lista") == 0 ? optind != argc : optind + 1 != argc)
		return fs_cli_usage_error(usage_text,
		    "fel antal argument för %s", sub);
	if (fs_db_open(fs_cli_db_path(dbopt), NULL, fs_cli_actor(), &db,
	    &err) != FS_OK)
		return fs_cli_fail(&err);
	fs_forbund_init(&f);
	if (fs_forbund_get_kod(db, fkod, &f, &err) != FS_OK)
		ret = fs_cli_fail(&err);
	else if (strcmp(sub, "lista") == 0)
		ret = lista(db, &f);
	else
		ret = beslut(db, &f, argv[optind], besl, medlem, fran);
	fs_forbund_release(&f);
	fs_db_close(db);
	return ret;
}
