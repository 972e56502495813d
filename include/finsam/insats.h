/* SPDX-License-Identifier: ISC */
/*
 * Insatser: the interventions a förbund finances.  Owns the rules of
 * follow-up.md for an insats: unique code within the förbund, the
 * immutable fields (inriktning, uppföljning, esf), preciserad inriktning
 * fitting the inriktning, the status lifecycle planerad -> pagaende ->
 * avslutad with a decision on what follows (implementerad, forlangd,
 * avvecklad), and that no participation lies outside its period.
 *
 * Ownership: struct fs_insats owns its strings and målgrupper; release
 * with fs_insats_release().
 */
#ifndef FS_INSATS_H
#define FS_INSATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finsam/db.h"
#include "finsam/err.h"

struct fs_insats {
	int64_t	 id;
	int64_t	 forbund_id;
	char	*kod;
	char	*namn;
	char	*beskrivning;		/* may be NULL */
	int32_t	 startdatum;
	int32_t	 slutdatum;		/* FS_DATE_NONE until known */
	int	 inriktning;		/* enum fs_inriktning; immutable */
	char	*preciserad_inriktning;	/* may be NULL */
	int	 uppfoljning;		/* enum fs_uppfoljning; immutable */
	bool	 esf;			/* immutable */
	int	 status;		/* enum fs_status */
	int	 beslut;		/* enum fs_beslut, after avslutad */
	char	*beslut_medlem;		/* implementerad: which member */
	int32_t	 beslut_fran;		/* implementerad: from when */
	char	**malgrupper;		/* nmalgrupper codes */
	size_t	 nmalgrupper;
};

void		 fs_insats_init(struct fs_insats *i);
void		 fs_insats_release(struct fs_insats *i);

/*
 * Check the rules that need no database: required fields, dates,
 * inriktning/uppföljning/preciserad inriktning fit, status and decision.
 * Unset uppfoljning defaults to antal for struktur, individ otherwise.
 */
enum fs_rc	 fs_insats_check(struct fs_insats *i, struct fs_err *err)
		    FS_MUSTCHECK;
/*
 * The status of i on day: the stored status, moved along by the dates
 * (planerad becomes pagaende once started, and either becomes avslutad
 * once slutdatum has passed) until someone records it.
 */
int		 fs_insats_status_on(const struct fs_insats *i, int32_t day);

/* Create (i->id set). The code must be new within the förbund. */
enum fs_rc	 fs_insats_create(struct fs_db *db, struct fs_insats *i,
		    struct fs_err *err) FS_MUSTCHECK;
/*
 * Update the mutable fields of i (by i->id): refuses changes of the
 * immutable fields, a status moving backwards, and a period that would
 * leave registered participations outside it.
 */
enum fs_rc	 fs_insats_update(struct fs_db *db, struct fs_insats *i,
		    struct fs_err *err) FS_MUSTCHECK;
enum fs_rc	 fs_insats_get(struct fs_db *db, int64_t id,
		    struct fs_insats *out, struct fs_err *err) FS_MUSTCHECK;
enum fs_rc	 fs_insats_get_kod(struct fs_db *db, int64_t forbund_id,
		    const char *kod, struct fs_insats *out, struct fs_err *err)
		    FS_MUSTCHECK;
/*
 * Find by code across all förbund (CSV import): FS_ENOTFOUND when none,
 * FS_EINVAL when the code is ambiguous.
 */
enum fs_rc	 fs_insats_find_kod(struct fs_db *db, const char *kod,
		    struct fs_insats *out, struct fs_err *err) FS_MUSTCHECK;
/* The insatser of a förbund by code (free with fs_insats_list_free()). */
enum fs_rc	 fs_insats_list(struct fs_db *db, int64_t forbund_id,
		    struct fs_insats **out, size_t *n, struct fs_err *err)
		    FS_MUSTCHECK;
void		 fs_insats_list_free(struct fs_insats *v, size_t n);
/*
 * Budget per year, budget lines and genomförare (insats_budget.c)
 * ---------------------------------------------------------------
 * A budget line: typ insatskostnad, or esf_insatskostnad for ESF
 * co-financed insatser only; amounts in whole kronor, utfall_kr -1 while
 * unknown.  The year must touch the insats period.
 */
enum fs_budgettyp {
	FS_BUDGET_NONE, FS_BUDGET_INSATSKOSTNAD, FS_BUDGET_ESF_INSATSKOSTNAD,
	FS_BUDGET__MAX
};

struct fs_budgetrad {
	int64_t	 id;
	int	 ar;
	int	 typ;		/* enum fs_budgettyp */
	int64_t	 budget_kr;
	int64_t	 utfall_kr;	/* -1 while unknown */
	char	*beskrivning;	/* may be NULL; owned */
};

/* Planned number of participants in year ar (replaces an earlier one). */
enum fs_rc	 fs_insats_plan_set(struct fs_db *db, const struct fs_insats *i,
		    int ar, int64_t planerade, struct fs_err *err) FS_MUSTCHECK;
/* *planerade gets -1 when nothing is planned for the year. */
enum fs_rc	 fs_insats_plan_get(struct fs_db *db, const struct fs_insats *i,
		    int ar, int64_t *planerade, struct fs_err *err) FS_MUSTCHECK;
/* Add a budget line; r->id is set. */
enum fs_rc	 fs_insats_budget_add(struct fs_db *db, const struct fs_insats *i,
		    struct fs_budgetrad *r, struct fs_err *err) FS_MUSTCHECK;
/* Every budget line of the insats (free with fs_budget_list_free()). */
enum fs_rc	 fs_insats_budget_list(struct fs_db *db, int64_t insats_id,
		    struct fs_budgetrad **out, size_t *n, struct fs_err *err)
		    FS_MUSTCHECK;
void		 fs_budget_list_free(struct fs_budgetrad *v, size_t n);
/*
 * Set the members that carry the insats out: n codes ("FK", "AF", a län
 * code for the region, a kommunkod), each a member of the förbund.
 */
enum fs_rc	 fs_insats_genomforare_set(struct fs_db *db,
		    const struct fs_insats *i, const char *const *koder,
		    size_t n, struct fs_err *err) FS_MUSTCHECK;
/* The genomförare's codes, sorted (free with free()). */
enum fs_rc	 fs_insats_genomforare(struct fs_db *db, int64_t insats_id,
		    char (**out)[8], size_t *n, struct fs_err *err)
		    FS_MUSTCHECK;

/* Set a field by its CSV/JSON name from text (dates, codes, names). */
enum fs_rc	 fs_insats_set(struct fs_insats *i, const char *field,
		    const char *p, size_t len, struct fs_err *err)
		    FS_MUSTCHECK;

#endif
