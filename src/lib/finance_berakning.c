/* SPDX-License-Identifier: ISC */
/*
 * Stored allocation calculations (tilldelning.h "Stored calculations"):
 * one run from parameter set and database to result, stored with its
 * normalised parameters, its complete inputs and the exact JSON bytes
 * of its result in one transaction; loading a stored calculation
 * recomputes it from what was stored and tells whether the bytes are
 * the same.  Also the applications (utilisation or amount) a förbund
 * records for a year.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/err.h"
#include "finsam/forbund.h"
#include "finsam/store.h"
#include "finsam/tilldelning.h"
#include "finance_int.h"

/* Stored with every calculation; raise when the model's output changes. */
#define MODELLVERSION "finsam 0.1.0, tilldelningsmodell 1"

void
fs_tdl_berakning_release(struct fs_tdl_berakning *b)
{
	if (b == NULL)
		return;
	free(b->skapad_av);
	b->skapad_av = NULL;
	fs_tdl_params_release(&b->params);
	fs_tdl_input_release(&b->in);
	fs_tdl_result_release(&b->res);
	if (b->json.buf != NULL)
		fs_buf_release(&b->json);
	memset(&b->json, 0, sizeof(b->json));
}

static void
berakning_init(struct fs_tdl_berakning *b, int ar)
{
	memset(b, 0, sizeof(*b));
	fs_tdl_params_init(&b->params, ar);
	fs_buf_init(&b->json, 0);
}

/* A deep copy of src into dst (dst initialised, empty). */
static enum fs_rc
params_copy(struct fs_tdl_params *dst, const struct fs_tdl_params *src,
    struct fs_err *err)
{
	*dst = *src;
	dst->forbund = NULL;
	dst->nforbund = 0;
	if (src->nforbund == 0)
		return FS_OK;
	dst->forbund = fs_calloc(src->nforbund, sizeof(*dst->forbund));
	if (dst->forbund == NULL)
		return FIN_NOMEM(err);
	memcpy(dst->forbund, src->forbund,
	    src->nforbund * sizeof(*dst->forbund));
	dst->nforbund = src->nforbund;
	return FS_OK;
}

/* Store b (params already saved) inside the caller's transaction. */
static enum fs_rc
store(struct fs_db *db, struct fs_tdl_berakning *b, struct fs_err *err)
{
	struct fs_buf pj, ij;
	struct fs_stmt *s;
	char obj[32], details[96];
	enum fs_rc rc;

	fs_buf_init(&pj, 0);
	fs_buf_init(&ij, 0);
	rc = fs_tdl_params_to_json(&b->params, &pj, err);
	if (rc == FS_OK)
		rc = fs_tdl_input_to_json(&b->in, &ij, err);
	if (rc == FS_OK)
		rc = fs_store_stmt(db->store, FS_STMT_TDL_CALC_INSERT, &s, err);
	if (rc != FS_OK)
		goto out;
	fs_db_now(b->skapad_tid);
	fs_stmt_bind_i64(s, 1, b->params.ar);
	fs_stmt_bind_i64(s, 2, b->params.version);
	fs_stmt_bind_str(s, 3, b->skapad_tid);
	fs_stmt_bind_str(s, 4, db->actor);
	fs_stmt_bind_text(s, 5, pj.buf, pj.len);
	fs_stmt_bind_text(s, 6, ij.buf, ij.len);
	fs_stmt_bind_text(s, 7, b->json.buf, b->json.len);
	fs_stmt_bind_str(s, 8, MODELLVERSION);
	rc = fs_stmt_exec(s, err);
	if (rc != FS_OK)
		goto out;
	b->id = fs_store_last_id(db->store);
	rc = fs_store_stmt(db->store, FS_STMT_TDL_RAD_INSERT, &s, err);
	for (size_t i = 0; rc == FS_OK && i < b->res.nrad; i++) {
		fs_stmt_bind_i64(s, 1, b->id);
		fs_stmt_bind_str(s, 2, b->res.rad[i].kod);
		fs_stmt_bind_i64(s, 3, b->res.rad[i].mojlig);
		fs_stmt_bind_i64(s, 4, b->res.rad[i].tilldelning);
		rc = fs_stmt_exec(s, err);
	}
	if (rc != FS_OK)
		goto out;
	snprintf(obj, sizeof(obj), "berakning %lld", (long long)b->id);
	snprintf(details, sizeof(details),
	    "{\"ar\":%d,\"parameterversion\":%d,\"forbund\":%zu}",
	    b->params.ar, b->params.version, b->res.nrad);
	rc = fs_db_audit(db, "tilldelning.berakna", obj, 0, 0, "ok", details,
	    err);
	if (rc == FS_OK) {
		b->skapad_av = fs_strdup(db->actor);
		if (b->skapad_av == NULL)
			rc = FIN_NOMEM(err);
	}
out:
	fs_buf_release(&pj);
	fs_buf_release(&ij);
	return rc;
}

enum fs_rc
fs_tdl_berakna(struct fs_db *db, int ar, const struct fs_tdl_params *params,
    bool spara, struct fs_tdl_berakning *out, struct fs_err *err)
{
	enum fs_rc rc;
	bool own = false;

	berakning_init(out, ar);
	if (params != NULL && params->ar != ar) {
		rc = fs_err_set(err, FS_EINVAL, "ar",
		    "parametrarna gäller ett annat år än det som beräknas");
		goto out;
	}
	if (spara) {
		rc = fs_db_tx_begin(db, &own, err);
		if (rc != FS_OK)
			goto out;
	}
	if (params == NULL) {
		fs_tdl_params_release(&out->params);
		rc = fs_tdl_params_load(db, ar, 0, &out->params, err);
	} else {
		fs_tdl_params_release(&out->params);
		rc = params_copy(&out->params, params, err);
		if (rc == FS_OK)
			rc = fs_tdl_params_check(&out->params, err);
		if (rc == FS_OK && spara)
			rc = fs_tdl_params_save(db, &out->params, err);
	}
	if (rc == FS_OK)
		rc = fs_tdl_input_load(db, &out->params, &out->in, err);
	if (rc == FS_OK)
		rc = fs_tdl_compute(&out->params, &out->in, &out->res, err);
	if (rc == FS_OK)
		rc = fs_tdl_write(&out->res, FS_TDL_JSON, NULL, &out->json, err);
	if (rc == FS_OK && spara)
		rc = store(db, out, err);
	if (spara)
		rc = fs_db_tx_end(db, own, rc, err);
out:
	if (rc != FS_OK) {
		fs_tdl_berakning_release(out);
		berakning_init(out, ar);
	}
	return rc;
}

enum fs_rc
fs_tdl_berakning_get(struct fs_db *db, int64_t id, struct fs_tdl_berakning *out,
    bool *same, struct fs_err *err)
{
	struct fs_buf again;
	struct fs_stmt *s;
	const char *t;
	size_t len;
	int ar, pv;
	enum fs_rc rc;
	bool row;

	berakning_init(out, 0);
	fs_buf_init(&again, 0);
	if (same != NULL)
		*same = false;
	rc = fs_store_stmt(db->store, FS_STMT_TDL_CALC_GET, &s, err);
	if (rc != FS_OK)
		goto out;
	fs_stmt_bind_i64(s, 1, id);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && !row)
		rc = fs_err_set(err, FS_ENOTFOUND, "id",
		    "det finns ingen sparad beräkning med det numret");
	if (rc != FS_OK) {
		fs_stmt_reset(s);
		goto out;
	}
	out->id = fs_stmt_col_i64(s, 0);
	ar = (int)fs_stmt_col_i64(s, 1);
	pv = (int)fs_stmt_col_i64(s, 2);
	snprintf(out->skapad_tid, sizeof(out->skapad_tid), "%s",
	    fs_stmt_col_text(s, 3, NULL));
	out->skapad_av = fs_strdup(fs_stmt_col_text(s, 4, NULL));
	t = fs_stmt_col_text(s, 5, &len);
	fs_tdl_params_release(&out->params);
	rc = fs_tdl_params_from_json(t, len, ar, &out->params, err);
	if (rc == FS_OK) {
		out->params.version = pv;
		t = fs_stmt_col_text(s, 6, &len);
		rc = fs_tdl_input_from_json(t, len, &out->in, err);
	}
	if (rc == FS_OK) {
		t = fs_stmt_col_text(s, 7, &len);
		rc = fs_buf_add(&out->json, t, len);
		if (rc != FS_OK)
			rc = FIN_NOMEM(err);
	}
	fs_stmt_reset(s);
	if (rc == FS_OK && out->skapad_av == NULL)
		rc = FIN_NOMEM(err);
	if (rc == FS_OK)
		rc = fs_tdl_compute(&out->params, &out->in, &out->res, err);
	if (rc == FS_OK)
		rc = fs_tdl_write(&out->res, FS_TDL_JSON, NULL, &again, err);
	if (rc == FS_OK && same != NULL)
		*same = again.len == out->json.len &&
		    memcmp(again.buf, out->json.buf, again.len) == 0;
out:
	fs_buf_release(&again);
	if (rc != FS_OK) {
		fs_tdl_berakning_release(out);
		berakning_init(out, 0);
	}
	return rc;
}

enum fs_rc
fs_tdl_berakning_latest(struct fs_db *db, int ar, int64_t *id,
    struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	*id = 0;
	rc = fs_store_stmt(db->store, FS_STMT_TDL_CALC_LATEST, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, ar);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && row)
		*id = fs_stmt_col_i64(s, 0);
	fs_stmt_reset(s);
	return rc;
}

static enum fs_rc
read_info(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	struct fs_tdl_berakning_info *x = elem;

	(void)arg;
	(void)err;
	x->id = fs_stmt_col_i64(s, 0);
	x->ar = (int)fs_stmt_col_i64(s, 1);
	x->parameter_version = (int)fs_stmt_col_i64(s, 2);
	snprintf(x->skapad_tid, sizeof(x->skapad_tid), "%s",
	    fs_stmt_col_text(s, 3, NULL));
	snprintf(x->skapad_av, sizeof(x->skapad_av), "%s",
	    fs_stmt_col_text(s, 4, NULL));
	x->summa_tilldelning = fs_stmt_col_i64(s, 5);
	x->nforbund = (size_t)fs_stmt_col_i64(s, 6);
	return FS_OK;
}

enum fs_rc
fs_tdl_berakning_list(struct fs_db *db, int ar,
    struct fs_tdl_berakning_info **out, size_t *n, struct fs_err *err)
{
	struct fs_stmt *s;
	void *v;
	enum fs_rc rc;

	*out = NULL;
	*n = 0;
	rc = fs_store_stmt(db->store, FS_STMT_TDL_CALC_LIST, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, ar == 0 ? 0 : ar);
	fs_stmt_bind_i64(s, 2, ar == 0 ? 9999 : ar);
	rc = fs_stmt_collect(s, sizeof(**out), read_info, NULL, &v, n, err);
	if (rc != FS_OK) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return FS_OK;
}

enum fs_rc
fs_tdl_ansokan_set(struct fs_db *db, const char *forbund_kod, int ar,
    int32_t utnyttjandegrad_bp, int64_t belopp, struct fs_err *err)
{
	struct fs_forbund f;
	struct fs_stmt *s;
	char obj[64];
	enum fs_rc rc;

	if (ar < 1990 || ar > 2999)
		return fs_err_set(err, FS_EINVAL, "ar",
		    "året måste ligga mellan 1990 och 2999");
	if ((utnyttjandegrad_bp == -1) == (belopp == FS_TDL_NONE))
		return fs_err_set(err, FS_EINVAL, "ansokan",
		    "ange antingen en utnyttjandegrad eller ett belopp");
	if (utnyttjandegrad_bp != -1 &&
	    (utnyttjandegrad_bp < 0 || utnyttjandegrad_bp > 10000))
		return fs_err_set(err, FS_EINVAL, "utnyttjandegrad",
		    "måste ligga mellan 0 och 100 procent");
	if (belopp != FS_TDL_NONE && (belopp < 0 || belopp > FS_TDL_MAX_BELOPP))
		return fs_err_set(err, FS_EINVAL, "belopp",
		    "måste ligga mellan 0 och 100 000 000 000 kr");
	fs_forbund_init(&f);
	rc = fs_forbund_get_kod(db, forbund_kod, &f, err);
	if (rc != FS_OK)
		goto out;
	rc = fs_store_stmt(db->store, FS_STMT_TDL_ANSOKAN_UPSERT, &s, err);
	if (rc != FS_OK)
		goto out;
	fs_stmt_bind_i64(s, 1, f.id);
	fs_stmt_bind_i64(s, 2, ar);
	if (utnyttjandegrad_bp != -1)
		fs_stmt_bind_i64(s, 3, utnyttjandegrad_bp);
	else
		fs_stmt_bind_null(s, 3);
	if (belopp != FS_TDL_NONE)
		fs_stmt_bind_i64(s, 4, belopp);
	else
		fs_stmt_bind_null(s, 4);
	rc = fs_stmt_exec(s, err);
	snprintf(obj, sizeof(obj), "%s %d", f.kod, ar);
	if (rc == FS_OK)
		rc = fs_db_audit(db, "tilldelning.ansokan", obj, f.id, 0, "ok",
		    NULL, err);
out:
	fs_forbund_release(&f);
	return rc;
}
