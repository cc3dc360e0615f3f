//! Full-text search: FTS5 with accents folded, the last word matched as a
//! prefix (search as you type), ranked by bm25 with titles weighted up, and
//! filters by date, mood, feeling and tag.

use super::entry::{excerpt, summaries};
use super::{EntrySummary, Journal, JournalError, Result};
use crate::clock::stamp;
use crate::store::Database;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::{AssertSqlSafe, Row};
use ts_rs::TS;

const LIMIT: i64 = 50;
/// Ranking (bm25) looks at this many of the most recently written matches.
/// A word the member writes nearly every day can match tens of thousands of
/// entries; scoring all of them takes a large part of a second, scoring the
/// latest few thousand keeps search instant and still puts the best of them
/// first. With fewer matches than this the ranking is exact.
const RANK_WINDOW: i64 = 2_000;
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

impl Journal<'_> {
    pub async fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>> {
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

        let tag = query
            .tag
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let feeling = query.feeling.as_deref().filter(|f| !f.is_empty());
        let has_filters = from.is_some()
            || to.is_some()
            || query.mood_min.is_some()
            || query.mood_max.is_some()
            || feeling.is_some()
            || tag.is_some();

        let filters = "e.deleted_at IS NULL
              AND (?2 IS NULL OR e.created_at >= ?2) AND (?3 IS NULL OR e.created_at < ?3)
              AND (?4 IS NULL OR e.mood >= ?4) AND (?5 IS NULL OR e.mood <= ?5)
              AND (?6 IS NULL OR EXISTS (SELECT 1 FROM entry_feelings f WHERE f.entry_rowid = e.rowid AND f.feeling = ?6))
              AND (?7 IS NULL OR EXISTS (SELECT 1 FROM entry_tags t WHERE t.entry_rowid = e.rowid AND t.tag = ?7))";
        let sql = match (&matcher, has_filters) {
            // Text only: rank inside the index, no join per match. Trashed
            // entries are dropped when loading, so a few extra are ranked.
            (Some(_), false) => "SELECT rowid FROM (
                     SELECT rowid, bm25(entries_fts, 4.0, 1.0) AS score FROM entries_fts
                     WHERE entries_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?9)
                 ORDER BY score LIMIT ?8 * 2"
                .to_owned(),
            (Some(_), true) => format!(
                "SELECT rowid FROM (
                     SELECT e.rowid, bm25(entries_fts, 4.0, 1.0) AS score
                     FROM entries_fts JOIN entries e ON e.rowid = entries_fts.rowid
                     WHERE entries_fts MATCH ?1 AND {filters}
                     ORDER BY entries_fts.rowid DESC LIMIT ?9)
                 ORDER BY score LIMIT ?8"
            ),
            (None, _) => format!(
                "SELECT e.rowid FROM entries e WHERE (?1 IS NULL) AND {filters}
                 ORDER BY e.created_at DESC LIMIT ?8"
            ),
        };
        // Built only from the fixed fragments above; all input is bound.
        let best: Vec<i64> = sqlx::query_scalar(AssertSqlSafe(sql))
            .bind(&matcher)
            .bind(from)
            .bind(to)
            .bind(query.mood_min)
            .bind(query.mood_max)
            .bind(feeling)
            .bind(tag)
            .bind(LIMIT)
            .bind(RANK_WINDOW)
            .fetch_all(self.db.pool())
            .await?;
        load_hits(self.db, matcher.as_deref(), &best).await
    }
}

/// Loads the entries in `best`, in that order, with a highlighted snippet
/// when there is a text query. FTS5 cannot look up a list of rowids: asked
/// for `rowid IN (…)` it seeks each one through the whole match list, which
/// took a fifth of a second at 100,000 entries. So it walks only the rowid
/// range the best ones span (a range it can seek), and the list is checked
/// as a plain string, which the planner cannot turn into lookups.
async fn load_hits(db: &Database, matcher: Option<&str>, best: &[i64]) -> Result<Vec<SearchHit>> {
    let (Some(low), Some(high)) = (best.iter().min(), best.iter().max()) else {
        return Ok(Vec::new());
    };
    let wanted: String = best.iter().map(|id| format!(",{id}")).collect::<String>() + ",";
    let columns = "e.rowid, e.id, e.title, e.body, e.mood, e.created_at, e.updated_at";
    let mut rows = match matcher {
        Some(matcher) => {
            sqlx::query(AssertSqlSafe(format!(
                "SELECT {columns}, snippet(entries_fts, 1, char(2), char(3), '…', 14) AS snip
                 FROM entries_fts JOIN entries e ON e.rowid = entries_fts.rowid
                 WHERE entries_fts MATCH ?1 AND entries_fts.rowid BETWEEN ?2 AND ?3
                   AND instr(?4, ',' || entries_fts.rowid || ',') > 0 AND e.deleted_at IS NULL"
            )))
            .bind(matcher)
            .bind(low)
            .bind(high)
            .bind(&wanted)
            .fetch_all(db.pool())
            .await?
        }
        None => {
            sqlx::query(AssertSqlSafe(format!(
                "SELECT {columns}, NULL AS snip FROM entries e
                 WHERE e.rowid IN (SELECT value FROM json_each(?1))"
            )))
            .bind(serde_json::to_string(best).unwrap_or_else(|_| "[]".into()))
            .fetch_all(db.pool())
            .await?
        }
    };
    let order =
        |r: &sqlx::sqlite::SqliteRow| best.iter().position(|id| *id == r.get::<i64, _>("rowid"));
    rows.sort_by_key(order);
    rows.truncate(LIMIT as usize);
    hits(db, rows).await
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
