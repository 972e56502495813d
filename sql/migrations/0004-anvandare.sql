-- SPDX-License-Identifier: ISC
-- finsam schema version 4: users, their role assignments, sessions and
-- login throttling (spec/access.md "Roles and scopes", "Authentication
-- and sessions").  Passwords exist only as Argon2id hashes and session
-- tokens only as their SHA-256; session and throttling times are
-- seconds since the epoch (UTC), since they are only compared and added.

CREATE TABLE anvandare (
	id		INTEGER PRIMARY KEY,
	namn		TEXT NOT NULL UNIQUE,
	-- Argon2id string of crypto_pwhash_str, NULL: no password login
	losenord	TEXT,
	sparrad		INTEGER NOT NULL DEFAULT 0,
	skapad_tid	TEXT NOT NULL,
	andrad_tid	TEXT NOT NULL
);

-- roll is a key of enum fs_role (forbundsadministrator, insatsansvarig,
-- deltagaransvarig, lasare, analytiker, systemadministrator); a
-- förbund role has forbund_id, an insats role insats_id, a global role
-- neither.
CREATE TABLE tilldelning (
	id		INTEGER PRIMARY KEY,
	anvandare_id	INTEGER NOT NULL REFERENCES anvandare(id),
	roll		TEXT NOT NULL,
	forbund_id	INTEGER REFERENCES forbund(id),
	insats_id	INTEGER REFERENCES insats(id),
	skapad_av	TEXT NOT NULL,
	skapad_tid	TEXT NOT NULL,
	CHECK (forbund_id IS NULL OR insats_id IS NULL)
);
CREATE UNIQUE INDEX tilldelning_nyckel ON tilldelning(anvandare_id, roll,
	COALESCE(forbund_id, 0), COALESCE(insats_id, 0));

CREATE TABLE session (
	id		INTEGER PRIMARY KEY,
	token_hash	BLOB NOT NULL UNIQUE,
	anvandare_id	INTEGER NOT NULL REFERENCES anvandare(id),
	csrf		TEXT NOT NULL,
	skapad		INTEGER NOT NULL,
	senast		INTEGER NOT NULL,
	klientadress	TEXT
);
CREATE INDEX session_anvandare ON session(anvandare_id);

-- Failed logins per account and per client address; nyckel is a keyed
-- hash of "konto:<name>" or "adress:<address>", so that a password typed
-- into the name field is not kept.
CREATE TABLE inloggning_strypning (
	nyckel		BLOB PRIMARY KEY,
	misslyckade	INTEGER NOT NULL,
	senast		INTEGER NOT NULL
);
