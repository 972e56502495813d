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
#include "finsam/html.h"
#include "finsam/parse.h"
#include "finsam/report.h"
#include "finsam/xlsx.h"

#define UNDEFINED "–"		/* a share or mean without participations */
#define SECONDARY ".."		/* hidden by disclosure control */
#define LABEL_MIN 40
#define NUM_WIDTH 11

static const char *const format_names[] = {
	[FS_REPORT_TEXT] = "text",
	[FS_REPORT_JSON] = "json",
	[FS_REPORT_CSV] = "csv",
	[FS_REPORT_CSV_PLAIN] = "csv-plain",
	[FS_REPORT_XLSX] = "xlsx",
	[FS_REPORT_HTML] = "html",
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

const char *
fs_report_format_name(enum fs_report_format f)
{
	return (unsigned)f < FS_REPORT_FORMAT__MAX ? format_names[f] : "?";
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

/* The footnotes of every form of the report. */
static const char *const notes[] = {
	"Andelarna räknas på Antal, alltså på deltaganden och inte på "
	    "personer.",
	"En person kan räknas mer än en gång: den som avslutat flera "
	    "deltaganden under perioden räknas en gång per deltagande i "
	    "Antal men bara en gång i Antal unika.",
	"* 40 tim/vecka",
};

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
	if (fs_buf_addch(b, '\n') != FS_OK)
		goto nomem;
	for (size_t i = 0; i < FS_NELEM(notes); i++)
		if (fs_buf_addstr(b, notes[i]) != FS_OK ||
		    fs_buf_addch(b, '\n') != FS_OK)
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

/* ---- XLSX ---- */

struct xlsx_arg {
	const struct fs_utfall		*u;
	const struct fs_utfall_skydd	*s;
};

/* "Förbund: Namn (KOD)" without the newline, for one cell. */
static enum fs_rc
level_line(struct fs_buf *b, const struct fs_utfall *u)
{
	enum fs_rc rc = add_level(b, u);

	if (rc == FS_OK && b->len > 0 && b->buf[b->len - 1] == '\n')
		fs_buf_setlen(b, b->len - 1);
	return rc;
}

static enum fs_rc
xlsx_fill(lxw_workbook *wb, const void *varg, struct fs_err *err)
{
	const struct xlsx_arg *a = varg;
	const struct fs_utfall *u = a->u;
	const struct fs_utfall_skydd *s = a->s;
	lxw_worksheet *ws, *wu = NULL;
	lxw_format *bold, *fmt[FS_KIND__MAX];
	lxw_doc_properties props;
	struct fs_buf t;
	char fran[11], till[11];
	char title[] = "Utfall för avslutade deltaganden", author[] = "finsam";
	lxw_row_t row = 0;
	enum fs_rc rc = FS_OK;

	ws = workbook_add_worksheet(wb, "Utfall");
	if (s == NULL)
		wu = workbook_add_worksheet(wb, "Underlag");
	bold = workbook_add_format(wb);
	for (int k = 0; k < FS_KIND__MAX; k++)
		fmt[k] = workbook_add_format(wb);
	if (ws == NULL || (s == NULL && wu == NULL) || bold == NULL ||
	    fmt[FS_KIND_COUNT] == NULL || fmt[FS_KIND_SHARE] == NULL ||
	    fmt[FS_KIND_MEAN] == NULL || fmt[FS_KIND_FTE] == NULL)
		return nomem(err);
	format_set_bold(bold);
	/* Excel shows these in the reader's locale: "1 234", "18 %". */
	format_set_num_format(fmt[FS_KIND_COUNT], "#,##0");
	format_set_num_format(fmt[FS_KIND_SHARE], "0%");
	format_set_num_format(fmt[FS_KIND_MEAN], "#,##0");
	format_set_num_format(fmt[FS_KIND_FTE], "#,##0.0");
	memset(&props, 0, sizeof(props));
	props.title = title;
	props.author = author;
	props.created = (time_t)u->till * 86400;
	workbook_set_properties(wb, &props);
	worksheet_set_column(ws, 0, 0, 44, NULL);
	worksheet_set_column(ws, 1, 1, 28, NULL);
	worksheet_set_column(ws, 2, 4, 11, NULL);

	fs_buf_init(&t, 4096);
	fs_date_format(u->fran, fran);
	fs_date_format(u->till, till);
	worksheet_write_string(ws, row++, 0, "Utfall för avslutade deltaganden",
	    bold);
	if (s != NULL) {
		if (fs_buf_addf(&t, "Publicerbar (röjandeskydd, tröskel %d)",
		    s->k) != FS_OK)
			goto nomem;
		worksheet_write_string(ws, row++, 0, t.buf, NULL);
	}
	fs_buf_reset(&t);
	if (level_line(&t, u) != FS_OK)
		goto nomem;
	rc = fs_xlsx_text(ws, row++, 0, t.buf, NULL);
	if (rc != FS_OK)
		goto nomem;
	fs_buf_reset(&t);
	if (fs_buf_addf(&t, "Period: %s – %s (slutdatum i perioden)", fran,
	    till) != FS_OK)
		goto nomem;
	worksheet_write_string(ws, row++, 0, t.buf, NULL);
	row++;
	worksheet_write_string(ws, row, 0, "Mått", bold);
	worksheet_write_string(ws, row, 1, "Enhet", bold);
	for (int c = 0; c < FS_COL__MAX; c++)
		worksheet_write_string(ws, row, (lxw_col_t)(2 + c),
		    col_labels[c], bold);
	row++;
	for (int m = 0; m < FS_UTFALL__MAX; m++, row++) {
		enum fs_utfall_measure mi = (enum fs_utfall_measure)m;
		enum fs_utfall_kind kind = fs_utfall_kind(mi);

		fs_buf_reset(&t);
		if (add_label(&t, mi, true) != FS_OK)
			goto nomem;
		worksheet_write_string(ws, row, 0, t.buf, NULL);
		worksheet_write_string(ws, row, 1, kind_units[kind], NULL);
		for (int c = 0; c < FS_COL__MAX; c++) {
			const struct fs_ratio *r = &u->cell[m][c];
			lxw_col_t col = (lxw_col_t)(2 + c);
			double v;

			if (s != NULL && s->cell[m][c] != FS_SKYDD_VISAS) {
				fs_buf_reset(&t);
				rc = fmt_marked(&t, u, s, m, c, FS_FMT_PLAIN,
				    err);
				if (rc != FS_OK)
					goto out;
				worksheet_write_string(ws, row, col, t.buf,
				    NULL);
				continue;
			}
			if (r->namnare == 0)
				continue;	/* undefined: an empty cell */
			v = (double)r->taljare / (double)r->namnare;
			worksheet_write_number(ws, row, col, v, fmt[kind]);
		}
	}
	row++;
	for (size_t i = 0; i < FS_NELEM(notes); i++)
		worksheet_write_string(ws, row++, 0, notes[i], NULL);
	for (int i = 0; s != NULL && i < 2; i++) {
		fs_buf_reset(&t);
		if (add_skydd_note(&t, s, i) != FS_OK)
			goto nomem;
		worksheet_write_string(ws, row++, 0, t.buf, NULL);
	}
	/* The exact figures behind every cell, for checking and reuse. */
	if (wu != NULL) {
		static const char *const head[] = { "Mått", "Kolumn",
			"Täljare", "Nämnare" };

		worksheet_set_column(wu, 0, 0, 44, NULL);
		for (lxw_col_t c = 0; c < FS_NELEM(head); c++)
			worksheet_write_string(wu, 0, c, head[c], bold);
		row = 1;
		for (int m = 0; m < FS_UTFALL__MAX; m++)
			for (int c = 0; c < FS_COL__MAX; c++, row++) {
				const struct fs_ratio *r = &u->cell[m][c];

				worksheet_write_string(wu, row, 0,
				    fs_utfall_label((enum fs_utfall_measure)m),
				    NULL);
				worksheet_write_string(wu, row, 1,
				    col_labels[c], NULL);
				worksheet_write_number(wu, row, 2,
				    (double)r->taljare, NULL);
				worksheet_write_number(wu, row, 3,
				    (double)r->namnare, NULL);
			}
	}
	goto out;
nomem:
	rc = nomem(err);
out:
	fs_buf_release(&t);
	return rc;
}

/* ---- printable HTML ---- */

static const char html_style[] =
    "@page{size:A4;margin:18mm}"
    "body{font-family:system-ui,sans-serif;color:#111;max-width:48rem;"
    "margin:1.5rem auto;padding:0 1rem;line-height:1.4}"
    "h1{font-size:1.4rem;margin:0 0 .5rem}"
    "p.meta{margin:.1rem 0}"
    "table{border-collapse:collapse;width:100%;margin:1rem 0}"
    "caption{text-align:left;font-weight:600;padding-bottom:.4rem}"
    "th,td{border-bottom:1px solid #999;padding:.3rem .5rem}"
    "thead th{border-bottom:2px solid #111;text-align:right}"
    "thead th:first-child{text-align:left}"
    "tbody th{text-align:left;font-weight:normal}"
    "td{text-align:right;font-variant-numeric:tabular-nums}"
    ".fotnot{font-size:.9rem}";

static enum fs_rc
write_html(const struct fs_utfall *u, const struct fs_utfall_skydd *s,
    struct fs_buf *b, struct fs_err *err)
{
	struct fs_buf t, num;
	char fran[11], till[11];
	enum fs_rc rc = FS_OK;

	fs_buf_init(&t, 4096);
	fs_buf_init(&num, 64);
	fs_date_format(u->fran, fran);
	fs_date_format(u->till, till);
	if (level_line(&t, u) != FS_OK ||
	    fs_buf_addstr(b, "<!DOCTYPE html>\n<html lang=\"sv\"><head>"
	    "<meta charset=\"utf-8\"><title>") != FS_OK ||
	    fs_html_textf(b, "Utfall %s – %s", fran, till) != FS_OK ||
	    fs_buf_addstr(b, "</title><style>") != FS_OK ||
	    fs_buf_addstr(b, html_style) != FS_OK ||
	    fs_buf_addstr(b, "</style></head>\n<body>\n<h1>Utfall för "
	    "avslutade deltaganden</h1>\n") != FS_OK)
		goto nomem;
	if (s != NULL && fs_buf_addf(b, "<p class=\"meta\">Publicerbar "
	    "(röjandeskydd, tröskel %d)</p>\n", s->k) != FS_OK)
		goto nomem;
	if (fs_buf_addstr(b, "<p class=\"meta\">") != FS_OK ||
	    fs_html_text(b, t.buf) != FS_OK ||
	    fs_buf_addstr(b, "</p>\n<p class=\"meta\">") != FS_OK ||
	    fs_html_textf(b, "Period: %s – %s (slutdatum i perioden)", fran,
	    till) != FS_OK ||
	    fs_buf_addstr(b, "</p>\n<table>\n<caption>") != FS_OK ||
	    fs_html_textf(b, "Avslutade deltaganden %s – %s", fran,
	    till) != FS_OK ||
	    fs_buf_addstr(b, "</caption>\n<thead><tr><th scope=\"col\">"
	    "Mått</th>") != FS_OK)
		goto nomem;
	for (int c = 0; c < FS_COL__MAX; c++)
		if (fs_buf_addstr(b, "<th scope=\"col\">") != FS_OK ||
		    fs_html_text(b, col_labels[c]) != FS_OK ||
		    fs_buf_addstr(b, "</th>") != FS_OK)
			goto nomem;
	if (fs_buf_addstr(b, "</tr></thead>\n<tbody>\n") != FS_OK)
		goto nomem;
	for (int m = 0; m < FS_UTFALL__MAX; m++) {
		fs_buf_reset(&t);
		if (add_label(&t, (enum fs_utfall_measure)m, true) != FS_OK ||
		    fs_buf_addstr(b, "<tr><th scope=\"row\">") != FS_OK ||
		    fs_html_text(b, t.buf) != FS_OK ||
		    fs_buf_addstr(b, "</th>") != FS_OK)
			goto nomem;
		for (int c = 0; c < FS_COL__MAX; c++) {
			fs_buf_reset(&num);
			rc = fmt_marked(&num, u, s, m, c, FS_FMT_TEXT, err);
			if (rc != FS_OK)
				goto out;
			if (fs_buf_addstr(b, "<td>") != FS_OK ||
			    fs_html_text(b, num.buf) != FS_OK ||
			    fs_buf_addstr(b, "</td>") != FS_OK)
				goto nomem;
		}
		if (fs_buf_addstr(b, "</tr>\n") != FS_OK)
			goto nomem;
	}
	if (fs_buf_addstr(b, "</tbody>\n</table>\n") != FS_OK)
		goto nomem;
	for (size_t i = 0; i < FS_NELEM(notes); i++)
		if (fs_buf_addstr(b, "<p class=\"fotnot\">") != FS_OK ||
		    fs_html_text(b, notes[i]) != FS_OK ||
		    fs_buf_addstr(b, "</p>\n") != FS_OK)
			goto nomem;
	for (int i = 0; s != NULL && i < 2; i++) {
		fs_buf_reset(&t);
		if (add_skydd_note(&t, s, i) != FS_OK ||
		    fs_buf_addstr(b, "<p class=\"fotnot\">") != FS_OK ||
		    fs_html_text(b, t.buf) != FS_OK ||
		    fs_buf_addstr(b, "</p>\n") != FS_OK)
			goto nomem;
	}
	if (fs_buf_addstr(b, "</body></html>\n") != FS_OK)
		goto nomem;
	goto out;
nomem:
	rc = nomem(err);
out:
	fs_buf_release(&t);
	fs_buf_release(&num);
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
	case FS_REPORT_XLSX: {
		struct xlsx_arg a = { u, s };

		rc = fs_xlsx_to_buf(xlsx_fill, &a, out, err);
		break;
	}
	case FS_REPORT_HTML:
		rc = write_html(u, s, out, err);
		break;
	default:
		rc = fs_err_set(err, FS_EINVAL, "format",
		    "måste vara text, json, csv, csv-plain, xlsx eller html");
		break;
	}
	if (rc != FS_OK)
		fs_buf_setlen(out, len0);
	return rc;
}
