//! Whole-journal reads and writes for backups, exports and imports: every
//! entry with every field, and writes that keep ids and times as they were.

use super::entry::{entries_from_rows, validate, ENTRY_COLUMNS};
use super::{Entry, EntryDraft, Journal, JournalError, Result};
use crate::clock::stamp;
use crate::progress::{Progress, ProgressUnit::Entries};
use chrono::{DateTime, Utc};
use sqlx::{AssertSqlSafe, SqliteConnection};
use std::collections::{HashMap, HashSet};

/// An entry from another app, already cleaned by its importer.
pub struct NewEntry {
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Journal<'_> {
    /// Every entry, oldest first; trashed ones too when `with_trash`.
    pub async fn all_entries(&self, with_trash: bool) -> Result<Vec<Entry>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {ENTRY_COLUMNS} FROM entries
             WHERE ?1 OR deleted_at IS NULL ORDER BY created_at, rowid"
        )))
        .bind(with_trash)
        .fetch_all(self.db.pool())
        .await?;
        entries_from_rows(self.db, rows).await
    }

    /// Counts entries, trash included.
    pub async fn count_all(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM entries")
            .fetch_one(self.db.pool())
            .await?)
    }

    /// Writes entries exactly as given (ids, times, trash) into a journal
    /// that has none, all or nothing: a restore never mixes with or
    /// overwrites what is there. Called off, it leaves the journal empty.
    pub async fn restore_all(&self, entries: &[Entry], progress: &Progress) -> Result<usize> {
        let mut tx = self.db.pool().begin().await?;
        let existing: i64 = sqlx::query_scalar("SELECT count(*) FROM entries")
            .fetch_one(&mut *tx)
            .await?;
        if existing > 0 {
            return Err(JournalError::NotEmpty);
        }
        let total = entries.len();
        for (batch, chunk) in entries.chunks(BATCH).enumerate() {
            let step = |i| progress.step(batch * BATCH + i, total, Entries);
            insert_exact(&mut tx, chunk, step).await?;
        }
        progress.step(total, total, Entries)?;
        progress.committing(total, Entries);
        tx.commit().await?;
        Ok(total)
    }

    /// Adds entries from another app in one transaction. Returns how many
    /// were added; an entry already in the journal (same time, title and
    /// text, e.g. the same file imported twice) is left out. Called off, it
    /// adds nothing.
    pub async fn import(
        &self,
        entries: Vec<NewEntry>,
        progress: &Progress,
    ) -> Result<(usize, usize)> {
        let total = entries.len();
        let mut tx = self.db.pool().begin().await?;
        // Everything already there at the times the file has, read once; a
        // line a file repeats counts as already there too.
        let stamps: Vec<String> = entries.iter().map(|e| stamp(e.created_at)).collect();
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT created_at, title, body FROM entries
             WHERE created_at IN (SELECT value FROM json_each(?))",
        )
        .bind(serde_json::to_string(&stamps).map_err(|_| JournalError::Invalid("time"))?)
        .fetch_all(&mut *tx)
        .await?;
        let mut known: HashSet<(String, String, String)> = rows.into_iter().collect();
        let mut fresh = Vec::new();
        for (new, created_at) in entries.into_iter().zip(stamps) {
            if !known.insert((created_at.clone(), new.title.clone(), new.body.clone())) {
                continue;
            }
            fresh.push(Entry {
                id: uuid::Uuid::new_v4().to_string(),
                title: new.title,
                body: new.body,
                mood: None,
                feelings: Vec::new(),
                tags: new.tags,
                prompt_id: None,
                session_id: None,
                created_at,
                updated_at: stamp(new.updated_at.max(new.created_at)),
                deleted_at: None,
            });
        }
        let (added, already) = (fresh.len(), total - fresh.len());
        for (batch, chunk) in fresh.chunks(BATCH).enumerate() {
            let step = |i| progress.step(already + batch * BATCH + i, total, Entries);
            insert_exact(&mut tx, chunk, step).await?;
        }
        progress.step(total, total, Entries)?;
        progress.committing(total, Entries);
        tx.commit().await?;
        Ok((added, already))
    }
}

/// Entries written per statement: a bulk write is bound by round trips to
/// the database's thread, not by SQLite (9 values a row, well under its
/// 32,766-variable limit).
const BATCH: usize = 200;

/// Inserts entries with their own ids and times, after the same checks the
/// editor's drafts get, so no file can put what the app could not write.
/// `step` is told of each entry checked, and may call the work off.
async fn insert_exact(
    conn: &mut SqliteConnection,
    entries: &[Entry],
    step: impl Fn(usize) -> std::result::Result<(), crate::progress::Cancelled>,
) -> Result<()> {
    let mut drafts = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        step(i)?;
        drafts.push(checked(entry)?);
    }
    let rows = vec!["(?, ?, ?, ?, ?, ?, ?, ?, ?)"; entries.len()].join(", ");
    let sql = format!(
        "INSERT INTO entries (id, title, body, mood, prompt_id, session_id, created_at, \
         updated_at, deleted_at) VALUES {rows} RETURNING id, rowid"
    );
    // `rows` is a fixed pattern repeated; every value is bound.
    let mut query = sqlx::query_as::<_, (String, i64)>(AssertSqlSafe(sql));
    for (entry, draft) in entries.iter().zip(&drafts) {
        query = query
            .bind(&entry.id)
            .bind(&draft.title)
            .bind(&draft.body)
            .bind(draft.mood)
            .bind(&draft.prompt_id)
            .bind(&draft.session_id)
            .bind(&entry.created_at)
            .bind(&entry.updated_at)
            .bind(&entry.deleted_at);
    }
    // RETURNING's order is not promised: match the rows by id.
    let rowids: HashMap<String, i64> = query.fetch_all(&mut *conn).await?.into_iter().collect();
    let mut feelings = Vec::new();
    let mut tags = Vec::new();
    for (entry, draft) in entries.iter().zip(drafts) {
        let rowid = *rowids.get(&entry.id).ok_or(JournalError::Invalid("id"))?;
        feelings.extend(draft.feelings.into_iter().map(|f| (rowid, f)));
        tags.extend(draft.tags.into_iter().map(|t| (rowid, t)));
    }
    insert_all_labels(conn, "entry_feelings", "feeling", &feelings).await?;
    insert_all_labels(conn, "entry_tags", "tag", &tags).await
}

/// The checks a draft gets, and those of a whole stored entry: its id and times.
fn checked(entry: &Entry) -> Result<EntryDraft> {
    let draft = validate(EntryDraft {
        id: Some(entry.id.clone()),
        title: entry.title.clone(),
        body: entry.body.clone(),
        mood: entry.mood,
        feelings: entry.feelings.clone(),
        tags: entry.tags.clone(),
        prompt_id: entry.prompt_id.clone(),
        session_id: entry.session_id.clone(),
    })?;
    for instant in [&entry.created_at, &entry.updated_at]
        .into_iter()
        .chain(entry.deleted_at.as_ref())
    {
        if DateTime::parse_from_rfc3339(instant).is_err() {
            return Err(JournalError::Invalid("time"));
        }
    }
    if entry.id.is_empty() || entry.id.len() > 64 {
        return Err(JournalError::Invalid("id"));
    }
    Ok(draft)
}

/// Labels of many entries, a few hundred rows per statement.
async fn insert_all_labels(
    conn: &mut SqliteConnection,
    table: &'static str,
    column: &'static str,
    labels: &[(i64, String)],
) -> Result<()> {
    for chunk in labels.chunks(BATCH * 2) {
        // `table` and `column` are fixed names from this file; every value is bound.
        let values = vec!["(?, ?)"; chunk.len()].join(", ");
        let sql = format!("INSERT INTO {table} (entry_rowid, {column}) VALUES {values}");
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for (rowid, label) in chunk {
            query = query.bind(rowid).bind(label);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}
