//! A backup is a versioned set of sections, one per capability. Each
//! capability writes and reads its own section in its own module; the list
//! below is the one place it is registered, and a test fails when a table
//! in the database is in no section and not listed as deliberately left out.

use super::{Result, TransferError};
use crate::clinic::outbox::KeptItem;
use crate::clinic::Outbox;
use crate::clock::Clock;
use crate::journal::{Entry, Journal};
use crate::practice::Practice;
use crate::progress::Progress;
use crate::reminders::store::RemindersBackup;
use crate::reminders::Reminders;
use crate::safety::Safety;
use crate::store::Database;
use futures_util::future::BoxFuture;
use serde_json::{json, Value};

/// What a section's code is handed.
pub struct Context<'a> {
    pub db: &'a Database,
    pub clock: &'a dyn Clock,
    /// A restore counts the journal's entries, the bulk of any backup.
    pub progress: &'a Progress,
}

impl Context<'_> {
    fn journal(&self) -> Journal<'_> {
        Journal::new(self.db, self.clock)
    }
}

pub struct Section {
    pub name: &'static str,
    /// The tables whose rows this section carries.
    pub tables: &'static [&'static str],
    pub write: for<'a> fn(&'a Context<'a>) -> BoxFuture<'a, Result<Value>>,
    /// Refuses before anything is written when the section does not parse.
    pub check: fn(&Value) -> Result<()>,
    pub restore: for<'a> fn(&'a Context<'a>, Value) -> BoxFuture<'a, Result<usize>>,
    pub is_empty: for<'a> fn(&'a Context<'a>) -> BoxFuture<'a, Result<bool>>,
}

pub const SECTIONS: &[Section] = &[
    Section {
        name: "journal",
        tables: &["entries", "entry_feelings", "entry_tags", "entries_fts"],
        write: |cx| Box::pin(write_journal(cx)),
        check: |v| parse::<Vec<Entry>>(v, "entries").map(drop),
        restore: |cx, v| Box::pin(restore_journal(cx, v)),
        is_empty: |cx| Box::pin(async { Ok(cx.journal().count_all().await? == 0) }),
    },
    Section {
        name: "practice",
        tables: crate::practice::TABLES,
        write: |cx| Box::pin(write_practice(cx)),
        check: |v| {
            serde_json::from_value::<crate::practice::PracticeBackup>(v.clone())
                .map(drop)
                .map_err(|_| TransferError::NotABackup)
        },
        restore: |cx, v| Box::pin(restore_practice(cx, v)),
        is_empty: |cx| {
            Box::pin(async {
                Practice::new(cx.db)
                    .is_empty()
                    .await
                    .map_err(TransferError::section)
            })
        },
    },
    Section {
        name: "safety",
        tables: crate::safety::TABLES,
        write: |cx| Box::pin(write_safety(cx)),
        check: |v| {
            serde_json::from_value::<crate::safety::SafetyBackup>(v.clone())
                .map(drop)
                .map_err(|_| TransferError::NotABackup)
        },
        restore: |cx, v| Box::pin(restore_safety(cx, v)),
        is_empty: |cx| {
            Box::pin(async {
                Safety::new(cx.db)
                    .is_empty()
                    .await
                    .map_err(TransferError::section)
            })
        },
    },
    Section {
        name: "clinic",
        tables: &["clinic_outbox"],
        write: |cx| Box::pin(write_clinic(cx)),
        check: |v| parse::<Vec<KeptItem>>(v, "outbox").map(drop),
        restore: |cx, v| Box::pin(restore_clinic(cx, v)),
        is_empty: |cx| {
            Box::pin(async {
                Ok(Outbox::new(cx.db)
                    .all()
                    .await
                    .map_err(TransferError::section)?
                    .is_empty())
            })
        },
    },
    Section {
        name: "reminders",
        tables: crate::reminders::store::TABLES,
        write: |cx| Box::pin(write_reminders(cx)),
        check: |v| {
            serde_json::from_value::<RemindersBackup>(v.clone())
                .map(drop)
                .map_err(|_| TransferError::NotABackup)
        },
        restore: |cx, v| Box::pin(restore_reminders(cx, v)),
        is_empty: |cx| {
            Box::pin(async {
                Reminders::new(cx.db)
                    .is_empty()
                    .await
                    .map_err(TransferError::section)
            })
        },
    },
];

/// Tables a backup leaves out on purpose, and why.
pub const NOT_BACKED_UP: &[(&str, &str)] = &[
    (
        "meta",
        "this device's keys, tokens and settings; a restored vault signs in again",
    ),
    (
        "sessions",
        "the clinic's copy; the next sync brings them back",
    ),
    (
        "reminder_log",
        "which reminders this device showed; a restored device starts from now",
    ),
    (
        "reminder_snoozes",
        "this device's snoozed reminders, due within hours",
    ),
    (
        "programmes",
        "the clinic's description of the member's groups; the next sync brings it back",
    ),
    (
        "clinic_ledger",
        "the record of what this device sent; it stays with the device",
    ),
];

fn parse<T: serde::de::DeserializeOwned>(section: &Value, field: &str) -> Result<T> {
    serde_json::from_value(section.get(field).cloned().unwrap_or(json!([])))
        .map_err(|_| TransferError::NotABackup)
}

async fn write_journal(cx: &Context<'_>) -> Result<Value> {
    let entries = cx.journal().all_entries(true).await?;
    Ok(json!({ "entries": entries }))
}

async fn restore_journal(cx: &Context<'_>, section: Value) -> Result<usize> {
    let entries: Vec<Entry> = parse(&section, "entries")?;
    Ok(cx.journal().restore_all(&entries, cx.progress).await?)
}

async fn write_practice(cx: &Context<'_>) -> Result<Value> {
    let kept = Practice::new(cx.db)
        .kept()
        .await
        .map_err(TransferError::section)?;
    serde_json::to_value(kept).map_err(|_| TransferError::Encode)
}

async fn restore_practice(cx: &Context<'_>, section: Value) -> Result<usize> {
    let kept: crate::practice::PracticeBackup =
        serde_json::from_value(section).map_err(|_| TransferError::NotABackup)?;
    Practice::new(cx.db)
        .restore(&kept, cx.clock.now())
        .await
        .map_err(TransferError::section)
}

async fn write_safety(cx: &Context<'_>) -> Result<Value> {
    let kept = Safety::new(cx.db)
        .kept()
        .await
        .map_err(TransferError::section)?;
    serde_json::to_value(kept).map_err(|_| TransferError::Encode)
}

async fn restore_safety(cx: &Context<'_>, section: Value) -> Result<usize> {
    let kept: crate::safety::SafetyBackup =
        serde_json::from_value(section).map_err(|_| TransferError::NotABackup)?;
    Safety::new(cx.db)
        .restore(&kept, cx.clock.now())
        .await
        .map_err(TransferError::section)
}

async fn write_clinic(cx: &Context<'_>) -> Result<Value> {
    let outbox = Outbox::new(cx.db)
        .all()
        .await
        .map_err(TransferError::section)?;
    Ok(json!({ "outbox": outbox }))
}

/// What the member told the clinic, sent or not. Waiting items wait for a
/// sign-in to the same record (another one withdraws them).
async fn restore_clinic(cx: &Context<'_>, section: Value) -> Result<usize> {
    let items: Vec<KeptItem> = parse(&section, "outbox")?;
    let outbox = Outbox::new(cx.db);
    for item in &items {
        outbox.restore(item).await.map_err(TransferError::section)?;
    }
    Ok(items.len())
}

async fn write_reminders(cx: &Context<'_>) -> Result<Value> {
    let kept = Reminders::new(cx.db)
        .kept()
        .await
        .map_err(TransferError::section)?;
    serde_json::to_value(kept).map_err(|_| TransferError::Encode)
}

async fn restore_reminders(cx: &Context<'_>, section: Value) -> Result<usize> {
    let kept: RemindersBackup =
        serde_json::from_value(section).map_err(|_| TransferError::NotABackup)?;
    Reminders::new(cx.db)
        .restore(&kept, cx.clock.now())
        .await
        .map_err(TransferError::section)
}
