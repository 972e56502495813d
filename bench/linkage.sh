#!/bin/sh
# SPDX-License-Identifier: ISC
# The linkage benchmark (bench/linkage.c) at a chosen size, then the
# same chain through the CLI as whole processes with /usr/bin/time.
#   bench/linkage.sh BUILDDIR [DELTAGANDEN [PERIODER [URVAL]]]
# Full size: bench/linkage.sh build-rel 1000000 100000000 10000000
set -eu
B=${1:-build}
N=${2:-1000000}
S=${3:-100000000}
U=${4:-10000000}
D=$(mktemp -d /tmp/finsam-linkage-XXXXXX)
trap 'rm -rf "$D"' EXIT
df -h "$D" | tail -1
"$B/linkage" --deltaganden "$N" --perioder "$S" --urval "$U" \
    --katalog "$D" --behall
echo "finsam koppling berakna som egen process:"
/usr/bin/time -f "  %e s, topp-RSS %M KiB" "$B/finsam" koppling berakna \
    --deltagande "$D/deltagande.csv" --perioder "$D/perioder.csv" \
    --ut "$D/ut-cli.csv" --format json >"$D/aggregat.json" 2>"$D/err" ||
    { cat "$D/err"; exit 1; }
tail -1 "$D/err"
