#!/bin/sh
# SPDX-License-Identifier: ISC
# Identified participants over HTTP, as the deltagaransvarig works:
# consent, registration in and out, corrections as versions with
# optimistic locking (409), the history, the list of an insats one page
# at a time with selections, the search by personnummer (own insatser
# only), de-identification.  Every rule of follow-up.md refused with
# the field named and nothing stored; every read in the audit log; no
# personnummer in an error message or the server log.
. "$(dirname "$0")/http_lib.sh"

make_db || { fail "databasen"; finish; exit 1; }
make_users
server_start || { finish; exit 1; }
login da
login daung
sv_it=$(insats_id SV-IT)
sv_ung=$(insats_id SV-UNG)
P1=199001010017
P2=198505051238
delt_count() {
	sql "select count(*) from deltagande"
}
n0=$(delt_count)

# ---- consent ----
expect 422 da POST "/insatser/$sv_it/deltaganden" \
    "{\"personnummer\": \"$P1\", \"startdatum\": \"2024-01-10\"}"
err_is ogiltig_indata samtycke_datum
expect 201 da POST "/insatser/$sv_it/samtycken" \
    "{\"personnummer\": \"19900101-0017\", \"datum\": \"2024-01-05\", \"formular\": \"v2\"}"
jqeq .datum 2024-01-05
lacks "$T/body" "0017"
expect 422 da POST "/insatser/$sv_it/samtycken" \
    '{"personnummer": "19900101-0018", "datum": "2024-01-05", "formular": "v2"}'
err_is ogiltig_indata personnummer
lacks "$T/body" "0018"
lacks "$T/body" "19900101"
expect 422 da POST "/insatser/$sv_it/samtycken" \
    '{"personnummer": "19900231-0017", "datum": "2024-01-05", "formular": "v2"}'
err_is ogiltig_indata personnummer
expect 422 da POST "/insatser/$sv_it/samtycken" \
    "{\"personnummer\": \"$P1\", \"datum\": \"2024-01-05\"}"
err_is ogiltig_indata formular
expect 422 da POST "/insatser/$sv_it/samtycken" \
    "{\"personnummer\": 199001010017, \"datum\": \"2024-01-05\", \"formular\": \"v2\"}"
err_is ogiltig_indata personnummer

# ---- registration: every rule names its field, nothing is stored ----
reg() {
	expect "$1" da POST "/insatser/$sv_it/deltaganden" "$2"
}
reg 422 "{\"personnummer\": \"$P1\", \"startdatum\": \"2024-01-10\", \"arbete_fore\": 150}"
err_is ogiltig_indata arbete_fore
reg 422 "{\"personnummer\": \"$P1\", \"startdatum\": \"2024-01-10\", \"forsorjning_fore\": [\"ingen\", \"a_kassa\"]}"
err_is ogiltig_indata forsorjning_fore
reg 422 "{\"personnummer\": \"$P1\", \"startdatum\": \"2024-01-10\", \"forsorjning_fore\": [\"lotto\"]}"
err_is ogiltig_indata forsorjning_fore
reg 422 "{\"personnummer\": \"$P1\", \"startdatum\": \"2024-01-10\", \"utbildning\": \"doktor\"}"
err_is ogiltig_indata utbildning
reg 422 "{\"personnummer\": \"$P1\", \"startdatum\": \"2024-01-10\", \"slutdatum\": \"2024-01-01\", \"avslutsanledning\": \"arbete\"}"
err_is ogiltig_indata slutdatum
reg 422 "{\"personnummer\": \"$P1\", \"startdatum\": \"2024-01-10\", \"slutdatum\": \"2024-03-01\"}"
err_is ogiltig_indata avslutsanledning
reg 422 "{\"personnummer\": \"$P1\", \"startdatum\": \"2024-01-10\", \"arbete_efter\": 50}"
err_is ogiltig_indata
reg 422 "{\"personnummer\": \"$P1\", \"startdatum\": \"2017-01-10\"}"
err_is ogiltig_indata startdatum
reg 422 "{\"personnummer\": \"$P1\"}"
err_is ogiltig_indata startdatum
reg 422 "{\"personnummer\": \"$P1\", \"startdatum\": \"2024-01-10\", \"namn\": \"Kalle\"}"
err_is ogiltig_indata namn
eq "$(delt_count)" "$n0" "inget sparades"

reg 201 "{\"personnummer\": \"$P1\", \"startdatum\": \"2024-01-10\",
  \"utbildning\": \"gymnasium\", \"offentlig_forsorjning_tid\": \"1_3\",
  \"forsorjning_fore\": [\"a_kassa\", \"forsorjningsstod\"],
  \"arbete_fore\": 0, \"studier_fore\": 25, \"arbetssokande_fore\": true}"
d1=$(jq -r .id "$T/body")
jqeq .personnummer "$P1"
jqeq .kon m
jqeq .alder_start 34
jqeq .version 1
jqeq '.forsorjning_fore | join(",")' a_kassa,forsorjningsstod
jqeq .arbetssokande_fore true
jqeq .slutdatum null
jqeq '.varningar | length' 0
# A second open participation of the person in the insats is refused.
reg 409 "{\"personnummer\": \"$P1\", \"startdatum\": \"2024-02-10\"}"
err_is konflikt
# Somebody else, in and out at once, aged 66 (a warning, not an error).
expect 201 da POST "/insatser/$sv_it/samtycken" \
    '{"personnummer": "19580706-7896", "datum": "2024-11-01", "formular": "v2"}'
reg 201 '{"personnummer": "195807067896", "startdatum": "2024-11-01",
  "slutdatum": "2024-12-20", "avslutsanledning": "planenligt",
  "forsorjning_efter": ["sjukersattning"], "arbete_efter": 0,
  "studier_efter": 0}'
jqeq '.varningar[0].meddelande' "åldern vid start är utanför 16–64 år"
jqeq .avslutsanledning planenligt
eq "$(delt_count)" $((n0 + 2)) "två nya deltaganden"

# ---- exit and corrections: versions with optimistic locking ----
expect 200 da PATCH "/deltaganden/$d1" '{"version": 1, "orsak": "utregistrering",
  "slutdatum": "2024-06-30", "avslutsanledning": "arbete",
  "forsorjning_efter": ["ingen"], "arbete_efter": 100, "studier_efter": 0}'
jqeq .version 2
jqeq .andrad true
jqeq .slutdatum 2024-06-30
expect 409 da PATCH "/deltaganden/$d1" '{"version": 1, "orsak": "rättelse", "arbete_efter": 75}'
err_is konflikt version
expect 200 da PATCH "/deltaganden/$d1" '{"version": 2, "orsak": "rättelse: deltid", "arbete_efter": 75}'
jqeq .version 3
jqeq .arbete_efter 75
expect 200 da PATCH "/deltaganden/$d1" '{"version": 3, "orsak": "ingen ändring", "arbete_efter": 75}'
jqeq .andrad false
jqeq .version 3
expect 422 da PATCH "/deltaganden/$d1" '{"version": 3, "orsak": "flytta", "startdatum": "2024-01-11"}'
err_is ogiltig_indata startdatum
expect 422 da PATCH "/deltaganden/$d1" '{"version": 3, "arbete_efter": 50}'
err_is ogiltig_indata orsak
expect 422 da PATCH "/deltaganden/$d1" '{"version": 3, "orsak": "x", "slutdatum": "2023-01-01"}'
err_is ogiltig_indata slutdatum
expect 422 da PATCH "/deltaganden/$d1" '{"version": 3, "orsak": "x", "personnummer": "198505051238"}'
err_is ogiltig_indata personnummer
expect 422 da PATCH "/deltaganden/$d1" '{"version": "3", "orsak": "x"}'
err_is ogiltig_indata version

# The entries the library writes itself carry the web user's role and
# address too.
eq "$(sql "select count(*) from logg where handling = 'deltagande.registrera' and anvandare = 'da' and (roll is not 'deltagaransvarig' or klientadress is not '127.0.0.1')")" \
    0 "bibliotekets loggposter har roll och adress"
[ "$(sql "select count(*) from logg where handling = 'deltagande.registrera' and anvandare = 'da'")" -gt 0 ] && ok ||
    fail "inga registreringar av da i loggen"

# ---- one participation with its history; the read is logged ----
expect 200 da GET "/deltaganden/$d1"
jqeq .personnummer "$P1"
jqeq '.historik | length' 3
jqeq '[.historik[].version] | join(",")' 1,2,3
jqeq '.historik[1].orsak' utregistrering
jqeq '.historik[2].orsak' "rättelse: deltid"
jqeq '.historik[2].andrad_av' da
jqeq '.historik[0].data.slutdatum' null
jqeq '.historik[2].data.arbete_efter' 75
eq "$(sql "select count(*) from logg where handling = 'deltagande.las' and objekt = 'deltagande $d1' and anvandare = 'da' and roll = 'deltagaransvarig' and klientadress = '127.0.0.1'")" \
    1 "läsningen i loggen"
expect 422 da GET /deltaganden/abc
err_is ogiltig_indata id

# ---- felregistrering: closed, never deleted ----
expect 201 da POST "/insatser/$sv_it/samtycken" \
    '{"personnummer": "200003154564", "datum": "2024-03-01", "formular": "v2"}'
reg 201 '{"personnummer": "200003154564", "startdatum": "2024-03-01"}'
d3=$(jq -r .id "$T/body")
expect 200 da PATCH "/deltaganden/$d3" '{"version": 1, "orsak": "fel person",
  "slutdatum": "2024-03-01", "avslutsanledning": "felregistrering"}'
jqeq .avslutsanledning felregistrering
expect 200 da GET "/deltaganden/$d3"

# ---- the list of an insats ----
expect 200 da GET "/insatser/$sv_it/deltaganden?per_sida=5&sida=2"
total=$(jq -r .totalt "$T/body")
eq "$total" 30 "deltaganden i SV-IT"
jqeq '.poster | length' 5
jqeq .sida 2
jqeq '[.poster[] | select(.personnummer | test("^[0-9]{12}$"))] | length' 5
expect 200 da GET "/insatser/$sv_it/deltaganden?per_sida=500"
jqeq '.poster | length' 30
jqeq '[.poster[].startdatum] == ([.poster[].startdatum] | sort | reverse)' true
expect 200 da GET "/insatser/$sv_it/deltaganden?urval=oppna_efter_slut"
jqeq .totalt 1
jqeq '[.poster[].slutdatum] | unique | join(",")' ""
expect 200 da GET "/insatser/$sv_it/deltaganden?urval=saknar_utdata"
jqeq .totalt 3
expect 200 da GET "/insatser/$sv_it/deltaganden?urval=oppna"
jqeq .totalt 1
expect 422 da GET "/insatser/$sv_it/deltaganden?urval=gamla"
err_is ogiltig_indata urval
expect 422 da GET "/insatser/$sv_it/deltaganden?personnummer=$P1"
err_is ogiltig_indata personnummer
eq "$(sql "select count(*) from logg where handling = 'deltagande.lista' and anvandare = 'da' and insats_id = $sv_it")" \
    5 "listningarna i loggen"

# ---- search: only the user's own insatser answer ----
both=197105289925
expect 200 da POST /deltagare/sok "{\"personnummer\": \"$both\"}"
jqeq .totalt 1
jqeq '.poster[0].insats_id' "$sv_it"
jqeq '.poster[0].personnummer' "$both"
expect 200 daung POST /deltagare/sok "{\"personnummer\": \"710528-9925\"}"
jqeq .totalt 1
jqeq '.poster[0].insats_id' "$sv_ung"
expect 200 da POST /deltagare/sok '{"personnummer": "199512242463"}'
jqeq .totalt 0
expect 422 da POST /deltagare/sok '{"personnummer": "199512242464"}'
err_is ogiltig_indata personnummer
lacks "$T/body" "199512242464"
expect 422 da POST /deltagare/sok '{}'
err_is ogiltig_indata personnummer
eq "$(sql "select count(*) from logg where handling = 'deltagande.sok' and anvandare = 'da'")" \
    2 "sökningarna i loggen"
eq "$(sql "select count(*) from logg where handling = 'deltagande.sok' and anvandare = 'da' and insats_id = $sv_it")" \
    1 "sökningen med träff loggas med insatsen"

# ---- de-identification ----
expect 422 da POST /deltagare/avidentifiera "{\"personnummer\": \"$P1\", \"orsak\": \"glömska\"}"
err_is ogiltig_indata orsak
# The person of SV-IT and SV-UNG: the deltagaransvarig of SV-IT may.
expect 200 da POST /deltagare/avidentifiera "{\"personnummer\": \"$both\", \"orsak\": \"samtycke_aterkallat\"}"
jqeq .avidentifierade 2
expect 200 daung POST /deltagare/sok "{\"personnummer\": \"$both\"}"
jqeq .totalt 0
eq "$(sql "select count(*) from deltagande where avidentifierad = 1")" 2 \
    "båda deltagandena avidentifierade"
expect 200 da GET "/insatser/$sv_it/deltaganden?per_sida=500"
jqeq '[.poster[] | select(.avidentifierad)] | length' 1
jqeq '[.poster[] | select(.avidentifierad)][0].personnummer' null
# Nobody may de-identify a person of other insatser (nor learn that
# the person takes part somewhere): the same refusal as for nobody.
before=$(refusals da)
expect 403 da POST /deltagare/avidentifiera '{"personnummer": "196004259823", "orsak": "skyddad_identitet"}'
cp "$T/body" "$T/elsewhere"
expect 403 da POST /deltagare/avidentifiera '{"personnummer": "199512242463", "orsak": "skyddad_identitet"}'
eq "$(cat "$T/body")" "$(cat "$T/elsewhere")" "samma vägran oavsett"
eq "$(refusals da)" $((before + 2)) "vägrandena i loggen"
eq "$(sql "select count(*) from deltagande where avidentifierad = 1")" 2 \
    "inget mer avidentifierades"
# Protected identity bars identified registration from then on.
expect 201 da POST "/insatser/$sv_it/samtycken" \
    "{\"personnummer\": \"$P2\", \"datum\": \"2024-04-01\", \"formular\": \"v2\"}"
reg 201 "{\"personnummer\": \"$P2\", \"startdatum\": \"2024-04-01\"}"
expect 200 da POST /deltagare/avidentifiera "{\"personnummer\": \"$P2\", \"orsak\": \"skyddad_identitet\"}"
jqeq .avidentifierade 1
expect 422 da POST "/insatser/$sv_it/samtycken" \
    "{\"personnummer\": \"$P2\", \"datum\": \"2024-05-01\", \"formular\": \"v2\"}"
err_is ogiltig_indata personnummer
reg 422 "{\"personnummer\": \"$P2\", \"startdatum\": \"2024-05-02\"}"
err_is ogiltig_indata personnummer
eq "$(sql "select count(*) from logg where handling = 'person.avidentifiera.webb' and anvandare = 'da' and roll = 'deltagaransvarig'")" \
    2 "avidentifieringarna i loggen med roll"

server_stop

# No personnummer of this test in the server log (complete now).
for p in "$P1" "$P2" 19900101 195807067896 200003154564 "$both" \
    710528-9925 199512242463; do
	lacks "$T/server.log" "$p"
done
finish
