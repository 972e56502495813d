/* SPDX-License-Identifier: ISC */
/*
 * The board of a förbund (styrelse.h): mandate periods, dated seats and
 * the check of the board's rules on a day.  Owns what is refused when a
 * seat is stored (an unknown member, a chair who is not a ledamot, two
 * chairs at once) and what is only reported (a member without a
 * ledamot, fewer ersättare than ledamöter, no chair, no mandate), since
 * a board is entered one seat at a time and is incomplete on the way.
 */
#include "compat.h"

#include <stdbool.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/codes.h"
#include "finsam/forbund.h"
#include "finsam/parse.h"
#include "finsam/store.h"
#include "finsam/styrelse.h"

#define NAMN_MAX 200

void
fs_ledamot_init(struct fs_ledamot *l)
{
	memset(l, 0, sizeof(*l));
	l->fran = FS_DATE_NONE;
	l->till = FS_DATE_NONE;
}

void
fs_styrelse_free(struct fs_ledamot *v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i].namn);
	free(v);
}

/* Do [a0, a1] and [b0, b1] share a day?  FS_DATE_NONE ends are open. */
static bool
overlaps(int32_t a0, int32_t a1, int32_t b0, int32_t b1)
{
	return (a1 == FS_DATE_NONE || a1 >= b0) &&
	    (b1 == FS_DATE_NONE || b1 >= a0);
}

static bool
held_on(int32_t fran, int32_t till, int32_t day)
{
	return fran <= day && (till == FS_DATE_NONE || till >= day);
}

/*
 * The member code as written by people ("FK", "af", "06", "0680") into
 * its party kind and canonical code; 0 when it is none of them.
 */
static int
member_kind(const char *p, char out[8])
{
	size_t len = strlen(p);
	bool digits = len > 0;

	for (size_t i = 0; i < len; i++)
		if (p[i] < '0' || p[i] > '9')
			digits = false;
	if (len == 2 && (p[0] == 'F' || p[0] == 'f') &&
	    (p[1] == 'K' || p[1] == 'k')) {
		snprintf(out, 8, "FK");
		return FS_PART_FK;
	}
	if (len == 2 && (p[0] == 'A' || p[0] == 'a') &&
	    (p[1] == 'F' || p[1] == 'f')) {
		snprintf(out, 8, "AF");
		return FS_PART_AF;
	}
	if (digits && (len == 2 || len == 4)) {
		snprintf(out, 8, "%s", p);
		return len == 2 ? FS_PART_REGION : FS_PART_KOMMUN;
	}
	return FS_PART_NONE;
}

/* ---- mandate periods ---- */

static enum fs_rc
read_mandat(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	struct fs_mandat *m = elem;

	(void)arg;
	(void)err;
	m->id = fs_stmt_col_i64(s, 0);
	m->fran = fs_stmt_col_date(s, 1);
	m->till = fs_stmt_col_date(s, 2);
	return FS_OK;
}

enum fs_rc
fs_styrelse_mandat_lista(struct fs_db *db, int64_t forbund_id,
    struct fs_mandat **out, size_t *n, struct fs_err *err)
{
	struct fs_stmt *s;
	void *v = NULL;
	enum fs_rc rc;

	*out = NULL;
	*n = 0;
	rc = fs_store_stmt(db->store, FS_STMT_STYRELSE_MANDAT_LIST, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, forbund_id);
	rc = fs_stmt_collect(s, sizeof(**out), read_mandat, NULL, &v, n, err);
	if (rc != FS_OK) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return FS_OK;
}

enum fs_rc
fs_styrelse_mandat(struct fs_db *db, int64_t forbund_id, int32_t fran,
    int32_t till, int64_t *id, struct fs_err *err)
{
	struct fs_mandat *m = NULL;
	struct fs_forbund f;
	struct fs_stmt *s;
	char a[11], b[11];
	size_t n = 0;
	enum fs_rc rc;
	bool own = false;

	fs_forbund_init(&f);
	if (fran == FS_DATE_NONE)
		return fs_err_set(err, FS_EINVAL, "fran", "måste anges");
	if (till == FS_DATE_NONE)
		return fs_err_set(err, FS_EINVAL, "till", "måste anges");
	if (till < fran)
		return fs_err_set(err, FS_EINVAL, "till",
		    "får inte ligga före fran");
	rc = fs_forbund_get(db, forbund_id, &f, err);
	if (rc != FS_OK)
		goto out;
	if (fran < f.startdatum) {
		rc = fs_err_set(err, FS_EINVAL, "fran",
		    "får inte ligga före förbundets startdatum");
		goto out;
	}
	rc = fs_styrelse_mandat_lista(db, forbund_id, &m, &n, err);
	if (rc != FS_OK)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (!overlaps(fran, till, m[i].fran, m[i].till))
			continue;
		fs_date_format(m[i].fran, a);
		fs_date_format(m[i].till, b);
		rc = fs_err_set(err, FS_ECONFLICT, "fran",
		    "mandatperioden överlappar perioden %s–%s", a, b);
		goto out;
	}
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		goto out;
	rc = fs_store_stmt(db->store, FS_STMT_STYRELSE_MANDAT_INSERT, &s, err);
	if (rc == FS_OK) {
		fs_stmt_bind_i64(s, 1, forbund_id);
		fs_stmt_bind_date(s, 2, fran);
		fs_stmt_bind_date(s, 3, till);
		rc = fs_stmt_exec(s, err);
	}
	if (rc == FS_OK && id != NULL)
		*id = fs_store_last_id(db->store);
	if (rc == FS_OK) {
		fs_date_format(fran, a);
		fs_date_format(till, b);
		rc = fs_db_audit(db, "styrelse.mandat", f.kod, forbund_id, 0,
		    "ok", a, err);
	}
	rc = fs_db_tx_end(db, own, rc, err);
out:
	free(m);
	fs_forbund_release(&f);
	return rc;
}

/* ---- seats ---- */

static enum fs_rc
read_seat(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	struct fs_ledamot *l = elem;
	const char *t;
	size_t len;

	(void)arg;
	l->id = fs_stmt_col_i64(s, 0);
	t = fs_stmt_col_text(s, 1, &len);
	l->parttyp = fs_code_find(FS_LIST_PARTTYP, t, len);
	snprintf(l->medlem, sizeof(l->medlem), "%s",
	    fs_stmt_col_text(s, 2, NULL));
	l->namn = fs_strdup(fs_stmt_col_text(s, 3, NULL));
	t = fs_stmt_col_text(s, 4, &len);
	l->uppdrag = fs_code_find(FS_LIST_UPPDRAG, t, len);
	l->roll = 0;
	if (!fs_stmt_col_null(s, 5)) {
		t = fs_stmt_col_text(s, 5, &len);
		l->roll = fs_code_find(FS_LIST_STYRELSEROLL, t, len);
	}
	l->fran = fs_stmt_col_date(s, 6);
	l->till = fs_stmt_col_date(s, 7);
	if (l->namn == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	return FS_OK;
}

enum fs_rc
fs_styrelse_lista(struct fs_db *db, int64_t forbund_id, int32_t day,
    struct fs_ledamot **out, size_t *n, struct fs_err *err)
{
	struct fs_stmt *s;
	void *v = NULL;
	enum fs_rc rc;

	*out = NULL;
	*n = 0;
	rc = fs_store_stmt(db->store, day == FS_DATE_NONE ?
	    FS_STMT_STYRELSE_LIST : FS_STMT_STYRELSE_LIST_ON, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, forbund_id);
	if (day != FS_DATE_NONE) {
		fs_stmt_bind_date(s, 2, day);
		fs_stmt_bind_date(s, 3, day);
	}
	rc = fs_stmt_collect(s, sizeof(**out), read_seat, NULL, &v, n, err);
	if (rc != FS_OK) {
		fs_styrelse_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return FS_OK;
}

/* Is the member (kind, code) a member of the förbund on day? */
static enum fs_rc
member_on(struct fs_db *db, int64_t forbund_id, int kind, const char *kod,
    int32_t day, bool *yes, struct fs_err *err)
{
	struct fs_medlem *m = NULL;
	size_t n = 0;
	enum fs_rc rc;

	*yes = false;
	rc = fs_forbund_members(db, forbund_id, &m, &n, err);
	for (size_t i = 0; rc == FS_OK && i < n; i++)
		if (m[i].parttyp == kind && strcmp(m[i].kod, kod) == 0 &&
		    held_on(m[i].fran, m[i].till, day))
			*yes = true;
	free(m);
	return rc;
}

/* "medlem=0680 uppdrag=ledamot roll=ordforande fran=... till=..." */
static enum fs_rc
seat_details(const struct fs_ledamot *l, struct fs_buf *b)
{
	char a[11], t[11] = "";
	const char *roll = fs_code_name(FS_LIST_STYRELSEROLL, l->roll);

	fs_date_format(l->fran, a);
	if (l->till != FS_DATE_NONE)
		fs_date_format(l->till, t);
	return fs_buf_addf(b, "medlem=%s uppdrag=%s roll=%s fran=%s till=%s",
	    l->medlem, fs_code_name(FS_LIST_UPPDRAG, l->uppdrag),
	    roll != NULL ? roll : "", a, t);
}

/* The rules a single seat must meet whatever the rest of the board. */
static enum fs_rc
check_seat(struct fs_ledamot *l, const char *medlem, struct fs_err *err)
{
	enum fs_rc rc;

	rc = fs_parse_name(l->namn != NULL ? l->namn : "",
	    l->namn != NULL ? strlen(l->namn) : 0, NAMN_MAX, "namn", err);
	if (rc != FS_OK)
		return rc;
	l->parttyp = member_kind(medlem, l->medlem);
	if (l->parttyp == FS_PART_NONE)
		return fs_err_set(err, FS_EINVAL, "medlem",
		    "ska vara FK, AF, en länskod (två siffror) eller en "
		    "kommunkod (fyra siffror)");
	if (l->uppdrag <= FS_UPPDRAG_NONE || l->uppdrag >= FS_UPPDRAG__MAX)
		return fs_err_set(err, FS_EINVAL, "uppdrag",
		    "ska vara ledamot eller ersattare");
	if (l->roll < FS_SROLL_NONE || l->roll >= FS_SROLL__MAX)
		return fs_err_set(err, FS_EINVAL, "roll",
		    "ska vara ordforande, vice_ordforande eller tom");
	if (l->roll != FS_SROLL_NONE && l->uppdrag != FS_UPPDRAG_LEDAMOT)
		return fs_err_set(err, FS_EINVAL, "roll",
		    "ordförande och vice ordförande ska vara ledamöter");
	if (l->fran == FS_DATE_NONE)
		return fs_err_set(err, FS_EINVAL, "fran", "måste anges");
	if (l->till != FS_DATE_NONE && l->till < l->fran)
		return fs_err_set(err, FS_EINVAL, "till",
		    "får inte ligga före fran");
	return FS_OK;
}

enum fs_rc
fs_styrelse_lagg_till(struct fs_db *db, int64_t forbund_id,
    struct fs_ledamot *l, struct fs_err *err)
{
	struct fs_ledamot *v = NULL;
	struct fs_forbund f;
	struct fs_stmt *s;
	struct fs_buf d;
	char medlem[8];
	size_t n = 0;
	enum fs_rc rc;
	bool own = false, member;

	fs_forbund_init(&f);
	fs_buf_init(&d, 0);
	snprintf(medlem, sizeof(medlem), "%.7s", l->medlem);
	rc = check_seat(l, medlem, err);
	if (rc != FS_OK)
		goto out;
	rc = fs_forbund_get(db, forbund_id, &f, err);
	if (rc != FS_OK)
		goto out;
	if (l->fran < f.startdatum) {
		rc = fs_err_set(err, FS_EINVAL, "fran",
		    "får inte ligga före förbundets startdatum");
		goto out;
	}
	rc = member_on(db, forbund_id, l->parttyp, l->medlem, l->fran,
	    &member, err);
	if (rc != FS_OK)
		goto out;
	if (!member) {
		rc = fs_err_set(err, FS_EINVAL, "medlem",
		    "är inte medlem i förbundet den dag uppdraget börjar");
		goto out;
	}
	rc = fs_styrelse_lista(db, forbund_id, FS_DATE_NONE, &v, &n, err);
	for (size_t i = 0; rc == FS_OK && l->roll != FS_SROLL_NONE && i < n;
	    i++)
		if (v[i].roll == l->roll &&
		    overlaps(l->fran, l->till, v[i].fran, v[i].till))
			rc = fs_err_set(err, FS_ECONFLICT, "roll",
			    "förbundet har redan en %s under den tiden; "
			    "avsluta det uppdraget först",
			    l->roll == FS_SROLL_ORDFORANDE ? "ordförande" :
			    "vice ordförande");
	if (rc != FS_OK)
		goto out;
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		goto out;
	rc = fs_store_stmt(db->store, FS_STMT_STYRELSE_INSERT, &s, err);
	if (rc == FS_OK) {
		fs_stmt_bind_i64(s, 1, forbund_id);
		fs_stmt_bind_str(s, 2, fs_code_name(FS_LIST_PARTTYP,
		    l->parttyp));
		fs_stmt_bind_str(s, 3, l->medlem);
		fs_stmt_bind_str(s, 4, l->namn);
		fs_stmt_bind_str(s, 5, fs_code_name(FS_LIST_UPPDRAG,
		    l->uppdrag));
		if (l->roll == FS_SROLL_NONE)
			fs_stmt_bind_null(s, 6);
		else
			fs_stmt_bind_str(s, 6, fs_code_name(
			    FS_LIST_STYRELSEROLL, l->roll));
		fs_stmt_bind_date(s, 7, l->fran);
		fs_stmt_bind_date(s, 8, l->till);
		rc = fs_stmt_exec(s, err);
	}
	if (rc == FS_OK) {
		l->id = fs_store_last_id(db->store);
		rc = seat_details(l, &d);
		if (rc != FS_OK)
			rc = fs_err_set(err, rc, NULL, "minnet räcker inte");
	}
	if (rc == FS_OK)
		rc = fs_db_audit(db, "styrelse.lagg_till", f.kod, forbund_id,
		    0, "ok", d.buf, err);
	rc = fs_db_tx_end(db, own, rc, err);
out:
	fs_styrelse_free(v, n);
	fs_buf_release(&d);
	fs_forbund_release(&f);
	return rc;
}

enum fs_rc
fs_styrelse_avsluta(struct fs_db *db, int64_t forbund_id, int64_t id,
    int32_t till, struct fs_err *err)
{
	struct fs_ledamot *v = NULL, *l = NULL;
	struct fs_forbund f;
	struct fs_stmt *s;
	struct fs_buf d;
	char fore[11] = "", efter[11];
	size_t n = 0;
	enum fs_rc rc;
	bool own = false;

	fs_forbund_init(&f);
	fs_buf_init(&d, 0);
	if (till == FS_DATE_NONE)
		return fs_err_set(err, FS_EINVAL, "till", "måste anges");
	rc = fs_forbund_get(db, forbund_id, &f, err);
	if (rc == FS_OK)
		rc = fs_styrelse_lista(db, forbund_id, FS_DATE_NONE, &v, &n,
		    err);
	for (size_t i = 0; rc == FS_OK && i < n; i++)
		if (v[i].id == id)
			l = &v[i];
	if (rc != FS_OK)
		goto out;
	if (l == NULL) {
		rc = fs_err_set(err, FS_ENOTFOUND, "id",
		    "det finns inget sådant uppdrag i förbundets styrelse");
		goto out;
	}
	if (till < l->fran) {
		rc = fs_err_set(err, FS_EINVAL, "till",
		    "får inte ligga före dagen uppdraget började");
		goto out;
	}
	if (l->till != FS_DATE_NONE)
		fs_date_format(l->till, fore);
	fs_date_format(till, efter);
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		goto out;
	rc = fs_store_stmt(db->store, FS_STMT_STYRELSE_END, &s, err);
	if (rc == FS_OK) {
		fs_stmt_bind_date(s, 1, till);
		fs_stmt_bind_i64(s, 2, id);
		fs_stmt_bind_i64(s, 3, forbund_id);
		rc = fs_stmt_exec(s, err);
	}
	if (rc == FS_OK && fs_buf_addf(&d, "uppdrag=%lld till: %s -> %s",
	    (long long)id, fore, efter) != FS_OK)
		rc = fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	if (rc == FS_OK)
		rc = fs_db_audit(db, "styrelse.avsluta", f.kod, forbund_id, 0,
		    "ok", d.buf, err);
	rc = fs_db_tx_end(db, own, rc, err);
out:
	fs_styrelse_free(v, n);
	fs_buf_release(&d);
	fs_forbund_release(&f);
	return rc;
}

/* ---- the rules of the board on a day ---- */

static enum fs_rc
add_finding(struct fs_styrelse_fynd **v, size_t *n,
    enum fs_styrelse_brist brist, const char *medlem, int led, int ers,
    struct fs_err *err)
{
	struct fs_styrelse_fynd *w;

	w = fs_reallocarray(*v, *n + 1, sizeof(**v));
	if (w == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	*v = w;
	memset(&w[*n], 0, sizeof(w[*n]));
	w[*n].brist = brist;
	snprintf(w[*n].medlem, sizeof(w[*n].medlem), "%s", medlem);
	w[*n].ledamoter = led;
	w[*n].ersattare = ers;
	(*n)++;
	return FS_OK;
}

enum fs_rc
fs_styrelse_kontroll(struct fs_db *db, int64_t forbund_id, int32_t day,
    struct fs_styrelse_fynd **out, size_t *n, struct fs_err *err)
{
	struct fs_mandat *m = NULL;
	struct fs_medlem *mm = NULL;
	struct fs_ledamot *v = NULL;
	size_t nm = 0, nmm = 0, nv = 0;
	bool mandat = false, ordf = false, vice = false;
	enum fs_rc rc;

	*out = NULL;
	*n = 0;
	rc = fs_styrelse_mandat_lista(db, forbund_id, &m, &nm, err);
	if (rc == FS_OK)
		rc = fs_forbund_members(db, forbund_id, &mm, &nmm, err);
	if (rc == FS_OK)
		rc = fs_styrelse_lista(db, forbund_id, day, &v, &nv, err);
	for (size_t i = 0; rc == FS_OK && i < nm; i++)
		if (held_on(m[i].fran, m[i].till, day))
			mandat = true;
	if (rc == FS_OK && !mandat)
		rc = add_finding(out, n, FS_SBRIST_INGET_MANDAT, "", 0, 0,
		    err);
	for (size_t i = 0; rc == FS_OK && i < nmm; i++) {
		int led = 0, ers = 0;

		if (!held_on(mm[i].fran, mm[i].till, day))
			continue;
		for (size_t k = 0; k < nv; k++) {
			if (v[k].parttyp != mm[i].parttyp ||
			    strcmp(v[k].medlem, mm[i].kod) != 0)
				continue;
			if (v[k].uppdrag == FS_UPPDRAG_LEDAMOT)
				led++;
			else
				ers++;
		}
		if (led == 0)
			rc = add_finding(out, n, FS_SBRIST_INGEN_LEDAMOT,
			    mm[i].kod, led, ers, err);
		else if (ers < led)
			rc = add_finding(out, n, FS_SBRIST_FA_ERSATTARE,
			    mm[i].kod, led, ers, err);
	}
	for (size_t k = 0; k < nv; k++) {
		ordf = ordf || v[k].roll == FS_SROLL_ORDFORANDE;
		vice = vice || v[k].roll == FS_SROLL_VICE_ORDFORANDE;
	}
	if (rc == FS_OK && !ordf)
		rc = add_finding(out, n, FS_SBRIST_INGEN_ORDFORANDE, "", 0, 0,
		    err);
	if (rc == FS_OK && !vice)
		rc = add_finding(out, n, FS_SBRIST_INGEN_VICE, "", 0, 0, err);
	free(m);
	free(mm);
	fs_styrelse_free(v, nv);
	if (rc != FS_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

static const char *const brist_namn[] = {
	[FS_SBRIST_INGET_MANDAT] = "inget_mandat",
	[FS_SBRIST_INGEN_LEDAMOT] = "ingen_ledamot",
	[FS_SBRIST_FA_ERSATTARE] = "fa_ersattare",
	[FS_SBRIST_INGEN_ORDFORANDE] = "ingen_ordforande",
	[FS_SBRIST_INGEN_VICE] = "ingen_vice_ordforande",
};
_Static_assert(FS_NELEM(brist_namn) == FS_SBRIST__MAX, "brist_namn");

const char *
fs_styrelse_brist_namn(enum fs_styrelse_brist b)
{
	return (unsigned)b < FS_SBRIST__MAX ? brist_namn[b] : "?";
}

enum fs_rc
fs_styrelse_fynd_text(const struct fs_styrelse_fynd *f, struct fs_buf *b)
{
	switch (f->brist) {
	case FS_SBRIST_INGET_MANDAT:
		return fs_buf_addstr(b, "Ingen mandatperiod gäller för "
		    "styrelsen.");
	case FS_SBRIST_INGEN_LEDAMOT:
		return fs_buf_addf(b, "Medlemmen %s har ingen ledamot i "
		    "styrelsen.", f->medlem);
	case FS_SBRIST_FA_ERSATTARE:
		return fs_buf_addf(b, "Medlemmen %s har %d %s men %d "
		    "ersättare; det ska finnas minst lika många ersättare "
		    "som ledamöter.", f->medlem, f->ledamoter,
		    f->ledamoter == 1 ? "ledamot" : "ledamöter", f->ersattare);
	case FS_SBRIST_INGEN_ORDFORANDE:
		return fs_buf_addstr(b, "Styrelsen har ingen ordförande.");
	case FS_SBRIST_INGEN_VICE:
		return fs_buf_addstr(b, "Styrelsen har ingen vice ordförande.");
	case FS_SBRIST__MAX:
		break;
	}
	return fs_buf_addstr(b, "Okänd brist.");
}
