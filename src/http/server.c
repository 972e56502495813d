/* SPDX-License-Identifier: ISC */
/*
 * The server of finsam serve on libmicrohttpd: the daemon's options
 * (thread pool, connection limits, timeout, memory limit, listen
 * address defaulting to loopback), the three-phase access handler
 * (set up the request; append body chunks to a bounded buffer; then
 * dispatch), the completion callback that writes the access log line
 * and frees the request with its arena, the pool of database
 * connections (one per worker thread; a SQLite connection is never
 * shared between threads), and the graceful shutdown on SIGTERM or
 * SIGINT.  Owns struct http_server and every struct http_req.
 */
#include "compat.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "finsam/access.h"
#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/err.h"
#include "finsam/parse.h"
#include "finsam/user.h"
#include "finsam/writer.h"

#include "http.h"
#include "serve.h"

#define KIB ((size_t)1024)
#define MIB (KIB * KIB)

void
fs_http_config_init(struct fs_http_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->listen = "127.0.0.1:8080";
	cfg->threads = 2;
	cfg->max_conn = 512;
	cfg->max_per_ip = 128;
	cfg->timeout_s = 30;
	cfg->body_max = MIB;
	cfg->upload_max = 64 * MIB;
	cfg->drain_s = 30;
	cfg->access_log = true;
	cfg->session_check_s = FS_SESSION_CACHE_DEFAULT;
}

/* ---- database pool ---- */

struct dbpool {
	pthread_mutex_t	  mu;
	pthread_cond_t	  cv;
	struct fs_db	**all;
	struct fs_db	**idle;
	size_t		  n;
	size_t		  nidle;
};

static void
pool_free(struct dbpool *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n; i++)
		fs_db_close(p->all[i]);
	free(p->all);
	free(p->idle);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p);
}

static enum fs_rc
pool_open(const struct fs_http_config *cfg, size_t n, struct fs_writer *w,
    struct fs_session_cache *sessions, struct dbpool **out,
    struct fs_err *err)
{
	struct dbpool *p;
	enum fs_rc rc;

	*out = NULL;
	p = fs_calloc(1, sizeof(*p));
	if (p == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->all = fs_calloc(n, sizeof(*p->all));
	p->idle = fs_calloc(n, sizeof(*p->idle));
	if (p->all == NULL || p->idle == NULL) {
		pool_free(p);
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	}
	for (size_t i = 0; i < n; i++) {
		rc = fs_db_open(cfg->db_path, cfg->key_path, "webb",
		    &p->all[i], err);
		if (rc != FS_OK) {
			pool_free(p);
			return rc;
		}
		p->n++;
		fs_writer_attach(w, p->all[i]);
		p->all[i]->sessions = sessions;
		p->idle[p->nidle++] = p->all[i];
	}
	*out = p;
	return FS_OK;
}

/* fs_db_defer_fn: a write of r's reader connection, kept for the writer. */
static void
collect(void *ctx, struct fs_db_job *j)
{
	struct http_req *r = ctx;

	j->next = NULL;
	*r->wtail = j;
	r->wtail = &j->next;
}

void
fs_http_reader(struct http_req *r)
{
	struct dbpool *p = r->srv->pool;

	pthread_mutex_lock(&p->mu);
	while (p->nidle == 0)
		pthread_cond_wait(&p->cv, &p->mu);
	r->db = p->idle[--p->nidle];
	pthread_mutex_unlock(&p->mu);
	fs_db_defer_to(r->db, collect, r);
}

void
fs_http_reader_done(struct http_req *r)
{
	struct dbpool *p = r->srv->pool;

	if (r->db == NULL)
		return;
	fs_db_defer_to(r->db, NULL, NULL);
	pthread_mutex_lock(&p->mu);
	p->idle[p->nidle++] = r->db;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
	r->db = NULL;
}

/* ---- the writer ---- */

/* The job of r, in the writer's batch: r's writes, then its handler. */
static enum fs_rc
req_job_run(struct fs_db *db, void *arg, struct fs_err *err)
{
	struct http_req *r = arg;
	struct fs_db_job *jobs = r->wjobs;
	enum fs_rc rc;

	r->wjobs = NULL;
	r->wtail = &r->wjobs;
	rc = fs_db_jobs_run(db, jobs, err);
	if (rc != FS_OK) {
		/* An audit entry that cannot be written: nothing is shown. */
		r->nheaders = 0;
		fs_http_fail(r, err);
		return rc;
	}
	if (!r->run_handler)
		return FS_OK;
	r->db = db;
	rc = fs_http_handle(r);
	r->db = NULL;
	if (rc != FS_OK && err != NULL)
		*err = (struct fs_err){ .rc = rc };
	return rc;
}

/* After the batch, on the writer's thread: answer r. */
static void
req_job_done(struct fs_writer_job *j)
{
	struct http_req *r = j->arg;

	if (j->commit_rc != FS_OK) {
		/* Nothing of the batch was stored: nothing is acknowledged. */
		r->nheaders = 0;
		fs_http_fail(r, &j->commit_err);
	}
	/* The last touch of r by this thread: MHD may free it at once. */
	MHD_resume_connection(r->conn);
}

bool
fs_http_settle(struct http_req *r, bool handler)
{
	if (!handler && r->wjobs == NULL)
		return true;
	r->run_handler = handler;
	memset(&r->job, 0, sizeof(r->job));
	r->job.run = req_job_run;
	r->job.done = req_job_done;
	r->job.arg = r;
	r->job.alone = handler && r->route->ep->runs == RUNS_ALONE;
	r->waiting = true;
	/* Suspended before it can be resumed: the writer may be quick. */
	MHD_suspend_connection(r->conn);
	fs_writer_submit(r->srv->writer, &r->job);
	return false;
}

/*
 * Writes of a request that ended without reaching the writer (the
 * client went away after a refusal): they still go to the log.
 */
struct orphan {
	struct fs_writer_job	 job;
	struct fs_db_job	*jobs;
};

static enum fs_rc
orphan_run(struct fs_db *db, void *arg, struct fs_err *err)
{
	struct orphan *o = arg;
	struct fs_db_job *jobs = o->jobs;

	o->jobs = NULL;
	return fs_db_jobs_run(db, jobs, err);
}

static void
orphan_done(struct fs_writer_job *j)
{
	struct orphan *o = j->arg;

	if (j->rc != FS_OK || j->commit_rc != FS_OK)
		fprintf(stderr, "finsam serve: granskningsloggen: %s\n",
		    j->rc != FS_OK ? j->err.msg : j->commit_err.msg);
	fs_db_jobs_free(o->jobs);
	free(o);
}

static void
orphan_submit(struct http_req *r)
{
	struct orphan *o = fs_calloc(1, sizeof(*o));

	if (o == NULL) {
		fprintf(stderr, "finsam serve: id=%s granskningsloggen: "
		    "minnet räcker inte\n", r->id);
		fs_db_jobs_free(r->wjobs);
	} else {
		o->jobs = r->wjobs;
		o->job.run = orphan_run;
		o->job.done = orphan_done;
		o->job.arg = o;
		fs_writer_submit(r->srv->writer, &o->job);
	}
	r->wjobs = NULL;
	r->wtail = &r->wjobs;
}

/* ---- the answer memo ---- */

struct memo_entry {
	char		*key;
	int64_t		 gen;
	char		*body;
	size_t		 len;
	char		*aux;
};

struct http_memo {
	pthread_mutex_t		 mu;
	size_t			 next;
	struct memo_entry	 e[HTTP_MEMO_N];
};

static void
memo_entry_release(struct memo_entry *e)
{
	free(e->key);
	free(e->body);
	free(e->aux);
	memset(e, 0, sizeof(*e));
}

static void
memo_free(struct http_memo *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < HTTP_MEMO_N; i++)
		memo_entry_release(&m->e[i]);
	pthread_mutex_destroy(&m->mu);
	free(m);
}

static struct http_memo *
memo_new(void)
{
	struct http_memo *m = fs_calloc(1, sizeof(*m));

	if (m != NULL)
		pthread_mutex_init(&m->mu, NULL);
	return m;
}

bool
fs_http_memo_get(struct http_req *r, const char *key, int64_t gen,
    struct fs_buf *body, struct fs_buf *aux)
{
	struct http_memo *m = r->srv->memo;
	bool hit = false;

	if (m == NULL)
		return false;
	pthread_mutex_lock(&m->mu);
	for (size_t i = 0; i < HTTP_MEMO_N && !hit; i++) {
		struct memo_entry *e = &m->e[i];

		if (e->key == NULL || e->gen != gen || strcmp(e->key, key) != 0)
			continue;
		fs_buf_reset(body);
		fs_buf_reset(aux);
		hit = fs_buf_add(body, e->body, e->len) == FS_OK &&
		    fs_buf_addstr(aux, e->aux) == FS_OK;
	}
	pthread_mutex_unlock(&m->mu);
	return hit;
}

void
fs_http_memo_put(struct http_req *r, const char *key, int64_t gen,
    const char *body, size_t len, const char *aux)
{
	struct http_memo *m = r->srv->memo;
	struct memo_entry n, *e;

	if (m == NULL)
		return;
	/* Copied outside the lock; a failed copy keeps nothing. */
	memset(&n, 0, sizeof(n));
	n.key = fs_strdup(key);
	n.aux = fs_strdup(aux);
	n.body = fs_malloc(len > 0 ? len : 1);
	if (n.key == NULL || n.aux == NULL || n.body == NULL) {
		memo_entry_release(&n);
		return;
	}
	memcpy(n.body, body, len);
	n.len = len;
	n.gen = gen;
	pthread_mutex_lock(&m->mu);
	e = NULL;
	for (size_t i = 0; i < HTTP_MEMO_N && e == NULL; i++)
		if (m->e[i].key != NULL && strcmp(m->e[i].key, key) == 0)
			e = &m->e[i];
	if (e == NULL) {
		e = &m->e[m->next];
		m->next = (m->next + 1) % HTTP_MEMO_N;
	}
	/* The old entry is freed after the lock, n takes its place. */
	{
		struct memo_entry old = *e;

		*e = n;
		n = old;
	}
	pthread_mutex_unlock(&m->mu);
	memo_entry_release(&n);
}

/* ---- access log ---- */

/*
 * Copy a path or query key for the log: printable ASCII only, no
 * spaces or quotes, and every run of 8 or more digits (which could be
 * a personnummer typed into an address by mistake) replaced by '#'.
 */
static void
log_clean(struct fs_buf *b, const char *s)
{
	size_t run;

	while (*s != '\0') {
		if (*s >= '0' && *s <= '9') {
			run = strspn(s, "0123456789-+");
			if (run >= 8) {
				if (fs_buf_addch(b, '#') != FS_OK)
					return;
			} else if (fs_buf_add(b, s, run) != FS_OK)
				return;
			s += run;
			continue;
		}
		if (fs_buf_addch(b, (*s > ' ' && *s < 0x7f && *s != '"' &&
		    *s != '\\') ? *s : '?') != FS_OK)
			return;
		s++;
	}
}

static enum MHD_Result
log_key(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct fs_buf *b = cls;

	(void)kind;
	(void)value;
	if (b->len > 0 && fs_buf_addch(b, '&') != FS_OK)
		return MHD_NO;
	log_clean(b, key);
	return MHD_YES;
}

static void
access_log(struct http_req *r)
{
	struct fs_buf path, query, line;
	struct timespec t1;
	char now[21];
	int64_t us;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	us = (int64_t)(t1.tv_sec - r->t0.tv_sec) * 1000000 +
	    (t1.tv_nsec - r->t0.tv_nsec) / 1000;
	fs_db_now(now);
	fs_buf_init(&path, 512);
	fs_buf_init(&query, 256);
	fs_buf_init(&line, 1024);
	log_clean(&path, r->url != NULL ? r->url : "");
	if (r->conn != NULL)
		MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND,
		    log_key, &query);
	if (fs_buf_addf(&line, "%s id=%s klient=%s metod=%s sokvag=%s%s%s "
	    "status=%u byte=%zu ms=%lld.%03lld anvandare=%s%s%s\n", now, r->id,
	    r->client, r->method_name != NULL ? r->method_name : "?",
	    path.buf, query.len > 0 ? "?" : "", query.buf, r->status,
	    r->resp_len, (long long)(us / 1000), (long long)(us % 1000),
	    r->who.user_id != 0 ? r->who.name : "-",
	    r->errkod[0] != '\0' ? " fel=" : "", r->errkod) == FS_OK) {
		/* One write per line, so lines from threads never mix. */
		if (write(STDERR_FILENO, line.buf, line.len) < 0)
			(void)0;
	}
	fs_buf_release(&path);
	fs_buf_release(&query);
	fs_buf_release(&line);
}

/* ---- requests ---- */

static enum http_method
method_of(const char *m)
{
	static const char *const names[] = {
		[HTTP_GET] = "GET",
		[HTTP_POST] = "POST",
		[HTTP_PUT] = "PUT",
		[HTTP_PATCH] = "PATCH",
		[HTTP_DELETE] = "DELETE",
	};

	if (strcmp(m, "HEAD") == 0)
		return HTTP_GET;
	for (size_t i = 0; i < FS_NELEM(names); i++)
		if (strcmp(m, names[i]) == 0)
			return (enum http_method)i;
	return HTTP_METHOD__MAX;
}

static void
client_of(struct MHD_Connection *c, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr *sa;

	snprintf(out, n, "?");
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || ci->client_addr == NULL)
		return;
	sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET,
		    &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		    out, (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		    out, (socklen_t)n);
}

/*
 * Behind the trusted reverse proxy, the client is the last address of
 * X-Forwarded-For (the one the proxy added); anything that is not a
 * numeric address leaves the proxy's own address in place.
 */
static void
forwarded_client(struct MHD_Connection *c, char *out, size_t n)
{
	const char *xff, *p;
	char addr[64];
	unsigned char buf[sizeof(struct in6_addr)];
	size_t len;

	xff = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "X-Forwarded-For");
	if (xff == NULL)
		return;
	p = strrchr(xff, ',');
	p = p != NULL ? p + 1 : xff;
	p += strspn(p, " \t");
	len = strcspn(p, " \t");
	if (len == 0 || len >= sizeof(addr))
		return;
	memcpy(addr, p, len);
	addr[len] = '\0';
	if (inet_pton(AF_INET, addr, buf) == 1 ||
	    inet_pton(AF_INET6, addr, buf) == 1)
		snprintf(out, n, "%s", addr);
}

static struct http_req *
req_new(struct http_server *srv, struct MHD_Connection *c, const char *url,
    const char *method)
{
	struct http_req *r;
	uint_fast64_t n;

	r = fs_calloc(1, sizeof(*r));
	if (r == NULL)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, &r->t0);
	r->srv = srv;
	r->conn = c;
	r->url = url;
	r->method_name = method;
	r->method = method_of(method);
	r->role = FS_ROLE__MAX;
	n = atomic_fetch_add(&srv->next_id, 1);
	snprintf(r->id, sizeof(r->id), "%08x%08llx", srv->boot,
	    (unsigned long long)n);
	client_of(c, r->client, sizeof(r->client));
	if (srv->cfg.trusted_proxy != NULL &&
	    strcmp(r->client, srv->cfg.trusted_proxy) == 0)
		forwarded_client(c, r->client, sizeof(r->client));
	fs_principal_init(&r->who);
	r->wtail = &r->wjobs;
	fs_buf_init(&r->body, srv->cfg.body_max);
	atomic_fetch_add(&srv->inflight, 1);
	return r;
}

static void
req_free(struct http_req *r)
{
	bool secret;

	if (r == NULL)
		return;
	if (r->wjobs != NULL)
		orphan_submit(r);
	secret = r->route != NULL && (r->route->flags & ROUTE_SECRET) != 0;
	if (secret)
		explicit_bzero(r->body.buf, r->body.len);
	fs_buf_release(&r->body);
	free(r->resp);
	fs_principal_release(&r->who);
	explicit_bzero(r->token, sizeof(r->token));
	fs_http_arena_free(r, secret);
	atomic_fetch_sub(&r->srv->inflight, 1);
	free(r);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **req_cls)
{
	struct http_server *srv = cls;
	struct http_req *r = *req_cls;

	(void)version;
	if (r == NULL) {
		r = req_new(srv, c, url, method);
		if (r == NULL)
			return MHD_NO;
		*req_cls = r;
		/*
		 * Route, session, CSRF, authorisation and size limits
		 * before any body.  A refusal is answered once the body
		 * has been drained unread, so that the connection stays
		 * usable; only a body announced far too big, or one the
		 * client waits to send (Expect: 100-continue), is answered
		 * at once and the connection closed.
		 */
		if (!fs_http_begin(r)) {
			r->early = true;
			if (r->too_big && (r->declared > srv->cfg.upload_max ||
			    MHD_lookup_connection_value(c, MHD_HEADER_KIND,
			    MHD_HTTP_HEADER_EXPECT) != NULL)) {
				r->answered = true;
				return fs_http_queue(r);
			}
		}
		return MHD_YES;
	}
	if (*upload_size != 0) {
		/* Past the limit, or answered: drain without keeping. */
		if (!r->too_big && !r->early &&
		    fs_buf_add(&r->body, upload, *upload_size) != FS_OK) {
			r->too_big = true;
			fs_buf_release(&r->body);
			fs_buf_init(&r->body, 1);
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->waiting) {
		/* Resumed by the writer: the writes are durable. */
		r->waiting = false;
		r->answered = true;
		return fs_http_queue(r);
	}
	if (r->answered)
		return MHD_YES;
	if (r->early) {
		if (!fs_http_settle(r, false))
			return MHD_YES;
	} else if (r->too_big) {
		char msg[96];

		snprintf(msg, sizeof(msg),
		    "kroppen är större än tillåtna %zu byte", r->body_max);
		fs_http_error(r, MHD_HTTP_CONTENT_TOO_LARGE, "for_stor", msg,
		    NULL);
		if (!fs_http_settle(r, false))
			return MHD_YES;
	} else if (!fs_http_dispatch(r))
		return MHD_YES;
	r->answered = true;
	return fs_http_queue(r);
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	struct http_req *r = *req_cls;

	(void)c;
	if (r == NULL)
		return;
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && r->status == 0)
		snprintf(r->errkod, sizeof(r->errkod), "avbruten");
	if (srv->cfg.access_log)
		access_log(r);
	req_free(r);
	*req_cls = NULL;
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	fprintf(stderr, "finsam serve: mhd: %s%s", msg,
	    msg[0] != '\0' && msg[strlen(msg) - 1] == '\n' ? "" : "\n");
}

/* ---- start and stop ---- */

/* "host:port" or "[v6]:port" into a socket address (numeric only). */
static enum fs_rc
parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *sslen,
    bool *v6, struct fs_err *err)
{
	char host[128];
	const char *colon, *h;
	size_t hlen;
	int64_t port;
	struct addrinfo hints, *ai = NULL;
	char portstr[8];

	if (s[0] == '[') {
		colon = strstr(s, "]:");
		if (colon == NULL)
			goto bad;
		h = s + 1;
		hlen = (size_t)(colon - h);
		colon++;
	} else {
		colon = strrchr(s, ':');
		if (colon == NULL)
			goto bad;
		h = s;
		hlen = (size_t)(colon - s);
	}
	if (hlen == 0 || hlen >= sizeof(host))
		goto bad;
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	if (fs_parse_i64(colon + 1, strlen(colon + 1), 0, 65535, &port,
	    "listen", err) != FS_OK)
		return FS_EINVAL;
	snprintf(portstr, sizeof(portstr), "%lld", (long long)port);
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, portstr, &hints, &ai) != 0 || ai == NULL)
		goto bad;
	if (ai->ai_addrlen > sizeof(*ss)) {
		freeaddrinfo(ai);
		goto bad;
	}
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*sslen = ai->ai_addrlen;
	*v6 = ai->ai_family == AF_INET6;
	freeaddrinfo(ai);
	return FS_OK;
bad:
	return fs_err_set(err, FS_EINVAL, "listen",
	    "måste vara ADRESS:PORT med en numerisk adress, "
	    "t.ex. 127.0.0.1:8080 eller [::1]:8080");
}

static enum fs_rc
write_port_file(const char *path, unsigned port, struct fs_err *err)
{
	char tmp[4096], text[16];
	int fd, len;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	len = snprintf(text, sizeof(text), "%u\n", port);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, text, (size_t)len) != len || close(fd) != 0 ||
	    rename(tmp, path) != 0)
		return fs_err_set(err, FS_EIO, "port-fil",
		    "kunde inte skriva %s", path);
	return FS_OK;
}

/* Wait up to secs seconds for the requests in flight to finish. */
static void
drain(struct http_server *srv, unsigned secs)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	unsigned long waited = 0, max = (unsigned long)secs * 50;

	while (atomic_load(&srv->inflight) > 0 && waited < max) {
		nanosleep(&ts, NULL);
		waited++;
	}
}

enum fs_rc
fs_http_serve(const struct fs_http_config *cfg, struct fs_err *err)
{
	struct http_server *srv;
	struct sockaddr_storage ss;
	socklen_t sslen = 0;
	const union MHD_DaemonInfo *di;
	struct MHD_OptionItem opts[16];
	struct fs_writer_stats ws;
	sigset_t mask, old;
	unsigned flags, port = 0;
	size_t nopt = 0;
	MHD_socket lfd;
	bool v6 = false;
	int sig = 0;
	enum fs_rc rc;

	rc = fs_http_routes_check(err);
	if (rc != FS_OK)
		return rc;
	if (cfg->db_path == NULL)
		return fs_err_set(err, FS_EINVAL, "db", "måste anges");
	if (cfg->threads < 1 || cfg->threads > 256)
		return fs_err_set(err, FS_EINVAL, "tradar",
		    "måste vara 1 till 256");
	rc = parse_listen(cfg->listen, &ss, &sslen, &v6, err);
	if (rc != FS_OK)
		return rc;
	if (cfg->trusted_proxy != NULL) {
		unsigned char buf[sizeof(struct in6_addr)];

		if (inet_pton(AF_INET, cfg->trusted_proxy, buf) != 1 &&
		    inet_pton(AF_INET6, cfg->trusted_proxy, buf) != 1)
			return fs_err_set(err, FS_EINVAL, "betrodd-proxy",
			    "måste vara en numerisk IPv4- eller IPv6-adress");
	}
	srv = fs_calloc(1, sizeof(*srv));
	if (srv == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	srv->cfg = *cfg;
	atomic_init(&srv->next_id, 1);
	srv->boot = (uint32_t)time(NULL);
	atomic_init(&srv->inflight, 0);
	atomic_init(&srv->stopping, false);

	/*
	 * Every thread started from here on (the writer's, MHD's)
	 * inherits this mask, so that SIGTERM and SIGINT reach only
	 * sigwait() below: a thread that let them through would die of
	 * them, process and all.
	 */
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	pthread_sigmask(SIG_BLOCK, &mask, &old);
	signal(SIGPIPE, SIG_IGN);

	rc = fs_session_cache_new(cfg->session_check_s, &srv->sessions, err);
	if (rc == FS_OK)
		rc = fs_writer_start(cfg->db_path, cfg->key_path, "webb",
		    srv->sessions, &srv->writer, err);
	if (rc == FS_OK)
		rc = pool_open(cfg, cfg->threads, srv->writer, srv->sessions,
		    &srv->pool, err);
	if (rc == FS_OK) {
		srv->memo = memo_new();
		if (srv->memo == NULL)
			rc = fs_err_set(err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
	}
	if (rc != FS_OK) {
		pool_free(srv->pool);
		fs_writer_stop(srv->writer);
		fs_session_cache_free(srv->sessions);
		free(srv);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return rc;
	}

	opts[nopt++] = (struct MHD_OptionItem){ MHD_OPTION_EXTERNAL_LOGGER,
	    (intptr_t)mhd_log, NULL };
	opts[nopt++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_LIMIT,
	    (intptr_t)cfg->max_conn, NULL };
	opts[nopt++] = (struct MHD_OptionItem){
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (intptr_t)cfg->max_per_ip,
	    NULL };
	opts[nopt++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_TIMEOUT,
	    (intptr_t)cfg->timeout_s, NULL };
	opts[nopt++] = (struct MHD_OptionItem){
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (intptr_t)(64 * KIB), NULL };
	opts[nopt++] = (struct MHD_OptionItem){ MHD_OPTION_NOTIFY_COMPLETED,
	    (intptr_t)on_completed, srv };
	opts[nopt++] = (struct MHD_OptionItem){ MHD_OPTION_SOCK_ADDR, 0,
	    &ss };
	if (cfg->threads > 1)
		opts[nopt++] = (struct MHD_OptionItem){
		    MHD_OPTION_THREAD_POOL_SIZE, (intptr_t)cfg->threads, NULL };
	opts[nopt++] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };

	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_AUTO |
	    MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
	if (v6)
		flags |= MHD_USE_IPv6;
	srv->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, srv,
	    MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
	if (srv->daemon == NULL) {
		rc = fs_err_set(err, FS_EIO, "listen",
		    "kunde inte starta servern på %s (upptagen port?)",
		    cfg->listen);
		goto out;
	}
	di = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	if (di != NULL)
		port = di->port;
	if (cfg->port_file != NULL) {
		rc = write_port_file(cfg->port_file, port, err);
		if (rc != FS_OK)
			goto stop;
	}
	fprintf(stderr, "finsam serve: lyssnar på %s (port %u), %u trådar, "
	    "databas %s\n", cfg->listen, port, cfg->threads, cfg->db_path);

	while (sigwait(&mask, &sig) != 0)
		continue;
	fprintf(stderr, "finsam serve: %s mottagen, stänger\n",
	    sig == SIGINT ? "SIGINT" : "SIGTERM");
	/* Stop accepting; answers from now on close their connection. */
	atomic_store(&srv->stopping, true);
	lfd = MHD_quiesce_daemon(srv->daemon);
	if (lfd != MHD_INVALID_SOCKET)
		close(lfd);
	drain(srv, cfg->drain_s);
stop:
	/*
	 * Every request handed to the writer is answered (and its
	 * connection resumed) before MHD stops: stopping with a suspended
	 * connection is not allowed.
	 */
	fs_writer_flush(srv->writer);
	MHD_stop_daemon(srv->daemon);
out:
	pool_free(srv->pool);
	fs_writer_stats(srv->writer, &ws);
	/* Whatever the stopped requests left (their log entries) is written. */
	fs_writer_stop(srv->writer);
	fs_session_cache_free(srv->sessions);
	memo_free(srv->memo);
	if (rc == FS_OK)
		fprintf(stderr, "finsam serve: stoppad (skrivaren: %llu "
		    "transaktioner, %llu jobb, högst %llu i en)\n",
		    (unsigned long long)ws.batches,
		    (unsigned long long)ws.jobs,
		    (unsigned long long)ws.largest);
	free(srv);
	{
		/*
		 * A second SIGTERM or SIGINT during the shutdown is
		 * consumed here: delivered once the mask is restored it
		 * would kill the process after a clean shutdown.
		 */
		const struct timespec zero = { 0, 0 };

		while (sigtimedwait(&mask, NULL, &zero) > 0)
			continue;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}
