/* SPDX-License-Identifier: ISC */
/*
 * CSV reader and field writer.  The reader owns one input buffer (64
 * KiB, grown only while a single record does not fit, never past about
 * 2 MiB), one scratch buffer for fields whose doubled quotes must be
 * undone, and a fixed array of field slices reused for every record:
 * reading a file of a million rows allocates nothing per row.  Slices
 * point into the input buffer (or the caller's memory) whenever the
 * field needs no unescaping.  When the input runs out in the middle of
 * a record, the unread tail is moved to the front of the buffer, more
 * is read, and the record is parsed again from its start.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/csv.h"
#include "finsam/err.h"

#define CHUNK		((size_t)64 * 1024)	/* read size */
#define MAXREC		((size_t)1024 * 1024)	/* bytes in one record */
#define MAXFIELDS	256			/* fields in one record */
#define ERRFIELD	"csv"

/* Byte classes for the scanning loops. */
enum {
	C_PLAIN = 0,	/* ordinary ASCII */
	C_SEPC,		/* ',' or ';': a separator if it is the one in use */
	C_QUOTE,	/* '"' */
	C_CR,
	C_LF,
	C_NUL,
	C_HI		/* 0x80-0xff: part of a UTF-8 sequence */
};

#define H C_HI
static const unsigned char cls[256] = {
	C_NUL, 0, 0, 0, 0, 0, 0, 0, 0, 0, C_LF, 0, 0, C_CR, 0, 0, /* 0x00 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,		  /* 0x10 */
	0, 0, C_QUOTE, 0, 0, 0, 0, 0, 0, 0, 0, 0, C_SEPC, 0, 0, 0, /* 0x20 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, C_SEPC, 0, 0, 0, 0,	  /* 0x30 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,		  /* 0x40 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,		  /* 0x50 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,		  /* 0x60 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,		  /* 0x70 */
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,		  /* 0x80 */
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
};
#undef H

struct fs_csv {
	int		 fd;		/* -1 when reading memory */
	char		*own;		/* file input buffer, or NULL */
	const char	*buf;		/* own, or the caller's memory */
	size_t		 cap;		/* size of own */
	size_t		 pos;		/* first unconsumed byte of buf */
	size_t		 end;		/* end of valid data in buf */
	uint64_t	 base;		/* input offset of buf[0] */
	uint64_t	 size;		/* input size, 0 if unknown */
	bool		 eof;		/* nothing more to read after end */
	bool		 started;	/* BOM handled */
	bool		 failed;	/* an error ended the reading */
	char		 sep;		/* 0 until the header is seen */
	long		 line;		/* line of the current record */
	long		 nextline;	/* line at buf[pos] */
	size_t		 nf;
	struct fs_str	 f[MAXFIELDS];
	size_t		 escoff[MAXFIELDS]; /* offset in esc when f[i].p NULL */
	struct fs_buf	 esc;		/* unescaped quoted fields */
};

/* Outcome of one attempt at scanning. */
enum step {
	S_OK,
	S_MORE,		/* the input ran out; refill and try again */
	S_BAD,		/* malformed; scan.rule says why */
	S_NOMEM
};

/* State of one attempt at a record. */
struct scan {
	size_t		 i;	/* next byte */
	size_t		 start;	/* first byte of the record */
	long		 line;	/* line of byte i */
	const char	*rule;	/* S_BAD: the rule broken */
};

static enum step
fail(struct scan *s, const char *rule)
{
	s->rule = rule;
	return S_BAD;
}

/*
 * Length of the UTF-8 sequence at s (s[0] >= 0x80) with n bytes
 * available: its length when valid, 0 when invalid (overlong forms,
 * surrogates and values past U+10FFFF included), -1 when more bytes are
 * needed to decide.
 */
static int
utf8seq(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	int len;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	for (int k = 1; k < len; k++) {
		if ((size_t)k >= n)
			return -1;
		if (s[k] < lo || s[k] > hi)
			return 0;
		lo = 0x80;
		hi = 0xbf;
	}
	return len;
}

/* Check the UTF-8 sequence at byte i; on S_OK *i is past it. */
static enum step
utf8(const struct fs_csv *c, struct scan *s, size_t *i)
{
	int r;

	r = utf8seq((const unsigned char *)c->buf + *i, c->end - *i);
	if (r < 0 && !c->eof)
		return S_MORE;
	if (r <= 0)
		return fail(s, "ogiltig UTF-8");
	*i += (size_t)r;
	return S_OK;
}

/*
 * A quoted field starting at the quote at s->i.  On S_OK *out is the
 * text between the quotes (still with doubled quotes when *esc) and
 * s->i is at the separator, line end or end of input after it.
 */
static enum step
quoted(const struct fs_csv *c, struct scan *s, struct fs_str *out,
    bool *esc)
{
	const unsigned char *b = (const unsigned char *)c->buf;
	size_t i = s->i + 1, start = i;
	enum step st;

	*esc = false;
	for (;;) {
		if (i == c->end)
			return c->eof ? fail(s, "citattecknet avslutas aldrig")
			    : S_MORE;
		switch (cls[b[i]]) {
		case C_QUOTE:
			if (i + 1 == c->end && !c->eof)
				return S_MORE;
			if (i + 1 == c->end || b[i + 1] != '"')
				goto closed;
			*esc = true;
			i += 2;
			break;
		case C_LF:
			s->line++;
			i++;
			break;
		case C_CR:
			if (i + 1 == c->end && !c->eof)
				return S_MORE;
			if (i + 1 == c->end || b[i + 1] != '\n')
				s->line++;
			i++;
			break;
		case C_NUL:
			return fail(s, "tecknet NUL är inte tillåtet");
		case C_HI:
			st = utf8(c, s, &i);
			if (st != S_OK)
				return st;
			break;
		default:
			i++;
			break;
		}
	}
closed:
	out->p = c->buf + start;
	out->len = i - start;
	i++;
	if (i == c->end && !c->eof)
		return S_MORE;
	if (i < c->end && b[i] != (unsigned char)c->sep && b[i] != '\r' &&
	    b[i] != '\n')
		return fail(s, "text efter avslutande citattecken");
	s->i = i;
	return S_OK;
}

/*
 * An unquoted field from s->i up to the separator, line end or end of
 * input.  A quote inside it is taken literally, as Excel does.
 */
static enum step
plain(const struct fs_csv *c, struct scan *s, struct fs_str *out)
{
	const unsigned char *b = (const unsigned char *)c->buf;
	unsigned char sep = (unsigned char)c->sep;
	size_t i = s->i, end = c->end;
	enum step st;

	for (;;) {
		while (i < end && cls[b[i]] == C_PLAIN)
			i++;
		if (i == end) {
			if (!c->eof)
				return S_MORE;
			break;
		}
		switch (cls[b[i]]) {
		case C_SEPC:
			if (b[i] == sep)
				goto done;
			i++;
			break;
		case C_QUOTE:
			i++;
			break;
		case C_NUL:
			return fail(s, "tecknet NUL är inte tillåtet");
		case C_HI:
			st = utf8(c, s, &i);
			if (st != S_OK)
				return st;
			break;
		default: /* CR or LF */
			goto done;
		}
	}
done:
	out->p = c->buf + s->i;
	out->len = i - s->i;
	s->i = i;
	return S_OK;
}

/* Append the quoted text f with "" undone to c->esc; *off its start. */
static enum step
unescape(struct fs_csv *c, struct fs_str f, size_t *off)
{
	size_t i = 0, j;

	*off = c->esc.len;
	while (i < f.len) {
		j = i;
		while (j < f.len && f.p[j] != '"')
			j++;
		if (j < f.len)
			j++; /* keep one quote of the pair */
		if (fs_buf_add(&c->esc, f.p + i, j - i) != FS_OK)
			return S_NOMEM;
		i = j < f.len ? j + 1 : j; /* skip the other */
	}
	return S_OK;
}

/* Past the CR, LF or CRLF at s->i. */
static enum step
eol(const struct fs_csv *c, struct scan *s)
{
	if (c->buf[s->i] == '\r') {
		if (s->i + 1 == c->end && !c->eof)
			return S_MORE;
		if (s->i + 1 < c->end && c->buf[s->i + 1] == '\n')
			s->i++;
	}
	s->i++;
	s->line++;
	return S_OK;
}

/* One record from s->i into c->f. */
static enum step
record(struct fs_csv *c, struct scan *s)
{
	struct fs_str f;
	enum step st;
	bool esc;

	c->nf = 0;
	fs_buf_reset(&c->esc);
	for (;;) {
		if (c->nf == MAXFIELDS)
			return fail(s, "posten har fler än 256 fält");
		esc = false;
		if (s->i < c->end && c->buf[s->i] == '"')
			st = quoted(c, s, &f, &esc);
		else
			st = plain(c, s, &f);
		if (st != S_OK)
			return st;
		if (s->i - s->start > MAXREC)
			return fail(s, "posten är längre än 1 MiB");
		if (esc) {
			st = unescape(c, f, &c->escoff[c->nf]);
			if (st != S_OK)
				return st;
			f.p = NULL;
			f.len = c->esc.len - c->escoff[c->nf];
		}
		c->f[c->nf++] = f;
		if (s->i == c->end)
			return S_OK;
		if (c->buf[s->i] != c->sep)
			return eol(c, s);
		s->i++;
	}
}

/* Skip empty lines at pos, committing them. */
static enum step
skip_empty(struct fs_csv *c)
{
	while (c->pos < c->end) {
		if (c->buf[c->pos] == '\n')
			c->pos++;
		else if (c->buf[c->pos] == '\r') {
			if (c->pos + 1 == c->end && !c->eof)
				return S_MORE;
			c->pos++;
			if (c->pos < c->end && c->buf[c->pos] == '\n')
				c->pos++;
		} else
			return S_OK;
		c->nextline++;
	}
	return c->eof ? S_OK : S_MORE;
}

/*
 * The separator from the header line at pos: the one of ';' and ','
 * that occurs more often outside quotes (',' on a tie or none).
 */
static enum step
detect(struct fs_csv *c)
{
	size_t i, comma = 0, semi = 0;
	bool inq = false;

	for (i = c->pos; i < c->end; i++) {
		char ch = c->buf[i];

		if (ch == '"')
			inq = !inq;
		else if (inq)
			continue;
		else if (ch == ',')
			comma++;
		else if (ch == ';')
			semi++;
		else if (ch == '\r' || ch == '\n')
			break;
	}
	if (i == c->end && !c->eof)
		return S_MORE;
	c->sep = semi > comma ? ';' : ',';
	return S_OK;
}

static enum fs_rc
too_long(struct fs_csv *c, struct fs_err *err)
{
	c->failed = true;
	c->line = c->nextline;
	return fs_err_set(err, FS_EINVAL, ERRFIELD,
	    "rad %ld: posten är längre än 1 MiB", c->nextline);
}

/*
 * Move the unconsumed tail to the front of the buffer, grow it when
 * little room is left (one long record), and read more.
 */
static enum fs_rc
refill(struct fs_csv *c, struct fs_err *err)
{
	ssize_t n;

	if (FS_NEVER(c->own == NULL))
		return fs_err_set(err, FS_EIO, ERRFIELD, "intern fel i läsaren");
	if (c->pos > 0) {
		memmove(c->own, c->own + c->pos, c->end - c->pos);
		c->base += c->pos;
		c->end -= c->pos;
		c->pos = 0;
	}
	if (c->end > MAXREC)
		return too_long(c, err);
	if (c->cap - c->end < CHUNK / 4) {
		char *p = fs_reallocarray(c->own, c->cap, 2);

		if (p == NULL) {
			c->failed = true;
			return fs_err_set(err, FS_ENOMEM, ERRFIELD,
			    "minnet räcker inte för posten");
		}
		c->own = p;
		c->buf = p;
		c->cap *= 2;
	}
	do
		n = read(c->fd, c->own + c->end, c->cap - c->end);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		c->failed = true;
		return fs_err_set(err, FS_EIO, ERRFIELD, "läsfel: %s",
		    strerror(errno));
	}
	if (n == 0)
		c->eof = true;
	c->end += (size_t)n;
	return FS_OK;
}

/* Skip a UTF-8 byte order mark at the very start. */
static enum fs_rc
start(struct fs_csv *c, struct fs_err *err)
{
	enum fs_rc rc;

	while (c->end - c->pos < 3 && !c->eof) {
		rc = refill(c, err);
		if (rc != FS_OK)
			return rc;
	}
	if (c->end - c->pos >= 3 && memcmp(c->buf + c->pos, "\xef\xbb\xbf",
	    3) == 0)
		c->pos += 3;
	c->started = true;
	return FS_OK;
}

static struct fs_csv *
alloc(void)
{
	struct fs_csv *c;

	c = fs_calloc(1, sizeof(*c));
	if (c == NULL)
		return NULL;
	c->fd = -1;
	c->nextline = 1;
	c->line = 0;
	fs_buf_init(&c->esc, MAXREC + 1);
	return c;
}

static const char *
open_reason(int e)
{
	switch (e) {
	case ENOENT:
		return "filen finns inte";
	case EACCES:
	case EPERM:
		return "behörighet saknas för att läsa filen";
	case EISDIR:
		return "är en katalog, inte en fil";
	default:
		return "filen kan inte öppnas";
	}
}

enum fs_rc
fs_csv_open_file(const char *path, struct fs_csv **out, struct fs_err *err)
{
	struct fs_csv *c = NULL;
	struct stat st;
	enum fs_rc rc;

	*out = NULL;
	c = alloc();
	if (c == NULL)
		return fs_err_set(err, FS_ENOMEM, ERRFIELD, "minnet räcker inte");
	c->own = fs_malloc(CHUNK);
	if (c->own == NULL) {
		rc = fs_err_set(err, FS_ENOMEM, ERRFIELD, "minnet räcker inte");
		goto out;
	}
	c->buf = c->own;
	c->cap = CHUNK;
	c->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (c->fd == -1) {
		rc = fs_err_set(err, FS_EIO, ERRFIELD, "%s",
		    open_reason(errno));
		goto out;
	}
	if (fstat(c->fd, &st) == -1) {
		rc = fs_err_set(err, FS_EIO, ERRFIELD, "filen kan inte läsas");
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = fs_err_set(err, FS_EIO, ERRFIELD, "%s",
		    open_reason(EISDIR));
		goto out;
	}
	if (S_ISREG(st.st_mode) && st.st_size > 0)
		c->size = (uint64_t)st.st_size;
	*out = c;
	c = NULL;
	rc = FS_OK;
out:
	fs_csv_free(c);
	return rc;
}

enum fs_rc
fs_csv_open_mem(const char *p, size_t len, struct fs_csv **out,
    struct fs_err *err)
{
	struct fs_csv *c;

	*out = NULL;
	c = alloc();
	if (c == NULL)
		return fs_err_set(err, FS_ENOMEM, ERRFIELD, "minnet räcker inte");
	c->buf = len == 0 ? "" : p;
	c->end = len;
	c->size = len;
	c->eof = true;
	*out = c;
	return FS_OK;
}

void
fs_csv_free(struct fs_csv *c)
{
	if (c == NULL)
		return;
	if (c->fd != -1)
		close(c->fd);
	free(c->own);
	fs_buf_release(&c->esc);
	free(c);
}

/* Next step of fs_csv_next(): S_OK with *row set, or why not. */
static enum step
next(struct fs_csv *c, struct scan *s, bool *row)
{
	enum step st;

	st = skip_empty(c);
	if (st != S_OK)
		return st;
	if (c->pos == c->end) {
		*row = false;
		return S_OK;
	}
	if (c->sep == '\0') {
		st = detect(c);
		if (st != S_OK)
			return st;
	}
	s->i = s->start = c->pos;
	s->line = c->nextline;
	st = record(c, s);
	if (st != S_OK)
		return st;
	for (size_t k = 0; k < c->nf; k++)
		if (c->f[k].p == NULL)
			c->f[k].p = c->esc.buf + c->escoff[k];
	c->line = c->nextline;
	c->pos = s->i;
	c->nextline = s->line;
	*row = true;
	return S_OK;
}

enum fs_rc
fs_csv_next(struct fs_csv *c, bool *row, struct fs_err *err)
{
	struct scan s = { 0, 0, 0, NULL };
	enum fs_rc rc;
	enum step st;

	*row = false;
	if (c->failed)
		return fs_err_set(err, FS_EINVAL, ERRFIELD,
		    "rad %ld: läsningen har redan avbrutits av ett fel",
		    c->line);
	if (!c->started) {
		rc = start(c, err);
		if (rc != FS_OK)
			return rc;
	}
	c->nf = 0;
	for (;;) {
		st = next(c, &s, row);
		switch (st) {
		case S_OK:
			return FS_OK;
		case S_MORE:
			rc = refill(c, err);
			if (rc != FS_OK)
				return rc;
			break;
		case S_BAD:
			c->failed = true;
			c->line = c->nextline;
			return fs_err_set(err, FS_EINVAL, ERRFIELD, "rad %ld: %s",
			    c->nextline, s.rule);
		default:
			c->failed = true;
			return fs_err_set(err, FS_ENOMEM, ERRFIELD,
			    "minnet räcker inte");
		}
	}
}

size_t
fs_csv_nfields(const struct fs_csv *c)
{
	return c->nf;
}

struct fs_str
fs_csv_field(const struct fs_csv *c, size_t i)
{
	assert(i < c->nf);
	return c->f[i];
}

long
fs_csv_line(const struct fs_csv *c)
{
	return c->line;
}

char
fs_csv_separator(const struct fs_csv *c)
{
	return c->sep == '\0' ? ',' : c->sep;
}

uint64_t
fs_csv_offset(const struct fs_csv *c)
{
	return c->base + c->pos;
}

uint64_t
fs_csv_size(const struct fs_csv *c)
{
	return c->size;
}

/* True when a spreadsheet would take text starting with ch as a formula. */
static bool
formula_start(char ch)
{
	return ch == '=' || ch == '+' || ch == '-' || ch == '@' ||
	    ch == '\t' || ch == '\r';
}

enum fs_rc
fs_csv_add_field(struct fs_buf *b, const char *p, size_t len, char sep,
    bool is_text)
{
	size_t i, j, old = b->len;
	bool quote = false;

	for (i = 0; i < len; i++)
		if (p[i] == sep || p[i] == '"' || p[i] == '\r' ||
		    p[i] == '\n') {
			quote = true;
			break;
		}
	if (quote && fs_buf_addch(b, '"') != FS_OK)
		goto nomem;
	if (is_text && len > 0 && formula_start(p[0]) &&
	    fs_buf_addch(b, '\'') != FS_OK)
		goto nomem;
	if (!quote) {
		if (fs_buf_add(b, p, len) != FS_OK)
			goto nomem;
		return FS_OK;
	}
	for (i = 0; i < len; i = j) {
		j = i;
		while (j < len && p[j] != '"')
			j++;
		if (j < len)
			j++; /* the quote, doubled below */
		if (fs_buf_add(b, p + i, j - i) != FS_OK)
			goto nomem;
		if (j > i && p[j - 1] == '"' && fs_buf_addch(b, '"') != FS_OK)
			goto nomem;
	}
	if (fs_buf_addch(b, '"') != FS_OK)
		goto nomem;
	return FS_OK;
nomem:
	fs_buf_setlen(b, old);
	return FS_ENOMEM;
}
