-- Safety: the member's safety plan, their self-check results, and how they
-- want both kept.

-- The safety plan, one document (its seven lists), saved as it is edited.
CREATE TABLE safety_plan (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    body        TEXT NOT NULL,                    -- JSON: SafetyPlan
    updated_at  TEXT NOT NULL
) STRICT;

-- A PHQ-9 or GAD-7 as answered: the answers are kept so the score can be
-- checked again and, when the member shares, sent as they gave them.
CREATE TABLE self_checks (
    id          TEXT PRIMARY KEY,
    instrument  TEXT NOT NULL CHECK (instrument IN ('phq-9', 'gad-7')),
    taken_at    TEXT NOT NULL,                    -- RFC 3339, UTC
    zone        TEXT NOT NULL,                    -- IANA, the member's then
    answers     TEXT NOT NULL,                    -- JSON: [0..3, ...]
    difficulty  INTEGER CHECK (difficulty BETWEEN 0 AND 3),
    total       INTEGER NOT NULL,
    shared      INTEGER NOT NULL DEFAULT 0        -- sharing was on when taken
) STRICT;

CREATE INDEX self_checks_by_time ON self_checks (taken_at);

CREATE TABLE safety_preferences (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    value  TEXT NOT NULL                          -- JSON: SafetyPreferences
) STRICT;
