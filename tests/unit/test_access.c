/* SPDX-License-Identifier: ISC */
/*
 * The authorisation matrix of spec/access.md: every role x every
 * permission x every kind of scope (own förbund, other förbund, own
 * insats, another insats of the own förbund, an insats of another
 * förbund, no scope) against a literal copy of the spec's table;
 * the union of assignments, default deny, separation of duties, and
 * the name tables.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "compat.h"

#include "finsam/access.h"

/* Förbund 1 with insatser 10 and 11; förbund 2 with insats 20. */
enum {
	S_OWN_F,	/* {1, 0}: the förbund itself */
	S_OTHER_F,	/* {2, 0} */
	S_OWN_I,	/* {1, 10}: the assigned insats */
	S_SIBLING_I,	/* {1, 11}: another insats of the own förbund */
	S_OTHER_I,	/* {2, 20}: an insats of another förbund */
	S_NONE,		/* {0, 0}: riket, lists of all förbund */
	S__MAX
};

static const struct fs_scope scopes[S__MAX] = {
	[S_OWN_F] = { 1, 0 },
	[S_OTHER_F] = { 2, 0 },
	[S_OWN_I] = { 1, 10 },
	[S_SIBLING_I] = { 1, 11 },
	[S_OTHER_I] = { 2, 20 },
	[S_NONE] = { 0, 0 },
};

static const char *const scope_names[S__MAX] = {
	"eget förbund", "annat förbund", "egen insats", "annan insats i "
	"eget förbund", "insats i annat förbund", "ingen",
};

/*
 * The spec's table written out as outcomes, one string per role and
 * permission: character k is '1' when the scope S_k is allowed.
 * Reading: "own förbund" covers the förbund and all its insatser;
 * "own insatser" only the assigned insats; "all" everything, also no
 * scope.  Roles per förbund are assigned förbund 1, roles per insats
 * insats 10 (of förbund 1), global roles nothing.
 */
#define NO "000000"
#define OWNF "101100"	/* own förbund: S_OWN_F, S_OWN_I, S_SIBLING_I */
#define OWNI "001000"	/* own insats only */
#define ALL "111111"

static const char *const expect[FS_ROLE__MAX][FS_PERM__MAX] = {
	[FS_ROLE_FORBUNDSADMINISTRATOR] = {
		[FS_PERM_FORBUND_READ] = OWNF,	/* edit (own förbund) */
		[FS_PERM_FORBUND_EDIT] = OWNF,
		[FS_PERM_INSATS_READ] = OWNF,	/* edit, assign staff */
		[FS_PERM_INSATS_EDIT] = OWNF,
		[FS_PERM_INSATS_STAFF] = OWNF,
		[FS_PERM_DELTAGARE_READ] = NO,	/* **no** */
		[FS_PERM_DELTAGARE_EDIT] = NO,
		[FS_PERM_ANONYMA_EDIT] = OWNF,	/* edit */
		[FS_PERM_RAPPORT_INTERN] = OWNF,	/* internal, own förbund */
		[FS_PERM_RAPPORT_PUBLICERBAR] = OWNF,
		[FS_PERM_TILLDELNING_READ] = ALL,	/* read */
		[FS_PERM_SCENARIO_EDIT] = NO,
		[FS_PERM_KOPPLING] = NO,	/* no */
		[FS_PERM_ANVANDARE_ADMIN] = NO,	/* no */
		[FS_PERM_LOGG_READ] = OWNF,	/* audit view, own förbund */
	},
	[FS_ROLE_INSATSANSVARIG] = {
		[FS_PERM_FORBUND_READ] = OWNF,	/* read */
		[FS_PERM_FORBUND_EDIT] = NO,
		[FS_PERM_INSATS_READ] = OWNI,	/* edit own insatser */
		[FS_PERM_INSATS_EDIT] = OWNI,
		[FS_PERM_INSATS_STAFF] = NO,
		[FS_PERM_DELTAGARE_READ] = NO,	/* **no** */
		[FS_PERM_DELTAGARE_EDIT] = NO,
		[FS_PERM_ANONYMA_EDIT] = OWNI,	/* edit own insatser */
		[FS_PERM_RAPPORT_INTERN] = OWNI,	/* internal, own insatser */
		[FS_PERM_RAPPORT_PUBLICERBAR] = OWNI,
		[FS_PERM_TILLDELNING_READ] = NO,	/* no */
		[FS_PERM_SCENARIO_EDIT] = NO,
		[FS_PERM_KOPPLING] = NO,
		[FS_PERM_ANVANDARE_ADMIN] = NO,
		[FS_PERM_LOGG_READ] = NO,
	},
	[FS_ROLE_DELTAGARANSVARIG] = {
		[FS_PERM_FORBUND_READ] = OWNF,	/* read */
		[FS_PERM_FORBUND_EDIT] = NO,
		[FS_PERM_INSATS_READ] = OWNI,	/* read own insatser */
		[FS_PERM_INSATS_EDIT] = NO,
		[FS_PERM_INSATS_STAFF] = NO,
		[FS_PERM_DELTAGARE_READ] = OWNI,	/* yes, own insatser only */
		[FS_PERM_DELTAGARE_EDIT] = OWNI,
		[FS_PERM_ANONYMA_EDIT] = OWNI,	/* edit own insatser */
		[FS_PERM_RAPPORT_INTERN] = OWNI,	/* internal, own insatser */
		[FS_PERM_RAPPORT_PUBLICERBAR] = OWNI,
		[FS_PERM_TILLDELNING_READ] = NO,
		[FS_PERM_SCENARIO_EDIT] = NO,
		[FS_PERM_KOPPLING] = NO,
		[FS_PERM_ANVANDARE_ADMIN] = NO,
		[FS_PERM_LOGG_READ] = NO,
	},
	[FS_ROLE_LASARE] = {
		[FS_PERM_FORBUND_READ] = OWNF,	/* read */
		[FS_PERM_FORBUND_EDIT] = NO,
		[FS_PERM_INSATS_READ] = OWNF,	/* read */
		[FS_PERM_INSATS_EDIT] = NO,
		[FS_PERM_INSATS_STAFF] = NO,
		[FS_PERM_DELTAGARE_READ] = NO,
		[FS_PERM_DELTAGARE_EDIT] = NO,
		[FS_PERM_ANONYMA_EDIT] = NO,
		[FS_PERM_RAPPORT_INTERN] = NO,	/* publishable only */
		[FS_PERM_RAPPORT_PUBLICERBAR] = OWNF,
		[FS_PERM_TILLDELNING_READ] = ALL,	/* read */
		[FS_PERM_SCENARIO_EDIT] = NO,
		[FS_PERM_KOPPLING] = NO,
		[FS_PERM_ANVANDARE_ADMIN] = NO,
		[FS_PERM_LOGG_READ] = NO,
	},
	[FS_ROLE_ANALYTIKER] = {
		[FS_PERM_FORBUND_READ] = ALL,	/* read all */
		[FS_PERM_FORBUND_EDIT] = NO,
		[FS_PERM_INSATS_READ] = ALL,	/* read all */
		[FS_PERM_INSATS_EDIT] = NO,
		[FS_PERM_INSATS_STAFF] = NO,
		[FS_PERM_DELTAGARE_READ] = NO,
		[FS_PERM_DELTAGARE_EDIT] = NO,
		[FS_PERM_ANONYMA_EDIT] = NO,
		[FS_PERM_RAPPORT_INTERN] = NO,	/* publishable, all levels */
		[FS_PERM_RAPPORT_PUBLICERBAR] = ALL,
		[FS_PERM_TILLDELNING_READ] = ALL,	/* edit scenarios */
		[FS_PERM_SCENARIO_EDIT] = ALL,
		[FS_PERM_KOPPLING] = ALL,	/* yes, pseudonymised only */
		[FS_PERM_ANVANDARE_ADMIN] = NO,
		[FS_PERM_LOGG_READ] = NO,
	},
	[FS_ROLE_SYSTEMADMINISTRATOR] = {
		[FS_PERM_FORBUND_READ] = NO,
		[FS_PERM_FORBUND_EDIT] = NO,
		[FS_PERM_INSATS_READ] = NO,
		[FS_PERM_INSATS_EDIT] = NO,
		[FS_PERM_INSATS_STAFF] = NO,
		[FS_PERM_DELTAGARE_READ] = NO,
		[FS_PERM_DELTAGARE_EDIT] = NO,
		[FS_PERM_ANONYMA_EDIT] = NO,
		[FS_PERM_RAPPORT_INTERN] = NO,
		[FS_PERM_RAPPORT_PUBLICERBAR] = NO,
		[FS_PERM_TILLDELNING_READ] = NO,
		[FS_PERM_SCENARIO_EDIT] = NO,
		[FS_PERM_KOPPLING] = NO,
		[FS_PERM_ANVANDARE_ADMIN] = ALL,	/* users and keys */
		[FS_PERM_LOGG_READ] = NO,
	},
};

/* The one assignment a role gets in the matrix test. */
static struct fs_assignment
assignment_of(enum fs_role r)
{
	struct fs_assignment a = { r, 0, 0 };

	if (fs_role_per_insats(r)) {
		a.forbund_id = 1;
		a.insats_id = 10;
	} else if (!fs_role_global(r)) {
		a.forbund_id = 1;
	}
	return a;
}

static void
principal_of(struct fs_principal *p, struct fs_assignment *a, size_t n)
{
	fs_principal_init(p);
	p->user_id = 7;
	snprintf(p->name, sizeof(p->name), "test");
	p->assignments = a;
	p->nassignments = n;
}

static void
test_matrix_every_role_perm_scope_matches_spec(void **state)
{
	struct fs_principal p;
	struct fs_assignment a;
	size_t checked = 0;

	(void)state;
	for (int r = 0; r < FS_ROLE__MAX; r++) {
		a = assignment_of((enum fs_role)r);
		principal_of(&p, &a, 1);
		for (int perm = 0; perm < FS_PERM__MAX; perm++) {
			const char *want = expect[r][perm];

			for (int s = 0; s < S__MAX; s++) {
				bool got = fs_access_check(&p,
				    (enum fs_perm)perm, &scopes[s]);
				bool exp;

				if (perm == FS_PERM_UNSET)
					exp = false;
				else if (perm == FS_PERM_PUBLIC ||
				    perm == FS_PERM_SESSION)
					exp = true;
				else
					exp = want != NULL && want[s] == '1';
				if (got != exp)
					fail_msg("%s, %s, %s: %s, väntat %s",
					    fs_role_name((enum fs_role)r),
					    fs_perm_name((enum fs_perm)perm),
					    scope_names[s],
					    got ? "tillåtet" : "nekat",
					    exp ? "tillåtet" : "nekat");
				checked++;
			}
		}
	}
	assert_int_equal(checked, FS_ROLE__MAX * FS_PERM__MAX * S__MAX);
}

static void
test_every_table_row_is_written_out(void **state)
{
	(void)state;
	for (int r = 0; r < FS_ROLE__MAX; r++)
		for (int perm = FS_PERM_SESSION + 1; perm < FS_PERM__MAX;
		    perm++)
			if (expect[r][perm] == NULL)
				fail_msg("väntad tabell saknar %s/%s",
				    fs_role_name((enum fs_role)r),
				    fs_perm_name((enum fs_perm)perm));
}

static void
test_unset_refused_for_everyone(void **state)
{
	struct fs_assignment a[FS_ROLE__MAX];
	struct fs_principal p;

	(void)state;
	for (int r = 0; r < FS_ROLE__MAX; r++)
		a[r] = assignment_of((enum fs_role)r);
	/* Even a principal holding every role (conflicts aside). */
	principal_of(&p, a, FS_ROLE__MAX);
	for (int s = 0; s < S__MAX; s++)
		assert_false(fs_access_check(&p, FS_PERM_UNSET, &scopes[s]));
	assert_false(fs_access_any(&p, FS_PERM_UNSET));
	assert_false(fs_access_check(&p, FS_PERM__MAX, NULL));
	assert_false(fs_access_check(&p, (enum fs_perm)-1, NULL));
}

static void
test_anonymous_gets_public_only(void **state)
{
	struct fs_principal p;

	(void)state;
	fs_principal_init(&p);
	for (int perm = 0; perm < FS_PERM__MAX; perm++) {
		bool exp = perm == FS_PERM_PUBLIC;

		assert_int_equal(fs_access_check(&p, (enum fs_perm)perm, NULL),
		    exp);
		assert_int_equal(fs_access_check(NULL, (enum fs_perm)perm,
		    &scopes[S_OWN_F]), exp);
	}
}

static void
test_user_without_assignment_gets_session_only(void **state)
{
	struct fs_principal p;

	(void)state;
	principal_of(&p, NULL, 0);
	for (int perm = 0; perm < FS_PERM__MAX; perm++)
		for (int s = 0; s < S__MAX; s++)
			assert_int_equal(fs_access_check(&p, (enum fs_perm)perm,
			    &scopes[s]), perm == FS_PERM_PUBLIC ||
			    perm == FS_PERM_SESSION);
}

static void
test_deltagaransvarig_of_x_never_gets_y(void **state)
{
	struct fs_assignment a = { FS_ROLE_DELTAGARANSVARIG, 1, 10 };
	struct fs_scope x = { 1, 10 }, y = { 1, 11 }, y_lies = { 1, 0 };
	struct fs_scope x_wrong_forbund = { 2, 10 }, only_id = { 0, 10 };
	struct fs_principal p;

	(void)state;
	principal_of(&p, &a, 1);
	assert_true(fs_access_check(&p, FS_PERM_DELTAGARE_READ, &x));
	assert_true(fs_access_check(&p, FS_PERM_DELTAGARE_EDIT, &x));
	assert_false(fs_access_check(&p, FS_PERM_DELTAGARE_READ, &y));
	assert_false(fs_access_check(&p, FS_PERM_DELTAGARE_EDIT, &y));
	/* A search over the whole förbund is not a search in X. */
	assert_false(fs_access_check(&p, FS_PERM_DELTAGARE_READ, &y_lies));
	assert_false(fs_access_check(&p, FS_PERM_DELTAGARE_READ, NULL));
	/* The insats decides, whatever förbund is claimed. */
	assert_true(fs_access_check(&p, FS_PERM_DELTAGARE_READ,
	    &x_wrong_forbund));
	assert_true(fs_access_check(&p, FS_PERM_DELTAGARE_READ, &only_id));
}

static void
test_permissions_are_the_union_of_assignments(void **state)
{
	struct fs_assignment a[] = {
		{ FS_ROLE_DELTAGARANSVARIG, 1, 10 },
		{ FS_ROLE_DELTAGARANSVARIG, 3, 30 },
		{ FS_ROLE_LASARE, 2, 0 },
	};
	struct fs_scope i10 = { 1, 10 }, i30 = { 3, 30 }, i11 = { 1, 11 };
	struct fs_scope f2 = { 2, 0 }, i20 = { 2, 20 };
	struct fs_principal p;
	enum fs_role by;

	(void)state;
	principal_of(&p, a, FS_NELEM(a));
	assert_true(fs_access_check(&p, FS_PERM_DELTAGARE_READ, &i10));
	assert_true(fs_access_check(&p, FS_PERM_DELTAGARE_READ, &i30));
	assert_false(fs_access_check(&p, FS_PERM_DELTAGARE_READ, &i11));
	/* läsare of förbund 2 reads it but sees no participants there. */
	assert_true(fs_access_check_role(&p, FS_PERM_INSATS_READ, &i20, &by));
	assert_int_equal(by, FS_ROLE_LASARE);
	assert_false(fs_access_check(&p, FS_PERM_DELTAGARE_READ, &i20));
	assert_true(fs_access_check(&p, FS_PERM_RAPPORT_PUBLICERBAR, &f2));
	assert_false(fs_access_check(&p, FS_PERM_RAPPORT_INTERN, &f2));
	assert_true(fs_access_check_role(&p, FS_PERM_RAPPORT_INTERN, &i30,
	    &by));
	assert_int_equal(by, FS_ROLE_DELTAGARANSVARIG);
}

static void
test_conflicting_roles_see_no_participants(void **state)
{
	struct fs_assignment fa_da[] = {
		{ FS_ROLE_FORBUNDSADMINISTRATOR, 1, 0 },
		{ FS_ROLE_DELTAGARANSVARIG, 1, 10 },
	};
	struct fs_assignment sa_da[] = {
		{ FS_ROLE_DELTAGARANSVARIG, 1, 10 },
		{ FS_ROLE_SYSTEMADMINISTRATOR, 0, 0 },
	};
	struct fs_scope x = { 1, 10 };
	struct fs_principal p;

	(void)state;
	principal_of(&p, fa_da, FS_NELEM(fa_da));
	assert_false(fs_access_check(&p, FS_PERM_DELTAGARE_READ, &x));
	assert_false(fs_access_check(&p, FS_PERM_DELTAGARE_EDIT, &x));
	assert_false(fs_access_any(&p, FS_PERM_DELTAGARE_READ));
	/* The other permissions stay. */
	assert_true(fs_access_check(&p, FS_PERM_FORBUND_EDIT, &x));
	principal_of(&p, sa_da, FS_NELEM(sa_da));
	assert_false(fs_access_check(&p, FS_PERM_DELTAGARE_READ, &x));
	assert_true(fs_access_check(&p, FS_PERM_ANVANDARE_ADMIN, NULL));
}

static void
test_role_conflicts_are_the_spec_pairs(void **state)
{
	(void)state;
	for (int a = 0; a < FS_ROLE__MAX; a++) {
		for (int b = 0; b < FS_ROLE__MAX; b++) {
			bool exp = (a == FS_ROLE_DELTAGARANSVARIG &&
			    (b == FS_ROLE_FORBUNDSADMINISTRATOR ||
			    b == FS_ROLE_SYSTEMADMINISTRATOR)) ||
			    (b == FS_ROLE_DELTAGARANSVARIG &&
			    (a == FS_ROLE_FORBUNDSADMINISTRATOR ||
			    a == FS_ROLE_SYSTEMADMINISTRATOR));

			assert_int_equal(fs_role_conflict((enum fs_role)a,
			    (enum fs_role)b), exp);
		}
	}
}

static void
test_systemadministrator_sees_no_participant_data(void **state)
{
	struct fs_assignment a = { FS_ROLE_SYSTEMADMINISTRATOR, 0, 0 };
	struct fs_principal p;

	(void)state;
	principal_of(&p, &a, 1);
	for (int s = 0; s < S__MAX; s++) {
		assert_false(fs_access_check(&p, FS_PERM_DELTAGARE_READ,
		    &scopes[s]));
		assert_false(fs_access_check(&p, FS_PERM_FORBUND_READ,
		    &scopes[s]));
		assert_false(fs_access_check(&p, FS_PERM_LOGG_READ,
		    &scopes[s]));
	}
	assert_false(fs_access_any(&p, FS_PERM_DELTAGARE_READ));
	assert_true(fs_access_any(&p, FS_PERM_ANVANDARE_ADMIN));
}

static void
test_any_follows_the_table(void **state)
{
	struct fs_principal p;
	struct fs_assignment a;

	(void)state;
	for (int r = 0; r < FS_ROLE__MAX; r++) {
		a = assignment_of((enum fs_role)r);
		principal_of(&p, &a, 1);
		for (int perm = FS_PERM_SESSION + 1; perm < FS_PERM__MAX;
		    perm++)
			assert_int_equal(fs_access_any(&p, (enum fs_perm)perm),
			    strcmp(expect[r][perm], NO) != 0);
	}
}

static void
test_names_have_no_holes_and_parse_back(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	enum fs_role got;

	(void)state;
	for (int r = 0; r < FS_ROLE__MAX; r++) {
		assert_non_null(fs_role_name((enum fs_role)r));
		assert_non_null(fs_role_label((enum fs_role)r));
		assert_int_equal(fs_role_parse(fs_role_name((enum fs_role)r),
		    &got, &err), FS_OK);
		assert_int_equal(got, r);
		assert_int_equal(fs_role_parse(fs_role_label((enum fs_role)r),
		    &got, &err), FS_OK);
		assert_int_equal(got, r);
	}
	assert_null(fs_role_name(FS_ROLE__MAX));
	for (int perm = 0; perm < FS_PERM__MAX; perm++)
		assert_non_null(fs_perm_name((enum fs_perm)perm));
	assert_null(fs_perm_name(FS_PERM__MAX));
	assert_string_equal(fs_role_label(FS_ROLE_FORBUNDSADMINISTRATOR),
	    "förbundsadministratör");
	assert_int_equal(fs_role_parse("admin", &got, &err), FS_EINVAL);
	assert_string_equal(err.field, "roll");
	assert_non_null(strstr(err.msg, "deltagaransvarig"));
	assert_int_equal(fs_role_parse(NULL, &got, &err), FS_EINVAL);
}

static void
test_role_scope_kinds(void **state)
{
	(void)state;
	assert_true(fs_role_per_insats(FS_ROLE_INSATSANSVARIG));
	assert_true(fs_role_per_insats(FS_ROLE_DELTAGARANSVARIG));
	assert_false(fs_role_per_insats(FS_ROLE_FORBUNDSADMINISTRATOR));
	assert_false(fs_role_per_insats(FS_ROLE_LASARE));
	assert_true(fs_role_global(FS_ROLE_ANALYTIKER));
	assert_true(fs_role_global(FS_ROLE_SYSTEMADMINISTRATOR));
	assert_false(fs_role_global(FS_ROLE_LASARE));
	assert_false(fs_role_global(FS_ROLE__MAX));
	assert_int_equal(fs_access_reach(FS_ROLE__MAX, FS_PERM_FORBUND_READ),
	    FS_REACH_NONE);
}

static void
test_unknown_role_in_assignment_reaches_nothing(void **state)
{
	struct fs_assignment a = { FS_ROLE__MAX, 1, 10 };
	struct fs_principal p;

	(void)state;
	principal_of(&p, &a, 1);
	for (int perm = FS_PERM_SESSION + 1; perm < FS_PERM__MAX; perm++)
		for (int s = 0; s < S__MAX; s++)
			assert_false(fs_access_check(&p, (enum fs_perm)perm,
			    &scopes[s]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix_every_role_perm_scope_matches_spec),
		cmocka_unit_test(test_every_table_row_is_written_out),
		cmocka_unit_test(test_unset_refused_for_everyone),
		cmocka_unit_test(test_anonymous_gets_public_only),
		cmocka_unit_test(test_user_without_assignment_gets_session_only),
		cmocka_unit_test(test_deltagaransvarig_of_x_never_gets_y),
		cmocka_unit_test(test_permissions_are_the_union_of_assignments),
		cmocka_unit_test(test_conflicting_roles_see_no_participants),
		cmocka_unit_test(test_role_conflicts_are_the_spec_pairs),
		cmocka_unit_test(test_systemadministrator_sees_no_participant_data),
		cmocka_unit_test(test_any_follows_the_table),
		cmocka_unit_test(test_names_have_no_holes_and_parse_back),
		cmocka_unit_test(test_role_scope_kinds),
		cmocka_unit_test(test_unknown_role_in_assignment_reaches_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
