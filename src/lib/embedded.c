/* SPDX-License-Identifier: ISC */
/*
 * Lookup of the files that tools/embed.cmake built into the library.
 */
#include "compat.h"

#include <string.h>

#include "embedded.h"

const struct fs_embedded *
fs_embedded_find(const char *name)
{
	for (size_t i = 0; i < fs_embedded_nfiles; i++)
		if (strcmp(fs_embedded_files[i].name, name) == 0)
			return &fs_embedded_files[i];
	return NULL;
}
