-- The journal. `rowid` ties each entry to its full-text index row; `id` is
-- the stable identifier used by the UI, backups and imports.
CREATE TABLE entries (
    rowid       INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL DEFAULT '',
    mood        INTEGER CHECK (mood BETWEEN 0 AND 10),
    prompt_id   TEXT,
    created_at  TEXT NOT NULL,   -- RFC 3339, UTC
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT             -- in the trash since
) STRICT;

CREATE INDEX entries_timeline ON entries (created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX entries_trash ON entries (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE entry_feelings (
    entry_rowid INTEGER NOT NULL REFERENCES entries (rowid) ON DELETE CASCADE,
    feeling     TEXT NOT NULL,
    PRIMARY KEY (entry_rowid, feeling)
) STRICT, WITHOUT ROWID;

CREATE TABLE entry_tags (
    entry_rowid INTEGER NOT NULL REFERENCES entries (rowid) ON DELETE CASCADE,
    tag         TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (entry_rowid, tag)
) STRICT, WITHOUT ROWID;
CREATE INDEX entry_tags_by_tag ON entry_tags (tag);
CREATE INDEX entry_feelings_by_feeling ON entry_feelings (feeling);

-- Full-text search inside the encrypted file. remove_diacritics 2 makes
-- "ansiedad" find "ansíedad" and "corazon" find "corazón"; prefix indexes
-- keep search-as-you-type fast.
CREATE VIRTUAL TABLE entries_fts USING fts5 (
    title, body,
    content = 'entries', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
    INSERT INTO entries_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
    INSERT INTO entries_fts (entries_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
END;
CREATE TRIGGER entries_fts_update AFTER UPDATE OF title, body ON entries BEGIN
    INSERT INTO entries_fts (entries_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
    INSERT INTO entries_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
