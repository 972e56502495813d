/* SPDX-License-Identifier: ISC */
/*
 * Charts drawn by the server as SVG (src/http/svg*.c), escaped by
 * construction through html.h.  Free of microhttpd.h.
 */
#ifndef FS_SVG_H
#define FS_SVG_H

#include "finsam/buf.h"
#include "finsam/err.h"
#include "finsam/report.h"
#include "finsam/tilldelning.h"

/*
 * Append the outcome report u as a bar chart of its shares (Totalt,
 * Kvinnor, Män) to out: a complete SVG document with title and
 * description.  FS_ENOMEM when out's ceiling is reached.
 */
enum fs_rc	 fs_svg_utfall(const struct fs_utfall *u, struct fs_buf *out,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * The parts every chart shares: the document's start (the svg element
 * with its title, description, white background and heading), its end
 * with the zero axis, a text and a rectangle.
 */
enum fs_rc	 fs_svg_begin(struct fs_buf *out, int width, int height,
		    const char *title, const char *desc) FS_MUSTCHECK;
/* The zero axis at x from y1 to y2, then the end of the document. */
enum fs_rc	 fs_svg_end(struct fs_buf *out, int x, int y1, int y2)
		    FS_MUSTCHECK;
enum fs_rc	 fs_svg_text(struct fs_buf *b, int x, int y, const char *anchor,
		    const char *cls, const char *text) FS_MUSTCHECK;
enum fs_rc	 fs_svg_rect(struct fs_buf *b, int x, int y, int w, int h,
		    const char *fill) FS_MUSTCHECK;

/*
 * The state allocation r as a bar chart (svg_tilldelning.c): per
 * förbund its possible allocation and its allocation, with the amounts
 * in kronor written at the bars.
 */
enum fs_rc	 fs_svg_tilldelning(const struct fs_tdl_result *r,
		    struct fs_buf *out, struct fs_err *err) FS_MUSTCHECK;

#endif
