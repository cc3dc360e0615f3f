//! What the member tells the clinic, stored in the vault before it is sent:
//! replies to sessions, orientation agreements, homework done and the
//! self-checks they chose to share. `send.rs` drains it before each pull.
//!
//! An item is sent once: a create carries the item's id as its identifier
//! (`If-None-Exist`), so a send whose answer was lost is matched, not
//! repeated. What the clinic refuses stays, with its reason, until the
//! member tries again or withdraws it; nothing they said is dropped quietly.
//!
//! "Sent" means the clinic got exactly that value: an item is changed in
//! place only while no send of it has been tried; after that, a change is a
//! new item that follows it. A deletion is honoured whatever was tried: the
//! item is withdrawn, and the member told when the clinic may already hold it.

use super::state::ClinicState;
use super::{ClinicError, Result};
use crate::clock::stamp;
use crate::safety::Instrument;
use crate::store::Database;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};
use std::collections::{BTreeMap, HashSet};
use ts_rs::TS;

/// The identifier system for the outbox's ids at the clinic.
pub const OUTBOX_SYSTEM: &str = "urn:alongside:outbox";
/// The longest refusal reason kept from the clinic.
const MAX_REASON_CHARS: usize = 300;
/// The longest note to the facilitators with "I can't make it" (the UI's
/// field stops here too, so what the member sees is what is sent).
pub const MAX_NOTE_CHARS: usize = 500;

/// A reply to a session, in FHIR's participation words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Reply {
    /// "I'll be there."
    Accepted,
    /// "I can't make it."
    Declined,
}

impl Reply {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Declined => "declined",
        }
    }
}

/// The note as it will be sent: trimmed, none when blank, at most
/// `MAX_NOTE_CHARS` characters.
fn note_to_send(note: Option<&str>) -> Option<String> {
    let note = note?.trim();
    (!note.is_empty()).then(|| note.chars().take(MAX_NOTE_CHARS).collect())
}

/// Exactly what an item sends; the ledger lists these fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Payload {
    Rsvp {
        appointment: String,
        answer: Reply,
        /// A short note to the facilitators with "I can't make it", sent as
        /// the AppointmentResponse's `comment`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        note: Option<String>,
    },
    Agreement {
        /// The Questionnaire's id at the clinic, its canonical URL and the
        /// item that records agreement.
        questionnaire: String,
        canonical: String,
        item: String,
    },
    Homework {
        task: String,
        done: bool,
    },
    SelfCheck {
        check: String,
        instrument: Instrument,
        answers: Vec<u8>,
        difficulty: Option<u8>,
        total: u8,
        /// RFC 3339, UTC.
        taken: String,
    },
}

impl Payload {
    fn kind(&self) -> &'static str {
        match self {
            Self::Rsvp { .. } => "rsvp",
            Self::Agreement { .. } => "agreement",
            Self::Homework { .. } => "homework",
            Self::SelfCheck { .. } => "selfCheck",
        }
    }

    fn subject(&self) -> &str {
        match self {
            Self::Rsvp { appointment, .. } => appointment,
            Self::Agreement { questionnaire, .. } => questionnaire,
            Self::Homework { task, .. } => task,
            Self::SelfCheck { check, .. } => check,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum OutboxState {
    Waiting,
    Sent,
    Refused,
    Withdrawn,
}

impl OutboxState {
    fn as_str(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::Sent => "sent",
            Self::Refused => "refused",
            Self::Withdrawn => "withdrawn",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [Self::Waiting, Self::Sent, Self::Refused, Self::Withdrawn]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutboxItem {
    pub id: String,
    pub payload: Payload,
    pub state: OutboxState,
    /// Sends tried; after one, the clinic may hold it even if no answer came.
    pub tries: u32,
    /// The clinic's words when it refused.
    pub reason: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
}

#[derive(Clone, Copy)]
pub struct Outbox<'a> {
    db: &'a Database,
}

macro_rules! columns {
    () => {
        "id, payload, state, tries, reason, created_at, sent_at"
    };
}

impl<'a> Outbox<'a> {
    pub fn new(db: &'a Database) -> Self {
        Self { db }
    }

    /// The member's reply to a session, until it starts. A reply not yet
    /// tried is changed in place; otherwise a new one follows it (the
    /// clinic reads the newest). A note goes with "I can't make it" only:
    /// saying yes after all leaves the earlier note behind.
    pub async fn reply(
        &self,
        appointment: &str,
        answer: Reply,
        note: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<OutboxItem> {
        if !ClinicState::new(self.db).abilities().await?.rsvp {
            return Err(ClinicError::NotGranted);
        }
        let session: Option<(String, String)> =
            sqlx::query_as("SELECT starts_at, status FROM sessions WHERE id = ?")
                .bind(appointment)
                .fetch_optional(self.db.pool())
                .await?;
        let Some((starts_at, status)) = session else {
            return Err(ClinicError::NoSuchItem);
        };
        if status == "cancelled" || starts_at <= stamp(now) {
            return Err(ClinicError::ReplyClosed);
        }
        let payload = Payload::Rsvp {
            appointment: appointment.to_owned(),
            answer,
            note: match answer {
                Reply::Declined => note_to_send(note),
                Reply::Accepted => None,
            },
        };
        let mut conn = self.db.pool().acquire().await?;
        put_on(&mut conn, payload, now).await
    }

    /// What the sign-in lets the member send.
    pub async fn abilities(&self) -> Result<super::Abilities> {
        ClinicState::new(self.db).abilities().await
    }

    /// Agreeing to the orientation of a group the member is in.
    pub async fn agree_to_orientation(
        &self,
        group: &str,
        now: DateTime<Utc>,
    ) -> Result<OutboxItem> {
        let payload = super::programme::agreement_for(self.db, group)
            .await?
            .ok_or(ClinicError::NoSuchItem)?;
        self.agree(payload, now).await
    }

    /// The newest agreement item per Questionnaire, by its state.
    pub async fn agreements(&self) -> Result<BTreeMap<String, OutboxState>> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT subject, state FROM clinic_outbox WHERE kind = 'agreement'
             ORDER BY created_at, rowid",
        )
        .fetch_all(self.db.pool())
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(subject, state)| Some((subject, OutboxState::parse(&state)?)))
            .collect())
    }

    /// Agreeing to a group's orientation (once; agreement is not taken back here).
    async fn agree(&self, payload: Payload, now: DateTime<Utc>) -> Result<OutboxItem> {
        if !ClinicState::new(self.db).abilities().await?.agree {
            return Err(ClinicError::NotGranted);
        }
        if let Some(held) = self.latest(&payload).await? {
            if held.state != OutboxState::Withdrawn {
                return Ok(held);
            }
        }
        self.insert(&payload, now).await
    }

    async fn insert(&self, payload: &Payload, now: DateTime<Utc>) -> Result<OutboxItem> {
        let mut conn = self.db.pool().acquire().await?;
        insert_on(&mut conn, payload, now).await
    }

    async fn latest(&self, payload: &Payload) -> Result<Option<OutboxItem>> {
        let mut conn = self.db.pool().acquire().await?;
        latest_on(&mut conn, payload).await
    }

    pub async fn one(&self, id: &str) -> Result<OutboxItem> {
        let mut conn = self.db.pool().acquire().await?;
        one_on(&mut conn, id).await
    }

    /// Waiting and refused items first, then the newest 200 others.
    pub async fn items(&self) -> Result<Vec<OutboxItem>> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM clinic_outbox
             ORDER BY state NOT IN ('waiting', 'refused'), created_at DESC, rowid DESC
             LIMIT 200 + (SELECT count(*) FROM clinic_outbox WHERE state IN ('waiting', 'refused'))"
        ))
        .fetch_all(self.db.pool())
        .await?;
        rows.iter().map(item_of).collect()
    }

    /// What is to be sent, oldest first (so the newest reply lands last).
    pub async fn waiting(&self) -> Result<Vec<OutboxItem>> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM clinic_outbox WHERE state = 'waiting'
             ORDER BY created_at, rowid"
        ))
        .fetch_all(self.db.pool())
        .await?;
        rows.iter().map(item_of).collect()
    }

    pub async fn has_waiting(&self) -> Result<bool> {
        Ok(sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM clinic_outbox WHERE state = 'waiting')",
        )
        .fetch_one(self.db.pool())
        .await?)
    }

    pub async fn count_waiting(&self) -> Result<u32> {
        Ok(sqlx::query_scalar(
            "SELECT count(*) FROM clinic_outbox WHERE state IN ('waiting', 'refused')",
        )
        .fetch_one(self.db.pool())
        .await?)
    }

    /// The Tasks whose state the member changed and the clinic has not heard yet.
    pub async fn homework_held(&self) -> Result<HashSet<String>> {
        let held: Vec<String> = sqlx::query_scalar(
            "SELECT subject FROM clinic_outbox WHERE kind = 'homework' AND state = 'waiting'",
        )
        .fetch_all(self.db.pool())
        .await?;
        Ok(held.into_iter().collect())
    }

    /// A refused item goes out again with the next sync.
    pub async fn retry(&self, id: &str) -> Result<OutboxItem> {
        self.move_state(id, "refused", OutboxState::Waiting).await
    }

    /// The member takes back an item that is waiting or was refused.
    pub async fn withdraw(&self, id: &str) -> Result<OutboxItem> {
        let item = self.one(id).await?;
        let from = match item.state {
            OutboxState::Waiting | OutboxState::Refused => item.state.as_str(),
            _ => return Err(ClinicError::NoSuchItem),
        };
        self.move_state(id, from, OutboxState::Withdrawn).await
    }

    async fn move_state(&self, id: &str, from: &str, to: OutboxState) -> Result<OutboxItem> {
        let moved = sqlx::query(
            "UPDATE clinic_outbox SET state = ?, reason = NULL WHERE id = ? AND state = ?",
        )
        .bind(to.as_str())
        .bind(id)
        .bind(from)
        .execute(self.db.pool())
        .await?;
        if moved.rows_affected() == 0 {
            return Err(ClinicError::NoSuchItem);
        }
        self.one(id).await
    }

    /// Disconnecting with "delete what is kept of the clinic".
    pub async fn clear(&self) -> Result<()> {
        sqlx::query("DELETE FROM clinic_outbox")
            .execute(self.db.pool())
            .await?;
        Ok(())
    }

    /// Signing in to another record: what waited was for the one before.
    pub async fn withdraw_waiting(&self) -> Result<()> {
        sqlx::query(
            "UPDATE clinic_outbox SET state = 'withdrawn' WHERE state IN ('waiting', 'refused')",
        )
        .execute(self.db.pool())
        .await?;
        Ok(())
    }

    /// Counted before the request goes out, so a crash mid-send leaves the
    /// item marked as possibly at the clinic; and read again in the same
    /// write, so what goes is what is held now. `None`: no longer waiting
    /// (withdrawn, or deleted by the member) — it is not sent.
    pub(super) async fn tried(&self, id: &str) -> Result<Option<Payload>> {
        let payload: Option<String> = sqlx::query_scalar(
            "UPDATE clinic_outbox SET tries = tries + 1 WHERE id = ? AND state = 'waiting'
             RETURNING payload",
        )
        .bind(id)
        .fetch_optional(self.db.pool())
        .await?;
        payload
            .map(|p| serde_json::from_str(&p).map_err(|_| ClinicError::Malformed))
            .transpose()
    }

    pub(super) async fn sent(&self, id: &str, server_id: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query(
            "UPDATE clinic_outbox SET state = 'sent', sent_at = ?, server_id = ?, reason = NULL
             WHERE id = ? AND state = 'waiting'",
        )
        .bind(stamp(now))
        .bind(server_id)
        .bind(id)
        .execute(self.db.pool())
        .await?;
        Ok(())
    }

    pub(super) async fn refused(&self, id: &str, reason: Option<&str>) -> Result<()> {
        let reason = reason.map(|r| {
            r.chars()
                .filter(|c| !c.is_control())
                .take(MAX_REASON_CHARS)
                .collect::<String>()
        });
        sqlx::query("UPDATE clinic_outbox SET state = 'refused', reason = ? WHERE id = ? AND state = 'waiting'")
            .bind(reason)
            .bind(id)
            .execute(self.db.pool())
            .await?;
        Ok(())
    }

    /// Every item, for a backup.
    pub async fn all(&self) -> Result<Vec<KeptItem>> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            ", server_id FROM clinic_outbox ORDER BY created_at, rowid"
        ))
        .fetch_all(self.db.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(KeptItem {
                    item: item_of(row)?,
                    server_id: row.try_get("server_id")?,
                })
            })
            .collect()
    }

    /// Puts an item back from a backup.
    pub async fn restore(&self, kept: &KeptItem) -> Result<()> {
        let item = &kept.item;
        sqlx::query(
            "INSERT INTO clinic_outbox
                 (id, kind, subject, payload, state, tries, reason, created_at, sent_at, server_id)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&item.id)
        .bind(item.payload.kind())
        .bind(item.payload.subject())
        .bind(encode(&item.payload)?)
        .bind(item.state.as_str())
        .bind(item.tries)
        .bind(&item.reason)
        .bind(&item.created_at)
        .bind(&item.sent_at)
        .bind(&kept.server_id)
        .execute(self.db.pool())
        .await?;
        Ok(())
    }
}

/// An item as a backup keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeptItem {
    #[serde(flatten)]
    pub item: OutboxItem,
    pub server_id: Option<String>,
}

/// Changes the newest item about the same thing while no send of it has
/// been tried; otherwise (or when a send is tried meanwhile) adds one.
pub(super) async fn put_on(
    conn: &mut SqliteConnection,
    payload: Payload,
    now: DateTime<Utc>,
) -> Result<OutboxItem> {
    if let Some(held) = latest_on(conn, &payload).await? {
        if held.payload == payload && held.state != OutboxState::Withdrawn {
            return Ok(held);
        }
        if held.state == OutboxState::Waiting && held.tries == 0 {
            // The drain counts a try in one write too, so one of the two wins.
            let changed = sqlx::query(
                "UPDATE clinic_outbox SET payload = ?
                 WHERE id = ? AND state = 'waiting' AND tries = 0",
            )
            .bind(encode(&payload)?)
            .bind(&held.id)
            .execute(&mut *conn)
            .await?;
            if changed.rows_affected() == 1 {
                return one_on(conn, &held.id).await;
            }
        }
    }
    insert_on(conn, &payload, now).await
}

pub(super) async fn insert_on(
    conn: &mut SqliteConnection,
    payload: &Payload,
    now: DateTime<Utc>,
) -> Result<OutboxItem> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO clinic_outbox (id, kind, subject, payload, state, created_at)
         VALUES (?, ?, ?, ?, 'waiting', ?)",
    )
    .bind(&id)
    .bind(payload.kind())
    .bind(payload.subject())
    .bind(encode(payload)?)
    .bind(stamp(now))
    .execute(&mut *conn)
    .await?;
    one_on(conn, &id).await
}

/// The newest item about the same thing as `payload`.
async fn latest_on(conn: &mut SqliteConnection, payload: &Payload) -> Result<Option<OutboxItem>> {
    let row = sqlx::query(concat!(
        "SELECT ",
        columns!(),
        " FROM clinic_outbox WHERE kind = ? AND subject = ?
         ORDER BY created_at DESC, rowid DESC LIMIT 1"
    ))
    .bind(payload.kind())
    .bind(payload.subject())
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(item_of).transpose()
}

async fn one_on(conn: &mut SqliteConnection, id: &str) -> Result<OutboxItem> {
    let row = sqlx::query(concat!(
        "SELECT ",
        columns!(),
        " FROM clinic_outbox WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(ClinicError::NoSuchItem)?;
    item_of(&row)
}

/// A deleted self-check's items are withdrawn, whatever was tried; returns
/// whether the clinic may already hold it (sent, or a send tried whose
/// answer never came).
pub(super) async fn withdraw_deleted_check(
    conn: &mut SqliteConnection,
    check: &str,
) -> Result<bool> {
    let maybe_held: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM clinic_outbox WHERE kind = 'selfCheck' AND subject = ?
             AND (state = 'sent' OR (state = 'waiting' AND tries > 0)))",
    )
    .bind(check)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE clinic_outbox SET state = 'withdrawn', withdrawn_by_delete = 1
         WHERE kind = 'selfCheck' AND subject = ? AND state IN ('waiting', 'refused')",
    )
    .bind(check)
    .execute(&mut *conn)
    .await?;
    Ok(maybe_held)
}

/// Undoes a deletion's withdrawal: the item waits again.
pub(super) async fn unwithdraw_deleted_check(
    conn: &mut SqliteConnection,
    check: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE clinic_outbox SET state = 'waiting', withdrawn_by_delete = 0
         WHERE kind = 'selfCheck' AND subject = ? AND withdrawn_by_delete = 1",
    )
    .bind(check)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

fn encode(payload: &Payload) -> Result<String> {
    serde_json::to_string(payload).map_err(|_| ClinicError::Malformed)
}

fn item_of(row: &sqlx::sqlite::SqliteRow) -> Result<OutboxItem> {
    let payload: String = row.try_get("payload")?;
    let state: String = row.try_get("state")?;
    Ok(OutboxItem {
        id: row.try_get("id")?,
        payload: serde_json::from_str(&payload).map_err(|_| ClinicError::Malformed)?,
        state: OutboxState::parse(&state).ok_or(ClinicError::Malformed)?,
        tries: row.try_get("tries")?,
        reason: row.try_get("reason")?,
        created_at: row.try_get("created_at")?,
        sent_at: row.try_get("sent_at")?,
    })
}
