//! The answers of a written exercise (thought record, DEAR MAN, opposite
//! action). The player saves them as the member types, as the journal's
//! editor does, so a crash loses at most the last keystrokes; a worksheet can
//! be reopened, changed and deleted (the UI offers undo with what
//! `delete_worksheet` hands back).

use super::library::AnswerKind;
use super::{known, Practice, PracticeError, Result};
use crate::clock::stamp;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{AssertSqlSafe, Row};
use std::collections::BTreeMap;
use ts_rs::TS;

/// As long as a journal entry may be.
pub const MAX_ANSWER_CHARS: usize = 20_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(untagged)]
pub enum Answer {
    /// 0 to 100.
    Rating(u8),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Worksheet {
    pub id: String,
    pub exercise: String,
    /// By the exercise's field names.
    pub answers: BTreeMap<String, Answer>,
    pub created_at: String,
    pub updated_at: String,
    /// When the member reached the end; `None` while still a draft.
    pub completed_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WorksheetDraft {
    /// `None` makes a new worksheet.
    pub id: Option<String>,
    pub exercise: String,
    pub answers: BTreeMap<String, Answer>,
    pub completed: bool,
}

const COLUMNS: &str = "id, exercise, answers, created_at, updated_at, completed_at";

impl Practice<'_> {
    /// Creates or updates a worksheet. Completing it is kept: a later save of
    /// an edit does not make it a draft again.
    pub async fn save_worksheet(
        &self,
        draft: &WorksheetDraft,
        now: DateTime<Utc>,
    ) -> Result<Worksheet> {
        check_answers(&draft.exercise, &draft.answers)?;
        let answers = serde_json::to_string(&draft.answers).map_err(super::bad_row)?;
        let at = stamp(now);
        let completed = draft.completed.then(|| at.clone());
        let id = match &draft.id {
            None => {
                let id = uuid::Uuid::new_v4().to_string();
                sqlx::query(
                    "INSERT INTO practice_worksheets (id, exercise, answers, created_at, updated_at,
                     completed_at) VALUES (?, ?, ?, ?, ?, ?)",
                )
                .bind(&id)
                .bind(&draft.exercise)
                .bind(&answers)
                .bind(&at)
                .bind(&at)
                .bind(&completed)
                .execute(self.db.pool())
                .await?;
                id
            }
            Some(id) => {
                let done = sqlx::query(
                    "UPDATE practice_worksheets SET answers = ?, updated_at = ?,
                     completed_at = coalesce(completed_at, ?) WHERE id = ? AND exercise = ?",
                )
                .bind(&answers)
                .bind(&at)
                .bind(&completed)
                .bind(id)
                .bind(&draft.exercise)
                .execute(self.db.pool())
                .await?;
                if done.rows_affected() == 0 {
                    return Err(PracticeError::NotFound);
                }
                id.clone()
            }
        };
        self.worksheet(&id).await
    }

    pub async fn worksheet(&self, id: &str) -> Result<Worksheet> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM practice_worksheets WHERE id = ?"
        )))
        .bind(id)
        .fetch_optional(self.db.pool())
        .await?
        .ok_or(PracticeError::NotFound)?;
        worksheet_from_row(&row)
    }

    /// Most recently changed first; one exercise's when `exercise` is given.
    pub async fn worksheets(&self, exercise: Option<&str>) -> Result<Vec<Worksheet>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM practice_worksheets WHERE ?1 IS NULL OR exercise = ?1
             ORDER BY updated_at DESC, id"
        )))
        .bind(exercise)
        .fetch_all(self.db.pool())
        .await?;
        rows.iter().map(worksheet_from_row).collect()
    }

    /// Deletes a worksheet and hands it back for undo. Logs that pointed to
    /// it keep their place in the history, without the answers.
    pub async fn delete_worksheet(&self, id: &str) -> Result<Worksheet> {
        let worksheet = self.worksheet(id).await?;
        let mut tx = self.db.pool().begin().await?;
        sqlx::query("DELETE FROM practice_worksheets WHERE id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE practice_logs SET worksheet_id = NULL WHERE worksheet_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(worksheet)
    }

    /// Puts a worksheet back as it was (undo, or a backup).
    pub async fn insert_worksheet(&self, sheet: &Worksheet) -> Result<()> {
        check_answers(&sheet.exercise, &sheet.answers)?;
        for at in [&sheet.created_at, &sheet.updated_at]
            .into_iter()
            .chain(sheet.completed_at.as_ref())
        {
            DateTime::parse_from_rfc3339(at).map_err(|_| PracticeError::InvalidAnswer)?;
        }
        sqlx::query(
            "INSERT INTO practice_worksheets (id, exercise, answers, created_at, updated_at,
             completed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&sheet.id)
        .bind(&sheet.exercise)
        .bind(serde_json::to_string(&sheet.answers).map_err(super::bad_row)?)
        .bind(&sheet.created_at)
        .bind(&sheet.updated_at)
        .bind(&sheet.completed_at)
        .execute(self.db.pool())
        .await?;
        Ok(())
    }
}

/// Every answer names one of the exercise's fields and is of its kind.
fn check_answers(exercise: &str, answers: &BTreeMap<String, Answer>) -> Result<()> {
    let exercise = known(exercise)?;
    for (field, answer) in answers {
        let kind = exercise
            .fields
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, k)| *k)
            .ok_or(PracticeError::InvalidAnswer)?;
        let fits = match (kind, answer) {
            (AnswerKind::Rating, Answer::Rating(n)) => *n <= 100,
            (AnswerKind::Text, Answer::Text(t)) => t.chars().count() <= MAX_ANSWER_CHARS,
            _ => false,
        };
        if !fits {
            return Err(PracticeError::InvalidAnswer);
        }
    }
    Ok(())
}

fn worksheet_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Worksheet> {
    let answers: String = row.try_get("answers")?;
    Ok(Worksheet {
        id: row.try_get("id")?,
        exercise: row.try_get("exercise")?,
        answers: serde_json::from_str(&answers).map_err(super::bad_row)?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        completed_at: row.try_get("completed_at")?,
    })
}
