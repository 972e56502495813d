/* SPDX-License-Identifier: ISC */
/*
 * Every SQL statement of libfinsam in SQLite's dialect, indexed by
 * enum fs_stmt_id.  Only bound parameters; no SQL is ever built from
 * strings.  Kept close to standard SQL (ON CONFLICT ... DO UPDATE works
 * in both SQLite and PostgreSQL) so that stmts_pg.c differs mainly in
 * placeholders.
 */
#include "compat.h"

#include "finsam/stmt.h"
#include "stmts.h"

#define DELT_COLS \
	"id, insats_id, person_id, avidentifierad, kon, alder_start, " \
	"startdatum, utbildning, offentlig_forsorjning_tid, " \
	"forsorjning_fore, arbete_fore, studier_fore, arbetssokande_fore, " \
	"slutdatum, avslutsanledning, forsorjning_efter, arbete_efter, " \
	"studier_efter, arbetssokande_efter, version"

#define INSATS_COLS \
	"id, forbund_id, kod, namn, beskrivning, startdatum, slutdatum, " \
	"inriktning, preciserad_inriktning, uppfoljning, esf, status, " \
	"beslut, beslut_medlem, beslut_fran"

#define FORBUND_COLS \
	"id, kod, namn, organisationsnummer, startdatum, slutdatum, hemlan"

const char *const fs_stmts_sqlite[] = {
	[FS_STMT_META_TABLE_EXISTS] =
	    "SELECT count(*) FROM sqlite_master "
	    "WHERE type = 'table' AND name = 'meta'",
	[FS_STMT_META_GET] = "SELECT varde FROM meta WHERE nyckel = ?",
	[FS_STMT_META_SET] =
	    "INSERT INTO meta (nyckel, varde) VALUES (?, ?) "
	    "ON CONFLICT (nyckel) DO UPDATE SET varde = excluded.varde",
	[FS_STMT_GEN_BUMP] =
	    "UPDATE meta SET varde = CAST(CAST(varde AS INTEGER) + 1 AS TEXT) "
	    "WHERE nyckel = 'deltagande_generation'",

	[FS_STMT_LAN_UPSERT] =
	    "INSERT INTO lan (kod, namn, kortnamn) VALUES (?, ?, ?) "
	    "ON CONFLICT (kod) DO UPDATE SET namn = excluded.namn, "
	    "kortnamn = excluded.kortnamn",
	[FS_STMT_KOMMUN_UPSERT] =
	    "INSERT INTO kommun (kod, namn, kortnamn, lan_kod) "
	    "VALUES (?, ?, ?, ?) "
	    "ON CONFLICT (kod) DO UPDATE SET namn = excluded.namn, "
	    "kortnamn = excluded.kortnamn, lan_kod = excluded.lan_kod",
	[FS_STMT_KOMMUN_GET] =
	    "SELECT kod, namn, kortnamn, lan_kod FROM kommun WHERE kod = ?",
	[FS_STMT_LAN_GET] = "SELECT kod, namn, kortnamn FROM lan WHERE kod = ?",
	[FS_STMT_KOMMUN_COUNT] = "SELECT count(*) FROM kommun",

	[FS_STMT_FORBUND_BY_KOD] =
	    "SELECT " FORBUND_COLS " FROM forbund WHERE kod = ?",
	[FS_STMT_FORBUND_GET] =
	    "SELECT " FORBUND_COLS " FROM forbund WHERE id = ?",
	[FS_STMT_FORBUND_INSERT] =
	    "INSERT INTO forbund (kod, namn, organisationsnummer, startdatum, "
	    "slutdatum, hemlan) VALUES (?, ?, ?, ?, ?, ?)",
	[FS_STMT_FORBUND_UPDATE] =
	    "UPDATE forbund SET namn = ?, organisationsnummer = ?, "
	    "startdatum = ?, slutdatum = ?, hemlan = ? WHERE id = ?",
	[FS_STMT_FORBUND_SET_HEMLAN] =
	    "UPDATE forbund SET hemlan = ? WHERE id = ?",
	[FS_STMT_FORBUND_LIST] =
	    "SELECT " FORBUND_COLS " FROM forbund ORDER BY kod",
	[FS_STMT_MEDLEM_INSERT] =
	    "INSERT INTO medlemskap (forbund_id, parttyp, medlem_kod, fran, "
	    "till) VALUES (?, ?, ?, ?, ?)",
	[FS_STMT_MEDLEM_LIST] =
	    "SELECT id, parttyp, medlem_kod, fran, till FROM medlemskap "
	    "WHERE forbund_id = ? ORDER BY parttyp, medlem_kod, fran",
	[FS_STMT_MEDLEM_END] =
	    "UPDATE medlemskap SET till = ? WHERE id = ?",
	[FS_STMT_MEDLEM_KOMMUNER_ON] =
	    "SELECT medlem_kod FROM medlemskap WHERE forbund_id = ? "
	    "AND parttyp = 'kommun' AND fran <= ? "
	    "AND (till IS NULL OR till >= ?) ORDER BY medlem_kod",

	[FS_STMT_INSATS_BY_KOD] =
	    "SELECT " INSATS_COLS " FROM insats WHERE kod = ? LIMIT 2",
	[FS_STMT_INSATS_BY_FORBUND_KOD] =
	    "SELECT " INSATS_COLS " FROM insats "
	    "WHERE forbund_id = ? AND kod = ?",
	[FS_STMT_INSATS_GET] =
	    "SELECT " INSATS_COLS " FROM insats WHERE id = ?",
	[FS_STMT_INSATS_INSERT] =
	    "INSERT INTO insats (forbund_id, kod, namn, beskrivning, "
	    "startdatum, slutdatum, inriktning, preciserad_inriktning, "
	    "uppfoljning, esf, status, beslut, beslut_medlem, beslut_fran) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[FS_STMT_INSATS_UPDATE] =
	    "UPDATE insats SET namn = ?, beskrivning = ?, startdatum = ?, "
	    "slutdatum = ?, preciserad_inriktning = ?, status = ?, "
	    "beslut = ?, beslut_medlem = ?, beslut_fran = ? WHERE id = ?",
	[FS_STMT_INSATS_LIST] =
	    "SELECT " INSATS_COLS " FROM insats WHERE forbund_id = ? "
	    "ORDER BY kod",
	[FS_STMT_INSATS_DELT_OUTSIDE] =
	    "SELECT count(*) FROM deltagande WHERE insats_id = ? AND "
	    "(startdatum < ? OR (? IS NOT NULL AND "
	    "(slutdatum > ? OR startdatum > ?)))",
	[FS_STMT_MALGRUPP_INSERT] =
	    "INSERT INTO insats_malgrupp (insats_id, kod) VALUES (?, ?) "
	    "ON CONFLICT DO NOTHING",
	[FS_STMT_MALGRUPP_DELETE] =
	    "DELETE FROM insats_malgrupp WHERE insats_id = ?",
	[FS_STMT_MALGRUPP_LIST] =
	    "SELECT kod FROM insats_malgrupp WHERE insats_id = ? ORDER BY kod",
	[FS_STMT_BUDGET_UPSERT] =
	    "INSERT INTO insats_budget (insats_id, ar, planerade_deltagare) "
	    "VALUES (?, ?, ?) ON CONFLICT (insats_id, ar) DO UPDATE SET "
	    "planerade_deltagare = excluded.planerade_deltagare",
	[FS_STMT_BUDGET_GET] =
	    "SELECT planerade_deltagare FROM insats_budget "
	    "WHERE insats_id = ? AND ar = ?",
	[FS_STMT_BUDGETRAD_INSERT] =
	    "INSERT INTO insats_budgetrad (insats_id, ar, typ, budget_kr, "
	    "utfall_kr, beskrivning) VALUES (?, ?, ?, ?, ?, ?)",
	[FS_STMT_BUDGETRAD_LIST] =
	    "SELECT id, ar, typ, budget_kr, utfall_kr, beskrivning "
	    "FROM insats_budgetrad WHERE insats_id = ? ORDER BY ar, id",
	[FS_STMT_GENOMFORARE_DELETE] =
	    "DELETE FROM insats_genomforare WHERE insats_id = ?",
	[FS_STMT_GENOMFORARE_INSERT] =
	    "INSERT INTO insats_genomforare (insats_id, parttyp, medlem_kod) "
	    "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
	[FS_STMT_GENOMFORARE_LIST] =
	    "SELECT parttyp, medlem_kod FROM insats_genomforare "
	    "WHERE insats_id = ? ORDER BY parttyp, medlem_kod",
	[FS_STMT_FRAGA_INSERT] =
	    "INSERT INTO fraga (forbund_id, text, typ, alternativ, "
	    "giltig_fran, giltig_till) VALUES (?, ?, ?, ?, ?, ?)",
	[FS_STMT_FRAGA_GET] =
	    "SELECT id, forbund_id, text, typ, alternativ, giltig_fran, "
	    "giltig_till FROM fraga WHERE id = ?",
	[FS_STMT_FRAGA_LIST] =
	    "SELECT id, forbund_id, text, typ, alternativ, giltig_fran, "
	    "giltig_till FROM fraga WHERE forbund_id = ? ORDER BY id",
	[FS_STMT_SVAR_UPSERT] =
	    "INSERT INTO fraga_svar (deltagande_id, fraga_id, svar) "
	    "VALUES (?, ?, ?) ON CONFLICT (deltagande_id, fraga_id) "
	    "DO UPDATE SET svar = excluded.svar",
	[FS_STMT_SVAR_LIST] =
	    "SELECT fraga_id, svar FROM fraga_svar WHERE deltagande_id = ? "
	    "ORDER BY fraga_id",

	[FS_STMT_PERSON_BY_HASH] =
	    "SELECT id, kon, fodelsedatum FROM person WHERE pnr_hash = ?",
	[FS_STMT_PERSON_GET] =
	    "SELECT id, kon, fodelsedatum, pnr_krypt FROM person WHERE id = ?",
	[FS_STMT_PERSON_INSERT] =
	    "INSERT INTO person (pnr_hash, pnr_krypt, kon, fodelsedatum) "
	    "VALUES (?, ?, ?, ?)",
	[FS_STMT_PERSON_DELETE] = "DELETE FROM person WHERE id = ?",
	[FS_STMT_SAMTYCKE_INSERT] =
	    "INSERT INTO samtycke (person_id, insats_id, datum, "
	    "formular_version, registrerad_av, registrerad_tid) "
	    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
	[FS_STMT_SAMTYCKE_COVERS] =
	    "SELECT id FROM samtycke WHERE person_id = ? AND insats_id = ? "
	    "AND datum <= ? ORDER BY datum DESC LIMIT 1",
	[FS_STMT_SAMTYCKE_DELETE_PERSON] =
	    "DELETE FROM samtycke WHERE person_id = ?",
	[FS_STMT_SKYDDAD_GET] =
	    "SELECT 1 FROM skyddad_person WHERE pnr_hash = ?",
	[FS_STMT_SKYDDAD_INSERT] =
	    "INSERT INTO skyddad_person (pnr_hash, registrerad_tid) "
	    "VALUES (?, ?) ON CONFLICT DO NOTHING",

	[FS_STMT_DELT_BY_KEY] =
	    "SELECT " DELT_COLS " FROM deltagande WHERE person_id = ? "
	    "AND insats_id = ? AND startdatum = ?",
	[FS_STMT_DELT_OPEN] =
	    "SELECT id, startdatum FROM deltagande WHERE person_id = ? "
	    "AND insats_id = ? AND slutdatum IS NULL",
	[FS_STMT_DELT_GET] =
	    "SELECT " DELT_COLS " FROM deltagande WHERE id = ?",
	[FS_STMT_DELT_INSERT] =
	    "INSERT INTO deltagande (insats_id, person_id, avidentifierad, "
	    "kon, alder_start, startdatum, utbildning, "
	    "offentlig_forsorjning_tid, forsorjning_fore, arbete_fore, "
	    "studier_fore, arbetssokande_fore, slutdatum, avslutsanledning, "
	    "forsorjning_efter, arbete_efter, studier_efter, "
	    "arbetssokande_efter, version, registrerad_av, registrerad_tid) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?)",
	[FS_STMT_DELT_UPDATE] =
	    "UPDATE deltagande SET utbildning = ?, "
	    "offentlig_forsorjning_tid = ?, forsorjning_fore = ?, "
	    "arbete_fore = ?, studier_fore = ?, arbetssokande_fore = ?, "
	    "slutdatum = ?, avslutsanledning = ?, forsorjning_efter = ?, "
	    "arbete_efter = ?, studier_efter = ?, arbetssokande_efter = ?, "
	    "version = ? WHERE id = ?",
	[FS_STMT_DELT_BY_PERSON] =
	    "SELECT " DELT_COLS " FROM deltagande WHERE person_id = ? "
	    "ORDER BY startdatum, id",
	[FS_STMT_DELT_DEIDENTIFY] =
	    "UPDATE deltagande SET person_id = NULL, avidentifierad = 1 "
	    "WHERE person_id = ?",
	[FS_STMT_VERSION_INSERT] =
	    "INSERT INTO deltagande_version (deltagande_id, version, "
	    "andrad_av, andrad_tid, orsak, data) VALUES (?, ?, ?, ?, ?, NULL)",
	[FS_STMT_VERSION_FIRST] =
	    "INSERT INTO deltagande_version (deltagande_id, version, "
	    "andrad_av, andrad_tid, orsak, data) SELECT id, 1, "
	    "registrerad_av, registrerad_tid, NULL, ? FROM deltagande "
	    "WHERE id = ? AND NOT EXISTS (SELECT 1 FROM deltagande_version "
	    "WHERE deltagande_id = ? AND version = 1)",
	[FS_STMT_DELT_REGISTERED] =
	    "SELECT registrerad_av, registrerad_tid FROM deltagande "
	    "WHERE id = ?",
	[FS_STMT_VERSION_SUPERSEDE] =
	    "UPDATE deltagande_version SET data = ? "
	    "WHERE deltagande_id = ? AND version = ? AND data IS NULL",
	[FS_STMT_VERSION_LIST] =
	    "SELECT version, andrad_av, andrad_tid, orsak, data "
	    "FROM deltagande_version WHERE deltagande_id = ? ORDER BY version",
	[FS_STMT_VERSION_SCRUB] =
	    "UPDATE deltagande_version SET orsak = NULL "
	    "WHERE deltagande_id IN "
	    "(SELECT id FROM deltagande WHERE person_id = ?)",

	[FS_STMT_ANONYMA_UPSERT] =
	    "INSERT INTO anonyma (insats_id, ar, kvinnor, man) "
	    "VALUES (?, ?, ?, ?) ON CONFLICT (insats_id, ar) DO UPDATE SET "
	    "kvinnor = excluded.kvinnor, man = excluded.man",
	[FS_STMT_ANONYMA_GET] =
	    "SELECT kvinnor, man FROM anonyma WHERE insats_id = ? AND ar = ?",
	[FS_STMT_ANTAL_UPSERT] =
	    "INSERT INTO antal (insats_id, period, totalt, kvinnor, man) "
	    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (insats_id, period) DO UPDATE "
	    "SET totalt = excluded.totalt, kvinnor = excluded.kvinnor, "
	    "man = excluded.man",

	[FS_STMT_LOGG_INSERT] =
	    "INSERT INTO logg (tid, anvandare, roll, handling, objekt, "
	    "forbund_id, insats_id, utfall, klientadress, detaljer) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[FS_STMT_LOGG_LIST] =
	    "SELECT id, tid, anvandare, roll, handling, objekt, forbund_id, "
	    "insats_id, utfall, klientadress, detaljer FROM logg "
	    "WHERE id > ? ORDER BY id LIMIT ?",

	[FS_STMT_REPORT_CACHE_GET] =
	    "SELECT generation, data FROM rapportcache WHERE namn = ? "
	    "ORDER BY del",
	[FS_STMT_REPORT_CACHE_PUT] =
	    "INSERT INTO rapportcache (namn, del, generation, data) "
	    "VALUES (?, ?, ?, ?)",
	[FS_STMT_REPORT_CACHE_CLEAR] = "DELETE FROM rapportcache WHERE namn = ?",
	[FS_STMT_REPORT_FORBUND_LAN] =
	    "SELECT id, kod, namn, hemlan FROM forbund ORDER BY id",
	[FS_STMT_REPORT_SCAN] =
	    "SELECT i.forbund_id, d.person_id, d.kon, d.alder_start, "
	    "d.startdatum, d.slutdatum, d.utbildning, "
	    "d.offentlig_forsorjning_tid, d.arbete_fore, d.studier_fore, "
	    "d.arbete_efter, d.studier_efter "
	    "FROM deltagande d JOIN insats i ON i.id = d.insats_id "
	    "WHERE d.slutdatum IS NOT NULL "
	    "AND d.avslutsanledning <> 'felregistrering'",
	/*
	 * The outcome report in plain SQL (the baseline of the snapshot
	 * path and the oracle of its tests).  Parameters: fran, till,
	 * forbund id twice (NULL for any), hemlan twice (NULL for any).
	 * Rows: (1, kon, measures...) per kon, then (0, NULL, measures...)
	 * for Totalt.  A missing percentage counts as 0.  julianday() is
	 * the SQLite spelling of the day difference (PostgreSQL:
	 * slutdatum::date - startdatum::date).
	 */
#define UTFALL_AGG \
	"COUNT(*), " \
	"COUNT(DISTINCT person_id) " \
	"+ SUM(CASE WHEN person_id IS NULL THEN 1 ELSE 0 END), " \
	"SUM(CASE WHEN alder_start < 30 THEN 1 ELSE 0 END), " \
	"SUM(CASE WHEN offentlig_forsorjning_tid IN ('3_9', 'over_9') " \
	"THEN 1 ELSE 0 END), " \
	"SUM(CASE WHEN utbildning = 'grundskola' THEN 1 ELSE 0 END), " \
	"SUM(CASE WHEN utbildning = 'eftergymnasial' THEN 1 ELSE 0 END), " \
	"SUM(dagar), " \
	"SUM(CASE WHEN ae > 0 THEN 1 ELSE 0 END), " \
	"SUM(ae), " \
	"SUM(CASE WHEN ae > 0 OR se > 0 THEN 1 ELSE 0 END), " \
	"SUM(CASE WHEN ae + se > 100 THEN 100 ELSE ae + se END), " \
	"SUM(CASE WHEN (CASE WHEN ae + se > 100 THEN 100 ELSE ae + se END) " \
	"> (CASE WHEN af + sf > 100 THEN 100 ELSE af + sf END) " \
	"THEN 1 ELSE 0 END)"
	[FS_STMT_REPORT_UTFALL_SQL] =
	    "WITH p AS (SELECT d.person_id, d.kon, d.alder_start, "
	    "d.utbildning, d.offentlig_forsorjning_tid, "
	    "CAST(julianday(d.slutdatum) - julianday(d.startdatum) "
	    "AS INTEGER) AS dagar, "
	    "COALESCE(d.arbete_fore, 0) AS af, "
	    "COALESCE(d.studier_fore, 0) AS sf, "
	    "COALESCE(d.arbete_efter, 0) AS ae, "
	    "COALESCE(d.studier_efter, 0) AS se "
	    "FROM deltagande d JOIN insats i ON i.id = d.insats_id "
	    "JOIN forbund f ON f.id = i.forbund_id "
	    "WHERE d.slutdatum IS NOT NULL "
	    "AND d.avslutsanledning <> 'felregistrering' "
	    "AND d.slutdatum >= ? AND d.slutdatum <= ? "
	    "AND (? IS NULL OR i.forbund_id = ?) "
	    "AND (? IS NULL OR f.hemlan = ?)) "
	    "SELECT 1, kon, " UTFALL_AGG " FROM p GROUP BY kon "
	    "UNION ALL SELECT 0, NULL, " UTFALL_AGG " FROM p",
#undef UTFALL_AGG
	/* @@ report statements: add new SQL above this line @@ */

	/* @@ finance statements: add new SQL above this line @@ */

	/* @@ user statements: add new SQL above this line @@ */

	/* @@ evaluation statements: add new SQL above this line @@ */
};
_Static_assert(FS_NELEM(fs_stmts_sqlite) == FS_STMT__MAX,
    "fs_stmts_sqlite has no SQL for some statement ids");
