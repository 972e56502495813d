/* SPDX-License-Identifier: ISC */
/*
 * finsam koppling: register linkage (koppling.h).  Subcommands skapa,
 * lista, exportera, nyckel, berakna and resultat: parse options, call
 * the library, print in Swedish; a progress bar on stderr while the
 * spell file streams.  Every export and key hand-out is audited by the
 * library.  No linkage logic lives here.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"
#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/err.h"
#include "finsam/fmt.h"
#include "finsam/koppling.h"
#include "finsam/parse.h"

static const char usage_koppling[] =
    "användning: finsam koppling <kommando> [argument]\n"
    "\n"
    "Pseudonymiserad registerkoppling: dagar med ersättning före och efter\n"
    "insatsen.\n"
    "\n"
    "Kommandon:\n"
    "  skapa      skapa ett kopplingsprojekt med egen pseudonymnyckel\n"
    "  lista      visa kopplingsprojekten och deras status\n"
    "  exportera  skriv den pseudonymiserade deltagandefilen\n"
    "  nyckel     skriv projektets nyckel till registerhållaren\n"
    "  berakna    beräkna nettodagar och aggregat ur en periodfil\n"
    "  resultat   visa det senast sparade resultatet för ett projekt\n"
    "\n"
    "finsam koppling <kommando> --help visar hjälp för kommandot.\n";

static const char usage_skapa[] =
    "användning: finsam koppling skapa --namn NAMN [--db FIL]\n"
    "\n"
    "Skapar ett kopplingsprojekt.  Projektet får en egen nyckel för\n"
    "pseudonymerna, så att filer från olika projekt inte kan kopplas\n"
    "ihop med varandra.\n";

static const char usage_lista[] =
    "användning: finsam koppling lista [--format text|json] [--db FIL]\n";

static const char usage_exportera[] =
    "användning: finsam koppling exportera --projekt ID|NAMN --ut FIL\n"
    "           [--forbund KOD] [--fran ÅÅÅÅ-MM-DD] [--till ÅÅÅÅ-MM-DD]\n"
    "           [--db FIL]\n"
    "\n"
    "Skriver deltagandefilen för registerhållaren:\n"
    "pseudonym,insats_kod,forbund_kod,kon,alder_vid_start,startdatum,"
    "slutdatum\n"
    "Bara identifierade deltaganden som inte är felregistreringar;\n"
    "inga personnummer.  --fran/--till väljer deltaganden efter\n"
    "startdatum.  Filen får rättigheterna 0600 och skrivs aldrig över.\n"
    "Exporten loggas.\n";

static const char usage_nyckel[] =
    "användning: finsam koppling nyckel --projekt ID|NAMN --ut FIL "
    "[--db FIL]\n"
    "\n"
    "Skriver projektets pseudonymnyckel (32 byte, hex) till FIL med\n"
    "rättigheterna 0600, för registerhållaren som ska räkna fram samma\n"
    "pseudonymer.  Installationens egen nyckel lämnar aldrig systemet.\n"
    "Utlämnandet loggas.\n";

static const char usage_berakna[] =
    "användning: finsam koppling berakna --deltagande FIL --perioder FIL\n"
    "           [--ut FIL] [--tackning-tom ÅÅÅÅ-MM-DD]\n"
    "           [--tackning-fran ÅÅÅÅ-MM-DD] [--format text|json|csv|"
    "csv-plain]\n"
    "           [--svg FIL] [--xlsx FIL] [--min-antal K] [--tradar N]\n"
    "           [--projekt ID|NAMN] [--db FIL]\n"
    "\n"
    "Nettodagar (dagar × omfattning/100) per förmån 365 dagar före\n"
    "startdatum och 365 dagar efter slutdatum för varje deltagande, och\n"
    "medelvärden före, efter och förändring med 95 % konfidensintervall\n"
    "per förmån, kön, förbund och åldersgrupp.  Periodfilen läses\n"
    "strömmande och behöver inte vara sorterad (- läser standard in).\n"
    "\n"
    "  --ut FIL            en rad per deltagande och förmån\n"
    "  --tackning-tom      registrets sista dag (standard: senaste tom)\n"
    "  --tackning-fran     registrets första dag (standard: ingen gräns)\n"
    "  --svg FIL           stapeldiagram före/efter\n"
    "  --xlsx FIL          aggregaten som Excel-arbetsbok\n"
    "  --min-antal K       celler med färre deltaganden visas inte\n"
    "                      (standard 5; 1 visar allt)\n"
    "  --tradar N          trådar för periodfilen (standard: processorerna)\n"
    "  --projekt           spara aggregaten (JSON) hos projektet\n";

static const char usage_resultat[] =
    "användning: finsam koppling resultat --projekt ID|NAMN [--db FIL]\n";

enum {
	OPT_NAMN = 256, OPT_FORMAT, OPT_DB, OPT_PROJEKT, OPT_UT, OPT_FORBUND,
	OPT_FRAN, OPT_TILL, OPT_DELTAGANDE, OPT_PERIODER, OPT_TTOM, OPT_TFRAN,
	OPT_SVG, OPT_XLSX, OPT_MIN, OPT_TRADAR, OPT_HELP
};

static const struct option all_opts[] = {
	{ "namn", required_argument, NULL, OPT_NAMN },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "db", required_argument, NULL, OPT_DB },
	{ "projekt", required_argument, NULL, OPT_PROJEKT },
	{ "ut", required_argument, NULL, OPT_UT },
	{ "forbund", required_argument, NULL, OPT_FORBUND },
	{ "fran", required_argument, NULL, OPT_FRAN },
	{ "till", required_argument, NULL, OPT_TILL },
	{ "deltagande", required_argument, NULL, OPT_DELTAGANDE },
	{ "perioder", required_argument, NULL, OPT_PERIODER },
	{ "tackning-tom", required_argument, NULL, OPT_TTOM },
	{ "tackning-fran", required_argument, NULL, OPT_TFRAN },
	{ "svg", required_argument, NULL, OPT_SVG },
	{ "xlsx", required_argument, NULL, OPT_XLSX },
	{ "min-antal", required_argument, NULL, OPT_MIN },
	{ "tradar", required_argument, NULL, OPT_TRADAR },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* The options given, by id; NULL when absent. */
struct args {
	const char	*v[OPT_HELP + 1];
};

/*
 * Parse argv with the options allowed[] (a 0-terminated list).  Returns
 * -1 when parsing succeeded, else the exit code (help or usage error).
 */
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

static int
open_db(const char *dbopt, struct fs_db **db)
{
	struct fs_err err = FS_ERR_INIT;

	if (fs_db_open(fs_cli_db_path(dbopt), NULL, fs_cli_actor(), db, &err) !=
	    FS_OK)
		return fs_cli_fail(&err);
	return -1;
}

/* The project given as an id or a name. */
static enum fs_rc
projekt(struct fs_db *db, const char *v, struct fs_koppling_projekt *p,
    struct fs_err *err)
{
	int64_t id;

	if (v == NULL || *v == '\0')
		return fs_err_set(err, FS_EINVAL, "projekt", "måste anges");
	if (fs_parse_i64(v, strlen(v), 1, INT64_MAX, &id, "projekt", NULL) ==
	    FS_OK)
		return fs_koppling_hamta(db, id, NULL, p, err);
	return fs_koppling_hamta(db, 0, v, p, err);
}

static enum fs_rc
date_opt(const char *v, const char *field, int32_t *out, struct fs_err *err)
{
	*out = FS_DATE_NONE;
	if (v == NULL)
		return FS_OK;
	return fs_parse_date(v, strlen(v), out, field, err);
}

static int
k_skapa(int argc, char **argv)
{
	static const int allowed[] = { OPT_NAMN, OPT_DB, 0 };
	struct fs_err err = FS_ERR_INIT;
	struct fs_db *db = NULL;
	struct args a;
	int64_t id;
	int ret;

	ret = parse(argc, argv, allowed, usage_skapa, &a);
	if (ret >= 0)
		return ret;
	if (a.v[OPT_NAMN] == NULL)
		return fs_cli_usage_error(usage_skapa, "namn: måste anges");
	ret = open_db(a.v[OPT_DB], &db);
	if (ret >= 0)
		return ret;
	if (fs_koppling_skapa(db, a.v[OPT_NAMN], &id, &err) != FS_OK) {
		fs_db_close(db);
		return fs_cli_fail(&err);
	}
	fs_db_close(db);
	printf("Kopplingsprojekt %lld skapat.\n", (long long)id);
	return FS_EXIT_OK;
}

static int
k_lista(int argc, char **argv)
{
	static const int allowed[] = { OPT_FORMAT, OPT_DB, 0 };
	struct fs_err err = FS_ERR_INIT;
	struct fs_koppling_projekt *v = NULL;
	struct fs_db *db = NULL;
	struct fs_buf b;
	struct args a;
	size_t n;
	bool json = false;
	enum fs_rc rc;
	int ret;

	ret = parse(argc, argv, allowed, usage_lista, &a);
	if (ret >= 0)
		return ret;
	if (a.v[OPT_FORMAT] != NULL) {
		if (strcmp(a.v[OPT_FORMAT], "json") == 0)
			json = true;
		else if (strcmp(a.v[OPT_FORMAT], "text") != 0)
			return fs_cli_usage_error(usage_lista,
			    "format: måste vara text eller json");
	}
	ret = open_db(a.v[OPT_DB], &db);
	if (ret >= 0)
		return ret;
	rc = fs_koppling_lista(db, &v, &n, &err);
	fs_db_close(db);
	if (rc != FS_OK)
		return fs_cli_fail(&err);
	fs_buf_init(&b, 0);
	if (json) {
		rc = fs_koppling_lista_write_json(v, n, &b, &err);
	} else {
		rc = fs_buf_addstr(&b, "  id  exporter  senaste export        "
		    "rader     resultat              namn\n");
		for (size_t i = 0; i < n && rc == FS_OK; i++)
			rc = fs_buf_addf(&b, "%4lld  %8lld  %-20s  %8lld  "
			    "%-20s  %s\n", (long long)v[i].id,
			    (long long)v[i].exporter,
			    v[i].senaste_export[0] != '\0' ?
			    v[i].senaste_export : "–",
			    (long long)v[i].senaste_rader,
			    v[i].resultat_tid[0] != '\0' ? v[i].resultat_tid :
			    "–", v[i].namn);
		if (rc != FS_OK)
			rc = fs_err_set(&err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
	}
	free(v);
	ret = rc == FS_OK ? write_stdout(&b) : fs_cli_fail(&err);
	fs_buf_release(&b);
	return ret;
}

static int
k_exportera(int argc, char **argv)
{
	static const int allowed[] = { OPT_PROJEKT, OPT_UT, OPT_FORBUND,
	    OPT_FRAN, OPT_TILL, OPT_DB, 0 };
	struct fs_err err = FS_ERR_INIT;
	struct fs_koppling_projekt p;
	struct fs_koppling_urval u;
	struct fs_db *db = NULL;
	struct args a;
	uint64_t rows;
	enum fs_rc rc;
	int ret;

	ret = parse(argc, argv, allowed, usage_exportera, &a);
	if (ret >= 0)
		return ret;
	if (a.v[OPT_PROJEKT] == NULL)
		return fs_cli_usage_error(usage_exportera,
		    "projekt: måste anges");
	if (a.v[OPT_UT] == NULL || *a.v[OPT_UT] == '\0')
		return fs_cli_usage_error(usage_exportera, "ut: måste anges");
	u.forbund_kod = a.v[OPT_FORBUND];
	if (date_opt(a.v[OPT_FRAN], "fran", &u.fran, &err) != FS_OK ||
	    date_opt(a.v[OPT_TILL], "till", &u.till, &err) != FS_OK)
		return fs_cli_fail(&err);
	ret = open_db(a.v[OPT_DB], &db);
	if (ret >= 0)
		return ret;
	rc = projekt(db, a.v[OPT_PROJEKT], &p, &err);
	if (rc == FS_OK)
		rc = fs_koppling_exportera(db, p.id, &u, a.v[OPT_UT], &rows,
		    &err);
	fs_db_close(db);
	if (rc != FS_OK)
		return fs_cli_fail(&err);
	printf("Exporterade %llu deltaganden till %s (projekt %lld).\n",
	    (unsigned long long)rows, a.v[OPT_UT], (long long)p.id);
	return FS_EXIT_OK;
}

static int
k_nyckel(int argc, char **argv)
{
	static const int allowed[] = { OPT_PROJEKT, OPT_UT, OPT_DB, 0 };
	struct fs_err err = FS_ERR_INIT;
	struct fs_koppling_projekt p;
	unsigned char key[32];
	char hex[65], text[128];
	struct fs_db *db = NULL;
	struct args a;
	enum fs_rc rc;
	size_t len;
	int ret, fd;

	ret = parse(argc, argv, allowed, usage_nyckel, &a);
	if (ret >= 0)
		return ret;
	if (a.v[OPT_PROJEKT] == NULL)
		return fs_cli_usage_error(usage_nyckel, "projekt: måste anges");
	if (a.v[OPT_UT] == NULL || *a.v[OPT_UT] == '\0')
		return fs_cli_usage_error(usage_nyckel, "ut: måste anges");
	fd = open(a.v[OPT_UT], O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		fs_err_set(&err, errno == EEXIST ? FS_ECONFLICT : FS_EIO, "ut",
		    errno == EEXIST ? "filen finns redan; välj ett nytt namn" :
		    "filen kan inte skapas");
		return fs_cli_fail(&err);
	}
	ret = open_db(a.v[OPT_DB], &db);
	if (ret >= 0) {
		close(fd);
		unlink(a.v[OPT_UT]);
		return ret;
	}
	rc = projekt(db, a.v[OPT_PROJEKT], &p, &err);
	if (rc == FS_OK)
		rc = fs_koppling_nyckel(db, p.id, key, &err);
	fs_db_close(db);
	if (rc == FS_OK) {
		sodium_bin2hex(hex, sizeof(hex), key, sizeof(key));
		sodium_memzero(key, sizeof(key));
		snprintf(text, sizeof(text), "finsam-kopplingsnyckel 1\n%s\n",
		    hex);
		sodium_memzero(hex, sizeof(hex));
		len = strlen(text);
		if (write(fd, text, len) != (ssize_t)len || fsync(fd) != 0)
			rc = fs_err_set(&err, FS_EIO, "ut",
			    "filen kunde inte skrivas");
		sodium_memzero(text, sizeof(text));
	}
	if (close(fd) != 0 && rc == FS_OK)
		rc = fs_err_set(&err, FS_EIO, "ut", "filen kunde inte skrivas");
	if (rc != FS_OK) {
		unlink(a.v[OPT_UT]);
		return fs_cli_fail(&err);
	}
	printf("Nyckeln för projekt %lld är skriven till %s.\n",
	    (long long)p.id, a.v[OPT_UT]);
	return FS_EXIT_OK;
}

/* ---- berakna ---------------------------------------------------------- */

struct progress {
	bool		 tty;
	int		 shown;		/* last percentage, -1 none */
	double		 t0;
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "[#######.........]  45 %  3,2 av 7,0 GB  12 s" on one line. */
static void
show_progress(void *arg, uint64_t done, uint64_t total)
{
	struct progress *pr = arg;
	int pct = total == 0 ? 0 : (int)(done * 100 / total);
	char bar[31];

	if (total == 0)
		return;
	if (pr->tty) {
		int fill = pct * 30 / 100;

		if (pct == pr->shown && done != total)
			return;
		for (int i = 0; i < 30; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[30] = '\0';
		fprintf(stderr, "\rperiodfilen [%s] %3d %%  %.1f av %.1f GB  "
		    "%.0f s ", bar, pct, (double)done / 1e9,
		    (double)total / 1e9, now_s() - pr->t0);
		if (done == total)
			fputc('\n', stderr);
	} else {
		if (pr->shown >= 0 && pct - pr->shown < 10 && done != total)
			return;
		if (pct == pr->shown)
			return;
		fprintf(stderr, "berakna: %3d %% av periodfilen\n", pct);
	}
	fflush(stderr);
	pr->shown = pct;
}

static enum fs_rc
write_file(const char *path, const struct fs_buf *b, struct fs_err *err)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return fs_err_set(err, FS_EIO, "svg", "filen kan inte skapas");
	if (fwrite(b->buf, 1, b->len, f) != b->len) {
		fclose(f);
		return fs_err_set(err, FS_EIO, "svg",
		    "filen kunde inte skrivas");
	}
	if (fclose(f) != 0)
		return fs_err_set(err, FS_EIO, "svg",
		    "filen kunde inte skrivas");
	return FS_OK;
}

static int
k_berakna(int argc, char **argv)
{
	static const int allowed[] = { OPT_DELTAGANDE, OPT_PERIODER, OPT_UT,
	    OPT_TTOM, OPT_TFRAN, OPT_FORMAT, OPT_SVG, OPT_XLSX, OPT_MIN,
	    OPT_TRADAR,
	    OPT_PROJEKT, OPT_DB, 0 };
	struct fs_err err = FS_ERR_INIT;
	struct fs_koppling_params p;
	struct fs_koppling_resultat *res = NULL;
	struct fs_koppling_projekt pr;
	struct progress prog;
	struct fs_db *db = NULL;
	struct fs_buf out, json, svg;
	struct args a;
	int format = FS_KOPPLING_TEXT, ret;
	int64_t v;
	enum fs_rc rc;

	ret = parse(argc, argv, allowed, usage_berakna, &a);
	if (ret >= 0)
		return ret;
	if (a.v[OPT_DELTAGANDE] == NULL)
		return fs_cli_usage_error(usage_berakna,
		    "deltagande: måste anges");
	if (a.v[OPT_PERIODER] == NULL)
		return fs_cli_usage_error(usage_berakna,
		    "perioder: måste anges");
	if (a.v[OPT_FORMAT] != NULL) {
		format = fs_koppling_format_find(a.v[OPT_FORMAT]);
		if (format < 0)
			return fs_cli_usage_error(usage_berakna, "format: måste "
			    "vara text, json, csv eller csv-plain");
	}
	fs_koppling_params_init(&p);
	if (date_opt(a.v[OPT_TTOM], "tackning-tom", &p.tackning_tom, &err) !=
	    FS_OK ||
	    date_opt(a.v[OPT_TFRAN], "tackning-fran", &p.tackning_fran, &err) !=
	    FS_OK)
		return fs_cli_fail(&err);
	if (p.tackning_fran != FS_DATE_NONE && p.tackning_tom != FS_DATE_NONE &&
	    p.tackning_fran > p.tackning_tom) {
		fs_err_set(&err, FS_EINVAL, "tackning-tom",
		    "får inte vara före tackning-fran");
		return fs_cli_fail(&err);
	}
	if (a.v[OPT_MIN] != NULL) {
		if (fs_parse_i64(a.v[OPT_MIN], strlen(a.v[OPT_MIN]), 1, 1000,
		    &v, "min-antal", &err) != FS_OK)
			return fs_cli_fail(&err);
		p.min_antal = (unsigned)v;
	}
	if (a.v[OPT_TRADAR] != NULL) {
		if (fs_parse_i64(a.v[OPT_TRADAR], strlen(a.v[OPT_TRADAR]), 1, 8,
		    &v, "tradar", &err) != FS_OK)
			return fs_cli_fail(&err);
		p.tradar = (unsigned)v;
	}
	/* Check the project before the long computation. */
	if (a.v[OPT_PROJEKT] != NULL) {
		ret = open_db(a.v[OPT_DB], &db);
		if (ret >= 0)
			return ret;
		if (projekt(db, a.v[OPT_PROJEKT], &pr, &err) != FS_OK) {
			fs_db_close(db);
			return fs_cli_fail(&err);
		}
	}
	prog.tty = isatty(STDERR_FILENO) != 0;
	prog.shown = -1;
	prog.t0 = now_s();
	p.progress = show_progress;
	p.arg = &prog;
	fs_buf_init(&out, 0);
	fs_buf_init(&json, 0);
	fs_buf_init(&svg, 0);
	rc = fs_koppling_berakna(a.v[OPT_DELTAGANDE], a.v[OPT_PERIODER],
	    a.v[OPT_UT], &p, &res, &err);
	if (rc != FS_OK && prog.tty && prog.shown >= 0 && prog.shown < 100)
		fputc('\n', stderr);
	if (rc == FS_OK)
		rc = fs_koppling_resultat_write(res,
		    (enum fs_koppling_format)format, &out, &err);
	if (rc == FS_OK && a.v[OPT_SVG] != NULL) {
		rc = fs_koppling_resultat_svg(res, &svg, &err);
		if (rc == FS_OK)
			rc = write_file(a.v[OPT_SVG], &svg, &err);
	}
	if (rc == FS_OK && a.v[OPT_XLSX] != NULL)
		rc = fs_koppling_resultat_xlsx(res, a.v[OPT_XLSX], &err);
	if (rc == FS_OK && db != NULL) {
		rc = fs_koppling_resultat_write(res, FS_KOPPLING_JSON, &json,
		    &err);
		if (rc == FS_OK)
			rc = fs_koppling_resultat_spara(db, pr.id, json.buf,
			    &err);
	}
	fs_db_close(db);
	fs_koppling_resultat_free(res);
	ret = rc == FS_OK ? write_stdout(&out) : fs_cli_fail(&err);
	fs_buf_release(&out);
	fs_buf_release(&json);
	fs_buf_release(&svg);
	return ret;
}

static int
k_resultat(int argc, char **argv)
{
	static const int allowed[] = { OPT_PROJEKT, OPT_DB, 0 };
	struct fs_err err = FS_ERR_INIT;
	struct fs_koppling_projekt p;
	struct fs_db *db = NULL;
	struct fs_buf b;
	struct args a;
	enum fs_rc rc;
	int ret;

	ret = parse(argc, argv, allowed, usage_resultat, &a);
	if (ret >= 0)
		return ret;
	if (a.v[OPT_PROJEKT] == NULL)
		return fs_cli_usage_error(usage_resultat,
		    "projekt: måste anges");
	ret = open_db(a.v[OPT_DB], &db);
	if (ret >= 0)
		return ret;
	fs_buf_init(&b, 0);
	rc = projekt(db, a.v[OPT_PROJEKT], &p, &err);
	if (rc == FS_OK)
		rc = fs_koppling_resultat_hamta(db, p.id, &b, &err);
	fs_db_close(db);
	if (rc == FS_OK && (b.len == 0 || b.buf[b.len - 1] != '\n') &&
	    fs_buf_addch(&b, '\n') != FS_OK)
		rc = fs_err_set(&err, FS_ENOMEM, NULL, "minnet räcker inte");
	ret = rc == FS_OK ? write_stdout(&b) : fs_cli_fail(&err);
	fs_buf_release(&b);
	return ret;
}

int
cmd_koppling(int argc, char **argv)
{
	static const struct {
		const char	*name;
		int		(*fn)(int, char **);
	} sub[] = {
		{ "skapa", k_skapa },
		{ "lista", k_lista },
		{ "exportera", k_exportera },
		{ "nyckel", k_nyckel },
		{ "berakna", k_berakna },
		{ "resultat", k_resultat },
	};

	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		fputs(usage_koppling, argc < 2 ? stderr : stdout);
		return argc < 2 ? FS_EXIT_INPUT : FS_EXIT_OK;
	}
	for (size_t i = 0; i < FS_NELEM(sub); i++)
		if (strcmp(argv[1], sub[i].name) == 0)
			return sub[i].fn(argc - 1, argv + 1);
	return fs_cli_usage_error(usage_koppling, "okänt kommando '%s'",
	    argv[1]);
}
