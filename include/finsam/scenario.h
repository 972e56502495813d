/* SPDX-License-Identifier: ISC */
/*
 * What-if scenarios for the members (finance.md "Merger scenario"):
 * several förbund merging from a date, and a kommun leaving or joining
 * a förbund.  Both run the allocation model (tilldelning.h) twice on
 * the same inputs, once as things are on the date and once with the
 * membership changed in memory, and compare: the possible allocation
 * (a merged förbund gets one base allocation instead of several; the
 * keys are unchanged, so its key is the sum of the parts' keys), what
 * it would take at the current utilisation and at 100 %, the members'
 * matching contributions per region and kommun (ekonomi.h rules), the
 * combined equity against trappan, and the effect on every other
 * förbund together.  Nothing is stored.
 *
 * Current utilisation: what the allocation model gives each förbund
 * (its application, or the parameter set's utilisation) over its
 * possible allocation; after the change each affected förbund asks
 * its new possible allocation times its current utilisation (a merged
 * förbund: sum taken / sum possible of its parts), exactly, rounded
 * half up to the krona.  A merged förbund's last-year allocation (for the spärr) is
 * the sum of its parts' when all are known, and its equity and income
 * the sums of theirs.
 *
 * Ownership: release with fs_scenario_release().
 */
#ifndef FS_SCENARIO_H
#define FS_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/ekonomi.h"
#include "finsam/err.h"
#include "finsam/tilldelning.h"

enum fs_scenario_typ {
	FS_SCEN_SAMMANSLAGNING,	/* "sammanslagning" */
	FS_SCEN_LAMNAR,		/* "lamnar": a kommun leaves */
	FS_SCEN_GAR_MED,	/* "gar_med": a kommun joins */
	FS_SCEN__MAX
};

/* One förbund before or after. */
struct fs_scen_forbund {
	char	 kod[2 * FS_TDL_KOD_MAX + 2];
	char	*namn;			/* owned */
	size_t	 nkommuner;
	int64_t	 nyckel_e12;
	int64_t	 mojlig;		/* possible allocation */
	int32_t	 utnyttjandegrad_bp;	/* current */
	int64_t	 tar;			/* at current utilisation */
	int64_t	 tar_100;		/* at 100 % */
	bool	 har_kapital;
	struct fs_trappan_res trappan;	/* equity against trappan */
};

/* A member's matching contribution (half of S is region + kommuner). */
struct fs_scen_medlem {
	char	 kod[5];		/* län or kommun code */
	char	 namn[48];
	bool	 region;
	int64_t	 fore;			/* now, at current utilisation */
	int64_t	 efter;			/* after, at current utilisation */
	int64_t	 efter_100;		/* after, at 100 % */
};

struct fs_scenario {
	enum fs_scenario_typ	 typ;
	int			 ar;
	int32_t			 fran;
	char			 kommun[5];	/* lamnar, gar_med */
	struct fs_scen_forbund	*fore;		/* owned */
	size_t			 nfore;
	struct fs_scen_forbund	*efter;		/* owned */
	size_t			 nefter;
	struct fs_scen_medlem	*medlem;	/* owned, regions first */
	size_t			 nmedlem;
	int64_t			 ovriga_fore;	/* the other förbund's A */
	int64_t			 ovriga_efter;
	size_t			 ovriga;	/* how many */
	char			**logg;		/* owned lines, Swedish */
	size_t			 nlogg;
};

void		 fs_scenario_release(struct fs_scenario *s);
const char	*fs_scenario_typ_name(enum fs_scenario_typ t);

/*
 * Merge the n >= 2 förbund kods (distinct, existing, with kommuner on
 * fran) from day fran, for allocation year ar (0: the year of fran)
 * with params (NULL: the year's stored set or the defaults; its
 * membership day is replaced by fran).  Errors name "forbund" or
 * "fran".
 */
enum fs_rc	 fs_scenario_sammanslagning(struct fs_db *db,
		    const char *const *kods, size_t n, int32_t fran, int ar,
		    const struct fs_tdl_params *params, struct fs_scenario *out,
		    struct fs_err *err) FS_MUSTCHECK;
/*
 * Kommun kommun leaves (gar_med false) or joins (true) förbund
 * forbund_kod from fran.  A kommun that joins is taken out of any
 * other förbund it belongs to on fran (that förbund is shown too).
 * Errors: "kommun" (not a kommun, not a member when leaving, already
 * a member when joining, the förbund's last kommun), "forbund", "fran".
 */
enum fs_rc	 fs_scenario_kommun(struct fs_db *db, const char *forbund_kod,
		    const char *kommun, bool gar_med, int32_t fran, int ar,
		    const struct fs_tdl_params *params, struct fs_scenario *out,
		    struct fs_err *err) FS_MUSTCHECK;
enum fs_rc	 fs_scenario_write(const struct fs_scenario *s,
		    enum fs_ek_format f, struct fs_buf *out, struct fs_err *err)
		    FS_MUSTCHECK;

#endif
