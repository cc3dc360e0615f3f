-- Skill practice. Exercise ids name files of the exercise library
-- (ui/src/lib/practice/exercises/<id>.json); they never change.

-- Each time the member practised: what, when (and on which clock, so weeks
-- are counted as they were lived), how long, distress before and after.
CREATE TABLE practice_logs (
    id               TEXT PRIMARY KEY,
    exercise         TEXT NOT NULL,
    started_at       TEXT NOT NULL,               -- RFC 3339, UTC
    zone             TEXT NOT NULL,               -- IANA, the member's then
    seconds          INTEGER NOT NULL CHECK (seconds BETWEEN 0 AND 86400),
    distress_before  INTEGER CHECK (distress_before BETWEEN 0 AND 10),
    distress_after   INTEGER CHECK (distress_after BETWEEN 0 AND 10),
    worksheet_id        TEXT                         -- its written answers, if any
) STRICT;

CREATE INDEX practice_logs_by_start ON practice_logs (started_at);

-- The answers of a written exercise (thought record, DEAR MAN, opposite
-- action), saved as the member types.
CREATE TABLE practice_worksheets (
    id            TEXT PRIMARY KEY,
    exercise      TEXT NOT NULL,
    answers       TEXT NOT NULL DEFAULT '{}',     -- JSON: field -> text, or 0..100
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    completed_at  TEXT
) STRICT;

CREATE TABLE practice_favourites (
    exercise  TEXT PRIMARY KEY,
    added_at  TEXT NOT NULL
) STRICT;

-- "My group asked me to practise this." Shaped after FHIR R4 Task so the
-- clinic's Tasks fill the same rows: status is Task.status, exercise is
-- what Task.focus points to, due is the date of
-- Task.restriction.period.end, clinic_task is Task.id (NULL for the
-- member's own).
CREATE TABLE homework (
    id            TEXT PRIMARY KEY,
    clinic_task   TEXT UNIQUE,
    status        TEXT NOT NULL CHECK (status IN
                    ('requested', 'accepted', 'in-progress', 'completed', 'cancelled')),
    exercise      TEXT,
    description   TEXT NOT NULL DEFAULT '',
    due           TEXT,                           -- YYYY-MM-DD on the member's clock
    zone          TEXT NOT NULL,                  -- the member's when it was set
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    completed_at  TEXT
) STRICT;

-- The weekly goal (practices a week) and other practice choices.
CREATE TABLE practice_preferences (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    value  TEXT NOT NULL                          -- JSON
) STRICT;
