/* SPDX-License-Identifier: ISC */
/*
 * Kompletterande frågor: questions a förbund adds to the exit
 * registration (follow-up.md).  A question has a text, a type (ja_nej,
 * tal, or val from a list of options) and a validity period; it can be
 * answered for a finished participation of the förbund whose slutdatum
 * lies in that period.  Answers are typed values (never free text), so
 * they stay after de-identification as statistical fields.
 *
 * Ownership: struct fs_fraga and struct fs_svar own their strings;
 * release lists with fs_fraga_list_free() / fs_svar_list_free().
 */
#ifndef FS_FRAGA_H
#define FS_FRAGA_H

#include <stddef.h>
#include <stdint.h>

#include "finsam/db.h"
#include "finsam/err.h"

enum fs_fragetyp {
	FS_FRAGA_NONE, FS_FRAGA_JA_NEJ, FS_FRAGA_TAL, FS_FRAGA_VAL,
	FS_FRAGA__MAX
};

struct fs_fraga {
	int64_t	 id;
	int64_t	 forbund_id;
	char	*text;
	int	 typ;		/* enum fs_fragetyp */
	char	*alternativ;	/* val: "a|b|c"; otherwise NULL */
	int32_t	 giltig_fran;
	int32_t	 giltig_till;	/* FS_DATE_NONE: open */
};

struct fs_svar {
	int64_t	 fraga_id;
	char	*svar;		/* "ja"/"nej", an integer, or an option */
};

/* "ja_nej", "tal", "val" -> type, or -1. */
int		 fs_fragetyp_find(const char *p, size_t len);
const char	*fs_fragetyp_name(int typ);

/*
 * Create a question (q->id set): text 1-500 characters, a type, for val
 * at least two distinct non-empty options, giltig_till not before
 * giltig_fran.
 */
enum fs_rc	 fs_fraga_create(struct fs_db *db, struct fs_fraga *q,
		    struct fs_err *err) FS_MUSTCHECK;
/* The questions of a förbund (free with fs_fraga_list_free()). */
enum fs_rc	 fs_fraga_list(struct fs_db *db, int64_t forbund_id,
		    struct fs_fraga **out, size_t *n, struct fs_err *err)
		    FS_MUSTCHECK;
void		 fs_fraga_list_free(struct fs_fraga *v, size_t n);

/*
 * Answer question fraga_id for participation deltagande_id (replaces an
 * earlier answer).  Refused: a participation still open, a question of
 * another förbund or not valid on the slutdatum, a value that does not
 * fit the type.
 */
enum fs_rc	 fs_fraga_answer(struct fs_db *db, int64_t deltagande_id,
		    int64_t fraga_id, const char *svar, struct fs_err *err)
		    FS_MUSTCHECK;
/* The answers of a participation (free with fs_svar_list_free()). */
enum fs_rc	 fs_fraga_answers(struct fs_db *db, int64_t deltagande_id,
		    struct fs_svar **out, size_t *n, struct fs_err *err)
		    FS_MUSTCHECK;
void		 fs_svar_list_free(struct fs_svar *v, size_t n);

#endif
