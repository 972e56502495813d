/* SPDX-License-Identifier: ISC */
/*
 * Work lists for the web shell (todo.h): the to-do counts of an
 * insats, its participations one page at a time by selection, the
 * decrypted personnummer of a person, and the anonymous and count-only
 * figures of an insats.  Read-only queries over the follow-up tables;
 * the rules of who may see them live in access.c and are applied by
 * the caller.  Owns nothing beyond the arrays it hands out.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "finsam/alloc.h"
#include "finsam/crypto.h"
#include "finsam/db.h"
#include "finsam/store.h"
#include "finsam/todo.h"

#define LIMIT_MAX 1000

static const char *const urval_names[] = {
	[FS_TODO_ALLA] = "alla",
	[FS_TODO_OPPNA_EFTER_SLUT] = "oppna_efter_slut",
	[FS_TODO_SAKNAR_UTDATA] = "saknar_utdata",
	[FS_TODO_OPPNA] = "oppna",
	[FS_TODO_AVSLUTADE] = "avslutade",
};
_Static_assert(FS_NELEM(urval_names) == FS_TODO__MAX, "urval_names");

int
fs_todo_urval_find(const char *p, size_t len)
{
	for (size_t i = 0; i < FS_NELEM(urval_names); i++)
		if (strlen(urval_names[i]) == len &&
		    memcmp(urval_names[i], p, len) == 0)
			return (int)i;
	return -1;
}

const char *
fs_todo_urval_name(enum fs_todo_urval u)
{
	return (unsigned)u < FS_TODO__MAX ? urval_names[u] : NULL;
}

const char *
fs_todo_urval_names(void)
{
	return "alla, oppna_efter_slut, saknar_utdata, oppna, avslutade";
}

static enum fs_rc
bad_urval(struct fs_err *err)
{
	return fs_err_set(err, FS_EINVAL, "urval", "måste vara en av: %s",
	    fs_todo_urval_names());
}

enum fs_rc
fs_todo_count(struct fs_db *db, int64_t insats_id, enum fs_todo_urval u,
    int32_t today, size_t *n, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	*n = 0;
	if ((unsigned)u >= FS_TODO__MAX)
		return bad_urval(err);
	rc = fs_store_stmt(db->store, FS_STMT_TODO_DELT_COUNT, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, insats_id);
	fs_stmt_bind_i64(s, 2, (int64_t)u);
	fs_stmt_bind_date(s, 3, today);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && row)
		*n = (size_t)fs_stmt_col_i64(s, 0);
	fs_stmt_reset(s);
	return rc;
}

enum fs_rc
fs_todo_deltagande_ids(struct fs_db *db, int64_t insats_id,
    enum fs_todo_urval u, int32_t today, size_t offset, size_t limit,
    int64_t **ids, size_t *n, size_t *total, struct fs_err *err)
{
	struct fs_stmt *s;
	int64_t *v = NULL;
	enum fs_rc rc;
	bool row;

	*ids = NULL;
	*n = 0;
	*total = 0;
	if (limit == 0 || limit > LIMIT_MAX)
		return fs_err_set(err, FS_EINVAL, "per_sida",
		    "måste vara 1 till %d", LIMIT_MAX);
	if (offset > (size_t)INT64_MAX)
		return fs_err_set(err, FS_EINVAL, "sida", "är för stor");
	rc = fs_todo_count(db, insats_id, u, today, total, err);
	if (rc != FS_OK)
		return rc;
	v = fs_calloc(limit, sizeof(*v));
	if (v == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	rc = fs_store_stmt(db->store, FS_STMT_TODO_DELT_IDS, &s, err);
	if (rc != FS_OK)
		goto out;
	fs_stmt_bind_i64(s, 1, insats_id);
	fs_stmt_bind_i64(s, 2, (int64_t)u);
	fs_stmt_bind_date(s, 3, today);
	fs_stmt_bind_i64(s, 4, (int64_t)limit);
	fs_stmt_bind_i64(s, 5, (int64_t)offset);
	for (;;) {
		rc = fs_stmt_step(s, &row, err);
		if (rc != FS_OK || !row)
			break;
		if (*n < limit)
			v[(*n)++] = fs_stmt_col_i64(s, 0);
	}
	fs_stmt_reset(s);
out:
	if (rc != FS_OK) {
		free(v);
		*n = 0;
		return rc;
	}
	*ids = v;
	return FS_OK;
}

enum fs_rc
fs_todo_person_pnr(struct fs_db *db, int64_t person_id, char out[13],
    struct fs_err *err)
{
	struct fs_stmt *s;
	const void *blob;
	size_t len = 0;
	enum fs_rc rc;
	bool row;

	rc = fs_store_stmt(db->store, FS_STMT_TODO_PERSON_PNR, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, person_id);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && !row)
		rc = fs_err_set(err, FS_ENOTFOUND, "person",
		    "det finns ingen sådan person");
	if (rc == FS_OK) {
		blob = fs_stmt_col_blob(s, 0, &len);
		rc = fs_keys_pnr_decrypt(db->keys, blob, len, out, err);
	}
	fs_stmt_reset(s);
	return rc;
}

static enum fs_rc
read_anonyma(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	struct fs_todo_anonyma *a = elem;

	(void)arg;
	(void)err;
	a->ar = (int)fs_stmt_col_i64(s, 0);
	a->kvinnor = fs_stmt_col_i64(s, 1);
	a->man = fs_stmt_col_i64(s, 2);
	return FS_OK;
}

enum fs_rc
fs_todo_anonyma(struct fs_db *db, int64_t insats_id,
    struct fs_todo_anonyma **out, size_t *n, struct fs_err *err)
{
	struct fs_stmt *s;
	void *v;
	enum fs_rc rc;

	*out = NULL;
	*n = 0;
	rc = fs_store_stmt(db->store, FS_STMT_TODO_ANONYMA_LIST, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, insats_id);
	rc = fs_stmt_collect(s, sizeof(**out), read_anonyma, NULL, &v, n,
	    err);
	if (rc != FS_OK) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return FS_OK;
}

static enum fs_rc
read_antal(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	struct fs_todo_antal *a = elem;

	(void)arg;
	(void)err;
	snprintf(a->period, sizeof(a->period), "%s",
	    fs_stmt_col_text(s, 0, NULL));
	a->totalt = fs_stmt_col_i64(s, 1);
	a->kvinnor = fs_stmt_col_null(s, 2) ? -1 : fs_stmt_col_i64(s, 2);
	a->man = fs_stmt_col_null(s, 3) ? -1 : fs_stmt_col_i64(s, 3);
	return FS_OK;
}

enum fs_rc
fs_todo_antal(struct fs_db *db, int64_t insats_id, struct fs_todo_antal **out,
    size_t *n, struct fs_err *err)
{
	struct fs_stmt *s;
	void *v;
	enum fs_rc rc;

	*out = NULL;
	*n = 0;
	rc = fs_store_stmt(db->store, FS_STMT_TODO_ANTAL_LIST, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, insats_id);
	rc = fs_stmt_collect(s, sizeof(**out), read_antal, NULL, &v, n, err);
	if (rc != FS_OK) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return FS_OK;
}
