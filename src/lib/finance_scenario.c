/* SPDX-License-Identifier: ISC */
/*
 * What-if scenarios (scenario.h): a merger of förbund and a kommun that
 * leaves or joins.  Gathers the allocation inputs once, changes the
 * membership in a copy, runs the pure allocation model before and
 * after (after twice: at the current utilisation and at 100 %), splits
 * the state's share into the members' matching contributions by
 * population, and compares equity against trappan.  Owns struct
 * fs_scenario; stores nothing.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/ekonomi.h"
#include "finsam/err.h"
#include "finsam/forbund.h"
#include "finsam/parse.h"
#include "finsam/scenario.h"
#include "finsam/store.h"
#include "finsam/tilldelning.h"
#include "finance_int.h"

static const char *const typ_names[] = {
	[FS_SCEN_SAMMANSLAGNING] = "sammanslagning",
	[FS_SCEN_LAMNAR] = "lamnar",
	[FS_SCEN_GAR_MED] = "gar_med",
};
_Static_assert(FS_NELEM(typ_names) == FS_SCEN__MAX, "typ_names");

const char *
fs_scenario_typ_name(enum fs_scenario_typ t)
{
	return (unsigned)t < FS_SCEN__MAX ? typ_names[t] : NULL;
}

void
fs_scenario_release(struct fs_scenario *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nfore; i++)
		free(s->fore[i].namn);
	for (size_t i = 0; i < s->nefter; i++)
		free(s->efter[i].namn);
	free(s->fore);
	free(s->efter);
	free(s->medlem);
	fin_log_free(s->logg, s->nlogg);
	memset(s, 0, sizeof(*s));
}

/* The working state of one scenario run. */
struct run {
	struct fs_db		*db;
	struct fs_tdl_params	 p;
	struct fs_tdl_input	 in;	/* as things are */
	struct fs_tdl_input	 in2;	/* changed */
	struct fs_tdl_result	 r0, r1, r2;
	bool			*hit0;	/* affected förbund in in */
	bool			*hit2;	/* affected förbund in in2 */
	char			(*lan)[3];	/* län of in.kommun[k] */
	struct fin_log		 log;
};

static void
run_release(struct run *r)
{
	fs_tdl_params_release(&r->p);
	fs_tdl_input_release(&r->in);
	fs_tdl_input_release(&r->in2);
	fs_tdl_result_release(&r->r0);
	fs_tdl_result_release(&r->r1);
	fs_tdl_result_release(&r->r2);
	free(r->hit0);
	free(r->hit2);
	free(r->lan);
	fin_log_free(r->log.v, r->log.n);
}

static long
forbund_index(const struct fs_tdl_input *in, const char *kod)
{
	for (size_t i = 0; i < in->nforbund; i++)
		if (strcmp(in->forbund[i].kod, kod) == 0)
			return (long)i;
	return -1;
}

static long
kommun_index(const struct fs_tdl_input *in, const char *kod)
{
	for (size_t i = 0; i < in->nkommun; i++)
		if (strcmp(in->kommun[i].kod, kod) == 0)
			return (long)i;
	return -1;
}

/* A deep copy of src with room for one more kommun in every list. */
static enum fs_rc
input_copy(struct fs_tdl_input *dst, const struct fs_tdl_input *src,
    struct fs_err *err)
{
	*dst = *src;
	dst->kommun = fs_calloc(src->nkommun + 1, sizeof(*dst->kommun));
	dst->forbund = fs_calloc(src->nforbund + 1, sizeof(*dst->forbund));
	dst->nforbund = 0;
	if (dst->kommun == NULL || dst->forbund == NULL)
		return FIN_NOMEM(err);
	memcpy(dst->kommun, src->kommun, src->nkommun * sizeof(*dst->kommun));
	for (size_t i = 0; i < src->nforbund; i++) {
		struct fs_tdl_in_forbund *f = &dst->forbund[i];

		*f = src->forbund[i];
		f->namn = fs_strdup(src->forbund[i].namn);
		f->kommun = fs_calloc(src->nkommun + 1, sizeof(*f->kommun));
		dst->nforbund++;
		if (f->namn == NULL || f->kommun == NULL)
			return FIN_NOMEM(err);
		memcpy(f->kommun, src->forbund[i].kommun,
		    src->forbund[i].nkommun * sizeof(*f->kommun));
	}
	return FS_OK;
}

/* Parameters and the inputs as things are on fran. */
static enum fs_rc
prepare(struct run *r, int ar, int32_t fran,
    const struct fs_tdl_params *params, struct fs_err *err)
{
	enum fs_rc rc;

	if (fran == FS_DATE_NONE)
		return fs_err_set(err, FS_EINVAL, "fran", "måste anges");
	if (ar == 0)
		ar = fin_year(fran);
	if (fin_year(fran) < ar - 1 || fin_year(fran) > ar)
		return fs_err_set(err, FS_EINVAL, "fran",
		    "dagen måste ligga i tilldelningsåret eller året före");
	if (params != NULL) {
		if (params->ar != ar)
			return fs_err_set(err, FS_EINVAL, "ar",
			    "parametrarna gäller ett annat år");
		r->p = *params;
		r->p.forbund = NULL;
		r->p.nforbund = 0;
		if (params->nforbund > 0) {
			r->p.forbund = fs_calloc(params->nforbund,
			    sizeof(*r->p.forbund));
			if (r->p.forbund == NULL)
				return FIN_NOMEM(err);
			memcpy(r->p.forbund, params->forbund,
			    params->nforbund * sizeof(*r->p.forbund));
			r->p.nforbund = params->nforbund;
		}
	} else {
		rc = fs_tdl_params_load(r->db, ar, 0, &r->p, err);
		if (rc != FS_OK)
			return rc;
	}
	r->p.medlemsdag = fran;
	rc = fs_tdl_input_load(r->db, &r->p, &r->in, err);
	if (rc == FS_OK)
		rc = fs_tdl_compute(&r->p, &r->in, &r->r0, err);
	if (rc == FS_OK)
		rc = input_copy(&r->in2, &r->in, err);
	if (rc != FS_OK)
		return rc;
	r->hit0 = fs_calloc(r->in.nforbund + 1, sizeof(*r->hit0));
	r->hit2 = fs_calloc(r->in.nforbund + 1, sizeof(*r->hit2));
	r->lan = fs_calloc(r->in.nkommun + 1, sizeof(*r->lan));
	if (r->hit0 == NULL || r->hit2 == NULL || r->lan == NULL)
		return FIN_NOMEM(err);
	for (size_t k = 0; k < r->in.nkommun; k++) {
		rc = fs_kommun_check(r->db, r->in.kommun[k].kod, 4, r->lan[k],
		    "kommun", err);
		if (rc != FS_OK)
			return rc;
	}
	return FS_OK;
}

/*
 * Run the changed inputs: r2 with every affected förbund at 100 %, then
 * r1 with each asking its possible allocation times its current
 * utilisation num[i] / den[i] (exact, rounded half up to the krona).
 */
static enum fs_rc
after(struct run *r, const int64_t *num, const int64_t *den,
    struct fs_err *err)
{
	enum fs_rc rc;

	for (size_t i = 0; i < r->in2.nforbund; i++)
		if (r->hit2[i]) {
			r->in2.forbund[i].ansokan = FS_TDL_NONE;
			r->in2.forbund[i].utnyttjandegrad_bp = 10000;
		}
	rc = fs_tdl_compute(&r->p, &r->in2, &r->r2, err);
	if (rc != FS_OK)
		return rc;
	for (size_t i = 0; i < r->in2.nforbund; i++)
		if (r->hit2[i] && den[i] > 0)
			r->in2.forbund[i].ansokan = (int64_t)fin_round_div(
			    (fin_i128)r->r2.rad[i].mojlig * num[i], den[i]);
	return fs_tdl_compute(&r->p, &r->in2, &r->r1, err);
}

/* The kortnamn of kommun kod (the code when unknown). */
static void
kommun_name(struct fs_db *db, const char *kod, char out[48])
{
	struct fs_stmt *s;
	bool row = false;

	snprintf(out, 48, "%s", kod);
	if (fs_store_stmt(db->store, FS_STMT_KOMMUN_GET, &s, NULL) != FS_OK)
		return;
	fs_stmt_bind_str(s, 1, kod);
	if (fs_stmt_step(s, &row, NULL) == FS_OK && row)
		snprintf(out, 48, "%s", fs_stmt_col_text(s, 2, NULL));
	fs_stmt_reset(s);
}

/* Name and län of a region. */
static void
region_name(struct fs_db *db, const char *lan, char out[48])
{
	struct fs_stmt *s;
	bool row = false;

	snprintf(out, 48, "Region %s", lan);
	if (fs_store_stmt(db->store, FS_STMT_LAN_GET, &s, NULL) != FS_OK)
		return;
	fs_stmt_bind_str(s, 1, lan);
	if (fs_stmt_step(s, &row, NULL) == FS_OK && row)
		snprintf(out, 48, "Region (%s)", fs_stmt_col_text(s, 1, NULL));
	fs_stmt_reset(s);
}

static struct fs_scen_medlem *
member_slot(struct fs_scenario *s, struct run *r, const char *kod, bool region)
{
	struct fs_scen_medlem *m;

	for (size_t i = 0; i < s->nmedlem; i++)
		if (s->medlem[i].region == region &&
		    strcmp(s->medlem[i].kod, kod) == 0)
			return &s->medlem[i];
	m = &s->medlem[s->nmedlem++];
	memset(m, 0, sizeof(*m));
	snprintf(m->kod, sizeof(m->kod), "%s", kod);
	m->region = region;
	if (region)
		region_name(r->db, kod, m->namn);
	else {
		long k = kommun_index(&r->in, kod);

		if (k >= 0)
			snprintf(m->namn, sizeof(m->namn), "%s",
			    r->in.kommun[k].namn);
		else
			kommun_name(r->db, kod, m->namn);
	}
	return m;
}

/*
 * Split S of förbund f (of input in) over its region(s) and kommuner by
 * population; add each part to field which (0 fore, 1 efter, 2
 * efter_100) of the members.
 */
static enum fs_rc
contribute(struct fs_scenario *s, struct run *r,
    const struct fs_tdl_in_forbund *f, const struct fs_tdl_input *in,
    int64_t stat, int which, struct fs_err *err)
{
	struct fs_bidrag b;
	enum fs_rc rc;

	memset(&b, 0, sizeof(b));
	b.kommun = fs_calloc(f->nkommun + 1, sizeof(*b.kommun));
	b.regioner = fs_calloc(f->nkommun + 1, sizeof(*b.regioner));
	if (b.kommun == NULL || b.regioner == NULL) {
		rc = FIN_NOMEM(err);
		goto out;
	}
	for (size_t j = 0; j < f->nkommun; j++) {
		const struct fs_tdl_kommun *k = &in->kommun[f->kommun[j]];
		long ki = kommun_index(&r->in, k->kod);
		char lan[3] = "";
		size_t g;

		if (ki >= 0)
			memcpy(lan, r->lan[ki], sizeof(lan));
		else if (fs_kommun_check(r->db, k->kod, 4, lan, "kommun",
		    err) != FS_OK) {
			rc = err == NULL ? FS_EINVAL : err->rc;
			goto out;
		}

		snprintf(b.kommun[b.nkommun].kod, 5, "%s", k->kod);
		b.kommun[b.nkommun++].befolkning = k->befolkning;
		for (g = 0; g < b.nregioner; g++)
			if (strcmp(b.regioner[g].kod, lan) == 0)
				break;
		if (g == b.nregioner)
			snprintf(b.regioner[b.nregioner++].kod, 5, "%s", lan);
		b.regioner[g].befolkning += k->befolkning;
	}
	rc = fs_bidrag_split(&b, stat, FS_BIDRAG_BEFOLKNING, err);
	for (size_t i = 0; rc == FS_OK && i < b.nregioner + b.nkommun; i++) {
		bool reg = i < b.nregioner;
		const struct fs_bidrag_medlem *x = reg ? &b.regioner[i] :
		    &b.kommun[i - b.nregioner];
		struct fs_scen_medlem *m = member_slot(s, r, x->kod, reg);

		if (which == 0)
			m->fore += x->belopp;
		else if (which == 1)
			m->efter += x->belopp;
		else
			m->efter_100 += x->belopp;
	}
out:
	free(b.kommun);
	free(b.regioner);
	return rc;
}

static enum fs_rc
fill_rows(struct fs_scen_forbund **out, size_t *n, const struct run *r,
    const struct fs_tdl_input *in, const struct fs_tdl_result *res,
    const struct fs_tdl_result *res100, const bool *hit, struct fs_err *err)
{
	size_t cnt = 0;

	for (size_t i = 0; i < res->nrad; i++)
		cnt += hit[i];
	*out = fs_calloc(cnt + 1, sizeof(**out));
	if (*out == NULL)
		return FIN_NOMEM(err);
	for (size_t i = 0; i < res->nrad; i++) {
		const struct fs_tdl_rad *d = &res->rad[i];
		const struct fs_tdl_in_forbund *f = &in->forbund[i];
		struct fs_scen_forbund *x;

		if (!hit[i])
			continue;
		x = &(*out)[(*n)++];
		snprintf(x->kod, sizeof(x->kod), "%s", d->kod);
		x->namn = fs_strdup(d->namn);
		if (x->namn == NULL)
			return FIN_NOMEM(err);
		x->nkommuner = d->nkommuner;
		x->nyckel_e12 = d->nyckel_e12;
		x->mojlig = d->mojlig;
		x->tar = d->tilldelning;
		x->tar_100 = res100 != NULL ? res100->rad[i].tilldelning :
		    d->mojlig;
		x->utnyttjandegrad_bp = d->mojlig > 0 ? (int32_t)fin_round_div(
		    (fin_i128)d->tilldelning * 10000, d->mojlig) : 10000;
		if (f->kapital != FS_TDL_NONE && f->intakter != FS_TDL_NONE) {
			x->har_kapital = true;
			fs_trappan_eval(&r->p.trappan, f->intakter, f->kapital,
			    &x->trappan);
		}
	}
	return FS_OK;
}

/* Rows, contributions, the others and the common log lines. */
static enum fs_rc
finish(struct run *r, struct fs_scenario *s, struct fs_err *err)
{
	size_t maxm = r->in.nkommun + 64;
	enum fs_rc rc;

	rc = fill_rows(&s->fore, &s->nfore, r, &r->in, &r->r0, NULL, r->hit0,
	    err);
	if (rc == FS_OK)
		rc = fill_rows(&s->efter, &s->nefter, r, &r->in2, &r->r1,
		    &r->r2, r->hit2, err);
	if (rc != FS_OK)
		return rc;
	s->medlem = fs_calloc(maxm, sizeof(*s->medlem));
	if (s->medlem == NULL)
		return FIN_NOMEM(err);
	for (size_t i = 0; rc == FS_OK && i < r->in.nforbund; i++)
		if (r->hit0[i])
			rc = contribute(s, r, &r->in.forbund[i], &r->in,
			    r->r0.rad[i].tilldelning, 0, err);
	for (size_t i = 0; rc == FS_OK && i < r->in2.nforbund; i++)
		if (r->hit2[i]) {
			rc = contribute(s, r, &r->in2.forbund[i], &r->in2,
			    r->r1.rad[i].tilldelning, 1, err);
			if (rc == FS_OK)
				rc = contribute(s, r, &r->in2.forbund[i],
				    &r->in2, r->r2.rad[i].tilldelning, 2, err);
		}
	if (rc != FS_OK)
		return rc;
	/* Regions first, then kommuner, each by code. */
	for (size_t i = 1; i < s->nmedlem; i++) {
		struct fs_scen_medlem t = s->medlem[i];
		size_t j = i;

		while (j > 0 && (s->medlem[j - 1].region < t.region ||
		    (s->medlem[j - 1].region == t.region &&
		    strcmp(s->medlem[j - 1].kod, t.kod) > 0))) {
			s->medlem[j] = s->medlem[j - 1];
			j--;
		}
		s->medlem[j] = t;
	}
	for (size_t i = 0; i < r->r0.nrad; i++)
		if (!r->hit0[i]) {
			s->ovriga_fore += r->r0.rad[i].mojlig;
			s->ovriga++;
		}
	for (size_t i = 0; i < r->r1.nrad; i++)
		if (!r->hit2[i])
			s->ovriga_efter += r->r1.rad[i].mojlig;
	return FS_OK;
}

/* The lines every scenario ends with: contributions and the others. */
static void
common_log(struct run *r, const struct fs_scenario *s)
{
	int64_t mf = 0, me = 0, me100 = 0;
	char a[40], b[40], c[40];

	for (size_t i = 0; i < s->nmedlem; i++) {
		mf += s->medlem[i].fore;
		me += s->medlem[i].efter;
		me100 += s->medlem[i].efter_100;
	}
	fin_kr(a, mf);
	fin_kr(b, me);
	fin_kr(c, me100);
	fin_log_addf(&r->log, "Medlemmarnas motfinansiering (regioner och "
	    "kommuner, hälften av statens andel, fördelad efter befolkning "
	    "16–64 år): i dag %s, efter %s vid nuvarande utnyttjandegrad och "
	    "%s vid 100 %%.", a, b, c);
	fin_kr(a, s->ovriga_fore);
	fin_kr(b, s->ovriga_efter);
	fin_log_addf(&r->log, "Övriga %zu förbund: möjlig tilldelning "
	    "tillsammans %s i dag och %s efter ändringen (samma ram, samma "
	    "nycklar).", s->ovriga, a, b);
}

/* Hand the log lines to s. */
static enum fs_rc
take_log(struct run *r, struct fs_scenario *s, struct fs_err *err)
{
	if (r->log.oom)
		return FIN_NOMEM(err);
	s->logg = r->log.v;
	s->nlogg = r->log.n;
	r->log.v = NULL;
	r->log.n = 0;
	return FS_OK;
}

static int64_t
sum_rows(const struct fs_scen_forbund *v, size_t n, int which)
{
	int64_t s = 0;

	for (size_t i = 0; i < n; i++)
		s += which == 0 ? v[i].mojlig : which == 1 ? v[i].tar :
		    v[i].tar_100;
	return s;
}

enum fs_rc
fs_scenario_sammanslagning(struct fs_db *db, const char *const *kods,
    size_t n, int32_t fran, int ar, const struct fs_tdl_params *params,
    struct fs_scenario *out, struct fs_err *err)
{
	struct run r;
	struct fs_tdl_in_forbund *m;
	int64_t *num = NULL, *den = NULL;
	size_t first = 0, w;
	int64_t fsum = 0, ksum = 0, isum = 0;
	bool fknown = true, kknown = true;
	struct fs_buf names;
	char a[40], b[40], c[40], pk[40], pct[24], day[11];
	enum fs_rc rc;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	fs_buf_init(&names, 4096);
	r.db = db;
	if (n < 2) {
		rc = fs_err_set(err, FS_EINVAL, "forbund",
		    "minst två förbund behövs för en sammanslagning");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(kods[i], kods[j]) == 0) {
				rc = fs_err_set(err, FS_EINVAL, "forbund",
				    "förbundet %s står med två gånger",
				    kods[i]);
				goto out;
			}
	rc = prepare(&r, ar, fran, params, err);
	if (rc != FS_OK)
		goto out;
	out->typ = FS_SCEN_SAMMANSLAGNING;
	out->ar = r.p.ar;
	out->fran = fran;
	for (size_t i = 0; i < n; i++) {
		long k = forbund_index(&r.in, kods[i]);

		if (k < 0) {
			rc = fs_err_set(err, FS_EINVAL, "forbund",
			    "förbundet %s finns inte eller har inga "
			    "medlemskommuner på dagen", kods[i]);
			goto out;
		}
		r.hit0[k] = true;
	}
	/* The merged förbund takes the place of the first part. */
	for (first = 0; !r.hit0[first]; first++)
		;
	m = &r.in2.forbund[first];
	for (size_t i = 0; i < r.in.nforbund; i++) {
		const struct fs_tdl_in_forbund *f = &r.in.forbund[i];

		if (!r.hit0[i])
			continue;
		if (fs_buf_addf(&names, "%s%s", names.len > 0 ? "+" : "",
		    f->kod) != FS_OK) {
			rc = FIN_NOMEM(err);
			goto out;
		}
		if (i != first)
			for (size_t j = 0; j < f->nkommun; j++)
				m->kommun[m->nkommun++] = f->kommun[j];
		if (f->foregaende == FS_TDL_NONE)
			fknown = false;
		else
			fsum += f->foregaende;
		if (f->kapital == FS_TDL_NONE || f->intakter == FS_TDL_NONE)
			kknown = false;
		else {
			ksum += f->kapital;
			isum += f->intakter;
		}
	}
	snprintf(m->kod, sizeof(m->kod), "%s", names.len <= FS_TDL_KOD_MAX ?
	    names.buf : "SAMMANSLAGET");
	free(m->namn);
	m->namn = NULL;
	fs_buf_reset(&names);
	for (size_t i = 0; rc == FS_OK && i < n; i++)
		if (fs_buf_addf(&names, "%s%s", i > 0 ? ", " : "", kods[i]) !=
		    FS_OK)
			rc = FIN_NOMEM(err);
	m->namn = rc == FS_OK ? fs_strdup(names.buf) : NULL;
	if (m->namn == NULL) {
		rc = FIN_NOMEM(err);
		goto out;
	}
	m->foregaende = fknown ? fsum : FS_TDL_NONE;
	snprintf(m->foregaende_kalla, sizeof(m->foregaende_kalla), "%s",
	    "summan av delarnas");
	m->kapital = kknown ? ksum : FS_TDL_NONE;
	m->intakter = kknown ? isum : FS_TDL_NONE;
	m->over_trappan = -1;
	snprintf(m->ansokan_kalla, sizeof(m->ansokan_kalla), "%s",
	    "scenariot");
	/* Drop the other parts. */
	w = 0;
	for (size_t i = 0; i < r.in2.nforbund; i++) {
		if (r.hit0[i] && i != first) {
			free(r.in2.forbund[i].namn);
			free(r.in2.forbund[i].kommun);
			continue;
		}
		r.hit2[w] = i == first;
		r.in2.forbund[w++] = r.in2.forbund[i];
	}
	r.in2.nforbund = w;
	num = fs_calloc(w + 1, sizeof(*num));
	den = fs_calloc(w + 1, sizeof(*den));
	if (num == NULL || den == NULL) {
		rc = FIN_NOMEM(err);
		goto out;
	}
	for (size_t i = 0; i < r.r0.nrad; i++)
		if (r.hit0[i]) {
			num[first] += r.r0.rad[i].tilldelning;
			den[first] += r.r0.rad[i].mojlig;
		}
	rc = after(&r, num, den, err);
	if (rc != FS_OK)
		goto out;
	/* The log. */
	fin_date(day, fran);
	fin_kr(a, (int64_t)n * r.p.grundbelopp);
	fin_kr(b, r.p.grundbelopp);
	fin_kr(c, (int64_t)(n - 1) * r.p.grundbelopp);
	fin_log_addf(&r.log, "Sammanslagning av %s från %s: i dag %zu förbund "
	    "med %zu grundbelopp (%s), efter ett förbund med ett grundbelopp "
	    "(%s). De %s som frigörs fördelas enligt nyckeln på alla förbund.",
	    m->namn, day, n, n, a, b, c);
	fin_pct(pk, r.r1.rad[first].nyckel_e12, 1000000000000LL, 4);
	fin_log_addf(&r.log, "Nycklarna ändras inte, eftersom området är "
	    "detsamma: det sammanslagna förbundets nyckel, %s, är summan av "
	    "delarnas.", pk);
	rc = finish(&r, out, err);
	if (rc != FS_OK)
		goto out;
	fin_kr(a, sum_rows(out->fore, out->nfore, 0));
	fin_kr(b, out->efter[0].mojlig);
	fin_kr(c, out->efter[0].mojlig - sum_rows(out->fore, out->nfore, 0));
	fin_log_addf(&r.log, "Möjlig tilldelning: i dag %s tillsammans, efter "
	    "%s (skillnad %s).", a, b, c);
	fin_bp(pct, out->efter[0].utnyttjandegrad_bp);
	fin_kr(a, sum_rows(out->fore, out->nfore, 1));
	fin_kr(b, out->efter[0].tar);
	fin_kr(c, out->efter[0].tar_100);
	fin_log_addf(&r.log, "Vid nuvarande utnyttjandegrad (vägd, %s) tar "
	    "det sammanslagna förbundet %s mot %s i dag; vid 100 %% tar det "
	    "%s.", pct, b, a, c);
	if (kknown) {
		const struct fs_trappan_res *t = &out->efter[0].trappan;

		fin_kr(a, t->kapital);
		fin_kr(b, t->intakter);
		fin_kr(c, t->over ? t->overskott : -t->overskott);
		fin_log_addf(&r.log, "Eget kapital tillsammans %s mot trappans "
		    "nivå för de sammanlagda intäkterna %s: %s %s.", a, b,
		    t->over ? "över nivån med" : "inom nivån, marginal", c);
	} else
		fin_log_addf(&r.log, "Eget kapital: bokslut saknas för något "
		    "av förbunden, så det sammanlagda kapitalet kan inte "
		    "jämföras med trappan.");
	common_log(&r, out);
	fin_log_addf(&r.log, "Alla medlemmar i förbunden måste besluta om "
	    "sammanslagningen (enhällighet). Hur återstående eget kapital ska "
	    "hanteras beslutas samtidigt med den nya förbundsordningen.");
	rc = take_log(&r, out, err);
out:
	free(num);
	free(den);
	fs_buf_release(&names);
	run_release(&r);
	if (rc != FS_OK)
		fs_scenario_release(out);
	return rc;
}

/* Take kommun index k out of förbund f's list. */
static void
remove_kommun(struct fs_tdl_in_forbund *f, size_t k)
{
	size_t w = 0;

	for (size_t j = 0; j < f->nkommun; j++)
		if (f->kommun[j] != k)
			f->kommun[w++] = f->kommun[j];
	f->nkommun = w;
}

static bool
has_kommun(const struct fs_tdl_in_forbund *f, size_t k)
{
	for (size_t j = 0; j < f->nkommun; j++)
		if (f->kommun[j] == k)
			return true;
	return false;
}

enum fs_rc
fs_scenario_kommun(struct fs_db *db, const char *forbund_kod,
    const char *kommun, bool gar_med, int32_t fran, int ar,
    const struct fs_tdl_params *params, struct fs_scenario *out,
    struct fs_err *err)
{
	struct run r;
	int64_t *num = NULL, *den = NULL;
	long t, k, other = -1;
	char day[11], a[40], b[40], pa[40], pb[40];
	enum fs_rc rc;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	r.db = db;
	rc = fs_kommun_check(db, kommun, strlen(kommun), NULL, "kommun", err);
	if (rc == FS_OK)
		rc = prepare(&r, ar, fran, params, err);
	if (rc != FS_OK)
		goto out;
	out->typ = gar_med ? FS_SCEN_GAR_MED : FS_SCEN_LAMNAR;
	out->ar = r.p.ar;
	out->fran = fran;
	snprintf(out->kommun, sizeof(out->kommun), "%s", kommun);
	t = forbund_index(&r.in, forbund_kod);
	if (t < 0) {
		rc = fs_err_set(err, FS_EINVAL, "forbund",
		    "förbundet finns inte eller har inga medlemskommuner på "
		    "dagen");
		goto out;
	}
	r.hit0[t] = true;
	k = kommun_index(&r.in2, kommun);
	if (!gar_med) {
		if (k < 0 || !has_kommun(&r.in2.forbund[t], (size_t)k)) {
			rc = fs_err_set(err, FS_EINVAL, "kommun",
			    "kommunen är inte medlem i förbundet på dagen");
			goto out;
		}
		if (r.in2.forbund[t].nkommun == 1) {
			rc = fs_err_set(err, FS_EINVAL, "kommun",
			    "förbundets sista kommun kan inte lämna det");
			goto out;
		}
		remove_kommun(&r.in2.forbund[t], (size_t)k);
	} else {
		if (k >= 0 && has_kommun(&r.in2.forbund[t], (size_t)k)) {
			rc = fs_err_set(err, FS_EINVAL, "kommun",
			    "kommunen är redan medlem i förbundet");
			goto out;
		}
		if (k < 0) {
			struct fs_fm_rad fm;
			struct fs_tdl_kommun *nk;

			rc = fs_fm_get(db, r.p.dataar, kommun, &fm, NULL);
			if (rc != FS_OK) {
				rc = fs_err_set(err, FS_EINVAL,
				    "forsorjningsmatt", "uppgifter för %d "
				    "saknas för kommunen %s", r.p.dataar,
				    kommun);
				goto out;
			}
			nk = &r.in2.kommun[r.in2.nkommun];
			snprintf(nk->kod, sizeof(nk->kod), "%s", kommun);
			kommun_name(db, kommun, nk->namn);
			nk->fm_tkr = fs_fm_summa(&fm);
			nk->befolkning = fm.befolkning;
			k = (long)r.in2.nkommun++;
		}
		for (size_t i = 0; i < r.in2.nforbund; i++)
			if ((long)i != t &&
			    has_kommun(&r.in2.forbund[i], (size_t)k)) {
				if (r.in2.forbund[i].nkommun == 1) {
					rc = fs_err_set(err, FS_EINVAL,
					    "kommun", "kommunen är ensam i sitt "
					    "nuvarande förbund och kan inte "
					    "flytta");
					goto out;
				}
				remove_kommun(&r.in2.forbund[i], (size_t)k);
				other = (long)i;
				r.hit0[i] = true;
			}
		r.in2.forbund[t].kommun[r.in2.forbund[t].nkommun++] =
		    (size_t)k;
	}
	for (size_t i = 0; i < r.in.nforbund; i++)
		r.hit2[i] = r.hit0[i];
	num = fs_calloc(r.in2.nforbund + 1, sizeof(*num));
	den = fs_calloc(r.in2.nforbund + 1, sizeof(*den));
	if (num == NULL || den == NULL) {
		rc = FIN_NOMEM(err);
		goto out;
	}
	for (size_t i = 0; i < r.in2.nforbund; i++)
		if (r.hit2[i]) {
			num[i] = r.r0.rad[i].tilldelning;
			den[i] = r.r0.rad[i].mojlig;
		}
	rc = after(&r, num, den, err);
	if (rc != FS_OK)
		goto out;
	fin_date(day, fran);
	{
		long ki = kommun_index(&r.in2, kommun);
		const struct fs_tdl_kommun *kk = &r.in2.kommun[ki];

		fin_num(a, kk->fm_tkr);
		fin_num(b, kk->befolkning);
		fin_log_addf(&r.log, "Kommunen %s %s %s %s från %s. Kommunens "
		    "försörjningsmått %d är %s tkr och befolkningen 16–64 år "
		    "%s.", kk->kod, kk->namn, gar_med ? "går med i" : "lämnar",
		    forbund_kod, day, r.p.dataar, a, b);
	}
	if (other >= 0)
		fin_log_addf(&r.log, "Kommunen lämnar samtidigt %s.",
		    r.in.forbund[other].kod);
	if (!gar_med)
		fin_log_addf(&r.log, "En kommun utanför förbunden räknas inte i "
		    "nyckeln: försörjningsmått och befolkning för alla "
		    "kommuner i förbund minskar, så alla andra förbunds "
		    "nycklar ökar något.");
	fin_pct(pa, r.r0.rad[t].nyckel_e12, 1000000000000LL, 4);
	fin_pct(pb, r.r1.rad[t].nyckel_e12, 1000000000000LL, 4);
	fin_kr(a, r.r0.rad[t].mojlig);
	fin_kr(b, r.r1.rad[t].mojlig);
	fin_log_addf(&r.log, "%s: nyckeln %s blir %s; möjlig tilldelning %s "
	    "blir %s.", forbund_kod, pa, pb, a, b);
	if (other >= 0) {
		fin_pct(pa, r.r0.rad[other].nyckel_e12, 1000000000000LL, 4);
		fin_pct(pb, r.r1.rad[other].nyckel_e12, 1000000000000LL, 4);
		fin_kr(a, r.r0.rad[other].mojlig);
		fin_kr(b, r.r1.rad[other].mojlig);
		fin_log_addf(&r.log, "%s: nyckeln %s blir %s; möjlig "
		    "tilldelning %s blir %s.", r.in.forbund[other].kod, pa, pb,
		    a, b);
	}
	rc = finish(&r, out, err);
	if (rc == FS_OK) {
		common_log(&r, out);
		rc = take_log(&r, out, err);
	}
out:
	free(num);
	free(den);
	run_release(&r);
	if (rc != FS_OK)
		fs_scenario_release(out);
	return rc;
}

/* ---- output ---- */

static json_t *
rows_json(const struct fs_scen_forbund *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "forbund_kod", json_string(v[i].kod));
		json_object_set_new(o, "namn", json_string(v[i].namn));
		json_object_set_new(o, "kommuner",
		    json_integer((json_int_t)v[i].nkommuner));
		json_object_set_new(o, "nyckel",
		    json_real((double)v[i].nyckel_e12 / 1e12));
		json_object_set_new(o, "mojlig_tilldelning",
		    json_integer(v[i].mojlig));
		json_object_set_new(o, "utnyttjandegrad",
		    fin_json_bp(v[i].utnyttjandegrad_bp));
		json_object_set_new(o, "tar", json_integer(v[i].tar));
		json_object_set_new(o, "tar_vid_100", json_integer(v[i].tar_100));
		if (v[i].har_kapital) {
			json_t *t = json_object();

			json_object_set_new(t, "intakter",
			    json_integer(v[i].trappan.intakter));
			json_object_set_new(t, "eget_kapital",
			    json_integer(v[i].trappan.kapital));
			json_object_set_new(t, "niva",
			    json_integer(v[i].trappan.niva));
			json_object_set_new(t, "overskott",
			    json_integer(v[i].trappan.overskott));
			json_object_set_new(t, "over",
			    json_boolean(v[i].trappan.over));
			json_object_set_new(o, "trappan", t);
		} else
			json_object_set_new(o, "trappan", json_null());
		json_array_append_new(a, o);
	}
	return a;
}

static enum fs_rc
rows_text(struct fs_buf *b, const char *title, const struct fs_scen_forbund *v,
    size_t n)
{
	enum fs_rc rc;

	rc = fs_buf_addf(b, "\n%s\nFörbund             %9s%12s%15s%9s%14s%14s\n",
	    title, "Kommuner", "Nyckel", "Möjlig", "Utn.", "Tar", "Vid 100 %");
	for (size_t i = 0; rc == FS_OK && i < n; i++) {
		char k[48], m[32], t[32], t1[32], u[24];

		fin_dec(k, v[i].nyckel_e12, 10000000000LL, 4);
		fin_num(m, v[i].mojlig);
		fin_num(t, v[i].tar);
		fin_num(t1, v[i].tar_100);
		fin_bp(u, v[i].utnyttjandegrad_bp);
		rc = fs_buf_addf(b, "%-20s%9zu%10s %%%14s%9s%14s%14s\n",
		    v[i].kod, v[i].nkommuner, k, m, u, t, t1);
	}
	if (rc == FS_OK && n > 1) {
		char m[32], t[32], t1[32];

		fin_num(m, sum_rows(v, n, 0));
		fin_num(t, sum_rows(v, n, 1));
		fin_num(t1, sum_rows(v, n, 2));
		rc = fs_buf_addf(b, "%-20s%9s%12s%14s%9s%14s%14s\n", "Summa",
		    "", "", m, "", t, t1);
	}
	return rc;
}

enum fs_rc
fs_scenario_write(const struct fs_scenario *s, enum fs_ek_format f,
    struct fs_buf *out, struct fs_err *err)
{
	char day[11];
	enum fs_rc rc;

	fin_date(day, s->fran);
	if (f == FS_EK_JSON) {
		json_t *o = json_object(), *ma = json_array(), *la = json_array();
		json_t *ov = json_object();

		json_object_set_new(o, "scenario",
		    json_string(typ_names[s->typ]));
		json_object_set_new(o, "ar", json_integer(s->ar));
		json_object_set_new(o, "fran", json_string(day));
		json_object_set_new(o, "kommun", s->kommun[0] == '\0' ?
		    json_null() : json_string(s->kommun));
		json_object_set_new(o, "fore", rows_json(s->fore, s->nfore));
		json_object_set_new(o, "efter", rows_json(s->efter, s->nefter));
		for (size_t i = 0; i < s->nmedlem; i++) {
			const struct fs_scen_medlem *m = &s->medlem[i];
			json_t *x = json_object();

			json_object_set_new(x, "kod", json_string(m->kod));
			json_object_set_new(x, "namn", json_string(m->namn));
			json_object_set_new(x, "typ", json_string(m->region ?
			    "region" : "kommun"));
			json_object_set_new(x, "fore", json_integer(m->fore));
			json_object_set_new(x, "efter", json_integer(m->efter));
			json_object_set_new(x, "efter_vid_100",
			    json_integer(m->efter_100));
			json_array_append_new(ma, x);
		}
		json_object_set_new(o, "medlemmar", ma);
		json_object_set_new(ov, "antal", json_integer(
		    (json_int_t)s->ovriga));
		json_object_set_new(ov, "fore", json_integer(s->ovriga_fore));
		json_object_set_new(ov, "efter", json_integer(s->ovriga_efter));
		json_object_set_new(o, "ovriga", ov);
		for (size_t i = 0; i < s->nlogg; i++)
			json_array_append_new(la, json_string(s->logg[i]));
		json_object_set_new(o, "logg", la);
		rc = fin_json_dump(o, out, err);
		json_decref(o);
		return rc;
	}
	if (s->typ == FS_SCEN_SAMMANSLAGNING)
		rc = fs_buf_addf(out, "Scenario: sammanslagning från %s "
		    "(tilldelningsår %d)\n", day, s->ar);
	else
		rc = fs_buf_addf(out, "Scenario: kommunen %s %s från %s "
		    "(tilldelningsår %d)\n", s->kommun,
		    s->typ == FS_SCEN_LAMNAR ? "lämnar" : "går med", day, s->ar);
	if (rc == FS_OK)
		rc = rows_text(out, "Före", s->fore, s->nfore);
	if (rc == FS_OK)
		rc = rows_text(out, "Efter", s->efter, s->nefter);
	if (rc == FS_OK)
		rc = fs_buf_addf(out, "\nMedlemmarnas motfinansiering%16s%14s"
		    "%16s\n", "I dag", "Efter", "Vid 100 %");
	for (size_t i = 0; rc == FS_OK && i < s->nmedlem; i++) {
		const struct fs_scen_medlem *m = &s->medlem[i];
		char a[32], b[32], c[32], label[64];

		fin_num(a, m->fore);
		fin_num(b, m->efter);
		fin_num(c, m->efter_100);
		snprintf(label, sizeof(label), "%s %s", m->kod, m->namn);
		rc = fs_buf_addstr(out, "  ");
		if (rc == FS_OK)
			rc = fin_pad(out, label, 40);
		if (rc == FS_OK)
			rc = fs_buf_addf(out, "%14s%14s%16s\n", a, b, c);
	}
	if (rc == FS_OK)
		rc = fs_buf_addstr(out, "\nFörklaring\n");
	for (size_t i = 0; rc == FS_OK && i < s->nlogg; i++)
		rc = fs_buf_addf(out, "%3zu. %s\n", i + 1, s->logg[i]);
	return rc == FS_OK ? FS_OK : FIN_NOMEM(err);
}
