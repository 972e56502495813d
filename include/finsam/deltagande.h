/* SPDX-License-Identifier: ISC */
/*
 * Participations (deltagande) and the persons behind them: identified
 * registration with consent, exit, corrections as new versions (who,
 * when, why), history, de-identification, and the anonymous and
 * count-only figures.  Owns every rule of follow-up.md "Rules"; a
 * refused call stores nothing.
 *
 * Personnummer never reach the store in clear: persons are found by
 * keyed hash and stored as ciphertext (crypto.h).
 *
 * Ownership: struct fs_deltagande holds no pointers.  History entries
 * are released with fs_version_list_free().
 */
#ifndef FS_DELTAGANDE_H
#define FS_DELTAGANDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finsam/crypto.h"
#include "finsam/db.h"
#include "finsam/err.h"
#include "finsam/insats.h"
#include "finsam/pnr.h"

#define FS_PCT_NONE (-1)	/* percentage not given */
#define FS_BOOL_NONE (-1)	/* yes/no not given */

struct fs_deltagande {
	int64_t	 id;
	int64_t	 insats_id;
	int64_t	 person_id;		/* 0 when de-identified */
	bool	 avidentifierad;
	char	 kon;			/* 'k' or 'm' */
	int	 alder_start;		/* whole years at startdatum */
	/* inregistrering */
	int32_t	 startdatum;
	int	 utbildning;		/* enum fs_utbildning */
	int	 offentlig_forsorjning_tid;	/* enum fs_fors_tid */
	uint32_t forsorjning_fore;	/* set of enum fs_forsorjning bits */
	int	 arbete_fore;		/* 0-100 or FS_PCT_NONE */
	int	 studier_fore;
	int	 arbetssokande_fore;	/* 0, 1 or FS_BOOL_NONE */
	/* utregistrering */
	int32_t	 slutdatum;		/* FS_DATE_NONE while open */
	int	 avslutsanledning;	/* enum fs_avslut */
	uint32_t forsorjning_efter;
	int	 arbete_efter;
	int	 studier_efter;
	int	 arbetssokande_efter;
	int	 version;
};

/* Which warnings a registration raised (not errors). */
enum fs_warn {
	FS_WARN_AGE = 1 << 0,	/* age at start outside 16-64 */
};

/* Everything "not given", dates none. */
void		 fs_deltagande_init(struct fs_deltagande *d);

/*
 * Set one field from text by its CSV/JSON name (startdatum, utbildning,
 * offentlig_forsorjning_tid, forsorjning_fore, arbete_fore,
 * studier_fore, arbetssokande_fore, slutdatum, avslutsanledning,
 * forsorjning_efter, arbete_efter, studier_efter, arbetssokande_efter).
 * Empty text means "not given".  Sets are '|'-separated.  Unknown field
 * names give FS_EINVAL.
 */
enum fs_rc	 fs_deltagande_set(struct fs_deltagande *d, const char *field,
		    const char *p, size_t len, struct fs_err *err)
		    FS_MUSTCHECK;

/* Whether the fields a correction can change are equal in a and b. */
bool		 fs_deltagande_same(const struct fs_deltagande *a,
		    const struct fs_deltagande *b);

/*
 * The rules that need only the participation and its insats: dates
 * within the insats period, exit after entry, exit fields only with
 * slutdatum and slutdatum only with avslutsanledning, percentages
 * 0-100, 'ingen' alone, insats followed up individually.
 */
enum fs_rc	 fs_deltagande_check(const struct fs_deltagande *d,
		    const struct fs_insats *i, struct fs_err *err)
		    FS_MUSTCHECK;

struct fs_person_cache;

/*
 * A person looked up once (fs_person_lookup(), fs_person_cache_lookup())
 * for several calls in a row, as an import does: the keyed hash, the
 * person id (0 while there is none) and whether the personnummer is
 * barred by protected identity.  pending is a consent waiting to go onto
 * the next registered participation (fs_samtycke_pending_ref()).  krypt
 * may point at the personnummer already encrypted by the caller (a bulk
 * caller encrypts ahead in another thread); a person created through
 * the reference then stores those bytes; it is borrowed, and NULL means
 * "encrypt here".  cache and slot tie a reference from a cache to what
 * the cache knows of the person; the functions below keep it informed.
 */
struct fs_person_ref {
	unsigned char		 hash[FS_PNR_HASH_LEN];
	int64_t			 id;
	bool			 skyddad;
	int32_t			 pending;	/* FS_DATE_NONE: none */
	int64_t			 pending_insats;
	const unsigned char	*krypt;
	struct fs_person_cache	*cache;		/* NULL: none */
	size_t			 slot;
};

/* Hash the personnummer and look the person up. */
enum fs_rc	 fs_person_lookup(struct fs_db *db, const struct fs_pnr *pnr,
		    struct fs_person_ref *ref, struct fs_err *err) FS_MUSTCHECK;

/*
 * The persons of one bulk operation (an import, inside its one
 * transaction).  Each person is looked up in the database at most once.
 * When the operation is large next to the person table, the whole table
 * (and the protected hashes) is read once up front, and a personnummer
 * not in it then costs no query either.  For a person created through
 * the cache, the cache also follows every consent and participation
 * stored for it, and answers the checks of later rows of the same
 * person itself.  Owned by the caller (fs_person_cache_free()); valid
 * only until the transaction ends, since it mirrors what the
 * transaction has written, and only as long as the person data is
 * changed through references from it.
 */

/*
 * A cache for a bulk operation of about rows rows (an estimate; it only
 * decides whether reading every person up front pays off).
 */
enum fs_rc	 fs_person_cache_new(struct fs_db *db, size_t rows,
		    struct fs_person_cache **out, struct fs_err *err)
		    FS_MUSTCHECK;
void		 fs_person_cache_free(struct fs_person_cache *c);

/*
 * Fill *ref for the person with this keyed hash (fs_keys_pnr_hash()),
 * looked up in the database only the first time.  The reference is
 * tied to the cache until the next lookup.
 */
enum fs_rc	 fs_person_cache_lookup(struct fs_person_cache *c,
		    const unsigned char hash[FS_PNR_HASH_LEN],
		    struct fs_person_ref *ref, struct fs_err *err)
		    FS_MUSTCHECK;

/*
 * Record a consent of the person for an insats: signed on datum, form
 * version formular (non-empty).  Idempotent for the same date.
 */
enum fs_rc	 fs_samtycke_record(struct fs_db *db, const struct fs_pnr *pnr,
		    int64_t insats_id, int32_t datum, const char *formular,
		    struct fs_err *err) FS_MUSTCHECK;

/* As fs_samtycke_record(), for a person looked up with fs_person_lookup(). */
enum fs_rc	 fs_samtycke_record_ref(struct fs_db *db,
		    const struct fs_pnr *pnr, struct fs_person_ref *ref,
		    int64_t insats_id, int32_t datum, const char *formular,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * The consent that comes with a participation about to be registered,
 * as in an import row (formulär "import"): checked, and the person
 * created if new, as by fs_samtycke_record_ref().  A consent not stored
 * yet is kept in ref (pending), and the fs_deltagande_register_ref()
 * that must follow stores it on the participation it registers: one
 * row instead of a participation and a consent.  If that registration
 * is refused, or is for another insats, the consent is stored on its
 * own, so that the database ends as if it had been recorded first.
 */
enum fs_rc	 fs_samtycke_pending_ref(struct fs_db *db,
		    const struct fs_pnr *pnr, struct fs_person_ref *ref,
		    int64_t insats_id, int32_t datum, struct fs_err *err)
		    FS_MUSTCHECK;

/*
 * Register an identified participation (entry, and exit when slutdatum
 * is set) of the person in insats i.  Refuses: person with protected
 * identity, no consent covering the start, a second open participation
 * in the same insats, an existing participation with the same key, and
 * everything fs_deltagande_check() refuses.  Fills d->id, kon,
 * alder_start, person_id, version; *warn gets enum fs_warn bits (may be
 * NULL).
 */
enum fs_rc	 fs_deltagande_register(struct fs_db *db,
		    const struct fs_pnr *pnr, const struct fs_insats *i,
		    struct fs_deltagande *d, unsigned *warn,
		    struct fs_err *err) FS_MUSTCHECK;

/* As fs_deltagande_register(), for a person from fs_person_lookup(). */
enum fs_rc	 fs_deltagande_register_ref(struct fs_db *db,
		    const struct fs_pnr *pnr, struct fs_person_ref *ref,
		    const struct fs_insats *i, struct fs_deltagande *d,
		    unsigned *warn, struct fs_err *err) FS_MUSTCHECK;

/*
 * The participation of the person in insats i starting on startdatum:
 * FS_ENOTFOUND when there is none.  The _ref variant answers FS_OK with
 * *found instead, as an import asks for every row.
 */
enum fs_rc	 fs_deltagande_find(struct fs_db *db, const struct fs_pnr *pnr,
		    int64_t insats_id, int32_t startdatum,
		    struct fs_deltagande *out, struct fs_err *err) FS_MUSTCHECK;

/* As fs_deltagande_find(), for a person from fs_person_lookup(). */
enum fs_rc	 fs_deltagande_find_ref(struct fs_db *db,
		    const struct fs_person_ref *ref, int64_t insats_id,
		    int32_t startdatum, struct fs_deltagande *out, bool *found,
		    struct fs_err *err) FS_MUSTCHECK;

enum fs_rc	 fs_deltagande_get(struct fs_db *db, int64_t id,
		    struct fs_deltagande *out, struct fs_err *err) FS_MUSTCHECK;

/*
 * Store d (by d->id) as a new version: exit registration, correction or
 * felregistrering.  expected_version must be the current version
 * (optimistic locking; 0 skips the check).  why is required (free text,
 * removed on de-identification).  The person, insats and start date are
 * fixed: to change them, mark felregistrering and register anew.  A
 * version identical to the current one stores nothing and sets
 * *changed = false (changed may be NULL).
 */
enum fs_rc	 fs_deltagande_correct(struct fs_db *db,
		    struct fs_deltagande *d, int expected_version,
		    const char *why, bool *changed, struct fs_err *err)
		    FS_MUSTCHECK;

struct fs_version {
	int			 version;
	char			*andrad_av;
	char			 andrad_tid[21];
	char			*orsak;		/* NULL when removed */
	struct fs_deltagande	 data;
};

/* Every version of participation id, oldest first. */
enum fs_rc	 fs_deltagande_history(struct fs_db *db, int64_t id,
		    struct fs_version **out, size_t *n, struct fs_err *err)
		    FS_MUSTCHECK;
void		 fs_version_list_free(struct fs_version *v, size_t n);

/* The participations of a person (free *out with free()). */
enum fs_rc	 fs_deltagande_of_person(struct fs_db *db,
		    const struct fs_pnr *pnr, struct fs_deltagande **out,
		    size_t *n, struct fs_err *err) FS_MUSTCHECK;

enum fs_deident_reason {
	FS_DEIDENT_SAMTYCKE_ATERKALLAT = 1,
	FS_DEIDENT_SKYDDAD_IDENTITET,
};

/*
 * De-identify every participation of the person at once: the link to
 * the person, the consents and every free text go; only the statistical
 * fields stay.  With protected identity the person is also barred from
 * identified registration from now on.  *n gets the number of
 * participations affected.  Logged without the personnummer.
 */
enum fs_rc	 fs_person_deidentify(struct fs_db *db,
		    const struct fs_pnr *pnr, enum fs_deident_reason why,
		    size_t *n, struct fs_err *err) FS_MUSTCHECK;

/*
 * Anonymous participants of insats i in calendar year ar: counts of
 * women and men (replaces earlier counts for the same year).  Only for
 * insatser followed up individually; the year must touch the period.
 */
enum fs_rc	 fs_anonyma_set(struct fs_db *db, const struct fs_insats *i,
		    int ar, int64_t kvinnor, int64_t man, struct fs_err *err)
		    FS_MUSTCHECK;

/*
 * Count-only figures of insats i (uppföljning antal) for period
 * "YYYY" or "YYYY-MM": total, and optionally women and men (-1 = not
 * given; when both are given they must sum to the total).
 */
enum fs_rc	 fs_antal_set(struct fs_db *db, const struct fs_insats *i,
		    const char *period, int64_t totalt, int64_t kvinnor,
		    int64_t man, struct fs_err *err) FS_MUSTCHECK;

#endif
