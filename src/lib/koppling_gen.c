/* SPDX-License-Identifier: ISC */
/*
 * The synthetic benefit register (koppling.h, "Synthetic registers"): a
 * pseudonymised participation file and a spell file that fits it, for
 * demos, tests and the linkage benchmark.  Every person is a pure
 * function of (seed, person number), so the participation file can be
 * written in person order and the spells in a shuffled order without
 * keeping persons in memory; memory is the shuffle permutation (4 bytes
 * a person) and the write buffer.  Draws from the shared generator
 * (rng.h), on streams of its own, not fit for anything but test data.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/err.h"
#include "finsam/koppling.h"
#include "finsam/parse.h"
#include "finsam/rng.h"
#include "koppling_int.h"

#define MAX_PERSONER	10000000u
#define MAX_PERIODER	2000000000ull
#define MAX_PER_PERSON	16
#define OUT_BUF		((size_t)8 << 20)
#define PROGRESS_EVERY	(1u << 20)
#define SHARE_DELTAGARE	0.8	/* of the spells, when others exist */

/*
 * Seed r for stream of seed.  The constant ("koppling") keeps these
 * streams apart from those of gen.c for the same seed.
 */
static void
seed_rng(struct fs_rng *r, uint64_t seed, uint64_t stream)
{
	fs_rng_seed(r, seed ^ 0x6b6f70706c696e67ULL, stream);
}

/* Log-normal with the given median, clamped to [lo, hi]. */
static int32_t
lognorm(struct fs_rng *r, double median, double sigma, int32_t lo, int32_t hi)
{
	double v = median * exp(sigma * fs_rng_normal(r));

	if (v < lo)
		return lo;
	if (v > hi)
		return hi;
	return (int32_t)v;
}

/* ---- persons --------------------------------------------------------- */

struct delt {
	int32_t		 start;
	int32_t		 slut;		/* FS_DATE_NONE when open */
	unsigned	 insats;
};

struct person {
	char		 pseud[FS_KOPPLING_PSEUDONYM_MAX + 1];
	bool		 kvinna;
	int		 alder;		/* at the first start (or at fran) */
	unsigned	 forbund;	/* 1-based */
	unsigned	 ndelt;
	struct delt	 d[MAX_PER_PERSON];
};

struct gen {
	const struct fs_koppling_gen_params *p;
	uint64_t	 personer;
	uint64_t	 ovriga;	/* persons outside the participation file */
	uint64_t	 deltaganden;
	int32_t		 c0;		/* coverage */
	int32_t		 c1;
	char		(*dates)[11];	/* "YYYY-MM-DD" for c0 .. c1 */
	struct fs_koppling *k;		/* a participation file read in */
	uint32_t	*kperson;	/* first participation per person */
	/* output */
	int		 fd;
	char		*buf;
	size_t		 len;
	uint64_t	 bytes;
	uint64_t	 rows;
	uint64_t	 rows_deltagare;
	fs_koppling_progress_fn progress;
	void		*arg;
	enum fs_rc	 rc;
};

static const char hexd[] = "0123456789abcdef";

/* The pseudonym of person number i (participants first, then others). */
static void
pseudonym(uint64_t seed, uint64_t i, char out[FS_KOPPLING_PSEUDONYM_LEN + 1])
{
	uint64_t x = seed * 0x9e3779b97f4a7c15ULL + i * 0xd6e8feb86659fd93ULL;
	uint64_t a = fs_rng_splitmix64(&x), b = fs_rng_splitmix64(&x);

	for (int j = 0; j < 16; j++) {
		out[j] = hexd[(a >> (60 - 4 * j)) & 0xf];
		out[16 + j] = hexd[(b >> (60 - 4 * j)) & 0xf];
	}
	out[FS_KOPPLING_PSEUDONYM_LEN] = '\0';
}

/* Participations of person i: 1 plus its share of the extra ones. */
static unsigned
ndelt_of(const struct gen *g, uint64_t i)
{
	uint64_t e = g->deltaganden - g->personer;
	uint64_t n = (i + 1) * e / g->personer - i * e / g->personer;

	return 1 + (unsigned)(n > MAX_PER_PERSON - 1 ? MAX_PER_PERSON - 1 : n);
}

/* Draw (or look up) participant i, a pure function of seed and i. */
static void
make_person(const struct gen *g, uint64_t i, struct person *pe)
{
	const struct fs_koppling_gen_params *p = g->p;
	struct fs_rng r;
	int32_t t;
	double u;

	memset(pe, 0, sizeof(*pe));
	if (g->k != NULL) {
		const struct fs_koppling *k = g->k;
		uint32_t q = g->kperson[i];

		snprintf(pe->pseud, sizeof(pe->pseud), "%s",
		    k->names.buf + k->parts[q].pseud);
		pe->kvinna = k->parts[q].kon == 'k';
		pe->alder = k->parts[q].alder;
		for (; q != UINT32_MAX && pe->ndelt < MAX_PER_PERSON;
		    q = k->parts[q].next) {
			pe->d[pe->ndelt].start = k->parts[q].start;
			pe->d[pe->ndelt].slut = k->parts[q].slut;
			pe->ndelt++;
		}
		return;
	}
	seed_rng(&r, p->seed, i);
	pseudonym(p->seed, i, pe->pseud);
	/* SUS 2019: 55 % women, ages 16-64 with many young. */
	pe->kvinna = fs_rng_chance(&r, 0.55);
	u = fs_rng_unif(&r);
	pe->alder = u < 0.30 ? fs_rng_between(&r, 16, 29) :
	    u < 0.55 ? fs_rng_between(&r, 30, 39) :
	    u < 0.78 ? fs_rng_between(&r, 40, 49) :
	    u < 0.95 ? fs_rng_between(&r, 50, 59) :
	    fs_rng_between(&r, 60, 64);
	pe->forbund = 1 + fs_rng_below(&r, p->forbund);
	pe->ndelt = ndelt_of(g, i);
	t = fs_rng_between(&r, p->fran, p->till - 60);
	for (unsigned j = 0; j < pe->ndelt; j++) {
		struct delt *d = &pe->d[j];
		int32_t len = lognorm(&r, 220, 0.8, 14, 1400);

		if (t > p->till)
			t = p->till - (int32_t)(pe->ndelt - j);
		d->start = t;
		d->insats = 1 + (fs_rng_below(&r, 6) + j) % 8;
		d->slut = t + len <= p->till ? t + len : FS_DATE_NONE;
		if (d->slut != FS_DATE_NONE && fs_rng_chance(&r, 0.03))
			d->slut = FS_DATE_NONE;	/* still open */
		t = (d->slut == FS_DATE_NONE ? t + 60 : d->slut) +
		    fs_rng_between(&r, 30, 500);
	}
}

/* ---- output ---------------------------------------------------------- */

static void
out_flush(struct gen *g)
{
	size_t off = 0;

	while (off < g->len && g->rc == FS_OK) {
		ssize_t w = write(g->fd, g->buf + off, g->len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			g->rc = FS_EIO;
		else
			off += (size_t)w;
	}
	g->bytes += g->len;
	g->len = 0;
}

static char *
put(char *o, const char *s)
{
	while (*s != '\0')
		*o++ = *s++;
	return o;
}

static char *
put_uint(char *o, unsigned v)
{
	char tmp[12];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	while (n > 0)
		*o++ = tmp[--n];
	return o;
}

static const char *const omf_text[] = { "", "25", "50", "75", "100" };

static bool emit(struct gen *, const struct person *, bool, int, int32_t,
    int32_t, int);

/* emit() as a count, 0 or 1. */
static uint64_t
emit1(struct gen *g, const struct person *pe, bool dg, int b, int32_t from,
    int32_t tom, int level)
{
	return emit(g, pe, dg, b, from, tom, level) ? 1 : 0;
}

/* Write one spell, clipped to the coverage; false when nothing left. */
static bool
emit(struct gen *g, const struct person *pe, bool deltagare, int b,
    int32_t from, int32_t tom, int level)
{
	char *o;

	if (from < g->c0)
		from = g->c0;
	if (tom > g->c1)
		tom = g->c1;
	if (from > tom)
		return false;
	if (g->len + 256 > OUT_BUF)
		out_flush(g);
	o = g->buf + g->len;
	o = put(o, pe->pseud);
	*o++ = ',';
	o = put(o, fs_forman_name((enum fs_forman)b));
	*o++ = ',';
	memcpy(o, g->dates[from - g->c0], 10);
	o += 10;
	*o++ = ',';
	memcpy(o, g->dates[tom - g->c0], 10);
	o += 10;
	*o++ = ',';
	o = put(o, omf_text[level]);
	*o++ = '\n';
	g->len = (size_t)(o - g->buf);
	g->rows++;
	if (deltagare)
		g->rows_deltagare++;
	if (g->progress != NULL && g->rows % PROGRESS_EVERY == 0)
		g->progress(g->arg, g->rows, g->p->perioder);
	return true;
}

static int
draw_level(struct fs_rng *r, const unsigned w[4])
{
	uint32_t x = fs_rng_below(r, w[0] + w[1] + w[2] + w[3]);

	for (int l = 0; l < 4; l++) {
		if (x < w[l])
			return l + 1;
		x -= w[l];
	}
	return 4;
}

/* Length (days) and omfattning of a spell of benefit b. */
static int32_t
draw_len(struct fs_rng *r, int b, int *level)
{
	static const unsigned sp_w[4] = { 10, 20, 10, 60 };
	static const unsigned ak_w[4] = { 8, 15, 7, 70 };
	static const unsigned se_w[4] = { 10, 20, 10, 60 };
	static const unsigned half[4] = { 0, 30, 0, 70 };
	static const unsigned full[4] = { 0, 0, 0, 100 };

	switch (b) {
	case FS_FORMAN_SJUKPENNING:
		*level = draw_level(r, sp_w);
		return lognorm(r, 35, 1.1, 3, 900);
	case FS_FORMAN_REHABILITERINGSPENNING:
		*level = draw_level(r, half);
		return fs_rng_between(r, 14, 120);
	case FS_FORMAN_SJUKERSATTNING:
		*level = draw_level(r, se_w);
		return fs_rng_between(r, 365, 2000);
	case FS_FORMAN_AKTIVITETSERSATTNING:
		*level = draw_level(r, half);
		return fs_rng_between(r, 180, 1100);
	case FS_FORMAN_AKTIVITETSSTOD:
		*level = draw_level(r, full);
		return fs_rng_between(r, 20, 200);
	case FS_FORMAN_A_KASSA:
		*level = draw_level(r, ak_w);
		return fs_rng_between(r, 20, 300);
	case FS_FORMAN_ETABLERINGSERSATTNING:
		*level = draw_level(r, full);
		return fs_rng_between(r, 90, 730);
	default:
		*level = 4;
		return 30;
	}
}

static const double mean_len[FS_FORMAN__MAX] = {
	[FS_FORMAN_SJUKPENNING] = 60,
	[FS_FORMAN_REHABILITERINGSPENNING] = 67,
	[FS_FORMAN_SJUKERSATTNING] = 1180,
	[FS_FORMAN_AKTIVITETSERSATTNING] = 640,
	[FS_FORMAN_AKTIVITETSSTOD] = 110,
	[FS_FORMAN_A_KASSA] = 160,
	[FS_FORMAN_FORSORJNINGSSTOD] = 30,
	[FS_FORMAN_ETABLERINGSERSATTNING] = 410,
};

/* n spells of benefit b laid out over the coverage; returns written. */
static uint64_t
lay_out(struct gen *g, struct fs_rng *r, const struct person *pe, bool dg,
    int b, uint64_t n)
{
	double span = (double)(g->c1 - g->c0 + 1);
	double scale = 1.0, gap;
	int32_t cur;
	uint64_t done = 0;

	if (n == 0)
		return 0;
	if ((double)n * mean_len[b] * 1.2 > span)
		scale = span / ((double)n * mean_len[b] * 1.2);
	gap = (span - (double)n * mean_len[b] * scale) / (double)n;
	if (gap < 1)
		gap = 1;
	cur = g->c0 + (int32_t)(fs_rng_unif(r) * gap);
	if (b == FS_FORMAN_FORSORJNINGSSTOD) {
		/* Calendar months in runs of 6 on average. */
		double pm = (span / 30.0 - (double)n) / ((double)n / 6.0);
		int y, m, d;

		if (pm < 0)
			pm = 0;
		fs_date_to_ymd(cur, &y, &m, &d);
		while (done < n) {
			int32_t from = fs_date_from_ymd(y, m, 1), tom;

			if (from > g->c1) {
				fs_date_to_ymd(g->c0 +
				    (int32_t)(fs_rng_unif(r) * span), &y, &m,
				    &d);
				continue;
			}
			m++;
			if (m > 12) {
				m = 1;
				y++;
			}
			tom = fs_date_from_ymd(y, m, 1) - 1;
			if (emit(g, pe, dg, b, from, tom, 4))
				done++;
			if (fs_rng_chance(r, 1.0 / 6.0)) {
				/* A pause of some months. */
				int skip = (int)(fs_rng_unif(r) * 2 * pm);

				m += skip % 12;
				y += skip / 12;
				while (m > 12) {
					m -= 12;
					y++;
				}
			}
		}
		return done;
	}
	while (done < n) {
		int level;
		int32_t len = draw_len(r, b, &level);

		len = (int32_t)(len * scale);
		if (len < 1)
			len = 1;
		if (cur > g->c1)
			cur = g->c0 + (int32_t)(fs_rng_unif(r) * span);
		/* Sick leave often goes on part-time: a second spell. */
		if (b == FS_FORMAN_SJUKPENNING && level == 4 && len > 30 &&
		    n - done >= 2 && fs_rng_chance(r, 0.2)) {
			int32_t part = len / 2;

			if (emit(g, pe, dg, b, cur, cur + part - 1, 4))
				done++;
			if (emit(g, pe, dg, b, cur + part, cur + len - 1, 2))
				done++;
		} else if (emit(g, pe, dg, b, cur, cur + len - 1, level)) {
			done++;
		}
		/* A register correction: the same spell again, now and then. */
		if (done < n && fs_rng_chance(r, 0.01) &&
		    emit(g, pe, dg, b, cur, cur + len / 2, level))
			done++;
		cur += len + (int32_t)(fs_rng_unif(r) * 2 * gap);
	}
	return done;
}

/* All n spells of one person. */
static void
person_spells(struct gen *g, const struct person *pe, bool dg, uint64_t n,
    uint64_t stream)
{
	double w[FS_FORMAN__MAX] = { 0 }, total = 0;
	uint64_t cnt[FS_FORMAN__MAX] = { 0 }, done = 0;
	struct fs_rng r;
	int alder = pe->alder;

	seed_rng(&r, g->p->seed ^ 0x7370656c6cULL, stream);
	/* Participants: support around the insats (FK's pattern). */
	for (unsigned j = 0; dg && j < pe->ndelt && done < n; j++) {
		const struct delt *d = &pe->d[j];

		if (fs_rng_chance(&r, 0.35)) {
			int32_t tom = d->start - fs_rng_between(&r, 1, 60);
			int32_t len = lognorm(&r, 60, 0.6, 14, 330);

			done += emit1(g, pe, dg, FS_FORMAN_SJUKPENNING,
			    tom - len + 1, tom, fs_rng_chance(&r, 0.7) ? 4 : 2);
		}
		if (done < n && d->slut != FS_DATE_NONE &&
		    fs_rng_chance(&r, 0.25)) {
			int32_t from = d->slut + fs_rng_between(&r, 1, 200);

			done += emit1(g, pe, dg, FS_FORMAN_SJUKPENNING, from,
			    from + lognorm(&r, 40, 0.8, 7, 300),
			    fs_rng_chance(&r, 0.6) ? 4 : 2);
		}
		if (done < n && d->slut != FS_DATE_NONE && alder >= 30 &&
		    fs_rng_chance(&r, 0.07))
			done += emit1(g, pe, dg, FS_FORMAN_SJUKERSATTNING,
			    d->slut + fs_rng_between(&r, 1, 240), g->c1,
			    fs_rng_chance(&r, 0.6) ? 4 : 2);
		if (done < n && d->slut != FS_DATE_NONE && alder < 30 &&
		    fs_rng_chance(&r, 0.05))
			done += emit1(g, pe, dg, FS_FORMAN_AKTIVITETSERSATTNING,
			    d->slut + fs_rng_between(&r, 1, 120),
			    d->slut + fs_rng_between(&r, 365, 1100), 4);
	}
	/* The rest by the person's profile. */
	if (fs_rng_chance(&r, dg ? 0.5 : 0.3)) {
		w[FS_FORMAN_FORSORJNINGSSTOD] = 5;
	}
	if (fs_rng_chance(&r, dg ? 0.75 : 0.55)) {
		w[FS_FORMAN_SJUKPENNING] = 3;
		if (fs_rng_chance(&r, 0.2))
			w[FS_FORMAN_REHABILITERINGSPENNING] = 0.6;
	}
	if (fs_rng_chance(&r, 0.4))
		w[FS_FORMAN_A_KASSA] = 2;
	if (fs_rng_chance(&r, dg ? 0.4 : 0.2))
		w[FS_FORMAN_AKTIVITETSSTOD] = 2;
	if (alder < 29 && fs_rng_chance(&r, 0.15))
		w[FS_FORMAN_AKTIVITETSERSATTNING] = 0.3;
	if (alder >= 35 && fs_rng_chance(&r, 0.12))
		w[FS_FORMAN_SJUKERSATTNING] = 0.2;
	if (fs_rng_chance(&r, 0.06))
		w[FS_FORMAN_ETABLERINGSERSATTNING] = 0.4;
	for (int b = 0; b < FS_FORMAN__MAX; b++)
		total += w[b];
	if (total == 0) {
		w[FS_FORMAN_SJUKPENNING] = 1;
		total = 1;
	}
	for (uint64_t j = done; j < n; j++) {
		double x = fs_rng_unif(&r) * total;
		int b = 0;

		while (b < FS_FORMAN__MAX - 1 && x >= w[b]) {
			x -= w[b];
			b++;
		}
		if (w[b] == 0)
			b = FS_FORMAN_SJUKPENNING;
		cnt[b]++;
	}
	for (int b = 0; b < FS_FORMAN__MAX; b++)
		done += lay_out(g, &r, pe, dg, b, cnt[b]);
	/* Clipped spells are made up with short sick leave. */
	while (done < n) {
		int32_t from = fs_rng_between(&r, g->c0, g->c1);

		done += emit1(g, pe, dg, FS_FORMAN_SJUKPENNING, from,
		    from + fs_rng_between(&r, 0, 20), 4);
	}
}

/* ---- files ----------------------------------------------------------- */

void
fs_koppling_gen_params_init(struct fs_koppling_gen_params *p)
{
	memset(p, 0, sizeof(*p));
	p->personer = 1000;
	p->deltaganden = 0;
	p->perioder = 100000;
	p->forbund = 10;
	p->seed = 1;
	p->fran = fs_date_from_ymd(2019, 1, 1);
	p->till = fs_date_from_ymd(2023, 12, 31);
}

static enum fs_rc
check(const struct fs_koppling_gen_params *p, struct fs_err *err)
{
	if (p->deltagande_fil == NULL &&
	    (p->personer < 1 || p->personer > MAX_PERSONER))
		return fs_err_set(err, FS_EINVAL, "personer",
		    "måste vara 1–10 000 000");
	if (p->deltagande_fil == NULL && p->deltaganden != 0 &&
	    (p->deltaganden < p->personer ||
	    p->deltaganden > p->personer * MAX_PER_PERSON ||
	    p->deltaganden > FS_KOPPLING_MAX_DELTAGANDE))
		return fs_err_set(err, FS_EINVAL, "deltaganden",
		    "måste vara minst antalet personer och högst 16 per "
		    "person (och högst 50 000 000)");
	if (p->perioder > MAX_PERIODER)
		return fs_err_set(err, FS_EINVAL, "perioder",
		    "måste vara 0–2 000 000 000");
	if (p->forbund < 1 || p->forbund > 80)
		return fs_err_set(err, FS_EINVAL, "forbund",
		    "måste vara 1–80");
	if (p->fran < fs_date_from_ymd(1990, 1, 1) ||
	    p->fran > fs_date_from_ymd(2039, 12, 31))
		return fs_err_set(err, FS_EINVAL, "fran",
		    "måste ligga i 1990-01-01–2039-12-31");
	if (p->till > fs_date_from_ymd(2039, 12, 31) ||
	    p->till - p->fran < 180)
		return fs_err_set(err, FS_EINVAL, "till",
		    "måste vara minst 180 dagar efter fran och senast "
		    "2039-12-31");
	return FS_OK;
}

static enum fs_rc
make_dir(const char *dir, struct fs_err *err)
{
	struct fs_buf b;
	enum fs_rc rc = FS_OK;

	fs_buf_init(&b, 0);
	if (fs_buf_addstr(&b, dir) != FS_OK) {
		fs_buf_release(&b);
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	}
	for (size_t i = 1; i <= b.len && rc == FS_OK; i++) {
		char c = b.buf[i];

		if (c != '/' && c != '\0')
			continue;
		b.buf[i] = '\0';
		if (mkdir(b.buf, 0700) != 0 && errno != EEXIST)
			rc = fs_err_set(err, FS_EIO, "ut",
			    "katalogen kan inte skapas");
		b.buf[i] = c;
	}
	fs_buf_release(&b);
	return rc;
}

/* Open dir/name.tmp for writing into g; path and tmp get the names. */
static enum fs_rc
open_out(struct gen *g, const char *dir, const char *name, struct fs_buf *path,
    struct fs_buf *tmp, struct fs_err *err)
{
	fs_buf_reset(path);
	fs_buf_reset(tmp);
	if (fs_buf_addf(path, "%s/%s", dir, name) != FS_OK ||
	    fs_buf_addf(tmp, "%s/.%s.tmp-%ld", dir, name, (long)getpid()) !=
	    FS_OK)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	g->fd = open(tmp->buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (g->fd < 0)
		return fs_err_set(err, FS_EIO, "ut", "filen %s kan inte "
		    "skapas i katalogen", name);
	g->len = 0;
	g->bytes = 0;
	g->rc = FS_OK;
	return FS_OK;
}

static enum fs_rc
close_out(struct gen *g, const struct fs_buf *path, const struct fs_buf *tmp,
    struct fs_err *err)
{
	out_flush(g);
	if (g->rc == FS_OK && close(g->fd) != 0)
		g->rc = FS_EIO;
	else if (g->rc != FS_OK)
		close(g->fd);
	g->fd = -1;
	if (g->rc == FS_OK && rename(tmp->buf, path->buf) != 0)
		g->rc = FS_EIO;
	if (g->rc != FS_OK) {
		unlink(tmp->buf);
		return fs_err_set(err, FS_EIO, "ut",
		    "filen kunde inte skrivas (disken full?)");
	}
	return FS_OK;
}

static void
write_deltagande(struct gen *g)
{
	static const char head[] = "pseudonym,insats_kod,forbund_kod,kon,"
	    "alder_vid_start,startdatum,slutdatum\n";
	struct person pe;

	memcpy(g->buf, head, sizeof(head) - 1);
	g->len = sizeof(head) - 1;
	for (uint64_t i = 0; i < g->personer && g->rc == FS_OK; i++) {
		make_person(g, i, &pe);
		for (unsigned j = 0; j < pe.ndelt; j++) {
			const struct delt *d = &pe.d[j];
			char *o;

			if (g->len + 256 > OUT_BUF)
				out_flush(g);
			o = g->buf + g->len;
			o = put(o, pe.pseud);
			o = put(o, ",F");
			if (pe.forbund < 10)
				*o++ = '0';
			o = put_uint(o, pe.forbund);
			o = put(o, "-I0");
			o = put_uint(o, d->insats);
			o = put(o, ",F");
			if (pe.forbund < 10)
				*o++ = '0';
			o = put_uint(o, pe.forbund);
			*o++ = ',';
			*o++ = pe.kvinna ? 'k' : 'm';
			*o++ = ',';
			o = put_uint(o, (unsigned)(pe.alder +
			    (d->start - pe.d[0].start) / 365));
			*o++ = ',';
			fs_date_format(d->start, o);
			o += 10;
			*o++ = ',';
			if (d->slut != FS_DATE_NONE) {
				fs_date_format(d->slut, o);
				o += 10;
			}
			*o++ = '\n';
			g->len = (size_t)(o - g->buf);
		}
	}
}

static enum fs_rc
write_perioder(struct gen *g, struct fs_err *err)
{
	static const char head[] = "pseudonym,forman,from,tom,omfattning\n";
	uint64_t npers = g->personer + g->ovriga;
	uint64_t r_d, r_o, m_d = g->personer, m_o = g->ovriga;
	uint32_t *order;
	struct fs_rng r;

	if (npers > UINT32_MAX)
		return fs_err_set(err, FS_EINVAL, "personer",
		    "för många personer");
	order = fs_reallocarray(NULL, npers, sizeof(*order));
	if (order == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	seed_rng(&r, g->p->seed, UINT64_MAX);
	for (uint64_t i = 0; i < npers; i++)
		order[i] = (uint32_t)i;
	for (uint64_t i = npers - 1; i > 0; i--) {
		uint32_t j = (uint32_t)((fs_rng_next(&r) >> 11) % (i + 1));
		uint32_t t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	r_d = g->ovriga == 0 ? g->p->perioder :
	    (uint64_t)((double)g->p->perioder * SHARE_DELTAGARE);
	r_o = g->p->perioder - r_d;
	memcpy(g->buf, head, sizeof(head) - 1);
	g->len = sizeof(head) - 1;
	for (uint64_t i = 0; i < npers && g->rc == FS_OK; i++) {
		uint64_t who = order[i], n;
		bool dg = who < g->personer;
		uint64_t *rem = dg ? &r_d : &r_o, *m = dg ? &m_d : &m_o;
		struct person pe;

		if (*m == 1) {
			n = *rem;
		} else {
			double f = 0.25 + 1.5 * fs_rng_unif(&r);

			n = (uint64_t)((double)*rem / (double)*m * f + 0.5);
			if (n > *rem)
				n = *rem;
		}
		*rem -= n;
		(*m)--;
		if (dg) {
			make_person(g, who, &pe);
		} else {
			memset(&pe, 0, sizeof(pe));
			pseudonym(g->p->seed, who + 0x100000000ULL, pe.pseud);
			pe.alder = fs_rng_between(&r, 16, 64);
		}
		person_spells(g, &pe, dg, n, who);
	}
	free(order);
	if (g->progress != NULL)
		g->progress(g->arg, g->rows, g->p->perioder);
	return FS_OK;
}

/* Read the participation file and index its persons. */
static enum fs_rc
read_input(struct gen *g, const char *path, struct fs_err *err)
{
	struct fs_koppling *k;
	enum fs_rc rc;
	size_t np = 0;

	rc = fs_koppling_alloc(&k, err);
	if (rc != FS_OK)
		return rc;
	g->k = k;
	rc = fs_koppling_deltagande_file(k, path, err);
	if (rc != FS_OK)
		return rc;
	if (k->npersons == 0)
		return fs_err_set(err, FS_EINVAL, "deltagande",
		    "deltagandefilen har inga deltaganden");
	g->kperson = fs_reallocarray(NULL, k->npersons, sizeof(uint32_t));
	if (g->kperson == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	for (size_t i = 0; i < k->nslots; i++)
		if (k->slots[i].first != UINT32_MAX)
			g->kperson[np++] = k->slots[i].first;
	g->personer = np;
	g->deltaganden = k->n;
	return FS_OK;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

enum fs_rc
fs_koppling_gen_write(const struct fs_koppling_gen_params *p, const char *dir,
    fs_koppling_progress_fn progress, void *arg,
    struct fs_koppling_gen_stats *stats, struct fs_err *err)
{
	struct gen g;
	struct fs_buf path, tmp;
	enum fs_rc rc;
	int32_t lo, hi;

	memset(&g, 0, sizeof(g));
	g.fd = -1;
	g.p = p;
	g.progress = progress;
	g.arg = arg;
	fs_buf_init(&path, 0);
	fs_buf_init(&tmp, 0);
	rc = check(p, err);
	if (rc != FS_OK)
		goto out;
	g.personer = p->personer;
	g.deltaganden = p->deltaganden != 0 ? p->deltaganden :
	    p->personer + (p->personer * 75 + 999) / 1000;
	if (g.deltaganden > p->personer * MAX_PER_PERSON)
		g.deltaganden = p->personer * MAX_PER_PERSON;
	lo = p->fran;
	hi = p->till;
	if (p->deltagande_fil != NULL) {
		rc = read_input(&g, p->deltagande_fil, err);
		if (rc != FS_OK)
			goto out;
		qsort(g.kperson, g.personer, sizeof(uint32_t), cmp_u32);
		lo = INT32_MAX;
		hi = INT32_MIN;
		for (size_t i = 0; i < g.k->n; i++) {
			const struct part *pa = &g.k->parts[i];

			lo = pa->start < lo ? pa->start : lo;
			hi = pa->start > hi ? pa->start : hi;
			if (pa->slut != FS_DATE_NONE && pa->slut > hi)
				hi = pa->slut;
		}
	}
	g.ovriga = g.personer / 4;
	g.c0 = lo - 3 * 365;
	g.c1 = hi + 365;
	g.dates = fs_reallocarray(NULL, (size_t)(g.c1 - g.c0 + 1),
	    sizeof(*g.dates));
	g.buf = fs_malloc(OUT_BUF);
	if (g.dates == NULL || g.buf == NULL) {
		rc = fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
		goto out;
	}
	for (int32_t d = g.c0; d <= g.c1; d++)
		fs_date_format(d, g.dates[d - g.c0]);
	rc = make_dir(dir, err);
	if (rc != FS_OK)
		goto out;
	if (p->deltagande_fil == NULL) {
		rc = open_out(&g, dir, "deltagande.csv", &path, &tmp, err);
		if (rc != FS_OK)
			goto out;
		write_deltagande(&g);
		rc = close_out(&g, &path, &tmp, err);
		if (rc != FS_OK)
			goto out;
	}
	rc = open_out(&g, dir, "perioder.csv", &path, &tmp, err);
	if (rc != FS_OK)
		goto out;
	rc = write_perioder(&g, err);
	if (rc != FS_OK) {
		close(g.fd);
		g.fd = -1;
		unlink(tmp.buf);
		goto out;
	}
	rc = close_out(&g, &path, &tmp, err);
	if (rc == FS_OK && stats != NULL) {
		stats->personer = g.personer;
		stats->deltaganden = g.deltaganden;
		stats->perioder = g.rows;
		stats->perioder_deltagare = g.rows_deltagare;
		stats->bytes = g.bytes;
	}
out:
	fs_koppling_free(g.k);
	free(g.kperson);
	free(g.dates);
	free(g.buf);
	fs_buf_release(&path);
	fs_buf_release(&tmp);
	return rc;
}
