/* SPDX-License-Identifier: ISC */
/*
 * The state allocation model (finance.md "State allocation model"):
 * försörjningsmått per kommun and year, versioned parameter sets per
 * allocation year, the calculation itself with a readable Swedish log
 * per förbund ("varför fick vi det här beloppet"), stored calculations
 * that can be recomputed byte for byte, and the output as text, JSON,
 * CSV and XLSX.  Trappan (the reasonable-equity steps) lives here too
 * because it is a parameter of the model; ekonomi.h uses it for the
 * accounts.
 *
 * The exact formula of Försäkringskassan is not published.  This module
 * implements the documented reconstruction as configurable steps, in
 * this order, every amount in whole kronor (or in the rounding unit of
 * the parameter set) and every split by the largest-remainder rule so
 * that totals are exact:
 *
 *  1. Key.  s_i = w_fm * fm_i / FM + w_bef * p_i / P over the kommuner
 *     that belong to some förbund on the membership day (medlemsdag),
 *     with the försörjningsmått and population of the data year
 *     (default: two years before the allocation year).  Computed as an
 *     exact fraction (128-bit integers), never in floating point.
 *  2. Possible allocation.  A_i = B + R * s_i, R = F - N * B; the R
 *     part is split by largest remainder, so sum A_i = F.
 *  3. Spärr (on by default, 10 %).  A förbund with a possible
 *     allocation last year (from the parameter set, else the latest
 *     stored calculation of the previous year) gets at least
 *     ceil(last * (100 % - spärr)), unless its equity is above trappan.
 *     The money comes from the others: those held at their floor are
 *     fixed, the rest of the frame is split again over the others with
 *     the base plus the same keys renormalised, until no other förbund
 *     falls below its floor.  RECONSTRUCTION CHOICE: the keys are
 *     renormalised (s_i / sum of the free s_j), not recomputed from the
 *     free förbund's kommuner; this is what reproduces the spec's test
 *     vector (A 3 863 115, C 3 436 885).  If the floors cannot all be
 *     held (the frame shrank), every förbund's target (its floor, or
 *     its key amount when it has none) is scaled by one common factor
 *     to the frame, and the log says so.
 *  4. Equity.  A förbund whose equity at the end of the equity year
 *     (default: the data year) is above the trappan level for that
 *     year's income may get a reduced allocation: kapitalregel "ingen"
 *     (default, only the check is shown) or "andel_av_overskott"
 *     (reduce by kapital_procent of the excess, at most to 0).  The
 *     reductions are either left unallocated (default) or, with
 *     kapital_omfordelas, split by key over the förbund within trappan.
 *     The result is the possible allocation (mojlig_tilldelning).
 *  5. Applications.  Each förbund asks for X_i: an amount (ansökan) or
 *     a utilisation of its possible allocation (default 100 %, rounded
 *     half up to the unit).  The redistribution rule decides the rest:
 *     "skala" (default) scales every X_i by the same factor when sum X_i
 *     exceeds the money available (sum A_i; largest remainder; this
 *     reproduces the over-subscription vector) and otherwise gives
 *     each its X_i, those asking more than A_i getting it from money
 *     others leave; "nyckel" gives each min(X_i, A_i) and splits the
 *     money not taken among those that asked for more than A_i in
 *     proportion to their key, never beyond what they asked
 *     (water-filling), also when over-subscribed; "ingen" gives each
 *     min(X_i, A_i) and leaves the rest unallocated.  The result is the
 *     allocation (tilldelning); never more than asked.
 *
 * Ownership: every struct with pointers is released with its
 * fs_..._release() function, which accepts a zeroed or released struct.
 * Strings passed in are borrowed for the call.
 */
#ifndef FS_TILLDELNING_H
#define FS_TILLDELNING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/err.h"

/* "Not given" for amounts and other int64_t values. */
#define FS_TDL_NONE		INT64_MIN
#define FS_TDL_KOD_MAX		32	/* förbund code, as forbund.c */
#define FS_TDL_MAX_BELOPP	100000000000LL	/* 100 000 000 000 kr */
#define FS_TRAPPAN_MAX_BAND	8

/*
 * Försörjningsmått
 * ----------------
 * One row of forsorjningsmatt.csv: the seven amounts in tkr (the
 * kommun's försörjningsmått is their sum) and the population 16-64.
 */
enum fs_fm_post {
	FS_FM_SJUKPENNING,
	FS_FM_AKTIVITETSERSATTNING,
	FS_FM_SJUKERSATTNING,
	FS_FM_A_KASSA,
	FS_FM_AKTIVITETSSTOD,
	FS_FM_ETABLERINGSERSATTNING,
	FS_FM_FORSORJNINGSSTOD,
	FS_FM__MAX
};

#define FS_FM_MAX_TKR		1000000000LL	/* per amount and kommun */
#define FS_FM_MAX_BEFOLKNING	10000000LL

struct fs_fm_rad {
	int	 ar;
	char	 kommun[5];
	int64_t	 befolkning;		/* 16-64 år */
	int64_t	 belopp[FS_FM__MAX];	/* tkr */
};

/* Column name of a post ("sjukpenning", ...), or NULL. */
const char	*fs_fm_post_name(enum fs_fm_post p);
/* The försörjningsmått of a row: the sum of the seven amounts, tkr. */
int64_t		 fs_fm_summa(const struct fs_fm_rad *r);

/*
 * Check a row: year 1990-2999 ("ar"), a real kommun ("kommunkod"),
 * population 0-10 000 000 ("befolkning_16_64"), each amount
 * 0-1 000 000 000 tkr (named by its column).
 */
enum fs_rc	 fs_fm_check(struct fs_db *db, const struct fs_fm_rad *r,
		    struct fs_err *err) FS_MUSTCHECK;
/*
 * Check and store a row (key: year and kommun).  *changed (may be NULL)
 * is 0 for a new row, 1 for new values, 2 when the stored row was the
 * same (nothing written).
 */
enum fs_rc	 fs_fm_put(struct fs_db *db, const struct fs_fm_rad *r,
		    int *changed, struct fs_err *err) FS_MUSTCHECK;
/* The row of kommun for year ar; FS_ENOTFOUND "forsorjningsmatt". */
enum fs_rc	 fs_fm_get(struct fs_db *db, int ar, const char *kommun,
		    struct fs_fm_rad *out, struct fs_err *err) FS_MUSTCHECK;

/*
 * Synthetic försörjningsmått for demos, tests and benchmarks: a
 * forsorjningsmatt.csv (header and one row per kommun and year, all 290
 * kommuner, years ar_fran..ar_till) with population and amounts of a
 * realistic size (national sums of the order of the 2019 figures).
 * Deterministic: the same seed gives the same bytes.  Appends to out.
 */
enum fs_rc	 fs_fm_generate(int ar_fran, int ar_till, uint64_t seed,
		    struct fs_buf *out, struct fs_err *err) FS_MUSTCHECK;

/*
 * Trappan
 * -------
 * Reasonable equity as a share of the year's total income in bands
 * {upper income, percent}.  Mode flat: the percent of the band the
 * income falls in applies to the whole income; marginal: each band's
 * percent applies to the part of the income inside it.  The last band
 * has no upper limit (till == FS_TDL_NONE).  The defaults are flat,
 * 20 % up to 7 000 000 kr (published, Nationella rådet 2013-10-02),
 * 15 % up to 15 000 000 kr and 10 % above (ASSUMPTIONS: antagande is
 * set on those two bands so that every output can mark them).
 */
enum fs_trappan_lage {
	FS_TRAPPAN_FLAT,
	FS_TRAPPAN_MARGINAL,
	FS_TRAPPAN_LAGE__MAX
};

struct fs_trappan_band {
	int64_t	 till;		/* upper income, kr; FS_TDL_NONE: none */
	int32_t	 procent_bp;	/* basis points: 20 % = 2000 */
	bool	 antagande;	/* an assumed, not a published, step */
};

struct fs_trappan {
	enum fs_trappan_lage	 lage;
	struct fs_trappan_band	 band[FS_TRAPPAN_MAX_BAND];
	size_t			 nband;
};

/* The check of one year: equity against the level for the income. */
struct fs_trappan_res {
	int64_t	 intakter;	/* kr */
	int64_t	 kapital;	/* equity at year end, kr */
	int64_t	 niva_e4;	/* the level exactly, in 1/10 000 kr */
	int64_t	 niva;		/* the level rounded to kr (half up) */
	int64_t	 overskott;	/* kapital - level rounded to kr; > 0 above */
	bool	 over;		/* equity strictly above the level */
	size_t	 band;		/* the band the income falls in */
	bool	 antagande;	/* an assumed band was used */
};

const char	*fs_trappan_lage_name(enum fs_trappan_lage l);
void		 fs_trappan_default(struct fs_trappan *t);
/*
 * Check t: 1-8 bands ("trappan.band"), upper limits rising and within
 * 1-100 000 000 000 kr, only the last without one, percent 0-100
 * ("trappan.band.procent").
 */
enum fs_rc	 fs_trappan_check(const struct fs_trappan *t, struct fs_err *err)
		    FS_MUSTCHECK;
/* Evaluate t for income and equity (income >= 0). */
void		 fs_trappan_eval(const struct fs_trappan *t, int64_t intakter,
		    int64_t kapital, struct fs_trappan_res *out);
/*
 * Parse bands written "7000000:20,15000000:15,:10" (kr:percent, empty
 * upper limit for the last band; percent may have two decimals after
 * a point).  The bands are taken as given (antagande false).
 */
enum fs_rc	 fs_trappan_parse(const char *s, enum fs_trappan_lage lage,
		    struct fs_trappan *out, struct fs_err *err) FS_MUSTCHECK;

/*
 * A percentage written "80", "80,5", "80.25" or "80 %"-less "80%" into
 * basis points, within lo_bp..hi_bp; FS_EINVAL naming field otherwise.
 */
enum fs_rc	 fs_tdl_parse_procent(const char *s, int32_t lo_bp, int32_t hi_bp,
		    int32_t *out, const char *field, struct fs_err *err)
		    FS_MUSTCHECK;

/*
 * Parameter sets
 * --------------
 */
enum fs_tdl_kapitalregel {
	FS_TDL_KAPITAL_INGEN,		/* "ingen": check and report only */
	FS_TDL_KAPITAL_ANDEL,		/* "andel_av_overskott" */
	FS_TDL_KAPITALREGEL__MAX
};

enum fs_tdl_omfordelning {
	FS_TDL_OMF_SKALA,		/* "skala": scale if over-subscribed */
	FS_TDL_OMF_NYCKEL,		/* "nyckel": min(X, A) + rest by key */
	FS_TDL_OMF_INGEN,		/* "ingen": min(X, A), rest unused */
	FS_TDL_OMF__MAX
};

/* Per-förbund entries of a parameter set; -1 / FS_TDL_NONE: not given. */
struct fs_tdl_fparam {
	char	 kod[FS_TDL_KOD_MAX + 1];
	int32_t	 utnyttjandegrad_bp;	/* 0-10 000 */
	int64_t	 ansokan;		/* kr */
	int64_t	 foregaende;		/* last year's possible allocation */
	int	 over_trappan;		/* -1, 0 (within) or 1 (above) */
};

/*
 * A parameter set for one allocation year.  JSON form (all keys but
 * "ar" optional; a missing key keeps its default, an unknown key is an
 * error naming it):
 *
 *	{"ar": 2026, "ram": 339000000, "grundbelopp": 400000,
 *	 "vikt_forsorjningsmatt": 75, "vikt_befolkning": 25,
 *	 "dataar": 2024, "medlemsdag": "2026-01-01",
 *	 "sparr": true, "sparr_procent": 10,
 *	 "kapitalregel": "ingen", "kapital_procent": 0,
 *	 "kapital_omfordelas": false, "kapitalar": 2024,
 *	 "omfordelning": "skala", "utnyttjandegrad": 100,
 *	 "avrundning": 1,
 *	 "trappan": {"lage": "flat", "band": [{"till": 7000000,
 *	     "procent": 20}, {"till": 15000000, "procent": 15},
 *	     {"till": null, "procent": 10}]},
 *	 "forbund": {"KOD": {"utnyttjandegrad": 80, "ansokan": 2700000,
 *	     "foregaende": 3000000, "over_trappan": false}}}
 *
 * Percentages are numbers with at most two decimals.  avrundning is
 * the rounding unit in kronor (1, 10, 100 or 1000); ram and
 * grundbelopp must be multiples of it.
 */
struct fs_tdl_params {
	int			 ar;
	int			 version;	/* stored version; 0: none */
	int64_t			 ram;
	int64_t			 grundbelopp;
	int32_t			 vikt_fm_bp;
	int32_t			 vikt_bef_bp;
	int			 dataar;
	int32_t			 medlemsdag;	/* day number */
	bool			 sparr;
	int32_t			 sparr_bp;
	enum fs_tdl_kapitalregel kapitalregel;
	int32_t			 kapital_bp;
	bool			 kapital_omfordelas;
	int			 kapitalar;
	enum fs_tdl_omfordelning omfordelning;
	int32_t			 utnyttjandegrad_bp;
	int64_t			 avrundning;
	struct fs_trappan	 trappan;
	struct fs_tdl_fparam	*forbund;	/* owned, sorted by kod */
	size_t			 nforbund;
};

#define FS_TDL_DEFAULT_RAM		339000000LL
#define FS_TDL_DEFAULT_GRUNDBELOPP	400000LL

/*
 * The defaults for allocation year ar: frame 339 000 000, base
 * 400 000, weights 75/25, data and equity year ar - 2, membership day
 * 1 January of ar, spärr on at 10 %, no equity reduction, redistribution
 * rule "skala", utilisation 100 %, rounding to whole kronor, default
 * trappan.
 */
void		 fs_tdl_params_init(struct fs_tdl_params *p, int ar);
void		 fs_tdl_params_release(struct fs_tdl_params *p);
/* Check every rule; FS_EINVAL naming the JSON key of the offender. */
enum fs_rc	 fs_tdl_params_check(const struct fs_tdl_params *p,
		    struct fs_err *err) FS_MUSTCHECK;
/*
 * Parse a parameter set from JSON text.  ar > 0 is the allocation year
 * asked for: the file's "ar" may be left out, and must be equal when
 * given; ar 0 takes the year from the file.  Defaults for keys left
 * out; the result is checked.  *out is initialised by the call.
 */
enum fs_rc	 fs_tdl_params_from_json(const char *text, size_t len, int ar,
		    struct fs_tdl_params *out, struct fs_err *err) FS_MUSTCHECK;
/*
 * The normalised JSON of p (every key, fixed order, two-space indent,
 * a final newline), appended to out.  Parsing it gives p back.
 */
enum fs_rc	 fs_tdl_params_to_json(const struct fs_tdl_params *p,
		    struct fs_buf *out, struct fs_err *err) FS_MUSTCHECK;
/*
 * The parameter set of year ar: version (>= 1) or, with version 0, the
 * latest stored version, or the defaults (version 0) when none is
 * stored.  FS_ENOTFOUND "version" for a missing version.
 */
enum fs_rc	 fs_tdl_params_load(struct fs_db *db, int ar, int version,
		    struct fs_tdl_params *out, struct fs_err *err) FS_MUSTCHECK;
/*
 * Store p as a new version of its year unless it equals the latest
 * stored version; p->version is set either way.  Audited.
 */
enum fs_rc	 fs_tdl_params_save(struct fs_db *db, struct fs_tdl_params *p,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * Inputs
 * ------
 * Everything a calculation reads besides the parameter set, gathered
 * from the database once, so that the calculation itself is a pure
 * function and can be stored and recomputed.
 */
struct fs_tdl_kommun {
	char	 kod[5];
	char	 namn[48];		/* kortnamn, "Aneby" */
	int64_t	 fm_tkr;		/* försörjningsmått of the data year */
	int64_t	 befolkning;		/* 16-64 år, data year */
};

struct fs_tdl_in_forbund {
	char	 kod[FS_TDL_KOD_MAX + 1];
	char	*namn;			/* owned */
	size_t	*kommun;		/* indices into in->kommun; owned */
	size_t	 nkommun;
	int64_t	 foregaende;		/* kr, FS_TDL_NONE */
	char	 foregaende_kalla[64];	/* "parametrar", "beräkning 12" */
	int64_t	 kapital;		/* equity at end of kapitalar */
	int64_t	 intakter;		/* income of kapitalar */
	int	 over_trappan;		/* override: -1, 0, 1 */
	int64_t	 ansokan;		/* kr, FS_TDL_NONE */
	int32_t	 utnyttjandegrad_bp;	/* -1: the parameter set's */
	char	 ansokan_kalla[32];	/* "parametrar", "ansökan", "" */
};

struct fs_tdl_input {
	int			 ar;
	int			 dataar;
	int			 kapitalar;
	int32_t			 medlemsdag;
	struct fs_tdl_kommun	*kommun;	/* owned, sorted by kod */
	size_t			 nkommun;
	struct fs_tdl_in_forbund *forbund;	/* owned, sorted by kod */
	size_t			 nforbund;
};

void		 fs_tdl_input_release(struct fs_tdl_input *in);
/*
 * Gather the inputs for p from the database: every förbund with at
 * least one member kommun on p->medlemsdag (förbund without kommuner
 * that day are left out), each kommun's försörjningsmått and population
 * of p->dataar (FS_EINVAL "forsorjningsmatt" naming the kommun when
 * missing; FS_ECONFLICT "medlemskap" when a kommun is a member of two
 * förbund that day), last year's possible allocation (the parameter
 * set, else the latest stored calculation of ar - 1), equity and income
 * of p->kapitalar from the accounts, and applications (the parameter
 * set, else those recorded with fs_tdl_ansokan_set()).  A förbund code
 * in the parameter set that is not in the database gives FS_EINVAL
 * "forbund.KOD".
 */
enum fs_rc	 fs_tdl_input_load(struct fs_db *db, const struct fs_tdl_params *p,
		    struct fs_tdl_input *out, struct fs_err *err) FS_MUSTCHECK;
/* JSON of the inputs (stored with a calculation), and back. */
enum fs_rc	 fs_tdl_input_to_json(const struct fs_tdl_input *in,
		    struct fs_buf *out, struct fs_err *err) FS_MUSTCHECK;
enum fs_rc	 fs_tdl_input_from_json(const char *text, size_t len,
		    struct fs_tdl_input *out, struct fs_err *err) FS_MUSTCHECK;

/*
 * The calculation
 * ---------------
 */
enum fs_tdl_sparrstatus {
	FS_TDL_SPARR_AV,		/* switched off */
	FS_TDL_SPARR_EJ_BEHOV,		/* nobody fell below a floor */
	FS_TDL_SPARR_HALLEN,		/* floors held */
	FS_TDL_SPARR_EJ_MOJLIG,		/* floors scaled to the frame */
	FS_TDL_SPARR__MAX
};

struct fs_tdl_rad {
	char	 kod[FS_TDL_KOD_MAX + 1];
	char	*namn;			/* owned */
	size_t	 nkommuner;
	int64_t	 fm_tkr;
	int64_t	 befolkning;
	int64_t	 nyckel_e12;		/* key in 1e-12, rounded half up */
	int64_t	 enligt_nyckel;		/* step 2, kr */
	int64_t	 golv;			/* spärr floor, FS_TDL_NONE */
	bool	 i_sparr;		/* held at its floor */
	int64_t	 efter_sparr;		/* step 3, kr */
	int	 over_trappan;		/* -1 unknown, 0, 1 */
	int64_t	 kapital_overskott;	/* kr, FS_TDL_NONE unknown */
	int64_t	 kapital_minskning;	/* kr, >= 0 */
	int64_t	 kapital_tillagg;	/* redistributed reductions */
	int64_t	 mojlig;		/* possible allocation (step 4) */
	int64_t	 ansokt;		/* X_i, kr */
	int32_t	 utnyttjandegrad_bp;	/* used when no amount was asked */
	int64_t	 tilldelning;		/* step 5, kr */
	char	**logg;			/* owned lines, Swedish */
	size_t	 nlogg;
};

struct fs_tdl_result {
	int			 ar;
	int			 dataar;
	int64_t			 ram;
	int64_t			 grundbelopp;
	int64_t			 rest;		/* R = F - N * B */
	int64_t			 summa_fm_tkr;
	int64_t			 summa_befolkning;
	enum fs_tdl_sparrstatus	 sparr;
	int64_t			 summa_mojlig;
	int64_t			 summa_ansokt;
	int64_t			 summa_tilldelning;
	int64_t			 ej_utnyttjat;	/* summa_mojlig - tilldelning */
	bool			 overteckning;
	struct fs_tdl_rad	*rad;		/* owned, in input order */
	size_t			 nrad;
};

void		 fs_tdl_result_release(struct fs_tdl_result *r);
/*
 * Run the model on in with p (pure: no database, no clock).  Errors:
 * FS_EINVAL "forbund" when there is no förbund, "grundbelopp" when the
 * frame does not cover N base allocations, plus those of the checks.
 */
enum fs_rc	 fs_tdl_compute(const struct fs_tdl_params *p,
		    const struct fs_tdl_input *in, struct fs_tdl_result *out,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * Output
 * ------
 * JSON (the one serialisation, also for the HTTP API):
 *	{"ar": 2026, "ram": 339000000, "forbund": [{"forbund_kod": "A",
 *	 "nyckel": 0.40625, "mojlig_tilldelning": 3975000,
 *	 "tilldelning": 3975000, "logg": ["...", ...]}, ...]}
 * amounts in whole kronor, nyckel to 12 significant digits, two-space
 * indent and a final newline.  Text: a table of all förbund with the
 * totals and then each förbund's log (only that of forbund_kod when
 * given).  CSV: Swedish Excel (BOM, ';') with one row per förbund.
 */
enum fs_tdl_format {
	FS_TDL_TEXT,
	FS_TDL_JSON,
	FS_TDL_CSV,
	FS_TDL_XLSX,
	FS_TDL_FORMAT__MAX
};

/* "text", "json", "csv", "xlsx" -> format, or -1. */
int		 fs_tdl_format_find(const char *name);
/*
 * Append r in format f (not XLSX) to out.  forbund_kod (may be NULL)
 * limits the text output to one förbund's log; FS_ENOTFOUND "forbund"
 * when it is not in r.
 */
enum fs_rc	 fs_tdl_write(const struct fs_tdl_result *r, enum fs_tdl_format f,
		    const char *forbund_kod, struct fs_buf *out,
		    struct fs_err *err) FS_MUSTCHECK;
/*
 * Write r as an XLSX workbook to path: sheet "Tilldelning" (the table)
 * and sheet "Logg" (one row per log line).  FS_EIO when it cannot be
 * written.
 */
enum fs_rc	 fs_tdl_write_xlsx(const struct fs_tdl_result *r,
		    const char *path, struct fs_err *err) FS_MUSTCHECK;

/*
 * Stored calculations
 * -------------------
 */
struct fs_tdl_berakning {
	int64_t			 id;		/* 0: not stored */
	char			 skapad_tid[21];
	char			*skapad_av;	/* owned */
	struct fs_tdl_params	 params;
	struct fs_tdl_input	 in;
	struct fs_tdl_result	 res;
	struct fs_buf		 json;		/* the JSON result bytes */
};

void		 fs_tdl_berakning_release(struct fs_tdl_berakning *b);
/*
 * Calculate the allocation for year ar with params (NULL: the stored
 * parameter set of ar, else the defaults; when given, params is saved
 * as a new version unless it equals the latest) and, when spara is
 * true, store it (parameters, inputs, JSON result and per-förbund
 * rows) in one transaction.  *out is initialised by the call.
 */
enum fs_rc	 fs_tdl_berakna(struct fs_db *db, int ar,
		    const struct fs_tdl_params *params, bool spara,
		    struct fs_tdl_berakning *out, struct fs_err *err)
		    FS_MUSTCHECK;
/*
 * Load stored calculation id and recompute it from its stored
 * parameters and inputs; out->json holds the stored bytes.  *same
 * (may be NULL) tells whether the recomputation gave them byte for
 * byte.  FS_ENOTFOUND "id".
 */
enum fs_rc	 fs_tdl_berakning_get(struct fs_db *db, int64_t id,
		    struct fs_tdl_berakning *out, bool *same, struct fs_err *err)
		    FS_MUSTCHECK;
/* The id of the latest stored calculation of ar, or 0. */
enum fs_rc	 fs_tdl_berakning_latest(struct fs_db *db, int ar, int64_t *id,
		    struct fs_err *err) FS_MUSTCHECK;

struct fs_tdl_berakning_info {
	int64_t	 id;
	int	 ar;
	int	 parameter_version;
	char	 skapad_tid[21];
	char	 skapad_av[64];
	int64_t	 summa_tilldelning;
	size_t	 nforbund;
};
/* Stored calculations of year ar (0: every year), oldest first. */
enum fs_rc	 fs_tdl_berakning_list(struct fs_db *db, int ar,
		    struct fs_tdl_berakning_info **out, size_t *n,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * Record a förbund's application for year ar: a utilisation in basis
 * points (0-10 000, -1: none) or an amount in kr (FS_TDL_NONE: none);
 * exactly one must be given.  Replaces an earlier one.  Audited.
 */
enum fs_rc	 fs_tdl_ansokan_set(struct fs_db *db, const char *forbund_kod,
		    int ar, int32_t utnyttjandegrad_bp, int64_t belopp,
		    struct fs_err *err) FS_MUSTCHECK;

#endif
