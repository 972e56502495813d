/* SPDX-License-Identifier: ISC */
/*
 * The session cache of a server (user.h fs_session_cache_new()), with
 * an injected clock and two connections sharing one cache, as a
 * server's reader and writer do, and a third without it, as the
 * command line: a session checked is trusted for the bound only, so a
 * change made outside counts within it; a logout on one connection is
 * refused on the other at once, even before it is committed; locking a
 * user or changing an assignment through the library counts at once;
 * the timeouts hold from the cache; the idle time is refreshed through
 * a deferred write; a bound of 0 reads the database every time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "compat.h"

#include "finsam/access.h"
#include "finsam/audit.h"
#include "finsam/db.h"
#include "finsam/store.h"
#include "finsam/user.h"
#include "testutil.h"

#define PW "rätt häst batteri häftklammer"
#define T0 ((int64_t)1780000000)	/* 2026-05-28, a fixed clock */
#define BOUND 5

struct fixture {
	struct test_db			 t;	/* a: the cache's */
	struct fs_db			*b;	/* b: the cache's too */
	struct fs_db			*cli;	/* without the cache */
	struct fs_session_cache		*c;
	struct fs_session		 s;
	int64_t				 uid;
};

static int
open_with(struct fixture *f, int64_t bound)
{
	struct fs_err err = FS_ERR_INIT;

	if (test_db_open(&f->t) != 0)
		return -1;
	if (fs_session_cache_new(bound, &f->c, &err) != FS_OK ||
	    fs_db_open(f->t.path, NULL, "b", &f->b, &err) != FS_OK ||
	    fs_db_open(f->t.path, NULL, "cli", &f->cli, &err) != FS_OK)
		return -1;
	f->t.db->sessions = f->c;
	f->b->sessions = f->c;
	if (fs_user_create(f->cli, "anna", PW, &f->uid, &err) != FS_OK ||
	    fs_user_assign(f->cli, "anna", FS_ROLE_ANALYTIKER, 0, 0,
	    &err) != FS_OK ||
	    fs_session_create(f->cli, f->uid, "192.0.2.1", T0, &f->s,
	    &err) != FS_OK) {
		fprintf(stderr, "%s: %s\n", err.field, err.msg);
		return -1;
	}
	return 0;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || open_with(f, BOUND) != 0)
		return -1;
	*state = f;
	return 0;
}

static int
setup0(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || open_with(f, 0) != 0)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	fs_db_close(f->b);
	fs_db_close(f->cli);
	test_db_close(&f->t);
	fs_session_cache_free(f->c);
	fs_session_clear(&f->s);
	free(f);
	return 0;
}

/* fs_session_check() of the fixture's token on db at now. */
static enum fs_rc
check(struct fixture *f, struct fs_db *db, int64_t now,
    struct fs_principal *p)
{
	struct fs_err err = FS_ERR_INIT;
	enum fs_rc rc;

	rc = fs_session_check(db, f->s.token, now, p, &err);
	if (rc != FS_OK) {
		assert_int_equal(rc, FS_EDENIED);
		assert_string_equal(err.field, "session");
	}
	return rc;
}

static enum fs_rc
check_only(struct fixture *f, struct fs_db *db, int64_t now)
{
	struct fs_principal p;
	enum fs_rc rc;

	fs_principal_init(&p);
	rc = check(f, db, now, &p);
	if (rc == FS_OK) {
		assert_int_equal(p.user_id, f->uid);
		assert_string_equal(p.name, "anna");
		assert_string_equal(p.csrf, f->s.csrf);
		assert_true(p.session_id != 0);
	}
	fs_principal_release(&p);
	return rc;
}

/* Entries with handling h. */
static size_t
count(struct fs_db *db, const char *h)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_audit_filter flt;
	struct fs_audit_page pg;
	size_t n;

	memset(&flt, 0, sizeof(flt));
	flt.handling = h;
	assert_int_equal(fs_audit_query(db, &flt, FS_AUDIT_VIEW_FULL, &pg,
	    &err), FS_OK);
	n = pg.n;
	fs_audit_page_release(&pg);
	return n;
}

static void
test_change_outside_within_bound(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;

	assert_int_equal(check_only(f, f->t.db, T0), FS_OK);
	/* "finsam anvandare sparra" in another process. */
	assert_int_equal(fs_user_set_locked(f->cli, "anna", true, &err),
	    FS_OK);
	/* Trusted from the cache, on either connection, within the bound. */
	assert_int_equal(check_only(f, f->b, T0 + BOUND - 1), FS_OK);
	/* Past it the database decides. */
	assert_int_equal(check_only(f, f->b, T0 + BOUND), FS_EDENIED);
	assert_int_equal(check_only(f, f->t.db, T0 + BOUND), FS_EDENIED);
}

static void
test_bound_zero_reads_every_time(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;

	assert_int_equal(check_only(f, f->t.db, T0), FS_OK);
	assert_int_equal(fs_user_set_locked(f->cli, "anna", true, &err),
	    FS_OK);
	assert_int_equal(check_only(f, f->t.db, T0), FS_EDENIED);
}

static void
test_logout_counts_before_commit(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	bool own;

	assert_int_equal(check_only(f, f->b, T0), FS_OK);
	/* The writer's batch: the logout is not committed yet ... */
	assert_int_equal(fs_db_tx_begin(f->t.db, &own, &err), FS_OK);
	assert_int_equal(fs_session_logout(f->t.db, f->s.token, "192.0.2.1",
	    &err), FS_OK);
	/* ... and is refused on the other connection already. */
	assert_int_equal(check_only(f, f->b, T0), FS_EDENIED);
	assert_int_equal(fs_db_tx_end(f->t.db, own, FS_OK, &err), FS_OK);
	assert_int_equal(check_only(f, f->b, T0 + 1), FS_EDENIED);
	/* Long after, the database says the same. */
	assert_int_equal(check_only(f, f->b, T0 + 3600), FS_EDENIED);
	assert_int_equal(count(f->cli, "utloggning"), 1);
}

static void
test_library_changes_count_at_once(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_principal p;

	fs_principal_init(&p);
	assert_int_equal(check(f, f->b, T0, &p), FS_OK);
	assert_int_equal(p.nassignments, 1);
	fs_principal_release(&p);
	/* An assignment taken away on this server: at once. */
	assert_int_equal(fs_user_unassign(f->t.db, "anna", FS_ROLE_ANALYTIKER,
	    0, 0, &err), FS_OK);
	assert_int_equal(check(f, f->b, T0, &p), FS_OK);
	assert_int_equal(p.nassignments, 0);
	fs_principal_release(&p);
	/* Locked on this server: out at once. */
	assert_int_equal(fs_user_set_locked(f->t.db, "anna", true, &err),
	    FS_OK);
	assert_int_equal(check_only(f, f->b, T0), FS_EDENIED);
}

static void
test_absolute_timeout_from_cache(void **state)
{
	struct fixture *f = *state;
	int64_t end = T0 + FS_SESSION_ABSOLUTE;

	/* Kept alive until the end, and checked just before it ... */
	for (int64_t now = T0; now < end - 60; now += FS_SESSION_IDLE / 2)
		assert_int_equal(check_only(f, f->cli, now), FS_OK);
	assert_int_equal(check_only(f, f->t.db, end - 1), FS_OK);
	/* ... the cache itself knows when it is over, and logs it. */
	assert_int_equal(check_only(f, f->b, end), FS_EDENIED);
	assert_int_equal(count(f->cli, "session.utgangen"), 1);
	assert_int_equal(check_only(f, f->t.db, end), FS_EDENIED);
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

static void
test_touch_deferred(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct collector c = { NULL, &c.head, 0 };
	bool own;

	fs_db_defer_to(f->t.db, collect, &c);
	assert_int_equal(check_only(f, f->t.db, T0), FS_OK);
	assert_int_equal(c.n, 0);
	/* A minute later: the idle time is refreshed, by the writer. */
	assert_int_equal(check_only(f, f->t.db, T0 + 61), FS_OK);
	assert_int_equal(c.n, 1);
	fs_db_defer_to(f->t.db, NULL, NULL);
	assert_int_equal(fs_db_tx_begin(f->b, &own, &err), FS_OK);
	assert_int_equal(fs_db_jobs_run(f->b, c.head, &err), FS_OK);
	assert_int_equal(fs_db_tx_end(f->b, own, FS_OK, &err), FS_OK);
	/*
	 * Without the refresh the session would time out 30 minutes
	 * after T0; with it, a check outside the cache still lets it in.
	 */
	assert_int_equal(check_only(f, f->cli, T0 + FS_SESSION_IDLE + 30),
	    FS_OK);
}

static void
test_bound_checked(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_session_cache *c = NULL;

	(void)state;
	assert_int_equal(fs_session_cache_new(-1, &c, &err), FS_EINVAL);
	assert_string_equal(err.field, "session-kontroll");
	assert_int_equal(fs_session_cache_new(FS_SESSION_CACHE_MAX + 1, &c,
	    &err), FS_EINVAL);
	assert_null(c);
	fs_session_cache_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_change_outside_within_bound, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_bound_zero_reads_every_time, setup0, teardown),
		cmocka_unit_test_setup_teardown(
		    test_logout_counts_before_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_library_changes_count_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_absolute_timeout_from_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(test_touch_deferred, setup,
		    teardown),
		cmocka_unit_test(test_bound_checked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
