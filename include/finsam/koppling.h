/* SPDX-License-Identifier: ISC */
/*
 * Register linkage (evaluation.md, "Register linkage"): linkage
 * projects with a pseudonymisation key of their own, the export of the
 * pseudonymised participation file, the engine that turns a benefit-
 * spell file into net benefit days before and after each participation
 * with their aggregates, the output of those aggregates, and a
 * generator of synthetic benefit registers.
 *
 * Pseudonyms.  The pseudonym of a person in project P is the keyed
 * BLAKE2b-128 hash of the 12 digits of the personnummer, keyed with
 * P's 32-byte project key, written as 32 lower-case hex digits.  The
 * project key is derived from the installation key (fs_keys_derive with
 * id 16 + project id) mixed with a random salt stored with the project,
 * so it is different in every project (two projects' files cannot be
 * joined) and can be handed to the register holder, who computes the
 * same pseudonyms over its own register; the installation key never
 * leaves.  No personnummer is ever written to a file.
 *
 * The engine.  The participations are held in memory (about 100 bytes
 * each plus what their benefit windows need); the spell file is
 * streamed through a bounded buffer and may come in any order: it need
 * not be sorted.  Each spell that falls into a window of a participant
 * is clipped to the window and kept as a 4-byte segment with that
 * participation; a participation's segments are merged (sorted, and
 * overlapping spells of one benefit folded together) whenever they
 * outgrow their allocation, so what a participation holds is bounded
 * by its 16 windows of 365 days, whatever the number of spells.  Large
 * regular files are read by several threads, each over its own part of
 * the file with its own segment lists; the lists are combined at the
 * end, so the result does not depend on the order of the rows or on the
 * number of threads.
 *
 * Net days.  On each day the omfattning of a benefit is the largest of
 * the person's spells of that benefit covering the day (overlapping
 * spells are merged, never counted twice); the net days of a window are
 * the sum over its days of omfattning/100.  They are kept exactly, in
 * quarter days (omfattning 25, 50, 75 or 100 is 1-4 quarters).  The
 * before-window is day -365 .. -1 from startdatum, the after-window day
 * +1 .. +365 from slutdatum.  A window is complete when the register
 * covers it: it ends on or before the coverage end (--tackning-tom,
 * default the latest tom in the spell file) and starts on or after the
 * coverage start when one is given.  An open participation has no
 * complete after-window.
 *
 * Aggregates.  Over the participations with both windows complete, for
 * each benefit and every combination of sex, förbund and age group at
 * start (each also "alla"): the number, the mean net days before, after
 * and the mean change (after minus before, per participation) with 95 %
 * confidence intervals (Student's t), and how many had any days before
 * and after.  Participations left out are counted by reason.  Cells
 * with fewer than min_antal participations are suppressed (primary
 * suppression, reports.md section 3); so are counts below min_antal.
 * Secondary suppression then hides further cells so that no hidden
 * figure can be recovered from the shown ones: every margin is the sum
 * of its breakdown (alla = k + m, alla förbund = the sum over förbund,
 * alla ages = the sum over age groups), so in every such equation of
 * a benefit either no member is hidden or at least two are.  While an
 * equation has exactly one hidden member, the shown member with the
 * smallest positive count is hidden too (a breakdown cell before the
 * margin), until nothing changes.  Cells are hidden whole (count,
 * means and sub-counts, with the n of the participations); the counts
 * "with any days before/after" are protected the same way on their
 * own.
 *
 * Ownership: struct fs_koppling (the engine) and struct
 * fs_koppling_resultat are allocated by the library and freed with
 * fs_koppling_free() and fs_koppling_resultat_free(); both accept NULL.
 * Strings in a struct fs_koppling_rad point into the engine and live
 * as long as it.  Output functions append to a caller-owned fs_buf.
 */
#ifndef FS_KOPPLING_H
#define FS_KOPPLING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/err.h"

/* The benefits of the spell file, in the order of evaluation.md. */
enum fs_forman {
	FS_FORMAN_SJUKPENNING,
	FS_FORMAN_REHABILITERINGSPENNING,
	FS_FORMAN_SJUKERSATTNING,
	FS_FORMAN_AKTIVITETSERSATTNING,
	FS_FORMAN_AKTIVITETSSTOD,
	FS_FORMAN_A_KASSA,
	FS_FORMAN_FORSORJNINGSSTOD,
	FS_FORMAN_ETABLERINGSERSATTNING,
	FS_FORMAN__MAX
};

/* "sjukpenning", ... (the file's spelling). */
const char	*fs_forman_name(enum fs_forman f);
/* Swedish label for people: "Sjukpenning", "Sjukersättning", ... */
const char	*fs_forman_label(enum fs_forman f);
/* The benefit named p[0..len), or -1. */
int		 fs_forman_find(const char *p, size_t len);

/* Age groups at start: 0-29, 30-39, 40-49, 50-59, 60-. */
enum fs_aldersgrupp {
	FS_ALDER_UNDER_30,
	FS_ALDER_30_39,
	FS_ALDER_40_49,
	FS_ALDER_50_59,
	FS_ALDER_60_,
	FS_ALDER__MAX
};

/* "16-29", "30-39", ... */
const char	*fs_aldersgrupp_name(enum fs_aldersgrupp a);
enum fs_aldersgrupp fs_aldersgrupp_of(int alder);

#define FS_KOPPLING_FONSTER	365	/* days in each window */
#define FS_KOPPLING_PSEUDONYM_MAX 64	/* longest pseudonym accepted */
#define FS_KOPPLING_KOD_MAX	64	/* longest insats or förbund code */
#define FS_KOPPLING_MAX_DELTAGANDE 50000000u
#define FS_KOPPLING_PSEUDONYM_LEN 32	/* hex digits of our pseudonyms */

/*
 * Linkage projects (database)
 * ---------------------------
 */
#define FS_KOPPLING_NAMN_MAX 200

struct fs_koppling_projekt {
	int64_t	 id;
	char	 namn[FS_KOPPLING_NAMN_MAX + 1];
	char	 skapad_tid[21];	/* ISO 8601 UTC */
	char	 skapad_av[128];
	int64_t	 exporter;		/* number of exports */
	char	 senaste_export[21];	/* "" when none */
	int64_t	 senaste_rader;		/* rows of the latest export */
	char	 resultat_tid[21];	/* latest stored result, "" none */
};

/*
 * Create a project named namn (1-200 characters, no control
 * characters, unique): a random salt is stored with it.  *id gets its
 * id.  Errors: FS_EINVAL "namn" (empty, too long, control character),
 * FS_ECONFLICT "namn" (taken).  Audited as "koppling.skapa".
 */
enum fs_rc	 fs_koppling_skapa(struct fs_db *db, const char *namn,
		    int64_t *id, struct fs_err *err) FS_MUSTCHECK;

/*
 * The project with id id, or named namn when id is 0.  FS_ENOTFOUND
 * "projekt" when there is none.
 */
enum fs_rc	 fs_koppling_hamta(struct fs_db *db, int64_t id,
		    const char *namn, struct fs_koppling_projekt *out,
		    struct fs_err *err) FS_MUSTCHECK;

/* Every project by id (free *out with free()); *n their number. */
enum fs_rc	 fs_koppling_lista(struct fs_db *db,
		    struct fs_koppling_projekt **out, size_t *n,
		    struct fs_err *err) FS_MUSTCHECK;

/* The projects as JSON, {"projekt": [...]}, for the web and --format json. */
enum fs_rc	 fs_koppling_lista_write_json(const struct fs_koppling_projekt *v,
		    size_t n, struct fs_buf *out, struct fs_err *err)
		    FS_MUSTCHECK;

/*
 * The 32-byte pseudonymisation key of project id (for the register
 * holder).  FS_ENOTFOUND "projekt".  The caller wipes out after use.
 * Audited as "koppling.nyckel".
 */
enum fs_rc	 fs_koppling_nyckel(struct fs_db *db, int64_t id,
		    unsigned char out[32], struct fs_err *err) FS_MUSTCHECK;

/* The pseudonym of pnr12 under key: 32 hex digits and a NUL. */
void		 fs_koppling_pseudonym(const unsigned char key[32],
		    const char *pnr12, char out[FS_KOPPLING_PSEUDONYM_LEN + 1]);

/*
 * Which participations an export holds: identified participations
 * (de-identified ones have no person to link) that are not
 * felregistreringar, optionally of one förbund (forbund_kod, borrowed,
 * NULL for all) and starting in [fran, till] (FS_DATE_NONE: open).
 */
struct fs_koppling_urval {
	const char	*forbund_kod;
	int32_t		 fran;
	int32_t		 till;
};

/*
 * Write the pseudonymised participation file of project id to path:
 *	pseudonym,insats_kod,forbund_kod,kon,alder_vid_start,startdatum,
 *	slutdatum
 * (UTF-8, ',' separator, header row, slutdatum empty when open),
 * sorted by pseudonym so that the order says nothing about the
 * database.  The file is created with mode 0600 under a temporary name
 * and renamed into place when complete; an existing file is refused
 * (FS_ECONFLICT "ut").  *rows gets the number of data rows.  The export
 * is recorded with the project and in the audit log
 * ("koppling.exportera", outcome "ok"; a failed export of a known
 * project is logged with outcome "fel").  Personnummer are decrypted
 * one at a time to compute the pseudonym and wiped at once.  Errors: FS_ENOTFOUND
 * "projekt" or "forbund"; FS_EINVAL "till" when fran > till; FS_EIO
 * "ut".
 */
enum fs_rc	 fs_koppling_exportera(struct fs_db *db, int64_t id,
		    const struct fs_koppling_urval *u, const char *path,
		    uint64_t *rows, struct fs_err *err) FS_MUSTCHECK;

/*
 * Store the aggregate result JSON (as written by
 * fs_koppling_resultat_write with FS_KOPPLING_JSON) with project id,
 * for the web UI; audited as "koppling.resultat".
 */
enum fs_rc	 fs_koppling_resultat_spara(struct fs_db *db, int64_t id,
		    const char *json, struct fs_err *err) FS_MUSTCHECK;
/*
 * The latest stored result JSON of project id, appended to out;
 * FS_ENOTFOUND "resultat" when none is stored.
 */
enum fs_rc	 fs_koppling_resultat_hamta(struct fs_db *db, int64_t id,
		    struct fs_buf *out, struct fs_err *err) FS_MUSTCHECK;

/* One export of a project's participation file. */
struct fs_koppling_export {
	int64_t	 id;
	char	 tid[21];
	char	 av[128];
	int64_t	 rader;
	char	 urval[256];	/* the selection as JSON */
};

/* The exports of project id, newest first (free *out with free()). */
enum fs_rc	 fs_koppling_exporter(struct fs_db *db, int64_t id,
		    struct fs_koppling_export **out, size_t *n,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * Runs (the web application's computations)
 * -----------------------------------------
 * A run is a computation of one project made in two steps, because the
 * two files come one at a time over HTTP: fs_koppling_korning_skapa()
 * checks the participation file and keeps it with the run (status
 * "vantar"); fs_koppling_korning_starta() claims the run ("pagar") and
 * fs_koppling_korning_berakna() streams a spell file against it.  On
 * success the run keeps the aggregate JSON and the chart (status
 * "klar"), the kept participation file is dropped, and the result is
 * also stored with the project (fs_koppling_resultat_spara()).  A spell
 * file that is refused sends the run back to "vantar" with the error
 * (field and message) so that a corrected file can be sent; nothing
 * else is stored.  Only pseudonyms are ever kept.
 */
struct fs_koppling_params;	/* below, with the engine */

#define FS_KORNING_VANTAR	"vantar"
#define FS_KORNING_PAGAR	"pagar"
#define FS_KORNING_KLAR		"klar"
#define FS_KORNING_STANGD	"stangd"	/* replaced by a newer run */

struct fs_koppling_korning {
	int64_t	 id;
	int64_t	 projekt_id;
	char	 skapad_tid[21];
	char	 skapad_av[128];
	char	 status[8];		/* FS_KORNING_* */
	int32_t	 tackning_fran;		/* parameters, FS_DATE_NONE: none */
	int32_t	 tackning_tom;
	unsigned min_antal;
	uint64_t deltaganden;		/* rows of the participation file */
	uint64_t perioder;		/* spell rows read (when klar) */
	char	 start_tid[21];		/* "" until started */
	char	 klar_tid[21];		/* "" until klar */
	char	 fel_falt[64];		/* the last refusal, "" none */
	char	 fel_meddelande[512];
};

/*
 * Create a run of project id with the parameters of p (tackning_fran,
 * tackning_tom, min_antal; the rest is ignored) and the participation
 * file csv[0..len): it is read as fs_koppling_deltagande_mem() reads it
 * and refused the same way (FS_EINVAL naming the column, "rad N"),
 * storing nothing.  Errors also: FS_ENOTFOUND "projekt"; FS_EINVAL
 * "tackning_tom" (before tackning_fran), "min_antal" (0 or over 1000).
 * Any run of the project still waiting is closed first (its kept file
 * dropped), so a project keeps at most one file.  *id gets the run's id
 * and *rader (may be NULL) the participations.  Audited as
 * "koppling.korning".
 */
enum fs_rc	 fs_koppling_korning_skapa(struct fs_db *db, int64_t id,
		    const struct fs_koppling_params *p, const char *csv,
		    size_t len, int64_t *korning, uint64_t *rader,
		    struct fs_err *err) FS_MUSTCHECK;

/* Run id; FS_ENOTFOUND "korning". */
enum fs_rc	 fs_koppling_korning_hamta(struct fs_db *db, int64_t id,
		    struct fs_koppling_korning *out, struct fs_err *err)
		    FS_MUSTCHECK;

/* The runs of project id, newest first (free *out with free()). */
enum fs_rc	 fs_koppling_korningar(struct fs_db *db, int64_t projekt_id,
		    struct fs_koppling_korning **out, size_t *n,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * Claim run id for a computation: "vantar" -> "pagar", clearing the
 * last error.  FS_ENOTFOUND "korning"; FS_ECONFLICT "status" when the
 * run is not waiting (computing already, or done).
 */
enum fs_rc	 fs_koppling_korning_starta(struct fs_db *db, int64_t id,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * Compute claimed run id over the spell file perioder[0..len) with the
 * run's parameters (progress and tradar from p, which may be NULL) and
 * store the outcome as described above.  Returns the computation's
 * result code; err names the field of a refused spell file (also kept
 * with the run).  Audited as "koppling.berakna" with outcome ok/fel.
 */
enum fs_rc	 fs_koppling_korning_berakna(struct fs_db *db, int64_t id,
		    const char *perioder, size_t len,
		    const struct fs_koppling_params *p, struct fs_err *err)
		    FS_MUSTCHECK;

/*
 * Put a run left "pagar" by a process that is gone back to "vantar",
 * with a message saying so.  FS_ECONFLICT "status" when it is not
 * "pagar".
 */
enum fs_rc	 fs_koppling_korning_avbruten(struct fs_db *db, int64_t id,
		    struct fs_err *err) FS_MUSTCHECK;

/* The aggregate JSON, or the SVG chart, of a finished run, into out;
 * FS_ENOTFOUND "resultat" when the run has none. */
enum fs_rc	 fs_koppling_korning_resultat(struct fs_db *db, int64_t id,
		    bool svg, struct fs_buf *out, struct fs_err *err)
		    FS_MUSTCHECK;

/*
 * The engine
 * ----------
 */
struct fs_koppling;

/* Called now and then with bytes of the spell file done and in all. */
typedef void (*fs_koppling_progress_fn)(void *arg, uint64_t done,
    uint64_t total);

/*
 * Start from fs_koppling_params_init() (no coverage start, coverage end
 * from the file, threads chosen from the CPUs, min_antal 5).
 *	tackning_fran	first day the register covers, or FS_DATE_NONE
 *	tackning_tom	last day it covers, or FS_DATE_NONE for the
 *			latest tom in the spell file; spells are clipped
 *			to [tackning_fran, tackning_tom]
 *	tradar		threads for the spell file, 0 = automatic (the
 *			online CPUs, at most 8; one for files under
 *			16 MiB, memory input and pipes)
 *	min_antal	suppression threshold k, 1 = no suppression
 */
struct fs_koppling_params {
	int32_t			 tackning_fran;
	int32_t			 tackning_tom;
	unsigned		 tradar;
	unsigned		 min_antal;
	fs_koppling_progress_fn	 progress;	/* may be NULL */
	void			*arg;
};

void		 fs_koppling_params_init(struct fs_koppling_params *p);

enum fs_rc	 fs_koppling_alloc(struct fs_koppling **out, struct fs_err *err)
		    FS_MUSTCHECK;
void		 fs_koppling_free(struct fs_koppling *k);

/*
 * Read the participation file (the export format above; columns in any
 * order, each exactly once, no others).  All or nothing: a bad row
 * gives FS_EINVAL naming the column, with "rad N" in the message, and
 * leaves the engine empty.  Rules: pseudonym 1-64 characters of
 * [0-9A-Za-z_.-]; insats_kod and forbund_kod 1-64 characters; kon k or
 * m; alder_vid_start 0-120; startdatum a date; slutdatum empty or a
 * date not before startdatum; no participation (pseudonym, insats_kod,
 * startdatum) twice.  May be called once per engine.
 */
enum fs_rc	 fs_koppling_deltagande_file(struct fs_koppling *k,
		    const char *path, struct fs_err *err) FS_MUSTCHECK;
enum fs_rc	 fs_koppling_deltagande_mem(struct fs_koppling *k,
		    const char *p, size_t len, struct fs_err *err) FS_MUSTCHECK;

/*
 * Stream the spell file pseudonym,forman,from,tom,omfattning (columns
 * in any order, ',' or ';', optional BOM, CRLF or LF, quoted fields
 * allowed but not over lines).  Every row is checked, also rows of
 * persons not in the participation file: forman one of the eight
 * benefits, from and tom dates with tom not before from, omfattning
 * 25, 50, 75 or 100, pseudonym as above.  A bad row gives FS_EINVAL
 * naming the column with "rad N" in the message (with several threads:
 * the first bad row one of them met), and the engine must then be
 * freed.  Call after the participation file, once.
 */
enum fs_rc	 fs_koppling_perioder_file(struct fs_koppling *k,
		    const char *path, const struct fs_koppling_params *p,
		    struct fs_err *err) FS_MUSTCHECK;
enum fs_rc	 fs_koppling_perioder_mem(struct fs_koppling *k,
		    const char *p, size_t len,
		    const struct fs_koppling_params *par, struct fs_err *err)
		    FS_MUSTCHECK;

/*
 * Merge every participation's segments into net days and set the
 * completeness flags.  Call once, after the spells.
 */
enum fs_rc	 fs_koppling_finish(struct fs_koppling *k,
		    const struct fs_koppling_params *p, struct fs_err *err)
		    FS_MUSTCHECK;

/* One participation's result (after fs_koppling_finish()). */
struct fs_koppling_rad {
	const char	*pseudonym;	/* borrowed from the engine */
	const char	*insats_kod;
	const char	*forbund_kod;
	char		 kon;		/* 'k' or 'm' */
	int		 alder;
	int32_t		 startdatum;
	int32_t		 slutdatum;	/* FS_DATE_NONE when open */
	bool		 fore_komplett;
	bool		 efter_komplett;
	/* net days in quarter days (0-1460) per benefit */
	uint16_t	 fore[FS_FORMAN__MAX];
	uint16_t	 efter[FS_FORMAN__MAX];
};

/* Participations read, in file order. */
size_t		 fs_koppling_antal(const struct fs_koppling *k);
/* Row i (< fs_koppling_antal()) into *out. */
void		 fs_koppling_rad(const struct fs_koppling *k, size_t i,
		    struct fs_koppling_rad *out);
/* The coverage actually used (after fs_koppling_finish()). */
int32_t		 fs_koppling_tackning_tom(const struct fs_koppling *k);
/* Spell rows read, and rows that belonged to some participant. */
uint64_t	 fs_koppling_perioder_rader(const struct fs_koppling *k);
uint64_t	 fs_koppling_perioder_traffar(const struct fs_koppling *k);

/*
 * Write the per-participation file (evaluation.md) to path, one row per
 * participation and benefit in file order:
 *	pseudonym,insats_kod,startdatum,slutdatum,forman,dagar_fore,
 *	dagar_efter,fore_komplett,efter_komplett
 * with net days to two decimals.  Mode 0600, temporary name renamed
 * into place.  FS_EIO "ut".
 */
enum fs_rc	 fs_koppling_write_rader(const struct fs_koppling *k,
		    const char *path, struct fs_err *err) FS_MUSTCHECK;

/*
 * Aggregates
 * ----------
 * A 95 % interval; defined only when the cell has 2 or more
 * participations (otherwise both ends are NaN).
 */
struct fs_koppling_medel {
	double	 medel;		/* mean net days */
	double	 lag;		/* lower end of the 95 % interval */
	double	 hog;		/* upper end */
};

#define FS_KOPPLING_ALLA (-1)

struct fs_koppling_cell {
	int		 forman;	/* enum fs_forman */
	char		 kon;		/* 'k', 'm' or 0 for alla */
	int		 forbund;	/* index in forbund[], or ALLA */
	int		 aldersgrupp;	/* enum fs_aldersgrupp, or ALLA */
	uint64_t	 n;		/* participations */
	uint64_t	 n_med_fore;	/* with any days before */
	uint64_t	 n_med_efter;	/* with any days after */
	struct fs_koppling_medel fore;
	struct fs_koppling_medel efter;
	struct fs_koppling_medel forandring;	/* after minus before */
	bool		 undertryckt;	/* figures and counts hidden */
	bool		 sekundar;	/* hidden to protect another cell */
	bool		 dold_fore;	/* n_med_fore hidden */
	bool		 dold_efter;	/* n_med_efter hidden */
};

struct fs_koppling_resultat {
	uint64_t	 deltaganden;		/* rows of the participation file */
	uint64_t	 anvanda;		/* both windows complete */
	uint64_t	 pagaende;		/* no slutdatum */
	uint64_t	 efter_ofullstandigt;	/* finished, after-window cut */
	uint64_t	 fore_ofullstandigt;	/* before-window cut (only) */
	uint64_t	 perioder;		/* spell rows read */
	uint64_t	 perioder_traff;	/* rows of participants */
	int32_t		 tackning_fran;		/* FS_DATE_NONE if none */
	int32_t		 tackning_tom;
	unsigned	 min_antal;
	char		**forbund;		/* codes, sorted */
	size_t		 nforbund;
	/*
	 * Every cell: benefit x (kon: alla, k, m) x (förbund: alla, each)
	 * x (age: alla, each), in that nesting order.
	 */
	struct fs_koppling_cell *celler;
	size_t		 ncell;
};

/* Build the aggregates from a finished engine. */
enum fs_rc	 fs_koppling_aggregera(const struct fs_koppling *k,
		    const struct fs_koppling_params *p,
		    struct fs_koppling_resultat **out, struct fs_err *err)
		    FS_MUSTCHECK;
void		 fs_koppling_resultat_free(struct fs_koppling_resultat *r);

/* The cell for (forman, kon 0/'k'/'m', forbund index or ALLA, age or ALLA). */
const struct fs_koppling_cell *fs_koppling_cell(
		    const struct fs_koppling_resultat *r, int forman, char kon,
		    int forbund, int aldersgrupp);

/*
 * The whole chain in one call, for the CLI and the web: read the
 * participation file, stream the spell file, finish, write the per-
 * participation file to ut (NULL: none) and aggregate.  *out is NULL
 * on failure.
 */
enum fs_rc	 fs_koppling_berakna(const char *deltagande,
		    const char *perioder, const char *ut,
		    const struct fs_koppling_params *p,
		    struct fs_koppling_resultat **out, struct fs_err *err)
		    FS_MUSTCHECK;

/*
 * Output
 * ------
 * TEXT: the headline per benefit ("Sjukpenning: -10,0 dagar") and
 * tables by sex, age group and förbund.  JSON: every cell,
 *	{"deltaganden", "anvanda", "uteslutna": {...}, "perioder": {...},
 *	 "tackning": {"fran", "tom"}, "min_antal", "celler": [{"forman",
 *	 "kon", "forbund", "aldersgrupp", "n", "n_med_fore", "n_med_efter",
 *	 "fore": {"medel", "ki_lag", "ki_hog"}, "efter": {...},
 *	 "forandring": {...}, "undertryckt"}]}
 * with null for hidden or undefined figures.  CSV: one row per cell
 * (Swedish Excel: BOM, ';', decimal comma; CSV_PLAIN: ',' and '.').
 */
enum fs_koppling_format {
	FS_KOPPLING_TEXT,
	FS_KOPPLING_JSON,
	FS_KOPPLING_CSV,
	FS_KOPPLING_CSV_PLAIN,
	FS_KOPPLING_FORMAT__MAX
};

/* "text", "json", "csv", "csv-plain" -> format, or -1. */
int		 fs_koppling_format_find(const char *name);

enum fs_rc	 fs_koppling_resultat_write(const struct fs_koppling_resultat *r,
		    enum fs_koppling_format f, struct fs_buf *out,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * Write the aggregates as an XLSX workbook to path (replacing it):
 * sheet "Sammanfattning" (all participations, one row per benefit) and
 * sheet "Aggregat" (every cell with participations, as the CSV), with
 * real number cells.  In hidden cells the count is the text "<k" and
 * the figures are empty.  FS_EIO "xlsx" when it cannot be written.
 */
enum fs_rc	 fs_koppling_resultat_xlsx(const struct fs_koppling_resultat *r,
		    const char *path, struct fs_err *err) FS_MUSTCHECK;

/*
 * An SVG bar chart (self-contained, with title and description for
 * screen readers): mean net days before and after per benefit, all
 * participations, with the 95 % intervals as whiskers.
 */
enum fs_rc	 fs_koppling_resultat_svg(const struct fs_koppling_resultat *r,
		    struct fs_buf *out, struct fs_err *err) FS_MUSTCHECK;

/* Two-sided 95 % quantile of Student's t with df degrees of freedom. */
double		 fs_koppling_t975(uint64_t df);

/*
 * Synthetic registers
 * -------------------
 * A pseudonymised participation file and a benefit-spell file that fit
 * it: sick-leave spells of weeks to years at 25-100 %, rehabilitering
 * after long sick leave, long sjukersättning for the older and
 * aktivitetsersättning for the young, a-kassa and aktivitetsstöd,
 * etableringsersättning for some newcomers and försörjningsstöd in
 * calendar months; participants use more support in the year before
 * the insats than the population at large and, on average, somewhat
 * less sjukpenning and more sjuk- and aktivitetsersättning after it
 * (the pattern of FK's follow-up).  A share of the spells belongs to
 * persons outside the participation file, as in a register extract.
 * Each person's spells are written together (persons in random order),
 * but nothing depends on that.  Deterministic for a seed.
 *
 *	personer	persons in the participation file, 1-10 000 000
 *	deltaganden	participations, >= personer (0: about 7 % more
 *			than persons, as in SUS)
 *	perioder	spell rows to write, 0-2 000 000 000
 *	forbund		förbund codes used, 1-80
 *	fran, till	the participations start and end in [fran, till];
 *			spells cover [fran - 3 years, till + 1 year]
 *	deltagande_fil	when not NULL, read this participation file (the
 *			export format) instead of drawing one; personer
 *			and deltaganden are then taken from it
 */
struct fs_koppling_gen_params {
	uint64_t	 personer;
	uint64_t	 deltaganden;
	uint64_t	 perioder;
	unsigned	 forbund;
	uint64_t	 seed;
	int32_t		 fran;
	int32_t		 till;
	const char	*deltagande_fil;
};

struct fs_koppling_gen_stats {
	uint64_t	 personer;
	uint64_t	 deltaganden;
	uint64_t	 perioder;
	uint64_t	 perioder_deltagare;	/* spells of participants */
	uint64_t	 bytes;			/* size of perioder.csv */
};

/* Defaults: 1 000 persons, 0 participations (automatic), 100 000
 * spells, 10 förbund, seed 1, 2019-01-01 .. 2023-12-31. */
void		 fs_koppling_gen_params_init(struct fs_koppling_gen_params *p);

/*
 * Write dir/deltagande.csv (unless deltagande_fil is given) and
 * dir/perioder.csv; dir is created when missing.  Files are written
 * under temporary names and renamed when complete.  progress (may be
 * NULL) gets spell rows done and in all.  FS_EINVAL naming the field
 * ("personer", "deltaganden", "perioder", "forbund", "fran", "till"),
 * FS_EIO, FS_ENOMEM.
 */
enum fs_rc	 fs_koppling_gen_write(const struct fs_koppling_gen_params *p,
		    const char *dir, fs_koppling_progress_fn progress,
		    void *arg, struct fs_koppling_gen_stats *stats,
		    struct fs_err *err) FS_MUSTCHECK;

#endif
