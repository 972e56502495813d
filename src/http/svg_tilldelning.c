/* SPDX-License-Identifier: ISC */
/*
 * The state allocation as an SVG bar chart drawn by the server: one
 * group per förbund with its name on a line of its own, a bar for the
 * possible allocation and one for the allocation, each with its amount
 * in Swedish format ("3 975 000 kr") at the end of the bar, in the
 * colour-blind-safe palette of the outcome chart, with a title and a
 * description for screen readers.  All text goes through html.c, so
 * the chart is escaped by construction.  A pure function of the
 * result; owns nothing beyond the caller's buffer.
 */
#include "compat.h"

#include <stdint.h>
#include <string.h>

#include "finsam/buf.h"
#include "finsam/err.h"
#include "finsam/fmt.h"
#include "finsam/tilldelning.h"

#include "finsam/html.h"
#include "svg.h"

#define W(x) do { if (rc == FS_OK) rc = (x); } while (0)

#define WIDTH 760
#define BAR_X 12
#define BAR_W 560	/* the longest bar; the amount is written after it */
#define LABEL_H 18
#define BAR_H 16
#define BAR_GAP 3
#define GROUP_GAP 14
#define TOP 78

static const struct {
	const char	*label;
	const char	*colour;
} series[] = {
	{ "Möjlig tilldelning", "#0072B2" },
	{ "Tilldelning", "#E69F00" },
};

/* "3 975 000 kr" into out (fixed, never user data). */
static void
kr(int64_t v, char out[40])
{
	struct fs_buf b;

	fs_buf_init(&b, 39);
	if (fs_fmt_int(&b, v, FS_FMT_TEXT, NULL) == FS_OK)
		snprintf(out, 40, "%s kr", b.buf);
	else
		snprintf(out, 40, "–");
	fs_buf_release(&b);
}

static enum fs_rc
bar(struct fs_buf *b, size_t s, int64_t v, int64_t max, int y)
{
	char amount[40], title[96];
	int64_t w = 0;
	enum fs_rc rc = FS_OK;

	kr(v, amount);
	if (max > 0 && v > 0)
		w = fs_fmt_round_div(v * BAR_W, max);
	snprintf(title, sizeof(title), "%s: %s", series[s].label, amount);
	W(fs_html_open(b, "g"));
	W(fs_html_gt(b));
	W(fs_html_elem(b, "title", title));
	W(fs_svg_rect(b, BAR_X, y, (int)w, BAR_H, series[s].colour));
	W(fs_svg_text(b, BAR_X + (int)w + 6, y + BAR_H - 4, NULL, "v",
	    amount));
	W(fs_html_close(b, "g"));
	return rc;
}

enum fs_rc
fs_svg_tilldelning(const struct fs_tdl_result *r, struct fs_buf *out,
    struct fs_err *err)
{
	char title[96], desc[256], sum[40], label[FS_TDL_KOD_MAX + 200];
	int64_t max = 0;
	int height, y;
	enum fs_rc rc = FS_OK;

	for (size_t i = 0; i < r->nrad; i++) {
		if (r->rad[i].mojlig > max)
			max = r->rad[i].mojlig;
		if (r->rad[i].tilldelning > max)
			max = r->rad[i].tilldelning;
	}
	height = TOP + (int)r->nrad * (LABEL_H + 2 * (BAR_H + BAR_GAP) +
	    GROUP_GAP) + 24;
	kr(r->summa_tilldelning, sum);
	snprintf(title, sizeof(title), "Statlig tilldelning %d per förbund",
	    r->ar);
	snprintf(desc, sizeof(desc), "Stapeldiagram: möjlig tilldelning och "
	    "tilldelning i kronor för %zu förbund. Summa tilldelning: %s.",
	    r->nrad, sum);
	W(fs_svg_begin(out, WIDTH, height, title, desc));
	for (size_t s = 0; s < FS_NELEM(series); s++) {
		W(fs_svg_rect(out, BAR_X + (int)s * 190, 40, 14, 14,
		    series[s].colour));
		W(fs_svg_text(out, BAR_X + (int)s * 190 + 20, 52, NULL, NULL,
		    series[s].label));
	}
	y = TOP;
	for (size_t i = 0; i < r->nrad; i++) {
		snprintf(label, sizeof(label), "%s (%s)", r->rad[i].namn,
		    r->rad[i].kod);
		W(fs_svg_text(out, BAR_X, y + 13, NULL, "etikett", label));
		y += LABEL_H;
		W(bar(out, 0, r->rad[i].mojlig, max, y));
		y += BAR_H + BAR_GAP;
		W(bar(out, 1, r->rad[i].tilldelning, max, y));
		y += BAR_H + BAR_GAP + GROUP_GAP;
	}
	/* The 0 kr axis. */
	W(fs_svg_end(out, BAR_X, TOP - 4, y - GROUP_GAP + 2));
	if (rc != FS_OK)
		return fs_err_set(err, FS_ENOMEM, NULL,
		    "diagrammet blev för stort");
	return FS_OK;
}
