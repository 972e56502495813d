/* SPDX-License-Identifier: ISC */
/*
 * Private to the finance module (src/lib/finance_*.c): exact 128-bit
 * arithmetic, the largest-remainder split, Swedish number text for the
 * calculation logs, growable lists of log lines and small JSON
 * helpers.  Nothing here is part of the library's contract.
 */
#ifndef FS_FINANCE_INT_H
#define FS_FINANCE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "finsam/buf.h"
#include "finsam/err.h"

/* Exact intermediate products (keys times amounts) need 128 bits. */
typedef __int128 fin_i128;

#define FIN_NOMEM(err) fs_err_set((err), FS_ENOMEM, NULL, "minnet räcker inte")

/* num / den rounded half away from zero; den != 0. */
fin_i128	 fin_round_div(fin_i128 num, fin_i128 den);
/* floor(num / den) for den > 0 and any sign of num. */
fin_i128	 fin_floor_div(fin_i128 num, fin_i128 den);
/* ceil(num / den) for den > 0. */
fin_i128	 fin_ceil_div(fin_i128 num, fin_i128 den);

/*
 * round(num * 10^digits / den), halves away from zero, by long division
 * so that num * 10^digits need not fit; num >= 0, den > 0, digits <= 18,
 * the result must fit in int64_t.
 */
int64_t		 fin_scaled_div(fin_i128 num, fin_i128 den, unsigned digits);

/*
 * The largest-remainder split: out[i] = floor(num[i] / den), then the
 * total - sum left over goes one unit each to the largest remainders
 * (ties to the lower index).  Requires den > 0, num[i] >= 0 and
 * 0 <= total - sum floor < n + 1 (true whenever sum num = total * den).
 * Returns false (out untouched past what was written) when the
 * precondition does not hold.
 */
bool		 fin_lr(const fin_i128 *num, size_t n, fin_i128 den,
		    int64_t total, int64_t *out);

/* "3 975 000" (space-grouped) into out. */
void		 fin_num(char out[32], int64_t v);
/* "3 975 000 kr" into out. */
void		 fin_kr(char out[40], int64_t v);
/* A percentage in basis points: "10 %", "80,5 %", "12,25 %". */
void		 fin_bp(char out[24], int64_t bp);
/* num / den as a percentage with dec decimals: "40,6250 %". */
void		 fin_pct(char out[40], fin_i128 num, fin_i128 den, unsigned dec);
/* num / den with dec decimals, grouped: "3 463 114,75". */
void		 fin_dec(char out[48], fin_i128 num, fin_i128 den, unsigned dec);
/* "YYYY-MM-DD". */
void		 fin_date(char out[11], int32_t day);

/* Append s left-aligned in width characters (UTF-8 aware). */
enum fs_rc	 fin_pad(struct fs_buf *b, const char *s, size_t width)
		    FS_MUSTCHECK;

/* A growable list of owned log lines. */
struct fin_log {
	char	**v;
	size_t	  n;
	size_t	  cap;
	bool	  oom;	/* an append failed; reported once at the end */
};

void		 fin_log_addf(struct fin_log *l, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
void		 fin_log_free(char **v, size_t n);

/*
 * JSON helpers.  Each reads key of obj (absent: *present false and the
 * output untouched) and checks type and bounds, naming field in the
 * error.
 */
enum fs_rc	 fin_json_int(json_t *obj, const char *key, const char *field,
		    int64_t lo, int64_t hi, int64_t *out, struct fs_err *err)
		    FS_MUSTCHECK;
/* A percentage (number, at most two decimals, lo..hi %) in basis points. */
enum fs_rc	 fin_json_pct(json_t *obj, const char *key, const char *field,
		    int32_t lo_bp, int32_t hi_bp, int32_t *out, struct fs_err *err)
		    FS_MUSTCHECK;
enum fs_rc	 fin_json_bool(json_t *obj, const char *key, const char *field,
		    bool *out, struct fs_err *err) FS_MUSTCHECK;
/* Reject keys of obj that are not in the NULL-terminated list known. */
enum fs_rc	 fin_json_known(json_t *obj, const char *const *known,
		    const char *prefix, struct fs_err *err) FS_MUSTCHECK;
/* A basis-point value as a JSON number of percent (2000 -> 20). */
json_t		*fin_json_bp(int64_t bp);
/* Dump root to out with two-space indent, 12 digits, and a newline. */
enum fs_rc	 fin_json_dump(json_t *root, struct fs_buf *out,
		    struct fs_err *err) FS_MUSTCHECK;
/* Parse a percentage text ("80", "80.5", "80,25") in basis points. */
enum fs_rc	 fin_parse_pct(const char *s, size_t len, int32_t lo_bp,
		    int32_t hi_bp, int32_t *out, const char *field,
		    struct fs_err *err) FS_MUSTCHECK;

/* The year of a day number. */
int		 fin_year(int32_t day);

#endif
