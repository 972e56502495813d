/* SPDX-License-Identifier: ISC */
/*
 * The money of one förbund (finance.md "Contributions", "Equity",
 * "Accounts"): what the state, the region(s) and each kommun pay for a
 * year, the accounts and the budget (income by funder, costs by kind,
 * result, equity), budget against outcome, the trappan check, kronor
 * per inhabitant 16-64, and the calendar of what is due and what is
 * late.  Each "page" is one function that fills a struct, plus a writer
 * of that struct as JSON (through jansson, the API's serialisation) or
 * text, so that the CLI and an HTTP handler give the same figures.
 *
 * Contributions.  FK pays the state's share S (what the förbund takes
 * of its possible allocation); the region(s) and the kommuner together
 * each pay half of S.  When S is odd the extra krona goes to the region
 * part (largest remainder, ties to the region).  The region part is
 * split among several regions by the population of the förbund's
 * kommuner in each region's län; the kommun part by population 16-64
 * (default), in equal parts, or by agreed fixed shares.  Every split
 * uses the largest-remainder rule, ties to the lower code.
 *
 * Accounts.  Income = stat + region + kommuner + ESF + övriga; costs =
 * insatser (the insatser's budget lines of the year, utfall_kr for the
 * accounts and budget_kr for the budget, plus any amount recorded
 * directly as kostnad_insatser) + administration + styrelse + revision;
 * result = income - costs.  Equity at year end is as recorded.
 *
 * Calendar (domain.md, finance.md).  For a day in year Y: the budget
 * for Y and for Y + 1 (due 30 November of the year before, after
 * samråd with the members: samråd is due with the budget decision and
 * must not come after it), the annual report for Y - 1 (due 31 March
 * of Y, three months after the year end) and every member's discharge
 * decision for Y - 1 (members during Y - 1; due 30 June of Y, an
 * ASSUMPTION: the law gives no date, antagande is set).
 *
 * Ownership: structs are released with their _release() function.
 */
#ifndef FS_EKONOMI_H
#define FS_EKONOMI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/err.h"
#include "finsam/tilldelning.h"

/* Output formats of the pages below. */
enum fs_ek_format {
	FS_EK_TEXT,
	FS_EK_JSON,
	FS_EK_FORMAT__MAX
};

/* "text", "json" -> format, or -1. */
int		 fs_ek_format_find(const char *name);

/*
 * Contributions
 * -------------
 */
enum fs_bidrag_fordelning {
	FS_BIDRAG_BEFOLKNING,	/* "befolkning": by population 16-64 */
	FS_BIDRAG_LIKA,		/* "lika": equal parts */
	FS_BIDRAG_ANDELAR,	/* "andelar": agreed fixed shares */
	FS_BIDRAG__MAX
};

const char	*fs_bidrag_fordelning_name(enum fs_bidrag_fordelning f);
int		 fs_bidrag_fordelning_find(const char *name);

/* A member's part: a region (län code) or a kommun. */
struct fs_bidrag_medlem {
	char	 kod[5];
	char	 namn[48];
	int64_t	 befolkning;
	int64_t	 andel;		/* agreed share (andelar) or 0 */
	int64_t	 belopp;	/* kr */
};

struct fs_bidrag {
	char			 kod[FS_TDL_KOD_MAX + 1];
	char			*namn;		/* owned */
	int			 ar;
	int			 dataar;	/* population year */
	char			 kalla[96];	/* where S came from */
	enum fs_bidrag_fordelning fordelning;
	char			 fordelning_kalla[64]; /* given, stored, default */
	int64_t			 mojlig;	/* possible allocation or NONE */
	int32_t			 utnyttjandegrad_bp; /* S / mojlig, or -1 */
	int64_t			 stat;		/* S */
	int64_t			 region;	/* S / 2, the extra krona */
	int64_t			 kommuner;	/* S - region */
	int64_t			 totalt;	/* 2 S: the budget */
	struct fs_bidrag_medlem	*regioner;	/* owned */
	size_t			 nregioner;
	struct fs_bidrag_medlem	*kommun;	/* owned, by code */
	size_t			 nkommun;
};

void		 fs_bidrag_release(struct fs_bidrag *b);

/*
 * The pure split: S = stat (>= 0) between the region and kommun parts,
 * the region part over b->regioner by their befolkning and the kommun
 * part over b->kommun by f (befolkning, lika, or andel; shares must
 * not all be 0: FS_EINVAL "andelar").  The caller fills the members'
 * kod, namn, befolkning and andel; this fills the amounts.  A zero
 * population everywhere falls back to equal parts.
 */
enum fs_rc	 fs_bidrag_split(struct fs_bidrag *b, int64_t stat,
		    enum fs_bidrag_fordelning f, struct fs_err *err)
		    FS_MUSTCHECK;

struct fs_bidrag_fraga {
	const char			*forbund_kod;
	int				 ar;
	int64_t				 statligt;	/* kr, FS_TDL_NONE */
	int32_t				 utnyttjandegrad_bp; /* -1: none */
	/*
	 * sparad: the split stored for the förbund and ar (see "Stored
	 * kommun split" below; none stored: befolkning), and fordelning
	 * and andelar must be left at befolkning / none.  Otherwise
	 * fordelning and andelar as given.
	 */
	bool				 sparad;
	enum fs_bidrag_fordelning	 fordelning;
	const struct fs_bidrag_medlem	*andelar;	/* kod + andel */
	size_t				 nandelar;
	int				 dataar;	/* 0: ar - 2 */
};

/*
 * The contributions of q->forbund_kod for q->ar.  S is q->statligt when
 * given; else the förbund's allocation in the latest stored calculation
 * of the year (tilldelning, or mojlig times q->utnyttjandegrad_bp when
 * given), else the allocation computed now with the year's parameter
 * set (not stored).  The kommuner are those on 1 January of ar; their
 * population is that of the data year.  Errors name "forbund", "ar",
 * "statligt", "utnyttjandegrad", "andelar" (a kommun that is no member
 * or a member without a share) or "forsorjningsmatt" (no population).
 */
enum fs_rc	 fs_bidrag(struct fs_db *db, const struct fs_bidrag_fraga *q,
		    struct fs_bidrag *out, struct fs_err *err) FS_MUSTCHECK;
enum fs_rc	 fs_bidrag_write(const struct fs_bidrag *b, enum fs_ek_format f,
		    struct fs_buf *out, struct fs_err *err) FS_MUSTCHECK;

/*
 * Stored kommun split
 * -------------------
 * How a förbund's kommun quarter is divided among its kommuner, as the
 * members agreed (finance.md "Contributions"): by population 16-64
 * (befolkning, the default when nothing is stored), in equal parts
 * (lika) or by fixed shares (andelar) that sum to exactly 100 %.  A
 * split is recorded from an allocation year (fran_ar) with the date of
 * the decision, and holds until a split from a later year replaces it;
 * contributions (fs_bidrag() with sparad) and the budget's kommun
 * income per kommun (fs_ek_ar()) use the split in force for their year
 * unless the caller gives one.
 */
struct fs_kfd_andel {
	char	 kod[5];		/* kommunkod */
	char	 namn[48];		/* filled when read */
	int32_t	 andel_bp;		/* basis points: 30 % = 3000 */
};

struct fs_kommunfordelning {
	char			 kod[FS_TDL_KOD_MAX + 1];	/* förbund */
	int			 fran_ar;	/* 0: none stored (default) */
	enum fs_bidrag_fordelning fordelning;
	int32_t			 beslutad;	/* FS_DATE_NONE: not given */
	struct fs_kfd_andel	*andel;		/* owned, by kod */
	size_t			 nandel;
	char			 registrerad_av[64];
	char			 registrerad_tid[21];
};

void		 fs_kommunfordelning_release(struct fs_kommunfordelning *k);
void		 fs_kommunfordelning_list_free(struct fs_kommunfordelning *v,
		    size_t n);
/*
 * Record the split of förbund forbund_kod from year fran_ar (1990-2999,
 * "fran_ar"), replacing one recorded earlier for the same year.  Rules:
 * shares ("andelar") only with andelar and then one per kommun that is
 * a member on 1 January of fran_ar, each 0-100 % and together exactly
 * 100 %; beslutad (may be FS_DATE_NONE) not after today ("beslutad").
 * All or nothing.  Audited.
 */
enum fs_rc	 fs_kommunfordelning_set(struct fs_db *db,
		    const char *forbund_kod, int fran_ar,
		    enum fs_bidrag_fordelning f, int32_t beslutad,
		    const struct fs_kfd_andel *andelar, size_t n,
		    struct fs_err *err) FS_MUSTCHECK;
/*
 * The split in force for year ar: the one with the latest fran_ar <= ar,
 * or (fran_ar 0) the default by population.  *out is initialised.
 */
enum fs_rc	 fs_kommunfordelning_get(struct fs_db *db,
		    const char *forbund_kod, int ar,
		    struct fs_kommunfordelning *out, struct fs_err *err)
		    FS_MUSTCHECK;
/* Every split recorded for the förbund, oldest first (*v owned). */
enum fs_rc	 fs_kommunfordelning_list(struct fs_db *db,
		    const char *forbund_kod, struct fs_kommunfordelning **v,
		    size_t *n, struct fs_err *err) FS_MUSTCHECK;
/*
 * Shares as written on the command line and in the API, into *out
 * (owned, free()): agreed shares of any unit "0604:30,0617:70"
 * (0-1 000 000 000 each) for fs_bidrag(), or percentages with at most
 * two decimals after a point "0662:33.34,0665:66.66" for
 * fs_kommunfordelning_set().  FS_EINVAL "andelar" naming the rule.
 */
enum fs_rc	 fs_bidrag_andelar_parse(const char *s,
		    struct fs_bidrag_medlem **out, size_t *n,
		    struct fs_err *err) FS_MUSTCHECK;
enum fs_rc	 fs_kfd_andelar_parse(const char *s, struct fs_kfd_andel **out,
		    size_t *n, struct fs_err *err) FS_MUSTCHECK;
/*
 * JSON {"forbund_kod", "fordelningar": [{"fran_ar", "fordelning",
 * "beslutad", "andelar": [{"kod", "namn", "procent"}], ...}]} of the n
 * splits, or text, one paragraph each.
 */
enum fs_rc	 fs_kommunfordelning_write(const char *forbund_kod,
		    const struct fs_kommunfordelning *v, size_t n,
		    enum fs_ek_format f, struct fs_buf *out, struct fs_err *err)
		    FS_MUSTCHECK;

/*
 * Accounts and budget
 * -------------------
 */
enum fs_ek_typ {
	FS_EK_UTFALL,		/* "utfall": the accounts */
	FS_EK_BUDGET,		/* "budget" */
	FS_EK_TYP__MAX
};

enum fs_ek_post {
	FS_EK_INTAKT_STAT,
	FS_EK_INTAKT_REGION,
	FS_EK_INTAKT_KOMMUN,		/* per kommun (medlem) or in total */
	FS_EK_INTAKT_ESF,
	FS_EK_INTAKT_OVRIGA,
	FS_EK_KOSTNAD_INSATSER,
	FS_EK_KOSTNAD_ADMINISTRATION,
	FS_EK_KOSTNAD_STYRELSE,
	FS_EK_KOSTNAD_REVISION,
	FS_EK_EGET_KAPITAL,		/* at year end */
	FS_EK_POST__MAX
};

const char	*fs_ek_typ_name(enum fs_ek_typ t);
int		 fs_ek_typ_find(const char *name);
/* Wire name "intakt_stat", ...; short names "stat", "insatser" ... too. */
const char	*fs_ek_post_name(enum fs_ek_post p);
const char	*fs_ek_post_label(enum fs_ek_post p);
int		 fs_ek_post_find(const char *name);

/* One amount to record; medlem "" except for intakt_kommun. */
struct fs_ek_belopp {
	enum fs_ek_post	 post;
	char		 medlem[5];	/* kommunkod for intakt_kommun, or "" */
	int64_t		 belopp;	/* kr */
};

/*
 * Record amounts of förbund forbund_kod, year ar (1990-2999), typ, all
 * or nothing, replacing earlier values of the same post (and member).
 * Rules: income and costs 0-100 000 000 000 kr (field: the post's
 * name), equity within +-100 000 000 000 kr; a member only for
 * intakt_kommun and then a kommun that is a member of the förbund in
 * that year ("medlem").  Audited.
 */
enum fs_rc	 fs_ek_set(struct fs_db *db, const char *forbund_kod, int ar,
		    enum fs_ek_typ typ, const struct fs_ek_belopp *v, size_t n,
		    struct fs_err *err) FS_MUSTCHECK;

/* The accounts or the budget of one year. */
struct fs_ek_konto {
	bool			 finns;		/* anything recorded */
	int64_t			 post[FS_EK_POST__MAX]; /* FS_TDL_NONE: none */
	int64_t			 insatser_rader; /* from budget lines */
	size_t			 n_rader;	/* budget lines found */
	struct fs_ek_belopp	*kommun;	/* intakt_kommun per kommun */
	size_t			 nkommun;
	int64_t			 intakter;
	int64_t			 kostnader;
	int64_t			 resultat;
	int64_t			 eget_kapital;	/* FS_TDL_NONE: none */
};

struct fs_ek_ar {
	char			 kod[FS_TDL_KOD_MAX + 1];
	char			*namn;		/* owned */
	int			 ar;
	struct fs_ek_konto	 utfall;
	struct fs_ek_konto	 budget;
	struct fs_trappan	 trappan;	/* the bands used */
	bool			 har_trappan;	/* income and equity known */
	struct fs_trappan_res	 trappan_res;
	int64_t			 befolkning;	/* 16-64 of the förbund */
	int			 befolkning_ar;	/* 0: no figures */
	int64_t			 statligt;	/* state income (utfall) */
	/*
	 * The budget's kommun income (intakt_kommun in total) per member
	 * kommun by the split in force for ar, when the budget records
	 * no amounts per kommun; nbudget_kommun 0 when there is nothing
	 * to split or the population for the split is missing.
	 */
	struct fs_bidrag_medlem	*budget_kommun;	/* owned */
	size_t			 nbudget_kommun;
	enum fs_bidrag_fordelning budget_fordelning;
	char			 budget_fordelning_kalla[64];
};

void		 fs_ek_ar_release(struct fs_ek_ar *a);
/*
 * Accounts, budget, budget against outcome, trappan (t, or the default
 * when NULL) and kronor per inhabitant (state income of the accounts,
 * else of the budget, over the population 16-64 of the förbund's
 * kommuner on 31 December of ar, with the latest försörjningsmått year
 * up to ar).
 */
enum fs_rc	 fs_ek_ar(struct fs_db *db, const char *forbund_kod, int ar,
		    const struct fs_trappan *t, struct fs_ek_ar *out,
		    struct fs_err *err) FS_MUSTCHECK;
enum fs_rc	 fs_ek_ar_write(const struct fs_ek_ar *a, enum fs_ek_format f,
		    struct fs_buf *out, struct fs_err *err) FS_MUSTCHECK;

/* Several förbund side by side with a total row (the seed's table). */
struct fs_ek_oversikt {
	int			 ar;
	char			 lan[3];	/* "" for every förbund */
	struct fs_trappan	 trappan;
	struct fs_ek_ar		*forbund;	/* owned */
	size_t			 nforbund;
	struct fs_ek_konto	 summa;		/* sums of the accounts */
	bool			 har_summa_kapital;
};

void		 fs_ek_oversikt_release(struct fs_ek_oversikt *o);
/* The förbund with home län lan (NULL: all) that have accounts for ar. */
enum fs_rc	 fs_ek_oversikt(struct fs_db *db, int ar, const char *lan,
		    const struct fs_trappan *t, struct fs_ek_oversikt *out,
		    struct fs_err *err) FS_MUSTCHECK;
enum fs_rc	 fs_ek_oversikt_write(const struct fs_ek_oversikt *o,
		    enum fs_ek_format f, struct fs_buf *out, struct fs_err *err)
		    FS_MUSTCHECK;
/*
 * The trappan check r (made with t) on its own: JSON {"lage", "band",
 * "intakter", "eget_kapital", "niva", "niva_exakt", "overskott",
 * "over", "antagande"} or a few lines of text.
 */
enum fs_rc	 fs_trappan_write(const struct fs_trappan *t,
		    const struct fs_trappan_res *r, enum fs_ek_format f,
		    struct fs_buf *out, struct fs_err *err) FS_MUSTCHECK;
/* Append trappan t's bands as text ("20 % upp till 7 000 000 kr, ..."). */
enum fs_rc	 fs_trappan_describe(const struct fs_trappan *t,
		    struct fs_buf *out, struct fs_err *err) FS_MUSTCHECK;

/*
 * Calendar
 * --------
 */
enum fs_kal_handelse {
	FS_KAL_SAMRAD,		/* "samrad": budget consultation */
	FS_KAL_BUDGET,		/* "budget": budget adopted */
	FS_KAL_ARSREDOVISNING,	/* "arsredovisning" */
	FS_KAL_ANSVARSFRIHET,	/* "ansvarsfrihet": one member's decision */
	FS_KAL__MAX
};

enum fs_kal_status {
	FS_KAL_KLAR,		/* "klar": done by the due date */
	FS_KAL_SEN,		/* "sen": done, but late or out of order */
	FS_KAL_VANTAR,		/* "vantar": not yet done, not yet due */
	FS_KAL_FORSENAD,	/* "forsenad": not done and past due */
	FS_KAL_STATUS__MAX
};

const char	*fs_kal_handelse_name(enum fs_kal_handelse h);
int		 fs_kal_handelse_find(const char *name);
const char	*fs_kal_status_name(enum fs_kal_status s);

/*
 * Record that event h for year ar (the budget's or report's year)
 * happened on datum.  medlem: for ansvarsfrihet the member ("FK",
 * "AF", a län or kommun code that was a member during ar), else NULL
 * or "".  beslut for ansvarsfrihet: "beviljad" (default when NULL) or
 * "ej_beviljad".  Replaces an earlier record.  Audited.
 */
enum fs_rc	 fs_kal_set(struct fs_db *db, const char *forbund_kod, int ar,
		    enum fs_kal_handelse h, const char *medlem, int32_t datum,
		    const char *beslut, struct fs_err *err) FS_MUSTCHECK;

struct fs_kal_punkt {
	enum fs_kal_handelse	 handelse;
	int			 ar;
	char			 medlem[5];	/* ansvarsfrihet, else "" */
	char			 medlem_namn[48];
	int32_t			 forfaller;	/* due date */
	int32_t			 datum;		/* done, FS_DATE_NONE */
	char			 beslut[16];	/* ansvarsfrihet */
	enum fs_kal_status	 status;
	bool			 antagande;	/* due date is an assumption */
	char			 text[192];	/* Swedish, one line */
};

struct fs_kalender {
	char			 kod[FS_TDL_KOD_MAX + 1];
	char			*namn;		/* owned */
	int32_t			 idag;
	struct fs_kal_punkt	*punkt;		/* owned, by due date */
	size_t			 npunkt;
	size_t			 forsenade;
	size_t			 vantar;
};

void		 fs_kalender_release(struct fs_kalender *k);
/* What is due and what is late for the förbund on day idag. */
enum fs_rc	 fs_kalender(struct fs_db *db, const char *forbund_kod,
		    int32_t idag, struct fs_kalender *out, struct fs_err *err)
		    FS_MUSTCHECK;
enum fs_rc	 fs_kalender_write(const struct fs_kalender *k,
		    enum fs_ek_format f, struct fs_buf *out, struct fs_err *err)
		    FS_MUSTCHECK;

#endif
