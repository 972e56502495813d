/* SPDX-License-Identifier: ISC */
/*
 * Endpoints for CSV import by upload: förbund, insatser, deltagande
 * and anonyma, all or nothing with the same error list as the command
 * line ({"fel": {...}, "rader": [{"rad", "kolumn", "meddelande"}]}),
 * and a preview (?forhandsgranska=1) that runs the whole import inside
 * a transaction and rolls it back, reporting what would happen.  Who
 * may import what is checked per target by the dispatcher before the
 * handler runs (route.c, SCOPE_IMPORT).
 */
#include "compat.h"

#include <stdbool.h>
#include <string.h>

#include <jansson.h>
#include <microhttpd.h>

#include "finsam/db.h"
#include "finsam/import.h"

#include "api.h"
#include "http.h"

enum { IMP_FORHANDSGRANSKA, IMP__MAX };
static const struct fs_field import_query[] = {
	[IMP_FORHANDSGRANSKA] = { "forhandsgranska", FV_BOOL, false, false,
	    0, 0, 0, "1: kontrollera och visa vad som skulle hända, men "
	    "spara inget" },
};
_Static_assert(FS_NELEM(import_query) == IMP__MAX, "import_query");

static json_t *
errors_json(const struct fs_import_result *res)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < res->nerrors; i++) {
		const struct fs_import_error *e = &res->errors[i];

		json_array_append_new(a, json_pack("{s:o, s:o, s:s}",
		    "rad", e->line > 0 ? json_integer(e->line) : json_null(),
		    "kolumn", e->column[0] != '\0' ? json_string(e->column) :
		    json_null(), "meddelande", e->msg));
	}
	return a;
}

static enum fs_rc
run(struct http_req *r, enum fs_import_kind kind, struct fs_err *err)
{
	struct fs_import_result res;
	bool preview, own = false;
	json_t *o;
	enum fs_rc rc, rb;

	memset(&res, 0, sizeof(res));
	preview = r->query[IMP_FORHANDSGRANSKA].set &&
	    r->query[IMP_FORHANDSGRANSKA].v.b;
	if (preview) {
		rc = fs_db_tx_begin(r->db, &own, err);
		if (rc != FS_OK)
			return rc;
	}
	rc = fs_import_mem(r->db, kind, r->body.buf, r->body.len, NULL, NULL,
	    &res, err);
	if (preview) {
		/* Roll back whatever happened: a preview stores nothing. */
		rb = fs_db_tx_end(r->db, own, FS_ECONFLICT, NULL);
		(void)rb;
		if (rc == FS_OK)
			fs_http_audit(r, "import.forhandsgranska",
			    fs_import_kind_name(kind), NULL, "ok", NULL);
	}
	if (rc == FS_EINVAL && res.nerrors > 0) {
		snprintf(r->errkod, sizeof(r->errkod), "ogiltig_indata");
		o = fs_http_error_json("ogiltig_indata", err->msg, NULL);
		if (o != NULL)
			json_object_set_new(o, "rader", errors_json(&res));
		fs_http_json(r, 422, o);
		rc = FS_OK;
	} else if (rc == FS_OK)
		fs_http_json(r, preview ? MHD_HTTP_OK : MHD_HTTP_CREATED,
		    json_pack("{s:s, s:b, s:I, s:I, s:I, s:I, s:I}",
		    "typ", fs_import_kind_name(kind),
		    "forhandsgranskning", preview,
		    "antal_rader", (json_int_t)res.rows,
		    "nya", (json_int_t)res.inserted,
		    "andrade", (json_int_t)res.updated,
		    "oforandrade", (json_int_t)res.unchanged,
		    "varningar", (json_int_t)res.warnings));
	fs_import_result_release(&res);
	return rc;
}

#define IMPORT_EP(name, kind, what) \
	static enum fs_rc \
	name##_fn(struct http_req *r, struct fs_err *err) \
	{ \
		return run(r, kind, err); \
	} \
	const struct http_endpoint fs_ep_import_##name = { \
		.fn = name##_fn, \
		.query = import_query, \
		.nquery = IMP__MAX, \
		.body_kind = BODY_CSV, \
		.summary = "Läs in " what " från CSV (allt eller inget; " \
		    "?forhandsgranska=1 sparar inget)", \
		.produces = "application/json", \
		.ok_status = 201, \
		.runs = RUNS_ALONE, \
	}

IMPORT_EP(forbund, FS_IMPORT_FORBUND, "förbund");
IMPORT_EP(insatser, FS_IMPORT_INSATSER, "insatser");
IMPORT_EP(deltagande, FS_IMPORT_DELTAGANDE, "deltaganden");
IMPORT_EP(anonyma, FS_IMPORT_ANONYMA, "anonyma deltagare");
