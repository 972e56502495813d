/* SPDX-License-Identifier: ISC */
/*
 * Users, their role assignments, authentication and sessions
 * (spec/access.md "Authentication and sessions").  Owns the tables
 * anvandare, tilldelning, session and inloggning_strypning and the
 * rules on them:
 *
 * - user names: 2-64 characters a-z 0-9 . _ - starting with a letter;
 * - passwords: 12-256 characters of valid UTF-8 without control
 *   characters, not the user name; stored only as an Argon2id hash
 *   (libsodium crypto_pwhash_str, interactive limits);
 * - assignments: forbundsadministrator and lasare per förbund,
 *   insatsansvarig and deltagaransvarig per insats, analytiker and
 *   systemadministrator without förbund or insats; separation of duties
 *   (access.h fs_role_conflict()) is refused at assignment;
 * - login answers the same, in the same time, for an unknown user, a
 *   wrong password and a locked user (an unknown user is verified
 *   against a dummy hash); repeated failures are throttled per account
 *   and per client address with an exponentially growing wait, state in
 *   the database; every attempt is audited (never with the password,
 *   and with the typed name only when it is a real user's);
 * - sessions: a random 256-bit token (returned once, stored only as its
 *   SHA-256), a random per-session CSRF token, idle timeout 30 minutes
 *   (refreshed at most once a minute), absolute timeout 12 hours;
 *   logout, locking a user and changing its password end sessions
 *   server-side; a server keeps the sessions it has checked in a cache
 *   (fs_session_cache_new(), with the bound on changes made elsewhere).
 *
 * Time: every function that depends on the clock takes now, seconds
 * since the epoch (UTC); callers pass fs_auth_now(), tests any value.
 *
 * Authentication is split from sessions so that e-ID (BankID/SITHS via
 * SAML or OIDC) can be added: such a method verifies its assertion,
 * maps it to a user id and calls fs_session_create(); the throttling,
 * session, CSRF and principal functions stay the same.  Passwords are
 * the one method today (fs_user_login()).
 *
 * Cost: a hash or a verification takes about 75 ms and 64 MiB
 * (crypto_pwhash_argon2id OPSLIMIT/MEMLIMIT_INTERACTIVE); there is no
 * faster setting for tests.  A server should bound concurrent logins.
 *
 * Ownership: struct fs_session holds no pointers (tokens inline, wiped
 * by fs_session_clear()); user lists are freed with fs_user_list_free().
 */
#ifndef FS_USER_H
#define FS_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finsam/access.h"
#include "finsam/db.h"
#include "finsam/err.h"

#define FS_PASSWORD_MIN 12	/* characters */
#define FS_PASSWORD_MAX 256	/* characters */
#define FS_SESSION_IDLE (30 * 60)		/* seconds */
#define FS_SESSION_ABSOLUTE (12 * 60 * 60)	/* seconds */
/* Failures allowed before the wait starts, per account and per address. */
#define FS_THROTTLE_FREE_ACCOUNT 5
#define FS_THROTTLE_FREE_ADDRESS 20
/* The wait after failure FREE+k is 60 s << k, at most this. */
#define FS_THROTTLE_MAX_WAIT (15 * 60)
/* Failures older than this are forgotten. */
#define FS_THROTTLE_FORGET (24 * 60 * 60)
#define FS_CLIENT_ADDR_MAX 64

/* Seconds since the epoch: the clock to pass as now outside tests. */
int64_t		 fs_auth_now(void);

/*
 * A user name by the rules above: FS_EINVAL, field "anvandarnamn".
 */
enum fs_rc	 fs_user_name_check(const char *name, struct fs_err *err)
		    FS_MUSTCHECK;
/* A new password by the rules above: FS_EINVAL, field "losenord". */
enum fs_rc	 fs_user_password_check(const char *name, const char *password,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * Create user name with password (both checked first).  FS_ECONFLICT,
 * field "anvandarnamn", when the name is taken.  *id may be NULL.
 * Audited as anvandare.skapa.
 */
enum fs_rc	 fs_user_create(struct fs_db *db, const char *name,
		    const char *password, int64_t *id, struct fs_err *err)
		    FS_MUSTCHECK;
/* Set a new password (checked) and end every session of the user. */
enum fs_rc	 fs_user_set_password(struct fs_db *db, const char *name,
		    const char *password, struct fs_err *err) FS_MUSTCHECK;
/*
 * Lock (locked true) or unlock a user.  Locking ends every session of
 * the user at once and makes login fail.  FS_ENOTFOUND, field
 * "anvandarnamn", when there is no such user.
 */
enum fs_rc	 fs_user_set_locked(struct fs_db *db, const char *name,
		    bool locked, struct fs_err *err) FS_MUSTCHECK;

/*
 * Give user name the assignment (role, forbund_id or insats_id): role
 * forbundsadministrator or lasare needs forbund_id (insats_id 0);
 * insatsansvarig or deltagaransvarig needs insats_id (forbund_id 0, or
 * the insats's förbund); analytiker and systemadministrator take
 * neither.  Refused: an unknown user (FS_ENOTFOUND "anvandarnamn"), an
 * unknown förbund or insats (FS_ENOTFOUND "forbund"/"insats"), a wrong
 * scope for the role (FS_EINVAL "forbund"/"insats"), a role conflicting
 * with one the user holds (FS_ECONFLICT "roll", separation of duties)
 * and the same assignment twice (FS_ECONFLICT "roll").  Audited.
 */
enum fs_rc	 fs_user_assign(struct fs_db *db, const char *name,
		    enum fs_role role, int64_t forbund_id, int64_t insats_id,
		    struct fs_err *err) FS_MUSTCHECK;
/* Remove that assignment: FS_ENOTFOUND "roll" when the user lacks it. */
enum fs_rc	 fs_user_unassign(struct fs_db *db, const char *name,
		    enum fs_role role, int64_t forbund_id, int64_t insats_id,
		    struct fs_err *err) FS_MUSTCHECK;

/* An assignment with the codes of its förbund and insats, for display. */
struct fs_user_assignment {
	struct fs_assignment	 a;
	char			*forbund_kod;	/* NULL for a global role */
	char			*insats_kod;	/* NULL unless per insats */
};

struct fs_user {
	int64_t				 id;
	char				 name[FS_USER_NAME_MAX + 1];
	bool				 locked;
	bool				 has_password;
	char				 created[21];	/* YYYY-MM-DDTHH:MM:SSZ */
	struct fs_user_assignment	*assignments;	/* owned */
	size_t				 nassignments;
};

/* Every user by name with its assignments; free with fs_user_list_free(). */
enum fs_rc	 fs_user_list(struct fs_db *db, struct fs_user **out, size_t *n,
		    struct fs_err *err) FS_MUSTCHECK;
/* One user by name: FS_ENOTFOUND "anvandarnamn"; free with fs_user_release(). */
enum fs_rc	 fs_user_get(struct fs_db *db, const char *name,
		    struct fs_user *out, struct fs_err *err) FS_MUSTCHECK;
void		 fs_user_release(struct fs_user *u);
void		 fs_user_list_free(struct fs_user *v, size_t n);

/*
 * Load user user_id and its assignments into p (released first).  A
 * locked or missing user gives FS_EDENIED, field "anvandare".
 */
enum fs_rc	 fs_principal_load(struct fs_db *db, int64_t user_id,
		    struct fs_principal *p, struct fs_err *err) FS_MUSTCHECK;

/* What a successful login hands the client; secret, wipe after use. */
struct fs_session {
	int64_t	 id;
	int64_t	 user_id;
	char	 token[FS_TOKEN_HEX_LEN + 1];	/* the cookie value */
	char	 csrf[FS_TOKEN_HEX_LEN + 1];	/* X-CSRF-Token */
	int64_t	 created;			/* now at login */
	int64_t	 expires;	/* absolute end: created + FS_SESSION_ABSOLUTE */
};

/* Wipe the tokens. */
void		 fs_session_clear(struct fs_session *s);

/*
 * Password login.  client_addr (may be NULL or "": no per-address
 * throttling) is stored in the session and the audit log.  Errors:
 *   FS_EINVAL "anvandarnamn"/"losenord": empty, or longer than any
 *     valid one (stores nothing but still counts as nothing);
 *   FS_EDENIED "inloggning" "fel användarnamn eller lösenord": unknown
 *     user, wrong password or locked user, identical in message and
 *     time; counted for throttling and audited (inloggning, utfall
 *     "fel");
 *   FS_EDENIED "inloggning" "för många misslyckade inloggningar ...":
 *     throttled, the password was not tried; audited (utfall
 *     "strypt").
 * On success *out holds the new session (audited, utfall "ok") and the
 * account's failure count is cleared.
 */
enum fs_rc	 fs_user_login(struct fs_db *db, const char *name,
		    const char *password, const char *client_addr, int64_t now,
		    struct fs_session *out, struct fs_err *err) FS_MUSTCHECK;

/*
 * Create a session for user_id (any authentication method, after it has
 * verified the user; refuses a locked user with FS_EDENIED).  Stores
 * only the SHA-256 of the token.  Also removes expired sessions.
 */
enum fs_rc	 fs_session_create(struct fs_db *db, int64_t user_id,
		    const char *client_addr, int64_t now, struct fs_session *out,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * The per-request check: token (the cookie value) names a live session
 * (not idle for FS_SESSION_IDLE, younger than FS_SESSION_ABSOLUTE, of a
 * user not locked).  Refreshes the idle time (written at most once a
 * minute) and fills p with the user, its assignments, the session id
 * and the CSRF token.  Anything else: FS_EDENIED, field "session",
 * "sessionen är ogiltig eller har gått ut: logga in igen" (an expired
 * session is deleted).
 */
enum fs_rc	 fs_session_check(struct fs_db *db, const char *token,
		    int64_t now, struct fs_principal *p, struct fs_err *err)
		    FS_MUSTCHECK;

/*
 * True when given equals the session's CSRF token of p, compared in
 * constant time (sodium_memcmp).  False for NULL, wrong length, or a
 * principal without a session.
 */
bool		 fs_session_csrf_ok(const struct fs_principal *p,
		    const char *given);

/*
 * Logout: end the session named by token server-side (audited as
 * utloggning).  An unknown or expired token is FS_OK (nothing to end).
 */
enum fs_rc	 fs_session_logout(struct fs_db *db, const char *token,
		    const char *client_addr, struct fs_err *err) FS_MUSTCHECK;

/* End every session of user user_id; *n (may be NULL) gets how many. */
enum fs_rc	 fs_session_revoke_user(struct fs_db *db, int64_t user_id,
		    size_t *n, struct fs_err *err) FS_MUSTCHECK;

/*
 * The session cache of a server, shared by its connections (set as
 * db->sessions on each): fs_session_check() trusts a session it has
 * checked against the database in the last bound seconds (0: never,
 * every request reads the database) and then reads nothing.  What
 * this server does itself takes effect at once whatever the bound:
 * a logout, a session that times out (the times are kept in the
 * cache), and locking a user, changing a password or an assignment
 * through the library on any of its connections.  What happens outside
 * the server (the command line, another server on the same database,
 * hand edits) takes effect within bound seconds: locking a user with
 * "finsam anvandare sparra", an assignment taken away.  A server
 * farm (PostgreSQL later) inherits exactly that: a logout on one
 * server reaches the others within the bound.  Thread-safe.
 * Ownership: freed with fs_session_cache_free() after every connection
 * using it is closed.
 */
#define FS_SESSION_CACHE_DEFAULT 2	/* seconds */
#define FS_SESSION_CACHE_MAX 60
struct fs_session_cache;
enum fs_rc	 fs_session_cache_new(int64_t bound,
		    struct fs_session_cache **out, struct fs_err *err)
		    FS_MUSTCHECK;
void		 fs_session_cache_free(struct fs_session_cache *c);

#endif
