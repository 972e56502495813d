/* SPDX-License-Identifier: ISC */
/*
 * The session cache of a server (user.h fs_session_cache_new(),
 * user_int.h): sessions checked against the database in the last few
 * seconds, keyed by the SHA-256 of their token, with the user's
 * principal, so that most requests need no database read to be
 * authenticated.  Also the revocations made on this server: a logged
 * out token (refused until long after the logout is committed) and
 * users whose sessions or rights changed (not cached for a while).
 * One mutex guards it all; every call is short.  Owns struct
 * fs_session_cache and every entry and copy of a principal in it.
 */
#include "compat.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "finsam/access.h"
#include "finsam/alloc.h"
#include "finsam/err.h"
#include "finsam/user.h"

#include "user_int.h"

#define NBUCKETS 4096
/* Entries at most; beyond, sessions are checked in the database only. */
#define MAX_ENTRIES 100000
/*
 * How long a revocation outlives the request that made it: far longer
 * than the commit of the batch it is part of, plus the bound.
 */
#define REVOKE_KEEP 60
#define MAX_MARKS 1024

struct entry {
	struct entry		*next;
	unsigned char		 h[SCACHE_HASH_LEN];
	bool			 revoked;
	int64_t			 until;		/* revoked: kept until */
	int64_t			 checked;	/* read from the database */
	struct scache_row	 row;
	char			 name[FS_USER_NAME_MAX + 1];
	struct fs_assignment	*a;
	size_t			 na;
};

/* A user whose sessions are not cached before until. */
struct mark {
	int64_t	 user_id;
	int64_t	 until;
};

struct fs_session_cache {
	pthread_mutex_t	 mu;
	int64_t		 bound;		/* seconds an entry is trusted */
	size_t		 n;
	struct entry	*b[NBUCKETS];
	struct mark	 marks[MAX_MARKS];
	size_t		 nmarks;
};

enum fs_rc
fs_session_cache_new(int64_t bound, struct fs_session_cache **out,
    struct fs_err *err)
{
	struct fs_session_cache *c;

	*out = NULL;
	if (bound < 0 || bound > FS_SESSION_CACHE_MAX)
		return fs_err_set(err, FS_EINVAL, "session-kontroll",
		    "måste vara 0 till %d sekunder", FS_SESSION_CACHE_MAX);
	c = fs_calloc(1, sizeof(*c));
	if (c == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	pthread_mutex_init(&c->mu, NULL);
	c->bound = bound;
	*out = c;
	return FS_OK;
}

static void
entry_free(struct entry *e)
{
	free(e->a);
	sodium_memzero(e, sizeof(*e));
	free(e);
}

void
fs_session_cache_free(struct fs_session_cache *c)
{
	struct entry *e, *next;

	if (c == NULL)
		return;
	for (size_t i = 0; i < NBUCKETS; i++)
		for (e = c->b[i]; e != NULL; e = next) {
			next = e->next;
			entry_free(e);
		}
	pthread_mutex_destroy(&c->mu);
	free(c);
}

static size_t
bucket(const unsigned char h[SCACHE_HASH_LEN])
{
	uint64_t v;

	/* The hash is uniform: any eight bytes of it will do. */
	memcpy(&v, h, sizeof(v));
	return (size_t)(v % NBUCKETS);
}

/* The entry of h and the link pointing at it; NULL when none. */
static struct entry *
find(struct fs_session_cache *c, const unsigned char h[SCACHE_HASH_LEN],
    struct entry ***link)
{
	struct entry **l = &c->b[bucket(h)];

	for (; *l != NULL; l = &(*l)->next)
		if (sodium_memcmp((*l)->h, h, SCACHE_HASH_LEN) == 0) {
			*link = l;
			return *l;
		}
	return NULL;
}

static void
unlink_entry(struct fs_session_cache *c, struct entry **link)
{
	struct entry *e = *link;

	*link = e->next;
	c->n--;
	entry_free(e);
}

/* Whether an entry can go: a stale session, or a revocation kept long enough. */
static bool
stale(const struct fs_session_cache *c, const struct entry *e, int64_t now)
{
	if (e->revoked)
		return now >= e->until;
	return now - e->checked >= c->bound || now < e->checked;
}

static void
sweep(struct fs_session_cache *c, int64_t now)
{
	struct entry **l;

	for (size_t i = 0; i < NBUCKETS; i++) {
		l = &c->b[i];
		while (*l != NULL) {
			if (stale(c, *l, now))
				unlink_entry(c, l);
			else
				l = &(*l)->next;
		}
	}
}

static void
marks_expire(struct fs_session_cache *c, int64_t now)
{
	size_t i = 0;

	while (i < c->nmarks) {
		if (now >= c->marks[i].until)
			c->marks[i] = c->marks[--c->nmarks];
		else
			i++;
	}
}

static bool
marked(struct fs_session_cache *c, int64_t user_id, int64_t now)
{
	marks_expire(c, now);
	for (size_t i = 0; i < c->nmarks; i++)
		if (c->marks[i].user_id == user_id)
			return true;
	return false;
}

enum scache_hit
scache_get(struct fs_session_cache *c, const unsigned char h[SCACHE_HASH_LEN],
    int64_t now, struct scache_row *row, struct fs_principal *p)
{
	struct entry *e, **link;
	enum scache_hit hit = SCACHE_MISS;

	fs_principal_release(p);
	pthread_mutex_lock(&c->mu);
	e = find(c, h, &link);
	if (e == NULL)
		goto out;
	if (e->revoked) {
		hit = now < e->until ? SCACHE_REVOKED : SCACHE_MISS;
		if (hit == SCACHE_MISS)
			unlink_entry(c, link);
		goto out;
	}
	if (stale(c, e, now)) {
		unlink_entry(c, link);
		goto out;
	}
	if (e->na > 0) {
		p->assignments = fs_reallocarray(NULL, e->na, sizeof(*e->a));
		if (p->assignments == NULL)
			goto out;
		memcpy(p->assignments, e->a, e->na * sizeof(*e->a));
	}
	p->nassignments = e->na;
	p->user_id = e->row.user_id;
	memcpy(p->name, e->name, sizeof(p->name));
	p->session_id = e->row.id;
	memcpy(p->csrf, e->row.csrf, sizeof(p->csrf));
	*row = e->row;
	hit = SCACHE_HIT;
out:
	pthread_mutex_unlock(&c->mu);
	return hit;
}

bool
scache_put(struct fs_session_cache *c, const unsigned char h[SCACHE_HASH_LEN],
    const struct scache_row *row, const struct fs_principal *p, int64_t now)
{
	struct entry *e, **link;
	bool ok = true;

	pthread_mutex_lock(&c->mu);
	e = find(c, h, &link);
	if (e != NULL && e->revoked) {
		ok = now >= e->until;
		if (!ok)
			goto out;
	}
	if (e != NULL)
		unlink_entry(c, link);
	if (c->bound == 0 || marked(c, row->user_id, now))
		goto out;
	if (c->n >= MAX_ENTRIES)
		sweep(c, now);
	if (c->n >= MAX_ENTRIES)
		goto out;
	e = fs_calloc(1, sizeof(*e));
	if (e == NULL)
		goto out;
	if (p->nassignments > 0) {
		e->a = fs_reallocarray(NULL, p->nassignments, sizeof(*e->a));
		if (e->a == NULL) {
			free(e);
			goto out;
		}
		memcpy(e->a, p->assignments, p->nassignments * sizeof(*e->a));
	}
	e->na = p->nassignments;
	memcpy(e->h, h, SCACHE_HASH_LEN);
	memcpy(e->name, p->name, sizeof(e->name));
	e->row = *row;
	e->checked = now;
	link = &c->b[bucket(h)];
	e->next = *link;
	*link = e;
	c->n++;
out:
	pthread_mutex_unlock(&c->mu);
	return ok;
}

void
scache_touch(struct fs_session_cache *c,
    const unsigned char h[SCACHE_HASH_LEN], int64_t now)
{
	struct entry *e, **link;

	pthread_mutex_lock(&c->mu);
	e = find(c, h, &link);
	if (e != NULL && !e->revoked && now > e->row.last)
		e->row.last = now;
	pthread_mutex_unlock(&c->mu);
}

void
scache_drop(struct fs_session_cache *c,
    const unsigned char h[SCACHE_HASH_LEN])
{
	struct entry *e, **link;

	pthread_mutex_lock(&c->mu);
	e = find(c, h, &link);
	if (e != NULL && !e->revoked)
		unlink_entry(c, link);
	pthread_mutex_unlock(&c->mu);
}

void
scache_revoke(struct fs_session_cache *c,
    const unsigned char h[SCACHE_HASH_LEN], int64_t now)
{
	struct entry *e, **link;

	pthread_mutex_lock(&c->mu);
	e = find(c, h, &link);
	if (e != NULL)
		unlink_entry(c, link);
	/*
	 * Without memory for the mark the database alone decides, from
	 * the moment the logout is committed.
	 */
	e = fs_calloc(1, sizeof(*e));
	if (e != NULL) {
		memcpy(e->h, h, SCACHE_HASH_LEN);
		e->revoked = true;
		e->until = now + REVOKE_KEEP + c->bound;
		link = &c->b[bucket(h)];
		e->next = *link;
		*link = e;
		c->n++;
	}
	pthread_mutex_unlock(&c->mu);
}

void
scache_forget_user(struct fs_session_cache *c, int64_t user_id, int64_t now)
{
	struct entry **l;
	size_t i;

	pthread_mutex_lock(&c->mu);
	for (i = 0; i < NBUCKETS; i++) {
		l = &c->b[i];
		while (*l != NULL) {
			if (!(*l)->revoked && (*l)->row.user_id == user_id)
				unlink_entry(c, l);
			else
				l = &(*l)->next;
		}
	}
	marks_expire(c, now);
	for (i = 0; i < c->nmarks; i++)
		if (c->marks[i].user_id == user_id)
			break;
	if (i == c->nmarks && c->nmarks < MAX_MARKS)
		c->nmarks++;
	if (i < c->nmarks) {
		c->marks[i].user_id = user_id;
		c->marks[i].until = now + REVOKE_KEEP + c->bound;
	} else {
		/*
		 * No room to remember the user: from now on nothing is
		 * cached (every request reads the database), which is
		 * always safe.
		 */
		c->bound = 0;
	}
	pthread_mutex_unlock(&c->mu);
}
