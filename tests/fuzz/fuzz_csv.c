/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer driver for the CSV reader and field writer (csv.c).  Reads
 * arbitrary bytes record by record and checks the reader's promises:
 * no crash, every field inside its bounds, at most 256 fields, line
 * numbers that never go backwards, the offset never past the size.
 * Then writes each record back with fs_csv_add_field() below a header
 * of the same width and checks that it reads back unchanged.
 *
 * libFuzzer: clang -fsanitize=fuzzer,address,undefined -Iinclude
 * -Isrc/compat tests/fuzz/fuzz_csv.c src/lib/csv.c src/lib/buf.c
 * src/lib/alloc.c src/lib/err.c.  Without it (gcc, the ctest test
 * fuzz/csv) fuzz_main.c runs the seed corpus in corpus/csv and bounded
 * random mutations under the build's sanitizers.
 */
#include "compat.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finsam/buf.h"
#include "finsam/csv.h"
#include "finsam/err.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x) do { if (!(x)) { \
	fprintf(stderr, "fuzz_csv: %s:%d: %s\n", __FILE__, __LINE__, #x); \
	abort(); } } while (0)

/* Bytes that matter to the reader, for fuzz_main.c to splice in. */
const char *const fuzz_tokens[] = {
	",", ";", "\n", "\r\n", "\r", "\"", "\"\"", "\"\"\"",
	"\xef\xbb\xbf", "\xc3\xa5", "\xc3", "\xff", "\xed\xa0\x80",
	"\xf4\x90\x80\x80", " ", "\t", "=", "+", "-", "@", "a", "",
};
const size_t fuzz_ntokens = FS_NELEM(fuzz_tokens);

/* Write the current record of c back and check it reads the same. */
static void
roundtrip(const struct fs_csv *c)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_csv *r = NULL;
	struct fs_buf b;
	size_t nf = fs_csv_nfields(c);
	char sep = fs_csv_separator(c);
	bool row;

	/* A single field has no separator to detect; skip it. */
	if (nf < 2)
		return;
	fs_buf_init(&b, 0);
	for (size_t i = 1; i < nf; i++)
		if (fs_buf_addch(&b, sep) != FS_OK)
			goto out;
	if (fs_buf_addstr(&b, "\r\n") != FS_OK)
		goto out;
	for (size_t i = 0; i < nf; i++) {
		struct fs_str f = fs_csv_field(c, i);

		if (i > 0 && fs_buf_addch(&b, sep) != FS_OK)
			goto out;
		if (fs_csv_add_field(&b, f.p, f.len, sep, false) != FS_OK)
			goto out;
	}
	CHECK(fs_csv_open_mem(b.buf, b.len, &r, &err) == FS_OK);
	CHECK(fs_csv_next(r, &row, &err) == FS_OK && row);
	CHECK(fs_csv_separator(r) == sep);
	if (fs_csv_next(r, &row, &err) != FS_OK) {
		/* Only a record grown past the size limit may fail. */
		CHECK(b.len > 1024 * 1024);
		goto out;
	}
	CHECK(row);
	CHECK(fs_csv_nfields(r) == nf);
	for (size_t i = 0; i < nf; i++) {
		struct fs_str a = fs_csv_field(c, i), z = fs_csv_field(r, i);

		CHECK(a.len == z.len && memcmp(a.p, z.p, a.len) == 0);
	}
out:
	fs_csv_free(r);
	fs_buf_release(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_csv *c = NULL;
	struct fs_buf w;
	long line = 0;
	bool row;

	if (fs_csv_open_mem((const char *)data, size, &c, &err) != FS_OK)
		return 0;
	fs_buf_init(&w, 4096);
	for (;;) {
		if (fs_csv_next(c, &row, &err) != FS_OK || !row)
			break;
		CHECK(fs_csv_nfields(c) >= 1 && fs_csv_nfields(c) <= 256);
		CHECK(fs_csv_line(c) > line);
		line = fs_csv_line(c);
		CHECK(fs_csv_offset(c) <= fs_csv_size(c));
		for (size_t i = 0; i < fs_csv_nfields(c); i++) {
			struct fs_str f = fs_csv_field(c, i);

			/* Touch every byte so ASan sees out-of-bounds. */
			for (size_t k = 0; k < f.len; k++)
				CHECK(f.p[k] != '\0');
			fs_buf_reset(&w);
			if (fs_csv_add_field(&w, f.p, f.len, ';', true) != FS_OK)
				CHECK(2 * f.len + 3 > 4096);
		}
		roundtrip(c);
	}
	fs_buf_release(&w);
	fs_csv_free(c);
	return 0;
}
