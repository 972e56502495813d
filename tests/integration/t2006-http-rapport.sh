#!/bin/sh
# SPDX-License-Identifier: ISC
# Reports and the audit log over HTTP: the outcome report as JSON (the
# same figures as the command line), as CSV for Swedish Excel or for
# programs (an export, logged), as an SVG chart drawn by the server
# with every name escaped; the errors; and the förbundsadministratör's
# audit log of its förbund, paginated, without participant data.
. "$(dirname "$0")/http_lib.sh"

make_db || { fail "databasen"; finish; exit 1; }
make_users
server_start || { finish; exit 1; }
login fadm
login da
Q="forbund=SV&fran=2020-01-01&till=2026-12-31"

# ---- JSON: the same as the command line ----
expect 200 fadm GET "/rapporter/utfall?$Q"
has "$T/headers" "Content-Type: application/json"
jqeq .rapport utfall
jqeq .niva.kod SV
jqeq .period.fran 2020-01-01
"$FINSAM" --db "$DB" rapport utfall --forbund SV --fran 2020-01-01 \
    --till 2026-12-31 --format json >"$T/cli.json"
eq "$(jq -c .matt "$T/body")" "$(jq -c .matt "$T/cli.json")" \
    "samma mått som kommandoraden"
jqeq '.matt.antal.totalt.varde' "$(jq -r .matt.antal.totalt.varde "$T/cli.json")"

# ---- CSV ----
expect 200 fadm GET "/rapporter/utfall/csv?$Q"
has "$T/headers" "Content-Type: text/csv; charset=utf-8"
has "$T/headers" 'Content-Disposition: attachment; filename="utfall-forbund-2020-01-01-2026-12-31.csv"'
eq "$(head -c 3 "$T/body" | od -An -tx1 | tr -d ' ')" efbbbf "BOM"
has "$T/body" "Antal;antal;"
"$FINSAM" --db "$DB" rapport utfall --forbund SV --fran 2020-01-01 \
    --till 2026-12-31 --format csv >"$T/cli.csv"
cmp -s "$T/body" "$T/cli.csv" && ok || fail "CSV skiljer sig från kommandoraden"
expect 200 fadm GET "/rapporter/utfall/csv?$Q&format=csv-plain"
has "$T/body" "Antal,antal,"
expect 422 fadm GET "/rapporter/utfall/csv?$Q&format=xlsx"
err_is ogiltig_indata format
eq "$(sql "select count(*) from logg where handling = 'rapport.export' and anvandare = 'fadm' and roll = 'forbundsadministrator'")" \
    2 "exporterna i loggen"

# ---- SVG, escaped by construction ----
expect 200 fadm PATCH /forbund/SV '{"namn": "<script>alert(1)</script> & \"Co\""}'
expect 200 fadm GET "/rapporter/utfall/svg?$Q"
has "$T/headers" "Content-Type: image/svg+xml"
eq "$(head -c 5 "$T/body")" "<?xml" "ett SVG-dokument"
has "$T/body" '<svg xmlns="http://www.w3.org/2000/svg"'
has "$T/body" "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;"
lacks "$T/body" "<script>"
has "$T/body" "Andel i förvärvsarbete"
has "$T/body" ' %</text>'
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$T/body" && ok || fail "SVG är inte välformad XML"
fi

expect 422 fadm GET "/rapporter/utfall/svg?forbund=SV&fran=2020-01-01"
err_is ogiltig_indata till
expect 422 fadm GET "/rapporter/utfall/csv?forbund=SV&fran=2020-01-01&till=x"
err_is ogiltig_indata till

# ---- errors ----
expect 422 fadm GET "/rapporter/utfall?forbund=SV&till=2026-12-31"
err_is ogiltig_indata fran
expect 422 fadm GET "/rapporter/utfall?forbund=SV&fran=2026-01-01&till=2025-12-31"
err_is ogiltig_indata till
expect 422 fadm GET "/rapporter/utfall?forbund=SV&fran=2026-13-01&till=2026-12-31"
err_is ogiltig_indata fran
expect 422 fadm GET "/rapporter/utfall?$Q&lan=06"
err_is ogiltig_indata lan
expect 404 fadm GET "/rapporter/utfall?forbund=XX&fran=2020-01-01&till=2026-12-31"
err_is finns_inte
expect 422 fadm GET "/rapporter/utfall?$Q&niva=riket"
err_is ogiltig_indata niva
# Internal reports are for the förbund's own level only.
expect 403 fadm GET "/rapporter/utfall?fran=2020-01-01&till=2026-12-31"
expect 403 fadm GET "/rapporter/utfall?lan=06&fran=2020-01-01&till=2026-12-31"
expect 403 fadm GET "/rapporter/utfall?forbund=FV&fran=2020-01-01&till=2026-12-31"

# ---- the audit log of the förbund ----
sv_it=$(insats_id SV-IT)
expect 200 da GET "/insatser/$sv_it/deltaganden?per_sida=3"
expect 200 da POST /deltagare/sok '{"personnummer": "196202019870"}'
expect 200 fadm GET "/logg?forbund=SV"
jqeq '[.poster[] | select(.handling == "deltagande.lista")][0].anvandare' da
jqeq '[.poster[] | select(.handling == "deltagande.lista")][0].roll' deltagaransvarig
jqeq '[.poster[] | select(.handling == "deltagande.lista")][0].insats_id' "$sv_it"
jqeq '[.poster[] | select(.handling == "rapport.export")] | length' 2
jqeq '.poster == (.poster | sort_by(.id) | reverse)' true
lacks "$T/body" "196202019870"
lacks "$T/body" "6202019870"
# Pages of two, newest first, until there are no more.
expect 200 fadm GET "/logg?forbund=SV&per_sida=2"
jqeq '.poster | length' 2
first=$(jq -r '.poster[0].id' "$T/body")
next=$(jq -r .nasta "$T/body")
[ "$next" != null ] && ok || fail "nästa sida saknas"
expect 200 fadm GET "/logg?forbund=SV&per_sida=2&fore=$next"
jqeq ".poster[0].id < $first" true
expect 200 fadm GET "/logg?forbund=SV&handling=deltagande."
jqeq '[.poster[].handling] | unique | join(",")' deltagande.lista
expect 200 fadm GET "/logg?forbund=SV&anvandare=fadm&handling=rapport.export"
jqeq '.poster | length' 2
expect 422 fadm GET "/logg"
err_is ogiltig_indata forbund
expect 422 fadm GET "/logg?forbund=SV&per_sida=5000"
err_is ogiltig_indata per_sida
expect 403 fadm GET "/logg?forbund=FV"
expect 403 da GET "/logg?forbund=SV"

server_stop
finish
