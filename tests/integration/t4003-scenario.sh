#!/bin/sh
# SPDX-License-Identifier: ISC
# finsam scenario against the real binary: merging förbund (one base
# allocation instead of several, keys unchanged, what the merged förbund
# takes at today's utilisation and at 100 %, the members' matching
# contributions, combined equity against trappan), a kommun leaving and
# joining, and refusals.  Nothing is stored.
. "$(dirname "$0")/lib.sh"
D="$FINSAM_SRC/tests/data/finance"
DB="$T/t.db"

run 0 "$FINSAM" --db "$DB" init
run 0 "$FINSAM" scenario --help
has "$T/out" "användning: finsam scenario sammanslagning"
run 0 "$FINSAM" --db "$DB" import forbund "$D/vektor-forbund.csv"
run 0 "$FINSAM" --db "$DB" import forsorjningsmatt "$D/vektor-forsorjningsmatt.csv"
run 0 "$FINSAM" --db "$DB" tilldelning parametrar spara --ar 2026 "$D/vektor-utnyttjande.json"
run 0 "$FINSAM" --db "$DB" ekonomi registrera --forbund A --ar 2024 ovriga=5144000 eget_kapital=1690000
run 0 "$FINSAM" --db "$DB" ekonomi registrera --forbund B --ar 2024 ovriga=6423000 eget_kapital=567000
n0=$(sqlite3 "$DB" 'select count(*) from logg')

run 0 "$FINSAM" --db "$DB" scenario sammanslagning --forbund A,B --fran 2026-01-01
has "$T/out" "A                           2   40,6250 %     3 975 000    100 %     3 975 000     3 975 000"
has "$T/out" "B                           1   23,7500 %     2 490 000     80 %     1 992 000     2 490 000"
has "$T/out" "A+B                         3   64,3750 %     6 322 500"
has "$T/out" "i dag 2 förbund med 2 grundbelopp (800 000 kr), efter ett förbund med ett grundbelopp (400 000 kr)"
has "$T/out" "Övriga 1 förbund: möjlig tilldelning tillsammans 3 535 000 kr i dag och 3 677 500 kr efter"
has "$T/out" "Eget kapital tillsammans 2 257 000 kr"
has "$T/out" "enhällighet"
has "$T/out" "06 Region (Jönköpings län)"
run 0 "$FINSAM" --db "$DB" scenario sammanslagning --forbund A,B --fran 2026-01-01 --format json
has "$T/out" '"scenario": "sammanslagning",'
has "$T/out" '"mojlig_tilldelning": 6322500,'
has "$T/out" '"tar_vid_100": 6322500,'
has "$T/out" '"efter": 3677500'

run 0 "$FINSAM" --db "$DB" scenario lamnar --forbund A --kommun 0617 --fran 2026-01-01 --format json
has "$T/out" '"scenario": "lamnar",'
has "$T/out" '"nyckel": 0.335714285714,'
run 0 "$FINSAM" --db "$DB" scenario gar-med --forbund A --kommun 0643 --fran 2026-01-01
has "$T/out" "Kommunen lämnar samtidigt C."
printf '%s\n%s\n' "$(head -1 "$D/vektor-forsorjningsmatt.csv")" \
    2024,0680,90000,1,1,1,1,1,1,1 >"$T/fm.csv"
run 0 "$FINSAM" --db "$DB" import forsorjningsmatt "$T/fm.csv"
run 0 "$FINSAM" --db "$DB" scenario gar-med --forbund A --kommun 0680 --fran 2026-01-01
has "$T/out" "Kommunen 0680 Jönköping går med i A från 2026-01-01."
has "$T/out" "0680 Jönköping"
run 1 "$FINSAM" --db "$DB" scenario gar-med --forbund A --kommun 0687 --fran 2026-01-01
has "$T/err" "finsam: forsorjningsmatt: uppgifter för 2024 saknas för kommunen 0687"

run 1 "$FINSAM" --db "$DB" scenario sammanslagning --forbund A --fran 2026-01-01
has "$T/err" "finsam: forbund: minst två förbund"
run 1 "$FINSAM" --db "$DB" scenario sammanslagning --forbund A,X --fran 2026-01-01
has "$T/err" "finsam: forbund: "
run 1 "$FINSAM" --db "$DB" scenario sammanslagning --forbund A,,B --fran 2026-01-01
has "$T/err" "finsam: forbund: "
run 1 "$FINSAM" --db "$DB" scenario sammanslagning --forbund A,B
has "$T/err" "fran: måste anges"
run 1 "$FINSAM" --db "$DB" scenario sammanslagning --forbund A,B --fran 2026-02-30
has "$T/err" "finsam: fran: "
run 1 "$FINSAM" --db "$DB" scenario lamnar --forbund B --kommun 0642 --fran 2026-01-01
has "$T/err" "finsam: kommun: förbundets sista kommun"
run 1 "$FINSAM" --db "$DB" scenario lamnar --forbund A --kommun 0642 --fran 2026-01-01
has "$T/err" "finsam: kommun: "
run 1 "$FINSAM" --db "$DB" scenario okand --forbund A
has "$T/err" "okänt scenario"
# A scenario stores nothing (not even an audit entry).
eq "$(sqlite3 "$DB" 'select count(*) from logg')" "$((n0 + 1))" "ingenting sparat utom importen"
eq "$(sqlite3 "$DB" 'select count(*) from tilldelning_berakning')" 0 "ingen beräkning"
finish
