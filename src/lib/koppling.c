/* SPDX-License-Identifier: ISC */
/*
 * Linkage projects (koppling.h): creating them with a random salt, the
 * per-project pseudonymisation key (derived from the installation key
 * and the salt, never stored), the export of the pseudonymised
 * participation file, and the stored aggregate results.  Personnummer
 * are decrypted one at a time in memory to compute pseudonyms and wiped
 * at once; nothing but pseudonyms leaves.  Every export, key hand-out
 * and stored result is written to the audit log.  Owns the tables
 * koppling_projekt, koppling_export and koppling_resultat.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/crypto.h"
#include "finsam/csv.h"
#include "finsam/db.h"
#include "finsam/err.h"
#include "finsam/forbund.h"
#include "finsam/koppling.h"
#include "finsam/parse.h"
#include "finsam/store.h"
#include "koppling_int.h"

#define SALT_LEN	16
#define KDF_ID_BASE	16	/* fs_keys_derive ids 16 + project id */

static enum fs_rc
nomem(struct fs_err *err)
{
	return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
}

void
fs_koppling_col(struct fs_stmt *s, int c, char *out, size_t n)
{
	size_t len;
	const char *t = fs_stmt_col_text(s, c, &len);

	if (len >= n)
		len = n - 1;
	memcpy(out, t, len);
	out[len] = '\0';
}

static void
read_projekt(struct fs_stmt *s, struct fs_koppling_projekt *p)
{
	memset(p, 0, sizeof(*p));
	p->id = fs_stmt_col_i64(s, 0);
	fs_koppling_col(s, 1, p->namn, sizeof(p->namn));
	fs_koppling_col(s, 2, p->skapad_tid, sizeof(p->skapad_tid));
	fs_koppling_col(s, 3, p->skapad_av, sizeof(p->skapad_av));
	p->exporter = fs_stmt_col_i64(s, 4);
	fs_koppling_col(s, 5, p->senaste_export, sizeof(p->senaste_export));
	p->senaste_rader = fs_stmt_col_i64(s, 6);
	fs_koppling_col(s, 7, p->resultat_tid, sizeof(p->resultat_tid));
}

/* A name: 1-200 characters, valid UTF-8, no control characters. */
static bool
namn_ok(const char *s)
{
	size_t chars = 0;
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		int n = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2 :
		    (*p & 0xf0) == 0xe0 ? 3 : (*p & 0xf8) == 0xf0 ? 4 : 0;

		if (n == 0 || *p < 0x20 || *p == 0x7f)
			return false;
		for (int i = 1; i < n; i++)
			if ((p[i] & 0xc0) != 0x80)
				return false;
		p += n;
		chars++;
	}
	return chars >= 1 && chars <= FS_KOPPLING_NAMN_MAX;
}

enum fs_rc
fs_koppling_skapa(struct fs_db *db, const char *namn, int64_t *id,
    struct fs_err *err)
{
	unsigned char salt[SALT_LEN];
	struct fs_stmt *s = NULL;
	char now[21], obj[48];
	enum fs_rc rc;
	bool own;

	*id = 0;
	if (namn == NULL || !namn_ok(namn))
		return fs_err_set(err, FS_EINVAL, "namn",
		    "måste vara 1–200 tecken utan styrtecken");
	randombytes_buf(salt, sizeof(salt));
	fs_db_now(now);
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_store_stmt(db->store, FS_STMT_KOPPLING_INSERT, &s, err);
	if (rc == FS_OK) {
		fs_stmt_bind_str(s, 1, namn);
		fs_stmt_bind_blob(s, 2, salt, sizeof(salt));
		fs_stmt_bind_str(s, 3, now);
		fs_stmt_bind_str(s, 4, db->actor);
		rc = fs_stmt_exec(s, err);
		if (rc == FS_ECONFLICT)
			rc = fs_err_set(err, FS_ECONFLICT, "namn",
			    "det finns redan ett kopplingsprojekt med det "
			    "namnet");
	}
	if (rc == FS_OK) {
		*id = fs_store_last_id(db->store);
		snprintf(obj, sizeof(obj), "koppling %lld", (long long)*id);
		rc = fs_db_audit(db, "koppling.skapa", obj, 0, 0, "ok", NULL,
		    err);
	}
	rc = fs_db_tx_end(db, own, rc, err);
	if (rc != FS_OK)
		*id = 0;
	return rc;
}

enum fs_rc
fs_koppling_hamta(struct fs_db *db, int64_t id, const char *namn,
    struct fs_koppling_projekt *out, struct fs_err *err)
{
	struct fs_stmt *s = NULL;
	enum fs_rc rc;
	bool row;

	rc = fs_store_stmt(db->store, id != 0 ? FS_STMT_KOPPLING_BY_ID :
	    FS_STMT_KOPPLING_BY_NAMN, &s, err);
	if (rc != FS_OK)
		return rc;
	if (id != 0)
		fs_stmt_bind_i64(s, 1, id);
	else
		fs_stmt_bind_str(s, 1, namn == NULL ? "" : namn);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && !row)
		rc = fs_err_set(err, FS_ENOTFOUND, "projekt",
		    "det finns inget sådant kopplingsprojekt");
	if (rc == FS_OK)
		read_projekt(s, out);
	fs_stmt_reset(s);
	return rc;
}

static enum fs_rc
read_listed(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	(void)arg;
	(void)err;
	read_projekt(s, elem);
	return FS_OK;
}

enum fs_rc
fs_koppling_lista(struct fs_db *db, struct fs_koppling_projekt **out,
    size_t *n, struct fs_err *err)
{
	struct fs_stmt *s;
	void *v;
	enum fs_rc rc;

	*out = NULL;
	*n = 0;
	rc = fs_store_stmt(db->store, FS_STMT_KOPPLING_LIST, &s, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_stmt_collect(s, sizeof(**out), read_listed, NULL, &v, n, err);
	if (rc != FS_OK) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return FS_OK;
}

enum fs_rc
fs_koppling_lista_write_json(const struct fs_koppling_projekt *v, size_t n,
    struct fs_buf *out, struct fs_err *err)
{
	json_t *arr = json_array(), *root;
	enum fs_rc rc = FS_OK;
	char *s;

	if (arr == NULL)
		return nomem(err);
	for (size_t i = 0; i < n; i++) {
		const struct fs_koppling_projekt *p = &v[i];
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:o, s:I, "
		    "s:o}", "id", (json_int_t)p->id, "namn", p->namn,
		    "skapad_tid", p->skapad_tid, "skapad_av", p->skapad_av,
		    "exporter", (json_int_t)p->exporter,
		    "senaste_export", p->senaste_export[0] == '\0' ?
		    json_null() : json_string(p->senaste_export),
		    "senaste_rader", (json_int_t)p->senaste_rader,
		    "resultat_tid", p->resultat_tid[0] == '\0' ? json_null() :
		    json_string(p->resultat_tid));

		if (o == NULL || json_array_append_new(arr, o) != 0) {
			json_decref(arr);
			return nomem(err);
		}
	}
	root = json_pack("{s:o}", "projekt", arr);
	if (root == NULL)
		return nomem(err);
	s = json_dumps(root, JSON_INDENT(1));
	json_decref(root);
	if (s == NULL)
		return nomem(err);
	if (fs_buf_addstr(out, s) != FS_OK || fs_buf_addch(out, '\n') != FS_OK)
		rc = nomem(err);
	free(s);
	return rc;
}

/* The 32-byte key of project id: BLAKE2b(salt) keyed by a derived key. */
static enum fs_rc
project_key(struct fs_db *db, int64_t id, unsigned char key[32],
    struct fs_err *err)
{
	unsigned char sub[32];
	const void *salt;
	struct fs_stmt *s = NULL;
	size_t len = 0;
	enum fs_rc rc;
	bool row;

	if (id <= 0)
		return fs_err_set(err, FS_ENOTFOUND, "projekt",
		    "det finns inget sådant kopplingsprojekt");
	rc = fs_store_stmt(db->store, FS_STMT_KOPPLING_SALT, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, id);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && !row)
		rc = fs_err_set(err, FS_ENOTFOUND, "projekt",
		    "det finns inget sådant kopplingsprojekt");
	if (rc == FS_OK) {
		salt = fs_stmt_col_blob(s, 0, &len);
		fs_keys_derive(db->keys, KDF_ID_BASE + (uint64_t)id, sub);
		crypto_generichash(key, 32, salt, len, sub, sizeof(sub));
		sodium_memzero(sub, sizeof(sub));
	}
	fs_stmt_reset(s);
	return rc;
}

void
fs_koppling_pseudonym(const unsigned char key[32], const char *pnr12,
    char out[FS_KOPPLING_PSEUDONYM_LEN + 1])
{
	unsigned char h[FS_KOPPLING_PSEUDONYM_LEN / 2];

	crypto_generichash(h, sizeof(h), (const unsigned char *)pnr12, 12,
	    key, 32);
	sodium_bin2hex(out, FS_KOPPLING_PSEUDONYM_LEN + 1, h, sizeof(h));
	sodium_memzero(h, sizeof(h));
}

enum fs_rc
fs_koppling_nyckel(struct fs_db *db, int64_t id, unsigned char out[32],
    struct fs_err *err)
{
	struct fs_koppling_projekt p;
	char obj[48];
	enum fs_rc rc;

	rc = fs_koppling_hamta(db, id, NULL, &p, err);
	if (rc == FS_OK)
		rc = project_key(db, id, out, err);
	if (rc == FS_OK) {
		snprintf(obj, sizeof(obj), "koppling %lld", (long long)id);
		rc = fs_db_audit(db, "koppling.nyckel", obj, 0, 0, "ok", NULL,
		    err);
	}
	if (rc != FS_OK)
		sodium_memzero(out, 32);
	return rc;
}

/* ---- export ---------------------------------------------------------- */

struct xrow {
	char		 pseud[FS_KOPPLING_PSEUDONYM_LEN + 1];
	char		 kon;
	int		 alder;
	int32_t		 start;
	int32_t		 slut;
	char		*insats;
	char		*forbund;
};

static int
xrow_cmp(const void *a, const void *b)
{
	const struct xrow *x = a, *y = b;
	int c = strcmp(x->pseud, y->pseud);

	if (c != 0)
		return c;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return strcmp(x->insats, y->insats);
}

static void
xrows_free(struct xrow *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].insats);
		free(v[i].forbund);
	}
	free(v);
}

/* What read_xrow() needs besides the row: db (its keys) and the key. */
struct xread {
	struct fs_db		*db;
	const unsigned char	*key;
};

/* One participation with its pseudonym; the personnummer never stays. */
static enum fs_rc
read_xrow(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	const struct xread *xr = arg;
	struct xrow *x = elem;
	char pnr[13];
	const void *c;
	size_t len;
	enum fs_rc rc;

	c = fs_stmt_col_blob(s, 0, &len);
	rc = fs_keys_pnr_decrypt(xr->db->keys, c, len, pnr, err);
	if (rc != FS_OK)
		return rc;
	fs_koppling_pseudonym(xr->key, pnr, x->pseud);
	sodium_memzero(pnr, sizeof(pnr));
	x->insats = fs_strdup(fs_stmt_col_text(s, 1, NULL));
	x->forbund = fs_strdup(fs_stmt_col_text(s, 2, NULL));
	if (x->insats == NULL || x->forbund == NULL)
		return nomem(err);
	x->kon = fs_stmt_col_text(s, 3, NULL)[0];
	x->alder = (int)fs_stmt_col_i64(s, 4);
	x->start = fs_stmt_col_date(s, 5);
	x->slut = fs_stmt_col_date(s, 6);
	return FS_OK;
}

/* Read every participation of the selection with its pseudonym. */
static enum fs_rc
collect(struct fs_db *db, const unsigned char key[32], int64_t forbund_id,
    const struct fs_koppling_urval *u, struct xrow **out, size_t *n,
    struct fs_err *err)
{
	struct xread xr;
	struct fs_stmt *s;
	void *v;
	enum fs_rc rc;

	*n = 0;
	rc = fs_store_stmt(db->store, FS_STMT_KOPPLING_EXPORT_SCAN, &s, err);
	if (rc != FS_OK)
		return rc;
	for (int i = 1; i <= 2; i++) {
		if (forbund_id != 0)
			fs_stmt_bind_i64(s, i, forbund_id);
		fs_stmt_bind_date(s, 2 + i, u->fran);
		fs_stmt_bind_date(s, 4 + i, u->till);
	}
	xr.db = db;
	xr.key = key;
	rc = fs_stmt_collect(s, sizeof(**out), read_xrow, &xr, &v, n, err);
	if (rc != FS_OK) {
		xrows_free(v, *n);
		*n = 0;
		return rc;
	}
	qsort(v, *n, sizeof(**out), xrow_cmp);
	*out = v;
	return FS_OK;
}

static enum fs_rc
format_rows(const struct xrow *v, size_t n, struct fs_buf *b)
{
	enum fs_rc rc;

	rc = fs_buf_addstr(b, "pseudonym,insats_kod,forbund_kod,kon,"
	    "alder_vid_start,startdatum,slutdatum\n");
	for (size_t i = 0; i < n && rc == FS_OK; i++) {
		char st[11], sl[11];

		fs_date_format(v[i].start, st);
		sl[0] = '\0';
		if (v[i].slut != FS_DATE_NONE)
			fs_date_format(v[i].slut, sl);
		rc = fs_buf_addf(b, "%s,", v[i].pseud);
		if (rc == FS_OK)
			rc = fs_csv_add_field(b, v[i].insats,
			    strlen(v[i].insats), ',', true);
		if (rc == FS_OK)
			rc = fs_buf_addch(b, ',');
		if (rc == FS_OK)
			rc = fs_csv_add_field(b, v[i].forbund,
			    strlen(v[i].forbund), ',', true);
		if (rc == FS_OK)
			rc = fs_buf_addf(b, ",%c,%d,%s,%s\n", v[i].kon,
			    v[i].alder, st, sl);
	}
	return rc;
}

/*
 * Write b to path without ever replacing an existing file: a temporary
 * file (mode 0600, fsync'd) linked to the final name.
 */
static enum fs_rc
write_new(const char *path, const struct fs_buf *b, struct fs_err *err)
{
	struct fs_buf tmp;
	enum fs_rc rc = FS_OK;
	size_t off = 0;
	int fd;

	if (access(path, F_OK) == 0)
		return fs_err_set(err, FS_ECONFLICT, "ut",
		    "filen finns redan; välj ett nytt namn");
	fs_buf_init(&tmp, 0);
	if (fs_buf_addf(&tmp, "%s.tmp-%ld", path, (long)getpid()) != FS_OK) {
		fs_buf_release(&tmp);
		return nomem(err);
	}
	fd = open(tmp.buf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		fs_buf_release(&tmp);
		return fs_err_set(err, FS_EIO, "ut", "filen kan inte skapas");
	}
	while (off < b->len && rc == FS_OK) {
		ssize_t w = write(fd, b->buf + off, b->len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			rc = fs_err_set(err, FS_EIO, "ut",
			    "filen kunde inte skrivas");
		else
			off += (size_t)w;
	}
	if (rc == FS_OK && fsync(fd) != 0)
		rc = fs_err_set(err, FS_EIO, "ut", "filen kunde inte skrivas");
	if (close(fd) != 0 && rc == FS_OK)
		rc = fs_err_set(err, FS_EIO, "ut", "filen kunde inte skrivas");
	if (rc == FS_OK && link(tmp.buf, path) != 0)
		rc = errno == EEXIST ? fs_err_set(err, FS_ECONFLICT, "ut",
		    "filen finns redan; välj ett nytt namn") :
		    fs_err_set(err, FS_EIO, "ut", "filen kan inte skapas");
	unlink(tmp.buf);
	fs_buf_release(&tmp);
	return rc;
}

static char *
urval_json(const struct fs_koppling_urval *u)
{
	char fran[11] = "", till[11] = "";
	json_t *o;
	char *s;

	if (u->fran != FS_DATE_NONE)
		fs_date_format(u->fran, fran);
	if (u->till != FS_DATE_NONE)
		fs_date_format(u->till, till);
	o = json_pack("{s:o, s:o, s:o}",
	    "forbund", u->forbund_kod != NULL ? json_string(u->forbund_kod) :
	    json_null(),
	    "fran", fran[0] != '\0' ? json_string(fran) : json_null(),
	    "till", till[0] != '\0' ? json_string(till) : json_null());
	if (o == NULL)
		return NULL;
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

enum fs_rc
fs_koppling_exportera(struct fs_db *db, int64_t id,
    const struct fs_koppling_urval *u, const char *path, uint64_t *rows,
    struct fs_err *err)
{
	struct fs_koppling_projekt p;
	struct fs_forbund f;
	unsigned char key[32];
	struct xrow *v = NULL;
	struct fs_buf b, det;
	struct fs_stmt *s = NULL;
	char now[21], obj[48], *uj = NULL;
	int64_t forbund_id = 0;
	size_t n = 0;
	enum fs_rc rc;
	bool own, found = false;

	*rows = 0;
	fs_buf_init(&b, 0);
	fs_buf_init(&det, 0);
	fs_forbund_init(&f);
	rc = fs_koppling_hamta(db, id, NULL, &p, err);
	if (rc != FS_OK)
		goto out;
	found = true;
	snprintf(obj, sizeof(obj), "koppling %lld", (long long)id);
	if (u->forbund_kod != NULL) {
		rc = fs_forbund_get_kod(db, u->forbund_kod, &f, err);
		if (rc == FS_ENOTFOUND)
			rc = fs_err_set(err, FS_ENOTFOUND, "forbund",
			    "det finns inget förbund med den koden");
		if (rc != FS_OK)
			goto out;
		forbund_id = f.id;
	}
	if (u->fran != FS_DATE_NONE && u->till != FS_DATE_NONE &&
	    u->fran > u->till) {
		rc = fs_err_set(err, FS_EINVAL, "till",
		    "får inte vara före fran");
		goto out;
	}
	if (path == NULL || *path == '\0') {
		rc = fs_err_set(err, FS_EINVAL, "ut", "en fil måste anges");
		goto out;
	}
	rc = project_key(db, id, key, err);
	if (rc != FS_OK)
		goto out;
	rc = collect(db, key, forbund_id, u, &v, &n, err);
	sodium_memzero(key, sizeof(key));
	if (rc != FS_OK)
		goto out;
	if (format_rows(v, n, &b) != FS_OK) {
		rc = nomem(err);
		goto out;
	}
	uj = urval_json(u);
	if (uj == NULL) {
		rc = nomem(err);
		goto out;
	}
	rc = write_new(path, &b, err);
	if (rc != FS_OK)
		goto out;
	fs_db_now(now);
	if (fs_buf_addf(&det, "{\"rader\":%zu,\"urval\":%s}", n, uj) !=
	    FS_OK) {
		rc = nomem(err);
		goto out;
	}
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		goto out;
	rc = fs_store_stmt(db->store, FS_STMT_KOPPLING_EXPORT_INSERT, &s, err);
	if (rc == FS_OK) {
		fs_stmt_bind_i64(s, 1, id);
		fs_stmt_bind_str(s, 2, now);
		fs_stmt_bind_str(s, 3, db->actor);
		fs_stmt_bind_i64(s, 4, (int64_t)n);
		fs_stmt_bind_str(s, 5, uj);
		rc = fs_stmt_exec(s, err);
	}
	if (rc == FS_OK)
		rc = fs_db_audit(db, "koppling.exportera", obj, forbund_id, 0,
		    "ok", det.buf, err);
	rc = fs_db_tx_end(db, own, rc, err);
	if (rc != FS_OK)
		unlink(path);
	else
		*rows = n;
out:
	if (rc != FS_OK && found) {
		/* The failed attempt is logged too (best effort). */
		struct fs_err e2 = FS_ERR_INIT;

		if (fs_db_audit(db, "koppling.exportera", obj, forbund_id, 0,
		    "fel", NULL, &e2) != FS_OK)
			e2.rc = FS_OK;	/* nothing more to do */
	}
	fs_forbund_release(&f);
	xrows_free(v, n);
	free(uj);
	if (b.len > 0)
		sodium_memzero(b.buf, b.len);
	fs_buf_release(&b);
	fs_buf_release(&det);
	return rc;
}

/* ---- results --------------------------------------------------------- */

enum fs_rc
fs_koppling_resultat_spara(struct fs_db *db, int64_t id, const char *json,
    struct fs_err *err)
{
	struct fs_koppling_projekt p;
	struct fs_stmt *s = NULL;
	char now[21], obj[48];
	enum fs_rc rc;
	bool own;

	rc = fs_koppling_hamta(db, id, NULL, &p, err);
	if (rc != FS_OK)
		return rc;
	fs_db_now(now);
	snprintf(obj, sizeof(obj), "koppling %lld", (long long)id);
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_store_stmt(db->store, FS_STMT_KOPPLING_RESULTAT_INSERT, &s,
	    err);
	if (rc == FS_OK) {
		fs_stmt_bind_i64(s, 1, id);
		fs_stmt_bind_str(s, 2, now);
		fs_stmt_bind_str(s, 3, db->actor);
		fs_stmt_bind_str(s, 4, json);
		rc = fs_stmt_exec(s, err);
	}
	if (rc == FS_OK)
		rc = fs_db_audit(db, "koppling.resultat", obj, 0, 0, "ok", NULL,
		    err);
	return fs_db_tx_end(db, own, rc, err);
}

enum fs_rc
fs_koppling_resultat_hamta(struct fs_db *db, int64_t id, struct fs_buf *out,
    struct fs_err *err)
{
	struct fs_stmt *s = NULL;
	enum fs_rc rc;
	bool row;
	size_t len;
	const char *t;

	rc = fs_store_stmt(db->store, FS_STMT_KOPPLING_RESULTAT_LATEST, &s,
	    err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, id);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && !row)
		rc = fs_err_set(err, FS_ENOTFOUND, "resultat",
		    "inget resultat är sparat för projektet");
	if (rc == FS_OK) {
		t = fs_stmt_col_text(s, 0, &len);
		if (fs_buf_add(out, t, len) != FS_OK)
			rc = nomem(err);
	}
	fs_stmt_reset(s);
	return rc;
}
