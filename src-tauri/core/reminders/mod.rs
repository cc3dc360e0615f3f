//! Reminders: group sessions (the clinic's and those entered by hand),
//! journal and practice routines, quiet hours and snoozes. `plan` decides
//! what is due from the wall clock; `store` keeps the member's choices and
//! the log of what was shown in the encrypted database. No Tauri here: the
//! shell ticks the planner and shows what it hands back.

pub mod held;
pub mod ics;
pub mod listing;
pub mod notice;
pub mod plan;
pub mod routine;
pub mod series;
pub mod sources;
pub mod standby;
pub mod store;
pub mod wall_time;

pub use held::HeldReminders;
pub use notice::{Lang, Notice, NoticeAction};
pub use plan::{Book, Occasion, Planner, Reminder, Verdict, What, HORIZON};
pub use routine::{QuietHours, Routine, RoutineKind};
pub use series::{Series, SeriesDraft, SeriesField};
pub use sources::OccasionSource;
pub use store::{Preferences, Reminders};

use crate::error::ErrorCode;
use crate::store::StoreError;

/// Lead times: at most a week before, at most eight of them.
pub const MAX_LEAD_MINUTES: u32 = 7 * 24 * 60;
pub const MAX_LEADS: usize = 8;

#[derive(Debug, thiserror::Error)]
pub enum ReminderError {
    #[error("a field of the session form is not valid")]
    InvalidSeries(SeriesField),
    #[error("a lead time is out of range")]
    InvalidLead,
    #[error("quiet hours must start and end at different times")]
    InvalidQuietHours,
    #[error("a reminder needs a time and valid weekdays")]
    InvalidRoutine,
    #[error("a stored reminder or session cannot be read")]
    Unreadable,
    #[error("the folder for the calendar file must be a full path")]
    FolderNotAbsolute,
    #[error("the calendar file could not be written")]
    Export(#[from] crate::store::unfinished::PlainFileError),
    #[error("the calendar file is plain text: the member must say they understand first")]
    NotAcknowledged,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl crate::error::Coded for ReminderError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::InvalidSeries(field) => match field {
                SeriesField::Title => ErrorCode::SessionTitleInvalid,
                SeriesField::Zone => ErrorCode::ZoneUnknown,
                SeriesField::Weeks => ErrorCode::WeeksOutOfRange,
                SeriesField::VideoLink => ErrorCode::InvalidLink,
                SeriesField::Skipped => ErrorCode::SkippedTooMany,
            },
            Self::InvalidLead => ErrorCode::LeadTimeInvalid,
            Self::InvalidQuietHours => ErrorCode::QuietHoursInvalid,
            Self::InvalidRoutine => ErrorCode::RoutineInvalid,
            Self::Unreadable => ErrorCode::Database,
            Self::FolderNotAbsolute => ErrorCode::FolderNotAbsolute,
            Self::Export(e) => e.code(),
            Self::NotAcknowledged => ErrorCode::ExportNotAcknowledged,
            Self::Store(e) => e.code(),
        }
    }
}

pub type Result<T> = std::result::Result<T, ReminderError>;

/// Checks a set of lead times and gives them sorted, without repeats.
pub fn valid_leads(leads: &[u32]) -> Result<Vec<u32>> {
    let mut out: Vec<u32> = leads.to_vec();
    out.sort_unstable();
    out.dedup();
    if out.len() > MAX_LEADS || out.iter().any(|&m| m > MAX_LEAD_MINUTES) {
        return Err(ReminderError::InvalidLead);
    }
    Ok(out)
}

/// Quiet hours may wrap midnight but must not be empty or the whole day.
pub fn valid_quiet_hours(quiet: QuietHours) -> Result<QuietHours> {
    if quiet.start == quiet.end {
        return Err(ReminderError::InvalidQuietHours);
    }
    Ok(quiet)
}

pub fn valid_routine(routine: &Routine) -> Result<()> {
    let mut days = routine.weekdays.clone();
    days.sort_unstable();
    days.dedup();
    if days.len() != routine.weekdays.len() || days.iter().any(|&d| d > 6) {
        return Err(ReminderError::InvalidRoutine);
    }
    Ok(())
}
