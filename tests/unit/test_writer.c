/* SPDX-License-Identifier: ISC */
/*
 * The group-commit writer (writer.h) and the deferred writes and write
 * slot of db.h: jobs queued while the writer waits go into one
 * transaction; a job that fails loses its own writes and nothing of
 * the others; a library transaction inside a job is a savepoint of
 * its own (rolled back alone, as on the command line); done is called
 * only once the batch is committed (another connection sees it); an
 * alone job runs outside any batch; stopping finishes what is queued;
 * a deferring connection hands its audit entries on instead of
 * writing them, except inside a transaction of its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "compat.h"

#include <pthread.h>

#include "finsam/audit.h"
#include "finsam/db.h"
#include "finsam/store.h"
#include "finsam/writer.h"
#include "testutil.h"

#define NJOBS 10

struct fixture {
	struct test_db		 t;	/* t.db: a reader of the writer */
	struct fs_db		*other;	/* a connection of its own */
	struct fs_writer	*w;
};

static int
setup(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || test_db_open(&f->t) != 0)
		return -1;
	if (fs_writer_start(f->t.path, NULL, "skrivare", NULL, &f->w,
	    &err) != FS_OK) {
		fprintf(stderr, "writer: %s\n", err.msg);
		return -1;
	}
	fs_writer_attach(f->w, f->t.db);
	if (fs_db_open(f->t.path, NULL, "annan", &f->other, &err) != FS_OK)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	fs_db_close(f->other);
	/* Readers first: they share the writer's slot. */
	fs_db_close(f->t.db);
	f->t.db = NULL;
	fs_writer_stop(f->w);
	test_db_close(&f->t);
	free(f);
	return 0;
}

/* Entries with handling h, read on db (what is committed, for another). */
static size_t
count(struct fs_db *db, const char *h, const char *objekt)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_audit_filter flt;
	struct fs_audit_page pg;
	size_t n;

	memset(&flt, 0, sizeof(flt));
	flt.handling = h;
	flt.objekt = objekt;
	flt.limit = 1000;
	assert_int_equal(fs_audit_query(db, &flt, FS_AUDIT_VIEW_FULL, &pg,
	    &err), FS_OK);
	n = pg.n;
	fs_audit_page_release(&pg);
	return n;
}

/* A job: one audit entry named by its number, then rc. */
struct job {
	struct fs_writer_job	 j;
	int			 n;
	enum fs_rc		 rc;		/* what run returns */
	bool			 inner;		/* run a library transaction too */
	bool			 inner_own;	/* what tx_begin said */
	bool			 alone_tx;	/* was a transaction open in run */
	struct fs_db		*check;		/* done counts on this */
	size_t			 seen;		/* ... and saw this many */
	bool			 done;
};

static enum fs_rc
job_run(struct fs_db *db, void *arg, struct fs_err *err)
{
	struct job *jb = arg;
	char obj[16];
	enum fs_rc rc;
	bool own;

	jb->alone_tx = fs_store_in_transaction(db->store);
	snprintf(obj, sizeof(obj), "%d", jb->n);
	rc = fs_db_audit(db, "test.jobb", obj, 0, 0, "ok", NULL, err);
	if (rc == FS_OK && jb->inner) {
		/* A library call that fails, caught by its caller. */
		rc = fs_db_tx_begin(db, &own, err);
		jb->inner_own = own;
		if (rc == FS_OK)
			rc = fs_db_audit(db, "test.inre", obj, 0, 0, "ok", NULL,
			    err);
		if (rc == FS_OK)
			rc = fs_db_tx_end(db, own, FS_ECONFLICT, err);
		assert_int_equal(rc, FS_ECONFLICT);
		rc = FS_OK;
	}
	if (rc == FS_OK && jb->rc != FS_OK)
		rc = fs_err_set(err, jb->rc, "falt", "jobb %d ville inte",
		    jb->n);
	return rc;
}

static void
job_done(struct fs_writer_job *j)
{
	struct job *jb = j->arg;

	if (jb->check != NULL)
		jb->seen = count(jb->check, "test.jobb", NULL);
	jb->done = true;
}

static void
job_init(struct job *jb, int n)
{
	memset(jb, 0, sizeof(*jb));
	jb->n = n;
	jb->j.run = job_run;
	jb->j.done = job_done;
	jb->j.arg = jb;
}

/*
 * Hold the write slot (a transaction of the reader), so that the jobs
 * submitted meanwhile queue up; the writer takes at most the first
 * before it waits for the slot.
 */
static void
submit_held(struct fixture *f, struct job *v, size_t n)
{
	struct fs_err err = FS_ERR_INIT;
	bool own;

	assert_int_equal(fs_db_tx_begin(f->t.db, &own, &err), FS_OK);
	assert_true(own);
	for (size_t i = 0; i < n; i++)
		fs_writer_submit(f->w, &v[i].j);
	assert_int_equal(fs_db_tx_end(f->t.db, own, FS_OK, &err), FS_OK);
	fs_writer_flush(f->w);
}

static void
test_one_commit_for_many(void **state)
{
	struct fixture *f = *state;
	struct fs_writer_stats st;
	struct job v[NJOBS];

	for (int i = 0; i < NJOBS; i++)
		job_init(&v[i], i);
	submit_held(f, v, NJOBS);
	for (int i = 0; i < NJOBS; i++) {
		assert_true(v[i].done);
		assert_int_equal(v[i].j.rc, FS_OK);
		assert_int_equal(v[i].j.commit_rc, FS_OK);
		assert_true(v[i].alone_tx);	/* inside the batch */
	}
	fs_writer_stats(f->w, &st);
	assert_int_equal(st.jobs, NJOBS);
	/* Ten commits without group commit; here one, or two at most. */
	assert_true(st.batches <= 2);
	assert_true(st.largest >= NJOBS - 1);
	assert_int_equal(count(f->other, "test.jobb", NULL), NJOBS);
}

static void
test_failing_job_alone_rolled_back(void **state)
{
	struct fixture *f = *state;
	struct job v[5];

	for (int i = 0; i < 5; i++)
		job_init(&v[i], i);
	v[2].rc = FS_EINVAL;
	submit_held(f, v, 5);
	for (int i = 0; i < 5; i++) {
		assert_true(v[i].done);
		assert_int_equal(v[i].j.commit_rc, FS_OK);
		assert_int_equal(v[i].j.rc, i == 2 ? FS_EINVAL : FS_OK);
	}
	assert_string_equal(v[2].j.err.field, "falt");
	assert_string_equal(v[2].j.err.msg, "jobb 2 ville inte");
	assert_int_equal(count(f->other, "test.jobb", NULL), 4);
	assert_int_equal(count(f->other, "test.jobb", "2"), 0);
	assert_int_equal(count(f->other, "test.jobb", "3"), 1);
}

static void
test_library_transaction_is_savepoint(void **state)
{
	struct fixture *f = *state;
	struct job v[3];

	for (int i = 0; i < 3; i++)
		job_init(&v[i], i);
	v[1].inner = true;
	submit_held(f, v, 3);
	assert_true(v[1].inner_own);
	assert_int_equal(v[1].j.rc, FS_OK);
	/* The job's own entry stays; its failed inner call left nothing. */
	assert_int_equal(count(f->other, "test.jobb", NULL), 3);
	assert_int_equal(count(f->other, "test.inre", NULL), 0);
}

static void
test_done_after_commit(void **state)
{
	struct fixture *f = *state;
	struct job v[4];

	for (int i = 0; i < 4; i++) {
		job_init(&v[i], i);
		v[i].check = f->other;
	}
	submit_held(f, v, 4);
	/* Another connection saw every entry of the batch in done. */
	for (int i = 0; i < 4; i++)
		assert_true(v[i].seen >= (size_t)i + 1);
	assert_int_equal(v[3].seen, 4);
}

static void
test_alone(void **state)
{
	struct fixture *f = *state;
	struct job v[2];

	job_init(&v[0], 0);
	job_init(&v[1], 1);
	v[1].j.alone = true;
	v[1].inner = true;
	submit_held(f, v, 2);
	assert_true(v[0].alone_tx);
	assert_false(v[1].alone_tx);	/* no batch around it */
	assert_true(v[1].inner_own);	/* a transaction of its own */
	assert_int_equal(v[1].j.rc, FS_OK);
	assert_int_equal(count(f->other, "test.jobb", NULL), 2);
	assert_int_equal(count(f->other, "test.inre", NULL), 0);
}

static enum fs_rc
insert_one(struct fs_db *db, void *arg, struct fs_err *err)
{
	return fs_db_audit(db, "test.run", arg, 0, 0, "ok", NULL, err);
}

static enum fs_rc
fail_one(struct fs_db *db, void *arg, struct fs_err *err)
{
	enum fs_rc rc = insert_one(db, arg, err);

	return rc != FS_OK ? rc : fs_err_set(err, FS_ECONFLICT, "x", "nej");
}

static void
test_run_waits(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	char a[] = "a", b[] = "b";

	assert_int_equal(fs_writer_run(f->w, insert_one, a, &err), FS_OK);
	assert_int_equal(count(f->other, "test.run", "a"), 1);
	assert_int_equal(fs_writer_run(f->w, fail_one, b, &err),
	    FS_ECONFLICT);
	assert_string_equal(err.field, "x");
	assert_int_equal(count(f->other, "test.run", "b"), 0);
}

/* The collector of a deferring connection. */
struct collector {
	struct fs_db_job	*head;
	struct fs_db_job	**tail;
	size_t			 n;
};

static void
collect(void *ctx, struct fs_db_job *j)
{
	struct collector *c = ctx;

	*c->tail = j;
	c->tail = &j->next;
	c->n++;
}

static enum fs_rc
run_collected(struct fs_db *db, void *arg, struct fs_err *err)
{
	struct collector *c = arg;
	struct fs_db_job *jobs = c->head;

	c->head = NULL;
	return fs_db_jobs_run(db, jobs, err);
}

static void
test_deferred_writes(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_audit_entry e;
	struct collector c = { NULL, &c.head, 0 };
	bool own;

	fs_db_defer_to(f->t.db, collect, &c);
	assert_int_equal(fs_db_audit(f->t.db, "test.uppskjuten", "1", 0, 0,
	    "ok", NULL, &err), FS_OK);
	memset(&e, 0, sizeof(e));
	e.handling = (char *)"test.uppskjuten";
	e.objekt = (char *)"2";
	e.utfall = (char *)"ok";
	e.klientadress = (char *)"192.0.2.1";
	assert_int_equal(fs_audit_write(f->t.db, &e, &err), FS_OK);
	assert_int_equal(c.n, 2);
	/* Nothing written yet, by anyone. */
	assert_int_equal(count(f->other, "test.uppskjuten", NULL), 0);
	/* Inside a transaction of its own the entry goes with it. */
	assert_int_equal(fs_db_tx_begin(f->t.db, &own, &err), FS_OK);
	assert_int_equal(fs_db_audit(f->t.db, "test.direkt", "3", 0, 0, "ok",
	    NULL, &err), FS_OK);
	assert_int_equal(fs_db_tx_end(f->t.db, own, FS_OK, &err), FS_OK);
	assert_int_equal(c.n, 2);
	assert_int_equal(count(f->other, "test.direkt", NULL), 1);
	fs_db_defer_to(f->t.db, NULL, NULL);
	/* The writer writes them, in order, with what they said. */
	assert_int_equal(fs_writer_run(f->w, run_collected, &c, &err), FS_OK);
	assert_int_equal(count(f->other, "test.uppskjuten", "1"), 1);
	assert_int_equal(count(f->other, "test.uppskjuten", "2"), 1);
	{
		struct fs_audit_filter flt;
		struct fs_audit_page pg;

		memset(&flt, 0, sizeof(flt));
		flt.handling = "test.uppskjuten";
		flt.objekt = "2";
		assert_int_equal(fs_audit_query(f->other, &flt,
		    FS_AUDIT_VIEW_FULL, &pg, &err), FS_OK);
		assert_int_equal(pg.n, 1);
		assert_string_equal(pg.v[0].klientadress, "192.0.2.1");
		assert_string_equal(pg.v[0].anvandare, "test");
		fs_audit_page_release(&pg);
	}
}

static void
test_deferred_dropped_freed(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct collector c = { NULL, &c.head, 0 };

	/* Jobs never run are freed with their copies (ASan checks). */
	fs_db_defer_to(f->t.db, collect, &c);
	assert_int_equal(fs_db_audit(f->t.db, "test.bort", "1", 0, 0, "ok",
	    NULL, &err), FS_OK);
	fs_db_defer_to(f->t.db, NULL, NULL);
	assert_int_equal(c.n, 1);
	fs_db_jobs_free(c.head);
	assert_int_equal(count(f->other, "test.bort", NULL), 0);
}

static void *
stopper(void *arg)
{
	fs_writer_stop(arg);
	return NULL;
}

static void
test_stop_finishes_queue(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct job v[6];
	pthread_t th;
	bool own;

	for (int i = 0; i < 6; i++)
		job_init(&v[i], i);
	assert_int_equal(fs_db_tx_begin(f->t.db, &own, &err), FS_OK);
	for (int i = 0; i < 6; i++)
		fs_writer_submit(f->w, &v[i].j);
	/* Stop while the jobs wait for the slot: they must still run. */
	assert_int_equal(pthread_create(&th, NULL, stopper, f->w), 0);
	assert_int_equal(fs_db_tx_end(f->t.db, own, FS_OK, &err), FS_OK);
	fs_db_close(f->t.db);
	f->t.db = NULL;
	pthread_join(th, NULL);
	for (int i = 0; i < 6; i++) {
		assert_true(v[i].done);
		assert_int_equal(v[i].j.rc, FS_OK);
		assert_int_equal(v[i].j.commit_rc, FS_OK);
	}
	assert_int_equal(count(f->other, "test.jobb", NULL), 6);
	/* Restart so that teardown has something to stop. */
	assert_int_equal(fs_writer_start(f->t.path, NULL, "skrivare", NULL,
	    &f->w, &err), FS_OK);
	assert_int_equal(fs_db_open(f->t.path, NULL, "test", &f->t.db, &err),
	    FS_OK);
	fs_writer_attach(f->w, f->t.db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_one_commit_for_many,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_failing_job_alone_rolled_back, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_library_transaction_is_savepoint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_done_after_commit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_waits, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_deferred_writes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_deferred_dropped_freed,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_finishes_queue,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
