/* SPDX-License-Identifier: ISC */
/*
 * Opening and creating a finsam database together with its key file,
 * loading the reference data, transactions that nest by joining, the
 * participation data generation and the audit log.  Owns struct fs_db.
 */
#include "compat.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "finsam/alloc.h"
#include "finsam/crypto.h"
#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/parse.h"
#include "finsam/refdata.h"
#include "finsam/store.h"

#define META_FINGERPRINT "nyckel_fingeravtryck"

static void
fingerprint_hex(const struct fs_keys *k, char out[2 * FS_KEY_FINGERPRINT_LEN + 1])
{
	unsigned char fp[FS_KEY_FINGERPRINT_LEN];

	fs_keys_fingerprint(k, fp);
	sodium_bin2hex(out, 2 * FS_KEY_FINGERPRINT_LEN + 1, fp, sizeof(fp));
}

static enum fs_rc
load_refdata(struct fs_store *st, struct fs_err *err)
{
	struct fs_refdata r;
	struct fs_stmt *s;
	enum fs_rc rc;

	rc = fs_refdata_load(&r, err);
	if (rc != FS_OK)
		return rc;
	for (size_t i = 0; i < r.nlan; i++) {
		rc = fs_store_stmt(st, FS_STMT_LAN_UPSERT, &s, err);
		if (rc != FS_OK)
			goto out;
		fs_stmt_bind_str(s, 1, r.lan[i].kod);
		fs_stmt_bind_str(s, 2, r.lan[i].namn);
		fs_stmt_bind_str(s, 3, r.lan[i].kortnamn);
		rc = fs_stmt_exec(s, err);
		if (rc != FS_OK)
			goto out;
	}
	for (size_t i = 0; i < r.nkommuner; i++) {
		rc = fs_store_stmt(st, FS_STMT_KOMMUN_UPSERT, &s, err);
		if (rc != FS_OK)
			goto out;
		fs_stmt_bind_str(s, 1, r.kommuner[i].kod);
		fs_stmt_bind_str(s, 2, r.kommuner[i].namn);
		fs_stmt_bind_str(s, 3, r.kommuner[i].kortnamn);
		fs_stmt_bind_str(s, 4, r.kommuner[i].lan);
		rc = fs_stmt_exec(s, err);
		if (rc != FS_OK)
			goto out;
	}
out:
	fs_refdata_release(&r);
	return rc;
}

static enum fs_rc
meta_set(struct fs_store *st, const char *key, const char *val,
    struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;

	rc = fs_store_stmt(st, FS_STMT_META_SET, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_str(s, 1, key);
	fs_stmt_bind_str(s, 2, val);
	return fs_stmt_exec(s, err);
}

/* meta value of key into b; *found false when there is none. */
static enum fs_rc
meta_get(struct fs_store *st, const char *key, struct fs_buf *b, bool *found,
    struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	const char *t;
	size_t len;
	bool row;

	*found = false;
	rc = fs_store_stmt(st, FS_STMT_META_GET, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_str(s, 1, key);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && row) {
		t = fs_stmt_col_text(s, 0, &len);
		rc = fs_buf_add(b, t, len);
		if (rc != FS_OK)
			rc = fs_err_set(err, rc, NULL, "minnet räcker inte");
		*found = true;
	}
	fs_stmt_reset(s);
	return rc;
}

enum fs_rc
fs_db_init(const char *path, const char *keypath, struct fs_err *err)
{
	struct fs_store *st = NULL;
	struct fs_keys *keys = NULL;
	char *kp = NULL;
	char fp[2 * FS_KEY_FINGERPRINT_LEN + 1];
	struct stat sb;
	enum fs_rc rc;
	bool key_made = false, db_made = false;

	rc = fs_crypto_init(err);
	if (rc != FS_OK)
		return rc;
	if (stat(path, &sb) == 0)
		return fs_err_set(err, FS_ECONFLICT, "db",
		    "databasen %s finns redan; init skapar bara nya databaser",
		    path);
	kp = keypath != NULL ? fs_strdup(keypath) : fs_keys_default_path(path);
	if (kp == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	rc = fs_keys_create(kp, err);
	if (rc != FS_OK)
		goto out;
	key_made = true;
	rc = fs_keys_load(kp, &keys, err);
	if (rc != FS_OK)
		goto out;
	rc = fs_store_open(path, FS_STORE_CREATE, &st, err);
	if (rc != FS_OK)
		goto out;
	db_made = true;
	/* Participant data: readable by the owner only (WAL inherits it). */
	if (chmod(path, 0600) != 0) {
		rc = fs_err_set(err, FS_EIO, "db",
		    "kan inte sätta behörigheten 0600 på databasen");
		goto out;
	}
	rc = fs_store_begin(st, err);
	if (rc != FS_OK)
		goto out;
	rc = load_refdata(st, err);
	if (rc == FS_OK) {
		fingerprint_hex(keys, fp);
		rc = meta_set(st, META_FINGERPRINT, fp, err);
	}
	if (rc == FS_OK)
		rc = fs_store_commit(st, err);
	else
		fs_store_rollback(st);
out:
	fs_store_close(st);
	fs_keys_free(keys);
	if (rc != FS_OK) {
		/* Leave nothing half-made behind. */
		if (db_made) {
			struct fs_buf b;

			unlink(path);
			fs_buf_init(&b, 0);
			if (fs_buf_addf(&b, "%s-wal", path) == FS_OK)
				unlink(b.buf);
			fs_buf_reset(&b);
			if (fs_buf_addf(&b, "%s-shm", path) == FS_OK)
				unlink(b.buf);
			fs_buf_release(&b);
		}
		if (key_made)
			unlink(kp);
	}
	free(kp);
	return rc;
}

enum fs_rc
fs_db_open(const char *path, const char *keypath, const char *actor,
    struct fs_db **out, struct fs_err *err)
{
	struct fs_db *db;
	struct fs_buf stored;
	char fp[2 * FS_KEY_FINGERPRINT_LEN + 1];
	char *kp = NULL;
	struct stat sb;
	enum fs_rc rc;
	bool found;

	*out = NULL;
	rc = fs_crypto_init(err);
	if (rc != FS_OK)
		return rc;
	if (stat(path, &sb) != 0)
		return fs_err_set(err, FS_EIO, "db",
		    "databasen %s finns inte: skapa den med finsam init",
		    path);
	db = fs_calloc(1, sizeof(*db));
	if (db == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	fs_buf_init(&stored, 256);
	db->actor = fs_strdup(actor == NULL ? "okänd" : actor);
	db->path = fs_strdup(path);
	kp = keypath != NULL ? fs_strdup(keypath) : fs_keys_default_path(path);
	if (db->actor == NULL || db->path == NULL || kp == NULL) {
		rc = fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
		goto fail;
	}
	rc = fs_keys_load(kp, &db->keys, err);
	if (rc != FS_OK)
		goto fail;
	rc = fs_store_open(path, 0, &db->store, err);
	if (rc != FS_OK)
		goto fail;
	rc = meta_get(db->store, META_FINGERPRINT, &stored, &found, err);
	if (rc != FS_OK)
		goto fail;
	fingerprint_hex(db->keys, fp);
	if (!found || strcmp(stored.buf, fp) != 0) {
		rc = fs_err_set(err, FS_EINVAL, "nyckel",
		    "nyckelfilen %s hör inte till databasen %s", kp, path);
		goto fail;
	}
	fs_buf_release(&stored);
	free(kp);
	*out = db;
	return FS_OK;
fail:
	fs_buf_release(&stored);
	free(kp);
	fs_db_close(db);
	return rc;
}

void
fs_db_close(struct fs_db *db)
{
	if (db == NULL)
		return;
	if (db->memo != NULL && db->memo_free != NULL)
		db->memo_free(db->memo);
	fs_store_close(db->store);
	fs_keys_free(db->keys);
	free(db->actor);
	free(db->path);
	free(db);
}

enum fs_rc
fs_db_tx_begin(struct fs_db *db, bool *own, struct fs_err *err)
{
	*own = false;
	if (fs_store_in_transaction(db->store))
		return FS_OK;
	*own = true;
	return fs_store_begin(db->store, err);
}

enum fs_rc
fs_db_tx_end(struct fs_db *db, bool own, enum fs_rc rc, struct fs_err *err)
{
	if (!own)
		return rc;
	if (rc != FS_OK) {
		fs_store_rollback(db->store);
		return rc;
	}
	return fs_store_commit(db->store, err);
}

enum fs_rc
fs_db_bump_generation(struct fs_db *db, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;

	rc = fs_store_stmt(db->store, FS_STMT_GEN_BUMP, &s, err);
	if (rc != FS_OK)
		return rc;
	return fs_stmt_exec(s, err);
}

enum fs_rc
fs_db_generation(struct fs_db *db, int64_t *out, struct fs_err *err)
{
	struct fs_buf b;
	enum fs_rc rc;
	bool found;

	*out = 0;
	fs_buf_init(&b, 64);
	rc = meta_get(db->store, "deltagande_generation", &b, &found, err);
	if (rc == FS_OK && found)
		rc = fs_parse_i64(b.buf, b.len, 0, INT64_MAX, out,
		    "deltagande_generation", err);
	fs_buf_release(&b);
	return rc;
}

void
fs_db_now(char out[21])
{
	/* Formatted once a second per thread: imports ask for every row. */
	static _Thread_local time_t last = -1;
	static _Thread_local char text[21];
	struct tm tm;
	time_t t = time(NULL);

	if (t != last) {
		gmtime_r(&t, &tm);
		strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &tm);
		last = t;
	}
	memcpy(out, text, sizeof(text));
}

enum fs_rc
fs_db_audit(struct fs_db *db, const char *action, const char *object,
    int64_t forbund_id, int64_t insats_id, const char *outcome,
    const char *details, struct fs_err *err)
{
	struct fs_stmt *s;
	char now[21];
	enum fs_rc rc;

	fs_db_now(now);
	rc = fs_store_stmt(db->store, FS_STMT_LOGG_INSERT, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_str(s, 1, now);
	fs_stmt_bind_str(s, 2, db->actor);
	fs_stmt_bind_str(s, 3, db->roll[0] != '\0' ? db->roll : NULL);
	fs_stmt_bind_str(s, 4, action);
	fs_stmt_bind_str(s, 5, object);
	if (forbund_id != 0)
		fs_stmt_bind_i64(s, 6, forbund_id);
	if (insats_id != 0)
		fs_stmt_bind_i64(s, 7, insats_id);
	fs_stmt_bind_str(s, 8, outcome);
	fs_stmt_bind_str(s, 9, db->klient[0] != '\0' ? db->klient : NULL);
	fs_stmt_bind_str(s, 10, details);
	return fs_stmt_exec(s, err);
}
