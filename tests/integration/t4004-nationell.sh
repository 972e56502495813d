#!/bin/sh
# SPDX-License-Identifier: ISC
# A national run through the CLI: 80 generated förbund over the 290
# kommuner, a generated försörjningsmått file, the allocation with the
# default parameters (frame 339 000 000), and the same bytes from
# berakna, the stored calculation, visa and a recomputation.
. "$(dirname "$0")/lib.sh"
DB="$T/t.db"

run 0 "$FINSAM" --db "$DB" init
run 0 "$FINSAM" generera --forbund 80 --deltagande 0 --seed 7 --ut "$T/gen"
run 0 "$FINSAM" --db "$DB" import forbund "$T/gen/forbund.csv"
has "$T/out" "80 rader: 80 nya"
run 0 "$FINSAM" tilldelning generera --ar 2024 --seed 7 --ut "$T/fm.csv"
run 0 "$FINSAM" --db "$DB" import forsorjningsmatt "$T/fm.csv"
has "$T/out" "290 rader: 290 nya"
run 0 "$FINSAM" --db "$DB" tilldelning berakna --ar 2026 --format json
cp "$T/out" "$T/cli.json"
has "$T/out" '"ram": 339000000,'
eq "$(grep -c '"forbund_kod"' "$T/cli.json")" 80 "80 förbund"
sum=$(sed -n 's/^ *"mojlig_tilldelning": \([0-9]*\),$/\1/p' "$T/cli.json" |
    awk '{s += $1} END {print s}')
eq "$sum" 339000000 "summan av möjlig tilldelning"
sum=$(sed -n 's/^ *"tilldelning": \([0-9]*\),$/\1/p' "$T/cli.json" |
    awk '{s += $1} END {print s}')
eq "$sum" 339000000 "summan av tilldelningen"
sqlite3 "$DB" 'select resultat from tilldelning_berakning where id = 1' >"$T/stored.json"
{ cat "$T/cli.json"; echo; } | cmp -s - "$T/stored.json" && ok || fail "lagrad JSON skiljer sig"
run 0 "$FINSAM" --db "$DB" tilldelning visa --id 1 --format json
cmp -s "$T/cli.json" "$T/out" && ok || fail "visa skiljer sig"
run 0 "$FINSAM" --db "$DB" tilldelning kontrollera --id 1
has "$T/out" "återskapad byte för byte"
eq "$(sqlite3 "$DB" 'select sum(mojlig) from tilldelning_rad')" 339000000 "tilldelning_rad"
# Next year the spärr reads this calculation.
run 0 "$FINSAM" --db "$DB" tilldelning berakna --ar 2027 --params /dev/stdin --prova <<'JSON'
{"dataar": 2024, "ram": 330000000}
JSON
has "$T/out" "(källa: sparad beräkning 1 för 2026)"
finish
