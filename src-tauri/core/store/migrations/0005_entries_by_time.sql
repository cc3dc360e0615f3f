-- Imports ask "is this entry already here?" by its time; the timeline's
-- index leaves trashed entries out, so without this each question read the
-- whole table.
CREATE INDEX entries_by_created ON entries (created_at);
