/* SPDX-License-Identifier: ISC */
/*
 * A main() for the fuzz drivers in this directory where libFuzzer is
 * not available (gcc has no -fsanitize=fuzzer), so that ctest runs them
 * as regression tests under the build's ASan and UBSan: every file of a
 * seed corpus directory, then a bounded number of random mutations of
 * them from a fixed seed (the same run every time).  A driver provides
 * LLVMFuzzerTestOneInput() and the tokens worth splicing into its
 * inputs (fuzz_tokens, fuzz_ntokens); a broken promise aborts, which
 * fails the test.  With libFuzzer, build a driver without this file.
 *
 *	fuzz_NAME KORPUS [VARV [FRÖ]]
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

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern const char *const fuzz_tokens[];
extern const size_t fuzz_ntokens;

#define MAXSEEDS	64
#define MAXINPUT	(1 << 16)

/* xorshift64*: the mutations' own generator, deterministic. */
static uint64_t
next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

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

		switch (next(s) % 6) {
		case 0:		/* flip a bit */
			if (n > 0)
				out[at % n] ^= (uint8_t)(1u << (next(s) % 8));
			break;
		case 1: {	/* insert a token */
			const char *t = fuzz_tokens[next(s) % fuzz_ntokens];
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
		case 4:		/* a random byte */
			if (n > 0)
				out[at % n] = (uint8_t)next(s);
			break;
		default: {	/* repeat the tail */
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
	fs_buf_init(&b, MAXINPUT);
	while (ok && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		ok = fs_buf_add(&b, chunk, n) == FS_OK;
	fclose(f);
	if (!ok) {
		fs_buf_release(&b);
		return false;
	}
	out->p = (uint8_t *)fs_buf_detach(&b, &out->len);
	return out->p != NULL || out->len == 0;
}

int
main(int argc, char **argv)
{
	struct seed seeds[MAXSEEDS];
	size_t nseeds = 0;
	unsigned long iterations = 2000;
	uint64_t s = 0x9e3779b97f4a7c15ull;
	struct dirent *e;
	uint8_t *buf;
	DIR *d;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "användning: %s KORPUS [VARV [FRÖ]]\n",
		    argv[0]);
		return 2;
	}
	if (argc > 2)
		iterations = strtoul(argv[2], NULL, 10);
	if (argc > 3)
		s = strtoull(argv[3], NULL, 10) | 1;
	d = opendir(argv[1]);
	if (d == NULL) {
		fprintf(stderr, "%s: %s kan inte öppnas\n", argv[0], argv[1]);
		return 2;
	}
	while ((e = readdir(d)) != NULL && nseeds < MAXSEEDS) {
		char path[4096];

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", argv[1], e->d_name);
		if (!read_all(path, &seeds[nseeds])) {
			fprintf(stderr, "%s: %s kan inte läsas\n", argv[0],
			    path);
			closedir(d);
			return 2;
		}
		LLVMFuzzerTestOneInput(seeds[nseeds].p, seeds[nseeds].len);
		nseeds++;
	}
	closedir(d);
	if (nseeds == 0) {
		fprintf(stderr, "%s: korpusen är tom\n", argv[0]);
		return 2;
	}
	buf = malloc(MAXINPUT);
	if (buf == NULL)
		return 2;
	for (unsigned long i = 0; i < iterations; i++) {
		const struct seed *sd = &seeds[next(&s) % nseeds];
		size_t n = mutate(sd->p, sd->len, buf, MAXINPUT, &s);

		LLVMFuzzerTestOneInput(buf, n);
	}
	free(buf);
	for (size_t i = 0; i < nseeds; i++)
		free(seeds[i].p);
	printf("%s: %zu frön och %lu mutationer utan fel\n", argv[0], nseeds,
	    iterations);
	return 0;
}
