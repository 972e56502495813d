/* SPDX-License-Identifier: ISC */
/*
 * The audit log beyond fs_db_audit(): writing entries with every field
 * of spec/access.md (time, user, role, action, object, förbund/insats,
 * outcome, client address), the login/refusal helpers, and reading:
 * filtered, paginated queries, the förbundsadministratör's view
 * without participant data, and "who has read my data".  Owns no
 * table of its own (logg is append-only and only inserted into).
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "finsam/access.h"
#include "finsam/alloc.h"
#include "finsam/audit.h"
#include "finsam/buf.h"
#include "finsam/db.h"
#include "finsam/deltagande.h"
#include "finsam/parse.h"
#include "finsam/store.h"

#define QUERY_LIMIT_DEFAULT 100
#define QUERY_LIMIT_MAX 1000
#define READERS_MAX 10000
#define FILTER_TEXT_MAX 200

/*
 * Actions whose detaljer hold no participant data: the förbund view
 * shows detaljer only for these (a name ending in '.' is a prefix).
 * Everything else, deltagande.*, samtycke.*, person.* and any action
 * added later, has its detaljer left out: default deny.
 */
static const char *const details_allowed[] = {
	"forbund.", "insats.", "import.", "anonyma.", "antal.",
	"inloggning", "utloggning", "session.", "anvandare.", "nekad",
};

void
fs_audit_time(int64_t now, char out[21])
{
	struct tm tm;
	time_t t = (time_t)now;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 21, "1970-01-01T00:00:00Z");
}

static void
bind_opt_str(struct fs_stmt *s, int i, const char *v)
{
	if (v == NULL || *v == '\0')
		fs_stmt_bind_null(s, i);
	else
		fs_stmt_bind_str(s, i, v);
}

static void
bind_opt_id(struct fs_stmt *s, int i, int64_t v)
{
	if (v == 0)
		fs_stmt_bind_null(s, i);
	else
		fs_stmt_bind_i64(s, i, v);
}

/* "" is stored as NULL, as for every optional text of an entry. */
static const char *
opt(const char *v)
{
	return v != NULL && *v != '\0' ? v : NULL;
}

enum fs_rc
fs_audit_write(struct fs_db *db, const struct fs_audit_entry *e,
    struct fs_err *err)
{
	struct fs_db_logg l;

	if (e->handling == NULL || e->utfall == NULL)
		return fs_err_set(err, FS_EINVAL, "handling",
		    "en loggpost måste ha handling och utfall");
	memset(&l, 0, sizeof(l));
	l.tid = e->tid[0] != '\0' ? e->tid : NULL;
	l.anvandare = e->anvandare != NULL ? e->anvandare : db->actor;
	l.roll = opt(e->roll);
	l.handling = e->handling;
	l.objekt = opt(e->objekt);
	l.forbund_id = e->forbund_id;
	l.insats_id = e->insats_id;
	l.utfall = e->utfall;
	l.klient = opt(e->klientadress);
	l.detaljer = opt(e->detaljer);
	return fs_db_logg_write(db, &l, err);
}

/* The distinct role keys of p, comma-separated, into out. */
static void
role_list(const struct fs_principal *p, char *out, size_t size)
{
	bool seen[FS_ROLE__MAX] = { false };
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; p != NULL && i < p->nassignments; i++) {
		enum fs_role r = p->assignments[i].role;
		int w;

		if ((unsigned)r >= FS_ROLE__MAX || seen[r])
			continue;
		seen[r] = true;
		w = snprintf(out + len, size - len, "%s%s", len > 0 ? "," : "",
		    fs_role_name(r));
		if (w < 0 || (size_t)w >= size - len)
			break;
		len += (size_t)w;
	}
}

enum fs_rc
fs_audit_refusal(struct fs_db *db, const struct fs_principal *p,
    enum fs_perm perm, const struct fs_scope *s, const char *objekt,
    const char *client_addr, int64_t now, struct fs_err *err)
{
	struct fs_audit_entry e;
	char roles_text[160], details[96];
	const char *pn = fs_perm_name(perm);

	memset(&e, 0, sizeof(e));
	fs_audit_time(now, e.tid);
	role_list(p, roles_text, sizeof(roles_text));
	snprintf(details, sizeof(details), "{\"behorighet\":\"%s\"}",
	    pn != NULL ? pn : "okand");
	e.anvandare = (char *)(p != NULL && p->user_id != 0 ? p->name :
	    "anonym");
	e.roll = roles_text;
	e.handling = (char *)"nekad";
	e.objekt = (char *)objekt;
	e.forbund_id = s != NULL ? s->forbund_id : 0;
	e.insats_id = s != NULL ? s->insats_id : 0;
	e.utfall = (char *)"nekad";
	e.klientadress = (char *)client_addr;
	e.detaljer = details;
	return fs_audit_write(db, &e, err);
}

enum fs_rc
fs_audit_action(struct fs_db *db, const struct fs_principal *p,
    enum fs_perm perm, const struct fs_scope *s, const char *handling,
    const char *objekt, const char *client_addr, int64_t now,
    struct fs_err *err)
{
	struct fs_audit_entry e;
	enum fs_role by;

	memset(&e, 0, sizeof(e));
	fs_audit_time(now, e.tid);
	(void)fs_access_check_role(p, perm, s, &by);
	e.anvandare = (char *)(p != NULL && p->user_id != 0 ? p->name :
	    "anonym");
	e.roll = (char *)fs_role_name(by);
	e.handling = (char *)handling;
	e.objekt = (char *)objekt;
	e.forbund_id = s != NULL ? s->forbund_id : 0;
	e.insats_id = s != NULL ? s->insats_id : 0;
	e.utfall = (char *)"ok";
	e.klientadress = (char *)client_addr;
	return fs_audit_write(db, &e, err);
}

/* ---- reading ---- */

static void
entry_release(struct fs_audit_entry *e)
{
	free(e->anvandare);
	free(e->roll);
	free(e->handling);
	free(e->objekt);
	free(e->utfall);
	free(e->klientadress);
	free(e->detaljer);
	memset(e, 0, sizeof(*e));
}

void
fs_audit_page_release(struct fs_audit_page *pg)
{
	if (pg == NULL)
		return;
	for (size_t i = 0; i < pg->n; i++)
		entry_release(&pg->v[i]);
	free(pg->v);
	pg->v = NULL;
	pg->n = 0;
	pg->next = 0;
}

static bool
details_shown(const char *handling)
{
	for (size_t i = 0; i < FS_NELEM(details_allowed); i++) {
		const char *a = details_allowed[i];
		size_t n = strlen(a);

		if (a[n - 1] == '.' ? strncmp(handling, a, n) == 0 :
		    strcmp(handling, a) == 0)
			return true;
	}
	return false;
}

/* Column c as an owned string, NULL for SQL NULL; *oom on failure. */
static char *
col_dup(struct fs_stmt *s, int c, bool *oom)
{
	const char *t;
	size_t len;
	char *p;

	if (fs_stmt_col_null(s, c))
		return NULL;
	t = fs_stmt_col_text(s, c, &len);
	p = fs_strndup(t, len);
	if (p == NULL)
		*oom = true;
	return p;
}

struct read_arg {
	enum fs_audit_view	 view;
	bool			 no_details;
};

/* fs_row_fn: one logg row (columns of LOGG_COLS) into an entry. */
static enum fs_rc
read_entry(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	struct fs_audit_entry *e = elem;
	const struct read_arg *ra = arg;
	const char *t;
	bool oom = false;

	e->id = fs_stmt_col_i64(s, 0);
	t = fs_stmt_col_text(s, 1, NULL);
	snprintf(e->tid, sizeof(e->tid), "%s", t);
	e->anvandare = col_dup(s, 2, &oom);
	e->roll = col_dup(s, 3, &oom);
	e->handling = col_dup(s, 4, &oom);
	e->objekt = col_dup(s, 5, &oom);
	e->forbund_id = fs_stmt_col_null(s, 6) ? 0 : fs_stmt_col_i64(s, 6);
	e->insats_id = fs_stmt_col_null(s, 7) ? 0 : fs_stmt_col_i64(s, 7);
	e->utfall = col_dup(s, 8, &oom);
	e->klientadress = col_dup(s, 9, &oom);
	if (!ra->no_details && (ra->view == FS_AUDIT_VIEW_FULL ||
	    (e->handling != NULL && details_shown(e->handling))))
		e->detaljer = col_dup(s, 10, &oom);
	if (oom)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	return FS_OK;
}

/*
 * A time bound of the filter: "YYYY-MM-DD" (the whole day: from its
 * first second, or to its last when end) or "YYYY-MM-DDTHH:MM:SSZ",
 * normalised into out.  NULL or "" gives "" (no bound).
 */
static enum fs_rc
time_bound(const char *in, bool end, const char *field, char out[21],
    struct fs_err *err)
{
	int32_t day;
	int64_t v;
	size_t len;
	enum fs_rc rc;

	out[0] = '\0';
	if (in == NULL || *in == '\0')
		return FS_OK;
	len = strlen(in);
	if (len != 10 && len != 20)
		goto bad;
	rc = fs_parse_date(in, 10, &day, field, NULL);
	if (rc != FS_OK)
		goto bad;
	if (len == 10) {
		snprintf(out, 21, "%.10sT%s", in,
		    end ? "23:59:59Z" : "00:00:00Z");
		return FS_OK;
	}
	if (in[10] != 'T' || in[13] != ':' || in[16] != ':' || in[19] != 'Z')
		goto bad;
	if (fs_parse_i64(in + 11, 2, 0, 23, &v, field, NULL) != FS_OK ||
	    fs_parse_i64(in + 14, 2, 0, 59, &v, field, NULL) != FS_OK ||
	    fs_parse_i64(in + 17, 2, 0, 59, &v, field, NULL) != FS_OK)
		goto bad;
	snprintf(out, 21, "%s", in);
	return FS_OK;
bad:
	return fs_err_set(err, FS_EINVAL, field,
	    "ska vara ett datum ÅÅÅÅ-MM-DD eller en tidpunkt "
	    "ÅÅÅÅ-MM-DDTHH:MM:SSZ (UTC)");
}

static enum fs_rc
text_filter(const char *v, const char *field, struct fs_err *err)
{
	if (v != NULL && strlen(v) > FILTER_TEXT_MAX)
		return fs_err_set(err, FS_EINVAL, field,
		    "högst %d tecken", FILTER_TEXT_MAX);
	return FS_OK;
}

enum fs_rc
fs_audit_query(struct fs_db *db, const struct fs_audit_filter *f,
    enum fs_audit_view view, struct fs_audit_page *out, struct fs_err *err)
{
	struct read_arg ra = { view, false };
	struct fs_stmt *s;
	char fran[21], till[21];
	size_t limit, hlen = 0;
	bool prefix = false;
	void *v = NULL;
	size_t n = 0;
	enum fs_rc rc;

	memset(out, 0, sizeof(*out));
	if (view != FS_AUDIT_VIEW_FULL && view != FS_AUDIT_VIEW_FORBUND)
		return fs_err_set(err, FS_EINVAL, "vy", "okänd loggvy");
	if (f->forbund_id < 0)
		return fs_err_set(err, FS_EINVAL, "forbund",
		    "ska vara ett förbunds id");
	if (view == FS_AUDIT_VIEW_FORBUND && f->forbund_id == 0)
		return fs_err_set(err, FS_EINVAL, "forbund",
		    "förbundets logg visas bara för ett angivet förbund");
	if (f->insats_id < 0)
		return fs_err_set(err, FS_EINVAL, "insats",
		    "ska vara en insats id");
	if (f->fore_id < 0)
		return fs_err_set(err, FS_EINVAL, "fore",
		    "ska vara ett positivt loggpost-id");
	limit = f->limit == 0 ? QUERY_LIMIT_DEFAULT : f->limit;
	if (limit > QUERY_LIMIT_MAX)
		return fs_err_set(err, FS_EINVAL, "antal",
		    "högst %d poster per sida", QUERY_LIMIT_MAX);
	rc = text_filter(f->anvandare, "anvandare", err);
	if (rc == FS_OK)
		rc = text_filter(f->handling, "handling", err);
	if (rc == FS_OK)
		rc = text_filter(f->objekt, "objekt", err);
	if (rc == FS_OK)
		rc = time_bound(f->fran, false, "fran", fran, err);
	if (rc == FS_OK)
		rc = time_bound(f->till, true, "till", till, err);
	if (rc != FS_OK)
		return rc;
	if (fran[0] != '\0' && till[0] != '\0' && strcmp(fran, till) > 0)
		return fs_err_set(err, FS_EINVAL, "till",
		    "får inte ligga före fran");
	if (f->handling != NULL && *f->handling != '\0') {
		hlen = strlen(f->handling);
		prefix = f->handling[hlen - 1] == '.';
	}

	rc = fs_store_stmt(db->store, FS_STMT_LOGG_QUERY, &s, err);
	if (rc != FS_OK)
		return rc;
	bind_opt_id(s, 1, f->forbund_id);
	bind_opt_id(s, 2, f->insats_id);
	bind_opt_str(s, 3, f->anvandare);
	bind_opt_str(s, 4, prefix ? NULL : f->handling);
	bind_opt_str(s, 5, prefix ? f->handling : NULL);
	fs_stmt_bind_i64(s, 6, (int64_t)hlen);
	bind_opt_str(s, 7, f->objekt);
	bind_opt_str(s, 8, fran);
	bind_opt_str(s, 9, till);
	bind_opt_id(s, 10, f->fore_id);
	/* One row more than asked tells whether there is a next page. */
	fs_stmt_bind_i64(s, 11, (int64_t)limit + 1);
	rc = fs_stmt_collect(s, sizeof(struct fs_audit_entry), read_entry, &ra,
	    &v, &n, err);
	out->v = v;
	out->n = n;
	if (rc != FS_OK) {
		fs_audit_page_release(out);
		return rc;
	}
	if (out->n > limit) {
		entry_release(&out->v[limit]);
		out->n = limit;
		out->next = out->v[limit - 1].id;
	}
	return FS_OK;
}

static int
by_id_desc(const void *a, const void *b)
{
	const struct fs_audit_entry *x = a, *y = b;

	return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

/* Append the entries of src to dst (taking them), skipping ids seen. */
static enum fs_rc
merge(struct fs_audit_page *dst, struct fs_audit_entry *src, size_t n,
    struct fs_err *err)
{
	struct fs_audit_entry *nv;
	size_t k = dst->n;

	nv = fs_reallocarray(dst->v, dst->n + n + 1, sizeof(*nv));
	if (nv == NULL) {
		for (size_t i = 0; i < n; i++)
			entry_release(&src[i]);
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	}
	dst->v = nv;
	for (size_t i = 0; i < n; i++) {
		bool dup = false;

		for (size_t j = 0; j < dst->n && !dup; j++)
			dup = dst->v[j].id == src[i].id;
		if (dup)
			entry_release(&src[i]);
		else
			dst->v[k++] = src[i];
		dst->n = k;
	}
	return FS_OK;
}

enum fs_rc
fs_audit_readers(struct fs_db *db, const int64_t *ids, size_t n,
    struct fs_audit_page *out, struct fs_err *err)
{
	struct read_arg ra = { FS_AUDIT_VIEW_FULL, true };
	struct fs_deltagande d;
	struct fs_stmt *s;
	char obj[40], from[21], day[11];
	void *v;
	size_t nv;
	enum fs_rc rc = FS_OK;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n && rc == FS_OK; i++) {
		rc = fs_deltagande_get(db, ids[i], &d, err);
		if (rc != FS_OK)
			break;
		snprintf(obj, sizeof(obj), "deltagande %lld", (long long)ids[i]);
		fs_date_format(d.startdatum, day);
		snprintf(from, sizeof(from), "%sT00:00:00Z", day);
		rc = fs_store_stmt(db->store, FS_STMT_LOGG_READERS, &s, err);
		if (rc != FS_OK)
			break;
		fs_stmt_bind_str(s, 1, obj);
		fs_stmt_bind_i64(s, 2, d.insats_id);
		fs_stmt_bind_str(s, 3, from);
		fs_stmt_bind_i64(s, 4, READERS_MAX);
		v = NULL;
		nv = 0;
		rc = fs_stmt_collect(s, sizeof(struct fs_audit_entry),
		    read_entry, &ra, &v, &nv, err);
		if (rc != FS_OK) {
			struct fs_audit_entry *e = v;

			for (size_t j = 0; j < nv; j++)
				entry_release(&e[j]);
			free(v);
			break;
		}
		rc = merge(out, v, nv, err);
		free(v);
	}
	if (rc != FS_OK) {
		fs_audit_page_release(out);
		return rc;
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(out->v[0]), by_id_desc);
	while (out->n > READERS_MAX)
		entry_release(&out->v[--out->n]);
	return FS_OK;
}

enum fs_rc
fs_audit_readers_person(struct fs_db *db, const struct fs_pnr *pnr,
    struct fs_audit_page *out, struct fs_err *err)
{
	struct fs_deltagande *v = NULL;
	int64_t *ids = NULL;
	size_t n = 0;
	enum fs_rc rc;

	memset(out, 0, sizeof(*out));
	rc = fs_deltagande_of_person(db, pnr, &v, &n, err);
	if (rc != FS_OK || n == 0)
		goto out;
	ids = fs_reallocarray(NULL, n, sizeof(*ids));
	if (ids == NULL) {
		rc = fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		ids[i] = v[i].id;
	rc = fs_audit_readers(db, ids, n, out, err);
out:
	free(ids);
	free(v);
	return rc;
}
