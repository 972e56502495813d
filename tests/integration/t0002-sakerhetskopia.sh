#!/bin/bash
# SPDX-License-Identifier: ISC
# Backup and restore from the command line: a backup taken while an
# import writes holds all of it or none of it; the file is private
# (0600), holds no personnummer in clear and restores to a database
# with the same reports; a restore refuses a damaged file, a foreign
# key, and an existing database without --ersatt, changing nothing;
# both are in the audit log.
. "$(dirname "$0")/lib.sh"

DB=$T/a.db
run 0 "$FINSAM" --db "$DB" init
for k in forbund insatser deltagande anonyma; do
	run 0 "$FINSAM" --db "$DB" import --tyst "$k" \
	    "$FINSAM_SRC/tests/data/e2e/$k.csv"
done
report() {
	"$FINSAM" --db "$1" rapport utfall --riket --fran 2000-01-01 \
	    --till 2030-12-31 --format json
}
report "$DB" >"$T/fore.json"
n0=$(sqlite3 "$DB" "select count(*) from deltagande")

# A big import in the background and backups meanwhile: each backup
# holds the participations before the import or after it, never part.
run 0 "$FINSAM" generera --forbund 2 --deltagande 20000 --seed 7 --ut "$T/gen"
"$FINSAM" --db "$DB" import --tyst forbund "$T/gen/forbund.csv" >/dev/null &&
"$FINSAM" --db "$DB" import --tyst insatser "$T/gen/insatser.csv" >/dev/null ||
    fail "import av genererade förbund"
"$FINSAM" --db "$DB" import --tyst deltagande "$T/gen/deltagande.csv" \
    >"$T/imp.out" 2>&1 &
IPID=$!
i=0
while kill -0 "$IPID" 2>/dev/null && [ $i -lt 20 ]; do
	i=$((i + 1))
	run 0 "$FINSAM" --db "$DB" sakerhetskopia --ut "$T/under-$i.db"
done
wait "$IPID" && ok || fail "importen under säkerhetskopieringen"
[ "$i" -ge 1 ] && ok || fail "ingen säkerhetskopia togs under importen"
n1=$(sqlite3 "$DB" "select count(*) from deltagande")
[ "$n1" -gt "$n0" ] && ok || fail "importen lade inte till något"
for f in "$T"/under-*.db; do
	[ -e "$f" ] || continue
	eq "$(sqlite3 "$f" "pragma quick_check")" ok "$f är hel"
	n=$(sqlite3 "$f" "select count(*) from deltagande")
	if [ "$n" = "$n0" ] || [ "$n" = "$n1" ]; then ok; else
		fail "$f har $n deltaganden, varken $n0 eller $n1"
	fi
done

# A backup of the finished state.
run 0 "$FINSAM" --db "$DB" sakerhetskopia --ut "$T/kopia.db"
has "$T/out" "Spara nyckelfilen"
eq "$(stat -c %a "$T/kopia.db")" 600 "kopians rättigheter"
[ ! -e "$T/kopia.db-wal" ] && ok || fail "kopian har en WAL-fil"
lacks "$T/kopia.db" "19900315"
lacks "$T/kopia.db" "196202019870"
eq "$(sqlite3 "$DB" "select count(*) from logg where handling = 'sakerhetskopia'")" \
    "$((i + 1))" "säkerhetskopiorna i loggen"
report "$DB" >"$T/efter.json"
# Not over an existing file.
cp "$T/kopia.db" "$T/kopia2.db"
run 1 "$FINSAM" --db "$DB" sakerhetskopia --ut "$T/kopia.db"
has "$T/err" "finsam: ut: "
cmp -s "$T/kopia.db" "$T/kopia2.db" && ok || fail "kopian skrevs över"
run 1 "$FINSAM" --db "$DB" sakerhetskopia
has "$T/err" "--ut"

# Restore to a new place, with the installation's key file.
cp "$DB.nyckel" "$T/ny.db.nyckel"
run 0 "$FINSAM" --db "$T/ny.db" aterstall --fran "$T/kopia.db"
has "$T/out" "är återställd"
report "$T/ny.db" >"$T/ny.json"
cmp -s "$T/efter.json" "$T/ny.json" && ok ||
    fail "den återställda databasen ger en annan rapport"
eq "$(sqlite3 "$T/ny.db" "select count(*) from logg where handling = 'aterstall'")" \
    1 "återställningen i den återställda databasens logg"

# A change after the backup is undone by a restore with --ersatt; without
# it the existing database is left alone.
"$FINSAM" --db "$DB" forbund uppdrag SV --medlem FK --namn "Efter kopian" \
    --uppdrag ledamot --fran 2023-01-01 >/dev/null || fail "uppdraget"
run 1 "$FINSAM" --db "$DB" aterstall --fran "$T/kopia.db"
has "$T/err" "finsam: db: "
has "$T/err" "--ersatt"
eq "$(sqlite3 "$DB" "select count(*) from styrelse_ledamot")" 1 \
    "databasen orörd utan --ersatt"
run 0 "$FINSAM" --db "$DB" aterstall --fran "$T/kopia.db" --ersatt
eq "$(sqlite3 "$DB" "select count(*) from styrelse_ledamot")" 0 \
    "ändringen efter kopian är borta"
report "$DB" >"$T/igen.json"
cmp -s "$T/efter.json" "$T/igen.json" && ok || fail "rapporten efter återställningen"

# A foreign key: refused before anything is written.
"$FINSAM" --db "$T/annan.db" init >/dev/null
cp "$T/annan.db" "$T/annan-fore.db"
run 1 "$FINSAM" --db "$T/annan.db" aterstall --fran "$T/kopia.db" --ersatt
has "$T/err" "finsam: nyckel: "
cmp -s "$T/annan.db" "$T/annan-fore.db" && ok || fail "den andra databasen ändrades"

# A damaged backup, and one that is no database at all.
cp "$T/kopia.db" "$T/trasig.db"
size=$(stat -c %s "$T/trasig.db")
dd if=/dev/urandom of="$T/trasig.db" bs=4096 seek=2 count=3 conv=notrunc \
    2>/dev/null
cp "$DB" "$T/fore-trasig.db"
run 1 "$FINSAM" --db "$DB" aterstall --fran "$T/trasig.db" --ersatt
has "$T/err" "finsam: "
printf 'inte en databas\n' >"$T/text.db"
run 1 "$FINSAM" --db "$DB" aterstall --fran "$T/text.db" --ersatt
has "$T/err" "finsam: fran: "
run 1 "$FINSAM" --db "$DB" aterstall --fran "$T/finns-inte.db" --ersatt
has "$T/err" "finsam: fran: "
report "$DB" >"$T/sist.json"
cmp -s "$T/efter.json" "$T/sist.json" && ok ||
    fail "en vägrad återställning ändrade databasen"
[ "$size" -gt 0 ] && ok

finish
