/* SPDX-License-Identifier: ISC */
/*
 * Helpers shared by the unit tests: a fresh database with its key file
 * in a temporary directory, removed again afterwards, and a fixed
 * "today" so that date rules are deterministic.
 */
#ifndef FS_TESTUTIL_H
#define FS_TESTUTIL_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "embedded.h"
#include "finsam/db.h"

struct test_db {
	char		 dir[64];
	char		 path[128];
	struct fs_db	*db;
};

/* Remove every file in dir, then dir. */
static inline void
test_rmdir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[512];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

/* Create and open a new database; returns 0 on success. */
static inline int
test_db_open(struct test_db *t)
{
	struct fs_err err = FS_ERR_INIT;

	setenv("FINSAM_IDAG", "2026-06-01", 1);
	unsetenv("FINSAM_NYCKEL");
	snprintf(t->dir, sizeof(t->dir), "/tmp/finsam-test-XXXXXX");
	if (mkdtemp(t->dir) == NULL)
		return -1;
	snprintf(t->path, sizeof(t->path), "%s/test.db", t->dir);
	if (fs_db_init(t->path, NULL, &err) != FS_OK) {
		fprintf(stderr, "init: %s: %s\n", err.field, err.msg);
		return -1;
	}
	if (fs_db_open(t->path, NULL, "test", &t->db, &err) != FS_OK) {
		fprintf(stderr, "open: %s: %s\n", err.field, err.msg);
		return -1;
	}
	return 0;
}

static inline void
test_db_close(struct test_db *t)
{
	fs_db_close(t->db);
	t->db = NULL;
	test_rmdir(t->dir);
}

/*
 * The schema version just before the migration whose file name ends in
 * suffix (sql/migrations/NNNN<suffix>), whatever its number, so that an
 * upgrade test keeps testing its own migration when others are added;
 * -1 when there is no such file.
 */
static inline int
test_version_before(const char *suffix)
{
	size_t sl = strlen(suffix);

	for (size_t i = 0; i < fs_embedded_nfiles; i++) {
		const char *n = fs_embedded_files[i].name;
		size_t len = strlen(n);

		if (strncmp(n, "sql/migrations/", 15) == 0 && len > sl &&
		    strcmp(n + len - sl, suffix) == 0)
			return (int)strtol(n + 15, NULL, 10) - 1;
	}
	return -1;
}

#endif
