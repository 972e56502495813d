/* SPDX-License-Identifier: ISC */
/*
 * Endpoints for the outcome report (report.h): JSON with exact
 * numerators and denominators, files to take away — CSV for Swedish
 * Excel or for programs, an Excel workbook, a printable HTML page —
 * (exports, written to the audit log), and an SVG bar chart drawn by
 * the server (svg.c).  The level is one förbund (?forbund=KOD), one
 * län (?lan=KOD) or riket; who may see which level is the route's
 * permission, checked by the dispatcher.  The publishable variants
 * (.../publicerbar) apply disclosure control with the installation's
 * threshold (report.h) and write every release to the audit log.
 * Answers are kept in the server's memo until the data change.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <microhttpd.h>

#include "finsam/buf.h"
#include "finsam/parse.h"
#include "finsam/report.h"

#include "api.h"
#include "http.h"
#include "svg.h"

enum { Q_FORBUND, Q_LAN, Q_FRAN, Q_TILL, Q_FORMAT, Q__MAX };
#define UTFALL_QUERY \
	[Q_FORBUND] = { "forbund", FV_TEXT, false, false, 0, 64, 0, \
	    "ett förbunds kod (annars län eller riket)" }, \
	[Q_LAN] = { "lan", FV_TEXT, false, false, 0, 2, 0, \
	    "länskod: förbunden med hemlän där" }, \
	[Q_FRAN] = { "fran", FV_DATE, true, false, 0, 0, 0, \
	    "periodens första dag" }, \
	[Q_TILL] = { "till", FV_DATE, true, false, 0, 0, 0, \
	    "periodens sista dag" }

static const struct fs_field utfall_query[] = { UTFALL_QUERY };
static const struct fs_field csv_query[] = {
	UTFALL_QUERY,
	[Q_FORMAT] = { "format", FV_TEXT, false, false, 0, 16, 0,
	    "csv (svensk Excel, standard) eller csv-plain (program)" },
};
_Static_assert(FS_NELEM(csv_query) == Q__MAX, "csv_query");

/* The report the query asks for into *u. */
static enum fs_rc
compute(struct http_req *r, struct fs_utfall *u, struct fs_err *err)
{
	struct fs_report_query q;

	memset(&q, 0, sizeof(q));
	if (r->query[Q_FORBUND].set && r->query[Q_LAN].set)
		return fs_err_set(err, FS_EINVAL, "lan",
		    "ange förbund eller län, inte båda");
	q.level = FS_LEVEL_RIKET;
	if (r->query[Q_FORBUND].set) {
		q.level = FS_LEVEL_FORBUND;
		q.kod = r->query[Q_FORBUND].v.s.p;
	} else if (r->query[Q_LAN].set) {
		q.level = FS_LEVEL_LAN;
		q.kod = r->query[Q_LAN].v.s.p;
	}
	q.fran = r->query[Q_FRAN].v.date;
	q.till = r->query[Q_TILL].v.date;
	return fs_report_utfall(r->db, &q, u, err);
}

/*
 * A report is a function of its query, the threshold k and the data
 * generation only, so an answer made once is kept in the server's memo
 * (http.h fs_http_memo_get()) and given again until the data change:
 * the query's own values make the key (the same ones the library's
 * per-connection memo uses), so two queries that differ in writing
 * never share an answer.
 */
struct memo {
	char		 key[FS_UTFALL_KOD_MAX + 96];
	int64_t		 gen;
	struct fs_buf	 aux;		/* the audit entry's details */
};

static enum fs_rc
memo_begin(struct http_req *r, const char *what, int k, struct memo *m,
    struct fs_err *err)
{
	char fran[11], till[11];

	fs_buf_init(&m->aux, 1024);
	fs_date_format(r->query[Q_FRAN].v.date, fran);
	fs_date_format(r->query[Q_TILL].v.date, till);
	snprintf(m->key, sizeof(m->key), "utfall|%s|%d|%s|%s|%s|%s", what, k,
	    r->query[Q_FORBUND].set ? r->query[Q_FORBUND].v.s.p : "-",
	    r->query[Q_LAN].set ? r->query[Q_LAN].v.s.p : "-", fran, till);
	return fs_db_generation(r->db, &m->gen, err);
}

/* The answer of m from the memo into b: true when there was one. */
static bool
memo_hit(struct http_req *r, struct memo *m, struct fs_buf *b)
{
	return fs_http_memo_get(r, m->key, m->gen, b, &m->aux);
}

static void
memo_keep(struct http_req *r, struct memo *m, const struct fs_buf *b)
{
	fs_http_memo_put(r, m->key, m->gen, b->buf, b->len, m->aux.buf);
}

static enum fs_rc
utfall(struct http_req *r, struct fs_err *err)
{
	struct fs_utfall u;
	struct fs_buf b;
	struct memo m;
	enum fs_rc rc;

	fs_buf_init(&b, 0);
	rc = memo_begin(r, "json", 0, &m, err);
	if (rc == FS_OK && !memo_hit(r, &m, &b)) {
		rc = compute(r, &u, err);
		if (rc == FS_OK)
			rc = fs_report_utfall_write(&u, FS_REPORT_JSON, &b,
			    err);
		if (rc == FS_OK)
			memo_keep(r, &m, &b);
	}
	if (rc == FS_OK)
		fs_http_bytes(r, MHD_HTTP_OK, "application/json; charset=utf-8",
		    &b);
	fs_buf_release(&b);
	fs_buf_release(&m.aux);
	return rc;
}

const struct http_endpoint fs_ep_utfall = {
	.fn = utfall,
	.query = utfall_query,
	.nquery = FS_NELEM(utfall_query),
	.summary = "Utfallstabellen (SUS-måtten) med exakta täljare och "
	    "nämnare",
	.produces = "application/json",
	.ok_status = 200,
};

static enum fs_rc utfall_csv(struct http_req *, struct fs_err *);

const struct http_endpoint fs_ep_utfall_csv = {
	.fn = utfall_csv,
	.query = csv_query,
	.nquery = Q__MAX,
	.summary = "Utfallstabellen som CSV (exporten loggas)",
	.produces = "text/csv",
	.ok_status = 200,
};

static enum fs_rc
utfall_svg(struct http_req *r, struct fs_err *err)
{
	struct fs_utfall u;
	struct fs_buf b;
	enum fs_rc rc;

	rc = compute(r, &u, err);
	if (rc != FS_OK)
		return rc;
	fs_buf_init(&b, 0);
	rc = fs_svg_utfall(&u, &b, err);
	if (rc == FS_OK)
		fs_http_bytes(r, MHD_HTTP_OK, "image/svg+xml; charset=utf-8",
		    &b);
	fs_buf_release(&b);
	return rc;
}

const struct http_endpoint fs_ep_utfall_svg = {
	.fn = utfall_svg,
	.query = utfall_query,
	.nquery = FS_NELEM(utfall_query),
	.summary = "Utfallstabellens andelar som stapeldiagram (SVG)",
	.produces = "image/svg+xml",
	.ok_status = 200,
};

/* ---- publishable ---- */

/* The report the query asks for, marked with threshold k. */
static enum fs_rc
compute_pub(struct http_req *r, int k, struct fs_utfall *u,
    struct fs_utfall_skydd *sk, struct fs_err *err)
{
	enum fs_rc rc;

	rc = compute(r, u, err);
	if (rc == FS_OK)
		rc = fs_utfall_skydda(u, k, sk, err);
	return rc;
}

/* What the audit entry of a release says: level, period, k, format. */
static enum fs_rc
release_details(const struct fs_utfall *u, const struct fs_utfall_skydd *sk,
    const char *format, struct fs_buf *out, struct fs_err *err)
{
	char fran[11], till[11];

	fs_date_format(u->fran, fran);
	fs_date_format(u->till, till);
	fs_buf_reset(out);
	/* kod is a förbund or län code from our own tables. */
	if (fs_buf_addf(out, "{\"niva\":\"%s\",\"kod\":\"%s\","
	    "\"fran\":\"%s\",\"till\":\"%s\",\"k\":%d,\"format\":\"%s\"}",
	    fs_report_level_name(u->level), u->level == FS_LEVEL_RIKET ? "" :
	    u->kod, fran, till, sk->k, format) != FS_OK)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	return FS_OK;
}

/* Log the release of a publishable table (details from release_details()). */
static void
log_release(struct http_req *r, const char *details)
{
	fs_http_audit(r, "rapport.publicerbar", "utfall", &r->scope, "ok",
	    details);
}

/*
 * The publishable table in format (JSON, CSV or SVG, by write) into b,
 * from the memo or made now; m->aux gets the audit details.
 */
typedef enum fs_rc (*pub_write_fn)(const struct fs_utfall *u,
    const struct fs_utfall_skydd *sk, int format, struct fs_buf *b,
    struct fs_err *err);

static enum fs_rc
pub_answer(struct http_req *r, int format, const char *fname,
    pub_write_fn write, struct memo *m, struct fs_buf *b, struct fs_err *err)
{
	struct fs_utfall u;
	struct fs_utfall_skydd sk;
	enum fs_rc rc;
	char what[32];
	int k;

	rc = fs_report_skydd_k(r->db, &k, err);
	snprintf(what, sizeof(what), "pub-%s", fname);
	if (rc == FS_OK)
		rc = memo_begin(r, what, k, m, err);
	if (rc != FS_OK || memo_hit(r, m, b))
		return rc;
	rc = compute_pub(r, k, &u, &sk, err);
	if (rc == FS_OK)
		rc = write(&u, &sk, format, b, err);
	if (rc == FS_OK)
		rc = release_details(&u, &sk, fname, &m->aux, err);
	if (rc == FS_OK)
		memo_keep(r, m, b);
	return rc;
}

static enum fs_rc
write_table(const struct fs_utfall *u, const struct fs_utfall_skydd *sk,
    int format, struct fs_buf *b, struct fs_err *err)
{
	return fs_report_utfall_write_skyddad(u, sk,
	    (enum fs_report_format)format, b, err);
}

static enum fs_rc
utfall_pub(struct http_req *r, struct fs_err *err)
{
	struct fs_buf b;
	struct memo m;
	enum fs_rc rc;

	fs_buf_init(&b, 0);
	rc = pub_answer(r, FS_REPORT_JSON, "json", write_table, &m, &b, err);
	if (rc == FS_OK) {
		log_release(r, m.aux.buf);
		fs_http_bytes(r, MHD_HTTP_OK, "application/json; charset=utf-8",
		    &b);
	}
	fs_buf_release(&b);
	fs_buf_release(&m.aux);
	return rc;
}

const struct http_endpoint fs_ep_utfall_pub = {
	.fn = utfall_pub,
	.query = utfall_query,
	.nquery = FS_NELEM(utfall_query),
	.summary = "Utfallstabellen i publicerbar form: antal under "
	    "tröskeln och det som kan räknas fram ur dem visas inte "
	    "(utlämnandet loggas)",
	.produces = "application/json",
	.ok_status = 200,
};

/*
 * The report as a file in format f (CSV, XLSX or HTML), internal or,
 * when pub, publishable; every export is written to the audit log
 * before the file leaves.  HTML is shown in the browser (to print),
 * the others are downloads.
 */
static enum fs_rc
export(struct http_req *r, bool pub, enum fs_report_format f,
    struct fs_err *err)
{
	struct fs_utfall u;
	struct fs_buf b;
	struct memo m;
	char disp[192], fran[11], till[11], details[64];
	const char *type, *ext = fs_report_format_name(f);
	enum fs_rc rc;

	switch (f) {
	case FS_REPORT_CSV:
	case FS_REPORT_CSV_PLAIN:
		type = "text/csv; charset=utf-8";
		ext = "csv";
		break;
	case FS_REPORT_XLSX:
		type = "application/vnd.openxmlformats-officedocument."
		    "spreadsheetml.sheet";
		break;
	case FS_REPORT_HTML:
		type = "text/html; charset=utf-8";
		break;
	default:
		return fs_err_set(err, FS_EINVAL, "format",
		    "måste vara csv, csv-plain, xlsx eller html");
	}
	fs_buf_init(&b, 0);
	fs_buf_init(&m.aux, 0);
	/* Publishable answers come from the server's memo when they can. */
	if (pub)
		rc = pub_answer(r, f, fs_report_format_name(f), write_table, &m,
		    &b, err);
	else {
		rc = compute(r, &u, err);
		if (rc == FS_OK)
			rc = fs_report_utfall_write(&u, f, &b, err);
	}
	if (rc != FS_OK)
		goto out;
	fs_date_format(r->query[Q_FRAN].v.date, fran);
	fs_date_format(r->query[Q_TILL].v.date, till);
	snprintf(disp, sizeof(disp), "%s; filename=\"utfall-%s%s-%s-%s.%s\"",
	    f == FS_REPORT_HTML ? "inline" : "attachment",
	    pub ? "publicerbar-" : "", r->query[Q_FORBUND].set ? "forbund" :
	    (r->query[Q_LAN].set ? "lan" : "riket"), fran, till, ext);
	if (pub)
		log_release(r, m.aux.buf);
	else {
		snprintf(details, sizeof(details), "{\"format\":\"%s\"}",
		    fs_report_format_name(f));
		fs_http_audit(r, "rapport.export", "utfall", &r->scope, "ok",
		    details);
	}
	fs_http_add_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, disp);
	fs_http_bytes(r, MHD_HTTP_OK, type, &b);
out:
	fs_buf_release(&b);
	fs_buf_release(&m.aux);
	return rc;
}

/* ?format=csv (standard) or csv-plain. */
static enum fs_rc
csv_format(struct http_req *r, enum fs_report_format *f, struct fs_err *err)
{
	int v = FS_REPORT_CSV;

	if (r->query[Q_FORMAT].set)
		v = fs_report_format_find(r->query[Q_FORMAT].v.s.p);
	if (v != FS_REPORT_CSV && v != FS_REPORT_CSV_PLAIN)
		return fs_err_set(err, FS_EINVAL, "format",
		    "måste vara csv eller csv-plain");
	*f = (enum fs_report_format)v;
	return FS_OK;
}

static enum fs_rc
utfall_csv(struct http_req *r, struct fs_err *err)
{
	enum fs_report_format f;
	enum fs_rc rc = csv_format(r, &f, err);

	return rc != FS_OK ? rc : export(r, false, f, err);
}

static enum fs_rc
utfall_xlsx(struct http_req *r, struct fs_err *err)
{
	return export(r, false, FS_REPORT_XLSX, err);
}

static enum fs_rc
utfall_html(struct http_req *r, struct fs_err *err)
{
	return export(r, false, FS_REPORT_HTML, err);
}

const struct http_endpoint fs_ep_utfall_xlsx = {
	.fn = utfall_xlsx,
	.query = utfall_query,
	.nquery = FS_NELEM(utfall_query),
	.summary = "Utfallstabellen som Excel-arbetsbok med täljare och "
	    "nämnare (exporten loggas)",
	.produces = "application/vnd.openxmlformats-officedocument."
	    "spreadsheetml.sheet",
	.ok_status = 200,
};

const struct http_endpoint fs_ep_utfall_html = {
	.fn = utfall_html,
	.query = utfall_query,
	.nquery = FS_NELEM(utfall_query),
	.summary = "Utfallstabellen som utskrivbar HTML-sida (exporten "
	    "loggas)",
	.produces = "text/html",
	.ok_status = 200,
};

static enum fs_rc
utfall_pub_csv(struct http_req *r, struct fs_err *err)
{
	enum fs_report_format f;
	enum fs_rc rc = csv_format(r, &f, err);

	return rc != FS_OK ? rc : export(r, true, f, err);
}

static enum fs_rc
utfall_pub_xlsx(struct http_req *r, struct fs_err *err)
{
	return export(r, true, FS_REPORT_XLSX, err);
}

static enum fs_rc
utfall_pub_html(struct http_req *r, struct fs_err *err)
{
	return export(r, true, FS_REPORT_HTML, err);
}

const struct http_endpoint fs_ep_utfall_pub_xlsx = {
	.fn = utfall_pub_xlsx,
	.query = utfall_query,
	.nquery = FS_NELEM(utfall_query),
	.summary = "Utfallstabellen i publicerbar form som Excel-arbetsbok "
	    "(utlämnandet loggas)",
	.produces = "application/vnd.openxmlformats-officedocument."
	    "spreadsheetml.sheet",
	.ok_status = 200,
};

const struct http_endpoint fs_ep_utfall_pub_html = {
	.fn = utfall_pub_html,
	.query = utfall_query,
	.nquery = FS_NELEM(utfall_query),
	.summary = "Utfallstabellen i publicerbar form som utskrivbar "
	    "HTML-sida (utlämnandet loggas)",
	.produces = "text/html",
	.ok_status = 200,
};

const struct http_endpoint fs_ep_utfall_pub_csv = {
	.fn = utfall_pub_csv,
	.query = csv_query,
	.nquery = Q__MAX,
	.summary = "Utfallstabellen i publicerbar form som CSV (<k och .. "
	    "för dolda tal; utlämnandet loggas)",
	.produces = "text/csv",
	.ok_status = 200,
};

/*
 * The chart's text gives Totalt's Antal; a table whose Antal must not
 * be shown has no publishable chart.
 */
static enum fs_rc
write_chart(const struct fs_utfall *u, const struct fs_utfall_skydd *sk,
    int format, struct fs_buf *b, struct fs_err *err)
{
	struct fs_utfall masked;

	(void)format;
	if (sk->cell[FS_UTFALL_ANTAL][FS_COL_TOTALT] != FS_SKYDD_VISAS)
		return fs_err_set(err, FS_ECONFLICT, "niva",
		    "för få avslutade deltaganden för ett publicerbart "
		    "diagram");
	fs_utfall_skydd_mask(u, sk, &masked);
	return fs_svg_utfall(&masked, b, err);
}

static enum fs_rc
utfall_pub_svg(struct http_req *r, struct fs_err *err)
{
	struct fs_buf b;
	struct memo m;
	enum fs_rc rc;

	fs_buf_init(&b, 0);
	rc = pub_answer(r, 0, "svg", write_chart, &m, &b, err);
	if (rc == FS_OK) {
		log_release(r, m.aux.buf);
		fs_http_bytes(r, MHD_HTTP_OK, "image/svg+xml; charset=utf-8",
		    &b);
	}
	fs_buf_release(&b);
	fs_buf_release(&m.aux);
	return rc;
}

const struct http_endpoint fs_ep_utfall_pub_svg = {
	.fn = utfall_pub_svg,
	.query = utfall_query,
	.nquery = FS_NELEM(utfall_query),
	.summary = "Publicerbara andelar som stapeldiagram (SVG); dolda "
	    "andelar visas som –",
	.produces = "image/svg+xml",
	.ok_status = 200,
};
