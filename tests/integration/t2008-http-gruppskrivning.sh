#!/bin/sh
# SPDX-License-Identifier: ISC
# The group-commit writer and the session cache over HTTP: a burst of
# concurrent consents and registrations is stored exactly once each,
# with one audit entry each, and every 201 is in the database when the
# client has it; in a burst, a duplicate and a registration without
# consent are refused with their own errors while the others are
# stored; a read is in the audit log when its answer arrives; requests
# under way when SIGTERM comes are answered and stored (no answer
# without its row, no row without its answer); a logout ends the cached
# session at once; a user locked from the command line is out within
# the --session-kontroll bound (and, with a long bound, not before it:
# the cache is in use).
. "$(dirname "$0")/http_lib.sh"

make_db || { fail "databasen"; finish; exit 1; }
make_users
server_start --session-kontroll 2 || { finish; exit 1; }
login daung
sv_ung=$(insats_id SV-UNG)
N=30

# pnr I: a valid personnummer, born in March 1977, one per index.
pnr() {
	d=$(printf '7703%02d%03d' $((1 + $1 / 40)) $((900 + $1 % 40)))
	c=$(awk -v d="$d" 'BEGIN { s = 0
	    for (i = 1; i <= 9; i++) { v = substr(d, i, 1) * (i % 2 ? 2 : 1)
	    s += v > 9 ? v - 9 : v }
	    print (10 - s % 10) % 10 }')
	echo "19$d$c"
}

# A burst: add WHO PATH BODY NAME queues one POST; burst sends them all
# at once from one curl (every transfer on its own connection), and
# leaves the status of NAME in $T/NAME.code and its answer in
# $T/NAME.body ("000" when there was no answer).  burst_bg does the
# same in the background (burst_wait waits for it).
: >"$T/burst.cfg"
BURST=""
add() {
	{
		[ -s "$T/burst.cfg" ] && echo next
		echo "url = \"$BASE/api/v1$2\""
		echo "cookie = \"$T/$1.jar\""
		echo "header = \"X-CSRF-Token: $(cat "$T/$1.csrf")\""
		echo "header = \"Content-Type: application/json\""
		echo "data-binary = \"$(printf '%s' "$3" | sed 's/"/\\"/g')\""
		echo "output = \"$T/$4.body\""
		echo "dump-header = \"$T/$4.h\""
		echo "max-time = 60"
	} >>"$T/burst.cfg"
	BURST="$BURST $4"
}

burst_codes() {
	for n in $BURST; do
		if [ -s "$T/$n.h" ]; then
			awk 'NR == 1 { print $2 }' "$T/$n.h"
		else
			echo 000
		fi >"$T/$n.code"
	done
	: >"$T/burst.cfg"
	BURST=""
}

burst() {
	curl -sS --parallel --parallel-immediate --parallel-max 100 \
	    -K "$T/burst.cfg" 2>/dev/null
	burst_codes
}

# Slowly: each body at 10 kB/s, so that they are still coming in a
# while after the start.
burst_bg() {
	curl -sS --parallel --parallel-immediate --parallel-max 100 \
	    --limit-rate 10k -K "$T/burst.cfg" 2>/dev/null &
	BURST_PID=$!
}

burst_wait() {
	wait "$BURST_PID"
	burst_codes
}

consent() {
	printf '{"personnummer": "%s", "datum": "2026-05-01", "formular": "%s"}' \
	    "$(pnr "$1")" "$2"
}

register() {
	printf '{"personnummer": "%s", "startdatum": "2026-05-04", "utbildning": "gymnasium", "offentlig_forsorjning_tid": "1_3", "forsorjning_fore": ["a_kassa"], "arbete_fore": 0, "studier_fore": 0, "arbetssokande_fore": true}' \
	    "$(pnr "$1")"
}

# codes PREFIX: the status codes of $T/PREFIX*.code, sorted, counted.
codes() {
	cat "$T"/"$1"*.code | sort | uniq -c |
	    awk '{ printf "%s%s:%s", (NR > 1 ? " " : ""), $2, $1 }'
}

audited() {
	sql "select count(*) from logg where handling = '$1' and anvandare = 'daung'"
}

# ---- a burst of consents, then of registrations ----
s0=$(audited samtycke.registrera)
i=0
while [ $i -lt $N ]; do
	add daung "/insatser/$sv_ung/samtycken" "$(consent $i skur)" "s$i"
	i=$((i + 1))
done
burst
eq "$(codes s)" "201:$N" "samtycken i en skur"
eq "$(sql "select count(*) from samtycke where formular_version = 'skur'")" \
    "$N" "varje samtycke sparat en gång"
eq "$(audited samtycke.registrera)" $((s0 + N)) "ett loggat samtycke vardera"

# The same registrations, plus the first person once more (the same
# day: one of the two is refused) and a person without consent.
d0=$(audited deltagande.registrera)
i=0
while [ $i -lt $N ]; do
	add daung "/insatser/$sv_ung/deltaganden" "$(register $i)" "d$i"
	i=$((i + 1))
done
add daung "/insatser/$sv_ung/deltaganden" "$(register 0)" "dx"
add daung "/insatser/$sv_ung/deltaganden" "$(register 99)" "dy"
burst
eq "$(codes d)" "201:$N 409:1 422:1" "registreringar i en skur"
if [ "$(cat "$T/dx.code")" = 409 ]; then
	dup="$T/dx.body"
else
	dup="$T/d0.body"
fi
eq "$(jq -r '.fel.kod + " " + .fel.falt' "$dup")" "konflikt startdatum" \
    "dubbletten nekas med sitt fel"
eq "$(jq -r '.fel.kod + " " + .fel.falt' "$T/dy.body")" \
    "ogiltig_indata samtycke_datum" "utan samtycke nekas med sitt fel"
eq "$(sql "select count(*) from deltagande where insats_id = $sv_ung and startdatum = '2026-05-04'")" \
    "$N" "varje registrering sparad en gång"
eq "$(audited deltagande.registrera)" $((d0 + N)) \
    "en loggad registrering vardera, ingen för de nekade"
# Every answer names its own, stored participation.
for f in "$T"/d*.body; do
	jq -r '.id // empty' "$f"
done | sort -u >"$T/ids"
eq "$(wc -l <"$T/ids" | tr -d ' ')" "$N" "olika id i svaren"
eq "$(sql "select count(*) from deltagande where id in ($(paste -sd, "$T/ids"))")" \
    "$N" "svarens id finns i databasen"

# ---- a read is in the log when its answer comes ----
r0=$(audited deltagande.lista)
expect 200 daung GET "/insatser/$sv_ung/deltaganden?per_sida=10"
eq "$(audited deltagande.lista)" $((r0 + 1)) "läsningen loggad före svaret"
# So is a refusal, on a cached session.
login da
expect 200 da GET /jag
n0=$(refusals da)
expect 403 da GET "/insatser/$sv_ung/deltaganden"
eq "$(refusals da)" $((n0 + 1)) "vägrandet loggat före svaret"

# ---- requests under way at SIGTERM: answered and stored, or neither ----
# Bodies of 15 kB (JSON allows the spaces) take 1.5 s each to send.
pad=$(head -c 15000 /dev/zero | tr '\0' ' ')
i=0
while [ $i -lt $N ]; do
	add daung "/insatser/$sv_ung/samtycken" \
	    "$(consent $((N + i)) stopp)$pad" "t$i"
	i=$((i + 1))
done
burst_bg
sleep 0.7
kill -TERM "$SERVER_PID"
burst_wait
# It stops by itself (server_stop would send a second SIGTERM).
i=0
while kill -0 "$SERVER_PID" 2>/dev/null && [ $i -lt 300 ]; do
	i=$((i + 1))
	sleep 0.1
done
wait "$SERVER_PID"
eq "$?" 0 "slutstatus efter SIGTERM mitt i skuren"
SERVER_PID=""
has "$T/server.log" "stoppad (skrivaren:"
got=$(cat "$T"/t*.code | grep -c '^201$')
[ "$got" -gt 0 ] && ok || fail "ingen förfrågan pågick vid SIGTERM"
eq "$(sql "select count(*) from samtycke where formular_version = 'stopp'")" \
    "$got" "samtycken besvarade med 201 = sparade"
eq "$(cat "$T"/t*.code | grep -v -c -e '^201$' -e '^000$')" 0 \
    "inga andra svar än 201 eller ingen anslutning"

# ---- logout ends the cached session at once ----
server_start --session-kontroll 60 || { finish; exit 1; }
login daung
expect 200 daung GET /jag
expect 200 daung GET /jag
cp "$T/daung.jar" "$T/old.jar"
expect 200 daung POST /utloggning
STATUS=$(curl -sS --max-time 10 -o "$T/body" -w '%{http_code}' \
    -b "$T/old.jar" "$BASE/api/v1/jag")
eq "$STATUS" 401 "den cachade sessionen efter utloggning"

# ---- locked from the command line: not before the bound is used up
# (60 s here: the cache answers), and within it (2 s below) ----
login las
expect 200 las GET /jag
run 0 "$FINSAM" --db "$DB" anvandare sparra las
expect 200 las GET /jag
server_stop
run 0 "$FINSAM" --db "$DB" anvandare sparra las --hav
server_start --session-kontroll 2 || { finish; exit 1; }
login las
expect 200 las GET /jag
run 0 "$FINSAM" --db "$DB" anvandare sparra las
t0=$(date +%s%N)
while :; do
	STATUS=$(curl -sS --max-time 10 -o "$T/body" -w '%{http_code}' \
	    -b "$T/las.jar" "$BASE/api/v1/jag")
	t1=$(date +%s%N)
	[ "$STATUS" = 200 ] || break
	[ $(((t1 - t0) / 1000000)) -lt 10000 ] || break
	sleep 0.1
done
eq "$STATUS" 401 "spärrad användare ute"
ms=$(((t1 - t0) / 1000000))
# The bound is 2 s; one more for the request and the clock's seconds.
[ "$ms" -le 3000 ] && ok ||
    fail "spärren märktes efter $ms ms, gränsen är 2 s"
server_stop

finish
