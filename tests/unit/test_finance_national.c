/* SPDX-License-Identifier: ISC */
/*
 * A national run: 80 generated förbund over the 290 kommuner with a
 * generated försörjningsmått file, the allocation from the database
 * with the default parameters (frame 339 000 000), stored and
 * recomputed byte for byte, every förbund getting at least its base
 * allocation, and the same numbers when the inputs are read back from
 * their stored JSON.  The time of the calculation is printed, never
 * asserted (bench/tilldelning.c measures it properly).
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "finsam/buf.h"
#include "finsam/gen.h"
#include "finsam/import.h"
#include "finsam/parse.h"
#include "finsam/tilldelning.h"
#include "testutil.h"

static void
national(struct test_db *t)
{
	struct fs_gen_params gp;
	struct fs_import_result res;
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf csv;
	char path[256];

	fs_gen_params_init(&gp);
	gp.forbund = 80;
	gp.deltagande = 0;
	gp.seed = 2026;
	if (fs_gen_write(&gp, t->dir, NULL, NULL, NULL, &err) != FS_OK)
		fail_msg("gen: %s: %s", err.field, err.msg);
	snprintf(path, sizeof(path), "%s/forbund.csv", t->dir);
	if (fs_import_file(t->db, FS_IMPORT_FORBUND, path, NULL, NULL, &res,
	    &err) != FS_OK)
		fail_msg("import: %s: %s", err.field, err.msg);
	assert_int_equal(res.inserted, 80);
	fs_import_result_release(&res);
	fs_buf_init(&csv, 0);
	assert_int_equal(fs_fm_generate(2024, 2024, 7, &csv, &err), FS_OK);
	if (fs_import_mem(t->db, FS_IMPORT_FORSORJNINGSMATT, csv.buf, csv.len,
	    NULL, NULL, &res, &err) != FS_OK)
		fail_msg("import fm: %s: %s", err.field, err.msg);
	assert_int_equal(res.inserted, 290);
	fs_import_result_release(&res);
	fs_buf_release(&csv);
}

static double
ms_since(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) * 1e3 +
	    (double)(b.tv_nsec - a->tv_nsec) / 1e6;
}

static void
test_national_run_80_forbund(void **state)
{
	struct test_db t;
	struct fs_tdl_berakning b, again;
	struct fs_tdl_input in2;
	struct fs_tdl_result r2;
	struct fs_err err = FS_ERR_INIT;
	struct fs_buf ij;
	struct timespec t0;
	int64_t sum_m = 0, sum_t = 0;
	size_t kommuner = 0;
	bool same = false;

	(void)state;
	assert_int_equal(test_db_open(&t), 0);
	national(&t);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(fs_tdl_berakna(t.db, 2026, NULL, true, &b, &err),
	    FS_OK);
	fprintf(stderr, "# nationell beräkning och lagring: %.2f ms\n",
	    ms_since(&t0));
	assert_int_equal(b.res.nrad, 80);
	assert_int_equal(b.res.ram, 339000000);
	for (size_t i = 0; i < b.res.nrad; i++) {
		sum_m += b.res.rad[i].mojlig;
		sum_t += b.res.rad[i].tilldelning;
		kommuner += b.res.rad[i].nkommuner;
		assert_true(b.res.rad[i].mojlig >= 400000);
	}
	assert_int_equal(sum_m, 339000000);
	assert_int_equal(sum_t, 339000000);
	assert_true(kommuner > 200 && kommuner <= 290);
	/* Stored: recomputed from parameters and inputs, the same bytes. */
	assert_int_equal(fs_tdl_berakning_get(t.db, b.id, &again, &same,
	    &err), FS_OK);
	assert_true(same);
	assert_int_equal(again.json.len, b.json.len);
	assert_memory_equal(again.json.buf, b.json.buf, b.json.len);
	fs_tdl_berakning_release(&again);
	/* The inputs' JSON reads back to the same calculation. */
	fs_buf_init(&ij, 0);
	assert_int_equal(fs_tdl_input_to_json(&b.in, &ij, &err), FS_OK);
	assert_int_equal(fs_tdl_input_from_json(ij.buf, ij.len, &in2, &err),
	    FS_OK);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(fs_tdl_compute(&b.params, &in2, &r2, &err), FS_OK);
	fprintf(stderr, "# nationell beräkning (ren modell): %.3f ms\n",
	    ms_since(&t0));
	for (size_t i = 0; i < r2.nrad; i++)
		assert_int_equal(r2.rad[i].tilldelning,
		    b.res.rad[i].tilldelning);
	fs_tdl_result_release(&r2);
	fs_tdl_input_release(&in2);
	fs_buf_release(&ij);
	fs_tdl_berakning_release(&b);
	/* Next year: the spärr reads this year's stored calculation. */
	{
		struct fs_tdl_params p;

		fs_tdl_params_init(&p, 2027);
		p.dataar = 2024;
		p.ram = 300000000;
		assert_int_equal(fs_tdl_berakna(t.db, 2027, &p, false, &b,
		    &err), FS_OK);
		assert_int_equal(b.res.summa_mojlig, 300000000);
		assert_int_equal(b.res.sparr, FS_TDL_SPARR_EJ_MOJLIG);
		fs_tdl_berakning_release(&b);
		p.ram = 330000000;
		assert_int_equal(fs_tdl_berakna(t.db, 2027, &p, false, &b,
		    &err), FS_OK);
		assert_int_equal(b.res.summa_mojlig, 330000000);
		for (size_t i = 0; i < b.res.nrad; i++)
			if (b.res.rad[i].golv != FS_TDL_NONE)
				assert_true(b.res.rad[i].mojlig >=
				    b.res.rad[i].golv);
		fs_tdl_berakning_release(&b);
		fs_tdl_params_release(&p);
	}
	test_db_close(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_national_run_80_forbund),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
