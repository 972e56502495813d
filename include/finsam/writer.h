/* SPDX-License-Identifier: ISC */
/*
 * The group-commit writer of a server: one thread with its own
 * connection through which every write of the server goes, so that
 * many requests share one transaction and one fsync instead of each
 * paying its own and queueing for the database's write lock.
 *
 * A job is queued with fs_writer_submit().  The writer takes every job
 * waiting (at most FS_WRITER_BATCH_MAX), runs them in order inside one
 * transaction, each in a savepoint of its own, and commits once.  A job
 * that fails has its savepoint rolled back: nothing of it is stored and
 * nothing of the others is lost.  Only after the commit is durable
 * (synchronous=FULL) is each job's done called, so that an answer sent
 * from done never acknowledges what is not on disk; when the commit
 * fails, done hears that of every job of the batch.  Inside a job,
 * library transactions become savepoints (db.h, fs_db_tx_begin()), so
 * a library call rolls back exactly what it would on its own.
 *
 * An "alone" job (a CSV import: long, and a savepoint would keep a copy
 * of every page it changes) runs between batches without a
 * surrounding transaction, with the library's own.
 *
 * Checkpoints (copying the log into the database file) are made by a
 * second thread on a connection of its own, never inside a commit:
 * every connection of the server has SQLite's automatic ones off.
 * Under steady load the log would never start over by itself (it does
 * when a write begins with all of it copied), so when it passes 128 MiB
 * the checkpointer copies the last pages holding the write slot (a few
 * milliseconds: the rest is copied by then), and the writer's next
 * batch starts it over; the log file stays about that size.
 *
 * The writer also owns the server's write slot (db.h, struct
 * fs_db_lock): the batch holds it, and so does every transaction of a
 * reader connection attached with fs_writer_attach(), so that the rare
 * write a reader makes itself (a login) waits its turn in order.
 *
 * Threads: fs_writer_submit(), fs_writer_flush() and fs_writer_attach()
 * may be called from any thread; run and done run on the writer's
 * thread, never concurrently with each other.
 *
 * Ownership: fs_writer_start() returns a writer freed by
 * fs_writer_stop(), which first finishes every job queued.  A job and
 * its arg belong to the submitter and must stay valid until done has
 * been called; done is the last use of the job by the writer.
 */
#ifndef FS_WRITER_H
#define FS_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finsam/db.h"
#include "finsam/err.h"

#define FS_WRITER_BATCH_MAX 512

struct fs_writer;

struct fs_writer_job {
	/*
	 * The work, on the writer's connection, inside the batch in a
	 * savepoint of its own (rc != FS_OK rolls it back).  NULL: none
	 * (done still waits for the batch, e.g. for an earlier write).
	 */
	fs_db_write_fn		 run;
	/*
	 * After the batch, on the writer's thread: j->rc is the job's own
	 * result (with j->err), j->commit_rc the batch's commit (with
	 * j->commit_err).  Only rc == commit_rc == FS_OK means stored.
	 */
	void			(*done)(struct fs_writer_job *j);
	void			*arg;
	bool			 alone;
	/* filled by the writer */
	enum fs_rc		 rc;
	struct fs_err		 err;
	enum fs_rc		 commit_rc;
	struct fs_err		 commit_err;
	struct fs_writer_job	*next;
};

/* What the writer did, for the server's last log line and the tests. */
struct fs_writer_stats {
	uint64_t	 batches;	/* transactions committed or tried */
	uint64_t	 jobs;		/* jobs done */
	uint64_t	 failed;	/* jobs rolled back (their own failure) */
	uint64_t	 largest;	/* most jobs in one batch */
	uint64_t	 checkpoints;	/* log copied by the checkpointer */
	uint64_t	 checkpoint_failures;
};

/*
 * Open the writer's own connection to the database at path (key file
 * keypath, NULL: the default; actor as for fs_db_open()) and start its
 * thread.  sessions (may be NULL) is set on the writer's connection.
 */
enum fs_rc	 fs_writer_start(const char *path, const char *keypath,
		    const char *actor, struct fs_session_cache *sessions,
		    struct fs_writer **out, struct fs_err *err) FS_MUSTCHECK;
/*
 * Finish every job queued, stop the thread and close the connection.
 * Every reader attached must be closed first or no longer write.  NULL
 * is accepted.
 */
void		 fs_writer_stop(struct fs_writer *w);
/* Queue j (its run, done and arg set; the rest is the writer's). */
void		 fs_writer_submit(struct fs_writer *w, struct fs_writer_job *j);
/*
 * Submit a job running fn(db, arg) and wait until it is done: its
 * result, or the commit's failure.  Not from run or done.
 */
enum fs_rc	 fs_writer_run(struct fs_writer *w, fs_db_write_fn fn,
		    void *arg, struct fs_err *err) FS_MUSTCHECK;
/* Wait until every job submitted before the call is done. */
void		 fs_writer_flush(struct fs_writer *w);
/* Let reader connection db share the write slot. */
void		 fs_writer_attach(struct fs_writer *w, struct fs_db *db);
void		 fs_writer_stats(struct fs_writer *w, struct fs_writer_stats *out);

#endif
