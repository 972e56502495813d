/* SPDX-License-Identifier: ISC */
/*
 * The stored kommun split of a förbund (ekonomi.h "Stored kommun
 * split"): how the kommuner divide their quarter, recorded per förbund
 * from an allocation year with the date of the decision, the split in
 * force for a year, the history, and its JSON and text.  Owns the
 * tables kommunfordelning and kommunfordelning_andel.  The rules of
 * the split itself (largest remainder) stay in finance_bidrag.c.
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
fs_kommunfordelning_release(struct fs_kommunfordelning *k)
{
	if (k == NULL)
		return;
	free(k->andel);
	memset(k, 0, sizeof(*k));
	k->beslutad = FS_DATE_NONE;
}

void
fs_kommunfordelning_list_free(struct fs_kommunfordelning *v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++)
		fs_kommunfordelning_release(&v[i]);
	free(v);
}

static void
init(struct fs_kommunfordelning *k, const char *kod)
{
	memset(k, 0, sizeof(*k));
	k->beslutad = FS_DATE_NONE;
	k->fordelning = FS_BIDRAG_BEFOLKNING;
	snprintf(k->kod, sizeof(k->kod), "%s", kod);
}

/* Check the shares against the members of förbund fid on 1 January. */
static enum fs_rc
check_shares(struct fs_db *db, int64_t fid, int ar,
    const struct fs_kfd_andel *v, size_t n, struct fs_err *err)
{
	char (*k)[5] = NULL;
	size_t nk = 0;
	int64_t sum = 0;
	enum fs_rc rc;

	rc = fs_forbund_kommuner_on(db, fid, fs_date_from_ymd(ar, 1, 1), &k,
	    &nk, err);
	if (rc != FS_OK)
		return rc;
	if (nk == 0)
		rc = fs_err_set(err, FS_EINVAL, "fran_ar",
		    "förbundet har inga medlemskommuner den 1 januari året");
	for (size_t i = 0; rc == FS_OK && i < n; i++) {
		bool member = false;

		if (v[i].andel_bp < 0 || v[i].andel_bp > 10000) {
			rc = fs_err_set(err, FS_EINVAL, "andelar",
			    "en andel måste ligga mellan 0 och 100 %%");
			break;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(v[j].kod, v[i].kod) == 0)
				rc = fs_err_set(err, FS_EINVAL, "andelar",
				    "kommunen %s står två gånger", v[i].kod);
		for (size_t j = 0; j < nk; j++)
			member = member || strcmp(k[j], v[i].kod) == 0;
		if (rc == FS_OK && !member)
			rc = fs_err_set(err, FS_EINVAL, "andelar",
			    "kommunen %.4s är inte medlem i förbundet den 1 "
			    "januari %d", v[i].kod, ar);
		sum += v[i].andel_bp;
	}
	for (size_t j = 0; rc == FS_OK && j < nk; j++) {
		bool given = false;

		for (size_t i = 0; i < n; i++)
			given = given || strcmp(k[j], v[i].kod) == 0;
		if (!given)
			rc = fs_err_set(err, FS_EINVAL, "andelar",
			    "andel saknas för medlemskommunen %s", k[j]);
	}
	if (rc == FS_OK && sum != 10000)
		rc = fs_err_set(err, FS_EINVAL, "andelar",
		    "andelarna måste tillsammans vara exakt 100 %%");
	free(k);
	return rc;
}

enum fs_rc
fs_kommunfordelning_set(struct fs_db *db, const char *forbund_kod,
    int fran_ar, enum fs_bidrag_fordelning f, int32_t beslutad,
    const struct fs_kfd_andel *andelar, size_t n, struct fs_err *err)
{
	struct fs_forbund fb;
	struct fs_stmt *s;
	char now[21], obj[64], details[64];
	enum fs_rc rc;
	bool own = false;

	fs_forbund_init(&fb);
	if (fran_ar < 1990 || fran_ar > 2999)
		return fs_err_set(err, FS_EINVAL, "fran_ar",
		    "året måste ligga mellan 1990 och 2999");
	if ((unsigned)f >= FS_BIDRAG__MAX)
		return fs_err_set(err, FS_EINVAL, "fordelning",
		    "måste vara befolkning, lika eller andelar");
	if (f == FS_BIDRAG_ANDELAR && n == 0)
		return fs_err_set(err, FS_EINVAL, "andelar",
		    "fördelning efter andelar kräver en andel per kommun");
	if (f != FS_BIDRAG_ANDELAR && n > 0)
		return fs_err_set(err, FS_EINVAL, "andelar",
		    "andelar anges bara med fördelningen andelar");
	if (beslutad != FS_DATE_NONE && beslutad > fs_date_today())
		return fs_err_set(err, FS_EINVAL, "beslutad",
		    "beslutsdatumet får inte ligga i framtiden");
	rc = fs_forbund_get_kod(db, forbund_kod, &fb, err);
	if (rc == FS_OK && n > 0)
		rc = check_shares(db, fb.id, fran_ar, andelar, n, err);
	if (rc != FS_OK)
		goto out;
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		goto out;
	fs_db_now(now);
	rc = fs_store_stmt(db->store, FS_STMT_KFD_UPSERT, &s, err);
	if (rc == FS_OK) {
		fs_stmt_bind_i64(s, 1, fb.id);
		fs_stmt_bind_i64(s, 2, fran_ar);
		fs_stmt_bind_str(s, 3, fs_bidrag_fordelning_name(f));
		fs_stmt_bind_date(s, 4, beslutad);
		fs_stmt_bind_str(s, 5, now);
		fs_stmt_bind_str(s, 6, db->actor);
		rc = fs_stmt_exec(s, err);
	}
	if (rc == FS_OK)
		rc = fs_store_stmt(db->store, FS_STMT_KFD_ANDEL_DELETE, &s,
		    err);
	if (rc == FS_OK) {
		fs_stmt_bind_i64(s, 1, fb.id);
		fs_stmt_bind_i64(s, 2, fran_ar);
		rc = fs_stmt_exec(s, err);
	}
	if (rc == FS_OK)
		rc = fs_store_stmt(db->store, FS_STMT_KFD_ANDEL_INSERT, &s,
		    err);
	for (size_t i = 0; rc == FS_OK && i < n; i++) {
		fs_stmt_bind_i64(s, 1, fb.id);
		fs_stmt_bind_i64(s, 2, fran_ar);
		fs_stmt_bind_str(s, 3, andelar[i].kod);
		fs_stmt_bind_i64(s, 4, andelar[i].andel_bp);
		rc = fs_stmt_exec(s, err);
	}
	snprintf(obj, sizeof(obj), "%s %d", fb.kod, fran_ar);
	snprintf(details, sizeof(details), "{\"fordelning\":\"%s\"}",
	    fs_bidrag_fordelning_name(f));
	if (rc == FS_OK)
		rc = fs_db_audit(db, "ekonomi.kommunfordelning", obj, fb.id, 0,
		    "ok", details, err);
	rc = fs_db_tx_end(db, own, rc, err);
out:
	fs_forbund_release(&fb);
	return rc;
}

/* The shares of the split of fid from fran_ar into k. */
static enum fs_rc
load_shares(struct fs_db *db, int64_t fid, struct fs_kommunfordelning *k,
    struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	rc = fs_store_stmt(db->store, FS_STMT_KFD_ANDEL_LIST, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, fid);
	fs_stmt_bind_i64(s, 2, k->fran_ar);
	for (;;) {
		struct fs_kfd_andel *g;

		rc = fs_stmt_step(s, &row, err);
		if (rc != FS_OK || !row)
			break;
		g = fs_reallocarray(k->andel, k->nandel + 1, sizeof(*g));
		if (g == NULL) {
			rc = FIN_NOMEM(err);
			break;
		}
		k->andel = g;
		g += k->nandel++;
		memset(g, 0, sizeof(*g));
		snprintf(g->kod, sizeof(g->kod), "%s",
		    fs_stmt_col_text(s, 0, NULL));
		snprintf(g->namn, sizeof(g->namn), "%s",
		    fs_stmt_col_text(s, 1, NULL));
		g->andel_bp = (int32_t)fs_stmt_col_i64(s, 2);
	}
	fs_stmt_reset(s);
	return rc;
}

/* Every split of the förbund from a year up to ar (0: all). */
static enum fs_rc
load(struct fs_db *db, const char *forbund_kod, int ar,
    struct fs_kommunfordelning **v, size_t *n, struct fs_err *err)
{
	struct fs_forbund fb;
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	*v = NULL;
	*n = 0;
	fs_forbund_init(&fb);
	rc = fs_forbund_get_kod(db, forbund_kod, &fb, err);
	if (rc == FS_OK)
		rc = fs_store_stmt(db->store, FS_STMT_KFD_LIST, &s, err);
	if (rc != FS_OK)
		goto out;
	fs_stmt_bind_i64(s, 1, fb.id);
	fs_stmt_bind_i64(s, 2, ar == 0 ? 9999 : ar);
	for (;;) {
		struct fs_kommunfordelning *g;
		int f;

		rc = fs_stmt_step(s, &row, err);
		if (rc != FS_OK || !row)
			break;
		g = fs_reallocarray(*v, *n + 1, sizeof(*g));
		if (g == NULL) {
			rc = FIN_NOMEM(err);
			break;
		}
		*v = g;
		g += (*n)++;
		init(g, fb.kod);
		g->fran_ar = (int)fs_stmt_col_i64(s, 0);
		f = fs_bidrag_fordelning_find(fs_stmt_col_text(s, 1, NULL));
		g->fordelning = f < 0 ? FS_BIDRAG_BEFOLKNING :
		    (enum fs_bidrag_fordelning)f;
		g->beslutad = fs_stmt_col_date(s, 2);
		snprintf(g->registrerad_tid, sizeof(g->registrerad_tid), "%s",
		    fs_stmt_col_text(s, 3, NULL));
		snprintf(g->registrerad_av, sizeof(g->registrerad_av), "%s",
		    fs_stmt_col_text(s, 4, NULL));
	}
	fs_stmt_reset(s);
	for (size_t i = 0; rc == FS_OK && i < *n; i++)
		if ((*v)[i].fordelning == FS_BIDRAG_ANDELAR)
			rc = load_shares(db, fb.id, &(*v)[i], err);
out:
	fs_forbund_release(&fb);
	if (rc != FS_OK) {
		fs_kommunfordelning_list_free(*v, *n);
		*v = NULL;
		*n = 0;
	}
	return rc;
}

enum fs_rc
fs_kommunfordelning_get(struct fs_db *db, const char *forbund_kod, int ar,
    struct fs_kommunfordelning *out, struct fs_err *err)
{
	struct fs_kommunfordelning *v = NULL;
	size_t n = 0;
	enum fs_rc rc;

	init(out, forbund_kod);
	if (ar < 1990 || ar > 2999)
		return fs_err_set(err, FS_EINVAL, "ar",
		    "året måste ligga mellan 1990 och 2999");
	rc = load(db, forbund_kod, ar, &v, &n, err);
	if (rc != FS_OK)
		return rc;
	if (n > 0) {
		/* The latest one holds; hand it over, free the rest. */
		*out = v[n - 1];
		memset(&v[n - 1], 0, sizeof(v[n - 1]));
	}
	fs_kommunfordelning_list_free(v, n);
	return FS_OK;
}

enum fs_rc
fs_kommunfordelning_list(struct fs_db *db, const char *forbund_kod,
    struct fs_kommunfordelning **v, size_t *n, struct fs_err *err)
{
	return load(db, forbund_kod, 0, v, n, err);
}

static const char *
ford_text(enum fs_bidrag_fordelning f)
{
	return f == FS_BIDRAG_BEFOLKNING ? "efter befolkning 16–64 år" :
	    f == FS_BIDRAG_LIKA ? "i lika delar" :
	    "efter överenskomna andelar";
}

static json_t *
one_json(const struct fs_kommunfordelning *k)
{
	json_t *o = json_object(), *a = json_array();
	char d[11];

	json_object_set_new(o, "fran_ar", k->fran_ar == 0 ? json_null() :
	    json_integer(k->fran_ar));
	json_object_set_new(o, "fordelning",
	    json_string(fs_bidrag_fordelning_name(k->fordelning)));
	json_object_set_new(o, "standard", json_boolean(k->fran_ar == 0));
	if (k->beslutad != FS_DATE_NONE) {
		fs_date_format(k->beslutad, d);
		json_object_set_new(o, "beslutad", json_string(d));
	} else
		json_object_set_new(o, "beslutad", json_null());
	for (size_t i = 0; i < k->nandel; i++) {
		json_t *x = json_object();

		json_object_set_new(x, "kod", json_string(k->andel[i].kod));
		json_object_set_new(x, "namn", json_string(k->andel[i].namn));
		json_object_set_new(x, "procent",
		    fin_json_bp(k->andel[i].andel_bp));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "andelar", a);
	json_object_set_new(o, "registrerad_av", k->fran_ar == 0 ?
	    json_null() : json_string(k->registrerad_av));
	json_object_set_new(o, "registrerad_tid", k->fran_ar == 0 ?
	    json_null() : json_string(k->registrerad_tid));
	return o;
}

enum fs_rc
fs_kommunfordelning_write(const char *forbund_kod,
    const struct fs_kommunfordelning *v, size_t n, enum fs_ek_format f,
    struct fs_buf *out, struct fs_err *err)
{
	enum fs_rc rc = FS_OK;

	if (f == FS_EK_JSON) {
		json_t *o = json_object(), *a = json_array();

		json_object_set_new(o, "forbund_kod", json_string(forbund_kod));
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, one_json(&v[i]));
		json_object_set_new(o, "fordelningar", a);
		rc = fin_json_dump(o, out, err);
		json_decref(o);
		return rc;
	}
	if (n == 0)
		rc = fs_buf_addf(out, "Ingen fördelning registrerad för %s: "
		    "kommunernas del fördelas efter befolkning 16–64 år.\n",
		    forbund_kod);
	for (size_t i = 0; rc == FS_OK && i < n; i++) {
		char d[11] = "";
		char pct[24];

		if (v[i].fran_ar == 0) {
			rc = fs_buf_addf(out, "%s: ingen sparad fördelning, "
			    "standard %s.\n", forbund_kod,
			    ford_text(v[i].fordelning));
			continue;
		}
		if (v[i].beslutad != FS_DATE_NONE)
			fs_date_format(v[i].beslutad, d);
		rc = fs_buf_addf(out, "Från %d: kommunernas del %s%s%s.\n",
		    v[i].fran_ar, ford_text(v[i].fordelning),
		    d[0] != '\0' ? ", beslutad " : "", d);
		for (size_t j = 0; rc == FS_OK && j < v[i].nandel; j++) {
			fin_bp(pct, v[i].andel[j].andel_bp);
			rc = fs_buf_addf(out, "  %s ", v[i].andel[j].kod);
			if (rc == FS_OK)
				rc = fin_pad(out, v[i].andel[j].namn, 20);
			if (rc == FS_OK)
				rc = fs_buf_addf(out, "%10s\n", pct);
		}
	}
	return rc == FS_OK ? FS_OK : FIN_NOMEM(err);
}

/*
 * Walk "KKKK:V,KKKK:V": call one(kod, value text, i) per item; the
 * items are counted first so that the caller can allocate.
 */
static enum fs_rc
walk(const char *s, size_t *n, enum fs_rc (*one)(const char *kod,
    const char *v, size_t i, void *arg, struct fs_err *err), void *arg,
    struct fs_err *err)
{
	const char *p = s;
	char kod[5], v[24];
	size_t i = 0;
	enum fs_rc rc = FS_OK;

	while (rc == FS_OK && *p != '\0') {
		const char *comma = strchr(p, ','), *colon;
		size_t len = comma == NULL ? strlen(p) : (size_t)(comma - p);

		colon = memchr(p, ':', len);
		if (colon == NULL || colon - p != 4 || len == 5 ||
		    len - 5 >= sizeof(v))
			return fs_err_set(err, FS_EINVAL, "andelar",
			    "skrivs KOMMUNKOD:ANDEL, åtskilda med komma, "
			    "t.ex. 0662:40,0665:60");
		memcpy(kod, p, 4);
		kod[4] = '\0';
		snprintf(v, sizeof(v), "%.*s", (int)(len - 5), colon + 1);
		if (one != NULL)
			rc = one(kod, v, i, arg, err);
		i++;
		p += len;
		if (*p == ',' && *++p == '\0')
			return fs_err_set(err, FS_EINVAL, "andelar",
			    "en andel saknas efter sista kommatecknet");
	}
	if (rc == FS_OK && i == 0)
		rc = fs_err_set(err, FS_EINVAL, "andelar",
		    "minst en andel måste anges");
	*n = i;
	return rc;
}

static enum fs_rc
one_raw(const char *kod, const char *v, size_t i, void *arg,
    struct fs_err *err)
{
	struct fs_bidrag_medlem *m = (struct fs_bidrag_medlem *)arg + i;

	snprintf(m->kod, sizeof(m->kod), "%s", kod);
	return fs_parse_i64(v, strlen(v), 0, 1000000000, &m->andel, "andelar",
	    err);
}

static enum fs_rc
one_pct(const char *kod, const char *v, size_t i, void *arg,
    struct fs_err *err)
{
	struct fs_kfd_andel *m = (struct fs_kfd_andel *)arg + i;

	snprintf(m->kod, sizeof(m->kod), "%s", kod);
	return fs_tdl_parse_procent(v, 0, 10000, &m->andel_bp, "andelar", err);
}

/* Count the items of s, allocate *out and fill it with one(). */
static enum fs_rc
parse_list(const char *s, size_t elem, enum fs_rc (*one)(const char *kod,
    const char *v, size_t i, void *arg, struct fs_err *err), void **out,
    size_t *n, struct fs_err *err)
{
	enum fs_rc rc;

	*out = NULL;
	rc = walk(s, n, NULL, NULL, err);
	if (rc != FS_OK)
		return rc;
	*out = fs_calloc(*n, elem);
	if (*out == NULL)
		return FIN_NOMEM(err);
	rc = walk(s, n, one, *out, err);
	if (rc != FS_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

enum fs_rc
fs_bidrag_andelar_parse(const char *s, struct fs_bidrag_medlem **out,
    size_t *n, struct fs_err *err)
{
	void *v = NULL;
	enum fs_rc rc = parse_list(s, sizeof(**out), one_raw, &v, n, err);

	*out = v;
	return rc;
}

enum fs_rc
fs_kfd_andelar_parse(const char *s, struct fs_kfd_andel **out, size_t *n,
    struct fs_err *err)
{
	void *v = NULL;
	enum fs_rc rc = parse_list(s, sizeof(**out), one_pct, &v, n, err);

	*out = v;
	return rc;
}
