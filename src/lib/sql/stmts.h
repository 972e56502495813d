/* SPDX-License-Identifier: ISC */
/*
 * The per-dialect statement tables, private to the store.
 */
#ifndef FS_STMTS_H
#define FS_STMTS_H

extern const char *const fs_stmts_sqlite[];

#endif
