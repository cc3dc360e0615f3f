//! What the practice backup section holds, and putting it back.

use super::{Homework, Practice, PracticeLog, PracticePreferences, Result, Worksheet};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PracticeBackup {
    pub logs: Vec<PracticeLog>,
    pub worksheets: Vec<Worksheet>,
    pub favourites: Vec<String>,
    pub homework: Vec<Homework>,
    pub preferences: Option<PracticePreferences>,
}

impl Practice<'_> {
    pub async fn kept(&self) -> Result<PracticeBackup> {
        let saved: i64 = sqlx::query_scalar("SELECT count(*) FROM practice_preferences")
            .fetch_one(self.db.pool())
            .await?;
        Ok(PracticeBackup {
            logs: self.logs(None).await?,
            worksheets: self.worksheets(None).await?,
            favourites: self.favourites().await?,
            homework: self.homework().await?,
            preferences: if saved > 0 {
                Some(self.preferences().await?)
            } else {
                None
            },
        })
    }

    pub async fn is_empty(&self) -> Result<bool> {
        Ok(self.kept().await? == PracticeBackup::default())
    }

    /// Writes a backup's practice into an empty set; the count is of logs,
    /// worksheets and homework.
    pub async fn restore(&self, kept: &PracticeBackup, now: DateTime<Utc>) -> Result<usize> {
        for worksheet in &kept.worksheets {
            self.insert_worksheet(worksheet).await?;
        }
        for log in &kept.logs {
            self.insert_log(log).await?;
        }
        for homework in &kept.homework {
            self.insert_homework(homework).await?;
        }
        for exercise in &kept.favourites {
            self.set_favourite(exercise, true, now).await?;
        }
        if let Some(preferences) = &kept.preferences {
            self.set_preferences(preferences).await?;
        }
        Ok(kept.logs.len() + kept.worksheets.len() + kept.homework.len())
    }
}
