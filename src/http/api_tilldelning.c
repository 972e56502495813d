/* SPDX-License-Identifier: ISC */
/*
 * Endpoints for the state allocation (tilldelning.h), read only: the
 * allocation of a year computed on the spot without storing anything
 * (the same bytes as "finsam tilldelning berakna --prova --format
 * json"), and a stored calculation as the very bytes that were stored
 * (the same as "finsam tilldelning visa --format json").  Both answer
 * with the one JSON serialisation of the library; nothing here writes
 * JSON of its own.  The allocation covers every förbund, so the
 * permission is checked without a förbund (a reach of all).
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>

#include <microhttpd.h>

#include "finsam/buf.h"
#include "finsam/err.h"
#include "finsam/tilldelning.h"

#include "api.h"
#include "http.h"

#define JSON_TYPE "application/json; charset=utf-8"

/* GET /tilldelning/{ar}: compute, store nothing. */
static enum fs_rc
berakna(struct http_req *r, struct fs_err *err)
{
	struct fs_tdl_berakning b;
	int64_t ar = r->path[0].v.i;
	enum fs_rc rc;

	/* The same years as the command line accepts. */
	if (ar < 1990 || ar > 2999)
		return fs_err_set(err, FS_EINVAL, "ar",
		    "måste vara ett år mellan 1990 och 2999");
	rc = fs_tdl_berakna(r->db, (int)ar, NULL, false, &b, err);
	if (rc == FS_OK)
		fs_http_bytes(r, MHD_HTTP_OK, JSON_TYPE, &b.json);
	fs_tdl_berakning_release(&b);
	return rc;
}

const struct http_endpoint fs_ep_tilldelning_berakna = {
	.fn = berakna,
	.summary = "Tilldelningen för året beräknad utan att sparas, med "
	    "beräkningslogg per förbund (samma byte som kommandoradens "
	    "berakna --prova --format json)",
	.produces = "application/json",
	.ok_status = 200,
};

/* GET /tilldelning/berakningar/{id}: the stored bytes. */
static enum fs_rc
berakning(struct http_req *r, struct fs_err *err)
{
	struct fs_tdl_berakning b;
	bool same = false;
	enum fs_rc rc;

	rc = fs_tdl_berakning_get(r->db, r->path[0].v.i, &b, &same, err);
	if (rc == FS_OK) {
		/* Whether the recomputation gave the stored bytes. */
		fs_http_add_header(r, "X-Finsam-Omrakning",
		    same ? "samma" : "skiljer");
		fs_http_bytes(r, MHD_HTTP_OK, JSON_TYPE, &b.json);
	}
	fs_tdl_berakning_release(&b);
	return rc;
}

const struct http_endpoint fs_ep_tilldelning_berakning = {
	.fn = berakning,
	.summary = "En sparad tilldelningsberäkning, exakt de sparade "
	    "byten (huvudet X-Finsam-Omrakning säger om omräkningen ur "
	    "sparade parametrar och indata gav samma byte)",
	.produces = "application/json",
	.ok_status = 200,
};
