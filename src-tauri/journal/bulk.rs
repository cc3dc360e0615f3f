//! Whole-journal reads and writes for backups, exports and imports: every
//! entry with every field, and writes that keep ids and times as they were.

use super::entry::{entries_from_rows, insert_labels, insert_row, validate, Times, ENTRY_COLUMNS};
use super::{Entry, EntryDraft, Journal, JournalError, Result};
use crate::clock::stamp;
use crate::progress::{Progress, ProgressUnit::Entries};
use crate::store::Database;
use chrono::{DateTime, Utc};
use sqlx::{AssertSqlSafe, SqliteConnection};

/// An entry from another app, already cleaned by its importer.
pub struct NewEntry {
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Journal {
    /// Every entry, oldest first; trashed ones too when `with_trash`.
    pub async fn all_entries(&self, db: &Database, with_trash: bool) -> Result<Vec<Entry>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {ENTRY_COLUMNS} FROM entries
             WHERE ?1 OR deleted_at IS NULL ORDER BY created_at, rowid"
        )))
        .bind(with_trash)
        .fetch_all(db.pool())
        .await?;
        entries_from_rows(db, rows).await
    }

    /// Counts entries, trash included.
    pub async fn count_all(&self, db: &Database) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM entries")
            .fetch_one(db.pool())
            .await?)
    }

    /// Writes entries exactly as given (ids, times, trash) into a journal
    /// that has none, all or nothing: a restore never mixes with or
    /// overwrites what is there. Called off, it leaves the journal empty.
    pub async fn restore_all(
        &self,
        db: &Database,
        entries: &[Entry],
        progress: &Progress,
    ) -> Result<usize> {
        let mut tx = db.pool().begin().await?;
        let existing: i64 = sqlx::query_scalar("SELECT count(*) FROM entries")
            .fetch_one(&mut *tx)
            .await?;
        if existing > 0 {
            return Err(JournalError::NotEmpty);
        }
        let total = entries.len();
        for (done, entry) in entries.iter().enumerate() {
            progress.step(done, total, Entries)?;
            insert_exact(&mut tx, entry).await?;
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
        db: &Database,
        entries: Vec<NewEntry>,
        progress: &Progress,
    ) -> Result<(usize, usize)> {
        let mut tx = db.pool().begin().await?;
        let (mut added, mut already) = (0, 0);
        let total = entries.len();
        for (done, new) in entries.into_iter().enumerate() {
            progress.step(done, total, Entries)?;
            let created_at = stamp(new.created_at);
            let known: Option<i64> = sqlx::query_scalar(
                "SELECT 1 FROM entries WHERE created_at = ? AND title = ? AND body = ?",
            )
            .bind(&created_at)
            .bind(&new.title)
            .bind(&new.body)
            .fetch_optional(&mut *tx)
            .await?;
            if known.is_some() {
                already += 1;
                continue;
            }
            let entry = Entry {
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
            };
            insert_exact(&mut tx, &entry).await?;
            added += 1;
        }
        progress.step(total, total, Entries)?;
        progress.committing(total, Entries);
        tx.commit().await?;
        Ok((added, already))
    }
}

/// Inserts one entry with its own id and times, after the same checks the
/// editor's drafts get, so no file can put what the app could not write.
async fn insert_exact(conn: &mut SqliteConnection, entry: &Entry) -> Result<()> {
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
    let times = Times {
        created_at: &entry.created_at,
        updated_at: &entry.updated_at,
        deleted_at: entry.deleted_at.as_deref(),
    };
    let rowid = insert_row(conn, &entry.id, &draft, times).await?;
    insert_labels(conn, rowid, "entry_feelings", "feeling", &draft.feelings).await?;
    insert_labels(conn, rowid, "entry_tags", "tag", &draft.tags).await?;
    Ok(())
}
