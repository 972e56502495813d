/* SPDX-License-Identifier: ISC */
/*
 * The files under web/ built into the binary by tools/embed_web.cmake
 * (the static UI).  Each array is NUL-terminated after len bytes; etag
 * is a quoted strong entity tag of the contents.
 */
#ifndef FS_WEBFILES_H
#define FS_WEBFILES_H

#include <stddef.h>

struct fs_web_file {
	const char	*name;	/* path relative to web/, e.g. "index.html" */
	const char	*data;
	size_t		 len;
	const char	*etag;
};

extern const struct fs_web_file fs_web_files[];
extern const size_t fs_web_nfiles;

#endif
