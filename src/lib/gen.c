/* SPDX-License-Identifier: ISC */
/*
 * The synthetic data generator (gen.h).  Owns the model that turns
 * random numbers (rng.h) into förbund, insatser, persons and
 * participations with the national shares of SUS 2019, and the writing
 * of the four import files.  Three independent random streams are
 * derived from the seed (structure, participations, anonymous counts:
 * fs_rng_seed() streams 1, 2 and 3), so that a change of the number of
 * participations leaves förbund and insatser as they were.  All memory
 * is allocated up front per run (no allocation per row) and freed
 * before return; nothing survives the call.
 */
#include "compat.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/codes.h"
#include "finsam/gen.h"
#include "finsam/parse.h"
#include "finsam/pnr.h"
#include "finsam/refdata.h"
#include "finsam/rng.h"

/* Number of förbund areas the kommuner are divided into (as in 2019). */
#define NAREAS		80
#define FLUSH_AT	((size_t)1 << 20)
#define PROGRESS_EVERY	65536u
#define ROW_MAX		512
/* Födelsenummer 980-999: 10 per sex and date, twice (samordningsnummer). */
#define SERIAL_BASE	980
#define SLOTS_PER_DAY	40
#define SEARCH_DAYS	30
#define NO_IDX		UINT32_MAX

/* ---- weighted draws ------------------------------------------------- */

/* Index drawn with integer weights w[0..n); the sum must be > 0. */
static size_t
pick(struct fs_rng *r, const unsigned *w, size_t n)
{
	unsigned total = 0, x;

	for (size_t i = 0; i < n; i++)
		total += w[i];
	x = fs_rng_below(r, total);
	for (size_t i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* ---- the model ------------------------------------------------------- */

/* A förbund area: a range of the kommuner of one län in `order`. */
struct area {
	size_t		 lan;
	size_t		 k0;
	size_t		 nk;
	bool		 locked;	/* kept whole as a länsförbund */
};

struct forb {
	char		 kod[24];
	size_t		 lan;
	size_t		 k0, nk;
	bool		 lans;
	const char	*ort;		/* for insats names */
	int32_t		 start;
	size_t		 ins0, nins;
	double		 wsum;		/* participation weight */
};

struct ins {
	char		 kod[48];
	size_t		 forb;
	bool		 individ;
	size_t		 prec;		/* index into prec_ind / prec_str */
	int32_t		 start, slut;	/* slut FS_DATE_NONE when open */
	int32_t		 w0, w1;	/* where participations may lie */
	double		 w;		/* share of the förbund's rows */
	char		 namn[128];
};

struct person {
	int32_t		 birth;
	uint32_t	 last;		/* latest participation, or NO_IDX */
	uint8_t		 slot;		/* 0-39 within the birth date */
	uint8_t		 kvinna;
	uint8_t		 utb;
};

struct part {
	uint32_t	 ins;
	uint32_t	 person;
	int32_t		 start;
	int32_t		 slut;		/* INT32_MAX while open */
	uint32_t	 prev;		/* same person's previous, or NO_IDX */
};

struct gen {
	const struct fs_gen_params *p;
	struct fs_refdata	 ref;
	size_t			*order;	/* kommun indices grouped by län */
	size_t			*lan_k0, *lan_nk;
	struct forb		*forb;
	size_t			 nforb;
	struct ins		*ins;
	size_t			 nins;
	struct person		*pers;
	uint32_t		 npers;
	struct part		*parts;
	uint32_t		*slots;	/* person + 1 per birth date slot */
	uint64_t		*used;	/* per birth date: bit per taken slot */
	int32_t			 slot_day0;
	size_t			 slot_days;
	double			 p_open;
	const char		*name_utb[FS_UTB__MAX];
	const char		*name_ft[FS_FT__MAX];
	const char		*name_fors[FS_FORS__MAX];
	const char		*name_avslut[FS_AVSLUT__MAX];
	struct fs_gen_stats	 st;
};

static const char *const prec_ind[] = {
	"rehabilitering_arbete_utbildning", "samordning_team", "kartlaggning",
	"forebyggande", "annan_individ",
};
static const unsigned prec_ind_w[] = { 60, 15, 10, 10, 5 };
_Static_assert(FS_NELEM(prec_ind) == FS_NELEM(prec_ind_w), "prec_ind");

static const char *const prec_str[] = {
	"dialog_kommunikation", "kompetensutveckling", "metodutveckling",
	"kartlaggning_analys", "samverkansstruktur", "annan_struktur",
};
static const unsigned prec_str_w[] = { 35, 20, 15, 10, 15, 5 };
_Static_assert(FS_NELEM(prec_str) == FS_NELEM(prec_str_w), "prec_str");

/* Insats names per preciserad inriktning, "|"-free and comma-free. */
static const char *const names_ind[][8] = {
	{ "Steget vidare", "Vägen till arbete", "Arbetsbron", "Framsteg",
	    "Nya möjligheter", "Jobbspåret", "Rätt stöd", "Aktiv rehab" },
	{ "Samordningsteamet", "Koordinatorsteamet", "Resursteamet", NULL },
	{ "Kartläggning och vägledning", "Arbetsförmågebedömning", NULL },
	{ "Unga vuxna", "Tidiga insatser", "Ung framtid", NULL },
	{ "Hälsoskolan", "Motivationsgruppen", NULL },
};
_Static_assert(FS_NELEM(names_ind) == FS_NELEM(prec_ind), "names_ind");

static const char *const names_str[][8] = {
	{ "Frukostseminarier", "Samverkansdagar", "Chefsdialog",
	    "Informationsinsatser", NULL },
	{ "Utbildning i samverkan", "Kompetenslyftet", NULL },
	{ "Metodutveckling IPS", "Supported employment", NULL },
	{ "Behovsanalys", "Kartläggning av målgrupper", NULL },
	{ "Lokala samverkansgrupper", "Gemensam ingång", NULL },
	{ "Strategisk samverkan", "Utvecklingsmedel", NULL },
};
_Static_assert(FS_NELEM(names_str) == FS_NELEM(prec_str), "names_str");

static int32_t
ymd(int y, int m, int d)
{
	if (!fs_date_valid(y, m, d))
		d = 28;
	return fs_date_from_ymd(y, m, d);
}

static int32_t
max32(int32_t a, int32_t b)
{
	return a > b ? a : b;
}

static int32_t
min32(int32_t a, int32_t b)
{
	return a < b ? a : b;
}

/* Uniform day in [lo, hi]; hi >= lo. */
static int32_t
day_in(struct fs_rng *r, int32_t lo, int32_t hi)
{
	return lo + (int32_t)fs_rng_below(r, (uint32_t)(hi - lo) + 1);
}

/* ---- förbund ----------------------------------------------------------- */

/* Group the kommuner by län into g->order and the per-län ranges. */
static enum fs_rc
group_kommuner(struct gen *g, struct fs_err *err)
{
	size_t n = 0;

	g->order = fs_calloc(g->ref.nkommuner, sizeof(*g->order));
	g->lan_k0 = fs_calloc(g->ref.nlan, sizeof(*g->lan_k0));
	g->lan_nk = fs_calloc(g->ref.nlan, sizeof(*g->lan_nk));
	if (g->order == NULL || g->lan_k0 == NULL || g->lan_nk == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	for (size_t l = 0; l < g->ref.nlan; l++) {
		g->lan_k0[l] = n;
		for (size_t k = 0; k < g->ref.nkommuner; k++)
			if (strcmp(g->ref.kommuner[k].lan,
			    g->ref.lan[l].kod) == 0)
				g->order[n++] = k;
		g->lan_nk[l] = n - g->lan_k0[l];
	}
	if (n != g->ref.nkommuner)
		return fs_err_set(err, FS_EDB, NULL,
		    "intern: kommun utan län i referensdata");
	return FS_OK;
}

static int
area_cmp(const void *a, const void *b)
{
	const struct area *x = a, *y = b;

	if (x->k0 != y->k0)
		return x->k0 < y->k0 ? -1 : 1;
	return 0;
}

/*
 * Divide the kommuner of every län into contiguous areas, NAREAS in
 * all: some small län stay whole (länsförbund), the others are split at
 * random points, and a few kommuner at the edge of an area are left
 * without förbund, as in 2019 (269 of 290 covered).  Then keep N areas
 * at random, in kommun-code order.
 */
static enum fs_rc
make_areas(struct gen *g, struct fs_rng *r, struct area **out,
    struct fs_err *err)
{
	struct area *a;
	size_t na = 0, want = g->p->forbund;

	a = fs_calloc(g->ref.nkommuner + g->ref.nlan, sizeof(*a));
	if (a == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	for (size_t l = 0; l < g->ref.nlan; l++) {
		if (g->lan_nk[l] == 0)
			continue;
		a[na].lan = l;
		a[na].k0 = g->lan_k0[l];
		a[na].nk = g->lan_nk[l];
		a[na].locked = g->lan_nk[l] <= 16 && fs_rng_chance(r, 0.3);
		na++;
	}
	while (na < NAREAS && na < g->ref.nkommuner) {
		unsigned total = 0, x;
		size_t i, cut;

		/* Large areas are split first, near the middle. */
		for (i = 0; i < na; i++)
			if (!a[i].locked)
				total += (unsigned)((a[i].nk - 1) * (a[i].nk - 1));
		if (total == 0)
			break;
		x = fs_rng_below(r, total);
		for (i = 0; i < na; i++) {
			unsigned w;

			if (a[i].locked)
				continue;
			w = (unsigned)((a[i].nk - 1) * (a[i].nk - 1));
			if (x < w)
				break;
			x -= w;
		}
		cut = (2 + fs_rng_below(r, (uint32_t)(a[i].nk - 1)) +
		    fs_rng_below(r, (uint32_t)(a[i].nk - 1))) / 2;
		a[na] = a[i];
		a[na].k0 = a[i].k0 + cut;
		a[na].nk = a[i].nk - cut;
		a[i].nk = cut;
		na++;
	}
	for (size_t i = 0; i < na; i++)
		if (!a[i].locked && a[i].nk >= 3 && fs_rng_chance(r, 0.3))
			a[i].nk--;
	/* Fisher-Yates, then keep the first `want` in code order. */
	for (size_t i = na; i > 1; i--) {
		size_t j = fs_rng_below(r, (uint32_t)i);
		struct area t = a[i - 1];

		a[i - 1] = a[j];
		a[j] = t;
	}
	if (want > na)
		want = na;
	qsort(a, want, sizeof(*a), area_cmp);
	g->nforb = want;
	*out = a;
	return FS_OK;
}

static enum fs_rc
make_forbund(struct gen *g, struct fs_rng *r, struct fs_err *err)
{
	struct area *a = NULL;
	enum fs_rc rc;
	int32_t lo, hi;

	lo = ymd(2005, 1, 1);
	hi = ymd(2015, 12, 31);
	rc = make_areas(g, r, &a, err);
	if (rc != FS_OK)
		goto out;
	g->forb = fs_calloc(g->nforb == 0 ? 1 : g->nforb, sizeof(*g->forb));
	if (g->forb == NULL) {
		rc = fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
		goto out;
	}
	for (size_t i = 0; i < g->nforb; i++) {
		struct forb *f = &g->forb[i];

		snprintf(f->kod, sizeof(f->kod), "F%02zu", i + 1);
		f->lan = a[i].lan;
		f->k0 = a[i].k0;
		f->nk = a[i].nk;
		f->lans = f->nk == g->lan_nk[f->lan];
		f->ort = f->lans ? g->ref.lan[f->lan].kortnamn :
		    g->ref.kommuner[g->order[f->k0]].kortnamn;
		f->start = day_in(r, lo, hi);
		if (f->start > g->p->fran - 365)
			f->start = g->p->fran - 365 -
			    (int32_t)fs_rng_below(r, 4 * 365);
		g->st.kommuner += (unsigned)f->nk;
		if (f->lans)
			g->st.lansforbund++;
	}
	g->st.forbund = (unsigned)g->nforb;
	rc = FS_OK;
out:
	free(a);
	return rc;
}

/* ---- insatser ---------------------------------------------------------- */

static void
name_insats(struct ins *in, const struct forb *f, const char *base,
    unsigned *used)
{
	if (*used == 0)
		snprintf(in->namn, sizeof(in->namn), "%s %s", base, f->ort);
	else
		snprintf(in->namn, sizeof(in->namn), "%s %s %u", base, f->ort,
		    *used + 1);
	(*used)++;
}

/* The base name for code index prec, drawn from its list. */
static size_t
name_index(struct fs_rng *r, const char *const *list)
{
	size_t n = 0;

	while (n < 8 && list[n] != NULL)
		n++;
	return fs_rng_below(r, (uint32_t)n);
}

static void
make_period(const struct gen *g, struct fs_rng *r, const struct forb *f,
    struct ins *in, bool must_be_open)
{
	int32_t fran = g->p->fran, till = g->p->till;
	int32_t lo = fran - 4 * 365, hi = till - 365;

	if (hi < lo)
		hi = lo;
	in->start = max32(day_in(r, lo, hi), f->start);
	in->slut = FS_DATE_NONE;
	if (!must_be_open && fs_rng_chance(r, 0.45)) {
		int32_t s = in->start + 730 + (int32_t)fs_rng_below(r, 1461);

		if (in->individ && s < fran + 365)
			s = fran + 365 + (int32_t)fs_rng_below(r, 365);
		if (s <= till)
			in->slut = s;
	}
	in->w0 = max32(in->start, fran);
	in->w1 = in->slut == FS_DATE_NONE ? till : min32(in->slut, till);
}

static enum fs_rc
make_insatser(struct gen *g, struct fs_rng *r, struct fs_err *err)
{
	size_t cap = g->nforb * 18 + 1;
	unsigned used[FS_NELEM(prec_str)][8];

	g->ins = fs_calloc(cap, sizeof(*g->ins));
	if (g->ins == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	for (size_t fi = 0; fi < g->nforb; fi++) {
		struct forb *f = &g->forb[fi];
		unsigned n = 10 + fs_rng_below(r, 9), nind;
		double size = sqrt((double)f->nk) *
		    exp(0.35 * fs_rng_normal(r));

		nind = n / 2 + ((n % 2 == 1 && fs_rng_chance(r, 0.5)) ? 1 : 0);
		f->ins0 = g->nins;
		f->nins = n;
		f->wsum = 0;
		memset(used, 0, sizeof(used));
		for (unsigned i = 0; i < n; i++) {
			struct ins *in = &g->ins[g->nins++];
			bool ind = i < nind;
			size_t ni;

			in->forb = fi;
			in->individ = ind;
			snprintf(in->kod, sizeof(in->kod), "%s-%c%02u", f->kod,
			    ind ? 'I' : 'S', ind ? i + 1 : i - nind + 1);
			if (ind) {
				in->prec = pick(r, prec_ind_w,
				    FS_NELEM(prec_ind_w));
				ni = name_index(r, names_ind[in->prec]);
				name_insats(in, f, names_ind[in->prec][ni],
				    &used[in->prec][ni]);
			} else {
				in->prec = pick(r, prec_str_w,
				    FS_NELEM(prec_str_w));
				ni = name_index(r, names_str[in->prec]);
				name_insats(in, f, names_str[in->prec][ni],
				    &used[in->prec][ni]);
			}
			/* Every förbund keeps one individ insats open. */
			make_period(g, r, f, in, ind && i == 0);
			if (ind) {
				in->w = (double)(in->w1 - in->w0 + 1) *
				    (in->prec == 0 ? 2.0 : 1.0) *
				    exp(0.3 * fs_rng_normal(r));
				f->wsum += in->w;
				g->st.insatser_individ++;
			}
		}
		f->wsum *= size;
	}
	g->st.insatser = (unsigned)g->nins;
	return FS_OK;
}

/* ---- persons and personnummer ------------------------------------------ */

/* Födelsenummer of slot s (0-39) and whether it is a samordningsnummer. */
static unsigned
slot_serial(unsigned s, bool *samord)
{
	*samord = s >= 20;
	return SERIAL_BASE + s % 20;
}

/* Write the 12-digit number of person pe into out[0..12). */
static void
pnr_digits(const struct person *pe, char *out)
{
	int y, m, d;
	bool samord;
	unsigned serial = slot_serial(pe->slot, &samord);

	fs_date_to_ymd(pe->birth, &y, &m, &d);
	if (samord)
		d += 60;
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = (char)('0' + m / 10);
	out[5] = (char)('0' + m % 10);
	out[6] = (char)('0' + d / 10);
	out[7] = (char)('0' + d % 10);
	out[8] = (char)('0' + serial / 100);
	out[9] = (char)('0' + serial / 10 % 10);
	out[10] = (char)('0' + serial % 10);
	out[11] = (char)('0' + fs_luhn_digit(out + 2));
}

static bool
age_ok(int32_t birth, int32_t start, int hi)
{
	int a = fs_date_age(birth, start);

	return a >= 16 && a <= hi;
}

/*
 * May person pi take a participation in insats k from start to slut
 * (INT32_MAX while open)?  Not when another of theirs in the same
 * insats overlaps it or starts the same day: the natural key and the
 * rule against two open participations.  The age is the caller's.
 */
static bool
fits(const struct gen *g, uint32_t pi, uint32_t k, int32_t start,
    int32_t slut)
{
	for (uint32_t q = g->pers[pi].last; q != NO_IDX; q = g->parts[q].prev) {
		const struct part *o = &g->parts[q];

		if (o->ins != k)
			continue;
		if (o->start == start)
			return false;
		if (!(o->slut < start || slut < o->start))
			return false;
	}
	return true;
}

/*
 * A person with the given sex for a participation starting on start,
 * preferably a new one born on b0.  Returns the person index, or
 * NO_IDX when the numbers near b0 are all taken by people who cannot
 * take this participation.
 */
static uint32_t
find_person(struct gen *g, struct fs_rng *r, bool kvinna, int32_t b0,
    uint32_t k, int32_t start, int32_t slut)
{
	unsigned sexbit = kvinna ? 0 : 1, off = fs_rng_below(r, 10);
	/* Slots of this sex: personnummer (bits 0-19), samordningsnr. */
	uint64_t mask[2];
	int32_t bmin, bmax;
	int y, m, d;

	mask[0] = (kvinna ? 0x55555ULL : 0xaaaaaULL);
	mask[1] = mask[0] << 20;

	/* Born so that the age at start is 16-67. */
	fs_date_to_ymd(start, &y, &m, &d);
	bmin = ymd(y - 68, m, d) + 1;
	bmax = ymd(y - 16, m, d);
	/*
	 * Pass 0: a free personnummer on b0 or a date near it; pass 1: a
	 * free samordningsnummer; pass 2: someone already holding one of
	 * those numbers who can take this participation.
	 */
	for (int pass = 0; pass < 3; pass++) {
		for (int step = 0; step <= 2 * SEARCH_DAYS; step++) {
			int32_t b = b0 + (step % 2 == 0 ? step / 2 :
			    -(step + 1) / 2);
			int64_t di = (int64_t)b - g->slot_day0;
			uint32_t *row;
			uint64_t used;
			uint32_t pi;

			if (b < bmin || b > bmax || di < 0 ||
			    (uint64_t)di >= g->slot_days)
				continue;
			row = &g->slots[(size_t)di * SLOTS_PER_DAY];
			used = g->used[di];
			if (pass < 2 && (~used & mask[pass]) == 0)
				continue;
			for (unsigned t = 0; t < 20; t++) {
				unsigned s = 2 * ((off + t) % 10) + sexbit;

				if (pass == 1 || (pass == 2 && t >= 10))
					s += 20;
				if (pass == 2) {
					if (row[s] != 0 && fits(g, row[s] - 1,
					    k, start, slut))
						return row[s] - 1;
					continue;
				}
				if ((used & ((uint64_t)1 << s)) != 0)
					continue;
				pi = g->npers++;
				g->pers[pi].birth = b;
				g->pers[pi].slot = (uint8_t)s;
				g->pers[pi].kvinna = kvinna ? 1 : 0;
				g->pers[pi].last = NO_IDX;
				g->pers[pi].utb = 0;
				row[s] = pi + 1;
				g->used[di] = used | ((uint64_t)1 << s);
				return pi;
			}
		}
	}
	return NO_IDX;
}

/* ---- one participation ------------------------------------------------- */

struct row {
	uint32_t	 ins;
	int32_t		 start, slut, samtycke;
	bool		 open;
	int		 avslut;
	int		 utb, ft;
	uint32_t	 fors_fore, fors_efter;
	int		 arbete_fore, studier_fore;
	int		 arbete_efter, studier_efter;
};

/* Enrolment time in days (log-normal; men somewhat longer). */
static int32_t
duration(struct fs_rng *r, bool kvinna)
{
	double mean = kvinna ? 272.0 : 303.0, sigma = 0.75;
	double mu = log(mean) - sigma * sigma / 2, d;

	d = exp(mu + sigma * fs_rng_normal(r));
	if (d < 14)
		d = 14 + 14 * fs_rng_unif(r);
	if (d > 1095)
		d = 1095 - 60 * fs_rng_unif(r);
	return (int32_t)d;
}

static int
draw_age(struct fs_rng *r, bool kvinna)
{
	if (fs_rng_chance(r, kvinna ? 0.31 : 0.45)) {
		if (fs_rng_chance(r, 0.06))
			return 16 + (int)fs_rng_below(r, 2);
		return 18 + (int)fs_rng_below(r, 12);
	}
	if (fs_rng_chance(r, 0.004))
		return 65 + (int)fs_rng_below(r, 2);
	return 30 + (int)fs_rng_below(r, 35);
}

static int
draw_utb(struct fs_rng *r, bool kvinna, int age)
{
	static const unsigned w_k[] = { 0, 7, 30, 33, 24, 6 };
	static const unsigned w_m[] = { 0, 8, 39, 30, 18, 5 };
	int u;

	_Static_assert(FS_NELEM(w_k) == FS_UTB__MAX, "w_k");
	_Static_assert(FS_NELEM(w_m) == FS_UTB__MAX, "w_m");
	u = (int)pick(r, kvinna ? w_k : w_m, FS_UTB__MAX);
	if (u == FS_UTB_EFTERGYMNASIAL && age < 20)
		u = FS_UTB_GYMNASIUM;
	return u;
}

/* Time on public support before the start, by age and sex. */
static int
draw_ft(struct fs_rng *r, bool kvinna, int age)
{
	/* none, ingen, under_1, 1_3, 3_9, over_9, okand */
	static const unsigned teen[] = { 0, 25, 35, 30, 0, 0, 10 };
	static const unsigned young[] = { 0, 10, 20, 30, 30, 4, 6 };
	static const unsigned old_k[] = { 0, 7, 12, 24, 28, 23, 6 };
	static const unsigned old_m[] = { 0, 7, 15, 30, 25, 17, 6 };
	int ft;

	_Static_assert(FS_NELEM(teen) == FS_FT__MAX, "teen");
	if (age < 20)
		ft = (int)pick(r, teen, FS_FT__MAX);
	else if (age < 30)
		ft = (int)pick(r, young, FS_FT__MAX);
	else
		ft = (int)pick(r, kvinna ? old_k : old_m, FS_FT__MAX);
	if (ft == FS_FT_OVER_9 && age < 25)
		ft = FS_FT_3_9;
	if (ft == FS_FT_3_9 && age < 19)
		ft = FS_FT_1_3;
	return ft;
}

#define BIT(x) ((uint32_t)1 << (x))

/*
 * A set of sources of livelihood that fits the age and the time on
 * support: `ingen` alone when there was no support, activity
 * compensation only at 19-29, sickness compensation from 30,
 * establishment benefit only within the first years, and sometimes
 * social assistance on top of another benefit.
 */
static uint32_t
draw_fors(struct fs_rng *r, int age, int ft)
{
	/* none sjukp aktersattn sjukersattn aktstod a_kassa etabl fstod annan */
	unsigned w[FS_FORS__MAX] = { 0 };
	size_t primary;
	uint32_t set;

	if (ft == FS_FT_INGEN || (ft == FS_FT_OKAND && fs_rng_chance(r, 0.4)))
		return BIT(FS_FORS_INGEN);
	if (age < 30) {
		w[FS_FORS_SJUKPENNING] = 8;
		w[FS_FORS_AKTIVITETSERSATTNING] = age >= 19 ? 15 : 0;
		w[FS_FORS_AKTIVITETSSTOD] = 20;
		w[FS_FORS_A_KASSA] = 7;
		w[FS_FORS_ETABLERINGSERSATTNING] = 7;
		w[FS_FORS_FORSORJNINGSSTOD] = 35;
		w[FS_FORS_ANNAN] = 8;
	} else {
		w[FS_FORS_SJUKPENNING] = 30;
		w[FS_FORS_SJUKERSATTNING] = 12;
		w[FS_FORS_AKTIVITETSSTOD] = 12;
		w[FS_FORS_A_KASSA] = 8;
		w[FS_FORS_ETABLERINGSERSATTNING] = 6;
		w[FS_FORS_FORSORJNINGSSTOD] = 25;
		w[FS_FORS_ANNAN] = 7;
	}
	if (ft != FS_FT_UNDER_1 && ft != FS_FT_1_3)
		w[FS_FORS_ETABLERINGSERSATTNING] = 0;
	primary = pick(r, w, FS_FORS__MAX);
	set = BIT(primary);
	if (primary == FS_FORS_FORSORJNINGSSTOD) {
		if (fs_rng_chance(r, 0.15))
			set |= BIT(FS_FORS_AKTIVITETSSTOD);
	} else if (primary != FS_FORS_ANNAN && fs_rng_chance(r, 0.25)) {
		set |= BIT(FS_FORS_FORSORJNINGSSTOD);
	}
	return set;
}

static int
draw_pct(struct fs_rng *r, const unsigned w[5])
{
	return 25 * (int)pick(r, w, 5);
}

/* Exit: outcome first, then a reason and support that fit it. */
static void
draw_exit(struct fs_rng *r, struct row *x, bool kvinna, int age)
{
	static const unsigned work_pct[] = { 0, 7, 13, 20, 60 };
	static const unsigned study_pct[] = { 0, 5, 25, 10, 60 };
	static const unsigned w_work[] = { 30, 65, 5 };
	static const unsigned w_study[] = { 35, 60, 5 };
	static const int r_work[] = { FS_AVSLUT_PLANENLIGT, FS_AVSLUT_ARBETE,
	    FS_AVSLUT_OVRIGT };
	static const int r_study[] = { FS_AVSLUT_PLANENLIGT,
	    FS_AVSLUT_STUDIER, FS_AVSLUT_OVRIGT };
	static const unsigned w_other[] = { 0, 380, 0, 0, 140, 150, 40, 140,
	    3, 147, 0 };
	bool work, study;
	int total;

	_Static_assert(FS_NELEM(w_other) == FS_AVSLUT__MAX, "w_other");
	work = fs_rng_chance(r, kvinna ? 0.15 : 0.20);
	x->arbete_efter = work ? draw_pct(r, work_pct) : 0;
	study = fs_rng_chance(r, work ? 0.05 : 0.127);
	x->studier_efter = study ? draw_pct(r, study_pct) : 0;
	/*
	 * Some had the same work or studies already before the start (or
	 * kept more of it), so that about a fifth of all get or increase
	 * work or studies, as in 2019.
	 */
	if (work && x->arbete_fore > x->arbete_efter && fs_rng_chance(r, 0.5))
		x->arbete_efter = x->arbete_fore;
	else if (work && fs_rng_chance(r, 0.2))
		x->arbete_fore = x->arbete_efter;
	else if (!work && x->studier_efter > 0 && fs_rng_chance(r, 0.2))
		x->studier_fore = x->studier_efter;
	if (x->arbete_fore + x->studier_fore > 100)
		x->studier_fore = 100 - x->arbete_fore;
	if (x->arbete_efter + x->studier_efter > 100)
		x->studier_efter = 100 - x->arbete_efter;
	if (work)
		x->avslut = r_work[pick(r, w_work, 3)];
	else if (x->studier_efter > 0)
		x->avslut = r_study[pick(r, w_study, 3)];
	else
		x->avslut = (int)pick(r, w_other, FS_AVSLUT__MAX);
	total = x->arbete_efter + x->studier_efter;
	if (total >= 100)
		x->fors_efter = fs_rng_chance(r, 0.85) ? BIT(FS_FORS_INGEN) :
		    BIT(FS_FORS_ANNAN);
	else if (x->arbete_efter > 0)
		x->fors_efter = fs_rng_chance(r, 0.5) ? x->fors_fore :
		    BIT(FS_FORS_INGEN);
	else if (x->studier_efter > 0)
		x->fors_efter = fs_rng_chance(r, 0.8) ? BIT(FS_FORS_INGEN) :
		    x->fors_fore;
	else if (fs_rng_chance(r, 0.65))
		x->fors_efter = x->fors_fore;
	else
		x->fors_efter = draw_fors(r, age, x->ft);
}

/* Pick an insats of förbund f by weight. */
static uint32_t
pick_ins(const struct gen *g, struct fs_rng *r, const struct forb *f,
    double fw)
{
	double x = fs_rng_unif(r) * fw;
	size_t last = f->ins0;

	for (size_t i = f->ins0; i < f->ins0 + f->nins; i++) {
		if (!g->ins[i].individ)
			continue;
		last = i;
		if (x < g->ins[i].w)
			return (uint32_t)i;
		x -= g->ins[i].w;
	}
	return (uint32_t)last;
}

/* Dates of a participation in insats in (start, slut, open). */
static void
draw_dates(const struct gen *g, struct fs_rng *r, const struct ins *in,
    bool kvinna, struct row *x)
{
	int32_t win = in->w1 - in->w0, dur;

	x->open = in->slut == FS_DATE_NONE && fs_rng_chance(r, g->p_open);
	x->avslut = 0;
	dur = duration(r, kvinna);
	if (x->open) {
		int32_t el = (int32_t)(fs_rng_unif(r) * dur);

		x->start = g->p->till - min32(el, win);
		x->slut = INT32_MAX;
		return;
	}
	if (fs_rng_chance(r, 0.005)) {
		x->avslut = FS_AVSLUT_FELREGISTRERING;
		dur = (int32_t)fs_rng_below(r, 31);
	}
	for (int i = 0; i < 4 && dur > win; i++)
		dur = duration(r, kvinna);
	if (dur > win)
		dur = (int32_t)fs_rng_below(r, (uint32_t)win + 1);
	x->start = day_in(r, in->w0, in->w1 - dur);
	x->slut = x->start + dur;
}

/* ---- output ------------------------------------------------------------ */

struct out {
	FILE		*f;
	struct fs_buf	 b;
	char		 path[4096];
	char		 tmp[4096];
};

static enum fs_rc
out_open(struct out *o, const char *dir, const char *name, const char *head,
    struct fs_err *err)
{
	int n1, n2;

	n1 = snprintf(o->path, sizeof(o->path), "%s/%s", dir, name);
	n2 = snprintf(o->tmp, sizeof(o->tmp), "%s/.%s.tmp", dir, name);
	if (n1 < 0 || n2 < 0 || (size_t)n2 >= sizeof(o->tmp))
		return fs_err_set(err, FS_EINVAL, "ut", "katalogens namn är för "
		    "långt");
	o->f = fopen(o->tmp, "wb");
	if (o->f == NULL)
		return fs_err_set(err, FS_EIO, "ut", "kan inte skapa filen %s "
		    "i katalogen", name);
	if (fs_buf_addstr(&o->b, head) != FS_OK ||
	    fs_buf_addch(&o->b, '\n') != FS_OK)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	return FS_OK;
}

static enum fs_rc
out_flush(struct out *o, struct fs_err *err)
{
	if (o->b.len > 0 && fwrite(o->b.buf, 1, o->b.len, o->f) != o->b.len)
		return fs_err_set(err, FS_EIO, "ut", "kan inte skriva %s",
		    strrchr(o->path, '/') + 1);
	fs_buf_reset(&o->b);
	return FS_OK;
}

static enum fs_rc
out_add(struct out *o, const char *p, size_t n, struct fs_err *err)
{
	if (fs_buf_add(&o->b, p, n) != FS_OK)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	if (o->b.len >= FLUSH_AT)
		return out_flush(o, err);
	return FS_OK;
}

/* Flush and close; the file keeps its temporary name until done(). */
static enum fs_rc
out_close(struct out *o, struct fs_err *err)
{
	enum fs_rc rc = out_flush(o, err);

	if (fclose(o->f) != 0 && rc == FS_OK)
		rc = fs_err_set(err, FS_EIO, "ut", "kan inte skriva %s",
		    strrchr(o->path, '/') + 1);
	o->f = NULL;
	return rc;
}

/* Drop a file not completed (after an error). */
static void
out_abort(struct out *o)
{
	if (o->f != NULL) {
		fclose(o->f);
		o->f = NULL;
	}
	if (o->tmp[0] != '\0')
		unlink(o->tmp);
	fs_buf_release(&o->b);
}

static char *
put(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

static char *
put_date(char *p, int32_t d)
{
	char s[11];

	fs_date_format(d, s);
	memcpy(p, s, 10);
	return p + 10;
}

static char *
put_uint(char *p, unsigned v)
{
	char s[12];
	size_t n = 0;

	do {
		s[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n > 0)
		*p++ = s[--n];
	return p;
}

static char *
put_set(const struct gen *g, char *p, uint32_t set)
{
	bool first = true;

	for (int i = 1; i < FS_FORS__MAX; i++) {
		if ((set & BIT(i)) == 0)
			continue;
		if (!first)
			*p++ = '|';
		p = put(p, g->name_fors[i]);
		first = false;
	}
	return p;
}

/* ---- the files --------------------------------------------------------- */

static enum fs_rc
write_forbund(struct gen *g, struct fs_rng *r, struct out *o,
    struct fs_err *err)
{
	char line[ROW_MAX + 5 * 300];
	enum fs_rc rc;

	for (size_t i = 0; i < g->nforb; i++) {
		const struct forb *f = &g->forb[i];
		char org[11];
		char *p = line;
		unsigned num = 10 + 113 * (unsigned)i + fs_rng_below(r, 113);

		/* 2220NN-NNNN: the series of kommunalförbund. */
		snprintf(org, sizeof(org), "22200%04u", num);
		org[9] = (char)('0' + fs_luhn_digit(org));
		org[10] = '\0';
		p = put(p, f->kod);
		*p++ = ',';
		if (f->lans) {
			p = put(p, "Samordningsförbundet i ");
			p = put(p, g->ref.lan[f->lan].namn);
		} else {
			p = put(p, "Samordningsförbundet ");
			p = put(p, f->ort);
		}
		*p++ = ',';
		memcpy(p, org, 6);
		p += 6;
		*p++ = '-';
		memcpy(p, org + 6, 4);
		p += 4;
		*p++ = ',';
		p = put_date(p, f->start);
		*p++ = ',';
		for (size_t k = 0; k < f->nk; k++) {
			if (k > 0)
				*p++ = ' ';
			p = put(p, g->ref.kommuner[g->order[f->k0 + k]].kod);
		}
		*p++ = '\n';
		rc = out_add(o, line, (size_t)(p - line), err);
		if (rc != FS_OK)
			return rc;
	}
	return FS_OK;
}

static enum fs_rc
write_insatser(struct gen *g, struct out *o, struct fs_err *err)
{
	char line[ROW_MAX];
	enum fs_rc rc;

	for (size_t i = 0; i < g->nins; i++) {
		const struct ins *in = &g->ins[i];
		char *p = line;

		p = put(p, in->kod);
		*p++ = ',';
		p = put(p, g->forb[in->forb].kod);
		*p++ = ',';
		p = put(p, in->namn);
		*p++ = ',';
		p = put(p, in->individ ? "individ," : "struktur,");
		p = put(p, in->individ ? prec_ind[in->prec] :
		    prec_str[in->prec]);
		p = put(p, in->individ ? ",individ," : ",antal,");
		p = put_date(p, in->start);
		*p++ = ',';
		if (in->slut != FS_DATE_NONE)
			p = put_date(p, in->slut);
		*p++ = '\n';
		rc = out_add(o, line, (size_t)(p - line), err);
		if (rc != FS_OK)
			return rc;
	}
	return FS_OK;
}

/* Format row x of person pe into line; returns the end. */
static char *
format_row(const struct gen *g, char *p, const struct row *x,
    const struct person *pe)
{
	p = put(p, g->ins[x->ins].kod);
	*p++ = ',';
	pnr_digits(pe, p);
	p += 12;
	*p++ = ',';
	p = put_date(p, x->samtycke);
	*p++ = ',';
	p = put_date(p, x->start);
	*p++ = ',';
	p = put(p, g->name_utb[x->utb]);
	*p++ = ',';
	p = put(p, g->name_ft[x->ft]);
	*p++ = ',';
	p = put_set(g, p, x->fors_fore);
	*p++ = ',';
	p = put_uint(p, (unsigned)x->arbete_fore);
	*p++ = ',';
	p = put_uint(p, (unsigned)x->studier_fore);
	*p++ = ',';
	if (!x->open) {
		p = put_date(p, x->slut);
		*p++ = ',';
		p = put(p, g->name_avslut[x->avslut]);
	} else {
		*p++ = ',';
	}
	*p++ = ',';
	if (!x->open && x->avslut != FS_AVSLUT_FELREGISTRERING) {
		p = put_set(g, p, x->fors_efter);
		*p++ = ',';
		p = put_uint(p, (unsigned)x->arbete_efter);
		*p++ = ',';
		p = put_uint(p, (unsigned)x->studier_efter);
	} else {
		p = put(p, ",,");	/* three empty exit fields */
	}
	*p++ = '\n';
	return p;
}

/*
 * Share of participations that are open: only insatser without an end
 * can have them, so the share within those is raised to give about
 * 15 % in all.
 */
static void
set_p_open(struct gen *g)
{
	double all = 0, open = 0;

	for (size_t i = 0; i < g->nins; i++) {
		const struct ins *in = &g->ins[i];
		double w;

		if (!in->individ)
			continue;
		w = in->w * g->forb[in->forb].wsum;
		all += w;
		if (in->slut == FS_DATE_NONE)
			open += w;
	}
	g->p_open = open > 0 ? 0.15 * all / open : 0;
	if (g->p_open > 0.9)
		g->p_open = 0.9;
}

/* Generate participation i in insats k and append its row. */
static enum fs_rc
one_row(struct gen *g, struct fs_rng *r, uint32_t i, uint32_t fbase,
    uint32_t k, struct out *o, struct fs_err *err)
{
	char line[ROW_MAX];
	struct row x;
	struct person *pe;
	uint32_t pi = NO_IDX;
	bool kvinna;
	int age;
	char *end;

	memset(&x, 0, sizeof(x));
	x.ins = k;
	/* About 7 % come back: an earlier person of the same förbund. */
	if (i > fbase && fs_rng_chance(r, 0.068)) {
		uint32_t j = fbase + fs_rng_below(r, i - fbase);

		pi = g->parts[j].person;
		kvinna = g->pers[pi].kvinna != 0;
		draw_dates(g, r, &g->ins[k], kvinna, &x);
		if (!age_ok(g->pers[pi].birth, x.start, 66) ||
		    !fits(g, pi, k, x.start, x.slut))
			pi = NO_IDX;
	} else {
		kvinna = fs_rng_chance(r, 0.543);
		draw_dates(g, r, &g->ins[k], kvinna, &x);
	}
	if (pi == NO_IDX) {
		int32_t b0, lo, hi;
		int y, m, d;

		age = draw_age(r, kvinna);
		fs_date_to_ymd(x.start, &y, &m, &d);
		hi = ymd(y - age, m, d);
		lo = ymd(y - age - 1, m, d) + 1;
		b0 = day_in(r, lo, hi);
		pi = find_person(g, r, kvinna, b0, k, x.start, x.slut);
		if (pi == NO_IDX)
			return fs_err_set(err, FS_EINVAL, "deltagande",
			    "för många deltaganden för de reserverade "
			    "testnumren");
	}
	pe = &g->pers[pi];
	age = fs_date_age(pe->birth, x.start);
	if (pe->utb == 0)
		pe->utb = (uint8_t)draw_utb(r, kvinna, age);
	x.utb = pe->utb;
	if (x.utb == FS_UTB_EFTERGYMNASIAL && age < 20)
		x.utb = FS_UTB_GYMNASIUM;
	x.ft = draw_ft(r, kvinna, age);
	x.fors_fore = draw_fors(r, age, x.ft);
	{
		static const unsigned af[] = { 880, 70, 40, 10, 0 };
		static const unsigned sf[] = { 930, 40, 30, 0, 0 };

		x.arbete_fore = draw_pct(r, af);
		x.studier_fore = draw_pct(r, sf);
	}
	x.samtycke = x.start;
	if (fs_rng_chance(r, 0.1))
		x.samtycke -= 1 + (int32_t)fs_rng_below(r, 14);
	if (!x.open && x.avslut != FS_AVSLUT_FELREGISTRERING)
		draw_exit(r, &x, kvinna, age);

	g->parts[i].ins = k;
	g->parts[i].person = pi;
	g->parts[i].start = x.start;
	g->parts[i].slut = x.slut;
	g->parts[i].prev = pe->last;
	pe->last = i;

	if (!x.open) {
		g->st.avslutade++;
		if (x.avslut == FS_AVSLUT_FELREGISTRERING)
			g->st.felregistrering++;
	}
	end = format_row(g, line, &x, pe);
	return out_add(o, line, (size_t)(end - line), err);
}

static enum fs_rc
write_deltagande(struct gen *g, struct fs_rng *r, struct out *o,
    fs_gen_progress_fn progress, void *arg, struct fs_err *err)
{
	uint64_t total = g->p->deltagande, done = 0;
	double wall = 0, cum = 0;
	enum fs_rc rc;

	for (size_t f = 0; f < g->nforb; f++)
		wall += g->forb[f].wsum;
	for (size_t f = 0; f < g->nforb && wall > 0; f++) {
		const struct forb *fb = &g->forb[f];
		uint64_t upto, fbase = done;
		double iw = 0;

		for (size_t i = fb->ins0; i < fb->ins0 + fb->nins; i++)
			if (g->ins[i].individ)
				iw += g->ins[i].w;
		cum += fb->wsum;
		upto = f + 1 == g->nforb ? total :
		    (uint64_t)llround((double)total * (cum / wall));
		for (; done < upto; done++) {
			uint32_t k = pick_ins(g, r, fb, iw);

			rc = one_row(g, r, (uint32_t)done, (uint32_t)fbase, k,
			    o, err);
			if (rc != FS_OK)
				return rc;
			if (progress != NULL && (done + 1) % PROGRESS_EVERY == 0)
				progress(arg, done + 1, total);
		}
	}
	g->st.deltagande = done;
	g->st.personer = g->npers;
	if (progress != NULL)
		progress(arg, done, total);
	return FS_OK;
}

static unsigned
small_count(struct fs_rng *r)
{
	return fs_rng_chance(r, 0.2) ? fs_rng_below(r, 16) : fs_rng_below(r, 5);
}

static enum fs_rc
write_anonyma(struct gen *g, struct fs_rng *r, struct out *o,
    struct fs_err *err)
{
	char line[ROW_MAX];
	enum fs_rc rc;
	int y0, y1, m, d;

	for (size_t i = 0; i < g->nins; i++) {
		const struct ins *in = &g->ins[i];

		if (!in->individ || !fs_rng_chance(r, 0.5))
			continue;
		fs_date_to_ymd(in->w0, &y0, &m, &d);
		fs_date_to_ymd(in->w1, &y1, &m, &d);
		for (int y = y0; y <= y1; y++) {
			unsigned kv, man;
			char *p = line;

			if (!fs_rng_chance(r, 0.8))
				continue;
			kv = small_count(r);
			man = small_count(r);
			if (kv == 0 && man == 0)
				kv = 1;
			p = put(p, in->kod);
			*p++ = ',';
			p = put_uint(p, (unsigned)y);
			*p++ = ',';
			p = put_uint(p, kv);
			*p++ = ',';
			p = put_uint(p, man);
			*p++ = '\n';
			rc = out_add(o, line, (size_t)(p - line), err);
			if (rc != FS_OK)
				return rc;
			g->st.anonyma++;
		}
	}
	return FS_OK;
}

/* ---- driver ------------------------------------------------------------ */

/* mkdir -p: create dir and its missing parents. */
static enum fs_rc
make_dirs(const char *dir, struct fs_err *err)
{
	char path[4096];
	size_t n = strlen(dir);
	struct stat sb;

	if (n == 0 || n >= sizeof(path))
		return fs_err_set(err, FS_EINVAL, "ut", "katalogens namn är "
		    "tomt eller för långt");
	memcpy(path, dir, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			return fs_err_set(err, FS_EIO, "ut", "kan inte skapa "
			    "katalogen");
		}
		if (i < n)
			path[i] = '/';
	}
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return fs_err_set(err, FS_EIO, "ut", "är ingen katalog");
	return FS_OK;
}

void
fs_gen_params_init(struct fs_gen_params *p)
{
	p->forbund = 10;
	p->deltagande = 10000;
	p->seed = 1;
	p->fran = fs_date_from_ymd(2019, 1, 1);
	p->till = fs_date_from_ymd(2024, 12, 31);
}

enum fs_rc
fs_gen_params_check(const struct fs_gen_params *p, struct fs_err *err)
{
	int32_t lo, hi;

	lo = fs_date_from_ymd(1990, 1, 1);
	hi = fs_date_from_ymd(2039, 12, 31);
	if (p->forbund < 1 || p->forbund > FS_GEN_MAX_FORBUND)
		return fs_err_set(err, FS_EINVAL, "forbund",
		    "antalet förbund måste vara 1–%d", FS_GEN_MAX_FORBUND);
	if (p->deltagande > FS_GEN_MAX_DELTAGANDE)
		return fs_err_set(err, FS_EINVAL, "deltagande",
		    "antalet deltaganden får vara högst %u",
		    FS_GEN_MAX_DELTAGANDE);
	if (p->fran == FS_DATE_NONE || p->fran < lo || p->fran > hi)
		return fs_err_set(err, FS_EINVAL, "fran",
		    "datumet måste ligga mellan 1990-01-01 och 2039-12-31");
	if (p->till == FS_DATE_NONE || p->till < lo || p->till > hi)
		return fs_err_set(err, FS_EINVAL, "till",
		    "datumet måste ligga mellan 1990-01-01 och 2039-12-31");
	if (p->till - p->fran < 180)
		return fs_err_set(err, FS_EINVAL, "till",
		    "perioden måste vara minst 180 dagar och till efter fran");
	return FS_OK;
}

static enum fs_rc
setup(struct gen *g, struct fs_err *err)
{
	int y, m, d;
	size_t n = (size_t)g->p->deltagande;

	for (int i = 1; i < FS_UTB__MAX; i++)
		g->name_utb[i] = fs_code_name(FS_LIST_UTBILDNING, i);
	for (int i = 1; i < FS_FT__MAX; i++)
		g->name_ft[i] = fs_code_name(FS_LIST_FORSORJNING_TID, i);
	for (int i = 1; i < FS_FORS__MAX; i++)
		g->name_fors[i] = fs_code_name(FS_LIST_FORSORJNING, i);
	for (int i = 1; i < FS_AVSLUT__MAX; i++)
		g->name_avslut[i] = fs_code_name(FS_LIST_AVSLUT, i);
	for (int i = 1; i < FS_UTB__MAX; i++)
		if (g->name_utb[i] == NULL)
			return fs_err_set(err, FS_EDB, NULL, "intern: kodlista");
	/* Births from 68 years before fran to 16 years before till. */
	fs_date_to_ymd(g->p->fran, &y, &m, &d);
	g->slot_day0 = ymd(y - 68, 1, 1);
	g->slot_days = (size_t)(g->p->till - g->slot_day0 + 1);
	g->slots = fs_calloc(g->slot_days * SLOTS_PER_DAY, sizeof(*g->slots));
	g->used = fs_calloc(g->slot_days, sizeof(*g->used));
	g->pers = fs_calloc(n == 0 ? 1 : n, sizeof(*g->pers));
	g->parts = fs_calloc(n == 0 ? 1 : n, sizeof(*g->parts));
	if (g->slots == NULL || g->used == NULL || g->pers == NULL ||
	    g->parts == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	return FS_OK;
}

static void
gen_release(struct gen *g)
{
	fs_refdata_release(&g->ref);
	free(g->order);
	free(g->lan_k0);
	free(g->lan_nk);
	free(g->forb);
	free(g->ins);
	free(g->pers);
	free(g->parts);
	free(g->slots);
	free(g->used);
}

enum fs_rc
fs_gen_write(const struct fs_gen_params *p, const char *dir,
    fs_gen_progress_fn progress, void *arg, struct fs_gen_stats *stats,
    struct fs_err *err)
{
	static const char *const names[] = {
		"forbund.csv", "insatser.csv", "deltagande.csv", "anonyma.csv",
	};
	static const char *const heads[] = {
		"forbund_kod,namn,organisationsnummer,startdatum,kommuner",
		"insats_kod,forbund_kod,namn,inriktning,"
		    "preciserad_inriktning,uppfoljning,startdatum,slutdatum",
		"insats_kod,personnummer,samtycke_datum,startdatum,utbildning,"
		    "offentlig_forsorjning_tid,forsorjning_fore,arbete_fore,"
		    "studier_fore,slutdatum,avslutsanledning,"
		    "forsorjning_efter,arbete_efter,studier_efter",
		"insats_kod,ar,kvinnor,man",
	};
	struct gen g;
	struct out o[4];
	struct fs_rng rs, rd, ra;
	enum fs_rc rc;
	size_t i;

	memset(&g, 0, sizeof(g));
	memset(o, 0, sizeof(o));
	for (i = 0; i < 4; i++)
		fs_buf_init(&o[i].b, 0);
	g.p = p;
	rc = fs_gen_params_check(p, err);
	if (rc != FS_OK)
		goto out;
	rc = fs_refdata_load(&g.ref, err);
	if (rc != FS_OK)
		goto out;
	rc = setup(&g, err);
	if (rc != FS_OK)
		goto out;
	fs_rng_seed(&rs, p->seed, 1);
	fs_rng_seed(&rd, p->seed, 2);
	fs_rng_seed(&ra, p->seed, 3);
	rc = group_kommuner(&g, err);
	if (rc == FS_OK)
		rc = make_forbund(&g, &rs, err);
	if (rc == FS_OK)
		rc = make_insatser(&g, &rs, err);
	if (rc != FS_OK)
		goto out;
	set_p_open(&g);
	rc = make_dirs(dir, err);
	if (rc != FS_OK)
		goto out;
	for (i = 0; i < 4; i++) {
		rc = out_open(&o[i], dir, names[i], heads[i], err);
		if (rc != FS_OK)
			goto out;
	}
	rc = write_forbund(&g, &rs, &o[0], err);
	if (rc == FS_OK)
		rc = write_insatser(&g, &o[1], err);
	if (rc == FS_OK)
		rc = write_deltagande(&g, &rd, &o[2], progress, arg, err);
	if (rc == FS_OK)
		rc = write_anonyma(&g, &ra, &o[3], err);
	for (i = 0; i < 4 && rc == FS_OK; i++)
		rc = out_close(&o[i], err);
	for (i = 0; i < 4 && rc == FS_OK; i++) {
		if (rename(o[i].tmp, o[i].path) != 0)
			rc = fs_err_set(err, FS_EIO, "ut", "kan inte byta namn "
			    "på %s", names[i]);
		else
			o[i].tmp[0] = '\0';
	}
	if (rc == FS_OK && stats != NULL)
		*stats = g.st;
out:
	for (i = 0; i < 4; i++)
		out_abort(&o[i]);
	gen_release(&g);
	return rc;
}
