/* SPDX-License-Identifier: ISC */
/*
 * The work lists of the web shell that the domain modules do not
 * offer: the start page's to-do counts per insats (open participations
 * past the insats' end, finished participations missing exit data),
 * the participations of an insats one page at a time with a
 * selection, the personnummer of a person for the staff allowed to see
 * it, and the anonymous and count-only figures of an insats.  Reads
 * only; the caller decides who may see what and writes the audit log.
 *
 * Ownership: arrays returned through out parameters are the caller's,
 * freed with free().
 */
#ifndef FS_TODO_H
#define FS_TODO_H

#include <stddef.h>
#include <stdint.h>

#include "finsam/db.h"
#include "finsam/err.h"

/* Which participations of an insats a list holds. */
enum fs_todo_urval {
	FS_TODO_ALLA,			/* every participation */
	FS_TODO_OPPNA_EFTER_SLUT,	/* open, and the insats has ended */
	FS_TODO_SAKNAR_UTDATA,		/* finished without forsorjning_efter,
					 * arbete_efter or studier_efter (not
					 * felregistrering) */
	FS_TODO_OPPNA,			/* open */
	FS_TODO_AVSLUTADE,		/* finished */
	FS_TODO__MAX
};

/* "alla", "oppna_efter_slut", ... -> value, or -1. */
int		 fs_todo_urval_find(const char *p, size_t len);
const char	*fs_todo_urval_name(enum fs_todo_urval u);
/* "alla, oppna_efter_slut, ...", for error messages. */
const char	*fs_todo_urval_names(void);

/*
 * The number of participations of insats_id in selection u; today (a
 * day number) decides whether the insats has ended.
 */
enum fs_rc	 fs_todo_count(struct fs_db *db, int64_t insats_id,
		    enum fs_todo_urval u, int32_t today, size_t *n,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * The ids of the participations of insats_id in selection u, newest
 * start first, skipping offset and at most limit (<= 1000) of them;
 * *total gets the size of the whole selection.  Free *ids with free().
 */
enum fs_rc	 fs_todo_deltagande_ids(struct fs_db *db, int64_t insats_id,
		    enum fs_todo_urval u, int32_t today, size_t offset,
		    size_t limit, int64_t **ids, size_t *n, size_t *total,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * The 12-digit personnummer of person person_id, decrypted, into out.
 * FS_ENOTFOUND "person" when there is none (for instance after
 * de-identification).
 */
enum fs_rc	 fs_todo_person_pnr(struct fs_db *db, int64_t person_id,
		    char out[13], struct fs_err *err) FS_MUSTCHECK;

struct fs_todo_anonyma {
	int	 ar;
	int64_t	 kvinnor;
	int64_t	 man;
};

struct fs_todo_antal {
	char	 period[8];	/* "YYYY" or "YYYY-MM" */
	int64_t	 totalt;
	int64_t	 kvinnor;	/* -1: not given */
	int64_t	 man;		/* -1: not given */
};

/* The anonymous figures of insats_id by year (free *out with free()). */
enum fs_rc	 fs_todo_anonyma(struct fs_db *db, int64_t insats_id,
		    struct fs_todo_anonyma **out, size_t *n, struct fs_err *err)
		    FS_MUSTCHECK;
/* The count-only figures of insats_id by period (free with free()). */
enum fs_rc	 fs_todo_antal(struct fs_db *db, int64_t insats_id,
		    struct fs_todo_antal **out, size_t *n, struct fs_err *err)
		    FS_MUSTCHECK;

#endif
