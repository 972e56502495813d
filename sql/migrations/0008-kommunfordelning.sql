-- SPDX-License-Identifier: ISC
-- finsam schema: the stored kommun split of a förbund (finance.md
-- "Contributions": the kommuner divide their quarter as they agree, by
-- population 16-64, in equal parts or by fixed shares).  One split per
-- förbund and year from which it holds (fran_ar); it holds until a
-- split from a later year.  Shares are basis points (30 % = 3000) and
-- sum to 10 000 for fordelning 'andelar'; other splits have no shares.
-- Migrations must be contiguous: if another one takes this number first,
-- renumber this file to follow it (nothing depends on the number).

CREATE TABLE kommunfordelning (
	forbund_id	INTEGER NOT NULL REFERENCES forbund(id),
	fran_ar		INTEGER NOT NULL,
	fordelning	TEXT NOT NULL,	-- befolkning, lika, andelar
	beslutad	TEXT,		-- YYYY-MM-DD of the decision, or NULL
	registrerad_tid	TEXT NOT NULL,
	registrerad_av	TEXT NOT NULL,
	PRIMARY KEY (forbund_id, fran_ar)
);

CREATE TABLE kommunfordelning_andel (
	forbund_id	INTEGER NOT NULL,
	fran_ar		INTEGER NOT NULL,
	kommun_kod	TEXT NOT NULL REFERENCES kommun(kod),
	andel_bp	INTEGER NOT NULL,
	PRIMARY KEY (forbund_id, fran_ar, kommun_kod),
	FOREIGN KEY (forbund_id, fran_ar)
	    REFERENCES kommunfordelning(forbund_id, fran_ar)
);
