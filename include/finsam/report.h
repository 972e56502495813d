/* SPDX-License-Identifier: ISC */
/*
 * The outcome report ("utfall", reports.md section 1): the 14 SUS
 * measures for Totalt, Kvinnor and Män over a level (one förbund, one
 * län, riket) and a period, as exact integer numerators and
 * denominators, and its output as JSON, text and CSV.
 *
 * Three layers:
 *  - a pure computation core over compact rows (struct fs_utfall_row),
 *    which needs no database and is what the tests check by hand;
 *  - a snapshot of every finished participation as such rows, sorted
 *    by slutdatum and stored in the rapportcache table tagged with the
 *    participation data generation, so that a report is one blob read
 *    and one pass over a binary-searched range;
 *  - the database entry points, plus a plain-SQL version of the same
 *    measures (the benchmark baseline and the tests' oracle).
 *
 * Population: participations with slutdatum in [fran, till] whose
 * avslutsanledning is not felregistrering, identified and
 * de-identified; a de-identified participation is its own person in
 * "antal unika".  Every share has measure 1 (the column's Antal) as
 * denominator.  A missing percentage counts as 0.
 *
 * Ownership: struct fs_utfall and struct fs_report_query hold no
 * pointers that the library frees (query->kod is borrowed for the call).
 * Output functions append to a caller-owned struct fs_buf.
 */
#ifndef FS_REPORT_H
#define FS_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/err.h"

/* The level a report covers. */
enum fs_report_level {
	FS_LEVEL_RIKET,		/* every förbund */
	FS_LEVEL_LAN,		/* the förbund whose home län is kod */
	FS_LEVEL_FORBUND,	/* the förbund with code kod */
	FS_LEVEL__MAX
};

struct fs_report_query {
	enum fs_report_level	 level;
	const char		*kod;	/* förbund or län code; borrowed */
	int32_t			 fran;	/* first day of the period */
	int32_t			 till;	/* last day, inclusive */
};

/* The 14 measures, in the order of the SUS table. */
enum fs_utfall_measure {
	FS_UTFALL_ANTAL,		/* 1 participations */
	FS_UTFALL_FORDELNING,		/* 2 column Antal / Totalt Antal */
	FS_UTFALL_ANTAL_UNIKA,		/* 3 distinct persons */
	FS_UTFALL_UNDER_30,		/* 4 share younger than 30 at start */
	FS_UTFALL_FORSORJNING_3AR,	/* 5 share public support > 3 years */
	FS_UTFALL_GRUNDSKOLA,		/* 6 share utbildning grundskola */
	FS_UTFALL_EFTERGYMNASIAL,	/* 7 share utbildning eftergymnasial */
	FS_UTFALL_INSKRIVNINGSTID,	/* 8 mean slutdatum - startdatum */
	FS_UTFALL_ANTAL_ARBETE,		/* 9 arbete_efter > 0 */
	FS_UTFALL_HELTID_ARBETE,	/* 10 sum arbete_efter / 100 */
	FS_UTFALL_ANDEL_ARBETE,		/* 11 (9) / (1) */
	FS_UTFALL_ANTAL_ARBETE_STUDIER,	/* 12 arbete or studier > 0 */
	FS_UTFALL_HELTID_ARBETE_STUDIER, /* 13 sum min(100, a+s) / 100 */
	FS_UTFALL_ANTAL_OKAT,		/* 14 min(100, a+s) grew */
	FS_UTFALL__MAX
};

enum fs_utfall_col {
	FS_COL_TOTALT,
	FS_COL_KVINNOR,
	FS_COL_MAN,
	FS_COL__MAX
};

/* How a measure's numerator and denominator are to be read. */
enum fs_utfall_kind {
	FS_KIND_COUNT,	/* taljare is the count; namnare 1 */
	FS_KIND_SHARE,	/* taljare / namnare, a fraction 0-1 */
	FS_KIND_MEAN,	/* taljare (sum of days) / namnare (count) */
	FS_KIND_FTE,	/* taljare (sum of percent) / namnare (100) */
	FS_KIND__MAX
};

/* An exact value taljare / namnare; namnare 0 means "undefined". */
struct fs_ratio {
	int64_t	 taljare;
	int64_t	 namnare;
};

#define FS_UTFALL_KOD_MAX 64
#define FS_UTFALL_NAMN_MAX 256

struct fs_utfall {
	struct fs_ratio		 cell[FS_UTFALL__MAX][FS_COL__MAX];
	/*
	 * The level and period, filled by fs_report_utfall() and
	 * fs_report_utfall_sql(); the pure core leaves them zero.  namn
	 * is the förbund's or län's name ("Riket" for riket), cut at a
	 * character boundary if longer than the buffer.
	 */
	enum fs_report_level	 level;
	char			 kod[FS_UTFALL_KOD_MAX];
	char			 namn[FS_UTFALL_NAMN_MAX];
	int32_t			 fran;
	int32_t			 till;
};

/* Key in JSON ("antal_unika"), Swedish label, kind of a measure. */
const char		*fs_utfall_key(enum fs_utfall_measure m);
const char		*fs_utfall_label(enum fs_utfall_measure m);
enum fs_utfall_kind	 fs_utfall_kind(enum fs_utfall_measure m);
/* JSON key of a column: "totalt", "kvinnor", "man". */
const char		*fs_utfall_col_key(enum fs_utfall_col c);
/* "riket", "lan", "forbund". */
const char		*fs_report_level_name(enum fs_report_level l);

/*
 * Pure computation core
 * ---------------------
 * One finished, non-felregistrering participation, 20 bytes.  Person
 * keys are dense (0 .. npersons-1); every de-identified participation
 * has a key of its own.  forbund is an index into the caller's table of
 * förbund.  A percentage not given is FS_UTFALL_PCT_NONE.
 */
#define FS_UTFALL_PCT_NONE 255

enum fs_utfall_flag {
	FS_UTFALL_KVINNA = 1 << 0,	/* kon 'k' */
	FS_UTFALL_MAN = 1 << 1,		/* kon 'm' (neither: Totalt only) */
	FS_UTFALL_UNDER_30_AR = 1 << 2,	/* alder_start < 30 */
};

struct fs_utfall_row {
	int32_t		 slutdatum;	/* day number */
	int32_t		 startdatum;	/* day number */
	uint32_t	 person;	/* dense person key */
	uint16_t	 forbund;	/* index of the förbund */
	uint8_t		 flags;		/* enum fs_utfall_flag bits */
	uint8_t		 koder;		/* utbildning | fors_tid << 4 */
	uint8_t		 arbete_fore;	/* 0-100 or FS_UTFALL_PCT_NONE */
	uint8_t		 studier_fore;
	uint8_t		 arbete_efter;
	uint8_t		 studier_efter;
};

/* Pack and unpack koder: enum fs_utbildning and enum fs_fors_tid. */
#define FS_UTFALL_KODER(utb, ft) ((uint8_t)(((utb) & 0x0f) | ((ft) << 4)))
#define FS_UTFALL_UTB(r) ((r)->koder & 0x0f)
#define FS_UTFALL_FT(r) ((r)->koder >> 4)

/*
 * Compute every measure over the rows with fran <= slutdatum <= till
 * whose förbund is selected: mask[forbund] != 0 (mask has nforbund
 * entries), or every row when mask is NULL.  Rows may come in any
 * order.  Only out->cell is written (the rest is zeroed).  FS_EINVAL
 * when a row's person key is >= npersons ("person"), a selected row's
 * förbund index is >= nforbund ("forbund"), or fran > till ("till");
 * FS_ENOMEM when the person bitmaps cannot be allocated.
 */
enum fs_rc	 fs_utfall_compute(const struct fs_utfall_row *rows, size_t n,
		    uint32_t npersons, const uint8_t *mask, size_t nforbund,
		    int32_t fran, int32_t till, struct fs_utfall *out,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * For rows sorted by slutdatum: the index range [*lo, *hi) of the rows
 * with fran <= slutdatum <= till (binary search).
 */
void		 fs_utfall_range(const struct fs_utfall_row *rows, size_t n,
		    int32_t fran, int32_t till, size_t *lo, size_t *hi);

/*
 * Snapshot and cache
 * ------------------
 * Build the snapshot of finished participations now and store it in
 * the report cache, unless the cache already holds the current data
 * generation.  Call after a bulk change (the import does).  Joins an
 * open transaction, else writes in its own.
 */
enum fs_rc	 fs_report_utfall_refresh(struct fs_db *db, struct fs_err *err)
		    FS_MUSTCHECK;

/*
 * The outcome report for q: loads the cached snapshot when it matches
 * the current data generation, else rebuilds it from the participations
 * and stores it (when the cache cannot be written, for instance on a
 * read-only database, the report is computed in memory all the same).
 * Errors: unknown förbund code FS_ENOTFOUND "forbund"; unknown län code
 * FS_ENOTFOUND "lan"; a missing code FS_EINVAL "forbund"/"lan"; a
 * missing date FS_EINVAL "fran"/"till"; fran > till FS_EINVAL "till".
 */
enum fs_rc	 fs_report_utfall(struct fs_db *db,
		    const struct fs_report_query *q, struct fs_utfall *out,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * The same report computed by plain SQL aggregate statements over the
 * participation tables, without the snapshot: the baseline of the
 * benchmark and the oracle of the tests.  Same errors.
 */
/*
 * Forget the results this connection remembers (fs_report_utfall()
 * keeps recent ones per data generation).  Only for callers that change
 * the stored snapshot behind the library's back, as tests do.
 */
void		 fs_report_forget(struct fs_db *db);
enum fs_rc	 fs_report_utfall_sql(struct fs_db *db,
		    const struct fs_report_query *q, struct fs_utfall *out,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * Disclosure control (reports.md section 3)
 * -----------------------------------------
 * Publishable output of the outcome report applies a threshold k
 * (default FS_SKYDD_K_DEFAULT, per installation the meta key
 * "rapport_skydd_k").  fs_utfall_skydda() marks every cell:
 *
 *  - primary: a count from 1 to k-1 (Antal, Antal unika, Antal i
 *    förvärvsarbete, ... and the numerators of the shares) is hidden;
 *    a count cell is shown as "<k" (FS_SKYDD_LITEN), every other cell
 *    resting on it is hidden (FS_SKYDD_DOLD): a whole column when its
 *    Antal is 1..k-1, the share and FTE of a small count of workers,
 *    the FTE of a small count of workers and/or students, a share
 *    whose numerator is small.  Zeros are shown.
 *  - secondary: every row is additive over its numerators (Totalt =
 *    Kvinnor + Män + participations of neither sex), so in every row
 *    either no cell of the triple is hidden or at least two are (the
 *    other sex first, Totalt only when both sexes are already shown
 *    hidden or empty); when the participations of neither sex are a
 *    small group, both sexes are hidden in every row where they add
 *    something.  A column whose Antal is hidden is hidden whole (every
 *    share and mean carries Antal as denominator), Fördelning is
 *    hidden in every column when Totalt's Antal is hidden, and Andel i
 *    förvärvsarbete goes with Antal i förvärvsarbete.
 *
 * Repeated to a fixed point.  Pure: no I/O, no allocation.
 */
#define FS_SKYDD_K_DEFAULT 5
#define FS_SKYDD_K_MIN 2
#define FS_SKYDD_K_MAX 1000
#define FS_SKYDD_K_KEY "rapport_skydd_k"

enum fs_skydd {
	FS_SKYDD_VISAS = 0,	/* shown */
	FS_SKYDD_LITEN,		/* a count 1..k-1: "<k" */
	FS_SKYDD_DOLD,		/* derived from a small count, or secondary */
	FS_SKYDD__MAX
};

struct fs_utfall_skydd {
	int		 k;
	uint8_t		 cell[FS_UTFALL__MAX][FS_COL__MAX]; /* enum fs_skydd */
};

/*
 * Mark the cells of u for publication with threshold k into *out.
 * FS_EINVAL "k" when k is outside FS_SKYDD_K_MIN..FS_SKYDD_K_MAX.
 */
enum fs_rc	 fs_utfall_skydda(const struct fs_utfall *u, int k,
		    struct fs_utfall_skydd *out, struct fs_err *err)
		    FS_MUSTCHECK;

/*
 * A copy of u into *out with every hidden cell set to 0/0 (undefined),
 * for output that knows nothing of disclosure control (charts).
 */
void		 fs_utfall_skydd_mask(const struct fs_utfall *u,
		    const struct fs_utfall_skydd *s, struct fs_utfall *out);

/*
 * The installation's threshold: meta key FS_SKYDD_K_KEY, or
 * FS_SKYDD_K_DEFAULT when it is not set.  FS_EINVAL "k" when the
 * stored value is not an integer in FS_SKYDD_K_MIN..FS_SKYDD_K_MAX.
 */
enum fs_rc	 fs_report_skydd_k(struct fs_db *db, int *k, struct fs_err *err)
		    FS_MUSTCHECK;
/* Store the installation's threshold; FS_EINVAL "k" out of range. */
enum fs_rc	 fs_report_skydd_k_set(struct fs_db *db, int k,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * Output
 * ------
 */
enum fs_report_format {
	FS_REPORT_TEXT,		/* table for people, Swedish numbers */
	FS_REPORT_JSON,		/* exact numerators and denominators */
	FS_REPORT_CSV,		/* Swedish Excel: BOM, ';', decimal comma */
	FS_REPORT_CSV_PLAIN,	/* programs: ',', decimal point, no BOM */
	FS_REPORT_XLSX,		/* Excel workbook (binary) */
	FS_REPORT_HTML,		/* a printable HTML document (A4) */
	FS_REPORT_FORMAT__MAX
};

/* "text", "json", "csv", "csv-plain", "xlsx", "html" -> format, or -1. */
int		 fs_report_format_find(const char *name);
/* The name of format f ("csv" ...), "?" when out of range. */
const char	*fs_report_format_name(enum fs_report_format f);

/*
 * Append the report u in format f to out.
 *
 * JSON: {"rapport": "utfall", "niva": {"typ", "kod" (not for riket),
 * "namn"}, "period": {"fran", "till"}, "matt": {<key>: {"totalt": cell,
 * "kvinnor": cell, "man": cell}, ...}} where a cell is {"varde": v}
 * for counts and {"varde": v, "taljare": t, "namnare": n} for shares
 * (v a fraction 0-1), means (v in days) and full-time equivalents
 * (t the sum of percent, n 100); v is null when n is 0.
 *
 * Text: heading with level and period, the 14 rows with columns
 * Totalt, Kvinnor, Män (shares whole percent, FTE one decimal, days
 * whole days, fmt.h FS_FMT_TEXT; "–" where undefined) and the
 * footnotes.  CSV: the same rows with a unit column, numbers without
 * units.
 *
 * XLSX: sheet "Utfall" with the heading, the 14 rows as numbers (counts
 * and days whole, shares as percent cells holding the exact fraction,
 * FTE one decimal) and the footnotes; internal output adds the sheet
 * "Underlag" with every numerator and denominator.  The workbook's
 * dates are fixed from the period, so equal reports are equal bytes.
 *
 * HTML: a whole document for printing or saving (A4, no scripts, no
 * outside resources), the same heading, table and footnotes as the
 * text, every text escaped (html.h).
 */
enum fs_rc	 fs_report_utfall_write(const struct fs_utfall *u,
		    enum fs_report_format f, struct fs_buf *out,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * Publishable output: as fs_report_utfall_write() with the marks s of
 * fs_utfall_skydda() (s NULL: internal, everything shown).  JSON: a
 * hidden cell is {"varde": null, "skyddad": "<k"} (FS_SKYDD_LITEN) or
 * {"varde": null, "skyddad": "dold"}, without taljare and namnare, and
 * the root gets "publicerbar": true and "k".  Text and CSV show "<k"
 * and ".." and a footnote explaining both.
 */
enum fs_rc	 fs_report_utfall_write_skyddad(const struct fs_utfall *u,
		    const struct fs_utfall_skydd *s, enum fs_report_format f,
		    struct fs_buf *out, struct fs_err *err) FS_MUSTCHECK;

#endif
