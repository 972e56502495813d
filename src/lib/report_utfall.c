/* SPDX-License-Identifier: ISC */
/*
 * The outcome report ("utfall", reports.md section 1): the pure
 * computation over compact rows, the snapshot of finished
 * participations kept in the rapportcache table, the level and period
 * checks, and the plain-SQL version of the same measures.  Owns the
 * snapshot format and the cache entry named "utfall"; the output
 * formats live in report_utfall_out.c.
 *
 * Snapshot format (native byte order; the cache is derived data, so a
 * snapshot written on another machine is simply rebuilt).  Part 0
 * (rapportcache.del 0) holds
 *
 *	struct snap_header	magic, sizes, counts (40 bytes)
 *	int64_t[nforbund]	förbund ids, ascending (row.forbund indexes)
 *	struct snap_part[nparts] directory: first and last slutdatum and
 *				number of rows of each row part
 *
 * and parts 1 .. nparts hold the rows, sorted by slutdatum, at most
 * PART_ROWS rows (1.25 MiB) each.  Every part carries the participation
 * data generation the snapshot was built from.  A report streams the
 * parts: a part whose dates lie outside the period is never read, and
 * the rows of the others are counted straight from the statement's
 * buffer, so no copy of the whole snapshot is ever made.  Person keys
 * are handed out in slutdatum order, so that the rows of a period touch
 * a compact stretch of the person bitmaps.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "finsam/alloc.h"
#include "finsam/codes.h"
#include "finsam/db.h"
#include "finsam/err.h"
#include "finsam/parse.h"
#include "finsam/report.h"
#include "finsam/stmt.h"
#include "finsam/store.h"

#define CACHE_NAME "utfall"
#define PART_ROWS 65536
#define SNAP_MAGIC "fsutf02"
#define SNAP_BYTEORDER 0x01020304u

struct snap_header {
	char		 magic[8];
	uint32_t	 byteorder;
	uint32_t	 rowsize;
	uint64_t	 nrows;
	uint32_t	 npersons;
	uint32_t	 nforbund;
	uint32_t	 nparts;	/* row parts after part 0 */
	uint32_t	 reserved;	/* 0 */
};
_Static_assert(sizeof(struct snap_header) == 40, "snap_header layout");
_Static_assert(sizeof(struct fs_utfall_row) == 20, "fs_utfall_row layout");

struct snap_part {
	int32_t		 first;		/* slutdatum of its first row */
	int32_t		 last;		/* slutdatum of its last row */
	uint32_t	 nrows;
	uint32_t	 reserved;	/* 0 */
};
_Static_assert(sizeof(struct snap_part) == 16, "snap_part layout");

/* A snapshot built in memory. */
struct snapshot {
	int64_t			 generation;
	int64_t			*forbund_ids;	/* ascending */
	size_t			 nforbund;
	struct fs_utfall_row	*rows;		/* sorted by slutdatum */
	size_t			 nrows;
	uint32_t		 npersons;
};

/* The förbund a query covers: all of them (all) or the listed ids. */
struct selection {
	bool		 all;
	int64_t		*ids;
	size_t		 nids;
	char		 lan[3];	/* for the SQL version */
	int64_t		 forbund_id;	/* for the SQL version, 0 none */
};

static const struct {
	const char		*key;
	const char		*label;
	enum fs_utfall_kind	 kind;
} measures[] = {
	[FS_UTFALL_ANTAL] = { "antal", "Antal", FS_KIND_COUNT },
	[FS_UTFALL_FORDELNING] = { "fordelning", "Fördelning",
	    FS_KIND_SHARE },
	[FS_UTFALL_ANTAL_UNIKA] = { "antal_unika", "Antal unika",
	    FS_KIND_COUNT },
	[FS_UTFALL_UNDER_30] = { "andel_under_30",
	    "Andel yngre än 30 år vid start", FS_KIND_SHARE },
	[FS_UTFALL_FORSORJNING_3AR] = { "andel_forsorjning_over_3_ar",
	    "Andel med offentlig försörjning i mer än 3 år vid start",
	    FS_KIND_SHARE },
	[FS_UTFALL_GRUNDSKOLA] = { "andel_grundskola",
	    "Andel med grundskoleexamen som högst slutförda utbildning",
	    FS_KIND_SHARE },
	[FS_UTFALL_EFTERGYMNASIAL] = { "andel_eftergymnasial",
	    "Andel med någon form av eftergymnasial utbildning",
	    FS_KIND_SHARE },
	[FS_UTFALL_INSKRIVNINGSTID] = { "inskrivningstid_dagar",
	    "Genomsnittlig inskrivningstid i dagar", FS_KIND_MEAN },
	[FS_UTFALL_ANTAL_ARBETE] = { "antal_arbete",
	    "Antal i förvärvsarbete", FS_KIND_COUNT },
	[FS_UTFALL_HELTID_ARBETE] = { "heltid_arbete",
	    "Förvärvsarbete motsvarande antal heltidsarbeten", FS_KIND_FTE },
	[FS_UTFALL_ANDEL_ARBETE] = { "andel_arbete",
	    "Andel i förvärvsarbete", FS_KIND_SHARE },
	[FS_UTFALL_ANTAL_ARBETE_STUDIER] = { "antal_arbete_studier",
	    "Antal i förvärvsarbete och/eller studier", FS_KIND_COUNT },
	[FS_UTFALL_HELTID_ARBETE_STUDIER] = { "heltid_arbete_studier",
	    "Förvärvsarbete och/eller studier motsvarande antal "
	    "heltidsarbeten", FS_KIND_FTE },
	[FS_UTFALL_ANTAL_OKAT] = { "antal_okat",
	    "Antal som fått eller ökat omfattning av arbete och/eller "
	    "studier", FS_KIND_COUNT },
};
_Static_assert(FS_NELEM(measures) == FS_UTFALL__MAX, "measures incomplete");

static const char *const col_keys[] = {
	[FS_COL_TOTALT] = "totalt",
	[FS_COL_KVINNOR] = "kvinnor",
	[FS_COL_MAN] = "man",
};
_Static_assert(FS_NELEM(col_keys) == FS_COL__MAX, "col_keys incomplete");

static const char *const level_names[] = {
	[FS_LEVEL_RIKET] = "riket",
	[FS_LEVEL_LAN] = "lan",
	[FS_LEVEL_FORBUND] = "forbund",
};
_Static_assert(FS_NELEM(level_names) == FS_LEVEL__MAX, "level_names");

const char *
fs_utfall_key(enum fs_utfall_measure m)
{
	return (unsigned)m < FS_UTFALL__MAX ? measures[m].key : NULL;
}

const char *
fs_utfall_label(enum fs_utfall_measure m)
{
	return (unsigned)m < FS_UTFALL__MAX ? measures[m].label : NULL;
}

enum fs_utfall_kind
fs_utfall_kind(enum fs_utfall_measure m)
{
	return (unsigned)m < FS_UTFALL__MAX ? measures[m].kind
	    : FS_KIND_COUNT;
}

const char *
fs_utfall_col_key(enum fs_utfall_col c)
{
	return (unsigned)c < FS_COL__MAX ? col_keys[c] : NULL;
}

const char *
fs_report_level_name(enum fs_report_level l)
{
	return (unsigned)l < FS_LEVEL__MAX ? level_names[l] : NULL;
}

/*
 * Pure computation core
 */

/* The sums behind the measures, per column. */
enum {
	ACC_N,		/* participations */
	ACC_UNIKA,
	ACC_UNDER_30,
	ACC_FT_3AR,
	ACC_GRUNDSKOLA,
	ACC_EFTERGYMN,
	ACC_DAGAR,
	ACC_ARBETE,
	ACC_ARBETE_PCT,
	ACC_ARB_STUD,
	ACC_ARB_STUD_PCT,
	ACC_OKAT,
	ACC__MAX
};

/* Turn the sums of each column into the 14 measures. */
static void
finish(struct fs_utfall *out, const int64_t acc[FS_COL__MAX][ACC__MAX])
{
	int64_t ntot = acc[FS_COL_TOTALT][ACC_N];

	for (int c = 0; c < FS_COL__MAX; c++) {
		const int64_t *a = acc[c];
		struct fs_ratio *cell;
		int64_t n = a[ACC_N];

#define SET(m, t, d) do { \
	cell = &out->cell[(m)][c]; \
	cell->taljare = (t); \
	cell->namnare = (d); \
} while (0)
		SET(FS_UTFALL_ANTAL, n, 1);
		SET(FS_UTFALL_FORDELNING, n, ntot);
		SET(FS_UTFALL_ANTAL_UNIKA, a[ACC_UNIKA], 1);
		SET(FS_UTFALL_UNDER_30, a[ACC_UNDER_30], n);
		SET(FS_UTFALL_FORSORJNING_3AR, a[ACC_FT_3AR], n);
		SET(FS_UTFALL_GRUNDSKOLA, a[ACC_GRUNDSKOLA], n);
		SET(FS_UTFALL_EFTERGYMNASIAL, a[ACC_EFTERGYMN], n);
		SET(FS_UTFALL_INSKRIVNINGSTID, a[ACC_DAGAR], n);
		SET(FS_UTFALL_ANTAL_ARBETE, a[ACC_ARBETE], 1);
		SET(FS_UTFALL_HELTID_ARBETE, a[ACC_ARBETE_PCT], 100);
		SET(FS_UTFALL_ANDEL_ARBETE, a[ACC_ARBETE], n);
		SET(FS_UTFALL_ANTAL_ARBETE_STUDIER, a[ACC_ARB_STUD], 1);
		SET(FS_UTFALL_HELTID_ARBETE_STUDIER, a[ACC_ARB_STUD_PCT], 100);
		SET(FS_UTFALL_ANTAL_OKAT, a[ACC_OKAT], 1);
#undef SET
	}
}

/* A percentage as a number: not given counts as 0. */
static unsigned
pct(uint8_t v)
{
	return v == FS_UTFALL_PCT_NONE ? 0u : v;
}

static unsigned
min100(unsigned v)
{
	return v > 100 ? 100 : v;
}

/* Bits of the code table: what a row's koder byte counts towards. */
enum {
	KT_FT_3AR = 1 << 0,
	KT_GRUNDSKOLA = 1 << 1,
	KT_EFTERGYMN = 1 << 2,
};

/*
 * Running sums over rows of one query: per sex bucket (0 kvinna, 1 man,
 * 2 neither, which counts in Totalt only), the distinct persons of
 * Totalt, and the person bitmaps behind "antal unika".
 */
struct acc {
	int64_t		 sum[3][ACC__MAX];
	int64_t		 unika_tot;
	uint64_t	*seen;		/* 4 bitmaps of nwords: Totalt, buckets */
	size_t		 nwords;
	uint32_t	 npersons;
	const uint8_t	*mask;		/* selected förbund, NULL = all */
	size_t		 nforbund;
	int32_t		 fran;
	int32_t		 till;
	uint8_t		 kt[256];	/* koder -> KT_* bits */
};

static enum fs_rc
acc_init(struct acc *a, uint32_t npersons, const uint8_t *mask,
    size_t nforbund, int32_t fran, int32_t till, struct fs_err *err)
{
	memset(a, 0, sizeof(*a));
	a->npersons = npersons;
	a->mask = mask;
	a->nforbund = nforbund;
	a->fran = fran;
	a->till = till;
	for (unsigned k = 0; k < 256; k++) {
		unsigned utb = k & 0x0f, ft = k >> 4;

		a->kt[k] = (uint8_t)((ft == FS_FT_3_9 || ft == FS_FT_OVER_9 ?
		    KT_FT_3AR : 0) |
		    (utb == FS_UTB_GRUNDSKOLA ? KT_GRUNDSKOLA : 0) |
		    (utb == FS_UTB_EFTERGYMNASIAL ? KT_EFTERGYMN : 0));
	}
	/*
	 * Person bitmaps: Totalt, then one per bucket (the last is never
	 * read; it spares the loop a branch).  Zeroed pages come from the
	 * system lazily, so only the stretches touched cost anything.
	 */
	a->nwords = ((size_t)npersons + 63) / 64;
	a->seen = fs_calloc(a->nwords == 0 ? 1 : 4 * a->nwords,
	    sizeof(*a->seen));
	if (a->seen == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	return FS_OK;
}

static void
acc_release(struct acc *a)
{
	free(a->seen);
	a->seen = NULL;
}

/*
 * Add the rows with fran <= slutdatum <= till of the selected förbund.
 * The inner loop is written without data-dependent branches (table
 * look-ups and comparisons added as 0/1) because the attributes of
 * consecutive rows are as good as random, and a mispredicted branch
 * per attribute would cost more than all the arithmetic.
 */
static enum fs_rc
acc_add(struct acc *ac, const struct fs_utfall_row *rows, size_t n,
    struct fs_err *err)
{
	/* flags & 3 -> bucket: 0 kvinna, 1 man, 2 neither (or both). */
	static const uint8_t bucket[4] = { 2, 0, 1, 2 };
	uint64_t *seen = ac->seen;
	size_t nwords = ac->nwords;

	for (size_t i = 0; i < n; i++) {
		const struct fs_utfall_row *r = &rows[i];
		unsigned b, k, ae, se, af, sf, efter, fore;
		uint64_t bit, old, *sw;
		size_t w;
		int64_t *a;

		if (r->slutdatum < ac->fran || r->slutdatum > ac->till)
			continue;
		if (ac->mask != NULL) {
			if (r->forbund >= ac->nforbund)
				return fs_err_set(err, FS_EINVAL, "forbund",
				    "förbundsindex utanför tabellen");
			if (ac->mask[r->forbund] == 0)
				continue;
		}
		if (r->person >= ac->npersons)
			return fs_err_set(err, FS_EINVAL, "person",
			    "personnyckel utanför intervallet");
		b = bucket[r->flags & 3];
		a = ac->sum[b];
		w = r->person >> 6;
		bit = (uint64_t)1 << (r->person & 63);
		old = seen[w];
		seen[w] = old | bit;
		ac->unika_tot += (old & bit) == 0;
		sw = &seen[(b + 1) * nwords + w];
		old = *sw;
		*sw = old | bit;
		a[ACC_UNIKA] += (old & bit) == 0;
		k = ac->kt[r->koder];
		ae = pct(r->arbete_efter);
		se = pct(r->studier_efter);
		af = pct(r->arbete_fore);
		sf = pct(r->studier_fore);
		efter = min100(ae + se);
		fore = min100(af + sf);
		a[ACC_N]++;
		a[ACC_UNDER_30] += (r->flags & FS_UTFALL_UNDER_30_AR) != 0;
		a[ACC_FT_3AR] += (k & KT_FT_3AR) != 0;
		a[ACC_GRUNDSKOLA] += (k & KT_GRUNDSKOLA) != 0;
		a[ACC_EFTERGYMN] += (k & KT_EFTERGYMN) != 0;
		a[ACC_DAGAR] += (int64_t)r->slutdatum - r->startdatum;
		a[ACC_ARBETE] += ae != 0;
		a[ACC_ARBETE_PCT] += ae;
		a[ACC_ARB_STUD] += (ae | se) != 0;
		a[ACC_ARB_STUD_PCT] += efter;
		a[ACC_OKAT] += efter > fore;
	}
	return FS_OK;
}

/* The 14 measures from the sums; only out->cell is written. */
static void
acc_finish(const struct acc *ac, struct fs_utfall *out)
{
	int64_t sums[FS_COL__MAX][ACC__MAX];

	for (int k = 0; k < ACC__MAX; k++) {
		sums[FS_COL_KVINNOR][k] = ac->sum[0][k];
		sums[FS_COL_MAN][k] = ac->sum[1][k];
		sums[FS_COL_TOTALT][k] = ac->sum[0][k] + ac->sum[1][k] +
		    ac->sum[2][k];
	}
	sums[FS_COL_TOTALT][ACC_UNIKA] = ac->unika_tot;
	finish(out, sums);
}

enum fs_rc
fs_utfall_compute(const struct fs_utfall_row *rows, size_t n,
    uint32_t npersons, const uint8_t *mask, size_t nforbund, int32_t fran,
    int32_t till, struct fs_utfall *out, struct fs_err *err)
{
	struct acc ac;
	enum fs_rc rc;

	memset(out, 0, sizeof(*out));
	if (fran > till)
		return fs_err_set(err, FS_EINVAL, "till",
		    "måste vara samma dag som eller senare än fran");
	rc = acc_init(&ac, npersons, mask, nforbund, fran, till, err);
	if (rc != FS_OK)
		return rc;
	rc = acc_add(&ac, rows, n, err);
	if (rc == FS_OK)
		acc_finish(&ac, out);
	acc_release(&ac);
	return rc;
}

void
fs_utfall_range(const struct fs_utfall_row *rows, size_t n, int32_t fran,
    int32_t till, size_t *lo, size_t *hi)
{
	size_t a = 0, b = n, m;

	/* First row with slutdatum >= fran. */
	while (a < b) {
		m = a + (b - a) / 2;
		if (rows[m].slutdatum < fran)
			a = m + 1;
		else
			b = m;
	}
	*lo = a;
	/* First row with slutdatum > till. */
	b = n;
	while (a < b) {
		m = a + (b - a) / 2;
		if (rows[m].slutdatum <= till)
			a = m + 1;
		else
			b = m;
	}
	*hi = fran > till ? *lo : a;
}

/*
 * Snapshot: build, store, load
 */

static void
snap_release(struct snapshot *s)
{
	free(s->forbund_ids);
	free(s->rows);
	memset(s, 0, sizeof(*s));
}

/* Map person_id -> dense key, built once per snapshot build. */
struct pmap {
	int64_t		*ids;	/* 0 = empty slot */
	uint32_t	*keys;
	size_t		 mask;
};

static enum fs_rc
pmap_init(struct pmap *m, size_t n, struct fs_err *err)
{
	size_t cap = 16;

	while (cap < 2 * n)
		cap *= 2;
	m->ids = fs_calloc(cap, sizeof(*m->ids));
	m->keys = fs_calloc(cap, sizeof(*m->keys));
	m->mask = cap - 1;
	if (m->ids == NULL || m->keys == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	return FS_OK;
}

static void
pmap_release(struct pmap *m)
{
	free(m->ids);
	free(m->keys);
}

/* The key of id (> 0), handing out *next when id is new. */
static uint32_t
pmap_key(struct pmap *m, int64_t id, uint32_t *next)
{
	size_t h = (size_t)(((uint64_t)id * 0x9e3779b97f4a7c15ULL) >> 20) &
	    m->mask;

	while (m->ids[h] != 0) {
		if (m->ids[h] == id)
			return m->keys[h];
		h = (h + 1) & m->mask;
	}
	m->ids[h] = id;
	m->keys[h] = *next;
	return (*next)++;
}

/* A scanned participation before sorting. */
struct raw {
	struct fs_utfall_row	 row;	/* forbund: index into ids */
	int64_t			 person_id;	/* 0 when de-identified */
};

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static enum fs_rc
bad_data(struct fs_err *err, const char *field)
{
	return fs_err_set(err, FS_EDB, field,
	    "ogiltigt värde i databasen (deltagande)");
}

/* A percentage column: NULL gives FS_UTFALL_PCT_NONE. */
static enum fs_rc
col_pct(struct fs_stmt *s, int c, uint8_t *out, const char *field,
    struct fs_err *err)
{
	int64_t v;

	if (fs_stmt_col_null(s, c)) {
		*out = FS_UTFALL_PCT_NONE;
		return FS_OK;
	}
	v = fs_stmt_col_i64(s, c);
	if (v < 0 || v > 100)
		return bad_data(err, field);
	*out = (uint8_t)v;
	return FS_OK;
}

/* The index of förbund id in ids (unsorted, *n entries), adding it. */
static enum fs_rc
forbund_index(int64_t **ids, size_t *n, size_t *cap, int64_t id,
    size_t *last, uint16_t *out, struct fs_err *err)
{
	int64_t *p;

	if (*last < *n && (*ids)[*last] == id) {
		*out = (uint16_t)*last;
		return FS_OK;
	}
	for (size_t i = 0; i < *n; i++)
		if ((*ids)[i] == id) {
			*last = i;
			*out = (uint16_t)i;
			return FS_OK;
		}
	if (*n > UINT16_MAX)
		return fs_err_set(err, FS_EINVAL, "forbund",
		    "för många förbund för rapporten");
	if (*n == *cap) {
		*cap = *cap == 0 ? 64 : 2 * *cap;
		p = fs_reallocarray(*ids, *cap, sizeof(**ids));
		if (p == NULL)
			return fs_err_set(err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
		*ids = p;
	}
	(*ids)[*n] = id;
	*last = *n;
	*out = (uint16_t)*n;
	(*n)++;
	return FS_OK;
}

/* Read one row of FS_STMT_REPORT_SCAN into r. */
static enum fs_rc
scan_row(struct fs_stmt *s, struct raw *r, struct fs_err *err)
{
	const char *t;
	size_t len;
	int code, ft, utb;
	enum fs_rc rc;

	memset(r, 0, sizeof(*r));
	r->person_id = fs_stmt_col_null(s, 1) ? 0 : fs_stmt_col_i64(s, 1);
	if (r->person_id < 0)
		return bad_data(err, "person_id");
	t = fs_stmt_col_text(s, 2, &len);
	if (len == 1 && t[0] == 'k')
		r->row.flags |= FS_UTFALL_KVINNA;
	else if (len == 1 && t[0] == 'm')
		r->row.flags |= FS_UTFALL_MAN;
	if (fs_stmt_col_i64(s, 3) < 30)
		r->row.flags |= FS_UTFALL_UNDER_30_AR;
	r->row.startdatum = fs_stmt_col_date(s, 4);
	r->row.slutdatum = fs_stmt_col_date(s, 5);
	if (r->row.startdatum == FS_DATE_NONE)
		return bad_data(err, "startdatum");
	if (r->row.slutdatum == FS_DATE_NONE)
		return bad_data(err, "slutdatum");
	t = fs_stmt_col_text(s, 6, &len);
	code = len == 0 ? 0 : fs_code_find(FS_LIST_UTBILDNING, t, len);
	utb = code < 0 ? 0 : code;
	t = fs_stmt_col_text(s, 7, &len);
	code = len == 0 ? 0 : fs_code_find(FS_LIST_FORSORJNING_TID, t, len);
	ft = code < 0 ? 0 : code;
	r->row.koder = FS_UTFALL_KODER(utb, ft);
	rc = col_pct(s, 8, &r->row.arbete_fore, "arbete_fore", err);
	if (rc == FS_OK)
		rc = col_pct(s, 9, &r->row.studier_fore, "studier_fore", err);
	if (rc == FS_OK)
		rc = col_pct(s, 10, &r->row.arbete_efter, "arbete_efter",
		    err);
	if (rc == FS_OK)
		rc = col_pct(s, 11, &r->row.studier_efter, "studier_efter",
		    err);
	return rc;
}

/*
 * Build the snapshot of every finished participation from the database
 * into out, tagged with generation gen (read by the caller before the
 * scan).  Sorting is a counting sort on slutdatum; person keys are
 * handed out in the sorted order.
 */
static enum fs_rc
snap_build(struct fs_db *db, int64_t gen, struct snapshot *out,
    struct fs_err *err)
{
	struct raw *raw = NULL, *p;
	size_t nraw = 0, capraw = 0, nids = 0, capids = 0, last = 0;
	int64_t *ids = NULL;
	uint32_t *count = NULL, *order = NULL, next = 0;
	uint16_t *remap = NULL;
	int64_t *sorted_ids = NULL;
	int32_t dmin = INT32_MAX, dmax = INT32_MIN;
	struct pmap pm = { NULL, NULL, 0 };
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;
	size_t range;

	memset(out, 0, sizeof(*out));
	rc = fs_store_stmt(db->store, FS_STMT_REPORT_SCAN, &s, err);
	if (rc != FS_OK)
		return rc;
	for (;;) {
		rc = fs_stmt_step(s, &row, err);
		if (rc != FS_OK || !row)
			break;
		if (nraw == capraw) {
			capraw = capraw == 0 ? 4096 : 2 * capraw;
			p = fs_reallocarray(raw, capraw, sizeof(*raw));
			if (p == NULL) {
				rc = fs_err_set(err, FS_ENOMEM, NULL,
				    "minnet räcker inte");
				break;
			}
			raw = p;
		}
		rc = scan_row(s, &raw[nraw], err);
		if (rc == FS_OK)
			rc = forbund_index(&ids, &nids, &capids,
			    fs_stmt_col_i64(s, 0), &last,
			    &raw[nraw].row.forbund, err);
		if (rc != FS_OK)
			break;
		if (raw[nraw].row.slutdatum < dmin)
			dmin = raw[nraw].row.slutdatum;
		if (raw[nraw].row.slutdatum > dmax)
			dmax = raw[nraw].row.slutdatum;
		nraw++;
	}
	fs_stmt_reset(s);
	if (rc != FS_OK)
		goto out;
	if (nraw >= UINT32_MAX) {
		rc = fs_err_set(err, FS_ENOMEM, NULL,
		    "för många deltaganden för rapporten");
		goto out;
	}

	/* Förbund ids ascending, and the old index -> new index map. */
	sorted_ids = fs_calloc(nids == 0 ? 1 : nids, sizeof(*sorted_ids));
	remap = fs_calloc(nids == 0 ? 1 : nids, sizeof(*remap));
	if (sorted_ids == NULL || remap == NULL) {
		rc = fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
		goto out;
	}
	if (nids > 0)
		memcpy(sorted_ids, ids, nids * sizeof(*ids));
	qsort(sorted_ids, nids, sizeof(*sorted_ids), cmp_i64);
	for (size_t i = 0; i < nids; i++) {
		int64_t *f = bsearch(&ids[i], sorted_ids, nids,
		    sizeof(*sorted_ids), cmp_i64);

		remap[i] = (uint16_t)(f - sorted_ids);
	}

	/* Counting sort by slutdatum: order[] lists raw indexes. */
	range = nraw == 0 ? 1 : (size_t)((int64_t)dmax - dmin) + 1;
	count = fs_calloc(range + 1, sizeof(*count));
	order = fs_calloc(nraw == 0 ? 1 : nraw, sizeof(*order));
	if (count == NULL || order == NULL) {
		rc = fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
		goto out;
	}
	for (size_t i = 0; i < nraw; i++)
		count[(size_t)(raw[i].row.slutdatum - dmin) + 1]++;
	for (size_t d = 1; d <= range; d++)
		count[d] += count[d - 1];
	for (size_t i = 0; i < nraw; i++)
		order[count[(size_t)(raw[i].row.slutdatum - dmin)]++] =
		    (uint32_t)i;

	out->rows = fs_calloc(nraw == 0 ? 1 : nraw, sizeof(*out->rows));
	if (out->rows == NULL) {
		rc = fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
		goto out;
	}
	rc = pmap_init(&pm, nraw, err);
	if (rc != FS_OK)
		goto out;
	for (size_t i = 0; i < nraw; i++) {
		const struct raw *r = &raw[order[i]];
		struct fs_utfall_row *dst = &out->rows[i];

		*dst = r->row;
		dst->forbund = remap[r->row.forbund];
		dst->person = r->person_id == 0 ? next++
		    : pmap_key(&pm, r->person_id, &next);
	}
	out->nrows = nraw;
	out->npersons = next;
	out->forbund_ids = sorted_ids;
	out->nforbund = nids;
	sorted_ids = NULL;
	out->generation = gen;
out:
	if (rc != FS_OK)
		snap_release(out);
	pmap_release(&pm);
	free(raw);
	free(ids);
	free(sorted_ids);
	free(remap);
	free(count);
	free(order);
	return rc;
}

/* Number of row parts of a snapshot of nrows rows. */
static size_t
nparts_of(size_t nrows)
{
	return (nrows + PART_ROWS - 1) / PART_ROWS;
}

/*
 * Part 0 of s: header, förbund ids and the part directory, in one
 * allocation of *len bytes (free with free()).
 */
static unsigned char *
part0(const struct snapshot *s, size_t *len)
{
	struct snap_header h;
	struct snap_part d;
	size_t np = nparts_of(s->nrows), off;
	unsigned char *p;

	*len = sizeof(h) + s->nforbund * sizeof(int64_t) + np * sizeof(d);
	p = fs_malloc(*len);
	if (p == NULL)
		return NULL;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, SNAP_MAGIC, sizeof(SNAP_MAGIC));
	h.byteorder = SNAP_BYTEORDER;
	h.rowsize = (uint32_t)sizeof(struct fs_utfall_row);
	h.nrows = s->nrows;
	h.npersons = s->npersons;
	h.nforbund = (uint32_t)s->nforbund;
	h.nparts = (uint32_t)np;
	memcpy(p, &h, sizeof(h));
	off = sizeof(h);
	if (s->nforbund > 0)
		memcpy(p + off, s->forbund_ids, s->nforbund * sizeof(int64_t));
	off += s->nforbund * sizeof(int64_t);
	for (size_t i = 0; i < np; i++) {
		size_t lo = i * PART_ROWS;
		size_t n = s->nrows - lo < PART_ROWS ? s->nrows - lo
		    : PART_ROWS;

		memset(&d, 0, sizeof(d));
		d.first = s->rows[lo].slutdatum;
		d.last = s->rows[lo + n - 1].slutdatum;
		d.nrows = (uint32_t)n;
		memcpy(p + off + i * sizeof(d), &d, sizeof(d));
	}
	return p;
}

/* Insert one part of the cache. */
static enum fs_rc
put_part(struct fs_db *db, int64_t del, int64_t gen, const void *p,
    size_t len, struct fs_err *err)
{
	struct fs_stmt *st;
	enum fs_rc rc;

	rc = fs_store_stmt(db->store, FS_STMT_REPORT_CACHE_PUT, &st, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_str(st, 1, CACHE_NAME);
	fs_stmt_bind_i64(st, 2, del);
	fs_stmt_bind_i64(st, 3, gen);
	fs_stmt_bind_blob(st, 4, p, len);
	return fs_stmt_exec(st, err);
}

/* Replace the cached snapshot by s (inside the caller's transaction). */
static enum fs_rc
snap_put(struct fs_db *db, const struct snapshot *s, struct fs_err *err)
{
	struct fs_stmt *st;
	unsigned char *p0;
	size_t len0, np = nparts_of(s->nrows);
	enum fs_rc rc;

	rc = fs_store_stmt(db->store, FS_STMT_REPORT_CACHE_CLEAR, &st, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_str(st, 1, CACHE_NAME);
	rc = fs_stmt_exec(st, err);
	if (rc != FS_OK)
		return rc;
	p0 = part0(s, &len0);
	if (p0 == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	rc = put_part(db, 0, s->generation, p0, len0, err);
	free(p0);
	for (size_t i = 0; rc == FS_OK && i < np; i++) {
		size_t lo = i * PART_ROWS;
		size_t n = s->nrows - lo < PART_ROWS ? s->nrows - lo
		    : PART_ROWS;

		rc = put_part(db, (int64_t)i + 1, s->generation, s->rows + lo,
		    n * sizeof(struct fs_utfall_row), err);
	}
	return rc;
}

/*
 * Store s in the cache in a transaction of its own (or the caller's),
 * provided the data generation is still the one s was built from.
 */
static enum fs_rc
snap_store(struct fs_db *db, const struct snapshot *s, struct fs_err *err)
{
	enum fs_rc rc;
	int64_t gen;
	bool own;

	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_db_generation(db, &gen, err);
	if (rc == FS_OK && gen == s->generation)
		rc = snap_put(db, s, err);
	return fs_db_tx_end(db, own, rc, err);
}

/* *current is true when part 0 of the cache carries generation gen. */
static enum fs_rc
cache_current(struct fs_db *db, int64_t gen, bool *current,
    struct fs_err *err)
{
	struct fs_stmt *st;
	enum fs_rc rc;
	bool row;

	*current = false;
	rc = fs_store_stmt(db->store, FS_STMT_REPORT_CACHE_GET, &st, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_str(st, 1, CACHE_NAME);
	rc = fs_stmt_step(st, &row, err);
	if (rc == FS_OK && row)
		*current = fs_stmt_col_i64(st, 0) == gen;
	fs_stmt_reset(st);
	return rc;
}

enum fs_rc
fs_report_utfall_refresh(struct fs_db *db, struct fs_err *err)
{
	struct snapshot s;
	enum fs_rc rc;
	int64_t gen;
	bool current;

	memset(&s, 0, sizeof(s));
	rc = fs_db_generation(db, &gen, err);
	if (rc == FS_OK)
		rc = cache_current(db, gen, &current, err);
	if (rc != FS_OK || current)
		return rc;
	rc = snap_build(db, gen, &s, err);
	if (rc == FS_OK)
		rc = snap_store(db, &s, err);
	snap_release(&s);
	return rc;
}

/*
 * The förbund mask of sel over a snapshot's förbund ids (ascending):
 * NULL in *out for all förbund.
 */
static enum fs_rc
make_mask(const struct selection *sel, const int64_t *ids, size_t nids,
    uint8_t **out, struct fs_err *err)
{
	uint8_t *mask;
	const int64_t *f;

	*out = NULL;
	if (sel->all)
		return FS_OK;
	mask = fs_calloc(nids == 0 ? 1 : nids, 1);
	if (mask == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	for (size_t i = 0; i < sel->nids && nids > 0; i++) {
		f = bsearch(&sel->ids[i], ids, nids, sizeof(*ids), cmp_i64);
		if (f != NULL)
			mask[f - ids] = 1;
	}
	*out = mask;
	return FS_OK;
}

/* What streaming the cache has read so far. */
struct stream {
	struct snap_header	 h;
	int64_t			*ids;
	struct snap_part	*dir;
	uint8_t			*mask;
	struct fs_utfall_row	*scratch;	/* for a misaligned part */
	struct acc		 ac;
	bool			 have_acc;
	size_t			 next;		/* the next row part */
};

static void
stream_release(struct stream *sm)
{
	free(sm->ids);
	free(sm->dir);
	free(sm->mask);
	free(sm->scratch);
	if (sm->have_acc)
		acc_release(&sm->ac);
}

/*
 * Part 0: check the header and directory, copy the förbund ids and
 * directory, and start the sums.  *ok is false when the part is not a
 * snapshot this code wrote.
 */
static enum fs_rc
stream_head(struct stream *sm, const unsigned char *p, size_t len,
    const struct fs_report_query *q, const struct selection *sel, bool *ok,
    struct fs_err *err)
{
	struct snap_header *h = &sm->h;
	size_t idlen, dirlen;
	uint64_t total = 0;
	enum fs_rc rc;

	*ok = false;
	if (p == NULL || len < sizeof(*h))
		return FS_OK;
	memcpy(h, p, sizeof(*h));
	if (memcmp(h->magic, SNAP_MAGIC, sizeof(SNAP_MAGIC)) != 0 ||
	    h->byteorder != SNAP_BYTEORDER ||
	    h->rowsize != sizeof(struct fs_utfall_row) ||
	    h->nforbund > (uint32_t)UINT16_MAX + 1 ||
	    h->nparts > (len - sizeof(*h)) / sizeof(struct snap_part))
		return FS_OK;
	idlen = (size_t)h->nforbund * sizeof(int64_t);
	dirlen = (size_t)h->nparts * sizeof(struct snap_part);
	if (len != sizeof(*h) + idlen + dirlen)
		return FS_OK;
	sm->ids = fs_malloc(idlen == 0 ? 1 : idlen);
	sm->dir = fs_malloc(dirlen == 0 ? 1 : dirlen);
	if (sm->ids == NULL || sm->dir == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	if (idlen > 0)
		memcpy(sm->ids, p + sizeof(*h), idlen);
	if (dirlen > 0)
		memcpy(sm->dir, p + sizeof(*h) + idlen, dirlen);
	for (uint32_t i = 0; i < h->nparts; i++) {
		const struct snap_part *d = &sm->dir[i];

		if (d->nrows == 0 || d->nrows > PART_ROWS ||
		    d->first > d->last ||
		    (i > 0 && d->first < sm->dir[i - 1].last))
			return FS_OK;
		total += d->nrows;
	}
	for (uint32_t i = 1; i < h->nforbund; i++)
		if (sm->ids[i] <= sm->ids[i - 1])
			return FS_OK;
	if (total != h->nrows)
		return FS_OK;
	rc = make_mask(sel, sm->ids, h->nforbund, &sm->mask, err);
	if (rc != FS_OK)
		return rc;
	rc = acc_init(&sm->ac, h->npersons, sm->mask, h->nforbund, q->fran,
	    q->till, err);
	if (rc != FS_OK)
		return rc;
	sm->have_acc = true;
	*ok = true;
	return FS_OK;
}

/*
 * A row part, read from the statement's buffer p[0..len): check it
 * against its directory entry, then count the rows of the period.
 */
static enum fs_rc
stream_part(struct stream *sm, const struct snap_part *d, const void *p,
    size_t len, const struct fs_report_query *q, bool *ok,
    struct fs_err *err)
{
	const struct fs_utfall_row *rows = p;
	struct fs_err aerr = FS_ERR_INIT;
	size_t n = d->nrows, lo, hi;

	*ok = false;
	if (p == NULL || len != n * sizeof(struct fs_utfall_row))
		return FS_OK;
	if ((uintptr_t)p % _Alignof(struct fs_utfall_row) != 0) {
		/* Blobs small enough to sit in a page may be misaligned. */
		if (sm->scratch == NULL)
			sm->scratch = fs_calloc(PART_ROWS,
			    sizeof(*sm->scratch));
		if (sm->scratch == NULL)
			return fs_err_set(err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
		memcpy(sm->scratch, p, len);
		rows = sm->scratch;
	}
	if (rows[0].slutdatum != d->first || rows[n - 1].slutdatum != d->last)
		return FS_OK;
	for (size_t i = 1; i < n; i++)
		if (rows[i].slutdatum < rows[i - 1].slutdatum)
			return FS_OK;
	fs_utfall_range(rows, n, q->fran, q->till, &lo, &hi);
	/* Bad person keys or förbund indexes make the cache invalid. */
	*ok = acc_add(&sm->ac, rows + lo, hi - lo, &aerr) == FS_OK;
	return FS_OK;
}

/*
 * Compute the report for q from the cached snapshot, if there is a
 * well-formed one of generation gen: *found tells.  Parts whose dates
 * lie outside the period are skipped without reading their data.
 */
static enum fs_rc
snap_stream(struct fs_db *db, int64_t gen, const struct fs_report_query *q,
    const struct selection *sel, struct fs_utfall *out, bool *found,
    struct fs_err *err)
{
	struct stream sm;
	struct fs_stmt *st;
	const struct snap_part *d;
	const void *p;
	size_t len;
	enum fs_rc rc;
	bool row, ok = false, head = true;

	*found = false;
	memset(&sm, 0, sizeof(sm));
	rc = fs_store_stmt(db->store, FS_STMT_REPORT_CACHE_GET, &st, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_str(st, 1, CACHE_NAME);
	for (;;) {
		rc = fs_stmt_step(st, &row, err);
		if (rc != FS_OK || !row)
			break;
		ok = fs_stmt_col_i64(st, 0) == gen;
		if (!ok)
			break;
		if (head) {
			p = fs_stmt_col_blob(st, 1, &len);
			rc = stream_head(&sm, p, len, q, sel, &ok, err);
			head = false;
		} else if (sm.next >= sm.h.nparts) {
			ok = false;
		} else {
			d = &sm.dir[sm.next++];
			if (d->last >= q->fran && d->first <= q->till) {
				p = fs_stmt_col_blob(st, 1, &len);
				rc = stream_part(&sm, d, p, len, q, &ok, err);
			}
		}
		if (rc != FS_OK || !ok)
			break;
	}
	fs_stmt_reset(st);
	if (rc == FS_OK && ok && !head && sm.next == sm.h.nparts) {
		acc_finish(&sm.ac, out);
		*found = true;
	}
	stream_release(&sm);
	return rc;
}

/*
 * Level and period
 */

/* Copy src[0..len) into dst (cap bytes), cut at a UTF-8 boundary. */
static void
copy_name(char *dst, size_t cap, const char *src, size_t len)
{
	if (len >= cap) {
		len = cap - 1;
		while (len > 0 && ((unsigned char)src[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
}

static enum fs_rc
check_period(const struct fs_report_query *q, struct fs_err *err)
{
	if (q->fran == FS_DATE_NONE)
		return fs_err_set(err, FS_EINVAL, "fran", "måste anges");
	if (q->till == FS_DATE_NONE)
		return fs_err_set(err, FS_EINVAL, "till", "måste anges");
	if (q->fran > q->till)
		return fs_err_set(err, FS_EINVAL, "till",
		    "måste vara samma dag som eller senare än fran");
	return FS_OK;
}

static void
sel_release(struct selection *sel)
{
	free(sel->ids);
	sel->ids = NULL;
	sel->nids = 0;
}

/* Add förbund id to sel. */
static enum fs_rc
sel_add(struct selection *sel, int64_t id, struct fs_err *err)
{
	int64_t *p;

	p = fs_reallocarray(sel->ids, sel->nids + 1, sizeof(*p));
	if (p == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	sel->ids = p;
	sel->ids[sel->nids++] = id;
	return FS_OK;
}

/*
 * Check q and find the förbund it covers; fill the level, code, name
 * and period of out.
 */
static enum fs_rc
resolve(struct fs_db *db, const struct fs_report_query *q,
    struct selection *sel, struct fs_utfall *out, struct fs_err *err)
{
	struct fs_stmt *s;
	const char *t;
	const char *field = q->level == FS_LEVEL_LAN ? "lan" : "forbund";
	size_t len, kodlen;
	enum fs_rc rc;
	bool row, found = false;

	memset(sel, 0, sizeof(*sel));
	out->level = q->level;
	out->fran = q->fran;
	out->till = q->till;
	rc = check_period(q, err);
	if (rc != FS_OK)
		return rc;
	if ((unsigned)q->level >= FS_LEVEL__MAX)
		return fs_err_set(err, FS_EINVAL, "niva",
		    "måste vara riket, lan eller forbund");
	if (q->level == FS_LEVEL_RIKET) {
		sel->all = true;
		copy_name(out->namn, sizeof(out->namn), "Riket", 5);
		return FS_OK;
	}
	if (q->kod == NULL || q->kod[0] == '\0')
		return fs_err_set(err, FS_EINVAL, field, "måste anges");
	kodlen = strlen(q->kod);
	if (kodlen >= sizeof(out->kod))
		return fs_err_set(err, FS_ENOTFOUND, field,
		    q->level == FS_LEVEL_LAN ? "okänd länskod"
		    : "okänd förbundskod");
	copy_name(out->kod, sizeof(out->kod), q->kod, kodlen);
	if (q->level == FS_LEVEL_LAN) {
		if (kodlen >= sizeof(sel->lan))
			return fs_err_set(err, FS_ENOTFOUND, "lan",
			    "okänd länskod");
		copy_name(sel->lan, sizeof(sel->lan), q->kod, kodlen);
		rc = fs_store_stmt(db->store, FS_STMT_LAN_GET, &s, err);
		if (rc != FS_OK)
			return rc;
		fs_stmt_bind_str(s, 1, q->kod);
		rc = fs_stmt_step(s, &row, err);
		if (rc == FS_OK && row) {
			t = fs_stmt_col_text(s, 1, &len);
			copy_name(out->namn, sizeof(out->namn), t, len);
		}
		fs_stmt_reset(s);
		if (rc != FS_OK)
			return rc;
		if (!row)
			return fs_err_set(err, FS_ENOTFOUND, "lan",
			    "okänd länskod");
	}
	/* FS_STMT_REPORT_FORBUND_LAN: id, kod, namn, hemlan. */
	rc = fs_store_stmt(db->store, FS_STMT_REPORT_FORBUND_LAN, &s, err);
	if (rc != FS_OK)
		return rc;
	for (;;) {
		rc = fs_stmt_step(s, &row, err);
		if (rc != FS_OK || !row)
			break;
		t = fs_stmt_col_text(s, q->level == FS_LEVEL_LAN ? 3 : 1,
		    &len);
		if (len != kodlen || memcmp(t, q->kod, len) != 0)
			continue;
		rc = sel_add(sel, fs_stmt_col_i64(s, 0), err);
		if (rc != FS_OK)
			break;
		if (q->level == FS_LEVEL_FORBUND) {
			sel->forbund_id = sel->ids[0];
			t = fs_stmt_col_text(s, 2, &len);
			copy_name(out->namn, sizeof(out->namn), t, len);
		}
		found = true;
	}
	fs_stmt_reset(s);
	if (rc != FS_OK) {
		sel_release(sel);
		return rc;
	}
	if (q->level == FS_LEVEL_FORBUND && !found)
		return fs_err_set(err, FS_ENOTFOUND, "forbund",
		    "okänd förbundskod");
	return FS_OK;
}

/* Copy the level and period of from into to (after a computation). */
static void
copy_level(struct fs_utfall *to, const struct fs_utfall *from)
{
	to->level = from->level;
	memcpy(to->kod, from->kod, sizeof(to->kod));
	memcpy(to->namn, from->namn, sizeof(to->namn));
	to->fran = from->fran;
	to->till = from->till;
}

/*
 * The last results of this connection, per data generation: a server
 * answering the same report again and again (a board meeting, a
 * dashboard) then only checks the generation.  Round-robin replacement
 * of MEMO_N entries; the whole memo is dropped when the generation
 * moves on.
 */
#define MEMO_N 32

struct memo_entry {
	bool			 used;
	enum fs_report_level	 level;
	char			 kod[FS_UTFALL_KOD_MAX];
	int32_t			 fran, till;
	struct fs_utfall	 u;
};

struct memo {
	int64_t			 gen;
	size_t			 next;
	struct memo_entry	 e[MEMO_N];
};

static void
memo_free(void *m)
{
	free(m);
}

static bool
memo_key(const struct memo_entry *e, const struct fs_report_query *q)
{
	return e->used && e->level == q->level && e->fran == q->fran &&
	    e->till == q->till &&
	    strcmp(e->kod, q->kod == NULL ? "" : q->kod) == 0;
}

/* A remembered result for q at generation gen, or NULL. */
static const struct fs_utfall *
memo_get(struct fs_db *db, int64_t gen, const struct fs_report_query *q)
{
	struct memo *m = db->memo;

	if (m == NULL || db->memo_free != memo_free || m->gen != gen)
		return NULL;
	for (size_t i = 0; i < MEMO_N; i++)
		if (memo_key(&m->e[i], q))
			return &m->e[i].u;
	return NULL;
}

/* Remember u for q at gen; nothing happens when memory is short. */
static void
memo_put(struct fs_db *db, int64_t gen, const struct fs_report_query *q,
    const struct fs_utfall *u)
{
	struct memo *m = db->memo;
	struct memo_entry *e;

	if (q->kod != NULL && strlen(q->kod) >= FS_UTFALL_KOD_MAX)
		return;
	if (m != NULL && db->memo_free != memo_free)
		return;		/* the slot belongs to another module */
	if (m == NULL) {
		m = fs_calloc(1, sizeof(*m));
		if (m == NULL)
			return;
		db->memo = m;
		db->memo_free = memo_free;
	}
	if (m->gen != gen) {
		memset(m, 0, sizeof(*m));
		m->gen = gen;
	}
	e = &m->e[m->next];
	m->next = (m->next + 1) % MEMO_N;
	e->used = true;
	e->level = q->level;
	snprintf(e->kod, sizeof(e->kod), "%s", q->kod == NULL ? "" : q->kod);
	e->fran = q->fran;
	e->till = q->till;
	e->u = *u;
}

void
fs_report_forget(struct fs_db *db)
{
	if (db->memo != NULL && db->memo_free == memo_free) {
		memo_free(db->memo);
		db->memo = NULL;
		db->memo_free = NULL;
	}
}

enum fs_rc
fs_report_utfall(struct fs_db *db, const struct fs_report_query *q,
    struct fs_utfall *out, struct fs_err *err)
{
	const struct fs_utfall *hit;
	struct fs_err serr = FS_ERR_INIT;
	struct snapshot s;
	struct selection sel;
	struct fs_utfall head;
	uint8_t *mask = NULL;
	size_t lo, hi;
	enum fs_rc rc;
	int64_t gen;
	bool found;

	memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof(s));
	memset(&head, 0, sizeof(head));
	rc = resolve(db, q, &sel, &head, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_db_generation(db, &gen, err);
	if (rc == FS_OK) {
		hit = memo_get(db, gen, q);
		if (hit != NULL) {
			*out = *hit;
			sel_release(&sel);
			return FS_OK;
		}
	}
	if (rc == FS_OK)
		rc = snap_stream(db, gen, q, &sel, out, &found, err);
	if (rc != FS_OK || found)
		goto out;
	/* No current cache: build the snapshot, count, and store it. */
	rc = snap_build(db, gen, &s, err);
	if (rc == FS_OK)
		rc = make_mask(&sel, s.forbund_ids, s.nforbund, &mask, err);
	if (rc != FS_OK)
		goto out;
	fs_utfall_range(s.rows, s.nrows, q->fran, q->till, &lo, &hi);
	rc = fs_utfall_compute(s.rows + lo, hi - lo, s.npersons, mask,
	    s.nforbund, q->fran, q->till, out, err);
	if (rc != FS_OK)
		goto out;
	/*
	 * Best effort, and only from outside a transaction (so as not to
	 * touch the caller's): a read-only or busy database, or one short
	 * of memory for the cache, still gets its report.  A failed store
	 * is rolled back and the next report tries again.
	 */
	if (!fs_store_in_transaction(db->store)) {
		enum fs_rc ignored = snap_store(db, &s, &serr);

		(void)ignored;
	}
out:
	if (rc == FS_OK) {
		copy_level(out, &head);
		memo_put(db, gen, q, out);
	}
	free(mask);
	sel_release(&sel);
	snap_release(&s);
	return rc;
}

/*
 * The plain-SQL version
 */

/* Columns of FS_STMT_REPORT_UTFALL_SQL after (grupp, kon). */
static const int sql_cols[] = {
	ACC_N, ACC_UNIKA, ACC_UNDER_30, ACC_FT_3AR, ACC_GRUNDSKOLA,
	ACC_EFTERGYMN, ACC_DAGAR, ACC_ARBETE, ACC_ARBETE_PCT, ACC_ARB_STUD,
	ACC_ARB_STUD_PCT, ACC_OKAT,
};
_Static_assert(FS_NELEM(sql_cols) == ACC__MAX, "sql_cols incomplete");

enum fs_rc
fs_report_utfall_sql(struct fs_db *db, const struct fs_report_query *q,
    struct fs_utfall *out, struct fs_err *err)
{
	int64_t acc[FS_COL__MAX][ACC__MAX];
	struct selection sel;
	struct fs_utfall head;
	struct fs_stmt *s;
	const char *kon;
	size_t len;
	enum fs_rc rc;
	bool row;
	int col;

	memset(out, 0, sizeof(*out));
	memset(&head, 0, sizeof(head));
	memset(acc, 0, sizeof(acc));
	rc = resolve(db, q, &sel, &head, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_store_stmt(db->store, FS_STMT_REPORT_UTFALL_SQL, &s, err);
	if (rc != FS_OK)
		goto out;
	fs_stmt_bind_date(s, 1, q->fran);
	fs_stmt_bind_date(s, 2, q->till);
	if (q->level == FS_LEVEL_FORBUND) {
		fs_stmt_bind_i64(s, 3, sel.forbund_id);
		fs_stmt_bind_i64(s, 4, sel.forbund_id);
	}
	if (q->level == FS_LEVEL_LAN) {
		fs_stmt_bind_str(s, 5, sel.lan);
		fs_stmt_bind_str(s, 6, sel.lan);
	}
	for (;;) {
		rc = fs_stmt_step(s, &row, err);
		if (rc != FS_OK || !row)
			break;
		kon = fs_stmt_col_text(s, 1, &len);
		if (fs_stmt_col_i64(s, 0) == 0)
			col = FS_COL_TOTALT;
		else if (len == 1 && kon[0] == 'k')
			col = FS_COL_KVINNOR;
		else if (len == 1 && kon[0] == 'm')
			col = FS_COL_MAN;
		else
			continue;
		for (size_t i = 0; i < FS_NELEM(sql_cols); i++)
			acc[col][sql_cols[i]] = fs_stmt_col_i64(s, 2 + (int)i);
	}
	fs_stmt_reset(s);
	if (rc != FS_OK)
		goto out;
	finish(out, acc);
	copy_level(out, &head);
out:
	sel_release(&sel);
	return rc;
}
