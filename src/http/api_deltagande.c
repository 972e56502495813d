/* SPDX-License-Identifier: ISC */
/*
 * Endpoints for identified participants: consent, registration in and
 * out, corrections with optimistic locking (409 when the version has
 * moved on), one participation with its version history, the
 * participations of an insats one page at a time, the search by
 * personnummer (only the user's own insatser answer), and the
 * de-identification of a person.  Personnummer travel only in request
 * and answer bodies.  Every answer that shows participant data is
 * written to the audit log before it is sent; if the log cannot be
 * written, nothing is shown.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>
#include <microhttpd.h>

#include "finsam/access.h"
#include "finsam/audit.h"
#include "finsam/buf.h"
#include "finsam/codes.h"
#include "finsam/deltagande.h"
#include "finsam/insats.h"
#include "finsam/parse.h"
#include "finsam/pnr.h"
#include "finsam/todo.h"
#include "finsam/user.h"

#include "api.h"
#include "http.h"
#include "jsonout.h"

/* Audit a read of participant data in scope s; FS_OK or the failure. */
static enum fs_rc
audit_read(struct http_req *r, const char *handling, const char *objekt,
    const struct fs_scope *s, struct fs_err *err)
{
	return fs_audit_action(r->db, &r->who, FS_PERM_DELTAGARE_READ, s,
	    handling, objekt, r->client, fs_auth_now(), err);
}

/* A participation with its personnummer while it has one. */
static json_t *
delt_json(struct http_req *r, const struct fs_deltagande *d,
    struct fs_err *err, enum fs_rc *rc)
{
	json_t *o = fs_json_deltagande(d);
	char pnr[13];

	if (o == NULL) {
		*rc = fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
		return NULL;
	}
	if (d->person_id != 0) {
		*rc = fs_todo_person_pnr(r->db, d->person_id, pnr, err);
		if (*rc != FS_OK) {
			json_decref(o);
			return NULL;
		}
		json_object_set_new(o, "personnummer", json_string(pnr));
		explicit_bzero(pnr, sizeof(pnr));
	} else
		json_object_set_new(o, "personnummer", json_null());
	return o;
}

/* Every given field of the endpoint from index first on into d. */
static enum fs_rc
apply(struct http_req *r, size_t first, struct fs_deltagande *d,
    struct fs_err *err)
{
	const struct http_endpoint *ep = r->route->ep;
	struct fs_buf t;
	enum fs_rc rc = FS_OK;

	fs_buf_init(&t, 0);
	for (size_t k = first; rc == FS_OK && k < ep->nbody; k++) {
		if (!r->in[k].set)
			continue;
		rc = fs_http_input_text(&ep->body[k], &r->in[k], &t);
		if (rc != FS_OK) {
			rc = fs_err_set(err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
			break;
		}
		rc = fs_deltagande_set(d, ep->body[k].name, t.buf, t.len, err);
	}
	fs_buf_release(&t);
	return rc;
}

#define F_PNR { "personnummer", FV_PNR, true, false, 0, 0, 0, \
	"personnummer eller samordningsnummer (ÅÅÅÅMMDDNNNN, ÅÅMMDD-NNNN ...)" }
#define F_CODE(name, list, doc) { name, FV_CODE, false, true, 0, 0, list, doc }
#define F_SET(name, doc) { name, FV_CODESET, false, true, 0, 0, \
	FS_LIST_FORSORJNING, doc }
#define F_PCT(name, doc) { name, FV_INT, false, true, 0, 100, 0, doc }
#define F_YESNO(name, doc) { name, FV_BOOL, false, true, 0, 0, 0, doc }

/* The fields of a participation after entry (inregistrering) and exit. */
#define DELT_FIELDS(startreq) \
	{ "startdatum", FV_DATE, startreq, false, 0, 0, 0, "startdatum" }, \
	F_CODE("utbildning", FS_LIST_UTBILDNING, \
	    "högsta avslutade utbildning"), \
	F_CODE("offentlig_forsorjning_tid", FS_LIST_FORSORJNING_TID, \
	    "tid med offentlig försörjning före start"), \
	F_SET("forsorjning_fore", "försörjning före start"), \
	F_PCT("arbete_fore", "arbete före start, procent av heltid"), \
	F_PCT("studier_fore", "studier före start, procent av heltid"), \
	F_YESNO("arbetssokande_fore", "arbetssökande före start"), \
	{ "slutdatum", FV_DATE, false, true, 0, 0, 0, "slutdatum" }, \
	F_CODE("avslutsanledning", FS_LIST_AVSLUT, "avslutsanledning"), \
	F_SET("forsorjning_efter", "försörjning efter avslut"), \
	F_PCT("arbete_efter", "arbete efter avslut, procent av heltid"), \
	F_PCT("studier_efter", "studier efter avslut, procent av heltid"), \
	F_YESNO("arbetssokande_efter", "arbetssökande efter avslut")

/* ---- POST /insatser/{id}/samtycken ---- */

enum { SAM_PNR, SAM_DATUM, SAM_FORMULAR, SAM__MAX };
static const struct fs_field samtycke_fields[] = {
	[SAM_PNR] = F_PNR,
	[SAM_DATUM] = { "datum", FV_DATE, true, false, 0, 0, 0,
	    "dagen samtycket skrevs under" },
	[SAM_FORMULAR] = { "formular", FV_TEXT, true, false, 0, 64, 0,
	    "blankettens version" },
};
_Static_assert(FS_NELEM(samtycke_fields) == SAM__MAX, "samtycke_fields");

static enum fs_rc
samtycke(struct http_req *r, struct fs_err *err)
{
	enum fs_rc rc;
	char d[11];

	rc = fs_samtycke_record(r->db, &r->in[SAM_PNR].v.pnr,
	    r->scope.insats_id, r->in[SAM_DATUM].v.date,
	    r->in[SAM_FORMULAR].v.s.p, err);
	if (rc != FS_OK)
		return rc;
	fs_date_format(r->in[SAM_DATUM].v.date, d);
	fs_http_json(r, MHD_HTTP_CREATED, json_pack("{s:I, s:s, s:s}",
	    "insats_id", (json_int_t)r->scope.insats_id, "datum", d,
	    "formular", r->in[SAM_FORMULAR].v.s.p));
	return FS_OK;
}

const struct http_endpoint fs_ep_samtycke = {
	.fn = samtycke,
	.body = samtycke_fields,
	.nbody = SAM__MAX,
	.body_kind = BODY_JSON,
	.summary = "Registrera en persons samtycke för insatsen",
	.produces = "application/json",
	.ok_status = 201,
};

/* ---- GET /insatser/{id}/deltaganden ---- */

enum { LISTA_SIDA, LISTA_PER_SIDA, LISTA_URVAL, LISTA__MAX };
static const struct fs_field lista_query[] = {
	[LISTA_SIDA] = FS_FIELD_SIDA,
	[LISTA_PER_SIDA] = FS_FIELD_PER_SIDA,
	[LISTA_URVAL] = { "urval", FV_TEXT, false, false, 0, 32, 0,
	    "alla (standard), oppna, avslutade, oppna_efter_slut, "
	    "saknar_utdata" },
};
_Static_assert(FS_NELEM(lista_query) == LISTA__MAX, "lista_query");

static enum fs_rc
lista(struct http_req *r, struct fs_err *err)
{
	struct fs_deltagande d;
	int64_t *ids = NULL;
	size_t n = 0, total = 0, offset, limit;
	int urval = FS_TODO_ALLA;
	json_t *items, *o;
	enum fs_rc rc;

	if (r->query[LISTA_URVAL].set) {
		urval = fs_todo_urval_find(r->query[LISTA_URVAL].v.s.p,
		    r->query[LISTA_URVAL].v.s.len);
		if (urval < 0)
			return fs_err_set(err, FS_EINVAL, "urval",
			    "måste vara en av: %s", fs_todo_urval_names());
	}
	fs_http_page(r, LISTA_SIDA, LISTA_PER_SIDA, &offset, &limit);
	rc = fs_todo_deltagande_ids(r->db, r->scope.insats_id,
	    (enum fs_todo_urval)urval, fs_date_today(), offset, limit, &ids, &n,
	    &total, err);
	if (rc != FS_OK)
		return rc;
	items = json_array();
	if (items == NULL)
		rc = fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	for (size_t i = 0; rc == FS_OK && i < n; i++) {
		rc = fs_deltagande_get(r->db, ids[i], &d, err);
		if (rc != FS_OK)
			break;
		o = delt_json(r, &d, err, &rc);
		if (o != NULL)
			json_array_append_new(items, o);
	}
	free(ids);
	if (rc == FS_OK)
		rc = audit_read(r, "deltagande.lista", "deltagande", &r->scope,
		    err);
	if (rc != FS_OK) {
		json_decref(items);
		return rc;
	}
	fs_http_json(r, MHD_HTTP_OK, fs_http_page_json(offset, limit, total,
	    items));
	return FS_OK;
}

const struct http_endpoint fs_ep_delt_lista = {
	.fn = lista,
	.query = lista_query,
	.nquery = LISTA__MAX,
	.summary = "Insatsens deltaganden, en sida i taget (läsningen loggas)",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- POST /insatser/{id}/deltaganden ---- */

static const struct fs_field reg_fields[] = {
	F_PNR,
	DELT_FIELDS(true),
};

static enum fs_rc
registrera(struct http_req *r, struct fs_err *err)
{
	struct fs_insats in;
	struct fs_deltagande d;
	unsigned warn = 0;
	json_t *o, *w;
	enum fs_rc rc;

	fs_deltagande_init(&d);
	fs_insats_init(&in);
	rc = apply(r, 1, &d, err);
	if (rc == FS_OK)
		rc = fs_insats_get(r->db, r->scope.insats_id, &in, err);
	if (rc == FS_OK)
		rc = fs_deltagande_register(r->db, &r->in[0].v.pnr, &in, &d,
		    &warn, err);
	fs_insats_release(&in);
	if (rc != FS_OK)
		return rc;
	o = delt_json(r, &d, err, &rc);
	if (o == NULL)
		return rc;
	w = json_array();
	if ((warn & FS_WARN_AGE) != 0)
		json_array_append_new(w, json_pack("{s:s, s:s}", "falt",
		    "personnummer", "meddelande",
		    "åldern vid start är utanför 16–64 år"));
	json_object_set_new(o, "varningar", w);
	fs_http_json(r, MHD_HTTP_CREATED, o);
	return FS_OK;
}

const struct http_endpoint fs_ep_delt_registrera = {
	.fn = registrera,
	.body = reg_fields,
	.nbody = FS_NELEM(reg_fields),
	.body_kind = BODY_JSON,
	.summary = "Registrera ett identifierat deltagande (inregistrering, "
	    "och utregistrering om slutdatum anges)",
	.produces = "application/json",
	.ok_status = 201,
};

/* ---- GET /deltaganden/{id} ---- */

static enum fs_rc
visa(struct http_req *r, struct fs_err *err)
{
	struct fs_deltagande d;
	struct fs_version *v = NULL;
	size_t n = 0;
	char obj[48];
	json_t *o, *h;
	enum fs_rc rc;

	rc = fs_deltagande_get(r->db, r->path[0].v.i, &d, err);
	if (rc == FS_OK)
		rc = fs_deltagande_history(r->db, d.id, &v, &n, err);
	if (rc != FS_OK)
		return rc;
	o = delt_json(r, &d, err, &rc);
	h = json_array();
	for (size_t i = 0; o != NULL && h != NULL && i < n; i++)
		json_array_append_new(h, fs_json_version(&v[i]));
	fs_version_list_free(v, n);
	if (o == NULL || h == NULL) {
		json_decref(o);
		json_decref(h);
		return rc != FS_OK ? rc : fs_err_set(err, FS_ENOMEM, NULL,
		    "minnet räcker inte");
	}
	json_object_set_new(o, "historik", h);
	snprintf(obj, sizeof(obj), "deltagande %lld", (long long)d.id);
	rc = audit_read(r, "deltagande.las", obj, &r->scope, err);
	if (rc != FS_OK) {
		json_decref(o);
		return rc;
	}
	fs_http_json(r, MHD_HTTP_OK, o);
	return FS_OK;
}

const struct http_endpoint fs_ep_delt_visa = {
	.fn = visa,
	.summary = "Ett deltagande med alla versioner: vem, när, varför "
	    "(läsningen loggas)",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- PATCH /deltaganden/{id} ---- */

enum { ANDRA_VERSION, ANDRA_ORSAK, ANDRA_FIRST };
static const struct fs_field andra_fields[] = {
	[ANDRA_VERSION] = { "version", FV_INT, true, false, 1, 1000000, 0,
	    "versionen ändringen bygger på (optimistisk låsning: 409 om "
	    "någon hunnit före)" },
	[ANDRA_ORSAK] = { "orsak", FV_TEXT, true, false, 0, 500, 0,
	    "varför: utregistrering, rättelse, felregistrering ..." },
	DELT_FIELDS(false),
};

static enum fs_rc
andra(struct http_req *r, struct fs_err *err)
{
	struct fs_deltagande d;
	bool changed = false;
	json_t *o;
	enum fs_rc rc;

	rc = fs_deltagande_get(r->db, r->path[0].v.i, &d, err);
	if (rc != FS_OK)
		return rc;
	if (r->in[ANDRA_FIRST].set)
		return fs_err_set(err, FS_EINVAL, "startdatum",
		    "kan inte ändras: markera som felregistrering och "
		    "registrera på nytt");
	rc = apply(r, ANDRA_FIRST + 1, &d, err);
	if (rc == FS_OK)
		rc = fs_deltagande_correct(r->db, &d,
		    (int)r->in[ANDRA_VERSION].v.i, r->in[ANDRA_ORSAK].v.s.p,
		    &changed, err);
	if (rc == FS_ECONFLICT && err != NULL && err->field[0] == '\0')
		snprintf(err->field, sizeof(err->field), "version");
	if (rc != FS_OK)
		return rc;
	rc = fs_deltagande_get(r->db, d.id, &d, err);
	if (rc != FS_OK)
		return rc;
	o = delt_json(r, &d, err, &rc);
	if (o == NULL)
		return rc;
	json_object_set_new(o, "andrad", json_boolean(changed));
	fs_http_json(r, MHD_HTTP_OK, o);
	return FS_OK;
}

const struct http_endpoint fs_ep_delt_andra = {
	.fn = andra,
	.body = andra_fields,
	.nbody = FS_NELEM(andra_fields),
	.body_kind = BODY_JSON,
	.summary = "Utregistrera eller rätta ett deltagande: en ny version "
	    "med orsak",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- POST /deltagare/sok ---- */

enum { SOK_PNR, SOK__MAX };
static const struct fs_field sok_fields[] = {
	[SOK_PNR] = F_PNR,
};
_Static_assert(FS_NELEM(sok_fields) == SOK__MAX, "sok_fields");

static enum fs_rc
sok(struct http_req *r, struct fs_err *err)
{
	struct fs_deltagande *v = NULL;
	struct fs_scope *seen, s;
	size_t n = 0, nseen = 0, k;
	json_t *items, *o;
	enum fs_rc rc;

	rc = fs_deltagande_of_person(r->db, &r->in[SOK_PNR].v.pnr, &v, &n,
	    err);
	if (rc != FS_OK)
		return rc;
	seen = fs_http_alloc(r, (n + 1) * sizeof(*seen));
	items = json_array();
	if (seen == NULL || items == NULL)
		rc = fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	for (size_t i = 0; rc == FS_OK && i < n; i++) {
		rc = fs_access_scope_insats(r->db, v[i].insats_id, &s, err);
		if (rc != FS_OK)
			break;
		/* Only the user's own insatser answer. */
		if (!fs_http_allowed(r, FS_PERM_DELTAGARE_READ, &s))
			continue;
		o = delt_json(r, &v[i], err, &rc);
		if (o == NULL)
			break;
		json_array_append_new(items, o);
		for (k = 0; k < nseen; k++)
			if (seen[k].insats_id == s.insats_id)
				break;
		if (k == nseen)
			seen[nseen++] = s;
	}
	free(v);
	/* One entry per insats that answered, or one for the empty search. */
	for (k = 0; rc == FS_OK && k < nseen; k++)
		rc = audit_read(r, "deltagande.sok", "deltagande", &seen[k], err);
	if (rc == FS_OK && nseen == 0)
		rc = audit_read(r, "deltagande.sok", "deltagande", NULL, err);
	if (rc != FS_OK) {
		json_decref(items);
		return rc;
	}
	fs_http_json(r, MHD_HTTP_OK, json_pack("{s:I, s:o}", "totalt",
	    (json_int_t)json_array_size(items), "poster", items));
	return FS_OK;
}

const struct http_endpoint fs_ep_delt_sok = {
	.fn = sok,
	.body = sok_fields,
	.nbody = SOK__MAX,
	.body_kind = BODY_JSON,
	.summary = "Sök en persons deltaganden i användarens egna insatser "
	    "(personnumret i kroppen; sökningen loggas)",
	.produces = "application/json",
	.ok_status = 200,
	/* A read, though a POST (the personnummer is in the body). */
	.runs = RUNS_READER,
};

/* ---- POST /deltagare/avidentifiera ---- */

enum { AVID_PNR, AVID_ORSAK, AVID__MAX };
static const struct fs_field avid_fields[] = {
	[AVID_PNR] = F_PNR,
	[AVID_ORSAK] = { "orsak", FV_TEXT, true, false, 0, 32, 0,
	    "samtycke_aterkallat eller skyddad_identitet" },
};
_Static_assert(FS_NELEM(avid_fields) == AVID__MAX, "avid_fields");

static enum fs_rc
avidentifiera(struct http_req *r, struct fs_err *err)
{
	struct fs_deltagande *v = NULL;
	struct fs_scope s = FS_SCOPE_NONE, own = FS_SCOPE_NONE;
	enum fs_deident_reason why;
	const char *o = r->in[AVID_ORSAK].v.s.p;
	size_t n = 0;
	bool mine = false;
	enum fs_rc rc;

	if (strcmp(o, "samtycke_aterkallat") == 0)
		why = FS_DEIDENT_SAMTYCKE_ATERKALLAT;
	else if (strcmp(o, "skyddad_identitet") == 0)
		why = FS_DEIDENT_SKYDDAD_IDENTITET;
	else
		return fs_err_set(err, FS_EINVAL, "orsak",
		    "måste vara samtycke_aterkallat eller skyddad_identitet");
	rc = fs_deltagande_of_person(r->db, &r->in[AVID_PNR].v.pnr, &v, &n,
	    err);
	for (size_t i = 0; rc == FS_OK && i < n && !mine; i++) {
		rc = fs_access_scope_insats(r->db, v[i].insats_id, &s, err);
		if (rc == FS_OK && fs_http_allowed(r, FS_PERM_DELTAGARE_EDIT,
		    &s)) {
			mine = true;
			own = s;
		}
	}
	free(v);
	if (rc != FS_OK)
		return rc;
	/*
	 * Only the staff of an insats the person takes part in may do it;
	 * the same answer whether the person takes part elsewhere or
	 * nowhere, so that the refusal reveals nothing.
	 */
	if (!mine) {
		fs_http_refuse(r, FS_PERM_DELTAGARE_EDIT, NULL);
		return FS_OK;
	}
	rc = fs_person_deidentify(r->db, &r->in[AVID_PNR].v.pnr, why, &n, err);
	if (rc != FS_OK)
		return rc;
	fs_http_audit(r, "person.avidentifiera.webb", "person", &own, "ok",
	    NULL);
	fs_http_json(r, MHD_HTTP_OK, json_pack("{s:I}", "avidentifierade",
	    (json_int_t)n));
	return FS_OK;
}

const struct http_endpoint fs_ep_avidentifiera = {
	.fn = avidentifiera,
	.body = avid_fields,
	.nbody = AVID__MAX,
	.body_kind = BODY_JSON,
	.summary = "Avidentifiera alla en persons deltaganden (återkallat "
	    "samtycke eller skyddad identitet)",
	.produces = "application/json",
	.ok_status = 200,
};
