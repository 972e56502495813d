-- SPDX-License-Identifier: ISC
-- finsam schema version 9: a leaner store for national-scale imports
-- (a million participations in one transaction), with the same data.
--
-- The keyed personnummer hash is kept at 16 bytes, the first 16 of the
-- keyed BLAKE2b-256 stored until now (crypto.h): a third less in every
-- person row and its index, and still far beyond any chance of two
-- personnummer sharing a hash.  Truncating in place keeps every lookup
-- working; substr() on a blob is the same in PostgreSQL.
UPDATE person SET pnr_hash = substr(pnr_hash, 1, 16);
UPDATE skyddad_person SET pnr_hash = substr(pnr_hash, 1, 16);

-- The consent that comes with an imported participation is kept on the
-- participation itself: samtycke_datum is the day it was signed, for the
-- person and insats of the row, recorded by registrerad_av at
-- registrerad_tid with formulär "import".  One row instead of a
-- participation plus a consent and its index entry.  Every other
-- consent (registered on its own, or one that no participation came
-- with) stays in samtycke; a consent is either here or there, never
-- both.  De-identification clears it with the link to the person.
ALTER TABLE deltagande ADD COLUMN samtycke_datum TEXT;
