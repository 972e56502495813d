/* SPDX-License-Identifier: ISC */
/*
 * Output of the linkage aggregates (koppling.h): a text report in the
 * manner of FK's follow-up ("-10 dagar sjukpenning"), JSON for the web
 * and programs (jansson only), CSV for Swedish Excel and for programs,
 * an XLSX workbook (libxlsxwriter) and an SVG bar chart.  Hidden cells (primary suppression) show "<k"
 * for counts and nothing for the figures derived from them.  Owns
 * nothing; appends to the caller's buffer and leaves it as it was on
 * failure.
 */
#include "compat.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>
#include <xlsxwriter.h>

#include "finsam/buf.h"
#include "finsam/codes.h"
#include "finsam/csv.h"
#include "finsam/err.h"
#include "finsam/fmt.h"
#include "finsam/koppling.h"
#include "finsam/parse.h"

static const char *const format_names[] = {
	[FS_KOPPLING_TEXT] = "text",
	[FS_KOPPLING_JSON] = "json",
	[FS_KOPPLING_CSV] = "csv",
	[FS_KOPPLING_CSV_PLAIN] = "csv-plain",
};
_Static_assert(FS_NELEM(format_names) == FS_KOPPLING_FORMAT__MAX,
    "format_names");

int
fs_koppling_format_find(const char *name)
{
	return fs_name_find(format_names, FS_KOPPLING_FORMAT__MAX, name);
}

static enum fs_rc
nomem(struct fs_err *err)
{
	return fs_err_set(err, FS_ENOMEM, NULL, "minnet räcker inte");
}

/* A count may be shown: zero, or at least k. */
static bool
count_shown(uint64_t n, unsigned k)
{
	return n == 0 || n >= k;
}

/* v with decimals places in style st, or "–" / "" when v is NaN. */
static enum fs_rc
put_num(struct fs_buf *b, double v, unsigned decimals, enum fs_fmt_style st)
{
	double scale = decimals == 1 ? 10.0 : decimals == 2 ? 100.0 : 1.0;
	double x;

	if (isnan(v))
		return st == FS_FMT_TEXT ? fs_buf_addstr(b, "–") : FS_OK;
	x = round(v * scale);
	if (x == 0)
		x = 0;	/* no "-0,0" */
	return fs_fmt_fixed(b, (int64_t)x, decimals, st, NULL);
}

static enum fs_rc
put_count(struct fs_buf *b, uint64_t n, unsigned k, enum fs_fmt_style st)
{
	if (!count_shown(n, k))
		return fs_buf_addf(b, "<%u", k);
	return fs_fmt_int(b, (int64_t)n, st, NULL);
}

/* ---- text ------------------------------------------------------------ */

/* Pad the UTF-8 text just appended since start to width columns. */
static enum fs_rc
pad(struct fs_buf *b, size_t start, size_t width, bool right)
{
	size_t cols = 0, need;
	char tmp[128];

	for (size_t i = start; i < b->len; i++)
		if (((unsigned char)b->buf[i] & 0xc0) != 0x80)
			cols++;
	if (cols >= width)
		return FS_OK;
	need = width - cols;
	if (!right)
		return fs_buf_addf(b, "%*s", (int)need, "");
	if (b->len - start >= sizeof(tmp))
		return FS_OK;
	memcpy(tmp, b->buf + start, b->len - start);
	tmp[b->len - start] = '\0';
	fs_buf_setlen(b, start);
	return fs_buf_addf(b, "%*s%s", (int)need, "", tmp);
}

static enum fs_rc
text_row(struct fs_buf *b, const char *label, const struct fs_koppling_cell *c,
    unsigned k)
{
	size_t s;
	enum fs_rc rc;

	s = b->len;
	rc = fs_buf_addstr(b, label);
	if (rc == FS_OK)
		rc = pad(b, s, 34, false);
	s = b->len;
	if (rc == FS_OK)
		rc = c->sekundar ? fs_buf_addstr(b, "dold") :
		    put_count(b, c->n, k, FS_FMT_TEXT);
	if (rc == FS_OK)
		rc = pad(b, s, 10, true);
	if (c->undertryckt) {
		if (rc == FS_OK)
			rc = fs_buf_addstr(b, c->sekundar ?
			    "   (dold så att en liten grupp inte kan räknas "
			    "fram)\n" : "   (för få för att visas)\n");
		return rc;
	}
	s = b->len;
	if (rc == FS_OK)
		rc = put_num(b, c->fore.medel, 1, FS_FMT_TEXT);
	if (rc == FS_OK)
		rc = pad(b, s, 8, true);
	s = b->len;
	if (rc == FS_OK)
		rc = put_num(b, c->efter.medel, 1, FS_FMT_TEXT);
	if (rc == FS_OK)
		rc = pad(b, s, 8, true);
	s = b->len;
	if (rc == FS_OK)
		rc = put_num(b, c->forandring.medel, 1, FS_FMT_TEXT);
	if (rc == FS_OK)
		rc = pad(b, s, 10, true);
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, "  ");
	if (rc == FS_OK && !isnan(c->forandring.lag)) {
		rc = fs_buf_addstr(b, "(");
		if (rc == FS_OK)
			rc = put_num(b, c->forandring.lag, 1, FS_FMT_TEXT);
		if (rc == FS_OK)
			rc = fs_buf_addstr(b, " – ");
		if (rc == FS_OK)
			rc = put_num(b, c->forandring.hog, 1, FS_FMT_TEXT);
		if (rc == FS_OK)
			rc = fs_buf_addstr(b, ")");
	}
	if (rc == FS_OK)
		rc = fs_buf_addch(b, '\n');
	return rc;
}

static enum fs_rc
text_head(struct fs_buf *b, const char *title)
{
	enum fs_rc rc;
	size_t s;

	rc = fs_buf_addf(b, "\n%s\n", title);
	s = b->len;
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, "");
	if (rc == FS_OK)
		rc = pad(b, s, 34, false);
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, "     Antal    Före   Efter  Förändr.  "
		    "(95 % KI)\n");
	return rc;
}

/* True when any participation had days of benefit b. */
static bool
forman_used(const struct fs_koppling_resultat *r, int b)
{
	const struct fs_koppling_cell *c = fs_koppling_cell(r, b, 0,
	    FS_KOPPLING_ALLA, FS_KOPPLING_ALLA);

	return c != NULL && (c->n_med_fore > 0 || c->n_med_efter > 0);
}

static enum fs_rc
write_text(const struct fs_koppling_resultat *r, struct fs_buf *b)
{
	char tom[11], fran[11];
	enum fs_rc rc;
	unsigned k = r->min_antal;

	fs_date_format(r->tackning_tom, tom);
	rc = fs_buf_addstr(b, "Registerkoppling: nettodagar med ersättning "
	    "365 dagar före start och 365 dagar efter avslut\n\nDeltaganden: ");
	if (rc == FS_OK)
		rc = fs_fmt_int(b, (int64_t)r->deltaganden, FS_FMT_TEXT, NULL);
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, ", varav med båda fönstren fullständiga: ");
	if (rc == FS_OK)
		rc = fs_fmt_int(b, (int64_t)r->anvanda, FS_FMT_TEXT, NULL);
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, "\nUteslutna: ");
	if (rc == FS_OK)
		rc = fs_fmt_int(b, (int64_t)r->pagaende, FS_FMT_TEXT, NULL);
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, " pågående, ");
	if (rc == FS_OK)
		rc = fs_fmt_int(b, (int64_t)r->efter_ofullstandigt, FS_FMT_TEXT,
		    NULL);
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, " med efterfönstret ännu inte täckt, ");
	if (rc == FS_OK)
		rc = fs_fmt_int(b, (int64_t)r->fore_ofullstandigt, FS_FMT_TEXT,
		    NULL);
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, " med förefönstret inte täckt\n"
		    "Perioder: ");
	if (rc == FS_OK)
		rc = fs_fmt_int(b, (int64_t)r->perioder, FS_FMT_TEXT, NULL);
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, " rader, varav ");
	if (rc == FS_OK)
		rc = fs_fmt_int(b, (int64_t)r->perioder_traff, FS_FMT_TEXT,
		    NULL);
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, " för deltagare; registret täcker ");
	if (rc == FS_OK && r->tackning_fran != FS_DATE_NONE) {
		fs_date_format(r->tackning_fran, fran);
		rc = fs_buf_addf(b, "%s–", fran);
	} else if (rc == FS_OK) {
		rc = fs_buf_addstr(b, "t.o.m. ");
	}
	if (rc == FS_OK)
		rc = fs_buf_addf(b, "%s\n", r->tackning_tom == FS_DATE_NONE ?
		    "–" : tom);

	/* The headline, as FK put it. */
	if (rc == FS_OK)
		rc = fs_buf_addch(b, '\n');
	for (int f = 0; f < FS_FORMAN__MAX && rc == FS_OK; f++) {
		const struct fs_koppling_cell *c = fs_koppling_cell(r, f, 0,
		    FS_KOPPLING_ALLA, FS_KOPPLING_ALLA);

		if (!forman_used(r, f) || c->undertryckt ||
		    isnan(c->forandring.medel))
			continue;
		if (rc == FS_OK)
			rc = fs_buf_addf(b, "%s: %s", fs_forman_label(f),
			    c->forandring.medel >= 0 ? "+" : "");
		if (rc == FS_OK)
			rc = put_num(b, c->forandring.medel, 1, FS_FMT_TEXT);
		if (rc == FS_OK)
			rc = fs_buf_addstr(b, " dagar året efter jämfört med "
			    "året före\n");
	}

	if (rc == FS_OK)
		rc = text_head(b, "Alla deltaganden");
	for (int f = 0; f < FS_FORMAN__MAX && rc == FS_OK; f++)
		if (forman_used(r, f))
			rc = text_row(b, fs_forman_label(f), fs_koppling_cell(r,
			    f, 0, FS_KOPPLING_ALLA, FS_KOPPLING_ALLA), k);
	if (rc == FS_OK)
		rc = text_head(b, "Efter kön");
	for (int f = 0; f < FS_FORMAN__MAX && rc == FS_OK; f++) {
		char label[96];

		if (!forman_used(r, f))
			continue;
		snprintf(label, sizeof(label), "%s, kvinnor",
		    fs_forman_label(f));
		rc = text_row(b, label, fs_koppling_cell(r, f, 'k',
		    FS_KOPPLING_ALLA, FS_KOPPLING_ALLA), k);
		snprintf(label, sizeof(label), "%s, män", fs_forman_label(f));
		if (rc == FS_OK)
			rc = text_row(b, label, fs_koppling_cell(r, f, 'm',
			    FS_KOPPLING_ALLA, FS_KOPPLING_ALLA), k);
	}
	if (rc == FS_OK)
		rc = text_head(b, "Efter ålder vid start");
	for (int f = 0; f < FS_FORMAN__MAX && rc == FS_OK; f++) {
		if (!forman_used(r, f))
			continue;
		for (int a = 0; a < FS_ALDER__MAX && rc == FS_OK; a++) {
			char label[96];

			snprintf(label, sizeof(label), "%s, %s år",
			    fs_forman_label(f), fs_aldersgrupp_name(a));
			rc = text_row(b, label, fs_koppling_cell(r, f, 0,
			    FS_KOPPLING_ALLA, a), k);
		}
	}
	if (rc == FS_OK)
		rc = text_head(b, "Efter förbund");
	for (size_t i = 0; i < r->nforbund && rc == FS_OK; i++)
		for (int f = 0; f < FS_FORMAN__MAX && rc == FS_OK; f++) {
			char label[128];

			if (!forman_used(r, f))
				continue;
			snprintf(label, sizeof(label), "%.40s, %s",
			    r->forbund[i], fs_forman_label(f));
			rc = text_row(b, label, fs_koppling_cell(r, f, 0,
			    (int)i, FS_KOPPLING_ALLA), k);
		}
	if (rc == FS_OK)
		rc = fs_buf_addf(b, "\nNettodagar = dagar × omfattning/100; "
		    "överlappande perioder av samma förmån räknas en gång.\n"
		    "Förändring = efter − före per deltagande, medelvärde med "
		    "95 %% konfidensintervall (t-fördelning).\n"
		    "Celler med färre än %u deltaganden visas inte.\n", k);
	return rc;
}

/* ---- JSON ------------------------------------------------------------ */

static json_t *
jnum(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

static json_t *
jcount(uint64_t n, unsigned k)
{
	return count_shown(n, k) ? json_integer((json_int_t)n) : json_null();
}

static json_t *
jmedel(const struct fs_koppling_medel *m)
{
	return json_pack("{s:o, s:o, s:o}", "medel", jnum(m->medel),
	    "ki_lag", jnum(m->lag), "ki_hog", jnum(m->hog));
}

static json_t *
jdate(int32_t d)
{
	char s[11];

	if (d == FS_DATE_NONE)
		return json_null();
	fs_date_format(d, s);
	return json_string(s);
}

static json_t *
json_result(const struct fs_koppling_resultat *r)
{
	json_t *root, *cells;

	cells = json_array();
	if (cells == NULL)
		return NULL;
	for (size_t i = 0; i < r->ncell; i++) {
		const struct fs_koppling_cell *c = &r->celler[i];
		json_t *o;

		if (c->n == 0)
			continue;
		o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, "
		    "s:o, s:b, s:b}",
		    "forman", fs_forman_name(c->forman),
		    "kon", c->kon == 'k' ? "k" : c->kon == 'm' ? "m" : "alla",
		    "forbund", c->forbund == FS_KOPPLING_ALLA ? "alla" :
		    r->forbund[c->forbund],
		    "aldersgrupp", c->aldersgrupp == FS_KOPPLING_ALLA ? "alla" :
		    fs_aldersgrupp_name(c->aldersgrupp),
		    "n", c->sekundar ? json_null() :
		    jcount(c->n, r->min_antal),
		    "n_med_fore", c->undertryckt || c->dold_fore ?
		    json_null() : jcount(c->n_med_fore, r->min_antal),
		    "n_med_efter", c->undertryckt || c->dold_efter ?
		    json_null() : jcount(c->n_med_efter, r->min_antal),
		    "fore", jmedel(&c->fore),
		    "efter", jmedel(&c->efter),
		    "forandring", jmedel(&c->forandring),
		    "undertryckt", c->undertryckt,
		    "sekundart_undertryckt", c->sekundar);
		if (o == NULL || json_array_append_new(cells, o) != 0) {
			json_decref(cells);
			return NULL;
		}
	}
	root = json_pack("{s:s, s:I, s:I, s:{s:I, s:I, s:I}, s:{s:I, s:I}, "
	    "s:{s:o, s:o}, s:I, s:o}",
	    "rapport", "registerkoppling",
	    "deltaganden", (json_int_t)r->deltaganden,
	    "anvanda", (json_int_t)r->anvanda,
	    "uteslutna",
	    "pagaende", (json_int_t)r->pagaende,
	    "efter_ofullstandigt", (json_int_t)r->efter_ofullstandigt,
	    "fore_ofullstandigt", (json_int_t)r->fore_ofullstandigt,
	    "perioder",
	    "rader", (json_int_t)r->perioder,
	    "deltagare", (json_int_t)r->perioder_traff,
	    "tackning",
	    "fran", jdate(r->tackning_fran),
	    "tom", jdate(r->tackning_tom),
	    "min_antal", (json_int_t)r->min_antal,
	    "celler", cells);
	return root;
}

static enum fs_rc
write_json(const struct fs_koppling_resultat *r, struct fs_buf *b,
    struct fs_err *err)
{
	json_t *root = json_result(r);
	enum fs_rc rc = FS_OK;
	char *s;

	if (root == NULL)
		return nomem(err);
	s = json_dumps(root, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
	json_decref(root);
	if (s == NULL)
		return nomem(err);
	if (fs_buf_addstr(b, s) != FS_OK || fs_buf_addch(b, '\n') != FS_OK)
		rc = nomem(err);
	free(s);
	return rc;
}

/* ---- CSV ------------------------------------------------------------- */

static enum fs_rc
csv_num(struct fs_buf *b, double v, char sep, enum fs_fmt_style st)
{
	enum fs_rc rc = fs_buf_addch(b, sep);

	if (rc == FS_OK)
		rc = put_num(b, v, 2, st);
	return rc;
}

static enum fs_rc
csv_medel(struct fs_buf *b, const struct fs_koppling_medel *m, char sep,
    enum fs_fmt_style st)
{
	enum fs_rc rc = csv_num(b, m->medel, sep, st);

	if (rc == FS_OK)
		rc = csv_num(b, m->lag, sep, st);
	if (rc == FS_OK)
		rc = csv_num(b, m->hog, sep, st);
	return rc;
}

static enum fs_rc
csv_count(struct fs_buf *b, uint64_t n, unsigned k, bool hide, char sep)
{
	enum fs_rc rc = fs_buf_addch(b, sep);

	if (rc != FS_OK || hide)
		return rc;
	if (!count_shown(n, k))
		return fs_buf_addf(b, "<%u", k);
	return fs_buf_addf(b, "%llu", (unsigned long long)n);
}

static enum fs_rc
write_csv(const struct fs_koppling_resultat *r, bool excel, struct fs_buf *b)
{
	static const char *const head[] = {
		"forman", "kon", "forbund", "aldersgrupp", "antal",
		"antal_med_fore", "antal_med_efter", "medel_fore",
		"ki_fore_lag", "ki_fore_hog", "medel_efter", "ki_efter_lag",
		"ki_efter_hog", "medel_forandring", "ki_forandring_lag",
		"ki_forandring_hog",
	};
	char sep = excel ? ';' : ',';
	enum fs_fmt_style st = excel ? FS_FMT_CSV_SV : FS_FMT_PLAIN;
	enum fs_rc rc = FS_OK;

	if (excel)
		rc = fs_buf_addstr(b, "\xef\xbb\xbf");
	for (size_t i = 0; i < FS_NELEM(head) && rc == FS_OK; i++) {
		if (i > 0)
			rc = fs_buf_addch(b, sep);
		if (rc == FS_OK)
			rc = fs_buf_addstr(b, head[i]);
	}
	if (rc == FS_OK)
		rc = fs_buf_addch(b, '\n');
	for (size_t i = 0; i < r->ncell && rc == FS_OK; i++) {
		const struct fs_koppling_cell *c = &r->celler[i];
		const char *fb = c->forbund == FS_KOPPLING_ALLA ? "alla" :
		    r->forbund[c->forbund];
		const char *ag = c->aldersgrupp == FS_KOPPLING_ALLA ? "alla" :
		    fs_aldersgrupp_name(c->aldersgrupp);

		if (c->n == 0)
			continue;
		rc = fs_buf_addstr(b, fs_forman_name(c->forman));
		if (rc == FS_OK)
			rc = fs_buf_addf(b, "%c%s%c", sep, c->kon == 'k' ? "k" :
			    c->kon == 'm' ? "m" : "alla", sep);
		if (rc == FS_OK)
			rc = fs_csv_add_field(b, fb, strlen(fb), sep, true);
		if (rc == FS_OK)
			rc = fs_buf_addch(b, sep);
		if (rc == FS_OK)
			rc = fs_csv_add_field(b, ag, strlen(ag), sep, true);
		if (rc == FS_OK)
			rc = csv_count(b, c->n, r->min_antal, c->sekundar,
			    sep);
		if (rc == FS_OK)
			rc = csv_count(b, c->n_med_fore, r->min_antal,
			    c->undertryckt || c->dold_fore, sep);
		if (rc == FS_OK)
			rc = csv_count(b, c->n_med_efter, r->min_antal,
			    c->undertryckt || c->dold_efter, sep);
		if (rc == FS_OK)
			rc = csv_medel(b, &c->fore, sep, st);
		if (rc == FS_OK)
			rc = csv_medel(b, &c->efter, sep, st);
		if (rc == FS_OK)
			rc = csv_medel(b, &c->forandring, sep, st);
		if (rc == FS_OK)
			rc = fs_buf_addch(b, '\n');
	}
	return rc;
}

enum fs_rc
fs_koppling_resultat_write(const struct fs_koppling_resultat *r,
    enum fs_koppling_format f, struct fs_buf *out, struct fs_err *err)
{
	size_t len0 = out->len;
	enum fs_rc rc;

	switch (f) {
	case FS_KOPPLING_TEXT:
		rc = write_text(r, out) == FS_OK ? FS_OK : nomem(err);
		break;
	case FS_KOPPLING_JSON:
		rc = write_json(r, out, err);
		break;
	case FS_KOPPLING_CSV:
	case FS_KOPPLING_CSV_PLAIN:
		rc = write_csv(r, f == FS_KOPPLING_CSV, out) == FS_OK ? FS_OK :
		    nomem(err);
		break;
	default:
		rc = fs_err_set(err, FS_EINVAL, "format",
		    "måste vara text, json, csv eller csv-plain");
		break;
	}
	if (rc != FS_OK)
		fs_buf_setlen(out, len0);
	return rc;
}

/* ---- XLSX ------------------------------------------------------------ */

static void
x_num(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f)
{
	if (!isnan(v))
		worksheet_write_number(ws, r, c, v, f);
}

static void
x_count(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, uint64_t n, unsigned k,
    bool hide)
{
	char s[16];

	if (hide)
		return;
	if (!count_shown(n, k)) {
		snprintf(s, sizeof(s), "<%u", k);
		worksheet_write_string(ws, r, c, s, NULL);
		return;
	}
	worksheet_write_number(ws, r, c, (double)n, NULL);
}

/* One cell as a row from column c0: counts, then the three means. */
static void
x_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c0,
    const struct fs_koppling_cell *c, unsigned k, lxw_format *dec)
{
	const struct fs_koppling_medel *m[] = { &c->fore, &c->efter,
	    &c->forandring };

	x_count(ws, r, c0, c->n, k, c->sekundar);
	x_count(ws, r, (lxw_col_t)(c0 + 1), c->n_med_fore, k,
	    c->undertryckt || c->dold_fore);
	x_count(ws, r, (lxw_col_t)(c0 + 2), c->n_med_efter, k,
	    c->undertryckt || c->dold_efter);
	for (int i = 0; i < 3; i++) {
		lxw_col_t c1 = (lxw_col_t)(c0 + 3 + 3 * i);

		x_num(ws, r, c1, m[i]->medel, dec);
		x_num(ws, r, (lxw_col_t)(c1 + 1), m[i]->lag, dec);
		x_num(ws, r, (lxw_col_t)(c1 + 2), m[i]->hog, dec);
	}
}

enum fs_rc
fs_koppling_resultat_xlsx(const struct fs_koppling_resultat *r,
    const char *path, struct fs_err *err)
{
	static const char *const head[] = {
		"antal", "antal med dagar före", "antal med dagar efter",
		"medel före", "KI före, lägre", "KI före, övre",
		"medel efter", "KI efter, lägre", "KI efter, övre",
		"förändring", "KI förändring, lägre", "KI förändring, övre",
	};
	lxw_workbook *wb;
	lxw_worksheet *sum, *all;
	lxw_format *bold, *dec;
	lxw_row_t row = 1;
	lxw_error e;

	wb = workbook_new(path);
	if (wb == NULL)
		return fs_err_set(err, FS_EIO, "xlsx",
		    "arbetsboken kan inte skapas");
	sum = workbook_add_worksheet(wb, "Sammanfattning");
	all = workbook_add_worksheet(wb, "Aggregat");
	bold = workbook_add_format(wb);
	dec = workbook_add_format(wb);
	if (sum == NULL || all == NULL || bold == NULL || dec == NULL) {
		workbook_close(wb);
		return fs_err_set(err, FS_EIO, "xlsx",
		    "arbetsboken kan inte skapas");
	}
	format_set_bold(bold);
	format_set_num_format(dec, "0.00");
	worksheet_write_string(sum, 0, 0, "förmån", bold);
	worksheet_write_string(all, 0, 0, "förmån", bold);
	worksheet_write_string(all, 0, 1, "kön", bold);
	worksheet_write_string(all, 0, 2, "förbund", bold);
	worksheet_write_string(all, 0, 3, "åldersgrupp", bold);
	for (size_t i = 0; i < FS_NELEM(head); i++) {
		worksheet_write_string(sum, 0, (lxw_col_t)(1 + i), head[i],
		    bold);
		worksheet_write_string(all, 0, (lxw_col_t)(4 + i), head[i],
		    bold);
	}
	for (int f = 0; f < FS_FORMAN__MAX; f++) {
		worksheet_write_string(sum, (lxw_row_t)(1 + f), 0,
		    fs_forman_label(f), NULL);
		x_cell(sum, (lxw_row_t)(1 + f), 1, fs_koppling_cell(r, f, 0,
		    FS_KOPPLING_ALLA, FS_KOPPLING_ALLA), r->min_antal, dec);
	}
	for (size_t i = 0; i < r->ncell; i++) {
		const struct fs_koppling_cell *c = &r->celler[i];

		if (c->n == 0)
			continue;
		worksheet_write_string(all, row, 0, fs_forman_name(c->forman),
		    NULL);
		worksheet_write_string(all, row, 1, c->kon == 'k' ? "k" :
		    c->kon == 'm' ? "m" : "alla", NULL);
		worksheet_write_string(all, row, 2,
		    c->forbund == FS_KOPPLING_ALLA ? "alla" :
		    r->forbund[c->forbund], NULL);
		worksheet_write_string(all, row, 3,
		    c->aldersgrupp == FS_KOPPLING_ALLA ? "alla" :
		    fs_aldersgrupp_name(c->aldersgrupp), NULL);
		x_cell(all, row, 4, c, r->min_antal, dec);
		row++;
	}
	e = workbook_close(wb);
	if (e != LXW_NO_ERROR)
		return fs_err_set(err, FS_EIO, "xlsx",
		    "arbetsboken kunde inte skrivas (%s)", lxw_strerror(e));
	return FS_OK;
}

/* ---- SVG ------------------------------------------------------------- */

#define SVG_W		760.0
#define SVG_H		420.0
#define SVG_LEFT	70.0
#define SVG_RIGHT	20.0
#define SVG_TOP		50.0
#define SVG_BOTTOM	110.0
#define COL_FORE	"#0072B2"	/* Okabe-Ito blue */
#define COL_EFTER	"#E69F00"	/* Okabe-Ito orange */

/* A round axis step for values up to max. */
static double
nice_step(double max)
{
	double raw = max / 5.0, mag, f;

	if (raw <= 0)
		return 1;
	mag = pow(10.0, floor(log10(raw)));
	f = raw / mag;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

static enum fs_rc
svg_bar(struct fs_buf *b, double x, double w, double y0, double scale,
    const struct fs_koppling_medel *m, const char *color, const char *what)
{
	double h, y;
	enum fs_rc rc;

	if (isnan(m->medel))
		return FS_OK;
	h = m->medel * scale;
	y = y0 - h;
	rc = fs_buf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
	    "height=\"%.1f\" fill=\"%s\"><title>%s: %.1f dagar</title>"
	    "</rect>\n", x, y, w, h, color, what, m->medel);
	if (rc == FS_OK && !isnan(m->lag)) {
		double cx = x + w / 2, lo = y0 - fmax(m->lag, 0) * scale,
		    hi = y0 - m->hog * scale;

		rc = fs_buf_addf(b, "<path d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1f"
		    "M%.1f %.1fH%.1f\" stroke=\"#000\" fill=\"none\"/>\n",
		    cx, lo, hi, cx - 4, lo, cx + 4, cx - 4, hi, cx + 4);
	}
	return rc;
}

enum fs_rc
fs_koppling_resultat_svg(const struct fs_koppling_resultat *r,
    struct fs_buf *out, struct fs_err *err)
{
	const double pw = SVG_W - SVG_LEFT - SVG_RIGHT;
	const double ph = SVG_H - SVG_TOP - SVG_BOTTOM;
	size_t len0 = out->len;
	double max = 0, step, scale, gw;
	enum fs_rc rc;

	for (int f = 0; f < FS_FORMAN__MAX; f++) {
		const struct fs_koppling_cell *c = fs_koppling_cell(r, f, 0,
		    FS_KOPPLING_ALLA, FS_KOPPLING_ALLA);
		double v[] = { c->fore.hog, c->efter.hog, c->fore.medel,
		    c->efter.medel };

		for (size_t i = 0; i < FS_NELEM(v); i++)
			if (!isnan(v[i]) && v[i] > max)
				max = v[i];
	}
	step = nice_step(max);
	max = step * ceil(max / step);
	if (max <= 0)
		max = step * 5;
	scale = ph / max;
	gw = pw / FS_FORMAN__MAX;
	rc = fs_buf_addf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
	    "role=\"img\" aria-labelledby=\"t d\" font-family=\"sans-serif\" "
	    "font-size=\"12\">\n<title id=\"t\">Nettodagar med ersättning "
	    "före och efter insatsen</title>\n<desc id=\"d\">Medelvärde av "
	    "nettodagar per förmån under 365 dagar före start (blå) och 365 "
	    "dagar efter avslut (orange) för %llu deltaganden, med 95 %% "
	    "konfidensintervall.</desc>\n<rect width=\"100%%\" height=\"100%%\" "
	    "fill=\"#fff\"/>\n<text x=\"%.0f\" y=\"24\" font-size=\"15\" "
	    "font-weight=\"bold\">Nettodagar per deltagande: året före och "
	    "året efter</text>\n", SVG_W, SVG_H, SVG_W, SVG_H,
	    (unsigned long long)r->anvanda, SVG_LEFT);
	for (double v = 0; v <= max + step / 2 && rc == FS_OK; v += step) {
		double y = SVG_TOP + ph - v * scale;

		rc = fs_buf_addf(out, "<path d=\"M%.1f %.1fH%.1f\" "
		    "stroke=\"#ddd\"/>\n<text x=\"%.1f\" y=\"%.1f\" "
		    "text-anchor=\"end\">%.0f</text>\n", SVG_LEFT, y,
		    SVG_W - SVG_RIGHT, SVG_LEFT - 6, y + 4, v);
	}
	for (int f = 0; f < FS_FORMAN__MAX && rc == FS_OK; f++) {
		const struct fs_koppling_cell *c = fs_koppling_cell(r, f, 0,
		    FS_KOPPLING_ALLA, FS_KOPPLING_ALLA);
		double x = SVG_LEFT + f * gw, bw = gw * 0.35;
		double y0 = SVG_TOP + ph;

		if (!c->undertryckt) {
			rc = svg_bar(out, x + gw * 0.12, bw, y0, scale,
			    &c->fore, COL_FORE, "Före");
			if (rc == FS_OK)
				rc = svg_bar(out, x + gw * 0.12 + bw, bw, y0,
				    scale, &c->efter, COL_EFTER, "Efter");
		}
		if (rc == FS_OK)
			rc = fs_buf_addf(out, "<text transform=\"translate("
			    "%.1f %.1f) rotate(-35)\" text-anchor=\"end\">%s"
			    "</text>\n", x + gw / 2, y0 + 14,
			    fs_forman_label(f));
	}
	if (rc == FS_OK)
		rc = fs_buf_addf(out, "<path d=\"M%.1f %.1fH%.1f\" "
		    "stroke=\"#000\"/>\n<text transform=\"translate(18 %.1f) "
		    "rotate(-90)\" text-anchor=\"middle\">Nettodagar</text>\n"
		    "<rect x=\"%.1f\" y=\"34\" width=\"12\" height=\"12\" "
		    "fill=\"" COL_FORE "\"/><text x=\"%.1f\" y=\"44\">365 dagar "
		    "före start</text>\n<rect x=\"%.1f\" y=\"34\" width=\"12\" "
		    "height=\"12\" fill=\"" COL_EFTER "\"/><text x=\"%.1f\" "
		    "y=\"44\">365 dagar efter avslut</text>\n</svg>\n",
		    SVG_LEFT, SVG_TOP + ph, SVG_W - SVG_RIGHT,
		    SVG_TOP + ph / 2, SVG_W - 330, SVG_W - 314, SVG_W - 170,
		    SVG_W - 154);
	if (rc != FS_OK) {
		fs_buf_setlen(out, len0);
		return nomem(err);
	}
	return FS_OK;
}
