#!/bin/sh
# SPDX-License-Identifier: ISC
# finsam utvardering: the kommun panel from a file with joining years
# from the dated memberships, the difference-in-differences analysis on
# it and on a panel file (ATT(2011, 2011) = 2 as worked out in
# tests/unit/test_utvardering_did.c), the stored result, the event-study
# chart, and bad input that names the field and stores nothing.
. "$(dirname "$0")/lib.sh"
D="$FINSAM_SRC/tests/data/koppling"
DB="$T/u.db"

run 0 "$FINSAM" utvardering --help
has "$T/out" "användning: finsam utvardering"
run 0 "$FINSAM" --db "$DB" init
run 0 "$FINSAM" --db "$DB" import forbund "$D/forbund.csv"

# No försörjningsmått yet.
run 1 "$FINSAM" --db "$DB" utvardering panel
has "$T/err" "finsam: forsorjningsmatt: "

# A bad panel file stores nothing.
run 1 "$FINSAM" --db "$DB" utvardering panel --fil "$D/panel_fel.csv"
has "$T/err" "finsam: kommunkod: panelfilen, rad 3: "
eq "$(sqlite3 "$DB" 'select count(*) from utvardering_panel')" 0 "inget sparat"

run 0 "$FINSAM" --db "$DB" utvardering panel --fil "$D/panel.csv"
has "$T/out" "Panelen: 1 utfall, 4 kommuner, år 2009–2012, 16 värden."
has "$T/out" "2011: 2 kommuner"
has "$T/out" "2014: 1 kommuner"
has "$T/out" "aldrig: 287 kommuner"
run 0 "$FINSAM" --db "$DB" utvardering panel --lista
has "$T/out" "andel_sp"

# DiD on the stored panel.
run 0 "$FINSAM" --db "$DB" utvardering did --utfall andel_sp --bootstrap 0 \
    --min-kohort 1 --format json --svg "$T/es.svg"
eq "$(jq '.att_gt[] | select(.kohort == 2011 and .ar == 2011) | .att' "$T/out")" 2 "ATT(2011,2011)"
eq "$(jq '.att_gt[] | select(.kohort == 2011 and .ar == 2011) | .se' "$T/out")" 0.5 "se"
eq "$(jq '.att_gt[] | select(.kohort == 2011 and .ar == 2011) | .n_kontroll' "$T/out")" 2 "kontroller"
eq "$(jq .total.att "$T/out")" 2.75 "total"
eq "$(jq '.handelsestudie | length' "$T/out")" 3 "händelsestudien"
has "$T/es.svg" "<svg"
eq "$(sqlite3 "$DB" "select count(*) from utvardering_resultat where utfall = 'andel_sp'")" 1 "resultatet sparat"
run 0 "$FINSAM" --db "$DB" utvardering did --utfall andel_sp
has "$T/out" "Total effekt"
has "$T/out" "kohort 2011 har bara 2 enheter"
has "$T/out" "multiplikator-bootstrap (999 dragningar, frö 1"

# The panel out as enhet,ar,y,kohort and back in through --panel.
run 0 "$FINSAM" --db "$DB" utvardering panel --utfall andel_sp --ut "$T/p.csv"
has "$T/p.csv" "0180,2011,5,2011"
has "$T/p.csv" "1281,2011,2,"
run 0 "$FINSAM" utvardering did --panel "$T/p.csv" --bootstrap 0 \
    --format json
eq "$(jq .total.att "$T/out")" 2.75 "samma total från filen"

# A panel file without a database.
run 0 "$FINSAM" utvardering did --panel "$D/did_panel.csv" --bootstrap 0 \
    --kontroll annu_inte --format json
eq "$(jq '.att_gt[] | select(.ar == 2012) | .att' "$T/out")" 3.5 "ATT(2011,2012)"
eq "$(jq -r .kontroll "$T/out")" annu_inte "kontrollgrupp"
run 0 "$FINSAM" utvardering did --panel "$D/did_panel.csv" --bootstrap 200 \
    --seed 7 --format json
cp "$T/out" "$T/b1.json"
run 0 "$FINSAM" utvardering did --panel "$D/did_panel.csv" --bootstrap 200 \
    --seed 7 --format json
cmp -s "$T/out" "$T/b1.json" && ok || fail "bootstrap inte deterministisk"

# Bad input.
run 1 "$FINSAM" utvardering did --panel "$D/did_panel.csv" --kontroll nagon
has "$T/err" "finsam: kontroll: "
run 1 "$FINSAM" utvardering did --panel "$D/did_panel.csv" --bootstrap -1
has "$T/err" "finsam: bootstrap: "
run 1 "$FINSAM" utvardering did --panel "$D/panel.csv"
has "$T/err" "finsam: panel: "
run 1 "$FINSAM" utvardering did
has "$T/err" "ange antingen --utfall eller --panel"
run 1 "$FINSAM" --db "$DB" utvardering did --utfall finns_inte
has "$T/err" "finsam: utfall: "
run 1 "$FINSAM" --db "$DB" utvardering panel --utfall andel_sp
has "$T/err" "--utfall och --ut"
finish
