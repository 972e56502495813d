/* SPDX-License-Identifier: ISC */
/*
 * finsam import: read förbund, insatser, deltagande, anonyma or
 * försörjningsmått from a CSV file into the database, all or nothing.  Prints progress on
 * stderr (on a terminal, or for big files), the summary on stdout, and
 * every bad row on stderr.
 */
#include "compat.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/err.h"
#include "finsam/fmt.h"
#include "finsam/import.h"

/* Files at least this big show progress even when stderr is no terminal. */
#define BIG_FILE ((off_t)32 * 1024 * 1024)

static const char usage_text[] =
    "användning: finsam import forbund|insatser|deltagande|anonyma|\n"
    "           forsorjningsmatt FIL.csv [--db FIL] [--tyst]\n"
    "\n"
    "Läser in en CSV-fil (UTF-8, rubrikrad, komma eller semikolon).\n"
    "Allt eller inget: finns ett enda fel sparas ingenting, och varje\n"
    "felaktig rad visas med radnummer, kolumn och orsak.  Samma fil kan\n"
    "läsas in igen utan dubbletter: en rad med samma nyckel jämförs med\n"
    "det sparade och ändras bara om något skiljer sig.\n"
    "\n"
    "Kolumner (valfri ordning, tomt fält = uppgift saknas):\n"
    "  forbund     forbund_kod,namn,organisationsnummer,startdatum,kommuner\n"
    "              (kommuner: fyrsiffriga kommunkoder åtskilda av mellanslag)\n"
    "  insatser    insats_kod,forbund_kod,namn,inriktning,\n"
    "              preciserad_inriktning,uppfoljning,startdatum,slutdatum\n"
    "  deltagande  insats_kod,personnummer,samtycke_datum,startdatum,\n"
    "              utbildning,offentlig_forsorjning_tid,forsorjning_fore,\n"
    "              arbete_fore,studier_fore,slutdatum,avslutsanledning,\n"
    "              forsorjning_efter,arbete_efter,studier_efter\n"
    "  anonyma     insats_kod,ar,kvinnor,man\n"
    "  forsorjningsmatt\n"
    "              ar,kommunkod,befolkning_16_64,sjukpenning,\n"
    "              aktivitetsersattning,sjukersattning,a_kassa,aktivitetsstod,\n"
    "              etableringsersattning,forsorjningsstod\n"
    "              (belopp i tkr, heltal, inte negativa; en rad per kommun\n"
    "              och år; alla kolumner krävs)\n"
    "\n"
    "Insatser kan också ha beskrivning, malgrupper och esf, deltagande\n"
    "arbetssokande_fore och arbetssokande_efter.  Datum skrivs\n"
    "ÅÅÅÅ-MM-DD; flera värden i ett fält skiljs åt med |.\n"
    "--tyst visar ingen förloppsrad.\n";

struct progress {
	const struct fs_import_result	*res;
	bool				 tty;
	bool				 shown;
};

/* "450 000": n with space thousands separators into b. */
static void
count_text(struct fs_buf *b, size_t n)
{
	fs_buf_reset(b);
	if (fs_fmt_int(b, (int64_t)n, FS_FMT_TEXT, NULL) != FS_OK) {
		fs_buf_reset(b);
		if (fs_buf_addf(b, "%zu", n) != FS_OK)
			fs_buf_reset(b);
	}
}

static void
show_progress(void *arg, uint64_t done, uint64_t total)
{
	struct progress *p = arg;
	unsigned pct = total == 0 ? 0 : (unsigned)(done * 100 / total);
	struct fs_buf b;

	fs_buf_init(&b, 64);
	count_text(&b, p->res->rows);
	if (p->tty)
		fprintf(stderr, "\rimport: %3u %% (%s rader)", pct, b.buf);
	else
		fprintf(stderr, "import: %u %% (%s rader)\n", pct, b.buf);
	fflush(stderr);
	p->shown = true;
	fs_buf_release(&b);
}

static void
print_summary(const struct fs_import_result *res)
{
	const size_t n[4] = { res->rows, res->inserted, res->updated,
		res->unchanged };
	struct fs_buf b[4];

	for (size_t i = 0; i < 4; i++) {
		fs_buf_init(&b[i], 64);
		count_text(&b[i], n[i]);
	}
	printf("%s rader: %s nya, %s ändrade, %s oförändrade\n", b[0].buf,
	    b[1].buf, b[2].buf, b[3].buf);
	if (res->warnings > 0)
		printf("%zu varningar: ålder vid start utanför 16–64 år\n",
		    res->warnings);
	for (size_t i = 0; i < 4; i++)
		fs_buf_release(&b[i]);
}

static void
print_errors(const struct fs_import_result *res)
{
	for (size_t i = 0; i < res->nerrors; i++) {
		const struct fs_import_error *e = &res->errors[i];

		if (e->line > 0 && e->column[0] != '\0')
			fprintf(stderr, "rad %ld, kolumn %s: %s\n", e->line,
			    e->column, e->msg);
		else if (e->line > 0)
			fprintf(stderr, "rad %ld: %s\n", e->line, e->msg);
		else
			fprintf(stderr, "%s\n", e->msg);
	}
}

/* Import path as kind into the database; the exit code. */
static int
run(int kind, const char *path, const char *dbpath, bool quiet)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_import_result res;
	struct progress prog;
	struct fs_db *db = NULL;
	struct stat st;
	bool show;
	int code;
	enum fs_rc rc;

	memset(&res, 0, sizeof(res));
	prog.res = &res;
	prog.tty = isatty(STDERR_FILENO) == 1;
	prog.shown = false;
	show = !quiet && (prog.tty || (stat(path, &st) == 0 &&
	    st.st_size >= BIG_FILE));
	if (fs_db_open(dbpath, NULL, fs_cli_actor(), &db, &err) != FS_OK)
		return fs_cli_fail(&err);
	rc = fs_import_file(db, (enum fs_import_kind)kind, path,
	    show ? show_progress : NULL, &prog, &res, &err);
	if (prog.shown && prog.tty)
		fputc('\n', stderr);
	if (rc == FS_OK) {
		print_summary(&res);
		code = FS_EXIT_OK;
	} else if (rc == FS_EINVAL && res.nerrors > 0) {
		print_errors(&res);
		fprintf(stderr, "finsam: importen avbröts: %s\n", err.msg);
		code = FS_EXIT_INPUT;
	} else if (rc == FS_EIO && strcmp(err.field, "csv") == 0) {
		fprintf(stderr, "finsam: %s: %s\n", path, err.msg);
		code = FS_EXIT_INPUT;
	} else
		code = fs_cli_fail(&err);
	fs_import_result_release(&res);
	fs_db_close(db);
	return code;
}

int
cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "tyst", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL;
	bool quiet = false;
	int c, kind;

	if (fs_cli_wants_help(argc, argv)) {
		fputs(usage_text, stdout);
		return FS_EXIT_OK;
	}
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return FS_EXIT_OK;
		default:
			fputs(usage_text, stderr);
			return FS_EXIT_INPUT;
		}
	}
	if (argc - optind != 2)
		return fs_cli_usage_error(usage_text,
		    "import tar två argument: vad som ska läsas in och filen");
	kind = fs_import_kind_find(argv[optind]);
	if (kind < 0)
		return fs_cli_usage_error(usage_text,
		    "okänd typ '%s'; välj forbund, insatser, deltagande, "
		    "anonyma eller forsorjningsmatt", argv[optind]);
	return run(kind, argv[optind + 1], fs_cli_db_path(db), quiet);
}
