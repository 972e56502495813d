/* SPDX-License-Identifier: ISC */
/*
 * The code lists of follow-up.md: wire names (as in CSV and JSON) and
 * Swedish labels for people.  Entry 0 of every list is "not given".
 */
#include "compat.h"

#include "finsam/buf.h"
#include "finsam/codes.h"

struct code {
	const char	*name;
	const char	*label;
};

static const struct code utbildning[] = {
	[FS_UTB_NONE] = { NULL, NULL },
	[FS_UTB_FORGYMNASIAL_UNDER_9] = { "forgymnasial_under_9",
	    "Förgymnasial utbildning kortare än 9 år" },
	[FS_UTB_GRUNDSKOLA] = { "grundskola", "Grundskola" },
	[FS_UTB_GYMNASIUM] = { "gymnasium", "Gymnasium" },
	[FS_UTB_EFTERGYMNASIAL] = { "eftergymnasial",
	    "Eftergymnasial utbildning" },
	[FS_UTB_OKAND] = { "okand", "Okänd" },
};
_Static_assert(FS_NELEM(utbildning) == FS_UTB__MAX, "utbildning");

static const struct code fors_tid[] = {
	[FS_FT_NONE] = { NULL, NULL },
	[FS_FT_INGEN] = { "ingen", "Ingen offentlig försörjning" },
	[FS_FT_UNDER_1] = { "under_1", "Mindre än 1 år" },
	[FS_FT_1_3] = { "1_3", "1–3 år" },
	[FS_FT_3_9] = { "3_9", "Mer än 3 men mindre än 9 år" },
	[FS_FT_OVER_9] = { "over_9", "9 år eller mer" },
	[FS_FT_OKAND] = { "okand", "Okänd" },
};
_Static_assert(FS_NELEM(fors_tid) == FS_FT__MAX, "fors_tid");

static const struct code forsorjning[] = {
	[FS_FORS_NONE] = { NULL, NULL },
	[FS_FORS_SJUKPENNING] = { "sjukpenning",
	    "Sjukpenning/rehabiliteringspenning" },
	[FS_FORS_AKTIVITETSERSATTNING] = { "aktivitetsersattning",
	    "Aktivitetsersättning" },
	[FS_FORS_SJUKERSATTNING] = { "sjukersattning", "Sjukersättning" },
	[FS_FORS_AKTIVITETSSTOD] = { "aktivitetsstod",
	    "Aktivitetsstöd/utvecklingsersättning" },
	[FS_FORS_A_KASSA] = { "a_kassa", "Arbetslöshetsersättning" },
	[FS_FORS_ETABLERINGSERSATTNING] = { "etableringsersattning",
	    "Etableringsersättning" },
	[FS_FORS_FORSORJNINGSSTOD] = { "forsorjningsstod",
	    "Försörjningsstöd (ekonomiskt bistånd)" },
	[FS_FORS_ANNAN] = { "annan", "Annan offentlig försörjning" },
	[FS_FORS_INGEN] = { "ingen", "Ingen offentlig försörjning" },
};
_Static_assert(FS_NELEM(forsorjning) == FS_FORS__MAX, "forsorjning");

static const struct code avslut[] = {
	[FS_AVSLUT_NONE] = { NULL, NULL },
	[FS_AVSLUT_PLANENLIGT] = { "planenligt", "Planenligt" },
	[FS_AVSLUT_ARBETE] = { "arbete", "Arbete" },
	[FS_AVSLUT_STUDIER] = { "studier", "Studier" },
	[FS_AVSLUT_ANNAN_INSATS] = { "annan_insats", "Annan insats" },
	[FS_AVSLUT_OHALSA] = { "ohalsa", "Ohälsa" },
	[FS_AVSLUT_FLYTT] = { "flytt", "Flytt" },
	[FS_AVSLUT_AVBROTT] = { "avbrott", "Avbrott (deltagaren avslutade)" },
	[FS_AVSLUT_SAMTYCKE_ATERKALLAT] = { "samtycke_aterkallat",
	    "Samtycke återkallat" },
	[FS_AVSLUT_OVRIGT] = { "ovrigt", "Övrigt" },
	[FS_AVSLUT_FELREGISTRERING] = { "felregistrering",
	    "Felregistrering" },
};
_Static_assert(FS_NELEM(avslut) == FS_AVSLUT__MAX, "avslut");

static const struct code inriktning[] = {
	[FS_INR_NONE] = { NULL, NULL },
	[FS_INR_INDIVID] = { "individ", "Individinriktad" },
	[FS_INR_STRUKTUR] = { "struktur", "Strukturövergripande" },
};
_Static_assert(FS_NELEM(inriktning) == FS_INR__MAX, "inriktning");

static const struct code uppfoljning[] = {
	[FS_UPPF_NONE] = { NULL, NULL },
	[FS_UPPF_INDIVID] = { "individ", "Deltagare registreras individuellt" },
	[FS_UPPF_ANTAL] = { "antal", "Endast antal deltagare" },
};
_Static_assert(FS_NELEM(uppfoljning) == FS_UPPF__MAX, "uppfoljning");

static const struct code status[] = {
	[FS_STATUS_NONE] = { NULL, NULL },
	[FS_STATUS_PLANERAD] = { "planerad", "Planerad" },
	[FS_STATUS_PAGAENDE] = { "pagaende", "Pågående" },
	[FS_STATUS_AVSLUTAD] = { "avslutad", "Avslutad" },
};
_Static_assert(FS_NELEM(status) == FS_STATUS__MAX, "status");

static const struct code beslut[] = {
	[FS_BESLUT_NONE] = { NULL, NULL },
	[FS_BESLUT_IMPLEMENTERAD] = { "implementerad",
	    "Implementerad i ordinarie verksamhet" },
	[FS_BESLUT_FORLANGD] = { "forlangd", "Förlängd" },
	[FS_BESLUT_AVVECKLAD] = { "avvecklad", "Avvecklad" },
};
_Static_assert(FS_NELEM(beslut) == FS_BESLUT__MAX, "beslut");

static const struct code parttyp[] = {
	[FS_PART_NONE] = { NULL, NULL },
	[FS_PART_FK] = { "fk", "Försäkringskassan" },
	[FS_PART_AF] = { "af", "Arbetsförmedlingen" },
	[FS_PART_REGION] = { "region", "Region" },
	[FS_PART_KOMMUN] = { "kommun", "Kommun" },
};
_Static_assert(FS_NELEM(parttyp) == FS_PART__MAX, "parttyp");

static const struct code uppdrag[] = {
	[FS_UPPDRAG_NONE] = { NULL, NULL },
	[FS_UPPDRAG_LEDAMOT] = { "ledamot", "Ledamot" },
	[FS_UPPDRAG_ERSATTARE] = { "ersattare", "Ersättare" },
};
_Static_assert(FS_NELEM(uppdrag) == FS_UPPDRAG__MAX, "uppdrag");

static const struct code styrelseroll[] = {
	[FS_SROLL_NONE] = { NULL, NULL },
	[FS_SROLL_ORDFORANDE] = { "ordforande", "Ordförande" },
	[FS_SROLL_VICE_ORDFORANDE] = { "vice_ordforande", "Vice ordförande" },
};
_Static_assert(FS_NELEM(styrelseroll) == FS_SROLL__MAX, "styrelseroll");

static const struct code prec_individ[] = {
	{ NULL, NULL },
	{ "rehabilitering_arbete_utbildning",
	    "Rehabilitering mot arbete eller utbildning" },
	{ "samordning_team", "Samordnare eller team kring personen" },
	{ "kartlaggning", "Kartläggning" },
	{ "forebyggande", "Förebyggande/tidiga insatser" },
	{ "annan_individ", "Annan individinriktad insats" },
};

static const struct code prec_struktur[] = {
	{ NULL, NULL },
	{ "dialog_kommunikation", "Dialog och kommunikation" },
	{ "kompetensutveckling", "Kompetensutveckling" },
	{ "metodutveckling", "Metodutveckling" },
	{ "kartlaggning_analys", "Kartläggning och analys" },
	{ "samverkansstruktur", "Samverkansstruktur" },
	{ "annan_struktur", "Annan strukturövergripande insats" },
};

static const struct code malgrupp[] = {
	{ NULL, NULL },
	{ "unga_16_29", "Unga 16–29 år" },
	{ "unga_aktivitetsersattning", "Unga med aktivitetsersättning" },
	{ "unga_funktionsnedsattning", "Unga med funktionsnedsättning" },
	{ "langtidssjukskrivna", "Långtidssjukskrivna" },
	{ "langtidsarbetslosa", "Långtidsarbetslösa" },
	{ "ekonomiskt_bistand", "Personer med ekonomiskt bistånd" },
	{ "nyanlanda", "Nyanlända" },
	{ "psykisk_ohalsa", "Psykisk ohälsa" },
	{ "missbruk", "Missbruk" },
	{ "ovriga", "Övriga" },
};

struct list {
	const struct code	*codes;
	size_t			 n;
	const char		*names;	/* for error messages */
};

#define LIST(a, s) { a, FS_NELEM(a), s }

static const struct list lists[] = {
	[FS_LIST_UTBILDNING] = LIST(utbildning,
	    "forgymnasial_under_9, grundskola, gymnasium, eftergymnasial, "
	    "okand"),
	[FS_LIST_FORSORJNING_TID] = LIST(fors_tid,
	    "ingen, under_1, 1_3, 3_9, over_9, okand"),
	[FS_LIST_FORSORJNING] = LIST(forsorjning,
	    "sjukpenning, aktivitetsersattning, sjukersattning, "
	    "aktivitetsstod, a_kassa, etableringsersattning, "
	    "forsorjningsstod, annan, ingen"),
	[FS_LIST_AVSLUT] = LIST(avslut,
	    "planenligt, arbete, studier, annan_insats, ohalsa, flytt, "
	    "avbrott, samtycke_aterkallat, ovrigt, felregistrering"),
	[FS_LIST_INRIKTNING] = LIST(inriktning, "individ, struktur"),
	[FS_LIST_UPPFOLJNING] = LIST(uppfoljning, "individ, antal"),
	[FS_LIST_STATUS] = LIST(status, "planerad, pagaende, avslutad"),
	[FS_LIST_BESLUT] = LIST(beslut, "implementerad, forlangd, avvecklad"),
	[FS_LIST_PARTTYP] = LIST(parttyp, "fk, af, region, kommun"),
	[FS_LIST_PREC_INDIVID] = LIST(prec_individ,
	    "rehabilitering_arbete_utbildning, samordning_team, "
	    "kartlaggning, forebyggande, annan_individ"),
	[FS_LIST_PREC_STRUKTUR] = LIST(prec_struktur,
	    "dialog_kommunikation, kompetensutveckling, metodutveckling, "
	    "kartlaggning_analys, samverkansstruktur, annan_struktur"),
	[FS_LIST_MALGRUPP] = LIST(malgrupp,
	    "unga_16_29, unga_aktivitetsersattning, "
	    "unga_funktionsnedsattning, langtidssjukskrivna, "
	    "langtidsarbetslosa, ekonomiskt_bistand, nyanlanda, "
	    "psykisk_ohalsa, missbruk, ovriga"),
	[FS_LIST_UPPDRAG] = LIST(uppdrag, "ledamot, ersattare"),
	[FS_LIST_STYRELSEROLL] = LIST(styrelseroll,
	    "ordforande, vice_ordforande"),
};
_Static_assert(FS_NELEM(lists) == FS_LIST__MAX, "lists");

size_t
fs_code_count(enum fs_list list)
{
	return lists[list].n;
}

const char *
fs_code_name(enum fs_list list, int value)
{
	if (value <= 0 || (size_t)value >= lists[list].n)
		return NULL;
	return lists[list].codes[value].name;
}

const char *
fs_code_label(enum fs_list list, int value)
{
	if (value <= 0 || (size_t)value >= lists[list].n)
		return NULL;
	return lists[list].codes[value].label;
}

int
fs_code_find(enum fs_list list, const char *p, size_t len)
{
	for (size_t i = 1; i < lists[list].n; i++) {
		const char *n = lists[list].codes[i].name;

		if (strlen(n) == len && memcmp(n, p, len) == 0)
			return (int)i;
	}
	return -1;
}

const char *
fs_code_names(enum fs_list list)
{
	return lists[list].names;
}

enum fs_rc
fs_code_parse(enum fs_list list, const char *p, size_t len, int *out,
    const char *field, struct fs_err *err)
{
	int v;

	if (len == 0) {
		*out = 0;
		return FS_OK;
	}
	v = fs_code_find(list, p, len);
	if (v < 0)
		return fs_err_set(err, FS_EINVAL, field, "måste vara en av: %s",
		    fs_code_names(list));
	*out = v;
	return FS_OK;
}

int
fs_name_find(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; name != NULL && i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	return -1;
}
