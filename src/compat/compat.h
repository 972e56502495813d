/* SPDX-License-Identifier: ISC */
/*
 * First include of every finsam C file: feature-test macros, the few
 * portability helpers the code relies on, FS_ALWAYS/FS_NEVER for
 * defensive checks and, last, banned.h so that unsafe libc string
 * functions fail to compile.  Owns no state.
 */
#ifndef FS_COMPAT_H
#define FS_COMPAT_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

/*
 * The system headers that declare banned functions come before
 * banned.h, which would otherwise break their declarations.
 */
#include <assert.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FS_NELEM(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Defensive checks for conditions believed impossible but not proven:
 * they assert in debug and test builds and take the safe branch in
 * release builds (the SQLite ALWAYS/NEVER idiom).
 */
#ifdef NDEBUG
#define FS_ALWAYS(x) (x)
#define FS_NEVER(x) (x)
#else
#define FS_ALWAYS(x) ((x) ? 1 : (assert(0), 0))
#define FS_NEVER(x) ((x) ? (assert(0), 1) : 0)
#endif

#include "banned.h"

#endif
