//! Small encrypted key/value facts (when the vault was made, which
//! recovery code generation is current, …).

use super::{Database, Result};
use chrono::{DateTime, Utc};

pub struct Meta<'a> {
    db: &'a Database,
}

impl<'a> Meta<'a> {
    pub fn new(db: &'a Database) -> Self {
        Self { db }
    }

    pub async fn get(&self, key: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT value FROM meta WHERE key = ?")
            .bind(key)
            .fetch_optional(self.db.pool())
            .await?)
    }

    /// `at` is when the fact changed, from the app's clock.
    pub async fn set(&self, key: &str, value: &str, at: DateTime<Utc>) -> Result<()> {
        sqlx::query(
            "INSERT INTO meta (key, value, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(key)
        .bind(value)
        .bind(crate::clock::stamp(at))
        .execute(self.db.pool())
        .await?;
        Ok(())
    }

    pub async fn remove(&self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM meta WHERE key = ?")
            .bind(key)
            .execute(self.db.pool())
            .await?;
        Ok(())
    }

    /// Removes every key that starts with `prefix` (a capability's own, say
    /// `clinic.`), so one it adds later cannot be forgotten by a delete.
    pub async fn remove_all_under(&self, prefix: &str) -> Result<()> {
        sqlx::query("DELETE FROM meta WHERE substr(key, 1, length(?)) = ?")
            .bind(prefix)
            .bind(prefix)
            .execute(self.db.pool())
            .await?;
        Ok(())
    }
}
