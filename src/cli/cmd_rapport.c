/* SPDX-License-Identifier: ISC */
/*
 * finsam rapport: the standard reports.  "rapport utfall" prints the
 * outcome table (report.h) for one förbund, one län or riket and a
 * period, as text, JSON or CSV on standard output; with --publicerbar
 * under disclosure control (report.h, threshold from the installation
 * or --k), and every such release is written to the audit log.  Parses
 * options, calls the library, writes; no report logic lives here.
 */
#include "compat.h"

#include <getopt.h>
#include <unistd.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/err.h"
#include "finsam/parse.h"
#include "finsam/report.h"

static const char usage_rapport[] =
    "användning: finsam rapport <rapport> [argument]\n"
    "\n"
    "Rapporter:\n"
    "  utfall     utfallstabellen för avslutade deltaganden (SUS-måtten)\n"
    "\n"
    "finsam rapport <rapport> --help visar hjälp för rapporten.\n";

static const char usage_utfall[] =
    "användning: finsam rapport utfall --fran ÅÅÅÅ-MM-DD --till ÅÅÅÅ-MM-DD\n"
    "           [--forbund KOD | --lan KOD | --riket]\n"
    "           [--format text|json|csv|csv-plain|xlsx|html]\n"
    "           [--publicerbar [--k N]]\n"
    "           [--db FIL]\n"
    "\n"
    "Utfallstabellen: de 14 måtten för avslutade deltaganden (slutdatum i\n"
    "perioden, felregistreringar borträknade) för Totalt, Kvinnor och Män.\n"
    "\n"
    "  --fran, --till  perioden, båda dagarna medräknade\n"
    "  --forbund KOD   ett förbund\n"
    "  --lan KOD       förbunden med hemlän KOD (länskod, t.ex. 06)\n"
    "  --riket         alla förbund (standard)\n"
    "  --format        text (standard), json (exakta täljare och nämnare),\n"
    "                  csv (svensk Excel: BOM, semikolon, decimalkomma) eller\n"
    "                  csv-plain (komma och decimalpunkt, för program),\n"
    "                  xlsx (Excel-arbetsbok med underlaget) eller html\n"
    "                  (ett dokument för utskrift); omdirigera till en fil\n"
    "  --publicerbar   publicerbar tabell med röjandeskydd: antal 1 till k-1\n"
    "                  visas som <k, det som räknas fram ur dem och det som\n"
    "                  annars kunde räknas fram ur summor visas som ..;\n"
    "                  utlämnandet skrivs i granskningsloggen\n"
    "  --k N           tröskeln (2-1000; standard installationens, annars 5)\n";

static int
write_out(const struct fs_buf *b)
{
	struct fs_err err = FS_ERR_INIT;

	if (fwrite(b->buf, 1, b->len, stdout) != b->len ||
	    fflush(stdout) != 0) {
		fs_err_set(&err, FS_EIO, NULL,
		    "kunde inte skriva rapporten till standard ut");
		return fs_cli_fail(&err);
	}
	return FS_EXIT_OK;
}

/*
 * The publishable table of u into out, with threshold k (0: the
 * installation's), written to the audit log before it is released.
 */
static enum fs_rc
publish(struct fs_db *db, const struct fs_utfall *u, int k, int format,
    struct fs_utfall_skydd *sk, struct fs_buf *out, struct fs_err *err)
{
	char details[256], fran[11], till[11];
	enum fs_rc rc = FS_OK;

	if (k == 0)
		rc = fs_report_skydd_k(db, &k, err);
	if (rc == FS_OK)
		rc = fs_utfall_skydda(u, k, sk, err);
	if (rc == FS_OK)
		rc = fs_report_utfall_write_skyddad(u, sk,
		    (enum fs_report_format)format, out, err);
	if (rc != FS_OK)
		return rc;
	fs_date_format(u->fran, fran);
	fs_date_format(u->till, till);
	/* The förbund or län code is a code of ours, never personal. */
	snprintf(details, sizeof(details), "{\"niva\":\"%s\",\"kod\":\"%s\","
	    "\"fran\":\"%s\",\"till\":\"%s\",\"k\":%d,\"format\":\"%s\"}",
	    fs_report_level_name(u->level), u->level == FS_LEVEL_RIKET ? "" :
	    u->kod, fran, till, k,
	    fs_report_format_name((enum fs_report_format)format));
	return fs_db_audit(db, "rapport.publicerbar", "utfall", 0, 0, "ok",
	    details, err);
}

static int
rapport_utfall(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fran", required_argument, NULL, 'f' },
		{ "till", required_argument, NULL, 't' },
		{ "forbund", required_argument, NULL, 'b' },
		{ "lan", required_argument, NULL, 'l' },
		{ "riket", no_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'o' },
		{ "db", required_argument, NULL, 'd' },
		{ "publicerbar", no_argument, NULL, 'p' },
		{ "k", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fs_err err = FS_ERR_INIT;
	struct fs_report_query q;
	struct fs_utfall u;
	struct fs_utfall_skydd sk;
	struct fs_db *db = NULL;
	struct fs_buf out;
	const char *dbopt = NULL, *fran = NULL, *till = NULL, *kopt = NULL;
	int c, nlevels = 0, format = FS_REPORT_TEXT, ret, k = 0;
	int64_t kv;
	bool pub = false;
	enum fs_rc rc;

	memset(&q, 0, sizeof(q));
	q.level = FS_LEVEL_RIKET;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			fran = optarg;
			break;
		case 't':
			till = optarg;
			break;
		case 'b':
			q.level = FS_LEVEL_FORBUND;
			q.kod = optarg;
			nlevels++;
			break;
		case 'l':
			q.level = FS_LEVEL_LAN;
			q.kod = optarg;
			nlevels++;
			break;
		case 'r':
			q.level = FS_LEVEL_RIKET;
			q.kod = NULL;
			nlevels++;
			break;
		case 'o':
			format = fs_report_format_find(optarg);
			if (format < 0)
				return fs_cli_usage_error(usage_utfall,
				    "format: måste vara text, json, csv, "
				    "csv-plain, xlsx eller html");
			break;
		case 'd':
			dbopt = optarg;
			break;
		case 'p':
			pub = true;
			break;
		case 'k':
			kopt = optarg;
			break;
		case 'h':
			fputs(usage_utfall, stdout);
			return FS_EXIT_OK;
		default:
			fputs(usage_utfall, stderr);
			return FS_EXIT_INPUT;
		}
	}
	if (optind != argc)
		return fs_cli_usage_error(usage_utfall,
		    "rapport utfall tar inga argument utöver flaggorna");
	if (nlevels > 1)
		return fs_cli_usage_error(usage_utfall,
		    "ange högst en av --forbund, --lan och --riket");
	if (fran == NULL)
		return fs_cli_usage_error(usage_utfall, "fran: måste anges");
	if (till == NULL)
		return fs_cli_usage_error(usage_utfall, "till: måste anges");
	if (kopt != NULL && !pub)
		return fs_cli_usage_error(usage_utfall,
		    "k: gäller bara med --publicerbar");
	if (kopt != NULL) {
		rc = fs_parse_i64(kopt, strlen(kopt), FS_SKYDD_K_MIN,
		    FS_SKYDD_K_MAX, &kv, "k", &err);
		if (rc != FS_OK)
			return fs_cli_fail(&err);
		k = (int)kv;
	}
	/* A workbook is a zip file: of no use on a screen. */
	if (format == FS_REPORT_XLSX && isatty(STDOUT_FILENO))
		return fs_cli_usage_error(usage_utfall, "format: xlsx skrivs "
		    "till en fil: omdirigera standard ut, t.ex. > utfall.xlsx");
	rc = fs_parse_date(fran, strlen(fran), &q.fran, "fran", &err);
	if (rc == FS_OK)
		rc = fs_parse_date(till, strlen(till), &q.till, "till", &err);
	if (rc != FS_OK)
		return fs_cli_fail(&err);
	rc = fs_db_open(fs_cli_db_path(dbopt), NULL, fs_cli_actor(), &db,
	    &err);
	if (rc != FS_OK)
		return fs_cli_fail(&err);
	fs_buf_init(&out, 0);
	rc = fs_report_utfall(db, &q, &u, &err);
	if (rc == FS_OK && !pub)
		rc = fs_report_utfall_write(&u, (enum fs_report_format)format,
		    &out, &err);
	if (rc == FS_OK && pub)
		rc = publish(db, &u, k, format, &sk, &out, &err);
	fs_db_close(db);
	ret = rc == FS_OK ? write_out(&out) : fs_cli_fail(&err);
	fs_buf_release(&out);
	return ret;
}

int
cmd_rapport(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		fputs(usage_rapport, argc < 2 ? stderr : stdout);
		return argc < 2 ? FS_EXIT_INPUT : FS_EXIT_OK;
	}
	if (strcmp(argv[1], "utfall") == 0)
		return rapport_utfall(argc - 1, argv + 1);
	return fs_cli_usage_error(usage_rapport, "okänd rapport '%s'",
	    argv[1]);
}
