//! Full-text search: FTS5 with accents folded, the last word matched as a
//! prefix (search as you type), ranked by bm25 with titles weighted up, and
//! filters by date, mood, feeling and tag.

use super::entry::{excerpt, summaries};
use super::{stamp, EntrySummary, Journal, JournalError, Result};
use crate::store::Database;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::{AssertSqlSafe, Row};
use ts_rs::TS;

const LIMIT: i64 = 50;
/// Matches in snippets are wrapped in \u{2} … \u{3} (`char(2)`, `char(3)`
/// below): control characters that never come from typed text, so the UI
/// can mark them without parsing HTML.
const MARK_START: char = '\u{2}';

#[derive(Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchQuery {
    pub text: String,
    /// Local dates, `YYYY-MM-DD`, both inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    pub mood_min: Option<u8>,
    pub mood_max: Option<u8>,
    pub feeling: Option<String>,
    pub tag: Option<String>,
}

impl std::fmt::Debug for SearchQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SearchQuery(‹redacted›)")
    }
}

#[derive(Clone, PartialEq, Eq, Serialize, TS)]
pub struct SearchHit {
    pub entry: EntrySummary,
    pub snippet: String,
}

impl std::fmt::Debug for SearchHit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SearchHit({:?})", self.entry)
    }
}

impl Journal {
    pub async fn search(&self, db: &Database, query: &SearchQuery) -> Result<Vec<SearchHit>> {
        let parse = |d: &Option<String>| -> Result<Option<NaiveDate>> {
            d.as_deref()
                .filter(|d| !d.is_empty())
                .map(|d| {
                    NaiveDate::parse_from_str(d, "%Y-%m-%d")
                        .map_err(|_| JournalError::Invalid("date"))
                })
                .transpose()
        };
        let from = parse(&query.from)?.map(|d| stamp(self.start_of(d)));
        let to = parse(&query.to)?
            .and_then(|d| d.succ_opt())
            .map(|d| stamp(self.start_of(d)));
        let matcher = match_expression(&query.text);

        let has_filters = from.is_some()
            || to.is_some()
            || query.mood_min.is_some()
            || query.mood_max.is_some()
            || query.feeling.as_deref().is_some_and(|f| !f.is_empty())
            || query.tag.as_deref().is_some_and(|t| !t.trim().is_empty());
        if let (Some(matcher), false) = (&matcher, has_filters) {
            return self.ranked(db, matcher).await;
        }

        let filters = "e.deleted_at IS NULL
              AND (?2 IS NULL OR e.created_at >= ?2) AND (?3 IS NULL OR e.created_at < ?3)
              AND (?4 IS NULL OR e.mood >= ?4) AND (?5 IS NULL OR e.mood <= ?5)
              AND (?6 IS NULL OR EXISTS (SELECT 1 FROM entry_feelings f WHERE f.entry_rowid = e.rowid AND f.feeling = ?6))
              AND (?7 IS NULL OR EXISTS (SELECT 1 FROM entry_tags t WHERE t.entry_rowid = e.rowid AND t.tag = ?7))";
        let sql = match &matcher {
            Some(_) => format!(
                "SELECT e.rowid, e.id, e.title, e.body, e.mood, e.created_at, e.updated_at,
                        snippet(entries_fts, 1, char(2), char(3), '…', 14) AS snip
                 FROM entries_fts JOIN entries e ON e.rowid = entries_fts.rowid
                 WHERE entries_fts MATCH ?1 AND {filters}
                 ORDER BY bm25(entries_fts, 4.0, 1.0), e.created_at DESC LIMIT ?8"
            ),
            None => format!(
                "SELECT e.rowid, e.id, e.title, e.body, e.mood, e.created_at, e.updated_at, NULL AS snip
                 FROM entries e WHERE (?1 IS NULL) AND {filters}
                 ORDER BY e.created_at DESC LIMIT ?8"
            ),
        };
        // Built only from the fixed fragments above; all input is bound.
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(&matcher)
            .bind(from)
            .bind(to)
            .bind(query.mood_min)
            .bind(query.mood_max)
            .bind(query.feeling.as_deref().filter(|f| !f.is_empty()))
            .bind(
                query
                    .tag
                    .as_deref()
                    .map(str::trim)
                    .filter(|t| !t.is_empty()),
            )
            .bind(LIMIT)
            .fetch_all(db.pool())
            .await?;
        hits(db, rows).await
    }

    /// Text only: rank inside the index first (no join per match), then
    /// load and snippet just the best rows. Trashed entries are dropped
    /// after ranking, so a few extra are ranked to make up for them.
    async fn ranked(&self, db: &Database, matcher: &str) -> Result<Vec<SearchHit>> {
        let best: Vec<i64> = sqlx::query_scalar(
            "SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?
             ORDER BY bm25(entries_fts, 4.0, 1.0) LIMIT ?",
        )
        .bind(matcher)
        .bind(LIMIT * 2)
        .fetch_all(db.pool())
        .await?;
        let ids = serde_json::to_string(&best).unwrap_or_else(|_| "[]".into());
        let mut rows = sqlx::query(
            "SELECT e.rowid, e.id, e.title, e.body, e.mood, e.created_at, e.updated_at,
                    snippet(entries_fts, 1, char(2), char(3), '…', 14) AS snip
             FROM entries_fts JOIN entries e ON e.rowid = entries_fts.rowid
             WHERE entries_fts MATCH ?1 AND entries_fts.rowid IN (SELECT value FROM json_each(?2))
               AND e.deleted_at IS NULL",
        )
        .bind(matcher)
        .bind(&ids)
        .fetch_all(db.pool())
        .await?;
        let order = |r: &sqlx::sqlite::SqliteRow| {
            best.iter().position(|id| *id == r.get::<i64, _>("rowid"))
        };
        rows.sort_by_key(order);
        rows.truncate(LIMIT as usize);
        hits(db, rows).await
    }
}

async fn hits(db: &Database, rows: Vec<sqlx::sqlite::SqliteRow>) -> Result<Vec<SearchHit>> {
    let snippets: Vec<Option<String>> = rows.iter().map(|r| r.get("snip")).collect();
    let entries = summaries(db, rows).await?;
    Ok(entries
        .into_iter()
        .zip(snippets)
        .map(|(entry, snip)| SearchHit {
            snippet: snip
                .filter(|s| s.contains(MARK_START))
                .unwrap_or_else(|| excerpt(&entry.excerpt)),
            entry,
        })
        .collect())
}

/// Turns typed text into an FTS5 query: every word must appear, the last
/// one as a prefix. Words are quoted, so FTS5 syntax in the text is inert.
fn match_expression(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect();
    let last = words.len().checked_sub(1)?;
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
        if i == last && !text.ends_with(char::is_whitespace) {
            out.push('*');
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_becomes_a_safe_prefix_query() {
        assert_eq!(
            match_expression("panic att").as_deref(),
            Some("\"panic\" \"att\"*")
        );
        assert_eq!(match_expression("panic ").as_deref(), Some("\"panic\""));
        assert_eq!(
            match_expression("NEAR(a b) OR \"x\"*").as_deref(),
            Some("\"NEAR\" \"a\" \"b\" \"OR\" \"x\"*")
        );
        assert_eq!(match_expression("  ¿? "), None);
        assert_eq!(match_expression("corazón").as_deref(), Some("\"corazón\"*"));
    }
}
