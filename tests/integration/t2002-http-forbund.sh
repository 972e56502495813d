#!/bin/sh
# SPDX-License-Identifier: ISC
# Förbund and members over HTTP: the list (only the förbund the user
# may read, paginated), one förbund, changing it, members joining and
# leaving, creating (an operator's task: refused to every role), and
# the errors: unknown förbund, bad fields named, unknown fields and
# query parameters refused.
. "$(dirname "$0")/http_lib.sh"

make_db || { fail "databasen"; finish; exit 1; }
make_users
server_start || { finish; exit 1; }
login fadm
login ana
login las
login sys
login fadmfv

# ---- list ----
expect 200 fadm GET /forbund
jqeq .totalt 1
jqeq '.poster[0].kod' SV
jqeq '.poster[0].organisationsnummer' 222000-1339
jqeq '.poster[0].hemlan' 06
expect 200 ana GET /forbund
jqeq .totalt 3
jqeq '[.poster[].kod] | join(",")' FV,STH,SV
expect 200 ana GET "/forbund?per_sida=1&sida=2"
jqeq .totalt 3
jqeq .sida 2
jqeq .per_sida 1
jqeq '[.poster[].kod] | join(",")' STH
expect 200 ana GET "/forbund?per_sida=2&sida=9"
jqeq '.poster | length' 0
expect 422 ana GET "/forbund?per_sida=0"
err_is ogiltig_indata per_sida
expect 422 ana GET "/forbund?per_sida=501"
err_is ogiltig_indata per_sida
expect 422 ana GET "/forbund?sida=abc"
err_is ogiltig_indata sida
expect 422 ana GET "/forbund?sida=1&sida=2"
err_is ogiltig_indata sida
expect 422 ana GET "/forbund?sortera=namn"
err_is ogiltig_indata sortera
expect 403 sys GET /forbund

# ---- one ----
expect 200 las GET /forbund/SV
jqeq .namn "Samordningsförbundet Södra Vätterbygden"
jqeq .startdatum 2009-01-01
jqeq .slutdatum null
expect 404 fadm GET /forbund/XX
err_is finns_inte
expect 403 fadm GET /forbund/FV
expect 403 las GET /forbund/STH

# ---- change ----
expect 200 fadm PATCH /forbund/SV '{"namn": "Södra Vätterbygden"}'
jqeq .namn "Södra Vätterbygden"
jqeq .organisationsnummer 222000-1339
expect 200 fadm PATCH /forbund/SV '{"organisationsnummer": "2220001339"}'
jqeq .organisationsnummer 222000-1339
expect 422 fadm PATCH /forbund/SV '{"organisationsnummer": "222000-1338"}'
err_is ogiltig_indata organisationsnummer
expect 422 fadm PATCH /forbund/SV '{"namn": ""}'
err_is ogiltig_indata namn
expect 422 fadm PATCH /forbund/SV '{"namn": null}'
err_is ogiltig_indata namn
expect 422 fadm PATCH /forbund/SV '{"kod": "SV2"}'
err_is ogiltig_indata kod
expect 422 fadm PATCH /forbund/SV '"namn"'
err_is ogiltig_indata json
expect 403 las PATCH /forbund/SV '{"namn": "Läsarens namn"}'
expect 403 ana PATCH /forbund/SV '{"namn": "Analytikerns namn"}'
eq "$(sql "select namn from forbund where kod = 'SV'")" "Södra Vätterbygden" \
    "bara förbundsadministratören ändrade"
eq "$(sql "select count(*) from logg where handling = 'forbund.andra' and anvandare = 'fadm'")" \
    2 "ändringarna i loggen"

# ---- members ----
expect 200 las GET /forbund/SV/medlemmar
jqeq '[.medlemmar[] | select(.parttyp == "kommun") | .kod] | join(",")' \
    0680,0682,0684
jqeq '[.medlemmar[] | .parttyp] | unique | join(",")' af,fk,kommun,region
# Tranås (0687, Jönköpings län) joins, then leaves.
expect 201 fadm POST /forbund/SV/medlemmar '{"kommun": "0687", "fran": "2025-01-01"}'
jqeq '[.medlemmar[] | select(.kod == "0687") | .fran] | join(",")' 2025-01-01
expect 422 fadm POST /forbund/SV/medlemmar '{"kommun": "9999", "fran": "2025-01-01"}'
err_is ogiltig_indata
expect 422 fadm POST /forbund/SV/medlemmar '{"kommun": "0687"}'
err_is ogiltig_indata fran
expect 422 fadm POST /forbund/SV/medlemmar '{"kommun": "0687", "fran": "2025-02-30"}'
err_is ogiltig_indata fran
expect 200 fadm PATCH /forbund/SV/medlemmar/0687 '{"till": "2025-12-31"}'
jqeq '[.medlemmar[] | select(.kod == "0687") | .till] | join(",")' 2025-12-31
expect 422 fadm PATCH /forbund/SV/medlemmar/0687 '{"till": "kalle"}'
err_is ogiltig_indata till
expect 403 las POST /forbund/SV/medlemmar '{"kommun": "0687", "fran": "2026-01-01"}'
expect 403 las PATCH /forbund/SV/medlemmar/0680 '{"till": "2026-01-01"}'

# ---- the board (styrelse) ----
# An empty board on 2026-06-01 (FINSAM_IDAG): no mandate, no seat, so
# every member lacks a ledamot and there is no chair.
expect 200 las GET /forbund/SV/styrelse
jqeq .dag 2026-06-01
jqeq .uppfyller_reglerna false
jqeq '[.brister[] | .brist] | unique | join(",")' \
    ingen_ledamot,ingen_ordforande,ingen_vice_ordforande,inget_mandat
jqeq '[.brister[] | select(.brist == "ingen_ledamot") | .medlem] | sort | join(",")' \
    06,0680,0682,0684,AF,FK
expect 201 fadm POST /forbund/SV/styrelse/mandat '{"fran": "2023-01-01", "till": "2026-12-31"}'
jqeq '.mandatperioder | length' 1
expect 409 fadm POST /forbund/SV/styrelse/mandat '{"fran": "2026-06-01", "till": "2027-12-31"}'
err_is konflikt fran
expect 422 fadm POST /forbund/SV/styrelse/mandat '{"fran": "2027-01-01", "till": "2026-12-31"}'
err_is ogiltig_indata till
# One ledamot and one ersättare per member; Anna chairs, Bo is vice.
seat() {
	jq -cn --arg m "$1" --arg n "$2" --arg u "$3" --arg r "${4:-}" \
	    '{medlem: $m, namn: $n, uppdrag: $u, fran: "2023-01-01",
	    roll: (if $r == "" then null else $r end)}'
}
i=0
for medlem in FK AF 06 0680 0682 0684; do
	i=$((i + 1))
	roll=""
	[ "$medlem" = 0680 ] && roll=ordforande
	[ "$medlem" = 06 ] && roll=vice_ordforande
	expect 201 fadm POST /forbund/SV/styrelse/uppdrag "$(seat "$medlem" "Ledamot $i" ledamot "$roll")"
	expect 201 fadm POST /forbund/SV/styrelse/uppdrag "$(seat "$medlem" "Ersättare $i" ersattare)"
done
jqeq .uppfyller_reglerna true
jqeq '.brister | length' 0
jqeq '[.uppdrag[] | select(.roll == "ordforande") | .namn] | join(",")' "Ledamot 4"
jqeq '[.uppdrag[] | select(.medlem == "0682" and .uppdrag == "ersattare") | .namn] | join(",")' \
    "Ersättare 5"
eq "$(sql "select count(*) from styrelse_ledamot f join forbund b on b.id = f.forbund_id where b.kod = 'SV'")" \
    12 "tolv uppdrag lagrade"
# What can never be right is refused, naming the field, storing nothing.
expect 422 fadm POST /forbund/SV/styrelse/uppdrag "$(seat 0680 "Cecilia" ersattare ordforande)"
err_is ogiltig_indata roll
expect 409 fadm POST /forbund/SV/styrelse/uppdrag "$(seat 0684 "Dan" ledamot ordforande)"
err_is konflikt roll
expect 422 fadm POST /forbund/SV/styrelse/uppdrag "$(seat 1480 "Eva" ledamot)"
err_is ogiltig_indata medlem
expect 422 fadm POST /forbund/SV/styrelse/uppdrag "$(seat XY "Eva" ledamot)"
err_is ogiltig_indata medlem
expect 422 fadm POST /forbund/SV/styrelse/uppdrag "$(seat 0680 "   " ledamot)"
err_is ogiltig_indata namn
expect 422 fadm POST /forbund/SV/styrelse/uppdrag "$(seat 0680 "Fia" suppleant)"
err_is ogiltig_indata uppdrag
expect 422 fadm POST /forbund/SV/styrelse/uppdrag '{"medlem": "0680", "namn": "Gun", "uppdrag": "ledamot", "fran": "2023-01-01", "till": "2022-12-31"}'
err_is ogiltig_indata till
eq "$(sql "select count(*) from styrelse_ledamot f join forbund b on b.id = f.forbund_id where b.kod = 'SV'")" \
    12 "inget av det vägrade lagrades"
# The chair leaves on 2026-03-31: the board lacks a chair from then on,
# but on a day before it was complete.
id=$(sql "select f.id from styrelse_ledamot f where f.roll = 'ordforande'")
expect 200 fadm PATCH "/forbund/SV/styrelse/uppdrag/$id" '{"till": "2026-03-31"}'
jqeq '[.brister[] | .brist + ":" + (.medlem // "")] | join(",")' ingen_ledamot:0680,ingen_ordforande:
# (Tranås, 0687, was a member through 2025, without a seat.)
expect 200 las GET "/forbund/SV/styrelse?dag=2024-06-01"
jqeq .uppfyller_reglerna true
expect 422 fadm PATCH "/forbund/SV/styrelse/uppdrag/$id" '{"till": "2020-01-01"}'
err_is ogiltig_indata till
expect 404 fadm PATCH /forbund/SV/styrelse/uppdrag/999999 '{"till": "2026-03-31"}'
expect 422 las GET "/forbund/SV/styrelse?dag=2026-02-30"
err_is ogiltig_indata dag
# Before and after of the change in the audit log.
eq "$(sql "select count(*) from logg where handling = 'styrelse.avsluta' and detaljer like '%till:  -> 2026-03-31%'")" \
    1 "avslutet i loggen med före och efter"
# Read for everyone with the förbund record; edit for its administrator.
expect 403 las POST /forbund/SV/styrelse/uppdrag "$(seat 0680 "Hanna" ersattare)"
expect 403 fadmfv POST /forbund/SV/styrelse/uppdrag "$(seat 0680 "Hanna" ersattare)"
expect 403 fadmfv GET /forbund/SV/styrelse
expect 200 fadmfv GET /forbund/FV/styrelse
expect 403 sys GET /forbund/SV/styrelse
expect 200 ana GET /forbund/SV/styrelse

# ---- create: an operator's task (finsam import forbund) ----
new='{"kod": "NY", "namn": "Nya förbundet", "organisationsnummer": "222000-1354", "startdatum": "2026-01-01", "kommuner": ["0687"]}'
for who in fadm las ana sys; do
	before=$(refusals "$who")
	expect 403 "$who" POST /forbund "$new"
	eq "$(refusals "$who")" $((before + 1)) "vägrandet för $who i loggen"
done
eq "$(sql "select count(*) from forbund where kod = 'NY'")" 0 \
    "inget förbund skapades"

server_stop
finish
