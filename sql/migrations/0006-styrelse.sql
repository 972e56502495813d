-- SPDX-License-Identifier: ISC
-- finsam schema version 6: the board of a förbund (domain.md "Board
-- (styrelse)").  Mandate periods, and dated seats held by a named
-- person for a member (parttyp and medlem_kod as in medlemskap) as
-- ledamot or ersättare, with the chair and vice chair marked in roll.
-- Seats are never deleted: a seat that ends gets its last day in till,
-- so the board of any past day can be shown.

CREATE TABLE styrelse_mandat (
	id		INTEGER PRIMARY KEY,
	forbund_id	INTEGER NOT NULL REFERENCES forbund(id),
	fran		TEXT NOT NULL,
	till		TEXT NOT NULL,
	UNIQUE (forbund_id, fran)
);

CREATE TABLE styrelse_ledamot (
	id		INTEGER PRIMARY KEY,
	forbund_id	INTEGER NOT NULL REFERENCES forbund(id),
	parttyp		TEXT NOT NULL,
	medlem_kod	TEXT NOT NULL,
	namn		TEXT NOT NULL,
	uppdrag		TEXT NOT NULL,
	roll		TEXT,
	fran		TEXT NOT NULL,
	till		TEXT
);
CREATE INDEX styrelse_ledamot_forbund ON styrelse_ledamot(forbund_id,
    medlem_kod, fran);
