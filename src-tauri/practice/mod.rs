//! Skill practice: the exercises members do between sessions and the record
//! of each time they practised. For now the capability is its seam only —
//! the type of a practice log, its backup section and its command — so the
//! library, the guided player and the stored logs arrive in one place.

use crate::error::ErrorCode;
use crate::store::{Database, StoreError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The tables practice keeps; its backup section carries them.
pub const TABLES: &[&str] = &[];

#[derive(Debug, thiserror::Error)]
pub enum PracticeError {
    /// A backup holding practice logs was made by a newer Alongside.
    #[error("this version cannot keep practice logs yet")]
    NotKeptYet,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl PracticeError {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::NotKeptYet => ErrorCode::BackupNewerVersion,
            Self::Store(e) => e.code(),
        }
    }
}

pub type Result<T> = std::result::Result<T, PracticeError>;

/// One time the member practised an exercise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PracticeLog {
    pub id: String,
    pub exercise: String,
    pub started_at: String,
}

pub struct Practice<'a> {
    #[allow(dead_code)] // read by the logs table when it arrives
    db: &'a Database,
}

impl<'a> Practice<'a> {
    pub fn new(db: &'a Database) -> Self {
        Self { db }
    }

    /// Every practice log, oldest first.
    pub async fn logs(&self) -> Result<Vec<PracticeLog>> {
        Ok(Vec::new())
    }

    pub async fn is_empty(&self) -> Result<bool> {
        Ok(self.logs().await?.is_empty())
    }

    /// Writes restored logs; refuses any until they can be kept.
    pub async fn restore_all(&self, logs: &[PracticeLog]) -> Result<usize> {
        if logs.is_empty() {
            Ok(0)
        } else {
            Err(PracticeError::NotKeptYet)
        }
    }
}
