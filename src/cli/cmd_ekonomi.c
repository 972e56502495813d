/* SPDX-License-Identifier: ISC */
/*
 * finsam ekonomi: a förbund's money from the command line (ekonomi.h):
 * record accounts and budget, show a year with budget against outcome,
 * trappan and kronor per inhabitant, several förbund side by side, the
 * trappan check on its own, the members' contributions, and the
 * calendar of decisions.  Parses options, calls the library, writes.
 */
#include "compat.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/ekonomi.h"
#include "finsam/err.h"
#include "finsam/parse.h"
#include "finsam/tilldelning.h"

#define MAXPOSTER 64

static const char usage_main[] =
    "användning: finsam ekonomi <kommando> [argument]\n"
    "\n"
    "Kommandon:\n"
    "  registrera  registrera bokslut (utfall) eller budget för ett år\n"
    "  visa        ett års bokslut och budget, trappan, kronor per invånare\n"
    "  oversikt    förbunden (i ett län) sida vid sida med summa\n"
    "  trappan     eget kapital mot trappan\n"
    "  bidrag      statens, regionens och kommunernas bidrag för ett år\n"
    "  kalender    vad som ska beslutas och vad som är försenat\n"
    "  handelse    registrera samråd, budgetbeslut, årsredovisning eller\n"
    "              en medlems beslut om ansvarsfrihet\n"
    "  fordelning  visa eller registrera hur kommunerna delar sin del\n"
    "\n"
    "finsam ekonomi <kommando> --help visar hjälp för kommandot.\n";

static const char usage_registrera[] =
    "användning: finsam ekonomi registrera --forbund KOD --ar ÅR [--budget]\n"
    "           [--tkr] POST=BELOPP ... [--db FIL]\n"
    "\n"
    "Registrerar belopp i bokslutet (standard) eller budgeten, allt eller\n"
    "inget; ett belopp ersätter tidigare för samma post.  Belopp i kronor\n"
    "(med --tkr i tusental kronor).  Poster:\n"
    "  intäkter   stat, region, kommun, kommun:KOMMUNKOD, esf, ovriga\n"
    "  kostnader  insatser, administration, styrelse, revision\n"
    "  kapital    eget_kapital (vid årets slut, får vara negativt)\n"
    "Kostnaden för insatser räknas också från insatsernas budgetrader.\n";

static const char usage_visa[] =
    "användning: finsam ekonomi visa --forbund KOD --ar ÅR\n"
    "           [--format text|json] [--lage flat|marginal] [--band BAND]\n"
    "           [--db FIL]\n"
    "\n"
    "Intäkter per finansiär, kostnader per slag, resultat och eget kapital,\n"
    "budget mot utfall, eget kapital mot trappan och statligt bidrag per\n"
    "invånare 16–64 år.  Trappan: standard platt, 20 % upp till 7 000 000 kr\n"
    "(publicerat), 15 % upp till 15 000 000 kr och 10 % därutöver\n"
    "(antaganden).  --band 7000000:20,15000000:15,:10 anger egna steg.\n";

static const char usage_oversikt[] =
    "användning: finsam ekonomi oversikt --ar ÅR [--lan KOD]\n"
    "           [--format text|json] [--lage flat|marginal] [--band BAND]\n"
    "           [--db FIL]\n";

static const char usage_trappan[] =
    "användning: finsam ekonomi trappan (--forbund KOD --ar ÅR |\n"
    "           --intakter KR --kapital KR) [--lage flat|marginal]\n"
    "           [--band BAND] [--format text|json] [--db FIL]\n";

static const char usage_bidrag[] =
    "användning: finsam ekonomi bidrag --forbund KOD --ar ÅR\n"
    "           [--statligt KR | --utnyttjandegrad PROCENT]\n"
    "           [--fordelning befolkning|lika|andelar]\n"
    "           [--andelar KOMMUN:ANDEL,...] [--dataar ÅR]\n"
    "           [--format text|json] [--db FIL]\n"
    "\n"
    "Staten betalar hälften, regionen en fjärdedel och kommunerna\n"
    "tillsammans en fjärdedel: regionen och kommunerna betalar var sin\n"
    "halva av det statliga belopp förbundet tar.  Det statliga beloppet är\n"
    "--statligt, annars förbundets tilldelning i årets senaste sparade\n"
    "beräkning (eller möjlig tilldelning gånger --utnyttjandegrad), annars\n"
    "tilldelningen beräknad nu.  Kommunernas del fördelas som förbundets\n"
    "sparade fördelning för året säger (se fordelning), annars efter\n"
    "befolkning 16–64 år (dataåret ÅR-2); --fordelning anger en annan.\n";

static const char usage_fordelning[] =
    "användning: finsam ekonomi fordelning --forbund KOD [--ar ÅR]\n"
    "           [--format text|json] [--db FIL]\n"
    "       finsam ekonomi fordelning --forbund KOD --fran-ar ÅR\n"
    "           --fordelning befolkning|lika|andelar\n"
    "           [--andelar KOMMUN:PROCENT,...] [--beslutad ÅÅÅÅ-MM-DD]\n"
    "           [--db FIL]\n"
    "\n"
    "Hur kommunerna delar sin fjärdedel: efter befolkning 16–64 år\n"
    "(standard), i lika delar eller efter fasta andelar som tillsammans är\n"
    "100 % (procent med högst två decimaler efter punkt, t.ex.\n"
    "0662:33.34,0665:66.66).  En fördelning gäller från --fran-ar tills en\n"
    "senare ersätter den och används av bidrag och budgeten.  Utan\n"
    "--fordelning visas alla registrerade, med --ar den som gäller året.\n";

static const char usage_kalender[] =
    "användning: finsam ekonomi kalender --forbund KOD [--idag ÅÅÅÅ-MM-DD]\n"
    "           [--format text|json] [--db FIL]\n";

static const char usage_handelse[] =
    "användning: finsam ekonomi handelse --forbund KOD --ar ÅR\n"
    "           --handelse samrad|budget|arsredovisning|ansvarsfrihet\n"
    "           --datum ÅÅÅÅ-MM-DD [--medlem KOD]\n"
    "           [--beslut beviljad|ej_beviljad] [--db FIL]\n"
    "\n"
    "ÅR är året beslutet gäller: budgetåret, eller räkenskapsåret för\n"
    "årsredovisning och ansvarsfrihet.  Ansvarsfrihet beslutas av varje\n"
    "medlem för sig (--medlem FK, AF, länskod eller kommunkod).\n";

/* Options shared by the subcommands. */
struct opt {
	const char	*db;
	const char	*forbund;
	const char	*lan;
	int		 ar;
	int		 format;
	int		 lage;
	const char	*band;
	bool		 budget;
	bool		 tkr;
	int64_t		 intakter;
	int64_t		 kapital;
	int64_t		 statligt;
	int32_t		 utnyttjandegrad_bp;
	int		 fordelning;
	const char	*andelar;
	int		 dataar;
	int32_t		 idag;
	int		 handelse;
	int32_t		 datum;
	const char	*medlem;
	const char	*beslut;
	int		 fran_ar;
	int32_t		 beslutad;
};

enum {
	O_DB = 256, O_FORBUND, O_LAN, O_AR, O_FORMAT, O_LAGE, O_BAND, O_BUDGET,
	O_TKR, O_INTAKTER, O_KAPITAL, O_STATLIGT, O_UTN, O_FORDELNING,
	O_ANDELAR, O_DATAAR, O_IDAG, O_HANDELSE, O_DATUM, O_MEDLEM, O_BESLUT,
	O_FRAN_AR, O_BESLUTAD, O_HELP
};

static const struct option all_opts[] = {
	{ "db", required_argument, NULL, O_DB },
	{ "forbund", required_argument, NULL, O_FORBUND },
	{ "lan", required_argument, NULL, O_LAN },
	{ "ar", required_argument, NULL, O_AR },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "lage", required_argument, NULL, O_LAGE },
	{ "band", required_argument, NULL, O_BAND },
	{ "budget", no_argument, NULL, O_BUDGET },
	{ "tkr", no_argument, NULL, O_TKR },
	{ "intakter", required_argument, NULL, O_INTAKTER },
	{ "kapital", required_argument, NULL, O_KAPITAL },
	{ "statligt", required_argument, NULL, O_STATLIGT },
	{ "utnyttjandegrad", required_argument, NULL, O_UTN },
	{ "fordelning", required_argument, NULL, O_FORDELNING },
	{ "andelar", required_argument, NULL, O_ANDELAR },
	{ "dataar", required_argument, NULL, O_DATAAR },
	{ "idag", required_argument, NULL, O_IDAG },
	{ "handelse", required_argument, NULL, O_HANDELSE },
	{ "datum", required_argument, NULL, O_DATUM },
	{ "medlem", required_argument, NULL, O_MEDLEM },
	{ "beslut", required_argument, NULL, O_BESLUT },
	{ "fran-ar", required_argument, NULL, O_FRAN_AR },
	{ "beslutad", required_argument, NULL, O_BESLUTAD },
	{ "help", no_argument, NULL, O_HELP },
	{ NULL, 0, NULL, 0 },
};

static int
bad(const char *usage, const char *field, const char *rule)
{
	return fs_cli_usage_error(usage, "%s: %s", field, rule);
}

/* One option's value into o; a usage error (non-zero) when it is bad. */
static int
take(struct opt *o, int c, const char *v, const char *usage)
{
	struct fs_err err = FS_ERR_INIT;
	int64_t x;

	switch (c) {
	case O_DB:
		o->db = v;
		return 0;
	case O_FORBUND:
		o->forbund = v;
		return 0;
	case O_LAN:
		o->lan = v;
		return 0;
	case O_AR:
	case O_DATAAR:
	case O_FRAN_AR:
		if (fs_parse_i64(v, strlen(v), 1990, 2999, &x, c == O_AR ?
		    "ar" : c == O_DATAAR ? "dataar" : "fran_ar", &err) != FS_OK)
			return fs_cli_fail(&err);
		if (c == O_AR)
			o->ar = (int)x;
		else if (c == O_DATAAR)
			o->dataar = (int)x;
		else
			o->fran_ar = (int)x;
		return 0;
	case O_FORMAT:
		o->format = fs_ek_format_find(v);
		return o->format < 0 ? bad(usage, "format",
		    "måste vara text eller json") : 0;
	case O_LAGE:
		o->lage = strcmp(v, "flat") == 0 ? FS_TRAPPAN_FLAT :
		    strcmp(v, "marginal") == 0 ? FS_TRAPPAN_MARGINAL : -1;
		return o->lage < 0 ? bad(usage, "lage",
		    "måste vara flat eller marginal") : 0;
	case O_BAND:
		o->band = v;
		return 0;
	case O_BUDGET:
		o->budget = true;
		return 0;
	case O_TKR:
		o->tkr = true;
		return 0;
	case O_INTAKTER:
	case O_KAPITAL:
	case O_STATLIGT:
		if (fs_parse_i64(v, strlen(v), c == O_KAPITAL ?
		    -FS_TDL_MAX_BELOPP : 0, FS_TDL_MAX_BELOPP, &x,
		    c == O_INTAKTER ? "intakter" : c == O_KAPITAL ? "kapital" :
		    "statligt", &err) != FS_OK)
			return fs_cli_fail(&err);
		if (c == O_INTAKTER)
			o->intakter = x;
		else if (c == O_KAPITAL)
			o->kapital = x;
		else
			o->statligt = x;
		return 0;
	case O_UTN:
		if (fs_tdl_parse_procent(v, 0, 10000, &o->utnyttjandegrad_bp,
		    "utnyttjandegrad", &err) != FS_OK)
			return fs_cli_fail(&err);
		return 0;
	case O_FORDELNING:
		o->fordelning = fs_bidrag_fordelning_find(v);
		return o->fordelning < 0 ? bad(usage, "fordelning",
		    "måste vara befolkning, lika eller andelar") : 0;
	case O_ANDELAR:
		o->andelar = v;
		return 0;
	case O_IDAG:
	case O_DATUM:
	case O_BESLUTAD:
		if (fs_parse_date(v, strlen(v), c == O_IDAG ? &o->idag :
		    c == O_DATUM ? &o->datum : &o->beslutad, c == O_IDAG ?
		    "idag" : c == O_DATUM ? "datum" : "beslutad", &err) != FS_OK)
			return fs_cli_fail(&err);
		return 0;
	case O_HANDELSE:
		o->handelse = fs_kal_handelse_find(v);
		return o->handelse < 0 ? bad(usage, "handelse",
		    "måste vara samrad, budget, arsredovisning eller "
		    "ansvarsfrihet") : 0;
	case O_MEDLEM:
		o->medlem = v;
		return 0;
	case O_BESLUT:
		o->beslut = v;
		return 0;
	default:
		break;
	}
	fputs(usage, stderr);
	return FS_EXIT_INPUT;
}

/*
 * Parse argv into o; *done is set with the exit code when help was
 * shown or an option was bad.  Positional arguments are left at
 * argv[optind..argc).
 */
static bool
parse(int argc, char **argv, const char *usage, struct opt *o, int *code)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->format = FS_EK_TEXT;
	o->lage = -1;
	o->intakter = FS_TDL_NONE;
	o->kapital = FS_TDL_NONE;
	o->statligt = FS_TDL_NONE;
	o->utnyttjandegrad_bp = -1;
	o->fordelning = -1;
	o->beslutad = FS_DATE_NONE;
	o->idag = FS_DATE_NONE;
	o->handelse = -1;
	o->datum = FS_DATE_NONE;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", all_opts, NULL)) != -1) {
		if (c == 'h' || c == O_HELP) {
			fputs(usage, stdout);
			*code = FS_EXIT_OK;
			return false;
		}
		*code = take(o, c, optarg, usage);
		if (*code != 0)
			return false;
	}
	*code = 0;
	return true;
}

/* The trappan of the options (default bands, --lage, --band). */
static int
trappan_of(const struct opt *o, struct fs_trappan *t)
{
	struct fs_err err = FS_ERR_INIT;

	fs_trappan_default(t);
	if (o->band != NULL && fs_trappan_parse(o->band, o->lage < 0 ?
	    FS_TRAPPAN_FLAT : (enum fs_trappan_lage)o->lage, t, &err) != FS_OK)
		return fs_cli_fail(&err);
	if (o->lage >= 0)
		t->lage = (enum fs_trappan_lage)o->lage;
	return FS_EXIT_OK;
}

static int
open_db(const struct opt *o, struct fs_db **db)
{
	struct fs_err err = FS_ERR_INIT;

	if (fs_db_open(fs_cli_db_path(o->db), NULL, fs_cli_actor(), db, &err) !=
	    FS_OK)
		return fs_cli_fail(&err);
	return FS_EXIT_OK;
}

static int
print(struct fs_buf *b, enum fs_rc rc, const struct fs_err *err)
{
	int ret = FS_EXIT_OK;

	if (rc != FS_OK)
		ret = fs_cli_fail(err);
	else if (fwrite(b->buf, 1, b->len, stdout) != b->len ||
	    fflush(stdout) != 0) {
		struct fs_err e = FS_ERR_INIT;

		fs_err_set(&e, FS_EIO, NULL, "kunde inte skriva till standard ut");
		ret = fs_cli_fail(&e);
	}
	fs_buf_release(b);
	return ret;
}

/* "POST=BELOPP" or "kommun:KOD=BELOPP" into v. */
static int
parse_post(const char *arg, bool tkr, struct fs_ek_belopp *v)
{
	struct fs_err err = FS_ERR_INIT;
	const char *eq = strchr(arg, '='), *colon;
	char name[40];
	int64_t x;
	int p;

	memset(v, 0, sizeof(*v));
	if (eq == NULL || eq == arg || (size_t)(eq - arg) >= sizeof(name))
		return bad(usage_registrera, "post",
		    "skrivs POST=BELOPP, t.ex. stat=2570000");
	snprintf(name, sizeof(name), "%.*s", (int)(eq - arg), arg);
	colon = strchr(name, ':');
	if (colon != NULL) {
		if (strlen(colon + 1) != 4)
			return bad(usage_registrera, "medlem",
			    "skrivs kommun:KOMMUNKOD med fyra siffror");
		snprintf(v->medlem, sizeof(v->medlem), "%s", colon + 1);
		name[colon - name] = '\0';
	}
	p = fs_ek_post_find(name);
	if (p < 0)
		return bad(usage_registrera, "post", "okänd post; se --help");
	v->post = (enum fs_ek_post)p;
	if (fs_parse_i64(eq + 1, strlen(eq + 1), -FS_TDL_MAX_BELOPP,
	    FS_TDL_MAX_BELOPP, &x, fs_ek_post_name(v->post), &err) != FS_OK)
		return fs_cli_fail(&err);
	if (tkr && (x > FS_TDL_MAX_BELOPP / 1000 ||
	    x < -FS_TDL_MAX_BELOPP / 1000))
		return bad(usage_registrera, fs_ek_post_name(v->post),
		    "beloppet är för stort");
	v->belopp = tkr ? x * 1000 : x;
	return FS_EXIT_OK;
}

static int
cmd_registrera(int argc, char **argv)
{
	struct fs_ek_belopp v[MAXPOSTER];
	struct fs_err err = FS_ERR_INIT;
	struct fs_db *db = NULL;
	struct opt o;
	size_t n = 0;
	int code;

	if (!parse(argc, argv, usage_registrera, &o, &code))
		return code;
	if (o.forbund == NULL || o.ar == 0)
		return fs_cli_usage_error(usage_registrera,
		    "ange --forbund och --ar");
	if (optind == argc)
		return bad(usage_registrera, "post",
		    "minst ett belopp måste anges");
	for (int i = optind; i < argc; i++) {
		if (n == MAXPOSTER)
			return bad(usage_registrera, "post",
			    "högst 64 belopp åt gången");
		code = parse_post(argv[i], o.tkr, &v[n++]);
		if (code != FS_EXIT_OK)
			return code;
	}
	code = open_db(&o, &db);
	if (code != FS_EXIT_OK)
		return code;
	if (fs_ek_set(db, o.forbund, o.ar, o.budget ? FS_EK_BUDGET :
	    FS_EK_UTFALL, v, n, &err) != FS_OK)
		code = fs_cli_fail(&err);
	else
		printf("%zu belopp registrerade i %s %d för %s.\n", n,
		    o.budget ? "budgeten" : "bokslutet", o.ar, o.forbund);
	fs_db_close(db);
	return code;
}

static int
cmd_visa(int argc, char **argv)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_trappan t;
	struct fs_db *db = NULL;
	struct fs_ek_ar a;
	struct fs_buf b;
	struct opt o;
	enum fs_rc rc;
	int code;

	if (!parse(argc, argv, usage_visa, &o, &code))
		return code;
	if (optind != argc || o.forbund == NULL || o.ar == 0)
		return fs_cli_usage_error(usage_visa, "ange --forbund och --ar");
	code = trappan_of(&o, &t);
	if (code == FS_EXIT_OK)
		code = open_db(&o, &db);
	if (code != FS_EXIT_OK)
		return code;
	fs_buf_init(&b, 0);
	rc = fs_ek_ar(db, o.forbund, o.ar, &t, &a, &err);
	if (rc == FS_OK)
		rc = fs_ek_ar_write(&a, (enum fs_ek_format)o.format, &b, &err);
	fs_ek_ar_release(&a);
	fs_db_close(db);
	return print(&b, rc, &err);
}

static int
cmd_oversikt(int argc, char **argv)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_ek_oversikt ov;
	struct fs_trappan t;
	struct fs_db *db = NULL;
	struct fs_buf b;
	struct opt o;
	enum fs_rc rc;
	int code;

	if (!parse(argc, argv, usage_oversikt, &o, &code))
		return code;
	if (optind != argc || o.ar == 0)
		return fs_cli_usage_error(usage_oversikt, "ar: måste anges");
	code = trappan_of(&o, &t);
	if (code == FS_EXIT_OK)
		code = open_db(&o, &db);
	if (code != FS_EXIT_OK)
		return code;
	fs_buf_init(&b, 0);
	rc = fs_ek_oversikt(db, o.ar, o.lan, &t, &ov, &err);
	if (rc == FS_OK)
		rc = fs_ek_oversikt_write(&ov, (enum fs_ek_format)o.format, &b,
		    &err);
	fs_ek_oversikt_release(&ov);
	fs_db_close(db);
	return print(&b, rc, &err);
}

static int
cmd_trappan(int argc, char **argv)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_trappan_res r;
	struct fs_trappan t;
	struct fs_db *db = NULL;
	struct fs_ek_ar a;
	struct fs_buf b;
	struct opt o;
	enum fs_rc rc = FS_OK;
	int code;

	if (!parse(argc, argv, usage_trappan, &o, &code))
		return code;
	if (optind != argc)
		return fs_cli_usage_error(usage_trappan,
		    "trappan tar inga argument utöver flaggorna");
	code = trappan_of(&o, &t);
	if (code != FS_EXIT_OK)
		return code;
	fs_buf_init(&b, 0);
	if (o.forbund != NULL) {
		if (o.ar == 0)
			return fs_cli_usage_error(usage_trappan,
			    "ar: måste anges");
		code = open_db(&o, &db);
		if (code != FS_EXIT_OK)
			return code;
		rc = fs_ek_ar(db, o.forbund, o.ar, &t, &a, &err);
		if (rc == FS_OK && !a.har_trappan)
			rc = fs_err_set(&err, FS_EINVAL, "forbund",
			    "intäkter och eget kapital saknas i bokslutet för "
			    "året");
		if (rc == FS_OK)
			rc = fs_trappan_write(&t, &a.trappan_res,
			    (enum fs_ek_format)o.format, &b, &err);
		fs_ek_ar_release(&a);
		fs_db_close(db);
		return print(&b, rc, &err);
	}
	if (o.intakter == FS_TDL_NONE || o.kapital == FS_TDL_NONE)
		return fs_cli_usage_error(usage_trappan,
		    "ange --forbund och --ar, eller --intakter och --kapital");
	fs_trappan_eval(&t, o.intakter, o.kapital, &r);
	rc = fs_trappan_write(&t, &r, (enum fs_ek_format)o.format, &b, &err);
	return print(&b, rc, &err);
}

static int
cmd_bidrag(int argc, char **argv)
{
	struct fs_bidrag_medlem *andelar = NULL;
	struct fs_err err = FS_ERR_INIT;
	struct fs_bidrag_fraga q;
	struct fs_db *db = NULL;
	struct fs_bidrag r;
	struct fs_buf b;
	struct opt o;
	size_t na = 0;
	enum fs_rc rc;
	int code;

	if (!parse(argc, argv, usage_bidrag, &o, &code))
		return code;
	if (optind != argc || o.forbund == NULL || o.ar == 0)
		return fs_cli_usage_error(usage_bidrag,
		    "ange --forbund och --ar");
	if (o.andelar != NULL &&
	    fs_bidrag_andelar_parse(o.andelar, &andelar, &na, &err) != FS_OK)
		return fs_cli_fail(&err);
	memset(&q, 0, sizeof(q));
	q.forbund_kod = o.forbund;
	q.ar = o.ar;
	q.statligt = o.statligt;
	q.utnyttjandegrad_bp = o.utnyttjandegrad_bp;
	/* No split given: the one the members agreed, stored. */
	q.sparad = o.fordelning < 0 && o.andelar == NULL;
	q.fordelning = o.fordelning < 0 ? FS_BIDRAG_BEFOLKNING :
	    (enum fs_bidrag_fordelning)o.fordelning;
	q.andelar = andelar;
	q.nandelar = na;
	q.dataar = o.dataar;
	code = open_db(&o, &db);
	if (code != FS_EXIT_OK) {
		free(andelar);
		return code;
	}
	fs_buf_init(&b, 0);
	rc = fs_bidrag(db, &q, &r, &err);
	if (rc == FS_OK)
		rc = fs_bidrag_write(&r, (enum fs_ek_format)o.format, &b, &err);
	fs_bidrag_release(&r);
	fs_db_close(db);
	free(andelar);
	return print(&b, rc, &err);
}

static int
cmd_kalender(int argc, char **argv)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_kalender k;
	struct fs_db *db = NULL;
	struct fs_buf b;
	struct opt o;
	enum fs_rc rc;
	int code;

	if (!parse(argc, argv, usage_kalender, &o, &code))
		return code;
	if (optind != argc || o.forbund == NULL)
		return fs_cli_usage_error(usage_kalender,
		    "forbund: måste anges");
	code = open_db(&o, &db);
	if (code != FS_EXIT_OK)
		return code;
	fs_buf_init(&b, 0);
	rc = fs_kalender(db, o.forbund, o.idag == FS_DATE_NONE ?
	    fs_date_today() : o.idag, &k, &err);
	if (rc == FS_OK)
		rc = fs_kalender_write(&k, (enum fs_ek_format)o.format, &b, &err);
	fs_kalender_release(&k);
	fs_db_close(db);
	return print(&b, rc, &err);
}

static int
cmd_handelse(int argc, char **argv)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_db *db = NULL;
	struct opt o;
	int code;

	if (!parse(argc, argv, usage_handelse, &o, &code))
		return code;
	if (optind != argc || o.forbund == NULL || o.ar == 0 ||
	    o.handelse < 0)
		return fs_cli_usage_error(usage_handelse,
		    "ange --forbund, --ar, --handelse och --datum");
	if (o.datum == FS_DATE_NONE)
		return fs_cli_usage_error(usage_handelse, "datum: måste anges");
	code = open_db(&o, &db);
	if (code != FS_EXIT_OK)
		return code;
	if (fs_kal_set(db, o.forbund, o.ar, (enum fs_kal_handelse)o.handelse,
	    o.medlem, o.datum, o.beslut, &err) != FS_OK)
		code = fs_cli_fail(&err);
	else
		printf("Registrerat: %s %d för %s.\n",
		    fs_kal_handelse_name((enum fs_kal_handelse)o.handelse),
		    o.ar, o.forbund);
	fs_db_close(db);
	return code;
}

static int
cmd_fordelning(int argc, char **argv)
{
	struct fs_kfd_andel *andelar = NULL;
	struct fs_kommunfordelning *v = NULL, one;
	struct fs_err err = FS_ERR_INIT;
	struct fs_db *db = NULL;
	struct fs_buf b;
	struct opt o;
	size_t na = 0, n = 0;
	enum fs_rc rc;
	int code;

	if (!parse(argc, argv, usage_fordelning, &o, &code))
		return code;
	if (optind != argc || o.forbund == NULL)
		return fs_cli_usage_error(usage_fordelning,
		    "forbund: måste anges");
	if (o.fordelning >= 0 && o.fran_ar == 0)
		return fs_cli_usage_error(usage_fordelning,
		    "fran_ar: måste anges med --fordelning");
	if (o.fordelning < 0 && (o.fran_ar != 0 || o.andelar != NULL ||
	    o.beslutad != FS_DATE_NONE))
		return fs_cli_usage_error(usage_fordelning,
		    "fordelning: måste anges för att registrera");
	if (o.andelar != NULL &&
	    fs_kfd_andelar_parse(o.andelar, &andelar, &na, &err) != FS_OK)
		return fs_cli_fail(&err);
	code = open_db(&o, &db);
	if (code != FS_EXIT_OK) {
		free(andelar);
		return code;
	}
	if (o.fordelning >= 0) {
		if (fs_kommunfordelning_set(db, o.forbund, o.fran_ar,
		    (enum fs_bidrag_fordelning)o.fordelning, o.beslutad,
		    andelar, na, &err) != FS_OK)
			code = fs_cli_fail(&err);
		else
			printf("Fördelningen %s från %d registrerad för %s.\n",
			    fs_bidrag_fordelning_name((enum fs_bidrag_fordelning)
			    o.fordelning), o.fran_ar, o.forbund);
		fs_db_close(db);
		free(andelar);
		return code;
	}
	fs_buf_init(&b, 0);
	if (o.ar != 0) {
		rc = fs_kommunfordelning_get(db, o.forbund, o.ar, &one, &err);
		if (rc == FS_OK)
			rc = fs_kommunfordelning_write(o.forbund, &one, 1,
			    (enum fs_ek_format)o.format, &b, &err);
		fs_kommunfordelning_release(&one);
	} else {
		rc = fs_kommunfordelning_list(db, o.forbund, &v, &n, &err);
		if (rc == FS_OK)
			rc = fs_kommunfordelning_write(o.forbund, v, n,
			    (enum fs_ek_format)o.format, &b, &err);
		fs_kommunfordelning_list_free(v, n);
	}
	fs_db_close(db);
	return print(&b, rc, &err);
}

int
cmd_ekonomi(int argc, char **argv)
{
	static const struct {
		const char	*name;
		int		(*fn)(int, char **);
	} sub[] = {
		{ "registrera", cmd_registrera },
		{ "visa", cmd_visa },
		{ "oversikt", cmd_oversikt },
		{ "trappan", cmd_trappan },
		{ "bidrag", cmd_bidrag },
		{ "kalender", cmd_kalender },
		{ "handelse", cmd_handelse },
		{ "fordelning", cmd_fordelning },
	};

	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		fputs(usage_main, argc < 2 ? stderr : stdout);
		return argc < 2 ? FS_EXIT_INPUT : FS_EXIT_OK;
	}
	for (size_t i = 0; i < FS_NELEM(sub); i++)
		if (strcmp(argv[1], sub[i].name) == 0)
			return sub[i].fn(argc - 1, argv + 1);
	return fs_cli_usage_error(usage_main, "okänt kommando '%s'", argv[1]);
}
