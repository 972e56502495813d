/* SPDX-License-Identifier: ISC */
/*
 * Every registration rule of follow-up.md: each bad input gives its
 * error (code and field) and stores nothing; corrections make versions;
 * de-identification removes every link; protected identity bars
 * identified registration.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sodium.h>
#include <sqlite3.h>

#include "compat.h"

#include "embedded.h"
#include "finsam/codes.h"
#include "finsam/deltagande.h"
#include "finsam/forbund.h"
#include "finsam/insats.h"
#include "finsam/parse.h"
#include "finsam/pnr.h"
#include "finsam/store.h"
#include "testutil.h"

struct fixture {
	struct test_db	 t;
	struct fs_insats ins;		/* individ, 2020-01-01 - 2025-12-31 */
	struct fs_insats antal;		/* count-only */
	struct fs_pnr	 anna;		/* woman born 1990-05-15 */
	struct fs_pnr	 bo;		/* man born 1985-11-02 */
};

/*
 * A valid 12-digit personnummer for a birth date and a three-digit
 * serial, with a Luhn digit computed here independently of pnr.c.
 */
static void
make_pnr(const char *ymd, int serial, char out[13])
{
	int sum = 0;

	snprintf(out, 13, "%.8s%03d0", ymd, serial);
	for (int i = 0; i < 9; i++) {
		int v = (out[2 + i] - '0') * (i % 2 == 0 ? 2 : 1);

		sum += v > 9 ? v - 9 : v;
	}
	out[11] = (char)('0' + (10 - sum % 10) % 10);
}

static void
parse_pnr(const char *ymd, int serial, struct fs_pnr *p)
{
	struct fs_err err = FS_ERR_INIT;
	char d[13];

	make_pnr(ymd, serial, d);
	assert_int_equal(fs_pnr_parse(d, 12, fs_date_today(), p,
	    "personnummer", &err), FS_OK);
}

static int32_t
D(const char *s)
{
	int32_t d;

	assert_int_equal(fs_parse_date(s, strlen(s), &d, "t", NULL), FS_OK);
	return d;
}

static void
make_insats(struct fs_db *db, int64_t fid, const char *kod, const char *inr,
    const char *start, const char *slut, struct fs_insats *out)
{
	struct fs_err err = FS_ERR_INIT;

	fs_insats_init(out);
	out->forbund_id = fid;
	assert_int_equal(fs_insats_set(out, "kod", kod, strlen(kod), &err),
	    FS_OK);
	assert_int_equal(fs_insats_set(out, "namn", "Test", 4, &err), FS_OK);
	assert_int_equal(fs_insats_set(out, "inriktning", inr, strlen(inr),
	    &err), FS_OK);
	assert_int_equal(fs_insats_set(out, "startdatum", start, strlen(start),
	    &err), FS_OK);
	assert_int_equal(fs_insats_set(out, "slutdatum", slut, strlen(slut),
	    &err), FS_OK);
	assert_int_equal(fs_insats_create(db, out, &err), FS_OK);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct fs_err err = FS_ERR_INIT;
	struct fs_forbund fb;
	const char *kommuner[] = { "0680", "0682" };

	if (f == NULL || test_db_open(&f->t) != 0)
		return -1;
	fs_forbund_init(&fb);
	fb.kod = strdup("SV");
	fb.namn = strdup("Samordningsförbundet Södra Vätterbygden");
	snprintf(fb.organisationsnummer, 12, "222000-1339");
	fb.startdatum = D("2010-01-01");
	if (fs_forbund_create(f->t.db, &fb, kommuner, 2, &err) != FS_OK) {
		fprintf(stderr, "%s: %s\n", err.field, err.msg);
		return -1;
	}
	make_insats(f->t.db, fb.id, "IT", "individ", "2020-01-01",
	    "2025-12-31", &f->ins);
	make_insats(f->t.db, fb.id, "DIALOG", "struktur", "2020-01-01", "",
	    &f->antal);
	fs_forbund_release(&fb);
	parse_pnr("19900515", 982, &f->anna);
	parse_pnr("19851102", 991, &f->bo);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	fs_insats_release(&f->ins);
	fs_insats_release(&f->antal);
	test_db_close(&f->t);
	free(f);
	return 0;
}

/* A complete entry for start; exit left open. */
static void
entry(struct fs_deltagande *d, const char *start)
{
	struct fs_err err = FS_ERR_INIT;

	fs_deltagande_init(d);
	assert_int_equal(fs_deltagande_set(d, "startdatum", start,
	    strlen(start), &err), FS_OK);
	assert_int_equal(fs_deltagande_set(d, "utbildning", "grundskola", 10,
	    &err), FS_OK);
	assert_int_equal(fs_deltagande_set(d, "offentlig_forsorjning_tid",
	    "3_9", 3, &err), FS_OK);
	assert_int_equal(fs_deltagande_set(d, "forsorjning_fore",
	    "sjukpenning|forsorjningsstod", 28, &err), FS_OK);
	assert_int_equal(fs_deltagande_set(d, "arbete_fore", "0", 1, &err),
	    FS_OK);
}

static void
consent(struct fixture *f, const struct fs_pnr *p, const char *date)
{
	struct fs_err err = FS_ERR_INIT;

	assert_int_equal(fs_samtycke_record(f->t.db, p, f->ins.id, D(date),
	    "v1", &err), FS_OK);
}

static size_t
count_of(struct fixture *f, const struct fs_pnr *p)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande *v;
	size_t n;

	assert_int_equal(fs_deltagande_of_person(f->t.db, p, &v, &n, &err),
	    FS_OK);
	free(v);
	return n;
}

static void
test_register_derives_sex_and_age(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande d, got;
	unsigned warn;

	consent(f, &f->anna, "2021-03-01");
	entry(&d, "2021-03-01");
	assert_int_equal(fs_deltagande_register(f->t.db, &f->anna, &f->ins, &d,
	    &warn, &err), FS_OK);
	assert_int_equal(warn, 0);
	assert_int_equal(fs_deltagande_get(f->t.db, d.id, &got, &err), FS_OK);
	assert_int_equal(got.kon, 'k');
	assert_int_equal(got.alder_start, 30);
	assert_int_equal(got.version, 1);
	assert_int_equal(got.forsorjning_fore, (1u << FS_FORS_SJUKPENNING) |
	    (1u << FS_FORS_FORSORJNINGSSTOD));
	assert_int_equal(got.slutdatum, FS_DATE_NONE);
	assert_int_equal(count_of(f, &f->anna), 1);
}

/*
 * One bad participation: register it and check the error's code and
 * field, and that the person still has no participation.
 */
static void
expect_refused(struct fixture *f, struct fs_deltagande *d,
    const struct fs_insats *ins, enum fs_rc rc, const char *field)
{
	struct fs_err err = FS_ERR_INIT;
	size_t before = count_of(f, &f->anna);

	assert_int_equal(fs_deltagande_register(f->t.db, &f->anna, ins, d,
	    NULL, &err), rc);
	assert_string_equal(err.field, field);
	assert_true(strlen(err.msg) > 0);
	assert_null(strstr(err.msg, f->anna.digits));
	assert_int_equal(count_of(f, &f->anna), before);
}

static void
test_refuses_without_consent(void **state)
{
	struct fixture *f = *state;
	struct fs_deltagande d;
	struct fs_err err = FS_ERR_INIT;

	entry(&d, "2021-03-01");
	assert_int_equal(fs_deltagande_register(f->t.db, &f->anna, &f->ins, &d,
	    NULL, &err), FS_EINVAL);
	assert_string_equal(err.field, "samtycke_datum");
	assert_int_equal(count_of(f, &f->anna), 0);
}

static void
test_refuses_consent_after_start(void **state)
{
	struct fixture *f = *state;
	struct fs_deltagande d;

	consent(f, &f->anna, "2021-04-01");
	entry(&d, "2021-03-01");
	expect_refused(f, &d, &f->ins, FS_EINVAL, "samtycke_datum");
}

static void
test_refuses_consent_for_other_insats(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_insats other;
	struct fs_deltagande d;

	make_insats(f->t.db, f->ins.forbund_id, "ANNAN", "individ",
	    "2020-01-01", "", &other);
	consent(f, &f->anna, "2021-01-01");
	entry(&d, "2021-03-01");
	assert_int_equal(fs_deltagande_register(f->t.db, &f->anna, &other, &d,
	    NULL, &err), FS_EINVAL);
	assert_string_equal(err.field, "samtycke_datum");
	fs_insats_release(&other);
}

static void
test_refuses_dates_outside_insats(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande d;

	consent(f, &f->anna, "2019-01-01");
	entry(&d, "2019-12-31");
	expect_refused(f, &d, &f->ins, FS_EINVAL, "startdatum");
	entry(&d, "2026-01-01");
	expect_refused(f, &d, &f->ins, FS_EINVAL, "startdatum");
	entry(&d, "2025-12-01");
	assert_int_equal(fs_deltagande_set(&d, "slutdatum", "2026-01-10", 10,
	    &err), FS_OK);
	assert_int_equal(fs_deltagande_set(&d, "avslutsanledning",
	    "planenligt", 10, &err), FS_OK);
	expect_refused(f, &d, &f->ins, FS_EINVAL, "slutdatum");
}

static void
test_refuses_exit_before_entry(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande d;

	consent(f, &f->anna, "2021-01-01");
	entry(&d, "2021-03-01");
	assert_int_equal(fs_deltagande_set(&d, "slutdatum", "2021-02-28", 10,
	    &err), FS_OK);
	assert_int_equal(fs_deltagande_set(&d, "avslutsanledning", "arbete",
	    6, &err), FS_OK);
	expect_refused(f, &d, &f->ins, FS_EINVAL, "slutdatum");
}

static void
test_refuses_exit_fields_without_slutdatum(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	static const char *const fields[] = { "avslutsanledning",
		"forsorjning_efter", "arbete_efter", "studier_efter",
		"arbetssokande_efter" };
	static const char *const values[] = { "arbete", "ingen", "50", "0",
		"ja" };
	struct fs_deltagande d;

	consent(f, &f->anna, "2021-01-01");
	for (size_t i = 0; i < FS_NELEM(fields); i++) {
		entry(&d, "2021-03-01");
		assert_int_equal(fs_deltagande_set(&d, fields[i], values[i],
		    strlen(values[i]), &err), FS_OK);
		expect_refused(f, &d, &f->ins, FS_EINVAL, fields[i]);
	}
}

static void
test_refuses_slutdatum_without_reason(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande d;

	consent(f, &f->anna, "2021-01-01");
	entry(&d, "2021-03-01");
	assert_int_equal(fs_deltagande_set(&d, "slutdatum", "2021-09-01", 10,
	    &err), FS_OK);
	expect_refused(f, &d, &f->ins, FS_EINVAL, "avslutsanledning");
}

static void
test_refuses_bad_field_values(void **state)
{
	struct {
		const char	*field;
		const char	*value;
	} bad[] = {
		{ "arbete_fore", "101" }, { "arbete_fore", "-1" },
		{ "studier_fore", "abc" }, { "arbete_efter", "50.5" },
		{ "studier_efter", "1000" }, { "utbildning", "universitet" },
		{ "offentlig_forsorjning_tid", "2_4" },
		{ "forsorjning_fore", "ingen|sjukpenning" },
		{ "forsorjning_efter", "a_kassa|ingen" },
		{ "forsorjning_fore", "lon" }, { "avslutsanledning", "klar" },
		{ "startdatum", "2021-02-30" }, { "slutdatum", "21-01-01" },
		{ "arbetssokande_fore", "kanske" }, { "okant_falt", "x" },
	};
	struct fs_deltagande d;

	(void)state;
	for (size_t i = 0; i < FS_NELEM(bad); i++) {
		struct fs_err err = FS_ERR_INIT;
		enum fs_rc rc;

		fs_deltagande_init(&d);
		rc = fs_deltagande_set(&d, bad[i].field, bad[i].value,
		    strlen(bad[i].value), &err);
		if (rc == FS_OK) {
			/* Caught by the rule check rather than the parser. */
			struct fs_insats ins;

			fs_insats_init(&ins);
			ins.uppfoljning = FS_UPPF_INDIVID;
			ins.startdatum = D("2020-01-01");
			d.startdatum = D("2021-01-01");
			rc = fs_deltagande_check(&d, &ins, &err);
		}
		assert_int_equal(rc, FS_EINVAL);
		assert_string_equal(err.field, bad[i].field);
	}
}

static void
test_refuses_second_open_participation(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande d;

	consent(f, &f->anna, "2021-01-01");
	entry(&d, "2021-03-01");
	assert_int_equal(fs_deltagande_register(f->t.db, &f->anna, &f->ins, &d,
	    NULL, &err), FS_OK);
	entry(&d, "2021-06-01");
	expect_refused(f, &d, &f->ins, FS_ECONFLICT, "startdatum");
	/* The same key again is refused too. */
	entry(&d, "2021-03-01");
	expect_refused(f, &d, &f->ins, FS_ECONFLICT, "startdatum");
}

static void
test_allows_repeat_after_exit(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande d;

	consent(f, &f->anna, "2021-01-01");
	entry(&d, "2021-03-01");
	assert_int_equal(fs_deltagande_set(&d, "slutdatum", "2021-05-01", 10,
	    &err), FS_OK);
	assert_int_equal(fs_deltagande_set(&d, "avslutsanledning", "avbrott",
	    7, &err), FS_OK);
	assert_int_equal(fs_deltagande_register(f->t.db, &f->anna, &f->ins, &d,
	    NULL, &err), FS_OK);
	entry(&d, "2021-09-01");
	assert_int_equal(fs_deltagande_register(f->t.db, &f->anna, &f->ins, &d,
	    NULL, &err), FS_OK);
	assert_int_equal(count_of(f, &f->anna), 2);
}

static void
test_refuses_count_only_insats(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande d;

	assert_int_equal(fs_samtycke_record(f->t.db, &f->anna, f->antal.id,
	    D("2021-01-01"), "v1", &err), FS_OK);
	entry(&d, "2021-03-01");
	expect_refused(f, &d, &f->antal, FS_EINVAL, "insats_kod");
}

static void
test_warns_age_outside_16_64(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande d, got;
	struct fs_pnr old;
	unsigned warn;

	parse_pnr("19540101", 984, &old);
	consent(f, &old, "2021-01-01");
	entry(&d, "2021-03-01");
	assert_int_equal(fs_deltagande_register(f->t.db, &old, &f->ins, &d,
	    &warn, &err), FS_OK);
	assert_int_equal(warn, FS_WARN_AGE);
	assert_int_equal(fs_deltagande_get(f->t.db, d.id, &got, &err), FS_OK);
	assert_int_equal(got.alder_start, 67);
}

static void
test_correction_makes_version_and_keeps_history(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande d, got;
	struct fs_version *v;
	size_t n;
	bool changed;

	consent(f, &f->anna, "2021-01-01");
	entry(&d, "2021-03-01");
	assert_int_equal(fs_deltagande_register(f->t.db, &f->anna, &f->ins, &d,
	    NULL, &err), FS_OK);
	/* Utregistrering. */
	assert_int_equal(fs_deltagande_set(&d, "slutdatum", "2021-12-01", 10,
	    &err), FS_OK);
	assert_int_equal(fs_deltagande_set(&d, "avslutsanledning", "arbete",
	    6, &err), FS_OK);
	assert_int_equal(fs_deltagande_set(&d, "arbete_efter", "50", 2, &err),
	    FS_OK);
	assert_int_equal(fs_deltagande_correct(f->t.db, &d, 1,
	    "utregistrering", &changed, &err), FS_OK);
	assert_true(changed);
	assert_int_equal(d.version, 2);
	/* Correction of the exit. */
	assert_int_equal(fs_deltagande_set(&d, "arbete_efter", "75", 2, &err),
	    FS_OK);
	assert_int_equal(fs_deltagande_correct(f->t.db, &d, 2,
	    "fel omfattning angiven", &changed, &err), FS_OK);
	assert_int_equal(fs_deltagande_get(f->t.db, d.id, &got, &err), FS_OK);
	assert_int_equal(got.arbete_efter, 75);
	assert_int_equal(got.version, 3);
	assert_int_equal(fs_deltagande_history(f->t.db, d.id, &v, &n, &err),
	    FS_OK);
	assert_int_equal(n, 3);
	assert_int_equal(v[0].version, 1);
	assert_null(v[0].orsak);
	assert_int_equal(v[0].data.slutdatum, FS_DATE_NONE);
	assert_int_equal(v[1].data.arbete_efter, 50);
	assert_string_equal(v[1].orsak, "utregistrering");
	assert_int_equal(v[2].data.arbete_efter, 75);
	assert_string_equal(v[2].orsak, "fel omfattning angiven");
	assert_string_equal(v[2].andrad_av, "test");
	assert_int_equal(v[2].data.forsorjning_fore,
	    (1u << FS_FORS_SJUKPENNING) | (1u << FS_FORS_FORSORJNINGSSTOD));
	fs_version_list_free(v, n);
	/* The same values again store nothing. */
	assert_int_equal(fs_deltagande_correct(f->t.db, &d, 0, "igen",
	    &changed, &err), FS_OK);
	assert_false(changed);
	assert_int_equal(d.version, 3);
}

static void
test_correction_rules(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande d, e;
	bool changed;

	consent(f, &f->anna, "2021-01-01");
	entry(&d, "2021-03-01");
	assert_int_equal(fs_deltagande_register(f->t.db, &f->anna, &f->ins, &d,
	    NULL, &err), FS_OK);
	e = d;
	assert_int_equal(fs_deltagande_set(&e, "arbete_fore", "25", 2, &err),
	    FS_OK);
	assert_int_equal(fs_deltagande_correct(f->t.db, &e, 1, "", &changed,
	    &err), FS_EINVAL);
	assert_string_equal(err.field, "orsak");
	assert_int_equal(fs_deltagande_correct(f->t.db, &e, 7, "x", &changed,
	    &err), FS_ECONFLICT);
	assert_string_equal(err.field, "version");
	e.startdatum = D("2021-03-02");
	assert_int_equal(fs_deltagande_correct(f->t.db, &e, 1, "x", &changed,
	    &err), FS_EINVAL);
	assert_string_equal(err.field, "startdatum");
	e = d;
	assert_int_equal(fs_deltagande_set(&e, "arbete_efter", "25", 2, &err),
	    FS_OK);
	assert_int_equal(fs_deltagande_correct(f->t.db, &e, 1, "x", &changed,
	    &err), FS_EINVAL);
	assert_string_equal(err.field, "arbete_efter");
	/* Nothing of the refused changes was stored. */
	assert_int_equal(fs_deltagande_get(f->t.db, d.id, &e, &err), FS_OK);
	assert_int_equal(e.version, 1);
	assert_int_equal(e.arbete_fore, 0);
}

static void
test_felregistrering_closes_and_freezes(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande d;
	bool changed;

	consent(f, &f->anna, "2021-01-01");
	entry(&d, "2021-03-01");
	assert_int_equal(fs_deltagande_register(f->t.db, &f->anna, &f->ins, &d,
	    NULL, &err), FS_OK);
	assert_int_equal(fs_deltagande_set(&d, "slutdatum", "2021-03-01", 10,
	    &err), FS_OK);
	assert_int_equal(fs_deltagande_set(&d, "avslutsanledning",
	    "felregistrering", 15, &err), FS_OK);
	assert_int_equal(fs_deltagande_correct(f->t.db, &d, 1,
	    "fel person", &changed, &err), FS_OK);
	assert_int_equal(fs_deltagande_set(&d, "avslutsanledning",
	    "planenligt", 10, &err), FS_OK);
	assert_int_equal(fs_deltagande_correct(f->t.db, &d, 0, "ångrar",
	    &changed, &err), FS_EINVAL);
	assert_string_equal(err.field, "avslutsanledning");
	/* Never deleted. */
	assert_int_equal(count_of(f, &f->anna), 1);
}

static void
test_deidentify_removes_every_link(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande d1, d2, got;
	struct fs_version *v;
	size_t n;
	bool changed;

	consent(f, &f->anna, "2021-01-01");
	entry(&d1, "2021-03-01");
	assert_int_equal(fs_deltagande_set(&d1, "slutdatum", "2021-05-01", 10,
	    &err), FS_OK);
	assert_int_equal(fs_deltagande_set(&d1, "avslutsanledning", "flytt",
	    5, &err), FS_OK);
	assert_int_equal(fs_deltagande_register(f->t.db, &f->anna, &f->ins,
	    &d1, NULL, &err), FS_OK);
	assert_int_equal(fs_deltagande_set(&d1, "arbete_efter", "25", 2, &err),
	    FS_OK);
	assert_int_equal(fs_deltagande_correct(f->t.db, &d1, 0,
	    "Anna berättade att hon flyttar till Malmö", &changed, &err),
	    FS_OK);
	entry(&d2, "2021-09-01");
	assert_int_equal(fs_deltagande_register(f->t.db, &f->anna, &f->ins,
	    &d2, NULL, &err), FS_OK);
	assert_int_equal(fs_person_deidentify(f->t.db, &f->anna,
	    FS_DEIDENT_SAMTYCKE_ATERKALLAT, &n, &err), FS_OK);
	assert_int_equal(n, 2);
	assert_int_equal(count_of(f, &f->anna), 0);
	assert_int_equal(fs_deltagande_get(f->t.db, d1.id, &got, &err), FS_OK);
	assert_true(got.avidentifierad);
	assert_int_equal(got.person_id, 0);
	assert_int_equal(got.kon, 'k');
	assert_int_equal(got.alder_start, 30);
	assert_int_equal(got.arbete_efter, 25);
	assert_int_equal(fs_deltagande_history(f->t.db, d1.id, &v, &n, &err),
	    FS_OK);
	for (size_t i = 0; i < n; i++)
		assert_null(v[i].orsak);
	fs_version_list_free(v, n);
	/* The consent went with the person: a new registration needs one. */
	entry(&d2, "2022-01-10");
	assert_int_equal(fs_deltagande_register(f->t.db, &f->anna, &f->ins,
	    &d2, NULL, &err), FS_EINVAL);
	assert_string_equal(err.field, "samtycke_datum");
	/* Nothing left to de-identify. */
	assert_int_equal(fs_person_deidentify(f->t.db, &f->anna,
	    FS_DEIDENT_SAMTYCKE_ATERKALLAT, &n, &err), FS_ENOTFOUND);
}

static void
test_protected_identity_is_never_registered_again(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande d;
	size_t n;

	consent(f, &f->bo, "2021-01-01");
	entry(&d, "2021-03-01");
	assert_int_equal(fs_deltagande_register(f->t.db, &f->bo, &f->ins, &d,
	    NULL, &err), FS_OK);
	assert_int_equal(fs_person_deidentify(f->t.db, &f->bo,
	    FS_DEIDENT_SKYDDAD_IDENTITET, &n, &err), FS_OK);
	assert_int_equal(n, 1);
	assert_int_equal(fs_samtycke_record(f->t.db, &f->bo, f->ins.id,
	    D("2022-01-01"), "v1", &err), FS_EINVAL);
	assert_string_equal(err.field, "personnummer");
	/* Protected identity may be recorded before any participation. */
	assert_int_equal(fs_person_deidentify(f->t.db, &f->anna,
	    FS_DEIDENT_SKYDDAD_IDENTITET, &n, &err), FS_OK);
	assert_int_equal(n, 0);
	assert_int_equal(fs_samtycke_record(f->t.db, &f->anna, f->ins.id,
	    D("2022-01-01"), "v1", &err), FS_EINVAL);
	assert_int_equal(fs_person_deidentify(f->t.db, &f->anna, 99, &n, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "orsak");
}

static void
test_consent_rules(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;

	assert_int_equal(fs_samtycke_record(f->t.db, &f->anna, f->ins.id,
	    D("2027-01-01"), "v1", &err), FS_EINVAL);
	assert_string_equal(err.field, "samtycke_datum");
	assert_int_equal(fs_samtycke_record(f->t.db, &f->anna, f->ins.id,
	    FS_DATE_NONE, "v1", &err), FS_EINVAL);
	assert_string_equal(err.field, "samtycke_datum");
	assert_int_equal(fs_samtycke_record(f->t.db, &f->anna, f->ins.id,
	    D("2021-01-01"), "", &err), FS_EINVAL);
	assert_string_equal(err.field, "formular_version");
	/* Recording the same consent twice is harmless. */
	consent(f, &f->anna, "2021-01-01");
	consent(f, &f->anna, "2021-01-01");
}

static void
test_anonymous_and_count_only_rules(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;

	assert_int_equal(fs_anonyma_set(f->t.db, &f->ins, 2021, 3, 4, &err),
	    FS_OK);
	assert_int_equal(fs_anonyma_set(f->t.db, &f->ins, 2021, 5, 4, &err),
	    FS_OK);
	assert_int_equal(fs_anonyma_set(f->t.db, &f->ins, 2019, 1, 1, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "ar");
	assert_int_equal(fs_anonyma_set(f->t.db, &f->ins, 2021, -1, 1, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "kvinnor");
	assert_int_equal(fs_anonyma_set(f->t.db, &f->antal, 2021, 1, 1, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "insats_kod");
	assert_int_equal(fs_antal_set(f->t.db, &f->antal, "2021-03", 10, 6, 4,
	    &err), FS_OK);
	assert_int_equal(fs_antal_set(f->t.db, &f->antal, "2021", 10, -1, -1,
	    &err), FS_OK);
	assert_int_equal(fs_antal_set(f->t.db, &f->antal, "2021-03", 10, 6, 5,
	    &err), FS_EINVAL);
	assert_string_equal(err.field, "totalt");
	assert_int_equal(fs_antal_set(f->t.db, &f->antal, "2021-13", 10, -1,
	    -1, &err), FS_EINVAL);
	assert_string_equal(err.field, "period");
	assert_int_equal(fs_antal_set(f->t.db, &f->antal, "2019", 10, -1, -1,
	    &err), FS_EINVAL);
	assert_string_equal(err.field, "period");
	assert_int_equal(fs_antal_set(f->t.db, &f->ins, "2021", 10, -1, -1,
	    &err), FS_EINVAL);
	assert_string_equal(err.field, "insats_kod");
}

/* Whether the n bytes at p contain the string s. */
static bool
contains(const char *p, size_t n, const char *s)
{
	size_t k = strlen(s);

	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(p + i, s, k) == 0)
			return true;
	return false;
}

static bool
file_contains(const char *path, const char *s)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;
	bool r;

	if (fp == NULL)
		return false;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	r = contains(buf, (size_t)n, s);
	free(buf);
	return r;
}

static void
test_no_personnummer_in_clear_on_disk(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande d;
	char wal[160], ten[11];
	const struct fs_pnr *who[] = { &f->anna, &f->bo };

	for (size_t i = 0; i < FS_NELEM(who); i++) {
		consent(f, who[i], "2021-01-01");
		entry(&d, "2021-03-01");
		assert_int_equal(fs_deltagande_register(f->t.db, who[i],
		    &f->ins, &d, NULL, &err), FS_OK);
	}
	snprintf(wal, sizeof(wal), "%s-wal", f->t.path);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < FS_NELEM(who); i++) {
			memcpy(ten, who[i]->digits + 2, 10);
			ten[10] = '\0';
			assert_false(file_contains(f->t.path, who[i]->digits));
			assert_false(file_contains(f->t.path, ten));
			assert_false(file_contains(wal, who[i]->digits));
			assert_false(file_contains(wal, ten));
		}
		/* Second pass: after the WAL is checkpointed into the file. */
		fs_db_close(f->t.db);
		assert_int_equal(fs_db_open(f->t.path, NULL, "test", &f->t.db,
		    &err), FS_OK);
	}
	/* The search itself works: a file holding the digits is found. */
	{
		char probe[160];
		FILE *fp;

		snprintf(probe, sizeof(probe), "%s/probe", f->t.dir);
		fp = fopen(probe, "wb");
		assert_non_null(fp);
		fputs(f->anna.digits, fp);
		fclose(fp);
		assert_true(file_contains(probe, f->anna.digits));
	}
}

/* The keyed hash before the import migration: all 32 bytes of BLAKE2b-256. */
static void
old_hash(const struct fixture *f, const struct fs_pnr *p, unsigned char h[32])
{
	unsigned char master[32], sub[32];
	char path[200], text[128];
	size_t binlen = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "%s.nyckel", f->t.path);
	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_int_equal(fread(text, 1, 81, fp), 81);
	fclose(fp);
	assert_int_equal(sodium_hex2bin(master, 32, text + 16, 64, NULL,
	    &binlen, NULL), 0);
	assert_int_equal(crypto_kdf_derive_from_key(sub, 32, 2, "finsamky",
	    master), 0);
	assert_int_equal(crypto_generichash(h, 32,
	    (const unsigned char *)p->digits, 12, sub, 32), 0);
}

/*
 * The schema version before the migration that shortened the hash
 * (sql/migrations/NNNN-import.sql, whatever its number).  The test
 * steps a database back to it, so that migration must be the last.
 */
static int
version_before_import_migration(void)
{
	const char *suffix = "-import.sql";

	for (size_t i = 0; i < fs_embedded_nfiles; i++) {
		const char *n = fs_embedded_files[i].name;
		size_t len = strlen(n);

		if (strncmp(n, "sql/migrations/", 15) == 0 &&
		    len > strlen(suffix) &&
		    strcmp(n + len - strlen(suffix), suffix) == 0)
			return (int)strtol(n + 15, NULL, 10) - 1;
	}
	fail_msg("no sql/migrations/*-import.sql");
	return 0;
}

static void
exec_sql(sqlite3 *h, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

/*
 * A database of the schema before the import migration (32-byte hashes,
 * no consents on participation rows) upgrades in place: every person is
 * still found by personnummer, an old consent still covers a new
 * participation, and a protected identity stays barred.
 */
static void
test_schema5_database_upgrades_keeping_persons(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande d, *list = NULL;
	struct fs_pnr cia;
	unsigned char h[32];
	char sql[160];
	sqlite3 *db;
	sqlite3_stmt *q;
	size_t n;
	int before = version_before_import_migration();

	parse_pnr("19700101", 984, &cia);
	consent(f, &f->anna, "2021-01-01");
	entry(&d, "2021-03-01");
	assert_int_equal(fs_deltagande_set(&d, "slutdatum", "2021-05-01", 10,
	    &err), FS_OK);
	assert_int_equal(fs_deltagande_set(&d, "avslutsanledning", "flytt", 5,
	    &err), FS_OK);
	assert_int_equal(fs_deltagande_register(f->t.db, &f->anna, &f->ins,
	    &d, NULL, &err), FS_OK);
	assert_int_equal(fs_person_deidentify(f->t.db, &cia,
	    FS_DEIDENT_SKYDDAD_IDENTITET, &n, &err), FS_OK);
	fs_db_close(f->t.db);
	f->t.db = NULL;

	/* Back to the schema before, as an older finsam left it. */
	assert_true(before >= 5);
	assert_int_equal(before + 1, fs_store_latest_version());
	assert_int_equal(sqlite3_open(f->t.path, &db), SQLITE_OK);
	snprintf(sql, sizeof(sql), "BEGIN; ALTER TABLE deltagande DROP COLUMN "
	    "samtycke_datum; UPDATE meta SET varde = '%d' "
	    "WHERE nyckel = 'schema_version'", before);
	exec_sql(db, sql);
	for (int i = 0; i < 2; i++) {
		old_hash(f, i == 0 ? &f->anna : &cia, h);
		assert_int_equal(sqlite3_prepare_v2(db, i == 0 ?
		    "UPDATE person SET pnr_hash = ?1 "
		    "WHERE pnr_hash = substr(?1, 1, 16)" :
		    "UPDATE skyddad_person SET pnr_hash = ?1 "
		    "WHERE pnr_hash = substr(?1, 1, 16)", -1, &q, NULL),
		    SQLITE_OK);
		sqlite3_bind_blob(q, 1, h, 32, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(q), SQLITE_DONE);
		assert_int_equal(sqlite3_changes(db), 1);
		sqlite3_finalize(q);
	}
	exec_sql(db, "COMMIT");
	sqlite3_close(db);

	assert_int_equal(fs_db_open(f->t.path, NULL, "test", &f->t.db, &err),
	    FS_OK);
	assert_int_equal(fs_store_version(f->t.db->store),
	    fs_store_latest_version());
	assert_int_equal(fs_deltagande_of_person(f->t.db, &f->anna, &list, &n,
	    &err), FS_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].startdatum, D("2021-03-01"));
	free(list);
	entry(&d, "2022-03-01");
	assert_int_equal(fs_deltagande_register(f->t.db, &f->anna, &f->ins,
	    &d, NULL, &err), FS_OK);
	assert_int_equal(fs_samtycke_record(f->t.db, &cia, f->ins.id,
	    D("2022-01-01"), "v1", &err), FS_EINVAL);
	assert_string_equal(err.field, "personnummer");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_register_derives_sex_and_age),
		T(test_refuses_without_consent),
		T(test_refuses_consent_after_start),
		T(test_refuses_consent_for_other_insats),
		T(test_refuses_dates_outside_insats),
		T(test_refuses_exit_before_entry),
		T(test_refuses_exit_fields_without_slutdatum),
		T(test_refuses_slutdatum_without_reason),
		T(test_refuses_bad_field_values),
		T(test_refuses_second_open_participation),
		T(test_allows_repeat_after_exit),
		T(test_refuses_count_only_insats),
		T(test_warns_age_outside_16_64),
		T(test_correction_makes_version_and_keeps_history),
		T(test_correction_rules),
		T(test_felregistrering_closes_and_freezes),
		T(test_deidentify_removes_every_link),
		T(test_protected_identity_is_never_registered_again),
		T(test_consent_rules),
		T(test_anonymous_and_count_only_rules),
		T(test_no_personnummer_in_clear_on_disk),
		T(test_schema5_database_upgrades_keeping_persons),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
