/* SPDX-License-Identifier: ISC */
/*
 * Names of every SQL statement libfinsam runs.  The SQL text is in one
 * table per dialect (src/lib/sql/stmts_sqlite.c, later stmts_pg.c),
 * indexed by this enum, so that all SQL can be read and audited in one
 * place and is prepared once per connection.  Add new ids inside the
 * section of the owning module, and the SQL at the same place in every
 * dialect table; the tables are checked for holes at compile time and
 * by a unit test.
 */
#ifndef FS_STMT_H
#define FS_STMT_H

enum fs_stmt_id {
	/* store and meta */
	FS_STMT_META_TABLE_EXISTS,
	FS_STMT_META_GET,
	FS_STMT_META_SET,
	FS_STMT_GEN_BUMP,

	/* reference data */
	FS_STMT_LAN_UPSERT,
	FS_STMT_KOMMUN_UPSERT,
	FS_STMT_KOMMUN_GET,
	FS_STMT_LAN_GET,
	FS_STMT_KOMMUN_COUNT,

	/* förbund and members */
	FS_STMT_FORBUND_BY_KOD,
	FS_STMT_FORBUND_GET,
	FS_STMT_FORBUND_INSERT,
	FS_STMT_FORBUND_UPDATE,
	FS_STMT_FORBUND_SET_HEMLAN,
	FS_STMT_FORBUND_LIST,
	FS_STMT_MEDLEM_INSERT,
	FS_STMT_MEDLEM_LIST,
	FS_STMT_MEDLEM_END,
	FS_STMT_MEDLEM_KOMMUNER_ON,

	/* insatser */
	FS_STMT_INSATS_BY_KOD,
	FS_STMT_INSATS_BY_FORBUND_KOD,
	FS_STMT_INSATS_GET,
	FS_STMT_INSATS_INSERT,
	FS_STMT_INSATS_UPDATE,
	FS_STMT_INSATS_LIST,
	FS_STMT_INSATS_DELT_OUTSIDE,
	FS_STMT_MALGRUPP_INSERT,
	FS_STMT_MALGRUPP_DELETE,
	FS_STMT_MALGRUPP_LIST,
	FS_STMT_BUDGET_UPSERT,
	FS_STMT_BUDGET_GET,
	FS_STMT_BUDGETRAD_INSERT,
	FS_STMT_BUDGETRAD_LIST,
	FS_STMT_GENOMFORARE_DELETE,
	FS_STMT_GENOMFORARE_INSERT,
	FS_STMT_GENOMFORARE_LIST,
	FS_STMT_FRAGA_INSERT,
	FS_STMT_FRAGA_GET,
	FS_STMT_FRAGA_LIST,
	FS_STMT_SVAR_UPSERT,
	FS_STMT_SVAR_LIST,

	/* persons and consent */
	FS_STMT_PERSON_BY_HASH,
	FS_STMT_PERSON_GET,
	FS_STMT_PERSON_INSERT,
	FS_STMT_PERSON_DELETE,
	FS_STMT_SAMTYCKE_INSERT,
	FS_STMT_SAMTYCKE_COVERS,
	FS_STMT_SAMTYCKE_DELETE_PERSON,
	FS_STMT_SKYDDAD_GET,
	FS_STMT_SKYDDAD_INSERT,

	/* participations */
	FS_STMT_DELT_BY_KEY,
	FS_STMT_DELT_OPEN,
	FS_STMT_DELT_GET,
	FS_STMT_DELT_INSERT,
	FS_STMT_DELT_UPDATE,
	FS_STMT_DELT_BY_PERSON,
	FS_STMT_DELT_DEIDENTIFY,
	FS_STMT_VERSION_INSERT,
	FS_STMT_VERSION_FIRST,
	FS_STMT_DELT_REGISTERED,
	FS_STMT_VERSION_SUPERSEDE,
	FS_STMT_VERSION_LIST,
	FS_STMT_VERSION_SCRUB,

	/* anonymous and count-only figures */
	FS_STMT_ANONYMA_UPSERT,
	FS_STMT_ANONYMA_GET,
	FS_STMT_ANTAL_UPSERT,

	/* audit log */
	FS_STMT_LOGG_INSERT,
	FS_STMT_LOGG_LIST,

	/* reports (owned by report_*.c) */
	FS_STMT_REPORT_CACHE_GET,
	FS_STMT_REPORT_CACHE_PUT,
	FS_STMT_REPORT_CACHE_CLEAR,
	FS_STMT_REPORT_FORBUND_LAN,
	FS_STMT_REPORT_SCAN,
	FS_STMT_REPORT_UTFALL_SQL,
	/* @@ report statements: add new ids above this line @@ */

	/* finance (owned by finance_*.c) */
	/* @@ finance statements: add new ids above this line @@ */

	/* users, sessions and access (owned by user.c, access.c) */
	/* @@ user statements: add new ids above this line @@ */

	/* linkage and evaluation (owned by koppling.c, utvardering.c) */
	/* @@ evaluation statements: add new ids above this line @@ */

	FS_STMT__MAX
};

#endif
