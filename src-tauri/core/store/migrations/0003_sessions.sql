-- The member's group sessions as the clinic lists them (one FHIR
-- Appointment each). The clinic owns these rows: sync replaces them.
-- `resource` keeps the whole Appointment so nothing the server sent is lost.
CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,   -- the Appointment's id on the clinic's server
    version_id  TEXT,
    starts_at   TEXT NOT NULL,      -- RFC 3339, UTC
    ends_at     TEXT,
    status      TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    resource    TEXT NOT NULL,
    updated_at  TEXT NOT NULL       -- the server's meta.lastUpdated
) STRICT;

CREATE INDEX sessions_by_start ON sessions (starts_at);

-- An entry may be about one group session. No foreign key: a session the
-- clinic later removes must not take the member's writing with it.
ALTER TABLE entries ADD COLUMN session_id TEXT;
