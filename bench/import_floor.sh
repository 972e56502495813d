#!/bin/sh
# SPDX-License-Identifier: ISC
# The floor under the import benchmark: the same rows that an import of
# N new participations stores (a person with its keyed hash and
# ciphertext, a participation with the consent that came with it, and
# every index finsam has on them) written by SQLite alone in one
# transaction, set-based, with no per-row statement, lookup, validation
# or encryption, into a database laid out as finsam lays out a new one
# (16 KiB pages, every migration) with the page cache of an import
# (1 GiB).  No import over this schema can be faster than this on the
# same machine.
#   bench/import_floor.sh [N]
set -eu
N=${1:-1200000}
D=$(mktemp -d /tmp/finsam-floor-XXXXXX)
trap 'rm -rf "$D"' EXIT
cd "$(dirname "$0")/.."
sqlite3 "$D/floor.db" "PRAGMA page_size=16384; PRAGMA journal_mode=WAL;" \
    >/dev/null
for f in sql/migrations/*.sql; do
	sqlite3 "$D/floor.db" <"$f"
done
t0=$(date +%s%N)
sqlite3 "$D/floor.db" >/dev/null <<EOSQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
PRAGMA cache_size=-1048576;
INSERT INTO lan VALUES ('01', 'x', 'x');
INSERT INTO forbund (id, kod, namn, organisationsnummer, startdatum)
    VALUES (1, 'F', 'f', '222000-1339', '2010-01-01');
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 1000)
INSERT INTO insats (id, forbund_id, kod, namn, startdatum, inriktning,
    uppfoljning) SELECT i, 1, 'I' || i, 'n', '2015-01-01', 'individ',
    'individ' FROM c;
BEGIN;
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $N)
INSERT INTO person (id, pnr_hash, pnr_krypt, kon, fodelsedatum)
    SELECT i, randomblob(16), randomblob(52), 'k', '1990-01-01' FROM c;
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $N)
INSERT INTO deltagande (insats_id, person_id, kon, alder_start, startdatum,
    utbildning, offentlig_forsorjning_tid, forsorjning_fore, arbete_fore,
    studier_fore, slutdatum, avslutsanledning, forsorjning_efter,
    arbete_efter, studier_efter, registrerad_av, registrerad_tid,
    samtycke_datum)
    SELECT 1 + i % 1000, i, 'k', 30, '2020-01-01', 'grundskola', '3_9', 4,
    0, 0, CASE WHEN i % 7 = 0 THEN NULL ELSE '2020-09-01' END,
    CASE WHEN i % 7 = 0 THEN NULL ELSE 'planenligt' END, 512, 50, 0,
    'cli:root', '2026-11-22T20:00:00Z', '2020-01-01' FROM c;
COMMIT;
EOSQL
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
echo "golv: $N deltaganden med person, samtycke och index på $ms ms" \
    "= $(( N * 1000 / (ms > 0 ? ms : 1) )) rader/s (bara SQLite, mängdvis)"
