//! Safety: crisis help, the member's safety plan, and the PHQ-9 / GAD-7
//! self-checks. The crisis lines and the questionnaires' wording are static
//! data in the UI, so help renders with no backend call, offline and while
//! the vault is locked. Here: which contact links may be handed to the
//! system (`contact_link`), the plan (`plan`) and its opt-in locked copy
//! (`plan_copy`), scoring (`questionnaire`), results and their reminder
//! (`checks`), the plan's page written out (`export`), and the backup
//! section (`kept`). No Tauri here.

pub mod backup_section;
pub mod checks;
pub mod contact_link;
pub mod plan;
pub mod plan_copy;
pub mod plan_page;
pub mod questionnaire;

pub use backup_section::SafetyBackup;
pub use checks::{SelfCheck, SelfCheckDraft, SelfCheckSource};
pub use contact_link::{ContactLink, ContactLinkError};
pub use plan::{PlanItem, SafetyPlan};
pub use plan_copy::PlanCopy;
pub use questionnaire::{Band, Instrument, Score, ScoreError};

use crate::error::ErrorCode;
use crate::store::{Database, StoreError};
use crate::vault::sealed::SealError;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The tables safety keeps; its backup section carries them.
pub const TABLES: &[&str] = &["safety_plan", "self_checks", "safety_preferences"];

/// How often a self-check is asked for, in days, when it is.
pub const CHECK_EVERY_DAYS: std::ops::RangeInclusive<u16> = 7..=90;

#[derive(Debug, thiserror::Error)]
pub enum SafetyError {
    #[error(
        "the safety plan has an item too long, too many items, or a phone number with letters"
    )]
    InvalidPlan,
    #[error(transparent)]
    Score(#[from] ScoreError),
    #[error("an answer is outside the questionnaire's scale")]
    InvalidAnswers,
    #[error("self-checks are asked for every 7 to 90 days, or not at all")]
    InvalidCadence,
    #[error("the plan's locked copy needs the system keyring")]
    Copy(#[source] SealError),
    #[error("not found")]
    NotFound,
    #[error("a stored safety row cannot be read")]
    Unreadable,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for SafetyError {
    fn from(e: sqlx::Error) -> Self {
        Self::Store(e.into())
    }
}

impl crate::error::Coded for SafetyError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::InvalidPlan => ErrorCode::SafetyPlanInvalid,
            Self::Score(ScoreError::Unanswered) => ErrorCode::CheckUnanswered,
            Self::Score(ScoreError::Invalid) | Self::InvalidAnswers => ErrorCode::CheckInvalid,
            Self::InvalidCadence => ErrorCode::CheckCadenceInvalid,
            Self::Copy(SealError::Keyring(_)) => ErrorCode::KeyringUnavailable,
            Self::Copy(_) => ErrorCode::Io,
            Self::NotFound => ErrorCode::NotFound,
            Self::Unreadable => ErrorCode::Database,
            Self::Store(e) => e.code(),
        }
    }
}

pub type Result<T> = std::result::Result<T, SafetyError>;

fn bad_row<E>(_: E) -> SafetyError {
    SafetyError::Unreadable
}

/// Safety over the open vault.
pub struct Safety<'a> {
    db: &'a Database,
}

impl<'a> Safety<'a> {
    pub fn new(db: &'a Database) -> Self {
        Self { db }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SafetyPreferences {
    /// A sealed copy of the plan is kept for the lock screen.
    pub plan_readable_locked: bool,
    /// Results taken while on are marked for the clinic. Off by default.
    pub share_phq9: bool,
    pub share_gad7: bool,
    /// `None`: no self-check reminders.
    pub check_every_days: Option<u16>,
}

impl Default for SafetyPreferences {
    fn default() -> Self {
        Self {
            plan_readable_locked: false,
            share_phq9: false,
            share_gad7: false,
            check_every_days: Some(14),
        }
    }
}

/// What the Safety screen shows at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SafetyOverview {
    pub plan: SafetyPlan,
    pub preferences: SafetyPreferences,
    pub checks: Vec<SelfCheck>,
}

impl Safety<'_> {
    pub async fn overview(&self) -> Result<SafetyOverview> {
        Ok(SafetyOverview {
            plan: self.plan().await?,
            preferences: self.preferences().await?,
            checks: self.checks().await?,
        })
    }

    pub async fn preferences(&self) -> Result<SafetyPreferences> {
        let value: Option<String> =
            sqlx::query_scalar("SELECT value FROM safety_preferences WHERE id = 1")
                .fetch_optional(self.db.pool())
                .await?;
        match value {
            Some(v) => serde_json::from_str(&v).map_err(bad_row),
            None => Ok(SafetyPreferences::default()),
        }
    }

    pub async fn set_preferences(&self, p: &SafetyPreferences) -> Result<SafetyPreferences> {
        if p.check_every_days
            .is_some_and(|d| !CHECK_EVERY_DAYS.contains(&d))
        {
            return Err(SafetyError::InvalidCadence);
        }
        sqlx::query(
            "INSERT INTO safety_preferences (id, value) VALUES (1, ?)
             ON CONFLICT (id) DO UPDATE SET value = excluded.value",
        )
        .bind(serde_json::to_string(p).map_err(bad_row)?)
        .execute(self.db.pool())
        .await?;
        Ok(p.clone())
    }

    pub async fn has_preferences(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM safety_preferences")
            .fetch_one(self.db.pool())
            .await?;
        Ok(n > 0)
    }
}
