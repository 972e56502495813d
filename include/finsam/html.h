/* SPDX-License-Identifier: ISC */
/*
 * Writing HTML and SVG with every text node and attribute value
 * escaped by construction (src/lib/html.c).  A document is built as
 *
 *	fs_html_open(b, "rect");  fs_html_attrf(b, "x", "%d", x);
 *	fs_html_empty(b);
 *	fs_html_open(b, "title"); fs_html_gt(b); fs_html_text(b, label);
 *	fs_html_close(b, "title");
 *
 * Names (tags, attributes) are program constants; values and text are
 * always escaped (& < > " ').  All functions append to b and return
 * FS_ENOMEM when its ceiling is reached.  In the library because
 * reports are written as HTML and SVG by the library itself (printable
 * reports, charts), and served or saved by the shells.
 */
#ifndef FS_HTML_H
#define FS_HTML_H

#include <stddef.h>

#include "finsam/buf.h"
#include "finsam/err.h"

/* The escaped text p[0..len) (NUL bytes are dropped). */
enum fs_rc	 fs_html_escape(struct fs_buf *b, const char *p, size_t len)
		    FS_MUSTCHECK;
enum fs_rc	 fs_html_text(struct fs_buf *b, const char *s) FS_MUSTCHECK;
enum fs_rc	 fs_html_textf(struct fs_buf *b, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3))) FS_MUSTCHECK;
/* "<tag" */
enum fs_rc	 fs_html_open(struct fs_buf *b, const char *tag) FS_MUSTCHECK;
/* ' name="value"' with value escaped */
enum fs_rc	 fs_html_attr(struct fs_buf *b, const char *name,
		    const char *value) FS_MUSTCHECK;
enum fs_rc	 fs_html_attrf(struct fs_buf *b, const char *name,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)))
		    FS_MUSTCHECK;
/* ">" and "/>" */
enum fs_rc	 fs_html_gt(struct fs_buf *b) FS_MUSTCHECK;
enum fs_rc	 fs_html_empty(struct fs_buf *b) FS_MUSTCHECK;
/* "</tag>" */
enum fs_rc	 fs_html_close(struct fs_buf *b, const char *tag) FS_MUSTCHECK;
/* "<tag>text</tag>" */
enum fs_rc	 fs_html_elem(struct fs_buf *b, const char *tag,
		    const char *text) FS_MUSTCHECK;

#endif
