/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of the Callaway & Sant'Anna estimator (utvardering_did.c,
 * utvardering_out.c): ATT(g,t), standard errors and aggregations worked
 * out by hand on a four-unit panel; the not-yet-treated control group;
 * a simulated kommun panel with a known effect of +2 percentage points
 * from joining (and zero before) that the estimates recover within
 * their intervals, and the same panel without an effect; the bootstrap
 * (deterministic, close to the analytic errors); the warnings; the panel
 * file and its errors; the output.
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
#include <jansson.h>

#include "finsam/buf.h"
#include "finsam/err.h"
#include "finsam/utvardering.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

/*
 * Units A and B join in 2011, C and D never.  Years 2009-2012:
 *	A  1 2 5 6
 *	B  2 2 4 7
 *	C  1 1 2 2
 *	D  3 4 4 5
 */
static const char tiny[] =
    "enhet,ar,y,kohort\n"
    "A,2009,1,2011\nA,2010,2,2011\nA,2011,5,2011\nA,2012,6,2011\n"
    "B,2009,2,2011\nB,2010,2,2011\nB,2011,4,2011\nB,2012,7,2011\n"
    "C,2009,1,\nC,2010,1,\nC,2011,2,\nC,2012,2,\n"
    "D,2009,3,\nD,2010,4,\nD,2011,4,\nD,2012,5,\n";

static struct fs_did_panel *
panel(const char *csv)
{
	struct fs_did_panel *p;
	struct fs_err err = FS_ERR_INIT;

	assert_int_equal(fs_did_panel_read_mem(csv, strlen(csv), &p, &err),
	    FS_OK);
	return p;
}

static struct fs_did_resultat *
estimate(const struct fs_did_panel *p, enum fs_did_kontroll k, unsigned boot)
{
	struct fs_did_params par;
	struct fs_did_resultat *r;
	struct fs_err err = FS_ERR_INIT;

	fs_did_params_init(&par);
	par.kontroll = k;
	par.bootstrap = boot;
	par.min_kohort = 1;
	assert_int_equal(fs_did_estimate(p, &par, &r, &err), FS_OK);
	return r;
}

static const struct fs_did_es *
es(const struct fs_did_resultat *r, int e)
{
	for (size_t i = 0; i < r->nes; i++)
		if (r->es[i].e == e)
			return &r->es[i];
	return NULL;
}

static void
test_att_gt_of_one_cell_by_hand(void **state)
{
	struct fs_did_panel *p = panel(tiny);
	struct fs_did_resultat *r;
	const struct fs_did_gt *c;

	(void)state;
	r = estimate(p, FS_DID_ALDRIG, 0);
	/*
	 * ATT(2011, 2011), base 2010: treated changes A 5-2 = 3, B 4-2 = 2,
	 * mean 2.5; controls C 2-1 = 1, D 4-4 = 0, mean 0.5: ATT = 2.0.
	 * Variance: sum (d - mean)^2 / n^2 per group = (0.25 + 0.25) / 4
	 * twice = 0.25: se = 0.5.
	 */
	c = fs_did_cell(r, 2011, 2011);
	assert_non_null(c);
	NEAR(c->att, 2.0);
	NEAR(c->se, 0.5);
	assert_int_equal(c->n_behandlade, 2);
	assert_int_equal(c->n_kontroll, 2);
	/* ATT(2011, 2012): (4 + 5) / 2 - (1 + 1) / 2 = 3.5; se sqrt(.125). */
	c = fs_did_cell(r, 2011, 2012);
	NEAR(c->att, 3.5);
	NEAR(c->se, sqrt(0.125));
	/* Pre-period 2009 against 2010: (-1 + 0) / 2 - (0 - 1) / 2 = 0. */
	c = fs_did_cell(r, 2011, 2009);
	NEAR(c->att, 0.0);
	/* The base year itself is no cell. */
	assert_null(fs_did_cell(r, 2011, 2010));
	/* One cohort: the event study is the cells. */
	NEAR(es(r, 0)->att, 2.0);
	NEAR(es(r, 0)->se, 0.5);
	NEAR(es(r, 1)->att, 3.5);
	NEAR(es(r, -2)->att, 0.0);
	assert_null(es(r, -1));
	/*
	 * Total: the cohort's mean post effect (2.0 + 3.5) / 2 = 2.75.
	 * Influence functions (n = 4): cell 2011 A +1, B -1, C -1, D +1;
	 * cell 2012 A -1, B +1, C 0, D 0; their mean 0, 0, -0.5, 0.5:
	 * se = sqrt(0.5) / 4.
	 */
	NEAR(r->total_att, 2.75);
	NEAR(r->total_se, sqrt(0.5) / 4);
	assert_int_equal(r->nenheter, 4);
	assert_int_equal(r->naldrig, 2);
	fs_did_resultat_free(r);
	fs_did_panel_free(p);
}

static void
test_not_yet_treated_units_are_controls_until_they_join(void **state)
{
	struct fs_buf b;
	struct fs_did_panel *p;
	struct fs_did_resultat *r;

	(void)state;
	/* E joins in 2012: values 0, 1, 1, 9. */
	fs_buf_init(&b, 0);
	assert_int_equal(fs_buf_addf(&b, "%sE,2009,0,2012\nE,2010,1,2012\n"
	    "E,2011,1,2012\nE,2012,9,2012\n", tiny), FS_OK);
	p = panel(b.buf);
	r = estimate(p, FS_DID_ANNU_INTE, 0);
	/*
	 * ATT(2011, 2011): E is not yet treated in 2011, a control with
	 * change 1 - 1 = 0: controls 1, 0, 0, mean 1/3; 2.5 - 1/3.
	 */
	NEAR(fs_did_cell(r, 2011, 2011)->att, 2.5 - 1.0 / 3);
	assert_int_equal(fs_did_cell(r, 2011, 2011)->n_kontroll, 3);
	/* In 2012 E is treated: controls C and D only, 3.5 as before. */
	NEAR(fs_did_cell(r, 2011, 2012)->att, 3.5);
	assert_int_equal(fs_did_cell(r, 2011, 2012)->n_kontroll, 2);
	/* ATT(2012, 2012), base 2011: E 9 - 1 = 8; C 0, D 1: 7.5. */
	NEAR(fs_did_cell(r, 2012, 2012)->att, 7.5);
	fs_did_resultat_free(r);
	/* Never-treated controls only: E never is one. */
	r = estimate(p, FS_DID_ALDRIG, 0);
	NEAR(fs_did_cell(r, 2011, 2011)->att, 2.0);
	/*
	 * Event study e = 0 weights the cohorts by size (2 and 1):
	 * (2 x 2.0 + 1 x 7.5) / 3.
	 */
	NEAR(es(r, 0)->att, (2 * 2.0 + 7.5) / 3);
	assert_int_equal(es(r, 0)->n, 3);
	fs_did_resultat_free(r);
	fs_did_panel_free(p);
	fs_buf_release(&b);
}

/*
 * A kommun panel 2004-2016: 120 kommuner, cohorts 2008, 2010, 2012 of
 * 25 each and 45 never treated.  Share y (percent) = kommun level +
 * common year trend + noise (sd 0.5) + effect from the joining year.
 */
static uint64_t lcg;

static double
noise(void)
{
	double s = 0;

	/* Irwin-Hall: the sum of 12 uniforms minus 6 is about N(0, 1). */
	for (int i = 0; i < 12; i++) {
		lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
		s += (double)(lcg >> 11) * 0x1.0p-53;
	}
	return s - 6;
}

static struct fs_did_panel *
sim_panel(double effect, uint64_t seed)
{
	struct fs_did_panel *p;
	struct fs_err err = FS_ERR_INIT;

	lcg = seed;
	assert_int_equal(fs_did_panel_alloc(&p, &err), FS_OK);
	for (int i = 0; i < 120; i++) {
		int g = i < 25 ? 2008 : i < 50 ? 2010 : i < 75 ? 2012 : 0;
		double level = 8 + 4 * noise() / 3;
		char name[16];

		snprintf(name, sizeof(name), "%04d", 100 + i);
		for (int t = 2004; t <= 2016; t++) {
			double y = level + 0.3 * (t - 2004) + 0.5 * noise();

			if (g != 0 && t >= g)
				y += effect;
			assert_int_equal(fs_did_panel_add(p, name, t, y, g,
			    &err), FS_OK);
		}
	}
	return p;
}

static void
test_known_effect_is_recovered_within_its_interval(void **state)
{
	struct fs_did_panel *p = sim_panel(2.0, 42);
	struct fs_did_resultat *r;

	(void)state;
	for (unsigned boot = 0; boot <= 999; boot += 999) {
		r = estimate(p, FS_DID_ALDRIG, boot);
		/* The overall effect: 2 within the 95 % interval, 0 not. */
		assert_true(fabs(r->total_att - 2.0) <= 1.96 * r->total_se);
		assert_true(r->total_att - 1.96 * r->total_se > 0);
		assert_true(r->total_se < 0.2);
		/* Every event-study point: 2 after joining, 0 before. */
		for (size_t i = 0; i < r->nes; i++) {
			double truth = r->es[i].e >= 0 ? 2.0 : 0.0;

			assert_true(fabs(r->es[i].att - truth) <=
			    r->krit * r->es[i].se);
		}
		assert_int_equal(r->nkohorter, 3);
		assert_int_equal(r->naldrig, 45);
		/* e runs from 2004 - 2012 = -8 to 2016 - 2008 = 8, not -1. */
		assert_int_equal(r->nes, 16);
		assert_non_null(es(r, -8));
		assert_int_equal(es(r, 8)->n, 25);
		assert_int_equal(es(r, 0)->n, 75);
		fs_did_resultat_free(r);
	}
	/* The not-yet-treated control group recovers it too. */
	r = estimate(p, FS_DID_ANNU_INTE, 0);
	assert_true(fabs(r->total_att - 2.0) <= 1.96 * r->total_se);
	fs_did_resultat_free(r);
	fs_did_panel_free(p);
}

static void
test_no_effect_gives_an_interval_around_zero(void **state)
{
	struct fs_did_panel *p = sim_panel(0.0, 42);
	struct fs_did_resultat *r;

	(void)state;
	r = estimate(p, FS_DID_ALDRIG, 999);
	assert_true(fabs(r->total_att) <= 1.96 * r->total_se);
	for (size_t i = 0; i < r->nes; i++)
		assert_true(fabs(r->es[i].att) <= r->krit * r->es[i].se);
	fs_did_resultat_free(r);
	fs_did_panel_free(p);
}

static void
test_bootstrap_is_deterministic_and_near_the_analytic_errors(void **state)
{
	struct fs_did_panel *p = sim_panel(2.0, 7);
	struct fs_did_resultat *a, *b1, *b2;

	(void)state;
	a = estimate(p, FS_DID_ALDRIG, 0);
	b1 = estimate(p, FS_DID_ALDRIG, 999);
	b2 = estimate(p, FS_DID_ALDRIG, 999);
	NEAR(b1->total_se, b2->total_se);
	NEAR(b1->gt[3].se, b2->gt[3].se);
	NEAR(a->total_att, b1->total_att);
	assert_true(b1->total_se > 0.7 * a->total_se);
	assert_true(b1->total_se < 1.4 * a->total_se);
	/* The simultaneous band is wider than the pointwise interval. */
	assert_true(b1->krit > 1.96);
	assert_true(a->krit < 1.97);
	fs_did_resultat_free(a);
	fs_did_resultat_free(b1);
	fs_did_resultat_free(b2);
	fs_did_panel_free(p);
}

static bool
has_warning(const struct fs_did_resultat *r, const char *text)
{
	for (size_t i = 0; i < r->nvarningar; i++)
		if (strstr(r->varningar[i], text) != NULL)
			return true;
	return false;
}

static void
test_small_cohorts_and_dropped_units_are_warned_about(void **state)
{
	struct fs_did_params par;
	struct fs_did_resultat *r;
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;
	struct fs_did_panel *p;

	(void)state;
	fs_buf_init(&b, 0);
	/* F misses 2012; G joined 2009, the first year; H joins 2020. */
	assert_int_equal(fs_buf_addf(&b, "%sF,2009,1,\nF,2010,1,\nF,2011,1,\n"
	    "G,2009,1,2009\nG,2010,1,2009\nG,2011,1,2009\nG,2012,1,2009\n"
	    "H,2009,1,2020\nH,2010,1,2020\nH,2011,1,2020\nH,2012,1,2020\n",
	    tiny), FS_OK);
	p = panel(b.buf);
	fs_did_params_init(&par);
	par.bootstrap = 0;
	assert_int_equal(fs_did_estimate(p, &par, &r, &err), FS_OK);
	assert_true(has_warning(r, "kohort 2011 har bara 2 enheter"));
	assert_true(has_warning(r, "1 enheter saknar värde"));
	assert_true(has_warning(r, "kohort 2009 (1 enheter) var behandlad "
	    "redan"));
	assert_true(has_warning(r, "1 enheter behandlas först efter 2012"));
	assert_true(has_warning(r, "kontrollgruppen har färre än 5"));
	/* H counts as never treated: C, D and H. */
	assert_int_equal(r->naldrig, 3);
	assert_int_equal(r->nenheter, 5);
	fs_did_resultat_free(r);
	fs_did_panel_free(p);
	fs_buf_release(&b);
}

static void
test_without_never_treated_units_the_control_must_be_not_yet(void **state)
{
	const char csv[] = "enhet,ar,y,kohort\n"
	    "A,2009,1,2011\nA,2010,2,2011\nA,2011,5,2011\nA,2012,6,2011\n"
	    "E,2009,0,2012\nE,2010,1,2012\nE,2011,1,2012\nE,2012,9,2012\n";
	struct fs_did_panel *p = panel(csv);
	struct fs_did_params par;
	struct fs_did_resultat *r = NULL;
	struct fs_err err = FS_ERR_INIT;

	(void)state;
	fs_did_params_init(&par);
	par.bootstrap = 0;
	assert_int_equal(fs_did_estimate(p, &par, &r, &err), FS_EINVAL);
	assert_string_equal(err.field, "kontroll");
	assert_non_null(strstr(err.msg, "annu_inte"));
	assert_null(r);
	par.kontroll = FS_DID_ANNU_INTE;
	assert_int_equal(fs_did_estimate(p, &par, &r, &err), FS_OK);
	/* ATT(2011, 2011): A 5 - 2 = 3 against E 1 - 1 = 0. */
	NEAR(fs_did_cell(r, 2011, 2011)->att, 3.0);
	fs_did_resultat_free(r);
	par.bootstrap = 100001;
	assert_int_equal(fs_did_estimate(p, &par, &r, &err), FS_EINVAL);
	assert_string_equal(err.field, "bootstrap");
	fs_did_panel_free(p);
}

static void
test_bad_panel_files_name_the_field(void **state)
{
	static const struct {
		const char	*csv;
		enum fs_rc	 rc;
		const char	*field;
	} cases[] = {
		{ "enhet,ar,y,kohort\nA,20x1,1,\n", FS_EINVAL, "ar" },
		{ "enhet,ar,y,kohort\nA,1800,1,\n", FS_EINVAL, "ar" },
		{ "enhet,ar,y,kohort\nA,2011,abc,\n", FS_EINVAL, "y" },
		{ "enhet,ar,y,kohort\nA,2011,1.,\n", FS_EINVAL, "y" },
		{ "enhet,ar,y,kohort\nA,2011,1,19\n", FS_EINVAL, "kohort" },
		{ "enhet,ar,y,kohort\nA,2011,1,2012\nA,2012,1,2013\n",
		  FS_EINVAL, "kohort" },
		{ "enhet,ar,y,kohort\nA,2011,1,\nA,2011,2,\n", FS_ECONFLICT,
		  "ar" },
		{ "enhet,ar,y,kohort\n,2011,1,\n", FS_EINVAL, "enhet" },
		{ "enhet,ar,y,kohort\nA,2011,1\n", FS_EINVAL, "panel" },
		{ "enhet,ar,y\nA,2011,1\n", FS_EINVAL, "kohort" },
		{ "enhet,ar,y,kohort,x\n", FS_EINVAL, "panel" },
		{ "", FS_EINVAL, "panel" },
	};

	(void)state;
	for (size_t i = 0; i < FS_NELEM(cases); i++) {
		struct fs_did_panel *p = NULL;
		struct fs_err err = FS_ERR_INIT;

		assert_int_equal(fs_did_panel_read_mem(cases[i].csv,
		    strlen(cases[i].csv), &p, &err), cases[i].rc);
		assert_string_equal(err.field, cases[i].field);
		assert_null(p);
	}
}

static void
test_panel_file_with_semicolons_and_decimal_comma(void **state)
{
	const char csv[] = "\xef\xbb\xbfkohort;enhet;ar;y\r\n"
	    "2011;A;2010;1,25\r\n;C;2010;-0,5\r\n";
	struct fs_did_panel *p = panel(csv);
	struct fs_buf b;

	(void)state;
	assert_int_equal(p->nenheter, 2);
	NEAR(fs_did_panel_y(p, 0, 2010), 1.25);
	NEAR(fs_did_panel_y(p, 1, 2010), -0.5);
	assert_int_equal(p->kohort[0], 2011);
	assert_int_equal(p->kohort[1], 0);
	assert_true(isnan(fs_did_panel_y(p, 0, 2011)));
	fs_buf_init(&b, 0);
	assert_int_equal(fs_did_panel_write_csv(p, &b, NULL), FS_OK);
	assert_string_equal(b.buf, "enhet,ar,y,kohort\nA,2010,1.25,2011\n"
	    "C,2010,-0.5,\n");
	fs_buf_release(&b);
	fs_did_panel_free(p);
}

static void
test_json_has_the_keys_of_the_spec(void **state)
{
	struct fs_did_panel *p = panel(tiny);
	struct fs_did_resultat *r;
	struct fs_err err = FS_ERR_INIT;
	json_error_t je;
	json_t *root, *gt, *es0;
	struct fs_buf b;

	(void)state;
	r = estimate(p, FS_DID_ALDRIG, 0);
	fs_buf_init(&b, 0);
	assert_int_equal(fs_did_resultat_write(r, FS_DID_JSON, &b, &err),
	    FS_OK);
	root = json_loads(b.buf, 0, &je);
	assert_non_null(root);
	gt = json_array_get(json_object_get(root, "att_gt"), 0);
	assert_int_equal(json_integer_value(json_object_get(gt, "kohort")),
	    2011);
	assert_int_equal(json_integer_value(json_object_get(gt, "ar")), 2009);
	assert_non_null(json_object_get(gt, "att"));
	assert_non_null(json_object_get(gt, "se"));
	assert_int_equal(json_integer_value(json_object_get(gt,
	    "n_behandlade")), 2);
	assert_int_equal(json_integer_value(json_object_get(gt,
	    "n_kontroll")), 2);
	es0 = json_array_get(json_object_get(root, "handelsestudie"), 0);
	assert_int_equal(json_integer_value(json_object_get(es0, "e")), -2);
	assert_non_null(json_object_get(es0, "n"));
	assert_true(fabs(json_real_value(json_object_get(json_object_get(root,
	    "total"), "att")) - 2.75) < 1e-9);
	assert_true(json_is_array(json_object_get(root, "varningar")));
	json_decref(root);
	fs_buf_reset(&b);
	assert_int_equal(fs_did_resultat_write(r, FS_DID_TEXT, &b, &err),
	    FS_OK);
	assert_non_null(strstr(b.buf, "Total effekt"));
	assert_non_null(strstr(b.buf, "2,750"));
	fs_buf_reset(&b);
	assert_int_equal(fs_did_resultat_svg(r, &b, &err), FS_OK);
	assert_non_null(strstr(b.buf, "<svg"));
	assert_non_null(strstr(b.buf, "År sedan anslutningen"));
	assert_non_null(strstr(b.buf, "</svg>"));
	fs_buf_release(&b);
	fs_did_resultat_free(r);
	fs_did_panel_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_att_gt_of_one_cell_by_hand),
		cmocka_unit_test(
		    test_not_yet_treated_units_are_controls_until_they_join),
		cmocka_unit_test(
		    test_known_effect_is_recovered_within_its_interval),
		cmocka_unit_test(test_no_effect_gives_an_interval_around_zero),
		cmocka_unit_test(
		    test_bootstrap_is_deterministic_and_near_the_analytic_errors),
		cmocka_unit_test(
		    test_small_cohorts_and_dropped_units_are_warned_about),
		cmocka_unit_test(
		    test_without_never_treated_units_the_control_must_be_not_yet),
		cmocka_unit_test(test_bad_panel_files_name_the_field),
		cmocka_unit_test(test_panel_file_with_semicolons_and_decimal_comma),
		cmocka_unit_test(test_json_has_the_keys_of_the_spec),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
