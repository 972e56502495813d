#!/bin/sh
# SPDX-License-Identifier: ISC
# CLI conventions: --help everywhere, exit codes 0/1, one-line errors
# that name the field, --db and FINSAM_DB, init and its key file.
. "$(dirname "$0")/lib.sh"

run 0 "$FINSAM" --help
has "$T/out" "användning: finsam"
cp "$T/out" "$T/help"
for c in init import forbund insats deltagare rapport generera tilldelning \
    ekonomi scenario koppling utvardering anvandare logg serve; do
	has "$T/help" "  $c"
	run 0 "$FINSAM" "$c" --help
	has "$T/out" "användning: finsam $c"
done
run 1 "$FINSAM" finnsinte
has "$T/err" "okänt kommando"
run 1 "$FINSAM"

# init creates the database and a private key file.
run 0 "$FINSAM" --db "$T/a.db" init
eq "$(stat -c %a "$T/a.db.nyckel")" 600 "nyckelfilens rättigheter"
eq "$(stat -c %a "$T/a.db")" 600 "databasens rättigheter"
eq "$(sqlite3 "$T/a.db" 'select count(*) from kommun')" 290 "kommuner"
eq "$(sqlite3 "$T/a.db" 'select count(*) from lan')" 21 "län"
run 1 "$FINSAM" --db "$T/a.db" init
has "$T/err" "finsam: db: "
eq "$(wc -l <"$T/err")" 1 "felmeddelandet är en rad"

# --db after the subcommand, FINSAM_DB, and ./finsam.db by default.
run 0 "$FINSAM" init --db "$T/b.db"
[ -f "$T/b.db.nyckel" ] && ok || fail "b.db.nyckel saknas"
FINSAM_DB="$T/c.db" run 0 "$FINSAM" init
[ -f "$T/c.db" ] && ok || fail "FINSAM_DB användes inte"
(cd "$T" && "$FINSAM" init >/dev/null 2>&1)
[ -f "$T/finsam.db" ] && ok || fail "./finsam.db skapades inte"
FINSAM_NYCKEL="$T/annan.nyckel" run 0 "$FINSAM" --db "$T/d.db" init
[ -f "$T/annan.nyckel" ] && ok || fail "FINSAM_NYCKEL användes inte"

# A missing database, a missing or loose key file, a newer schema.
run 1 "$FINSAM" --db "$T/saknas.db" forbund lista
has "$T/err" "finns inte"
mv "$T/b.db.nyckel" "$T/b.flyttad"
run 1 "$FINSAM" --db "$T/b.db" forbund lista
has "$T/err" "nyckel"
mv "$T/b.flyttad" "$T/b.db.nyckel"
chmod 644 "$T/b.db.nyckel"
run 1 "$FINSAM" --db "$T/b.db" forbund lista
has "$T/err" "chmod 600"
chmod 600 "$T/b.db.nyckel"
run 0 "$FINSAM" --db "$T/b.db" forbund lista
sqlite3 "$T/b.db" "update meta set varde='99' where nyckel='schema_version'"
run 1 "$FINSAM" --db "$T/b.db" forbund lista
has "$T/err" "schemaversion 99"

# Bad input names the field and never echoes a personnummer.
run 1 "$FINSAM" --db "$T/a.db" deltagare avidentifiera \
    --personnummer 19121212-1213 --orsak samtycke_aterkallat
has "$T/err" "personnummer: "
lacks "$T/err" "1212"
echo 19121212-1212 | run 1 "$FINSAM" --db "$T/a.db" deltagare \
    avidentifiera --personnummer - --orsak samtycke_aterkallat
has "$T/err" "inga uppgifter"
run 1 "$FINSAM" --db "$T/a.db" deltagare avidentifiera \
    --personnummer 19121212-1212 --orsak glomt
has "$T/err" "orsak: "
run 1 "$FINSAM" --db "$T/a.db" deltagare historik --id 0
has "$T/err" "id: "
run 0 "$FINSAM" --db "$T/a.db" deltagare avidentifiera \
    --personnummer 19121212-1212 --orsak skyddad_identitet
has "$T/out" "Avidentifierade 0 deltaganden"
eq "$(sqlite3 "$T/a.db" "select count(*) from logg where handling='person.avidentifiera'")" 1 "loggad avidentifiering"
lacks "$T/a.db" "191212"

# The board from the command line: a förbund, a mandate, a chair; the
# refusals name the field and store nothing; the check lists what lacks.
printf 'forbund_kod;namn;organisationsnummer;startdatum;kommuner\nSV;Samordningsförbundet Södra Vätterbygden;222000-1339;2009-01-01;0680 0682\n' >"$T/f.csv"
run 0 "$FINSAM" --db "$T/a.db" import forbund "$T/f.csv"
run 0 "$FINSAM" --db "$T/a.db" forbund mandat SV --fran 2023-01-01 --till 2026-12-31
run 0 "$FINSAM" --db "$T/a.db" forbund uppdrag SV --medlem FK --namn "Anna Ek" \
    --uppdrag ledamot --roll ordforande --fran 2023-01-01
has "$T/out" "Uppdraget är registrerat (id 1)."
run 1 "$FINSAM" --db "$T/a.db" forbund uppdrag SV --medlem 0684 --namn "Bo" \
    --uppdrag ledamot --fran 2023-01-01
has "$T/err" "finsam: medlem: är inte medlem i förbundet"
run 1 "$FINSAM" --db "$T/a.db" forbund uppdrag SV --medlem AF --namn "Bo" \
    --uppdrag ersattare --roll vice_ordforande --fran 2023-01-01
has "$T/err" "finsam: roll: ordförande och vice ordförande ska vara ledamöter"
run 1 "$FINSAM" --db "$T/a.db" forbund uppdrag SV --medlem AF --namn "Bo" \
    --uppdrag suppleant --fran 2023-01-01
has "$T/err" "finsam: uppdrag: "
run 1 "$FINSAM" --db "$T/a.db" forbund uppdrag-slut SV --id 7 --till 2026-01-01
has "$T/err" "finsam: id: "
eq "$(sqlite3 "$T/a.db" "select count(*) from styrelse_ledamot")" 1 "bara det godkända uppdraget"
run 0 "$FINSAM" --db "$T/a.db" forbund styrelse SV --dag 2024-01-01
has "$T/out" "Anna Ek, Ordförande, från 2023-01-01"
has "$T/out" "Medlemmen FK har 1 ledamot men 0 ersättare"
has "$T/out" "Medlemmen 0682 har ingen ledamot i styrelsen."
has "$T/out" "Styrelsen har ingen vice ordförande."
lacks "$T/out" "Ingen mandatperiod"
run 0 "$FINSAM" --db "$T/a.db" forbund uppdrag-slut SV --id 1 --till 2023-12-31
run 0 "$FINSAM" --db "$T/a.db" forbund styrelse SV --dag 2024-01-01
has "$T/out" "Styrelsen har ingen ordförande."
has "$T/out" "(inga uppdrag)"
run 1 "$FINSAM" --db "$T/a.db" forbund styrelse SV --dag 2024-02-30
has "$T/err" "finsam: dag: "

finish
