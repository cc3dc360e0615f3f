//! The member's reminder choices and the log of what was shown, in the
//! encrypted database, and the `Book` the planner works from.

use super::plan::{Book, Snooze, UpcomingSession, Verdict, What, HORIZON};
use super::routine::{QuietHours, Routine, RoutineKind};
use super::series::{Series, SeriesDraft};
use super::{valid_leads, valid_quiet_hours, valid_routine, ReminderError, Result};
use crate::clinic::Sessions;
use crate::clock::stamp;
use crate::store::Meta;
use crate::store::{Database, StoreError};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use std::collections::HashSet;
use ts_rs::TS;

/// The tables the reminders' backup section carries.
pub const TABLES: &[&str] = &["hand_sessions", "routines", "reminder_preferences"];
/// How long the log keeps a key: longer than any clock set back.
const LOG_KEPT: Duration = Duration::days(60);
const LAST_CHECKED: &str = "reminders.last_checked";
/// The most missed reminders Today lists at once (oldest found first).
const MISSED_LISTED: u32 = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Preferences {
    /// Minutes before a session; 0 is "at start".
    pub leads: Vec<u32>,
    pub quiet_hours: Option<QuietHours>,
    /// Notifications may name the session; off, they say only "your group session".
    pub show_details: bool,
    /// The clinic's sessions may remind during quiet hours (a hand-entered
    /// series says so for itself).
    pub clinic_allowed_in_quiet_hours: bool,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            leads: vec![24 * 60, 15],
            quiet_hours: None,
            show_details: false,
            clinic_allowed_in_quiet_hours: false,
        }
    }
}

/// What the reminders' backup section holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RemindersBackup {
    pub series: Vec<Series>,
    pub routines: Vec<Routine>,
    pub preferences: Option<Preferences>,
}

pub struct Reminders<'a> {
    db: &'a Database,
}

fn bad_row<E>(_: E) -> ReminderError {
    ReminderError::Unreadable
}

impl<'a> Reminders<'a> {
    pub fn new(db: &'a Database) -> Self {
        Self { db }
    }

    pub async fn series(&self) -> Result<Vec<Series>> {
        let rows = sqlx::query(
            "SELECT id, title, first_date, local_time, zone, weeks, video_link, skipped,
                    allowed_in_quiet_hours
             FROM hand_sessions ORDER BY created_at, id",
        )
        .fetch_all(self.db.pool())
        .await
        .map_err(StoreError::from)?;
        rows.into_iter()
            .map(|row| {
                let skipped: String = row.get("skipped");
                Ok(Series {
                    id: row.get("id"),
                    draft: SeriesDraft {
                        title: row.get("title"),
                        first_date: NaiveDate::parse_from_str(row.get("first_date"), "%Y-%m-%d")
                            .map_err(bad_row)?,
                        time: NaiveTime::parse_from_str(row.get("local_time"), "%H:%M")
                            .map_err(bad_row)?,
                        zone: row.get("zone"),
                        weeks: row
                            .get::<Option<i64>, _>("weeks")
                            .map(|w| u32::try_from(w).unwrap_or(0)),
                        video_link: row.get("video_link"),
                        skipped: serde_json::from_str(&skipped).map_err(bad_row)?,
                        allowed_in_quiet_hours: row.get::<i64, _>("allowed_in_quiet_hours") != 0,
                    },
                })
            })
            .collect()
    }

    /// Saves a series, new (`id` not yet used) or changed. Nothing is
    /// written when the draft is refused.
    pub async fn save_series(
        &self,
        id: &str,
        draft: &SeriesDraft,
        now: DateTime<Utc>,
    ) -> Result<Series> {
        draft.validate()?;
        let mut skipped = draft.skipped.clone();
        skipped.sort_unstable();
        skipped.dedup();
        let link = draft
            .video_link
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty());
        sqlx::query(
            "INSERT INTO hand_sessions (id, title, first_date, local_time, zone, weeks,
                 video_link, skipped, allowed_in_quiet_hours, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET title = excluded.title,
                 first_date = excluded.first_date, local_time = excluded.local_time,
                 zone = excluded.zone, weeks = excluded.weeks, video_link = excluded.video_link,
                 skipped = excluded.skipped,
                 allowed_in_quiet_hours = excluded.allowed_in_quiet_hours,
                 updated_at = excluded.updated_at",
        )
        .bind(id)
        .bind(draft.title.trim())
        .bind(draft.first_date.format("%Y-%m-%d").to_string())
        .bind(draft.time.format("%H:%M").to_string())
        .bind(draft.zone.trim())
        .bind(draft.weeks.map(i64::from))
        .bind(link)
        .bind(serde_json::to_string(&skipped).map_err(bad_row)?)
        .bind(i64::from(draft.allowed_in_quiet_hours))
        .bind(stamp(now))
        .bind(stamp(now))
        .execute(self.db.pool())
        .await
        .map_err(StoreError::from)?;
        Ok(Series {
            id: id.to_owned(),
            draft: SeriesDraft {
                title: draft.title.trim().to_owned(),
                zone: draft.zone.trim().to_owned(),
                video_link: link.map(str::to_owned),
                skipped,
                ..draft.clone()
            },
        })
    }

    /// Removes a series; returns it, so the UI can offer to undo.
    pub async fn remove_series(&self, id: &str) -> Result<Option<Series>> {
        let found = self.series().await?.into_iter().find(|s| s.id == id);
        sqlx::query("DELETE FROM hand_sessions WHERE id = ?")
            .bind(id)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::from)?;
        Ok(found)
    }

    pub async fn routines(&self) -> Result<Vec<Routine>> {
        let rows = sqlx::query(
            "SELECT id, kind, local_time, weekdays, enabled FROM routines ORDER BY local_time, id",
        )
        .fetch_all(self.db.pool())
        .await
        .map_err(StoreError::from)?;
        rows.into_iter()
            .map(|row| {
                let weekdays: String = row.get("weekdays");
                Ok(Routine {
                    id: row.get("id"),
                    kind: RoutineKind::parse(row.get("kind")).ok_or(ReminderError::Unreadable)?,
                    time: NaiveTime::parse_from_str(row.get("local_time"), "%H:%M")
                        .map_err(bad_row)?,
                    weekdays: serde_json::from_str(&weekdays).map_err(bad_row)?,
                    enabled: row.get::<i64, _>("enabled") != 0,
                })
            })
            .collect()
    }

    pub async fn save_routine(&self, routine: &Routine, now: DateTime<Utc>) -> Result<()> {
        valid_routine(routine)?;
        let mut days = routine.weekdays.clone();
        days.sort_unstable();
        sqlx::query(
            "INSERT INTO routines (id, kind, local_time, weekdays, enabled, created_at)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET kind = excluded.kind,
                 local_time = excluded.local_time, weekdays = excluded.weekdays,
                 enabled = excluded.enabled",
        )
        .bind(&routine.id)
        .bind(routine.kind.as_str())
        .bind(routine.time.format("%H:%M").to_string())
        .bind(serde_json::to_string(&days).map_err(bad_row)?)
        .bind(i64::from(routine.enabled))
        .bind(stamp(now))
        .execute(self.db.pool())
        .await
        .map_err(StoreError::from)?;
        Ok(())
    }

    pub async fn remove_routine(&self, id: &str) -> Result<()> {
        sqlx::query("DELETE FROM routines WHERE id = ?")
            .bind(id)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::from)?;
        Ok(())
    }

    pub async fn preferences(&self) -> Result<Preferences> {
        let value: Option<String> =
            sqlx::query_scalar("SELECT value FROM reminder_preferences WHERE id = 1")
                .fetch_optional(self.db.pool())
                .await
                .map_err(StoreError::from)?;
        // A damaged value falls back to the defaults rather than silencing reminders.
        Ok(value
            .and_then(|v| serde_json::from_str(&v).ok())
            .unwrap_or_default())
    }

    pub async fn set_preferences(&self, preferences: &Preferences) -> Result<Preferences> {
        let checked = Preferences {
            leads: valid_leads(&preferences.leads)?,
            quiet_hours: preferences.quiet_hours.map(valid_quiet_hours).transpose()?,
            show_details: preferences.show_details,
            clinic_allowed_in_quiet_hours: preferences.clinic_allowed_in_quiet_hours,
        };
        sqlx::query(
            "INSERT INTO reminder_preferences (id, value) VALUES (1, ?)
             ON CONFLICT (id) DO UPDATE SET value = excluded.value",
        )
        .bind(serde_json::to_string(&checked).map_err(bad_row)?)
        .execute(self.db.pool())
        .await
        .map_err(StoreError::from)?;
        Ok(checked)
    }

    /// The keys shown or missed since `since`.
    pub async fn handled_since(&self, since: DateTime<Utc>) -> Result<HashSet<String>> {
        let keys: Vec<String> =
            sqlx::query_scalar("SELECT key FROM reminder_log WHERE due_at >= ?")
                .bind(stamp(since))
                .fetch_all(self.db.pool())
                .await
                .map_err(StoreError::from)?;
        Ok(keys.into_iter().collect())
    }

    /// Writes verdicts to the log (and drops keys older than any clock
    /// set back could bring round again).
    pub async fn record(&self, verdicts: &[Verdict], now: DateTime<Utc>) -> Result<()> {
        let mut tx = self.db.pool().begin().await.map_err(StoreError::from)?;
        for v in verdicts {
            let (outcome, r) = match v {
                Verdict::Show(r) => ("shown", r),
                Verdict::Missed(r) => ("missed", r),
            };
            sqlx::query(
                "INSERT INTO reminder_log (key, due_at, outcome, recorded_at, what)
                 VALUES (?, ?, ?, ?, ?)
                 ON CONFLICT (key) DO NOTHING",
            )
            .bind(&r.key)
            .bind(stamp(r.due))
            .bind(outcome)
            .bind(stamp(now))
            .bind(serde_json::to_string(&r.what).map_err(bad_row)?)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from)?;
        }
        // A missed reminder the member has not seen yet stays listed.
        sqlx::query(
            "DELETE FROM reminder_log WHERE due_at < ?
             AND NOT (outcome = 'missed' AND seen_at IS NULL AND what IS NOT NULL)",
        )
        .bind(stamp(now - LOG_KEPT))
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
        sqlx::query("DELETE FROM reminder_snoozes WHERE until_at < ?")
            .bind(stamp(now - Duration::days(1)))
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from)?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// The last tick of the previous run, if any.
    pub async fn last_checked(&self) -> Result<Option<DateTime<Utc>>> {
        let value = Meta::new(self.db).get(LAST_CHECKED).await?;
        Ok(value
            .and_then(|v| DateTime::parse_from_rfc3339(&v).ok())
            .map(|t| t.with_timezone(&Utc)))
    }

    pub async fn set_last_checked(&self, at: DateTime<Utc>) -> Result<()> {
        Ok(Meta::new(self.db).set(LAST_CHECKED, &stamp(at), at).await?)
    }

    /// The reminders missed and not yet seen, in the order they were found
    /// missed (so a week asleep shows every one, not only yesterday's).
    pub async fn missed_unseen(&self) -> Result<Vec<Upcoming>> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT key, due_at, what FROM reminder_log
             WHERE outcome = 'missed' AND seen_at IS NULL AND what IS NOT NULL
             ORDER BY recorded_at, due_at LIMIT ?",
        )
        .bind(MISSED_LISTED)
        .fetch_all(self.db.pool())
        .await
        .map_err(StoreError::from)?;
        // A row this version cannot read is left off the list, not an error.
        Ok(rows
            .into_iter()
            .filter_map(|(key, due, what)| {
                let what = serde_json::from_str(&what).ok()?;
                Some(Upcoming { key, due, what })
            })
            .collect())
    }

    /// The member has seen that these were missed.
    pub async fn missed_seen(&self, keys: &[String], now: DateTime<Utc>) -> Result<()> {
        let mut tx = self.db.pool().begin().await.map_err(StoreError::from)?;
        for key in keys {
            sqlx::query("UPDATE reminder_log SET seen_at = ? WHERE key = ? AND outcome = 'missed'")
                .bind(stamp(now))
                .bind(key)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::from)?;
        }
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    pub async fn snooze(&self, snooze: &Snooze) -> Result<()> {
        sqlx::query(
            "INSERT INTO reminder_snoozes (key, until_at, what) VALUES (?, ?, ?)
             ON CONFLICT (key) DO UPDATE SET until_at = excluded.until_at, what = excluded.what",
        )
        .bind(&snooze.key)
        .bind(stamp(snooze.until))
        .bind(serde_json::to_string(&snooze.what).map_err(bad_row)?)
        .execute(self.db.pool())
        .await
        .map_err(StoreError::from)?;
        Ok(())
    }

    async fn snoozes(&self) -> Result<Vec<Snooze>> {
        let rows = sqlx::query("SELECT key, until_at, what FROM reminder_snoozes")
            .fetch_all(self.db.pool())
            .await
            .map_err(StoreError::from)?;
        rows.into_iter()
            .map(|row| {
                let what: String = row.get("what");
                Ok(Snooze {
                    key: row.get("key"),
                    until: DateTime::parse_from_rfc3339(row.get("until_at"))
                        .map_err(bad_row)?
                        .with_timezone(&Utc),
                    what: serde_json::from_str::<What>(&what).map_err(bad_row)?,
                })
            })
            .collect()
    }

    /// Everything the planner needs, for the days around `now`.
    pub async fn book(&self, now: DateTime<Utc>) -> Result<Book> {
        let from = now - HORIZON;
        let to = now + HORIZON + HORIZON;
        let preferences = self.preferences().await?;
        let mut sessions: Vec<UpcomingSession> = Sessions::new(self.db)
            .all()
            .await
            .map_err(|_| ReminderError::Unreadable)?
            .into_iter()
            .filter(|s| !s.cancelled)
            .filter_map(|s| {
                let starts_at = DateTime::parse_from_rfc3339(&s.starts_at)
                    .ok()?
                    .with_timezone(&Utc);
                (starts_at >= from && starts_at < to).then(|| UpcomingSession {
                    key: format!("clinic:{}", s.id),
                    starts_at,
                    allowed_in_quiet_hours: preferences.clinic_allowed_in_quiet_hours,
                })
            })
            .collect();
        for series in self.series().await? {
            for starts_at in series.starts_between(from, to) {
                sessions.push(UpcomingSession {
                    key: hand_key(&series.id, starts_at),
                    starts_at,
                    allowed_in_quiet_hours: series.draft.allowed_in_quiet_hours,
                });
            }
        }
        sessions.sort_by_key(|s| s.starts_at);
        Ok(Book {
            sessions,
            leads: preferences.leads,
            routines: self.routines().await?,
            quiet: preferences.quiet_hours,
            snoozes: self.snoozes().await?,
            occasions: Vec::new(),
        })
    }

    /// A session's title and video link, by the key the planner gave it
    /// (`clinic:<id>` or `hand:<series>:<start>`), for a notification.
    pub async fn session_details(&self, session: &str) -> Result<(Option<String>, Option<String>)> {
        if let Some(id) = session.strip_prefix("clinic:") {
            let found = Sessions::new(self.db)
                .all()
                .await
                .map_err(|_| ReminderError::Unreadable)?
                .into_iter()
                .find(|s| s.id == id);
            return Ok((found.map(|s| s.title).filter(|t| !t.is_empty()), None));
        }
        let series_id = session
            .strip_prefix("hand:")
            .and_then(|rest| rest.rsplit_once(':'))
            .map(|(id, _)| id);
        let found = match series_id {
            Some(id) => self.series().await?.into_iter().find(|s| s.id == id),
            None => None,
        };
        Ok(found.map_or((None, None), |s| (Some(s.draft.title), s.draft.video_link)))
    }

    pub async fn kept(&self) -> Result<RemindersBackup> {
        let preferences = sqlx::query_scalar::<_, i64>("SELECT count(*) FROM reminder_preferences")
            .fetch_one(self.db.pool())
            .await
            .map_err(StoreError::from)?;
        Ok(RemindersBackup {
            series: self.series().await?,
            routines: self.routines().await?,
            preferences: if preferences > 0 {
                Some(self.preferences().await?)
            } else {
                None
            },
        })
    }

    pub async fn is_empty(&self) -> Result<bool> {
        Ok(self.kept().await? == RemindersBackup::default())
    }

    /// Writes a backup's reminders into an empty set.
    pub async fn restore(&self, kept: &RemindersBackup, now: DateTime<Utc>) -> Result<usize> {
        for series in &kept.series {
            self.save_series(&series.id, &series.draft, now).await?;
        }
        for routine in &kept.routines {
            self.save_routine(routine, now).await?;
        }
        if let Some(preferences) = &kept.preferences {
            self.set_preferences(preferences).await?;
        }
        Ok(kept.series.len() + kept.routines.len())
    }
}

/// A hand-entered occurrence's key: the series and its start.
pub fn hand_key(series: &str, starts_at: DateTime<Utc>) -> String {
    format!("hand:{series}:{}", starts_at.timestamp())
}

/// A reminder at its time, as Today and Settings list it: one still to
/// come, or one that was missed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Upcoming {
    pub key: String,
    /// RFC 3339, UTC.
    pub due: String,
    pub what: What,
}

/// Everything the reminder screens show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    pub preferences: Preferences,
    pub series: Vec<Series>,
    pub routines: Vec<Routine>,
    pub upcoming: Vec<Upcoming>,
    /// Missed in the last day (the computer asleep, the app closed, or
    /// quiet hours holding one past its session's start).
    pub missed: Vec<Upcoming>,
    /// Whether the desktop showed the last reminder; null before the first.
    pub desktop_notifications: Option<bool>,
}
