/* SPDX-License-Identifier: ISC */
/*
 * Private to the HTTP shell (src/http): the request state, the input
 * field declarations and typed values of the kcgi discipline (STYLE.md
 * section 9), the route table's types and the helpers the handlers
 * share.  Only files in src/http include this header.
 *
 * A request (struct http_req) lives from the first call of the access
 * handler to MHD's completion callback, which frees it together with
 * its arena: everything a handler allocates with fs_http_alloc() is
 * freed then, so handlers never free piecemeal.
 */
#ifndef FS_HTTP_H
#define FS_HTTP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>
#include <microhttpd.h>

#include "finsam/access.h"
#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/err.h"
#include "finsam/pnr.h"
#include "finsam/writer.h"

#include "serve.h"

struct http_req;
struct http_server;

/*
 * Input fields
 * ------------
 * Every route declares the fields it accepts in the query string and
 * in the JSON body: name, type, whether required, and bounds.  The
 * request layer (req.c) checks them before the handler runs and hands
 * it typed values; unknown fields are refused (422 naming the field).
 */
enum fv_type {
	FV_TEXT,	/* string, UTF-8 without control characters, 1..hi bytes */
	FV_INT,		/* integer lo..hi (a JSON number; in a query, digits) */
	FV_DATE,	/* "YYYY-MM-DD" */
	FV_BOOL,	/* true/false (in a query: 1/0) */
	FV_PNR,		/* personnummer or samordningsnummer (body only) */
	FV_CODE,	/* one code of the fixed list `list` */
	FV_CODESET,	/* array of codes of `list`: a bit set */
	FV_TEXTLIST,	/* array of strings, at most lo items of 1..hi bytes */
	FV__MAX
};

struct fs_field {
	const char	*name;
	enum fv_type	 type;
	bool		 required;
	bool		 nullable;	/* JSON null accepted: "clear it" */
	int64_t		 lo;		/* FV_INT: minimum; FV_TEXTLIST: max items */
	int64_t		 hi;		/* FV_INT: maximum; text: max bytes */
	int		 list;		/* FV_CODE, FV_CODESET: enum fs_list */
	const char	*doc;		/* one line for the OpenAPI document */
};

struct fv_list {
	const char	**v;		/* arena strings */
	size_t		  n;
};

union fs_val {
	int64_t		 i;		/* FV_INT, FV_CODE (the code value) */
	int32_t		 date;		/* FV_DATE */
	bool		 b;		/* FV_BOOL */
	struct fs_str	 s;		/* FV_TEXT (NUL-terminated, in the arena) */
	struct fs_pnr	 pnr;		/* FV_PNR */
	uint32_t	 set;		/* FV_CODESET */
	struct fv_list	 list;		/* FV_TEXTLIST */
};

/* One checked input: given or not, null or a value. */
struct fs_input {
	bool		 set;
	bool		 null;
	union fs_val	 v;
};

/*
 * Endpoints and routes
 * --------------------
 * An endpoint (in api_<resource>.c) is what a handler accepts and
 * returns; a route (route.c) binds a method and path to an endpoint
 * together with the permission and the scope it requires.  Keeping the
 * permissions in the one route table makes it the single place where
 * authorisation is decided (and tested).
 */
enum http_method {
	HTTP_GET,
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE,
	HTTP_METHOD__MAX
};

enum http_body {
	BODY_NONE,	/* no body (an empty one or "{}" is tolerated) */
	BODY_JSON,	/* a JSON object with the declared fields */
	BODY_CSV,	/* raw CSV (uploads), up to upload_max */
};

typedef enum fs_rc (*fs_handler_fn)(struct http_req *r, struct fs_err *err);

/*
 * Where a handler runs (server.c).  By default a GET runs on a reader
 * connection of the worker thread, and any other method in a batch of
 * the group-commit writer (writer.h) with the other requests of the
 * moment: its writes then share one transaction and one fsync, and it
 * is answered once they are durable.
 */
enum http_runs {
	RUNS_DEFAULT,
	RUNS_READER,	/* on a reader connection, with transactions of its
			 * own (login: the password hash must not hold up
			 * the writer) */
	RUNS_ALONE,	/* on the writer, alone between batches (a CSV
			 * import: long, and it has its own transaction) */
};

struct http_endpoint {
	fs_handler_fn		 fn;
	const struct fs_field	*query;
	size_t			 nquery;
	const struct fs_field	*body;
	size_t			 nbody;
	enum http_body		 body_kind;
	const char		*summary;	/* Swedish, for OpenAPI */
	const char		*produces;	/* content type of a 2xx answer */
	unsigned		 ok_status;	/* 200 or 201 */
	enum http_runs		 runs;
};

/*
 * How the dispatcher finds the scope (the förbund and insats of the
 * object) that the permission is checked against.
 */
enum http_scope {
	SCOPE_NONE,		/* no object of a förbund: scope {0, 0} */
	SCOPE_FORBUND,		/* the förbund {kod} of the path */
	SCOPE_INSATS,		/* the insats {id} of the path */
	SCOPE_DELTAGANDE,	/* the participation {id}: refused = not found */
	SCOPE_QUERY,		/* the förbund of the query field "forbund" (none: {0, 0}) */
	SCOPE_ITEMS,		/* per item: the handler filters with fs_http_allowed() */
	SCOPE_IMPORT,		/* every förbund/insats the uploaded file touches */
	SCOPE__MAX
};

enum http_route_flag {
	ROUTE_NO_CSRF = 1 << 0,		/* login: no session yet */
	ROUTE_PERSONAL = 1 << 1,	/* answers carry participant data */
	ROUTE_SECRET = 1 << 2,		/* the body carries a password: wiped */
};

struct http_route {
	enum http_method		 method;
	const char			*pattern;	/* "/api/v1/insatser/{id}" */
	enum fs_perm			 perm;
	enum http_scope			 scope;
	unsigned			 flags;
	const struct http_endpoint	*ep;
};

#define HTTP_MAX_PARAMS 4

/* The route table (route.c) and its checks. */
extern const struct http_route	 fs_http_routes[];
extern const size_t		 fs_http_nroutes;
/*
 * FS_OK when every route has a permission (not FS_PERM_UNSET), an
 * endpoint, a good path whose parameters are declared, a scope it can
 * find, and no personnummer or list in its query; FS_EINVAL naming the
 * first bad route otherwise.  fs_http_routes_check() checks the
 * server's table; the server refuses to start when it fails.
 */
enum fs_rc	 fs_http_routes_check(struct fs_err *err) FS_MUSTCHECK;
enum fs_rc	 fs_http_table_check(const struct http_route *routes,
		    size_t nroutes, struct fs_err *err) FS_MUSTCHECK;
/* The path parameter declaration for a name in a pattern ("id", "kod"). */
const struct fs_field *fs_http_param_field(const char *name, size_t len);
const char	*fs_http_method_name(enum http_method m);
const char	*fs_http_scope_name(enum http_scope s);

/*
 * Match method and path: *route the route, or NULL with *allowed a bit
 * set of the methods that would match the path (405) or 0 (404).
 * Parameter slices point into path.
 */
const struct http_route *fs_http_route_match(enum http_method m,
		    const char *path, struct fs_str *params, size_t *nparams,
		    unsigned *allowed);

/*
 * The request
 * -----------
 */
struct http_header {
	const char	*name;
	const char	*value;		/* arena */
};

#define HTTP_MAX_HEADERS 8

struct arena_block;

struct http_req {
	struct http_server		*srv;
	struct MHD_Connection		*conn;
	const struct http_route		*route;
	enum http_method		 method;
	const char			*method_name;	/* as received */
	const char			*url;		/* path, decoded; MHD's */
	char				 id[32];	/* request id for logs */
	struct timespec			 t0;
	char				 client[64];
	struct arena_block		*arena;

	/* body, bounded */
	struct fs_buf			 body;
	size_t				 body_max;
	bool				 too_big;
	bool				 early;		/* answer known before the body */
	bool				 answered;	/* response queued */
	uint64_t			 declared;	/* Content-Length, or 0 */

	/* inputs after checking */
	struct fs_str			 params[HTTP_MAX_PARAMS];
	size_t				 nparams;
	struct fs_input			 path[HTTP_MAX_PARAMS];
	struct fs_input			*query;		/* ep->nquery */
	struct fs_input			*in;		/* ep->nbody */

	/* who and what */
	struct fs_db			*db;		/* during dispatch only */
	struct fs_principal		 who;
	char				 token[FS_TOKEN_HEX_LEN + 1];
	struct fs_scope			 scope;
	enum fs_role			 role;		/* FS_ROLE__MAX: none */

	/* the answer */
	unsigned			 status;
	char				*resp;		/* malloc'd */
	const char			*resp_const;	/* or static bytes */
	size_t				 resp_len;
	const char			*ctype;
	struct http_header		 headers[HTTP_MAX_HEADERS];
	size_t				 nheaders;
	char				 errkod[32];	/* for the access log */

	/*
	 * The writer (server.c): writes a reader connection handed on
	 * (db.h deferred jobs: audit entries, session touches), in order,
	 * and the job that runs them (and the handler, for a writing
	 * route) in the writer's next batch.  While waiting the
	 * connection is suspended; the writer's thread owns the request
	 * until it resumes it.
	 */
	struct fs_db_job		*wjobs;
	struct fs_db_job		**wtail;
	struct fs_writer_job		 job;
	bool				 run_handler;	/* the job runs it */
	bool				 waiting;	/* job submitted */
};

struct http_memo;

struct http_server {
	struct fs_http_config		 cfg;
	struct MHD_Daemon		*daemon;
	/* one reader connection per worker thread */
	struct dbpool			*pool;
	/* every write goes through it */
	struct fs_writer		*writer;
	struct fs_session_cache		*sessions;
	/* answers kept per data generation (fs_http_memo_get()) */
	struct http_memo		*memo;
	uint32_t			 boot;		/* start time: request ids */
	atomic_uint_fast64_t		 next_id;
	atomic_int			 inflight;
	atomic_bool			 stopping;
};

/* Arena allocation for the request: freed when the request completes. */
void		*fs_http_alloc(struct http_req *r, size_t n);
char		*fs_http_strdup(struct http_req *r, const char *s);
char		*fs_http_strndup(struct http_req *r, const char *p, size_t n);
/* Free the arena (completion callback), zeroing it first if wipe. */
void		 fs_http_arena_free(struct http_req *r, bool wipe);

/*
 * A reader connection as r->db for a part of the request: writes it
 * makes outside a transaction are collected in r for the writer.
 */
void		 fs_http_reader(struct http_req *r);
void		 fs_http_reader_done(struct http_req *r);

/*
 * Finish r (server.c): true when the answer can be sent now; false
 * when r has writes waiting, in which case the connection has been
 * suspended and r handed to the writer (with the handler when
 * handler), to be answered once the writes are durable.
 */
bool		 fs_http_settle(struct http_req *r, bool handler);

/*
 * The answer memo (server.c): answers that are a function of a key
 * and the participation data generation only (db.h; the outcome
 * reports), shared by every worker thread.  get copies the body and a
 * short text kept with it (e.g. what the audit entry says) into body
 * and aux; false when there is none for key at gen.  put keeps a copy
 * (nothing happens when memory is short).  At most HTTP_MEMO_N
 * answers, the oldest replaced first; answers of an older generation
 * are never given.
 */
#define HTTP_MEMO_N 64
bool		 fs_http_memo_get(struct http_req *r, const char *key,
		    int64_t gen, struct fs_buf *body, struct fs_buf *aux);
void		 fs_http_memo_put(struct http_req *r, const char *key,
		    int64_t gen, const char *body, size_t len, const char *aux);

/*
 * Dispatch (route.c): phase 1 runs on the first call, before any body
 * is read (route, session, CSRF, body limit): false when an answer is
 * known already.  Phase 3 runs when the body is complete: inputs,
 * scope, authorisation, handler; it returns fs_http_settle()'s answer.
 * Both fill the answer in r.
 */
bool		 fs_http_begin(struct http_req *r);
bool		 fs_http_dispatch(struct http_req *r);
/*
 * Run the handler of r on r->db (a reader's or the writer's): the
 * answer in r.  Not FS_OK when the request failed (the writer then
 * rolls back what it wrote).
 */
enum fs_rc	 fs_http_handle(struct http_req *r);

/*
 * The one authorisation decision of the shell: fs_access_check() for
 * the principal of r.  Handlers of SCOPE_ITEMS routes call this to
 * filter their items; the dispatcher calls it for every other route.
 * Does not log; a refused route is logged by the dispatcher.
 */
bool		 fs_http_allowed(struct http_req *r, enum fs_perm perm,
		    const struct fs_scope *s);

/*
 * Refuse the request as the dispatcher does (403, logged as a refusal
 * of perm in scope s): for SCOPE_ITEMS handlers whose rule needs the
 * items (the search and the de-identification).
 */
void		 fs_http_refuse(struct http_req *r, enum fs_perm perm,
		    const struct fs_scope *s);

/*
 * Audit log entry for this request: the user, its role, the client
 * address.  object and details must not carry personnummer.
 */
void		 fs_http_audit(struct http_req *r, const char *action,
		    const char *object, const struct fs_scope *s,
		    const char *outcome, const char *details);

/*
 * Inputs (req.c)
 * --------------
 */
/* Check the query string of r against the endpoint's fields. */
enum fs_rc	 fs_http_parse_query(struct http_req *r, struct fs_err *err)
		    FS_MUSTCHECK;
/* Check the path parameters of r against their declarations. */
enum fs_rc	 fs_http_parse_params(struct http_req *r, struct fs_err *err)
		    FS_MUSTCHECK;
/* Check the JSON body of r against the endpoint's fields. */
enum fs_rc	 fs_http_parse_body(struct http_req *r, struct fs_err *err)
		    FS_MUSTCHECK;
/*
 * Check one JSON value against a field declaration (pure apart from
 * the arena): the validator behind fs_http_parse_body().  today is the
 * day number personnummer are checked against.
 */
enum fs_rc	 fs_http_check_json(struct http_req *r,
		    const struct fs_field *f, json_t *v, int32_t today,
		    struct fs_input *out, struct fs_err *err) FS_MUSTCHECK;
/* Same for a query string value. */
enum fs_rc	 fs_http_check_text(struct http_req *r,
		    const struct fs_field *f, const char *p, size_t len,
		    struct fs_input *out, struct fs_err *err) FS_MUSTCHECK;
/*
 * A checked input in the text form the library's setters read
 * (fs_insats_set(), fs_deltagande_set()): dates "YYYY-MM-DD", yes/no
 * "ja"/"nej", code sets and lists joined with '|', null or absent as
 * "".  FS_EINVAL for a personnummer (never turned back into text).
 */
enum fs_rc	 fs_http_input_text(const struct fs_field *f,
		    const struct fs_input *in, struct fs_buf *out) FS_MUSTCHECK;
/* A header or cookie of the request, or NULL. */
const char	*fs_http_header_get(struct http_req *r, const char *name);
const char	*fs_http_cookie_get(struct http_req *r, const char *name);
/* The page asked for: sida (from 1) and per_sida from the query. */
void		 fs_http_page(struct http_req *r, size_t isida, size_t iper,
		    size_t *offset, size_t *limit);

/* Fields every paginated list declares (sida, per_sida). */
#define FS_FIELD_SIDA \
	{ "sida", FV_INT, false, false, 1, 1000000, 0, \
	    "sidnummer, från 1 (standard 1)" }
#define FS_FIELD_PER_SIDA \
	{ "per_sida", FV_INT, false, false, 1, 500, 0, \
	    "poster per sida, 1-500 (standard 50)" }

/*
 * Answers (resp.c)
 * ----------------
 */
/* The HTTP status for a library result code. */
unsigned	 fs_http_status(enum fs_rc rc);
/* Answer with a JSON value (its reference is taken). */
void		 fs_http_json(struct http_req *r, unsigned status, json_t *v);
/* Answer with the bytes of b (taken; b is left empty). */
void		 fs_http_bytes(struct http_req *r, unsigned status,
		    const char *ctype, struct fs_buf *b);
/* Answer with static bytes (not copied, never freed). */
void		 fs_http_const(struct http_req *r, unsigned status,
		    const char *ctype, const char *p, size_t len);
/* The error answer {"fel": {"kod", "meddelande", "falt"}}. */
void		 fs_http_error(struct http_req *r, unsigned status,
		    const char *kod, const char *msg, const char *field);
/* The error object {"fel": {...}} itself, to extend before answering. */
json_t		*fs_http_error_json(const char *kod, const char *msg,
		    const char *field);
/* The error answer for a library error (FS_EDB etc. without details). */
void		 fs_http_fail(struct http_req *r, const struct fs_err *err);
/* An extra response header (name static, value copied). */
void		 fs_http_add_header(struct http_req *r, const char *name,
		    const char *value);
/* Queue the answer in r on its connection. */
enum MHD_Result	 fs_http_queue(struct http_req *r);
/* A paginated list: {"sida", "per_sida", "totalt", "poster": items}. */
json_t		*fs_http_page_json(size_t offset, size_t limit, size_t total,
		    json_t *items);

/*
 * Static files (static.c)
 * -----------------------
 * true when path names a built-in web file (or "/" for index.html);
 * the answer is filled in r.
 */
bool		 fs_http_static(struct http_req *r, const char *path);

#endif
