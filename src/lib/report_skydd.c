/* SPDX-License-Identifier: ISC */
/*
 * Disclosure control for the outcome report (reports.md section 3):
 * primary suppression of counts below the threshold k and of every
 * figure resting on them, and secondary suppression so that no hidden
 * cell can be recovered from the shown cells of its Totalt/Kvinnor/Män
 * triple.  Also the installation's threshold (meta key).  The marking
 * is a pure function of a struct fs_utfall; owns nothing beyond the
 * marks it is given, never allocates.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "finsam/db.h"
#include "finsam/err.h"
#include "finsam/parse.h"
#include "finsam/report.h"
#include "finsam/stmt.h"
#include "finsam/store.h"

/*
 * Rows whose numerators add up over the triple: Totalt = Kvinnor + Män
 * + participations of neither sex.  Fördelning and Andel i
 * förvärvsarbete are not listed: their numerators are those of Antal
 * and Antal i förvärvsarbete, and they are hidden with them.
 */
static const bool additive[] = {
	[FS_UTFALL_ANTAL] = true,
	[FS_UTFALL_FORDELNING] = false,
	[FS_UTFALL_ANTAL_UNIKA] = true,
	[FS_UTFALL_UNDER_30] = true,
	[FS_UTFALL_FORSORJNING_3AR] = true,
	[FS_UTFALL_GRUNDSKOLA] = true,
	[FS_UTFALL_EFTERGYMNASIAL] = true,
	[FS_UTFALL_INSKRIVNINGSTID] = true,
	[FS_UTFALL_ANTAL_ARBETE] = true,
	[FS_UTFALL_HELTID_ARBETE] = true,
	[FS_UTFALL_ANDEL_ARBETE] = false,
	[FS_UTFALL_ANTAL_ARBETE_STUDIER] = true,
	[FS_UTFALL_HELTID_ARBETE_STUDIER] = true,
	[FS_UTFALL_ANTAL_OKAT] = true,
};
_Static_assert(FS_NELEM(additive) == FS_UTFALL__MAX, "additive");

/* Rows whose numerator is a count of participations (or persons). */
static const bool countlike[] = {
	[FS_UTFALL_ANTAL] = true,
	[FS_UTFALL_FORDELNING] = true,
	[FS_UTFALL_ANTAL_UNIKA] = true,
	[FS_UTFALL_UNDER_30] = true,
	[FS_UTFALL_FORSORJNING_3AR] = true,
	[FS_UTFALL_GRUNDSKOLA] = true,
	[FS_UTFALL_EFTERGYMNASIAL] = true,
	[FS_UTFALL_INSKRIVNINGSTID] = false,
	[FS_UTFALL_ANTAL_ARBETE] = true,
	[FS_UTFALL_HELTID_ARBETE] = false,
	[FS_UTFALL_ANDEL_ARBETE] = true,
	[FS_UTFALL_ANTAL_ARBETE_STUDIER] = true,
	[FS_UTFALL_HELTID_ARBETE_STUDIER] = false,
	[FS_UTFALL_ANTAL_OKAT] = true,
};
_Static_assert(FS_NELEM(countlike) == FS_UTFALL__MAX, "countlike");

struct ctx {
	const struct fs_utfall		*u;
	struct fs_utfall_skydd		*s;
	int64_t				 k;
	bool				 changed;
};

static int64_t
val(const struct ctx *x, int m, int c)
{
	return x->u->cell[m][c].taljare;
}

/* 1..k-1: a small count. */
static bool
small(const struct ctx *x, int64_t v)
{
	return v >= 1 && v < x->k;
}

static bool
hidden(const struct ctx *x, int m, int c)
{
	return x->s->cell[m][c] != FS_SKYDD_VISAS;
}

static void
hide(struct ctx *x, int m, int c, enum fs_skydd how)
{
	if (x->s->cell[m][c] != FS_SKYDD_VISAS)
		return;
	x->s->cell[m][c] = (uint8_t)how;
	x->changed = true;
}

/* Hide a count cell as "<k" when small, every other cell as "dold". */
static void
hide_prim(struct ctx *x, int m, int c)
{
	if (fs_utfall_kind((enum fs_utfall_measure)m) == FS_KIND_COUNT &&
	    small(x, val(x, m, c)))
		hide(x, m, c, FS_SKYDD_LITEN);
	else
		hide(x, m, c, FS_SKYDD_DOLD);
}

/* Totalt minus the two sexes: what the participations of neither add. */
static int64_t
other(const struct ctx *x, int m)
{
	return val(x, m, FS_COL_TOTALT) - val(x, m, FS_COL_KVINNOR) -
	    val(x, m, FS_COL_MAN);
}

/*
 * Whether row m carries a figure of a small group of participations of
 * neither sex, which the shown triple would give away as Totalt minus
 * the two sexes.
 */
static bool
other_small(const struct ctx *x, int m)
{
	int64_t o = other(x, m);

	if (o == 0)
		return false;
	if (small(x, other(x, FS_UTFALL_ANTAL)))
		return true;
	if (countlike[m] && small(x, o))
		return true;
	if (m == FS_UTFALL_HELTID_ARBETE &&
	    small(x, other(x, FS_UTFALL_ANTAL_ARBETE)))
		return true;
	if (m == FS_UTFALL_HELTID_ARBETE_STUDIER &&
	    small(x, other(x, FS_UTFALL_ANTAL_ARBETE_STUDIER)))
		return true;
	return false;
}

static void
primary(struct ctx *x)
{
	for (int c = 0; c < FS_COL__MAX; c++) {
		if (small(x, val(x, FS_UTFALL_ANTAL, c)))
			for (int m = 0; m < FS_UTFALL__MAX; m++)
				hide_prim(x, m, c);
		for (int m = 0; m < FS_UTFALL__MAX; m++)
			if (countlike[m] && small(x, val(x, m, c)))
				hide_prim(x, m, c);
		/* The FTE and share of a small group rest on it. */
		if (small(x, val(x, FS_UTFALL_ANTAL_ARBETE, c))) {
			hide(x, FS_UTFALL_HELTID_ARBETE, c, FS_SKYDD_DOLD);
			hide(x, FS_UTFALL_ANDEL_ARBETE, c, FS_SKYDD_DOLD);
		}
		if (small(x, val(x, FS_UTFALL_ANTAL_ARBETE_STUDIER, c)))
			hide(x, FS_UTFALL_HELTID_ARBETE_STUDIER, c,
			    FS_SKYDD_DOLD);
	}
}

/* One pass of the secondary rules; sets x->changed. */
static void
secondary(struct ctx *x)
{
	int h, kv, man;

	for (int c = 0; c < FS_COL__MAX; c++) {
		/* Every share and mean has the column's Antal as nämnare. */
		if (hidden(x, FS_UTFALL_ANTAL, c))
			for (int m = 0; m < FS_UTFALL__MAX; m++)
				hide_prim(x, m, c);
		if (hidden(x, FS_UTFALL_ANTAL, FS_COL_TOTALT))
			hide(x, FS_UTFALL_FORDELNING, c, FS_SKYDD_DOLD);
		if (hidden(x, FS_UTFALL_ANTAL_ARBETE, c))
			hide(x, FS_UTFALL_ANDEL_ARBETE, c, FS_SKYDD_DOLD);
	}
	for (int m = 0; m < FS_UTFALL__MAX; m++) {
		if (!additive[m])
			continue;
		h = 0;
		for (int c = 0; c < FS_COL__MAX; c++)
			h += hidden(x, m, c) ? 1 : 0;
		if (h == 0 && other_small(x, m)) {
			hide(x, m, FS_COL_KVINNOR, FS_SKYDD_DOLD);
			hide(x, m, FS_COL_MAN, FS_SKYDD_DOLD);
		} else if (h == 1) {
			kv = FS_COL_KVINNOR;
			man = FS_COL_MAN;
			if (hidden(x, m, kv))
				hide(x, m, man, FS_SKYDD_DOLD);
			else if (hidden(x, m, man))
				hide(x, m, kv, FS_SKYDD_DOLD);
			else if (val(x, m, kv) <= val(x, m, man))
				hide(x, m, kv, FS_SKYDD_DOLD);
			else
				hide(x, m, man, FS_SKYDD_DOLD);
		}
	}
}

enum fs_rc
fs_utfall_skydda(const struct fs_utfall *u, int k,
    struct fs_utfall_skydd *out, struct fs_err *err)
{
	struct ctx x;

	memset(out, 0, sizeof(*out));
	if (k < FS_SKYDD_K_MIN || k > FS_SKYDD_K_MAX)
		return fs_err_set(err, FS_EINVAL, "k",
		    "tröskeln måste vara ett heltal från %d till %d",
		    FS_SKYDD_K_MIN, FS_SKYDD_K_MAX);
	out->k = k;
	x.u = u;
	x.s = out;
	x.k = k;
	primary(&x);
	/* Each pass only hides, so this ends within 42 passes. */
	do {
		x.changed = false;
		secondary(&x);
	} while (x.changed);
	return FS_OK;
}

void
fs_utfall_skydd_mask(const struct fs_utfall *u,
    const struct fs_utfall_skydd *s, struct fs_utfall *out)
{
	*out = *u;
	for (int m = 0; m < FS_UTFALL__MAX; m++)
		for (int c = 0; c < FS_COL__MAX; c++)
			if (s->cell[m][c] != FS_SKYDD_VISAS) {
				out->cell[m][c].taljare = 0;
				out->cell[m][c].namnare = 0;
			}
}

enum fs_rc
fs_report_skydd_k(struct fs_db *db, int *k, struct fs_err *err)
{
	struct fs_stmt *s;
	const char *t;
	size_t len;
	int64_t v = FS_SKYDD_K_DEFAULT;
	bool row;
	enum fs_rc rc;

	*k = FS_SKYDD_K_DEFAULT;
	rc = fs_store_stmt(db->store, FS_STMT_META_GET, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_str(s, 1, FS_SKYDD_K_KEY);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && row) {
		t = fs_stmt_col_text(s, 0, &len);
		rc = fs_parse_i64(t, len, FS_SKYDD_K_MIN, FS_SKYDD_K_MAX, &v,
		    "k", err);
	}
	fs_stmt_reset(s);
	if (rc == FS_OK)
		*k = (int)v;
	return rc;
}

enum fs_rc
fs_report_skydd_k_set(struct fs_db *db, int k, struct fs_err *err)
{
	struct fs_stmt *s;
	char txt[16];
	enum fs_rc rc;

	if (k < FS_SKYDD_K_MIN || k > FS_SKYDD_K_MAX)
		return fs_err_set(err, FS_EINVAL, "k",
		    "tröskeln måste vara ett heltal från %d till %d",
		    FS_SKYDD_K_MIN, FS_SKYDD_K_MAX);
	snprintf(txt, sizeof(txt), "%d", k);
	rc = fs_store_stmt(db->store, FS_STMT_META_SET, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_str(s, 1, FS_SKYDD_K_KEY);
	fs_stmt_bind_str(s, 2, txt);
	return fs_stmt_exec(s, err);
}
