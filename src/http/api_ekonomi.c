/* SPDX-License-Identifier: ISC */
/*
 * Endpoints for a förbund's money and the what-if scenarios (ekonomi.h,
 * scenario.h): the members' contributions for a year, the stored
 * kommun split, the accounts and budget with trappan (read and
 * record), the calendar of decisions (read and record), the merger and
 * kommun scenarios, and the allocation drawn as an SVG bar chart.
 * Every read answers with the library's one JSON serialisation, so the
 * bytes are those of the command line's --format json for the same
 * inputs; nothing here writes JSON of its own.  Handlers only turn
 * typed inputs into the library's calls.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/ekonomi.h"
#include "finsam/err.h"
#include "finsam/parse.h"
#include "finsam/scenario.h"
#include "finsam/tilldelning.h"

#include "api.h"
#include "http.h"
#include "svg.h"

#define JSON_TYPE "application/json; charset=utf-8"
#define SVG_TYPE "image/svg+xml; charset=utf-8"

/* The library's bytes as the answer, or its error. */
static enum fs_rc
answer(struct http_req *r, unsigned status, struct fs_buf *b, enum fs_rc rc)
{
	if (rc == FS_OK)
		fs_http_bytes(r, status, JSON_TYPE, b);
	fs_buf_release(b);
	return rc;
}

static const char *
kod_of(struct http_req *r)
{
	return r->path[0].v.s.p;
}

/* The years the library accepts, checked here to name the path field. */
static enum fs_rc
year_of(struct http_req *r, size_t i, int *ar, struct fs_err *err)
{
	int64_t v = r->path[i].v.i;

	/* Written either way (the path field is 1800-2999). */
	*ar = (int)v;
	if (v < 1990 || v > 2999)
		return fs_err_set(err, FS_EINVAL, "ar",
		    "måste vara ett år mellan 1990 och 2999");
	return FS_OK;
}

/*
 * The items of a text list joined with commas, for the library's share
 * parsers; an item with a comma of its own is refused (it would be two).
 */
static enum fs_rc
joined(const struct fv_list *l, const char *field, struct fs_buf *b,
    struct fs_err *err)
{
	enum fs_rc rc = FS_OK;

	for (size_t i = 0; rc == FS_OK && i < l->n; i++) {
		if (strchr(l->v[i], ',') != NULL)
			return fs_err_set(err, FS_EINVAL, field,
			    "en post per kommun, utan komma");
		if (i > 0)
			rc = fs_buf_addch(b, ',');
		if (rc == FS_OK)
			rc = fs_buf_addstr(b, l->v[i]);
	}
	return rc == FS_OK ? FS_OK :
	    fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
}

/* ---- GET /forbund/{kod}/bidrag/{ar} ---- */

enum { BI_STATLIGT, BI_UTN, BI_FORD, BI_ANDELAR, BI_DATAAR, BI__MAX };
static const struct fs_field bidrag_query[] = {
	[BI_STATLIGT] = { "statligt", FV_INT, false, false, 0,
	    FS_TDL_MAX_BELOPP, 0, "statens andel i kronor (annars årets "
	    "tilldelning)" },
	[BI_UTN] = { "utnyttjandegrad", FV_TEXT, false, false, 0, 12, 0,
	    "procent av möjlig tilldelning, t.ex. 80 eller 80,5" },
	[BI_FORD] = { "fordelning", FV_TEXT, false, false, 0, 16, 0,
	    "befolkning, lika eller andelar (annars den sparade)" },
	[BI_ANDELAR] = { "andelar", FV_TEXT, false, false, 0, 4000, 0,
	    "KOMMUNKOD:ANDEL,... med fordelning=andelar" },
	[BI_DATAAR] = { "dataar", FV_INT, false, false, 1990, 2999, 0,
	    "befolkningens år (standard året minus två)" },
};
_Static_assert(FS_NELEM(bidrag_query) == BI__MAX, "bidrag_query");

static enum fs_rc
bidrag(struct http_req *r, struct fs_err *err)
{
	struct fs_bidrag_medlem *andelar = NULL;
	struct fs_bidrag_fraga q;
	struct fs_bidrag res;
	struct fs_buf b;
	size_t na = 0;
	int f, ar;
	enum fs_rc rc;

	memset(&q, 0, sizeof(q));
	memset(&res, 0, sizeof(res));
	fs_buf_init(&b, 0);
	rc = year_of(r, 1, &ar, err);
	if (rc != FS_OK)
		return rc;
	q.forbund_kod = kod_of(r);
	q.ar = ar;
	q.statligt = r->query[BI_STATLIGT].set ? r->query[BI_STATLIGT].v.i :
	    FS_TDL_NONE;
	q.utnyttjandegrad_bp = -1;
	if (r->query[BI_UTN].set) {
		rc = fs_tdl_parse_procent(r->query[BI_UTN].v.s.p, 0, 10000,
		    &q.utnyttjandegrad_bp, "utnyttjandegrad", err);
		if (rc != FS_OK)
			return rc;
	}
	q.dataar = r->query[BI_DATAAR].set ? (int)r->query[BI_DATAAR].v.i : 0;
	q.sparad = !r->query[BI_FORD].set && !r->query[BI_ANDELAR].set;
	if (r->query[BI_FORD].set) {
		f = fs_bidrag_fordelning_find(r->query[BI_FORD].v.s.p);
		if (f < 0)
			return fs_err_set(err, FS_EINVAL, "fordelning",
			    "måste vara befolkning, lika eller andelar");
		q.fordelning = (enum fs_bidrag_fordelning)f;
	}
	if (r->query[BI_ANDELAR].set) {
		rc = fs_bidrag_andelar_parse(r->query[BI_ANDELAR].v.s.p,
		    &andelar, &na, err);
		if (rc != FS_OK)
			return rc;
		q.andelar = andelar;
		q.nandelar = na;
	}
	rc = fs_bidrag(r->db, &q, &res, err);
	if (rc == FS_OK)
		rc = fs_bidrag_write(&res, FS_EK_JSON, &b, err);
	fs_bidrag_release(&res);
	free(andelar);
	return answer(r, MHD_HTTP_OK, &b, rc);
}

const struct http_endpoint fs_ep_ek_bidrag = {
	.fn = bidrag,
	.query = bidrag_query,
	.nquery = BI__MAX,
	.summary = "Medlemmarnas bidrag för året: staten, regionen och varje "
	    "kommun (samma byte som ekonomi bidrag --format json)",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- GET /forbund/{kod}/kommunfordelning ---- */

enum { KF_AR, KF__MAX };
static const struct fs_field kfd_query[] = {
	[KF_AR] = { "ar", FV_INT, false, false, 1990, 2999, 0,
	    "bara fördelningen som gäller året" },
};
_Static_assert(FS_NELEM(kfd_query) == KF__MAX, "kfd_query");

/* The recorded splits (or the one in force for ar > 0) as JSON. */
static enum fs_rc
kfd_json(struct http_req *r, unsigned status, int ar, struct fs_err *err)
{
	struct fs_kommunfordelning *v = NULL, one;
	struct fs_buf b;
	size_t n = 0;
	enum fs_rc rc;

	fs_buf_init(&b, 0);
	if (ar > 0) {
		rc = fs_kommunfordelning_get(r->db, kod_of(r), ar, &one, err);
		if (rc == FS_OK)
			rc = fs_kommunfordelning_write(kod_of(r), &one, 1,
			    FS_EK_JSON, &b, err);
		fs_kommunfordelning_release(&one);
	} else {
		rc = fs_kommunfordelning_list(r->db, kod_of(r), &v, &n, err);
		if (rc == FS_OK)
			rc = fs_kommunfordelning_write(kod_of(r), v, n,
			    FS_EK_JSON, &b, err);
		fs_kommunfordelning_list_free(v, n);
	}
	return answer(r, status, &b, rc);
}

static enum fs_rc
kfd_lista(struct http_req *r, struct fs_err *err)
{
	return kfd_json(r, MHD_HTTP_OK, r->query[KF_AR].set ?
	    (int)r->query[KF_AR].v.i : 0, err);
}

const struct http_endpoint fs_ep_ek_kfd_lista = {
	.fn = kfd_lista,
	.query = kfd_query,
	.nquery = KF__MAX,
	.summary = "Hur kommunerna delar sin del: de registrerade "
	    "fördelningarna, eller den som gäller ett år (samma byte som "
	    "ekonomi fordelning --format json)",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- PUT /forbund/{kod}/kommunfordelning/{ar} ---- */

enum { KS_FORD, KS_ANDELAR, KS_BESLUTAD, KS__MAX };
static const struct fs_field kfd_fields[] = {
	[KS_FORD] = { "fordelning", FV_TEXT, true, false, 0, 16, 0,
	    "befolkning, lika eller andelar" },
	[KS_ANDELAR] = { "andelar", FV_TEXTLIST, false, false, 290, 24, 0,
	    "med andelar: \"KOMMUNKOD:PROCENT\" per medlemskommun, "
	    "tillsammans 100" },
	[KS_BESLUTAD] = { "beslutad", FV_DATE, false, false, 0, 0, 0,
	    "dag för medlemmarnas beslut" },
};
_Static_assert(FS_NELEM(kfd_fields) == KS__MAX, "kfd_fields");

static enum fs_rc
kfd_satt(struct http_req *r, struct fs_err *err)
{
	struct fs_kfd_andel *andelar = NULL;
	struct fs_buf b;
	size_t n = 0;
	int f, ar;
	enum fs_rc rc;

	rc = year_of(r, 1, &ar, err);
	if (rc != FS_OK)
		return rc;
	f = fs_bidrag_fordelning_find(r->in[KS_FORD].v.s.p);
	if (f < 0)
		return fs_err_set(err, FS_EINVAL, "fordelning",
		    "måste vara befolkning, lika eller andelar");
	if (r->in[KS_ANDELAR].set && r->in[KS_ANDELAR].v.list.n > 0) {
		fs_buf_init(&b, 0);
		rc = joined(&r->in[KS_ANDELAR].v.list, "andelar", &b, err);
		if (rc == FS_OK)
			rc = fs_kfd_andelar_parse(b.buf, &andelar, &n, err);
		fs_buf_release(&b);
		if (rc != FS_OK)
			return rc;
	}
	rc = fs_kommunfordelning_set(r->db, kod_of(r), ar,
	    (enum fs_bidrag_fordelning)f, r->in[KS_BESLUTAD].set ?
	    r->in[KS_BESLUTAD].v.date : FS_DATE_NONE, andelar, n, err);
	free(andelar);
	if (rc != FS_OK)
		return rc;
	return kfd_json(r, MHD_HTTP_OK, 0, err);
}

const struct http_endpoint fs_ep_ek_kfd_satt = {
	.fn = kfd_satt,
	.body = kfd_fields,
	.nbody = KS__MAX,
	.body_kind = BODY_JSON,
	.summary = "Registrera hur kommunerna delar sin del från ett år "
	    "(ersätter en tidigare för samma år); svarar med alla "
	    "fördelningar",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- GET /forbund/{kod}/ekonomi/{ar} ---- */

enum { EK_LAGE, EK_BAND, EK__MAX };
static const struct fs_field ekonomi_query[] = {
	[EK_LAGE] = { "lage", FV_TEXT, false, false, 0, 16, 0,
	    "trappans läge: flat (standard) eller marginal" },
	[EK_BAND] = { "band", FV_TEXT, false, false, 0, 400, 0,
	    "egna steg, t.ex. 7000000:20,15000000:15,:10" },
};
_Static_assert(FS_NELEM(ekonomi_query) == EK__MAX, "ekonomi_query");

/*
 * The year's accounts as JSON, with the trappan of the query when the
 * route has one (fraga: the GET route's query fields).
 */
static enum fs_rc
ekonomi_json(struct http_req *r, unsigned status, int ar, bool fraga,
    struct fs_err *err)
{
	enum fs_trappan_lage lage = FS_TRAPPAN_FLAT;
	struct fs_trappan t;
	struct fs_ek_ar a;
	struct fs_buf b;
	enum fs_rc rc;

	fs_trappan_default(&t);
	if (fraga && r->query[EK_LAGE].set) {
		const char *l = r->query[EK_LAGE].v.s.p;

		if (strcmp(l, "marginal") == 0)
			lage = FS_TRAPPAN_MARGINAL;
		else if (strcmp(l, "flat") != 0)
			return fs_err_set(err, FS_EINVAL, "lage",
			    "måste vara flat eller marginal");
	}
	if (fraga && r->query[EK_BAND].set) {
		rc = fs_trappan_parse(r->query[EK_BAND].v.s.p, lage, &t, err);
		if (rc != FS_OK) {
			/* The library names its own key; the query's is band. */
			if (err != NULL)
				snprintf(err->field, sizeof(err->field), "band");
			return rc;
		}
	}
	t.lage = lage;
	fs_buf_init(&b, 0);
	rc = fs_ek_ar(r->db, kod_of(r), ar, &t, &a, err);
	if (rc == FS_OK)
		rc = fs_ek_ar_write(&a, FS_EK_JSON, &b, err);
	fs_ek_ar_release(&a);
	return answer(r, status, &b, rc);
}

static enum fs_rc
ekonomi_visa(struct http_req *r, struct fs_err *err)
{
	int ar;
	enum fs_rc rc = year_of(r, 1, &ar, err);

	return rc == FS_OK ? ekonomi_json(r, MHD_HTTP_OK, ar, true, err) : rc;
}

const struct http_endpoint fs_ep_ek_visa = {
	.fn = ekonomi_visa,
	.query = ekonomi_query,
	.nquery = EK__MAX,
	.summary = "Årets bokslut och budget, budget mot utfall, eget kapital "
	    "mot trappan och statligt bidrag per invånare 16–64 år (samma "
	    "byte som ekonomi visa --format json)",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- PUT /forbund/{kod}/ekonomi/{ar}/utfall and /budget ---- */

/* The body's amounts: one field per post, then the kommuner. */
static const struct fs_field belopp_fields[] = {
	{ "stat", FV_INT, false, false, 0, FS_TDL_MAX_BELOPP, 0,
	    "intäkt från staten (Försäkringskassan), kr" },
	{ "region", FV_INT, false, false, 0, FS_TDL_MAX_BELOPP, 0,
	    "intäkt från regionen, kr" },
	{ "kommun", FV_INT, false, false, 0, FS_TDL_MAX_BELOPP, 0,
	    "intäkt från kommunerna tillsammans, kr" },
	{ "esf", FV_INT, false, false, 0, FS_TDL_MAX_BELOPP, 0,
	    "intäkt från ESF, kr" },
	{ "ovriga", FV_INT, false, false, 0, FS_TDL_MAX_BELOPP, 0,
	    "övriga intäkter, kr" },
	{ "insatser", FV_INT, false, false, 0, FS_TDL_MAX_BELOPP, 0,
	    "kostnad för insatser utöver budgetraderna, kr" },
	{ "administration", FV_INT, false, false, 0, FS_TDL_MAX_BELOPP, 0,
	    "kostnad för administration, kr" },
	{ "styrelse", FV_INT, false, false, 0, FS_TDL_MAX_BELOPP, 0,
	    "kostnad för styrelsen, kr" },
	{ "revision", FV_INT, false, false, 0, FS_TDL_MAX_BELOPP, 0,
	    "kostnad för revision, kr" },
	{ "eget_kapital", FV_INT, false, false, -FS_TDL_MAX_BELOPP,
	    FS_TDL_MAX_BELOPP, 0, "eget kapital vid årets slut, kr" },
	{ "kommuner", FV_TEXTLIST, false, false, 290, 24, 0,
	    "intäkt per kommun: \"KOMMUNKOD:KRONOR\"" },
};
#define BELOPP_KOMMUNER (FS_NELEM(belopp_fields) - 1)

/* The post of belopp_fields[i] (the fields are in the posts' order). */
static enum fs_ek_post
post_of(size_t i)
{
	return i < 5 ? (enum fs_ek_post)(FS_EK_INTAKT_STAT + (int)i) :
	    i < 9 ? (enum fs_ek_post)(FS_EK_KOSTNAD_INSATSER + (int)i - 5) :
	    FS_EK_EGET_KAPITAL;
}

/* "0662:500000" into v. */
static enum fs_rc
kommun_belopp(const char *s, struct fs_ek_belopp *v, struct fs_err *err)
{
	const char *colon = strchr(s, ':');

	memset(v, 0, sizeof(*v));
	v->post = FS_EK_INTAKT_KOMMUN;
	if (colon == NULL || colon - s != 4)
		return fs_err_set(err, FS_EINVAL, "kommuner",
		    "skrivs KOMMUNKOD:KRONOR, t.ex. 0662:500000");
	memcpy(v->medlem, s, 4);
	return fs_parse_i64(colon + 1, strlen(colon + 1), 0, FS_TDL_MAX_BELOPP,
	    &v->belopp, "kommuner", err);
}

static enum fs_rc
ekonomi_satt(struct http_req *r, enum fs_ek_typ typ, struct fs_err *err)
{
	const struct fv_list *kl = &r->in[BELOPP_KOMMUNER].v.list;
	struct fs_ek_belopp *v;
	size_t n = 0;
	int ar;
	enum fs_rc rc;

	rc = year_of(r, 1, &ar, err);
	if (rc != FS_OK)
		return rc;
	v = fs_http_alloc(r, (BELOPP_KOMMUNER + 1 + kl->n) * sizeof(*v));
	if (v == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	for (size_t i = 0; i < BELOPP_KOMMUNER; i++) {
		if (!r->in[i].set)
			continue;
		memset(&v[n], 0, sizeof(v[n]));
		v[n].post = post_of(i);
		v[n++].belopp = r->in[i].v.i;
	}
	for (size_t i = 0; r->in[BELOPP_KOMMUNER].set && i < kl->n; i++) {
		rc = kommun_belopp(kl->v[i], &v[n++], err);
		if (rc != FS_OK)
			return rc;
	}
	rc = fs_ek_set(r->db, kod_of(r), ar, typ, v, n, err);
	if (rc != FS_OK) {
		/* The API's names of the library's fields. */
		if (err != NULL && strcmp(err->field, "medlem") == 0)
			snprintf(err->field, sizeof(err->field), "kommuner");
		else if (err != NULL && strcmp(err->field, "post") == 0)
			snprintf(err->field, sizeof(err->field), "stat");
		return rc;
	}
	return ekonomi_json(r, MHD_HTTP_OK, ar, false, err);
}

static enum fs_rc
utfall_satt(struct http_req *r, struct fs_err *err)
{
	return ekonomi_satt(r, FS_EK_UTFALL, err);
}

static enum fs_rc
budget_satt(struct http_req *r, struct fs_err *err)
{
	return ekonomi_satt(r, FS_EK_BUDGET, err);
}

const struct http_endpoint fs_ep_ek_utfall = {
	.fn = utfall_satt,
	.body = belopp_fields,
	.nbody = FS_NELEM(belopp_fields),
	.body_kind = BODY_JSON,
	.summary = "Registrera belopp i årets bokslut (utfall), allt eller "
	    "inget; ett belopp ersätter tidigare för samma post.  Svarar "
	    "med året",
	.produces = "application/json",
	.ok_status = 200,
};

const struct http_endpoint fs_ep_ek_budget = {
	.fn = budget_satt,
	.body = belopp_fields,
	.nbody = FS_NELEM(belopp_fields),
	.body_kind = BODY_JSON,
	.summary = "Registrera belopp i årets budget, allt eller inget; ett "
	    "belopp ersätter tidigare för samma post.  Svarar med året",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- GET and POST /forbund/{kod}/kalender ---- */

enum { KA_IDAG, KA__MAX };
static const struct fs_field kalender_query[] = {
	[KA_IDAG] = { "idag", FV_DATE, false, false, 0, 0, 0,
	    "dagen som förfallet räknas mot (standard i dag)" },
};
_Static_assert(FS_NELEM(kalender_query) == KA__MAX, "kalender_query");

static enum fs_rc
kalender_json(struct http_req *r, unsigned status, int32_t idag,
    struct fs_err *err)
{
	struct fs_kalender k;
	struct fs_buf b;
	enum fs_rc rc;

	fs_buf_init(&b, 0);
	rc = fs_kalender(r->db, kod_of(r), idag, &k, err);
	if (rc == FS_OK)
		rc = fs_kalender_write(&k, FS_EK_JSON, &b, err);
	fs_kalender_release(&k);
	return answer(r, status, &b, rc);
}

static enum fs_rc
kalender_visa(struct http_req *r, struct fs_err *err)
{
	return kalender_json(r, MHD_HTTP_OK, r->query[KA_IDAG].set ?
	    r->query[KA_IDAG].v.date : fs_date_today(), err);
}

const struct http_endpoint fs_ep_ek_kalender = {
	.fn = kalender_visa,
	.query = kalender_query,
	.nquery = KA__MAX,
	.summary = "Vad som ska beslutas och vad som är försenat: budget, "
	    "samråd, årsredovisning, medlemmarnas ansvarsfrihet (samma byte "
	    "som ekonomi kalender --format json)",
	.produces = "application/json",
	.ok_status = 200,
};

enum { KH_AR, KH_HANDELSE, KH_DATUM, KH_MEDLEM, KH_BESLUT, KH__MAX };
static const struct fs_field handelse_fields[] = {
	[KH_AR] = { "ar", FV_INT, true, false, 1990, 2999, 0,
	    "budgetåret, eller räkenskapsåret för årsredovisning och "
	    "ansvarsfrihet" },
	[KH_HANDELSE] = { "handelse", FV_TEXT, true, false, 0, 16, 0,
	    "samrad, budget, arsredovisning eller ansvarsfrihet" },
	[KH_DATUM] = { "datum", FV_DATE, true, false, 0, 0, 0,
	    "dagen då det skedde" },
	[KH_MEDLEM] = { "medlem", FV_TEXT, false, false, 0, 4, 0,
	    "för ansvarsfrihet: FK, AF, länskod eller kommunkod" },
	[KH_BESLUT] = { "beslut", FV_TEXT, false, false, 0, 16, 0,
	    "för ansvarsfrihet: beviljad (standard) eller ej_beviljad" },
};
_Static_assert(FS_NELEM(handelse_fields) == KH__MAX, "handelse_fields");

static enum fs_rc
handelse(struct http_req *r, struct fs_err *err)
{
	int h = fs_kal_handelse_find(r->in[KH_HANDELSE].v.s.p);
	enum fs_rc rc;

	if (h < 0)
		return fs_err_set(err, FS_EINVAL, "handelse",
		    "måste vara samrad, budget, arsredovisning eller "
		    "ansvarsfrihet");
	rc = fs_kal_set(r->db, kod_of(r), (int)r->in[KH_AR].v.i,
	    (enum fs_kal_handelse)h, r->in[KH_MEDLEM].set ?
	    r->in[KH_MEDLEM].v.s.p : NULL, r->in[KH_DATUM].v.date,
	    r->in[KH_BESLUT].set ? r->in[KH_BESLUT].v.s.p : NULL, err);
	if (rc != FS_OK)
		return rc;
	return kalender_json(r, MHD_HTTP_CREATED, fs_date_today(), err);
}

const struct http_endpoint fs_ep_ek_handelse = {
	.fn = handelse,
	.body = handelse_fields,
	.nbody = KH__MAX,
	.body_kind = BODY_JSON,
	.summary = "Registrera samråd, budgetbeslut, årsredovisning eller en "
	    "medlems beslut om ansvarsfrihet (ersätter ett tidigare); "
	    "svarar med kalendern",
	.produces = "application/json",
	.ok_status = 201,
};

/* ---- POST /scenarier/... ---- */

enum { SS_FORBUND, SS_FRAN, SS_AR, SS__MAX };
static const struct fs_field sammanslagning_fields[] = {
	[SS_FORBUND] = { "forbund", FV_TEXTLIST, true, false, 80, 32, 0,
	    "förbundens koder, minst två" },
	[SS_FRAN] = { "fran", FV_DATE, true, false, 0, 0, 0,
	    "dagen då det sammanslagna förbundet börjar" },
	[SS_AR] = { "ar", FV_INT, false, false, 1990, 2999, 0,
	    "tilldelningsåret (standard året för fran)" },
};
_Static_assert(FS_NELEM(sammanslagning_fields) == SS__MAX,
    "sammanslagning_fields");

enum { SK_FORBUND, SK_KOMMUN, SK_FRAN, SK_AR, SK__MAX };
static const struct fs_field kommun_fields[] = {
	[SK_FORBUND] = { "forbund", FV_TEXT, true, false, 0, 32, 0,
	    "förbundets kod" },
	[SK_KOMMUN] = { "kommun", FV_TEXT, true, false, 0, 4, 0,
	    "kommunkod, fyra siffror" },
	[SK_FRAN] = { "fran", FV_DATE, true, false, 0, 0, 0,
	    "dagen då ändringen gäller från" },
	[SK_AR] = { "ar", FV_INT, false, false, 1990, 2999, 0,
	    "tilldelningsåret (standard året för fran)" },
};
_Static_assert(FS_NELEM(kommun_fields) == SK__MAX, "kommun_fields");

static enum fs_rc
scenario_answer(struct http_req *r, struct fs_scenario *s, enum fs_rc rc,
    struct fs_err *err)
{
	struct fs_buf b;

	fs_buf_init(&b, 0);
	if (rc == FS_OK) {
		rc = fs_scenario_write(s, FS_EK_JSON, &b, err);
		fs_scenario_release(s);
	}
	return answer(r, MHD_HTTP_OK, &b, rc);
}

/* The allocation year: given, else the year of fran (as the CLI). */
static int
scenario_year(const struct fs_input *ar, int32_t fran)
{
	int y, m, d;

	if (ar->set)
		return (int)ar->v.i;
	fs_date_to_ymd(fran, &y, &m, &d);
	return y;
}

static enum fs_rc
sammanslagning(struct http_req *r, struct fs_err *err)
{
	const struct fv_list *l = &r->in[SS_FORBUND].v.list;
	struct fs_scenario s;
	int32_t fran = r->in[SS_FRAN].v.date;
	enum fs_rc rc;

	rc = fs_scenario_sammanslagning(r->db, l->v, l->n, fran,
	    scenario_year(&r->in[SS_AR], fran), NULL, &s, err);
	return scenario_answer(r, &s, rc, err);
}

static enum fs_rc
kommun_scenario(struct http_req *r, bool gar_med, struct fs_err *err)
{
	struct fs_scenario s;
	int32_t fran = r->in[SK_FRAN].v.date;
	enum fs_rc rc;

	rc = fs_scenario_kommun(r->db, r->in[SK_FORBUND].v.s.p,
	    r->in[SK_KOMMUN].v.s.p, gar_med, fran,
	    scenario_year(&r->in[SK_AR], fran), NULL, &s, err);
	return scenario_answer(r, &s, rc, err);
}

static enum fs_rc
lamnar(struct http_req *r, struct fs_err *err)
{
	return kommun_scenario(r, false, err);
}

static enum fs_rc
gar_med(struct http_req *r, struct fs_err *err)
{
	return kommun_scenario(r, true, err);
}

const struct http_endpoint fs_ep_scen_sammanslagning = {
	.fn = sammanslagning,
	.body = sammanslagning_fields,
	.nbody = SS__MAX,
	.body_kind = BODY_JSON,
	.summary = "Scenario: förbunden slås samman från ett datum; före och "
	    "efter (samma byte som scenario sammanslagning --format json, "
	    "inget sparas)",
	.produces = "application/json",
	.ok_status = 200,
};

const struct http_endpoint fs_ep_scen_lamnar = {
	.fn = lamnar,
	.body = kommun_fields,
	.nbody = SK__MAX,
	.body_kind = BODY_JSON,
	.summary = "Scenario: en kommun lämnar förbundet från ett datum "
	    "(samma byte som scenario lamnar --format json, inget sparas)",
	.produces = "application/json",
	.ok_status = 200,
};

const struct http_endpoint fs_ep_scen_gar_med = {
	.fn = gar_med,
	.body = kommun_fields,
	.nbody = SK__MAX,
	.body_kind = BODY_JSON,
	.summary = "Scenario: en kommun går med i förbundet från ett datum "
	    "(samma byte som scenario gar-med --format json, inget sparas)",
	.produces = "application/json",
	.ok_status = 200,
};

/* ---- GET /tilldelning/{ar}/svg ---- */

static enum fs_rc
tilldelning_svg(struct http_req *r, struct fs_err *err)
{
	struct fs_tdl_berakning b;
	struct fs_buf svg;
	int ar;
	enum fs_rc rc;

	rc = year_of(r, 0, &ar, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_tdl_berakna(r->db, ar, NULL, false, &b, err);
	if (rc != FS_OK)
		return rc;
	fs_buf_init(&svg, 0);
	rc = fs_svg_tilldelning(&b.res, &svg, err);
	if (rc == FS_OK)
		fs_http_bytes(r, MHD_HTTP_OK, SVG_TYPE, &svg);
	fs_buf_release(&svg);
	fs_tdl_berakning_release(&b);
	return rc;
}

const struct http_endpoint fs_ep_tilldelning_svg = {
	.fn = tilldelning_svg,
	.summary = "Tilldelningen för året som stapeldiagram (SVG): möjlig "
	    "tilldelning och tilldelning per förbund, samma beräkning som "
	    "GET /tilldelning/{ar}",
	.produces = "image/svg+xml",
	.ok_status = 200,
};
