/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of the CSV reader and field writer (csv.c): separators,
 * quoting, line endings, line numbers, limits, UTF-8 validation, file
 * reading across the 64 KiB read boundary, and formula neutralisation.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/csv.h"
#include "finsam/err.h"

/*
 * Every record of the reader as "<line>:<f1>|<f2>|...\n" into out;
 * returns the code of the last fs_csv_next() and leaves err filled.
 */
static enum fs_rc
dump(struct fs_csv *c, struct fs_buf *out, struct fs_err *err)
{
	enum fs_rc rc;
	bool row;

	for (;;) {
		rc = fs_csv_next(c, &row, err);
		if (rc != FS_OK || !row)
			return rc;
		assert_int_equal(fs_buf_addf(out, "%ld:", fs_csv_line(c)),
		    FS_OK);
		for (size_t i = 0; i < fs_csv_nfields(c); i++) {
			struct fs_str f = fs_csv_field(c, i);

			if (i > 0)
				assert_int_equal(fs_buf_addch(out, '|'), FS_OK);
			assert_int_equal(fs_buf_add(out, f.p, f.len), FS_OK);
		}
		assert_int_equal(fs_buf_addch(out, '\n'), FS_OK);
	}
}

static enum fs_rc
dump_mem(const char *in, size_t len, struct fs_buf *out, struct fs_err *err,
    long *errline)
{
	struct fs_csv *c = NULL;
	enum fs_rc rc;

	assert_int_equal(fs_csv_open_mem(in, len, &c, err), FS_OK);
	rc = dump(c, out, err);
	if (errline != NULL)
		*errline = fs_csv_line(c);
	fs_csv_free(c);
	return rc;
}

/* Write len bytes of p to a new temporary file; returns its path. */
static char *
tmpfile_with(const char *p, size_t len)
{
	char *path = fs_strdup("/tmp/finsam-test-csv-XXXXXX");
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, p, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
	return path;
}

static enum fs_rc
dump_file(const char *in, size_t len, struct fs_buf *out, struct fs_err *err)
{
	struct fs_csv *c = NULL;
	enum fs_rc rc;
	char *path = tmpfile_with(in, len);

	assert_int_equal(fs_csv_open_file(path, &c, err), FS_OK);
	rc = dump(c, out, err);
	fs_csv_free(c);
	unlink(path);
	free(path);
	return rc;
}

struct good_case {
	const char	*name;
	const char	*in;
	const char	*want;
	char		 sep;
};

static const struct good_case good[] = {
	{ "comma", "a,b\n1,2\n", "1:a|b\n2:1|2\n", ',' },
	{ "semicolon (Swedish Excel)", "a;b\n1;2,5\n", "1:a|b\n2:1|2,5\n",
	    ';' },
	{ "BOM skipped", "\xef\xbb\xbf" "a;b\n1;2\n", "1:a|b\n2:1|2\n", ';' },
	{ "BOM only", "\xef\xbb\xbf", "", ',' },
	{ "quoted separator", "a,b\n\"x,y\",z\n", "1:a|b\n2:x,y|z\n", ',' },
	{ "doubled quotes", "a,b\n\"he said \"\"hi\"\"\",\"\"\"\"\n",
	    "1:a|b\n2:he said \"hi\"|\"\n", ',' },
	{ "newline inside quotes keeps later line numbers",
	    "a,b\n\"x\ny\",z\n3,4\n", "1:a|b\n2:x\ny|z\n4:3|4\n", ',' },
	{ "CRLF", "a,b\r\n1,2\r\n", "1:a|b\n2:1|2\n", ',' },
	{ "CRLF inside quotes", "a,b\r\n\"x\r\ny\",z\r\n3,4\r\n",
	    "1:a|b\n2:x\r\ny|z\n4:3|4\n", ',' },
	{ "lone CR ends a line", "a,b\r1,2\r", "1:a|b\n2:1|2\n", ',' },
	{ "empty lines skipped", "\n\na,b\n\n1,2\r\n\r\n\n3,4",
	    "3:a|b\n5:1|2\n8:3|4\n", ',' },
	{ "empty trailing field", "a,b,c\n1,2,\n", "1:a|b|c\n2:1|2|\n", ',' },
	{ "empty fields everywhere", "a;b;c\n;;\n", "1:a|b|c\n2:||\n", ';' },
	{ "last line without newline", "a,b\n1,2", "1:a|b\n2:1|2\n", ',' },
	{ "empty quoted field", "a,b\n\"\",x\n", "1:a|b\n2:|x\n", ',' },
	{ "quoted last field at end of input", "a,b\n1,\"x\"",
	    "1:a|b\n2:1|x\n", ',' },
	{ "quoted commas in header do not count",
	    "\"a,b,c\";d\n1;2\n", "1:a,b,c|d\n2:1|2\n", ';' },
	{ "more semicolons than commas", "a;b;c,d\n1;2;3,4\n",
	    "1:a|b|c,d\n2:1|2|3,4\n", ';' },
	{ "single column defaults to comma", "a\n1\n", "1:a\n2:1\n", ',' },
	{ "UTF-8 text", "namn\n\xc3\x85sa \xc3\x96" "berg \xe2\x82\xac \xf0\x9f\x98\x80\n",
	    "1:namn\n2:\xc3\x85sa \xc3\x96" "berg \xe2\x82\xac \xf0\x9f\x98\x80\n",
	    ',' },
	{ "quote inside unquoted field is literal", "a\nab\"c\n",
	    "1:a\n2:ab\"c\n", ',' },
	{ "empty input", "", "", ',' },
};

static void
test_csv_reads_good_inputs(void **state)
{
	(void)state;
	for (size_t k = 0; k < FS_NELEM(good); k++) {
		struct fs_err err = FS_ERR_INIT;
		struct fs_buf out;
		struct fs_csv *c = NULL;
		bool row;

		fs_buf_init(&out, 0);
		if (dump_mem(good[k].in, strlen(good[k].in), &out, &err,
		    NULL) != FS_OK)
			fail_msg("%s: %s", good[k].name, err.msg);
		if (strcmp(out.buf, good[k].want) != 0)
			fail_msg("%s: got [%s]", good[k].name, out.buf);
		fs_buf_reset(&out);
		/* The same through a file. */
		assert_int_equal(dump_file(good[k].in, strlen(good[k].in), &out,
		    &err), FS_OK);
		assert_string_equal(out.buf, good[k].want);
		fs_buf_release(&out);
		/* The separator, once the header has been read. */
		assert_int_equal(fs_csv_open_mem(good[k].in, strlen(good[k].in),
		    &c, &err), FS_OK);
		assert_int_equal(fs_csv_next(c, &row, &err), FS_OK);
		if (fs_csv_separator(c) != good[k].sep)
			fail_msg("%s: separator %c", good[k].name,
			    fs_csv_separator(c));
		fs_csv_free(c);
	}
}

static void
test_csv_trailing_separator_gives_empty_last_field(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_csv *c = NULL;
	bool row;

	(void)state;
	assert_int_equal(fs_csv_open_mem("x,y,z\na,b,\n", 11, &c, &err),
	    FS_OK);
	assert_int_equal(fs_csv_next(c, &row, &err), FS_OK);
	assert_int_equal(fs_csv_next(c, &row, &err), FS_OK);
	assert_true(row);
	assert_int_equal(fs_csv_nfields(c), 3);
	assert_int_equal(fs_csv_field(c, 2).len, 0);
	assert_int_equal(fs_csv_next(c, &row, &err), FS_OK);
	assert_false(row);
	/* End of input stays end of input. */
	assert_int_equal(fs_csv_next(c, &row, &err), FS_OK);
	assert_false(row);
	fs_csv_free(c);
}

struct bad_case {
	const char	*name;
	const char	*in;
	size_t		 len;		/* 0: strlen(in) */
	long		 line;
	const char	*rule;		/* part of the message */
	const char	*before;	/* records read before the error */
};

static const struct bad_case bad[] = {
	{ "unterminated quote", "a,b\n1,2\n\"x,y\n3,4\n", 0, 3,
	    "avslutas aldrig", "1:a|b\n2:1|2\n" },
	{ "unterminated quote after multi-line field",
	    "a,b\n\"x\ny\",1\n2,\"z\n", 0, 4, "avslutas aldrig",
	    "1:a|b\n2:x\ny|1\n" },
	{ "text after closing quote", "a,b\n\"x\"y,z\n", 0, 2,
	    "efter avslutande citattecken", "1:a|b\n" },
	{ "space after closing quote", "a,b\n1,2\n\"x\" ,z\n", 0, 3,
	    "efter avslutande citattecken", "1:a|b\n2:1|2\n" },
	{ "invalid UTF-8 byte", "a,b\n1,\xff\n", 0, 2, "UTF-8", "1:a|b\n" },
	{ "Latin-1 text (not UTF-8)", "namn\n\xc5sa\n", 0, 2, "UTF-8",
	    "1:namn\n" },
	{ "overlong UTF-8", "a\n\xc0\xaf\n", 0, 2, "UTF-8", "1:a\n" },
	{ "UTF-8 surrogate", "a\n\xed\xa0\x80\n", 0, 2, "UTF-8", "1:a\n" },
	{ "UTF-8 past U+10FFFF", "a\n\xf4\x90\x80\x80\n", 0, 2, "UTF-8",
	    "1:a\n" },
	{ "UTF-8 cut at end of input", "a\nx\xc3", 0, 2, "UTF-8", "1:a\n" },
	{ "invalid UTF-8 inside quotes", "a\n\"x\xc3(\"\n", 0, 2, "UTF-8",
	    "1:a\n" },
	{ "invalid UTF-8 in header", "a\xff,b\n", 0, 1, "UTF-8", "" },
	{ "NUL byte", "a,b\n1,x\0y\n", 10, 2, "NUL", "1:a|b\n" },
};

static void
test_csv_rejects_malformed_with_line(void **state)
{
	(void)state;
	for (size_t k = 0; k < FS_NELEM(bad); k++) {
		struct fs_err err = FS_ERR_INIT;
		struct fs_buf out;
		char want[32];
		size_t len = bad[k].len == 0 ? strlen(bad[k].in) : bad[k].len;
		long line = -1;
		enum fs_rc rc;

		fs_buf_init(&out, 0);
		rc = dump_mem(bad[k].in, len, &out, &err, &line);
		if (rc != FS_EINVAL)
			fail_msg("%s: rc %d", bad[k].name, rc);
		assert_string_equal(err.field, "csv");
		snprintf(want, sizeof(want), "rad %ld: ", bad[k].line);
		if (strncmp(err.msg, want, strlen(want)) != 0 ||
		    strstr(err.msg, bad[k].rule) == NULL)
			fail_msg("%s: message [%s]", bad[k].name, err.msg);
		assert_int_equal(line, bad[k].line);
		assert_string_equal(out.buf, bad[k].before);
		/* A file gives the same. */
		fs_buf_reset(&out);
		fs_err_clear(&err);
		assert_int_equal(dump_file(bad[k].in, len, &out, &err),
		    FS_EINVAL);
		assert_string_equal(err.field, "csv");
		assert_non_null(strstr(err.msg, want));
		assert_string_equal(out.buf, bad[k].before);
		fs_buf_release(&out);
	}
}

static void
test_csv_error_is_sticky(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_csv *c = NULL;
	bool row = true;

	(void)state;
	assert_int_equal(fs_csv_open_mem("a\n\"x\"y\nb\n", 9, &c, &err), FS_OK);
	assert_int_equal(fs_csv_next(c, &row, &err), FS_OK);
	assert_int_equal(fs_csv_next(c, &row, &err), FS_EINVAL);
	assert_false(row);
	assert_int_equal(fs_csv_next(c, &row, &err), FS_EINVAL);
	assert_false(row);
	assert_string_equal(err.field, "csv");
	fs_csv_free(c);
}

/* A line of n fields "f0,f1,..." plus a newline. */
static void
many_fields(struct fs_buf *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assert_int_equal(fs_buf_addf(b, "%sf%zu", i > 0 ? "," : "", i),
		    FS_OK);
	assert_int_equal(fs_buf_addch(b, '\n'), FS_OK);
}

static void
test_csv_256_fields_ok_257_rejected(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf in, out;
	long line = 0;

	(void)state;
	fs_buf_init(&in, 0);
	fs_buf_init(&out, 0);
	many_fields(&in, 256);
	many_fields(&in, 256);
	assert_int_equal(dump_mem(in.buf, in.len, &out, &err, NULL), FS_OK);
	fs_buf_reset(&out);
	many_fields(&in, 257);
	assert_int_equal(dump_mem(in.buf, in.len, &out, &err, &line),
	    FS_EINVAL);
	assert_string_equal(err.field, "csv");
	assert_non_null(strstr(err.msg, "rad 3: "));
	assert_non_null(strstr(err.msg, "256 fält"));
	assert_int_equal(line, 3);
	fs_buf_release(&in);
	fs_buf_release(&out);
}

/*
 * Records that start k bytes before the 64 KiB read boundary, for every
 * k up to 40, so the boundary falls inside a quoted field, between ""
 * and between CR and LF, inside a multibyte character, and between a
 * closing quote and the separator.  The file must read exactly as the
 * same bytes in memory.
 */
static void
test_csv_file_reads_like_memory_across_chunk_boundary(void **state)
{
	static const char special[] =
	    "\"x\"\"y\r\nz\";\xc3\x96\xe2\x82\xac\xf0\x9f\x98\x80;\"q\"\r\n"
	    "\"\";;\r\n"
	    "\xc3\xa5;\"\"\"\";end\r\n";

	(void)state;
	for (size_t k = 0; k <= 40; k++) {
		struct fs_err err = FS_ERR_INIT;
		struct fs_buf in, a, b;
		size_t pad;

		fs_buf_init(&in, 0);
		fs_buf_init(&a, 0);
		fs_buf_init(&b, 0);
		assert_int_equal(fs_buf_addstr(&in, "h1;h2;h3\r\n"), FS_OK);
		/* One long record ending exactly 65536 - k bytes in. */
		pad = 65536 - k - in.len - 6;
		assert_int_equal(fs_buf_addstr(&in, "p;"), FS_OK);
		for (size_t i = 0; i < pad; i++)
			assert_int_equal(fs_buf_addch(&in, 'a'), FS_OK);
		assert_int_equal(fs_buf_addstr(&in, ";q\r\n"), FS_OK);
		assert_int_equal(in.len, 65536 - k);
		for (int rep = 0; rep < 3; rep++)
			assert_int_equal(fs_buf_addstr(&in, special), FS_OK);
		assert_int_equal(dump_mem(in.buf, in.len, &a, &err, NULL),
		    FS_OK);
		assert_int_equal(dump_file(in.buf, in.len, &b, &err), FS_OK);
		if (a.len != b.len || memcmp(a.buf, b.buf, a.len) != 0)
			fail_msg("k=%zu: file and memory differ", k);
		/* The records after the long one keep their lines. */
		assert_non_null(strstr(a.buf, "\n3:x\"y\r\nz|"));
		assert_non_null(strstr(a.buf, "\n14:\xc3\xa5|\"|end\n"));
		fs_buf_release(&in);
		fs_buf_release(&a);
		fs_buf_release(&b);
	}
}

static void
test_csv_record_longer_than_chunk_is_read_whole(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf in;
	struct fs_csv *c = NULL;
	char *path;
	bool row;
	size_t n = 300 * 1000;

	(void)state;
	fs_buf_init(&in, 0);
	assert_int_equal(fs_buf_addstr(&in, "a,b\n1,\""), FS_OK);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(fs_buf_addch(&in, i % 1000 == 0 ? '\n' : 'x'),
		    FS_OK);
	assert_int_equal(fs_buf_addstr(&in, "\"\n2,3\n"), FS_OK);
	path = tmpfile_with(in.buf, in.len);
	assert_int_equal(fs_csv_open_file(path, &c, &err), FS_OK);
	assert_int_equal(fs_csv_size(c), in.len);
	assert_int_equal(fs_csv_next(c, &row, &err), FS_OK);
	assert_int_equal(fs_csv_next(c, &row, &err), FS_OK);
	assert_true(row);
	assert_int_equal(fs_csv_line(c), 2);
	assert_int_equal(fs_csv_field(c, 1).len, n);
	assert_int_equal(fs_csv_next(c, &row, &err), FS_OK);
	assert_true(row);
	assert_int_equal(fs_csv_line(c), 2 + (long)(n / 1000) + 1);
	assert_int_equal(fs_csv_next(c, &row, &err), FS_OK);
	assert_false(row);
	assert_int_equal(fs_csv_offset(c), in.len);
	fs_csv_free(c);
	unlink(path);
	free(path);
	fs_buf_release(&in);
}

static void
test_csv_record_over_1mib_rejected(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf in, out;
	long line = 0;

	(void)state;
	fs_buf_init(&in, 0);
	fs_buf_init(&out, 0);
	assert_int_equal(fs_buf_addstr(&in, "a\n1\n\n"), FS_OK);
	for (size_t i = 0; i < 1100 * 1024; i++)
		assert_int_equal(fs_buf_addch(&in, 'x'), FS_OK);
	assert_int_equal(fs_buf_addstr(&in, "\n2\n"), FS_OK);
	assert_int_equal(dump_mem(in.buf, in.len, &out, &err, &line),
	    FS_EINVAL);
	assert_string_equal(err.field, "csv");
	assert_non_null(strstr(err.msg, "rad 4: "));
	assert_non_null(strstr(err.msg, "1 MiB"));
	assert_int_equal(line, 4);
	fs_buf_reset(&out);
	fs_err_clear(&err);
	assert_int_equal(dump_file(in.buf, in.len, &out, &err), FS_EINVAL);
	assert_string_equal(err.field, "csv");
	assert_non_null(strstr(err.msg, "rad 4: "));
	assert_non_null(strstr(err.msg, "1 MiB"));
	assert_string_equal(out.buf, "1:a\n2:1\n");
	fs_buf_release(&in);
	fs_buf_release(&out);
}

static void
test_csv_offset_reaches_size(void **state)
{
	static const char in[] = "a;b\n1;2\n3;4\n";
	struct fs_err err = FS_ERR_INIT;
	struct fs_csv *c = NULL;
	uint64_t last = 0;
	bool row = true;

	(void)state;
	assert_int_equal(fs_csv_open_mem(in, sizeof(in) - 1, &c, &err), FS_OK);
	assert_int_equal(fs_csv_size(c), sizeof(in) - 1);
	assert_int_equal(fs_csv_offset(c), 0);
	while (row) {
		assert_int_equal(fs_csv_next(c, &row, &err), FS_OK);
		assert_true(fs_csv_offset(c) >= last);
		last = fs_csv_offset(c);
	}
	assert_int_equal(last, sizeof(in) - 1);
	fs_csv_free(c);
}

static void
test_csv_open_missing_file_fails(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_csv *c = NULL;

	(void)state;
	assert_int_equal(fs_csv_open_file("/nonexistent/finsam.csv", &c, &err),
	    FS_EIO);
	assert_null(c);
	assert_string_equal(err.field, "csv");
	assert_string_equal(err.msg, "filen finns inte");
	assert_int_equal(fs_csv_open_file("/tmp", &c, &err), FS_EIO);
	assert_null(c);
	assert_string_equal(err.field, "csv");
}

struct write_case {
	const char	*in;
	char		 sep;
	bool		 text;
	const char	*want;
};

static const struct write_case writes[] = {
	{ "abc", ',', true, "abc" },
	{ "", ',', true, "" },
	{ "a,b", ',', true, "\"a,b\"" },
	{ "a,b", ';', true, "a,b" },
	{ "a;b", ';', true, "\"a;b\"" },
	{ "he \"x\"", ',', true, "\"he \"\"x\"\"\"" },
	{ "\"", ',', false, "\"\"\"\"" },
	{ "a\nb", ',', true, "\"a\nb\"" },
	{ "a\r\nb", ';', true, "\"a\r\nb\"" },
	{ "=SUM(A1:A2)", ',', true, "'=SUM(A1:A2)" },
	{ "=SUM(A1:A2)", ',', false, "=SUM(A1:A2)" },
	{ "-5", ';', true, "'-5" },
	{ "-5", ';', false, "-5" },
	{ "+46701234567", ',', true, "'+46701234567" },
	{ "@cmd", ',', true, "'@cmd" },
	{ "\tx", ',', true, "'\tx" },
	{ "\rx", ',', true, "\"'\rx\"" },
	{ "=a;\"b\"", ';', true, "\"'=a;\"\"b\"\"\"" },
	{ "a=b", ',', true, "a=b" },
	{ "\xc3\x85sa", ';', true, "\xc3\x85sa" },
};

static void
test_csv_add_field_quotes_and_neutralises(void **state)
{
	(void)state;
	for (size_t k = 0; k < FS_NELEM(writes); k++) {
		struct fs_buf b;

		fs_buf_init(&b, 0);
		assert_int_equal(fs_buf_addstr(&b, "<"), FS_OK);
		assert_int_equal(fs_csv_add_field(&b, writes[k].in,
		    strlen(writes[k].in), writes[k].sep, writes[k].text), FS_OK);
		if (strcmp(b.buf + 1, writes[k].want) != 0)
			fail_msg("case %zu: got [%s]", k, b.buf + 1);
		fs_buf_release(&b);
	}
}

static void
test_csv_add_field_past_max_leaves_buffer_unchanged(void **state)
{
	struct fs_buf b;

	(void)state;
	fs_buf_init(&b, 8);
	assert_int_equal(fs_buf_addstr(&b, "ab"), FS_OK);
	assert_int_equal(fs_csv_add_field(&b, "x,yz\"w", 6, ',', true),
	    FS_ENOMEM);
	assert_int_equal(b.len, 2);
	assert_string_equal(b.buf, "ab");
	fs_buf_release(&b);
}

/* Fields written with fs_csv_add_field() read back unchanged. */
static void
test_csv_written_fields_read_back(void **state)
{
	static const char *const fields[] = {
		"plain", "a,b", "a;b", "\"", "x\r\ny", "", "\xc3\xa4\"\"",
		"line\n", " space ",
	};
	static const char seps[] = { ',', ';' };

	(void)state;
	for (size_t s = 0; s < FS_NELEM(seps); s++) {
		struct fs_err err = FS_ERR_INIT;
		struct fs_buf b;
		struct fs_csv *c = NULL;
		bool row;

		fs_buf_init(&b, 0);
		for (size_t i = 0; i < FS_NELEM(fields); i++) {
			if (i > 0)
				assert_int_equal(fs_buf_addch(&b, seps[s]),
				    FS_OK);
			assert_int_equal(fs_buf_addstr(&b, "h"), FS_OK);
		}
		assert_int_equal(fs_buf_addstr(&b, "\r\n"), FS_OK);
		for (size_t i = 0; i < FS_NELEM(fields); i++) {
			if (i > 0)
				assert_int_equal(fs_buf_addch(&b, seps[s]),
				    FS_OK);
			assert_int_equal(fs_csv_add_field(&b, fields[i],
			    strlen(fields[i]), seps[s], false), FS_OK);
		}
		assert_int_equal(fs_csv_open_mem(b.buf, b.len, &c, &err), FS_OK);
		assert_int_equal(fs_csv_next(c, &row, &err), FS_OK);
		assert_int_equal(fs_csv_separator(c), seps[s]);
		assert_int_equal(fs_csv_next(c, &row, &err), FS_OK);
		assert_true(row);
		assert_int_equal(fs_csv_nfields(c), FS_NELEM(fields));
		for (size_t i = 0; i < FS_NELEM(fields); i++) {
			struct fs_str f = fs_csv_field(c, i);

			assert_int_equal(f.len, strlen(fields[i]));
			assert_memory_equal(f.p, fields[i], f.len);
		}
		fs_csv_free(c);
		fs_buf_release(&b);
	}
}

static void
test_csv_open_fails_cleanly_without_memory(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_csv *c = NULL;
	enum fs_rc rc;

	(void)state;
	for (unsigned long n = 1; n <= 2; n++) {
		fs_alloc_fail_after(n);
		rc = fs_csv_open_file("/dev/null", &c, &err);
		fs_alloc_fail_after(0);
		assert_int_equal(rc, FS_ENOMEM);
		assert_null(c);
	}
	fs_alloc_fail_after(1);
	rc = fs_csv_open_mem("a", 1, &c, &err);
	fs_alloc_fail_after(0);
	assert_int_equal(rc, FS_ENOMEM);
	assert_null(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_reads_good_inputs),
		cmocka_unit_test(
		    test_csv_trailing_separator_gives_empty_last_field),
		cmocka_unit_test(test_csv_rejects_malformed_with_line),
		cmocka_unit_test(test_csv_error_is_sticky),
		cmocka_unit_test(test_csv_256_fields_ok_257_rejected),
		cmocka_unit_test(
		    test_csv_file_reads_like_memory_across_chunk_boundary),
		cmocka_unit_test(test_csv_record_longer_than_chunk_is_read_whole),
		cmocka_unit_test(test_csv_record_over_1mib_rejected),
		cmocka_unit_test(test_csv_offset_reaches_size),
		cmocka_unit_test(test_csv_open_missing_file_fails),
		cmocka_unit_test(test_csv_add_field_quotes_and_neutralises),
		cmocka_unit_test(
		    test_csv_add_field_past_max_leaves_buffer_unchanged),
		cmocka_unit_test(test_csv_written_fields_read_back),
		cmocka_unit_test(test_csv_open_fails_cleanly_without_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
