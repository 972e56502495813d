/* SPDX-License-Identifier: ISC */
/*
 * Linkage runs (koppling.h, "Runs"): the web application's
 * computations of a project, made in two steps because the two files
 * arrive one request at a time.  Checks and keeps the pseudonymised
 * participation file with the run, computes a spell file against it
 * with the run's parameters, keeps the aggregate JSON and the chart,
 * and drops the kept file once a result exists.  Also the list of a
 * project's exports.  Owns the table koppling_korning; the engine
 * itself is koppling_berakna.c.  Nothing here holds a personnummer:
 * the kept file carries pseudonyms only.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/err.h"
#include "finsam/koppling.h"
#include "finsam/parse.h"
#include "finsam/store.h"
#include "koppling_int.h"

static enum fs_rc
nomem(struct fs_err *err)
{
	return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
}

/* ---- exports ---------------------------------------------------------- */

static enum fs_rc
read_export(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	struct fs_koppling_export *e = elem;

	(void)arg;
	(void)err;
	memset(e, 0, sizeof(*e));
	e->id = fs_stmt_col_i64(s, 0);
	fs_koppling_col(s, 1, e->tid, sizeof(e->tid));
	fs_koppling_col(s, 2, e->av, sizeof(e->av));
	e->rader = fs_stmt_col_i64(s, 3);
	fs_koppling_col(s, 4, e->urval, sizeof(e->urval));
	return FS_OK;
}

/* Collect the rows of statement id bound to one integer key. */
static enum fs_rc
collect(struct fs_db *db, enum fs_stmt_id id, int64_t key, size_t elem,
    fs_row_fn read, void **out, size_t *n, struct fs_err *err)
{
	struct fs_stmt *s;
	void *v = NULL;
	enum fs_rc rc;

	*out = NULL;
	*n = 0;
	rc = fs_store_stmt(db->store, id, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, key);
	rc = fs_stmt_collect(s, elem, read, NULL, &v, n, err);
	if (rc != FS_OK) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return FS_OK;
}

enum fs_rc
fs_koppling_exporter(struct fs_db *db, int64_t id,
    struct fs_koppling_export **out, size_t *n, struct fs_err *err)
{
	struct fs_koppling_projekt p;
	void *v = NULL;
	enum fs_rc rc;

	*out = NULL;
	*n = 0;
	rc = fs_koppling_hamta(db, id, NULL, &p, err);
	if (rc == FS_OK)
		rc = collect(db, FS_STMT_KOPPLING_EXPORT_LIST, id,
		    sizeof(**out), read_export, &v, n, err);
	*out = v;
	return rc;
}

/* ---- parameters ------------------------------------------------------- */

/* The parameters kept with a run, as JSON text into out. */
static enum fs_rc
params_json(const struct fs_koppling_params *p, struct fs_buf *out)
{
	char a[11], b[11];
	enum fs_rc rc;

	if (p->tackning_fran != FS_DATE_NONE)
		fs_date_format(p->tackning_fran, a);
	if (p->tackning_tom != FS_DATE_NONE)
		fs_date_format(p->tackning_tom, b);
	rc = fs_buf_addstr(out, "{\"tackning_fran\":");
	if (rc == FS_OK)
		rc = p->tackning_fran == FS_DATE_NONE ?
		    fs_buf_addstr(out, "null") : fs_buf_addf(out, "\"%s\"", a);
	if (rc == FS_OK)
		rc = fs_buf_addstr(out, ",\"tackning_tom\":");
	if (rc == FS_OK)
		rc = p->tackning_tom == FS_DATE_NONE ?
		    fs_buf_addstr(out, "null") : fs_buf_addf(out, "\"%s\"", b);
	if (rc == FS_OK)
		rc = fs_buf_addf(out, ",\"min_antal\":%u}", p->min_antal);
	return rc;
}

/* A date of the kept parameters: FS_DATE_NONE when null or absent. */
static int32_t
param_date(json_t *o, const char *key)
{
	const char *t = json_string_value(json_object_get(o, key));
	int32_t d = FS_DATE_NONE;

	if (t == NULL || fs_parse_date(t, strlen(t), &d, key, NULL) != FS_OK)
		return FS_DATE_NONE;
	return d;
}

/* Read the kept parameters text[0..len) into the run's fields. */
static void
params_read(const char *text, size_t len, struct fs_koppling_korning *k)
{
	json_t *o = json_loadb(text, len, 0, NULL);
	json_int_t m;

	k->tackning_fran = param_date(o, "tackning_fran");
	k->tackning_tom = param_date(o, "tackning_tom");
	m = json_integer_value(json_object_get(o, "min_antal"));
	k->min_antal = m >= 1 && m <= 1000 ? (unsigned)m : 5;
	json_decref(o);
}

/* ---- runs ------------------------------------------------------------- */

static enum fs_rc
read_korning(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	struct fs_koppling_korning *k = elem;
	const char *t;
	size_t len;

	(void)arg;
	(void)err;
	memset(k, 0, sizeof(*k));
	k->id = fs_stmt_col_i64(s, 0);
	k->projekt_id = fs_stmt_col_i64(s, 1);
	fs_koppling_col(s, 2, k->skapad_tid, sizeof(k->skapad_tid));
	fs_koppling_col(s, 3, k->skapad_av, sizeof(k->skapad_av));
	fs_koppling_col(s, 4, k->status, sizeof(k->status));
	t = fs_stmt_col_text(s, 5, &len);
	params_read(t, len, k);
	k->deltaganden = (uint64_t)fs_stmt_col_i64(s, 6);
	k->perioder = (uint64_t)fs_stmt_col_i64(s, 7);
	fs_koppling_col(s, 8, k->start_tid, sizeof(k->start_tid));
	fs_koppling_col(s, 9, k->klar_tid, sizeof(k->klar_tid));
	fs_koppling_col(s, 10, k->fel_falt, sizeof(k->fel_falt));
	fs_koppling_col(s, 11, k->fel_meddelande, sizeof(k->fel_meddelande));
	return FS_OK;
}

enum fs_rc
fs_koppling_korning_hamta(struct fs_db *db, int64_t id,
    struct fs_koppling_korning *out, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	rc = fs_store_stmt(db->store, FS_STMT_KORNING_BY_ID, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, id);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && !row)
		rc = fs_err_set(err, FS_ENOTFOUND, "korning",
		    "det finns ingen sådan körning");
	if (rc == FS_OK)
		read_korning(s, out, NULL, err);
	fs_stmt_reset(s);
	return rc;
}

enum fs_rc
fs_koppling_korningar(struct fs_db *db, int64_t projekt_id,
    struct fs_koppling_korning **out, size_t *n, struct fs_err *err)
{
	void *v = NULL;
	enum fs_rc rc;

	rc = collect(db, FS_STMT_KORNING_LIST, projekt_id, sizeof(**out),
	    read_korning, &v, n, err);
	*out = v;
	return rc;
}

enum fs_rc
fs_koppling_korning_skapa(struct fs_db *db, int64_t id,
    const struct fs_koppling_params *p, const char *csv, size_t len,
    int64_t *korning, uint64_t *rader, struct fs_err *err)
{
	struct fs_koppling_projekt pr;
	struct fs_koppling *k = NULL;
	struct fs_stmt *s = NULL;
	struct fs_buf par;
	char now[21], obj[48], det[96];
	uint64_t n = 0;
	enum fs_rc rc;
	bool own;

	*korning = 0;
	rc = fs_koppling_hamta(db, id, NULL, &pr, err);
	if (rc != FS_OK)
		return rc;
	if (p->min_antal < 1 || p->min_antal > 1000)
		return fs_err_set(err, FS_EINVAL, "min_antal",
		    "måste vara ett heltal från 1 till 1000");
	if (p->tackning_fran != FS_DATE_NONE &&
	    p->tackning_tom != FS_DATE_NONE &&
	    p->tackning_fran > p->tackning_tom)
		return fs_err_set(err, FS_EINVAL, "tackning_tom",
		    "får inte vara före tackning_fran");
	/* Read the file whole: a bad row is refused before anything. */
	rc = fs_koppling_alloc(&k, err);
	if (rc == FS_OK)
		rc = fs_koppling_deltagande_mem(k, csv, len, err);
	if (rc == FS_OK)
		n = fs_koppling_antal(k);
	fs_koppling_free(k);
	if (rc != FS_OK)
		return rc;
	fs_buf_init(&par, 0);
	if (params_json(p, &par) != FS_OK) {
		fs_buf_release(&par);
		return nomem(err);
	}
	fs_db_now(now);
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK) {
		fs_buf_release(&par);
		return rc;
	}
	rc = fs_store_stmt(db->store, FS_STMT_KORNING_CLOSE_WAITING, &s, err);
	if (rc == FS_OK) {
		fs_stmt_bind_i64(s, 1, id);
		rc = fs_stmt_exec(s, err);
	}
	if (rc == FS_OK)
		rc = fs_store_stmt(db->store, FS_STMT_KORNING_INSERT, &s, err);
	if (rc == FS_OK) {
		fs_stmt_bind_i64(s, 1, id);
		fs_stmt_bind_str(s, 2, now);
		fs_stmt_bind_str(s, 3, db->actor);
		fs_stmt_bind_str(s, 4, par.buf);
		fs_stmt_bind_i64(s, 5, (int64_t)n);
		fs_stmt_bind_blob(s, 6, len > 0 ? csv : "", len);
		rc = fs_stmt_exec(s, err);
	}
	if (rc == FS_OK) {
		*korning = fs_store_last_id(db->store);
		snprintf(obj, sizeof(obj), "koppling %lld", (long long)id);
		snprintf(det, sizeof(det), "{\"korning\":%lld,"
		    "\"deltaganden\":%llu}", (long long)*korning,
		    (unsigned long long)n);
		rc = fs_db_audit(db, "koppling.korning", obj, 0, 0, "ok", det,
		    err);
	}
	rc = fs_db_tx_end(db, own, rc, err);
	fs_buf_release(&par);
	if (rc != FS_OK) {
		*korning = 0;
		return rc;
	}
	if (rader != NULL)
		*rader = n;
	return FS_OK;
}

enum fs_rc
fs_koppling_korning_starta(struct fs_db *db, int64_t id, struct fs_err *err)
{
	struct fs_koppling_korning k;
	struct fs_stmt *s;
	char now[21];
	enum fs_rc rc;

	rc = fs_koppling_korning_hamta(db, id, &k, err);
	if (rc != FS_OK)
		return rc;
	fs_db_now(now);
	rc = fs_store_stmt(db->store, FS_STMT_KORNING_START, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_str(s, 1, now);
	fs_stmt_bind_i64(s, 2, id);
	rc = fs_stmt_exec(s, err);
	if (rc == FS_OK && fs_store_changes(db->store) != 1)
		rc = fs_err_set(err, FS_ECONFLICT, "status",
		    strcmp(k.status, FS_KORNING_PAGAR) == 0 ?
		    "körningen räknas redan; vänta tills den är klar" :
		    "körningen är avslutad; skapa en ny körning med "
		    "deltagandefilen");
	return rc;
}

/* Back to "vantar" with the refusal e kept; the result is rc. */
static enum fs_rc
keep_error(struct fs_db *db, int64_t id, const struct fs_err *e,
    enum fs_rc rc)
{
	struct fs_err e2 = FS_ERR_INIT;
	struct fs_stmt *s;
	char obj[48];

	if (fs_store_stmt(db->store, FS_STMT_KORNING_FEL, &s, &e2) == FS_OK) {
		if (e->field[0] != '\0')
			fs_stmt_bind_str(s, 1, e->field);
		else
			fs_stmt_bind_null(s, 1);
		/* Our own text: storage errors say nothing more. */
		fs_stmt_bind_str(s, 2, rc == FS_EINVAL || rc == FS_ENOMEM ?
		    e->msg : "beräkningen misslyckades av ett internt fel");
		fs_stmt_bind_i64(s, 3, id);
		/* Best effort: the refusal itself is what the caller gets. */
		if (fs_stmt_exec(s, &e2) != FS_OK)
			e2.rc = FS_OK;
	}
	snprintf(obj, sizeof(obj), "korning %lld", (long long)id);
	if (fs_db_audit(db, "koppling.berakna", obj, 0, 0, "fel", NULL,
	    &e2) != FS_OK)
		e2.rc = FS_OK;
	return rc;
}

enum fs_rc
fs_koppling_korning_berakna(struct fs_db *db, int64_t id,
    const char *perioder, size_t len, const struct fs_koppling_params *p,
    struct fs_err *err)
{
	struct fs_koppling_params par;
	struct fs_koppling_korning kr;
	struct fs_koppling_resultat *res = NULL;
	struct fs_koppling *k = NULL;
	struct fs_stmt *s = NULL;
	struct fs_buf fil, json, svg;
	int64_t projekt = 0;
	char now[21], obj[48];
	const void *blob;
	const char *t;
	size_t blen, tlen;
	enum fs_rc rc;
	bool row, own;

	fs_buf_init(&fil, 0);
	fs_buf_init(&json, 0);
	fs_buf_init(&svg, 0);
	memset(&kr, 0, sizeof(kr));
	rc = fs_store_stmt(db->store, FS_STMT_KORNING_FIL, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, id);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && !row)
		rc = fs_err_set(err, FS_ECONFLICT, "status",
		    "körningen är inte påbörjad");
	if (rc == FS_OK) {
		blob = fs_stmt_col_blob(s, 0, &blen);
		t = fs_stmt_col_text(s, 1, &tlen);
		params_read(t, tlen, &kr);
		projekt = fs_stmt_col_i64(s, 2);
		if (blen > 0 && fs_buf_add(&fil, blob, blen) != FS_OK)
			rc = nomem(err);
	}
	fs_stmt_reset(s);
	if (rc != FS_OK)
		goto out;

	fs_koppling_params_init(&par);
	if (p != NULL) {
		par.progress = p->progress;
		par.arg = p->arg;
		par.tradar = p->tradar;
	}
	par.tackning_fran = kr.tackning_fran;
	par.tackning_tom = kr.tackning_tom;
	par.min_antal = kr.min_antal;
	rc = fs_koppling_alloc(&k, err);
	if (rc == FS_OK)
		rc = fs_koppling_deltagande_mem(k, fil.buf, fil.len, err);
	if (rc == FS_OK)
		rc = fs_koppling_perioder_mem(k, perioder, len, &par, err);
	if (rc == FS_OK)
		rc = fs_koppling_finish(k, &par, err);
	if (rc == FS_OK)
		rc = fs_koppling_aggregera(k, &par, &res, err);
	if (rc == FS_OK)
		rc = fs_koppling_resultat_write(res, FS_KOPPLING_JSON, &json,
		    err);
	if (rc == FS_OK)
		rc = fs_koppling_resultat_svg(res, &svg, err);
	if (rc != FS_OK) {
		rc = keep_error(db, id, err, rc);
		goto out;
	}

	fs_db_now(now);
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		goto out;
	rc = fs_store_stmt(db->store, FS_STMT_KORNING_KLAR, &s, err);
	if (rc == FS_OK) {
		fs_stmt_bind_str(s, 1, now);
		fs_stmt_bind_i64(s, 2, (int64_t)res->perioder);
		fs_stmt_bind_str(s, 3, json.buf);
		fs_stmt_bind_str(s, 4, svg.buf);
		fs_stmt_bind_i64(s, 5, id);
		rc = fs_stmt_exec(s, err);
	}
	if (rc == FS_OK && fs_store_changes(db->store) != 1)
		rc = fs_err_set(err, FS_ECONFLICT, "status",
		    "körningen ändrades under beräkningen");
	if (rc == FS_OK)
		rc = fs_koppling_resultat_spara(db, projekt, json.buf, err);
	if (rc == FS_OK) {
		snprintf(obj, sizeof(obj), "korning %lld", (long long)id);
		rc = fs_db_audit(db, "koppling.berakna", obj, 0, 0, "ok",
		    NULL, err);
	}
	rc = fs_db_tx_end(db, own, rc, err);
	if (rc != FS_OK)
		rc = keep_error(db, id, err, rc);
out:
	fs_koppling_resultat_free(res);
	fs_koppling_free(k);
	fs_buf_release(&fil);
	fs_buf_release(&json);
	fs_buf_release(&svg);
	return rc;
}

enum fs_rc
fs_koppling_korning_avbruten(struct fs_db *db, int64_t id, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;

	rc = fs_store_stmt(db->store, FS_STMT_KORNING_FEL, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_str(s, 1, "perioder");
	fs_stmt_bind_str(s, 2, "beräkningen avbröts när servern stängdes; "
	    "skicka periodfilen igen");
	fs_stmt_bind_i64(s, 3, id);
	rc = fs_stmt_exec(s, err);
	if (rc == FS_OK && fs_store_changes(db->store) != 1)
		rc = fs_err_set(err, FS_ECONFLICT, "status",
		    "körningen räknas inte");
	return rc;
}

enum fs_rc
fs_koppling_korning_resultat(struct fs_db *db, int64_t id, bool svg,
    struct fs_buf *out, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	const char *t;
	size_t len;
	bool row;

	rc = fs_store_stmt(db->store, FS_STMT_KORNING_RESULTAT, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, id);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && !row)
		rc = fs_err_set(err, FS_ENOTFOUND, "korning",
		    "det finns ingen sådan körning");
	if (rc == FS_OK && fs_stmt_col_null(s, svg ? 1 : 0))
		rc = fs_err_set(err, FS_ENOTFOUND, "resultat",
		    "körningen har inget resultat än");
	if (rc == FS_OK) {
		t = fs_stmt_col_text(s, svg ? 1 : 0, &len);
		if (fs_buf_add(out, t, len) != FS_OK)
			rc = nomem(err);
	}
	fs_stmt_reset(s);
	return rc;
}
