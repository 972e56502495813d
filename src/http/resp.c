/* SPDX-License-Identifier: ISC */
/*
 * Answers of the HTTP shell: the one table that maps a library result
 * code to an HTTP status, the error body {"fel": {"kod", "meddelande",
 * "falt"}}, JSON and byte answers, and queueing them on the connection
 * with the headers every answer carries.  Storage and internal errors
 * are answered with a generic message and the request id; their
 * details go to the server log only.  Owns the answer fields of struct
 * http_req.
 */
#include "compat.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <microhttpd.h>

#include "finsam/buf.h"
#include "finsam/err.h"

#include "http.h"

static const unsigned http_status[] = {
	[FS_OK] = 200,
	[FS_ENOMEM] = 500,
	[FS_EINVAL] = 422,
	[FS_ENOTFOUND] = 404,
	[FS_ECONFLICT] = 409,
	[FS_EDENIED] = 403,
	[FS_EDB] = 500,
	[FS_EIO] = 500,
	[FS_EVERSION] = 500,
};
_Static_assert(FS_NELEM(http_status) == FS_RC__MAX,
    "http_status has no status for some fs_rc");

/* Machine-readable "kod" of an error answer, per result code. */
static const char *const http_kod[] = {
	[FS_OK] = "ok",
	[FS_ENOMEM] = "internt_fel",
	[FS_EINVAL] = "ogiltig_indata",
	[FS_ENOTFOUND] = "finns_inte",
	[FS_ECONFLICT] = "konflikt",
	[FS_EDENIED] = "nekad",
	[FS_EDB] = "internt_fel",
	[FS_EIO] = "internt_fel",
	[FS_EVERSION] = "internt_fel",
};
_Static_assert(FS_NELEM(http_kod) == FS_RC__MAX,
    "http_kod has no code for some fs_rc");

unsigned
fs_http_status(enum fs_rc rc)
{
	if ((unsigned)rc >= FS_RC__MAX)
		return 500;
	return http_status[rc];
}

void
fs_http_add_header(struct http_req *r, const char *name, const char *value)
{
	char *v;

	if (r->nheaders >= HTTP_MAX_HEADERS)
		return;
	v = fs_http_strdup(r, value);
	if (v == NULL)
		return;
	r->headers[r->nheaders].name = name;
	r->headers[r->nheaders].value = v;
	r->nheaders++;
}

static void
set_answer(struct http_req *r, unsigned status, const char *ctype, char *p,
    size_t len)
{
	free(r->resp);
	r->resp_const = NULL;
	r->status = status;
	r->ctype = ctype;
	r->resp = p;
	r->resp_len = len;
}

void
fs_http_const(struct http_req *r, unsigned status, const char *ctype,
    const char *p, size_t len)
{
	set_answer(r, status, ctype, NULL, len);
	r->resp_const = p;
}

void
fs_http_json(struct http_req *r, unsigned status, json_t *v)
{
	char *p;
	size_t len;

	if (v == NULL) {
		fs_http_error(r, 500, "internt_fel", "minnet räcker inte", NULL);
		return;
	}
	p = json_dumps(v, JSON_COMPACT);
	json_decref(v);
	if (p == NULL) {
		fs_http_error(r, 500, "internt_fel", "minnet räcker inte", NULL);
		return;
	}
	len = strlen(p);
	/* jansson allocates with malloc; the answer is freed with free(). */
	set_answer(r, status, "application/json; charset=utf-8", p, len);
}

void
fs_http_bytes(struct http_req *r, unsigned status, const char *ctype,
    struct fs_buf *b)
{
	size_t len;
	char *p;

	p = fs_buf_detach(b, &len);
	if (p == NULL) {
		fs_http_error(r, 500, "internt_fel", "minnet räcker inte", NULL);
		return;
	}
	set_answer(r, status, ctype, p, len);
}

json_t *
fs_http_error_json(const char *kod, const char *msg, const char *field)
{
	return json_pack("{s:{s:s, s:s, s:o}}", "fel", "kod", kod,
	    "meddelande", msg, "falt",
	    field != NULL && *field != '\0' ? json_string(field) :
	    json_null());
}

void
fs_http_error(struct http_req *r, unsigned status, const char *kod,
    const char *msg, const char *field)
{
	static const char fallback[] =
	    "{\"fel\":{\"kod\":\"internt_fel\",\"meddelande\":"
	    "\"minnet r\\u00e4cker inte\",\"falt\":null}}";
	json_t *o;
	char *p;

	snprintf(r->errkod, sizeof(r->errkod), "%s", kod);
	o = fs_http_error_json(kod, msg, field);
	p = o != NULL ? json_dumps(o, JSON_COMPACT) :
	    NULL;
	json_decref(o);
	if (p == NULL) {
		p = strdup(fallback);
		status = 500;
	}
	set_answer(r, status, "application/json; charset=utf-8", p,
	    p != NULL ? strlen(p) : 0);
}

void
fs_http_fail(struct http_req *r, const struct fs_err *err)
{
	enum fs_rc rc = err->rc;
	char msg[128];

	if (rc == FS_OK || (unsigned)rc >= FS_RC__MAX)
		rc = FS_EDB;
	switch (rc) {
	case FS_EINVAL:
	case FS_ENOTFOUND:
	case FS_ECONFLICT:
	case FS_EDENIED:
		fs_http_error(r, http_status[rc], http_kod[rc],
		    err->msg[0] != '\0' ? err->msg : fs_rc_name(rc),
		    err->field);
		break;
	default:
		/* The details stay in the server log, under the request id. */
		fprintf(stderr, "finsam serve: id=%s fel=%s falt=%s: %s\n",
		    r->id, fs_rc_name(rc), err->field, err->msg);
		snprintf(msg, sizeof(msg), "internt fel (begäran %s)", r->id);
		fs_http_error(r, http_status[rc], http_kod[rc], msg, NULL);
		break;
	}
}

json_t *
fs_http_page_json(size_t offset, size_t limit, size_t total, json_t *items)
{
	if (items == NULL)
		return NULL;
	return json_pack("{s:I, s:I, s:I, s:o}",
	    "sida", (json_int_t)(limit == 0 ? 1 : offset / limit + 1),
	    "per_sida", (json_int_t)limit, "totalt", (json_int_t)total,
	    "poster", items);
}

enum MHD_Result
fs_http_queue(struct http_req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	bool api;

	if (r->status == 0)
		fs_http_error(r, 500, "internt_fel", "inget svar", NULL);
	if (r->resp != NULL)
		resp = MHD_create_response_from_buffer(r->resp_len, r->resp,
		    MHD_RESPMEM_MUST_FREE);
	else
		resp = MHD_create_response_from_buffer(
		    r->resp_const != NULL ? r->resp_len : 0,
		    (void *)(uintptr_t)r->resp_const, MHD_RESPMEM_PERSISTENT);
	if (resp == NULL) {
		free(r->resp);
		r->resp = NULL;
		return MHD_NO;
	}
	/* The response owns the bytes now. */
	r->resp = NULL;
	api = r->url != NULL && strncmp(r->url, "/api/", 5) == 0;
	if (r->ctype != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
		    r->ctype);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Content-Security-Policy",
	    "default-src 'self'; img-src 'self' data:; style-src 'self'; "
	    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
	MHD_add_response_header(resp, "X-Request-Id", r->id);
	if (api)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
		    "no-store");
	for (size_t i = 0; i < r->nheaders; i++)
		MHD_add_response_header(resp, r->headers[i].name,
		    r->headers[i].value);
	if (atomic_load(&r->srv->stopping) || r->too_big)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION,
		    "close");
	ret = MHD_queue_response(r->conn, r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}
