#!/bin/sh
# SPDX-License-Identifier: ISC
# Evaluation over HTTP (api_utvardering.c), as the analytiker: linkage
# projects, the pseudonymised export (the same bytes as the command
# line, audited), a run in two uploads with its progress, its result
# and chart equal to "finsam koppling berakna" on the same files, a
# refused spell file that sends the run back with the field named, the
# municipality panel and DiD equal to "finsam utvardering did", and bad
# input on every route answered {"fel": {kod, meddelande, falt}} with
# nothing stored.
. "$(dirname "$0")/http_lib.sh"
D="$FINSAM_SRC/tests/data/koppling"

make_db || { fail "databasen"; finish; exit 1; }
user ana analytiker
server_start || { finish; exit 1; }
login ana

# put_file PATH FILE: PUT a file as the body (text/csv).
put_file() {
	STATUS=$(curl -sS --max-time "$CURL_MAX" -o "$T/body" \
	    -w '%{http_code}' -D "$T/headers" -b "$T/ana.jar" -X PUT \
	    -H "X-CSRF-Token: $(cat "$T/ana.csrf")" \
	    -H 'Content-Type: text/csv' --data-binary "@$2" \
	    "$BASE/api/v1$1")
}

# wait_run ID: poll the run until it is no longer "pagar" (at most 60 s);
# the last answer stays in $T/body.  Sets SAW_PROGRESS when an answer
# carried progress.
wait_run() {
	i=0
	SAW_PROGRESS=0
	while :; do
		call ana GET "/koppling/korningar/$1"
		[ "$(jq -r .framsteg.totalt "$T/body")" != null ] &&
		    SAW_PROGRESS=1
		[ "$(jq -r .status "$T/body")" = pagar ] || break
		i=$((i + 1))
		if [ $i -gt 600 ]; then
			fail "körning $1 blev inte klar inom 60 s"
			break
		fi
		sleep 0.1
	done
}

korningar() {
	sql "select count(*) from koppling_korning"
}

# ---- projects ----
expect 200 ana GET /koppling/projekt
jqeq '.projekt | length' 0
expect 201 ana POST /koppling/projekt '{"namn": "ISF 2026"}'
P=$(jq -r .id "$T/body")
has "$T/headers" "Location: /api/v1/koppling/projekt/$P"
expect 409 ana POST /koppling/projekt '{"namn": "ISF 2026"}'
err_is konflikt namn
expect 422 ana POST /koppling/projekt '{"namn": ""}'
err_is ogiltig_indata namn
expect 422 ana POST /koppling/projekt '{}'
err_is ogiltig_indata namn
expect 422 ana POST /koppling/projekt '{"namn": "X", "salt": "00"}'
err_is ogiltig_indata salt
expect 422 ana POST /koppling/projekt "{\"namn\": \"$(printf 'a%.0s' $(seq 201))\"}"
err_is ogiltig_indata namn
eq "$(sql 'select count(*) from koppling_projekt')" 1 "bara ett projekt sparat"
expect 200 ana GET /koppling/projekt
jqeq '.projekt[0].namn' "ISF 2026"
jqeq '.projekt[0].exporter' 0
expect 404 ana GET /koppling/projekt/999
err_is finns_inte projekt
expect 422 ana GET /koppling/projekt/abc
err_is ogiltig_indata id

# ---- the export: the command line's bytes, audited, no personnummer ----
expect 200 ana POST "/koppling/projekt/$P/export" '{}'
cp "$T/body" "$T/api-export.csv"
has "$T/headers" "text/csv"
has "$T/headers" "attachment; filename=\"koppling-$P-deltagande.csv\""
eq "$(head -1 "$T/api-export.csv")" \
    "pseudonym,insats_kod,forbund_kod,kon,alder_vid_start,startdatum,slutdatum" \
    "exportens rubrik"
rows=$(grep -i '^X-Finsam-Rader:' "$T/headers" | tr -dc 0-9)
eq "$rows" "$(($(wc -l <"$T/api-export.csv") - 1))" "X-Finsam-Rader"
[ "$rows" -gt 50 ] && ok || fail "för få exporterade rader: $rows"
# Not one personnummer of the database (in any of its spellings).
awk -F'[;,]' 'NR > 1 { print substr($2, 1, 12); print substr($2, 3, 10) }' \
    "$FINSAM_SRC/tests/data/e2e/deltagande.csv" | tr -d - | sort -u >"$T/pnr"
[ "$(wc -l <"$T/pnr")" -gt 50 ] && ok || fail "personnumren i testdata"
if grep -qFf "$T/pnr" "$T/api-export.csv"; then
	fail "exporten innehåller personnummer"
else
	ok
fi
run 0 "$FINSAM" --db "$DB" koppling exportera --projekt "$P" \
    --ut "$T/cli-export.csv"
cmp -s "$T/api-export.csv" "$T/cli-export.csv" && ok ||
    fail "exporten över HTTP skiljer sig från kommandoradens"
eq "$(sql "select count(*) from logg where handling = 'koppling.exportera' and anvandare = 'ana' and roll = 'analytiker' and utfall = 'ok'")" \
    1 "exporten i granskningsloggen"
expect 200 ana POST "/koppling/projekt/$P/export" '{"forbund": "SV", "fran": "2023-01-01"}'
[ "$(wc -l <"$T/body")" -lt "$(wc -l <"$T/api-export.csv")" ] && ok ||
    fail "urvalet minskade inte exporten"
before=$(sql 'select count(*) from koppling_export')
expect 404 ana POST "/koppling/projekt/$P/export" '{"forbund": "NIX"}'
err_is finns_inte forbund
expect 422 ana POST "/koppling/projekt/$P/export" '{"fran": "2024-02-01", "till": "2023-01-01"}'
err_is ogiltig_indata till
expect 422 ana POST "/koppling/projekt/$P/export" '{"fran": "2024-13-01"}'
err_is ogiltig_indata fran
expect 404 ana POST /koppling/projekt/999/export '{}'
err_is finns_inte projekt
eq "$(sql 'select count(*) from koppling_export')" "$before" \
    "nekade exporter sparas inte"
expect 200 ana GET "/koppling/projekt/$P"
jqeq '.exporter | length' "$((before))"
jqeq '.exporter[0].urval.forbund' SV
jqeq ".exporter[-1].rader" "$rows"

# ---- a run on the hand-built files, equal to the command line ----
run 0 "$FINSAM" koppling berakna --deltagande "$D/deltagande.csv" \
    --perioder "$D/perioder.csv" --min-antal 1 --format json \
    --svg "$T/cli.svg"
cp "$T/out" "$T/cli.json"
upload ana "/koppling/projekt/$P/korningar?min_antal=1" "$D/deltagande.csv"
eq "$STATUS" 201 "ny körning"
K=$(jq -r .id "$T/body")
jqeq .status vantar
jqeq .deltaganden 4
jqeq .parametrar.min_antal 1
has "$T/headers" "Location: /api/v1/koppling/korningar/$K"
expect 404 ana GET "/koppling/korningar/$K/resultat"
err_is finns_inte resultat
put_file "/koppling/korningar/$K/perioder" "$D/perioder.csv"
eq "$STATUS" 202 "periodfilen tas emot"
wait_run "$K"
jqeq .status klar
jqeq .fel null
jqeq .perioder "$(($(wc -l <"$D/perioder.csv") - 1))"
expect 200 ana GET "/koppling/korningar/$K/resultat"
cmp -s "$T/body" "$T/cli.json" && ok ||
    fail "resultatet över HTTP skiljer sig från kommandoradens"
jqeq '.celler[] | select(.forman == "sjukpenning" and .kon == "alla" and .forbund == "alla" and .aldersgrupp == "alla") | .forandring.medel' -42.75
expect 200 ana GET "/koppling/korningar/$K/svg"
has "$T/headers" "image/svg+xml"
cmp -s "$T/body" "$T/cli.svg" && ok ||
    fail "diagrammet över HTTP skiljer sig från kommandoradens"
# The result stays with the project, as "finsam koppling resultat" shows.
run 0 "$FINSAM" --db "$DB" koppling resultat --projekt "$P"
cmp -s "$T/out" "$T/cli.json" && ok || fail "projektets sparade resultat"
eq "$(sql "select count(*) from koppling_korning where id = $K and deltagande is null")" \
    1 "deltagandefilen slängs när resultatet finns"
eq "$(sql "select count(*) from logg where handling = 'koppling.berakna' and utfall = 'ok' and anvandare = 'ana'")" \
    1 "beräkningen i granskningsloggen"
put_file "/koppling/korningar/$K/perioder" "$D/perioder.csv"
eq "$STATUS" 409 "en klar körning räknas inte igen"
err_is konflikt status

# ---- refused files store nothing, and a bad spell file names the field ----
n=$(korningar)
upload ana "/koppling/projekt/$P/korningar" "$D/perioder.csv"
eq "$STATUS" 422 "periodfil som deltagandefil"
err_is ogiltig_indata
printf 'pseudonym,insats_kod,forbund_kod,kon,alder_vid_start,startdatum,slutdatum\na1,I1,F1,x,35,2020-03-01,2020-08-31\n' >"$T/kon.csv"
upload ana "/koppling/projekt/$P/korningar" "$T/kon.csv"
eq "$STATUS" 422 "fel kön"
err_is ogiltig_indata kon
jqeq '.fel.meddelande | test("rad 2")' true
upload ana "/koppling/projekt/$P/korningar?min_antal=0" "$D/deltagande.csv"
eq "$STATUS" 422 "min_antal 0"
err_is ogiltig_indata min_antal
upload ana "/koppling/projekt/$P/korningar?tackning_fran=2022-01-01&tackning_tom=2021-01-01" "$D/deltagande.csv"
eq "$STATUS" 422 "täckning baklänges"
err_is ogiltig_indata tackning_tom
upload ana "/koppling/projekt/$P/korningar?tackning_tom=2021-02-30" "$D/deltagande.csv"
eq "$STATUS" 422 "ogiltigt datum"
err_is ogiltig_indata tackning_tom
upload ana "/koppling/projekt/$P/korningar?okand=1" "$D/deltagande.csv"
eq "$STATUS" 422 "okänt frågefält"
err_is ogiltig_indata okand
upload ana "/koppling/projekt/999/korningar" "$D/deltagande.csv"
eq "$STATUS" 404 "okänt projekt"
err_is finns_inte projekt
eq "$(korningar)" "$n" "inga körningar sparade"

upload ana "/koppling/projekt/$P/korningar?min_antal=1&tackning_tom=2022-03-31" \
    "$D/deltagande.csv"
eq "$STATUS" 201 "ny körning"
K2=$(jq -r .id "$T/body")
put_file "/koppling/korningar/$K2/perioder" "$D/perioder_fel.csv"
eq "$STATUS" 202 "den felaktiga periodfilen tas emot"
wait_run "$K2"
jqeq .status vantar
jqeq .fel.kod ogiltig_indata
jqeq '.fel.falt != null' true
jqeq '.fel.meddelande | test("rad [0-9]+")' true
expect 404 ana GET "/koppling/korningar/$K2/resultat"
err_is finns_inte resultat
eq "$(sql "select count(*) from koppling_resultat")" 1 "inget nytt resultat"
eq "$(sql "select count(*) from logg where handling = 'koppling.berakna' and utfall = 'fel'")" \
    1 "den nekade beräkningen i loggen"
put_file "/koppling/korningar/$K2/perioder" /dev/null
eq "$STATUS" 422 "tom periodfil"
err_is ogiltig_indata perioder
# A corrected file on the same run: the parameters kept with it apply.
put_file "/koppling/korningar/$K2/perioder" "$D/perioder.csv"
eq "$STATUS" 202 "rättad periodfil"
wait_run "$K2"
jqeq .status klar
expect 200 ana GET "/koppling/korningar/$K2/resultat"
jqeq .anvanda 3
jqeq .tackning.tom 2022-03-31
put_file /koppling/korningar/99999/perioder "$D/perioder.csv"
eq "$STATUS" 404 "okänd körning"
err_is finns_inte korning
expect 404 ana GET /koppling/korningar/99999
err_is finns_inte korning

# A newer run closes a waiting one (its file is dropped).
upload ana "/koppling/projekt/$P/korningar" "$D/deltagande.csv"
K3=$(jq -r .id "$T/body")
upload ana "/koppling/projekt/$P/korningar" "$D/deltagande.csv"
expect 200 ana GET "/koppling/korningar/$K3"
jqeq .status stangd
eq "$(sql "select count(*) from koppling_korning where deltagande is not null")" \
    1 "bara den senaste körningen behåller sin fil"

# ---- generated registers: progress, default suppression, same figures ----
run 0 "$FINSAM" generera register --personer 3000 --perioder 400000 \
    --seed 7 --ut "$T/reg"
run 0 "$FINSAM" koppling berakna --deltagande "$T/reg/deltagande.csv" \
    --perioder "$T/reg/perioder.csv" --format json
cp "$T/out" "$T/reg.json"
upload ana "/koppling/projekt/$P/korningar" "$T/reg/deltagande.csv"
K4=$(jq -r .id "$T/body")
put_file "/koppling/korningar/$K4/perioder" "$T/reg/perioder.csv"
eq "$STATUS" 202 "stor periodfil"
jqeq .framsteg.totalt "$(stat -c %s "$T/reg/perioder.csv")"
wait_run "$K4"
jqeq .status klar
jqeq .framsteg null
expect 200 ana GET "/koppling/korningar/$K4/resultat"
cmp -s "$T/body" "$T/reg.json" && ok ||
    fail "de genererade registren gav annat över HTTP"
# Disclosure control: some cells hidden, some of them only to protect
# others, and never exactly one hidden cell among k, m and alla.
[ "$(jq '[.celler[] | select(.undertryckt)] | length' "$T/body")" -gt 0 ] &&
    ok || fail "inga celler undertryckta"
jq -r '.celler[] | select(.forman == "sjukpenning") |
    "\(.forbund)|\(.aldersgrupp)|\(.kon)|\(.undertryckt)"' "$T/body" |
    awk -F'|' '{ k = $1 "|" $2; n[k]++; h[k] += ($4 == "true") }
    END { for (k in n) if (n[k] == 3 && h[k] == 1) bad++; print bad + 0 }' \
    >"$T/single"
eq "$(cat "$T/single")" 0 "ensam dold cell i en kön-trippel"

# ---- the panel and DiD ----
expect 200 ana GET /utvardering/utfall
jqeq '.utfall | length' 0
jqeq '.kohorter.per_ar["2009"]' 3
jqeq '.kohorter.per_ar["2010"]' 1
before=$(sql 'select count(*) from utvardering_panel')
upload ana /utvardering/panel "$D/panel_fel.csv"
eq "$STATUS" 422 "felaktig panel"
err_is ogiltig_indata kommunkod
eq "$(sql 'select count(*) from utvardering_panel')" "$before" "ingen panel sparad"
expect 404 ana POST /utvardering/panel/fm
err_is finns_inte forsorjningsmatt
# A panel with an effect of exactly 2 from the joining year: SV (2009),
# FV (2008), STH (2010) and eight kommuner that never joined (the value
# of kommun k in year y is k mod 7 + (y - 2005)/2, plus 2 once joined).
upload ana /utvardering/panel "$D/kommunpanel.csv"
eq "$STATUS" 201 "panelen"
jqeq .kommuner 15
jqeq .rader 120
expect 201 ana POST /utvardering/did \
    '{"utfall": "andel_test", "bootstrap": 0, "min_kohort": 1}'
cp "$T/body" "$T/did.json"
R=$(sed -n 's/^Location: .*\/resultat\/\([0-9]*\).*/\1/p' "$T/headers" | tr -d '\r')
jqeq .total.att 2
jqeq '.att_gt[] | select(.kohort == 2009 and .ar == 2011) | .att' 2
jqeq '.att_gt[] | select(.kohort == 2009 and .ar == 2011) | .n_behandlade' 3
jqeq '.att_gt[] | select(.kohort == 2009 and .ar == 2011) | .n_kontroll' 8
jqeq '.handelsestudie[] | select(.e == -2) | .att' 0
jqeq '.varningar | length' 0
run 0 "$FINSAM" --db "$DB" utvardering did --utfall andel_test --bootstrap 0 \
    --min-kohort 1 --format json
cmp -s "$T/out" "$T/did.json" && ok ||
    fail "DiD över HTTP skiljer sig från kommandoradens"
expect 200 ana GET "/utvardering/resultat/$R"
cmp -s "$T/body" "$T/did.json" && ok || fail "det sparade resultatet"
expect 200 ana GET "/utvardering/resultat/$R/svg"
has "$T/body" "<svg"
has "$T/headers" "image/svg+xml"
expect 404 ana GET /utvardering/resultat/99999
err_is finns_inte resultat
expect 200 ana GET /utvardering/utfall
jqeq '.utfall[0].namn' andel_test
jqeq '.resultat[0].parametrar.kontroll' aldrig
# Bootstrap and the other control group.
expect 201 ana POST /utvardering/did \
    '{"utfall": "andel_test", "bootstrap": 199, "seed": 3, "kontroll": "annu_inte"}'
jqeq .kontroll annu_inte
jqeq .bootstrap 199
jqeq '[.varningar[] | select(test("2010"))] | length > 0' true
# Bad parameters: named, nothing stored.
n=$(sql 'select count(*) from utvardering_resultat')
expect 422 ana POST /utvardering/did '{"utfall": "andel_test", "kontroll": "ibland"}'
err_is ogiltig_indata kontroll
expect 422 ana POST /utvardering/did '{"utfall": "andel_test", "bootstrap": 100001}'
err_is ogiltig_indata bootstrap
expect 422 ana POST /utvardering/did '{"bootstrap": 0}'
err_is ogiltig_indata utfall
expect 404 ana POST /utvardering/did '{"utfall": "finns_inte"}'
err_is finns_inte utfall
expect 422 ana POST /utvardering/did '{"utfall": "Stora bokstäver"}'
err_is ogiltig_indata utfall
eq "$(sql 'select count(*) from utvardering_resultat')" "$n" "inga nya resultat"

# A panel file sent along, as "finsam utvardering did --panel".
upload ana "/utvardering/did/panel?bootstrap=0&kontroll=annu_inte" \
    "$D/did_panel.csv"
eq "$STATUS" 200 "DiD på en skickad panel"
jqeq '.att_gt[] | select(.ar == 2012) | .att' 3.5
cp "$T/body" "$T/didp.json"
run 0 "$FINSAM" utvardering did --panel "$D/did_panel.csv" --bootstrap 0 \
    --kontroll annu_inte --format json
cmp -s "$T/out" "$T/didp.json" && ok ||
    fail "DiD på panelfil skiljer sig från kommandoradens"
eq "$(sql 'select count(*) from utvardering_resultat')" "$n" "panelfilen sparas inte"
printf 'enhet,ar,y,kohort\nA,2009,x,2011\n' >"$T/dp-fel.csv"
upload ana "/utvardering/did/panel" "$T/dp-fel.csv"
eq "$STATUS" 422 "felaktig panelfil"
err_is ogiltig_indata y
upload ana "/utvardering/did/panel?bootstrap=-1" "$D/did_panel.csv"
eq "$STATUS" 422 "negativ bootstrap"
err_is ogiltig_indata bootstrap

server_stop
finish
