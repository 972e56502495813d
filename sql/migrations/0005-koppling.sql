-- SPDX-License-Identifier: ISC
-- finsam schema version 5: evaluation (evaluation.md).  Linkage
-- projects, each with a random salt from which (with the installation
-- key) its own pseudonymisation key is derived; a record of every
-- export of a pseudonymised participation file; the aggregate results
-- brought back (JSON, for the web UI).  The municipality panel: one
-- outcome value per kommun and year under an outcome name, and stored
-- difference-in-differences results.

CREATE TABLE koppling_projekt (
	id		INTEGER PRIMARY KEY,
	namn		TEXT NOT NULL UNIQUE,
	salt		BLOB NOT NULL,
	skapad_tid	TEXT NOT NULL,
	skapad_av	TEXT NOT NULL
);

-- urval describes the selection (förbund code, period) as JSON.
CREATE TABLE koppling_export (
	id		INTEGER PRIMARY KEY,
	projekt_id	INTEGER NOT NULL REFERENCES koppling_projekt(id),
	tid		TEXT NOT NULL,
	av		TEXT NOT NULL,
	rader		INTEGER NOT NULL,
	urval		TEXT NOT NULL
);
CREATE INDEX koppling_export_projekt ON koppling_export(projekt_id, id);

CREATE TABLE koppling_resultat (
	id		INTEGER PRIMARY KEY,
	projekt_id	INTEGER NOT NULL REFERENCES koppling_projekt(id),
	tid		TEXT NOT NULL,
	av		TEXT NOT NULL,
	data		TEXT NOT NULL
);
CREATE INDEX koppling_resultat_projekt ON koppling_resultat(projekt_id, id);

CREATE TABLE utvardering_panel (
	utfall		TEXT NOT NULL,
	kommun_kod	TEXT NOT NULL REFERENCES kommun(kod),
	ar		INTEGER NOT NULL,
	varde		DOUBLE PRECISION NOT NULL,
	PRIMARY KEY (utfall, kommun_kod, ar)
);

-- parametrar: control group, bootstrap draws, seed as JSON.
CREATE TABLE utvardering_resultat (
	id		INTEGER PRIMARY KEY,
	utfall		TEXT NOT NULL,
	tid		TEXT NOT NULL,
	av		TEXT NOT NULL,
	parametrar	TEXT NOT NULL,
	data		TEXT NOT NULL
);
CREATE INDEX utvardering_resultat_utfall ON utvardering_resultat(utfall, id);
