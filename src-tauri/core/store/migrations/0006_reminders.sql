-- Weekly group sessions the member enters by hand (a group the clinic does
-- not list, or no clinic connected). A clinic sync never touches these.
CREATE TABLE hand_sessions (
    id                      TEXT PRIMARY KEY,
    title                   TEXT NOT NULL,
    first_date              TEXT NOT NULL,      -- YYYY-MM-DD, in the group's zone
    local_time              TEXT NOT NULL,      -- HH:MM
    zone                    TEXT NOT NULL,      -- IANA, e.g. America/New_York
    weeks                   INTEGER,            -- NULL: open-ended
    video_link              TEXT,
    skipped                 TEXT NOT NULL DEFAULT '[]',  -- JSON list of dates
    allowed_in_quiet_hours  INTEGER NOT NULL DEFAULT 0,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL
) STRICT;

-- Journal and practice reminders at a time on the member's clock.
CREATE TABLE routines (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('journal', 'practice')),
    local_time  TEXT NOT NULL,                  -- HH:MM
    weekdays    TEXT NOT NULL DEFAULT '[]',     -- JSON list, Monday = 0; empty: every day
    enabled     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL
) STRICT;

-- Lead times, quiet hours and whether notifications show details.
CREATE TABLE reminder_preferences (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    value   TEXT NOT NULL                       -- JSON
) STRICT;

-- Every reminder shown or missed, by key, so none comes twice.
CREATE TABLE reminder_log (
    key          TEXT PRIMARY KEY,
    due_at       TEXT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('shown', 'missed')),
    recorded_at  TEXT NOT NULL
) STRICT;

CREATE INDEX reminder_log_by_due ON reminder_log (due_at);

CREATE TABLE reminder_snoozes (
    key       TEXT PRIMARY KEY,
    until_at  TEXT NOT NULL,
    what      TEXT NOT NULL                     -- JSON
) STRICT;
