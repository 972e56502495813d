/* SPDX-License-Identifier: ISC */
/*
 * Locale-free parsers with explicit bounds that reject trailing junk,
 * and the calendar arithmetic every module shares.  A date is a day
 * number (days since 1970-01-01, proleptic Gregorian) so that
 * differences in days are plain subtraction.  Depends only on err.h.
 */
#ifndef FS_PARSE_H
#define FS_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finsam/err.h"

#define FS_DATE_NONE INT32_MIN

/*
 * Parse the decimal integer in p[0..len) into *out, requiring
 * lo <= value <= hi.  Leading '-' allowed; no spaces, no '+'.
 * field names the input in the error message.
 */
enum fs_rc	 fs_parse_i64(const char *p, size_t len, int64_t lo, int64_t hi,
		    int64_t *out, const char *field, struct fs_err *err)
		    FS_MUSTCHECK;

/* Parse "YYYY-MM-DD" (a real calendar date, years 1800-2999). */
enum fs_rc	 fs_parse_date(const char *p, size_t len, int32_t *out,
		    const char *field, struct fs_err *err) FS_MUSTCHECK;

/* As fs_parse_date(), but empty text gives FS_DATE_NONE ("not given"). */
enum fs_rc	 fs_parse_opt_date(const char *p, size_t len, int32_t *out,
		    const char *field, struct fs_err *err) FS_MUSTCHECK;

/*
 * Check a one-line name (of a person, a förbund, an organisation):
 * 1..max bytes of valid UTF-8, no control characters, not only spaces.
 */
enum fs_rc	 fs_parse_name(const char *p, size_t len, size_t max,
		    const char *field, struct fs_err *err) FS_MUSTCHECK;

/* True when year/month/day is a real calendar date. */
bool		 fs_date_valid(int y, int m, int d);
/* Day number of a valid y-m-d. */
int32_t		 fs_date_from_ymd(int y, int m, int d);
/* Split a day number into y-m-d. */
void		 fs_date_to_ymd(int32_t days, int *y, int *m, int *d);
/* Write "YYYY-MM-DD" and a NUL into out (at least 11 bytes). */
void		 fs_date_format(int32_t days, char out[11]);
/* Whole years between birth and day (age on that day). */
int		 fs_date_age(int32_t birth, int32_t day);
/* Today's date in UTC, or FINSAM_IDAG=YYYY-MM-DD when set (for tests). */
int32_t		 fs_date_today(void);

#endif
