/* SPDX-License-Identifier: ISC */
/*
 * The inputs of an allocation (tilldelning.h "Inputs"): gathered from
 * the database in a handful of statements (memberships on the day, the
 * year's försörjningsmått, last year's stored calculation, the
 * accounts of the equity year, applications), merged with the
 * parameter set's per-förbund overrides, and written to and read from
 * the JSON stored with every calculation so that it can be recomputed
 * without the database.  Owns struct fs_tdl_input.
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
#include "finsam/ekonomi.h"
#include "finsam/err.h"
#include "finsam/forbund.h"
#include "finsam/parse.h"
#include "finsam/store.h"
#include "finsam/tilldelning.h"
#include "finance_int.h"

void
fs_tdl_input_release(struct fs_tdl_input *in)
{
	if (in == NULL)
		return;
	for (size_t i = 0; i < in->nforbund; i++) {
		free(in->forbund[i].namn);
		free(in->forbund[i].kommun);
	}
	free(in->forbund);
	free(in->kommun);
	memset(in, 0, sizeof(*in));
}

static void
forbund_blank(struct fs_tdl_in_forbund *f)
{
	memset(f, 0, sizeof(*f));
	f->foregaende = FS_TDL_NONE;
	f->kapital = FS_TDL_NONE;
	f->intakter = FS_TDL_NONE;
	f->over_trappan = -1;
	f->ansokan = FS_TDL_NONE;
	f->utnyttjandegrad_bp = -1;
}

static int
kommun_cmp(const void *a, const void *b)
{
	const struct fs_tdl_kommun *x = a, *y = b;

	return strcmp(x->kod, y->kod);
}

/* Index of kommun kod in in->kommun (sorted), or -1. */
static long
kommun_index(const struct fs_tdl_input *in, const char *kod)
{
	size_t lo = 0, hi = in->nkommun;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(in->kommun[mid].kod, kod);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Index of förbund kod in in->forbund (sorted), or -1. */
static long
forbund_index(const struct fs_tdl_input *in, const char *kod)
{
	for (size_t i = 0; i < in->nforbund; i++)
		if (strcmp(in->forbund[i].kod, kod) == 0)
			return (long)i;
	return -1;
}

/* One membership row of the day. */
struct mrow {
	int64_t	 fid;
	char	 kod[5];
};

/* Memberships of the day and the förbund they belong to. */
static enum fs_rc
load_members(struct fs_db *db, struct fs_tdl_input *in, struct fs_err *err)
{
	struct fs_forbund *fl = NULL;
	struct mrow *m = NULL, *grown;
	size_t nfl = 0, nm = 0, cap = 0;
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	rc = fs_forbund_list(db, &fl, &nfl, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_store_stmt(db->store, FS_STMT_FIN_MEDLEM_ON, &s, err);
	if (rc != FS_OK)
		goto out;
	fs_stmt_bind_date(s, 1, in->medlemsdag);
	fs_stmt_bind_date(s, 2, in->medlemsdag);
	for (;;) {
		rc = fs_stmt_step(s, &row, err);
		if (rc != FS_OK || !row)
			break;
		if (nm == cap) {
			cap = cap == 0 ? 256 : cap * 2;
			grown = fs_reallocarray(m, cap, sizeof(*m));
			if (grown == NULL) {
				rc = FIN_NOMEM(err);
				break;
			}
			m = grown;
		}
		m[nm].fid = fs_stmt_col_i64(s, 0);
		snprintf(m[nm].kod, sizeof(m[nm].kod), "%s",
		    fs_stmt_col_text(s, 1, NULL));
		nm++;
	}
	fs_stmt_reset(s);
	if (rc != FS_OK)
		goto out;
	in->kommun = fs_calloc(nm == 0 ? 1 : nm, sizeof(*in->kommun));
	in->forbund = fs_calloc(nfl == 0 ? 1 : nfl, sizeof(*in->forbund));
	if (in->kommun == NULL || in->forbund == NULL) {
		rc = FIN_NOMEM(err);
		goto out;
	}
	for (size_t i = 0; i < nm; i++)
		snprintf(in->kommun[in->nkommun++].kod, 5, "%s", m[i].kod);
	qsort(in->kommun, in->nkommun, sizeof(*in->kommun), kommun_cmp);
	for (size_t k = 1; k < in->nkommun; k++)
		if (strcmp(in->kommun[k - 1].kod, in->kommun[k].kod) == 0) {
			rc = fs_err_set(err, FS_ECONFLICT, "medlemskap",
			    "kommunen %s är medlem i två förbund på "
			    "medlemsdagen; försörjningsmått per stadsdel stöds "
			    "inte", in->kommun[k].kod);
			goto out;
		}
	/* The förbund (by code) that have kommuner on the day. */
	for (size_t f = 0; f < nfl; f++) {
		struct fs_tdl_in_forbund *x = &in->forbund[in->nforbund];
		size_t cnt = 0;

		for (size_t i = 0; i < nm; i++)
			if (m[i].fid == fl[f].id)
				cnt++;
		if (cnt == 0)
			continue;
		forbund_blank(x);
		snprintf(x->kod, sizeof(x->kod), "%s", fl[f].kod);
		x->namn = fs_strdup(fl[f].namn);
		x->kommun = fs_calloc(cnt, sizeof(*x->kommun));
		in->nforbund++;
		if (x->namn == NULL || x->kommun == NULL) {
			rc = FIN_NOMEM(err);
			goto out;
		}
		for (size_t i = 0; i < nm; i++)
			if (m[i].fid == fl[f].id)
				x->kommun[x->nkommun++] =
				    (size_t)kommun_index(in, m[i].kod);
	}
out:
	free(m);
	fs_forbund_list_free(fl, nfl);
	return rc;
}

/* Names of the kommuner and their försörjningsmått of the data year. */
static enum fs_rc
load_fm(struct fs_db *db, struct fs_tdl_input *in, struct fs_err *err)
{
	struct fs_stmt *s;
	bool *have = NULL, row;
	enum fs_rc rc;

	rc = fs_store_stmt(db->store, FS_STMT_FIN_KOMMUN_LIST, &s, err);
	if (rc != FS_OK)
		return rc;
	for (;;) {
		long k;

		rc = fs_stmt_step(s, &row, err);
		if (rc != FS_OK || !row)
			break;
		k = kommun_index(in, fs_stmt_col_text(s, 0, NULL));
		if (k >= 0)
			snprintf(in->kommun[k].namn, sizeof(in->kommun[k].namn),
			    "%s", fs_stmt_col_text(s, 1, NULL));
	}
	fs_stmt_reset(s);
	if (rc != FS_OK)
		return rc;
	have = fs_calloc(in->nkommun == 0 ? 1 : in->nkommun, sizeof(*have));
	if (have == NULL)
		return FIN_NOMEM(err);
	rc = fs_store_stmt(db->store, FS_STMT_FM_YEAR, &s, err);
	if (rc != FS_OK)
		goto out;
	fs_stmt_bind_i64(s, 1, in->dataar);
	for (;;) {
		long k;

		rc = fs_stmt_step(s, &row, err);
		if (rc != FS_OK || !row)
			break;
		k = kommun_index(in, fs_stmt_col_text(s, 0, NULL));
		if (k < 0)
			continue;
		in->kommun[k].befolkning = fs_stmt_col_i64(s, 1);
		in->kommun[k].fm_tkr = fs_stmt_col_i64(s, 2);
		have[k] = true;
	}
	fs_stmt_reset(s);
	for (size_t k = 0; rc == FS_OK && k < in->nkommun; k++)
		if (!have[k])
			rc = fs_err_set(err, FS_EINVAL, "forsorjningsmatt",
			    "uppgifter för %d saknas för kommunen %s (%s); läs "
			    "in dem med finsam import forsorjningsmatt",
			    in->dataar, in->kommun[k].kod, in->kommun[k].namn);
out:
	free(have);
	return rc;
}

/* Last year's possible allocation from the latest stored calculation. */
static enum fs_rc
load_previous(struct fs_db *db, struct fs_tdl_input *in, struct fs_err *err)
{
	struct fs_stmt *s;
	int64_t id = 0;
	enum fs_rc rc;
	bool row;

	rc = fs_tdl_berakning_latest(db, in->ar - 1, &id, err);
	if (rc != FS_OK || id == 0)
		return rc;
	rc = fs_store_stmt(db->store, FS_STMT_TDL_RAD_GET, &s, err);
	if (rc != FS_OK)
		return rc;
	for (size_t i = 0; rc == FS_OK && i < in->nforbund; i++) {
		struct fs_tdl_in_forbund *f = &in->forbund[i];

		fs_stmt_reset(s);
		fs_stmt_bind_i64(s, 1, id);
		fs_stmt_bind_str(s, 2, f->kod);
		rc = fs_stmt_step(s, &row, err);
		if (rc == FS_OK && row) {
			f->foregaende = fs_stmt_col_i64(s, 0);
			snprintf(f->foregaende_kalla,
			    sizeof(f->foregaende_kalla),
			    "sparad beräkning %lld för %d", (long long)id,
			    in->ar - 1);
		}
	}
	fs_stmt_reset(s);
	return rc;
}

/* Equity at the end of the equity year and that year's income. */
static enum fs_rc
load_equity(struct fs_db *db, struct fs_tdl_input *in, struct fs_err *err)
{
	struct fs_stmt *s;
	int64_t *inc;
	bool row;
	enum fs_rc rc;

	inc = fs_calloc(in->nforbund == 0 ? 1 : in->nforbund, sizeof(*inc));
	if (inc == NULL)
		return FIN_NOMEM(err);
	for (size_t i = 0; i < in->nforbund; i++)
		inc[i] = FS_TDL_NONE;
	rc = fs_store_stmt(db->store, FS_STMT_EK_POST_YEAR, &s, err);
	if (rc != FS_OK)
		goto out;
	fs_stmt_bind_i64(s, 1, in->kapitalar);
	for (;;) {
		long f;
		int post;

		rc = fs_stmt_step(s, &row, err);
		if (rc != FS_OK || !row)
			break;
		f = forbund_index(in, fs_stmt_col_text(s, 0, NULL));
		post = fs_ek_post_find(fs_stmt_col_text(s, 1, NULL));
		if (f < 0 || post < 0)
			continue;
		if (post == FS_EK_EGET_KAPITAL)
			in->forbund[f].kapital = fs_stmt_col_i64(s, 2);
		else if (post <= FS_EK_INTAKT_OVRIGA)
			inc[f] = (inc[f] == FS_TDL_NONE ? 0 : inc[f]) +
			    fs_stmt_col_i64(s, 2);
	}
	fs_stmt_reset(s);
	for (size_t i = 0; i < in->nforbund; i++) {
		in->forbund[i].intakter = inc[i];
		if (inc[i] == FS_TDL_NONE)
			in->forbund[i].kapital = FS_TDL_NONE;
		if (in->forbund[i].kapital == FS_TDL_NONE)
			in->forbund[i].intakter = FS_TDL_NONE;
	}
out:
	free(inc);
	return rc;
}

/* Applications recorded for the year. */
static enum fs_rc
load_applications(struct fs_db *db, struct fs_tdl_input *in,
    struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	rc = fs_store_stmt(db->store, FS_STMT_TDL_ANSOKAN_YEAR, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, in->ar);
	for (;;) {
		struct fs_tdl_in_forbund *f;
		long i;

		rc = fs_stmt_step(s, &row, err);
		if (rc != FS_OK || !row)
			break;
		i = forbund_index(in, fs_stmt_col_text(s, 0, NULL));
		if (i < 0)
			continue;
		f = &in->forbund[i];
		if (!fs_stmt_col_null(s, 1))
			f->utnyttjandegrad_bp = (int32_t)fs_stmt_col_i64(s, 1);
		if (!fs_stmt_col_null(s, 2))
			f->ansokan = fs_stmt_col_i64(s, 2);
		snprintf(f->ansokan_kalla, sizeof(f->ansokan_kalla), "%s",
		    "registrerad ansökan");
	}
	fs_stmt_reset(s);
	return rc;
}

/* The parameter set's per-förbund entries win over the database. */
static enum fs_rc
apply_overrides(const struct fs_tdl_params *p, struct fs_tdl_input *in,
    struct fs_err *err)
{
	for (size_t k = 0; k < p->nforbund; k++) {
		const struct fs_tdl_fparam *o = &p->forbund[k];
		struct fs_tdl_in_forbund *f;
		long i = forbund_index(in, o->kod);
		char field[64];

		if (i < 0) {
			snprintf(field, sizeof(field), "forbund.%s", o->kod);
			return fs_err_set(err, FS_EINVAL, field,
			    "det finns inget förbund med den koden som har "
			    "medlemskommuner på medlemsdagen");
		}
		f = &in->forbund[i];
		if (o->foregaende != FS_TDL_NONE) {
			f->foregaende = o->foregaende;
			snprintf(f->foregaende_kalla,
			    sizeof(f->foregaende_kalla), "%s", "parametrarna");
		}
		if (o->over_trappan != -1)
			f->over_trappan = o->over_trappan;
		if (o->ansokan != FS_TDL_NONE || o->utnyttjandegrad_bp != -1) {
			f->ansokan = o->ansokan;
			f->utnyttjandegrad_bp = o->utnyttjandegrad_bp;
			snprintf(f->ansokan_kalla, sizeof(f->ansokan_kalla),
			    "%s", "parametrarna");
		}
	}
	return FS_OK;
}

enum fs_rc
fs_tdl_input_load(struct fs_db *db, const struct fs_tdl_params *p,
    struct fs_tdl_input *out, struct fs_err *err)
{
	enum fs_rc rc;

	memset(out, 0, sizeof(*out));
	rc = fs_tdl_params_check(p, err);
	if (rc != FS_OK)
		return rc;
	out->ar = p->ar;
	out->dataar = p->dataar;
	out->kapitalar = p->kapitalar;
	out->medlemsdag = p->medlemsdag;
	rc = load_members(db, out, err);
	if (rc == FS_OK)
		rc = load_fm(db, out, err);
	if (rc == FS_OK)
		rc = load_previous(db, out, err);
	if (rc == FS_OK)
		rc = load_equity(db, out, err);
	if (rc == FS_OK)
		rc = load_applications(db, out, err);
	if (rc == FS_OK)
		rc = apply_overrides(p, out, err);
	if (rc != FS_OK)
		fs_tdl_input_release(out);
	return rc;
}

/* ---- JSON ---- */

static json_t *
opt_int(int64_t v)
{
	return v == FS_TDL_NONE ? json_null() : json_integer(v);
}

enum fs_rc
fs_tdl_input_to_json(const struct fs_tdl_input *in, struct fs_buf *out,
    struct fs_err *err)
{
	json_t *root = json_object(), *ka = json_array(), *fa = json_array();
	char day[11];
	enum fs_rc rc;

	if (root == NULL || ka == NULL || fa == NULL) {
		json_decref(root);
		json_decref(ka);
		json_decref(fa);
		return FIN_NOMEM(err);
	}
	fin_date(day, in->medlemsdag);
	json_object_set_new(root, "ar", json_integer(in->ar));
	json_object_set_new(root, "dataar", json_integer(in->dataar));
	json_object_set_new(root, "kapitalar", json_integer(in->kapitalar));
	json_object_set_new(root, "medlemsdag", json_string(day));
	for (size_t k = 0; k < in->nkommun; k++) {
		const struct fs_tdl_kommun *x = &in->kommun[k];
		json_t *o = json_object();

		json_object_set_new(o, "kod", json_string(x->kod));
		json_object_set_new(o, "namn", json_string(x->namn));
		json_object_set_new(o, "forsorjningsmatt_tkr",
		    json_integer(x->fm_tkr));
		json_object_set_new(o, "befolkning",
		    json_integer(x->befolkning));
		json_array_append_new(ka, o);
	}
	for (size_t i = 0; i < in->nforbund; i++) {
		const struct fs_tdl_in_forbund *f = &in->forbund[i];
		json_t *o = json_object(), *kl = json_array();

		for (size_t j = 0; j < f->nkommun; j++)
			json_array_append_new(kl,
			    json_string(in->kommun[f->kommun[j]].kod));
		json_object_set_new(o, "forbund_kod", json_string(f->kod));
		json_object_set_new(o, "namn", json_string(f->namn));
		json_object_set_new(o, "kommuner", kl);
		json_object_set_new(o, "foregaende", opt_int(f->foregaende));
		json_object_set_new(o, "foregaende_kalla",
		    json_string(f->foregaende_kalla));
		json_object_set_new(o, "kapital", opt_int(f->kapital));
		json_object_set_new(o, "intakter", opt_int(f->intakter));
		json_object_set_new(o, "over_trappan", f->over_trappan == -1 ?
		    json_null() : json_boolean(f->over_trappan == 1));
		json_object_set_new(o, "ansokan", opt_int(f->ansokan));
		json_object_set_new(o, "utnyttjandegrad_bp",
		    f->utnyttjandegrad_bp < 0 ? json_null() :
		    json_integer(f->utnyttjandegrad_bp));
		json_object_set_new(o, "ansokan_kalla",
		    json_string(f->ansokan_kalla));
		json_array_append_new(fa, o);
	}
	json_object_set_new(root, "kommuner", ka);
	json_object_set_new(root, "forbund", fa);
	rc = fin_json_dump(root, out, err);
	json_decref(root);
	return rc;
}

static enum fs_rc
bad_input(struct fs_err *err)
{
	return fs_err_set(err, FS_EINVAL, "indata",
	    "de sparade indata är inte i det väntade formatet");
}

/* An integer or null (FS_TDL_NONE) member of o. */
static bool
get_opt(json_t *o, const char *key, int64_t *out)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v)) {
		*out = FS_TDL_NONE;
		return true;
	}
	if (!json_is_integer(v))
		return false;
	*out = json_integer_value(v);
	return true;
}

static const char *
get_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static enum fs_rc
forbund_from_json(json_t *o, struct fs_tdl_input *in,
    struct fs_tdl_in_forbund *f, struct fs_err *err)
{
	json_t *kl = json_object_get(o, "kommuner"), *v;
	const char *kod = get_str(o, "forbund_kod"), *namn = get_str(o, "namn");
	const char *fk = get_str(o, "foregaende_kalla");
	const char *ak = get_str(o, "ansokan_kalla");
	int64_t x;
	size_t j;

	if (kod == NULL || namn == NULL || fk == NULL || ak == NULL ||
	    !json_is_array(kl) || strlen(kod) > FS_TDL_KOD_MAX)
		return bad_input(err);
	snprintf(f->kod, sizeof(f->kod), "%s", kod);
	snprintf(f->foregaende_kalla, sizeof(f->foregaende_kalla), "%s", fk);
	snprintf(f->ansokan_kalla, sizeof(f->ansokan_kalla), "%s", ak);
	f->namn = fs_strdup(namn);
	f->kommun = fs_calloc(json_array_size(kl) + 1, sizeof(*f->kommun));
	if (f->namn == NULL || f->kommun == NULL)
		return FIN_NOMEM(err);
	json_array_foreach(kl, j, v) {
		long k = json_is_string(v) ? kommun_index(in,
		    json_string_value(v)) : -1;

		if (k < 0)
			return bad_input(err);
		f->kommun[f->nkommun++] = (size_t)k;
	}
	if (!get_opt(o, "foregaende", &f->foregaende) ||
	    !get_opt(o, "kapital", &f->kapital) ||
	    !get_opt(o, "intakter", &f->intakter) ||
	    !get_opt(o, "ansokan", &f->ansokan) ||
	    !get_opt(o, "utnyttjandegrad_bp", &x))
		return bad_input(err);
	if (x != FS_TDL_NONE && (x < 0 || x > 10000))
		return bad_input(err);
	f->utnyttjandegrad_bp = x == FS_TDL_NONE ? -1 : (int32_t)x;
	v = json_object_get(o, "over_trappan");
	f->over_trappan = v == NULL || json_is_null(v) ? -1 :
	    json_is_true(v) ? 1 : 0;
	return FS_OK;
}

enum fs_rc
fs_tdl_input_from_json(const char *text, size_t len, struct fs_tdl_input *out,
    struct fs_err *err)
{
	json_error_t je;
	json_t *root, *ka, *fa, *v;
	const char *day;
	int64_t x;
	size_t i;
	enum fs_rc rc = FS_OK;

	memset(out, 0, sizeof(*out));
	root = json_loadb(text, len, 0, &je);
	if (root == NULL)
		return bad_input(err);
	ka = json_object_get(root, "kommuner");
	fa = json_object_get(root, "forbund");
	day = get_str(root, "medlemsdag");
	if (!json_is_array(ka) || !json_is_array(fa) || day == NULL) {
		rc = bad_input(err);
		goto out;
	}
	if (fs_parse_date(day, strlen(day), &out->medlemsdag, "medlemsdag",
	    NULL) != FS_OK) {
		rc = bad_input(err);
		goto out;
	}
	x = 0;
	if (!get_opt(root, "ar", &x) || x == FS_TDL_NONE) {
		rc = bad_input(err);
		goto out;
	}
	out->ar = (int)x;
	if (!get_opt(root, "dataar", &x) || x == FS_TDL_NONE) {
		rc = bad_input(err);
		goto out;
	}
	out->dataar = (int)x;
	if (!get_opt(root, "kapitalar", &x) || x == FS_TDL_NONE) {
		rc = bad_input(err);
		goto out;
	}
	out->kapitalar = (int)x;
	out->kommun = fs_calloc(json_array_size(ka) + 1, sizeof(*out->kommun));
	out->forbund = fs_calloc(json_array_size(fa) + 1,
	    sizeof(*out->forbund));
	if (out->kommun == NULL || out->forbund == NULL) {
		rc = FIN_NOMEM(err);
		goto out;
	}
	json_array_foreach(ka, i, v) {
		struct fs_tdl_kommun *k = &out->kommun[out->nkommun];
		const char *kod = get_str(v, "kod"), *namn = get_str(v, "namn");

		if (kod == NULL || namn == NULL || strlen(kod) != 4 ||
		    !get_opt(v, "forsorjningsmatt_tkr", &k->fm_tkr) ||
		    !get_opt(v, "befolkning", &k->befolkning) ||
		    k->fm_tkr == FS_TDL_NONE || k->befolkning == FS_TDL_NONE ||
		    (out->nkommun > 0 &&
		    strcmp(out->kommun[out->nkommun - 1].kod, kod) >= 0)) {
			rc = bad_input(err);
			goto out;
		}
		snprintf(k->kod, sizeof(k->kod), "%s", kod);
		snprintf(k->namn, sizeof(k->namn), "%s", namn);
		out->nkommun++;
	}
	json_array_foreach(fa, i, v) {
		struct fs_tdl_in_forbund *f = &out->forbund[out->nforbund];

		forbund_blank(f);
		out->nforbund++;
		rc = forbund_from_json(v, out, f, err);
		if (rc != FS_OK)
			goto out;
	}
out:
	json_decref(root);
	if (rc != FS_OK)
		fs_tdl_input_release(out);
	return rc;
}
