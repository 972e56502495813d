#!/bin/bash
# SPDX-License-Identifier: ISC
# Browser test of the analytiker's pages: a real `finsam serve` over the
# tests/data/e2e database with one analytiker, generated register files
# whose result the command line computes first, and a small kommun
# panel with an effect of exactly 2, driven in headless Chromium by
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

# SV joined 2009, FV 2008, STH 2010; eight kommuner never did.
{
	echo "kommunkod,ar,andel_test"
	for k in 0680 0682 0684 0662 0665 0617 0180 0114 0115 0117 0120 0123 \
	    0125 0126 0127; do
		case $k in
		068*) g=2009 ;;
		066*|0617) g=2008 ;;
		0180) g=2010 ;;
		*) g=0 ;;
		esac
		for y in 2005 2006 2007 2008 2009 2010 2011 2012; do
			awk -v k="$k" -v y="$y" -v g="$g" 'BEGIN {
			    v = (k % 7) + 0.5 * (y - 2005);
			    if (g > 0 && y >= g) v += 2;
			    printf "%s,%d,%g\n", k, y, v }'
		done
	done
} >"$T/panel.csv"

browser_run analys.mjs E2E_ANA_NAMN=e2e-analytiker E2E_ANA_LOSEN="$PW" \
    E2E_DELTAGANDE="$T/reg/deltagande.csv" \
    E2E_PERIODER="$T/reg/perioder.csv" E2E_CLI_JSON="$T/cli.json" \
    E2E_PANEL="$T/panel.csv"
browser_finish
