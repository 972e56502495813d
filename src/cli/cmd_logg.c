/* SPDX-License-Identifier: ISC */
/*
 * finsam logg: read the audit log with filters and pagination, as the
 * operator (everything) or as the förbundsadministratör sees it
 * (--forbundsvy: no participant data), and answer a person's "who has
 * read my data".  Text or JSON output.  The log cannot be changed from
 * here or anywhere else.
 */
#include "compat.h"

#include <getopt.h>
#include <inttypes.h>

#include <jansson.h>

#include "cli.h"
#include "finsam/audit.h"
#include "finsam/db.h"
#include "finsam/forbund.h"
#include "finsam/insats.h"
#include "finsam/parse.h"
#include "finsam/pnr.h"

static const char usage_text[] =
    "användning: finsam logg [--forbund KOD] [--insats KOD]\n"
    "           [--anvandare NAMN] [--handling X] [--objekt X]\n"
    "           [--fran T] [--till T] [--antal N] [--fore ID]\n"
    "           [--forbundsvy] [--format text|json] [--db FIL]\n"
    "       finsam logg --personnummer P [--format text|json] [--db FIL]\n"
    "       finsam logg --deltagande ID [--format text|json] [--db FIL]\n"
    "\n"
    "Visar granskningsloggen, nyast först.\n"
    "--forbund KOD    förbundets poster och dess insatsers\n"
    "--handling X     en handling, eller alla som börjar med X om X\n"
    "                 slutar med punkt (t.ex. deltagande.)\n"
    "--fran, --till   ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DDTHH:MM:SSZ (UTC)\n"
    "--antal N        högst N poster (1-1000, normalt 100)\n"
    "--fore ID        nästa sida: poster med lägre id än ID\n"
    "--forbundsvy     som förbundsadministratören ser loggen: utan\n"
    "                 uppgifter om deltagare (kräver --forbund)\n"
    "--personnummer   vem har läst personens uppgifter (P = - läser\n"
    "                 personnumret från standard in)\n"
    "--deltagande ID  vem har läst deltagandet\n";

/* Codes of förbund and insatser by id, looked up once each. */
struct names {
	int64_t	 id[64];
	char	 kod[64][32];
	bool	 insats[64];
	size_t	 n;
};

static const char *
name_of(struct fs_db *db, struct names *c, bool insats, int64_t id)
{
	struct fs_forbund f;
	struct fs_insats i;
	size_t k;

	if (id == 0)
		return "";
	for (k = 0; k < c->n; k++)
		if (c->id[k] == id && c->insats[k] == insats)
			return c->kod[k];
	k = c->n < FS_NELEM(c->id) ? c->n++ : FS_NELEM(c->id) - 1;
	c->id[k] = id;
	c->insats[k] = insats;
	snprintf(c->kod[k], sizeof(c->kod[k]), "#%" PRId64, id);
	if (insats) {
		fs_insats_init(&i);
		if (fs_insats_get(db, id, &i, NULL) == FS_OK)
			snprintf(c->kod[k], sizeof(c->kod[k]), "%s", i.kod);
		fs_insats_release(&i);
	} else {
		fs_forbund_init(&f);
		if (fs_forbund_get(db, id, &f, NULL) == FS_OK)
			snprintf(c->kod[k], sizeof(c->kod[k]), "%s", f.kod);
		fs_forbund_release(&f);
	}
	return c->kod[k];
}

static const char *
dash(const char *s)
{
	return s == NULL || *s == '\0' ? "-" : s;
}

static void
print_text(struct fs_db *db, const struct fs_audit_page *pg)
{
	struct names c;

	c.n = 0;
	printf("%-8s %-20s %-16s %-22s %-24s %-18s %-8s %-8s %-15s %s\n",
	    "id", "tid", "användare", "roll", "handling", "objekt",
	    "förbund", "insats", "utfall/adress", "detaljer");
	for (size_t i = 0; i < pg->n; i++) {
		const struct fs_audit_entry *e = &pg->v[i];

		printf("%-8" PRId64 " %-20s %-16s %-22s %-24s %-18s ", e->id,
		    e->tid, dash(e->anvandare), dash(e->roll),
		    dash(e->handling), dash(e->objekt));
		printf("%-8s ", dash(name_of(db, &c, false, e->forbund_id)));
		printf("%-8s ", dash(name_of(db, &c, true, e->insats_id)));
		printf("%s/%-8s %s\n", dash(e->utfall), dash(e->klientadress),
		    dash(e->detaljer));
	}
	if (pg->next != 0)
		printf("(fler poster: --fore %" PRId64 ")\n", pg->next);
}

static int
set_str(json_t *o, const char *key, const char *v)
{
	return json_object_set_new(o, key, v != NULL ? json_string(v) :
	    json_null());
}

static int
print_json(struct fs_db *db, const struct fs_audit_page *pg)
{
	struct fs_err err = FS_ERR_INIT;
	struct names c;
	json_t *root, *arr, *o, *d;
	int bad = 0;

	c.n = 0;
	root = json_object();
	arr = json_array();
	if (root == NULL || arr == NULL)
		bad = 1;
	for (size_t i = 0; bad == 0 && i < pg->n; i++) {
		const struct fs_audit_entry *e = &pg->v[i];

		o = json_object();
		if (o == NULL) {
			bad = 1;
			break;
		}
		bad |= json_object_set_new(o, "id", json_integer(e->id));
		bad |= set_str(o, "tid", e->tid);
		bad |= set_str(o, "anvandare", e->anvandare);
		bad |= set_str(o, "roll", e->roll);
		bad |= set_str(o, "handling", e->handling);
		bad |= set_str(o, "objekt", e->objekt);
		bad |= set_str(o, "forbund", e->forbund_id != 0 ?
		    name_of(db, &c, false, e->forbund_id) : NULL);
		bad |= set_str(o, "insats", e->insats_id != 0 ?
		    name_of(db, &c, true, e->insats_id) : NULL);
		bad |= set_str(o, "utfall", e->utfall);
		bad |= set_str(o, "klientadress", e->klientadress);
		d = e->detaljer != NULL ? json_loads(e->detaljer, 0, NULL) :
		    NULL;
		if (d == NULL && e->detaljer != NULL)
			d = json_string(e->detaljer);
		bad |= json_object_set_new(o, "detaljer", d != NULL ? d :
		    json_null());
		bad |= json_array_append_new(arr, o);
	}
	if (bad == 0) {
		bad |= json_object_set_new(root, "poster", arr);
		arr = NULL;
		bad |= json_object_set_new(root, "nasta", pg->next != 0 ?
		    json_integer(pg->next) : json_null());
	}
	if (bad == 0)
		bad = json_dumpf(root, stdout, JSON_INDENT(2) |
		    JSON_PRESERVE_ORDER) != 0;
	json_decref(arr);
	json_decref(root);
	if (bad != 0) {
		fs_err_set(&err, FS_ENOMEM, NULL, "kan inte skriva JSON");
		return fs_cli_fail(&err);
	}
	printf("\n");
	return FS_EXIT_OK;
}

struct opts {
	const char	*dbopt, *fkod, *ikod, *format, *pnr, *delt;
	const char	*antal, *fore;
	bool		 forbundsvy;
	struct fs_audit_filter f;
};

static int
parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "forbund", required_argument, NULL, 'f' },
		{ "insats", required_argument, NULL, 'i' },
		{ "anvandare", required_argument, NULL, 'a' },
		{ "handling", required_argument, NULL, 'H' },
		{ "objekt", required_argument, NULL, 'o' },
		{ "fran", required_argument, NULL, 'F' },
		{ "till", required_argument, NULL, 'T' },
		{ "antal", required_argument, NULL, 'n' },
		{ "fore", required_argument, NULL, 'b' },
		{ "forbundsvy", no_argument, NULL, 'v' },
		{ "format", required_argument, NULL, 'm' },
		{ "personnummer", required_argument, NULL, 'p' },
		{ "deltagande", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->dbopt = optarg;
			break;
		case 'f':
			o->fkod = optarg;
			break;
		case 'i':
			o->ikod = optarg;
			break;
		case 'a':
			o->f.anvandare = optarg;
			break;
		case 'H':
			o->f.handling = optarg;
			break;
		case 'o':
			o->f.objekt = optarg;
			break;
		case 'F':
			o->f.fran = optarg;
			break;
		case 'T':
			o->f.till = optarg;
			break;
		case 'n':
			o->antal = optarg;
			break;
		case 'b':
			o->fore = optarg;
			break;
		case 'v':
			o->forbundsvy = true;
			break;
		case 'm':
			o->format = optarg;
			break;
		case 'p':
			o->pnr = optarg;
			break;
		case 'D':
			o->delt = optarg;
			break;
		default:
			fputs(usage_text, stderr);
			return FS_EXIT_INPUT;
		}
	}
	if (optind != argc)
		return fs_cli_usage_error(usage_text,
		    "logg tar inga argument utöver flaggorna");
	if (strcmp(o->format, "text") != 0 && strcmp(o->format, "json") != 0)
		return fs_cli_usage_error(usage_text,
		    "--format ska vara text eller json");
	if (o->pnr != NULL && o->delt != NULL)
		return fs_cli_usage_error(usage_text,
		    "ange --personnummer eller --deltagande, inte båda");
	return FS_EXIT_OK;
}

/* Numbers and codes of the options into the filter. */
static enum fs_rc
fill_filter(struct fs_db *db, struct opts *o, struct fs_err *err)
{
	struct fs_forbund fb;
	struct fs_insats ins;
	int64_t v;
	enum fs_rc rc = FS_OK;

	if (o->antal != NULL) {
		rc = fs_parse_i64(o->antal, strlen(o->antal), 1, 1000, &v,
		    "antal", err);
		if (rc != FS_OK)
			return rc;
		o->f.limit = (size_t)v;
	}
	if (o->fore != NULL) {
		rc = fs_parse_i64(o->fore, strlen(o->fore), 1, INT64_MAX,
		    &o->f.fore_id, "fore", err);
		if (rc != FS_OK)
			return rc;
	}
	fs_forbund_init(&fb);
	fs_insats_init(&ins);
	if (o->fkod != NULL) {
		rc = fs_forbund_get_kod(db, o->fkod, &fb, err);
		if (rc == FS_OK)
			o->f.forbund_id = fb.id;
		else if (err != NULL)
			snprintf(err->field, sizeof(err->field), "forbund");
	}
	if (rc == FS_OK && o->ikod != NULL) {
		rc = o->f.forbund_id != 0 ?
		    fs_insats_get_kod(db, o->f.forbund_id, o->ikod, &ins, err) :
		    fs_insats_find_kod(db, o->ikod, &ins, err);
		if (rc == FS_OK)
			o->f.insats_id = ins.id;
		else if (rc == FS_EINVAL)
			rc = fs_err_set(err, rc, "insats", "koden används av "
			    "insatser i flera förbund: ange också --forbund");
		else if (err != NULL)
			snprintf(err->field, sizeof(err->field), "insats");
	}
	fs_forbund_release(&fb);
	fs_insats_release(&ins);
	return rc;
}

static enum fs_rc
readers(struct fs_db *db, const struct opts *o, struct fs_audit_page *pg,
    struct fs_err *err)
{
	struct fs_pnr pnr;
	char line[64];
	const char *p = o->pnr;
	int64_t id;
	enum fs_rc rc;

	if (o->delt != NULL) {
		rc = fs_parse_i64(o->delt, strlen(o->delt), 1, INT64_MAX, &id,
		    "deltagande", err);
		if (rc != FS_OK)
			return rc;
		return fs_audit_readers(db, &id, 1, pg, err);
	}
	if (strcmp(p, "-") == 0) {
		if (fgets(line, sizeof(line), stdin) == NULL)
			return fs_err_set(err, FS_EINVAL, "personnummer",
			    "inget personnummer på standard in");
		line[strcspn(line, "\r\n")] = '\0';
		p = line;
	}
	rc = fs_pnr_parse(p, strlen(p), fs_date_today(), &pnr, "personnummer",
	    err);
	if (rc == FS_OK)
		rc = fs_audit_readers_person(db, &pnr, pg, err);
	explicit_bzero(line, sizeof(line));
	explicit_bzero(&pnr, sizeof(pnr));
	return rc;
}

int
cmd_logg(int argc, char **argv)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_audit_page pg = { NULL, 0, 0 };
	struct opts o;
	struct fs_db *db;
	enum fs_rc rc;
	int ret;

	if (fs_cli_wants_help(argc, argv)) {
		fputs(usage_text, stdout);
		return FS_EXIT_OK;
	}
	memset(&o, 0, sizeof(o));
	o.format = "text";
	ret = parse_args(argc, argv, &o);
	if (ret != FS_EXIT_OK)
		return ret;
	if (fs_db_open(fs_cli_db_path(o.dbopt), NULL, fs_cli_actor(), &db,
	    &err) != FS_OK)
		return fs_cli_fail(&err);
	if (o.pnr != NULL || o.delt != NULL) {
		rc = readers(db, &o, &pg, &err);
	} else {
		rc = fill_filter(db, &o, &err);
		if (rc == FS_OK)
			rc = fs_audit_query(db, &o.f, o.forbundsvy ?
			    FS_AUDIT_VIEW_FORBUND : FS_AUDIT_VIEW_FULL, &pg,
			    &err);
	}
	if (rc != FS_OK)
		ret = fs_cli_fail(&err);
	else if (strcmp(o.format, "json") == 0)
		ret = print_json(db, &pg);
	else
		print_text(db, &pg);
	fs_audit_page_release(&pg);
	fs_db_close(db);
	return ret;
}
