//! Looking back: the timeline (newest first, paged by a cursor), a month
//! calendar with the day's average mood, "on this day" in earlier years,
//! and mood over weeks or months. Days are the member's local days.

use super::entry::{summaries, SUMMARY_COLUMNS};
use super::{EntrySummary, Journal, JournalError, Result};
use crate::clock::stamp;
use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use sqlx::AssertSqlSafe;
use sqlx::Row;
use std::collections::BTreeMap;
use ts_rs::TS;

const MAX_PAGE: u32 = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineCursor {
    pub created_at: String,
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TimelinePage {
    pub entries: Vec<EntrySummary>,
    pub next: Option<TimelineCursor>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarDay {
    pub date: String,
    pub entries: u32,
    pub average_mood: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum MoodBucket {
    Week,
    Month,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MoodPoint {
    pub start: String,
    pub entries: u32,
    pub average_mood: Option<f64>,
}

impl Journal<'_> {
    pub async fn timeline(
        &self,
        before: Option<TimelineCursor>,
        limit: u32,
    ) -> Result<TimelinePage> {
        let limit = limit.clamp(1, MAX_PAGE);
        let (at, id) = before.map(|c| (c.created_at, c.id)).unzip();
        let mut rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS} FROM entries
             WHERE deleted_at IS NULL AND (?1 IS NULL OR (created_at, id) < (?1, ?2))
             ORDER BY created_at DESC, id DESC LIMIT ?3"
        )))
        .bind(at)
        .bind(id)
        .bind(i64::from(limit) + 1)
        .fetch_all(self.db.pool())
        .await?;
        let more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        let entries = summaries(self.db, rows).await?;
        let next = more
            .then(|| entries.last())
            .flatten()
            .map(|e| TimelineCursor {
                created_at: e.created_at.clone(),
                id: e.id.clone(),
            });
        Ok(TimelinePage { entries, next })
    }

    /// Days of `year`-`month` that have entries, with their average mood.
    pub async fn calendar(&self, year: i32, month: u32) -> Result<Vec<CalendarDay>> {
        let first =
            NaiveDate::from_ymd_opt(year, month, 1).ok_or(JournalError::Invalid("month"))?;
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .ok_or(JournalError::Invalid("month"))?;
        let days = self.moods_by_day(first, next).await?;
        Ok(days
            .into_iter()
            .map(|(date, moods)| CalendarDay {
                date: date.format("%Y-%m-%d").to_string(),
                entries: moods.len() as u32,
                average_mood: average(&moods),
            })
            .collect())
    }

    /// Entries written on today's date in earlier years, newest first.
    pub async fn on_this_day(&self) -> Result<Vec<EntrySummary>> {
        let today = self.now().with_timezone(&self.zone()).date_naive();
        let first: Option<String> =
            sqlx::query_scalar("SELECT min(created_at) FROM entries WHERE deleted_at IS NULL")
                .fetch_one(self.db.pool())
                .await?;
        let Some(first_year) = first
            .as_deref()
            .and_then(|t| self.local_date(t))
            .map(|d| d.year())
        else {
            return Ok(Vec::new());
        };
        let mut found = Vec::new();
        for year in (first_year..today.year()).rev() {
            // 29 February falls back to the 28th in other years.
            let Some(day) = NaiveDate::from_ymd_opt(year, today.month(), today.day())
                .or_else(|| NaiveDate::from_ymd_opt(year, today.month(), today.day() - 1))
            else {
                continue;
            };
            let rows = sqlx::query(AssertSqlSafe(format!(
                "SELECT {SUMMARY_COLUMNS} FROM entries
                 WHERE deleted_at IS NULL AND created_at >= ? AND created_at < ? ORDER BY created_at DESC"
            )))
            .bind(stamp(self.start_of(day)))
            .bind(stamp(self.start_of(day + Duration::days(1))))
            .fetch_all(self.db.pool())
            .await?;
            found.extend(summaries(self.db, rows).await?);
        }
        Ok(found)
    }

    /// Average mood of the last `count` weeks (from Monday) or months,
    /// oldest first; empty periods are included with no average.
    pub async fn mood_series(&self, bucket: MoodBucket, count: u32) -> Result<Vec<MoodPoint>> {
        let count = count.clamp(1, 520);
        let today = self.now().with_timezone(&self.zone()).date_naive();
        let current = match bucket {
            MoodBucket::Week => {
                today - Duration::days(i64::from(today.weekday().num_days_from_monday()))
            }
            MoodBucket::Month => today.with_day(1).unwrap_or(today),
        };
        let step_back = |d: NaiveDate, n: u32| match bucket {
            MoodBucket::Week => d - Duration::weeks(i64::from(n)),
            MoodBucket::Month => d.checked_sub_months(chrono::Months::new(n)).unwrap_or(d),
        };
        let starts: Vec<NaiveDate> = (0..count).rev().map(|n| step_back(current, n)).collect();
        let end = today + Duration::days(1);
        let days = self.moods_by_day(starts[0], end).await?;
        Ok(starts
            .iter()
            .enumerate()
            .map(|(i, start)| {
                let stop = starts.get(i + 1).copied().unwrap_or(end);
                let moods: Vec<Option<u8>> = days
                    .range(*start..stop)
                    .flat_map(|(_, m)| m.iter().copied())
                    .collect();
                let entries = days.range(*start..stop).map(|(_, m)| m.len() as u32).sum();
                MoodPoint {
                    start: start.format("%Y-%m-%d").to_string(),
                    entries,
                    average_mood: average(&moods),
                }
            })
            .collect())
    }

    /// Moods (None for entries without one) grouped by local day in [from, to).
    async fn moods_by_day(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BTreeMap<NaiveDate, Vec<Option<u8>>>> {
        let rows = sqlx::query(
            "SELECT created_at, mood FROM entries
             WHERE deleted_at IS NULL AND created_at >= ? AND created_at < ?",
        )
        .bind(stamp(self.start_of(from)))
        .bind(stamp(self.start_of(to)))
        .fetch_all(self.db.pool())
        .await?;
        let mut days: BTreeMap<NaiveDate, Vec<Option<u8>>> = BTreeMap::new();
        for row in rows {
            if let Some(day) = self.local_date(&row.get::<String, _>("created_at")) {
                days.entry(day)
                    .or_default()
                    .push(row.get::<Option<i64>, _>("mood").map(|m| m as u8));
            }
        }
        Ok(days)
    }
}

fn average(moods: &[Option<u8>]) -> Option<f64> {
    let known: Vec<f64> = moods.iter().flatten().map(|m| f64::from(*m)).collect();
    (!known.is_empty())
        .then(|| (known.iter().sum::<f64>() / known.len() as f64 * 10.0).round() / 10.0)
}
