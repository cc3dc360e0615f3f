//! Writing entries: create, autosave, trash, restore, purge.

use super::{
    Entry, EntryDraft, EntrySummary, Journal, JournalError, Result, ENTRY_LIMITS, FEELINGS,
    TRASH_DAYS,
};
use crate::clock::stamp;
use crate::store::Database;
use sqlx::{AssertSqlSafe, Row, SqliteConnection};
use std::collections::HashMap;

const EXCERPT: usize = 160;

impl Journal<'_> {
    /// Creates (no id) or updates an entry, with its feelings and tags, in
    /// one transaction.
    pub async fn save(&self, draft: EntryDraft) -> Result<Entry> {
        let draft = validate(draft)?;
        let now = stamp(self.now());
        let mut tx = self.db.pool().begin().await?;
        let (id, rowid) = match &draft.id {
            None => {
                let id = uuid::Uuid::new_v4().to_string();
                let times = Times {
                    created_at: &now,
                    updated_at: &now,
                    deleted_at: None,
                };
                let rowid = insert_row(&mut tx, &id, &draft, times).await?;
                (id, rowid)
            }
            Some(id) => {
                let rowid: Option<i64> = sqlx::query_scalar(
                    "UPDATE entries SET title = ?, body = ?, mood = ?, prompt_id = ?, session_id = ?,
                     updated_at = ? WHERE id = ? AND deleted_at IS NULL RETURNING rowid",
                )
                .bind(&draft.title)
                .bind(&draft.body)
                .bind(draft.mood)
                .bind(&draft.prompt_id)
                .bind(&draft.session_id)
                .bind(&now)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                (id.clone(), rowid.ok_or(JournalError::NotFound)?)
            }
        };
        replace_labels(&mut tx, rowid, "entry_feelings", "feeling", &draft.feelings).await?;
        replace_labels(&mut tx, rowid, "entry_tags", "tag", &draft.tags).await?;
        tx.commit().await?;
        self.get(&id).await
    }

    pub async fn get(&self, id: &str) -> Result<Entry> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {ENTRY_COLUMNS} FROM entries WHERE id = ?"
        )))
        .bind(id)
        .fetch_optional(self.db.pool())
        .await?
        .ok_or(JournalError::NotFound)?;
        entries_from_rows(self.db, vec![row])
            .await?
            .pop()
            .ok_or(JournalError::NotFound)
    }

    /// Moves an entry to the trash; `restore` undoes it for 30 days.
    pub async fn trash(&self, id: &str) -> Result<Entry> {
        let done =
            sqlx::query("UPDATE entries SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL")
                .bind(stamp(self.now()))
                .bind(id)
                .execute(self.db.pool())
                .await?;
        if done.rows_affected() == 0 {
            return Err(JournalError::NotFound);
        }
        self.get(id).await
    }

    pub async fn restore(&self, id: &str) -> Result<Entry> {
        let done = sqlx::query(
            "UPDATE entries SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL",
        )
        .bind(id)
        .execute(self.db.pool())
        .await?;
        if done.rows_affected() == 0 {
            return Err(JournalError::NotFound);
        }
        self.get(id).await
    }

    /// Deletes for good what has been in the trash for 30 days.
    pub async fn purge_expired(&self) -> Result<u64> {
        let cutoff = stamp(self.now() - chrono::Duration::days(TRASH_DAYS));
        let done =
            sqlx::query("DELETE FROM entries WHERE deleted_at IS NOT NULL AND deleted_at < ?")
                .bind(cutoff)
                .execute(self.db.pool())
                .await?;
        Ok(done.rows_affected())
    }

    /// "Empty trash": deletes every trashed entry now.
    pub async fn empty_trash(&self) -> Result<u64> {
        let done = sqlx::query("DELETE FROM entries WHERE deleted_at IS NOT NULL")
            .execute(self.db.pool())
            .await?;
        Ok(done.rows_affected())
    }

    pub async fn trash_list(&self) -> Result<Vec<EntrySummary>> {
        self.purge_expired().await?;
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS} FROM entries
             WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC"
        )))
        .fetch_all(self.db.pool())
        .await?;
        summaries(self.db, rows).await
    }
}

pub(super) fn validate(mut draft: EntryDraft) -> Result<EntryDraft> {
    if draft.mood.is_some_and(|m| m > 10) {
        return Err(JournalError::Invalid("mood is 0 to 10"));
    }
    if draft.title.chars().count() > ENTRY_LIMITS.title_chars
        || draft.body.len() > ENTRY_LIMITS.body_bytes
    {
        return Err(JournalError::Invalid("too long"));
    }
    if draft
        .session_id
        .as_ref()
        .is_some_and(|s| s.is_empty() || s.len() > 64)
    {
        return Err(JournalError::Invalid("session"));
    }
    draft.title = draft.title.trim().to_owned();
    draft.feelings = clean_labels(draft.feelings, |f| FEELINGS.contains(&f))?;
    draft.tags = clean_labels(draft.tags, |t| {
        !t.is_empty()
            && t.chars().count() <= ENTRY_LIMITS.tag_chars
            && !t.chars().any(char::is_control)
    })?;
    Ok(draft)
}

fn clean_labels(labels: Vec<String>, valid: impl Fn(&str) -> bool) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for label in labels {
        let label = label.trim().to_owned();
        if !valid(&label) {
            return Err(JournalError::Invalid("feeling or tag"));
        }
        if !out.iter().any(|l| l.to_lowercase() == label.to_lowercase()) {
            out.push(label);
        }
    }
    if out.len() > ENTRY_LIMITS.labels {
        return Err(JournalError::Invalid("too many feelings or tags"));
    }
    Ok(out)
}

/// When an entry was written, changed and trashed, as stored.
pub(super) struct Times<'a> {
    pub created_at: &'a str,
    pub updated_at: &'a str,
    pub deleted_at: Option<&'a str>,
}

/// The one INSERT of an entry's row (labels are written beside it).
pub(super) async fn insert_row(
    conn: &mut SqliteConnection,
    id: &str,
    draft: &EntryDraft,
    times: Times<'_>,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO entries (id, title, body, mood, prompt_id, session_id, created_at, updated_at,
         deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING rowid",
    )
    .bind(id)
    .bind(&draft.title)
    .bind(&draft.body)
    .bind(draft.mood)
    .bind(&draft.prompt_id)
    .bind(&draft.session_id)
    .bind(times.created_at)
    .bind(times.updated_at)
    .bind(times.deleted_at)
    .fetch_one(conn)
    .await?)
}

pub(super) async fn replace_labels(
    conn: &mut SqliteConnection,
    rowid: i64,
    table: &'static str,
    column: &'static str,
    labels: &[String],
) -> Result<()> {
    // `table` and `column` are fixed names from this file, never input.
    sqlx::query(AssertSqlSafe(format!(
        "DELETE FROM {table} WHERE entry_rowid = ?"
    )))
    .bind(rowid)
    .execute(&mut *conn)
    .await?;
    insert_labels(conn, rowid, table, column, labels).await
}

/// Adds an entry's labels in one statement (the row is new, or its old
/// labels are gone).
pub(super) async fn insert_labels(
    conn: &mut SqliteConnection,
    rowid: i64,
    table: &'static str,
    column: &'static str,
    labels: &[String],
) -> Result<()> {
    if labels.is_empty() {
        return Ok(());
    }
    // `table` and `column` are fixed names from this file; the values are
    // bound, one "(?, ?)" per label (at most `ENTRY_LIMITS.labels`).
    let values = vec!["(?, ?)"; labels.len()].join(", ");
    let sql = format!("INSERT INTO {table} (entry_rowid, {column}) VALUES {values}");
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for label in labels {
        query = query.bind(rowid).bind(label);
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

/// What `summaries` reads; a fixed list, never input.
pub(super) const SUMMARY_COLUMNS: &str = "rowid, id, title, body, mood, created_at, updated_at";

/// What `entries_from_rows` reads; `ENTRY_COLUMNS` is a fixed list, never input.
pub(super) const ENTRY_COLUMNS: &str =
    "rowid, id, title, body, mood, prompt_id, session_id, created_at, updated_at, deleted_at";

/// Whole entries, with feelings and tags, from rows of `ENTRY_COLUMNS`.
pub(super) async fn entries_from_rows(
    db: &Database,
    rows: Vec<sqlx::sqlite::SqliteRow>,
) -> Result<Vec<Entry>> {
    let rowids: Vec<i64> = rows.iter().map(|r| r.get("rowid")).collect();
    let mut labels = labels_for(db, &rowids).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let (feelings, tags) = labels.remove(&row.get("rowid")).unwrap_or_default();
            Entry {
                id: row.get("id"),
                title: row.get("title"),
                body: row.get("body"),
                mood: row.get::<Option<i64>, _>("mood").map(|m| m as u8),
                feelings,
                tags,
                prompt_id: row.get("prompt_id"),
                session_id: row.get("session_id"),
                created_at: row.get("created_at"),
                updated_at: row.get("updated_at"),
                deleted_at: row.get("deleted_at"),
            }
        })
        .collect())
}

type Labels = (Vec<String>, Vec<String>);

/// Feelings and tags of many entries in two queries.
pub(super) async fn labels_for(db: &Database, rowids: &[i64]) -> Result<HashMap<i64, Labels>> {
    let mut out: HashMap<i64, Labels> = HashMap::new();
    if rowids.is_empty() {
        return Ok(out);
    }
    let ids = serde_json::to_string(rowids).unwrap_or_else(|_| "[]".into());
    for (table, column, is_tag) in [
        ("entry_feelings", "feeling", false),
        ("entry_tags", "tag", true),
    ] {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT entry_rowid, {column} AS label FROM {table}
             WHERE entry_rowid IN (SELECT value FROM json_each(?)) ORDER BY {column}"
        )))
        .bind(&ids)
        .fetch_all(db.pool())
        .await?;
        for row in rows {
            let entry = out.entry(row.get("entry_rowid")).or_default();
            let label: String = row.get("label");
            if is_tag {
                entry.1.push(label);
            } else {
                entry.0.push(label);
            }
        }
    }
    Ok(out)
}

/// Rows with rowid, id, title, body, mood, created_at, updated_at.
pub(super) async fn summaries(
    db: &Database,
    rows: Vec<sqlx::sqlite::SqliteRow>,
) -> Result<Vec<EntrySummary>> {
    let rowids: Vec<i64> = rows.iter().map(|r| r.get("rowid")).collect();
    let mut labels = labels_for(db, &rowids).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let rowid: i64 = row.get("rowid");
            let (feelings, tags) = labels.remove(&rowid).unwrap_or_default();
            EntrySummary {
                id: row.get("id"),
                title: row.get("title"),
                excerpt: excerpt(&row.get::<String, _>("body")),
                mood: row.get::<Option<i64>, _>("mood").map(|m| m as u8),
                feelings,
                tags,
                created_at: row.get("created_at"),
                updated_at: row.get("updated_at"),
            }
        })
        .collect())
}

/// The first words of a body as plain text: Markdown marks dropped, lines joined.
pub(super) fn excerpt(body: &str) -> String {
    let mut out = String::new();
    for word in body.split_whitespace() {
        let word = word.trim_matches(|c: char| matches!(c, '#' | '*' | '_' | '`' | '>' | '~'));
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        if out.chars().count() >= EXCERPT {
            let cut: String = out.chars().take(EXCERPT).collect();
            return format!("{}…", cut.trim_end());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_short_plain_text() {
        assert_eq!(
            excerpt("# Today\n\n**Hard** day, _but_ ok"),
            "Today Hard day, but ok"
        );
        let long = "palabra ".repeat(100);
        let e = excerpt(&long);
        assert!(e.ends_with('…'));
        assert!(e.chars().count() <= EXCERPT + 1);
    }

    #[test]
    fn drafts_are_checked() {
        let bad_mood = EntryDraft {
            mood: Some(11),
            ..Default::default()
        };
        assert!(matches!(validate(bad_mood), Err(JournalError::Invalid(_))));
        let bad_feeling = EntryDraft {
            feelings: vec!["Anxious!".into()],
            ..Default::default()
        };
        assert!(validate(bad_feeling).is_err());
        let unknown_feeling = EntryDraft {
            feelings: vec!["melancholic".into()],
            ..Default::default()
        };
        assert!(validate(unknown_feeling).is_err());
        let known = EntryDraft {
            feelings: vec![" calm ".into(), "hopeful".into()],
            ..Default::default()
        };
        assert_eq!(validate(known).unwrap().feelings, vec!["calm", "hopeful"]);
        let dup = EntryDraft {
            tags: vec![" Work ".into(), "work".into(), "sleep".into()],
            ..Default::default()
        };
        assert_eq!(validate(dup).unwrap().tags, vec!["Work", "sleep"]);
    }
}
