/* SPDX-License-Identifier: ISC */
/*
 * Overflow-checked allocation with a fault-injection counter for OOM
 * tests.  The counter is the only mutable global of the library and is
 * touched only by tests.
 */
#include "compat.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "finsam/alloc.h"

static unsigned long fail_countdown;

static int
should_fail(void)
{
	if (fail_countdown == 0)
		return 0;
	if (--fail_countdown == 0)
		return 1;
	return 0;
}

void
fs_alloc_fail_after(unsigned long n)
{
	fail_countdown = n;
}

void *
fs_malloc(size_t n)
{
	if (should_fail())
		return NULL;
	return malloc(n == 0 ? 1 : n);
}

void *
fs_calloc(size_t nmemb, size_t size)
{
	if (should_fail())
		return NULL;
	if (nmemb == 0 || size == 0)
		return calloc(1, 1);
	return calloc(nmemb, size);
}

void *
fs_reallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		return NULL;
	if (should_fail())
		return NULL;
	return realloc(p, nmemb * size == 0 ? 1 : nmemb * size);
}

char *
fs_strndup(const char *p, size_t len)
{
	char *s;

	if (len == SIZE_MAX)
		return NULL;
	s = fs_malloc(len + 1);
	if (s == NULL)
		return NULL;
	memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

char *
fs_strdup(const char *s)
{
	return fs_strndup(s, strlen(s));
}
