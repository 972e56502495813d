/* SPDX-License-Identifier: ISC */
/*
 * Förbund and their dated memberships.  FK and AF are members of every
 * förbund; the region is that of the kommuner's län; kommuner join and
 * leave on dates so that reports over past periods stay right.  The
 * home län (for reports at län level) is the län of most of the
 * förbund's kommuner.
 *
 * Ownership: struct fs_forbund owns its strings; release with
 * fs_forbund_release().
 */
#ifndef FS_FORBUND_H
#define FS_FORBUND_H

#include <stddef.h>
#include <stdint.h>

#include "finsam/db.h"
#include "finsam/err.h"

struct fs_forbund {
	int64_t	 id;
	char	*kod;
	char	*namn;
	char	 organisationsnummer[12];	/* NNNNNN-NNNN */
	int32_t	 startdatum;
	int32_t	 slutdatum;			/* FS_DATE_NONE if open */
	char	 hemlan[3];			/* län code or "" */
};

struct fs_medlem {
	int64_t	 id;
	int	 parttyp;		/* enum fs_parttyp */
	char	 kod[8];		/* "FK", "AF", län or kommun code */
	int32_t	 fran;
	int32_t	 till;			/* FS_DATE_NONE if open */
};

void		 fs_forbund_init(struct fs_forbund *f);
void		 fs_forbund_release(struct fs_forbund *f);

/*
 * Create a förbund with FK, AF, the region of the kommuner's län (one
 * region per län involved) and the kommuner as members from its start
 * date.  kommuner: n 4-digit codes, each a real kommun.  f->id is set.
 */
enum fs_rc	 fs_forbund_create(struct fs_db *db, struct fs_forbund *f,
		    const char *const *kommuner, size_t n, struct fs_err *err)
		    FS_MUSTCHECK;
/* Update name and organisationsnummer of f (by f->id). */
enum fs_rc	 fs_forbund_update(struct fs_db *db, const struct fs_forbund *f,
		    struct fs_err *err) FS_MUSTCHECK;
/* Look up by code; FS_ENOTFOUND when there is none. */
enum fs_rc	 fs_forbund_get_kod(struct fs_db *db, const char *kod,
		    struct fs_forbund *out, struct fs_err *err) FS_MUSTCHECK;
enum fs_rc	 fs_forbund_get(struct fs_db *db, int64_t id,
		    struct fs_forbund *out, struct fs_err *err) FS_MUSTCHECK;
/*
 * The kommuner that are members on date day, sorted, as a malloc'd
 * array of 5-byte strings (free with free()); *n their number.
 */
enum fs_rc	 fs_forbund_kommuner_on(struct fs_db *db, int64_t forbund_id,
		    int32_t day, char (**out)[5], size_t *n, struct fs_err *err)
		    FS_MUSTCHECK;
/* All memberships of a förbund (free *out with free()). */
enum fs_rc	 fs_forbund_members(struct fs_db *db, int64_t forbund_id,
		    struct fs_medlem **out, size_t *n, struct fs_err *err)
		    FS_MUSTCHECK;
/* Every förbund, by code (free with fs_forbund_list_free()). */
enum fs_rc	 fs_forbund_list(struct fs_db *db, struct fs_forbund **out,
		    size_t *n, struct fs_err *err) FS_MUSTCHECK;
void		 fs_forbund_list_free(struct fs_forbund *v, size_t n);
/* A kommun joins from date fran (and its region if new). */
enum fs_rc	 fs_forbund_join(struct fs_db *db, int64_t forbund_id,
		    const char *kommun, int32_t fran, struct fs_err *err)
		    FS_MUSTCHECK;
/* A kommun leaves: its open membership ends on date till. */
enum fs_rc	 fs_forbund_leave(struct fs_db *db, int64_t forbund_id,
		    const char *kommun, int32_t till, struct fs_err *err)
		    FS_MUSTCHECK;

/* Validate a kommunkod against the reference data; *lan gets its län. */
enum fs_rc	 fs_kommun_check(struct fs_db *db, const char *p, size_t len,
		    char lan[3], const char *field, struct fs_err *err)
		    FS_MUSTCHECK;

#endif
