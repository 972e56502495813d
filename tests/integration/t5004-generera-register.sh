#!/bin/sh
# SPDX-License-Identifier: ISC
# finsam generera register: deterministic synthetic registers that the
# linkage engine reads, bad arguments named, and the existing
# finsam generera --forbund behaviour unchanged.
. "$(dirname "$0")/lib.sh"

run 0 "$FINSAM" generera register --help
has "$T/out" "användning: finsam generera register"
run 0 "$FINSAM" generera register --personer 300 --perioder 20000 --seed 4 \
    --ut "$T/a"
has "$T/out" "deltagande.csv  323 deltaganden av 300 personer"
has "$T/out" "perioder.csv    20 000 perioder, varav 16 000 för deltagarna"
eq "$(wc -l <"$T/a/perioder.csv")" 20001 "rader"
eq "$(head -1 "$T/a/perioder.csv")" "pseudonym,forman,from,tom,omfattning" "rubrik"
run 0 "$FINSAM" generera register --personer 300 --perioder 20000 --seed 4 \
    --ut "$T/b"
cmp -s "$T/a/perioder.csv" "$T/b/perioder.csv" && ok || fail "inte deterministisk"
cmp -s "$T/a/deltagande.csv" "$T/b/deltagande.csv" && ok || fail "inte deterministisk"
run 0 "$FINSAM" generera register --personer 300 --perioder 20000 --seed 5 \
    --ut "$T/c"
cmp -s "$T/a/perioder.csv" "$T/c/perioder.csv" && fail "samma med annat frö" || ok
run 0 "$FINSAM" koppling berakna --deltagande "$T/a/deltagande.csv" \
    --perioder "$T/a/perioder.csv" --format json
eq "$(jq .perioder.rader "$T/out")" 20000 "motorn läser alla"
eq "$(jq .perioder.deltagare "$T/out")" 16000 "deltagarnas perioder"

run 1 "$FINSAM" generera register --personer 0 --perioder 10
has "$T/err" "finsam: personer: "
run 1 "$FINSAM" generera register --personer 10
has "$T/err" "perioder: måste anges"
run 1 "$FINSAM" generera register --personer 10 --perioder 10 --forbund 81
has "$T/err" "finsam: forbund: "
run 1 "$FINSAM" generera register --personer 10 --perioder 10 \
    --deltaganden 5
has "$T/err" "finsam: deltaganden: "
run 1 "$FINSAM" generera register --personer 10 --perioder 10 \
    --fran 2020-01-01 --till 2020-02-01
has "$T/err" "finsam: till: "
run 1 "$FINSAM" generera register --deltagandefil "$T/saknas.csv" --perioder 10
has "$T/err" "finsam: deltagande: "
run 1 "$FINSAM" generera register --personer 10 --perioder 10 --okand
has "$T/err" "okänt argument"

# The participation generator is untouched.
run 0 "$FINSAM" generera --forbund 2 --deltagande 50 --ut "$T/g"
has "$T/out" "Syntetiska data skrivna till"
[ -f "$T/g/deltagande.csv" ] && ok || fail "deltagande.csv saknas"
finish
