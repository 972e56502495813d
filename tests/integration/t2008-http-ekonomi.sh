#!/bin/sh
# SPDX-License-Identifier: ISC
# A förbund's money over HTTP (issue 4): contributions, the stored
# kommun split, accounts and budget with trappan, the calendar, the
# merger and kommun scenarios and the allocation chart, each answered
# with the same bytes as the command line's --format json for the same
# inputs, the figures checked against values worked out here by hand
# (the finance.md trappan vector, largest-remainder splits); bad input
# refused with {"fel": {"kod", "meddelande", "falt"}} naming the field,
# and nothing stored.
. "$(dirname "$0")/http_lib.sh"

make_db || { fail "databasen"; finish; exit 1; }
make_users
{
	echo "ar,kommunkod,befolkning_16_64,sjukpenning,aktivitetsersattning,sjukersattning,a_kassa,aktivitetsstod,etableringsersattning,forsorjningsstod"
	echo "2024,0680,80000,120000,20000,90000,30000,20000,10000,40000"
	echo "2024,0682,9000,15000,2000,11000,4000,2000,1000,5000"
	echo "2024,0684,6000,9000,1500,8000,3000,1500,800,3000"
	echo "2024,0662,40000,70000,10000,60000,20000,15000,5000,20000"
	echo "2024,0665,10000,18000,3000,14000,5000,3000,1000,6000"
	echo "2024,0617,25000,40000,5000,25000,10000,5000,5000,10000"
	echo "2024,0687,8000,12000,2000,9000,3000,2000,1000,4000"
	echo "2024,0180,650000,900000,150000,700000,300000,200000,90000,400000"
} >"$T/fm.csv"
run 0 "$FINSAM" --db "$DB" import forsorjningsmatt "$T/fm.csv"

server_start || { finish; exit 1; }
for u in fadm fadmfv ia da las ana sys; do
	login "$u"
done

# same WHAT FILE: the last answer is byte for byte FILE (the CLI's).
same() {
	if cmp -s "$T/body" "$2"; then
		ok
	else
		fail "$1: API:t skiljer sig från kommandoraden"
		diff "$2" "$T/body" | head -10 >&2
	fi
}

# refused_field STATUS FIELD: the error names FIELD and has a message.
refused_field() {
	jqeq .fel.falt "$1"
	[ -n "$(jq -r '.fel.meddelande // empty' "$T/body")" ] && ok ||
	    fail "felet saknar meddelande"
	[ -n "$(jq -r '.fel.kod // empty' "$T/body")" ] && ok ||
	    fail "felet saknar kod"
}

# ---- contributions ----
run 0 "$FINSAM" --db "$DB" ekonomi bidrag --forbund SV --ar 2026 --format json
cp "$T/out" "$T/cli-bidrag.json"
for who in fadm ia da las ana; do
	expect 200 "$who" GET /forbund/SV/bidrag/2026
	same "bidrag som $who" "$T/cli-bidrag.json"
done
has "$T/headers" "Content-Type: application/json; charset=utf-8"
# The law's shares: region and kommuner each half of the state's part.
jqeq '(.region + .kommuner) == .stat and .totalt == 2 * .stat' true
jqeq '([.kommun[].belopp] | add) == .kommuner' true
jqeq .fordelning_kalla "standard (ingen sparad fördelning)"

# 3 000 000 kr: kommun half 1 500 000 by population 80 000 / 9 000 /
# 6 000: 1 263 157,89 / 142 105,26 / 94 736,84, largest remainder.
run 0 "$FINSAM" --db "$DB" ekonomi bidrag --forbund SV --ar 2026 \
    --statligt 3000000 --format json
cp "$T/out" "$T/cli.json"
expect 200 las GET "/forbund/SV/bidrag/2026?statligt=3000000"
same "bidrag statligt" "$T/cli.json"
jqeq '[.kommun[] | "\(.kod)=\(.belopp)"] | join(",")' \
    "0680=1263158,0682=142105,0684=94737"
jqeq .region 1500000
run 0 "$FINSAM" --db "$DB" ekonomi bidrag --forbund SV --ar 2026 \
    --statligt 3000001 --fordelning lika --format json
cp "$T/out" "$T/cli.json"
expect 200 fadm GET "/forbund/SV/bidrag/2026?statligt=3000001&fordelning=lika"
same "bidrag lika" "$T/cli.json"
# An odd krona goes to the region; 1 500 000 in three equal parts.
jqeq '"\(.region) \(.kommuner)"' "1500001 1500000"
jqeq '[.kommun[].belopp] | join(",")' "500000,500000,500000"
run 0 "$FINSAM" --db "$DB" ekonomi bidrag --forbund SV --ar 2026 \
    --utnyttjandegrad 80,5 --fordelning andelar --andelar 0680:2,0682:1,0684:1 \
    --format json
cp "$T/out" "$T/cli.json"
expect 200 ana GET "/forbund/SV/bidrag/2026?utnyttjandegrad=80,5&fordelning=andelar&andelar=0680:2,0682:1,0684:1"
same "bidrag andelar" "$T/cli.json"
jqeq .utnyttjandegrad 80.5

for q in "statligt=-1 statligt" "statligt=tva statligt" \
    "utnyttjandegrad=120 utnyttjandegrad" "fordelning=vikt fordelning" \
    "fordelning=andelar&andelar=0680:1 andelar" \
    "fordelning=andelar&andelar=0680 andelar" \
    "statligt=5&utnyttjandegrad=50 statligt" "dataar=1800 dataar" \
    "okand=1 okand"; do
	set -- $q
	expect 422 fadm GET "/forbund/SV/bidrag/2026?$1"
	refused_field "$2"
done
expect 422 fadm GET /forbund/SV/bidrag/1850
refused_field ar
expect 422 fadm GET /forbund/SV/bidrag/2030
refused_field forsorjningsmatt
expect 404 fadm GET /forbund/XX/bidrag/2026
err_is finns_inte

# ---- the stored kommun split ----
run 0 "$FINSAM" --db "$DB" ekonomi fordelning --forbund SV --format json
cp "$T/out" "$T/cli.json"
expect 200 las GET /forbund/SV/kommunfordelning
same "fördelningar (inga)" "$T/cli.json"
jqeq '.fordelningar | length' 0
n0=$(sql 'select count(*) from kommunfordelning_andel')
for b in \
    '{"fordelning": "andelar", "andelar": ["0680:50", "0682:25", "0684:20"]}|andelar' \
    '{"fordelning": "andelar", "andelar": ["0680:50", "0682:25", "0662:25"]}|andelar' \
    '{"fordelning": "andelar", "andelar": ["0680:50", "0682:25"]}|andelar' \
    '{"fordelning": "andelar", "andelar": ["0680:50,0682:25", "0684:25"]}|andelar' \
    '{"fordelning": "andelar", "andelar": ["0680:5x", "0682:25", "0684:25"]}|andelar' \
    '{"fordelning": "andelar"}|andelar' \
    '{"fordelning": "lika", "andelar": ["0680:100"]}|andelar' \
    '{"fordelning": "vikt"}|fordelning' \
    '{"andelar": []}|fordelning' \
    '{"fordelning": "lika", "beslutad": "2025-13-01"}|beslutad' \
    '{"fordelning": "lika", "beslutad": "2027-01-01"}|beslutad' \
    '{"fordelning": "lika", "hemlig": 1}|hemlig'; do
	expect 422 fadm PUT /forbund/SV/kommunfordelning/2026 "${b%|*}"
	refused_field "${b#*|}"
done
expect 422 fadm PUT /forbund/SV/kommunfordelning/1850 '{"fordelning": "lika"}'
refused_field ar
eq "$(sql 'select count(*) from kommunfordelning')" 0 "ingen fördelning sparad"
eq "$(sql 'select count(*) from kommunfordelning_andel')" "$n0" \
    "inga andelar sparade"
expect 200 fadm PUT /forbund/SV/kommunfordelning/2026 \
    '{"fordelning": "andelar", "andelar": ["0680:50", "0682:25.5", "0684:24.5"], "beslutad": "2025-11-20"}'
jqeq '.fordelningar[0] | "\(.fran_ar) \(.fordelning) \(.beslutad)"' \
    "2026 andelar 2025-11-20"
jqeq '[.fordelningar[0].andelar[] | "\(.kod):\(.procent)"] | join(",")' \
    "0680:50,0682:25.5,0684:24.5"
run 0 "$FINSAM" --db "$DB" ekonomi fordelning --forbund SV --format json
same "fördelningar (en)" "$T/out"
eq "$(sql "select count(*) from logg where handling = 'ekonomi.kommunfordelning' and anvandare = 'fadm'")" \
    1 "registreringen i granskningsloggen"
expect 200 ia GET "/forbund/SV/kommunfordelning?ar=2025"
jqeq '.fordelningar[0].standard' true
expect 200 ia GET "/forbund/SV/kommunfordelning?ar=2027"
jqeq '.fordelningar[0].fran_ar' 2026
expect 403 fadmfv PUT /forbund/SV/kommunfordelning/2026 '{"fordelning": "lika"}'
err_is nekad
# Contributions follow the stored split unless the query gives one:
# 1 500 000 as 50 / 25,5 / 24,5 %.
run 0 "$FINSAM" --db "$DB" ekonomi bidrag --forbund SV --ar 2026 \
    --statligt 3000000 --format json
cp "$T/out" "$T/cli.json"
expect 200 las GET "/forbund/SV/bidrag/2026?statligt=3000000"
same "bidrag med sparad fördelning" "$T/cli.json"
jqeq '[.kommun[].belopp] | join(",")' "750000,382500,367500"
jqeq .fordelning_kalla "sparad fördelning från 2026"
expect 200 las GET "/forbund/SV/bidrag/2026?statligt=3000000&fordelning=befolkning"
jqeq '[.kommun[].belopp] | join(",")' "1263158,142105,94737"

# ---- accounts and budget ----
# Finnveden 2019 (finance.md, seed 003): income 5 144 tkr, equity
# 1 690 tkr; trappan's first step 20 % gives 1 028 800 kr, 661 200 kr
# above.
n0=$(sql 'select count(*) from ekonomi_post')
for b in '{"insatser": -5}|insatser' '{"eget_kapital": "mycket"}|eget_kapital' \
    '{"stat": 1, "kommuner": ["0604:5"]}|kommuner' \
    '{"kommuner": ["0662=5"]}|kommuner' '{"kommuner": ["0662:fem"]}|kommuner' \
    '{"lon": 5}|lon' '{"stat": 1.5}|stat' '{}|stat'; do
	expect 422 fadmfv PUT /forbund/FV/ekonomi/2019/utfall "${b%|*}"
	refused_field "${b#*|}"
done
expect 422 fadmfv PUT /forbund/FV/ekonomi/1850/utfall '{"stat": 1}'
refused_field ar
eq "$(sql 'select count(*) from ekonomi_post')" "$n0" "inget belopp sparat"
expect 403 fadm PUT /forbund/FV/ekonomi/2019/utfall '{"stat": 1}'
expect 200 fadmfv PUT /forbund/FV/ekonomi/2019/utfall \
    '{"stat": 2570000, "region": 1285000, "kommuner": ["0662:500000", "0665:385000", "0617:400000"], "ovriga": 4000, "insatser": 4400000, "administration": 1000000, "styrelse": 143000, "revision": 81000, "eget_kapital": 1690000}'
jqeq '.utfall.intakter.summa' 5144000
jqeq '.utfall.resultat' -480000
jqeq '.trappan | "\(.niva) \(.overskott) \(.over)"' "1028800 661200 true"
expect 200 fadmfv PUT /forbund/FV/ekonomi/2019/budget \
    '{"stat": 2570000, "region": 1285000, "kommun": 1285000, "insatser": 4800000, "administration": 900000}'
run 0 "$FINSAM" --db "$DB" ekonomi visa --forbund FV --ar 2019 --format json
cp "$T/out" "$T/cli.json"
for who in fadmfv ana; do
	expect 200 "$who" GET /forbund/FV/ekonomi/2019
	same "ekonomi som $who" "$T/cli.json"
done
jqeq '.budget_mot_utfall[] | select(.post == "insatser") | .avvikelse' -400000
jqeq '.trappan.band[0].antagande' false
jqeq '.trappan.band[1].antagande' true
run 0 "$FINSAM" --db "$DB" ekonomi visa --forbund FV --ar 2019 \
    --lage marginal --band 7000000:20,:10 --format json
cp "$T/out" "$T/cli.json"
expect 200 fadmfv GET "/forbund/FV/ekonomi/2019?lage=marginal&band=7000000:20,:10"
same "ekonomi marginal" "$T/cli.json"
expect 422 fadmfv GET "/forbund/FV/ekonomi/2019?lage=brant"
refused_field lage
expect 422 fadmfv GET "/forbund/FV/ekonomi/2019?band=7000000:20,5000000:10,:5"
refused_field band
expect 403 fadm GET /forbund/FV/ekonomi/2019
# The budget's kommun total over the stored split of SV (50/25,5/24,5).
expect 200 fadm PUT /forbund/SV/ekonomi/2026/budget '{"kommun": 1000000}'
jqeq '.budget_kommun.kalla' "sparad fördelning från 2026"
jqeq '[.budget_kommun.kommun[].belopp] | join(",")' "500000,255000,245000"
run 0 "$FINSAM" --db "$DB" ekonomi visa --forbund SV --ar 2026 --format json
same "budgeten med kommunernas del" "$T/out"
eq "$(sql "select count(*) from logg where handling = 'ekonomi.registrera' and anvandare in ('fadm', 'fadmfv')")" \
    3 "registreringarna i granskningsloggen"

# ---- calendar ----
n0=$(sql 'select count(*) from kalender')
for b in '{"ar": 2019, "handelse": "bokslut", "datum": "2020-05-12"}|handelse' \
    '{"ar": 2019, "handelse": "ansvarsfrihet", "medlem": "0604", "datum": "2020-05-12"}|medlem' \
    '{"ar": 2019, "handelse": "arsredovisning", "datum": "2020-02-30"}|datum' \
    '{"handelse": "budget", "datum": "2019-11-28"}|ar' \
    '{"ar": 2019, "handelse": "budget", "datum": "2030-01-01"}|datum' \
    '{"ar": 2019, "handelse": "ansvarsfrihet", "medlem": "0662", "datum": "2020-05-12", "beslut": "kanske"}|beslut'; do
	expect 422 fadmfv POST /forbund/FV/kalender "${b%|*}"
	refused_field "${b#*|}"
done
eq "$(sql 'select count(*) from kalender')" "$n0" "ingen händelse sparad"
expect 201 fadmfv POST /forbund/FV/kalender \
    '{"ar": 2020, "handelse": "samrad", "datum": "2019-10-01"}'
expect 201 fadmfv POST /forbund/FV/kalender \
    '{"ar": 2020, "handelse": "budget", "datum": "2019-11-28"}'
expect 201 fadmfv POST /forbund/FV/kalender \
    '{"ar": 2019, "handelse": "ansvarsfrihet", "medlem": "0662", "datum": "2020-05-12"}'
expect 403 fadm POST /forbund/FV/kalender \
    '{"ar": 2020, "handelse": "samrad", "datum": "2019-10-01"}'
run 0 "$FINSAM" --db "$DB" ekonomi kalender --forbund FV --idag 2020-04-15 \
    --format json
cp "$T/out" "$T/cli.json"
for who in fadmfv ana; do
	expect 200 "$who" GET "/forbund/FV/kalender?idag=2020-04-15"
	same "kalender som $who" "$T/cli.json"
done
jqeq .forsenade 1
jqeq '.punkter[] | select(.status == "forsenad") | .handelse' arsredovisning
expect 422 fadmfv GET "/forbund/FV/kalender?idag=igår"
refused_field idag

# ---- scenarios (the analytiker's) ----
nb=$(sql 'select count(*) from tilldelning_berakning')
run 0 "$FINSAM" --db "$DB" scenario sammanslagning --forbund SV,FV \
    --fran 2026-01-01 --format json
cp "$T/out" "$T/cli.json"
expect 200 ana POST /scenarier/sammanslagning \
    '{"forbund": ["SV", "FV"], "fran": "2026-01-01"}'
same "sammanslagning" "$T/cli.json"
# One base allocation instead of two: the merged förbund loses 400 000.
jqeq '([.fore[].mojlig_tilldelning] | add) - ([.efter[] | select(.forbund_kod | test("SV")) | .mojlig_tilldelning] | add) > 0' true
run 0 "$FINSAM" --db "$DB" scenario lamnar --forbund SV --kommun 0684 \
    --fran 2026-01-01 --format json
cp "$T/out" "$T/cli.json"
expect 200 ana POST /scenarier/lamnar \
    '{"forbund": "SV", "kommun": "0684", "fran": "2026-01-01"}'
same "lämnar" "$T/cli.json"
run 0 "$FINSAM" --db "$DB" scenario gar-med --forbund SV --kommun 0687 \
    --fran 2026-01-01 --ar 2026 --format json
cp "$T/out" "$T/cli.json"
expect 200 ana POST /scenarier/gar-med \
    '{"forbund": "SV", "kommun": "0687", "fran": "2026-01-01", "ar": 2026}'
same "går med" "$T/cli.json"
for b in '{"forbund": ["SV"], "fran": "2026-01-01"}|forbund' \
    '{"forbund": ["SV", "XX"], "fran": "2026-01-01"}|forbund' \
    '{"forbund": ["SV", "FV"], "fran": "2026-02-31"}|fran' \
    '{"forbund": ["SV", "FV"]}|fran' \
    '{"forbund": "SV", "fran": "2026-01-01"}|forbund'; do
	expect 422 ana POST /scenarier/sammanslagning "${b%|*}"
	refused_field "${b#*|}"
done
for b in '{"forbund": "SV", "kommun": "0662", "fran": "2026-01-01"}|kommun' \
    '{"forbund": "SV", "kommun": "9999", "fran": "2026-01-01"}|kommun' \
    '{"forbund": "SV", "fran": "2026-01-01"}|kommun'; do
	expect 422 ana POST /scenarier/lamnar "${b%|*}"
	refused_field "${b#*|}"
done
expect 422 ana POST /scenarier/gar-med \
    '{"forbund": "SV", "kommun": "0680", "fran": "2026-01-01"}'
refused_field kommun
eq "$(sql 'select count(*) from tilldelning_berakning')" "$nb" \
    "scenarierna sparade ingenting"
for who in fadm las; do
	expect 403 "$who" POST /scenarier/sammanslagning \
	    '{"forbund": ["SV", "FV"], "fran": "2026-01-01"}'
	err_is nekad
done

# ---- the allocation chart ----
expect 200 las GET /tilldelning/2026
cp "$T/body" "$T/tdl.json"
expect 200 las GET /tilldelning/2026/svg
has "$T/headers" "Content-Type: image/svg+xml; charset=utf-8"
has "$T/body" "Statlig tilldelning 2026 per förbund"
# Every förbund's allocation is written at its bar, grouped like "1 234 567 kr".
for row in $(jq -r '.forbund[] | "\(.forbund_kod)=\(.tilldelning)"' "$T/tdl.json"); do
	kr=$(echo "${row#*=}" | sed ':a;s/\B[0-9]\{3\}\>/ &/;ta')
	has "$T/body" ">$kr kr</text>"
	has "$T/body" "(${row%=*})</text>"
done
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$T/body" && ok || fail "SVG:n är inte välformad"
fi
expect 422 las GET /tilldelning/1850/svg
refused_field ar
expect 422 las GET /tilldelning/2025/svg
refused_field forsorjningsmatt
expect 403 ia GET /tilldelning/2026/svg

# ---- the routes are described with their permissions ----
expect 200 - GET /openapi.json
jqeq '.paths["/api/v1/forbund/{kod}/bidrag/{ar}"].get["x-behorighet"]' forbund.las
jqeq '.paths["/api/v1/forbund/{kod}/ekonomi/{ar}/utfall"].put["x-behorighet"]' forbund.andra
jqeq '.paths["/api/v1/scenarier/sammanslagning"].post["x-behorighet"]' scenario.andra
jqeq '.paths["/api/v1/tilldelning/{ar}/svg"].get["x-behorighet"]' tilldelning.las

server_stop
finish
