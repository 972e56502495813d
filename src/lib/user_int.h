/* SPDX-License-Identifier: ISC */
/*
 * Private to the user module (user.c, user_session.c): the in-memory
 * session cache that fs_session_check() consults before the database.
 * Keyed by the SHA-256 of the token (the same hash the session table
 * stores), so the cache never holds a token either.
 */
#ifndef FS_USER_INT_H
#define FS_USER_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "finsam/access.h"
#include "finsam/user.h"

#define SCACHE_HASH_LEN 32

/* A session row as the check needs it. */
struct scache_row {
	int64_t	 id;
	int64_t	 user_id;
	char	 csrf[FS_TOKEN_HEX_LEN + 1];
	int64_t	 created;
	int64_t	 last;
};

enum scache_hit {
	SCACHE_MISS,		/* not known, or checked too long ago */
	SCACHE_HIT,		/* checked against the database recently */
	SCACHE_REVOKED,		/* logged out on this server */
};

/*
 * Look the session of hash h up at now.  SCACHE_HIT: *row and *p (the
 * principal, assignments copied; p released first) are filled.
 * FS_ENOMEM is reported as a miss.
 */
enum scache_hit	 scache_get(struct fs_session_cache *c,
		    const unsigned char h[SCACHE_HASH_LEN], int64_t now,
		    struct scache_row *row, struct fs_principal *p);
/*
 * Remember a session just checked against the database at now.  False
 * when h was revoked meanwhile (the check must refuse); not caching
 * (memory short, the cache full, the user's sessions ended a moment
 * ago) is still true.
 */
bool		 scache_put(struct fs_session_cache *c,
		    const unsigned char h[SCACHE_HASH_LEN],
		    const struct scache_row *row, const struct fs_principal *p,
		    int64_t now);
/* The idle time of h was refreshed to now. */
void		 scache_touch(struct fs_session_cache *c,
		    const unsigned char h[SCACHE_HASH_LEN], int64_t now);
/* Forget h (expired: the database check ends it). */
void		 scache_drop(struct fs_session_cache *c,
		    const unsigned char h[SCACHE_HASH_LEN]);
/* h was logged out: refused from now on, whatever the database says. */
void		 scache_revoke(struct fs_session_cache *c,
		    const unsigned char h[SCACHE_HASH_LEN], int64_t now);
/*
 * The sessions or the rights of user_id changed: forget them, and
 * cache none of the user's for a while, so that a check that read the
 * database before the change was committed is not kept.
 */
void		 scache_forget_user(struct fs_session_cache *c,
		    int64_t user_id, int64_t now);

#endif
