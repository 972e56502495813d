#!/bin/sh
# SPDX-License-Identifier: ISC
# Insatser over HTTP: the insatser of a förbund (only those the user may
# read), create, show, update with the status lifecycle and the
# decision on what follows, the immutable fields, and the anonymous and
# count-only figures; every error names its field.
. "$(dirname "$0")/http_lib.sh"

make_db || { fail "databasen"; finish; exit 1; }
make_users
server_start || { finish; exit 1; }
for u in fadm ia da las ana; do
	login "$u"
done
sv_it=$(insats_id SV-IT)
dialog=$(insats_id SV-DIALOG)
fv_team=$(insats_id FV-TEAM)

# ---- list ----
expect 200 fadm GET /forbund/SV/insatser
jqeq .totalt 3
jqeq '[.poster[].kod] | join(",")' SV-DIALOG,SV-IT,SV-UNG
jqeq '[.poster[] | select(.kod == "SV-IT")][0].saknar_beslut' true
expect 200 ia GET /forbund/SV/insatser
jqeq '[.poster[].kod] | join(",")' SV-IT
expect 200 las GET "/forbund/SV/insatser?per_sida=2"
jqeq .totalt 3
jqeq '.poster | length' 2
expect 200 fadm GET /forbund/FV/insatser
jqeq .totalt 0
expect 404 fadm GET /forbund/XX/insatser

# ---- one ----
expect 200 da GET "/insatser/$sv_it"
jqeq .kod SV-IT
jqeq .inriktning individ
jqeq .uppfoljning individ
jqeq .slutdatum 2024-12-31
expect 404 fadm GET /insatser/99999
err_is finns_inte
expect 422 fadm GET /insatser/abc
err_is ogiltig_indata id
expect 422 fadm GET /insatser/0
err_is ogiltig_indata id
expect 403 fadm GET "/insatser/$fv_team"

# ---- create ----
ny='{"kod": "SV-NY", "namn": "Nya spåret", "startdatum": "2026-01-01",
  "inriktning": "individ", "preciserad_inriktning": "samordning_team",
  "malgrupper": ["unga_16_29", "langtidsarbetslosa"], "esf": true}'
expect 201 fadm POST /forbund/SV/insatser "$ny"
ny_id=$(jq -r .id "$T/body")
jqeq .status pagaende
jqeq .uppfoljning individ
jqeq .esf true
jqeq '.malgrupper | sort | join(",")' langtidsarbetslosa,unga_16_29
jqeq .forbund_id "$(sql "select id from forbund where kod = 'SV'")"
expect 409 fadm POST /forbund/SV/insatser "$ny"
err_is konflikt kod
expect 422 fadm POST /forbund/SV/insatser '{"kod": "SV-X", "namn": "X", "startdatum": "2026-01-01", "inriktning": "diagonal"}'
err_is ogiltig_indata inriktning
expect 422 fadm POST /forbund/SV/insatser '{"kod": "SV-X", "namn": "X", "startdatum": "2026-01-01", "inriktning": "struktur", "preciserad_inriktning": "samordning_team"}'
err_is ogiltig_indata preciserad_inriktning
expect 422 fadm POST /forbund/SV/insatser '{"kod": "SV-X", "startdatum": "2026-01-01", "inriktning": "individ"}'
err_is ogiltig_indata namn
expect 422 fadm POST /forbund/SV/insatser '{"kod": "SV X", "namn": "X", "startdatum": "2026-01-01", "inriktning": "individ"}'
err_is ogiltig_indata kod
expect 422 fadm POST /forbund/SV/insatser '{"kod": "SV-X", "namn": "X", "startdatum": "2026-01-01", "slutdatum": "2025-01-01", "inriktning": "individ"}'
err_is ogiltig_indata slutdatum
expect 422 fadm POST /forbund/SV/insatser '{"kod": "SV-X", "namn": "X", "startdatum": "2026-01-01", "inriktning": "individ", "malgrupper": ["alla"]}'
err_is ogiltig_indata malgrupper
expect 422 fadm POST /forbund/SV/insatser '{"kod": "SV-X", "namn": "X", "startdatum": "2026-01-01", "inriktning": "individ", "budget": 5}'
err_is ogiltig_indata budget
# A struktur insats is followed up by count unless told otherwise.
expect 201 fadm POST /forbund/SV/insatser '{"kod": "SV-STR", "namn": "Seminarier", "startdatum": "2026-01-01", "inriktning": "struktur"}'
jqeq .uppfoljning antal
expect 403 ia POST /forbund/SV/insatser '{"kod": "SV-IA", "namn": "X", "startdatum": "2026-01-01", "inriktning": "individ"}'

# ---- update: lifecycle and decision ----
expect 200 fadm PATCH "/insatser/$ny_id" '{"beskrivning": "Samordning kring unga"}'
jqeq .status pagaende
jqeq .beskrivning "Samordning kring unga"
expect 200 fadm PATCH "/insatser/$ny_id" '{"beskrivning": null}'
jqeq .beskrivning null
expect 422 fadm PATCH "/insatser/$ny_id" '{"status": "planerad"}'
err_is ogiltig_indata status
expect 422 fadm PATCH "/insatser/$ny_id" '{"inriktning": "struktur"}'
err_is ogiltig_indata inriktning
expect 422 fadm PATCH "/insatser/$ny_id" '{"uppfoljning": "antal"}'
err_is ogiltig_indata uppfoljning
expect 422 fadm PATCH "/insatser/$ny_id" '{"esf": false}'
err_is ogiltig_indata esf
expect 422 fadm PATCH "/insatser/$ny_id" '{"kod": "SV-NYTT"}'
err_is ogiltig_indata kod
expect 200 fadm PATCH "/insatser/$ny_id" '{"status": "avslutad", "slutdatum": "2026-05-31"}'
jqeq .status avslutad
jqeq .saknar_beslut true
expect 200 fadm PATCH "/insatser/$ny_id" '{"beslut": "implementerad", "beslut_medlem": "0680", "beslut_fran": "2026-06-01"}'
jqeq .beslut implementerad
jqeq .beslut_medlem 0680
jqeq .saknar_beslut false
# The insatsansvarig decides for SV-IT.
expect 200 ia PATCH "/insatser/$sv_it" '{"status": "avslutad", "beslut": "avvecklad"}'
jqeq .beslut avvecklad
expect 403 da PATCH "/insatser/$sv_it" '{"namn": "X"}'
expect 403 las PATCH "/insatser/$sv_it" '{"namn": "X"}'
# A period that would leave participations outside is refused.
expect 422 fadm PATCH "/insatser/$sv_it" '{"slutdatum": "2019-01-01"}'
err_is ogiltig_indata slutdatum
eq "$(sql "select count(*) from logg where handling = 'insats.andra'")" 5 \
    "ändringarna i loggen"

# ---- anonymous figures ----
expect 200 da GET "/insatser/$sv_it/anonyma"
jqeq '[.anonyma[] | "\(.ar):\(.kvinnor):\(.man)"] | join(",")' 2021:4:3,2022:2:5
expect 200 da PUT "/insatser/$sv_it/anonyma/2023" '{"kvinnor": 1, "man": 2}'
jqeq '[.anonyma[].ar] | join(",")' 2021,2022,2023
expect 200 ia PUT "/insatser/$sv_it/anonyma/2023" '{"kvinnor": 3, "man": 2}'
jqeq '.anonyma[2].kvinnor' 3
expect 422 da PUT "/insatser/$sv_it/anonyma/2010" '{"kvinnor": 1, "man": 2}'
err_is ogiltig_indata
expect 422 da PUT "/insatser/$sv_it/anonyma/2023" '{"kvinnor": -1, "man": 2}'
err_is ogiltig_indata kvinnor
expect 422 da PUT "/insatser/$sv_it/anonyma/2023" '{"kvinnor": 1}'
err_is ogiltig_indata man
expect 422 da PUT "/insatser/$sv_it/anonyma/tjugo" '{"kvinnor": 1, "man": 1}'
err_is ogiltig_indata ar
expect 422 fadm PUT "/insatser/$dialog/anonyma/2023" '{"kvinnor": 1, "man": 1}'
err_is ogiltig_indata
expect 403 las GET "/insatser/$sv_it/anonyma"

# ---- count-only figures ----
expect 200 fadm PUT "/insatser/$dialog/antal/2024" '{"totalt": 40, "kvinnor": 25, "man": 15}'
jqeq '.antal[0].period' 2024
jqeq '.antal[0].totalt' 40
expect 200 fadm PUT "/insatser/$dialog/antal/2024-03" '{"totalt": 7}'
jqeq '[.antal[] | "\(.period):\(.totalt):\(.kvinnor)"] | join(",")' 2024:40:25,2024-03:7:null
expect 422 fadm PUT "/insatser/$dialog/antal/2024" '{"totalt": 40, "kvinnor": 1, "man": 1}'
err_is ogiltig_indata
expect 422 fadm PUT "/insatser/$dialog/antal/2024-13" '{"totalt": 4}'
err_is ogiltig_indata
expect 422 da PUT "/insatser/$sv_it/antal/2024" '{"totalt": 4}'
err_is ogiltig_indata
expect 200 fadm GET "/insatser/$dialog/antal"
jqeq '.antal | length' 2
expect 403 ana GET "/insatser/$dialog/antal"

server_stop
finish
