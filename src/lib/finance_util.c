/* SPDX-License-Identifier: ISC */
/*
 * Shared helpers of the finance module (finance_int.h): exact 128-bit
 * rounding, the largest-remainder split that keeps every total exact,
 * Swedish number text for the logs, log-line lists and JSON field
 * readers that name the field and the rule.  Owns no state.
 */
#include "compat.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/err.h"
#include "finsam/parse.h"
#include "finsam/tilldelning.h"
#include "finance_int.h"

fin_i128
fin_floor_div(fin_i128 num, fin_i128 den)
{
	fin_i128 q = num / den;

	if ((num % den) != 0 && ((num < 0) != (den < 0)))
		q--;
	return q;
}

fin_i128
fin_ceil_div(fin_i128 num, fin_i128 den)
{
	return -fin_floor_div(-num, den);
}

fin_i128
fin_round_div(fin_i128 num, fin_i128 den)
{
	fin_i128 an = num < 0 ? -num : num, ad = den < 0 ? -den : den;
	/* Halves away from zero: (2 an + ad) / (2 ad), odd ad included. */
	fin_i128 q = (2 * an + ad) / (2 * ad);

	return ((num < 0) != (den < 0)) ? -q : q;
}

int64_t
fin_scaled_div(fin_i128 num, fin_i128 den, unsigned digits)
{
	fin_i128 q = num / den, r = num % den;

	for (unsigned i = 0; i < digits; i++) {
		r *= 10;
		q = q * 10 + r / den;
		r %= den;
	}
	if (2 * r >= den)
		q++;
	return (int64_t)q;
}

bool
fin_lr(const fin_i128 *num, size_t n, fin_i128 den, int64_t total,
    int64_t *out)
{
	fin_i128 sum = 0, left;
	size_t *idx, picked;
	fin_i128 *rem;
	bool ok = false;

	if (den <= 0)
		return false;
	if (n == 0)
		return total == 0;
	idx = fs_calloc(n, sizeof(*idx));
	rem = fs_calloc(n, sizeof(*rem));
	if (idx == NULL || rem == NULL)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (num[i] < 0)
			goto out;
		out[i] = (int64_t)(num[i] / den);
		rem[i] = num[i] % den;
		sum += out[i];
	}
	left = (fin_i128)total - sum;
	if (left < 0 || left > (fin_i128)n)
		goto out;
	/* Indices by remainder, largest first, ties to the lower index. */
	for (size_t i = 0; i < n; i++) {
		size_t j = i;

		while (j > 0 && rem[idx[j - 1]] < rem[i]) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = i;
	}
	picked = (size_t)left;
	for (size_t k = 0; k < picked; k++)
		out[idx[k]]++;
	ok = true;
out:
	free(idx);
	free(rem);
	return ok;
}

/*
 * The number texts of the calculation logs are formatted here without
 * allocating (fmt.h appends to a growable buffer), so that a log line
 * can never come out with a number missing when memory is short: the
 * logs are part of the stored, byte-compared result.  Same rules as
 * FS_FMT_TEXT: a space between groups of three digits, a decimal comma,
 * an ASCII minus.
 */

/* The magnitude u as grouped digits at the end of buf; returns start. */
static char *
grouped(char *end, unsigned __int128 u)
{
	char *p = end;
	int n = 0;

	*--p = '\0';
	do {
		if (n > 0 && n % 3 == 0)
			*--p = ' ';
		*--p = (char)('0' + (int)(u % 10));
		u /= 10;
		n++;
	} while (u > 0);
	return p;
}

/*
 * q / 10^dec (q a scaled integer) as "-1 234,56" into out (size n);
 * neg adds the sign.
 */
static void
scaled_text(char *out, size_t n, unsigned __int128 q, unsigned dec, bool neg)
{
	char ip[64], fp[24];
	unsigned __int128 scale = 1;
	char *ps;

	for (unsigned i = 0; i < dec; i++)
		scale *= 10;
	ps = grouped(ip + sizeof(ip), q / scale);
	if (dec == 0) {
		snprintf(out, n, "%s%s", neg ? "-" : "", ps);
		return;
	}
	fp[dec] = '\0';
	q %= scale;
	for (unsigned i = dec; i > 0; i--) {
		fp[i - 1] = (char)('0' + (int)(q % 10));
		q /= 10;
	}
	snprintf(out, n, "%s%s,%s", neg ? "-" : "", ps, fp);
}

void
fin_num(char out[32], int64_t v)
{
	unsigned __int128 u = v < 0 ? (unsigned __int128)(-(fin_i128)v) :
	    (unsigned __int128)v;

	scaled_text(out, 32, u, 0, v < 0);
}

void
fin_kr(char out[40], int64_t v)
{
	char n[32];

	fin_num(n, v);
	snprintf(out, 40, "%s kr", n);
}

void
fin_bp(char out[24], int64_t bp)
{
	char n[20];
	unsigned dec = bp % 100 == 0 ? 0 : bp % 10 == 0 ? 1 : 2;
	int64_t v = dec == 0 ? bp / 100 : dec == 1 ? bp / 10 : bp;

	scaled_text(n, sizeof(n), (unsigned __int128)(v < 0 ? -v : v), dec,
	    v < 0);
	snprintf(out, 24, "%s %%", n);
}

/*
 * num / den rounded half away from zero to dec decimals as text into
 * out (size n); "–" when den is 0 or the value is absurdly large.
 */
static void
fixed(char *out, size_t n, fin_i128 num, fin_i128 den, unsigned dec)
{
	bool neg = (num < 0) != (den < 0);
	fin_i128 an = num < 0 ? -num : num, ad = den < 0 ? -den : den;

	if (den == 0 || an / ad > (fin_i128)1000000000000000LL) {
		snprintf(out, n, "%s", "–");
		return;
	}
	scaled_text(out, n, (unsigned __int128)fin_scaled_div(an, ad, dec),
	    dec, neg && an != 0);
}

void
fin_pct(char out[40], fin_i128 num, fin_i128 den, unsigned dec)
{
	char t[36];

	fixed(t, sizeof(t), num * 100, den, dec);
	if (strcmp(t, "–") == 0)
		snprintf(out, 40, "%s", t);
	else
		snprintf(out, 40, "%s %%", t);
}

void
fin_dec(char out[48], fin_i128 num, fin_i128 den, unsigned dec)
{
	fixed(out, 48, num, den, dec);
}

void
fin_date(char out[11], int32_t day)
{
	if (day == FS_DATE_NONE)
		snprintf(out, 11, "%s", "–");
	else
		fs_date_format(day, out);
}

int
fin_year(int32_t day)
{
	int y, m, d;

	fs_date_to_ymd(day, &y, &m, &d);
	return y;
}

enum fs_rc
fin_pad(struct fs_buf *b, const char *s, size_t width)
{
	size_t w = 0;
	enum fs_rc rc;

	for (const char *p = s; *p != '\0'; p++)
		if (((unsigned char)*p & 0xc0) != 0x80)
			w++;
	rc = fs_buf_addstr(b, s);
	for (; rc == FS_OK && w < width; w++)
		rc = fs_buf_addch(b, ' ');
	return rc;
}

void
fin_log_addf(struct fin_log *l, const char *fmt, ...)
{
	struct fs_buf b;
	va_list ap;
	char *s, **grown;
	enum fs_rc rc;

	if (l->oom)
		return;
	fs_buf_init(&b, 4096);
	va_start(ap, fmt);
	rc = fs_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	s = rc == FS_OK ? fs_buf_detach(&b, NULL) : NULL;
	fs_buf_release(&b);
	if (s == NULL) {
		l->oom = true;
		return;
	}
	if (l->n == l->cap) {
		size_t ncap = l->cap == 0 ? 8 : l->cap * 2;

		grown = fs_reallocarray(l->v, ncap, sizeof(*grown));
		if (grown == NULL) {
			free(s);
			l->oom = true;
			return;
		}
		l->v = grown;
		l->cap = ncap;
	}
	l->v[l->n++] = s;
}

void
fin_log_free(char **v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

enum fs_rc
fin_json_int(json_t *obj, const char *key, const char *field, int64_t lo,
    int64_t hi, int64_t *out, struct fs_err *err)
{
	json_t *v = json_object_get(obj, key);
	json_int_t x;

	if (v == NULL)
		return FS_OK;
	if (!json_is_integer(v))
		return fs_err_set(err, FS_EINVAL, field,
		    "måste vara ett heltal");
	x = json_integer_value(v);
	if (x < lo || x > hi)
		return fs_err_set(err, FS_EINVAL, field,
		    "måste ligga mellan %lld och %lld", (long long)lo,
		    (long long)hi);
	*out = (int64_t)x;
	return FS_OK;
}

enum fs_rc
fin_json_pct(json_t *obj, const char *key, const char *field, int32_t lo_bp,
    int32_t hi_bp, int32_t *out, struct fs_err *err)
{
	json_t *v = json_object_get(obj, key);
	double d, r;
	int64_t bp;

	if (v == NULL)
		return FS_OK;
	if (json_is_integer(v)) {
		json_int_t x = json_integer_value(v);

		if (x < lo_bp / 100 || x > hi_bp / 100)
			goto range;
		bp = (int64_t)x * 100;
	} else if (json_is_real(v)) {
		d = json_real_value(v) * 100.0;
		r = nearbyint(d);
		if (!isfinite(d) || fabs(d - r) > 1e-6)
			return fs_err_set(err, FS_EINVAL, field,
			    "en procentsats får ha högst två decimaler");
		if (r < (double)lo_bp || r > (double)hi_bp)
			goto range;
		bp = (int64_t)r;
	} else
		return fs_err_set(err, FS_EINVAL, field,
		    "måste vara ett tal (procent)");
	if (bp < lo_bp || bp > hi_bp)
		goto range;
	*out = (int32_t)bp;
	return FS_OK;
range:
	return fs_err_set(err, FS_EINVAL, field,
	    "måste ligga mellan %d och %d procent", lo_bp / 100, hi_bp / 100);
}

enum fs_rc
fin_json_bool(json_t *obj, const char *key, const char *field, bool *out,
    struct fs_err *err)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL)
		return FS_OK;
	if (!json_is_boolean(v))
		return fs_err_set(err, FS_EINVAL, field,
		    "måste vara true eller false");
	*out = json_is_true(v);
	return FS_OK;
}

enum fs_rc
fin_json_known(json_t *obj, const char *const *known, const char *prefix,
    struct fs_err *err)
{
	const char *key;
	json_t *v;
	char list[512], field[64];
	size_t len = 0;

	list[0] = '\0';
	for (size_t i = 0; known[i] != NULL && len < sizeof(list); i++) {
		int w = snprintf(list + len, sizeof(list) - len, "%s%s",
		    i > 0 ? ", " : "", known[i]);

		if (w < 0)
			break;
		len += (size_t)w;
	}
	json_object_foreach(obj, key, v) {
		bool ok = false;

		for (size_t i = 0; known[i] != NULL; i++)
			if (strcmp(key, known[i]) == 0)
				ok = true;
		if (ok)
			continue;
		snprintf(field, sizeof(field), "%s%s", prefix, key);
		return fs_err_set(err, FS_EINVAL, field,
		    "okänd nyckel; tillåtna nycklar: %s", list);
	}
	return FS_OK;
}

json_t *
fin_json_bp(int64_t bp)
{
	if (bp % 100 == 0)
		return json_integer(bp / 100);
	return json_real((double)bp / 100.0);
}

enum fs_rc
fin_json_dump(json_t *root, struct fs_buf *out, struct fs_err *err)
{
	char *s;
	enum fs_rc rc;

	if (root == NULL)
		return FIN_NOMEM(err);
	s = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(12));
	if (s == NULL)
		return FIN_NOMEM(err);
	rc = fs_buf_addstr(out, s);
	if (rc == FS_OK)
		rc = fs_buf_addch(out, '\n');
	free(s);
	if (rc != FS_OK)
		return fs_err_set(err, rc, NULL,
		    "utdata blev för stort eller minnet räcker inte");
	return FS_OK;
}

enum fs_rc
fin_parse_pct(const char *s, size_t len, int32_t lo_bp, int32_t hi_bp,
    int32_t *out, const char *field, struct fs_err *err)
{
	int64_t whole = 0, frac = 0;
	size_t i = 0, nd = 0, nf = 0;

	while (i < len && s[i] >= '0' && s[i] <= '9' && nd < 6) {
		whole = whole * 10 + (s[i] - '0');
		i++;
		nd++;
	}
	if (nd == 0)
		goto bad;
	if (i < len && (s[i] == '.' || s[i] == ',')) {
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9' && nf < 2) {
			frac = frac * 10 + (s[i] - '0');
			i++;
			nf++;
		}
		if (nf == 0)
			goto bad;
		if (nf == 1)
			frac *= 10;
	}
	if (i < len && s[i] == '%')
		i++;
	if (i != len)
		goto bad;
	whole = whole * 100 + frac;
	if (whole < lo_bp || whole > hi_bp)
		return fs_err_set(err, FS_EINVAL, field,
		    "måste ligga mellan %d och %d procent", lo_bp / 100,
		    hi_bp / 100);
	*out = (int32_t)whole;
	return FS_OK;
bad:
	return fs_err_set(err, FS_EINVAL, field,
	    "en procentsats skrivs som ett tal med högst två decimaler, "
	    "t.ex. 80 eller 80,5");
}

enum fs_rc
fs_tdl_parse_procent(const char *s, int32_t lo_bp, int32_t hi_bp,
    int32_t *out, const char *field, struct fs_err *err)
{
	return fin_parse_pct(s, strlen(s), lo_bp, hi_bp, out, field, err);
}
