/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer driver for the identity-number parsers in pnr.c.  Feeds the
 * input to fs_pnr_parse() (with a fixed "today" and with one taken from
 * the input) and to fs_orgnr_parse(), and checks the invariants of every
 * accepted number: 12 digits that pass the Luhn check, a birth date not
 * after today, and a normalised form that parses to the same result.
 * libFuzzer: clang -fsanitize=fuzzer,address,undefined -Iinclude
 * -Isrc/compat tests/fuzz/fuzz_pnr.c src/lib/pnr.c src/lib/parse.c
 * src/lib/err.c.  Without it (gcc, the ctest test fuzz/pnr) fuzz_main.c
 * runs the seed corpus in corpus/pnr and bounded random mutations under
 * the build's sanitizers.
 */
#include "compat.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finsam/err.h"
#include "finsam/parse.h"
#include "finsam/pnr.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Pieces of identity numbers, for fuzz_main.c to splice in. */
const char *const fuzz_tokens[] = {
	"-", "+", "19", "20", "18", "00", "29", "30", "31", "60", "61",
	"91", "0229", "1231", "9", "0", " ", "\t", "\xc3\xa5",
	"199001012344", "16", "5566", "556677-8899",
};
const size_t fuzz_ntokens = FS_NELEM(fuzz_tokens);

/* A broken invariant is a crash the fuzzer reports. */
#define check(x) do { if (!(x)) { \
	fprintf(stderr, "fuzz_pnr: %s:%d: %s\n", __FILE__, __LINE__, #x); \
	abort(); } } while (0)

/* Invariants of an accepted personnummer. */
static void
accepted(const struct fs_pnr *out, int32_t today)
{
	struct fs_pnr again;
	enum fs_rc rc;

	check(strlen(out->digits) == 12);
	for (size_t i = 0; i < 12; i++)
		check(out->digits[i] >= '0' && out->digits[i] <= '9');
	check(fs_luhn_digit(out->digits + 2) == out->digits[11] - '0');
	check(out->birth <= today);
	check(out->kon == 'k' || out->kon == 'm');
	rc = fs_pnr_parse(out->digits, 12, today, &again, "personnummer",
	    NULL);
	check(rc == FS_OK);
	check(strcmp(again.digits, out->digits) == 0);
	check(again.birth == out->birth);
	check(again.kon == out->kon);
	check(again.samordning == out->samordning);
}

static void
pnr(const char *p, size_t len, int32_t today)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_pnr out;
	enum fs_rc rc;

	rc = fs_pnr_parse(p, len, today, &out, "personnummer", &err);
	if (rc == FS_OK) {
		accepted(&out, today);
		return;
	}
	check(rc == FS_EINVAL);
	check(strcmp(err.field, "personnummer") == 0);
}

static void
orgnr(const char *p, size_t len)
{
	struct fs_err err = FS_ERR_INIT;
	char out[12], again[12];
	enum fs_rc rc;

	rc = fs_orgnr_parse(p, len, out, "organisationsnummer", &err);
	if (rc != FS_OK) {
		check(rc == FS_EINVAL);
		return;
	}
	check(strlen(out) == 11 && out[6] == '-');
	rc = fs_orgnr_parse(out, 11, again, "organisationsnummer", NULL);
	check(rc == FS_OK);
	check(strcmp(out, again) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	int32_t today;

	pnr(p, size, fs_date_from_ymd(2026, 5, 1));
	orgnr(p, size);
	/* The first two bytes pick a "today" between 1900 and 2079. */
	if (size >= 2) {
		today = fs_date_from_ymd(1900, 1, 1) +
		    (int32_t)(((unsigned)data[0] << 8 | data[1]) % 65536u);
		pnr(p + 2, size - 2, today);
	}
	return 0;
}
