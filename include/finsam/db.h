/* SPDX-License-Identifier: ISC */
/*
 * An open finsam database: the store, the installation key that
 * protects personnummer in it, and who is acting.  Every domain
 * function takes a struct fs_db.  Creating a database (finsam init)
 * also creates its key file and loads the reference data for län and
 * kommuner.
 *
 * Also here: transactions that nest by joining, the write slot and the
 * deferred writes that let a server funnel every write through one
 * writer (writer.h), and the one writer of the audit log table.
 *
 * Ownership: fs_db_open()/fs_db_init() return a db owned by the caller,
 * freed with fs_db_close().  The store and keys belong to the db.
 */
#ifndef FS_DB_H
#define FS_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "finsam/err.h"

struct fs_store;
struct fs_keys;
struct fs_db;
struct fs_db_lock;
struct fs_session_cache;

/*
 * A write that may be done later and on another connection: fn runs
 * with that connection's db and arg, inside a transaction (its own or
 * a batch's).  arg belongs to the job and is freed with free_arg (may
 * be NULL) once fn has run or been dropped.
 */
typedef enum fs_rc (*fs_db_write_fn)(struct fs_db *db, void *arg,
    struct fs_err *err);

struct fs_db_job {
	fs_db_write_fn		 fn;
	void			*arg;
	void			(*free_arg)(void *);
	struct fs_db_job	*next;
};

/* The collector of deferred writes (see fs_db_defer_to()). */
typedef void (*fs_db_defer_fn)(void *ctx, struct fs_db_job *job);

struct fs_db {
	struct fs_store	*store;
	struct fs_keys	*keys;
	char		*actor;	/* who acts, e.g. "cli:anna"; owned */
	char		*path;	/* database path; owned */
	/*
	 * Bulk mode (imports): per-row audit entries are replaced by one
	 * entry for the whole operation, written by its owner.
	 */
	bool		 bulk;
	/*
	 * The rest of who acts, for the audit entries the library writes
	 * itself: the role that allowed the request and the client address
	 * ("" when not known, as on the command line).  Set by the shell.
	 */
	char		 roll[32];
	char		 klient[64];
	/*
	 * Results a report module keeps for this connection, valid for one
	 * participation data generation (see fs_db_bump_generation()); freed
	 * with memo_free by fs_db_close().  Owned by the report module.
	 */
	void		*memo;
	void		(*memo_free)(void *);
	/*
	 * Set by a server on each of its connections (writer.h); NULL and
	 * false on the command line.  All borrowed.
	 *
	 * wlock: the server's one write slot.  A transaction of this
	 * connection takes it first, so that the writers of one process
	 * queue in order instead of polling SQLite's busy handler.
	 * defer/defer_ctx: while set (a reader connection during a
	 * request), writes made outside a transaction through
	 * fs_db_write_later() (audit entries, session touches) are handed
	 * to defer and done by the writer in its next batch, before the
	 * answer is sent.  batch/sp_open: the writer is running a job of a
	 * batch; the job's first transaction is then a savepoint
	 * (fs_db_tx_begin()).  sessions: the server's session cache.
	 */
	struct fs_db_lock	*wlock;
	fs_db_defer_fn		 defer;
	void			*defer_ctx;
	bool			 batch;
	bool			 sp_open;
	struct fs_session_cache	*sessions;
};

/*
 * Create a new database at path with a new key file at keypath (NULL:
 * the default of fs_keys_default_path()).  Refuses when either exists.
 * Loads the 21 län and 290 kommuner.
 */
enum fs_rc	 fs_db_init(const char *path, const char *keypath,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * Open an existing database (upgrading its schema when older) with its
 * key file (keypath NULL: the default).  The key is checked against the
 * fingerprint stored in the database.  actor is copied.
 */
enum fs_rc	 fs_db_open(const char *path, const char *keypath,
		    const char *actor, struct fs_db **out, struct fs_err *err)
		    FS_MUSTCHECK;
void		 fs_db_close(struct fs_db *db);

/*
 * Begin a transaction unless one is already open, in which case the
 * caller joins it (*own false); fs_db_tx_end() commits on FS_OK and
 * rolls back otherwise, and does nothing when !own.  With a write slot
 * (db->wlock) the slot is held from begin to end.  Inside a job of a
 * writer batch (db->batch) the first level is a savepoint instead of a
 * transaction, so that a call rolls back exactly what it would on the
 * command line and nothing of the other jobs.
 */
enum fs_rc	 fs_db_tx_begin(struct fs_db *db, bool *own, struct fs_err *err)
		    FS_MUSTCHECK;
enum fs_rc	 fs_db_tx_end(struct fs_db *db, bool own, enum fs_rc rc,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * A small write (fn with arg, see fs_db_write_fn): when db defers and
 * no transaction is open, handed to db->defer (FS_OK; the writer runs
 * it later); otherwise run at once, joining the open transaction or in
 * one of its own.  arg is taken in every case.  FS_ENOMEM (arg freed)
 * when the job cannot be allocated.
 */
enum fs_rc	 fs_db_write_later(struct fs_db *db, fs_db_write_fn fn,
		    void *arg, void (*free_arg)(void *), struct fs_err *err)
		    FS_MUSTCHECK;
/* Install (fn non-NULL) or remove (fn NULL) the collector of db. */
void		 fs_db_defer_to(struct fs_db *db, fs_db_defer_fn fn,
		    void *ctx);
/* Run jobs in order on db (they join its transaction) and free them all. */
enum fs_rc	 fs_db_jobs_run(struct fs_db *db, struct fs_db_job *jobs,
		    struct fs_err *err) FS_MUSTCHECK;
/* Free jobs without running them. */
void		 fs_db_jobs_free(struct fs_db_job *jobs);

/*
 * The write slot: a FIFO lock (a ticket lock), so that a waiting
 * writer is served in turn even when the holder comes back at once.
 * Ownership: fs_db_lock_new() returns a lock freed with
 * fs_db_lock_free() after every connection using it is closed.
 */
enum fs_rc	 fs_db_lock_new(struct fs_db_lock **out, struct fs_err *err)
		    FS_MUSTCHECK;
void		 fs_db_lock_free(struct fs_db_lock *l);
void		 fs_db_lock_take(struct fs_db_lock *l);
void		 fs_db_lock_give(struct fs_db_lock *l);

/*
 * Mark the data behind reports as changed: participations, and the
 * förbund's names and home län (invalidates every report cache).
 */
enum fs_rc	 fs_db_bump_generation(struct fs_db *db, struct fs_err *err)
		    FS_MUSTCHECK;
/* The current participation data generation. */
enum fs_rc	 fs_db_generation(struct fs_db *db, int64_t *out,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * Append an audit log entry (access.md) with the actor, role and client
 * of db.  object and details must not contain personnummer.
 * forbund_id/insats_id 0 = none.  A deferring connection hands the
 * entry on (fs_db_write_later()), stamped with the time of the call.
 */
enum fs_rc	 fs_db_audit(struct fs_db *db, const char *action,
		    const char *object, int64_t forbund_id, int64_t insats_id,
		    const char *outcome, const char *details,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * One row of the audit log exactly as stored: NULL strings and 0 ids
 * are stored as NULL; tid NULL means now.  The one writer of the table
 * logg: fs_db_audit() and audit.h's fs_audit_write() both end here.
 */
struct fs_db_logg {
	const char	*tid;
	const char	*anvandare;
	const char	*roll;
	const char	*handling;
	const char	*objekt;
	int64_t		 forbund_id;
	int64_t		 insats_id;
	const char	*utfall;
	const char	*klient;
	const char	*detaljer;
};

/* Append l (deferred like fs_db_audit() when db defers). */
enum fs_rc	 fs_db_logg_write(struct fs_db *db, const struct fs_db_logg *l,
		    struct fs_err *err) FS_MUSTCHECK;

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" into out (21 bytes). */
void		 fs_db_now(char out[21]);

#endif
