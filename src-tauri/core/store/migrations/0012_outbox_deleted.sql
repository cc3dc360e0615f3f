-- An item withdrawn because the member deleted what it would send (a
-- self-check): Undo of that deletion puts it back in the queue. Items the
-- member withdrew themselves stay withdrawn.
ALTER TABLE clinic_outbox ADD COLUMN withdrawn_by_delete INTEGER NOT NULL DEFAULT 0;
