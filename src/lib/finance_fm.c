/* SPDX-License-Identifier: ISC */
/*
 * Försörjningsmått and population per kommun and year (tilldelning.h,
 * finance.md "Försörjningsmått"): the rules a row must obey, its
 * storage (one row per year and kommun), and a deterministic generator
 * of a realistic national file for demos, tests and benchmarks.  The
 * generator has its own small pseudo-random generator (splitmix64),
 * for test data only.
 */
#include "compat.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/err.h"
#include "finsam/forbund.h"
#include "finsam/refdata.h"
#include "finsam/store.h"
#include "finsam/tilldelning.h"
#include "finance_int.h"

static const char *const post_names[] = {
	[FS_FM_SJUKPENNING] = "sjukpenning",
	[FS_FM_AKTIVITETSERSATTNING] = "aktivitetsersattning",
	[FS_FM_SJUKERSATTNING] = "sjukersattning",
	[FS_FM_A_KASSA] = "a_kassa",
	[FS_FM_AKTIVITETSSTOD] = "aktivitetsstod",
	[FS_FM_ETABLERINGSERSATTNING] = "etableringsersattning",
	[FS_FM_FORSORJNINGSSTOD] = "forsorjningsstod",
};
_Static_assert(FS_NELEM(post_names) == FS_FM__MAX, "post_names");

const char *
fs_fm_post_name(enum fs_fm_post p)
{
	if ((unsigned)p >= FS_FM__MAX)
		return NULL;
	return post_names[p];
}

int64_t
fs_fm_summa(const struct fs_fm_rad *r)
{
	int64_t s = 0;

	for (size_t i = 0; i < FS_FM__MAX; i++)
		s += r->belopp[i];
	return s;
}

enum fs_rc
fs_fm_check(struct fs_db *db, const struct fs_fm_rad *r, struct fs_err *err)
{
	enum fs_rc rc;

	if (r->ar < 1990 || r->ar > 2999)
		return fs_err_set(err, FS_EINVAL, "ar",
		    "året måste ligga mellan 1990 och 2999");
	rc = fs_kommun_check(db, r->kommun, strlen(r->kommun), NULL,
	    "kommunkod", err);
	if (rc != FS_OK)
		return rc;
	if (r->befolkning < 0)
		return fs_err_set(err, FS_EINVAL, "befolkning_16_64",
		    "befolkningen får inte vara negativ");
	if (r->befolkning > FS_FM_MAX_BEFOLKNING)
		return fs_err_set(err, FS_EINVAL, "befolkning_16_64",
		    "högst 10 000 000 invånare i en kommun");
	for (size_t i = 0; i < FS_FM__MAX; i++) {
		if (r->belopp[i] < 0)
			return fs_err_set(err, FS_EINVAL, post_names[i],
			    "beloppen får inte vara negativa");
		if (r->belopp[i] > FS_FM_MAX_TKR)
			return fs_err_set(err, FS_EINVAL, post_names[i],
			    "högst 1 000 000 000 tkr per belopp och kommun");
	}
	return FS_OK;
}

enum fs_rc
fs_fm_get(struct fs_db *db, int ar, const char *kommun, struct fs_fm_rad *out,
    struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	memset(out, 0, sizeof(*out));
	rc = fs_store_stmt(db->store, FS_STMT_FM_GET, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, ar);
	fs_stmt_bind_str(s, 2, kommun);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && !row)
		rc = fs_err_set(err, FS_ENOTFOUND, "forsorjningsmatt",
		    "uppgifter saknas för kommunen och året");
	else if (rc == FS_OK) {
		out->ar = ar;
		snprintf(out->kommun, sizeof(out->kommun), "%s", kommun);
		out->befolkning = fs_stmt_col_i64(s, 0);
		for (int i = 0; i < FS_FM__MAX; i++)
			out->belopp[i] = fs_stmt_col_i64(s, 1 + i);
	}
	fs_stmt_reset(s);
	return rc;
}

enum fs_rc
fs_fm_put(struct fs_db *db, const struct fs_fm_rad *r, int *changed,
    struct fs_err *err)
{
	struct fs_fm_rad cur;
	struct fs_stmt *s;
	enum fs_rc rc;
	int ch = 0;

	rc = fs_fm_check(db, r, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_fm_get(db, r->ar, r->kommun, &cur, NULL);
	if (rc == FS_OK) {
		ch = cur.befolkning == r->befolkning &&
		    memcmp(cur.belopp, r->belopp, sizeof(cur.belopp)) == 0 ?
		    2 : 1;
	} else if (rc != FS_ENOTFOUND)
		return fs_err_set(err, rc, NULL, "kunde inte läsa "
		    "försörjningsmåttet");
	if (changed != NULL)
		*changed = ch;
	if (ch == 2)
		return FS_OK;
	rc = fs_store_stmt(db->store, FS_STMT_FM_UPSERT, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, r->ar);
	fs_stmt_bind_str(s, 2, r->kommun);
	fs_stmt_bind_i64(s, 3, r->befolkning);
	for (int i = 0; i < FS_FM__MAX; i++)
		fs_stmt_bind_i64(s, 4 + i, r->belopp[i]);
	rc = fs_stmt_exec(s, err);
	if (rc == FS_OK && !db->bulk)
		rc = fs_db_audit(db, "forsorjningsmatt.spara", r->kommun, 0, 0,
		    "ok", NULL, err);
	return rc;
}

/* ---- the generator ---- */

static uint64_t
next(uint64_t *x)
{
	uint64_t z;

	*x += 0x9e3779b97f4a7c15ULL;
	z = *x;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in (0, 1). */
static double
unif(uint64_t *x)
{
	return ((double)(next(x) >> 11) + 0.5) * 0x1.0p-53;
}

static double
normal(uint64_t *x)
{
	double u1 = unif(x), u2 = unif(x);

	return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/*
 * Kronor per inhabitant 16-64 and year for each post, of the order of
 * the national sums of 2019 divided by about 6.3 million inhabitants.
 */
static const double per_inv_kr[FS_FM__MAX] = {
	[FS_FM_SJUKPENNING] = 5600,
	[FS_FM_AKTIVITETSERSATTNING] = 800,
	[FS_FM_SJUKERSATTNING] = 4700,
	[FS_FM_A_KASSA] = 1900,
	[FS_FM_AKTIVITETSSTOD] = 1600,
	[FS_FM_ETABLERINGSERSATTNING] = 300,
	[FS_FM_FORSORJNINGSSTOD] = 1700,
};

enum fs_rc
fs_fm_generate(int ar_fran, int ar_till, uint64_t seed, struct fs_buf *out,
    struct fs_err *err)
{
	struct fs_refdata ref;
	double *bas = NULL, *niva = NULL;
	uint64_t x = seed ^ 0x5f3759df2026ULL;
	enum fs_rc rc;

	if (ar_fran < 1990 || ar_till > 2999 || ar_fran > ar_till ||
	    ar_till - ar_fran > 50)
		return fs_err_set(err, FS_EINVAL, "ar",
		    "åren måste ligga mellan 1990 och 2999, högst 50 år");
	memset(&ref, 0, sizeof(ref));
	rc = fs_refdata_load(&ref, err);
	if (rc != FS_OK)
		return rc;
	bas = fs_calloc(ref.nkommuner, sizeof(*bas));
	niva = fs_calloc(ref.nkommuner * FS_FM__MAX, sizeof(*niva));
	if (bas == NULL || niva == NULL) {
		rc = FIN_NOMEM(err);
		goto out;
	}
	/* Population: log-normal around 13 000, a few large cities. */
	for (size_t k = 0; k < ref.nkommuner; k++) {
		bas[k] = exp(log(13000.0) + 0.95 * normal(&x));
		if (bas[k] < 1500)
			bas[k] = 1500 + 500 * unif(&x);
		if (bas[k] > 700000)
			bas[k] = 700000;
		for (size_t p = 0; p < FS_FM__MAX; p++)
			niva[k * FS_FM__MAX + p] = per_inv_kr[p] *
			    exp(0.3 * normal(&x));
	}
	rc = fs_buf_addstr(out, "ar,kommunkod,befolkning_16_64,sjukpenning,"
	    "aktivitetsersattning,sjukersattning,a_kassa,aktivitetsstod,"
	    "etableringsersattning,forsorjningsstod\n");
	for (int ar = ar_fran; rc == FS_OK && ar <= ar_till; ar++)
		for (size_t k = 0; rc == FS_OK && k < ref.nkommuner; k++) {
			double trend = 1.0 + 0.004 * (ar - ar_fran);
			int64_t bef = (int64_t)llround(bas[k] * trend *
			    exp(0.01 * normal(&x)));

			rc = fs_buf_addf(out, "%d,%s,%lld", ar,
			    ref.kommuner[k].kod, (long long)bef);
			for (size_t p = 0; rc == FS_OK && p < FS_FM__MAX; p++) {
				double tkr = (double)bef *
				    niva[k * FS_FM__MAX + p] *
				    exp(0.05 * normal(&x)) / 1000.0;

				rc = fs_buf_addf(out, ",%lld",
				    (long long)llround(tkr));
			}
			if (rc == FS_OK)
				rc = fs_buf_addch(out, '\n');
		}
	if (rc != FS_OK)
		rc = fs_err_set(err, rc, NULL,
		    "utdata blev för stort eller minnet räcker inte");
out:
	free(bas);
	free(niva);
	fs_refdata_release(&ref);
	return rc;
}
