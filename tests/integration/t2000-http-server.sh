#!/bin/sh
# SPDX-License-Identifier: ISC
# finsam serve as a server: start on a free port, the built-in web
# files, 404/405, the body limit (413), the headers every answer
# carries, the access log (no query values, no personnummer), the
# --secure-cookies flag, bad options, and the graceful shutdown: after
# SIGTERM no new connection is accepted, the request in flight still
# gets its answer, and the server exits 0.
. "$(dirname "$0")/http_lib.sh"

make_db || { fail "databasen"; finish; exit 1; }
user fadm forbundsadministrator --forbund SV
user da deltagaransvarig --insats SV-IT

run 0 "$FINSAM" serve --help
has "$T/out" "användning: finsam serve"
run 1 "$FINSAM" --db "$DB" serve --listen nonsens
has "$T/err" "listen"
run 1 "$FINSAM" --db "$DB" serve --tradar 0
has "$T/err" "tradar"
run 1 "$FINSAM" --db "$T/saknas.db" serve --listen 127.0.0.1:0
has "$T/err" "finns inte"

server_start || { finish; exit 1; }
has "$T/server.log" "lyssnar på"

# A second server on the same port is refused.
run 1 "$FINSAM" --db "$DB" serve --listen "127.0.0.1:$(cat "$T/port")"
has "$T/err" "kunde inte starta"

# The built-in web UI: / is index.html, Swedish, with an ETag.
code=$(curl -sS --max-time 10 -o "$T/index" -D "$T/h" -w '%{http_code}' \
    "$BASE/")
eq "$code" 200 "GET /"
has "$T/index" 'lang="sv"'
has "$T/h" "Content-Type: text/html; charset=utf-8"
has "$T/h" "X-Content-Type-Options: nosniff"
has "$T/h" "Content-Security-Policy: default-src 'self'"
etag=$(sed -n 's/^ETag: \(.*\)\r$/\1/p' "$T/h")
[ -n "$etag" ] && ok || fail "ETag saknas"
code=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' \
    -H "If-None-Match: $etag" "$BASE/")
eq "$code" 304 "If-None-Match"
code=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' \
    "$BASE/index.html")
eq "$code" 200 "GET /index.html"
code=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' -I "$BASE/")
eq "$code" 200 "HEAD /"
code=$(curl -sS --max-time 10 -o "$T/body" -w '%{http_code}' \
    "$BASE/finnsinte.html")
eq "$code" 404 "okänd fil"
jqeq .fel.kod finns_inte
code=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' \
    "$BASE/../../etc/passwd")
eq "$code" 404 "ingen väg ut ur webbkatalogen"

# Unknown API paths and methods.
expect 404 - GET /finnsinte
err_is finns_inte
expect 405 - DELETE /jag
err_is metod_ej_tillaten
has "$T/headers" "Allow: GET"
code=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' -X OPTIONS \
    "$BASE/api/v1/jag")
eq "$code" 405 "OPTIONS"

# Every API answer: JSON, no caching, a request id.
expect 401 - GET /jag
has "$T/headers" "Content-Type: application/json"
has "$T/headers" "Cache-Control: no-store"
has "$T/headers" "X-Request-Id: "
jqeq '.fel | keys | join(",")' "falt,kod,meddelande"

# The body limit: 413 beyond 1 MiB, announced or not.
login fadm
{
	printf '{"namn": "x"'
	head -c 1100000 /dev/zero | tr '\0' ' '
	printf '}'
} >"$T/big.json"
for expect_hdr in "Expect:" "Expect: 100-continue"; do
	code=$(curl -sS --max-time 30 -o "$T/body" -w '%{http_code}' \
	    -b "$T/fadm.jar" -H "X-CSRF-Token: $(cat "$T/fadm.csrf")" \
	    -H 'Content-Type: application/json' -H "$expect_hdr" \
	    -X PATCH --data-binary "@$T/big.json" "$BASE/api/v1/forbund/SV")
	eq "$code" 413 "för stor kropp ($expect_hdr)"
	jqeq .fel.kod for_stor
done
# Chunked, so that the size is known only while reading.
code=$(curl -sS --max-time 30 -o "$T/body" -w '%{http_code}' \
    -b "$T/fadm.jar" -H "X-CSRF-Token: $(cat "$T/fadm.csrf")" \
    -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' \
    -X PATCH --data-binary "@$T/big.json" "$BASE/api/v1/forbund/SV")
eq "$code" 413 "för stor kropp i bitar"
eq "$(sql "select namn from forbund where kod = 'SV'")" \
    "Samordningsförbundet Södra Vätterbygden" "inget ändrades"
# Just under the limit is read.
{
	printf '{"namn": "Södra Vätterbygden"'
	head -c 1000000 /dev/zero | tr '\0' ' '
	printf '}'
} >"$T/ok.json"
code=$(curl -sS --max-time 30 -o "$T/body" -w '%{http_code}' \
    -b "$T/fadm.jar" -H "X-CSRF-Token: $(cat "$T/fadm.csrf")" \
    -H 'Content-Type: application/json' \
    -X PATCH --data-binary "@$T/ok.json" "$BASE/api/v1/forbund/SV")
eq "$code" 200 "kropp under gränsen"

# Keep-alive survives an error answer (the body is drained).
code=$(curl -sS --max-time 10 -o /dev/null -o /dev/null \
    -w '%{http_code} %{num_connects}\n' "$BASE/api/v1/jag" \
    "$BASE/api/v1/openapi.json" | tr '\n' ' ')
eq "$code" "401 1 200 0 " "samma anslutning efter ett fel"

# The access log: one line per request, query keys without values,
# never a personnummer.
login da
expect 200 fadm GET "/rapporter/utfall?forbund=SV&fran=2020-01-01&till=2026-12-31"
expect 200 da POST /deltagare/sok '{"personnummer": "196202019870"}'
expect 200 da GET "/insatser/$(insats_id SV-IT)/deltaganden?per_sida=50"
logged "sokvag=/api/v1/rapporter/utfall?forbund&fran&till status=200"
lacks "$T/server.log" "2020-01-01"
logged "metod=POST sokvag=/api/v1/deltagare/sok status=200"
logged "anvandare=da"
lacks "$T/server.log" "6202019870"
lacks "$T/server.log" "losenord"
# A personnummer typed into an address by mistake is masked in the log.
expect 404 da GET /deltagare/196202019870
logged "sokvag=/api/v1/deltagare/#"
lacks "$T/server.log" "196202019870"

# X-Forwarded-For counts only from the trusted proxy.
code=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' \
    -H 'X-Forwarded-For: 203.0.113.7' "$BASE/xff-prov")
eq "$code" 404 "X-Forwarded-For utan betrodd proxy"
logged "klient=127.0.0.1 metod=GET sokvag=/xff-prov"
lacks "$T/server.log" "203.0.113.7"

# Graceful shutdown: a slow request in flight gets its answer, new
# connections are refused, and the server exits 0.
{
	printf '{"namn": "Långsam"'
	head -c 120000 /dev/zero | tr '\0' ' '
	printf '}'
} >"$T/slow.json"
curl -sS --max-time 60 --limit-rate 20k -o "$T/slow.out" \
    -w '%{http_code}' -b "$T/fadm.jar" \
    -H "X-CSRF-Token: $(cat "$T/fadm.csrf")" \
    -H 'Content-Type: application/json' -H 'Expect:' -X PATCH \
    --data-binary "@$T/slow.json" "$BASE/api/v1/forbund/SV" \
    >"$T/slow.code" 2>"$T/slow.err" &
slow=$!
sleep 1
kill -TERM "$SERVER_PID"
i=0
while :; do
	code=$(curl -sS --max-time 2 -o /dev/null -w '%{http_code}' \
	    "$BASE/api/v1/openapi.json" 2>/dev/null)
	[ "$code" = 000 ] && break
	i=$((i + 1))
	[ $i -lt 25 ] || break
	sleep 0.2
done
eq "$code" 000 "ny anslutning efter SIGTERM"
kill -0 "$slow" 2>/dev/null && ok ||
    fail "förfrågan var klar innan servern slutade ta emot"
wait "$slow"
eq "$(cat "$T/slow.code")" 200 "förfrågan under nedstängningen"
eq "$(jq -r .namn "$T/slow.out")" "Långsam" "svaret på den förfrågan"
server_stop
has "$T/server.log" "SIGTERM mottagen"
has "$T/server.log" "stoppad"
eq "$(sql "select namn from forbund where kod = 'SV'")" "Långsam" \
    "ändringen sparades före nedstängningen"

run 1 "$FINSAM" --db "$DB" serve --betrodd-proxy proxy.example
has "$T/err" "betrodd-proxy"

# SIGINT stops it too; --secure-cookies marks the cookie Secure; the
# proxy's X-Forwarded-For names the client in the logs.
server_start --secure-cookies --betrodd-proxy 127.0.0.1 ||
    { finish; exit 1; }
login fadm
has "$T/headers" "; Secure"
has "$T/headers" "HttpOnly"
code=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' \
    -H 'X-Forwarded-For: 198.51.100.1, 203.0.113.7' \
    -H 'Content-Type: application/json' \
    --data-binary '{"anvandarnamn": "fadm", "losenord": "fel-losenord-123"}' \
    "$BASE/api/v1/inloggning")
eq "$code" 401 "fel lösenord bakom proxyn"
logged "klient=203.0.113.7 metod=POST"
eq "$(sql "select klientadress from logg where handling = 'inloggning' and utfall = 'fel'")" \
    203.0.113.7 "klientens adress i granskningsloggen"
code=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' \
    -H 'X-Forwarded-For: inte-en-adress' "$BASE/api/v1/openapi.json")
logged "klient=127.0.0.1 metod=GET sokvag=/api/v1/openapi.json"
kill -INT "$SERVER_PID"
wait "$SERVER_PID"
eq "$?" 0 "slutstatus efter SIGINT"
SERVER_PID=""

finish
