# SPDX-License-Identifier: ISC
# Shared by the browser tests (t70NN): everything of http_lib.sh (the
# e2e database, users, a real "finsam serve" on a free port, stopped
# with SIGTERM), plus the browser's prerequisites (Debian's chromium,
# node and npm; playwright-core installed from the committed lock file
# once per clone) and browser_run, which runs one tests/e2e/*.mjs
# script against the server and adds its "N passed, M failed" to ours.
. "$(dirname "$0")/http_lib.sh"

E2E=$FINSAM_SRC/tests/e2e
CHROMIUM=${E2E_CHROMIUM:-/usr/bin/chromium}

# browser_prepare: 0 when the browser tests can run, else a failure.
browser_prepare() {
	if [ ! -x "$CHROMIUM" ] || ! command -v node >/dev/null 2>&1 ||
	    ! command -v npm >/dev/null 2>&1; then
		fail "chromium ($CHROMIUM), node och npm behövs: kör tools/install-deps"
		return 1
	fi
	[ -d "$E2E/node_modules/playwright-core" ] && return 0
	# Two browser tests may start at once under ctest -j: one installs.
	if ! (cd "$E2E" && flock "$E2E/.npm-lock" timeout 300 sh -c \
	    '[ -d node_modules/playwright-core ] ||
	    npm ci --no-audit --no-fund --loglevel=error') >"$T/npm.log" 2>&1
	then
		fail "npm ci i tests/e2e misslyckades"
		sed 's/^/  npm: /' "$T/npm.log" >&2
		return 1
	fi
}

# browser_run SCRIPT [NAME=VALUE ...]: run tests/e2e/SCRIPT against
# $BASE with the given environment, at most 300 s.
browser_run() {
	script=$1
	shift
	env FINSAM_URL="$BASE" E2E_CHROMIUM="$CHROMIUM" "$@" \
	    timeout 300 node "$E2E/$script" >"$T/e2e.out" 2>&1
	brc=$?
	cat "$T/e2e.out"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$T/e2e.out" | tail -1)
	bf=0
	if [ -n "$line" ]; then
		bp=${line%% passed*}
		bf=${line#*passed, }
		bf=${bf%% failed}
		passed=$((passed + bp))
		failed=$((failed + bf))
	fi
	if [ "$brc" -ne 0 ] && [ "$bf" -eq 0 ]; then
		fail "$script slutade med $brc"
	fi
}

# browser_finish: stop the server (SIGTERM, exit 0), no sanitizer
# reports in its log, the summary.
browser_finish() {
	server_stop
	lacks "$T/server.log" "ERROR: AddressSanitizer"
	lacks "$T/server.log" "runtime error:"
	if [ "$failed" -ne 0 ]; then
		echo "--- serverns logg (slutet) ---" >&2
		tail -40 "$T/server.log" >&2
	fi
	finish
}
