/* SPDX-License-Identifier: ISC */
/*
 * The static web UI, served from the copy of web/ built into the
 * binary (webfiles.h): "/" is index.html, "/x/y.js" is web/x/y.js.
 * GET and HEAD only, a content type from the file name, a strong ETag
 * answered with 304 when the client has it, and no way out of the
 * table (the path is only ever compared, never opened).  Owns nothing.
 */
#include "compat.h"

#include <stdbool.h>
#include <string.h>

#include <microhttpd.h>

#include "http.h"
#include "webfiles.h"

static const struct {
	const char	*ext;
	const char	*type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".json", "application/json; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".woff2", "font/woff2" },
};

static const char *
type_of(const char *name)
{
	size_t n = strlen(name), e;

	for (size_t i = 0; i < FS_NELEM(types); i++) {
		e = strlen(types[i].ext);
		if (n >= e && strcmp(name + n - e, types[i].ext) == 0)
			return types[i].type;
	}
	return "application/octet-stream";
}

bool
fs_http_static(struct http_req *r, const char *path)
{
	const struct fs_web_file *f = NULL;
	const char *inm;

	if (path[0] != '/')
		return false;
	path++;
	if (*path == '\0')
		path = "index.html";
	for (size_t i = 0; i < fs_web_nfiles; i++)
		if (fs_web_files[i].name != NULL &&
		    strcmp(fs_web_files[i].name, path) == 0) {
			f = &fs_web_files[i];
			break;
		}
	if (f == NULL)
		return false;
	fs_http_add_header(r, "ETag", f->etag);
	fs_http_add_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	inm = fs_http_header_get(r, MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (inm != NULL && strcmp(inm, f->etag) == 0) {
		fs_http_const(r, MHD_HTTP_NOT_MODIFIED, NULL, NULL, 0);
		return true;
	}
	fs_http_const(r, MHD_HTTP_OK, type_of(f->name), f->data, f->len);
	return true;
}
