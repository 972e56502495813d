/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of the municipality panel in the database
 * (utvardering_panel.c): importing a panel file (all or nothing, every
 * bad input naming its column), outcomes from the försörjningsmått
 * table, each kommun's joining year from dated memberships, and the
 * difference-in-differences run on the stored panel, with the hand-
 * worked ATT(2011, 2011) of the estimator test and the stored result.
 */
#include "compat.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "finsam/buf.h"
#include "finsam/err.h"
#include "finsam/forbund.h"
#include "finsam/parse.h"
#include "finsam/utvardering.h"
#include "testutil.h"

static int
setup(void **state)
{
	struct test_db *t = calloc(1, sizeof(*t));

	if (t == NULL || test_db_open(t) != 0)
		return -1;
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

static void
sql(void **state, const char *text)
{
	struct test_db *t = *state;
	sqlite3 *db;

	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(sqlite3_exec(db, text, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* A förbund over kommuner (space-separated) from date fran. */
static int64_t
forbund(void **state, const char *kod, const char *orgnr, const char *fran,
    const char *k1, const char *k2)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_forbund fb;
	const char *kommuner[2] = { k1, k2 };
	int64_t id;

	fs_forbund_init(&fb);
	fb.kod = strdup(kod);
	fb.namn = strdup(kod);
	snprintf(fb.organisationsnummer, sizeof(fb.organisationsnummer), "%s",
	    orgnr);
	assert_int_equal(fs_parse_date(fran, strlen(fran), &fb.startdatum,
	    "fran", &err), FS_OK);
	if (fs_forbund_create(db_of(state), &fb, kommuner, k2 == NULL ? 1 : 2,
	    &err) != FS_OK)
		fail_msg("forbund: %s: %s", err.field, err.msg);
	id = fb.id;
	fs_forbund_release(&fb);
	return id;
}

static const char panel_csv[] =
    "kommunkod,ar,andel_sp,andel_sa\n"
    "0180,2009,1,10\n0180,2010,2,10\n0180,2011,5,11\n0180,2012,6,\n"
    "0181,2009,2,9\n0181,2010,2,9\n0181,2011,4,9\n0181,2012,7,9\n"
    "1280,2009,1,8\n1280,2010,1,8\n1280,2011,2,8\n1280,2012,2,8\n"
    "1281,2009,3,7\n1281,2010,4,7\n1281,2011,4,7\n1281,2012,5,7\n";

static void
import_ok(void **state, const char *csv, struct fs_utvardering_panelinfo *i)
{
	struct fs_err err = FS_ERR_INIT;

	if (fs_utvardering_panel_import_mem(db_of(state), csv, strlen(csv), i,
	    &err) != FS_OK)
		fail_msg("import: %s: %s", err.field, err.msg);
}

static void
test_panel_file_is_stored_per_outcome(void **state)
{
	struct fs_utvardering_panelinfo info;
	struct fs_utvardering_utfall *u;
	struct fs_err err = FS_ERR_INIT;
	size_t n;

	(void)state;
	import_ok(state, panel_csv, &info);
	assert_int_equal(info.utfall, 2);
	assert_int_equal(info.kommuner, 4);
	assert_int_equal(info.rader, 16 + 15);	/* one value missing */
	assert_int_equal(info.ar_min, 2009);
	assert_int_equal(info.ar_max, 2012);
	assert_int_equal(fs_utvardering_utfall_lista(db_of(state), &u, &n,
	    &err), FS_OK);
	assert_int_equal(n, 2);
	assert_string_equal(u[0].namn, "andel_sa");
	assert_int_equal(u[0].kommuner, 4);
	assert_string_equal(u[1].namn, "andel_sp");
	free(u);
	/* Importing an outcome again replaces it. */
	import_ok(state, "kommunkod;ar;andel_sp\n0180;2009;1,5\n", &info);
	assert_int_equal(info.rader, 1);
	assert_int_equal(fs_utvardering_utfall_lista(db_of(state), &u, &n,
	    &err), FS_OK);
	assert_int_equal(u[1].kommuner, 1);
	assert_int_equal(u[0].kommuner, 4);
	free(u);
}

static void
test_bad_panel_file_names_the_column_and_stores_nothing(void **state)
{
	static const struct {
		const char	*csv;
		const char	*field;
		const char	*line;
	} cases[] = {
		{ "kommunkod,ar,andel_sp\n0180,2009,1\n9999,2009,1\n",
		  "kommunkod", "rad 3" },
		{ "kommunkod,ar,andel_sp\n0180,2009,1\n01800,2009,1\n",
		  "kommunkod", "rad 3" },
		{ "kommunkod,ar,andel_sp\n0180,2009,1\n0181,1850,1\n", "ar",
		  "rad 3" },
		{ "kommunkod,ar,andel_sp\n0180,2009,1\n0181,2009,x\n",
		  "andel_sp", "rad 3" },
		{ "kommunkod,ar,andel_sp\n0180,2009,1\n0180,2009,2\n", "ar",
		  "rad 3" },
		{ "kommunkod,ar,andel_sp\n0180,2009,1\n0181,2009\n", "panel",
		  "rad 3" },
		{ "kommunkod,ar,Andel\n", "utfall", "kolumn 3" },
		{ "kommunkod,ar,x,x\n", "utfall", "kolumn 4" },
		{ "ar,andel_sp\n", "kommunkod", "saknas" },
		{ "kommunkod,andel_sp\n", "ar", "saknas" },
		{ "kommunkod,ar\n", "utfall", "ingen" },
		{ "", "panel", "tom" },
	};
	struct fs_utvardering_panelinfo info;
	struct fs_utvardering_utfall *u;
	struct fs_err err = FS_ERR_INIT;
	size_t n;

	import_ok(state, "kommunkod,ar,andel_sp\n0114,2009,7\n", &info);
	for (size_t i = 0; i < FS_NELEM(cases); i++) {
		assert_int_equal(fs_utvardering_panel_import_mem(db_of(state),
		    cases[i].csv, strlen(cases[i].csv), &info, &err),
		    FS_EINVAL);
		assert_string_equal(err.field, cases[i].field);
		assert_non_null(strstr(err.msg, cases[i].line));
		assert_int_equal(info.rader, 0);
	}
	/* The outcome stored before is untouched. */
	assert_int_equal(fs_utvardering_utfall_lista(db_of(state), &u, &n,
	    &err), FS_OK);
	assert_int_equal(n, 1);
	assert_int_equal(u[0].kommuner, 1);
	free(u);
}

static void
test_joining_year_is_the_first_whole_year_of_membership(void **state)
{
	struct fs_utvardering_kohort *k;
	struct fs_err err = FS_ERR_INIT;
	size_t n;
	int seen = 0;
	int64_t f2;

	forbund(state, "SF1", "802000-0009", "2008-01-01", "0180", NULL);
	f2 = forbund(state, "SF2", "8020000017", "2010-03-01", "1280", "1281");
	assert_int_equal(fs_forbund_leave(db_of(state), f2, "1281",
	    fs_date_from_ymd(2015, 6, 30), &err), FS_OK);
	assert_int_equal(fs_utvardering_kohorter(db_of(state), &k, &n, &err),
	    FS_OK);
	assert_int_equal(n, 290);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(k[i].kommun, "0180") == 0) {
			/* Member from 1 January 2008. */
			assert_int_equal(k[i].ar, 2008);
			assert_false(k[i].lamnat);
			seen++;
		} else if (strcmp(k[i].kommun, "1280") == 0) {
			/* From 1 March 2010: 2011 is the first whole year. */
			assert_int_equal(k[i].ar, 2011);
			assert_false(k[i].lamnat);
			seen++;
		} else if (strcmp(k[i].kommun, "1281") == 0) {
			assert_int_equal(k[i].ar, 2011);
			assert_true(k[i].lamnat);
			seen++;
		} else if (strcmp(k[i].kommun, "0181") == 0) {
			assert_int_equal(k[i].ar, 0);
			seen++;
		}
	}
	assert_int_equal(seen, 4);
	free(k);
}

static void
test_did_on_the_stored_panel_gives_the_hand_worked_cell(void **state)
{
	struct fs_utvardering_panelinfo info;
	struct fs_did_params par;
	struct fs_did_resultat *r;
	const struct fs_did_gt *c;
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;
	int64_t f;

	/*
	 * 0180 and 0181 join on 2011-01-01 (and 0181 leaves in 2012);
	 * 1280 and 1281 never: the panel of the estimator test with
	 * ATT(2011, 2011) = 2.5 - 0.5 = 2.0.
	 */
	f = forbund(state, "SF1", "802000-0009", "2011-01-01", "0180", "0181");
	assert_int_equal(fs_forbund_leave(db_of(state), f, "0181",
	    fs_date_from_ymd(2012, 6, 30), &err), FS_OK);
	import_ok(state, panel_csv, &info);
	fs_did_params_init(&par);
	par.bootstrap = 0;
	par.min_kohort = 1;
	assert_int_equal(fs_utvardering_did(db_of(state), "andel_sp", &par, &r,
	    &err), FS_OK);
	c = fs_did_cell(r, 2011, 2011);
	assert_non_null(c);
	assert_true(fabs(c->att - 2.0) < 1e-9);
	assert_true(fabs(c->se - 0.5) < 1e-9);
	assert_int_equal(c->n_behandlade, 2);
	/* Every other kommun has no values and is left out. */
	assert_int_equal(r->nenheter, 4);
	assert_string_equal(r->utfall, "andel_sp");
	assert_non_null(strstr(r->varningar[r->nvarningar - 1],
	    "1 kommuner har lämnat"));
	fs_did_resultat_free(r);
	fs_buf_init(&b, 0);
	assert_int_equal(fs_utvardering_resultat_hamta(db_of(state),
	    "andel_sp", &b, &err), FS_OK);
	assert_non_null(strstr(b.buf, "\"att_gt\""));
	fs_buf_release(&b);
	/* andel_sa misses 0180 in 2012: 0180 is dropped, 0181 is alone. */
	assert_int_equal(fs_utvardering_did(db_of(state), "andel_sa", &par, &r,
	    &err), FS_OK);
	assert_int_equal(r->nenheter, 3);
	fs_did_resultat_free(r);
	/* Unknown and malformed outcome names. */
	assert_int_equal(fs_utvardering_did(db_of(state), "finns_inte", &par,
	    &r, &err), FS_ENOTFOUND);
	assert_string_equal(err.field, "utfall");
	assert_int_equal(fs_utvardering_did(db_of(state), "Andel SP", &par, &r,
	    &err), FS_EINVAL);
	assert_string_equal(err.field, "utfall");
}

static void
test_outcomes_from_forsorjningsmatt_are_kronor_per_inhabitant(void **state)
{
	struct fs_utvardering_panelinfo info;
	struct fs_did_panel *p;
	struct fs_err err = FS_ERR_INIT;

	assert_int_equal(fs_utvardering_panel_fm(db_of(state), &info, &err),
	    FS_ENOTFOUND);
	assert_string_equal(err.field, "forsorjningsmatt");
	/* 0180 in 2019: 1 000 inhabitants, sjukpenning 2 500 tkr. */
	sql(state, "INSERT INTO forsorjningsmatt VALUES "
	    "(2019, '0180', 1000, 2500, 100, 200, 300, 400, 500, 600),"
	    "(2020, '0180', 1000, 2000, 100, 200, 300, 400, 500, 600),"
	    "(2019, '1280', 0, 1, 1, 1, 1, 1, 1, 1)");
	assert_int_equal(fs_utvardering_panel_fm(db_of(state), &info, &err),
	    FS_OK);
	assert_int_equal(info.utfall, 8);
	assert_int_equal(info.kommuner, 1);	/* 1280 has no population */
	assert_int_equal(info.rader, 16);
	assert_int_equal(fs_utvardering_panel_load(db_of(state),
	    "fm_sjukpenning", &p, NULL, &err), FS_OK);
	/* 2 500 000 kr / 1 000 = 2 500 kr per inhabitant. */
	assert_true(fabs(fs_did_panel_y(p, 0, 2019) - 2500) < 1e-9);
	assert_true(fabs(fs_did_panel_y(p, 0, 2020) - 2000) < 1e-9);
	fs_did_panel_free(p);
	assert_int_equal(fs_utvardering_panel_load(db_of(state), "fm_totalt",
	    &p, NULL, &err), FS_OK);
	/* (2500 + 100 + 200 + 300 + 400 + 500 + 600) x 1000 / 1000. */
	assert_true(fabs(fs_did_panel_y(p, 0, 2019) - 4600) < 1e-9);
	fs_did_panel_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_panel_file_is_stored_per_outcome, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_bad_panel_file_names_the_column_and_stores_nothing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_joining_year_is_the_first_whole_year_of_membership,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_did_on_the_stored_panel_gives_the_hand_worked_cell,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_outcomes_from_forsorjningsmatt_are_kronor_per_inhabitant,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
