/* SPDX-License-Identifier: ISC */
/*
 * Backup and restore (backup.h).  Owns the checks a restore makes
 * before it overwrites anything: the backup is a sound database, not
 * from a newer finsam, and encrypted under the installation's key.
 */
#include "compat.h"

#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "finsam/alloc.h"
#include "finsam/backup.h"
#include "finsam/buf.h"
#include "finsam/crypto.h"
#include "finsam/db.h"
#include "finsam/store.h"

/* The meta key db.c stores the key's fingerprint under. */
#define META_FINGERPRINT "nyckel_fingeravtryck"

/*
 * How often the audit entry of a backup is tried: each try waits the
 * store's busy timeout (10 s) for a writer, so an import of the whole
 * country (one transaction) does not make the backup fail.
 */
#define AUDIT_TRIES 60

enum fs_rc
fs_backup_write(struct fs_db *db, const char *path, struct fs_err *err)
{
	enum fs_rc rc;

	rc = fs_store_backup(db->store, path, err);
	if (rc != FS_OK)
		return rc;
	/* Where the copy went is for the operator; it names no person. */
	for (int i = 0; i < AUDIT_TRIES; i++) {
		rc = fs_db_audit(db, "sakerhetskopia", "databas", 0, 0, "ok",
		    path, err);
		if (rc != FS_EDB)
			break;
	}
	/* A copy of everything that the log does not know of goes. */
	if (rc != FS_OK)
		unlink(path);
	return rc;
}

/* Does the backup st carry the fingerprint of the keys k? */
static enum fs_rc
same_key(struct fs_store *st, const struct fs_keys *k, const char *kp,
    struct fs_err *err)
{
	unsigned char fp[FS_KEY_FINGERPRINT_LEN];
	char hex[2 * FS_KEY_FINGERPRINT_LEN + 1];
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row = false, same = false;

	fs_keys_fingerprint(k, fp);
	sodium_bin2hex(hex, sizeof(hex), fp, sizeof(fp));
	rc = fs_store_stmt(st, FS_STMT_META_GET, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_str(s, 1, META_FINGERPRINT);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && row)
		same = strcmp(fs_stmt_col_text(s, 0, NULL), hex) == 0;
	fs_stmt_reset(s);
	if (rc == FS_OK && !same)
		rc = fs_err_set(err, FS_EINVAL, "nyckel",
		    "säkerhetskopian är inte krypterad med nyckelfilen %s: "
		    "återställ den med sin egen nyckelfil", kp);
	return rc;
}

enum fs_rc
fs_backup_restore(const char *from, const char *path, const char *keypath,
    bool replace, const char *actor, struct fs_err *err)
{
	struct fs_store *src = NULL, *dst = NULL;
	struct fs_keys *keys = NULL;
	struct fs_db *db = NULL;
	struct stat sb;
	char *kp;
	enum fs_rc rc;

	rc = fs_crypto_init(err);
	if (rc != FS_OK)
		return rc;
	kp = keypath != NULL ? fs_strdup(keypath) :
	    fs_keys_default_path(path);
	if (kp == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	if (stat(from, &sb) != 0) {
		rc = fs_err_set(err, FS_EIO, "fran",
		    "säkerhetskopian %s finns inte", from);
		goto out;
	}
	/* As it is: read-only, no upgrade (maxver 0), newer refused. */
	rc = fs_store_open_version(from, FS_STORE_READONLY, 0, &src, err);
	if (rc == FS_OK)
		rc = fs_store_check(src, err);
	if (rc == FS_OK)
		rc = fs_keys_load(kp, &keys, err);
	if (rc == FS_OK)
		rc = same_key(src, keys, kp, err);
	/* Whatever the engine says, to the user the file is the problem. */
	if (rc == FS_EDB)
		rc = fs_err_set(err, FS_EIO, "fran", "%s är ingen läsbar "
		    "finsam-databas", from);
	if (rc != FS_OK) {
		if (err != NULL && err->field[0] == '\0')
			snprintf(err->field, sizeof(err->field), "fran");
		goto out;
	}
	if (stat(path, &sb) == 0 && !replace) {
		rc = fs_err_set(err, FS_ECONFLICT, "db",
		    "databasen %s finns redan: ange --ersatt för att ersätta "
		    "den med säkerhetskopian", path);
		goto out;
	}
	rc = fs_store_open(path, FS_STORE_CREATE, &dst, err);
	if (rc == FS_OK)
		rc = fs_store_restore(dst, src, err);
	fs_store_close(dst);
	fs_store_close(src);
	src = NULL;
	if (rc != FS_OK)
		goto out;
	/* Opening upgrades an older backup and checks the key once more. */
	rc = fs_db_open(path, keypath, actor, &db, err);
	if (rc == FS_OK)
		rc = fs_db_audit(db, "aterstall", "databas", 0, 0, "ok", from,
		    err);
	fs_db_close(db);
out:
	fs_store_close(src);
	fs_keys_free(keys);
	free(kp);
	return rc;
}
