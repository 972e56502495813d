/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of the outcome report (report_utfall.c,
 * report_utfall_out.c): the pure core on hand-built rows with every
 * measure worked out by hand; the Södra Vätterbygden column of the SUS
 * table "UTFALL 2019" reproduced from constructed rows; the output
 * formats; and, on a real database built through the domain API, that
 * the snapshot path, the cached path (before and after a write that
 * bumps the data generation) and the plain-SQL version agree on every
 * cell at every level.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/codes.h"
#include "finsam/deltagande.h"
#include "finsam/err.h"
#include "finsam/forbund.h"
#include "finsam/insats.h"
#include "finsam/parse.h"
#include "finsam/pnr.h"
#include "finsam/report.h"
#include "finsam/store.h"
#include "testutil.h"

static int32_t
D(const char *s)
{
	int32_t d;

	assert_int_equal(fs_parse_date(s, strlen(s), &d, "t", NULL), FS_OK);
	return d;
}

#define NONE FS_UTFALL_PCT_NONE

/* A row; dates as text, percentages 0-100 or NONE. */
static struct fs_utfall_row
R(const char *start, const char *slut, uint32_t person, uint16_t forbund,
    uint8_t flags, int utb, int ft, uint8_t af, uint8_t sf, uint8_t ae,
    uint8_t se)
{
	struct fs_utfall_row r;

	memset(&r, 0, sizeof(r));
	r.startdatum = D(start);
	r.slutdatum = D(slut);
	r.person = person;
	r.forbund = forbund;
	r.flags = flags;
	r.koder = FS_UTFALL_KODER(utb, ft);
	r.arbete_fore = af;
	r.studier_fore = sf;
	r.arbete_efter = ae;
	r.studier_efter = se;
	return r;
}

#define K FS_UTFALL_KVINNA
#define M FS_UTFALL_MAN
#define U30 FS_UTFALL_UNDER_30_AR

static void
assert_cell(const struct fs_utfall *u, enum fs_utfall_measure m,
    enum fs_utfall_col c, int64_t taljare, int64_t namnare)
{
	if (u->cell[m][c].taljare != taljare ||
	    u->cell[m][c].namnare != namnare)
		fail_msg("%s/%s: got %lld/%lld, want %lld/%lld",
		    fs_utfall_key(m), fs_utfall_col_key(c),
		    (long long)u->cell[m][c].taljare,
		    (long long)u->cell[m][c].namnare, (long long)taljare,
		    (long long)namnare);
}

/* Assert one measure for Totalt, Kvinnor, Män: taljare t*, namnare n*. */
static void
assert_row(const struct fs_utfall *u, enum fs_utfall_measure m, int64_t tt,
    int64_t nt, int64_t tk, int64_t nk, int64_t tm, int64_t nm)
{
	assert_cell(u, m, FS_COL_TOTALT, tt, nt);
	assert_cell(u, m, FS_COL_KVINNOR, tk, nk);
	assert_cell(u, m, FS_COL_MAN, tm, nm);
}

/*
 * Six rows, worked out by hand below.  Period 2019.
 *  0 woman, person 0, förbund 0: 59 days, <30, grundskola, 3_9,
 *    before 0/0, after work 50.
 *  1 woman, person 0 again, förbund 0: 29 days, eftergymnasial,
 *    under_1, before not given, after work 80 + studies 40 (capped
 *    at 100): increased.
 *  2 man, de-identified (own key 1), förbund 0: 365 days, <30,
 *    gymnasium, over_9, before work 50, after nothing: decreased.
 *  3 man, de-identified (own key 2), förbund 0: 4 days, no codes,
 *    before work 100, after work not given + studies 100: same extent.
 *  4 woman, person 3, förbund 1: 10 days, grundskola, 1_3, before work
 *    100, after work 100: same extent.
 *  5 man, person 4, förbund 0: slutdatum 2020-01-01, outside.
 */
static void
hand_rows(struct fs_utfall_row rows[6])
{
	rows[0] = R("2019-01-01", "2019-03-01", 0, 0, K | U30, FS_UTB_GRUNDSKOLA,
	    FS_FT_3_9, 0, 0, 50, 0);
	rows[1] = R("2019-06-01", "2019-06-30", 0, 0, K, FS_UTB_EFTERGYMNASIAL,
	    FS_FT_UNDER_1, NONE, NONE, 80, 40);
	rows[2] = R("2018-12-31", "2019-12-31", 1, 0, M | U30, FS_UTB_GYMNASIUM,
	    FS_FT_OVER_9, 50, 0, 0, 0);
	rows[3] = R("2019-05-01", "2019-05-05", 2, 0, M, FS_UTB_NONE, FS_FT_NONE,
	    100, NONE, NONE, 100);
	rows[4] = R("2019-09-01", "2019-09-11", 3, 1, K, FS_UTB_GRUNDSKOLA,
	    FS_FT_1_3, 100, 0, 100, 0);
	rows[5] = R("2019-06-01", "2020-01-01", 4, 0, M, FS_UTB_GRUNDSKOLA,
	    FS_FT_3_9, 0, 0, 100, 0);
}

static void
test_core_computes_every_measure_by_hand(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_utfall_row rows[6];
	struct fs_utfall u;

	(void)state;
	hand_rows(rows);
	assert_int_equal(fs_utfall_compute(rows, 6, 5, NULL, 2,
	    D("2019-01-01"), D("2019-12-31"), &u, &err), FS_OK);
	/* Rows 0-4 count: women 0, 1, 4; men 2, 3. */
	assert_row(&u, FS_UTFALL_ANTAL, 5, 1, 3, 1, 2, 1);
	assert_row(&u, FS_UTFALL_FORDELNING, 5, 5, 3, 5, 2, 5);
	/* Person 0 twice; the two de-identified rows are two persons. */
	assert_row(&u, FS_UTFALL_ANTAL_UNIKA, 4, 1, 2, 1, 2, 1);
	assert_row(&u, FS_UTFALL_UNDER_30, 2, 5, 1, 3, 1, 2);
	assert_row(&u, FS_UTFALL_FORSORJNING_3AR, 2, 5, 1, 3, 1, 2);
	assert_row(&u, FS_UTFALL_GRUNDSKOLA, 2, 5, 2, 3, 0, 2);
	assert_row(&u, FS_UTFALL_EFTERGYMNASIAL, 1, 5, 1, 3, 0, 2);
	/* Days: women 59 + 29 + 10, men 365 + 4. */
	assert_row(&u, FS_UTFALL_INSKRIVNINGSTID, 467, 5, 98, 3, 369, 2);
	assert_row(&u, FS_UTFALL_ANTAL_ARBETE, 3, 1, 3, 1, 0, 1);
	assert_row(&u, FS_UTFALL_HELTID_ARBETE, 230, 100, 230, 100, 0, 100);
	assert_row(&u, FS_UTFALL_ANDEL_ARBETE, 3, 5, 3, 3, 0, 2);
	assert_row(&u, FS_UTFALL_ANTAL_ARBETE_STUDIER, 4, 1, 3, 1, 1, 1);
	/* 50 + min(100, 120) + 100 for women; 0 + 100 for men. */
	assert_row(&u, FS_UTFALL_HELTID_ARBETE_STUDIER, 350, 100, 250, 100, 100,
	    100);
	/* Rows 0 and 1 grew; 2 shrank; 3 and 4 stayed. */
	assert_row(&u, FS_UTFALL_ANTAL_OKAT, 2, 1, 2, 1, 0, 1);
}

static void
test_core_filters_on_forbund_mask(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_utfall_row rows[6];
	struct fs_utfall u;
	const uint8_t only0[2] = { 1, 0 }, only1[2] = { 0, 1 };

	(void)state;
	hand_rows(rows);
	assert_int_equal(fs_utfall_compute(rows, 6, 5, only0, 2,
	    D("2019-01-01"), D("2019-12-31"), &u, &err), FS_OK);
	assert_row(&u, FS_UTFALL_ANTAL, 4, 1, 2, 1, 2, 1);
	assert_row(&u, FS_UTFALL_ANTAL_UNIKA, 3, 1, 1, 1, 2, 1);
	assert_row(&u, FS_UTFALL_GRUNDSKOLA, 1, 4, 1, 2, 0, 2);
	assert_row(&u, FS_UTFALL_INSKRIVNINGSTID, 457, 4, 88, 2, 369, 2);
	assert_row(&u, FS_UTFALL_HELTID_ARBETE, 130, 100, 130, 100, 0, 100);
	assert_row(&u, FS_UTFALL_ANTAL_OKAT, 2, 1, 2, 1, 0, 1);

	assert_int_equal(fs_utfall_compute(rows, 6, 5, only1, 2,
	    D("2019-01-01"), D("2019-12-31"), &u, &err), FS_OK);
	assert_row(&u, FS_UTFALL_ANTAL, 1, 1, 1, 1, 0, 1);
	assert_row(&u, FS_UTFALL_FORDELNING, 1, 1, 1, 1, 0, 1);
	/* No men: their shares are undefined (namnare 0). */
	assert_row(&u, FS_UTFALL_ANDEL_ARBETE, 1, 1, 1, 1, 0, 0);
	assert_row(&u, FS_UTFALL_INSKRIVNINGSTID, 10, 1, 10, 1, 0, 0);
}

static void
test_core_period_is_inclusive_on_slutdatum(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_utfall_row rows[6];
	struct fs_utfall u;

	(void)state;
	hand_rows(rows);
	/* One day: only row 0 ends on 2019-03-01. */
	assert_int_equal(fs_utfall_compute(rows, 6, 5, NULL, 2,
	    D("2019-03-01"), D("2019-03-01"), &u, &err), FS_OK);
	assert_row(&u, FS_UTFALL_ANTAL, 1, 1, 1, 1, 0, 1);
	/* 2019-12-31 .. 2020-01-01: rows 2 and 5. */
	assert_int_equal(fs_utfall_compute(rows, 6, 5, NULL, 2,
	    D("2019-12-31"), D("2020-01-01"), &u, &err), FS_OK);
	assert_row(&u, FS_UTFALL_ANTAL, 2, 1, 0, 1, 2, 1);
}

static void
test_core_empty_population_gives_zero_counts_and_undefined_shares(
    void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_utfall u;

	(void)state;
	assert_int_equal(fs_utfall_compute(NULL, 0, 0, NULL, 0,
	    D("2019-01-01"), D("2019-12-31"), &u, &err), FS_OK);
	assert_row(&u, FS_UTFALL_ANTAL, 0, 1, 0, 1, 0, 1);
	assert_row(&u, FS_UTFALL_FORDELNING, 0, 0, 0, 0, 0, 0);
	assert_row(&u, FS_UTFALL_UNDER_30, 0, 0, 0, 0, 0, 0);
	assert_row(&u, FS_UTFALL_HELTID_ARBETE, 0, 100, 0, 100, 0, 100);
}

static void
test_core_row_of_neither_sex_counts_in_totalt_only(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_utfall_row r;
	struct fs_utfall u;

	(void)state;
	r = R("2019-01-01", "2019-01-31", 0, 0, 0, FS_UTB_GRUNDSKOLA,
	    FS_FT_NONE, NONE, NONE, 100, NONE);
	assert_int_equal(fs_utfall_compute(&r, 1, 1, NULL, 1,
	    D("2019-01-01"), D("2019-12-31"), &u, &err), FS_OK);
	assert_row(&u, FS_UTFALL_ANTAL, 1, 1, 0, 1, 0, 1);
	assert_row(&u, FS_UTFALL_ANTAL_UNIKA, 1, 1, 0, 1, 0, 1);
	assert_row(&u, FS_UTFALL_GRUNDSKOLA, 1, 1, 0, 0, 0, 0);
}

static void
test_core_refuses_bad_input(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_utfall_row rows[6];
	struct fs_utfall u;
	const uint8_t mask[1] = { 1 };

	(void)state;
	hand_rows(rows);
	assert_int_equal(fs_utfall_compute(rows, 6, 5, NULL, 2,
	    D("2019-12-31"), D("2019-01-01"), &u, &err), FS_EINVAL);
	assert_string_equal(err.field, "till");
	fs_err_clear(&err);
	/* Person key 4 (row 5, in 2019-2020) is outside 0..3. */
	assert_int_equal(fs_utfall_compute(rows, 6, 4, NULL, 2,
	    D("2019-01-01"), D("2020-12-31"), &u, &err), FS_EINVAL);
	assert_string_equal(err.field, "person");
	fs_err_clear(&err);
	/* Row 4 has förbund index 1, outside a one-entry mask. */
	assert_int_equal(fs_utfall_compute(rows, 6, 5, mask, 1,
	    D("2019-01-01"), D("2019-12-31"), &u, &err), FS_EINVAL);
	assert_string_equal(err.field, "forbund");
}

static void
test_range_finds_the_period_in_sorted_rows(void **state)
{
	struct fs_utfall_row rows[5];
	const char *slut[] = { "2019-01-01", "2019-02-01", "2019-02-01",
		"2019-03-01", "2019-04-01" };
	size_t lo, hi;

	(void)state;
	for (size_t i = 0; i < 5; i++)
		rows[i] = R("2018-01-01", slut[i], (uint32_t)i, 0, K, 0, 0,
		    NONE, NONE, NONE, NONE);
	fs_utfall_range(rows, 5, D("2019-02-01"), D("2019-03-01"), &lo, &hi);
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 4);
	fs_utfall_range(rows, 5, D("2018-01-01"), D("2018-12-31"), &lo, &hi);
	assert_int_equal(lo, hi);
	fs_utfall_range(rows, 5, D("2018-01-01"), D("2030-01-01"), &lo, &hi);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 5);
	fs_utfall_range(rows, 5, D("2019-04-02"), D("2030-01-01"), &lo, &hi);
	assert_int_equal(lo, 5);
	assert_int_equal(hi, 5);
	fs_utfall_range(rows, 0, D("2019-01-01"), D("2019-12-31"), &lo, &hi);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 0);
}

/*
 * Södra Vätterbygden, UTFALL 2019: 48 women and 37 men, all different
 * persons, with attributes laid out so that every figure of the column
 * comes out (see the comments for the arithmetic).
 */
static size_t
svb_rows(struct fs_utfall_row *rows)
{
	size_t n = 0;

	for (int i = 0; i < 48; i++) {
		struct fs_utfall_row *r = &rows[n];
		int utb = FS_UTB_GYMNASIUM, ft = FS_FT_1_3;
		uint8_t ae = 0, se = 0, af = 0, sf = 0;

		/* 24/48 = 50 % under 30; 14/48 = 29 % over 3 years. */
		if (i < 7)
			ft = FS_FT_3_9;
		else if (i < 14)
			ft = FS_FT_OVER_9;
		/* 13/48 = 27 % grundskola, 13/48 = 27 % eftergymnasial. */
		if (i >= 14 && i < 27)
			utb = FS_UTB_GRUNDSKOLA;
		else if (i >= 27 && i < 40)
			utb = FS_UTB_EFTERGYMNASIAL;
		/*
		 * Work: 8 x 100 + 4 x 30 = 920 -> 9,2; 12/48 = 25 %.
		 * Studies only: 4 x 100 + 25 -> capped sum 1345 -> 13,5.
		 * Row 0 works 100 and studies 50: capped at 100.
		 */
		if (i < 8)
			ae = 100;
		else if (i < 12)
			ae = 30;
		else if (i < 16)
			se = 100;
		else if (i == 16)
			se = 25;
		if (i == 0)
			se = 50;
		/* 11 increased; rows 11-16 had the same extent before. */
		if (i >= 11 && i <= 16) {
			af = ae;
			sf = se;
		}
		/* Not given counts as 0; row 40 decreased from 50. */
		if (i == 41) {
			af = NONE;
			ae = NONE;
		}
		if (i == 40)
			af = 50;
		*r = R("2018-01-01", "2019-06-30", (uint32_t)n, 0,
		    (uint8_t)(K | (i < 24 ? U30 : 0)), utb, ft, af, sf, ae,
		    se);
		/* 400 and 414 days alternately: mean 407. */
		r->startdatum = r->slutdatum - (i % 2 == 0 ? 400 : 414);
		n++;
	}
	for (int j = 0; j < 37; j++) {
		struct fs_utfall_row *r = &rows[n];
		int utb = FS_UTB_GYMNASIUM, ft = FS_FT_UNDER_1;
		uint8_t ae = 0, se = 0, af = 0, sf = 0;

		/* 20/37 = 54 % under 30; 13/37 = 35 % over 3 years. */
		if (j < 13)
			ft = j % 2 == 0 ? FS_FT_3_9 : FS_FT_OVER_9;
		/* 8/37 = 22 % grundskola, 10/37 = 27 % eftergymnasial. */
		if (j >= 13 && j < 21)
			utb = FS_UTB_GRUNDSKOLA;
		else if (j >= 21 && j < 31)
			utb = FS_UTB_EFTERGYMNASIAL;
		/*
		 * Work: 7 x 100 + 10 x 50 = 1200 -> 12,0; 17/37 = 46 %.
		 * Studies only: 100 + 25 -> capped sum 1325 -> 13,3.
		 */
		if (j < 7)
			ae = 100;
		else if (j < 17)
			ae = 50;
		else if (j == 17)
			se = 100;
		else if (j == 18)
			se = 25;
		/* 17 increased; rows 17 and 18 studied as much before. */
		if (j == 17 || j == 18)
			sf = se;
		*r = R("2018-01-01", "2019-06-30", (uint32_t)n, 0,
		    (uint8_t)(M | (j < 20 ? U30 : 0)), utb, ft, af, sf, ae,
		    se);
		r->startdatum = r->slutdatum - 453;
		n++;
	}
	return n;
}

static void
test_core_reproduces_sodra_vatterbygden_2019(void **state)
{
	/* Each line: label;unit;Totalt;Kvinnor;Män as in the SUS table. */
	static const char *const want[] = {
		"Mått;Enhet;Totalt;Kvinnor;Män",
		"Antal;antal;85;48;37",
		"Fördelning;procent;100;56;44",
		"Antal unika;antal;85;48;37",
		"Andel yngre än 30 år vid start;procent;52;50;54",
		"Andel med offentlig försörjning i mer än 3 år vid start;"
		    "procent;32;29;35",
		"Andel med grundskoleexamen som högst slutförda utbildning;"
		    "procent;25;27;22",
		"Andel med någon form av eftergymnasial utbildning;procent;"
		    "27;27;27",
		"Genomsnittlig inskrivningstid i dagar;dagar;427;407;453",
		"Antal i förvärvsarbete;antal;29;12;17",
		"Förvärvsarbete motsvarande antal heltidsarbeten;"
		    "heltidsarbeten (40 tim/vecka);21,2;9,2;12,0",
		"Andel i förvärvsarbete;procent;34;25;46",
		"Antal i förvärvsarbete och/eller studier;antal;36;17;19",
		"Förvärvsarbete och/eller studier motsvarande antal "
		    "heltidsarbeten;heltidsarbeten (40 tim/vecka);26,7;13,5;13,3",
		"Antal som fått eller ökat omfattning av arbete och/eller "
		    "studier;antal;28;11;17",
	};
	struct fs_err err = FS_ERR_INIT;
	struct fs_utfall_row rows[85];
	struct fs_utfall u;
	struct fs_buf b;
	size_t n;
	char *line, *end;

	(void)state;
	n = svb_rows(rows);
	assert_int_equal(n, 85);
	assert_int_equal(fs_utfall_compute(rows, n, 85, NULL, 1,
	    D("2019-01-01"), D("2019-12-31"), &u, &err), FS_OK);
	/* The exact sums behind the rounded figures. */
	assert_row(&u, FS_UTFALL_HELTID_ARBETE_STUDIER, 2670, 100, 1345, 100,
	    1325, 100);
	assert_row(&u, FS_UTFALL_INSKRIVNINGSTID, 36297, 85, 19536, 48, 16761,
	    37);
	u.fran = D("2019-01-01");
	u.till = D("2019-12-31");
	fs_buf_init(&b, 0);
	assert_int_equal(fs_report_utfall_write(&u, FS_REPORT_CSV, &b, &err),
	    FS_OK);
	assert_memory_equal(b.buf, "\xef\xbb\xbf", 3);
	/* CRLF-terminated lines, exactly the wanted ones. */
	line = b.buf + 3;
	for (size_t i = 0; i < FS_NELEM(want); i++) {
		end = strstr(line, "\r\n");
		assert_non_null(end);
		*end = '\0';
		assert_string_equal(line, want[i]);
		line = end + 2;
	}
	assert_string_equal(line, "");
	fs_buf_release(&b);
}

/* The hand rows as a report over förbund "SV" for 2019. */
static void
hand_report(struct fs_utfall *u)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_utfall_row rows[6];

	hand_rows(rows);
	assert_int_equal(fs_utfall_compute(rows, 6, 5, NULL, 2,
	    D("2019-01-01"), D("2019-12-31"), u, &err), FS_OK);
	u->level = FS_LEVEL_FORBUND;
	snprintf(u->kod, sizeof(u->kod), "SV");
	snprintf(u->namn, sizeof(u->namn), "Södra Vätterbygden");
	u->fran = D("2019-01-01");
	u->till = D("2019-12-31");
}

static void
test_json_has_exact_numerators_and_denominators(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_utfall u;
	struct fs_buf b;
	json_t *root, *matt, *c;
	json_error_t jerr;

	(void)state;
	hand_report(&u);
	/* An undefined share: no participations of neither sex here. */
	u.cell[FS_UTFALL_UNDER_30][FS_COL_MAN].taljare = 0;
	u.cell[FS_UTFALL_UNDER_30][FS_COL_MAN].namnare = 0;
	fs_buf_init(&b, 0);
	assert_int_equal(fs_report_utfall_write(&u, FS_REPORT_JSON, &b, &err),
	    FS_OK);
	root = json_loads(b.buf, 0, &jerr);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(root,
	    "rapport")), "utfall");
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(root, "niva"), "typ")), "forbund");
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(root, "niva"), "kod")), "SV");
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(root, "niva"), "namn")), "Södra Vätterbygden");
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(root, "period"), "fran")), "2019-01-01");
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(root, "period"), "till")), "2019-12-31");
	matt = json_object_get(root, "matt");
	assert_int_equal(json_object_size(matt), FS_UTFALL__MAX);
	for (int m = 0; m < FS_UTFALL__MAX; m++) {
		json_t *mo = json_object_get(matt,
		    fs_utfall_key((enum fs_utfall_measure)m));

		assert_non_null(mo);
		for (int col = 0; col < FS_COL__MAX; col++)
			assert_non_null(json_object_get(mo,
			    fs_utfall_col_key((enum fs_utfall_col)col)));
	}
	/* Counts: {"varde": n} only. */
	c = json_object_get(json_object_get(matt, "antal"), "totalt");
	assert_int_equal(json_integer_value(json_object_get(c, "varde")), 5);
	assert_null(json_object_get(c, "taljare"));
	c = json_object_get(json_object_get(matt, "antal_unika"), "kvinnor");
	assert_int_equal(json_integer_value(json_object_get(c, "varde")), 2);
	/* Shares: a fraction with its numerator and denominator. */
	c = json_object_get(json_object_get(matt, "fordelning"), "totalt");
	assert_true(json_is_real(json_object_get(c, "varde")));
	assert_true(json_real_value(json_object_get(c, "varde")) == 1.0);
	assert_int_equal(json_integer_value(json_object_get(c, "taljare")), 5);
	assert_int_equal(json_integer_value(json_object_get(c, "namnare")), 5);
	c = json_object_get(json_object_get(matt, "andel_arbete"), "totalt");
	assert_true(json_real_value(json_object_get(c, "varde")) == 0.6);
	c = json_object_get(json_object_get(matt, "andel_under_30"), "man");
	assert_true(json_is_null(json_object_get(c, "varde")));
	assert_int_equal(json_integer_value(json_object_get(c, "namnare")), 0);
	/* Mean days: sum of days over participations. */
	c = json_object_get(json_object_get(matt, "inskrivningstid_dagar"),
	    "man");
	assert_true(json_real_value(json_object_get(c, "varde")) == 184.5);
	assert_int_equal(json_integer_value(json_object_get(c, "taljare")),
	    369);
	assert_int_equal(json_integer_value(json_object_get(c, "namnare")), 2);
	/* FTE: sum of percent over 100. */
	c = json_object_get(json_object_get(matt, "heltid_arbete"), "kvinnor");
	assert_true(json_real_value(json_object_get(c, "varde")) == 2.3);
	assert_int_equal(json_integer_value(json_object_get(c, "taljare")),
	    230);
	assert_int_equal(json_integer_value(json_object_get(c, "namnare")),
	    100);
	json_decref(root);
	fs_buf_release(&b);
}

static void
test_json_riket_has_no_code(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_utfall u;
	struct fs_buf b;
	json_t *root, *niva;

	(void)state;
	hand_report(&u);
	u.level = FS_LEVEL_RIKET;
	u.kod[0] = '\0';
	snprintf(u.namn, sizeof(u.namn), "Riket");
	fs_buf_init(&b, 0);
	assert_int_equal(fs_report_utfall_write(&u, FS_REPORT_JSON, &b, &err),
	    FS_OK);
	root = json_loads(b.buf, 0, NULL);
	assert_non_null(root);
	niva = json_object_get(root, "niva");
	assert_string_equal(json_string_value(json_object_get(niva, "typ")),
	    "riket");
	assert_null(json_object_get(niva, "kod"));
	json_decref(root);
	fs_buf_release(&b);
}

static void
test_text_table_has_swedish_numbers_and_footnotes(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_utfall u;
	struct fs_buf b;

	(void)state;
	hand_report(&u);
	u.cell[FS_UTFALL_ANTAL][FS_COL_TOTALT].taljare = 12309;
	fs_buf_init(&b, 0);
	assert_int_equal(fs_report_utfall_write(&u, FS_REPORT_TEXT, &b, &err),
	    FS_OK);
	assert_non_null(strstr(b.buf, "Förbund: Södra Vätterbygden (SV)\n"));
	assert_non_null(strstr(b.buf, "Period: 2019-01-01 – 2019-12-31"));
	assert_non_null(strstr(b.buf, "Totalt    Kvinnor        Män\n"));
	assert_non_null(strstr(b.buf, "\nAntal  "));
	assert_non_null(strstr(b.buf, "12 309          3          2\n"));
	/* 3/5 = 60 %, 2/5 = 40 %. */
	assert_non_null(strstr(b.buf, "100 %       60 %       40 %\n"));
	/* 230 % -> 2,3 FTE; labels of FTE rows carry the asterisk. */
	assert_non_null(strstr(b.buf,
	    "Förvärvsarbete motsvarande antal heltidsarbeten *"));
	assert_non_null(strstr(b.buf, "2,3        2,3        0,0\n"));
	/* 467/5 = 93.4 -> 93; 98/3 = 32.7 -> 33; 369/2 = 184.5 -> 185. */
	assert_non_null(strstr(b.buf, "93         33        185\n"));
	assert_non_null(strstr(b.buf, "Antal unika"));
	assert_non_null(strstr(b.buf, "* 40 tim/vecka\n"));
	fs_buf_release(&b);
}

static void
test_text_shows_dash_for_undefined_share(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_utfall u;
	struct fs_buf b;

	(void)state;
	assert_int_equal(fs_utfall_compute(NULL, 0, 0, NULL, 0,
	    D("2019-01-01"), D("2019-12-31"), &u, &err), FS_OK);
	u.fran = D("2019-01-01");
	u.till = D("2019-12-31");
	fs_buf_init(&b, 0);
	assert_int_equal(fs_report_utfall_write(&u, FS_REPORT_TEXT, &b, &err),
	    FS_OK);
	assert_non_null(strstr(b.buf, "Nivå: Riket\n"));
	assert_non_null(strstr(b.buf, "          –          –          –\n"));
	fs_buf_release(&b);
}

static void
test_csv_plain_has_commas_and_decimal_point(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_utfall u;
	struct fs_buf b;

	(void)state;
	hand_report(&u);
	fs_buf_init(&b, 0);
	assert_int_equal(fs_report_utfall_write(&u, FS_REPORT_CSV_PLAIN, &b,
	    &err), FS_OK);
	assert_int_equal(strncmp(b.buf, "Mått,Enhet,Totalt,Kvinnor,Män\r\n",
	    strlen("Mått,Enhet,Totalt,Kvinnor,Män\r\n")), 0);
	assert_non_null(strstr(b.buf, "\r\nAntal,antal,5,3,2\r\n"));
	assert_non_null(strstr(b.buf,
	    "\r\nFörvärvsarbete motsvarande antal heltidsarbeten,"
	    "heltidsarbeten (40 tim/vecka),2.3,2.3,0.0\r\n"));
	fs_buf_release(&b);
}

static void
test_format_names(void **state)
{
	(void)state;
	assert_int_equal(fs_report_format_find("text"), FS_REPORT_TEXT);
	assert_int_equal(fs_report_format_find("json"), FS_REPORT_JSON);
	assert_int_equal(fs_report_format_find("csv"), FS_REPORT_CSV);
	assert_int_equal(fs_report_format_find("csv-plain"),
	    FS_REPORT_CSV_PLAIN);
	assert_int_equal(fs_report_format_find("xlsx"), FS_REPORT_XLSX);
	assert_int_equal(fs_report_format_find("html"), FS_REPORT_HTML);
	assert_int_equal(fs_report_format_find("pdf"), -1);
	for (int f = 0; f < FS_REPORT_FORMAT__MAX; f++)
		assert_int_equal(fs_report_format_find(fs_report_format_name(
		    (enum fs_report_format)f)), f);
	assert_string_equal(fs_report_format_name(FS_REPORT_FORMAT__MAX), "?");
	assert_int_equal(fs_report_format_find(NULL), -1);
}

static void
test_measure_tables_have_no_holes(void **state)
{
	(void)state;
	for (int m = 0; m < FS_UTFALL__MAX; m++) {
		assert_non_null(fs_utfall_key((enum fs_utfall_measure)m));
		assert_non_null(fs_utfall_label((enum fs_utfall_measure)m));
	}
	assert_null(fs_utfall_key(FS_UTFALL__MAX));
	for (int c = 0; c < FS_COL__MAX; c++)
		assert_non_null(fs_utfall_col_key((enum fs_utfall_col)c));
	for (int l = 0; l < FS_LEVEL__MAX; l++)
		assert_non_null(fs_report_level_name((enum fs_report_level)l));
}

/*
 * On a database
 * -------------
 * Three förbund: SV and FV in Jönköpings län (06), ST in Stockholms län
 * (01); one individual insats each.
 */
struct fixture {
	struct test_db	 t;
	struct fs_insats sv, fv, st;
};

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

/* Serial numbers ending in an even digit are women. */
static void
pnr(const char *ymd, int serial, struct fs_pnr *p)
{
	struct fs_err err = FS_ERR_INIT;
	char d[13];

	make_pnr(ymd, serial, d);
	assert_int_equal(fs_pnr_parse(d, 12, fs_date_today(), p,
	    "personnummer", &err), FS_OK);
}

static void
make_forbund(struct fs_db *db, const char *kod, const char *namn,
    const char *orgnr, const char *kommun, struct fs_insats *ins)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_forbund fb;
	const char *kommuner[1];
	const char *fields[][2] = {
		{ "kod", "I" }, { "namn", "Insatsen" },
		{ "inriktning", "individ" }, { "startdatum", "2015-01-01" },
		{ "slutdatum", "2025-12-31" },
	};

	kommuner[0] = kommun;
	fs_forbund_init(&fb);
	fb.kod = strdup(kod);
	fb.namn = strdup(namn);
	snprintf(fb.organisationsnummer, 12, "%s", orgnr);
	fb.startdatum = D("2010-01-01");
	if (fs_forbund_create(db, &fb, kommuner, 1, &err) != FS_OK)
		fail_msg("forbund %s: %s: %s", kod, err.field, err.msg);
	fs_insats_init(ins);
	ins->forbund_id = fb.id;
	for (size_t i = 0; i < FS_NELEM(fields); i++)
		assert_int_equal(fs_insats_set(ins, fields[i][0], fields[i][1],
		    strlen(fields[i][1]), &err), FS_OK);
	if (fs_insats_create(db, ins, &err) != FS_OK)
		fail_msg("insats: %s: %s", err.field, err.msg);
	fs_forbund_release(&fb);
}

/*
 * Register a participation of p in ins.  Fields: start, slut ("" =
 * open), avslut, utbildning, fors_tid, arbete_fore, studier_fore,
 * arbete_efter, studier_efter ("" = not given).
 */
static void
reg(struct fs_db *db, const struct fs_pnr *p, const struct fs_insats *ins,
    const char *start, const char *slut, const char *avslut,
    const char *utb, const char *ft, const char *af, const char *sf,
    const char *ae, const char *se)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande d;
	const char *f[][2] = {
		{ "startdatum", start }, { "slutdatum", slut },
		{ "avslutsanledning", avslut }, { "utbildning", utb },
		{ "offentlig_forsorjning_tid", ft }, { "arbete_fore", af },
		{ "studier_fore", sf }, { "arbete_efter", ae },
		{ "studier_efter", se },
	};
	unsigned warn;

	assert_int_equal(fs_samtycke_record(db, p, ins->id, D(start), "v1",
	    &err), FS_OK);
	fs_deltagande_init(&d);
	for (size_t i = 0; i < FS_NELEM(f); i++)
		assert_int_equal(fs_deltagande_set(&d, f[i][0], f[i][1],
		    strlen(f[i][1]), &err), FS_OK);
	if (fs_deltagande_register(db, p, ins, &d, &warn, &err) != FS_OK)
		fail_msg("register: %s: %s", err.field, err.msg);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct fs_err err = FS_ERR_INIT;
	struct fs_pnr anna, bo, cleo, dan, eva, fia, gus, hugo, ida;
	size_t n;

	if (f == NULL || test_db_open(&f->t) != 0)
		return -1;
	make_forbund(f->t.db, "SV", "Samordningsförbundet Södra Vätterbygden",
	    "222000-1339", "0680", &f->sv);
	make_forbund(f->t.db, "FV", "Finnvedens samordningsförbund",
	    "222000-1347", "0662", &f->fv);
	make_forbund(f->t.db, "ST", "Samordningsförbundet Stockholm",
	    "222000-1354", "0180", &f->st);
	pnr("19900515", 982, &anna);
	pnr("19851102", 991, &bo);
	pnr("20000101", 984, &cleo);
	pnr("19990707", 993, &dan);
	pnr("19950303", 986, &eva);
	pnr("19800808", 988, &fia);
	pnr("19700101", 995, &gus);
	pnr("20010202", 997, &hugo);
	pnr("19600606", 980, &ida);
	reg(f->t.db, &anna, &f->sv, "2021-01-10", "2021-06-30", "planenligt",
	    "grundskola", "3_9", "0", "0", "50", "0");
	reg(f->t.db, &anna, &f->sv, "2021-08-01", "2021-11-30", "arbete",
	    "grundskola", "3_9", "0", "0", "100", "20");
	reg(f->t.db, &bo, &f->sv, "2020-05-01", "2021-02-28", "studier",
	    "eftergymnasial", "over_9", "25", "", "", "100");
	reg(f->t.db, &cleo, &f->sv, "2021-02-01", "2021-12-31", "avbrott",
	    "", "", "", "", "", "");
	reg(f->t.db, &dan, &f->sv, "2021-03-01", "2021-04-01",
	    "felregistrering", "gymnasium", "1_3", "", "", "100", "");
	reg(f->t.db, &eva, &f->sv, "2021-03-01", "", "", "gymnasium", "ingen",
	    "", "", "", "");
	reg(f->t.db, &fia, &f->sv, "2020-01-15", "2020-12-31", "ohalsa",
	    "gymnasium", "under_1", "0", "0", "0", "0");
	reg(f->t.db, &gus, &f->fv, "2021-01-01", "2021-05-31", "arbete",
	    "forgymnasial_under_9", "over_9", "0", "", "100", "");
	reg(f->t.db, &gus, &f->fv, "2021-06-15", "2021-09-30", "planenligt",
	    "forgymnasial_under_9", "over_9", "0", "0", "60", "60");
	reg(f->t.db, &anna, &f->fv, "2021-02-01", "2021-03-31", "ovrigt",
	    "grundskola", "3_9", "0", "0", "0", "0");
	reg(f->t.db, &hugo, &f->st, "2021-04-01", "2021-10-31", "arbete",
	    "gymnasium", "1_3", "0", "0", "30", "0");
	reg(f->t.db, &ida, &f->st, "2021-05-01", "2022-01-15", "planenligt",
	    "okand", "okand", "", "", "", "");
	if (fs_person_deidentify(f->t.db, &gus, FS_DEIDENT_SAMTYCKE_ATERKALLAT,
	    &n, &err) != FS_OK || n != 2) {
		fprintf(stderr, "deidentify: %s: %s\n", err.field, err.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	fs_insats_release(&f->sv);
	fs_insats_release(&f->fv);
	fs_insats_release(&f->st);
	test_db_close(&f->t);
	free(f);
	return 0;
}

static void
assert_same(const struct fs_utfall *a, const struct fs_utfall *b,
    const char *what)
{
	for (int m = 0; m < FS_UTFALL__MAX; m++)
		for (int c = 0; c < FS_COL__MAX; c++)
			if (a->cell[m][c].taljare != b->cell[m][c].taljare ||
			    a->cell[m][c].namnare != b->cell[m][c].namnare)
				fail_msg("%s: %s/%s: %lld/%lld vs %lld/%lld",
				    what, fs_utfall_key(
				    (enum fs_utfall_measure)m),
				    fs_utfall_col_key((enum fs_utfall_col)c),
				    (long long)a->cell[m][c].taljare,
				    (long long)a->cell[m][c].namnare,
				    (long long)b->cell[m][c].taljare,
				    (long long)b->cell[m][c].namnare);
	assert_int_equal(a->level, b->level);
	assert_string_equal(a->kod, b->kod);
	assert_string_equal(a->namn, b->namn);
	assert_int_equal(a->fran, b->fran);
	assert_int_equal(a->till, b->till);
}

/* Give want the level and period of got (the pure core has none). */
static void
copy_head(struct fs_utfall *want, const struct fs_utfall *got)
{
	want->level = got->level;
	memcpy(want->kod, got->kod, sizeof(want->kod));
	memcpy(want->namn, got->namn, sizeof(want->namn));
	want->fran = got->fran;
	want->till = got->till;
}

static const struct {
	enum fs_report_level	 level;
	const char		*kod;
} levels[] = {
	{ FS_LEVEL_RIKET, NULL },
	{ FS_LEVEL_LAN, "06" },
	{ FS_LEVEL_LAN, "01" },
	{ FS_LEVEL_LAN, "25" },		/* a län without förbund */
	{ FS_LEVEL_FORBUND, "SV" },
	{ FS_LEVEL_FORBUND, "FV" },
	{ FS_LEVEL_FORBUND, "ST" },
};

static const char *const periods[][2] = {
	{ "2021-01-01", "2021-12-31" },
	{ "2020-01-01", "2022-12-31" },
	{ "2021-02-28", "2021-02-28" },
	{ "2021-06-30", "2021-09-30" },
	{ "2030-01-01", "2030-12-31" },
};

/* Snapshot and SQL agree on every cell of every level and period. */
static void
assert_all_agree(struct fs_db *db, const char *what)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_report_query q;
	struct fs_utfall a, b;

	for (size_t l = 0; l < FS_NELEM(levels); l++)
		for (size_t p = 0; p < FS_NELEM(periods); p++) {
			q.level = levels[l].level;
			q.kod = levels[l].kod;
			q.fran = D(periods[p][0]);
			q.till = D(periods[p][1]);
			if (fs_report_utfall(db, &q, &a, &err) != FS_OK)
				fail_msg("%s: %s: %s", what, err.field,
				    err.msg);
			assert_int_equal(fs_report_utfall_sql(db, &q, &b,
			    &err), FS_OK);
			assert_same(&a, &b, what);
		}
}

/* The generation of the cached snapshot, or -1 when there is none. */
static int64_t
cache_generation(struct fs_db *db)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_stmt *s;
	int64_t gen = -1;
	bool row;

	assert_int_equal(fs_store_stmt(db->store, FS_STMT_REPORT_CACHE_GET,
	    &s, &err), FS_OK);
	fs_stmt_bind_str(s, 1, "utfall");
	assert_int_equal(fs_stmt_step(s, &row, &err), FS_OK);
	if (row)
		gen = fs_stmt_col_i64(s, 0);
	fs_stmt_reset(s);
	return gen;
}

static int64_t
generation(struct fs_db *db)
{
	struct fs_err err = FS_ERR_INIT;
	int64_t gen;

	assert_int_equal(fs_db_generation(db, &gen, &err), FS_OK);
	return gen;
}

/* Replace the cache by blob p[0..len) tagged with generation gen. */
static void
put_cache(struct fs_db *db, const void *p, size_t len, int64_t gen)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_stmt *s;

	/* The stored snapshot changes behind the library's back. */
	fs_report_forget(db);

	assert_int_equal(fs_store_stmt(db->store, FS_STMT_REPORT_CACHE_CLEAR,
	    &s, &err), FS_OK);
	fs_stmt_bind_str(s, 1, "utfall");
	assert_int_equal(fs_stmt_exec(s, &err), FS_OK);
	assert_int_equal(fs_store_stmt(db->store, FS_STMT_REPORT_CACHE_PUT,
	    &s, &err), FS_OK);
	fs_stmt_bind_str(s, 1, "utfall");
	fs_stmt_bind_i64(s, 2, 0);
	fs_stmt_bind_i64(s, 3, gen);
	fs_stmt_bind_blob(s, 4, p, len);
	assert_int_equal(fs_stmt_exec(s, &err), FS_OK);
}

static struct fs_report_query
query(enum fs_report_level level, const char *kod, const char *fran,
    const char *till)
{
	struct fs_report_query q;

	q.level = level;
	q.kod = kod;
	q.fran = D(fran);
	q.till = D(till);
	return q;
}

static void
test_db_report_counts_by_hand(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_report_query q;
	struct fs_utfall u;

	q = query(FS_LEVEL_RIKET, NULL, "2021-01-01", "2021-12-31");
	assert_int_equal(fs_report_utfall(f->t.db, &q, &u, &err), FS_OK);
	/*
	 * Finished in 2021, not felregistrering: anna x 3 (SV, SV, FV),
	 * cleo; bo, gus x 2 (de-identified: two persons), hugo.
	 */
	assert_row(&u, FS_UTFALL_ANTAL, 8, 1, 4, 1, 4, 1);
	assert_row(&u, FS_UTFALL_ANTAL_UNIKA, 6, 1, 2, 1, 4, 1);
	/* Work after: anna 50, 100; gus 100, 60; hugo 30. */
	assert_row(&u, FS_UTFALL_HELTID_ARBETE, 340, 100, 150, 100, 190, 100);
	/*
	 * anna 50 + min(100, 120) + 0, cleo 0; bo 100, gus 100 +
	 * min(100, 120), hugo 30.
	 */
	assert_row(&u, FS_UTFALL_HELTID_ARBETE_STUDIER, 480, 100, 150, 100,
	    330, 100);
	assert_int_equal(u.level, FS_LEVEL_RIKET);
	assert_string_equal(u.namn, "Riket");

	q = query(FS_LEVEL_LAN, "06", "2021-01-01", "2021-12-31");
	assert_int_equal(fs_report_utfall(f->t.db, &q, &u, &err), FS_OK);
	assert_row(&u, FS_UTFALL_ANTAL, 7, 1, 4, 1, 3, 1);
	assert_string_equal(u.namn, "Jönköpings län");
	assert_string_equal(u.kod, "06");

	q = query(FS_LEVEL_FORBUND, "SV", "2021-01-01", "2021-12-31");
	assert_int_equal(fs_report_utfall(f->t.db, &q, &u, &err), FS_OK);
	assert_row(&u, FS_UTFALL_ANTAL, 4, 1, 3, 1, 1, 1);
	assert_row(&u, FS_UTFALL_ANTAL_UNIKA, 3, 1, 2, 1, 1, 1);
	assert_string_equal(u.namn, "Samordningsförbundet Södra Vätterbygden");
}

static void
test_db_snapshot_and_sql_agree_on_every_cell(void **state)
{
	struct fixture *f = *state;

	assert_all_agree(f->t.db, "first");
}

static void
test_db_cache_is_stored_and_reused_until_a_write(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_report_query q;
	struct fs_utfall a, b;
	struct fs_pnr jon;
	int64_t gen0;

	q = query(FS_LEVEL_RIKET, NULL, "2021-01-01", "2021-12-31");
	assert_int_equal(cache_generation(f->t.db), -1);
	assert_int_equal(fs_report_utfall(f->t.db, &q, &a, &err), FS_OK);
	gen0 = generation(f->t.db);
	assert_int_equal(cache_generation(f->t.db), gen0);
	/* Second call: from the cache, same figures. */
	assert_int_equal(fs_report_utfall(f->t.db, &q, &b, &err), FS_OK);
	assert_same(&a, &b, "cached");
	assert_all_agree(f->t.db, "cached");

	/* A write bumps the generation; the next report sees it. */
	pnr("19920404", 999, &jon);
	reg(f->t.db, &jon, &f->st, "2021-03-01", "2021-07-31", "arbete",
	    "gymnasium", "1_3", "0", "0", "100", "0");
	assert_true(generation(f->t.db) > gen0);
	assert_int_equal(fs_report_utfall(f->t.db, &q, &b, &err), FS_OK);
	assert_int_equal(b.cell[FS_UTFALL_ANTAL][FS_COL_MAN].taljare,
	    a.cell[FS_UTFALL_ANTAL][FS_COL_MAN].taljare + 1);
	assert_int_equal(cache_generation(f->t.db), generation(f->t.db));
	assert_all_agree(f->t.db, "after write");
}

/*
 * The documented 40-byte snapshot header (report_utfall.c): magic,
 * byte order, row size, rows, persons, förbund, row parts.
 */
static void
header(unsigned char h[40], uint64_t nrows, uint32_t nparts)
{
	uint32_t v32;

	memset(h, 0, 40);
	memcpy(h, "fsutf02", 8);
	v32 = 0x01020304u;
	memcpy(h + 8, &v32, 4);
	v32 = (uint32_t)sizeof(struct fs_utfall_row);
	memcpy(h + 12, &v32, 4);
	memcpy(h + 16, &nrows, 8);
	memcpy(h + 32, &nparts, 4);
}

/*
 * A well-formed empty snapshot planted under the current generation is
 * what the report reads: proof that the cache is used, not rebuilt.
 */
static void
test_db_report_reads_a_current_cache(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_report_query q;
	struct fs_utfall u;
	unsigned char h[40];

	header(h, 0, 0);
	put_cache(f->t.db, h, sizeof(h), generation(f->t.db));
	q = query(FS_LEVEL_RIKET, NULL, "2021-01-01", "2021-12-31");
	assert_int_equal(fs_report_utfall(f->t.db, &q, &u, &err), FS_OK);
	assert_row(&u, FS_UTFALL_ANTAL, 0, 1, 0, 1, 0, 1);

	/* The same blob under an old generation is ignored. */
	put_cache(f->t.db, h, sizeof(h), generation(f->t.db) - 1);
	assert_int_equal(fs_report_utfall(f->t.db, &q, &u, &err), FS_OK);
	assert_row(&u, FS_UTFALL_ANTAL, 8, 1, 4, 1, 4, 1);
}

static void
test_db_malformed_cache_is_rebuilt(void **state)
{
	struct fixture *f = *state;
	static const char junk[] = "inte en ögonblicksbild, bara skräp......";
	unsigned char h[56];
	int32_t day = D("2021-06-30");
	uint32_t one = 1;

	put_cache(f->t.db, junk, sizeof(junk), generation(f->t.db));
	assert_all_agree(f->t.db, "junk");
	/* A header promising rows that no part holds. */
	header(h, 3, 0);
	put_cache(f->t.db, h, 40, generation(f->t.db));
	assert_all_agree(f->t.db, "short");
	/* A directory of one part whose rows are missing. */
	header(h, 1, 1);
	memcpy(h + 40, &day, 4);
	memcpy(h + 44, &day, 4);
	memcpy(h + 48, &one, 4);
	memset(h + 52, 0, 4);
	put_cache(f->t.db, h, sizeof(h), generation(f->t.db));
	assert_all_agree(f->t.db, "missing part");
	assert_int_equal(cache_generation(f->t.db), generation(f->t.db));
}

/* Thirty rows over 2019, every 12th day, in three förbund. */
static void
stream_rows(struct fs_utfall_row rows[30])
{
	int32_t jan1 = D("2019-01-01");

	for (int i = 0; i < 30; i++) {
		struct fs_utfall_row *r = &rows[i];

		memset(r, 0, sizeof(*r));
		r->slutdatum = jan1 + 12 * i;
		r->startdatum = r->slutdatum - 30 - i;
		r->person = (uint32_t)(i % 20);
		r->forbund = (uint16_t)(i % 3);
		r->flags = (uint8_t)((i % 2 == 0 ? K : M) | (i % 3 == 0 ? U30 :
		    0));
		r->koder = FS_UTFALL_KODER(i % 6, i % 7);
		r->arbete_efter = (uint8_t)(i % 5 == 0 ? NONE : i * 17 % 101);
		r->studier_efter = (uint8_t)(i * 29 % 101);
		r->arbete_fore = (uint8_t)(i * 7 % 101);
		r->studier_fore = (uint8_t)(i % 4 == 0 ? NONE : 10);
	}
}

/*
 * Plant a snapshot of the 30 rows in three parts of ten (the third
 * replaced by a blob of the wrong size when bad_third), with the
 * fixture's förbund SV, FV, ST as förbund 0, 1, 2.
 */
static void
plant_parts(struct fixture *f, const struct fs_utfall_row rows[30],
    bool bad_third)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_stmt *s;
	unsigned char p0[40 + 3 * 8 + 3 * 16];
	int64_t ids[3] = { f->sv.forbund_id, f->fv.forbund_id,
		f->st.forbund_id };
	int64_t gen = generation(f->t.db);
	uint32_t v32 = 20;

	/* The stored snapshot changes behind the library's back. */
	fs_report_forget(f->t.db);
	/* The fixture creates SV, FV, ST in that order: ids ascend. */
	assert_true(ids[0] < ids[1] && ids[1] < ids[2]);
	header(p0, 30, 3);
	memcpy(p0 + 24, &v32, 4);	/* persons */
	v32 = 3;
	memcpy(p0 + 28, &v32, 4);	/* förbund */
	memcpy(p0 + 40, ids, sizeof(ids));
	for (int i = 0; i < 3; i++) {
		unsigned char *d = p0 + 40 + 24 + 16 * i;

		v32 = 10;
		memcpy(d, &rows[10 * i].slutdatum, 4);
		memcpy(d + 4, &rows[10 * i + 9].slutdatum, 4);
		memcpy(d + 8, &v32, 4);
		memset(d + 12, 0, 4);
	}
	put_cache(f->t.db, p0, sizeof(p0), gen);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(fs_store_stmt(f->t.db->store,
		    FS_STMT_REPORT_CACHE_PUT, &s, &err), FS_OK);
		fs_stmt_bind_str(s, 1, "utfall");
		fs_stmt_bind_i64(s, 2, i + 1);
		fs_stmt_bind_i64(s, 3, gen);
		fs_stmt_bind_blob(s, 4, rows + 10 * i, (i == 2 && bad_third ?
		    9 : 10) * sizeof(*rows));
		assert_int_equal(fs_stmt_exec(s, &err), FS_OK);
	}
}

static void
test_db_report_streams_parts_and_skips_those_outside_the_period(
    void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_utfall_row rows[30];
	struct fs_report_query q;
	struct fs_utfall got, want;
	const uint8_t fv[3] = { 0, 1, 0 };

	stream_rows(rows);
	plant_parts(f, rows, false);
	/* The whole year: every part. */
	q = query(FS_LEVEL_RIKET, NULL, "2019-01-01", "2019-12-31");
	assert_int_equal(fs_report_utfall(f->t.db, &q, &got, &err), FS_OK);
	assert_int_equal(fs_utfall_compute(rows, 30, 20, NULL, 3, q.fran,
	    q.till, &want, &err), FS_OK);
	copy_head(&want, &got);
	assert_same(&got, &want, "riket 2019");
	assert_int_equal(got.cell[FS_UTFALL_ANTAL][FS_COL_TOTALT].taljare, 30);
	/* One förbund. */
	q = query(FS_LEVEL_FORBUND, "FV", "2019-01-01", "2019-12-31");
	assert_int_equal(fs_report_utfall(f->t.db, &q, &got, &err), FS_OK);
	assert_int_equal(fs_utfall_compute(rows, 30, 20, fv, 3, q.fran,
	    q.till, &want, &err), FS_OK);
	copy_head(&want, &got);
	assert_same(&got, &want, "FV 2019");
	assert_int_equal(got.cell[FS_UTFALL_ANTAL][FS_COL_TOTALT].taljare, 10);

	/*
	 * A broken third part (from 2019-08-29) is never read for a
	 * period that ends before it; the second part is cut inside.
	 */
	plant_parts(f, rows, true);
	q = query(FS_LEVEL_RIKET, NULL, "2019-01-01", "2019-06-30");
	assert_int_equal(fs_report_utfall(f->t.db, &q, &got, &err), FS_OK);
	assert_int_equal(fs_utfall_compute(rows, 30, 20, NULL, 3, q.fran,
	    q.till, &want, &err), FS_OK);
	copy_head(&want, &got);
	assert_same(&got, &want, "first half");
	assert_int_equal(got.cell[FS_UTFALL_ANTAL][FS_COL_TOTALT].taljare, 16);
	/* A period that needs it rebuilds from the database: none in 2019. */
	q = query(FS_LEVEL_RIKET, NULL, "2019-01-01", "2019-12-31");
	assert_int_equal(fs_report_utfall(f->t.db, &q, &got, &err), FS_OK);
	assert_int_equal(got.cell[FS_UTFALL_ANTAL][FS_COL_TOTALT].taljare, 0);
	assert_all_agree(f->t.db, "after broken part");
}

static void
test_db_refresh_builds_the_cache(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;

	assert_int_equal(cache_generation(f->t.db), -1);
	assert_int_equal(fs_report_utfall_refresh(f->t.db, &err), FS_OK);
	assert_int_equal(cache_generation(f->t.db), generation(f->t.db));
	/* Again: already current, nothing to do. */
	assert_int_equal(fs_report_utfall_refresh(f->t.db, &err), FS_OK);
	assert_all_agree(f->t.db, "refreshed");
}

static void
test_db_report_inside_a_transaction_computes_without_storing(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_report_query q;
	struct fs_utfall a, b;
	bool own;

	q = query(FS_LEVEL_FORBUND, "FV", "2021-01-01", "2021-12-31");
	assert_int_equal(fs_db_tx_begin(f->t.db, &own, &err), FS_OK);
	assert_true(own);
	assert_int_equal(fs_report_utfall(f->t.db, &q, &a, &err), FS_OK);
	assert_int_equal(cache_generation(f->t.db), -1);
	assert_int_equal(fs_report_utfall_sql(f->t.db, &q, &b, &err), FS_OK);
	assert_same(&a, &b, "in transaction");
	assert_int_equal(fs_db_tx_end(f->t.db, own, FS_OK, &err), FS_OK);
	assert_row(&a, FS_UTFALL_ANTAL, 3, 1, 1, 1, 2, 1);
	assert_row(&a, FS_UTFALL_ANTAL_UNIKA, 3, 1, 1, 1, 2, 1);
}

/*
 * Every allocation of a report, failed in turn: the report returns
 * FS_ENOMEM or succeeds, never crashes or leaks, and the next report
 * is right.
 */
static void
test_db_report_survives_each_allocation_failure(void **state)
{
	struct fixture *f = *state;
	struct fs_report_query q;
	struct fs_utfall u, want;
	struct fs_buf b;
	enum fs_rc rc;
	size_t nok = 0;

	q = query(FS_LEVEL_LAN, "06", "2021-01-01", "2021-12-31");
	assert_int_equal(fs_report_utfall_sql(f->t.db, &q, &want, NULL),
	    FS_OK);
	/*
	 * Not stopping at the first success: a failure while storing the
	 * cache still gives the report.  A report makes far fewer than 100
	 * allocations.
	 */
	for (unsigned long n = 1; n <= 100; n++) {
		struct fs_err err = FS_ERR_INIT;

		/* A stale cache makes every call build the snapshot. */
		assert_int_equal(fs_db_bump_generation(f->t.db, &err), FS_OK);
		fs_alloc_fail_after(n);
		rc = fs_report_utfall(f->t.db, &q, &u, &err);
		fs_alloc_fail_after(0);
		if (rc != FS_OK) {
			assert_int_equal(rc, FS_ENOMEM);
		} else {
			assert_same(&u, &want, "after failures");
			nok++;
		}
	}
	assert_true(nok > 0 && nok < 100);
	/* The cached path and the output, likewise. */
	nok = 0;
	for (unsigned long n = 1; n <= 100; n++) {
		struct fs_err err = FS_ERR_INIT;

		fs_buf_init(&b, 0);
		fs_alloc_fail_after(n);
		rc = fs_report_utfall(f->t.db, &q, &u, &err);
		if (rc == FS_OK)
			rc = fs_report_utfall_write(&u, FS_REPORT_TEXT, &b,
			    &err);
		fs_alloc_fail_after(0);
		if (rc != FS_OK)
			assert_int_equal(rc, FS_ENOMEM);
		else
			nok++;
		fs_buf_release(&b);
	}
	assert_true(nok > 0 && nok < 100);
	assert_all_agree(f->t.db, "after allocation failures");
}

static void
test_db_bad_queries_name_the_field(void **state)
{
	static const struct {
		enum fs_report_level	 level;
		const char		*kod, *fran, *till;
		enum fs_rc		 rc;
		const char		*field;
	} cases[] = {
		{ FS_LEVEL_FORBUND, "XX", "2021-01-01", "2021-12-31",
		    FS_ENOTFOUND, "forbund" },
		{ FS_LEVEL_FORBUND, NULL, "2021-01-01", "2021-12-31",
		    FS_EINVAL, "forbund" },
		{ FS_LEVEL_FORBUND, "", "2021-01-01", "2021-12-31",
		    FS_EINVAL, "forbund" },
		{ FS_LEVEL_LAN, "99", "2021-01-01", "2021-12-31",
		    FS_ENOTFOUND, "lan" },
		{ FS_LEVEL_LAN, "061", "2021-01-01", "2021-12-31",
		    FS_ENOTFOUND, "lan" },
		{ FS_LEVEL_LAN, NULL, "2021-01-01", "2021-12-31",
		    FS_EINVAL, "lan" },
		{ FS_LEVEL_RIKET, NULL, "2021-12-31", "2021-01-01",
		    FS_EINVAL, "till" },
		{ FS_LEVEL_FORBUND, "SV", "2021-12-31", "2021-12-30",
		    FS_EINVAL, "till" },
	};
	struct fixture *f = *state;
	struct fs_report_query q;
	struct fs_utfall u;

	for (size_t i = 0; i < FS_NELEM(cases); i++) {
		struct fs_err err = FS_ERR_INIT;

		q = query(cases[i].level, cases[i].kod, cases[i].fran,
		    cases[i].till);
		assert_int_equal(fs_report_utfall(f->t.db, &q, &u, &err),
		    cases[i].rc);
		assert_string_equal(err.field, cases[i].field);
		fs_err_clear(&err);
		assert_int_equal(fs_report_utfall_sql(f->t.db, &q, &u, &err),
		    cases[i].rc);
		assert_string_equal(err.field, cases[i].field);
	}
	/* A missing date. */
	{
		struct fs_err err = FS_ERR_INIT;

		q = query(FS_LEVEL_RIKET, NULL, "2021-01-01", "2021-12-31");
		q.fran = FS_DATE_NONE;
		assert_int_equal(fs_report_utfall(f->t.db, &q, &u, &err),
		    FS_EINVAL);
		assert_string_equal(err.field, "fran");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_core_computes_every_measure_by_hand),
		cmocka_unit_test(test_core_filters_on_forbund_mask),
		cmocka_unit_test(test_core_period_is_inclusive_on_slutdatum),
		cmocka_unit_test(
		    test_core_empty_population_gives_zero_counts_and_undefined_shares),
		cmocka_unit_test(
		    test_core_row_of_neither_sex_counts_in_totalt_only),
		cmocka_unit_test(test_core_refuses_bad_input),
		cmocka_unit_test(test_range_finds_the_period_in_sorted_rows),
		cmocka_unit_test(test_core_reproduces_sodra_vatterbygden_2019),
		cmocka_unit_test(
		    test_json_has_exact_numerators_and_denominators),
		cmocka_unit_test(test_json_riket_has_no_code),
		cmocka_unit_test(
		    test_text_table_has_swedish_numbers_and_footnotes),
		cmocka_unit_test(test_text_shows_dash_for_undefined_share),
		cmocka_unit_test(test_csv_plain_has_commas_and_decimal_point),
		cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_measure_tables_have_no_holes),
		cmocka_unit_test_setup_teardown(test_db_report_counts_by_hand,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_db_snapshot_and_sql_agree_on_every_cell, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_db_cache_is_stored_and_reused_until_a_write, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_db_report_reads_a_current_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_db_malformed_cache_is_rebuilt, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_db_report_streams_parts_and_skips_those_outside_the_period,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_db_refresh_builds_the_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_db_report_inside_a_transaction_computes_without_storing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_db_report_survives_each_allocation_failure, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_db_bad_queries_name_the_field, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
