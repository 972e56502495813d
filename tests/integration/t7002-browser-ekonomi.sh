#!/bin/bash
# SPDX-License-Identifier: ISC
# Browser tests of the finance pages (issue 4): a real `finsam serve`
# over the allocation vector of finance.md (förbund A, B, C, the spärr
# parameters stored for 2026), one förbundsadministratör of A, one
# läsare of A and one analytiker, driven in headless Chromium by
# tests/e2e/ekonomi.mjs.  The figures a person sees are checked against
# the spec's test vectors and against the command line's JSON for the
# same inputs, written here before the browser starts.  Screenshots in
# tests/e2e/out/ekonomi/.
. "$(dirname "$0")/browser_lib.sh"
D="$FINSAM_SRC/tests/data/finance"

make_vector_db() {
	"$FINSAM" --db "$DB" init >/dev/null &&
	    "$FINSAM" --db "$DB" import forbund "$D/vektor-forbund.csv" >/dev/null &&
	    "$FINSAM" --db "$DB" import forsorjningsmatt \
		"$D/vektor-forsorjningsmatt.csv" >/dev/null &&
	    "$FINSAM" --db "$DB" tilldelning berakna --ar 2026 \
		--params "$D/vektor-params.json" >/dev/null 2>&1 &&
	    "$FINSAM" --db "$DB" ekonomi registrera --forbund A --ar 2025 \
		--budget stat=2570000 region=1285000 kommun=1285000 \
		insatser=4800000 administration=900000 >/dev/null
}

if ! browser_prepare || ! make_vector_db ||
    ! user e2e-fa forbundsadministrator --forbund A ||
    ! user e2e-las lasare --forbund A ||
    ! user e2e-ana analytiker; then
	finish
	exit 1
fi
# What the command line says for the same inputs (the server's today is
# FINSAM_IDAG, as here).
"$FINSAM" --db "$DB" ekonomi kalender --forbund A --format json \
    >"$T/kalender.json" &&
    "$FINSAM" --db "$DB" scenario sammanslagning --forbund A,B \
	--fran 2026-01-01 --format json >"$T/scenario.json" &&
    "$FINSAM" --db "$DB" scenario lamnar --forbund C --kommun 0662 \
	--fran 2026-01-01 --format json >"$T/lamnar.json" || {
	fail "kommandoradens facit"
	finish
	exit 1
}
server_start || { finish; exit 1; }
ok

browser_run ekonomi.mjs E2E_FA_NAMN=e2e-fa E2E_LAS_NAMN=e2e-las \
    E2E_ANA_NAMN=e2e-ana E2E_LOSEN="$PW" E2E_KALENDER="$T/kalender.json" \
    E2E_SCENARIO="$T/scenario.json" E2E_LAMNAR="$T/lamnar.json"
# What the browser recorded is in the database, as typed.
eq "$(sql "select belopp from ekonomi_post p join forbund f on f.id = p.forbund_id where f.kod = 'A' and p.ar = 2025 and p.typ = 'utfall' and p.post = 'eget_kapital'")" \
    1690000 "eget kapital registrerat i webbläsaren"
eq "$(sql "select group_concat(kommun_kod || ':' || andel_bp) from kommunfordelning_andel")" \
    "0604:3000,0617:7000" "kommunernas andelar registrerade i webbläsaren"
eq "$(sql "select count(*) from kalender where datum in ('2025-10-01', '2025-11-28')")" \
    2 "samråd och budgetbeslut registrerade i webbläsaren"
browser_finish
