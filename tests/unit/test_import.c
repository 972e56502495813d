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

#include "finsam/buf.h"
#include "finsam/codes.h"
#include "finsam/db.h"
#include "finsam/deltagande.h"
#include "finsam/err.h"
#include "finsam/forbund.h"
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
