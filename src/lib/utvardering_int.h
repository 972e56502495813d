/* SPDX-License-Identifier: ISC */
/*
 * Private to the utvardering module (utvardering_*.c): the number
 * parser shared by the panel file reader and the panel import.
 */
#ifndef FS_UTVARDERING_INT_H
#define FS_UTVARDERING_INT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A decimal number: [-]digits[(. or ,)digits], at most 17 digits in
 * all, no exponent, no locale; comma allows ',' as the decimal mark.
 */
bool	 fs_utvardering_parse_num(const char *s, size_t n, bool comma,
	    double *out);

#endif
