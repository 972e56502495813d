/* SPDX-License-Identifier: ISC */
/*
 * The finance module against a real database: försörjningsmått import
 * (all or nothing, every rule naming its column), the allocation
 * gathered from memberships and försörjningsmått and stored so that it
 * is recomputed byte for byte, the spärr from last year's stored
 * calculation, bad input that stores nothing, the contributions vector
 * with largest remainder, the Jönköping 2019 accounts (results, equity
 * ratios, trappan excess for Finnveden), budget lines of insatser,
 * kronor per inhabitant, the calendar, and the merger and kommun
 * scenarios.  The finance.md vector's five kommuner are played by real
 * kommuner of Jönköpings län.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/ekonomi.h"
#include "finsam/forbund.h"
#include "finsam/import.h"
#include "finsam/parse.h"
#include "finsam/scenario.h"
#include "finsam/tilldelning.h"
#include "testutil.h"

/* K1..K5 of finance.md: A = K1 K2, B = K3, C = K4 K5. */
static const struct {
	const char	*kod;
	int64_t		 fm_tkr;
	int64_t		 bef;
} vk[] = {
	{ "0604", 300000, 60000 },
	{ "0617", 100000, 25000 },
	{ "0642", 250000, 40000 },
	{ "0643", 150000, 50000 },
	{ "0662", 200000, 25000 },
};

static int32_t
D(const char *s)
{
	int32_t d;

	assert_int_equal(fs_parse_date(s, strlen(s), &d, "t", NULL), FS_OK);
	return d;
}

static void
make_forbund(struct fs_db *db, const char *kod, const char *org,
    const char *const *k, size_t n)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_forbund f;

	fs_forbund_init(&f);
	f.kod = fs_strdup(kod);
	f.namn = fs_strdup(kod);
	snprintf(f.organisationsnummer, 12, "%s", org);
	f.startdatum = D("2012-01-01");
	if (fs_forbund_create(db, &f, k, n, &err) != FS_OK)
		fail_msg("%s: %s", err.field, err.msg);
	fs_forbund_release(&f);
}

static void
put_fm(struct fs_db *db, int ar, const char *kod, int64_t fm, int64_t bef)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_fm_rad r;

	memset(&r, 0, sizeof(r));
	r.ar = ar;
	snprintf(r.kommun, sizeof(r.kommun), "%s", kod);
	r.befolkning = bef;
	r.belopp[FS_FM_SJUKPENNING] = fm / 2;
	r.belopp[FS_FM_FORSORJNINGSSTOD] = fm - fm / 2;
	if (fs_fm_put(db, &r, NULL, &err) != FS_OK)
		fail_msg("%s: %s", err.field, err.msg);
}

static int
setup(void **state)
{
	struct test_db *t = calloc(1, sizeof(*t));
	const char *a[] = { "0604", "0617" }, *b[] = { "0642" },
	    *c[] = { "0643", "0662" };

	if (t == NULL || test_db_open(t) != 0)
		return -1;
	make_forbund(t->db, "A", "222000-1339", a, 2);
	make_forbund(t->db, "B", "222000-1347", b, 1);
	make_forbund(t->db, "C", "222000-1354", c, 2);
	for (int ar = 2023; ar <= 2024; ar++)
		for (size_t i = 0; i < FS_NELEM(vk); i++)
			put_fm(t->db, ar, vk[i].kod, vk[i].fm_tkr, vk[i].bef);
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

static void
params(struct fs_tdl_params *p, int ar, const char *json)
{
	struct fs_err err = FS_ERR_INIT;

	if (fs_tdl_params_from_json(json, strlen(json), ar, p, &err) != FS_OK)
		fail_msg("%s: %s", err.field, err.msg);
}

static int64_t
count(struct test_db *t, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int64_t n = -1;

	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n;
}

static void
exec(struct test_db *t, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* ---- försörjningsmått import ---- */

#define FM_HEAD "ar,kommunkod,befolkning_16_64,sjukpenning," \
	"aktivitetsersattning,sjukersattning,a_kassa,aktivitetsstod," \
	"etableringsersattning,forsorjningsstod\n"

static void
test_fm_import_and_reimport(void **state)
{
	struct test_db *t = *state;
	const char *csv = FM_HEAD
	    "2019,0680,90000,1,2,3,4,5,6,7\n"
	    "2019,0682,19000,10,0,0,0,0,0,0\n";
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;
	struct fs_fm_rad r;

	assert_int_equal(fs_import_kind_find("forsorjningsmatt"),
	    FS_IMPORT_FORSORJNINGSMATT);
	assert_int_equal(fs_import_mem(t->db, FS_IMPORT_FORSORJNINGSMATT, csv,
	    strlen(csv), NULL, NULL, &res, &err), FS_OK);
	assert_int_equal(res.inserted, 2);
	fs_import_result_release(&res);
	assert_int_equal(fs_fm_get(t->db, 2019, "0680", &r, &err), FS_OK);
	assert_int_equal(r.befolkning, 90000);
	assert_int_equal(fs_fm_summa(&r), 28);
	assert_int_equal(fs_import_mem(t->db, FS_IMPORT_FORSORJNINGSMATT, csv,
	    strlen(csv), NULL, NULL, &res, &err), FS_OK);
	assert_int_equal(res.unchanged, 2);
	assert_int_equal(res.inserted, 0);
	fs_import_result_release(&res);
}

static void
test_fm_import_bad_rows_store_nothing(void **state)
{
	struct test_db *t = *state;
	static const struct {
		const char	*row;
		const char	*column;
	} bad[] = {
		{ "2019,9999,1,1,1,1,1,1,1,1\n", "kommunkod" },
		{ "2019,068,1,1,1,1,1,1,1,1\n", "kommunkod" },
		{ "2019,0680,-5,1,1,1,1,1,1,1\n", "befolkning_16_64" },
		{ "2019,0680,1,-1,1,1,1,1,1,1\n", "sjukpenning" },
		{ "2019,0680,1,1,1,1,1,1,1,-2\n", "forsorjningsstod" },
		{ "2019,0680,1,1,1,1,1.5,1,1,1\n", "a_kassa" },
		{ "2019,0680,1,1,1,1,1,1,,1\n", "etableringsersattning" },
		{ "1899,0680,1,1,1,1,1,1,1,1\n", "ar" },
		{ "2019,0680,1,1,1,1,1,1,1,1\n2019,0680,2,1,1,1,1,1,1,1\n",
		    "kommunkod" },
	};
	struct fs_fm_rad r;

	for (size_t i = 0; i < FS_NELEM(bad); i++) {
		struct fs_import_result res;
		struct fs_err err = FS_ERR_INIT;
		struct fs_buf csv;
		bool found = false;

		fs_buf_init(&csv, 0);
		/* A good row first: it must not be stored either. */
		assert_int_equal(fs_buf_addstr(&csv, FM_HEAD
		    "2018,0684,100,1,1,1,1,1,1,1\n"), FS_OK);
		assert_int_equal(fs_buf_addstr(&csv, bad[i].row), FS_OK);
		assert_int_equal(fs_import_mem(t->db,
		    FS_IMPORT_FORSORJNINGSMATT, csv.buf, csv.len, NULL, NULL,
		    &res, &err), FS_EINVAL);
		for (size_t e = 0; e < res.nerrors; e++)
			if (strcmp(res.errors[e].column, bad[i].column) == 0)
				found = true;
		if (!found)
			fail_msg("%s: no error for %s (%s)", bad[i].row,
			    bad[i].column, res.nerrors > 0 ?
			    res.errors[0].msg : "");
		fs_import_result_release(&res);
		fs_buf_release(&csv);
		assert_int_equal(fs_fm_get(t->db, 2018, "0684", &r, NULL),
		    FS_ENOTFOUND);
	}
	/* A missing column is refused by the header. */
	{
		const char *csv = "ar,kommunkod,befolkning_16_64\n2019,0680,1\n";
		struct fs_import_result res;
		struct fs_err err = FS_ERR_INIT;

		assert_int_equal(fs_import_mem(t->db,
		    FS_IMPORT_FORSORJNINGSMATT, csv, strlen(csv), NULL, NULL,
		    &res, &err), FS_EINVAL);
		assert_true(res.nerrors >= 7);
		assert_string_equal(res.errors[0].column, "sjukpenning");
		fs_import_result_release(&res);
	}
}

/* ---- the allocation from the database ---- */

static void
test_allocation_from_database_matches_vector(void **state)
{
	struct test_db *t = *state;
	struct fs_tdl_berakning b, again;
	struct fs_tdl_params p;
	struct fs_err err = FS_ERR_INIT;
	bool same = false;

	params(&p, 2026, "{\"ram\": 10000000}");
	assert_int_equal(fs_tdl_berakna(t->db, 2026, &p, true, &b, &err),
	    FS_OK);
	assert_true(b.id > 0);
	assert_int_equal(b.params.version, 1);
	assert_int_equal(b.res.nrad, 3);
	assert_int_equal(b.res.rad[0].nyckel_e12, 406250000000LL);
	assert_int_equal(b.res.rad[0].mojlig, 3975000);
	assert_int_equal(b.res.rad[1].mojlig, 2490000);
	assert_int_equal(b.res.rad[2].mojlig, 3535000);
	assert_non_null(strstr(b.res.rad[0].logg[0], "0604 Aneby"));
	/* Stored and recomputed: the same bytes. */
	assert_int_equal(fs_tdl_berakning_get(t->db, b.id, &again, &same,
	    &err), FS_OK);
	assert_true(same);
	assert_int_equal(again.json.len, b.json.len);
	assert_memory_equal(again.json.buf, b.json.buf, b.json.len);
	assert_int_equal(count(t, "select count(*) from tilldelning_rad"), 3);
	fs_tdl_berakning_release(&again);
	fs_tdl_berakning_release(&b);
	/* The same parameters again: no new version. */
	assert_int_equal(fs_tdl_berakna(t->db, 2026, &p, false, &b, &err),
	    FS_OK);
	assert_int_equal(b.id, 0);
	fs_tdl_berakning_release(&b);
	assert_int_equal(count(t, "select count(*) from tilldelning_parametrar"),
	    1);
	fs_tdl_params_release(&p);
}

static void
test_tampered_storage_is_detected(void **state)
{
	struct test_db *t = *state;
	struct fs_tdl_berakning b, again;
	struct fs_tdl_params p;
	struct fs_err err = FS_ERR_INIT;
	bool same = true;

	params(&p, 2026, "{\"ram\": 10000000}");
	assert_int_equal(fs_tdl_berakna(t->db, 2026, &p, true, &b, &err),
	    FS_OK);
	exec(t, "update tilldelning_berakning set resultat = "
	    "replace(resultat, '3975000', '3975001')");
	assert_int_equal(fs_tdl_berakning_get(t->db, b.id, &again, &same,
	    &err), FS_OK);
	assert_false(same);
	fs_tdl_berakning_release(&again);
	fs_tdl_berakning_release(&b);
	assert_int_equal(fs_tdl_berakning_get(t->db, 999, &again, &same,
	    &err), FS_ENOTFOUND);
	assert_string_equal(err.field, "id");
	fs_tdl_params_release(&p);
}

static void
test_sparr_uses_last_years_stored_calculation(void **state)
{
	struct test_db *t = *state;
	struct fs_tdl_berakning b;
	struct fs_tdl_params p;
	struct fs_err err = FS_ERR_INIT;

	/* 2025: B held up at 3 000 000 (90 % of 3 333 333, rounded up). */
	params(&p, 2025, "{\"ram\": 10000000, \"forbund\": {\"B\": "
	    "{\"foregaende\": 3333333}}}");
	assert_int_equal(fs_tdl_berakna(t->db, 2025, &p, true, &b, &err),
	    FS_OK);
	assert_int_equal(b.res.rad[1].mojlig, 3000000);
	fs_tdl_berakning_release(&b);
	fs_tdl_params_release(&p);
	/* 2026 reads B's 3 000 000 from the stored 2025 calculation. */
	params(&p, 2026, "{\"ram\": 10000000}");
	assert_int_equal(fs_tdl_berakna(t->db, 2026, &p, true, &b, &err),
	    FS_OK);
	assert_int_equal(b.in.forbund[1].foregaende, 3000000);
	assert_int_equal(b.res.rad[1].mojlig, 2700000);
	assert_int_equal(b.res.rad[0].mojlig, 3863115);
	assert_int_equal(b.res.rad[2].mojlig, 3436885);
	assert_non_null(strstr(b.res.rad[1].logg[5], "sparad beräkning"));
	fs_tdl_berakning_release(&b);
	fs_tdl_params_release(&p);
}

static void
test_applications_and_equity_from_database(void **state)
{
	struct test_db *t = *state;
	struct fs_tdl_berakning b;
	struct fs_tdl_params p;
	struct fs_err err = FS_ERR_INIT;
	struct fs_ek_belopp v[2];

	assert_int_equal(fs_tdl_ansokan_set(t->db, "B", 2026, 8000,
	    FS_TDL_NONE, &err), FS_OK);
	assert_int_equal(fs_tdl_ansokan_set(t->db, "C", 2026, 5500,
	    FS_TDL_NONE, &err), FS_OK);
	assert_int_equal(fs_tdl_ansokan_set(t->db, "C", 2026, -1,
	    FS_TDL_NONE, &err), FS_EINVAL);
	assert_string_equal(err.field, "ansokan");
	assert_int_equal(fs_tdl_ansokan_set(t->db, "X", 2026, 100, FS_TDL_NONE,
	    &err), FS_ENOTFOUND);
	assert_string_equal(err.field, "forbund");
	memset(v, 0, sizeof(v));
	v[0].post = FS_EK_INTAKT_OVRIGA;
	v[0].belopp = 5144000;
	v[1].post = FS_EK_EGET_KAPITAL;
	v[1].belopp = 1690000;
	assert_int_equal(fs_ek_set(t->db, "A", 2024, FS_EK_UTFALL, v, 2, &err),
	    FS_OK);
	params(&p, 2026, "{\"ram\": 10000000}");
	assert_int_equal(fs_tdl_berakna(t->db, 2026, &p, false, &b, &err),
	    FS_OK);
	assert_int_equal(b.res.rad[1].tilldelning, 1992000);
	assert_int_equal(b.res.rad[2].tilldelning, 1944250);
	assert_int_equal(b.res.ej_utnyttjat, 2088750);
	assert_int_equal(b.res.rad[0].over_trappan, 1);
	assert_int_equal(b.res.rad[0].kapital_overskott, 661200);
	fs_tdl_berakning_release(&b);
	fs_tdl_params_release(&p);
}

static void
test_bad_calculation_stores_nothing(void **state)
{
	struct test_db *t = *state;
	struct fs_tdl_berakning b;
	struct fs_tdl_params p;
	struct fs_err err = FS_ERR_INIT;

	/* No försörjningsmått for 2022 (data year of 2024). */
	params(&p, 2024, "{\"ram\": 10000000}");
	assert_int_equal(fs_tdl_berakna(t->db, 2024, &p, true, &b, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "forsorjningsmatt");
	assert_non_null(strstr(err.msg, "saknas"));
	fs_tdl_params_release(&p);
	/* A förbund code that does not exist. */
	params(&p, 2026, "{\"forbund\": {\"X\": {\"utnyttjandegrad\": 50}}}");
	assert_int_equal(fs_tdl_berakna(t->db, 2026, &p, true, &b, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "forbund.X");
	fs_tdl_params_release(&p);
	/* Base allocations beyond the frame. */
	params(&p, 2026, "{\"ram\": 1000000}");
	assert_int_equal(fs_tdl_berakna(t->db, 2026, &p, true, &b, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "grundbelopp");
	fs_tdl_params_release(&p);
	assert_int_equal(count(t, "select count(*) from tilldelning_berakning"),
	    0);
	assert_int_equal(count(t, "select count(*) from tilldelning_parametrar"),
	    0);
}

static void
test_two_forbund_sharing_a_kommun_is_refused(void **state)
{
	struct test_db *t = *state;
	struct fs_tdl_berakning b;
	struct fs_err err = FS_ERR_INIT;
	const char *k[] = { "0604" };

	make_forbund(t->db, "D", "222000-1362", k, 1);
	assert_int_equal(fs_tdl_berakna(t->db, 2026, NULL, false, &b, &err),
	    FS_ECONFLICT);
	assert_string_equal(err.field, "medlemskap");
	assert_non_null(strstr(err.msg, "0604"));
}

/* ---- contributions ---- */

static void
test_contributions_vector_by_population(void **state)
{
	struct test_db *t = *state;
	struct fs_bidrag_fraga q;
	struct fs_bidrag r;
	struct fs_err err = FS_ERR_INIT;

	memset(&q, 0, sizeof(q));
	q.forbund_kod = "A";
	q.ar = 2026;
	q.statligt = 3975000;
	q.utnyttjandegrad_bp = -1;
	q.fordelning = FS_BIDRAG_BEFOLKNING;
	assert_int_equal(fs_bidrag(t->db, &q, &r, &err), FS_OK);
	assert_int_equal(r.stat, 3975000);
	assert_int_equal(r.region, 1987500);
	assert_int_equal(r.kommuner, 1987500);
	assert_int_equal(r.totalt, 7950000);
	assert_int_equal(r.nkommun, 2);
	assert_string_equal(r.kommun[0].kod, "0604");
	assert_int_equal(r.kommun[0].belopp, 1402941);
	assert_int_equal(r.kommun[1].belopp, 584559);
	assert_int_equal(r.nregioner, 1);
	assert_string_equal(r.regioner[0].kod, "06");
	assert_int_equal(r.regioner[0].belopp, 1987500);
	fs_bidrag_release(&r);
}

static void
test_contributions_from_stored_allocation(void **state)
{
	struct test_db *t = *state;
	struct fs_tdl_berakning b;
	struct fs_tdl_params p;
	struct fs_bidrag_fraga q;
	struct fs_bidrag r;
	struct fs_err err = FS_ERR_INIT;

	params(&p, 2026, "{\"ram\": 10000000}");
	assert_int_equal(fs_tdl_berakna(t->db, 2026, &p, true, &b, &err),
	    FS_OK);
	fs_tdl_berakning_release(&b);
	fs_tdl_params_release(&p);
	memset(&q, 0, sizeof(q));
	q.forbund_kod = "C";
	q.ar = 2026;
	q.statligt = FS_TDL_NONE;
	q.utnyttjandegrad_bp = 5500;
	q.fordelning = FS_BIDRAG_LIKA;
	assert_int_equal(fs_bidrag(t->db, &q, &r, &err), FS_OK);
	assert_int_equal(r.mojlig, 3535000);
	assert_int_equal(r.stat, 1944250);
	assert_int_equal(r.region, 972125);
	assert_int_equal(r.kommuner, 972125);
	/* Equal parts of an odd sum: the extra krona to the lower code. */
	assert_int_equal(r.kommun[0].belopp, 486063);
	assert_int_equal(r.kommun[1].belopp, 486062);
	assert_non_null(strstr(r.kalla, "sparad beräkning"));
	fs_bidrag_release(&r);
}

static void
test_contributions_fixed_shares_and_refusals(void **state)
{
	struct test_db *t = *state;
	struct fs_bidrag_medlem sh[2];
	struct fs_bidrag_fraga q;
	struct fs_bidrag r;
	struct fs_err err = FS_ERR_INIT;

	memset(sh, 0, sizeof(sh));
	snprintf(sh[0].kod, 5, "0643");
	sh[0].andel = 1;
	snprintf(sh[1].kod, 5, "0662");
	sh[1].andel = 2;
	memset(&q, 0, sizeof(q));
	q.forbund_kod = "C";
	q.ar = 2026;
	q.statligt = 1000001;
	q.utnyttjandegrad_bp = -1;
	q.fordelning = FS_BIDRAG_ANDELAR;
	q.andelar = sh;
	q.nandelar = 2;
	assert_int_equal(fs_bidrag(t->db, &q, &r, &err), FS_OK);
	/* Odd S: the region part gets the extra krona. */
	assert_int_equal(r.region, 500001);
	assert_int_equal(r.kommuner, 500000);
	assert_int_equal(r.kommun[0].belopp, 166667);
	assert_int_equal(r.kommun[1].belopp, 333333);
	fs_bidrag_release(&r);
	snprintf(sh[1].kod, 5, "0604");
	assert_int_equal(fs_bidrag(t->db, &q, &r, &err), FS_EINVAL);
	assert_string_equal(err.field, "andelar");
	q.nandelar = 1;
	assert_int_equal(fs_bidrag(t->db, &q, &r, &err), FS_EINVAL);
	assert_string_equal(err.field, "andelar");
	q.fordelning = FS_BIDRAG_BEFOLKNING;
	q.nandelar = 0;
	q.statligt = -5;
	assert_int_equal(fs_bidrag(t->db, &q, &r, &err), FS_EINVAL);
	assert_string_equal(err.field, "statligt");
	q.statligt = 5;
	q.forbund_kod = "X";
	assert_int_equal(fs_bidrag(t->db, &q, &r, &err), FS_ENOTFOUND);
	assert_string_equal(err.field, "forbund");
}

static uint64_t
prng(uint64_t *x)
{
	uint64_t z;

	*x += 0x9e3779b97f4a7c15ULL;
	z = *x;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
test_property_contributions_are_50_25_25(void **state)
{
	uint64_t x = 4;

	(void)state;
	for (int iter = 0; iter < 5000; iter++) {
		struct fs_bidrag_medlem kom[20], reg[3];
		struct fs_bidrag b;
		struct fs_err err = FS_ERR_INIT;
		size_t nk = 1 + prng(&x) % 20, nr = 1 + prng(&x) % 3;
		int64_t s = (int64_t)(prng(&x) % 400000001), sk = 0, sr = 0;
		int f = (int)(prng(&x) % FS_BIDRAG__MAX);

		memset(kom, 0, sizeof(kom));
		memset(reg, 0, sizeof(reg));
		for (size_t i = 0; i < nk; i++) {
			kom[i].befolkning = (int64_t)(prng(&x) % 500000);
			kom[i].andel = (int64_t)(prng(&x) % 100);
		}
		kom[0].andel = 1 + kom[0].andel;
		for (size_t i = 0; i < nr; i++)
			reg[i].befolkning = (int64_t)(prng(&x) % 1000000);
		memset(&b, 0, sizeof(b));
		b.kommun = kom;
		b.nkommun = nk;
		b.regioner = reg;
		b.nregioner = nr;
		assert_int_equal(fs_bidrag_split(&b, s,
		    (enum fs_bidrag_fordelning)f, &err), FS_OK);
		for (size_t i = 0; i < nk; i++)
			sk += kom[i].belopp;
		for (size_t i = 0; i < nr; i++)
			sr += reg[i].belopp;
		/* State 50 %, region 25 %, kommuner 25 % of what is taken. */
		assert_int_equal(b.stat, s);
		assert_int_equal(b.totalt, 2 * s);
		assert_int_equal(b.region + b.kommuner, s);
		assert_true(b.region - b.kommuner == 0 ||
		    b.region - b.kommuner == 1);
		assert_int_equal(sk, b.kommuner);
		assert_int_equal(sr, b.region);
	}
}

/* ---- accounts ---- */

static void
jonkoping(struct test_db *t)
{
	static const struct {
		const char	*kod;
		const char	*org;
		const char	*k[7];
		size_t		 n;
		int64_t		 stat, ovr, kost, ek;
	} j[] = {
		{ "HL", "222000-1370", { "0682", "0684", "0685", "0686",
		    "0687", "0687", "0687" }, 5, 3205000, 3218000, 6652000,
		    567000 },
		{ "SV", "222000-1388", { "0680", "0665", "0", "0", "0", "0",
		    "0" }, 2, 3036000, 3982000, 8151000, 989000 },
		{ "FV", "222000-1396", { "0683", "0", "0", "0", "0", "0", "0" },
		    1, 2570000, 2574000, 5624000, 1690000 },
	};
	struct fs_err err = FS_ERR_INIT;

	for (size_t i = 0; i < FS_NELEM(j); i++) {
		struct fs_ek_belopp v[4];

		make_forbund(t->db, j[i].kod, j[i].org, j[i].k, j[i].n);
		memset(v, 0, sizeof(v));
		v[0].post = FS_EK_INTAKT_STAT;
		v[0].belopp = j[i].stat;
		v[1].post = FS_EK_INTAKT_OVRIGA;
		v[1].belopp = j[i].ovr;
		v[2].post = FS_EK_KOSTNAD_ADMINISTRATION;
		v[2].belopp = j[i].kost;
		v[3].post = FS_EK_EGET_KAPITAL;
		v[3].belopp = j[i].ek;
		if (fs_ek_set(t->db, j[i].kod, 2019, FS_EK_UTFALL, v, 4,
		    &err) != FS_OK)
			fail_msg("%s: %s", err.field, err.msg);
	}
}

static void
test_jonkoping_2019_accounts(void **state)
{
	struct test_db *t = *state;
	struct fs_ek_oversikt o;
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;
	static const struct {
		const char	*kod;
		int64_t		 in, ut, res, ek, pct;
		bool		 over;
	} want[] = {
		{ "FV", 5144000, 5624000, -480000, 1690000, 33, true },
		{ "HL", 6423000, 6652000, -229000, 567000, 9, false },
		{ "SV", 7018000, 8151000, -1133000, 989000, 14, false },
	};

	jonkoping(t);
	assert_int_equal(fs_ek_oversikt(t->db, 2019, "06", NULL, &o, &err),
	    FS_OK);
	assert_int_equal(o.nforbund, 3);
	for (size_t i = 0; i < FS_NELEM(want); i++) {
		const struct fs_ek_ar *a = &o.forbund[i];

		assert_string_equal(a->kod, want[i].kod);
		assert_int_equal(a->utfall.intakter, want[i].in);
		assert_int_equal(a->utfall.kostnader, want[i].ut);
		assert_int_equal(a->utfall.resultat, want[i].res);
		assert_int_equal(a->utfall.eget_kapital, want[i].ek);
		assert_int_equal((a->utfall.eget_kapital * 100 +
		    a->utfall.intakter / 2) / a->utfall.intakter,
		    want[i].pct);
		assert_true(a->har_trappan);
		assert_int_equal(a->trappan_res.over, want[i].over);
	}
	/* Finnveden: 1 690 tkr against 20 % of 5 144 tkr = 1 028,8 tkr. */
	assert_int_equal(o.forbund[0].trappan_res.niva, 1028800);
	assert_int_equal(o.forbund[0].trappan_res.overskott, 661200);
	assert_int_equal(o.summa.intakter, 18585000);
	assert_int_equal(o.summa.kostnader, 20427000);
	assert_int_equal(o.summa.resultat, -1842000);
	assert_int_equal(o.summa.eget_kapital, 3246000);
	fs_buf_init(&b, 0);
	assert_int_equal(fs_ek_oversikt_write(&o, FS_EK_JSON, &b, &err), FS_OK);
	assert_non_null(strstr(b.buf, "\"eget_kapital_andel_procent\": 17"));
	assert_non_null(strstr(b.buf, "\"overskott\": 661200"));
	fs_buf_reset(&b);
	assert_int_equal(fs_ek_oversikt_write(&o, FS_EK_TEXT, &b, &err), FS_OK);
	assert_non_null(strstr(b.buf, "661 200"));
	assert_non_null(strstr(b.buf, "(antagande)"));
	fs_buf_release(&b);
	fs_ek_oversikt_release(&o);
}

static void
test_budget_lines_budget_vs_outcome_and_kr_per_inhabitant(void **state)
{
	struct test_db *t = *state;
	struct fs_ek_belopp v[3];
	struct fs_ek_ar a;
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;

	exec(t, "insert into insats (forbund_id, kod, namn, startdatum, "
	    "inriktning, uppfoljning) select id, 'I1', 'Insats', "
	    "'2019-01-01', 'individ', 'individ' from forbund where kod = 'A';"
	    "insert into insats_budgetrad (insats_id, ar, typ, budget_kr, "
	    "utfall_kr) select id, 2024, 'personal', 1000000, 900000 "
	    "from insats where kod = 'I1';"
	    "insert into insats_budgetrad (insats_id, ar, typ, budget_kr, "
	    "utfall_kr) select id, 2024, 'lokal', 200000, 250000 "
	    "from insats where kod = 'I1';");
	memset(v, 0, sizeof(v));
	v[0].post = FS_EK_INTAKT_STAT;
	v[0].belopp = 3400000;
	v[1].post = FS_EK_KOSTNAD_REVISION;
	v[1].belopp = 50000;
	assert_int_equal(fs_ek_set(t->db, "A", 2024, FS_EK_UTFALL, v, 2, &err),
	    FS_OK);
	v[0].belopp = 3975000;
	v[1].belopp = 40000;
	assert_int_equal(fs_ek_set(t->db, "A", 2024, FS_EK_BUDGET, v, 2, &err),
	    FS_OK);
	assert_int_equal(fs_ek_ar(t->db, "A", 2024, NULL, &a, &err), FS_OK);
	assert_int_equal(a.utfall.insatser_rader, 1150000);
	assert_int_equal(a.budget.insatser_rader, 1200000);
	assert_int_equal(a.utfall.kostnader, 1200000);
	assert_int_equal(a.budget.kostnader, 1240000);
	assert_int_equal(a.utfall.resultat, 2200000);
	assert_false(a.har_trappan);
	/* 3 400 000 kr over 85 000 inhabitants 16-64 (2024) = 40 kr. */
	assert_int_equal(a.befolkning, 85000);
	assert_int_equal(a.befolkning_ar, 2024);
	assert_int_equal(a.statligt, 3400000);
	fs_buf_init(&b, 0);
	assert_int_equal(fs_ek_ar_write(&a, FS_EK_JSON, &b, &err), FS_OK);
	assert_non_null(strstr(b.buf, "\"kronor\": 40"));
	assert_non_null(strstr(b.buf, "\"avvikelse\": -575000"));
	fs_buf_reset(&b);
	assert_int_equal(fs_ek_ar_write(&a, FS_EK_TEXT, &b, &err), FS_OK);
	assert_non_null(strstr(b.buf, "40 kr"));
	fs_buf_release(&b);
	fs_ek_ar_release(&a);
}

static void
test_accounts_refusals_store_nothing(void **state)
{
	struct test_db *t = *state;
	static const struct {
		enum fs_ek_post	 post;
		const char	*medlem;
		int64_t		 belopp;
		enum fs_rc	 rc;
		const char	*field;
	} bad[] = {
		{ FS_EK_KOSTNAD_INSATSER, "", -1, FS_EINVAL,
		    "kostnad_insatser" },
		{ FS_EK_INTAKT_STAT, "0604", 5, FS_EINVAL, "medlem" },
		{ FS_EK_INTAKT_KOMMUN, "0642", 5, FS_EINVAL, "medlem" },
		{ FS_EK_INTAKT_KOMMUN, "9999", 5, FS_EINVAL, "medlem" },
		{ FS_EK_EGET_KAPITAL, "", 200000000000LL, FS_EINVAL,
		    "eget_kapital" },
	};
	struct fs_ek_belopp v[2];
	struct fs_err err = FS_ERR_INIT;

	for (size_t i = 0; i < FS_NELEM(bad); i++) {
		memset(v, 0, sizeof(v));
		v[0].post = FS_EK_INTAKT_REGION;
		v[0].belopp = 1000;
		v[1].post = bad[i].post;
		snprintf(v[1].medlem, sizeof(v[1].medlem), "%s",
		    bad[i].medlem);
		v[1].belopp = bad[i].belopp;
		assert_int_equal(fs_ek_set(t->db, "A", 2019, FS_EK_UTFALL, v,
		    2, &err), bad[i].rc);
		assert_string_equal(err.field, bad[i].field);
	}
	v[1].post = FS_EK_INTAKT_REGION;
	v[1].medlem[0] = '\0';
	v[1].belopp = 3;
	assert_int_equal(fs_ek_set(t->db, "A", 2019, FS_EK_UTFALL, v, 2, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "intakt_region");
	assert_int_equal(fs_ek_set(t->db, "A", 1800, FS_EK_UTFALL, v, 1, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "ar");
	assert_int_equal(count(t, "select count(*) from ekonomi_post"), 0);
	/* A kommun's own contribution is fine. */
	memset(v, 0, sizeof(v));
	v[0].post = FS_EK_INTAKT_KOMMUN;
	snprintf(v[0].medlem, sizeof(v[0].medlem), "0617");
	v[0].belopp = 584559;
	assert_int_equal(fs_ek_set(t->db, "A", 2026, FS_EK_BUDGET, v, 1, &err),
	    FS_OK);
}

/* ---- calendar ---- */

static const struct fs_kal_punkt *
punkt(const struct fs_kalender *k, enum fs_kal_handelse h, int ar,
    const char *medlem)
{
	for (size_t i = 0; i < k->npunkt; i++)
		if (k->punkt[i].handelse == h && k->punkt[i].ar == ar &&
		    strcmp(k->punkt[i].medlem, medlem) == 0)
			return &k->punkt[i];
	return NULL;
}

static void
test_calendar_due_and_late(void **state)
{
	struct test_db *t = *state;
	const struct fs_kal_punkt *p;
	struct fs_kalender k;
	struct fs_err err = FS_ERR_INIT;

	assert_int_equal(fs_kal_set(t->db, "A", 2026, FS_KAL_SAMRAD, NULL,
	    D("2025-10-01"), NULL, &err), FS_OK);
	assert_int_equal(fs_kal_set(t->db, "A", 2026, FS_KAL_BUDGET, NULL,
	    D("2025-11-20"), NULL, &err), FS_OK);
	assert_int_equal(fs_kal_set(t->db, "A", 2027, FS_KAL_BUDGET, NULL,
	    D("2026-05-01"), NULL, &err), FS_OK);
	assert_int_equal(fs_kal_set(t->db, "A", 2027, FS_KAL_SAMRAD, NULL,
	    D("2026-05-10"), NULL, &err), FS_OK);
	assert_int_equal(fs_kal_set(t->db, "A", 2025, FS_KAL_ANSVARSFRIHET,
	    "0604", D("2026-04-20"), "ej_beviljad", &err), FS_OK);
	assert_int_equal(fs_kal_set(t->db, "A", 2025, FS_KAL_ANSVARSFRIHET,
	    "FK", D("2026-05-20"), NULL, &err), FS_OK);
	assert_int_equal(fs_kalender(t->db, "A", D("2026-06-01"), &k, &err),
	    FS_OK);
	p = punkt(&k, FS_KAL_BUDGET, 2026, "");
	assert_non_null(p);
	assert_int_equal(p->status, FS_KAL_KLAR);
	assert_int_equal(punkt(&k, FS_KAL_SAMRAD, 2026, "")->status,
	    FS_KAL_KLAR);
	/* Samråd after the budget decision is out of order. */
	assert_int_equal(punkt(&k, FS_KAL_SAMRAD, 2027, "")->status,
	    FS_KAL_SEN);
	/* No annual report for 2025 by 31 March 2026. */
	p = punkt(&k, FS_KAL_ARSREDOVISNING, 2025, "");
	assert_int_equal(p->status, FS_KAL_FORSENAD);
	assert_int_equal(p->forfaller, D("2026-03-31"));
	/* Discharge per member: FK and Aneby decided, the others wait. */
	p = punkt(&k, FS_KAL_ANSVARSFRIHET, 2025, "0604");
	assert_int_equal(p->status, FS_KAL_KLAR);
	assert_string_equal(p->beslut, "ej_beviljad");
	assert_true(p->antagande);
	assert_int_equal(punkt(&k, FS_KAL_ANSVARSFRIHET, 2025, "0617")->status,
	    FS_KAL_VANTAR);
	assert_non_null(punkt(&k, FS_KAL_ANSVARSFRIHET, 2025, "AF"));
	assert_non_null(punkt(&k, FS_KAL_ANSVARSFRIHET, 2025, "06"));
	assert_null(punkt(&k, FS_KAL_ANSVARSFRIHET, 2025, "0642"));
	assert_int_equal(k.forsenade, 1);
	fs_kalender_release(&k);
	/* In December the budget for next year is late if not adopted. */
	assert_int_equal(fs_kalender(t->db, "B", D("2026-12-01"), &k, &err),
	    FS_OK);
	assert_int_equal(punkt(&k, FS_KAL_BUDGET, 2027, "")->status,
	    FS_KAL_FORSENAD);
	fs_kalender_release(&k);
	/* Refusals. */
	assert_int_equal(fs_kal_set(t->db, "A", 2025, FS_KAL_ANSVARSFRIHET,
	    "0642", D("2026-04-20"), NULL, &err), FS_EINVAL);
	assert_string_equal(err.field, "medlem");
	assert_int_equal(fs_kal_set(t->db, "A", 2025, FS_KAL_ANSVARSFRIHET,
	    NULL, D("2026-04-20"), NULL, &err), FS_EINVAL);
	assert_string_equal(err.field, "medlem");
	assert_int_equal(fs_kal_set(t->db, "A", 2025, FS_KAL_ANSVARSFRIHET,
	    "FK", D("2026-04-20"), "kanske", &err), FS_EINVAL);
	assert_string_equal(err.field, "beslut");
	assert_int_equal(fs_kal_set(t->db, "A", 2025, FS_KAL_BUDGET, "FK",
	    D("2024-11-20"), NULL, &err), FS_EINVAL);
	assert_string_equal(err.field, "medlem");
	assert_int_equal(fs_kal_set(t->db, "A", 2025, FS_KAL_BUDGET, NULL,
	    D("2015-11-20"), NULL, &err), FS_EINVAL);
	assert_string_equal(err.field, "datum");
}

/* ---- scenarios ---- */

static void
test_merger_one_base_allocation_instead_of_two(void **state)
{
	struct test_db *t = *state;
	const char *kods[] = { "A", "B" };
	struct fs_tdl_params p;
	struct fs_scenario s;
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;
	int64_t want_tar;

	params(&p, 2026, "{\"ram\": 10000000, \"forbund\": {\"B\": "
	    "{\"utnyttjandegrad\": 80}}}");
	assert_int_equal(fs_scenario_sammanslagning(t->db, kods, 2,
	    D("2026-01-01"), 2026, &p, &s, &err), FS_OK);
	assert_int_equal(s.nfore, 2);
	assert_int_equal(s.fore[0].mojlig, 3975000);
	assert_int_equal(s.fore[1].mojlig, 2490000);
	assert_int_equal(s.fore[1].tar, 1992000);
	assert_int_equal(s.nefter, 1);
	assert_string_equal(s.efter[0].kod, "A+B");
	assert_int_equal(s.efter[0].nkommuner, 3);
	/* Key unchanged: 0.40625 + 0.2375; R grows by one base. */
	assert_int_equal(s.efter[0].nyckel_e12, 643750000000LL);
	assert_int_equal(s.efter[0].mojlig, 400000 + 5922500);
	assert_int_equal(s.efter[0].tar_100, 6322500);
	/* At the weighted utilisation of today, exactly. */
	want_tar = (6322500LL * (3975000 + 1992000) * 2 + (3975000 + 2490000)) /
	    (2 * (3975000 + 2490000));
	assert_int_equal(s.efter[0].tar, want_tar);
	assert_int_equal(s.ovriga, 1);
	assert_int_equal(s.ovriga_fore, 3535000);
	assert_int_equal(s.ovriga_efter, 3677500);
	/* The members' matching contributions. */
	assert_int_equal(s.medlem[0].region, true);
	assert_string_equal(s.medlem[0].kod, "06");
	assert_int_equal(s.medlem[0].fore, (3975000 + 1992000) / 2);
	assert_int_equal(s.medlem[0].efter_100, 6322500 / 2 + 6322500 % 2);
	fs_buf_init(&b, 0);
	assert_int_equal(fs_scenario_write(&s, FS_EK_TEXT, &b, &err), FS_OK);
	assert_non_null(strstr(b.buf, "ett grundbelopp"));
	assert_non_null(strstr(b.buf, "enhällighet"));
	fs_buf_reset(&b);
	assert_int_equal(fs_scenario_write(&s, FS_EK_JSON, &b, &err), FS_OK);
	assert_non_null(strstr(b.buf, "\"scenario\": \"sammanslagning\""));
	fs_buf_release(&b);
	fs_scenario_release(&s);
	fs_tdl_params_release(&p);
}

static void
test_kommun_leaving_and_joining(void **state)
{
	struct test_db *t = *state;
	struct fs_tdl_params p;
	struct fs_scenario s;
	struct fs_err err = FS_ERR_INIT;
	bool found = false;

	params(&p, 2026, "{\"ram\": 10000000}");
	assert_int_equal(fs_scenario_kommun(t->db, "A", "0617", false,
	    D("2026-01-01"), 2026, &p, &s, &err), FS_OK);
	assert_int_equal(s.fore[0].nkommuner, 2);
	assert_int_equal(s.efter[0].nkommuner, 1);
	assert_true(s.efter[0].mojlig < s.fore[0].mojlig);
	/* 0.75 * 300/900 + 0.25 * 60/175 = 0.3357142857... */
	assert_int_equal(s.efter[0].nyckel_e12, 335714285714LL);
	assert_int_equal(s.ovriga_efter + s.efter[0].mojlig, 10000000);
	for (size_t i = 0; i < s.nmedlem; i++)
		if (strcmp(s.medlem[i].kod, "0617") == 0) {
			found = true;
			assert_true(s.medlem[i].fore > 0);
			assert_int_equal(s.medlem[i].efter, 0);
		}
	assert_true(found);
	fs_scenario_release(&s);
	/* 0643 moves from C to A: both are shown. */
	assert_int_equal(fs_scenario_kommun(t->db, "A", "0643", true,
	    D("2026-01-01"), 2026, &p, &s, &err), FS_OK);
	assert_int_equal(s.nfore, 2);
	assert_int_equal(s.nefter, 2);
	assert_int_equal(s.efter[0].nkommuner, 3);
	fs_scenario_release(&s);
	/* B's only kommun cannot leave; a kommun not in A cannot leave A. */
	assert_int_equal(fs_scenario_kommun(t->db, "B", "0642", false,
	    D("2026-01-01"), 2026, &p, &s, &err), FS_EINVAL);
	assert_string_equal(err.field, "kommun");
	assert_int_equal(fs_scenario_kommun(t->db, "A", "0642", false,
	    D("2026-01-01"), 2026, &p, &s, &err), FS_EINVAL);
	assert_string_equal(err.field, "kommun");
	assert_int_equal(fs_scenario_kommun(t->db, "A", "0604", true,
	    D("2026-01-01"), 2026, &p, &s, &err), FS_EINVAL);
	assert_string_equal(err.field, "kommun");
	fs_tdl_params_release(&p);
}

static void
test_scenario_refusals(void **state)
{
	struct test_db *t = *state;
	const char *one[] = { "A" }, *unknown[] = { "A", "X" },
	    *twice[] = { "A", "A" };
	struct fs_scenario s;
	struct fs_err err = FS_ERR_INIT;

	assert_int_equal(fs_scenario_sammanslagning(t->db, one, 1,
	    D("2026-01-01"), 0, NULL, &s, &err), FS_EINVAL);
	assert_string_equal(err.field, "forbund");
	assert_int_equal(fs_scenario_sammanslagning(t->db, unknown, 2,
	    D("2026-01-01"), 0, NULL, &s, &err), FS_EINVAL);
	assert_string_equal(err.field, "forbund");
	assert_int_equal(fs_scenario_sammanslagning(t->db, twice, 2,
	    D("2026-01-01"), 0, NULL, &s, &err), FS_EINVAL);
	assert_string_equal(err.field, "forbund");
	assert_int_equal(fs_scenario_sammanslagning(t->db, unknown, 2,
	    FS_DATE_NONE, 0, NULL, &s, &err), FS_EINVAL);
	assert_string_equal(err.field, "fran");
	assert_int_equal(fs_scenario_kommun(t->db, "A", "9999", true,
	    D("2026-01-01"), 0, NULL, &s, &err), FS_EINVAL);
	assert_string_equal(err.field, "kommun");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fm_import_and_reimport,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_fm_import_bad_rows_store_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_allocation_from_database_matches_vector, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_tampered_storage_is_detected, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_sparr_uses_last_years_stored_calculation, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_applications_and_equity_from_database, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_bad_calculation_stores_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_two_forbund_sharing_a_kommun_is_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_contributions_vector_by_population, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_contributions_from_stored_allocation, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_contributions_fixed_shares_and_refusals, setup,
		    teardown),
		cmocka_unit_test(test_property_contributions_are_50_25_25),
		cmocka_unit_test_setup_teardown(test_jonkoping_2019_accounts,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_budget_lines_budget_vs_outcome_and_kr_per_inhabitant,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_accounts_refusals_store_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_calendar_due_and_late,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_merger_one_base_allocation_instead_of_two, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_kommun_leaving_and_joining,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_scenario_refusals, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
