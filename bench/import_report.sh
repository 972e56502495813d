#!/bin/sh
# SPDX-License-Identifier: ISC
# make bench: the import and outcome-report benchmark (bench/import_report.c)
# and the same report through the CLI, as a whole process.
#   bench/import_report.sh BUILDDIR [N]
set -eu
B=${1:-build}
N=${2:-1200000}
D=$(mktemp -d /tmp/finsam-bench-XXXXXX)
trap 'rm -rf "$D"' EXIT
# The machine's load beside the figures: on a shared machine they say
# as much about the neighbours as about finsam.
load() {
	if [ -r /proc/loadavg ]; then
		echo "belastning ($1): $(cut -d' ' -f1-3 /proc/loadavg)"
	fi
}
load "före"
"$B/import_report" --deltagande "$N" --katalog "$D" --behall
load "efter importen och rapporten"
best=""
for i in 1 2 3 4 5; do
	t0=$(date +%s%N)
	"$B/finsam" --db "$D/bench.db" rapport utfall --fran 1990-01-01 \
	    --till 2039-12-31 --riket --format json >/dev/null
	t1=$(date +%s%N)
	ms=$(( (t1 - t0) / 1000000 ))
	if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
done
echo "finsam rapport utfall --riket som egen process (bästa av 5): $best ms"
# What SQLite alone needs to store the same rows, set-based: the floor
# under any import over this schema.
sh "$(dirname "$0")/import_floor.sh" "$N"
