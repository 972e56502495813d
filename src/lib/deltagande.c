/* SPDX-License-Identifier: ISC */
/*
 * Participations: the registration rules of follow-up.md, consent,
 * corrections as versions, history and de-identification, plus the
 * anonymous and count-only figures.  Owns the person table's contents:
 * persons are created when a consent is recorded, found by keyed hash,
 * and deleted with everything that links them when de-identified.
 */
#include "compat.h"

#include <jansson.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/codes.h"
#include "finsam/crypto.h"
#include "finsam/deltagande.h"
#include "finsam/parse.h"
#include "finsam/store.h"

#define WHY_MAX 1000
#define FORMULAR_MAX 64
#define FORMULAR_IMPORT "import"	/* the form of a consent on a row */

/* Columns of DELT_COLS in stmts_sqlite.c. */
enum {
	C_ID, C_INSATS, C_PERSON, C_AVID, C_KON, C_ALDER, C_START, C_UTB,
	C_FTID, C_FFORE, C_AFORE, C_SFORE, C_JFORE, C_SLUT, C_AVSLUT, C_FEFTER,
	C_AEFTER, C_SEFTER, C_JEFTER, C_VERSION
};

void
fs_deltagande_init(struct fs_deltagande *d)
{
	memset(d, 0, sizeof(*d));
	d->startdatum = FS_DATE_NONE;
	d->slutdatum = FS_DATE_NONE;
	d->arbete_fore = FS_PCT_NONE;
	d->studier_fore = FS_PCT_NONE;
	d->arbetssokande_fore = FS_BOOL_NONE;
	d->arbete_efter = FS_PCT_NONE;
	d->studier_efter = FS_PCT_NONE;
	d->arbetssokande_efter = FS_BOOL_NONE;
}

/* ---- parsing of single fields ---- */

static enum fs_rc
parse_set(uint32_t *dst, const char *p, size_t len, const char *field,
    struct fs_err *err)
{
	uint32_t set = 0;
	size_t start = 0;
	int v;

	for (size_t k = 0; k <= len && len > 0; k++) {
		if (k < len && p[k] != '|')
			continue;
		v = fs_code_find(FS_LIST_FORSORJNING, p + start, k - start);
		if (v < 0)
			return fs_err_set(err, FS_EINVAL, field,
			    "varje försörjningskälla måste vara en av: %s "
			    "(flera skiljs åt med |)",
			    fs_code_names(FS_LIST_FORSORJNING));
		set |= 1u << v;
		start = k + 1;
	}
	*dst = set;
	return FS_OK;
}

static enum fs_rc
parse_pct(int *dst, const char *p, size_t len, const char *field,
    struct fs_err *err)
{
	int64_t v;

	if (len == 0) {
		*dst = FS_PCT_NONE;
		return FS_OK;
	}
	if (fs_parse_i64(p, len, 0, 100, &v, field, NULL) != FS_OK)
		return fs_err_set(err, FS_EINVAL, field,
		    "måste vara ett heltal 0–100 (procent av heltid, "
		    "100 = 40 tim/vecka)");
	*dst = (int)v;
	return FS_OK;
}

static enum fs_rc
parse_yesno(int *dst, const char *p, size_t len, const char *field,
    struct fs_err *err)
{
	if (len == 0)
		*dst = FS_BOOL_NONE;
	else if ((len == 2 && memcmp(p, "ja", 2) == 0) ||
	    (len == 1 && p[0] == '1'))
		*dst = 1;
	else if ((len == 3 && memcmp(p, "nej", 3) == 0) ||
	    (len == 1 && p[0] == '0'))
		*dst = 0;
	else
		return fs_err_set(err, FS_EINVAL, field,
		    "måste vara ja eller nej");
	return FS_OK;
}

enum fs_rc
fs_deltagande_set(struct fs_deltagande *d, const char *f, const char *p,
    size_t len, struct fs_err *err)
{
	if (strcmp(f, "startdatum") == 0)
		return fs_parse_opt_date(p, len, &d->startdatum, f, err);
	if (strcmp(f, "utbildning") == 0)
		return fs_code_parse(FS_LIST_UTBILDNING, p, len,
		    &d->utbildning, f, err);
	if (strcmp(f, "offentlig_forsorjning_tid") == 0)
		return fs_code_parse(FS_LIST_FORSORJNING_TID, p, len,
		    &d->offentlig_forsorjning_tid, f, err);
	if (strcmp(f, "forsorjning_fore") == 0)
		return parse_set(&d->forsorjning_fore, p, len, f, err);
	if (strcmp(f, "arbete_fore") == 0)
		return parse_pct(&d->arbete_fore, p, len, f, err);
	if (strcmp(f, "studier_fore") == 0)
		return parse_pct(&d->studier_fore, p, len, f, err);
	if (strcmp(f, "arbetssokande_fore") == 0)
		return parse_yesno(&d->arbetssokande_fore, p, len, f, err);
	if (strcmp(f, "slutdatum") == 0)
		return fs_parse_opt_date(p, len, &d->slutdatum, f, err);
	if (strcmp(f, "avslutsanledning") == 0)
		return fs_code_parse(FS_LIST_AVSLUT, p, len,
		    &d->avslutsanledning, f, err);
	if (strcmp(f, "forsorjning_efter") == 0)
		return parse_set(&d->forsorjning_efter, p, len, f, err);
	if (strcmp(f, "arbete_efter") == 0)
		return parse_pct(&d->arbete_efter, p, len, f, err);
	if (strcmp(f, "studier_efter") == 0)
		return parse_pct(&d->studier_efter, p, len, f, err);
	if (strcmp(f, "arbetssokande_efter") == 0)
		return parse_yesno(&d->arbetssokande_efter, p, len, f, err);
	return fs_err_set(err, FS_EINVAL, f, "okänt fält för ett deltagande");
}

/* ---- rules ---- */

static enum fs_rc
check_set(uint32_t set, const char *field, struct fs_err *err)
{
	uint32_t ingen = 1u << FS_FORS_INGEN;

	if (set & ~(((1u << FS_FORS__MAX) - 1) & ~1u))
		return fs_err_set(err, FS_EINVAL, field,
		    "innehåller en okänd försörjningskälla");
	if ((set & ingen) && set != ingen)
		return fs_err_set(err, FS_EINVAL, field,
		    "ingen kan inte kombineras med någon annan "
		    "försörjningskälla");
	return FS_OK;
}

static enum fs_rc
check_pct(int v, const char *field, struct fs_err *err)
{
	if (v != FS_PCT_NONE && (v < 0 || v > 100))
		return fs_err_set(err, FS_EINVAL, field,
		    "måste vara ett heltal 0–100 (procent av heltid, "
		    "100 = 40 tim/vecka)");
	return FS_OK;
}

static enum fs_rc
check_code(int v, enum fs_list list, const char *field, struct fs_err *err)
{
	if (v < 0 || (size_t)v >= fs_code_count(list))
		return fs_err_set(err, FS_EINVAL, field, "måste vara en av: %s",
		    fs_code_names(list));
	return FS_OK;
}

enum fs_rc
fs_deltagande_check(const struct fs_deltagande *d, const struct fs_insats *i,
    struct fs_err *err)
{
	enum fs_rc rc;
	char a[11], b[11];

	if (i->uppfoljning != FS_UPPF_INDIVID)
		return fs_err_set(err, FS_EINVAL, "insats_kod",
		    "insatsen följs upp med endast antal deltagare; enskilda "
		    "deltagare kan inte registreras i den");
	if (d->startdatum == FS_DATE_NONE)
		return fs_err_set(err, FS_EINVAL, "startdatum", "måste anges");
	if (d->startdatum < i->startdatum ||
	    (i->slutdatum != FS_DATE_NONE && d->startdatum > i->slutdatum)) {
		fs_date_format(i->startdatum, a);
		if (i->slutdatum != FS_DATE_NONE)
			fs_date_format(i->slutdatum, b);
		return fs_err_set(err, FS_EINVAL, "startdatum",
		    "måste ligga inom insatsens period (%s – %s)", a,
		    i->slutdatum != FS_DATE_NONE ? b : "");
	}
	if (d->slutdatum != FS_DATE_NONE) {
		if (d->slutdatum < d->startdatum)
			return fs_err_set(err, FS_EINVAL, "slutdatum",
			    "får inte ligga före startdatum");
		if (i->slutdatum != FS_DATE_NONE &&
		    d->slutdatum > i->slutdatum) {
			fs_date_format(i->slutdatum, b);
			return fs_err_set(err, FS_EINVAL, "slutdatum",
			    "får inte ligga efter insatsens slutdatum %s", b);
		}
		if (d->avslutsanledning == FS_AVSLUT_NONE)
			return fs_err_set(err, FS_EINVAL, "avslutsanledning",
			    "måste anges när slutdatum är satt");
	} else {
		static const char *const exitf[] = { "avslutsanledning",
			"forsorjning_efter", "arbete_efter", "studier_efter",
			"arbetssokande_efter" };
		bool given[] = { d->avslutsanledning != FS_AVSLUT_NONE,
			d->forsorjning_efter != 0,
			d->arbete_efter != FS_PCT_NONE,
			d->studier_efter != FS_PCT_NONE,
			d->arbetssokande_efter != FS_BOOL_NONE };

		for (size_t k = 0; k < FS_NELEM(exitf); k++)
			if (given[k])
				return fs_err_set(err, FS_EINVAL, exitf[k],
				    "uppgifter vid utregistrering kräver "
				    "slutdatum");
	}
	rc = check_code(d->utbildning, FS_LIST_UTBILDNING, "utbildning", err);
	if (rc == FS_OK)
		rc = check_code(d->offentlig_forsorjning_tid,
		    FS_LIST_FORSORJNING_TID, "offentlig_forsorjning_tid", err);
	if (rc == FS_OK)
		rc = check_code(d->avslutsanledning, FS_LIST_AVSLUT,
		    "avslutsanledning", err);
	if (rc == FS_OK)
		rc = check_set(d->forsorjning_fore, "forsorjning_fore", err);
	if (rc == FS_OK)
		rc = check_set(d->forsorjning_efter, "forsorjning_efter", err);
	if (rc == FS_OK)
		rc = check_pct(d->arbete_fore, "arbete_fore", err);
	if (rc == FS_OK)
		rc = check_pct(d->studier_fore, "studier_fore", err);
	if (rc == FS_OK)
		rc = check_pct(d->arbete_efter, "arbete_efter", err);
	if (rc == FS_OK)
		rc = check_pct(d->studier_efter, "studier_efter", err);
	return rc;
}

/* ---- persons ---- */

/* The person with this keyed hash: *id 0 when there is none. */
static enum fs_rc
person_find(struct fs_db *db, const unsigned char *hash, int64_t *id,
    struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	*id = 0;
	rc = fs_store_stmt(db->store, FS_STMT_PERSON_BY_HASH, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_blob(s, 1, hash, FS_PNR_HASH_LEN);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && row)
		*id = fs_stmt_col_i64(s, 0);
	fs_stmt_reset(s);
	return rc;
}

static enum fs_rc
is_protected(struct fs_db *db, const unsigned char *hash, bool *yes,
    struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;

	rc = fs_store_stmt(db->store, FS_STMT_SKYDDAD_GET, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_blob(s, 1, hash, FS_PNR_HASH_LEN);
	rc = fs_stmt_step(s, yes, err);
	fs_stmt_reset(s);
	return rc;
}

static void
ref_init(struct fs_person_ref *ref, const unsigned char *hash)
{
	memset(ref, 0, sizeof(*ref));
	ref->pending = FS_DATE_NONE;
	memcpy(ref->hash, hash, FS_PNR_HASH_LEN);
}

/* Fill ref (its hash set) from the database. */
static enum fs_rc
ref_load(struct fs_db *db, struct fs_person_ref *ref, struct fs_err *err)
{
	enum fs_rc rc;

	rc = person_find(db, ref->hash, &ref->id, err);
	/* A protected person has no person row, so only then look. */
	if (rc == FS_OK && ref->id == 0)
		rc = is_protected(db, ref->hash, &ref->skyddad, err);
	return rc;
}

enum fs_rc
fs_person_lookup(struct fs_db *db, const struct fs_pnr *pnr,
    struct fs_person_ref *ref, struct fs_err *err)
{
	unsigned char hash[FS_PNR_HASH_LEN];

	fs_keys_pnr_hash(db->keys, pnr->digits, hash);
	ref_init(ref, hash);
	return ref_load(db, ref, err);
}

/* ---- the person cache of a bulk operation ---- */

/*
 * Reading the whole person table costs about as much as looking up a
 * few persons one by one; it pays off once the operation has at least
 * a quarter as many rows as there are persons.
 */
#define PRELOAD_RATIO	4
/*
 * Consents and participations followed per person created through the
 * cache; a person with more is answered by the database.
 */
#define KNOWN_MAX	32

enum {
	P_USED = 1 << 0,
	P_SKYDDAD = 1 << 1,
	P_KNOWN = 1 << 2,	/* events hold all its consents and rows */
};

/* A person of the cache (open addressing by the random keyed hash). */
struct pentry {
	unsigned char	 hash[FS_PNR_HASH_LEN];
	int64_t		 id;
	uint32_t	 first;		/* its newest event + 1; 0 none */
	uint8_t		 flags;
};

/*
 * A consent (start FS_DATE_NONE) or a participation (with the consent
 * that came on its row, if any) of a person created through the cache.
 */
struct pevent {
	int64_t		 insats;
	int32_t		 start;
	int32_t		 samtycke;
	uint32_t	 next;		/* the next older + 1; 0 none */
	bool		 open;
};

struct fs_person_cache {
	struct fs_db	*db;
	struct pentry	*e;
	size_t		 cap;		/* a power of two */
	size_t		 n;
	bool		 complete;	/* holds every person of the db */
	struct pevent	*ev;
	size_t		 nev, evcap;
};

static size_t
cache_slot(const struct pentry *e, size_t cap, const unsigned char *hash)
{
	uint64_t h;
	size_t k;

	memcpy(&h, hash, sizeof(h));
	k = (size_t)h & (cap - 1);
	while ((e[k].flags & P_USED) && memcmp(e[k].hash, hash,
	    FS_PNR_HASH_LEN) != 0)
		k = (k + 1) & (cap - 1);
	return k;
}

/* Room for one more person at a load of at most 3/4. */
static enum fs_rc
cache_reserve(struct fs_person_cache *c, struct fs_err *err)
{
	struct pentry *g;
	size_t gcap;

	if ((c->n + 1) * 4 <= c->cap * 3)
		return FS_OK;
	gcap = c->cap == 0 ? 4096 : c->cap * 2;
	g = fs_calloc(gcap, sizeof(*g));
	if (g == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	for (size_t i = 0; i < c->cap; i++)
		if (c->e[i].flags & P_USED)
			g[cache_slot(g, gcap, c->e[i].hash)] = c->e[i];
	free(c->e);
	c->e = g;
	c->cap = gcap;
	return FS_OK;
}

/* The slot of hash, added (*added, id 0) when missing. */
static enum fs_rc
cache_add(struct fs_person_cache *c, const unsigned char *hash, size_t *slot,
    bool *added, struct fs_err *err)
{
	enum fs_rc rc;
	size_t k;

	rc = cache_reserve(c, err);
	if (rc != FS_OK)
		return rc;
	k = cache_slot(c->e, c->cap, hash);
	*added = !(c->e[k].flags & P_USED);
	if (*added) {
		memset(&c->e[k], 0, sizeof(c->e[k]));
		memcpy(c->e[k].hash, hash, FS_PNR_HASH_LEN);
		c->e[k].flags = P_USED;
		c->n++;
	}
	*slot = k;
	return FS_OK;
}

/* Every person and every protected hash of the database. */
static enum fs_rc
cache_preload(struct fs_person_cache *c, struct fs_err *err)
{
	struct fs_stmt *s;
	const void *h;
	size_t len, k;
	enum fs_rc rc;
	bool row, added;

	for (int pass = 0; pass < 2; pass++) {
		rc = fs_store_stmt(c->db->store, pass == 0 ? FS_STMT_PERSON_ALL :
		    FS_STMT_SKYDDAD_ALL, &s, err);
		while (rc == FS_OK) {
			rc = fs_stmt_step(s, &row, err);
			if (rc != FS_OK || !row)
				break;
			h = fs_stmt_col_blob(s, pass == 0 ? 1 : 0, &len);
			if (len != FS_PNR_HASH_LEN) {
				rc = fs_err_set(err, FS_EDB, NULL,
				    "intern: personnyckel av fel längd");
				break;
			}
			rc = cache_add(c, h, &k, &added, err);
			/* A person row wins, as in ref_load(). */
			if (rc == FS_OK && pass == 0)
				c->e[k].id = fs_stmt_col_i64(s, 0);
			else if (rc == FS_OK && added)
				c->e[k].flags |= P_SKYDDAD;
		}
		fs_stmt_reset(s);
		if (rc != FS_OK)
			return rc;
	}
	c->complete = true;
	return FS_OK;
}

enum fs_rc
fs_person_cache_new(struct fs_db *db, size_t rows,
    struct fs_person_cache **out, struct fs_err *err)
{
	struct fs_person_cache *c;
	struct fs_stmt *s;
	enum fs_rc rc;
	int64_t persons = 0;
	bool row;

	*out = NULL;
	c = fs_calloc(1, sizeof(*c));
	if (c == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	c->db = db;
	rc = fs_store_stmt(db->store, FS_STMT_PERSON_MAX_ID, &s, err);
	if (rc == FS_OK)
		rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && row)
		persons = fs_stmt_col_i64(s, 0);
	fs_stmt_reset(s);
	/* persons is the highest id: never fewer than there are. */
	if (rc == FS_OK && (uint64_t)persons <= (uint64_t)rows * PRELOAD_RATIO)
		rc = cache_preload(c, err);
	if (rc != FS_OK) {
		fs_person_cache_free(c);
		return rc;
	}
	*out = c;
	return FS_OK;
}

void
fs_person_cache_free(struct fs_person_cache *c)
{
	if (c == NULL)
		return;
	free(c->e);
	free(c->ev);
	free(c);
}

enum fs_rc
fs_person_cache_lookup(struct fs_person_cache *c,
    const unsigned char hash[FS_PNR_HASH_LEN], struct fs_person_ref *ref,
    struct fs_err *err)
{
	struct pentry *e;
	enum fs_rc rc;
	size_t k;
	bool added;

	ref_init(ref, hash);
	rc = cache_add(c, hash, &k, &added, err);
	if (rc != FS_OK)
		return rc;
	e = &c->e[k];
	if (added && !c->complete) {
		rc = ref_load(c->db, ref, err);
		if (rc != FS_OK) {
			e->flags = 0;	/* not looked up after all */
			c->n--;
			return rc;
		}
		e->id = ref->id;
		if (ref->skyddad)
			e->flags |= P_SKYDDAD;
	}
	ref->id = e->id;
	ref->skyddad = (e->flags & P_SKYDDAD) != 0;
	ref->cache = c;
	ref->slot = k;
	return FS_OK;
}

/*
 * What the cache knows of the person of ref: its entry when every
 * consent and participation of the person is among its events (a
 * person created through the cache), else NULL (ask the database).
 */
static struct pentry *
known(const struct fs_person_ref *ref)
{
	struct pentry *e;

	if (ref->cache == NULL)
		return NULL;
	e = &ref->cache->e[ref->slot];
	return (e->flags & P_KNOWN) ? e : NULL;
}

/* The person of ref was created through it: it has nothing yet. */
static void
known_created(const struct fs_person_ref *ref)
{
	struct pentry *e;

	if (ref->cache == NULL)
		return;
	e = &ref->cache->e[ref->slot];
	e->id = ref->id;
	e->first = 0;
	e->flags |= P_KNOWN;
}

/* From now on the database answers for the person of ref. */
static void
known_forget(const struct fs_person_ref *ref)
{
	if (ref->cache != NULL)
		ref->cache->e[ref->slot].flags &= (uint8_t)~P_KNOWN;
}

/* Note a consent or participation stored for the person of ref. */
static void
known_add(const struct fs_person_ref *ref, int64_t insats, int32_t start,
    int32_t samtycke, bool open)
{
	struct fs_person_cache *c = ref->cache;
	struct pentry *e = known(ref);
	struct pevent *v;
	size_t n = 0;

	if (e == NULL)
		return;
	for (uint32_t k = e->first; k != 0; k = c->ev[k - 1].next)
		n++;
	if (c->nev == c->evcap && n < KNOWN_MAX && c->nev < UINT32_MAX) {
		size_t ncap = c->evcap == 0 ? 4096 : c->evcap * 2;

		v = fs_reallocarray(c->ev, ncap, sizeof(*v));
		if (v != NULL) {
			c->ev = v;
			c->evcap = ncap;
		}
	}
	/* Forgetting is always right: the database knows. */
	if (n >= KNOWN_MAX || c->nev == c->evcap || c->nev >= UINT32_MAX) {
		known_forget(ref);
		return;
	}
	v = &c->ev[c->nev++];
	v->insats = insats;
	v->start = start;
	v->samtycke = samtycke;
	v->open = open;
	v->next = e->first;
	e->first = (uint32_t)c->nev;
}

/* What known() says: a participation (insats, start), if any. */
static bool
known_has_key(const struct fs_person_cache *c, const struct pentry *e,
    int64_t insats, int32_t start)
{
	for (uint32_t k = e->first; k != 0; k = c->ev[k - 1].next)
		if (c->ev[k - 1].insats == insats && c->ev[k - 1].start == start)
			return true;
	return false;
}

/* A consent for insats signed on day (exact) or on or before it. */
static bool
known_consent(const struct fs_person_cache *c, const struct pentry *e,
    int64_t insats, int32_t day, bool exact)
{
	for (uint32_t k = e->first; k != 0; k = c->ev[k - 1].next) {
		const struct pevent *v = &c->ev[k - 1];

		if (v->insats != insats || v->samtycke == FS_DATE_NONE)
			continue;
		if (exact ? v->samtycke == day : v->samtycke <= day)
			return true;
	}
	return false;
}

/* An open participation in insats. */
static bool
known_open(const struct fs_person_cache *c, const struct pentry *e,
    int64_t insats)
{
	for (uint32_t k = e->first; k != 0; k = c->ev[k - 1].next)
		if (c->ev[k - 1].insats == insats && c->ev[k - 1].open)
			return true;
	return false;
}

static enum fs_rc
refuse_skyddad(const struct fs_person_ref *ref, struct fs_err *err)
{
	if (ref->skyddad)
		return fs_err_set(err, FS_EINVAL, "personnummer",
		    "personen har skyddade personuppgifter och får bara "
		    "räknas anonymt");
	return FS_OK;
}

/* The rules of a consent before anything is stored. */
static enum fs_rc
consent_check(const struct fs_person_ref *ref, int32_t datum,
    const char *formular, struct fs_err *err)
{
	if (datum == FS_DATE_NONE)
		return fs_err_set(err, FS_EINVAL, "samtycke_datum",
		    "måste anges");
	if (datum > fs_date_today())
		return fs_err_set(err, FS_EINVAL, "samtycke_datum",
		    "får inte ligga i framtiden");
	if (formular == NULL || formular[0] == '\0' ||
	    strlen(formular) > FORMULAR_MAX)
		return fs_err_set(err, FS_EINVAL, "formular_version",
		    "måste anges (högst %d tecken)", FORMULAR_MAX);
	return refuse_skyddad(ref, err);
}

/* The person of ref, created (*created) when it has no row yet. */
static enum fs_rc
person_create(struct fs_db *db, const struct fs_pnr *pnr,
    struct fs_person_ref *ref, bool *created, struct fs_err *err)
{
	unsigned char ct[FS_PNR_CIPHER_LEN];
	struct fs_stmt *s;
	char birth[11];
	enum fs_rc rc;

	*created = false;
	if (ref->id != 0)
		return FS_OK;
	if (ref->krypt == NULL)
		fs_keys_pnr_encrypt(db->keys, pnr->digits, ct);
	fs_date_format(pnr->birth, birth);
	rc = fs_store_stmt(db->store, FS_STMT_PERSON_INSERT, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_blob(s, 1, ref->hash, sizeof(ref->hash));
	fs_stmt_bind_blob(s, 2, ref->krypt != NULL ? ref->krypt : ct,
	    sizeof(ct));
	fs_stmt_bind_text(s, 3, &pnr->kon, 1);
	fs_stmt_bind_str(s, 4, birth);
	rc = fs_stmt_exec(s, err);
	if (rc == FS_OK) {
		ref->id = fs_store_last_id(db->store);
		*created = true;
		known_created(ref);
	}
	return rc;
}

/* Whether a consent of ref's person for insats signed on datum is stored. */
static enum fs_rc
consent_exists(struct fs_db *db, const struct fs_person_ref *ref,
    int64_t insats_id, int32_t datum, bool *yes, struct fs_err *err)
{
	const struct pentry *e = known(ref);
	struct fs_stmt *s;
	enum fs_rc rc;

	if (e != NULL) {
		*yes = known_consent(ref->cache, e, insats_id, datum, true);
		return FS_OK;
	}
	rc = fs_store_stmt(db->store, FS_STMT_SAMTYCKE_EXISTS, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, ref->id);
	fs_stmt_bind_i64(s, 2, insats_id);
	fs_stmt_bind_date(s, 3, datum);
	rc = fs_stmt_step(s, yes, err);
	fs_stmt_reset(s);
	return rc;
}

/* Store a consent of ref's person on its own, unless it is stored already. */
static enum fs_rc
consent_store(struct fs_db *db, const struct fs_person_ref *ref,
    int64_t insats_id, int32_t datum, const char *formular,
    struct fs_err *err)
{
	struct fs_stmt *s;
	char now[21];
	enum fs_rc rc;
	bool stored;

	rc = consent_exists(db, ref, insats_id, datum, &stored, err);
	if (rc != FS_OK || stored)
		return rc;
	rc = fs_store_stmt(db->store, FS_STMT_SAMTYCKE_INSERT, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_db_now(now);
	fs_stmt_bind_i64(s, 1, ref->id);
	fs_stmt_bind_i64(s, 2, insats_id);
	fs_stmt_bind_date(s, 3, datum);
	fs_stmt_bind_str(s, 4, formular);
	fs_stmt_bind_str(s, 5, db->actor);
	fs_stmt_bind_str(s, 6, now);
	rc = fs_stmt_exec(s, err);
	if (rc == FS_OK)
		known_add(ref, insats_id, FS_DATE_NONE, datum, false);
	return rc;
}

/*
 * The person created through ref in a call that failed: gone when the
 * call's own transaction rolled back, else the caller's decides.
 */
static void
person_undo(struct fs_person_ref *ref, bool own)
{
	if (!own)
		return;
	ref->id = 0;
	if (ref->cache != NULL) {
		ref->cache->e[ref->slot].id = 0;
		known_forget(ref);
	}
}

/*
 * The start of recording a consent: its rules, the transaction (*own),
 * and the person, created (*created) when new.  On FS_OK the caller
 * ends the transaction; on failure nothing is open.
 */
static enum fs_rc
consent_begin(struct fs_db *db, const struct fs_pnr *pnr,
    struct fs_person_ref *ref, int32_t datum, const char *formular,
    bool *own, bool *created, struct fs_err *err)
{
	enum fs_rc rc;

	*own = false;
	*created = false;
	rc = consent_check(ref, datum, formular, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_db_tx_begin(db, own, err);
	if (rc != FS_OK)
		return rc;
	rc = person_create(db, pnr, ref, created, err);
	if (rc != FS_OK)
		rc = fs_db_tx_end(db, *own, rc, err);
	return rc;
}

enum fs_rc
fs_samtycke_record_ref(struct fs_db *db, const struct fs_pnr *pnr,
    struct fs_person_ref *ref, int64_t insats_id, int32_t datum,
    const char *formular, struct fs_err *err)
{
	enum fs_rc rc;
	bool own, created;

	rc = consent_begin(db, pnr, ref, datum, formular, &own, &created, err);
	if (rc != FS_OK)
		return rc;
	rc = consent_store(db, ref, insats_id, datum, formular, err);
	if (rc == FS_OK && !db->bulk)
		rc = fs_db_audit(db, "samtycke.registrera", "samtycke", 0,
		    insats_id, "ok", NULL, err);
	rc = fs_db_tx_end(db, own, rc, err);
	if (rc != FS_OK && created)
		person_undo(ref, own);
	return rc;
}

enum fs_rc
fs_samtycke_pending_ref(struct fs_db *db, const struct fs_pnr *pnr,
    struct fs_person_ref *ref, int64_t insats_id, int32_t datum,
    struct fs_err *err)
{
	enum fs_rc rc;
	bool own, created, stored = false;

	rc = consent_begin(db, pnr, ref, datum, FORMULAR_IMPORT, &own,
	    &created, err);
	if (rc != FS_OK)
		return rc;
	/* A new person has no consents yet. */
	if (!created)
		rc = consent_exists(db, ref, insats_id, datum, &stored, err);
	rc = fs_db_tx_end(db, own, rc, err);
	if (rc != FS_OK) {
		if (created)
			person_undo(ref, own);
		return rc;
	}
	ref->pending = stored ? FS_DATE_NONE : datum;
	ref->pending_insats = insats_id;
	return FS_OK;
}

enum fs_rc
fs_samtycke_record(struct fs_db *db, const struct fs_pnr *pnr,
    int64_t insats_id, int32_t datum, const char *formular,
    struct fs_err *err)
{
	struct fs_person_ref ref;
	enum fs_rc rc;

	rc = fs_person_lookup(db, pnr, &ref, err);
	if (rc == FS_OK)
		rc = fs_samtycke_record_ref(db, pnr, &ref, insats_id, datum,
		    formular, err);
	return rc;
}

/* ---- reading and writing rows ---- */

static void
read_row(struct fs_stmt *s, struct fs_deltagande *d)
{
	const char *t;
	size_t len;

	fs_deltagande_init(d);
	d->id = fs_stmt_col_i64(s, C_ID);
	d->insats_id = fs_stmt_col_i64(s, C_INSATS);
	d->person_id = fs_stmt_col_null(s, C_PERSON) ? 0 :
	    fs_stmt_col_i64(s, C_PERSON);
	d->avidentifierad = fs_stmt_col_i64(s, C_AVID) != 0;
	t = fs_stmt_col_text(s, C_KON, NULL);
	d->kon = t[0];
	d->alder_start = (int)fs_stmt_col_i64(s, C_ALDER);
	d->startdatum = fs_stmt_col_date(s, C_START);
	t = fs_stmt_col_text(s, C_UTB, &len);
	d->utbildning = len == 0 ? 0 : fs_code_find(FS_LIST_UTBILDNING, t, len);
	t = fs_stmt_col_text(s, C_FTID, &len);
	d->offentlig_forsorjning_tid = len == 0 ? 0 :
	    fs_code_find(FS_LIST_FORSORJNING_TID, t, len);
	d->forsorjning_fore = (uint32_t)fs_stmt_col_i64(s, C_FFORE);
#define PCT(c) (fs_stmt_col_null(s, c) ? FS_PCT_NONE : \
	(int)fs_stmt_col_i64(s, c))
	d->arbete_fore = PCT(C_AFORE);
	d->studier_fore = PCT(C_SFORE);
	d->arbetssokande_fore = PCT(C_JFORE);
	d->slutdatum = fs_stmt_col_date(s, C_SLUT);
	t = fs_stmt_col_text(s, C_AVSLUT, &len);
	d->avslutsanledning = len == 0 ? 0 :
	    fs_code_find(FS_LIST_AVSLUT, t, len);
	d->forsorjning_efter = (uint32_t)fs_stmt_col_i64(s, C_FEFTER);
	d->arbete_efter = PCT(C_AEFTER);
	d->studier_efter = PCT(C_SEFTER);
	d->arbetssokande_efter = PCT(C_JEFTER);
#undef PCT
	d->version = (int)fs_stmt_col_i64(s, C_VERSION);
}

static void
bind_opt_int(struct fs_stmt *s, int i, int v, int none)
{
	if (v == none)
		fs_stmt_bind_null(s, i);
	else
		fs_stmt_bind_i64(s, i, v);
}

static void
bind_set(struct fs_stmt *s, int i, uint32_t v)
{
	if (v == 0)
		fs_stmt_bind_null(s, i);
	else
		fs_stmt_bind_i64(s, i, v);
}

/* Bind the mutable fields (utbildning .. arbetssokande_efter) from i. */
static void
bind_fields(struct fs_stmt *s, int i, const struct fs_deltagande *d)
{
	fs_stmt_bind_str(s, i, fs_code_name(FS_LIST_UTBILDNING, d->utbildning));
	fs_stmt_bind_str(s, i + 1, fs_code_name(FS_LIST_FORSORJNING_TID,
	    d->offentlig_forsorjning_tid));
	bind_set(s, i + 2, d->forsorjning_fore);
	bind_opt_int(s, i + 3, d->arbete_fore, FS_PCT_NONE);
	bind_opt_int(s, i + 4, d->studier_fore, FS_PCT_NONE);
	bind_opt_int(s, i + 5, d->arbetssokande_fore, FS_BOOL_NONE);
	fs_stmt_bind_date(s, i + 6, d->slutdatum);
	fs_stmt_bind_str(s, i + 7, fs_code_name(FS_LIST_AVSLUT,
	    d->avslutsanledning));
	bind_set(s, i + 8, d->forsorjning_efter);
	bind_opt_int(s, i + 9, d->arbete_efter, FS_PCT_NONE);
	bind_opt_int(s, i + 10, d->studier_efter, FS_PCT_NONE);
	bind_opt_int(s, i + 11, d->arbetssokande_efter, FS_BOOL_NONE);
}

/*
 * The field set of a participation as JSON, written by hand rather than
 * with jansson or printf because it runs for every imported row; it
 * holds only codes, numbers and dates, none of which need escaping.
 * Errors are collected in *rc so the writer reads straight through.
 */
static void
add_raw(struct fs_buf *b, const char *s, enum fs_rc *rc)
{
	if (*rc == FS_OK)
		*rc = fs_buf_addstr(b, s);
}

static void
add_key(struct fs_buf *b, const char *key, enum fs_rc *rc)
{
	add_raw(b, ",\"", rc);
	add_raw(b, key, rc);
	add_raw(b, "\":", rc);
}

static void
add_int_json(struct fs_buf *b, const char *key, int v, int none,
    enum fs_rc *rc)
{
	char num[16], *p = num + sizeof(num) - 1;
	unsigned u;

	add_key(b, key, rc);
	if (v == none) {
		add_raw(b, "null", rc);
		return;
	}
	*p = '\0';
	u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	add_raw(b, p, rc);
}

static void
add_date_json(struct fs_buf *b, const char *key, int32_t d, enum fs_rc *rc)
{
	char q[13];

	add_key(b, key, rc);
	if (d == FS_DATE_NONE) {
		add_raw(b, "null", rc);
		return;
	}
	q[0] = '"';
	fs_date_format(d, q + 1);
	q[11] = '"';
	q[12] = '\0';
	add_raw(b, q, rc);
}

static void
add_code_json(struct fs_buf *b, const char *key, enum fs_list l, int v,
    enum fs_rc *rc)
{
	const char *n = fs_code_name(l, v);

	add_key(b, key, rc);
	if (n == NULL) {
		add_raw(b, "null", rc);
		return;
	}
	add_raw(b, "\"", rc);
	add_raw(b, n, rc);
	add_raw(b, "\"", rc);
}

static void
add_set_json(struct fs_buf *b, const char *key, uint32_t set, enum fs_rc *rc)
{
	bool first = true;

	add_key(b, key, rc);
	add_raw(b, "[", rc);
	for (int k = 1; k < FS_FORS__MAX; k++)
		if (set & (1u << k)) {
			add_raw(b, first ? "\"" : ",\"", rc);
			add_raw(b, fs_code_name(FS_LIST_FORSORJNING, k), rc);
			add_raw(b, "\"", rc);
			first = false;
		}
	add_raw(b, "]", rc);
}

static enum fs_rc
snapshot_json(const struct fs_deltagande *d, struct fs_buf *b)
{
	enum fs_rc rc = FS_OK;
	char sd[11];

	fs_date_format(d->startdatum, sd);
	add_raw(b, "{\"startdatum\":\"", &rc);
	add_raw(b, sd, &rc);
	add_raw(b, "\"", &rc);
	add_code_json(b, "utbildning", FS_LIST_UTBILDNING, d->utbildning, &rc);
	add_code_json(b, "offentlig_forsorjning_tid", FS_LIST_FORSORJNING_TID,
	    d->offentlig_forsorjning_tid, &rc);
	add_set_json(b, "forsorjning_fore", d->forsorjning_fore, &rc);
	add_int_json(b, "arbete_fore", d->arbete_fore, FS_PCT_NONE, &rc);
	add_int_json(b, "studier_fore", d->studier_fore, FS_PCT_NONE, &rc);
	add_int_json(b, "arbetssokande_fore", d->arbetssokande_fore,
	    FS_BOOL_NONE, &rc);
	add_date_json(b, "slutdatum", d->slutdatum, &rc);
	add_code_json(b, "avslutsanledning", FS_LIST_AVSLUT,
	    d->avslutsanledning, &rc);
	add_set_json(b, "forsorjning_efter", d->forsorjning_efter, &rc);
	add_int_json(b, "arbete_efter", d->arbete_efter, FS_PCT_NONE, &rc);
	add_int_json(b, "studier_efter", d->studier_efter, FS_PCT_NONE, &rc);
	add_int_json(b, "arbetssokande_efter", d->arbetssokande_efter,
	    FS_BOOL_NONE, &rc);
	add_raw(b, "}", &rc);
	return rc;
}

/*
 * Record that d->version replaces prev (who, when, why).  The new
 * version's fields stay in the deltagande row; prev's fields are now
 * written into prev's version row, which for version 1 is created here
 * from the row's registrerad_av/registrerad_tid (a participation that is
 * never corrected has no version rows at all).
 */
static enum fs_rc
add_version(struct fs_db *db, const struct fs_deltagande *d,
    const struct fs_deltagande *prev, const char *why, struct fs_err *err)
{
	struct fs_stmt *s;
	struct fs_buf b;
	char now[21];
	enum fs_rc rc;

	fs_buf_init(&b, 4096);
	if (snapshot_json(prev, &b) != FS_OK) {
		fs_buf_release(&b);
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	}
	if (prev->version == 1) {
		rc = fs_store_stmt(db->store, FS_STMT_VERSION_FIRST, &s, err);
		if (rc == FS_OK) {
			fs_stmt_bind_text(s, 1, b.buf, b.len);
			fs_stmt_bind_i64(s, 2, prev->id);
			fs_stmt_bind_i64(s, 3, prev->id);
			rc = fs_stmt_exec(s, err);
		}
	} else {
		rc = fs_store_stmt(db->store, FS_STMT_VERSION_SUPERSEDE, &s,
		    err);
		if (rc == FS_OK) {
			fs_stmt_bind_text(s, 1, b.buf, b.len);
			fs_stmt_bind_i64(s, 2, prev->id);
			fs_stmt_bind_i64(s, 3, prev->version);
			rc = fs_stmt_exec(s, err);
		}
	}
	fs_buf_release(&b);
	if (rc != FS_OK)
		return rc;
	fs_db_now(now);
	rc = fs_store_stmt(db->store, FS_STMT_VERSION_INSERT, &s, err);
	if (rc == FS_OK) {
		fs_stmt_bind_i64(s, 1, d->id);
		fs_stmt_bind_i64(s, 2, d->version);
		fs_stmt_bind_str(s, 3, db->actor);
		fs_stmt_bind_str(s, 4, now);
		fs_stmt_bind_str(s, 5, why);
		rc = fs_stmt_exec(s, err);
	}
	return rc;
}

static enum fs_rc
find_by_key(struct fs_db *db, int64_t pid, int64_t insats_id, int32_t start,
    struct fs_deltagande *out, bool *found, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;

	rc = fs_store_stmt(db->store, FS_STMT_DELT_BY_KEY, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, pid);
	fs_stmt_bind_i64(s, 2, insats_id);
	fs_stmt_bind_date(s, 3, start);
	rc = fs_stmt_step(s, found, err);
	if (rc == FS_OK && *found)
		read_row(s, out);
	fs_stmt_reset(s);
	return rc;
}

/* Id of the open participation of pid in insats_id other than self. */
static enum fs_rc
find_open(struct fs_db *db, int64_t pid, int64_t insats_id, int64_t self,
    int64_t *id, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	*id = 0;
	rc = fs_store_stmt(db->store, FS_STMT_DELT_OPEN, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, pid);
	fs_stmt_bind_i64(s, 2, insats_id);
	for (;;) {
		rc = fs_stmt_step(s, &row, err);
		if (rc != FS_OK || !row)
			break;
		if (fs_stmt_col_i64(s, 0) != self)
			*id = fs_stmt_col_i64(s, 0);
	}
	fs_stmt_reset(s);
	return rc;
}

/*
 * The checks that need the database: a consent that covers the start,
 * no participation with the same key, no second open one.  A person
 * created through ref has one known consent and no participations.
 */
static enum fs_rc
check_against_db(struct fs_db *db, const struct fs_person_ref *ref,
    const struct fs_insats *i, const struct fs_deltagande *d,
    struct fs_err *err)
{
	const struct pentry *e = known(ref);
	struct fs_deltagande old;
	struct fs_stmt *s;
	int64_t other = 0;
	enum fs_rc rc = FS_OK;
	bool found, row;

	/* The consent waiting to go onto this row counts. */
	row = ref->pending != FS_DATE_NONE && ref->pending_insats == i->id &&
	    ref->pending <= d->startdatum;
	if (e != NULL) {
		row = row || known_consent(ref->cache, e, i->id, d->startdatum,
		    false);
		found = known_has_key(ref->cache, e, i->id, d->startdatum);
		if (d->slutdatum == FS_DATE_NONE &&
		    known_open(ref->cache, e, i->id))
			other = 1;
	} else {
		if (!row) {
			rc = fs_store_stmt(db->store, FS_STMT_SAMTYCKE_COVERS,
			    &s, err);
			if (rc != FS_OK)
				return rc;
			fs_stmt_bind_i64(s, 1, ref->id);
			fs_stmt_bind_i64(s, 2, i->id);
			fs_stmt_bind_date(s, 3, d->startdatum);
			rc = fs_stmt_step(s, &row, err);
			fs_stmt_reset(s);
		}
		if (rc == FS_OK)
			rc = find_by_key(db, ref->id, i->id, d->startdatum,
			    &old, &found, err);
		if (rc == FS_OK && d->slutdatum == FS_DATE_NONE)
			rc = find_open(db, ref->id, i->id, 0, &other, err);
		if (rc != FS_OK)
			return rc;
	}
	if (!row)
		return fs_err_set(err, FS_EINVAL, "samtycke_datum",
		    "inget samtycke för insatsen som gäller från startdatum");
	if (found)
		return fs_err_set(err, FS_ECONFLICT, "startdatum",
		    "personen har redan ett deltagande i insatsen med samma "
		    "startdatum");
	if (other != 0)
		return fs_err_set(err, FS_ECONFLICT, "startdatum",
		    "personen har redan ett pågående deltagande i insatsen; "
		    "registrera det som avslutat först");
	return FS_OK;
}

/* The checks of a registration, and the insert. */
static enum fs_rc
register_row(struct fs_db *db, const struct fs_pnr *pnr,
    struct fs_person_ref *ref, const struct fs_insats *i,
    struct fs_deltagande *d, int32_t samtycke, unsigned *warn,
    struct fs_err *err)
{
	struct fs_stmt *s;
	char now[21];
	enum fs_rc rc;

	rc = fs_deltagande_check(d, i, err);
	if (rc != FS_OK)
		return rc;
	if (d->startdatum < pnr->birth)
		return fs_err_set(err, FS_EINVAL, "startdatum",
		    "ligger före personens födelsedatum");
	rc = refuse_skyddad(ref, err);
	if (rc != FS_OK)
		return rc;
	if (ref->id == 0)
		return fs_err_set(err, FS_EINVAL, "samtycke_datum",
		    "samtycke saknas: registrera personens samtycke för "
		    "insatsen först, annars räknas personen anonymt");
	rc = check_against_db(db, ref, i, d, err);
	if (rc != FS_OK)
		return rc;
	d->insats_id = i->id;
	d->person_id = ref->id;
	d->avidentifierad = false;
	d->kon = pnr->kon;
	d->alder_start = fs_date_age(pnr->birth, d->startdatum);
	d->version = 1;
	if (warn != NULL && (d->alder_start < 16 || d->alder_start > 64))
		*warn |= FS_WARN_AGE;
	rc = fs_store_stmt(db->store, FS_STMT_DELT_INSERT, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, d->insats_id);
	fs_stmt_bind_i64(s, 2, ref->id);
	fs_stmt_bind_i64(s, 3, 0);
	fs_stmt_bind_text(s, 4, &d->kon, 1);
	fs_stmt_bind_i64(s, 5, d->alder_start);
	fs_stmt_bind_date(s, 6, d->startdatum);
	bind_fields(s, 7, d);
	fs_stmt_bind_i64(s, 19, d->version);
	fs_db_now(now);
	fs_stmt_bind_str(s, 20, db->actor);
	fs_stmt_bind_str(s, 21, now);
	fs_stmt_bind_date(s, 22, samtycke);
	rc = fs_stmt_exec(s, err);
	if (rc == FS_OK) {
		d->id = fs_store_last_id(db->store);
		known_add(ref, i->id, d->startdatum, samtycke,
		    d->slutdatum == FS_DATE_NONE);
	}
	return rc;
}

enum fs_rc
fs_deltagande_register_ref(struct fs_db *db, const struct fs_pnr *pnr,
    struct fs_person_ref *ref, const struct fs_insats *i,
    struct fs_deltagande *d, unsigned *warn, struct fs_err *err)
{
	struct fs_err ferr = FS_ERR_INIT;
	int32_t pending = ref->pending;
	enum fs_rc rc, frc;
	bool own = false;

	if (warn != NULL)
		*warn = 0;
	/* A pending consent of another insats is stored on its own. */
	if (pending != FS_DATE_NONE && ref->pending_insats != i->id)
		pending = FS_DATE_NONE;
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		return rc;
	rc = register_row(db, pnr, ref, i, d, pending, warn, err);
	/*
	 * A consent that did not go onto the row is stored on its own, as
	 * if it had been recorded first; a refusal stays the answer unless
	 * that fails too.
	 */
	if (ref->pending != FS_DATE_NONE && (rc != FS_OK ||
	    pending == FS_DATE_NONE)) {
		frc = consent_store(db, ref, ref->pending_insats,
		    ref->pending, FORMULAR_IMPORT, &ferr);
		if (frc != FS_OK) {
			rc = frc;
			if (err != NULL)
				*err = ferr;
		}
	}
	ref->pending = FS_DATE_NONE;
	/* A bulk operation marks the data changed once, at its end. */
	if (rc == FS_OK && !db->bulk)
		rc = fs_db_bump_generation(db, err);
	if (rc == FS_OK && !db->bulk)
		rc = fs_db_audit(db, "deltagande.registrera", "deltagande", 0,
		    i->id, "ok", NULL, err);
	return fs_db_tx_end(db, own, rc, err);
}

enum fs_rc
fs_deltagande_register(struct fs_db *db, const struct fs_pnr *pnr,
    const struct fs_insats *i, struct fs_deltagande *d, unsigned *warn,
    struct fs_err *err)
{
	struct fs_person_ref ref;
	enum fs_rc rc;

	rc = fs_person_lookup(db, pnr, &ref, err);
	if (rc == FS_OK)
		rc = fs_deltagande_register_ref(db, pnr, &ref, i, d, warn, err);
	return rc;
}

enum fs_rc
fs_deltagande_find_ref(struct fs_db *db, const struct fs_person_ref *ref,
    int64_t insats_id, int32_t startdatum, struct fs_deltagande *out,
    bool *found, struct fs_err *err)
{
	const struct pentry *e = known(ref);
	enum fs_rc rc;

	*found = false;
	if (ref->id == 0 || (e != NULL && !known_has_key(ref->cache, e,
	    insats_id, startdatum)))
		return FS_OK;
	rc = find_by_key(db, ref->id, insats_id, startdatum, out, found, err);
	/* A correction may follow, which the cache does not follow. */
	if (rc == FS_OK && *found)
		known_forget(ref);
	return rc;
}

enum fs_rc
fs_deltagande_find(struct fs_db *db, const struct fs_pnr *pnr,
    int64_t insats_id, int32_t startdatum, struct fs_deltagande *out,
    struct fs_err *err)
{
	struct fs_person_ref ref;
	enum fs_rc rc;
	bool found = false;

	rc = fs_person_lookup(db, pnr, &ref, err);
	if (rc == FS_OK)
		rc = fs_deltagande_find_ref(db, &ref, insats_id, startdatum,
		    out, &found, err);
	if (rc == FS_OK && !found)
		rc = fs_err_set(err, FS_ENOTFOUND, "personnummer",
		    "inget deltagande för personen i insatsen med det "
		    "startdatumet");
	return rc;
}

enum fs_rc
fs_deltagande_get(struct fs_db *db, int64_t id, struct fs_deltagande *out,
    struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	rc = fs_store_stmt(db->store, FS_STMT_DELT_GET, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, id);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && row)
		read_row(s, out);
	else if (rc == FS_OK)
		rc = fs_err_set(err, FS_ENOTFOUND, "deltagande",
		    "det finns inget sådant deltagande");
	fs_stmt_reset(s);
	return rc;
}

bool
fs_deltagande_same(const struct fs_deltagande *a, const struct fs_deltagande *b)
{
	return a->utbildning == b->utbildning &&
	    a->offentlig_forsorjning_tid == b->offentlig_forsorjning_tid &&
	    a->forsorjning_fore == b->forsorjning_fore &&
	    a->arbete_fore == b->arbete_fore &&
	    a->studier_fore == b->studier_fore &&
	    a->arbetssokande_fore == b->arbetssokande_fore &&
	    a->slutdatum == b->slutdatum &&
	    a->avslutsanledning == b->avslutsanledning &&
	    a->forsorjning_efter == b->forsorjning_efter &&
	    a->arbete_efter == b->arbete_efter &&
	    a->studier_efter == b->studier_efter &&
	    a->arbetssokande_efter == b->arbetssokande_efter;
}

/* Before/after of a change for the audit log: field sets, no identity. */
static enum fs_rc
audit_change(struct fs_db *db, const struct fs_deltagande *before,
    const struct fs_deltagande *after, struct fs_err *err)
{
	struct fs_buf b;
	char obj[32];
	enum fs_rc rc;

	fs_buf_init(&b, 8192);
	rc = fs_buf_addstr(&b, "{\"fore\":");
	if (rc == FS_OK)
		rc = snapshot_json(before, &b);
	if (rc == FS_OK)
		rc = fs_buf_addstr(&b, ",\"efter\":");
	if (rc == FS_OK)
		rc = snapshot_json(after, &b);
	if (rc == FS_OK)
		rc = fs_buf_addch(&b, '}');
	if (rc != FS_OK) {
		fs_buf_release(&b);
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	}
	snprintf(obj, sizeof(obj), "deltagande %lld", (long long)after->id);
	rc = fs_db_audit(db, "deltagande.andra", obj, 0, after->insats_id, "ok",
	    b.buf, err);
	fs_buf_release(&b);
	return rc;
}

enum fs_rc
fs_deltagande_correct(struct fs_db *db, struct fs_deltagande *d,
    int expected_version, const char *why, bool *changed, struct fs_err *err)
{
	struct fs_deltagande cur;
	struct fs_insats ins;
	struct fs_stmt *s;
	int64_t other;
	enum fs_rc rc;
	bool own = false;

	if (changed != NULL)
		*changed = false;
	if (why == NULL || why[0] == '\0')
		return fs_err_set(err, FS_EINVAL, "orsak",
		    "en ändring måste ha en orsak");
	if (strlen(why) > WHY_MAX)
		return fs_err_set(err, FS_EINVAL, "orsak",
		    "får vara högst %d tecken", WHY_MAX);
	rc = fs_deltagande_get(db, d->id, &cur, err);
	if (rc != FS_OK)
		return rc;
	if (expected_version != 0 && expected_version != cur.version)
		return fs_err_set(err, FS_ECONFLICT, "version",
		    "deltagandet har ändrats av någon annan (nu version %d); "
		    "läs om det och gör ändringen igen", cur.version);
	if (cur.avslutsanledning == FS_AVSLUT_FELREGISTRERING)
		return fs_err_set(err, FS_EINVAL, "avslutsanledning",
		    "ett felregistrerat deltagande kan inte ändras");
	if (d->insats_id != cur.insats_id)
		return fs_err_set(err, FS_EINVAL, "insats_kod",
		    "insatsen kan inte ändras; markera felregistrering och "
		    "registrera på nytt");
	if (d->startdatum != cur.startdatum)
		return fs_err_set(err, FS_EINVAL, "startdatum",
		    "startdatum kan inte ändras; markera felregistrering och "
		    "registrera på nytt");
	fs_insats_init(&ins);
	rc = fs_insats_get(db, cur.insats_id, &ins, err);
	if (rc == FS_OK)
		rc = fs_deltagande_check(d, &ins, err);
	fs_insats_release(&ins);
	if (rc != FS_OK)
		return rc;
	if (fs_deltagande_same(d, &cur)) {
		*d = cur;
		return FS_OK;
	}
	if (d->slutdatum == FS_DATE_NONE && cur.slutdatum != FS_DATE_NONE &&
	    cur.person_id != 0) {
		rc = find_open(db, cur.person_id, cur.insats_id, cur.id, &other,
		    err);
		if (rc != FS_OK)
			return rc;
		if (other != 0)
			return fs_err_set(err, FS_ECONFLICT, "slutdatum",
			    "personen har redan ett annat pågående deltagande "
			    "i insatsen");
	}
	/* Identity and derived fields come from the stored row. */
	d->person_id = cur.person_id;
	d->avidentifierad = cur.avidentifierad;
	d->kon = cur.kon;
	d->alder_start = cur.alder_start;
	d->version = cur.version + 1;
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_store_stmt(db->store, FS_STMT_DELT_UPDATE, &s, err);
	if (rc == FS_OK) {
		bind_fields(s, 1, d);
		fs_stmt_bind_i64(s, 13, d->version);
		fs_stmt_bind_i64(s, 14, d->id);
		rc = fs_stmt_exec(s, err);
	}
	if (rc == FS_OK)
		rc = add_version(db, d, &cur, why, err);
	if (rc == FS_OK && !db->bulk)
		rc = fs_db_bump_generation(db, err);
	if (rc == FS_OK && !db->bulk)
		rc = audit_change(db, &cur, d, err);
	rc = fs_db_tx_end(db, own, rc, err);
	if (rc == FS_OK && changed != NULL)
		*changed = true;
	return rc;
}

/* ---- history ---- */

static void
json_code(json_t *o, const char *key, enum fs_list l, int *dst)
{
	json_t *v = json_object_get(o, key);

	*dst = json_is_string(v) ? fs_code_find(l, json_string_value(v),
	    strlen(json_string_value(v))) : 0;
	if (*dst < 0)
		*dst = 0;
}

static void
json_int(json_t *o, const char *key, int none, int *dst)
{
	json_t *v = json_object_get(o, key);

	*dst = json_is_integer(v) ? (int)json_integer_value(v) : none;
}

static void
json_set(json_t *o, const char *key, uint32_t *dst)
{
	json_t *a = json_object_get(o, key), *v;
	size_t k;
	int c;

	*dst = 0;
	json_array_foreach(a, k, v) {
		if (!json_is_string(v))
			continue;
		c = fs_code_find(FS_LIST_FORSORJNING, json_string_value(v),
		    strlen(json_string_value(v)));
		if (c > 0)
			*dst |= 1u << c;
	}
}

static void
json_date(json_t *o, const char *key, int32_t *dst)
{
	json_t *v = json_object_get(o, key);

	*dst = FS_DATE_NONE;
	if (json_is_string(v) && fs_parse_date(json_string_value(v),
	    strlen(json_string_value(v)), dst, NULL, NULL) != FS_OK)
		*dst = FS_DATE_NONE;
}

static enum fs_rc
parse_snapshot(const char *p, size_t len, struct fs_deltagande *d,
    struct fs_err *err)
{
	json_error_t jerr;
	json_t *o = json_loadb(p, len, 0, &jerr);

	if (o == NULL)
		return fs_err_set(err, FS_EDB, NULL,
		    "intern: versionsdata går inte att läsa");
	json_date(o, "startdatum", &d->startdatum);
	json_code(o, "utbildning", FS_LIST_UTBILDNING, &d->utbildning);
	json_code(o, "offentlig_forsorjning_tid", FS_LIST_FORSORJNING_TID,
	    &d->offentlig_forsorjning_tid);
	json_set(o, "forsorjning_fore", &d->forsorjning_fore);
	json_int(o, "arbete_fore", FS_PCT_NONE, &d->arbete_fore);
	json_int(o, "studier_fore", FS_PCT_NONE, &d->studier_fore);
	json_int(o, "arbetssokande_fore", FS_BOOL_NONE,
	    &d->arbetssokande_fore);
	json_date(o, "slutdatum", &d->slutdatum);
	json_code(o, "avslutsanledning", FS_LIST_AVSLUT, &d->avslutsanledning);
	json_set(o, "forsorjning_efter", &d->forsorjning_efter);
	json_int(o, "arbete_efter", FS_PCT_NONE, &d->arbete_efter);
	json_int(o, "studier_efter", FS_PCT_NONE, &d->studier_efter);
	json_int(o, "arbetssokande_efter", FS_BOOL_NONE,
	    &d->arbetssokande_efter);
	json_decref(o);
	return FS_OK;
}

void
fs_version_list_free(struct fs_version *v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t k = 0; k < n; k++) {
		free(v[k].andrad_av);
		free(v[k].orsak);
	}
	free(v);
}

/* The one version of a participation that was never corrected. */
static enum fs_rc
only_version(struct fs_db *db, const struct fs_deltagande *cur,
    struct fs_version **out, size_t *n, struct fs_err *err)
{
	struct fs_version *v;
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	rc = fs_store_stmt(db->store, FS_STMT_DELT_REGISTERED, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, cur->id);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && row) {
		v = fs_calloc(1, sizeof(*v));
		if (v == NULL)
			rc = fs_err_set(err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
		else {
			v->version = cur->version;
			v->data = *cur;
			v->andrad_av = fs_strdup(fs_stmt_col_text(s, 0, NULL));
			snprintf(v->andrad_tid, sizeof(v->andrad_tid), "%s",
			    fs_stmt_col_text(s, 1, NULL));
			*out = v;
			*n = 1;
			if (v->andrad_av == NULL)
				rc = fs_err_set(err, FS_ENOMEM, NULL,
				    "minnet räcker inte");
		}
	}
	fs_stmt_reset(s);
	return rc;
}

enum fs_rc
fs_deltagande_history(struct fs_db *db, int64_t id, struct fs_version **out,
    size_t *n, struct fs_err *err)
{
	struct fs_deltagande cur;
	struct fs_version *v = NULL, *grown;
	struct fs_stmt *s;
	size_t cnt = 0, len;
	const char *t;
	enum fs_rc rc;
	bool row;

	*out = NULL;
	*n = 0;
	rc = fs_deltagande_get(db, id, &cur, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_store_stmt(db->store, FS_STMT_VERSION_LIST, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, id);
	for (;;) {
		rc = fs_stmt_step(s, &row, err);
		if (rc != FS_OK || !row)
			break;
		grown = fs_reallocarray(v, cnt + 1, sizeof(*v));
		if (grown == NULL) {
			rc = fs_err_set(err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
			break;
		}
		v = grown;
		memset(&v[cnt], 0, sizeof(v[cnt]));
		cnt++;
		v[cnt - 1].data = cur;
		v[cnt - 1].version = (int)fs_stmt_col_i64(s, 0);
		v[cnt - 1].andrad_av = fs_strdup(fs_stmt_col_text(s, 1, NULL));
		snprintf(v[cnt - 1].andrad_tid, sizeof(v[cnt - 1].andrad_tid),
		    "%s", fs_stmt_col_text(s, 2, NULL));
		if (!fs_stmt_col_null(s, 3))
			v[cnt - 1].orsak = fs_strdup(fs_stmt_col_text(s, 3,
			    NULL));
		/* The current version's fields are the row itself. */
		if (fs_stmt_col_null(s, 4))
			rc = FS_OK;
		else {
			t = fs_stmt_col_text(s, 4, &len);
			rc = parse_snapshot(t, len, &v[cnt - 1].data, err);
		}
		v[cnt - 1].data.version = v[cnt - 1].version;
		if (rc == FS_OK && v[cnt - 1].andrad_av == NULL)
			rc = fs_err_set(err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
		if (rc != FS_OK)
			break;
	}
	fs_stmt_reset(s);
	if (rc == FS_OK && cnt == 0)
		rc = only_version(db, &cur, &v, &cnt, err);
	if (rc != FS_OK) {
		fs_version_list_free(v, cnt);
		return rc;
	}
	*out = v;
	*n = cnt;
	return FS_OK;
}

static enum fs_rc
read_listed(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	(void)arg;
	(void)err;
	read_row(s, elem);
	return FS_OK;
}

enum fs_rc
fs_deltagande_of_person(struct fs_db *db, const struct fs_pnr *pnr,
    struct fs_deltagande **out, size_t *n, struct fs_err *err)
{
	struct fs_person_ref ref;
	struct fs_stmt *s;
	void *v;
	enum fs_rc rc;

	*out = NULL;
	*n = 0;
	rc = fs_person_lookup(db, pnr, &ref, err);
	if (rc != FS_OK || ref.id == 0)
		return rc;
	rc = fs_store_stmt(db->store, FS_STMT_DELT_BY_PERSON, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, ref.id);
	rc = fs_stmt_collect(s, sizeof(**out), read_listed, NULL, &v, n, err);
	if (rc != FS_OK) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return FS_OK;
}

/* ---- de-identification ---- */

static enum fs_rc
exec_with_id(struct fs_db *db, enum fs_stmt_id id, int64_t v,
    struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;

	rc = fs_store_stmt(db->store, id, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, v);
	return fs_stmt_exec(s, err);
}

enum fs_rc
fs_person_deidentify(struct fs_db *db, const struct fs_pnr *pnr,
    enum fs_deident_reason why, size_t *n, struct fs_err *err)
{
	unsigned char hash[FS_PNR_HASH_LEN];
	struct fs_stmt *s;
	char now[21], details[96];
	int64_t pid;
	enum fs_rc rc;
	bool own = false;

	*n = 0;
	if (why != FS_DEIDENT_SAMTYCKE_ATERKALLAT &&
	    why != FS_DEIDENT_SKYDDAD_IDENTITET)
		return fs_err_set(err, FS_EINVAL, "orsak",
		    "måste vara samtycke_aterkallat eller skyddad_identitet");
	fs_keys_pnr_hash(db->keys, pnr->digits, hash);
	rc = person_find(db, hash, &pid, err);
	if (rc != FS_OK)
		return rc;
	if (pid == 0 && why == FS_DEIDENT_SAMTYCKE_ATERKALLAT)
		return fs_err_set(err, FS_ENOTFOUND, "personnummer",
		    "det finns inga uppgifter om personen");
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		return rc;
	if (pid != 0) {
		/* Free text first, while the rows still link the person. */
		rc = exec_with_id(db, FS_STMT_VERSION_SCRUB, pid, err);
		if (rc == FS_OK)
			rc = exec_with_id(db, FS_STMT_DELT_DEIDENTIFY, pid, err);
		if (rc == FS_OK) {
			*n = (size_t)fs_store_changes(db->store);
			rc = exec_with_id(db, FS_STMT_SAMTYCKE_DELETE_PERSON,
			    pid, err);
		}
		if (rc == FS_OK)
			rc = exec_with_id(db, FS_STMT_PERSON_DELETE, pid, err);
		if (rc == FS_OK)
			rc = fs_db_bump_generation(db, err);
	}
	if (rc == FS_OK && why == FS_DEIDENT_SKYDDAD_IDENTITET) {
		fs_db_now(now);
		rc = fs_store_stmt(db->store, FS_STMT_SKYDDAD_INSERT, &s, err);
		if (rc == FS_OK) {
			fs_stmt_bind_blob(s, 1, hash, sizeof(hash));
			fs_stmt_bind_str(s, 2, now);
			rc = fs_stmt_exec(s, err);
		}
	}
	if (rc == FS_OK) {
		snprintf(details, sizeof(details),
		    "{\"orsak\":\"%s\",\"deltaganden\":%zu}",
		    why == FS_DEIDENT_SKYDDAD_IDENTITET ? "skyddad_identitet" :
		    "samtycke_aterkallat", *n);
		rc = fs_db_audit(db, "person.avidentifiera", "person", 0, 0,
		    "ok", details, err);
	}
	return fs_db_tx_end(db, own, rc, err);
}

/* ---- anonymous and count-only figures ---- */

static int
year_of(int32_t day)
{
	int y, m, d;

	fs_date_to_ymd(day, &y, &m, &d);
	return y;
}

enum fs_rc
fs_anonyma_set(struct fs_db *db, const struct fs_insats *i, int ar,
    int64_t kvinnor, int64_t man, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;

	if (i->uppfoljning != FS_UPPF_INDIVID)
		return fs_err_set(err, FS_EINVAL, "insats_kod",
		    "anonyma deltagare registreras bara i insatser som följs "
		    "upp per deltagare; ange antal i stället");
	if (ar < year_of(i->startdatum) ||
	    (i->slutdatum != FS_DATE_NONE && ar > year_of(i->slutdatum)))
		return fs_err_set(err, FS_EINVAL, "ar",
		    "året ligger utanför insatsens period");
	if (kvinnor < 0 || kvinnor > 1000000)
		return fs_err_set(err, FS_EINVAL, "kvinnor",
		    "måste vara ett heltal 0–1 000 000");
	if (man < 0 || man > 1000000)
		return fs_err_set(err, FS_EINVAL, "man",
		    "måste vara ett heltal 0–1 000 000");
	rc = fs_store_stmt(db->store, FS_STMT_ANONYMA_UPSERT, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, i->id);
	fs_stmt_bind_i64(s, 2, ar);
	fs_stmt_bind_i64(s, 3, kvinnor);
	fs_stmt_bind_i64(s, 4, man);
	rc = fs_stmt_exec(s, err);
	if (rc == FS_OK && !db->bulk)
		rc = fs_db_audit(db, "anonyma.ange", "anonyma", i->forbund_id,
		    i->id, "ok", NULL, err);
	return rc;
}

enum fs_rc
fs_antal_set(struct fs_db *db, const struct fs_insats *i, const char *period,
    int64_t totalt, int64_t kvinnor, int64_t man, struct fs_err *err)
{
	struct fs_stmt *s;
	int32_t first, last;
	size_t plen = period == NULL ? 0 : strlen(period);
	int64_t y, m = 0;
	enum fs_rc rc;

	if (i->uppfoljning != FS_UPPF_ANTAL)
		return fs_err_set(err, FS_EINVAL, "insats_kod",
		    "antal anges bara för insatser som följs upp med antal");
	if ((plen != 4 && plen != 7) ||
	    fs_parse_i64(period, 4, 1900, 2999, &y, "period", NULL) != FS_OK ||
	    (plen == 7 && (period[4] != '-' ||
	    fs_parse_i64(period + 5, 2, 1, 12, &m, "period", NULL) != FS_OK)))
		return fs_err_set(err, FS_EINVAL, "period",
		    "måste vara ett år (ÅÅÅÅ) eller en månad (ÅÅÅÅ-MM)");
	first = fs_date_from_ymd((int)y, m == 0 ? 1 : (int)m, 1);
	last = m == 0 ? fs_date_from_ymd((int)y, 12, 31) :
	    fs_date_from_ymd(m == 12 ? (int)y + 1 : (int)y,
	    m == 12 ? 1 : (int)m + 1, 1) - 1;
	if (last < i->startdatum ||
	    (i->slutdatum != FS_DATE_NONE && first > i->slutdatum))
		return fs_err_set(err, FS_EINVAL, "period",
		    "perioden ligger utanför insatsens period");
	if (totalt < 0 || totalt > 10000000)
		return fs_err_set(err, FS_EINVAL, "totalt",
		    "måste vara ett heltal 0–10 000 000");
	if (kvinnor < -1 || kvinnor > totalt)
		return fs_err_set(err, FS_EINVAL, "kvinnor",
		    "måste vara ett heltal 0–totalt");
	if (man < -1 || man > totalt)
		return fs_err_set(err, FS_EINVAL, "man",
		    "måste vara ett heltal 0–totalt");
	if (kvinnor >= 0 && man >= 0 && kvinnor + man != totalt)
		return fs_err_set(err, FS_EINVAL, "totalt",
		    "kvinnor och män tillsammans måste bli totalt");
	rc = fs_store_stmt(db->store, FS_STMT_ANTAL_UPSERT, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, i->id);
	fs_stmt_bind_str(s, 2, period);
	fs_stmt_bind_i64(s, 3, totalt);
	bind_opt_int(s, 4, (int)kvinnor, -1);
	bind_opt_int(s, 5, (int)man, -1);
	rc = fs_stmt_exec(s, err);
	if (rc == FS_OK && !db->bulk)
		rc = fs_db_audit(db, "antal.ange", period, i->forbund_id,
		    i->id, "ok", NULL, err);
	return rc;
}
