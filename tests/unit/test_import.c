/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of the CSV import (import.c) against a real temporary
 * database: each file kind, re-import without duplicates, changed rows
 * as updates with a new version, all-or-nothing with every bad row
 * listed by line and column, header errors, and Excel-style files.
 * Test files live in tests/data/import/ ($FINSAM_TESTDATA/import).
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "finsam/buf.h"
#include "finsam/codes.h"
#include "finsam/db.h"
#include "finsam/deltagande.h"
#include "finsam/err.h"
#include "finsam/forbund.h"
#include "finsam/gen.h"
#include "finsam/import.h"
#include "finsam/insats.h"
#include "finsam/parse.h"
#include "finsam/pnr.h"
#include "testutil.h"

static int
setup(void **state)
{
	struct test_db *t = calloc(1, sizeof(*t));

	if (t == NULL || test_db_open(t) != 0) {
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct test_db *t = *state;

	test_db_close(t);
	free(t);
	return 0;
}

static struct fs_db *
db_of(void **state)
{
	return ((struct test_db *)*state)->db;
}

/* Path of a test file in tests/data/import. */
static const char *
data(const char *name)
{
	static char path[512];
	const char *dir = getenv("FINSAM_TESTDATA");

	snprintf(path, sizeof(path), "%s/import/%s",
	    dir != NULL ? dir : "tests/data", name);
	return path;
}

/* Print the errors of res (helps when a test fails). */
static void
show(const struct fs_import_result *res, const struct fs_err *err)
{
	fprintf(stderr, "import: %s: %s\n", err->field, err->msg);
	for (size_t i = 0; i < res->nerrors; i++)
		fprintf(stderr, "  rad %ld, kolumn %s: %s\n",
		    res->errors[i].line, res->errors[i].column,
		    res->errors[i].msg);
}

/* Import a test file that must succeed with these counts. */
static void
import_ok(struct fs_db *db, enum fs_import_kind kind, const char *name,
    size_t inserted, size_t updated, size_t unchanged)
{
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;
	enum fs_rc rc;

	rc = fs_import_file(db, kind, data(name), NULL, NULL, &res, &err);
	if (rc != FS_OK)
		show(&res, &err);
	assert_int_equal(rc, FS_OK);
	assert_int_equal(res.nerrors, 0);
	assert_int_equal(res.inserted, inserted);
	assert_int_equal(res.updated, updated);
	assert_int_equal(res.unchanged, unchanged);
	assert_int_equal(res.rows, inserted + updated + unchanged);
	fs_import_result_release(&res);
}

/* Import from memory; returns the code, res filled for inspection. */
static enum fs_rc
import_mem(struct fs_db *db, enum fs_import_kind kind, const char *text,
    struct fs_import_result *res, struct fs_err *err)
{
	return fs_import_mem(db, kind, text, strlen(text), NULL, NULL, res,
	    err);
}

static void
assert_error(const struct fs_import_result *res, size_t i, long line,
    const char *column)
{
	assert_true(i < res->nerrors);
	if (res->errors[i].line != line ||
	    strcmp(res->errors[i].column, column) != 0)
		fail_msg("error %zu: rad %ld, kolumn '%s': %s (want rad %ld, "
		    "kolumn '%s')", i, res->errors[i].line,
		    res->errors[i].column, res->errors[i].msg, line, column);
	assert_true(res->errors[i].msg[0] != '\0');
}

static void
base(struct fs_db *db)
{
	import_ok(db, FS_IMPORT_FORBUND, "forbund.csv", 2, 0, 0);
	import_ok(db, FS_IMPORT_INSATSER, "insatser.csv", 4, 0, 0);
}

/* The participation of pnr in insats kod starting on start. */
static enum fs_rc
find_delt(struct fs_db *db, const char *pnr, const char *kod,
    const char *start, struct fs_deltagande *out)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_insats ins;
	struct fs_pnr p;
	int32_t day;
	enum fs_rc rc;

	assert_int_equal(fs_pnr_parse(pnr, strlen(pnr), fs_date_today(), &p,
	    "personnummer", &err), FS_OK);
	assert_int_equal(fs_parse_date(start, strlen(start), &day, "start",
	    &err), FS_OK);
	fs_insats_init(&ins);
	rc = fs_insats_find_kod(db, kod, &ins, &err);
	if (rc == FS_OK)
		rc = fs_deltagande_find(db, &p, ins.id, day, out, &err);
	fs_insats_release(&ins);
	return rc;
}

static void
test_import_kind_names_round_trip(void **state)
{
	(void)state;
	for (int k = 0; k < FS_IMPORT__MAX; k++)
		assert_int_equal(fs_import_kind_find(fs_import_kind_name(
		    (enum fs_import_kind)k)), k);
	assert_int_equal(fs_import_kind_find("deltagare"), -1);
	assert_null(fs_import_kind_name(FS_IMPORT__MAX));
}

static void
test_import_forbund_creates_and_reimport_is_unchanged(void **state)
{
	struct fs_db *db = db_of(state);
	struct fs_forbund f;
	char (*kom)[5] = NULL;
	size_t n = 0;

	import_ok(db, FS_IMPORT_FORBUND, "forbund.csv", 2, 0, 0);
	import_ok(db, FS_IMPORT_FORBUND, "forbund.csv", 0, 0, 2);
	fs_forbund_init(&f);
	assert_int_equal(fs_forbund_get_kod(db, "SF1", &f, NULL), FS_OK);
	assert_string_equal(f.namn, "Samordningsförbundet Ett");
	assert_string_equal(f.organisationsnummer, "802000-0009");
	assert_string_equal(f.hemlan, "01");
	assert_int_equal(fs_forbund_kommuner_on(db, f.id, fs_date_today(),
	    &kom, &n, NULL), FS_OK);
	assert_int_equal(n, 2);
	assert_string_equal(kom[0], "0180");
	assert_string_equal(kom[1], "0181");
	free(kom);
	fs_forbund_release(&f);
	/* The second förbund was given 10 digits without a hyphen. */
	assert_int_equal(fs_forbund_get_kod(db, "SF2", &f, NULL), FS_OK);
	assert_string_equal(f.organisationsnummer, "802000-0017");
	fs_forbund_release(&f);
}

static void
test_import_forbund_bad_rows_listed_and_nothing_stored(void **state)
{
	struct fs_db *db = db_of(state);
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;
	struct fs_forbund f;

	assert_int_equal(fs_import_file(db, FS_IMPORT_FORBUND,
	    data("forbund_fel.csv"), NULL, NULL, &res, &err), FS_EINVAL);
	assert_int_equal(res.rows, 5);
	assert_int_equal(res.nerrors, 4);
	assert_error(&res, 0, 3, "organisationsnummer");
	assert_error(&res, 1, 4, "kommuner");
	assert_error(&res, 2, 5, "namn");
	assert_error(&res, 3, 6, "startdatum");
	assert_non_null(strstr(err.msg, "4 felaktiga rader"));
	fs_import_result_release(&res);
	/* The good row on line 2 was rolled back with the rest. */
	fs_forbund_init(&f);
	assert_int_equal(fs_forbund_get_kod(db, "SF9", &f, NULL),
	    FS_ENOTFOUND);
	fs_forbund_release(&f);
}

static void
test_import_forbund_changed_name_updates(void **state)
{
	struct fs_db *db = db_of(state);
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;
	struct fs_forbund f;

	import_ok(db, FS_IMPORT_FORBUND, "forbund.csv", 2, 0, 0);
	assert_int_equal(import_mem(db, FS_IMPORT_FORBUND,
	    "forbund_kod,namn\nSF1,Finsam Ett\nSF2,Samordningsförbundet Två\n",
	    &res, &err), FS_OK);
	assert_int_equal(res.updated, 1);
	assert_int_equal(res.unchanged, 1);
	fs_import_result_release(&res);
	fs_forbund_init(&f);
	assert_int_equal(fs_forbund_get_kod(db, "SF1", &f, NULL), FS_OK);
	assert_string_equal(f.namn, "Finsam Ett");
	/* Columns not in the file keep their values. */
	assert_string_equal(f.organisationsnummer, "802000-0009");
	fs_forbund_release(&f);
}

static void
test_import_forbund_changed_kommuner_refused(void **state)
{
	struct fs_db *db = db_of(state);
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;

	import_ok(db, FS_IMPORT_FORBUND, "forbund.csv", 2, 0, 0);
	assert_int_equal(import_mem(db, FS_IMPORT_FORBUND,
	    "forbund_kod,kommuner\nSF1,0181 0180\nSF2,1280 1281\n", &res,
	    &err), FS_EINVAL);
	assert_int_equal(res.nerrors, 1);
	assert_error(&res, 0, 3, "kommuner");
	fs_import_result_release(&res);
}

static void
test_import_insatser_creates_and_reimport_is_unchanged(void **state)
{
	struct fs_db *db = db_of(state);
	struct fs_insats i;

	base(db);
	import_ok(db, FS_IMPORT_INSATSER, "insatser.csv", 0, 0, 4);
	fs_insats_init(&i);
	assert_int_equal(fs_insats_find_kod(db, "S1", &i, NULL), FS_OK);
	assert_string_equal(i.namn, "Frukostseminarier");
	assert_string_equal(i.preciserad_inriktning, "dialog_kommunikation");
	fs_insats_release(&i);
}

static void
test_import_insatser_semicolon_bom_quoted(void **state)
{
	struct fs_db *db = db_of(state);
	struct fs_insats i;

	base(db);
	/* BOM, ';', CRLF, other column order, quotes, a ";;;;;" row. */
	import_ok(db, FS_IMPORT_INSATSER, "insatser_excel.csv", 2, 0, 0);
	import_ok(db, FS_IMPORT_INSATSER, "insatser_excel.csv", 0, 0, 2);
	fs_insats_init(&i);
	assert_int_equal(fs_insats_find_kod(db, "X1", &i, NULL), FS_OK);
	assert_string_equal(i.namn, "Steg; \"ett\" och två");
	fs_insats_release(&i);
	assert_int_equal(fs_insats_find_kod(db, "X2", &i, NULL), FS_OK);
	assert_string_equal(i.namn, "Rad ett\r\nrad två");
	fs_insats_release(&i);
}

static void
test_import_insatser_changed_name_updates(void **state)
{
	struct fs_db *db = db_of(state);
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;
	struct fs_insats i;

	base(db);
	assert_int_equal(import_mem(db, FS_IMPORT_INSATSER,
	    "insats_kod,forbund_kod,namn\nIT1,SF1,IT-spåret 2\n"
	    "S1,SF1,Frukostseminarier\n", &res, &err), FS_OK);
	assert_int_equal(res.updated, 1);
	assert_int_equal(res.unchanged, 1);
	fs_import_result_release(&res);
	fs_insats_init(&i);
	assert_int_equal(fs_insats_find_kod(db, "IT1", &i, NULL), FS_OK);
	assert_string_equal(i.namn, "IT-spåret 2");
	assert_string_equal(i.preciserad_inriktning, "samordning_team");
	fs_insats_release(&i);
}

static void
test_import_insatser_immutable_change_refused(void **state)
{
	struct fs_db *db = db_of(state);
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;

	base(db);
	assert_int_equal(import_mem(db, FS_IMPORT_INSATSER,
	    "insats_kod,forbund_kod,inriktning\nIT1,SF1,struktur\n"
	    "IT1,NOSUCH,individ\n", &res, &err), FS_EINVAL);
	assert_int_equal(res.nerrors, 2);
	assert_error(&res, 0, 2, "inriktning");
	assert_error(&res, 1, 3, "forbund_kod");
	fs_import_result_release(&res);
}

static void
test_import_deltagande_creates_and_reimport_is_unchanged(void **state)
{
	struct fs_db *db = db_of(state);
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande d;

	base(db);
	assert_int_equal(fs_import_file(db, FS_IMPORT_DELTAGANDE,
	    data("deltagande.csv"), NULL, NULL, &res, &err), FS_OK);
	assert_int_equal(res.inserted, 3);
	/* Born 1950: older than 64 at the start, allowed with a warning. */
	assert_int_equal(res.warnings, 1);
	fs_import_result_release(&res);
	import_ok(db, FS_IMPORT_DELTAGANDE, "deltagande.csv", 0, 0, 3);
	assert_int_equal(find_delt(db, "199001012344", "IT1", "2024-03-01",
	    &d), FS_OK);
	assert_int_equal(d.avslutsanledning, FS_AVSLUT_ARBETE);
	assert_int_equal(d.arbete_efter, 100);
	assert_int_equal(d.kon, 'k');
	assert_int_equal(d.version, 1);
}

static void
test_import_deltagande_changed_row_gives_new_version(void **state)
{
	struct fs_db *db = db_of(state);
	struct fs_deltagande d;
	struct fs_version *v = NULL;
	size_t n = 0;

	base(db);
	import_ok(db, FS_IMPORT_DELTAGANDE, "deltagande.csv", 3, 0, 0);
	import_ok(db, FS_IMPORT_DELTAGANDE, "deltagande_andrad.csv", 0, 1, 2);
	import_ok(db, FS_IMPORT_DELTAGANDE, "deltagande_andrad.csv", 0, 0, 3);
	assert_int_equal(find_delt(db, "198506121238", "IT1", "2024-02-01",
	    &d), FS_OK);
	assert_int_equal(d.version, 2);
	assert_int_equal(d.arbete_efter, 75);
	assert_int_equal(fs_deltagande_history(db, d.id, &v, &n, NULL), FS_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[1].orsak, "import deltagande_andrad.csv");
	assert_int_equal(v[0].data.slutdatum, FS_DATE_NONE);
	fs_version_list_free(v, n);
}

static void
test_import_deltagande_bad_rows_listed_and_nothing_stored(void **state)
{
	struct fs_db *db = db_of(state);
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande d;

	base(db);
	assert_int_equal(fs_import_file(db, FS_IMPORT_DELTAGANDE,
	    data("deltagande_fel.csv"), NULL, NULL, &res, &err), FS_EINVAL);
	assert_int_equal(err.rc, FS_EINVAL);
	assert_int_equal(res.rows, 7);
	assert_int_equal(res.nerrors, 5);
	assert_error(&res, 0, 3, "personnummer");
	assert_error(&res, 1, 4, "insats_kod");
	assert_error(&res, 2, 5, "arbete_fore");
	/* Ambiguous code: DUP exists in two förbund. */
	assert_error(&res, 3, 6, "insats_kod");
	assert_non_null(strstr(res.errors[3].msg, "flera förbund"));
	assert_error(&res, 4, 7, "samtycke_datum");
	fs_import_result_release(&res);
	assert_int_equal(find_delt(db, "198506121238", "IT1", "2024-02-01",
	    &d), FS_ENOTFOUND);
	assert_int_equal(find_delt(db, "199001012344", "IT1", "2024-03-01",
	    &d), FS_ENOTFOUND);
}

/* One number from the database file, read past the library. */
static int64_t
sql_count(void **state, const char *sql)
{
	const struct test_db *t = *state;
	sqlite3 *h;
	sqlite3_stmt *q;
	int64_t v;

	assert_int_equal(sqlite3_open_v2(t->path, &h, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(h);
	return v;
}

#define DELT_HEAD "insats_kod,personnummer,samtycke_datum,startdatum," \
	"slutdatum,avslutsanledning\n"

/*
 * The consent of an imported row is kept on the row and counts like any
 * other: for later rows of the file, for later registrations and for a
 * consent recorded again; a consent whose row is refused is kept on its
 * own, as if recorded first; de-identification clears it.
 */
static void
test_import_deltagande_consent_on_the_row(void **state)
{
	struct fs_db *db = db_of(state);
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande d;
	struct fs_insats ins;
	struct fs_pnr a;
	size_t n;

	base(db);
	assert_int_equal(import_mem(db, FS_IMPORT_DELTAGANDE, DELT_HEAD
	    "IT1,198506121238,2024-02-01,2024-02-01,2024-03-01,arbete\n"
	    "IT1,198506121238,,2024-05-01,,\n"
	    /* Signed after the start: refused, but the consent stays ... */
	    "IT1,19900101-2344,2024-06-10,2024-06-01,,\n"
	    /* ... and covers this row, as if recorded on its own first. */
	    "IT1,19900101-2344,,2024-07-01,,\n"
	    "IT1,195001012342,,2024-07-01,,\n", &res, &err), FS_EINVAL);
	assert_int_equal(res.nerrors, 2);
	assert_error(&res, 0, 4, "samtycke_datum");
	assert_non_null(strstr(res.errors[0].msg, "som gäller från"));
	assert_error(&res, 1, 6, "samtycke_datum");
	assert_non_null(strstr(res.errors[1].msg, "samtycke saknas"));
	fs_import_result_release(&res);
	assert_int_equal(sql_count(state, "SELECT count(*) FROM person"), 0);

	assert_int_equal(import_mem(db, FS_IMPORT_DELTAGANDE, DELT_HEAD
	    "IT1,198506121238,2024-02-01,2024-02-01,2024-03-01,arbete\n"
	    "IT1,198506121238,,2024-05-01,2024-05-02,flytt\n", &res, &err),
	    FS_OK);
	assert_int_equal(res.inserted, 2);
	fs_import_result_release(&res);
	assert_int_equal(sql_count(state, "SELECT count(*) FROM samtycke"), 0);
	assert_int_equal(sql_count(state, "SELECT count(*) FROM deltagande "
	    "WHERE samtycke_datum = '2024-02-01'"), 1);
	assert_int_equal(sql_count(state, "SELECT count(*) FROM deltagande "
	    "WHERE samtycke_datum IS NULL"), 1);

	/* A later registration is covered; the same consent again is known. */
	assert_int_equal(fs_pnr_parse("198506121238", 12, fs_date_today(), &a,
	    "personnummer", &err), FS_OK);
	fs_insats_init(&ins);
	assert_int_equal(fs_insats_find_kod(db, "IT1", &ins, &err), FS_OK);
	fs_deltagande_init(&d);
	assert_int_equal(fs_deltagande_set(&d, "startdatum", "2024-09-01", 10,
	    &err), FS_OK);
	assert_int_equal(fs_deltagande_register(db, &a, &ins, &d, NULL, &err),
	    FS_OK);
	assert_int_equal(fs_samtycke_record(db, &a, ins.id, d.startdatum -
	    213, "v1", &err), FS_OK);
	assert_int_equal(sql_count(state, "SELECT count(*) FROM samtycke"), 0);

	/* De-identification takes the consent with the person. */
	assert_int_equal(fs_person_deidentify(db, &a,
	    FS_DEIDENT_SAMTYCKE_ATERKALLAT, &n, &err), FS_OK);
	assert_int_equal(n, 3);
	assert_int_equal(sql_count(state, "SELECT count(*) FROM deltagande "
	    "WHERE samtycke_datum IS NOT NULL"), 0);
	fs_deltagande_init(&d);
	assert_int_equal(fs_deltagande_set(&d, "startdatum", "2024-10-01", 10,
	    &err), FS_OK);
	assert_int_equal(fs_deltagande_register(db, &a, &ins, &d, NULL, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "samtycke_datum");
	fs_insats_release(&ins);
	/* Re-importing the file changes nothing... but the person is gone. */
	assert_int_equal(sql_count(state, "SELECT count(*) FROM person"), 0);
}

/*
 * The rules between rows of one person in one file: the same row twice
 * is unchanged, a changed one is a correction, a second open
 * participation is refused, and one after the first has closed is not.
 */
static void
test_import_deltagande_rows_of_one_person(void **state)
{
	struct fs_db *db = db_of(state);
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande d;

	base(db);
	assert_int_equal(import_mem(db, FS_IMPORT_DELTAGANDE, DELT_HEAD
	    "IT1,198506121238,2024-02-01,2024-02-01,,\n"
	    "IT1,198506121238,2024-03-01,2024-03-01,,\n", &res, &err),
	    FS_EINVAL);
	assert_int_equal(res.nerrors, 1);
	assert_error(&res, 0, 3, "startdatum");
	assert_non_null(strstr(res.errors[0].msg, "pågående"));
	fs_import_result_release(&res);

	assert_int_equal(import_mem(db, FS_IMPORT_DELTAGANDE, DELT_HEAD
	    "IT1,198506121238,2024-02-01,2024-02-01,,\n"
	    "IT1,198506121238,2024-02-01,2024-02-01,,\n"
	    "IT1,198506121238,,2024-02-01,2024-03-01,arbete\n"
	    "IT1,198506121238,,2024-06-01,,\n", &res, &err), FS_OK);
	assert_int_equal(res.inserted, 2);
	assert_int_equal(res.unchanged, 1);
	assert_int_equal(res.updated, 1);
	fs_import_result_release(&res);
	assert_int_equal(find_delt(db, "198506121238", "IT1", "2024-02-01",
	    &d), FS_OK);
	assert_int_equal(d.version, 2);
	assert_int_equal(d.avslutsanledning, FS_AVSLUT_ARBETE);
	assert_int_equal(find_delt(db, "198506121238", "IT1", "2024-06-01",
	    &d), FS_OK);
	assert_int_equal(d.slutdatum, FS_DATE_NONE);
}

static void
test_import_anonyma_creates_updates_and_keeps(void **state)
{
	struct fs_db *db = db_of(state);
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;

	base(db);
	import_ok(db, FS_IMPORT_ANONYMA, "anonyma.csv", 2, 0, 0);
	import_ok(db, FS_IMPORT_ANONYMA, "anonyma.csv", 0, 0, 2);
	/* An empty count keeps the stored one; a new one replaces it. */
	assert_int_equal(import_mem(db, FS_IMPORT_ANONYMA,
	    "insats_kod,ar,kvinnor,man\nIT1,2024,,2\nIT1,2025,4,1\n", &res,
	    &err), FS_OK);
	assert_int_equal(res.unchanged, 1);
	assert_int_equal(res.updated, 1);
	fs_import_result_release(&res);
	/* Anonymous counts belong to insatser followed up per person. */
	assert_int_equal(import_mem(db, FS_IMPORT_ANONYMA,
	    "insats_kod,ar,kvinnor,man\nS1,2024,1,1\nIT1,1899,1,1\n"
	    "IT1,2024,-1,0\n", &res, &err), FS_EINVAL);
	assert_int_equal(res.nerrors, 3);
	assert_error(&res, 0, 2, "insats_kod");
	assert_error(&res, 1, 3, "ar");
	assert_error(&res, 2, 4, "kvinnor");
	fs_import_result_release(&res);
}

static void
test_import_unknown_column_rejected(void **state)
{
	struct fs_db *db = db_of(state);
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;

	base(db);
	assert_int_equal(import_mem(db, FS_IMPORT_ANONYMA,
	    "insats_kod,ar,kvinnor,man,barn\nIT1,2024,1,1,3\n", &res, &err),
	    FS_EINVAL);
	assert_int_equal(res.nerrors, 1);
	assert_error(&res, 0, 1, "barn");
	assert_int_equal(res.rows, 0);
	fs_import_result_release(&res);
	/* A name that might be data is not repeated in the message. */
	assert_int_equal(import_mem(db, FS_IMPORT_ANONYMA,
	    "insats_kod,ar,kvinnor,man,198506121238\n", &res, &err),
	    FS_EINVAL);
	assert_error(&res, 0, 1, "");
	assert_null(strstr(res.errors[0].msg, "198506121238"));
	assert_non_null(strstr(res.errors[0].msg, "kolumn 5"));
	fs_import_result_release(&res);
}

static void
test_import_missing_required_column_rejected(void **state)
{
	struct fs_db *db = db_of(state);
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;

	base(db);
	assert_int_equal(import_mem(db, FS_IMPORT_DELTAGANDE,
	    "insats_kod,personnummer,utbildning\nIT1,198506121238,okand\n",
	    &res, &err), FS_EINVAL);
	assert_int_equal(res.nerrors, 1);
	assert_error(&res, 0, 1, "startdatum");
	fs_import_result_release(&res);
	/* A repeated column is an error too; case does not matter. */
	assert_int_equal(import_mem(db, FS_IMPORT_ANONYMA,
	    "Insats_kod,AR,ar\n", &res, &err), FS_EINVAL);
	assert_int_equal(res.nerrors, 1);
	assert_error(&res, 0, 1, "ar");
	fs_import_result_release(&res);
}

static void
test_import_missing_header_or_empty_file_rejected(void **state)
{
	struct fs_db *db = db_of(state);
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;

	assert_int_equal(import_mem(db, FS_IMPORT_FORBUND,
	    "SF1,Ett,802000-0009,2020-01-01,0180\n", &res, &err), FS_EINVAL);
	assert_int_equal(res.nerrors, 1);
	assert_error(&res, 0, 1, "");
	assert_non_null(strstr(res.errors[0].msg, "rubrikraden saknas"));
	fs_import_result_release(&res);
	assert_int_equal(import_mem(db, FS_IMPORT_FORBUND, "\n\n", &res, &err),
	    FS_EINVAL);
	assert_int_equal(res.nerrors, 1);
	assert_non_null(strstr(res.errors[0].msg, "tom"));
	fs_import_result_release(&res);
}

static void
test_import_short_row_and_syntax_error_reported_with_line(void **state)
{
	struct fs_db *db = db_of(state);
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;

	base(db);
	assert_int_equal(import_mem(db, FS_IMPORT_ANONYMA,
	    "insats_kod,ar,kvinnor,man\nIT1,2024,1\nIT1,2025,1,1,\n"
	    "IT1,2024,1,1,9\n\"IT1\"x,2024,1,1\nIT1,2024,1,1\n", &res, &err),
	    FS_EINVAL);
	assert_int_equal(res.nerrors, 3);
	assert_error(&res, 0, 2, "");
	assert_non_null(strstr(res.errors[0].msg, "3 fält"));
	assert_error(&res, 1, 4, "");
	/* The reader stops at a syntax error; its rule is kept. */
	assert_error(&res, 2, 5, "");
	assert_non_null(strstr(res.errors[2].msg, "citattecken"));
	assert_null(strstr(res.errors[2].msg, "rad "));
	fs_import_result_release(&res);
}

static void
test_import_error_list_capped(void **state)
{
	struct fs_db *db = db_of(state);
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;

	fs_buf_init(&b, 0);
	assert_int_equal(fs_buf_addstr(&b, "insats_kod,ar\n"), FS_OK);
	for (int i = 0; i < 1005; i++)
		assert_int_equal(fs_buf_addstr(&b, "NOPE,2024\n"), FS_OK);
	assert_int_equal(fs_import_mem(db, FS_IMPORT_ANONYMA, b.buf, b.len,
	    NULL, NULL, &res, &err), FS_EINVAL);
	assert_int_equal(res.rows, 1005);
	assert_int_equal(res.nerrors, 1001);
	assert_error(&res, 999, 1001, "insats_kod");
	assert_error(&res, 1000, 0, "");
	assert_non_null(strstr(res.errors[1000].msg, "ytterligare 5 fel"));
	assert_non_null(strstr(err.msg, "1005 felaktiga rader"));
	fs_import_result_release(&res);
	fs_buf_release(&b);
}

static void
test_import_many_distinct_codes_still_found(void **state)
{
	struct fs_db *db = db_of(state);
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;

	base(db);
	fs_buf_init(&b, 0);
	assert_int_equal(fs_buf_addstr(&b, "insats_kod,ar,kvinnor,man\n"),
	    FS_OK);
	/* More unknown codes than the lookup cache keeps, then good rows. */
	for (int i = 0; i < 5000; i++)
		assert_int_equal(fs_buf_addf(&b, "K%d,2024,1,1\n", i), FS_OK);
	assert_int_equal(fs_buf_addstr(&b, "IT1,2024,1,1\nK1,2024,1,1\n"
	    "IT1,2025,1,1\n"), FS_OK);
	assert_int_equal(fs_import_mem(db, FS_IMPORT_ANONYMA, b.buf, b.len,
	    NULL, NULL, &res, &err), FS_EINVAL);
	assert_int_equal(res.rows, 5003);
	assert_int_equal(res.inserted, 2);
	assert_int_equal(res.nerrors, 1001);
	assert_non_null(strstr(res.errors[1000].msg, "ytterligare 4001 fel"));
	fs_import_result_release(&res);
	fs_buf_release(&b);
}

struct seen {
	unsigned	 calls;
	uint64_t	 done, total;
};

static void
record_progress(void *arg, uint64_t done, uint64_t total)
{
	struct seen *s = arg;

	s->calls++;
	assert_true(done >= s->done);
	s->done = done;
	s->total = total;
}

static void
test_import_progress_reaches_the_end(void **state)
{
	struct fs_db *db = db_of(state);
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;
	struct seen s = { 0, 0, 0 };

	base(db);
	assert_int_equal(fs_import_file(db, FS_IMPORT_ANONYMA,
	    data("anonyma.csv"), record_progress, &s, &res, &err), FS_OK);
	assert_true(s.calls >= 1);
	assert_true(s.total > 0);
	assert_int_equal(s.done, s.total);
	fs_import_result_release(&res);
}

/*
 * A file of many batches (the reader thread hands rows over 1024 at a
 * time): generated data imports whole, progress moves forward to the
 * end, a re-import is unchanged, and bad rows in several batches are
 * each listed, in file order, with nothing stored.
 */
static void
test_import_deltagande_many_batches(void **state)
{
	const struct test_db *t = *state;
	struct fs_db *db = t->db;
	struct fs_gen_params gp;
	struct fs_gen_stats gs;
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;
	struct seen s = { 0, 0, 0 };
	struct fs_buf b;
	char dir[160], path[224], line[512];
	const char *kinds[] = { "forbund", "insatser", "deltagande" };
	int64_t before;
	long lineno = 0;
	FILE *fp;

	snprintf(dir, sizeof(dir), "%s/gen", t->dir);
	fs_gen_params_init(&gp);
	gp.forbund = 3;
	gp.deltagande = 5000;
	gp.seed = 7;
	assert_int_equal(fs_gen_write(&gp, dir, NULL, NULL, &gs, &err), FS_OK);
	for (size_t k = 0; k < FS_NELEM(kinds); k++) {
		snprintf(path, sizeof(path), "%s/%s.csv", dir, kinds[k]);
		assert_int_equal(fs_import_file(db, (enum fs_import_kind)k,
		    path, k == 2 ? record_progress : NULL, &s, &res, &err),
		    FS_OK);
		fs_import_result_release(&res);
	}
	assert_true(s.calls >= 1);
	assert_int_equal(s.done, s.total);
	assert_int_equal(sql_count(state, "SELECT count(*) FROM deltagande"),
	    5000);
	assert_int_equal(sql_count(state, "SELECT count(*) FROM person"),
	    (int64_t)gs.personer);
	assert_int_equal(fs_import_file(db, FS_IMPORT_DELTAGANDE, path, NULL,
	    NULL, &res, &err), FS_OK);
	assert_int_equal(res.unchanged, 5000);
	fs_import_result_release(&res);

	/* Every 700th row gets a personnummer with a wrong check digit. */
	before = sql_count(state, "SELECT count(*) FROM person");
	fs_buf_init(&b, 0);
	fp = fopen(path, "r");
	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *c = strchr(line, ',');

		lineno++;
		if (lineno > 1 && lineno % 700 == 0) {
			assert_non_null(c);
			c[12] = (char)(c[12] == '0' ? '1' : '0');
		}
		assert_int_equal(fs_buf_addstr(&b, line), FS_OK);
	}
	fclose(fp);
	assert_int_equal(fs_buf_addstr(&b, "NOPE,198506121238,2024-02-01,"
	    "2024-02-01,,,,,,,,,,\n"), FS_OK);
	assert_int_equal(fs_import_mem(db, FS_IMPORT_DELTAGANDE, b.buf, b.len,
	    NULL, NULL, &res, &err), FS_EINVAL);
	assert_int_equal(res.rows, 5001);
	assert_int_equal(res.nerrors, 5000 / 700 + 1);
	for (size_t i = 0; i + 1 < res.nerrors; i++)
		assert_error(&res, i, (long)(i + 1) * 700, "personnummer");
	assert_error(&res, res.nerrors - 1, 5002, "insats_kod");
	fs_import_result_release(&res);
	fs_buf_release(&b);
	assert_int_equal(sql_count(state, "SELECT count(*) FROM person"),
	    before);
}

static void
test_import_missing_file_fails(void **state)
{
	struct fs_db *db = db_of(state);
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;

	assert_int_equal(fs_import_file(db, FS_IMPORT_FORBUND,
	    data("finns-inte.csv"), NULL, NULL, &res, &err), FS_EIO);
	assert_string_equal(err.field, "csv");
	assert_int_equal(res.nerrors, 0);
	fs_import_result_release(&res);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_kind_names_round_trip),
		T(test_import_forbund_creates_and_reimport_is_unchanged),
		T(test_import_forbund_bad_rows_listed_and_nothing_stored),
		T(test_import_forbund_changed_name_updates),
		T(test_import_forbund_changed_kommuner_refused),
		T(test_import_insatser_creates_and_reimport_is_unchanged),
		T(test_import_insatser_semicolon_bom_quoted),
		T(test_import_insatser_changed_name_updates),
		T(test_import_insatser_immutable_change_refused),
		T(test_import_deltagande_creates_and_reimport_is_unchanged),
		T(test_import_deltagande_changed_row_gives_new_version),
		T(test_import_deltagande_bad_rows_listed_and_nothing_stored),
		T(test_import_deltagande_consent_on_the_row),
		T(test_import_deltagande_rows_of_one_person),
		T(test_import_deltagande_many_batches),
		T(test_import_anonyma_creates_updates_and_keeps),
		T(test_import_unknown_column_rejected),
		T(test_import_missing_required_column_rejected),
		T(test_import_missing_header_or_empty_file_rejected),
		T(test_import_short_row_and_syntax_error_reported_with_line),
		T(test_import_error_list_capped),
		T(test_import_many_distinct_codes_still_found),
		T(test_import_progress_reaches_the_end),
		T(test_import_missing_file_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
