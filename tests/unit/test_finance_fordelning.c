/* SPDX-License-Identifier: ISC */
/*
 * The stored kommun split (ekonomi.h "Stored kommun split") against a
 * real database: every rule of recording one naming its field and
 * storing nothing, the split in force for a year, contributions that
 * follow it unless a split is given (the shares worked out by hand with
 * largest remainder), a split that no longer fits the members, the
 * budget's kommun income per kommun, the share parsers, and a database
 * of the schema before the split that upgrades.  Kommuner 0604 and 0617
 * (förbund A) have 60 000 and 25 000 inhabitants 16-64.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "finsam/alloc.h"
#include "finsam/ekonomi.h"
#include "finsam/forbund.h"
#include "finsam/parse.h"
#include "finsam/store.h"
#include "finsam/tilldelning.h"
#include "testutil.h"

static int32_t
D(const char *s)
{
	int32_t d;

	assert_int_equal(fs_parse_date(s, strlen(s), &d, "t", NULL), FS_OK);
	return d;
}

static void
put_fm(struct fs_db *db, const char *kod, int64_t bef)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_fm_rad r;

	memset(&r, 0, sizeof(r));
	r.ar = 2024;
	snprintf(r.kommun, sizeof(r.kommun), "%s", kod);
	r.befolkning = bef;
	r.belopp[FS_FM_SJUKPENNING] = 1000;
	if (fs_fm_put(db, &r, NULL, &err) != FS_OK)
		fail_msg("%s: %s", err.field, err.msg);
}

static int
setup(void **state)
{
	struct test_db *t = calloc(1, sizeof(*t));
	struct fs_err err = FS_ERR_INIT;
	struct fs_forbund f;
	const char *a[] = { "0604", "0617" };

	if (t == NULL || test_db_open(t) != 0)
		return -1;
	fs_forbund_init(&f);
	f.kod = fs_strdup("A");
	f.namn = fs_strdup("Förbund A");
	snprintf(f.organisationsnummer, 12, "%s", "222000-1339");
	f.startdatum = D("2012-01-01");
	if (fs_forbund_create(t->db, &f, a, 2, &err) != FS_OK)
		return -1;
	fs_forbund_release(&f);
	put_fm(t->db, "0604", 60000);
	put_fm(t->db, "0617", 25000);
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	test_db_close(*state);
	free(*state);
	return 0;
}

/* How many splits are recorded for A. */
static size_t
stored(struct fs_db *db)
{
	struct fs_kommunfordelning *v = NULL;
	struct fs_err err = FS_ERR_INIT;
	size_t n = 0;

	assert_int_equal(fs_kommunfordelning_list(db, "A", &v, &n, &err),
	    FS_OK);
	fs_kommunfordelning_list_free(v, n);
	return n;
}

static void
shares(struct fs_kfd_andel *v, int32_t a, int32_t b)
{
	memset(v, 0, 2 * sizeof(*v));
	snprintf(v[0].kod, 5, "0604");
	v[0].andel_bp = a;
	snprintf(v[1].kod, 5, "0617");
	v[1].andel_bp = b;
}

static void
test_refusals_store_nothing(void **state)
{
	struct test_db *t = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_kfd_andel v[3];

	shares(v, 3000, 6000);
	assert_int_equal(fs_kommunfordelning_set(t->db, "A", 2026,
	    FS_BIDRAG_ANDELAR, FS_DATE_NONE, v, 2, &err), FS_EINVAL);
	assert_string_equal(err.field, "andelar");
	assert_non_null(strstr(err.msg, "100 %"));
	/* A kommun that is no member, and a member without a share. */
	shares(v, 3000, 7000);
	snprintf(v[1].kod, 5, "0642");
	assert_int_equal(fs_kommunfordelning_set(t->db, "A", 2026,
	    FS_BIDRAG_ANDELAR, FS_DATE_NONE, v, 2, &err), FS_EINVAL);
	assert_string_equal(err.field, "andelar");
	shares(v, 10000, 0);
	assert_int_equal(fs_kommunfordelning_set(t->db, "A", 2026,
	    FS_BIDRAG_ANDELAR, FS_DATE_NONE, v, 1, &err), FS_EINVAL);
	assert_non_null(strstr(err.msg, "0617"));
	shares(v, 3000, 7000);
	v[2] = v[1];
	assert_int_equal(fs_kommunfordelning_set(t->db, "A", 2026,
	    FS_BIDRAG_ANDELAR, FS_DATE_NONE, v, 3, &err), FS_EINVAL);
	assert_string_equal(err.field, "andelar");
	shares(v, -1, 10001);
	assert_int_equal(fs_kommunfordelning_set(t->db, "A", 2026,
	    FS_BIDRAG_ANDELAR, FS_DATE_NONE, v, 2, &err), FS_EINVAL);
	assert_string_equal(err.field, "andelar");
	/* Shares only with andelar, and andelar needs them. */
	shares(v, 3000, 7000);
	assert_int_equal(fs_kommunfordelning_set(t->db, "A", 2026,
	    FS_BIDRAG_LIKA, FS_DATE_NONE, v, 2, &err), FS_EINVAL);
	assert_string_equal(err.field, "andelar");
	assert_int_equal(fs_kommunfordelning_set(t->db, "A", 2026,
	    FS_BIDRAG_ANDELAR, FS_DATE_NONE, NULL, 0, &err), FS_EINVAL);
	assert_string_equal(err.field, "andelar");
	assert_int_equal(fs_kommunfordelning_set(t->db, "A", 1989,
	    FS_BIDRAG_LIKA, FS_DATE_NONE, NULL, 0, &err), FS_EINVAL);
	assert_string_equal(err.field, "fran_ar");
	assert_int_equal(fs_kommunfordelning_set(t->db, "A", 2026,
	    FS_BIDRAG__MAX, FS_DATE_NONE, NULL, 0, &err), FS_EINVAL);
	assert_string_equal(err.field, "fordelning");
	assert_int_equal(fs_kommunfordelning_set(t->db, "A", 2026,
	    FS_BIDRAG_LIKA, D("2026-06-02"), NULL, 0, &err), FS_EINVAL);
	assert_string_equal(err.field, "beslutad");
	assert_int_equal(fs_kommunfordelning_set(t->db, "X", 2026,
	    FS_BIDRAG_LIKA, FS_DATE_NONE, NULL, 0, &err), FS_ENOTFOUND);
	assert_string_equal(err.field, "forbund");
	assert_int_equal(stored(t->db), 0);
}

static void
test_split_in_force_and_history(void **state)
{
	struct test_db *t = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_kommunfordelning k, *v = NULL;
	struct fs_kfd_andel a[2];
	size_t n = 0;

	assert_int_equal(fs_kommunfordelning_get(t->db, "A", 2026, &k, &err),
	    FS_OK);
	assert_int_equal(k.fran_ar, 0);
	assert_int_equal(k.fordelning, FS_BIDRAG_BEFOLKNING);
	fs_kommunfordelning_release(&k);
	assert_int_equal(fs_kommunfordelning_set(t->db, "A", 2024,
	    FS_BIDRAG_LIKA, D("2023-11-20"), NULL, 0, &err), FS_OK);
	shares(a, 3000, 7000);
	assert_int_equal(fs_kommunfordelning_set(t->db, "A", 2026,
	    FS_BIDRAG_ANDELAR, FS_DATE_NONE, a, 2, &err), FS_OK);
	/* The same year again replaces it, shares and all. */
	shares(a, 2550, 7450);
	assert_int_equal(fs_kommunfordelning_set(t->db, "A", 2026,
	    FS_BIDRAG_ANDELAR, D("2025-11-20"), a, 2, &err), FS_OK);
	assert_int_equal(fs_kommunfordelning_get(t->db, "A", 2023, &k, &err),
	    FS_OK);
	assert_int_equal(k.fran_ar, 0);
	fs_kommunfordelning_release(&k);
	assert_int_equal(fs_kommunfordelning_get(t->db, "A", 2025, &k, &err),
	    FS_OK);
	assert_int_equal(k.fran_ar, 2024);
	assert_int_equal(k.fordelning, FS_BIDRAG_LIKA);
	assert_int_equal(k.beslutad, D("2023-11-20"));
	fs_kommunfordelning_release(&k);
	assert_int_equal(fs_kommunfordelning_get(t->db, "A", 2030, &k, &err),
	    FS_OK);
	assert_int_equal(k.fran_ar, 2026);
	assert_int_equal(k.nandel, 2);
	assert_string_equal(k.andel[0].namn, "Aneby");
	assert_int_equal(k.andel[0].andel_bp, 2550);
	assert_int_equal(k.andel[1].andel_bp, 7450);
	fs_kommunfordelning_release(&k);
	assert_int_equal(fs_kommunfordelning_list(t->db, "A", &v, &n, &err),
	    FS_OK);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].fran_ar, 2024);
	assert_int_equal(v[1].fran_ar, 2026);
	fs_kommunfordelning_list_free(v, n);
}

static void
bidrag(struct fs_db *db, int64_t stat, bool sparad,
    enum fs_bidrag_fordelning f, struct fs_bidrag *r, enum fs_rc want)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_bidrag_fraga q;

	memset(&q, 0, sizeof(q));
	q.forbund_kod = "A";
	q.ar = 2026;
	q.statligt = stat;
	q.utnyttjandegrad_bp = -1;
	q.sparad = sparad;
	q.fordelning = f;
	if (fs_bidrag(db, &q, r, &err) != want)
		fail_msg("%s: %s", err.field, err.msg);
}

static void
test_contributions_follow_the_stored_split(void **state)
{
	struct test_db *t = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_kfd_andel a[2];
	struct fs_bidrag r;

	/* None stored: population, 1 000 000 as 60 000 : 25 000. */
	bidrag(t->db, 2000000, true, FS_BIDRAG_BEFOLKNING, &r, FS_OK);
	assert_int_equal(r.fordelning, FS_BIDRAG_BEFOLKNING);
	assert_string_equal(r.fordelning_kalla,
	    "standard (ingen sparad fördelning)");
	/* 705 882,35 and 294 117,65: the remainder to 0617. */
	assert_int_equal(r.kommun[0].belopp, 705882);
	assert_int_equal(r.kommun[1].belopp, 294118);
	fs_bidrag_release(&r);
	/* 33,33 / 66,67 %: 333 300 and 666 700 kr. */
	shares(a, 3333, 6667);
	assert_int_equal(fs_kommunfordelning_set(t->db, "A", 2026,
	    FS_BIDRAG_ANDELAR, FS_DATE_NONE, a, 2, &err), FS_OK);
	bidrag(t->db, 2000000, true, FS_BIDRAG_BEFOLKNING, &r, FS_OK);
	assert_int_equal(r.fordelning, FS_BIDRAG_ANDELAR);
	assert_string_equal(r.fordelning_kalla, "sparad fördelning från 2026");
	assert_int_equal(r.kommun[0].belopp, 333300);
	assert_int_equal(r.kommun[1].belopp, 666700);
	fs_bidrag_release(&r);
	/* A split given for the call wins. */
	bidrag(t->db, 2000000, false, FS_BIDRAG_LIKA, &r, FS_OK);
	assert_int_equal(r.kommun[0].belopp, 500000);
	assert_string_equal(r.fordelning_kalla, "angiven");
	fs_bidrag_release(&r);
	/* sparad with a split of its own is a contradiction. */
	bidrag(t->db, 2000000, true, FS_BIDRAG_LIKA, &r, FS_EINVAL);
}

static void
test_stored_split_that_no_longer_fits(void **state)
{
	struct test_db *t = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_kfd_andel a[2];
	struct fs_forbund f;
	struct fs_bidrag_fraga q;
	struct fs_bidrag r;

	shares(a, 4000, 6000);
	assert_int_equal(fs_kommunfordelning_set(t->db, "A", 2025,
	    FS_BIDRAG_ANDELAR, FS_DATE_NONE, a, 2, &err), FS_OK);
	fs_forbund_init(&f);
	assert_int_equal(fs_forbund_get_kod(t->db, "A", &f, &err), FS_OK);
	assert_int_equal(fs_forbund_join(t->db, f.id, "0642",
	    D("2026-01-01"), &err), FS_OK);
	fs_forbund_release(&f);
	put_fm(t->db, "0642", 40000);
	memset(&q, 0, sizeof(q));
	q.forbund_kod = "A";
	q.ar = 2026;
	q.statligt = 2000000;
	q.utnyttjandegrad_bp = -1;
	q.sparad = true;
	assert_int_equal(fs_bidrag(t->db, &q, &r, &err), FS_EINVAL);
	assert_string_equal(err.field, "fordelning");
	assert_non_null(strstr(err.msg, "0642"));
	assert_non_null(strstr(err.msg, "2025"));
}

static void
test_budget_kommun_income_per_kommun(void **state)
{
	struct test_db *t = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_ek_belopp v;
	struct fs_kfd_andel a[2];
	struct fs_ek_ar y;

	memset(&v, 0, sizeof(v));
	v.post = FS_EK_INTAKT_KOMMUN;
	v.belopp = 1000001;
	assert_int_equal(fs_ek_set(t->db, "A", 2026, FS_EK_BUDGET, &v, 1,
	    &err), FS_OK);
	shares(a, 2500, 7500);
	assert_int_equal(fs_kommunfordelning_set(t->db, "A", 2026,
	    FS_BIDRAG_ANDELAR, FS_DATE_NONE, a, 2, &err), FS_OK);
	assert_int_equal(fs_ek_ar(t->db, "A", 2026, NULL, &y, &err), FS_OK);
	assert_int_equal(y.nbudget_kommun, 2);
	assert_int_equal(y.budget_fordelning, FS_BIDRAG_ANDELAR);
	/* 250 000,25 and 750 000,75: the remainder to 0617. */
	assert_int_equal(y.budget_kommun[0].belopp, 250000);
	assert_int_equal(y.budget_kommun[1].belopp, 750001);
	fs_ek_ar_release(&y);
	/* Amounts per kommun in the budget: nothing to split. */
	snprintf(v.medlem, sizeof(v.medlem), "0604");
	v.belopp = 10;
	assert_int_equal(fs_ek_set(t->db, "A", 2026, FS_EK_BUDGET, &v, 1,
	    &err), FS_OK);
	assert_int_equal(fs_ek_ar(t->db, "A", 2026, NULL, &y, &err), FS_OK);
	assert_int_equal(y.nbudget_kommun, 0);
	fs_ek_ar_release(&y);
}

static void
test_share_parsers(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_bidrag_medlem *m = NULL;
	struct fs_kfd_andel *k = NULL;
	const char *bad[] = { "", "0604", "0604:", "604:5", "0604:5,",
	    "0604:x", "0604:101", "0604:-1" };
	size_t n = 0;

	(void)state;
	assert_int_equal(fs_bidrag_andelar_parse("0604:1,0617:2", &m, &n,
	    &err), FS_OK);
	assert_int_equal(n, 2);
	assert_string_equal(m[1].kod, "0617");
	assert_int_equal(m[1].andel, 2);
	free(m);
	assert_int_equal(fs_kfd_andelar_parse("0604:33.34,0617:66.66", &k,
	    &n, &err), FS_OK);
	assert_int_equal(k[0].andel_bp, 3334);
	assert_int_equal(k[1].andel_bp, 6666);
	free(k);
	for (size_t i = 0; i < FS_NELEM(bad); i++) {
		k = NULL;
		if (fs_kfd_andelar_parse(bad[i], &k, &n, &err) != FS_EINVAL)
			fail_msg("'%s' accepted", bad[i]);
		assert_string_equal(err.field, "andelar");
		assert_null(k);
	}
	assert_int_equal(fs_bidrag_andelar_parse("0604:1;0617:2", &m, &n,
	    &err), FS_EINVAL);
	assert_null(m);
}

/* A database of the schema just before the split upgrades to it. */
static void
test_older_database_upgrades(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_store *st;
	struct fs_stmt *s;
	char dir[] = "/tmp/finsam-kfd-XXXXXX", p[64];
	enum fs_rc rc;
	bool row;
	int before;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/gammal.db", dir);
	before = test_version_before("-kommunfordelning.sql");
	assert_true(before > 0);
	assert_int_equal(fs_store_open_version(p, FS_STORE_CREATE, before,
	    &st, &err), FS_OK);
	assert_int_equal(fs_store_version(st), before);
	/* No such table yet: the statement cannot be prepared or run. */
	rc = fs_store_stmt(st, FS_STMT_KFD_LIST, &s, &err);
	if (rc == FS_OK) {
		fs_stmt_bind_i64(s, 1, 1);
		fs_stmt_bind_i64(s, 2, 2999);
		rc = fs_stmt_step(s, &row, &err);
		fs_stmt_reset(s);
	}
	assert_int_not_equal(rc, FS_OK);
	fs_store_close(st);
	assert_int_equal(fs_store_open(p, 0, &st, &err), FS_OK);
	assert_int_equal(fs_store_version(st), fs_store_latest_version());
	assert_int_equal(fs_store_stmt(st, FS_STMT_KFD_LIST, &s, &err), FS_OK);
	fs_stmt_bind_i64(s, 1, 1);
	fs_stmt_bind_i64(s, 2, 2999);
	assert_int_equal(fs_stmt_step(s, &row, &err), FS_OK);
	assert_false(row);
	fs_stmt_reset(s);
	fs_store_close(st);
	test_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_refusals_store_nothing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_split_in_force_and_history,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_contributions_follow_the_stored_split, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_stored_split_that_no_longer_fits, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_budget_kommun_income_per_kommun, setup, teardown),
		cmocka_unit_test(test_share_parsers),
		cmocka_unit_test(test_older_database_upgrades),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
