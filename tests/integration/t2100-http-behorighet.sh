#!/bin/sh
# SPDX-License-Identifier: ISC
# The authorisation matrix over HTTP: every role x every route of the
# API, allowed or refused exactly as spec/access.md says, every refusal
# written to the audit log; the table below has one row per route, and
# the routes the server describes in its OpenAPI document must be
# exactly the rows of the table.  Then the cases the spec names: the
# deltagaransvarig of insats X reading, listing, searching, changing
# and guessing ids of participants of insats Y; the analytiker alone
# on linkage and evaluation (pseudonymised only); the
# förbundsadministratör asking for personal data; another förbund's
# administrator; an expired session; separation of duties.
. "$(dirname "$0")/http_lib.sh"

make_db || { fail "databasen"; finish; exit 1; }
make_users
ROLES="fadm ia da las ana sys"

# A person of SV-IT whom the matrix may de-identify.
cat >"$T/p3.csv" <<'EOF'
insats_kod,personnummer,samtycke_datum,startdatum
SV-IT,199512242463,2023-01-01,2023-01-02
EOF
"$FINSAM" --db "$DB" import --tyst deltagande "$T/p3.csv" >/dev/null ||
    fail "import av matrisens person"

server_start || { finish; exit 1; }
for u in $ROLES fadmfv daung; do
	login "$u"
done

SVIT=$(insats_id SV-IT)
SVUNG=$(insats_id SV-UNG)
D=$(sql "select min(id) from deltagande where insats_id = $SVIT")
DUNG=$(sql "select min(id) from deltagande where insats_id = $SVUNG")

# Files for the import rows (previews: nothing is stored).
printf 'forbund_kod;namn;organisationsnummer;startdatum;kommuner\nSV;Samordningsförbundet Södra Vätterbygden;222000-1339;2009-01-01;0680 0682 0684\n' >"$T/i-forbund.csv"
printf 'insats_kod,forbund_kod,namn,inriktning,preciserad_inriktning,uppfoljning,startdatum,slutdatum\nSV-IT,SV,IT-spåret,individ,rehabilitering_arbete_utbildning,individ,2018-01-01,2024-12-31\n' >"$T/i-insatser.csv"
printf 'insats_kod,personnummer,samtycke_datum,startdatum\nSV-IT,198505051238,2024-02-01,2024-02-01\n' >"$T/i-deltagande.csv"
printf 'insats_kod,ar,kvinnor,man\nSV-IT,2020,1,1\n' >"$T/i-anonyma.csv"

# Files for the evaluation rows: a linkage run and a small panel.
K="$FINSAM_SRC/tests/data/koppling"
printf 'kommunkod,ar,matris\n0680,2007,1\n0680,2008,2\n0680,2009,5\n0114,2007,1\n0114,2008,2\n0114,2009,3\n0115,2007,2\n0115,2008,3\n0115,2009,4\n' >"$T/u-panel.csv"

Q="forbund=SV&fran=2020-01-01&till=2026-12-31"
P1=199001010017

# METHOD|PATTERN|PATH|BODY (JSON, @file for CSV, or empty)|ALLOWED ROLES
# "alla" = every logged-in user; "-" = nobody; public routes are marked
# "offentlig" and checked separately.
cat >"$T/matrix" <<EOF
POST|/api/v1/inloggning|/inloggning|{"anvandarnamn": "ingen", "losenord": "inget-losenord-1"}|offentlig
GET|/api/v1/openapi.json|/openapi.json||offentlig
GET|/api/v1/jag|/jag||alla
GET|/api/v1/koder|/koder||alla
GET|/api/v1/forbund|/forbund||fadm ia da las ana
POST|/api/v1/forbund|/forbund|{"kod": "NY", "namn": "Nytt", "organisationsnummer": "222000-1354", "startdatum": "2026-01-01", "kommuner": ["0687"]}|-
GET|/api/v1/forbund/{kod}|/forbund/SV||fadm ia da las ana
PATCH|/api/v1/forbund/{kod}|/forbund/SV|{"namn": "Samordningsförbundet Södra Vätterbygden"}|fadm
GET|/api/v1/forbund/{kod}/medlemmar|/forbund/SV/medlemmar||fadm ia da las ana
POST|/api/v1/forbund/{kod}/medlemmar|/forbund/SV/medlemmar|{"kommun": "0687", "fran": "2025-01-01"}|fadm
PATCH|/api/v1/forbund/{kod}/medlemmar/{kommun}|/forbund/SV/medlemmar/0687|{"till": "2025-12-31"}|fadm
GET|/api/v1/forbund/{kod}/styrelse|/forbund/SV/styrelse||fadm ia da las ana
POST|/api/v1/forbund/{kod}/styrelse/mandat|/forbund/SV/styrelse/mandat|{"fran": "2023-01-01", "till": "2026-12-31"}|fadm
POST|/api/v1/forbund/{kod}/styrelse/uppdrag|/forbund/SV/styrelse/uppdrag|{"medlem": "FK", "namn": "Anna Ek", "uppdrag": "ledamot", "fran": "2023-01-01"}|fadm
PATCH|/api/v1/forbund/{kod}/styrelse/uppdrag/{id}|/forbund/SV/styrelse/uppdrag/1|{"till": "2026-12-31"}|fadm
GET|/api/v1/forbund/{kod}/insatser|/forbund/SV/insatser||fadm ia da las ana
POST|/api/v1/forbund/{kod}/insatser|/forbund/SV/insatser|{"kod": "SV-MATRIS", "namn": "Matris", "startdatum": "2026-01-01", "inriktning": "individ"}|fadm
GET|/api/v1/insatser/{id}|/insatser/$SVIT||fadm ia da las ana
PATCH|/api/v1/insatser/{id}|/insatser/$SVIT|{"namn": "IT-spåret"}|fadm ia
GET|/api/v1/insatser/{id}/anonyma|/insatser/$SVIT/anonyma||fadm ia da
PUT|/api/v1/insatser/{id}/anonyma/{ar}|/insatser/$SVIT/anonyma/2023|{"kvinnor": 1, "man": 1}|fadm ia da
GET|/api/v1/insatser/{id}/antal|/insatser/$SVIT/antal||fadm ia da
PUT|/api/v1/insatser/{id}/antal/{period}|/insatser/$SVIT/antal/2023|{"totalt": 3}|fadm ia da
POST|/api/v1/insatser/{id}/samtycken|/insatser/$SVIT/samtycken|{"personnummer": "$P1", "datum": "2024-01-05", "formular": "v2"}|da
GET|/api/v1/insatser/{id}/deltaganden|/insatser/$SVIT/deltaganden||da
POST|/api/v1/insatser/{id}/deltaganden|/insatser/$SVIT/deltaganden|{"personnummer": "$P1", "startdatum": "2024-01-10"}|da
GET|/api/v1/deltaganden/{id}|/deltaganden/$D||da
PATCH|/api/v1/deltaganden/{id}|/deltaganden/$D|{"version": 1, "orsak": "matris", "utbildning": "okand"}|da
POST|/api/v1/deltagare/sok|/deltagare/sok|{"personnummer": "$P1"}|da
POST|/api/v1/deltagare/avidentifiera|/deltagare/avidentifiera|{"personnummer": "199512242463", "orsak": "samtycke_aterkallat"}|da
POST|/api/v1/import/forbund|/import/forbund?forhandsgranska=1|@$T/i-forbund.csv|fadm
POST|/api/v1/import/insatser|/import/insatser?forhandsgranska=1|@$T/i-insatser.csv|fadm ia
POST|/api/v1/import/deltagande|/import/deltagande?forhandsgranska=1|@$T/i-deltagande.csv|da
POST|/api/v1/import/anonyma|/import/anonyma?forhandsgranska=1|@$T/i-anonyma.csv|fadm ia da
GET|/api/v1/rapporter/utfall|/rapporter/utfall?$Q||fadm
GET|/api/v1/rapporter/utfall/csv|/rapporter/utfall/csv?$Q||fadm
GET|/api/v1/rapporter/utfall/xlsx|/rapporter/utfall/xlsx?$Q||fadm
GET|/api/v1/rapporter/utfall/html|/rapporter/utfall/html?$Q||fadm
GET|/api/v1/rapporter/utfall/svg|/rapporter/utfall/svg?$Q||fadm
GET|/api/v1/rapporter/utfall/publicerbar|/rapporter/utfall/publicerbar?$Q||fadm las ana
GET|/api/v1/rapporter/utfall/publicerbar/csv|/rapporter/utfall/publicerbar/csv?$Q||fadm las ana
GET|/api/v1/rapporter/utfall/publicerbar/xlsx|/rapporter/utfall/publicerbar/xlsx?$Q||fadm las ana
GET|/api/v1/rapporter/utfall/publicerbar/html|/rapporter/utfall/publicerbar/html?$Q||fadm las ana
GET|/api/v1/rapporter/utfall/publicerbar/svg|/rapporter/utfall/publicerbar/svg?$Q||fadm las ana
GET|/api/v1/tilldelning/{ar}|/tilldelning/2026||fadm las ana
GET|/api/v1/tilldelning/berakningar/{id}|/tilldelning/berakningar/1||fadm las ana
GET|/api/v1/koppling/projekt|/koppling/projekt||ana
POST|/api/v1/koppling/projekt|/koppling/projekt|{"namn": "Matris"}|ana
GET|/api/v1/koppling/projekt/{id}|/koppling/projekt/1||ana
POST|/api/v1/koppling/projekt/{id}/export|/koppling/projekt/1/export|{}|ana
POST|/api/v1/koppling/projekt/{id}/korningar|/koppling/projekt/1/korningar?min_antal=1|@$K/deltagande.csv|ana
GET|/api/v1/koppling/korningar/{id}|/koppling/korningar/1||ana
PUT|/api/v1/koppling/korningar/{id}/perioder|/koppling/korningar/1/perioder|@$K/perioder.csv|ana
GET|/api/v1/koppling/korningar/{id}/resultat|/koppling/korningar/1/resultat||ana
GET|/api/v1/koppling/korningar/{id}/svg|/koppling/korningar/1/svg||ana
GET|/api/v1/utvardering/utfall|/utvardering/utfall||ana
POST|/api/v1/utvardering/panel|/utvardering/panel|@$T/u-panel.csv|ana
POST|/api/v1/utvardering/panel/fm|/utvardering/panel/fm||ana
POST|/api/v1/utvardering/did|/utvardering/did|{"utfall": "matris", "bootstrap": 0, "min_kohort": 1}|ana
POST|/api/v1/utvardering/did/panel|/utvardering/did/panel?bootstrap=0|@$K/did_panel.csv|ana
GET|/api/v1/utvardering/resultat/{id}|/utvardering/resultat/1||ana
GET|/api/v1/utvardering/resultat/{id}/svg|/utvardering/resultat/1/svg||ana
GET|/api/v1/logg|/logg?forbund=SV||fadm
GET|/api/v1/forbund/{kod}/bidrag/{ar}|/forbund/SV/bidrag/2026?statligt=3000000||fadm ia da las ana
GET|/api/v1/forbund/{kod}/kommunfordelning|/forbund/SV/kommunfordelning||fadm ia da las ana
PUT|/api/v1/forbund/{kod}/kommunfordelning/{ar}|/forbund/SV/kommunfordelning/2026|{"fordelning": "lika", "beslutad": "2025-11-20"}|fadm
GET|/api/v1/forbund/{kod}/ekonomi/{ar}|/forbund/SV/ekonomi/2025||fadm ia da las ana
PUT|/api/v1/forbund/{kod}/ekonomi/{ar}/utfall|/forbund/SV/ekonomi/2025/utfall|{"stat": 3000000, "eget_kapital": 500000}|fadm
PUT|/api/v1/forbund/{kod}/ekonomi/{ar}/budget|/forbund/SV/ekonomi/2026/budget|{"stat": 3000000}|fadm
GET|/api/v1/forbund/{kod}/kalender|/forbund/SV/kalender||fadm ia da las ana
POST|/api/v1/forbund/{kod}/kalender|/forbund/SV/kalender|{"ar": 2026, "handelse": "samrad", "datum": "2025-10-01"}|fadm
GET|/api/v1/tilldelning/{ar}/svg|/tilldelning/2026/svg||fadm las ana
POST|/api/v1/scenarier/sammanslagning|/scenarier/sammanslagning|{"forbund": ["SV", "FV"], "fran": "2026-01-01"}|ana
POST|/api/v1/scenarier/lamnar|/scenarier/lamnar|{"forbund": "SV", "kommun": "0684", "fran": "2026-01-01"}|ana
POST|/api/v1/scenarier/gar-med|/scenarier/gar-med|{"forbund": "SV", "kommun": "0687", "fran": "2026-01-01"}|ana
POST|/api/v1/utloggning|/utloggning||alla
EOF

# ---- the served description and the table agree ----
expect 200 - GET /openapi.json
jq -r '.paths | to_entries[] | .key as $p | .value | keys[] |
    "\(ascii_upcase) \($p)"' "$T/body" | sort >"$T/described"
cut -d'|' -f1,2 "$T/matrix" | tr '|' ' ' | sort >"$T/tested"
if cmp -s "$T/described" "$T/tested"; then
	ok
else
	fail "OpenAPI och matrisen skiljer sig (< beskrivet, > testat):"
	diff "$T/described" "$T/tested" | grep '^[<>]' >&2
fi
jqeq '.paths["/api/v1/deltaganden/{id}"].get["x-behorighet"]' deltagare.las

# One request: WHO ROW-FIELDS; sets STATUS and $T/body.
send() {
	who=$1
	m=$2
	path=$3
	body=$4
	case "$body" in
	@*)
		if [ "$who" = - ]; then
			STATUS=$(curl -sS --max-time "$CURL_MAX" -o "$T/body" \
			    -w '%{http_code}' -H 'Content-Type: text/csv' \
			    -X "$m" --data-binary "$body" "$BASE/api/v1$path")
		elif [ "$m" = PUT ]; then
			STATUS=$(curl -sS --max-time "$CURL_MAX" -o "$T/body" \
			    -w '%{http_code}' -D "$T/headers" -X PUT \
			    -b "$T/$who.jar" \
			    -H "X-CSRF-Token: $(cat "$T/$who.csrf")" \
			    -H 'Content-Type: text/csv' --data-binary "$body" \
			    "$BASE/api/v1$path")
		else
			upload "$who" "$path" "${body#@}"
		fi
		;;
	*)
		call "$who" "$m" "$path" "$body"
		;;
	esac
}

# refused: the dispatcher said no (403 nekad/csrf, or 401 not logged in).
refused() {
	case "$STATUS" in
	403)
		return 0
		;;
	401)
		[ "$(jq -r .fel.kod "$T/body" 2>/dev/null)" = ej_inloggad ]
		return
		;;
	esac
	return 1
}

# ---- every role x every route ----
check_row() {
	m=$1 pattern=$2 path=$3 body=$4 allowed=$5
	for who in $ROLES; do
		[ "$m $pattern" = "POST /api/v1/utloggning" ] && continue
		if [ "$allowed" = offentlig ] || [ "$allowed" = alla ]; then
			want=ok
		else
			want=nej
			for a in $allowed; do
				[ "$a" = "$who" ] && want=ok
			done
		fi
		before=$(refusals "$who")
		send "$who" "$m" "$path" "$body"
		if [ $want = ok ]; then
			if refused; then
				fail "$who $m $path: nekad ($STATUS), ska vara tillåten"
				head -c 300 "$T/body" >&2
				echo >&2
			else
				ok
			fi
		else
			if [ "$STATUS" = 403 ] &&
			    [ "$(jq -r .fel.kod "$T/body")" = nekad ]; then
				ok
			else
				fail "$who $m $path: status $STATUS, ska nekas (403)"
				head -c 300 "$T/body" >&2
				echo >&2
			fi
			eq "$(refusals "$who")" $((before + 1)) \
			    "vägrandet för $who $m $path i loggen"
		fi
	done
	# Without a session: only the public routes answer.
	before=$(refusals anonym)
	send - "$m" "$path" "$body"
	if [ "$allowed" = offentlig ]; then
		if refused && [ "$STATUS" != 401 ]; then
			fail "offentlig $m $path nekades"
		else
			ok
		fi
	else
		eq "$STATUS" 401 "utan session: $m $path"
		eq "$(refusals anonym)" $((before + 1)) \
		    "vägrandet utan session för $m $path i loggen"
	fi
}

while IFS='|' read -r m pattern path body allowed; do
	check_row "$m" "$pattern" "$path" "$body" "$allowed"
done <"$T/matrix"

# The allowed calls did what they should (spot checks).
eq "$(sql "select count(*) from insats where kod = 'SV-MATRIS'")" 1 \
    "förbundsadministratören skapade insatsen"
eq "$(sql "select count(*) from forbund where kod = 'NY'")" 0 \
    "ingen skapade förbundet"
eq "$(sql "select count(*) from deltagande where avidentifierad = 1")" 1 \
    "deltagaransvarig avidentifierade"
eq "$(sql "select count(*) from koppling_projekt where namn = 'Matris'")" 1 \
    "analytikern skapade kopplingsprojektet, ingen annan"
eq "$(sql "select count(*) from logg where handling = 'koppling.exportera' and anvandare = 'ana'")" \
    1 "analytikerns export i loggen, ingen annans"
eq "$(sql "select count(*) from utvardering_resultat")" 1 \
    "analytikerns DiD sparad, ingen annans"
eq "$(sql "select count(*) from ekonomi_post")" 3 \
    "förbundsadministratören registrerade bokslut och budget, ingen annan"
eq "$(sql "select count(*) from kommunfordelning")" 1 \
    "förbundsadministratören registrerade kommunernas fördelning"
eq "$(sql "select count(*) from kalender")" 1 \
    "förbundsadministratören registrerade samrådet"

# ---- publishable reports at every level (access.md: läsare own förbund,
# analytiker all levels, förbundsadministratör own förbund; riket and
# län belong to no förbund, so only the analytiker gets them) ----
P="fran=2020-01-01&till=2026-12-31"
for route in /rapporter/utfall/publicerbar /rapporter/utfall/publicerbar/csv \
    /rapporter/utfall/publicerbar/svg /rapporter/utfall; do
	for lvl in "" "lan=06&" "forbund=SV&" "forbund=FV&"; do
		for who in $ROLES fadmfv daung; do
			case "$route|$lvl|$who" in
			*publicerbar*"|"*"|ana") want=200 ;;
			*publicerbar*"|forbund=SV&|fadm") want=200 ;;
			*publicerbar*"|forbund=SV&|las") want=200 ;;
			*publicerbar*"|forbund=FV&|fadmfv") want=200 ;;
			/rapporter/utfall"|forbund=SV&|fadm") want=200 ;;
			/rapporter/utfall"|forbund=FV&|fadmfv") want=200 ;;
			*) want=403 ;;
			esac
			before=$(refusals "$who")
			call "$who" GET "$route?$lvl$P"
			# A chart of too few participations is 409, not a refusal.
			if [ "$want" = 200 ] && [ "$STATUS" = 409 ]; then
				STATUS=200
			fi
			eq "$STATUS" "$want" "$who $route?$lvl"
			if [ "$want" = 403 ]; then
				eq "$(refusals "$who")" $((before + 1)) \
				    "vägrandet för $who $route?$lvl i loggen"
			fi
		done
	done
done
# Every publishable answer was logged as a release, with level and period.
eq "$(sql "select count(*) from logg where handling = 'rapport.publicerbar' and anvandare = 'ana' and detaljer like '%\"niva\":\"riket\"%' and detaljer like '%2020-01-01%'")" \
    3 "analytikerns utlämnanden för riket i loggen"
eq "$(sql "select count(*) from logg where handling = 'rapport.publicerbar' and anvandare = 'las' and roll = 'lasare' and forbund_id = (select id from forbund where kod = 'SV')")" \
    8 "läsarens utlämnanden i loggen (matrisen och nivåerna)"

# ---- deltagaransvarig of SV-IT (X) and participants of SV-UNG (Y) ----
before=$(refusals da)
expect 403 da GET "/insatser/$SVUNG/deltaganden"
expect 403 da GET "/insatser/$SVUNG/deltaganden?urval=oppna"
expect 403 da POST "/insatser/$SVUNG/samtycken" \
    '{"personnummer": "198505051238", "datum": "2024-01-05", "formular": "v2"}'
expect 403 da POST "/insatser/$SVUNG/deltaganden" \
    '{"personnummer": "198505051238", "startdatum": "2024-01-10"}'
expect 403 da GET "/deltaganden/$DUNG"
cp "$T/body" "$T/y-answer"
expect 403 da PATCH "/deltaganden/$DUNG" '{"version": 1, "orsak": "x", "utbildning": "okand"}'
# Guessing: every id of Y, and ids that do not exist, answer the same.
for id in $(sql "select id from deltagande where insats_id = $SVUNG") \
    999999 123456789; do
	call da GET "/deltaganden/$id"
	if [ "$STATUS" = 403 ] && cmp -s "$T/body" "$T/y-answer"; then
		ok
	else
		fail "da GET /deltaganden/$id: $STATUS"
	fi
done
nung=$(sql "select count(*) from deltagande where insats_id = $SVUNG")
eq "$(refusals da)" $((before + 6 + nung + 2)) "varje vägran i loggen"
eq "$(sql "select count(*) from logg where handling = 'nekad' and anvandare = 'da' and objekt = 'deltagande $DUNG' and insats_id = $SVUNG")" \
    3 "vägrandena för deltagande $DUNG med insatsen"
eq "$(sql "select count(*) from logg where handling = 'nekad' and anvandare = 'da' and objekt = 'deltagande 999999'")" \
    1 "gissningen i loggen"
# Searching a person of Y (and of X): only X answers.
expect 200 da POST /deltagare/sok '{"personnummer": "197910079818"}'
jqeq .totalt 0
expect 200 daung POST /deltagare/sok '{"personnummer": "197910079818"}'
jqeq .totalt 1
expect 200 da POST /deltagare/sok '{"personnummer": "197105289925"}'
jqeq '[.poster[].insats_id] | unique | join(",")' "$SVIT"
printf 'insats_kod,personnummer,samtycke_datum,startdatum\nSV-UNG,198505051238,2024-02-01,2024-02-01\n' >"$T/y.csv"
upload da "/import/deltagande?forhandsgranska=1" "$T/y.csv"
eq "$STATUS" 403 "import till Y"
# De-identifying a person of Y only is refused.
expect 403 da POST /deltagare/avidentifiera '{"personnummer": "197910079818", "orsak": "skyddad_identitet"}'
eq "$(sql "select count(*) from deltagande where avidentifierad = 1")" 1 \
    "ingen i Y avidentifierades"

# ---- the förbundsadministratör asks for personal data ----
before=$(refusals fadm)
last=$(sql "select max(id) from logg")
expect 403 fadm GET "/insatser/$SVIT/deltaganden"
expect 403 fadm GET "/deltaganden/$D"
expect 403 fadm POST /deltagare/sok "{\"personnummer\": \"$P1\"}"
expect 403 fadm POST "/insatser/$SVIT/samtycken" \
    "{\"personnummer\": \"$P1\", \"datum\": \"2024-01-05\", \"formular\": \"v2\"}"
expect 403 fadm POST /deltagare/avidentifiera "{\"personnummer\": \"$P1\", \"orsak\": \"skyddad_identitet\"}"
upload fadm "/import/deltagande?forhandsgranska=1" "$T/i-deltagande.csv"
eq "$STATUS" 403 "förbundsadministratörens import av deltaganden"
eq "$(refusals fadm)" $((before + 6)) "förbundsadministratörens vägranden i loggen"
eq "$(sql "select count(*) from logg where handling = 'nekad' and anvandare = 'fadm' and id > $last and roll like '%forbundsadministrator%' and klientadress = '127.0.0.1' and detaljer like '%deltagare.%'")" \
    6 "med roll, adress och behörighet"
# ... and sees no participant data in the audit log either.
expect 200 fadm GET "/logg?forbund=SV&per_sida=1000"
lacks "$T/body" "$P1"
lacks "$T/body" "199512242463"

# ---- another förbund's administrator ----
for r in "GET /forbund/SV" "GET /forbund/SV/medlemmar" \
    "GET /insatser/$SVIT" "GET /insatser/$SVIT/anonyma" \
    "GET /rapporter/utfall?$Q" "GET /logg?forbund=SV"; do
	set -- $r
	expect 403 fadmfv "$1" "$2"
done
expect 403 fadmfv PATCH /forbund/SV '{"namn": "Kapat"}'
# ... nor its money.
before=$(refusals fadmfv)
for r in "GET /forbund/SV/bidrag/2026" "GET /forbund/SV/kommunfordelning" \
    "GET /forbund/SV/ekonomi/2025" "GET /forbund/SV/kalender"; do
	set -- $r
	expect 403 fadmfv "$1" "$2"
done
expect 403 fadmfv PUT /forbund/SV/ekonomi/2025/utfall '{"stat": 1}'
expect 403 fadmfv PUT /forbund/SV/kommunfordelning/2026 '{"fordelning": "lika"}'
expect 403 fadmfv POST /forbund/SV/kalender '{"ar": 2026, "handelse": "budget", "datum": "2025-11-20"}'
eq "$(refusals fadmfv)" $((before + 7)) "andra förbundets vägranden i loggen"
expect 403 fadmfv PATCH "/insatser/$SVIT" '{"namn": "Kapat"}'
expect 200 fadmfv GET /forbund/SV/insatser
jqeq .totalt 0
expect 200 fadmfv GET /forbund
jqeq '[.poster[].kod] | join(",")' FV

# ---- an expired session: every route refuses, and logs it ----
login ia
sql "update session set senast = senast - 3600 where anvandare_id =
    (select id from anvandare where namn = 'ia')"
before=$(refusals anonym)
n=0
while IFS='|' read -r m pattern path body allowed; do
	[ "$allowed" = offentlig ] && continue
	send ia "$m" "$path" "$body"
	eq "$STATUS" 401 "utgången session: $m $path"
	n=$((n + 1))
done <"$T/matrix"
eq "$(refusals anonym)" $((before + n)) "utgångna sessionens vägranden i loggen"

# ---- separation of duties ----
run 1 "$FINSAM" --db "$DB" anvandare tilldela da --roll forbundsadministrator \
    --forbund SV
has "$T/err" "roll"
run 1 "$FINSAM" --db "$DB" anvandare tilldela fadm --roll deltagaransvarig \
    --insats SV-IT
login da
expect 200 da GET /jag
jqeq '[.roller[].roll] | join(",")' deltagaransvarig

# Logout last: every role may.
login ia
for who in $ROLES; do
	expect 200 "$who" POST /utloggning
	expect 401 "$who" GET /jag
done

server_stop
finish
