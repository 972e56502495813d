/* SPDX-License-Identifier: ISC */
/*
 * Förbund and insatser: organisationsnummer and kommun checks, the
 * members every förbund gets, dated joining and leaving, the home län;
 * insats codes, immutable fields, preciserad inriktning fitting the
 * inriktning, the status lifecycle, and periods that would strand
 * participations.  Every refusal names its field and stores nothing.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "finsam/alloc.h"
#include "finsam/codes.h"
#include "finsam/deltagande.h"
#include "finsam/forbund.h"
#include "finsam/insats.h"
#include "finsam/parse.h"
#include "finsam/pnr.h"
#include "testutil.h"

static int32_t
D(const char *s)
{
	int32_t d;

	assert_int_equal(fs_parse_date(s, strlen(s), &d, "t", NULL), FS_OK);
	return d;
}

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
	test_db_close(*state);
	free(*state);
	return 0;
}

static void
fill(struct fs_forbund *f, const char *kod, const char *org)
{
	fs_forbund_init(f);
	f->kod = fs_strdup(kod);
	f->namn = fs_strdup("Samordningsförbundet Test");
	snprintf(f->organisationsnummer, 12, "%s", org);
	f->startdatum = D("2012-01-01");
}

static void
test_forbund_gets_fk_af_region_and_kommuner(void **state)
{
	struct test_db *t = *state;
	struct fs_err err = FS_ERR_INIT;
	const char *k[] = { "0662", "0665", "0617" };
	struct fs_forbund f, got;
	struct fs_medlem *m;
	size_t n, counts[FS_PART__MAX] = { 0 };

	fill(&f, "FV", "222000-1339");
	assert_int_equal(fs_forbund_create(t->db, &f, k, 3, &err), FS_OK);
	fs_forbund_init(&got);
	assert_int_equal(fs_forbund_get_kod(t->db, "FV", &got, &err), FS_OK);
	assert_string_equal(got.hemlan, "06");
	assert_string_equal(got.organisationsnummer, "222000-1339");
	assert_int_equal(fs_forbund_members(t->db, got.id, &m, &n, &err),
	    FS_OK);
	assert_int_equal(n, 6);
	for (size_t i = 0; i < n; i++)
		counts[m[i].parttyp]++;
	assert_int_equal(counts[FS_PART_FK], 1);
	assert_int_equal(counts[FS_PART_AF], 1);
	assert_int_equal(counts[FS_PART_REGION], 1);
	assert_int_equal(counts[FS_PART_KOMMUN], 3);
	free(m);
	fs_forbund_release(&f);
	fs_forbund_release(&got);
}

static void
test_forbund_refusals(void **state)
{
	struct test_db *t = *state;
	struct {
		const char	*kod;
		const char	*org;
		const char	*kommun;
		enum fs_rc	 rc;
		const char	*field;
	} bad[] = {
		{ "A", "222000-1338", "0680", FS_EINVAL, "organisationsnummer" },
		{ "A", "212000-1336", "0680", FS_EINVAL, "organisationsnummer" },
		{ "A", "222000-1339", "9999", FS_EINVAL, "kommuner" },
		{ "A", "222000-1339", "068", FS_EINVAL, "kommuner" },
		{ "", "222000-1339", "0680", FS_EINVAL, "forbund_kod" },
		{ "A B", "222000-1339", "0680", FS_EINVAL, "forbund_kod" },
	};
	struct fs_forbund f, got;

	for (size_t i = 0; i < FS_NELEM(bad); i++) {
		struct fs_err err = FS_ERR_INIT;
		const char *k[] = { bad[i].kommun };

		fill(&f, bad[i].kod, bad[i].org);
		assert_int_equal(fs_forbund_create(t->db, &f, k, 1, &err),
		    bad[i].rc);
		assert_string_equal(err.field, bad[i].field);
		fs_forbund_release(&f);
	}
	{
		struct fs_err err = FS_ERR_INIT;
		const char *k[] = { "0680", "0680" };

		fill(&f, "A", "222000-1339");
		assert_int_equal(fs_forbund_create(t->db, &f, k, 2, &err),
		    FS_EINVAL);
		assert_string_equal(err.field, "kommuner");
		assert_int_equal(fs_forbund_create(t->db, &f, k, 0, &err),
		    FS_EINVAL);
		assert_string_equal(err.field, "kommuner");
		assert_int_equal(fs_forbund_create(t->db, &f, k, 1, &err),
		    FS_OK);
		fs_forbund_release(&f);
		fill(&f, "A", "222000-1339");
		assert_int_equal(fs_forbund_create(t->db, &f, k, 1, &err),
		    FS_ECONFLICT);
		assert_string_equal(err.field, "forbund_kod");
		fs_forbund_release(&f);
	}
	fs_forbund_init(&got);
	assert_int_equal(fs_forbund_get_kod(t->db, "B", &got, NULL),
	    FS_ENOTFOUND);
}

static void
test_dated_membership(void **state)
{
	struct test_db *t = *state;
	struct fs_err err = FS_ERR_INIT;
	const char *k[] = { "0680" };
	struct fs_forbund f;
	char (*on)[5];
	size_t n;

	fill(&f, "SV", "222000-1339");
	assert_int_equal(fs_forbund_create(t->db, &f, k, 1, &err), FS_OK);
	assert_int_equal(fs_forbund_join(t->db, f.id, "0682", D("2015-01-01"),
	    &err), FS_OK);
	assert_int_equal(fs_forbund_join(t->db, f.id, "0682", D("2016-01-01"),
	    &err), FS_ECONFLICT);
	assert_int_equal(fs_forbund_join(t->db, f.id, "0180", D("2011-01-01"),
	    &err), FS_EINVAL);
	assert_string_equal(err.field, "fran");
	assert_int_equal(fs_forbund_leave(t->db, f.id, "0682", D("2018-12-31"),
	    &err), FS_OK);
	assert_int_equal(fs_forbund_leave(t->db, f.id, "0682", D("2019-12-31"),
	    &err), FS_ENOTFOUND);
	assert_int_equal(fs_forbund_kommuner_on(t->db, f.id, D("2014-06-01"),
	    &on, &n, &err), FS_OK);
	assert_int_equal(n, 1);
	free(on);
	assert_int_equal(fs_forbund_kommuner_on(t->db, f.id, D("2017-06-01"),
	    &on, &n, &err), FS_OK);
	assert_int_equal(n, 2);
	assert_string_equal(on[1], "0682");
	free(on);
	assert_int_equal(fs_forbund_kommuner_on(t->db, f.id, D("2019-01-01"),
	    &on, &n, &err), FS_OK);
	assert_int_equal(n, 1);
	free(on);
	fs_forbund_release(&f);
}

static void
test_home_lan_follows_membership(void **state)
{
	struct test_db *t = *state;
	struct fs_err err = FS_ERR_INIT;
	const char *k[] = { "0680" };
	struct fs_forbund f, got;

	fill(&f, "GR", "222000-1339");
	assert_int_equal(fs_forbund_create(t->db, &f, k, 1, &err), FS_OK);
	assert_string_equal(f.hemlan, "06");
	assert_int_equal(fs_forbund_join(t->db, f.id, "0114", D("2015-01-01"),
	    &err), FS_OK);
	assert_int_equal(fs_forbund_join(t->db, f.id, "0115", D("2015-01-01"),
	    &err), FS_OK);
	fs_forbund_init(&got);
	assert_int_equal(fs_forbund_get(t->db, f.id, &got, &err), FS_OK);
	assert_string_equal(got.hemlan, "01");
	fs_forbund_release(&got);
	assert_int_equal(fs_forbund_leave(t->db, f.id, "0114", D("2016-12-31"),
	    &err), FS_OK);
	assert_int_equal(fs_forbund_leave(t->db, f.id, "0115", D("2016-12-31"),
	    &err), FS_OK);
	assert_int_equal(fs_forbund_get(t->db, f.id, &got, &err), FS_OK);
	assert_string_equal(got.hemlan, "06");
	fs_forbund_release(&got);
	fs_forbund_release(&f);
}

static void
test_status_follows_dates(void **state)
{
	struct fs_insats i;

	(void)state;
	fs_insats_init(&i);
	i.status = FS_STATUS_PLANERAD;
	i.startdatum = D("2026-01-01");
	assert_int_equal(fs_insats_status_on(&i, D("2025-12-31")),
	    FS_STATUS_PLANERAD);
	assert_int_equal(fs_insats_status_on(&i, D("2026-01-01")),
	    FS_STATUS_PAGAENDE);
	i.slutdatum = D("2026-06-30");
	assert_int_equal(fs_insats_status_on(&i, D("2026-06-30")),
	    FS_STATUS_PAGAENDE);
	assert_int_equal(fs_insats_status_on(&i, D("2026-07-01")),
	    FS_STATUS_AVSLUTAD);
	i.status = FS_STATUS_AVSLUTAD;
	assert_int_equal(fs_insats_status_on(&i, D("2026-03-01")),
	    FS_STATUS_AVSLUTAD);
}

static int64_t
make_forbund(struct test_db *t)
{
	struct fs_err err = FS_ERR_INIT;
	const char *k[] = { "0680" };
	struct fs_forbund f;
	int64_t id;

	fill(&f, "SV", "222000-1339");
	assert_int_equal(fs_forbund_create(t->db, &f, k, 1, &err), FS_OK);
	id = f.id;
	fs_forbund_release(&f);
	return id;
}

static enum fs_rc
set_all(struct fs_insats *i, const char *const (*kv)[2], size_t n,
    struct fs_err *err)
{
	enum fs_rc rc = FS_OK;

	for (size_t k = 0; rc == FS_OK && k < n; k++)
		rc = fs_insats_set(i, kv[k][0], kv[k][1], strlen(kv[k][1]),
		    err);
	return rc;
}

static void
test_insats_fields_and_codes(void **state)
{
	struct test_db *t = *state;
	struct {
		const char	*field;
		const char	*value;
		const char	*want_field;
	} bad[] = {
		{ "inriktning", "blandad", "inriktning" },
		{ "uppfoljning", "per_person", "uppfoljning" },
		{ "preciserad_inriktning", "dialog_kommunikation",
		    "preciserad_inriktning" },
		{ "startdatum", "2020-13-01", "startdatum" },
		{ "slutdatum", "2019-01-01", "slutdatum" },
		{ "malgrupper", "unga_16_29|pensionarer", "malgrupper" },
		{ "esf", "kanske", "esf" },
		{ "status", "pausad", "status" },
		{ "beslut", "implementerad", "beslut" },
		{ "insats_kod", "A;B", "insats_kod" },
		{ "okand", "x", "okand" },
	};
	static const char *const base[][2] = {
		{ "kod", "IT" }, { "namn", "IT-spåret" },
		{ "inriktning", "individ" }, { "startdatum", "2020-01-01" },
	};
	int64_t fid = make_forbund(t);

	for (size_t i = 0; i < FS_NELEM(bad); i++) {
		struct fs_err err = FS_ERR_INIT;
		struct fs_insats ins, got;
		enum fs_rc rc;

		fs_insats_init(&ins);
		ins.forbund_id = fid;
		assert_int_equal(set_all(&ins, base, FS_NELEM(base), &err),
		    FS_OK);
		rc = fs_insats_set(&ins, bad[i].field, bad[i].value,
		    strlen(bad[i].value), &err);
		if (rc == FS_OK)
			rc = fs_insats_create(t->db, &ins, &err);
		assert_int_equal(rc, FS_EINVAL);
		assert_string_equal(err.field, bad[i].want_field);
		fs_insats_release(&ins);
		fs_insats_init(&got);
		assert_int_equal(fs_insats_get_kod(t->db, fid, "IT", &got,
		    NULL), FS_ENOTFOUND);
	}
}

static void
test_insats_defaults_and_immutables(void **state)
{
	struct test_db *t = *state;
	struct fs_err err = FS_ERR_INIT;
	static const char *const kv[][2] = {
		{ "kod", "DIALOG" }, { "namn", "Frukostseminarier" },
		{ "inriktning", "struktur" }, { "startdatum", "2020-01-01" },
		{ "preciserad_inriktning", "dialog_kommunikation" },
		{ "malgrupper", "unga_16_29|psykisk_ohalsa" },
	};
	struct fs_insats ins, got;
	int64_t fid = make_forbund(t);

	fs_insats_init(&ins);
	ins.forbund_id = fid;
	assert_int_equal(set_all(&ins, kv, FS_NELEM(kv), &err), FS_OK);
	assert_int_equal(fs_insats_create(t->db, &ins, &err), FS_OK);
	fs_insats_init(&got);
	assert_int_equal(fs_insats_get(t->db, ins.id, &got, &err), FS_OK);
	assert_int_equal(got.uppfoljning, FS_UPPF_ANTAL);
	assert_int_equal(got.status, FS_STATUS_PAGAENDE);
	assert_int_equal(got.nmalgrupper, 2);
	assert_string_equal(got.malgrupper[0], "psykisk_ohalsa");
	/* Immutable fields. */
	got.inriktning = FS_INR_INDIVID;
	assert_int_equal(fs_insats_update(t->db, &got, &err), FS_EINVAL);
	assert_string_equal(err.field, "inriktning");
	got.inriktning = FS_INR_STRUKTUR;
	got.esf = true;
	assert_int_equal(fs_insats_update(t->db, &got, &err), FS_EINVAL);
	assert_string_equal(err.field, "esf");
	got.esf = false;
	got.uppfoljning = FS_UPPF_INDIVID;
	assert_int_equal(fs_insats_update(t->db, &got, &err), FS_EINVAL);
	assert_string_equal(err.field, "uppfoljning");
	got.uppfoljning = FS_UPPF_ANTAL;
	/* Same code twice in one förbund. */
	fs_insats_release(&ins);
	fs_insats_init(&ins);
	ins.forbund_id = fid;
	assert_int_equal(set_all(&ins, kv, FS_NELEM(kv), &err), FS_OK);
	assert_int_equal(fs_insats_create(t->db, &ins, &err), FS_ECONFLICT);
	assert_string_equal(err.field, "insats_kod");
	fs_insats_release(&ins);
	fs_insats_release(&got);
}

static void
test_insats_lifecycle(void **state)
{
	struct test_db *t = *state;
	struct fs_err err = FS_ERR_INIT;
	static const char *const kv[][2] = {
		{ "kod", "IT" }, { "namn", "IT-spåret" },
		{ "inriktning", "individ" }, { "startdatum", "2027-01-01" },
	};
	struct fs_insats ins, got;

	fs_insats_init(&ins);
	ins.forbund_id = make_forbund(t);
	assert_int_equal(set_all(&ins, kv, FS_NELEM(kv), &err), FS_OK);
	assert_int_equal(fs_insats_create(t->db, &ins, &err), FS_OK);
	assert_int_equal(ins.status, FS_STATUS_PLANERAD);
	ins.status = FS_STATUS_AVSLUTAD;
	assert_int_equal(fs_insats_update(t->db, &ins, &err), FS_EINVAL);
	assert_string_equal(err.field, "slutdatum");
	ins.slutdatum = D("2027-12-31");
	ins.beslut = FS_BESLUT_IMPLEMENTERAD;
	assert_int_equal(fs_insats_update(t->db, &ins, &err), FS_EINVAL);
	assert_string_equal(err.field, "beslut_medlem");
	ins.beslut_medlem = fs_strdup("0680");
	ins.beslut_fran = D("2028-01-01");
	assert_int_equal(fs_insats_update(t->db, &ins, &err), FS_OK);
	fs_insats_init(&got);
	assert_int_equal(fs_insats_get(t->db, ins.id, &got, &err), FS_OK);
	assert_int_equal(got.beslut, FS_BESLUT_IMPLEMENTERAD);
	assert_string_equal(got.beslut_medlem, "0680");
	got.status = FS_STATUS_PAGAENDE;
	got.beslut = FS_BESLUT_NONE;
	free(got.beslut_medlem);
	got.beslut_medlem = NULL;
	got.beslut_fran = FS_DATE_NONE;
	assert_int_equal(fs_insats_update(t->db, &got, &err), FS_EINVAL);
	assert_string_equal(err.field, "status");
	fs_insats_release(&ins);
	fs_insats_release(&got);
}

static void
test_insats_period_cannot_strand_participations(void **state)
{
	struct test_db *t = *state;
	struct fs_err err = FS_ERR_INIT;
	static const char *const kv[][2] = {
		{ "kod", "IT" }, { "namn", "IT-spåret" },
		{ "inriktning", "individ" }, { "startdatum", "2020-01-01" },
	};
	struct fs_insats ins, got;
	struct fs_deltagande d;
	struct fs_pnr p;

	fs_insats_init(&ins);
	ins.forbund_id = make_forbund(t);
	assert_int_equal(set_all(&ins, kv, FS_NELEM(kv), &err), FS_OK);
	assert_int_equal(fs_insats_create(t->db, &ins, &err), FS_OK);
	assert_int_equal(fs_pnr_parse("19121212-1212", 13, D("2026-06-01"),
	    &p, "personnummer", &err), FS_OK);
	assert_int_equal(fs_samtycke_record(t->db, &p, ins.id,
	    D("2021-03-01"), "v1", &err), FS_OK);
	fs_deltagande_init(&d);
	d.startdatum = D("2021-03-01");
	d.slutdatum = D("2021-10-01");
	d.avslutsanledning = FS_AVSLUT_PLANENLIGT;
	assert_int_equal(fs_deltagande_register(t->db, &p, &ins, &d, NULL,
	    &err), FS_OK);
	ins.slutdatum = D("2021-06-30");
	assert_int_equal(fs_insats_update(t->db, &ins, &err), FS_EINVAL);
	assert_string_equal(err.field, "slutdatum");
	ins.slutdatum = FS_DATE_NONE;
	ins.startdatum = D("2021-04-01");
	assert_int_equal(fs_insats_update(t->db, &ins, &err), FS_EINVAL);
	assert_string_equal(err.field, "startdatum");
	fs_insats_init(&got);
	assert_int_equal(fs_insats_get(t->db, ins.id, &got, &err), FS_OK);
	assert_int_equal(got.startdatum, D("2020-01-01"));
	assert_int_equal(got.slutdatum, FS_DATE_NONE);
	got.slutdatum = D("2021-12-31");
	assert_int_equal(fs_insats_update(t->db, &got, &err), FS_OK);
	fs_insats_release(&ins);
	fs_insats_release(&got);
}

static void
test_find_kod_across_forbund(void **state)
{
	struct test_db *t = *state;
	struct fs_err err = FS_ERR_INIT;
	static const char *const kv[][2] = {
		{ "kod", "IT" }, { "namn", "IT-spåret" },
		{ "inriktning", "individ" }, { "startdatum", "2020-01-01" },
	};
	const char *k2[] = { "0682" };
	struct fs_forbund f2;
	struct fs_insats a, b, got;

	fs_insats_init(&a);
	a.forbund_id = make_forbund(t);
	assert_int_equal(set_all(&a, kv, FS_NELEM(kv), &err), FS_OK);
	assert_int_equal(fs_insats_create(t->db, &a, &err), FS_OK);
	fs_insats_init(&got);
	assert_int_equal(fs_insats_find_kod(t->db, "IT", &got, &err), FS_OK);
	assert_int_equal(got.id, a.id);
	fs_insats_release(&got);
	fill(&f2, "F2", "222000-1339");
	assert_int_equal(fs_forbund_create(t->db, &f2, k2, 1, &err), FS_OK);
	fs_insats_init(&b);
	b.forbund_id = f2.id;
	assert_int_equal(set_all(&b, kv, FS_NELEM(kv), &err), FS_OK);
	assert_int_equal(fs_insats_create(t->db, &b, &err), FS_OK);
	fs_insats_init(&got);
	assert_int_equal(fs_insats_find_kod(t->db, "IT", &got, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "insats_kod");
	fs_insats_release(&got);
	fs_insats_init(&got);
	assert_int_equal(fs_insats_find_kod(t->db, "NOPE", &got, &err),
	    FS_ENOTFOUND);
	fs_insats_release(&got);
	fs_insats_release(&a);
	fs_insats_release(&b);
	fs_forbund_release(&f2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_forbund_gets_fk_af_region_and_kommuner),
		T(test_forbund_refusals),
		T(test_dated_membership),
		T(test_home_lan_follows_membership),
		T(test_status_follows_dates),
		T(test_insats_fields_and_codes),
		T(test_insats_defaults_and_immutables),
		T(test_insats_lifecycle),
		T(test_insats_period_cannot_strand_participations),
		T(test_find_kod_across_forbund),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
