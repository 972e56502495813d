/* SPDX-License-Identifier: ISC */
/*
 * The audit log (spec/access.md "Audit log"), beyond the plain writer
 * fs_db_audit() of db.h: a writer with every field (role, client
 * address, time), the helpers for logins, logouts and refusals, and the
 * query: filters, pagination, the förbundsadministratör's view without
 * participant data, and a person's "who has read my data".
 *
 * The log is append-only; nothing here updates or deletes it.  Entries
 * never hold personnummer; the participation before/after JSON of
 * deltagande.andra is participant data (codes about a person), so the
 * förbund view leaves detaljer out for every action not known to be
 * free of it.
 *
 * Conventions for the writers (so that the queries find the entries):
 * a read or change of one participation has objekt "deltagande <id>"
 * and its insats_id; a list or search of participations has handling
 * "deltagande.lista" or "deltagande.sok", objekt "deltagande" (never the
 * search text) and the insats_id searched.
 *
 * Ownership: a struct fs_audit_page owns its entries and their
 * strings; release with fs_audit_page_release().
 */
#ifndef FS_AUDIT_H
#define FS_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finsam/access.h"
#include "finsam/db.h"
#include "finsam/err.h"
#include "finsam/pnr.h"

/*
 * One entry.  Writing: NULL strings and 0 ids are stored as NULL; tid
 * "" means now; anvandare NULL means db->actor.  Reading: strings are
 * owned by the page, NULL when the column is NULL (or hidden).
 */
struct fs_audit_entry {
	int64_t		 id;
	char		 tid[21];	/* YYYY-MM-DDTHH:MM:SSZ */
	char		*anvandare;
	char		*roll;
	char		*handling;
	char		*objekt;
	int64_t		 forbund_id;
	int64_t		 insats_id;
	char		*utfall;	/* "ok", "fel", "nekad", "strypt", ... */
	char		*klientadress;
	char		*detaljer;	/* JSON or NULL */
};

/* Append e (id ignored). */
enum fs_rc	 fs_audit_write(struct fs_db *db, const struct fs_audit_entry *e,
		    struct fs_err *err) FS_MUSTCHECK;

/* tid of now (seconds since the epoch) as YYYY-MM-DDTHH:MM:SSZ. */
void		 fs_audit_time(int64_t now, char out[21]);

/*
 * A refused request: handling "nekad", utfall "nekad", the user and
 * its roles (comma-separated keys) of p (or "anonym" when p is NULL or
 * user 0), the permission's name and what was asked for in detaljer,
 * the scope's förbund and insats.  objekt names the thing asked for (a
 * route or "deltagande <id>"; never a personnummer).
 */
enum fs_rc	 fs_audit_refusal(struct fs_db *db, const struct fs_principal *p,
		    enum fs_perm perm, const struct fs_scope *s,
		    const char *objekt, const char *client_addr, int64_t now,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * An allowed action of p (e.g. deltagande.las): the role that allowed
 * it is found with fs_access_check_role() for perm and s.
 */
enum fs_rc	 fs_audit_action(struct fs_db *db, const struct fs_principal *p,
		    enum fs_perm perm, const struct fs_scope *s,
		    const char *handling, const char *objekt,
		    const char *client_addr, int64_t now, struct fs_err *err)
		    FS_MUSTCHECK;

enum fs_audit_view {
	FS_AUDIT_VIEW_FULL,	/* everything (CLI operator, systemadministratör) */
	FS_AUDIT_VIEW_FORBUND,	/* förbundsadministratör: no participant data */
};

struct fs_audit_filter {
	int64_t		 forbund_id;	/* 0: all; else entries of the förbund
					 * and of its insatser */
	int64_t		 insats_id;	/* 0: all */
	const char	*anvandare;	/* NULL: all */
	const char	*handling;	/* NULL: all; "x." matches every x.* */
	const char	*objekt;	/* NULL: all */
	const char	*fran;		/* NULL or tid/date: entries at or after */
	const char	*till;		/* NULL or tid/date: entries at or before
					 * (a date means the whole day) */
	int64_t		 fore_id;	/* pagination: only ids below (0: newest) */
	size_t		 limit;		/* 0: 100; at most 1000 */
};

struct fs_audit_page {
	struct fs_audit_entry	*v;	/* newest first */
	size_t			 n;
	int64_t			 next;	/* fore_id of the next page; 0: no more */
};

/*
 * Entries matching f, newest first, at most f->limit.  With
 * FS_AUDIT_VIEW_FORBUND f->forbund_id must be set (FS_EINVAL
 * "forbund"), and detaljer is left out of every entry whose handling is
 * not in the allow-list of actions free of participant data.  Bad
 * filters give FS_EINVAL naming the field (fran, till, limit, ...).
 */
enum fs_rc	 fs_audit_query(struct fs_db *db, const struct fs_audit_filter *f,
		    enum fs_audit_view view, struct fs_audit_page *out,
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * "Who has read my data": for the participations ids[0..n), every entry
 * naming one of them (objekt "deltagande <id>") and every list or
 * search of participations in the insats of one of them from its start
 * date on, newest first, with detaljer left out.  At most 10 000
 * entries.
 */
enum fs_rc	 fs_audit_readers(struct fs_db *db, const int64_t *ids, size_t n,
		    struct fs_audit_page *out, struct fs_err *err) FS_MUSTCHECK;
/* As fs_audit_readers() for every participation of the person. */
enum fs_rc	 fs_audit_readers_person(struct fs_db *db,
		    const struct fs_pnr *pnr, struct fs_audit_page *out,
		    struct fs_err *err) FS_MUSTCHECK;

void		 fs_audit_page_release(struct fs_audit_page *pg);

#endif
