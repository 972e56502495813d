/* SPDX-License-Identifier: ISC */
/*
 * JSON of the library's objects for the API, through jansson only:
 * dates as "YYYY-MM-DD" or null, codes by their wire names, code sets
 * as arrays, "not given" as null.  The same names as the CSV columns
 * and the request fields, so that what the API returns can be sent
 * back.  Every function returns a new reference, or NULL when memory
 * runs out.
 */
#include "compat.h"

#include <stdint.h>

#include <jansson.h>

#include "finsam/codes.h"
#include "finsam/deltagande.h"
#include "finsam/forbund.h"
#include "finsam/insats.h"
#include "finsam/parse.h"

#include "http.h"
#include "jsonout.h"

json_t *
fs_json_date(int32_t day)
{
	char s[11];

	if (day == FS_DATE_NONE)
		return json_null();
	fs_date_format(day, s);
	return json_string(s);
}

json_t *
fs_json_str(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

json_t *
fs_json_code(int list, int value)
{
	return fs_json_str(fs_code_name((enum fs_list)list, value));
}

json_t *
fs_json_codeset(int list, uint32_t set)
{
	json_t *a = json_array();
	const char *n;

	if (a == NULL)
		return NULL;
	for (int i = 1; i < 32; i++) {
		if ((set & ((uint32_t)1 << i)) == 0)
			continue;
		n = fs_code_name((enum fs_list)list, i);
		if (n != NULL && json_array_append_new(a, json_string(n)) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *
pct(int v)
{
	return v == FS_PCT_NONE ? json_null() : json_integer(v);
}

static json_t *
yesno(int v)
{
	return v == FS_BOOL_NONE ? json_null() : json_boolean(v != 0);
}

json_t *
fs_json_forbund(const struct fs_forbund *f)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o}",
	    "id", (json_int_t)f->id, "kod", f->kod, "namn", f->namn,
	    "organisationsnummer", f->organisationsnummer,
	    "startdatum", fs_json_date(f->startdatum),
	    "slutdatum", fs_json_date(f->slutdatum),
	    "hemlan", fs_json_str(f->hemlan[0] != '\0' ? f->hemlan : NULL));
}

json_t *
fs_json_medlem(const struct fs_medlem *m)
{
	return json_pack("{s:I, s:o, s:s, s:o, s:o, s:o}",
	    "id", (json_int_t)m->id,
	    "parttyp", fs_json_code(FS_LIST_PARTTYP, m->parttyp),
	    "kod", m->kod,
	    "benamning", fs_json_str(fs_code_label(FS_LIST_PARTTYP,
	    m->parttyp)),
	    "fran", fs_json_date(m->fran), "till", fs_json_date(m->till));
}

json_t *
fs_json_insats(const struct fs_insats *i, int32_t today)
{
	json_t *o, *mg;
	bool undecided;

	mg = json_array();
	if (mg == NULL)
		return NULL;
	for (size_t k = 0; k < i->nmalgrupper; k++)
		json_array_append_new(mg, json_string(i->malgrupper[k]));
	undecided = i->beslut == 0 && (i->status == FS_STATUS_AVSLUTAD ||
	    (i->slutdatum != FS_DATE_NONE && i->slutdatum < today));
	o = json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, "
	    "s:b, s:o, s:o, s:o, s:o, s:o, s:b}",
	    "id", (json_int_t)i->id, "forbund_id", (json_int_t)i->forbund_id,
	    "kod", i->kod, "namn", i->namn,
	    "beskrivning", fs_json_str(i->beskrivning),
	    "startdatum", fs_json_date(i->startdatum),
	    "slutdatum", fs_json_date(i->slutdatum),
	    "inriktning", fs_json_code(FS_LIST_INRIKTNING, i->inriktning),
	    "preciserad_inriktning", fs_json_str(i->preciserad_inriktning),
	    "uppfoljning", fs_json_code(FS_LIST_UPPFOLJNING, i->uppfoljning),
	    "esf", i->esf,
	    "status", fs_json_code(FS_LIST_STATUS, i->status),
	    "beslut", fs_json_code(FS_LIST_BESLUT, i->beslut),
	    "beslut_medlem", fs_json_str(i->beslut_medlem),
	    "beslut_fran", fs_json_date(i->beslut_fran),
	    "malgrupper", mg,
	    "saknar_beslut", undecided);
	return o;
}

json_t *
fs_json_deltagande(const struct fs_deltagande *d)
{
	char kon[2] = { d->kon, '\0' };

	return json_pack("{s:I, s:I, s:b, s:s, s:i, s:o, s:o, s:o, s:o, s:o, "
	    "s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:i}",
	    "id", (json_int_t)d->id, "insats_id", (json_int_t)d->insats_id,
	    "avidentifierad", d->avidentifierad, "kon", kon,
	    "alder_start", d->alder_start,
	    "startdatum", fs_json_date(d->startdatum),
	    "utbildning", fs_json_code(FS_LIST_UTBILDNING, d->utbildning),
	    "offentlig_forsorjning_tid", fs_json_code(FS_LIST_FORSORJNING_TID,
	    d->offentlig_forsorjning_tid),
	    "forsorjning_fore", fs_json_codeset(FS_LIST_FORSORJNING,
	    d->forsorjning_fore),
	    "arbete_fore", pct(d->arbete_fore),
	    "studier_fore", pct(d->studier_fore),
	    "arbetssokande_fore", yesno(d->arbetssokande_fore),
	    "slutdatum", fs_json_date(d->slutdatum),
	    "avslutsanledning", fs_json_code(FS_LIST_AVSLUT,
	    d->avslutsanledning),
	    "forsorjning_efter", fs_json_codeset(FS_LIST_FORSORJNING,
	    d->forsorjning_efter),
	    "arbete_efter", pct(d->arbete_efter),
	    "studier_efter", pct(d->studier_efter),
	    "arbetssokande_efter", yesno(d->arbetssokande_efter),
	    "version", d->version);
}

json_t *
fs_json_version(const struct fs_version *v)
{
	return json_pack("{s:i, s:s, s:s, s:o, s:o}",
	    "version", v->version, "andrad_av", v->andrad_av,
	    "andrad_tid", v->andrad_tid, "orsak", fs_json_str(v->orsak),
	    "data", fs_json_deltagande(&v->data));
}
