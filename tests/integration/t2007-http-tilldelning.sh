#!/bin/sh
# SPDX-License-Identifier: ISC
# The state allocation over HTTP (issue 4: the same result from the
# command line, the API and the stored calculation): the allocation of
# a year computed without storing anything is the same bytes as
# "tilldelning berakna --prova --format json", a stored calculation is
# exactly the stored bytes (and those of "tilldelning visa"); the
# errors name their field; the roles without tilldelning.las are
# refused, and every refusal is in the audit log.
. "$(dirname "$0")/http_lib.sh"

make_db || { fail "databasen"; finish; exit 1; }
make_users
# Försörjningsmått of the data year (2024 for 2026) for every kommun of
# the e2e förbund.
{
	echo "ar,kommunkod,befolkning_16_64,sjukpenning,aktivitetsersattning,sjukersattning,a_kassa,aktivitetsstod,etableringsersattning,forsorjningsstod"
	echo "2024,0680,80000,120000,20000,90000,30000,20000,10000,40000"
	echo "2024,0682,9000,15000,2000,11000,4000,2000,1000,5000"
	echo "2024,0684,6000,9000,1500,8000,3000,1500,800,3000"
	echo "2024,0662,40000,70000,10000,60000,20000,15000,5000,20000"
	echo "2024,0665,10000,18000,3000,14000,5000,3000,1000,6000"
	echo "2024,0617,25000,40000,5000,25000,10000,5000,5000,10000"
	echo "2024,0180,650000,900000,150000,700000,300000,200000,90000,400000"
} >"$T/fm.csv"
run 0 "$FINSAM" --db "$DB" import forsorjningsmatt "$T/fm.csv"
has "$T/out" "7 rader: 7 nya"

# The command line's trial run: the reference bytes, nothing stored.
run 0 "$FINSAM" --db "$DB" tilldelning berakna --ar 2026 --prova --format json
cp "$T/out" "$T/prova.json"
eq "$(grep -c '"forbund_kod"' "$T/prova.json")" 3 "tre förbund"
eq "$(sql 'select count(*) from tilldelning_berakning')" 0 "inget sparat"

server_start || { finish; exit 1; }
for u in fadm fadmfv ia da las ana sys; do
	login "$u"
done

# ---- computed, not stored: the same bytes as the command line ----
for who in fadm fadmfv las ana; do
	expect 200 "$who" GET /tilldelning/2026
	cmp -s "$T/body" "$T/prova.json" && ok ||
	    fail "$who: API:ts beräkning skiljer sig från berakna --prova"
done
has "$T/headers" "Content-Type: application/json; charset=utf-8"
eq "$(sql 'select count(*) from tilldelning_berakning')" 0 \
    "API:ts beräkning sparade inget"
eq "$(sql 'select count(*) from tilldelning_parametrar')" 0 \
    "inga parametrar sparade"

# ---- stored: exactly the stored bytes ----
run 0 "$FINSAM" --db "$DB" tilldelning berakna --ar 2026 --format json
cp "$T/out" "$T/berakna.json"
has "$T/err" "sparades som nummer 1"
cmp -s "$T/berakna.json" "$T/prova.json" && ok ||
    fail "berakna och berakna --prova skiljer sig"
expect 200 las GET /tilldelning/berakningar/1
has "$T/headers" "Content-Type: application/json; charset=utf-8"
has "$T/headers" "X-Finsam-Omrakning: samma"
cp "$T/body" "$T/api-stored.json"
cmp -s "$T/api-stored.json" "$T/berakna.json" && ok ||
    fail "den sparade beräkningen i API:t skiljer sig från berakna"
# (sqlite3 ends every value with a newline of its own.)
sql 'select resultat from tilldelning_berakning where id = 1' >"$T/stored.json"
{ cat "$T/api-stored.json"; echo; } | cmp -s - "$T/stored.json" && ok ||
    fail "API:t skiljer sig från de lagrade byten"
run 0 "$FINSAM" --db "$DB" tilldelning visa --id 1 --format json
cmp -s "$T/api-stored.json" "$T/out" && ok ||
    fail "API:t skiljer sig från tilldelning visa"
expect 200 ana GET /tilldelning/2026
cmp -s "$T/body" "$T/berakna.json" && ok ||
    fail "beräkningen efter sparandet skiljer sig"
eq "$(sql 'select count(*) from tilldelning_berakning')" 1 \
    "bara kommandoradens beräkning sparad"

# ---- errors ----
expect 404 fadm GET /tilldelning/berakningar/99
err_is finns_inte id
expect 422 fadm GET /tilldelning/berakningar/x
err_is ogiltig_indata id
expect 422 fadm GET /tilldelning/2025
err_is ogiltig_indata forsorjningsmatt
expect 422 fadm GET /tilldelning/1850
err_is ogiltig_indata ar
expect 422 fadm GET /tilldelning/tjugo
err_is ogiltig_indata ar
expect 405 fadm POST /tilldelning/2026
expect 404 fadm GET /tilldelning/2026/logg

# ---- refused: insatsansvarig, deltagaransvarig, systemadministratör ----
for who in ia da sys; do
	for path in /tilldelning/2026 /tilldelning/berakningar/1 \
	    /tilldelning/berakningar/99; do
		before=$(refusals "$who")
		expect 403 "$who" GET "$path"
		err_is nekad
		lacks "$T/body" forbund_kod
		eq "$(refusals "$who")" $((before + 1)) \
		    "vägrandet för $who $path i loggen"
	done
done
eq "$(sql "select count(*) from logg where handling = 'nekad' and anvandare in ('ia', 'da', 'sys') and detaljer like '%tilldelning.las%' and klientadress = '127.0.0.1'")" \
    9 "vägrandena med behörigheten och adressen"
# Without a session: 401, logged.
before=$(refusals anonym)
expect 401 - GET /tilldelning/2026
err_is ej_inloggad
expect 401 - GET /tilldelning/berakningar/1
eq "$(refusals anonym)" $((before + 2)) "vägrandena utan session i loggen"

# ---- the routes are described ----
expect 200 - GET /openapi.json
jqeq '.paths["/api/v1/tilldelning/{ar}"].get["x-behorighet"]' tilldelning.las
jqeq '.paths["/api/v1/tilldelning/berakningar/{id}"].get["x-behorighet"]' tilldelning.las

server_stop
finish
