-- When the member saw that a missed reminder was missed (Today's "Got it").
-- Today lists every missed reminder not yet seen, by when it was found
-- missed, however long the computer slept.
ALTER TABLE reminder_log ADD COLUMN seen_at TEXT;
CREATE INDEX reminder_log_unseen_missed ON reminder_log (recorded_at)
    WHERE outcome = 'missed' AND seen_at IS NULL;
