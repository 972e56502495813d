/* SPDX-License-Identifier: ISC */
/*
 * Parameter sets of the allocation model (tilldelning.h): the defaults
 * per allocation year, every rule a set must obey, the JSON form (read
 * with every key optional, written normalised with every key in a fixed
 * order so that equal sets give equal bytes) and the versions stored
 * per year.  A stored version is never changed; saving a changed set
 * adds a version.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/err.h"
#include "finsam/parse.h"
#include "finsam/store.h"
#include "finsam/tilldelning.h"
#include "finance_int.h"

static const char *const kapital_names[] = {
	[FS_TDL_KAPITAL_INGEN] = "ingen",
	[FS_TDL_KAPITAL_ANDEL] = "andel_av_overskott",
};
_Static_assert(FS_NELEM(kapital_names) == FS_TDL_KAPITALREGEL__MAX,
    "kapital_names");

static const char *const omf_names[] = {
	[FS_TDL_OMF_SKALA] = "skala",
	[FS_TDL_OMF_NYCKEL] = "nyckel",
	[FS_TDL_OMF_INGEN] = "ingen",
};
_Static_assert(FS_NELEM(omf_names) == FS_TDL_OMF__MAX, "omf_names");

static const char *const top_keys[] = {
	"ar", "ram", "grundbelopp", "vikt_forsorjningsmatt", "vikt_befolkning",
	"dataar", "medlemsdag", "sparr", "sparr_procent", "kapitalregel",
	"kapital_procent", "kapital_omfordelas", "kapitalar", "omfordelning",
	"utnyttjandegrad", "avrundning", "trappan", "forbund", NULL
};
static const char *const trappan_keys[] = { "lage", "band", NULL };
static const char *const band_keys[] = { "till", "procent", "antagande",
	NULL };
static const char *const forbund_keys[] = { "utnyttjandegrad", "ansokan",
	"foregaende", "over_trappan", NULL };
static const char *const lage_json[] = {
	[FS_TRAPPAN_FLAT] = "flat",
	[FS_TRAPPAN_MARGINAL] = "marginal",
};
_Static_assert(FS_NELEM(lage_json) == FS_TRAPPAN_LAGE__MAX, "lage_json");

void
fs_tdl_params_init(struct fs_tdl_params *p, int ar)
{
	memset(p, 0, sizeof(*p));
	p->ar = ar;
	p->version = 0;
	p->ram = FS_TDL_DEFAULT_RAM;
	p->grundbelopp = FS_TDL_DEFAULT_GRUNDBELOPP;
	p->vikt_fm_bp = 7500;
	p->vikt_bef_bp = 2500;
	p->dataar = ar - 2;
	p->medlemsdag = fs_date_valid(ar, 1, 1) ? fs_date_from_ymd(ar, 1, 1) :
	    FS_DATE_NONE;
	p->sparr = true;
	p->sparr_bp = 1000;
	p->kapitalregel = FS_TDL_KAPITAL_INGEN;
	p->kapital_bp = 0;
	p->kapital_omfordelas = false;
	p->kapitalar = ar - 2;
	p->omfordelning = FS_TDL_OMF_SKALA;
	p->utnyttjandegrad_bp = 10000;
	p->avrundning = 1;
	fs_trappan_default(&p->trappan);
	p->forbund = NULL;
	p->nforbund = 0;
}

void
fs_tdl_params_release(struct fs_tdl_params *p)
{
	if (p == NULL)
		return;
	free(p->forbund);
	p->forbund = NULL;
	p->nforbund = 0;
}

static enum fs_rc
check_forbund(const struct fs_tdl_fparam *f, const struct fs_tdl_fparam *prev,
    struct fs_err *err)
{
	char field[64];

	snprintf(field, sizeof(field), "forbund.%s", f->kod);
	if (f->kod[0] == '\0' || strlen(f->kod) > FS_TDL_KOD_MAX)
		return fs_err_set(err, FS_EINVAL, "forbund",
		    "en förbundskod har 1–%d tecken", FS_TDL_KOD_MAX);
	if (prev != NULL && strcmp(prev->kod, f->kod) == 0)
		return fs_err_set(err, FS_EINVAL, field,
		    "förbundet står med två gånger");
	if (f->utnyttjandegrad_bp != -1 &&
	    (f->utnyttjandegrad_bp < 0 || f->utnyttjandegrad_bp > 10000))
		return fs_err_set(err, FS_EINVAL, field,
		    "utnyttjandegraden måste ligga mellan 0 och 100 procent");
	if (f->ansokan != FS_TDL_NONE &&
	    (f->ansokan < 0 || f->ansokan > FS_TDL_MAX_BELOPP))
		return fs_err_set(err, FS_EINVAL, field,
		    "ansökan måste ligga mellan 0 och 100 000 000 000 kr");
	if (f->ansokan != FS_TDL_NONE && f->utnyttjandegrad_bp != -1)
		return fs_err_set(err, FS_EINVAL, field,
		    "ange antingen utnyttjandegrad eller ansokan, inte båda");
	if (f->foregaende != FS_TDL_NONE &&
	    (f->foregaende < 0 || f->foregaende > FS_TDL_MAX_BELOPP))
		return fs_err_set(err, FS_EINVAL, field,
		    "föregående års tilldelning måste ligga mellan 0 och "
		    "100 000 000 000 kr");
	if (f->over_trappan < -1 || f->over_trappan > 1)
		return fs_err_set(err, FS_EINVAL, field,
		    "over_trappan måste vara true eller false");
	return FS_OK;
}

enum fs_rc
fs_tdl_params_check(const struct fs_tdl_params *p, struct fs_err *err)
{
	enum fs_rc rc;

	if (p->ar < 1990 || p->ar > 2999)
		return fs_err_set(err, FS_EINVAL, "ar",
		    "tilldelningsåret måste ligga mellan 1990 och 2999");
	if (p->ram < 1 || p->ram > FS_TDL_MAX_BELOPP)
		return fs_err_set(err, FS_EINVAL, "ram",
		    "ramen måste ligga mellan 1 och 100 000 000 000 kr");
	if (p->grundbelopp < 0 || p->grundbelopp > p->ram)
		return fs_err_set(err, FS_EINVAL, "grundbelopp",
		    "grundbeloppet måste ligga mellan 0 kr och ramen");
	if (p->vikt_fm_bp < 0 || p->vikt_fm_bp > 10000)
		return fs_err_set(err, FS_EINVAL, "vikt_forsorjningsmatt",
		    "måste ligga mellan 0 och 100 procent");
	if (p->vikt_bef_bp < 0 || p->vikt_bef_bp > 10000)
		return fs_err_set(err, FS_EINVAL, "vikt_befolkning",
		    "måste ligga mellan 0 och 100 procent");
	if (p->vikt_fm_bp + p->vikt_bef_bp != 10000)
		return fs_err_set(err, FS_EINVAL, "vikt_befolkning",
		    "vikterna för försörjningsmått och befolkning ska "
		    "tillsammans vara 100 procent");
	if (p->dataar < p->ar - 10 || p->dataar > p->ar)
		return fs_err_set(err, FS_EINVAL, "dataar",
		    "dataåret måste ligga högst tio år före tilldelningsåret "
		    "och inte efter det");
	if (p->medlemsdag == FS_DATE_NONE ||
	    fin_year(p->medlemsdag) < p->ar - 1 ||
	    fin_year(p->medlemsdag) > p->ar)
		return fs_err_set(err, FS_EINVAL, "medlemsdag",
		    "dagen för medlemskapen måste ligga i tilldelningsåret "
		    "eller året före");
	if (p->sparr_bp < 0 || p->sparr_bp > 10000)
		return fs_err_set(err, FS_EINVAL, "sparr_procent",
		    "måste ligga mellan 0 och 100 procent");
	if ((unsigned)p->kapitalregel >= FS_TDL_KAPITALREGEL__MAX)
		return fs_err_set(err, FS_EINVAL, "kapitalregel",
		    "måste vara ingen eller andel_av_overskott");
	if (p->kapital_bp < 0 || p->kapital_bp > 10000)
		return fs_err_set(err, FS_EINVAL, "kapital_procent",
		    "måste ligga mellan 0 och 100 procent");
	if (p->kapitalar < p->ar - 10 || p->kapitalar > p->ar)
		return fs_err_set(err, FS_EINVAL, "kapitalar",
		    "året för eget kapital måste ligga högst tio år före "
		    "tilldelningsåret och inte efter det");
	if ((unsigned)p->omfordelning >= FS_TDL_OMF__MAX)
		return fs_err_set(err, FS_EINVAL, "omfordelning",
		    "måste vara skala, nyckel eller ingen");
	if (p->utnyttjandegrad_bp < 0 || p->utnyttjandegrad_bp > 10000)
		return fs_err_set(err, FS_EINVAL, "utnyttjandegrad",
		    "måste ligga mellan 0 och 100 procent");
	if (p->avrundning != 1 && p->avrundning != 10 &&
	    p->avrundning != 100 && p->avrundning != 1000)
		return fs_err_set(err, FS_EINVAL, "avrundning",
		    "avrundningsenheten måste vara 1, 10, 100 eller 1000 kr");
	if (p->ram % p->avrundning != 0)
		return fs_err_set(err, FS_EINVAL, "ram",
		    "ramen måste vara en multipel av avrundningsenheten");
	if (p->grundbelopp % p->avrundning != 0)
		return fs_err_set(err, FS_EINVAL, "grundbelopp",
		    "grundbeloppet måste vara en multipel av "
		    "avrundningsenheten");
	rc = fs_trappan_check(&p->trappan, err);
	if (rc != FS_OK)
		return rc;
	for (size_t i = 0; i < p->nforbund; i++) {
		rc = check_forbund(&p->forbund[i],
		    i > 0 ? &p->forbund[i - 1] : NULL, err);
		if (rc != FS_OK)
			return rc;
	}
	return FS_OK;
}

static int
fparam_cmp(const void *a, const void *b)
{
	const struct fs_tdl_fparam *x = a, *y = b;

	return strcmp(x->kod, y->kod);
}

/* A name in names[0..n), or -1. */
static int
name_index(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

static enum fs_rc
read_enum(json_t *obj, const char *key, const char *field,
    const char *const *names, size_t n, int *out, struct fs_err *err)
{
	json_t *v = json_object_get(obj, key);
	int i;

	if (v == NULL)
		return FS_OK;
	i = json_is_string(v) ? name_index(names, n, json_string_value(v)) :
	    -1;
	if (i < 0) {
		char list[128];
		size_t len = 0;

		list[0] = '\0';
		for (size_t k = 0; k < n && len < sizeof(list); k++) {
			int w = snprintf(list + len, sizeof(list) - len, "%s%s",
			    k == 0 ? "" : k + 1 == n ? " eller " : ", ",
			    names[k]);

			if (w < 0)
				break;
			len += (size_t)w;
		}
		return fs_err_set(err, FS_EINVAL, field, "måste vara %s",
		    list);
	}
	*out = i;
	return FS_OK;
}

static enum fs_rc
read_trappan(json_t *obj, struct fs_trappan *t, struct fs_err *err)
{
	json_t *bands, *b;
	size_t i;
	int lage = (int)t->lage;
	enum fs_rc rc;

	if (!json_is_object(obj))
		return fs_err_set(err, FS_EINVAL, "trappan",
		    "måste vara ett objekt med lage och band");
	rc = fin_json_known(obj, trappan_keys, "trappan.", err);
	if (rc == FS_OK)
		rc = read_enum(obj, "lage", "trappan.lage", lage_json,
		    FS_NELEM(lage_json), &lage, err);
	if (rc != FS_OK)
		return rc;
	t->lage = (enum fs_trappan_lage)lage;
	bands = json_object_get(obj, "band");
	if (bands == NULL)
		return FS_OK;
	if (!json_is_array(bands) || json_array_size(bands) < 1 ||
	    json_array_size(bands) > FS_TRAPPAN_MAX_BAND)
		return fs_err_set(err, FS_EINVAL, "trappan.band",
		    "måste vara en lista med 1–%d steg", FS_TRAPPAN_MAX_BAND);
	t->nband = json_array_size(bands);
	json_array_foreach(bands, i, b) {
		struct fs_trappan_band *tb = &t->band[i];
		json_t *till;

		if (!json_is_object(b))
			return fs_err_set(err, FS_EINVAL, "trappan.band",
			    "varje steg är ett objekt med till och procent");
		rc = fin_json_known(b, band_keys, "trappan.band.", err);
		if (rc != FS_OK)
			return rc;
		till = json_object_get(b, "till");
		tb->till = FS_TDL_NONE;
		if (till != NULL && !json_is_null(till)) {
			rc = fin_json_int(b, "till", "trappan.band.till", 1,
			    FS_TDL_MAX_BELOPP, &tb->till, err);
			if (rc != FS_OK)
				return rc;
		}
		if (json_object_get(b, "procent") == NULL)
			return fs_err_set(err, FS_EINVAL,
			    "trappan.band.procent", "måste anges");
		rc = fin_json_pct(b, "procent", "trappan.band.procent", 0,
		    10000, &tb->procent_bp, err);
		if (rc == FS_OK) {
			tb->antagande = false;
			rc = fin_json_bool(b, "antagande",
			    "trappan.band.antagande", &tb->antagande, err);
		}
		if (rc != FS_OK)
			return rc;
	}
	return FS_OK;
}

static enum fs_rc
read_forbund(json_t *obj, struct fs_tdl_params *p, struct fs_err *err)
{
	const char *kod;
	json_t *v, *ot;
	char field[80];
	enum fs_rc rc;
	size_t n;

	if (!json_is_object(obj))
		return fs_err_set(err, FS_EINVAL, "forbund",
		    "måste vara ett objekt med förbundskoder som nycklar");
	n = json_object_size(obj);
	if (n == 0)
		return FS_OK;
	p->forbund = fs_calloc(n, sizeof(*p->forbund));
	if (p->forbund == NULL)
		return FIN_NOMEM(err);
	json_object_foreach(obj, kod, v) {
		struct fs_tdl_fparam *f = &p->forbund[p->nforbund];

		if (strlen(kod) == 0 || strlen(kod) > FS_TDL_KOD_MAX)
			return fs_err_set(err, FS_EINVAL, "forbund",
			    "en förbundskod har 1–%d tecken", FS_TDL_KOD_MAX);
		snprintf(f->kod, sizeof(f->kod), "%s", kod);
		f->utnyttjandegrad_bp = -1;
		f->ansokan = FS_TDL_NONE;
		f->foregaende = FS_TDL_NONE;
		f->over_trappan = -1;
		p->nforbund++;
		snprintf(field, sizeof(field), "forbund.%s.", kod);
		if (!json_is_object(v))
			return fs_err_set(err, FS_EINVAL, "forbund",
			    "varje förbund är ett objekt");
		rc = fin_json_known(v, forbund_keys, field, err);
		if (rc != FS_OK)
			return rc;
		snprintf(field, sizeof(field), "forbund.%s", kod);
		rc = fin_json_pct(v, "utnyttjandegrad", field, 0, 10000,
		    &f->utnyttjandegrad_bp, err);
		if (rc == FS_OK)
			rc = fin_json_int(v, "ansokan", field, 0,
			    FS_TDL_MAX_BELOPP, &f->ansokan, err);
		if (rc == FS_OK)
			rc = fin_json_int(v, "foregaende", field, 0,
			    FS_TDL_MAX_BELOPP, &f->foregaende, err);
		if (rc != FS_OK)
			return rc;
		ot = json_object_get(v, "over_trappan");
		if (ot != NULL && !json_is_null(ot)) {
			bool b = false;

			rc = fin_json_bool(v, "over_trappan", field, &b, err);
			if (rc != FS_OK)
				return rc;
			f->over_trappan = b ? 1 : 0;
		}
	}
	qsort(p->forbund, p->nforbund, sizeof(*p->forbund), fparam_cmp);
	return FS_OK;
}

/* Every key of root but "ar" into p (already initialised for the year). */
static enum fs_rc
read_keys(json_t *root, struct fs_tdl_params *p, struct fs_err *err)
{
	json_t *v;
	int64_t x;
	int e;
	enum fs_rc rc;

	rc = fin_json_int(root, "ram", "ram", 1, FS_TDL_MAX_BELOPP, &p->ram,
	    err);
	if (rc == FS_OK)
		rc = fin_json_int(root, "grundbelopp", "grundbelopp", 0,
		    FS_TDL_MAX_BELOPP, &p->grundbelopp, err);
	if (rc == FS_OK)
		rc = fin_json_pct(root, "vikt_forsorjningsmatt",
		    "vikt_forsorjningsmatt", 0, 10000, &p->vikt_fm_bp, err);
	if (rc == FS_OK)
		rc = fin_json_pct(root, "vikt_befolkning", "vikt_befolkning",
		    0, 10000, &p->vikt_bef_bp, err);
	x = p->dataar;
	if (rc == FS_OK)
		rc = fin_json_int(root, "dataar", "dataar", 1900, 2999, &x,
		    err);
	p->dataar = (int)x;
	if (rc != FS_OK)
		return rc;
	v = json_object_get(root, "medlemsdag");
	if (v != NULL) {
		if (!json_is_string(v))
			return fs_err_set(err, FS_EINVAL, "medlemsdag",
			    "skrivs som \"ÅÅÅÅ-MM-DD\"");
		rc = fs_parse_date(json_string_value(v), json_string_length(v),
		    &p->medlemsdag, "medlemsdag", err);
		if (rc != FS_OK)
			return rc;
	}
	rc = fin_json_bool(root, "sparr", "sparr", &p->sparr, err);
	if (rc == FS_OK)
		rc = fin_json_pct(root, "sparr_procent", "sparr_procent", 0,
		    10000, &p->sparr_bp, err);
	e = (int)p->kapitalregel;
	if (rc == FS_OK)
		rc = read_enum(root, "kapitalregel", "kapitalregel",
		    kapital_names, FS_NELEM(kapital_names), &e, err);
	p->kapitalregel = (enum fs_tdl_kapitalregel)e;
	if (rc == FS_OK)
		rc = fin_json_pct(root, "kapital_procent", "kapital_procent",
		    0, 10000, &p->kapital_bp, err);
	if (rc == FS_OK)
		rc = fin_json_bool(root, "kapital_omfordelas",
		    "kapital_omfordelas", &p->kapital_omfordelas, err);
	x = p->kapitalar;
	if (rc == FS_OK)
		rc = fin_json_int(root, "kapitalar", "kapitalar", 1900, 2999,
		    &x, err);
	p->kapitalar = (int)x;
	e = (int)p->omfordelning;
	if (rc == FS_OK)
		rc = read_enum(root, "omfordelning", "omfordelning", omf_names,
		    FS_NELEM(omf_names), &e, err);
	p->omfordelning = (enum fs_tdl_omfordelning)e;
	if (rc == FS_OK)
		rc = fin_json_pct(root, "utnyttjandegrad", "utnyttjandegrad",
		    0, 10000, &p->utnyttjandegrad_bp, err);
	if (rc == FS_OK)
		rc = fin_json_int(root, "avrundning", "avrundning", 1, 1000,
		    &p->avrundning, err);
	if (rc != FS_OK)
		return rc;
	v = json_object_get(root, "trappan");
	if (v != NULL) {
		rc = read_trappan(v, &p->trappan, err);
		if (rc != FS_OK)
			return rc;
	}
	v = json_object_get(root, "forbund");
	if (v != NULL)
		return read_forbund(v, p, err);
	return FS_OK;
}

enum fs_rc
fs_tdl_params_from_json(const char *text, size_t len, int ar,
    struct fs_tdl_params *out, struct fs_err *err)
{
	json_error_t je;
	json_t *root;
	int64_t year = ar;
	enum fs_rc rc;

	fs_tdl_params_init(out, ar);
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return fs_err_set(err, FS_EINVAL, "parametrar",
		    "filen är inte giltig JSON (rad %d, kolumn %d)", je.line,
		    je.column);
	if (!json_is_object(root)) {
		rc = fs_err_set(err, FS_EINVAL, "parametrar",
		    "parametrarna ska vara ett JSON-objekt");
		goto out;
	}
	rc = fin_json_known(root, top_keys, "", err);
	if (rc != FS_OK)
		goto out;
	rc = fin_json_int(root, "ar", "ar", 1990, 2999, &year, err);
	if (rc != FS_OK)
		goto out;
	if (ar > 0 && year != ar) {
		rc = fs_err_set(err, FS_EINVAL, "ar",
		    "parametrarna gäller ett annat år än det som beräknas");
		goto out;
	}
	if (year == 0) {
		rc = fs_err_set(err, FS_EINVAL, "ar", "måste anges");
		goto out;
	}
	fs_tdl_params_init(out, (int)year);
	rc = read_keys(root, out, err);
	if (rc == FS_OK)
		rc = fs_tdl_params_check(out, err);
out:
	json_decref(root);
	if (rc != FS_OK)
		fs_tdl_params_release(out);
	return rc;
}

static json_t *
trappan_json(const struct fs_trappan *t)
{
	json_t *o = json_object(), *a = json_array();

	if (o == NULL || a == NULL) {
		json_decref(o);
		json_decref(a);
		return NULL;
	}
	json_object_set_new(o, "lage", json_string(lage_json[t->lage]));
	for (size_t i = 0; i < t->nband; i++) {
		json_t *b = json_object();

		if (b == NULL)
			break;
		json_object_set_new(b, "till", t->band[i].till == FS_TDL_NONE ?
		    json_null() : json_integer(t->band[i].till));
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
fparam_json(const struct fs_tdl_fparam *f)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	if (f->utnyttjandegrad_bp != -1)
		json_object_set_new(o, "utnyttjandegrad",
		    fin_json_bp(f->utnyttjandegrad_bp));
	if (f->ansokan != FS_TDL_NONE)
		json_object_set_new(o, "ansokan", json_integer(f->ansokan));
	if (f->foregaende != FS_TDL_NONE)
		json_object_set_new(o, "foregaende",
		    json_integer(f->foregaende));
	if (f->over_trappan != -1)
		json_object_set_new(o, "over_trappan",
		    json_boolean(f->over_trappan == 1));
	return o;
}

enum fs_rc
fs_tdl_params_to_json(const struct fs_tdl_params *p, struct fs_buf *out,
    struct fs_err *err)
{
	json_t *o = json_object(), *fb = json_object();
	char day[11];
	enum fs_rc rc;

	if (o == NULL || fb == NULL) {
		json_decref(o);
		json_decref(fb);
		return FIN_NOMEM(err);
	}
	fin_date(day, p->medlemsdag);
	json_object_set_new(o, "ar", json_integer(p->ar));
	json_object_set_new(o, "ram", json_integer(p->ram));
	json_object_set_new(o, "grundbelopp", json_integer(p->grundbelopp));
	json_object_set_new(o, "vikt_forsorjningsmatt",
	    fin_json_bp(p->vikt_fm_bp));
	json_object_set_new(o, "vikt_befolkning", fin_json_bp(p->vikt_bef_bp));
	json_object_set_new(o, "dataar", json_integer(p->dataar));
	json_object_set_new(o, "medlemsdag", json_string(day));
	json_object_set_new(o, "sparr", json_boolean(p->sparr));
	json_object_set_new(o, "sparr_procent", fin_json_bp(p->sparr_bp));
	json_object_set_new(o, "kapitalregel",
	    json_string(kapital_names[p->kapitalregel]));
	json_object_set_new(o, "kapital_procent", fin_json_bp(p->kapital_bp));
	json_object_set_new(o, "kapital_omfordelas",
	    json_boolean(p->kapital_omfordelas));
	json_object_set_new(o, "kapitalar", json_integer(p->kapitalar));
	json_object_set_new(o, "omfordelning",
	    json_string(omf_names[p->omfordelning]));
	json_object_set_new(o, "utnyttjandegrad",
	    fin_json_bp(p->utnyttjandegrad_bp));
	json_object_set_new(o, "avrundning", json_integer(p->avrundning));
	json_object_set_new(o, "trappan", trappan_json(&p->trappan));
	for (size_t i = 0; i < p->nforbund; i++)
		json_object_set_new(fb, p->forbund[i].kod,
		    fparam_json(&p->forbund[i]));
	json_object_set_new(o, "forbund", fb);
	rc = fin_json_dump(o, out, err);
	json_decref(o);
	return rc;
}

enum fs_rc
fs_tdl_params_load(struct fs_db *db, int ar, int version,
    struct fs_tdl_params *out, struct fs_err *err)
{
	struct fs_stmt *s;
	const char *data;
	size_t len;
	int v;
	enum fs_rc rc;
	bool row;

	fs_tdl_params_init(out, ar);
	if (ar < 1990 || ar > 2999)
		return fs_err_set(err, FS_EINVAL, "ar",
		    "tilldelningsåret måste ligga mellan 1990 och 2999");
	rc = fs_store_stmt(db->store, version == 0 ?
	    FS_STMT_TDL_PARAM_LATEST : FS_STMT_TDL_PARAM_GET, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, ar);
	if (version != 0)
		fs_stmt_bind_i64(s, 2, version);
	rc = fs_stmt_step(s, &row, err);
	if (rc != FS_OK || !row) {
		fs_stmt_reset(s);
		if (rc == FS_OK && version != 0)
			rc = fs_err_set(err, FS_ENOTFOUND, "version",
			    "det finns ingen sådan version av parametrarna för "
			    "året");
		return rc;
	}
	v = (int)fs_stmt_col_i64(s, 0);
	data = fs_stmt_col_text(s, 1, &len);
	rc = fs_tdl_params_from_json(data, len, ar, out, err);
	fs_stmt_reset(s);
	if (rc == FS_OK)
		out->version = v;
	return rc;
}

enum fs_rc
fs_tdl_params_save(struct fs_db *db, struct fs_tdl_params *p,
    struct fs_err *err)
{
	struct fs_buf js;
	struct fs_stmt *s;
	char now[21], obj[32];
	int latest = 0;
	enum fs_rc rc;
	bool own = false, row, same = false;

	rc = fs_tdl_params_check(p, err);
	if (rc != FS_OK)
		return rc;
	fs_buf_init(&js, 0);
	rc = fs_tdl_params_to_json(p, &js, err);
	if (rc != FS_OK)
		goto out;
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		goto out;
	rc = fs_store_stmt(db->store, FS_STMT_TDL_PARAM_LATEST, &s, err);
	if (rc != FS_OK)
		goto tx;
	fs_stmt_bind_i64(s, 1, p->ar);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && row) {
		size_t len;
		const char *data;

		latest = (int)fs_stmt_col_i64(s, 0);
		data = fs_stmt_col_text(s, 1, &len);
		same = len == js.len && memcmp(data, js.buf, len) == 0;
	}
	fs_stmt_reset(s);
	if (rc != FS_OK || same)
		goto tx;
	rc = fs_store_stmt(db->store, FS_STMT_TDL_PARAM_INSERT, &s, err);
	if (rc != FS_OK)
		goto tx;
	fs_db_now(now);
	fs_stmt_bind_i64(s, 1, p->ar);
	fs_stmt_bind_i64(s, 2, latest + 1);
	fs_stmt_bind_str(s, 3, now);
	fs_stmt_bind_str(s, 4, db->actor);
	fs_stmt_bind_text(s, 5, js.buf, js.len);
	rc = fs_stmt_exec(s, err);
	if (rc == FS_OK) {
		snprintf(obj, sizeof(obj), "%d v%d", p->ar, latest + 1);
		rc = fs_db_audit(db, "tilldelning.parametrar", obj, 0, 0, "ok",
		    NULL, err);
	}
tx:
	rc = fs_db_tx_end(db, own, rc, err);
	if (rc == FS_OK)
		p->version = same ? latest : latest + 1;
out:
	fs_buf_release(&js);
	return rc;
}
