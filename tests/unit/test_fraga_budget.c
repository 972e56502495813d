/* SPDX-License-Identifier: ISC */
/*
 * The rest of an insats and the exit registration: planned participants
 * and budget lines per year (ESF lines only for ESF insatser), the
 * genomförare among the förbund's members, and kompletterande frågor
 * with typed answers at exit.  Every refusal names its field and stores
 * nothing.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "finsam/alloc.h"
#include "finsam/deltagande.h"
#include "finsam/forbund.h"
#include "finsam/fraga.h"
#include "finsam/insats.h"
#include "finsam/parse.h"
#include "finsam/pnr.h"
#include "testutil.h"

struct fixture {
	struct test_db	 t;
	struct fs_insats ins;
	int64_t		 fid;
	int64_t		 other_fid;
};

static int32_t
D(const char *s)
{
	int32_t d;

	assert_int_equal(fs_parse_date(s, strlen(s), &d, "t", NULL), FS_OK);
	return d;
}

static int64_t
forbund(struct test_db *t, const char *kod, const char *kommun)
{
	struct fs_err err = FS_ERR_INIT;
	const char *k[] = { kommun };
	struct fs_forbund f;
	int64_t id;

	fs_forbund_init(&f);
	f.kod = fs_strdup(kod);
	f.namn = fs_strdup("Förbundet");
	snprintf(f.organisationsnummer, 12, "222000-1339");
	f.startdatum = D("2010-01-01");
	assert_int_equal(fs_forbund_create(t->db, &f, k, 1, &err), FS_OK);
	id = f.id;
	fs_forbund_release(&f);
	return id;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct fs_err err = FS_ERR_INIT;

	if (f == NULL || test_db_open(&f->t) != 0)
		return -1;
	f->fid = forbund(&f->t, "SV", "0680");
	f->other_fid = forbund(&f->t, "FV", "0662");
	fs_insats_init(&f->ins);
	f->ins.forbund_id = f->fid;
	f->ins.kod = fs_strdup("IT");
	f->ins.namn = fs_strdup("IT-spåret");
	f->ins.inriktning = 1;
	f->ins.startdatum = D("2020-01-01");
	f->ins.slutdatum = D("2024-12-31");
	if (fs_insats_create(f->t.db, &f->ins, &err) != FS_OK)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	fs_insats_release(&f->ins);
	test_db_close(&f->t);
	free(f);
	return 0;
}

static void
test_plan_and_budget_lines(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_budgetrad r, *v;
	int64_t plan;
	size_t n;

	assert_int_equal(fs_insats_plan_set(f->t.db, &f->ins, 2021, 40, &err),
	    FS_OK);
	assert_int_equal(fs_insats_plan_set(f->t.db, &f->ins, 2021, 45, &err),
	    FS_OK);
	assert_int_equal(fs_insats_plan_get(f->t.db, &f->ins, 2021, &plan,
	    &err), FS_OK);
	assert_int_equal(plan, 45);
	assert_int_equal(fs_insats_plan_get(f->t.db, &f->ins, 2022, &plan,
	    &err), FS_OK);
	assert_int_equal(plan, -1);
	assert_int_equal(fs_insats_plan_set(f->t.db, &f->ins, 2019, 4, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "ar");
	assert_int_equal(fs_insats_plan_set(f->t.db, &f->ins, 2022, -4, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "planerade_deltagare");

	memset(&r, 0, sizeof(r));
	r.ar = 2021;
	r.typ = FS_BUDGET_INSATSKOSTNAD;
	r.budget_kr = 1200000;
	r.utfall_kr = -1;
	r.beskrivning = fs_strdup("Lön coacher");
	assert_int_equal(fs_insats_budget_add(f->t.db, &f->ins, &r, &err),
	    FS_OK);
	assert_true(r.id > 0);
	r.typ = FS_BUDGET_ESF_INSATSKOSTNAD;
	assert_int_equal(fs_insats_budget_add(f->t.db, &f->ins, &r, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "typ");
	r.typ = FS_BUDGET_INSATSKOSTNAD;
	r.budget_kr = -5;
	assert_int_equal(fs_insats_budget_add(f->t.db, &f->ins, &r, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "budget_kr");
	r.budget_kr = 100;
	r.utfall_kr = -7;
	assert_int_equal(fs_insats_budget_add(f->t.db, &f->ins, &r, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "utfall_kr");
	r.utfall_kr = 90;
	r.ar = 2030;
	assert_int_equal(fs_insats_budget_add(f->t.db, &f->ins, &r, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "ar");
	free(r.beskrivning);
	assert_int_equal(fs_insats_budget_list(f->t.db, f->ins.id, &v, &n,
	    &err), FS_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].budget_kr, 1200000);
	assert_int_equal(v[0].utfall_kr, -1);
	assert_string_equal(v[0].beskrivning, "Lön coacher");
	fs_budget_list_free(v, n);
}

static void
test_esf_lines_need_an_esf_insats(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_insats esf;
	struct fs_budgetrad r;

	fs_insats_init(&esf);
	esf.forbund_id = f->fid;
	esf.kod = fs_strdup("ESF");
	esf.namn = fs_strdup("ESF-projektet");
	esf.inriktning = 1;
	esf.esf = true;
	esf.startdatum = D("2020-01-01");
	assert_int_equal(fs_insats_create(f->t.db, &esf, &err), FS_OK);
	memset(&r, 0, sizeof(r));
	r.ar = 2020;
	r.typ = FS_BUDGET_ESF_INSATSKOSTNAD;
	r.budget_kr = 500000;
	r.utfall_kr = 480000;
	assert_int_equal(fs_insats_budget_add(f->t.db, &esf, &r, &err), FS_OK);
	fs_insats_release(&esf);
}

static void
test_genomforare_are_members(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	const char *ok[] = { "FK", "0680" };
	const char *bad[] = { "FK", "0662" };
	char (*v)[8];
	size_t n;

	assert_int_equal(fs_insats_genomforare_set(f->t.db, &f->ins, ok, 2,
	    &err), FS_OK);
	assert_int_equal(fs_insats_genomforare_set(f->t.db, &f->ins, bad, 2,
	    &err), FS_EINVAL);
	assert_string_equal(err.field, "genomforare");
	assert_int_equal(fs_insats_genomforare(f->t.db, f->ins.id, &v, &n,
	    &err), FS_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[0], "FK");
	assert_string_equal(v[1], "0680");
	free(v);
}

static int64_t
make_fraga(struct fixture *f, int64_t fid, int typ, const char *alt,
    const char *fran, const char *till, struct fs_err *err, enum fs_rc want)
{
	struct fs_fraga q;

	memset(&q, 0, sizeof(q));
	q.forbund_id = fid;
	q.text = fs_strdup("Har deltagaren fått en fast kontaktperson?");
	q.typ = typ;
	q.alternativ = alt == NULL ? NULL : fs_strdup(alt);
	q.giltig_fran = D(fran);
	q.giltig_till = till == NULL ? FS_DATE_NONE : D(till);
	assert_int_equal(fs_fraga_create(f->t.db, &q, err), want);
	free(q.text);
	free(q.alternativ);
	return q.id;
}

static void
test_question_rules(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_fraga *v;
	size_t n;

	make_fraga(f, f->fid, FS_FRAGA_JA_NEJ, NULL, "2020-01-01", NULL, &err,
	    FS_OK);
	make_fraga(f, f->fid, FS_FRAGA_VAL, "a|b|c", "2020-01-01", NULL, &err,
	    FS_OK);
	make_fraga(f, f->fid, FS_FRAGA_VAL, "a", "2020-01-01", NULL, &err,
	    FS_EINVAL);
	assert_string_equal(err.field, "alternativ");
	make_fraga(f, f->fid, FS_FRAGA_VAL, "a||b", "2020-01-01", NULL, &err,
	    FS_EINVAL);
	assert_string_equal(err.field, "alternativ");
	make_fraga(f, f->fid, FS_FRAGA_VAL, "a|b|a", "2020-01-01", NULL, &err,
	    FS_EINVAL);
	assert_string_equal(err.field, "alternativ");
	make_fraga(f, f->fid, FS_FRAGA_TAL, "a|b", "2020-01-01", NULL, &err,
	    FS_EINVAL);
	assert_string_equal(err.field, "alternativ");
	make_fraga(f, f->fid, FS_FRAGA_TAL, NULL, "2021-01-01", "2020-01-01",
	    &err, FS_EINVAL);
	assert_string_equal(err.field, "giltig_till");
	make_fraga(f, f->fid, 0, NULL, "2020-01-01", NULL, &err, FS_EINVAL);
	assert_string_equal(err.field, "typ");
	assert_int_equal(fs_fraga_list(f->t.db, f->fid, &v, &n, &err), FS_OK);
	assert_int_equal(n, 2);
	assert_int_equal(v[1].typ, FS_FRAGA_VAL);
	assert_string_equal(v[1].alternativ, "a|b|c");
	fs_fraga_list_free(v, n);
}

static void
test_answers_at_exit(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande d;
	struct fs_svar *a;
	struct fs_pnr p;
	int64_t jn, tal, val, old, other;
	size_t n;
	bool changed;

	jn = make_fraga(f, f->fid, FS_FRAGA_JA_NEJ, NULL, "2020-01-01", NULL,
	    &err, FS_OK);
	tal = make_fraga(f, f->fid, FS_FRAGA_TAL, NULL, "2020-01-01", NULL,
	    &err, FS_OK);
	val = make_fraga(f, f->fid, FS_FRAGA_VAL, "kort|lång", "2020-01-01",
	    NULL, &err, FS_OK);
	old = make_fraga(f, f->fid, FS_FRAGA_JA_NEJ, NULL, "2020-01-01",
	    "2020-12-31", &err, FS_OK);
	other = make_fraga(f, f->other_fid, FS_FRAGA_JA_NEJ, NULL, "2020-01-01",
	    NULL, &err, FS_OK);
	assert_int_equal(fs_pnr_parse("19121212-1212", 13, fs_date_today(), &p,
	    "personnummer", &err), FS_OK);
	assert_int_equal(fs_samtycke_record(f->t.db, &p, f->ins.id,
	    D("2021-03-01"), "v1", &err), FS_OK);
	fs_deltagande_init(&d);
	d.startdatum = D("2021-03-01");
	assert_int_equal(fs_deltagande_register(f->t.db, &p, &f->ins, &d, NULL,
	    &err), FS_OK);
	/* Not before the exit. */
	assert_int_equal(fs_fraga_answer(f->t.db, d.id, jn, "ja", &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "slutdatum");
	d.slutdatum = D("2021-09-30");
	d.avslutsanledning = 1;
	assert_int_equal(fs_deltagande_correct(f->t.db, &d, 0, "utregistrering",
	    &changed, &err), FS_OK);
	assert_int_equal(fs_fraga_answer(f->t.db, d.id, jn, "ja", &err), FS_OK);
	assert_int_equal(fs_fraga_answer(f->t.db, d.id, jn, "nej", &err),
	    FS_OK);
	assert_int_equal(fs_fraga_answer(f->t.db, d.id, jn, "kanske", &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "svar");
	assert_int_equal(fs_fraga_answer(f->t.db, d.id, tal, "12", &err),
	    FS_OK);
	assert_int_equal(fs_fraga_answer(f->t.db, d.id, tal, "12,5", &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "svar");
	assert_int_equal(fs_fraga_answer(f->t.db, d.id, val, "lång", &err),
	    FS_OK);
	assert_int_equal(fs_fraga_answer(f->t.db, d.id, val, "mellan", &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "svar");
	assert_int_equal(fs_fraga_answer(f->t.db, d.id, old, "ja", &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "fraga");
	assert_int_equal(fs_fraga_answer(f->t.db, d.id, other, "ja", &err),
	    FS_ENOTFOUND);
	assert_int_equal(fs_fraga_answer(f->t.db, d.id, 9999, "ja", &err),
	    FS_ENOTFOUND);
	assert_int_equal(fs_fraga_answers(f->t.db, d.id, &a, &n, &err), FS_OK);
	assert_int_equal(n, 3);
	assert_string_equal(a[0].svar, "nej");
	assert_string_equal(a[1].svar, "12");
	assert_string_equal(a[2].svar, "lång");
	fs_svar_list_free(a, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_plan_and_budget_lines),
		T(test_esf_lines_need_an_esf_insats),
		T(test_genomforare_are_members),
		T(test_question_rules),
		T(test_answers_at_exit),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
