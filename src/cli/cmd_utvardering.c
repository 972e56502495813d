/* SPDX-License-Identifier: ISC */
/*
 * finsam utvardering: the municipality panel and the staggered
 * difference-in-differences analysis (utvardering.h).  Subcommands
 * panel and did: parse options, call the library, print in Swedish.
 * No estimation logic lives here.
 */
#include "compat.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/err.h"
#include "finsam/parse.h"
#include "finsam/utvardering.h"

static const char usage_utv[] =
    "användning: finsam utvardering <kommando> [argument]\n"
    "\n"
    "Utvärdering på kommunnivå: utvecklas kommuner i ett förbund\n"
    "annorlunda än andra?\n"
    "\n"
    "Kommandon:\n"
    "  panel  bygg kommun × år-panelen (ur försörjningsmåtten eller en fil)\n"
    "  did    difference-in-differences med förskjuten anslutning\n"
    "         (Callaway & Sant'Anna)\n"
    "\n"
    "finsam utvardering <kommando> --help visar hjälp för kommandot.\n";

static const char usage_panel[] =
    "användning: finsam utvardering panel [--fil FIL] [--db FIL]\n"
    "       finsam utvardering panel --lista [--db FIL]\n"
    "       finsam utvardering panel --utfall NAMN --ut FIL [--db FIL]\n"
    "\n"
    "Utan --fil byggs utfallen fm_sjukpenning, fm_aktivitetsersattning,\n"
    "fm_sjukersattning, fm_a_kassa, fm_aktivitetsstod,\n"
    "fm_etableringsersattning, fm_forsorjningsstod och fm_totalt (kronor\n"
    "per invånare 16–64 år) ur de inlästa försörjningsmåtten.  Med --fil\n"
    "läses en panelfil med kolumnerna kommunkod,ar och ett eller flera\n"
    "utfall (namn av a–z, 0–9 och _).  Varje kommuns anslutningsår tas ur\n"
    "medlemskapen.\n"
    "\n"
    "  --lista         visa de sparade utfallen\n"
    "  --utfall, --ut  skriv utfallets panel som enhet,ar,y,kohort\n"
    "                  (för finsam utvardering did --panel)\n";

static const char usage_did[] =
    "användning: finsam utvardering did (--utfall NAMN | --panel FIL)\n"
    "           [--kontroll aldrig|annu_inte] [--bootstrap N] [--seed S]\n"
    "           [--min-kohort K] [--format text|json] [--svg FIL]\n"
    "           [--db FIL]\n"
    "\n"
    "Gruppvisa effekter ATT(g,t) för varje anslutningskohort g och år t,\n"
    "händelsestudien (effekt per år sedan anslutningen) och den totala\n"
    "effekten, med medelfel och antal kommuner i varje cell.\n"
    "\n"
    "  --utfall NAMN   ett utfall i den sparade panelen (resultatet sparas)\n"
    "  --panel FIL     en fil enhet,ar,y,kohort (kohort tom = aldrig)\n"
    "  --kontroll      aldrig behandlade (standard) eller aldrig och ännu\n"
    "                  inte behandlade\n"
    "  --bootstrap N   multiplikator-bootstrap klustrad per kommun med N\n"
    "                  dragningar (standard 999); 0 ger analytiska medelfel\n"
    "  --seed S        frö för bootstrap (standard 1)\n"
    "  --min-kohort K  varna för kohorter med färre kommuner (standard 5)\n"
    "  --svg FIL       diagram över händelsestudien\n";

enum {
	OPT_FIL = 256, OPT_LISTA, OPT_UTFALL, OPT_UT, OPT_PANEL, OPT_KONTROLL,
	OPT_BOOT, OPT_SEED, OPT_MINK, OPT_FORMAT, OPT_SVG, OPT_DB, OPT_HELP
};

static const struct option all_opts[] = {
	{ "fil", required_argument, NULL, OPT_FIL },
	{ "lista", no_argument, NULL, OPT_LISTA },
	{ "utfall", required_argument, NULL, OPT_UTFALL },
	{ "ut", required_argument, NULL, OPT_UT },
	{ "panel", required_argument, NULL, OPT_PANEL },
	{ "kontroll", required_argument, NULL, OPT_KONTROLL },
	{ "bootstrap", required_argument, NULL, OPT_BOOT },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "min-kohort", required_argument, NULL, OPT_MINK },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "svg", required_argument, NULL, OPT_SVG },
	{ "db", required_argument, NULL, OPT_DB },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

struct args {
	const char	*v[OPT_HELP + 1];
	bool		 set[OPT_HELP + 1];
};

static int
parse(int argc, char **argv, const int *allowed, const char *usage,
    struct args *a)
{
	int c;

	memset(a, 0, sizeof(*a));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", all_opts, NULL)) != -1) {
		bool ok = false;

		if (c == 'h' || c == OPT_HELP) {
			fputs(usage, stdout);
			return FS_EXIT_OK;
		}
		for (const int *p = allowed; *p != 0; p++)
			if (*p == c)
				ok = true;
		if (!ok)
			return fs_cli_usage_error(usage, "okänt argument eller "
			    "värde saknas: %s", argv[optind - 1]);
		a->v[c] = optarg;
		a->set[c] = true;
	}
	if (optind != argc)
		return fs_cli_usage_error(usage, "oväntat argument: %s",
		    argv[optind]);
	return -1;
}

static int
write_stdout(const struct fs_buf *b)
{
	struct fs_err err = FS_ERR_INIT;

	if (fwrite(b->buf, 1, b->len, stdout) != b->len ||
	    fflush(stdout) != 0) {
		fs_err_set(&err, FS_EIO, NULL, "kunde inte skriva till "
		    "standard ut");
		return fs_cli_fail(&err);
	}
	return FS_EXIT_OK;
}

static enum fs_rc
write_file(const char *path, const char *field, const struct fs_buf *b,
    struct fs_err *err)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return fs_err_set(err, FS_EIO, field, "filen kan inte skapas");
	if (fwrite(b->buf, 1, b->len, f) != b->len) {
		fclose(f);
		return fs_err_set(err, FS_EIO, field,
		    "filen kunde inte skrivas");
	}
	if (fclose(f) != 0)
		return fs_err_set(err, FS_EIO, field,
		    "filen kunde inte skrivas");
	return FS_OK;
}

/* The summary of a panel build, with the joining cohorts. */
static enum fs_rc
panel_summary(struct fs_db *db, const struct fs_utvardering_panelinfo *in,
    struct fs_buf *b, struct fs_err *err)
{
	struct fs_utvardering_kohort *k = NULL;
	size_t n, never = 0, left = 0;
	int counts[FS_DID_NAR] = { 0 };
	enum fs_rc rc;

	rc = fs_utvardering_kohorter(db, &k, &n, err);
	if (rc != FS_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (k[i].ar == 0)
			never++;
		else if (k[i].ar >= FS_DID_AR_MIN && k[i].ar <= FS_DID_AR_MAX)
			counts[k[i].ar - FS_DID_AR_MIN]++;
		if (k[i].lamnat)
			left++;
	}
	free(k);
	rc = fs_buf_addf(b, "Panelen: %llu utfall, %llu kommuner, år %d–%d, "
	    "%llu värden.\nAnslutningsår (första hela året som medlem):\n",
	    (unsigned long long)in->utfall, (unsigned long long)in->kommuner,
	    in->ar_min, in->ar_max, (unsigned long long)in->rader);
	for (int y = 0; y < FS_DID_NAR && rc == FS_OK; y++)
		if (counts[y] > 0)
			rc = fs_buf_addf(b, "  %d: %d kommuner\n",
			    y + FS_DID_AR_MIN, counts[y]);
	if (rc == FS_OK)
		rc = fs_buf_addf(b, "  aldrig: %zu kommuner\n", never);
	if (rc == FS_OK && left > 0)
		rc = fs_buf_addf(b, "  (%zu kommuner har lämnat sitt förbund)\n",
		    left);
	if (rc != FS_OK)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	return FS_OK;
}

static int
u_panel(int argc, char **argv)
{
	static const int allowed[] = { OPT_FIL, OPT_LISTA, OPT_UTFALL, OPT_UT,
	    OPT_DB, 0 };
	struct fs_err err = FS_ERR_INIT;
	struct fs_utvardering_panelinfo info;
	struct fs_db *db = NULL;
	struct fs_buf b;
	struct args a;
	enum fs_rc rc;
	int ret;

	ret = parse(argc, argv, allowed, usage_panel, &a);
	if (ret >= 0)
		return ret;
	if ((a.v[OPT_UTFALL] == NULL) != (a.v[OPT_UT] == NULL))
		return fs_cli_usage_error(usage_panel,
		    "--utfall och --ut anges tillsammans");
	if ((a.set[OPT_LISTA] ? 1 : 0) + (a.v[OPT_FIL] != NULL ? 1 : 0) +
	    (a.v[OPT_UT] != NULL ? 1 : 0) > 1)
		return fs_cli_usage_error(usage_panel,
		    "ange högst en av --fil, --lista och --ut");
	if (fs_db_open(fs_cli_db_path(a.v[OPT_DB]), NULL, fs_cli_actor(), &db,
	    &err) != FS_OK)
		return fs_cli_fail(&err);
	fs_buf_init(&b, 0);
	if (a.set[OPT_LISTA]) {
		struct fs_utvardering_utfall *u = NULL;
		size_t n = 0;

		rc = fs_utvardering_utfall_lista(db, &u, &n, &err);
		if (rc == FS_OK && fs_buf_addstr(&b, "utfall                    "
		    "  kommuner  år\n") != FS_OK)
			rc = FS_ENOMEM;
		for (size_t i = 0; i < n && rc == FS_OK; i++)
			if (fs_buf_addf(&b, "%-28s %9llu  %d–%d\n", u[i].namn,
			    (unsigned long long)u[i].kommuner, u[i].ar_min,
			    u[i].ar_max) != FS_OK)
				rc = FS_ENOMEM;
		free(u);
	} else if (a.v[OPT_UT] != NULL) {
		struct fs_did_panel *p = NULL;
		struct fs_buf csv;

		fs_buf_init(&csv, 0);
		rc = fs_utvardering_panel_load(db, a.v[OPT_UTFALL], &p, NULL,
		    &err);
		if (rc == FS_OK)
			rc = fs_did_panel_write_csv(p, &csv, &err);
		if (rc == FS_OK)
			rc = write_file(a.v[OPT_UT], "ut", &csv, &err);
		if (rc == FS_OK && fs_buf_addf(&b, "Panelen för %s skriven till "
		    "%s (%zu kommuner).\n", a.v[OPT_UTFALL], a.v[OPT_UT],
		    p->nenheter) != FS_OK)
			rc = FS_ENOMEM;
		fs_did_panel_free(p);
		fs_buf_release(&csv);
	} else {
		if (a.v[OPT_FIL] != NULL)
			rc = fs_utvardering_panel_import_file(db, a.v[OPT_FIL],
			    &info, &err);
		else
			rc = fs_utvardering_panel_fm(db, &info, &err);
		if (rc == FS_OK)
			rc = panel_summary(db, &info, &b, &err);
	}
	fs_db_close(db);
	if (rc == FS_ENOMEM && err.rc == FS_OK)
		fs_err_set(&err, FS_ENOMEM, NULL, "minnet räcker inte");
	ret = rc == FS_OK ? write_stdout(&b) : fs_cli_fail(&err);
	fs_buf_release(&b);
	return ret;
}

static int
u_did(int argc, char **argv)
{
	static const int allowed[] = { OPT_UTFALL, OPT_PANEL, OPT_KONTROLL,
	    OPT_BOOT, OPT_SEED, OPT_MINK, OPT_FORMAT, OPT_SVG, OPT_DB, 0 };
	struct fs_err err = FS_ERR_INIT;
	struct fs_did_params par;
	struct fs_did_resultat *r = NULL;
	struct fs_did_panel *p = NULL;
	struct fs_db *db = NULL;
	struct fs_buf out, svg;
	struct args a;
	int format = FS_DID_TEXT, ret, k;
	int64_t v;
	enum fs_rc rc;

	ret = parse(argc, argv, allowed, usage_did, &a);
	if (ret >= 0)
		return ret;
	if ((a.v[OPT_UTFALL] == NULL) == (a.v[OPT_PANEL] == NULL))
		return fs_cli_usage_error(usage_did,
		    "ange antingen --utfall eller --panel");
	fs_did_params_init(&par);
	if (a.v[OPT_KONTROLL] != NULL) {
		k = fs_did_kontroll_find(a.v[OPT_KONTROLL]);
		if (k < 0) {
			fs_err_set(&err, FS_EINVAL, "kontroll",
			    "måste vara aldrig eller annu_inte");
			return fs_cli_fail(&err);
		}
		par.kontroll = (enum fs_did_kontroll)k;
	}
	if (a.v[OPT_BOOT] != NULL) {
		if (fs_parse_i64(a.v[OPT_BOOT], strlen(a.v[OPT_BOOT]), 0,
		    100000, &v, "bootstrap", &err) != FS_OK)
			return fs_cli_fail(&err);
		par.bootstrap = (unsigned)v;
	}
	if (a.v[OPT_SEED] != NULL) {
		if (fs_parse_i64(a.v[OPT_SEED], strlen(a.v[OPT_SEED]), 0,
		    INT64_MAX, &v, "seed", &err) != FS_OK)
			return fs_cli_fail(&err);
		par.seed = (uint64_t)v;
	}
	if (a.v[OPT_MINK] != NULL) {
		if (fs_parse_i64(a.v[OPT_MINK], strlen(a.v[OPT_MINK]), 1, 1000,
		    &v, "min-kohort", &err) != FS_OK)
			return fs_cli_fail(&err);
		par.min_kohort = (unsigned)v;
	}
	if (a.v[OPT_FORMAT] != NULL) {
		format = fs_did_format_find(a.v[OPT_FORMAT]);
		if (format < 0)
			return fs_cli_usage_error(usage_did,
			    "format: måste vara text eller json");
	}
	fs_buf_init(&out, 0);
	fs_buf_init(&svg, 0);
	if (a.v[OPT_PANEL] != NULL) {
		rc = fs_did_panel_read_file(a.v[OPT_PANEL], &p, &err);
		if (rc == FS_OK)
			rc = fs_did_estimate(p, &par, &r, &err);
		if (rc == FS_OK)
			snprintf(r->utfall, sizeof(r->utfall), "%s", "y");
	} else {
		rc = fs_db_open(fs_cli_db_path(a.v[OPT_DB]), NULL,
		    fs_cli_actor(), &db, &err);
		if (rc == FS_OK)
			rc = fs_utvardering_did(db, a.v[OPT_UTFALL], &par, &r,
			    &err);
	}
	if (rc == FS_OK)
		rc = fs_did_resultat_write(r, (enum fs_did_format)format, &out,
		    &err);
	if (rc == FS_OK && a.v[OPT_SVG] != NULL) {
		rc = fs_did_resultat_svg(r, &svg, &err);
		if (rc == FS_OK)
			rc = write_file(a.v[OPT_SVG], "svg", &svg, &err);
	}
	fs_db_close(db);
	fs_did_panel_free(p);
	fs_did_resultat_free(r);
	ret = rc == FS_OK ? write_stdout(&out) : fs_cli_fail(&err);
	fs_buf_release(&out);
	fs_buf_release(&svg);
	return ret;
}

int
cmd_utvardering(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		fputs(usage_utv, argc < 2 ? stderr : stdout);
		return argc < 2 ? FS_EXIT_INPUT : FS_EXIT_OK;
	}
	if (strcmp(argv[1], "panel") == 0)
		return u_panel(argc - 1, argv + 1);
	if (strcmp(argv[1], "did") == 0)
		return u_did(argc - 1, argv + 1);
	return fs_cli_usage_error(usage_utv, "okänt kommando '%s'", argv[1]);
}
