-- What the member tells the clinic, kept here before it is sent: replies to
-- sessions, orientation agreements, homework done, shared self-checks. A row
-- is never deleted once a send was tried (the clinic may hold it); the
-- member can withdraw one that is waiting or was refused.
CREATE TABLE clinic_outbox (
    id          TEXT PRIMARY KEY,                 -- UUID, the resource's identifier at the clinic
    kind        TEXT NOT NULL CHECK (kind IN ('rsvp', 'agreement', 'homework', 'selfCheck')),
    subject     TEXT NOT NULL,                    -- what it is about: Appointment, Questionnaire, Task or self-check id
    payload     TEXT NOT NULL,                    -- JSON: Payload, exactly what will be sent
    state       TEXT NOT NULL CHECK (state IN ('waiting', 'sent', 'refused', 'withdrawn')),
    tries       INTEGER NOT NULL DEFAULT 0,
    reason      TEXT,                             -- the clinic's words when it refused
    created_at  TEXT NOT NULL,
    sent_at     TEXT,
    server_id   TEXT                              -- the resource the clinic keeps
) STRICT;

CREATE INDEX clinic_outbox_by_subject ON clinic_outbox (kind, subject);

-- The fields a request carried, for the ledger (never journal content).
ALTER TABLE clinic_ledger ADD COLUMN fields TEXT;

-- The member's programmes as the clinic last described them: the groups
-- they are in and open groups they may join. The clinic owns these rows:
-- each sync that reads them replaces them all. No group member is ever kept.
CREATE TABLE programmes (
    group_id     TEXT PRIMARY KEY,                -- the Group's id at the clinic
    body         TEXT NOT NULL,                   -- JSON: Programme as read
    orientation  TEXT,                            -- the orientation Questionnaire, whole
    agreed       INTEGER NOT NULL DEFAULT 0       -- the clinic holds the member's agreement
) STRICT;
