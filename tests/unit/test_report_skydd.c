/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of disclosure control for the outcome report
 * (report_skydd.c and the publishable output of report_utfall_out.c):
 * hand-built tables where the hidden cells are worked out by hand, a
 * property test over random tables that no hidden cell can be
 * recovered from the shown cells of its triple and that no count 1..k-1
 * is shown, the publishable formats, and the installation's threshold
 * in the database.
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

#include "finsam/buf.h"
#include "finsam/err.h"
#include "finsam/report.h"
#include "testutil.h"

#define T FS_COL_TOTALT
#define K FS_COL_KVINNOR
#define M FS_COL_MAN

/* What one column counts, as the computation core accumulates it. */
struct col {
	int64_t	 n, unika, u30, fors, grund, eftg, dagar;
	int64_t	 arb, arbpct, as, aspct, okat;
};

/* A column of n participations, every figure a plain fraction of n. */
static struct col
col_of(int64_t n)
{
	struct col c;

	c.n = n;
	c.unika = n;
	c.u30 = n / 2;
	c.fors = n / 2;
	c.grund = n / 2;
	c.eftg = n / 2;
	c.dagar = 100 * n;
	c.arb = n / 2;
	c.arbpct = 50 * (n / 2);
	c.as = n / 2;
	c.aspct = 60 * (n / 2);
	c.okat = n / 2;
	return c;
}

static struct col
col_add(struct col a, struct col b)
{
	struct col c;

	c.n = a.n + b.n;
	c.unika = a.unika + b.unika;
	c.u30 = a.u30 + b.u30;
	c.fors = a.fors + b.fors;
	c.grund = a.grund + b.grund;
	c.eftg = a.eftg + b.eftg;
	c.dagar = a.dagar + b.dagar;
	c.arb = a.arb + b.arb;
	c.arbpct = a.arbpct + b.arbpct;
	c.as = a.as + b.as;
	c.aspct = a.aspct + b.aspct;
	c.okat = a.okat + b.okat;
	return c;
}

static void
set_col(struct fs_utfall *u, int c, const struct col *a, int64_t ntot)
{
#define SET(m, t, d) do { \
	u->cell[(m)][c].taljare = (t); \
	u->cell[(m)][c].namnare = (d); \
} while (0)
	SET(FS_UTFALL_ANTAL, a->n, 1);
	SET(FS_UTFALL_FORDELNING, a->n, ntot);
	SET(FS_UTFALL_ANTAL_UNIKA, a->unika, 1);
	SET(FS_UTFALL_UNDER_30, a->u30, a->n);
	SET(FS_UTFALL_FORSORJNING_3AR, a->fors, a->n);
	SET(FS_UTFALL_GRUNDSKOLA, a->grund, a->n);
	SET(FS_UTFALL_EFTERGYMNASIAL, a->eftg, a->n);
	SET(FS_UTFALL_INSKRIVNINGSTID, a->dagar, a->n);
	SET(FS_UTFALL_ANTAL_ARBETE, a->arb, 1);
	SET(FS_UTFALL_HELTID_ARBETE, a->arbpct, 100);
	SET(FS_UTFALL_ANDEL_ARBETE, a->arb, a->n);
	SET(FS_UTFALL_ANTAL_ARBETE_STUDIER, a->as, 1);
	SET(FS_UTFALL_HELTID_ARBETE_STUDIER, a->aspct, 100);
	SET(FS_UTFALL_ANTAL_OKAT, a->okat, 1);
#undef SET
}

/* The table of women kv, men ma and participations of neither sex o. */
static void
build(struct fs_utfall *u, const struct col *kv, const struct col *ma,
    const struct col *o)
{
	struct col tot = col_add(col_add(*kv, *ma), *o);

	memset(u, 0, sizeof(*u));
	u->level = FS_LEVEL_FORBUND;
	snprintf(u->kod, sizeof(u->kod), "TEST");
	snprintf(u->namn, sizeof(u->namn), "Testförbundet");
	u->fran = 18262;
	u->till = 18627;
	set_col(u, T, &tot, tot.n);
	set_col(u, K, kv, tot.n);
	set_col(u, M, ma, tot.n);
}

static void
build2(struct fs_utfall *u, const struct col *kv, const struct col *ma)
{
	struct col none;

	memset(&none, 0, sizeof(none));
	build(u, kv, ma, &none);
}

static void
mark(const struct fs_utfall *u, int k, struct fs_utfall_skydd *s)
{
	struct fs_err err = FS_ERR_INIT;

	assert_int_equal(fs_utfall_skydda(u, k, s, &err), FS_OK);
	assert_int_equal(s->k, k);
}

static void
assert_column(const struct fs_utfall_skydd *s, int c, bool hid)
{
	for (int m = 0; m < FS_UTFALL__MAX; m++)
		if (hid)
			assert_int_not_equal(s->cell[m][c], FS_SKYDD_VISAS);
		else
			assert_int_equal(s->cell[m][c], FS_SKYDD_VISAS);
}

static void
test_large_table_shows_everything(void **state)
{
	struct col kv = col_of(20), ma = col_of(30);
	struct fs_utfall u;
	struct fs_utfall_skydd s;

	(void)state;
	build2(&u, &kv, &ma);
	mark(&u, 5, &s);
	for (int c = 0; c < FS_COL__MAX; c++)
		assert_column(&s, c, false);
}

static void
test_column_under_k_is_hidden_with_the_other_sex(void **state)
{
	struct col kv = col_of(3), ma = col_of(20);
	struct fs_utfall u;
	struct fs_utfall_skydd s;

	(void)state;
	build2(&u, &kv, &ma);
	mark(&u, 5, &s);
	/* Kvinnor: Antal 3 is "<5", the 1s among its counts too. */
	assert_int_equal(s.cell[FS_UTFALL_ANTAL][K], FS_SKYDD_LITEN);
	assert_int_equal(s.cell[FS_UTFALL_ANTAL_UNIKA][K], FS_SKYDD_LITEN);
	assert_int_equal(s.cell[FS_UTFALL_ANTAL_ARBETE][K], FS_SKYDD_LITEN);
	assert_int_equal(s.cell[FS_UTFALL_FORDELNING][K], FS_SKYDD_DOLD);
	assert_int_equal(s.cell[FS_UTFALL_INSKRIVNINGSTID][K], FS_SKYDD_DOLD);
	assert_int_equal(s.cell[FS_UTFALL_HELTID_ARBETE][K], FS_SKYDD_DOLD);
	assert_column(&s, K, true);
	/* Män: 23 - 20 would give 3 back, so Män goes too ("..") ... */
	assert_int_equal(s.cell[FS_UTFALL_ANTAL][M], FS_SKYDD_DOLD);
	assert_int_equal(s.cell[FS_UTFALL_UNDER_30][M], FS_SKYDD_DOLD);
	assert_column(&s, M, true);
	/* ... and Totalt stays. */
	assert_column(&s, T, false);
}

static void
test_share_numerator_under_k_hides_share_of_both_sexes(void **state)
{
	struct col kv = col_of(20), ma = col_of(30);
	struct fs_utfall u;
	struct fs_utfall_skydd s;

	(void)state;
	kv.u30 = 2;
	build2(&u, &kv, &ma);
	mark(&u, 5, &s);
	assert_int_equal(s.cell[FS_UTFALL_UNDER_30][K], FS_SKYDD_DOLD);
	assert_int_equal(s.cell[FS_UTFALL_UNDER_30][M], FS_SKYDD_DOLD);
	assert_int_equal(s.cell[FS_UTFALL_UNDER_30][T], FS_SKYDD_VISAS);
	for (int m = 0; m < FS_UTFALL__MAX; m++)
		for (int c = 0; c < FS_COL__MAX; c++)
			if (m != FS_UTFALL_UNDER_30 || c == T)
				assert_int_equal(s.cell[m][c], FS_SKYDD_VISAS);
}

static void
test_small_count_of_workers_hides_its_share_and_fte(void **state)
{
	struct col kv = col_of(20), ma = col_of(30);
	struct fs_utfall u;
	struct fs_utfall_skydd s;

	(void)state;
	kv.arb = 3;
	kv.arbpct = 250;
	build2(&u, &kv, &ma);
	mark(&u, 5, &s);
	assert_int_equal(s.cell[FS_UTFALL_ANTAL_ARBETE][K], FS_SKYDD_LITEN);
	assert_int_equal(s.cell[FS_UTFALL_ANDEL_ARBETE][K], FS_SKYDD_DOLD);
	assert_int_equal(s.cell[FS_UTFALL_HELTID_ARBETE][K], FS_SKYDD_DOLD);
	/* One-sided: Totalt - Män would give the 3 back. */
	assert_int_equal(s.cell[FS_UTFALL_ANTAL_ARBETE][M], FS_SKYDD_DOLD);
	assert_int_equal(s.cell[FS_UTFALL_ANDEL_ARBETE][M], FS_SKYDD_DOLD);
	assert_int_equal(s.cell[FS_UTFALL_HELTID_ARBETE][M], FS_SKYDD_DOLD);
	assert_int_equal(s.cell[FS_UTFALL_ANTAL_ARBETE][T], FS_SKYDD_VISAS);
	assert_int_equal(s.cell[FS_UTFALL_ANDEL_ARBETE][T], FS_SKYDD_VISAS);
	assert_int_equal(s.cell[FS_UTFALL_HELTID_ARBETE][T], FS_SKYDD_VISAS);
	assert_int_equal(s.cell[FS_UTFALL_ANTAL][K], FS_SKYDD_VISAS);
	assert_int_equal(s.cell[FS_UTFALL_ANTAL_ARBETE_STUDIER][K],
	    FS_SKYDD_VISAS);
}

static void
test_zeros_are_shown(void **state)
{
	struct col kv = col_of(20), ma = col_of(30);
	struct fs_utfall u;
	struct fs_utfall_skydd s;

	(void)state;
	kv.arb = 0;
	kv.arbpct = 0;
	kv.u30 = 0;
	ma.okat = 0;
	build2(&u, &kv, &ma);
	mark(&u, 5, &s);
	for (int c = 0; c < FS_COL__MAX; c++)
		assert_column(&s, c, false);
}

static void
test_empty_table_is_shown(void **state)
{
	struct fs_utfall u;
	struct fs_utfall_skydd s;

	(void)state;
	memset(&u, 0, sizeof(u));
	mark(&u, 5, &s);
	for (int c = 0; c < FS_COL__MAX; c++)
		assert_column(&s, c, false);
}

static void
test_total_under_k_hides_everything(void **state)
{
	struct col kv = col_of(1), ma = col_of(3);
	struct fs_utfall u;
	struct fs_utfall_skydd s;

	(void)state;
	build2(&u, &kv, &ma);
	mark(&u, 5, &s);
	for (int c = 0; c < FS_COL__MAX; c++) {
		assert_column(&s, c, true);
		assert_int_equal(s.cell[FS_UTFALL_ANTAL][c], FS_SKYDD_LITEN);
	}
}

static void
test_k_is_configurable(void **state)
{
	struct col kv = col_of(20), ma = col_of(30);
	struct fs_utfall u;
	struct fs_utfall_skydd s;
	struct fs_err err = FS_ERR_INIT;

	(void)state;
	kv.okat = 4;
	build2(&u, &kv, &ma);
	mark(&u, 3, &s);
	assert_int_equal(s.cell[FS_UTFALL_ANTAL_OKAT][K], FS_SKYDD_VISAS);
	mark(&u, 5, &s);
	assert_int_equal(s.cell[FS_UTFALL_ANTAL_OKAT][K], FS_SKYDD_LITEN);
	/* With k 25 Kvinnor (20) is a small column, and Män goes with it. */
	mark(&u, 25, &s);
	assert_int_equal(s.cell[FS_UTFALL_ANTAL][K], FS_SKYDD_LITEN);
	assert_column(&s, K, true);
	assert_column(&s, M, true);
	assert_int_equal(s.cell[FS_UTFALL_ANTAL][T], FS_SKYDD_VISAS);
	assert_int_equal(s.cell[FS_UTFALL_ANTAL_UNIKA][T], FS_SKYDD_VISAS);
	/* Totalt's Antal ökat, 4 + 15, is under 25. */
	assert_int_equal(s.cell[FS_UTFALL_ANTAL_OKAT][T], FS_SKYDD_LITEN);
	assert_int_equal(fs_utfall_skydda(&u, 1, &s, &err), FS_EINVAL);
	assert_string_equal(err.field, "k");
	fs_err_clear(&err);
	assert_int_equal(fs_utfall_skydda(&u, FS_SKYDD_K_MAX + 1, &s, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "k");
}

static void
test_small_group_of_neither_sex_hides_both_sexes(void **state)
{
	struct col kv = col_of(20), ma = col_of(30), o = col_of(2);
	struct fs_utfall u;
	struct fs_utfall_skydd s;

	(void)state;
	build(&u, &kv, &ma, &o);
	mark(&u, 5, &s);
	/* Totalt - Kvinnor - Män would be the 2 of neither sex. */
	assert_int_equal(s.cell[FS_UTFALL_ANTAL][K], FS_SKYDD_DOLD);
	assert_int_equal(s.cell[FS_UTFALL_ANTAL][M], FS_SKYDD_DOLD);
	assert_column(&s, T, false);
}

static void
test_mask_sets_hidden_cells_undefined(void **state)
{
	struct col kv = col_of(3), ma = col_of(20);
	struct fs_utfall u, masked;
	struct fs_utfall_skydd s;

	(void)state;
	build2(&u, &kv, &ma);
	mark(&u, 5, &s);
	fs_utfall_skydd_mask(&u, &s, &masked);
	for (int m = 0; m < FS_UTFALL__MAX; m++) {
		assert_int_equal(masked.cell[m][K].namnare, 0);
		assert_int_equal(masked.cell[m][K].taljare, 0);
		assert_int_equal(masked.cell[m][T].taljare,
		    u.cell[m][T].taljare);
	}
	assert_string_equal(masked.namn, u.namn);
}

/* ---- property test over random tables ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* 0..n-1, more often small. */
static int64_t
rnd(int64_t n)
{
	if (n <= 0)
		return 0;
	if (rng() % 3 == 0)
		return (int64_t)(rng() % (uint64_t)(n < 8 ? n : 8));
	return (int64_t)(rng() % (uint64_t)n);
}

static struct col
col_random(int64_t max)
{
	struct col c;

	c.n = rnd(max);
	c.unika = c.n - rnd(c.n / 3 + 1);
	c.u30 = rnd(c.n + 1);
	c.fors = rnd(c.n + 1);
	c.grund = rnd(c.n + 1);
	c.eftg = rnd(c.n + 1 - c.grund);
	c.dagar = c.n * (int64_t)(rng() % 400);
	c.as = rnd(c.n + 1);
	c.arb = rnd(c.as + 1);
	c.arbpct = c.arb * (int64_t)(1 + rng() % 100);
	c.aspct = c.arbpct + (c.as - c.arb) * 50;
	c.okat = rnd(c.as + 1);
	return c;
}

static bool
hid(const struct fs_utfall_skydd *s, int m, int c)
{
	return s->cell[m][c] != FS_SKYDD_VISAS;
}

static bool
rowcount(int m)
{
	return fs_utfall_kind((enum fs_utfall_measure)m) == FS_KIND_COUNT;
}

/* Every rule a publishable table must keep, checked on u marked s. */
static void
check_safe(const struct fs_utfall *u, const struct fs_utfall_skydd *s)
{
	int64_t k = s->k, v, o;
	int h;

	for (int m = 0; m < FS_UTFALL__MAX; m++) {
		enum fs_utfall_kind kind = fs_utfall_kind(
		    (enum fs_utfall_measure)m);

		for (int c = 0; c < FS_COL__MAX; c++) {
			v = u->cell[m][c].taljare;
			/* "<k" only on counts 1..k-1. */
			if (s->cell[m][c] == FS_SKYDD_LITEN)
				assert_true(rowcount(m) && v >= 1 && v < k);
			if (hid(s, m, c))
				continue;
			/* No shown count or share numerator 1..k-1. */
			if (kind == FS_KIND_COUNT || kind == FS_KIND_SHARE)
				assert_false(v >= 1 && v < k);
			/* No shown figure over a hidden Antal. */
			assert_false(hid(s, FS_UTFALL_ANTAL, c));
		}
	}
	for (int c = 0; c < FS_COL__MAX; c++) {
		if (!hid(s, FS_UTFALL_FORDELNING, c))
			assert_false(hid(s, FS_UTFALL_ANTAL, T));
		/* Andel i förvärvsarbete has the numerator of row 9. */
		assert_int_equal(hid(s, FS_UTFALL_ANDEL_ARBETE, c),
		    hid(s, FS_UTFALL_ANTAL_ARBETE, c));
		if (!hid(s, FS_UTFALL_HELTID_ARBETE, c))
			assert_false(u->cell[FS_UTFALL_ANTAL_ARBETE][c].taljare
			    >= 1 && u->cell[FS_UTFALL_ANTAL_ARBETE][c].taljare
			    < k);
		if (!hid(s, FS_UTFALL_HELTID_ARBETE_STUDIER, c))
			assert_false(u->cell[FS_UTFALL_ANTAL_ARBETE_STUDIER][c]
			    .taljare >= 1 && u->cell[
			    FS_UTFALL_ANTAL_ARBETE_STUDIER][c].taljare < k);
	}
	/*
	 * Every additive row: Totalt = Kvinnor + Män + O.  Even for an
	 * attacker who knows O, a hidden cell is determined exactly when
	 * the other two of its triple are shown; that must never happen.
	 * When the O participations are a small group, O must not be
	 * determined either: some cell of the row is hidden.
	 */
	o = u->cell[FS_UTFALL_ANTAL][T].taljare -
	    u->cell[FS_UTFALL_ANTAL][K].taljare -
	    u->cell[FS_UTFALL_ANTAL][M].taljare;
	for (int m = 0; m < FS_UTFALL__MAX; m++) {
		if (m == FS_UTFALL_FORDELNING || m == FS_UTFALL_ANDEL_ARBETE)
			continue;
		for (int c = 0; c < FS_COL__MAX; c++)
			if (hid(s, m, c))
				assert_false(!hid(s, m, (c + 1) % 3) &&
				    !hid(s, m, (c + 2) % 3));
		h = hid(s, m, T) + hid(s, m, K) + hid(s, m, M);
		if (o >= 1 && o < k && u->cell[m][T].taljare !=
		    u->cell[m][K].taljare + u->cell[m][M].taljare)
			assert_true(h >= 2);
	}
}

static void
test_random_tables_leak_no_hidden_cell(void **state)
{
	struct col kv, ma, o;
	struct fs_utfall u;
	struct fs_utfall_skydd s;
	int k, nhidden = 0, nshown = 0;

	(void)state;
	for (int i = 0; i < 20000; i++) {
		kv = col_random(i % 2 == 0 ? 12 : 60);
		ma = col_random(i % 3 == 0 ? 12 : 60);
		memset(&o, 0, sizeof(o));
		if (i % 5 == 0)
			o = col_random(8);
		build(&u, &kv, &ma, &o);
		k = 2 + (int)(rng() % 9);
		mark(&u, k, &s);
		check_safe(&u, &s);
		for (int m = 0; m < FS_UTFALL__MAX; m++)
			for (int c = 0; c < FS_COL__MAX; c++) {
				if (hid(&s, m, c))
					nhidden++;
				else
					nshown++;
			}
	}
	/* The generator exercises both outcomes. */
	assert_true(nhidden > 10000);
	assert_true(nshown > 10000);
}

/* ---- output ---- */

static void
test_json_publishable_has_null_and_no_ratio_for_hidden(void **state)
{
	struct col kv = col_of(3), ma = col_of(20);
	struct fs_utfall u;
	struct fs_utfall_skydd s;
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;
	json_t *root, *cell;
	json_error_t je;

	(void)state;
	build2(&u, &kv, &ma);
	mark(&u, 5, &s);
	fs_buf_init(&b, 0);
	assert_int_equal(fs_report_utfall_write_skyddad(&u, &s,
	    FS_REPORT_JSON, &b, &err), FS_OK);
	root = json_loads(b.buf, 0, &je);
	assert_non_null(root);
	assert_true(json_is_true(json_object_get(root, "publicerbar")));
	assert_int_equal(json_integer_value(json_object_get(root, "k")), 5);
	cell = json_object_get(json_object_get(json_object_get(root, "matt"),
	    "antal"), "kvinnor");
	assert_true(json_is_null(json_object_get(cell, "varde")));
	assert_string_equal(json_string_value(json_object_get(cell,
	    "skyddad")), "<5");
	assert_null(json_object_get(cell, "taljare"));
	cell = json_object_get(json_object_get(json_object_get(root, "matt"),
	    "andel_arbete"), "man");
	assert_true(json_is_null(json_object_get(cell, "varde")));
	assert_string_equal(json_string_value(json_object_get(cell,
	    "skyddad")), "dold");
	assert_null(json_object_get(cell, "taljare"));
	assert_null(json_object_get(cell, "namnare"));
	cell = json_object_get(json_object_get(json_object_get(root, "matt"),
	    "antal"), "totalt");
	assert_int_equal(json_integer_value(json_object_get(cell, "varde")),
	    23);
	assert_null(json_object_get(cell, "skyddad"));
	json_decref(root);
	fs_buf_release(&b);
}

static void
test_text_and_csv_show_marks_and_footnote(void **state)
{
	struct col kv = col_of(20), ma = col_of(30);
	struct fs_utfall u;
	struct fs_utfall_skydd s;
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;

	(void)state;
	kv.arb = 3;
	kv.arbpct = 250;
	build2(&u, &kv, &ma);
	mark(&u, 5, &s);
	fs_buf_init(&b, 0);
	assert_int_equal(fs_report_utfall_write_skyddad(&u, &s,
	    FS_REPORT_TEXT, &b, &err), FS_OK);
	assert_non_null(strstr(b.buf, "<5"));
	assert_non_null(strstr(b.buf, " .."));
	assert_non_null(strstr(b.buf, "<5: färre än 5 (1–4)"));
	assert_non_null(strstr(b.buf, "..: dolt"));
	fs_buf_reset(&b);
	assert_int_equal(fs_report_utfall_write_skyddad(&u, &s,
	    FS_REPORT_CSV, &b, &err), FS_OK);
	assert_non_null(strstr(b.buf, ";<5;.."));
	assert_non_null(strstr(b.buf, "<5: färre än 5"));
	fs_buf_reset(&b);
	assert_int_equal(fs_report_utfall_write_skyddad(&u, &s,
	    FS_REPORT_CSV_PLAIN, &b, &err), FS_OK);
	assert_non_null(strstr(b.buf, ",<5,.."));
	fs_buf_release(&b);
}

static void
test_internal_output_is_unchanged(void **state)
{
	struct col kv = col_of(3), ma = col_of(20);
	struct fs_utfall u;
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf a, b;

	(void)state;
	build2(&u, &kv, &ma);
	for (int f = 0; f < FS_REPORT_FORMAT__MAX; f++) {
		fs_buf_init(&a, 0);
		fs_buf_init(&b, 0);
		assert_int_equal(fs_report_utfall_write(&u,
		    (enum fs_report_format)f, &a, &err), FS_OK);
		assert_int_equal(fs_report_utfall_write_skyddad(&u, NULL,
		    (enum fs_report_format)f, &b, &err), FS_OK);
		assert_int_equal(a.len, b.len);
		assert_memory_equal(a.buf, b.buf, a.len);
		assert_null(strstr(a.buf, "<5"));
		assert_null(strstr(a.buf, "skyddad"));
		fs_buf_release(&a);
		fs_buf_release(&b);
	}
}

/* ---- the installation's threshold ---- */

static int
setup(void **state)
{
	static struct test_db t;

	if (test_db_open(&t) != 0)
		return -1;
	*state = &t;
	return 0;
}

static int
teardown(void **state)
{
	test_db_close(*state);
	return 0;
}

static void
test_threshold_defaults_to_5_and_is_stored(void **state)
{
	struct test_db *t = *state;
	struct fs_err err = FS_ERR_INIT;
	int k = 0;

	assert_int_equal(fs_report_skydd_k(t->db, &k, &err), FS_OK);
	assert_int_equal(k, FS_SKYDD_K_DEFAULT);
	assert_int_equal(fs_report_skydd_k_set(t->db, 7, &err), FS_OK);
	assert_int_equal(fs_report_skydd_k(t->db, &k, &err), FS_OK);
	assert_int_equal(k, 7);
	assert_int_equal(fs_report_skydd_k_set(t->db, 1, &err), FS_EINVAL);
	assert_string_equal(err.field, "k");
	fs_err_clear(&err);
	assert_int_equal(fs_report_skydd_k_set(t->db, FS_SKYDD_K_MAX + 1,
	    &err), FS_EINVAL);
	assert_string_equal(err.field, "k");
	assert_int_equal(fs_report_skydd_k(t->db, &k, &err), FS_OK);
	assert_int_equal(k, 7);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_large_table_shows_everything),
		cmocka_unit_test(
		    test_column_under_k_is_hidden_with_the_other_sex),
		cmocka_unit_test(
		    test_share_numerator_under_k_hides_share_of_both_sexes),
		cmocka_unit_test(
		    test_small_count_of_workers_hides_its_share_and_fte),
		cmocka_unit_test(test_zeros_are_shown),
		cmocka_unit_test(test_empty_table_is_shown),
		cmocka_unit_test(test_total_under_k_hides_everything),
		cmocka_unit_test(test_k_is_configurable),
		cmocka_unit_test(
		    test_small_group_of_neither_sex_hides_both_sexes),
		cmocka_unit_test(test_mask_sets_hidden_cells_undefined),
		cmocka_unit_test(test_random_tables_leak_no_hidden_cell),
		cmocka_unit_test(
		    test_json_publishable_has_null_and_no_ratio_for_hidden),
		cmocka_unit_test(test_text_and_csv_show_marks_and_footnote),
		cmocka_unit_test(test_internal_output_is_unchanged),
		cmocka_unit_test_setup_teardown(
		    test_threshold_defaults_to_5_and_is_stored, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
