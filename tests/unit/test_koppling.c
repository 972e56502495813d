/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of linkage projects (koppling.c) on a real temporary
 * database: project names, the pseudonymised participation file (only
 * the columns of the spec, no personnummer, identified and non-
 * felregistrering participations only, sorted, mode 0600), pseudonyms
 * that are stable within a project, different between projects and
 * computable by the register holder with the project key, the refusals
 * that store nothing, the audit log, stored results, and that an
 * exported file is read by the linkage engine.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "finsam/buf.h"
#include "finsam/deltagande.h"
#include "finsam/err.h"
#include "finsam/import.h"
#include "finsam/koppling.h"
#include "finsam/parse.h"
#include "finsam/pnr.h"
#include "testutil.h"

/* A valid 12-digit personnummer for date ymd (YYYYMMDD) and serial. */
static void
mkpnr(const char *ymd, int serial, char out[13])
{
	int sum = 0;

	snprintf(out, 13, "%s%03d", ymd, serial);
	for (int i = 0; i < 9; i++) {
		int d = (out[2 + i] - '0') * (i % 2 == 0 ? 2 : 1);

		sum += d / 10 + d % 10;
	}
	out[11] = (char)('0' + (10 - sum % 10) % 10);
	out[12] = '\0';
}

static void
imp(struct fs_db *db, enum fs_import_kind kind, const char *text)
{
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;
	enum fs_rc rc;

	rc = fs_import_mem(db, kind, text, strlen(text), NULL, NULL, &res,
	    &err);
	if (rc != FS_OK && res.nerrors > 0)
		fprintf(stderr, "rad %ld %s: %s\n", res.errors[0].line,
		    res.errors[0].column, res.errors[0].msg);
	assert_int_equal(rc, FS_OK);
	fs_import_result_release(&res);
}

/*
 * Two förbund; four persons: p1 has two participations (one open), p2
 * one finished, p3 a felregistrering, p4 one that is then
 * de-identified.
 */
static char p1[13], p2[13], p3[13], p4[13];

static int
setup(void **state)
{
	struct test_db *t = calloc(1, sizeof(*t));
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;
	struct fs_pnr pn;
	size_t n;

	if (t == NULL || test_db_open(t) != 0)
		return -1;
	mkpnr("19850612", 123, p1);
	mkpnr("19900101", 234, p2);
	mkpnr("19700303", 345, p3);
	mkpnr("19601111", 456, p4);
	imp(t->db, FS_IMPORT_FORBUND, "forbund_kod,namn,organisationsnummer,"
	    "startdatum,kommuner\nSF1,Förbund Ett,802000-0009,2020-01-01,"
	    "0180 0181\nSF2,Förbund Två,8020000017,2020-01-01,1280\n");
	imp(t->db, FS_IMPORT_INSATSER, "insats_kod,forbund_kod,namn,"
	    "inriktning,uppfoljning,startdatum\n"
	    "IT1,SF1,IT-spåret,individ,individ,2020-01-01\n"
	    "IT2,SF2,Steget,individ,individ,2020-01-01\n");
	fs_buf_init(&b, 0);
	assert_int_equal(fs_buf_addf(&b, "insats_kod,personnummer,"
	    "samtycke_datum,startdatum,slutdatum,avslutsanledning\n"
	    "IT1,%s,2022-02-01,2022-02-01,2022-09-30,arbete\n"
	    "IT1,%s,2023-03-01,2023-03-01,,\n"
	    "IT2,%s,2022-04-01,2022-04-01,2023-01-31,studier\n"
	    "IT1,%s,2022-05-01,2022-05-01,2022-05-02,felregistrering\n"
	    "IT2,%s,2022-06-01,2022-06-01,2022-12-31,arbete\n",
	    p1, p1, p2, p3, p4), FS_OK);
	imp(t->db, FS_IMPORT_DELTAGANDE, b.buf);
	fs_buf_release(&b);
	assert_int_equal(fs_pnr_parse(p4, 12, fs_date_today(), &pn, "p",
	    &err), FS_OK);
	assert_int_equal(fs_person_deidentify(t->db, &pn,
	    FS_DEIDENT_SAMTYCKE_ATERKALLAT, &n, &err), FS_OK);
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct test_db *t = *state;

	test_db_close(t);
	free(t);
	return 0;
}

static struct fs_db *
db_of(void **state)
{
	return ((struct test_db *)*state)->db;
}

/* An integer from one SQL query on the test database. */
static long long
q1(void **state, const char *sql)
{
	struct test_db *t = *state;
	sqlite3 *db;
	sqlite3_stmt *s;
	long long v = -1;

	assert_int_equal(sqlite3_open_v2(t->path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	struct fs_buf b;
	char buf[4096];
	size_t n;

	assert_non_null(f);
	fs_buf_init(&b, 0);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		assert_int_equal(fs_buf_add(&b, buf, n), FS_OK);
	fclose(f);
	return fs_buf_detach(&b, NULL);
}

static void
out_path(void **state, const char *name, char *out, size_t n)
{
	snprintf(out, n, "%s/%s", ((struct test_db *)*state)->dir, name);
}

static int64_t
skapa(void **state, const char *namn)
{
	struct fs_err err = FS_ERR_INIT;
	int64_t id;

	assert_int_equal(fs_koppling_skapa(db_of(state), namn, &id, &err),
	    FS_OK);
	assert_true(id > 0);
	return id;
}

static const struct fs_koppling_urval alla = { NULL, FS_DATE_NONE,
	FS_DATE_NONE };

static void
test_project_names_are_checked_and_unique(void **state)
{
	static const char *const bad[] = { "", "a\tb", "rad\nbrytning" };
	struct fs_koppling_projekt p;
	struct fs_err err = FS_ERR_INIT;
	char longname[512];
	int64_t id, id2;

	id = skapa(state, "Uppföljning 2024 – FK");
	assert_int_equal(fs_koppling_skapa(db_of(state),
	    "Uppföljning 2024 – FK", &id2, &err), FS_ECONFLICT);
	assert_string_equal(err.field, "namn");
	assert_int_equal(id2, 0);
	for (size_t i = 0; i < FS_NELEM(bad); i++) {
		assert_int_equal(fs_koppling_skapa(db_of(state), bad[i], &id2,
		    &err), FS_EINVAL);
		assert_string_equal(err.field, "namn");
	}
	memset(longname, 'x', 201);
	longname[201] = '\0';
	assert_int_equal(fs_koppling_skapa(db_of(state), longname, &id2, &err),
	    FS_EINVAL);
	/* 200 characters of two bytes each are fine. */
	for (int i = 0; i < 200; i++)
		memcpy(longname + 2 * i, "ö", 2);
	longname[400] = '\0';
	assert_int_equal(fs_koppling_skapa(db_of(state), longname, &id2, &err),
	    FS_OK);
	assert_int_equal(q1(state, "SELECT count(*) FROM koppling_projekt"),
	    2);
	assert_int_equal(q1(state, "SELECT count(*) FROM logg WHERE "
	    "handling = 'koppling.skapa'"), 2);
	assert_int_equal(fs_koppling_hamta(db_of(state), 0,
	    "Uppföljning 2024 – FK", &p, &err), FS_OK);
	assert_int_equal(p.id, id);
	assert_int_equal(p.exporter, 0);
	assert_int_equal(fs_koppling_hamta(db_of(state), 999, NULL, &p, &err),
	    FS_ENOTFOUND);
	assert_string_equal(err.field, "projekt");
}

static void
test_export_has_only_the_spec_columns_and_no_personnummer(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	char path[160], *text, *line, *nl, prev[40] = "";
	struct stat st;
	uint64_t rows;
	int64_t id = skapa(state, "P");
	int n = 0;

	out_path(state, "export.csv", path, sizeof(path));
	assert_int_equal(fs_koppling_exportera(db_of(state), id, &alla, path,
	    &rows, &err), FS_OK);
	/* p1 twice, p2; not the felregistrering, not the de-identified. */
	assert_int_equal(rows, 3);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	text = slurp(path);
	assert_null(strstr(text, p1));
	assert_null(strstr(text, p2));
	assert_null(strstr(text, p1 + 2));	/* not even 10 digits */
	assert_null(strstr(text, "19850612"));
	for (line = text; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		assert_non_null(nl);
		*nl = '\0';
		if (n++ == 0) {
			assert_string_equal(line, "pseudonym,insats_kod,"
			    "forbund_kod,kon,alder_vid_start,startdatum,"
			    "slutdatum");
			continue;
		}
		/* 32 hex digits, then the fields; sorted by pseudonym. */
		assert_int_equal(strspn(line, "0123456789abcdef"), 32);
		assert_int_equal(line[32], ',');
		assert_true(strncmp(prev, line, 32) <= 0);
		memcpy(prev, line, 32);
	}
	assert_int_equal(n, 4);
	free(text);
	text = slurp(path);
	assert_non_null(strstr(text, ",IT1,SF1,m,36,2022-02-01,2022-09-30\n"));
	assert_non_null(strstr(text, ",IT1,SF1,m,37,2023-03-01,\n"));
	assert_non_null(strstr(text, ",IT2,SF2,k,32,2022-04-01,2023-01-31\n"));
	free(text);
}

/* The pseudonym in the file of the row with startdatum start. */
static void
pseud_of(const char *path, const char *start, char out[33])
{
	char *text = slurp(path), *p;

	p = strstr(text, start);
	assert_non_null(p);
	while (p > text && p[-1] != '\n')
		p--;
	memcpy(out, p, 32);
	out[32] = '\0';
	free(text);
}

static void
test_pseudonyms_are_per_project_and_computable_with_its_key(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	unsigned char key[32];
	char a1[160], a2[160], b1[160];
	char pa[33], pa2[33], pb[33], mine[33];
	uint64_t rows;
	int64_t a = skapa(state, "A"), b = skapa(state, "B");

	out_path(state, "a1.csv", a1, sizeof(a1));
	out_path(state, "a2.csv", a2, sizeof(a2));
	out_path(state, "b1.csv", b1, sizeof(b1));
	assert_int_equal(fs_koppling_exportera(db_of(state), a, &alla, a1,
	    &rows, &err), FS_OK);
	assert_int_equal(fs_koppling_exportera(db_of(state), a, &alla, a2,
	    &rows, &err), FS_OK);
	assert_int_equal(fs_koppling_exportera(db_of(state), b, &alla, b1,
	    &rows, &err), FS_OK);
	pseud_of(a1, "2022-02-01", pa);
	pseud_of(a2, "2022-02-01", pa2);
	pseud_of(b1, "2022-02-01", pb);
	/* Stable within a project, different between projects. */
	assert_string_equal(pa, pa2);
	assert_string_not_equal(pa, pb);
	/* Both participations of p1 carry the same pseudonym. */
	pseud_of(a1, "2023-03-01", pa2);
	assert_string_equal(pa, pa2);
	/* The register holder computes it from the personnummer. */
	assert_int_equal(fs_koppling_nyckel(db_of(state), a, key, &err),
	    FS_OK);
	fs_koppling_pseudonym(key, p1, mine);
	assert_string_equal(mine, pa);
	fs_koppling_pseudonym(key, p2, mine);
	assert_string_not_equal(mine, pa);
	assert_int_equal(q1(state, "SELECT count(*) FROM logg WHERE "
	    "handling = 'koppling.nyckel'"), 1);
	assert_int_equal(fs_koppling_nyckel(db_of(state), 999, key, &err),
	    FS_ENOTFOUND);
}

static void
test_bad_exports_are_refused_and_store_nothing(void **state)
{
	struct fs_koppling_urval u = alla;
	struct fs_err err = FS_ERR_INIT;
	char path[160], other[160];
	uint64_t rows;
	int64_t id = skapa(state, "P");

	out_path(state, "e.csv", path, sizeof(path));
	out_path(state, "f.csv", other, sizeof(other));
	assert_int_equal(fs_koppling_exportera(db_of(state), id, &alla, path,
	    &rows, &err), FS_OK);
	/* An existing file is never replaced. */
	assert_int_equal(fs_koppling_exportera(db_of(state), id, &alla, path,
	    &rows, &err), FS_ECONFLICT);
	assert_string_equal(err.field, "ut");
	assert_int_equal(fs_koppling_exportera(db_of(state), 999, &alla, other,
	    &rows, &err), FS_ENOTFOUND);
	assert_string_equal(err.field, "projekt");
	u.forbund_kod = "SF9";
	assert_int_equal(fs_koppling_exportera(db_of(state), id, &u, other,
	    &rows, &err), FS_ENOTFOUND);
	assert_string_equal(err.field, "forbund");
	u.forbund_kod = NULL;
	u.fran = fs_date_from_ymd(2023, 1, 1);
	u.till = fs_date_from_ymd(2022, 1, 1);
	assert_int_equal(fs_koppling_exportera(db_of(state), id, &u, other,
	    &rows, &err), FS_EINVAL);
	assert_string_equal(err.field, "till");
	assert_int_equal(rows, 0);
	assert_int_not_equal(access(other, F_OK), 0);
	assert_int_equal(q1(state, "SELECT count(*) FROM koppling_export"), 1);
	/* The refused attempts of a known project are logged as "fel". */
	assert_int_equal(q1(state, "SELECT count(*) FROM logg WHERE "
	    "handling = 'koppling.exportera' AND utfall = 'fel'"), 3);
}

static void
test_every_export_is_audited_without_personnummer(void **state)
{
	struct fs_koppling_urval u = alla;
	struct fs_koppling_projekt p;
	struct fs_err err = FS_ERR_INIT;
	char path[160];
	uint64_t rows;
	int64_t id = skapa(state, "P");

	out_path(state, "e.csv", path, sizeof(path));
	u.forbund_kod = "SF2";
	assert_int_equal(fs_koppling_exportera(db_of(state), id, &u, path,
	    &rows, &err), FS_OK);
	assert_int_equal(rows, 1);
	assert_int_equal(q1(state, "SELECT count(*) FROM logg WHERE "
	    "handling = 'koppling.exportera' AND utfall = 'ok' AND "
	    "objekt = 'koppling 1' AND forbund_id = 2 AND "
	    "detaljer LIKE '{\"rader\":1,%'"), 1);
	assert_int_equal(q1(state, "SELECT count(*) FROM logg WHERE "
	    "detaljer LIKE '%19850612%' OR detaljer LIKE '%19900101%'"), 0);
	assert_int_equal(fs_koppling_hamta(db_of(state), id, NULL, &p, &err),
	    FS_OK);
	assert_int_equal(p.exporter, 1);
	assert_int_equal(p.senaste_rader, 1);
	assert_true(p.senaste_export[0] != '\0');
}

static void
test_export_selection_by_forbund_and_start(void **state)
{
	struct fs_koppling_urval u = alla;
	struct fs_err err = FS_ERR_INIT;
	char path[160];
	uint64_t rows;
	int64_t id = skapa(state, "P");

	out_path(state, "s1.csv", path, sizeof(path));
	u.forbund_kod = "SF1";
	assert_int_equal(fs_koppling_exportera(db_of(state), id, &u, path,
	    &rows, &err), FS_OK);
	assert_int_equal(rows, 2);
	out_path(state, "s2.csv", path, sizeof(path));
	u.forbund_kod = NULL;
	u.fran = fs_date_from_ymd(2022, 3, 1);
	u.till = fs_date_from_ymd(2022, 12, 31);
	assert_int_equal(fs_koppling_exportera(db_of(state), id, &u, path,
	    &rows, &err), FS_OK);
	assert_int_equal(rows, 1);	/* p2's 2022-04-01 */
}

static void
test_exported_file_is_read_by_the_engine(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_koppling *k;
	char path[160];
	uint64_t rows;
	int64_t id = skapa(state, "P");

	out_path(state, "e.csv", path, sizeof(path));
	assert_int_equal(fs_koppling_exportera(db_of(state), id, &alla, path,
	    &rows, &err), FS_OK);
	assert_int_equal(fs_koppling_alloc(&k, &err), FS_OK);
	assert_int_equal(fs_koppling_deltagande_file(k, path, &err), FS_OK);
	assert_int_equal(fs_koppling_antal(k), 3);
	fs_koppling_free(k);
}

static void
test_results_are_stored_with_the_project(void **state)
{
	struct fs_koppling_projekt *v;
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf b;
	size_t n;
	int64_t id = skapa(state, "P");

	fs_buf_init(&b, 0);
	assert_int_equal(fs_koppling_resultat_hamta(db_of(state), id, &b,
	    &err), FS_ENOTFOUND);
	assert_string_equal(err.field, "resultat");
	assert_int_equal(fs_koppling_resultat_spara(db_of(state), id,
	    "{\"anvanda\":1}", &err), FS_OK);
	assert_int_equal(fs_koppling_resultat_spara(db_of(state), id,
	    "{\"anvanda\":2}", &err), FS_OK);
	assert_int_equal(fs_koppling_resultat_hamta(db_of(state), id, &b,
	    &err), FS_OK);
	assert_string_equal(b.buf, "{\"anvanda\":2}");
	assert_int_equal(fs_koppling_resultat_spara(db_of(state), 999, "{}",
	    &err), FS_ENOTFOUND);
	assert_int_equal(fs_koppling_lista(db_of(state), &v, &n, &err), FS_OK);
	assert_int_equal(n, 1);
	assert_true(v[0].resultat_tid[0] != '\0');
	fs_buf_reset(&b);
	assert_int_equal(fs_koppling_lista_write_json(v, n, &b, &err), FS_OK);
	assert_non_null(strstr(b.buf, "\"namn\": \"P\""));
	free(v);
	fs_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_project_names_are_checked_and_unique, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_export_has_only_the_spec_columns_and_no_personnummer,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_pseudonyms_are_per_project_and_computable_with_its_key,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_bad_exports_are_refused_and_store_nothing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_every_export_is_audited_without_personnummer, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_export_selection_by_forbund_and_start, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_exported_file_is_read_by_the_engine, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_results_are_stored_with_the_project, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
