//! Each time the member practised: what, when (with the zone they were in,
//! so a week is counted as it was lived), how long, and how strong the
//! feeling was before and after (either may be skipped).

use super::{known, valid_distress, Practice, PracticeError, Result};
use crate::clock::stamp;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use ts_rs::TS;

/// Longer than any exercise, shorter than a forgotten window.
const MAX_SECONDS: u32 = 4 * 60 * 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PracticeLog {
    pub id: String,
    pub exercise: String,
    /// RFC 3339, UTC.
    pub started_at: String,
    /// The member's IANA zone when they practised.
    pub zone: String,
    pub seconds: u32,
    pub distress_before: Option<u8>,
    pub distress_after: Option<u8>,
    /// The written answers, for an exercise that has them.
    pub worksheet_id: Option<String>,
}

/// A practice just finished (or stopped): it began `seconds` ago.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LogDraft {
    pub exercise: String,
    pub seconds: u32,
    pub distress_before: Option<u8>,
    pub distress_after: Option<u8>,
    pub worksheet_id: Option<String>,
}

impl Practice<'_> {
    pub async fn log(&self, draft: &LogDraft, now: DateTime<Utc>, zone: Tz) -> Result<PracticeLog> {
        let log = PracticeLog {
            id: uuid::Uuid::new_v4().to_string(),
            exercise: draft.exercise.clone(),
            started_at: stamp(now - Duration::seconds(i64::from(draft.seconds))),
            zone: zone.name().to_owned(),
            seconds: draft.seconds,
            distress_before: draft.distress_before,
            distress_after: draft.distress_after,
            worksheet_id: draft.worksheet_id.clone(),
        };
        self.insert_log(&log).await?;
        Ok(log)
    }

    /// Puts back a deleted log (undo), or one from a backup, as it was.
    pub async fn insert_log(&self, log: &PracticeLog) -> Result<()> {
        known(&log.exercise)?;
        valid_distress(log.distress_before)?;
        valid_distress(log.distress_after)?;
        if log.seconds > MAX_SECONDS
            || log.zone.parse::<Tz>().is_err()
            || DateTime::parse_from_rfc3339(&log.started_at).is_err()
        {
            return Err(PracticeError::InvalidAnswer);
        }
        sqlx::query(
            "INSERT INTO practice_logs (id, exercise, started_at, zone, seconds, distress_before,
             distress_after, worksheet_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(&log.id)
        .bind(&log.exercise)
        .bind(&log.started_at)
        .bind(&log.zone)
        .bind(log.seconds)
        .bind(log.distress_before)
        .bind(log.distress_after)
        .bind(&log.worksheet_id)
        .execute(self.db.pool())
        .await?;
        Ok(())
    }

    /// Newest first; only one exercise's when `exercise` is given.
    pub async fn logs(&self, exercise: Option<&str>) -> Result<Vec<PracticeLog>> {
        let rows = sqlx::query(
            "SELECT id, exercise, started_at, zone, seconds, distress_before, distress_after,
             worksheet_id FROM practice_logs WHERE ?1 IS NULL OR exercise = ?1
             ORDER BY started_at DESC, id",
        )
        .bind(exercise)
        .fetch_all(self.db.pool())
        .await?;
        rows.iter().map(log_from_row).collect()
    }

    /// Deletes a log and hands it back, so the member can undo.
    pub async fn delete_log(&self, id: &str) -> Result<PracticeLog> {
        let row = sqlx::query(
            "DELETE FROM practice_logs WHERE id = ? RETURNING id, exercise, started_at, zone,
             seconds, distress_before, distress_after, worksheet_id",
        )
        .bind(id)
        .fetch_optional(self.db.pool())
        .await?
        .ok_or(PracticeError::NotFound)?;
        log_from_row(&row)
    }
}

fn log_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<PracticeLog> {
    Ok(PracticeLog {
        id: row.try_get("id")?,
        exercise: row.try_get("exercise")?,
        started_at: row.try_get("started_at")?,
        zone: row.try_get("zone")?,
        seconds: row.try_get("seconds")?,
        distress_before: row.try_get("distress_before")?,
        distress_after: row.try_get("distress_after")?,
        worksheet_id: row.try_get("worksheet_id")?,
    })
}
