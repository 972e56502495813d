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
 *  - libFuzzer (clang): build this file alone with
 *    -fsanitize=fuzzer,address,undefined; the entry point is
 *    LLVMFuzzerTestOneInput().
 *  - Without libFuzzer (gcc, the ctest test fuzz/perioder): linked with
 *    fuzz_main.c, which runs every file of a seed corpus directory and
 *    then a bounded number of random mutations of them (deterministic
 *    seed), under the build's ASan and UBSan:
 *	fuzz_perioder KORPUS [VARV [FRÖ]]
 */
#include "compat.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Bytes that matter to the parser, for fuzz_main.c to splice in. */
const char *const fuzz_tokens[] = {
	",", ";", "\n", "\r\n", "\"", "\"\"", "\xef\xbb\xbf", "-", "0",
	"9", "2020-02-29", "2021-02-29", "1799-12-31", "25", "50", "75",
	"100", "101", "sjukpenning", "a_kassa", "a1", "b2", "c3",
	"pseudonym", "forman", "from", "tom", "omfattning", "\xc3\xa5",
	"\xff", " ", "\t", "99999999999999999999",
};
const size_t fuzz_ntokens = FS_NELEM(fuzz_tokens);
