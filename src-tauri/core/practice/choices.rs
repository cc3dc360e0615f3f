//! Favourite exercises and the weekly goal.

use super::{known, Practice, PracticeError, Result};
use crate::clock::stamp;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const MAX_GOAL: u8 = 14;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct PracticePreferences {
    /// Practices a week; a week that reaches it adds to the streak.
    pub weekly_goal: u8,
}

impl Default for PracticePreferences {
    fn default() -> Self {
        Self { weekly_goal: 3 }
    }
}

impl Practice<'_> {
    /// Favourites, in the order they were added.
    pub async fn favourites(&self) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT exercise FROM practice_favourites ORDER BY added_at, exercise",
        )
        .fetch_all(self.db.pool())
        .await?)
    }

    pub async fn set_favourite(
        &self,
        exercise: &str,
        on: bool,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>> {
        known(exercise)?;
        if on {
            sqlx::query(
                "INSERT INTO practice_favourites (exercise, added_at) VALUES (?, ?)
                 ON CONFLICT (exercise) DO NOTHING",
            )
            .bind(exercise)
            .bind(stamp(now))
            .execute(self.db.pool())
            .await?;
        } else {
            sqlx::query("DELETE FROM practice_favourites WHERE exercise = ?")
                .bind(exercise)
                .execute(self.db.pool())
                .await?;
        }
        self.favourites().await
    }

    pub async fn preferences(&self) -> Result<PracticePreferences> {
        let value: Option<String> =
            sqlx::query_scalar("SELECT value FROM practice_preferences WHERE id = 1")
                .fetch_optional(self.db.pool())
                .await?;
        match value {
            Some(v) => serde_json::from_str(&v).map_err(super::bad_row),
            None => Ok(PracticePreferences::default()),
        }
    }

    pub async fn set_preferences(
        &self,
        preferences: &PracticePreferences,
    ) -> Result<PracticePreferences> {
        if !(1..=MAX_GOAL).contains(&preferences.weekly_goal) {
            return Err(PracticeError::InvalidGoal);
        }
        sqlx::query(
            "INSERT INTO practice_preferences (id, value) VALUES (1, ?)
             ON CONFLICT (id) DO UPDATE SET value = excluded.value",
        )
        .bind(serde_json::to_string(preferences).map_err(super::bad_row)?)
        .execute(self.db.pool())
        .await?;
        Ok(preferences.clone())
    }
}
