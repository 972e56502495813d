/* SPDX-License-Identifier: ISC */
/*
 * Endpoints of the session: login (the session cookie and the CSRF
 * token), logout, "who am I" with the start page's to-do list, and the
 * code lists the forms need.  Authentication itself is user.h's; this
 * file only moves tokens between the library and HTTP.
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
#include "finsam/insats.h"
#include "finsam/parse.h"
#include "finsam/todo.h"
#include "finsam/user.h"

#include "api.h"
#include "http.h"
#include "jsonout.h"

#define SESSION_COOKIE "finsam_session"

/* ---- POST /inloggning ---- */

enum { LOGIN_NAMN, LOGIN_LOSENORD, LOGIN__MAX };
static const struct fs_field login_fields[] = {
	[LOGIN_NAMN] = { "anvandarnamn", FV_TEXT, true, false, 0, 256, 0,
	    "användarnamnet" },
	[LOGIN_LOSENORD] = { "losenord", FV_TEXT, true, false, 0, 1024, 0,
	    "lösenordet" },
};
_Static_assert(FS_NELEM(login_fields) == LOGIN__MAX, "login_fields");

/*
 * The session cookie: a browser session cookie (gone when the browser
 * closes; the server ends the session after 30 idle minutes or 12
 * hours anyway), or with forget the instruction to drop it.
 */
static void
cookie(struct http_req *r, const char *value, bool forget)
{
	char c[256];

	snprintf(c, sizeof(c), "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
	    SESSION_COOKIE, value, forget ? "; Max-Age=0" : "",
	    r->srv->cfg.secure_cookies ? "; Secure" : "");
	fs_http_add_header(r, MHD_HTTP_HEADER_SET_COOKIE, c);
	explicit_bzero(c, sizeof(c));
}

static enum fs_rc
inloggning(struct http_req *r, struct fs_err *err)
{
	struct fs_session s;
	char until[21];
	char *pw = (char *)r->in[LOGIN_LOSENORD].v.s.p;
	enum fs_rc rc;

	memset(&s, 0, sizeof(s));
	rc = fs_user_login(r->db, r->in[LOGIN_NAMN].v.s.p, pw, r->client,
	    fs_auth_now(), &s, err);
	/* The password leaves memory as soon as it has been tried. */
	explicit_bzero(pw, r->in[LOGIN_LOSENORD].v.s.len);
	explicit_bzero(r->body.buf, r->body.len);
	if (rc == FS_EDENIED) {
		fs_http_error(r, MHD_HTTP_UNAUTHORIZED,
		    "inloggning_misslyckades", err->msg, err->field);
		return FS_OK;
	}
	if (rc != FS_OK)
		return rc;
	cookie(r, s.token, false);
	fs_audit_time(s.expires, until);
	fs_http_json(r, MHD_HTTP_OK, json_pack("{s:s, s:s, s:s}",
	    "anvandarnamn", r->in[LOGIN_NAMN].v.s.p, "csrf", s.csrf,
	    "giltig_till", until));
	fs_session_clear(&s);
	return FS_OK;
}

const struct http_endpoint fs_ep_inloggning = {
	.fn = inloggning,
	.body = login_fields,
	.nbody = LOGIN__MAX,
	.body_kind = BODY_JSON,
	.summary = "Logga in: svarar med sessionskakan och CSRF-token",
	.produces = "application/json",
	.ok_status = 200,
	/* The password hash takes 75 ms: never on the writer's thread. */
	.runs = RUNS_READER,
};

/* ---- POST /utloggning ---- */

static enum fs_rc
utloggning(struct http_req *r, struct fs_err *err)
{
	enum fs_rc rc;

	rc = fs_session_logout(r->db, r->token, r->client, err);
	if (rc != FS_OK)
		return rc;
	cookie(r, "", true);
	fs_http_json(r, MHD_HTTP_OK, json_pack("{s:b}", "utloggad", 1));
	return FS_OK;
}

const struct http_endpoint fs_ep_utloggning = {
	.fn = utloggning,
	.body_kind = BODY_NONE,
	.summary = "Logga ut: avslutar sessionen på servern",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- GET /jag ---- */

/*
 * The to-do items of one insats for this user: participations to
 * close or complete where the user may see participants, and the
 * decision on what follows where the user may edit the insats.  Counts
 * only: the participations themselves are read (and logged) through
 * the list endpoint with the matching selection.
 */
static enum fs_rc
todo_insats(struct http_req *r, const struct fs_insats *in, int32_t today,
    json_t *items, struct fs_err *err)
{
	static const struct {
		enum fs_todo_urval	 urval;
		const char		*typ;
		const char		*text;
	} kinds[] = {
		{ FS_TODO_OPPNA_EFTER_SLUT, "oppna_efter_slut",
		    "öppna deltaganden fast insatsen har slutat" },
		{ FS_TODO_SAKNAR_UTDATA, "saknar_utdata",
		    "avslutade deltaganden som saknar uppgifter vid avslut" },
	};
	struct fs_scope s = { in->forbund_id, in->id };
	enum fs_rc rc;
	size_t n;

	if (fs_http_allowed(r, FS_PERM_DELTAGARE_READ, &s)) {
		for (size_t k = 0; k < FS_NELEM(kinds); k++) {
			rc = fs_todo_count(r->db, in->id, kinds[k].urval, today,
			    &n, err);
			if (rc != FS_OK)
				return rc;
			if (n > 0)
				json_array_append_new(items, json_pack(
				    "{s:s, s:s, s:I, s:s, s:I}", "typ",
				    kinds[k].typ, "text", kinds[k].text,
				    "insats_id", (json_int_t)in->id,
				    "insats_kod", in->kod,
				    "antal", (json_int_t)n));
		}
	}
	if (in->beslut == 0 && (in->status == FS_STATUS_AVSLUTAD ||
	    (in->slutdatum != FS_DATE_NONE && in->slutdatum < today)) &&
	    fs_http_allowed(r, FS_PERM_INSATS_EDIT, &s))
		json_array_append_new(items, json_pack(
		    "{s:s, s:s, s:I, s:s, s:I}", "typ", "insats_utan_beslut",
		    "text", "insatsen har slutat utan beslut om vad som följer",
		    "insats_id", (json_int_t)in->id, "insats_kod", in->kod,
		    "antal", (json_int_t)1));
	return FS_OK;
}

/* The insatser an assignment covers: its own, or all of its förbund. */
static enum fs_rc
todo_assignment(struct http_req *r, const struct fs_assignment *a,
    int32_t today, json_t *items, int64_t *seen, size_t *nseen,
    struct fs_err *err)
{
	struct fs_insats *v = NULL, one;
	size_t n = 0;
	enum fs_rc rc = FS_OK;
	bool dup;

	if (a->insats_id != 0) {
		fs_insats_init(&one);
		rc = fs_insats_get(r->db, a->insats_id, &one, err);
		if (rc == FS_OK) {
			v = &one;
			n = 1;
		}
	} else if (a->forbund_id != 0)
		rc = fs_insats_list(r->db, a->forbund_id, &v, &n, err);
	for (size_t i = 0; rc == FS_OK && i < n; i++) {
		dup = false;
		for (size_t k = 0; k < *nseen; k++)
			dup = dup || seen[k] == v[i].id;
		if (dup || *nseen >= 4096)
			continue;
		seen[(*nseen)++] = v[i].id;
		rc = todo_insats(r, &v[i], today, items, err);
	}
	if (v == &one)
		fs_insats_release(&one);
	else
		fs_insats_list_free(v, n);
	return rc;
}

static enum fs_rc
jag(struct http_req *r, struct fs_err *err)
{
	struct fs_user u;
	json_t *roles, *items, *o;
	int64_t *seen;
	size_t nseen = 0;
	int32_t today = fs_date_today();
	enum fs_rc rc;

	memset(&u, 0, sizeof(u));
	rc = fs_user_get(r->db, r->who.name, &u, err);
	if (rc != FS_OK)
		return rc;
	seen = fs_http_alloc(r, 4096 * sizeof(*seen));
	roles = json_array();
	items = json_array();
	if (seen == NULL || roles == NULL || items == NULL) {
		rc = fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
		goto out;
	}
	for (size_t i = 0; i < u.nassignments; i++) {
		const struct fs_user_assignment *a = &u.assignments[i];

		json_array_append_new(roles, json_pack(
		    "{s:s, s:s, s:o, s:o, s:o}",
		    "roll", fs_role_name(a->a.role),
		    "benamning", fs_role_label(a->a.role),
		    "forbund", fs_json_str(a->forbund_kod),
		    "insats", fs_json_str(a->insats_kod),
		    "insats_id", a->a.insats_id != 0 ?
		    json_integer(a->a.insats_id) : json_null()));
	}
	for (size_t i = 0; rc == FS_OK && i < r->who.nassignments; i++)
		rc = todo_assignment(r, &r->who.assignments[i], today, items,
		    seen, &nseen, err);
	if (rc != FS_OK)
		goto out;
	o = json_pack("{s:s, s:s, s:O, s:O}", "anvandarnamn", r->who.name,
	    "csrf", r->who.csrf, "roller", roles, "att_gora", items);
	fs_http_json(r, MHD_HTTP_OK, o);
out:
	json_decref(roles);
	json_decref(items);
	fs_user_release(&u);
	return rc;
}

const struct http_endpoint fs_ep_jag = {
	.fn = jag,
	.summary = "Vem är jag: roller, CSRF-token och startsidans att göra",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- GET /koder ---- */

static const struct {
	enum fs_list	 list;
	const char	*key;
} code_lists[] = {
	{ FS_LIST_UTBILDNING, "utbildning" },
	{ FS_LIST_FORSORJNING_TID, "offentlig_forsorjning_tid" },
	{ FS_LIST_FORSORJNING, "forsorjning" },
	{ FS_LIST_AVSLUT, "avslutsanledning" },
	{ FS_LIST_INRIKTNING, "inriktning" },
	{ FS_LIST_UPPFOLJNING, "uppfoljning" },
	{ FS_LIST_STATUS, "status" },
	{ FS_LIST_BESLUT, "beslut" },
	{ FS_LIST_PARTTYP, "parttyp" },
	{ FS_LIST_PREC_INDIVID, "preciserad_inriktning_individ" },
	{ FS_LIST_PREC_STRUKTUR, "preciserad_inriktning_struktur" },
	{ FS_LIST_MALGRUPP, "malgrupper" },
	{ FS_LIST_UPPDRAG, "uppdrag" },
	{ FS_LIST_STYRELSEROLL, "styrelseroll" },
};

static enum fs_rc
koder(struct http_req *r, struct fs_err *err)
{
	json_t *o = json_object(), *a;

	(void)err;
	for (size_t i = 0; o != NULL && i < FS_NELEM(code_lists); i++) {
		a = json_array();
		for (size_t v = 1; a != NULL &&
		    v < fs_code_count(code_lists[i].list); v++)
			json_array_append_new(a, json_pack("{s:s, s:o}",
			    "kod", fs_code_name(code_lists[i].list, (int)v),
			    "benamning", fs_json_str(fs_code_label(
			    code_lists[i].list, (int)v))));
		json_object_set_new(o, code_lists[i].key, a);
	}
	fs_http_json(r, MHD_HTTP_OK, o);
	return FS_OK;
}

const struct http_endpoint fs_ep_koder = {
	.fn = koder,
	.summary = "Kodlistorna (utbildning, försörjning, avslutsanledning ...)",
	.produces = "application/json",
	.ok_status = 200,
};
