/* SPDX-License-Identifier: ISC */
/*
 * Bounded number and date parsing, and day-number calendar arithmetic
 * (Howard Hinnant's days-from-civil algorithm, exact for the proleptic
 * Gregorian calendar).
 */
#include "compat.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "finsam/parse.h"

enum fs_rc
fs_parse_i64(const char *p, size_t len, int64_t lo, int64_t hi, int64_t *out,
    const char *field, struct fs_err *err)
{
	size_t i = 0;
	bool neg = false;
	uint64_t v = 0, lim;

	if (len == 0)
		return fs_err_set(err, FS_EINVAL, field, "måste vara ett heltal");
	if (p[0] == '-') {
		neg = true;
		i = 1;
		if (len == 1)
			return fs_err_set(err, FS_EINVAL, field,
			    "måste vara ett heltal");
	}
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
		unsigned dgt;

		if (p[i] < '0' || p[i] > '9')
			return fs_err_set(err, FS_EINVAL, field,
			    "måste vara ett heltal");
		dgt = (unsigned)(p[i] - '0');
		if (v > (lim - dgt) / 10)
			return fs_err_set(err, FS_EINVAL, field,
			    "måste ligga mellan %lld och %lld", (long long)lo,
			    (long long)hi);
		v = v * 10 + dgt;
	}
	if (neg) {
		int64_t s = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN
		    : -(int64_t)v;
		if (s < lo || s > hi)
			goto range;
		*out = s;
		return FS_OK;
	}
	if (v > (uint64_t)INT64_MAX || (int64_t)v < lo || (int64_t)v > hi)
		goto range;
	*out = (int64_t)v;
	return FS_OK;
range:
	return fs_err_set(err, FS_EINVAL, field,
	    "måste ligga mellan %lld och %lld", (long long)lo, (long long)hi);
}

bool
fs_date_valid(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	int n;

	if (m < 1 || m > 12 || d < 1)
		return false;
	n = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		n = 29;
	return d <= n;
}

int32_t
fs_date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
fs_date_to_ymd(int32_t days, int *y, int *m, int *d)
{
	int z, era, doe, yoe, doy, mp;

	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

void
fs_date_format(int32_t days, char out[11])
{
	int y, m, d;

	fs_date_to_ymd(days, &y, &m, &d);
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

static int
digits(const char *p, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

enum fs_rc
fs_parse_date(const char *p, size_t len, int32_t *out, const char *field,
    struct fs_err *err)
{
	int y, m, d;

	if (len != 10 || p[4] != '-' || p[7] != '-')
		return fs_err_set(err, FS_EINVAL, field,
		    "måste vara ett datum på formen ÅÅÅÅ-MM-DD");
	y = digits(p, 4);
	m = digits(p + 5, 2);
	d = digits(p + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return fs_err_set(err, FS_EINVAL, field,
		    "måste vara ett datum på formen ÅÅÅÅ-MM-DD");
	if (y < 1800 || y > 2999 || !fs_date_valid(y, m, d))
		return fs_err_set(err, FS_EINVAL, field,
		    "är inget giltigt datum");
	*out = fs_date_from_ymd(y, m, d);
	return FS_OK;
}

int
fs_date_age(int32_t birth, int32_t day)
{
	int by, bm, bd, y, m, d, age;

	fs_date_to_ymd(birth, &by, &bm, &bd);
	fs_date_to_ymd(day, &y, &m, &d);
	age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}

int32_t
fs_date_today(void)
{
	const char *fake = getenv("FINSAM_IDAG");
	int32_t v;

	if (fake != NULL && fs_parse_date(fake, strlen(fake), &v, "FINSAM_IDAG",
	    NULL) == FS_OK)
		return v;
	return (int32_t)(time(NULL) / 86400);
}

enum fs_rc
fs_parse_opt_date(const char *p, size_t len, int32_t *out, const char *field,
    struct fs_err *err)
{
	if (len == 0) {
		*out = FS_DATE_NONE;
		return FS_OK;
	}
	return fs_parse_date(p, len, out, field, err);
}

/* Length of the UTF-8 sequence at p[0..len), or 0 when it is not one. */
static size_t
utf8_seq(const unsigned char *p, size_t len)
{
	size_t n;
	uint32_t c;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (len < n)
		return 0;
	c = p[0] & (0x7fU >> n);
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3fU);
	}
	/* Overlong forms, surrogates and beyond U+10FFFF are not text. */
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	return n;
}

enum fs_rc
fs_parse_name(const char *p, size_t len, size_t max, const char *field,
    struct fs_err *err)
{
	const unsigned char *u = (const unsigned char *)p;
	bool blank = true;
	size_t n;

	if (len == 0)
		return fs_err_set(err, FS_EINVAL, field, "måste anges");
	if (len > max)
		return fs_err_set(err, FS_EINVAL, field,
		    "får vara högst %zu tecken", max);
	for (size_t i = 0; i < len; i += n) {
		n = utf8_seq(u + i, len - i);
		if (n == 0)
			return fs_err_set(err, FS_EINVAL, field,
			    "är inte giltig text (UTF-8)");
		if (n == 1 && (u[i] < 0x20 || u[i] == 0x7f))
			return fs_err_set(err, FS_EINVAL, field,
			    "får inte innehålla styrtecken");
		if (u[i] != ' ')
			blank = false;
	}
	if (blank)
		return fs_err_set(err, FS_EINVAL, field, "måste anges");
	return FS_OK;
}
