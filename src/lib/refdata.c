/* SPDX-License-Identifier: ISC */
/*
 * Parsing of the embedded län and kommun tables.  The files are our own
 * (plain comma-separated, no quoting), so a strict line parser suffices
 * and any deviation is an internal error.
 */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/refdata.h"

/* Split line p[0..len) at commas into at most max fields. */
static size_t
split(const char *p, size_t len, struct fs_str *f, size_t max)
{
	size_t n = 0, start = 0;

	for (size_t i = 0; i <= len && n < max; i++) {
		if (i == len || p[i] == ',') {
			f[n].p = p + start;
			f[n].len = i - start;
			n++;
			start = i + 1;
		}
	}
	return n;
}

/* Call fn for every data line of the embedded file name. */
static enum fs_rc
each_line(const char *name, size_t nfields,
    enum fs_rc (*fn)(struct fs_refdata *, struct fs_str *), struct fs_refdata *r,
    struct fs_err *err)
{
	const struct fs_embedded *f = fs_embedded_find(name);
	struct fs_str fld[8];
	const char *p, *end, *nl;
	enum fs_rc rc;
	int header = 1;

	if (f == NULL)
		return fs_err_set(err, FS_EDB, NULL,
		    "intern: referensdata %s saknas", name);
	p = f->data;
	end = f->data + f->len;
	while (p < end) {
		size_t len;

		nl = memchr(p, '\n', (size_t)(end - p));
		len = nl == NULL ? (size_t)(end - p) : (size_t)(nl - p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len > 0 && !header) {
			if (split(p, len, fld, FS_NELEM(fld)) != nfields)
				return fs_err_set(err, FS_EDB, NULL,
				    "intern: felaktig rad i %s", name);
			rc = fn(r, fld);
			if (rc != FS_OK)
				return fs_err_set(err, rc, NULL,
				    "minnet räcker inte");
		}
		header = 0;
		p = nl == NULL ? end : nl + 1;
	}
	return FS_OK;
}

static void
copy_code(char *dst, size_t n, struct fs_str s)
{
	size_t len = s.len < n - 1 ? s.len : n - 1;

	memcpy(dst, s.p, len);
	dst[len] = '\0';
}

static enum fs_rc
add_lan(struct fs_refdata *r, struct fs_str *f)
{
	struct fs_ref_lan *l, *grown;

	grown = fs_reallocarray(r->lan, r->nlan + 1, sizeof(*r->lan));
	if (grown == NULL)
		return FS_ENOMEM;
	r->lan = grown;
	l = &r->lan[r->nlan];
	copy_code(l->kod, sizeof(l->kod), f[0]);
	l->namn = fs_strndup(f[1].p, f[1].len);
	l->kortnamn = fs_strndup(f[2].p, f[2].len);
	r->nlan++;
	if (l->namn == NULL || l->kortnamn == NULL)
		return FS_ENOMEM;
	return FS_OK;
}

static enum fs_rc
add_kommun(struct fs_refdata *r, struct fs_str *f)
{
	struct fs_ref_kommun *k, *grown;

	grown = fs_reallocarray(r->kommuner, r->nkommuner + 1,
	    sizeof(*r->kommuner));
	if (grown == NULL)
		return FS_ENOMEM;
	r->kommuner = grown;
	k = &r->kommuner[r->nkommuner];
	copy_code(k->kod, sizeof(k->kod), f[0]);
	k->namn = fs_strndup(f[1].p, f[1].len);
	k->kortnamn = fs_strndup(f[2].p, f[2].len);
	copy_code(k->lan, sizeof(k->lan), f[3]);
	r->nkommuner++;
	if (k->namn == NULL || k->kortnamn == NULL)
		return FS_ENOMEM;
	return FS_OK;
}

enum fs_rc
fs_refdata_load(struct fs_refdata *r, struct fs_err *err)
{
	enum fs_rc rc;

	memset(r, 0, sizeof(*r));
	rc = each_line("data/counties.csv", 3, add_lan, r, err);
	if (rc == FS_OK)
		rc = each_line("data/municipalities.csv", 4, add_kommun, r,
		    err);
	if (rc != FS_OK)
		fs_refdata_release(r);
	return rc;
}

void
fs_refdata_release(struct fs_refdata *r)
{
	for (size_t i = 0; i < r->nlan; i++) {
		free(r->lan[i].namn);
		free(r->lan[i].kortnamn);
	}
	for (size_t i = 0; i < r->nkommuner; i++) {
		free(r->kommuner[i].namn);
		free(r->kommuner[i].kortnamn);
	}
	free(r->lan);
	free(r->kommuner);
	memset(r, 0, sizeof(*r));
}
