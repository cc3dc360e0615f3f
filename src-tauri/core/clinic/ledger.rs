//! The sync ledger: every request Alongside makes to the clinic, shown to
//! the member on the Sessions screen. It says what was asked, where, when
//! and how it went. What each kind of request carries is fixed by its
//! action (the UI words it); no token, code or verifier is ever stored.
//!
//! A row is written before its request goes out, as `PENDING`, and its
//! outcome filled in when the answer comes: a request cut off by a crash, a
//! lock or a cancelled sign-in still shows, as one with no answer recorded.

use super::outbox::Payload;
use super::Result;
use crate::clock::stamp;
use crate::error::Coded;
use crate::store::Database;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use std::future::Future;
use ts_rs::TS;
use url::Url;

/// The outcome of a row whose answer was never recorded.
pub const PENDING: &str = "pending";

/// How long rows are kept. Long enough to look back over a whole group
/// programme (8 to 12 weekly sessions) at everything that was sent; not
/// forever, since the list itself tells when the app was in use. At one
/// background sync each half hour that is some 9,000 rows.
pub const KEEP_FOR: Duration = Duration::days(90);

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
    /// Reading the clinic's name and phone (the member's record id is in the address).
    ReadClinic,
    /// Reading the homework the clinic set (the member's record id is in the address).
    ReadHomework,
    /// Reading the member's programme: groups, facilitators, orientation.
    ReadProgramme,
    /// Several reads in one request (a FHIR batch); its fields list them.
    ReadAll,
    /// Sending a reply to a session.
    SendReply,
    /// Sending agreement to a group's orientation.
    SendAgreement,
    /// Telling the clinic homework is done (or not yet).
    SendHomework,
    /// Sending a self-check the member chose to share.
    SendSelfCheck,
    /// Looking for something already sent, by the number Alongside gave it
    /// (a server that refuses conditional create).
    FindSent,
}

impl LedgerAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Discover => "discover",
            Self::OpenSignInPage => "openSignInPage",
            Self::SignIn => "signIn",
            Self::RenewSignIn => "renewSignIn",
            Self::ReadSessions => "readSessions",
            Self::ReadClinic => "readClinic",
            Self::ReadHomework => "readHomework",
            Self::ReadProgramme => "readProgramme",
            Self::ReadAll => "readAll",
            Self::SendReply => "sendReply",
            Self::SendAgreement => "sendAgreement",
            Self::SendHomework => "sendHomework",
            Self::SendSelfCheck => "sendSelfCheck",
            Self::FindSent => "findSent",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [
            Self::Discover,
            Self::OpenSignInPage,
            Self::SignIn,
            Self::RenewSignIn,
            Self::ReadSessions,
            Self::ReadClinic,
            Self::ReadHomework,
            Self::ReadProgramme,
            Self::ReadAll,
            Self::SendReply,
            Self::SendAgreement,
            Self::SendHomework,
            Self::SendSelfCheck,
            Self::FindSent,
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
    /// What a send carried, field by field; empty for reads.
    pub fields: Vec<SentField>,
}

/// One field a request sent, as FHIR names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SentField {
    pub name: String,
    pub value: String,
    /// For one search of several sent together: its error code when the
    /// clinic refused it or it failed (the request itself may have worked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub outcome: Option<String>,
}

/// The fields an outbox item sends, for the member to read.
pub fn fields_of(payload: &Payload) -> Vec<SentField> {
    let field = |name: &str, value: String| SentField {
        name: name.to_owned(),
        value,
        outcome: None,
    };
    match payload {
        Payload::Rsvp {
            appointment,
            answer,
            note,
        } => {
            let mut fields = vec![
                field("appointment", format!("Appointment/{appointment}")),
                field("participantStatus", answer.as_str().to_owned()),
            ];
            fields.extend(note.iter().map(|n| field("comment", n.clone())));
            fields
        }
        Payload::Agreement { canonical, .. } => vec![
            field("questionnaire", canonical.clone()),
            field("answer", "true".to_owned()),
        ],
        Payload::Homework { task, done } => vec![
            field("task", format!("Task/{task}")),
            field(
                "status",
                if *done { "completed" } else { "in-progress" }.to_owned(),
            ),
        ],
        Payload::SelfCheck {
            instrument,
            answers,
            total,
            taken,
            ..
        } => vec![
            field("questionnaire", instrument.id().to_owned()),
            field(
                "answers",
                answers
                    .iter()
                    .map(u8::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            field("total", total.to_string()),
            field("authored", taken.clone()),
        ],
    }
}

#[derive(Clone, Copy)]
pub struct Ledger<'a> {
    db: &'a Database,
}

impl<'a> Ledger<'a> {
    pub fn new(db: &'a Database) -> Self {
        Self { db }
    }

    /// Writes the request to the ledger (at `now`), runs it, then records
    /// how it went. Nothing is sent unless the row was written first.
    pub async fn around<T>(
        self,
        action: LedgerAction,
        method: &str,
        url: &Url,
        now: DateTime<Utc>,
        request: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        self.around_with(action, method, url, &[], now, request)
            .await
    }

    /// `around`, for a request that sends `fields`.
    pub async fn around_with<T>(
        self,
        action: LedgerAction,
        method: &str,
        url: &Url,
        fields: &[SentField],
        now: DateTime<Utc>,
        request: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        let id = self.begin(action, method, url, fields, now).await?;
        let result = request.await;
        let outcome = result.as_ref().err().map(|e| e.code().as_str());
        sqlx::query("UPDATE clinic_ledger SET outcome = ? WHERE id = ?")
            .bind(outcome)
            .bind(id)
            .execute(self.db.pool())
            .await?;
        result
    }

    /// `around_with` for several searches sent together, one field each:
    /// when the answer comes, each field is marked with its own outcome, so
    /// the member can see which read the clinic refused.
    pub async fn around_each<T>(
        self,
        action: LedgerAction,
        url: &Url,
        fields: &[SentField],
        now: DateTime<Utc>,
        request: impl Future<Output = Result<Vec<Result<T>>>>,
    ) -> Result<Vec<Result<T>>> {
        let id = self.begin(action, "POST", url, fields, now).await?;
        let result = request.await;
        let outcome = result.as_ref().err().map(|e| e.code().as_str());
        let marked = result.as_ref().ok().and_then(|each| {
            let marked: Vec<SentField> = fields
                .iter()
                .zip(each)
                .map(|(field, one)| SentField {
                    outcome: one.as_ref().err().map(|e| e.code().as_str().to_owned()),
                    ..field.clone()
                })
                .collect();
            serde_json::to_string(&marked).ok()
        });
        sqlx::query(
            "UPDATE clinic_ledger SET outcome = ?, fields = coalesce(?, fields) WHERE id = ?",
        )
        .bind(outcome)
        .bind(marked)
        .bind(id)
        .execute(self.db.pool())
        .await?;
        result
    }

    /// A new `PENDING` row; rows older than `KEEP_FOR` go.
    async fn begin(
        self,
        action: LedgerAction,
        method: &str,
        url: &Url,
        fields: &[SentField],
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let fields = (!fields.is_empty())
            .then(|| serde_json::to_string(fields))
            .transpose()
            .map_err(|_| super::ClinicError::Malformed)?;
        let mut tx = self.db.pool().begin().await?;
        let id = sqlx::query_scalar(
            "INSERT INTO clinic_ledger (at, action, method, url, outcome, fields)
             VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(stamp(now))
        .bind(action.as_str())
        .bind(method)
        .bind(url.as_str())
        .bind(PENDING)
        .bind(fields)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM clinic_ledger WHERE at < ?")
            .bind(stamp(now - KEEP_FOR))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn clear(self) -> Result<()> {
        sqlx::query("DELETE FROM clinic_ledger")
            .execute(self.db.pool())
            .await?;
        Ok(())
    }

    /// The newest `limit` rows, newest first.
    pub async fn recent(self, limit: u32) -> Result<Vec<LedgerEntry>> {
        let rows = sqlx::query(
            "SELECT at, action, method, url, outcome, fields FROM clinic_ledger
             ORDER BY id DESC LIMIT ?",
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
                    fields: row
                        .get::<Option<&str>, _>("fields")
                        .and_then(|f| serde_json::from_str(f).ok())
                        .unwrap_or_default(),
                })
            })
            .collect())
    }
}
