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

#define STYRELSE_COLS \
	"id, parttyp, medlem_kod, namn, uppdrag, roll, fran, till"
#define STYRELSE_ORDER \
	"ORDER BY medlem_kod, CASE uppdrag WHEN 'ledamot' THEN 0 ELSE 1 END, " \
	"fran, id"
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

	/* the board (styrelse.c) */
	[FS_STMT_STYRELSE_MANDAT_INSERT] =
	    "INSERT INTO styrelse_mandat (forbund_id, fran, till) "
	    "VALUES (?, ?, ?)",
	[FS_STMT_STYRELSE_MANDAT_LIST] =
	    "SELECT id, fran, till FROM styrelse_mandat WHERE forbund_id = ? "
	    "ORDER BY fran",
	[FS_STMT_STYRELSE_INSERT] =
	    "INSERT INTO styrelse_ledamot (forbund_id, parttyp, medlem_kod, "
	    "namn, uppdrag, roll, fran, till) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[FS_STMT_STYRELSE_LIST] =
	    "SELECT " STYRELSE_COLS " FROM styrelse_ledamot "
	    "WHERE forbund_id = ? " STYRELSE_ORDER,
	[FS_STMT_STYRELSE_LIST_ON] =
	    "SELECT " STYRELSE_COLS " FROM styrelse_ledamot "
	    "WHERE forbund_id = ? AND fran <= ? "
	    "AND (till IS NULL OR till >= ?) " STYRELSE_ORDER,
	[FS_STMT_STYRELSE_END] =
	    "UPDATE styrelse_ledamot SET till = ? WHERE id = ? "
	    "AND forbund_id = ?",

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
	/*
	 * A consent is in samtycke or, when it came with an imported
	 * participation, on that row (deltagande.samtycke_datum).
	 * Parameters: person, insats, day.
	 */
	[FS_STMT_SAMTYCKE_COVERS] =
	    "SELECT 1 FROM samtycke WHERE person_id = ?1 AND insats_id = ?2 "
	    "AND datum <= ?3 UNION ALL SELECT 1 FROM deltagande "
	    "WHERE person_id = ?1 AND insats_id = ?2 AND samtycke_datum <= ?3 "
	    "LIMIT 1",
	[FS_STMT_SAMTYCKE_EXISTS] =
	    "SELECT 1 FROM samtycke WHERE person_id = ?1 AND insats_id = ?2 "
	    "AND datum = ?3 UNION ALL SELECT 1 FROM deltagande "
	    "WHERE person_id = ?1 AND insats_id = ?2 AND samtycke_datum = ?3 "
	    "LIMIT 1",
	[FS_STMT_SAMTYCKE_DELETE_PERSON] =
	    "DELETE FROM samtycke WHERE person_id = ?",
	[FS_STMT_SKYDDAD_GET] =
	    "SELECT 1 FROM skyddad_person WHERE pnr_hash = ?",
	[FS_STMT_SKYDDAD_INSERT] =
	    "INSERT INTO skyddad_person (pnr_hash, registrerad_tid) "
	    "VALUES (?, ?) ON CONFLICT DO NOTHING",
	/* At least the number of persons, found without counting them. */
	[FS_STMT_PERSON_MAX_ID] = "SELECT coalesce(max(id), 0) FROM person",
	[FS_STMT_PERSON_ALL] = "SELECT id, pnr_hash FROM person",
	[FS_STMT_SKYDDAD_ALL] = "SELECT pnr_hash FROM skyddad_person",

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
	    "arbetssokande_efter, version, registrerad_av, registrerad_tid, "
	    "samtycke_datum) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?)",
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
	    "UPDATE deltagande SET person_id = NULL, avidentifierad = 1, "
	    "samtycke_datum = NULL WHERE person_id = ?",
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

	[FS_STMT_FM_GET] =
	    "SELECT befolkning_16_64, sjukpenning, aktivitetsersattning, "
	    "sjukersattning, a_kassa, aktivitetsstod, etableringsersattning, "
	    "forsorjningsstod FROM forsorjningsmatt "
	    "WHERE ar = ? AND kommun_kod = ?",
	[FS_STMT_FM_UPSERT] =
	    "INSERT INTO forsorjningsmatt (ar, kommun_kod, befolkning_16_64, "
	    "sjukpenning, aktivitetsersattning, sjukersattning, a_kassa, "
	    "aktivitetsstod, etableringsersattning, forsorjningsstod) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (ar, kommun_kod) DO UPDATE SET "
	    "befolkning_16_64 = excluded.befolkning_16_64, "
	    "sjukpenning = excluded.sjukpenning, "
	    "aktivitetsersattning = excluded.aktivitetsersattning, "
	    "sjukersattning = excluded.sjukersattning, "
	    "a_kassa = excluded.a_kassa, "
	    "aktivitetsstod = excluded.aktivitetsstod, "
	    "etableringsersattning = excluded.etableringsersattning, "
	    "forsorjningsstod = excluded.forsorjningsstod",
	[FS_STMT_FM_YEAR] =
	    "SELECT kommun_kod, befolkning_16_64, sjukpenning + "
	    "aktivitetsersattning + sjukersattning + a_kassa + aktivitetsstod "
	    "+ etableringsersattning + forsorjningsstod FROM forsorjningsmatt "
	    "WHERE ar = ? ORDER BY kommun_kod",
	[FS_STMT_FM_LATEST_YEAR] =
	    "SELECT max(ar) FROM forsorjningsmatt WHERE ar <= ?",
	[FS_STMT_FIN_KOMMUN_LIST] =
	    "SELECT kod, kortnamn, lan_kod FROM kommun ORDER BY kod",
	[FS_STMT_FIN_MEDLEM_ON] =
	    "SELECT forbund_id, medlem_kod FROM medlemskap "
	    "WHERE parttyp = 'kommun' AND fran <= ? "
	    "AND (till IS NULL OR till >= ?) ORDER BY forbund_id, medlem_kod",
	[FS_STMT_TDL_PARAM_LATEST] =
	    "SELECT version, data FROM tilldelning_parametrar WHERE ar = ? "
	    "ORDER BY version DESC LIMIT 1",
	[FS_STMT_TDL_PARAM_GET] =
	    "SELECT version, data FROM tilldelning_parametrar "
	    "WHERE ar = ? AND version = ?",
	[FS_STMT_TDL_PARAM_INSERT] =
	    "INSERT INTO tilldelning_parametrar (ar, version, skapad_tid, "
	    "skapad_av, data) VALUES (?, ?, ?, ?, ?)",
	[FS_STMT_TDL_CALC_INSERT] =
	    "INSERT INTO tilldelning_berakning (ar, parameter_version, "
	    "skapad_tid, skapad_av, parametrar, indata, resultat, "
	    "programversion) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[FS_STMT_TDL_CALC_GET] =
	    "SELECT id, ar, parameter_version, skapad_tid, skapad_av, "
	    "parametrar, indata, resultat, programversion "
	    "FROM tilldelning_berakning WHERE id = ?",
	[FS_STMT_TDL_CALC_LATEST] =
	    "SELECT id FROM tilldelning_berakning WHERE ar = ? "
	    "ORDER BY id DESC LIMIT 1",
	[FS_STMT_TDL_CALC_LIST] =
	    "SELECT b.id, b.ar, b.parameter_version, b.skapad_tid, "
	    "b.skapad_av, (SELECT coalesce(sum(r.tilldelning), 0) "
	    "FROM tilldelning_rad r WHERE r.berakning_id = b.id), "
	    "(SELECT count(*) FROM tilldelning_rad r "
	    "WHERE r.berakning_id = b.id) FROM tilldelning_berakning b "
	    "WHERE b.ar >= ? AND b.ar <= ? ORDER BY b.id",
	[FS_STMT_TDL_RAD_INSERT] =
	    "INSERT INTO tilldelning_rad (berakning_id, forbund_kod, mojlig, "
	    "tilldelning) VALUES (?, ?, ?, ?)",
	[FS_STMT_TDL_RAD_GET] =
	    "SELECT mojlig, tilldelning FROM tilldelning_rad "
	    "WHERE berakning_id = ? AND forbund_kod = ?",
	[FS_STMT_TDL_ANSOKAN_UPSERT] =
	    "INSERT INTO tilldelning_ansokan (forbund_id, ar, "
	    "utnyttjandegrad_bp, ansokt_belopp) VALUES (?, ?, ?, ?) "
	    "ON CONFLICT (forbund_id, ar) DO UPDATE SET "
	    "utnyttjandegrad_bp = excluded.utnyttjandegrad_bp, "
	    "ansokt_belopp = excluded.ansokt_belopp",
	[FS_STMT_TDL_ANSOKAN_YEAR] =
	    "SELECT f.kod, a.utnyttjandegrad_bp, a.ansokt_belopp "
	    "FROM tilldelning_ansokan a JOIN forbund f ON f.id = a.forbund_id "
	    "WHERE a.ar = ? ORDER BY f.kod",
	[FS_STMT_EK_POST_UPSERT] =
	    "INSERT INTO ekonomi_post (forbund_id, ar, typ, post, medlem_kod, "
	    "belopp) VALUES (?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (forbund_id, ar, typ, post, medlem_kod) "
	    "DO UPDATE SET belopp = excluded.belopp",
	[FS_STMT_EK_POST_LIST] =
	    "SELECT typ, post, medlem_kod, belopp FROM ekonomi_post "
	    "WHERE forbund_id = ? AND ar = ? ORDER BY typ, post, medlem_kod",
	[FS_STMT_EK_POST_YEAR] =
	    "SELECT f.kod, p.post, sum(p.belopp) FROM ekonomi_post p "
	    "JOIN forbund f ON f.id = p.forbund_id "
	    "WHERE p.ar = ? AND p.typ = 'utfall' GROUP BY f.kod, p.post "
	    "ORDER BY f.kod, p.post",
	[FS_STMT_EK_INSATS_SUM] =
	    "SELECT count(*), coalesce(sum(r.budget_kr), 0), "
	    "coalesce(sum(r.utfall_kr), 0), count(r.utfall_kr) "
	    "FROM insats_budgetrad r JOIN insats i ON i.id = r.insats_id "
	    "WHERE i.forbund_id = ? AND r.ar = ?",
	[FS_STMT_KAL_UPSERT] =
	    "INSERT INTO kalender (forbund_id, ar, handelse, medlem_kod, "
	    "datum, beslut) VALUES (?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (forbund_id, ar, handelse, medlem_kod) "
	    "DO UPDATE SET datum = excluded.datum, beslut = excluded.beslut",
	[FS_STMT_KAL_LIST] =
	    "SELECT ar, handelse, medlem_kod, datum, beslut FROM kalender "
	    "WHERE forbund_id = ? ORDER BY ar, handelse, medlem_kod",
	[FS_STMT_KFD_UPSERT] =
	    "INSERT INTO kommunfordelning (forbund_id, fran_ar, fordelning, "
	    "beslutad, registrerad_tid, registrerad_av) VALUES (?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (forbund_id, fran_ar) DO UPDATE SET "
	    "fordelning = excluded.fordelning, beslutad = excluded.beslutad, "
	    "registrerad_tid = excluded.registrerad_tid, "
	    "registrerad_av = excluded.registrerad_av",
	[FS_STMT_KFD_ANDEL_DELETE] =
	    "DELETE FROM kommunfordelning_andel "
	    "WHERE forbund_id = ? AND fran_ar = ?",
	[FS_STMT_KFD_ANDEL_INSERT] =
	    "INSERT INTO kommunfordelning_andel (forbund_id, fran_ar, "
	    "kommun_kod, andel_bp) VALUES (?, ?, ?, ?)",
	[FS_STMT_KFD_LIST] =
	    "SELECT fran_ar, fordelning, beslutad, registrerad_tid, "
	    "registrerad_av FROM kommunfordelning WHERE forbund_id = ? "
	    "AND fran_ar <= ? ORDER BY fran_ar",
	[FS_STMT_KFD_ANDEL_LIST] =
	    "SELECT a.kommun_kod, k.kortnamn, a.andel_bp "
	    "FROM kommunfordelning_andel a JOIN kommun k ON k.kod = a.kommun_kod "
	    "WHERE a.forbund_id = ? AND a.fran_ar = ? ORDER BY a.kommun_kod",
	/* @@ finance statements: add new SQL above this line @@ */

	[FS_STMT_ANV_INSERT] =
	    "INSERT INTO anvandare (namn, losenord, sparrad, skapad_tid, "
	    "andrad_tid) VALUES (?, ?, 0, ?, ?)",
	[FS_STMT_ANV_BY_NAMN] =
	    "SELECT id, namn, losenord, sparrad, skapad_tid FROM anvandare "
	    "WHERE namn = ?",
	[FS_STMT_ANV_GET] =
	    "SELECT id, namn, losenord, sparrad, skapad_tid FROM anvandare "
	    "WHERE id = ?",
	[FS_STMT_ANV_LIST] =
	    "SELECT id, namn, losenord, sparrad, skapad_tid FROM anvandare "
	    "ORDER BY namn",
	[FS_STMT_ANV_SET_LOSENORD] =
	    "UPDATE anvandare SET losenord = ?, andrad_tid = ? WHERE id = ?",
	[FS_STMT_ANV_SET_SPARRAD] =
	    "UPDATE anvandare SET sparrad = ?, andrad_tid = ? WHERE id = ?",
	[FS_STMT_TILLD_INSERT] =
	    "INSERT INTO tilldelning (anvandare_id, roll, forbund_id, "
	    "insats_id, skapad_av, skapad_tid) VALUES (?, ?, ?, ?, ?, ?)",
	[FS_STMT_TILLD_DELETE] =
	    "DELETE FROM tilldelning WHERE anvandare_id = ? AND roll = ? "
	    "AND COALESCE(forbund_id, 0) = ? AND COALESCE(insats_id, 0) = ?",
	[FS_STMT_TILLD_OF_USER] =
	    "SELECT t.roll, COALESCE(t.forbund_id, i.forbund_id, 0), "
	    "COALESCE(t.insats_id, 0), f.kod, i.kod FROM tilldelning t "
	    "LEFT JOIN insats i ON i.id = t.insats_id "
	    "LEFT JOIN forbund f ON f.id = COALESCE(t.forbund_id, i.forbund_id) "
	    "WHERE t.anvandare_id = ? ORDER BY t.id",
	[FS_STMT_SESSION_INSERT] =
	    "INSERT INTO session (token_hash, anvandare_id, csrf, skapad, "
	    "senast, klientadress) VALUES (?, ?, ?, ?, ?, ?)",
	[FS_STMT_SESSION_BY_HASH] =
	    "SELECT id, anvandare_id, csrf, skapad, senast FROM session "
	    "WHERE token_hash = ?",
	[FS_STMT_SESSION_TOUCH] = "UPDATE session SET senast = ? WHERE id = ?",
	[FS_STMT_SESSION_DELETE] = "DELETE FROM session WHERE id = ?",
	[FS_STMT_SESSION_DELETE_USER] =
	    "DELETE FROM session WHERE anvandare_id = ?",
	[FS_STMT_SESSION_EXPIRE] =
	    "DELETE FROM session WHERE senast <= ? OR skapad <= ?",
	[FS_STMT_STRYP_GET] =
	    "SELECT misslyckade, senast FROM inloggning_strypning "
	    "WHERE nyckel = ?",
	[FS_STMT_STRYP_FAIL] =
	    "INSERT INTO inloggning_strypning (nyckel, misslyckade, senast) "
	    "VALUES (?1, 1, ?2) ON CONFLICT (nyckel) DO UPDATE SET "
	    "misslyckade = CASE WHEN inloggning_strypning.senast <= ?3 THEN 1 "
	    "ELSE inloggning_strypning.misslyckade + 1 END, senast = ?2",
	[FS_STMT_STRYP_CLEAR] =
	    "DELETE FROM inloggning_strypning WHERE nyckel = ?",
	[FS_STMT_STRYP_EXPIRE] =
	    "DELETE FROM inloggning_strypning WHERE senast < ?",
	[FS_STMT_ACCESS_SCOPE_INSATS] =
	    "SELECT forbund_id, id FROM insats WHERE id = ?",
	[FS_STMT_ACCESS_SCOPE_DELT] =
	    "SELECT i.forbund_id, i.id FROM deltagande d "
	    "JOIN insats i ON i.id = d.insats_id WHERE d.id = ?",
#define LOGG_COLS \
	"id, tid, anvandare, roll, handling, objekt, forbund_id, insats_id, " \
	"utfall, klientadress, detaljer"
	[FS_STMT_LOGG_QUERY] =
	    "SELECT " LOGG_COLS " FROM logg WHERE "
	    "(?1 IS NULL OR forbund_id = ?1 OR insats_id IN "
	    "(SELECT id FROM insats WHERE forbund_id = ?1)) "
	    "AND (?2 IS NULL OR insats_id = ?2) "
	    "AND (?3 IS NULL OR anvandare = ?3) "
	    "AND (?4 IS NULL OR handling = ?4) "
	    "AND (?5 IS NULL OR substr(handling, 1, ?6) = ?5) "
	    "AND (?7 IS NULL OR objekt = ?7) "
	    "AND (?8 IS NULL OR tid >= ?8) "
	    "AND (?9 IS NULL OR tid <= ?9) "
	    "AND (?10 IS NULL OR id < ?10) "
	    "ORDER BY id DESC LIMIT ?11",
	[FS_STMT_LOGG_READERS] =
	    "SELECT " LOGG_COLS " FROM logg WHERE objekt = ?1 "
	    "OR (insats_id = ?2 AND handling IN ('deltagande.lista', "
	    "'deltagande.sok') AND tid >= ?3) ORDER BY id DESC LIMIT ?4",
#undef LOGG_COLS
	/* @@ user statements: add new SQL above this line @@ */

#define KOPPLING_COLS \
	"p.id, p.namn, p.skapad_tid, p.skapad_av, " \
	"(SELECT count(*) FROM koppling_export e WHERE e.projekt_id = p.id), " \
	"(SELECT max(e.tid) FROM koppling_export e " \
	"WHERE e.projekt_id = p.id), " \
	"(SELECT e.rader FROM koppling_export e WHERE e.projekt_id = p.id " \
	"ORDER BY e.id DESC LIMIT 1), " \
	"(SELECT max(r.tid) FROM koppling_resultat r " \
	"WHERE r.projekt_id = p.id)"
	[FS_STMT_KOPPLING_INSERT] =
	    "INSERT INTO koppling_projekt (namn, salt, skapad_tid, skapad_av) "
	    "VALUES (?, ?, ?, ?)",
	[FS_STMT_KOPPLING_BY_ID] =
	    "SELECT " KOPPLING_COLS " FROM koppling_projekt p WHERE p.id = ?",
	[FS_STMT_KOPPLING_BY_NAMN] =
	    "SELECT " KOPPLING_COLS " FROM koppling_projekt p "
	    "WHERE p.namn = ?",
	[FS_STMT_KOPPLING_LIST] =
	    "SELECT " KOPPLING_COLS " FROM koppling_projekt p ORDER BY p.id",
#undef KOPPLING_COLS
	[FS_STMT_KOPPLING_SALT] =
	    "SELECT salt FROM koppling_projekt WHERE id = ?",
	[FS_STMT_KOPPLING_EXPORT_INSERT] =
	    "INSERT INTO koppling_export (projekt_id, tid, av, rader, urval) "
	    "VALUES (?, ?, ?, ?, ?)",
	/*
	 * Identified participations for a linkage export.  Parameters:
	 * förbund id twice (NULL for all), first start day twice, last
	 * start day twice (NULL for open).
	 */
	[FS_STMT_KOPPLING_EXPORT_SCAN] =
	    "SELECT p.pnr_krypt, i.kod, f.kod, d.kon, d.alder_start, "
	    "d.startdatum, d.slutdatum "
	    "FROM deltagande d JOIN person p ON p.id = d.person_id "
	    "JOIN insats i ON i.id = d.insats_id "
	    "JOIN forbund f ON f.id = i.forbund_id "
	    "WHERE d.person_id IS NOT NULL "
	    "AND (d.avslutsanledning IS NULL "
	    "OR d.avslutsanledning <> 'felregistrering') "
	    "AND (? IS NULL OR f.id = ?) "
	    "AND (? IS NULL OR d.startdatum >= ?) "
	    "AND (? IS NULL OR d.startdatum <= ?)",
	[FS_STMT_KOPPLING_RESULTAT_INSERT] =
	    "INSERT INTO koppling_resultat (projekt_id, tid, av, data) "
	    "VALUES (?, ?, ?, ?)",
	[FS_STMT_KOPPLING_RESULTAT_LATEST] =
	    "SELECT data FROM koppling_resultat WHERE projekt_id = ? "
	    "ORDER BY id DESC LIMIT 1",
	[FS_STMT_UTV_PANEL_DELETE] =
	    "DELETE FROM utvardering_panel WHERE utfall = ?",
	[FS_STMT_UTV_PANEL_INSERT] =
	    "INSERT INTO utvardering_panel (utfall, kommun_kod, ar, varde) "
	    "VALUES (?, ?, ?, ?)",
	[FS_STMT_UTV_PANEL_GET] =
	    "SELECT kommun_kod, ar, varde FROM utvardering_panel "
	    "WHERE utfall = ? ORDER BY kommun_kod, ar",
	[FS_STMT_UTV_UTFALL_LIST] =
	    "SELECT utfall, count(DISTINCT kommun_kod), min(ar), max(ar) "
	    "FROM utvardering_panel GROUP BY utfall ORDER BY utfall",
	[FS_STMT_UTV_KOMMUN_LIST] = "SELECT kod FROM kommun ORDER BY kod",
	[FS_STMT_UTV_MEDLEM_KOMMUNER] =
	    "SELECT medlem_kod, fran, till FROM medlemskap "
	    "WHERE parttyp = 'kommun' ORDER BY medlem_kod, fran",
	[FS_STMT_UTV_FM_SCAN] =
	    "SELECT ar, kommun_kod, befolkning_16_64, sjukpenning, "
	    "aktivitetsersattning, sjukersattning, a_kassa, aktivitetsstod, "
	    "etableringsersattning, forsorjningsstod FROM forsorjningsmatt "
	    "ORDER BY kommun_kod, ar",
	[FS_STMT_UTV_RESULTAT_INSERT] =
	    "INSERT INTO utvardering_resultat (utfall, tid, av, parametrar, "
	    "data, svg) VALUES (?, ?, ?, ?, ?, ?)",
	[FS_STMT_UTV_RESULTAT_LATEST] =
	    "SELECT data FROM utvardering_resultat WHERE utfall = ? "
	    "ORDER BY id DESC LIMIT 1",
	[FS_STMT_KOPPLING_EXPORT_LIST] =
	    "SELECT id, tid, av, rader, urval FROM koppling_export "
	    "WHERE projekt_id = ? ORDER BY id DESC",
#define KORNING_COLS \
	"id, projekt_id, skapad_tid, skapad_av, status, parametrar, " \
	"deltaganden, perioder, start_tid, klar_tid, fel_falt, " \
	"fel_meddelande"
	[FS_STMT_KORNING_INSERT] =
	    "INSERT INTO koppling_korning (projekt_id, skapad_tid, skapad_av, "
	    "status, parametrar, deltaganden, deltagande) "
	    "VALUES (?, ?, ?, 'vantar', ?, ?, ?)",
	[FS_STMT_KORNING_CLOSE_WAITING] =
	    "UPDATE koppling_korning SET status = 'stangd', deltagande = NULL "
	    "WHERE projekt_id = ? AND status = 'vantar'",
	[FS_STMT_KORNING_BY_ID] =
	    "SELECT " KORNING_COLS " FROM koppling_korning WHERE id = ?",
	[FS_STMT_KORNING_LIST] =
	    "SELECT " KORNING_COLS " FROM koppling_korning "
	    "WHERE projekt_id = ? ORDER BY id DESC",
#undef KORNING_COLS
	[FS_STMT_KORNING_START] =
	    "UPDATE koppling_korning SET status = 'pagar', start_tid = ?, "
	    "fel_falt = NULL, fel_meddelande = NULL "
	    "WHERE id = ? AND status = 'vantar'",
	[FS_STMT_KORNING_FIL] =
	    "SELECT deltagande, parametrar, projekt_id FROM koppling_korning "
	    "WHERE id = ? AND status = 'pagar'",
	[FS_STMT_KORNING_KLAR] =
	    "UPDATE koppling_korning SET status = 'klar', klar_tid = ?, "
	    "perioder = ?, resultat = ?, svg = ?, deltagande = NULL "
	    "WHERE id = ? AND status = 'pagar'",
	[FS_STMT_KORNING_FEL] =
	    "UPDATE koppling_korning SET status = 'vantar', fel_falt = ?, "
	    "fel_meddelande = ? WHERE id = ? AND status = 'pagar'",
	[FS_STMT_KORNING_RESULTAT] =
	    "SELECT resultat, svg FROM koppling_korning WHERE id = ?",
	[FS_STMT_UTV_RESULTAT_BY_ID] =
	    "SELECT utfall, data, svg FROM utvardering_resultat WHERE id = ?",
	[FS_STMT_UTV_RESULTAT_LIST] =
	    "SELECT id, utfall, tid, av, parametrar FROM utvardering_resultat "
	    "ORDER BY id DESC LIMIT 100",
	/* @@ evaluation statements: add new SQL above this line @@ */

	/*
	 * Work lists (todo.c).  The selection ?2: 0 every participation,
	 * 1 open past the insats' end (?3 = today), 2 finished without
	 * exit data (not felregistrering), 3 open, 4 finished.
	 */
#define TODO_WHERE \
	"FROM deltagande d JOIN insats i ON i.id = d.insats_id " \
	"WHERE d.insats_id = ?1 AND (?2 = 0 " \
	"OR (?2 = 1 AND d.slutdatum IS NULL AND i.slutdatum IS NOT NULL " \
	"AND i.slutdatum < ?3) " \
	"OR (?2 = 2 AND d.slutdatum IS NOT NULL " \
	"AND d.avslutsanledning <> 'felregistrering' " \
	"AND (d.forsorjning_efter IS NULL OR d.arbete_efter IS NULL " \
	"OR d.studier_efter IS NULL)) " \
	"OR (?2 = 3 AND d.slutdatum IS NULL) " \
	"OR (?2 = 4 AND d.slutdatum IS NOT NULL))"
	[FS_STMT_TODO_DELT_COUNT] = "SELECT count(*) " TODO_WHERE,
	[FS_STMT_TODO_DELT_IDS] =
	    "SELECT d.id " TODO_WHERE
	    " ORDER BY d.startdatum DESC, d.id DESC LIMIT ?4 OFFSET ?5",
#undef TODO_WHERE
	[FS_STMT_TODO_PERSON_PNR] = "SELECT pnr_krypt FROM person WHERE id = ?",
	[FS_STMT_TODO_ANONYMA_LIST] =
	    "SELECT ar, kvinnor, man FROM anonyma WHERE insats_id = ? "
	    "ORDER BY ar",
	[FS_STMT_TODO_ANTAL_LIST] =
	    "SELECT period, totalt, kvinnor, man FROM antal "
	    "WHERE insats_id = ? ORDER BY period",
	/* @@ http statements: add new SQL above this line @@ */
};
_Static_assert(FS_NELEM(fs_stmts_sqlite) == FS_STMT__MAX,
    "fs_stmts_sqlite has no SQL for some statement ids");
