/* SPDX-License-Identifier: ISC */
/*
 * Numbers for people, in Swedish: thousands grouped with a space, a
 * decimal comma, whole percent with " %".  All rounding is exact
 * integer arithmetic on a numerator and a denominator, half away from
 * zero, so that 0.345 shows as 35 % and never as 34 % the way a binary
 * floating-point 0.345 would.  Three styles serve the three kinds of
 * output:
 *
 *	FS_FMT_TEXT	"12 309", "-1 234", "21,2", "34 %"
 *	FS_FMT_CSV_SV	"12309", "-1234", "21,2", "34"	(Swedish Excel)
 *	FS_FMT_PLAIN	"12309", "-1234", "21.2", "34"	(programs)
 *
 * The thousands separator of FS_FMT_TEXT and the space before "%" are
 * a plain ASCII space (U+0020), not a no-break space, so that the text
 * stays ASCII-aligned in fixed-width tables and greppable; the minus
 * sign is ASCII '-'.  The CSV styles carry no thousands separator and
 * no unit, so that spreadsheets read the cells as numbers.
 *
 * Every function appends to a struct fs_buf, or on failure leaves it
 * as it was, and fails only with FS_ENOMEM (buffer ceiling) or
 * FS_EINVAL (a zero denominator, too many decimals, or a scaled value
 * that does not fit in int64_t).  Depends on buf.h and err.h.
 */
#ifndef FS_FMT_H
#define FS_FMT_H

#include <stdbool.h>
#include <stdint.h>

#include "finsam/buf.h"
#include "finsam/err.h"

enum fs_fmt_style {
	FS_FMT_TEXT,	/* space thousands, decimal comma, " %" */
	FS_FMT_CSV_SV,	/* no grouping, decimal comma, no unit */
	FS_FMT_PLAIN,	/* no grouping, decimal point, no unit */
	FS_FMT__MAX
};

/*
 * num / den rounded to the nearest integer, halves away from zero
 * (2.5 -> 3, -2.5 -> -3).  den must not be 0; either sign is fine.
 * Exact for every int64_t num and den, except INT64_MIN / -1, which
 * saturates to INT64_MAX.
 */
int64_t		 fs_fmt_round_div(int64_t num, int64_t den);

/* The integer v: "1 234 567" (TEXT) or "1234567". */
enum fs_rc	 fs_fmt_int(struct fs_buf *b, int64_t v, enum fs_fmt_style st,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * The exact decimal v / 10^scale with scale decimals (scale <= 18):
 * (21255, 3) gives "21,255"; (-5, 1) gives "-0,5".
 */
enum fs_rc	 fs_fmt_fixed(struct fs_buf *b, int64_t v, unsigned scale,
		    enum fs_fmt_style st, struct fs_err *err) FS_MUSTCHECK;

/*
 * num / den rounded half away from zero to decimals places (<= 18):
 * (2125, 100, 1) gives "21,3".  FS_EINVAL when den is 0 or the scaled
 * numerator overflows.
 */
enum fs_rc	 fs_fmt_ratio(struct fs_buf *b, int64_t num, int64_t den,
		    unsigned decimals, enum fs_fmt_style st, struct fs_err *err)
		    FS_MUSTCHECK;

/*
 * The share num / den as whole percent, rounded half away from zero:
 * "34 %" (TEXT) or "34".  FS_EINVAL when den is 0.
 */
enum fs_rc	 fs_fmt_percent(struct fs_buf *b, int64_t num, int64_t den,
		    enum fs_fmt_style st, struct fs_err *err) FS_MUSTCHECK;

#endif
