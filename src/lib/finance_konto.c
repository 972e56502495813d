/* SPDX-License-Identifier: ISC */
/*
 * Accounts and budget of a förbund (ekonomi.h "Accounts and budget"):
 * the posts and their rules, recording them all or nothing, one year's
 * accounts and budget with the insatser's budget lines, result, equity,
 * budget against outcome, the trappan check and kronor per inhabitant
 * 16-64, several förbund side by side with a total (the seed's table),
 * and the JSON and text of these pages.
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
#include "finsam/fmt.h"
#include "finsam/forbund.h"
#include "finsam/parse.h"
#include "finsam/store.h"
#include "finsam/tilldelning.h"
#include "finance_int.h"

static const char *const typ_names[] = {
	[FS_EK_UTFALL] = "utfall",
	[FS_EK_BUDGET] = "budget",
};
_Static_assert(FS_NELEM(typ_names) == FS_EK_TYP__MAX, "typ_names");

static const struct {
	const char	*name;
	const char	*kort;
	const char	*label;
} posts[] = {
	[FS_EK_INTAKT_STAT] = { "intakt_stat", "stat",
	    "Statligt bidrag (FK)" },
	[FS_EK_INTAKT_REGION] = { "intakt_region", "region", "Region" },
	[FS_EK_INTAKT_KOMMUN] = { "intakt_kommun", "kommun", "Kommuner" },
	[FS_EK_INTAKT_ESF] = { "intakt_esf", "esf", "ESF" },
	[FS_EK_INTAKT_OVRIGA] = { "intakt_ovriga", "ovriga",
	    "Övriga intäkter" },
	[FS_EK_KOSTNAD_INSATSER] = { "kostnad_insatser", "insatser",
	    "Insatser" },
	[FS_EK_KOSTNAD_ADMINISTRATION] = { "kostnad_administration",
	    "administration", "Administration" },
	[FS_EK_KOSTNAD_STYRELSE] = { "kostnad_styrelse", "styrelse",
	    "Styrelse" },
	[FS_EK_KOSTNAD_REVISION] = { "kostnad_revision", "revision",
	    "Revision" },
	[FS_EK_EGET_KAPITAL] = { "eget_kapital", "kapital",
	    "Eget kapital vid årets slut" },
};
_Static_assert(FS_NELEM(posts) == FS_EK_POST__MAX, "posts");

static const char *const format_names[] = {
	[FS_EK_TEXT] = "text",
	[FS_EK_JSON] = "json",
};
_Static_assert(FS_NELEM(format_names) == FS_EK_FORMAT__MAX, "format_names");

int
fs_ek_format_find(const char *name)
{
	return fs_name_find(format_names, FS_NELEM(format_names), name);
}

const char *
fs_ek_typ_name(enum fs_ek_typ t)
{
	return (unsigned)t < FS_EK_TYP__MAX ? typ_names[t] : NULL;
}

int
fs_ek_typ_find(const char *name)
{
	return fs_name_find(typ_names, FS_NELEM(typ_names), name);
}

const char *
fs_ek_post_name(enum fs_ek_post p)
{
	return (unsigned)p < FS_EK_POST__MAX ? posts[p].name : NULL;
}

const char *
fs_ek_post_label(enum fs_ek_post p)
{
	return (unsigned)p < FS_EK_POST__MAX ? posts[p].label : NULL;
}

int
fs_ek_post_find(const char *name)
{
	for (size_t i = 0; name != NULL && i < FS_NELEM(posts); i++)
		if (strcmp(name, posts[i].name) == 0 ||
		    strcmp(name, posts[i].kort) == 0)
			return (int)i;
	return -1;
}

static bool
is_cost(int p)
{
	return p >= FS_EK_KOSTNAD_INSATSER && p <= FS_EK_KOSTNAD_REVISION;
}

/* Whether kommun was a member of förbund id at some time during ar. */
static enum fs_rc
member_in_year(struct fs_db *db, int64_t id, const char *kommun, int ar,
    bool *yes, struct fs_err *err)
{
	struct fs_medlem *m = NULL;
	int32_t a = fs_date_from_ymd(ar, 1, 1), b = fs_date_from_ymd(ar, 12, 31);
	size_t n = 0;
	enum fs_rc rc;

	*yes = false;
	rc = fs_forbund_members(db, id, &m, &n, err);
	for (size_t i = 0; rc == FS_OK && i < n; i++)
		if (strcmp(m[i].kod, kommun) == 0 && m[i].fran <= b &&
		    (m[i].till == FS_DATE_NONE || m[i].till >= a))
			*yes = true;
	free(m);
	return rc;
}

enum fs_rc
fs_ek_set(struct fs_db *db, const char *forbund_kod, int ar, enum fs_ek_typ typ,
    const struct fs_ek_belopp *v, size_t n, struct fs_err *err)
{
	struct fs_forbund f;
	struct fs_stmt *s;
	char obj[64], details[64];
	enum fs_rc rc;
	bool own = false;

	fs_forbund_init(&f);
	if (ar < 1990 || ar > 2999)
		return fs_err_set(err, FS_EINVAL, "ar",
		    "året måste ligga mellan 1990 och 2999");
	if ((unsigned)typ >= FS_EK_TYP__MAX)
		return fs_err_set(err, FS_EINVAL, "typ",
		    "måste vara utfall eller budget");
	if (n == 0)
		return fs_err_set(err, FS_EINVAL, "post",
		    "minst ett belopp måste anges");
	rc = fs_forbund_get_kod(db, forbund_kod, &f, err);
	if (rc != FS_OK)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const char *name = fs_ek_post_name(v[i].post);
		bool yes;

		if (name == NULL) {
			rc = fs_err_set(err, FS_EINVAL, "post",
			    "okänd post");
			goto out;
		}
		if (v[i].post == FS_EK_EGET_KAPITAL ?
		    v[i].belopp < -FS_TDL_MAX_BELOPP ||
		    v[i].belopp > FS_TDL_MAX_BELOPP :
		    v[i].belopp < 0 || v[i].belopp > FS_TDL_MAX_BELOPP) {
			rc = fs_err_set(err, FS_EINVAL, name,
			    v[i].post == FS_EK_EGET_KAPITAL ?
			    "eget kapital måste ligga inom ±100 000 000 000 kr" :
			    "intäkter och kostnader måste ligga mellan 0 och "
			    "100 000 000 000 kr");
			goto out;
		}
		for (size_t j = 0; j < i; j++)
			if (v[j].post == v[i].post &&
			    strcmp(v[j].medlem, v[i].medlem) == 0) {
				rc = fs_err_set(err, FS_EINVAL, name,
				    "posten står två gånger");
				goto out;
			}
		if (v[i].medlem[0] == '\0')
			continue;
		if (v[i].post != FS_EK_INTAKT_KOMMUN) {
			rc = fs_err_set(err, FS_EINVAL, "medlem",
			    "en medlem anges bara för intakt_kommun");
			goto out;
		}
		rc = fs_kommun_check(db, v[i].medlem, strlen(v[i].medlem), NULL,
		    "medlem", err);
		if (rc == FS_OK)
			rc = member_in_year(db, f.id, v[i].medlem, ar, &yes,
			    err);
		if (rc == FS_OK && !yes)
			rc = fs_err_set(err, FS_EINVAL, "medlem",
			    "kommunen %s var inte medlem i förbundet det året",
			    v[i].medlem);
		if (rc != FS_OK)
			goto out;
	}
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		goto out;
	rc = fs_store_stmt(db->store, FS_STMT_EK_POST_UPSERT, &s, err);
	for (size_t i = 0; rc == FS_OK && i < n; i++) {
		fs_stmt_bind_i64(s, 1, f.id);
		fs_stmt_bind_i64(s, 2, ar);
		fs_stmt_bind_str(s, 3, typ_names[typ]);
		fs_stmt_bind_str(s, 4, posts[v[i].post].name);
		fs_stmt_bind_str(s, 5, v[i].medlem);
		fs_stmt_bind_i64(s, 6, v[i].belopp);
		rc = fs_stmt_exec(s, err);
	}
	snprintf(obj, sizeof(obj), "%s %d %s", f.kod, ar, typ_names[typ]);
	snprintf(details, sizeof(details), "{\"poster\":%zu}", n);
	if (rc == FS_OK)
		rc = fs_db_audit(db, "ekonomi.registrera", obj, f.id, 0, "ok",
		    details, err);
	rc = fs_db_tx_end(db, own, rc, err);
out:
	fs_forbund_release(&f);
	return rc;
}

static void
konto_init(struct fs_ek_konto *k)
{
	memset(k, 0, sizeof(*k));
	for (size_t i = 0; i < FS_EK_POST__MAX; i++)
		k->post[i] = FS_TDL_NONE;
	k->eget_kapital = FS_TDL_NONE;
}

static void
konto_release(struct fs_ek_konto *k)
{
	free(k->kommun);
	k->kommun = NULL;
	k->nkommun = 0;
}

void
fs_ek_ar_release(struct fs_ek_ar *a)
{
	if (a == NULL)
		return;
	free(a->namn);
	free(a->budget_kommun);
	konto_release(&a->utfall);
	konto_release(&a->budget);
	memset(a, 0, sizeof(*a));
}

static enum fs_rc
add_post(struct fs_ek_konto *k, int post, const char *medlem, int64_t belopp,
    struct fs_err *err)
{
	k->finns = true;
	k->post[post] = (k->post[post] == FS_TDL_NONE ? 0 : k->post[post]) +
	    belopp;
	if (post == FS_EK_INTAKT_KOMMUN && medlem[0] != '\0') {
		struct fs_ek_belopp *g = fs_reallocarray(k->kommun,
		    k->nkommun + 1, sizeof(*k->kommun));

		if (g == NULL)
			return FIN_NOMEM(err);
		k->kommun = g;
		g[k->nkommun].post = FS_EK_INTAKT_KOMMUN;
		snprintf(g[k->nkommun].medlem, sizeof(g->medlem), "%s", medlem);
		g[k->nkommun].belopp = belopp;
		k->nkommun++;
	}
	return FS_OK;
}

static void
totals(struct fs_ek_konto *k)
{
	k->intakter = 0;
	k->kostnader = k->insatser_rader;
	for (int p = 0; p < FS_EK_POST__MAX; p++) {
		if (k->post[p] == FS_TDL_NONE || p == FS_EK_EGET_KAPITAL)
			continue;
		if (is_cost(p))
			k->kostnader += k->post[p];
		else
			k->intakter += k->post[p];
	}
	k->resultat = k->intakter - k->kostnader;
	k->eget_kapital = k->post[FS_EK_EGET_KAPITAL];
}

/* Population 16-64 of the förbund's kommuner at the end of ar. */
static enum fs_rc
population(struct fs_db *db, int64_t fid, int ar, int64_t *bef, int *year,
    struct fs_err *err)
{
	char (*k)[5] = NULL;
	struct fs_stmt *s;
	struct fs_fm_rad r;
	size_t n = 0;
	int y = 0;
	enum fs_rc rc;
	bool row;

	*bef = 0;
	*year = 0;
	rc = fs_store_stmt(db->store, FS_STMT_FM_LATEST_YEAR, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, ar);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && row && !fs_stmt_col_null(s, 0))
		y = (int)fs_stmt_col_i64(s, 0);
	fs_stmt_reset(s);
	if (rc != FS_OK || y == 0)
		return rc;
	rc = fs_forbund_kommuner_on(db, fid, fs_date_from_ymd(ar, 12, 31), &k,
	    &n, err);
	for (size_t i = 0; rc == FS_OK && i < n; i++) {
		rc = fs_fm_get(db, y, k[i], &r, NULL);
		if (rc == FS_ENOTFOUND) {
			*bef = 0;
			free(k);
			return FS_OK;
		}
		*bef += r.befolkning;
	}
	free(k);
	if (rc == FS_OK && n > 0)
		*year = y;
	return rc;
}

/*
 * The budget's kommun income in total over the member kommuner by the
 * split in force: the contributions of a state share of twice that
 * total give the kommuner exactly the total.  A split that cannot be
 * made (no population, a stored split that no longer fits) leaves the
 * budget without one; only storage and memory failures are errors.
 */
static enum fs_rc
budget_split(struct fs_db *db, struct fs_ek_ar *a, struct fs_err *err)
{
	struct fs_bidrag_fraga q;
	struct fs_err e = FS_ERR_INIT;
	struct fs_bidrag b;
	int64_t k = a->budget.post[FS_EK_INTAKT_KOMMUN];
	enum fs_rc rc;

	if (!a->budget.finns || k == FS_TDL_NONE || k <= 0 ||
	    a->budget.nkommun > 0 || k > FS_TDL_MAX_BELOPP / 2)
		return FS_OK;
	memset(&q, 0, sizeof(q));
	q.forbund_kod = a->kod;
	q.ar = a->ar;
	q.statligt = 2 * k;
	q.utnyttjandegrad_bp = -1;
	q.sparad = true;
	rc = fs_bidrag(db, &q, &b, &e);
	if (rc == FS_ENOMEM || rc == FS_EDB) {
		if (err != NULL)
			*err = e;
		return rc;
	}
	if (rc != FS_OK)
		return FS_OK;
	a->budget_kommun = b.kommun;
	a->nbudget_kommun = b.nkommun;
	b.kommun = NULL;
	b.nkommun = 0;
	a->budget_fordelning = b.fordelning;
	snprintf(a->budget_fordelning_kalla, sizeof(a->budget_fordelning_kalla),
	    "%s", b.fordelning_kalla);
	fs_bidrag_release(&b);
	return FS_OK;
}

enum fs_rc
fs_ek_ar(struct fs_db *db, const char *forbund_kod, int ar,
    const struct fs_trappan *t, struct fs_ek_ar *out, struct fs_err *err)
{
	struct fs_forbund f;
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	memset(out, 0, sizeof(*out));
	konto_init(&out->utfall);
	konto_init(&out->budget);
	out->ar = ar;
	out->statligt = FS_TDL_NONE;
	if (t != NULL)
		out->trappan = *t;
	else
		fs_trappan_default(&out->trappan);
	fs_forbund_init(&f);
	if (ar < 1990 || ar > 2999)
		return fs_err_set(err, FS_EINVAL, "ar",
		    "året måste ligga mellan 1990 och 2999");
	rc = fs_trappan_check(&out->trappan, err);
	if (rc == FS_OK)
		rc = fs_forbund_get_kod(db, forbund_kod, &f, err);
	if (rc != FS_OK)
		goto out;
	snprintf(out->kod, sizeof(out->kod), "%s", f.kod);
	out->namn = fs_strdup(f.namn);
	if (out->namn == NULL) {
		rc = FIN_NOMEM(err);
		goto out;
	}
	rc = fs_store_stmt(db->store, FS_STMT_EK_POST_LIST, &s, err);
	if (rc != FS_OK)
		goto out;
	fs_stmt_bind_i64(s, 1, f.id);
	fs_stmt_bind_i64(s, 2, ar);
	for (;;) {
		int typ, post;

		rc = fs_stmt_step(s, &row, err);
		if (rc != FS_OK || !row)
			break;
		typ = fs_ek_typ_find(fs_stmt_col_text(s, 0, NULL));
		post = fs_ek_post_find(fs_stmt_col_text(s, 1, NULL));
		if (typ < 0 || post < 0)
			continue;
		rc = add_post(typ == FS_EK_UTFALL ? &out->utfall :
		    &out->budget, post, fs_stmt_col_text(s, 2, NULL),
		    fs_stmt_col_i64(s, 3), err);
		if (rc != FS_OK)
			break;
	}
	fs_stmt_reset(s);
	if (rc != FS_OK)
		goto out;
	rc = fs_store_stmt(db->store, FS_STMT_EK_INSATS_SUM, &s, err);
	if (rc != FS_OK)
		goto out;
	fs_stmt_bind_i64(s, 1, f.id);
	fs_stmt_bind_i64(s, 2, ar);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && row && fs_stmt_col_i64(s, 0) > 0) {
		out->budget.n_rader = (size_t)fs_stmt_col_i64(s, 0);
		out->budget.insatser_rader = fs_stmt_col_i64(s, 1);
		out->budget.finns = true;
		out->utfall.n_rader = (size_t)fs_stmt_col_i64(s, 3);
		out->utfall.insatser_rader = fs_stmt_col_i64(s, 2);
		if (out->utfall.n_rader > 0)
			out->utfall.finns = true;
	}
	fs_stmt_reset(s);
	if (rc != FS_OK)
		goto out;
	totals(&out->utfall);
	totals(&out->budget);
	if (out->utfall.finns && out->utfall.eget_kapital != FS_TDL_NONE) {
		out->har_trappan = true;
		fs_trappan_eval(&out->trappan, out->utfall.intakter,
		    out->utfall.eget_kapital, &out->trappan_res);
	}
	out->statligt = out->utfall.post[FS_EK_INTAKT_STAT] != FS_TDL_NONE ?
	    out->utfall.post[FS_EK_INTAKT_STAT] :
	    out->budget.post[FS_EK_INTAKT_STAT];
	rc = population(db, f.id, ar, &out->befolkning, &out->befolkning_ar,
	    err);
	if (rc == FS_OK)
		rc = budget_split(db, out, err);
out:
	fs_forbund_release(&f);
	if (rc != FS_OK)
		fs_ek_ar_release(out);
	return rc;
}

void
fs_ek_oversikt_release(struct fs_ek_oversikt *o)
{
	if (o == NULL)
		return;
	for (size_t i = 0; i < o->nforbund; i++)
		fs_ek_ar_release(&o->forbund[i]);
	free(o->forbund);
	konto_release(&o->summa);
	memset(o, 0, sizeof(*o));
}

enum fs_rc
fs_ek_oversikt(struct fs_db *db, int ar, const char *lan,
    const struct fs_trappan *t, struct fs_ek_oversikt *out,
    struct fs_err *err)
{
	struct fs_forbund *fl = NULL;
	size_t nfl = 0;
	enum fs_rc rc;

	memset(out, 0, sizeof(*out));
	konto_init(&out->summa);
	out->ar = ar;
	if (t != NULL)
		out->trappan = *t;
	else
		fs_trappan_default(&out->trappan);
	if (lan != NULL && lan[0] != '\0') {
		if (strlen(lan) != 2)
			return fs_err_set(err, FS_EINVAL, "lan",
			    "en länskod har två siffror");
		snprintf(out->lan, sizeof(out->lan), "%s", lan);
	}
	rc = fs_forbund_list(db, &fl, &nfl, err);
	if (rc != FS_OK)
		return rc;
	out->forbund = fs_calloc(nfl == 0 ? 1 : nfl, sizeof(*out->forbund));
	if (out->forbund == NULL) {
		rc = FIN_NOMEM(err);
		goto out;
	}
	out->har_summa_kapital = true;
	out->summa.finns = true;
	out->summa.eget_kapital = 0;
	for (size_t i = 0; i < nfl; i++) {
		struct fs_ek_ar *a = &out->forbund[out->nforbund];

		if (out->lan[0] != '\0' && strcmp(fl[i].hemlan, out->lan) != 0)
			continue;
		rc = fs_ek_ar(db, fl[i].kod, ar, &out->trappan, a, err);
		if (rc != FS_OK)
			goto out;
		if (!a->utfall.finns) {
			fs_ek_ar_release(a);
			continue;
		}
		out->nforbund++;
		out->summa.intakter += a->utfall.intakter;
		out->summa.kostnader += a->utfall.kostnader;
		out->summa.resultat += a->utfall.resultat;
		if (a->utfall.eget_kapital == FS_TDL_NONE)
			out->har_summa_kapital = false;
		else
			out->summa.eget_kapital += a->utfall.eget_kapital;
	}
	if (!out->har_summa_kapital)
		out->summa.eget_kapital = FS_TDL_NONE;
out:
	fs_forbund_list_free(fl, nfl);
	if (rc != FS_OK)
		fs_ek_oversikt_release(out);
	return rc;
}

/* ---- output ---- */

static json_t *
opt(int64_t v)
{
	return v == FS_TDL_NONE ? json_null() : json_integer(v);
}

/* Whole percent num / den (half away from zero), or null. */
static json_t *
pct_json(int64_t num, int64_t den)
{
	if (num == FS_TDL_NONE || den == FS_TDL_NONE || den == 0)
		return json_null();
	return json_integer(fs_fmt_round_div(num * 100, den));
}

static json_t *
konto_json(const struct fs_ek_konto *k)
{
	json_t *o = json_object(), *in = json_object(), *ut = json_object();
	json_t *per = json_object();

	if (!k->finns) {
		json_decref(o);
		json_decref(in);
		json_decref(ut);
		json_decref(per);
		return json_null();
	}
	for (int p = FS_EK_INTAKT_STAT; p <= FS_EK_INTAKT_OVRIGA; p++)
		json_object_set_new(in, posts[p].kort, opt(k->post[p]));
	for (size_t i = 0; i < k->nkommun; i++)
		json_object_set_new(per, k->kommun[i].medlem,
		    json_integer(k->kommun[i].belopp));
	json_object_set_new(in, "kommun_per_medlem", per);
	json_object_set_new(in, "summa", json_integer(k->intakter));
	for (int p = FS_EK_KOSTNAD_INSATSER; p <= FS_EK_KOSTNAD_REVISION; p++)
		json_object_set_new(ut, posts[p].kort, opt(k->post[p]));
	json_object_set_new(ut, "insatser_budgetrader",
	    k->n_rader > 0 ? json_integer(k->insatser_rader) : json_null());
	json_object_set_new(ut, "summa", json_integer(k->kostnader));
	json_object_set_new(o, "intakter", in);
	json_object_set_new(o, "kostnader", ut);
	json_object_set_new(o, "resultat", json_integer(k->resultat));
	json_object_set_new(o, "eget_kapital", opt(k->eget_kapital));
	json_object_set_new(o, "eget_kapital_andel_procent",
	    pct_json(k->eget_kapital, k->intakter));
	return o;
}

static json_t *
trappan_json(const struct fs_trappan *t)
{
	json_t *o = json_object(), *a = json_array();

	json_object_set_new(o, "lage", json_string(fs_trappan_lage_name(
	    t->lage)));
	for (size_t i = 0; i < t->nband; i++) {
		json_t *b = json_object();

		json_object_set_new(b, "till", opt(t->band[i].till));
		json_object_set_new(b, "procent",
		    fin_json_bp(t->band[i].procent_bp));
		json_object_set_new(b, "antagande",
		    json_boolean(t->band[i].antagande));
		json_array_append_new(a, b);
	}
	json_object_set_new(o, "band", a);
	return o;
}

static json_t *
check_json(const struct fs_trappan *t, const struct fs_trappan_res *r)
{
	json_t *o = trappan_json(t);

	json_object_set_new(o, "intakter", json_integer(r->intakter));
	json_object_set_new(o, "eget_kapital", json_integer(r->kapital));
	json_object_set_new(o, "niva", json_integer(r->niva));
	json_object_set_new(o, "niva_exakt", json_real(
	    (double)r->niva_e4 / 10000.0));
	json_object_set_new(o, "overskott", json_integer(r->overskott));
	json_object_set_new(o, "over", json_boolean(r->over));
	json_object_set_new(o, "antagande", json_boolean(r->antagande));
	return o;
}

static json_t *
ar_json(const struct fs_ek_ar *a)
{
	json_t *o = json_object(), *bmu = json_array(), *kpi;

	json_object_set_new(o, "forbund_kod", json_string(a->kod));
	json_object_set_new(o, "namn", json_string(a->namn));
	json_object_set_new(o, "ar", json_integer(a->ar));
	json_object_set_new(o, "utfall", konto_json(&a->utfall));
	json_object_set_new(o, "budget", konto_json(&a->budget));
	for (int p = 0; p < FS_EK_POST__MAX; p++) {
		json_t *r;
		int64_t b = a->budget.post[p], u = a->utfall.post[p];

		if (p == FS_EK_KOSTNAD_INSATSER) {
			b = a->budget.finns ? (b == FS_TDL_NONE ? 0 : b) +
			    a->budget.insatser_rader : FS_TDL_NONE;
			u = a->utfall.finns ? (u == FS_TDL_NONE ? 0 : u) +
			    a->utfall.insatser_rader : FS_TDL_NONE;
		}
		if (b == FS_TDL_NONE && u == FS_TDL_NONE)
			continue;
		r = json_object();
		json_object_set_new(r, "post", json_string(posts[p].kort));
		json_object_set_new(r, "budget", opt(b));
		json_object_set_new(r, "utfall", opt(u));
		json_object_set_new(r, "avvikelse", b == FS_TDL_NONE ||
		    u == FS_TDL_NONE ? json_null() : json_integer(u - b));
		json_array_append_new(bmu, r);
	}
	json_object_set_new(o, "budget_mot_utfall", bmu);
	json_object_set_new(o, "trappan", a->har_trappan ?
	    check_json(&a->trappan, &a->trappan_res) : json_null());
	if (a->befolkning_ar != 0 && a->befolkning > 0 &&
	    a->statligt != FS_TDL_NONE) {
		kpi = json_object();
		json_object_set_new(kpi, "statligt", json_integer(a->statligt));
		json_object_set_new(kpi, "befolkning_16_64",
		    json_integer(a->befolkning));
		json_object_set_new(kpi, "befolkningsar",
		    json_integer(a->befolkning_ar));
		json_object_set_new(kpi, "kronor", json_integer(
		    fs_fmt_round_div(a->statligt, a->befolkning)));
		json_object_set_new(o, "kronor_per_invanare", kpi);
	} else
		json_object_set_new(o, "kronor_per_invanare", json_null());
	if (a->nbudget_kommun > 0) {
		json_t *bk = json_object(), *arr = json_array();

		json_object_set_new(bk, "fordelning", json_string(
		    fs_bidrag_fordelning_name(a->budget_fordelning)));
		json_object_set_new(bk, "kalla",
		    json_string(a->budget_fordelning_kalla));
		for (size_t i = 0; i < a->nbudget_kommun; i++)
			json_array_append_new(arr, json_pack("{s:s, s:s, s:I}",
			    "kod", a->budget_kommun[i].kod, "namn",
			    a->budget_kommun[i].namn, "belopp",
			    (json_int_t)a->budget_kommun[i].belopp));
		json_object_set_new(bk, "kommun", arr);
		json_object_set_new(o, "budget_kommun", bk);
	} else
		json_object_set_new(o, "budget_kommun", json_null());
	return o;
}

/* A right-aligned amount (or "–") of width w. */
static enum fs_rc
amount(struct fs_buf *b, int64_t v, int w)
{
	char n[32];

	if (v == FS_TDL_NONE)
		return fs_buf_addf(b, "%*s", w + 2, "–");
	fin_num(n, v);
	return fs_buf_addf(b, "%*s", w, n);
}

static enum fs_rc
text_line(struct fs_buf *b, const char *label, int64_t bud, int64_t utf)
{
	enum fs_rc rc;
	size_t w = 0;

	for (const char *p = label; *p != '\0'; p++)
		if (((unsigned char)*p & 0xc0) != 0x80)
			w++;
	rc = fs_buf_addf(b, "  %s", label);
	for (; rc == FS_OK && w < 30; w++)
		rc = fs_buf_addch(b, ' ');
	if (rc == FS_OK)
		rc = amount(b, bud, 14);
	if (rc == FS_OK)
		rc = amount(b, utf, 14);
	if (rc == FS_OK)
		rc = amount(b, bud == FS_TDL_NONE || utf == FS_TDL_NONE ?
		    FS_TDL_NONE : utf - bud, 14);
	if (rc == FS_OK)
		rc = fs_buf_addch(b, '\n');
	return rc;
}

static int64_t
post_or_none(const struct fs_ek_konto *k, int p)
{
	int64_t v = k->post[p];

	if (!k->finns)
		return FS_TDL_NONE;
	if (p == FS_EK_KOSTNAD_INSATSER && k->n_rader > 0)
		v = (v == FS_TDL_NONE ? 0 : v) + k->insatser_rader;
	return v;
}

static enum fs_rc
trappan_text(struct fs_buf *b, const struct fs_trappan *t,
    const struct fs_trappan_res *r)
{
	char in[40], lv[40], k[40], ex[40];
	enum fs_rc rc;

	rc = fs_buf_addstr(b, "\nTrappan (");
	if (rc == FS_OK)
		rc = fs_trappan_describe(t, b, NULL);
	fin_kr(in, r->intakter);
	fin_kr(lv, r->niva);
	fin_kr(k, r->kapital);
	fin_kr(ex, r->overskott < 0 ? -r->overskott : r->overskott);
	if (rc == FS_OK)
		rc = fs_buf_addf(b, "):\n  Rimlig nivå för intäkterna %s: "
		    "%s%s.\n  Eget kapital %s är %s %s.\n", in, lv,
		    r->antagande ? " (antaget steg)" : "", k,
		    r->over ? "över nivån med" : "inom nivån, marginal", ex);
	return rc;
}

enum fs_rc
fs_trappan_write(const struct fs_trappan *t, const struct fs_trappan_res *r,
    enum fs_ek_format f, struct fs_buf *out, struct fs_err *err)
{
	enum fs_rc rc;

	if (f == FS_EK_JSON) {
		json_t *o = check_json(t, r);

		rc = fin_json_dump(o, out, err);
		json_decref(o);
		return rc;
	}
	rc = trappan_text(out, t, r);
	return rc == FS_OK ? FS_OK : FIN_NOMEM(err);
}

static enum fs_rc
ar_text(const struct fs_ek_ar *a, struct fs_buf *b)
{
	enum fs_rc rc;
	char pct[32], n[32], s[40];

	rc = fs_buf_addf(b, "Ekonomi %d: %s (%s)\n\n  %-30s%14s%14s%14s\n",
	    a->ar, a->namn, a->kod, "", "Budget", "Utfall", "Avvikelse");
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, "Intäkter\n");
	for (int p = FS_EK_INTAKT_STAT; rc == FS_OK &&
	    p <= FS_EK_INTAKT_OVRIGA; p++)
		rc = text_line(b, posts[p].label, post_or_none(&a->budget, p),
		    post_or_none(&a->utfall, p));
	if (rc == FS_OK)
		rc = text_line(b, "Summa intäkter", a->budget.finns ?
		    a->budget.intakter : FS_TDL_NONE, a->utfall.finns ?
		    a->utfall.intakter : FS_TDL_NONE);
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, "Kostnader\n");
	for (int p = FS_EK_KOSTNAD_INSATSER; rc == FS_OK &&
	    p <= FS_EK_KOSTNAD_REVISION; p++)
		rc = text_line(b, posts[p].label, post_or_none(&a->budget, p),
		    post_or_none(&a->utfall, p));
	if (rc == FS_OK)
		rc = text_line(b, "Summa kostnader", a->budget.finns ?
		    a->budget.kostnader : FS_TDL_NONE, a->utfall.finns ?
		    a->utfall.kostnader : FS_TDL_NONE);
	if (rc == FS_OK)
		rc = text_line(b, "Årets resultat", a->budget.finns ?
		    a->budget.resultat : FS_TDL_NONE, a->utfall.finns ?
		    a->utfall.resultat : FS_TDL_NONE);
	if (rc == FS_OK)
		rc = text_line(b, posts[FS_EK_EGET_KAPITAL].label,
		    a->budget.eget_kapital, a->utfall.eget_kapital);
	if (rc == FS_OK && a->utfall.eget_kapital != FS_TDL_NONE &&
	    a->utfall.intakter > 0) {
		struct fs_buf p;

		fs_buf_init(&p, 31);
		if (fs_fmt_percent(&p, a->utfall.eget_kapital,
		    a->utfall.intakter, FS_FMT_TEXT, NULL) == FS_OK)
			snprintf(pct, sizeof(pct), "%s", p.buf);
		else
			snprintf(pct, sizeof(pct), "–");
		fs_buf_release(&p);
		rc = fs_buf_addf(b, "  %-30s%28s\n",
		    "Eget kapital / intäkter", pct);
	}
	if (rc == FS_OK && a->har_trappan)
		rc = trappan_text(b, &a->trappan, &a->trappan_res);
	if (rc == FS_OK && a->befolkning_ar != 0 && a->befolkning > 0 &&
	    a->statligt != FS_TDL_NONE) {
		fin_num(n, a->befolkning);
		fin_kr(s, a->statligt);
		rc = fs_buf_addf(b, "\nStatligt bidrag per invånare 16–64 år: "
		    "%lld kr (%s / %s invånare %d).\n",
		    (long long)fs_fmt_round_div(a->statligt, a->befolkning),
		    s, n, a->befolkning_ar);
	}
	if (rc == FS_OK && a->nbudget_kommun > 0)
		rc = fs_buf_addf(b, "\nKommunernas del i budgeten per kommun "
		    "(%s):\n", a->budget_fordelning_kalla);
	for (size_t i = 0; rc == FS_OK && i < a->nbudget_kommun; i++) {
		fin_kr(s, a->budget_kommun[i].belopp);
		rc = fs_buf_addf(b, "  %s ", a->budget_kommun[i].kod);
		if (rc == FS_OK)
			rc = fin_pad(b, a->budget_kommun[i].namn, 20);
		if (rc == FS_OK)
			rc = fs_buf_addf(b, "%16s\n", s);
	}
	return rc;
}

enum fs_rc
fs_ek_ar_write(const struct fs_ek_ar *a, enum fs_ek_format f,
    struct fs_buf *out, struct fs_err *err)
{
	enum fs_rc rc;
	json_t *o;

	if (f == FS_EK_JSON) {
		o = ar_json(a);
		rc = fin_json_dump(o, out, err);
		json_decref(o);
		return rc;
	}
	rc = ar_text(a, out);
	return rc == FS_OK ? FS_OK : FIN_NOMEM(err);
}

static json_t *
row_json(const struct fs_ek_ar *a)
{
	json_t *o = json_object();

	json_object_set_new(o, "forbund_kod", json_string(a->kod));
	json_object_set_new(o, "namn", json_string(a->namn));
	json_object_set_new(o, "intakter", json_integer(a->utfall.intakter));
	json_object_set_new(o, "kostnader", json_integer(a->utfall.kostnader));
	json_object_set_new(o, "resultat", json_integer(a->utfall.resultat));
	json_object_set_new(o, "eget_kapital", opt(a->utfall.eget_kapital));
	json_object_set_new(o, "eget_kapital_andel_procent",
	    pct_json(a->utfall.eget_kapital, a->utfall.intakter));
	if (a->har_trappan) {
		json_t *t = json_object();

		json_object_set_new(t, "niva", json_integer(a->trappan_res.niva));
		json_object_set_new(t, "overskott",
		    json_integer(a->trappan_res.overskott));
		json_object_set_new(t, "over", json_boolean(a->trappan_res.over));
		json_object_set_new(t, "antagande",
		    json_boolean(a->trappan_res.antagande));
		json_object_set_new(o, "trappan", t);
	} else
		json_object_set_new(o, "trappan", json_null());
	return o;
}

static enum fs_rc
oversikt_row(struct fs_buf *b, const char *kod, int64_t in, int64_t ut,
    int64_t res, int64_t ek, const struct fs_trappan_res *tr)
{
	enum fs_rc rc;
	char pct[16];

	if (ek == FS_TDL_NONE || in <= 0)
		snprintf(pct, sizeof(pct), "–");
	else
		snprintf(pct, sizeof(pct), "%lld %%",
		    (long long)fs_fmt_round_div(ek * 100, in));
	rc = fs_buf_addf(b, "%-10s", kod);
	if (rc == FS_OK)
		rc = amount(b, in, 13);
	if (rc == FS_OK)
		rc = amount(b, ut, 13);
	if (rc == FS_OK)
		rc = amount(b, res, 13);
	if (rc == FS_OK)
		rc = amount(b, ek, 13);
	if (rc == FS_OK)
		rc = fs_buf_addf(b, "%8s", pct);
	if (rc == FS_OK)
		rc = amount(b, tr == NULL ? FS_TDL_NONE : tr->niva, 13);
	if (rc == FS_OK)
		rc = amount(b, tr == NULL || !tr->over ? FS_TDL_NONE :
		    tr->overskott, 13);
	if (rc == FS_OK)
		rc = fs_buf_addch(b, '\n');
	return rc;
}

enum fs_rc
fs_ek_oversikt_write(const struct fs_ek_oversikt *o, enum fs_ek_format f,
    struct fs_buf *out, struct fs_err *err)
{
	enum fs_rc rc;

	if (f == FS_EK_JSON) {
		json_t *root = json_object(), *arr = json_array(), *sum;

		json_object_set_new(root, "ar", json_integer(o->ar));
		json_object_set_new(root, "lan", o->lan[0] == '\0' ?
		    json_null() : json_string(o->lan));
		json_object_set_new(root, "trappan", trappan_json(&o->trappan));
		for (size_t i = 0; i < o->nforbund; i++)
			json_array_append_new(arr, row_json(&o->forbund[i]));
		json_object_set_new(root, "forbund", arr);
		sum = json_object();
		json_object_set_new(sum, "intakter",
		    json_integer(o->summa.intakter));
		json_object_set_new(sum, "kostnader",
		    json_integer(o->summa.kostnader));
		json_object_set_new(sum, "resultat",
		    json_integer(o->summa.resultat));
		json_object_set_new(sum, "eget_kapital",
		    opt(o->summa.eget_kapital));
		json_object_set_new(sum, "eget_kapital_andel_procent",
		    pct_json(o->summa.eget_kapital, o->summa.intakter));
		json_object_set_new(root, "summa", sum);
		rc = fin_json_dump(root, out, err);
		json_decref(root);
		return rc;
	}
	rc = fs_buf_addf(out, "Bokslut %d%s%s\nTrappan: ", o->ar,
	    o->lan[0] != '\0' ? ", län " : "", o->lan);
	if (rc == FS_OK)
		rc = fs_trappan_describe(&o->trappan, out, NULL);
	if (rc == FS_OK)
		rc = fs_buf_addf(out, "\n\nFörbund   %14s%13s%13s%13s%8s%13s"
		    "%14s\n", "Intäkter", "Kostnader", "Resultat", "Eget kap.",
		    "EK/int", "Trappan", "Över");
	for (size_t i = 0; rc == FS_OK && i < o->nforbund; i++) {
		const struct fs_ek_ar *a = &o->forbund[i];

		rc = oversikt_row(out, a->kod, a->utfall.intakter,
		    a->utfall.kostnader, a->utfall.resultat,
		    a->utfall.eget_kapital, a->har_trappan ?
		    &a->trappan_res : NULL);
	}
	if (rc == FS_OK)
		rc = oversikt_row(out, "Summa", o->summa.intakter,
		    o->summa.kostnader, o->summa.resultat,
		    o->summa.eget_kapital, NULL);
	return rc == FS_OK ? FS_OK : FIN_NOMEM(err);
}
