#!/bin/bash
# SPDX-License-Identifier: ISC
# Browser tests of the web UI: a real `finsam serve` on a free loopback
# port over a scratch database (finsam init, the tests/data/e2e CSV
# files, one deltagaransvarig and one förbundsadministratör made with
# the CLI), driven in headless Chromium by tests/e2e/run.mjs
# (playwright-core).  Installs the npm dependency on first use (npm ci
# from the committed lock file).  Stops the server with SIGTERM and
# checks that it shut down cleanly.  Bounded in time; screenshots in
# tests/e2e/out/.  Prints "N passed, M failed".
. "$(dirname "$0")/lib.sh"

E2E=$FINSAM_SRC/tests/e2e
CHROMIUM=${E2E_CHROMIUM:-/usr/bin/chromium}
SPID=""

stop_server() {
	if [ -n "$SPID" ] && kill -0 "$SPID" 2>/dev/null; then
		kill -TERM "$SPID" 2>/dev/null
		for _ in $(seq 1 100); do
			kill -0 "$SPID" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$SPID" 2>/dev/null
	fi
}
trap 'stop_server; rm -rf "$T"' EXIT

if [ ! -x "$CHROMIUM" ] || ! command -v node >/dev/null 2>&1 ||
    ! command -v npm >/dev/null 2>&1; then
	fail "chromium ($CHROMIUM), node och npm behövs: kör tools/install-deps"
	finish
	exit 1
fi

# playwright-core from the lock file, once per clone.
if [ ! -d "$E2E/node_modules/playwright-core" ]; then
	if ! (cd "$E2E" && timeout 300 npm ci --no-audit --no-fund \
	    --loglevel=error >"$T/npm.log" 2>&1); then
		fail "npm ci i tests/e2e misslyckades"
		sed 's/^/  npm: /' "$T/npm.log" >&2
		finish
		exit 1
	fi
fi

# A random password of 24 hex digits (never on a command line).
password() {
	od -An -N12 -tx1 /dev/urandom | tr -d ' \n'
}

DB=$T/e2e.db
run 0 "$FINSAM" --db "$DB" init
for kind in forbund insatser deltagande anonyma; do
	run 0 "$FINSAM" --db "$DB" import "$kind" \
	    "$FINSAM_SRC/tests/data/e2e/$kind.csv"
done

DA_NAMN=e2e-deltagare
FA_NAMN=e2e-admin
DA_LOSEN=$(password)
FA_LOSEN=$(password)
printf '%s\n' "$DA_LOSEN" >"$T/pw-da"
printf '%s\n' "$FA_LOSEN" >"$T/pw-fa"
run 0 "$FINSAM" --db "$DB" anvandare skapa "$DA_NAMN" <"$T/pw-da"
run 0 "$FINSAM" --db "$DB" anvandare tilldela "$DA_NAMN" \
    --roll deltagaransvarig --insats SV-UNG --forbund SV
run 0 "$FINSAM" --db "$DB" anvandare skapa "$FA_NAMN" <"$T/pw-fa"
run 0 "$FINSAM" --db "$DB" anvandare tilldela "$FA_NAMN" \
    --roll forbundsadministrator --forbund SV
rm -f "$T/pw-da" "$T/pw-fa"

# The server on a free port (port 0; the bound port in the port file).
"$FINSAM" serve --db "$DB" --listen 127.0.0.1:0 --port-fil "$T/port" \
    >"$T/server.out" 2>"$T/server.log" &
SPID=$!
PORT=""
for _ in $(seq 1 200); do
	if [ -s "$T/port" ]; then
		PORT=$(tr -d ' \n' <"$T/port")
		break
	fi
	kill -0 "$SPID" 2>/dev/null || break
	sleep 0.1
done
if [ -z "$PORT" ]; then
	fail "finsam serve startade inte"
	sed 's/^/  server: /' "$T/server.log" >&2
	finish
	exit 1
fi
ok

# The browser tests; their own "N passed, M failed" is added to ours.
FINSAM_URL=http://127.0.0.1:$PORT E2E_DATA=$FINSAM_SRC/tests/data/e2e \
    E2E_DA_NAMN=$DA_NAMN E2E_DA_LOSEN=$DA_LOSEN \
    E2E_FA_NAMN=$FA_NAMN E2E_FA_LOSEN=$FA_LOSEN \
    E2E_FORBUND=SV E2E_INSATS=SV-UNG E2E_CHROMIUM=$CHROMIUM \
    timeout 300 node "$E2E/run.mjs" >"$T/e2e.out" 2>&1
rc=$?
cat "$T/e2e.out"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$T/e2e.out" | tail -1)
if [ -n "$line" ]; then
	p=${line%% passed*}
	f=${line#*passed, }
	f=${f%% failed}
	passed=$((passed + p))
	failed=$((failed + f))
fi
if [ "$rc" -ne 0 ] && { [ -z "$line" ] || [ "${f:-0}" -eq 0 ]; }; then
	fail "run.mjs slutade med $rc"
fi

# Graceful shutdown: SIGTERM, in-flight requests finish, exit 0.
kill -TERM "$SPID"
src=1
for _ in $(seq 1 150); do
	if ! kill -0 "$SPID" 2>/dev/null; then
		wait "$SPID"
		src=$?
		break
	fi
	sleep 0.1
done
SPID_DONE=$SPID
SPID=""
if kill -0 "$SPID_DONE" 2>/dev/null; then
	fail "finsam serve stannade inte inom 15 s efter SIGTERM"
	kill -KILL "$SPID_DONE" 2>/dev/null
else
	eq "$src" 0 "finsam serve:s slutstatus efter SIGTERM"
fi
lacks "$T/server.log" "ERROR: AddressSanitizer"
lacks "$T/server.log" "runtime error:"
if [ "$failed" -ne 0 ]; then
	echo "--- serverns logg (slutet) ---" >&2
	tail -40 "$T/server.log" >&2
fi
finish
