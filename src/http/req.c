/* SPDX-License-Identifier: ISC */
/*
 * Input of the HTTP shell: the per-request arena, and the validators
 * that turn the query string, the path parameters and the JSON body
 * into typed values (struct fs_input) as each endpoint declares them
 * (STYLE.md section 9).  Unknown fields, repeated query keys, values
 * of the wrong type or out of bounds are refused with FS_EINVAL naming
 * the field; a message never repeats the value, which could be a
 * personnummer.  The validators are pure: no I/O, no globals, memory
 * only from the request's arena.
 */
#include "compat.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>
#include <microhttpd.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/codes.h"
#include "finsam/err.h"
#include "finsam/parse.h"
#include "finsam/pnr.h"

#include "http.h"

/* ---- arena ---- */

struct arena_block {
	struct arena_block	*next;
	size_t			 size;
	max_align_t		 data[];
};

void *
fs_http_alloc(struct http_req *r, size_t n)
{
	struct arena_block *b;

	if (n > SIZE_MAX - sizeof(*b))
		return NULL;
	b = fs_malloc(sizeof(*b) + n);
	if (b == NULL)
		return NULL;
	b->next = r->arena;
	b->size = n;
	r->arena = b;
	return b->data;
}

char *
fs_http_strndup(struct http_req *r, const char *p, size_t n)
{
	char *s;

	if (n == SIZE_MAX)
		return NULL;
	s = fs_http_alloc(r, n + 1);
	if (s == NULL)
		return NULL;
	if (n > 0)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

char *
fs_http_strdup(struct http_req *r, const char *s)
{
	return fs_http_strndup(r, s, strlen(s));
}

/* Free every block of the request's arena (completion callback). */
void
fs_http_arena_free(struct http_req *r, bool wipe)
{
	struct arena_block *b, *next;

	for (b = r->arena; b != NULL; b = next) {
		next = b->next;
		if (wipe)
			explicit_bzero(b->data, b->size);
		free(b);
	}
	r->arena = NULL;
}

/* ---- validators ---- */

/*
 * Text for a field: no control characters except TAB and LF, and no
 * NUL inside (JSON may carry \u0000).  UTF-8 validity is checked by
 * jansson for bodies and below for query values.
 */
static bool
text_ok(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];

		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			return false;
	}
	return true;
}

/*
 * Whether the name of an unknown field or parameter may be echoed in
 * the error: a plain name (a-z, 0-9, '_', '-', '.') of at most 63
 * bytes without a run of six digits, so that a personnummer sent as a
 * name is never repeated.
 */
static bool
name_echo_ok(const char *s)
{
	size_t n = 0, digits = 0;

	for (; *s != '\0'; s++, n++) {
		if (*s >= '0' && *s <= '9') {
			if (++digits >= 6)
				return false;
			continue;
		}
		digits = 0;
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    *s == '_' || *s == '-' || *s == '.'))
			return false;
	}
	return n > 0 && n < 64;
}

static bool
utf8_ok(const char *p, size_t len)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0) {
			n = 1;
			cp = s[i] & 0x1f;
		} else if ((s[i] & 0xf0) == 0xe0) {
			n = 2;
			cp = s[i] & 0x0f;
		} else if ((s[i] & 0xf8) == 0xf0) {
			n = 3;
			cp = s[i] & 0x07;
		} else
			return false;
		if (n > len - i - 1)
			return false;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += n + 1;
	}
	return true;
}

static enum fs_rc
check_str(struct http_req *r, const struct fs_field *f, const char *p,
    size_t len, struct fs_input *out, struct fs_err *err)
{
	int32_t today;
	int code;

	switch (f->type) {
	case FV_TEXT:
		if (len == 0)
			return fs_err_set(err, FS_EINVAL, f->name,
			    "får inte vara tom (utelämna fältet i stället)");
		if ((int64_t)len > f->hi)
			return fs_err_set(err, FS_EINVAL, f->name,
			    "får vara högst %lld byte", (long long)f->hi);
		if (!text_ok(p, len))
			return fs_err_set(err, FS_EINVAL, f->name,
			    "får inte innehålla styrtecken");
		out->v.s.p = fs_http_strndup(r, p, len);
		if (out->v.s.p == NULL)
			return fs_err_set(err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
		out->v.s.len = len;
		return FS_OK;
	case FV_DATE:
		return fs_parse_date(p, len, &out->v.date, f->name, err);
	case FV_CODE:
		code = fs_code_find((enum fs_list)f->list, p, len);
		if (code <= 0)
			return fs_err_set(err, FS_EINVAL, f->name,
			    "måste vara en av: %s",
			    fs_code_names((enum fs_list)f->list));
		out->v.i = code;
		return FS_OK;
	case FV_PNR:
		today = fs_date_today();
		return fs_pnr_parse(p, len, today, &out->v.pnr, f->name, err);
	default:
		return fs_err_set(err, FS_EINVAL, f->name,
		    "har fel typ");
	}
}

enum fs_rc
fs_http_check_text(struct http_req *r, const struct fs_field *f,
    const char *p, size_t len, struct fs_input *out, struct fs_err *err)
{
	enum fs_rc rc;

	memset(out, 0, sizeof(*out));
	if (!utf8_ok(p, len))
		return fs_err_set(err, FS_EINVAL, f->name,
		    "måste vara giltig UTF-8");
	switch (f->type) {
	case FV_INT:
		rc = fs_parse_i64(p, len, f->lo, f->hi, &out->v.i, f->name,
		    err);
		break;
	case FV_BOOL:
		if ((len == 1 && p[0] == '1') ||
		    (len == 4 && memcmp(p, "true", 4) == 0))
			out->v.b = true;
		else if ((len == 1 && p[0] == '0') ||
		    (len == 5 && memcmp(p, "false", 5) == 0))
			out->v.b = false;
		else
			return fs_err_set(err, FS_EINVAL, f->name,
			    "måste vara 1 eller 0");
		rc = FS_OK;
		break;
	case FV_TEXT:
	case FV_DATE:
	case FV_CODE:
		rc = check_str(r, f, p, len, out, err);
		break;
	default:
		/* Personnummer and lists never travel in a URL. */
		return fs_err_set(err, FS_EINVAL, f->name,
		    "får inte anges i adressen");
	}
	if (rc == FS_OK)
		out->set = true;
	return rc;
}

static enum fs_rc
check_array(struct http_req *r, const struct fs_field *f, json_t *v,
    struct fs_input *out, struct fs_err *err)
{
	size_t n = json_array_size(v), i;
	json_t *e;
	const char *s;
	size_t len;
	int code;

	if (!json_is_array(v))
		return fs_err_set(err, FS_EINVAL, f->name,
		    "måste vara en lista med strängar");
	if (f->type == FV_CODESET) {
		out->v.set = 0;
		json_array_foreach(v, i, e) {
			if (!json_is_string(e))
				return fs_err_set(err, FS_EINVAL, f->name,
				    "måste vara en lista med strängar");
			s = json_string_value(e);
			len = json_string_length(e);
			code = fs_code_find((enum fs_list)f->list, s, len);
			if (code <= 0 || code >= 32)
				return fs_err_set(err, FS_EINVAL, f->name,
				    "okänd kod; tillåtna: %s",
				    fs_code_names((enum fs_list)f->list));
			out->v.set |= (uint32_t)1 << code;
		}
		return FS_OK;
	}
	if ((int64_t)n > f->lo)
		return fs_err_set(err, FS_EINVAL, f->name,
		    "får ha högst %lld poster", (long long)f->lo);
	out->v.list.n = 0;
	out->v.list.v = fs_http_alloc(r, (n == 0 ? 1 : n) * sizeof(char *));
	if (out->v.list.v == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	json_array_foreach(v, i, e) {
		if (!json_is_string(e))
			return fs_err_set(err, FS_EINVAL, f->name,
			    "måste vara en lista med strängar");
		s = json_string_value(e);
		len = json_string_length(e);
		if (len == 0 || (int64_t)len > f->hi || strlen(s) != len ||
		    !text_ok(s, len))
			return fs_err_set(err, FS_EINVAL, f->name,
			    "varje post måste vara 1 till %lld tecken text",
			    (long long)f->hi);
		out->v.list.v[i] = fs_http_strndup(r, s, len);
		if (out->v.list.v[i] == NULL)
			return fs_err_set(err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
		out->v.list.n = i + 1;
	}
	return FS_OK;
}

enum fs_rc
fs_http_check_json(struct http_req *r, const struct fs_field *f, json_t *v,
    int32_t today, struct fs_input *out, struct fs_err *err)
{
	enum fs_rc rc;
	const char *s;
	size_t len;
	json_int_t n;

	memset(out, 0, sizeof(*out));
	if (json_is_null(v)) {
		if (!f->nullable)
			return fs_err_set(err, FS_EINVAL, f->name,
			    "får inte vara null");
		out->set = true;
		out->null = true;
		return FS_OK;
	}
	switch (f->type) {
	case FV_INT:
		if (!json_is_integer(v))
			return fs_err_set(err, FS_EINVAL, f->name,
			    "måste vara ett heltal");
		n = json_integer_value(v);
		if (n < f->lo || n > f->hi)
			return fs_err_set(err, FS_EINVAL, f->name,
			    "måste vara ett heltal från %lld till %lld",
			    (long long)f->lo, (long long)f->hi);
		out->v.i = n;
		rc = FS_OK;
		break;
	case FV_BOOL:
		if (!json_is_boolean(v))
			return fs_err_set(err, FS_EINVAL, f->name,
			    "måste vara true eller false");
		out->v.b = json_is_true(v);
		rc = FS_OK;
		break;
	case FV_CODESET:
	case FV_TEXTLIST:
		rc = check_array(r, f, v, out, err);
		break;
	case FV_PNR:
		if (!json_is_string(v))
			return fs_err_set(err, FS_EINVAL, f->name,
			    "måste vara en sträng");
		s = json_string_value(v);
		len = json_string_length(v);
		rc = fs_pnr_parse(s, len, today, &out->v.pnr, f->name, err);
		break;
	default:
		if (!json_is_string(v))
			return fs_err_set(err, FS_EINVAL, f->name,
			    "måste vara en sträng");
		s = json_string_value(v);
		len = json_string_length(v);
		if (strlen(s) != len)
			return fs_err_set(err, FS_EINVAL, f->name,
			    "får inte innehålla NUL");
		rc = check_str(r, f, s, len, out, err);
		break;
	}
	if (rc == FS_OK)
		out->set = true;
	return rc;
}

/* ---- query string ---- */

struct query_walk {
	struct http_req	*r;
	struct fs_err	*err;
	enum fs_rc	 rc;
};

static enum MHD_Result
query_one(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct query_walk *w = cls;
	const struct http_endpoint *ep = w->r->route->ep;
	size_t i;

	(void)kind;
	for (i = 0; i < ep->nquery; i++)
		if (strcmp(ep->query[i].name, key) == 0)
			break;
	if (i == ep->nquery) {
		/* The name of an unknown key is ours to show, cut short. */
		w->rc = fs_err_set(w->err, FS_EINVAL, NULL,
		    "okänd parameter i adressen");
		if (w->err != NULL && name_echo_ok(key))
			snprintf(w->err->field, sizeof(w->err->field), "%s",
			    key);
		return MHD_NO;
	}
	if (w->r->query[i].set) {
		w->rc = fs_err_set(w->err, FS_EINVAL, ep->query[i].name,
		    "får anges bara en gång");
		return MHD_NO;
	}
	if (value == NULL)
		value = "";
	w->rc = fs_http_check_text(w->r, &ep->query[i], value, strlen(value),
	    &w->r->query[i], w->err);
	return w->rc == FS_OK ? MHD_YES : MHD_NO;
}

enum fs_rc
fs_http_parse_query(struct http_req *r, struct fs_err *err)
{
	const struct http_endpoint *ep = r->route->ep;
	struct query_walk w = { r, err, FS_OK };

	r->query = fs_http_alloc(r, (ep->nquery + 1) * sizeof(*r->query));
	if (r->query == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	memset(r->query, 0, (ep->nquery + 1) * sizeof(*r->query));
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, query_one,
	    &w);
	if (w.rc != FS_OK)
		return w.rc;
	for (size_t i = 0; i < ep->nquery; i++)
		if (ep->query[i].required && !r->query[i].set)
			return fs_err_set(err, FS_EINVAL, ep->query[i].name,
			    "måste anges");
	return FS_OK;
}

/* ---- path parameters ---- */

static const struct fs_field param_fields[] = {
	{ "id", FV_INT, true, false, 1, INT64_MAX, 0, "löpnummer" },
	{ "kod", FV_TEXT, true, false, 0, 64, 0, "förbundets kod" },
	{ "kommun", FV_TEXT, true, false, 0, 4, 0, "kommunkod, fyra siffror" },
	{ "ar", FV_INT, true, false, 1800, 2999, 0, "kalenderår" },
	{ "period", FV_TEXT, true, false, 0, 7, 0, "ÅÅÅÅ eller ÅÅÅÅ-MM" },
	{ "typ", FV_TEXT, true, false, 0, 16, 0,
	    "forbund, insatser, deltagande eller anonyma" },
	{ "fil", FV_TEXT, true, false, 0, 128, 0, "filnamn" },
};

const struct fs_field *
fs_http_param_field(const char *name, size_t len)
{
	for (size_t i = 0; i < FS_NELEM(param_fields); i++)
		if (strlen(param_fields[i].name) == len &&
		    memcmp(param_fields[i].name, name, len) == 0)
			return &param_fields[i];
	return NULL;
}

enum fs_rc
fs_http_parse_params(struct http_req *r, struct fs_err *err)
{
	const char *pat = r->route->pattern, *open, *close;
	const struct fs_field *f;
	size_t k = 0;
	enum fs_rc rc;

	while (k < r->nparams) {
		open = strchr(pat, '{');
		if (open == NULL)
			break;
		close = strchr(open, '}');
		if (close == NULL)
			break;
		f = fs_http_param_field(open + 1, (size_t)(close - open - 1));
		if (f == NULL)
			return fs_err_set(err, FS_EDB, NULL,
			    "okänd parameter i vägmönstret");
		rc = fs_http_check_text(r, f, r->params[k].p, r->params[k].len,
		    &r->path[k], err);
		if (rc != FS_OK)
			return rc;
		pat = close + 1;
		k++;
	}
	return FS_OK;
}

/* ---- body ---- */

static bool
blank(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' &&
		    p[i] != '\n')
			return false;
	return true;
}

enum fs_rc
fs_http_parse_body(struct http_req *r, struct fs_err *err)
{
	const struct http_endpoint *ep = r->route->ep;
	json_error_t jerr;
	json_t *root, *v;
	const char *key;
	size_t i;
	int32_t today;
	enum fs_rc rc = FS_OK;

	r->in = fs_http_alloc(r, (ep->nbody + 1) * sizeof(*r->in));
	if (r->in == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	memset(r->in, 0, (ep->nbody + 1) * sizeof(*r->in));
	if (ep->body_kind == BODY_CSV)
		return FS_OK;
	if (r->body.len == 0 || blank(r->body.buf, r->body.len)) {
		if (ep->body_kind == BODY_NONE)
			return FS_OK;
		root = json_object();
	} else {
		root = json_loadb(r->body.buf, r->body.len,
		    JSON_REJECT_DUPLICATES, &jerr);
		if (root == NULL)
			return fs_err_set(err, FS_EINVAL, "json",
			    "kroppen är inte giltig JSON (rad %d, kolumn %d)",
			    jerr.line, jerr.column);
	}
	if (root == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	if (!json_is_object(root)) {
		rc = fs_err_set(err, FS_EINVAL, "json",
		    "kroppen måste vara ett JSON-objekt");
		goto out;
	}
	json_object_foreach(root, key, v) {
		for (i = 0; i < ep->nbody; i++)
			if (strcmp(ep->body[i].name, key) == 0)
				break;
		if (i == ep->nbody) {
			rc = fs_err_set(err, FS_EINVAL, NULL, "okänt fält");
			if (err != NULL && name_echo_ok(key))
				snprintf(err->field, sizeof(err->field), "%s",
				    key);
			goto out;
		}
	}
	today = fs_date_today();
	for (i = 0; i < ep->nbody; i++) {
		v = json_object_get(root, ep->body[i].name);
		if (v == NULL) {
			if (ep->body[i].required) {
				rc = fs_err_set(err, FS_EINVAL,
				    ep->body[i].name, "måste anges");
				goto out;
			}
			continue;
		}
		rc = fs_http_check_json(r, &ep->body[i], v, today, &r->in[i],
		    err);
		if (rc != FS_OK)
			goto out;
	}
out:
	json_decref(root);
	return rc;
}

/* ---- headers, cookies, pages ---- */

const char *
fs_http_header_get(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *
fs_http_cookie_get(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

void
fs_http_page(struct http_req *r, size_t isida, size_t iper, size_t *offset,
    size_t *limit)
{
	int64_t sida = 1, per = 50;

	if (r->query != NULL && r->query[isida].set)
		sida = r->query[isida].v.i;
	if (r->query != NULL && r->query[iper].set)
		per = r->query[iper].v.i;
	*limit = (size_t)per;
	*offset = (size_t)(sida - 1) * (size_t)per;
}

/* ---- typed input back to the library's text form ---- */

enum fs_rc
fs_http_input_text(const struct fs_field *f, const struct fs_input *in,
    struct fs_buf *out)
{
	char d[11];
	const char *n;
	enum fs_rc rc = FS_OK;

	fs_buf_reset(out);
	if (!in->set || in->null)
		return FS_OK;
	switch (f->type) {
	case FV_TEXT:
		return fs_buf_add(out, in->v.s.p, in->v.s.len);
	case FV_INT:
		return fs_buf_addf(out, "%lld", (long long)in->v.i);
	case FV_DATE:
		fs_date_format(in->v.date, d);
		return fs_buf_addstr(out, d);
	case FV_BOOL:
		return fs_buf_addstr(out, in->v.b ? "ja" : "nej");
	case FV_CODE:
		n = fs_code_name((enum fs_list)f->list, (int)in->v.i);
		return fs_buf_addstr(out, n != NULL ? n : "");
	case FV_CODESET:
		for (int i = 1; rc == FS_OK && i < 32; i++) {
			if ((in->v.set & ((uint32_t)1 << i)) == 0)
				continue;
			n = fs_code_name((enum fs_list)f->list, i);
			if (n == NULL)
				continue;
			if (out->len > 0)
				rc = fs_buf_addch(out, '|');
			if (rc == FS_OK)
				rc = fs_buf_addstr(out, n);
		}
		return rc;
	case FV_TEXTLIST:
		for (size_t i = 0; rc == FS_OK && i < in->v.list.n; i++) {
			if (i > 0)
				rc = fs_buf_addch(out, '|');
			if (rc == FS_OK)
				rc = fs_buf_addstr(out, in->v.list.v[i]);
		}
		return rc;
	case FV_PNR:
	case FV__MAX:
		break;
	}
	return FS_EINVAL;
}
