/* SPDX-License-Identifier: ISC */
/*
 * Benchmark: generate N participations as CSV, import them into a new
 * database, and run the riket outcome report; then the same 14 measures
 * as plain SQL over the same tables, and the ratio.  Prints figures,
 * asserts nothing about time (machines here are shared and noisy).
 *
 *   import_report [--deltagande N] [--forbund F] [--katalog DIR] [--behall]
 */
#include "compat.h"

#include <getopt.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "finsam/db.h"
#include "finsam/gen.h"
#include "finsam/import.h"
#include "finsam/parse.h"
#include "finsam/report.h"

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
die(const char *what, const struct fs_err *err)
{
	fprintf(stderr, "import_report: %s: %s: %s\n", what, err->field,
	    err->msg);
	exit(1);
}

static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static bool
same_result(const struct fs_utfall *a, const struct fs_utfall *b)
{
	for (int m = 0; m < FS_UTFALL__MAX; m++)
		for (int c = 0; c < FS_COL__MAX; c++) {
			const struct fs_ratio *x = &a->cell[m][c];
			const struct fs_ratio *y = &b->cell[m][c];

			/* Compare as fractions: x.t / x.n == y.t / y.n. */
			if ((x->namnare == 0) != (y->namnare == 0))
				return false;
			if (x->namnare != 0 && (__int128)x->taljare *
			    y->namnare != (__int128)y->taljare * x->namnare)
				return false;
		}
	return true;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "deltagande", required_argument, NULL, 'n' },
		{ "forbund", required_argument, NULL, 'f' },
		{ "katalog", required_argument, NULL, 'k' },
		{ "behall", no_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const kinds[] = { "forbund", "insatser",
		"deltagande", "anonyma" };
	struct fs_err err = FS_ERR_INIT;
	struct fs_gen_params gp;
	struct fs_gen_stats gs;
	struct fs_import_result res;
	struct fs_report_query q;
	struct fs_utfall u, usql;
	struct fs_db *db;
	char dir[256] = "", path[640], dbpath[320];
	double t0, t_gen, t_imp = 0, t_cold, warm[21], sqlt[3], w, s, t_memo;
	uint64_t nrows = 0;
	bool keep = false;
	int c;

	fs_gen_params_init(&gp);
	gp.forbund = 80;
	gp.deltagande = 1200000;
	gp.seed = 20261122;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			gp.deltagande = strtoull(optarg, NULL, 10);
			break;
		case 'f':
			gp.forbund = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'k':
			snprintf(dir, sizeof(dir), "%s", optarg);
			break;
		case 'b':
			keep = true;
			break;
		default:
			fprintf(stderr, "användning: import_report "
			    "[--deltagande N] [--forbund F] [--katalog DIR] "
			    "[--behall]\n");
			return 1;
		}
	}
	if (dir[0] == '\0') {
		snprintf(dir, sizeof(dir), "/tmp/finsam-bench-XXXXXX");
		if (mkdtemp(dir) == NULL) {
			perror("mkdtemp");
			return 1;
		}
	}
	printf("finsam bench/import_report: %llu deltaganden, %u förbund, "
	    "katalog %s\n", (unsigned long long)gp.deltagande, gp.forbund,
	    dir);

	t0 = now_s();
	if (fs_gen_write(&gp, dir, NULL, NULL, &gs, &err) != FS_OK)
		die("generera", &err);
	t_gen = now_s() - t0;
	printf("generera:   %.2f s (%llu deltaganden, %llu avslutade, %llu "
	    "personer)\n", t_gen, (unsigned long long)gs.deltagande,
	    (unsigned long long)gs.avslutade, (unsigned long long)gs.personer);

	snprintf(dbpath, sizeof(dbpath), "%s/bench.db", dir);
	unlink(dbpath);
	snprintf(path, sizeof(path), "%s.nyckel", dbpath);
	unlink(path);
	unsetenv("FINSAM_NYCKEL");
	if (fs_db_init(dbpath, NULL, &err) != FS_OK)
		die("init", &err);
	if (fs_db_open(dbpath, NULL, "bench", &db, &err) != FS_OK)
		die("öppna", &err);
	for (size_t k = 0; k < FS_NELEM(kinds); k++) {
		double t;

		snprintf(path, sizeof(path), "%s/%s.csv", dir, kinds[k]);
		memset(&res, 0, sizeof(res));
		t = now_s();
		if (fs_import_file(db, (enum fs_import_kind)k, path, NULL, NULL,
		    &res, &err) != FS_OK) {
			for (size_t e = 0; e < res.nerrors && e < 10; e++)
				fprintf(stderr, "rad %ld %s: %s\n",
				    res.errors[e].line, res.errors[e].column,
				    res.errors[e].msg);
			die(kinds[k], &err);
		}
		t = now_s() - t;
		if (k == FS_IMPORT_DELTAGANDE) {
			t_imp = t;
			nrows = res.rows;
		}
		printf("import %-10s %8zu rader  %.2f s\n", kinds[k], res.rows,
		    t);
		fs_import_result_release(&res);
	}
	printf("import deltagande: %.0f rader/s (mål ≥ 100 000, med "
	    "validering och kryptering)\n", (double)nrows / t_imp);

	memset(&q, 0, sizeof(q));
	q.level = FS_LEVEL_RIKET;
	q.fran = fs_date_from_ymd(1990, 1, 1);
	q.till = fs_date_from_ymd(2039, 12, 31);
	t0 = now_s();
	if (fs_report_utfall(db, &q, &u, &err) != FS_OK)
		die("rapport", &err);
	t_cold = now_s() - t0;
	/*
	 * Each run computes the report from the stored snapshot: the
	 * connection's memo of recent answers is forgotten first, or the
	 * runs would only measure a lookup (that is printed apart).
	 */
	for (size_t i = 0; i < FS_NELEM(warm); i++) {
		fs_report_forget(db);
		t0 = now_s();
		if (fs_report_utfall(db, &q, &u, &err) != FS_OK)
			die("rapport", &err);
		warm[i] = now_s() - t0;
	}
	t0 = now_s();
	if (fs_report_utfall(db, &q, &u, &err) != FS_OK)
		die("rapport", &err);
	t_memo = now_s() - t0;
	for (size_t i = 0; i < FS_NELEM(sqlt); i++) {
		t0 = now_s();
		if (fs_report_utfall_sql(db, &q, &usql, &err) != FS_OK)
			die("rapport-sql", &err);
		sqlt[i] = now_s() - t0;
	}
	w = median(warm, FS_NELEM(warm));
	s = median(sqlt, FS_NELEM(sqlt));
	printf("utfall riket över %lld avslutade deltaganden:\n",
	    (long long)u.cell[FS_UTFALL_ANTAL][FS_COL_TOTALT].taljare);
	printf("  första körningen (läser eller bygger cachen): %.1f ms\n",
	    t_cold * 1e3);
	printf("  median av %zu körningar: %.2f ms (mål ≤ 50 ms)\n",
	    FS_NELEM(warm), w * 1e3);
	printf("  samma fråga igen ur anslutningens minne: %.3f ms\n",
	    t_memo * 1e3);
	printf("  samma 14 mått som vanlig SQL: median %.1f ms\n", s * 1e3);
	printf("  kvot SQL / finsam: %.1f\n", s / w);
	printf("  samma resultat: %s\n", same_result(&u, &usql) ? "ja" :
	    "NEJ");
	fs_db_close(db);
	if (!keep) {
		static const char *const files[] = { "forbund.csv",
			"insatser.csv", "deltagande.csv", "anonyma.csv",
			"bench.db", "bench.db.nyckel", "bench.db-wal",
			"bench.db-shm" };

		for (size_t k = 0; k < FS_NELEM(files); k++) {
			snprintf(path, sizeof(path), "%s/%s", dir, files[k]);
			unlink(path);
		}
		rmdir(dir);
	}
	return same_result(&u, &usql) ? 0 : 1;
}
