//! The sessions as every list shows them: the clinic's and the member's own
//! series together, soonest first.

use super::series::Series;
use super::store::{hand_key, Reminders};
use super::{ReminderError, Result};
use crate::clinic::{Session, Sessions};
use crate::clock::stamp;
use crate::store::Database;
use chrono::{DateTime, Duration, Utc};
use std::path::{Path, PathBuf};

/// The calendar file's name in the folder the member picks.
pub const ICS_NAME: &str = "alongside-sessions.ics";

/// How far either side of now a hand-entered series is listed (an
/// open-ended one has no end to list up to).
const SPAN: Duration = Duration::weeks(26);

pub async fn sessions(db: &Database, now: DateTime<Utc>) -> Result<Vec<Session>> {
    let mut all = Sessions::new(db)
        .all()
        .await
        .map_err(|_| ReminderError::Unreadable)?;
    for series in Reminders::new(db).series().await? {
        all.extend(occurrences(&series, now - SPAN, now + SPAN));
    }
    // RFC 3339 in UTC sorts as text.
    all.sort_by(|a, b| a.starts_at.cmp(&b.starts_at));
    Ok(all)
}

fn occurrences(series: &Series, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Session> {
    series
        .starts_between(from, to)
        .into_iter()
        .map(|starts_at| Session {
            id: hand_key(&series.id, starts_at),
            starts_at: stamp(starts_at),
            ends_at: None,
            title: series.draft.title.clone(),
            cancelled: false,
            hand_entered: true,
            video_link: series.draft.video_link.clone(),
        })
        .collect()
}

/// Writes the listed sessions as an iCalendar file into `folder`; returns
/// its path. The file is plain text with session titles and links: the UI
/// says so before the member picks the folder.
pub async fn export_ics(db: &Database, folder: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
    if !folder.is_absolute() {
        return Err(ReminderError::FolderNotAbsolute);
    }
    let listed = sessions(db, now).await?;
    let series = Reminders::new(db).series().await?;
    let text = super::ics::calendar(&listed, &series, now);
    let (name, ext) = ICS_NAME.split_at(ICS_NAME.len() - ".ics".len());
    Ok(crate::store::unfinished::Unfinished::new(db)
        .write_plain_file(folder, name, ext, text.as_bytes(), now)
        .await?)
}
