/* SPDX-License-Identifier: ISC */
/*
 * Backup and restore of a finsam database (access.md "Backups and
 * durability": online backup of a running system, and restore, are
 * single commands).  A backup is one file: a consistent snapshot taken
 * while the server keeps writing.  It holds the personnummer only
 * encrypted; the key file is not in it and must be kept (apart) too.
 * A restore refuses a damaged file, a file from a newer finsam and a
 * backup whose key is not the installation's key file, before anything
 * is overwritten; an older backup is upgraded after it is restored.
 */
#ifndef FS_BACKUP_H
#define FS_BACKUP_H

#include <stdbool.h>

#include "finsam/db.h"
#include "finsam/err.h"

/*
 * Write a backup of db to the new file path (mode 0600; FS_ECONFLICT
 * "ut" when it exists) and record it in the audit log.
 */
enum fs_rc	 fs_backup_write(struct fs_db *db, const char *path,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * Restore the backup file `from` as the database path, with the key
 * file keypath (NULL: the default beside path).  An existing database
 * is replaced only when replace is true (FS_ECONFLICT "db" otherwise).
 * actor is recorded in the audit log of the restored database.
 */
enum fs_rc	 fs_backup_restore(const char *from, const char *path,
		    const char *keypath, bool replace, const char *actor,
		    struct fs_err *err) FS_MUSTCHECK;

#endif
