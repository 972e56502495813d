/* SPDX-License-Identifier: ISC */
/*
 * Charts drawn by the server as SVG (src/http/svg.c), escaped by
 * construction through html.h.  Free of microhttpd.h.
 */
#ifndef FS_SVG_H
#define FS_SVG_H

#include "finsam/buf.h"
#include "finsam/err.h"
#include "finsam/report.h"

/*
 * Append the outcome report u as a bar chart of its shares (Totalt,
 * Kvinnor, Män) to out: a complete SVG document with title and
 * description.  FS_ENOMEM when out's ceiling is reached.
 */
enum fs_rc	 fs_svg_utfall(const struct fs_utfall *u, struct fs_buf *out,
		    struct fs_err *err) FS_MUSTCHECK;

#endif
