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
 * or older on today), YYMMDDNNNC (as with '-').  The century of a
 * 10-digit form is the one that makes the person younger than 100 on
 * today ('-') or at least 100 ('+').  Checks: digits only, a real birth
 * date not after today, the Luhn check digit over the last 10 digits.
 * field names the input (e.g. "personnummer") in the error.
 */
enum fs_rc	 fs_pnr_parse(const char *p, size_t len, int32_t today,
		    struct fs_pnr *out, const char *field, struct fs_err *err)
		    FS_MUSTCHECK;

/* The Luhn check digit (0-9) for the nine digits d[0..8] ('0'-'9'). */
int		 fs_luhn_digit(const char *d9);

/*
 * Validate an organisationsnummer (NNNNNN-NNNN or 10 digits; third
 * digit at least 2; Luhn check) and write the normalised NNNNNN-NNNN
 * with a NUL into out.
 */
enum fs_rc	 fs_orgnr_parse(const char *p, size_t len, char out[12],
		    const char *field, struct fs_err *err) FS_MUSTCHECK;

#endif
