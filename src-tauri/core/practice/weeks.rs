//! The weekly goal's streak and the charts. One rule for weeks: a practice
//! counts on the calendar day it was done on the member's clock at that
//! time (the zone stored with it), and weeks start on Monday. So a trip
//! across zones, or a DST change, never moves a practice into another day.
//!
//! The streak counts weeks in a row that reached the goal. The week under
//! way adds to it once reached and never breaks it before it is over; a
//! missed day never matters, only whether the week got there.

use super::log::PracticeLog;
use super::{Practice, Result};
use crate::clock::local_day;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use std::collections::BTreeMap;
use ts_rs::TS;

/// How many weeks the chart shows, this one included.
pub const WEEKS_SHOWN: usize = 12;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PracticeProgress {
    pub weekly_goal: u8,
    pub this_week: u32,
    pub streak: u32,
    /// Oldest first, ending with this week.
    pub weeks: Vec<WeekCount>,
    /// One per exercise practised, most practised first.
    pub changes: Vec<DistressChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WeekCount {
    /// The Monday, YYYY-MM-DD.
    pub week_start: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DistressChange {
    pub exercise: String,
    pub practices: u32,
    /// Practices with both ratings, which the average is over.
    pub rated: u32,
    /// After minus before, to one decimal; negative is easier.
    pub average_change: Option<f64>,
}

impl Practice<'_> {
    pub async fn progress(&self, now: DateTime<Utc>, zone: Tz) -> Result<PracticeProgress> {
        let goal = self.preferences().await?.weekly_goal;
        Ok(progress_of(&self.logs(None).await?, goal, now, zone))
    }
}

fn monday(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The day a practice counts on (see the module's rule).
pub fn lived_day(log: &PracticeLog) -> Option<NaiveDate> {
    let at = DateTime::parse_from_rfc3339(&log.started_at)
        .ok()?
        .with_timezone(&Utc);
    let zone: Tz = log.zone.parse().ok()?;
    Some(local_day(zone, at))
}

pub fn progress_of(
    logs: &[PracticeLog],
    goal: u8,
    now: DateTime<Utc>,
    zone: Tz,
) -> PracticeProgress {
    let mut per_week: BTreeMap<NaiveDate, u32> = BTreeMap::new();
    for day in logs.iter().filter_map(lived_day) {
        *per_week.entry(monday(day)).or_default() += 1;
    }
    let this = monday(local_day(zone, now));
    let count = |week: NaiveDate| per_week.get(&week).copied().unwrap_or(0);
    let goal = u32::from(goal.max(1));
    let mut week = if count(this) >= goal {
        this
    } else {
        this - Duration::weeks(1)
    };
    let mut streak = 0;
    while count(week) >= goal {
        streak += 1;
        week -= Duration::weeks(1);
    }
    let weeks = (0..WEEKS_SHOWN)
        .rev()
        .map(|back| {
            let start = this - Duration::weeks(back as i64);
            WeekCount {
                week_start: start.to_string(),
                count: count(start),
            }
        })
        .collect();
    PracticeProgress {
        weekly_goal: goal as u8,
        this_week: count(this),
        streak,
        weeks,
        changes: changes(logs),
    }
}

fn changes(logs: &[PracticeLog]) -> Vec<DistressChange> {
    let mut by: BTreeMap<&str, (u32, Vec<i32>)> = BTreeMap::new();
    for log in logs {
        let entry = by.entry(log.exercise.as_str()).or_default();
        entry.0 += 1;
        if let (Some(b), Some(a)) = (log.distress_before, log.distress_after) {
            entry.1.push(i32::from(a) - i32::from(b));
        }
    }
    let mut out: Vec<DistressChange> = by
        .into_iter()
        .map(|(exercise, (practices, deltas))| DistressChange {
            exercise: exercise.to_owned(),
            practices,
            rated: deltas.len() as u32,
            average_change: (!deltas.is_empty()).then(|| {
                let mean = f64::from(deltas.iter().sum::<i32>()) / deltas.len() as f64;
                (mean * 10.0).round() / 10.0
            }),
        })
        .collect();
    out.sort_by(|a, b| {
        b.practices
            .cmp(&a.practices)
            .then_with(|| a.exercise.cmp(&b.exercise))
    });
    out
}
