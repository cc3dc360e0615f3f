//! Skill practice: the exercises members do between sessions (`library`),
//! each time they practised (`log`), the answers of written exercises
//! (`worksheet`), favourites and the weekly goal (`choices`), the streak and
//! charts (`progress`), and homework (`homework`), all in the encrypted
//! database. No Tauri here; the player itself runs in the UI.

pub mod backup_section;
pub mod choices;
pub mod homework;
pub mod library;
pub mod log;
pub mod weeks;
pub mod worksheet;

pub use backup_section::PracticeBackup;
pub use choices::PracticePreferences;
pub use homework::{ClinicTask, Homework, HomeworkDraft, HomeworkSource, TaskStatus};
pub use log::{LogDraft, PracticeLog};
pub use weeks::{DistressChange, PracticeProgress, WeekCount};
pub use worksheet::{Answer, Worksheet, WorksheetDraft};

use crate::error::ErrorCode;
use crate::store::{Database, StoreError};

/// The tables practice keeps; its backup section carries them.
pub const TABLES: &[&str] = &[
    "practice_logs",
    "practice_worksheets",
    "practice_favourites",
    "practice_preferences",
    "homework",
];

#[derive(Debug, thiserror::Error)]
pub enum PracticeError {
    #[error("there is no exercise with that id")]
    UnknownExercise,
    #[error("distress is rated from 0 to 10")]
    InvalidDistress,
    #[error("the weekly goal is from 1 to 14 practices")]
    InvalidGoal,
    #[error("an answer does not fit its exercise")]
    InvalidAnswer,
    #[error("homework needs an exercise or a description, and a due date within two years")]
    InvalidHomework,
    #[error("not found")]
    NotFound,
    #[error("a stored practice row cannot be read")]
    Unreadable,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for PracticeError {
    fn from(e: sqlx::Error) -> Self {
        Self::Store(e.into())
    }
}

impl crate::error::Coded for PracticeError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::UnknownExercise => ErrorCode::ExerciseUnknown,
            Self::InvalidDistress => ErrorCode::DistressInvalid,
            Self::InvalidGoal => ErrorCode::GoalInvalid,
            Self::InvalidAnswer => ErrorCode::AnswerInvalid,
            Self::InvalidHomework => ErrorCode::HomeworkInvalid,
            Self::NotFound => ErrorCode::NotFound,
            Self::Unreadable => ErrorCode::Database,
            Self::Store(e) => e.code(),
        }
    }
}

pub type Result<T> = std::result::Result<T, PracticeError>;

/// Practice over the open vault.
pub struct Practice<'a> {
    db: &'a Database,
}

impl<'a> Practice<'a> {
    pub fn new(db: &'a Database) -> Self {
        Self { db }
    }
}

fn known(exercise: &str) -> Result<&'static library::Exercise> {
    library::find(exercise).ok_or(PracticeError::UnknownExercise)
}

fn bad_row<E>(_: E) -> PracticeError {
    PracticeError::Unreadable
}

fn valid_distress(value: Option<u8>) -> Result<Option<u8>> {
    match value {
        Some(v) if v > 10 => Err(PracticeError::InvalidDistress),
        v => Ok(v),
    }
}

/// Everything the Practice screen and Today show at once.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PracticeOverview {
    pub favourites: Vec<String>,
    pub preferences: PracticePreferences,
    pub homework: Vec<Homework>,
    pub progress: PracticeProgress,
}

impl Practice<'_> {
    pub async fn overview(
        &self,
        now: chrono::DateTime<chrono::Utc>,
        zone: chrono_tz::Tz,
    ) -> Result<PracticeOverview> {
        Ok(PracticeOverview {
            favourites: self.favourites().await?,
            preferences: self.preferences().await?,
            homework: self.homework().await?,
            progress: self.progress(now, zone).await?,
        })
    }
}
