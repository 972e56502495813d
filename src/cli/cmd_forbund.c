/* SPDX-License-Identifier: ISC */
/*
 * finsam forbund: list förbund, show one with its dated memberships,
 * and let a kommun join or leave on a date.
 */
#include "compat.h"

#include <getopt.h>

#include "cli.h"
#include "finsam/codes.h"
#include "finsam/db.h"
#include "finsam/forbund.h"
#include "finsam/parse.h"

static const char usage_text[] =
    "användning: finsam forbund lista [--db FIL]\n"
    "       finsam forbund visa KOD [--db FIL]\n"
    "       finsam forbund medlem KOD --kommun KOMMUNKOD\n"
    "           (--fran ÅÅÅÅ-MM-DD | --till ÅÅÅÅ-MM-DD) [--db FIL]\n"
    "\n"
    "lista    alla förbund med organisationsnummer och hemlän\n"
    "visa     ett förbund och dess medlemmar med datum\n"
    "medlem   en kommun går med från --fran, eller lämnar med --till\n"
    "         (sista dagen som medlem)\n";

static void
fmt_date(int32_t d, char out[11])
{
	if (d == FS_DATE_NONE)
		out[0] = '\0';
	else
		fs_date_format(d, out);
}

static int
lista(struct fs_db *db)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_forbund *v;
	char s[11];
	size_t n;

	if (fs_forbund_list(db, &v, &n, &err) != FS_OK)
		return fs_cli_fail(&err);
	printf("%-10s %-12s %-10s %-4s %s\n", "kod", "org.nr", "start", "län",
	    "namn");
	for (size_t i = 0; i < n; i++) {
		fmt_date(v[i].startdatum, s);
		printf("%-10s %-12s %-10s %-4s %s\n", v[i].kod,
		    v[i].organisationsnummer, s, v[i].hemlan, v[i].namn);
	}
	fs_forbund_list_free(v, n);
	return FS_EXIT_OK;
}

static int
visa(struct fs_db *db, const char *kod)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_forbund f;
	struct fs_medlem *m = NULL;
	char a[11], b[11];
	size_t n = 0;

	fs_forbund_init(&f);
	if (fs_forbund_get_kod(db, kod, &f, &err) != FS_OK ||
	    fs_forbund_members(db, f.id, &m, &n, &err) != FS_OK) {
		fs_forbund_release(&f);
		return fs_cli_fail(&err);
	}
	fmt_date(f.startdatum, a);
	printf("%s  %s\norganisationsnummer %s, start %s, hemlän %s\n\n"
	    "Medlemmar:\n", f.kod, f.namn, f.organisationsnummer, a, f.hemlan);
	for (size_t i = 0; i < n; i++) {
		fmt_date(m[i].fran, a);
		fmt_date(m[i].till, b);
		printf("  %-18s %-5s från %s%s%s\n",
		    fs_code_label(FS_LIST_PARTTYP, m[i].parttyp), m[i].kod, a,
		    b[0] != '\0' ? " till " : "", b);
	}
	free(m);
	fs_forbund_release(&f);
	return FS_EXIT_OK;
}

static int
medlem(struct fs_db *db, const char *kod, const char *kommun,
    const char *fran, const char *till)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_forbund f;
	int32_t d;
	enum fs_rc rc;

	if (kommun == NULL || (fran == NULL) == (till == NULL))
		return fs_cli_usage_error(usage_text,
		    "ange --kommun och antingen --fran eller --till");
	if (fs_parse_date(fran != NULL ? fran : till,
	    strlen(fran != NULL ? fran : till), &d,
	    fran != NULL ? "fran" : "till", &err) != FS_OK)
		return fs_cli_fail(&err);
	fs_forbund_init(&f);
	rc = fs_forbund_get_kod(db, kod, &f, &err);
	if (rc == FS_OK)
		rc = fran != NULL ? fs_forbund_join(db, f.id, kommun, d, &err) :
		    fs_forbund_leave(db, f.id, kommun, d, &err);
	fs_forbund_release(&f);
	if (rc != FS_OK)
		return fs_cli_fail(&err);
	printf("Medlemskapet är registrerat.\n");
	return FS_EXIT_OK;
}

int
cmd_forbund(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "kommun", required_argument, NULL, 'k' },
		{ "fran", required_argument, NULL, 'f' },
		{ "till", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fs_err err = FS_ERR_INIT;
	const char *dbopt = NULL, *kommun = NULL, *fran = NULL, *till = NULL;
	const char *sub, *kod = NULL;
	struct fs_db *db;
	int c, ret;

	if (argc < 2 || fs_cli_wants_help(argc, argv)) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? FS_EXIT_INPUT : FS_EXIT_OK;
	}
	sub = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dbopt = optarg;
			break;
		case 'k':
			kommun = optarg;
			break;
		case 'f':
			fran = optarg;
			break;
		case 't':
			till = optarg;
			break;
		default:
			fputs(usage_text, stderr);
			return FS_EXIT_INPUT;
		}
	}
	if (strcmp(sub, "lista") == 0) {
		if (optind != argc)
			return fs_cli_usage_error(usage_text,
			    "lista tar inga argument");
	} else if (strcmp(sub, "visa") == 0 || strcmp(sub, "medlem") == 0) {
		if (optind + 1 != argc)
			return fs_cli_usage_error(usage_text,
			    "ange förbundets kod");
		kod = argv[optind];
	} else
		return fs_cli_usage_error(usage_text,
		    "okänt underkommando '%s'", sub);
	if (fs_db_open(fs_cli_db_path(dbopt), NULL, fs_cli_actor(), &db,
	    &err) != FS_OK)
		return fs_cli_fail(&err);
	if (strcmp(sub, "lista") == 0)
		ret = lista(db);
	else if (strcmp(sub, "visa") == 0)
		ret = visa(db, kod);
	else
		ret = medlem(db, kod, kommun, fran, till);
	fs_db_close(db);
	return ret;
}
