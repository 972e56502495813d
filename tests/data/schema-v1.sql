-- A database as written by finsam schema version 1 (frozen test fixture:
-- never regenerate it from a newer schema).
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta (
	nyckel	TEXT PRIMARY KEY,
	varde	TEXT NOT NULL
);
INSERT INTO meta VALUES('deltagande_generation','0');
INSERT INTO meta VALUES('schema_version','1');
INSERT INTO meta VALUES('nyckel_fingeravtryck','00');
CREATE TABLE lan (
	kod		TEXT PRIMARY KEY,
	namn		TEXT NOT NULL,
	kortnamn	TEXT NOT NULL
);
INSERT INTO lan VALUES('06','Jönköpings län','Jönköping');
CREATE TABLE kommun (
	kod		TEXT PRIMARY KEY,
	namn		TEXT NOT NULL,
	kortnamn	TEXT NOT NULL,
	lan_kod		TEXT NOT NULL REFERENCES lan(kod)
);
INSERT INTO kommun VALUES('0680','Jönköpings kommun','Jönköping','06');
CREATE TABLE forbund (
	id			INTEGER PRIMARY KEY,
	kod			TEXT NOT NULL UNIQUE,
	namn			TEXT NOT NULL,
	organisationsnummer	TEXT NOT NULL,
	startdatum		TEXT NOT NULL,
	slutdatum		TEXT,
	hemlan			TEXT REFERENCES lan(kod)
);
INSERT INTO forbund VALUES(1,'SV','Samordningsförbundet Södra Vätterbygden','222000-1339','2010-01-01',NULL,'06');
CREATE TABLE medlemskap (
	id		INTEGER PRIMARY KEY,
	forbund_id	INTEGER NOT NULL REFERENCES forbund(id),
	parttyp		TEXT NOT NULL,
	medlem_kod	TEXT NOT NULL,
	fran		TEXT NOT NULL,
	till		TEXT,
	UNIQUE (forbund_id, parttyp, medlem_kod, fran)
);
INSERT INTO medlemskap VALUES(1,1,'kommun','0680','2010-01-01',NULL);
CREATE TABLE kodlista (
	lista		TEXT NOT NULL,
	kod		TEXT NOT NULL,
	forbund_id	INTEGER NOT NULL DEFAULT 0,
	inriktning	TEXT,
	benamning	TEXT NOT NULL,
	PRIMARY KEY (lista, kod, forbund_id)
);
CREATE TABLE insats (
	id			INTEGER PRIMARY KEY,
	forbund_id		INTEGER NOT NULL REFERENCES forbund(id),
	kod			TEXT NOT NULL,
	namn			TEXT NOT NULL,
	beskrivning		TEXT,
	startdatum		TEXT NOT NULL,
	slutdatum		TEXT,
	inriktning		TEXT NOT NULL,
	preciserad_inriktning	TEXT,
	uppfoljning		TEXT NOT NULL,
	esf			INTEGER NOT NULL DEFAULT 0,
	status			TEXT NOT NULL DEFAULT 'planerad',
	beslut			TEXT,
	beslut_medlem		TEXT,
	beslut_fran		TEXT,
	UNIQUE (forbund_id, kod)
);
INSERT INTO insats VALUES(1,1,'IT','IT-spåret',NULL,'2020-01-01',NULL,'individ',NULL,'individ',0,'pagaende',NULL,NULL,NULL);
CREATE TABLE insats_malgrupp (
	insats_id	INTEGER NOT NULL REFERENCES insats(id),
	kod		TEXT NOT NULL,
	PRIMARY KEY (insats_id, kod)
);
CREATE TABLE insats_genomforare (
	insats_id	INTEGER NOT NULL REFERENCES insats(id),
	parttyp		TEXT NOT NULL,
	medlem_kod	TEXT NOT NULL,
	PRIMARY KEY (insats_id, parttyp, medlem_kod)
);
CREATE TABLE insats_budget (
	insats_id		INTEGER NOT NULL REFERENCES insats(id),
	ar			INTEGER NOT NULL,
	planerade_deltagare	INTEGER,
	PRIMARY KEY (insats_id, ar)
);
CREATE TABLE insats_budgetrad (
	id		INTEGER PRIMARY KEY,
	insats_id	INTEGER NOT NULL REFERENCES insats(id),
	ar		INTEGER NOT NULL,
	typ		TEXT NOT NULL,
	budget_kr	INTEGER NOT NULL DEFAULT 0,
	utfall_kr	INTEGER,
	beskrivning	TEXT
);
CREATE TABLE person (
	id		INTEGER PRIMARY KEY,
	pnr_hash	BLOB NOT NULL UNIQUE,
	pnr_krypt	BLOB NOT NULL,
	kon		TEXT NOT NULL,
	fodelsedatum	TEXT NOT NULL
);
CREATE TABLE skyddad_person (
	pnr_hash	BLOB PRIMARY KEY,
	registrerad_tid	TEXT NOT NULL
);
CREATE TABLE samtycke (
	id			INTEGER PRIMARY KEY,
	person_id		INTEGER NOT NULL REFERENCES person(id),
	insats_id		INTEGER NOT NULL REFERENCES insats(id),
	datum			TEXT NOT NULL,
	formular_version	TEXT NOT NULL,
	registrerad_av		TEXT NOT NULL,
	registrerad_tid		TEXT NOT NULL,
	UNIQUE (person_id, insats_id, datum)
);
CREATE TABLE deltagande (
	id				INTEGER PRIMARY KEY,
	insats_id			INTEGER NOT NULL REFERENCES insats(id),
	person_id			INTEGER REFERENCES person(id),
	avidentifierad			INTEGER NOT NULL DEFAULT 0,
	kon				TEXT NOT NULL,
	alder_start			INTEGER NOT NULL,
	startdatum			TEXT NOT NULL,
	utbildning			TEXT,
	offentlig_forsorjning_tid	TEXT,
	forsorjning_fore		INTEGER,
	arbete_fore			INTEGER,
	studier_fore			INTEGER,
	arbetssokande_fore		INTEGER,
	slutdatum			TEXT,
	avslutsanledning		TEXT,
	forsorjning_efter		INTEGER,
	arbete_efter			INTEGER,
	studier_efter			INTEGER,
	arbetssokande_efter		INTEGER,
	version				INTEGER NOT NULL DEFAULT 1,
	registrerad_av			TEXT NOT NULL,
	registrerad_tid			TEXT NOT NULL
);
INSERT INTO deltagande VALUES(1,1,NULL,1,'k',30,'2021-03-01',NULL,NULL,NULL,NULL,NULL,NULL,'2021-09-01','arbete',NULL,50,NULL,NULL,1,'cli:test','2021-03-01T09:00:00Z');
CREATE TABLE deltagande_version (
	deltagande_id	INTEGER NOT NULL REFERENCES deltagande(id),
	version		INTEGER NOT NULL,
	andrad_av	TEXT NOT NULL,
	andrad_tid	TEXT NOT NULL,
	orsak		TEXT,
	data		TEXT,
	PRIMARY KEY (deltagande_id, version)
);
CREATE TABLE fraga (
	id		INTEGER PRIMARY KEY,
	forbund_id	INTEGER NOT NULL REFERENCES forbund(id),
	text		TEXT NOT NULL,
	typ		TEXT NOT NULL,
	alternativ	TEXT,
	giltig_fran	TEXT NOT NULL,
	giltig_till	TEXT
);
INSERT INTO fraga VALUES(1,1,'Fast kontaktperson?','ja_nej',NULL,'2020-01-01',NULL);
CREATE TABLE fraga_svar (
	deltagande_id	INTEGER NOT NULL REFERENCES deltagande(id),
	fraga_id	INTEGER NOT NULL REFERENCES fraga(id),
	svar		TEXT NOT NULL,
	PRIMARY KEY (deltagande_id, fraga_id)
);
INSERT INTO fraga_svar VALUES(1,1,'ja');
CREATE TABLE anonyma (
	insats_id	INTEGER NOT NULL REFERENCES insats(id),
	ar		INTEGER NOT NULL,
	kvinnor		INTEGER NOT NULL,
	man		INTEGER NOT NULL,
	PRIMARY KEY (insats_id, ar)
);
CREATE TABLE antal (
	insats_id	INTEGER NOT NULL REFERENCES insats(id),
	period		TEXT NOT NULL,
	totalt		INTEGER NOT NULL,
	kvinnor		INTEGER,
	man		INTEGER,
	PRIMARY KEY (insats_id, period)
);
CREATE TABLE logg (
	id		INTEGER PRIMARY KEY,
	tid		TEXT NOT NULL,
	anvandare	TEXT NOT NULL,
	roll		TEXT,
	handling	TEXT NOT NULL,
	objekt		TEXT,
	forbund_id	INTEGER,
	insats_id	INTEGER,
	utfall		TEXT NOT NULL,
	klientadress	TEXT,
	detaljer	TEXT
);
INSERT INTO logg VALUES(1,'2021-09-01T10:00:00Z','cli:test',NULL,'deltagande.registrera',NULL,NULL,NULL,'ok',NULL,NULL);
CREATE TABLE rapportcache (
	namn		TEXT NOT NULL,
	del		INTEGER NOT NULL,
	generation	INTEGER NOT NULL,
	data		BLOB NOT NULL,
	PRIMARY KEY (namn, del)
);
CREATE INDEX insats_kod ON insats(kod);
CREATE UNIQUE INDEX deltagande_nyckel
	ON deltagande(person_id, insats_id, startdatum);
CREATE UNIQUE INDEX deltagande_oppen
	ON deltagande(person_id, insats_id) WHERE slutdatum IS NULL;
CREATE INDEX deltagande_insats ON deltagande(insats_id);
COMMIT;
