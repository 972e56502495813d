/* SPDX-License-Identifier: ISC */
/*
 * What every Excel workbook finsam writes needs around libxlsxwriter:
 * the workbook as bytes in a buffer (libxlsxwriter 1.1.4 writes only to
 * a path, so through a private temporary file that is removed again),
 * and text cells that a spreadsheet cannot take for a formula.
 */
#ifndef FS_XLSX_H
#define FS_XLSX_H

#include <xlsxwriter.h>

#include "finsam/buf.h"
#include "finsam/err.h"

/* Fill the new workbook wb; return FS_OK or an error in err. */
typedef enum fs_rc (*fs_xlsx_fill_fn)(lxw_workbook *wb, const void *arg,
    struct fs_err *err);

/*
 * Create a workbook, let fill() write it, and append its bytes to out.
 * The temporary file is mode 0600 in $TMPDIR (or /tmp) and is gone when
 * this returns, also on error.
 */
enum fs_rc	 fs_xlsx_to_buf(fs_xlsx_fill_fn fill, const void *arg,
		    struct fs_buf *out, struct fs_err *err) FS_MUSTCHECK;

/*
 * Write s as a text cell; text that a spreadsheet would read as a
 * formula (=, +, -, @ first) gets a leading apostrophe.  FS_ENOMEM
 * when even that small copy cannot be made (nothing is written then).
 */
enum fs_rc	 fs_xlsx_text(lxw_worksheet *ws, lxw_row_t row,
		    lxw_col_t col, const char *s, lxw_format *f) FS_MUSTCHECK;

#endif
