#!/bin/sh
# SPDX-License-Identifier: ISC
# Linkage projects through the CLI: create, the pseudonymised
# participation file (only the spec's columns, no personnummer, mode
# 0600, never overwritten), the project key for the register holder,
# every export in the audit log, refusals that store nothing, and the
# whole chain export -> synthetic register -> berakna -> stored result.
. "$(dirname "$0")/lib.sh"
D="$FINSAM_SRC/tests/data/koppling"
DB="$T/k.db"

run 0 "$FINSAM" --db "$DB" init
run 0 "$FINSAM" --db "$DB" import forbund "$D/forbund.csv"
run 0 "$FINSAM" --db "$DB" import insatser "$D/insatser.csv"
run 0 "$FINSAM" --db "$DB" import deltagande "$D/deltagande_db.csv"

run 0 "$FINSAM" koppling --help
has "$T/out" "användning: finsam koppling"
run 1 "$FINSAM" koppling
run 1 "$FINSAM" koppling finnsinte
has "$T/err" "okänt kommando"

# Projects.
run 0 "$FINSAM" --db "$DB" koppling skapa --namn "FK 2024"
has "$T/out" "Kopplingsprojekt 1 skapat."
run 1 "$FINSAM" --db "$DB" koppling skapa --namn "FK 2024"
has "$T/err" "finsam: namn: "
run 1 "$FINSAM" --db "$DB" koppling skapa
has "$T/err" "namn: måste anges"
run 1 "$FINSAM" --db "$DB" koppling skapa --namn ""
has "$T/err" "finsam: namn: "
run 0 "$FINSAM" --db "$DB" koppling skapa --namn "SCB"
eq "$(sqlite3 "$DB" 'select count(*) from koppling_projekt')" 2 "projekt"

# The export: header, three rows, no personnummer.
run 0 "$FINSAM" --db "$DB" koppling exportera --projekt 1 --ut "$T/exp.csv"
has "$T/out" "Exporterade 3 deltaganden"
eq "$(head -1 "$T/exp.csv")" \
    "pseudonym,insats_kod,forbund_kod,kon,alder_vid_start,startdatum,slutdatum" \
    "rubrikrad"
eq "$(wc -l <"$T/exp.csv")" 4 "rader"
eq "$(stat -c %a "$T/exp.csv")" 600 "rättigheter"
lacks "$T/exp.csv" "8506121238"
lacks "$T/exp.csv" "9001012344"
lacks "$T/exp.csv" "5001012342"
lacks "$T/exp.csv" "felregistrering"
eq "$(cut -d, -f1 "$T/exp.csv" | tail -n +2 | grep -cE '^[0-9a-f]{32}$')" 3 \
    "pseudonymer"
has "$T/exp.csv" ",IT1,SF1,m,36,2022-02-01,2022-09-30"
eq "$(sqlite3 "$DB" "select count(*) from logg where handling = 'koppling.exportera' and utfall = 'ok'")" 1 "exporten loggad"
eq "$(sqlite3 "$DB" "select count(*) from koppling_export")" 1 "exporten sparad"

# Never overwritten; unknown project or förbund; bad dates.
run 1 "$FINSAM" --db "$DB" koppling exportera --projekt 1 --ut "$T/exp.csv"
has "$T/err" "finsam: ut: "
run 1 "$FINSAM" --db "$DB" koppling exportera --projekt 9 --ut "$T/x.csv"
has "$T/err" "finsam: projekt: "
run 1 "$FINSAM" --db "$DB" koppling exportera --projekt 1 --ut "$T/x.csv" \
    --forbund SF9
has "$T/err" "finsam: forbund: "
run 1 "$FINSAM" --db "$DB" koppling exportera --projekt 1 --ut "$T/x.csv" \
    --fran 2022-13-01
has "$T/err" "finsam: fran: "
run 1 "$FINSAM" --db "$DB" koppling exportera --projekt 1 --ut "$T/x.csv" \
    --fran 2023-01-01 --till 2022-01-01
has "$T/err" "finsam: till: "
[ -e "$T/x.csv" ] && fail "x.csv skapades" || ok
eq "$(sqlite3 "$DB" "select count(*) from koppling_export")" 1 "inget sparat"

# By name, with a selection; another project gives other pseudonyms.
run 0 "$FINSAM" --db "$DB" koppling exportera --projekt SCB --ut "$T/scb.csv" \
    --forbund SF1
has "$T/out" "Exporterade 2 deltaganden"
p1=$(grep ',2022-02-01,' "$T/exp.csv" | cut -d, -f1)
p2=$(grep ',2022-02-01,' "$T/scb.csv" | cut -d, -f1)
[ -n "$p1" ] && [ "$p1" != "$p2" ] && ok || fail "samma pseudonym i två projekt"

# The key for the register holder.
run 0 "$FINSAM" --db "$DB" koppling nyckel --projekt 1 --ut "$T/nyckel"
eq "$(stat -c %a "$T/nyckel")" 600 "nyckelns rättigheter"
eq "$(head -1 "$T/nyckel")" "finsam-kopplingsnyckel 1" "nyckelformat"
eq "$(sed -n 2p "$T/nyckel" | grep -cE '^[0-9a-f]{64}$')" 1 "nyckel hex"
run 1 "$FINSAM" --db "$DB" koppling nyckel --projekt 1 --ut "$T/nyckel"
has "$T/err" "finsam: ut: "
run 1 "$FINSAM" --db "$DB" koppling nyckel --projekt 7 --ut "$T/nyckel2"
has "$T/err" "finsam: projekt: "
[ -e "$T/nyckel2" ] && fail "nyckel2 skapades" || ok
eq "$(sqlite3 "$DB" "select count(*) from logg where handling = 'koppling.nyckel'")" 1 "nyckeln loggad"

# The chain: synthetic register for the exported file, then berakna
# with the result stored in the project.
run 0 "$FINSAM" generera register --deltagandefil "$T/exp.csv" \
    --perioder 3000 --seed 5 --ut "$T/reg"
has "$T/out" "3 deltaganden av 2 personer"
run 0 "$FINSAM" --db "$DB" koppling berakna --deltagande "$T/exp.csv" \
    --perioder "$T/reg/perioder.csv" --projekt 1 --min-antal 1 \
    --format json --ut "$T/rader.csv"
eq "$(jq .deltaganden "$T/out")" 3 "deltaganden i json"
eq "$(wc -l <"$T/rader.csv")" 25 "3 x 8 rader + rubrik"
run 0 "$FINSAM" --db "$DB" koppling resultat --projekt "FK 2024"
eq "$(jq .rapport "$T/out")" '"registerkoppling"' "sparat resultat"
run 0 "$FINSAM" --db "$DB" koppling lista
has "$T/out" "FK 2024"
run 0 "$FINSAM" --db "$DB" koppling lista --format json
eq "$(jq '.projekt[0].exporter' "$T/out")" 1 "antal exporter"
run 1 "$FINSAM" --db "$DB" koppling resultat --projekt 2
has "$T/err" "finsam: resultat: "

# Nothing identifying in the log.
lacks "$DB" "198506121238"
eq "$(sqlite3 "$DB" "select count(*) from logg where detaljer like '%19850612%'")" 0 "inga personnummer i loggen"
finish
