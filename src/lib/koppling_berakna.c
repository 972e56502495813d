/* SPDX-License-Identifier: ISC */
/*
 * The linkage engine (koppling.h): the participations of a pseudonymised
 * participation file in memory with a hash index by pseudonym, the
 * streaming reader of the benefit-spell file (one or more threads, each
 * over its own byte range of the file with a bounded buffer), the
 * per-participation segment lists that the spells are clipped into,
 * their merging into exact net days, and the per-participation output
 * file.  Owns struct fs_koppling and everything in it.
 *
 * A segment is one uint32_t: bit 24 the window (0 before, 1 after),
 * bits 21-23 the benefit, bits 12-20 the first day and bits 3-11 the
 * last day (offsets 0-364 in the window), bits 0-2 the omfattning in
 * quarters (1-4).  Sorting segments as numbers sorts them by window,
 * benefit and first day, which is all the merge needs.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/csv.h"
#include "finsam/err.h"
#include "finsam/koppling.h"
#include "finsam/parse.h"
#include "koppling_int.h"

#define NONE		UINT32_MAX
#define READ_BUF	((size_t)4 << 20)	/* per thread */
#define LINE_MAX_LEN	((size_t)64 << 10)
#define HEAD_MAX	((size_t)64 << 10)
#define MT_MIN_SIZE	((uint64_t)16 << 20)
#define MAX_THREADS	KOPPLING_MAX_THREADS
#define ACC_FIRST	4u
#define ACC_COMPACT	16u	/* merge a list before growing past this */
#define PROGRESS_NS	200000000L

#define SEG(w, b, f, t, l) \
	((uint32_t)(w) << 24 | (uint32_t)(b) << 21 | (uint32_t)(f) << 12 | \
	(uint32_t)(t) << 3 | (uint32_t)(l))
#define SEG_GROUP(s)	((s) >> 21)
#define SEG_FROM(s)	(((s) >> 12) & 0x1ff)
#define SEG_TO(s)	(((s) >> 3) & 0x1ff)
#define SEG_LEVEL(s)	((s) & 0x7)

enum { COL_PSEUD, COL_FORMAN, COL_FROM, COL_TOM, COL_OMF, NCOL_SPELL };
static const char *const spell_cols[NCOL_SPELL] = {
	"pseudonym", "forman", "from", "tom", "omfattning",
};

enum {
	DCOL_PSEUD, DCOL_INSATS, DCOL_FORBUND, DCOL_KON, DCOL_ALDER,
	DCOL_START, DCOL_SLUT, NCOL_DELT
};
static const char *const delt_cols[NCOL_DELT] = {
	"pseudonym", "insats_kod", "forbund_kod", "kon", "alder_vid_start",
	"startdatum", "slutdatum",
};

static const char *const forman_names[] = {
	[FS_FORMAN_SJUKPENNING] = "sjukpenning",
	[FS_FORMAN_REHABILITERINGSPENNING] = "rehabiliteringspenning",
	[FS_FORMAN_SJUKERSATTNING] = "sjukersattning",
	[FS_FORMAN_AKTIVITETSERSATTNING] = "aktivitetsersattning",
	[FS_FORMAN_AKTIVITETSSTOD] = "aktivitetsstod",
	[FS_FORMAN_A_KASSA] = "a_kassa",
	[FS_FORMAN_FORSORJNINGSSTOD] = "forsorjningsstod",
	[FS_FORMAN_ETABLERINGSERSATTNING] = "etableringsersattning",
};
_Static_assert(FS_NELEM(forman_names) == FS_FORMAN__MAX, "forman_names");

static const char *const forman_labels[] = {
	[FS_FORMAN_SJUKPENNING] = "Sjukpenning",
	[FS_FORMAN_REHABILITERINGSPENNING] = "Rehabiliteringspenning",
	[FS_FORMAN_SJUKERSATTNING] = "Sjukersättning",
	[FS_FORMAN_AKTIVITETSERSATTNING] = "Aktivitetsersättning",
	[FS_FORMAN_AKTIVITETSSTOD] = "Aktivitetsstöd",
	[FS_FORMAN_A_KASSA] = "A-kassa",
	[FS_FORMAN_FORSORJNINGSSTOD] = "Försörjningsstöd",
	[FS_FORMAN_ETABLERINGSERSATTNING] = "Etableringsersättning",
};
_Static_assert(FS_NELEM(forman_labels) == FS_FORMAN__MAX, "forman_labels");

static const char *const alder_names[] = {
	[FS_ALDER_UNDER_30] = "16-29",
	[FS_ALDER_30_39] = "30-39",
	[FS_ALDER_40_49] = "40-49",
	[FS_ALDER_50_59] = "50-59",
	[FS_ALDER_60_] = "60-",
};
_Static_assert(FS_NELEM(alder_names) == FS_ALDER__MAX, "alder_names");

const char *
fs_forman_name(enum fs_forman f)
{
	return (unsigned)f < FS_FORMAN__MAX ? forman_names[f] : "";
}

const char *
fs_forman_label(enum fs_forman f)
{
	return (unsigned)f < FS_FORMAN__MAX ? forman_labels[f] : "";
}

static const unsigned char forman_len[] = {
	[FS_FORMAN_SJUKPENNING] = 11,
	[FS_FORMAN_REHABILITERINGSPENNING] = 22,
	[FS_FORMAN_SJUKERSATTNING] = 14,
	[FS_FORMAN_AKTIVITETSERSATTNING] = 20,
	[FS_FORMAN_AKTIVITETSSTOD] = 14,
	[FS_FORMAN_A_KASSA] = 7,
	[FS_FORMAN_FORSORJNINGSSTOD] = 16,
	[FS_FORMAN_ETABLERINGSERSATTNING] = 21,
};
_Static_assert(FS_NELEM(forman_len) == FS_FORMAN__MAX, "forman_len");

int
fs_forman_find(const char *p, size_t len)
{
	/* Called for every spell: compare only names of the right length. */
	for (int i = 0; i < FS_FORMAN__MAX; i++)
		if (forman_len[i] == len && p[0] == forman_names[i][0] &&
		    memcmp(forman_names[i], p, len) == 0)
			return i;
	return -1;
}

const char *
fs_aldersgrupp_name(enum fs_aldersgrupp a)
{
	return (unsigned)a < FS_ALDER__MAX ? alder_names[a] : "";
}

enum fs_aldersgrupp
fs_aldersgrupp_of(int alder)
{
	if (alder < 30)
		return FS_ALDER_UNDER_30;
	if (alder < 40)
		return FS_ALDER_30_39;
	if (alder < 50)
		return FS_ALDER_40_49;
	if (alder < 60)
		return FS_ALDER_50_59;
	return FS_ALDER_60_;
}

void
fs_koppling_params_init(struct fs_koppling_params *p)
{
	memset(p, 0, sizeof(*p));
	p->tackning_fran = FS_DATE_NONE;
	p->tackning_tom = FS_DATE_NONE;
	p->tradar = 0;
	p->min_antal = 5;
}

/* ---- hashing and interning ------------------------------------------ */

/* A fast 64-bit hash of short keys (not for anything adversarial). */
uint64_t
fs_koppling_hash(const char *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)n * 0xff51afd7ed558ccdULL);
	uint64_t v;

	while (n >= 8) {
		memcpy(&v, p, 8);
		h = (h ^ v) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
		p += 8;
		n -= 8;
	}
	if (n > 0) {
		v = 0;
		memcpy(&v, p, n);
		h = (h ^ v) * 0xc4ceb9fe1a85ec53ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static void
intern_init(struct intern *t)
{
	memset(t, 0, sizeof(*t));
	fs_buf_init(&t->arena, 0);
}

static void
intern_release(struct intern *t)
{
	fs_buf_release(&t->arena);
	free(t->off);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

const char *
fs_koppling_intern_str(const struct intern *t, uint32_t i)
{
	return t->arena.buf + t->off[i];
}

static enum fs_rc
intern_grow(struct intern *t)
{
	size_t ns = t->nslots == 0 ? 64 : t->nslots * 2;
	uint32_t *slots;

	slots = fs_calloc(ns, sizeof(*slots));
	if (slots == NULL)
		return FS_ENOMEM;
	for (size_t i = 0; i < t->n; i++) {
		const char *s = t->arena.buf + t->off[i];
		size_t j = fs_koppling_hash(s, strlen(s)) & (ns - 1);

		while (slots[j] != 0)
			j = (j + 1) & (ns - 1);
		slots[j] = (uint32_t)i + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = ns;
	return FS_OK;
}

/* The index of p[0..len) in t, added when new. */
static enum fs_rc
intern_get(struct intern *t, const char *p, size_t len, uint32_t *out)
{
	size_t j;
	uint32_t *off;

	if ((t->n + 1) * 2 > t->nslots && intern_grow(t) != FS_OK)
		return FS_ENOMEM;
	j = fs_koppling_hash(p, len) & (t->nslots - 1);
	while (t->slots[j] != 0) {
		const char *s = t->arena.buf + t->off[t->slots[j] - 1];

		if (strncmp(s, p, len) == 0 && s[len] == '\0') {
			*out = t->slots[j] - 1;
			return FS_OK;
		}
		j = (j + 1) & (t->nslots - 1);
	}
	if (t->n == t->cap) {
		size_t nc = t->cap == 0 ? 16 : t->cap * 2;

		off = fs_reallocarray(t->off, nc, sizeof(*off));
		if (off == NULL)
			return FS_ENOMEM;
		t->off = off;
		t->cap = nc;
	}
	if (t->arena.len > UINT32_MAX - len - 1)
		return FS_ENOMEM;
	t->off[t->n] = (uint32_t)t->arena.len;
	if (fs_buf_add(&t->arena, p, len) != FS_OK ||
	    fs_buf_addch(&t->arena, '\0') != FS_OK)
		return FS_ENOMEM;
	t->slots[j] = (uint32_t)t->n + 1;
	*out = (uint32_t)t->n;
	t->n++;
	return FS_OK;
}

/* ---- the engine ------------------------------------------------------ */

static bool pseud_ok[256];
static pthread_once_t pseud_once = PTHREAD_ONCE_INIT;

/* Day number of 1 January of 1800 + i, for the fast date parser. */
#define YEAR0		1800
#define NYEARS		1200
static int32_t year_start[NYEARS];

static const int16_t month_off[2][13] = {
	{ 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365 },
	{ 0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366 },
};

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/*
 * "YYYY-MM-DD" as a day number: the fast path of fs_parse_date() for
 * the spell file (same rules); false when not a valid date.
 */
static bool
fast_date(const char *p, size_t len, int32_t *out)
{
	int y, m, d, l;

	if (len != 10 || p[4] != '-' || p[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (unsigned)(p[i] - '0') > 9)
			return false;
	y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 +
	    (p[3] - '0');
	m = (p[5] - '0') * 10 + (p[6] - '0');
	d = (p[8] - '0') * 10 + (p[9] - '0');
	if (y < YEAR0 || y >= YEAR0 + NYEARS || m < 1 || m > 12 || d < 1)
		return false;
	l = leap(y) ? 1 : 0;
	if (d > month_off[l][m] - month_off[l][m - 1])
		return false;
	*out = year_start[y - YEAR0] + month_off[l][m - 1] + d - 1;
	return true;
}

static void
pseud_init(void)
{
	for (int i = 0; i < NYEARS; i++)
		year_start[i] = fs_date_from_ymd(YEAR0 + i, 1, 1);
	for (int c = '0'; c <= '9'; c++)
		pseud_ok[c] = true;
	for (int c = 'a'; c <= 'z'; c++)
		pseud_ok[c] = true;
	for (int c = 'A'; c <= 'Z'; c++)
		pseud_ok[c] = true;
	pseud_ok['_'] = pseud_ok['-'] = pseud_ok['.'] = true;
}

/*
 * Looks like a personnummer (YYMMDDNNNN or YYYYMMDDNNNN, optionally with
 * '-' or '+' before the last four digits): such a value is refused as
 * a pseudonym, so that a file with personnummer is never processed.
 */
static bool
looks_like_pnr(const char *p, size_t len)
{
	size_t d = 0;

	if (len < 10 || len > 13)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			d++;
		else if (!((p[i] == '-' || p[i] == '+') && i + 5 == len))
			return false;
	}
	return d == 10 || d == 12;
}

#define PSEUD_RULE "måste vara 1–64 tecken av 0–9, a–z, A–Z, _, - och ."
#define PSEUD_PNR "ser ut som ett personnummer; filen får bara innehålla " \
	"pseudonymer"

/* NULL when p[0..len) is a valid pseudonym, else the rule it breaks. */
static const char *
pseud_check(const char *p, size_t len)
{
	if (len == 0 || len > FS_KOPPLING_PSEUDONYM_MAX)
		return PSEUD_RULE;
	for (size_t i = 0; i < len; i++)
		if (!pseud_ok[(unsigned char)p[i]])
			return PSEUD_RULE;
	if (looks_like_pnr(p, len))
		return PSEUD_PNR;
	return NULL;
}

enum fs_rc
fs_koppling_alloc(struct fs_koppling **out, struct fs_err *err)
{
	struct fs_koppling *k;

	pthread_once(&pseud_once, pseud_init);
	k = fs_calloc(1, sizeof(*k));
	*out = k;
	if (k == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	fs_buf_init(&k->names, 0);
	intern_init(&k->insatser);
	intern_init(&k->forbund);
	k->tackning_tom = FS_DATE_NONE;
	k->min_from = INT32_MAX;
	k->max_tom = INT32_MIN;
	return FS_OK;
}

static void
acc_free_all(struct fs_koppling *k)
{
	for (unsigned t = 0; t < k->nacc; t++) {
		if (k->acc[t] == NULL)
			continue;
		for (size_t i = 0; i < k->n; i++)
			free(k->acc[t][i].v);
		free(k->acc[t]);
		k->acc[t] = NULL;
	}
	k->nacc = 0;
}

static void
reset(struct fs_koppling *k)
{
	acc_free_all(k);
	free(k->parts);
	free(k->slots);
	free(k->days);
	k->parts = NULL;
	k->slots = NULL;
	k->days = NULL;
	k->n = k->cap = k->nslots = 0;
	fs_buf_release(&k->names);
	fs_buf_init(&k->names, 0);
	intern_release(&k->insatser);
	intern_release(&k->forbund);
	intern_init(&k->insatser);
	intern_init(&k->forbund);
}

void
fs_koppling_free(struct fs_koppling *k)
{
	if (k == NULL)
		return;
	reset(k);
	fs_buf_release(&k->names);
	intern_release(&k->insatser);
	intern_release(&k->forbund);
	free(k);
}

size_t
fs_koppling_antal(const struct fs_koppling *k)
{
	return k->n;
}

int32_t
fs_koppling_tackning_tom(const struct fs_koppling *k)
{
	return k->tackning_tom;
}

uint64_t
fs_koppling_perioder_rader(const struct fs_koppling *k)
{
	return k->rows;
}

uint64_t
fs_koppling_perioder_traffar(const struct fs_koppling *k)
{
	return k->hits;
}

/* The first participation of the person p[0..len), or NONE. */
static uint32_t
person_find(const struct fs_koppling *k, const char *p, size_t len,
    uint64_t h)
{
	size_t j, mask = k->nslots - 1;

	if (k->nslots == 0)
		return NONE;
	j = h & mask;
	for (;;) {
		const struct slot *s = &k->slots[j];
		const char *name;

		if (s->first == NONE)
			return NONE;
		if (s->hash == h) {
			name = k->names.buf + k->parts[s->first].pseud;
			if (memcmp(name, p, len) == 0 && name[len] == '\0')
				return s->first;
		}
		j = (j + 1) & mask;
	}
}

static enum fs_rc
slots_grow(struct fs_koppling *k)
{
	size_t ns = k->nslots == 0 ? 1024 : k->nslots * 2;
	struct slot *slots;

	slots = fs_reallocarray(NULL, ns, sizeof(*slots));
	if (slots == NULL)
		return FS_ENOMEM;
	for (size_t i = 0; i < ns; i++)
		slots[i].first = NONE;
	for (size_t i = 0; i < k->nslots; i++) {
		size_t j;

		if (k->slots[i].first == NONE)
			continue;
		j = k->slots[i].hash & (ns - 1);
		while (slots[j].first != NONE)
			j = (j + 1) & (ns - 1);
		slots[j] = k->slots[i];
	}
	free(k->slots);
	k->slots = slots;
	k->nslots = ns;
	return FS_OK;
}

static enum fs_rc
delt_fail(struct fs_err *err, long line, const char *field, const char *rule)
{
	return fs_err_set(err, FS_EINVAL, field, "deltagandefilen, rad %ld: %s",
	    line, rule);
}

/* Add one validated participation; FS_ECONFLICT when it is a duplicate. */
static enum fs_rc
add_part(struct fs_koppling *k, struct fs_str ps, uint32_t insats,
    uint32_t forbund, char kon, int alder, int32_t start, int32_t slut)
{
	uint64_t h = fs_koppling_hash(ps.p, ps.len);
	uint32_t first, idx;
	struct part *pa;
	size_t j;

	if (k->n >= FS_KOPPLING_MAX_DELTAGANDE)
		return FS_ENOMEM;
	if (k->n == k->cap) {
		size_t nc = k->cap == 0 ? 1024 : k->cap * 2;

		pa = fs_reallocarray(k->parts, nc, sizeof(*pa));
		if (pa == NULL)
			return FS_ENOMEM;
		k->parts = pa;
		k->cap = nc;
	}
	if ((k->npersons + 1) * 2 > k->nslots && slots_grow(k) != FS_OK)
		return FS_ENOMEM;
	idx = (uint32_t)k->n;
	first = person_find(k, ps.p, ps.len, h);
	pa = &k->parts[idx];
	memset(pa, 0, sizeof(*pa));
	pa->start = start;
	pa->slut = slut;
	pa->insats = insats;
	pa->forbund = (uint16_t)forbund;
	pa->kon = kon;
	pa->alder = (uint8_t)alder;
	pa->next = NONE;
	if (first != NONE) {
		uint32_t q = first;

		for (;;) {
			const struct part *o = &k->parts[q];

			if (o->insats == insats && o->start == start)
				return FS_ECONFLICT;
			if (o->next == NONE)
				break;
			q = o->next;
		}
		pa->pseud = k->parts[first].pseud;
		k->parts[q].next = idx;
	} else {
		if (k->names.len > UINT32_MAX - ps.len - 1)
			return FS_ENOMEM;
		pa->pseud = (uint32_t)k->names.len;
		if (fs_buf_add(&k->names, ps.p, ps.len) != FS_OK ||
		    fs_buf_addch(&k->names, '\0') != FS_OK)
			return FS_ENOMEM;
		j = h & (k->nslots - 1);
		while (k->slots[j].first != NONE)
			j = (j + 1) & (k->nslots - 1);
		k->slots[j].hash = h;
		k->slots[j].first = idx;
		k->npersons++;
	}
	k->n++;
	return FS_OK;
}

static enum fs_rc
map_header(struct fs_csv *c, const char *const *names, size_t ncol,
    int *map, const char *file, struct fs_err *err)
{
	size_t nf = fs_csv_nfields(c);
	bool seen[16] = { false };

	for (size_t i = 0; i < nf; i++) {
		struct fs_str f = fs_csv_field(c, i);
		size_t j;

		for (j = 0; j < ncol; j++)
			if (strlen(names[j]) == f.len &&
			    memcmp(names[j], f.p, f.len) == 0)
				break;
		if (j == ncol)
			return fs_err_set(err, FS_EINVAL, "deltagande",
			    "%s har en okänd kolumn (kolumn %zu i "
			    "rubrikraden); bara filformatets kolumner är "
			    "tillåtna", file, i + 1);
		if (seen[j])
			return fs_err_set(err, FS_EINVAL, names[j],
			    "kolumnen finns två gånger i rubrikraden");
		seen[j] = true;
		map[j] = (int)i;
	}
	for (size_t j = 0; j < ncol; j++)
		if (!seen[j])
			return fs_err_set(err, FS_EINVAL, names[j],
			    "kolumnen saknas i rubrikraden av %s", file);
	return FS_OK;
}

static enum fs_rc
read_deltagande(struct fs_koppling *k, struct fs_csv *c, struct fs_err *err)
{
	int map[NCOL_DELT];
	enum fs_rc rc;
	bool row;

	rc = fs_csv_next(c, &row, err);
	if (rc != FS_OK)
		return rc;
	if (!row)
		return fs_err_set(err, FS_EINVAL, "deltagande",
		    "deltagandefilen är tom: rubrikraden saknas");
	rc = map_header(c, delt_cols, NCOL_DELT, map, "deltagandefilen", err);
	if (rc != FS_OK)
		return rc;
	for (;;) {
		struct fs_err pe = FS_ERR_INIT;
		struct fs_str f[NCOL_DELT];
		const char *rule;
		uint32_t insats, forbund;
		int32_t start, slut;
		int64_t alder;
		long line;
		char kon;

		rc = fs_csv_next(c, &row, err);
		if (rc != FS_OK || !row)
			return rc;
		line = fs_csv_line(c);
		if (fs_csv_nfields(c) != NCOL_DELT)
			return delt_fail(err, line, "deltagande",
			    "raden ska ha lika många fält som rubrikraden (7)");
		for (int i = 0; i < NCOL_DELT; i++)
			f[i] = fs_csv_field(c, (size_t)map[i]);
		rule = pseud_check(f[DCOL_PSEUD].p, f[DCOL_PSEUD].len);
		if (rule != NULL)
			return delt_fail(err, line, "pseudonym", rule);
		if (f[DCOL_INSATS].len == 0 ||
		    f[DCOL_INSATS].len > FS_KOPPLING_KOD_MAX ||
		    memchr(f[DCOL_INSATS].p, '\0', f[DCOL_INSATS].len) != NULL)
			return delt_fail(err, line, "insats_kod",
			    "måste anges och vara högst 64 tecken");
		if (f[DCOL_FORBUND].len == 0 ||
		    f[DCOL_FORBUND].len > FS_KOPPLING_KOD_MAX)
			return delt_fail(err, line, "forbund_kod",
			    "måste anges och vara högst 64 tecken");
		if (f[DCOL_KON].len != 1 ||
		    (f[DCOL_KON].p[0] != 'k' && f[DCOL_KON].p[0] != 'm'))
			return delt_fail(err, line, "kon", "måste vara k eller m");
		kon = f[DCOL_KON].p[0];
		if (fs_parse_i64(f[DCOL_ALDER].p, f[DCOL_ALDER].len, 0, 120,
		    &alder, "alder_vid_start", NULL) != FS_OK)
			return delt_fail(err, line, "alder_vid_start",
			    "måste vara ett heltal 0–120");
		if (fs_parse_date(f[DCOL_START].p, f[DCOL_START].len, &start,
		    "startdatum", &pe) != FS_OK)
			return delt_fail(err, line, "startdatum", pe.msg);
		slut = FS_DATE_NONE;
		if (f[DCOL_SLUT].len > 0) {
			if (fs_parse_date(f[DCOL_SLUT].p, f[DCOL_SLUT].len,
			    &slut, "slutdatum", &pe) != FS_OK)
				return delt_fail(err, line, "slutdatum",
				    pe.msg);
			if (slut < start)
				return delt_fail(err, line, "slutdatum",
				    "får inte vara före startdatum");
		}
		if (intern_get(&k->insatser, f[DCOL_INSATS].p,
		    f[DCOL_INSATS].len, &insats) != FS_OK ||
		    intern_get(&k->forbund, f[DCOL_FORBUND].p,
		    f[DCOL_FORBUND].len, &forbund) != FS_OK)
			return fs_err_set(err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
		if (forbund > UINT16_MAX - 1)
			return delt_fail(err, line, "forbund_kod",
			    "högst 65 535 olika förbund");
		rc = add_part(k, f[DCOL_PSEUD], insats, forbund, kon,
		    (int)alder, start, slut);
		if (rc == FS_ECONFLICT)
			return delt_fail(err, line, "deltagande",
			    "samma deltagande (pseudonym, insats_kod, "
			    "startdatum) finns två gånger");
		if (rc != FS_OK)
			return fs_err_set(err, rc, NULL, rc == FS_ENOMEM &&
			    k->n >= FS_KOPPLING_MAX_DELTAGANDE ?
			    "högst 50 000 000 deltaganden" :
			    "minnet räcker inte");
	}
}

static enum fs_rc
deltagande(struct fs_koppling *k, struct fs_csv *c, struct fs_err *err)
{
	enum fs_rc rc;

	if (k->n != 0 || k->spells_done)
		return fs_err_set(err, FS_EINVAL, "deltagande",
		    "deltagandefilen är redan inläst");
	rc = read_deltagande(k, c, err);
	if (rc != FS_OK) {
		if (rc == FS_EINVAL && err != NULL &&
		    strcmp(err->field, "csv") == 0) {
			char msg[sizeof(err->msg)];

			memcpy(msg, err->msg, sizeof(msg));
			fs_err_set(err, FS_EINVAL, "deltagande",
			    "deltagandefilen, %s", msg);
		}
		reset(k);
	}
	return rc;
}

enum fs_rc
fs_koppling_deltagande_file(struct fs_koppling *k, const char *path,
    struct fs_err *err)
{
	struct fs_csv *c;
	enum fs_rc rc;

	rc = fs_csv_open_file(path, &c, err);
	if (rc != FS_OK)
		return fs_err_set(err, rc, "deltagande",
		    "deltagandefilen kan inte öppnas");
	rc = deltagande(k, c, err);
	fs_csv_free(c);
	return rc;
}

enum fs_rc
fs_koppling_deltagande_mem(struct fs_koppling *k, const char *p, size_t len,
    struct fs_err *err)
{
	struct fs_csv *c;
	enum fs_rc rc;

	rc = fs_csv_open_mem(p, len, &c, err);
	if (rc != FS_OK)
		return rc;
	rc = deltagande(k, c, err);
	fs_csv_free(c);
	return rc;
}

/* ---- segments ------------------------------------------------------- */

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void
seg_sort(uint32_t *v, size_t n)
{
	if (n <= 24) {
		for (size_t i = 1; i < n; i++) {
			uint32_t x = v[i];
			size_t j = i;

			while (j > 0 && v[j - 1] > x) {
				v[j] = v[j - 1];
				j--;
			}
			v[j] = x;
		}
		return;
	}
	qsort(v, n, sizeof(*v), cmp_u32);
}

/*
 * Merge the sorted segments v[0..n) into canonical form in out (room
 * for 2n entries): per window and benefit, the day-by-day maximum of
 * omfattning as runs of equal level.  Groups without any overlap are
 * copied as they are.  Returns the number written.
 */
static size_t
seg_canon(const uint32_t *v, size_t n, uint32_t *out)
{
	size_t i = 0, o = 0;

	while (i < n) {
		uint32_t g = SEG_GROUP(v[i]);
		size_t j = i + 1;
		bool overlap = false;
		unsigned maxto = SEG_TO(v[i]);

		while (j < n && SEG_GROUP(v[j]) == g) {
			if (SEG_FROM(v[j]) <= maxto)
				overlap = true;
			if (SEG_TO(v[j]) > maxto)
				maxto = SEG_TO(v[j]);
			j++;
		}
		if (!overlap) {
			memcpy(out + o, v + i, (j - i) * sizeof(*v));
			o += j - i;
		} else {
			uint8_t lv[FS_KOPPLING_FONSTER];
			unsigned d = 0;

			memset(lv, 0, sizeof(lv));
			for (size_t s = i; s < j; s++) {
				uint8_t l = (uint8_t)SEG_LEVEL(v[s]);

				for (unsigned x = SEG_FROM(v[s]); x <= SEG_TO(v[s]);
				    x++)
					if (lv[x] < l)
						lv[x] = l;
			}
			while (d < FS_KOPPLING_FONSTER) {
				unsigned e = d;

				if (lv[d] == 0) {
					d++;
					continue;
				}
				while (e + 1 < FS_KOPPLING_FONSTER &&
				    lv[e + 1] == lv[d])
					e++;
				out[o++] = (g << 21) | (uint32_t)d << 12 |
				    (uint32_t)e << 3 | lv[d];
				d = e + 1;
			}
		}
		i = j;
	}
	return o;
}

/* Make room for one more segment in a, merging before growing. */
static bool
acc_room(struct acc *a, struct scratch *sc)
{
	uint32_t *v;
	size_t nc;

	if (a->n < a->cap)
		return true;
	if (a->n >= ACC_COMPACT) {
		size_t m;

		if (sc->cap < 2 * (size_t)a->n) {
			v = fs_reallocarray(sc->v, 2 * (size_t)a->n, sizeof(*v));
			if (v == NULL)
				return false;
			sc->v = v;
			sc->cap = 2 * (size_t)a->n;
		}
		seg_sort(a->v, a->n);
		m = seg_canon(a->v, a->n, sc->v);
		if (m <= a->cap) {
			memcpy(a->v, sc->v, m * sizeof(*v));
			a->n = (uint32_t)m;
			if (a->n <= a->cap / 2)
				return true;
		} else {
			/* Canonical form is longer: keep the raw list. */
			m = a->n;
		}
	}
	nc = a->cap == 0 ? ACC_FIRST : (size_t)a->cap * 2;
	v = fs_reallocarray(a->v, nc, sizeof(*v));
	if (v == NULL)
		return false;
	a->v = v;
	a->cap = (uint32_t)nc;
	return true;
}

/* ---- streaming the spell file ---------------------------------------- */

struct worker {
	struct fs_koppling	*k;
	struct acc		*acc;
	struct scratch		 sc;
	char			*qbuf;		/* unquoted fields */
	int			 map[NCOL_SPELL];
	char			 sep;
	int			 fd;
	bool			 seq;		/* read(2) a pipe */
	bool			 header;	/* first line is the header */
	const char		*mem;
	uint64_t		 beg;
	uint64_t		 end;		/* lines starting before end */
	int32_t			 cov_from;
	int32_t			 cov_to;
	uint64_t		 rows;
	uint64_t		 hits;
	int32_t			 min_from;
	int32_t			 max_tom;
	atomic_uint_fast64_t	 done;
	atomic_int		*stop;
	atomic_int		 finished;
	enum fs_rc		 rc;
	uint64_t		 err_off;	/* byte offset of the bad line */
	long			 line;		/* lines done in this range */
	long			 err_line;	/* line index of the bad line */
	struct fs_err		 err;
	pthread_t		 th;
	bool			 started;
};

static enum fs_rc
wfail(struct worker *w, uint64_t off, enum fs_rc rc, const char *field,
    const char *rule)
{
	w->rc = rc;
	w->err_off = off;
	w->err_line = w->line;
	fs_err_set(&w->err, rc, field, "%s", rule);
	atomic_store(w->stop, 1);
	return rc;
}

/* Split a header line and map the columns. */
static enum fs_rc
parse_header(struct worker *w, const char *p, size_t len)
{
	bool seen[NCOL_SPELL] = { false };
	size_t i = 0, col = 0;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		p += 3;
		len -= 3;
	}
	if (len > 0 && p[len - 1] == '\r')
		len--;
	w->sep = memchr(p, ';', len) != NULL && memchr(p, ',', len) == NULL ?
	    ';' : ',';
	while (i <= len) {
		const char *s = p + i;
		size_t n = 0, j, flen;

		while (i + n < len && p[i + n] != w->sep)
			n++;
		flen = n;
		if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
			s++;
			n -= 2;
		}
		for (j = 0; j < NCOL_SPELL; j++)
			if (strlen(spell_cols[j]) == n &&
			    memcmp(spell_cols[j], s, n) == 0)
				break;
		if (j == NCOL_SPELL)
			return wfail(w, 0, FS_EINVAL, "perioder",
			    "periodfilens rubrikrad har en okänd kolumn; "
			    "kolumnerna ska vara pseudonym, forman, from, tom "
			    "och omfattning");
		if (seen[j])
			return wfail(w, 0, FS_EINVAL, spell_cols[j],
			    "kolumnen finns två gånger i periodfilens "
			    "rubrikrad");
		seen[j] = true;
		w->map[j] = (int)col++;
		i += flen + 1;
	}
	for (size_t j = 0; j < NCOL_SPELL; j++)
		if (!seen[j])
			return wfail(w, 0, FS_EINVAL, spell_cols[j],
			    "kolumnen saknas i periodfilens rubrikrad");
	return FS_OK;
}

/*
 * Split a quoted line into fields (unquoting into buf); n fields out.
 * Returns false when a quote is malformed.
 */
static bool
split_quoted(const char *p, size_t len, char sep, char *buf,
    struct fs_str *f, size_t *nf, size_t max)
{
	size_t i = 0, o = 0;

	*nf = 0;
	for (;;) {
		size_t st = o;

		if (*nf == max)
			return false;
		if (i < len && p[i] == '"') {
			i++;
			for (;;) {
				if (i >= len)
					return false;
				if (p[i] == '"') {
					if (i + 1 < len && p[i + 1] == '"') {
						buf[o++] = '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				buf[o++] = p[i++];
			}
			if (i < len && p[i] != sep)
				return false;
		} else {
			while (i < len && p[i] != sep) {
				if (p[i] == '"')
					return false;
				buf[o++] = p[i++];
			}
		}
		f[*nf].p = buf + st;
		f[*nf].len = o - st;
		(*nf)++;
		if (i >= len)
			return true;
		i++;	/* separator */
	}
}

/* Clip [f, t] to the window [ws, ws + 364] and append the segment. */
static bool
clip_add(struct worker *w, struct acc *a, unsigned win, unsigned b,
    int32_t ws, int32_t f, int32_t t, unsigned level)
{
	int32_t lo = f > ws ? f : ws;
	int32_t hi = t < ws + FS_KOPPLING_FONSTER - 1 ? t :
	    ws + FS_KOPPLING_FONSTER - 1;

	if (lo > hi)
		return true;
	if (!acc_room(a, &w->sc))
		return false;
	a->v[a->n++] = SEG(win, b, lo - ws, hi - ws, level);
	return true;
}

/* One data line p[0..len) starting at byte off. */
static enum fs_rc
spell_line(struct worker *w, const char *p, size_t len, uint64_t off)
{
	struct fs_str f[NCOL_SPELL + 1];
	struct fs_err pe = FS_ERR_INIT;
	struct fs_koppling *k = w->k;
	struct fs_str ps, fm, fr, to, om;
	const char *rule;
	int32_t from, tom;
	unsigned level;
	int forman;
	uint32_t q;
	size_t nf = 0;

	if (len > 0 && p[len - 1] == '\r')
		len--;
	if (len == 0)
		return FS_OK;
	if (memchr(p, '"', len) != NULL) {
		if (w->qbuf == NULL) {
			w->qbuf = fs_malloc(LINE_MAX_LEN);
			if (w->qbuf == NULL)
				return wfail(w, off, FS_ENOMEM, NULL,
				    "minnet räcker inte");
		}
		if (!split_quoted(p, len, w->sep, w->qbuf, f, &nf,
		    NCOL_SPELL + 1))
			return wfail(w, off, FS_EINVAL, "perioder",
			    "felaktigt citattecken (ett fält inom citattecken "
			    "får inte gå över flera rader)");
	} else {
		size_t st = 0;
		char sep = w->sep;

		/* Fields are short: a plain loop beats memchr calls. */
		for (size_t i = 0; i <= len; i++) {
			if (i < len && p[i] != sep)
				continue;
			if (nf == NCOL_SPELL) {
				nf++;
				break;
			}
			f[nf].p = p + st;
			f[nf].len = i - st;
			nf++;
			st = i + 1;
		}
	}
	if (nf != NCOL_SPELL)
		return wfail(w, off, FS_EINVAL, "perioder",
		    "raden ska ha lika många fält som rubrikraden (5)");
	ps = f[w->map[COL_PSEUD]];
	fm = f[w->map[COL_FORMAN]];
	fr = f[w->map[COL_FROM]];
	to = f[w->map[COL_TOM]];
	om = f[w->map[COL_OMF]];
	rule = pseud_check(ps.p, ps.len);
	if (rule != NULL)
		return wfail(w, off, FS_EINVAL, "pseudonym", rule);
	forman = fs_forman_find(fm.p, fm.len);
	if (forman < 0)
		return wfail(w, off, FS_EINVAL, "forman",
		    "måste vara en av sjukpenning, rehabiliteringspenning, "
		    "sjukersattning, aktivitetsersattning, aktivitetsstod, "
		    "a_kassa, forsorjningsstod och etableringsersattning");
	if (!fast_date(fr.p, fr.len, &from)) {
		if (fs_parse_date(fr.p, fr.len, &from, "from", &pe) ==
		    FS_OK)
			fs_err_set(&pe, FS_EINVAL, "from",
			    "är inget giltigt datum");
		return wfail(w, off, FS_EINVAL, "from", pe.msg);
	}
	if (!fast_date(to.p, to.len, &tom)) {
		if (fs_parse_date(to.p, to.len, &tom, "tom", &pe) ==
		    FS_OK)
			fs_err_set(&pe, FS_EINVAL, "tom",
			    "är inget giltigt datum");
		return wfail(w, off, FS_EINVAL, "tom", pe.msg);
	}
	if (tom < from)
		return wfail(w, off, FS_EINVAL, "tom",
		    "får inte vara före from");
	if (om.len == 2 && om.p[1] == '5' && om.p[0] == '2')
		level = 1;
	else if (om.len == 2 && om.p[1] == '0' && om.p[0] == '5')
		level = 2;
	else if (om.len == 2 && om.p[1] == '5' && om.p[0] == '7')
		level = 3;
	else if (om.len == 3 && memcmp(om.p, "100", 3) == 0)
		level = 4;
	else
		return wfail(w, off, FS_EINVAL, "omfattning",
		    "måste vara 25, 50, 75 eller 100");
	w->rows++;
	if (from < w->min_from)
		w->min_from = from;
	if (tom > w->max_tom)
		w->max_tom = tom;
	q = person_find(k, ps.p, ps.len, fs_koppling_hash(ps.p, ps.len));
	if (q == NONE)
		return FS_OK;
	w->hits++;
	if (from < w->cov_from)
		from = w->cov_from;
	if (tom > w->cov_to)
		tom = w->cov_to;
	if (from > tom)
		return FS_OK;
	for (; q != NONE; q = k->parts[q].next) {
		const struct part *pa = &k->parts[q];
		struct acc *a = &w->acc[q];

		if (!clip_add(w, a, 0, (unsigned)forman,
		    pa->start - FS_KOPPLING_FONSTER, from, tom, level))
			goto nomem;
		if (pa->slut != FS_DATE_NONE && !clip_add(w, a, 1,
		    (unsigned)forman, pa->slut + 1, from, tom, level))
			goto nomem;
	}
	return FS_OK;
nomem:
	return wfail(w, off, FS_ENOMEM, NULL, "minnet räcker inte");
}

/*
 * Process the complete lines of buf[0..have) (file offset pos); with
 * eof the last line needs no newline.  Stops at the first line that
 * starts at or after w->end.  Returns the bytes consumed.
 */
static size_t
scan(struct worker *w, const char *buf, size_t have, uint64_t pos, bool eof)
{
	size_t i = 0;

	while (i < have) {
		const char *nl;
		size_t e;

		if (pos + i >= w->end) {
			atomic_store(&w->finished, 1);
			return i;
		}
		nl = memchr(buf + i, '\n', have - i);
		if (nl == NULL && !eof)
			break;
		e = nl == NULL ? have : (size_t)(nl - buf);
		if (e - i > LINE_MAX_LEN) {
			wfail(w, pos + i, FS_EINVAL, "perioder",
			    "raden är längre än 64 KiB");
			return i;
		}
		if (w->header) {
			w->header = false;
			if (parse_header(w, buf + i, e - i) != FS_OK)
				return i;
		} else if (spell_line(w, buf + i, e - i, pos + i) != FS_OK) {
			return i;
		}
		w->line++;
		i = nl == NULL ? have : e + 1;
	}
	if (eof && i >= have)
		atomic_store(&w->finished, 1);
	return i;
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	char *buf = NULL;
	size_t have = 0;
	uint64_t pos = w->beg;

	if (w->mem != NULL) {
		scan(w, w->mem + w->beg, (size_t)(w->end - w->beg), w->beg,
		    true);
		atomic_store(&w->done, w->end - w->beg);
		atomic_store(&w->finished, 1);
		return NULL;
	}
	buf = fs_malloc(READ_BUF);
	if (buf == NULL) {
		wfail(w, w->beg, FS_ENOMEM, NULL, "minnet räcker inte");
		goto out;
	}
	for (;;) {
		ssize_t r;
		size_t used;
		bool eof;

		if (atomic_load(w->stop) != 0)
			break;
		if (w->seq)
			r = read(w->fd, buf + have, READ_BUF - have);
		else
			r = pread(w->fd, buf + have, READ_BUF - have,
			    (off_t)(pos + have));
		if (r < 0) {
			if (errno == EINTR)
				continue;
			wfail(w, pos, FS_EIO, "perioder",
			    "periodfilen kunde inte läsas");
			break;
		}
		have += (size_t)r;
		eof = r == 0;
		used = scan(w, buf, have, pos, eof);
		if (w->rc != FS_OK || atomic_load(&w->finished) != 0)
			break;
		if (used == 0 && have == READ_BUF) {
			wfail(w, pos, FS_EINVAL, "perioder",
			    "raden är längre än 64 KiB");
			break;
		}
		memmove(buf, buf + used, have - used);
		pos += used;
		have -= used;
		atomic_store(&w->done, pos - w->beg);
		if (eof)
			break;
	}
out:
	atomic_store(&w->done, w->end == UINT64_MAX ? pos - w->beg :
	    w->end - w->beg);
	atomic_store(&w->finished, 1);
	free(buf);
	return NULL;
}

static unsigned
auto_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > MAX_THREADS ? MAX_THREADS : (unsigned)n;
}

/* The line number of byte offset off (count of newlines before it + 1). */
static long
line_of(const char *mem, int fd, uint64_t off)
{
	long line = 1;
	char buf[65536];
	uint64_t pos = 0;

	if (mem != NULL) {
		for (uint64_t i = 0; i < off; i++)
			if (mem[i] == '\n')
				line++;
		return line;
	}
	while (pos < off) {
		size_t want = off - pos < sizeof(buf) ? (size_t)(off - pos) :
		    sizeof(buf);
		ssize_t r = pread(fd, buf, want, (off_t)pos);

		if (r <= 0)
			break;
		for (ssize_t i = 0; i < r; i++)
			if (buf[i] == '\n')
				line++;
		pos += (uint64_t)r;
	}
	return line;
}

/* The offset just after the first newline at or after off, or end. */
static uint64_t
next_line(const char *mem, int fd, uint64_t off, uint64_t end)
{
	char buf[65536];

	while (off < end) {
		size_t want = end - off < sizeof(buf) ? (size_t)(end - off) :
		    sizeof(buf);
		const char *nl;
		ssize_t r;

		if (mem != NULL) {
			nl = memchr(mem + off, '\n', want);
			if (nl != NULL)
				return (uint64_t)(nl - mem) + 1;
			off += want;
			continue;
		}
		r = pread(fd, buf, want, (off_t)off);
		if (r <= 0)
			return end;
		nl = memchr(buf, '\n', (size_t)r);
		if (nl != NULL)
			return off + (uint64_t)(nl - buf) + 1;
		off += (uint64_t)r;
	}
	return end;
}

static void
progress_wait(struct worker *ws, unsigned n, uint64_t total,
    const struct fs_koppling_params *p)
{
	for (;;) {
		struct timespec ts = { 0, PROGRESS_NS };
		uint64_t done = 0;
		bool all = true;

		for (unsigned t = 0; t < n; t++) {
			done += atomic_load(&ws[t].done);
			if (atomic_load(&ws[t].finished) == 0)
				all = false;
		}
		if (p != NULL && p->progress != NULL)
			p->progress(p->arg, done > total ? total : done, total);
		if (all)
			return;
		nanosleep(&ts, NULL);
	}
}

/* Read and map the header of a seekable input; *data0 gets its end. */
static enum fs_rc
read_header(struct worker *head, const char *mem, int fd, uint64_t size,
    uint64_t *data0, struct fs_err *err)
{
	char hb[HEAD_MAX + 1];
	size_t hl;

	*data0 = next_line(mem, fd, 0, size);
	if (*data0 == 0 || size == 0)
		return fs_err_set(err, FS_EINVAL, "perioder",
		    "periodfilen är tom: rubrikraden saknas");
	if (*data0 > HEAD_MAX)
		return fs_err_set(err, FS_EINVAL, "perioder",
		    "periodfilens rubrikrad är längre än 64 KiB");
	hl = (size_t)*data0;
	if (mem != NULL)
		memcpy(hb, mem, hl);
	else if (pread(fd, hb, hl, 0) != (ssize_t)hl)
		return fs_err_set(err, FS_EIO, "perioder",
		    "periodfilen kunde inte läsas");
	if (hl > 0 && hb[hl - 1] == '\n')
		hl--;
	if (parse_header(head, hb, hl) != FS_OK) {
		fs_err_set(err, head->rc, head->err.field,
		    "periodfilen, rad 1: %s", head->err.msg);
		return head->rc;
	}
	return FS_OK;
}

/* Run the workers (threads unless there is one), showing progress. */
static void
run_workers(struct worker *ws, unsigned nt, uint64_t total,
    const struct fs_koppling_params *p)
{
	/*
	 * Memory input without a progress callback needs no thread; with
	 * one (the web application's runs) the worker gets its own thread
	 * so that this one can report.
	 */
	if (nt == 1 && ws[0].mem != NULL &&
	    (p == NULL || p->progress == NULL)) {
		work(&ws[0]);
		return;
	}
	for (unsigned t = 0; t < nt; t++) {
		if (pthread_create(&ws[t].th, NULL, work, &ws[t]) == 0)
			ws[t].started = true;
		else
			work(&ws[t]);
	}
	progress_wait(ws, nt, total, p);
	for (unsigned t = 0; t < nt; t++)
		if (ws[t].started)
			pthread_join(ws[t].th, NULL);
}

static enum fs_rc
spells(struct fs_koppling *k, const char *mem, size_t memlen, const char *path,
    const struct fs_koppling_params *p, struct fs_err *err)
{
	struct worker *ws = NULL, *bad = NULL;
	struct worker head;
	atomic_int stop;
	struct stat st;
	uint64_t size = 0, data0 = 0;
	unsigned nt = 1;
	int fd = -1;
	bool seq = false;
	enum fs_rc rc = FS_OK;

	atomic_init(&stop, 0);
	memset(&head, 0, sizeof(head));
	head.stop = &stop;
	if (k->spells_done)
		return fs_err_set(err, FS_EINVAL, "perioder",
		    "periodfilen är redan inläst");
	k->spells_done = true;
	if (mem != NULL) {
		size = memlen;
	} else {
		if (strcmp(path, "-") == 0)
			fd = dup(STDIN_FILENO);
		else
			fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) != 0) {
			rc = fs_err_set(err, FS_EIO, "perioder",
			    "periodfilen kan inte öppnas");
			goto out;
		}
		if (S_ISREG(st.st_mode)) {
			size = (uint64_t)st.st_size;
			(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
		} else {
			seq = true;
		}
	}
	if (!seq) {
		rc = read_header(&head, mem, fd, size, &data0, err);
		if (rc != FS_OK)
			goto out;
		if (mem == NULL)
			nt = p->tradar != 0 ? p->tradar : size < MT_MIN_SIZE ?
			    1 : auto_threads();
		if (nt > MAX_THREADS)
			nt = MAX_THREADS;
	}
	ws = fs_calloc(nt, sizeof(*ws));
	if (ws == NULL) {
		rc = fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
		goto out;
	}
	for (unsigned t = 0; t < nt; t++) {
		k->acc[t] = fs_calloc(k->n == 0 ? 1 : k->n, sizeof(struct acc));
		if (k->acc[t] == NULL) {
			rc = fs_err_set(err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
			goto out;
		}
		k->nacc = t + 1;
	}
	for (unsigned t = 0; t < nt; t++) {
		struct worker *w = &ws[t];

		w->k = k;
		w->acc = k->acc[t];
		w->fd = fd;
		w->seq = seq;
		w->mem = mem;
		w->stop = &stop;
		w->header = seq;
		w->min_from = INT32_MAX;
		w->max_tom = INT32_MIN;
		w->cov_from = p->tackning_fran == FS_DATE_NONE ? INT32_MIN :
		    p->tackning_fran;
		w->cov_to = p->tackning_tom == FS_DATE_NONE ? INT32_MAX :
		    p->tackning_tom;
		atomic_init(&w->done, 0);
		atomic_init(&w->finished, 0);
		if (seq) {
			w->beg = 0;
			w->end = UINT64_MAX;
			continue;
		}
		memcpy(w->map, head.map, sizeof(w->map));
		w->sep = head.sep;
		w->beg = t == 0 ? data0 : ws[t - 1].end;
		if (t + 1 == nt) {
			w->end = size;
		} else {
			uint64_t target = data0 + (size - data0) * (t + 1) / nt;

			w->end = target > w->beg ?
			    next_line(mem, fd, target - 1, size) : w->beg;
		}
	}
	run_workers(ws, nt, seq ? 0 : size - data0, p);
	for (unsigned t = 0; t < nt; t++) {
		struct worker *w = &ws[t];

		k->rows += w->rows;
		k->hits += w->hits;
		if (w->min_from < k->min_from)
			k->min_from = w->min_from;
		if (w->max_tom > k->max_tom)
			k->max_tom = w->max_tom;
		if (w->rc != FS_OK && (bad == NULL || w->err_off < bad->err_off))
			bad = w;
	}
	if (bad != NULL) {
		rc = bad->rc;
		if (rc == FS_EINVAL) {
			/* Line numbers: lines before the range + in it. */
			long base = seq ? 1 : line_of(mem, fd, bad->beg);

			fs_err_set(err, rc, bad->err.field,
			    "periodfilen, rad %ld: %s", base + bad->err_line,
			    bad->err.msg);
		} else if (err != NULL) {
			*err = bad->err;
		}
	}
out:
	if (ws != NULL)
		for (unsigned t = 0; t < nt; t++) {
			free(ws[t].sc.v);
			free(ws[t].qbuf);
		}
	free(ws);
	if (fd >= 0)
		close(fd);
	return rc;
}

enum fs_rc
fs_koppling_perioder_file(struct fs_koppling *k, const char *path,
    const struct fs_koppling_params *p, struct fs_err *err)
{
	return spells(k, NULL, 0, path, p, err);
}

enum fs_rc
fs_koppling_perioder_mem(struct fs_koppling *k, const char *p, size_t len,
    const struct fs_koppling_params *par, struct fs_err *err)
{
	return spells(k, p, len, NULL, par, err);
}

/* ---- finishing ------------------------------------------------------ */

struct finisher {
	struct fs_koppling	*k;
	size_t			 lo;
	size_t			 hi;
	struct scratch		 in;
	struct scratch		 out;
	bool			 nomem;
	bool			 started;
	pthread_t		 th;
};

static bool
scratch_need(struct scratch *s, size_t n)
{
	uint32_t *v;

	if (s->cap >= n)
		return true;
	v = fs_reallocarray(s->v, n, sizeof(*v));
	if (v == NULL)
		return false;
	s->v = v;
	s->cap = n;
	return true;
}

static void *
finish_range(void *arg)
{
	struct finisher *f = arg;
	struct fs_koppling *k = f->k;

	for (size_t i = f->lo; i < f->hi; i++) {
		uint16_t *d = k->days[i];
		size_t n = 0, m;

		for (unsigned t = 0; t < k->nacc; t++)
			n += k->acc[t][i].n;
		if (n == 0)
			continue;
		if (!scratch_need(&f->in, n) || !scratch_need(&f->out, 2 * n)) {
			f->nomem = true;
			return NULL;
		}
		n = 0;
		for (unsigned t = 0; t < k->nacc; t++) {
			struct acc *a = &k->acc[t][i];

			if (a->n > 0)
				memcpy(f->in.v + n, a->v,
				    a->n * sizeof(uint32_t));
			n += a->n;
			free(a->v);
			a->v = NULL;
			a->n = a->cap = 0;
		}
		seg_sort(f->in.v, n);
		m = seg_canon(f->in.v, n, f->out.v);
		for (size_t s = 0; s < m; s++) {
			uint32_t x = f->out.v[s];
			unsigned g = SEG_GROUP(x);

			d[g] = (uint16_t)(d[g] + (SEG_TO(x) - SEG_FROM(x) + 1) *
			    SEG_LEVEL(x));
		}
	}
	return NULL;
}

enum fs_rc
fs_koppling_finish(struct fs_koppling *k, const struct fs_koppling_params *p,
    struct fs_err *err)
{
	struct finisher fs[MAX_THREADS];
	unsigned nt;
	int32_t cf, ct;
	bool nomem = false;

	if (k->finished)
		return fs_err_set(err, FS_EINVAL, NULL,
		    "beräkningen är redan avslutad");
	k->days = fs_calloc(k->n == 0 ? 1 : k->n, sizeof(*k->days));
	if (k->days == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	nt = k->nacc == 0 ? 1 : k->nacc;
	if (k->n < 100000)
		nt = 1;
	memset(fs, 0, sizeof(fs));
	for (unsigned t = 0; t < nt; t++) {
		fs[t].k = k;
		fs[t].lo = k->n * t / nt;
		fs[t].hi = k->n * (t + 1) / nt;
	}
	if (k->nacc > 0) {
		for (unsigned t = 1; t < nt; t++) {
			if (pthread_create(&fs[t].th, NULL, finish_range,
			    &fs[t]) == 0)
				fs[t].started = true;
			else
				finish_range(&fs[t]);
		}
		finish_range(&fs[0]);
		for (unsigned t = 1; t < nt; t++)
			if (fs[t].started)
				pthread_join(fs[t].th, NULL);
	}
	for (unsigned t = 0; t < nt; t++) {
		nomem = nomem || fs[t].nomem;
		free(fs[t].in.v);
		free(fs[t].out.v);
	}
	acc_free_all(k);
	if (nomem)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");

	/* Coverage and completeness. */
	k->tackning_fran = p->tackning_fran;
	k->tackning_tom = p->tackning_tom != FS_DATE_NONE ? p->tackning_tom :
	    k->max_tom != INT32_MIN ? k->max_tom : FS_DATE_NONE;
	cf = k->tackning_fran == FS_DATE_NONE ? INT32_MIN : k->tackning_fran;
	ct = k->tackning_tom == FS_DATE_NONE ? INT32_MIN : k->tackning_tom;
	for (size_t i = 0; i < k->n; i++) {
		struct part *pa = &k->parts[i];
		int32_t fs0 = pa->start - FS_KOPPLING_FONSTER;

		pa->flags = 0;
		if (fs0 >= cf && pa->start - 1 <= ct)
			pa->flags |= PART_FORE_KOMPLETT;
		if (pa->slut != FS_DATE_NONE && pa->slut + 1 >= cf &&
		    pa->slut + FS_KOPPLING_FONSTER <= ct)
			pa->flags |= PART_EFTER_KOMPLETT;
	}
	k->finished = true;
	return FS_OK;
}

void
fs_koppling_rad(const struct fs_koppling *k, size_t i,
    struct fs_koppling_rad *out)
{
	const struct part *pa = &k->parts[i];

	memset(out, 0, sizeof(*out));
	out->pseudonym = k->names.buf + pa->pseud;
	out->insats_kod = fs_koppling_intern_str(&k->insatser, pa->insats);
	out->forbund_kod = fs_koppling_intern_str(&k->forbund, pa->forbund);
	out->kon = pa->kon;
	out->alder = pa->alder;
	out->startdatum = pa->start;
	out->slutdatum = pa->slut;
	out->fore_komplett = (pa->flags & PART_FORE_KOMPLETT) != 0;
	out->efter_komplett = (pa->flags & PART_EFTER_KOMPLETT) != 0;
	if (k->days != NULL)
		for (int b = 0; b < FS_FORMAN__MAX; b++) {
			out->fore[b] = k->days[i][b];
			out->efter[b] = k->days[i][FS_FORMAN__MAX + b];
		}
}

/* ---- the per-participation file -------------------------------------- */

static char *
put_quarter(char *p, unsigned q)
{
	static const char *const frac[] = { "", ".25", ".5", ".75" };
	char tmp[12];
	unsigned v = q / 4;
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	while (n > 0)
		*p++ = tmp[--n];
	for (const char *s = frac[q % 4]; *s != '\0'; s++)
		*p++ = *s;
	return p;
}

/* Write all of p[0..n) to fd; false on failure. */
static bool
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

static char *
put_str(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

enum fs_rc
fs_koppling_write_rader(const struct fs_koppling *k, const char *path,
    struct fs_err *err)
{
	static const char head[] = "pseudonym,insats_kod,startdatum,slutdatum,"
	    "forman,dagar_fore,dagar_efter,fore_komplett,efter_komplett\n";
	struct fs_buf tmp;
	char *buf = NULL;
	size_t len = 0, cap = (size_t)1 << 20;
	enum fs_rc rc = FS_OK;
	int fd = -1;

	fs_buf_init(&tmp, 0);
	if (fs_buf_addf(&tmp, "%s.tmp-%ld", path, (long)getpid()) != FS_OK) {
		rc = fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
		goto out;
	}
	buf = fs_malloc(cap + 4096);
	if (buf == NULL) {
		rc = fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
		goto out;
	}
	fd = open(tmp.buf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = fs_err_set(err, FS_EIO, "ut",
		    "resultatfilen kan inte skapas");
		goto out;
	}
	memcpy(buf, head, sizeof(head) - 1);
	len = sizeof(head) - 1;
	for (size_t i = 0; i < k->n; i++) {
		struct fs_koppling_rad r;
		char pre[FS_KOPPLING_PSEUDONYM_MAX + FS_KOPPLING_KOD_MAX + 32];
		char *q = pre;

		fs_koppling_rad(k, i, &r);
		q = put_str(q, r.pseudonym);
		*q++ = ',';
		q = put_str(q, r.insats_kod);
		*q++ = ',';
		fs_date_format(r.startdatum, q);
		q += 10;
		*q++ = ',';
		if (r.slutdatum != FS_DATE_NONE) {
			fs_date_format(r.slutdatum, q);
			q += 10;
		}
		*q++ = ',';
		for (int b = 0; b < FS_FORMAN__MAX; b++) {
			char *o;

			if (len + 256 + sizeof(pre) > cap) {
				if (!write_all(fd, buf, len)) {
					rc = fs_err_set(err, FS_EIO, "ut",
					    "resultatfilen kunde inte skrivas");
					goto out;
				}
				len = 0;
			}
			o = buf + len;
			memcpy(o, pre, (size_t)(q - pre));
			o += q - pre;
			o = put_str(o, forman_names[b]);
			*o++ = ',';
			o = put_quarter(o, r.fore[b]);
			*o++ = ',';
			o = put_quarter(o, r.efter[b]);
			*o++ = ',';
			*o++ = r.fore_komplett ? '1' : '0';
			*o++ = ',';
			*o++ = r.efter_komplett ? '1' : '0';
			*o++ = '\n';
			len = (size_t)(o - buf);
		}
	}
	if (!write_all(fd, buf, len) || fsync(fd) != 0) {
		rc = fs_err_set(err, FS_EIO, "ut",
		    "resultatfilen kunde inte skrivas");
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		rc = fs_err_set(err, FS_EIO, "ut",
		    "resultatfilen kunde inte skrivas");
		goto out;
	}
	fd = -1;
	if (rename(tmp.buf, path) != 0)
		rc = fs_err_set(err, FS_EIO, "ut",
		    "resultatfilen kunde inte byta namn till sitt slutliga");
out:
	if (fd >= 0)
		close(fd);
	if (rc != FS_OK && tmp.len > 0)
		unlink(tmp.buf);
	fs_buf_release(&tmp);
	free(buf);
	return rc;
}

/* ---- the whole chain ------------------------------------------------- */

enum fs_rc
fs_koppling_berakna(const char *deltagande_path, const char *perioder,
    const char *ut, const struct fs_koppling_params *p,
    struct fs_koppling_resultat **out, struct fs_err *err)
{
	struct fs_koppling *k = NULL;
	enum fs_rc rc;

	*out = NULL;
	rc = fs_koppling_alloc(&k, err);
	if (rc == FS_OK)
		rc = fs_koppling_deltagande_file(k, deltagande_path, err);
	if (rc == FS_OK)
		rc = fs_koppling_perioder_file(k, perioder, p, err);
	if (rc == FS_OK)
		rc = fs_koppling_finish(k, p, err);
	if (rc == FS_OK && ut != NULL)
		rc = fs_koppling_write_rader(k, ut, err);
	if (rc == FS_OK)
		rc = fs_koppling_aggregera(k, p, out, err);
	fs_koppling_free(k);
	return rc;
}
