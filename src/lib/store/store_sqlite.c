/* SPDX-License-Identifier: ISC */
/*
 * The SQLite implementation of store.h.  Owns the sqlite3 connection,
 * the lazily prepared statements (one per enum fs_stmt_id) and the
 * schema migration: the numbered files sql/migrations/NNNN-*.sql built
 * into the binary are applied in order, all in one transaction, and the
 * version reached is kept in meta.schema_version.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "embedded.h"
#include "finsam/alloc.h"
#include "finsam/parse.h"
#include "finsam/store.h"
#include "stmts.h"

/*
 * Bound text and blobs are copied into the statement's scratch space
 * while it lasts (no allocation per bind on the import path) and handed
 * to SQLite to copy itself beyond that.  The scratch is reused when the
 * statement is next fetched with fs_store_stmt(), after its bindings
 * have been cleared.
 */
#define STMT_SCRATCH 1024

struct fs_stmt {
	sqlite3_stmt	*st;
	struct fs_store	*store;
	int		 bind_rc;	/* first failed bind, reported at step */
	size_t		 used;		/* bytes of scratch in use */
	char		 scratch[STMT_SCRATCH];
};

struct fs_store {
	sqlite3		*db;
	struct fs_stmt	 stmts[FS_STMT__MAX];
	int		 version;
	int		 in_tx;
	sqlite3_stmt	*sp[2][3];	/* savepoint statements, prepared once */
};

#define MIGRATION_PREFIX "sql/migrations/"

/*
 * Page cache sizes in KiB (negative: SQLite's unit for KiB).  The
 * normal cache holds the working set of interactive use; the bulk cache
 * holds everything a national-scale import changes (about 400 MB for a
 * million participations), so that nothing is spilled before the commit.
 */
#define CACHE_NORMAL	"PRAGMA cache_size=-65536;"
#define CACHE_BULK	"PRAGMA cache_size=-1048576;"

static enum fs_rc
db_error(struct fs_store *st, struct fs_err *err, const char *what)
{
	return fs_err_set(err, FS_EDB, NULL, "databasfel (%s): %s", what,
	    sqlite3_errmsg(st->db));
}

static enum fs_rc
exec_script(struct fs_store *st, const char *sql, struct fs_err *err)
{
	char *msg = NULL;
	enum fs_rc rc = FS_OK;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		rc = fs_err_set(err, FS_EDB, NULL, "databasfel: %s",
		    msg == NULL ? sqlite3_errmsg(st->db) : msg);
		sqlite3_free(msg);
	}
	return rc;
}

/* Version number of an embedded migration file, or -1 if it is none. */
static int
migration_version(const struct fs_embedded *f)
{
	const char *p;
	int v = 0;

	if (strncmp(f->name, MIGRATION_PREFIX, strlen(MIGRATION_PREFIX)) != 0)
		return -1;
	p = f->name + strlen(MIGRATION_PREFIX);
	for (int i = 0; i < 4; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

int
fs_store_latest_version(void)
{
	int max = 0, v;

	for (size_t i = 0; i < fs_embedded_nfiles; i++) {
		v = migration_version(&fs_embedded_files[i]);
		if (v > max)
			max = v;
	}
	return max;
}

int
fs_store_version(const struct fs_store *st)
{
	return st->version;
}

static enum fs_rc
read_version(struct fs_store *st, int *out, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;
	int64_t v;

	*out = 0;
	rc = fs_store_stmt(st, FS_STMT_META_TABLE_EXISTS, &s, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_stmt_step(s, &row, err);
	if (rc != FS_OK)
		return rc;
	v = row ? fs_stmt_col_i64(s, 0) : 0;
	fs_stmt_reset(s);
	if (v == 0)
		return FS_OK;
	rc = fs_store_stmt(st, FS_STMT_META_GET, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_str(s, 1, "schema_version");
	rc = fs_stmt_step(s, &row, err);
	if (rc != FS_OK)
		return rc;
	if (row) {
		const char *t = fs_stmt_col_text(s, 0, NULL);
		*out = (int)strtol(t, NULL, 10);
	}
	fs_stmt_reset(s);
	return FS_OK;
}

static enum fs_rc
migrate(struct fs_store *st, int maxver, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	char num[16];
	int from = st->version;

	rc = fs_store_begin(st, err);
	if (rc != FS_OK)
		return rc;
	for (int v = from + 1; v <= maxver; v++) {
		const struct fs_embedded *f = NULL;

		for (size_t i = 0; i < fs_embedded_nfiles; i++)
			if (migration_version(&fs_embedded_files[i]) == v)
				f = &fs_embedded_files[i];
		if (f == NULL) {
			rc = fs_err_set(err, FS_EDB, NULL,
			    "schemamigration %04d saknas i programmet", v);
			goto fail;
		}
		rc = exec_script(st, f->data, err);
		if (rc != FS_OK)
			goto fail;
		/*
		 * A migration may create tables that earlier prepared
		 * statements refer to; drop them so they are prepared anew.
		 */
		for (size_t i = 0; i < FS_STMT__MAX; i++) {
			sqlite3_finalize(st->stmts[i].st);
			st->stmts[i].st = NULL;
		}
		rc = fs_store_stmt(st, FS_STMT_META_SET, &s, err);
		if (rc != FS_OK)
			goto fail;
		snprintf(num, sizeof(num), "%d", v);
		fs_stmt_bind_str(s, 1, "schema_version");
		fs_stmt_bind_str(s, 2, num);
		rc = fs_stmt_exec(s, err);
		if (rc != FS_OK)
			goto fail;
	}
	rc = fs_store_commit(st, err);
	if (rc != FS_OK)
		goto fail;
	st->version = maxver;
	return FS_OK;
fail:
	fs_store_rollback(st);
	return rc;
}

/*
 * SQLite's memory statistics take a global mutex on every allocation;
 * finsam does not read them.  sqlite3_config() is only allowed before
 * the library is initialised, so it runs once, first.
 */
static void
configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

enum fs_rc
fs_store_open_version(const char *path, int flags, int maxver,
    struct fs_store **out, struct fs_err *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	struct fs_store *st;
	enum fs_rc rc;
	int oflags, ver, latest = fs_store_latest_version();

	*out = NULL;
	pthread_once(&once, configure_sqlite);
	if (maxver > latest)
		maxver = latest;
	st = fs_calloc(1, sizeof(*st));
	if (st == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	for (size_t i = 0; i < FS_STMT__MAX; i++)
		st->stmts[i].store = st;
	oflags = (flags & FS_STORE_READONLY) ? SQLITE_OPEN_READONLY
	    : SQLITE_OPEN_READWRITE;
	if (flags & FS_STORE_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	oflags |= SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &st->db, oflags, NULL) != SQLITE_OK) {
		if (st->db == NULL)
			rc = fs_err_set(err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
		else if (!(flags & FS_STORE_CREATE))
			rc = fs_err_set(err, FS_EIO, "db",
			    "databasen %s går inte att öppna: %s (skapa den "
			    "med finsam init)", path, sqlite3_errmsg(st->db));
		else
			rc = fs_err_set(err, FS_EIO, "db",
			    "databasen %s går inte att skapa: %s", path,
			    sqlite3_errmsg(st->db));
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 10000);
	/*
	 * A new database gets 16 KiB pages (SQLite fixes the size when the
	 * first table is written; existing files keep theirs).  An import
	 * of a million rows into indexes with random keys splits pages a
	 * quarter as often as with 4 KiB, and scans read fewer, fuller
	 * pages; small transactions write a few more bytes to the WAL.
	 */
	if ((flags & FS_STORE_CREATE) && !(flags & FS_STORE_READONLY)) {
		rc = exec_script(st, "PRAGMA page_size=16384", err);
		if (rc != FS_OK)
			goto fail;
	}
	if (!(flags & FS_STORE_READONLY)) {
		rc = exec_script(st, "PRAGMA journal_mode=WAL", err);
		if (rc != FS_OK) {
			rc = fs_err_set(err, FS_EIO, "db",
			    "filen %s är ingen finsam-databas eller går inte "
			    "att skriva", path);
			goto fail;
		}
	}
	rc = exec_script(st, "PRAGMA foreign_keys=ON;"
	    "PRAGMA synchronous=FULL;" CACHE_NORMAL
	    "PRAGMA temp_store=MEMORY;", err);
	if (rc != FS_OK)
		goto fail;
	rc = read_version(st, &ver, err);
	if (rc != FS_OK) {
		rc = fs_err_set(err, FS_EIO, "db",
		    "filen %s är ingen finsam-databas", path);
		goto fail;
	}
	st->version = ver;
	if (ver > latest) {
		rc = fs_err_set(err, FS_EVERSION, "db",
		    "databasen har schemaversion %d men det här programmet "
		    "känner bara till version %d: uppgradera finsam", ver,
		    latest);
		goto fail;
	}
	if (ver < maxver) {
		if (flags & FS_STORE_READONLY) {
			rc = fs_err_set(err, FS_EVERSION, "db",
			    "databasen har schemaversion %d och behöver "
			    "uppgraderas, vilket inte går skrivskyddat", ver);
			goto fail;
		}
		rc = migrate(st, maxver, err);
		if (rc != FS_OK)
			goto fail;
	}
	*out = st;
	return FS_OK;
fail:
	fs_store_close(st);
	return rc;
}

enum fs_rc
fs_store_open(const char *path, int flags, struct fs_store **out,
    struct fs_err *err)
{
	return fs_store_open_version(path, flags, fs_store_latest_version(),
	    out, err);
}

void
fs_store_close(struct fs_store *st)
{
	if (st == NULL)
		return;
	if (st->in_tx)
		fs_store_rollback(st);
	for (size_t i = 0; i < FS_STMT__MAX; i++)
		sqlite3_finalize(st->stmts[i].st);
	for (size_t i = 0; i < FS_NELEM(st->sp); i++)
		for (size_t k = 0; k < FS_NELEM(st->sp[i]); k++)
			sqlite3_finalize(st->sp[i][k]);
	sqlite3_close(st->db);
	free(st);
}

enum fs_rc
fs_store_begin(struct fs_store *st, struct fs_err *err)
{
	if (st->in_tx)
		return fs_err_set(err, FS_EDB, NULL,
		    "intern: transaktion pågår redan");
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return db_error(st, err, "begin");
	st->in_tx = 1;
	return FS_OK;
}

enum fs_rc
fs_store_commit(struct fs_store *st, struct fs_err *err)
{
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		enum fs_rc rc = db_error(st, err, "commit");
		fs_store_rollback(st);
		return rc;
	}
	st->in_tx = 0;
	return FS_OK;
}

void
fs_store_rollback(struct fs_store *st)
{
	/* Reset statements first: an active reader blocks ROLLBACK. */
	for (size_t i = 0; i < FS_STMT__MAX; i++)
		if (st->stmts[i].st != NULL)
			sqlite3_reset(st->stmts[i].st);
	if (sqlite3_get_autocommit(st->db) == 0)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = 0;
}

bool
fs_store_in_transaction(const struct fs_store *st)
{
	return st->in_tx != 0;
}

/*
 * Savepoints inside the open transaction, one fixed name per level, so
 * that no SQL is ever assembled from text; prepared once, as a writer
 * runs three of them per request.
 */
enum { SP_BEGIN, SP_RELEASE, SP_ROLLBACK };
static const char *const sp_sql[][3] = {
	{ "SAVEPOINT fs_sp0", "RELEASE fs_sp0", "ROLLBACK TO fs_sp0" },
	{ "SAVEPOINT fs_sp1", "RELEASE fs_sp1", "ROLLBACK TO fs_sp1" },
};
_Static_assert(FS_NELEM(sp_sql) == FS_STORE_SAVEPOINT_LEVELS, "sp_sql");

static int
sp_run(struct fs_store *st, int level, int what)
{
	sqlite3_stmt **p = &st->sp[level][what];
	int rc;

	if (*p == NULL && sqlite3_prepare_v3(st->db, sp_sql[level][what], -1,
	    SQLITE_PREPARE_PERSISTENT, p, NULL) != SQLITE_OK)
		return SQLITE_ERROR;
	rc = sqlite3_step(*p);
	sqlite3_reset(*p);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

enum fs_rc
fs_store_savepoint(struct fs_store *st, int level, struct fs_err *err)
{
	if (!st->in_tx || level < 0 || level >= FS_STORE_SAVEPOINT_LEVELS)
		return fs_err_set(err, FS_EDB, NULL,
		    "intern: sparpunkt utan transaktion");
	if (sp_run(st, level, SP_BEGIN) != SQLITE_OK)
		return db_error(st, err, "savepoint");
	return FS_OK;
}

enum fs_rc
fs_store_release(struct fs_store *st, int level, struct fs_err *err)
{
	if (level < 0 || level >= FS_STORE_SAVEPOINT_LEVELS)
		return fs_err_set(err, FS_EDB, NULL, "intern: okänd sparpunkt");
	if (sp_run(st, level, SP_RELEASE) != SQLITE_OK)
		return db_error(st, err, "release");
	return FS_OK;
}

void
fs_store_rollback_to(struct fs_store *st, int level)
{
	if (level < 0 || level >= FS_STORE_SAVEPOINT_LEVELS)
		return;
	/* As for ROLLBACK: no statement of the connection may be active. */
	for (size_t i = 0; i < FS_STMT__MAX; i++)
		if (st->stmts[i].st != NULL)
			sqlite3_reset(st->stmts[i].st);
	if (sp_run(st, level, SP_ROLLBACK) == SQLITE_OK)
		(void)sp_run(st, level, SP_RELEASE);
}

void
fs_store_autocheckpoint(struct fs_store *st, int pages)
{
	sqlite3_wal_autocheckpoint(st->db, pages);
}

enum fs_rc
fs_store_checkpoint(struct fs_store *st, int64_t *log_pages,
    struct fs_err *err)
{
	int rc, nlog = -1;

	rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
	    &nlog, NULL);
	if (log_pages != NULL)
		*log_pages = nlog;
	/* Busy: another checkpoint runs; it does the same work. */
	if (rc != SQLITE_OK && rc != SQLITE_BUSY)
		return db_error(st, err, "checkpoint");
	return FS_OK;
}

void
fs_store_bulk(struct fs_store *st, bool on)
{
	(void)sqlite3_exec(st->db, on ? CACHE_BULK : CACHE_NORMAL, NULL, NULL,
	    NULL);
}

enum fs_rc
fs_store_stmt(struct fs_store *st, enum fs_stmt_id id, struct fs_stmt **out,
    struct fs_err *err)
{
	struct fs_stmt *s;

	assert((unsigned)id < FS_STMT__MAX);
	s = &st->stmts[id];
	/* Set even on failure, so no caller can read it uninitialised. */
	*out = s;
	if (s->st == NULL) {
		if (sqlite3_prepare_v3(st->db, fs_stmts_sqlite[id], -1,
		    SQLITE_PREPARE_PERSISTENT, &s->st, NULL) != SQLITE_OK)
			return db_error(st, err, "prepare");
	} else {
		sqlite3_reset(s->st);
		sqlite3_clear_bindings(s->st);
	}
	s->bind_rc = SQLITE_OK;
	s->used = 0;
	return FS_OK;
}

int64_t
fs_store_last_id(struct fs_store *st)
{
	return sqlite3_last_insert_rowid(st->db);
}

int64_t
fs_store_changes(struct fs_store *st)
{
	return sqlite3_changes64(st->db);
}

static void
note_bind(struct fs_stmt *s, int rc)
{
	if (rc != SQLITE_OK && s->bind_rc == SQLITE_OK)
		s->bind_rc = rc;
}

void
fs_stmt_bind_i64(struct fs_stmt *s, int i, int64_t v)
{
	note_bind(s, sqlite3_bind_int64(s->st, i, v));
}

void
fs_stmt_bind_double(struct fs_stmt *s, int i, double v)
{
	note_bind(s, sqlite3_bind_double(s->st, i, v));
}

/* A copy of p[0..len) in the statement's scratch, or NULL if full. */
static const char *
scratch_copy(struct fs_stmt *s, const void *p, size_t len)
{
	char *dst;

	if (len > STMT_SCRATCH - s->used)
		return NULL;
	dst = s->scratch + s->used;
	memcpy(dst, p, len);
	s->used += len;
	return dst;
}

void
fs_stmt_bind_text(struct fs_stmt *s, int i, const char *p, size_t len)
{
	const char *c = scratch_copy(s, p, len);

	if (c != NULL)
		note_bind(s, sqlite3_bind_text64(s->st, i, c, len,
		    SQLITE_STATIC, SQLITE_UTF8));
	else
		note_bind(s, sqlite3_bind_text64(s->st, i, p, len,
		    SQLITE_TRANSIENT, SQLITE_UTF8));
}

void
fs_stmt_bind_str(struct fs_stmt *s, int i, const char *p)
{
	if (p == NULL)
		fs_stmt_bind_null(s, i);
	else
		fs_stmt_bind_text(s, i, p, strlen(p));
}

void
fs_stmt_bind_blob(struct fs_stmt *s, int i, const void *p, size_t len)
{
	const char *c = scratch_copy(s, p, len);

	if (c != NULL)
		note_bind(s, sqlite3_bind_blob64(s->st, i, c, len,
		    SQLITE_STATIC));
	else
		note_bind(s, sqlite3_bind_blob64(s->st, i, p, len,
		    SQLITE_TRANSIENT));
}

void
fs_stmt_bind_null(struct fs_stmt *s, int i)
{
	note_bind(s, sqlite3_bind_null(s->st, i));
}

enum fs_rc
fs_stmt_step(struct fs_stmt *s, bool *row, struct fs_err *err)
{
	int rc;

	*row = false;
	if (s->bind_rc != SQLITE_OK)
		return fs_err_set(err, FS_EDB, NULL, "databasfel (bind): %s",
		    sqlite3_errstr(s->bind_rc));
	rc = sqlite3_step(s->st);
	if (rc == SQLITE_ROW) {
		*row = true;
		return FS_OK;
	}
	if (rc == SQLITE_DONE)
		return FS_OK;
	sqlite3_reset(s->st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return fs_err_set(err, FS_ECONFLICT, NULL,
		    "bryter mot en regel i databasen: %s",
		    sqlite3_errmsg(s->store->db));
	return db_error(s->store, err, "step");
}

enum fs_rc
fs_stmt_exec(struct fs_stmt *s, struct fs_err *err)
{
	bool row;
	enum fs_rc rc;

	rc = fs_stmt_step(s, &row, err);
	sqlite3_reset(s->st);
	return rc;
}

void
fs_stmt_reset(struct fs_stmt *s)
{
	sqlite3_reset(s->st);
}

bool
fs_stmt_col_null(struct fs_stmt *s, int c)
{
	return sqlite3_column_type(s->st, c) == SQLITE_NULL;
}

int64_t
fs_stmt_col_i64(struct fs_stmt *s, int c)
{
	return sqlite3_column_int64(s->st, c);
}

double
fs_stmt_col_double(struct fs_stmt *s, int c)
{
	return sqlite3_column_double(s->st, c);
}

const char *
fs_stmt_col_text(struct fs_stmt *s, int c, size_t *len)
{
	const unsigned char *t = sqlite3_column_text(s->st, c);

	if (len != NULL)
		*len = t == NULL ? 0 : (size_t)sqlite3_column_bytes(s->st, c);
	return t == NULL ? "" : (const char *)t;
}

const void *
fs_stmt_col_blob(struct fs_stmt *s, int c, size_t *len)
{
	const void *p = sqlite3_column_blob(s->st, c);

	if (len != NULL)
		*len = (size_t)sqlite3_column_bytes(s->st, c);
	return p;
}

void
fs_stmt_bind_date(struct fs_stmt *s, int i, int32_t day)
{
	char buf[11];

	if (day == FS_DATE_NONE) {
		fs_stmt_bind_null(s, i);
		return;
	}
	fs_date_format(day, buf);
	fs_stmt_bind_text(s, i, buf, 10);
}

int32_t
fs_stmt_col_date(struct fs_stmt *s, int c)
{
	const char *t;
	size_t len;
	int32_t d;

	if (fs_stmt_col_null(s, c))
		return FS_DATE_NONE;
	t = fs_stmt_col_text(s, c, &len);
	if (fs_parse_date(t, len, &d, NULL, NULL) != FS_OK)
		return FS_DATE_NONE;
	return d;
}

enum fs_rc
fs_stmt_collect(struct fs_stmt *s, size_t elem, fs_row_fn read, void *arg,
    void **out, size_t *n, struct fs_err *err)
{
	char *v = NULL, *grown;
	size_t cnt = 0, cap = 0;
	enum fs_rc rc;
	bool row;

	for (;;) {
		rc = fs_stmt_step(s, &row, err);
		if (rc != FS_OK || !row)
			break;
		if (cnt == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			grown = fs_reallocarray(v, cap, elem);
			if (grown == NULL) {
				rc = fs_err_set(err, FS_ENOMEM, NULL,
				    "minnet räcker inte");
				break;
			}
			v = grown;
		}
		memset(v + cnt * elem, 0, elem);
		cnt++;
		rc = read(s, v + (cnt - 1) * elem, arg, err);
		if (rc != FS_OK)
			break;
	}
	sqlite3_reset(s->st);
	*out = v;
	*n = cnt;
	return rc;
}

/* ---- backup and restore ---- */

/* Copy every page of src's main database into dst in one step. */
static enum fs_rc
copy_pages(sqlite3 *dst, sqlite3 *src, struct fs_err *err)
{
	sqlite3_backup *b;
	int rc;

	b = sqlite3_backup_init(dst, "main", src, "main");
	if (b == NULL)
		return fs_err_set(err, FS_EDB, NULL,
		    "kopieringen kunde inte börja: %s", sqlite3_errmsg(dst));
	/*
	 * One step of all pages: the source is read in one read
	 * transaction, a consistent snapshot that does not stop writers
	 * in WAL mode; busy (another writer on the destination) is
	 * retried by the busy timeout of the destination's connection.
	 */
	for (int tries = 0; tries < 600; tries++) {
		rc = sqlite3_backup_step(b, -1);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		/* A checkpoint or a writer holds a lock for a moment. */
		sqlite3_sleep(50);
	}
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return fs_err_set(err, FS_EDB, NULL, "kopieringen misslyckades: "
		    "%s", sqlite3_errstr(rc));
	return FS_OK;
}

enum fs_rc
fs_store_backup(struct fs_store *st, const char *path, struct fs_err *err)
{
	sqlite3 *dst = NULL;
	enum fs_rc rc;
	int fd;

	/* O_EXCL: never over an existing file; 0600: it holds everything. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return fs_err_set(err, errno == EEXIST ? FS_ECONFLICT : FS_EIO,
		    "ut", "kan inte skapa %s: %s", path, strerror(errno));
	close(fd);
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		rc = fs_err_set(err, FS_EIO, "ut", "kan inte öppna %s: %s",
		    path, dst != NULL ? sqlite3_errmsg(dst) : "minnet räcker "
		    "inte");
		goto fail;
	}
	rc = copy_pages(dst, st->db, err);
	/* A single file that stands alone: no WAL beside it. */
	if (rc == FS_OK && sqlite3_exec(dst, "PRAGMA journal_mode=DELETE",
	    NULL, NULL, NULL) != SQLITE_OK)
		rc = fs_err_set(err, FS_EIO, "ut", "kan inte skriva %s: %s",
		    path, sqlite3_errmsg(dst));
	if (rc != FS_OK)
		goto fail;
	if (sqlite3_close(dst) != SQLITE_OK) {
		dst = NULL;
		rc = fs_err_set(err, FS_EIO, "ut", "kan inte stänga %s", path);
		goto fail;
	}
	return FS_OK;
fail:
	sqlite3_close(dst);
	unlink(path);
	return rc;
}

enum fs_rc
fs_store_restore(struct fs_store *st, struct fs_store *from,
    struct fs_err *err)
{
	enum fs_rc rc;

	if (st->in_tx)
		return fs_err_set(err, FS_ECONFLICT, NULL,
		    "återställning mitt i en transaktion");
	for (size_t i = 0; i < FS_STMT__MAX; i++)
		if (st->stmts[i].st != NULL)
			sqlite3_reset(st->stmts[i].st);
	rc = copy_pages(st->db, from->db, err);
	if (rc == FS_OK)
		st->version = from->version;
	return rc;
}

enum fs_rc
fs_store_check(struct fs_store *st, struct fs_err *err)
{
	sqlite3_stmt *s = NULL;
	enum fs_rc rc = FS_OK;
	const char *t;

	if (sqlite3_prepare_v2(st->db, "PRAGMA quick_check", -1, &s, NULL) !=
	    SQLITE_OK)
		return db_error(st, err, "kontroll");
	if (sqlite3_step(s) != SQLITE_ROW)
		rc = fs_err_set(err, FS_EIO, "db", "filen går inte att läsa "
		    "som en databas: %s", sqlite3_errmsg(st->db));
	else {
		t = (const char *)sqlite3_column_text(s, 0);
		if (t == NULL || strcmp(t, "ok") != 0)
			rc = fs_err_set(err, FS_EIO, "db", "filen är skadad: "
			    "%s", t != NULL ? t : "okänt fel");
	}
	sqlite3_finalize(s);
	return rc;
}
