/* SPDX-License-Identifier: ISC */
/*
 * finsam scenario: what-if scenarios for the members (scenario.h): a
 * merger of förbund, a kommun leaving or joining.  Parses options,
 * calls the library, writes; nothing is stored.
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
#include "finsam/ekonomi.h"
#include "finsam/err.h"
#include "finsam/parse.h"
#include "finsam/scenario.h"
#include "finsam/tilldelning.h"

#define MAXFORBUND	80
#define PARAMS_MAX	((size_t)4 << 20)

static const char usage_main[] =
    "användning: finsam scenario sammanslagning --forbund A,B,... --fran DATUM\n"
    "           [--ar ÅR] [--params FIL.json] [--format text|json] [--db FIL]\n"
    "       finsam scenario lamnar --forbund KOD --kommun KOD --fran DATUM\n"
    "           [--ar ÅR] [--params FIL.json] [--format text|json] [--db FIL]\n"
    "       finsam scenario gar-med --forbund KOD --kommun KOD --fran DATUM\n"
    "           [--ar ÅR] [--params FIL.json] [--format text|json] [--db FIL]\n"
    "\n"
    "Jämför före och efter: möjlig tilldelning (ett grundbelopp i stället\n"
    "för flera vid sammanslagning; nycklarna ändras inte), vad förbundet\n"
    "tar vid nuvarande utnyttjandegrad och vid 100 %, medlemmarnas\n"
    "motfinansiering per region och kommun, eget kapital mot trappan och\n"
    "effekten på övriga förbund.  Tilldelningsåret är som standard året\n"
    "för --fran; parametrarna årets sparade eller standardvärdena.\n"
    "Ingenting sparas.\n";

static int
fail_msg(enum fs_rc rc, const char *field, const char *msg)
{
	struct fs_err err = FS_ERR_INIT;

	fs_err_set(&err, rc, field, "%s", msg);
	return fs_cli_fail(&err);
}

static int
read_params(const char *path, int ar, struct fs_tdl_params *p)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;
	char chunk[8192];
	FILE *f = fopen(path, "rb");
	size_t n;
	int ret = FS_EXIT_OK;

	if (f == NULL)
		return fail_msg(FS_EIO, "params", "kan inte läsa filen");
	fs_buf_init(&b, PARAMS_MAX);
	while (ret == FS_EXIT_OK && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (fs_buf_add(&b, chunk, n) != FS_OK)
			ret = fail_msg(FS_EINVAL, "params",
			    "filen är större än 4 MiB");
	fclose(f);
	if (ret == FS_EXIT_OK &&
	    fs_tdl_params_from_json(b.buf, b.len, ar, p, &err) != FS_OK)
		ret = fs_cli_fail(&err);
	fs_buf_release(&b);
	return ret;
}

int
cmd_scenario(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "forbund", required_argument, NULL, 'b' },
		{ "kommun", required_argument, NULL, 'k' },
		{ "fran", required_argument, NULL, 'f' },
		{ "ar", required_argument, NULL, 'a' },
		{ "params", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'o' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fs_err err = FS_ERR_INIT;
	struct fs_tdl_params p;
	struct fs_scenario s;
	struct fs_db *db = NULL;
	struct fs_buf out;
	char list[MAXFORBUND * (FS_TDL_KOD_MAX + 1) + 1];
	const char *kods[MAXFORBUND];
	const char *forbund = NULL, *kommun = NULL, *pfile = NULL,
	    *dbopt = NULL;
	int32_t fran = FS_DATE_NONE;
	int64_t ar = 0;
	size_t n = 0;
	int c, typ, format = FS_EK_TEXT, ret;
	bool have_p = false;
	enum fs_rc rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		fputs(usage_main, argc < 2 ? stderr : stdout);
		return argc < 2 ? FS_EXIT_INPUT : FS_EXIT_OK;
	}
	typ = strcmp(argv[1], "sammanslagning") == 0 ? FS_SCEN_SAMMANSLAGNING :
	    strcmp(argv[1], "lamnar") == 0 ? FS_SCEN_LAMNAR :
	    strcmp(argv[1], "gar-med") == 0 ? FS_SCEN_GAR_MED : -1;
	if (typ < 0)
		return fs_cli_usage_error(usage_main, "okänt scenario '%s'",
		    argv[1]);
	argc--;
	argv++;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			forbund = optarg;
			break;
		case 'k':
			kommun = optarg;
			break;
		case 'f':
			if (fs_parse_date(optarg, strlen(optarg), &fran, "fran",
			    &err) != FS_OK)
				return fs_cli_fail(&err);
			break;
		case 'a':
			if (fs_parse_i64(optarg, strlen(optarg), 1990, 2999,
			    &ar, "ar", &err) != FS_OK)
				return fs_cli_fail(&err);
			break;
		case 'p':
			pfile = optarg;
			break;
		case 'o':
			format = fs_ek_format_find(optarg);
			if (format < 0)
				return fs_cli_usage_error(usage_main,
				    "format: måste vara text eller json");
			break;
		case 'd':
			dbopt = optarg;
			break;
		case 'h':
			fputs(usage_main, stdout);
			return FS_EXIT_OK;
		default:
			fputs(usage_main, stderr);
			return FS_EXIT_INPUT;
		}
	}
	if (optind != argc)
		return fs_cli_usage_error(usage_main,
		    "inga argument utöver flaggorna");
	if (forbund == NULL)
		return fs_cli_usage_error(usage_main, "forbund: måste anges");
	if (fran == FS_DATE_NONE)
		return fs_cli_usage_error(usage_main, "fran: måste anges");
	if (typ != FS_SCEN_SAMMANSLAGNING && kommun == NULL)
		return fs_cli_usage_error(usage_main, "kommun: måste anges");
	if (typ == FS_SCEN_SAMMANSLAGNING) {
		char *save = list, *tok;

		if (strlen(forbund) >= sizeof(list))
			return fs_cli_usage_error(usage_main,
			    "forbund: för många förbund");
		snprintf(list, sizeof(list), "%s", forbund);
		while ((tok = strsep(&save, ",")) != NULL) {
			if (*tok == '\0')
				return fs_cli_usage_error(usage_main,
				    "forbund: koderna skiljs åt med komma, "
				    "t.ex. FV,HL,SV");
			if (n == MAXFORBUND)
				return fs_cli_usage_error(usage_main,
				    "forbund: högst %d förbund", MAXFORBUND);
			kods[n++] = tok;
		}
	}
	if (ar == 0) {
		int y, m, d;

		fs_date_to_ymd(fran, &y, &m, &d);
		ar = y;
	}
	if (pfile != NULL) {
		ret = read_params(pfile, (int)ar, &p);
		if (ret != FS_EXIT_OK)
			return ret;
		have_p = true;
	}
	rc = fs_db_open(fs_cli_db_path(dbopt), NULL, fs_cli_actor(), &db, &err);
	if (rc != FS_OK) {
		ret = fs_cli_fail(&err);
		goto out;
	}
	fs_buf_init(&out, 0);
	if (typ == FS_SCEN_SAMMANSLAGNING)
		rc = fs_scenario_sammanslagning(db, kods, n, fran, (int)ar,
		    have_p ? &p : NULL, &s, &err);
	else
		rc = fs_scenario_kommun(db, forbund, kommun,
		    typ == FS_SCEN_GAR_MED, fran, (int)ar, have_p ? &p : NULL,
		    &s, &err);
	if (rc == FS_OK) {
		rc = fs_scenario_write(&s, (enum fs_ek_format)format, &out,
		    &err);
		fs_scenario_release(&s);
	}
	if (rc == FS_OK) {
		if (fwrite(out.buf, 1, out.len, stdout) != out.len ||
		    fflush(stdout) != 0)
			ret = fail_msg(FS_EIO, NULL,
			    "kunde inte skriva till standard ut");
		else
			ret = FS_EXIT_OK;
	} else
		ret = fs_cli_fail(&err);
	fs_buf_release(&out);
	fs_db_close(db);
out:
	if (have_p)
		fs_tdl_params_release(&p);
	return ret;
}
