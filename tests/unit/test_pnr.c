/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for pnr.c: the accepted forms of personnummer and
 * samordningsnummer, the century rule of the 10-digit forms, birth
 * date, sex, the Luhn check digit and organisationsnummer.  Check digits
 * of the vectors are computed here by an independent Luhn validator
 * (the right-to-left formulation), so a shared mistake in pnr.c and the
 * test cannot cancel out.  Templates write 'C' where the check digit
 * goes.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "finsam/err.h"
#include "finsam/parse.h"
#include "finsam/pnr.h"

#define FIELD "deltagare.personnummer"
#define ORGFIELD "organisationsnummer"

/*
 * Independent Luhn: a string of digits is valid when, doubling every
 * second digit from the right (starting with the second-to-last) and
 * summing the digits of the results, the total is divisible by 10.
 */
static bool
luhn_valid(const char *s, size_t n)
{
	int sum = 0;

	for (size_t i = 0; i < n; i++) {
		int v = s[n - 1 - i] - '0';

		if (i % 2 == 1) {
			v *= 2;
			if (v > 9)
				v = v / 10 + v % 10;
		}
		sum += v;
	}
	return sum % 10 == 0;
}

/*
 * Copy template t into out, replacing 'C' with the check digit that
 * makes the last 10 digits (the 9 digits before 'C', then 'C') valid.
 */
static void
fill(const char *t, char *out, size_t outsz)
{
	char core[11];
	size_t n = strlen(t), nd = 0, ci = SIZE_MAX;

	assert_true(n < outsz);
	memcpy(out, t, n + 1);
	for (size_t i = 0; i < n; i++)
		if (t[i] == 'C')
			ci = i;
	if (ci == SIZE_MAX)
		return;
	/* The nine digits before 'C', scanning backwards over separators. */
	for (size_t i = ci; i > 0 && nd < 9; i--)
		if (t[i - 1] >= '0' && t[i - 1] <= '9')
			core[8 - nd++] = t[i - 1];
	assert_int_equal(nd, 9);
	for (int c = '0'; c <= '9'; c++) {
		core[9] = (char)c;
		if (luhn_valid(core, 10)) {
			out[ci] = (char)c;
			return;
		}
	}
	fail_msg("no check digit for %s", t);
}

static int32_t
day(int y, int m, int d)
{
	assert_true(fs_date_valid(y, m, d));
	return fs_date_from_ymd(y, m, d);
}

/* The fixed "today" of the tests: 1 May 2026. */
static int32_t
today(void)
{
	return day(2026, 5, 1);
}

/* The error names the field and never contains the number. */
static void
assert_err_clean(const struct fs_err *err, const char *field, const char *in)
{
	char digits[16];
	size_t nd = 0;

	assert_int_equal(err->rc, FS_EINVAL);
	assert_string_equal(err->field, field);
	assert_true(err->msg[0] != '\0');
	for (const char *p = in; *p != '\0' && nd < sizeof(digits) - 1; p++)
		if (*p >= '0' && *p <= '9')
			digits[nd++] = *p;
	digits[nd] = '\0';
	if (strlen(in) >= 4)
		assert_null(strstr(err->msg, in));
	/* Any run of 6 digits from the input would be personal data. */
	for (size_t i = 0; nd >= 6 && i + 6 <= nd; i++) {
		char run[7];

		memcpy(run, digits + i, 6);
		run[6] = '\0';
		assert_null(strstr(err->msg, run));
	}
}

static void
test_luhn_digit_known_vectors(void **state)
{
	static const struct {
		const char	*nine;
		int		 want;
	} tc[] = {
		{ "121212121", 2 },	/* Skatteverket's 121212-1212 */
		{ "811218987", 6 },	/* the textbook 811218-9876 */
		{ "202100548", 9 },	/* Skatteverket's orgnr 202100-5489 */
		{ "556016068", 0 },	/* 556016-0680 */
		{ "000000000", 0 },
		{ "999999999", 9 },
	};

	(void)state;
	for (size_t i = 0; i < FS_NELEM(tc); i++)
		assert_int_equal(fs_luhn_digit(tc[i].nine), tc[i].want);
}

static void
test_luhn_digit_agrees_with_independent_validator(void **state)
{
	uint32_t x = 2463534242u;	/* xorshift32 seed */

	(void)state;
	for (int n = 0; n < 20000; n++) {
		char s[11];
		int c;

		for (int i = 0; i < 9; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			s[i] = (char)('0' + x % 10);
		}
		s[10] = '\0';
		c = fs_luhn_digit(s);
		assert_in_range(c, 0, 9);
		s[9] = (char)('0' + c);
		assert_true(luhn_valid(s, 10));
		s[9] = (char)('0' + (c + 1) % 10);
		assert_false(luhn_valid(s, 10));
	}
}

static void
test_luhn_digit_rejects_non_digits(void **state)
{
	(void)state;
	assert_int_equal(fs_luhn_digit("12121212a"), -1);
	assert_int_equal(fs_luhn_digit("/21212121"), -1);
	assert_int_equal(fs_luhn_digit("1212:2121"), -1);
}

struct okcase {
	const char	*what;
	const char	*in;	/* template, 'C' = check digit */
	const char	*digits;	/* template of the normalised form */
	int		 y, m, d;
	char		 kon;
	bool		 samordning;
};

static const struct okcase okcases[] = {
	{ "12 digits (Skatteverket test number)", "191212121212",
	    "191212121212", 1912, 12, 12, 'm', false },
	{ "YYYYMMDD-NNNC", "19121212-1212", "191212121212", 1912, 12, 12, 'm',
	    false },
	{ "YYMMDD-NNNC, this century", "121212-1212", "201212121212", 2012,
	    12, 12, 'm', false },
	{ "YYMMDDNNNC as with '-'", "1212121212", "201212121212", 2012, 12,
	    12, 'm', false },
	{ "'+' means 100 or older", "121212+1212", "191212121212", 1912, 12,
	    12, 'm', false },
	{ "'-' picks 2005 for 05", "050315-123C", "20050315123C", 2005, 3, 15,
	    'm', false },
	{ "'-' picks 1985 for 85", "850315-123C", "19850315123C", 1985, 3, 15,
	    'm', false },
	{ "bare 10 digits pick 1985 for 85", "850315123C", "19850315123C",
	    1985, 3, 15, 'm', false },
	{ "'-' born today is this century", "260501-123C", "20260501123C",
	    2026, 5, 1, 'm', false },
	{ "'-' tomorrow's date is 99 years ago", "260502-123C",
	    "19260502123C", 1926, 5, 2, 'm', false },
	{ "'+' exactly 100 today", "260501+123C", "19260501123C", 1926, 5, 1,
	    'm', false },
	{ "'+' tomorrow's date is 199 years ago", "260502+123C",
	    "18260502123C", 1826, 5, 2, 'm', false },
	{ "12 digits born today", "20260501246C", "20260501246C", 2026, 5, 1,
	    'k', false },
	{ "samordningsnummer day 72 is the 12th", "19850172-124C",
	    "19850172124C", 1985, 1, 12, 'k', true },
	{ "samordningsnummer 10 digits", "850172-124C", "19850172124C", 1985,
	    1, 12, 'k', true },
	{ "samordningsnummer day 61 is the 1st", "19850161124C",
	    "19850161124C", 1985, 1, 1, 'k', true },
	{ "samordningsnummer day 91 is the 31st", "19850191124C",
	    "19850191124C", 1985, 1, 31, 'k', true },
	{ "leap day 2000", "20000229-246C", "20000229246C", 2000, 2, 29, 'k',
	    false },
	{ "leap day 2000 in 10 digits", "000229-246C", "20000229246C", 2000,
	    2, 29, 'k', false },
	{ "year 1800 is the earliest", "18000101-123C", "18000101123C", 1800,
	    1, 1, 'm', false },
};

static void
test_pnr_parse_accepts_valid_forms(void **state)
{
	(void)state;
	for (size_t i = 0; i < FS_NELEM(okcases); i++) {
		const struct okcase *c = &okcases[i];
		struct fs_err err = FS_ERR_INIT;
		struct fs_pnr out, again;
		char in[32], want[32];
		enum fs_rc rc;

		fill(c->in, in, sizeof(in));
		fill(c->digits, want, sizeof(want));
		memset(&out, 0, sizeof(out));
		rc = fs_pnr_parse(in, strlen(in), today(), &out, FIELD, &err);
		if (rc != FS_OK)
			fail_msg("%s: rc %d: %s", c->what, rc, err.msg);
		assert_string_equal(out.digits, want);
		assert_int_equal(out.birth, day(c->y, c->m, c->d));
		assert_int_equal(out.kon, c->kon);
		assert_int_equal(out.samordning, c->samordning);

		/* The normalised form parses to the same person. */
		memset(&again, 0, sizeof(again));
		rc = fs_pnr_parse(out.digits, 12, today(), &again, FIELD,
		    &err);
		assert_int_equal(rc, FS_OK);
		assert_memory_equal(&again, &out, sizeof(out));
	}
}

static void
test_pnr_parse_century_rolls_back_at_new_year(void **state)
{
	struct fs_pnr out;
	char in[16];
	enum fs_rc rc;

	(void)state;
	fill("991231-123C", in, sizeof(in));
	rc = fs_pnr_parse(in, strlen(in), day(2000, 1, 1), &out, FIELD, NULL);
	assert_int_equal(rc, FS_OK);
	assert_int_equal(out.birth, day(1999, 12, 31));
	fill("000101-123C", in, sizeof(in));
	rc = fs_pnr_parse(in, strlen(in), day(2000, 1, 1), &out, FIELD, NULL);
	assert_int_equal(rc, FS_OK);
	assert_int_equal(out.birth, day(2000, 1, 1));
	rc = fs_pnr_parse(in, strlen(in), day(1999, 12, 31), &out, FIELD,
	    NULL);
	assert_int_equal(rc, FS_OK);
	assert_int_equal(out.birth, day(1900, 1, 1));
}

static void
test_pnr_parse_derives_sex_from_second_to_last_digit(void **state)
{
	(void)state;
	for (int x = '0'; x <= '9'; x++) {
		char t[] = "19121212-12xC", in[16];
		struct fs_pnr out;
		enum fs_rc rc;

		t[11] = (char)x;
		fill(t, in, sizeof(in));
		rc = fs_pnr_parse(in, strlen(in), today(), &out, FIELD, NULL);
		assert_int_equal(rc, FS_OK);
		assert_int_equal(out.kon, (x - '0') % 2 == 0 ? 'k' : 'm');
	}
}

struct badcase {
	const char	*what;
	const char	*in;	/* template, 'C' = check digit */
	const char	*rule;	/* substring of the message */
};

#define FORM "måste ha formen ÅÅÅÅMMDDNNNN, ÅÅMMDD-NNNN eller ÅÅMMDD+NNNN"

static const struct badcase badcases[] = {
	{ "wrong check digit, 12 digits", "191212121213",
	    "fel kontrollsiffra" },
	{ "wrong check digit, YYYYMMDD-", "19121212-1213",
	    "fel kontrollsiffra" },
	{ "wrong check digit, YYMMDD-", "121212-1211", "fel kontrollsiffra" },
	{ "wrong check digit, YYMMDD+", "121212+1219", "fel kontrollsiffra" },
	{ "wrong check digit, samordning", "850172-1240",
	    "fel kontrollsiffra" },
	{ "30 February", "19990230-123C", "födelsedatumet finns inte" },
	{ "30 February, 12 digits", "19990230123C",
	    "födelsedatumet finns inte" },
	{ "29 February 1900", "19000229-123C", "födelsedatumet finns inte" },
	{ "'+' makes 000229 into 1900", "000229+123C",
	    "födelsedatumet finns inte" },
	{ "month 13", "19851301-123C", "födelsedatumet finns inte" },
	{ "month 00", "19850001-123C", "födelsedatumet finns inte" },
	{ "day 00", "19850100-123C", "födelsedatumet finns inte" },
	{ "day 32", "19850132-123C", "födelsedatumet finns inte" },
	{ "day 45 (neither kind)", "19850145-123C",
	    "födelsedatumet finns inte" },
	{ "samordning day 60", "19850160-123C", "födelsedatumet finns inte" },
	{ "samordning day 92", "19850192-123C", "födelsedatumet finns inte" },
	{ "samordning 31 April", "19850491-123C",
	    "födelsedatumet finns inte" },
	{ "tomorrow", "20260502-123C", "födelsedatumet ligger i framtiden" },
	{ "tomorrow, 12 digits", "20260502123C",
	    "födelsedatumet ligger i framtiden" },
	{ "far future", "29991231-123C", "födelsedatumet ligger i framtiden" },
	{ "samordning tomorrow", "20260562-123C",
	    "födelsedatumet ligger i framtiden" },
	{ "before 1800", "17991231-123C", "1800" },
	{ "letter in number", "19121212-12A2", FORM },
	{ "letter I for 1", "1912121212I2", FORM },
	{ "all letters", "abcdefghijkl", FORM },
	{ "empty", "", FORM },
	{ "too short", "1212", FORM },
	{ "9 digits", "121212121", FORM },
	{ "11 digits", "19121212121", FORM },
	{ "13 digits", "1912121212121", FORM },
	{ "14 characters", "19121212-12123", FORM },
	{ "slash separator", "121212/1212", FORM },
	{ "space separator", "121212 1212", FORM },
	{ "'+' with 4-digit year", "19121212+1212", FORM },
	{ "separator in the wrong place", "1212121-212", FORM },
	{ "separator in the wrong place, long", "1912121-21212", FORM },
	{ "leading space", " 121212-1212", FORM },
	{ "trailing space", "121212-1212 ", FORM },
	{ "minus sign first", "-12121212121", FORM },
};

static void
test_pnr_parse_rejects_bad_input_naming_field_and_rule(void **state)
{
	(void)state;
	for (size_t i = 0; i < FS_NELEM(badcases); i++) {
		const struct badcase *c = &badcases[i];
		struct fs_err err = FS_ERR_INIT;
		struct fs_pnr out;
		char in[32];
		enum fs_rc rc;

		fill(c->in, in, sizeof(in));
		rc = fs_pnr_parse(in, strlen(in), today(), &out, FIELD, &err);
		if (rc != FS_EINVAL)
			fail_msg("%s: rc %d", c->what, rc);
		assert_err_clean(&err, FIELD, in);
		if (strstr(err.msg, c->rule) == NULL)
			fail_msg("%s: message \"%s\" lacks \"%s\"", c->what,
			    err.msg, c->rule);
	}
}

static void
test_pnr_parse_vectors_of_bad_dates_have_valid_check_digit(void **state)
{
	char in[32], d[16];
	size_t nd = 0;

	/*
	 * The date cases must fail on the date, not on the check digit:
	 * prove the filled-in vector passes Luhn.
	 */
	(void)state;
	fill("19990230-123C", in, sizeof(in));
	for (const char *p = in + 2; *p != '\0'; p++)
		if (*p >= '0' && *p <= '9')
			d[nd++] = *p;
	assert_int_equal(nd, 10);
	assert_true(luhn_valid(d, 10));
}

static void
test_pnr_parse_rejects_embedded_nul(void **state)
{
	static const char in[] = "19121212\0" "1212";
	struct fs_err err = FS_ERR_INIT;
	struct fs_pnr out;

	(void)state;
	assert_int_equal(fs_pnr_parse(in, 13, today(), &out, FIELD, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, FIELD);
	assert_non_null(strstr(err.msg, FORM));
}

static void
test_pnr_parse_leaves_out_untouched_on_error(void **state)
{
	struct fs_pnr out, before;

	(void)state;
	memset(&out, 0x5a, sizeof(out));
	before = out;
	assert_int_equal(fs_pnr_parse("191212121213", 12, today(), &out,
	    FIELD, NULL), FS_EINVAL);
	assert_memory_equal(&out, &before, sizeof(out));
}

static void
test_pnr_parse_accepts_null_err(void **state)
{
	struct fs_pnr out;

	(void)state;
	assert_int_equal(fs_pnr_parse("19990230", 8, today(), &out, FIELD,
	    NULL), FS_EINVAL);
}

static void
test_orgnr_vectors_are_valid_luhn(void **state)
{
	(void)state;
	assert_true(luhn_valid("2021005489", 10));
	assert_true(luhn_valid("5560160680", 10));
	assert_false(luhn_valid("2021005488", 10));
}

static void
test_orgnr_parse_accepts_and_normalises(void **state)
{
	static const struct {
		const char	*in;
		const char	*want;
	} tc[] = {
		{ "202100-5489", "202100-5489" },	/* Skatteverket */
		{ "2021005489", "202100-5489" },
		{ "556016-0680", "556016-0680" },
		{ "5560160680", "556016-0680" },
		{ "802400-123C", "802400-123C" },
		{ "992000123C", "992000-123C" },
	};

	(void)state;
	for (size_t i = 0; i < FS_NELEM(tc); i++) {
		struct fs_err err = FS_ERR_INIT;
		char in[16], want[16], out[12];
		enum fs_rc rc;

		fill(tc[i].in, in, sizeof(in));
		fill(tc[i].want, want, sizeof(want));
		rc = fs_orgnr_parse(in, strlen(in), out, ORGFIELD, &err);
		if (rc != FS_OK)
			fail_msg("%s: rc %d: %s", in, rc, err.msg);
		assert_string_equal(out, want);
	}
}

static void
test_orgnr_parse_rejects_bad_input_naming_field_and_rule(void **state)
{
	static const struct badcase tc[] = {
		{ "wrong check digit", "202100-5488", "fel kontrollsiffra" },
		{ "wrong check digit, 10 digits", "5560160681",
		    "fel kontrollsiffra" },
		{ "third digit 1 (a personnummer)", "121212-1212",
		    "tredje siffran måste vara minst 2" },
		{ "third digit 0", "550101-123C",
		    "tredje siffran måste vara minst 2" },
		{ "letters", "20210A-5489", "måste ha formen NNNNNN-NNNN" },
		{ "'+' separator", "202100+5489", "måste ha formen NNNNNN-NNNN" },
		{ "too short", "20210054", "måste ha formen NNNNNN-NNNN" },
		{ "century prefix", "16202100-5489",
		    "måste ha formen NNNNNN-NNNN" },
		{ "12 digits", "162021005489", "måste ha formen NNNNNN-NNNN" },
		{ "empty", "", "måste ha formen NNNNNN-NNNN" },
		{ "separator misplaced", "20210-05489",
		    "måste ha formen NNNNNN-NNNN" },
	};

	(void)state;
	for (size_t i = 0; i < FS_NELEM(tc); i++) {
		struct fs_err err = FS_ERR_INIT;
		char in[32], out[12];
		enum fs_rc rc;

		fill(tc[i].in, in, sizeof(in));
		rc = fs_orgnr_parse(in, strlen(in), out, ORGFIELD, &err);
		if (rc != FS_EINVAL)
			fail_msg("%s: rc %d", tc[i].what, rc);
		assert_err_clean(&err, ORGFIELD, in);
		if (strstr(err.msg, tc[i].rule) == NULL)
			fail_msg("%s: message \"%s\" lacks \"%s\"", tc[i].what,
			    err.msg, tc[i].rule);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_luhn_digit_known_vectors),
		cmocka_unit_test(
		    test_luhn_digit_agrees_with_independent_validator),
		cmocka_unit_test(test_luhn_digit_rejects_non_digits),
		cmocka_unit_test(test_pnr_parse_accepts_valid_forms),
		cmocka_unit_test(test_pnr_parse_century_rolls_back_at_new_year),
		cmocka_unit_test(
		    test_pnr_parse_derives_sex_from_second_to_last_digit),
		cmocka_unit_test(
		    test_pnr_parse_rejects_bad_input_naming_field_and_rule),
		cmocka_unit_test(
		    test_pnr_parse_vectors_of_bad_dates_have_valid_check_digit),
		cmocka_unit_test(test_pnr_parse_rejects_embedded_nul),
		cmocka_unit_test(test_pnr_parse_leaves_out_untouched_on_error),
		cmocka_unit_test(test_pnr_parse_accepts_null_err),
		cmocka_unit_test(test_orgnr_vectors_are_valid_luhn),
		cmocka_unit_test(test_orgnr_parse_accepts_and_normalises),
		cmocka_unit_test(
		    test_orgnr_parse_rejects_bad_input_naming_field_and_rule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
