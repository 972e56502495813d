/* SPDX-License-Identifier: ISC */
/*
 * The fixed code lists of follow-up.md as enums with their wire names.
 * Value 0 of every list means "not given".  The lists a förbund may
 * extend (preciserad inriktning, målgrupper) are text codes checked
 * against the defaults here plus the kodlista table (see insats.h).
 */
#ifndef FS_CODES_H
#define FS_CODES_H

#include <stddef.h>
#include <stdint.h>

#include "finsam/err.h"

enum fs_list {
	FS_LIST_UTBILDNING,
	FS_LIST_FORSORJNING_TID,
	FS_LIST_FORSORJNING,
	FS_LIST_AVSLUT,
	FS_LIST_INRIKTNING,
	FS_LIST_UPPFOLJNING,
	FS_LIST_STATUS,
	FS_LIST_BESLUT,
	FS_LIST_PARTTYP,
	FS_LIST_PREC_INDIVID,
	FS_LIST_PREC_STRUKTUR,
	FS_LIST_MALGRUPP,
	FS_LIST_UPPDRAG,
	FS_LIST_STYRELSEROLL,
	FS_LIST__MAX
};

enum fs_utbildning {
	FS_UTB_NONE, FS_UTB_FORGYMNASIAL_UNDER_9, FS_UTB_GRUNDSKOLA,
	FS_UTB_GYMNASIUM, FS_UTB_EFTERGYMNASIAL, FS_UTB_OKAND, FS_UTB__MAX
};

enum fs_fors_tid {
	FS_FT_NONE, FS_FT_INGEN, FS_FT_UNDER_1, FS_FT_1_3, FS_FT_3_9,
	FS_FT_OVER_9, FS_FT_OKAND, FS_FT__MAX
};

/* Sources of livelihood; a set is a bit mask with bit (1 << code). */
enum fs_forsorjning {
	FS_FORS_NONE, FS_FORS_SJUKPENNING, FS_FORS_AKTIVITETSERSATTNING,
	FS_FORS_SJUKERSATTNING, FS_FORS_AKTIVITETSSTOD, FS_FORS_A_KASSA,
	FS_FORS_ETABLERINGSERSATTNING, FS_FORS_FORSORJNINGSSTOD,
	FS_FORS_ANNAN, FS_FORS_INGEN, FS_FORS__MAX
};

enum fs_avslut {
	FS_AVSLUT_NONE, FS_AVSLUT_PLANENLIGT, FS_AVSLUT_ARBETE,
	FS_AVSLUT_STUDIER, FS_AVSLUT_ANNAN_INSATS, FS_AVSLUT_OHALSA,
	FS_AVSLUT_FLYTT, FS_AVSLUT_AVBROTT, FS_AVSLUT_SAMTYCKE_ATERKALLAT,
	FS_AVSLUT_OVRIGT, FS_AVSLUT_FELREGISTRERING, FS_AVSLUT__MAX
};

enum fs_inriktning { FS_INR_NONE, FS_INR_INDIVID, FS_INR_STRUKTUR, FS_INR__MAX };
enum fs_uppfoljning { FS_UPPF_NONE, FS_UPPF_INDIVID, FS_UPPF_ANTAL, FS_UPPF__MAX };
enum fs_status {
	FS_STATUS_NONE, FS_STATUS_PLANERAD, FS_STATUS_PAGAENDE,
	FS_STATUS_AVSLUTAD, FS_STATUS__MAX
};
/* A seat on the board (domain.md "Board (styrelse)"). */
enum fs_uppdrag { FS_UPPDRAG_NONE, FS_UPPDRAG_LEDAMOT, FS_UPPDRAG_ERSATTARE,
	FS_UPPDRAG__MAX };
enum fs_styrelseroll { FS_SROLL_NONE, FS_SROLL_ORDFORANDE,
	FS_SROLL_VICE_ORDFORANDE, FS_SROLL__MAX };
enum fs_beslut {
	FS_BESLUT_NONE, FS_BESLUT_IMPLEMENTERAD, FS_BESLUT_FORLANGD,
	FS_BESLUT_AVVECKLAD, FS_BESLUT__MAX
};
enum fs_parttyp {
	FS_PART_NONE, FS_PART_FK, FS_PART_AF, FS_PART_REGION, FS_PART_KOMMUN,
	FS_PART__MAX
};

/* Number of entries of list (including the "not given" entry 0). */
size_t		 fs_code_count(enum fs_list list);
/* Wire name of value in list, or NULL for 0 or out of range. */
const char	*fs_code_name(enum fs_list list, int value);
/* Swedish label of value in list for people, or NULL. */
const char	*fs_code_label(enum fs_list list, int value);
/* The value whose wire name is p[0..len), or -1 if none. */
int		 fs_code_find(enum fs_list list, const char *p, size_t len);
/*
 * Parse a wire name of list from p[0..len) into *out: empty text gives
 * 0 ("not given"), an unknown name FS_EINVAL naming field and listing
 * the valid names.
 */
enum fs_rc	 fs_code_parse(enum fs_list list, const char *p, size_t len,
		    int *out, const char *field, struct fs_err *err)
		    FS_MUSTCHECK;
/*
 * The index of name in names[0..n) (a module's table of option or format
 * names), or -1 when name is NULL or not there.
 */
int		 fs_name_find(const char *const *names, size_t n,
		    const char *name);
/* "a, b, c": the wire names of list, for error messages (static). */
const char	*fs_code_names(enum fs_list list);

#endif
