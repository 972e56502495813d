/* SPDX-License-Identifier: ISC */
/*
 * Excel workbooks as bytes (xlsx.h): a private temporary file that
 * libxlsxwriter writes and we read back and remove, and text cells
 * guarded against formula injection (CSV/XLSX injection: a cell
 * starting with = + - @ is a formula to Excel).
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "finsam/buf.h"
#include "finsam/xlsx.h"

static enum fs_rc
read_back(int fd, struct fs_buf *out, struct fs_err *err)
{
	char chunk[65536];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == 0)
			return FS_OK;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return fs_err_set(err, FS_EIO, NULL,
			    "kunde inte läsa arbetsboken: %s",
			    strerror(errno));
		if (fs_buf_add(out, chunk, (size_t)n) != FS_OK)
			return fs_err_set(err, FS_ENOMEM, NULL,
			    "arbetsboken blev för stor eller minnet räcker "
			    "inte");
	}
}

enum fs_rc
fs_xlsx_to_buf(fs_xlsx_fill_fn fill, const void *arg, struct fs_buf *out,
    struct fs_err *err)
{
	const char *dir = getenv("TMPDIR");
	struct fs_buf path;
	lxw_workbook *wb = NULL;
	lxw_error e;
	size_t len0 = out->len;
	enum fs_rc rc;
	int fd;

	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	fs_buf_init(&path, 4096);
	if (fs_buf_addf(&path, "%s/finsam-xlsx-XXXXXX", dir) != FS_OK) {
		fs_buf_release(&path);
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	}
	/* mkstemp: O_EXCL and mode 0600, so nobody else can read it. */
	fd = mkstemp(path.buf);
	if (fd < 0) {
		rc = fs_err_set(err, FS_EIO, NULL,
		    "kan inte skapa en tillfällig fil i %s: %s", dir,
		    strerror(errno));
		fs_buf_release(&path);
		return rc;
	}
	wb = workbook_new(path.buf);
	if (wb == NULL) {
		rc = fs_err_set(err, FS_EIO, NULL,
		    "kan inte skapa arbetsboken");
		goto out;
	}
	rc = fill(wb, arg, err);
	e = workbook_close(wb);
	if (rc == FS_OK && e != LXW_NO_ERROR)
		rc = fs_err_set(err, FS_EIO, NULL,
		    "kunde inte skriva arbetsboken (%s)", lxw_strerror(e));
	/* The file was rewritten by name: read from the start. */
	if (rc == FS_OK && lseek(fd, 0, SEEK_SET) != 0)
		rc = fs_err_set(err, FS_EIO, NULL,
		    "kunde inte läsa arbetsboken: %s", strerror(errno));
	if (rc == FS_OK)
		rc = read_back(fd, out, err);
out:
	close(fd);
	unlink(path.buf);
	fs_buf_release(&path);
	if (rc != FS_OK)
		fs_buf_setlen(out, len0);
	return rc;
}

enum fs_rc
fs_xlsx_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
    lxw_format *f)
{
	struct fs_buf b;
	enum fs_rc rc;

	if (s[0] != '=' && s[0] != '+' && s[0] != '-' && s[0] != '@') {
		worksheet_write_string(ws, row, col, s, f);
		return FS_OK;
	}
	fs_buf_init(&b, 0);
	rc = fs_buf_addch(&b, '\'');
	if (rc == FS_OK)
		rc = fs_buf_addstr(&b, s);
	if (rc == FS_OK)
		worksheet_write_string(ws, row, col, b.buf, f);
	fs_buf_release(&b);
	return rc;
}
