/* SPDX-License-Identifier: ISC */
/*
 * Förbund and dated memberships (domain.md "Parties, members, förbund").
 * Owns the rules: a real organisationsnummer, kommuner that exist, FK
 * and AF always members, the region of every län involved, memberships
 * that start and end on dates, and the home län used by län-level
 * reports (the län of most of the current kommuner; ties go to the
 * lowest län code).
 */
#include "compat.h"

#include "finsam/alloc.h"
#include "finsam/codes.h"
#include "finsam/forbund.h"
#include "finsam/parse.h"
#include "finsam/pnr.h"
#include "finsam/store.h"

#define KOD_MAX 32

void
fs_forbund_init(struct fs_forbund *f)
{
	memset(f, 0, sizeof(*f));
	f->startdatum = FS_DATE_NONE;
	f->slutdatum = FS_DATE_NONE;
}

void
fs_forbund_release(struct fs_forbund *f)
{
	free(f->kod);
	free(f->namn);
	fs_forbund_init(f);
}

static enum fs_rc
read_row(struct fs_stmt *s, struct fs_forbund *f, struct fs_err *err)
{
	size_t len;
	const char *t;

	fs_forbund_release(f);
	f->id = fs_stmt_col_i64(s, 0);
	f->kod = fs_strdup(fs_stmt_col_text(s, 1, NULL));
	f->namn = fs_strdup(fs_stmt_col_text(s, 2, NULL));
	t = fs_stmt_col_text(s, 3, &len);
	snprintf(f->organisationsnummer, sizeof(f->organisationsnummer), "%s",
	    t);
	f->startdatum = fs_stmt_col_date(s, 4);
	f->slutdatum = fs_stmt_col_date(s, 5);
	snprintf(f->hemlan, sizeof(f->hemlan), "%s", fs_stmt_col_text(s, 6,
	    NULL));
	if (f->kod == NULL || f->namn == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	return FS_OK;
}

static enum fs_rc
get_by(struct fs_db *db, enum fs_stmt_id id, const char *kod, int64_t key,
    struct fs_forbund *out, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	rc = fs_store_stmt(db->store, id, &s, err);
	if (rc != FS_OK)
		return rc;
	if (kod != NULL)
		fs_stmt_bind_str(s, 1, kod);
	else
		fs_stmt_bind_i64(s, 1, key);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && !row)
		rc = fs_err_set(err, FS_ENOTFOUND, "forbund",
		    "det finns inget förbund med den koden");
	else if (rc == FS_OK)
		rc = read_row(s, out, err);
	fs_stmt_reset(s);
	return rc;
}

enum fs_rc
fs_forbund_get_kod(struct fs_db *db, const char *kod, struct fs_forbund *out,
    struct fs_err *err)
{
	return get_by(db, FS_STMT_FORBUND_BY_KOD, kod, 0, out, err);
}

enum fs_rc
fs_forbund_get(struct fs_db *db, int64_t id, struct fs_forbund *out,
    struct fs_err *err)
{
	return get_by(db, FS_STMT_FORBUND_GET, NULL, id, out, err);
}

enum fs_rc
fs_kommun_check(struct fs_db *db, const char *p, size_t len, char lan[3],
    const char *field, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	if (len != 4 || strspn(p, "0123456789") < 4)
		return fs_err_set(err, FS_EINVAL, field,
		    "en kommunkod har fyra siffror");
	rc = fs_store_stmt(db->store, FS_STMT_KOMMUN_GET, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_text(s, 1, p, len);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && !row)
		rc = fs_err_set(err, FS_EINVAL, field,
		    "kommunkoden %.*s finns inte bland Sveriges 290 kommuner",
		    (int)len, p);
	else if (rc == FS_OK && lan != NULL)
		snprintf(lan, 3, "%s", fs_stmt_col_text(s, 3, NULL));
	fs_stmt_reset(s);
	return rc;
}

static enum fs_rc
check_fields(const struct fs_forbund *f, struct fs_err *err)
{
	char org[12];
	enum fs_rc rc;

	if (f->kod == NULL || f->kod[0] == '\0')
		return fs_err_set(err, FS_EINVAL, "forbund_kod",
		    "måste anges");
	if (strlen(f->kod) > KOD_MAX || strpbrk(f->kod, " \t,;|") != NULL)
		return fs_err_set(err, FS_EINVAL, "forbund_kod",
		    "högst %d tecken utan mellanslag, komma, semikolon eller "
		    "|", KOD_MAX);
	if (f->namn == NULL || f->namn[0] == '\0')
		return fs_err_set(err, FS_EINVAL, "namn", "måste anges");
	rc = fs_orgnr_parse(f->organisationsnummer,
	    strlen(f->organisationsnummer), org, "organisationsnummer", err);
	if (rc != FS_OK)
		return rc;
	if (f->startdatum == FS_DATE_NONE)
		return fs_err_set(err, FS_EINVAL, "startdatum", "måste anges");
	if (f->slutdatum != FS_DATE_NONE && f->slutdatum < f->startdatum)
		return fs_err_set(err, FS_EINVAL, "slutdatum",
		    "får inte ligga före startdatum");
	return FS_OK;
}

static enum fs_rc
add_member(struct fs_db *db, int64_t fid, const char *typ, const char *kod,
    int32_t fran, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;

	rc = fs_store_stmt(db->store, FS_STMT_MEDLEM_INSERT, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, fid);
	fs_stmt_bind_str(s, 2, typ);
	fs_stmt_bind_str(s, 3, kod);
	fs_stmt_bind_date(s, 4, fran);
	fs_stmt_bind_null(s, 5);
	return fs_stmt_exec(s, err);
}

/* The most common län among n kommuner' län codes (ties: lowest). */
static void
majority_lan(char (*lans)[3], size_t n, char out[3])
{
	size_t best = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t c = 0;

		for (size_t j = 0; j < n; j++)
			if (strcmp(lans[i], lans[j]) == 0)
				c++;
		if (c > best || (c == best && strcmp(lans[i], out) < 0)) {
			best = c;
			memcpy(out, lans[i], 3);
		}
	}
}

enum fs_rc
fs_forbund_create(struct fs_db *db, struct fs_forbund *f,
    const char *const *kommuner, size_t n, struct fs_err *err)
{
	char (*lans)[3] = NULL;
	struct fs_stmt *s;
	struct fs_forbund old;
	enum fs_rc rc;
	bool own = false;

	fs_forbund_init(&old);
	rc = check_fields(f, err);
	if (rc != FS_OK)
		return rc;
	if (n == 0)
		return fs_err_set(err, FS_EINVAL, "kommuner",
		    "minst en medlemskommun måste anges");
	lans = fs_calloc(n, sizeof(*lans));
	if (lans == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	for (size_t i = 0; i < n; i++) {
		rc = fs_kommun_check(db, kommuner[i], strlen(kommuner[i]),
		    lans[i], "kommuner", err);
		if (rc != FS_OK)
			goto out;
		for (size_t j = 0; j < i; j++)
			if (strcmp(kommuner[i], kommuner[j]) == 0) {
				rc = fs_err_set(err, FS_EINVAL, "kommuner",
				    "kommunen %s står med två gånger",
				    kommuner[i]);
				goto out;
			}
	}
	rc = fs_forbund_get_kod(db, f->kod, &old, NULL);
	if (rc == FS_OK) {
		rc = fs_err_set(err, FS_ECONFLICT, "forbund_kod",
		    "det finns redan ett förbund med den koden");
		goto out;
	}
	majority_lan(lans, n, f->hemlan);
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		goto out;
	rc = fs_store_stmt(db->store, FS_STMT_FORBUND_INSERT, &s, err);
	if (rc != FS_OK)
		goto tx;
	fs_stmt_bind_str(s, 1, f->kod);
	fs_stmt_bind_str(s, 2, f->namn);
	fs_stmt_bind_str(s, 3, f->organisationsnummer);
	fs_stmt_bind_date(s, 4, f->startdatum);
	fs_stmt_bind_date(s, 5, f->slutdatum);
	fs_stmt_bind_str(s, 6, f->hemlan);
	rc = fs_stmt_exec(s, err);
	if (rc != FS_OK)
		goto tx;
	f->id = fs_store_last_id(db->store);
	rc = add_member(db, f->id, "fk", "FK", f->startdatum, err);
	if (rc == FS_OK)
		rc = add_member(db, f->id, "af", "AF", f->startdatum, err);
	for (size_t i = 0; rc == FS_OK && i < n; i++) {
		bool seen = false;

		for (size_t j = 0; j < i; j++)
			if (strcmp(lans[i], lans[j]) == 0)
				seen = true;
		if (!seen)
			rc = add_member(db, f->id, "region", lans[i],
			    f->startdatum, err);
	}
	for (size_t i = 0; rc == FS_OK && i < n; i++)
		rc = add_member(db, f->id, "kommun", kommuner[i],
		    f->startdatum, err);
	if (rc == FS_OK)
		rc = fs_db_audit(db, "forbund.skapa", f->kod, f->id, 0, "ok",
		    NULL, err);
tx:
	rc = fs_db_tx_end(db, own, rc, err);
out:
	fs_forbund_release(&old);
	free(lans);
	return rc;
}

enum fs_rc
fs_forbund_update(struct fs_db *db, const struct fs_forbund *f,
    struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;

	rc = check_fields(f, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_store_stmt(db->store, FS_STMT_FORBUND_UPDATE, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_str(s, 1, f->namn);
	fs_stmt_bind_str(s, 2, f->organisationsnummer);
	fs_stmt_bind_date(s, 3, f->startdatum);
	fs_stmt_bind_date(s, 4, f->slutdatum);
	fs_stmt_bind_str(s, 5, f->hemlan[0] == '\0' ? NULL : f->hemlan);
	fs_stmt_bind_i64(s, 6, f->id);
	rc = fs_stmt_exec(s, err);
	/* Reports carry the förbund's name and group by its home län. */
	if (rc == FS_OK)
		rc = fs_db_bump_generation(db, err);
	if (rc == FS_OK)
		rc = fs_db_audit(db, "forbund.andra", f->kod, f->id, 0, "ok",
		    NULL, err);
	return rc;
}

static enum fs_rc
read_kommun(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	(void)arg;
	(void)err;
	snprintf(elem, 5, "%s", fs_stmt_col_text(s, 0, NULL));
	return FS_OK;
}

enum fs_rc
fs_forbund_kommuner_on(struct fs_db *db, int64_t forbund_id, int32_t day,
    char (**out)[5], size_t *n, struct fs_err *err)
{
	struct fs_stmt *s;
	void *v;
	enum fs_rc rc;

	*out = NULL;
	*n = 0;
	rc = fs_store_stmt(db->store, FS_STMT_MEDLEM_KOMMUNER_ON, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, forbund_id);
	fs_stmt_bind_date(s, 2, day);
	fs_stmt_bind_date(s, 3, day);
	rc = fs_stmt_collect(s, sizeof(**out), read_kommun, NULL, &v, n, err);
	if (rc != FS_OK) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return FS_OK;
}

static enum fs_rc
read_member(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	struct fs_medlem *m = elem;
	const char *t;
	size_t len;

	(void)arg;
	(void)err;
	m->id = fs_stmt_col_i64(s, 0);
	t = fs_stmt_col_text(s, 1, &len);
	m->parttyp = fs_code_find(FS_LIST_PARTTYP, t, len);
	snprintf(m->kod, sizeof(m->kod), "%s", fs_stmt_col_text(s, 2, NULL));
	m->fran = fs_stmt_col_date(s, 3);
	m->till = fs_stmt_col_date(s, 4);
	return FS_OK;
}

enum fs_rc
fs_forbund_members(struct fs_db *db, int64_t forbund_id,
    struct fs_medlem **out, size_t *n, struct fs_err *err)
{
	struct fs_stmt *s;
	void *v;
	enum fs_rc rc;

	*out = NULL;
	*n = 0;
	rc = fs_store_stmt(db->store, FS_STMT_MEDLEM_LIST, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, forbund_id);
	rc = fs_stmt_collect(s, sizeof(**out), read_member, NULL, &v, n, err);
	if (rc != FS_OK) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return FS_OK;
}

/*
 * Set the home län from the kommuner that are members on day: the län
 * of most of them, so that län-level reports follow a förbund whose
 * area changes.
 */
static enum fs_rc
update_hemlan(struct fs_db *db, int64_t forbund_id, int32_t day,
    struct fs_err *err)
{
	char (*k)[5] = NULL, (*lans)[3] = NULL, hemlan[3] = "";
	struct fs_stmt *s;
	size_t n = 0;
	enum fs_rc rc;

	rc = fs_forbund_kommuner_on(db, forbund_id, day, &k, &n, err);
	if (rc != FS_OK || n == 0)
		goto out;
	lans = fs_calloc(n, sizeof(*lans));
	if (lans == NULL) {
		rc = fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
		goto out;
	}
	for (size_t i = 0; rc == FS_OK && i < n; i++)
		rc = fs_kommun_check(db, k[i], 4, lans[i], "kommun", err);
	if (rc != FS_OK)
		goto out;
	majority_lan(lans, n, hemlan);
	rc = fs_store_stmt(db->store, FS_STMT_FORBUND_SET_HEMLAN, &s, err);
	if (rc == FS_OK) {
		fs_stmt_bind_str(s, 1, hemlan);
		fs_stmt_bind_i64(s, 2, forbund_id);
		rc = fs_stmt_exec(s, err);
	}
	/* Län-level reports change with the home län. */
	if (rc == FS_OK)
		rc = fs_db_bump_generation(db, err);
out:
	free(k);
	free(lans);
	return rc;
}

enum fs_rc
fs_forbund_join(struct fs_db *db, int64_t forbund_id, const char *kommun,
    int32_t fran, struct fs_err *err)
{
	struct fs_medlem *m = NULL;
	struct fs_forbund f;
	size_t n = 0;
	char lan[3];
	enum fs_rc rc;
	bool own = false, region = false;

	fs_forbund_init(&f);
	rc = fs_kommun_check(db, kommun, strlen(kommun), lan, "kommun", err);
	if (rc != FS_OK)
		return rc;
	rc = fs_forbund_get(db, forbund_id, &f, err);
	if (rc != FS_OK)
		goto out;
	if (fran < f.startdatum) {
		rc = fs_err_set(err, FS_EINVAL, "fran",
		    "får inte ligga före förbundets startdatum");
		goto out;
	}
	rc = fs_forbund_members(db, forbund_id, &m, &n, err);
	if (rc != FS_OK)
		goto out;
	for (size_t i = 0; i < n; i++) {
		bool open_on = m[i].till == FS_DATE_NONE || m[i].till >= fran;

		if (m[i].parttyp == FS_PART_KOMMUN &&
		    strcmp(m[i].kod, kommun) == 0 && open_on) {
			rc = fs_err_set(err, FS_ECONFLICT, "kommun",
			    "kommunen är redan medlem från det datumet");
			goto out;
		}
		if (m[i].parttyp == FS_PART_REGION &&
		    strcmp(m[i].kod, lan) == 0 && open_on)
			region = true;
	}
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		goto out;
	rc = add_member(db, forbund_id, "kommun", kommun, fran, err);
	if (rc == FS_OK && !region)
		rc = add_member(db, forbund_id, "region", lan, fran, err);
	if (rc == FS_OK)
		rc = update_hemlan(db, forbund_id, fs_date_today(), err);
	if (rc == FS_OK)
		rc = fs_db_audit(db, "forbund.medlem_in", kommun, forbund_id,
		    0, "ok", NULL, err);
	rc = fs_db_tx_end(db, own, rc, err);
out:
	free(m);
	fs_forbund_release(&f);
	return rc;
}

enum fs_rc
fs_forbund_leave(struct fs_db *db, int64_t forbund_id, const char *kommun,
    int32_t till, struct fs_err *err)
{
	struct fs_medlem *m = NULL;
	struct fs_stmt *s;
	size_t n = 0;
	int64_t mid = 0;
	enum fs_rc rc;
	bool own = false;

	rc = fs_kommun_check(db, kommun, strlen(kommun), NULL, "kommun", err);
	if (rc != FS_OK)
		return rc;
	rc = fs_forbund_members(db, forbund_id, &m, &n, err);
	if (rc != FS_OK)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (m[i].parttyp == FS_PART_KOMMUN &&
		    strcmp(m[i].kod, kommun) == 0 && m[i].till == FS_DATE_NONE) {
			mid = m[i].id;
			if (till < m[i].fran) {
				free(m);
				return fs_err_set(err, FS_EINVAL, "till",
				    "får inte ligga före medlemskapets början");
			}
		}
	free(m);
	if (mid == 0)
		return fs_err_set(err, FS_ENOTFOUND, "kommun",
		    "kommunen har inget pågående medlemskap i förbundet");
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_store_stmt(db->store, FS_STMT_MEDLEM_END, &s, err);
	if (rc == FS_OK) {
		fs_stmt_bind_date(s, 1, till);
		fs_stmt_bind_i64(s, 2, mid);
		rc = fs_stmt_exec(s, err);
	}
	if (rc == FS_OK)
		rc = update_hemlan(db, forbund_id, fs_date_today(), err);
	if (rc == FS_OK)
		rc = fs_db_audit(db, "forbund.medlem_ut", kommun, forbund_id,
		    0, "ok", NULL, err);
	return fs_db_tx_end(db, own, rc, err);
}

void
fs_forbund_list_free(struct fs_forbund *v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		fs_forbund_release(&v[i]);
	free(v);
}

static enum fs_rc
read_listed(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	(void)arg;
	fs_forbund_init(elem);
	return read_row(s, elem, err);
}

enum fs_rc
fs_forbund_list(struct fs_db *db, struct fs_forbund **out, size_t *n,
    struct fs_err *err)
{
	struct fs_stmt *s;
	void *v;
	enum fs_rc rc;

	*out = NULL;
	*n = 0;
	rc = fs_store_stmt(db->store, FS_STMT_FORBUND_LIST, &s, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_stmt_collect(s, sizeof(**out), read_listed, NULL, &v, n, err);
	if (rc != FS_OK) {
		fs_forbund_list_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return FS_OK;
}
