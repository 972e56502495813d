/* SPDX-License-Identifier: ISC */
/*
 * The one escaping module of the HTTP shell: HTML and SVG (XML) are
 * written only through these functions, which escape every text node
 * and attribute value, so that markup built from data is escaped by
 * construction (kcgi's khtml_*).  Element and attribute names come
 * from the program, never from data, and are checked to be plain
 * names.  Every function appends to a caller-owned struct fs_buf and
 * fails only with FS_ENOMEM (its ceiling).
 */
#include "compat.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "finsam/buf.h"
#include "finsam/err.h"

#include "finsam/html.h"

/* A tag or attribute name: letters, digits, '-', ':'. */
static bool
name_ok(const char *s)
{
	if (s == NULL || *s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == ':'))
			return false;
	return true;
}

enum fs_rc
fs_html_escape(struct fs_buf *b, const char *p, size_t len)
{
	size_t start = 0;
	const char *rep;
	enum fs_rc rc;

	for (size_t i = 0; i < len; i++) {
		switch (p[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		case '\0':
			rep = "";
			break;
		default:
			continue;
		}
		rc = fs_buf_add(b, p + start, i - start);
		if (rc == FS_OK)
			rc = fs_buf_addstr(b, rep);
		if (rc != FS_OK)
			return rc;
		start = i + 1;
	}
	return fs_buf_add(b, p + start, len - start);
}

enum fs_rc
fs_html_text(struct fs_buf *b, const char *s)
{
	return fs_html_escape(b, s, strlen(s));
}

enum fs_rc
fs_html_textf(struct fs_buf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	return fs_html_text(b, tmp);
}

enum fs_rc
fs_html_open(struct fs_buf *b, const char *tag)
{
	if (!name_ok(tag))
		return FS_EINVAL;
	if (fs_buf_addch(b, '<') != FS_OK)
		return FS_ENOMEM;
	return fs_buf_addstr(b, tag);
}

enum fs_rc
fs_html_attr(struct fs_buf *b, const char *name, const char *value)
{
	enum fs_rc rc;

	if (!name_ok(name))
		return FS_EINVAL;
	rc = fs_buf_addch(b, ' ');
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, name);
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, "=\"");
	if (rc == FS_OK)
		rc = fs_html_text(b, value);
	if (rc == FS_OK)
		rc = fs_buf_addch(b, '"');
	return rc;
}

enum fs_rc
fs_html_attrf(struct fs_buf *b, const char *name, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	return fs_html_attr(b, name, tmp);
}

enum fs_rc
fs_html_gt(struct fs_buf *b)
{
	return fs_buf_addch(b, '>');
}

enum fs_rc
fs_html_empty(struct fs_buf *b)
{
	return fs_buf_addstr(b, "/>");
}

enum fs_rc
fs_html_close(struct fs_buf *b, const char *tag)
{
	enum fs_rc rc;

	if (!name_ok(tag))
		return FS_EINVAL;
	rc = fs_buf_addstr(b, "</");
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, tag);
	if (rc == FS_OK)
		rc = fs_buf_addch(b, '>');
	return rc;
}

enum fs_rc
fs_html_elem(struct fs_buf *b, const char *tag, const char *text)
{
	enum fs_rc rc;

	rc = fs_html_open(b, tag);
	if (rc == FS_OK)
		rc = fs_html_gt(b);
	if (rc == FS_OK)
		rc = fs_html_text(b, text);
	if (rc == FS_OK)
		rc = fs_html_close(b, tag);
	return rc;
}
