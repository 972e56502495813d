/* SPDX-License-Identifier: ISC */
/*
 * Who may do what (spec/access.md "Roles and scopes"): the roles, the
 * permissions (one per column and action of the spec's table), the
 * principal acting (a user with its assignments) and the scope of the
 * object acted on, and the one decision function fs_access_check().
 *
 * The decision is table-driven and default-deny: a const table indexed
 * by role x permission gives the reach of each (none, own insats, own
 * förbund, all); a principal may do what the union of its assignments
 * allows, and nothing else.  FS_PERM_UNSET, the zero value, is refused
 * for everyone, so a route table entry left at zero is refused.
 *
 * Separation of duties: nobody holds förbundsadministratör and
 * deltagaransvarig at the same time, and a systemadministratör holds no
 * role that sees participant data.  fs_user_assign() refuses such an
 * assignment; fs_access_check() also refuses participant permissions to
 * a principal that somehow holds such a pair (defence in depth).
 *
 * Ownership: struct fs_principal owns its assignments array; release
 * with fs_principal_release().  struct fs_scope holds no pointers.
 * fs_access_check() is a pure function: no I/O, no allocation, safe
 * from any thread.
 */
#ifndef FS_ACCESS_H
#define FS_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finsam/err.h"

struct fs_db;

enum fs_role {
	FS_ROLE_FORBUNDSADMINISTRATOR,
	FS_ROLE_INSATSANSVARIG,
	FS_ROLE_DELTAGARANSVARIG,
	FS_ROLE_LASARE,
	FS_ROLE_ANALYTIKER,
	FS_ROLE_SYSTEMADMINISTRATOR,
	FS_ROLE__MAX
};

/*
 * One value per column and action of the table in spec/access.md.  A
 * route, CLI command or UI element names exactly one.
 */
enum fs_perm {
	FS_PERM_UNSET = 0,	/* never allowed: a forgotten route is refused */
	FS_PERM_PUBLIC,		/* anyone, also without a session: login, static files */
	FS_PERM_SESSION,	/* any logged-in user: logout, own start page, own session */
	/* förbund record, members, board, budget and accounts */
	FS_PERM_FORBUND_READ,
	FS_PERM_FORBUND_EDIT,
	/* insatser of the förbund */
	FS_PERM_INSATS_READ,
	FS_PERM_INSATS_EDIT,
	FS_PERM_INSATS_STAFF,	/* assign insatsansvarig/deltagaransvarig to insatser */
	/* identified participants: consent, in, out, corrections, history, search */
	FS_PERM_DELTAGARE_READ,
	FS_PERM_DELTAGARE_EDIT,
	/* anonymous and count-only figures (read and edit) */
	FS_PERM_ANONYMA_EDIT,
	/* reports */
	FS_PERM_RAPPORT_INTERN,		/* internal reports (small cells shown) */
	FS_PERM_RAPPORT_PUBLICERBAR,	/* publishable reports (disclosure control) */
	/* allocation of state money, all förbund */
	FS_PERM_TILLDELNING_READ,
	FS_PERM_SCENARIO_EDIT,
	/* pseudonymised linkage and evaluation */
	FS_PERM_KOPPLING,
	/* users, roles, keys, backups, retention runs */
	FS_PERM_ANVANDARE_ADMIN,
	/* the audit log of the förbund (who looked at what), no participant data */
	FS_PERM_LOGG_READ,
	FS_PERM__MAX
};

/* How far a role's permission reaches. */
enum fs_reach {
	FS_REACH_NONE = 0,	/* refused */
	FS_REACH_INSATS,	/* the insats of the assignment only */
	FS_REACH_FORBUND,	/* the förbund of the assignment (or of its insats) */
	FS_REACH_ALL,		/* every förbund, and objects of no förbund */
};

/*
 * One assignment: a role for a förbund or for an insats.  forbund_id is
 * the förbund of the assignment, or for an insats assignment the
 * förbund the insats belongs to (filled when loaded); insats_id is 0
 * for a förbund assignment.  Analytiker and systemadministratör are
 * assigned with neither (both 0): their reach does not depend on it.
 */
struct fs_assignment {
	enum fs_role	 role;
	int64_t		 forbund_id;
	int64_t		 insats_id;
};

#define FS_USER_NAME_MAX 64
#define FS_TOKEN_HEX_LEN 64	/* 256 random bits as hex */

/*
 * Who acts: a logged-in user and its assignments.  Filled by
 * fs_session_check() (user.h) or fs_principal_load().
 */
struct fs_principal {
	int64_t			 user_id;	/* 0: nobody (refused everything but PUBLIC) */
	char			 name[FS_USER_NAME_MAX + 1];
	struct fs_assignment	*assignments;	/* owned */
	size_t			 nassignments;
	/* Set when the principal comes from a session (user.h). */
	int64_t			 session_id;
	char			 csrf[FS_TOKEN_HEX_LEN + 1];
};

/*
 * The object acted on.  forbund_id: the förbund it belongs to (0: none,
 * e.g. a riket report or the list of all förbund); insats_id: the
 * insats it belongs to (0: none).  For an object of an insats, fill
 * both: the insats and the förbund the insats belongs to
 * (fs_access_scope_insats() does it).  A NULL scope is the same as
 * both 0.
 */
struct fs_scope {
	int64_t	 forbund_id;
	int64_t	 insats_id;
};

#define FS_SCOPE_NONE { 0, 0 }

/* Empty principal (user 0, no assignments). */
void		 fs_principal_init(struct fs_principal *p);
/* Free the assignments and wipe the CSRF token; p may be NULL. */
void		 fs_principal_release(struct fs_principal *p);

/*
 * The decision: true when the principal may use perm on an object of
 * scope s, false otherwise.  FS_PERM_PUBLIC is always allowed,
 * FS_PERM_SESSION when p is a user (user_id != 0), FS_PERM_UNSET and
 * values out of range never.  Otherwise allowed when at least one
 * assignment's reach for perm covers the scope:
 *   ALL      always;
 *   FORBUND  s->forbund_id != 0 and equal to the assignment's förbund;
 *   INSATS   s->insats_id != 0 and equal to the assignment's insats.
 * The deltagaransvarig of insats X therefore never gets insats Y, and
 * no own-förbund or own-insats permission applies to an object of no
 * förbund.  Participant permissions are refused to a principal holding
 * a separation-of-duties pair.
 */
bool		 fs_access_check(const struct fs_principal *p, enum fs_perm perm,
		    const struct fs_scope *s);

/*
 * As fs_access_check(); when allowed and by is not NULL, *by gets the
 * role of the first assignment that allowed it (for the audit log's
 * role column).  For PUBLIC and SESSION *by is FS_ROLE__MAX.
 */
bool		 fs_access_check_role(const struct fs_principal *p,
		    enum fs_perm perm, const struct fs_scope *s, enum fs_role *by);

/*
 * True when some assignment of p reaches perm for some scope: for
 * menus and for deciding whether to filter a list item by item with
 * fs_access_check().
 */
bool		 fs_access_any(const struct fs_principal *p, enum fs_perm perm);

/* The reach of role for perm, straight from the table. */
enum fs_reach	 fs_access_reach(enum fs_role role, enum fs_perm perm);

/*
 * True when the two roles may not be held by one user at the same time
 * (separation of duties).
 */
bool		 fs_role_conflict(enum fs_role a, enum fs_role b);

/*
 * Role names: the key ("forbundsadministrator", "insatsansvarig",
 * "deltagaransvarig", "lasare", "analytiker", "systemadministrator"),
 * as stored and typed on the command line, and the Swedish label
 * ("förbundsadministratör", ...).  NULL for values out of range.
 */
const char	*fs_role_name(enum fs_role role);
const char	*fs_role_label(enum fs_role role);
/*
 * Parse a role by key or label (case as written above).  Unknown:
 * FS_EINVAL, field "roll", listing the roles.
 */
enum fs_rc	 fs_role_parse(const char *s, enum fs_role *out,
		    struct fs_err *err) FS_MUSTCHECK;
/* Whether role is assigned per insats (true) or per förbund/globally. */
bool		 fs_role_per_insats(enum fs_role role);
/* Whether role is assigned without förbund or insats (analytiker, systemadministratör). */
bool		 fs_role_global(enum fs_role role);

/* A short name of perm ("forbund.las", ...), for logs and route tables. */
const char	*fs_perm_name(enum fs_perm perm);

/*
 * The scope of insats insats_id: {its förbund, insats_id}.  FS_ENOTFOUND
 * (field "insats") when there is no such insats.
 */
enum fs_rc	 fs_access_scope_insats(struct fs_db *db, int64_t insats_id,
		    struct fs_scope *out, struct fs_err *err) FS_MUSTCHECK;
/*
 * The scope of participation deltagande_id: {förbund, insats} of its
 * insats.  FS_ENOTFOUND (field "deltagande") when there is none; a
 * caller that may not know whether it exists must answer a refusal the
 * same way as "not found".
 */
enum fs_rc	 fs_access_scope_deltagande(struct fs_db *db,
		    int64_t deltagande_id, struct fs_scope *out,
		    struct fs_err *err) FS_MUSTCHECK;

#endif
