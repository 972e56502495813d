/* SPDX-License-Identifier: ISC */
/*
 * The store: every statement in the table prepares against the schema,
 * a version-1 database upgrades to the same schema a new one gets, a
 * newer database is refused, WAL and foreign keys are on, and a
 * database only opens with its own key file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "compat.h"

#include "finsam/buf.h"
#include "finsam/store.h"
#include "stmts.h"
#include "testutil.h"

static char tmpdir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/finsam-store-XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	test_rmdir(tmpdir);
	return 0;
}

static void
path_in(const char *name, char out[128])
{
	snprintf(out, 128, "%s/%s", tmpdir, name);
}

static void
test_every_statement_prepares(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_store *st;
	struct fs_stmt *s;
	char p[128];

	(void)state;
	path_in("new.db", p);
	assert_int_equal(fs_store_open(p, FS_STORE_CREATE, &st, &err), FS_OK);
	assert_int_equal(fs_store_version(st), fs_store_latest_version());
	for (int id = 0; id < FS_STMT__MAX; id++) {
		assert_non_null(fs_stmts_sqlite[id]);
		if (fs_store_stmt(st, (enum fs_stmt_id)id, &s, &err) != FS_OK)
			fail_msg("statement %d: %s", id, err.msg);
	}
	fs_store_close(st);
}

/* The schema of the database at path, as one comparable text. */
static void
schema_text(const char *path, struct fs_buf *b)
{
	sqlite3 *db;
	sqlite3_stmt *q;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT type, name, sql FROM "
	    "sqlite_master WHERE sql IS NOT NULL ORDER BY type, name", -1, &q,
	    NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW)
		assert_int_equal(fs_buf_addf(b, "%s %s\n%s\n",
		    sqlite3_column_text(q, 0), sqlite3_column_text(q, 1),
		    sqlite3_column_text(q, 2)), FS_OK);
	sqlite3_finalize(q);
	sqlite3_close(db);
}

static void
load_fixture(const char *path)
{
	const char *dir = getenv("FINSAM_TESTDATA");
	struct fs_buf sql;
	char fx[512], chunk[4096];
	sqlite3 *db;
	FILE *fp;
	size_t n;

	assert_non_null(dir);
	snprintf(fx, sizeof(fx), "%s/schema-v1.sql", dir);
	fp = fopen(fx, "r");
	assert_non_null(fp);
	fs_buf_init(&sql, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		assert_int_equal(fs_buf_add(&sql, chunk, n), FS_OK);
	fclose(fp);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql.buf, NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	fs_buf_release(&sql);
}

static void
test_version1_database_upgrades(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_store *st;
	struct fs_stmt *s;
	struct fs_buf fresh, upgraded;
	char old[128], neu[128];
	bool row;

	(void)state;
	path_in("v1.db", old);
	load_fixture(old);
	assert_int_equal(fs_store_open(old, 0, &st, &err), FS_OK);
	assert_int_equal(fs_store_version(st), fs_store_latest_version());
	assert_true(fs_store_latest_version() >= 2);
	/* The data written by version 1 is still there. */
	assert_int_equal(fs_store_stmt(st, FS_STMT_FORBUND_BY_KOD, &s, &err),
	    FS_OK);
	fs_stmt_bind_str(s, 1, "SV");
	assert_int_equal(fs_stmt_step(s, &row, &err), FS_OK);
	assert_true(row);
	assert_string_equal(fs_stmt_col_text(s, 2, NULL),
	    "Samordningsförbundet Södra Vätterbygden");
	fs_stmt_reset(s);
	assert_int_equal(fs_store_stmt(st, FS_STMT_DELT_GET, &s, &err), FS_OK);
	fs_stmt_bind_i64(s, 1, 1);
	assert_int_equal(fs_stmt_step(s, &row, &err), FS_OK);
	assert_true(row);
	fs_stmt_reset(s);
	fs_store_close(st);
	/* Opening again changes nothing. */
	assert_int_equal(fs_store_open(old, 0, &st, &err), FS_OK);
	fs_store_close(st);
	/* Upgraded and new databases have the same schema. */
	path_in("fresh.db", neu);
	assert_int_equal(fs_store_open(neu, FS_STORE_CREATE, &st, &err),
	    FS_OK);
	fs_store_close(st);
	fs_buf_init(&fresh, 0);
	fs_buf_init(&upgraded, 0);
	schema_text(neu, &fresh);
	schema_text(old, &upgraded);
	assert_true(strstr(upgraded.buf, "logg_forbund_tid") != NULL);
	assert_string_equal(fresh.buf, upgraded.buf);
	fs_buf_release(&fresh);
	fs_buf_release(&upgraded);
}

static void
test_open_at_version_stops_there(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_store *st;
	char p[128];

	(void)state;
	path_in("stop.db", p);
	assert_int_equal(fs_store_open_version(p, FS_STORE_CREATE, 1, &st,
	    &err), FS_OK);
	assert_int_equal(fs_store_version(st), 1);
	fs_store_close(st);
	assert_int_equal(fs_store_open(p, 0, &st, &err), FS_OK);
	assert_int_equal(fs_store_version(st), fs_store_latest_version());
	fs_store_close(st);
}

static void
test_newer_database_is_refused(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_store *st;
	struct fs_stmt *s;
	char p[128];

	(void)state;
	path_in("newer.db", p);
	assert_int_equal(fs_store_open(p, FS_STORE_CREATE, &st, &err), FS_OK);
	assert_int_equal(fs_store_stmt(st, FS_STMT_META_SET, &s, &err), FS_OK);
	fs_stmt_bind_str(s, 1, "schema_version");
	fs_stmt_bind_str(s, 2, "999");
	assert_int_equal(fs_stmt_exec(s, &err), FS_OK);
	fs_store_close(st);
	assert_int_equal(fs_store_open(p, 0, &st, &err), FS_EVERSION);
	assert_null(st);
	assert_string_equal(err.field, "db");
	assert_non_null(strstr(err.msg, "999"));
}

static void
test_missing_and_foreign_files(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_store *st;
	char p[128];
	FILE *fp;

	(void)state;
	path_in("missing.db", p);
	assert_int_equal(fs_store_open(p, 0, &st, &err), FS_EIO);
	assert_string_equal(err.field, "db");
	path_in("text.db", p);
	fp = fopen(p, "w");
	assert_non_null(fp);
	fputs("detta är ingen databas, bara text som är längre än en "
	    "sqlite-header på hundra byte för att vara säker på saken.\n", fp);
	fclose(fp);
	assert_int_equal(fs_store_open(p, 0, &st, &err), FS_EIO);
	assert_string_equal(err.field, "db");
}

static void
test_wal_and_foreign_keys_are_on(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_store *st;
	struct fs_stmt *s;
	sqlite3 *raw;
	sqlite3_stmt *q;
	char p[128];

	(void)state;
	path_in("fk.db", p);
	assert_int_equal(fs_store_open(p, FS_STORE_CREATE, &st, &err), FS_OK);
	assert_int_equal(fs_store_stmt(st, FS_STMT_MEDLEM_INSERT, &s, &err),
	    FS_OK);
	fs_stmt_bind_i64(s, 1, 4711);
	fs_stmt_bind_str(s, 2, "kommun");
	fs_stmt_bind_str(s, 3, "0680");
	fs_stmt_bind_str(s, 4, "2020-01-01");
	fs_stmt_bind_null(s, 5);
	assert_int_equal(fs_stmt_exec(s, &err), FS_ECONFLICT);
	fs_store_close(st);
	assert_int_equal(sqlite3_open(p, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &q,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "wal");
	sqlite3_finalize(q);
	sqlite3_close(raw);
}

static void
test_database_needs_its_own_key(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_db *db;
	char a[128], b[128], bkey[160];

	(void)state;
	unsetenv("FINSAM_NYCKEL");
	path_in("a.db", a);
	path_in("b.db", b);
	assert_int_equal(fs_db_init(a, NULL, &err), FS_OK);
	assert_int_equal(fs_db_init(b, NULL, &err), FS_OK);
	assert_int_equal(fs_db_init(a, NULL, &err), FS_ECONFLICT);
	snprintf(bkey, sizeof(bkey), "%s.nyckel", b);
	assert_int_equal(fs_db_open(a, bkey, "t", &db, &err), FS_EINVAL);
	assert_string_equal(err.field, "nyckel");
	assert_int_equal(fs_db_open(a, NULL, "t", &db, &err), FS_OK);
	fs_db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_statement_prepares),
		cmocka_unit_test(test_version1_database_upgrades),
		cmocka_unit_test(test_open_at_version_stops_there),
		cmocka_unit_test(test_newer_database_is_refused),
		cmocka_unit_test(test_missing_and_foreign_files),
		cmocka_unit_test(test_wal_and_foreign_keys_are_on),
		cmocka_unit_test(test_database_needs_its_own_key),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
