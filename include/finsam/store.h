/* SPDX-License-Identifier: ISC */
/*
 * The storage interface: one connection to the database, prepared
 * statements addressed by enum fs_stmt_id (the SQL itself lives in one
 * table per dialect, src/lib/sql/stmts_<dialect>.c), transactions and
 * schema migrations.  SQLite is the embedded backend; a PostgreSQL
 * backend implements the same functions.  Nothing outside this
 * interface may talk to the database engine directly.
 *
 * Ownership: fs_store_open() returns a store owned by the caller, freed
 * with fs_store_close().  Statements returned by fs_store_stmt() belong
 * to the store; they are valid until the store is closed and must not
 * be freed.  Text and blobs bound with fs_stmt_bind_* are copied, so the
 * caller may free them at once.  Column values are valid until the next step or
 * reset of the same statement.  A store is used by one thread at a time.
 */
#ifndef FS_STORE_H
#define FS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finsam/err.h"
#include "finsam/stmt.h"

struct fs_store;
struct fs_stmt;

enum fs_store_flags {
	FS_STORE_CREATE = 1 << 0,	/* create the file if missing */
	FS_STORE_READONLY = 1 << 1,	/* open read-only (no migration) */
};

/*
 * Open (and with FS_STORE_CREATE create) the database at path: WAL
 * journal, foreign keys on, synchronous=FULL, a busy timeout; then bring
 * the schema up to date in one transaction.  A database written by a
 * newer finsam is refused with FS_EVERSION.
 */
enum fs_rc	 fs_store_open(const char *path, int flags, struct fs_store **out,
		    struct fs_err *err) FS_MUSTCHECK;
/* Like fs_store_open() but migrate no further than version maxver. */
enum fs_rc	 fs_store_open_version(const char *path, int flags, int maxver,
		    struct fs_store **out, struct fs_err *err) FS_MUSTCHECK;
void		 fs_store_close(struct fs_store *st);

/* The schema version this binary writes, and the version of st. */
int		 fs_store_latest_version(void);
int		 fs_store_version(const struct fs_store *st);

/*
 * Online backup and restore.  fs_store_backup() copies the whole
 * database of st as one consistent snapshot into the new file path
 * (created with mode 0600; FS_ECONFLICT when it exists); writers on
 * other connections go on meanwhile.  fs_store_restore() replaces the
 * content of st with that of from, page by page in one step, so that
 * other connections see either the old or the new database.
 * fs_store_check() runs the engine's consistency check: FS_EIO with
 * the first problem when the file is damaged.
 */
enum fs_rc	 fs_store_backup(struct fs_store *st, const char *path,
		    struct fs_err *err) FS_MUSTCHECK;
enum fs_rc	 fs_store_restore(struct fs_store *st, struct fs_store *from,
		    struct fs_err *err) FS_MUSTCHECK;
enum fs_rc	 fs_store_check(struct fs_store *st, struct fs_err *err)
		    FS_MUSTCHECK;

/* Transactions: begin takes the write lock at once (IMMEDIATE). */
enum fs_rc	 fs_store_begin(struct fs_store *st, struct fs_err *err)
		    FS_MUSTCHECK;
enum fs_rc	 fs_store_commit(struct fs_store *st, struct fs_err *err)
		    FS_MUSTCHECK;
void		 fs_store_rollback(struct fs_store *st);
bool		 fs_store_in_transaction(const struct fs_store *st);
/*
 * Savepoints inside the open transaction (level 0 or 1, at most one
 * open per level): a rollback to one undoes what was done since it and
 * ends it, leaving the transaction open; a release keeps the work.
 * The group-commit writer (writer.h) gives each request of a batch its
 * own, so that one failing request loses nothing of the others.
 */
#define FS_STORE_SAVEPOINT_LEVELS 2
enum fs_rc	 fs_store_savepoint(struct fs_store *st, int level,
		    struct fs_err *err) FS_MUSTCHECK;
enum fs_rc	 fs_store_release(struct fs_store *st, int level,
		    struct fs_err *err) FS_MUSTCHECK;
void		 fs_store_rollback_to(struct fs_store *st, int level);

/*
 * Checkpoints (copying the write-ahead log into the database file):
 * after every commit that leaves more than pages of log (pages 0: never;
 * SQLite's default is 1000), or now with fs_store_checkpoint(), which
 * never waits for or blocks a writer and copies what it can; *log_pages
 * (may be NULL) gets the pages in the log, -1 when not known.  The log
 * starts over at the first write after a checkpoint that copied all of
 * it, unless a reader still reads from the log.  A server turns the
 * automatic ones off so that its writer never pays for one inside a
 * commit, and checkpoints from a thread of its own.
 */
void		 fs_store_autocheckpoint(struct fs_store *st, int pages);
enum fs_rc	 fs_store_checkpoint(struct fs_store *st, int64_t *log_pages,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * Bulk mode, for one large transaction such as an import: the page
 * cache may grow to 1 GiB, so that the pages the transaction changes
 * stay in memory until the commit writes them once, instead of being
 * spilled to the journal and read back again and again.  Off returns to
 * the normal 64 MiB and frees the memory.  Durability is unchanged, and
 * so is everything else when the setting fails: it only costs speed.
 */
void		 fs_store_bulk(struct fs_store *st, bool on);

/*
 * The prepared statement id, reset and with its bindings cleared.
 * Parameters are numbered from 1; columns from 0.
 */
enum fs_rc	 fs_store_stmt(struct fs_store *st, enum fs_stmt_id id,
		    struct fs_stmt **out, struct fs_err *err) FS_MUSTCHECK;
int64_t		 fs_store_last_id(struct fs_store *st);
/* Rows changed by the last completed statement. */
int64_t		 fs_store_changes(struct fs_store *st);

void		 fs_stmt_bind_i64(struct fs_stmt *s, int i, int64_t v);
void		 fs_stmt_bind_double(struct fs_stmt *s, int i, double v);
void		 fs_stmt_bind_text(struct fs_stmt *s, int i, const char *p,
		    size_t len);
/* Bind a NUL-terminated string, or NULL as SQL NULL. */
void		 fs_stmt_bind_str(struct fs_stmt *s, int i, const char *p);
void		 fs_stmt_bind_blob(struct fs_stmt *s, int i, const void *p,
		    size_t len);
void		 fs_stmt_bind_null(struct fs_stmt *s, int i);
/* Bind a day number as 'YYYY-MM-DD', FS_DATE_NONE as NULL. */
void		 fs_stmt_bind_date(struct fs_stmt *s, int i, int32_t day);
/*
 * Run one step: *row is true when a result row is available.  A
 * uniqueness or foreign-key violation gives FS_ECONFLICT; any other
 * failure FS_EDB with the engine's message.
 */
enum fs_rc	 fs_stmt_step(struct fs_stmt *s, bool *row, struct fs_err *err)
		    FS_MUSTCHECK;
/* Step a statement that returns no rows, then reset it. */
enum fs_rc	 fs_stmt_exec(struct fs_stmt *s, struct fs_err *err)
		    FS_MUSTCHECK;
void		 fs_stmt_reset(struct fs_stmt *s);
bool		 fs_stmt_col_null(struct fs_stmt *s, int c);
int64_t		 fs_stmt_col_i64(struct fs_stmt *s, int c);
double		 fs_stmt_col_double(struct fs_stmt *s, int c);
/* Text of column c ("" for NULL); *len may be NULL. */
const char	*fs_stmt_col_text(struct fs_stmt *s, int c, size_t *len);
const void	*fs_stmt_col_blob(struct fs_stmt *s, int c, size_t *len);
/*
 * Read every row of s into a growing array of elements of elem bytes,
 * calling read(s, element, arg, err) for each (the element is zeroed
 * first).  On success *out (free with free()) holds *n elements.  On
 * failure the elements read so far are still in *out and *n, so that
 * the caller can release what they own; the statement is reset either
 * way.
 */
typedef enum fs_rc (*fs_row_fn)(struct fs_stmt *s, void *elem, void *arg,
    struct fs_err *err);
enum fs_rc	 fs_stmt_collect(struct fs_stmt *s, size_t elem, fs_row_fn read,
		    void *arg, void **out, size_t *n, struct fs_err *err)
		    FS_MUSTCHECK;
/* Column c as a day number; NULL or not a date gives FS_DATE_NONE. */
int32_t		 fs_stmt_col_date(struct fs_stmt *s, int c);

#endif
