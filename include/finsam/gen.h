/* SPDX-License-Identifier: ISC */
/*
 * The synthetic data generator: realistic, internally consistent
 * förbund, insatser, deltagande and anonymous counts, written as the
 * four import files of follow-up.md ("Import formats") for demos,
 * tests and benchmarks.  The shares (sex, age, education, support
 * time, enrolment time, work and studies after exit, repeated persons)
 * follow the national SUS figures of 2019 (seeds/003, "UTFALL 2019",
 * Riket).
 *
 * Deterministic: the same parameters give byte-identical files.  The
 * generator draws from the shared deterministic generator of rng.h
 * (xoshiro256** seeded through splitmix64 from params->seed); it is not
 * random enough for anything but test data and is never used for
 * secrets.
 *
 * Personnummer are made up, never copied: a random birth date that
 * fits the age at start, a födelsenummer (the three digits before the
 * check digit) in 980-999, the range of Skatteverket's published test
 * personnummer, with the last of the three even for women and odd for
 * men, and a valid Luhn check digit; written in 12-digit form
 * YYYYMMDDNNNC.  Twenty numbers per birth date do not suffice for large
 * runs, so when every number of a date is taken the generator moves to
 * a neighbouring date (as Skatteverket does when a date runs out) and,
 * after that, to the samordningsnummer of the date (day + 60, same
 * födelsenummer range).  About 800 000 persons fit; beyond roughly
 * 600 000 participations the series fills up, more participations go
 * to persons who already have one (the share of unique persons falls
 * below the national 93 %) and the run slows down somewhat.
 * Organisationsnummer are made up in the form 222000-NNNN with a valid
 * check digit.
 *
 * About 7 % of the participations are a person coming back within the
 * same förbund.  A person never has two participations in one insats
 * that overlap in time or start on the same day, so there is never a
 * second open participation.
 *
 * Depends on refdata (the 290 kommuner), codes, pnr (check digit),
 * parse (dates) and buf.  Never exits; holds no global state.
 */
#ifndef FS_GEN_H
#define FS_GEN_H

#include <stdint.h>

#include "finsam/err.h"

#define FS_GEN_MAX_FORBUND	80
#define FS_GEN_MAX_DELTAGANDE	5000000u

/*
 * What to generate.  Start from fs_gen_params_init() and change the
 * fields wanted.
 *	forbund		1-80 förbund, each over kommuner of one län
 *	deltagande	0-5 000 000 rows of deltagande.csv
 *	seed		any value; the same seed gives the same files
 *	fran, till	the period the participations fall in (day
 *			numbers, parse.h); participations start on or
 *			after fran, finished ones end on or before till,
 *			the rest are open on till.  At least 180 days,
 *			within 1990-01-01 .. 2039-12-31 (so that every
 *			birth date lies in the past).
 */
struct fs_gen_params {
	unsigned	 forbund;
	uint64_t	 deltagande;
	uint64_t	 seed;
	int32_t		 fran;
	int32_t		 till;
};

/* What was written, for summaries, tests and the demo. */
struct fs_gen_stats {
	unsigned	 forbund;
	unsigned	 lansforbund;	/* förbund that cover a whole län */
	unsigned	 kommuner;	/* kommuner in some förbund */
	unsigned	 insatser;
	unsigned	 insatser_individ;
	uint64_t	 deltagande;	/* rows of deltagande.csv */
	uint64_t	 personer;	/* distinct personnummer */
	uint64_t	 avslutade;	/* rows with slutdatum (incl. felreg.) */
	uint64_t	 felregistrering;
	uint64_t	 anonyma;	/* rows of anonyma.csv */
};

/* Called now and then with rows of deltagande.csv done and in all. */
typedef void (*fs_gen_progress_fn)(void *arg, uint64_t done, uint64_t total);

/*
 * Defaults: 10 förbund, 10 000 participations, seed 1, period
 * 2019-01-01 .. 2024-12-31.
 */
void		 fs_gen_params_init(struct fs_gen_params *p);

/*
 * Check p; FS_EINVAL naming the field ("forbund", "deltagande",
 * "fran", "till") when a value is out of range.
 */
enum fs_rc	 fs_gen_params_check(const struct fs_gen_params *p,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * Write dir/forbund.csv, dir/insatser.csv, dir/deltagande.csv and
 * dir/anonyma.csv: comma-separated UTF-8 without BOM, a header row, '|'
 * between the codes of a set, no quoting (no field contains a comma or
 * a quote).  dir is created (with missing parents) when it does not
 * exist; existing files of those names are replaced.  Each file is
 * written under a temporary name and renamed into place when complete,
 * so a failed run leaves no half-written file behind.
 *
 * progress (may be NULL) is called with arg every 65 536 rows of
 * deltagande.csv and at the end.  stats (may be NULL) receives the
 * counts.  Returns FS_EINVAL for bad params, FS_EIO when a file cannot
 * be written, FS_ENOMEM.
 */
enum fs_rc	 fs_gen_write(const struct fs_gen_params *p, const char *dir,
		    fs_gen_progress_fn progress, void *arg,
		    struct fs_gen_stats *stats, struct fs_err *err)
		    FS_MUSTCHECK;

#endif
