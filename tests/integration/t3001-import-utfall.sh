#!/bin/sh
# SPDX-License-Identifier: ISC
# The follow-up core from the command line: import the example files,
# refuse a bad file whole while listing every bad row, re-import without
# duplicates, and print the outcome report in every format.
. "$(dirname "$0")/lib.sh"
D="$FINSAM_SRC/tests/data/e2e"
DB="$T/e2e.db"
q() { sqlite3 "$DB" "$1"; }

run 0 "$FINSAM" --db "$DB" init
run 0 "$FINSAM" --db "$DB" import forbund "$D/forbund.csv"
has "$T/out" "3 rader: 3 nya"
run 0 "$FINSAM" --db "$DB" import insatser "$D/insatser.csv"
run 0 "$FINSAM" --db "$DB" import deltagande "$D/deltagande.csv"
has "$T/out" "140 rader: 140 nya, 0 ändrade, 0 oförändrade"
run 0 "$FINSAM" --db "$DB" import anonyma "$D/anonyma.csv"
eq "$(q 'select count(*) from deltagande')" 140 "deltaganden"
persons=$(q 'select count(*) from person')
# The same file again: nothing new.
run 0 "$FINSAM" --db "$DB" import deltagande "$D/deltagande.csv"
has "$T/out" "140 rader: 0 nya, 0 ändrade, 140 oförändrade"
eq "$(q 'select count(*) from deltagande')" 140 "inga dubbletter"
eq "$(q 'select count(*) from person')" "$persons" "inga nya personer"

# A bad file: every bad row listed, nothing stored, exit 1.
cat >"$T/fel.csv" <<'CSV'
insats_kod,personnummer,samtycke_datum,startdatum,slutdatum,avslutsanledning,arbete_efter
SV-IT,19121212-1212,2021-01-01,2021-01-01,,,
SV-IT,19121212-1213,2021-01-01,2021-01-01,,,
FINNS-INTE,19121212-1212,2021-01-01,2021-01-01,,,
SV-IT,19121212-1212,2021-01-01,2021-02-01,2021-01-15,planenligt,
SV-IT,19121212-1212,2021-01-01,2021-03-01,2021-04-01,,
SV-IT,19121212-1212,2021-01-01,2021-05-01,2021-06-01,arbete,140
CSV
run 1 "$FINSAM" --db "$DB" import deltagande "$T/fel.csv"
has "$T/err" "rad 3, kolumn personnummer"
has "$T/err" "rad 4, kolumn insats_kod"
has "$T/err" "rad 5, kolumn slutdatum"
has "$T/err" "rad 6, kolumn avslutsanledning"
has "$T/err" "rad 7, kolumn arbete_efter"
has "$T/err" "inget sparades"
lacks "$T/err" "1212"
eq "$(q 'select count(*) from deltagande')" 140 "inget sparades"

# The outcome report in every format.
P="--fran 2020-01-01 --till 2025-12-31"
run 0 "$FINSAM" --db "$DB" rapport utfall $P --riket
has "$T/out" "Antal unika"
has "$T/out" "Genomsnittlig inskrivningstid i dagar"
has "$T/out" "Kvinnor"
antal=$(q "select count(*) from deltagande where slutdatum between '2020-01-01' and '2025-12-31' and avslutsanledning <> 'felregistrering'")
run 0 "$FINSAM" --db "$DB" rapport utfall $P --riket --format json
tr -d ' \n' <"$T/out" >"$T/flat"
has "$T/flat" "\"antal\":{\"totalt\":{\"varde\":$antal}"
run 0 "$FINSAM" --db "$DB" rapport utfall $P --lan 06 --format csv
eq "$(head -c 3 "$T/out" | od -An -tx1 | tr -d ' ')" efbbbf "BOM i csv"
has "$T/out" ";"
run 0 "$FINSAM" --db "$DB" rapport utfall $P --forbund SV --format csv-plain
lacks "$T/out" ";"
run 1 "$FINSAM" --db "$DB" rapport utfall $P --forbund FINNS
has "$T/err" "forbund: "
run 1 "$FINSAM" --db "$DB" rapport utfall --fran 2025-01-01 --till 2024-01-01
has "$T/err" "till: "
run 1 "$FINSAM" --db "$DB" rapport utfall --fran 2025-02-30 --till 2025-12-31
has "$T/err" "fran: "

# De-identification keeps the participations in the report.
pnr=$(awk -F, 'NR > 1 && length($2) == 12 { print $2; exit }' "$D/deltagande.csv")
echo "$pnr" | run 0 "$FINSAM" --db "$DB" deltagare visa --personnummer -
has "$T/out" "insats"
echo "$pnr" | run 0 "$FINSAM" --db "$DB" deltagare avidentifiera \
    --personnummer - --orsak samtycke_aterkallat
has "$T/out" "Avidentifierade"
nde=$(sed -n 's/^Avidentifierade \([0-9]*\) deltaganden.*/\1/p' "$T/out")
eq "$(q 'select count(*) from deltagande')" 140 "inget raderat"
run 0 "$FINSAM" --db "$DB" rapport utfall $P --riket --format json
tr -d ' \n' <"$T/out" >"$T/flat"
has "$T/flat" "\"antal\":{\"totalt\":{\"varde\":$antal}"
echo "$pnr" | run 0 "$FINSAM" --db "$DB" deltagare visa --personnummer -
has "$T/out" "Inga deltaganden"
# Every participation read is logged by id; so is the search that
# found nothing.
eq "$(q "select count(*) from logg where handling = 'deltagande.las' and objekt like 'deltagande %'")" "$nde" "läsningar loggade per deltagande"
eq "$(q "select count(*) from logg l where handling = 'deltagande.las' and objekt like 'deltagande %' and cast(substr(objekt, 12) as integer) in (select id from deltagande where avidentifierad = 1)")" "$nde" "loggade id:n är personens deltaganden"
eq "$(q "select count(*) from logg where handling = 'deltagande.las' and objekt = 'person (ingen träff)'")" 1 "tom sökning loggad"

# Insatser that ended without a decision are flagged until one is made.
run 0 "$FINSAM" --db "$DB" insats lista --forbund FV
has "$T/out" "! FV-KART"
run 1 "$FINSAM" --db "$DB" insats beslut FV-KART --forbund FV \
    --beslut implementerad
has "$T/err" "beslut_medlem: "
run 1 "$FINSAM" --db "$DB" insats beslut FV-KART --forbund FV \
    --beslut glomt
has "$T/err" "beslut: "
run 0 "$FINSAM" --db "$DB" insats beslut FV-KART --forbund FV \
    --beslut implementerad --medlem 0662 --fran 2023-07-01
run 0 "$FINSAM" --db "$DB" insats lista --forbund FV
lacks "$T/out" "! FV-KART"
has "$T/out" "implementerad"
eq "$(q "select beslut_medlem from insats where kod = 'FV-KART'")" 0662 "beslutet sparat"

finish
