//! The sync ledger: every request Alongside makes to the clinic, shown to
//! the member on the Sessions screen. It says what was asked, where, when
//! and how it went. What each kind of request carries is fixed by its
//! action (the UI words it); no token, code or verifier is ever stored.

use super::{ClinicError, Result};
use crate::journal::stamp;
use crate::store::Database;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use std::future::Future;
use ts_rs::TS;
use url::Url;

/// The newest rows kept; older ones are dropped as new ones arrive.
const KEEP: i64 = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum LedgerAction {
    /// Asking the clinic how to sign in (sends nothing about the member).
    Discover,
    /// The clinic's sign-in page, opened in the member's browser.
    OpenSignInPage,
    /// Trading the one-time sign-in code for access.
    SignIn,
    /// Renewing access with the saved sign-in.
    RenewSignIn,
    /// Reading the member's sessions (their clinic record id is in the address).
    ReadSessions,
}

impl LedgerAction {
    fn as_str(self) -> &'static str {
        match self {
            Self::Discover => "discover",
            Self::OpenSignInPage => "openSignInPage",
            Self::SignIn => "signIn",
            Self::RenewSignIn => "renewSignIn",
            Self::ReadSessions => "readSessions",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [
            Self::Discover,
            Self::OpenSignInPage,
            Self::SignIn,
            Self::RenewSignIn,
            Self::ReadSessions,
        ]
        .into_iter()
        .find(|a| a.as_str() == text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LedgerEntry {
    pub at: String,
    pub action: LedgerAction,
    pub method: String,
    pub url: String,
    /// An error code when the request failed.
    pub outcome: Option<String>,
}

#[derive(Clone, Copy)]
pub struct Ledger<'a> {
    db: &'a Database,
}

impl<'a> Ledger<'a> {
    pub fn new(db: &'a Database) -> Self {
        Self { db }
    }

    /// Runs `request` and writes it to the ledger with how it went.
    pub async fn around<T>(
        self,
        action: LedgerAction,
        method: &str,
        url: &Url,
        request: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        let result = request.await;
        let outcome = result.as_ref().err().map(ClinicError::code);
        self.record(action, method, url, outcome).await?;
        result
    }

    pub async fn record(
        self,
        action: LedgerAction,
        method: &str,
        url: &Url,
        outcome: Option<&str>,
    ) -> Result<()> {
        let mut tx = self.db.pool().begin().await?;
        sqlx::query(
            "INSERT INTO clinic_ledger (at, action, method, url, outcome) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(stamp(Utc::now()))
        .bind(action.as_str())
        .bind(method)
        .bind(url.as_str())
        .bind(outcome)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM clinic_ledger WHERE id <= (SELECT max(id) FROM clinic_ledger) - ?",
        )
        .bind(KEEP)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The newest `limit` rows, newest first.
    pub async fn recent(self, limit: u32) -> Result<Vec<LedgerEntry>> {
        let rows = sqlx::query(
            "SELECT at, action, method, url, outcome FROM clinic_ledger ORDER BY id DESC LIMIT ?",
        )
        .bind(limit)
        .fetch_all(self.db.pool())
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                Some(LedgerEntry {
                    at: row.get("at"),
                    action: LedgerAction::parse(row.get::<&str, _>("action"))?,
                    method: row.get("method"),
                    url: row.get("url"),
                    outcome: row.get("outcome"),
                })
            })
            .collect())
    }
}
