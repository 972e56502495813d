/* SPDX-License-Identifier: ISC */
/*
 * Filling struct fs_err.  Truncation of over-long messages is accepted:
 * the text is our own, never user data.
 */
#include "compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "finsam/err.h"

static const char *const rc_names[] = {
	[FS_OK] = "ok",
	[FS_ENOMEM] = "minnet räcker inte",
	[FS_EINVAL] = "ogiltig indata",
	[FS_ENOTFOUND] = "finns inte",
	[FS_ECONFLICT] = "konflikt",
	[FS_EDENIED] = "nekad",
	[FS_EDB] = "databasfel",
	[FS_EIO] = "in-/utmatningsfel",
	[FS_EVERSION] = "fel databasversion",
};
_Static_assert(FS_NELEM(rc_names) == FS_RC__MAX, "rc_names incomplete");

enum fs_rc
fs_err_set(struct fs_err *err, enum fs_rc rc, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return rc;
	err->rc = rc;
	snprintf(err->field, sizeof(err->field), "%s",
	    field == NULL ? "" : field);
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return rc;
}

void
fs_err_clear(struct fs_err *err)
{
	if (err == NULL)
		return;
	err->rc = FS_OK;
	err->field[0] = '\0';
	err->msg[0] = '\0';
}

const char *
fs_rc_name(enum fs_rc rc)
{
	if ((unsigned)rc >= FS_RC__MAX)
		return "okänt fel";
	return rc_names[rc];
}
