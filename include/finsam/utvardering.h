/* SPDX-License-Identifier: ISC */
/*
 * Municipality-level evaluation (evaluation.md, "Municipality panel and
 * difference-in-differences"): the kommun x year panel of outcomes, each
 * kommun's joining year from the dated memberships, and the Callaway &
 * Sant'Anna staggered difference-in-differences estimator with its
 * event-study and overall aggregations, standard errors and output.
 *
 * The estimator is pure (struct fs_did_panel in, struct fs_did_resultat
 * out) so that it can be checked on any panel (finsam utvardering did
 * --panel FIL.csv with columns enhet,ar,y,kohort).  Without covariates,
 * ATT(g,t) is the mean change of the outcome from year g-1 to year t in
 * cohort g minus the same mean change in the control group: the
 * never-treated units (FS_DID_ALDRIG), or the never-treated and those
 * not yet treated in year max(t, g-1) (FS_DID_ANNU_INTE).  The base
 * year is g-1 for every t (a "universal" base, so the pre-period cells
 * test parallel trends against the same base).  Each estimate has an
 * influence function per unit; standard errors are analytic (the
 * square root of the sum of squared influence functions over n) or from
 * the multiplier bootstrap (Mammen weights drawn once per unit, that is
 * clustered by kommun, with a deterministic seed; the standard error is
 * the interquartile range of the bootstrap draws over that of the
 * normal distribution, as in Callaway & Sant'Anna's did package).
 *
 * Aggregations: the event study theta(e) weights ATT(g, g+e) over the
 * cohorts that have year g+e by their size; the overall effect is the
 * cohort-size weighted mean of each cohort's mean post-treatment ATT
 * (the "group" aggregation, the one Callaway & Sant'Anna recommend as
 * the overall ATT).  Both influence functions include the term for
 * the estimated weights.  With the bootstrap, the event study also gets
 * a simultaneous 95 % band (sup-t critical value).
 *
 * Panel rules: units without a value for every year of the panel are
 * left out (a balanced panel), with a warning; units treated already in
 * the first year have no pre-period and are left out, with a warning;
 * units treated after the last year count as never treated.  Cohorts
 * smaller than min_kohort units get a warning, as do cells whose
 * control group is that small.
 *
 * Joining year of a kommun: the first calendar year it is a member of
 * some förbund for the whole year, i.e. the year of its first
 * membership's fran when that is 1 January, else the year after.
 * Kommuner that left later stay treated (intention to treat), with a
 * warning.
 *
 * Ownership: panels and results are owned by the caller and freed with
 * fs_did_panel_free() and fs_did_resultat_free() (both accept NULL).
 */
#ifndef FS_UTVARDERING_H
#define FS_UTVARDERING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/err.h"

#define FS_DID_AR_MIN	1900
#define FS_DID_AR_MAX	2100
#define FS_DID_NAR	(FS_DID_AR_MAX - FS_DID_AR_MIN + 1)
#define FS_DID_MAX_ENHETER 20000
#define FS_DID_NAMN_MAX	64	/* longest unit or outcome name */

/*
 * The panel: nenheter units with values in the years ar_min .. ar_max
 * (0 and 0 while empty); y holds nenheter rows of FS_DID_NAR values
 * indexed by year - FS_DID_AR_MIN, NaN where missing; kohort[i] is the
 * first treated year of unit i, 0 for never treated.
 */
struct fs_did_panel {
	char		**enheter;
	int		*kohort;
	size_t		 nenheter;
	int		 ar_min;
	int		 ar_max;
	double		*y;
	size_t		 cap;		/* private */
	uint32_t	*slots;		/* private: unit lookup */
	size_t		 nslots;	/* private */
};

/* An empty panel (free with fs_did_panel_free()). */
enum fs_rc	 fs_did_panel_alloc(struct fs_did_panel **out,
		    struct fs_err *err) FS_MUSTCHECK;
void		 fs_did_panel_free(struct fs_did_panel *p);

/*
 * Add the value y of unit enhet (1-64 printable characters, at most
 * 20 000 units) in year ar (1900-2100), with the unit's cohort (0
 * never).  Errors: FS_EINVAL "enhet", "ar", "y" (not finite), "kohort"
 * (a unit with two different cohorts, or a year outside 1900-2100),
 * FS_ECONFLICT "ar" (the unit has that year already).
 */
enum fs_rc	 fs_did_panel_add(struct fs_did_panel *p, const char *enhet,
		    int ar, double y, int kohort, struct fs_err *err)
		    FS_MUSTCHECK;

/* The value of unit i in year ar (NaN if missing or outside). */
double		 fs_did_panel_y(const struct fs_did_panel *p, size_t i, int ar);

/*
 * Read a panel file enhet,ar,y,kohort (columns in any order, each once;
 * ',' or ';'; y with decimal point, or decimal comma with ';'; kohort
 * empty for never treated).  All or nothing: a bad row gives FS_EINVAL
 * naming the column with "rad N" in the message, and *out NULL.
 */
enum fs_rc	 fs_did_panel_read_file(const char *path,
		    struct fs_did_panel **out, struct fs_err *err)
		    FS_MUSTCHECK;
enum fs_rc	 fs_did_panel_read_mem(const char *p, size_t len,
		    struct fs_did_panel **out, struct fs_err *err)
		    FS_MUSTCHECK;

/* Write p as enhet,ar,y,kohort CSV (programs: ',' and '.'). */
enum fs_rc	 fs_did_panel_write_csv(const struct fs_did_panel *p,
		    struct fs_buf *out, struct fs_err *err) FS_MUSTCHECK;

enum fs_did_kontroll {
	FS_DID_ALDRIG,		/* never treated */
	FS_DID_ANNU_INTE,	/* never or not yet treated */
	FS_DID_KONTROLL__MAX
};

/* "aldrig", "annu_inte" <-> enum; find gives -1 for unknown names. */
const char	*fs_did_kontroll_name(enum fs_did_kontroll k);
int		 fs_did_kontroll_find(const char *name);

/*
 * Start from fs_did_params_init(): never-treated controls, bootstrap
 * 999 draws, seed 1, min_kohort 5.
 *	bootstrap	0 = analytic standard errors, else 1-100 000
 *			multiplier-bootstrap draws
 */
struct fs_did_params {
	enum fs_did_kontroll	 kontroll;
	unsigned		 bootstrap;
	uint64_t		 seed;
	unsigned		 min_kohort;
};

void		 fs_did_params_init(struct fs_did_params *p);

struct fs_did_gt {
	int		 kohort;
	int		 ar;
	double		 att;
	double		 se;
	size_t		 n_behandlade;
	size_t		 n_kontroll;
};

struct fs_did_es {
	int		 e;		/* ar - kohort */
	double		 att;
	double		 se;
	size_t		 n;		/* treated units */
	size_t		 nkohorter;	/* cohorts contributing */
};

struct fs_did_resultat {
	char			 utfall[FS_DID_NAMN_MAX + 1];
	enum fs_did_kontroll	 kontroll;
	unsigned		 bootstrap;
	uint64_t		 seed;
	int			 ar_min;
	int			 ar_max;
	size_t			 nenheter;	/* units used */
	size_t			 naldrig;	/* never treated among them */
	size_t			 nkohorter;
	struct fs_did_gt	*gt;		/* by cohort, then year */
	size_t			 ngt;
	struct fs_did_es	*es;		/* by e */
	size_t			 nes;
	double			 total_att;
	double			 total_se;
	/* critical value of the simultaneous band (1.96 without bootstrap) */
	double			 krit;
	char			**varningar;
	size_t			 nvarningar;
	int64_t			 id;	/* stored result, 0 when not stored */
};

/*
 * Estimate on panel p.  Errors: FS_EINVAL "panel" (no treated cohort
 * with a pre-period, or no unit left), "kontroll" (no control units:
 * the message says to try annu_inte), "bootstrap" (over 100 000).
 * *out NULL on failure.
 */
enum fs_rc	 fs_did_estimate(const struct fs_did_panel *p,
		    const struct fs_did_params *par,
		    struct fs_did_resultat **out, struct fs_err *err)
		    FS_MUSTCHECK;
void		 fs_did_resultat_free(struct fs_did_resultat *r);

/* The cell (kohort, ar), or NULL. */
const struct fs_did_gt *fs_did_cell(const struct fs_did_resultat *r,
		    int kohort, int ar);

/*
 * Output.  JSON as evaluation.md, plus "utfall", "kontroll",
 * "bootstrap", "seed", "enheter", "aldrig_behandlade", "ar" and per
 * event-study row "ki_lag"/"ki_hog" (pointwise) and "band_lag"/
 * "band_hog" (simultaneous).  TEXT: the overall effect, the event
 * study, ATT(g,t) with counts, and the warnings, in Swedish.
 */
enum fs_did_format {
	FS_DID_TEXT,
	FS_DID_JSON,
	FS_DID_FORMAT__MAX
};

int		 fs_did_format_find(const char *name);
enum fs_rc	 fs_did_resultat_write(const struct fs_did_resultat *r,
		    enum fs_did_format f, struct fs_buf *out,
		    struct fs_err *err) FS_MUSTCHECK;
/* The event-study chart: estimate and 95 % band by years since joining. */
enum fs_rc	 fs_did_resultat_svg(const struct fs_did_resultat *r,
		    struct fs_buf *out, struct fs_err *err) FS_MUSTCHECK;

/*
 * The panel in the database
 * -------------------------
 * Stored outcomes: table utvardering_panel (utfall, kommun, ar, varde).
 */
struct fs_utvardering_panelinfo {
	uint64_t	 utfall;	/* outcomes written */
	uint64_t	 rader;		/* kommun x year x outcome values */
	uint64_t	 kommuner;
	int		 ar_min;
	int		 ar_max;
};

/*
 * Import a panel file kommunkod,ar,<outcome>[,<outcome>...]: each
 * column after kommunkod and ar is an outcome named by its header
 * (1-64 characters of a-z, 0-9 and _), its values numbers (empty =
 * missing).  Every kommunkod must be a kommun of the reference data,
 * ar 1900-2100, (kommunkod, ar) once.  All or nothing: the outcomes
 * named replace their stored values in one transaction; a bad row gives
 * FS_EINVAL naming the column with "rad N" and stores nothing.
 * Audited as "utvardering.panel".
 */
enum fs_rc	 fs_utvardering_panel_import_file(struct fs_db *db,
		    const char *path, struct fs_utvardering_panelinfo *info,
		    struct fs_err *err) FS_MUSTCHECK;
enum fs_rc	 fs_utvardering_panel_import_mem(struct fs_db *db,
		    const char *p, size_t len,
		    struct fs_utvardering_panelinfo *info, struct fs_err *err)
		    FS_MUSTCHECK;

/*
 * Build outcomes from the försörjningsmått table: for each kommun and
 * year, kronor per inhabitant aged 16-64 of each of the seven amounts
 * ("fm_sjukpenning", "fm_aktivitetsersattning", "fm_sjukersattning",
 * "fm_a_kassa", "fm_aktivitetsstod", "fm_etableringsersattning",
 * "fm_forsorjningsstod") and of their sum ("fm_totalt").  FS_ENOTFOUND
 * "forsorjningsmatt" when the table is empty.
 */
enum fs_rc	 fs_utvardering_panel_fm(struct fs_db *db,
		    struct fs_utvardering_panelinfo *info, struct fs_err *err)
		    FS_MUSTCHECK;

/* A stored outcome: name, kommuner, years. */
struct fs_utvardering_utfall {
	char		 namn[FS_DID_NAMN_MAX + 1];
	uint64_t	 kommuner;
	int		 ar_min;
	int		 ar_max;
};

/* The stored outcomes (free *out with free()). */
enum fs_rc	 fs_utvardering_utfall_lista(struct fs_db *db,
		    struct fs_utvardering_utfall **out, size_t *n,
		    struct fs_err *err) FS_MUSTCHECK;

/* A kommun's joining year (0 never) and whether it left again. */
struct fs_utvardering_kohort {
	char	 kommun[5];
	int	 ar;
	bool	 lamnat;
};

/* Every kommun of the reference data (free *out with free()). */
enum fs_rc	 fs_utvardering_kohorter(struct fs_db *db,
		    struct fs_utvardering_kohort **out, size_t *n,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * The panel of outcome utfall with each kommun's joining year as its
 * cohort.  FS_ENOTFOUND "utfall" when nothing is stored under that
 * name.  *lamnat (may be NULL) gets the number of kommuner that left.
 */
enum fs_rc	 fs_utvardering_panel_load(struct fs_db *db, const char *utfall,
		    struct fs_did_panel **out, size_t *lamnat,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * The whole analysis on the stored panel, for the CLI and the web:
 * load, estimate, add the warning about kommuner that left, store the
 * JSON result and its chart (table utvardering_resultat) and return it
 * with its id.
 */
enum fs_rc	 fs_utvardering_did(struct fs_db *db, const char *utfall,
		    const struct fs_did_params *par,
		    struct fs_did_resultat **out, struct fs_err *err)
		    FS_MUSTCHECK;

/* A stored result (for the web's list). */
struct fs_utvardering_korning {
	int64_t	 id;
	char	 utfall[FS_DID_NAMN_MAX + 1];
	char	 tid[21];
	char	 av[128];
	char	 parametrar[160];	/* JSON: kontroll, bootstrap, ... */
};

/* The latest 100 stored results, newest first (free *out with free()). */
enum fs_rc	 fs_utvardering_resultat_lista(struct fs_db *db,
		    struct fs_utvardering_korning **out, size_t *n,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * Stored result id: its JSON (svg false) or its event-study chart (svg
 * true), appended to out.  FS_ENOTFOUND "resultat".
 */
enum fs_rc	 fs_utvardering_resultat_las(struct fs_db *db, int64_t id,
		    bool svg, struct fs_buf *out, struct fs_err *err)
		    FS_MUSTCHECK;

/* The latest stored result JSON for utfall, appended to out. */
enum fs_rc	 fs_utvardering_resultat_hamta(struct fs_db *db,
		    const char *utfall, struct fs_buf *out, struct fs_err *err)
		    FS_MUSTCHECK;

#endif
