//! The journal: entries with mood, feelings and tags, a 30-day trash,
//! full-text search (FTS5 inside the encrypted database) and the views that
//! look back (timeline, calendar, on this day, mood over time).
//!
//! Entry text is the most private thing in the app: the types here print
//! only their ids in `Debug`, and nothing here logs content.

mod bulk;
mod entry;
mod search;
mod timeline;
pub mod web_link;

pub use bulk::NewEntry;
pub use search::{SearchHit, SearchQuery};
pub use timeline::{CalendarDay, MoodBucket, MoodPoint, TimelineCursor, TimelinePage};

use crate::clock::Clock;
use crate::store::StoreError;
use chrono::{DateTime, NaiveDate, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use ts_rs::TS;

/// How long trashed entries are kept before they are deleted for good.
pub const TRASH_DAYS: i64 = 30;

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("no such entry")]
    NotFound,
    #[error("the entry is not valid: {0}")]
    Invalid(&'static str),
    #[error("the journal already has entries")]
    NotEmpty,
    #[error("a journal query failed")]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl JournalError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::Invalid(_) => "invalid_entry",
            Self::NotEmpty => "journal_not_empty",
            Self::Database(_) => "database",
            Self::Store(e) => e.code(),
        }
    }
}

pub type Result<T> = std::result::Result<T, JournalError>;

/// What the editor sends; `id: None` creates a new entry.
#[derive(Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EntryDraft {
    pub id: Option<String>,
    pub title: String,
    pub body: String,
    pub mood: Option<u8>,
    pub feelings: Vec<String>,
    pub tags: Vec<String>,
    pub prompt_id: Option<String>,
    /// The group session (clinic Appointment id) this entry is about.
    #[serde(default)]
    pub session_id: Option<String>,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub body: String,
    pub mood: Option<u8>,
    pub feelings: Vec<String>,
    pub tags: Vec<String>,
    pub prompt_id: Option<String>,
    /// Absent in backups made before sessions existed.
    #[serde(default)]
    pub session_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

/// An entry as lists show it: the start of the body, not all of it.
#[derive(Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EntrySummary {
    pub id: String,
    pub title: String,
    pub excerpt: String,
    pub mood: Option<u8>,
    pub feelings: Vec<String>,
    pub tags: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
}

macro_rules! debug_by_id {
    ($($t:ty),*) => {$(
        impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}({:?}, ‹text redacted›)", stringify!($t), self.id)
            }
        }
    )*};
}
debug_by_id!(EntryDraft, Entry, EntrySummary);

/// The journal service: plain functions over an open database, in the
/// member's time zone.
#[derive(Clone)]
pub struct Journal {
    clock: Arc<dyn Clock>,
    zone: Tz,
}

impl Journal {
    pub fn new(clock: Arc<dyn Clock>, zone: Tz) -> Self {
        Self { clock, zone }
    }

    /// The desktop's time zone, or UTC when it cannot be told.
    pub fn system_zone() -> Tz {
        iana_time_zone::get_timezone()
            .ok()
            .and_then(|name| name.parse().ok())
            .unwrap_or(Tz::UTC)
    }

    pub fn zone(&self) -> Tz {
        self.zone
    }

    fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Midnight at the start of `date` in the member's zone, as UTC.
    fn start_of(&self, date: NaiveDate) -> DateTime<Utc> {
        let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
        self.zone
            .from_local_datetime(&midnight)
            .earliest()
            // A zone that skips midnight (DST at 00:00): the day starts an hour later.
            .or_else(|| {
                self.zone
                    .from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                    .earliest()
            })
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
    }

    /// The member's calendar day at `t`.
    pub fn local_day(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.zone).date_naive()
    }

    /// A stored instant in the member's zone.
    pub fn local_time(&self, instant: &str) -> Option<DateTime<Tz>> {
        DateTime::parse_from_rfc3339(instant)
            .ok()
            .map(|t| t.with_timezone(&self.zone))
    }

    pub fn now_utc(&self) -> DateTime<Utc> {
        self.now()
    }

    fn local_date(&self, instant: &str) -> Option<NaiveDate> {
        DateTime::parse_from_rfc3339(instant)
            .ok()
            .map(|t| t.with_timezone(&self.zone).date_naive())
    }
}

/// Instants are stored as RFC 3339 UTC with milliseconds, which sort as text.
pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}
