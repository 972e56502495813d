/* SPDX-License-Identifier: ISC */
/*
 * The route table of the HTTP shell: no route without a permission, no
 * hole or bad entry in the table and its field declarations, path
 * matching, the OpenAPI document describing exactly the routes, the
 * fs_rc to HTTP status table, and the request validators.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "finsam/access.h"
#include "finsam/codes.h"
#include "finsam/err.h"
#include "finsam/parse.h"

#include "api.h"
#include "http.h"
#include "openapi.h"

static const char *const lower[] = {
	[HTTP_GET] = "get",
	[HTTP_POST] = "post",
	[HTTP_PUT] = "put",
	[HTTP_PATCH] = "patch",
	[HTTP_DELETE] = "delete",
};

static void
test_routes_check_passes(void **state)
{
	struct fs_err err = FS_ERR_INIT;

	(void)state;
	assert_int_equal(fs_http_routes_check(&err), FS_OK);
	assert_true(fs_http_nroutes > 30);
}

/* A route left at FS_PERM_UNSET (or any other bad entry) is refused. */
static void
test_table_check_refuses_bad_routes(void **state)
{
	static const struct http_route bad[] = {
		{ HTTP_GET, "/api/v1/jag", FS_PERM_UNSET, SCOPE_NONE, 0,
		    &fs_ep_jag },
		{ HTTP_GET, "/api/v1/jag", FS_PERM__MAX, SCOPE_NONE, 0,
		    &fs_ep_jag },
		{ HTTP_GET, "/jag", FS_PERM_SESSION, SCOPE_NONE, 0,
		    &fs_ep_jag },
		{ HTTP_GET, "/api/v1/x/{okand}", FS_PERM_SESSION, SCOPE_NONE,
		    0, &fs_ep_jag },
		{ HTTP_GET, "/api/v1/x", FS_PERM_SESSION, SCOPE_INSATS, 0,
		    &fs_ep_jag },
		{ HTTP_GET, "/api/v1/x", FS_PERM_SESSION, SCOPE_NONE,
		    ROUTE_NO_CSRF, &fs_ep_jag },
		{ HTTP_GET, "/api/v1/x", FS_PERM_SESSION, SCOPE_NONE, 0,
		    NULL },
	};
	const struct http_route twice[] = { fs_http_routes[0],
		fs_http_routes[0] };

	(void)state;
	for (size_t i = 0; i < FS_NELEM(bad); i++) {
		struct fs_err err = FS_ERR_INIT;

		assert_int_equal(fs_http_table_check(&bad[i], 1, &err),
		    FS_EINVAL);
		assert_true(err.msg[0] != '\0');
	}
	assert_int_equal(fs_http_table_check(twice, 2, NULL), FS_EINVAL);
	assert_int_equal(fs_http_table_check(fs_http_routes, 1, NULL), FS_OK);
}

static void
test_routes_have_permission_and_endpoint(void **state)
{
	(void)state;
	for (size_t i = 0; i < fs_http_nroutes; i++) {
		const struct http_route *rt = &fs_http_routes[i];

		assert_int_not_equal(rt->perm, FS_PERM_UNSET);
		assert_true((unsigned)rt->perm < FS_PERM__MAX);
		assert_non_null(rt->pattern);
		assert_non_null(rt->ep);
		assert_non_null(rt->ep->fn);
		assert_non_null(rt->ep->summary);
		assert_non_null(rt->ep->produces);
		/* 202: a computation started and still running. */
		assert_true(rt->ep->ok_status == 200 ||
		    rt->ep->ok_status == 201 || rt->ep->ok_status == 202);
	}
}

/* Every declared field has a name, a type and sane bounds. */
static void
check_fields(const struct fs_field *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		assert_non_null(f[i].name);
		assert_true(f[i].name[0] != '\0');
		assert_true((unsigned)f[i].type < FV__MAX);
		assert_non_null(f[i].doc);
		if (f[i].type == FV_INT)
			assert_true(f[i].lo <= f[i].hi);
		if (f[i].type == FV_TEXT || f[i].type == FV_TEXTLIST)
			assert_true(f[i].hi > 0);
		if (f[i].type == FV_CODE || f[i].type == FV_CODESET)
			assert_true(f[i].list >= 0 && f[i].list < FS_LIST__MAX);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(f[i].name, f[j].name);
	}
}

static void
test_endpoint_fields_have_no_holes(void **state)
{
	(void)state;
	for (size_t i = 0; i < fs_http_nroutes; i++) {
		const struct http_endpoint *ep = fs_http_routes[i].ep;

		check_fields(ep->query, ep->nquery);
		check_fields(ep->body, ep->nbody);
		if (ep->body_kind != BODY_JSON)
			assert_int_equal(ep->nbody, 0);
	}
}

/* Personnummer are never accepted in an address, only in bodies. */
static void
test_no_personnummer_in_addresses(void **state)
{
	(void)state;
	for (size_t i = 0; i < fs_http_nroutes; i++) {
		const struct http_endpoint *ep = fs_http_routes[i].ep;

		for (size_t k = 0; k < ep->nquery; k++)
			assert_int_not_equal(ep->query[k].type, FV_PNR);
		assert_null(strstr(fs_http_routes[i].pattern, "personnummer"));
	}
}

/* Routes carrying participant data need a participant permission. */
static void
test_personal_routes_need_participant_permission(void **state)
{
	(void)state;
	for (size_t i = 0; i < fs_http_nroutes; i++) {
		const struct http_route *rt = &fs_http_routes[i];
		bool pnr = false;

		for (size_t k = 0; k < rt->ep->nbody; k++)
			pnr = pnr || rt->ep->body[k].type == FV_PNR;
		if (pnr || (rt->flags & ROUTE_PERSONAL) != 0)
			assert_true(rt->perm == FS_PERM_DELTAGARE_READ ||
			    rt->perm == FS_PERM_DELTAGARE_EDIT);
	}
}

/*
 * Only login may skip the CSRF check (and its body, a password, is
 * wiped), and only login and the API description are public.
 */
static void
test_only_login_skips_csrf(void **state)
{
	size_t n = 0;

	(void)state;
	for (size_t i = 0; i < fs_http_nroutes; i++) {
		const struct http_route *rt = &fs_http_routes[i];

		if ((rt->flags & ROUTE_NO_CSRF) != 0) {
			assert_string_equal(rt->pattern, "/api/v1/inloggning");
			/* The password is wiped with the request. */
			assert_true((rt->flags & ROUTE_SECRET) != 0);
			n++;
		}
		if (rt->perm == FS_PERM_PUBLIC)
			assert_true(strcmp(rt->pattern, "/api/v1/inloggning") ==
			    0 || strcmp(rt->pattern, "/api/v1/openapi.json") ==
			    0);
	}
	assert_int_equal(n, 1);
}

static void
test_match_finds_route_and_parameters(void **state)
{
	const struct http_route *rt;
	struct fs_str p[HTTP_MAX_PARAMS];
	size_t np;
	unsigned allowed;

	(void)state;
	rt = fs_http_route_match(HTTP_PUT, "/api/v1/insatser/17/anonyma/2021",
	    p, &np, &allowed);
	assert_non_null(rt);
	assert_string_equal(rt->pattern, "/api/v1/insatser/{id}/anonyma/{ar}");
	assert_int_equal(np, 2);
	assert_int_equal(p[0].len, 2);
	assert_memory_equal(p[0].p, "17", 2);
	assert_memory_equal(p[1].p, "2021", 4);
}

static void
test_match_wrong_method_lists_allowed(void **state)
{
	struct fs_str p[HTTP_MAX_PARAMS];
	size_t np;
	unsigned allowed;

	(void)state;
	assert_null(fs_http_route_match(HTTP_DELETE, "/api/v1/insatser/3", p,
	    &np, &allowed));
	assert_true((allowed & (1u << HTTP_GET)) != 0);
	assert_true((allowed & (1u << HTTP_PATCH)) != 0);
	assert_false((allowed & (1u << HTTP_POST)) != 0);
}

static void
test_match_unknown_path_is_not_found(void **state)
{
	static const char *const paths[] = {
		"/api/v1/finnsinte", "/api/v1/insatser", "/api/v1/insatser/",
		"/api/v1/insatser/3/", "/api/v1/forbund/SV/x", "/api/v2/jag",
		"/api/v1/jag/", "", "/",
	};
	struct fs_str p[HTTP_MAX_PARAMS];
	size_t np;
	unsigned allowed;

	(void)state;
	for (size_t i = 0; i < FS_NELEM(paths); i++) {
		assert_null(fs_http_route_match(HTTP_GET, paths[i], p, &np,
		    &allowed));
		assert_int_equal(allowed, 0);
	}
}

/* The OpenAPI document has exactly one operation per route. */
static void
test_openapi_describes_every_route_and_nothing_else(void **state)
{
	json_t *doc, *paths, *item, *op;
	const char *path, *m;
	size_t nops = 0;

	(void)state;
	doc = fs_openapi_document();
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "openapi")),
	    "3.0.3");
	paths = json_object_get(doc, "paths");
	assert_non_null(paths);
	for (size_t i = 0; i < fs_http_nroutes; i++) {
		const struct http_route *rt = &fs_http_routes[i];

		item = json_object_get(paths, rt->pattern);
		assert_non_null(item);
		op = json_object_get(item, lower[rt->method]);
		assert_non_null(op);
		assert_string_equal(json_string_value(json_object_get(op,
		    "x-behorighet")), fs_perm_name(rt->perm));
		assert_non_null(json_object_get(op, "responses"));
	}
	json_object_foreach(paths, path, item) {
		json_object_foreach(item, m, op) {
			bool found = false;

			for (size_t i = 0; i < fs_http_nroutes; i++)
				found = found || (strcmp(fs_http_routes[i].pattern,
				    path) == 0 && strcmp(lower[fs_http_routes[i].
				    method], m) == 0);
			assert_true(found);
			nops++;
		}
	}
	assert_int_equal(nops, fs_http_nroutes);
	json_decref(doc);
}

/* Body fields in the document refuse unknown properties, as the server. */
static void
test_openapi_bodies_refuse_unknown_fields(void **state)
{
	json_t *doc, *op, *schema;

	(void)state;
	doc = fs_openapi_document();
	assert_non_null(doc);
	op = json_object_get(json_object_get(json_object_get(doc, "paths"),
	    "/api/v1/inloggning"), "post");
	schema = json_object_get(json_object_get(json_object_get(
	    json_object_get(op, "requestBody"), "content"), "application/json"),
	    "schema");
	assert_non_null(schema);
	assert_true(json_is_false(json_object_get(schema,
	    "additionalProperties")));
	assert_int_equal(json_array_size(json_object_get(schema, "required")),
	    2);
	json_decref(doc);
}

static void
test_status_table_maps_every_code(void **state)
{
	static const struct {
		enum fs_rc	 rc;
		unsigned	 status;
	} cases[] = {
		{ FS_OK, 200 }, { FS_EINVAL, 422 }, { FS_ENOTFOUND, 404 },
		{ FS_ECONFLICT, 409 }, { FS_EDENIED, 403 }, { FS_EDB, 500 },
		{ FS_ENOMEM, 500 }, { FS_EIO, 500 }, { FS_EVERSION, 500 },
	};

	(void)state;
	for (size_t i = 0; i < FS_NELEM(cases); i++)
		assert_int_equal(fs_http_status(cases[i].rc), cases[i].status);
	assert_int_equal(fs_http_status(FS_RC__MAX), 500);
	for (int rc = 0; rc < FS_RC__MAX; rc++)
		assert_true(fs_http_status((enum fs_rc)rc) >= 200);
}

/* ---- validators ---- */

static struct http_req *
fake_req(void)
{
	struct http_req *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	return r;
}

static void
free_req(struct http_req *r)
{
	fs_http_arena_free(r, true);
	free(r);
}

static const struct fs_field f_int = { "arbete_fore", FV_INT, false, true,
	0, 100, 0, "procent" };
static const struct fs_field f_text = { "namn", FV_TEXT, true, false, 0, 8,
	0, "namn" };
static const struct fs_field f_date = { "startdatum", FV_DATE, true, false,
	0, 0, 0, "datum" };
static const struct fs_field f_code = { "utbildning", FV_CODE, false, true,
	0, 0, FS_LIST_UTBILDNING, "kod" };
static const struct fs_field f_set = { "forsorjning_fore", FV_CODESET,
	false, true, 0, 0, FS_LIST_FORSORJNING, "mängd" };
static const struct fs_field f_pnr = { "personnummer", FV_PNR, true, false,
	0, 0, 0, "pnr" };
static const struct fs_field f_list = { "kommuner", FV_TEXTLIST, true,
	false, 2, 4, 0, "lista" };

struct json_case {
	const struct fs_field	*f;
	const char		*json;	/* the value, as JSON */
	enum fs_rc		 rc;
};

static void
test_check_json_table(void **state)
{
	static const struct json_case cases[] = {
		{ &f_int, "0", FS_OK },
		{ &f_int, "100", FS_OK },
		{ &f_int, "101", FS_EINVAL },
		{ &f_int, "-1", FS_EINVAL },
		{ &f_int, "\"50\"", FS_EINVAL },
		{ &f_int, "50.5", FS_EINVAL },
		{ &f_int, "null", FS_OK },
		{ &f_text, "\"abc\"", FS_OK },
		{ &f_text, "\"\"", FS_EINVAL },
		{ &f_text, "\"abcdefghi\"", FS_EINVAL },
		{ &f_text, "\"a\\u0000b\"", FS_EINVAL },
		{ &f_text, "\"a\\u0007b\"", FS_EINVAL },
		{ &f_text, "null", FS_EINVAL },
		{ &f_text, "5", FS_EINVAL },
		{ &f_date, "\"2024-02-29\"", FS_OK },
		{ &f_date, "\"2023-02-29\"", FS_EINVAL },
		{ &f_date, "\"2024-2-9\"", FS_EINVAL },
		{ &f_code, "\"gymnasium\"", FS_OK },
		{ &f_code, "\"doktor\"", FS_EINVAL },
		{ &f_set, "[\"a_kassa\", \"annan\"]", FS_OK },
		{ &f_set, "[]", FS_OK },
		{ &f_set, "[\"lotto\"]", FS_EINVAL },
		{ &f_set, "\"a_kassa\"", FS_EINVAL },
		{ &f_pnr, "\"19121212-1212\"", FS_OK },
		{ &f_pnr, "\"19121212-1213\"", FS_EINVAL },
		{ &f_pnr, "191212121212", FS_EINVAL },
		{ &f_list, "[\"0680\", \"0682\"]", FS_OK },
		{ &f_list, "[\"0680\", \"0682\", \"0684\"]", FS_EINVAL },
		{ &f_list, "[\"068000\"]", FS_EINVAL },
		{ &f_list, "[5]", FS_EINVAL },
	};
	struct http_req *r = fake_req();
	int32_t today;
	json_t *v;

	(void)state;
	assert_int_equal(fs_parse_date("2026-06-01", 10, &today, "d", NULL),
	    FS_OK);
	for (size_t i = 0; i < FS_NELEM(cases); i++) {
		struct fs_err err = FS_ERR_INIT;
		struct fs_input in;

		v = json_loads(cases[i].json, JSON_DECODE_ANY | JSON_ALLOW_NUL,
		    NULL);
		assert_non_null(v);
		assert_int_equal(fs_http_check_json(r, cases[i].f, v, today,
		    &in, &err), cases[i].rc);
		if (cases[i].rc != FS_OK) {
			assert_string_equal(err.field, cases[i].f->name);
			/* The message never repeats the value. */
			assert_null(strstr(err.msg, "1212"));
		} else
			assert_true(in.set);
		json_decref(v);
	}
	free_req(r);
}

static void
test_check_json_values_are_typed(void **state)
{
	struct http_req *r = fake_req();
	struct fs_err err = FS_ERR_INIT;
	struct fs_input in;
	json_t *v;

	(void)state;
	v = json_loads("[\"ingen\"]", 0, NULL);
	assert_int_equal(fs_http_check_json(r, &f_set, v, 0, &in, &err), FS_OK);
	assert_int_equal(in.v.set, 1u << FS_FORS_INGEN);
	json_decref(v);
	v = json_loads("\"19121212-1212\"", JSON_DECODE_ANY, NULL);
	assert_int_equal(fs_http_check_json(r, &f_pnr, v, 40000, &in, &err),
	    FS_OK);
	assert_string_equal(in.v.pnr.digits, "191212121212");
	json_decref(v);
	v = json_loads("null", JSON_DECODE_ANY, NULL);
	assert_int_equal(fs_http_check_json(r, &f_int, v, 0, &in, &err), FS_OK);
	assert_true(in.set);
	assert_true(in.null);
	json_decref(v);
	free_req(r);
}

static void
test_check_text_from_query(void **state)
{
	struct http_req *r = fake_req();
	struct fs_err err = FS_ERR_INIT;
	struct fs_input in;

	(void)state;
	assert_int_equal(fs_http_check_text(r, &f_int, "42", 2, &in, &err),
	    FS_OK);
	assert_int_equal(in.v.i, 42);
	assert_int_equal(fs_http_check_text(r, &f_int, "4x", 2, &in, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "arbete_fore");
	assert_int_equal(fs_http_check_text(r, &f_text, "\xff", 1, &in, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "namn");
	/* A personnummer is refused in an address whatever it is. */
	assert_int_equal(fs_http_check_text(r, &f_pnr, "191212121212", 12, &in,
	    &err), FS_EINVAL);
	assert_string_equal(err.field, "personnummer");
	free_req(r);
}

static void
test_input_text_round_trip(void **state)
{
	struct http_req *r = fake_req();
	struct fs_err err = FS_ERR_INIT;
	struct fs_input in;
	struct fs_buf b;
	json_t *v;

	(void)state;
	fs_buf_init(&b, 0);
	v = json_loads("[\"a_kassa\", \"annan\"]", 0, NULL);
	assert_int_equal(fs_http_check_json(r, &f_set, v, 0, &in, &err), FS_OK);
	assert_int_equal(fs_http_input_text(&f_set, &in, &b), FS_OK);
	assert_string_equal(b.buf, "a_kassa|annan");
	json_decref(v);
	v = json_loads("null", JSON_DECODE_ANY, NULL);
	assert_int_equal(fs_http_check_json(r, &f_int, v, 0, &in, &err), FS_OK);
	assert_int_equal(fs_http_input_text(&f_int, &in, &b), FS_OK);
	assert_string_equal(b.buf, "");
	json_decref(v);
	v = json_loads("\"19121212-1212\"", JSON_DECODE_ANY, NULL);
	assert_int_equal(fs_http_check_json(r, &f_pnr, v, 40000, &in, &err),
	    FS_OK);
	assert_int_equal(fs_http_input_text(&f_pnr, &in, &b), FS_EINVAL);
	json_decref(v);
	fs_buf_release(&b);
	free_req(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routes_check_passes),
		cmocka_unit_test(test_table_check_refuses_bad_routes),
		cmocka_unit_test(test_routes_have_permission_and_endpoint),
		cmocka_unit_test(test_endpoint_fields_have_no_holes),
		cmocka_unit_test(test_no_personnummer_in_addresses),
		cmocka_unit_test(
		    test_personal_routes_need_participant_permission),
		cmocka_unit_test(test_only_login_skips_csrf),
		cmocka_unit_test(test_match_finds_route_and_parameters),
		cmocka_unit_test(test_match_wrong_method_lists_allowed),
		cmocka_unit_test(test_match_unknown_path_is_not_found),
		cmocka_unit_test(
		    test_openapi_describes_every_route_and_nothing_else),
		cmocka_unit_test(test_openapi_bodies_refuse_unknown_fields),
		cmocka_unit_test(test_status_table_maps_every_code),
		cmocka_unit_test(test_check_json_table),
		cmocka_unit_test(test_check_json_values_are_typed),
		cmocka_unit_test(test_check_text_from_query),
		cmocka_unit_test(test_input_text_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
