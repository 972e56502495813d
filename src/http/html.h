/* SPDX-License-Identifier: ISC */
/* Kept for the HTTP shell's includes: the writer lives in the library. */
#include "finsam/html.h"
