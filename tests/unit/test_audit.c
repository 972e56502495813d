/* SPDX-License-Identifier: ISC */
/*
 * The audit log's reading side and its writers (spec/access.md "Audit
 * log"): every filter and pagination, bad filters refused by field,
 * the förbundsadministratör's view without participant data (the
 * before/after of a participation change), refusals and actions with
 * the role and address, "who has read my data", and no personnummer
 * anywhere in the log.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <inttypes.h>

#include "compat.h"

#include "finsam/access.h"
#include "finsam/audit.h"
#include "finsam/deltagande.h"
#include "finsam/forbund.h"
#include "finsam/insats.h"
#include "finsam/parse.h"
#include "finsam/pnr.h"
#include "testutil.h"

struct fixture {
	struct test_db	 t;
	int64_t		 fa, fb;	/* förbund A and B */
	struct fs_insats x, y, z;	/* X, Y in A; Z in B */
	struct fs_pnr	 anna, bo;
};

static int32_t
D(const char *s)
{
	int32_t d;

	assert_int_equal(fs_parse_date(s, strlen(s), &d, "t", NULL), FS_OK);
	return d;
}

/* A valid personnummer (Luhn computed here, independently of pnr.c). */
static void
parse_pnr(const char *ymd, int serial, struct fs_pnr *p)
{
	struct fs_err err = FS_ERR_INIT;
	char d[13];
	int sum = 0;

	snprintf(d, 13, "%.8s%03d0", ymd, serial);
	for (int i = 0; i < 9; i++) {
		int v = (d[2 + i] - '0') * (i % 2 == 0 ? 2 : 1);

		sum += v > 9 ? v - 9 : v;
	}
	d[11] = (char)('0' + (10 - sum % 10) % 10);
	assert_int_equal(fs_pnr_parse(d, 12, fs_date_today(), p,
	    "personnummer", &err), FS_OK);
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

static void
make_insats(struct fs_db *db, int64_t fid, const char *kod,
    struct fs_insats *i)
{
	struct fs_err err = FS_ERR_INIT;

	fs_insats_init(i);
	i->forbund_id = fid;
	assert_int_equal(fs_insats_set(i, "kod", kod, strlen(kod), &err),
	    FS_OK);
	assert_int_equal(fs_insats_set(i, "namn", kod, strlen(kod), &err),
	    FS_OK);
	assert_int_equal(fs_insats_set(i, "inriktning", "individ", 7, &err),
	    FS_OK);
	assert_int_equal(fs_insats_set(i, "startdatum", "2020-01-01", 10,
	    &err), FS_OK);
	assert_int_equal(fs_insats_create(db, i, &err), FS_OK);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || test_db_open(&f->t) != 0)
		return -1;
	f->fa = make_forbund(f->t.db, "SV", "222000-1339", "0680");
	f->fb = make_forbund(f->t.db, "STH", "222000-1347", "0180");
	make_insats(f->t.db, f->fa, "X", &f->x);
	make_insats(f->t.db, f->fa, "Y", &f->y);
	make_insats(f->t.db, f->fb, "Z", &f->z);
	parse_pnr("19900515", 982, &f->anna);
	parse_pnr("19851102", 991, &f->bo);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	fs_insats_release(&f->x);
	fs_insats_release(&f->y);
	fs_insats_release(&f->z);
	test_db_close(&f->t);
	free(f);
	return 0;
}

static void
put(struct fixture *f, const char *tid, const char *who, const char *h,
    const char *obj, int64_t fid, int64_t iid, const char *details)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_audit_entry e;

	memset(&e, 0, sizeof(e));
	snprintf(e.tid, sizeof(e.tid), "%s", tid);
	e.anvandare = (char *)who;
	e.handling = (char *)h;
	e.objekt = (char *)obj;
	e.forbund_id = fid;
	e.insats_id = iid;
	e.utfall = (char *)"ok";
	e.detaljer = (char *)details;
	assert_int_equal(fs_audit_write(f->t.db, &e, &err), FS_OK);
}

/* Query with f and return the number of entries, keeping the page. */
static size_t
q(struct fixture *f, const struct fs_audit_filter *flt,
    enum fs_audit_view view, struct fs_audit_page *pg)
{
	struct fs_err err = FS_ERR_INIT;

	if (fs_audit_query(f->t.db, flt, view, pg, &err) != FS_OK)
		fail_msg("fråga: %s: %s", err.field, err.msg);
	return pg->n;
}

static size_t
count(struct fixture *f, const struct fs_audit_filter *flt)
{
	struct fs_audit_page pg;
	size_t n = q(f, flt, FS_AUDIT_VIEW_FULL, &pg);

	fs_audit_page_release(&pg);
	return n;
}

/* A fixed set of entries, apart from what setup logged. */
static void
seed(struct fixture *f)
{
	put(f, "2001-01-10T08:00:00Z", "anna", "deltagande.las",
	    "deltagande 1", 0, f->x.id, NULL);
	put(f, "2001-01-10T09:00:00Z", "anna", "deltagande.lista",
	    "deltagande", 0, f->y.id, NULL);
	put(f, "2001-01-11T10:00:00Z", "bo", "deltagande.las",
	    "deltagande 2", 0, f->z.id, NULL);
	put(f, "2001-01-12T23:59:59Z", "bo", "rapport.utfall", "utfall",
	    f->fb, 0, NULL);
	put(f, "2001-01-13T00:00:00Z", "cecilia", "forbund.andra", "SV",
	    f->fa, 0, NULL);
}

static void
test_filters_each_field(void **state)
{
	struct fixture *f = *state;
	struct fs_audit_filter flt;
	struct fs_audit_page pg;

	seed(f);
	memset(&flt, 0, sizeof(flt));
	/* Before anything setup logged (at the real time). */
	flt.till = "2001-12-31";
	assert_int_equal(count(f, &flt), 5);
	/* förbund: its own entries and those of its insatser */
	flt.forbund_id = f->fa;
	assert_int_equal(count(f, &flt), 3);
	flt.forbund_id = f->fb;
	assert_int_equal(count(f, &flt), 2);
	flt.forbund_id = 0;
	flt.insats_id = f->x.id;
	assert_int_equal(count(f, &flt), 1);
	flt.insats_id = 0;
	flt.anvandare = "bo";
	assert_int_equal(count(f, &flt), 2);
	flt.anvandare = "b";
	assert_int_equal(count(f, &flt), 0);
	flt.anvandare = NULL;
	flt.handling = "deltagande.las";
	assert_int_equal(count(f, &flt), 2);
	flt.handling = "deltagande.";
	assert_int_equal(count(f, &flt), 3);
	flt.handling = "deltagande";
	assert_int_equal(count(f, &flt), 0);
	flt.handling = NULL;
	flt.objekt = "deltagande 2";
	assert_int_equal(count(f, &flt), 1);
	flt.objekt = NULL;
	/* time: a date is the whole day, a timestamp exact */
	flt.fran = "2001-01-11";
	flt.till = "2001-01-12";
	assert_int_equal(count(f, &flt), 2);
	flt.fran = "2001-01-10T08:30:00Z";
	flt.till = "2001-01-13T00:00:00Z";
	assert_int_equal(count(f, &flt), 4);
	flt.fran = NULL;
	flt.till = "2001-01-10";
	flt.forbund_id = f->fa;
	assert_int_equal(count(f, &flt), 2);
	/* combined */
	flt.till = NULL;
	flt.anvandare = "anna";
	flt.handling = "deltagande.";
	assert_int_equal(q(f, &flt, FS_AUDIT_VIEW_FULL, &pg), 2);
	/* newest first */
	assert_string_equal(pg.v[0].handling, "deltagande.lista");
	assert_string_equal(pg.v[0].tid, "2001-01-10T09:00:00Z");
	assert_int_equal(pg.v[0].insats_id, f->y.id);
	assert_int_equal(pg.v[0].forbund_id, 0);
	assert_null(pg.v[0].klientadress);
	assert_int_equal(pg.next, 0);
	fs_audit_page_release(&pg);
}

static void
test_pagination_newest_first(void **state)
{
	struct fixture *f = *state;
	struct fs_audit_filter flt;
	struct fs_audit_page pg;
	char obj[16];
	int64_t last = INT64_MAX;
	size_t total = 0, pages = 0;

	for (int i = 0; i < 25; i++) {
		snprintf(obj, sizeof(obj), "o%d", i);
		put(f, "2026-02-01T00:00:00Z", "anna", "sida.test", obj, 0, 0,
		    NULL);
	}
	memset(&flt, 0, sizeof(flt));
	flt.handling = "sida.test";
	flt.limit = 10;
	do {
		q(f, &flt, FS_AUDIT_VIEW_FULL, &pg);
		for (size_t i = 0; i < pg.n; i++) {
			assert_true(pg.v[i].id < last);
			last = pg.v[i].id;
		}
		if (pages == 0)
			assert_string_equal(pg.v[0].objekt, "o24");
		total += pg.n;
		pages++;
		flt.fore_id = pg.next;
		assert_true(pg.n == 10 || pg.next == 0);
		fs_audit_page_release(&pg);
	} while (flt.fore_id != 0);
	assert_int_equal(total, 25);
	assert_int_equal(pages, 3);
	/* Exactly one page full: no next page. */
	flt.fore_id = 0;
	flt.limit = 25;
	q(f, &flt, FS_AUDIT_VIEW_FULL, &pg);
	assert_int_equal(pg.n, 25);
	assert_int_equal(pg.next, 0);
	fs_audit_page_release(&pg);
}

static void
test_bad_filters_refused_by_field(void **state)
{
	struct fixture *f = *state;
	char big[300];
	const struct {
		const char	*fran, *till, *anv;
		size_t		 limit;
		int64_t		 forbund, fore;
		enum fs_audit_view view;
		const char	*field;
	} cases[] = {
		{ "2026-13-01", NULL, NULL, 0, 0, 0, FS_AUDIT_VIEW_FULL,
		    "fran" },
		{ "igår", NULL, NULL, 0, 0, 0, FS_AUDIT_VIEW_FULL, "fran" },
		{ NULL, "2026-01-01T25:00:00Z", NULL, 0, 0, 0,
		    FS_AUDIT_VIEW_FULL, "till" },
		{ NULL, "2026-01-01 10:00:00", NULL, 0, 0, 0,
		    FS_AUDIT_VIEW_FULL, "till" },
		{ "2026-02-01", "2026-01-01", NULL, 0, 0, 0,
		    FS_AUDIT_VIEW_FULL, "till" },
		{ NULL, NULL, NULL, 1001, 0, 0, FS_AUDIT_VIEW_FULL, "antal" },
		{ NULL, NULL, NULL, 0, 0, 0, FS_AUDIT_VIEW_FORBUND,
		    "forbund" },
		{ NULL, NULL, NULL, 0, -1, 0, FS_AUDIT_VIEW_FULL, "forbund" },
		{ NULL, NULL, NULL, 0, 0, -5, FS_AUDIT_VIEW_FULL, "fore" },
		{ NULL, NULL, big, 0, 0, 0, FS_AUDIT_VIEW_FULL, "anvandare" },
		{ NULL, NULL, NULL, 0, 1, 0, (enum fs_audit_view)7, "vy" },
	};
	struct fs_audit_filter flt;
	struct fs_audit_page pg;
	struct fs_err err;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (size_t i = 0; i < FS_NELEM(cases); i++) {
		memset(&flt, 0, sizeof(flt));
		flt.fran = cases[i].fran;
		flt.till = cases[i].till;
		flt.anvandare = cases[i].anv;
		flt.limit = cases[i].limit;
		flt.forbund_id = cases[i].forbund;
		flt.fore_id = cases[i].fore;
		fs_err_clear(&err);
		assert_int_equal(fs_audit_query(f->t.db, &flt, cases[i].view,
		    &pg, &err), FS_EINVAL);
		if (strcmp(err.field, cases[i].field) != 0)
			fail_msg("fall %zu: fält %s, väntat %s", i, err.field,
			    cases[i].field);
		assert_true(err.msg[0] != '\0');
		assert_int_equal(pg.n, 0);
		assert_null(pg.v);
	}
}

/* Register anna in X, exit and correct it: a deltagande.andra entry. */
static int64_t
register_and_correct(struct fixture *f)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_deltagande d;
	bool changed;

	assert_int_equal(fs_samtycke_record(f->t.db, &f->anna, f->x.id,
	    D("2021-01-01"), "v1", &err), FS_OK);
	fs_deltagande_init(&d);
	assert_int_equal(fs_deltagande_set(&d, "startdatum", "2021-03-01", 10,
	    &err), FS_OK);
	assert_int_equal(fs_deltagande_set(&d, "utbildning", "grundskola", 10,
	    &err), FS_OK);
	assert_int_equal(fs_deltagande_set(&d, "forsorjning_fore",
	    "sjukpenning", 11, &err), FS_OK);
	assert_int_equal(fs_deltagande_register(f->t.db, &f->anna, &f->x, &d,
	    NULL, &err), FS_OK);
	assert_int_equal(fs_deltagande_set(&d, "slutdatum", "2021-12-01", 10,
	    &err), FS_OK);
	assert_int_equal(fs_deltagande_set(&d, "avslutsanledning", "arbete",
	    6, &err), FS_OK);
	assert_int_equal(fs_deltagande_correct(f->t.db, &d, 1,
	    "utregistrering", &changed, &err), FS_OK);
	return d.id;
}

static void
test_forbund_view_hides_participant_details(void **state)
{
	struct fixture *f = *state;
	struct fs_audit_filter flt;
	struct fs_audit_page pg;
	size_t n, andra = 0;

	(void)register_and_correct(f);
	put(f, "2026-03-01T10:00:00Z", "anna", "import.deltagande",
	    "deltagande", f->fa, 0, "{\"rader\":3}");
	put(f, "2026-03-01T10:00:01Z", "anna", "framtida.handling", "x",
	    f->fa, 0, "{\"kanske\":\"personuppgift\"}");
	put(f, "2026-03-01T10:00:02Z", "bo", "import.deltagande", "deltagande",
	    f->fb, 0, "{\"rader\":9}");
	memset(&flt, 0, sizeof(flt));
	flt.forbund_id = f->fa;
	/* The full view has the before/after of the change. */
	n = q(f, &flt, FS_AUDIT_VIEW_FULL, &pg);
	for (size_t i = 0; i < n; i++)
		if (strcmp(pg.v[i].handling, "deltagande.andra") == 0) {
			assert_non_null(pg.v[i].detaljer);
			assert_non_null(strstr(pg.v[i].detaljer, "\"fore\""));
		}
	fs_audit_page_release(&pg);
	/* The förbund view has the entry, who and when, but no details. */
	n = q(f, &flt, FS_AUDIT_VIEW_FORBUND, &pg);
	assert_true(n >= 4);
	for (size_t i = 0; i < n; i++) {
		const struct fs_audit_entry *e = &pg.v[i];

		assert_true(e->forbund_id == f->fa || e->insats_id == f->x.id ||
		    e->insats_id == f->y.id);
		if (strncmp(e->handling, "deltagande.", 11) == 0 ||
		    strncmp(e->handling, "samtycke.", 9) == 0) {
			assert_null(e->detaljer);
			assert_non_null(e->anvandare);
			assert_int_equal(e->insats_id, f->x.id);
		}
		if (strcmp(e->handling, "deltagande.andra") == 0) {
			andra++;
			assert_memory_equal(e->objekt, "deltagande ", 11);
		}
		if (strcmp(e->handling, "import.deltagande") == 0)
			assert_string_equal(e->detaljer, "{\"rader\":3}");
		if (strcmp(e->handling, "framtida.handling") == 0)
			assert_null(e->detaljer);
	}
	assert_int_equal(andra, 1);
	fs_audit_page_release(&pg);
}

static void
test_log_holds_no_personnummer(void **state)
{
	struct fixture *f = *state;
	struct fs_audit_filter flt;
	struct fs_audit_page pg;
	struct fs_err err = FS_ERR_INIT;
	size_t n;

	(void)register_and_correct(f);
	assert_int_equal(fs_person_deidentify(f->t.db, &f->anna,
	    FS_DEIDENT_SAMTYCKE_ATERKALLAT, &n, &err), FS_OK);
	memset(&flt, 0, sizeof(flt));
	flt.limit = 1000;
	n = q(f, &flt, FS_AUDIT_VIEW_FULL, &pg);
	assert_true(n >= 4);
	for (size_t i = 0; i < n; i++) {
		const struct fs_audit_entry *e = &pg.v[i];
		const char *fields[] = { e->anvandare, e->roll, e->handling,
		    e->objekt, e->utfall, e->klientadress, e->detaljer };

		for (size_t k = 0; k < FS_NELEM(fields); k++)
			if (fields[k] != NULL &&
			    (strstr(fields[k], f->anna.digits) != NULL ||
			    strstr(fields[k], f->anna.digits + 2) != NULL))
				fail_msg("personnummer i loggpost %" PRId64,
				    e->id);
	}
	fs_audit_page_release(&pg);
}

static void
test_refusal_and_action_carry_role_and_address(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_assignment a[] = {
		{ FS_ROLE_LASARE, 0, 0 },
		{ FS_ROLE_DELTAGARANSVARIG, 0, 0 },
	};
	struct fs_scope sx, sz;
	struct fs_principal p;
	struct fs_audit_filter flt;
	struct fs_audit_page pg;

	a[0].forbund_id = f->fa;
	a[1].forbund_id = f->fa;
	a[1].insats_id = f->x.id;
	fs_principal_init(&p);
	p.user_id = 3;
	snprintf(p.name, sizeof(p.name), "anna");
	p.assignments = a;
	p.nassignments = FS_NELEM(a);
	sx.forbund_id = f->fa;
	sx.insats_id = f->x.id;
	sz.forbund_id = f->fb;
	sz.insats_id = f->z.id;
	assert_false(fs_access_check(&p, FS_PERM_DELTAGARE_READ, &sz));
	assert_int_equal(fs_audit_refusal(f->t.db, &p, FS_PERM_DELTAGARE_READ,
	    &sz, "GET /api/v1/deltagande/17", "192.0.2.1", 1780000000, &err),
	    FS_OK);
	assert_int_equal(fs_audit_refusal(f->t.db, NULL, FS_PERM_SESSION, NULL,
	    "GET /api/v1/insatser", "192.0.2.2", 1780000001, &err), FS_OK);
	assert_int_equal(fs_audit_action(f->t.db, &p, FS_PERM_DELTAGARE_READ,
	    &sx, "deltagande.las", "deltagande 5", "192.0.2.1", 1780000002,
	    &err), FS_OK);
	memset(&flt, 0, sizeof(flt));
	flt.fran = "2026-05-28T20:26:40Z";
	flt.till = "2026-05-28T20:26:42Z";
	assert_int_equal(q(f, &flt, FS_AUDIT_VIEW_FULL, &pg), 3);
	assert_string_equal(pg.v[0].handling, "deltagande.las");
	assert_string_equal(pg.v[0].roll, "deltagaransvarig");
	assert_string_equal(pg.v[0].utfall, "ok");
	assert_string_equal(pg.v[0].tid, "2026-05-28T20:26:42Z");
	assert_int_equal(pg.v[0].insats_id, f->x.id);
	assert_string_equal(pg.v[1].anvandare, "anonym");
	assert_string_equal(pg.v[1].utfall, "nekad");
	assert_string_equal(pg.v[1].klientadress, "192.0.2.2");
	assert_string_equal(pg.v[2].anvandare, "anna");
	assert_string_equal(pg.v[2].handling, "nekad");
	assert_string_equal(pg.v[2].roll, "lasare,deltagaransvarig");
	assert_string_equal(pg.v[2].objekt, "GET /api/v1/deltagande/17");
	assert_string_equal(pg.v[2].detaljer,
	    "{\"behorighet\":\"deltagare.las\"}");
	assert_int_equal(pg.v[2].forbund_id, f->fb);
	assert_int_equal(pg.v[2].insats_id, f->z.id);
	fs_audit_page_release(&pg);
	/* The refusal in B is B's business, not A's. */
	memset(&flt, 0, sizeof(flt));
	flt.forbund_id = f->fb;
	flt.handling = "nekad";
	assert_int_equal(q(f, &flt, FS_AUDIT_VIEW_FORBUND, &pg), 1);
	assert_string_equal(pg.v[0].detaljer,
	    "{\"behorighet\":\"deltagare.las\"}");
	fs_audit_page_release(&pg);
	flt.forbund_id = f->fa;
	assert_int_equal(count(f, &flt), 0);
}

static void
test_who_has_read_my_data(void **state)
{
	struct fixture *f = *state;
	struct fs_err err = FS_ERR_INIT;
	struct fs_audit_page pg;
	char obj[40];
	int64_t id;
	bool read_by_anna = false, listed_by_bo = false, changed = false;

	id = register_and_correct(f);
	snprintf(obj, sizeof(obj), "deltagande %" PRId64, id);
	put(f, "2024-05-01T10:00:00Z", "anna", "deltagande.las", obj, 0,
	    f->x.id, NULL);
	put(f, "2024-05-02T10:00:00Z", "bo", "deltagande.lista", "deltagande",
	    0, f->x.id, NULL);
	/* Not about her: another insats, before her start, someone else. */
	put(f, "2024-05-03T10:00:00Z", "cecilia", "deltagande.lista",
	    "deltagande", 0, f->y.id, NULL);
	put(f, "2020-05-03T10:00:00Z", "david", "deltagande.lista",
	    "deltagande", 0, f->x.id, NULL);
	put(f, "2024-05-04T10:00:00Z", "erik", "deltagande.las",
	    "deltagande 999", 0, f->x.id, NULL);
	assert_int_equal(fs_audit_readers_person(f->t.db, &f->anna, &pg, &err),
	    FS_OK);
	for (size_t i = 0; i < pg.n; i++) {
		const struct fs_audit_entry *e = &pg.v[i];

		assert_null(e->detaljer);
		if (strcmp(e->anvandare, "anna") == 0 &&
		    strcmp(e->handling, "deltagande.las") == 0)
			read_by_anna = true;
		if (strcmp(e->anvandare, "bo") == 0)
			listed_by_bo = true;
		if (strcmp(e->handling, "deltagande.andra") == 0)
			changed = true;
		assert_string_not_equal(e->anvandare, "cecilia");
		assert_string_not_equal(e->anvandare, "david");
		assert_string_not_equal(e->anvandare, "erik");
		if (i > 0)
			assert_true(pg.v[i - 1].id > e->id);
	}
	assert_true(read_by_anna);
	assert_true(listed_by_bo);
	assert_true(changed);
	assert_int_equal(pg.n, 3);
	fs_audit_page_release(&pg);
	/* By participation id: the same. */
	assert_int_equal(fs_audit_readers(f->t.db, &id, 1, &pg, &err), FS_OK);
	assert_int_equal(pg.n, 3);
	fs_audit_page_release(&pg);
	/* Nobody read bo's data: he has none. */
	assert_int_equal(fs_audit_readers_person(f->t.db, &f->bo, &pg, &err),
	    FS_OK);
	assert_int_equal(pg.n, 0);
	fs_audit_page_release(&pg);
	/* An unknown participation id. */
	id = 999;
	assert_int_equal(fs_audit_readers(f->t.db, &id, 1, &pg, &err),
	    FS_ENOTFOUND);
	assert_string_equal(err.field, "deltagande");
}

static void
test_audit_time_format(void **state)
{
	char t[21];

	(void)state;
	fs_audit_time(0, t);
	assert_string_equal(t, "1970-01-01T00:00:00Z");
	fs_audit_time(1780000000, t);
	assert_string_equal(t, "2026-05-28T20:26:40Z");
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_filters_each_field),
		T(test_pagination_newest_first),
		T(test_bad_filters_refused_by_field),
		T(test_forbund_view_hides_participant_details),
		T(test_log_holds_no_personnummer),
		T(test_refusal_and_action_carry_role_and_address),
		T(test_who_has_read_my_data),
		cmocka_unit_test(test_audit_time_format),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
