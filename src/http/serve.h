/* SPDX-License-Identifier: ISC */
/*
 * The interface of the HTTP shell to the CLI (finsam serve): the
 * server's configuration and the one call that runs it until SIGTERM
 * or SIGINT.  Deliberately free of microhttpd.h, so that the CLI, which
 * includes this, never sees libmicrohttpd.
 */
#ifndef FS_HTTP_SERVE_H
#define FS_HTTP_SERVE_H

#include <stdbool.h>
#include <stddef.h>

#include "finsam/err.h"

struct fs_http_config {
	const char	*db_path;	/* the database; required */
	const char	*key_path;	/* NULL: the database's default key file */
	const char	*listen;	/* "ADDR:PORT", "[V6ADDR]:PORT"; port 0 = any free */
	const char	*port_file;	/* NULL, or a file to write the bound port to */
	unsigned	 threads;	/* worker threads (MHD thread pool) */
	unsigned	 max_conn;	/* connections in total */
	unsigned	 max_per_ip;	/* connections from one address */
	unsigned	 timeout_s;	/* idle connection timeout, seconds */
	size_t		 body_max;	/* request body limit (JSON) */
	size_t		 upload_max;	/* request body limit (CSV uploads) */
	unsigned	 drain_s;	/* at shutdown, wait this long for requests */
	bool		 secure_cookies; /* behind TLS: cookies get Secure */
	const char	*trusted_proxy;	/* NULL, or the reverse proxy's address:
					 * its X-Forwarded-For names the client */
	bool		 access_log;	/* one line per request on stderr */
	unsigned	 session_check_s; /* a session checked this recently
					 * is trusted without reading the
					 * database (user.h session cache) */
};

/* The defaults: 127.0.0.1:8080, 2 threads, 1 MiB / 64 MiB, ... */
void		 fs_http_config_init(struct fs_http_config *cfg);

/*
 * Open the database (one reader connection per worker thread and the
 * group-commit writer, writer.h), start the server and serve until
 * SIGTERM or SIGINT; then stop accepting, let requests in flight
 * finish (at most drain_s seconds) and every write handed to the
 * writer be committed, stop the server and close the databases.  FS_OK after a clean shutdown; an error
 * when the database cannot be opened, the address is bad or taken, or
 * the route table is invalid (a route without a permission).
 */
enum fs_rc	 fs_http_serve(const struct fs_http_config *cfg,
		    struct fs_err *err) FS_MUSTCHECK;

#endif
