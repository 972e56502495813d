/* SPDX-License-Identifier: ISC */
/*
 * The OpenAPI 3 description of the JSON API, generated from the route
 * table and the endpoints' field declarations, so that it cannot drift
 * from what the server does: every route is one operation with its
 * permission (x-behorighet), scope (x-scope), parameters, request body
 * schema (additionalProperties false, as the server refuses unknown
 * fields) and answers.  Served at /api/v1/openapi.json.
 */
#include "compat.h"

#include <stdint.h>
#include <string.h>

#include <jansson.h>
#include <microhttpd.h>

#include "finsam/access.h"
#include "finsam/codes.h"

#include "api.h"
#include "http.h"
#include "openapi.h"

static const char *const lower_methods[] = {
	[HTTP_GET] = "get",
	[HTTP_POST] = "post",
	[HTTP_PUT] = "put",
	[HTTP_PATCH] = "patch",
	[HTTP_DELETE] = "delete",
};
_Static_assert(FS_NELEM(lower_methods) == HTTP_METHOD__MAX, "lower_methods");

static json_t *
code_enum(int list)
{
	json_t *a = json_array();

	for (size_t v = 1; a != NULL && v < fs_code_count((enum fs_list)list);
	    v++)
		json_array_append_new(a, json_string(fs_code_name(
		    (enum fs_list)list, (int)v)));
	return a;
}

/* The JSON schema of one field. */
json_t *
fs_openapi_field_schema(const struct fs_field *f)
{
	json_t *s = NULL;

	switch (f->type) {
	case FV_TEXT:
		s = json_pack("{s:s, s:I, s:I}", "type", "string", "minLength",
		    (json_int_t)1, "maxLength", (json_int_t)f->hi);
		break;
	case FV_INT:
		s = json_pack("{s:s, s:I, s:I}", "type", "integer", "minimum",
		    (json_int_t)f->lo, "maximum", (json_int_t)f->hi);
		break;
	case FV_DATE:
		s = json_pack("{s:s, s:s}", "type", "string", "format", "date");
		break;
	case FV_BOOL:
		s = json_pack("{s:s}", "type", "boolean");
		break;
	case FV_PNR:
		s = json_pack("{s:s, s:s}", "type", "string", "format",
		    "personnummer");
		break;
	case FV_CODE:
		s = json_pack("{s:s, s:o}", "type", "string", "enum",
		    code_enum(f->list));
		break;
	case FV_CODESET:
		s = json_pack("{s:s, s:{s:s, s:o}}", "type", "array", "items",
		    "type", "string", "enum", code_enum(f->list));
		break;
	case FV_TEXTLIST:
		s = json_pack("{s:s, s:I, s:{s:s, s:I, s:I}}", "type", "array",
		    "maxItems", (json_int_t)f->lo, "items", "type", "string",
		    "minLength", (json_int_t)1, "maxLength", (json_int_t)f->hi);
		break;
	case FV__MAX:
		break;
	}
	if (s == NULL)
		return NULL;
	if (f->doc != NULL)
		json_object_set_new(s, "description", json_string(f->doc));
	if (f->nullable)
		json_object_set_new(s, "nullable", json_true());
	return s;
}

static json_t *
parameters(const struct http_route *rt)
{
	json_t *a = json_array();
	const char *p, *q;
	const struct fs_field *f;

	for (p = strchr(rt->pattern, '{'); a != NULL && p != NULL;
	    p = strchr(q, '{')) {
		q = strchr(p, '}');
		if (q == NULL)
			break;
		f = fs_http_param_field(p + 1, (size_t)(q - p - 1));
		if (f == NULL)
			continue;
		json_array_append_new(a, json_pack("{s:s, s:s, s:b, s:o}",
		    "name", f->name, "in", "path", "required", 1,
		    "schema", fs_openapi_field_schema(f)));
	}
	for (size_t i = 0; a != NULL && i < rt->ep->nquery; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b, s:o}",
		    "name", rt->ep->query[i].name, "in", "query",
		    "required", rt->ep->query[i].required,
		    "schema", fs_openapi_field_schema(&rt->ep->query[i])));
	return a;
}

static json_t *
request_body(const struct http_route *rt)
{
	const struct http_endpoint *ep = rt->ep;
	json_t *props, *req, *schema;

	if (ep->body_kind == BODY_CSV)
		return json_pack("{s:b, s:{s:{s:{s:s}}}}", "required", 1,
		    "content", "text/csv", "schema", "type", "string");
	if (ep->body_kind != BODY_JSON)
		return NULL;
	props = json_object();
	req = json_array();
	for (size_t i = 0; props != NULL && req != NULL && i < ep->nbody;
	    i++) {
		json_object_set_new(props, ep->body[i].name,
		    fs_openapi_field_schema(&ep->body[i]));
		if (ep->body[i].required)
			json_array_append_new(req,
			    json_string(ep->body[i].name));
	}
	schema = json_pack("{s:s, s:o, s:b}", "type", "object", "properties",
	    props, "additionalProperties", 0);
	if (schema != NULL && json_array_size(req) > 0)
		json_object_set(schema, "required", req);
	json_decref(req);
	return json_pack("{s:b, s:{s:{s:o}}}", "required", 1, "content",
	    "application/json", "schema", schema);
}

static json_t *
error_response(const char *what)
{
	return json_pack("{s:s, s:{s:{s:{s:s}}}}", "description", what,
	    "content", "application/json", "schema", "$ref",
	    "#/components/schemas/Fel");
}

/* Whether the endpoint takes ?forhandsgranska (the imports' preview). */
static bool
has_preview(const struct http_endpoint *ep)
{
	for (size_t i = 0; i < ep->nquery; i++)
		if (strcmp(ep->query[i].name, "forhandsgranska") == 0)
			return true;
	return false;
}

static json_t *
responses(const struct http_route *rt)
{
	const struct http_endpoint *ep = rt->ep;
	json_t *o = json_object();
	char code[8];

	if (o == NULL)
		return NULL;
	snprintf(code, sizeof(code), "%u", ep->ok_status);
	json_object_set_new(o, code, json_pack("{s:s, s:{s:{}}}",
	    "description", "ok", "content", ep->produces));
	if (ep->body_kind == BODY_CSV && ep->ok_status != 200 &&
	    has_preview(ep))
		json_object_set_new(o, "200", json_pack("{s:s, s:{s:{}}}",
		    "description", "förhandsgranskning: inget sparat",
		    "content", ep->produces));
	if (rt->perm != FS_PERM_PUBLIC) {
		json_object_set_new(o, "401",
		    error_response("inte inloggad eller sessionen har gått ut"));
		json_object_set_new(o, "403",
		    error_response("nekad (behörighet eller CSRF-token)"));
	}
	if (rt->perm == FS_PERM_PUBLIC && rt->method == HTTP_POST)
		json_object_set_new(o, "401",
		    error_response("fel användarnamn eller lösenord"));
	if (strchr(rt->pattern, '{') != NULL || rt->scope == SCOPE_QUERY)
		json_object_set_new(o, "404", error_response("finns inte"));
	if (rt->method != HTTP_GET)
		json_object_set_new(o, "409", error_response("konflikt"));
	if (ep->body_kind != BODY_NONE)
		json_object_set_new(o, "413", error_response("för stor kropp"));
	if (ep->nquery > 0 || ep->nbody > 0 || ep->body_kind != BODY_NONE ||
	    strchr(rt->pattern, '{') != NULL)
		json_object_set_new(o, "422", error_response(
		    "ogiltig indata: fel.falt namnger fältet"));
	json_object_set_new(o, "500", error_response("internt fel"));
	return o;
}

static json_t *
operation(const struct http_route *rt)
{
	json_t *op, *rb;
	char id[160];
	size_t k = 0;

	snprintf(id, sizeof(id), "%s", lower_methods[rt->method]);
	k = strlen(id);
	for (const char *p = rt->pattern + strlen("/api/v1"); *p != '\0' &&
	    k + 1 < sizeof(id); p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			id[k++] = *p;
		else if (*p == '/' || *p == '{')
			id[k++] = '_';
	id[k] = '\0';
	op = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}",
	    "operationId", id, "summary", rt->ep->summary,
	    "x-behorighet", fs_perm_name(rt->perm),
	    "x-scope", fs_http_scope_name(rt->scope),
	    "parameters", parameters(rt), "responses", responses(rt));
	if (op == NULL)
		return NULL;
	rb = request_body(rt);
	if (rb != NULL)
		json_object_set_new(op, "requestBody", rb);
	if (rt->perm == FS_PERM_PUBLIC)
		json_object_set_new(op, "security", json_array());
	else if (rt->method != HTTP_GET)
		json_object_set_new(op, "security",
		    json_pack("[{s:[], s:[]}]", "session", "csrf"));
	if ((rt->flags & ROUTE_PERSONAL) != 0)
		json_object_set_new(op, "x-personuppgifter", json_true());
	return op;
}

json_t *
fs_openapi_document(void)
{
	json_t *doc, *paths, *item, *fel, *comp;

	paths = json_object();
	if (paths == NULL)
		return NULL;
	for (size_t i = 0; i < fs_http_nroutes; i++) {
		const struct http_route *rt = &fs_http_routes[i];

		item = json_object_get(paths, rt->pattern);
		if (item == NULL) {
			item = json_object();
			json_object_set_new(paths, rt->pattern, item);
		}
		json_object_set_new(item, lower_methods[rt->method],
		    operation(rt));
	}
	fel = json_pack("{s:s, s:[s], s:{s:{s:s, s:[s, s, s], s:{s:{s:s}, "
	    "s:{s:s}, s:{s:s, s:b}}}}}", "type", "object", "required", "fel",
	    "properties", "fel", "type", "object", "required", "kod",
	    "meddelande", "falt", "properties", "kod", "type", "string",
	    "meddelande", "type", "string", "falt", "type", "string",
	    "nullable", 1);
	comp = json_pack("{s:{s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s}}, "
	    "s:{s:o}}", "securitySchemes",
	    "session", "type", "apiKey", "in", "cookie", "name",
	    "finsam_session",
	    "csrf", "type", "apiKey", "in", "header", "name", "X-CSRF-Token",
	    "schemas", "Fel", fel);
	doc = json_pack("{s:s, s:{s:s, s:s, s:s}, s:[{s:s}], s:o, s:o, "
	    "s:[{s:[]}]}",
	    "openapi", "3.0.3",
	    "info", "title", "finsam", "version", "0.1.0",
	    "description", "Uppföljning för samordningsförbund: förbund, "
	    "insatser, deltagare, import, rapporter och granskningslogg.  "
	    "Fel svarar alltid {\"fel\": {\"kod\", \"meddelande\", "
	    "\"falt\"}}; listor har ?sida=&per_sida= och totalt.  "
	    "Personnummer skickas bara i kroppen, aldrig i adressen.",
	    "servers", "url", "/",
	    "paths", paths,
	    "components", comp,
	    "security", "session");
	return doc;
}

static enum fs_rc
openapi(struct http_req *r, struct fs_err *err)
{
	json_t *doc = fs_openapi_document();

	if (doc == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	fs_http_json(r, MHD_HTTP_OK, doc);
	return FS_OK;
}

const struct http_endpoint fs_ep_openapi = {
	.fn = openapi,
	.summary = "Den här beskrivningen (OpenAPI 3), genererad ur "
	    "vägtabellen",
	.produces = "application/json",
	.ok_status = 200,
};
