# SPDX-License-Identifier: ISC
# Shared by the HTTP tests (t2xxx): a database from the e2e data, users
# with roles, a real "finsam serve" on a free loopback port (the kernel
# picks it; the server writes it to a file), and curl/jq helpers that
# keep the answer of the last request in $T/body and its status in
# $STATUS.  Every curl call has a time limit; the server is stopped with
# SIGTERM and must exit 0.
. "$(dirname "$0")/lib.sh"

DB="$T/finsam.db"
PW="ett-langt-losenord-2026"
SERVER_PID=""
BASE=""
STATUS=""
CURL_MAX=30

trap 'server_kill; rm -rf "$T"' EXIT

# The e2e database: förbund SV, FV, STH; insatser SV-IT, SV-UNG,
# SV-DIALOG, FV-TEAM, FV-KART, STH-VAG; 140 participations.
make_db() {
	"$FINSAM" --db "$DB" init >/dev/null || return 1
	for k in forbund insatser deltagande anonyma; do
		"$FINSAM" --db "$DB" import --tyst "$k" \
		    "$FINSAM_SRC/tests/data/e2e/$k.csv" >/dev/null || return 1
	done
}

# user NAME ROLE [--forbund KOD | --insats KOD]
user() {
	name=$1
	role=$2
	shift 2
	echo "$PW" | "$FINSAM" --db "$DB" anvandare skapa "$name" \
	    >/dev/null 2>"$T/user.err" || {
		fail "anvandare skapa $name: $(cat "$T/user.err")"
		return 1
	}
	"$FINSAM" --db "$DB" anvandare tilldela "$name" --roll "$role" "$@" \
	    >/dev/null 2>"$T/user.err" || {
		fail "anvandare tilldela $name $role: $(cat "$T/user.err")"
		return 1
	}
}

# The standard cast: one user per role, scoped to SV / SV-IT.
make_users() {
	user fadm forbundsadministrator --forbund SV &&
	user fadmfv forbundsadministrator --forbund FV &&
	user ia insatsansvarig --insats SV-IT &&
	user da deltagaransvarig --insats SV-IT &&
	user daung deltagaransvarig --insats SV-UNG &&
	user las lasare --forbund SV &&
	user ana analytiker &&
	user sys systemadministrator
}

# server_start [extra serve options]: start, wait (at most 10 s) for the
# port file, set $BASE.
server_start() {
	rm -f "$T/port"
	"$FINSAM" --db "$DB" serve --listen 127.0.0.1:0 --port-fil "$T/port" \
	    "$@" 2>>"$T/server.log" &
	SERVER_PID=$!
	i=0
	while [ ! -s "$T/port" ]; do
		i=$((i + 1))
		if [ $i -gt 100 ] || ! kill -0 "$SERVER_PID" 2>/dev/null; then
			fail "servern startade inte inom 10 s"
			sed 's/^/  server: /' "$T/server.log" >&2
			SERVER_PID=""
			return 1
		fi
		sleep 0.1
	done
	BASE="http://127.0.0.1:$(cat "$T/port")"
}

# server_stop: SIGTERM, wait (at most 30 s), expect exit 0.
server_stop() {
	[ -n "$SERVER_PID" ] || return 0
	kill -TERM "$SERVER_PID" 2>/dev/null
	i=0
	while kill -0 "$SERVER_PID" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 300 ]; then
			fail "servern stannade inte inom 30 s efter SIGTERM"
			kill -KILL "$SERVER_PID" 2>/dev/null
			break
		fi
		sleep 0.1
	done
	wait "$SERVER_PID"
	rc=$?
	SERVER_PID=""
	eq "$rc" 0 "serverns slutstatus efter SIGTERM"
	if [ "$rc" -ne 0 ]; then
		sed 's/^/  server: /' "$T/server.log" | tail -30 >&2
	fi
}

server_kill() {
	if [ -n "$SERVER_PID" ]; then
		kill -KILL "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
		SERVER_PID=""
	fi
}

# login NAME [PASSWORD]: a session for NAME in $T/NAME.jar and its CSRF
# token in $T/NAME.csrf.
login() {
	pw=${2:-$PW}
	body=$(jq -cn --arg u "$1" --arg p "$pw" \
	    '{anvandarnamn: $u, losenord: $p}')
	STATUS=$(curl -sS --max-time "$CURL_MAX" -o "$T/body" \
	    -w '%{http_code}' -c "$T/$1.jar" -D "$T/headers" \
	    -H 'Content-Type: application/json' --data-binary "$body" \
	    "$BASE/api/v1/inloggning")
	if [ "$STATUS" = 200 ]; then
		jq -r .csrf "$T/body" >"$T/$1.csrf"
	else
		fail "inloggning $1: status $STATUS"
		cat "$T/body" >&2
	fi
}

# req WHO METHOD PATH [JSON]: WHO is a logged-in user or "-" (none).
req() {
	who=$1
	m=$2
	path=$3
	set -- -sS --max-time "$CURL_MAX" -o "$T/body" -w '%{http_code}' \
	    -D "$T/headers" -X "$m"
	if [ "$who" != - ]; then
		set -- "$@" -b "$T/$who.jar" -c "$T/$who.jar" \
		    -H "X-CSRF-Token: $(cat "$T/$who.csrf")"
	fi
	if [ -n "${REQ_BODY:-}" ]; then
		set -- "$@" -H 'Content-Type: application/json' \
		    --data-binary "$REQ_BODY"
	fi
	STATUS=$(curl "$@" "$BASE/api/v1$path")
}

# call WHO METHOD PATH [JSON]
call() {
	REQ_BODY=${4:-}
	req "$1" "$2" "$3"
	REQ_BODY=""
}

# expect WANT WHO METHOD PATH [JSON]: the status must be WANT.
expect() {
	want=$1
	shift
	call "$@"
	if [ "$STATUS" = "$want" ]; then
		ok
	else
		fail "$2 $3 som $1: status $STATUS, väntade $want"
		head -c 600 "$T/body" | sed 's/^/  | /' >&2
		echo >&2
	fi
}

# upload WHO PATH FILE [content type]: POST a file as the body.
upload() {
	who=$1
	STATUS=$(curl -sS --max-time "$CURL_MAX" -o "$T/body" \
	    -w '%{http_code}' -D "$T/headers" -b "$T/$who.jar" \
	    -H "X-CSRF-Token: $(cat "$T/$who.csrf")" \
	    -H "Content-Type: ${4:-text/csv}" --data-binary "@$3" \
	    "$BASE/api/v1$2")
}

# jqeq FILTER WANT: jq FILTER of the last answer must print WANT.
jqeq() {
	got=$(jq -r "$1" "$T/body" 2>/dev/null)
	eq "$got" "$2" "jq $1"
}

# The error of the last answer: kod and falt.
err_is() {
	jqeq .fel.kod "$1"
	[ $# -lt 2 ] || jqeq .fel.falt "$2"
}

# logged TEXT: the server's access log gets TEXT within 5 s (a line is
# written when the request completes, which can be just after the
# client has its answer).
logged() {
	i=0
	while ! grep -qF -- "$1" "$T/server.log"; do
		i=$((i + 1))
		if [ $i -gt 50 ]; then
			fail "serverns logg saknar '$1'"
			return
		fi
		sleep 0.1
	done
	ok
}

# sql QUERY: run QUERY on the database.
sql() {
	sqlite3 -cmd '.timeout 5000' "$DB" "$1"
}

# insats_id KOD
insats_id() {
	sql "select id from insats where kod = '$1'"
}

# The number of refusals in the audit log for user NAME.
refusals() {
	sql "select count(*) from logg where handling = 'nekad' and anvandare = '$1'"
}
