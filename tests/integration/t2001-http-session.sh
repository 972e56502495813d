#!/bin/sh
# SPDX-License-Identifier: ISC
# Sessions over HTTP: login (cookie attributes, CSRF token, the same
# answer for an unknown user and a wrong password, bad bodies), "who am
# I" with roles and the start page's to-do list, the CSRF token on
# every state-changing request, logout ending the session on the
# server, idle and absolute timeouts, a locked user, the code lists.
# Every refusal is in the audit log.  (How soon changes made outside
# the server count is t2008's subject.)
. "$(dirname "$0")/http_lib.sh"

make_db || { fail "databasen"; finish; exit 1; }
make_users
# The server trusts a session it checked less than a second ago; the
# changes this test makes behind its back (the clock moved in the
# database, a user locked from the command line) count after that.
server_start --session-kontroll 1 || { finish; exit 1; }
# Let the server's session check run out after a change made outside.
outside() {
	sleep 1.1
}

# ---- login ----
login da
eq "$STATUS" 200 "inloggning"
has "$T/headers" "Set-Cookie: finsam_session="
has "$T/headers" "; Path=/; HttpOnly; SameSite=Strict"
lacks "$T/headers" "Secure"
jqeq .anvandarnamn da
jqeq '.csrf | test("^[0-9a-f]{64}$")' true
jqeq '.giltig_till | test("^[0-9-]{10}T")' true
lacks "$T/body" "$PW"

expect 401 - POST /inloggning '{"anvandarnamn": "da", "losenord": "fel-losenord-12345"}'
err_is inloggning_misslyckades
cp "$T/body" "$T/wrongpw"
expect 401 - POST /inloggning '{"anvandarnamn": "finnsinte", "losenord": "fel-losenord-12345"}'
err_is inloggning_misslyckades
eq "$(jq -c .fel "$T/body")" "$(jq -c .fel "$T/wrongpw")" \
    "samma svar för okänd användare och fel lösenord"
lacks "$T/headers" "Set-Cookie"
expect 422 - POST /inloggning '{"anvandarnamn": "da"}'
err_is ogiltig_indata losenord
expect 422 - POST /inloggning '{"anvandarnamn": "da", "losenord": "x", "roll": "admin"}'
err_is ogiltig_indata roll
expect 422 - POST /inloggning '{"anvandarnamn": "da", "losenord": 12}'
err_is ogiltig_indata losenord
expect 422 - POST /inloggning '{"anvandarnamn": "da", "losenord": '
err_is ogiltig_indata json
expect 422 - POST /inloggning '["da"]'
err_is ogiltig_indata json
expect 422 - POST /inloggning '{"anvandarnamn": "da", "anvandarnamn": "x", "losenord": "y"}'
err_is ogiltig_indata json
eq "$(sql "select count(*) from logg where handling = 'inloggning' and utfall = 'fel'")" \
    2 "misslyckade inloggningar i loggen"

# ---- who am I ----
expect 401 - GET /jag
err_is ej_inloggad
expect 200 da GET /jag
jqeq .anvandarnamn da
jqeq '.roller[0].roll' deltagaransvarig
jqeq '.roller[0].insats' SV-IT
jqeq .csrf "$(cat "$T/da.csrf")"
# SV-IT ended 2024-12-31 with one participation still open, and three
# finished ones without exit data.
jqeq '[.att_gora[] | select(.typ == "oppna_efter_slut")][0].insats_kod' SV-IT
jqeq '[.att_gora[] | select(.typ == "oppna_efter_slut")][0].antal' 1
jqeq '[.att_gora[] | select(.typ == "saknar_utdata")][0].antal' 3
# FV-KART ended 2023-06-30 without a decision on what follows.
login fadmfv
expect 200 fadmfv GET /jag
jqeq '[.att_gora[] | select(.typ == "insats_utan_beslut")] | map(.insats_kod) | join(",")' FV-KART
jqeq '[.att_gora[] | select(.typ == "oppna_efter_slut")] | length' 0
# The insatsansvarig of SV-IT gets the decision to make for SV-IT.
login ia
expect 200 ia GET /jag
jqeq '[.att_gora[] | select(.typ == "insats_utan_beslut")] | map(.insats_kod) | join(",")' SV-IT
jqeq '[.att_gora[] | select(.typ == "saknar_utdata")] | length' 0

# ---- code lists ----
expect 200 da GET /koder
jqeq '.utbildning | map(.kod) | join(",")' \
    "forgymnasial_under_9,grundskola,gymnasium,eftergymnasial,okand"
jqeq '.avslutsanledning | length' 10

# ---- CSRF ----
before=$(refusals da)
body='{"kvinnor": 1, "man": 1}'
sv_it=$(insats_id SV-IT)
STATUS=$(curl -sS --max-time 10 -o "$T/body" -w '%{http_code}' \
    -b "$T/da.jar" -X PUT -H 'Content-Type: application/json' \
    --data-binary "$body" "$BASE/api/v1/insatser/$sv_it/anonyma/2023")
eq "$STATUS" 403 "utan CSRF-token"
err_is csrf X-CSRF-Token
STATUS=$(curl -sS --max-time 10 -o "$T/body" -w '%{http_code}' \
    -b "$T/da.jar" -X PUT -H 'Content-Type: application/json' \
    -H "X-CSRF-Token: $(cat "$T/ia.csrf")" \
    --data-binary "$body" "$BASE/api/v1/insatser/$sv_it/anonyma/2023")
eq "$STATUS" 403 "med en annan sessions CSRF-token"
err_is csrf
eq "$(refusals da)" $((before + 2)) "CSRF-vägrandena i loggen"
eq "$(sql "select count(*) from anonyma where ar = 2023")" 0 "inget sparades"
expect 200 da PUT "/insatser/$sv_it/anonyma/2023" "$body"
# A GET needs no token.
STATUS=$(curl -sS --max-time 10 -o "$T/body" -w '%{http_code}' \
    -b "$T/da.jar" "$BASE/api/v1/jag")
eq "$STATUS" 200 "GET utan CSRF-token"

# ---- logout ----
STATUS=$(curl -sS --max-time 10 -o "$T/body" -w '%{http_code}' \
    -b "$T/da.jar" -X POST "$BASE/api/v1/utloggning")
eq "$STATUS" 403 "utloggning utan CSRF-token"
err_is csrf
expect 200 da GET /jag
expect 405 - POST /openapi.json
cp "$T/da.jar" "$T/old.jar"
expect 200 da POST /utloggning
jqeq .utloggad true
has "$T/headers" "finsam_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
before=$(refusals anonym)
STATUS=$(curl -sS --max-time 10 -o "$T/body" -w '%{http_code}' \
    -b "$T/old.jar" "$BASE/api/v1/jag")
eq "$STATUS" 401 "den gamla sessionen efter utloggning"
jqeq .fel.meddelande "sessionen är ogiltig eller har gått ut: logga in igen"
eq "$(refusals anonym)" $((before + 1)) "vägrandet i loggen"
eq "$(sql "select count(*) from logg where handling = 'utloggning'")" 1 \
    "utloggningen i loggen"

# ---- timeouts (the clock is moved in the database) ----
login da
sql "update session set senast = senast - 1801 where anvandare_id =
    (select id from anvandare where namn = 'da')"
outside
before=$(refusals anonym)
expect 401 da GET /jag
err_is ej_inloggad
eq "$(refusals anonym)" $((before + 1)) "utgången session i loggen"
login da
expect 200 da GET /jag
sql "update session set senast = senast - 1700 where anvandare_id =
    (select id from anvandare where namn = 'da')"
expect 200 da GET /jag
sql "update session set skapad = skapad - 43201 where anvandare_id =
    (select id from anvandare where namn = 'da')"
outside
expect 401 da GET /jag
expect 401 da PUT "/insatser/$sv_it/anonyma/2023" "$body"

# ---- a locked user is out at once ----
login las
expect 200 las GET /jag
run 0 "$FINSAM" --db "$DB" anvandare sparra las
outside
expect 401 las GET /jag
expect 401 - POST /inloggning "{\"anvandarnamn\": \"las\", \"losenord\": \"$PW\"}"

server_stop
finish
