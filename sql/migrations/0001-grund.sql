-- SPDX-License-Identifier: ISC
-- finsam schema version 1: reference data, förbund with dated
-- memberships, insatser, persons (encrypted personnummer), consents,
-- participations with versions, anonymous and count-only figures,
-- the audit log and the report cache.  Portable SQL: no SQLite-only
-- types or functions, so that the PostgreSQL backend can load the same
-- statements with its own placeholders.
-- Dates are TEXT 'YYYY-MM-DD'; timestamps TEXT ISO 8601 UTC.

CREATE TABLE meta (
	nyckel	TEXT PRIMARY KEY,
	varde	TEXT NOT NULL
);

CREATE TABLE lan (
	kod		TEXT PRIMARY KEY,
	namn		TEXT NOT NULL,
	kortnamn	TEXT NOT NULL
);

CREATE TABLE kommun (
	kod		TEXT PRIMARY KEY,
	namn		TEXT NOT NULL,
	kortnamn	TEXT NOT NULL,
	lan_kod		TEXT NOT NULL REFERENCES lan(kod)
);

CREATE TABLE forbund (
	id			INTEGER PRIMARY KEY,
	kod			TEXT NOT NULL UNIQUE,
	namn			TEXT NOT NULL,
	organisationsnummer	TEXT NOT NULL,
	startdatum		TEXT NOT NULL,
	slutdatum		TEXT,
	hemlan			TEXT REFERENCES lan(kod)
);

-- parttyp fk|af|region|kommun; medlem_kod 'FK', 'AF', a län code for a
-- region, a kommunkod for a kommun.  Dated so that history stays right.
CREATE TABLE medlemskap (
	id		INTEGER PRIMARY KEY,
	forbund_id	INTEGER NOT NULL REFERENCES forbund(id),
	parttyp		TEXT NOT NULL,
	medlem_kod	TEXT NOT NULL,
	fran		TEXT NOT NULL,
	till		TEXT,
	UNIQUE (forbund_id, parttyp, medlem_kod, fran)
);

-- Code lists that a förbund may extend (forbund_id 0 = the defaults).
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
CREATE INDEX insats_kod ON insats(kod);

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

-- One row per identified person.  The personnummer exists only as
-- authenticated ciphertext (key outside the database) and as a keyed
-- hash for lookups; kon and fodelsedatum are derived from it.
CREATE TABLE person (
	id		INTEGER PRIMARY KEY,
	pnr_hash	BLOB NOT NULL UNIQUE,
	pnr_krypt	BLOB NOT NULL,
	kon		TEXT NOT NULL,
	fodelsedatum	TEXT NOT NULL
);

-- Keyed hashes of personnummer with protected identity: such a person is
-- never registered identified again.  No link to any participation.
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

-- The current version of each participation; earlier versions are in
-- deltagande_version.  person_id is NULL once de-identified, and then
-- only the statistical fields remain.  forsorjning_* are bit sets over
-- the code list of follow-up.md (bit i = code i).
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
CREATE UNIQUE INDEX deltagande_nyckel
	ON deltagande(person_id, insats_id, startdatum);
CREATE UNIQUE INDEX deltagande_oppen
	ON deltagande(person_id, insats_id) WHERE slutdatum IS NULL;
CREATE INDEX deltagande_insats ON deltagande(insats_id);

-- The versions of corrected participations: who, when, why, and the
-- full field set of that version as JSON.  A participation that was
-- never changed has no rows here: its one version is the deltagande row
-- with registrerad_av/registrerad_tid.  The first correction writes
-- version 1 (the old fields) and version 2; the current version's data
-- is NULL because its fields are the deltagande row itself.  So a
-- national import stores each row once.
CREATE TABLE deltagande_version (
	deltagande_id	INTEGER NOT NULL REFERENCES deltagande(id),
	version		INTEGER NOT NULL,
	andrad_av	TEXT NOT NULL,
	andrad_tid	TEXT NOT NULL,
	orsak		TEXT,
	data		TEXT,
	PRIMARY KEY (deltagande_id, version)
);

-- Förbund-defined extra questions (kompletterande frågor), answered at
-- exit: typ ja_nej | tal | val (alternativ: the options, '|'-separated),
-- valid from giltig_fran to giltig_till on the participation's slutdatum.
CREATE TABLE fraga (
	id		INTEGER PRIMARY KEY,
	forbund_id	INTEGER NOT NULL REFERENCES forbund(id),
	text		TEXT NOT NULL,
	typ		TEXT NOT NULL,
	alternativ	TEXT,
	giltig_fran	TEXT NOT NULL,
	giltig_till	TEXT
);

CREATE TABLE fraga_svar (
	deltagande_id	INTEGER NOT NULL REFERENCES deltagande(id),
	fraga_id	INTEGER NOT NULL REFERENCES fraga(id),
	svar		TEXT NOT NULL,
	PRIMARY KEY (deltagande_id, fraga_id)
);

-- Anonymous participants: per insats and calendar year only counts.
CREATE TABLE anonyma (
	insats_id	INTEGER NOT NULL REFERENCES insats(id),
	ar		INTEGER NOT NULL,
	kvinnor		INTEGER NOT NULL,
	man		INTEGER NOT NULL,
	PRIMARY KEY (insats_id, ar)
);

-- Count-only figures for uppföljning 'antal': period 'YYYY' or 'YYYY-MM'.
CREATE TABLE antal (
	insats_id	INTEGER NOT NULL REFERENCES insats(id),
	period		TEXT NOT NULL,
	totalt		INTEGER NOT NULL,
	kvinnor		INTEGER,
	man		INTEGER,
	PRIMARY KEY (insats_id, period)
);

-- Append-only audit log (access.md): no statement updates or deletes it.
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

-- Derived data that is expensive to compute (the columnar snapshot of
-- finished participations behind the outcome report), tagged with the
-- data generation it was built from.
CREATE TABLE rapportcache (
	namn		TEXT NOT NULL,
	del		INTEGER NOT NULL,
	generation	INTEGER NOT NULL,
	data		BLOB NOT NULL,
	PRIMARY KEY (namn, del)
);

INSERT INTO meta (nyckel, varde) VALUES ('deltagande_generation', '0');
