//! "My group asked me to practise this": an exercise (or a few words of
//! what was asked), a due date, checked off when done. A row has the shape
//! of a FHIR R4 Task — `status` is Task.status, `exercise` what Task.focus
//! points to, `due` the date of Task.restriction.period.end, `clinic_task`
//! the Task's id — so the clinic's Tasks fill the same rows with the same
//! meaning; the member's own have no `clinic_task`. Open homework with a
//! due date is a reminder source: the morning of the day it is due; its
//! Open starts the exercise.

use super::{known, library, Practice, PracticeError, Result};
use crate::clock::{local_day, stamp};
use crate::reminders::sources::{OccasionSource, Occasions};
use crate::reminders::{wall_time, Occasion};
use crate::store::Database;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use sqlx::{AssertSqlSafe, Row, SqliteConnection};
use ts_rs::TS;

pub const MAX_DESCRIPTION_CHARS: usize = 500;
/// The reminder for homework comes at this time on its due date.
const REMIND_AT: (u32, u32) = (9, 0);

/// FHIR R4 Task.status, the part of it homework uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum TaskStatus {
    Requested,
    Accepted,
    InProgress,
    Completed,
    Cancelled,
}

impl TaskStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Accepted => "accepted",
            Self::InProgress => "in-progress",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        [
            Self::Requested,
            Self::Accepted,
            Self::InProgress,
            Self::Completed,
            Self::Cancelled,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
        .ok_or(PracticeError::Unreadable)
    }

    pub fn is_open(self) -> bool {
        matches!(self, Self::Requested | Self::Accepted | Self::InProgress)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Homework {
    pub id: String,
    /// The clinic's Task id; `None` for homework the member noted.
    pub clinic_task: Option<String>,
    pub status: TaskStatus,
    pub exercise: Option<String>,
    pub description: String,
    /// YYYY-MM-DD on the member's clock.
    pub due: Option<String>,
    /// The member's zone when it was set: the reminder's morning is there.
    pub zone: String,
    pub created_at: String,
    pub updated_at: String,
    pub completed_at: Option<String>,
}

/// A FHIR Task of the clinic's, as homework reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClinicTask {
    pub id: String,
    pub status: TaskStatus,
    pub description: String,
    /// The due date on the member's clock.
    pub due: Option<NaiveDate>,
    /// The library exercise it names, if any.
    pub exercise: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HomeworkDraft {
    /// `None` notes new homework.
    pub id: Option<String>,
    pub exercise: Option<String>,
    pub description: String,
    #[ts(type = "string | null")]
    pub due: Option<NaiveDate>,
}

const COLUMNS: &str =
    "id, clinic_task, status, exercise, description, due, zone, created_at, updated_at, completed_at";

impl Practice<'_> {
    /// Notes or changes the member's own homework.
    pub async fn save_homework(
        &self,
        draft: &HomeworkDraft,
        now: DateTime<Utc>,
        zone: Tz,
    ) -> Result<Homework> {
        let description = draft.description.trim();
        if let Some(exercise) = &draft.exercise {
            known(exercise)?;
        }
        let today = local_day(zone, now);
        let due_ok = draft
            .due
            .is_none_or(|d| d >= today - Duration::days(366) && d <= today + Duration::days(731));
        if description.chars().count() > MAX_DESCRIPTION_CHARS
            || (description.is_empty() && draft.exercise.is_none())
            || !due_ok
        {
            return Err(PracticeError::InvalidHomework);
        }
        let at = stamp(now);
        let due = draft.due.map(|d| d.to_string());
        let id = match &draft.id {
            None => {
                let id = uuid::Uuid::new_v4().to_string();
                sqlx::query(
                    "INSERT INTO homework (id, status, exercise, description, due, zone,
                     created_at, updated_at) VALUES (?, 'requested', ?, ?, ?, ?, ?, ?)",
                )
                .bind(&id)
                .bind(&draft.exercise)
                .bind(description)
                .bind(&due)
                .bind(zone.name())
                .bind(&at)
                .bind(&at)
                .execute(self.db.pool())
                .await?;
                id
            }
            Some(id) => {
                // The clinic's own homework is changed by the clinic.
                let done = sqlx::query(
                    "UPDATE homework SET exercise = ?, description = ?, due = ?, zone = ?,
                     updated_at = ? WHERE id = ? AND clinic_task IS NULL",
                )
                .bind(&draft.exercise)
                .bind(description)
                .bind(&due)
                .bind(zone.name())
                .bind(&at)
                .bind(id)
                .execute(self.db.pool())
                .await?;
                if done.rows_affected() == 0 {
                    return Err(PracticeError::NotFound);
                }
                id.clone()
            }
        };
        self.one_homework(&id).await
    }

    /// Checks homework off, or back on.
    pub async fn set_homework_done(
        &self,
        id: &str,
        done: bool,
        now: DateTime<Utc>,
    ) -> Result<Homework> {
        let mut conn = self.db.pool().acquire().await?;
        set_homework_done_on(&mut conn, id, done, now).await
    }

    /// Open homework first, soonest due first; then what is done.
    pub async fn homework(&self) -> Result<Vec<Homework>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM homework
             ORDER BY status IN ('completed', 'cancelled'), due IS NULL, due,
                      completed_at DESC, created_at"
        )))
        .fetch_all(self.db.pool())
        .await?;
        rows.iter().map(homework_from_row).collect()
    }

    pub async fn one_homework(&self, id: &str) -> Result<Homework> {
        let mut conn = self.db.pool().acquire().await?;
        one_homework_on(&mut conn, id).await
    }

    /// Deletes the member's own homework and hands it back for undo.
    pub async fn delete_homework(&self, id: &str) -> Result<Homework> {
        let homework = self.one_homework(id).await?;
        if homework.clinic_task.is_some() {
            return Err(PracticeError::InvalidHomework);
        }
        sqlx::query("DELETE FROM homework WHERE id = ?")
            .bind(id)
            .execute(self.db.pool())
            .await?;
        Ok(homework)
    }

    /// Takes one of the clinic's Tasks as homework: new ones are added,
    /// known ones follow the clinic, except that homework the member has
    /// checked off stays done while the clinic still says open, and a
    /// status the member changed stays while the outbox holds it
    /// (`keep_status`). Returns whether anything changed.
    pub async fn take_clinic_task(
        &self,
        task: &ClinicTask,
        keep_status: bool,
        zone: Tz,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let exercise = task
            .exercise
            .as_deref()
            .filter(|e| library::find(e).is_some());
        let description: String = task
            .description
            .chars()
            .take(MAX_DESCRIPTION_CHARS)
            .collect();
        let due = task.due.map(|d| d.to_string());
        let held: Option<(String, String)> =
            sqlx::query_as("SELECT id, status FROM homework WHERE clinic_task = ?")
                .bind(&task.id)
                .fetch_optional(self.db.pool())
                .await?;
        let at = stamp(now);
        let Some((id, status)) = held else {
            let done = task.status == TaskStatus::Completed;
            self.insert_homework(&Homework {
                id: uuid::Uuid::new_v4().to_string(),
                clinic_task: Some(task.id.clone()),
                status: task.status,
                exercise: exercise.map(str::to_owned),
                description,
                due,
                zone: zone.name().to_owned(),
                created_at: at.clone(),
                updated_at: at.clone(),
                completed_at: done.then(|| at.clone()),
            })
            .await?;
            return Ok(true);
        };
        let held = TaskStatus::parse(&status)?;
        let kept_done = held == TaskStatus::Completed && task.status.is_open();
        // The clinic calling homework off wins over what the member said.
        let status = if kept_done || (keep_status && task.status != TaskStatus::Cancelled) {
            held
        } else {
            task.status
        };
        let changed = sqlx::query(
            "UPDATE homework SET status = ?, exercise = ?, description = ?, due = ?, updated_at = ?,
             completed_at = CASE WHEN ? = 'completed' THEN coalesce(completed_at, ?) ELSE NULL END
             WHERE id = ? AND (status IS NOT ? OR exercise IS NOT ? OR description IS NOT ?
                 OR due IS NOT ?)",
        )
        .bind(status.as_str())
        .bind(exercise)
        .bind(&description)
        .bind(&due)
        .bind(&at)
        .bind(status.as_str())
        .bind(&at)
        .bind(&id)
        .bind(status.as_str())
        .bind(exercise)
        .bind(&description)
        .bind(&due)
        .execute(self.db.pool())
        .await?
        .rows_affected();
        Ok(changed > 0)
    }

    /// Removes the clinic's homework whose Task is not in `tasks` (deleted
    /// at the clinic); returns how many went.
    pub async fn keep_clinic_tasks(
        &self,
        tasks: &std::collections::HashSet<String>,
    ) -> Result<usize> {
        let held: Vec<String> =
            sqlx::query_scalar("SELECT clinic_task FROM homework WHERE clinic_task IS NOT NULL")
                .fetch_all(self.db.pool())
                .await?;
        let mut gone = 0;
        for task in held.iter().filter(|t| !tasks.contains(*t)) {
            sqlx::query("DELETE FROM homework WHERE clinic_task = ?")
                .bind(task)
                .execute(self.db.pool())
                .await?;
            gone += 1;
        }
        Ok(gone)
    }

    /// Removes the homework the clinic set (disconnecting and deleting what
    /// was kept of it); the member's own stays.
    pub async fn forget_clinic_homework(&self) -> Result<()> {
        sqlx::query("DELETE FROM homework WHERE clinic_task IS NOT NULL")
            .execute(self.db.pool())
            .await?;
        Ok(())
    }

    /// Puts homework back as it was (undo, or a backup).
    pub async fn insert_homework(&self, h: &Homework) -> Result<()> {
        if let Some(exercise) = &h.exercise {
            known(exercise)?;
        }
        let valid = h.zone.parse::<Tz>().is_ok()
            && h.due
                .as_deref()
                .is_none_or(|d| d.parse::<NaiveDate>().is_ok())
            && h.description.chars().count() <= MAX_DESCRIPTION_CHARS;
        if !valid {
            return Err(PracticeError::InvalidHomework);
        }
        sqlx::query(
            "INSERT INTO homework (id, clinic_task, status, exercise, description, due, zone,
             created_at, updated_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT DO NOTHING",
        )
        .bind(&h.id)
        .bind(&h.clinic_task)
        .bind(h.status.as_str())
        .bind(&h.exercise)
        .bind(&h.description)
        .bind(&h.due)
        .bind(&h.zone)
        .bind(&h.created_at)
        .bind(&h.updated_at)
        .bind(&h.completed_at)
        .execute(self.db.pool())
        .await?;
        Ok(())
    }
}

/// Checks homework off (or back on) on `conn`, so the clinic's outbox can
/// queue the news in the same transaction (`clinic::telling`).
pub async fn set_homework_done_on(
    conn: &mut SqliteConnection,
    id: &str,
    done: bool,
    now: DateTime<Utc>,
) -> Result<Homework> {
    let (status, completed) = if done {
        (TaskStatus::Completed, Some(stamp(now)))
    } else {
        (TaskStatus::Requested, None)
    };
    let changed = sqlx::query(
        "UPDATE homework SET status = ?, completed_at = ?, updated_at = ?
         WHERE id = ? AND status != 'cancelled'",
    )
    .bind(status.as_str())
    .bind(&completed)
    .bind(stamp(now))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    if changed.rows_affected() == 0 {
        return Err(PracticeError::NotFound);
    }
    one_homework_on(conn, id).await
}

async fn one_homework_on(conn: &mut SqliteConnection, id: &str) -> Result<Homework> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM homework WHERE id = ?"
    )))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(PracticeError::NotFound)?;
    homework_from_row(&row)
}

fn homework_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Homework> {
    let status: String = row.try_get("status")?;
    Ok(Homework {
        id: row.try_get("id")?,
        clinic_task: row.try_get("clinic_task")?,
        status: TaskStatus::parse(&status)?,
        exercise: row.try_get("exercise")?,
        description: row.try_get("description")?,
        due: row.try_get("due")?,
        zone: row.try_get("zone")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        completed_at: row.try_get("completed_at")?,
    })
}

/// Homework as a reminder source: open homework, on the morning it is due.
#[derive(Debug)]
pub struct HomeworkSource;

impl OccasionSource for HomeworkSource {
    fn name(&self) -> &'static str {
        "homework"
    }

    fn occasions<'a>(
        &'a self,
        db: &'a Database,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Occasions<'a> {
        Box::pin(async move {
            let all = Practice::new(db)
                .homework()
                .await
                .map_err(|_| crate::reminders::ReminderError::Unreadable)?;
            let morning = NaiveTime::from_hms_opt(REMIND_AT.0, REMIND_AT.1, 0)
                .ok_or(crate::reminders::ReminderError::Unreadable)?;
            Ok(all
                .into_iter()
                .filter(|h| h.status.is_open())
                .filter_map(|h| {
                    let due: NaiveDate = h.due.as_deref()?.parse().ok()?;
                    let zone: Tz = h.zone.parse().ok()?;
                    let at = wall_time::on(zone, due, morning);
                    (at >= from && at <= to).then(|| Occasion {
                        key: format!("{}:{due}", h.id),
                        at,
                        source: String::new(),
                        // Open starts the exercise asked for, when there is one.
                        screen: h
                            .exercise
                            .as_ref()
                            .map_or_else(|| "practice".into(), |e| format!("practice/{e}")),
                    })
                })
                .collect())
        })
    }
}
