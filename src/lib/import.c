/* SPDX-License-Identifier: ISC */
/*
 * CSV import of förbund, insatser, deltagande and anonyma
 * (follow-up.md "Import formats") and försörjningsmått (finance.md).  Owns the mapping from a file's
 * header to the columns of each kind, the all-or-nothing transaction,
 * the list of bad rows, and the decision whether a row is new, changed
 * or unchanged.  Every rule about the data itself belongs to the domain
 * modules; this file only hands each row to them and records what they
 * say.
 *
 * Large deltagande files reference few insatser, so insatser are looked
 * up once per code and kept in a small hash table for the whole import;
 * a row is otherwise handled without allocation.  A deltagande file is
 * read ahead in a second thread, which does everything that depends on
 * the row alone (parsing, the personnummer's hash and ciphertext) while
 * this thread applies the rows to the database in file order; see
 * "reading ahead" below.
 */
#include "compat.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "finsam/alloc.h"
#include "finsam/crypto.h"
#include "finsam/csv.h"
#include "finsam/db.h"
#include "finsam/deltagande.h"
#include "finsam/err.h"
#include "finsam/forbund.h"
#include "finsam/import.h"
#include "finsam/insats.h"
#include "finsam/parse.h"
#include "finsam/pnr.h"
#include "finsam/report.h"
#include "finsam/store.h"
#include "finsam/tilldelning.h"

#define MAXERR		1000	/* bad rows listed; the rest are counted */
#define PROGRESS_ROWS	65536	/* rows between progress calls */
#define MAXKOMMUNER	300	/* kommuner in one förbund row */
#define MAXCOLS		16	/* columns of the widest kind */
#define MAXCACHE	4096	/* insats codes remembered */

/* A column of a file kind: its name and whether the file must have it. */
struct col {
	const char	*name;
	bool		 required;
};

enum { F_KOD, F_NAMN, F_ORGNR, F_START, F_KOMMUNER, F__MAX };
static const struct col forbund_cols[] = {
	[F_KOD] = { "forbund_kod", true },
	[F_NAMN] = { "namn", false },
	[F_ORGNR] = { "organisationsnummer", false },
	[F_START] = { "startdatum", false },
	[F_KOMMUNER] = { "kommuner", false },
};
_Static_assert(FS_NELEM(forbund_cols) == F__MAX, "forbund_cols");

/* Columns after I_FORBUND are handed to fs_insats_set() by name. */
enum {
	I_FORBUND, I_KOD, I_NAMN, I_INRIKTNING, I_PREC, I_UPPF, I_START,
	I_SLUT, I_BESKRIVNING, I_MALGRUPPER, I_ESF, I__MAX
};
static const struct col insats_cols[] = {
	[I_FORBUND] = { "forbund_kod", true },
	[I_KOD] = { "insats_kod", true },
	[I_NAMN] = { "namn", false },
	[I_INRIKTNING] = { "inriktning", false },
	[I_PREC] = { "preciserad_inriktning", false },
	[I_UPPF] = { "uppfoljning", false },
	[I_START] = { "startdatum", false },
	[I_SLUT] = { "slutdatum", false },
	[I_BESKRIVNING] = { "beskrivning", false },
	[I_MALGRUPPER] = { "malgrupper", false },
	[I_ESF] = { "esf", false },
};
_Static_assert(FS_NELEM(insats_cols) == I__MAX, "insats_cols");

/* Columns from D_UTB on are handed to fs_deltagande_set() by name. */
enum {
	D_INSATS, D_PNR, D_SAMTYCKE, D_START, D_UTB, D_FTID, D_FFORE, D_AFORE,
	D_SFORE, D_SLUT, D_AVSLUT, D_FEFTER, D_AEFTER, D_SEFTER, D_ASFORE,
	D_ASEFTER, D__MAX
};
static const struct col delt_cols[] = {
	[D_INSATS] = { "insats_kod", true },
	[D_PNR] = { "personnummer", true },
	[D_SAMTYCKE] = { "samtycke_datum", false },
	[D_START] = { "startdatum", true },
	[D_UTB] = { "utbildning", false },
	[D_FTID] = { "offentlig_forsorjning_tid", false },
	[D_FFORE] = { "forsorjning_fore", false },
	[D_AFORE] = { "arbete_fore", false },
	[D_SFORE] = { "studier_fore", false },
	[D_SLUT] = { "slutdatum", false },
	[D_AVSLUT] = { "avslutsanledning", false },
	[D_FEFTER] = { "forsorjning_efter", false },
	[D_AEFTER] = { "arbete_efter", false },
	[D_SEFTER] = { "studier_efter", false },
	[D_ASFORE] = { "arbetssokande_fore", false },
	[D_ASEFTER] = { "arbetssokande_efter", false },
};
_Static_assert(FS_NELEM(delt_cols) == D__MAX, "delt_cols");

enum { A_INSATS, A_AR, A_KVINNOR, A_MAN, A__MAX };
static const struct col anonyma_cols[] = {
	[A_INSATS] = { "insats_kod", true },
	[A_AR] = { "ar", true },
	[A_KVINNOR] = { "kvinnor", false },
	[A_MAN] = { "man", false },
};
_Static_assert(FS_NELEM(anonyma_cols) == A__MAX, "anonyma_cols");

/* The seven amounts follow M_BEF in the order of enum fs_fm_post. */
enum { M_AR, M_KOMMUN, M_BEF, M_POST0, M__MAX = M_POST0 + FS_FM__MAX };
static const struct col fm_cols[] = {
	[M_AR] = { "ar", true },
	[M_KOMMUN] = { "kommunkod", true },
	[M_BEF] = { "befolkning_16_64", true },
	[M_POST0 + FS_FM_SJUKPENNING] = { "sjukpenning", true },
	[M_POST0 + FS_FM_AKTIVITETSERSATTNING] = { "aktivitetsersattning",
	    true },
	[M_POST0 + FS_FM_SJUKERSATTNING] = { "sjukersattning", true },
	[M_POST0 + FS_FM_A_KASSA] = { "a_kassa", true },
	[M_POST0 + FS_FM_AKTIVITETSSTOD] = { "aktivitetsstod", true },
	[M_POST0 + FS_FM_ETABLERINGSERSATTNING] = { "etableringsersattning",
	    true },
	[M_POST0 + FS_FM_FORSORJNINGSSTOD] = { "forsorjningsstod", true },
};
_Static_assert(FS_NELEM(fm_cols) == M__MAX, "fm_cols");
/* Rows of one year and kommun already in the file: (ar - 1990) * 10000 + kod. */
#define FM_SEEN_BITS	((size_t)1010 * 10000)
_Static_assert(D__MAX <= MAXCOLS && I__MAX <= MAXCOLS &&
    M__MAX <= MAXCOLS, "MAXCOLS");

/* What became of a good row. */
enum outcome {
	O_NEW,
	O_UPDATED,
	O_SAME
};

/* One cached insats lookup (a failed one too). */
struct centry {
	char		*kod;	/* NULL: free slot */
	size_t		 len;
	uint64_t	 hash;
	enum fs_rc	 rc;
	struct fs_err	 err;	/* rc != FS_OK: why */
	struct fs_insats ins;	/* rc == FS_OK */
};

struct imp;
struct drow;
typedef enum fs_rc (*row_fn)(struct imp *, struct fs_err *);

struct kind {
	const char		*name;
	const struct col	*cols;
	size_t			 ncols;
	row_fn			 row;
};

/* The state of one import. */
struct imp {
	struct fs_db		*db;
	const struct kind	*kind;
	struct fs_csv		*csv;
	struct fs_import_result	*res;
	int			 map[256];	/* file field -> column, -1 */
	size_t			 nhead;		/* fields in the header */
	struct fs_str		 val[MAXCOLS];	/* this row, by column */
	bool			 has[MAXCOLS];	/* column in the file */
	bool			 fhas[MAXCOLS];	/* column in the header */
	long			 line;		/* where this row starts */
	size_t			 cap;		/* allocated res->errors */
	size_t			 extra;		/* bad rows past MAXERR */
	size_t			 next_progress;	/* rows at the next call */
	int32_t			 today;
	char			 why[128];	/* reason for corrections */
	enum outcome		 outcome;
	struct centry		*cache;
	size_t			 ccap, cn;
	struct centry		 spare;		/* lookups past MAXCACHE */
	char			 kom[MAXKOMMUNER][5]; /* förbund row */
	uint8_t			*fm_seen;	/* forsorjningsmatt keys */
	const struct drow	*drow;		/* deltagande: this row */
	struct fs_person_cache	*persons;	/* deltagande */
};

static enum fs_rc	row_forbund(struct imp *, struct fs_err *);
static enum fs_rc	row_insats(struct imp *, struct fs_err *);
static enum fs_rc	row_deltagande(struct imp *, struct fs_err *);
static enum fs_rc	row_anonyma(struct imp *, struct fs_err *);
static enum fs_rc	row_fm(struct imp *, struct fs_err *);

static const struct kind kinds[] = {
	[FS_IMPORT_FORBUND] = { "forbund", forbund_cols, F__MAX, row_forbund },
	[FS_IMPORT_INSATSER] = { "insatser", insats_cols, I__MAX, row_insats },
	[FS_IMPORT_DELTAGANDE] = { "deltagande", delt_cols, D__MAX,
	    row_deltagande },
	[FS_IMPORT_ANONYMA] = { "anonyma", anonyma_cols, A__MAX, row_anonyma },
	[FS_IMPORT_FORSORJNINGSMATT] = { "forsorjningsmatt", fm_cols, M__MAX,
	    row_fm },
};
_Static_assert(FS_NELEM(kinds) == FS_IMPORT__MAX, "kinds incomplete");

int
fs_import_kind_find(const char *name)
{
	for (size_t k = 0; k < FS_NELEM(kinds); k++)
		if (strcmp(name, kinds[k].name) == 0)
			return (int)k;
	return -1;
}

const char *
fs_import_kind_name(enum fs_import_kind kind)
{
	if ((unsigned)kind >= FS_IMPORT__MAX)
		return NULL;
	return kinds[kind].name;
}

void
fs_import_result_release(struct fs_import_result *res)
{
	if (res == NULL)
		return;
	free(res->errors);
	memset(res, 0, sizeof(*res));
}

/* Storage and memory failures end the import; rule violations do not. */
static bool
fatal(enum fs_rc rc)
{
	return rc == FS_ENOMEM || rc == FS_EDB || rc == FS_EIO ||
	    rc == FS_EVERSION;
}

/* Append an entry to the error list; fails only when memory runs out. */
static enum fs_rc
vadd_error(struct imp *im, long line, const char *column, const char *fmt,
    va_list ap) __attribute__((format(printf, 4, 0)));

static enum fs_rc
vadd_error(struct imp *im, long line, const char *column, const char *fmt,
    va_list ap)
{
	struct fs_import_result *res = im->res;
	struct fs_import_error *e;

	if (res->nerrors == im->cap) {
		size_t ncap = im->cap == 0 ? 16 : im->cap * 2;

		e = fs_reallocarray(res->errors, ncap, sizeof(*e));
		if (e == NULL)
			return FS_ENOMEM;
		res->errors = e;
		im->cap = ncap;
	}
	e = &res->errors[res->nerrors++];
	e->line = line;
	snprintf(e->column, sizeof(e->column), "%s", column);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	return FS_OK;
}

/* Record a bad row.  Past MAXERR rows only their number is kept. */
static enum fs_rc
add_error(struct imp *im, long line, const char *column, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static enum fs_rc
add_error(struct imp *im, long line, const char *column, const char *fmt,
    ...)
{
	va_list ap;
	enum fs_rc rc;

	if (im->res->nerrors >= MAXERR) {
		im->extra++;
		return FS_OK;
	}
	va_start(ap, fmt);
	rc = vadd_error(im, line, column, fmt, ap);
	va_end(ap);
	return rc;
}

/* The closing entry of a capped list: how many more bad rows there were. */
static enum fs_rc
add_extra(struct imp *im, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static enum fs_rc
add_extra(struct imp *im, const char *fmt, ...)
{
	va_list ap;
	enum fs_rc rc;

	va_start(ap, fmt);
	rc = vadd_error(im, 0, "", fmt, ap);
	va_end(ap);
	return rc;
}

/* The rule of a reader error without its "rad N: " prefix. */
static const char *
csv_rule(const char *msg)
{
	const char *p;

	if (strncmp(msg, "rad ", 4) != 0)
		return msg;
	p = strstr(msg, ": ");
	return p == NULL ? msg : p + 2;
}

/* Whether name is one of the columns of the kind being imported. */
static bool
is_column(const struct imp *im, const char *name)
{
	for (size_t j = 0; j < im->kind->ncols; j++)
		if (strcmp(im->kind->cols[j].name, name) == 0)
			return true;
	return false;
}

/*
 * Record the domain's refusal of a row: the field it names is the
 * column when the kind has such a column; otherwise the field goes into
 * the message.
 */
static enum fs_rc
row_error(struct imp *im, const struct fs_err *e)
{
	if (e->field[0] == '\0' || is_column(im, e->field))
		return add_error(im, im->line, e->field, "%s", e->msg);
	return add_error(im, im->line, "", "%s: %s", e->field, e->msg);
}

/* The slice without surrounding spaces and tabs. */
static struct fs_str
trim(struct fs_str s)
{
	while (s.len > 0 && (s.p[0] == ' ' || s.p[0] == '\t')) {
		s.p++;
		s.len--;
	}
	while (s.len > 0 && (s.p[s.len - 1] == ' ' || s.p[s.len - 1] == '\t'))
		s.len--;
	return s;
}

/* Case-insensitive (ASCII) comparison of the slice with name. */
static bool
name_is(struct fs_str s, const char *name)
{
	size_t n = strlen(name);

	if (s.len != n)
		return false;
	for (size_t k = 0; k < n; k++) {
		char a = s.p[k], b = name[k];

		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}

/*
 * Whether an unknown header name may be repeated in a message: a file
 * without its header row would otherwise put personal data there.  Only
 * short names without digits or '@' qualify.
 */
static bool
safe_name(struct fs_str s)
{
	if (s.len == 0 || s.len > 40)
		return false;
	for (size_t k = 0; k < s.len; k++)
		if ((s.p[k] >= '0' && s.p[k] <= '9') || s.p[k] == '@')
			return false;
	return true;
}

/* "a, b, c": the columns of the kind, for messages. */
static void
column_list(const struct kind *k, char *out, size_t size)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t j = 0; j < k->ncols && len < size; j++) {
		int n = snprintf(out + len, size - len, "%s%s", j > 0 ? "," : "",
		    k->cols[j].name);

		if (n < 0)
			break;
		len += (size_t)n;
	}
}

/*
 * Read the header and map its fields to the kind's columns.  Unknown,
 * repeated and missing required columns are each recorded as an error
 * of line 1 (or wherever the header is).  FS_OK also when errors were
 * recorded; other codes are fatal.
 */
static enum fs_rc
read_header(struct imp *im, struct fs_err *err)
{
	const struct kind *k = im->kind;
	struct fs_err e = FS_ERR_INIT;
	bool seen[MAXCOLS] = { false };
	char cols[512];
	size_t known = 0;
	enum fs_rc rc;
	long line;
	bool row;

	column_list(k, cols, sizeof(cols));
	rc = fs_csv_next(im->csv, &row, &e);
	if (rc == FS_EINVAL)
		return add_error(im, fs_csv_line(im->csv), "", "%s",
		    csv_rule(e.msg));
	if (rc != FS_OK) {
		*err = e;
		return rc;
	}
	if (!row)
		return add_error(im, 1, "",
		    "filen är tom; första raden ska vara rubrikraden: %s", cols);
	line = fs_csv_line(im->csv);
	im->nhead = fs_csv_nfields(im->csv);
	for (size_t f = 0; f < im->nhead; f++) {
		struct fs_str s = trim(fs_csv_field(im->csv, f));

		im->map[f] = -1;
		for (size_t j = 0; j < k->ncols; j++)
			if (name_is(s, k->cols[j].name))
				im->map[f] = (int)j;
		if (im->map[f] >= 0 && !seen[im->map[f]]) {
			seen[im->map[f]] = true;
			im->fhas[im->map[f]] = true;
			known++;
		}
	}
	if (known == 0)
		return add_error(im, line, "",
		    "rubrikraden saknas eller känns inte igen; första raden "
		    "ska vara: %s", cols);
	for (size_t j = 0; j < k->ncols; j++)
		seen[j] = false;
	for (size_t f = 0; f < im->nhead; f++) {
		struct fs_str s = trim(fs_csv_field(im->csv, f));
		int j = im->map[f];
		char name[48];

		rc = FS_OK;
		snprintf(name, sizeof(name), "%.*s", safe_name(s) ? (int)s.len :
		    0, s.p);
		if (j < 0)
			rc = add_error(im, line, name,
			    "kolumn %zu i rubrikraden är okänd; tillåtna "
			    "kolumner: %s", f + 1, cols);
		else if (seen[j])
			rc = add_error(im, line, k->cols[j].name,
			    "kolumnen finns två gånger i rubrikraden");
		else
			seen[j] = true;
		if (rc != FS_OK)
			return fs_err_set(err, rc, NULL, "minnet räcker inte");
	}
	for (size_t j = 0; j < k->ncols; j++) {
		if (seen[j] || !k->cols[j].required)
			continue;
		rc = add_error(im, line, k->cols[j].name,
		    "kolumnen krävs men saknas i rubrikraden");
		if (rc != FS_OK)
			return fs_err_set(err, rc, NULL, "minnet räcker inte");
	}
	return FS_OK;
}

/* How a record counts. */
enum rec {
	REC_EMPTY,	/* every field empty (spreadsheets write such rows) */
	REC_SHORT,	/* fewer fields than the header, or text past it */
	REC_ROW
};

/* Spread the reader's current record over val and has by column. */
static enum rec
spread(const struct imp *im, struct fs_str *val, bool *has)
{
	size_t nf = fs_csv_nfields(im->csv);
	bool empty = true, past = false;

	for (size_t j = 0; j < im->kind->ncols; j++)
		has[j] = false;
	for (size_t f = 0; f < nf; f++) {
		struct fs_str s = trim(fs_csv_field(im->csv, f));

		if (s.len > 0)
			empty = false;
		if (f >= im->nhead) {
			past = past || s.len > 0;
			continue;
		}
		if (im->map[f] < 0)
			continue;
		val[im->map[f]] = s;
		has[im->map[f]] = true;
	}
	if (empty)
		return REC_EMPTY;
	if (nf < im->nhead || past)
		return REC_SHORT;
	return REC_ROW;
}

/* A record with fewer fields than the header, or text past it. */
static enum fs_rc
short_row(struct imp *im, size_t nf, struct fs_err *err)
{
	im->res->rows++;
	if (add_error(im, im->line, "", "raden har %zu fält men rubrikraden "
	    "%zu", nf, im->nhead) != FS_OK)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	return FS_OK;
}

/* The value of column j, or an empty slice when the file lacks it. */
static struct fs_str
val(const struct imp *im, int j)
{
	struct fs_str none = { "", 0 };

	return im->has[j] ? im->val[j] : none;
}

/* A NUL-terminated copy of column j (empty: "must be given"). */
static enum fs_rc
dup_required(const struct imp *im, int j, char **out, struct fs_err *err)
{
	struct fs_str s = val(im, j);

	*out = NULL;
	if (s.len == 0)
		return fs_err_set(err, FS_EINVAL, im->kind->cols[j].name,
		    "måste anges");
	*out = fs_strndup(s.p, s.len);
	if (*out == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	return FS_OK;
}

/* The date s of column name; empty gives FS_DATE_NONE unless required. */
static enum fs_rc
parse_date(struct fs_str s, const char *name, bool required, int32_t *out,
    struct fs_err *err)
{
	*out = FS_DATE_NONE;
	if (s.len == 0)
		return required ? fs_err_set(err, FS_EINVAL, name,
		    "måste anges") : FS_OK;
	return fs_parse_date(s.p, s.len, out, name, err);
}

/* A date in column j; empty gives FS_DATE_NONE unless required. */
static enum fs_rc
date_of(const struct imp *im, int j, bool required, int32_t *out,
    struct fs_err *err)
{
	return parse_date(val(im, j), im->kind->cols[j].name, required, out,
	    err);
}

/* ---- the insats cache ---- */

static uint64_t
hash_of(const char *p, size_t len)
{
	uint64_t h = 14695981039346656037ULL;

	for (size_t k = 0; k < len; k++) {
		h ^= (unsigned char)p[k];
		h *= 1099511628211ULL;
	}
	return h;
}

/* The slot of kod in the table: its entry, or the free slot for it. */
static struct centry *
slot(struct centry *v, size_t cap, const char *p, size_t len, uint64_t h)
{
	size_t k = (size_t)h & (cap - 1);

	while (v[k].kod != NULL && (v[k].hash != h || v[k].len != len ||
	    memcmp(v[k].kod, p, len) != 0))
		k = (k + 1) & (cap - 1);
	return &v[k];
}

static enum fs_rc
cache_grow(struct imp *im)
{
	size_t ncap = im->ccap == 0 ? 64 : im->ccap * 2;
	struct centry *v;

	v = fs_calloc(ncap, sizeof(*v));
	if (v == NULL)
		return FS_ENOMEM;
	for (size_t k = 0; k < im->ccap; k++)
		if (im->cache[k].kod != NULL)
			*slot(v, ncap, im->cache[k].kod, im->cache[k].len,
			    im->cache[k].hash) = im->cache[k];
	free(im->cache);
	im->cache = v;
	im->ccap = ncap;
	return FS_OK;
}

static void
cache_free(struct imp *im)
{
	for (size_t k = 0; k < im->ccap; k++)
		if (im->cache[k].kod != NULL) {
			free(im->cache[k].kod);
			fs_insats_release(&im->cache[k].ins);
		}
	free(im->cache);
	im->cache = NULL;
	im->ccap = im->cn = 0;
	free(im->spare.kod);
	im->spare.kod = NULL;
	fs_insats_release(&im->spare.ins);
}

/*
 * The insats named in column j, found by code across all förbund once
 * per code.  Unknown and ambiguous codes are remembered as well.
 */
static enum fs_rc
insats_of(struct imp *im, int j, const struct fs_insats **out,
    struct fs_err *err)
{
	struct fs_str s = val(im, j);
	struct centry *e;
	uint64_t h;
	enum fs_rc rc;

	*out = NULL;
	if (s.len == 0)
		return fs_err_set(err, FS_EINVAL, "insats_kod", "måste anges");
	if ((im->cn + 1) * 2 > im->ccap && im->cn < MAXCACHE &&
	    cache_grow(im) != FS_OK)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	h = hash_of(s.p, s.len);
	e = slot(im->cache, im->ccap, s.p, s.len, h);
	if (e->kod == NULL && im->cn >= MAXCACHE) {
		/* A file of ever new codes must not fill the memory. */
		e = &im->spare;
		free(e->kod);
		fs_insats_release(&e->ins);
		e->kod = NULL;
	}
	if (e->kod == NULL) {
		char *kod = fs_strndup(s.p, s.len);

		if (kod == NULL)
			return fs_err_set(err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
		fs_insats_init(&e->ins);
		fs_err_clear(&e->err);
		rc = fs_insats_find_kod(im->db, kod, &e->ins, &e->err);
		if (fatal(rc)) {
			fs_insats_release(&e->ins);
			free(kod);
			*err = e->err;
			return rc;
		}
		e->kod = kod;
		e->len = s.len;
		e->hash = h;
		e->rc = rc;
		if (e != &im->spare)
			im->cn++;
	}
	if (e->rc != FS_OK) {
		*err = e->err;
		return e->rc;
	}
	*out = &e->ins;
	return FS_OK;
}

/* ---- förbund ---- */

static int
cmp_kommun(const void *a, const void *b)
{
	return strcmp(a, b);
}

/*
 * The kommunkoder of column F_KOMMUNER, separated by spaces (or commas),
 * sorted into kom[]; *n their number.
 */
static enum fs_rc
kommuner_of(const struct imp *im, char (*kom)[5], size_t *n,
    struct fs_err *err)
{
	struct fs_str s = val(im, F_KOMMUNER);
	size_t i = 0, start;

	*n = 0;
	while (i < s.len) {
		while (i < s.len && (s.p[i] == ' ' || s.p[i] == ','))
			i++;
		start = i;
		while (i < s.len && s.p[i] != ' ' && s.p[i] != ',')
			i++;
		if (i == start)
			break;
		if (i - start != 4)
			return fs_err_set(err, FS_EINVAL, "kommuner",
			    "en kommunkod har fyra siffror; koderna skiljs åt "
			    "med mellanslag");
		if (*n == MAXKOMMUNER)
			return fs_err_set(err, FS_EINVAL, "kommuner",
			    "högst %d kommuner", MAXKOMMUNER);
		memcpy(kom[*n], s.p + start, 4);
		kom[*n][4] = '\0';
		(*n)++;
	}
	qsort(kom, *n, sizeof(*kom), cmp_kommun);
	return FS_OK;
}

/* Whether the förbund's kommuner on day are exactly kom[0..n). */
static enum fs_rc
same_kommuner(struct imp *im, const struct fs_forbund *f, char (*kom)[5],
    size_t n, bool *same, struct fs_err *err)
{
	char (*cur)[5] = NULL;
	size_t ncur = 0;
	int32_t day = im->today > f->startdatum ? im->today : f->startdatum;
	enum fs_rc rc;

	rc = fs_forbund_kommuner_on(im->db, f->id, day, &cur, &ncur, err);
	if (rc != FS_OK)
		return rc;
	*same = ncur == n;
	for (size_t k = 0; *same && k < n; k++)
		*same = strcmp(cur[k], kom[k]) == 0;
	free(cur);
	return FS_OK;
}

static bool
same_str(const char *a, const char *b)
{
	return strcmp(a == NULL ? "" : a, b == NULL ? "" : b) == 0;
}

static enum fs_rc
row_forbund(struct imp *im, struct fs_err *err)
{
	char (*kom)[5] = im->kom;
	const char *kp[MAXKOMMUNER];
	struct fs_forbund cur, f;
	char *kod = NULL, *namn = NULL;
	size_t nk = 0;
	struct fs_str s;
	enum fs_rc rc;
	bool found, same;

	fs_forbund_init(&cur);
	rc = dup_required(im, F_KOD, &kod, err);
	if (rc != FS_OK)
		goto out;
	rc = fs_forbund_get_kod(im->db, kod, &cur, err);
	found = rc == FS_OK;
	if (rc != FS_OK && rc != FS_ENOTFOUND)
		goto out;
	f = cur;
	if (!found)
		f.kod = kod;
	if (im->has[F_NAMN]) {
		s = val(im, F_NAMN);
		if (s.len > 0) {
			namn = fs_strndup(s.p, s.len);
			if (namn == NULL) {
				rc = fs_err_set(err, FS_ENOMEM, NULL,
				    "minnet räcker inte");
				goto out;
			}
		}
		f.namn = namn;
	}
	if (im->has[F_ORGNR]) {
		s = val(im, F_ORGNR);
		f.organisationsnummer[0] = '\0';
		rc = s.len == 0 ? FS_OK : fs_orgnr_parse(s.p, s.len,
		    f.organisationsnummer, "organisationsnummer", err);
		if (rc != FS_OK)
			goto out;
	}
	if (im->has[F_START]) {
		rc = date_of(im, F_START, false, &f.startdatum, err);
		if (rc != FS_OK)
			goto out;
	}
	rc = kommuner_of(im, kom, &nk, err);
	if (rc != FS_OK)
		goto out;
	for (size_t k = 0; k < nk; k++)
		kp[k] = kom[k];
	if (!found) {
		rc = fs_forbund_create(im->db, &f, kp, nk, err);
		im->outcome = O_NEW;
		goto out;
	}
	if (im->has[F_KOMMUNER]) {
		rc = same_kommuner(im, &cur, kom, nk, &same, err);
		if (rc == FS_OK && !same)
			rc = fs_err_set(err, FS_EINVAL, "kommuner",
			    "skiljer sig från förbundets medlemskommuner; ändra "
			    "medlemskap med finsam forbund medlem");
		if (rc != FS_OK)
			goto out;
	}
	same = same_str(f.namn, cur.namn) &&
	    strcmp(f.organisationsnummer, cur.organisationsnummer) == 0 &&
	    f.startdatum == cur.startdatum;
	im->outcome = same ? O_SAME : O_UPDATED;
	if (!same)
		rc = fs_forbund_update(im->db, &f, err);
out:
	free(namn);
	free(kod);
	fs_forbund_release(&cur);
	return rc;
}

/* ---- insatser ---- */

static bool
same_insats(const struct fs_insats *a, const struct fs_insats *b)
{
	if (!same_str(a->namn, b->namn) ||
	    !same_str(a->beskrivning, b->beskrivning) ||
	    !same_str(a->preciserad_inriktning, b->preciserad_inriktning) ||
	    a->startdatum != b->startdatum || a->slutdatum != b->slutdatum ||
	    a->inriktning != b->inriktning || a->esf != b->esf ||
	    (a->uppfoljning != 0 && a->uppfoljning != b->uppfoljning) ||
	    a->nmalgrupper != b->nmalgrupper)
		return false;
	for (size_t k = 0; k < a->nmalgrupper; k++)
		if (strcmp(a->malgrupper[k], b->malgrupper[k]) != 0)
			return false;
	return true;
}

static enum fs_rc
row_insats(struct imp *im, struct fs_err *err)
{
	struct fs_forbund fb;
	struct fs_insats cur, i;
	char *kod = NULL, *fkod = NULL;
	enum fs_rc rc;
	bool found;

	fs_forbund_init(&fb);
	fs_insats_init(&cur);
	fs_insats_init(&i);
	rc = dup_required(im, I_FORBUND, &fkod, err);
	if (rc == FS_OK)
		rc = dup_required(im, I_KOD, &kod, err);
	if (rc != FS_OK)
		goto out;
	rc = fs_forbund_get_kod(im->db, fkod, &fb, err);
	if (rc == FS_ENOTFOUND)
		rc = fs_err_set(err, FS_EINVAL, "forbund_kod",
		    "det finns inget förbund med den koden");
	if (rc != FS_OK)
		goto out;
	rc = fs_insats_get_kod(im->db, fb.id, kod, &cur, err);
	found = rc == FS_OK;
	if (found)
		rc = fs_insats_get(im->db, cur.id, &i, err);
	else if (rc == FS_ENOTFOUND) {
		i.forbund_id = fb.id;
		rc = fs_insats_set(&i, "insats_kod", kod, strlen(kod), err);
	}
	for (int j = I_NAMN; rc == FS_OK && j < I__MAX; j++)
		if (im->has[j])
			rc = fs_insats_set(&i, insats_cols[j].name,
			    im->val[j].p, im->val[j].len, err);
	if (rc != FS_OK)
		goto out;
	if (!found) {
		im->outcome = O_NEW;
		rc = fs_insats_create(im->db, &i, err);
	} else if (same_insats(&i, &cur))
		im->outcome = O_SAME;
	else {
		im->outcome = O_UPDATED;
		rc = fs_insats_update(im->db, &i, err);
	}
out:
	free(kod);
	free(fkod);
	fs_insats_release(&i);
	fs_insats_release(&cur);
	fs_forbund_release(&fb);
	return rc;
}

/* ---- deltagande ---- */

/* What the reader thread found out about a deltagande row. */
enum drow_err {
	DE_NONE,
	DE_PRE,		/* personnummer or dates: due before the lookup */
	DE_SET,		/* a field: due after the lookup and the find */
};

/*
 * One record of a deltagande file as the reader thread prepared it: the
 * column text (in its batch's text), the parsed personnummer and dates,
 * the fields on a new participation, the keyed hash and the ciphertext,
 * and the first error with the point at which row_deltagande() would
 * have met it, so that the outcome is that of handling the raw row.
 */
struct drow {
	long			 line;
	uint64_t		 offset;	/* reader position after it */
	size_t			 nf;		/* fields of the record */
	enum rec		 rec;
	enum drow_err		 err_at;
	uint32_t		 off[MAXCOLS];	/* column text */
	uint32_t		 len[MAXCOLS];
	struct fs_pnr		 pnr;
	int32_t			 start, samtycke;
	struct fs_deltagande	 d;
	unsigned char		 hash[FS_PNR_HASH_LEN];
	unsigned char		 krypt[FS_PNR_CIPHER_LEN];
	struct fs_err		 err;
};

static enum fs_rc
row_deltagande(struct imp *im, struct fs_err *err)
{
	const struct drow *r = im->drow;
	const struct fs_insats *ins;
	struct fs_deltagande d, cur;
	struct fs_person_ref ref;
	unsigned warn = 0;
	enum fs_rc rc;
	bool found, changed = false;

	rc = insats_of(im, D_INSATS, &ins, err);
	if (rc != FS_OK)
		return rc;
	if (r->err_at == DE_PRE) {
		*err = r->err;
		return r->err.rc;
	}
	/* One lookup of the person serves the find, consent and register. */
	rc = fs_person_cache_lookup(im->persons, r->hash, &ref, err);
	if (rc == FS_OK)
		rc = fs_deltagande_find_ref(im->db, &ref, ins->id, r->start,
		    &cur, &found, err);
	if (rc != FS_OK)
		return rc;
	if (r->err_at == DE_SET) {
		*err = r->err;
		return r->err.rc;
	}
	d = r->d;
	if (found) {
		/* The file's fields over the stored ones; they parsed above. */
		d = cur;
		for (int j = D_UTB; j < D__MAX; j++) {
			if (!im->has[j])
				continue;
			rc = fs_deltagande_set(&d, delt_cols[j].name,
			    im->val[j].p, im->val[j].len, err);
			if (rc != FS_OK)
				return rc;
		}
	}
	/* A new participation takes its consent onto its own row. */
	if (r->samtycke != FS_DATE_NONE) {
		ref.krypt = r->krypt;
		if (found)
			rc = fs_samtycke_record_ref(im->db, &r->pnr, &ref,
			    ins->id, r->samtycke, "import", err);
		else
			rc = fs_samtycke_pending_ref(im->db, &r->pnr, &ref,
			    ins->id, r->samtycke, err);
		if (rc != FS_OK)
			return rc;
	}
	/*
	 * An identical row is left alone without asking for a correction,
	 * so that re-importing a file also passes rows the domain would no
	 * longer let anyone change (felregistrering).
	 */
	if (found && fs_deltagande_same(&d, &cur)) {
		im->outcome = O_SAME;
		return FS_OK;
	}
	if (found) {
		rc = fs_deltagande_correct(im->db, &d, 0, im->why, &changed,
		    err);
		im->outcome = changed ? O_UPDATED : O_SAME;
		return rc;
	}
	rc = fs_deltagande_register_ref(im->db, &r->pnr, &ref, ins, &d, &warn,
	    err);
	im->outcome = O_NEW;
	if (rc == FS_OK && (warn & FS_WARN_AGE) != 0)
		im->res->warnings++;
	return rc;
}

/* ---- deltagande: reading ahead ---- */

/*
 * The reader thread owns the CSV reader while the rows are read: it
 * fills batches of prepared rows (prep_row()), and this thread takes
 * them in file order.  The reader uses nothing this thread changes: the
 * header mapping, today and the keys are fixed before it starts, and it
 * allocates only its batches' text.  When the thread cannot be started,
 * this thread fills each batch itself when it needs one.
 */
#define BATCH_ROWS	1024		/* rows handed over at a time */
#define BATCH_TEXT	(1 << 20)	/* column text of a batch, roughly */
#define NBATCH		8		/* batches in flight */

struct batch {
	struct drow	*rows;		/* BATCH_ROWS */
	size_t		 n;
	struct fs_buf	 text;
	bool		 last;		/* the reader stopped after these */
	enum fs_rc	 rc;		/* why: FS_OK end of file, FS_EINVAL
					   a malformed record, else fatal */
	long		 line;		/* FS_EINVAL: where */
	struct fs_err	 err;
};

struct pipe {
	struct imp		*im;
	struct batch		 b[NBATCH];
	size_t			 head;		/* the next batch to fill */
	size_t			 tail;		/* the next batch to apply */
	size_t			 full;		/* batches filled, not applied */
	bool			 stop;		/* no more batches wanted */
	bool			 threaded;
	pthread_t		 thread;
	pthread_mutex_t		 mu;
	pthread_cond_t		 room;		/* full < NBATCH or stop */
	pthread_cond_t		 ready;		/* full > 0 */
	struct fs_nonce_pool	 nonces;	/* the reader's */
};

/* The reader's work on its current record: all that needs only the row. */
static enum fs_rc
prep_row(struct pipe *p, struct batch *b, struct drow *r)
{
	const struct imp *im = p->im;
	struct fs_err *e = &r->err;
	struct fs_str val[MAXCOLS], s, none = { "", 0 };
	bool has[MAXCOLS];
	enum fs_rc rc;

	r->line = fs_csv_line(im->csv);
	r->offset = fs_csv_offset(im->csv);
	r->nf = fs_csv_nfields(im->csv);
	r->rec = spread(im, val, has);
	r->err_at = DE_NONE;
	if (r->rec != REC_ROW)
		return FS_OK;
	for (int j = 0; j < D__MAX; j++) {
		if (!has[j])
			val[j] = none;
		r->off[j] = (uint32_t)b->text.len;
		r->len[j] = (uint32_t)val[j].len;
		if (fs_buf_add(&b->text, val[j].p, val[j].len) != FS_OK)
			return FS_ENOMEM;
	}
	s = val[D_PNR];
	if (s.len == 0)
		rc = fs_err_set(e, FS_EINVAL, "personnummer", "måste anges");
	else
		rc = fs_pnr_parse(s.p, s.len, im->today, &r->pnr,
		    "personnummer", e);
	if (rc == FS_OK)
		rc = parse_date(val[D_START], "startdatum", true, &r->start, e);
	if (rc == FS_OK)
		rc = parse_date(val[D_SAMTYCKE], "samtycke_datum", false,
		    &r->samtycke, e);
	if (rc != FS_OK) {
		r->err_at = DE_PRE;
		return FS_OK;
	}
	fs_keys_pnr_hash(im->db->keys, r->pnr.digits, r->hash);
	fs_deltagande_init(&r->d);
	r->d.startdatum = r->start;
	for (int j = D_UTB; j < D__MAX && r->err_at == DE_NONE; j++)
		if (has[j] && fs_deltagande_set(&r->d, delt_cols[j].name,
		    val[j].p, val[j].len, e) != FS_OK)
			r->err_at = DE_SET;
	/* Only a row that may create a person needs the ciphertext. */
	if (r->err_at == DE_NONE && r->samtycke != FS_DATE_NONE)
		fs_keys_pnr_encrypt_pool(im->db->keys, r->pnr.digits,
		    &p->nonces, r->krypt);
	return FS_OK;
}

/* Read the next rows into b. */
static void
fill(struct pipe *p, struct batch *b)
{
	struct fs_csv *csv = p->im->csv;
	bool row;

	b->n = 0;
	b->last = false;
	b->rc = FS_OK;
	fs_buf_reset(&b->text);
	while (b->n < BATCH_ROWS && b->text.len < BATCH_TEXT) {
		b->rc = fs_csv_next(csv, &row, &b->err);
		if (b->rc == FS_OK && !row) {
			b->last = true;
			return;
		}
		if (b->rc == FS_OK)
			b->rc = prep_row(p, b, &b->rows[b->n]);
		if (b->rc == FS_ENOMEM)
			fs_err_set(&b->err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
		if (b->rc != FS_OK) {
			b->line = fs_csv_line(csv);
			b->last = true;
			return;
		}
		b->n++;
	}
}

static void *
reader_main(void *arg)
{
	struct pipe *p = arg;
	struct batch *b;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->full == NBATCH && !p->stop)
			pthread_cond_wait(&p->room, &p->mu);
		if (p->stop) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		b = &p->b[p->head];
		pthread_mutex_unlock(&p->mu);
		fill(p, b);
		pthread_mutex_lock(&p->mu);
		p->head = (p->head + 1) % NBATCH;
		p->full++;
		pthread_cond_signal(&p->ready);
		pthread_mutex_unlock(&p->mu);
		if (b->last)
			return NULL;
	}
}

/* The next batch in file order. */
static struct batch *
take(struct pipe *p)
{
	struct batch *b;

	if (!p->threaded) {
		fill(p, &p->b[p->tail]);
		return &p->b[p->tail];
	}
	pthread_mutex_lock(&p->mu);
	while (p->full == 0)
		pthread_cond_wait(&p->ready, &p->mu);
	b = &p->b[p->tail];
	pthread_mutex_unlock(&p->mu);
	return b;
}

/* Hand the batch taken last back to the reader. */
static void
give_back(struct pipe *p)
{
	if (!p->threaded)
		return;
	pthread_mutex_lock(&p->mu);
	p->tail = (p->tail + 1) % NBATCH;
	p->full--;
	pthread_cond_signal(&p->room);
	pthread_mutex_unlock(&p->mu);
}

static void
pipe_free(struct pipe *p)
{
	if (p->threaded) {
		pthread_mutex_lock(&p->mu);
		p->stop = true;
		pthread_cond_signal(&p->room);
		pthread_mutex_unlock(&p->mu);
		pthread_join(p->thread, NULL);
	}
	pthread_cond_destroy(&p->ready);
	pthread_cond_destroy(&p->room);
	pthread_mutex_destroy(&p->mu);
	for (size_t k = 0; k < NBATCH; k++) {
		free(p->b[k].rows);
		fs_buf_release(&p->b[k].text);
	}
	free(p);
}

static enum fs_rc
pipe_new(struct imp *im, struct pipe **out)
{
	struct pipe *p;

	*out = NULL;
	p = fs_calloc(1, sizeof(*p));
	if (p == NULL)
		return FS_ENOMEM;
	p->im = im;
	fs_nonce_pool_init(&p->nonces);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->room, NULL);
	pthread_cond_init(&p->ready, NULL);
	for (size_t k = 0; k < NBATCH; k++) {
		/* A record is at most 1 MiB, so a batch at most twice that. */
		fs_buf_init(&p->b[k].text, 2 * BATCH_TEXT + (2u << 20));
		p->b[k].rows = fs_reallocarray(NULL, BATCH_ROWS,
		    sizeof(*p->b[k].rows));
		if (p->b[k].rows == NULL) {
			pipe_free(p);
			return FS_ENOMEM;
		}
	}
	p->threaded = pthread_create(&p->thread, NULL, reader_main, p) == 0;
	*out = p;
	return FS_OK;
}

/* ---- anonyma ---- */

/* A count 0-1 000 000 in column j; empty leaves *out as it is. */
static enum fs_rc
count_of(const struct imp *im, int j, int64_t *out, struct fs_err *err)
{
	struct fs_str s = val(im, j);

	if (s.len == 0)
		return FS_OK;
	return fs_parse_i64(s.p, s.len, 0, 1000000, out, anonyma_cols[j].name,
	    err);
}

static enum fs_rc
row_anonyma(struct imp *im, struct fs_err *err)
{
	const struct fs_insats *ins;
	struct fs_stmt *st;
	struct fs_str s;
	int64_t ar, kvinnor = 0, man = 0, k0 = 0, m0 = 0;
	enum fs_rc rc;
	bool found;

	rc = insats_of(im, A_INSATS, &ins, err);
	if (rc != FS_OK)
		return rc;
	s = val(im, A_AR);
	if (s.len == 0)
		return fs_err_set(err, FS_EINVAL, "ar", "måste anges");
	rc = fs_parse_i64(s.p, s.len, 1900, 2999, &ar, "ar", err);
	if (rc != FS_OK)
		return rc;
	rc = fs_store_stmt(im->db->store, FS_STMT_ANONYMA_GET, &st, err);
	if (rc != FS_OK)
		return rc;
	fs_stmt_bind_i64(st, 1, ins->id);
	fs_stmt_bind_i64(st, 2, ar);
	rc = fs_stmt_step(st, &found, err);
	if (rc == FS_OK && found) {
		kvinnor = k0 = fs_stmt_col_i64(st, 0);
		man = m0 = fs_stmt_col_i64(st, 1);
	}
	fs_stmt_reset(st);
	if (rc == FS_OK)
		rc = count_of(im, A_KVINNOR, &kvinnor, err);
	if (rc == FS_OK)
		rc = count_of(im, A_MAN, &man, err);
	if (rc != FS_OK)
		return rc;
	if (found && kvinnor == k0 && man == m0) {
		im->outcome = O_SAME;
		return FS_OK;
	}
	im->outcome = found ? O_UPDATED : O_NEW;
	return fs_anonyma_set(im->db, ins, (int)ar, kvinnor, man, err);
}

/* ---- försörjningsmått ---- */

/*
 * One row of forsorjningsmatt.csv: the rules are those of fs_fm_check();
 * a second row for the same year and kommun in one file is refused
 * (one row per kommun and year).
 */
static enum fs_rc
row_fm(struct imp *im, struct fs_err *err)
{
	struct fs_fm_rad r;
	struct fs_str s;
	int64_t ar;
	size_t bit;
	int changed;
	enum fs_rc rc;

	memset(&r, 0, sizeof(r));
	for (int j = 0; j < M__MAX; j++)
		if (val(im, j).len == 0)
			return fs_err_set(err, FS_EINVAL, fm_cols[j].name,
			    "måste anges");
	rc = fs_parse_i64(val(im, M_AR).p, val(im, M_AR).len, 1990, 2999, &ar,
	    "ar", err);
	if (rc != FS_OK)
		return rc;
	r.ar = (int)ar;
	s = val(im, M_KOMMUN);
	if (s.len != 4)
		return fs_err_set(err, FS_EINVAL, "kommunkod",
		    "en kommunkod har fyra siffror");
	memcpy(r.kommun, s.p, 4);
	r.kommun[4] = '\0';
	s = val(im, M_BEF);
	rc = fs_parse_i64(s.p, s.len, INT64_MIN / 2, INT64_MAX / 2,
	    &r.befolkning, "befolkning_16_64", err);
	for (int p = 0; rc == FS_OK && p < FS_FM__MAX; p++) {
		s = val(im, M_POST0 + p);
		rc = fs_parse_i64(s.p, s.len, INT64_MIN / 2, INT64_MAX / 2,
		    &r.belopp[p], fm_cols[M_POST0 + p].name, err);
	}
	if (rc == FS_OK)
		rc = fs_fm_check(im->db, &r, err);
	if (rc != FS_OK)
		return rc;
	if (im->fm_seen == NULL) {
		im->fm_seen = fs_calloc(FM_SEEN_BITS / 8 + 1, 1);
		if (im->fm_seen == NULL)
			return fs_err_set(err, FS_ENOMEM, NULL,
			    "minnet räcker inte");
	}
	bit = (size_t)(r.ar - 1990) * 10000 + (size_t)strtoul(r.kommun, NULL,
	    10);
	if ((im->fm_seen[bit / 8] & (1u << (bit % 8))) != 0)
		return fs_err_set(err, FS_EINVAL, "kommunkod",
		    "kommunen står redan i filen för samma år; en rad per "
		    "kommun och år");
	im->fm_seen[bit / 8] |= (uint8_t)(1u << (bit % 8));
	rc = fs_fm_put(im->db, &r, &changed, err);
	im->outcome = changed == 0 ? O_NEW : changed == 1 ? O_UPDATED : O_SAME;
	return rc;
}

/* ---- the import ---- */

/*
 * Hand the data row in im->val (a REC_ROW) to the kind's function and
 * record the outcome.
 */
static enum fs_rc
one_row(struct imp *im, struct fs_err *err)
{
	struct fs_err e = FS_ERR_INIT;
	enum fs_rc rc;

	im->res->rows++;
	rc = im->kind->row(im, &e);
	if (rc == FS_OK) {
		if (im->outcome == O_NEW)
			im->res->inserted++;
		else if (im->outcome == O_UPDATED)
			im->res->updated++;
		else
			im->res->unchanged++;
		return FS_OK;
	}
	if (fatal(rc)) {
		*err = e;
		return rc;
	}
	rc = row_error(im, &e);
	if (rc != FS_OK)
		return fs_err_set(err, rc, NULL, "minnet räcker inte");
	return FS_OK;
}

/* One record of any kind: empty, short or a row. */
static enum fs_rc
one_record(struct imp *im, enum rec rec, size_t nf, struct fs_err *err)
{
	if (rec == REC_EMPTY)
		return FS_OK;
	if (rec == REC_SHORT)
		return short_row(im, nf, err);
	return one_row(im, err);
}

/* The reader stopped on a malformed record: it cannot go on after one. */
static enum fs_rc
bad_csv(struct imp *im, long line, const struct fs_err *e, struct fs_err *err)
{
	if (add_error(im, line, "", "%s", csv_rule(e->msg)) != FS_OK)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	return FS_OK;
}

static void
report_progress(struct imp *im, fs_progress_fn progress, void *arg,
    uint64_t offset)
{
	if (progress != NULL && im->res->rows >= im->next_progress) {
		progress(arg, offset, fs_csv_size(im->csv));
		im->next_progress = im->res->rows + PROGRESS_ROWS;
	}
}

/* Every data row, read and applied in turn. */
static enum fs_rc
rows(struct imp *im, fs_progress_fn progress, void *arg, struct fs_err *err)
{
	struct fs_err e = FS_ERR_INIT;
	enum fs_rc rc;
	bool row;

	for (;;) {
		rc = fs_csv_next(im->csv, &row, &e);
		if (rc == FS_EINVAL)
			return bad_csv(im, fs_csv_line(im->csv), &e, err);
		if (rc != FS_OK) {
			*err = e;
			return rc;
		}
		if (!row)
			return FS_OK;
		im->line = fs_csv_line(im->csv);
		rc = one_record(im, spread(im, im->val, im->has),
		    fs_csv_nfields(im->csv), err);
		if (rc != FS_OK)
			return rc;
		report_progress(im, progress, arg, fs_csv_offset(im->csv));
	}
}

/* The rows of a batch, applied in file order. */
static enum fs_rc
apply_batch(struct imp *im, const struct batch *b, fs_progress_fn progress,
    void *arg, struct fs_err *err)
{
	enum fs_rc rc;

	for (size_t k = 0; k < b->n; k++) {
		const struct drow *r = &b->rows[k];

		im->line = r->line;
		im->drow = r;
		for (int j = 0; j < D__MAX; j++) {
			im->has[j] = im->fhas[j];
			im->val[j].p = b->text.buf + r->off[j];
			im->val[j].len = r->len[j];
		}
		rc = one_record(im, r->rec, r->nf, err);
		if (rc != FS_OK)
			return rc;
		report_progress(im, progress, arg, r->offset);
	}
	if (!b->last || b->rc == FS_OK)
		return FS_OK;
	if (b->rc == FS_EINVAL)
		return bad_csv(im, b->line, &b->err, err);
	*err = b->err;
	return b->rc;
}

/* Every data row of a deltagande file, read ahead in a second thread. */
static enum fs_rc
rows_ahead(struct imp *im, fs_progress_fn progress, void *arg,
    struct fs_err *err)
{
	struct pipe *p;
	struct batch *b;
	enum fs_rc rc;
	bool last;

	if (pipe_new(im, &p) != FS_OK)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	do {
		b = take(p);
		last = b->last;
		rc = apply_batch(im, b, progress, arg, err);
		give_back(p);
	} while (rc == FS_OK && !last);
	im->drow = NULL;
	pipe_free(p);
	return rc;
}

/* One audit entry for the whole import (rows are not logged one by one). */
static enum fs_rc
audit(struct imp *im, struct fs_err *err)
{
	const struct fs_import_result *r = im->res;
	char action[32], details[160];

	snprintf(action, sizeof(action), "import.%s", im->kind->name);
	snprintf(details, sizeof(details),
	    "{\"rader\":%zu,\"nya\":%zu,\"andrade\":%zu,\"oforandrade\":%zu}",
	    r->rows, r->inserted, r->updated, r->unchanged);
	return fs_db_audit(im->db, action, im->kind->name, 0, 0, "ok", details,
	    err);
}

/* Header, rows, and commit or roll back. */
static enum fs_rc
run(struct imp *im, fs_progress_fn progress, void *arg, struct fs_err *err)
{
	struct fs_import_result *res = im->res;
	enum fs_rc rc;
	bool own = false, bulk = im->db->bulk;

	rc = read_header(im, err);
	if (rc != FS_OK)
		return rc;
	if (res->nerrors > 0)
		return fs_err_set(err, FS_EINVAL, NULL,
		    "rubrikraden är felaktig, inget sparades");
	rc = fs_db_tx_begin(im->db, &own, err);
	if (rc != FS_OK)
		return rc;
	im->db->bulk = true;
	fs_store_bulk(im->db->store, true);
	if (im->kind == &kinds[FS_IMPORT_DELTAGANDE]) {
		/* The shortest deltagande row has about 60 bytes. */
		rc = fs_person_cache_new(im->db, fs_csv_size(im->csv) / 60,
		    &im->persons, err);
		if (rc == FS_OK)
			rc = rows_ahead(im, progress, arg, err);
	} else
		rc = rows(im, progress, arg, err);
	if (rc == FS_OK && im->extra > 0 &&
	    add_extra(im, "ytterligare %zu fel visas inte", im->extra) != FS_OK)
		rc = fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	if (rc == FS_OK && res->nerrors > 0)
		rc = fs_err_set(err, FS_EINVAL, NULL,
		    "%zu felaktiga rader, inget sparades",
		    res->nerrors + im->extra - (im->extra > 0 ? 1 : 0));
	if (rc == FS_OK)
		rc = audit(im, err);
	/* Bulk mode left marking the data changed to us: once, here. */
	if (rc == FS_OK && im->kind == &kinds[FS_IMPORT_DELTAGANDE] &&
	    res->inserted + res->updated > 0) {
		rc = fs_db_bump_generation(im->db, err);
		if (rc == FS_OK)
			rc = fs_report_utfall_refresh(im->db, err);
	}
	im->db->bulk = bulk;
	rc = fs_db_tx_end(im->db, own, rc, err);
	/* The cache mirrors the transaction, which is over now. */
	fs_person_cache_free(im->persons);
	im->persons = NULL;
	fs_store_bulk(im->db->store, false);
	if (progress != NULL)
		progress(arg, fs_csv_offset(im->csv), fs_csv_size(im->csv));
	return rc;
}

/* The last component of path. */
static const char *
base_name(const char *path)
{
	const char *p = strrchr(path, '/');

	return p == NULL ? path : p + 1;
}

static enum fs_rc
import(struct fs_db *db, enum fs_import_kind kind, struct fs_csv *csv,
    const char *name, fs_progress_fn progress, void *arg,
    struct fs_import_result *res, struct fs_err *err)
{
	struct imp *im;
	enum fs_rc rc;

	im = fs_calloc(1, sizeof(*im));
	if (im == NULL)
		return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
	im->db = db;
	im->kind = &kinds[kind];
	im->csv = csv;
	im->res = res;
	im->today = fs_date_today();
	im->next_progress = PROGRESS_ROWS;
	snprintf(im->why, sizeof(im->why), "import %s", name);
	rc = run(im, progress, arg, err);
	cache_free(im);
	free(im->fm_seen);
	free(im);
	return rc;
}

enum fs_rc
fs_import_file(struct fs_db *db, enum fs_import_kind kind, const char *path,
    fs_progress_fn progress, void *arg, struct fs_import_result *res,
    struct fs_err *err)
{
	struct fs_csv *csv = NULL;
	enum fs_rc rc;

	memset(res, 0, sizeof(*res));
	if ((unsigned)kind >= FS_IMPORT__MAX)
		return fs_err_set(err, FS_EINVAL, "typ", "okänd importtyp");
	rc = fs_csv_open_file(path, &csv, err);
	if (rc != FS_OK)
		return rc;
	rc = import(db, kind, csv, base_name(path), progress, arg, res, err);
	fs_csv_free(csv);
	return rc;
}

enum fs_rc
fs_import_mem(struct fs_db *db, enum fs_import_kind kind, const char *p,
    size_t len, fs_progress_fn progress, void *arg,
    struct fs_import_result *res, struct fs_err *err)
{
	struct fs_csv *csv = NULL;
	enum fs_rc rc;

	memset(res, 0, sizeof(*res));
	if ((unsigned)kind >= FS_IMPORT__MAX)
		return fs_err_set(err, FS_EINVAL, "typ", "okänd importtyp");
	rc = fs_csv_open_mem(p, len, &csv, err);
	if (rc != FS_OK)
		return rc;
	rc = import(db, kind, csv, "(uppladdad fil)", progress, arg, res, err);
	fs_csv_free(csv);
	return rc;
}
