/* SPDX-License-Identifier: ISC */
/*
 * The board (styrelse) of a förbund, domain.md "Board (styrelse)":
 * mandate periods, and dated seats, each held by a named person for a
 * member (FK, AF, a region by län code, a kommun by kommunkod) as
 * ledamot or ersättare, with the chair and vice chair among the
 * ledamöter.  A board is built up one seat at a time, so its rules
 * (every member has at least one ledamot and at least as many ersättare
 * as ledamöter; one chair and one vice chair; a mandate period) are
 * reported by fs_styrelse_kontroll() as findings, while what can never
 * be right (an unknown member, a chair who is an ersättare, two chairs
 * at once, overlapping periods) is refused when stored.
 *
 * Board members are public office holders; their names are not
 * participant data.
 *
 * Ownership: arrays returned here are malloc'd and released with
 * fs_styrelse_free() (seats own their name) or free() (the rest).
 */
#ifndef FS_STYRELSE_H
#define FS_STYRELSE_H

#include <stddef.h>
#include <stdint.h>

#include "finsam/db.h"
#include "finsam/err.h"

struct fs_mandat {
	int64_t	 id;
	int32_t	 fran;
	int32_t	 till;
};

struct fs_ledamot {
	int64_t	 id;
	int	 parttyp;		/* enum fs_parttyp of the member */
	char	 medlem[8];		/* "FK", "AF", län or kommun code */
	char	*namn;
	int	 uppdrag;		/* enum fs_uppdrag */
	int	 roll;			/* enum fs_styrelseroll, 0 = none */
	int32_t	 fran;
	int32_t	 till;			/* FS_DATE_NONE if open */
};

/* What fs_styrelse_kontroll() can find wrong with a board on a day. */
enum fs_styrelse_brist {
	FS_SBRIST_INGET_MANDAT,		/* no mandate period covers the day */
	FS_SBRIST_INGEN_LEDAMOT,	/* a member has no ledamot */
	FS_SBRIST_FA_ERSATTARE,		/* fewer ersättare than ledamöter */
	FS_SBRIST_INGEN_ORDFORANDE,
	FS_SBRIST_INGEN_VICE,
	FS_SBRIST__MAX
};

struct fs_styrelse_fynd {
	enum fs_styrelse_brist	 brist;
	char			 medlem[8];	/* "" for the board as a whole */
	int			 ledamoter;
	int			 ersattare;
};

void		 fs_ledamot_init(struct fs_ledamot *l);
void		 fs_styrelse_free(struct fs_ledamot *v, size_t n);

/*
 * Record a mandate period [fran, till] of the förbund's board; periods
 * may not overlap and must start on or after the förbund's start.
 */
enum fs_rc	 fs_styrelse_mandat(struct fs_db *db, int64_t forbund_id,
		    int32_t fran, int32_t till, int64_t *id, struct fs_err *err)
		    FS_MUSTCHECK;
/* The mandate periods, oldest first (free *out with free()). */
enum fs_rc	 fs_styrelse_mandat_lista(struct fs_db *db, int64_t forbund_id,
		    struct fs_mandat **out, size_t *n, struct fs_err *err)
		    FS_MUSTCHECK;

/*
 * Add a seat l (medlem, namn, uppdrag, roll, fran, till) to the board;
 * l->id and l->parttyp are set.  Refused: a medlem that is not a member
 * of the förbund on l->fran, an empty or over-long name, a chair or
 * vice chair who is not a ledamot, a second chair (or vice chair) in an
 * overlapping time, till before fran.
 */
enum fs_rc	 fs_styrelse_lagg_till(struct fs_db *db, int64_t forbund_id,
		    struct fs_ledamot *l, struct fs_err *err) FS_MUSTCHECK;
/* End seat id of the förbund: its last day is till (on or after fran). */
enum fs_rc	 fs_styrelse_avsluta(struct fs_db *db, int64_t forbund_id,
		    int64_t id, int32_t till, struct fs_err *err) FS_MUSTCHECK;
/*
 * The seats of the förbund, all of them when day is FS_DATE_NONE, else
 * those held on day; by member, ledamöter first.
 */
enum fs_rc	 fs_styrelse_lista(struct fs_db *db, int64_t forbund_id,
		    int32_t day, struct fs_ledamot **out, size_t *n,
		    struct fs_err *err) FS_MUSTCHECK;
/*
 * The board's rules on day: every finding in *out (free()), none when
 * *n is 0.
 */
enum fs_rc	 fs_styrelse_kontroll(struct fs_db *db, int64_t forbund_id,
		    int32_t day, struct fs_styrelse_fynd **out, size_t *n,
		    struct fs_err *err) FS_MUSTCHECK;
/* A finding as one Swedish sentence into b (appended). */
struct fs_buf;
enum fs_rc	 fs_styrelse_fynd_text(const struct fs_styrelse_fynd *f,
		    struct fs_buf *b) FS_MUSTCHECK;
/* Stable wire name of a finding ("ingen_ledamot" ...). */
const char	*fs_styrelse_brist_namn(enum fs_styrelse_brist b);

#endif
