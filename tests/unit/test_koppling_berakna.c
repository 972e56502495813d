/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of the linkage engine (koppling_berakna.c, koppling_aggr.c,
 * koppling_out.c) on hand-built participation and spell files where
 * every number is worked out in the comments: a spell crossing the
 * window edge, overlapping spells of one benefit, partial omfattning
 * and overlaps at different omfattning, several participations of one
 * person, an incomplete after-window, an open participation; the
 * aggregates with their t intervals; order and thread independence;
 * and every bad input naming its field.
 */
#include "compat.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "finsam/buf.h"
#include "finsam/err.h"
#include "finsam/koppling.h"
#include "finsam/parse.h"

static int32_t
D(const char *s)
{
	int32_t d;

	assert_int_equal(fs_parse_date(s, strlen(s), &d, "t", NULL), FS_OK);
	return d;
}

/*
 * Person a1 (woman, 35, förbund F1) has two participations:
 *   P1 insats I1 2020-03-01 .. 2020-08-31
 *	before-window 2019-03-02 .. 2020-02-29 (2020 is a leap year, so
 *	365 days back from 2020-03-01 is 2019-03-02)
 *	after-window  2020-09-01 .. 2021-08-31
 *   P2 insats I2 2021-01-01 .. 2021-03-31
 *	before-window 2020-01-02 .. 2020-12-31
 *	after-window  2021-04-01 .. 2022-03-31
 * Person b2 (man, 24, förbund F2): P3 insats I1 2020-05-01 .. 2020-06-30,
 *	before 2019-05-02 .. 2020-04-30, after 2020-07-01 .. 2021-06-30.
 * Person c3 (woman, 61, F1): P4 open since 2021-02-01.
 */
static const char delt[] =
    "pseudonym,insats_kod,forbund_kod,kon,alder_vid_start,startdatum,"
    "slutdatum\n"
    "a1,I1,F1,k,35,2020-03-01,2020-08-31\n"
    "a1,I2,F1,k,35,2021-01-01,2021-03-31\n"
    "b2,I1,F2,m,24,2020-05-01,2020-06-30\n"
    "c3,I1,F1,k,61,2021-02-01,\n";

/*
 * Spells of a1:
 *  1 sjukpenning 100 % 2019-02-01..2019-03-31 crosses P1's window edge:
 *    only 2019-03-02..2019-03-31 counts, 30 days.
 *  2,3 sjukpenning 100 % 2019-06-01..06-30 and 2019-06-21..07-10 overlap:
 *    merged 2019-06-01..07-10 = 40 days (not 30 + 20 = 50).
 *  4 sjukpenning 50 % 2020-01-01..01-31: 31 days x 0.5 = 15.5 in P1's
 *    window; in P2's window only 01-02..01-31, 30 x 0.5 = 15.
 *    P1 sjukpenning before = 30 + 40 + 15.5 = 85.5.
 *  5,6 rehabiliteringspenning 25 % 2020-09-01..09-30 and 75 %
 *    2020-09-16..10-15 overlap at different omfattning: per day the
 *    larger, 09-01..09-15 at 25 % (15 x 0.25 = 3.75) and 09-16..10-15 at
 *    75 % (30 x 0.75 = 22.5): 26.25, in P1's after-window and in P2's
 *    before-window alike.
 *  7 sjukersattning 100 % 2021-06-01..2021-12-31: P1 after-window to
 *    2021-08-31: 30 + 31 + 31 = 92 days; P2 after-window: all 214 days,
 *    but 2021-12-31 is the latest tom of the file, so the register
 *    covers P2's after-window (to 2022-03-31) only in part: incomplete.
 * Spells of b2:
 *  8 aktivitetsersattning 100 % 2019-01-01..2021-06-30 covers both of
 *    P3's windows: 365 and 365.
 * A spell of x9, who is in no participation, is read and ignored.
 */
static const char spells[] =
    "pseudonym,forman,from,tom,omfattning\n"
    "a1,sjukpenning,2019-02-01,2019-03-31,100\n"
    "a1,sjukpenning,2019-06-01,2019-06-30,100\n"
    "a1,sjukpenning,2019-06-21,2019-07-10,100\n"
    "a1,sjukpenning,2020-01-01,2020-01-31,50\n"
    "a1,rehabiliteringspenning,2020-09-01,2020-09-30,25\n"
    "a1,rehabiliteringspenning,2020-09-16,2020-10-15,75\n"
    "a1,sjukersattning,2021-06-01,2021-12-31,100\n"
    "b2,aktivitetsersattning,2019-01-01,2021-06-30,100\n"
    "x9,a_kassa,2018-01-01,2018-12-31,100\n";

static struct fs_koppling *
run(const char *d, const char *s, const struct fs_koppling_params *p)
{
	struct fs_koppling *k;
	struct fs_err err = FS_ERR_INIT;

	assert_int_equal(fs_koppling_alloc(&k, &err), FS_OK);
	assert_int_equal(fs_koppling_deltagande_mem(k, d, strlen(d), &err),
	    FS_OK);
	assert_int_equal(fs_koppling_perioder_mem(k, s, strlen(s), p, &err),
	    FS_OK);
	assert_int_equal(fs_koppling_finish(k, p, &err), FS_OK);
	return k;
}

static void
params(struct fs_koppling_params *p)
{
	fs_koppling_params_init(p);
	p->min_antal = 1;
}

/* Quarter days of benefit b before/after for row i. */
static unsigned
fore(const struct fs_koppling *k, size_t i, int b)
{
	struct fs_koppling_rad r;

	fs_koppling_rad(k, i, &r);
	return r.fore[b];
}

static unsigned
efter(const struct fs_koppling *k, size_t i, int b)
{
	struct fs_koppling_rad r;

	fs_koppling_rad(k, i, &r);
	return r.efter[b];
}

static void
test_spell_crossing_window_edge_counts_only_days_inside(void **state)
{
	const char s[] = "pseudonym,forman,from,tom,omfattning\n"
	    "a1,sjukpenning,2019-02-01,2019-03-31,100\n";
	struct fs_koppling_params p;
	struct fs_koppling *k;

	(void)state;
	params(&p);
	k = run(delt, s, &p);
	/* 2019-03-02 .. 2019-03-31 = 30 days = 120 quarters. */
	assert_int_equal(fore(k, 0, FS_FORMAN_SJUKPENNING), 30 * 4);
	/* P2's before-window starts 2020-01-02: nothing. */
	assert_int_equal(fore(k, 1, FS_FORMAN_SJUKPENNING), 0);
	fs_koppling_free(k);
}

static void
test_overlapping_spells_of_one_benefit_are_counted_once(void **state)
{
	const char s[] = "pseudonym,forman,from,tom,omfattning\n"
	    "a1,sjukpenning,2019-06-01,2019-06-30,100\n"
	    "a1,sjukpenning,2019-06-21,2019-07-10,100\n";
	struct fs_koppling_params p;
	struct fs_koppling *k;

	(void)state;
	params(&p);
	k = run(delt, s, &p);
	/* 2019-06-01 .. 2019-07-10: 30 + 10 = 40 days, not 50. */
	assert_int_equal(fore(k, 0, FS_FORMAN_SJUKPENNING), 40 * 4);
	fs_koppling_free(k);
}

static void
test_partial_omfattning_counts_net_days(void **state)
{
	const char s[] = "pseudonym,forman,from,tom,omfattning\n"
	    "a1,sjukpenning,2020-01-01,2020-01-31,50\n"
	    "b2,a_kassa,2020-07-01,2020-07-10,25\n"
	    "b2,a_kassa,2020-07-11,2020-07-14,75\n";
	struct fs_koppling_params p;
	struct fs_koppling *k;

	(void)state;
	params(&p);
	k = run(delt, s, &p);
	/* 31 x 0.5 = 15.5 days = 62 quarters. */
	assert_int_equal(fore(k, 0, FS_FORMAN_SJUKPENNING), 62);
	/* P2: 2020-01-02 .. 01-31, 30 x 0.5 = 15 days = 60 quarters. */
	assert_int_equal(fore(k, 1, FS_FORMAN_SJUKPENNING), 60);
	/* P3 after: 10 x 0.25 + 4 x 0.75 = 2.5 + 3 = 5.5 = 22 quarters. */
	assert_int_equal(efter(k, 2, FS_FORMAN_A_KASSA), 22);
	fs_koppling_free(k);
}

static void
test_overlap_at_different_omfattning_takes_the_larger_per_day(void **state)
{
	const char s[] = "pseudonym,forman,from,tom,omfattning\n"
	    "a1,rehabiliteringspenning,2020-09-16,2020-10-15,75\n"
	    "a1,rehabiliteringspenning,2020-09-01,2020-09-30,25\n";
	struct fs_koppling_params p;
	struct fs_koppling *k;

	(void)state;
	params(&p);
	k = run(delt, s, &p);
	/* 15 x 1 + 30 x 3 = 105 quarters = 26.25 days. */
	assert_int_equal(efter(k, 0, FS_FORMAN_REHABILITERINGSPENNING), 105);
	assert_int_equal(fore(k, 1, FS_FORMAN_REHABILITERINGSPENNING), 105);
	fs_koppling_free(k);
}

static void
test_every_participation_of_a_person_gets_its_own_windows(void **state)
{
	struct fs_koppling_params p;
	struct fs_koppling_rad r;
	struct fs_koppling *k;

	(void)state;
	params(&p);
	k = run(delt, spells, &p);
	assert_int_equal(fs_koppling_antal(k), 4);
	/* P1: 30 + 40 + 15.5 = 85.5 days sjukpenning before = 342 q. */
	fs_koppling_rad(k, 0, &r);
	assert_string_equal(r.pseudonym, "a1");
	assert_string_equal(r.insats_kod, "I1");
	assert_int_equal(r.fore[FS_FORMAN_SJUKPENNING], 342);
	assert_int_equal(r.efter[FS_FORMAN_SJUKPENNING], 0);
	assert_int_equal(r.efter[FS_FORMAN_REHABILITERINGSPENNING], 105);
	assert_int_equal(r.efter[FS_FORMAN_SJUKERSATTNING], 92 * 4);
	assert_true(r.fore_komplett);
	assert_true(r.efter_komplett);
	/* P2: 15 days sjukpenning, 26.25 rehab before; 214 SA after. */
	fs_koppling_rad(k, 1, &r);
	assert_string_equal(r.pseudonym, "a1");
	assert_string_equal(r.insats_kod, "I2");
	assert_int_equal(r.fore[FS_FORMAN_SJUKPENNING], 60);
	assert_int_equal(r.fore[FS_FORMAN_REHABILITERINGSPENNING], 105);
	assert_int_equal(r.fore[FS_FORMAN_SJUKERSATTNING], 0);
	assert_int_equal(r.efter[FS_FORMAN_SJUKERSATTNING], 214 * 4);
	/* P3: aktivitetsersättning over both whole windows. */
	fs_koppling_rad(k, 2, &r);
	assert_int_equal(r.fore[FS_FORMAN_AKTIVITETSERSATTNING], 365 * 4);
	assert_int_equal(r.efter[FS_FORMAN_AKTIVITETSERSATTNING], 365 * 4);
	assert_int_equal(fs_koppling_perioder_rader(k), 9);
	assert_int_equal(fs_koppling_perioder_traffar(k), 8);
	fs_koppling_free(k);
}

static void
test_after_window_past_coverage_is_incomplete(void **state)
{
	struct fs_koppling_params p;
	struct fs_koppling_rad r;
	struct fs_koppling *k;

	(void)state;
	params(&p);
	k = run(delt, spells, &p);
	/* Coverage ends at the latest tom, 2021-12-31. */
	assert_int_equal(fs_koppling_tackning_tom(k), D("2021-12-31"));
	fs_koppling_rad(k, 1, &r);	/* after-window to 2022-03-31 */
	assert_true(r.fore_komplett);
	assert_false(r.efter_komplett);
	fs_koppling_rad(k, 3, &r);	/* open */
	assert_int_equal(r.slutdatum, FS_DATE_NONE);
	assert_false(r.efter_komplett);
	fs_koppling_free(k);

	/* Coverage to 2022-03-31 given: P2's after-window is complete. */
	params(&p);
	p.tackning_tom = D("2022-03-31");
	k = run(delt, spells, &p);
	fs_koppling_rad(k, 1, &r);
	assert_true(r.efter_komplett);
	fs_koppling_free(k);

	/* Coverage from 2019-04-01: P1's before-window is cut. */
	params(&p);
	p.tackning_fran = D("2019-04-01");
	k = run(delt, spells, &p);
	fs_koppling_rad(k, 0, &r);
	assert_false(r.fore_komplett);
	/* Spell 1 (to 2019-03-31) now lies outside coverage entirely. */
	assert_int_equal(r.fore[FS_FORMAN_SJUKPENNING], 342 - 120);
	fs_koppling_free(k);
}

static void
test_aggregates_are_means_with_t_intervals(void **state)
{
	struct fs_koppling_params p;
	struct fs_koppling_resultat *res;
	const struct fs_koppling_cell *c;
	struct fs_err err = FS_ERR_INIT;
	struct fs_koppling *k;
	double half;

	(void)state;
	params(&p);
	k = run(delt, spells, &p);
	assert_int_equal(fs_koppling_aggregera(k, &p, &res, &err), FS_OK);
	/* Used: P1 and P3; P2 after-window incomplete, P4 open. */
	assert_int_equal(res->deltaganden, 4);
	assert_int_equal(res->anvanda, 2);
	assert_int_equal(res->efter_ofullstandigt, 1);
	assert_int_equal(res->pagaende, 1);
	assert_int_equal(res->fore_ofullstandigt, 0);
	assert_int_equal(res->nforbund, 2);
	assert_string_equal(res->forbund[0], "F1");

	/*
	 * Sjukpenning, all: before 85.5 (P1) and 0 (P3): mean 42.75;
	 * after 0 and 0; change -85.5 and 0: mean -42.75, s = 60.4576
	 * (sqrt(2 x 42.75^2)), se = s / sqrt 2 = 42.75, t(1) = 12.7062:
	 * interval -42.75 -/+ 543.19.
	 */
	c = fs_koppling_cell(res, FS_FORMAN_SJUKPENNING, 0, FS_KOPPLING_ALLA,
	    FS_KOPPLING_ALLA);
	assert_non_null(c);
	assert_int_equal(c->n, 2);
	assert_int_equal(c->n_med_fore, 1);
	assert_int_equal(c->n_med_efter, 0);
	assert_true(fabs(c->fore.medel - 42.75) < 1e-9);
	assert_true(fabs(c->efter.medel) < 1e-9);
	assert_true(fabs(c->forandring.medel + 42.75) < 1e-9);
	half = 12.706204736 * 42.75;
	assert_true(fabs(c->forandring.lag - (-42.75 - half)) < 1e-6);
	assert_true(fabs(c->forandring.hog - (-42.75 + half)) < 1e-6);
	assert_false(c->undertryckt);

	/* Women only: P1 alone; one participation has no interval. */
	c = fs_koppling_cell(res, FS_FORMAN_SJUKPENNING, 'k',
	    FS_KOPPLING_ALLA, FS_KOPPLING_ALLA);
	assert_int_equal(c->n, 1);
	assert_true(fabs(c->fore.medel - 85.5) < 1e-9);
	assert_true(isnan(c->fore.lag));

	/* Förbund F2, age 16-29, men: P3, AE 365 -> 365, change 0. */
	c = fs_koppling_cell(res, FS_FORMAN_AKTIVITETSERSATTNING, 'm', 1,
	    FS_ALDER_UNDER_30);
	assert_int_equal(c->n, 1);
	assert_true(fabs(c->fore.medel - 365) < 1e-9);
	assert_true(fabs(c->forandring.medel) < 1e-9);
	/* Förbund F1, 16-29: nobody. */
	c = fs_koppling_cell(res, FS_FORMAN_AKTIVITETSERSATTNING, 0, 0,
	    FS_ALDER_UNDER_30);
	assert_int_equal(c->n, 0);
	assert_true(isnan(c->fore.medel));

	/*
	 * Sjukersättning, all: after 92 (P1) and 0 (P3): mean 46, s of
	 * the change = sqrt(2 x 46^2) = 65.0538, interval 46 -/+ 12.7062
	 * x 46.
	 */
	c = fs_koppling_cell(res, FS_FORMAN_SJUKERSATTNING, 0,
	    FS_KOPPLING_ALLA, FS_KOPPLING_ALLA);
	assert_true(fabs(c->efter.medel - 46) < 1e-9);
	assert_true(fabs(c->efter.hog - (46 + 12.706204736 * 46)) < 1e-6);
	fs_koppling_resultat_free(res);
	fs_koppling_free(k);
}

static void
test_small_cells_are_suppressed(void **state)
{
	struct fs_koppling_params p;
	struct fs_koppling_resultat *res;
	const struct fs_koppling_cell *c;
	struct fs_err err = FS_ERR_INIT;
	struct fs_koppling *k;
	struct fs_buf b;

	(void)state;
	fs_koppling_params_init(&p);	/* min_antal 5 */
	k = run(delt, spells, &p);
	assert_int_equal(fs_koppling_aggregera(k, &p, &res, &err), FS_OK);
	c = fs_koppling_cell(res, FS_FORMAN_SJUKPENNING, 0, FS_KOPPLING_ALLA,
	    FS_KOPPLING_ALLA);
	assert_true(c->undertryckt);
	assert_true(isnan(c->fore.medel));
	fs_buf_init(&b, 0);
	assert_int_equal(fs_koppling_resultat_write(res, FS_KOPPLING_TEXT, &b,
	    &err), FS_OK);
	assert_non_null(strstr(b.buf, "<5"));
	assert_null(strstr(b.buf, "85,5"));
	fs_buf_reset(&b);
	assert_int_equal(fs_koppling_resultat_write(res, FS_KOPPLING_JSON, &b,
	    &err), FS_OK);
	assert_null(strstr(b.buf, "85.5"));
	fs_buf_release(&b);
	fs_koppling_resultat_free(res);
	fs_koppling_free(k);
}

/*
 * Secondary suppression: 7 women of F1 and 3 men of F2, all aged 35,
 * every window complete.  The men (3 < 5) are hidden; with only that,
 * their figures would follow from the totals (10 - 7), so the women
 * are hidden too, in both the sex and the förbund breakdowns, and no
 * equation margin = breakdown is left with exactly one hidden member.
 */
static bool
hidden(const struct fs_koppling_resultat *r, int b, char kon, int fb, int a)
{
	const struct fs_koppling_cell *c = fs_koppling_cell(r, b, kon, fb, a);

	return c != NULL && c->undertryckt;
}

static unsigned
hidden_in(const struct fs_koppling_resultat *r, int b, const char *kon,
    const int *fb, const int *a, size_t n)
{
	unsigned h = 0;

	for (size_t i = 0; i < n; i++)
		h += hidden(r, b, kon[i], fb[i], a[i]);
	return h;
}

static void
test_secondary_suppression_protects_small_cells(void **state)
{
	struct fs_koppling_params p;
	struct fs_koppling_resultat *res;
	const struct fs_koppling_cell *c;
	struct fs_err err = FS_ERR_INIT;
	struct fs_koppling *k;
	struct fs_buf d, sp, out;
	const int A = FS_KOPPLING_ALLA;

	(void)state;
	fs_buf_init(&d, 0);
	fs_buf_init(&sp, 0);
	assert_int_equal(fs_buf_addstr(&d, "pseudonym,insats_kod,forbund_kod,"
	    "kon,alder_vid_start,startdatum,slutdatum\n"), FS_OK);
	assert_int_equal(fs_buf_addstr(&sp,
	    "pseudonym,forman,from,tom,omfattning\n"), FS_OK);
	for (int i = 0; i < 10; i++) {
		assert_int_equal(fs_buf_addf(&d, "p%d,I1,%s,%c,35,2020-03-01,"
		    "2020-06-30\n", i, i < 7 ? "F1" : "F2", i < 7 ? 'k' : 'm'),
		    FS_OK);
		assert_int_equal(fs_buf_addf(&sp, "p%d,sjukpenning,2019-06-01,"
		    "2019-06-%02d,100\n", i, 1 + i), FS_OK);
	}
	assert_int_equal(fs_buf_addstr(&sp,
	    "zz,a_kassa,2018-01-01,2022-12-31,100\n"), FS_OK);
	fs_koppling_params_init(&p);	/* min_antal 5 */
	k = run(d.buf, sp.buf, &p);
	assert_int_equal(fs_koppling_aggregera(k, &p, &res, &err), FS_OK);
	assert_int_equal(res->anvanda, 10);
	/* The total is shown. */
	c = fs_koppling_cell(res, FS_FORMAN_SJUKPENNING, 0, A, A);
	assert_false(c->undertryckt);
	assert_int_equal(c->n, 10);
	/* The men: primary; the women: secondary (n 7 >= 5). */
	c = fs_koppling_cell(res, FS_FORMAN_SJUKPENNING, 'm', A, A);
	assert_true(c->undertryckt);
	assert_false(c->sekundar);
	c = fs_koppling_cell(res, FS_FORMAN_SJUKPENNING, 'k', A, A);
	assert_true(c->undertryckt);
	assert_true(c->sekundar);
	assert_true(isnan(c->fore.medel));
	/* By förbund: F2 (index 1) primary, F1 secondary. */
	assert_true(fs_koppling_cell(res, FS_FORMAN_SJUKPENNING, 0, 1, A)->
	    undertryckt);
	c = fs_koppling_cell(res, FS_FORMAN_SJUKPENNING, 0, 0, A);
	assert_true(c->undertryckt);
	assert_true(c->sekundar);
	/* Every equation of every benefit: 0 or at least 2 hidden. */
	for (int b = 0; b < FS_FORMAN__MAX; b++) {
		for (int f = -1; f < 2; f++)
			for (int a = -1; a < FS_ALDER__MAX; a++) {
				const char kon[] = { 0, 'k', 'm' };
				const int fb[] = { f, f, f }, ag[] = { a, a, a };

				assert_int_not_equal(hidden_in(res, b, kon, fb,
				    ag, 3), 1);
			}
		for (int ki = 0; ki < 3; ki++)
			for (int a = -1; a < FS_ALDER__MAX; a++) {
				const char kon[3] = { "\0km"[ki], "\0km"[ki],
				    "\0km"[ki] };
				const int fb[] = { A, 0, 1 }, ag[] = { a, a, a };

				assert_int_not_equal(hidden_in(res, b, kon, fb,
				    ag, 3), 1);
			}
		for (int ki = 0; ki < 3; ki++)
			for (int f = -1; f < 2; f++) {
				char kon[FS_ALDER__MAX + 1];
				int fb[FS_ALDER__MAX + 1], ag[FS_ALDER__MAX + 1];

				for (int a = 0; a <= FS_ALDER__MAX; a++) {
					kon[a] = "\0km"[ki];
					fb[a] = f;
					ag[a] = a == 0 ? A : a - 1;
				}
				assert_int_not_equal(hidden_in(res, b, kon, fb,
				    ag, FS_ALDER__MAX + 1), 1);
			}
	}
	/* The outputs hide the protecting cell's count too. */
	fs_buf_init(&out, 0);
	assert_int_equal(fs_koppling_resultat_write(res, FS_KOPPLING_JSON,
	    &out, &err), FS_OK);
	assert_null(strstr(out.buf, "\"n\": 7"));
	assert_non_null(strstr(out.buf, "\"sekundart_undertryckt\": true"));
	fs_buf_reset(&out);
	assert_int_equal(fs_koppling_resultat_write(res, FS_KOPPLING_TEXT,
	    &out, &err), FS_OK);
	assert_non_null(strstr(out.buf, "dold"));
	fs_buf_reset(&out);
	assert_int_equal(fs_koppling_resultat_write(res, FS_KOPPLING_CSV_PLAIN,
	    &out, &err), FS_OK);
	assert_null(strstr(out.buf, "sjukpenning,k,alla,alla,7"));
	assert_non_null(strstr(out.buf, "sjukpenning,alla,alla,alla,10,"));
	fs_buf_release(&out);
	fs_koppling_resultat_free(res);
	fs_koppling_free(k);
	/* Without a threshold nothing is hidden. */
	p.min_antal = 1;
	k = run(d.buf, sp.buf, &p);
	assert_int_equal(fs_koppling_aggregera(k, &p, &res, &err), FS_OK);
	assert_false(fs_koppling_cell(res, FS_FORMAN_SJUKPENNING, 'm', A, A)->
	    undertryckt);
	fs_koppling_resultat_free(res);
	fs_koppling_free(k);
	fs_buf_release(&d);
	fs_buf_release(&sp);
}

static void
test_order_of_spells_does_not_matter(void **state)
{
	struct fs_koppling_params p;
	struct fs_koppling *k1, *k2;
	struct fs_buf rev;
	const char *lines[16];
	size_t n = 0;
	char *copy = strdup(spells), *s = copy, *nl;

	(void)state;
	while ((nl = strchr(s, '\n')) != NULL) {
		*nl = '\0';
		lines[n++] = s;
		s = nl + 1;
	}
	fs_buf_init(&rev, 0);
	assert_int_equal(fs_buf_addf(&rev, "%s\n", lines[0]), FS_OK);
	for (size_t i = n - 1; i >= 1; i--)
		assert_int_equal(fs_buf_addf(&rev, "%s\r\n", lines[i]), FS_OK);
	params(&p);
	k1 = run(delt, spells, &p);
	k2 = run(delt, rev.buf, &p);
	for (size_t i = 0; i < 4; i++) {
		struct fs_koppling_rad a, b;

		fs_koppling_rad(k1, i, &a);
		fs_koppling_rad(k2, i, &b);
		assert_memory_equal(a.fore, b.fore, sizeof(a.fore));
		assert_memory_equal(a.efter, b.efter, sizeof(a.efter));
	}
	fs_koppling_free(k1);
	fs_koppling_free(k2);
	fs_buf_release(&rev);
	free(copy);
}

static void
test_many_duplicates_are_merged_while_streaming(void **state)
{
	struct fs_koppling_params p;
	struct fs_koppling *k;
	struct fs_buf s;

	(void)state;
	fs_buf_init(&s, 0);
	assert_int_equal(fs_buf_addstr(&s,
	    "pseudonym;forman;from;tom;omfattning\n"), FS_OK);
	/* 500 copies of a 10-day spell and 500 single days at 25 %. */
	for (int i = 0; i < 500; i++)
		assert_int_equal(fs_buf_addf(&s,
		    "a1;sjukpenning;2019-06-01;2019-06-10;100\n"
		    "a1;sjukpenning;2019-06-05;2019-06-05;25\n"), FS_OK);
	params(&p);
	k = run(delt, s.buf, &p);
	assert_int_equal(fore(k, 0, FS_FORMAN_SJUKPENNING), 40);
	fs_koppling_free(k);
	fs_buf_release(&s);
}

/* The same file read by several threads gives the same rows. */
static void
test_threads_give_the_same_result(void **state)
{
	char dir[] = "/tmp/finsam-kb-XXXXXX", path[64];
	struct fs_koppling_params p;
	struct fs_err err = FS_ERR_INIT;
	struct fs_koppling *k1, *k2;
	struct fs_buf s;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/p.csv", dir);
	fs_buf_init(&s, 0);
	assert_int_equal(fs_buf_addstr(&s, spells), FS_OK);
	for (int i = 0; i < 3000; i++)
		assert_int_equal(fs_buf_addf(&s,
		    "a1,forsorjningsstod,2019-%02d-01,2019-%02d-28,100\n"
		    "b2,a_kassa,2020-%02d-03,2020-%02d-09,50\n"
		    "y%d,a_kassa,2020-01-01,2020-01-02,100\n",
		    i % 12 + 1, i % 12 + 1, i % 12 + 1, i % 12 + 1, i), FS_OK);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(s.buf, 1, s.len, f), s.len);
	fclose(f);
	params(&p);
	k1 = run(delt, s.buf, &p);
	p.tradar = 3;
	assert_int_equal(fs_koppling_alloc(&k2, &err), FS_OK);
	assert_int_equal(fs_koppling_deltagande_mem(k2, delt, strlen(delt),
	    &err), FS_OK);
	assert_int_equal(fs_koppling_perioder_file(k2, path, &p, &err), FS_OK);
	assert_int_equal(fs_koppling_finish(k2, &p, &err), FS_OK);
	assert_int_equal(fs_koppling_perioder_rader(k2), 9 + 9000);
	for (size_t i = 0; i < 4; i++) {
		struct fs_koppling_rad a, b;

		fs_koppling_rad(k1, i, &a);
		fs_koppling_rad(k2, i, &b);
		assert_memory_equal(a.fore, b.fore, sizeof(a.fore));
		assert_memory_equal(a.efter, b.efter, sizeof(a.efter));
	}
	/* a1's P1: försörjningsstöd 2019-03 .. 2020-02 in the window:
	 * months 04-12 of 2019 at 28 days (9 x 28 = 252) plus 2019-03-02..
	 * 03-28 (27 days) = 279 days. */
	assert_int_equal(fore(k2, 0, FS_FORMAN_FORSORJNINGSSTOD), 279 * 4);
	fs_koppling_free(k1);
	fs_koppling_free(k2);
	fs_buf_release(&s);
	unlink(path);
	rmdir(dir);
}

static void
test_rows_file_has_every_participation_and_benefit(void **state)
{
	char dir[] = "/tmp/finsam-kb-XXXXXX", path[64], line[256];
	struct fs_koppling_params p;
	struct fs_err err = FS_ERR_INIT;
	struct fs_koppling *k;
	struct stat st;
	FILE *f;
	int n = 0, hits = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ut.csv", dir);
	params(&p);
	k = run(delt, spells, &p);
	assert_int_equal(fs_koppling_write_rader(k, path, &err), FS_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		n++;
		if (strcmp(line, "a1,I1,2020-03-01,2020-08-31,sjukpenning,"
		    "85.5,0,1,1\n") == 0 ||
		    strcmp(line, "a1,I1,2020-03-01,2020-08-31,"
		    "rehabiliteringspenning,0,26.25,1,1\n") == 0 ||
		    strcmp(line, "a1,I2,2021-01-01,2021-03-31,sjukersattning,"
		    "0,214,1,0\n") == 0 ||
		    strcmp(line, "c3,I1,2021-02-01,,a_kassa,0,0,1,0\n") == 0)
			hits++;
	}
	fclose(f);
	assert_int_equal(n, 1 + 4 * FS_FORMAN__MAX);
	assert_int_equal(hits, 4);
	fs_koppling_free(k);
	unlink(path);
	rmdir(dir);
}

static void
test_output_formats(void **state)
{
	struct fs_koppling_params p;
	struct fs_koppling_resultat *res;
	struct fs_err err = FS_ERR_INIT;
	struct fs_koppling *k;
	json_error_t je;
	json_t *root;
	struct fs_buf b;

	(void)state;
	params(&p);
	k = run(delt, spells, &p);
	assert_int_equal(fs_koppling_aggregera(k, &p, &res, &err), FS_OK);
	fs_buf_init(&b, 0);
	assert_int_equal(fs_koppling_resultat_write(res, FS_KOPPLING_JSON, &b,
	    &err), FS_OK);
	root = json_loads(b.buf, 0, &je);
	assert_non_null(root);
	assert_int_equal(json_integer_value(json_object_get(root, "anvanda")),
	    2);
	assert_true(json_array_size(json_object_get(root, "celler")) > 10);
	json_decref(root);
	fs_buf_reset(&b);
	assert_int_equal(fs_koppling_resultat_write(res, FS_KOPPLING_TEXT, &b,
	    &err), FS_OK);
	assert_non_null(strstr(b.buf, "Sjukpenning: -42,8 dagar"));
	fs_buf_reset(&b);
	assert_int_equal(fs_koppling_resultat_write(res, FS_KOPPLING_CSV, &b,
	    &err), FS_OK);
	assert_non_null(strstr(b.buf, "sjukpenning;alla;alla;alla;2;1;0;"
	    "42,75;"));
	fs_buf_reset(&b);
	assert_int_equal(fs_koppling_resultat_write(res, FS_KOPPLING_CSV_PLAIN,
	    &b, &err), FS_OK);
	assert_non_null(strstr(b.buf, "sjukpenning,alla,alla,alla,2,1,0,"
	    "42.75,"));
	fs_buf_reset(&b);
	assert_int_equal(fs_koppling_resultat_svg(res, &b, &err), FS_OK);
	assert_non_null(strstr(b.buf, "<svg"));
	assert_non_null(strstr(b.buf, "</svg>"));
	assert_non_null(strstr(b.buf, "Sjukpenning"));
	fs_buf_release(&b);
	{
		char dir[] = "/tmp/finsam-kb-XXXXXX", path[64], magic[2];
		FILE *f;

		assert_non_null(mkdtemp(dir));
		snprintf(path, sizeof(path), "%s/a.xlsx", dir);
		assert_int_equal(fs_koppling_resultat_xlsx(res, path, &err),
		    FS_OK);
		f = fopen(path, "rb");
		assert_non_null(f);
		assert_int_equal(fread(magic, 1, 2, f), 2);
		fclose(f);
		assert_memory_equal(magic, "PK", 2);	/* a zip archive */
		unlink(path);
		snprintf(path, sizeof(path), "%s/saknas/a.xlsx", dir);
		assert_int_equal(fs_koppling_resultat_xlsx(res, path, &err),
		    FS_EIO);
		assert_string_equal(err.field, "xlsx");
		rmdir(dir);
	}
	fs_koppling_resultat_free(res);
	fs_koppling_free(k);
}

static void
test_t_quantiles(void **state)
{
	(void)state;
	assert_true(fabs(fs_koppling_t975(1) - 12.7062) < 1e-4);
	assert_true(fabs(fs_koppling_t975(10) - 2.2281) < 1e-4);
	assert_true(fabs(fs_koppling_t975(31) - 2.0395) < 1e-4);
	assert_true(fabs(fs_koppling_t975(60) - 2.0003) < 1e-4);
	assert_true(fabs(fs_koppling_t975(1000) - 1.9623) < 1e-4);
	assert_true(isnan(fs_koppling_t975(0)));
}

/* Bad participation files: field named, nothing kept. */
static void
test_bad_participation_file_names_the_field(void **state)
{
	static const struct {
		const char	*row;
		const char	*field;
	} cases[] = {
		{ "a1,I1,F1,x,35,2020-03-01,2020-08-31", "kon" },
		{ "a1,I1,F1,k,350,2020-03-01,2020-08-31", "alder_vid_start" },
		{ "a1,I1,F1,k,35,2020-02-30,2020-08-31", "startdatum" },
		{ "a1,I1,F1,k,35,2020-03-01,2020-02-01", "slutdatum" },
		{ "a 1,I1,F1,k,35,2020-03-01,2020-08-31", "pseudonym" },
		{ ",I1,F1,k,35,2020-03-01,2020-08-31", "pseudonym" },
		{ "19850612-1238,I1,F1,k,35,2020-03-01,", "pseudonym" },
		{ "a1,,F1,k,35,2020-03-01,2020-08-31", "insats_kod" },
		{ "a1,I1,,k,35,2020-03-01,2020-08-31", "forbund_kod" },
		{ "a1,I1,F1,k,35,2020-03-01", "deltagande" },
		{ "a1,I1,F1,k,35,2020-03-01,2020-08-31", "deltagande" },
	};
	const char head[] = "pseudonym,insats_kod,forbund_kod,kon,"
	    "alder_vid_start,startdatum,slutdatum\n"
	    "a1,I1,F1,k,35,2020-03-01,2020-08-31\n";

	(void)state;
	for (size_t i = 0; i < FS_NELEM(cases); i++) {
		struct fs_err err = FS_ERR_INIT;
		struct fs_koppling *k;
		struct fs_buf b;

		fs_buf_init(&b, 0);
		assert_int_equal(fs_buf_addf(&b, "%s%s\n", head, cases[i].row),
		    FS_OK);
		assert_int_equal(fs_koppling_alloc(&k, &err), FS_OK);
		assert_int_equal(fs_koppling_deltagande_mem(k, b.buf, b.len,
		    &err), FS_EINVAL);
		assert_string_equal(err.field, cases[i].field);
		assert_non_null(strstr(err.msg, "rad 3"));
		assert_int_equal(fs_koppling_antal(k), 0);
		fs_koppling_free(k);
		fs_buf_release(&b);
	}
}

static void
test_bad_headers_name_the_column(void **state)
{
	static const struct {
		const char	*delt;
		const char	*spells;
		const char	*field;
	} cases[] = {
		{ "pseudonym,insats_kod,forbund_kod,kon,alder_vid_start,"
		  "startdatum\n", NULL, "slutdatum" },
		{ "pseudonym,insats_kod,forbund_kod,kon,alder_vid_start,"
		  "startdatum,slutdatum,personnummer\n", NULL, "deltagande" },
		{ "", NULL, "deltagande" },
		{ NULL, "pseudonym,forman,from,tom\n", "omfattning" },
		{ NULL, "pseudonym,forman,from,tom,omfattning,x\n", "perioder" },
		{ NULL, "pseudonym,forman,from,from,omfattning\n", "from" },
		{ NULL, "", "perioder" },
	};

	(void)state;
	for (size_t i = 0; i < FS_NELEM(cases); i++) {
		struct fs_koppling_params p;
		struct fs_err err = FS_ERR_INIT;
		struct fs_koppling *k;
		const char *d = cases[i].delt != NULL ? cases[i].delt : delt;

		params(&p);
		assert_int_equal(fs_koppling_alloc(&k, &err), FS_OK);
		if (cases[i].delt != NULL) {
			assert_int_equal(fs_koppling_deltagande_mem(k, d,
			    strlen(d), &err), FS_EINVAL);
		} else {
			assert_int_equal(fs_koppling_deltagande_mem(k, d,
			    strlen(d), &err), FS_OK);
			assert_int_equal(fs_koppling_perioder_mem(k,
			    cases[i].spells, strlen(cases[i].spells), &p,
			    &err), FS_EINVAL);
		}
		assert_string_equal(err.field, cases[i].field);
		fs_koppling_free(k);
	}
}

static void
test_bad_spell_rows_name_field_and_line(void **state)
{
	static const struct {
		const char	*row;
		const char	*field;
	} cases[] = {
		{ "a1,sjukpeng,2019-01-01,2019-01-31,100", "forman" },
		{ "a1,sjukpenning,2019-13-01,2019-01-31,100", "from" },
		{ "a1,sjukpenning,2019-01-01,31/1 2019,100", "tom" },
		{ "a1,sjukpenning,2019-02-01,2019-01-31,100", "tom" },
		{ "a1,sjukpenning,2019-01-01,2019-01-31,30", "omfattning" },
		{ "a1,sjukpenning,2019-01-01,2019-01-31,1000", "omfattning" },
		{ "a1,sjukpenning,2019-01-01,2019-01-31", "perioder" },
		{ "a1,sjukpenning,2019-01-01,2019-01-31,100,1", "perioder" },
		{ "a/1,sjukpenning,2019-01-01,2019-01-31,100", "pseudonym" },
		{ "198506121238,sjukpenning,2019-01-01,2019-01-31,100",
		  "pseudonym" },
		{ "850612-1238,sjukpenning,2019-01-01,2019-01-31,100",
		  "pseudonym" },
		{ "\"a1,sjukpenning,2019-01-01,2019-01-31,100", "perioder" },
	};

	(void)state;
	for (size_t i = 0; i < FS_NELEM(cases); i++) {
		struct fs_koppling_params p;
		struct fs_err err = FS_ERR_INIT;
		struct fs_koppling *k;
		struct fs_buf b;

		params(&p);
		fs_buf_init(&b, 0);
		assert_int_equal(fs_buf_addf(&b, "%s%s\n", spells,
		    cases[i].row), FS_OK);
		assert_int_equal(fs_koppling_alloc(&k, &err), FS_OK);
		assert_int_equal(fs_koppling_deltagande_mem(k, delt,
		    strlen(delt), &err), FS_OK);
		assert_int_equal(fs_koppling_perioder_mem(k, b.buf, b.len, &p,
		    &err), FS_EINVAL);
		assert_string_equal(err.field, cases[i].field);
		/* The header is line 1 and there are 9 good rows. */
		assert_non_null(strstr(err.msg, "rad 11:"));
		assert_null(strstr(err.msg, "a1"));
		fs_koppling_free(k);
		fs_buf_release(&b);
	}
}

static void
test_quoted_fields_and_semicolons_are_read(void **state)
{
	const char s[] = "\xef\xbb\xbf\"pseudonym\";\"forman\";from;tom;"
	    "omfattning\r\n"
	    "\"a1\";\"sjukpenning\";2019-06-01;2019-06-10;\"100\"\r\n"
	    "\r\n";
	struct fs_koppling_params p;
	struct fs_koppling *k;

	(void)state;
	params(&p);
	k = run(delt, s, &p);
	assert_int_equal(fore(k, 0, FS_FORMAN_SJUKPENNING), 40);
	fs_koppling_free(k);
}

/* An error far into a file read by two threads has the right line. */
static void
test_error_line_is_right_with_threads(void **state)
{
	char dir[] = "/tmp/finsam-kb-XXXXXX", path[64];
	struct fs_koppling_params p;
	struct fs_err err = FS_ERR_INIT;
	struct fs_koppling *k;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/p.csv", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("pseudonym,forman,from,tom,omfattning\n", f);
	for (int i = 2; i <= 5000; i++)
		fprintf(f, "z%d,a_kassa,2020-01-01,2020-01-31,%s\n", i,
		    i == 4321 ? "60" : "100");
	fclose(f);
	params(&p);
	p.tradar = 2;
	assert_int_equal(fs_koppling_alloc(&k, &err), FS_OK);
	assert_int_equal(fs_koppling_deltagande_mem(k, delt, strlen(delt),
	    &err), FS_OK);
	assert_int_equal(fs_koppling_perioder_file(k, path, &p, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "omfattning");
	assert_non_null(strstr(err.msg, "rad 4321:"));
	fs_koppling_free(k);
	unlink(path);
	rmdir(dir);
}

/* A failing run writes no output file. */
static void
test_failed_run_writes_nothing(void **state)
{
	char dir[] = "/tmp/finsam-kb-XXXXXX", dp[64], sp[64], ut[64];
	struct fs_koppling_params p;
	struct fs_koppling_resultat *res = NULL;
	struct fs_err err = FS_ERR_INIT;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(dp, sizeof(dp), "%s/d.csv", dir);
	snprintf(sp, sizeof(sp), "%s/s.csv", dir);
	snprintf(ut, sizeof(ut), "%s/ut.csv", dir);
	f = fopen(dp, "w");
	fputs(delt, f);
	fclose(f);
	f = fopen(sp, "w");
	fputs(spells, f);
	fputs("a1,sjukpenning,2019-01-01,2019-01-31,10\n", f);
	fclose(f);
	params(&p);
	assert_int_equal(fs_koppling_berakna(dp, sp, ut, &p, &res, &err),
	    FS_EINVAL);
	assert_null(res);
	assert_string_equal(err.field, "omfattning");
	assert_int_not_equal(access(ut, F_OK), 0);
	/* And a good run writes it. */
	f = fopen(sp, "w");
	fputs(spells, f);
	fclose(f);
	assert_int_equal(fs_koppling_berakna(dp, sp, ut, &p, &res, &err),
	    FS_OK);
	assert_int_equal(access(ut, F_OK), 0);
	assert_int_equal(res->anvanda, 2);
	fs_koppling_resultat_free(res);
	unlink(dp);
	unlink(sp);
	unlink(ut);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_spell_crossing_window_edge_counts_only_days_inside),
		cmocka_unit_test(
		    test_overlapping_spells_of_one_benefit_are_counted_once),
		cmocka_unit_test(test_partial_omfattning_counts_net_days),
		cmocka_unit_test(
		    test_overlap_at_different_omfattning_takes_the_larger_per_day),
		cmocka_unit_test(
		    test_every_participation_of_a_person_gets_its_own_windows),
		cmocka_unit_test(test_after_window_past_coverage_is_incomplete),
		cmocka_unit_test(test_aggregates_are_means_with_t_intervals),
		cmocka_unit_test(test_small_cells_are_suppressed),
		cmocka_unit_test(test_order_of_spells_does_not_matter),
		cmocka_unit_test(test_many_duplicates_are_merged_while_streaming),
		cmocka_unit_test(test_threads_give_the_same_result),
		cmocka_unit_test(
		    test_rows_file_has_every_participation_and_benefit),
		cmocka_unit_test(test_output_formats),
		cmocka_unit_test(test_t_quantiles),
		cmocka_unit_test(test_bad_participation_file_names_the_field),
		cmocka_unit_test(test_bad_headers_name_the_column),
		cmocka_unit_test(test_bad_spell_rows_name_field_and_line),
		cmocka_unit_test(test_quoted_fields_and_semicolons_are_read),
		cmocka_unit_test(test_error_line_is_right_with_threads),
		cmocka_unit_test(test_failed_run_writes_nothing),
		cmocka_unit_test(test_secondary_suppression_protects_small_cells),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
