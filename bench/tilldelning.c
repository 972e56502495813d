/* SPDX-License-Identifier: ISC */
/*
 * Benchmark: the national allocation.  80 generated förbund over the
 * 290 kommuner and a generated försörjningsmått file in a new database;
 * then, as medians over many runs, the pure model (fs_tdl_compute),
 * gathering the inputs from the database plus the model (what a page
 * or "berakna --prova" costs), the whole "berakna" with storage in one
 * transaction, and the JSON output.  Prints figures, asserts nothing
 * about time (machines here are shared and noisy).
 *
 *   tilldelning [--varv N] [--seed S]
 */
#include "compat.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/gen.h"
#include "finsam/import.h"
#include "finsam/tilldelning.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
die(const char *what, const struct fs_err *err)
{
	fprintf(stderr, "tilldelning: %s: %s: %s\n", what, err->field,
	    err->msg);
	exit(1);
}

/* A new database in dir with 80 förbund and försörjningsmått 2024. */
static struct fs_db *
setup(const char *dir, uint64_t seed)
{
	struct fs_gen_params gp;
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;
	struct fs_db *db = NULL;
	struct fs_buf csv;
	char path[512], dbp[512];

	snprintf(dbp, sizeof(dbp), "%s/bench.db", dir);
	if (fs_db_init(dbp, NULL, &err) != FS_OK)
		die("init", &err);
	if (fs_db_open(dbp, NULL, "bench", &db, &err) != FS_OK)
		die("open", &err);
	fs_gen_params_init(&gp);
	gp.forbund = 80;
	gp.deltagande = 0;
	gp.seed = seed;
	if (fs_gen_write(&gp, dir, NULL, NULL, NULL, &err) != FS_OK)
		die("generera", &err);
	snprintf(path, sizeof(path), "%s/forbund.csv", dir);
	if (fs_import_file(db, FS_IMPORT_FORBUND, path, NULL, NULL, &res,
	    &err) != FS_OK)
		die("import forbund", &err);
	fs_import_result_release(&res);
	fs_buf_init(&csv, 0);
	if (fs_fm_generate(2024, 2024, seed, &csv, &err) != FS_OK)
		die("generera forsorjningsmatt", &err);
	if (fs_import_mem(db, FS_IMPORT_FORSORJNINGSMATT, csv.buf, csv.len,
	    NULL, NULL, &res, &err) != FS_OK)
		die("import forsorjningsmatt", &err);
	fs_import_result_release(&res);
	fs_buf_release(&csv);
	return db;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "varv", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct fs_err err = FS_ERR_INIT;
	struct fs_tdl_berakning b;
	struct fs_tdl_params p;
	struct fs_tdl_input in;
	struct fs_tdl_result r;
	struct fs_db *db;
	struct fs_buf out;
	char dir[] = "/tmp/finsam-bench-tdl-XXXXXX", cmd[600];
	double *t_model, *t_gather, *t_store, *t_json, t0;
	long varv = 200;
	uint64_t seed = 2026;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'n')
			varv = strtol(optarg, NULL, 10);
		else if (c == 's')
			seed = strtoull(optarg, NULL, 10);
		else {
			fprintf(stderr, "användning: tilldelning [--varv N] "
			    "[--seed S]\n");
			return 1;
		}
	}
	if (varv < 1 || varv > 100000)
		varv = 200;
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	t0 = now_ms();
	db = setup(dir, seed);
	printf("databas med 80 förbund och försörjningsmått för 290 kommuner: "
	    "%.0f ms\n", now_ms() - t0);
	t_model = calloc((size_t)varv, sizeof(double));
	t_gather = calloc((size_t)varv, sizeof(double));
	t_store = calloc((size_t)varv, sizeof(double));
	t_json = calloc((size_t)varv, sizeof(double));
	if (t_model == NULL || t_gather == NULL || t_store == NULL ||
	    t_json == NULL)
		return 1;
	fs_tdl_params_init(&p, 2026);
	if (fs_tdl_input_load(db, &p, &in, &err) != FS_OK)
		die("indata", &err);
	for (long i = 0; i < varv; i++) {
		t0 = now_ms();
		if (fs_tdl_compute(&p, &in, &r, &err) != FS_OK)
			die("beräkna", &err);
		t_model[i] = now_ms() - t0;
		fs_buf_init(&out, 0);
		t0 = now_ms();
		if (fs_tdl_write(&r, FS_TDL_JSON, NULL, &out, &err) != FS_OK)
			die("json", &err);
		t_json[i] = now_ms() - t0;
		fs_buf_release(&out);
		fs_tdl_result_release(&r);
	}
	fs_tdl_input_release(&in);
	for (long i = 0; i < varv; i++) {
		t0 = now_ms();
		if (fs_tdl_berakna(db, 2026, NULL, false, &b, &err) != FS_OK)
			die("berakna --prova", &err);
		t_gather[i] = now_ms() - t0;
		fs_tdl_berakning_release(&b);
	}
	for (long i = 0; i < varv && i < 50; i++) {
		t0 = now_ms();
		if (fs_tdl_berakna(db, 2026, NULL, true, &b, &err) != FS_OK)
			die("berakna", &err);
		t_store[i] = now_ms() - t0;
		if (i == 0)
			printf("förbund: %zu, summa möjlig tilldelning: %lld kr, "
			    "JSON: %zu byte\n", b.res.nrad,
			    (long long)b.res.summa_mojlig, b.json.len);
		fs_tdl_berakning_release(&b);
	}
	printf("modellen (fs_tdl_compute), median av %ld: %.3f ms\n", varv,
	    median(t_model, (size_t)varv));
	printf("JSON-utdata (fs_tdl_write), median av %ld: %.3f ms\n", varv,
	    median(t_json, (size_t)varv));
	printf("indata ur databasen + modellen + JSON (berakna --prova), "
	    "median av %ld: %.3f ms\n", varv, median(t_gather, (size_t)varv));
	printf("berakna med lagring i en transaktion, median av %ld: %.3f ms\n",
	    varv < 50 ? varv : 50, median(t_store, (size_t)(varv < 50 ? varv :
	    50)));
	fs_tdl_params_release(&p);
	fs_db_close(db);
	free(t_model);
	free(t_gather);
	free(t_store);
	free(t_json);
	snprintf(cmd, sizeof(cmd), "%s/bench.db", dir);
	unlink(cmd);
	snprintf(cmd, sizeof(cmd), "%s/bench.db.nyckel", dir);
	unlink(cmd);
	snprintf(cmd, sizeof(cmd), "%s/bench.db-wal", dir);
	unlink(cmd);
	snprintf(cmd, sizeof(cmd), "%s/bench.db-shm", dir);
	unlink(cmd);
	for (size_t i = 0; i < 4; i++) {
		static const char *const f[] = { "forbund.csv", "insatser.csv",
			"deltagande.csv", "anonyma.csv" };

		snprintf(cmd, sizeof(cmd), "%s/%s", dir, f[i]);
		unlink(cmd);
	}
	rmdir(dir);
	return 0;
}
