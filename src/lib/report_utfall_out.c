/* SPDX-License-Identifier: ISC */
/*
 * Output of the outcome report (report.h): JSON with exact numerators
 * and denominators (through jansson), a text table for people in the
 * layout of the SUS table "UTFALL", and CSV for Swedish Excel and for
 * programs, internal (everything shown) or publishable (cells marked
 * by report_skydd.c shown as "<k" or "..", null in JSON).  Pure
 * functions of a struct fs_utfall; owns nothing beyond the caller's
 * buffer.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "finsam/buf.h"
#include "finsam/codes.h"
#include "finsam/csv.h"
#include "finsam/err.h"
#include "finsam/fmt.h"
#include "finsam/parse.h"
#include "finsam/report.h"

#define UNDEFINED "–"		/* a share or mean without participations */
#define SECONDARY ".."		/* hidden by disclosure control */
#define LABEL_MIN 40
#define NUM_WIDTH 11

static const char *const format_names[] = {
	[FS_REPORT_TEXT] = "text",
	[FS_REPORT_JSON] = "json",
	[FS_REPORT_CSV] = "csv",
	[FS_REPORT_CSV_PLAIN] = "csv-plain",
};
_Static_assert(FS_NELEM(format_names) == FS_REPORT_FORMAT__MAX,
    "format_names incomplete");

static const char *const col_labels[] = {
	[FS_COL_TOTALT] = "Totalt",
	[FS_COL_KVINNOR] = "Kvinnor",
	[FS_COL_MAN] = "Män",
};
_Static_assert(FS_NELEM(col_labels) == FS_COL__MAX, "col_labels");

static const char *const kind_units[] = {
	[FS_KIND_COUNT] = "antal",
	[FS_KIND_SHARE] = "procent",
	[FS_KIND_MEAN] = "dagar",
	[FS_KIND_FTE] = "heltidsarbeten (40 tim/vecka)",
};
_Static_assert(FS_NELEM(kind_units) == FS_KIND__MAX, "kind_units");

int
fs_report_format_find(const char *name)
{
	return fs_name_find(format_names, FS_NELEM(format_names), name);
}

static enum fs_rc
nomem(struct fs_err *err)
{
	return fs_err_set(err, FS_ENOMEM, NULL,
	    "utdata blev för stort eller minnet räcker inte");
}

/*
 * One cell as people read it, in style st: counts whole, shares whole
 * percent, means whole days, FTE one decimal; UNDEFINED (text) or ""
 * (CSV) when the denominator is 0.
 */
static enum fs_rc
fmt_cell(struct fs_buf *b, enum fs_utfall_kind kind, const struct fs_ratio *r,
    enum fs_fmt_style st, struct fs_err *err)
{
	if (r->namnare == 0)
		return st == FS_FMT_TEXT && fs_buf_addstr(b, UNDEFINED) != FS_OK
		    ? nomem(err) : FS_OK;
	switch (kind) {
	case FS_KIND_COUNT:
		return fs_fmt_ratio(b, r->taljare, r->namnare, 0, st, err);
	case FS_KIND_SHARE:
		return fs_fmt_percent(b, r->taljare, r->namnare, st, err);
	case FS_KIND_MEAN:
		return fs_fmt_ratio(b, r->taljare, r->namnare, 0, st, err);
	case FS_KIND_FTE:
		return fs_fmt_ratio(b, r->taljare, r->namnare, 1, st, err);
	default:
		break;
	}
	return fs_err_set(err, FS_EINVAL, "matt", "okänd typ av mått");
}

/*
 * Cell (m, c) of u: as fmt_cell(), or "<k" / ".." when s marks it
 * hidden (s NULL: internal, nothing hidden).
 */
static enum fs_rc
fmt_marked(struct fs_buf *b, const struct fs_utfall *u,
    const struct fs_utfall_skydd *s, int m, int c, enum fs_fmt_style st,
    struct fs_err *err)
{
	if (s != NULL && s->cell[m][c] == FS_SKYDD_LITEN)
		return fs_buf_addf(b, "<%d", s->k) != FS_OK ? nomem(err)
		    : FS_OK;
	if (s != NULL && s->cell[m][c] != FS_SKYDD_VISAS)
		return fs_buf_addstr(b, SECONDARY) != FS_OK ? nomem(err)
		    : FS_OK;
	return fmt_cell(b, fs_utfall_kind((enum fs_utfall_measure)m),
	    &u->cell[m][c], st, err);
}

/* The footnote of publishable output, one line per sign. */
static enum fs_rc
add_skydd_note(struct fs_buf *b, const struct fs_utfall_skydd *s, int line)
{
	if (line == 0)
		return fs_buf_addf(b, "<%d: färre än %d (1–%d); talet och det "
		    "som räknas fram ur det visas inte.", s->k, s->k,
		    s->k - 1);
	return fs_buf_addstr(b, SECONDARY ": dolt så att ett litet antal "
	    "inte kan räknas fram ur andra tal i tabellen.");
}

/* Number of characters (not bytes) of the UTF-8 text s. */
static size_t
width(const char *s, size_t len)
{
	size_t w = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}

static enum fs_rc
pad(struct fs_buf *b, size_t n)
{
	static const char spaces[] = "                                ";

	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;

		if (fs_buf_add(b, spaces, k) != FS_OK)
			return FS_ENOMEM;
		n -= k;
	}
	return FS_OK;
}

/* Label of measure m in a table, with " *" for full-time equivalents. */
static enum fs_rc
add_label(struct fs_buf *b, enum fs_utfall_measure m, bool star)
{
	if (fs_buf_addstr(b, fs_utfall_label(m)) != FS_OK)
		return FS_ENOMEM;
	if (star && fs_utfall_kind(m) == FS_KIND_FTE)
		return fs_buf_add(b, " *", 2);
	return FS_OK;
}

/* "Förbund: Namn (KOD)" and the like. */
static enum fs_rc
add_level(struct fs_buf *b, const struct fs_utfall *u)
{
	switch (u->level) {
	case FS_LEVEL_FORBUND:
		return fs_buf_addf(b, "Förbund: %s (%s)\n", u->namn, u->kod);
	case FS_LEVEL_LAN:
		return fs_buf_addf(b, "Län: %s (%s)\n", u->namn, u->kod);
	case FS_LEVEL_RIKET:
	default:
		return fs_buf_addstr(b, "Nivå: Riket\n");
	}
}

static enum fs_rc
write_text(const struct fs_utfall *u, const struct fs_utfall_skydd *s,
    struct fs_buf *b, struct fs_err *err)
{
	struct fs_buf lab, num;
	char fran[11], till[11];
	size_t lw = LABEL_MIN, w;
	enum fs_rc rc = FS_OK;

	fs_buf_init(&lab, 1024);
	fs_buf_init(&num, 64);
	for (int m = 0; m < FS_UTFALL__MAX; m++) {
		fs_buf_reset(&lab);
		if (add_label(&lab, (enum fs_utfall_measure)m, true) != FS_OK)
			goto nomem;
		w = width(lab.buf, lab.len);
		if (w > lw)
			lw = w;
	}
	fs_date_format(u->fran, fran);
	fs_date_format(u->till, till);
	if (fs_buf_addstr(b, "Utfall för avslutade deltaganden\n") != FS_OK ||
	    (s != NULL && fs_buf_addf(b, "Publicerbar (röjandeskydd, "
	    "tröskel %d)\n", s->k) != FS_OK) ||
	    add_level(b, u) != FS_OK ||
	    fs_buf_addf(b, "Period: %s – %s (slutdatum i perioden)\n\n",
	    fran, till) != FS_OK)
		goto nomem;
	if (fs_buf_addstr(b, "Avslutade deltaganden") != FS_OK ||
	    pad(b, lw - width("Avslutade deltaganden", 21)) != FS_OK)
		goto nomem;
	for (int c = 0; c < FS_COL__MAX; c++) {
		w = width(col_labels[c], strlen(col_labels[c]));
		if (pad(b, NUM_WIDTH - w) != FS_OK ||
		    fs_buf_addstr(b, col_labels[c]) != FS_OK)
			goto nomem;
	}
	if (fs_buf_addch(b, '\n') != FS_OK)
		goto nomem;
	for (int m = 0; m < FS_UTFALL__MAX; m++) {
		fs_buf_reset(&lab);
		if (add_label(&lab, (enum fs_utfall_measure)m, true) != FS_OK ||
		    fs_buf_add(b, lab.buf, lab.len) != FS_OK ||
		    pad(b, lw - width(lab.buf, lab.len)) != FS_OK)
			goto nomem;
		for (int c = 0; c < FS_COL__MAX; c++) {
			fs_buf_reset(&num);
			rc = fmt_marked(&num, u, s, m, c, FS_FMT_TEXT, err);
			if (rc != FS_OK)
				goto out;
			w = width(num.buf, num.len);
			if (pad(b, w < NUM_WIDTH ? NUM_WIDTH - w : 1) != FS_OK ||
			    fs_buf_add(b, num.buf, num.len) != FS_OK)
				goto nomem;
		}
		if (fs_buf_addch(b, '\n') != FS_OK)
			goto nomem;
	}
	if (fs_buf_addstr(b, "\n"
	    "Andelarna räknas på Antal, alltså på deltaganden och inte på "
	    "personer.\n"
	    "En person kan räknas mer än en gång: den som avslutat flera "
	    "deltaganden under\nperioden räknas en gång per deltagande i "
	    "Antal men bara en gång i Antal unika.\n"
	    "* 40 tim/vecka\n") != FS_OK)
		goto nomem;
	for (int i = 0; s != NULL && i < 2; i++)
		if (add_skydd_note(b, s, i) != FS_OK ||
		    fs_buf_addch(b, '\n') != FS_OK)
			goto nomem;
	goto out;
nomem:
	rc = nomem(err);
out:
	fs_buf_release(&lab);
	fs_buf_release(&num);
	return rc;
}

/* Append sep (unless first) and the CSV field p[0..len). */
static enum fs_rc
field(struct fs_buf *b, const char *p, size_t len, char sep, bool first,
    bool is_text)
{
	if (!first && fs_buf_addch(b, sep) != FS_OK)
		return FS_ENOMEM;
	return fs_csv_add_field(b, p, len, sep, is_text);
}

static enum fs_rc
write_csv(const struct fs_utfall *u, const struct fs_utfall_skydd *s,
    struct fs_buf *b, bool excel, struct fs_err *err)
{
	static const char bom[] = "\xef\xbb\xbf";
	enum fs_fmt_style st = excel ? FS_FMT_CSV_SV : FS_FMT_PLAIN;
	char sep = excel ? ';' : ',';
	struct fs_buf num, note;
	enum fs_rc rc = FS_OK;

	fs_buf_init(&num, 64);
	fs_buf_init(&note, 512);
	if (excel && fs_buf_add(b, bom, sizeof(bom) - 1) != FS_OK)
		goto nomem;
	if (field(b, "Mått", strlen("Mått"), sep, true, true) != FS_OK ||
	    field(b, "Enhet", 5, sep, false, true) != FS_OK)
		goto nomem;
	for (int c = 0; c < FS_COL__MAX; c++)
		if (field(b, col_labels[c], strlen(col_labels[c]), sep, false,
		    true) != FS_OK)
			goto nomem;
	if (fs_buf_add(b, "\r\n", 2) != FS_OK)
		goto nomem;
	for (int m = 0; m < FS_UTFALL__MAX; m++) {
		enum fs_utfall_measure mi = (enum fs_utfall_measure)m;
		enum fs_utfall_kind kind = fs_utfall_kind(mi);
		const char *label = fs_utfall_label(mi);

		if (field(b, label, strlen(label), sep, true, true) != FS_OK ||
		    field(b, kind_units[kind], strlen(kind_units[kind]), sep,
		    false, true) != FS_OK)
			goto nomem;
		for (int c = 0; c < FS_COL__MAX; c++) {
			fs_buf_reset(&num);
			rc = fmt_marked(&num, u, s, m, c, st, err);
			if (rc != FS_OK)
				goto out;
			if (field(b, num.buf, num.len, sep, false, false) !=
			    FS_OK)
				goto nomem;
		}
		if (fs_buf_add(b, "\r\n", 2) != FS_OK)
			goto nomem;
	}
	/* The footnote: one field per line after an empty line. */
	if (s != NULL && fs_buf_add(b, "\r\n", 2) != FS_OK)
		goto nomem;
	for (int i = 0; s != NULL && i < 2; i++) {
		fs_buf_reset(&note);
		if (add_skydd_note(&note, s, i) != FS_OK ||
		    field(b, note.buf, note.len, sep, true, true) != FS_OK ||
		    fs_buf_add(b, "\r\n", 2) != FS_OK)
			goto nomem;
	}
	goto out;
nomem:
	rc = nomem(err);
out:
	fs_buf_release(&num);
	fs_buf_release(&note);
	return rc;
}

/*
 * A JSON cell: {"varde": v} or {"varde": v, "taljare": t, "namnare": n};
 * hidden (mark not FS_SKYDD_VISAS): {"varde": null, "skyddad": "<k"} or
 * {"varde": null, "skyddad": "dold"}.
 */
static json_t *
json_cell(enum fs_utfall_kind kind, const struct fs_ratio *r, int mark,
    int k)
{
	json_t *o = json_object(), *v;
	char lit[16];

	if (o == NULL)
		return NULL;
	if (mark != FS_SKYDD_VISAS) {
		snprintf(lit, sizeof(lit), "<%d", k);
		if (json_object_set_new(o, "varde", json_null()) != 0 ||
		    json_object_set_new(o, "skyddad", json_string(
		    mark == FS_SKYDD_LITEN ? lit : "dold")) != 0)
			goto fail;
		return o;
	}
	if (kind == FS_KIND_COUNT) {
		/* Counts are stored as count / 1. */
		v = json_integer(r->namnare == 1 ? r->taljare
		    : r->namnare == 0 ? 0 : r->taljare / r->namnare);
	} else if (r->namnare == 0) {
		v = json_null();
	} else {
		v = json_real((double)r->taljare / (double)r->namnare);
	}
	if (json_object_set_new(o, "varde", v) != 0)
		goto fail;
	if (kind != FS_KIND_COUNT &&
	    (json_object_set_new(o, "taljare", json_integer(r->taljare)) !=
	    0 || json_object_set_new(o, "namnare",
	    json_integer(r->namnare)) != 0))
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

/* Add a new empty object under key of parent; NULL on failure. */
static json_t *
add_object(json_t *parent, const char *key)
{
	json_t *o = json_object();

	if (o == NULL || json_object_set_new(parent, key, o) != 0)
		return NULL;
	return o;
}

static json_t *
json_report(const struct fs_utfall *u, const struct fs_utfall_skydd *s)
{
	json_t *root, *niva, *period, *matt, *m, *cell;
	char fran[11], till[11];

	root = json_object();
	if (root == NULL)
		return NULL;
	fs_date_format(u->fran, fran);
	fs_date_format(u->till, till);
	if (json_object_set_new(root, "rapport", json_string("utfall")) != 0)
		goto fail;
	if (s != NULL && (json_object_set_new(root, "publicerbar",
	    json_true()) != 0 || json_object_set_new(root, "k",
	    json_integer(s->k)) != 0))
		goto fail;
	niva = add_object(root, "niva");
	if (niva == NULL || json_object_set_new(niva, "typ",
	    json_string(fs_report_level_name(u->level))) != 0)
		goto fail;
	if (u->level != FS_LEVEL_RIKET &&
	    json_object_set_new(niva, "kod", json_string(u->kod)) != 0)
		goto fail;
	if (json_object_set_new(niva, "namn", json_string(u->namn)) != 0)
		goto fail;
	period = add_object(root, "period");
	if (period == NULL ||
	    json_object_set_new(period, "fran", json_string(fran)) != 0 ||
	    json_object_set_new(period, "till", json_string(till)) != 0)
		goto fail;
	matt = add_object(root, "matt");
	if (matt == NULL)
		goto fail;
	for (int i = 0; i < FS_UTFALL__MAX; i++) {
		enum fs_utfall_measure mi = (enum fs_utfall_measure)i;

		m = add_object(matt, fs_utfall_key(mi));
		if (m == NULL)
			goto fail;
		for (int c = 0; c < FS_COL__MAX; c++) {
			cell = json_cell(fs_utfall_kind(mi), &u->cell[i][c],
			    s != NULL ? s->cell[i][c] : FS_SKYDD_VISAS,
			    s != NULL ? s->k : 0);
			if (cell == NULL || json_object_set_new(m,
			    fs_utfall_col_key((enum fs_utfall_col)c), cell) !=
			    0)
				goto fail;
		}
	}
	return root;
fail:
	json_decref(root);
	return NULL;
}

static enum fs_rc
write_json(const struct fs_utfall *u, const struct fs_utfall_skydd *sk,
    struct fs_buf *b, struct fs_err *err)
{
	json_t *root;
	char *s;
	enum fs_rc rc = FS_OK;

	root = json_report(u, sk);
	if (root == NULL)
		return nomem(err);
	s = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	json_decref(root);
	if (s == NULL)
		return nomem(err);
	if (fs_buf_addstr(b, s) != FS_OK || fs_buf_addch(b, '\n') != FS_OK)
		rc = nomem(err);
	free(s);
	return rc;
}

enum fs_rc
fs_report_utfall_write(const struct fs_utfall *u, enum fs_report_format f,
    struct fs_buf *out, struct fs_err *err)
{
	return fs_report_utfall_write_skyddad(u, NULL, f, out, err);
}

enum fs_rc
fs_report_utfall_write_skyddad(const struct fs_utfall *u,
    const struct fs_utfall_skydd *s, enum fs_report_format f,
    struct fs_buf *out, struct fs_err *err)
{
	size_t len0 = out->len;
	enum fs_rc rc;

	switch (f) {
	case FS_REPORT_TEXT:
		rc = write_text(u, s, out, err);
		break;
	case FS_REPORT_JSON:
		rc = write_json(u, s, out, err);
		break;
	case FS_REPORT_CSV:
		rc = write_csv(u, s, out, true, err);
		break;
	case FS_REPORT_CSV_PLAIN:
		rc = write_csv(u, s, out, false, err);
		break;
	default:
		rc = fs_err_set(err, FS_EINVAL, "format",
		    "måste vara text, json, csv eller csv-plain");
		break;
	}
	if (rc != FS_OK)
		fs_buf_setlen(out, len0);
	return rc;
}
