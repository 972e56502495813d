/* SPDX-License-Identifier: ISC */
/*
 * Personnummer, samordningsnummer and organisationsnummer: the accepted
 * written forms, normalisation, the century rule for the 10-digit forms,
 * the Luhn check digit, and sex and birth date derived from the number.
 * Pure functions over caller-owned memory: no I/O, no allocation, no
 * state.  Error messages name the field and the rule and never repeat
 * the number.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "finsam/err.h"
#include "finsam/parse.h"
#include "finsam/pnr.h"

#define MSG_FORM "måste ha formen ÅÅÅÅMMDDNNNN, ÅÅMMDD-NNNN eller ÅÅMMDD+NNNN"
#define MSG_ORGFORM "måste ha formen NNNNNN-NNNN"

/* Samordningsnummer: Skatteverket adds 60 to the day of month. */
#define SAMORDNING_ADD 60
/* The earliest birth year taken seriously (as fs_parse_date). */
#define YEAR_MIN 1800

static bool
alldigits(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return true;
}

static int
num(const char *p, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

int
fs_luhn_digit(const char *d9)
{
	int sum = 0;

	for (size_t i = 0; i < 9; i++) {
		int v;

		if (d9[i] < '0' || d9[i] > '9')
			return -1;
		v = d9[i] - '0';
		/* Weights 2,1,2,1,... from the left; digit sum of products. */
		if (i % 2 == 0) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	return (10 - sum % 10) % 10;
}

/*
 * The year for a two-digit yy given as month m, day d (the real day,
 * samordning already subtracted): the most recent year ending in yy
 * whose date m-d is on or before today (ty-tm-td).  Compared as tuples,
 * so that an impossible m-d still gets a year and is reported as such
 * by the caller rather than as a future date.
 */
static int
century(int yy, int m, int d, int ty, int tm, int td)
{
	int y;

	y = ty - ((ty % 100 - yy + 100) % 100);
	if (y == ty && (m > tm || (m == tm && d > td)))
		y -= 100;
	return y;
}

enum fs_rc
fs_pnr_parse(const char *p, size_t len, int32_t today, struct fs_pnr *out,
    const char *field, struct fs_err *err)
{
	char d[13];	/* YYYYMMDDNNNC being assembled */
	char sep = '\0';
	const char *tail;
	int y, m, day, realday, ty, tm, td;
	int32_t birth;
	bool samordning = false;

	/* Sort out the written form into a 10-digit tail and an optional year. */
	switch (len) {
	case 12:
		if (!alldigits(p, 12))
			goto form;
		memcpy(d, p, 12);
		break;
	case 13:
		if (p[8] != '-' || !alldigits(p, 8) || !alldigits(p + 9, 4))
			goto form;
		memcpy(d, p, 8);
		memcpy(d + 8, p + 9, 4);
		break;
	case 10:
		if (!alldigits(p, 10))
			goto form;
		memcpy(d + 2, p, 10);
		sep = '-';
		break;
	case 11:
		if ((p[6] != '-' && p[6] != '+') || !alldigits(p, 6) ||
		    !alldigits(p + 7, 4))
			goto form;
		memcpy(d + 2, p, 6);
		memcpy(d + 8, p + 7, 4);
		sep = p[6];
		break;
	default:
		goto form;
	}
	d[12] = '\0';
	tail = d + 2;

	m = num(tail + 2, 2);
	day = num(tail + 4, 2);
	realday = day;
	if (day > SAMORDNING_ADD) {
		samordning = true;
		realday = day - SAMORDNING_ADD;
	}

	fs_date_to_ymd(today, &ty, &tm, &td);
	if (sep == '\0') {
		y = num(d, 4);
	} else {
		y = century(num(tail, 2), m, realday, ty, tm, td);
		if (sep == '+')
			y -= 100;
		d[0] = (char)('0' + y / 1000 % 10);
		d[1] = (char)('0' + y / 100 % 10);
	}

	if (y < YEAR_MIN)
		return fs_err_set(err, FS_EINVAL, field,
		    "födelseåret måste vara %d eller senare", YEAR_MIN);
	if (!fs_date_valid(y, m, realday))
		return fs_err_set(err, FS_EINVAL, field,
		    "födelsedatumet finns inte");
	birth = fs_date_from_ymd(y, m, realday);
	if (birth > today)
		return fs_err_set(err, FS_EINVAL, field,
		    "födelsedatumet ligger i framtiden");
	if (fs_luhn_digit(tail) != tail[9] - '0')
		return fs_err_set(err, FS_EINVAL, field, "fel kontrollsiffra");

	memcpy(out->digits, d, sizeof(out->digits));
	out->birth = birth;
	out->kon = (d[10] - '0') % 2 == 0 ? 'k' : 'm';
	out->samordning = samordning;
	return FS_OK;
form:
	return fs_err_set(err, FS_EINVAL, field, MSG_FORM);
}

enum fs_rc
fs_orgnr_parse(const char *p, size_t len, char out[12], const char *field,
    struct fs_err *err)
{
	char d[10];

	if (len == 10 && alldigits(p, 10)) {
		memcpy(d, p, 10);
	} else if (len == 11 && p[6] == '-' && alldigits(p, 6) &&
	    alldigits(p + 7, 4)) {
		memcpy(d, p, 6);
		memcpy(d + 6, p + 7, 4);
	} else {
		return fs_err_set(err, FS_EINVAL, field, MSG_ORGFORM);
	}
	/* A third digit below 2 would be a personnummer's month. */
	if (d[2] < '2')
		return fs_err_set(err, FS_EINVAL, field,
		    "tredje siffran måste vara minst 2 (juridisk person)");
	if (fs_luhn_digit(d) != d[9] - '0')
		return fs_err_set(err, FS_EINVAL, field, "fel kontrollsiffra");
	memcpy(out, d, 6);
	out[6] = '-';
	memcpy(out + 7, d + 6, 4);
	out[11] = '\0';
	return FS_OK;
}
