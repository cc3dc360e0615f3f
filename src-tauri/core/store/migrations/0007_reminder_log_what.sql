-- What a logged reminder was about (plan::What as JSON: kind and times,
-- no titles), so Today can list the ones that were missed. NULL for rows
-- logged before this column existed.
ALTER TABLE reminder_log ADD COLUMN what TEXT;
