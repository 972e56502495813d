/* SPDX-License-Identifier: ISC */
/*
 * End to end: import the example files in tests/data/e2e (three förbund
 * in two län, six insatser, 140 participations with repeated persons
 * written in different personnummer forms, a samordningsnummer, two
 * felregistreringar, open participations), de-identify one person, and
 * check every figure of the outcome report at förbund, län and riket
 * level against values worked out here from the CSV files with code of
 * the test's own (no library parser, no library date arithmetic).
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <jansson.h>

#include "finsam/deltagande.h"
#include "finsam/forbund.h"
#include "finsam/import.h"
#include "finsam/parse.h"
#include "finsam/pnr.h"
#include "finsam/report.h"
#include "testutil.h"

#define MAXROWS 400
#define FRAN "2020-01-01"
#define TILL "2025-12-31"

struct row {
	char	 forbund[8];
	char	 pnr[13];	/* normalised by the test */
	int	 kvinna;
	long	 start, slut;	/* days since 1970 (test's own); 0 = open */
	int	 age;
	int	 grundskola, eftergymnasial, over3;
	int	 a0, s0, a1, s1;
	int	 felreg;
	int	 deident;
};

static struct row rows[MAXROWS];
static size_t nrows;
static char deident_pnr[13];

/* Days since 1970-01-01, written independently of parse.c. */
static long
days(int y, int m, int d)
{
	static const int cum[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243,
		273, 304, 334 };
	long n = 0;

	for (int yy = 1970; yy < y; yy++)
		n += (yy % 4 == 0 && (yy % 100 != 0 || yy % 400 == 0)) ? 366
		    : 365;
	n += cum[m - 1] + d - 1;
	if (m > 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		n++;
	return n;
}

static long
date_of(const char *s)
{
	int y, m, d;

	if (s[0] == '\0')
		return 0;
	assert_int_equal(sscanf(s, "%4d-%2d-%2d", &y, &m, &d), 3);
	return days(y, m, d);
}

static int
pct(const char *s)
{
	return s[0] == '\0' ? 0 : (int)strtol(s, NULL, 10);
}

/* Split line at sep into at most max fields (no quoting in these files). */
static size_t
split(char *line, char sep, char **f, size_t max)
{
	size_t n = 0;
	char *p = line;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < max) {
		f[n++] = p;
		p = strchr(p, sep);
		if (p == NULL)
			break;
		*p++ = '\0';
	}
	return n;
}

static const char *
datafile(const char *name)
{
	static char p[512];

	snprintf(p, sizeof(p), "%s/e2e/%s", getenv("FINSAM_TESTDATA"), name);
	return p;
}

/* insats code -> förbund code, from insatser.csv. */
static char ins_kod[16][16], ins_fb[16][8];
static size_t nins;

static const char *
forbund_of(const char *insats)
{
	for (size_t i = 0; i < nins; i++)
		if (strcmp(ins_kod[i], insats) == 0)
			return ins_fb[i];
	fail_msg("okänd insats %s", insats);
	return NULL;
}

static void
load_expected(void)
{
	char line[1024], *f[20];
	FILE *fp;

	fp = fopen(datafile("insatser.csv"), "r");
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof(line), fp));
	while (fgets(line, sizeof(line), fp) != NULL) {
		assert_true(split(line, ',', f, 20) == 8);
		snprintf(ins_kod[nins], 16, "%s", f[0]);
		snprintf(ins_fb[nins], 8, "%s", f[1]);
		nins++;
	}
	fclose(fp);
	fp = fopen(datafile("deltagande.csv"), "r");
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof(line), fp));
	nrows = 0;
	while (fgets(line, sizeof(line), fp) != NULL) {
		struct row *r = &rows[nrows++];
		const char *p;
		char digits[13];
		int y, m, d;
		long birth;

		assert_true(nrows < MAXROWS);
		assert_int_equal(split(line, ',', f, 20), 14);
		snprintf(r->forbund, sizeof(r->forbund), "%s",
		    forbund_of(f[0]));
		p = f[1];
		if (strlen(p) == 11) {
			/* YYMMDD-NNNC: everyone here is 17-70, so the century
			 * is 20 for 00-26 and 19 otherwise. */
			int yy = (p[0] - '0') * 10 + (p[1] - '0');

			snprintf(digits, 13, "%s%.6s%.4s", yy <= 26 ? "20" :
			    "19", p, p + 7);
		} else if (strlen(p) == 13)
			snprintf(digits, 13, "%.8s%.4s", p, p + 9);
		else
			snprintf(digits, 13, "%s", p);
		memcpy(r->pnr, digits, 13);
		r->kvinna = (digits[10] - '0') % 2 == 0;
		assert_int_equal(sscanf(digits, "%4d%2d%2d", &y, &m, &d), 3);
		if (d > 60)
			d -= 60;	/* samordningsnummer */
		birth = days(y, m, d);
		r->start = date_of(f[3]);
		/* Whole years at start. */
		{
			int sy, sm, sd;

			assert_int_equal(sscanf(f[3], "%4d-%2d-%2d", &sy, &sm,
			    &sd), 3);
			r->age = sy - y - ((sm < m || (sm == m && sd < d)) ? 1 :
			    0);
		}
		(void)birth;
		r->grundskola = strcmp(f[4], "grundskola") == 0;
		r->eftergymnasial = strcmp(f[4], "eftergymnasial") == 0;
		r->over3 = strcmp(f[5], "3_9") == 0 || strcmp(f[5], "over_9")
		    == 0;
		r->a0 = pct(f[7]);
		r->s0 = pct(f[8]);
		r->slut = date_of(f[9]);
		r->felreg = strcmp(f[10], "felregistrering") == 0;
		r->a1 = pct(f[12]);
		r->s1 = pct(f[13]);
	}
	fclose(fp);
}

/* Pick a person with two finished participations in the period. */
static void
choose_deidentified(void)
{
	long fran = date_of(FRAN), till = date_of(TILL);

	for (size_t i = 0; i < nrows; i++) {
		size_t n = 0;

		for (size_t j = 0; j < nrows; j++)
			if (strcmp(rows[i].pnr, rows[j].pnr) == 0 &&
			    rows[j].slut != 0 && rows[j].slut >= fran &&
			    rows[j].slut <= till && !rows[j].felreg)
				n++;
		if (n == 2) {
			memcpy(deident_pnr, rows[i].pnr, 13);
			for (size_t j = 0; j < nrows; j++)
				if (strcmp(rows[j].pnr, deident_pnr) == 0)
					rows[j].deident = 1;
			return;
		}
	}
	fail_msg("ingen person med två avslutade deltaganden i testdata");
}

struct expect {
	long antal, unika, under30, over3, grund, efter, dagar, arbete,
	    sum_arbete, arbstud, sum_arbstud, okat;
};

static int
min100(int v)
{
	return v > 100 ? 100 : v;
}

/*
 * Expected figures for the rows of the förbund in set (NULL: all), for
 * column col (0 totalt, 1 kvinnor, 2 män).
 */
static void
expected(const char *const *set, size_t nset, int col, struct expect *e)
{
	long fran = date_of(FRAN), till = date_of(TILL);
	char seen[MAXROWS][13];
	size_t nseen = 0;

	memset(e, 0, sizeof(*e));
	for (size_t i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];
		bool in = set == NULL, dup = false;

		for (size_t k = 0; k < nset; k++)
			if (strcmp(set[k], r->forbund) == 0)
				in = true;
		if (!in || r->slut == 0 || r->slut < fran || r->slut > till ||
		    r->felreg)
			continue;
		if ((col == 1 && !r->kvinna) || (col == 2 && r->kvinna))
			continue;
		e->antal++;
		if (r->deident)
			e->unika++;
		else {
			for (size_t k = 0; k < nseen; k++)
				if (strcmp(seen[k], r->pnr) == 0)
					dup = true;
			if (!dup) {
				memcpy(seen[nseen++], r->pnr, 13);
				e->unika++;
			}
		}
		e->under30 += r->age < 30;
		e->over3 += r->over3;
		e->grund += r->grundskola;
		e->efter += r->eftergymnasial;
		e->dagar += r->slut - r->start;
		e->arbete += r->a1 > 0;
		e->sum_arbete += r->a1;
		e->arbstud += r->a1 > 0 || r->s1 > 0;
		e->sum_arbstud += min100(r->a1 + r->s1);
		e->okat += min100(r->a1 + r->s1) > min100(r->a0 + r->s0);
	}
}

static void
check_level(struct fs_db *db, enum fs_report_level level, const char *kod,
    const char *const *set, size_t nset)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_report_query q;
	struct fs_utfall u;
	struct expect e[3];

	memset(&q, 0, sizeof(q));
	q.level = level;
	q.kod = kod;
	assert_int_equal(fs_parse_date(FRAN, 10, &q.fran, "fran", &err), FS_OK);
	assert_int_equal(fs_parse_date(TILL, 10, &q.till, "till", &err), FS_OK);
	assert_int_equal(fs_report_utfall(db, &q, &u, &err), FS_OK);
	for (int c = 0; c < 3; c++)
		expected(set, nset, c, &e[c]);
	assert_true(e[0].antal > 0);
	assert_int_equal(e[0].antal, e[1].antal + e[2].antal);
	for (int c = 0; c < 3; c++) {
		const struct fs_ratio *cell;
#define CELL(m) (cell = &u.cell[m][c])
		CELL(FS_UTFALL_ANTAL);
		assert_int_equal(cell->taljare, e[c].antal);
		CELL(FS_UTFALL_FORDELNING);
		assert_int_equal(cell->taljare, e[c].antal);
		assert_int_equal(cell->namnare, e[0].antal);
		CELL(FS_UTFALL_ANTAL_UNIKA);
		assert_int_equal(cell->taljare, e[c].unika);
#define SHARE(m, v) do { CELL(m); \
	assert_int_equal(cell->taljare, (v)); \
	assert_int_equal(cell->namnare, e[c].antal); } while (0)
		SHARE(FS_UTFALL_UNDER_30, e[c].under30);
		SHARE(FS_UTFALL_FORSORJNING_3AR, e[c].over3);
		SHARE(FS_UTFALL_GRUNDSKOLA, e[c].grund);
		SHARE(FS_UTFALL_EFTERGYMNASIAL, e[c].efter);
		SHARE(FS_UTFALL_INSKRIVNINGSTID, e[c].dagar);
		SHARE(FS_UTFALL_ANDEL_ARBETE, e[c].arbete);
		CELL(FS_UTFALL_ANTAL_ARBETE);
		assert_int_equal(cell->taljare, e[c].arbete);
		CELL(FS_UTFALL_HELTID_ARBETE);
		assert_int_equal(cell->taljare, e[c].sum_arbete);
		assert_int_equal(cell->namnare, 100);
		CELL(FS_UTFALL_ANTAL_ARBETE_STUDIER);
		assert_int_equal(cell->taljare, e[c].arbstud);
		CELL(FS_UTFALL_HELTID_ARBETE_STUDIER);
		assert_int_equal(cell->taljare, e[c].sum_arbstud);
		assert_int_equal(cell->namnare, 100);
		CELL(FS_UTFALL_ANTAL_OKAT);
		assert_int_equal(cell->taljare, e[c].okat);
#undef SHARE
#undef CELL
	}
	/* The plain-SQL computation agrees cell by cell. */
	{
		struct fs_utfall s;

		assert_int_equal(fs_report_utfall_sql(db, &q, &s, &err), FS_OK);
		for (int m = 0; m < FS_UTFALL__MAX; m++)
			for (int c = 0; c < FS_COL__MAX; c++) {
				assert_int_equal(s.cell[m][c].taljare,
				    u.cell[m][c].taljare);
				assert_int_equal(s.cell[m][c].namnare,
				    u.cell[m][c].namnare);
			}
	}
}

static void
import_all(struct fs_db *db)
{
	static const char *const files[] = { "forbund.csv", "insatser.csv",
		"deltagande.csv", "anonyma.csv" };

	for (size_t k = 0; k < FS_NELEM(files); k++) {
		struct fs_err err = FS_ERR_INIT;
		struct fs_import_result res;

		memset(&res, 0, sizeof(res));
		if (fs_import_file(db, (enum fs_import_kind)k, datafile(files[k]),
		    NULL, NULL, &res, &err) != FS_OK) {
			for (size_t i = 0; i < res.nerrors; i++)
				fprintf(stderr, "%s rad %ld %s: %s\n", files[k],
				    res.errors[i].line, res.errors[i].column,
				    res.errors[i].msg);
			fail_msg("%s: %s: %s", files[k], err.field, err.msg);
		}
		fs_import_result_release(&res);
	}
}

static void
test_outcome_report_at_every_level(void **state)
{
	struct test_db t;
	struct fs_err err = FS_ERR_INIT;
	struct fs_pnr p;
	size_t n;
	static const char *const sv[] = { "SV" }, *const fv[] = { "FV" },
	    *const sth[] = { "STH" }, *const lan06[] = { "SV", "FV" };

	(void)state;
	load_expected();
	assert_true(nrows >= 100);
	choose_deidentified();
	assert_int_equal(test_db_open(&t), 0);
	import_all(t.db);
	/* Importing everything again changes nothing. */
	import_all(t.db);
	assert_int_equal(fs_pnr_parse(deident_pnr, 12, fs_date_today(), &p,
	    "personnummer", &err), FS_OK);
	assert_int_equal(fs_person_deidentify(t.db, &p,
	    FS_DEIDENT_SAMTYCKE_ATERKALLAT, &n, &err), FS_OK);
	assert_true(n >= 2);
	check_level(t.db, FS_LEVEL_FORBUND, "SV", sv, 1);
	check_level(t.db, FS_LEVEL_FORBUND, "FV", fv, 1);
	check_level(t.db, FS_LEVEL_FORBUND, "STH", sth, 1);
	check_level(t.db, FS_LEVEL_LAN, "06", lan06, 2);
	check_level(t.db, FS_LEVEL_LAN, "01", sth, 1);
	check_level(t.db, FS_LEVEL_RIKET, NULL, NULL, 0);
	test_db_close(&t);
}

/* The JSON output carries exactly the keys and exact values. */
static void
test_json_matches_figures(void **state)
{
	struct test_db t;
	struct fs_err err = FS_ERR_INIT;
	struct fs_report_query q;
	struct fs_utfall u;
	struct fs_buf b;
	json_error_t jerr;
	json_t *root, *matt;
	static const char *const keys[] = { "antal", "fordelning",
		"antal_unika", "andel_under_30", "andel_forsorjning_over_3_ar",
		"andel_grundskola", "andel_eftergymnasial",
		"inskrivningstid_dagar", "antal_arbete", "heltid_arbete",
		"andel_arbete", "antal_arbete_studier",
		"heltid_arbete_studier", "antal_okat" };
	static const char *const cols[] = { "totalt", "kvinnor", "man" };

	(void)state;
	if (nrows == 0)
		load_expected();
	assert_int_equal(test_db_open(&t), 0);
	import_all(t.db);
	memset(&q, 0, sizeof(q));
	q.level = FS_LEVEL_RIKET;
	assert_int_equal(fs_parse_date(FRAN, 10, &q.fran, "fran", &err), FS_OK);
	assert_int_equal(fs_parse_date(TILL, 10, &q.till, "till", &err), FS_OK);
	assert_int_equal(fs_report_utfall(t.db, &q, &u, &err), FS_OK);
	fs_buf_init(&b, 0);
	assert_int_equal(fs_report_utfall_write(&u, FS_REPORT_JSON, &b, &err),
	    FS_OK);
	root = json_loadb(b.buf, b.len, 0, &jerr);
	assert_non_null(root);
	matt = json_object_get(root, "matt");
	assert_non_null(matt);
	assert_int_equal(json_object_size(matt), FS_NELEM(keys));
	for (size_t m = 0; m < FS_NELEM(keys); m++) {
		json_t *meas = json_object_get(matt, keys[m]);

		assert_non_null(meas);
		for (size_t c = 0; c < 3; c++) {
			json_t *cell = json_object_get(meas, cols[c]);
			json_t *v = json_object_get(cell, "varde");
			const struct fs_ratio *r = &u.cell[m][c];
			double want = (double)r->taljare /
			    (double)(r->namnare == 0 ? 1 : r->namnare);

			assert_non_null(v);
			assert_true(json_is_number(v));
			assert_true(json_number_value(v) > want - 1e-9 &&
			    json_number_value(v) < want + 1e-9);
			if (fs_utfall_kind((enum fs_utfall_measure)m) ==
			    FS_KIND_SHARE || fs_utfall_kind(
			    (enum fs_utfall_measure)m) == FS_KIND_MEAN) {
				assert_int_equal(json_integer_value(
				    json_object_get(cell, "taljare")),
				    r->taljare);
				assert_int_equal(json_integer_value(
				    json_object_get(cell, "namnare")),
				    r->namnare);
			}
		}
	}
	json_decref(root);
	fs_buf_release(&b);
	test_db_close(&t);
}

static int64_t
antal_of(struct fs_db *db, enum fs_report_level level, const char *kod)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_report_query q;
	struct fs_utfall u;

	memset(&q, 0, sizeof(q));
	q.level = level;
	q.kod = kod;
	assert_int_equal(fs_parse_date(FRAN, 10, &q.fran, "fran", &err), FS_OK);
	assert_int_equal(fs_parse_date(TILL, 10, &q.till, "till", &err), FS_OK);
	assert_int_equal(fs_report_utfall(db, &q, &u, &err), FS_OK);
	return u.cell[FS_UTFALL_ANTAL][FS_COL_TOTALT].taljare;
}

/*
 * A förbund whose kommuner move it to another home län moves its
 * participations in the län reports at once: remembered results are
 * tied to the data generation, which the membership change moves on.
 */
static void
test_lan_report_follows_home_lan(void **state)
{
	struct test_db t;
	struct fs_err err = FS_ERR_INIT;
	struct fs_forbund f;
	int64_t l06, l01;

	(void)state;
	if (nrows == 0)
		load_expected();
	assert_int_equal(test_db_open(&t), 0);
	import_all(t.db);
	l06 = antal_of(t.db, FS_LEVEL_LAN, "06");
	l01 = antal_of(t.db, FS_LEVEL_LAN, "01");
	assert_true(l01 > 0);
	/* Asked again: the same answer. */
	assert_int_equal(antal_of(t.db, FS_LEVEL_LAN, "06"), l06);
	fs_forbund_init(&f);
	assert_int_equal(fs_forbund_get_kod(t.db, "STH", &f, &err), FS_OK);
	assert_int_equal(fs_forbund_join(t.db, f.id, "0604",
	    fs_date_from_ymd(2020, 1, 1), &err), FS_OK);
	assert_int_equal(fs_forbund_join(t.db, f.id, "0642",
	    fs_date_from_ymd(2020, 1, 1), &err), FS_OK);
	fs_forbund_release(&f);
	assert_int_equal(antal_of(t.db, FS_LEVEL_LAN, "06"), l06 + l01);
	test_db_close(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outcome_report_at_every_level),
		cmocka_unit_test(test_json_matches_figures),
		cmocka_unit_test(test_lan_report_follows_home_lan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
