/* SPDX-License-Identifier: ISC */
/*
 * finsam deltagare: look at a person's participations and their
 * history, and de-identify a person.  A personnummer can be given as
 * "-" to read it from standard input, so that it stays out of shell
 * history and process lists.
 */
#include "compat.h"

#include <getopt.h>
#include <unistd.h>

#include "cli.h"
#include "finsam/buf.h"
#include "finsam/codes.h"
#include "finsam/db.h"
#include "finsam/deltagande.h"
#include "finsam/insats.h"
#include "finsam/parse.h"
#include "finsam/pnr.h"

static const char usage_text[] =
    "användning: finsam deltagare visa --personnummer P [--db FIL]\n"
    "       finsam deltagare historik --id N [--db FIL]\n"
    "       finsam deltagare avidentifiera --personnummer P\n"
    "           --orsak samtycke_aterkallat|skyddad_identitet [--db FIL]\n"
    "\n"
    "visa            personens deltaganden (läsningen loggas)\n"
    "historik        alla versioner av ett deltagande: vem, när, varför\n"
    "avidentifiera   tar bort personnumret och alla kopplingar mellan\n"
    "                personens deltaganden; bara statistiska uppgifter\n"
    "                blir kvar och räknas fortfarande i rapporterna.\n"
    "                Med skyddad_identitet kan personen inte registreras\n"
    "                med personnummer igen.\n"
    "\n"
    "P = - läser personnumret från standard in.\n";

/* Read the personnummer argument (or stdin for "-") into pnr. */
static int
get_pnr(const char *arg, struct fs_pnr *pnr)
{
	struct fs_err err = FS_ERR_INIT;
	char line[64];
	size_t len;

	if (arg == NULL)
		return fs_cli_usage_error(usage_text,
		    "--personnummer måste anges");
	if (strcmp(arg, "-") == 0) {
		if (fgets(line, sizeof(line), stdin) == NULL)
			return fs_cli_usage_error(usage_text,
			    "inget personnummer på standard in");
		len = strcspn(line, "\r\n");
		line[len] = '\0';
		arg = line;
	}
	if (fs_pnr_parse(arg, strlen(arg), fs_date_today(), pnr,
	    "personnummer", &err) != FS_OK)
		return fs_cli_fail(&err);
	return FS_EXIT_OK;
}

static void
print_row(struct fs_db *db, const struct fs_deltagande *d)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_insats ins;
	char s[11], e[11] = "";
	const char *av;

	fs_insats_init(&ins);
	if (fs_insats_get(db, d->insats_id, &ins, &err) != FS_OK)
		ins.kod = NULL;
	fs_date_format(d->startdatum, s);
	if (d->slutdatum != FS_DATE_NONE)
		fs_date_format(d->slutdatum, e);
	av = fs_code_name(FS_LIST_AVSLUT, d->avslutsanledning);
	printf("%-8lld %-20s %-10s %-10s %-20s %d\n", (long long)d->id,
	    ins.kod != NULL ? ins.kod : "?", s, e[0] != '\0' ? e : "pågår",
	    av != NULL ? av : "", d->version);
	fs_insats_release(&ins);
}

static int
cmd_visa(struct fs_db *db, const struct fs_pnr *pnr)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande *v = NULL;
	size_t n = 0;

	if (fs_deltagande_of_person(db, pnr, &v, &n, &err) != FS_OK)
		return fs_cli_fail(&err);
	/*
	 * One entry per participation read, by id, so that "who has read my
	 * data" can be answered; a search that finds nothing is logged too.
	 */
	for (size_t i = 0; i <= n; i++) {
		char obj[40];

		if (i == n && n > 0)
			break;
		if (n == 0)
			snprintf(obj, sizeof(obj), "person (ingen träff)");
		else
			snprintf(obj, sizeof(obj), "deltagande %lld",
			    (long long)v[i].id);
		if (fs_db_audit(db, "deltagande.las", obj, 0,
		    n == 0 ? 0 : v[i].insats_id, "ok", NULL, &err) != FS_OK) {
			free(v);
			return fs_cli_fail(&err);
		}
	}
	if (n == 0)
		printf("Inga deltaganden registrerade för personen.\n");
	else
		printf("%-8s %-20s %-10s %-10s %-20s %s\n", "id", "insats",
		    "start", "slut", "avslutsanledning", "version");
	for (size_t i = 0; i < n; i++)
		print_row(db, &v[i]);
	free(v);
	return FS_EXIT_OK;
}

static int
cmd_historik(struct fs_db *db, int64_t id)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_version *v = NULL;
	char obj[32], s[11] = "", e[11] = "";
	size_t n = 0;

	if (fs_deltagande_history(db, id, &v, &n, &err) != FS_OK)
		return fs_cli_fail(&err);
	snprintf(obj, sizeof(obj), "deltagande %lld", (long long)id);
	if (fs_db_audit(db, "deltagande.las_historik", obj, 0, 0, "ok", NULL,
	    &err) != FS_OK) {
		fs_version_list_free(v, n);
		return fs_cli_fail(&err);
	}
	for (size_t i = 0; i < n; i++) {
		const struct fs_deltagande *d = &v[i].data;
		const char *av = fs_code_name(FS_LIST_AVSLUT,
		    d->avslutsanledning);

		fs_date_format(d->startdatum, s);
		e[0] = '\0';
		if (d->slutdatum != FS_DATE_NONE)
			fs_date_format(d->slutdatum, e);
		printf("version %d  %s  %s\n", v[i].version, v[i].andrad_tid,
		    v[i].andrad_av);
		printf("  orsak: %s\n", v[i].orsak != NULL ? v[i].orsak :
		    (i == 0 ? "inregistrering" : "(borttagen)"));
		printf("  start %s  slut %s  avslutsanledning %s  "
		    "arbete efter %d %%  studier efter %d %%\n", s,
		    e[0] != '\0' ? e : "-", av != NULL ? av : "-",
		    d->arbete_efter < 0 ? 0 : d->arbete_efter,
		    d->studier_efter < 0 ? 0 : d->studier_efter);
	}
	fs_version_list_free(v, n);
	return FS_EXIT_OK;
}

int
cmd_deltagare(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "personnummer", required_argument, NULL, 'p' },
		{ "orsak", required_argument, NULL, 'o' },
		{ "id", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fs_err err = FS_ERR_INIT;
	const char *dbopt = NULL, *pnr_arg = NULL, *orsak = NULL, *id_arg = NULL;
	const char *sub;
	struct fs_db *db = NULL;
	struct fs_pnr pnr;
	int64_t id = 0;
	size_t n = 0;
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
		case 'p':
			pnr_arg = optarg;
			break;
		case 'o':
			orsak = optarg;
			break;
		case 'i':
			id_arg = optarg;
			break;
		default:
			fputs(usage_text, stderr);
			return FS_EXIT_INPUT;
		}
	}
	if (optind != argc)
		return fs_cli_usage_error(usage_text, "okänt argument '%s'",
		    argv[optind]);
	if (strcmp(sub, "visa") != 0 && strcmp(sub, "historik") != 0 &&
	    strcmp(sub, "avidentifiera") != 0)
		return fs_cli_usage_error(usage_text,
		    "okänt underkommando '%s'", sub);
	if (strcmp(sub, "historik") == 0) {
		if (id_arg == NULL)
			return fs_cli_usage_error(usage_text,
			    "--id måste anges");
		if (fs_parse_i64(id_arg, strlen(id_arg), 1, INT64_MAX, &id,
		    "id", &err) != FS_OK)
			return fs_cli_fail(&err);
	} else {
		ret = get_pnr(pnr_arg, &pnr);
		if (ret != FS_EXIT_OK)
			return ret;
	}
	if (strcmp(sub, "avidentifiera") == 0 && orsak == NULL)
		return fs_cli_usage_error(usage_text, "--orsak måste anges");
	if (fs_db_open(fs_cli_db_path(dbopt), NULL, fs_cli_actor(), &db,
	    &err) != FS_OK)
		return fs_cli_fail(&err);
	if (strcmp(sub, "visa") == 0)
		ret = cmd_visa(db, &pnr);
	else if (strcmp(sub, "historik") == 0)
		ret = cmd_historik(db, id);
	else {
		enum fs_deident_reason why = 0;

		if (strcmp(orsak, "samtycke_aterkallat") == 0)
			why = FS_DEIDENT_SAMTYCKE_ATERKALLAT;
		else if (strcmp(orsak, "skyddad_identitet") == 0)
			why = FS_DEIDENT_SKYDDAD_IDENTITET;
		if (fs_person_deidentify(db, &pnr, why, &n, &err) != FS_OK)
			ret = fs_cli_fail(&err);
		else {
			printf("Avidentifierade %zu deltaganden.\n", n);
			ret = FS_EXIT_OK;
		}
	}
	fs_db_close(db);
	return ret;
}
