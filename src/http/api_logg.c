/* SPDX-License-Identifier: ISC */
/*
 * The audit log of a förbund for its förbundsadministratör (who looked
 * at what, audit.h FS_AUDIT_VIEW_FORBUND: no participant data), newest
 * first, one page at a time by id (?fore=ID&per_sida=N; the answer's
 * "nasta" is the fore of the next page).  The log is append-only: there
 * is no endpoint that changes it.
 */
#include "compat.h"

#include <stdint.h>
#include <string.h>

#include <jansson.h>
#include <microhttpd.h>

#include "finsam/audit.h"
#include "finsam/parse.h"

#include "api.h"
#include "http.h"
#include "jsonout.h"

enum { L_FORBUND, L_ANVANDARE, L_HANDLING, L_FRAN, L_TILL, L_FORE,
	L_PER_SIDA, L__MAX };
static const struct fs_field logg_query[] = {
	[L_FORBUND] = { "forbund", FV_TEXT, true, false, 0, 64, 0,
	    "förbundets kod" },
	[L_ANVANDARE] = { "anvandare", FV_TEXT, false, false, 0, 64, 0,
	    "bara den här användarens poster" },
	[L_HANDLING] = { "handling", FV_TEXT, false, false, 0, 64, 0,
	    "handling, t.ex. deltagande.las; \"x.\" matchar alla x.*" },
	[L_FRAN] = { "fran", FV_DATE, false, false, 0, 0, 0,
	    "från och med dagen" },
	[L_TILL] = { "till", FV_DATE, false, false, 0, 0, 0,
	    "till och med dagen" },
	[L_FORE] = { "fore", FV_INT, false, false, 1, INT64_MAX, 0,
	    "bara poster med lägre id (nästa sida)" },
	[L_PER_SIDA] = { "per_sida", FV_INT, false, false, 1, 1000, 0,
	    "poster per sida, 1-1000 (standard 100)" },
};
_Static_assert(FS_NELEM(logg_query) == L__MAX, "logg_query");

static json_t *
entry_json(const struct fs_audit_entry *e)
{
	json_t *d = NULL;

	if (e->detaljer != NULL) {
		d = json_loads(e->detaljer, 0, NULL);
		if (d == NULL)
			d = json_string(e->detaljer);
	}
	return json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
	    "s:o}", "id", (json_int_t)e->id, "tid", e->tid,
	    "anvandare", fs_json_str(e->anvandare),
	    "roll", fs_json_str(e->roll),
	    "handling", fs_json_str(e->handling),
	    "objekt", fs_json_str(e->objekt),
	    "forbund_id", e->forbund_id != 0 ? json_integer(e->forbund_id) :
	    json_null(),
	    "insats_id", e->insats_id != 0 ? json_integer(e->insats_id) :
	    json_null(),
	    "utfall", fs_json_str(e->utfall),
	    "klientadress", fs_json_str(e->klientadress),
	    "detaljer", d != NULL ? d : json_null());
}

static enum fs_rc
logg(struct http_req *r, struct fs_err *err)
{
	struct fs_audit_filter f;
	struct fs_audit_page pg;
	char fran[11], till[11];
	json_t *a;
	enum fs_rc rc;

	memset(&f, 0, sizeof(f));
	memset(&pg, 0, sizeof(pg));
	f.forbund_id = r->scope.forbund_id;
	if (r->query[L_ANVANDARE].set)
		f.anvandare = r->query[L_ANVANDARE].v.s.p;
	if (r->query[L_HANDLING].set)
		f.handling = r->query[L_HANDLING].v.s.p;
	if (r->query[L_FRAN].set) {
		fs_date_format(r->query[L_FRAN].v.date, fran);
		f.fran = fran;
	}
	if (r->query[L_TILL].set) {
		fs_date_format(r->query[L_TILL].v.date, till);
		f.till = till;
	}
	if (r->query[L_FORE].set)
		f.fore_id = r->query[L_FORE].v.i;
	f.limit = r->query[L_PER_SIDA].set ?
	    (size_t)r->query[L_PER_SIDA].v.i : 100;
	rc = fs_audit_query(r->db, &f, FS_AUDIT_VIEW_FORBUND, &pg, err);
	if (rc != FS_OK)
		return rc;
	a = json_array();
	for (size_t i = 0; a != NULL && i < pg.n; i++)
		json_array_append_new(a, entry_json(&pg.v[i]));
	fs_http_json(r, MHD_HTTP_OK, json_pack("{s:I, s:o, s:o}",
	    "per_sida", (json_int_t)f.limit, "poster", a,
	    "nasta", pg.next != 0 ? json_integer(pg.next) : json_null()));
	fs_audit_page_release(&pg);
	return FS_OK;
}

const struct http_endpoint fs_ep_logg = {
	.fn = logg,
	.query = logg_query,
	.nquery = L__MAX,
	.summary = "Förbundets granskningslogg: vem har läst eller ändrat "
	    "vad (utan deltagaruppgifter)",
	.produces = "application/json",
	.ok_status = 200,
};
