#!/bin/sh
# SPDX-License-Identifier: ISC
# finsam tilldelning against the real binary: the finance.md vector to
# the krona through import, berakna and the stored calculation (keys,
# possible allocation, spärr, utilisation, over-subscription), the
# JSON of berakna, visa and the stored row being the same bytes,
# kontrollera, CSV and XLSX, parameter versions, applications, and bad
# input that names the field and stores nothing.
. "$(dirname "$0")/lib.sh"
D="$FINSAM_SRC/tests/data/finance"
DB="$T/t.db"

run 0 "$FINSAM" --db "$DB" init
run 0 "$FINSAM" tilldelning --help
has "$T/out" "användning: finsam tilldelning"
for c in berakna visa kontrollera lista parametrar ansokan generera; do
	run 0 "$FINSAM" tilldelning "$c" --help
	has "$T/out" "användning: finsam tilldelning $c"
done
run 0 "$FINSAM" import --help
has "$T/out" "forsorjningsmatt"
run 0 "$FINSAM" --db "$DB" import forbund "$D/vektor-forbund.csv"

# A bad försörjningsmått file: every bad row named, nothing stored.
run 1 "$FINSAM" --db "$DB" import forsorjningsmatt "$D/fel-forsorjningsmatt.csv"
has "$T/err" "rad 3, kolumn kommunkod:"
has "$T/err" "rad 4, kolumn sjukpenning: beloppen får inte vara negativa"
has "$T/err" "rad 5, kolumn kommunkod: kommunen står redan i filen"
eq "$(sqlite3 "$DB" 'select count(*) from forsorjningsmatt')" 0 "inget sparat"
run 0 "$FINSAM" --db "$DB" import forsorjningsmatt "$D/vektor-forsorjningsmatt.csv"
has "$T/out" "5 rader: 5 nya"
run 0 "$FINSAM" --db "$DB" import forsorjningsmatt "$D/vektor-forsorjningsmatt.csv"
has "$T/out" "5 oförändrade"

# Missing data year: a clear error, nothing stored.
run 1 "$FINSAM" --db "$DB" tilldelning berakna --ar 2025
has "$T/err" "finsam: forsorjningsmatt: uppgifter för 2023 saknas"
eq "$(sqlite3 "$DB" 'select count(*) from tilldelning_berakning')" 0 "ingen beräkning"

# Bad parameters: the field and the rule, nothing stored.
run 1 "$FINSAM" --db "$DB" tilldelning berakna --ar 2026 --params "$D/fel-params.json"
has "$T/err" "finsam: vikt_befolkning: vikterna"
echo '{"ram": 10000000, "okänd": 1}' >"$T/okand.json"
run 1 "$FINSAM" --db "$DB" tilldelning berakna --ar 2026 --params "$T/okand.json"
has "$T/err" "okänd nyckel"
echo '{"ram": 10000000, "forbund": {"X": {"utnyttjandegrad": 50}}}' >"$T/x.json"
run 1 "$FINSAM" --db "$DB" tilldelning berakna --ar 2026 --params "$T/x.json"
has "$T/err" "finsam: forbund.X: "
run 1 "$FINSAM" --db "$DB" tilldelning berakna --ar 2026 --params "$T/finns-inte.json"
has "$T/err" "finsam: params: "
run 1 "$FINSAM" --db "$DB" tilldelning berakna --ar 26
has "$T/err" "finsam: ar: "
run 1 "$FINSAM" --db "$DB" tilldelning berakna --ar 2026 --format pdf
has "$T/err" "format"
eq "$(sqlite3 "$DB" 'select count(*) from tilldelning_berakning')" 0 "ingen beräkning"
eq "$(sqlite3 "$DB" 'select count(*) from tilldelning_parametrar')" 0 "inga parametrar"

# The vector with the spärr: B held at 90 % of 3 000 000.
run 0 "$FINSAM" --db "$DB" tilldelning berakna --ar 2026 --params "$D/vektor-params.json" --format json
cp "$T/out" "$T/berakna.json"
has "$T/out" '"ram": 10000000,'
has "$T/out" '"nyckel": 0.40625,'
has "$T/out" '"nyckel": 0.2375,'
has "$T/out" '"nyckel": 0.35625,'
has "$T/out" '"mojlig_tilldelning": 3863115,'
has "$T/out" '"mojlig_tilldelning": 2700000,'
has "$T/out" '"mojlig_tilldelning": 3436885,'
has "$T/err" "sparades som nummer 1"
eq "$(grep -c '"forbund_kod"' "$T/out")" 3 "tre förbund"
# The stored result is the same bytes, and recomputes to them.
# (sqlite3 ends every value with a newline of its own.)
sqlite3 "$DB" 'select resultat from tilldelning_berakning where id = 1' >"$T/stored.json"
{ cat "$T/berakna.json"; echo; } | cmp -s - "$T/stored.json" && ok || fail "lagrad JSON skiljer sig"
run 0 "$FINSAM" --db "$DB" tilldelning visa --id 1 --format json
cmp -s "$T/berakna.json" "$T/out" && ok || fail "visa --format json skiljer sig"
run 0 "$FINSAM" --db "$DB" tilldelning kontrollera --id 1
has "$T/out" "återskapad byte för byte"
run 1 "$FINSAM" --db "$DB" tilldelning kontrollera --id 9
has "$T/err" "finsam: id: "
# The log of one förbund: why did we get this amount.
run 0 "$FINSAM" --db "$DB" tilldelning visa --id 1 --forbund B
has "$T/out" "Nyckel: 75 % × 25,0000 % + 25 % × 20,0000 % = 23,7500 %."
has "$T/out" "golvet är 90 % av den = 2 700 000 kr"
has "$T/out" "Tilldelning 2026: 2 700 000 kr."
lacks "$T/out" "A – Förbund A"
run 0 "$FINSAM" --db "$DB" tilldelning visa --id 1 --format csv
has "$T/out" "A;Förbund A;2;400000;85000;0,406250000000;3975000"
run 0 "$FINSAM" --db "$DB" tilldelning visa --id 1 --format xlsx --ut "$T/t.xlsx"
[ -s "$T/t.xlsx" ] && ok || fail "ingen xlsx"
head -c 2 "$T/t.xlsx" | grep -q PK && ok || fail "xlsx är ingen zip-fil"
# A second later: the workbook must not depend on the clock.
sleep 1
"$FINSAM" --db "$DB" tilldelning visa --id 1 --format xlsx >"$T/t2.xlsx" 2>/dev/null
cmp -s "$T/t.xlsx" "$T/t2.xlsx" && ok || fail "xlsx till standard ut skiljer sig"

# The same parameters are not stored twice; new ones are a new version.
run 0 "$FINSAM" --db "$DB" tilldelning berakna --ar 2026 --params "$D/vektor-params.json" --prova --format json
cmp -s "$T/berakna.json" "$T/out" && ok || fail "--prova gav annat resultat"
eq "$(sqlite3 "$DB" 'select count(*) from tilldelning_berakning')" 1 "--prova sparar inget"
run 0 "$FINSAM" --db "$DB" tilldelning parametrar visa --ar 2026
has "$T/out" '"foregaende": 3000000'
has "$T/out" '"sparr_procent": 10,'

# Utilisation 100 / 80 / 55 % and over-subscription.
run 0 "$FINSAM" --db "$DB" tilldelning berakna --ar 2026 --params "$D/vektor-utnyttjande.json" --format json
has "$T/out" '"tilldelning": 3975000,'
has "$T/out" '"tilldelning": 1992000,'
has "$T/out" '"tilldelning": 1944250,'
run 0 "$FINSAM" --db "$DB" tilldelning visa --id 2
has "$T/out" "Ej utnyttjat: 2 088 750 kr."
run 0 "$FINSAM" --db "$DB" tilldelning berakna --ar 2026 --params "$D/vektor-overteckning.json" --format json
has "$T/out" '"tilldelning": 3893242,'
has "$T/out" '"tilldelning": 2644466,'
has "$T/out" '"tilldelning": 3462292,'
eq "$(sqlite3 "$DB" 'select count(*) from tilldelning_parametrar where ar = 2026')" 3 "tre versioner"
run 0 "$FINSAM" --db "$DB" tilldelning lista --ar 2026
has "$T/out" "  2026          3"

# Applications recorded in the database are used without --params.
run 0 "$FINSAM" --db "$DB" tilldelning parametrar spara --ar 2026 "$D/vektor-params.json"
has "$T/out" "version 4"
run 0 "$FINSAM" --db "$DB" tilldelning ansokan --forbund C --ar 2026 --utnyttjandegrad 55
run 1 "$FINSAM" --db "$DB" tilldelning ansokan --forbund C --ar 2026 --utnyttjandegrad 155
has "$T/err" "finsam: utnyttjandegrad: "
run 1 "$FINSAM" --db "$DB" tilldelning ansokan --forbund Q --ar 2026 --belopp 5
has "$T/err" "finsam: forbund: "
run 0 "$FINSAM" --db "$DB" tilldelning berakna --ar 2026 --prova
has "$T/out" "Ansökan: utnyttjandegrad 55 % (källa: registrerad ansökan)"

# A synthetic national file: 290 kommuner, the same bytes every time.
run 0 "$FINSAM" tilldelning generera --ar 2024 --seed 3 --ut "$T/fm1.csv"
run 0 "$FINSAM" tilldelning generera --ar 2024 --seed 3 --ut "$T/fm2.csv"
cmp -s "$T/fm1.csv" "$T/fm2.csv" && ok || fail "generera är inte deterministisk"
eq "$(wc -l <"$T/fm1.csv")" 291 "rader"
finish
