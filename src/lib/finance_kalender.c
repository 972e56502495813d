/* SPDX-License-Identifier: ISC */
/*
 * The calendar of a förbund's decisions (ekonomi.h "Calendar"): what
 * the board and the members must decide and by when (budget by 30
 * November after samråd, annual report within three months of the
 * year end, every member's discharge decision), recording that a
 * decision was taken, and the list of what is due and what is late on
 * a given day, for the förbundsadministratör's start page.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/codes.h"
#include "finsam/db.h"
#include "finsam/ekonomi.h"
#include "finsam/err.h"
#include "finsam/forbund.h"
#include "finsam/parse.h"
#include "finsam/store.h"
#include "finance_int.h"

static const char *const handelse_names[] = {
	[FS_KAL_SAMRAD] = "samrad",
	[FS_KAL_BUDGET] = "budget",
	[FS_KAL_ARSREDOVISNING] = "arsredovisning",
	[FS_KAL_ANSVARSFRIHET] = "ansvarsfrihet",
};
_Static_assert(FS_NELEM(handelse_names) == FS_KAL__MAX, "handelse_names");

static const char *const status_names[] = {
	[FS_KAL_KLAR] = "klar",
	[FS_KAL_SEN] = "sen",
	[FS_KAL_VANTAR] = "vantar",
	[FS_KAL_FORSENAD] = "forsenad",
};
_Static_assert(FS_NELEM(status_names) == FS_KAL_STATUS__MAX, "status_names");

static const char *const status_tags[] = {
	[FS_KAL_KLAR] = "klar",
	[FS_KAL_SEN] = "sen",
	[FS_KAL_VANTAR] = "väntar",
	[FS_KAL_FORSENAD] = "FÖRSENAD",
};
_Static_assert(FS_NELEM(status_tags) == FS_KAL_STATUS__MAX, "status_tags");

const char *
fs_kal_handelse_name(enum fs_kal_handelse h)
{
	return (unsigned)h < FS_KAL__MAX ? handelse_names[h] : NULL;
}

int
fs_kal_handelse_find(const char *name)
{
	return fs_name_find(handelse_names, FS_NELEM(handelse_names), name);
}

const char *
fs_kal_status_name(enum fs_kal_status s)
{
	return (unsigned)s < FS_KAL_STATUS__MAX ? status_names[s] : NULL;
}

void
fs_kalender_release(struct fs_kalender *k)
{
	if (k == NULL)
		return;
	free(k->namn);
	free(k->punkt);
	memset(k, 0, sizeof(*k));
}

/* Whether member kod took part in förbund id during year ar. */
static bool
member_during(const struct fs_medlem *m, size_t n, const char *kod, int ar)
{
	int32_t a = fs_date_from_ymd(ar, 1, 1), b = fs_date_from_ymd(ar, 12, 31);

	for (size_t i = 0; i < n; i++)
		if (strcmp(m[i].kod, kod) == 0 && m[i].fran <= b &&
		    (m[i].till == FS_DATE_NONE || m[i].till >= a))
			return true;
	return false;
}

enum fs_rc
fs_kal_set(struct fs_db *db, const char *forbund_kod, int ar,
    enum fs_kal_handelse h, const char *medlem, int32_t datum,
    const char *beslut, struct fs_err *err)
{
	struct fs_medlem *m = NULL;
	struct fs_forbund f;
	struct fs_stmt *s;
	size_t n = 0;
	char obj[80];
	const char *med = medlem == NULL ? "" : medlem;
	enum fs_rc rc;

	fs_forbund_init(&f);
	if (ar < 1990 || ar > 2999)
		return fs_err_set(err, FS_EINVAL, "ar",
		    "året måste ligga mellan 1990 och 2999");
	if ((unsigned)h >= FS_KAL__MAX)
		return fs_err_set(err, FS_EINVAL, "handelse",
		    "måste vara samrad, budget, arsredovisning eller "
		    "ansvarsfrihet");
	if (datum == FS_DATE_NONE)
		return fs_err_set(err, FS_EINVAL, "datum", "måste anges");
	if (fin_year(datum) < ar - 1 || fin_year(datum) > ar + 3)
		return fs_err_set(err, FS_EINVAL, "datum",
		    "datumet ska ligga mellan året före och tre år efter det "
		    "år beslutet gäller");
	if (h != FS_KAL_ANSVARSFRIHET && (med[0] != '\0' || beslut != NULL))
		return fs_err_set(err, FS_EINVAL, med[0] != '\0' ? "medlem" :
		    "beslut", "medlem och beslut anges bara för "
		    "ansvarsfrihet");
	if (h == FS_KAL_ANSVARSFRIHET && med[0] == '\0')
		return fs_err_set(err, FS_EINVAL, "medlem",
		    "ansvarsfrihet beslutas av varje medlem för sig; ange "
		    "medlemmen (FK, AF, länskod eller kommunkod)");
	if (h == FS_KAL_ANSVARSFRIHET && beslut != NULL &&
	    strcmp(beslut, "beviljad") != 0 &&
	    strcmp(beslut, "ej_beviljad") != 0)
		return fs_err_set(err, FS_EINVAL, "beslut",
		    "måste vara beviljad eller ej_beviljad");
	rc = fs_forbund_get_kod(db, forbund_kod, &f, err);
	if (rc != FS_OK)
		goto out;
	if (h == FS_KAL_ANSVARSFRIHET) {
		rc = fs_forbund_members(db, f.id, &m, &n, err);
		if (rc != FS_OK)
			goto out;
		if (!member_during(m, n, med, ar)) {
			rc = fs_err_set(err, FS_EINVAL, "medlem",
			    "var inte medlem i förbundet det året");
			goto out;
		}
	}
	rc = fs_store_stmt(db->store, FS_STMT_KAL_UPSERT, &s, err);
	if (rc != FS_OK)
		goto out;
	fs_stmt_bind_i64(s, 1, f.id);
	fs_stmt_bind_i64(s, 2, ar);
	fs_stmt_bind_str(s, 3, handelse_names[h]);
	fs_stmt_bind_str(s, 4, med);
	fs_stmt_bind_date(s, 5, datum);
	if (h == FS_KAL_ANSVARSFRIHET)
		fs_stmt_bind_str(s, 6, beslut == NULL ? "beviljad" : beslut);
	else
		fs_stmt_bind_null(s, 6);
	rc = fs_stmt_exec(s, err);
	snprintf(obj, sizeof(obj), "%s %d %s %s", f.kod, ar, handelse_names[h],
	    med);
	if (rc == FS_OK)
		rc = fs_db_audit(db, "ekonomi.kalender", obj, f.id, 0, "ok",
		    NULL, err);
out:
	free(m);
	fs_forbund_release(&f);
	return rc;
}

/* One recorded event. */
struct ev {
	int	 ar;
	int	 h;
	char	 medlem[8];
	int32_t	 datum;
	char	 beslut[16];
};

static const struct ev *
find_ev(const struct ev *v, size_t n, int ar, int h, const char *medlem)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].ar == ar && v[i].h == h &&
		    strcmp(v[i].medlem, medlem) == 0)
			return &v[i];
	return NULL;
}

static enum fs_rc
load_events(struct fs_db *db, int64_t fid, struct ev **out, size_t *n,
    struct fs_err *err)
{
	struct ev *v = NULL, *g;
	struct fs_stmt *s;
	size_t cnt = 0;
	enum fs_rc rc;
	bool row;

	*out = NULL;
	*n = 0;
	rc = fs_store_stmt(db->store, FS_STMT_KAL_LIST, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, fid);
	for (;;) {
		rc = fs_stmt_step(s, &row, err);
		if (rc != FS_OK || !row)
			break;
		g = fs_reallocarray(v, cnt + 1, sizeof(*v));
		if (g == NULL) {
			rc = FIN_NOMEM(err);
			break;
		}
		v = g;
		memset(&v[cnt], 0, sizeof(v[cnt]));
		v[cnt].ar = (int)fs_stmt_col_i64(s, 0);
		v[cnt].h = fs_kal_handelse_find(fs_stmt_col_text(s, 1, NULL));
		snprintf(v[cnt].medlem, sizeof(v[cnt].medlem), "%s",
		    fs_stmt_col_text(s, 2, NULL));
		v[cnt].datum = fs_stmt_col_date(s, 3);
		snprintf(v[cnt].beslut, sizeof(v[cnt].beslut), "%s",
		    fs_stmt_col_text(s, 4, NULL));
		cnt++;
	}
	fs_stmt_reset(s);
	if (rc != FS_OK) {
		free(v);
		return rc;
	}
	*out = v;
	*n = cnt;
	return FS_OK;
}

/* A member's name for people. */
static void
member_name(struct fs_db *db, const struct fs_medlem *m, char out[48])
{
	struct fs_stmt *s;
	bool row = false;
	enum fs_stmt_id id = m->parttyp == FS_PART_REGION ? FS_STMT_LAN_GET :
	    FS_STMT_KOMMUN_GET;

	if (m->parttyp == FS_PART_FK) {
		snprintf(out, 48, "%s", "Försäkringskassan");
		return;
	}
	if (m->parttyp == FS_PART_AF) {
		snprintf(out, 48, "%s", "Arbetsförmedlingen");
		return;
	}
	snprintf(out, 48, "%s", m->kod);
	if (fs_store_stmt(db->store, id, &s, NULL) != FS_OK)
		return;
	fs_stmt_bind_str(s, 1, m->kod);
	if (fs_stmt_step(s, &row, NULL) == FS_OK && row) {
		if (m->parttyp == FS_PART_REGION)
			snprintf(out, 48, "Region (%s)",
			    fs_stmt_col_text(s, 1, NULL));
		else
			snprintf(out, 48, "%s", fs_stmt_col_text(s, 2, NULL));
	}
	fs_stmt_reset(s);
}

struct cal {
	struct fs_kalender	*k;
	size_t			 cap;
	const struct ev		*ev;
	size_t			 nev;
};

static enum fs_rc
add(struct cal *c, int h, int ar, const char *medlem, const char *namn,
    int32_t due, bool antagande, struct fs_err *err)
{
	struct fs_kal_punkt *p;
	const struct ev *e = find_ev(c->ev, c->nev, ar, h, medlem);

	if (c->k->npunkt == c->cap) {
		size_t ncap = c->cap == 0 ? 16 : c->cap * 2;

		p = fs_reallocarray(c->k->punkt, ncap, sizeof(*p));
		if (p == NULL)
			return FIN_NOMEM(err);
		c->k->punkt = p;
		c->cap = ncap;
	}
	p = &c->k->punkt[c->k->npunkt++];
	memset(p, 0, sizeof(*p));
	p->handelse = (enum fs_kal_handelse)h;
	p->ar = ar;
	snprintf(p->medlem, sizeof(p->medlem), "%s", medlem);
	snprintf(p->medlem_namn, sizeof(p->medlem_namn), "%s", namn);
	p->forfaller = due;
	p->antagande = antagande;
	p->datum = e == NULL ? FS_DATE_NONE : e->datum;
	if (e != NULL)
		snprintf(p->beslut, sizeof(p->beslut), "%s", e->beslut);
	if (p->datum != FS_DATE_NONE)
		p->status = p->datum <= due ? FS_KAL_KLAR : FS_KAL_SEN;
	else
		p->status = c->k->idag > due ? FS_KAL_FORSENAD : FS_KAL_VANTAR;
	return FS_OK;
}

/* The budget of year ar and its samråd. */
static enum fs_rc
budget(struct cal *c, int ar, struct fs_err *err)
{
	int32_t due = fs_date_from_ymd(ar - 1, 11, 30);
	const struct ev *b = find_ev(c->ev, c->nev, ar, FS_KAL_BUDGET, "");
	struct fs_kal_punkt *p;
	char d[11], dd[11];
	enum fs_rc rc;

	rc = add(c, FS_KAL_SAMRAD, ar, "", "", b != NULL && b->datum < due ?
	    b->datum : due, false, err);
	if (rc != FS_OK)
		return rc;
	p = &c->k->punkt[c->k->npunkt - 1];
	fin_date(d, p->forfaller);
	fin_date(dd, p->datum);
	if (p->datum != FS_DATE_NONE && b != NULL && p->datum > b->datum) {
		p->status = FS_KAL_SEN;
		snprintf(p->text, sizeof(p->text), "Samråd med medlemmarna om "
		    "budget %d hölls %s, efter budgetbeslutet: samrådet ska "
		    "komma före.", ar, dd);
	} else if (p->datum != FS_DATE_NONE)
		snprintf(p->text, sizeof(p->text), "Samråd med medlemmarna om "
		    "budget %d hölls %s.", ar, dd);
	else
		snprintf(p->text, sizeof(p->text), "Samråd med medlemmarna om "
		    "budget %d ska hållas före budgetbeslutet, senast %s.", ar,
		    d);
	rc = add(c, FS_KAL_BUDGET, ar, "", "", due, false, err);
	if (rc != FS_OK)
		return rc;
	p = &c->k->punkt[c->k->npunkt - 1];
	fin_date(d, due);
	fin_date(dd, p->datum);
	if (p->datum != FS_DATE_NONE)
		snprintf(p->text, sizeof(p->text), "Budget %d fastställd av "
		    "styrelsen %s (senast %s).", ar, dd, d);
	else
		snprintf(p->text, sizeof(p->text), "Budget %d ska fastställas "
		    "av styrelsen senast %s, efter samråd med medlemmarna.", ar,
		    d);
	return FS_OK;
}

static int
punkt_cmp(const void *a, const void *b)
{
	const struct fs_kal_punkt *x = a, *y = b;

	if (x->forfaller != y->forfaller)
		return x->forfaller < y->forfaller ? -1 : 1;
	if (x->handelse != y->handelse)
		return x->handelse < y->handelse ? -1 : 1;
	return strcmp(x->medlem, y->medlem);
}

enum fs_rc
fs_kalender(struct fs_db *db, const char *forbund_kod, int32_t idag,
    struct fs_kalender *out, struct fs_err *err)
{
	struct fs_medlem *m = NULL;
	struct fs_forbund f;
	struct ev *ev = NULL;
	struct cal c;
	size_t nm = 0, nev = 0;
	int y, start;
	char d[11], dd[11];
	enum fs_rc rc;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	fs_forbund_init(&f);
	if (idag == FS_DATE_NONE)
		return fs_err_set(err, FS_EINVAL, "idag", "måste anges");
	rc = fs_forbund_get_kod(db, forbund_kod, &f, err);
	if (rc != FS_OK)
		goto out;
	snprintf(out->kod, sizeof(out->kod), "%s", f.kod);
	out->namn = fs_strdup(f.namn);
	out->idag = idag;
	if (out->namn == NULL) {
		rc = FIN_NOMEM(err);
		goto out;
	}
	rc = load_events(db, f.id, &ev, &nev, err);
	if (rc == FS_OK)
		rc = fs_forbund_members(db, f.id, &m, &nm, err);
	if (rc != FS_OK)
		goto out;
	c.k = out;
	c.ev = ev;
	c.nev = nev;
	y = fin_year(idag);
	start = fin_year(f.startdatum);
	if (f.slutdatum == FS_DATE_NONE || fin_year(f.slutdatum) > y)
		rc = budget(&c, y + 1, err);
	if (rc == FS_OK && start <= y)
		rc = budget(&c, y, err);
	if (rc == FS_OK && start <= y - 1) {
		int32_t due = fs_date_from_ymd(y, 3, 31);
		struct fs_kal_punkt *p;

		rc = add(&c, FS_KAL_ARSREDOVISNING, y - 1, "", "", due, false,
		    err);
		if (rc == FS_OK) {
			p = &out->punkt[out->npunkt - 1];
			fin_date(d, due);
			fin_date(dd, p->datum);
			if (p->datum != FS_DATE_NONE)
				snprintf(p->text, sizeof(p->text),
				    "Årsredovisning %d fastställd %s (senast "
				    "%s).", y - 1, dd, d);
			else
				snprintf(p->text, sizeof(p->text),
				    "Årsredovisning %d ska vara klar senast %s, "
				    "tre månader efter årets slut.", y - 1, d);
		}
	}
	for (size_t i = 0; rc == FS_OK && start <= y - 1 && i < nm; i++) {
		int32_t due = fs_date_from_ymd(y, 6, 30);
		struct fs_kal_punkt *p;
		char namn[48];
		bool seen = false;

		if (!member_during(&m[i], 1, m[i].kod, y - 1))
			continue;
		for (size_t j = 0; j < i; j++)
			if (strcmp(m[j].kod, m[i].kod) == 0 &&
			    member_during(&m[j], 1, m[j].kod, y - 1))
				seen = true;
		if (seen)
			continue;
		member_name(db, &m[i], namn);
		rc = add(&c, FS_KAL_ANSVARSFRIHET, y - 1, m[i].kod, namn, due,
		    true, err);
		if (rc != FS_OK)
			break;
		p = &out->punkt[out->npunkt - 1];
		fin_date(d, due);
		fin_date(dd, p->datum);
		if (p->datum != FS_DATE_NONE)
			snprintf(p->text, sizeof(p->text), "Ansvarsfrihet %d: "
			    "%s beslutade %s (%s).", y - 1, namn, dd,
			    strcmp(p->beslut, "ej_beviljad") == 0 ?
			    "ej beviljad" : "beviljad");
		else
			snprintf(p->text, sizeof(p->text), "Ansvarsfrihet %d: "
			    "beslut från %s saknas; väntas senast %s (antaget "
			    "datum).", y - 1, namn, d);
	}
	if (rc != FS_OK)
		goto out;
	qsort(out->punkt, out->npunkt, sizeof(*out->punkt), punkt_cmp);
	for (size_t i = 0; i < out->npunkt; i++) {
		if (out->punkt[i].status == FS_KAL_FORSENAD)
			out->forsenade++;
		if (out->punkt[i].status == FS_KAL_VANTAR)
			out->vantar++;
	}
out:
	free(ev);
	free(m);
	fs_forbund_release(&f);
	if (rc != FS_OK)
		fs_kalender_release(out);
	return rc;
}

enum fs_rc
fs_kalender_write(const struct fs_kalender *k, enum fs_ek_format f,
    struct fs_buf *out, struct fs_err *err)
{
	char d[11], dd[11];
	enum fs_rc rc;

	fin_date(d, k->idag);
	if (f == FS_EK_JSON) {
		json_t *o = json_object(), *a = json_array();

		json_object_set_new(o, "forbund_kod", json_string(k->kod));
		json_object_set_new(o, "namn", json_string(k->namn));
		json_object_set_new(o, "idag", json_string(d));
		json_object_set_new(o, "forsenade", json_integer(
		    (json_int_t)k->forsenade));
		json_object_set_new(o, "vantar", json_integer(
		    (json_int_t)k->vantar));
		for (size_t i = 0; i < k->npunkt; i++) {
			const struct fs_kal_punkt *p = &k->punkt[i];
			json_t *x = json_object();

			fin_date(dd, p->forfaller);
			json_object_set_new(x, "handelse",
			    json_string(handelse_names[p->handelse]));
			json_object_set_new(x, "ar", json_integer(p->ar));
			json_object_set_new(x, "medlem", p->medlem[0] == '\0' ?
			    json_null() : json_string(p->medlem));
			json_object_set_new(x, "medlem_namn",
			    p->medlem[0] == '\0' ? json_null() :
			    json_string(p->medlem_namn));
			json_object_set_new(x, "forfaller", json_string(dd));
			fin_date(dd, p->datum);
			json_object_set_new(x, "datum", p->datum ==
			    FS_DATE_NONE ? json_null() : json_string(dd));
			json_object_set_new(x, "beslut", p->beslut[0] == '\0' ?
			    json_null() : json_string(p->beslut));
			json_object_set_new(x, "status",
			    json_string(status_names[p->status]));
			json_object_set_new(x, "antagande",
			    json_boolean(p->antagande));
			json_object_set_new(x, "text", json_string(p->text));
			json_array_append_new(a, x);
		}
		json_object_set_new(o, "punkter", a);
		rc = fin_json_dump(o, out, err);
		json_decref(o);
		return rc;
	}
	rc = fs_buf_addf(out, "Kalender för %s (%s) den %s: %zu försenade, "
	    "%zu väntar\n\n", k->namn, k->kod, d, k->forsenade, k->vantar);
	for (size_t i = 0; rc == FS_OK && i < k->npunkt; i++) {
		const struct fs_kal_punkt *p = &k->punkt[i];

		fin_date(dd, p->forfaller);
		rc = fs_buf_addf(out, "%-10s ", dd);
		if (rc == FS_OK)
			rc = fin_pad(out, status_tags[p->status], 9);
		if (rc == FS_OK)
			rc = fs_buf_addf(out, " %s\n", p->text);
	}
	return rc == FS_OK ? FS_OK : FIN_NOMEM(err);
}
