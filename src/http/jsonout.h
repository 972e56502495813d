/* SPDX-License-Identifier: ISC */
/*
 * JSON of the library's objects for the API (src/http/json.c).  Each
 * function returns a new jansson reference, or NULL when memory runs
 * out.  Private to the HTTP shell.
 */
#ifndef FS_HTTP_JSONOUT_H
#define FS_HTTP_JSONOUT_H

#include <stdint.h>

#include <jansson.h>

#include "finsam/deltagande.h"
#include "finsam/forbund.h"
#include "finsam/insats.h"

/* "YYYY-MM-DD", or null for FS_DATE_NONE. */
json_t		*fs_json_date(int32_t day);
/* The string, or null for NULL. */
json_t		*fs_json_str(const char *s);
/* The wire name of value in list (enum fs_list), or null. */
json_t		*fs_json_code(int list, int value);
/* The wire names of the bits of set, as an array. */
json_t		*fs_json_codeset(int list, uint32_t set);

json_t		*fs_json_forbund(const struct fs_forbund *f);
json_t		*fs_json_medlem(const struct fs_medlem *m);
/* today decides "saknar_beslut" (ended without a decision). */
json_t		*fs_json_insats(const struct fs_insats *i, int32_t today);
/* The fields of a participation, without the personnummer. */
json_t		*fs_json_deltagande(const struct fs_deltagande *d);
json_t		*fs_json_version(const struct fs_version *v);

#endif
