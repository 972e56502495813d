/* SPDX-License-Identifier: ISC */
/*
 * The group-commit writer (writer.h): the queue of jobs, the writer
 * thread and its connection, the batch loop (one transaction, a
 * savepoint per job, one commit, then every done), the checkpointer
 * thread, and the write slot shared with the server's reader
 * connections.  Owns struct fs_writer, its threads, connections and
 * lock.
 */
#include "compat.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include <stdio.h>

#include "finsam/alloc.h"
#include "finsam/db.h"
#include "finsam/store.h"
#include "finsam/writer.h"

/* The savepoint level of a job; the library's first level is 1 (db.c). */
#define JOB_LEVEL 0

/* The least time between two checkpoints while writes go on. */
#define CHECKPOINT_EVERY_MS 100
/*
 * A log of this many pages (128 MiB of 4 KiB pages) is made to start
 * over, holding the writer off for the last pages.
 */
#define LOG_RESTART_PAGES 32768

struct fs_writer {
	pthread_t		 thread;
	pthread_t		 ckpt_thread;
	pthread_mutex_t		 mu;
	pthread_cond_t		 work;		/* a job came, or stop */
	pthread_cond_t		 idle;		/* a batch ended */
	pthread_cond_t		 ckpt;		/* a commit: log to copy */
	bool			 dirty;		/* committed since the last checkpoint */
	bool			 ckpt_stopping;
	struct fs_store		*ckpt_store;	/* the checkpointer's connection */
	struct fs_writer_job	*head;		/* queue, FIFO */
	struct fs_writer_job	*tail;
	uint64_t		 submitted;	/* jobs ever queued */
	uint64_t		 finished;	/* jobs ever done */
	bool			 stopping;
	struct fs_db		*db;
	struct fs_db_lock	*lock;
	struct fs_writer_stats	 stats;
};

/* Take the next run of jobs off the queue: a batch, or one alone job. */
static struct fs_writer_job *
take(struct fs_writer *w, size_t *n)
{
	struct fs_writer_job *first = w->head, *j, *last;

	*n = 0;
	if (first == NULL)
		return NULL;
	last = first;
	*n = 1;
	if (!first->alone) {
		for (j = first->next; j != NULL && !j->alone &&
		    *n < FS_WRITER_BATCH_MAX; j = j->next) {
			last = j;
			(*n)++;
		}
	}
	w->head = last->next;
	if (w->head == NULL)
		w->tail = NULL;
	last->next = NULL;
	return first;
}

/* Run one job of the batch in its savepoint. */
static void
run_job(struct fs_writer *w, struct fs_writer_job *j)
{
	struct fs_db *db = w->db;

	j->rc = FS_OK;
	if (j->run == NULL)
		return;
	j->rc = fs_store_savepoint(db->store, JOB_LEVEL, &j->err);
	if (j->rc != FS_OK)
		return;
	db->batch = true;
	db->sp_open = false;
	j->rc = j->run(db, j->arg, &j->err);
	if (FS_NEVER(db->sp_open)) {
		/* A library call left its savepoint open: undo it. */
		fs_store_rollback_to(db->store, 1);
		db->sp_open = false;
		if (j->rc == FS_OK)
			j->rc = fs_err_set(&j->err, FS_EDB, NULL,
			    "intern: en transaktion avslutades inte");
	}
	db->batch = false;
	if (j->rc == FS_OK)
		j->rc = fs_store_release(db->store, JOB_LEVEL, &j->err);
	if (j->rc != FS_OK)
		fs_store_rollback_to(db->store, JOB_LEVEL);
}

/* One batch: begin, every job, commit; the commit's result into each. */
static void
run_batch(struct fs_writer *w, struct fs_writer_job *jobs)
{
	struct fs_writer_job *j;
	struct fs_err err = FS_ERR_INIT;
	enum fs_rc rc;

	rc = fs_store_begin(w->db->store, &err);
	if (rc == FS_OK) {
		for (j = jobs; j != NULL; j = j->next)
			run_job(w, j);
		rc = fs_store_commit(w->db->store, &err);
	}
	for (j = jobs; j != NULL; j = j->next) {
		j->commit_rc = rc;
		j->commit_err = err;
	}
}

/* An alone job: no surrounding transaction, the library's own. */
static void
run_alone(struct fs_writer *w, struct fs_writer_job *j)
{
	j->rc = j->run != NULL ? j->run(w->db, j->arg, &j->err) : FS_OK;
	j->commit_rc = FS_OK;
	if (FS_NEVER(fs_store_in_transaction(w->db->store))) {
		fs_store_rollback(w->db->store);
		j->commit_rc = fs_err_set(&j->commit_err, FS_EDB, NULL,
		    "intern: en transaktion avslutades inte");
	}
}

static void *
loop(void *arg)
{
	struct fs_writer *w = arg;
	struct fs_writer_job *jobs, *j, *next;
	size_t n, failed;

	for (;;) {
		pthread_mutex_lock(&w->mu);
		while (w->head == NULL && !w->stopping)
			pthread_cond_wait(&w->work, &w->mu);
		jobs = take(w, &n);
		pthread_mutex_unlock(&w->mu);
		if (jobs == NULL)
			break;		/* stopping, and nothing left */
		for (j = jobs; j != NULL; j = j->next) {
			memset(&j->err, 0, sizeof(j->err));
			memset(&j->commit_err, 0, sizeof(j->commit_err));
		}
		fs_db_lock_take(w->lock);
		if (jobs->alone)
			run_alone(w, jobs);
		else
			run_batch(w, jobs);
		fs_db_lock_give(w->lock);
		/* done may free the job: nothing touches it afterwards. */
		failed = 0;
		for (j = jobs; j != NULL; j = next) {
			next = j->next;
			j->next = NULL;
			if (j->rc != FS_OK)
				failed++;
			if (j->done != NULL)
				j->done(j);
		}
		pthread_mutex_lock(&w->mu);
		w->dirty = true;
		pthread_cond_signal(&w->ckpt);
		w->stats.batches++;
		w->stats.jobs += n;
		w->stats.failed += failed;
		if (n > w->stats.largest)
			w->stats.largest = n;
		w->finished += n;
		pthread_cond_broadcast(&w->idle);
		pthread_mutex_unlock(&w->mu);
	}
	return NULL;
}

/*
 * The checkpointer: copies the log into the database file on a
 * connection of its own, at most every CHECKPOINT_EVERY_MS while
 * commits come, so that no commit of the writer stops for it (SQLite
 * would otherwise checkpoint inside the commit that fills the log),
 * and has the log started over when it has grown past
 * LOG_RESTART_PAGES.
 */
static void *
ckpt_loop(void *arg)
{
	struct fs_writer *w = arg;
	struct fs_err err = FS_ERR_INIT;
	struct timespec until;
	int64_t pages;
	enum fs_rc rc;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->dirty && !w->ckpt_stopping)
			pthread_cond_wait(&w->ckpt, &w->mu);
		if (w->ckpt_stopping)
			break;
		w->dirty = false;
		pthread_mutex_unlock(&w->mu);
		rc = fs_store_checkpoint(w->ckpt_store, &pages, &err);
		if (rc == FS_OK && pages > LOG_RESTART_PAGES) {
			/*
			 * Commits never pause long enough for the log to be
			 * all copied when the next one starts, so it would
			 * never start over.  Copy what came meanwhile, then
			 * the last few pages with the writer held off: its
			 * next transaction starts the log over.
			 */
			rc = fs_store_checkpoint(w->ckpt_store, NULL, &err);
			fs_db_lock_take(w->lock);
			if (rc == FS_OK)
				rc = fs_store_checkpoint(w->ckpt_store, NULL,
				    &err);
			fs_db_lock_give(w->lock);
		}
		pthread_mutex_lock(&w->mu);
		if (rc != FS_OK)
			w->stats.checkpoint_failures++;
		else
			w->stats.checkpoints++;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += CHECKPOINT_EVERY_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (!w->ckpt_stopping &&
		    pthread_cond_timedwait(&w->ckpt, &w->mu, &until) == 0)
			continue;
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

static void
ckpt_stop(struct fs_writer *w)
{
	pthread_mutex_lock(&w->mu);
	w->ckpt_stopping = true;
	pthread_cond_signal(&w->ckpt);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->ckpt_thread, NULL);
}

enum fs_rc
fs_writer_start(const char *path, const char *keypath, const char *actor,
    struct fs_session_cache *sessions, struct fs_writer **out,
    struct fs_err *err)
{
	struct fs_writer *w;
	enum fs_rc rc;

	*out = NULL;
	w = fs_calloc(1, sizeof(*w));
	if (w == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->work, NULL);
	pthread_cond_init(&w->idle, NULL);
	pthread_cond_init(&w->ckpt, NULL);
	rc = fs_db_lock_new(&w->lock, err);
	if (rc == FS_OK)
		rc = fs_db_open(path, keypath, actor, &w->db, err);
	if (rc == FS_OK)
		rc = fs_store_open(path, 0, &w->ckpt_store, err);
	if (rc != FS_OK)
		goto fail;
	/* The writer holds the slot around its batches itself. */
	w->db->wlock = NULL;
	w->db->sessions = sessions;
	fs_store_autocheckpoint(w->db->store, 0);
	if (pthread_create(&w->ckpt_thread, NULL, ckpt_loop, w) != 0) {
		rc = fs_err_set(err, FS_EIO, NULL,
		    "kunde inte starta kontrollpunktstråden");
		goto fail;
	}
	if (pthread_create(&w->thread, NULL, loop, w) != 0) {
		rc = fs_err_set(err, FS_EIO, NULL,
		    "kunde inte starta skrivtråden");
		ckpt_stop(w);
		goto fail;
	}
	*out = w;
	return FS_OK;
fail:
	fs_store_close(w->ckpt_store);
	fs_db_close(w->db);
	fs_db_lock_free(w->lock);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->work);
	pthread_cond_destroy(&w->idle);
	pthread_cond_destroy(&w->ckpt);
	free(w);
	return rc;
}

void
fs_writer_stop(struct fs_writer *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->mu);
	w->stopping = true;
	pthread_cond_broadcast(&w->work);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	ckpt_stop(w);
	fs_store_close(w->ckpt_store);
	/* The last connection to close checkpoints the rest. */
	fs_db_close(w->db);
	fs_db_lock_free(w->lock);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->work);
	pthread_cond_destroy(&w->idle);
	pthread_cond_destroy(&w->ckpt);
	free(w);
}

void
fs_writer_submit(struct fs_writer *w, struct fs_writer_job *j)
{
	j->next = NULL;
	pthread_mutex_lock(&w->mu);
	if (w->tail != NULL)
		w->tail->next = j;
	else
		w->head = j;
	w->tail = j;
	w->submitted++;
	pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->mu);
}

/* fs_writer_run(): the caller waits on this. */
struct waiter {
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	bool			 done;
	fs_db_write_fn		 fn;
	void			*arg;
	struct fs_writer_job	 job;
};

static enum fs_rc
waiter_run(struct fs_db *db, void *arg, struct fs_err *err)
{
	struct waiter *wt = arg;

	return wt->fn(db, wt->arg, err);
}

static void
waiter_done(struct fs_writer_job *j)
{
	struct waiter *wt = j->arg;

	pthread_mutex_lock(&wt->mu);
	wt->done = true;
	pthread_cond_signal(&wt->cv);
	pthread_mutex_unlock(&wt->mu);
}

enum fs_rc
fs_writer_run(struct fs_writer *w, fs_db_write_fn fn, void *arg,
    struct fs_err *err)
{
	struct waiter wt;
	enum fs_rc rc;

	memset(&wt, 0, sizeof(wt));
	pthread_mutex_init(&wt.mu, NULL);
	pthread_cond_init(&wt.cv, NULL);
	wt.fn = fn;
	wt.arg = arg;
	wt.job.run = waiter_run;
	wt.job.done = waiter_done;
	wt.job.arg = &wt;
	fs_writer_submit(w, &wt.job);
	pthread_mutex_lock(&wt.mu);
	while (!wt.done)
		pthread_cond_wait(&wt.cv, &wt.mu);
	pthread_mutex_unlock(&wt.mu);
	pthread_mutex_destroy(&wt.mu);
	pthread_cond_destroy(&wt.cv);
	rc = wt.job.rc;
	if (rc != FS_OK) {
		if (err != NULL)
			*err = wt.job.err;
		return rc;
	}
	rc = wt.job.commit_rc;
	if (rc != FS_OK && err != NULL)
		*err = wt.job.commit_err;
	return rc;
}

void
fs_writer_flush(struct fs_writer *w)
{
	uint64_t upto;

	pthread_mutex_lock(&w->mu);
	upto = w->submitted;
	while (w->finished < upto)
		pthread_cond_wait(&w->idle, &w->mu);
	pthread_mutex_unlock(&w->mu);
}

void
fs_writer_attach(struct fs_writer *w, struct fs_db *db)
{
	db->wlock = w->lock;
	fs_store_autocheckpoint(db->store, 0);
}

void
fs_writer_stats(struct fs_writer *w, struct fs_writer_stats *out)
{
	pthread_mutex_lock(&w->mu);
	*out = w->stats;
	pthread_mutex_unlock(&w->mu);
}
