/* SPDX-License-Identifier: ISC */
/*
 * Parameter sets of the allocation model and trappan: the defaults of
 * the issue, the normalised JSON that reads back to the same bytes,
 * keys left out taking their defaults, every rule refusing bad input
 * with the offending key as the field, and the trappan levels in flat
 * and marginal mode with the unpublished steps marked as assumptions.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "finsam/buf.h"
#include "finsam/ekonomi.h"
#include "finsam/parse.h"
#include "finsam/tilldelning.h"

static void
test_defaults_of_the_issue(void **state)
{
	struct fs_tdl_params p;
	struct fs_err err = FS_ERR_INIT;

	(void)state;
	fs_tdl_params_init(&p, 2026);
	assert_int_equal(p.ram, 339000000);
	assert_int_equal(p.grundbelopp, 400000);
	assert_int_equal(p.vikt_fm_bp, 7500);
	assert_int_equal(p.vikt_bef_bp, 2500);
	assert_true(p.sparr);
	assert_int_equal(p.sparr_bp, 1000);
	assert_int_equal(p.utnyttjandegrad_bp, 10000);
	assert_int_equal(p.dataar, 2024);
	assert_int_equal(p.kapitalar, 2024);
	assert_int_equal(p.medlemsdag, fs_date_from_ymd(2026, 1, 1));
	assert_int_equal(p.kapitalregel, FS_TDL_KAPITAL_INGEN);
	assert_int_equal(p.omfordelning, FS_TDL_OMF_SKALA);
	assert_int_equal(p.avrundning, 1);
	assert_int_equal(p.trappan.nband, 3);
	assert_false(p.trappan.band[0].antagande);
	assert_true(p.trappan.band[1].antagande);
	assert_true(p.trappan.band[2].antagande);
	assert_int_equal(fs_tdl_params_check(&p, &err), FS_OK);
	fs_tdl_params_release(&p);
}

static void
test_json_round_trip_gives_same_bytes(void **state)
{
	const char *in = "{\"ram\": 10000000, \"vikt_forsorjningsmatt\": 70.5,"
	    "\"vikt_befolkning\": 29.5, \"sparr_procent\": 12.25,"
	    "\"kapitalregel\": \"andel_av_overskott\", \"kapital_procent\": 50,"
	    "\"omfordelning\": \"nyckel\", \"trappan\": {\"lage\": \"marginal\"},"
	    "\"forbund\": {\"B\": {\"foregaende\": 3000000, "
	    "\"over_trappan\": false}, \"A\": {\"utnyttjandegrad\": 80.5}}}";
	struct fs_tdl_params p, q;
	struct fs_buf a, b;
	struct fs_err err = FS_ERR_INIT;

	(void)state;
	assert_int_equal(fs_tdl_params_from_json(in, strlen(in), 2026, &p,
	    &err), FS_OK);
	assert_int_equal(p.vikt_fm_bp, 7050);
	assert_int_equal(p.sparr_bp, 1225);
	assert_int_equal(p.nforbund, 2);
	assert_string_equal(p.forbund[0].kod, "A");	/* sorted */
	assert_int_equal(p.forbund[0].utnyttjandegrad_bp, 8050);
	assert_int_equal(p.forbund[1].over_trappan, 0);
	assert_int_equal(p.trappan.lage, FS_TRAPPAN_MARGINAL);
	fs_buf_init(&a, 0);
	fs_buf_init(&b, 0);
	assert_int_equal(fs_tdl_params_to_json(&p, &a, &err), FS_OK);
	assert_int_equal(fs_tdl_params_from_json(a.buf, a.len, 0, &q, &err),
	    FS_OK);
	assert_int_equal(fs_tdl_params_to_json(&q, &b, &err), FS_OK);
	assert_string_equal(a.buf, b.buf);
	assert_non_null(strstr(a.buf, "\"sparr_procent\": 12.25"));
	fs_buf_release(&a);
	fs_buf_release(&b);
	fs_tdl_params_release(&p);
	fs_tdl_params_release(&q);
}

static void
test_keys_left_out_keep_defaults(void **state)
{
	const char *in = "{\"ar\": 2027, \"ram\": 350000000}";
	struct fs_tdl_params p;
	struct fs_err err = FS_ERR_INIT;

	(void)state;
	assert_int_equal(fs_tdl_params_from_json(in, strlen(in), 0, &p, &err),
	    FS_OK);
	assert_int_equal(p.ar, 2027);
	assert_int_equal(p.ram, 350000000);
	assert_int_equal(p.grundbelopp, 400000);
	assert_int_equal(p.dataar, 2025);
	fs_tdl_params_release(&p);
}

static void
test_bad_parameters_name_the_key(void **state)
{
	static const struct {
		const char	*json;
		const char	*field;
	} bad[] = {
		{ "{\"ram\": -1}", "ram" },
		{ "{\"ram\": 1.5}", "ram" },
		{ "{\"grundbelopp\": 400000000}", "grundbelopp" },
		{ "{\"vikt_forsorjningsmatt\": 80}", "vikt_befolkning" },
		{ "{\"vikt_befolkning\": 101}", "vikt_befolkning" },
		{ "{\"sparr_procent\": 101}", "sparr_procent" },
		{ "{\"sparr\": \"ja\"}", "sparr" },
		{ "{\"okand\": 1}", "okand" },
		{ "{\"ar\": 2025}", "ar" },
		{ "{\"avrundning\": 7}", "avrundning" },
		{ "{\"avrundning\": 1000, \"ram\": 1000500}", "ram" },
		{ "{\"dataar\": 2010}", "dataar" },
		{ "{\"medlemsdag\": \"2026-13-01\"}", "medlemsdag" },
		{ "{\"medlemsdag\": \"2020-01-01\"}", "medlemsdag" },
		{ "{\"omfordelning\": \"annan\"}", "omfordelning" },
		{ "{\"kapitalregel\": 1}", "kapitalregel" },
		{ "{\"utnyttjandegrad\": 80.123}", "utnyttjandegrad" },
		{ "{\"utnyttjandegrad\": \"80\"}", "utnyttjandegrad" },
		{ "{\"trappan\": {\"band\": [{\"till\": 7000000, \"procent\": "
		    "20}, {\"till\": 5000000, \"procent\": 15}, {\"till\": null, "
		    "\"procent\": 10}]}}", "trappan.band.till" },
		{ "{\"trappan\": {\"band\": [{\"till\": 7000000, \"procent\": "
		    "20}]}}", "trappan.band.till" },
		{ "{\"trappan\": {\"band\": [{\"procent\": 120}]}}",
		    "trappan.band.procent" },
		{ "{\"trappan\": {\"lage\": \"trappa\"}}", "trappan.lage" },
		{ "{\"forbund\": {\"A\": {\"utnyttjandegrad\": 80, \"ansokan\": "
		    "5}}}", "forbund.A" },
		{ "{\"forbund\": {\"A\": {\"utnyttjandegrad\": 180}}}",
		    "forbund.A" },
		{ "{\"forbund\": {\"A\": {\"x\": 1}}}", "forbund.A.x" },
		{ "{\"forbund\": []}", "forbund" },
		{ "inte json", "parametrar" },
		{ "[1, 2]", "parametrar" },
	};

	(void)state;
	for (size_t i = 0; i < FS_NELEM(bad); i++) {
		struct fs_tdl_params p;
		struct fs_err err = FS_ERR_INIT;
		enum fs_rc rc;

		rc = fs_tdl_params_from_json(bad[i].json, strlen(bad[i].json),
		    2026, &p, &err);
		if (rc != FS_EINVAL || strcmp(err.field, bad[i].field) != 0)
			fail_msg("%s: rc %d field '%s' (%s), want %s",
			    bad[i].json, rc, err.field, err.msg, bad[i].field);
		assert_true(strlen(err.msg) > 5);
		/* The message is Swedish and never repeats the value. */
		assert_null(strstr(err.msg, "1000500"));
		assert_null(p.forbund);
	}
}

static void
test_trappan_first_step_finnveden(void **state)
{
	struct fs_trappan t;
	struct fs_trappan_res r;

	(void)state;
	fs_trappan_default(&t);
	/* Finnveden 2019: 5 144 tkr income, 1 690 tkr equity. */
	fs_trappan_eval(&t, 5144000, 1690000, &r);
	assert_int_equal(r.niva, 1028800);
	assert_int_equal(r.overskott, 661200);
	assert_true(r.over);
	assert_false(r.antagande);
	/* Höglandet: 6 423 tkr, 567 tkr: within. */
	fs_trappan_eval(&t, 6423000, 567000, &r);
	assert_int_equal(r.niva, 1284600);
	assert_false(r.over);
	/* Södra Vätterbygden is above 7 mnkr: an assumed step. */
	fs_trappan_eval(&t, 7018000, 989000, &r);
	assert_int_equal(r.niva, 1052700);
	assert_true(r.antagande);
	assert_false(r.over);
}

static void
test_trappan_marginal_mode(void **state)
{
	struct fs_trappan t;
	struct fs_trappan_res r;

	(void)state;
	fs_trappan_default(&t);
	t.lage = FS_TRAPPAN_MARGINAL;
	fs_trappan_eval(&t, 20000000, 0, &r);
	/* 20 % of 7 + 15 % of 8 + 10 % of 5 mnkr. */
	assert_int_equal(r.niva, 1400000 + 1200000 + 500000);
	assert_int_equal(r.band, 2);
	fs_trappan_eval(&t, 7000000, 1400001, &r);
	assert_int_equal(r.niva, 1400000);
	assert_true(r.over);
	assert_int_equal(r.overskott, 1);
	assert_false(r.antagande);
}

static void
test_trappan_bands_from_text(void **state)
{
	struct fs_trappan t;
	struct fs_trappan_res r;
	struct fs_err err = FS_ERR_INIT;

	(void)state;
	assert_int_equal(fs_trappan_parse("5000000:25,:12.5", FS_TRAPPAN_FLAT,
	    &t, &err), FS_OK);
	assert_int_equal(t.nband, 2);
	assert_int_equal(t.band[1].procent_bp, 1250);
	fs_trappan_eval(&t, 8000000, 0, &r);
	assert_int_equal(r.niva, 1000000);
	assert_int_equal(fs_trappan_parse("7000000:20,5000000:10,:5",
	    FS_TRAPPAN_FLAT, &t, &err), FS_EINVAL);
	assert_string_equal(err.field, "trappan.band.till");
	assert_int_equal(fs_trappan_parse("7000000-20", FS_TRAPPAN_FLAT, &t,
	    &err), FS_EINVAL);
	assert_string_equal(err.field, "trappan.band");
	assert_int_equal(fs_trappan_parse(":200", FS_TRAPPAN_FLAT, &t, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "trappan.band.procent");
}

static void
test_percent_text(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	int32_t bp;

	(void)state;
	assert_int_equal(fs_tdl_parse_procent("80", 0, 10000, &bp, "u", &err),
	    FS_OK);
	assert_int_equal(bp, 8000);
	assert_int_equal(fs_tdl_parse_procent("80,5", 0, 10000, &bp, "u",
	    &err), FS_OK);
	assert_int_equal(bp, 8050);
	assert_int_equal(fs_tdl_parse_procent("55.25%", 0, 10000, &bp, "u",
	    &err), FS_OK);
	assert_int_equal(bp, 5525);
	assert_int_equal(fs_tdl_parse_procent("101", 0, 10000, &bp, "u",
	    &err), FS_EINVAL);
	assert_string_equal(err.field, "u");
	assert_int_equal(fs_tdl_parse_procent("8x", 0, 10000, &bp, "u", &err),
	    FS_EINVAL);
	assert_int_equal(fs_tdl_parse_procent("", 0, 10000, &bp, "u", &err),
	    FS_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_of_the_issue),
		cmocka_unit_test(test_json_round_trip_gives_same_bytes),
		cmocka_unit_test(test_keys_left_out_keep_defaults),
		cmocka_unit_test(test_bad_parameters_name_the_key),
		cmocka_unit_test(test_trappan_first_step_finnveden),
		cmocka_unit_test(test_trappan_marginal_mode),
		cmocka_unit_test(test_trappan_bands_from_text),
		cmocka_unit_test(test_percent_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
