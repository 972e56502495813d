-- SPDX-License-Identifier: ISC
-- finsam schema: evaluation in the web application (evaluation.md).
-- A linkage run (koppling_korning) is a computation started over HTTP:
-- the pseudonymised participation file is uploaded first and kept
-- (deltagande, pseudonyms only) until the spell file has been computed
-- against it, then dropped; the run keeps its parameters, its status,
-- the last error (field and message, never data), the aggregate result
-- as JSON and its chart as SVG, so that the page can show them later.
-- status: vantar (waiting for a spell file), pagar (computing), klar.
-- Stored difference-in-differences results also keep their chart.

CREATE TABLE koppling_korning (
	id		INTEGER PRIMARY KEY,
	projekt_id	INTEGER NOT NULL REFERENCES koppling_projekt(id),
	skapad_tid	TEXT NOT NULL,
	skapad_av	TEXT NOT NULL,
	status		TEXT NOT NULL,
	parametrar	TEXT NOT NULL,
	deltaganden	INTEGER NOT NULL,
	deltagande	BLOB,
	perioder	INTEGER NOT NULL DEFAULT 0,
	start_tid	TEXT,
	klar_tid	TEXT,
	fel_falt	TEXT,
	fel_meddelande	TEXT,
	resultat	TEXT,
	svg		TEXT
);
CREATE INDEX koppling_korning_projekt ON koppling_korning(projekt_id, id);

ALTER TABLE utvardering_resultat ADD COLUMN svg TEXT;
