/* SPDX-License-Identifier: ISC */
/*
 * CSV import of förbund, insatser, deltagande and anonyma in the formats
 * of follow-up.md, and of försörjningsmått in the format of finance.md.  All or nothing: every row is validated (and applied
 * inside one transaction); if any row is bad, nothing is stored and the
 * result lists every bad row by line, column and reason.  Re-importing
 * the same file creates no duplicates (same key = same row).
 *
 * Ownership: struct fs_import_result owns its error list; release with
 * fs_import_result_release().
 */
#ifndef FS_IMPORT_H
#define FS_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "finsam/db.h"
#include "finsam/err.h"

enum fs_import_kind {
	FS_IMPORT_FORBUND,
	FS_IMPORT_INSATSER,
	FS_IMPORT_DELTAGANDE,
	FS_IMPORT_ANONYMA,
	FS_IMPORT_FORSORJNINGSMATT,
	FS_IMPORT__MAX
};

struct fs_import_error {
	long	 line;		/* 1-based line in the file; 0 = whole file */
	char	 column[64];	/* column name or "" */
	char	 msg[256];
};

struct fs_import_result {
	size_t			 rows;		/* data rows read */
	size_t			 inserted;
	size_t			 updated;	/* existing key, new values */
	size_t			 unchanged;	/* existing key, same values */
	size_t			 warnings;	/* e.g. age outside 16-64 */
	struct fs_import_error	*errors;
	size_t			 nerrors;
};

/* Called now and then with bytes done and total (total 0 = unknown). */
typedef void (*fs_progress_fn)(void *arg, uint64_t done, uint64_t total);

/*
 * "forbund", "insatser", "deltagande", "anonyma", "forsorjningsmatt"
 * -> kind, or -1.
 */
int		 fs_import_kind_find(const char *name);
const char	*fs_import_kind_name(enum fs_import_kind kind);

/*
 * Import the CSV file at path.  FS_OK when every row was good and the
 * import is committed; FS_EINVAL when rows were bad (see res->errors,
 * nothing stored); other codes for I/O or storage failures.
 */
enum fs_rc	 fs_import_file(struct fs_db *db, enum fs_import_kind kind,
		    const char *path, fs_progress_fn progress, void *arg,
		    struct fs_import_result *res, struct fs_err *err)
		    FS_MUSTCHECK;
/* Same, from memory (uploads). */
enum fs_rc	 fs_import_mem(struct fs_db *db, enum fs_import_kind kind,
		    const char *p, size_t len, fs_progress_fn progress,
		    void *arg, struct fs_import_result *res,
		    struct fs_err *err) FS_MUSTCHECK;
void		 fs_import_result_release(struct fs_import_result *res);

#endif
