/* SPDX-License-Identifier: ISC */
/*
 * The outcome report as an SVG bar chart drawn by the server: the
 * shares of the outcome table (measures 4-7 and 11) as grouped
 * horizontal bars for Totalt, Kvinnor and Män, in a colour-blind-safe
 * palette (Okabe-Ito), with a title, a description and a text label on
 * every bar, so that the picture is readable without colour and by a
 * screen reader.  Every piece of text goes through html.c, so the
 * chart is escaped by construction.  A pure function of the report;
 * owns nothing beyond the caller's buffer.
 */
#include "compat.h"

#include <stdint.h>
#include <string.h>

#include "finsam/buf.h"
#include "finsam/err.h"
#include "finsam/fmt.h"
#include "finsam/parse.h"
#include "finsam/report.h"

#include "finsam/html.h"
#include "svg.h"

#define W(x) do { if (rc == FS_OK) rc = (x); } while (0)

#define WIDTH 760
/*
 * Each measure's label sits on its own line above its three bars, so a
 * long Swedish label ("Andel med offentlig försörjning i mer än 3 år vid
 * start") is never cut at the left edge.
 */
#define BAR_X 12
#define LABEL_H 18
#define BAR_W 600
#define BAR_H 16
#define BAR_GAP 3
#define GROUP_GAP 16
#define TOP 78

static const enum fs_utfall_measure shown[] = {
	FS_UTFALL_UNDER_30,
	FS_UTFALL_FORSORJNING_3AR,
	FS_UTFALL_GRUNDSKOLA,
	FS_UTFALL_EFTERGYMNASIAL,
	FS_UTFALL_ANDEL_ARBETE,
};

static const struct {
	const char	*label;
	const char	*colour;
} cols[] = {
	[FS_COL_TOTALT] = { "Totalt", "#0072B2" },
	[FS_COL_KVINNOR] = { "Kvinnor", "#E69F00" },
	[FS_COL_MAN] = { "Män", "#009E73" },
};
_Static_assert(FS_NELEM(cols) == FS_COL__MAX, "cols");

/* "34 %" or "–" into a fixed buffer. */
static void
pct_text(const struct fs_ratio *r, char out[32])
{
	struct fs_buf b;

	fs_buf_init(&b, 31);
	if (r->namnare == 0 ||
	    fs_fmt_percent(&b, r->taljare, r->namnare, FS_FMT_TEXT, NULL) !=
	    FS_OK)
		snprintf(out, 32, "–");
	else
		snprintf(out, 32, "%s", b.buf);
	fs_buf_release(&b);
}

static enum fs_rc
text_at(struct fs_buf *b, int x, int y, const char *anchor, const char *cls,
    const char *text)
{
	enum fs_rc rc = FS_OK;

	W(fs_html_open(b, "text"));
	W(fs_html_attrf(b, "x", "%d", x));
	W(fs_html_attrf(b, "y", "%d", y));
	if (anchor != NULL)
		W(fs_html_attr(b, "text-anchor", anchor));
	if (cls != NULL)
		W(fs_html_attr(b, "class", cls));
	W(fs_html_gt(b));
	W(fs_html_text(b, text));
	W(fs_html_close(b, "text"));
	return rc;
}

static enum fs_rc
rect(struct fs_buf *b, int x, int y, int w, int h, const char *fill)
{
	enum fs_rc rc = FS_OK;

	W(fs_html_open(b, "rect"));
	W(fs_html_attrf(b, "x", "%d", x));
	W(fs_html_attrf(b, "y", "%d", y));
	W(fs_html_attrf(b, "width", "%d", w));
	W(fs_html_attrf(b, "height", "%d", h));
	W(fs_html_attr(b, "fill", fill));
	W(fs_html_empty(b));
	return rc;
}

static enum fs_rc
bar(struct fs_buf *b, enum fs_utfall_col c, const struct fs_ratio *r, int y)
{
	char pct[32], title[96];
	int64_t w = 0;
	enum fs_rc rc = FS_OK;

	pct_text(r, pct);
	if (r->namnare > 0 && r->taljare > 0)
		w = fs_fmt_round_div(r->taljare * BAR_W, r->namnare);
	if (w > BAR_W)
		w = BAR_W;
	snprintf(title, sizeof(title), "%s: %s", cols[c].label, pct);
	W(fs_html_open(b, "g"));
	W(fs_html_gt(b));
	W(fs_html_elem(b, "title", title));
	W(rect(b, BAR_X, y, (int)w, BAR_H, cols[c].colour));
	W(text_at(b, BAR_X + (int)w + 6, y + BAR_H - 4, NULL, "v", pct));
	W(fs_html_close(b, "g"));
	return rc;
}

static void
heading(const struct fs_utfall *u, char *title, size_t n)
{
	char fran[11] = "", till[11] = "";

	if (u->fran != 0 || u->till != 0) {
		fs_date_format(u->fran, fran);
		fs_date_format(u->till, till);
	}
	snprintf(title, n, "Utfall för avslutade deltaganden: %s, %s – %s",
	    u->namn[0] != '\0' ? u->namn : "Riket", fran, till);
}

enum fs_rc
fs_svg_begin(struct fs_buf *out, int width, int height, const char *title,
    const char *desc)
{
	enum fs_rc rc = FS_OK;

	W(fs_buf_addstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
	W(fs_html_open(out, "svg"));
	W(fs_html_attr(out, "xmlns", "http://www.w3.org/2000/svg"));
	W(fs_html_attrf(out, "width", "%d", width));
	W(fs_html_attrf(out, "height", "%d", height));
	W(fs_html_attrf(out, "viewBox", "0 0 %d %d", width, height));
	W(fs_html_attr(out, "role", "img"));
	W(fs_html_attr(out, "aria-labelledby", "titel beskrivning"));
	W(fs_html_attr(out, "font-family", "sans-serif"));
	W(fs_html_attr(out, "font-size", "13"));
	W(fs_html_gt(out));
	W(fs_html_open(out, "title"));
	W(fs_html_attr(out, "id", "titel"));
	W(fs_html_gt(out));
	W(fs_html_text(out, title));
	W(fs_html_close(out, "title"));
	W(fs_html_open(out, "desc"));
	W(fs_html_attr(out, "id", "beskrivning"));
	W(fs_html_gt(out));
	W(fs_html_text(out, desc));
	W(fs_html_close(out, "desc"));
	W(rect(out, 0, 0, width, height, "#ffffff"));
	W(text_at(out, 10, 24, NULL, "rubrik", title));
	return rc;
}

enum fs_rc
fs_svg_end(struct fs_buf *out, int x, int y1, int y2)
{
	enum fs_rc rc = FS_OK;

	W(fs_html_open(out, "line"));
	W(fs_html_attrf(out, "x1", "%d", x));
	W(fs_html_attrf(out, "y1", "%d", y1));
	W(fs_html_attrf(out, "x2", "%d", x));
	W(fs_html_attrf(out, "y2", "%d", y2));
	W(fs_html_attr(out, "stroke", "#333333"));
	W(fs_html_empty(out));
	W(fs_html_close(out, "svg"));
	W(fs_buf_addch(out, '\n'));
	return rc;
}

enum fs_rc
fs_svg_text(struct fs_buf *b, int x, int y, const char *anchor,
    const char *cls, const char *text)
{
	return text_at(b, x, y, anchor, cls, text);
}

enum fs_rc
fs_svg_rect(struct fs_buf *b, int x, int y, int w, int h, const char *fill)
{
	return rect(b, x, y, w, h, fill);
}

enum fs_rc
fs_svg_utfall(const struct fs_utfall *u, struct fs_buf *out,
    struct fs_err *err)
{
	char title[FS_UTFALL_NAMN_MAX + 96], desc[160];
	int height, y;
	enum fs_rc rc = FS_OK;

	height = TOP + (int)FS_NELEM(shown) *
	    (LABEL_H + FS_COL__MAX * (BAR_H + BAR_GAP) + GROUP_GAP) + 24;
	heading(u, title, sizeof(title));
	snprintf(desc, sizeof(desc), "Stapeldiagram: andelar i procent för "
	    "Totalt, Kvinnor och Män. Antal avslutade deltaganden: %lld.",
	    (long long)u->cell[FS_UTFALL_ANTAL][FS_COL_TOTALT].taljare);
	W(fs_svg_begin(out, WIDTH, height, title, desc));
	/* Legend. */
	for (int c = 0; c < FS_COL__MAX; c++) {
		W(rect(out, BAR_X + c * 110, 40, 14, 14, cols[c].colour));
		W(text_at(out, BAR_X + c * 110 + 20, 52, NULL, NULL,
		    cols[c].label));
	}
	y = TOP;
	for (size_t m = 0; m < FS_NELEM(shown); m++) {
		W(text_at(out, BAR_X, y + 13, NULL, "etikett",
		    fs_utfall_label(shown[m])));
		y += LABEL_H;
		for (int c = 0; c < FS_COL__MAX; c++) {
			W(bar(out, (enum fs_utfall_col)c,
			    &u->cell[shown[m]][c], y));
			y += BAR_H + BAR_GAP;
		}
		y += GROUP_GAP;
	}
	/* The 0 % axis. */
	W(fs_svg_end(out, BAR_X, TOP - 4, y - GROUP_GAP + 2));
	if (rc != FS_OK)
		return fs_err_set(err, FS_ENOMEM, NULL,
		    "diagrammet blev för stort");
	return FS_OK;
}
