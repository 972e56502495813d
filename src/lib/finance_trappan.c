/* SPDX-License-Identifier: ISC */
/*
 * Trappan, Nationella rådet's steps for a reasonable equity
 * (tilldelning.h): the default bands with the unpublished steps marked
 * as assumptions, their check, the level for an income in flat or
 * marginal mode as an exact integer in 1/10 000 kr, and the bands as
 * text.  Pure; owns nothing.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "finsam/buf.h"
#include "finsam/ekonomi.h"
#include "finsam/err.h"
#include "finsam/parse.h"
#include "finsam/tilldelning.h"
#include "finance_int.h"

static const char *const lage_names[] = {
	[FS_TRAPPAN_FLAT] = "flat",
	[FS_TRAPPAN_MARGINAL] = "marginal",
};
_Static_assert(FS_NELEM(lage_names) == FS_TRAPPAN_LAGE__MAX, "lage_names");

const char *
fs_trappan_lage_name(enum fs_trappan_lage l)
{
	if ((unsigned)l >= FS_TRAPPAN_LAGE__MAX)
		return NULL;
	return lage_names[l];
}

void
fs_trappan_default(struct fs_trappan *t)
{
	memset(t, 0, sizeof(*t));
	t->lage = FS_TRAPPAN_FLAT;
	t->band[0].till = 7000000;
	t->band[0].procent_bp = 2000;
	t->band[0].antagande = false;
	t->band[1].till = 15000000;
	t->band[1].procent_bp = 1500;
	t->band[1].antagande = true;
	t->band[2].till = FS_TDL_NONE;
	t->band[2].procent_bp = 1000;
	t->band[2].antagande = true;
	t->nband = 3;
}

enum fs_rc
fs_trappan_check(const struct fs_trappan *t, struct fs_err *err)
{
	int64_t prev = 0;

	if ((unsigned)t->lage >= FS_TRAPPAN_LAGE__MAX)
		return fs_err_set(err, FS_EINVAL, "trappan.lage",
		    "måste vara flat eller marginal");
	if (t->nband < 1 || t->nband > FS_TRAPPAN_MAX_BAND)
		return fs_err_set(err, FS_EINVAL, "trappan.band",
		    "trappan har 1–%d steg", FS_TRAPPAN_MAX_BAND);
	for (size_t i = 0; i < t->nband; i++) {
		const struct fs_trappan_band *b = &t->band[i];
		bool last = i + 1 == t->nband;

		if (b->procent_bp < 0 || b->procent_bp > 10000)
			return fs_err_set(err, FS_EINVAL,
			    "trappan.band.procent",
			    "måste ligga mellan 0 och 100 procent");
		if (last && b->till != FS_TDL_NONE)
			return fs_err_set(err, FS_EINVAL, "trappan.band.till",
			    "sista steget har ingen övre gräns (null)");
		if (!last && b->till == FS_TDL_NONE)
			return fs_err_set(err, FS_EINVAL, "trappan.band.till",
			    "bara sista steget får sakna övre gräns");
		if (!last && (b->till <= prev ||
		    b->till > FS_TDL_MAX_BELOPP))
			return fs_err_set(err, FS_EINVAL, "trappan.band.till",
			    "de övre gränserna ska stiga och ligga mellan 1 "
			    "och 100 000 000 000 kr");
		if (!last)
			prev = b->till;
	}
	return FS_OK;
}

void
fs_trappan_eval(const struct fs_trappan *t, int64_t intakter, int64_t kapital,
    struct fs_trappan_res *out)
{
	int64_t lower = 0, level = 0, inc = intakter < 0 ? 0 : intakter;
	fin_i128 diff;

	memset(out, 0, sizeof(*out));
	out->intakter = intakter;
	out->kapital = kapital;
	for (size_t i = 0; i < t->nband; i++) {
		const struct fs_trappan_band *b = &t->band[i];
		bool last = i + 1 == t->nband || b->till == FS_TDL_NONE;
		int64_t upper = last ? INT64_MAX : b->till;

		if (t->lage == FS_TRAPPAN_MARGINAL) {
			int64_t top = inc < upper ? inc : upper;

			if (top > lower) {
				level += (top - lower) * b->procent_bp;
				if (b->antagande)
					out->antagande = true;
			}
		}
		if (inc <= upper || last) {
			out->band = i;
			if (t->lage == FS_TRAPPAN_FLAT) {
				level = inc * b->procent_bp;
				out->antagande = b->antagande;
			}
			break;
		}
		lower = upper;
	}
	out->niva_e4 = level;
	out->niva = (int64_t)fin_round_div(level, 10000);
	diff = (fin_i128)kapital * 10000 - level;
	out->overskott = (int64_t)fin_round_div(diff, 10000);
	out->over = diff > 0;
}

enum fs_rc
fs_trappan_parse(const char *s, enum fs_trappan_lage lage,
    struct fs_trappan *out, struct fs_err *err)
{
	const char *p = s, *end = s + strlen(s);
	struct fs_trappan t;
	enum fs_rc rc;

	memset(&t, 0, sizeof(t));
	t.lage = lage;
	while (p < end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *stop = comma == NULL ? end : comma;
		const char *colon = memchr(p, ':', (size_t)(stop - p));
		struct fs_trappan_band *b;

		if (t.nband == FS_TRAPPAN_MAX_BAND)
			return fs_err_set(err, FS_EINVAL, "trappan.band",
			    "trappan har 1–%d steg", FS_TRAPPAN_MAX_BAND);
		if (colon == NULL)
			return fs_err_set(err, FS_EINVAL, "trappan.band",
			    "varje steg skrivs ÖVRE_GRÄNS_KR:PROCENT, t.ex. "
			    "7000000:20,15000000:15,:10");
		b = &t.band[t.nband++];
		b->till = FS_TDL_NONE;
		if (colon > p) {
			rc = fs_parse_i64(p, (size_t)(colon - p), 1,
			    FS_TDL_MAX_BELOPP, &b->till, "trappan.band.till",
			    err);
			if (rc != FS_OK)
				return rc;
		}
		rc = fin_parse_pct(colon + 1, (size_t)(stop - colon - 1), 0,
		    10000, &b->procent_bp, "trappan.band.procent", err);
		if (rc != FS_OK)
			return rc;
		p = stop == end ? end : stop + 1;
	}
	rc = fs_trappan_check(&t, err);
	if (rc == FS_OK)
		*out = t;
	return rc;
}

enum fs_rc
fs_trappan_describe(const struct fs_trappan *t, struct fs_buf *out,
    struct fs_err *err)
{
	char pct[24], kr[40];
	enum fs_rc rc = FS_OK;

	for (size_t i = 0; rc == FS_OK && i < t->nband; i++) {
		const struct fs_trappan_band *b = &t->band[i];

		fin_bp(pct, b->procent_bp);
		if (b->till == FS_TDL_NONE) {
			rc = fs_buf_addf(out, "%s%s %s", i > 0 ? ", " : "", pct,
			    i > 0 ? "därutöver" : "av hela intäkten");
		} else {
			fin_kr(kr, b->till);
			rc = fs_buf_addf(out, "%s%s upp till %s",
			    i > 0 ? ", " : "", pct, kr);
		}
		if (rc == FS_OK && b->antagande)
			rc = fs_buf_addstr(out, " (antagande)");
	}
	if (rc == FS_OK)
		rc = fs_buf_addf(out, "; %s",
		    t->lage == FS_TRAPPAN_FLAT ?
		    "platt: stegets procentsats gäller hela intäkten" :
		    "marginell: varje stegs procentsats gäller intäkten inom "
		    "steget");
	if (rc != FS_OK)
		return FIN_NOMEM(err);
	return FS_OK;
}
