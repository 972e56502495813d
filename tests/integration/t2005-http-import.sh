#!/bin/sh
# SPDX-License-Identifier: ISC
# CSV import by upload: all or nothing with the error list of the
# command line (row, column, reason for every bad row), the preview
# that stores nothing, re-import without duplicates, a file touching a
# förbund or insats the user may not change refused as a whole (and
# logged), Swedish Excel files (BOM, semicolons), and the upload limit.
. "$(dirname "$0")/http_lib.sh"

make_db || { fail "databasen"; finish; exit 1; }
make_users
server_start --max-uppladdning 65536 || { finish; exit 1; }
login fadm
login da
login ia
count() {
	sql "select count(*) from $1"
}

# ---- insatser: preview, errors, import, again ----
cat >"$T/ins.csv" <<'EOF'
insats_kod,forbund_kod,namn,inriktning,preciserad_inriktning,uppfoljning,startdatum,slutdatum
SV-A,SV,Arbetsträning,individ,rehabilitering_arbete_utbildning,individ,2025-01-01,
SV-B,SV,Seminarier,struktur,dialog_kommunikation,antal,2025-02-01,2025-12-31
EOF
n=$(count insats)
upload fadm "/import/insatser?forhandsgranska=1" "$T/ins.csv"
eq "$STATUS" 200 "förhandsgranskning"
jqeq .forhandsgranskning true
jqeq .antal_rader 2
jqeq .nya 2
eq "$(count insats)" "$n" "förhandsgranskningen sparade inget"
upload fadm /import/insatser "$T/ins.csv"
eq "$STATUS" 201 "import"
jqeq .forhandsgranskning false
jqeq .nya 2
eq "$(count insats)" $((n + 2)) "två nya insatser"
upload fadm /import/insatser "$T/ins.csv"
eq "$STATUS" 201 "samma fil igen"
jqeq .nya 0
jqeq .oforandrade 2
eq "$(count insats)" $((n + 2)) "inga dubbletter"

cat >"$T/bad.csv" <<'EOF'
insats_kod,forbund_kod,namn,inriktning,preciserad_inriktning,uppfoljning,startdatum,slutdatum
SV-C,SV,Bra rad,individ,samordning_team,individ,2025-01-01,
SV-D,SV,Fel inriktning,diagonal,samordning_team,individ,2025-01-01,
SV-E,SV,Fel datum,individ,samordning_team,individ,2025-02-30,
EOF
upload fadm "/import/insatser?forhandsgranska=1" "$T/bad.csv"
eq "$STATUS" 422 "felaktig fil, förhandsgranskad"
jqeq .fel.kod ogiltig_indata
jqeq '.rader | length' 2
jqeq '.rader[0].rad' 3
jqeq '.rader[0].kolumn' inriktning
jqeq '.rader[1].rad' 4
jqeq '.rader[1].kolumn' startdatum
jqeq '.rader[0].meddelande | length > 0' true
upload fadm /import/insatser "$T/bad.csv"
eq "$STATUS" 422 "felaktig fil"
jqeq '.rader | length' 2
eq "$(sql "select count(*) from insats where kod = 'SV-C'")" 0 \
    "allt eller inget: den bra raden sparades inte heller"

# Unknown column, empty file.
printf 'insats_kod,forbund_kod,namn,farg\nX,SV,Y,bla\n' >"$T/col.csv"
upload fadm /import/insatser "$T/col.csv"
eq "$STATUS" 422 "okänd kolumn"
jqeq '[.rader[].kolumn] | index("farg") != null' true
: >"$T/empty.csv"
upload fadm /import/insatser "$T/empty.csv"
eq "$STATUS" 422 "tom fil"

# A file that touches another förbund is refused whole, and logged.
cat >"$T/fv.csv" <<'EOF'
insats_kod,forbund_kod,namn,inriktning,preciserad_inriktning,uppfoljning,startdatum,slutdatum
SV-F,SV,Eget,individ,samordning_team,individ,2025-01-01,
FV-F,FV,Annans,individ,samordning_team,individ,2025-01-01,
EOF
before=$(refusals fadm)
upload fadm /import/insatser "$T/fv.csv"
eq "$STATUS" 403 "fil med annat förbunds insats"
jqeq .fel.kod nekad
eq "$(refusals fadm)" $((before + 1)) "vägrandet i loggen"
eq "$(sql "select count(*) from insats where kod in ('SV-F', 'FV-F')")" 0 \
    "inget sparades"
# The insatsansvarig of SV-IT may update SV-IT, not create insatser.
printf 'insats_kod,forbund_kod,namn,inriktning,preciserad_inriktning,uppfoljning,startdatum,slutdatum\nSV-IT,SV,IT-spåret,individ,rehabilitering_arbete_utbildning,individ,2018-01-01,2024-12-31\n' >"$T/svit.csv"
upload ia /import/insatser "$T/svit.csv"
eq "$STATUS" 201 "insatsansvarig uppdaterar sin insats"
jqeq .oforandrade 1
upload ia /import/insatser "$T/ins.csv"
eq "$STATUS" 403 "insatsansvarig och andra insatser"

# ---- deltagande: the deltagaransvarig's own insats only ----
cat >"$T/delt.csv" <<'EOF'
insats_kod,personnummer,samtycke_datum,startdatum,utbildning,offentlig_forsorjning_tid,forsorjning_fore,arbete_fore,studier_fore,slutdatum,avslutsanledning,forsorjning_efter,arbete_efter,studier_efter
SV-IT,199001010017,2024-01-05,2024-01-10,gymnasium,1_3,a_kassa,0,25,2024-06-30,arbete,ingen,100,0
SV-IT,198505051238,2024-02-01,2024-02-01,grundskola,ingen,ingen,50,0,,,,,
EOF
n=$(count deltagande)
upload da "/import/deltagande?forhandsgranska=1" "$T/delt.csv"
eq "$STATUS" 200 "förhandsgranskning av deltaganden"
jqeq .nya 2
eq "$(count deltagande)" "$n" "inget sparades"
upload da /import/deltagande "$T/delt.csv"
eq "$STATUS" 201 "import av deltaganden"
eq "$(count deltagande)" $((n + 2)) "två nya deltaganden"
lacks "$T/body" "199001010017"
cat >"$T/delt2.csv" <<'EOF'
insats_kod,personnummer,samtycke_datum,startdatum,utbildning,offentlig_forsorjning_tid,forsorjning_fore,arbete_fore,studier_fore,slutdatum,avslutsanledning,forsorjning_efter,arbete_efter,studier_efter
SV-IT,199512242463,2024-01-05,2024-01-10,gymnasium,1_3,a_kassa,0,25,,,,,
SV-UNG,199512242463,2024-01-05,2024-01-10,gymnasium,1_3,a_kassa,0,25,,,,,
EOF
before=$(refusals da)
upload da /import/deltagande "$T/delt2.csv"
eq "$STATUS" 403 "deltaganden i en annan insats"
eq "$(refusals da)" $((before + 1)) "vägrandet i loggen"
upload fadm "/import/deltagande?forhandsgranska=1" "$T/delt.csv"
eq "$STATUS" 403 "förbundsadministratören läser inte in personuppgifter"
# A bad personnummer is reported by row, without the number.
printf 'insats_kod,personnummer,samtycke_datum,startdatum\nSV-IT,199512242464,2024-01-05,2024-01-10\n' >"$T/pnr.csv"
upload da /import/deltagande "$T/pnr.csv"
eq "$STATUS" 422 "fel kontrollsiffra"
jqeq '.rader[0].kolumn' personnummer
lacks "$T/body" "199512242464"

# ---- anonyma, Swedish Excel (BOM, semicolons) ----
printf '\357\273\277insats_kod;ar;kvinnor;man\r\nSV-IT;2023;3;4\r\n' >"$T/anon.csv"
upload da /import/anonyma "$T/anon.csv"
eq "$STATUS" 201 "anonyma från svensk Excel"
eq "$(sql "select kvinnor || '/' || man from anonyma where ar = 2023")" 3/4 \
    "anonyma sparade"

printf 'insats_kod;ar;kvinnor;man\nSV-IT;2023;3;4\nSV-IT;1990;1;1\nSV-IT;2022;-2;1\n' >"$T/anonbad.csv"
upload da /import/anonyma "$T/anonbad.csv"
eq "$STATUS" 422 "felaktiga anonyma"
jqeq '[.rader[].rad] | join(",")' 3,4
eq "$(sql "select kvinnor || '/' || man from anonyma where ar = 2023")" 3/4 \
    "inget ändrades"

# ---- förbund: existing ones by their administrator, new ones by nobody ----
printf 'forbund_kod;namn;organisationsnummer;startdatum;kommuner\nSV;Samordningsförbundet Södra Vätterbygden;222000-1339;2009-01-01;0680 0682 0684\n' >"$T/fb.csv"
upload fadm /import/forbund "$T/fb.csv"
eq "$STATUS" 201 "eget förbund"
printf 'forbund_kod;namn;organisationsnummer;startdatum;kommuner\nNY;Nytt;222000-1354;2026-01-01;0687\n' >"$T/fbny.csv"
upload fadm /import/forbund "$T/fbny.csv"
eq "$STATUS" 403 "nytt förbund"

# ---- the upload limit (this server: 64 KiB) ----
{
	head -1 "$T/ins.csv"
	i=0
	while [ $i -lt 1200 ]; do
		echo "SV-X$i,SV,Namn $i,individ,samordning_team,individ,2025-01-01,"
		i=$((i + 1))
	done
} >"$T/huge.csv"
upload fadm /import/insatser "$T/huge.csv"
eq "$STATUS" 413 "för stor uppladdning"
jqeq .fel.kod for_stor
# Not logged in: refused before the body is read.
STATUS=$(curl -sS --max-time 10 -o "$T/body" -w '%{http_code}' \
    -H 'Content-Type: text/csv' --data-binary "@$T/ins.csv" \
    "$BASE/api/v1/import/insatser")
eq "$STATUS" 401 "utan inloggning"

server_stop
finish
