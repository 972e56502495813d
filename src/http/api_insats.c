/* SPDX-License-Identifier: ISC */
/*
 * Endpoints for insatser: the insatser of a förbund (those the user may
 * read), create, show, update (status, decision on what follows and
 * the other mutable fields; the immutable ones are refused by the
 * library), and the anonymous and count-only figures.  Each handler
 * hands the checked fields to insats.h/deltagande.h by name.
 */
#include "compat.h"

#include <stdint.h>
#include <string.h>

#include <jansson.h>
#include <microhttpd.h>

#include "finsam/access.h"
#include "finsam/buf.h"
#include "finsam/codes.h"
#include "finsam/deltagande.h"
#include "finsam/forbund.h"
#include "finsam/insats.h"
#include "finsam/parse.h"
#include "finsam/todo.h"

#include "api.h"
#include "http.h"
#include "jsonout.h"

/* The library names an insats's code "insats_kod"; the API "kod". */
static enum fs_rc
kod_field(enum fs_rc rc, struct fs_err *err)
{
	if (rc != FS_OK && err != NULL && strcmp(err->field, "insats_kod") == 0)
		snprintf(err->field, sizeof(err->field), "kod");
	return rc;
}

/* Every given body field of the endpoint into i, by name. */
static enum fs_rc
apply(struct http_req *r, struct fs_insats *i, struct fs_err *err)
{
	const struct http_endpoint *ep = r->route->ep;
	struct fs_buf t;
	enum fs_rc rc = FS_OK;

	fs_buf_init(&t, 0);
	for (size_t k = 0; rc == FS_OK && k < ep->nbody; k++) {
		if (!r->in[k].set)
			continue;
		rc = fs_http_input_text(&ep->body[k], &r->in[k], &t);
		if (rc != FS_OK) {
			rc = fs_err_set(err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
			break;
		}
		rc = kod_field(fs_insats_set(i, ep->body[k].name, t.buf, t.len,
		    err), err);
	}
	fs_buf_release(&t);
	return rc;
}

#define F_KOD(req) { "kod", FV_TEXT, req, false, 0, 64, 0, \
	"insatsens kod, unik inom förbundet" }
#define F_NAMN(req) { "namn", FV_TEXT, req, false, 0, 200, 0, "namn" }
#define F_BESKRIVNING { "beskrivning", FV_TEXT, false, true, 0, 4000, 0, \
	"beskrivning" }
#define F_START(req) { "startdatum", FV_DATE, req, false, 0, 0, 0, \
	"startdatum" }
#define F_SLUT { "slutdatum", FV_DATE, false, true, 0, 0, 0, \
	"slutdatum (null: ännu inte känt)" }
#define F_INRIKTNING(req) { "inriktning", FV_CODE, req, false, 0, 0, \
	FS_LIST_INRIKTNING, "individ eller struktur (kan inte ändras)" }
#define F_PREC { "preciserad_inriktning", FV_TEXT, false, true, 0, 64, 0, \
	"preciserad inriktning, ska passa inriktningen" }
#define F_UPPF { "uppfoljning", FV_CODE, false, false, 0, 0, \
	FS_LIST_UPPFOLJNING, "individ eller antal (kan inte ändras)" }
#define F_ESF { "esf", FV_BOOL, false, false, 0, 0, 0, \
	"ESF-medfinansierad (kan inte ändras)" }
#define F_STATUS { "status", FV_CODE, false, false, 0, 0, FS_LIST_STATUS, \
	"planerad, pagaende eller avslutad" }
#define F_BESLUT { "beslut", FV_CODE, false, true, 0, 0, FS_LIST_BESLUT, \
	"efter avslut: implementerad, forlangd eller avvecklad" }
#define F_BMEDLEM { "beslut_medlem", FV_TEXT, false, true, 0, 8, 0, \
	"implementerad: hos vilken medlem (FK, AF, länskod, kommunkod)" }
#define F_BFRAN { "beslut_fran", FV_DATE, false, true, 0, 0, 0, \
	"implementerad: från vilket datum" }
#define F_MALGRUPPER { "malgrupper", FV_TEXTLIST, false, false, 32, 64, 0, \
	"målgruppernas koder" }

/* ---- GET /forbund/{kod}/insatser ---- */

enum { LISTA_SIDA, LISTA_PER_SIDA, LISTA__MAX };
static const struct fs_field lista_query[] = {
	[LISTA_SIDA] = FS_FIELD_SIDA,
	[LISTA_PER_SIDA] = FS_FIELD_PER_SIDA,
};
_Static_assert(FS_NELEM(lista_query) == LISTA__MAX, "lista_query");

static enum fs_rc
lista(struct http_req *r, struct fs_err *err)
{
	struct fs_forbund f;
	struct fs_insats *v = NULL;
	size_t n = 0, offset, limit, total = 0;
	int32_t today = fs_date_today();
	json_t *items;
	enum fs_rc rc;

	fs_forbund_init(&f);
	rc = fs_forbund_get_kod(r->db, r->path[0].v.s.p, &f, err);
	if (rc == FS_OK)
		rc = fs_insats_list(r->db, f.id, &v, &n, err);
	fs_forbund_release(&f);
	if (rc != FS_OK)
		return rc;
	fs_http_page(r, LISTA_SIDA, LISTA_PER_SIDA, &offset, &limit);
	items = json_array();
	for (size_t i = 0; items != NULL && i < n; i++) {
		struct fs_scope s = { v[i].forbund_id, v[i].id };

		if (!fs_http_allowed(r, FS_PERM_INSATS_READ, &s))
			continue;
		if (total >= offset && total < offset + limit)
			json_array_append_new(items,
			    fs_json_insats(&v[i], today));
		total++;
	}
	fs_insats_list_free(v, n);
	fs_http_json(r, MHD_HTTP_OK, fs_http_page_json(offset, limit, total,
	    items));
	return FS_OK;
}

const struct http_endpoint fs_ep_insats_lista = {
	.fn = lista,
	.query = lista_query,
	.nquery = LISTA__MAX,
	.summary = "Förbundets insatser som användaren får läsa",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- POST /forbund/{kod}/insatser ---- */

static const struct fs_field skapa_fields[] = {
	F_KOD(true), F_NAMN(true), F_BESKRIVNING, F_START(true), F_SLUT,
	F_INRIKTNING(true), F_PREC, F_UPPF, F_ESF, F_STATUS, F_MALGRUPPER,
};

static enum fs_rc
skapa(struct http_req *r, struct fs_err *err)
{
	struct fs_insats i;
	int64_t id;
	enum fs_rc rc;

	fs_insats_init(&i);
	i.forbund_id = r->scope.forbund_id;
	rc = apply(r, &i, err);
	if (rc == FS_OK)
		rc = kod_field(fs_insats_create(r->db, &i, err), err);
	if (rc == FS_OK) {
		id = i.id;
		fs_insats_release(&i);
		fs_insats_init(&i);
		rc = fs_insats_get(r->db, id, &i, err);
	}
	if (rc == FS_OK)
		fs_http_json(r, MHD_HTTP_CREATED, fs_json_insats(&i,
		    fs_date_today()));
	fs_insats_release(&i);
	return rc;
}

const struct http_endpoint fs_ep_insats_skapa = {
	.fn = skapa,
	.body = skapa_fields,
	.nbody = FS_NELEM(skapa_fields),
	.body_kind = BODY_JSON,
	.summary = "Skapa en insats i förbundet",
	.produces = "application/json",
	.ok_status = 201,
};

/* ---- GET /insatser/{id} ---- */

static enum fs_rc
visa(struct http_req *r, struct fs_err *err)
{
	struct fs_insats i;
	enum fs_rc rc;

	fs_insats_init(&i);
	rc = fs_insats_get(r->db, r->path[0].v.i, &i, err);
	if (rc == FS_OK)
		fs_http_json(r, MHD_HTTP_OK, fs_json_insats(&i,
		    fs_date_today()));
	fs_insats_release(&i);
	return rc;
}

const struct http_endpoint fs_ep_insats_visa = {
	.fn = visa,
	.summary = "En insats",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- PATCH /insatser/{id} ---- */

static const struct fs_field andra_fields[] = {
	F_NAMN(false), F_BESKRIVNING, F_START(false), F_SLUT,
	F_INRIKTNING(false), F_PREC, F_UPPF, F_ESF, F_STATUS, F_BESLUT,
	F_BMEDLEM, F_BFRAN, F_MALGRUPPER,
};

static enum fs_rc
andra(struct http_req *r, struct fs_err *err)
{
	struct fs_insats i;
	enum fs_rc rc;

	fs_insats_init(&i);
	rc = fs_insats_get(r->db, r->path[0].v.i, &i, err);
	if (rc == FS_OK)
		rc = apply(r, &i, err);
	if (rc == FS_OK)
		rc = kod_field(fs_insats_update(r->db, &i, err), err);
	if (rc == FS_OK) {
		fs_insats_release(&i);
		fs_insats_init(&i);
		rc = fs_insats_get(r->db, r->path[0].v.i, &i, err);
	}
	if (rc == FS_OK)
		fs_http_json(r, MHD_HTTP_OK, fs_json_insats(&i,
		    fs_date_today()));
	fs_insats_release(&i);
	return rc;
}

const struct http_endpoint fs_ep_insats_andra = {
	.fn = andra,
	.body = andra_fields,
	.nbody = FS_NELEM(andra_fields),
	.body_kind = BODY_JSON,
	.summary = "Ändra en insats: status, beslut om vad som följer, "
	    "period och texter",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- anonymous figures ---- */

static enum fs_rc
anonyma_json(struct http_req *r, struct fs_err *err)
{
	struct fs_todo_anonyma *v = NULL;
	size_t n = 0;
	json_t *a;
	enum fs_rc rc;

	rc = fs_todo_anonyma(r->db, r->scope.insats_id, &v, &n, err);
	if (rc != FS_OK)
		return rc;
	a = json_array();
	for (size_t i = 0; a != NULL && i < n; i++)
		json_array_append_new(a, json_pack("{s:i, s:I, s:I}",
		    "ar", v[i].ar, "kvinnor", (json_int_t)v[i].kvinnor,
		    "man", (json_int_t)v[i].man));
	free(v);
	fs_http_json(r, MHD_HTTP_OK, json_pack("{s:I, s:o}", "insats_id",
	    (json_int_t)r->scope.insats_id, "anonyma", a));
	return FS_OK;
}

const struct http_endpoint fs_ep_anonyma_lista = {
	.fn = anonyma_json,
	.summary = "Anonyma deltagare per år: antal kvinnor och män",
	.produces = "application/json",
	.ok_status = 200,
};

enum { ANON_KVINNOR, ANON_MAN, ANON__MAX };
static const struct fs_field anonyma_fields[] = {
	[ANON_KVINNOR] = { "kvinnor", FV_INT, true, false, 0, 1000000, 0,
	    "antal kvinnor" },
	[ANON_MAN] = { "man", FV_INT, true, false, 0, 1000000, 0,
	    "antal män" },
};
_Static_assert(FS_NELEM(anonyma_fields) == ANON__MAX, "anonyma_fields");

static enum fs_rc
anonyma_ange(struct http_req *r, struct fs_err *err)
{
	struct fs_insats i;
	enum fs_rc rc;

	fs_insats_init(&i);
	rc = fs_insats_get(r->db, r->scope.insats_id, &i, err);
	if (rc == FS_OK)
		rc = fs_anonyma_set(r->db, &i, (int)r->path[1].v.i,
		    r->in[ANON_KVINNOR].v.i, r->in[ANON_MAN].v.i, err);
	fs_insats_release(&i);
	if (rc != FS_OK)
		return rc;
	return anonyma_json(r, err);
}

const struct http_endpoint fs_ep_anonyma_ange = {
	.fn = anonyma_ange,
	.body = anonyma_fields,
	.nbody = ANON__MAX,
	.body_kind = BODY_JSON,
	.summary = "Ange årets anonyma deltagare (ersätter tidigare antal)",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- count-only figures ---- */

static enum fs_rc
antal_json(struct http_req *r, struct fs_err *err)
{
	struct fs_todo_antal *v = NULL;
	size_t n = 0;
	json_t *a;
	enum fs_rc rc;

	rc = fs_todo_antal(r->db, r->scope.insats_id, &v, &n, err);
	if (rc != FS_OK)
		return rc;
	a = json_array();
	for (size_t i = 0; a != NULL && i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:I, s:o, s:o}",
		    "period", v[i].period, "totalt", (json_int_t)v[i].totalt,
		    "kvinnor", v[i].kvinnor < 0 ? json_null() :
		    json_integer(v[i].kvinnor),
		    "man", v[i].man < 0 ? json_null() :
		    json_integer(v[i].man)));
	free(v);
	fs_http_json(r, MHD_HTTP_OK, json_pack("{s:I, s:o}", "insats_id",
	    (json_int_t)r->scope.insats_id, "antal", a));
	return FS_OK;
}

const struct http_endpoint fs_ep_antal_lista = {
	.fn = antal_json,
	.summary = "Antal deltagare per period i en volyminsats",
	.produces = "application/json",
	.ok_status = 200,
};

enum { ANTAL_TOTALT, ANTAL_KVINNOR, ANTAL_MAN, ANTAL__MAX };
static const struct fs_field antal_fields[] = {
	[ANTAL_TOTALT] = { "totalt", FV_INT, true, false, 0, 100000000, 0,
	    "antal deltagare" },
	[ANTAL_KVINNOR] = { "kvinnor", FV_INT, false, true, 0, 100000000, 0,
	    "varav kvinnor (valfritt)" },
	[ANTAL_MAN] = { "man", FV_INT, false, true, 0, 100000000, 0,
	    "varav män (valfritt)" },
};
_Static_assert(FS_NELEM(antal_fields) == ANTAL__MAX, "antal_fields");

static enum fs_rc
antal_ange(struct http_req *r, struct fs_err *err)
{
	struct fs_insats i;
	int64_t k = -1, m = -1;
	enum fs_rc rc;

	if (r->in[ANTAL_KVINNOR].set && !r->in[ANTAL_KVINNOR].null)
		k = r->in[ANTAL_KVINNOR].v.i;
	if (r->in[ANTAL_MAN].set && !r->in[ANTAL_MAN].null)
		m = r->in[ANTAL_MAN].v.i;
	fs_insats_init(&i);
	rc = fs_insats_get(r->db, r->scope.insats_id, &i, err);
	if (rc == FS_OK)
		rc = fs_antal_set(r->db, &i, r->path[1].v.s.p,
		    r->in[ANTAL_TOTALT].v.i, k, m, err);
	fs_insats_release(&i);
	if (rc != FS_OK)
		return rc;
	return antal_json(r, err);
}

const struct http_endpoint fs_ep_antal_ange = {
	.fn = antal_ange,
	.body = antal_fields,
	.nbody = ANTAL__MAX,
	.body_kind = BODY_JSON,
	.summary = "Ange antal deltagare för en period (ÅÅÅÅ eller ÅÅÅÅ-MM)",
	.produces = "application/json",
	.ok_status = 200,
};
