/* SPDX-License-Identifier: ISC */
/*
 * finsam tilldelning: the state allocation model (tilldelning.h) from
 * the command line: calculate and store a year's allocation, show and
 * verify stored calculations, keep the year's parameter set, record
 * applications and write a synthetic försörjningsmått file.  Parses
 * options, calls the library, writes; no model logic lives here.
 */
#include "compat.h"

#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/err.h"
#include "finsam/parse.h"
#include "finsam/tilldelning.h"

#define PARAMS_MAX	((size_t)4 << 20)

static const char usage_main[] =
    "användning: finsam tilldelning <kommando> [argument]\n"
    "\n"
    "Statlig medelstilldelning enligt fördelningsmodellen (grundbelopp,\n"
    "nyckel 75 % försörjningsmått och 25 % befolkning 16–64 år, spärr,\n"
    "eget kapital mot trappan, ansökningar).\n"
    "\n"
    "Kommandon:\n"
    "  berakna      beräkna årets tilldelning för alla förbund och spara den\n"
    "  visa         visa en sparad beräkning\n"
    "  kontrollera  räkna om en sparad beräkning och jämför byte för byte\n"
    "  lista        lista sparade beräkningar\n"
    "  parametrar   visa eller spara årets parameteruppsättning\n"
    "  ansokan      registrera ett förbunds ansökan för ett år\n"
    "  generera     skriv en syntetisk forsorjningsmatt.csv (290 kommuner)\n"
    "\n"
    "finsam tilldelning <kommando> --help visar hjälp för kommandot.\n";

static const char usage_berakna[] =
    "användning: finsam tilldelning berakna --ar ÅR [--params FIL.json]\n"
    "           [--format text|json|csv|xlsx] [--ut FIL] [--forbund KOD]\n"
    "           [--prova] [--db FIL]\n"
    "\n"
    "Beräknar tilldelningen för tilldelningsåret ÅR för alla förbund som har\n"
    "medlemskommuner på medlemsdagen och sparar beräkningen (parametrar,\n"
    "indata och resultat) så att den kan återskapas byte för byte.\n"
    "\n"
    "  --params FIL  parameteruppsättning i JSON (sparas som ny version om\n"
    "                den skiljer sig från årets senaste); utan den gäller\n"
    "                årets sparade parametrar eller standardvärdena\n"
    "  --format      text (standard: tabell och beräkningslogg per förbund),\n"
    "                json, csv (svensk Excel) eller xlsx\n"
    "  --ut FIL      skriv till FIL i stället för standard ut\n"
    "  --forbund KOD visa bara det förbundets logg (text)\n"
    "  --prova       beräkna utan att spara något\n";

static const char usage_visa[] =
    "användning: finsam tilldelning visa --id N [--format text|json|csv|xlsx]\n"
    "           [--ut FIL] [--forbund KOD] [--db FIL]\n"
    "\n"
    "Visar sparad beräkning N.  JSON är exakt de sparade byten; övriga\n"
    "format räknas fram ur de sparade parametrarna och indata.\n";

static const char usage_kontrollera[] =
    "användning: finsam tilldelning kontrollera --id N [--db FIL]\n"
    "\n"
    "Räknar om sparad beräkning N ur dess sparade parametrar och indata och\n"
    "jämför resultatet byte för byte med det sparade.  Avslutas med 1 om\n"
    "de skiljer sig.\n";

static const char usage_lista[] =
    "användning: finsam tilldelning lista [--ar ÅR] [--db FIL]\n";

static const char usage_parametrar[] =
    "användning: finsam tilldelning parametrar visa --ar ÅR [--version N]\n"
    "       finsam tilldelning parametrar spara --ar ÅR FIL.json\n"
    "\n"
    "visa skriver årets parameteruppsättning (senaste versionen, eller\n"
    "standardvärdena om ingen är sparad) som JSON med alla nycklar.\n"
    "spara lägger till FIL som ny version om den skiljer sig från den\n"
    "senaste.  Nycklar som saknas i FIL får standardvärden.\n";

static const char usage_ansokan[] =
    "användning: finsam tilldelning ansokan --forbund KOD --ar ÅR\n"
    "           (--utnyttjandegrad PROCENT | --belopp KR) [--db FIL]\n"
    "\n"
    "Registrerar hur mycket förbundet tar av sin möjliga tilldelning:\n"
    "en utnyttjandegrad (t.ex. 80) eller ett belopp i kronor.\n";

static const char usage_generera[] =
    "användning: finsam tilldelning generera --ar ÅR [--till-ar ÅR]\n"
    "           [--seed N] [--ut FIL]\n"
    "\n"
    "Skriver en syntetisk men realistisk forsorjningsmatt.csv för alla 290\n"
    "kommuner och åren ÅR till och med --till-ar (standard ÅR).  Samma\n"
    "argument ger samma fil.  Läses in med finsam import forsorjningsmatt.\n";

static int
fail_msg(enum fs_rc rc, const char *field, const char *msg)
{
	struct fs_err err = FS_ERR_INIT;

	fs_err_set(&err, rc, field, "%s", msg);
	return fs_cli_fail(&err);
}

/* Write b to path (NULL: standard output). */
static int
write_out(const struct fs_buf *b, const char *path)
{
	FILE *f = path == NULL ? stdout : fopen(path, "wb");
	bool ok;

	if (f == NULL)
		return fail_msg(FS_EIO, "ut", "kan inte skapa filen");
	ok = fwrite(b->buf, 1, b->len, f) == b->len;
	ok = (path == NULL ? fflush(f) : fclose(f)) == 0 && ok;
	if (!ok)
		return fail_msg(FS_EIO, "ut", "kunde inte skriva utdata");
	return FS_EXIT_OK;
}

/* Read a whole file (at most PARAMS_MAX bytes) into b. */
static int
read_file(const char *path, struct fs_buf *b)
{
	char chunk[8192];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL)
		return fail_msg(FS_EIO, "params", "kan inte läsa filen");
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (fs_buf_add(b, chunk, n) != FS_OK) {
			fclose(f);
			return fail_msg(FS_EINVAL, "params",
			    "filen är större än 4 MiB");
		}
	fclose(f);
	return FS_EXIT_OK;
}

/* The XLSX of r to path, or through a temporary file to stdout. */
static int
write_xlsx(const struct fs_tdl_result *r, const char *path)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;
	char tmp[] = "/tmp/finsam-xlsx-XXXXXX";
	int fd, ret;

	if (path != NULL)
		return fs_tdl_write_xlsx(r, path, &err) == FS_OK ? FS_EXIT_OK :
		    fs_cli_fail(&err);
	if (isatty(STDOUT_FILENO) == 1)
		return fail_msg(FS_EINVAL, "ut",
		    "xlsx skrivs till en fil: ange --ut FIL.xlsx");
	fd = mkstemp(tmp);
	if (fd < 0)
		return fail_msg(FS_EIO, "ut", "kan inte skapa en tillfällig fil");
	close(fd);
	if (fs_tdl_write_xlsx(r, tmp, &err) != FS_OK) {
		unlink(tmp);
		return fs_cli_fail(&err);
	}
	fs_buf_init(&b, (size_t)64 << 20);
	ret = read_file(tmp, &b);
	unlink(tmp);
	if (ret == FS_EXIT_OK)
		ret = write_out(&b, NULL);
	fs_buf_release(&b);
	return ret;
}

/* Output of a calculation in format f. */
static int
output(const struct fs_tdl_berakning *b, int f, const char *path,
    const char *only)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf out;
	int ret;

	if (f == FS_TDL_XLSX)
		return write_xlsx(&b->res, path);
	if (f == FS_TDL_JSON)
		return write_out(&b->json, path);
	fs_buf_init(&out, 0);
	if (fs_tdl_write(&b->res, (enum fs_tdl_format)f, only, &out, &err) !=
	    FS_OK)
		ret = fs_cli_fail(&err);
	else
		ret = write_out(&out, path);
	fs_buf_release(&out);
	return ret;
}

static int
parse_year(const char *s, int *out)
{
	struct fs_err err = FS_ERR_INIT;
	int64_t v;

	if (fs_parse_i64(s, strlen(s), 1990, 2999, &v, "ar", &err) != FS_OK)
		return fs_cli_fail(&err);
	*out = (int)v;
	return FS_EXIT_OK;
}

static int
open_db(const char *opt, struct fs_db **db)
{
	struct fs_err err = FS_ERR_INIT;

	if (fs_db_open(fs_cli_db_path(opt), NULL, fs_cli_actor(), db, &err) !=
	    FS_OK)
		return fs_cli_fail(&err);
	return FS_EXIT_OK;
}

static int
cmd_berakna(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ar", required_argument, NULL, 'a' },
		{ "params", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ "ut", required_argument, NULL, 'o' },
		{ "forbund", required_argument, NULL, 'b' },
		{ "prova", no_argument, NULL, 'n' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fs_err err = FS_ERR_INIT;
	struct fs_tdl_berakning b;
	struct fs_tdl_params p;
	struct fs_db *db = NULL;
	struct fs_buf text;
	const char *dbopt = NULL, *pfile = NULL, *ut = NULL, *only = NULL;
	int c, ar = 0, f = FS_TDL_TEXT, ret;
	bool prova = false, have_p = false;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (parse_year(optarg, &ar) != FS_EXIT_OK)
				return FS_EXIT_INPUT;
			break;
		case 'p':
			pfile = optarg;
			break;
		case 'f':
			f = fs_tdl_format_find(optarg);
			if (f < 0)
				return fs_cli_usage_error(usage_berakna,
				    "format: måste vara text, json, csv eller "
				    "xlsx");
			break;
		case 'o':
			ut = optarg;
			break;
		case 'b':
			only = optarg;
			break;
		case 'n':
			prova = true;
			break;
		case 'd':
			dbopt = optarg;
			break;
		case 'h':
			fputs(usage_berakna, stdout);
			return FS_EXIT_OK;
		default:
			fputs(usage_berakna, stderr);
			return FS_EXIT_INPUT;
		}
	}
	if (optind != argc)
		return fs_cli_usage_error(usage_berakna,
		    "berakna tar inga argument utöver flaggorna");
	if (ar == 0)
		return fs_cli_usage_error(usage_berakna, "ar: måste anges");
	if (pfile != NULL) {
		fs_buf_init(&text, PARAMS_MAX);
		ret = read_file(pfile, &text);
		if (ret == FS_EXIT_OK &&
		    fs_tdl_params_from_json(text.buf, text.len, ar, &p, &err) !=
		    FS_OK)
			ret = fs_cli_fail(&err);
		fs_buf_release(&text);
		if (ret != FS_EXIT_OK)
			return ret;
		have_p = true;
	}
	ret = open_db(dbopt, &db);
	if (ret != FS_EXIT_OK)
		goto out;
	if (fs_tdl_berakna(db, ar, have_p ? &p : NULL, !prova, &b, &err) !=
	    FS_OK) {
		ret = fs_cli_fail(&err);
		goto out;
	}
	ret = output(&b, f, ut, only);
	if (ret == FS_EXIT_OK && b.id != 0)
		fprintf(stderr, "finsam: beräkningen sparades som nummer %lld "
		    "(parameterversion %d)\n", (long long)b.id,
		    b.params.version);
	fs_tdl_berakning_release(&b);
out:
	if (have_p)
		fs_tdl_params_release(&p);
	fs_db_close(db);
	return ret;
}

/* visa and kontrollera: --id N. */
static int
cmd_stored(int argc, char **argv, bool check)
{
	static const struct option opts[] = {
		{ "id", required_argument, NULL, 'i' },
		{ "format", required_argument, NULL, 'f' },
		{ "ut", required_argument, NULL, 'o' },
		{ "forbund", required_argument, NULL, 'b' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *usage = check ? usage_kontrollera : usage_visa;
	struct fs_err err = FS_ERR_INIT;
	struct fs_tdl_berakning b;
	struct fs_db *db = NULL;
	const char *dbopt = NULL, *ut = NULL, *only = NULL;
	int64_t id = 0;
	int c, f = FS_TDL_TEXT, ret;
	bool same;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			if (fs_parse_i64(optarg, strlen(optarg), 1, INT64_MAX,
			    &id, "id", &err) != FS_OK)
				return fs_cli_fail(&err);
			break;
		case 'f':
			f = fs_tdl_format_find(optarg);
			if (f < 0 || check)
				return fs_cli_usage_error(usage,
				    "format: måste vara text, json, csv eller "
				    "xlsx");
			break;
		case 'o':
			ut = optarg;
			break;
		case 'b':
			only = optarg;
			break;
		case 'd':
			dbopt = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return FS_EXIT_OK;
		default:
			fputs(usage, stderr);
			return FS_EXIT_INPUT;
		}
	}
	if (optind != argc)
		return fs_cli_usage_error(usage,
		    "inga argument utöver flaggorna");
	if (id == 0)
		return fs_cli_usage_error(usage, "id: måste anges");
	ret = open_db(dbopt, &db);
	if (ret != FS_EXIT_OK)
		return ret;
	if (fs_tdl_berakning_get(db, id, &b, &same, &err) != FS_OK) {
		ret = fs_cli_fail(&err);
		fs_db_close(db);
		return ret;
	}
	if (check) {
		if (same) {
			printf("Beräkning %lld (%d) återskapad byte för byte ur "
			    "sparade parametrar och indata (%zu byte).\n",
			    (long long)id, b.params.ar, b.json.len);
			ret = FS_EXIT_OK;
		} else
			ret = fail_msg(FS_ECONFLICT, "id",
			    "omräkningen ger inte samma byte som den sparade "
			    "beräkningen");
	} else {
		if (!same)
			fprintf(stderr, "finsam: varning: omräkningen skiljer "
			    "sig från det sparade resultatet; json visar det "
			    "sparade\n");
		ret = output(&b, f, ut, only);
	}
	fs_tdl_berakning_release(&b);
	fs_db_close(db);
	return ret;
}

static int
cmd_lista(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ar", required_argument, NULL, 'a' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fs_err err = FS_ERR_INIT;
	struct fs_tdl_berakning_info *v = NULL;
	struct fs_db *db = NULL;
	const char *dbopt = NULL;
	size_t n = 0;
	int c, ar = 0, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (parse_year(optarg, &ar) != FS_EXIT_OK)
				return FS_EXIT_INPUT;
			break;
		case 'd':
			dbopt = optarg;
			break;
		case 'h':
			fputs(usage_lista, stdout);
			return FS_EXIT_OK;
		default:
			fputs(usage_lista, stderr);
			return FS_EXIT_INPUT;
		}
	}
	if (optind != argc)
		return fs_cli_usage_error(usage_lista,
		    "lista tar inga argument utöver flaggorna");
	ret = open_db(dbopt, &db);
	if (ret != FS_EXIT_OK)
		return ret;
	if (fs_tdl_berakning_list(db, ar, &v, &n, &err) != FS_OK)
		ret = fs_cli_fail(&err);
	else {
		printf("%6s  %4s  %9s  %-20s  %-16s  %7s  %16s\n", "Nummer",
		    "År", "Param.ver", "Skapad", "Av", "Förbund",
		    "Tilldelning kr");
		for (size_t i = 0; i < n; i++)
			printf("%6lld  %4d  %9d  %-20s  %-16s  %7zu  %16lld\n",
			    (long long)v[i].id, v[i].ar, v[i].parameter_version,
			    v[i].skapad_tid, v[i].skapad_av, v[i].nforbund,
			    (long long)v[i].summa_tilldelning);
	}
	free(v);
	fs_db_close(db);
	return ret;
}

static int
cmd_parametrar(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ar", required_argument, NULL, 'a' },
		{ "version", required_argument, NULL, 'v' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fs_err err = FS_ERR_INIT;
	struct fs_tdl_params p;
	struct fs_db *db = NULL;
	struct fs_buf b;
	const char *dbopt = NULL;
	int64_t version = 0;
	int c, ar = 0, ret;
	bool spara;

	fs_tdl_params_init(&p, 0);
	if (argc < 2 || (strcmp(argv[1], "visa") != 0 &&
	    strcmp(argv[1], "spara") != 0)) {
		if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
		    strcmp(argv[1], "-h") == 0)) {
			fputs(usage_parametrar, stdout);
			return FS_EXIT_OK;
		}
		return fs_cli_usage_error(usage_parametrar,
		    "ange visa eller spara");
	}
	spara = strcmp(argv[1], "spara") == 0;
	argc--;
	argv++;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (parse_year(optarg, &ar) != FS_EXIT_OK)
				return FS_EXIT_INPUT;
			break;
		case 'v':
			if (fs_parse_i64(optarg, strlen(optarg), 1, 1000000,
			    &version, "version", &err) != FS_OK)
				return fs_cli_fail(&err);
			break;
		case 'd':
			dbopt = optarg;
			break;
		case 'h':
			fputs(usage_parametrar, stdout);
			return FS_EXIT_OK;
		default:
			fputs(usage_parametrar, stderr);
			return FS_EXIT_INPUT;
		}
	}
	if (ar == 0)
		return fs_cli_usage_error(usage_parametrar, "ar: måste anges");
	if (spara != (optind + 1 == argc) || (!spara && optind != argc))
		return fs_cli_usage_error(usage_parametrar, spara ?
		    "spara tar en fil" : "visa tar inga argument");
	fs_buf_init(&b, PARAMS_MAX);
	if (spara) {
		ret = read_file(argv[optind], &b);
		if (ret != FS_EXIT_OK) {
			fs_buf_release(&b);
			return ret;
		}
		if (fs_tdl_params_from_json(b.buf, b.len, ar, &p, &err) !=
		    FS_OK) {
			fs_buf_release(&b);
			return fs_cli_fail(&err);
		}
	}
	ret = open_db(dbopt, &db);
	if (ret != FS_EXIT_OK)
		goto out;
	if (spara) {
		if (fs_tdl_params_save(db, &p, &err) != FS_OK)
			ret = fs_cli_fail(&err);
		else
			printf("Parametrarna för %d är version %d.\n", ar,
			    p.version);
		goto out;
	}
	if (fs_tdl_params_load(db, ar, (int)version, &p, &err) != FS_OK) {
		ret = fs_cli_fail(&err);
		goto out;
	}
	fs_buf_reset(&b);
	if (fs_tdl_params_to_json(&p, &b, &err) != FS_OK)
		ret = fs_cli_fail(&err);
	else
		ret = write_out(&b, NULL);
out:
	fs_tdl_params_release(&p);
	fs_buf_release(&b);
	fs_db_close(db);
	return ret;
}

static int
cmd_ansokan(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "forbund", required_argument, NULL, 'b' },
		{ "ar", required_argument, NULL, 'a' },
		{ "utnyttjandegrad", required_argument, NULL, 'u' },
		{ "belopp", required_argument, NULL, 'k' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fs_err err = FS_ERR_INIT;
	struct fs_db *db = NULL;
	const char *dbopt = NULL, *kod = NULL;
	int32_t bp = -1;
	int64_t belopp = FS_TDL_NONE;
	int c, ar = 0, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			kod = optarg;
			break;
		case 'a':
			if (parse_year(optarg, &ar) != FS_EXIT_OK)
				return FS_EXIT_INPUT;
			break;
		case 'u':
			if (fs_tdl_parse_procent(optarg, 0, 10000, &bp,
			    "utnyttjandegrad", &err) != FS_OK)
				return fs_cli_fail(&err);
			break;
		case 'k':
			if (fs_parse_i64(optarg, strlen(optarg), 0,
			    FS_TDL_MAX_BELOPP, &belopp, "belopp", &err) !=
			    FS_OK)
				return fs_cli_fail(&err);
			break;
		case 'd':
			dbopt = optarg;
			break;
		case 'h':
			fputs(usage_ansokan, stdout);
			return FS_EXIT_OK;
		default:
			fputs(usage_ansokan, stderr);
			return FS_EXIT_INPUT;
		}
	}
	if (optind != argc || kod == NULL || ar == 0)
		return fs_cli_usage_error(usage_ansokan,
		    "ange --forbund och --ar");
	ret = open_db(dbopt, &db);
	if (ret != FS_EXIT_OK)
		return ret;
	if (fs_tdl_ansokan_set(db, kod, ar, bp, belopp, &err) != FS_OK)
		ret = fs_cli_fail(&err);
	else
		printf("Ansökan för %s %d registrerad.\n", kod, ar);
	fs_db_close(db);
	return ret;
}

static int
cmd_generera_fm(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ar", required_argument, NULL, 'a' },
		{ "till-ar", required_argument, NULL, 't' },
		{ "seed", required_argument, NULL, 's' },
		{ "ut", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;
	const char *ut = NULL;
	int64_t seed = 1;
	int c, ar = 0, till = 0, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (parse_year(optarg, &ar) != FS_EXIT_OK)
				return FS_EXIT_INPUT;
			break;
		case 't':
			if (parse_year(optarg, &till) != FS_EXIT_OK)
				return FS_EXIT_INPUT;
			break;
		case 's':
			if (fs_parse_i64(optarg, strlen(optarg), 0, INT64_MAX,
			    &seed, "seed", &err) != FS_OK)
				return fs_cli_fail(&err);
			break;
		case 'o':
			ut = optarg;
			break;
		case 'h':
			fputs(usage_generera, stdout);
			return FS_EXIT_OK;
		default:
			fputs(usage_generera, stderr);
			return FS_EXIT_INPUT;
		}
	}
	if (optind != argc || ar == 0)
		return fs_cli_usage_error(usage_generera, "ar: måste anges");
	fs_buf_init(&b, 0);
	if (fs_fm_generate(ar, till == 0 ? ar : till, (uint64_t)seed, &b,
	    &err) != FS_OK)
		ret = fs_cli_fail(&err);
	else
		ret = write_out(&b, ut);
	fs_buf_release(&b);
	return ret;
}

int
cmd_tilldelning(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		fputs(usage_main, argc < 2 ? stderr : stdout);
		return argc < 2 ? FS_EXIT_INPUT : FS_EXIT_OK;
	}
	if (strcmp(argv[1], "berakna") == 0)
		return cmd_berakna(argc - 1, argv + 1);
	if (strcmp(argv[1], "visa") == 0)
		return cmd_stored(argc - 1, argv + 1, false);
	if (strcmp(argv[1], "kontrollera") == 0)
		return cmd_stored(argc - 1, argv + 1, true);
	if (strcmp(argv[1], "lista") == 0)
		return cmd_lista(argc - 1, argv + 1);
	if (strcmp(argv[1], "parametrar") == 0)
		return cmd_parametrar(argc - 1, argv + 1);
	if (strcmp(argv[1], "ansokan") == 0)
		return cmd_ansokan(argc - 1, argv + 1);
	if (strcmp(argv[1], "generera") == 0)
		return cmd_generera_fm(argc - 1, argv + 1);
	return fs_cli_usage_error(usage_main, "okänt kommando '%s'", argv[1]);
}
