# SPDX-License-Identifier: ISC
# Shared by the integration tests: a scratch directory, the binary under
# test ($FINSAM, set by CTest) and small assertions that print what was
# expected and what came.  Each test ends with "N passed, 0 failed".
set -u
: "${FINSAM:?FINSAM must point at the finsam binary}"
: "${FINSAM_SRC:?FINSAM_SRC must point at the source tree}"
T=$(mktemp -d /tmp/finsam-it-XXXXXX)
trap 'rm -rf "$T"' EXIT
export FINSAM_IDAG=2026-06-01
unset FINSAM_DB FINSAM_NYCKEL
passed=0
failed=0

ok() {
	passed=$((passed + 1))
}

fail() {
	failed=$((failed + 1))
	echo "FAIL: $*" >&2
}

# run EXPECTED_EXIT command...: runs it, keeps stdout in $T/out and
# stderr in $T/err, and checks the exit code.
run() {
	want=$1
	shift
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		ok
	else
		fail "exit $got, expected $want: $*"
		sed 's/^/  stderr: /' "$T/err" >&2
	fi
}

# has FILE TEXT: FILE contains TEXT (fixed string).
has() {
	if grep -qF -- "$2" "$1"; then
		ok
	else
		fail "$1 lacks '$2'"
		sed 's/^/  | /' "$1" | head -20 >&2
	fi
}

# lacks FILE TEXT
lacks() {
	if grep -qF -- "$2" "$1"; then
		fail "$1 contains '$2'"
	else
		ok
	fi
}

# eq GOT WANT WHAT
eq() {
	if [ "$1" = "$2" ]; then
		ok
	else
		fail "$3: got '$1', expected '$2'"
	fi
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
