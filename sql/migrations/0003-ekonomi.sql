-- SPDX-License-Identifier: ISC
-- finsam schema version 3: the money side (finance.md).  Försörjningsmått
-- and population per year and kommun, the allocation model's parameter
-- sets per allocation year (versioned), stored allocation calculations
-- with their parameters, inputs, outputs and log so that each can be
-- reproduced bit for bit, applications (utilisation or amount), accounts
-- and budget per förbund and year, and the calendar of decisions.
-- Amounts are whole kronor unless the column says tkr; percentages are
-- basis points (hundredths of a percent, 10 % = 1000).

-- SCB's försörjningsmått per kommun and year: the seven amounts in tkr
-- (their sum is the kommun's försörjningsmått) and the population aged
-- 16-64.  One row per kommun and year.
CREATE TABLE forsorjningsmatt (
	ar			INTEGER NOT NULL,
	kommun_kod		TEXT NOT NULL REFERENCES kommun(kod),
	befolkning_16_64	INTEGER NOT NULL,
	sjukpenning		INTEGER NOT NULL,
	aktivitetsersattning	INTEGER NOT NULL,
	sjukersattning		INTEGER NOT NULL,
	a_kassa			INTEGER NOT NULL,
	aktivitetsstod		INTEGER NOT NULL,
	etableringsersattning	INTEGER NOT NULL,
	forsorjningsstod	INTEGER NOT NULL,
	PRIMARY KEY (ar, kommun_kod)
);

-- Parameter sets of the allocation model, one or more versions per
-- allocation year; data is the normalised JSON of the set.  A version is
-- never changed: a new one is added.
CREATE TABLE tilldelning_parametrar (
	ar		INTEGER NOT NULL,
	version		INTEGER NOT NULL,
	skapad_tid	TEXT NOT NULL,
	skapad_av	TEXT NOT NULL,
	data		TEXT NOT NULL,
	PRIMARY KEY (ar, version)
);

-- A stored allocation calculation: the parameter set (parameter_version
-- 0 = the built-in defaults), the complete inputs and the JSON result
-- exactly as written, so that recomputing from parametrar and indata
-- must give resultat byte for byte.  Never updated.
CREATE TABLE tilldelning_berakning (
	id			INTEGER PRIMARY KEY,
	ar			INTEGER NOT NULL,
	parameter_version	INTEGER NOT NULL,
	skapad_tid		TEXT NOT NULL,
	skapad_av		TEXT NOT NULL,
	parametrar		TEXT NOT NULL,
	indata			TEXT NOT NULL,
	resultat		TEXT NOT NULL,
	programversion		TEXT NOT NULL
);
CREATE INDEX tilldelning_berakning_ar ON tilldelning_berakning(ar, id);

-- The per-förbund figures of a stored calculation, for look-ups (the
-- spärr of the next year, contributions).
CREATE TABLE tilldelning_rad (
	berakning_id	INTEGER NOT NULL REFERENCES tilldelning_berakning(id),
	forbund_kod	TEXT NOT NULL,
	mojlig		INTEGER NOT NULL,
	tilldelning	INTEGER NOT NULL,
	PRIMARY KEY (berakning_id, forbund_kod)
);

-- What a förbund asks for in an allocation year: a utilisation of its
-- possible allocation (basis points) or an amount; NULL = not given.
CREATE TABLE tilldelning_ansokan (
	forbund_id		INTEGER NOT NULL REFERENCES forbund(id),
	ar			INTEGER NOT NULL,
	utnyttjandegrad_bp	INTEGER,
	ansokt_belopp		INTEGER,
	PRIMARY KEY (forbund_id, ar)
);

-- Accounts (typ 'utfall') and budget (typ 'budget') per förbund and
-- year.  post: intakt_stat, intakt_region, intakt_kommun (medlem_kod =
-- the kommun), intakt_esf, intakt_ovriga, kostnad_insatser,
-- kostnad_administration, kostnad_styrelse, kostnad_revision,
-- eget_kapital (at year end).  medlem_kod is '' where no member applies.
CREATE TABLE ekonomi_post (
	forbund_id	INTEGER NOT NULL REFERENCES forbund(id),
	ar		INTEGER NOT NULL,
	typ		TEXT NOT NULL,
	post		TEXT NOT NULL,
	medlem_kod	TEXT NOT NULL DEFAULT '',
	belopp		INTEGER NOT NULL,
	PRIMARY KEY (forbund_id, ar, typ, post, medlem_kod)
);

-- Calendar events per förbund: handelse samrad (budget consultation for
-- year ar), budget (budget for year ar adopted), arsredovisning (annual
-- report for year ar adopted), ansvarsfrihet (a member's discharge
-- decision for year ar; medlem_kod 'FK', 'AF', a län or kommun code;
-- beslut 'beviljad' or 'ej_beviljad').
CREATE TABLE kalender (
	forbund_id	INTEGER NOT NULL REFERENCES forbund(id),
	ar		INTEGER NOT NULL,
	handelse	TEXT NOT NULL,
	medlem_kod	TEXT NOT NULL DEFAULT '',
	datum		TEXT NOT NULL,
	beslut		TEXT,
	PRIMARY KEY (forbund_id, ar, handelse, medlem_kod)
);
