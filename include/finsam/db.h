/* SPDX-License-Identifier: ISC */
/*
 * An open finsam database: the store, the installation key that
 * protects personnummer in it, and who is acting.  Every domain
 * function takes a struct fs_db.  Creating a database (finsam init)
 * also creates its key file and loads the reference data for län and
 * kommuner.
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
 * Run fn inside a transaction unless one is already open, in which case
 * fn joins it.  Commits on FS_OK, rolls back otherwise.
 */
enum fs_rc	 fs_db_tx_begin(struct fs_db *db, bool *own, struct fs_err *err)
		    FS_MUSTCHECK;
enum fs_rc	 fs_db_tx_end(struct fs_db *db, bool own, enum fs_rc rc,
		    struct fs_err *err) FS_MUSTCHECK;

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
 * Append an audit log entry (access.md).  object and details must not
 * contain personnummer.  forbund_id/insats_id 0 = none.
 */
enum fs_rc	 fs_db_audit(struct fs_db *db, const char *action,
		    const char *object, int64_t forbund_id, int64_t insats_id,
		    const char *outcome, const char *details,
		    struct fs_err *err) FS_MUSTCHECK;

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" into out (21 bytes). */
void		 fs_db_now(char out[21]);

#endif
