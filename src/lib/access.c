/* SPDX-License-Identifier: ISC */
/*
 * The access decision of spec/access.md: the role x permission table
 * of reaches, the one decision function over a principal's
 * assignments, separation of duties, role and permission names, and
 * the lookups that give the scope (förbund, insats) of an insats or a
 * participation.  Owns the table; no state, no allocation in the
 * decision.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "finsam/access.h"
#include "finsam/db.h"
#include "finsam/store.h"

#define N FS_REACH_NONE
#define I FS_REACH_INSATS
#define F FS_REACH_FORBUND
#define A FS_REACH_ALL

/*
 * The table of spec/access.md, one row per role, one column per
 * permission.  UNSET, PUBLIC and SESSION are decided before the table
 * is consulted and are N in every row.  Notes on reading the spec:
 * "read" for a role assigned per förbund or per insats means the
 * förbund of the assignment; "internal" reports include the
 * publishable ones of the same scope; "allocation, all förbund" is
 * national by nature (A); a permission the spec does not grant is N.
 */
static const enum fs_reach reach[][FS_PERM__MAX] = {
	[FS_ROLE_FORBUNDSADMINISTRATOR] = {
		[FS_PERM_FORBUND_READ] = F,
		[FS_PERM_FORBUND_EDIT] = F,
		[FS_PERM_INSATS_READ] = F,
		[FS_PERM_INSATS_EDIT] = F,
		[FS_PERM_INSATS_STAFF] = F,
		[FS_PERM_DELTAGARE_READ] = N,
		[FS_PERM_DELTAGARE_EDIT] = N,
		[FS_PERM_ANONYMA_EDIT] = F,
		[FS_PERM_RAPPORT_INTERN] = F,
		[FS_PERM_RAPPORT_PUBLICERBAR] = F,
		[FS_PERM_TILLDELNING_READ] = A,
		[FS_PERM_SCENARIO_EDIT] = N,
		[FS_PERM_KOPPLING] = N,
		[FS_PERM_ANVANDARE_ADMIN] = N,
		[FS_PERM_LOGG_READ] = F,
	},
	[FS_ROLE_INSATSANSVARIG] = {
		[FS_PERM_FORBUND_READ] = F,
		[FS_PERM_FORBUND_EDIT] = N,
		[FS_PERM_INSATS_READ] = I,
		[FS_PERM_INSATS_EDIT] = I,
		[FS_PERM_INSATS_STAFF] = N,
		[FS_PERM_DELTAGARE_READ] = N,
		[FS_PERM_DELTAGARE_EDIT] = N,
		[FS_PERM_ANONYMA_EDIT] = I,
		[FS_PERM_RAPPORT_INTERN] = I,
		[FS_PERM_RAPPORT_PUBLICERBAR] = I,
		[FS_PERM_TILLDELNING_READ] = N,
		[FS_PERM_SCENARIO_EDIT] = N,
		[FS_PERM_KOPPLING] = N,
		[FS_PERM_ANVANDARE_ADMIN] = N,
		[FS_PERM_LOGG_READ] = N,
	},
	[FS_ROLE_DELTAGARANSVARIG] = {
		[FS_PERM_FORBUND_READ] = F,
		[FS_PERM_FORBUND_EDIT] = N,
		[FS_PERM_INSATS_READ] = I,
		[FS_PERM_INSATS_EDIT] = N,
		[FS_PERM_INSATS_STAFF] = N,
		[FS_PERM_DELTAGARE_READ] = I,
		[FS_PERM_DELTAGARE_EDIT] = I,
		[FS_PERM_ANONYMA_EDIT] = I,
		[FS_PERM_RAPPORT_INTERN] = I,
		[FS_PERM_RAPPORT_PUBLICERBAR] = I,
		[FS_PERM_TILLDELNING_READ] = N,
		[FS_PERM_SCENARIO_EDIT] = N,
		[FS_PERM_KOPPLING] = N,
		[FS_PERM_ANVANDARE_ADMIN] = N,
		[FS_PERM_LOGG_READ] = N,
	},
	[FS_ROLE_LASARE] = {
		[FS_PERM_FORBUND_READ] = F,
		[FS_PERM_FORBUND_EDIT] = N,
		[FS_PERM_INSATS_READ] = F,
		[FS_PERM_INSATS_EDIT] = N,
		[FS_PERM_INSATS_STAFF] = N,
		[FS_PERM_DELTAGARE_READ] = N,
		[FS_PERM_DELTAGARE_EDIT] = N,
		[FS_PERM_ANONYMA_EDIT] = N,
		[FS_PERM_RAPPORT_INTERN] = N,
		[FS_PERM_RAPPORT_PUBLICERBAR] = F,
		[FS_PERM_TILLDELNING_READ] = A,
		[FS_PERM_SCENARIO_EDIT] = N,
		[FS_PERM_KOPPLING] = N,
		[FS_PERM_ANVANDARE_ADMIN] = N,
		[FS_PERM_LOGG_READ] = N,
	},
	[FS_ROLE_ANALYTIKER] = {
		[FS_PERM_FORBUND_READ] = A,
		[FS_PERM_FORBUND_EDIT] = N,
		[FS_PERM_INSATS_READ] = A,
		[FS_PERM_INSATS_EDIT] = N,
		[FS_PERM_INSATS_STAFF] = N,
		[FS_PERM_DELTAGARE_READ] = N,
		[FS_PERM_DELTAGARE_EDIT] = N,
		[FS_PERM_ANONYMA_EDIT] = N,
		[FS_PERM_RAPPORT_INTERN] = N,
		[FS_PERM_RAPPORT_PUBLICERBAR] = A,
		[FS_PERM_TILLDELNING_READ] = A,
		[FS_PERM_SCENARIO_EDIT] = A,
		[FS_PERM_KOPPLING] = A,
		[FS_PERM_ANVANDARE_ADMIN] = N,
		[FS_PERM_LOGG_READ] = N,
	},
	[FS_ROLE_SYSTEMADMINISTRATOR] = {
		[FS_PERM_FORBUND_READ] = N,
		[FS_PERM_FORBUND_EDIT] = N,
		[FS_PERM_INSATS_READ] = N,
		[FS_PERM_INSATS_EDIT] = N,
		[FS_PERM_INSATS_STAFF] = N,
		[FS_PERM_DELTAGARE_READ] = N,
		[FS_PERM_DELTAGARE_EDIT] = N,
		[FS_PERM_ANONYMA_EDIT] = N,
		[FS_PERM_RAPPORT_INTERN] = N,
		[FS_PERM_RAPPORT_PUBLICERBAR] = N,
		[FS_PERM_TILLDELNING_READ] = N,
		[FS_PERM_SCENARIO_EDIT] = N,
		[FS_PERM_KOPPLING] = N,
		[FS_PERM_ANVANDARE_ADMIN] = A,
		[FS_PERM_LOGG_READ] = N,
	},
};
_Static_assert(FS_NELEM(reach) == FS_ROLE__MAX,
    "reach: a role has no row");
_Static_assert(FS_NELEM(reach[0]) == FS_PERM__MAX,
    "reach: a permission has no column");

#undef N
#undef I
#undef F
#undef A

static const struct {
	const char	*name;
	const char	*label;
	bool		 per_insats;
	bool		 global;
} roles[] = {
	[FS_ROLE_FORBUNDSADMINISTRATOR] = { "forbundsadministrator",
	    "förbundsadministratör", false, false },
	[FS_ROLE_INSATSANSVARIG] = { "insatsansvarig", "insatsansvarig",
	    true, false },
	[FS_ROLE_DELTAGARANSVARIG] = { "deltagaransvarig", "deltagaransvarig",
	    true, false },
	[FS_ROLE_LASARE] = { "lasare", "läsare", false, false },
	[FS_ROLE_ANALYTIKER] = { "analytiker", "analytiker", false, true },
	[FS_ROLE_SYSTEMADMINISTRATOR] = { "systemadministrator",
	    "systemadministratör", false, true },
};
_Static_assert(FS_NELEM(roles) == FS_ROLE__MAX, "roles: a role has no name");

static const char *const perm_names[] = {
	[FS_PERM_UNSET] = "ej_angiven",
	[FS_PERM_PUBLIC] = "offentlig",
	[FS_PERM_SESSION] = "inloggad",
	[FS_PERM_FORBUND_READ] = "forbund.las",
	[FS_PERM_FORBUND_EDIT] = "forbund.andra",
	[FS_PERM_INSATS_READ] = "insats.las",
	[FS_PERM_INSATS_EDIT] = "insats.andra",
	[FS_PERM_INSATS_STAFF] = "insats.personal",
	[FS_PERM_DELTAGARE_READ] = "deltagare.las",
	[FS_PERM_DELTAGARE_EDIT] = "deltagare.andra",
	[FS_PERM_ANONYMA_EDIT] = "anonyma.andra",
	[FS_PERM_RAPPORT_INTERN] = "rapport.intern",
	[FS_PERM_RAPPORT_PUBLICERBAR] = "rapport.publicerbar",
	[FS_PERM_TILLDELNING_READ] = "tilldelning.las",
	[FS_PERM_SCENARIO_EDIT] = "scenario.andra",
	[FS_PERM_KOPPLING] = "koppling",
	[FS_PERM_ANVANDARE_ADMIN] = "anvandare.admin",
	[FS_PERM_LOGG_READ] = "logg.las",
};
_Static_assert(FS_NELEM(perm_names) == FS_PERM__MAX,
    "perm_names: a permission has no name");

/* Permissions that show identified participant data. */
static bool
participant_perm(enum fs_perm perm)
{
	return perm == FS_PERM_DELTAGARE_READ ||
	    perm == FS_PERM_DELTAGARE_EDIT;
}

void
fs_principal_init(struct fs_principal *p)
{
	memset(p, 0, sizeof(*p));
}

void
fs_principal_release(struct fs_principal *p)
{
	if (p == NULL)
		return;
	free(p->assignments);
	sodium_memzero(p->csrf, sizeof(p->csrf));
	memset(p, 0, sizeof(*p));
}

bool
fs_role_conflict(enum fs_role a, enum fs_role b)
{
	if (a > b) {
		enum fs_role t = a;

		a = b;
		b = t;
	}
	return (a == FS_ROLE_FORBUNDSADMINISTRATOR &&
	    b == FS_ROLE_DELTAGARANSVARIG) ||
	    (a == FS_ROLE_DELTAGARANSVARIG &&
	    b == FS_ROLE_SYSTEMADMINISTRATOR);
}

/* Whether p holds two roles that separation of duties keeps apart. */
static bool
holds_conflict(const struct fs_principal *p)
{
	for (size_t i = 0; i < p->nassignments; i++)
		for (size_t j = i + 1; j < p->nassignments; j++)
			if (fs_role_conflict(p->assignments[i].role,
			    p->assignments[j].role))
				return true;
	return false;
}

enum fs_reach
fs_access_reach(enum fs_role role, enum fs_perm perm)
{
	if ((unsigned)role >= FS_ROLE__MAX || (unsigned)perm >= FS_PERM__MAX)
		return FS_REACH_NONE;
	return reach[role][perm];
}

/* Whether assignment a reaches scope s for perm. */
static bool
covers(const struct fs_assignment *a, enum fs_perm perm,
    const struct fs_scope *s)
{
	switch (fs_access_reach(a->role, perm)) {
	case FS_REACH_ALL:
		return true;
	case FS_REACH_FORBUND:
		return s->forbund_id != 0 && a->forbund_id != 0 &&
		    s->forbund_id == a->forbund_id;
	case FS_REACH_INSATS:
		return s->insats_id != 0 && a->insats_id != 0 &&
		    s->insats_id == a->insats_id;
	case FS_REACH_NONE:
		break;
	}
	return false;
}

bool
fs_access_check_role(const struct fs_principal *p, enum fs_perm perm,
    const struct fs_scope *s, enum fs_role *by)
{
	static const struct fs_scope none = FS_SCOPE_NONE;

	if (by != NULL)
		*by = FS_ROLE__MAX;
	if (s == NULL)
		s = &none;
	if ((unsigned)perm >= FS_PERM__MAX || perm == FS_PERM_UNSET)
		return false;
	if (perm == FS_PERM_PUBLIC)
		return true;
	if (p == NULL || p->user_id == 0)
		return false;
	if (perm == FS_PERM_SESSION)
		return true;
	if (participant_perm(perm) && holds_conflict(p))
		return false;
	for (size_t i = 0; i < p->nassignments; i++) {
		if (covers(&p->assignments[i], perm, s)) {
			if (by != NULL)
				*by = p->assignments[i].role;
			return true;
		}
	}
	return false;
}

bool
fs_access_check(const struct fs_principal *p, enum fs_perm perm,
    const struct fs_scope *s)
{
	return fs_access_check_role(p, perm, s, NULL);
}

bool
fs_access_any(const struct fs_principal *p, enum fs_perm perm)
{
	if ((unsigned)perm >= FS_PERM__MAX || perm == FS_PERM_UNSET)
		return false;
	if (perm == FS_PERM_PUBLIC)
		return true;
	if (p == NULL || p->user_id == 0)
		return false;
	if (perm == FS_PERM_SESSION)
		return true;
	if (participant_perm(perm) && holds_conflict(p))
		return false;
	for (size_t i = 0; i < p->nassignments; i++)
		if (fs_access_reach(p->assignments[i].role, perm) !=
		    FS_REACH_NONE)
			return true;
	return false;
}

const char *
fs_role_name(enum fs_role role)
{
	if ((unsigned)role >= FS_ROLE__MAX)
		return NULL;
	return roles[role].name;
}

const char *
fs_role_label(enum fs_role role)
{
	if ((unsigned)role >= FS_ROLE__MAX)
		return NULL;
	return roles[role].label;
}

bool
fs_role_per_insats(enum fs_role role)
{
	return (unsigned)role < FS_ROLE__MAX && roles[role].per_insats;
}

bool
fs_role_global(enum fs_role role)
{
	return (unsigned)role < FS_ROLE__MAX && roles[role].global;
}

enum fs_rc
fs_role_parse(const char *s, enum fs_role *out, struct fs_err *err)
{
	for (size_t i = 0; s != NULL && i < FS_ROLE__MAX; i++) {
		if (strcmp(s, roles[i].name) == 0 ||
		    strcmp(s, roles[i].label) == 0) {
			*out = (enum fs_role)i;
			return FS_OK;
		}
	}
	return fs_err_set(err, FS_EINVAL, "roll",
	    "okänd roll: ska vara en av forbundsadministrator, "
	    "insatsansvarig, deltagaransvarig, lasare, analytiker, "
	    "systemadministrator");
}

const char *
fs_perm_name(enum fs_perm perm)
{
	if ((unsigned)perm >= FS_PERM__MAX)
		return NULL;
	return perm_names[perm];
}

/*
 * The scope of the object that statement id finds by key: its förbund
 * and insats (columns 0 and 1), or FS_ENOTFOUND naming field.
 */
static enum fs_rc
scope_of(struct fs_db *db, enum fs_stmt_id id, int64_t key, const char *field,
    const char *missing, struct fs_scope *out, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	out->forbund_id = 0;
	out->insats_id = 0;
	rc = fs_store_stmt(db->store, id, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, key);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && row) {
		out->forbund_id = fs_stmt_col_i64(s, 0);
		out->insats_id = fs_stmt_col_i64(s, 1);
	} else if (rc == FS_OK)
		rc = fs_err_set(err, FS_ENOTFOUND, field, "%s", missing);
	fs_stmt_reset(s);
	return rc;
}

enum fs_rc
fs_access_scope_insats(struct fs_db *db, int64_t insats_id,
    struct fs_scope *out, struct fs_err *err)
{
	return scope_of(db, FS_STMT_ACCESS_SCOPE_INSATS, insats_id, "insats",
	    "det finns ingen sådan insats", out, err);
}

enum fs_rc
fs_access_scope_deltagande(struct fs_db *db, int64_t deltagande_id,
    struct fs_scope *out, struct fs_err *err)
{
	return scope_of(db, FS_STMT_ACCESS_SCOPE_DELT, deltagande_id,
	    "deltagande", "det finns inget sådant deltagande", out, err);
}
