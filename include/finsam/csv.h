/* SPDX-License-Identifier: ISC */
/*
 * Reading and writing CSV as Swedish Excel and programs produce it.
 *
 * Reader: streaming, record by record, from a file or memory.  UTF-8
 * with an optional BOM; the separator (';' or ',') is detected from the
 * header line (the first record); fields may be quoted with '"', quotes
 * doubled inside, newlines allowed inside quotes; CRLF or LF.  Each
 * record knows the line number where it starts, for error messages.
 * The reader owns its buffers; field slices are valid until the next
 * call of fs_csv_next().  Records and fields are bounded in size.
 *
 * Writer: fs_csv_add_field() quotes as needed and neutralises text that
 * a spreadsheet would run as a formula.
 */
#ifndef FS_CSV_H
#define FS_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finsam/buf.h"
#include "finsam/err.h"

struct fs_csv;

/*
 * Open path for reading (free with fs_csv_free()).  FS_EIO with field
 * "csv" when the file cannot be opened.
 */
enum fs_rc	 fs_csv_open_file(const char *path, struct fs_csv **out,
		    struct fs_err *err) FS_MUSTCHECK;
/* Read from memory p[0..len); p is borrowed for the reader's life. */
enum fs_rc	 fs_csv_open_mem(const char *p, size_t len, struct fs_csv **out,
		    struct fs_err *err) FS_MUSTCHECK;
void		 fs_csv_free(struct fs_csv *c);

/*
 * Read the next record.  *row is false at end of input.  The first
 * record is the header.  A malformed record (unterminated quote, text
 * after a closing quote, invalid UTF-8, a NUL byte, a record over 1 MiB
 * or over 256 fields) gives FS_EINVAL with err->field "csv", a message
 * starting "rad N: " and fs_csv_line() set to N, the line where the bad
 * record starts; the reader then refuses to go on.  Read errors give
 * FS_EIO.  Empty lines are skipped.  A lone CR also ends a line.  A
 * quote inside an unquoted field is taken literally (as Excel does).
 */
enum fs_rc	 fs_csv_next(struct fs_csv *c, bool *row, struct fs_err *err)
		    FS_MUSTCHECK;
size_t		 fs_csv_nfields(const struct fs_csv *c);
/* Field i of the current record (unquoted); i < fs_csv_nfields(). */
struct fs_str	 fs_csv_field(const struct fs_csv *c, size_t i);
/* Line number (1-based) where the current record starts. */
long		 fs_csv_line(const struct fs_csv *c);
/* The detected separator, ';' or ','. */
char		 fs_csv_separator(const struct fs_csv *c);
/* Bytes consumed so far and total size (0 if unknown), for progress. */
uint64_t	 fs_csv_offset(const struct fs_csv *c);
uint64_t	 fs_csv_size(const struct fs_csv *c);

/*
 * Append one field to b, quoted when it contains sep, '"', CR or LF.
 * When is_text is true and the value starts with '=', '+', '-', '@',
 * TAB or CR, a leading apostrophe is added so that spreadsheets show it
 * as text (formula injection).
 */
enum fs_rc	 fs_csv_add_field(struct fs_buf *b, const char *p, size_t len,
		    char sep, bool is_text) FS_MUSTCHECK;

#endif
