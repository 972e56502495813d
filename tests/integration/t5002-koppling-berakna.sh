#!/bin/sh
# SPDX-License-Identifier: ISC
# finsam koppling berakna on the hand-built files of tests/data/koppling
# (the numbers are worked out in tests/unit/test_koppling_berakna.c):
# the per-participation file, the aggregates in every format, the
# chart, the progress on stderr, standard input, and bad input that
# names the field and the line and writes nothing.
. "$(dirname "$0")/lib.sh"
D="$FINSAM_SRC/tests/data/koppling"

run 0 "$FINSAM" koppling berakna --help
has "$T/out" "användning: finsam koppling berakna"
run 0 "$FINSAM" koppling berakna --deltagande "$D/deltagande.csv" \
    --perioder "$D/perioder.csv" --ut "$T/ut.csv" --min-antal 1 \
    --svg "$T/a.svg" --xlsx "$T/a.xlsx"
has "$T/out" "Sjukpenning: -42,8 dagar"
has "$T/out" "Deltaganden: 4, varav med båda fönstren fullständiga: 2"
has "$T/out" "1 pågående, 1 med efterfönstret ännu inte täckt"
has "$T/out" "t.o.m. 2021-12-31"
has "$T/err" "100 % av periodfilen"
has "$T/ut.csv" "a1,I1,2020-03-01,2020-08-31,sjukpenning,85.5,0,1,1"
has "$T/ut.csv" "a1,I1,2020-03-01,2020-08-31,rehabiliteringspenning,0,26.25,1,1"
has "$T/ut.csv" "a1,I2,2021-01-01,2021-03-31,sjukersattning,0,214,1,0"
has "$T/ut.csv" "b2,I1,2020-05-01,2020-06-30,aktivitetsersattning,365,365,1,1"
has "$T/ut.csv" "c3,I1,2021-02-01,,forsorjningsstod,0,0,1,0"
eq "$(wc -l <"$T/ut.csv")" 33 "4 x 8 rader + rubrik"
eq "$(stat -c %a "$T/ut.csv")" 600 "rättigheter"
has "$T/a.svg" "<svg"
has "$T/a.svg" "</svg>"
eq "$(head -c 2 "$T/a.xlsx")" "PK" "xlsx"

# Formats.
run 0 "$FINSAM" koppling berakna --deltagande "$D/deltagande.csv" \
    --perioder "$D/perioder.csv" --min-antal 1 --format csv
has "$T/out" "sjukpenning;alla;alla;alla;2;1;0;42,75;"
run 0 "$FINSAM" koppling berakna --deltagande "$D/deltagande.csv" \
    --perioder "$D/perioder.csv" --min-antal 1 --format csv-plain
has "$T/out" "sjukpenning,alla,alla,alla,2,1,0,42.75,"
run 0 "$FINSAM" koppling berakna --deltagande "$D/deltagande.csv" \
    --perioder "$D/perioder.csv" --min-antal 1 --format json
eq "$(jq '.celler[] | select(.forman == "sjukpenning" and .kon == "alla" and .forbund == "alla" and .aldersgrupp == "alla") | .forandring.medel' "$T/out")" \
    -42.75 "förändring i json"
eq "$(jq .uteslutna.efter_ofullstandigt "$T/out")" 1 "uteslutna"

# Coverage given: P2's after-window is then complete.
run 0 "$FINSAM" koppling berakna --deltagande "$D/deltagande.csv" \
    --perioder "$D/perioder.csv" --min-antal 1 --format json \
    --tackning-tom 2022-03-31
eq "$(jq .anvanda "$T/out")" 3 "med täckning till 2022-03-31"

# Suppression by default: a table of two participations shows nothing.
run 0 "$FINSAM" koppling berakna --deltagande "$D/deltagande.csv" \
    --perioder "$D/perioder.csv"
has "$T/out" "<5"
lacks "$T/out" "42,8"

# Standard input and several threads.
"$FINSAM" koppling berakna --deltagande "$D/deltagande.csv" \
    --perioder - --min-antal 1 --format csv-plain <"$D/perioder.csv" \
    >"$T/stdin.out" 2>"$T/err" && ok || fail "standard in"
has "$T/stdin.out" "sjukpenning,alla,alla,alla,2,1,0,42.75,"
run 0 "$FINSAM" koppling berakna --deltagande "$D/deltagande.csv" \
    --perioder "$D/perioder.csv" --min-antal 1 --format csv-plain \
    --tradar 4
has "$T/out" "sjukpenning,alla,alla,alla,2,1,0,42.75,"

# Bad input: the field and the line, and no output file.
run 1 "$FINSAM" koppling berakna --deltagande "$D/deltagande.csv" \
    --perioder "$D/perioder_fel.csv" --ut "$T/fel.csv"
has "$T/err" "finsam: omfattning: periodfilen, rad 3: måste vara 25, 50, 75 eller 100"
eq "$(grep -c '^finsam:' "$T/err")" 1 "en felrad"
[ -e "$T/fel.csv" ] && fail "fel.csv skapades" || ok
run 1 "$FINSAM" koppling berakna --deltagande "$D/perioder.csv" \
    --perioder "$D/perioder.csv"
has "$T/err" "finsam: deltagande: "
run 1 "$FINSAM" koppling berakna --deltagande "$D/deltagande.csv" \
    --perioder "$T/finns-inte.csv"
has "$T/err" "finsam: perioder: periodfilen kan inte öppnas"
run 1 "$FINSAM" koppling berakna --deltagande "$D/deltagande.csv"
has "$T/err" "perioder: måste anges"
run 1 "$FINSAM" koppling berakna --deltagande "$D/deltagande.csv" \
    --perioder "$D/perioder.csv" --tackning-tom 2021-02-30
has "$T/err" "finsam: tackning-tom: "
run 1 "$FINSAM" koppling berakna --deltagande "$D/deltagande.csv" \
    --perioder "$D/perioder.csv" --min-antal 0
has "$T/err" "finsam: min-antal: "
run 1 "$FINSAM" koppling berakna --deltagande "$D/deltagande.csv" \
    --perioder "$D/perioder.csv" --format xml
has "$T/err" "format: "
printf 'pseudonym,forman,from,tom,omfattning\na1,sjukpenning,2019-01-01,2019-01-31,100\n19850612-1238,sjukpenning,2019-01-01,2019-01-31,100\n' >"$T/pnr.csv"
run 1 "$FINSAM" koppling berakna --deltagande "$D/deltagande.csv" \
    --perioder "$T/pnr.csv"
has "$T/err" "finsam: pseudonym: periodfilen, rad 3: ser ut som ett personnummer"
lacks "$T/err" "19850612"
printf 'pseudonym,insats_kod,forbund_kod,kon,alder_vid_start,startdatum,slutdatum\n8506121238,I1,F1,k,35,2020-03-01,\n' >"$T/dpnr.csv"
run 1 "$FINSAM" koppling berakna --deltagande "$T/dpnr.csv" \
    --perioder "$D/perioder.csv"
has "$T/err" "finsam: pseudonym: deltagandefilen, rad 2: ser ut som ett personnummer"
lacks "$T/err" "8506121238"
finish
