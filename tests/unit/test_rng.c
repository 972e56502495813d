/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of the shared pseudo-random generator (rng.c): splitmix64
 * against its published reference outputs, the seeding of streams, the
 * first xoshiro256** outputs of fixed seeds (taken from the generators
 * of gen.c, koppling_gen.c and utvardering_did.c before they were
 * merged, so that generated files and bootstrap results stay the
 * same), determinism, the bounds of the bounded draws and the
 * definition of the uniform and normal draws.
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

#include "finsam/rng.h"

static void
test_splitmix64_gives_the_published_reference_outputs(void **state)
{
	/* Vigna's splitmix64.c started from state 0. */
	static const uint64_t want[] = {
		0xe220a8397b1dcdafULL, 0x6e789e6aa1b965f4ULL,
		0x06c45d188009454fULL,
	};
	uint64_t x = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_int_equal(fs_rng_splitmix64(&x), want[i]);
	assert_int_equal(x, 3 * 0x9e3779b97f4a7c15ULL);
}

static void
test_seed_fills_the_state_with_splitmix64_of_the_seed(void **state)
{
	static const uint64_t want[4] = {
		0x910a2dec89025cc1ULL, 0xbeeb8da1658eec67ULL,
		0xf893a2eefb32555eULL, 0x71c18690ee42c90bULL,
	};
	struct fs_rng r;
	uint64_t x = 1;

	(void)state;
	fs_rng_seed(&r, 1, 0);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(r.s[i], want[i]);
		assert_int_equal(r.s[i], fs_rng_splitmix64(&x));
	}
}

static void
test_stream_is_mixed_into_the_seed(void **state)
{
	struct fs_rng a, b, c;

	(void)state;
	fs_rng_seed(&a, 42, 3);
	fs_rng_seed(&b, 42 ^ (3 * 0xd1342543de82ef95ULL), 0);
	assert_memory_equal(&a, &b, sizeof(a));
	fs_rng_seed(&c, 42, 4);
	assert_int_not_equal(fs_rng_next(&a), fs_rng_next(&c));
}

static void
test_first_outputs_of_fixed_seeds_are_the_reference_values(void **state)
{
	static const struct {
		uint64_t	 seed, stream;
		uint64_t	 want[5];
		size_t		 n;
	} cases[] = {
		{ 1, 0, { 0xb3f2af6d0fc710c5ULL, 0x853b559647364ceaULL,
		    0x92f89756082a4514ULL, 0x642e1c7bc266a3a7ULL,
		    0xb27a48e29a233673ULL }, 5 },
		{ 42, 3, { 0x3aacf10d660083ecULL, 0x6a3d14ba431e2fd9ULL,
		    0x1ff848c9b3bf407cULL }, 3 },
	};
	struct fs_rng r;

	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		fs_rng_seed(&r, cases[c].seed, cases[c].stream);
		for (size_t i = 0; i < cases[c].n; i++)
			assert_int_equal(fs_rng_next(&r), cases[c].want[i]);
	}
}

static void
test_draws_after_a_fixed_seed_are_the_reference_values(void **state)
{
	struct fs_rng r;

	(void)state;
	fs_rng_seed(&r, 7, 0);
	assert_true(fs_rng_unif(&r) == 0x1.66b1f5ee9df2ep-1);
	assert_int_equal(fs_rng_below(&r, 10), 2);
	assert_int_equal(fs_rng_below(&r, 1000), 839);
	/* Through libm's log and cos: equal to well below 1e-12. */
	assert_true(fabs(fs_rng_normal(&r) - 0x1.6803c052962a1p+1) < 1e-12);
}

static void
test_same_seed_gives_the_same_sequence(void **state)
{
	struct fs_rng a, b;

	(void)state;
	fs_rng_seed(&a, 20240101, 2);
	fs_rng_seed(&b, 20240101, 2);
	for (int i = 0; i < 10000; i++) {
		assert_int_equal(fs_rng_next(&a), fs_rng_next(&b));
		assert_int_equal(fs_rng_below(&a, 97), fs_rng_below(&b, 97));
		assert_true(fs_rng_unif(&a) == fs_rng_unif(&b));
		assert_true(fs_rng_normal(&a) == fs_rng_normal(&b));
	}
	assert_memory_equal(&a, &b, sizeof(a));
}

static void
test_unif_is_the_top_53_bits_in_zero_to_one(void **state)
{
	struct fs_rng a, b;
	double u;

	(void)state;
	fs_rng_seed(&a, 5, 1);
	b = a;
	for (int i = 0; i < 10000; i++) {
		u = fs_rng_unif(&a);
		assert_true(u >= 0.0 && u < 1.0);
		assert_true(u == (double)(fs_rng_next(&b) >> 11) * 0x1.0p-53);
	}
}

static void
test_below_stays_below_n_and_reaches_every_value(void **state)
{
	static const uint32_t ns[] = { 1, 2, 3, 10, 1000, 1u << 31,
		UINT32_MAX };
	unsigned seen[10];
	struct fs_rng r;
	uint32_t x;

	(void)state;
	fs_rng_seed(&r, 99, 0);
	for (size_t k = 0; k < sizeof(ns) / sizeof(ns[0]); k++)
		for (int i = 0; i < 20000; i++) {
			x = fs_rng_below(&r, ns[k]);
			assert_true(x < ns[k]);
		}
	memset(seen, 0, sizeof(seen));
	for (int i = 0; i < 1000; i++)
		seen[fs_rng_below(&r, 10)]++;
	for (size_t v = 0; v < 10; v++)
		assert_true(seen[v] > 50);
	/* n == 0 is outside the contract but still gives 0, not a trap. */
	assert_int_equal(fs_rng_below(&r, 0), 0);
}

static void
test_below_is_the_top_32_bits_times_n(void **state)
{
	struct fs_rng a, b;

	(void)state;
	fs_rng_seed(&a, 11, 0);
	b = a;
	for (int i = 0; i < 1000; i++)
		assert_int_equal(fs_rng_below(&a, 12345),
		    ((fs_rng_next(&b) >> 32) * 12345) >> 32);
}

static void
test_between_is_inclusive_and_empty_range_draws_nothing(void **state)
{
	struct fs_rng r, before;
	bool lo_hit = false, hi_hit = false;
	int32_t x;

	(void)state;
	fs_rng_seed(&r, 3, 0);
	for (int i = 0; i < 2000; i++) {
		x = fs_rng_between(&r, -2, 2);
		assert_true(x >= -2 && x <= 2);
		lo_hit = lo_hit || x == -2;
		hi_hit = hi_hit || x == 2;
	}
	assert_true(lo_hit);
	assert_true(hi_hit);
	before = r;
	assert_int_equal(fs_rng_between(&r, 7, 7), 7);
	assert_int_equal(fs_rng_between(&r, 9, 3), 9);
	assert_memory_equal(&r, &before, sizeof(r));
}

static void
test_chance_zero_never_and_one_always(void **state)
{
	struct fs_rng r;
	unsigned hits = 0;

	(void)state;
	fs_rng_seed(&r, 8, 0);
	for (int i = 0; i < 10000; i++) {
		assert_false(fs_rng_chance(&r, 0.0));
		assert_true(fs_rng_chance(&r, 1.0));
		hits += fs_rng_chance(&r, 0.25) ? 1 : 0;
	}
	assert_in_range(hits, 2300, 2700);
}

static void
test_normal_is_box_muller_of_two_uniforms(void **state)
{
	struct fs_rng a, b;
	double sum = 0, sum2 = 0, z, u1, u2;
	const int n = 100000;

	(void)state;
	fs_rng_seed(&a, 13, 0);
	b = a;
	for (int i = 0; i < n; i++) {
		z = fs_rng_normal(&a);
		u1 = 1.0 - fs_rng_unif(&b);
		u2 = fs_rng_unif(&b);
		assert_true(z == sqrt(-2.0 * log(u1)) *
		    cos(6.283185307179586 * u2));
		sum += z;
		sum2 += z * z;
	}
	assert_true(fabs(sum / n) < 0.02);
	assert_true(fabs(sum2 / n - 1.0) < 0.02);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_splitmix64_gives_the_published_reference_outputs),
		cmocka_unit_test(
		    test_seed_fills_the_state_with_splitmix64_of_the_seed),
		cmocka_unit_test(test_stream_is_mixed_into_the_seed),
		cmocka_unit_test(
		    test_first_outputs_of_fixed_seeds_are_the_reference_values),
		cmocka_unit_test(
		    test_draws_after_a_fixed_seed_are_the_reference_values),
		cmocka_unit_test(test_same_seed_gives_the_same_sequence),
		cmocka_unit_test(test_unif_is_the_top_53_bits_in_zero_to_one),
		cmocka_unit_test(
		    test_below_stays_below_n_and_reaches_every_value),
		cmocka_unit_test(test_below_is_the_top_32_bits_times_n),
		cmocka_unit_test(
		    test_between_is_inclusive_and_empty_range_draws_nothing),
		cmocka_unit_test(test_chance_zero_never_and_one_always),
		cmocka_unit_test(test_normal_is_box_muller_of_two_uniforms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
