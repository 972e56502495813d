/* SPDX-License-Identifier: ISC */
/*
 * Fuzz driver for the benefit-spell file parser of the linkage engine
 * (fs_koppling_perioder_mem() in koppling_berakna.c).  Each input is
 * streamed against a fixed participation file and the engine's
 * promises are checked: no crash or sanitizer report; a refusal is
 * FS_EINVAL (or FS_ENOMEM) with a field and a message that never
 * repeats the input; an accepted file finishes and aggregates, with
 * net days within the 365-day windows and no more spell rows than
 * lines; and the same bytes always give the same answer.
 *
 * Two ways to run it:
 *  - libFuzzer (clang): build with -DFS_FUZZ_LIBFUZZER and
 *    -fsanitize=fuzzer,address,undefined; the entry point is
 *    LLVMFuzzerTestOneInput().
 *  - Without libFuzzer (gcc, the ctest test fuzz/perioder): the main()
 *    below runs every file of a seed corpus directory and then a
 *    bounded number of random mutations of them (deterministic seed),
 *    under the build's ASan and UBSan:
 *	fuzz_perioder CORPUSDIR [ITERATIONS [SEED]]
 */
#include "compat.h"

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finsam/buf.h"
#include "finsam/err.h"
#include "finsam/koppling.h"
#include "finsam/parse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x) do { if (!(x)) { \
	fprintf(stderr, "fuzz_perioder: %s:%d: %s\n", __FILE__, __LINE__, #x); \
	abort(); } } while (0)

/* The persons the spells may belong to: some match, most do not. */
static const char deltagande[] =
    "pseudonym,insats_kod,forbund_kod,kon,alder_vid_start,startdatum,"
    "slutdatum\n"
    "a1,I1,F1,k,35,2020-03-01,2020-08-31\n"
    "a1,I2,F1,k,35,2021-01-01,2021-03-31\n"
    "b2,I1,F2,m,24,2020-05-01,2020-06-30\n"
    "c3,I1,F1,k,61,2021-02-01,\n";

/* One run: the answer as a small digest for the repeat check. */
static uint64_t
one(const uint8_t *data, size_t size)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_koppling_params p;
	struct fs_koppling_resultat *res = NULL;
	struct fs_koppling *k = NULL;
	uint64_t digest = 0, lines = 1;
	enum fs_rc rc;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	fs_koppling_params_init(&p);
	p.tradar = 1;
	p.min_antal = 1;
	CHECK(fs_koppling_alloc(&k, &err) == FS_OK);
	CHECK(fs_koppling_deltagande_mem(k, deltagande, sizeof(deltagande) - 1,
	    &err) == FS_OK);
	rc = fs_koppling_perioder_mem(k, (const char *)data, size, &p, &err);
	if (rc == FS_OK)
		rc = fs_koppling_finish(k, &p, &err);
	if (rc == FS_OK)
		rc = fs_koppling_aggregera(k, &p, &res, &err);
	if (rc != FS_OK) {
		CHECK(rc == FS_EINVAL || rc == FS_ENOMEM);
		CHECK(err.rc == rc);
		CHECK(err.msg[0] != '\0');
		CHECK(rc != FS_EINVAL || err.field[0] != '\0');
		CHECK(memchr(err.msg, '\0', sizeof(err.msg)) != NULL);
		digest = 0x8000000000000000ull | (uint64_t)rc;
		for (const char *c = err.msg; *c != '\0'; c++)
			digest = digest * 31 + (unsigned char)*c;
	} else {
		CHECK(fs_koppling_perioder_rader(k) <= lines);
		CHECK(fs_koppling_perioder_traffar(k) <=
		    fs_koppling_perioder_rader(k));
		CHECK(res->deltaganden == fs_koppling_antal(k));
		CHECK(res->anvanda + res->pagaende + res->efter_ofullstandigt +
		    res->fore_ofullstandigt == res->deltaganden);
		for (size_t i = 0; i < fs_koppling_antal(k); i++) {
			struct fs_koppling_rad rad;

			fs_koppling_rad(k, i, &rad);
			for (int b = 0; b < FS_FORMAN__MAX; b++) {
				CHECK(rad.fore[b] <= 4 * FS_KOPPLING_FONSTER);
				CHECK(rad.efter[b] <= 4 * FS_KOPPLING_FONSTER);
				digest = digest * 1000003u + rad.fore[b] * 7u +
				    rad.efter[b];
			}
		}
		digest = digest * 31 + fs_koppling_perioder_rader(k);
	}
	fs_koppling_resultat_free(res);
	fs_koppling_free(k);
	return digest;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t a = one(data, size);

	/* The engine keeps no state between runs: same bytes, same answer. */
	CHECK(one(data, size) == a);
	return 0;
}

#ifndef FS_FUZZ_LIBFUZZER

/* xorshift64*: the mutations' own generator, deterministic. */
static uint64_t
next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

/* Bytes that matter to the parser, to splice into inputs. */
static const char *const tokens[] = {
	",", ";", "\n", "\r\n", "\"", "\"\"", "\xef\xbb\xbf", "-", "0",
	"9", "2020-02-29", "2021-02-29", "1799-12-31", "25", "50", "75",
	"100", "101", "sjukpenning", "a_kassa", "a1", "b2", "c3",
	"pseudonym", "forman", "from", "tom", "omfattning", "\xc3\xa5",
	"\xff", " ", "\t", "99999999999999999999",
};

/* A mutation of in[0..len) into out (at most max bytes). */
static size_t
mutate(const uint8_t *in, size_t len, uint8_t *out, size_t max,
    uint64_t *s)
{
	size_t n = len < max ? len : max;
	unsigned rounds = 1 + (unsigned)(next(s) % 4);

	memcpy(out, in, n);
	while (rounds-- > 0) {
		size_t at = n == 0 ? 0 : (size_t)(next(s) % (n + 1));

		switch (next(s) % 5) {
		case 0:		/* flip a byte */
			if (n > 0)
				out[at % n] ^= (uint8_t)(1u << (next(s) % 8));
			break;
		case 1: {	/* insert a token */
			const char *t = tokens[next(s) % FS_NELEM(tokens)];
			size_t tl = strlen(t);

			if (n + tl > max)
				break;
			memmove(out + at + tl, out + at, n - at);
			memcpy(out + at, t, tl);
			n += tl;
			break;
		}
		case 2: {	/* delete a run */
			size_t dl = (size_t)(next(s) % 8);

			if (at + dl > n)
				dl = n - at;
			memmove(out + at, out + at + dl, n - at - dl);
			n -= dl;
			break;
		}
		case 3:		/* cut the end */
			n = at;
			break;
		default: {	/* repeat the tail (more rows) */
			size_t tl = n - at;

			if (n + tl > max)
				break;
			memcpy(out + n, out + at, tl);
			n += tl;
			break;
		}
		}
	}
	return n;
}

struct seed {
	uint8_t	*p;
	size_t	 len;
};

static bool
read_all(const char *path, struct seed *out)
{
	FILE *f = fopen(path, "rb");
	struct fs_buf b;
	char chunk[4096];
	size_t n;
	bool ok = true;

	if (f == NULL)
		return false;
	fs_buf_init(&b, 1 << 20);
	while (ok && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		ok = fs_buf_add(&b, chunk, n) == FS_OK;
	fclose(f);
	if (!ok) {
		fs_buf_release(&b);
		return false;
	}
	out->len = b.len;
	out->p = (uint8_t *)fs_buf_detach(&b, &out->len);
	return out->p != NULL || out->len == 0;
}

int
main(int argc, char **argv)
{
	struct seed seeds[64];
	size_t nseeds = 0, max = 1 << 16;
	unsigned long iterations = 2000;
	uint64_t s = 0x9e3779b97f4a7c15ull;
	struct dirent *e;
	uint8_t *buf;
	DIR *d;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "användning: fuzz_perioder KORPUS "
		    "[VARV [FRÖ]]\n");
		return 2;
	}
	if (argc > 2)
		iterations = strtoul(argv[2], NULL, 10);
	if (argc > 3)
		s = strtoull(argv[3], NULL, 10) | 1;
	d = opendir(argv[1]);
	if (d == NULL) {
		fprintf(stderr, "fuzz_perioder: %s kan inte öppnas\n", argv[1]);
		return 2;
	}
	while ((e = readdir(d)) != NULL && nseeds < FS_NELEM(seeds)) {
		char path[4096];

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", argv[1], e->d_name);
		if (!read_all(path, &seeds[nseeds])) {
			fprintf(stderr, "fuzz_perioder: %s kan inte läsas\n",
			    path);
			closedir(d);
			return 2;
		}
		LLVMFuzzerTestOneInput(seeds[nseeds].p, seeds[nseeds].len);
		nseeds++;
	}
	closedir(d);
	if (nseeds == 0) {
		fprintf(stderr, "fuzz_perioder: korpusen är tom\n");
		return 2;
	}
	buf = malloc(max);
	if (buf == NULL)
		return 2;
	for (unsigned long i = 0; i < iterations; i++) {
		const struct seed *sd = &seeds[next(&s) % nseeds];
		size_t n = mutate(sd->p, sd->len, buf, max, &s);

		LLVMFuzzerTestOneInput(buf, n);
	}
	free(buf);
	for (size_t i = 0; i < nseeds; i++)
		free(seeds[i].p);
	printf("fuzz_perioder: %zu frön och %lu mutationer utan fel\n",
	    nseeds, iterations);
	return 0;
}

#endif
