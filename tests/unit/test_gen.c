/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for gen.c, the synthetic data generator: determinism,
 * the exact import headers, internal consistency (valid personnummer
 * and organisationsnummer, codes from the code lists, dates inside the
 * insats period, no overlapping participations of one person in one
 * insats, real and disjoint kommuner) and the national shares of SUS
 * 2019 on 20 000 participations.  The files are parsed here with a
 * minimal splitter, which is possible because the generator promises
 * no quoting: every line must have exactly the header's number of
 * fields and no field may contain a quote.
 */
#include "compat.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "finsam/alloc.h"
#include "finsam/codes.h"
#include "finsam/err.h"
#include "finsam/gen.h"
#include "finsam/parse.h"
#include "finsam/pnr.h"
#include "finsam/refdata.h"

#define H_FORBUND "forbund_kod,namn,organisationsnummer,startdatum,kommuner"
#define H_INSATSER "insats_kod,forbund_kod,namn,inriktning," \
	"preciserad_inriktning,uppfoljning,startdatum,slutdatum"
#define H_DELTAGANDE "insats_kod,personnummer,samtycke_datum,startdatum," \
	"utbildning,offentlig_forsorjning_tid,forsorjning_fore,arbete_fore," \
	"studier_fore,slutdatum,avslutsanledning,forsorjning_efter," \
	"arbete_efter,studier_efter"
#define H_ANONYMA "insats_kod,ar,kvinnor,man"

static const char *const files[] = {
	"forbund.csv", "insatser.csv", "deltagande.csv", "anonyma.csv",
};

/* ---- helpers ----------------------------------------------------------- */

/* A parsed CSV file: cells point into data (commas/newlines now NUL). */
struct table {
	char	*data;
	size_t	 len;
	char	*header;	/* the first line, unsplit */
	char	**cells;
	size_t	 ncols;
	size_t	 nrows;		/* data rows */
};

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	p = fs_malloc((size_t)n + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	p[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return p;
}

/*
 * Load dir/name: UTF-8 without BOM, LF line ends, no quotes, every line
 * with exactly as many fields as the header.
 */
static void
load(const char *dir, const char *name, struct table *t)
{
	char path[512];
	char *p, *nl, *hdr_end;
	size_t nlines = 0, row = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	memset(t, 0, sizeof(*t));
	t->data = slurp(path, &t->len);
	assert_true(t->len > 0);
	assert_true((unsigned char)t->data[0] != 0xef);	/* no BOM */
	assert_int_equal(t->data[t->len - 1], '\n');
	assert_null(memchr(t->data, '"', t->len));
	assert_null(memchr(t->data, '\r', t->len));
	for (size_t i = 0; i < t->len; i++)
		if (t->data[i] == '\n')
			nlines++;
	hdr_end = strchr(t->data, '\n');
	t->header = fs_strndup(t->data, (size_t)(hdr_end - t->data));
	assert_non_null(t->header);
	t->ncols = 1;
	for (p = t->header; *p != '\0'; p++)
		if (*p == ',')
			t->ncols++;
	t->nrows = nlines - 1;
	t->cells = fs_calloc(t->nrows * t->ncols + 1, sizeof(*t->cells));
	assert_non_null(t->cells);
	p = hdr_end + 1;
	while (p < t->data + t->len) {
		size_t col = 0;

		nl = strchr(p, '\n');
		*nl = '\0';
		t->cells[row * t->ncols + col++] = p;
		for (char *q = p; *q != '\0'; q++) {
			if (*q != ',')
				continue;
			*q = '\0';
			assert_true(col < t->ncols);
			t->cells[row * t->ncols + col++] = q + 1;
		}
		assert_int_equal(col, t->ncols);
		row++;
		p = nl + 1;
	}
	assert_int_equal(row, t->nrows);
}

static void
unload(struct table *t)
{
	free(t->data);
	free(t->header);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

static size_t
colidx(const struct table *t, const char *name)
{
	const char *p = t->header;
	size_t n = strlen(name), i = 0;

	for (;;) {
		const char *e = strchr(p, ',');
		size_t len = e == NULL ? strlen(p) : (size_t)(e - p);

		if (len == n && memcmp(p, name, n) == 0)
			return i;
		if (e == NULL)
			break;
		p = e + 1;
		i++;
	}
	fail_msg("column %s missing", name);
	return 0;
}

static const char *
cell(const struct table *t, size_t row, const char *name)
{
	return t->cells[row * t->ncols + colidx(t, name)];
}

static int32_t
date_of(const char *s)
{
	int32_t d;

	assert_int_equal(fs_parse_date(s, strlen(s), &d, "datum", NULL),
	    FS_OK);
	return d;
}

static int64_t
int_of(const char *s, int64_t lo, int64_t hi)
{
	int64_t v;

	assert_int_equal(fs_parse_i64(s, strlen(s), lo, hi, &v, "tal", NULL),
	    FS_OK);
	return v;
}

static void
rm_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[1024];
	struct stat sb;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
			rm_tree(p);
		else
			unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

static void
make_tmp(char *dir, size_t n)
{
	snprintf(dir, n, "/tmp/finsam-gen-XXXXXX");
	assert_non_null(mkdtemp(dir));
}

static void
params(struct fs_gen_params *p, unsigned nf, uint64_t m, uint64_t seed)
{
	fs_gen_params_init(p);
	p->forbund = nf;
	p->deltagande = m;
	p->seed = seed;
}

static void
generate(const struct fs_gen_params *p, const char *dir,
    struct fs_gen_stats *st)
{
	struct fs_err err = FS_ERR_INIT;
	enum fs_rc rc;

	rc = fs_gen_write(p, dir, NULL, NULL, st, &err);
	if (rc != FS_OK)
		fail_msg("fs_gen_write: %s: %s", err.field, err.msg);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
same_file(const char *a, const char *b)
{
	size_t la, lb;
	char *pa = slurp(a, &la), *pb = slurp(b, &lb);
	bool same = la == lb && memcmp(pa, pb, la) == 0;

	free(pa);
	free(pb);
	return same;
}

/* ---- the shared data set: 80 förbund, 20 000 participations ----------- */

struct fixture {
	char			 dir[64];
	struct fs_gen_params	 p;
	struct fs_gen_stats	 st;
	struct table		 forb, ins, del, anon;
	size_t			*ins_sorted;	/* insats rows by code */
};

static struct fixture fx;

static int
cmp_ins(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return strcmp(fx.ins.cells[x * fx.ins.ncols],
	    fx.ins.cells[y * fx.ins.ncols]);
}

/* Row of insats code, or SIZE_MAX. */
static size_t
find_ins(const char *kod)
{
	size_t lo = 0, hi = fx.ins.nrows;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2, r = fx.ins_sorted[mid];
		int c = strcmp(kod, fx.ins.cells[r * fx.ins.ncols]);

		if (c == 0)
			return r;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return SIZE_MAX;
}

static int
group_setup(void **state)
{
	(void)state;
	setenv("FINSAM_IDAG", "2026-06-01", 1);
	make_tmp(fx.dir, sizeof(fx.dir));
	params(&fx.p, 80, 20000, 42);
	generate(&fx.p, fx.dir, &fx.st);
	load(fx.dir, "forbund.csv", &fx.forb);
	load(fx.dir, "insatser.csv", &fx.ins);
	load(fx.dir, "deltagande.csv", &fx.del);
	load(fx.dir, "anonyma.csv", &fx.anon);
	fx.ins_sorted = fs_calloc(fx.ins.nrows, sizeof(*fx.ins_sorted));
	if (fx.ins_sorted == NULL)
		return -1;
	for (size_t i = 0; i < fx.ins.nrows; i++)
		fx.ins_sorted[i] = i;
	qsort(fx.ins_sorted, fx.ins.nrows, sizeof(size_t), cmp_ins);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	unload(&fx.forb);
	unload(&fx.ins);
	unload(&fx.del);
	unload(&fx.anon);
	free(fx.ins_sorted);
	rm_tree(fx.dir);
	return 0;
}

/* ---- determinism --------------------------------------------------------- */

static void
test_same_seed_gives_identical_files(void **state)
{
	struct fs_gen_params p;
	char a[64], b[64], pa[128], pb[128];

	(void)state;
	make_tmp(a, sizeof(a));
	make_tmp(b, sizeof(b));
	params(&p, 12, 3000, 5);
	generate(&p, a, NULL);
	generate(&p, b, NULL);
	for (size_t i = 0; i < FS_NELEM(files); i++) {
		snprintf(pa, sizeof(pa), "%s/%s", a, files[i]);
		snprintf(pb, sizeof(pb), "%s/%s", b, files[i]);
		assert_true(same_file(pa, pb));
	}
	rm_tree(a);
	rm_tree(b);
}

static void
test_different_seed_gives_different_files(void **state)
{
	struct fs_gen_params p;
	char a[64], b[64], pa[128], pb[128];

	(void)state;
	make_tmp(a, sizeof(a));
	make_tmp(b, sizeof(b));
	params(&p, 12, 3000, 5);
	generate(&p, a, NULL);
	p.seed = 6;
	generate(&p, b, NULL);
	for (size_t i = 0; i < FS_NELEM(files); i++) {
		snprintf(pa, sizeof(pa), "%s/%s", a, files[i]);
		snprintf(pb, sizeof(pb), "%s/%s", b, files[i]);
		assert_false(same_file(pa, pb));
	}
	rm_tree(a);
	rm_tree(b);
}

static void
test_more_participations_keep_forbund_and_insatser(void **state)
{
	struct fs_gen_params p;
	char a[64], b[64], pa[128], pb[128];

	(void)state;
	make_tmp(a, sizeof(a));
	make_tmp(b, sizeof(b));
	params(&p, 12, 1000, 9);
	generate(&p, a, NULL);
	p.deltagande = 4000;
	generate(&p, b, NULL);
	for (size_t i = 0; i < 2; i++) {
		snprintf(pa, sizeof(pa), "%s/%s", a, files[i]);
		snprintf(pb, sizeof(pb), "%s/%s", b, files[i]);
		assert_true(same_file(pa, pb));
	}
	rm_tree(a);
	rm_tree(b);
}

/* ---- format -------------------------------------------------------------- */

static void
test_headers_match_import_formats(void **state)
{
	(void)state;
	assert_string_equal(fx.forb.header, H_FORBUND);
	assert_string_equal(fx.ins.header, H_INSATSER);
	assert_string_equal(fx.del.header, H_DELTAGANDE);
	assert_string_equal(fx.anon.header, H_ANONYMA);
	assert_int_equal(fx.del.nrows, 20000);
}

static void
test_stats_match_files(void **state)
{
	size_t fin = 0, fel = 0, kommuner = 0, lans = 0, individ = 0;
	size_t sc = colidx(&fx.del, "slutdatum");
	size_t ac = colidx(&fx.del, "avslutsanledning");
	size_t pc = colidx(&fx.del, "personnummer");
	size_t nuniq = 0;
	char **pn;

	(void)state;
	for (size_t r = 0; r < fx.del.nrows; r++) {
		if (*fx.del.cells[r * fx.del.ncols + sc] != '\0')
			fin++;
		if (strcmp(fx.del.cells[r * fx.del.ncols + ac],
		    "felregistrering") == 0)
			fel++;
	}
	for (size_t r = 0; r < fx.forb.nrows; r++) {
		const char *k = cell(&fx.forb, r, "kommuner");

		kommuner += 1;
		for (; *k != '\0'; k++)
			if (*k == ' ')
				kommuner++;
		if (strstr(cell(&fx.forb, r, "namn"), " län") != NULL)
			lans++;
	}
	for (size_t r = 0; r < fx.ins.nrows; r++)
		if (strcmp(cell(&fx.ins, r, "inriktning"), "individ") == 0)
			individ++;
	pn = fs_calloc(fx.del.nrows, sizeof(*pn));
	assert_non_null(pn);
	for (size_t r = 0; r < fx.del.nrows; r++)
		pn[r] = fx.del.cells[r * fx.del.ncols + pc];
	qsort(pn, fx.del.nrows, sizeof(*pn), cmp_str);
	for (size_t r = 0; r < fx.del.nrows; r++)
		if (r == 0 || strcmp(pn[r], pn[r - 1]) != 0)
			nuniq++;
	free(pn);

	assert_int_equal(fx.st.forbund, fx.forb.nrows);
	assert_int_equal(fx.st.forbund, 80);
	assert_int_equal(fx.st.kommuner, kommuner);
	assert_int_equal(fx.st.lansforbund, lans);
	assert_int_equal(fx.st.insatser, fx.ins.nrows);
	assert_int_equal(fx.st.insatser_individ, individ);
	assert_int_equal(fx.st.deltagande, fx.del.nrows);
	assert_int_equal(fx.st.personer, nuniq);
	assert_int_equal(fx.st.avslutade, fin);
	assert_int_equal(fx.st.felregistrering, fel);
	assert_int_equal(fx.st.anonyma, fx.anon.nrows);
}

/* ---- förbund and insatser -------------------------------------------------- */

static void
test_forbund_cover_real_kommuner_of_one_lan_each_once(void **state)
{
	struct fs_refdata ref;
	struct fs_err err = FS_ERR_INIT;
	unsigned char *seen;
	int32_t lo, hi;

	(void)state;
	assert_int_equal(fs_refdata_load(&ref, &err), FS_OK);
	seen = fs_calloc(ref.nkommuner, 1);
	assert_non_null(seen);
	lo = fs_date_from_ymd(2005, 1, 1);
	hi = fs_date_from_ymd(2015, 12, 31);
	for (size_t r = 0; r < fx.forb.nrows; r++) {
		const char *k = cell(&fx.forb, r, "kommuner");
		const char *org = cell(&fx.forb, r, "organisationsnummer");
		char lan[3] = "";
		char norm[12];
		char kod[24];

		snprintf(kod, sizeof(kod), "F%02zu", r + 1);
		assert_string_equal(cell(&fx.forb, r, "forbund_kod"), kod);
		assert_int_equal(fs_orgnr_parse(org, strlen(org), norm,
		    "organisationsnummer", &err), FS_OK);
		assert_string_equal(norm, org);
		assert_true(date_of(cell(&fx.forb, r, "startdatum")) >= lo);
		assert_true(date_of(cell(&fx.forb, r, "startdatum")) <= hi);
		assert_true(strncmp(cell(&fx.forb, r, "namn"),
		    "Samordningsförbundet ", 21) == 0);
		while (*k != '\0') {
			size_t i;

			assert_true(strspn(k, "0123456789") == 4);
			assert_true(k[4] == ' ' || k[4] == '\0');
			for (i = 0; i < ref.nkommuner; i++)
				if (strncmp(ref.kommuner[i].kod, k, 4) == 0)
					break;
			assert_true(i < ref.nkommuner);	/* real kommun */
			assert_int_equal(seen[i], 0);	/* in one förbund */
			seen[i] = 1;
			if (lan[0] == '\0')
				memcpy(lan, ref.kommuner[i].lan, 3);
			assert_string_equal(ref.kommuner[i].lan, lan);
			k += k[4] == ' ' ? 5 : 4;
		}
		assert_true(lan[0] != '\0');		/* at least one */
	}
	for (size_t r = 1; r < fx.forb.nrows; r++)
		for (size_t q = 0; q < r; q++) {
			assert_string_not_equal(cell(&fx.forb, r, "namn"),
			    cell(&fx.forb, q, "namn"));
			assert_string_not_equal(
			    cell(&fx.forb, r, "organisationsnummer"),
			    cell(&fx.forb, q, "organisationsnummer"));
		}
	free(seen);
	fs_refdata_release(&ref);
}

static void
test_insatser_are_consistent_and_unique(void **state)
{
	size_t per[81] = { 0 }, ind[81] = { 0 };

	(void)state;
	for (size_t i = 1; i < fx.ins.nrows; i++)
		assert_string_not_equal(
		    fx.ins.cells[fx.ins_sorted[i] * fx.ins.ncols],
		    fx.ins.cells[fx.ins_sorted[i - 1] * fx.ins.ncols]);
	for (size_t r = 0; r < fx.ins.nrows; r++) {
		const char *kod = cell(&fx.ins, r, "insats_kod");
		const char *fb = cell(&fx.ins, r, "forbund_kod");
		const char *inr = cell(&fx.ins, r, "inriktning");
		const char *prec = cell(&fx.ins, r, "preciserad_inriktning");
		const char *upp = cell(&fx.ins, r, "uppfoljning");
		const char *slut = cell(&fx.ins, r, "slutdatum");
		int64_t f;
		bool individ = strcmp(inr, "individ") == 0;

		assert_true(strncmp(kod, fb, strlen(fb)) == 0);
		assert_true(*cell(&fx.ins, r, "namn") != '\0');
		f = int_of(fb + 1, 1, 80);
		per[f]++;
		if (individ) {
			ind[f]++;
			assert_string_equal(upp, "individ");
			assert_true(fs_code_find(FS_LIST_PREC_INDIVID, prec,
			    strlen(prec)) > 0);
		} else {
			assert_string_equal(inr, "struktur");
			assert_string_equal(upp, "antal");
			assert_true(fs_code_find(FS_LIST_PREC_STRUKTUR, prec,
			    strlen(prec)) > 0);
		}
		if (*slut != '\0')
			assert_true(date_of(slut) >
			    date_of(cell(&fx.ins, r, "startdatum")));
	}
	for (size_t f = 1; f <= 80; f++) {
		assert_in_range(per[f], 10, 18);
		assert_in_range(ind[f], per[f] / 2, per[f] / 2 + 1);
	}
}

/* ---- deltagande ---------------------------------------------------------- */

static void
test_personnummer_are_valid_test_numbers(void **state)
{
	int32_t today = date_of("2026-06-01");

	(void)state;
	for (size_t r = 0; r < fx.del.nrows; r++) {
		const char *pn = cell(&fx.del, r, "personnummer");
		struct fs_pnr out;
		struct fs_err err = FS_ERR_INIT;
		int64_t serial;
		int age;

		assert_int_equal(strlen(pn), 12);
		assert_int_equal(fs_pnr_parse(pn, 12, today, &out,
		    "personnummer", &err), FS_OK);
		assert_string_equal(out.digits, pn);
		serial = (pn[8] - '0') * 100 + (pn[9] - '0') * 10 +
		    (pn[10] - '0');
		assert_in_range(serial, 980, 999);
		age = fs_date_age(out.birth,
		    date_of(cell(&fx.del, r, "startdatum")));
		assert_in_range(age, 16, 67);
	}
}

static void
test_dates_lie_within_insats_period(void **state)
{
	int32_t fran = fx.p.fran, till = fx.p.till;

	(void)state;
	for (size_t r = 0; r < fx.del.nrows; r++) {
		size_t ir = find_ins(cell(&fx.del, r, "insats_kod"));
		const char *islut, *slut;
		int32_t start, samtycke;

		assert_true(ir != SIZE_MAX);
		assert_string_equal(cell(&fx.ins, ir, "inriktning"),
		    "individ");
		assert_string_equal(cell(&fx.ins, ir, "uppfoljning"),
		    "individ");
		islut = cell(&fx.ins, ir, "slutdatum");
		slut = cell(&fx.del, r, "slutdatum");
		start = date_of(cell(&fx.del, r, "startdatum"));
		samtycke = date_of(cell(&fx.del, r, "samtycke_datum"));
		assert_true(samtycke <= start);
		assert_true(start >= date_of(cell(&fx.ins, ir, "startdatum")));
		assert_true(start >= fran);
		assert_true(start <= till);
		if (*islut != '\0') {
			/* An ended insats has no open participation. */
			assert_true(*slut != '\0');
			assert_true(date_of(slut) <= date_of(islut));
		}
		if (*slut != '\0') {
			assert_true(date_of(slut) >= start);
			assert_true(date_of(slut) <= till);
		}
	}
}

static int
cmp_part(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c;

	c = strcmp(cell(&fx.del, x, "personnummer"),
	    cell(&fx.del, y, "personnummer"));
	if (c == 0)
		c = strcmp(cell(&fx.del, x, "insats_kod"),
		    cell(&fx.del, y, "insats_kod"));
	if (c == 0)
		c = strcmp(cell(&fx.del, x, "startdatum"),
		    cell(&fx.del, y, "startdatum"));
	return c;
}

static void
test_no_person_overlaps_in_one_insats(void **state)
{
	size_t *ix, repeats = 0;

	(void)state;
	ix = fs_calloc(fx.del.nrows, sizeof(*ix));
	assert_non_null(ix);
	for (size_t r = 0; r < fx.del.nrows; r++)
		ix[r] = r;
	qsort(ix, fx.del.nrows, sizeof(*ix), cmp_part);
	for (size_t i = 1; i < fx.del.nrows; i++) {
		size_t a = ix[i - 1], b = ix[i];
		const char *slut;

		if (strcmp(cell(&fx.del, a, "personnummer"),
		    cell(&fx.del, b, "personnummer")) != 0 ||
		    strcmp(cell(&fx.del, a, "insats_kod"),
		    cell(&fx.del, b, "insats_kod")) != 0)
			continue;
		repeats++;
		/* Distinct start; the earlier one ended before the next. */
		assert_string_not_equal(cell(&fx.del, a, "startdatum"),
		    cell(&fx.del, b, "startdatum"));
		slut = cell(&fx.del, a, "slutdatum");
		assert_true(*slut != '\0');
		assert_true(date_of(slut) <
		    date_of(cell(&fx.del, b, "startdatum")));
	}
	assert_true(repeats > 0);	/* the rule was really exercised */
	free(ix);
}

/* Check a set of försörjning codes: known codes, `ingen` alone. */
static void
check_set(const char *s)
{
	uint32_t seen = 0;

	assert_true(*s != '\0');
	while (*s != '\0') {
		size_t n = strcspn(s, "|");
		int v = fs_code_find(FS_LIST_FORSORJNING, s, n);

		assert_true(v > 0);
		assert_int_equal(seen & (1u << v), 0);
		seen |= 1u << v;
		s += n;
		if (*s == '|')
			s++;
	}
	if ((seen & (1u << FS_FORS_INGEN)) != 0)
		assert_int_equal(seen, 1u << FS_FORS_INGEN);
}

static void
check_pct(const char *s)
{
	assert_int_equal(int_of(s, 0, 100) % 25, 0);
}

static void
test_codes_and_exit_fields_follow_the_rules(void **state)
{
	(void)state;
	for (size_t r = 0; r < fx.del.nrows; r++) {
		const char *u = cell(&fx.del, r, "utbildning");
		const char *ft = cell(&fx.del, r, "offentlig_forsorjning_tid");
		const char *av = cell(&fx.del, r, "avslutsanledning");
		const char *slut = cell(&fx.del, r, "slutdatum");
		const char *fe = cell(&fx.del, r, "forsorjning_efter");
		const char *ae = cell(&fx.del, r, "arbete_efter");
		const char *se = cell(&fx.del, r, "studier_efter");

		assert_true(fs_code_find(FS_LIST_UTBILDNING, u, strlen(u)) >
		    0);
		assert_true(fs_code_find(FS_LIST_FORSORJNING_TID, ft,
		    strlen(ft)) > 0);
		check_set(cell(&fx.del, r, "forsorjning_fore"));
		check_pct(cell(&fx.del, r, "arbete_fore"));
		check_pct(cell(&fx.del, r, "studier_fore"));
		assert_true(int_of(cell(&fx.del, r, "arbete_fore"), 0, 100) +
		    int_of(cell(&fx.del, r, "studier_fore"), 0, 100) <= 100);
		if (*slut == '\0') {
			/* Open: every exit field empty. */
			assert_string_equal(av, "");
			assert_string_equal(fe, "");
			assert_string_equal(ae, "");
			assert_string_equal(se, "");
			continue;
		}
		assert_true(fs_code_find(FS_LIST_AVSLUT, av, strlen(av)) > 0);
		if (strcmp(av, "felregistrering") == 0) {
			assert_string_equal(fe, "");
			assert_string_equal(ae, "");
			assert_string_equal(se, "");
			continue;
		}
		check_set(fe);
		check_pct(ae);
		check_pct(se);
		assert_true(int_of(ae, 0, 100) + int_of(se, 0, 100) <= 100);
		if (strcmp(av, "arbete") == 0)
			assert_true(int_of(ae, 0, 100) > 0);
	}
}

static void
test_shares_match_sus_2019(void **state)
{
	size_t n = fx.del.nrows, women = 0, fin = 0, fel = 0, base = 0;
	size_t young = 0, longsup = 0, work = 0, grund = 0, open = 0;
	int64_t days = 0, fte = 0;

	(void)state;
	for (size_t r = 0; r < n; r++) {
		const char *pn = cell(&fx.del, r, "personnummer");
		const char *slut = cell(&fx.del, r, "slutdatum");
		const char *ft = cell(&fx.del, r, "offentlig_forsorjning_tid");
		struct fs_pnr p;
		int32_t start;
		int64_t ae;

		assert_int_equal(fs_pnr_parse(pn, 12, date_of("2026-06-01"),
		    &p, "personnummer", NULL), FS_OK);
		if (p.kon == 'k')
			women++;
		if (*slut == '\0') {
			open++;
			continue;
		}
		fin++;
		if (strcmp(cell(&fx.del, r, "avslutsanledning"),
		    "felregistrering") == 0) {
			fel++;
			continue;
		}
		base++;
		start = date_of(cell(&fx.del, r, "startdatum"));
		if (fs_date_age(p.birth, start) < 30)
			young++;
		if (strcmp(ft, "3_9") == 0 || strcmp(ft, "over_9") == 0)
			longsup++;
		if (strcmp(cell(&fx.del, r, "utbildning"), "grundskola") == 0)
			grund++;
		days += date_of(slut) - start;
		ae = int_of(cell(&fx.del, r, "arbete_efter"), 0, 100);
		if (ae > 0)
			work++;
		fte += ae;
	}
	assert_in_range(women * 100 / n, 50, 57);
	assert_in_range(young * 100 / base, 32, 41);
	assert_in_range(longsup * 100 / base, 35, 44);
	assert_in_range(grund * 100 / base, 30, 38);
	assert_in_range(work * 100 / base, 15, 21);
	assert_in_range(fte / (int64_t)work, 75, 90);	/* about 83 % */
	assert_in_range(days / (int64_t)base, 240, 299);
	assert_in_range(fin * 100 / n, 80, 89);
	assert_in_range(fel * 1000 / fin, 1, 14);	/* about 0.5 % */
	assert_in_range(fx.st.personer * 100 / n, 90, 95);
	assert_int_equal(open, n - fin);
}

static void
test_anonyma_rows_fit_their_insats(void **state)
{
	int fy, ty, m, d;

	(void)state;
	fs_date_to_ymd(fx.p.fran, &fy, &m, &d);
	fs_date_to_ymd(fx.p.till, &ty, &m, &d);
	assert_true(fx.anon.nrows > 0);
	for (size_t r = 0; r < fx.anon.nrows; r++) {
		size_t ir = find_ins(cell(&fx.anon, r, "insats_kod"));
		int64_t ar = int_of(cell(&fx.anon, r, "ar"), fy, ty);
		int64_t kv = int_of(cell(&fx.anon, r, "kvinnor"), 0, 15);
		int64_t man = int_of(cell(&fx.anon, r, "man"), 0, 15);
		const char *islut;
		int y;

		assert_true(ir != SIZE_MAX);
		assert_string_equal(cell(&fx.ins, ir, "inriktning"),
		    "individ");
		assert_true(kv + man > 0);
		fs_date_to_ymd(date_of(cell(&fx.ins, ir, "startdatum")), &y,
		    &m, &d);
		assert_true(ar >= y);
		islut = cell(&fx.ins, ir, "slutdatum");
		if (*islut != '\0') {
			fs_date_to_ymd(date_of(islut), &y, &m, &d);
			assert_true(ar <= y);
		}
	}
}

/* ---- parameters, directories, progress ----------------------------------- */

struct bad_case {
	unsigned	 forbund;
	uint64_t	 deltagande;
	const char	*fran, *till;
	const char	*field;
};

static void
test_bad_params_are_rejected_naming_the_field(void **state)
{
	static const struct bad_case cases[] = {
		{ 0, 100, NULL, NULL, "forbund" },
		{ 81, 100, NULL, NULL, "forbund" },
		{ 5, FS_GEN_MAX_DELTAGANDE + 1, NULL, NULL, "deltagande" },
		{ 5, 100, "1980-01-01", NULL, "fran" },
		{ 5, 100, NULL, "2045-01-01", "till" },
		{ 5, 100, "2020-01-01", "2019-01-01", "till" },
		{ 5, 100, "2020-01-01", "2020-03-01", "till" },
	};
	char dir[64], sub[128];
	struct stat sb;

	(void)state;
	make_tmp(dir, sizeof(dir));
	snprintf(sub, sizeof(sub), "%s/ut", dir);
	for (size_t i = 0; i < FS_NELEM(cases); i++) {
		struct fs_gen_params p;
		struct fs_err err = FS_ERR_INIT;

		params(&p, cases[i].forbund, cases[i].deltagande, 1);
		if (cases[i].fran != NULL)
			p.fran = date_of(cases[i].fran);
		if (cases[i].till != NULL)
			p.till = date_of(cases[i].till);
		assert_int_equal(fs_gen_params_check(&p, NULL), FS_EINVAL);
		assert_int_equal(fs_gen_write(&p, sub, NULL, NULL, NULL, &err),
		    FS_EINVAL);
		assert_string_equal(err.field, cases[i].field);
		assert_true(err.msg[0] != '\0');
		assert_int_not_equal(stat(sub, &sb), 0);  /* nothing made */
	}
	rm_tree(dir);
}

static void
test_unwritable_directory_gives_eio(void **state)
{
	struct fs_gen_params p;
	struct fs_err err = FS_ERR_INIT;
	char dir[64], file[128], sub[192];
	FILE *f;

	(void)state;
	make_tmp(dir, sizeof(dir));
	snprintf(file, sizeof(file), "%s/fil", dir);
	f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);
	snprintf(sub, sizeof(sub), "%s/ut", file);
	params(&p, 2, 10, 1);
	assert_int_equal(fs_gen_write(&p, sub, NULL, NULL, NULL, &err),
	    FS_EIO);
	assert_string_equal(err.field, "ut");
	assert_int_equal(fs_gen_write(&p, file, NULL, NULL, NULL, &err),
	    FS_EIO);
	assert_string_equal(err.field, "ut");
	rm_tree(dir);
}

static void
test_missing_directories_are_created(void **state)
{
	struct fs_gen_params p;
	char dir[64], sub[128], path[192];
	struct stat sb;

	(void)state;
	make_tmp(dir, sizeof(dir));
	snprintf(sub, sizeof(sub), "%s/a/b/c", dir);
	params(&p, 3, 0, 1);
	generate(&p, sub, NULL);
	for (size_t i = 0; i < FS_NELEM(files); i++) {
		snprintf(path, sizeof(path), "%s/%s", sub, files[i]);
		assert_int_equal(stat(path, &sb), 0);
	}
	/* No participations: deltagande.csv holds the header alone. */
	snprintf(path, sizeof(path), "%s/deltagande.csv", sub);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal((size_t)sb.st_size, strlen(H_DELTAGANDE) + 1);
	rm_tree(dir);
}

struct progress_seen {
	unsigned	 calls;
	uint64_t	 done, total;
};

static void
on_progress(void *arg, uint64_t done, uint64_t total)
{
	struct progress_seen *s = arg;

	assert_true(done >= s->done);
	s->calls++;
	s->done = done;
	s->total = total;
}

static void
test_progress_reaches_the_total(void **state)
{
	struct fs_gen_params p;
	struct fs_err err = FS_ERR_INIT;
	struct progress_seen seen = { 0, 0, 0 };
	char dir[64];

	(void)state;
	make_tmp(dir, sizeof(dir));
	params(&p, 4, 70000, 3);
	assert_int_equal(fs_gen_write(&p, dir, on_progress, &seen, NULL,
	    &err), FS_OK);
	assert_int_equal(seen.calls, 2);	/* at 65 536 and at the end */
	assert_int_equal(seen.done, 70000);
	assert_int_equal(seen.total, 70000);
	rm_tree(dir);
}

static void
test_short_period_keeps_dates_inside(void **state)
{
	struct fs_gen_params p;
	struct table t;
	char dir[64];

	(void)state;
	make_tmp(dir, sizeof(dir));
	params(&p, 3, 2000, 11);
	p.fran = date_of("2020-01-01");
	p.till = date_of("2020-07-01");
	generate(&p, dir, NULL);
	load(dir, "deltagande.csv", &t);
	assert_int_equal(t.nrows, 2000);
	for (size_t r = 0; r < t.nrows; r++) {
		int32_t s = date_of(cell(&t, r, "startdatum"));
		const char *e = cell(&t, r, "slutdatum");

		assert_true(s >= p.fran && s <= p.till);
		if (*e != '\0') {
			assert_true(date_of(e) >= s);
			assert_true(date_of(e) <= p.till);
		}
	}
	unload(&t);
	rm_tree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_seed_gives_identical_files),
		cmocka_unit_test(test_different_seed_gives_different_files),
		cmocka_unit_test(
		    test_more_participations_keep_forbund_and_insatser),
		cmocka_unit_test(test_headers_match_import_formats),
		cmocka_unit_test(test_stats_match_files),
		cmocka_unit_test(
		    test_forbund_cover_real_kommuner_of_one_lan_each_once),
		cmocka_unit_test(test_insatser_are_consistent_and_unique),
		cmocka_unit_test(test_personnummer_are_valid_test_numbers),
		cmocka_unit_test(test_dates_lie_within_insats_period),
		cmocka_unit_test(test_no_person_overlaps_in_one_insats),
		cmocka_unit_test(test_codes_and_exit_fields_follow_the_rules),
		cmocka_unit_test(test_shares_match_sus_2019),
		cmocka_unit_test(test_anonyma_rows_fit_their_insats),
		cmocka_unit_test(
		    test_bad_params_are_rejected_naming_the_field),
		cmocka_unit_test(test_unwritable_directory_gives_eio),
		cmocka_unit_test(test_missing_directories_are_created),
		cmocka_unit_test(test_progress_reaches_the_total),
		cmocka_unit_test(test_short_period_keeps_dates_inside),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
