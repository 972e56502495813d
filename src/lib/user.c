/* SPDX-License-Identifier: ISC */
/*
 * Users, role assignments, password login with throttling, and
 * sessions with CSRF tokens (spec/access.md "Authentication and
 * sessions").  Owns the tables anvandare, tilldelning, session and
 * inloggning_strypning.  Passwords are kept only as Argon2id hashes,
 * session tokens only as SHA-256; the password and the tokens are
 * never logged and never part of an error message.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "finsam/access.h"
#include "finsam/alloc.h"
#include "finsam/audit.h"
#include "finsam/crypto.h"
#include "finsam/db.h"
#include "finsam/store.h"
#include "finsam/user.h"

#include "user_int.h"

/* Subkey of the installation key for the throttling table's keys. */
#define KEY_ID_STRYPNING UINT64_C(0x6175746800000001)
/* The idle time is written at most this often (seconds). */
#define TOUCH_EVERY 60
#define TOKEN_BYTES 32
#define PASSWORD_BYTES_MAX (FS_PASSWORD_MAX * 4)

#define MSG_LOGIN_FAILED "fel användarnamn eller lösenord"
#define MSG_SESSION "sessionen är ogiltig eller har gått ut: logga in igen"
#define MSG_NOMEM "minnet räcker inte"

/*
 * Verified when the user name is unknown (or has no password), so that
 * an unknown user costs as much time as a wrong password.  A hash of a
 * random throwaway text with the interactive limits used for real
 * passwords.
 */
static const char dummy_hash[crypto_pwhash_STRBYTES] =
    "$argon2id$v=19$m=65536,t=2,p=1$//tfdbEw0gW7QZCQzMB7vw$"
    "wffJOKQhhFX+y9+v1dsXCF6Lfwcm0Oht6X0HB7HL6zs";

int64_t
fs_auth_now(void)
{
	return (int64_t)time(NULL);
}

/* ---- rules ---- */

enum fs_rc
fs_user_name_check(const char *name, struct fs_err *err)
{
	size_t len;

	if (name == NULL || *name == '\0')
		return fs_err_set(err, FS_EINVAL, "anvandarnamn",
		    "måste anges");
	len = strlen(name);
	if (len < 2 || len > FS_USER_NAME_MAX)
		return fs_err_set(err, FS_EINVAL, "anvandarnamn",
		    "ska vara 2-%d tecken långt", FS_USER_NAME_MAX);
	if (name[0] < 'a' || name[0] > 'z')
		return fs_err_set(err, FS_EINVAL, "anvandarnamn",
		    "ska börja med en liten bokstav a-z");
	for (size_t i = 1; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '-'))
			return fs_err_set(err, FS_EINVAL, "anvandarnamn",
			    "får bara innehålla a-z, 0-9, punkt, understreck "
			    "och bindestreck");
	}
	return FS_OK;
}

/*
 * Count the UTF-8 characters of s; -1 when s is not valid UTF-8 or
 * holds a control character.
 */
static long
utf8_chars(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long n = 0;

	while (*p != '\0') {
		unsigned c = *p;
		unsigned need, cp;

		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				return -1;
			p++;
			n++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			cp = c & 0x07;
		} else {
			return -1;
		}
		p++;
		for (unsigned i = 0; i < need; i++, p++) {
			if ((*p & 0xc0) != 0x80)
				return -1;
			cp = (cp << 6) | (*p & 0x3f);
		}
		if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
		    (cp >= 0x80 && cp < 0xa0))
			return -1;
		n++;
	}
	return n;
}

enum fs_rc
fs_user_password_check(const char *name, const char *password,
    struct fs_err *err)
{
	long n;

	if (password == NULL || *password == '\0')
		return fs_err_set(err, FS_EINVAL, "losenord", "måste anges");
	if (strlen(password) > PASSWORD_BYTES_MAX)
		return fs_err_set(err, FS_EINVAL, "losenord",
		    "får vara högst %d tecken", FS_PASSWORD_MAX);
	n = utf8_chars(password);
	if (n < 0)
		return fs_err_set(err, FS_EINVAL, "losenord",
		    "ska vara giltig UTF-8 utan styrtecken");
	if (n < FS_PASSWORD_MIN)
		return fs_err_set(err, FS_EINVAL, "losenord",
		    "ska vara minst %d tecken", FS_PASSWORD_MIN);
	if (n > FS_PASSWORD_MAX)
		return fs_err_set(err, FS_EINVAL, "losenord",
		    "får vara högst %d tecken", FS_PASSWORD_MAX);
	if (name != NULL && strcmp(name, password) == 0)
		return fs_err_set(err, FS_EINVAL, "losenord",
		    "får inte vara detsamma som användarnamnet");
	return FS_OK;
}

static enum fs_rc
hash_password(const char *password, char out[crypto_pwhash_STRBYTES],
    struct fs_err *err)
{
	if (crypto_pwhash_argon2id_str(out, password, strlen(password),
	    crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE) != 0)
		return fs_err_set(err, FS_ENOMEM, NULL,
		    "minnet räcker inte för att hasha lösenordet");
	return FS_OK;
}

/* ---- users ---- */

struct user_row {
	int64_t	 id;
	char	 name[FS_USER_NAME_MAX + 1];
	char	 hash[crypto_pwhash_STRBYTES];	/* "" without password */
	bool	 locked;
	char	 created[21];
};

static void
read_user_row(struct fs_stmt *s, struct user_row *u)
{
	memset(u, 0, sizeof(*u));
	u->id = fs_stmt_col_i64(s, 0);
	snprintf(u->name, sizeof(u->name), "%s", fs_stmt_col_text(s, 1, NULL));
	if (!fs_stmt_col_null(s, 2))
		snprintf(u->hash, sizeof(u->hash), "%s",
		    fs_stmt_col_text(s, 2, NULL));
	u->locked = fs_stmt_col_i64(s, 3) != 0;
	snprintf(u->created, sizeof(u->created), "%s",
	    fs_stmt_col_text(s, 4, NULL));
}

/* The user by name (*found false when none) or by id (name NULL). */
static enum fs_rc
user_find(struct fs_db *db, const char *name, int64_t id, struct user_row *u,
    bool *found, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	*found = false;
	memset(u, 0, sizeof(*u));
	rc = fs_store_stmt(db->store, name != NULL ? FS_STMT_ANV_BY_NAMN :
	    FS_STMT_ANV_GET, &s, err);
	if (rc != FS_OK)
		return rc;
	if (name != NULL)
		fs_stmt_bind_str(s, 1, name);
	else
		fs_stmt_bind_i64(s, 1, id);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && row) {
		read_user_row(s, u);
		*found = true;
	}
	fs_stmt_reset(s);
	return rc;
}

/* The user by name, FS_ENOTFOUND "anvandarnamn" when there is none. */
static enum fs_rc
user_need(struct fs_db *db, const char *name, struct user_row *u,
    struct fs_err *err)
{
	enum fs_rc rc;
	bool found;

	rc = fs_user_name_check(name, err);
	if (rc != FS_OK)
		return rc;
	rc = user_find(db, name, 0, u, &found, err);
	if (rc == FS_OK && !found)
		rc = fs_err_set(err, FS_ENOTFOUND, "anvandarnamn",
		    "det finns ingen användare med det namnet");
	return rc;
}

/* An audit entry by the CLI operator or the library itself. */
static enum fs_rc
audit(struct fs_db *db, const char *anvandare, const char *handling,
    const char *objekt, int64_t forbund_id, int64_t insats_id,
    const char *utfall, const char *client, const char *details, int64_t now,
    struct fs_err *err)
{
	struct fs_audit_entry e;

	memset(&e, 0, sizeof(e));
	if (now != 0)
		fs_audit_time(now, e.tid);
	e.anvandare = (char *)anvandare;
	e.handling = (char *)handling;
	e.objekt = (char *)objekt;
	e.forbund_id = forbund_id;
	e.insats_id = insats_id;
	e.utfall = (char *)utfall;
	e.klientadress = (char *)client;
	e.detaljer = (char *)details;
	return fs_audit_write(db, &e, err);
}

enum fs_rc
fs_user_create(struct fs_db *db, const char *name, const char *password,
    int64_t *id, struct fs_err *err)
{
	char hash[crypto_pwhash_STRBYTES];
	char now[21];
	struct fs_stmt *s;
	enum fs_rc rc;
	bool own;

	if (id != NULL)
		*id = 0;
	rc = fs_user_name_check(name, err);
	if (rc == FS_OK)
		rc = fs_user_password_check(name, password, err);
	if (rc != FS_OK)
		return rc;
	rc = hash_password(password, hash, err);
	if (rc != FS_OK)
		return rc;
	fs_db_now(now);
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		goto out;
	rc = fs_store_stmt(db->store, FS_STMT_ANV_INSERT, &s, err);
	if (rc == FS_OK) {
		fs_stmt_bind_str(s, 1, name);
		fs_stmt_bind_str(s, 2, hash);
		fs_stmt_bind_str(s, 3, now);
		fs_stmt_bind_str(s, 4, now);
		rc = fs_stmt_exec(s, err);
		if (rc == FS_ECONFLICT)
			rc = fs_err_set(err, FS_ECONFLICT, "anvandarnamn",
			    "det finns redan en användare med det namnet");
	}
	if (rc == FS_OK && id != NULL)
		*id = fs_store_last_id(db->store);
	if (rc == FS_OK)
		rc = audit(db, NULL, "anvandare.skapa", name, 0, 0, "ok", NULL,
		    NULL, 0, err);
	rc = fs_db_tx_end(db, own, rc, err);
out:
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

static enum fs_rc
exec_id(struct fs_db *db, enum fs_stmt_id id, int64_t v, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;

	rc = fs_store_stmt(db->store, id, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, v);
	return fs_stmt_exec(s, err);
}

enum fs_rc
fs_session_revoke_user(struct fs_db *db, int64_t user_id, size_t *n,
    struct fs_err *err)
{
	enum fs_rc rc;

	if (n != NULL)
		*n = 0;
	/* Before the delete is committed, so no check caches it again. */
	if (db->sessions != NULL)
		scache_forget_user(db->sessions, user_id, fs_auth_now());
	rc = exec_id(db, FS_STMT_SESSION_DELETE_USER, user_id, err);
	if (rc == FS_OK && n != NULL)
		*n = (size_t)fs_store_changes(db->store);
	return rc;
}

enum fs_rc
fs_user_set_password(struct fs_db *db, const char *name, const char *password,
    struct fs_err *err)
{
	char hash[crypto_pwhash_STRBYTES];
	char now[21];
	struct user_row u;
	struct fs_stmt *s;
	enum fs_rc rc;
	bool own;

	rc = user_need(db, name, &u, err);
	if (rc == FS_OK)
		rc = fs_user_password_check(name, password, err);
	if (rc != FS_OK)
		return rc;
	rc = hash_password(password, hash, err);
	if (rc != FS_OK)
		return rc;
	fs_db_now(now);
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		goto out;
	rc = fs_store_stmt(db->store, FS_STMT_ANV_SET_LOSENORD, &s, err);
	if (rc == FS_OK) {
		fs_stmt_bind_str(s, 1, hash);
		fs_stmt_bind_str(s, 2, now);
		fs_stmt_bind_i64(s, 3, u.id);
		rc = fs_stmt_exec(s, err);
	}
	if (rc == FS_OK)
		rc = fs_session_revoke_user(db, u.id, NULL, err);
	if (rc == FS_OK)
		rc = audit(db, NULL, "anvandare.losenord", name, 0, 0, "ok",
		    NULL, NULL, 0, err);
	rc = fs_db_tx_end(db, own, rc, err);
out:
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

enum fs_rc
fs_user_set_locked(struct fs_db *db, const char *name, bool locked,
    struct fs_err *err)
{
	char now[21], details[48];
	struct user_row u;
	struct fs_stmt *s;
	size_t n = 0;
	enum fs_rc rc;
	bool own;

	rc = user_need(db, name, &u, err);
	if (rc != FS_OK)
		return rc;
	fs_db_now(now);
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_store_stmt(db->store, FS_STMT_ANV_SET_SPARRAD, &s, err);
	if (rc == FS_OK) {
		fs_stmt_bind_i64(s, 1, locked ? 1 : 0);
		fs_stmt_bind_str(s, 2, now);
		fs_stmt_bind_i64(s, 3, u.id);
		rc = fs_stmt_exec(s, err);
	}
	if (rc == FS_OK && locked)
		rc = fs_session_revoke_user(db, u.id, &n, err);
	snprintf(details, sizeof(details), "{\"sessioner_avslutade\":%zu}", n);
	if (rc == FS_OK)
		rc = audit(db, NULL, locked ? "anvandare.sparra" :
		    "anvandare.oppna", name, 0, 0, "ok", NULL,
		    locked ? details : NULL, 0, err);
	return fs_db_tx_end(db, own, rc, err);
}

/* ---- assignments ---- */

/* fs_row_fn: one row of FS_STMT_TILLD_OF_USER. */
static enum fs_rc
read_assignment(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	struct fs_user_assignment *a = elem;
	enum fs_role role;

	(void)arg;
	if (fs_role_parse(fs_stmt_col_text(s, 0, NULL), &role, NULL) != FS_OK)
		role = FS_ROLE__MAX;	/* unknown: reaches nothing */
	a->a.role = role;
	a->a.forbund_id = fs_stmt_col_i64(s, 1);
	a->a.insats_id = fs_stmt_col_i64(s, 2);
	if (!fs_stmt_col_null(s, 3)) {
		a->forbund_kod = fs_strdup(fs_stmt_col_text(s, 3, NULL));
		if (a->forbund_kod == NULL)
			return fs_err_set(err, FS_ENOMEM, NULL, MSG_NOMEM);
	}
	if (!fs_stmt_col_null(s, 4)) {
		a->insats_kod = fs_strdup(fs_stmt_col_text(s, 4, NULL));
		if (a->insats_kod == NULL)
			return fs_err_set(err, FS_ENOMEM, NULL, MSG_NOMEM);
	}
	return FS_OK;
}

static void
assignments_free(struct fs_user_assignment *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].forbund_kod);
		free(v[i].insats_kod);
	}
	free(v);
}

static enum fs_rc
assignments_of(struct fs_db *db, int64_t user_id,
    struct fs_user_assignment **out, size_t *n, struct fs_err *err)
{
	struct fs_stmt *s;
	void *v = NULL;
	enum fs_rc rc;

	*out = NULL;
	*n = 0;
	rc = fs_store_stmt(db->store, FS_STMT_TILLD_OF_USER, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, user_id);
	rc = fs_stmt_collect(s, sizeof(**out), read_assignment, NULL, &v, n,
	    err);
	if (rc != FS_OK) {
		assignments_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return FS_OK;
}

/* Whether a row exists for stmt with the one id bound. */
static enum fs_rc
exists(struct fs_db *db, enum fs_stmt_id id, int64_t v, bool *found,
    struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;

	*found = false;
	rc = fs_store_stmt(db->store, id, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, v);
	rc = fs_stmt_step(s, found, err);
	fs_stmt_reset(s);
	return rc;
}

/*
 * The rules on the scope of an assignment; *fid gets the förbund the
 * assignment belongs to (the insats's for an insats role).
 */
static enum fs_rc
check_scope(struct fs_db *db, enum fs_role role, int64_t forbund_id,
    int64_t insats_id, int64_t *fid, struct fs_err *err)
{
	struct fs_scope sc;
	const char *rn = fs_role_name(role);
	enum fs_rc rc;
	bool found;

	*fid = 0;
	if (forbund_id < 0 || insats_id < 0)
		return fs_err_set(err, FS_EINVAL, forbund_id < 0 ? "forbund" :
		    "insats", "ska vara ett giltigt id");
	if (fs_role_global(role)) {
		if (forbund_id != 0 || insats_id != 0)
			return fs_err_set(err, FS_EINVAL,
			    forbund_id != 0 ? "forbund" : "insats",
			    "rollen %s gäller alla förbund och tilldelas utan "
			    "förbund och insats", rn);
		return FS_OK;
	}
	if (fs_role_per_insats(role)) {
		if (insats_id == 0)
			return fs_err_set(err, FS_EINVAL, "insats",
			    "rollen %s tilldelas för en insats: insats måste "
			    "anges", rn);
		rc = fs_access_scope_insats(db, insats_id, &sc, err);
		if (rc != FS_OK)
			return rc;
		if (forbund_id != 0 && forbund_id != sc.forbund_id)
			return fs_err_set(err, FS_EINVAL, "insats",
			    "insatsen hör inte till det angivna förbundet");
		*fid = sc.forbund_id;
		return FS_OK;
	}
	if (insats_id != 0)
		return fs_err_set(err, FS_EINVAL, "insats",
		    "rollen %s tilldelas för ett förbund, inte för en insats",
		    rn);
	if (forbund_id == 0)
		return fs_err_set(err, FS_EINVAL, "forbund",
		    "rollen %s tilldelas för ett förbund: förbund måste anges",
		    rn);
	rc = exists(db, FS_STMT_FORBUND_GET, forbund_id, &found, err);
	if (rc == FS_OK && !found)
		rc = fs_err_set(err, FS_ENOTFOUND, "forbund",
		    "det finns inget sådant förbund");
	*fid = forbund_id;
	return rc;
}

enum fs_rc
fs_user_assign(struct fs_db *db, const char *name, enum fs_role role,
    int64_t forbund_id, int64_t insats_id, struct fs_err *err)
{
	struct fs_user_assignment *have = NULL;
	struct user_row u;
	struct fs_stmt *s;
	char now[21], details[64];
	size_t nhave = 0;
	int64_t fid;
	enum fs_rc rc;
	bool own = false, tx = false;

	if ((unsigned)role >= FS_ROLE__MAX)
		return fs_err_set(err, FS_EINVAL, "roll", "okänd roll");
	rc = user_need(db, name, &u, err);
	if (rc == FS_OK)
		rc = check_scope(db, role, forbund_id, insats_id, &fid, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		return rc;
	tx = true;
	rc = assignments_of(db, u.id, &have, &nhave, err);
	if (rc != FS_OK)
		goto out;
	for (size_t i = 0; i < nhave; i++) {
		if (fs_role_conflict(have[i].a.role, role)) {
			rc = fs_err_set(err, FS_ECONFLICT, "roll",
			    "åtskillnad av arbetsuppgifter: samma användare får "
			    "inte vara både %s och %s",
			    fs_role_label(have[i].a.role), fs_role_label(role));
			goto out;
		}
	}
	fs_db_now(now);
	rc = fs_store_stmt(db->store, FS_STMT_TILLD_INSERT, &s, err);
	if (rc != FS_OK)
		goto out;
	fs_stmt_bind_i64(s, 1, u.id);
	fs_stmt_bind_str(s, 2, fs_role_name(role));
	if (fs_role_per_insats(role) || forbund_id == 0)
		fs_stmt_bind_null(s, 3);
	else
		fs_stmt_bind_i64(s, 3, forbund_id);
	if (insats_id == 0)
		fs_stmt_bind_null(s, 4);
	else
		fs_stmt_bind_i64(s, 4, insats_id);
	fs_stmt_bind_str(s, 5, db->actor);
	fs_stmt_bind_str(s, 6, now);
	rc = fs_stmt_exec(s, err);
	if (rc == FS_ECONFLICT)
		rc = fs_err_set(err, FS_ECONFLICT, "roll",
		    "användaren har redan den tilldelningen");
	if (rc != FS_OK)
		goto out;
	snprintf(details, sizeof(details), "{\"roll\":\"%s\"}",
	    fs_role_name(role));
	rc = audit(db, NULL, "anvandare.tilldela", name, fid, insats_id, "ok",
	    NULL, details, 0, err);
	if (rc == FS_OK && db->sessions != NULL)
		scache_forget_user(db->sessions, u.id, fs_auth_now());
out:
	assignments_free(have, nhave);
	if (tx)
		rc = fs_db_tx_end(db, own, rc, err);
	return rc;
}

enum fs_rc
fs_user_unassign(struct fs_db *db, const char *name, enum fs_role role,
    int64_t forbund_id, int64_t insats_id, struct fs_err *err)
{
	struct fs_scope sc = FS_SCOPE_NONE;
	struct user_row u;
	struct fs_stmt *s;
	char details[64];
	enum fs_rc rc;
	bool own;

	if ((unsigned)role >= FS_ROLE__MAX)
		return fs_err_set(err, FS_EINVAL, "roll", "okänd roll");
	rc = user_need(db, name, &u, err);
	if (rc != FS_OK)
		return rc;
	/* An insats role is stored without förbund; log the insats's. */
	if (fs_role_per_insats(role)) {
		forbund_id = 0;
		if (insats_id != 0 &&
		    fs_access_scope_insats(db, insats_id, &sc, NULL) != FS_OK)
			sc.forbund_id = 0;
	}
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_store_stmt(db->store, FS_STMT_TILLD_DELETE, &s, err);
	if (rc == FS_OK) {
		fs_stmt_bind_i64(s, 1, u.id);
		fs_stmt_bind_str(s, 2, fs_role_name(role));
		fs_stmt_bind_i64(s, 3, forbund_id);
		fs_stmt_bind_i64(s, 4, insats_id);
		rc = fs_stmt_exec(s, err);
	}
	if (rc == FS_OK && fs_store_changes(db->store) == 0)
		rc = fs_err_set(err, FS_ENOTFOUND, "roll",
		    "användaren har inte den tilldelningen");
	snprintf(details, sizeof(details), "{\"roll\":\"%s\"}",
	    fs_role_name(role));
	if (rc == FS_OK)
		rc = audit(db, NULL, "anvandare.aterkalla", name,
		    sc.forbund_id != 0 ? sc.forbund_id : forbund_id, insats_id,
		    "ok", NULL, details, 0, err);
	if (rc == FS_OK && db->sessions != NULL)
		scache_forget_user(db->sessions, u.id, fs_auth_now());
	return fs_db_tx_end(db, own, rc, err);
}

/* ---- listing ---- */

void
fs_user_release(struct fs_user *u)
{
	if (u == NULL)
		return;
	assignments_free(u->assignments, u->nassignments);
	memset(u, 0, sizeof(*u));
}

void
fs_user_list_free(struct fs_user *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fs_user_release(&v[i]);
	free(v);
}

static void
user_from_row(const struct user_row *r, struct fs_user *u)
{
	memset(u, 0, sizeof(*u));
	u->id = r->id;
	snprintf(u->name, sizeof(u->name), "%s", r->name);
	u->locked = r->locked;
	u->has_password = r->hash[0] != '\0';
	snprintf(u->created, sizeof(u->created), "%s", r->created);
}

enum fs_rc
fs_user_get(struct fs_db *db, const char *name, struct fs_user *out,
    struct fs_err *err)
{
	struct user_row r;
	enum fs_rc rc;

	memset(out, 0, sizeof(*out));
	rc = user_need(db, name, &r, err);
	if (rc != FS_OK)
		return rc;
	user_from_row(&r, out);
	sodium_memzero(r.hash, sizeof(r.hash));
	rc = assignments_of(db, out->id, &out->assignments,
	    &out->nassignments, err);
	if (rc != FS_OK)
		fs_user_release(out);
	return rc;
}

/* fs_row_fn: one row of FS_STMT_ANV_LIST. */
static enum fs_rc
read_listed_user(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	struct user_row r;

	(void)arg;
	(void)err;
	read_user_row(s, &r);
	user_from_row(&r, elem);
	sodium_memzero(r.hash, sizeof(r.hash));
	return FS_OK;
}

enum fs_rc
fs_user_list(struct fs_db *db, struct fs_user **out, size_t *n,
    struct fs_err *err)
{
	struct fs_user *v;
	struct fs_stmt *s;
	void *p = NULL;
	enum fs_rc rc;

	*out = NULL;
	*n = 0;
	rc = fs_store_stmt(db->store, FS_STMT_ANV_LIST, &s, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_stmt_collect(s, sizeof(*v), read_listed_user, NULL, &p, n,
	    err);
	v = p;
	for (size_t i = 0; rc == FS_OK && i < *n; i++)
		rc = assignments_of(db, v[i].id, &v[i].assignments,
		    &v[i].nassignments, err);
	if (rc != FS_OK) {
		fs_user_list_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return FS_OK;
}

enum fs_rc
fs_principal_load(struct fs_db *db, int64_t user_id, struct fs_principal *p,
    struct fs_err *err)
{
	struct fs_user_assignment *v = NULL;
	struct user_row u;
	size_t n = 0;
	enum fs_rc rc;
	bool found;

	fs_principal_release(p);
	rc = user_find(db, NULL, user_id, &u, &found, err);
	sodium_memzero(u.hash, sizeof(u.hash));
	if (rc != FS_OK)
		return rc;
	if (!found || u.locked)
		return fs_err_set(err, FS_EDENIED, "anvandare",
		    "användaren finns inte eller är spärrad");
	rc = assignments_of(db, user_id, &v, &n, err);
	if (rc != FS_OK)
		return rc;
	if (n > 0) {
		p->assignments = fs_reallocarray(NULL, n,
		    sizeof(*p->assignments));
		if (p->assignments == NULL) {
			assignments_free(v, n);
			return fs_err_set(err, FS_ENOMEM, NULL, MSG_NOMEM);
		}
		for (size_t i = 0; i < n; i++)
			p->assignments[i] = v[i].a;
	}
	p->nassignments = n;
	p->user_id = user_id;
	snprintf(p->name, sizeof(p->name), "%s", u.name);
	assignments_free(v, n);
	return FS_OK;
}

/* ---- throttling ---- */

/* The keyed hash naming an account ("konto") or address ("adress"). */
static void
throttle_key(const struct fs_db *db, const char *kind, const char *v,
    unsigned char out[32])
{
	unsigned char key[32];
	crypto_generichash_state st;

	fs_keys_derive(db->keys, KEY_ID_STRYPNING, key);
	crypto_generichash_init(&st, key, sizeof(key), 32);
	crypto_generichash_update(&st, (const unsigned char *)kind,
	    strlen(kind) + 1);
	crypto_generichash_update(&st, (const unsigned char *)v, strlen(v));
	crypto_generichash_final(&st, out, 32);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(&st, sizeof(st));
}

/*
 * Seconds still to wait before the next attempt under key (0: go on):
 * after free failures within FS_THROTTLE_FORGET, the k-th further
 * attempt waits 60 s << k from the last failure, at most
 * FS_THROTTLE_MAX_WAIT.
 */
static enum fs_rc
throttle_wait(struct fs_db *db, const unsigned char key[32], int64_t free_n,
    int64_t now, int64_t *wait, struct fs_err *err)
{
	struct fs_stmt *s;
	int64_t n, last, w, k;
	enum fs_rc rc;
	bool row;

	*wait = 0;
	rc = fs_store_stmt(db->store, FS_STMT_STRYP_GET, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_blob(s, 1, key, 32);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && row) {
		n = fs_stmt_col_i64(s, 0);
		last = fs_stmt_col_i64(s, 1);
		if (n >= free_n && now - last < FS_THROTTLE_FORGET) {
			k = n - free_n;
			w = k >= 4 ? FS_THROTTLE_MAX_WAIT : (int64_t)60 << k;
			if (w > FS_THROTTLE_MAX_WAIT)
				w = FS_THROTTLE_MAX_WAIT;
			if (last + w > now)
				*wait = last + w - now;
		}
	}
	fs_stmt_reset(s);
	return rc;
}

static enum fs_rc
throttle_fail(struct fs_db *db, const unsigned char key[32], int64_t now,
    struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;

	rc = fs_store_stmt(db->store, FS_STMT_STRYP_FAIL, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_blob(s, 1, key, 32);
	fs_stmt_bind_i64(s, 2, now);
	fs_stmt_bind_i64(s, 3, now - FS_THROTTLE_FORGET);
	return fs_stmt_exec(s, err);
}

static enum fs_rc
throttle_clear(struct fs_db *db, const unsigned char key[32],
    struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;

	rc = fs_store_stmt(db->store, FS_STMT_STRYP_CLEAR, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_blob(s, 1, key, 32);
	return fs_stmt_exec(s, err);
}

/* ---- sessions ---- */

void
fs_session_clear(struct fs_session *s)
{
	sodium_memzero(s, sizeof(*s));
}

static void
token_hash(const unsigned char raw[TOKEN_BYTES],
    unsigned char out[crypto_hash_sha256_BYTES])
{
	crypto_hash_sha256(out, raw, TOKEN_BYTES);
}

/* Decode a 64-hex-digit token; false when it is not one. */
static bool
token_decode(const char *token, unsigned char raw[TOKEN_BYTES])
{
	size_t n = 0;

	if (token == NULL || strlen(token) != FS_TOKEN_HEX_LEN)
		return false;
	if (sodium_hex2bin(raw, TOKEN_BYTES, token, FS_TOKEN_HEX_LEN, NULL,
	    &n, NULL) != 0 || n != TOKEN_BYTES)
		return false;
	return true;
}

static enum fs_rc
client_check(const char *client_addr, struct fs_err *err)
{
	if (client_addr != NULL && strlen(client_addr) > FS_CLIENT_ADDR_MAX)
		return fs_err_set(err, FS_EINVAL, "klientadress",
		    "högst %d tecken", FS_CLIENT_ADDR_MAX);
	return FS_OK;
}

static void
bind_client(struct fs_stmt *s, int i, const char *client_addr)
{
	if (client_addr == NULL || *client_addr == '\0')
		fs_stmt_bind_null(s, i);
	else
		fs_stmt_bind_str(s, i, client_addr);
}

/* Create the session row; the caller holds the transaction. */
static enum fs_rc
session_insert(struct fs_db *db, int64_t user_id, const char *client_addr,
    int64_t now, struct fs_session *out, struct fs_err *err)
{
	unsigned char raw[TOKEN_BYTES], csrf[TOKEN_BYTES];
	unsigned char h[crypto_hash_sha256_BYTES];
	struct fs_stmt *s;
	enum fs_rc rc;

	rc = fs_store_stmt(db->store, FS_STMT_SESSION_EXPIRE, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, now - FS_SESSION_IDLE);
	fs_stmt_bind_i64(s, 2, now - FS_SESSION_ABSOLUTE);
	rc = fs_stmt_exec(s, err);
	if (rc != FS_OK)
		return rc;
	randombytes_buf(raw, sizeof(raw));
	randombytes_buf(csrf, sizeof(csrf));
	token_hash(raw, h);
	sodium_bin2hex(out->token, sizeof(out->token), raw, sizeof(raw));
	sodium_bin2hex(out->csrf, sizeof(out->csrf), csrf, sizeof(csrf));
	sodium_memzero(raw, sizeof(raw));
	sodium_memzero(csrf, sizeof(csrf));
	rc = fs_store_stmt(db->store, FS_STMT_SESSION_INSERT, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_blob(s, 1, h, sizeof(h));
	fs_stmt_bind_i64(s, 2, user_id);
	fs_stmt_bind_str(s, 3, out->csrf);
	fs_stmt_bind_i64(s, 4, now);
	fs_stmt_bind_i64(s, 5, now);
	bind_client(s, 6, client_addr);
	rc = fs_stmt_exec(s, err);
	if (rc != FS_OK)
		return rc;
	out->id = fs_store_last_id(db->store);
	out->user_id = user_id;
	out->created = now;
	out->expires = now + FS_SESSION_ABSOLUTE;
	return FS_OK;
}

enum fs_rc
fs_session_create(struct fs_db *db, int64_t user_id, const char *client_addr,
    int64_t now, struct fs_session *out, struct fs_err *err)
{
	struct user_row u;
	enum fs_rc rc;
	bool found, own;

	memset(out, 0, sizeof(*out));
	rc = client_check(client_addr, err);
	if (rc != FS_OK)
		return rc;
	rc = user_find(db, NULL, user_id, &u, &found, err);
	sodium_memzero(u.hash, sizeof(u.hash));
	if (rc != FS_OK)
		return rc;
	if (!found || u.locked)
		return fs_err_set(err, FS_EDENIED, "anvandare",
		    "användaren finns inte eller är spärrad");
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		return rc;
	rc = session_insert(db, user_id, client_addr, now, out, err);
	rc = fs_db_tx_end(db, own, rc, err);
	if (rc != FS_OK)
		fs_session_clear(out);
	return rc;
}

/*
 * After a failed or throttled attempt: count the failure (not for a
 * throttled one), forget old throttling rows, audit; in one
 * transaction, committed even though the login fails.
 */
static enum fs_rc
login_failed(struct fs_db *db, const unsigned char kkey[32],
    const unsigned char *akey, const char *who, const char *utfall,
    const char *client_addr, const char *details, int64_t now, bool count,
    struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	bool own;

	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		return rc;
	if (count) {
		rc = throttle_fail(db, kkey, now, err);
		if (rc == FS_OK && akey != NULL)
			rc = throttle_fail(db, akey, now, err);
		if (rc == FS_OK)
			rc = fs_store_stmt(db->store, FS_STMT_STRYP_EXPIRE, &s,
			    err);
		if (rc == FS_OK) {
			fs_stmt_bind_i64(s, 1, now - FS_THROTTLE_FORGET);
			rc = fs_stmt_exec(s, err);
		}
	}
	if (rc == FS_OK)
		rc = audit(db, who, "inloggning", who, 0, 0, utfall,
		    client_addr, details, now, err);
	return fs_db_tx_end(db, own, rc, err);
}

enum fs_rc
fs_user_login(struct fs_db *db, const char *name, const char *password,
    const char *client_addr, int64_t now, struct fs_session *out,
    struct fs_err *err)
{
	unsigned char kkey[32], akey[32];
	const unsigned char *ak = NULL;
	char rehash[crypto_pwhash_STRBYTES];
	struct user_row u;
	struct fs_stmt *s;
	int64_t wk = 0, wa = 0, w;
	const char *who;
	enum fs_rc rc;
	bool found = false, ok, own;

	memset(out, 0, sizeof(*out));
	memset(&u, 0, sizeof(u));
	rehash[0] = '\0';
	if (name == NULL || *name == '\0')
		return fs_err_set(err, FS_EINVAL, "anvandarnamn",
		    "måste anges");
	if (strlen(name) > 4 * FS_USER_NAME_MAX)
		return fs_err_set(err, FS_EINVAL, "anvandarnamn",
		    "får vara högst %d tecken", FS_USER_NAME_MAX);
	if (password == NULL || *password == '\0')
		return fs_err_set(err, FS_EINVAL, "losenord", "måste anges");
	if (strlen(password) > PASSWORD_BYTES_MAX)
		return fs_err_set(err, FS_EINVAL, "losenord",
		    "får vara högst %d tecken", FS_PASSWORD_MAX);
	rc = client_check(client_addr, err);
	if (rc != FS_OK)
		return rc;

	throttle_key(db, "konto", name, kkey);
	if (client_addr != NULL && *client_addr != '\0') {
		throttle_key(db, "adress", client_addr, akey);
		ak = akey;
	}
	rc = throttle_wait(db, kkey, FS_THROTTLE_FREE_ACCOUNT, now, &wk, err);
	if (rc == FS_OK && ak != NULL)
		rc = throttle_wait(db, ak, FS_THROTTLE_FREE_ADDRESS, now, &wa,
		    err);
	if (rc != FS_OK)
		return rc;
	if (fs_user_name_check(name, NULL) == FS_OK) {
		rc = user_find(db, name, 0, &u, &found, err);
		if (rc != FS_OK)
			goto out;
	}
	/* Only a real user's name is logged: a typo may be a password. */
	who = found ? u.name : "okänd";
	if (wk > 0 || wa > 0) {
		w = wk > wa ? wk : wa;
		rc = login_failed(db, kkey, ak, who, "strypt", client_addr,
		    NULL, now, false, err);
		if (rc == FS_OK)
			rc = fs_err_set(err, FS_EDENIED, "inloggning",
			    "för många misslyckade inloggningar: vänta %lld "
			    "minuter och försök igen",
			    (long long)((w + 59) / 60));
		goto out;
	}

	/* The same work whether the user exists or not. */
	if (found && u.hash[0] != '\0') {
		ok = crypto_pwhash_str_verify(u.hash, password,
		    strlen(password)) == 0;
	} else {
		/* Spend the time; the result does not matter. */
		ok = crypto_pwhash_str_verify(dummy_hash, password,
		    strlen(password)) == 0;
		ok = false;
	}
	if (!ok || u.locked) {
		rc = login_failed(db, kkey, ak, who, "fel", client_addr,
		    ok && u.locked ? "{\"orsak\":\"sparrad\"}" : NULL, now,
		    true, err);
		if (rc == FS_OK)
			rc = fs_err_set(err, FS_EDENIED, "inloggning",
			    MSG_LOGIN_FAILED);
		goto out;
	}
	if (crypto_pwhash_str_needs_rehash(u.hash,
	    crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE) != 0 &&
	    hash_password(password, rehash, NULL) != FS_OK)
		rehash[0] = '\0';

	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		goto out;
	rc = throttle_clear(db, kkey, err);
	if (rc == FS_OK && rehash[0] != '\0') {
		char ts[21];

		fs_audit_time(now, ts);
		rc = fs_store_stmt(db->store, FS_STMT_ANV_SET_LOSENORD, &s,
		    err);
		if (rc == FS_OK) {
			fs_stmt_bind_str(s, 1, rehash);
			fs_stmt_bind_str(s, 2, ts);
			fs_stmt_bind_i64(s, 3, u.id);
			rc = fs_stmt_exec(s, err);
		}
	}
	if (rc == FS_OK)
		rc = session_insert(db, u.id, client_addr, now, out, err);
	if (rc == FS_OK)
		rc = audit(db, u.name, "inloggning", u.name, 0, 0, "ok",
		    client_addr, NULL, now, err);
	rc = fs_db_tx_end(db, own, rc, err);
	if (rc != FS_OK)
		fs_session_clear(out);
out:
	sodium_memzero(&u, sizeof(u));
	sodium_memzero(rehash, sizeof(rehash));
	sodium_memzero(kkey, sizeof(kkey));
	sodium_memzero(akey, sizeof(akey));
	return rc;
}

/* The session of token hash h; *found false when it names none. */
static enum fs_rc
session_find(struct fs_db *db, const unsigned char h[SCACHE_HASH_LEN],
    struct scache_row *r, bool *found, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	*found = false;
	memset(r, 0, sizeof(*r));
	rc = fs_store_stmt(db->store, FS_STMT_SESSION_BY_HASH, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_blob(s, 1, h, SCACHE_HASH_LEN);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && row) {
		r->id = fs_stmt_col_i64(s, 0);
		r->user_id = fs_stmt_col_i64(s, 1);
		snprintf(r->csrf, sizeof(r->csrf), "%s",
		    fs_stmt_col_text(s, 2, NULL));
		r->created = fs_stmt_col_i64(s, 3);
		r->last = fs_stmt_col_i64(s, 4);
		*found = true;
	}
	fs_stmt_reset(s);
	return rc;
}

/* The token's hash; false when token is not 64 hex digits. */
static bool
token_to_hash(const char *token, unsigned char h[SCACHE_HASH_LEN])
{
	unsigned char raw[TOKEN_BYTES];

	if (!token_decode(token, raw))
		return false;
	token_hash(raw, h);
	sodium_memzero(raw, sizeof(raw));
	return true;
}

/* End session r (expired or logged out) and audit it as handling. */
static enum fs_rc
session_end(struct fs_db *db, const struct scache_row *r,
    const char *handling, const char *client_addr, int64_t now,
    struct fs_err *err)
{
	struct user_row u;
	char obj[40];
	enum fs_rc rc;
	bool found, own;

	rc = user_find(db, NULL, r->user_id, &u, &found, err);
	sodium_memzero(u.hash, sizeof(u.hash));
	if (rc != FS_OK)
		return rc;
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		return rc;
	rc = exec_id(db, FS_STMT_SESSION_DELETE, r->id, err);
	snprintf(obj, sizeof(obj), "session %lld", (long long)r->id);
	if (rc == FS_OK)
		rc = audit(db, found ? u.name : "okänd", handling, obj, 0, 0,
		    "ok", client_addr, NULL, now, err);
	return fs_db_tx_end(db, own, rc, err);
}

/* The idle time written to the session (a deferred write). */
struct touch {
	int64_t	 id;
	int64_t	 now;
};

static enum fs_rc
touch_write(struct fs_db *db, void *arg, struct fs_err *err)
{
	const struct touch *t = arg;
	struct fs_stmt *s;
	enum fs_rc rc;

	rc = fs_store_stmt(db->store, FS_STMT_SESSION_TOUCH, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, t->now);
	fs_stmt_bind_i64(s, 2, t->id);
	return fs_stmt_exec(s, err);
}

static void
touch_free(void *arg)
{
	free(arg);
}

/*
 * Refresh the idle time of session id to now: a small write that a
 * server's reader hands to the writer (db.h fs_db_write_later()).
 */
static enum fs_rc
session_touch(struct fs_db *db, int64_t id, int64_t now, struct fs_err *err)
{
	struct touch *t = fs_malloc(sizeof(*t));

	if (t == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, MSG_NOMEM);
	t->id = id;
	t->now = now;
	return fs_db_write_later(db, touch_write, t, touch_free, err);
}

static bool
timed_out(const struct scache_row *r, int64_t now)
{
	return now - r->last >= FS_SESSION_IDLE ||
	    now - r->created >= FS_SESSION_ABSOLUTE;
}

/*
 * fs_session_check() from the cache: FS_OK (p filled), FS_EDENIED
 * (revoked here), or *miss when the database must decide.
 */
static enum fs_rc
check_cached(struct fs_db *db, const unsigned char h[SCACHE_HASH_LEN],
    int64_t now, struct fs_principal *p, bool *miss, struct fs_err *err)
{
	struct scache_row r;
	enum fs_rc rc = FS_OK;

	*miss = false;
	switch (scache_get(db->sessions, h, now, &r, p)) {
	case SCACHE_REVOKED:
		return fs_err_set(err, FS_EDENIED, "session", MSG_SESSION);
	case SCACHE_MISS:
		*miss = true;
		return FS_OK;
	case SCACHE_HIT:
		break;
	}
	if (timed_out(&r, now)) {
		/* The database check ends it and logs that. */
		scache_drop(db->sessions, h);
		fs_principal_release(p);
		*miss = true;
	} else if (now - r.last >= TOUCH_EVERY) {
		scache_touch(db->sessions, h, now);
		rc = session_touch(db, r.id, now, err);
	}
	sodium_memzero(&r, sizeof(r));
	return rc;
}

enum fs_rc
fs_session_check(struct fs_db *db, const char *token, int64_t now,
    struct fs_principal *p, struct fs_err *err)
{
	unsigned char h[SCACHE_HASH_LEN];
	struct scache_row r;
	enum fs_rc rc;
	bool found, miss = true;

	fs_principal_release(p);
	memset(&r, 0, sizeof(r));
	if (!token_to_hash(token, h)) {
		rc = fs_err_set(err, FS_EDENIED, "session", MSG_SESSION);
		goto out;
	}
	if (db->sessions != NULL) {
		rc = check_cached(db, h, now, p, &miss, err);
		if (rc != FS_OK || !miss)
			goto out;
	}
	rc = session_find(db, h, &r, &found, err);
	if (rc != FS_OK)
		goto out;
	if (!found) {
		rc = fs_err_set(err, FS_EDENIED, "session", MSG_SESSION);
		goto out;
	}
	if (timed_out(&r, now)) {
		rc = session_end(db, &r, "session.utgangen", NULL, now, err);
		if (rc == FS_OK)
			rc = fs_err_set(err, FS_EDENIED, "session",
			    MSG_SESSION);
		goto out;
	}
	rc = fs_principal_load(db, r.user_id, p, err);
	if (rc == FS_EDENIED) {
		rc = fs_err_set(err, FS_EDENIED, "session", MSG_SESSION);
		goto out;
	}
	if (rc != FS_OK)
		goto out;
	if (now - r.last >= TOUCH_EVERY) {
		rc = session_touch(db, r.id, now, err);
		if (rc != FS_OK)
			goto out;
		r.last = now;
	}
	p->session_id = r.id;
	snprintf(p->csrf, sizeof(p->csrf), "%s", r.csrf);
	if (db->sessions != NULL && !scache_put(db->sessions, h, &r, p, now))
		rc = fs_err_set(err, FS_EDENIED, "session", MSG_SESSION);
out:
	sodium_memzero(&r, sizeof(r));
	sodium_memzero(h, sizeof(h));
	if (rc != FS_OK)
		fs_principal_release(p);
	return rc;
}

bool
fs_session_csrf_ok(const struct fs_principal *p, const char *given)
{
	if (p == NULL || p->session_id == 0 || given == NULL)
		return false;
	if (strlen(p->csrf) != FS_TOKEN_HEX_LEN ||
	    strlen(given) != FS_TOKEN_HEX_LEN)
		return false;
	return sodium_memcmp(p->csrf, given, FS_TOKEN_HEX_LEN) == 0;
}

enum fs_rc
fs_session_logout(struct fs_db *db, const char *token,
    const char *client_addr, struct fs_err *err)
{
	unsigned char h[SCACHE_HASH_LEN];
	struct scache_row r;
	enum fs_rc rc;
	bool found;

	rc = client_check(client_addr, err);
	if (rc != FS_OK || !token_to_hash(token, h))
		return rc;
	/* Refused here at once, before the delete is even committed. */
	if (db->sessions != NULL)
		scache_revoke(db->sessions, h, fs_auth_now());
	rc = session_find(db, h, &r, &found, err);
	if (rc == FS_OK && found)
		rc = session_end(db, &r, "utloggning", client_addr,
		    fs_auth_now(), err);
	sodium_memzero(&r, sizeof(r));
	sodium_memzero(h, sizeof(h));
	return rc;
}
