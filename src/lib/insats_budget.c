/* SPDX-License-Identifier: ISC */
/*
 * The money and the members of an insats (follow-up.md "budget per
 * year", "genomförare"): planned participants per year, budget lines
 * (insatskostnad; esf_insatskostnad only when the insats is ESF
 * co-financed), and which of the förbund's members carry it out.
 */
#include "compat.h"

#include "finsam/alloc.h"
#include "finsam/codes.h"
#include "finsam/forbund.h"
#include "finsam/insats.h"
#include "finsam/parse.h"
#include "finsam/store.h"

#define BUDGET_MAX_KR 10000000000LL	/* 10 000 mnkr: beyond any förbund */

static const char *const budgettyp[] = {
	[FS_BUDGET_NONE] = NULL,
	[FS_BUDGET_INSATSKOSTNAD] = "insatskostnad",
	[FS_BUDGET_ESF_INSATSKOSTNAD] = "esf_insatskostnad",
};
_Static_assert(FS_NELEM(budgettyp) == FS_BUDGET__MAX, "budgettyp");

static enum fs_rc
check_year(const struct fs_insats *i, int ar, struct fs_err *err)
{
	int y0, y1, m, d;

	fs_date_to_ymd(i->startdatum, &y0, &m, &d);
	y1 = 9999;
	if (i->slutdatum != FS_DATE_NONE)
		fs_date_to_ymd(i->slutdatum, &y1, &m, &d);
	if (ar < y0 || ar > y1)
		return fs_err_set(err, FS_EINVAL, "ar",
		    "året ligger utanför insatsens period");
	return FS_OK;
}

enum fs_rc
fs_insats_plan_set(struct fs_db *db, const struct fs_insats *i, int ar,
    int64_t planerade, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;

	rc = check_year(i, ar, err);
	if (rc != FS_OK)
		return rc;
	if (planerade < 0 || planerade > 1000000)
		return fs_err_set(err, FS_EINVAL, "planerade_deltagare",
		    "måste vara ett heltal 0–1 000 000");
	rc = fs_store_stmt(db->store, FS_STMT_BUDGET_UPSERT, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, i->id);
	fs_stmt_bind_i64(s, 2, ar);
	fs_stmt_bind_i64(s, 3, planerade);
	rc = fs_stmt_exec(s, err);
	if (rc == FS_OK && !db->bulk)
		rc = fs_db_audit(db, "insats.plan", i->kod, i->forbund_id,
		    i->id, "ok", NULL, err);
	return rc;
}

enum fs_rc
fs_insats_plan_get(struct fs_db *db, const struct fs_insats *i, int ar,
    int64_t *planerade, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	*planerade = -1;
	rc = fs_store_stmt(db->store, FS_STMT_BUDGET_GET, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, i->id);
	fs_stmt_bind_i64(s, 2, ar);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && row && !fs_stmt_col_null(s, 0))
		*planerade = fs_stmt_col_i64(s, 0);
	fs_stmt_reset(s);
	return rc;
}

enum fs_rc
fs_insats_budget_add(struct fs_db *db, const struct fs_insats *i,
    struct fs_budgetrad *r, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;

	rc = check_year(i, r->ar, err);
	if (rc != FS_OK)
		return rc;
	if (r->typ <= FS_BUDGET_NONE || r->typ >= FS_BUDGET__MAX)
		return fs_err_set(err, FS_EINVAL, "typ",
		    "måste vara insatskostnad eller esf_insatskostnad");
	if (r->typ == FS_BUDGET_ESF_INSATSKOSTNAD && !i->esf)
		return fs_err_set(err, FS_EINVAL, "typ",
		    "esf_insatskostnad kräver att insatsen är ESF-finansierad");
	if (r->budget_kr < 0 || r->budget_kr > BUDGET_MAX_KR)
		return fs_err_set(err, FS_EINVAL, "budget_kr",
		    "måste vara ett belopp i hela kronor, 0 eller mer");
	if (r->utfall_kr < -1 || r->utfall_kr > BUDGET_MAX_KR)
		return fs_err_set(err, FS_EINVAL, "utfall_kr",
		    "måste vara ett belopp i hela kronor, 0 eller mer");
	if (r->beskrivning != NULL && strlen(r->beskrivning) > 1000)
		return fs_err_set(err, FS_EINVAL, "beskrivning",
		    "får vara högst 1000 tecken");
	rc = fs_store_stmt(db->store, FS_STMT_BUDGETRAD_INSERT, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, i->id);
	fs_stmt_bind_i64(s, 2, r->ar);
	fs_stmt_bind_str(s, 3, budgettyp[r->typ]);
	fs_stmt_bind_i64(s, 4, r->budget_kr);
	if (r->utfall_kr >= 0)
		fs_stmt_bind_i64(s, 5, r->utfall_kr);
	else
		fs_stmt_bind_null(s, 5);
	fs_stmt_bind_str(s, 6, r->beskrivning);
	rc = fs_stmt_exec(s, err);
	if (rc == FS_OK)
		r->id = fs_store_last_id(db->store);
	if (rc == FS_OK && !db->bulk)
		rc = fs_db_audit(db, "insats.budget", i->kod, i->forbund_id,
		    i->id, "ok", NULL, err);
	return rc;
}

static enum fs_rc
read_budgetrad(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	struct fs_budgetrad *r = elem;
	const char *t;
	size_t len;

	(void)arg;
	r->id = fs_stmt_col_i64(s, 0);
	r->ar = (int)fs_stmt_col_i64(s, 1);
	t = fs_stmt_col_text(s, 2, &len);
	r->typ = FS_BUDGET_NONE;
	for (int k = 1; k < FS_BUDGET__MAX; k++)
		if (strlen(budgettyp[k]) == len && memcmp(t, budgettyp[k], len)
		    == 0)
			r->typ = k;
	r->budget_kr = fs_stmt_col_i64(s, 3);
	r->utfall_kr = fs_stmt_col_null(s, 4) ? -1 : fs_stmt_col_i64(s, 4);
	if (!fs_stmt_col_null(s, 5)) {
		r->beskrivning = fs_strdup(fs_stmt_col_text(s, 5, NULL));
		if (r->beskrivning == NULL)
			return fs_err_set(err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
	}
	return FS_OK;
}

void
fs_budget_list_free(struct fs_budgetrad *v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t k = 0; k < n; k++)
		free(v[k].beskrivning);
	free(v);
}

enum fs_rc
fs_insats_budget_list(struct fs_db *db, int64_t insats_id,
    struct fs_budgetrad **out, size_t *n, struct fs_err *err)
{
	struct fs_stmt *s;
	void *v;
	enum fs_rc rc;

	*out = NULL;
	*n = 0;
	rc = fs_store_stmt(db->store, FS_STMT_BUDGETRAD_LIST, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, insats_id);
	rc = fs_stmt_collect(s, sizeof(**out), read_budgetrad, NULL, &v, n,
	    err);
	if (rc != FS_OK) {
		fs_budget_list_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return FS_OK;
}

enum fs_rc
fs_insats_genomforare_set(struct fs_db *db, const struct fs_insats *i,
    const char *const *koder, size_t n, struct fs_err *err)
{
	struct fs_medlem *m = NULL;
	struct fs_stmt *s;
	size_t nm = 0;
	const char *typ[FS_PART__MAX];
	enum fs_rc rc;
	bool own = false;

	rc = fs_forbund_members(db, i->forbund_id, &m, &nm, err);
	if (rc != FS_OK)
		return rc;
	for (size_t k = 0; k < n; k++) {
		bool member = false;

		for (size_t j = 0; j < nm; j++)
			if (strcmp(m[j].kod, koder[k]) == 0)
				member = true;
		if (!member) {
			free(m);
			return fs_err_set(err, FS_EINVAL, "genomforare",
			    "%s är inte medlem i förbundet", koder[k]);
		}
	}
	for (int t = 0; t < FS_PART__MAX; t++)
		typ[t] = fs_code_name(FS_LIST_PARTTYP, t);
	rc = fs_db_tx_begin(db, &own, err);
	if (rc == FS_OK)
		rc = fs_store_stmt(db->store, FS_STMT_GENOMFORARE_DELETE, &s,
		    err);
	if (rc == FS_OK) {
		fs_stmt_bind_i64(s, 1, i->id);
		rc = fs_stmt_exec(s, err);
	}
	for (size_t k = 0; rc == FS_OK && k < n; k++) {
		int pt = FS_PART_NONE;

		for (size_t j = 0; j < nm; j++)
			if (strcmp(m[j].kod, koder[k]) == 0)
				pt = m[j].parttyp;
		rc = fs_store_stmt(db->store, FS_STMT_GENOMFORARE_INSERT, &s,
		    err);
		if (rc != FS_OK)
			break;
		fs_stmt_bind_i64(s, 1, i->id);
		fs_stmt_bind_str(s, 2, typ[pt]);
		fs_stmt_bind_str(s, 3, koder[k]);
		rc = fs_stmt_exec(s, err);
	}
	if (rc == FS_OK)
		rc = fs_db_audit(db, "insats.genomforare", i->kod,
		    i->forbund_id, i->id, "ok", NULL, err);
	free(m);
	return fs_db_tx_end(db, own, rc, err);
}

static enum fs_rc
read_kod(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	(void)arg;
	(void)err;
	snprintf(elem, 8, "%s", fs_stmt_col_text(s, 1, NULL));
	return FS_OK;
}

enum fs_rc
fs_insats_genomforare(struct fs_db *db, int64_t insats_id, char (**out)[8],
    size_t *n, struct fs_err *err)
{
	struct fs_stmt *s;
	void *v;
	enum fs_rc rc;

	*out = NULL;
	*n = 0;
	rc = fs_store_stmt(db->store, FS_STMT_GENOMFORARE_LIST, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, insats_id);
	rc = fs_stmt_collect(s, sizeof(**out), read_kod, NULL, &v, n, err);
	if (rc != FS_OK) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return FS_OK;
}
