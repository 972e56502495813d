/* SPDX-License-Identifier: ISC */
/*
 * Private to the koppling module (koppling_*.c): the engine's state,
 * shared by the streaming reader (koppling_berakna.c) and the
 * aggregation (koppling_aggr.c).  Nothing else may include it.
 */
#ifndef FS_KOPPLING_INT_H
#define FS_KOPPLING_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finsam/buf.h"

#define KOPPLING_MAX_THREADS 8

/* Strings interned to dense indices (insats and förbund codes). */
struct intern {
	struct fs_buf	 arena;		/* NUL-separated strings */
	uint32_t	*off;		/* offset of string i in arena */
	size_t		 n;
	size_t		 cap;
	uint32_t	*slots;		/* index + 1, 0 empty */
	size_t		 nslots;
};

enum {
	PART_FORE_KOMPLETT = 1 << 0,
	PART_EFTER_KOMPLETT = 1 << 1,
};

/* One participation, 28 bytes. */
struct part {
	int32_t		 start;
	int32_t		 slut;		/* FS_DATE_NONE when open */
	uint32_t	 pseud;		/* offset of the pseudonym in names */
	uint32_t	 next;		/* next of the same person, or none */
	uint32_t	 insats;	/* index in insatser */
	uint16_t	 forbund;	/* index in forbund */
	char		 kon;
	uint8_t		 alder;
	uint8_t		 flags;		/* PART_* */
};

/* The person index: open addressing by pseudonym hash. */
struct slot {
	uint64_t	 hash;
	uint32_t	 first;		/* first participation, or none */
};

/* One thread's segments of one participation. */
struct acc {
	uint32_t	*v;
	uint32_t	 n;
	uint32_t	 cap;
};

struct scratch {
	uint32_t	*v;
	size_t		 cap;
};

struct fs_koppling {
	struct part	*parts;
	size_t		 n;
	size_t		 cap;
	size_t		 npersons;
	struct slot	*slots;
	size_t		 nslots;
	struct fs_buf	 names;		/* pseudonyms, NUL-separated */
	struct intern	 insatser;
	struct intern	 forbund;
	/* segment lists, one array per reading thread */
	struct acc	*acc[KOPPLING_MAX_THREADS];
	unsigned	 nacc;
	/* net quarter days: [0..8) before, [8..16) after, per benefit */
	uint16_t	(*days)[16];
	uint64_t	 rows;
	uint64_t	 hits;
	int32_t		 min_from;
	int32_t		 max_tom;
	int32_t		 tackning_fran;
	int32_t		 tackning_tom;
	bool		 spells_done;
	bool		 finished;
};

uint64_t	 fs_koppling_hash(const char *p, size_t n);
const char	*fs_koppling_intern_str(const struct intern *t, uint32_t i);

struct fs_stmt;

/*
 * Column c of the current row of s as text into out (n bytes, cut to
 * fit, NUL-terminated; NULL gives ""): the tables of koppling.c and
 * koppling_korning.c.
 */
void		 fs_koppling_col(struct fs_stmt *s, int c, char *out, size_t n);

#endif
