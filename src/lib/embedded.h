/* SPDX-License-Identifier: ISC */
/*
 * Files built into libfinsam by tools/embed.cmake: the numbered schema
 * migrations (sql/migrations/NNNN-*.sql) and the reference data
 * (data/ CSV files).  Each array is NUL-terminated after len bytes.
 */
#ifndef FS_EMBEDDED_H
#define FS_EMBEDDED_H

#include <stddef.h>

struct fs_embedded {
	const char	*name;	/* path relative to the source root */
	const char	*data;
	size_t		 len;
};

extern const struct fs_embedded fs_embedded_files[];
extern const size_t fs_embedded_nfiles;

/* The embedded file named name, or NULL. */
const struct fs_embedded *fs_embedded_find(const char *name);

#endif
