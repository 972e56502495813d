/* SPDX-License-Identifier: ISC */
/*
 * Opening and creating a finsam database together with its key file,
 * loading the reference data, transactions that nest by joining (and
 * become savepoints inside a writer's batch), the write slot, deferred
 * writes, the participation data generation and the one writer of the
 * audit log table.  Owns struct fs_db and struct fs_db_lock.
 */
#include "compat.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
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

/* ---- the write slot ---- */

struct fs_db_lock {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	uint64_t	 next;		/* the next ticket to hand out */
	uint64_t	 serving;	/* the ticket that may go */
};

enum fs_rc
fs_db_lock_new(struct fs_db_lock **out, struct fs_err *err)
{
	struct fs_db_lock *l;

	*out = NULL;
	l = fs_calloc(1, sizeof(*l));
	if (l == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	pthread_mutex_init(&l->mu, NULL);
	pthread_cond_init(&l->cv, NULL);
	*out = l;
	return FS_OK;
}

void
fs_db_lock_free(struct fs_db_lock *l)
{
	if (l == NULL)
		return;
	pthread_mutex_destroy(&l->mu);
	pthread_cond_destroy(&l->cv);
	free(l);
}

void
fs_db_lock_take(struct fs_db_lock *l)
{
	uint64_t t;

	pthread_mutex_lock(&l->mu);
	t = l->next++;
	while (t != l->serving)
		pthread_cond_wait(&l->cv, &l->mu);
	pthread_mutex_unlock(&l->mu);
}

void
fs_db_lock_give(struct fs_db_lock *l)
{
	pthread_mutex_lock(&l->mu);
	l->serving++;
	pthread_cond_broadcast(&l->cv);
	pthread_mutex_unlock(&l->mu);
}

/* ---- transactions ---- */

enum fs_rc
fs_db_tx_begin(struct fs_db *db, bool *own, struct fs_err *err)
{
	enum fs_rc rc;

	*own = false;
	if (fs_store_in_transaction(db->store)) {
		if (!db->batch || db->sp_open)
			return FS_OK;
		rc = fs_store_savepoint(db->store, 1, err);
		if (rc != FS_OK)
			return rc;
		db->sp_open = true;
		*own = true;
		return FS_OK;
	}
	if (db->wlock != NULL)
		fs_db_lock_take(db->wlock);
	rc = fs_store_begin(db->store, err);
	if (rc != FS_OK) {
		if (db->wlock != NULL)
			fs_db_lock_give(db->wlock);
		return rc;
	}
	*own = true;
	return FS_OK;
}

enum fs_rc
fs_db_tx_end(struct fs_db *db, bool own, enum fs_rc rc, struct fs_err *err)
{
	if (!own)
		return rc;
	if (db->sp_open) {
		db->sp_open = false;
		if (rc == FS_OK)
			rc = fs_store_release(db->store, 1, err);
		if (rc != FS_OK)
			fs_store_rollback_to(db->store, 1);
		return rc;
	}
	if (rc != FS_OK)
		fs_store_rollback(db->store);
	else
		rc = fs_store_commit(db->store, err);
	if (db->wlock != NULL)
		fs_db_lock_give(db->wlock);
	return rc;
}

/* ---- deferred writes ---- */

void
fs_db_defer_to(struct fs_db *db, fs_db_defer_fn fn, void *ctx)
{
	db->defer = fn;
	db->defer_ctx = fn != NULL ? ctx : NULL;
}

enum fs_rc
fs_db_write_later(struct fs_db *db, fs_db_write_fn fn, void *arg,
    void (*free_arg)(void *), struct fs_err *err)
{
	struct fs_db_job *j;
	enum fs_rc rc;
	bool own;

	if (db->defer == NULL || fs_store_in_transaction(db->store)) {
		rc = fs_db_tx_begin(db, &own, err);
		if (rc == FS_OK)
			rc = fn(db, arg, err);
		rc = fs_db_tx_end(db, own, rc, err);
		if (free_arg != NULL)
			free_arg(arg);
		return rc;
	}
	j = fs_malloc(sizeof(*j));
	if (j == NULL) {
		if (free_arg != NULL)
			free_arg(arg);
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	}
	j->fn = fn;
	j->arg = arg;
	j->free_arg = free_arg;
	j->next = NULL;
	db->defer(db->defer_ctx, j);
	return FS_OK;
}

void
fs_db_jobs_free(struct fs_db_job *jobs)
{
	struct fs_db_job *next;

	for (; jobs != NULL; jobs = next) {
		next = jobs->next;
		if (jobs->free_arg != NULL)
			jobs->free_arg(jobs->arg);
		free(jobs);
	}
}

enum fs_rc
fs_db_jobs_run(struct fs_db *db, struct fs_db_job *jobs, struct fs_err *err)
{
	struct fs_db_job *j;
	enum fs_rc rc = FS_OK;

	for (j = jobs; rc == FS_OK && j != NULL; j = j->next)
		rc = j->fn(db, j->arg, err);
	fs_db_jobs_free(jobs);
	return rc;
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

static enum fs_rc
logg_insert(struct fs_db *db, const struct fs_db_logg *l, struct fs_err *err)
{
	struct fs_stmt *s;
	char now[21];
	enum fs_rc rc;

	rc = fs_store_stmt(db->store, FS_STMT_LOGG_INSERT, &s, err);
	if (rc != FS_OK)
		return rc;
	if (l->tid == NULL)
		fs_db_now(now);
	fs_stmt_bind_str(s, 1, l->tid != NULL ? l->tid : now);
	fs_stmt_bind_str(s, 2, l->anvandare);
	fs_stmt_bind_str(s, 3, l->roll);
	fs_stmt_bind_str(s, 4, l->handling);
	fs_stmt_bind_str(s, 5, l->objekt);
	if (l->forbund_id != 0)
		fs_stmt_bind_i64(s, 6, l->forbund_id);
	if (l->insats_id != 0)
		fs_stmt_bind_i64(s, 7, l->insats_id);
	fs_stmt_bind_str(s, 8, l->utfall);
	fs_stmt_bind_str(s, 9, l->klient);
	fs_stmt_bind_str(s, 10, l->detaljer);
	return fs_stmt_exec(s, err);
}

/* A deferred row: the struct and every string in one allocation. */
struct logg_copy {
	struct fs_db_logg	 l;
	char			 tid[21];
	char			 text[];
};

static enum fs_rc
logg_copy_write(struct fs_db *db, void *arg, struct fs_err *err)
{
	return logg_insert(db, &((struct logg_copy *)arg)->l, err);
}

static void
logg_copy_free(void *arg)
{
	free(arg);
}

/* Copy s (NULL stays NULL) into *p, advancing it. */
static const char *
copy_str(char **p, const char *s)
{
	size_t n;
	char *d = *p;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	memcpy(d, s, n);
	*p = d + n;
	return d;
}

enum fs_rc
fs_db_logg_write(struct fs_db *db, const struct fs_db_logg *l,
    struct fs_err *err)
{
	const char *const strs[] = { l->anvandare, l->roll, l->handling,
	    l->objekt, l->utfall, l->klient, l->detaljer };
	struct logg_copy *c;
	size_t n = 0;
	char *p;

	if (db->defer == NULL || fs_store_in_transaction(db->store))
		return logg_insert(db, l, err);
	for (size_t i = 0; i < FS_NELEM(strs); i++)
		n += strs[i] != NULL ? strlen(strs[i]) + 1 : 0;
	c = fs_malloc(sizeof(*c) + n);
	if (c == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	/* The time of the event, not of the batch that stores it. */
	if (l->tid != NULL)
		snprintf(c->tid, sizeof(c->tid), "%s", l->tid);
	else
		fs_db_now(c->tid);
	p = c->text;
	c->l.tid = c->tid;
	c->l.anvandare = copy_str(&p, l->anvandare);
	c->l.roll = copy_str(&p, l->roll);
	c->l.handling = copy_str(&p, l->handling);
	c->l.objekt = copy_str(&p, l->objekt);
	c->l.forbund_id = l->forbund_id;
	c->l.insats_id = l->insats_id;
	c->l.utfall = copy_str(&p, l->utfall);
	c->l.klient = copy_str(&p, l->klient);
	c->l.detaljer = copy_str(&p, l->detaljer);
	return fs_db_write_later(db, logg_copy_write, c, logg_copy_free, err);
}

enum fs_rc
fs_db_audit(struct fs_db *db, const char *action, const char *object,
    int64_t forbund_id, int64_t insats_id, const char *outcome,
    const char *details, struct fs_err *err)
{
	struct fs_db_logg l = {
		.anvandare = db->actor,
		.roll = db->roll[0] != '\0' ? db->roll : NULL,
		.handling = action,
		.objekt = object,
		.forbund_id = forbund_id,
		.insats_id = insats_id,
		.utfall = outcome,
		.klient = db->klient[0] != '\0' ? db->klient : NULL,
		.detaljer = details,
	};

	return fs_db_logg_write(db, &l, err);
}
