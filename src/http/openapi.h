/* SPDX-License-Identifier: ISC */
/*
 * The OpenAPI 3 document of the API, generated from the route table
 * (src/http/openapi.c).  Private to the HTTP shell and its tests.
 */
#ifndef FS_HTTP_OPENAPI_H
#define FS_HTTP_OPENAPI_H

#include <jansson.h>

#include "http.h"

/* The whole document (a new reference), or NULL when memory runs out. */
json_t		*fs_openapi_document(void);
/* The JSON schema of one declared field (a new reference). */
json_t		*fs_openapi_field_schema(const struct fs_field *f);

#endif
