/* SPDX-License-Identifier: ISC */
/*
 * The work lists behind the web shell's start page and lists (todo.h),
 * over the end-to-end data (tests/data/e2e): the to-do selections of
 * an insats counted and listed one page at a time, the personnummer of
 * a person, and the anonymous and count-only figures of an insats.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "finsam/db.h"
#include "finsam/deltagande.h"
#include "finsam/import.h"
#include "finsam/insats.h"
#include "finsam/parse.h"
#include "finsam/todo.h"

#include "testutil.h"

static struct test_db tdb;
static int32_t today;

static int
setup(void **state)
{
	static const char *const kinds[] = { "forbund", "insatser",
		"deltagande", "anonyma" };
	const char *dir = getenv("FINSAM_TESTDATA");
	struct fs_err err = FS_ERR_INIT;
	struct fs_import_result res;
	char path[512];

	(void)state;
	if (dir == NULL || test_db_open(&tdb) != 0)
		return -1;
	for (size_t i = 0; i < FS_NELEM(kinds); i++) {
		memset(&res, 0, sizeof(res));
		snprintf(path, sizeof(path), "%s/e2e/%s.csv", dir, kinds[i]);
		if (fs_import_file(tdb.db, (enum fs_import_kind)
		    fs_import_kind_find(kinds[i]), path, NULL, NULL, &res,
		    &err) != FS_OK) {
			fs_import_result_release(&res);
			return -1;
		}
		fs_import_result_release(&res);
	}
	today = fs_date_today();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	test_db_close(&tdb);
	return 0;
}

static int64_t
insats(const char *kod)
{
	struct fs_insats i;
	int64_t id;

	fs_insats_init(&i);
	assert_int_equal(fs_insats_find_kod(tdb.db, kod, &i, NULL), FS_OK);
	id = i.id;
	fs_insats_release(&i);
	return id;
}

static size_t
count(const char *kod, enum fs_todo_urval u)
{
	size_t n = 99999;

	assert_int_equal(fs_todo_count(tdb.db, insats(kod), u, today, &n,
	    NULL), FS_OK);
	return n;
}

static void
test_urval_names_round_trip(void **state)
{
	(void)state;
	for (int u = 0; u < FS_TODO__MAX; u++) {
		const char *n = fs_todo_urval_name((enum fs_todo_urval)u);

		assert_non_null(n);
		assert_int_equal(fs_todo_urval_find(n, strlen(n)), u);
		assert_non_null(strstr(fs_todo_urval_names(), n));
	}
	assert_int_equal(fs_todo_urval_find("gamla", 5), -1);
	assert_null(fs_todo_urval_name(FS_TODO__MAX));
}

/* SV-IT ended 2024-12-31 with one open participation. */
static void
test_count_open_past_end_of_ended_insats(void **state)
{
	(void)state;
	assert_int_equal(count("SV-IT", FS_TODO_ALLA), 27);
	assert_int_equal(count("SV-IT", FS_TODO_OPPNA), 1);
	assert_int_equal(count("SV-IT", FS_TODO_AVSLUTADE), 26);
	assert_int_equal(count("SV-IT", FS_TODO_OPPNA_EFTER_SLUT), 1);
}

/* An insats without an end has nothing open past its end. */
static void
test_count_open_past_end_needs_an_end(void **state)
{
	(void)state;
	assert_true(count("SV-UNG", FS_TODO_OPPNA) > 0);
	assert_int_equal(count("SV-UNG", FS_TODO_OPPNA_EFTER_SLUT), 0);
}

static void
test_count_missing_exit_data(void **state)
{
	(void)state;
	assert_int_equal(count("SV-IT", FS_TODO_SAKNAR_UTDATA), 3);
}

static void
test_count_refuses_bad_selection(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	size_t n;

	(void)state;
	assert_int_equal(fs_todo_count(tdb.db, insats("SV-IT"), FS_TODO__MAX,
	    today, &n, &err), FS_EINVAL);
	assert_string_equal(err.field, "urval");
}

static void
test_ids_are_paged_newest_start_first(void **state)
{
	struct fs_deltagande a, b;
	int64_t *all = NULL, *page = NULL;
	size_t n = 0, np = 0, total = 0;

	(void)state;
	assert_int_equal(fs_todo_deltagande_ids(tdb.db, insats("SV-IT"),
	    FS_TODO_ALLA, today, 0, 100, &all, &n, &total, NULL), FS_OK);
	assert_int_equal(n, 27);
	assert_int_equal(total, 27);
	for (size_t i = 1; i < n; i++) {
		assert_int_equal(fs_deltagande_get(tdb.db, all[i - 1], &a,
		    NULL), FS_OK);
		assert_int_equal(fs_deltagande_get(tdb.db, all[i], &b, NULL),
		    FS_OK);
		assert_true(a.startdatum >= b.startdatum);
		assert_int_equal(a.insats_id, insats("SV-IT"));
	}
	assert_int_equal(fs_todo_deltagande_ids(tdb.db, insats("SV-IT"),
	    FS_TODO_ALLA, today, 25, 5, &page, &np, &total, NULL), FS_OK);
	assert_int_equal(np, 2);
	assert_int_equal(total, 27);
	assert_int_equal(page[0], all[25]);
	assert_int_equal(page[1], all[26]);
	free(all);
	free(page);
}

static void
test_ids_of_selection(void **state)
{
	struct fs_deltagande d;
	int64_t *ids = NULL;
	size_t n = 0, total = 0;

	(void)state;
	assert_int_equal(fs_todo_deltagande_ids(tdb.db, insats("SV-IT"),
	    FS_TODO_OPPNA_EFTER_SLUT, today, 0, 10, &ids, &n, &total, NULL),
	    FS_OK);
	assert_int_equal(n, 1);
	assert_int_equal(fs_deltagande_get(tdb.db, ids[0], &d, NULL), FS_OK);
	assert_int_equal(d.slutdatum, FS_DATE_NONE);
	free(ids);
}

static void
test_ids_refuse_bad_page_size(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	int64_t *ids = NULL;
	size_t n, total;

	(void)state;
	assert_int_equal(fs_todo_deltagande_ids(tdb.db, 1, FS_TODO_ALLA,
	    today, 0, 0, &ids, &n, &total, &err), FS_EINVAL);
	assert_string_equal(err.field, "per_sida");
	assert_int_equal(fs_todo_deltagande_ids(tdb.db, 1, FS_TODO_ALLA,
	    today, 0, 1001, &ids, &n, &total, &err), FS_EINVAL);
	assert_null(ids);
}

static void
test_person_pnr_decrypts(void **state)
{
	struct fs_deltagande d;
	struct fs_err err = FS_ERR_INIT;
	int64_t *ids = NULL;
	size_t n, total;
	char pnr[13];

	(void)state;
	assert_int_equal(fs_todo_deltagande_ids(tdb.db, insats("STH-VAG"),
	    FS_TODO_ALLA, today, 0, 100, &ids, &n, &total, NULL), FS_OK);
	assert_true(n > 0);
	assert_int_equal(fs_deltagande_get(tdb.db, ids[0], &d, NULL), FS_OK);
	assert_int_equal(fs_todo_person_pnr(tdb.db, d.person_id, pnr, &err),
	    FS_OK);
	assert_int_equal(strlen(pnr), 12);
	assert_true(pnr[0] == '1' || pnr[0] == '2');
	free(ids);
	assert_int_equal(fs_todo_person_pnr(tdb.db, 987654, pnr, &err),
	    FS_ENOTFOUND);
	assert_string_equal(err.field, "person");
}

static void
test_anonyma_by_year(void **state)
{
	struct fs_todo_anonyma *v = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(fs_todo_anonyma(tdb.db, insats("SV-IT"), &v, &n,
	    NULL), FS_OK);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].ar, 2021);
	assert_int_equal(v[0].kvinnor, 4);
	assert_int_equal(v[0].man, 3);
	assert_int_equal(v[1].ar, 2022);
	free(v);
	assert_int_equal(fs_todo_anonyma(tdb.db, insats("SV-UNG"), &v, &n,
	    NULL), FS_OK);
	assert_int_equal(n, 0);
	free(v);
}

static void
test_antal_by_period(void **state)
{
	struct fs_insats i;
	struct fs_todo_antal *v = NULL;
	size_t n = 0;

	(void)state;
	fs_insats_init(&i);
	assert_int_equal(fs_insats_find_kod(tdb.db, "SV-DIALOG", &i, NULL),
	    FS_OK);
	assert_int_equal(fs_antal_set(tdb.db, &i, "2024-03", 7, -1, -1, NULL),
	    FS_OK);
	assert_int_equal(fs_antal_set(tdb.db, &i, "2024", 40, 25, 15, NULL),
	    FS_OK);
	assert_int_equal(fs_todo_antal(tdb.db, i.id, &v, &n, NULL), FS_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].period, "2024");
	assert_int_equal(v[0].totalt, 40);
	assert_int_equal(v[0].kvinnor, 25);
	assert_string_equal(v[1].period, "2024-03");
	assert_int_equal(v[1].kvinnor, -1);
	assert_int_equal(v[1].man, -1);
	free(v);
	fs_insats_release(&i);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urval_names_round_trip),
		cmocka_unit_test(test_count_open_past_end_of_ended_insats),
		cmocka_unit_test(test_count_open_past_end_needs_an_end),
		cmocka_unit_test(test_count_missing_exit_data),
		cmocka_unit_test(test_count_refuses_bad_selection),
		cmocka_unit_test(test_ids_are_paged_newest_start_first),
		cmocka_unit_test(test_ids_of_selection),
		cmocka_unit_test(test_ids_refuse_bad_page_size),
		cmocka_unit_test(test_person_pnr_decrypts),
		cmocka_unit_test(test_anonyma_by_year),
		cmocka_unit_test(test_antal_by_period),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
