/* SPDX-License-Identifier: ISC */
/*
 * Insatser (follow-up.md "Insats"): field rules, the immutable fields,
 * the status lifecycle and its decision on what follows, and keeping
 * every participation inside the insats period.
 */
#include "compat.h"

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/codes.h"
#include "finsam/insats.h"
#include "finsam/parse.h"
#include "finsam/store.h"

#define KOD_MAX 32
#define TEXT_MAX 4000

void
fs_insats_init(struct fs_insats *i)
{
	memset(i, 0, sizeof(*i));
	i->startdatum = FS_DATE_NONE;
	i->slutdatum = FS_DATE_NONE;
	i->beslut_fran = FS_DATE_NONE;
}

static void
free_malgrupper(struct fs_insats *i)
{
	for (size_t k = 0; k < i->nmalgrupper; k++)
		free(i->malgrupper[k]);
	free(i->malgrupper);
	i->malgrupper = NULL;
	i->nmalgrupper = 0;
}

void
fs_insats_release(struct fs_insats *i)
{
	free(i->kod);
	free(i->namn);
	free(i->beskrivning);
	free(i->preciserad_inriktning);
	free(i->beslut_medlem);
	free_malgrupper(i);
	fs_insats_init(i);
}

/* Replace *dst with a copy of p[0..len), or NULL when len is 0. */
static enum fs_rc
set_text(char **dst, const char *p, size_t len, const char *field,
    size_t max, struct fs_err *err)
{
	char *c = NULL;

	if (len > max)
		return fs_err_set(err, FS_EINVAL, field,
		    "får vara högst %zu tecken", max);
	if (len > 0) {
		c = fs_strndup(p, len);
		if (c == NULL)
			return fs_err_set(err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
	}
	free(*dst);
	*dst = c;
	return FS_OK;
}

static enum fs_rc
set_malgrupper(struct fs_insats *i, const char *p, size_t len,
    struct fs_err *err)
{
	size_t start = 0;
	char **v;

	free_malgrupper(i);
	for (size_t k = 0; k <= len && len > 0; k++) {
		if (k < len && p[k] != '|')
			continue;
		if (fs_code_find(FS_LIST_MALGRUPP, p + start, k - start) < 0)
			return fs_err_set(err, FS_EINVAL, "malgrupper",
			    "varje målgrupp måste vara en av: %s",
			    fs_code_names(FS_LIST_MALGRUPP));
		v = fs_reallocarray(i->malgrupper, i->nmalgrupper + 1,
		    sizeof(*v));
		if (v == NULL)
			return fs_err_set(err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
		i->malgrupper = v;
		v[i->nmalgrupper] = fs_strndup(p + start, k - start);
		if (v[i->nmalgrupper] == NULL)
			return fs_err_set(err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
		i->nmalgrupper++;
		start = k + 1;
	}
	return FS_OK;
}

static bool
field_is(const char *field, const char *name)
{
	return strcmp(field, name) == 0;
}

enum fs_rc
fs_insats_set(struct fs_insats *i, const char *field, const char *p,
    size_t len, struct fs_err *err)
{
	if (field_is(field, "insats_kod") || field_is(field, "kod"))
		return set_text(&i->kod, p, len, "insats_kod", KOD_MAX, err);
	if (field_is(field, "namn"))
		return set_text(&i->namn, p, len, field, 200, err);
	if (field_is(field, "beskrivning"))
		return set_text(&i->beskrivning, p, len, field, TEXT_MAX, err);
	if (field_is(field, "startdatum"))
		return fs_parse_opt_date(p, len, &i->startdatum, field, err);
	if (field_is(field, "slutdatum"))
		return fs_parse_opt_date(p, len, &i->slutdatum, field, err);
	if (field_is(field, "inriktning"))
		return fs_code_parse(FS_LIST_INRIKTNING, p, len,
		    &i->inriktning, field, err);
	if (field_is(field, "preciserad_inriktning"))
		return set_text(&i->preciserad_inriktning, p, len, field,
		    KOD_MAX * 2, err);
	if (field_is(field, "uppfoljning"))
		return fs_code_parse(FS_LIST_UPPFOLJNING, p, len,
		    &i->uppfoljning, field, err);
	if (field_is(field, "status"))
		return fs_code_parse(FS_LIST_STATUS, p, len,
		    &i->status, field, err);
	if (field_is(field, "beslut"))
		return fs_code_parse(FS_LIST_BESLUT, p, len,
		    &i->beslut, field, err);
	if (field_is(field, "beslut_medlem"))
		return set_text(&i->beslut_medlem, p, len, field, 8, err);
	if (field_is(field, "beslut_fran"))
		return fs_parse_opt_date(p, len, &i->beslut_fran, field, err);
	if (field_is(field, "malgrupper"))
		return set_malgrupper(i, p, len, err);
	if (field_is(field, "esf")) {
		if (len == 0 || (len == 3 && memcmp(p, "nej", 3) == 0) ||
		    (len == 1 && p[0] == '0'))
			i->esf = false;
		else if ((len == 2 && memcmp(p, "ja", 2) == 0) ||
		    (len == 1 && p[0] == '1'))
			i->esf = true;
		else
			return fs_err_set(err, FS_EINVAL, field,
			    "måste vara ja eller nej");
		return FS_OK;
	}
	return fs_err_set(err, FS_EINVAL, field, "okänt fält för en insats");
}

enum fs_rc
fs_insats_check(struct fs_insats *i, struct fs_err *err)
{
	enum fs_list prec;

	if (i->kod == NULL)
		return fs_err_set(err, FS_EINVAL, "insats_kod", "måste anges");
	if (strpbrk(i->kod, " \t,;|") != NULL)
		return fs_err_set(err, FS_EINVAL, "insats_kod",
		    "får inte innehålla mellanslag, komma, semikolon eller |");
	if (i->namn == NULL)
		return fs_err_set(err, FS_EINVAL, "namn", "måste anges");
	if (i->startdatum == FS_DATE_NONE)
		return fs_err_set(err, FS_EINVAL, "startdatum", "måste anges");
	if (i->slutdatum != FS_DATE_NONE && i->slutdatum < i->startdatum)
		return fs_err_set(err, FS_EINVAL, "slutdatum",
		    "får inte ligga före startdatum");
	if (i->inriktning == FS_INR_NONE)
		return fs_err_set(err, FS_EINVAL, "inriktning",
		    "måste anges: individ eller struktur");
	if (i->uppfoljning == FS_UPPF_NONE)
		i->uppfoljning = i->inriktning == FS_INR_STRUKTUR ?
		    FS_UPPF_ANTAL : FS_UPPF_INDIVID;
	prec = i->inriktning == FS_INR_INDIVID ? FS_LIST_PREC_INDIVID :
	    FS_LIST_PREC_STRUKTUR;
	if (i->preciserad_inriktning != NULL &&
	    fs_code_find(prec, i->preciserad_inriktning,
	    strlen(i->preciserad_inriktning)) < 0)
		return fs_err_set(err, FS_EINVAL, "preciserad_inriktning",
		    "passar inte inriktningen %s; tillåtna: %s",
		    fs_code_name(FS_LIST_INRIKTNING, i->inriktning),
		    fs_code_names(prec));
	if (i->status == FS_STATUS_NONE) {
		int32_t today = fs_date_today();

		if (i->startdatum > today)
			i->status = FS_STATUS_PLANERAD;
		else if (i->slutdatum != FS_DATE_NONE && i->slutdatum < today)
			i->status = FS_STATUS_AVSLUTAD;
		else
			i->status = FS_STATUS_PAGAENDE;
	}
	if (i->status == FS_STATUS_AVSLUTAD && i->slutdatum == FS_DATE_NONE)
		return fs_err_set(err, FS_EINVAL, "slutdatum",
		    "måste anges när insatsen är avslutad");
	if (i->beslut != FS_BESLUT_NONE && i->status != FS_STATUS_AVSLUTAD)
		return fs_err_set(err, FS_EINVAL, "beslut",
		    "beslut om vad som följer fattas när insatsen är avslutad");
	if (i->beslut == FS_BESLUT_IMPLEMENTERAD &&
	    (i->beslut_medlem == NULL || i->beslut_fran == FS_DATE_NONE))
		return fs_err_set(err, FS_EINVAL, "beslut_medlem",
		    "implementerad kräver vilken medlem och från vilket datum");
	if (i->beslut != FS_BESLUT_IMPLEMENTERAD &&
	    (i->beslut_medlem != NULL || i->beslut_fran != FS_DATE_NONE))
		return fs_err_set(err, FS_EINVAL, "beslut_medlem",
		    "anges bara när insatsen är implementerad");
	return FS_OK;
}

static enum fs_rc
read_row(struct fs_stmt *s, struct fs_insats *i, struct fs_err *err)
{
	const char *t;
	size_t len;
	enum fs_rc rc = FS_OK;

	fs_insats_release(i);
	i->id = fs_stmt_col_i64(s, 0);
	i->forbund_id = fs_stmt_col_i64(s, 1);
	t = fs_stmt_col_text(s, 2, &len);
	if (rc == FS_OK)
		rc = set_text(&i->kod, t, len, "kod", SIZE_MAX, err);
	t = fs_stmt_col_text(s, 3, &len);
	if (rc == FS_OK)
		rc = set_text(&i->namn, t, len, "namn", SIZE_MAX, err);
	t = fs_stmt_col_text(s, 4, &len);
	if (rc == FS_OK)
		rc = set_text(&i->beskrivning, t, len, "beskrivning", SIZE_MAX,
		    err);
	i->startdatum = fs_stmt_col_date(s, 5);
	i->slutdatum = fs_stmt_col_date(s, 6);
	t = fs_stmt_col_text(s, 7, &len);
	i->inriktning = fs_code_find(FS_LIST_INRIKTNING, t, len);
	t = fs_stmt_col_text(s, 8, &len);
	if (rc == FS_OK)
		rc = set_text(&i->preciserad_inriktning, t, len, "", SIZE_MAX,
		    err);
	t = fs_stmt_col_text(s, 9, &len);
	i->uppfoljning = fs_code_find(FS_LIST_UPPFOLJNING, t, len);
	i->esf = fs_stmt_col_i64(s, 10) != 0;
	t = fs_stmt_col_text(s, 11, &len);
	i->status = fs_code_find(FS_LIST_STATUS, t, len);
	t = fs_stmt_col_text(s, 12, &len);
	i->beslut = len == 0 ? 0 : fs_code_find(FS_LIST_BESLUT, t, len);
	t = fs_stmt_col_text(s, 13, &len);
	if (rc == FS_OK)
		rc = set_text(&i->beslut_medlem, t, len, "", SIZE_MAX, err);
	i->beslut_fran = fs_stmt_col_date(s, 14);
	if (i->inriktning < 0 || i->uppfoljning < 0 || i->status < 0 ||
	    i->beslut < 0)
		rc = fs_err_set(err, FS_EDB, NULL,
		    "intern: okänd kod i insatsregistret");
	return rc;
}

static enum fs_rc
load_malgrupper(struct fs_db *db, struct fs_insats *i, struct fs_err *err)
{
	struct fs_stmt *s;
	struct fs_buf b;
	enum fs_rc rc;
	const char *t;
	size_t len;
	bool row;

	fs_buf_init(&b, 4096);
	rc = fs_store_stmt(db->store, FS_STMT_MALGRUPP_LIST, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, i->id);
	for (;;) {
		rc = fs_stmt_step(s, &row, err);
		if (rc != FS_OK || !row)
			break;
		t = fs_stmt_col_text(s, 0, &len);
		if ((b.len > 0 && fs_buf_addch(&b, '|') != FS_OK) ||
		    fs_buf_add(&b, t, len) != FS_OK) {
			rc = fs_err_set(err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
			break;
		}
	}
	fs_stmt_reset(s);
	if (rc == FS_OK)
		rc = set_malgrupper(i, b.buf, b.len, err);
	fs_buf_release(&b);
	return rc;
}

static enum fs_rc
get_one(struct fs_db *db, enum fs_stmt_id id, int64_t key, const char *kod,
    struct fs_insats *out, struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	rc = fs_store_stmt(db->store, id, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, key);
	if (kod != NULL)
		fs_stmt_bind_str(s, 2, kod);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && !row)
		rc = fs_err_set(err, FS_ENOTFOUND, "insats_kod",
		    "det finns ingen sådan insats");
	else if (rc == FS_OK)
		rc = read_row(s, out, err);
	fs_stmt_reset(s);
	if (rc == FS_OK)
		rc = load_malgrupper(db, out, err);
	return rc;
}

enum fs_rc
fs_insats_get(struct fs_db *db, int64_t id, struct fs_insats *out,
    struct fs_err *err)
{
	return get_one(db, FS_STMT_INSATS_GET, id, NULL, out, err);
}

enum fs_rc
fs_insats_get_kod(struct fs_db *db, int64_t forbund_id, const char *kod,
    struct fs_insats *out, struct fs_err *err)
{
	return get_one(db, FS_STMT_INSATS_BY_FORBUND_KOD, forbund_id, kod, out,
	    err);
}

enum fs_rc
fs_insats_find_kod(struct fs_db *db, const char *kod, struct fs_insats *out,
    struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	rc = fs_store_stmt(db->store, FS_STMT_INSATS_BY_KOD, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_str(s, 1, kod);
	rc = fs_stmt_step(s, &row, err);
	if (rc == FS_OK && !row)
		rc = fs_err_set(err, FS_ENOTFOUND, "insats_kod",
		    "det finns ingen insats med den koden");
	else if (rc == FS_OK)
		rc = read_row(s, out, err);
	if (rc == FS_OK) {
		rc = fs_stmt_step(s, &row, err);
		if (rc == FS_OK && row)
			rc = fs_err_set(err, FS_EINVAL, "insats_kod",
			    "koden används av insatser i flera förbund; "
			    "byt kod i ett av förbunden");
	}
	fs_stmt_reset(s);
	if (rc == FS_OK)
		rc = load_malgrupper(db, out, err);
	return rc;
}

static enum fs_rc
save_malgrupper(struct fs_db *db, const struct fs_insats *i,
    struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;

	rc = fs_store_stmt(db->store, FS_STMT_MALGRUPP_DELETE, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, i->id);
	rc = fs_stmt_exec(s, err);
	for (size_t k = 0; rc == FS_OK && k < i->nmalgrupper; k++) {
		rc = fs_store_stmt(db->store, FS_STMT_MALGRUPP_INSERT, &s, err);
		if (rc != FS_OK)
			break;
		fs_stmt_bind_i64(s, 1, i->id);
		fs_stmt_bind_str(s, 2, i->malgrupper[k]);
		rc = fs_stmt_exec(s, err);
	}
	return rc;
}

enum fs_rc
fs_insats_create(struct fs_db *db, struct fs_insats *i, struct fs_err *err)
{
	struct fs_insats old;
	struct fs_stmt *s;
	enum fs_rc rc;
	bool own = false;

	rc = fs_insats_check(i, err);
	if (rc != FS_OK)
		return rc;
	fs_insats_init(&old);
	rc = fs_insats_get_kod(db, i->forbund_id, i->kod, &old, NULL);
	fs_insats_release(&old);
	if (rc == FS_OK)
		return fs_err_set(err, FS_ECONFLICT, "insats_kod",
		    "förbundet har redan en insats med den koden");
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		return rc;
	rc = fs_store_stmt(db->store, FS_STMT_INSATS_INSERT, &s, err);
	if (rc != FS_OK)
		goto out;
	fs_stmt_bind_i64(s, 1, i->forbund_id);
	fs_stmt_bind_str(s, 2, i->kod);
	fs_stmt_bind_str(s, 3, i->namn);
	fs_stmt_bind_str(s, 4, i->beskrivning);
	fs_stmt_bind_date(s, 5, i->startdatum);
	fs_stmt_bind_date(s, 6, i->slutdatum);
	fs_stmt_bind_str(s, 7, fs_code_name(FS_LIST_INRIKTNING, i->inriktning));
	fs_stmt_bind_str(s, 8, i->preciserad_inriktning);
	fs_stmt_bind_str(s, 9, fs_code_name(FS_LIST_UPPFOLJNING,
	    i->uppfoljning));
	fs_stmt_bind_i64(s, 10, i->esf ? 1 : 0);
	fs_stmt_bind_str(s, 11, fs_code_name(FS_LIST_STATUS, i->status));
	fs_stmt_bind_str(s, 12, fs_code_name(FS_LIST_BESLUT, i->beslut));
	fs_stmt_bind_str(s, 13, i->beslut_medlem);
	fs_stmt_bind_date(s, 14, i->beslut_fran);
	rc = fs_stmt_exec(s, err);
	if (rc != FS_OK)
		goto out;
	i->id = fs_store_last_id(db->store);
	rc = save_malgrupper(db, i, err);
	if (rc == FS_OK)
		rc = fs_db_audit(db, "insats.skapa", i->kod, i->forbund_id,
		    i->id, "ok", NULL, err);
out:
	return fs_db_tx_end(db, own, rc, err);
}

static enum fs_rc
count_outside(struct fs_db *db, const struct fs_insats *i, int64_t *n,
    struct fs_err *err)
{
	struct fs_stmt *s;
	enum fs_rc rc;
	bool row;

	rc = fs_store_stmt(db->store, FS_STMT_INSATS_DELT_OUTSIDE, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, i->id);
	fs_stmt_bind_date(s, 2, i->startdatum);
	fs_stmt_bind_date(s, 3, i->slutdatum);
	fs_stmt_bind_date(s, 4, i->slutdatum);
	fs_stmt_bind_date(s, 5, i->slutdatum);
	rc = fs_stmt_step(s, &row, err);
	*n = row ? fs_stmt_col_i64(s, 0) : 0;
	fs_stmt_reset(s);
	return rc;
}

static bool
same_text(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Whether i differs from cur in a mutable field. */
static bool
differs(const struct fs_insats *i, const struct fs_insats *cur)
{
	if (!same_text(i->namn, cur->namn) ||
	    !same_text(i->beskrivning, cur->beskrivning) ||
	    !same_text(i->preciserad_inriktning, cur->preciserad_inriktning) ||
	    !same_text(i->beslut_medlem, cur->beslut_medlem))
		return true;
	if (i->startdatum != cur->startdatum || i->slutdatum != cur->slutdatum ||
	    i->status != cur->status || i->beslut != cur->beslut ||
	    i->beslut_fran != cur->beslut_fran ||
	    i->nmalgrupper != cur->nmalgrupper)
		return true;
	for (size_t k = 0; k < i->nmalgrupper; k++)
		if (strcmp(i->malgrupper[k], cur->malgrupper[k]) != 0)
			return true;
	return false;
}

enum fs_rc
fs_insats_update(struct fs_db *db, struct fs_insats *i, struct fs_err *err)
{
	struct fs_insats cur;
	struct fs_stmt *s;
	int64_t outside;
	enum fs_rc rc;
	bool own = false;

	fs_insats_init(&cur);
	rc = fs_insats_get(db, i->id, &cur, err);
	if (rc != FS_OK)
		return rc;
	if (i->status == FS_STATUS_NONE)
		i->status = cur.status;
	if (i->uppfoljning == FS_UPPF_NONE)
		i->uppfoljning = cur.uppfoljning;
	/* Immutable fields first: they explain any follow-on mismatch. */
	if (i->inriktning != cur.inriktning)
		rc = fs_err_set(err, FS_EINVAL, "inriktning",
		    "kan inte ändras efter att insatsen skapats");
	else if (i->uppfoljning != cur.uppfoljning)
		rc = fs_err_set(err, FS_EINVAL, "uppfoljning",
		    "kan inte ändras efter att insatsen skapats");
	else if (i->esf != cur.esf)
		rc = fs_err_set(err, FS_EINVAL, "esf",
		    "kan inte ändras efter att insatsen skapats");
	else if (i->forbund_id != cur.forbund_id ||
	    strcmp(i->kod, cur.kod) != 0)
		rc = fs_err_set(err, FS_EINVAL, "insats_kod",
		    "kod och förbund kan inte ändras");
	else if (i->status < cur.status)
		rc = fs_err_set(err, FS_EINVAL, "status",
		    "kan inte gå tillbaka från %s till %s",
		    fs_code_name(FS_LIST_STATUS, cur.status),
		    fs_code_name(FS_LIST_STATUS, i->status));
	if (rc == FS_OK)
		rc = fs_insats_check(i, err);
	if (rc != FS_OK)
		goto out;
	if (!differs(i, &cur))
		goto out;
	rc = count_outside(db, i, &outside, err);
	if (rc == FS_OK && outside > 0)
		rc = fs_err_set(err, FS_EINVAL,
		    i->startdatum != cur.startdatum ? "startdatum" : "slutdatum",
		    "%lld deltaganden skulle hamna utanför insatsens period",
		    (long long)outside);
	if (rc != FS_OK)
		goto out;
	rc = fs_db_tx_begin(db, &own, err);
	if (rc != FS_OK)
		goto out;
	rc = fs_store_stmt(db->store, FS_STMT_INSATS_UPDATE, &s, err);
	if (rc == FS_OK) {
		fs_stmt_bind_str(s, 1, i->namn);
		fs_stmt_bind_str(s, 2, i->beskrivning);
		fs_stmt_bind_date(s, 3, i->startdatum);
		fs_stmt_bind_date(s, 4, i->slutdatum);
		fs_stmt_bind_str(s, 5, i->preciserad_inriktning);
		fs_stmt_bind_str(s, 6, fs_code_name(FS_LIST_STATUS, i->status));
		fs_stmt_bind_str(s, 7, fs_code_name(FS_LIST_BESLUT, i->beslut));
		fs_stmt_bind_str(s, 8, i->beslut_medlem);
		fs_stmt_bind_date(s, 9, i->beslut_fran);
		fs_stmt_bind_i64(s, 10, i->id);
		rc = fs_stmt_exec(s, err);
	}
	if (rc == FS_OK)
		rc = save_malgrupper(db, i, err);
	if (rc == FS_OK)
		rc = fs_db_audit(db, "insats.andra", i->kod, i->forbund_id,
		    i->id, "ok", NULL, err);
	rc = fs_db_tx_end(db, own, rc, err);
out:
	fs_insats_release(&cur);
	return rc;
}

void
fs_insats_list_free(struct fs_insats *v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t k = 0; k < n; k++)
		fs_insats_release(&v[k]);
	free(v);
}

static enum fs_rc
read_listed(struct fs_stmt *s, void *elem, void *arg, struct fs_err *err)
{
	(void)arg;
	fs_insats_init(elem);
	return read_row(s, elem, err);
}

enum fs_rc
fs_insats_list(struct fs_db *db, int64_t forbund_id, struct fs_insats **out,
    size_t *n, struct fs_err *err)
{
	struct fs_insats *v;
	struct fs_stmt *s;
	void *raw;
	enum fs_rc rc;

	*out = NULL;
	*n = 0;
	rc = fs_store_stmt(db->store, FS_STMT_INSATS_LIST, &s, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(s, 1, forbund_id);
	rc = fs_stmt_collect(s, sizeof(*v), read_listed, NULL, &raw, n, err);
	v = raw;
	for (size_t k = 0; rc == FS_OK && k < *n; k++)
		rc = load_malgrupper(db, &v[k], err);
	if (rc != FS_OK) {
		fs_insats_list_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return FS_OK;
}

int
fs_insats_status_on(const struct fs_insats *i, int32_t day)
{
	int st = i->status;

	if (st == FS_STATUS_PLANERAD && i->startdatum <= day)
		st = FS_STATUS_PAGAENDE;
	if (st != FS_STATUS_AVSLUTAD && i->slutdatum != FS_DATE_NONE &&
	    i->slutdatum < day)
		st = FS_STATUS_AVSLUTAD;
	return st;
}
