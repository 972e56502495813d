/* SPDX-License-Identifier: ISC */
/*
 * All heap allocation in libfinsam goes through these wrappers: they
 * check multiplication overflow and, in test builds, can be told to
 * fail the Nth allocation so that out-of-memory paths are exercised.
 * Memory from them is released with free(3).  Depends on nothing else
 * in finsam.
 */
#ifndef FS_ALLOC_H
#define FS_ALLOC_H

#include <stddef.h>

void	*fs_malloc(size_t n);
void	*fs_calloc(size_t nmemb, size_t size);
void	*fs_reallocarray(void *p, size_t nmemb, size_t size);
/* A copy of the NUL-terminated s, or NULL. */
char	*fs_strdup(const char *s);
/* A NUL-terminated copy of the first len bytes of p, or NULL. */
char	*fs_strndup(const char *p, size_t len);

/*
 * Test hook: make the nth allocation from now fail (1 = the next one);
 * 0 turns failure injection off.  Not thread-safe; for tests only.
 */
void	 fs_alloc_fail_after(unsigned long n);

#endif
