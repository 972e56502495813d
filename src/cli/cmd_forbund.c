/* SPDX-License-Identifier: ISC */
/*
 * finsam forbund: list förbund, show one with its dated memberships,
 * let a kommun join or leave on a date, and keep the board: mandate
 * periods, seats, and the check of the board's rules.
 */
#include "compat.h"

#include <getopt.h>

#include "cli.h"
#include "finsam/codes.h"
#include "finsam/db.h"
#include "finsam/forbund.h"
#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/parse.h"
#include "finsam/styrelse.h"

static const char usage_text[] =
    "användning: finsam forbund lista [--db FIL]\n"
    "       finsam forbund visa KOD [--db FIL]\n"
    "       finsam forbund medlem KOD --kommun KOMMUNKOD\n"
    "           (--fran ÅÅÅÅ-MM-DD | --till ÅÅÅÅ-MM-DD) [--db FIL]\n"
    "       finsam forbund styrelse KOD [--dag ÅÅÅÅ-MM-DD] [--db FIL]\n"
    "       finsam forbund mandat KOD --fran ÅÅÅÅ-MM-DD --till ÅÅÅÅ-MM-DD\n"
    "       finsam forbund uppdrag KOD --medlem MEDLEM --namn NAMN\n"
    "           --uppdrag ledamot|ersattare [--roll ordforande|vice_ordforande]\n"
    "           --fran ÅÅÅÅ-MM-DD [--till ÅÅÅÅ-MM-DD] [--db FIL]\n"
    "       finsam forbund uppdrag-slut KOD --id ID --till ÅÅÅÅ-MM-DD\n"
    "\n"
    "lista    alla förbund med organisationsnummer och hemlän\n"
    "visa     ett förbund och dess medlemmar med datum\n"
    "medlem   en kommun går med från --fran, eller lämnar med --till\n"
    "         (sista dagen som medlem)\n"
    "styrelse styrelsen en dag (i dag om --dag saknas) och det som inte\n"
    "         uppfyller reglerna: minst en ledamot och lika många\n"
    "         ersättare per medlem, ordförande, vice ordförande, mandatperiod\n"
    "mandat   en mandatperiod för styrelsen\n"
    "uppdrag  en ledamot eller ersättare för en medlem (FK, AF, länskod\n"
    "         eller kommunkod) från --fran\n"
    "uppdrag-slut  ett uppdrag slutar: --till är sista dagen\n";

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


static int
styrelse(struct fs_db *db, int64_t fid, const char *dag)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_styrelse_fynd *f = NULL;
	struct fs_ledamot *v = NULL;
	struct fs_buf b;
	char d[11], a[11], t[11];
	size_t n = 0, nf = 0;
	int32_t day = fs_date_today();
	int ret = FS_EXIT_OK;

	if (dag != NULL && fs_parse_date(dag, strlen(dag), &day, "dag",
	    &err) != FS_OK)
		return fs_cli_fail(&err);
	if (fs_styrelse_lista(db, fid, day, &v, &n, &err) != FS_OK ||
	    fs_styrelse_kontroll(db, fid, day, &f, &nf, &err) != FS_OK) {
		fs_styrelse_free(v, n);
		return fs_cli_fail(&err);
	}
	fs_date_format(day, d);
	printf("Styrelsen %s:\n", d);
	if (n == 0)
		printf("  (inga uppdrag)\n");
	for (size_t i = 0; i < n; i++) {
		const char *roll = fs_code_label(FS_LIST_STYRELSEROLL,
		    v[i].roll);

		fmt_date(v[i].fran, a);
		fmt_date(v[i].till, t);
		printf("  %-5lld %-5s %-10s %s%s%s, från %s%s%s\n",
		    (long long)v[i].id, v[i].medlem,
		    fs_code_label(FS_LIST_UPPDRAG, v[i].uppdrag), v[i].namn,
		    roll != NULL ? ", " : "", roll != NULL ? roll : "", a,
		    t[0] != '\0' ? " till " : "", t);
	}
	fs_buf_init(&b, 0);
	printf("\n%s\n", nf == 0 ? "Styrelsen uppfyller reglerna." :
	    "Brister:");
	for (size_t i = 0; i < nf; i++) {
		fs_buf_reset(&b);
		if (fs_styrelse_fynd_text(&f[i], &b) != FS_OK) {
			ret = FS_EXIT_INTERNAL;
			break;
		}
		printf("  - %s\n", b.buf);
	}
	fs_buf_release(&b);
	free(f);
	fs_styrelse_free(v, n);
	return ret;
}

/* The dates of the options: each given one parsed, the rest left. */
static int
dates(const char *fran, const char *till, int32_t *f, int32_t *t)
{
	struct fs_err err = FS_ERR_INIT;

	*f = FS_DATE_NONE;
	*t = FS_DATE_NONE;
	if ((fran != NULL && fs_parse_date(fran, strlen(fran), f, "fran",
	    &err) != FS_OK) || (till != NULL && fs_parse_date(till,
	    strlen(till), t, "till", &err) != FS_OK))
		return fs_cli_fail(&err);
	return FS_EXIT_OK;
}

struct uppdrag_opts {
	const char	*medlem, *namn, *uppdrag, *roll, *id;
	const char	*fran, *till;
};

static int
uppdrag(struct fs_db *db, int64_t fid, const char *sub,
    const struct uppdrag_opts *o)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_ledamot l;
	int64_t id;
	int ret;

	fs_ledamot_init(&l);
	ret = dates(o->fran, o->till, &l.fran, &l.till);
	if (ret != FS_EXIT_OK)
		return ret;
	if (strcmp(sub, "mandat") == 0) {
		if (fs_styrelse_mandat(db, fid, l.fran, l.till, &id, &err) !=
		    FS_OK)
			return fs_cli_fail(&err);
		printf("Mandatperioden är registrerad (id %lld).\n",
		    (long long)id);
		return FS_EXIT_OK;
	}
	if (strcmp(sub, "uppdrag-slut") == 0) {
		if (o->id == NULL || fs_parse_i64(o->id, strlen(o->id), 1,
		    INT64_MAX, &id, "id", &err) != FS_OK) {
			if (o->id == NULL)
				fs_err_set(&err, FS_EINVAL, "id", "måste anges");
			return fs_cli_fail(&err);
		}
		if (fs_styrelse_avsluta(db, fid, id, l.till, &err) != FS_OK)
			return fs_cli_fail(&err);
		printf("Uppdraget är avslutat.\n");
		return FS_EXIT_OK;
	}
	snprintf(l.medlem, sizeof(l.medlem), "%s",
	    o->medlem != NULL ? o->medlem : "");
	l.namn = fs_strdup(o->namn != NULL ? o->namn : "");
	if (l.namn == NULL) {
		fs_err_set(&err, FS_ENOMEM, NULL, "minnet räcker inte");
		return fs_cli_fail(&err);
	}
	l.uppdrag = o->uppdrag != NULL ? fs_code_find(FS_LIST_UPPDRAG,
	    o->uppdrag, strlen(o->uppdrag)) : 0;
	l.roll = o->roll != NULL ? fs_code_find(FS_LIST_STYRELSEROLL,
	    o->roll, strlen(o->roll)) : 0;
	if (o->medlem != NULL && strlen(o->medlem) >= sizeof(l.medlem))
		l.medlem[0] = '\0';	/* refused below as no member at all */
	ret = fs_styrelse_lagg_till(db, fid, &l, &err) != FS_OK ?
	    fs_cli_fail(&err) : FS_EXIT_OK;
	if (ret == FS_EXIT_OK)
		printf("Uppdraget är registrerat (id %lld).\n",
		    (long long)l.id);
	free(l.namn);
	return ret;
}

int
cmd_forbund(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "kommun", required_argument, NULL, 'k' },
		{ "fran", required_argument, NULL, 'f' },
		{ "till", required_argument, NULL, 't' },
		{ "dag", required_argument, NULL, 'D' },
		{ "medlem", required_argument, NULL, 'm' },
		{ "namn", required_argument, NULL, 'n' },
		{ "uppdrag", required_argument, NULL, 'u' },
		{ "roll", required_argument, NULL, 'r' },
		{ "id", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fs_err err = FS_ERR_INIT;
	const char *dbopt = NULL, *kommun = NULL, *fran = NULL, *till = NULL;
	const char *sub, *kod = NULL, *dag = NULL;
	struct uppdrag_opts uo = { 0 };
	struct fs_forbund f;
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
		case 'D':
			dag = optarg;
			break;
		case 'm':
			uo.medlem = optarg;
			break;
		case 'n':
			uo.namn = optarg;
			break;
		case 'u':
			uo.uppdrag = optarg;
			break;
		case 'r':
			uo.roll = optarg;
			break;
		case 'i':
			uo.id = optarg;
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
	} else if (strcmp(sub, "visa") == 0 || strcmp(sub, "medlem") == 0 ||
	    strcmp(sub, "styrelse") == 0 || strcmp(sub, "mandat") == 0 ||
	    strcmp(sub, "uppdrag") == 0 || strcmp(sub, "uppdrag-slut") == 0) {
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
	else if (strcmp(sub, "medlem") == 0)
		ret = medlem(db, kod, kommun, fran, till);
	else {
		fs_forbund_init(&f);
		if (fs_forbund_get_kod(db, kod, &f, &err) != FS_OK)
			ret = fs_cli_fail(&err);
		else if (strcmp(sub, "styrelse") == 0)
			ret = styrelse(db, f.id, dag);
		else {
			uo.fran = fran;
			uo.till = till;
			ret = uppdrag(db, f.id, sub, &uo);
		}
		fs_forbund_release(&f);
	}
	fs_db_close(db);
	return ret;
}
