#!/bin/sh
# SPDX-License-Identifier: ISC
# finsam ekonomi against the real binary: the Jönköping 2019 accounts of
# seed 003 (results, equity ratios, trappan: Finnveden 661,2 tkr above
# the first step, Höglandet within), budget against outcome, kronor per
# inhabitant, the contributions vector with largest remainder, the
# calendar, and refusals that name the field and store nothing.
. "$(dirname "$0")/lib.sh"
D="$FINSAM_SRC/tests/data/finance"
DB="$T/t.db"

run 0 "$FINSAM" --db "$DB" init
run 0 "$FINSAM" ekonomi --help
has "$T/out" "användning: finsam ekonomi"
for c in registrera visa oversikt trappan bidrag kalender handelse; do
	run 0 "$FINSAM" ekonomi "$c" --help
	has "$T/out" "användning: finsam ekonomi $c"
done
run 0 "$FINSAM" --db "$DB" import forbund "$D/jonkoping-forbund.csv"

# Bokslut 2019 (tkr), as in seed 003 section 3.3.
run 0 "$FINSAM" --db "$DB" ekonomi registrera --forbund HL --ar 2019 --tkr \
    stat=3205 region=1603 kommun=1602 ovriga=13 insatser=5000 \
    administration=1400 styrelse=170 revision=82 eget_kapital=567
run 0 "$FINSAM" --db "$DB" ekonomi registrera --forbund SV --ar 2019 --tkr \
    stat=3036 region=1518 kommun=1518 esf=946 insatser=6500 \
    administration=1400 styrelse=170 revision=81 eget_kapital=989
run 0 "$FINSAM" --db "$DB" ekonomi registrera --forbund FV --ar 2019 --tkr \
    stat=2570 region=1285 kommun:0662=500 kommun:0665=385 kommun:0683=400 \
    ovriga=4 insatser=4400 administration=1000 styrelse=143 revision=81 \
    eget_kapital=1690
has "$T/out" "11 belopp registrerade i bokslutet 2019 för FV"

run 0 "$FINSAM" --db "$DB" ekonomi oversikt --ar 2019 --lan 06
has "$T/out" "FV            5 144 000    5 624 000     -480 000    1 690 000    33 %    1 028 800      661 200"
has "$T/out" "HL            6 423 000    6 652 000     -229 000      567 000     9 %    1 284 600            –"
has "$T/out" "SV            7 018 000    8 151 000   -1 133 000      989 000    14 %"
has "$T/out" "Summa        18 585 000   20 427 000   -1 842 000    3 246 000    17 %"
has "$T/out" "(antagande)"
run 0 "$FINSAM" --db "$DB" ekonomi oversikt --ar 2019 --format json
has "$T/out" '"eget_kapital_andel_procent": 33,'
has "$T/out" '"overskott": 661200,'
has "$T/out" '"resultat": -1842000,'

run 0 "$FINSAM" --db "$DB" ekonomi visa --forbund FV --ar 2019
has "$T/out" "Eget kapital 1 690 000 kr är över nivån med 661 200 kr."
has "$T/out" "Rimlig nivå för intäkterna 5 144 000 kr: 1 028 800 kr."
run 0 "$FINSAM" --db "$DB" ekonomi visa --forbund HL --ar 2019 --format json
has "$T/out" '"over": false,'
run 0 "$FINSAM" --db "$DB" ekonomi trappan --forbund FV --ar 2019 --format json
has "$T/out" '"niva": 1028800,'
has "$T/out" '"overskott": 661200,'
# Södra Vätterbygden is above 7 mnkr: flat 15 % (assumed) or marginal.
run 0 "$FINSAM" --db "$DB" ekonomi trappan --intakter 7018000 --kapital 989000
has "$T/out" "1 052 700 kr (antaget steg)"
run 0 "$FINSAM" --db "$DB" ekonomi trappan --intakter 7018000 --kapital 989000 --lage marginal
has "$T/out" "1 402 700 kr"
run 0 "$FINSAM" --db "$DB" ekonomi trappan --intakter 7018000 --kapital 989000 --band 8000000:10,:5
has "$T/out" "701 800 kr"
has "$T/out" "över nivån med 287 200 kr"
run 1 "$FINSAM" --db "$DB" ekonomi trappan --intakter 7018000 --kapital 989000 --band 8000000:10,5000000:5,:1
has "$T/err" "finsam: trappan.band.till: "

# Budget against outcome and kronor per inhabitant 16-64.
run 0 "$FINSAM" --db "$DB" ekonomi registrera --forbund FV --ar 2019 --budget \
    stat=2570000 region=1285000 kommun=1285000 insatser=4800000 \
    administration=900000
cat >"$T/fm.csv" <<'CSV'
ar,kommunkod,befolkning_16_64,sjukpenning,aktivitetsersattning,sjukersattning,a_kassa,aktivitetsstod,etableringsersattning,forsorjningsstod
2019,0662,17000,1,1,1,1,1,1,1
2019,0665,7300,1,1,1,1,1,1,1
2019,0683,20000,1,1,1,1,1,1,1
CSV
run 0 "$FINSAM" --db "$DB" import forsorjningsmatt "$T/fm.csv"
run 0 "$FINSAM" --db "$DB" ekonomi visa --forbund FV --ar 2019
has "$T/out" "  Insatser                           4 800 000     4 400 000      -400 000"
has "$T/out" "Statligt bidrag per invånare 16–64 år: 58 kr (2 570 000 kr / 44 300 invånare 2019)."

# Refusals name the field and store nothing.
n0=$(sqlite3 "$DB" 'select count(*) from ekonomi_post')
run 1 "$FINSAM" --db "$DB" ekonomi registrera --forbund FV --ar 2019 stat=1 insatser=-5
has "$T/err" "finsam: kostnad_insatser: "
run 1 "$FINSAM" --db "$DB" ekonomi registrera --forbund FV --ar 2019 stat=1 kommun:0604=5
has "$T/err" "finsam: medlem: "
run 1 "$FINSAM" --db "$DB" ekonomi registrera --forbund FV --ar 2019 stat=1 lon=5
has "$T/err" "finsam: post: "
run 1 "$FINSAM" --db "$DB" ekonomi registrera --forbund FV --ar 2019 stat=ett
has "$T/err" "finsam: intakt_stat: "
run 1 "$FINSAM" --db "$DB" ekonomi registrera --forbund XX --ar 2019 stat=1
has "$T/err" "finsam: forbund: "
eq "$(sqlite3 "$DB" 'select count(*) from ekonomi_post')" "$n0" "inget sparat"

# Contributions: the finance.md vector for A at 100 %.
DB2="$T/v.db"
run 0 "$FINSAM" --db "$DB2" init
run 0 "$FINSAM" --db "$DB2" import forbund "$D/vektor-forbund.csv"
run 0 "$FINSAM" --db "$DB2" import forsorjningsmatt "$D/vektor-forsorjningsmatt.csv"
run 0 "$FINSAM" --db "$DB2" ekonomi bidrag --forbund A --ar 2026 --statligt 3975000 --format json
has "$T/out" '"stat": 3975000,'
has "$T/out" '"region": 1987500,'
has "$T/out" '"kommuner": 1987500,'
has "$T/out" '"totalt": 7950000,'
has "$T/out" '"belopp": 1402941'
has "$T/out" '"belopp": 584559'
run 0 "$FINSAM" --db "$DB2" tilldelning berakna --ar 2026 --params "$D/vektor-params.json" --format json
run 0 "$FINSAM" --db "$DB2" ekonomi bidrag --forbund C --ar 2026 --utnyttjandegrad 55 --fordelning andelar --andelar 0643:1,0662:2
has "$T/out" "Statens andel (Försäkringskassan): 1 890 287 kr"
has "$T/out" "Regionen (hälften av statens andel): 945 144 kr"
has "$T/out" "Förbundets budget (stat, region och kommuner): 3 780 574 kr"
run 1 "$FINSAM" --db "$DB2" ekonomi bidrag --forbund C --ar 2026 --fordelning andelar --andelar 0643:1
has "$T/err" "finsam: andelar: andel saknas för medlemskommunen 0662"
run 1 "$FINSAM" --db "$DB2" ekonomi bidrag --forbund C --ar 2026 --statligt 5 --utnyttjandegrad 50
has "$T/err" "finsam: statligt: "

# Calendar: due and late.
run 0 "$FINSAM" --db "$DB" ekonomi handelse --forbund FV --ar 2020 --handelse samrad --datum 2019-10-01
run 0 "$FINSAM" --db "$DB" ekonomi handelse --forbund FV --ar 2020 --handelse budget --datum 2019-11-28
run 0 "$FINSAM" --db "$DB" ekonomi handelse --forbund FV --ar 2019 --handelse ansvarsfrihet --medlem 0662 --datum 2020-05-12
run 1 "$FINSAM" --db "$DB" ekonomi handelse --forbund FV --ar 2019 --handelse ansvarsfrihet --medlem 0604 --datum 2020-05-12
has "$T/err" "finsam: medlem: "
run 1 "$FINSAM" --db "$DB" ekonomi handelse --forbund FV --ar 2019 --handelse bokslut --datum 2020-05-12
has "$T/err" "handelse"
run 0 "$FINSAM" --db "$DB" ekonomi kalender --forbund FV --idag 2020-04-15
has "$T/out" "FÖRSENAD  Årsredovisning 2019 ska vara klar senast 2020-03-31"
has "$T/out" "klar      Budget 2020 fastställd av styrelsen 2019-11-28"
has "$T/out" "Ansvarsfrihet 2019: Gislaved beslutade 2020-05-12 (beviljad)."
has "$T/out" "väntar    Ansvarsfrihet 2019: beslut från Värnamo saknas"
run 0 "$FINSAM" --db "$DB" ekonomi kalender --forbund FV --idag 2020-04-15 --format json
has "$T/out" '"forsenade": 1,'
has "$T/out" '"status": "forsenad",'
finish
