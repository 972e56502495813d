/* SPDX-License-Identifier: ISC */
/*
 * The one error convention of libfinsam: every fallible function
 * returns enum fs_rc and fills a caller-owned struct fs_err naming the
 * offending field and the rule that was broken.  Messages never carry
 * the offending value, because values may be personnummer or health
 * data.  Depends on nothing else in finsam.
 */
#ifndef FS_ERR_H
#define FS_ERR_H

#define FS_MUSTCHECK __attribute__((warn_unused_result))

enum fs_rc {
	FS_OK = 0,
	FS_ENOMEM,	/* allocation failed or a size ceiling was hit */
	FS_EINVAL,	/* input broke a rule; err->field names the field */
	FS_ENOTFOUND,	/* no such object (or the caller may not know it) */
	FS_ECONFLICT,	/* uniqueness, version or lifecycle rule violated */
	FS_EDENIED,	/* the acting role may not do this */
	FS_EDB,		/* storage failure */
	FS_EIO,		/* file or network I/O */
	FS_EVERSION,	/* database written by a newer finsam */
	FS_RC__MAX
};

struct fs_err {
	enum fs_rc	 rc;
	char		 field[64];	/* offending input field, or "" */
	char		 msg[512];	/* human-readable rule, Swedish, no PII */
};

#define FS_ERR_INIT { FS_OK, "", "" }

/*
 * Record an error and return rc, so that
 * "return fs_err_set(err, FS_EINVAL, "startdatum", "...");" is one line.
 * err may be NULL.  field may be NULL for "no particular field".
 */
enum fs_rc	 fs_err_set(struct fs_err *err, enum fs_rc rc, const char *field,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Reset err to FS_OK with empty field and message.  err may be NULL. */
void		 fs_err_clear(struct fs_err *err);

/* A short Swedish name of the code, for logs ("ogiltig indata", ...). */
const char	*fs_rc_name(enum fs_rc rc);

#endif
