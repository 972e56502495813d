/* SPDX-License-Identifier: ISC */
/*
 * The deterministic pseudo-random generator shared by the synthetic
 * data generators (gen.c, koppling_gen.c) and the multiplier bootstrap
 * of the DiD estimator (utvardering_did.c): xoshiro256** (Blackman and
 * Vigna, public domain) with its state filled by splitmix64, plus the
 * few draws those users need.  The same seed gives the same sequence
 * on every platform, so that generated files and bootstrap results are
 * reproducible byte for byte; any change to the arithmetic here changes
 * every generated file and must be treated as such.
 *
 * Not random enough for anything but test data and resampling: never
 * use it for secrets, keys or salts (those come from libsodium).  Owns
 * nothing but the four state words of a struct fs_rng, which the
 * caller holds; no allocation, no global state, never fails.
 */
#ifndef FS_RNG_H
#define FS_RNG_H

#include <stdbool.h>
#include <stdint.h>

/* Generator state; set with fs_rng_seed() before the first draw. */
struct fs_rng {
	uint64_t	 s[4];
};

/*
 * One splitmix64 step: advance *x and return the next output.  For
 * callers that need a few well-mixed words from a counter without a
 * whole generator (e.g. a pseudonym as a pure function of a number).
 */
uint64_t	 fs_rng_splitmix64(uint64_t *x);

/*
 * Seed r for stream number stream of seed: the state is four
 * splitmix64 outputs starting from seed ^ (stream * 0xd1342543de82ef95),
 * so stream 0 starts from seed itself.  Different streams of one seed
 * are independent sequences.
 */
void		 fs_rng_seed(struct fs_rng *r, uint64_t seed, uint64_t stream);

/* The next 64 random bits (xoshiro256**). */
uint64_t	 fs_rng_next(struct fs_rng *r);

/* Uniform double in [0, 1): the top 53 bits of one fs_rng_next(). */
double		 fs_rng_unif(struct fs_rng *r);

/*
 * Uniform integer in [0, n) for n > 0, by multiplying the top 32 bits
 * of one fs_rng_next() by n (no rejection: the bias is below n / 2^32).
 * n == 0 returns 0.
 */
uint32_t	 fs_rng_below(struct fs_rng *r, uint32_t n);

/* Uniform integer in [lo, hi]; lo, without a draw, when hi <= lo. */
int32_t		 fs_rng_between(struct fs_rng *r, int32_t lo, int32_t hi);

/* True with probability p (one fs_rng_unif()). */
bool		 fs_rng_chance(struct fs_rng *r, double p);

/* Standard normal by Box-Muller (two fs_rng_unif(), one value). */
double		 fs_rng_normal(struct fs_rng *r);

#endif
