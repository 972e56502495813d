/* SPDX-License-Identifier: ISC */
/*
 * The route table of the JSON API and the dispatcher: the single place
 * where authorisation is decided.  Every route names its method, path
 * pattern, the permission it needs (access.h) and how the scope of the
 * object is found; a route left at FS_PERM_UNSET makes the server
 * refuse to start (fs_http_routes_check(), also run by the unit test).
 * The dispatcher matches the route, checks the session and the CSRF
 * token, checks the path and query fields, finds the scope, asks
 * fs_access_check() and writes every refusal to the audit log, and
 * only then checks the body and calls the handler.  Owns the table.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <microhttpd.h>

#include "finsam/access.h"
#include "finsam/alloc.h"
#include "finsam/audit.h"
#include "finsam/csv.h"
#include "finsam/db.h"
#include "finsam/err.h"
#include "finsam/forbund.h"
#include "finsam/insats.h"
#include "finsam/parse.h"
#include "finsam/user.h"

#include "api.h"
#include "http.h"

#define SESSION_COOKIE "finsam_session"
#define CSRF_HEADER "X-CSRF-Token"

#define R(m, path, perm, scope, flags, ep) \
	{ HTTP_##m, "/api/v1" path, FS_PERM_##perm, SCOPE_##scope, flags, &ep }

/*
 * Every route of the API.  Read with spec/access.md: the permission
 * names the column of the table, the scope says whose object it is.
 */
const struct http_route fs_http_routes[] = {
	/* session and the service itself */
	R(POST, "/inloggning", PUBLIC, NONE, ROUTE_NO_CSRF | ROUTE_SECRET,
	    fs_ep_inloggning),
	R(POST, "/utloggning", SESSION, NONE, 0, fs_ep_utloggning),
	R(GET, "/jag", SESSION, NONE, 0, fs_ep_jag),
	R(GET, "/openapi.json", PUBLIC, NONE, 0, fs_ep_openapi),
	R(GET, "/koder", SESSION, NONE, 0, fs_ep_koder),

	/* förbund and members */
	R(GET, "/forbund", FORBUND_READ, ITEMS, 0, fs_ep_forbund_lista),
	R(POST, "/forbund", FORBUND_EDIT, NONE, 0, fs_ep_forbund_skapa),
	R(GET, "/forbund/{kod}", FORBUND_READ, FORBUND, 0, fs_ep_forbund_visa),
	R(PATCH, "/forbund/{kod}", FORBUND_EDIT, FORBUND, 0,
	    fs_ep_forbund_andra),
	R(GET, "/forbund/{kod}/medlemmar", FORBUND_READ, FORBUND, 0,
	    fs_ep_medlem_lista),
	R(POST, "/forbund/{kod}/medlemmar", FORBUND_EDIT, FORBUND, 0,
	    fs_ep_medlem_in),
	R(PATCH, "/forbund/{kod}/medlemmar/{kommun}", FORBUND_EDIT, FORBUND, 0,
	    fs_ep_medlem_ut),

	/* the board */
	R(GET, "/forbund/{kod}/styrelse", FORBUND_READ, FORBUND, 0,
	    fs_ep_styrelse_visa),
	R(POST, "/forbund/{kod}/styrelse/uppdrag", FORBUND_EDIT, FORBUND, 0,
	    fs_ep_styrelse_uppdrag),
	R(PATCH, "/forbund/{kod}/styrelse/uppdrag/{id}", FORBUND_EDIT, FORBUND,
	    0, fs_ep_styrelse_uppdrag_slut),
	R(POST, "/forbund/{kod}/styrelse/mandat", FORBUND_EDIT, FORBUND, 0,
	    fs_ep_styrelse_mandat),

	/* insatser */
	R(GET, "/forbund/{kod}/insatser", INSATS_READ, ITEMS, 0,
	    fs_ep_insats_lista),
	R(POST, "/forbund/{kod}/insatser", INSATS_EDIT, FORBUND, 0,
	    fs_ep_insats_skapa),
	R(GET, "/insatser/{id}", INSATS_READ, INSATS, 0, fs_ep_insats_visa),
	R(PATCH, "/insatser/{id}", INSATS_EDIT, INSATS, 0, fs_ep_insats_andra),

	/* anonymous and count-only figures */
	R(GET, "/insatser/{id}/anonyma", ANONYMA_EDIT, INSATS, 0,
	    fs_ep_anonyma_lista),
	R(PUT, "/insatser/{id}/anonyma/{ar}", ANONYMA_EDIT, INSATS, 0,
	    fs_ep_anonyma_ange),
	R(GET, "/insatser/{id}/antal", ANONYMA_EDIT, INSATS, 0,
	    fs_ep_antal_lista),
	R(PUT, "/insatser/{id}/antal/{period}", ANONYMA_EDIT, INSATS, 0,
	    fs_ep_antal_ange),

	/* identified participants */
	R(POST, "/insatser/{id}/samtycken", DELTAGARE_EDIT, INSATS,
	    ROUTE_PERSONAL, fs_ep_samtycke),
	R(GET, "/insatser/{id}/deltaganden", DELTAGARE_READ, INSATS,
	    ROUTE_PERSONAL, fs_ep_delt_lista),
	R(POST, "/insatser/{id}/deltaganden", DELTAGARE_EDIT, INSATS,
	    ROUTE_PERSONAL, fs_ep_delt_registrera),
	R(GET, "/deltaganden/{id}", DELTAGARE_READ, DELTAGANDE,
	    ROUTE_PERSONAL, fs_ep_delt_visa),
	R(PATCH, "/deltaganden/{id}", DELTAGARE_EDIT, DELTAGANDE,
	    ROUTE_PERSONAL, fs_ep_delt_andra),
	R(POST, "/deltagare/sok", DELTAGARE_READ, ITEMS, ROUTE_PERSONAL,
	    fs_ep_delt_sok),
	R(POST, "/deltagare/avidentifiera", DELTAGARE_EDIT, ITEMS,
	    ROUTE_PERSONAL, fs_ep_avidentifiera),

	/* CSV import, all or nothing, with preview */
	R(POST, "/import/forbund", FORBUND_EDIT, IMPORT, 0,
	    fs_ep_import_forbund),
	R(POST, "/import/insatser", INSATS_EDIT, IMPORT, 0,
	    fs_ep_import_insatser),
	R(POST, "/import/deltagande", DELTAGARE_EDIT, IMPORT, ROUTE_PERSONAL,
	    fs_ep_import_deltagande),
	R(POST, "/import/anonyma", ANONYMA_EDIT, IMPORT, 0,
	    fs_ep_import_anonyma),

	/* reports (internal: the förbund's own staff) */
	R(GET, "/rapporter/utfall", RAPPORT_INTERN, QUERY, 0, fs_ep_utfall),
	R(GET, "/rapporter/utfall/csv", RAPPORT_INTERN, QUERY, 0,
	    fs_ep_utfall_csv),
	R(GET, "/rapporter/utfall/xlsx", RAPPORT_INTERN, QUERY, 0,
	    fs_ep_utfall_xlsx),
	R(GET, "/rapporter/utfall/html", RAPPORT_INTERN, QUERY, 0,
	    fs_ep_utfall_html),
	R(GET, "/rapporter/utfall/svg", RAPPORT_INTERN, QUERY, 0,
	    fs_ep_utfall_svg),
	/*
	 * reports (publishable: läsare of the förbund, analytiker every
	 * level; riket and län have no förbund, so only a reach of ALL
	 * gets them)
	 */
	R(GET, "/rapporter/utfall/publicerbar", RAPPORT_PUBLICERBAR, QUERY, 0,
	    fs_ep_utfall_pub),
	R(GET, "/rapporter/utfall/publicerbar/csv", RAPPORT_PUBLICERBAR, QUERY,
	    0, fs_ep_utfall_pub_csv),
	R(GET, "/rapporter/utfall/publicerbar/xlsx", RAPPORT_PUBLICERBAR,
	    QUERY, 0, fs_ep_utfall_pub_xlsx),
	R(GET, "/rapporter/utfall/publicerbar/html", RAPPORT_PUBLICERBAR,
	    QUERY, 0, fs_ep_utfall_pub_html),
	R(GET, "/rapporter/utfall/publicerbar/svg", RAPPORT_PUBLICERBAR, QUERY,
	    0, fs_ep_utfall_pub_svg),

	/*
	 * the state allocation: every förbund at once, so no förbund is
	 * the scope and only a reach of ALL gets it (access.md)
	 */
	R(GET, "/tilldelning/{ar}", TILLDELNING_READ, NONE, 0,
	    fs_ep_tilldelning_berakna),
	R(GET, "/tilldelning/berakningar/{id}", TILLDELNING_READ, NONE, 0,
	    fs_ep_tilldelning_berakning),

	/*
	 * @@ evaluation (api_utvardering.c) @@ linkage and evaluation:
	 * pseudonymised and aggregated data only, the analytiker's
	 * (access.md); no object belongs to a förbund, so only a reach of
	 * ALL gets them
	 */
	R(GET, "/koppling/projekt", KOPPLING, NONE, 0, fs_ep_koppling_lista),
	R(POST, "/koppling/projekt", KOPPLING, NONE, 0, fs_ep_koppling_skapa),
	R(GET, "/koppling/projekt/{id}", KOPPLING, NONE, 0,
	    fs_ep_koppling_visa),
	R(POST, "/koppling/projekt/{id}/export", KOPPLING, NONE, 0,
	    fs_ep_koppling_exportera),
	R(POST, "/koppling/projekt/{id}/korningar", KOPPLING, NONE, 0,
	    fs_ep_korning_skapa),
	R(GET, "/koppling/korningar/{id}", KOPPLING, NONE, 0,
	    fs_ep_korning_visa),
	R(PUT, "/koppling/korningar/{id}/perioder", KOPPLING, NONE, 0,
	    fs_ep_korning_perioder),
	R(GET, "/koppling/korningar/{id}/resultat", KOPPLING, NONE, 0,
	    fs_ep_korning_resultat),
	R(GET, "/koppling/korningar/{id}/svg", KOPPLING, NONE, 0,
	    fs_ep_korning_svg),
	R(GET, "/utvardering/utfall", KOPPLING, NONE, 0, fs_ep_utv_utfall),
	R(POST, "/utvardering/panel", KOPPLING, NONE, 0, fs_ep_utv_panel),
	R(POST, "/utvardering/panel/fm", KOPPLING, NONE, 0,
	    fs_ep_utv_panel_fm),
	R(POST, "/utvardering/did", KOPPLING, NONE, 0, fs_ep_utv_did),
	R(POST, "/utvardering/did/panel", KOPPLING, NONE, 0,
	    fs_ep_utv_did_panel),
	R(GET, "/utvardering/resultat/{id}", KOPPLING, NONE, 0,
	    fs_ep_utv_resultat),
	R(GET, "/utvardering/resultat/{id}/svg", KOPPLING, NONE, 0,
	    fs_ep_utv_resultat_svg),
	/* @@ end of evaluation @@ */

	/* the audit log of a förbund */
	R(GET, "/logg", LOGG_READ, QUERY, 0, fs_ep_logg),

	/*
	 * @@ ekonomi (api_ekonomi.c): a förbund's money is the column
	 * "förbund record, members, board, accounts" of access.md (read:
	 * every role of the förbund and the analytiker; edit: its
	 * förbundsadministratör); the allocation chart covers every
	 * förbund (tilldelning.las, no förbund as scope); scenarios are
	 * the analytiker's "edit scenarios", of no förbund.
	 */
	R(GET, "/forbund/{kod}/bidrag/{ar}", FORBUND_READ, FORBUND, 0,
	    fs_ep_ek_bidrag),
	R(GET, "/forbund/{kod}/kommunfordelning", FORBUND_READ, FORBUND, 0,
	    fs_ep_ek_kfd_lista),
	R(PUT, "/forbund/{kod}/kommunfordelning/{ar}", FORBUND_EDIT, FORBUND,
	    0, fs_ep_ek_kfd_satt),
	R(GET, "/forbund/{kod}/ekonomi/{ar}", FORBUND_READ, FORBUND, 0,
	    fs_ep_ek_visa),
	R(PUT, "/forbund/{kod}/ekonomi/{ar}/utfall", FORBUND_EDIT, FORBUND, 0,
	    fs_ep_ek_utfall),
	R(PUT, "/forbund/{kod}/ekonomi/{ar}/budget", FORBUND_EDIT, FORBUND, 0,
	    fs_ep_ek_budget),
	R(GET, "/forbund/{kod}/kalender", FORBUND_READ, FORBUND, 0,
	    fs_ep_ek_kalender),
	R(POST, "/forbund/{kod}/kalender", FORBUND_EDIT, FORBUND, 0,
	    fs_ep_ek_handelse),
	R(GET, "/tilldelning/{ar}/svg", TILLDELNING_READ, NONE, 0,
	    fs_ep_tilldelning_svg),
	R(POST, "/scenarier/sammanslagning", SCENARIO_EDIT, NONE, 0,
	    fs_ep_scen_sammanslagning),
	R(POST, "/scenarier/lamnar", SCENARIO_EDIT, NONE, 0,
	    fs_ep_scen_lamnar),
	R(POST, "/scenarier/gar-med", SCENARIO_EDIT, NONE, 0,
	    fs_ep_scen_gar_med),
	/* @@ ekonomi: add routes above this line @@ */
};
const size_t fs_http_nroutes = FS_NELEM(fs_http_routes);

#undef R

static const char *const method_names[] = {
	[HTTP_GET] = "GET",
	[HTTP_POST] = "POST",
	[HTTP_PUT] = "PUT",
	[HTTP_PATCH] = "PATCH",
	[HTTP_DELETE] = "DELETE",
};
_Static_assert(FS_NELEM(method_names) == HTTP_METHOD__MAX, "method_names");

static const char *const scope_names[] = {
	[SCOPE_NONE] = "inget",
	[SCOPE_FORBUND] = "forbund",
	[SCOPE_INSATS] = "insats",
	[SCOPE_DELTAGANDE] = "deltagande",
	[SCOPE_QUERY] = "fraga",
	[SCOPE_ITEMS] = "poster",
	[SCOPE_IMPORT] = "import",
};
_Static_assert(FS_NELEM(scope_names) == SCOPE__MAX, "scope_names");

const char *
fs_http_method_name(enum http_method m)
{
	return (unsigned)m < HTTP_METHOD__MAX ? method_names[m] : "?";
}

const char *
fs_http_scope_name(enum http_scope s)
{
	return (unsigned)s < SCOPE__MAX ? scope_names[s] : "?";
}

/* ---- the table's own rules ---- */

static bool
state_changing(enum http_method m)
{
	return m != HTTP_GET;
}

/* Index of the query field name of ep, or -1. */
static int
query_index(const struct http_endpoint *ep, const char *name)
{
	for (size_t i = 0; i < ep->nquery; i++)
		if (strcmp(ep->query[i].name, name) == 0)
			return (int)i;
	return -1;
}

enum fs_rc
fs_http_routes_check(struct fs_err *err)
{
	return fs_http_table_check(fs_http_routes, fs_http_nroutes, err);
}

enum fs_rc
fs_http_table_check(const struct http_route *routes, size_t nroutes,
    struct fs_err *err)
{
	for (size_t i = 0; i < nroutes; i++) {
		const struct http_route *rt = &routes[i];
		const char *p, *q;

		if (rt->perm == FS_PERM_UNSET ||
		    (unsigned)rt->perm >= FS_PERM__MAX)
			return fs_err_set(err, FS_EINVAL, "behorighet",
			    "vägen %s %s saknar behörighet",
			    fs_http_method_name(rt->method), rt->pattern);
		if (rt->ep == NULL || rt->ep->fn == NULL ||
		    rt->ep->summary == NULL || rt->ep->produces == NULL)
			return fs_err_set(err, FS_EINVAL, "vag",
			    "vägen %s %s saknar hanterare eller beskrivning",
			    fs_http_method_name(rt->method), rt->pattern);
		if ((unsigned)rt->method >= HTTP_METHOD__MAX ||
		    (unsigned)rt->scope >= SCOPE__MAX ||
		    strncmp(rt->pattern, "/api/v1/", 8) != 0)
			return fs_err_set(err, FS_EINVAL, "vag",
			    "vägen %s är felaktig", rt->pattern);
		/* Path parameters must be declared. */
		for (p = strchr(rt->pattern, '{'); p != NULL;
		    p = strchr(q, '{')) {
			q = strchr(p, '}');
			if (q == NULL || fs_http_param_field(p + 1,
			    (size_t)(q - p - 1)) == NULL)
				return fs_err_set(err, FS_EINVAL, "vag",
				    "vägen %s har en okänd parameter",
				    rt->pattern);
		}
		/* The scope must be findable from what the route gets. */
		if ((rt->scope == SCOPE_FORBUND &&
		    strstr(rt->pattern, "{kod}") == NULL) ||
		    ((rt->scope == SCOPE_INSATS ||
		    rt->scope == SCOPE_DELTAGANDE) &&
		    strstr(rt->pattern, "{id}") == NULL) ||
		    (rt->scope == SCOPE_QUERY &&
		    query_index(rt->ep, "forbund") < 0) ||
		    (rt->scope == SCOPE_IMPORT && rt->ep->body_kind != BODY_CSV))
			return fs_err_set(err, FS_EINVAL, "scope",
			    "vägen %s %s kan inte hitta sitt scope",
			    fs_http_method_name(rt->method), rt->pattern);
		/* Personal data travels in bodies, never in addresses. */
		for (size_t k = 0; k < rt->ep->nquery; k++)
			if (rt->ep->query[k].type == FV_PNR ||
			    rt->ep->query[k].type == FV_CODESET ||
			    rt->ep->query[k].type == FV_TEXTLIST)
				return fs_err_set(err, FS_EINVAL, "vag",
				    "vägen %s tar ett listfält eller "
				    "personnummer i adressen", rt->pattern);
		if (rt->method == HTTP_GET && rt->ep->body_kind != BODY_NONE)
			return fs_err_set(err, FS_EINVAL, "vag",
			    "GET %s får inte ha en kropp", rt->pattern);
		if ((rt->flags & ROUTE_NO_CSRF) != 0 &&
		    rt->perm != FS_PERM_PUBLIC)
			return fs_err_set(err, FS_EINVAL, "vag",
			    "bara offentliga vägar får sakna CSRF-skydd");
		for (size_t j = 0; j < i; j++)
			if (routes[j].method == rt->method &&
			    strcmp(routes[j].pattern, rt->pattern) == 0)
				return fs_err_set(err, FS_EINVAL, "vag",
				    "vägen %s %s finns två gånger",
				    fs_http_method_name(rt->method),
				    rt->pattern);
	}
	return FS_OK;
}

/* ---- matching ---- */

/* Match path against pattern; parameters into params. */
static bool
match(const char *pat, const char *path, struct fs_str *params, size_t *np)
{
	size_t n = 0, len;
	const char *end;

	while (*pat != '\0') {
		if (*pat == '{') {
			pat = strchr(pat, '}');
			if (pat == NULL || n >= HTTP_MAX_PARAMS)
				return false;
			pat++;
			len = strcspn(path, "/");
			if (len == 0)
				return false;
			params[n].p = path;
			params[n].len = len;
			n++;
			path += len;
			continue;
		}
		end = strchr(pat, '{');
		len = end != NULL ? (size_t)(end - pat) : strlen(pat);
		if (strncmp(pat, path, len) != 0)
			return false;
		pat += len;
		path += len;
	}
	if (*path != '\0')
		return false;
	*np = n;
	return true;
}

const struct http_route *
fs_http_route_match(enum http_method m, const char *path,
    struct fs_str *params, size_t *nparams, unsigned *allowed)
{
	struct fs_str tmp[HTTP_MAX_PARAMS];
	size_t ntmp;

	*allowed = 0;
	*nparams = 0;
	for (size_t i = 0; i < fs_http_nroutes; i++) {
		if (!match(fs_http_routes[i].pattern, path, tmp, &ntmp))
			continue;
		if (fs_http_routes[i].method == m) {
			memcpy(params, tmp, sizeof(tmp));
			*nparams = ntmp;
			return &fs_http_routes[i];
		}
		*allowed |= 1u << fs_http_routes[i].method;
	}
	return NULL;
}

/* ---- authorisation ---- */

bool
fs_http_allowed(struct http_req *r, enum fs_perm perm,
    const struct fs_scope *s)
{
	enum fs_role by;
	bool ok;

	ok = fs_access_check_role(&r->who, perm, s, &by);
	if (ok && r->role == FS_ROLE__MAX)
		r->role = by;
	return ok;
}

/* The object named in the audit log for r: "deltagande 12", or the route. */
static void
object_of(struct http_req *r, char *out, size_t n)
{
	if (r->route != NULL && r->route->scope == SCOPE_DELTAGANDE &&
	    r->path[0].set)
		snprintf(out, n, "deltagande %lld", (long long)r->path[0].v.i);
	else if (r->route != NULL)
		snprintf(out, n, "%s %s", fs_http_method_name(r->route->method),
		    r->route->pattern);
	else
		snprintf(out, n, "okänd väg");
}

/* Log the refusal and answer 403. */
void
fs_http_refuse(struct http_req *r, enum fs_perm perm,
    const struct fs_scope *s)
{
	struct fs_err err = FS_ERR_INIT;
	char obj[160];

	object_of(r, obj, sizeof(obj));
	if (r->db != NULL && fs_audit_refusal(r->db, &r->who, perm, s, obj,
	    r->client, fs_auth_now(), &err) != FS_OK) {
		fs_http_fail(r, &err);
		return;
	}
	fs_http_error(r, MHD_HTTP_FORBIDDEN, "nekad",
	    "åtkomst nekad: du saknar behörighet för detta", NULL);
}

void
fs_http_audit(struct http_req *r, const char *action, const char *object,
    const struct fs_scope *s, const char *outcome, const char *details)
{
	struct fs_audit_entry e;
	struct fs_err err = FS_ERR_INIT;

	memset(&e, 0, sizeof(e));
	e.anvandare = r->who.user_id != 0 ? r->who.name : (char *)"anonym";
	e.roll = (char *)fs_role_name(r->role);
	e.handling = (char *)action;
	e.objekt = (char *)object;
	e.forbund_id = s != NULL ? s->forbund_id : 0;
	e.insats_id = s != NULL ? s->insats_id : 0;
	e.utfall = (char *)outcome;
	e.klientadress = r->client;
	e.detaljer = (char *)details;
	if (fs_audit_write(r->db, &e, &err) != FS_OK)
		fprintf(stderr, "finsam serve: id=%s granskningsloggen: %s\n",
		    r->id, err.msg);
}

/* Find r->scope for the route; false when an answer was set. */
static bool
find_scope(struct http_req *r)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_forbund f;
	enum fs_rc rc = FS_OK;
	int qi;

	memset(&r->scope, 0, sizeof(r->scope));
	switch (r->route->scope) {
	case SCOPE_FORBUND:
		fs_forbund_init(&f);
		rc = fs_forbund_get_kod(r->db, r->path[0].v.s.p, &f, &err);
		r->scope.forbund_id = f.id;
		fs_forbund_release(&f);
		break;
	case SCOPE_INSATS:
		rc = fs_access_scope_insats(r->db, r->path[0].v.i, &r->scope,
		    &err);
		break;
	case SCOPE_DELTAGANDE:
		rc = fs_access_scope_deltagande(r->db, r->path[0].v.i,
		    &r->scope, &err);
		if (rc == FS_ENOTFOUND) {
			/*
			 * A participation that does not exist is refused
			 * like one of another insats, so that ids cannot be
			 * probed.
			 */
			fs_http_refuse(r, r->route->perm, &r->scope);
			return false;
		}
		break;
	case SCOPE_QUERY:
		qi = query_index(r->route->ep, "forbund");
		if (qi >= 0 && r->query[qi].set) {
			fs_forbund_init(&f);
			rc = fs_forbund_get_kod(r->db, r->query[qi].v.s.p, &f,
			    &err);
			r->scope.forbund_id = f.id;
			fs_forbund_release(&f);
		}
		break;
	case SCOPE_NONE:
	case SCOPE_ITEMS:
	case SCOPE_IMPORT:
	case SCOPE__MAX:
		break;
	}
	if (rc != FS_OK) {
		fs_http_fail(r, &err);
		return false;
	}
	return true;
}

/* The decision for the route itself; false when refused (answered). */
static bool
authorise(struct http_req *r)
{
	const struct http_route *rt = r->route;
	bool ok;

	if (rt->scope == SCOPE_IMPORT)
		return true;	/* after the body, per target: import_scope() */
	if (rt->scope == SCOPE_ITEMS)
		ok = fs_access_any(&r->who, rt->perm);
	else
		ok = fs_http_allowed(r, rt->perm, &r->scope);
	if (!ok)
		fs_http_refuse(r, rt->perm, &r->scope);
	return ok;
}

/* Set the actor of the connection to the user of the request. */
static bool
set_actor(struct http_req *r)
{
	char *a = fs_strdup(r->who.user_id != 0 ? r->who.name : "anonym");

	if (a == NULL) {
		fs_http_error(r, 500, "internt_fel", "minnet räcker inte",
		    NULL);
		return false;
	}
	free(r->db->actor);
	r->db->actor = a;
	/* The library's own audit entries carry the same role and client. */
	snprintf(r->db->roll, sizeof(r->db->roll), "%s",
	    (unsigned)r->role < FS_ROLE__MAX ?
	    fs_role_name(r->role) : "");
	snprintf(r->db->klient, sizeof(r->db->klient), "%s", r->client);
	return true;
}

/* Session and CSRF; false when answered. */
static bool
authenticate(struct http_req *r)
{
	struct fs_err err = FS_ERR_INIT;
	const char *tok, *csrf;

	tok = fs_http_cookie_get(r, SESSION_COOKIE);
	if (tok != NULL && strlen(tok) == FS_TOKEN_HEX_LEN) {
		snprintf(r->token, sizeof(r->token), "%s", tok);
		if (fs_session_check(r->db, r->token, fs_auth_now(), &r->who,
		    &err) != FS_OK) {
			if (err.rc != FS_EDENIED) {
				fs_http_fail(r, &err);
				return false;
			}
			fs_principal_release(&r->who);
			fs_principal_init(&r->who);
		}
	}
	if (r->route->perm == FS_PERM_PUBLIC)
		return true;
	if (r->who.user_id == 0) {
		struct fs_err aerr = FS_ERR_INIT;
		char obj[160];

		object_of(r, obj, sizeof(obj));
		if (fs_audit_refusal(r->db, NULL, r->route->perm, NULL, obj,
		    r->client, fs_auth_now(), &aerr) != FS_OK) {
			fs_http_fail(r, &aerr);
			return false;
		}
		fs_http_add_header(r, "WWW-Authenticate", "Cookie");
		fs_http_error(r, MHD_HTTP_UNAUTHORIZED, "ej_inloggad",
		    tok != NULL ? "sessionen är ogiltig eller har gått ut: "
		    "logga in igen" : "du måste logga in", NULL);
		return false;
	}
	if (state_changing(r->route->method) &&
	    (r->route->flags & ROUTE_NO_CSRF) == 0) {
		csrf = fs_http_header_get(r, CSRF_HEADER);
		if (!fs_session_csrf_ok(&r->who, csrf)) {
			struct fs_err aerr = FS_ERR_INIT;
			char obj[160];

			object_of(r, obj, sizeof(obj));
			if (fs_audit_refusal(r->db, &r->who, r->route->perm,
			    NULL, obj, r->client, fs_auth_now(), &aerr) !=
			    FS_OK) {
				fs_http_fail(r, &aerr);
				return false;
			}
			fs_http_error(r, MHD_HTTP_FORBIDDEN, "csrf",
			    "CSRF-token saknas eller är fel: skicka "
			    "X-CSRF-Token från inloggningen", CSRF_HEADER);
			return false;
		}
	}
	return true;
}

/* Route, method, body size: false when answered. */
static bool
route_of(struct http_req *r)
{
	unsigned allowed = 0;
	const char *cl;
	int64_t len;
	char allow[64] = "";

	if (r->method == HTTP_METHOD__MAX) {
		fs_http_error(r, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "metod_ej_tillaten", "metoden stöds inte", NULL);
		return false;
	}
	r->route = fs_http_route_match(r->method, r->url, r->params,
	    &r->nparams, &allowed);
	if (r->route == NULL) {
		if (allowed != 0) {
			for (int m = 0; m < HTTP_METHOD__MAX; m++)
				if ((allowed & (1u << m)) != 0)
					snprintf(allow + strlen(allow),
					    sizeof(allow) - strlen(allow),
					    "%s%s", allow[0] != '\0' ? ", " : "",
					    method_names[m]);
			fs_http_add_header(r, MHD_HTTP_HEADER_ALLOW, allow);
			fs_http_error(r, MHD_HTTP_METHOD_NOT_ALLOWED,
			    "metod_ej_tillaten",
			    "metoden är inte tillåten för adressen", NULL);
		} else if (strncmp(r->url, "/api/", 5) == 0 ||
		    r->method != HTTP_GET || !fs_http_static(r, r->url))
			fs_http_error(r, MHD_HTTP_NOT_FOUND, "finns_inte",
			    "adressen finns inte", NULL);
		return false;
	}
	r->body_max = r->route->ep->body_kind == BODY_CSV ?
	    r->srv->cfg.upload_max : r->srv->cfg.body_max;
	fs_buf_release(&r->body);
	fs_buf_init(&r->body, r->body_max);
	cl = fs_http_header_get(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl != NULL && fs_parse_i64(cl, strlen(cl), 0, INT64_MAX, &len,
	    "Content-Length", NULL) == FS_OK)
		r->declared = (uint64_t)len;
	if (r->declared > r->body_max) {
		char msg[96];

		r->too_big = true;
		snprintf(msg, sizeof(msg),
		    "kroppen är större än tillåtna %zu byte", r->body_max);
		fs_http_error(r, MHD_HTTP_CONTENT_TOO_LARGE, "for_stor", msg,
		    NULL);
		return false;
	}
	return true;
}

/*
 * Phase 1, before the body: route, session, CSRF, path and query
 * fields, scope and the decision.  A refusal is answered without
 * reading the body into memory.
 */
bool
fs_http_begin(struct http_req *r)
{
	struct fs_err err = FS_ERR_INIT;
	bool ok = false;

	if (!route_of(r))
		return false;
	fs_http_reader(r);
	if (!authenticate(r))
		goto out;
	if (!set_actor(r))
		goto out;
	if (fs_http_parse_params(r, &err) != FS_OK ||
	    fs_http_parse_query(r, &err) != FS_OK) {
		fs_http_fail(r, &err);
		goto out;
	}
	if (!find_scope(r) || !authorise(r))
		goto out;
	ok = true;
out:
	fs_http_reader_done(r);
	return ok;
}

/* ---- import scope: every target of the uploaded file ---- */

/*
 * The check of one value of the key column of an import: 1 allowed,
 * 0 refused (r->scope is then the target), -1 on a storage failure
 * (err filled).  Unknown or ambiguous codes are left to the importer,
 * which reports them as bad rows and stores nothing.
 */
static int
import_target(struct http_req *r, const char *kind, struct fs_str v,
    struct fs_str ikod, struct fs_err *err)
{
	struct fs_forbund f;
	struct fs_insats in;
	struct fs_scope s = FS_SCOPE_NONE;
	char kod[128], ik[128];
	bool known = true;
	enum fs_rc rc;

	if (v.len == 0 || v.len >= sizeof(kod))
		return 1;
	memcpy(kod, v.p, v.len);
	kod[v.len] = '\0';
	fs_forbund_init(&f);
	fs_insats_init(&in);
	if (strcmp(kind, "insats_kod") == 0) {
		rc = fs_insats_find_kod(r->db, kod, &in, err);
		if (rc == FS_OK) {
			s.forbund_id = in.forbund_id;
			s.insats_id = in.id;
		} else if (rc == FS_ENOTFOUND || rc == FS_EINVAL) {
			known = false;
			rc = FS_OK;
		}
	} else {
		rc = fs_forbund_get_kod(r->db, kod, &f, err);
		if (rc == FS_OK)
			s.forbund_id = f.id;
		else if (rc == FS_ENOTFOUND) {
			/* A new förbund is an object of no förbund. */
			known = strcmp(kind, "forbund_kod") == 0;
			rc = FS_OK;
		}
		/* An insats row: the insats when it exists already. */
		if (rc == FS_OK && s.forbund_id != 0 && ikod.len > 0 &&
		    ikod.len < sizeof(ik)) {
			memcpy(ik, ikod.p, ikod.len);
			ik[ikod.len] = '\0';
			rc = fs_insats_get_kod(r->db, f.id, ik, &in, err);
			if (rc == FS_OK)
				s.insats_id = in.id;
			else if (rc == FS_ENOTFOUND)
				rc = FS_OK;
		}
	}
	fs_forbund_release(&f);
	fs_insats_release(&in);
	if (rc != FS_OK)
		return -1;
	if (!known)
		return 1;
	if (!fs_http_allowed(r, r->route->perm, &s)) {
		r->scope = s;
		return 0;
	}
	return 1;
}

/* Whether h (a header field, BOM tolerated) is name. */
static bool
header_is(struct fs_str h, size_t i, const char *name)
{
	if (i == 0 && h.len >= 3 && memcmp(h.p, "\xef\xbb\xbf", 3) == 0) {
		h.p += 3;
		h.len -= 3;
	}
	return h.len == strlen(name) && memcmp(h.p, name, h.len) == 0;
}

/*
 * Check every target of the uploaded file: the förbund of each row
 * (förbund, insatser) or the insats (deltagande, anonyma).  False when
 * answered.  A file that cannot be read as CSV is left to the
 * importer, which reports it.
 */
static bool
import_scope(struct http_req *r)
{
	const char *kind = strrchr(r->route->pattern, '/') + 1;
	const char *col = strcmp(kind, "forbund") == 0 ? "forbund_kod" :
	    (strcmp(kind, "insatser") == 0 ? "insatser" : "insats_kod");
	const char *keycol = strcmp(col, "insatser") == 0 ? "forbund_kod" :
	    col;
	struct fs_err err = FS_ERR_INIT;
	struct fs_csv *c = NULL;
	struct fs_str v, k;
	char *last = NULL;
	size_t lastlen = 0, ci = SIZE_MAX, ki = SIZE_MAX;
	bool row, first = true;
	int ok = 1;

	if (!fs_access_any(&r->who, r->route->perm)) {
		fs_http_refuse(r, r->route->perm, NULL);
		return false;
	}
	if (fs_csv_open_mem(r->body.buf, r->body.len, &c, &err) != FS_OK)
		return true;
	while (ok == 1 && fs_csv_next(c, &row, &err) == FS_OK && row) {
		if (first) {
			for (size_t i = 0; i < fs_csv_nfields(c); i++) {
				if (header_is(fs_csv_field(c, i), i, keycol))
					ci = i;
				if (header_is(fs_csv_field(c, i), i,
				    "insats_kod"))
					ki = i;
			}
			first = false;
			if (ci == SIZE_MAX)
				break;	/* the importer names the column */
			continue;
		}
		if (ci >= fs_csv_nfields(c))
			continue;
		v = fs_csv_field(c, ci);
		k = strcmp(col, "insatser") == 0 && ki < fs_csv_nfields(c) ?
		    fs_csv_field(c, ki) : (struct fs_str){ NULL, 0 };
		/* Rows come grouped: a value just checked is skipped. */
		if (strcmp(col, "insatser") != 0 && last != NULL &&
		    lastlen == v.len && memcmp(last, v.p, v.len) == 0)
			continue;
		ok = import_target(r, col, v, k, &err);
		free(last);
		last = fs_strndup(v.p, v.len);
		lastlen = last != NULL ? v.len : 0;
	}
	free(last);
	fs_csv_free(c);
	if (ok < 0) {
		fs_http_fail(r, &err);
		return false;
	}
	if (ok == 0) {
		fs_http_refuse(r, r->route->perm, &r->scope);
		return false;
	}
	return true;
}

enum fs_rc
fs_http_handle(struct http_req *r)
{
	struct fs_err err = FS_ERR_INIT;
	enum fs_rc rc;

	if (!set_actor(r))
		return FS_ENOMEM;
	rc = r->route->ep->fn(r, &err);
	if (rc != FS_OK)
		fs_http_fail(r, &err);
	else if (r->status == 0)
		fs_http_error(r, 500, "internt_fel", "inget svar", NULL);
	/* An internal failure keeps nothing of what the request wrote. */
	if (rc == FS_OK && r->status >= 500)
		rc = FS_EDB;
	return rc;
}

/*
 * Phase 3, with the whole body: the body's fields, the import's
 * targets, then the handler: here on a reader connection, or in the
 * writer's next batch (http.h enum http_runs).
 */
bool
fs_http_dispatch(struct http_req *r)
{
	struct fs_err err = FS_ERR_INIT;
	enum http_runs runs = r->route->ep->runs;
	enum fs_rc rc;
	bool ok;

	rc = fs_http_parse_body(r, &err);
	if (rc != FS_OK) {
		fs_http_fail(r, &err);
		return fs_http_settle(r, false);
	}
	if (r->route->scope == SCOPE_IMPORT) {
		fs_http_reader(r);
		ok = set_actor(r) && import_scope(r);
		fs_http_reader_done(r);
		if (!ok)
			return fs_http_settle(r, false);
	}
	if (runs == RUNS_READER ||
	    (runs == RUNS_DEFAULT && !state_changing(r->route->method))) {
		fs_http_reader(r);
		(void)fs_http_handle(r);
		fs_http_reader_done(r);
		return fs_http_settle(r, false);
	}
	return fs_http_settle(r, true);
}
