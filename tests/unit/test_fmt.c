/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of Swedish number formatting (fmt.c): digit grouping,
 * decimal comma and point, whole percent, one-decimal full-time
 * equivalents, exact rounding half away from zero (also where binary
 * floating point would round the wrong way), negative numbers, and the
 * refusal of zero denominators and overflowing scales.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "finsam/buf.h"
#include "finsam/err.h"
#include "finsam/fmt.h"

static void
test_round_div_halves_go_away_from_zero(void **state)
{
	static const struct {
		int64_t	 num, den, want;
	} cases[] = {
		{ 5, 10, 1 },		/* 0.5 */
		{ 4, 10, 0 },
		{ 15, 10, 2 },		/* 1.5 */
		{ 25, 10, 3 },		/* 2.5: not banker's rounding */
		{ -5, 10, -1 },		/* -0.5 */
		{ -25, 10, -3 },
		{ 25, -10, -3 },
		{ -25, -10, 3 },
		{ 34499, 1000, 34 },
		{ 34500, 1000, 35 },
		{ 0, 7, 0 },
		{ 2, 3, 1 },
		{ 1, 3, 0 },
		{ INT64_MAX, 1, INT64_MAX },
		{ INT64_MIN, 1, INT64_MIN },
		{ INT64_MIN, 2, INT64_MIN / 2 },
		{ INT64_MAX, INT64_MAX, 1 },
		{ INT64_MIN, -1, INT64_MAX },	/* saturates */
	};

	(void)state;
	for (size_t i = 0; i < FS_NELEM(cases); i++)
		assert_int_equal(fs_fmt_round_div(cases[i].num, cases[i].den),
		    cases[i].want);
}

static void
test_int_groups_thousands_with_space_in_text(void **state)
{
	static const struct {
		int64_t		 v;
		const char	*text, *csv;
	} cases[] = {
		{ 0, "0", "0" },
		{ 7, "7", "7" },
		{ 999, "999", "999" },
		{ 1000, "1 000", "1000" },
		{ 12309, "12 309", "12309" },
		{ 100000, "100 000", "100000" },
		{ 1234567, "1 234 567", "1234567" },
		{ -1234, "-1 234", "-1234" },
		{ -999, "-999", "-999" },
		{ INT64_MIN, "-9 223 372 036 854 775 808",
		    "-9223372036854775808" },
	};
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;

	(void)state;
	fs_buf_init(&b, 0);
	for (size_t i = 0; i < FS_NELEM(cases); i++) {
		fs_buf_reset(&b);
		assert_int_equal(fs_fmt_int(&b, cases[i].v, FS_FMT_TEXT, &err),
		    FS_OK);
		assert_string_equal(b.buf, cases[i].text);
		fs_buf_reset(&b);
		assert_int_equal(fs_fmt_int(&b, cases[i].v, FS_FMT_CSV_SV,
		    &err), FS_OK);
		assert_string_equal(b.buf, cases[i].csv);
		fs_buf_reset(&b);
		assert_int_equal(fs_fmt_int(&b, cases[i].v, FS_FMT_PLAIN,
		    &err), FS_OK);
		assert_string_equal(b.buf, cases[i].csv);
	}
	fs_buf_release(&b);
}

static void
test_fixed_uses_decimal_comma_or_point(void **state)
{
	static const struct {
		int64_t		 v;
		unsigned	 scale;
		enum fs_fmt_style st;
		const char	*want;
	} cases[] = {
		{ 212, 1, FS_FMT_TEXT, "21,2" },
		{ 212, 1, FS_FMT_CSV_SV, "21,2" },
		{ 212, 1, FS_FMT_PLAIN, "21.2" },
		{ 17580, 1, FS_FMT_TEXT, "1 758,0" },
		{ 17580, 1, FS_FMT_CSV_SV, "1758,0" },
		{ 17580, 1, FS_FMT_PLAIN, "1758.0" },
		{ 5, 1, FS_FMT_TEXT, "0,5" },
		{ -5, 1, FS_FMT_TEXT, "-0,5" },
		{ 21255, 3, FS_FMT_TEXT, "21,255" },
		{ 7, 3, FS_FMT_PLAIN, "0.007" },
		{ 123456789, 2, FS_FMT_TEXT, "1 234 567,89" },
	};
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;

	(void)state;
	fs_buf_init(&b, 0);
	for (size_t i = 0; i < FS_NELEM(cases); i++) {
		fs_buf_reset(&b);
		assert_int_equal(fs_fmt_fixed(&b, cases[i].v, cases[i].scale,
		    cases[i].st, &err), FS_OK);
		assert_string_equal(b.buf, cases[i].want);
	}
	fs_buf_release(&b);
}

static void
test_fte_one_decimal_rounds_exactly(void **state)
{
	/* Full-time equivalents: the sum of percent over 100. */
	static const struct {
		int64_t		 sum;
		enum fs_fmt_style st;
		const char	*want;
	} cases[] = {
		{ 2120, FS_FMT_TEXT, "21,2" },
		{ 2125, FS_FMT_TEXT, "21,3" },	/* 21.25 -> 21.3 */
		{ 2124, FS_FMT_TEXT, "21,2" },
		{ 175800, FS_FMT_TEXT, "1 758,0" },
		{ 175800, FS_FMT_CSV_SV, "1758,0" },
		{ 175800, FS_FMT_PLAIN, "1758.0" },
		{ 97400, FS_FMT_TEXT, "974,0" },
		{ 0, FS_FMT_TEXT, "0,0" },
		{ 4, FS_FMT_TEXT, "0,0" },
		{ 5, FS_FMT_TEXT, "0,1" },	/* 0.05 -> 0.1 */
		{ -5, FS_FMT_TEXT, "-0,1" },
	};
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;

	(void)state;
	fs_buf_init(&b, 0);
	for (size_t i = 0; i < FS_NELEM(cases); i++) {
		fs_buf_reset(&b);
		assert_int_equal(fs_fmt_ratio(&b, cases[i].sum, 100, 1,
		    cases[i].st, &err), FS_OK);
		assert_string_equal(b.buf, cases[i].want);
	}
	fs_buf_release(&b);
}

static void
test_percent_rounds_half_away_from_zero_exactly(void **state)
{
	static const struct {
		int64_t		 num, den;
		const char	*text, *csv;
	} cases[] = {
		{ 1, 2, "50 %", "50" },
		{ 1, 200, "1 %", "1" },		/* 0.5 % -> 1 % */
		{ 1, 201, "0 %", "0" },
		/*
		 * 0.345 is 0.34499999999999997 as a double, so floating point
		 * would give 34 %; exact rounding gives 35 %.
		 */
		{ 345, 1000, "35 %", "35" },
		{ 29, 85, "34 %", "34" },	/* Södra Vätterbygden */
		{ 48, 85, "56 %", "56" },
		{ 37, 85, "44 %", "44" },
		{ 85, 85, "100 %", "100" },
		{ 0, 85, "0 %", "0" },
		{ -1, 200, "-1 %", "-1" },
		{ 2, 3, "67 %", "67" },
		{ 125, 1, "12 500 %", "12500" },
	};
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;

	(void)state;
	fs_buf_init(&b, 0);
	for (size_t i = 0; i < FS_NELEM(cases); i++) {
		fs_buf_reset(&b);
		assert_int_equal(fs_fmt_percent(&b, cases[i].num, cases[i].den,
		    FS_FMT_TEXT, &err), FS_OK);
		assert_string_equal(b.buf, cases[i].text);
		fs_buf_reset(&b);
		assert_int_equal(fs_fmt_percent(&b, cases[i].num, cases[i].den,
		    FS_FMT_CSV_SV, &err), FS_OK);
		assert_string_equal(b.buf, cases[i].csv);
	}
	fs_buf_release(&b);
}

static void
test_mean_days_rounds_to_whole_days(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;

	(void)state;
	fs_buf_init(&b, 0);
	/* 36320 days over 85 participations = 427.29... */
	assert_int_equal(fs_fmt_ratio(&b, 36320, 85, 0, FS_FMT_TEXT, &err),
	    FS_OK);
	assert_string_equal(b.buf, "427");
	fs_buf_reset(&b);
	/* 855 / 2 = 427.5 -> 428 */
	assert_int_equal(fs_fmt_ratio(&b, 855, 2, 0, FS_FMT_TEXT, &err),
	    FS_OK);
	assert_string_equal(b.buf, "428");
	fs_buf_release(&b);
}

static void
test_appends_after_existing_text(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;

	(void)state;
	fs_buf_init(&b, 0);
	assert_int_equal(fs_buf_addstr(&b, "x="), FS_OK);
	assert_int_equal(fs_fmt_int(&b, 12309, FS_FMT_TEXT, &err), FS_OK);
	assert_string_equal(b.buf, "x=12 309");
	fs_buf_release(&b);
}

static void
test_zero_denominator_is_refused(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;

	(void)state;
	fs_buf_init(&b, 0);
	assert_int_equal(fs_fmt_percent(&b, 1, 0, FS_FMT_TEXT, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "namnare");
	assert_int_equal(b.len, 0);
	fs_err_clear(&err);
	assert_int_equal(fs_fmt_ratio(&b, 1, 0, 1, FS_FMT_TEXT, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "namnare");
	assert_int_equal(b.len, 0);
	fs_buf_release(&b);
}

static void
test_overflowing_scale_is_refused(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;

	(void)state;
	fs_buf_init(&b, 0);
	assert_int_equal(fs_fmt_percent(&b, INT64_MAX / 10, 1, FS_FMT_TEXT,
	    &err), FS_EINVAL);
	assert_string_equal(err.field, "taljare");
	fs_err_clear(&err);
	assert_int_equal(fs_fmt_ratio(&b, 1, 1, 19, FS_FMT_TEXT, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "decimaler");
	fs_err_clear(&err);
	assert_int_equal(fs_fmt_fixed(&b, 1, 19, FS_FMT_TEXT, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "decimaler");
	assert_int_equal(b.len, 0);
	fs_buf_release(&b);
}

static void
test_full_buffer_gives_enomem_and_leaves_it_unchanged(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;

	(void)state;
	fs_buf_init(&b, 6);
	assert_int_equal(fs_buf_addstr(&b, "ab"), FS_OK);
	assert_int_equal(fs_fmt_int(&b, 1234567, FS_FMT_TEXT, &err),
	    FS_ENOMEM);
	assert_string_equal(b.buf, "ab");
	/* "10 000 %" does not fit either. */
	assert_int_equal(fs_fmt_percent(&b, 100, 1, FS_FMT_TEXT, &err),
	    FS_ENOMEM);
	assert_string_equal(b.buf, "ab");
	fs_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_div_halves_go_away_from_zero),
		cmocka_unit_test(test_int_groups_thousands_with_space_in_text),
		cmocka_unit_test(test_fixed_uses_decimal_comma_or_point),
		cmocka_unit_test(test_fte_one_decimal_rounds_exactly),
		cmocka_unit_test(
		    test_percent_rounds_half_away_from_zero_exactly),
		cmocka_unit_test(test_mean_days_rounds_to_whole_days),
		cmocka_unit_test(test_appends_after_existing_text),
		cmocka_unit_test(test_zero_denominator_is_refused),
		cmocka_unit_test(test_overflowing_scale_is_refused),
		cmocka_unit_test(
		    test_full_buffer_gives_enomem_and_leaves_it_unchanged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
