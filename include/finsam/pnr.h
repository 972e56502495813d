/* SPDX-License-Identifier: ISC */
/*
 * Swedish identity numbers: personnummer and samordningsnummer
 * (validation, normalisation to 12 digits, sex and birth date derived
 * from the number) and organisationsnummer.  Pure functions: no I/O,
 * no allocation.  Error messages name the field and the rule, never
 * the number.
 */
#ifndef FS_PNR_H
#define FS_PNR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finsam/err.h"

struct fs_pnr {
	char	 digits[13];	/* normalised YYYYMMDDNNNC, NUL-terminated */
	int32_t	 birth;		/* birth date (day number; samordningsnummer: day - 60) */
	char	 kon;		/* 'k' (second-to-last digit even) or 'm' */
	bool	 samordning;	/* day of month + 60 */
};

/*
 * Parse a personnummer or samordningsnummer in any of the accepted
 * forms: YYYYMMDDNNNC, YYYYMMDD-NNNC, YYMMDD-NNNC, YYMMDD+NNNC (100 years
 * or older on today), YYMMDDNNNC (as with '-').  p[0..len) need not be
 * NUL-terminated; no white space is trimmed.  The century of a 10-digit
 * form is the most recent one that puts the birth date on or before
 * today, which makes the person younger than 100 ('-'); '+' takes the
 * century before that (100 or older).  A day of month above 60 is a
 * samordningsnummer: the birth date is that day - 60.  Checks, in this
 * order: the form, a birth year from 1800, a real birth date, not after
 * today, the Luhn check digit over the last 10 digits.  today is a day
 * number (fs_date_today()).
 *
 * On success fills *out; on failure returns FS_EINVAL, leaves *out
 * untouched and sets err with field as the field name (e.g.
 * "personnummer") and one of the rules "måste ha formen ...",
 * "födelseåret måste vara 1800 eller senare", "födelsedatumet finns
 * inte", "födelsedatumet ligger i framtiden", "fel kontrollsiffra".
 */
enum fs_rc	 fs_pnr_parse(const char *p, size_t len, int32_t today,
		    struct fs_pnr *out, const char *field, struct fs_err *err)
		    FS_MUSTCHECK;

/*
 * The Luhn check digit (0-9) for the nine digits d[0..8] ('0'-'9'),
 * weights 2,1,2,... from the left; -1 if one of them is not a digit.
 */
int		 fs_luhn_digit(const char *d9);

/*
 * Validate an organisationsnummer (NNNNNN-NNNN or 10 digits; third
 * digit at least 2, as for legal persons; Luhn check over the 10
 * digits) and write the normalised NNNNNN-NNNN with a NUL into out.
 * On failure returns FS_EINVAL naming field, and out is untouched.
 */
enum fs_rc	 fs_orgnr_parse(const char *p, size_t len, char out[12],
		    const char *field, struct fs_err *err) FS_MUSTCHECK;

#endif
