/* SPDX-License-Identifier: ISC */
/*
 * Growable byte buffer.  An empty initialised buffer points at a shared
 * static empty string, so init never allocates and cannot fail.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"

static char empty_buf[1];

void
fs_buf_init(struct fs_buf *b, size_t max)
{
	b->buf = empty_buf;
	b->len = 0;
	b->alloc = 0;
	b->max = max == 0 ? FS_BUF_MAX_DEFAULT : max;
}

void
fs_buf_release(struct fs_buf *b)
{
	if (b->alloc != 0)
		free(b->buf);
	b->buf = empty_buf;
	b->len = 0;
	b->alloc = 0;
}

void
fs_buf_reset(struct fs_buf *b)
{
	b->len = 0;
	if (b->alloc != 0)
		b->buf[0] = '\0';
}

enum fs_rc
fs_buf_grow(struct fs_buf *b, size_t n)
{
	size_t want, nalloc;
	char *p;

	if (n > b->max || b->len > b->max - n)
		return FS_ENOMEM;
	want = b->len + n + 1;
	if (want <= b->alloc)
		return FS_OK;
	nalloc = b->alloc < 64 ? 64 : b->alloc;
	while (nalloc < want)
		nalloc = nalloc > ((size_t)-1) / 2 ? want : nalloc * 2;
	p = fs_reallocarray(b->alloc == 0 ? NULL : b->buf, nalloc, 1);
	if (p == NULL)
		return FS_ENOMEM;
	if (b->alloc == 0)
		p[0] = '\0';
	b->buf = p;
	b->alloc = nalloc;
	return FS_OK;
}

enum fs_rc
fs_buf_add(struct fs_buf *b, const void *p, size_t n)
{
	if (n == 0)
		return FS_OK;
	if (fs_buf_grow(b, n) != FS_OK)
		return FS_ENOMEM;
	memcpy(b->buf + b->len, p, n);
	b->len += n;
	b->buf[b->len] = '\0';
	return FS_OK;
}

enum fs_rc
fs_buf_addstr(struct fs_buf *b, const char *s)
{
	return fs_buf_add(b, s, strlen(s));
}

enum fs_rc
fs_buf_addch(struct fs_buf *b, char c)
{
	return fs_buf_add(b, &c, 1);
}

enum fs_rc
fs_buf_vaddf(struct fs_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return FS_EINVAL;
	if (fs_buf_grow(b, (size_t)n) != FS_OK)
		return FS_ENOMEM;
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return FS_OK;
}

enum fs_rc
fs_buf_addf(struct fs_buf *b, const char *fmt, ...)
{
	va_list ap;
	enum fs_rc rc;

	va_start(ap, fmt);
	rc = fs_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void
fs_buf_setlen(struct fs_buf *b, size_t len)
{
	assert(len <= b->len);
	b->len = len;
	if (b->alloc != 0)
		b->buf[len] = '\0';
}

char *
fs_buf_detach(struct fs_buf *b, size_t *len)
{
	char *p;

	if (b->alloc == 0) {
		p = fs_malloc(1);
		if (p == NULL)
			return NULL;
		p[0] = '\0';
	} else
		p = b->buf;
	if (len != NULL)
		*len = b->len;
	b->buf = empty_buf;
	b->len = 0;
	b->alloc = 0;
	return p;
}
