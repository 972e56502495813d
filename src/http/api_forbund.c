/* SPDX-License-Identifier: ISC */
/*
 * Endpoints for förbund and their dated memberships: list (the förbund
 * the user may read), create, show, change name and
 * organisationsnummer, list members, a kommun joining or leaving; the
 * board (styrelse.h): its seats and mandate periods on a day with the
 * findings of the board's rules, adding a seat, ending one, adding a
 * mandate period.  Each handler is one call of the library.
 */
#include "compat.h"

#include <stdint.h>
#include <string.h>

#include <jansson.h>
#include <microhttpd.h>

#include "finsam/access.h"
#include "finsam/alloc.h"
#include "finsam/forbund.h"
#include "finsam/parse.h"
#include "finsam/pnr.h"
#include "finsam/styrelse.h"
#include "finsam/buf.h"
#include "finsam/codes.h"

#include "api.h"
#include "http.h"
#include "jsonout.h"

/* The library names a förbund's code "forbund_kod"; the API "kod". */
static enum fs_rc
kod_field(enum fs_rc rc, struct fs_err *err)
{
	if (rc != FS_OK && err != NULL && strcmp(err->field, "forbund_kod") == 0)
		snprintf(err->field, sizeof(err->field), "kod");
	return rc;
}

/* ---- GET /forbund ---- */

enum { LISTA_SIDA, LISTA_PER_SIDA, LISTA__MAX };
static const struct fs_field lista_query[] = {
	[LISTA_SIDA] = FS_FIELD_SIDA,
	[LISTA_PER_SIDA] = FS_FIELD_PER_SIDA,
};
_Static_assert(FS_NELEM(lista_query) == LISTA__MAX, "lista_query");

static enum fs_rc
lista(struct http_req *r, struct fs_err *err)
{
	struct fs_forbund *v = NULL;
	size_t n = 0, offset, limit, total = 0;
	json_t *items;
	enum fs_rc rc;

	rc = fs_forbund_list(r->db, &v, &n, err);
	if (rc != FS_OK)
		return rc;
	fs_http_page(r, LISTA_SIDA, LISTA_PER_SIDA, &offset, &limit);
	items = json_array();
	for (size_t i = 0; items != NULL && i < n; i++) {
		struct fs_scope s = { v[i].id, 0 };

		if (!fs_http_allowed(r, FS_PERM_FORBUND_READ, &s))
			continue;
		if (total >= offset && total < offset + limit)
			json_array_append_new(items, fs_json_forbund(&v[i]));
		total++;
	}
	fs_forbund_list_free(v, n);
	fs_http_json(r, MHD_HTTP_OK, fs_http_page_json(offset, limit, total,
	    items));
	return FS_OK;
}

const struct http_endpoint fs_ep_forbund_lista = {
	.fn = lista,
	.query = lista_query,
	.nquery = LISTA__MAX,
	.summary = "Förbunden som användaren får läsa",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- POST /forbund ---- */

enum { SKAPA_KOD, SKAPA_NAMN, SKAPA_ORGNR, SKAPA_START, SKAPA_KOMMUNER,
	SKAPA__MAX };
static const struct fs_field skapa_fields[] = {
	[SKAPA_KOD] = { "kod", FV_TEXT, true, false, 0, 32, 0,
	    "förbundets kod, t.ex. SV" },
	[SKAPA_NAMN] = { "namn", FV_TEXT, true, false, 0, 200, 0, "namn" },
	[SKAPA_ORGNR] = { "organisationsnummer", FV_TEXT, true, false, 0, 11,
	    0, "NNNNNN-NNNN" },
	[SKAPA_START] = { "startdatum", FV_DATE, true, false, 0, 0, 0,
	    "förbundets startdatum" },
	[SKAPA_KOMMUNER] = { "kommuner", FV_TEXTLIST, true, false, 290, 4, 0,
	    "medlemskommunernas kommunkoder" },
};
_Static_assert(FS_NELEM(skapa_fields) == SKAPA__MAX, "skapa_fields");

static enum fs_rc
skapa(struct http_req *r, struct fs_err *err)
{
	struct fs_forbund f, g;
	enum fs_rc rc;

	fs_forbund_init(&f);
	f.kod = fs_strdup(r->in[SKAPA_KOD].v.s.p);
	f.namn = fs_strdup(r->in[SKAPA_NAMN].v.s.p);
	if (f.kod == NULL || f.namn == NULL) {
		rc = fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
		goto out;
	}
	rc = fs_orgnr_parse(r->in[SKAPA_ORGNR].v.s.p, r->in[SKAPA_ORGNR].v.s.len,
	    f.organisationsnummer, "organisationsnummer", err);
	if (rc != FS_OK)
		goto out;
	f.startdatum = r->in[SKAPA_START].v.date;
	rc = kod_field(fs_forbund_create(r->db, &f,
	    r->in[SKAPA_KOMMUNER].v.list.v, r->in[SKAPA_KOMMUNER].v.list.n,
	    err), err);
	if (rc != FS_OK)
		goto out;
	fs_forbund_init(&g);
	rc = fs_forbund_get(r->db, f.id, &g, err);
	if (rc == FS_OK)
		fs_http_json(r, MHD_HTTP_CREATED, fs_json_forbund(&g));
	fs_forbund_release(&g);
out:
	fs_forbund_release(&f);
	return rc;
}

const struct http_endpoint fs_ep_forbund_skapa = {
	.fn = skapa,
	.body = skapa_fields,
	.nbody = SKAPA__MAX,
	.body_kind = BODY_JSON,
	.summary = "Skapa ett förbund med FK, AF, regionen och kommunerna "
	    "som medlemmar",
	.produces = "application/json",
	.ok_status = 201,
};

/* ---- GET /forbund/{kod} ---- */

static enum fs_rc
visa(struct http_req *r, struct fs_err *err)
{
	struct fs_forbund f;
	enum fs_rc rc;

	fs_forbund_init(&f);
	rc = fs_forbund_get_kod(r->db, r->path[0].v.s.p, &f, err);
	if (rc == FS_OK)
		fs_http_json(r, MHD_HTTP_OK, fs_json_forbund(&f));
	fs_forbund_release(&f);
	return rc;
}

const struct http_endpoint fs_ep_forbund_visa = {
	.fn = visa,
	.summary = "Ett förbund",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- PATCH /forbund/{kod} ---- */

enum { ANDRA_NAMN, ANDRA_ORGNR, ANDRA__MAX };
static const struct fs_field andra_fields[] = {
	[ANDRA_NAMN] = { "namn", FV_TEXT, false, false, 0, 200, 0, "namn" },
	[ANDRA_ORGNR] = { "organisationsnummer", FV_TEXT, false, false, 0, 11,
	    0, "NNNNNN-NNNN" },
};
_Static_assert(FS_NELEM(andra_fields) == ANDRA__MAX, "andra_fields");

static enum fs_rc
andra(struct http_req *r, struct fs_err *err)
{
	struct fs_forbund f;
	char *namn;
	enum fs_rc rc;

	fs_forbund_init(&f);
	rc = fs_forbund_get_kod(r->db, r->path[0].v.s.p, &f, err);
	if (rc != FS_OK)
		goto out;
	if (r->in[ANDRA_NAMN].set) {
		namn = fs_strdup(r->in[ANDRA_NAMN].v.s.p);
		if (namn == NULL) {
			rc = fs_err_set(err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
			goto out;
		}
		free(f.namn);
		f.namn = namn;
	}
	if (r->in[ANDRA_ORGNR].set) {
		rc = fs_orgnr_parse(r->in[ANDRA_ORGNR].v.s.p,
		    r->in[ANDRA_ORGNR].v.s.len, f.organisationsnummer,
		    "organisationsnummer", err);
		if (rc != FS_OK)
			goto out;
	}
	rc = kod_field(fs_forbund_update(r->db, &f, err), err);
	if (rc == FS_OK)
		fs_http_json(r, MHD_HTTP_OK, fs_json_forbund(&f));
out:
	fs_forbund_release(&f);
	return rc;
}

const struct http_endpoint fs_ep_forbund_andra = {
	.fn = andra,
	.body = andra_fields,
	.nbody = ANDRA__MAX,
	.body_kind = BODY_JSON,
	.summary = "Ändra förbundets namn eller organisationsnummer",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- GET /forbund/{kod}/medlemmar ---- */

static enum fs_rc
medlemmar_json(struct http_req *r, unsigned status, int64_t fid,
    struct fs_err *err)
{
	struct fs_medlem *m = NULL;
	size_t n = 0;
	json_t *a;
	enum fs_rc rc;

	rc = fs_forbund_members(r->db, fid, &m, &n, err);
	if (rc != FS_OK)
		return rc;
	a = json_array();
	for (size_t i = 0; a != NULL && i < n; i++)
		json_array_append_new(a, fs_json_medlem(&m[i]));
	free(m);
	fs_http_json(r, status, json_pack("{s:o}", "medlemmar", a));
	return FS_OK;
}

static enum fs_rc
medlem_lista(struct http_req *r, struct fs_err *err)
{
	return medlemmar_json(r, MHD_HTTP_OK, r->scope.forbund_id, err);
}

const struct http_endpoint fs_ep_medlem_lista = {
	.fn = medlem_lista,
	.summary = "Förbundets medlemmar med datum",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- POST /forbund/{kod}/medlemmar ---- */

enum { IN_KOMMUN, IN_FRAN, IN__MAX };
static const struct fs_field in_fields[] = {
	[IN_KOMMUN] = { "kommun", FV_TEXT, true, false, 0, 4, 0,
	    "kommunkod, fyra siffror" },
	[IN_FRAN] = { "fran", FV_DATE, true, false, 0, 0, 0,
	    "första dagen som medlem" },
};
_Static_assert(FS_NELEM(in_fields) == IN__MAX, "in_fields");

static enum fs_rc
medlem_in(struct http_req *r, struct fs_err *err)
{
	enum fs_rc rc;

	rc = fs_forbund_join(r->db, r->scope.forbund_id, r->in[IN_KOMMUN].v.s.p,
	    r->in[IN_FRAN].v.date, err);
	if (rc != FS_OK)
		return rc;
	return medlemmar_json(r, MHD_HTTP_CREATED, r->scope.forbund_id, err);
}

const struct http_endpoint fs_ep_medlem_in = {
	.fn = medlem_in,
	.body = in_fields,
	.nbody = IN__MAX,
	.body_kind = BODY_JSON,
	.summary = "En kommun går med i förbundet från ett datum",
	.produces = "application/json",
	.ok_status = 201,
};

/* ---- PATCH /forbund/{kod}/medlemmar/{kommun} ---- */

enum { UT_TILL, UT__MAX };
static const struct fs_field ut_fields[] = {
	[UT_TILL] = { "till", FV_DATE, true, false, 0, 0, 0,
	    "sista dagen som medlem" },
};
_Static_assert(FS_NELEM(ut_fields) == UT__MAX, "ut_fields");

static enum fs_rc
medlem_ut(struct http_req *r, struct fs_err *err)
{
	enum fs_rc rc;

	rc = fs_forbund_leave(r->db, r->scope.forbund_id, r->path[1].v.s.p,
	    r->in[UT_TILL].v.date, err);
	if (rc != FS_OK)
		return rc;
	return medlemmar_json(r, MHD_HTTP_OK, r->scope.forbund_id, err);
}

const struct http_endpoint fs_ep_medlem_ut = {
	.fn = medlem_ut,
	.body = ut_fields,
	.nbody = UT__MAX,
	.body_kind = BODY_JSON,
	.summary = "En kommun lämnar förbundet: sista dagen som medlem",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- GET /forbund/{kod}/styrelse ---- */

static json_t *
seat_json(const struct fs_ledamot *l)
{
	const char *roll = fs_code_name(FS_LIST_STYRELSEROLL, l->roll);

	return json_pack("{s:I, s:s, s:s, s:o, s:s, s:o, s:o, s:o}",
	    "id", (json_int_t)l->id,
	    "medlem", l->medlem,
	    "parttyp", fs_code_name(FS_LIST_PARTTYP, l->parttyp),
	    "namn", fs_json_str(l->namn),
	    "uppdrag", fs_code_name(FS_LIST_UPPDRAG, l->uppdrag),
	    "roll", roll != NULL ? json_string(roll) : json_null(),
	    "fran", fs_json_date(l->fran),
	    "till", fs_json_date(l->till));
}

static enum fs_rc
finding_json(const struct fs_styrelse_fynd *f, json_t *a,
    struct fs_err *err)
{
	struct fs_buf b;
	json_t *o;

	fs_buf_init(&b, 0);
	if (fs_styrelse_fynd_text(f, &b) != FS_OK) {
		fs_buf_release(&b);
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	}
	o = json_pack("{s:s, s:o, s:i, s:i, s:s}",
	    "brist", fs_styrelse_brist_namn(f->brist),
	    "medlem", f->medlem[0] != '\0' ? json_string(f->medlem) :
	    json_null(), "ledamoter", f->ledamoter, "ersattare", f->ersattare,
	    "text", b.buf);
	fs_buf_release(&b);
	json_array_append_new(a, o);
	return FS_OK;
}

/*
 * The board of förbund fid on day: every seat (also past and future
 * ones, so that the page can show history), the mandate periods and the
 * findings of the rules on day.
 */
static enum fs_rc
styrelse_json(struct http_req *r, unsigned status, int64_t fid, int32_t day,
    struct fs_err *err)
{
	struct fs_styrelse_fynd *f = NULL;
	struct fs_ledamot *v = NULL;
	struct fs_mandat *m = NULL;
	size_t n = 0, nf = 0, nm = 0;
	json_t *seats, *mandat, *brister;
	enum fs_rc rc;

	rc = fs_styrelse_lista(r->db, fid, FS_DATE_NONE, &v, &n, err);
	if (rc == FS_OK)
		rc = fs_styrelse_mandat_lista(r->db, fid, &m, &nm, err);
	if (rc == FS_OK)
		rc = fs_styrelse_kontroll(r->db, fid, day, &f, &nf, err);
	seats = json_array();
	mandat = json_array();
	brister = json_array();
	for (size_t i = 0; rc == FS_OK && i < n; i++) {
		json_t *o = seat_json(&v[i]);

		/* Held on the day asked about, for the page's table. */
		json_object_set_new(o, "aktiv", json_boolean(
		    v[i].fran <= day && (v[i].till == FS_DATE_NONE ||
		    v[i].till >= day)));
		json_array_append_new(seats, o);
	}
	for (size_t i = 0; rc == FS_OK && i < nm; i++)
		json_array_append_new(mandat, json_pack("{s:I, s:o, s:o}",
		    "id", (json_int_t)m[i].id, "fran", fs_json_date(m[i].fran),
		    "till", fs_json_date(m[i].till)));
	for (size_t i = 0; rc == FS_OK && i < nf; i++)
		rc = finding_json(&f[i], brister, err);
	fs_styrelse_free(v, n);
	free(m);
	free(f);
	if (rc != FS_OK) {
		json_decref(seats);
		json_decref(mandat);
		json_decref(brister);
		return rc;
	}
	fs_http_json(r, status, json_pack("{s:o, s:o, s:o, s:o, s:b}",
	    "dag", fs_json_date(day), "uppdrag", seats,
	    "mandatperioder", mandat, "brister", brister,
	    "uppfyller_reglerna", nf == 0));
	return FS_OK;
}

enum { ST_DAG, ST__MAX };
static const struct fs_field st_query[] = {
	[ST_DAG] = { "dag", FV_DATE, false, false, 0, 0, 0,
	    "dagen då reglerna prövas (i dag om den saknas)" },
};
_Static_assert(FS_NELEM(st_query) == ST__MAX, "st_query");

static enum fs_rc
styrelse_visa(struct http_req *r, struct fs_err *err)
{
	int32_t day = r->query[ST_DAG].set ? r->query[ST_DAG].v.date :
	    fs_date_today();

	return styrelse_json(r, MHD_HTTP_OK, r->scope.forbund_id, day, err);
}

const struct http_endpoint fs_ep_styrelse_visa = {
	.fn = styrelse_visa,
	.query = st_query,
	.nquery = ST__MAX,
	.summary = "Styrelsen: uppdrag, mandatperioder och brister mot "
	    "reglerna en dag",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- POST /forbund/{kod}/styrelse/uppdrag ---- */

enum { UP_MEDLEM, UP_NAMN, UP_UPPDRAG, UP_ROLL, UP_FRAN, UP_TILL, UP__MAX };
static const struct fs_field up_fields[] = {
	[UP_MEDLEM] = { "medlem", FV_TEXT, true, false, 0, 7, 0,
	    "FK, AF, länskod (två siffror) eller kommunkod (fyra siffror)" },
	[UP_NAMN] = { "namn", FV_TEXT, true, false, 0, 200, 0,
	    "ledamotens eller ersättarens namn" },
	[UP_UPPDRAG] = { "uppdrag", FV_CODE, true, false, 0, 0,
	    FS_LIST_UPPDRAG, "ledamot eller ersattare" },
	[UP_ROLL] = { "roll", FV_CODE, false, true, 0, 0,
	    FS_LIST_STYRELSEROLL, "ordforande, vice_ordforande eller null" },
	[UP_FRAN] = { "fran", FV_DATE, true, false, 0, 0, 0,
	    "första dagen i uppdraget" },
	[UP_TILL] = { "till", FV_DATE, false, true, 0, 0, 0,
	    "sista dagen i uppdraget, om den är bestämd" },
};
_Static_assert(FS_NELEM(up_fields) == UP__MAX, "up_fields");

static enum fs_rc
uppdrag_ny(struct http_req *r, struct fs_err *err)
{
	struct fs_ledamot l;
	enum fs_rc rc;

	fs_ledamot_init(&l);
	snprintf(l.medlem, sizeof(l.medlem), "%s", r->in[UP_MEDLEM].v.s.p);
	l.namn = fs_strdup(r->in[UP_NAMN].v.s.p);
	if (l.namn == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	l.uppdrag = (int)r->in[UP_UPPDRAG].v.i;
	l.roll = r->in[UP_ROLL].set && !r->in[UP_ROLL].null ?
	    (int)r->in[UP_ROLL].v.i : 0;
	l.fran = r->in[UP_FRAN].v.date;
	l.till = r->in[UP_TILL].set && !r->in[UP_TILL].null ?
	    r->in[UP_TILL].v.date : FS_DATE_NONE;
	rc = fs_styrelse_lagg_till(r->db, r->scope.forbund_id, &l, err);
	free(l.namn);
	if (rc != FS_OK)
		return rc;
	return styrelse_json(r, MHD_HTTP_CREATED, r->scope.forbund_id,
	    fs_date_today(), err);
}

const struct http_endpoint fs_ep_styrelse_uppdrag = {
	.fn = uppdrag_ny,
	.body = up_fields,
	.nbody = UP__MAX,
	.body_kind = BODY_JSON,
	.summary = "En ledamot eller ersättare i styrelsen från ett datum",
	.produces = "application/json",
	.ok_status = 201,
};

/* ---- PATCH /forbund/{kod}/styrelse/uppdrag/{id} ---- */

enum { SL_TILL, SL__MAX };
static const struct fs_field sl_fields[] = {
	[SL_TILL] = { "till", FV_DATE, true, false, 0, 0, 0,
	    "sista dagen i uppdraget" },
};
_Static_assert(FS_NELEM(sl_fields) == SL__MAX, "sl_fields");

static enum fs_rc
uppdrag_slut(struct http_req *r, struct fs_err *err)
{
	enum fs_rc rc;

	rc = fs_styrelse_avsluta(r->db, r->scope.forbund_id, r->path[1].v.i,
	    r->in[SL_TILL].v.date, err);
	if (rc != FS_OK)
		return rc;
	return styrelse_json(r, MHD_HTTP_OK, r->scope.forbund_id,
	    fs_date_today(), err);
}

const struct http_endpoint fs_ep_styrelse_uppdrag_slut = {
	.fn = uppdrag_slut,
	.body = sl_fields,
	.nbody = SL__MAX,
	.body_kind = BODY_JSON,
	.summary = "Ett uppdrag i styrelsen slutar: sista dagen",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- POST /forbund/{kod}/styrelse/mandat ---- */

enum { MA_FRAN, MA_TILL, MA__MAX };
static const struct fs_field ma_fields[] = {
	[MA_FRAN] = { "fran", FV_DATE, true, false, 0, 0, 0,
	    "mandatperiodens första dag" },
	[MA_TILL] = { "till", FV_DATE, true, false, 0, 0, 0,
	    "mandatperiodens sista dag" },
};
_Static_assert(FS_NELEM(ma_fields) == MA__MAX, "ma_fields");

static enum fs_rc
mandat_ny(struct http_req *r, struct fs_err *err)
{
	enum fs_rc rc;

	rc = fs_styrelse_mandat(r->db, r->scope.forbund_id,
	    r->in[MA_FRAN].v.date, r->in[MA_TILL].v.date, NULL, err);
	if (rc != FS_OK)
		return rc;
	return styrelse_json(r, MHD_HTTP_CREATED, r->scope.forbund_id,
	    fs_date_today(), err);
}

const struct http_endpoint fs_ep_styrelse_mandat = {
	.fn = mandat_ny,
	.body = ma_fields,
	.nbody = MA__MAX,
	.body_kind = BODY_JSON,
	.summary = "En mandatperiod för styrelsen",
	.produces = "application/json",
	.ok_status = 201,
};
