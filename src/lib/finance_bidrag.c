/* SPDX-License-Identifier: ISC */
/*
 * Member contributions (ekonomi.h "Contributions", finance.md, law
 * 5 §): the state's share S that a förbund takes, half of it again from
 * the region(s) and half from the kommuner, the kommun part split by
 * population 16-64, in equal parts or by agreed shares, every split by
 * largest remainder.  Also where S comes from (an amount given, the
 * latest stored allocation, or the allocation computed now) and the
 * JSON and text of the result.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/codes.h"
#include "finsam/db.h"
#include "finsam/ekonomi.h"
#include "finsam/err.h"
#include "finsam/forbund.h"
#include "finsam/parse.h"
#include "finsam/store.h"
#include "finsam/tilldelning.h"
#include "finance_int.h"

static const char *const ford_names[] = {
	[FS_BIDRAG_BEFOLKNING] = "befolkning",
	[FS_BIDRAG_LIKA] = "lika",
	[FS_BIDRAG_ANDELAR] = "andelar",
};
_Static_assert(FS_NELEM(ford_names) == FS_BIDRAG__MAX, "ford_names");

const char *
fs_bidrag_fordelning_name(enum fs_bidrag_fordelning f)
{
	return (unsigned)f < FS_BIDRAG__MAX ? ford_names[f] : NULL;
}

int
fs_bidrag_fordelning_find(const char *name)
{
	return fs_name_find(ford_names, FS_NELEM(ford_names), name);
}

void
fs_bidrag_release(struct fs_bidrag *b)
{
	if (b == NULL)
		return;
	free(b->namn);
	free(b->regioner);
	free(b->kommun);
	memset(b, 0, sizeof(*b));
}

/*
 * Split total over v[0..n) by weight (befolkning, andel or 1); all-zero
 * weights fall back to equal parts.
 */
static enum fs_rc
split(struct fs_bidrag_medlem *v, size_t n, int64_t total, int how,
    struct fs_err *err)
{
	fin_i128 *num, den = 0;
	int64_t *out;
	bool ok;

	if (n == 0)
		return FS_OK;
	num = fs_calloc(n, sizeof(*num));
	out = fs_calloc(n, sizeof(*out));
	if (num == NULL || out == NULL) {
		free(num);
		free(out);
		return FIN_NOMEM(err);
	}
	for (size_t i = 0; i < n; i++) {
		num[i] = how == FS_BIDRAG_BEFOLKNING ? v[i].befolkning :
		    how == FS_BIDRAG_ANDELAR ? v[i].andel : 1;
		den += num[i];
	}
	if (den == 0)
		for (size_t i = 0; i < n; i++) {
			num[i] = 1;
			den++;
		}
	for (size_t i = 0; i < n; i++)
		num[i] *= total;
	ok = fin_lr(num, n, den, total, out);
	for (size_t i = 0; ok && i < n; i++)
		v[i].belopp = out[i];
	free(num);
	free(out);
	return ok ? FS_OK : FIN_NOMEM(err);
}

enum fs_rc
fs_bidrag_split(struct fs_bidrag *b, int64_t stat, enum fs_bidrag_fordelning f,
    struct fs_err *err)
{
	enum fs_rc rc;

	if (stat < 0 || stat > FS_TDL_MAX_BELOPP)
		return fs_err_set(err, FS_EINVAL, "statligt",
		    "måste ligga mellan 0 och 100 000 000 000 kr");
	if ((unsigned)f >= FS_BIDRAG__MAX)
		return fs_err_set(err, FS_EINVAL, "fordelning",
		    "måste vara befolkning, lika eller andelar");
	if (f == FS_BIDRAG_ANDELAR) {
		bool any = false;

		for (size_t i = 0; i < b->nkommun; i++) {
			if (b->kommun[i].andel < 0)
				return fs_err_set(err, FS_EINVAL, "andelar",
				    "en andel får inte vara negativ");
			any = any || b->kommun[i].andel > 0;
		}
		if (!any)
			return fs_err_set(err, FS_EINVAL, "andelar",
			    "minst en kommun måste ha en andel större än 0");
	}
	b->fordelning = f;
	b->stat = stat;
	/* Half of S each; an odd krona to the region (ties to the region). */
	b->region = stat / 2 + stat % 2;
	b->kommuner = stat / 2;
	b->totalt = 2 * stat;
	rc = split(b->regioner, b->nregioner, b->region, FS_BIDRAG_BEFOLKNING,
	    err);
	if (rc == FS_OK)
		rc = split(b->kommun, b->nkommun, b->kommuner, (int)f, err);
	return rc;
}

/* Kommun kod's kortnamn and län. */
static enum fs_rc
kommun_info(struct fs_db *db, const char *kod, char namn[48], char lan[3],
    struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	rc = fs_store_stmt(db->store, FS_STMT_KOMMUN_GET, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_str(s, 1, kod);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && row) {
		snprintf(namn, 48, "%s", fs_stmt_col_text(s, 2, NULL));
		snprintf(lan, 3, "%s", fs_stmt_col_text(s, 3, NULL));
	} else if (rc == FS_OK)
		rc = fs_err_set(err, FS_EINVAL, "kommun",
		    "kommunkoden finns inte");
	fs_stmt_reset(s);
	return rc;
}

static enum fs_rc
lan_name(struct fs_db *db, const char *kod, char namn[48], struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	snprintf(namn, 48, "Region %s", kod);
	rc = fs_store_stmt(db->store, FS_STMT_LAN_GET, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_str(s, 1, kod);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && row)
		snprintf(namn, 48, "%s", fs_stmt_col_text(s, 1, NULL));
	fs_stmt_reset(s);
	return rc;
}

/* The members of the förbund on 1 January of ar, with population. */
static enum fs_rc
members(struct fs_db *db, int64_t fid, const struct fs_bidrag_fraga *q,
    struct fs_bidrag *b, struct fs_err *err)
{
	char (*k)[5] = NULL, lan[3];
	struct fs_fm_rad r;
	size_t n = 0;
	bool need_pop;
	enum fs_rc rc;

	rc = fs_forbund_kommuner_on(db, fid, fs_date_from_ymd(q->ar, 1, 1), &k,
	    &n, err);
	if (rc != FS_OK)
		return rc;
	if (n == 0) {
		free(k);
		return fs_err_set(err, FS_EINVAL, "forbund",
		    "förbundet har inga medlemskommuner den 1 januari året");
	}
	b->kommun = fs_calloc(n, sizeof(*b->kommun));
	b->regioner = fs_calloc(n, sizeof(*b->regioner));
	if (b->kommun == NULL || b->regioner == NULL) {
		free(k);
		return FIN_NOMEM(err);
	}
	for (size_t i = 0; rc == FS_OK && i < n; i++) {
		struct fs_bidrag_medlem *m = &b->kommun[b->nkommun++];
		size_t j;

		snprintf(m->kod, sizeof(m->kod), "%s", k[i]);
		rc = kommun_info(db, k[i], m->namn, lan, err);
		for (j = 0; rc == FS_OK && j < b->nregioner; j++)
			if (strcmp(b->regioner[j].kod, lan) == 0)
				break;
		if (rc == FS_OK && j == b->nregioner) {
			snprintf(b->regioner[j].kod, 5, "%s", lan);
			rc = lan_name(db, lan, b->regioner[j].namn, err);
			b->nregioner++;
		}
		if (rc != FS_OK)
			break;
		need_pop = q->fordelning == FS_BIDRAG_BEFOLKNING ||
		    b->nregioner > 1;
		rc = fs_fm_get(db, b->dataar, k[i], &r, NULL);
		if (rc == FS_OK) {
			m->befolkning = r.befolkning;
			b->regioner[j].befolkning += r.befolkning;
		} else if (rc == FS_ENOTFOUND && !need_pop)
			rc = FS_OK;
		else if (rc == FS_ENOTFOUND)
			rc = fs_err_set(err, FS_EINVAL, "forsorjningsmatt",
			    "befolkningen %d saknas för kommunen %s; läs in "
			    "den med finsam import forsorjningsmatt",
			    b->dataar, k[i]);
	}
	/* A second region found late needs every kommun's population. */
	for (size_t i = 0; rc == FS_OK && b->nregioner > 1 && i < n; i++)
		if (b->kommun[i].befolkning == 0 &&
		    fs_fm_get(db, b->dataar, k[i], &r, NULL) != FS_OK)
			rc = fs_err_set(err, FS_EINVAL, "forsorjningsmatt",
			    "befolkningen %d saknas för kommunen %s",
			    b->dataar, k[i]);
	free(k);
	return rc;
}

/* The agreed shares onto the member kommuner. */
static enum fs_rc
shares(const struct fs_bidrag_fraga *q, struct fs_bidrag *b,
    struct fs_err *err)
{
	for (size_t i = 0; i < q->nandelar; i++) {
		bool found = false;

		for (size_t j = 0; j < b->nkommun; j++)
			if (strcmp(b->kommun[j].kod, q->andelar[i].kod) == 0) {
				b->kommun[j].andel = q->andelar[i].andel;
				found = true;
			}
		if (!found)
			return fs_err_set(err, FS_EINVAL, "andelar",
			    "kommunen %s är inte medlem i förbundet",
			    q->andelar[i].kod);
	}
	for (size_t j = 0; j < b->nkommun; j++) {
		bool given = false;

		for (size_t i = 0; i < q->nandelar; i++)
			if (strcmp(b->kommun[j].kod, q->andelar[i].kod) == 0)
				given = true;
		if (!given)
			return fs_err_set(err, FS_EINVAL, "andelar",
			    "andel saknas för medlemskommunen %s",
			    b->kommun[j].kod);
	}
	return FS_OK;
}

/* S from the latest stored calculation of the year, else computed now. */
static enum fs_rc
state_share(struct fs_db *db, const struct fs_bidrag_fraga *q,
    struct fs_bidrag *b, int64_t *s, struct fs_err *err)
{
	struct fs_tdl_berakning calc;
	struct fs_stmt *st;
	int64_t id = 0, mojlig = FS_TDL_NONE, till = FS_TDL_NONE;
	enum fs_rc rc;
	bool row;

	rc = fs_tdl_berakning_latest(db, q->ar, &id, err);
	if (rc != FS_OK)
		return rc;
	if (id != 0) {
		rc = fs_store_stmt(db->store, FS_STMT_TDL_RAD_GET, &st, err);
		if (rc != FS_OK)
			return rc;
		fs_stmt_bind_i64(st, 1, id);
		fs_stmt_bind_str(st, 2, b->kod);
		rc = fs_stmt_step(st, &row, err);
		if (rc == FS_OK && row) {
			mojlig = fs_stmt_col_i64(st, 0);
			till = fs_stmt_col_i64(st, 1);
		}
		fs_stmt_reset(st);
		if (rc != FS_OK)
			return rc;
	}
	if (mojlig != FS_TDL_NONE)
		snprintf(b->kalla, sizeof(b->kalla), "sparad beräkning %lld",
		    (long long)id);
	else {
		rc = fs_tdl_berakna(db, q->ar, NULL, false, &calc, err);
		if (rc != FS_OK)
			return rc;
		for (size_t i = 0; i < calc.res.nrad; i++)
			if (strcmp(calc.res.rad[i].kod, b->kod) == 0) {
				mojlig = calc.res.rad[i].mojlig;
				till = calc.res.rad[i].tilldelning;
			}
		fs_tdl_berakning_release(&calc);
		if (mojlig == FS_TDL_NONE)
			return fs_err_set(err, FS_EINVAL, "forbund",
			    "förbundet ingår inte i årets tilldelning");
		snprintf(b->kalla, sizeof(b->kalla), "%s",
		    "tilldelningen beräknad nu med årets parametrar (inte "
		    "sparad)");
	}
	b->mojlig = mojlig;
	if (q->utnyttjandegrad_bp >= 0) {
		*s = (int64_t)fin_round_div((fin_i128)mojlig *
		    q->utnyttjandegrad_bp, 10000);
		snprintf(b->kalla + strlen(b->kalla),
		    sizeof(b->kalla) - strlen(b->kalla), "%s",
		    ", möjlig tilldelning gånger utnyttjandegraden");
	} else
		*s = till;
	return FS_OK;
}

/*
 * The split of q, or with q->sparad the one stored for its year, into
 * *qq (whose shares, when stored, are in *own: free them).
 */
static enum fs_rc
split_of(struct fs_db *db, const struct fs_bidrag_fraga *q,
    struct fs_bidrag_fraga *qq, struct fs_bidrag_medlem **own,
    struct fs_bidrag *out, int *fran_ar, struct fs_err *err)
{
	struct fs_kommunfordelning kf;
	enum fs_rc rc;

	*qq = *q;
	*own = NULL;
	*fran_ar = 0;
	if (!q->sparad) {
		snprintf(out->fordelning_kalla, sizeof(out->fordelning_kalla),
		    "%s", "angiven");
		return FS_OK;
	}
	if (q->fordelning != FS_BIDRAG_BEFOLKNING || q->nandelar > 0)
		return fs_err_set(err, FS_EINVAL, "fordelning",
		    "ange antingen en fördelning eller den sparade");
	rc = fs_kommunfordelning_get(db, q->forbund_kod, q->ar, &kf, err);
	if (rc != FS_OK)
		return rc;
	qq->fordelning = kf.fordelning;
	qq->andelar = NULL;
	qq->nandelar = 0;
	if (kf.nandel > 0) {
		*own = fs_calloc(kf.nandel, sizeof(**own));
		if (*own == NULL) {
			fs_kommunfordelning_release(&kf);
			return FIN_NOMEM(err);
		}
		for (size_t i = 0; i < kf.nandel; i++) {
			snprintf((*own)[i].kod, sizeof((*own)[i].kod), "%s",
			    kf.andel[i].kod);
			(*own)[i].andel = kf.andel[i].andel_bp;
		}
		qq->andelar = *own;
		qq->nandelar = kf.nandel;
	}
	*fran_ar = kf.fran_ar;
	if (kf.fran_ar != 0)
		snprintf(out->fordelning_kalla, sizeof(out->fordelning_kalla),
		    "sparad fördelning från %d", kf.fran_ar);
	else
		snprintf(out->fordelning_kalla, sizeof(out->fordelning_kalla),
		    "%s", "standard (ingen sparad fördelning)");
	fs_kommunfordelning_release(&kf);
	return FS_OK;
}

enum fs_rc
fs_bidrag(struct fs_db *db, const struct fs_bidrag_fraga *q0,
    struct fs_bidrag *out, struct fs_err *err)
{
	struct fs_bidrag_medlem *own = NULL;
	struct fs_bidrag_fraga qv;
	const struct fs_bidrag_fraga *q = &qv;
	struct fs_forbund f;
	char kalla[64];
	int64_t s = 0;
	int fran_ar = 0;
	enum fs_rc rc;

	memset(out, 0, sizeof(*out));
	out->mojlig = FS_TDL_NONE;
	out->utnyttjandegrad_bp = -1;
	fs_forbund_init(&f);
	if (q0->ar < 1990 || q0->ar > 2999)
		return fs_err_set(err, FS_EINVAL, "ar",
		    "året måste ligga mellan 1990 och 2999");
	rc = split_of(db, q0, &qv, &own, out, &fran_ar, err);
	if (rc != FS_OK)
		return rc;
	/* Kept apart: a failure below clears out. */
	snprintf(kalla, sizeof(kalla), "%s", out->fordelning_kalla);
	if (q->utnyttjandegrad_bp < -1 || q->utnyttjandegrad_bp > 10000)
		return fs_err_set(err, FS_EINVAL, "utnyttjandegrad",
		    "måste ligga mellan 0 och 100 procent");
	if (q->statligt != FS_TDL_NONE && q->utnyttjandegrad_bp >= 0)
		return fs_err_set(err, FS_EINVAL, "statligt",
		    "ange antingen ett statligt belopp eller en "
		    "utnyttjandegrad");
	if (q->statligt != FS_TDL_NONE &&
	    (q->statligt < 0 || q->statligt > FS_TDL_MAX_BELOPP))
		return fs_err_set(err, FS_EINVAL, "statligt",
		    "måste ligga mellan 0 och 100 000 000 000 kr");
	if (q->fordelning == FS_BIDRAG_ANDELAR && q->nandelar == 0)
		return fs_err_set(err, FS_EINVAL, "andelar",
		    "fördelning efter andelar kräver en andel per kommun");
	if (q->fordelning != FS_BIDRAG_ANDELAR && q->nandelar > 0)
		return fs_err_set(err, FS_EINVAL, "andelar",
		    "andelar anges bara med fördelningen andelar");
	rc = fs_forbund_get_kod(db, q->forbund_kod, &f, err);
	if (rc != FS_OK)
		goto out;
	snprintf(out->kod, sizeof(out->kod), "%s", f.kod);
	out->namn = fs_strdup(f.namn);
	out->ar = q->ar;
	out->dataar = q->dataar != 0 ? q->dataar : q->ar - 2;
	out->fordelning = q->fordelning;
	snprintf(out->fordelning_kalla, sizeof(out->fordelning_kalla), "%s",
	    kalla);
	if (out->namn == NULL) {
		rc = FIN_NOMEM(err);
		goto out;
	}
	rc = members(db, f.id, q, out, err);
	if (rc == FS_OK && q->fordelning == FS_BIDRAG_ANDELAR) {
		rc = shares(q, out, err);
		/* The members changed since the split was agreed. */
		if (rc == FS_EINVAL && fran_ar != 0) {
			char why[sizeof(err->msg)];

			snprintf(why, sizeof(why), "%s",
			    err != NULL ? err->msg : "");
			rc = fs_err_set(err, FS_EINVAL, "fordelning",
			    "den sparade fördelningen från %d passar inte "
			    "årets medlemmar (%s): registrera en ny", fran_ar,
			    why);
		}
	}
	if (rc != FS_OK)
		goto out;
	if (q->statligt != FS_TDL_NONE) {
		s = q->statligt;
		snprintf(out->kalla, sizeof(out->kalla), "%s",
		    "angivet statligt belopp");
	} else {
		rc = state_share(db, q, out, &s, err);
		if (rc != FS_OK)
			goto out;
	}
	if (out->mojlig != FS_TDL_NONE && out->mojlig > 0)
		out->utnyttjandegrad_bp = (int32_t)fin_round_div(
		    (fin_i128)s * 10000, out->mojlig);
	rc = fs_bidrag_split(out, s, q->fordelning, err);
out:
	free(own);
	fs_forbund_release(&f);
	if (rc != FS_OK)
		fs_bidrag_release(out);
	return rc;
}

static json_t *
members_json(const struct fs_bidrag_medlem *v, size_t n, bool andel)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "kod", json_string(v[i].kod));
		json_object_set_new(o, "namn", json_string(v[i].namn));
		json_object_set_new(o, "befolkning",
		    json_integer(v[i].befolkning));
		if (andel)
			json_object_set_new(o, "andel",
			    json_integer(v[i].andel));
		json_object_set_new(o, "belopp", json_integer(v[i].belopp));
		json_array_append_new(a, o);
	}
	return a;
}

enum fs_rc
fs_bidrag_write(const struct fs_bidrag *b, enum fs_ek_format f,
    struct fs_buf *out, struct fs_err *err)
{
	char s[40], r[40], k[40], t[40], m[40], pct[24];
	int64_t sum_andel = 0;
	enum fs_rc rc;

	for (size_t i = 0; i < b->nkommun; i++)
		sum_andel += b->kommun[i].andel;

	if (f == FS_EK_JSON) {
		json_t *o = json_object();

		json_object_set_new(o, "forbund_kod", json_string(b->kod));
		json_object_set_new(o, "namn", json_string(b->namn));
		json_object_set_new(o, "ar", json_integer(b->ar));
		json_object_set_new(o, "kalla", json_string(b->kalla));
		json_object_set_new(o, "mojlig_tilldelning",
		    b->mojlig == FS_TDL_NONE ? json_null() :
		    json_integer(b->mojlig));
		json_object_set_new(o, "utnyttjandegrad",
		    b->utnyttjandegrad_bp < 0 ? json_null() :
		    fin_json_bp(b->utnyttjandegrad_bp));
		json_object_set_new(o, "stat", json_integer(b->stat));
		json_object_set_new(o, "region", json_integer(b->region));
		json_object_set_new(o, "kommuner", json_integer(b->kommuner));
		json_object_set_new(o, "totalt", json_integer(b->totalt));
		json_object_set_new(o, "fordelning",
		    json_string(ford_names[b->fordelning]));
		json_object_set_new(o, "fordelning_kalla",
		    json_string(b->fordelning_kalla));
		json_object_set_new(o, "befolkningsar", json_integer(b->dataar));
		json_object_set_new(o, "regioner", members_json(b->regioner,
		    b->nregioner, false));
		json_object_set_new(o, "kommun", members_json(b->kommun,
		    b->nkommun, b->fordelning == FS_BIDRAG_ANDELAR));
		rc = fin_json_dump(o, out, err);
		json_decref(o);
		return rc;
	}
	fin_kr(s, b->stat);
	fin_kr(r, b->region);
	fin_kr(k, b->kommuner);
	fin_kr(t, b->totalt);
	rc = fs_buf_addf(out, "Medlemmarnas bidrag %d: %s (%s)\n\n"
	    "Statens andel (Försäkringskassan): %s\n  källa: %s\n", b->ar,
	    b->namn, b->kod, s, b->kalla);
	if (rc == FS_OK && b->mojlig != FS_TDL_NONE) {
		fin_kr(m, b->mojlig);
		fin_bp(pct, b->utnyttjandegrad_bp);
		rc = fs_buf_addf(out, "  möjlig tilldelning %s, "
		    "utnyttjandegrad %s\n", m, pct);
	}
	if (rc == FS_OK)
		rc = fs_buf_addf(out, "Regionen (hälften av statens andel): "
		    "%s\n", r);
	for (size_t i = 0; rc == FS_OK && b->nregioner > 1 &&
	    i < b->nregioner; i++) {
		fin_kr(m, b->regioner[i].belopp);
		rc = fs_buf_addf(out, "  %s ", b->regioner[i].kod);
		if (rc == FS_OK)
			rc = fin_pad(out, b->regioner[i].namn, 30);
		if (rc == FS_OK)
			rc = fs_buf_addf(out, "%16s\n", m);
	}
	if (rc == FS_OK)
		rc = fs_buf_addf(out, "Kommunerna tillsammans (hälften av "
		    "statens andel): %s, %s:\n", k,
		    b->fordelning == FS_BIDRAG_BEFOLKNING ?
		    "fördelat efter befolkning 16–64 år" :
		    b->fordelning == FS_BIDRAG_LIKA ? "i lika delar" :
		    "efter överenskomna andelar");
	if (rc == FS_OK && b->fordelning_kalla[0] != '\0')
		rc = fs_buf_addf(out, "  (fördelningen: %s)\n",
		    b->fordelning_kalla);
	for (size_t i = 0; rc == FS_OK && i < b->nkommun; i++) {
		const struct fs_bidrag_medlem *x = &b->kommun[i];
		char n[40];

		fin_kr(m, x->belopp);
		/* A share as a percentage of all shares, whatever their unit. */
		if (b->fordelning == FS_BIDRAG_ANDELAR && sum_andel > 0)
			fin_pct(n, x->andel, sum_andel, 2);
		else
			fin_num(n, x->befolkning);
		rc = fs_buf_addf(out, "  %s ", x->kod);
		if (rc == FS_OK)
			rc = fin_pad(out, x->namn, 20);
		if (rc == FS_OK)
			rc = fs_buf_addf(out, "%12s %16s\n",
			    b->fordelning == FS_BIDRAG_LIKA ? "" : n, m);
	}
	if (rc == FS_OK && b->fordelning == FS_BIDRAG_BEFOLKNING)
		rc = fs_buf_addf(out, "  (befolkning %d)\n", b->dataar);
	if (rc == FS_OK)
		rc = fs_buf_addf(out, "Förbundets budget (stat, region och "
		    "kommuner): %s\n", t);
	return rc == FS_OK ? FS_OK : FIN_NOMEM(err);
}
