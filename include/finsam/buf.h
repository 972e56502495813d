/* SPDX-License-Identifier: ISC */
/*
 * struct fs_buf: the one growable byte buffer (git's strbuf with curl
 * dynbuf's hard ceiling).  Invariants: after fs_buf_init() buf is never
 * NULL and always NUL-terminated; len never exceeds max; an append that
 * would pass max fails with FS_ENOMEM and leaves the buffer unchanged.
 * The struct owns buf; fs_buf_detach() hands it to the caller.
 * Depends only on err.h.
 *
 * struct fs_str: a borrowed read-only slice (pointer, length).
 */
#ifndef FS_BUF_H
#define FS_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "finsam/err.h"

struct fs_buf {
	char	*buf;	/* never NULL after init; always NUL-terminated */
	size_t	 len;
	size_t	 alloc;	/* private */
	size_t	 max;	/* hard ceiling on len */
};

struct fs_str {
	const char	*p;
	size_t		 len;
};

#define FS_BUF_MAX_DEFAULT ((size_t)1 << 30)

/* Start empty with the given ceiling (0 means FS_BUF_MAX_DEFAULT). */
void		 fs_buf_init(struct fs_buf *b, size_t max);
/* Free the contents; b must be initialised again before reuse. */
void		 fs_buf_release(struct fs_buf *b);
/* Empty the buffer, keeping its allocation. */
void		 fs_buf_reset(struct fs_buf *b);
/* Make room for n more bytes. */
enum fs_rc	 fs_buf_grow(struct fs_buf *b, size_t n) FS_MUSTCHECK;
enum fs_rc	 fs_buf_add(struct fs_buf *b, const void *p, size_t n)
		    FS_MUSTCHECK;
enum fs_rc	 fs_buf_addstr(struct fs_buf *b, const char *s) FS_MUSTCHECK;
enum fs_rc	 fs_buf_addch(struct fs_buf *b, char c) FS_MUSTCHECK;
enum fs_rc	 fs_buf_addf(struct fs_buf *b, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3))) FS_MUSTCHECK;
enum fs_rc	 fs_buf_vaddf(struct fs_buf *b, const char *fmt, va_list ap)
		    __attribute__((format(printf, 2, 0))) FS_MUSTCHECK;
/* Shorten to len (len <= b->len). */
void		 fs_buf_setlen(struct fs_buf *b, size_t len);
/*
 * Hand the NUL-terminated contents to the caller (free with free(3));
 * the buffer is left initialised and empty.  Returns NULL only when the
 * empty replacement cannot be allocated, in which case b is unchanged.
 */
char		*fs_buf_detach(struct fs_buf *b, size_t *len);

#endif
