//! What the safety backup section holds, and putting it back.

use super::{Result, Safety, SafetyPlan, SafetyPreferences, SelfCheck};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SafetyBackup {
    pub plan: Option<SafetyPlan>,
    pub checks: Vec<SelfCheck>,
    pub preferences: Option<SafetyPreferences>,
}

impl Safety<'_> {
    pub async fn kept(&self) -> Result<SafetyBackup> {
        let plan = self.plan().await?;
        Ok(SafetyBackup {
            plan: plan.updated_at.is_some().then_some(plan),
            checks: self.checks().await?,
            preferences: if self.has_preferences().await? {
                Some(self.preferences().await?)
            } else {
                None
            },
        })
    }

    pub async fn is_empty(&self) -> Result<bool> {
        Ok(self.kept().await? == SafetyBackup::default())
    }

    /// Writes a backup's safety data into an empty set; the count is of
    /// plan items and results. A restored vault keeps no locked copy until
    /// the member turns it on again on this computer (its key is this
    /// desktop's).
    pub async fn restore(&self, kept: &SafetyBackup, now: DateTime<Utc>) -> Result<usize> {
        let mut count = kept.checks.len();
        if let Some(plan) = &kept.plan {
            self.save_plan(plan, now).await?;
            count += plan.lists().iter().map(|l| l.len()).sum::<usize>();
        }
        for check in &kept.checks {
            self.insert_check(check).await?;
        }
        if let Some(preferences) = &kept.preferences {
            let here = SafetyPreferences {
                plan_readable_locked: false,
                ..preferences.clone()
            };
            self.set_preferences(&here).await?;
        }
        Ok(count)
    }
}
