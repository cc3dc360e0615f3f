//! The member's safety plan (Stanley & Brown's Safety Planning
//! Intervention): six steps and their reasons for living, each a list they
//! write, reorder and prune. One JSON document, saved whole on every change,
//! so an edit is never half kept.

use super::{Result, Safety, SafetyError};
use crate::clock::stamp;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

const MAX_ITEMS: usize = 50;
const MAX_TEXT: usize = 500;
const MAX_PHONE: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanItem {
    pub id: String,
    pub text: String,
    /// For people and services: a number to call from the plan.
    #[serde(default)]
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SafetyPlan {
    pub warning_signs: Vec<PlanItem>,
    pub coping: Vec<PlanItem>,
    pub distractions: Vec<PlanItem>,
    pub helpers: Vec<PlanItem>,
    pub professionals: Vec<PlanItem>,
    pub environment: Vec<PlanItem>,
    pub reasons: Vec<PlanItem>,
    /// When it was last saved; `None` for a plan never written.
    pub updated_at: Option<String>,
}

impl SafetyPlan {
    pub fn lists(&self) -> [&Vec<PlanItem>; 7] {
        [
            &self.warning_signs,
            &self.coping,
            &self.distractions,
            &self.helpers,
            &self.professionals,
            &self.environment,
            &self.reasons,
        ]
    }

    pub fn is_empty(&self) -> bool {
        self.lists().iter().all(|l| l.is_empty())
    }

    fn check(&self) -> Result<()> {
        for list in self.lists() {
            if list.len() > MAX_ITEMS {
                return Err(SafetyError::InvalidPlan);
            }
            for item in list {
                let phone_ok = item.phone.as_deref().is_none_or(|p| {
                    p.chars().count() <= MAX_PHONE
                        && p.chars()
                            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
                });
                if item.id.is_empty() || item.text.chars().count() > MAX_TEXT || !phone_ok {
                    return Err(SafetyError::InvalidPlan);
                }
            }
        }
        Ok(())
    }
}

impl Safety<'_> {
    pub async fn plan(&self) -> Result<SafetyPlan> {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT body, updated_at FROM safety_plan WHERE id = 1")
                .fetch_optional(self.db.pool())
                .await?;
        match row {
            None => Ok(SafetyPlan::default()),
            Some((body, updated_at)) => {
                let mut plan: SafetyPlan = serde_json::from_str(&body).map_err(super::bad_row)?;
                plan.updated_at = Some(updated_at);
                Ok(plan)
            }
        }
    }

    /// Keeps the plan as given (blank items are the member's to remove) and
    /// returns it as stored.
    pub async fn save_plan(&self, plan: &SafetyPlan, now: DateTime<Utc>) -> Result<SafetyPlan> {
        plan.check()?;
        let mut saved = plan.clone();
        saved.updated_at = None;
        let body = serde_json::to_string(&saved).map_err(super::bad_row)?;
        let at = stamp(now);
        sqlx::query(
            "INSERT INTO safety_plan (id, body, updated_at) VALUES (1, ?, ?)
             ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
        )
        .bind(body)
        .bind(&at)
        .execute(self.db.pool())
        .await?;
        saved.updated_at = Some(at);
        Ok(saved)
    }
}
