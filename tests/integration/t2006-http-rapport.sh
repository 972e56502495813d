#!/bin/sh
# SPDX-License-Identifier: ISC
# Reports and the audit log over HTTP: the outcome report as JSON (the
# same figures as the command line), as CSV for Swedish Excel or for
# programs (an export, logged), as an SVG chart drawn by the server
# with every name escaped; the errors; the publishable report
# (disclosure control: no count 1-4 shown, the same as the command
# line's --publicerbar, every release logged; läsare own förbund,
# analytiker riket and län); and the förbundsadministratör's audit log
# of its förbund, paginated, without participant data.
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

# ---- Excel and printable HTML: the same bytes as the command line ----
expect 200 fadm GET "/rapporter/utfall/xlsx?$Q"
has "$T/headers" "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
has "$T/headers" 'Content-Disposition: attachment; filename="utfall-forbund-2020-01-01-2026-12-31.xlsx"'
"$FINSAM" --db "$DB" rapport utfall --forbund SV --fran 2020-01-01 \
    --till 2026-12-31 --format xlsx >"$T/cli.xlsx"
cmp -s "$T/body" "$T/cli.xlsx" && ok || fail "XLSX skiljer sig från kommandoraden"
cp "$T/body" "$T/api.xlsx"
# The workbook holds the figures: Antal, Totalt as a number, and the
# sheet with every numerator and denominator.
antal=$(jq -r .matt.antal.totalt.varde "$T/cli.json")
python3 - "$T/api.xlsx" "$antal" <<'PY' && ok || fail "arbetsbokens innehåll"
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
wb = z.read('xl/workbook.xml').decode()
assert 'name="Utfall"' in wb and 'name="Underlag"' in wb, wb
s1 = z.read('xl/worksheets/sheet1.xml').decode()
# Row 7 is Antal (heading rows 1-3, empty 4, headers 5... first data 6);
# look for C-column numbers instead of guessing the row.
vals = re.findall(r'<c r="C(\d+)"[^>]*><v>([^<]+)</v>', s1)
assert any(v == sys.argv[2] for _, v in vals), (vals, sys.argv[2])
PY
expect 200 fadm GET "/rapporter/utfall/html?$Q"
has "$T/headers" "Content-Type: text/html; charset=utf-8"
has "$T/headers" 'Content-Disposition: inline; filename="utfall-forbund-2020-01-01-2026-12-31.html"'
has "$T/body" '<html lang="sv">'
has "$T/body" "<tr><th scope=\"row\">Antal</th><td>$antal</td>"
lacks "$T/body" "<script"
"$FINSAM" --db "$DB" rapport utfall --forbund SV --fran 2020-01-01 \
    --till 2026-12-31 --format html >"$T/cli.html"
cmp -s "$T/body" "$T/cli.html" && ok || fail "HTML skiljer sig från kommandoraden"
eq "$(sql "select count(*) from logg where handling = 'rapport.export' and anvandare = 'fadm' and detaljer in ('{\"format\":\"xlsx\"}', '{\"format\":\"html\"}')")" \
    2 "Excel- och HTML-exporterna i loggen"

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

# ---- publishable ----
login las
login ana
# No shown count, and no shown share numerator, is 1-4; a hidden cell
# has varde null, a mark and no ratio.
SAFE='[.matt | to_entries[] | .value | to_entries[] | .value |
    select(.varde != null and ((.namnare == null and .varde >= 1 and
    .varde <= 4) or (.namnare != null and .namnare != 100 and
    .taljare >= 1 and .taljare <= 4)))] | length'
HIDDEN='[.matt[][] | select(.varde == null and .skyddad != null)]'
for who_q in "las forbund=SV&" "ana forbund=SV&" "ana lan=06&" "ana "; do
	set -- $who_q
	expect 200 "$1" GET "/rapporter/utfall/publicerbar?${2:-}fran=2020-01-01&till=2026-12-31"
	jqeq .publicerbar true
	jqeq .k 5
	jqeq "$SAFE" 0
	jqeq "$HIDDEN | map(select(has(\"taljare\") or has(\"namnare\"))) | length" 0
	jqeq "$HIDDEN | map(select(.skyddad != \"<5\" and .skyddad != \"dold\")) | length" 0
done
expect 200 ana GET "/rapporter/utfall/publicerbar?fran=2020-01-01&till=2026-12-31"
jqeq .niva.typ riket
expect 200 ana GET "/rapporter/utfall/publicerbar?lan=06&fran=2020-01-01&till=2026-12-31"
jqeq .niva.typ lan
# A short period gives small cells: they are marked, not shown.
expect 200 las GET "/rapporter/utfall/publicerbar?forbund=SV&fran=2024-01-01&till=2024-03-31"
jqeq "$SAFE" 0
cp "$T/body" "$T/pub-short.json"
"$FINSAM" --db "$DB" rapport utfall --forbund SV --fran 2024-01-01 \
    --till 2024-03-31 --format json >"$T/int-short.json"
small=$(jq '[.matt[][] | select(.taljare == null and .varde >= 1 and .varde <= 4)] | length' "$T/int-short.json")
[ "$small" -gt 0 ] && ok || fail "den korta perioden har inga små tal att skydda"
# The same table as the command line's --publicerbar.
expect 200 las GET "/rapporter/utfall/publicerbar?$Q"
"$FINSAM" --db "$DB" rapport utfall --forbund SV --fran 2020-01-01 \
    --till 2026-12-31 --format json --publicerbar >"$T/cli-pub.json"
eq "$(jq -c .matt "$T/body")" "$(jq -c .matt "$T/cli-pub.json")" \
    "samma publicerbara tabell som kommandoraden"
"$FINSAM" --db "$DB" rapport utfall --forbund SV --fran 2024-01-01 \
    --till 2024-03-31 --format text --publicerbar >"$T/cli-pub.txt"
has "$T/cli-pub.txt" "<5: färre än 5"
has "$T/cli-pub.txt" "..: dolt"
"$FINSAM" --db "$DB" rapport utfall --forbund SV --fran 2024-01-01 \
    --till 2024-03-31 --format json --publicerbar --k 3 >"$T/cli-k3.json"
jqeq_file() { eq "$(jq -r "$1" "$2")" "$3" "$1 i $2"; }
jqeq_file .k "$T/cli-k3.json" 3
run 1 "$FINSAM" --db "$DB" rapport utfall --forbund SV --fran 2024-01-01 \
    --till 2024-03-31 --k 3
run 1 "$FINSAM" --db "$DB" rapport utfall --forbund SV --fran 2024-01-01 \
    --till 2024-03-31 --publicerbar --k 1
has "$T/err" "k"
eq "$(sql "select count(*) from logg where handling = 'rapport.publicerbar' and detaljer like '%\"format\":\"text\"%' and detaljer like '%\"kod\":\"SV\"%'")" \
    1 "kommandoradens utlämnande i loggen"
# CSV and SVG.
expect 200 las GET "/rapporter/utfall/publicerbar/csv?forbund=SV&fran=2024-01-01&till=2024-03-31"
has "$T/headers" 'Content-Disposition: attachment; filename="utfall-publicerbar-forbund-2024-01-01-2024-03-31.csv"'
has "$T/body" "<5: färre än 5"
expect 200 ana GET "/rapporter/utfall/publicerbar/csv?$Q&format=csv-plain"
has "$T/body" "Antal,antal,"
expect 422 ana GET "/rapporter/utfall/publicerbar/csv?$Q&format=text"
err_is ogiltig_indata format
# Excel and HTML: the hidden cells hidden there too, each release logged.
expect 200 las GET "/rapporter/utfall/publicerbar/html?forbund=SV&fran=2024-01-01&till=2024-03-31"
has "$T/body" "&lt;5: färre än 5"
has "$T/body" "<td>&lt;5</td>"
"$FINSAM" --db "$DB" rapport utfall --forbund SV --fran 2024-01-01 \
    --till 2024-03-31 --format html --publicerbar >"$T/cli-pub.html"
cmp -s "$T/body" "$T/cli-pub.html" && ok || fail "publicerbar HTML skiljer sig från kommandoraden"
expect 200 las GET "/rapporter/utfall/publicerbar/xlsx?forbund=SV&fran=2024-01-01&till=2024-03-31"
has "$T/headers" 'filename="utfall-publicerbar-forbund-2024-01-01-2024-03-31.xlsx"'
python3 - "$T/body" <<'PY' && ok || fail "den publicerbara arbetsboken"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert 'name="Underlag"' not in z.read('xl/workbook.xml').decode()
assert '&lt;5' in z.read('xl/sharedStrings.xml').decode()
PY
eq "$(sql "select count(*) from logg where handling = 'rapport.publicerbar' and anvandare = 'las' and (detaljer like '%\"format\":\"xlsx\"%' or detaljer like '%\"format\":\"html\"%')")" \
    2 "läsarens Excel- och HTML-utlämnanden i loggen"
expect 200 las GET "/rapporter/utfall/publicerbar/svg?$Q"
has "$T/headers" "Content-Type: image/svg+xml"
# Refusals: läsare other levels and the internal report; analytiker
# the internal report; förbundsadministratör riket.
expect 403 las GET "/rapporter/utfall/publicerbar?fran=2020-01-01&till=2026-12-31"
expect 403 las GET "/rapporter/utfall/publicerbar?forbund=FV&fran=2020-01-01&till=2026-12-31"
expect 403 las GET "/rapporter/utfall?$Q"
expect 403 ana GET "/rapporter/utfall?$Q"
expect 403 fadm GET "/rapporter/utfall/publicerbar?fran=2020-01-01&till=2026-12-31"
# Every release logged: who, role, level and period.
eq "$(sql "select count(*) from logg where handling = 'rapport.publicerbar' and anvandare = 'las' and roll = 'lasare'")" \
    7 "läsarens utlämnanden i loggen (JSON 3, CSV, HTML, XLSX, SVG)"
eq "$(sql "select count(*) from logg where handling = 'rapport.publicerbar' and anvandare = 'ana' and roll = 'analytiker' and detaljer like '%\"niva\":\"riket\"%' and detaljer like '%\"fran\":\"2020-01-01\"%'")" \
    2 "analytikerns utlämnanden för riket i loggen"

# ---- the audit log of the förbund ----
sv_it=$(insats_id SV-IT)
expect 200 da GET "/insatser/$sv_it/deltaganden?per_sida=3"
expect 200 da POST /deltagare/sok '{"personnummer": "196202019870"}'
expect 200 fadm GET "/logg?forbund=SV"
jqeq '[.poster[] | select(.handling == "deltagande.lista")][0].anvandare' da
jqeq '[.poster[] | select(.handling == "deltagande.lista")][0].roll' deltagaransvarig
jqeq '[.poster[] | select(.handling == "deltagande.lista")][0].insats_id' "$sv_it"
jqeq '[.poster[] | select(.handling == "rapport.export")] | length' 4
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
jqeq '.poster | length' 4
expect 422 fadm GET "/logg"
err_is ogiltig_indata forbund
expect 422 fadm GET "/logg?forbund=SV&per_sida=5000"
err_is ogiltig_indata per_sida
expect 403 fadm GET "/logg?forbund=FV"
expect 403 da GET "/logg?forbund=SV"

server_stop
finish
