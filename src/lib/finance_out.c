/* SPDX-License-Identifier: ISC */
/*
 * Output of an allocation (tilldelning.h): the JSON that the CLI, the
 * stored calculation and the HTTP API all give byte for byte (this file
 * is its only writer), a text table with every förbund's calculation
 * log for people, CSV for Swedish Excel and an XLSX workbook through
 * libxlsxwriter.  Pure functions of a struct fs_tdl_result; owns
 * nothing beyond the caller's buffer or file.
 */
#include "compat.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>
#include <xlsxwriter.h>

#include "finsam/buf.h"
#include "finsam/codes.h"
#include "finsam/csv.h"
#include "finsam/err.h"
#include "finsam/fmt.h"
#include "finsam/parse.h"
#include "finsam/tilldelning.h"
#include "finance_int.h"

static const char *const format_names[] = {
	[FS_TDL_TEXT] = "text",
	[FS_TDL_JSON] = "json",
	[FS_TDL_CSV] = "csv",
	[FS_TDL_XLSX] = "xlsx",
};
_Static_assert(FS_NELEM(format_names) == FS_TDL_FORMAT__MAX, "format_names");

static const char *const sparr_text[] = {
	[FS_TDL_SPARR_AV] = "avstängd",
	[FS_TDL_SPARR_EJ_BEHOV] = "påverkade inget förbund",
	[FS_TDL_SPARR_HALLEN] = "höll uppe minst ett förbund",
	[FS_TDL_SPARR_EJ_MOJLIG] =
	    "kunde inte hållas fullt ut, alla skalades med samma faktor",
};
_Static_assert(FS_NELEM(sparr_text) == FS_TDL_SPARR__MAX, "sparr_text");

int
fs_tdl_format_find(const char *name)
{
	return fs_name_find(format_names, FS_NELEM(format_names), name);
}

static enum fs_rc
nomem(struct fs_err *err)
{
	return fs_err_set(err, FS_ENOMEM, NULL,
	    "utdata blev för stort eller minnet räcker inte");
}

/* The key as a JSON number with 12 significant digits. */
static json_t *
key_json(int64_t e12)
{
	return json_real((double)e12 / 1e12);
}

static enum fs_rc
write_json(const struct fs_tdl_result *r, struct fs_buf *out,
    struct fs_err *err)
{
	json_t *root = json_object(), *arr = json_array();
	enum fs_rc rc;

	if (root == NULL || arr == NULL) {
		json_decref(root);
		json_decref(arr);
		return nomem(err);
	}
	json_object_set_new(root, "ar", json_integer(r->ar));
	json_object_set_new(root, "ram", json_integer(r->ram));
	for (size_t i = 0; i < r->nrad; i++) {
		const struct fs_tdl_rad *d = &r->rad[i];
		json_t *o = json_object(), *logg = json_array();

		if (o == NULL || logg == NULL) {
			json_decref(o);
			json_decref(logg);
			json_decref(arr);
			json_decref(root);
			return nomem(err);
		}
		json_object_set_new(o, "forbund_kod", json_string(d->kod));
		json_object_set_new(o, "nyckel", key_json(d->nyckel_e12));
		json_object_set_new(o, "mojlig_tilldelning",
		    json_integer(d->mojlig));
		json_object_set_new(o, "tilldelning",
		    json_integer(d->tilldelning));
		for (size_t k = 0; k < d->nlogg; k++)
			json_array_append_new(logg, json_string(d->logg[k]));
		json_object_set_new(o, "logg", logg);
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "forbund", arr);
	rc = fin_json_dump(root, out, err);
	json_decref(root);
	return rc;
}

/* Characters (not bytes) of UTF-8 text. */
static size_t
width(const char *s)
{
	size_t w = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* s left-aligned (left true) or right-aligned in w characters. */
static enum fs_rc
cell(struct fs_buf *b, const char *s, size_t w, bool left)
{
	size_t n = width(s);
	enum fs_rc rc = FS_OK;

	if (!left)
		for (; rc == FS_OK && n < w; n++)
			rc = fs_buf_addch(b, ' ');
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, s);
	if (left)
		for (; rc == FS_OK && n < w; n++)
			rc = fs_buf_addch(b, ' ');
	return rc;
}

#define NCOLS 6

static enum fs_rc
table_row(struct fs_buf *b, const char *const *v, size_t kodw)
{
	static const size_t w[NCOLS] = { 0, 11, 15, 15, 15, 15 };
	enum fs_rc rc;

	rc = cell(b, v[0], kodw, true);
	for (size_t c = 1; rc == FS_OK && c < NCOLS; c++) {
		rc = fs_buf_add(b, "  ", 2);
		if (rc == FS_OK)
			rc = cell(b, v[c], w[c], false);
	}
	if (rc == FS_OK)
		rc = fs_buf_addch(b, '\n');
	return rc;
}

static enum fs_rc
write_heading(const struct fs_tdl_result *r, struct fs_buf *b)
{
	char ram[40], gb[40], rest[40];

	fin_kr(ram, r->ram);
	fin_kr(gb, r->grundbelopp);
	fin_kr(rest, r->rest);
	return fs_buf_addf(b, "Statlig medelstilldelning %d\n"
	    "Ram %s, grundbelopp %s per förbund, %zu förbund; resten %s "
	    "fördelas enligt nyckeln.\nFörsörjningsmått och befolkning "
	    "16–64 år från %d.\nSpärren %s.\n", r->ar, ram, gb, r->nrad, rest,
	    r->dataar, sparr_text[r->sparr]);
}

static enum fs_rc
write_log(const struct fs_tdl_rad *d, struct fs_buf *b)
{
	enum fs_rc rc;

	rc = fs_buf_addf(b, "\n%s – %s\n", d->kod, d->namn);
	for (size_t k = 0; rc == FS_OK && k < d->nlogg; k++)
		rc = fs_buf_addf(b, "%3zu. %s\n", k + 1, d->logg[k]);
	return rc;
}

static enum fs_rc
write_text(const struct fs_tdl_result *r, const char *only, struct fs_buf *b,
    struct fs_err *err)
{
	const char *head[NCOLS] = { "Förbund", "Nyckel", "Enligt nyckel",
		"Möjlig", "Ansökt", "Tilldelning" };
	char v[NCOLS][48], tot[4][40], ej[40];
	const char *row[NCOLS];
	size_t kodw = width(head[0]);
	enum fs_rc rc;

	if (only != NULL) {
		for (size_t i = 0; i < r->nrad; i++)
			if (strcmp(r->rad[i].kod, only) == 0) {
				rc = write_heading(r, b);
				if (rc == FS_OK)
					rc = write_log(&r->rad[i], b);
				return rc == FS_OK ? FS_OK : nomem(err);
			}
		return fs_err_set(err, FS_ENOTFOUND, "forbund",
		    "förbundet finns inte i beräkningen");
	}
	for (size_t i = 0; i < r->nrad; i++)
		if (width(r->rad[i].kod) > kodw)
			kodw = width(r->rad[i].kod);
	rc = write_heading(r, b);
	if (rc == FS_OK)
		rc = fs_buf_addch(b, '\n');
	if (rc == FS_OK)
		rc = table_row(b, head, kodw);
	for (size_t i = 0; rc == FS_OK && i < r->nrad; i++) {
		const struct fs_tdl_rad *d = &r->rad[i];

		fin_dec(v[1], d->nyckel_e12, 10000000000LL, 4);
		fin_num(v[2], d->enligt_nyckel);
		fin_num(v[3], d->mojlig);
		fin_num(v[4], d->ansokt);
		fin_num(v[5], d->tilldelning);
		snprintf(v[0], sizeof(v[0]), "%s", d->kod);
		if (strlen(v[1]) + 2 < sizeof(v[1]))
			memcpy(v[1] + strlen(v[1]), " %", 3);
		for (size_t c = 0; c < NCOLS; c++)
			row[c] = v[c];
		row[0] = d->kod;
		rc = table_row(b, row, kodw);
	}
	fin_num(tot[0], r->summa_mojlig);
	fin_num(tot[1], r->summa_ansokt);
	fin_num(tot[2], r->summa_tilldelning);
	fin_num(tot[3], r->ram);
	row[0] = "Summa";
	row[1] = "100 %";
	row[2] = tot[3];
	row[3] = tot[0];
	row[4] = tot[1];
	row[5] = tot[2];
	if (rc == FS_OK)
		rc = table_row(b, row, kodw);
	fin_kr(ej, r->ej_utnyttjat);
	if (rc == FS_OK)
		rc = fs_buf_addf(b, "\nEj utnyttjat: %s.%s\n", ej,
		    r->overteckning ? " Ansökningarna översteg det som fanns "
		    "att fördela." : "");
	if (rc == FS_OK)
		rc = fs_buf_addstr(b, "\nBeräkningslogg per förbund "
		    "(\"varför fick vi det här beloppet\")\n");
	for (size_t i = 0; rc == FS_OK && i < r->nrad; i++)
		rc = write_log(&r->rad[i], b);
	return rc == FS_OK ? FS_OK : nomem(err);
}

static const char *const csv_cols[] = {
	"forbund_kod", "namn", "kommuner", "forsorjningsmatt_tkr",
	"befolkning_16_64", "nyckel", "enligt_nyckel", "golv", "i_sparr",
	"efter_sparr", "over_trappan", "kapital_overskott",
	"kapital_minskning", "kapital_tillagg", "mojlig_tilldelning",
	"ansokt", "utnyttjandegrad", "tilldelning",
};

static enum fs_rc
csv_int(struct fs_buf *b, int64_t v)
{
	enum fs_rc rc = fs_buf_addch(b, ';');

	if (rc == FS_OK && v != FS_TDL_NONE)
		rc = fs_fmt_int(b, v, FS_FMT_CSV_SV, NULL);
	return rc;
}

static enum fs_rc
write_csv(const struct fs_tdl_result *r, struct fs_buf *b, struct fs_err *err)
{
	enum fs_rc rc;

	rc = fs_buf_addstr(b, "\xef\xbb\xbf");
	for (size_t c = 0; rc == FS_OK && c < FS_NELEM(csv_cols); c++)
		rc = fs_buf_addf(b, "%s%s", c > 0 ? ";" : "", csv_cols[c]);
	if (rc == FS_OK)
		rc = fs_buf_add(b, "\r\n", 2);
	for (size_t i = 0; rc == FS_OK && i < r->nrad; i++) {
		const struct fs_tdl_rad *d = &r->rad[i];

		rc = fs_csv_add_field(b, d->kod, strlen(d->kod), ';', true);
		if (rc == FS_OK)
			rc = fs_buf_addch(b, ';');
		if (rc == FS_OK)
			rc = fs_csv_add_field(b, d->namn, strlen(d->namn), ';',
			    true);
		if (rc == FS_OK)
			rc = csv_int(b, (int64_t)d->nkommuner);
		if (rc == FS_OK)
			rc = csv_int(b, d->fm_tkr);
		if (rc == FS_OK)
			rc = csv_int(b, d->befolkning);
		if (rc == FS_OK)
			rc = fs_buf_addch(b, ';');
		if (rc == FS_OK)
			rc = fs_fmt_fixed(b, d->nyckel_e12, 12, FS_FMT_CSV_SV,
			    NULL);
		if (rc == FS_OK)
			rc = csv_int(b, d->enligt_nyckel);
		if (rc == FS_OK)
			rc = csv_int(b, d->golv);
		if (rc == FS_OK)
			rc = fs_buf_addstr(b, d->i_sparr ? ";ja" : ";nej");
		if (rc == FS_OK)
			rc = csv_int(b, d->efter_sparr);
		if (rc == FS_OK)
			rc = fs_buf_addstr(b, d->over_trappan == 1 ? ";ja" :
			    d->over_trappan == 0 ? ";nej" : ";");
		if (rc == FS_OK)
			rc = csv_int(b, d->kapital_overskott);
		if (rc == FS_OK)
			rc = csv_int(b, d->kapital_minskning);
		if (rc == FS_OK)
			rc = csv_int(b, d->kapital_tillagg);
		if (rc == FS_OK)
			rc = csv_int(b, d->mojlig);
		if (rc == FS_OK)
			rc = csv_int(b, d->ansokt);
		if (rc == FS_OK)
			rc = fs_buf_addch(b, ';');
		if (rc == FS_OK)
			rc = fs_fmt_fixed(b, d->utnyttjandegrad_bp, 2,
			    FS_FMT_CSV_SV, NULL);
		if (rc == FS_OK)
			rc = csv_int(b, d->tilldelning);
		if (rc == FS_OK)
			rc = fs_buf_add(b, "\r\n", 2);
	}
	return rc == FS_OK ? FS_OK : nomem(err);
}

enum fs_rc
fs_tdl_write(const struct fs_tdl_result *r, enum fs_tdl_format f,
    const char *forbund_kod, struct fs_buf *out, struct fs_err *err)
{
	switch (f) {
	case FS_TDL_TEXT:
		return write_text(r, forbund_kod, out, err);
	case FS_TDL_JSON:
		return write_json(r, out, err);
	case FS_TDL_CSV:
		return write_csv(r, out, err);
	case FS_TDL_XLSX:
	default:
		break;
	}
	return fs_err_set(err, FS_EINVAL, "format",
	    "XLSX skrivs till en fil med fs_tdl_write_xlsx");
}

/* Text for a spreadsheet cell, neutralised against formulas. */
static void
xtext(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s)
{
	char buf[1024];

	if (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') {
		snprintf(buf, sizeof(buf), "'%s", s);
		worksheet_write_string(ws, row, col, buf, NULL);
	} else
		worksheet_write_string(ws, row, col, s, NULL);
}

enum fs_rc
fs_tdl_write_xlsx(const struct fs_tdl_result *r, const char *path,
    struct fs_err *err)
{
	static const char *const head[] = { "Förbund", "Namn", "Kommuner",
		"Försörjningsmått (tkr)", "Befolkning 16–64", "Nyckel",
		"Enligt nyckel (kr)", "Golv (kr)", "Efter spärr (kr)",
		"Kapitalminskning (kr)", "Möjlig tilldelning (kr)",
		"Ansökt (kr)", "Tilldelning (kr)" };
	lxw_workbook *wb;
	lxw_worksheet *ws, *wl;
	lxw_format *bold, *pct, *kr;
	lxw_row_t lrow = 1;
	lxw_doc_properties props;
	lxw_error e;
	char title[64];

	wb = workbook_new(path);
	if (wb == NULL)
		return fs_err_set(err, FS_EIO, "ut",
		    "kan inte skapa arbetsboken");
	ws = workbook_add_worksheet(wb, "Tilldelning");
	wl = workbook_add_worksheet(wb, "Logg");
	bold = workbook_add_format(wb);
	pct = workbook_add_format(wb);
	kr = workbook_add_format(wb);
	if (ws == NULL || wl == NULL || bold == NULL || pct == NULL ||
	    kr == NULL) {
		workbook_close(wb);
		return nomem(err);
	}
	/*
	 * A fixed creation time (1 January of the allocation year) makes the
	 * same calculation give a byte-identical workbook, like its JSON.
	 */
	memset(&props, 0, sizeof(props));
	props.title = title;
	props.created = (time_t)fs_date_from_ymd(r->ar, 1, 1) * 86400;
	snprintf(title, sizeof(title), "Statlig medelstilldelning %d", r->ar);
	workbook_set_properties(wb, &props);
	format_set_bold(bold);
	format_set_num_format(pct, "0.0000%");
	format_set_num_format(kr, "# ##0");
	snprintf(title, sizeof(title), "Statlig medelstilldelning %d", r->ar);
	worksheet_write_string(ws, 0, 0, title, bold);
	for (size_t c = 0; c < FS_NELEM(head); c++)
		worksheet_write_string(ws, 2, (lxw_col_t)c, head[c], bold);
	for (size_t i = 0; i < r->nrad; i++) {
		const struct fs_tdl_rad *d = &r->rad[i];
		lxw_row_t row = (lxw_row_t)(3 + i);

		xtext(ws, row, 0, d->kod);
		xtext(ws, row, 1, d->namn);
		worksheet_write_number(ws, row, 2, (double)d->nkommuner, NULL);
		worksheet_write_number(ws, row, 3, (double)d->fm_tkr, kr);
		worksheet_write_number(ws, row, 4, (double)d->befolkning, kr);
		worksheet_write_number(ws, row, 5, (double)d->nyckel_e12 / 1e12,
		    pct);
		worksheet_write_number(ws, row, 6, (double)d->enligt_nyckel,
		    kr);
		if (d->golv != FS_TDL_NONE)
			worksheet_write_number(ws, row, 7, (double)d->golv, kr);
		worksheet_write_number(ws, row, 8, (double)d->efter_sparr, kr);
		worksheet_write_number(ws, row, 9,
		    (double)d->kapital_minskning, kr);
		worksheet_write_number(ws, row, 10, (double)d->mojlig, kr);
		worksheet_write_number(ws, row, 11, (double)d->ansokt, kr);
		worksheet_write_number(ws, row, 12, (double)d->tilldelning, kr);
	}
	worksheet_write_string(ws, (lxw_row_t)(3 + r->nrad), 0, "Summa", bold);
	worksheet_write_number(ws, (lxw_row_t)(3 + r->nrad), 10,
	    (double)r->summa_mojlig, kr);
	worksheet_write_number(ws, (lxw_row_t)(3 + r->nrad), 11,
	    (double)r->summa_ansokt, kr);
	worksheet_write_number(ws, (lxw_row_t)(3 + r->nrad), 12,
	    (double)r->summa_tilldelning, kr);
	worksheet_write_string(wl, 0, 0, "Förbund", bold);
	worksheet_write_string(wl, 0, 1, "Steg", bold);
	worksheet_write_string(wl, 0, 2, "Förklaring", bold);
	for (size_t i = 0; i < r->nrad; i++)
		for (size_t k = 0; k < r->rad[i].nlogg; k++, lrow++) {
			xtext(wl, lrow, 0, r->rad[i].kod);
			worksheet_write_number(wl, lrow, 1, (double)(k + 1),
			    NULL);
			xtext(wl, lrow, 2, r->rad[i].logg[k]);
		}
	e = workbook_close(wb);
	if (e != LXW_NO_ERROR)
		return fs_err_set(err, FS_EIO, "ut",
		    "kunde inte skriva arbetsboken (%s)", lxw_strerror(e));
	return FS_OK;
}
