//! Self-check results (PHQ-9, GAD-7) as the member answered them, and the
//! reminder that asks again every so often. A result taken while sharing is
//! on for its questionnaire is marked `shared`: the clinic's outbox sends
//! those, and only those.

use super::questionnaire::{Instrument, Score};
use super::{Result, Safety, SafetyError, SafetyPreferences};
use crate::clock::{local_day, stamp};
use crate::reminders::sources::{OccasionSource, Occasions};
use crate::reminders::{wall_time, Occasion};
use crate::store::Database;
use chrono::{DateTime, Duration, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SelfCheckDraft {
    pub instrument: Instrument,
    /// One per item, 0–3; `None` for an item not answered yet.
    pub answers: Vec<Option<u8>>,
    /// PHQ-9's "how difficult have these problems made it…", unscored.
    pub difficulty: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SelfCheck {
    pub id: String,
    pub instrument: Instrument,
    /// RFC 3339, UTC.
    pub taken_at: String,
    pub zone: String,
    pub answers: Vec<u8>,
    pub difficulty: Option<u8>,
    pub score: Score,
    pub shared: bool,
}

impl Safety<'_> {
    pub async fn take_check(
        &self,
        draft: &SelfCheckDraft,
        now: DateTime<Utc>,
        zone: Tz,
    ) -> Result<SelfCheck> {
        let check = self.new_check(draft, now, zone).await?;
        self.insert_check(&check).await
    }

    /// A result as it will be stored, scored and checked, not yet written.
    pub async fn new_check(
        &self,
        draft: &SelfCheckDraft,
        now: DateTime<Utc>,
        zone: Tz,
    ) -> Result<SelfCheck> {
        let score = draft.instrument.score(&draft.answers)?;
        if draft.difficulty.is_some_and(|d| d > 3) {
            return Err(SafetyError::InvalidAnswers);
        }
        let preferences = self.preferences().await?;
        Ok(SelfCheck {
            id: uuid::Uuid::new_v4().to_string(),
            instrument: draft.instrument,
            taken_at: stamp(now),
            zone: zone.name().to_owned(),
            // Scoring refused any missing answer, so each is Some.
            answers: draft.answers.iter().flatten().copied().collect(),
            difficulty: draft.difficulty,
            score,
            shared: preferences.shares(draft.instrument),
        })
    }

    /// Puts back a deleted result (undo) or one from a backup; the score is
    /// worked out again from the answers, never taken on trust. Returns the
    /// result as stored.
    pub async fn insert_check(&self, check: &SelfCheck) -> Result<SelfCheck> {
        let mut conn = self.db.pool().acquire().await?;
        insert_check_on(&mut conn, check).await
    }

    /// Newest first.
    pub async fn checks(&self) -> Result<Vec<SelfCheck>> {
        let rows = sqlx::query(
            "SELECT id, instrument, taken_at, zone, answers, difficulty, shared
             FROM self_checks ORDER BY taken_at DESC, id",
        )
        .fetch_all(self.db.pool())
        .await?;
        rows.iter().map(read_check).collect()
    }

    pub async fn delete_check(&self, id: &str) -> Result<SelfCheck> {
        let mut conn = self.db.pool().acquire().await?;
        delete_check_on(&mut conn, id).await
    }
}

/// Writes a result on `conn`, so what the clinic is sent of it can be
/// queued in the same transaction (`clinic::telling`).
pub async fn insert_check_on(conn: &mut SqliteConnection, check: &SelfCheck) -> Result<SelfCheck> {
    let score = check.instrument.score_given(&check.answers)?;
    sqlx::query(
        "INSERT INTO self_checks (id, instrument, taken_at, zone, answers, difficulty, total, shared)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&check.id)
    .bind(check.instrument.id())
    .bind(&check.taken_at)
    .bind(&check.zone)
    .bind(serde_json::to_string(&check.answers).map_err(super::bad_row)?)
    .bind(check.difficulty)
    .bind(score.total)
    .bind(check.shared)
    .execute(&mut *conn)
    .await?;
    Ok(SelfCheck {
        score,
        ..check.clone()
    })
}

/// Deletes a result on `conn` and hands it back for undo.
pub async fn delete_check_on(conn: &mut SqliteConnection, id: &str) -> Result<SelfCheck> {
    let row = sqlx::query(
        "DELETE FROM self_checks WHERE id = ?
         RETURNING id, instrument, taken_at, zone, answers, difficulty, shared",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(SafetyError::NotFound)?;
    read_check(&row)
}

fn read_check(row: &sqlx::sqlite::SqliteRow) -> Result<SelfCheck> {
    let instrument = Instrument::from_id(&row.try_get::<String, _>("instrument")?)
        .ok_or(SafetyError::Unreadable)?;
    let answers: Vec<u8> =
        serde_json::from_str(&row.try_get::<String, _>("answers")?).map_err(super::bad_row)?;
    Ok(SelfCheck {
        id: row.try_get("id")?,
        instrument,
        taken_at: row.try_get("taken_at")?,
        zone: row.try_get("zone")?,
        score: instrument.score_given(&answers).map_err(super::bad_row)?,
        answers,
        difficulty: row.try_get("difficulty")?,
        shared: row.try_get("shared")?,
    })
}

/// The morning a self-check is asked for again.
const ASK_AT: (u32, u32) = (10, 0);

/// The self-check cadence as a reminder source: from the last result, every
/// `check_every_days` at 10:00 in the zone it was taken in, until the
/// member takes one again. A member who never took one is not asked.
#[derive(Debug)]
pub struct SelfCheckSource;

impl OccasionSource for SelfCheckSource {
    fn name(&self) -> &'static str {
        "selfCheck"
    }

    fn occasions<'a>(
        &'a self,
        db: &'a Database,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Occasions<'a> {
        Box::pin(async move {
            let unreadable = |_| crate::reminders::ReminderError::Unreadable;
            let safety = Safety::new(db);
            let Some(days) = safety
                .preferences()
                .await
                .map_err(unreadable)?
                .check_every_days
            else {
                return Ok(vec![]);
            };
            let Some(last) = safety
                .checks()
                .await
                .map_err(unreadable)?
                .into_iter()
                .next()
            else {
                return Ok(vec![]);
            };
            let (Ok(taken), Ok(zone)) = (
                DateTime::parse_from_rfc3339(&last.taken_at).map(|t| t.with_timezone(&Utc)),
                last.zone.parse::<Tz>(),
            ) else {
                return Ok(vec![]);
            };
            let morning = NaiveTime::from_hms_opt(ASK_AT.0, ASK_AT.1, 0)
                .ok_or(crate::reminders::ReminderError::Unreadable)?;
            let (taken_day, every) = (local_day(zone, taken), i64::from(days));
            // Starts at the last due day before `from`, however long ago the last check was.
            let since = (local_day(zone, from) - taken_day).num_days();
            let mut due = vec![];
            for k in (since / every).max(1).. {
                let day = taken_day + Duration::days(k * every);
                let at = wall_time::on(zone, day, morning);
                if at > to {
                    break;
                }
                if at >= from {
                    due.push(Occasion {
                        key: format!("self-check:{day}"),
                        at,
                        source: String::new(),
                        screen: "safety/check".into(),
                    });
                }
            }
            Ok(due)
        })
    }
}

impl Safety<'_> {
    /// Whether results of `instrument` taken from now on are for the clinic.
    pub async fn set_sharing(&self, instrument: Instrument, on: bool) -> Result<SafetyPreferences> {
        let mut p = self.preferences().await?;
        match instrument {
            Instrument::Phq9 => p.share_phq9 = on,
            Instrument::Gad7 => p.share_gad7 = on,
        }
        self.set_preferences(&p).await
    }

    /// Every `days` days (`None`: never) a self-check is asked for.
    pub async fn set_check_every(&self, days: Option<u16>) -> Result<SafetyPreferences> {
        let p = SafetyPreferences {
            check_every_days: days,
            ..self.preferences().await?
        };
        self.set_preferences(&p).await
    }
}

impl SafetyPreferences {
    pub fn shares(&self, instrument: Instrument) -> bool {
        match instrument {
            Instrument::Phq9 => self.share_phq9,
            Instrument::Gad7 => self.share_gad7,
        }
    }
}
