/* SPDX-License-Identifier: ISC */
/*
 * Swedish number formatting for people and spreadsheets (fmt.h): digit
 * grouping, decimal comma, whole percent, and exact rounding half away
 * from zero.  Works on unsigned magnitudes so that INT64_MIN needs no
 * special case; owns no state and allocates only through the caller's
 * struct fs_buf.
 */
#include "compat.h"

#include <stdint.h>

#include "finsam/buf.h"
#include "finsam/err.h"
#include "finsam/fmt.h"

#define MAX_SCALE 18

static const uint64_t pow10[MAX_SCALE + 1] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
	10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
	100000000000ULL, 1000000000000ULL, 10000000000000ULL,
	100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
	100000000000000000ULL, 1000000000000000000ULL,
};

/* |v| as an unsigned value, exact also for INT64_MIN. */
static uint64_t
mag(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

int64_t
fs_fmt_round_div(int64_t num, int64_t den)
{
	uint64_t un = mag(num), ud = mag(den), q, r;
	bool neg = (num < 0) != (den < 0);

	if (FS_NEVER(den == 0))
		return 0;
	q = un / ud;
	r = un % ud;
	/* 2r >= ud, written so that it cannot overflow. */
	if (r >= ud - r)
		q++;
	if (neg)
		return q > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)q;
	return q > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)q;
}

/* Append the digits of u, grouped by three with a space when group. */
static enum fs_rc
add_digits(struct fs_buf *b, uint64_t u, bool group)
{
	char tmp[32], out[48];
	size_t n = 0, o = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	/* tmp holds the digits in reverse order. */
	while (n > 0) {
		out[o++] = tmp[--n];
		if (group && n > 0 && n % 3 == 0)
			out[o++] = ' ';
	}
	return fs_buf_add(b, out, o);
}

static enum fs_rc
nomem(struct fs_err *err)
{
	return fs_err_set(err, FS_ENOMEM, NULL,
	    "utdata blev för stort eller minnet räcker inte");
}

enum fs_rc
fs_fmt_int(struct fs_buf *b, int64_t v, enum fs_fmt_style st,
    struct fs_err *err)
{
	return fs_fmt_fixed(b, v, 0, st, err);
}

enum fs_rc
fs_fmt_fixed(struct fs_buf *b, int64_t v, unsigned scale,
    enum fs_fmt_style st, struct fs_err *err)
{
	uint64_t u = mag(v), ip, fp;
	size_t len0 = b->len;
	char frac[MAX_SCALE];

	if (scale > MAX_SCALE)
		return fs_err_set(err, FS_EINVAL, "decimaler",
		    "får vara högst %d", MAX_SCALE);
	ip = u / pow10[scale];
	fp = u % pow10[scale];
	for (unsigned i = scale; i > 0; i--) {
		frac[i - 1] = (char)('0' + fp % 10);
		fp /= 10;
	}
	if (v < 0 && fs_buf_addch(b, '-') != FS_OK)
		goto fail;
	if (add_digits(b, ip, st == FS_FMT_TEXT) != FS_OK)
		goto fail;
	if (scale == 0)
		return FS_OK;
	if (fs_buf_addch(b, st == FS_FMT_PLAIN ? '.' : ',') != FS_OK)
		goto fail;
	if (fs_buf_add(b, frac, scale) != FS_OK)
		goto fail;
	return FS_OK;
fail:
	fs_buf_setlen(b, len0);
	return nomem(err);
}

enum fs_rc
fs_fmt_ratio(struct fs_buf *b, int64_t num, int64_t den, unsigned decimals,
    enum fs_fmt_style st, struct fs_err *err)
{
	int64_t scaled;

	if (den == 0)
		return fs_err_set(err, FS_EINVAL, "namnare",
		    "får inte vara noll");
	if (decimals > MAX_SCALE)
		return fs_err_set(err, FS_EINVAL, "decimaler",
		    "får vara högst %d", MAX_SCALE);
	if (__builtin_mul_overflow(num, (int64_t)pow10[decimals], &scaled))
		return fs_err_set(err, FS_EINVAL, "taljare",
		    "är för stort för antalet decimaler");
	return fs_fmt_fixed(b, fs_fmt_round_div(scaled, den), decimals, st,
	    err);
}

enum fs_rc
fs_fmt_percent(struct fs_buf *b, int64_t num, int64_t den,
    enum fs_fmt_style st, struct fs_err *err)
{
	size_t len0 = b->len;
	int64_t scaled;
	enum fs_rc rc;

	if (__builtin_mul_overflow(num, (int64_t)100, &scaled))
		return fs_err_set(err, FS_EINVAL, "taljare",
		    "är för stort för en procentsats");
	rc = fs_fmt_ratio(b, scaled, den, 0, st, err);
	if (rc != FS_OK || st != FS_FMT_TEXT)
		return rc;
	if (fs_buf_add(b, " %", 2) != FS_OK) {
		fs_buf_setlen(b, len0);
		return nomem(err);
	}
	return FS_OK;
}
