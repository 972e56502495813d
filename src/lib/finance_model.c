/* SPDX-License-Identifier: ISC */
/*
 * The allocation model itself (tilldelning.h, steps 1-5): a pure
 * function from a parameter set and gathered inputs to the per-förbund
 * figures and their Swedish calculation log.  Owns the exact arithmetic
 * (keys as 128-bit fractions, every split by largest remainder, all
 * amounts in the rounding unit until the output), the spärr iteration,
 * the equity step and the application step with its scaling and
 * water-filling redistribution.  No database, no clock, no floating
 * point: the same inputs give the same bytes on every machine.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "finsam/alloc.h"
#include "finsam/err.h"
#include "finsam/tilldelning.h"
#include "finance_int.h"

#define MAX_KOMMUNER	400	/* kommuner in one calculation */

/* Working state of one förbund; amounts in units of p->avrundning. */
struct mf {
	fin_i128	 k;		/* key numerator over kd */
	int64_t		 fm, bef;
	int64_t		 enligt;	/* step 2 */
	int64_t		 golv;		/* FS_TDL_NONE: no floor */
	bool		 eligible;	/* the spärr applies */
	bool		 held;
	int64_t		 efter;		/* step 3 */
	int		 over;		/* -1, 0, 1 */
	bool		 har_trappan;
	struct fs_trappan_res tr;
	int64_t		 minskning, tillagg, mojlig;
	int64_t		 ansokt, tar;
	int32_t		 utn_bp;
	struct fin_log	 log;
};

struct model {
	const struct fs_tdl_params	*p;
	const struct fs_tdl_input	*in;
	struct mf			*f;
	size_t				 n;
	int64_t				 u;	/* rounding unit, kr */
	int64_t				 F, B, R;
	int64_t				 FM, P;
	fin_i128			 kd;
	int32_t				 wfm, wbef;
	enum fs_tdl_sparrstatus		 sparr;
	bool				 overteckning;
};

void
fs_tdl_result_release(struct fs_tdl_result *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nrad; i++) {
		free(r->rad[i].namn);
		fin_log_free(r->rad[i].logg, r->rad[i].nlogg);
	}
	free(r->rad);
	memset(r, 0, sizeof(*r));
}

/* Amount in units as "1 234 kr". */
static void
kr(const struct model *m, char out[40], int64_t units)
{
	fin_kr(out, units * m->u);
}

/* ---- step 1: keys ---- */

static enum fs_rc
keys(struct model *m, struct fs_err *err)
{
	const struct fs_tdl_input *in = m->in;
	bool *seen;
	int64_t fmp, pp;

	if (in->nkommun > MAX_KOMMUNER)
		return fs_err_set(err, FS_EINVAL, "kommuner",
		    "högst %d kommuner i en beräkning", MAX_KOMMUNER);
	seen = fs_calloc(in->nkommun == 0 ? 1 : in->nkommun, sizeof(*seen));
	if (seen == NULL)
		return FIN_NOMEM(err);
	for (size_t i = 0; i < m->n; i++) {
		const struct fs_tdl_in_forbund *fi = &in->forbund[i];

		for (size_t j = 0; j < fi->nkommun; j++) {
			const struct fs_tdl_kommun *k;

			if (fi->kommun[j] >= in->nkommun ||
			    seen[fi->kommun[j]]) {
				free(seen);
				return fs_err_set(err, FS_EINVAL, "medlemskap",
				    "en kommun kan bara räknas till ett förbund "
				    "i en beräkning");
			}
			seen[fi->kommun[j]] = true;
			k = &in->kommun[fi->kommun[j]];
			if (k->fm_tkr < 0 || k->fm_tkr > 7 * FS_FM_MAX_TKR ||
			    k->befolkning < 0 ||
			    k->befolkning > FS_FM_MAX_BEFOLKNING) {
				free(seen);
				return fs_err_set(err, FS_EINVAL,
				    "forsorjningsmatt",
				    "försörjningsmått och befolkning måste vara "
				    "icke-negativa och inom gränserna för "
				    "importen");
			}
			m->f[i].fm += k->fm_tkr;
			m->f[i].bef += k->befolkning;
		}
		m->FM += m->f[i].fm;
		m->P += m->f[i].bef;
	}
	free(seen);
	m->wfm = m->p->vikt_fm_bp;
	m->wbef = m->p->vikt_bef_bp;
	if (m->FM == 0 && m->P == 0) {
		for (size_t i = 0; i < m->n; i++)
			m->f[i].k = 1;
		m->kd = (fin_i128)m->n;
		return FS_OK;
	}
	if (m->FM == 0) {
		m->wfm = 0;
		m->wbef = 10000;
	} else if (m->P == 0) {
		m->wfm = 10000;
		m->wbef = 0;
	}
	fmp = m->FM > 0 ? m->FM : 1;
	pp = m->P > 0 ? m->P : 1;
	for (size_t i = 0; i < m->n; i++)
		m->f[i].k = (fin_i128)m->wfm * m->f[i].fm * pp +
		    (fin_i128)m->wbef * m->f[i].bef * fmp;
	m->kd = (fin_i128)10000 * fmp * pp;
	return FS_OK;
}

/* The area and key lines of förbund i's log. */
static void
log_keys(struct model *m, size_t i)
{
	const struct fs_tdl_in_forbund *fi = &m->in->forbund[i];
	struct mf *f = &m->f[i];
	struct fs_buf names;
	char day[11], a[32], b[32], pa[40], pb[40], pk[40], wa[24], wb[24];

	fin_date(day, m->in->medlemsdag);
	fs_buf_init(&names, 16384);
	for (size_t j = 0; j < fi->nkommun; j++) {
		const struct fs_tdl_kommun *k = &m->in->kommun[fi->kommun[j]];

		if (fs_buf_addf(&names, "%s%s %s", j > 0 ? ", " : "", k->kod,
		    k->namn) != FS_OK) {
			f->log.oom = true;
			break;
		}
	}
	fin_log_addf(&f->log, "Område: %zu %s på medlemsdagen %s: %s.",
	    fi->nkommun, fi->nkommun == 1 ? "kommun" : "kommuner", day,
	    names.buf);
	fs_buf_release(&names);
	fin_num(a, f->fm);
	fin_num(b, m->FM);
	fin_pct(pa, f->fm, m->FM, 4);
	fin_log_addf(&f->log, "Försörjningsmått %d: %s tkr av %s tkr i alla "
	    "kommuner som ingår i något förbund = %s.", m->in->dataar, a, b,
	    pa);
	fin_num(a, f->bef);
	fin_num(b, m->P);
	fin_pct(pb, f->bef, m->P, 4);
	fin_log_addf(&f->log, "Befolkning 16–64 år %d: %s av %s = %s.",
	    m->in->dataar, a, b, pb);
	fin_pct(pk, f->k, m->kd, 4);
	fin_bp(wa, m->wfm);
	fin_bp(wb, m->wbef);
	if (m->FM == 0 && m->P == 0)
		fin_log_addf(&f->log, "Nyckel: försörjningsmått och befolkning "
		    "saknas för alla kommuner, så alla förbund får lika stor "
		    "nyckel: %s.", pk);
	else
		fin_log_addf(&f->log, "Nyckel: %s × %s + %s × %s = %s.", wa, pa,
		    wb, pb, pk);
}

/* ---- step 2: possible allocation by key ---- */

/*
 * Split total units over the förbund with mask[i] by key (equal parts
 * when their keys are all 0) into add[i]; others get 0.
 */
static enum fs_rc
split_by_key(struct model *m, const bool *mask, int64_t total, int64_t *add,
    struct fs_err *err)
{
	fin_i128 *num, s = 0;
	size_t cnt = 0;
	bool ok;

	num = fs_calloc(m->n, sizeof(*num));
	if (num == NULL)
		return FIN_NOMEM(err);
	for (size_t i = 0; i < m->n; i++)
		if (mask[i]) {
			s += m->f[i].k;
			cnt++;
		}
	for (size_t i = 0; i < m->n; i++)
		if (mask[i])
			num[i] = (fin_i128)total * (s > 0 ? m->f[i].k : 1);
	if (cnt == 0) {
		free(num);
		for (size_t i = 0; i < m->n; i++)
			add[i] = 0;
		return total == 0 ? FS_OK : fs_err_set(err, FS_EINVAL,
		    "forbund", "det finns inget förbund att fördela till");
	}
	ok = fin_lr(num, m->n, s > 0 ? s : (fin_i128)cnt, total, add);
	free(num);
	if (!ok)
		return fs_err_set(err, FS_ENOMEM, NULL,
		    "minnet räcker inte (största-rest-fördelningen)");
	return FS_OK;
}

static enum fs_rc
step_key(struct model *m, struct fs_err *err)
{
	int64_t *add;
	bool *all;
	char b[40], r[40], f[40], tot[40], pk[40], ex[48];
	enum fs_rc rc;

	add = fs_calloc(m->n, sizeof(*add));
	all = fs_calloc(m->n, sizeof(*all));
	if (add == NULL || all == NULL) {
		rc = FIN_NOMEM(err);
		goto out;
	}
	for (size_t i = 0; i < m->n; i++)
		all[i] = true;
	rc = split_by_key(m, all, m->R, add, err);
	if (rc != FS_OK)
		goto out;
	kr(m, b, m->B);
	kr(m, r, m->R);
	kr(m, f, m->F);
	for (size_t i = 0; i < m->n; i++) {
		struct mf *x = &m->f[i];

		x->enligt = m->B + add[i];
		kr(m, tot, x->enligt);
		fin_pct(pk, x->k, m->kd, 4);
		fin_log_addf(&x->log, "Möjlig tilldelning enligt nyckeln: "
		    "grundbeloppet %s + %s av resten %s (ramen %s minus %zu "
		    "grundbelopp) = %s.", b, pk, r, f, m->n, tot);
		if ((fin_i128)m->R * x->k % m->kd != 0) {
			fin_dec(ex, (fin_i128)m->R * x->k * m->u, m->kd, 2);
			fin_log_addf(&x->log, "Nyckelandelen är exakt %s kr; "
			    "beloppen avrundas med största-rest-metoden så att "
			    "summan blir exakt ramen.", ex);
		}
	}
out:
	free(add);
	free(all);
	return rc;
}

/* ---- step 3: spärr ---- */

/*
 * Whether free förbund i, with pool units over the free förbund of key
 * sum s (cnt of them), falls below its floor.
 */
static bool
below_floor(const struct model *m, size_t i, int64_t pool, fin_i128 s,
    size_t cnt)
{
	const struct mf *x = &m->f[i];

	if (!x->eligible || x->golv <= m->B)
		return false;
	if (s > 0)
		return (fin_i128)pool * x->k < (fin_i128)(x->golv - m->B) * s;
	return (fin_i128)pool < (fin_i128)(x->golv - m->B) * (fin_i128)cnt;
}

/* Log the spärr lines common to every förbund. */
static void
log_sparr_own(struct model *m, size_t i)
{
	const struct fs_tdl_in_forbund *fi = &m->in->forbund[i];
	struct mf *x = &m->f[i];
	char prev[40], golv[40], pct[24], en[40];

	if (!m->p->sparr) {
		fin_log_addf(&x->log, "Spärr: avstängd i parametrarna för "
		    "året.");
		return;
	}
	if (fi->foregaende == FS_TDL_NONE) {
		fin_log_addf(&x->log, "Spärr: ingen möjlig tilldelning förra "
		    "året finns registrerad, så spärren ger inget golv.");
		return;
	}
	fin_kr(prev, fi->foregaende);
	if (x->over == 1) {
		fin_log_addf(&x->log, "Spärr: gäller inte, eftersom det egna "
		    "kapitalet är över trappans nivå (förra årets möjliga "
		    "tilldelning var %s).", prev);
		return;
	}
	kr(m, golv, x->golv);
	fin_bp(pct, 10000 - m->p->sparr_bp);
	fin_log_addf(&x->log, "Spärr: förra årets möjliga tilldelning var %s "
	    "(källa: %s); golvet är %s av den = %s.", prev,
	    fi->foregaende_kalla[0] != '\0' ? fi->foregaende_kalla :
	    "indata", pct, golv);
	kr(m, en, x->enligt);
	if (x->held)
		fin_log_addf(&x->log, "Beloppet enligt nyckeln, %s, skulle "
		    "ligga under golvet: förbundet får golvet, %s.", en, golv);
}

static enum fs_rc
step_sparr(struct model *m, struct fs_err *err)
{
	int64_t pool = 0, *add = NULL, heldsum;
	fin_i128 s = 0, *num = NULL, ts = 0;
	size_t cnt = 0, nheld = 0;
	bool *free_mask = NULL, feasible = true, changed, ok;
	char a[40], b[40], c[40], f[40], h[40], pk[40], pf[40], ph[40];
	enum fs_rc rc = FS_OK;

	for (size_t i = 0; i < m->n; i++) {
		struct mf *x = &m->f[i];
		const struct fs_tdl_in_forbund *fi = &m->in->forbund[i];

		x->efter = x->enligt;
		x->golv = FS_TDL_NONE;
		x->eligible = false;
		if (m->p->sparr && fi->foregaende != FS_TDL_NONE &&
		    x->over != 1) {
			x->eligible = true;
			x->golv = (int64_t)fin_ceil_div(
			    (fin_i128)fi->foregaende *
			    (10000 - m->p->sparr_bp), (fin_i128)10000 * m->u);
		}
	}
	if (!m->p->sparr) {
		m->sparr = FS_TDL_SPARR_AV;
		goto log;
	}
	free_mask = fs_calloc(m->n, sizeof(*free_mask));
	add = fs_calloc(m->n, sizeof(*add));
	num = fs_calloc(m->n, sizeof(*num));
	if (free_mask == NULL || add == NULL || num == NULL) {
		rc = FIN_NOMEM(err);
		goto out;
	}
	do {
		changed = false;
		s = 0;
		cnt = 0;
		heldsum = 0;
		for (size_t i = 0; i < m->n; i++) {
			if (m->f[i].held)
				heldsum += m->f[i].golv;
			else {
				s += m->f[i].k;
				cnt++;
			}
		}
		pool = m->F - heldsum - (int64_t)cnt * m->B;
		if (cnt == 0 || pool < 0) {
			feasible = cnt == 0 && pool == 0;
			break;
		}
		for (size_t i = 0; i < m->n; i++)
			if (!m->f[i].held && below_floor(m, i, pool, s, cnt)) {
				m->f[i].held = true;
				nheld++;
				changed = true;
			}
	} while (changed);
	if (nheld == 0) {
		m->sparr = FS_TDL_SPARR_EJ_BEHOV;
		goto log;
	}
	if (feasible) {
		m->sparr = FS_TDL_SPARR_HALLEN;
		for (size_t i = 0; i < m->n; i++)
			free_mask[i] = !m->f[i].held;
		rc = split_by_key(m, free_mask, pool, add, err);
		if (rc != FS_OK)
			goto out;
		for (size_t i = 0; i < m->n; i++)
			m->f[i].efter = m->f[i].held ? m->f[i].golv :
			    m->B + add[i];
		goto log;
	}
	/* The floors cannot all be held: one common factor for all. */
	m->sparr = FS_TDL_SPARR_EJ_MOJLIG;
	for (size_t i = 0; i < m->n; i++) {
		struct mf *x = &m->f[i];
		int64_t t = x->eligible && x->golv > x->enligt ? x->golv :
		    x->enligt;

		x->held = false;
		num[i] = t;
		ts += t;
	}
	for (size_t i = 0; i < m->n; i++)
		num[i] *= m->F;
	ok = ts > 0 && fin_lr(num, m->n, ts, m->F, add);
	if (!ok) {
		rc = FIN_NOMEM(err);
		goto out;
	}
	for (size_t i = 0; i < m->n; i++)
		m->f[i].efter = add[i];
log:
	kr(m, f, m->F);
	for (size_t i = 0; i < m->n; i++) {
		struct mf *x = &m->f[i];

		log_sparr_own(m, i);
		if (m->sparr == FS_TDL_SPARR_EJ_MOJLIG) {
			fin_pct(ph, m->F, ts, 4);
			kr(m, a, (int64_t)ts);
			kr(m, b, x->enligt);
			kr(m, c, x->efter);
			fin_log_addf(&x->log, "Spärren kan inte hållas fullt "
			    "ut: golven och övriga förbunds belopp är "
			    "tillsammans %s, mer än ramen %s. Alla belopp "
			    "skalas med samma faktor %s: %s blir %s.", a, f,
			    ph, b, c);
		} else if (m->sparr == FS_TDL_SPARR_HALLEN && !x->held) {
			kr(m, h, m->F - pool - (int64_t)cnt * m->B);
			kr(m, a, pool + (int64_t)cnt * m->B);
			kr(m, b, x->enligt);
			kr(m, c, x->efter);
			fin_pct(pk, x->k, m->kd, 4);
			fin_pct(pf, x->k, s, 4);
			fin_pct(ph, s, m->kd, 4);
			fin_log_addf(&x->log, "Spärren håller uppe %zu förbund "
			    "(golven tar %s av ramen); pengarna tas från övriga "
			    "förbunds nyckelandelar. De %zu övriga förbunden "
			    "delar %s med grundbelopp och nyckeln räknad om "
			    "över dem (%s av %s = %s): %s blir %s.", nheld, h,
			    cnt, a, pk, ph, pf, b, c);
		}
	}
out:
	free(free_mask);
	free(add);
	free(num);
	return rc;
}

/* ---- step 4: equity ---- */

static void
eval_equity(struct model *m)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct fs_tdl_in_forbund *fi = &m->in->forbund[i];
		struct mf *x = &m->f[i];

		x->over = -1;
		if (fi->kapital != FS_TDL_NONE && fi->intakter != FS_TDL_NONE) {
			fs_trappan_eval(&m->p->trappan, fi->intakter,
			    fi->kapital, &x->tr);
			x->har_trappan = true;
			x->over = x->tr.over ? 1 : 0;
		}
		if (fi->over_trappan == 0 || fi->over_trappan == 1)
			x->over = fi->over_trappan;
	}
}

static void
log_equity(struct model *m, size_t i)
{
	const struct fs_tdl_in_forbund *fi = &m->in->forbund[i];
	struct mf *x = &m->f[i];
	char k[40], in[40], lv[40], ex[40];

	if (x->har_trappan) {
		fin_kr(k, fi->kapital);
		fin_kr(in, fi->intakter);
		fin_kr(lv, x->tr.niva);
		fin_kr(ex, x->tr.overskott < 0 ? -x->tr.overskott :
		    x->tr.overskott);
		fin_log_addf(&x->log, "Eget kapital %d: %s; trappans nivå för "
		    "intäkterna %s är %s%s; %s %s.", m->in->kapitalar, k, in,
		    lv, x->tr.antagande ? " (med antagna steg i trappan)" : "",
		    x->tr.over ? "över nivån med" : "inom nivån, marginal",
		    ex);
	} else
		fin_log_addf(&x->log, "Eget kapital %d: inget bokslut med "
		    "intäkter och eget kapital registrerat.", m->in->kapitalar);
	if (fi->over_trappan == 0 || fi->over_trappan == 1)
		fin_log_addf(&x->log, "Enligt parametrarna räknas förbundet "
		    "som %s trappans nivå.", fi->over_trappan == 1 ? "över" :
		    "inom");
	else if (x->over == -1)
		fin_log_addf(&x->log, "Förbundet räknas därför som inom "
		    "trappans nivå.");
}

static enum fs_rc
step_equity(struct model *m, struct fs_err *err)
{
	int64_t total = 0, *add = NULL;
	bool *rec = NULL, any = false;
	char pct[24], red[40], sum[40], plus[40];
	enum fs_rc rc = FS_OK;

	for (size_t i = 0; i < m->n; i++) {
		struct mf *x = &m->f[i];

		x->minskning = 0;
		x->tillagg = 0;
		if (m->p->kapitalregel == FS_TDL_KAPITAL_ANDEL && x->over == 1 &&
		    x->har_trappan && x->tr.overskott > 0) {
			x->minskning = (int64_t)fin_floor_div(
			    (fin_i128)x->tr.overskott * m->p->kapital_bp,
			    (fin_i128)10000 * m->u);
			if (x->minskning > x->efter)
				x->minskning = x->efter;
		}
		total += x->minskning;
	}
	if (total > 0 && m->p->kapital_omfordelas) {
		rec = fs_calloc(m->n, sizeof(*rec));
		add = fs_calloc(m->n, sizeof(*add));
		if (rec == NULL || add == NULL) {
			rc = FIN_NOMEM(err);
			goto out;
		}
		for (size_t i = 0; i < m->n; i++) {
			rec[i] = m->f[i].over != 1;
			any = any || rec[i];
		}
		if (any) {
			rc = split_by_key(m, rec, total, add, err);
			if (rc != FS_OK)
				goto out;
			for (size_t i = 0; i < m->n; i++)
				m->f[i].tillagg = add[i];
		}
	}
	fin_bp(pct, m->p->kapital_bp);
	kr(m, sum, total);
	for (size_t i = 0; i < m->n; i++) {
		struct mf *x = &m->f[i];

		x->mojlig = x->efter - x->minskning + x->tillagg;
		log_equity(m, i);
		if (x->over == 1 && m->p->kapitalregel == FS_TDL_KAPITAL_INGEN)
			fin_log_addf(&x->log, "Kapitalregeln för året är "
			    "\"ingen\": tilldelningen minskas inte, kontrollen "
			    "visas som underlag.");
		else if (x->over == 1 && !x->har_trappan)
			fin_log_addf(&x->log, "Minskning: överskottet över "
			    "trappan är okänt utan bokslut, så ingen minskning "
			    "görs.");
		else if (x->over == 1) {
			kr(m, red, x->minskning);
			fin_log_addf(&x->log, "Minskning enligt kapitalregeln: "
			    "%s av överskottet = %s.", pct, red);
		}
		if (x->tillagg > 0) {
			kr(m, plus, x->tillagg);
			fin_log_addf(&x->log, "Minskningarna för förbund över "
			    "trappan, sammanlagt %s, fördelas enligt nyckeln "
			    "på förbunden inom trappan: +%s.", sum, plus);
		} else if (total > 0 && x->over != 1 && !any &&
		    m->p->kapital_omfordelas)
			fin_log_addf(&x->log, "Minskningarna (%s) kan inte "
			    "fördelas om: inget förbund är inom trappan.", sum);
		else if (total > 0 && x->over != 1 && !m->p->kapital_omfordelas)
			fin_log_addf(&x->log, "Minskningarna för förbund över "
			    "trappan (%s) fördelas inte om enligt "
			    "parametrarna.", sum);
		kr(m, red, x->mojlig);
		fin_log_addf(&x->log, "Möjlig tilldelning %d: %s.", m->p->ar,
		    red);
	}
out:
	free(rec);
	free(add);
	return rc;
}

/* ---- step 5: applications ---- */

/*
 * Money not taken (*pool units) to those that asked for more than they
 * got, in proportion to their key, never beyond what they asked: each
 * round gives the full rest to everyone whose key share would cover it
 * and takes them out; when nobody is capped any more the pool is split
 * by key among those left (water-filling).
 */
static enum fs_rc
redistribute(struct model *m, int64_t *pool, struct fs_err *err)
{
	bool *w, *cap, capped;
	int64_t *add;
	enum fs_rc rc = FS_OK;

	w = fs_calloc(m->n, sizeof(*w));
	cap = fs_calloc(m->n, sizeof(*cap));
	add = fs_calloc(m->n, sizeof(*add));
	if (w == NULL || cap == NULL || add == NULL) {
		rc = FIN_NOMEM(err);
		goto out;
	}
	for (size_t i = 0; i < m->n; i++)
		w[i] = m->f[i].ansokt > m->f[i].tar;
	for (;;) {
		fin_i128 s = 0;
		size_t cnt = 0;

		for (size_t i = 0; i < m->n; i++)
			if (w[i]) {
				s += m->f[i].k;
				cnt++;
			}
		if (*pool == 0 || cnt == 0)
			break;
		capped = false;
		for (size_t i = 0; i < m->n; i++) {
			fin_i128 need = m->f[i].ansokt - m->f[i].tar;

			cap[i] = w[i] && (fin_i128)*pool *
			    (s > 0 ? m->f[i].k : 1) >=
			    need * (s > 0 ? s : (fin_i128)cnt);
		}
		for (size_t i = 0; i < m->n; i++)
			if (cap[i]) {
				*pool -= m->f[i].ansokt - m->f[i].tar;
				m->f[i].tar = m->f[i].ansokt;
				w[i] = false;
				capped = true;
			}
		if (capped)
			continue;
		rc = split_by_key(m, w, *pool, add, err);
		if (rc != FS_OK)
			goto out;
		for (size_t i = 0; i < m->n; i++)
			m->f[i].tar += add[i];
		*pool = 0;
		break;
	}
out:
	free(w);
	free(cap);
	free(add);
	return rc;
}

static enum fs_rc
step_apply(struct model *m, struct fs_err *err)
{
	int64_t avail = 0, asked = 0, pool, *out = NULL, *before = NULL;
	fin_i128 *num = NULL;
	char a[40], b[40], c[40], pct[24], ph[40], pool_kr[40];
	enum fs_rc rc = FS_OK;

	pool_kr[0] = '\0';
	for (size_t i = 0; i < m->n; i++) {
		const struct fs_tdl_in_forbund *fi = &m->in->forbund[i];
		struct mf *x = &m->f[i];

		x->utn_bp = fi->utnyttjandegrad_bp >= 0 ?
		    fi->utnyttjandegrad_bp : m->p->utnyttjandegrad_bp;
		if (fi->ansokan != FS_TDL_NONE)
			x->ansokt = fi->ansokan / m->u;
		else
			x->ansokt = (int64_t)fin_round_div(
			    (fin_i128)x->mojlig * x->utn_bp, 10000);
		avail += x->mojlig;
		asked += x->ansokt;
	}
	num = fs_calloc(m->n, sizeof(*num));
	out = fs_calloc(m->n, sizeof(*out));
	before = fs_calloc(m->n, sizeof(*before));
	if (num == NULL || out == NULL || before == NULL) {
		rc = FIN_NOMEM(err);
		goto end;
	}
	m->overteckning = asked > avail;
	if (m->overteckning && m->p->omfordelning == FS_TDL_OMF_SKALA) {
		for (size_t i = 0; i < m->n; i++)
			num[i] = (fin_i128)m->f[i].ansokt * avail;
		if (!fin_lr(num, m->n, asked, avail, out)) {
			rc = FIN_NOMEM(err);
			goto end;
		}
		for (size_t i = 0; i < m->n; i++)
			m->f[i].tar = out[i];
		pool = 0;
	} else {
		for (size_t i = 0; i < m->n; i++) {
			struct mf *x = &m->f[i];

			x->tar = x->ansokt < x->mojlig ? x->ansokt : x->mojlig;
			before[i] = x->tar;
		}
		pool = avail;
		for (size_t i = 0; i < m->n; i++)
			pool -= m->f[i].tar;
		kr(m, pool_kr, pool);
		if (m->p->omfordelning != FS_TDL_OMF_INGEN) {
			rc = redistribute(m, &pool, err);
			if (rc != FS_OK)
				goto end;
		}
	}
	for (size_t i = 0; i < m->n; i++) {
		const struct fs_tdl_in_forbund *fi = &m->in->forbund[i];
		struct mf *x = &m->f[i];

		kr(m, a, x->mojlig);
		kr(m, b, x->ansokt);
		kr(m, c, x->tar);
		if (fi->ansokan != FS_TDL_NONE) {
			fin_kr(ph, fi->ansokan);
			fin_log_addf(&x->log, "Ansökan: %s (källa: %s)%s.", ph,
			    fi->ansokan_kalla[0] != '\0' ? fi->ansokan_kalla :
			    "indata", x->ansokt > x->mojlig ?
			    ", mer än den möjliga tilldelningen" : "");
		} else {
			fin_bp(pct, x->utn_bp);
			fin_log_addf(&x->log, "Ansökan: utnyttjandegrad %s "
			    "(källa: %s) av %s = %s.", pct,
			    fi->utnyttjandegrad_bp >= 0 &&
			    fi->ansokan_kalla[0] != '\0' ? fi->ansokan_kalla :
			    fi->utnyttjandegrad_bp >= 0 ? "indata" :
			    "parametrarnas standard", a, b);
		}
		if (m->overteckning &&
		    m->p->omfordelning == FS_TDL_OMF_SKALA) {
			char tot[40], av[40];

			kr(m, tot, asked);
			kr(m, av, avail);
			fin_pct(ph, avail, asked, 4);
			fin_log_addf(&x->log, "Överteckning: ansökningarna är "
			    "tillsammans %s, mer än de %s som finns att "
			    "fördela; alla ansökningar skalas med samma faktor "
			    "%s: %s blir %s.", tot, av, ph, b, c);
		} else if (x->tar > before[i]) {
			char got[40];

			kr(m, got, x->tar - before[i]);
			fin_log_addf(&x->log, "Omfördelning: av %s som andra "
			    "förbund inte utnyttjar får förbundet %s%s.",
			    pool_kr, got, m->p->omfordelning ==
			    FS_TDL_OMF_NYCKEL ? " i proportion till nyckeln "
			    "(högst det ansökta)" : ", så att det får hela sin "
			    "ansökan");
		} else if (x->ansokt > x->mojlig)
			fin_log_addf(&x->log, "Förbundet får högst sin möjliga "
			    "tilldelning, %s: omfördelning av medel som andra "
			    "inte utnyttjar är %s.", a,
			    m->p->omfordelning == FS_TDL_OMF_INGEN ?
			    "avstängd i parametrarna" :
			    "inte möjlig, inget blev över");
		if (x->tar < x->mojlig) {
			kr(m, ph, x->mojlig - x->tar);
			fin_log_addf(&x->log, "Av den möjliga tilldelningen "
			    "utnyttjas %s inte.", ph);
		}
	}
end:
	free(num);
	free(out);
	free(before);
	return rc;
}

/* ---- the whole model ---- */

static enum fs_rc
fill_result(struct model *m, struct fs_tdl_result *r, struct fs_err *err)
{
	r->rad = fs_calloc(m->n, sizeof(*r->rad));
	if (r->rad == NULL)
		return FIN_NOMEM(err);
	r->nrad = m->n;
	for (size_t i = 0; i < m->n; i++) {
		const struct fs_tdl_in_forbund *fi = &m->in->forbund[i];
		struct fs_tdl_rad *o = &r->rad[i];
		struct mf *x = &m->f[i];
		char b[40];

		kr(m, b, x->tar);
		fin_log_addf(&x->log, "Tilldelning %d: %s.", m->p->ar, b);
		if (x->log.oom)
			return FIN_NOMEM(err);
		snprintf(o->kod, sizeof(o->kod), "%s", fi->kod);
		o->namn = fs_strdup(fi->namn != NULL ? fi->namn : "");
		if (o->namn == NULL)
			return FIN_NOMEM(err);
		o->nkommuner = fi->nkommun;
		o->fm_tkr = x->fm;
		o->befolkning = x->bef;
		o->nyckel_e12 = fin_scaled_div(x->k, m->kd, 12);
		o->enligt_nyckel = x->enligt * m->u;
		o->golv = x->golv == FS_TDL_NONE ? FS_TDL_NONE : x->golv * m->u;
		o->i_sparr = x->held;
		o->efter_sparr = x->efter * m->u;
		o->over_trappan = x->over;
		o->kapital_overskott = x->har_trappan ? x->tr.overskott :
		    FS_TDL_NONE;
		o->kapital_minskning = x->minskning * m->u;
		o->kapital_tillagg = x->tillagg * m->u;
		o->mojlig = x->mojlig * m->u;
		o->ansokt = x->ansokt * m->u;
		o->utnyttjandegrad_bp = x->utn_bp;
		o->tilldelning = x->tar * m->u;
		o->logg = x->log.v;
		o->nlogg = x->log.n;
		x->log.v = NULL;
		x->log.n = 0;
		r->summa_mojlig += o->mojlig;
		r->summa_ansokt += o->ansokt;
		r->summa_tilldelning += o->tilldelning;
	}
	r->ej_utnyttjat = r->summa_mojlig - r->summa_tilldelning;
	return FS_OK;
}

enum fs_rc
fs_tdl_compute(const struct fs_tdl_params *p, const struct fs_tdl_input *in,
    struct fs_tdl_result *out, struct fs_err *err)
{
	struct model m;
	enum fs_rc rc;

	memset(out, 0, sizeof(*out));
	memset(&m, 0, sizeof(m));
	rc = fs_tdl_params_check(p, err);
	if (rc != FS_OK)
		return rc;
	if (in->nforbund == 0)
		return fs_err_set(err, FS_EINVAL, "forbund",
		    "det finns inget förbund med medlemskommuner på "
		    "medlemsdagen");
	m.p = p;
	m.in = in;
	m.n = in->nforbund;
	m.u = p->avrundning;
	m.F = p->ram / m.u;
	m.B = p->grundbelopp / m.u;
	if ((fin_i128)m.B * (fin_i128)m.n > m.F)
		return fs_err_set(err, FS_EINVAL, "grundbelopp",
		    "ramen räcker inte till grundbeloppet för %zu förbund", m.n);
	m.R = m.F - m.B * (int64_t)m.n;
	m.f = fs_calloc(m.n, sizeof(*m.f));
	if (m.f == NULL)
		return FIN_NOMEM(err);
	for (size_t i = 0; i < m.n; i++)
		if (in->forbund[i].ansokan != FS_TDL_NONE &&
		    (in->forbund[i].ansokan < 0 ||
		    in->forbund[i].ansokan > FS_TDL_MAX_BELOPP)) {
			rc = fs_err_set(err, FS_EINVAL, "ansokan",
			    "ansökan måste ligga mellan 0 och "
			    "100 000 000 000 kr");
			goto out;
		}
	rc = keys(&m, err);
	if (rc != FS_OK)
		goto out;
	for (size_t i = 0; i < m.n; i++)
		log_keys(&m, i);
	eval_equity(&m);
	rc = step_key(&m, err);
	if (rc == FS_OK)
		rc = step_sparr(&m, err);
	if (rc == FS_OK)
		rc = step_equity(&m, err);
	if (rc == FS_OK)
		rc = step_apply(&m, err);
	if (rc != FS_OK)
		goto out;
	out->ar = p->ar;
	out->dataar = in->dataar;
	out->ram = p->ram;
	out->grundbelopp = p->grundbelopp;
	out->rest = m.R * m.u;
	out->summa_fm_tkr = m.FM;
	out->summa_befolkning = m.P;
	out->sparr = m.sparr;
	out->overteckning = m.overteckning;
	rc = fill_result(&m, out, err);
out:
	for (size_t i = 0; i < m.n && m.f != NULL; i++)
		fin_log_free(m.f[i].log.v, m.f[i].log.n);
	free(m.f);
	if (rc != FS_OK)
		fs_tdl_result_release(out);
	return rc;
}
