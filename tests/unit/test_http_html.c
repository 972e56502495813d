/* SPDX-License-Identifier: ISC */
/*
 * The escaping module of the HTTP shell (html.c) and the SVG chart
 * built on it (svg.c): every text and attribute value is escaped, names
 * that are not plain are refused, and a förbund name full of markup
 * comes out of the chart as text.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "finsam/buf.h"
#include "finsam/report.h"

#include "finsam/html.h"
#include "svg.h"

static void
test_escape_table(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;
	} cases[] = {
		{ "", "" },
		{ "abc", "abc" },
		{ "<script>", "&lt;script&gt;" },
		{ "a & b", "a &amp; b" },
		{ "\"'", "&quot;&#39;" },
		{ "Män < 30 år", "Män &lt; 30 år" },
		{ "&amp;", "&amp;amp;" },
	};
	struct fs_buf b;

	(void)state;
	fs_buf_init(&b, 0);
	for (size_t i = 0; i < FS_NELEM(cases); i++) {
		fs_buf_reset(&b);
		assert_int_equal(fs_html_text(&b, cases[i].in), FS_OK);
		assert_string_equal(b.buf, cases[i].out);
	}
	fs_buf_release(&b);
}

static void
test_escape_drops_nul(void **state)
{
	struct fs_buf b;

	(void)state;
	fs_buf_init(&b, 0);
	assert_int_equal(fs_html_escape(&b, "a\0<", 3), FS_OK);
	assert_int_equal(b.len, 5);
	assert_string_equal(b.buf, "a&lt;");
	fs_buf_release(&b);
}

static void
test_attribute_values_are_escaped(void **state)
{
	struct fs_buf b;

	(void)state;
	fs_buf_init(&b, 0);
	assert_int_equal(fs_html_open(&b, "a"), FS_OK);
	assert_int_equal(fs_html_attr(&b, "title", "\" onload=\"x()"), FS_OK);
	assert_int_equal(fs_html_gt(&b), FS_OK);
	assert_int_equal(fs_html_text(&b, "<b>"), FS_OK);
	assert_int_equal(fs_html_close(&b, "a"), FS_OK);
	assert_string_equal(b.buf,
	    "<a title=\"&quot; onload=&quot;x()\">&lt;b&gt;</a>");
	fs_buf_release(&b);
}

static void
test_names_must_be_plain(void **state)
{
	struct fs_buf b;

	(void)state;
	fs_buf_init(&b, 0);
	assert_int_equal(fs_html_attr(&b, "x onload", "1"), FS_EINVAL);
	assert_int_equal(fs_html_close(&b, "a><script"), FS_EINVAL);
	assert_int_equal(b.len, 0);
	fs_buf_release(&b);
}

static void
test_escape_fails_at_ceiling(void **state)
{
	struct fs_buf b;

	(void)state;
	fs_buf_init(&b, 8);
	assert_int_equal(fs_html_text(&b, "<<<<"), FS_ENOMEM);
	fs_buf_release(&b);
}

static void
test_svg_chart_escapes_names(void **state)
{
	struct fs_utfall u;
	struct fs_buf b;

	(void)state;
	memset(&u, 0, sizeof(u));
	snprintf(u.namn, sizeof(u.namn), "<script>alert(1)</script> & Co");
	u.cell[FS_UTFALL_ANTAL][FS_COL_TOTALT] = (struct fs_ratio){ 10, 1 };
	u.cell[FS_UTFALL_UNDER_30][FS_COL_TOTALT] = (struct fs_ratio){ 3, 10 };
	u.cell[FS_UTFALL_UNDER_30][FS_COL_KVINNOR] = (struct fs_ratio){ 1, 4 };
	fs_buf_init(&b, 0);
	assert_int_equal(fs_svg_utfall(&u, &b, NULL), FS_OK);
	assert_null(strstr(b.buf, "<script"));
	assert_non_null(strstr(b.buf, "&lt;script&gt;alert(1)&lt;/script&gt; "
	    "&amp; Co"));
	assert_non_null(strstr(b.buf, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
	assert_non_null(strstr(b.buf, "</svg>"));
	/* 3 of 10 is 30 %; 1 of 4 is 25 %; no denominator shows a dash. */
	assert_non_null(strstr(b.buf, ">30 %<"));
	assert_non_null(strstr(b.buf, ">25 %<"));
	assert_non_null(strstr(b.buf, ">–<"));
	assert_non_null(strstr(b.buf, "<title id=\"titel\">"));
	fs_buf_release(&b);
}

static void
test_svg_chart_fails_at_ceiling(void **state)
{
	struct fs_utfall u;
	struct fs_buf b;
	struct fs_err err = FS_ERR_INIT;

	(void)state;
	memset(&u, 0, sizeof(u));
	fs_buf_init(&b, 100);
	assert_int_equal(fs_svg_utfall(&u, &b, &err), FS_ENOMEM);
	assert_int_equal(err.rc, FS_ENOMEM);
	fs_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_table),
		cmocka_unit_test(test_escape_drops_nul),
		cmocka_unit_test(test_attribute_values_are_escaped),
		cmocka_unit_test(test_names_must_be_plain),
		cmocka_unit_test(test_escape_fails_at_ceiling),
		cmocka_unit_test(test_svg_chart_escapes_names),
		cmocka_unit_test(test_svg_chart_fails_at_ceiling),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
