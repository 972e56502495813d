/* SPDX-License-Identifier: ISC */
/*
 * Kompletterande frågor (see fraga.h): the question rules and typed
 * answers given at exit.
 */
#include "compat.h"

#include "finsam/alloc.h"
#include "finsam/deltagande.h"
#include "finsam/fraga.h"
#include "finsam/insats.h"
#include "finsam/parse.h"
#include "finsam/store.h"

#define TEXT_MAX 500
#define OPTIONS_MAX 2000

static const char *const typnamn[] = {
	[FS_FRAGA_NONE] = NULL,
	[FS_FRAGA_JA_NEJ] = "ja_nej",
	[FS_FRAGA_TAL] = "tal",
	[FS_FRAGA_VAL] = "val",
};
_Static_assert(FS_NELEM(typnamn) == FS_FRAGA__MAX, "typnamn");

int
fs_fragetyp_find(const char *p, size_t len)
{
	for (int k = 1; k < FS_FRAGA__MAX; k++)
		if (strlen(typnamn[k]) == len && memcmp(p, typnamn[k], len) == 0)
			return k;
	return -1;
}

const char *
fs_fragetyp_name(int typ)
{
	if (typ <= 0 || typ >= FS_FRAGA__MAX)
		return NULL;
	return typnamn[typ];
}

/* Whether the option opt[0..len) is one of the '|'-separated options. */
static bool
has_option(const char *options, const char *opt, size_t len)
{
	const char *p = options;

	for (;;) {
		const char *bar = strchr(p, '|');
		size_t n = bar == NULL ? strlen(p) : (size_t)(bar - p);

		if (n == len && memcmp(p, opt, len) == 0)
			return true;
		if (bar == NULL)
			return false;
		p = bar + 1;
	}
}

static enum fs_rc
check_options(const char *options, struct fs_err *err)
{
	const char *p, *q;
	size_t count = 0;

	if (options == NULL || strlen(options) > OPTIONS_MAX)
		return fs_err_set(err, FS_EINVAL, "alternativ",
		    "en fråga av typen val behöver minst två alternativ "
		    "(skilda med |, högst %d tecken)", OPTIONS_MAX);
	for (p = options;; p = q + 1) {
		size_t n;

		q = strchr(p, '|');
		n = q == NULL ? strlen(p) : (size_t)(q - p);
		if (n == 0)
			return fs_err_set(err, FS_EINVAL, "alternativ",
			    "ett alternativ får inte vara tomt");
		/* Compare with the options after this one. */
		if (q != NULL && has_option(q + 1, p, n))
			return fs_err_set(err, FS_EINVAL, "alternativ",
			    "samma alternativ står två gånger");
		count++;
		if (q == NULL)
			break;
	}
	if (count < 2)
		return fs_err_set(err, FS_EINVAL, "alternativ",
		    "en fråga av typen val behöver minst två alternativ");
	return FS_OK;
}

enum fs_rc
fs_fraga_create(struct fs_db *db, struct fs_fraga *q, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;

	if (q->text == NULL || q->text[0] == '\0' ||
	    strlen(q->text) > TEXT_MAX)
		return fs_err_set(err, FS_EINVAL, "text",
		    "måste anges (högst %d tecken)", TEXT_MAX);
	if (q->typ <= FS_FRAGA_NONE || q->typ >= FS_FRAGA__MAX)
		return fs_err_set(err, FS_EINVAL, "typ",
		    "måste vara ja_nej, tal eller val");
	if (q->typ == FS_FRAGA_VAL) {
		rc = check_options(q->alternativ, err);
		if (rc != FS_OK)
			return rc;
	} else if (q->alternativ != NULL)
		return fs_err_set(err, FS_EINVAL, "alternativ",
		    "anges bara för frågor av typen val");
	if (q->giltig_fran == FS_DATE_NONE)
		return fs_err_set(err, FS_EINVAL, "giltig_fran", "måste anges");
	if (q->giltig_till != FS_DATE_NONE && q->giltig_till < q->giltig_fran)
		return fs_err_set(err, FS_EINVAL, "giltig_till",
		    "får inte ligga före giltig_fran");
	rc = fs_store_stmt(db->store, FS_STMT_FRAGA_INSERT, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, q->forbund_id);
	fs_stmt_bind_str(s, 2, q->text);
	fs_stmt_bind_str(s, 3, typnamn[q->typ]);
	fs_stmt_bind_str(s, 4, q->alternativ);
	fs_stmt_bind_date(s, 5, q->giltig_fran);
	fs_stmt_bind_date(s, 6, q->giltig_till);
	rc = fs_stmt_exec(s, err);
	if (rc == FS_ECONFLICT)
		return fs_err_set(err, FS_EINVAL, "forbund",
		    "det finns inget sådant förbund");
	if (rc != FS_OK)
		return rc;
	q->id = fs_store_last_id(db->store);
	return fs_db_audit(db, "fraga.skapa", "fraga", q->forbund_id, 0, "ok",
	    NULL, err);
}

static void
fraga_release(struct fs_fraga *q)
{
	free(q->text);
	free(q->alternativ);
}

void
fs_fraga_list_free(struct fs_fraga *v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t k = 0; k < n; k++)
		fraga_release(&v[k]);
	free(v);
}

static enum fs_rc
read_fraga(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	struct fs_fraga *q = elem;
	const char *t;
	size_t len;

	(void)arg;
	q->id = fs_stmt_col_i64(s, 0);
	q->forbund_id = fs_stmt_col_i64(s, 1);
	q->text = fs_strdup(fs_stmt_col_text(s, 2, NULL));
	t = fs_stmt_col_text(s, 3, &len);
	q->typ = fs_fragetyp_find(t, len);
	if (!fs_stmt_col_null(s, 4))
		q->alternativ = fs_strdup(fs_stmt_col_text(s, 4, NULL));
	q->giltig_fran = fs_stmt_col_date(s, 5);
	q->giltig_till = fs_stmt_col_date(s, 6);
	if (q->text == NULL || (!fs_stmt_col_null(s, 4) &&
	    q->alternativ == NULL))
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	return FS_OK;
}

enum fs_rc
fs_fraga_list(struct fs_db *db, int64_t forbund_id, struct fs_fraga **out,
    size_t *n, struct fs_err *err)
{
	struct fs_stmt *s;
	void *v;
	enum fs_rc rc;

	*out = NULL;
	*n = 0;
	rc = fs_store_stmt(db->store, FS_STMT_FRAGA_LIST, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, forbund_id);
	rc = fs_stmt_collect(s, sizeof(**out), read_fraga, NULL, &v, n, err);
	if (rc != FS_OK) {
		fs_fraga_list_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return FS_OK;
}

static enum fs_rc
check_answer(const struct fs_fraga *q, const char *svar, struct fs_err *err)
{
	int64_t v;

	switch (q->typ) {
	case FS_FRAGA_JA_NEJ:
		if (strcmp(svar, "ja") != 0 && strcmp(svar, "nej") != 0)
			return fs_err_set(err, FS_EINVAL, "svar",
			    "måste vara ja eller nej");
		return FS_OK;
	case FS_FRAGA_TAL:
		return fs_parse_i64(svar, strlen(svar), -1000000000LL,
		    1000000000LL, &v, "svar", err);
	case FS_FRAGA_VAL:
		if (!has_option(q->alternativ, svar, strlen(svar)))
			return fs_err_set(err, FS_EINVAL, "svar",
			    "måste vara ett av frågans alternativ");
		return FS_OK;
	default:
		return fs_err_set(err, FS_EDB, NULL,
		    "intern: okänd frågetyp");
	}
}

enum fs_rc
fs_fraga_answer(struct fs_db *db, int64_t deltagande_id, int64_t fraga_id,
    const char *svar, struct fs_err *err)
{
	struct fs_deltagande d;
	struct fs_insats ins;
	struct fs_fraga q;
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	memset(&q, 0, sizeof(q));
	fs_insats_init(&ins);
	if (svar == NULL || svar[0] == '\0')
		return fs_err_set(err, FS_EINVAL, "svar", "måste anges");
	rc = fs_deltagande_get(db, deltagande_id, &d, err);
	if (rc != FS_OK)
		return rc;
	if (d.slutdatum == FS_DATE_NONE)
		return fs_err_set(err, FS_EINVAL, "slutdatum",
		    "kompletterande frågor besvaras vid utregistreringen");
	rc = fs_insats_get(db, d.insats_id, &ins, err);
	if (rc == FS_OK)
		rc = fs_store_stmt(db->store, FS_STMT_FRAGA_GET, &s, err);
	if (rc == FS_OK) {
		fs_stmt_bind_i64(s, 1, fraga_id);
		rc = fs_stmt_step(s, &row, err);
		if (rc == FS_OK && !row)
			rc = fs_err_set(err, FS_ENOTFOUND, "fraga",
			    "det finns ingen sådan fråga");
		else if (rc == FS_OK)
			rc = read_fraga(s, &q, NULL, err);
		fs_stmt_reset(s);
	}
	if (rc == FS_OK && q.forbund_id != ins.forbund_id)
		rc = fs_err_set(err, FS_ENOTFOUND, "fraga",
		    "det finns ingen sådan fråga i insatsens förbund");
	if (rc == FS_OK && (d.slutdatum < q.giltig_fran ||
	    (q.giltig_till != FS_DATE_NONE && d.slutdatum > q.giltig_till)))
		rc = fs_err_set(err, FS_EINVAL, "fraga",
		    "frågan gällde inte på deltagandets slutdatum");
	if (rc == FS_OK)
		rc = check_answer(&q, svar, err);
	if (rc == FS_OK)
		rc = fs_store_stmt(db->store, FS_STMT_SVAR_UPSERT, &s, err);
	if (rc == FS_OK) {
		fs_stmt_bind_i64(s, 1, deltagande_id);
		fs_stmt_bind_i64(s, 2, fraga_id);
		fs_stmt_bind_str(s, 3, svar);
		rc = fs_stmt_exec(s, err);
	}
	if (rc == FS_OK)
		rc = fs_db_audit(db, "fraga.svara", "deltagande", ins.forbund_id,
		    ins.id, "ok", NULL, err);
	fraga_release(&q);
	fs_insats_release(&ins);
	return rc;
}

static enum fs_rc
read_svar(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	struct fs_svar *a = elem;

	(void)arg;
	a->fraga_id = fs_stmt_col_i64(s, 0);
	a->svar = fs_strdup(fs_stmt_col_text(s, 1, NULL));
	if (a->svar == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	return FS_OK;
}

void
fs_svar_list_free(struct fs_svar *v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t k = 0; k < n; k++)
		free(v[k].svar);
	free(v);
}

enum fs_rc
fs_fraga_answers(struct fs_db *db, int64_t deltagande_id,
    struct fs_svar **out, size_t *n, struct fs_err *err)
{
	struct fs_stmt *s;
	void *v;
	enum fs_rc rc;

	*out = NULL;
	*n = 0;
	rc = fs_store_stmt(db->store, FS_STMT_SVAR_LIST, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, deltagande_id);
	rc = fs_stmt_collect(s, sizeof(**out), read_svar, NULL, &v, n, err);
	if (rc != FS_OK) {
		fs_svar_list_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return FS_OK;
}
