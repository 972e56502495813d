#!/bin/bash
# SPDX-License-Identifier: ISC
# Browser tests of the deltagaransvarig's flow and the outcome report: a
# real `finsam serve` over the tests/data/e2e database with one
# deltagaransvarig (SV-UNG) and one förbundsadministratör (SV), driven in
# headless Chromium by tests/e2e/run.mjs (playwright-core).  The server
# is stopped with SIGTERM and must shut down cleanly.  Screenshots in
# tests/e2e/out/deltagare/.
. "$(dirname "$0")/browser_lib.sh"

if ! browser_prepare || ! make_db ||
    ! user e2e-deltagare deltagaransvarig --insats SV-UNG --forbund SV ||
    ! user e2e-admin forbundsadministrator --forbund SV ||
    ! server_start; then
	finish
	exit 1
fi
ok

browser_run run.mjs E2E_DATA="$FINSAM_SRC/tests/data/e2e" \
    E2E_DA_NAMN=e2e-deltagare E2E_DA_LOSEN="$PW" \
    E2E_FA_NAMN=e2e-admin E2E_FA_LOSEN="$PW" \
    E2E_FORBUND=SV E2E_INSATS=SV-UNG
browser_finish
