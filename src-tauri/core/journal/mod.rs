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

use crate::clock::{self, Clock};
use crate::error::ErrorCode;
use crate::store::{Database, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What one entry may hold. The UI reads the same values from the
/// generated bindings, and imports trim to them.
#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EntryLimits {
    pub title_chars: usize,
    pub body_bytes: usize,
    /// Feelings, and tags, each.
    pub labels: usize,
    pub tag_chars: usize,
}

pub const ENTRY_LIMITS: EntryLimits = EntryLimits {
    title_chars: 300,
    body_bytes: 1_000_000,
    labels: 30,
    tag_chars: 40,
};

/// The feelings an entry can be tagged with; the UI offers these (its
/// words are `journal.feelings.<id>`) and the journal refuses others.
pub const FEELINGS: &[&str] = &[
    "anxious",
    "calm",
    "sad",
    "hopeful",
    "angry",
    "lonely",
    "grateful",
    "overwhelmed",
    "tired",
    "proud",
    "ashamed",
    "content",
    "scared",
    "relieved",
    "frustrated",
    "loved",
    "numb",
    "excited",
    "guilty",
    "peaceful",
    "hurt",
    "confused",
    "motivated",
    "irritable",
];

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
    #[error(transparent)]
    Cancelled(#[from] crate::progress::Cancelled),
    #[error("a journal query failed")]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl crate::error::Coded for JournalError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::NotFound => ErrorCode::NotFound,
            Self::Invalid(_) => ErrorCode::InvalidEntry,
            Self::NotEmpty => ErrorCode::JournalNotEmpty,
            Self::Cancelled(_) => ErrorCode::TransferCancelled,
            Self::Database(_) => ErrorCode::Database,
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

/// The journal over an open database, made for each use like every
/// capability's service, in the member's time zone (asked of the clock on
/// each use).
#[derive(Clone, Copy)]
pub struct Journal<'a> {
    db: &'a Database,
    clock: &'a dyn Clock,
}

impl<'a> Journal<'a> {
    pub fn new(db: &'a Database, clock: &'a dyn Clock) -> Self {
        Self { db, clock }
    }

    pub fn zone(&self) -> Tz {
        self.clock.zone()
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    fn start_of(&self, date: NaiveDate) -> DateTime<Utc> {
        clock::start_of_day(self.zone(), date)
    }

    /// The member's calendar day at `t`.
    pub fn local_day(&self, t: DateTime<Utc>) -> NaiveDate {
        clock::local_day(self.zone(), t)
    }

    /// A stored instant in the member's zone.
    pub fn local_time(&self, instant: &str) -> Option<DateTime<Tz>> {
        let zone = self.zone();
        DateTime::parse_from_rfc3339(instant)
            .ok()
            .map(|t| t.with_timezone(&zone))
    }

    fn local_date(&self, instant: &str) -> Option<NaiveDate> {
        self.local_time(instant).map(|t| t.date_naive())
    }
}
