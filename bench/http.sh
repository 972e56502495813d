#!/bin/sh
# SPDX-License-Identifier: ISC
# make bench-http: the HTTP server under wrk on loopback (64
# connections), against a database with 1 000 000 participations:
#   (a) the outcome report as JSON, riket if any role may ask for it
#       (else the förbund level, said loudly),
#   (b) a static file of about the same size from the same server,
#   (c) participant registrations (consent, then registration, each a
#       durable commit) for new persons: consent and registration mixed
#       on the same connections, and registrations alone (of persons
#       consented by a run just before),
# with the ratios to (b).  Each server thread count in BENCH_TRADAR is
# one server and one round of runs.
#
#   bench/http.sh [BUILDDIR]
#   BENCH_N=1000000 BENCH_TID=15 BENCH_TRADAR="2 4" (environment)
#   BENCH_BASIS=DIR (keep the imported database there and reuse it)
#
# Everything lives in a temporary directory that is removed at the end;
# the server listens on 127.0.0.1 only and is stopped with SIGTERM.
set -eu

B=${1:-build}
N=${BENCH_N:-1000000}
DUR=${BENCH_TID:-15}
TRADAR=${BENCH_TRADAR:-2 4}
CONN=64
WRK_THREADS=2
PW="ett-langt-losenord-2026"
FRAN=2019-01-01
TILL=2024-12-31

SRC=$(cd "$(dirname "$0")/.." && pwd)
FINSAM=$(cd "$B" 2>/dev/null && pwd)/finsam
if [ ! -x "$FINSAM" ]; then
	echo "bench/http.sh: $B/finsam saknas (bygg först: make)" >&2
	exit 1
fi
if ! command -v wrk >/dev/null 2>&1; then
	echo "bench/http.sh: installerar wrk" >&2
	apt-get install -y wrk >/dev/null || {
		echo "bench/http.sh: wrk saknas och kunde inte installeras" >&2
		exit 1
	}
fi
for c in curl jq awk; do
	command -v "$c" >/dev/null 2>&1 || {
		echo "bench/http.sh: $c saknas" >&2
		exit 1
	}
done

D=$(mktemp -d /tmp/finsam-benchhttp-XXXXXX)
DB="$D/bench.db"
SERVER_PID=""
FAILED=0

server_stop() {
	[ -n "$SERVER_PID" ] || return 0
	kill -TERM "$SERVER_PID" 2>/dev/null || true
	i=0
	while kill -0 "$SERVER_PID" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 300 ]; then
			echo "FEL: servern stannade inte inom 30 s efter SIGTERM" >&2
			kill -KILL "$SERVER_PID" 2>/dev/null || true
			FAILED=1
			break
		fi
		sleep 0.1
	done
	rc=0
	wait "$SERVER_PID" || rc=$?
	SERVER_PID=""
	if [ "$rc" -ne 0 ]; then
		echo "FEL: serverns slutstatus $rc" >&2
		FAILED=1
	fi
}

cleanup() {
	server_stop
	rm -rf "$D"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the database ----

# BENCH_BASIS=DIR keeps the imported database (before any user exists)
# in DIR and reuses it on the next run with the same N: the import takes
# minutes and is not what is measured here.
BASIS=${BENCH_BASIS:-}
if [ -n "$BASIS" ] && [ -s "$BASIS/n" ] && [ "$(cat "$BASIS/n")" = "$N" ]; then
	echo "== databas: $N deltaganden, kopierad från $BASIS"
	cp "$BASIS/bench.db" "$DB"
	cp "$BASIS/bench.db.nyckel" "$DB.nyckel"
	chmod 600 "$DB" "$DB.nyckel"
	INSATS_KOD=$(cat "$BASIS/insats")
	FORBUND_KOD=$(cat "$BASIS/forbund")
else
	echo "== databas: $N deltaganden (finsam generera --forbund 80 --seed 7)"
	"$FINSAM" generera --forbund 80 --deltagande "$N" --seed 7 \
	    --ut "$D/gen" >/dev/null
	t0=$(date +%s)
	"$FINSAM" --db "$DB" init >/dev/null
	for k in forbund insatser deltagande anonyma; do
		"$FINSAM" --db "$DB" import --tyst "$k" "$D/gen/$k.csv" \
		    >/dev/null
	done
	t1=$(date +%s)
	echo "   import: $((t1 - t0)) s"

	# An ongoing insats with individual follow-up in the first förbund.
	INSATS_KOD=$(awk -F, 'NR > 1 && $6 == "individ" && $8 == "" {
	    print $1; exit }' "$D/gen/insatser.csv")
	FORBUND_KOD=$(awk -F, -v k="$INSATS_KOD" '$1 == k { print $2 }' \
	    "$D/gen/insatser.csv")
	rm -rf "$D/gen"
	if [ -n "$BASIS" ]; then
		mkdir -p "$BASIS"
		"$FINSAM" --db "$DB" rapport utfall --fran "$FRAN" \
		    --till "$TILL" --riket >/dev/null
		cp "$DB" "$BASIS/bench.db"
		cp "$DB.nyckel" "$BASIS/bench.db.nyckel"
		echo "$INSATS_KOD" >"$BASIS/insats"
		echo "$FORBUND_KOD" >"$BASIS/forbund"
		echo "$N" >"$BASIS/n"
	fi
fi

user() {
	echo "$PW" | "$FINSAM" --db "$DB" anvandare skapa "$1" >/dev/null
	n=$1
	shift
	"$FINSAM" --db "$DB" anvandare tilldela "$n" --roll "$@" >/dev/null
}
user fadm forbundsadministrator --forbund "$FORBUND_KOD"
user da deltagaransvarig --insats "$INSATS_KOD"
user ana analytiker
user las lasare --forbund "$FORBUND_KOD"
echo "   användare: fadm (förbundsadministratör $FORBUND_KOD)," \
    "da (deltagaransvarig $INSATS_KOD), ana (analytiker)," \
    "las (läsare $FORBUND_KOD)"

# ---- the server ----

server_start() {
	rm -f "$D/port"
	"$FINSAM" --db "$DB" serve --listen 127.0.0.1:0 --port-fil "$D/port" \
	    --tradar "$1" 2>>"$D/server.log" &
	SERVER_PID=$!
	i=0
	while [ ! -s "$D/port" ]; do
		i=$((i + 1))
		if [ $i -gt 100 ] || ! kill -0 "$SERVER_PID" 2>/dev/null; then
			echo "FEL: servern startade inte inom 10 s" >&2
			tail -20 "$D/server.log" >&2
			SERVER_PID=""
			exit 1
		fi
		sleep 0.1
	done
	BASE="http://127.0.0.1:$(cat "$D/port")"
}

# login NAME: $D/NAME.cookie (the Cookie header) and $D/NAME.csrf.
login() {
	curl -sS --max-time 30 -o "$D/login.json" -c "$D/$1.jar" \
	    -H 'Content-Type: application/json' \
	    --data-binary "{\"anvandarnamn\": \"$1\", \"losenord\": \"$PW\"}" \
	    "$BASE/api/v1/inloggning"
	jq -r .csrf "$D/login.json" >"$D/$1.csrf"
	awk '$6 == "finsam_session" { print "finsam_session=" $7 }' \
	    "$D/$1.jar" >"$D/$1.cookie"
	if [ ! -s "$D/$1.cookie" ]; then
		echo "FEL: inloggningen som $1 gav ingen session" >&2
		exit 1
	fi
}

# get WHO PATH OUT: HTTP status of GET PATH as WHO, body in OUT.
get() {
	curl -sS --max-time 60 -o "$3" -w '%{http_code}' \
	    -H "Cookie: $(cat "$D/$1.cookie")" "$BASE$2"
}

# The report: every GET route of the outcome report in the route table
# that gives JSON, as every role, first at riket level; the first 200
# whose niva.typ is riket wins.  Sets REPORT_WHO, REPORT_PATH, NIVA.
find_report() {
	REPORT_WHO=""
	routes=$(grep -o '"/rapporter/utfall[^"]*"' "$SRC/src/http/route.c" |
	    tr -d '"' | grep -v -e '/csv$' -e '/svg$' | sort -u)
	for r in $routes; do
		for who in ana las fadm da; do
			p="/api/v1$r?fran=$FRAN&till=$TILL"
			st=$(get "$who" "$p" "$D/rapport.json")
			typ=$(jq -r '.niva.typ // empty' "$D/rapport.json" \
			    2>/dev/null || true)
			if [ "$st" = 200 ] && [ "$typ" = riket ]; then
				REPORT_WHO=$who
				REPORT_PATH=$p
				NIVA=riket
				NIVA_KORT=riket
				return
			fi
		done
	done
	echo "OBS: ingen roll når riket-rapporten (vägar i route.c:" \
	    $routes "); mäter förbundsnivån ($FORBUND_KOD) i stället" >&2
	REPORT_WHO=fadm
	REPORT_PATH="/api/v1/rapporter/utfall?forbund=$FORBUND_KOD&fran=$FRAN&till=$TILL"
	NIVA="förbund $FORBUND_KOD (INTE riket: ingen roll når riket)"
	NIVA_KORT="förbund $FORBUND_KOD, EJ riket"
	st=$(get fadm "$REPORT_PATH" "$D/rapport.json")
	if [ "$st" != 200 ]; then
		echo "FEL: förbundsrapporten gav status $st" >&2
		exit 1
	fi
}

# The file of web/ (built into the binary) whose size served is nearest
# to SIZE, asked for with the same session cookie as the report, as a
# browser would.  Sets STATIC_PATH, STATIC_SIZE.
find_static() {
	best=""
	for f in $(cd "$SRC/web" && find . -type f | sed 's|^\./||' | sort); do
		st=$(get "$REPORT_WHO" "/$f" "$D/static.out" 2>/dev/null ||
		    true)
		[ "$st" = 200 ] || continue
		sz=$(wc -c <"$D/static.out")
		d=$((sz > $1 ? sz - $1 : $1 - sz))
		if [ -z "$best" ] || [ "$d" -lt "$best" ]; then
			best=$d
			STATIC_PATH="/$f"
			STATIC_SIZE=$sz
		fi
	done
	if [ -z "$best" ]; then
		echo "FEL: servern ger ingen fil ur web/" >&2
		exit 1
	fi
}

# result FILE KEY: the RESULT line KEY that the wrk script printed.
result() {
	awk -v k="$2" '$1 == "RESULT" && $2 == k { print $3 }' "$1"
}

# run NAME WHO URL [SCRIPT ARGS...]: wrk, output in $D/NAME.out.
run() {
	name=$1
	who=$2
	url=$3
	shift 3
	script=$SRC/bench/http_get.lua
	if [ $# -gt 0 ]; then
		script=$SRC/bench/http_registrera.lua
		set -- -- "$@"
	fi
	echo "-- $name: wrk -t$WRK_THREADS -c$CONN -d${DUR}s --timeout 10s" \
	    "--latency -s $(basename "$script") $url $*"
	wrk -t"$WRK_THREADS" -c"$CONN" -d"${DUR}s" --timeout 10s --latency \
	    -H "Cookie: $(cat "$D/$who.cookie")" \
	    -H "X-CSRF-Token: $(cat "$D/$who.csrf")" \
	    -s "$script" "$url" "$@" >"$D/$name.out" 2>&1 || {
		echo "FEL: wrk misslyckades" >&2
		cat "$D/$name.out" >&2
		exit 1
	}
	sed -n '/Latency Distribution/,/Transfer/p' "$D/$name.out" |
	    sed 's/^/   /'
	if grep -q FELSVAR "$D/$name.out"; then
		echo "   felsvar (de första):"
		sed -n '/^FELSVAR/,$p' "$D/$name.out" | sed 1d | head -5 |
		    sed 's/^/     /'
	fi
	if ! kill -0 "$SERVER_PID" 2>/dev/null; then
		echo "FEL: servern har stannat under $name" >&2
		tail -30 "$D/server.log" >&2
		SERVER_PID=""
		exit 1
	fi
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'
}

goal() {
	awk -v v="$1" -v op="$2" -v m="$3" 'BEGIN {
		ok = (op == ">=") ? v >= m : v <= m
		print ok ? "uppfyllt" : "EJ uppfyllt"
	}'
}

TODAY=$(date -u +%Y-%m-%d)
INSATS_ID=""
BASE_NR=0
SUMMARY="$D/summary"
# the server's own lines at start and stop (the rest is the access log)
SERVER_NOTES='^finsam serve: \(lyssnar\|SIGTERM mottagen\|stoppad\)'
: >"$SUMMARY"

for tr in $TRADAR; do
	echo
	echo "== finsam serve --tradar $tr ($(nproc) kärnor, wrk på samma maskin)"
	: >"$D/server.log"
	server_start "$tr"
	for u in fadm da ana las; do
		login "$u"
	done
	if [ -z "$INSATS_ID" ]; then
		st=$(get fadm "/api/v1/forbund/$FORBUND_KOD/insatser?per_sida=500" \
		    "$D/insatser.json")
		INSATS_ID=$(jq -r --arg k "$INSATS_KOD" \
		    '.. | objects | select(.kod? == $k) | .id' \
		    "$D/insatser.json" | head -1)
		if [ -z "$INSATS_ID" ] || [ "$INSATS_ID" = null ]; then
			echo "FEL: hittar inte insatsen $INSATS_KOD (status $st)" >&2
			exit 1
		fi
	fi
	find_report
	REPORT_SIZE=$(wc -c <"$D/rapport.json")
	find_static "$REPORT_SIZE"
	echo "   rapport ($NIVA) som $REPORT_WHO: $REPORT_PATH," \
	    "$REPORT_SIZE byte"
	echo "   statisk fil: $STATIC_PATH, $STATIC_SIZE byte"
	echo "   insats: $INSATS_KOD (id $INSATS_ID), deltaganden från $TODAY"

	run "rapport-$tr" "$REPORT_WHO" "$BASE$REPORT_PATH"
	run "statisk-$tr" "$REPORT_WHO" "$BASE$STATIC_PATH"
	run "blandat-$tr" da "$BASE" blandat "$BASE_NR" "$INSATS_ID" \
	    "$TODAY" "$WRK_THREADS" "$D/state"
	BASE_NR=$(result "$D/blandat-$tr.out" nasta_index)
	# twice as long, so that the registrations do not run out of
	# consented persons
	DUR1=$DUR
	DUR=$((2 * DUR1))
	run "samtycke-$tr" da "$BASE" samtycke "$BASE_NR" "$INSATS_ID" \
	    "$TODAY" "$WRK_THREADS" "$D/state"
	DUR=$DUR1
	run "deltagande-$tr" da "$BASE" deltagande "$BASE_NR" "$INSATS_ID" \
	    "$TODAY" "$WRK_THREADS" "$D/state"
	BASE_NR=$(result "$D/samtycke-$tr.out" nasta_index)
	n2=$(result "$D/deltagande-$tr.out" nasta_index)
	[ "$n2" -le "$BASE_NR" ] || BASE_NR=$n2

	server_stop
	errs=$(grep -c ' status=5' "$D/server.log" || true)
	other=$(grep -v -c -e ' metod=' -e "$SERVER_NOTES" "$D/server.log" ||
	    true)
	echo "   serverlogg: $(grep -c ' metod=' "$D/server.log" || true)" \
	    "anrop, $errs med status 5xx, $other andra rader"
	if [ "$errs" -gt 0 ] || [ "$other" -gt 0 ]; then
		grep -v -e ' status=[1-4]' -e "$SERVER_NOTES" "$D/server.log" |
		    head -20 |
		    sed 's/^/     server: /'
	fi

	rr=$(result "$D/rapport-$tr.out" anrop_per_s)
	sr=$(result "$D/statisk-$tr.out" anrop_per_s)
	mreg=$(result "$D/blandat-$tr.out" registreringar_per_s)
	mreq=$(result "$D/blandat-$tr.out" anrop_per_s)
	mp99=$(result "$D/blandat-$tr.out" p99_ms)
	creq=$(result "$D/samtycke-$tr.out" anrop_per_s)
	cp99=$(result "$D/samtycke-$tr.out" p99_ms)
	preg=$(result "$D/deltagande-$tr.out" registreringar_per_s)
	pp99=$(result "$D/deltagande-$tr.out" p99_ms)
	fb=$(result "$D/deltagande-$tr.out" tradar_utan_forberett_samtycke)
	bad=0
	for n in rapport statisk blandat samtycke deltagande; do
		b1=$(result "$D/$n-$tr.out" fel_status)
		b2=$(result "$D/$n-$tr.out" fel_socket)
		bad=$((bad + b1 + b2))
	done
	{
		echo
		echo "== resultat, --tradar $tr, wrk -t$WRK_THREADS -c$CONN -d${DUR}s, $N deltaganden"
		printf '  %-46s %10s anrop/s  p99 %8s ms  %6s byte/svar (kropp %s)\n' \
		    "(a) utfallsrapport JSON, $NIVA_KORT" "$rr" \
		    "$(result "$D/rapport-$tr.out" p99_ms)" \
		    "$(result "$D/rapport-$tr.out" byte_per_svar)" "$REPORT_SIZE"
		printf '  %-46s %10s anrop/s  p99 %8s ms  %6s byte/svar (kropp %s)\n' \
		    "(b) statisk fil $STATIC_PATH" "$sr" \
		    "$(result "$D/statisk-$tr.out" p99_ms)" \
		    "$(result "$D/statisk-$tr.out" byte_per_svar)" "$STATIC_SIZE"
		printf '  %-46s %10s reg/s    p99 %8s ms  (%s anrop/s, samtycke + registrering)\n' \
		    "(c) registrering, blandad med samtycke" "$mreg" "$mp99" "$mreq"
		printf '  %-46s %10s anrop/s  p99 %8s ms  (-d%ss)\n' \
		    "(c) samtycken enbart" "$creq" "$cp99" "$((2 * DUR))"
		printf '  %-46s %10s reg/s    p99 %8s ms%s\n' \
		    "(c) registreringar enbart" "$preg" "$pp99" \
		    "$([ "$fb" = 0 ] || echo " (OBS: samtyckena tog slut i $fb trådar)")"
		[ "$NIVA_KORT" = riket ] ||
		    echo "  OBS: rapporten är $NIVA"
		echo "  kvot rapport / statisk:                   $(ratio "$rr" "$sr")"
		echo "  kvot registreringar (blandat) / statisk:  $(ratio "$mreg" "$sr")"
		echo "  kvot registreringar (enbart) / statisk:   $(ratio "$preg" "$sr")"
		echo "  mål rapport >= 5000 anrop/s:              $(goal "$rr" '>=' 5000)"
		echo "  mål registreringar >= 1000/s (blandat):   $(goal "$mreg" '>=' 1000)"
		echo "  mål p99 <= 50 ms (blandat):               $(goal "$mp99" '<=' 50)"
		echo "  mål registreringar >= 1000/s (enbart):    $(goal "$preg" '>=' 1000)"
		echo "  mål p99 <= 50 ms (enbart):                $(goal "$pp99" '<=' 50)"
		echo "  fel (status utanför 2xx, socketfel):      $bad"
	} >>"$SUMMARY"
	[ "$bad" -eq 0 ] && [ "$errs" -eq 0 ] || FAILED=1
done

cat "$SUMMARY"
if [ "$FAILED" -ne 0 ]; then
	echo "bench/http.sh: fel under körningen (se ovan)" >&2
	exit 1
fi
