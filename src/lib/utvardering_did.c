/* SPDX-License-Identifier: ISC */
/*
 * The staggered difference-in-differences estimator of Callaway &
 * Sant'Anna (utvardering.h): the panel (units x years, built row by row
 * or read from an enhet,ar,y,kohort file), ATT(g,t) with an influence
 * function per unit, the event-study and overall aggregations with the
 * influence of the estimated weights, and analytic or multiplier-
 * bootstrap standard errors.  Owns struct fs_did_panel and struct
 * fs_did_resultat.  Pure: no database, no global state; the bootstrap
 * draws from a generator seeded per call (rng.h).
 */
#include "compat.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/codes.h"
#include "finsam/csv.h"
#include "finsam/err.h"
#include "finsam/parse.h"
#include "finsam/rng.h"
#include "finsam/utvardering.h"
#include "utvardering_int.h"

#define BOOT_MAX	100000u
#define IQR_NORMAL	1.3489795003921634	/* z(0.75) - z(0.25) */
#define Z975		1.959963984540054

static const char *const kontroll_names[] = {
	[FS_DID_ALDRIG] = "aldrig",
	[FS_DID_ANNU_INTE] = "annu_inte",
};
_Static_assert(FS_NELEM(kontroll_names) == FS_DID_KONTROLL__MAX,
    "kontroll_names");

const char *
fs_did_kontroll_name(enum fs_did_kontroll k)
{
	return (unsigned)k < FS_DID_KONTROLL__MAX ? kontroll_names[k] : "";
}

int
fs_did_kontroll_find(const char *name)
{
	return fs_name_find(kontroll_names, FS_DID_KONTROLL__MAX, name);
}

void
fs_did_params_init(struct fs_did_params *p)
{
	memset(p, 0, sizeof(*p));
	p->kontroll = FS_DID_ALDRIG;
	p->bootstrap = 999;
	p->seed = 1;
	p->min_kohort = 5;
}

/* ---- the panel ---------------------------------------------------------- */

static enum fs_rc
nomem(struct fs_err *err)
{
	return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
}

enum fs_rc
fs_did_panel_alloc(struct fs_did_panel **out, struct fs_err *err)
{
	*out = fs_calloc(1, sizeof(**out));
	return *out == NULL ? nomem(err) : FS_OK;
}

void
fs_did_panel_free(struct fs_did_panel *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nenheter; i++)
		free(p->enheter[i]);
	free(p->enheter);
	free(p->kohort);
	free(p->y);
	free(p->slots);
	free(p);
}

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static enum fs_rc
slots_grow(struct fs_did_panel *p)
{
	size_t ns = p->nslots == 0 ? 64 : p->nslots * 2;
	uint32_t *s = fs_calloc(ns, sizeof(*s));

	if (s == NULL)
		return FS_ENOMEM;
	for (size_t i = 0; i < p->nenheter; i++) {
		size_t j = hash_str(p->enheter[i]) & (ns - 1);

		while (s[j] != 0)
			j = (j + 1) & (ns - 1);
		s[j] = (uint32_t)i + 1;
	}
	free(p->slots);
	p->slots = s;
	p->nslots = ns;
	return FS_OK;
}

/* Index of unit name, added when new; SIZE_MAX on failure. */
static size_t
unit(struct fs_did_panel *p, const char *name, int kohort, enum fs_rc *rc)
{
	size_t j;

	*rc = FS_OK;
	if ((p->nenheter + 1) * 2 > p->nslots && slots_grow(p) != FS_OK) {
		*rc = FS_ENOMEM;
		return SIZE_MAX;
	}
	j = hash_str(name) & (p->nslots - 1);
	while (p->slots[j] != 0) {
		size_t i = p->slots[j] - 1;

		if (strcmp(p->enheter[i], name) == 0)
			return i;
		j = (j + 1) & (p->nslots - 1);
	}
	if (p->nenheter >= FS_DID_MAX_ENHETER) {
		*rc = FS_EINVAL;
		return SIZE_MAX;
	}
	if (p->nenheter == p->cap) {
		size_t nc = p->cap == 0 ? 32 : p->cap * 2;
		char **e = fs_reallocarray(p->enheter, nc, sizeof(*e));
		int *k;
		double *y;

		if (e == NULL) {
			*rc = FS_ENOMEM;
			return SIZE_MAX;
		}
		p->enheter = e;
		k = fs_reallocarray(p->kohort, nc, sizeof(*k));
		if (k == NULL) {
			*rc = FS_ENOMEM;
			return SIZE_MAX;
		}
		p->kohort = k;
		y = fs_reallocarray(p->y, nc * FS_DID_NAR, sizeof(*y));
		if (y == NULL) {
			*rc = FS_ENOMEM;
			return SIZE_MAX;
		}
		p->y = y;
		p->cap = nc;
	}
	p->enheter[p->nenheter] = fs_strdup(name);
	if (p->enheter[p->nenheter] == NULL) {
		*rc = FS_ENOMEM;
		return SIZE_MAX;
	}
	p->kohort[p->nenheter] = kohort;
	for (size_t a = 0; a < FS_DID_NAR; a++)
		p->y[p->nenheter * FS_DID_NAR + a] = NAN;
	p->slots[j] = (uint32_t)p->nenheter + 1;
	return p->nenheter++;
}

static bool
name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > FS_DID_NAMN_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

enum fs_rc
fs_did_panel_add(struct fs_did_panel *p, const char *enhet, int ar, double y,
    int kohort, struct fs_err *err)
{
	enum fs_rc rc;
	size_t i;
	double *cell;

	if (!name_ok(enhet))
		return fs_err_set(err, FS_EINVAL, "enhet",
		    "måste vara 1–64 tecken utan styrtecken");
	if (ar < FS_DID_AR_MIN || ar > FS_DID_AR_MAX)
		return fs_err_set(err, FS_EINVAL, "ar",
		    "måste vara ett år 1900–2100");
	if (!isfinite(y))
		return fs_err_set(err, FS_EINVAL, "y", "måste vara ett tal");
	if (kohort != 0 && (kohort < FS_DID_AR_MIN || kohort > FS_DID_AR_MAX))
		return fs_err_set(err, FS_EINVAL, "kohort",
		    "måste vara tom eller ett år 1900–2100");
	i = unit(p, enhet, kohort, &rc);
	if (rc == FS_EINVAL)
		return fs_err_set(err, FS_EINVAL, "enhet",
		    "högst 20 000 enheter");
	if (rc != FS_OK)
		return nomem(err);
	if (p->kohort[i] != kohort)
		return fs_err_set(err, FS_EINVAL, "kohort",
		    "samma enhet har olika kohort på olika rader");
	cell = &p->y[i * FS_DID_NAR + (size_t)(ar - FS_DID_AR_MIN)];
	if (!isnan(*cell))
		return fs_err_set(err, FS_ECONFLICT, "ar",
		    "enheten har redan ett värde för året");
	*cell = y;
	if (p->ar_min == 0 || ar < p->ar_min)
		p->ar_min = ar;
	if (ar > p->ar_max)
		p->ar_max = ar;
	return FS_OK;
}

double
fs_did_panel_y(const struct fs_did_panel *p, size_t i, int ar)
{
	if (i >= p->nenheter || ar < FS_DID_AR_MIN || ar > FS_DID_AR_MAX)
		return NAN;
	return p->y[i * FS_DID_NAR + (size_t)(ar - FS_DID_AR_MIN)];
}

/*
 * A decimal number: [-]digits[(. or ,)digits], at most 17 digits in
 * all, no exponent, no locale.  comma allows ',' as the decimal mark.
 */
bool
fs_utvardering_parse_num(const char *s, size_t n, bool comma, double *out)
{
	int64_t m = 0;
	int digits = 0, frac = -1;
	bool neg = false;
	size_t i = 0;
	double v;

	if (n > 0 && s[0] == '-') {
		neg = true;
		i++;
	}
	if (i == n)
		return false;
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (++digits > 17)
				return false;
			m = m * 10 + (s[i] - '0');
			if (frac >= 0)
				frac++;
		} else if ((s[i] == '.' || (comma && s[i] == ',')) &&
		    frac < 0 && digits > 0 && i + 1 < n) {
			frac = 0;
		} else {
			return false;
		}
	}
	v = (double)m;
	for (int k = 0; k < frac; k++)
		v /= 10.0;
	*out = neg ? -v : v;
	return true;
}

enum { PC_ENHET, PC_AR, PC_Y, PC_KOHORT, NPC };
static const char *const panel_cols[NPC] = { "enhet", "ar", "y", "kohort" };

static enum fs_rc
row_fail(struct fs_err *err, long line, const char *field, const char *rule)
{
	return fs_err_set(err, FS_EINVAL, field, "panelfilen, rad %ld: %s", line,
	    rule);
}

static enum fs_rc
read_panel(struct fs_csv *c, struct fs_did_panel *p, struct fs_err *err)
{
	int map[NPC] = { -1, -1, -1, -1 };
	enum fs_rc rc;
	bool row, comma;

	rc = fs_csv_next(c, &row, err);
	if (rc != FS_OK)
		return rc;
	if (!row)
		return fs_err_set(err, FS_EINVAL, "panel",
		    "panelfilen är tom: rubrikraden saknas");
	comma = fs_csv_separator(c) == ';';
	for (size_t i = 0; i < fs_csv_nfields(c); i++) {
		struct fs_str f = fs_csv_field(c, i);
		int j;

		for (j = 0; j < NPC; j++)
			if (strlen(panel_cols[j]) == f.len &&
			    memcmp(panel_cols[j], f.p, f.len) == 0)
				break;
		if (j == NPC)
			return fs_err_set(err, FS_EINVAL, "panel",
			    "panelfilen har en okänd kolumn (kolumn %zu); "
			    "kolumnerna ska vara enhet, ar, y och kohort",
			    i + 1);
		if (map[j] >= 0)
			return fs_err_set(err, FS_EINVAL, panel_cols[j],
			    "kolumnen finns två gånger i panelfilens "
			    "rubrikrad");
		map[j] = (int)i;
	}
	for (int j = 0; j < NPC; j++)
		if (map[j] < 0)
			return fs_err_set(err, FS_EINVAL, panel_cols[j],
			    "kolumnen saknas i panelfilens rubrikrad");
	for (;;) {
		struct fs_err e2 = FS_ERR_INIT;
		struct fs_str f[NPC];
		char name[FS_DID_NAMN_MAX + 1];
		int64_t ar, g = 0;
		double y;
		long line;

		rc = fs_csv_next(c, &row, err);
		if (rc != FS_OK || !row)
			return rc;
		line = fs_csv_line(c);
		if (fs_csv_nfields(c) != NPC)
			return row_fail(err, line, "panel",
			    "raden ska ha lika många fält som rubrikraden (4)");
		for (int j = 0; j < NPC; j++)
			f[j] = fs_csv_field(c, (size_t)map[j]);
		if (f[PC_ENHET].len == 0 || f[PC_ENHET].len > FS_DID_NAMN_MAX)
			return row_fail(err, line, "enhet",
			    "måste vara 1–64 tecken");
		memcpy(name, f[PC_ENHET].p, f[PC_ENHET].len);
		name[f[PC_ENHET].len] = '\0';
		if (fs_parse_i64(f[PC_AR].p, f[PC_AR].len, FS_DID_AR_MIN,
		    FS_DID_AR_MAX, &ar, "ar", NULL) != FS_OK)
			return row_fail(err, line, "ar",
			    "måste vara ett år 1900–2100");
		if (!fs_utvardering_parse_num(f[PC_Y].p, f[PC_Y].len, comma, &y))
			return row_fail(err, line, "y",
			    "måste vara ett tal (decimalpunkt, eller "
			    "decimalkomma med semikolon som avgränsare)");
		if (f[PC_KOHORT].len > 0 && fs_parse_i64(f[PC_KOHORT].p,
		    f[PC_KOHORT].len, FS_DID_AR_MIN, FS_DID_AR_MAX, &g,
		    "kohort", NULL) != FS_OK)
			return row_fail(err, line, "kohort",
			    "måste vara tom (aldrig behandlad) eller ett år "
			    "1900–2100");
		rc = fs_did_panel_add(p, name, (int)ar, y, (int)g, &e2);
		if (rc == FS_ENOMEM)
			return nomem(err);
		if (rc != FS_OK) {
			fs_err_set(err, rc, e2.field, "panelfilen, rad %ld: %s",
			    line, e2.msg);
			return rc;
		}
	}
}

static enum fs_rc
read_any(struct fs_csv *c, struct fs_did_panel **out, struct fs_err *err)
{
	struct fs_did_panel *p;
	enum fs_rc rc;

	rc = fs_did_panel_alloc(&p, err);
	if (rc != FS_OK)
		return rc;
	rc = read_panel(c, p, err);
	if (rc == FS_EINVAL && err != NULL && strcmp(err->field, "csv") == 0) {
		char msg[sizeof(err->msg)];

		memcpy(msg, err->msg, sizeof(msg));
		fs_err_set(err, FS_EINVAL, "panel", "panelfilen, %s", msg);
	}
	if (rc != FS_OK) {
		fs_did_panel_free(p);
		p = NULL;
	}
	*out = p;
	return rc;
}

enum fs_rc
fs_did_panel_read_file(const char *path, struct fs_did_panel **out,
    struct fs_err *err)
{
	struct fs_csv *c;
	enum fs_rc rc;

	*out = NULL;
	rc = fs_csv_open_file(path, &c, err);
	if (rc != FS_OK)
		return fs_err_set(err, rc, "panel", "panelfilen kan inte "
		    "öppnas");
	rc = read_any(c, out, err);
	fs_csv_free(c);
	return rc;
}

enum fs_rc
fs_did_panel_read_mem(const char *p, size_t len, struct fs_did_panel **out,
    struct fs_err *err)
{
	struct fs_csv *c;
	enum fs_rc rc;

	*out = NULL;
	rc = fs_csv_open_mem(p, len, &c, err);
	if (rc != FS_OK)
		return rc;
	rc = read_any(c, out, err);
	fs_csv_free(c);
	return rc;
}

enum fs_rc
fs_did_panel_write_csv(const struct fs_did_panel *p, struct fs_buf *out,
    struct fs_err *err)
{
	size_t len0 = out->len;
	enum fs_rc rc;

	rc = fs_buf_addstr(out, "enhet,ar,y,kohort\n");
	for (size_t i = 0; i < p->nenheter && rc == FS_OK; i++)
		for (int a = p->ar_min; a <= p->ar_max && rc == FS_OK; a++) {
			double y = fs_did_panel_y(p, i, a);

			if (isnan(y))
				continue;
			rc = fs_csv_add_field(out, p->enheter[i],
			    strlen(p->enheter[i]), ',', true);
			if (rc == FS_OK)
				rc = fs_buf_addf(out, ",%d,%.10g,", a, y);
			if (rc == FS_OK && p->kohort[i] != 0)
				rc = fs_buf_addf(out, "%d", p->kohort[i]);
			if (rc == FS_OK)
				rc = fs_buf_addch(out, '\n');
		}
	if (rc != FS_OK) {
		fs_buf_setlen(out, len0);
		return nomem(err);
	}
	return FS_OK;
}

/* ---- the estimator --------------------------------------------------- */

/* One estimate with its influence function over the n units. */
struct est {
	double		 att;
	double		*inf;
};

struct work {
	const struct fs_did_panel *p;
	size_t		 n;		/* units used */
	size_t		*u;		/* panel index of used unit k */
	int		*g;		/* cohort of used unit k, 0 never */
	int		 a;		/* first year */
	int		 b;		/* last year */
	int		*coh;		/* distinct cohorts, ascending */
	size_t		*ncoh;		/* units per cohort */
	size_t		 nc;
	struct fs_did_resultat *r;
	struct est	*cell;		/* one per r->gt */
	struct est	*es;		/* one per r->es */
	struct est	 tot;
};

static enum fs_rc
warn(struct fs_did_resultat *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static enum fs_rc
warn(struct fs_did_resultat *r, const char *fmt, ...)
{
	char buf[512];
	char **v;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	v = fs_reallocarray(r->varningar, r->nvarningar + 1, sizeof(*v));
	if (v == NULL)
		return FS_ENOMEM;
	r->varningar = v;
	v[r->nvarningar] = fs_strdup(buf);
	if (v[r->nvarningar] == NULL)
		return FS_ENOMEM;
	r->nvarningar++;
	return FS_OK;
}

void
fs_did_resultat_free(struct fs_did_resultat *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nvarningar; i++)
		free(r->varningar[i]);
	free(r->varningar);
	free(r->gt);
	free(r->es);
	free(r);
}

const struct fs_did_gt *
fs_did_cell(const struct fs_did_resultat *r, int kohort, int ar)
{
	for (size_t i = 0; i < r->ngt; i++)
		if (r->gt[i].kohort == kohort && r->gt[i].ar == ar)
			return &r->gt[i];
	return NULL;
}

static double
yv(const struct work *w, size_t k, int ar)
{
	return fs_did_panel_y(w->p, w->u[k], ar);
}

/* Is used unit k a control for cohort g in year t? */
static bool
is_control(const struct work *w, size_t k, int g, int t,
    enum fs_did_kontroll kontroll)
{
	int gk = w->g[k];
	int last = t > g - 1 ? t : g - 1;

	if (gk == 0)
		return true;
	return kontroll == FS_DID_ANNU_INTE && gk != g && gk > last;
}

/* ATT(g,t) and its influence function into e; false: no controls. */
static bool
att_gt(const struct work *w, int g, int t, enum fs_did_kontroll kontroll,
    struct est *e, size_t *ng, size_t *nc)
{
	double sg = 0, sc = 0, mg, mc;
	double n = (double)w->n;

	*ng = *nc = 0;
	for (size_t k = 0; k < w->n; k++) {
		double d = yv(w, k, t) - yv(w, k, g - 1);

		if (w->g[k] == g) {
			sg += d;
			(*ng)++;
		} else if (is_control(w, k, g, t, kontroll)) {
			sc += d;
			(*nc)++;
		}
	}
	if (*ng == 0 || *nc == 0)
		return false;
	mg = sg / (double)*ng;
	mc = sc / (double)*nc;
	e->att = mg - mc;
	for (size_t k = 0; k < w->n; k++) {
		double d = yv(w, k, t) - yv(w, k, g - 1);

		if (w->g[k] == g)
			e->inf[k] = n / (double)*ng * (d - mg);
		else if (is_control(w, k, g, t, kontroll))
			e->inf[k] = -n / (double)*nc * (d - mc);
		else
			e->inf[k] = 0;
	}
	return true;
}

/*
 * Aggregate estimates src[j] (j < m, cohort cj[j]) with weights
 * proportional to cohort size into out, including the influence of the
 * estimated weights (did's wif).
 */
static void
aggregate(const struct work *w, const struct est *const *src, const int *cj,
    size_t m, struct est *out)
{
	double n = (double)w->n, W = 0;
	double pg[64 * 4];
	double *p = pg;

	if (m > FS_NELEM(pg))
		m = FS_NELEM(pg);
	for (size_t j = 0; j < m; j++) {
		size_t c = 0;

		while (c < w->nc && w->coh[c] != cj[j])
			c++;
		p[j] = (double)w->ncoh[c] / n;
		W += p[j];
	}
	out->att = 0;
	for (size_t j = 0; j < m; j++)
		out->att += p[j] / W * src[j]->att;
	for (size_t k = 0; k < w->n; k++) {
		double v = 0, sum = 0;

		for (size_t j = 0; j < m; j++) {
			double ind = w->g[k] == cj[j] ? 1.0 : 0.0;

			v += p[j] / W * src[j]->inf[k];
			sum += ind - p[j];
		}
		for (size_t j = 0; j < m; j++) {
			double ind = w->g[k] == cj[j] ? 1.0 : 0.0;
			double wif = (ind - p[j]) / W - sum * p[j] / (W * W);

			v += wif * src[j]->att;
		}
		out->inf[k] = v;
	}
}

static double
analytic_se(const struct work *w, const struct est *e)
{
	double s = 0;

	for (size_t k = 0; k < w->n; k++)
		s += e->inf[k] * e->inf[k];
	return sqrt(s) / (double)w->n;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The q-quantile of sorted v[0..n) (type 7). */
static double
quantile(const double *v, size_t n, double q)
{
	double h = (double)(n - 1) * q;
	size_t lo = (size_t)h;

	if (lo + 1 >= n)
		return v[n - 1];
	return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

/*
 * Multiplier bootstrap over the m estimates e[0..m): Mammen weights per
 * unit, the IQR standard error of each estimate into se[], and the
 * sup-t critical value over the estimates es0 .. es0+nes-1.
 */
static enum fs_rc
bootstrap(const struct work *w, struct est *const *e, size_t m, unsigned B,
    uint64_t seed, double *se, size_t es0, size_t nes, double *krit)
{
	const double s5 = sqrt(5.0);
	const double k1 = (1 - s5) / 2, k2 = (1 + s5) / 2;
	const double pk1 = (s5 + 1) / (2 * s5);
	double *draws = NULL, *v = NULL, *tmax = NULL;
	struct fs_rng r;
	enum fs_rc rc = FS_ENOMEM;

	draws = fs_reallocarray(NULL, m * B, sizeof(*draws));
	v = fs_reallocarray(NULL, w->n, sizeof(*v));
	tmax = fs_reallocarray(NULL, B, sizeof(*tmax));
	if (draws == NULL || v == NULL || tmax == NULL)
		goto out;
	fs_rng_seed(&r, seed, 0);
	for (unsigned b = 0; b < B; b++) {
		for (size_t k = 0; k < w->n; k++)
			v[k] = fs_rng_unif(&r) < pk1 ? k1 : k2;
		for (size_t j = 0; j < m; j++) {
			double s = 0;

			for (size_t k = 0; k < w->n; k++)
				s += v[k] * e[j]->inf[k];
			draws[j * B + b] = s / (double)w->n;
		}
	}
	for (size_t j = 0; j < m; j++) {
		double *d = draws + j * B;
		double *sorted = fs_reallocarray(NULL, B, sizeof(*sorted));

		if (sorted == NULL)
			goto out;
		memcpy(sorted, d, B * sizeof(*d));
		qsort(sorted, B, sizeof(*sorted), cmp_double);
		se[j] = (quantile(sorted, B, 0.75) - quantile(sorted, B,
		    0.25)) / IQR_NORMAL;
		free(sorted);
	}
	*krit = Z975;
	if (nes > 0) {
		for (unsigned b = 0; b < B; b++) {
			double t = 0;

			for (size_t j = es0; j < es0 + nes; j++)
				if (se[j] > 0 && fabs(draws[j * B + b]) /
				    se[j] > t)
					t = fabs(draws[j * B + b]) / se[j];
			tmax[b] = t;
		}
		qsort(tmax, B, sizeof(*tmax), cmp_double);
		*krit = quantile(tmax, B, 0.95);
	}
	rc = FS_OK;
out:
	free(draws);
	free(v);
	free(tmax);
	return rc;
}

/* Choose the units and cohorts; warnings for what is left out. */
static enum fs_rc
select_units(struct work *w, const struct fs_did_params *par,
    struct fs_err *err)
{
	const struct fs_did_panel *p = w->p;
	struct fs_did_resultat *r = w->r;
	size_t unbalanced = 0, late = 0;
	int dropped[FS_DID_NAR] = { 0 };

	w->a = p->ar_min;
	w->b = p->ar_max;
	if (p->nenheter == 0 || w->b - w->a < 1)
		return fs_err_set(err, FS_EINVAL, "panel",
		    "panelen måste ha minst två år och en enhet");
	w->u = fs_calloc(p->nenheter, sizeof(*w->u));
	w->g = fs_calloc(p->nenheter, sizeof(*w->g));
	w->coh = fs_calloc(p->nenheter, sizeof(*w->coh));
	w->ncoh = fs_calloc(p->nenheter, sizeof(*w->ncoh));
	if (w->u == NULL || w->g == NULL || w->coh == NULL || w->ncoh == NULL)
		return nomem(err);
	for (size_t i = 0; i < p->nenheter; i++) {
		bool full = true;
		int g = p->kohort[i];

		for (int a = w->a; a <= w->b && full; a++)
			full = !isnan(fs_did_panel_y(p, i, a));
		if (!full) {
			unbalanced++;
			continue;
		}
		if (g != 0 && g <= w->a) {
			dropped[g - FS_DID_AR_MIN]++;
			continue;
		}
		if (g > w->b) {
			late++;
			g = 0;
		}
		w->u[w->n] = i;
		w->g[w->n] = g;
		w->n++;
	}
	if (unbalanced > 0 && warn(r, "%zu enheter saknar värde för något år "
	    "%d–%d och är uteslutna (panelen måste vara balanserad)",
	    unbalanced, w->a, w->b) != FS_OK)
		return nomem(err);
	for (int g = 0; g < FS_DID_NAR; g++)
		if (dropped[g] > 0 && warn(r, "kohort %d (%d enheter) var "
		    "behandlad redan panelens första år och har inget år före "
		    "anslutningen; den är utesluten", g + FS_DID_AR_MIN,
		    dropped[g]) != FS_OK)
			return nomem(err);
	if (late > 0 && warn(r, "%zu enheter behandlas först efter %d och "
	    "räknas som aldrig behandlade", late, w->b) != FS_OK)
		return nomem(err);
	if (w->n == 0)
		return fs_err_set(err, FS_EINVAL, "panel",
		    "ingen enhet har värden för alla år i panelen");
	/* Distinct cohorts, ascending. */
	for (size_t k = 0; k < w->n; k++) {
		size_t c;

		if (w->g[k] == 0) {
			r->naldrig++;
			continue;
		}
		for (c = 0; c < w->nc && w->coh[c] != w->g[k]; c++)
			;
		if (c == w->nc)
			w->coh[w->nc++] = w->g[k];
		w->ncoh[c]++;
	}
	for (size_t i = 1; i < w->nc; i++)
		for (size_t j = i; j > 0 && w->coh[j - 1] > w->coh[j]; j--) {
			int t = w->coh[j];
			size_t tn = w->ncoh[j];

			w->coh[j] = w->coh[j - 1];
			w->ncoh[j] = w->ncoh[j - 1];
			w->coh[j - 1] = t;
			w->ncoh[j - 1] = tn;
		}
	if (w->nc == 0)
		return fs_err_set(err, FS_EINVAL, "panel",
		    "ingen behandlad kohort med minst ett år före anslutningen");
	if (w->nc > 64)
		return fs_err_set(err, FS_EINVAL, "panel",
		    "högst 64 kohorter");
	if (par->kontroll == FS_DID_ALDRIG && r->naldrig == 0)
		return fs_err_set(err, FS_EINVAL, "kontroll",
		    "det finns inga aldrig behandlade enheter; använd "
		    "kontrollgruppen annu_inte (ännu inte behandlade)");
	for (size_t c = 0; c < w->nc; c++)
		if (w->ncoh[c] < par->min_kohort && warn(r, "kohort %d har "
		    "bara %zu enheter (färre än %u): dess skattningar säger "
		    "lite", w->coh[c], w->ncoh[c], par->min_kohort) != FS_OK)
			return nomem(err);
	r->nenheter = w->n;
	r->nkohorter = w->nc;
	r->ar_min = w->a;
	r->ar_max = w->b;
	return FS_OK;
}

static enum fs_rc
alloc_est(struct est *e, size_t n)
{
	e->inf = fs_calloc(n == 0 ? 1 : n, sizeof(*e->inf));
	return e->inf == NULL ? FS_ENOMEM : FS_OK;
}

static enum fs_rc
cells(struct work *w, const struct fs_did_params *par, struct fs_err *err)
{
	struct fs_did_resultat *r = w->r;
	size_t max = w->nc * (size_t)(w->b - w->a + 1), small = 0, none = 0;

	r->gt = fs_calloc(max, sizeof(*r->gt));
	w->cell = fs_calloc(max, sizeof(*w->cell));
	if (r->gt == NULL || w->cell == NULL)
		return nomem(err);
	for (size_t c = 0; c < w->nc; c++)
		for (int t = w->a; t <= w->b; t++) {
			int g = w->coh[c];
			struct fs_did_gt *o = &r->gt[r->ngt];
			struct est *e = &w->cell[r->ngt];

			if (t == g - 1)
				continue;
			if (alloc_est(e, w->n) != FS_OK)
				return nomem(err);
			if (!att_gt(w, g, t, par->kontroll, e,
			    &o->n_behandlade, &o->n_kontroll)) {
				free(e->inf);
				e->inf = NULL;
				none++;
				continue;
			}
			if (o->n_kontroll < par->min_kohort)
				small++;
			o->kohort = g;
			o->ar = t;
			o->att = e->att;
			r->ngt++;
		}
	if (small > 0 && warn(r, "kontrollgruppen har färre än %u enheter i "
	    "%zu celler", par->min_kohort, small) != FS_OK)
		return nomem(err);
	if (none > 0 && warn(r, "%zu celler saknas eftersom ingen enhet är "
	    "kvar som kontroll de åren", none) != FS_OK)
		return nomem(err);
	return FS_OK;
}

static enum fs_rc
event_study(struct work *w, struct fs_err *err)
{
	struct fs_did_resultat *r = w->r;
	int emin = w->a - w->coh[w->nc - 1], emax = w->b - w->coh[0];
	size_t max = (size_t)(emax - emin + 1);

	r->es = fs_calloc(max, sizeof(*r->es));
	w->es = fs_calloc(max, sizeof(*w->es));
	if (r->es == NULL || w->es == NULL)
		return nomem(err);
	for (int e = emin; e <= emax; e++) {
		const struct est *src[64];
		int cj[64];
		size_t m = 0, n = 0;

		if (e == -1)
			continue;
		for (size_t i = 0; i < r->ngt; i++)
			if (r->gt[i].ar - r->gt[i].kohort == e && m < 64) {
				src[m] = &w->cell[i];
				cj[m] = r->gt[i].kohort;
				n += r->gt[i].n_behandlade;
				m++;
			}
		if (m == 0)
			continue;
		if (alloc_est(&w->es[r->nes], w->n) != FS_OK)
			return nomem(err);
		aggregate(w, src, cj, m, &w->es[r->nes]);
		r->es[r->nes].e = e;
		r->es[r->nes].att = w->es[r->nes].att;
		r->es[r->nes].n = n;
		r->es[r->nes].nkohorter = m;
		r->nes++;
	}
	return FS_OK;
}

/* The overall effect: each cohort's mean post-period ATT, size-weighted. */
static enum fs_rc
total(struct work *w, struct fs_err *err)
{
	struct fs_did_resultat *r = w->r;
	struct est coh[64];
	const struct est *src[64];
	int cj[64];
	size_t m = 0;
	enum fs_rc rc = FS_OK;

	memset(coh, 0, sizeof(coh));
	for (size_t c = 0; c < w->nc; c++) {
		size_t cnt = 0;

		if (alloc_est(&coh[m], w->n) != FS_OK) {
			rc = nomem(err);
			goto out;
		}
		for (size_t i = 0; i < r->ngt; i++) {
			if (r->gt[i].kohort != w->coh[c] ||
			    r->gt[i].ar < w->coh[c])
				continue;
			coh[m].att += w->cell[i].att;
			for (size_t k = 0; k < w->n; k++)
				coh[m].inf[k] += w->cell[i].inf[k];
			cnt++;
		}
		if (cnt == 0) {
			free(coh[m].inf);
			coh[m].inf = NULL;
			continue;
		}
		coh[m].att /= (double)cnt;
		for (size_t k = 0; k < w->n; k++)
			coh[m].inf[k] /= (double)cnt;
		src[m] = &coh[m];
		cj[m] = w->coh[c];
		m++;
	}
	if (alloc_est(&w->tot, w->n) != FS_OK) {
		rc = nomem(err);
		goto out;
	}
	if (m == 0) {
		w->tot.att = NAN;
		goto out;
	}
	aggregate(w, src, cj, m, &w->tot);
out:
	for (size_t j = 0; j < FS_NELEM(coh); j++)
		free(coh[j].inf);
	r->total_att = w->tot.att;
	return rc;
}

static enum fs_rc
std_errors(struct work *w, const struct fs_did_params *par,
    struct fs_err *err)
{
	struct fs_did_resultat *r = w->r;
	size_t m = r->ngt + r->nes + 1;
	struct est **all;
	double *se;
	enum fs_rc rc = FS_OK;

	all = fs_calloc(m, sizeof(*all));
	se = fs_calloc(m, sizeof(*se));
	if (all == NULL || se == NULL) {
		rc = nomem(err);
		goto out;
	}
	for (size_t i = 0; i < r->ngt; i++)
		all[i] = &w->cell[i];
	for (size_t i = 0; i < r->nes; i++)
		all[r->ngt + i] = &w->es[i];
	all[m - 1] = &w->tot;
	if (par->bootstrap == 0) {
		for (size_t i = 0; i < m; i++)
			se[i] = analytic_se(w, all[i]);
		r->krit = Z975;
	} else if (bootstrap(w, all, m, par->bootstrap, par->seed, se,
	    r->ngt, r->nes, &r->krit) != FS_OK) {
		rc = nomem(err);
		goto out;
	}
	for (size_t i = 0; i < r->ngt; i++)
		r->gt[i].se = se[i];
	for (size_t i = 0; i < r->nes; i++)
		r->es[i].se = se[r->ngt + i];
	r->total_se = isnan(r->total_att) ? NAN : se[m - 1];
out:
	free(all);
	free(se);
	return rc;
}

enum fs_rc
fs_did_estimate(const struct fs_did_panel *p, const struct fs_did_params *par,
    struct fs_did_resultat **out, struct fs_err *err)
{
	struct work w;
	enum fs_rc rc;
	size_t ncells = 0, nes = 0;

	*out = NULL;
	if (par->bootstrap > BOOT_MAX)
		return fs_err_set(err, FS_EINVAL, "bootstrap",
		    "måste vara 0 (analytiska medelfel) eller högst 100 000");
	if ((unsigned)par->kontroll >= FS_DID_KONTROLL__MAX)
		return fs_err_set(err, FS_EINVAL, "kontroll",
		    "måste vara aldrig eller annu_inte");
	memset(&w, 0, sizeof(w));
	w.p = p;
	w.r = fs_calloc(1, sizeof(*w.r));
	if (w.r == NULL)
		return nomem(err);
	w.r->kontroll = par->kontroll;
	w.r->bootstrap = par->bootstrap;
	w.r->seed = par->seed;
	w.r->total_att = w.r->total_se = NAN;
	rc = select_units(&w, par, err);
	if (rc == FS_OK)
		rc = cells(&w, par, err);
	ncells = w.r->ngt;
	if (rc == FS_OK && w.r->ngt == 0)
		rc = fs_err_set(err, FS_EINVAL, "kontroll",
		    "ingen cell har någon kontrollenhet");
	if (rc == FS_OK)
		rc = event_study(&w, err);
	nes = w.r->nes;
	if (rc == FS_OK)
		rc = total(&w, err);
	if (rc == FS_OK)
		rc = std_errors(&w, par, err);
	if (w.cell != NULL)
		for (size_t i = 0; i < w.nc * (size_t)(w.b - w.a + 1); i++)
			free(w.cell[i].inf);
	if (w.es != NULL)
		for (size_t i = 0; i < nes; i++)
			free(w.es[i].inf);
	(void)ncells;
	free(w.cell);
	free(w.es);
	free(w.tot.inf);
	free(w.u);
	free(w.g);
	free(w.coh);
	free(w.ncoh);
	if (rc != FS_OK) {
		fs_did_resultat_free(w.r);
		return rc;
	}
	*out = w.r;
	return FS_OK;
}
