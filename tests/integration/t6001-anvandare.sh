#!/bin/sh
# SPDX-License-Identifier: ISC
# Users, roles and the audit log from the command line: passwords from
# standard input and never on disk in clear, the assignment rules and
# separation of duties, locking, and finsam logg with its filters, the
# förbund view without participant data and "who has read my data".
. "$(dirname "$0")/lib.sh"

D="$FINSAM_SRC/tests/data/import"
PW='rätt häst batteri häftklammer'
export FINSAM_DB="$T/a.db"
export FINSAM_ANVANDARE=operator

run 0 "$FINSAM" init
run 0 "$FINSAM" import forbund "$D/forbund.csv" --tyst
run 0 "$FINSAM" import insatser "$D/insatser.csv" --tyst
run 0 "$FINSAM" import deltagande "$D/deltagande.csv" --tyst

run 0 "$FINSAM" anvandare --help
has "$T/out" "användning: finsam anvandare skapa NAMN"
run 1 "$FINSAM" anvandare
run 1 "$FINSAM" anvandare finnsinte anna
has "$T/err" "okänt underkommando"

# Creating: the password comes from standard input.
printf '%s\n' "$PW" | run 0 "$FINSAM" anvandare skapa anna
has "$T/out" "anna är skapad"
printf '%s\n' "$PW" | run 0 "$FINSAM" anvandare skapa bo
printf '%s\n' "$PW" | run 0 "$FINSAM" anvandare skapa cecilia
printf '%s\n' "$PW" | run 1 "$FINSAM" anvandare skapa anna
has "$T/err" "finsam: anvandarnamn: det finns redan"
printf 'kort\n' | run 1 "$FINSAM" anvandare skapa david
has "$T/err" "finsam: losenord: ska vara minst 12 tecken"
printf 'david.svensson\n' | run 1 "$FINSAM" anvandare skapa david.svensson
has "$T/err" "finsam: losenord: "
printf '%s\n' "$PW" | run 1 "$FINSAM" anvandare skapa David
has "$T/err" "finsam: anvandarnamn: ska börja med en liten bokstav"
run 1 "$FINSAM" anvandare skapa erik </dev/null
has "$T/err" "finsam: losenord: inget lösenord"
eq "$(wc -l <"$T/err")" 1 "felmeddelandet är en rad"
run 0 "$FINSAM" anvandare lista
has "$T/out" "anna"
lacks "$T/out" "david"
lacks "$T/out" "erik"
eq "$(sqlite3 "$T/a.db" 'select count(*) from anvandare')" 3 "användare"

# Passwords only as Argon2id.
eq "$(sqlite3 "$T/a.db" "select count(*) from anvandare where losenord like '\$argon2id\$%'")" 3 "argon2id-hashar"
sqlite3 "$T/a.db" 'pragma wal_checkpoint(truncate)' >/dev/null
lacks "$T/a.db" "$PW"
lacks "$T/a.db" "häftklammer"

# Assignments.
run 0 "$FINSAM" anvandare tilldela anna --roll deltagaransvarig --insats IT1
has "$T/out" "anna har fått rollen deltagaransvarig"
run 0 "$FINSAM" anvandare tilldela bo --roll förbundsadministratör \
    --forbund SF1
run 0 "$FINSAM" anvandare tilldela cecilia --roll analytiker
run 1 "$FINSAM" anvandare tilldela anna --roll forbundsadministrator \
    --forbund SF1
has "$T/err" "finsam: roll: åtskillnad av arbetsuppgifter"
run 1 "$FINSAM" anvandare tilldela bo --roll deltagaransvarig --insats IT1
has "$T/err" "finsam: roll: åtskillnad"
run 1 "$FINSAM" anvandare tilldela cecilia --roll deltagaransvarig \
    --insats DUP
has "$T/err" "finsam: insats: koden används av insatser i flera förbund"
run 0 "$FINSAM" anvandare tilldela cecilia --roll insatsansvarig \
    --insats DUP --forbund SF2
run 1 "$FINSAM" anvandare tilldela anna --roll chef --forbund SF1
has "$T/err" "finsam: roll: okänd roll"
run 1 "$FINSAM" anvandare tilldela anna --roll lasare --insats IT1
has "$T/err" "finsam: insats: rollen lasare tilldelas för ett förbund"
run 1 "$FINSAM" anvandare tilldela anna --roll analytiker --forbund SF1
has "$T/err" "finsam: forbund: "
run 1 "$FINSAM" anvandare tilldela anna --roll lasare --forbund SF9
has "$T/err" "finsam: forbund: "
run 1 "$FINSAM" anvandare tilldela okand --roll lasare --forbund SF1
has "$T/err" "finsam: anvandarnamn: det finns ingen"
run 1 "$FINSAM" anvandare tilldela anna --forbund SF1
has "$T/err" "--roll måste anges"
run 1 "$FINSAM" anvandare tilldela anna --roll deltagaransvarig \
    --insats IT1
has "$T/err" "finsam: roll: användaren har redan"
eq "$(sqlite3 "$T/a.db" 'select count(*) from tilldelning')" 4 "tilldelningar"
run 0 "$FINSAM" anvandare lista
has "$T/out" "deltagaransvarig insats SF1/IT1"
has "$T/out" "forbundsadministrator förbund SF1"
has "$T/out" "insatsansvarig insats SF2/DUP"
run 0 "$FINSAM" anvandare aterkalla cecilia --roll insatsansvarig \
    --insats DUP --forbund SF2
run 1 "$FINSAM" anvandare aterkalla cecilia --roll insatsansvarig \
    --insats DUP --forbund SF2
has "$T/err" "finsam: roll: användaren har inte"

# Locking and a new password.
run 0 "$FINSAM" anvandare sparra anna
has "$T/out" "anna är spärrad"
run 0 "$FINSAM" anvandare lista
has "$T/out" "spärrad"
run 0 "$FINSAM" anvandare sparra anna --hav
run 1 "$FINSAM" anvandare sparra ingen
has "$T/err" "finsam: anvandarnamn: "
printf 'ett helt nytt lösenord\n' | run 0 "$FINSAM" anvandare losenord bo
run 1 "$FINSAM" anvandare lista --hav
has "$T/err" "--hav hör till sparra"

# The audit log.
run 0 "$FINSAM" logg --handling anvandare.
has "$T/out" "anvandare.tilldela"
has "$T/out" "anvandare.sparra"
has "$T/out" "cli:operator"
lacks "$T/out" "$PW"
run 0 "$FINSAM" logg --handling anvandare.skapa --format json
eq "$(jq '.poster | length' "$T/out")" 3 "skapade användare i loggen"
eq "$(jq -r '.poster[0].objekt' "$T/out")" cecilia "nyaste först"
run 0 "$FINSAM" logg --handling anvandare. --antal 2 --format json
eq "$(jq '.poster | length' "$T/out")" 2 "sidstorlek"
next=$(jq '.nasta' "$T/out")
run 0 "$FINSAM" logg --handling anvandare. --antal 2 --fore "$next" \
    --format json
eq "$(jq '.poster | length' "$T/out")" 2 "andra sidan"
eq "$(jq "[.poster[].id | select(. >= $next)] | length" "$T/out")" 0 "äldre poster"

# A read of participant data and "who has read my data".
echo 198506121238 | run 0 "$FINSAM" deltagare visa --personnummer -
echo 198506121238 | run 0 "$FINSAM" logg --personnummer - --format json
eq "$(jq '[.poster[] | select(.handling == "deltagande.las")] | length' "$T/out")" 1 "läsningen syns"
eq "$(jq -r '.poster[0].anvandare' "$T/out")" cli:operator "vem läste"
lacks "$T/out" "198506121238"
lacks "$T/out" "8506121238"
id=$(sqlite3 "$T/a.db" "select min(id) from deltagande")
run 0 "$FINSAM" logg --deltagande "$id"
run 1 "$FINSAM" logg --deltagande 0
has "$T/err" "finsam: deltagande: "

# The förbund view: the förbund's entries, no participant details.
sqlite3 "$T/a.db" "insert into logg (tid, anvandare, handling, objekt, insats_id, utfall, detaljer) select '2026-06-01T10:00:00Z', 'anna', 'deltagande.andra', 'deltagande 1', id, 'ok', '{\"fore\":{\"utbildning\":\"grundskola\"}}' from insats where kod = 'IT1'"
run 0 "$FINSAM" logg --forbund SF1 --handling deltagande. --format json
has "$T/out" "grundskola"
run 0 "$FINSAM" logg --forbund SF1 --forbundsvy --handling deltagande. \
    --format json
eq "$(jq '[.poster[] | select(.handling == "deltagande.andra")] | length' "$T/out")" 1 "ändringen syns"
eq "$(jq '[.poster[] | select(.detaljer != null)] | length' "$T/out")" 0 "inga detaljer"
lacks "$T/out" "grundskola"
run 0 "$FINSAM" logg --forbund SF2 --forbundsvy --format json
eq "$(jq '[.poster[] | select(.insats == "IT1")] | length' "$T/out")" 0 "inget från SF1"

# Bad filters.
run 1 "$FINSAM" logg --forbundsvy
has "$T/err" "finsam: forbund: "
run 1 "$FINSAM" logg --fran 2026-13-01
has "$T/err" "finsam: fran: "
run 1 "$FINSAM" logg --fran 2026-02-01 --till 2026-01-01
has "$T/err" "finsam: till: "
run 1 "$FINSAM" logg --antal 0
has "$T/err" "finsam: antal: "
run 1 "$FINSAM" logg --format xml
has "$T/err" "--format"
run 1 "$FINSAM" logg --forbund FINNS_INTE
has "$T/err" "finsam: forbund: "
run 1 "$FINSAM" logg --insats DUP
has "$T/err" "finsam: insats: koden används av insatser i flera förbund"
run 0 "$FINSAM" logg --insats DUP --forbund SF2
run 1 "$FINSAM" logg extra
run 0 "$FINSAM" logg --help
has "$T/out" "användning: finsam logg"

finish
