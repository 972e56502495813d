/* SPDX-License-Identifier: ISC */
/*
 * Users, assignments, login and sessions (spec/access.md): the name
 * and password rules (each bad input refused with its field, nothing
 * stored), Argon2id hashes only, separation of duties at assignment,
 * login that answers unknown user and wrong password alike and audits
 * both, throttling per account and per address, idle and absolute
 * session expiry with an injected clock, logout, CSRF tokens, and
 * locking.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "compat.h"

#include <sys/stat.h>
#include <time.h>

#include <sodium.h>

#include "finsam/access.h"
#include "finsam/audit.h"
#include "finsam/forbund.h"
#include "finsam/insats.h"
#include "finsam/parse.h"
#include "finsam/store.h"
#include "finsam/user.h"
#include "testutil.h"

#define PW "rätt häst batteri häftklammer"
#define T0 ((int64_t)1780000000)	/* 2026-05-28, a fixed clock */

struct fixture {
	struct test_db	 t;
	int64_t		 fa, fb;	/* förbund A and B */
	int64_t		 x, y, z;	/* insatser: X, Y in A; Z in B */
};

static int32_t
D(const char *s)
{
	int32_t d;

	assert_int_equal(fs_parse_date(s, strlen(s), &d, "t", NULL), FS_OK);
	return d;
}

static int64_t
make_forbund(struct fs_db *db, const char *kod, const char *orgnr,
    const char *kommun)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_forbund f;
	const char *k[] = { kommun };
	int64_t id;

	fs_forbund_init(&f);
	f.kod = strdup(kod);
	f.namn = strdup(kod);
	snprintf(f.organisationsnummer, 12, "%s", orgnr);
	f.startdatum = D("2010-01-01");
	if (fs_forbund_create(db, &f, k, 1, &err) != FS_OK)
		fail_msg("förbund: %s: %s", err.field, err.msg);
	id = f.id;
	fs_forbund_release(&f);
	return id;
}

static int64_t
make_insats(struct fs_db *db, int64_t fid, const char *kod)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_insats i;
	int64_t id;

	fs_insats_init(&i);
	i.forbund_id = fid;
	assert_int_equal(fs_insats_set(&i, "kod", kod, strlen(kod), &err),
	    FS_OK);
	assert_int_equal(fs_insats_set(&i, "namn", kod, strlen(kod), &err),
	    FS_OK);
	assert_int_equal(fs_insats_set(&i, "inriktning", "individ", 7, &err),
	    FS_OK);
	assert_int_equal(fs_insats_set(&i, "startdatum", "2020-01-01", 10,
	    &err), FS_OK);
	assert_int_equal(fs_insats_create(db, &i, &err), FS_OK);
	id = i.id;
	fs_insats_release(&i);
	return id;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || test_db_open(&f->t) != 0)
		return -1;
	f->fa = make_forbund(f->t.db, "SV", "222000-1339", "0680");
	f->fb = make_forbund(f->t.db, "STH", "222000-1347", "0180");
	f->x = make_insats(f->t.db, f->fa, "X");
	f->y = make_insats(f->t.db, f->fa, "Y");
	f->z = make_insats(f->t.db, f->fb, "Z");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	test_db_close(&f->t);
	free(f);
	return 0;
}

static void
create(struct fixture *f, const char *name)
{
	struct fs_err err = FS_ERR_INIT;

	if (fs_user_create(f->t.db, name, PW, NULL, &err) != FS_OK)
		fail_msg("skapa %s: %s: %s", name, err.field, err.msg);
}

static size_t
nusers(struct fixture *f)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_user *v;
	size_t n;

	assert_int_equal(fs_user_list(f->t.db, &v, &n, &err), FS_OK);
	fs_user_list_free(v, n);
	return n;
}

static size_t
nassignments(struct fixture *f, const char *name)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_user u;
	size_t n;

	assert_int_equal(fs_user_get(f->t.db, name, &u, &err), FS_OK);
	n = u.nassignments;
	fs_user_release(&u);
	return n;
}

/* Audit entries with handling h (and utfall u unless NULL). */
static size_t
naudit(struct fixture *f, const char *h, const char *u)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_audit_filter flt;
	struct fs_audit_page pg;
	size_t n = 0;

	memset(&flt, 0, sizeof(flt));
	flt.handling = h;
	flt.limit = 1000;
	assert_int_equal(fs_audit_query(f->t.db, &flt, FS_AUDIT_VIEW_FULL, &pg,
	    &err), FS_OK);
	for (size_t i = 0; i < pg.n; i++)
		if (u == NULL || strcmp(pg.v[i].utfall, u) == 0)
			n++;
	fs_audit_page_release(&pg);
	return n;
}

/* Whether the n bytes at s occur in the file at path (absent: no). */
static bool
file_has_bytes(const char *path, const void *s, size_t n)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long len;
	bool found;

	if (fp == NULL)
		return false;
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	found = memmem(buf, (size_t)len, s, n) != NULL;
	free(buf);
	return found;
}

static bool
file_has(const char *path, const char *s)
{
	return file_has_bytes(path, s, strlen(s));
}

static bool
db_files_have(struct fixture *f, const char *s)
{
	char p[200];

	snprintf(p, sizeof(p), "%s-wal", f->t.path);
	return file_has(f->t.path, s) || file_has(p, s);
}

/* ---- names and passwords ---- */

static void
test_bad_user_names_refused_nothing_stored(void **state)
{
	static const char *const bad[] = {
		"", "a", "Anna", "1anna", "anna svensson", "anna:x", "åsa",
		"19900515-9828", "anna/../x",
		"a1234567890123456789012345678901234567890123456789012345678901234",
	};
	struct fixture *f = *state;
	struct fs_err err;

	for (size_t i = 0; i < FS_NELEM(bad); i++) {
		fs_err_clear(&err);
		assert_int_equal(fs_user_create(f->t.db, bad[i], PW, NULL,
		    &err), FS_EINVAL);
		assert_string_equal(err.field, "anvandarnamn");
		assert_true(err.msg[0] != '\0');
	}
	assert_int_equal(nusers(f), 0);
	assert_int_equal(naudit(f, "anvandare.skapa", NULL), 0);
}

static void
test_bad_passwords_refused_nothing_stored(void **state)
{
	static const struct {
		const char	*pw;
		const char	*why;
	} bad[] = {
		{ "", "måste anges" },
		{ "kort1234567", "minst 12" },
		{ "åäöåäöåäöåä", "minst 12" },		/* 11 characters */
		{ "tolv tecken\tmed tab", "styrtecken" },
		{ "ny\nrad i lösenordet", "styrtecken" },
		{ "\xff\xfe ogiltig utf-8 text", "UTF-8" },
		{ "\xc3\x28 ogiltig utf-8 text", "UTF-8" },
		{ "anna.svensson", "användarnamnet" },
	};
	struct fixture *f = *state;
	struct fs_err err;
	char longpw[300];

	for (size_t i = 0; i < FS_NELEM(bad); i++) {
		fs_err_clear(&err);
		assert_int_equal(fs_user_create(f->t.db, "anna.svensson",
		    bad[i].pw, NULL, &err), FS_EINVAL);
		assert_string_equal(err.field, "losenord");
		if (strstr(err.msg, bad[i].why) == NULL)
			fail_msg("fall %zu: '%s' saknar '%s'", i, err.msg,
			    bad[i].why);
	}
	memset(longpw, 'a', 257);
	longpw[257] = '\0';
	assert_int_equal(fs_user_create(f->t.db, "anna.svensson", longpw, NULL,
	    &err), FS_EINVAL);
	assert_string_equal(err.field, "losenord");
	assert_non_null(strstr(err.msg, "högst 256"));
	assert_int_equal(nusers(f), 0);
	/* 12 characters of 2 bytes each are enough. */
	assert_int_equal(fs_user_create(f->t.db, "anna.svensson",
	    "åäöåäöåäöåäö", NULL, &err), FS_OK);
	assert_int_equal(nusers(f), 1);
}

static void
test_password_stored_only_as_argon2id(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_stmt *s;
	bool row;

	create(f, "anna");
	assert_int_equal(fs_store_stmt(f->t.db->store, FS_STMT_ANV_BY_NAMN, &s,
	    &err), FS_OK);
	fs_stmt_bind_str(s, 1, "anna");
	assert_int_equal(fs_stmt_step(s, &row, &err), FS_OK);
	assert_true(row);
	assert_memory_equal(fs_stmt_col_text(s, 2, NULL), "$argon2id$", 10);
	assert_int_equal(crypto_pwhash_str_verify(fs_stmt_col_text(s, 2, NULL),
	    PW, strlen(PW)), 0);
	fs_stmt_reset(s);
	fs_db_close(f->t.db);
	f->t.db = NULL;
	assert_false(db_files_have(f, PW));
	assert_false(db_files_have(f, "häftklammer"));
	assert_int_equal(fs_db_open(f->t.path, NULL, "test", &f->t.db, &err),
	    FS_OK);
}

static void
test_duplicate_user_name_conflict(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;

	create(f, "anna");
	assert_int_equal(fs_user_create(f->t.db, "anna", PW "2", NULL, &err),
	    FS_ECONFLICT);
	assert_string_equal(err.field, "anvandarnamn");
	assert_int_equal(nusers(f), 1);
}

/* ---- assignments ---- */

static void
test_assignment_scope_rules(void **state)
{
	struct fixture *f = *state;
	const struct {
		const char	*user;
		enum fs_role	 role;
		int		 fb, in;	/* 1: A/X, 2: B/Z, 9: missing */
		enum fs_rc	 rc;
		const char	*field;
	} cases[] = {
		{ "anna", FS_ROLE_FORBUNDSADMINISTRATOR, 0, 0, FS_EINVAL,
		    "forbund" },
		{ "anna", FS_ROLE_FORBUNDSADMINISTRATOR, 1, 1, FS_EINVAL,
		    "insats" },
		{ "anna", FS_ROLE_FORBUNDSADMINISTRATOR, 9, 0, FS_ENOTFOUND,
		    "forbund" },
		{ "anna", FS_ROLE_LASARE, 0, 1, FS_EINVAL, "insats" },
		{ "anna", FS_ROLE_DELTAGARANSVARIG, 1, 0, FS_EINVAL, "insats" },
		{ "anna", FS_ROLE_INSATSANSVARIG, 0, 0, FS_EINVAL, "insats" },
		{ "anna", FS_ROLE_DELTAGARANSVARIG, 0, 9, FS_ENOTFOUND,
		    "insats" },
		/* Z belongs to B, not A. */
		{ "anna", FS_ROLE_DELTAGARANSVARIG, 1, 2, FS_EINVAL, "insats" },
		{ "anna", FS_ROLE_ANALYTIKER, 1, 0, FS_EINVAL, "forbund" },
		{ "anna", FS_ROLE_SYSTEMADMINISTRATOR, 0, 1, FS_EINVAL,
		    "insats" },
		{ "anna", FS_ROLE__MAX, 1, 0, FS_EINVAL, "roll" },
		{ "okand", FS_ROLE_LASARE, 1, 0, FS_ENOTFOUND, "anvandarnamn" },
		{ "Okand", FS_ROLE_LASARE, 1, 0, FS_EINVAL, "anvandarnamn" },
	};
	struct fs_err err;

	create(f, "anna");
	for (size_t i = 0; i < FS_NELEM(cases); i++) {
		int64_t fid = cases[i].fb == 1 ? f->fa : cases[i].fb == 2 ?
		    f->fb : cases[i].fb == 9 ? 999 : 0;
		int64_t iid = cases[i].in == 1 ? f->x : cases[i].in == 2 ?
		    f->z : cases[i].in == 9 ? 999 : 0;

		fs_err_clear(&err);
		if (fs_user_assign(f->t.db, cases[i].user, cases[i].role, fid,
		    iid, &err) != cases[i].rc)
			fail_msg("fall %zu: fel kod (%s: %s)", i, err.field,
			    err.msg);
		if (strcmp(err.field, cases[i].field) != 0)
			fail_msg("fall %zu: fält %s, väntat %s", i, err.field,
			    cases[i].field);
	}
	assert_int_equal(nassignments(f, "anna"), 0);
	assert_int_equal(naudit(f, "anvandare.tilldela", NULL), 0);
}

static void
test_assignment_valid_kinds_and_duplicate(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_user u;

	create(f, "anna");
	create(f, "bo");
	assert_int_equal(fs_user_assign(f->t.db, "anna",
	    FS_ROLE_DELTAGARANSVARIG, 0, f->x, &err), FS_OK);
	/* With the insats's own förbund also fine. */
	assert_int_equal(fs_user_assign(f->t.db, "anna",
	    FS_ROLE_DELTAGARANSVARIG, f->fa, f->y, &err), FS_OK);
	assert_int_equal(fs_user_assign(f->t.db, "anna", FS_ROLE_LASARE, f->fb,
	    0, &err), FS_OK);
	assert_int_equal(fs_user_assign(f->t.db, "bo", FS_ROLE_ANALYTIKER, 0,
	    0, &err), FS_OK);
	assert_int_equal(fs_user_assign(f->t.db, "anna",
	    FS_ROLE_DELTAGARANSVARIG, 0, f->x, &err), FS_ECONFLICT);
	assert_string_equal(err.field, "roll");
	assert_int_equal(fs_user_get(f->t.db, "anna", &u, &err), FS_OK);
	assert_int_equal(u.nassignments, 3);
	assert_int_equal(u.assignments[0].a.role, FS_ROLE_DELTAGARANSVARIG);
	assert_int_equal(u.assignments[0].a.insats_id, f->x);
	assert_int_equal(u.assignments[0].a.forbund_id, f->fa);
	assert_string_equal(u.assignments[0].insats_kod, "X");
	assert_string_equal(u.assignments[0].forbund_kod, "SV");
	assert_int_equal(u.assignments[2].a.role, FS_ROLE_LASARE);
	assert_null(u.assignments[2].insats_kod);
	assert_string_equal(u.assignments[2].forbund_kod, "STH");
	fs_user_release(&u);
	assert_int_equal(naudit(f, "anvandare.tilldela", "ok"), 4);
	/* Taking one back. */
	assert_int_equal(fs_user_unassign(f->t.db, "anna",
	    FS_ROLE_DELTAGARANSVARIG, 0, f->y, &err), FS_OK);
	assert_int_equal(nassignments(f, "anna"), 2);
	assert_int_equal(fs_user_unassign(f->t.db, "anna",
	    FS_ROLE_DELTAGARANSVARIG, 0, f->y, &err), FS_ENOTFOUND);
	assert_string_equal(err.field, "roll");
}

static void
test_separation_of_duties_refused_at_assignment(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;

	create(f, "anna");
	create(f, "bo");
	create(f, "cecilia");
	/* förbundsadministratör, then deltagaransvarig (other förbund too) */
	assert_int_equal(fs_user_assign(f->t.db, "anna",
	    FS_ROLE_FORBUNDSADMINISTRATOR, f->fa, 0, &err), FS_OK);
	assert_int_equal(fs_user_assign(f->t.db, "anna",
	    FS_ROLE_DELTAGARANSVARIG, 0, f->z, &err), FS_ECONFLICT);
	assert_string_equal(err.field, "roll");
	assert_non_null(strstr(err.msg, "åtskillnad"));
	/* and the other way round */
	assert_int_equal(fs_user_assign(f->t.db, "bo",
	    FS_ROLE_DELTAGARANSVARIG, 0, f->x, &err), FS_OK);
	assert_int_equal(fs_user_assign(f->t.db, "bo",
	    FS_ROLE_FORBUNDSADMINISTRATOR, f->fa, 0, &err), FS_ECONFLICT);
	assert_string_equal(err.field, "roll");
	assert_int_equal(fs_user_assign(f->t.db, "bo",
	    FS_ROLE_SYSTEMADMINISTRATOR, 0, 0, &err), FS_ECONFLICT);
	/* systemadministratör never becomes deltagaransvarig */
	assert_int_equal(fs_user_assign(f->t.db, "cecilia",
	    FS_ROLE_SYSTEMADMINISTRATOR, 0, 0, &err), FS_OK);
	assert_int_equal(fs_user_assign(f->t.db, "cecilia",
	    FS_ROLE_DELTAGARANSVARIG, 0, f->x, &err), FS_ECONFLICT);
	assert_int_equal(nassignments(f, "anna"), 1);
	assert_int_equal(nassignments(f, "bo"), 1);
	assert_int_equal(nassignments(f, "cecilia"), 1);
	/* Roles that do not conflict combine. */
	assert_int_equal(fs_user_assign(f->t.db, "bo", FS_ROLE_INSATSANSVARIG,
	    0, f->x, &err), FS_OK);
}

/* ---- login ---- */

static void
login_ok(struct fixture *f, const char *name, int64_t now,
    struct fs_session *s)
{
	struct fs_err err = FS_ERR_INIT;

	if (fs_user_login(f->t.db, name, PW, "127.0.0.1", now, s, &err) !=
	    FS_OK)
		fail_msg("inloggning %s: %s: %s", name, err.field, err.msg);
}

static void
test_login_gives_session_and_is_audited(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_principal p;
	struct fs_session s;
	struct fs_scope sx, sy;

	create(f, "anna");
	assert_int_equal(fs_user_assign(f->t.db, "anna",
	    FS_ROLE_DELTAGARANSVARIG, 0, f->x, &err), FS_OK);
	login_ok(f, "anna", T0, &s);
	assert_int_equal(strlen(s.token), FS_TOKEN_HEX_LEN);
	assert_int_equal(strlen(s.csrf), FS_TOKEN_HEX_LEN);
	assert_string_not_equal(s.token, s.csrf);
	assert_int_equal(s.expires, T0 + 12 * 3600);
	fs_principal_init(&p);
	assert_int_equal(fs_session_check(f->t.db, s.token, T0 + 5, &p, &err),
	    FS_OK);
	assert_string_equal(p.name, "anna");
	assert_int_equal(p.session_id, s.id);
	assert_string_equal(p.csrf, s.csrf);
	assert_int_equal(p.nassignments, 1);
	assert_int_equal(p.assignments[0].forbund_id, f->fa);
	/* The principal decides with the scope lookups. */
	assert_int_equal(fs_access_scope_insats(f->t.db, f->x, &sx, &err),
	    FS_OK);
	assert_int_equal(fs_access_scope_insats(f->t.db, f->y, &sy, &err),
	    FS_OK);
	assert_int_equal(sx.forbund_id, f->fa);
	assert_true(fs_access_check(&p, FS_PERM_DELTAGARE_READ, &sx));
	assert_false(fs_access_check(&p, FS_PERM_DELTAGARE_READ, &sy));
	assert_int_equal(fs_access_scope_insats(f->t.db, 999, &sy, &err),
	    FS_ENOTFOUND);
	assert_string_equal(err.field, "insats");
	assert_int_equal(fs_access_scope_deltagande(f->t.db, 999, &sy, &err),
	    FS_ENOTFOUND);
	assert_string_equal(err.field, "deltagande");
	fs_principal_release(&p);
	fs_session_clear(&s);
	assert_int_equal(naudit(f, "inloggning", "ok"), 1);
}

static double
seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void
test_wrong_password_and_unknown_user_answer_alike(void **state)
{
	struct fixture *f = *state;
	struct fs_err e1 = FS_ERR_INIT, e2 = FS_ERR_INIT, e3 = FS_ERR_INIT;
	struct fs_audit_filter flt;
	struct fs_audit_page pg;
	struct fs_session s;
	struct timespec a, b, c;
	double t_wrong, t_unknown;

	create(f, "anna");
	create(f, "bo");
	assert_int_equal(fs_user_set_locked(f->t.db, "bo", true, &e3), FS_OK);
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(fs_user_login(f->t.db, "anna", "fel lösenord här",
	    "10.0.0.1", T0, &s, &e1), FS_EDENIED);
	clock_gettime(CLOCK_MONOTONIC, &b);
	assert_int_equal(fs_user_login(f->t.db, "hemlig.person",
	    "fel lösenord här", "10.0.0.1", T0, &s, &e2), FS_EDENIED);
	clock_gettime(CLOCK_MONOTONIC, &c);
	assert_int_equal(fs_user_login(f->t.db, "bo", PW, "10.0.0.1", T0, &s,
	    &e3), FS_EDENIED);
	assert_string_equal(e1.field, "inloggning");
	assert_string_equal(e1.field, e2.field);
	assert_string_equal(e1.msg, e2.msg);
	assert_string_equal(e1.field, e3.field);
	assert_string_equal(e1.msg, e3.msg);
	assert_string_equal(e1.msg, "fel användarnamn eller lösenord");
	assert_int_equal(s.token[0], '\0');
	/* Both ran a full Argon2id verification. */
	t_wrong = seconds(&a, &b);
	t_unknown = seconds(&b, &c);
	if (t_wrong < 0.01 || t_unknown < 0.01)
		fail_msg("verifiering hoppades över: %.4f s / %.4f s", t_wrong,
		    t_unknown);
	/* All three audited as failed; the unknown name is not kept. */
	assert_int_equal(naudit(f, "inloggning", "fel"), 3);
	memset(&flt, 0, sizeof(flt));
	flt.handling = "inloggning";
	assert_int_equal(fs_audit_query(f->t.db, &flt, FS_AUDIT_VIEW_FULL, &pg,
	    &e1), FS_OK);
	assert_int_equal(pg.n, 3);
	assert_string_equal(pg.v[0].anvandare, "bo");
	assert_string_equal(pg.v[1].anvandare, "okänd");
	assert_string_equal(pg.v[2].anvandare, "anna");
	assert_string_equal(pg.v[2].klientadress, "10.0.0.1");
	fs_audit_page_release(&pg);
	fs_db_close(f->t.db);
	f->t.db = NULL;
	assert_false(db_files_have(f, "hemlig.person"));
	assert_false(db_files_have(f, "fel lösenord här"));
	assert_int_equal(fs_db_open(f->t.path, NULL, "test", &f->t.db, &e1),
	    FS_OK);
}

static void
test_login_input_errors_name_the_field(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_session s;
	char big[1200], addr[80];

	create(f, "anna");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memset(addr, '1', sizeof(addr) - 1);
	addr[sizeof(addr) - 1] = '\0';
	assert_int_equal(fs_user_login(f->t.db, "", PW, NULL, T0, &s, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "anvandarnamn");
	assert_int_equal(fs_user_login(f->t.db, NULL, PW, NULL, T0, &s, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "anvandarnamn");
	assert_int_equal(fs_user_login(f->t.db, big, PW, NULL, T0, &s, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "anvandarnamn");
	assert_int_equal(fs_user_login(f->t.db, "anna", "", NULL, T0, &s,
	    &err), FS_EINVAL);
	assert_string_equal(err.field, "losenord");
	assert_int_equal(fs_user_login(f->t.db, "anna", big, NULL, T0, &s,
	    &err), FS_EINVAL);
	assert_string_equal(err.field, "losenord");
	assert_int_equal(fs_user_login(f->t.db, "anna", PW, addr, T0, &s,
	    &err), FS_EINVAL);
	assert_string_equal(err.field, "klientadress");
	assert_int_equal(naudit(f, "inloggning", NULL), 0);
}

static void
test_throttling_per_account(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_session s;
	char addr[32];

	create(f, "anna");
	/* Five failures from five addresses: per account, not address. */
	for (int i = 0; i < FS_THROTTLE_FREE_ACCOUNT; i++) {
		snprintf(addr, sizeof(addr), "10.0.0.%d", i + 1);
		assert_int_equal(fs_user_login(f->t.db, "anna", "fel lösenord 1",
		    addr, T0 + i, &s, &err), FS_EDENIED);
		assert_string_equal(err.msg, "fel användarnamn eller lösenord");
	}
	/* Now even the right password waits a minute. */
	assert_int_equal(fs_user_login(f->t.db, "anna", PW, "10.0.0.9",
	    T0 + 10, &s, &err), FS_EDENIED);
	assert_string_equal(err.field, "inloggning");
	assert_non_null(strstr(err.msg, "för många misslyckade"));
	assert_int_equal(naudit(f, "inloggning", "strypt"), 1);
	/* The same for an unknown name: no hint that anna exists. */
	for (int i = 0; i < FS_THROTTLE_FREE_ACCOUNT; i++)
		assert_int_equal(fs_user_login(f->t.db, "ingen", "fel lösenord 1",
		    NULL, T0 + i, &s, &err), FS_EDENIED);
	assert_int_equal(fs_user_login(f->t.db, "ingen", PW, NULL, T0 + 10,
	    &s, &err), FS_EDENIED);
	assert_non_null(strstr(err.msg, "för många misslyckade"));
	/* One more failure after the wait doubles it. */
	assert_int_equal(fs_user_login(f->t.db, "anna", "fel lösenord 1",
	    "10.0.0.9", T0 + 4 + 60, &s, &err), FS_EDENIED);
	assert_string_equal(err.msg, "fel användarnamn eller lösenord");
	assert_int_equal(fs_user_login(f->t.db, "anna", PW, "10.0.0.9",
	    T0 + 64 + 119, &s, &err), FS_EDENIED);
	assert_non_null(strstr(err.msg, "för många misslyckade"));
	/* After the wait the right password works and clears the count. */
	login_ok(f, "anna", T0 + 64 + 120, &s);
	assert_int_equal(fs_user_login(f->t.db, "anna", "fel lösenord 1",
	    NULL, T0 + 200, &s, &err), FS_EDENIED);
	assert_string_equal(err.msg, "fel användarnamn eller lösenord");
	login_ok(f, "anna", T0 + 201, &s);
}

static void
test_throttling_per_address(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_session s;
	char name[32];

	create(f, "anna");
	/* Password spraying: one try each for many names. */
	for (int i = 0; i < FS_THROTTLE_FREE_ADDRESS; i++) {
		snprintf(name, sizeof(name), "namn%d", i);
		assert_int_equal(fs_user_login(f->t.db, name, "fel lösenord 1",
		    "192.0.2.7", T0, &s, &err), FS_EDENIED);
		assert_string_equal(err.msg, "fel användarnamn eller lösenord");
	}
	assert_int_equal(fs_user_login(f->t.db, "anna", PW, "192.0.2.7",
	    T0 + 1, &s, &err), FS_EDENIED);
	assert_non_null(strstr(err.msg, "för många misslyckade"));
	/* Another address is not affected. */
	login_ok(f, "anna", T0 + 2, &s);
	/* A success does not clear the address. */
	assert_int_equal(fs_user_login(f->t.db, "anna", PW, "192.0.2.7",
	    T0 + 3, &s, &err), FS_EDENIED);
	assert_int_equal(fs_user_login(f->t.db, "anna", PW, "192.0.2.7",
	    T0 + 61, &s, &err), FS_OK);
}

static void
test_throttling_forgets_after_a_day(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_session s;

	create(f, "anna");
	for (int i = 0; i < FS_THROTTLE_FREE_ACCOUNT + 3; i++)
		assert_int_equal(fs_user_login(f->t.db, "anna",
		    "fel lösenord 1", NULL, T0 + i * 1000, &s, &err),
		    FS_EDENIED);
	assert_int_equal(fs_user_login(f->t.db, "anna", PW, NULL,
	    T0 + 7000 + 10, &s, &err), FS_EDENIED);
	assert_non_null(strstr(err.msg, "för många"));
	/* A day after the last failure, one failure starts a new count. */
	assert_int_equal(fs_user_login(f->t.db, "anna", "fel lösenord 1",
	    NULL, T0 + 7000 + 86400, &s, &err), FS_EDENIED);
	assert_string_equal(err.msg, "fel användarnamn eller lösenord");
	login_ok(f, "anna", T0 + 7000 + 86401, &s);
}

/* ---- sessions ---- */

static enum fs_rc
check(struct fixture *f, const char *token, int64_t now)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_principal p;
	enum fs_rc rc;

	fs_principal_init(&p);
	rc = fs_session_check(f->t.db, token, now, &p, &err);
	if (rc != FS_OK) {
		assert_string_equal(err.field, "session");
		assert_int_equal(p.user_id, 0);
	}
	fs_principal_release(&p);
	return rc;
}

static void
test_session_idle_timeout(void **state)
{
	struct fixture *f = *state;
	struct fs_session s;

	create(f, "anna");
	login_ok(f, "anna", T0, &s);
	assert_int_equal(check(f, s.token, T0 + 29 * 60), FS_OK);
	/* That use counts: 29 minutes after it is still fine. */
	assert_int_equal(check(f, s.token, T0 + 58 * 60), FS_OK);
	/* 30 minutes of nothing ends it, for good. */
	assert_int_equal(check(f, s.token, T0 + 88 * 60), FS_EDENIED);
	assert_int_equal(check(f, s.token, T0 + 58 * 60 + 1), FS_EDENIED);
	assert_int_equal(naudit(f, "session.utgangen", NULL), 1);
}

static void
test_session_idle_time_written_once_a_minute(void **state)
{
	struct fixture *f = *state;
	struct fs_session s;

	create(f, "anna");
	login_ok(f, "anna", T0, &s);
	/* A use within the first minute is not written ... */
	assert_int_equal(check(f, s.token, T0 + 30), FS_OK);
	assert_int_equal(check(f, s.token, T0 + 30 * 60), FS_EDENIED);
	/* ... one after it is. */
	login_ok(f, "anna", T0, &s);
	assert_int_equal(check(f, s.token, T0 + 61), FS_OK);
	assert_int_equal(check(f, s.token, T0 + 61 + 30 * 60 - 1), FS_OK);
}

static void
test_session_absolute_timeout(void **state)
{
	struct fixture *f = *state;
	struct fs_session s;
	int64_t t;

	create(f, "anna");
	login_ok(f, "anna", T0, &s);
	/* Busy all day: a use every 20 minutes. */
	for (t = T0 + 20 * 60; t < T0 + 12 * 3600; t += 20 * 60)
		assert_int_equal(check(f, s.token, t), FS_OK);
	assert_int_equal(check(f, s.token, T0 + 12 * 3600 - 1), FS_OK);
	assert_int_equal(check(f, s.token, T0 + 12 * 3600), FS_EDENIED);
}

static void
test_logout_invalidates_server_side(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_session s, other;

	create(f, "anna");
	login_ok(f, "anna", T0, &s);
	login_ok(f, "anna", T0, &other);
	assert_int_equal(fs_session_logout(f->t.db, s.token, "127.0.0.1",
	    &err), FS_OK);
	assert_int_equal(check(f, s.token, T0 + 1), FS_EDENIED);
	/* Only that session: the other browser stays logged in. */
	assert_int_equal(check(f, other.token, T0 + 1), FS_OK);
	assert_int_equal(fs_session_logout(f->t.db, s.token, NULL, &err),
	    FS_OK);
	assert_int_equal(fs_session_logout(f->t.db, "skräp", NULL, &err),
	    FS_OK);
	assert_int_equal(naudit(f, "utloggning", "ok"), 1);
}

static void
test_bogus_tokens_refused(void **state)
{
	struct fixture *f = *state;
	struct fs_session s;
	char t[FS_TOKEN_HEX_LEN + 2];

	create(f, "anna");
	login_ok(f, "anna", T0, &s);
	assert_int_equal(check(f, NULL, T0), FS_EDENIED);
	assert_int_equal(check(f, "", T0), FS_EDENIED);
	assert_int_equal(check(f, "abc", T0), FS_EDENIED);
	memset(t, 'g', FS_TOKEN_HEX_LEN);
	t[FS_TOKEN_HEX_LEN] = '\0';
	assert_int_equal(check(f, t, T0), FS_EDENIED);
	/* One digit off. */
	snprintf(t, sizeof(t), "%s", s.token);
	t[10] = t[10] == '0' ? '1' : '0';
	assert_int_equal(check(f, t, T0), FS_EDENIED);
	/* One digit more. */
	snprintf(t, sizeof(t), "%s0", s.token);
	assert_int_equal(check(f, t, T0), FS_EDENIED);
	/* The CSRF token is no session token. */
	assert_int_equal(check(f, s.csrf, T0), FS_EDENIED);
	assert_int_equal(check(f, s.token, T0), FS_OK);
}

static void
test_session_token_stored_only_as_hash(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	unsigned char raw[32], h[32];
	struct fs_session s;
	struct fs_stmt *st;
	size_t n;
	bool row;

	create(f, "anna");
	login_ok(f, "anna", T0, &s);
	assert_int_equal(sodium_hex2bin(raw, sizeof(raw), s.token,
	    strlen(s.token), NULL, &n, NULL), 0);
	crypto_hash_sha256(h, raw, sizeof(raw));
	assert_int_equal(fs_store_stmt(f->t.db->store, FS_STMT_SESSION_BY_HASH,
	    &st, &err), FS_OK);
	fs_stmt_bind_blob(st, 1, h, sizeof(h));
	assert_int_equal(fs_stmt_step(st, &row, &err), FS_OK);
	assert_true(row);
	fs_stmt_reset(st);
	fs_db_close(f->t.db);
	f->t.db = NULL;
	assert_false(db_files_have(f, s.token));
	assert_false(file_has_bytes(f->t.path, raw, sizeof(raw)));
	assert_int_equal(fs_db_open(f->t.path, NULL, "test", &f->t.db, &err),
	    FS_OK);
}

static void
test_csrf_token_check(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_principal p, q;
	struct fs_session s, s2;
	char wrong[FS_TOKEN_HEX_LEN + 1];

	create(f, "anna");
	login_ok(f, "anna", T0, &s);
	login_ok(f, "anna", T0, &s2);
	fs_principal_init(&p);
	assert_int_equal(fs_session_check(f->t.db, s.token, T0, &p, &err),
	    FS_OK);
	assert_true(fs_session_csrf_ok(&p, s.csrf));
	assert_false(fs_session_csrf_ok(&p, s2.csrf));
	assert_false(fs_session_csrf_ok(&p, NULL));
	assert_false(fs_session_csrf_ok(&p, ""));
	snprintf(wrong, sizeof(wrong), "%s", s.csrf);
	wrong[FS_TOKEN_HEX_LEN - 1] = wrong[FS_TOKEN_HEX_LEN - 1] == 'a' ?
	    'b' : 'a';
	assert_false(fs_session_csrf_ok(&p, wrong));
	wrong[FS_TOKEN_HEX_LEN - 1] = '\0';
	assert_false(fs_session_csrf_ok(&p, wrong));
	assert_false(fs_session_csrf_ok(&p, s.token));
	assert_false(fs_session_csrf_ok(NULL, s.csrf));
	/* A principal without a session has no CSRF token. */
	fs_principal_init(&q);
	assert_int_equal(fs_principal_load(f->t.db, p.user_id, &q, &err),
	    FS_OK);
	assert_false(fs_session_csrf_ok(&q, s.csrf));
	assert_false(fs_session_csrf_ok(&q, ""));
	fs_principal_release(&q);
	fs_principal_release(&p);
}

static void
test_locked_user_cannot_login_and_loses_sessions(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_session s;
	struct fs_user u;
	int64_t id;

	create(f, "anna");
	create(f, "bo");
	login_ok(f, "anna", T0, &s);
	login_ok(f, "bo", T0, &s);
	login_ok(f, "anna", T0, &s);
	assert_int_equal(fs_user_set_locked(f->t.db, "anna", true, &err),
	    FS_OK);
	assert_int_equal(check(f, s.token, T0 + 1), FS_EDENIED);
	assert_int_equal(fs_user_login(f->t.db, "anna", PW, NULL, T0 + 2, &s,
	    &err), FS_EDENIED);
	assert_string_equal(err.msg, "fel användarnamn eller lösenord");
	assert_int_equal(fs_user_get(f->t.db, "anna", &u, &err), FS_OK);
	assert_true(u.locked);
	id = u.id;
	fs_user_release(&u);
	assert_int_equal(fs_session_create(f->t.db, id, NULL, T0, &s, &err),
	    FS_EDENIED);
	assert_int_equal(fs_user_set_locked(f->t.db, "ingen", true, &err),
	    FS_ENOTFOUND);
	assert_string_equal(err.field, "anvandarnamn");
	/* Unlocking lets the user in again. */
	assert_int_equal(fs_user_set_locked(f->t.db, "anna", false, &err),
	    FS_OK);
	login_ok(f, "anna", T0 + 3, &s);
	assert_int_equal(naudit(f, "anvandare.sparra", "ok"), 1);
}

static void
test_password_change_ends_sessions(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_session s;

	create(f, "anna");
	login_ok(f, "anna", T0, &s);
	assert_int_equal(fs_user_set_password(f->t.db, "anna", "kort", &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "losenord");
	assert_int_equal(check(f, s.token, T0 + 1), FS_OK);
	assert_int_equal(fs_user_set_password(f->t.db, "anna",
	    "ett helt annat lösenord", &err), FS_OK);
	assert_int_equal(check(f, s.token, T0 + 2), FS_EDENIED);
	assert_int_equal(fs_user_login(f->t.db, "anna", PW, NULL, T0 + 3, &s,
	    &err), FS_EDENIED);
	assert_int_equal(fs_user_login(f->t.db, "anna",
	    "ett helt annat lösenord", NULL, T0 + 4, &s, &err), FS_OK);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_bad_user_names_refused_nothing_stored),
		T(test_bad_passwords_refused_nothing_stored),
		T(test_password_stored_only_as_argon2id),
		T(test_duplicate_user_name_conflict),
		T(test_assignment_scope_rules),
		T(test_assignment_valid_kinds_and_duplicate),
		T(test_separation_of_duties_refused_at_assignment),
		T(test_login_gives_session_and_is_audited),
		T(test_wrong_password_and_unknown_user_answer_alike),
		T(test_login_input_errors_name_the_field),
		T(test_throttling_per_account),
		T(test_throttling_per_address),
		T(test_throttling_forgets_after_a_day),
		T(test_session_idle_timeout),
		T(test_session_idle_time_written_once_a_minute),
		T(test_session_absolute_timeout),
		T(test_logout_invalidates_server_side),
		T(test_bogus_tokens_refused),
		T(test_session_token_stored_only_as_hash),
		T(test_csrf_token_check),
		T(test_locked_user_cannot_login_and_loses_sessions),
		T(test_password_change_ends_sessions),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
