-- SPDX-License-Identifier: ISC
-- finsam schema version 2: indexes for reading the audit log, which the
-- förbundsadministratör queries per förbund and a person's "who has
-- read my data" request queries per object, both over years of entries.
CREATE INDEX logg_forbund_tid ON logg(forbund_id, tid);
CREATE INDEX logg_objekt ON logg(objekt, tid);
CREATE INDEX logg_anvandare_tid ON logg(anvandare, tid);
