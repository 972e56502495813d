/* SPDX-License-Identifier: ISC */
/*
 * The board of a förbund: every refusal names its field and stores
 * nothing; the check of the board's rules finds exactly what is
 * missing on a day (no mandate, a member without a ledamot, fewer
 * ersättare than ledamöter, no chair or vice chair) and nothing once the
 * board is complete; seats that end and members that leave change the
 * findings of later days only.  Also the name check (fs_parse_name).
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/codes.h"
#include "finsam/forbund.h"
#include "finsam/parse.h"
#include "finsam/styrelse.h"
#include "testutil.h"

static int32_t
D(const char *s)
{
	int32_t d;

	assert_int_equal(fs_parse_date(s, strlen(s), &d, "t", NULL), FS_OK);
	return d;
}

struct fixture {
	struct test_db	 t;
	int64_t		 fid;
};

static int
setup(void **state)
{
	struct fixture *x = calloc(1, sizeof(*x));
	struct fs_err err = FS_ERR_INIT;
	const char *k[] = { "0680", "0682" };
	struct fs_forbund f;

	if (x == NULL || test_db_open(&x->t) != 0)
		return -1;
	fs_forbund_init(&f);
	f.kod = fs_strdup("SV");
	f.namn = fs_strdup("Samordningsförbundet Södra Vätterbygden");
	snprintf(f.organisationsnummer, 12, "%s", "222000-1339");
	f.startdatum = D("2012-01-01");
	if (fs_forbund_create(x->t.db, &f, k, 2, &err) != FS_OK)
		return -1;
	x->fid = f.id;
	fs_forbund_release(&f);
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *x = *state;

	test_db_close(&x->t);
	free(x);
	return 0;
}

/* Add a seat; returns the rc and leaves the error in *err. */
static enum fs_rc
seat(struct fixture *x, const char *medlem, const char *namn, int uppdrag,
    int roll, const char *fran, const char *till, struct fs_err *err)
{
	struct fs_ledamot l;
	enum fs_rc rc;

	fs_ledamot_init(&l);
	snprintf(l.medlem, sizeof(l.medlem), "%s", medlem);
	l.namn = fs_strdup(namn);
	l.uppdrag = uppdrag;
	l.roll = roll;
	l.fran = D(fran);
	l.till = till != NULL ? D(till) : FS_DATE_NONE;
	rc = fs_styrelse_lagg_till(x->t.db, x->fid, &l, err);
	free(l.namn);
	return rc;
}

static size_t
nseats(struct fixture *x)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_ledamot *v;
	size_t n;

	assert_int_equal(fs_styrelse_lista(x->t.db, x->fid, FS_DATE_NONE, &v,
	    &n, &err), FS_OK);
	fs_styrelse_free(v, n);
	return n;
}

/* The findings on day as "brist:medlem,..." for one comparison. */
static void
findings(struct fixture *x, const char *day, char *out, size_t len)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_styrelse_fynd *f;
	size_t n, used = 0;

	out[0] = '\0';
	assert_int_equal(fs_styrelse_kontroll(x->t.db, x->fid, D(day), &f,
	    &n, &err), FS_OK);
	for (size_t i = 0; i < n; i++) {
		int w = snprintf(out + used, len - used, "%s%s:%s",
		    i > 0 ? "," : "", fs_styrelse_brist_namn(f[i].brist),
		    f[i].medlem);

		assert_true(w > 0 && (size_t)w < len - used);
		used += (size_t)w;
	}
	free(f);
}

static void
test_refusals_name_field_and_store_nothing(void **state)
{
	struct fixture *x = *state;
	struct fs_err err = FS_ERR_INIT;
	const struct {
		const char	*medlem, *namn;
		int		 uppdrag, roll;
		const char	*fran, *till;
		enum fs_rc	 rc;
		const char	*field;
	} bad[] = {
		{ "0684", "Ann", FS_UPPDRAG_LEDAMOT, 0, "2023-01-01", NULL,
		    FS_EINVAL, "medlem" },	/* a kommun, not a member */
		{ "07", "Ann", FS_UPPDRAG_LEDAMOT, 0, "2023-01-01", NULL,
		    FS_EINVAL, "medlem" },	/* another län's region */
		{ "XX", "Ann", FS_UPPDRAG_LEDAMOT, 0, "2023-01-01", NULL,
		    FS_EINVAL, "medlem" },
		{ "", "Ann", FS_UPPDRAG_LEDAMOT, 0, "2023-01-01", NULL,
		    FS_EINVAL, "medlem" },
		{ "FK", "", FS_UPPDRAG_LEDAMOT, 0, "2023-01-01", NULL,
		    FS_EINVAL, "namn" },
		{ "FK", "  ", FS_UPPDRAG_LEDAMOT, 0, "2023-01-01", NULL,
		    FS_EINVAL, "namn" },
		{ "FK", "Ann\nBo", FS_UPPDRAG_LEDAMOT, 0, "2023-01-01", NULL,
		    FS_EINVAL, "namn" },
		{ "FK", "Ann \xc3", FS_UPPDRAG_LEDAMOT, 0, "2023-01-01", NULL,
		    FS_EINVAL, "namn" },	/* cut UTF-8 */
		{ "FK", "Ann", 0, 0, "2023-01-01", NULL, FS_EINVAL, "uppdrag" },
		{ "FK", "Ann", FS_UPPDRAG_ERSATTARE, FS_SROLL_ORDFORANDE,
		    "2023-01-01", NULL, FS_EINVAL, "roll" },
		{ "FK", "Ann", FS_UPPDRAG_LEDAMOT, 0, "2023-01-01",
		    "2022-12-31", FS_EINVAL, "till" },
		{ "FK", "Ann", FS_UPPDRAG_LEDAMOT, 0, "2011-12-31", NULL,
		    FS_EINVAL, "fran" },	/* before the förbund */
	};

	for (size_t i = 0; i < FS_NELEM(bad); i++) {
		fs_err_clear(&err);
		assert_int_equal(seat(x, bad[i].medlem, bad[i].namn,
		    bad[i].uppdrag, bad[i].roll, bad[i].fran, bad[i].till,
		    &err), bad[i].rc);
		assert_string_equal(err.field, bad[i].field);
		assert_true(strlen(err.msg) > 0);
	}
	assert_int_equal(nseats(x), 0);

	/* A second chair at the same time: a conflict on the role. */
	assert_int_equal(seat(x, "FK", "Ann", FS_UPPDRAG_LEDAMOT,
	    FS_SROLL_ORDFORANDE, "2023-01-01", "2024-12-31", &err), FS_OK);
	assert_int_equal(seat(x, "AF", "Bo", FS_UPPDRAG_LEDAMOT,
	    FS_SROLL_ORDFORANDE, "2024-06-01", NULL, &err), FS_ECONFLICT);
	assert_string_equal(err.field, "roll");
	/* After the first chair's last day it is fine. */
	assert_int_equal(seat(x, "af", "Bo", FS_UPPDRAG_LEDAMOT,
	    FS_SROLL_ORDFORANDE, "2025-01-01", NULL, &err), FS_OK);
	assert_int_equal(nseats(x), 2);

	/* Mandate periods may not overlap nor be backwards. */
	assert_int_equal(fs_styrelse_mandat(x->t.db, x->fid, D("2023-01-01"),
	    D("2026-12-31"), NULL, &err), FS_OK);
	assert_int_equal(fs_styrelse_mandat(x->t.db, x->fid, D("2026-12-31"),
	    D("2030-12-31"), NULL, &err), FS_ECONFLICT);
	assert_string_equal(err.field, "fran");
	assert_int_equal(fs_styrelse_mandat(x->t.db, x->fid, D("2028-01-01"),
	    D("2027-12-31"), NULL, &err), FS_EINVAL);
	assert_string_equal(err.field, "till");

	/* Ending a seat: not before it began, not someone else's seat. */
	assert_int_equal(fs_styrelse_avsluta(x->t.db, x->fid, 999, D(
	    "2026-01-01"), &err), FS_ENOTFOUND);
	assert_string_equal(err.field, "id");
}

static void
test_rules_on_a_day(void **state)
{
	struct fixture *x = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_ledamot *v;
	char got[512];
	size_t n;

	/* Members FK, AF, region 06, kommuner 0680 and 0682 (by code). */
	findings(x, "2024-01-01", got, sizeof(got));
	assert_string_equal(got, "inget_mandat:,ingen_ledamot:AF,"
	    "ingen_ledamot:FK,ingen_ledamot:0680,ingen_ledamot:0682,"
	    "ingen_ledamot:06,ingen_ordforande:,ingen_vice_ordforande:");

	assert_int_equal(fs_styrelse_mandat(x->t.db, x->fid, D("2023-01-01"),
	    D("2026-12-31"), NULL, &err), FS_OK);
	assert_int_equal(seat(x, "FK", "A", FS_UPPDRAG_LEDAMOT,
	    FS_SROLL_ORDFORANDE, "2023-01-01", NULL, &err), FS_OK);
	assert_int_equal(seat(x, "FK", "B", FS_UPPDRAG_ERSATTARE, 0,
	    "2023-01-01", NULL, &err), FS_OK);
	assert_int_equal(seat(x, "AF", "C", FS_UPPDRAG_LEDAMOT,
	    FS_SROLL_VICE_ORDFORANDE, "2023-01-01", NULL, &err), FS_OK);
	assert_int_equal(seat(x, "AF", "D", FS_UPPDRAG_ERSATTARE, 0,
	    "2023-01-01", NULL, &err), FS_OK);
	assert_int_equal(seat(x, "06", "E", FS_UPPDRAG_LEDAMOT, 0,
	    "2023-01-01", NULL, &err), FS_OK);
	assert_int_equal(seat(x, "06", "F", FS_UPPDRAG_ERSATTARE, 0,
	    "2023-01-01", NULL, &err), FS_OK);
	assert_int_equal(seat(x, "0680", "G", FS_UPPDRAG_LEDAMOT, 0,
	    "2023-01-01", NULL, &err), FS_OK);
	assert_int_equal(seat(x, "0680", "H", FS_UPPDRAG_LEDAMOT, 0,
	    "2023-01-01", NULL, &err), FS_OK);
	assert_int_equal(seat(x, "0680", "I", FS_UPPDRAG_ERSATTARE, 0,
	    "2023-01-01", NULL, &err), FS_OK);
	assert_int_equal(seat(x, "0682", "J", FS_UPPDRAG_LEDAMOT, 0,
	    "2023-01-01", NULL, &err), FS_OK);
	/* 0680: two ledamöter, one ersättare; 0682: no ersättare. */
	findings(x, "2024-01-01", got, sizeof(got));
	assert_string_equal(got, "fa_ersattare:0680,fa_ersattare:0682");
	assert_int_equal(seat(x, "0680", "K", FS_UPPDRAG_ERSATTARE, 0,
	    "2023-01-01", NULL, &err), FS_OK);
	assert_int_equal(seat(x, "0682", "L", FS_UPPDRAG_ERSATTARE, 0,
	    "2023-01-01", "2024-06-30", &err), FS_OK);
	findings(x, "2024-01-01", got, sizeof(got));
	assert_string_equal(got, "");
	/* L's seat ends: 0682 lacks an ersättare from July 2024 only. */
	findings(x, "2024-07-01", got, sizeof(got));
	assert_string_equal(got, "fa_ersattare:0682");
	/* The chair leaves at the end of 2025. */
	assert_int_equal(fs_styrelse_lista(x->t.db, x->fid, D("2025-01-01"),
	    &v, &n, &err), FS_OK);
	assert_int_equal(n, 11);
	assert_string_equal(v[0].medlem, "06");	/* by member code */
	for (size_t i = 0; i < n; i++)
		if (v[i].roll == FS_SROLL_ORDFORANDE)
			assert_int_equal(fs_styrelse_avsluta(x->t.db, x->fid,
			    v[i].id, D("2025-12-31"), &err), FS_OK);
	fs_styrelse_free(v, n);
	findings(x, "2026-01-01", got, sizeof(got));
	/* FK's one ledamot was the chair. */
	assert_string_equal(got, "ingen_ledamot:FK,fa_ersattare:0682,"
	    "ingen_ordforande:");
	/* 0682 leaves the förbund: it no longer needs seats; no mandate 2027. */
	assert_int_equal(fs_forbund_leave(x->t.db, x->fid, "0682",
	    D("2026-03-31"), &err), FS_OK);
	findings(x, "2026-04-01", got, sizeof(got));
	assert_string_equal(got, "ingen_ledamot:FK,ingen_ordforande:");
	findings(x, "2027-01-01", got, sizeof(got));
	assert_string_equal(got, "inget_mandat:,ingen_ledamot:FK,"
	    "ingen_ordforande:");
}

static void
test_finding_text(void **state)
{
	struct fs_styrelse_fynd f = { FS_SBRIST_FA_ERSATTARE, "0680", 2, 1 };
	struct fs_buf b;

	(void)state;
	fs_buf_init(&b, 0);
	assert_int_equal(fs_styrelse_fynd_text(&f, &b), FS_OK);
	assert_string_equal(b.buf, "Medlemmen 0680 har 2 ledamöter men 1 "
	    "ersättare; det ska finnas minst lika många ersättare som "
	    "ledamöter.");
	fs_buf_release(&b);
}

static void
test_parse_name(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	const char *good[] = { "Åsa Öberg-Ärlig", "X", "Zoë d’Arc" };
	const char *bad[] = { "", " ", "a\tb", "a\x7f", "\xc3\x28",
	    "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80" };

	(void)state;
	for (size_t i = 0; i < FS_NELEM(good); i++)
		assert_int_equal(fs_parse_name(good[i], strlen(good[i]), 200,
		    "namn", &err), FS_OK);
	for (size_t i = 0; i < FS_NELEM(bad); i++) {
		fs_err_clear(&err);
		assert_int_equal(fs_parse_name(bad[i], strlen(bad[i]), 200,
		    "namn", &err), FS_EINVAL);
		assert_string_equal(err.field, "namn");
	}
	assert_int_equal(fs_parse_name("abcd", 4, 3, "namn", &err), FS_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_refusals_name_field_and_store_nothing),
		T(test_rules_on_a_day),
#undef T
		cmocka_unit_test(test_finding_text),
		cmocka_unit_test(test_parse_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
