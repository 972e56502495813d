/* SPDX-License-Identifier: ISC */
/*
 * The municipality panel in the database (utvardering.h): importing
 * kommun x year outcomes from a panel file or computing them from the
 * försörjningsmått table, each kommun's joining year from the dated
 * memberships, loading a panel for the estimator, and running and
 * storing a difference-in-differences analysis.  Owns the tables
 * utvardering_panel and utvardering_resultat.
 */
#include "compat.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/csv.h"
#include "finsam/db.h"
#include "finsam/err.h"
#include "finsam/forbund.h"
#include "finsam/parse.h"
#include "finsam/store.h"
#include "finsam/utvardering.h"
#include "utvardering_int.h"

#define MAX_UTFALL	64

static enum fs_rc
nomem(struct fs_err *err)
{
	return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
}

/* ---- import ---------------------------------------------------------- */

struct prow {
	char		 kommun[5];
	int		 ar;
	long		 line;
	double		 v[MAX_UTFALL];	/* NaN = missing */
};

static int
prow_cmp(const void *a, const void *b)
{
	const struct prow *x = a, *y = b;
	int c = strcmp(x->kommun, y->kommun);

	if (c != 0)
		return c;
	if (x->ar != y->ar)
		return x->ar < y->ar ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static bool
utfall_name_ok(const char *p, size_t n)
{
	if (n == 0 || n > FS_DID_NAMN_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		    (p[i] >= '0' && p[i] <= '9') || p[i] == '_'))
			return false;
	return true;
}

static enum fs_rc
row_fail(struct fs_err *err, long line, const char *field, const char *rule)
{
	return fs_err_set(err, FS_EINVAL, field, "panelfilen, rad %ld: %s", line,
	    rule);
}

/* Store rows v[0..n) of the outcomes names[0..nu) in one transaction. */
static enum fs_rc
store_rows(struct fs_db *db, char (*names)[FS_DID_NAMN_MAX + 1], size_t nu,
    const struct prow *v, size_t n, struct fs_utvardering_panelinfo *info,
    const char *what, struct fs_err *err)
{
	struct fs_stmt *s = NULL;
	enum fs_rc rc;
	bool own;
	char det[128];

	memset(info, 0, sizeof(*info));
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		return rc;
	for (size_t u = 0; u < nu && rc == FS_OK; u++) {
		rc = fs_store_stmt(db->store, FS_STMT_UTV_PANEL_DELETE, &s, err);
		if (rc == FS_OK) {
			fs_stmt_bind_str(s, 1, names[u]);
			rc = fs_stmt_exec(s, err);
		}
	}
	for (size_t i = 0; i < n && rc == FS_OK; i++) {
		if (i == 0 || strcmp(v[i].kommun, v[i - 1].kommun) != 0)
			info->kommuner++;
		if (info->ar_min == 0 || v[i].ar < info->ar_min)
			info->ar_min = v[i].ar;
		if (v[i].ar > info->ar_max)
			info->ar_max = v[i].ar;
		for (size_t u = 0; u < nu && rc == FS_OK; u++) {
			if (isnan(v[i].v[u]))
				continue;
			rc = fs_store_stmt(db->store, FS_STMT_UTV_PANEL_INSERT,
			    &s, err);
			if (rc != FS_OK)
				break;
			fs_stmt_bind_str(s, 1, names[u]);
			fs_stmt_bind_str(s, 2, v[i].kommun);
			fs_stmt_bind_i64(s, 3, v[i].ar);
			fs_stmt_bind_double(s, 4, v[i].v[u]);
			rc = fs_stmt_exec(s, err);
			info->rader++;
		}
	}
	info->utfall = nu;
	if (rc == FS_OK) {
		snprintf(det, sizeof(det), "{\"kalla\":\"%s\",\"utfall\":%zu,"
		    "\"rader\":%llu}", what, nu,
		    (unsigned long long)info->rader);
		rc = fs_db_audit(db, "utvardering.panel", "utvardering_panel", 0,
		    0, "ok", det, err);
	}
	rc = fs_db_tx_end(db, own, rc, err);
	if (rc != FS_OK)
		memset(info, 0, sizeof(*info));
	return rc;
}

static enum fs_rc
import(struct fs_db *db, struct fs_csv *c, struct fs_utvardering_panelinfo *info,
    struct fs_err *err)
{
	char names[MAX_UTFALL][FS_DID_NAMN_MAX + 1];
	int col_kommun = -1, col_ar = -1, col_u[MAX_UTFALL];
	struct prow *v = NULL, *nv;
	size_t nu = 0, n = 0, cap = 0, nf;
	enum fs_rc rc;
	bool row, comma;

	rc = fs_csv_next(c, &row, err);
	if (rc != FS_OK)
		return rc;
	if (!row)
		return fs_err_set(err, FS_EINVAL, "panel",
		    "panelfilen är tom: rubrikraden saknas");
	comma = fs_csv_separator(c) == ';';
	nf = fs_csv_nfields(c);
	for (size_t i = 0; i < nf; i++) {
		struct fs_str f = fs_csv_field(c, i);

		if (f.len == 9 && memcmp(f.p, "kommunkod", 9) == 0) {
			if (col_kommun >= 0)
				return fs_err_set(err, FS_EINVAL, "kommunkod",
				    "kolumnen finns två gånger i rubrikraden");
			col_kommun = (int)i;
			continue;
		}
		if (f.len == 2 && memcmp(f.p, "ar", 2) == 0) {
			if (col_ar >= 0)
				return fs_err_set(err, FS_EINVAL, "ar",
				    "kolumnen finns två gånger i rubrikraden");
			col_ar = (int)i;
			continue;
		}
		if (!utfall_name_ok(f.p, f.len))
			return fs_err_set(err, FS_EINVAL, "utfall",
			    "kolumn %zu: ett utfalls namn ska vara 1–64 tecken "
			    "av a–z, 0–9 och _", i + 1);
		if (nu == MAX_UTFALL)
			return fs_err_set(err, FS_EINVAL, "utfall",
			    "högst 64 utfall i en fil");
		memcpy(names[nu], f.p, f.len);
		names[nu][f.len] = '\0';
		for (size_t u = 0; u < nu; u++)
			if (strcmp(names[u], names[nu]) == 0)
				return fs_err_set(err, FS_EINVAL, "utfall",
				    "kolumn %zu: samma utfall finns två gånger",
				    i + 1);
		col_u[nu++] = (int)i;
	}
	if (col_kommun < 0)
		return fs_err_set(err, FS_EINVAL, "kommunkod",
		    "kolumnen saknas i panelfilens rubrikrad");
	if (col_ar < 0)
		return fs_err_set(err, FS_EINVAL, "ar",
		    "kolumnen saknas i panelfilens rubrikrad");
	if (nu == 0)
		return fs_err_set(err, FS_EINVAL, "utfall",
		    "panelfilen har ingen utfallskolumn");
	for (;;) {
		struct fs_err e2 = FS_ERR_INIT;
		struct prow *r;
		struct fs_str k;
		int64_t ar;
		char lan[3];
		long line;

		rc = fs_csv_next(c, &row, err);
		if (rc != FS_OK || !row)
			break;
		line = fs_csv_line(c);
		if (fs_csv_nfields(c) != nf) {
			rc = row_fail(err, line, "panel", "raden ska ha lika "
			    "många fält som rubrikraden");
			break;
		}
		if (n == cap) {
			cap = cap == 0 ? 1024 : cap * 2;
			nv = fs_reallocarray(v, cap, sizeof(*v));
			if (nv == NULL) {
				rc = nomem(err);
				break;
			}
			v = nv;
		}
		r = &v[n];
		r->line = line;
		k = fs_csv_field(c, (size_t)col_kommun);
		if (k.len != 4 || fs_kommun_check(db, k.p, k.len, lan,
		    "kommunkod", &e2) != FS_OK) {
			rc = row_fail(err, line, "kommunkod", "måste vara "
			    "koden för en kommun (fyra siffror)");
			break;
		}
		memcpy(r->kommun, k.p, 4);
		r->kommun[4] = '\0';
		k = fs_csv_field(c, (size_t)col_ar);
		if (fs_parse_i64(k.p, k.len, FS_DID_AR_MIN, FS_DID_AR_MAX, &ar,
		    "ar", NULL) != FS_OK) {
			rc = row_fail(err, line, "ar",
			    "måste vara ett år 1900–2100");
			break;
		}
		r->ar = (int)ar;
		for (size_t u = 0; u < nu && rc == FS_OK; u++) {
			k = fs_csv_field(c, (size_t)col_u[u]);
			r->v[u] = NAN;
			if (k.len > 0 && !fs_utvardering_parse_num(k.p, k.len,
			    comma, &r->v[u]))
				rc = fs_err_set(err, FS_EINVAL, names[u],
				    "panelfilen, rad %ld: måste vara tomt "
				    "eller ett tal (decimalpunkt, eller "
				    "decimalkomma med semikolon som "
				    "avgränsare)", line);
		}
		if (rc != FS_OK)
			break;
		n++;
	}
	if (rc == FS_EINVAL && strcmp(err->field, "csv") == 0) {
		char msg[sizeof(err->msg)];

		memcpy(msg, err->msg, sizeof(msg));
		fs_err_set(err, FS_EINVAL, "panel", "panelfilen, %s", msg);
	}
	if (rc == FS_OK) {
		qsort(v, n, sizeof(*v), prow_cmp);
		for (size_t i = 1; i < n && rc == FS_OK; i++)
			if (strcmp(v[i].kommun, v[i - 1].kommun) == 0 &&
			    v[i].ar == v[i - 1].ar)
				rc = row_fail(err, v[i].line, "ar",
				    "kommunen har redan en rad för året");
	}
	if (rc == FS_OK)
		rc = store_rows(db, names, nu, v, n, info, "fil", err);
	free(v);
	return rc;
}

enum fs_rc
fs_utvardering_panel_import_file(struct fs_db *db, const char *path,
    struct fs_utvardering_panelinfo *info, struct fs_err *err)
{
	struct fs_csv *c;
	enum fs_rc rc;

	memset(info, 0, sizeof(*info));
	rc = fs_csv_open_file(path, &c, err);
	if (rc != FS_OK)
		return fs_err_set(err, rc, "fil", "panelfilen kan inte öppnas");
	rc = import(db, c, info, err);
	fs_csv_free(c);
	return rc;
}

enum fs_rc
fs_utvardering_panel_import_mem(struct fs_db *db, const char *p, size_t len,
    struct fs_utvardering_panelinfo *info, struct fs_err *err)
{
	struct fs_csv *c;
	enum fs_rc rc;

	memset(info, 0, sizeof(*info));
	rc = fs_csv_open_mem(p, len, &c, err);
	if (rc != FS_OK)
		return rc;
	rc = import(db, c, info, err);
	fs_csv_free(c);
	return rc;
}

/* ---- från försörjningsmått ------------------------------------------ */

enum fs_rc
fs_utvardering_panel_fm(struct fs_db *db,
    struct fs_utvardering_panelinfo *info, struct fs_err *err)
{
	static const char *const fm[] = {
		"fm_sjukpenning", "fm_aktivitetsersattning",
		"fm_sjukersattning", "fm_a_kassa", "fm_aktivitetsstod",
		"fm_etableringsersattning", "fm_forsorjningsstod", "fm_totalt",
	};
	char names[FS_NELEM(fm)][FS_DID_NAMN_MAX + 1];
	struct prow *v = NULL, *nv;
	struct fs_stmt *s = NULL;
	size_t n = 0, cap = 0;
	enum fs_rc rc;
	bool row;

	memset(info, 0, sizeof(*info));
	for (size_t u = 0; u < FS_NELEM(fm); u++)
		snprintf(names[u], sizeof(names[u]), "%s", fm[u]);
	rc = fs_store_stmt(db->store, FS_STMT_UTV_FM_SCAN, &s, err);
	while (rc == FS_OK) {
		int64_t bef, sum = 0;
		struct prow *r;

		rc = fs_stmt_step(s, &row, err);
		if (rc != FS_OK || !row)
			break;
		bef = fs_stmt_col_i64(s, 2);
		if (bef <= 0)
			continue;
		if (n == cap) {
			cap = cap == 0 ? 1024 : cap * 2;
			nv = fs_reallocarray(v, cap, sizeof(*v));
			if (nv == NULL) {
				rc = nomem(err);
				break;
			}
			v = nv;
		}
		r = &v[n++];
		memset(r, 0, sizeof(*r));
		r->ar = (int)fs_stmt_col_i64(s, 0);
		snprintf(r->kommun, sizeof(r->kommun), "%s",
		    fs_stmt_col_text(s, 1, NULL));
		for (int j = 0; j < 7; j++) {
			int64_t tkr = fs_stmt_col_i64(s, 3 + j);

			/* tkr -> kronor per inhabitant aged 16-64 */
			r->v[j] = (double)tkr * 1000.0 / (double)bef;
			sum += tkr;
		}
		r->v[7] = (double)sum * 1000.0 / (double)bef;
	}
	if (s != NULL)
		fs_stmt_reset(s);
	if (rc == FS_OK && n == 0)
		rc = fs_err_set(err, FS_ENOTFOUND, "forsorjningsmatt",
		    "inga försörjningsmått finns inlästa; läs in dem först "
		    "eller ange en panelfil med --fil");
	if (rc == FS_OK)
		rc = store_rows(db, names, FS_NELEM(fm), v, n, info,
		    "forsorjningsmatt", err);
	free(v);
	return rc;
}

/* ---- lists, cohorts, loading ----------------------------------------- */

static enum fs_rc
read_utfall(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	struct fs_utvardering_utfall *u = elem;

	(void)arg;
	(void)err;
	snprintf(u->namn, sizeof(u->namn), "%s", fs_stmt_col_text(s, 0, NULL));
	u->kommuner = (uint64_t)fs_stmt_col_i64(s, 1);
	u->ar_min = (int)fs_stmt_col_i64(s, 2);
	u->ar_max = (int)fs_stmt_col_i64(s, 3);
	return FS_OK;
}

enum fs_rc
fs_utvardering_utfall_lista(struct fs_db *db,
    struct fs_utvardering_utfall **out, size_t *n, struct fs_err *err)
{
	struct fs_stmt *s;
	void *v;
	enum fs_rc rc;

	*out = NULL;
	*n = 0;
	rc = fs_store_stmt(db->store, FS_STMT_UTV_UTFALL_LIST, &s, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_stmt_collect(s, sizeof(**out), read_utfall, NULL, &v, n, err);
	if (rc != FS_OK) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return FS_OK;
}

/* The first year of whole-year membership starting on day fran. */
static int
joining_year(int32_t fran)
{
	int y, m, d;

	fs_date_to_ymd(fran, &y, &m, &d);
	return m == 1 && d == 1 ? y : y + 1;
}

/* A kommun of the panel, before its membership is known. */
static enum fs_rc
read_kommun(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	struct fs_utvardering_kohort *k = elem;

	(void)arg;
	(void)err;
	snprintf(k->kommun, sizeof(k->kommun), "%s",
	    fs_stmt_col_text(s, 0, NULL));
	return FS_OK;
}

enum fs_rc
fs_utvardering_kohorter(struct fs_db *db, struct fs_utvardering_kohort **out,
    size_t *n, struct fs_err *err)
{
	struct fs_utvardering_kohort *v = NULL;
	struct fs_stmt *s = NULL;
	void *raw = NULL;
	size_t j = 0;
	enum fs_rc rc;
	bool row;

	*out = NULL;
	*n = 0;
	rc = fs_store_stmt(db->store, FS_STMT_UTV_KOMMUN_LIST, &s, err);
	if (rc == FS_OK) {
		rc = fs_stmt_collect(s, sizeof(*v), read_kommun, NULL, &raw, n,
		    err);
		v = raw;
	}
	if (rc == FS_OK)
		rc = fs_store_stmt(db->store, FS_STMT_UTV_MEDLEM_KOMMUNER, &s,
		    err);
	/* Memberships come by kommun code, then fran; so do kommuner. */
	while (rc == FS_OK) {
		const char *k;
		int32_t fran;
		bool open;

		rc = fs_stmt_step(s, &row, err);
		if (rc != FS_OK || !row)
			break;
		k = fs_stmt_col_text(s, 0, NULL);
		fran = fs_stmt_col_date(s, 1);
		open = fs_stmt_col_null(s, 2);
		while (j < *n && strcmp(v[j].kommun, k) < 0)
			j++;
		if (j == *n || strcmp(v[j].kommun, k) != 0 ||
		    fran == FS_DATE_NONE)
			continue;
		if (v[j].ar == 0) {
			v[j].ar = joining_year(fran);
			v[j].lamnat = true;
		}
		if (open)
			v[j].lamnat = false;
	}
	if (s != NULL)
		fs_stmt_reset(s);
	if (rc != FS_OK) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return FS_OK;
}

static int
kohort_cmp(const void *a, const void *b)
{
	return strcmp(((const struct fs_utvardering_kohort *)a)->kommun,
	    ((const struct fs_utvardering_kohort *)b)->kommun);
}

enum fs_rc
fs_utvardering_panel_load(struct fs_db *db, const char *utfall,
    struct fs_did_panel **out, size_t *lamnat, struct fs_err *err)
{
	struct fs_utvardering_kohort *k = NULL, key;
	struct fs_did_panel *p = NULL;
	struct fs_stmt *s = NULL;
	size_t nk = 0, rows = 0, left = 0;
	char prev[5] = "";
	enum fs_rc rc;
	bool row;

	*out = NULL;
	if (lamnat != NULL)
		*lamnat = 0;
	rc = fs_utvardering_kohorter(db, &k, &nk, err);
	if (rc == FS_OK)
		rc = fs_did_panel_alloc(&p, err);
	if (rc == FS_OK)
		rc = fs_store_stmt(db->store, FS_STMT_UTV_PANEL_GET, &s, err);
	if (rc == FS_OK)
		fs_stmt_bind_str(s, 1, utfall);
	while (rc == FS_OK) {
		const struct fs_utvardering_kohort *hit;

		rc = fs_stmt_step(s, &row, err);
		if (rc != FS_OK || !row)
			break;
		memset(&key, 0, sizeof(key));
		snprintf(key.kommun, sizeof(key.kommun), "%s",
		    fs_stmt_col_text(s, 0, NULL));
		hit = bsearch(&key, k, nk, sizeof(*k), kohort_cmp);
		rc = fs_did_panel_add(p, key.kommun,
		    (int)fs_stmt_col_i64(s, 1), fs_stmt_col_double(s, 2),
		    hit == NULL ? 0 : hit->ar, err);
		if (hit != NULL && hit->lamnat && strcmp(prev, key.kommun) != 0)
			left++;
		memcpy(prev, key.kommun, sizeof(prev));
		rows++;
	}
	if (s != NULL)
		fs_stmt_reset(s);
	if (rc == FS_OK && rows == 0)
		rc = fs_err_set(err, FS_ENOTFOUND, "utfall",
		    "inget sådant utfall finns i panelen");
	free(k);
	if (rc != FS_OK) {
		fs_did_panel_free(p);
		return rc;
	}
	if (lamnat != NULL)
		*lamnat = left;
	*out = p;
	return FS_OK;
}

enum fs_rc
fs_utvardering_did(struct fs_db *db, const char *utfall,
    const struct fs_did_params *par, struct fs_did_resultat **out,
    struct fs_err *err)
{
	struct fs_did_panel *p = NULL;
	struct fs_did_resultat *r = NULL;
	struct fs_buf b, svg;
	struct fs_stmt *s = NULL;
	char now[21], params[160];
	size_t left = 0;
	enum fs_rc rc;
	bool own;

	*out = NULL;
	fs_buf_init(&b, 0);
	fs_buf_init(&svg, 0);
	if (utfall == NULL || !utfall_name_ok(utfall, strlen(utfall))) {
		rc = fs_err_set(err, FS_EINVAL, "utfall",
		    "måste vara namnet på ett utfall i panelen (a–z, 0–9, _)");
		goto out;
	}
	rc = fs_utvardering_panel_load(db, utfall, &p, &left, err);
	if (rc == FS_OK)
		rc = fs_did_estimate(p, par, &r, err);
	if (rc != FS_OK)
		goto out;
	snprintf(r->utfall, sizeof(r->utfall), "%s", utfall);
	if (left > 0) {
		char **v = fs_reallocarray(r->varningar, r->nvarningar + 1,
		    sizeof(*v));
		char msg[200];

		if (v == NULL) {
			rc = nomem(err);
			goto out;
		}
		r->varningar = v;
		snprintf(msg, sizeof(msg), "%zu kommuner har lämnat sitt "
		    "förbund; de räknas som behandlade från anslutningsåret",
		    left);
		v[r->nvarningar] = fs_strdup(msg);
		if (v[r->nvarningar] == NULL) {
			rc = nomem(err);
			goto out;
		}
		r->nvarningar++;
	}
	rc = fs_did_resultat_write(r, FS_DID_JSON, &b, err);
	if (rc == FS_OK)
		rc = fs_did_resultat_svg(r, &svg, err);
	if (rc != FS_OK)
		goto out;
	snprintf(params, sizeof(params), "{\"kontroll\":\"%s\","
	    "\"bootstrap\":%u,\"seed\":%llu,\"min_kohort\":%u}",
	    fs_did_kontroll_name(par->kontroll), par->bootstrap,
	    (unsigned long long)par->seed, par->min_kohort);
	fs_db_now(now);
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		goto out;
	rc = fs_store_stmt(db->store, FS_STMT_UTV_RESULTAT_INSERT, &s, err);
	if (rc == FS_OK) {
		fs_stmt_bind_str(s, 1, utfall);
		fs_stmt_bind_str(s, 2, now);
		fs_stmt_bind_str(s, 3, db->actor);
		fs_stmt_bind_str(s, 4, params);
		fs_stmt_bind_str(s, 5, b.buf);
		fs_stmt_bind_str(s, 6, svg.buf);
		rc = fs_stmt_exec(s, err);
	}
	if (rc == FS_OK)
		r->id = fs_store_last_id(db->store);
	rc = fs_db_tx_end(db, own, rc, err);
out:
	fs_buf_release(&b);
	fs_buf_release(&svg);
	fs_did_panel_free(p);
	if (rc != FS_OK) {
		fs_did_resultat_free(r);
		return rc;
	}
	*out = r;
	return FS_OK;
}

enum fs_rc
fs_utvardering_resultat_hamta(struct fs_db *db, const char *utfall,
    struct fs_buf *out, struct fs_err *err)
{
	struct fs_stmt *s = NULL;
	enum fs_rc rc;
	const char *t;
	size_t len;
	bool row;

	rc = fs_store_stmt(db->store, FS_STMT_UTV_RESULTAT_LATEST, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_str(s, 1, utfall);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && !row)
		rc = fs_err_set(err, FS_ENOTFOUND, "utfall",
		    "inget resultat är sparat för utfallet");
	if (rc == FS_OK) {
		t = fs_stmt_col_text(s, 0, &len);
		if (fs_buf_add(out, t, len) != FS_OK)
			rc = nomem(err);
	}
	fs_stmt_reset(s);
	return rc;
}

/* ---- stored results for the web --------------------------------------- */

static void
copy_text(struct fs_stmt *s, int c, char *out, size_t n)
{
	size_t len;
	const char *t = fs_stmt_col_text(s, c, &len);

	if (len >= n)
		len = n - 1;
	memcpy(out, t, len);
	out[len] = '\0';
}

static enum fs_rc
read_korning(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	struct fs_utvardering_korning *k = elem;

	(void)arg;
	(void)err;
	memset(k, 0, sizeof(*k));
	k->id = fs_stmt_col_i64(s, 0);
	copy_text(s, 1, k->utfall, sizeof(k->utfall));
	copy_text(s, 2, k->tid, sizeof(k->tid));
	copy_text(s, 3, k->av, sizeof(k->av));
	copy_text(s, 4, k->parametrar, sizeof(k->parametrar));
	return FS_OK;
}

enum fs_rc
fs_utvardering_resultat_lista(struct fs_db *db,
    struct fs_utvardering_korning **out, size_t *n, struct fs_err *err)
{
	struct fs_stmt *s;
	void *v = NULL;
	enum fs_rc rc;

	*out = NULL;
	*n = 0;
	rc = fs_store_stmt(db->store, FS_STMT_UTV_RESULTAT_LIST, &s, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_stmt_collect(s, sizeof(**out), read_korning, NULL, &v, n, err);
	if (rc != FS_OK) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return FS_OK;
}

enum fs_rc
fs_utvardering_resultat_las(struct fs_db *db, int64_t id, bool svg,
    struct fs_buf *out, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	const char *t;
	size_t len;
	bool row;

	rc = fs_store_stmt(db->store, FS_STMT_UTV_RESULTAT_BY_ID, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, id);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && (!row || fs_stmt_col_null(s, svg ? 2 : 1)))
		rc = fs_err_set(err, FS_ENOTFOUND, "resultat",
		    "det finns inget sådant sparat resultat");
	if (rc == FS_OK) {
		t = fs_stmt_col_text(s, svg ? 2 : 1, &len);
		if (fs_buf_add(out, t, len) != FS_OK)
			rc = fs_err_set(err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
	}
	fs_stmt_reset(s);
	return rc;
}
