/* SPDX-License-Identifier: ISC */
/*
 * Aggregates of the linkage engine (koppling.h): means of net days
 * before and after, the mean change, Student's t intervals and counts
 * for every benefit over the cube sex x förbund x age group (each with
 * an "alla" margin), with primary and secondary suppression of small
 * cells.  Owns
 * struct fs_koppling_resultat.  Two passes over the participations:
 * sums first, then squared deviations from the means, so that the
 * variances stay exact in double however large the counts.
 */
#include "compat.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "finsam/alloc.h"
#include "finsam/err.h"
#include "finsam/koppling.h"
#include "finsam/parse.h"
#include "koppling_int.h"

#define NKON	3		/* alla, k, m */
#define NALDER	(FS_ALDER__MAX + 1)

struct sums {
	uint64_t	 n;
	uint64_t	 nf;
	uint64_t	 ne;
	int64_t		 sx;	/* quarter days before */
	int64_t		 sy;	/* quarter days after */
	double		 vx;	/* sum of squared deviations */
	double		 vy;
	double		 vd;
};

/* Student's t, 97.5 % quantile, df 1-30 (exact to 9 decimals). */
static const double t975_table[] = {
	12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836,
	2.446911851, 2.364624252, 2.306004135, 2.262157163, 2.228138852,
	2.200985160, 2.178812830, 2.160368656, 2.144786688, 2.131449546,
	2.119905299, 2.109815578, 2.100922040, 2.093024054, 2.085963447,
	2.079613845, 2.073873068, 2.068657610, 2.063898562, 2.059538553,
	2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456,
};

double
fs_koppling_t975(uint64_t df)
{
	/* Abramowitz and Stegun 26.7.5 beyond the table. */
	const double z = 1.959963984540054;
	double z2 = z * z, z3 = z2 * z, z5 = z3 * z2, z7 = z5 * z2,
	    z9 = z7 * z2, v;

	if (df == 0)
		return NAN;
	if (df <= FS_NELEM(t975_table))
		return t975_table[df - 1];
	v = (double)df;
	return z + (z3 + z) / (4 * v) +
	    (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) +
	    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v) +
	    (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) /
	    (92160 * v * v * v * v);
}

static size_t
cell_index(size_t nf1, int b, int ki, int fi, int ai)
{
	return (((size_t)b * NKON + (size_t)ki) * nf1 + (size_t)fi) * NALDER +
	    (size_t)ai;
}

const struct fs_koppling_cell *
fs_koppling_cell(const struct fs_koppling_resultat *r, int forman, char kon,
    int forbund, int aldersgrupp)
{
	int ki = kon == 'k' ? 1 : kon == 'm' ? 2 : 0;
	int fi = forbund == FS_KOPPLING_ALLA ? 0 : forbund + 1;
	int ai = aldersgrupp == FS_KOPPLING_ALLA ? 0 : aldersgrupp + 1;
	size_t i;

	if (forman < 0 || forman >= FS_FORMAN__MAX || fi < 0 ||
	    (size_t)fi > r->nforbund || ai < 0 || ai >= NALDER)
		return NULL;
	i = cell_index(r->nforbund + 1, forman, ki, fi, ai);
	return i < r->ncell ? &r->celler[i] : NULL;
}

void
fs_koppling_resultat_free(struct fs_koppling_resultat *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nforbund; i++)
		free(r->forbund[i]);
	free(r->forbund);
	free(r->celler);
	free(r);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The mean and 95 % interval of a sum of quarter days. */
static void
mean_ci(struct fs_koppling_medel *m, uint64_t n, double sum4, double ss4)
{
	double mean, sd, h;

	m->medel = m->lag = m->hog = NAN;
	if (n == 0)
		return;
	mean = sum4 / 4.0 / (double)n;
	m->medel = mean;
	if (n < 2)
		return;
	sd = sqrt(ss4 / 16.0 / (double)(n - 1));
	h = fs_koppling_t975(n - 1) * sd / sqrt((double)n);
	m->lag = mean - h;
	m->hog = mean + h;
}

/* The cells a participation counts in: 8 combinations of margins. */
static void
combos(size_t nf1, int b, int kon, int fi, int ai, size_t out[8])
{
	int n = 0;

	for (int x = 0; x < 2; x++)
		for (int y = 0; y < 2; y++)
			for (int z = 0; z < 2; z++)
				out[n++] = cell_index(nf1, b, x != 0 ? kon : 0,
				    y != 0 ? fi : 0, z != 0 ? ai : 0);
}

/*
 * Secondary suppression of one additive count over the cells of one
 * benefit (koppling.h, "Aggregates"): v[i] the count of cell i (the
 * cube kon x förbund x age of cell_index() with b = 0), dold[i] set
 * for the cells hidden already; sets dold[] for more cells until no
 * equation "margin = sum of its breakdown" has exactly one hidden
 * member.  Each round hides one shown member with a positive count,
 * so it ends.
 */
struct ekv {
	size_t	*m;		/* room for nf1 + NKON + NALDER members */
	size_t	 n;		/* m[0] is the margin */
};

static bool
protect_one(const struct ekv *e, const uint64_t *v, bool *dold)
{
	size_t hidden = 0, best = SIZE_MAX;

	for (size_t j = 0; j < e->n; j++)
		hidden += dold[e->m[j]];
	if (hidden != 1)
		return false;
	/* The smallest shown breakdown cell, the margin only if none. */
	for (size_t j = 1; j < e->n; j++) {
		size_t c = e->m[j];

		if (!dold[c] && v[c] > 0 &&
		    (best == SIZE_MAX || v[c] < v[best]))
			best = c;
	}
	if (best == SIZE_MAX && !dold[e->m[0]] && v[e->m[0]] > 0)
		best = e->m[0];
	if (best == SIZE_MAX)
		return false;	/* cannot happen: the hidden one would be 0 */
	dold[best] = true;
	return true;
}

static void
protect(size_t nf1, const uint64_t *v, bool *dold, size_t *room)
{
	struct ekv e = { room, 0 };
	bool changed = true;

	while (changed) {
		changed = false;
		/* alla = k + m */
		for (size_t fi = 0; fi < nf1; fi++)
			for (int ai = 0; ai < NALDER; ai++) {
				e.n = 0;
				for (int ki = 0; ki < NKON; ki++)
					e.m[e.n++] = cell_index(nf1, 0, ki,
					    (int)fi, ai);
				changed |= protect_one(&e, v, dold);
			}
		/* alla förbund = the sum over förbund */
		for (int ki = 0; ki < NKON; ki++)
			for (int ai = 0; ai < NALDER; ai++) {
				e.n = 0;
				for (size_t fi = 0; fi < nf1; fi++)
					e.m[e.n++] = cell_index(nf1, 0, ki,
					    (int)fi, ai);
				changed |= protect_one(&e, v, dold);
			}
		/* alla ages = the sum over age groups */
		for (int ki = 0; ki < NKON; ki++)
			for (size_t fi = 0; fi < nf1; fi++) {
				e.n = 0;
				for (int ai = 0; ai < NALDER; ai++)
					e.m[e.n++] = cell_index(nf1, 0, ki,
					    (int)fi, ai);
				changed |= protect_one(&e, v, dold);
			}
	}
}

/* Primary and secondary suppression of every cell of r (k >= 2). */
static enum fs_rc
suppress(struct fs_koppling_resultat *r, size_t nf1, struct fs_err *err)
{
	size_t per = (size_t)NKON * nf1 * NALDER;
	uint64_t *v = fs_calloc(per, sizeof(*v));
	bool *dold = fs_calloc(per, sizeof(*dold));
	size_t *room = fs_calloc(nf1 + NKON + NALDER, sizeof(*room));
	const struct fs_koppling_medel none = { NAN, NAN, NAN };

	if (v == NULL || dold == NULL || room == NULL) {
		free(v);
		free(dold);
		free(room);
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	}
	for (int b = 0; b < FS_FORMAN__MAX; b++) {
		struct fs_koppling_cell *c = &r->celler[(size_t)b * per];

		/* The cells themselves, on their counts. */
		for (size_t i = 0; i < per; i++) {
			v[i] = c[i].n;
			dold[i] = c[i].n > 0 && c[i].n < r->min_antal;
		}
		protect(nf1, v, dold, room);
		for (size_t i = 0; i < per; i++) {
			if (!dold[i])
				continue;
			c[i].sekundar = c[i].n >= r->min_antal;
			c[i].undertryckt = true;
			c[i].fore = c[i].efter = c[i].forandring = none;
		}
		/* The counts with any days before, then after. */
		for (int side = 0; side < 2; side++) {
			for (size_t i = 0; i < per; i++) {
				v[i] = side == 0 ? c[i].n_med_fore :
				    c[i].n_med_efter;
				dold[i] = c[i].undertryckt ||
				    (v[i] > 0 && v[i] < r->min_antal);
			}
			protect(nf1, v, dold, room);
			for (size_t i = 0; i < per; i++) {
				bool sek = dold[i] && !c[i].undertryckt &&
				    v[i] >= r->min_antal;

				if (side == 0)
					c[i].dold_fore = sek;
				else
					c[i].dold_efter = sek;
			}
		}
	}
	free(v);
	free(dold);
	free(room);
	return FS_OK;
}

enum fs_rc
fs_koppling_aggregera(const struct fs_koppling *k,
    const struct fs_koppling_params *p, struct fs_koppling_resultat **out,
    struct fs_err *err)
{
	struct fs_koppling_resultat *r = NULL;
	struct sums *s = NULL;
	uint32_t *fpos = NULL;
	size_t nf, nf1, ncell;
	enum fs_rc rc = FS_OK;

	*out = NULL;
	if (!k->finished)
		return fs_err_set(err, FS_EINVAL, NULL,
		    "beräkningen är inte avslutad");
	nf = k->forbund.n;
	nf1 = nf + 1;
	ncell = (size_t)FS_FORMAN__MAX * NKON * nf1 * NALDER;
	r = fs_calloc(1, sizeof(*r));
	if (r == NULL)
		goto nomem;
	r->forbund = fs_calloc(nf == 0 ? 1 : nf, sizeof(char *));
	r->celler = fs_calloc(ncell, sizeof(*r->celler));
	s = fs_calloc(ncell, sizeof(*s));
	fpos = fs_calloc(nf == 0 ? 1 : nf, sizeof(*fpos));
	if (r->forbund == NULL || r->celler == NULL || s == NULL ||
	    fpos == NULL)
		goto nomem;
	for (size_t i = 0; i < nf; i++) {
		r->forbund[i] = fs_strdup(fs_koppling_intern_str(&k->forbund,
		    (uint32_t)i));
		if (r->forbund[i] == NULL)
			goto nomem;
		r->nforbund = i + 1;
	}
	qsort(r->forbund, nf, sizeof(char *), cmp_str);
	for (size_t i = 0; i < nf; i++) {
		const char *c = fs_koppling_intern_str(&k->forbund, (uint32_t)i);
		char **hit = bsearch(&c, r->forbund, nf, sizeof(char *),
		    cmp_str);

		fpos[i] = hit == NULL ? 0 : (uint32_t)(hit - r->forbund);
	}
	r->ncell = ncell;
	r->deltaganden = k->n;
	r->perioder = k->rows;
	r->perioder_traff = k->hits;
	r->tackning_fran = k->tackning_fran;
	r->tackning_tom = k->tackning_tom;
	r->min_antal = p->min_antal == 0 ? 1 : p->min_antal;

	/* Pass 1: counts and sums. */
	for (size_t i = 0; i < k->n; i++) {
		const struct part *pa = &k->parts[i];
		int kon = pa->kon == 'k' ? 1 : 2;
		int fi = (int)fpos[pa->forbund] + 1;
		int ai = (int)fs_aldersgrupp_of(pa->alder) + 1;

		if (pa->slut == FS_DATE_NONE) {
			r->pagaende++;
			continue;
		}
		if ((pa->flags & PART_EFTER_KOMPLETT) == 0) {
			r->efter_ofullstandigt++;
			continue;
		}
		if ((pa->flags & PART_FORE_KOMPLETT) == 0) {
			r->fore_ofullstandigt++;
			continue;
		}
		r->anvanda++;
		for (int b = 0; b < FS_FORMAN__MAX; b++) {
			unsigned x = k->days[i][b];
			unsigned y = k->days[i][FS_FORMAN__MAX + b];
			size_t c[8];

			combos(nf1, b, kon, fi, ai, c);
			for (int j = 0; j < 8; j++) {
				struct sums *q = &s[c[j]];

				q->n++;
				q->nf += x > 0;
				q->ne += y > 0;
				q->sx += x;
				q->sy += y;
			}
		}
	}
	/* Pass 2: squared deviations from the cell means. */
	for (size_t i = 0; i < k->n; i++) {
		const struct part *pa = &k->parts[i];
		int kon = pa->kon == 'k' ? 1 : 2;
		int fi = (int)fpos[pa->forbund] + 1;
		int ai = (int)fs_aldersgrupp_of(pa->alder) + 1;

		if (pa->slut == FS_DATE_NONE ||
		    (pa->flags & PART_EFTER_KOMPLETT) == 0 ||
		    (pa->flags & PART_FORE_KOMPLETT) == 0)
			continue;
		for (int b = 0; b < FS_FORMAN__MAX; b++) {
			double x = k->days[i][b];
			double y = k->days[i][FS_FORMAN__MAX + b];
			size_t c[8];

			combos(nf1, b, kon, fi, ai, c);
			for (int j = 0; j < 8; j++) {
				struct sums *q = &s[c[j]];
				double n = (double)q->n;
				double dx = x - (double)q->sx / n;
				double dy = y - (double)q->sy / n;
				double dd = (y - x) -
				    (double)(q->sy - q->sx) / n;

				q->vx += dx * dx;
				q->vy += dy * dy;
				q->vd += dd * dd;
			}
		}
	}
	for (int b = 0; b < FS_FORMAN__MAX; b++)
		for (int ki = 0; ki < NKON; ki++)
			for (size_t fi = 0; fi < nf1; fi++)
				for (int ai = 0; ai < NALDER; ai++) {
					size_t i = cell_index(nf1, b, ki,
					    (int)fi, ai);
					struct fs_koppling_cell *c =
					    &r->celler[i];
					const struct sums *q = &s[i];

					c->forman = b;
					c->kon = ki == 0 ? 0 : ki == 1 ? 'k' :
					    'm';
					c->forbund = fi == 0 ? FS_KOPPLING_ALLA :
					    (int)fi - 1;
					c->aldersgrupp = ai == 0 ?
					    FS_KOPPLING_ALLA : ai - 1;
					c->n = q->n;
					c->n_med_fore = q->nf;
					c->n_med_efter = q->ne;
					mean_ci(&c->fore, q->n, (double)q->sx,
					    q->vx);
					mean_ci(&c->efter, q->n, (double)q->sy,
					    q->vy);
					mean_ci(&c->forandring, q->n,
					    (double)(q->sy - q->sx), q->vd);
				}
	if (r->min_antal > 1) {
		rc = suppress(r, nf1, err);
		if (rc != FS_OK)
			goto out;
	}
	*out = r;
	r = NULL;
	goto out;
nomem:
	rc = fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
out:
	fs_koppling_resultat_free(r);
	free(s);
	free(fpos);
	return rc;
}
