/* SPDX-License-Identifier: ISC */
/*
 * The deterministic pseudo-random generator (rng.h): splitmix64 for
 * seeding, xoshiro256** for the sequence, and the uniform, bounded,
 * Bernoulli and normal draws built on it.  Owns no memory and no global
 * state; the caller holds the struct fs_rng.  The arithmetic is fixed:
 * generated files and bootstrap results depend on every bit of it.
 */
#include "compat.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finsam/rng.h"

uint64_t
fs_rng_splitmix64(uint64_t *x)
{
	uint64_t z;

	*x += 0x9e3779b97f4a7c15ULL;
	z = *x;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
fs_rng_seed(struct fs_rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * 0xd1342543de82ef95ULL);

	for (size_t i = 0; i < 4; i++)
		r->s[i] = fs_rng_splitmix64(&x);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t
fs_rng_next(struct fs_rng *r)
{
	uint64_t res = rotl(r->s[1] * 5, 7) * 9;
	uint64_t t = r->s[1] << 17;

	r->s[2] ^= r->s[0];
	r->s[3] ^= r->s[1];
	r->s[1] ^= r->s[2];
	r->s[0] ^= r->s[3];
	r->s[2] ^= t;
	r->s[3] = rotl(r->s[3], 45);
	return res;
}

double
fs_rng_unif(struct fs_rng *r)
{
	return (double)(fs_rng_next(r) >> 11) * 0x1.0p-53;
}

uint32_t
fs_rng_below(struct fs_rng *r, uint32_t n)
{
	return (uint32_t)(((fs_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

int32_t
fs_rng_between(struct fs_rng *r, int32_t lo, int32_t hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int32_t)fs_rng_below(r, (uint32_t)(hi - lo + 1));
}

bool
fs_rng_chance(struct fs_rng *r, double p)
{
	return fs_rng_unif(r) < p;
}

double
fs_rng_normal(struct fs_rng *r)
{
	double u1 = 1.0 - fs_rng_unif(r), u2 = fs_rng_unif(r);

	return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}
