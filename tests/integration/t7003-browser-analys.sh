#!/bin/bash
# SPDX-License-Identifier: ISC
# Browser test of the analytiker's pages: a real `finsam serve` over the
# tests/data/e2e database with one analytiker, generated register files
# whose result the command line computes first, and the small kommun
# panel tests/data/koppling/kommunpanel.csv, driven in headless Chromium by
# tests/e2e/analys.mjs.  The server is stopped with SIGTERM and must
# shut down cleanly.  Screenshots in tests/e2e/out/analys/.
. "$(dirname "$0")/browser_lib.sh"

if ! browser_prepare || ! make_db || ! user e2e-analytiker analytiker ||
    ! server_start; then
	finish
	exit 1
fi
ok

# Register files and the command line's result for them (min_antal 5).
run 0 "$FINSAM" generera register --personer 600 --perioder 60000 \
    --seed 11 --ut "$T/reg"
run 0 "$FINSAM" koppling berakna --deltagande "$T/reg/deltagande.csv" \
    --perioder "$T/reg/perioder.csv" --format json
cp "$T/out" "$T/cli.json"

# The kommun panel (tests/data/koppling/kommunpanel.csv): an effect of
# exactly 2 from the joining year of SV (2009), FV (2008) and STH
# (2010), beside eight kommuner that never joined.
browser_run analys.mjs E2E_ANA_NAMN=e2e-analytiker E2E_ANA_LOSEN="$PW" \
    E2E_DELTAGANDE="$T/reg/deltagande.csv" \
    E2E_PERIODER="$T/reg/perioder.csv" E2E_CLI_JSON="$T/cli.json" \
    E2E_PANEL="$FINSAM_SRC/tests/data/koppling/kommunpanel.csv"
browser_finish
