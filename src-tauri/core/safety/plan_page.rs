//! The safety plan as a plain HTML page the member chose to write out (the
//! UI says it is not encrypted before asking, and the passphrase is asked
//! again, as for every plain export). The page is the printable view the UI
//! renders; here it only gets a new name, private bits, and the same
//! never-replace, nothing-left-half-written rules (`store::unfinished`).

use crate::store::unfinished::{PlainFileError, Unfinished};
use crate::store::Database;
use chrono::{DateTime, NaiveDate, Utc};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum PlanPageError {
    #[error("the page is plain text: the member must say they understand first")]
    NotAcknowledged,
    #[error(transparent)]
    Plain(#[from] PlainFileError),
}

impl crate::error::Coded for PlanPageError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::NotAcknowledged => crate::error::ErrorCode::ExportNotAcknowledged,
            Self::Plain(e) => e.code(),
        }
    }
}

/// Writes `html` as `Safety plan <date>.html` in `folder` (a new name if
/// one is there), owner-only, complete or not at all.
pub async fn write_page(
    db: &Database,
    folder: &Path,
    understood: bool,
    html: &str,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<PathBuf, PlanPageError> {
    if !understood {
        return Err(PlanPageError::NotAcknowledged);
    }
    Ok(Unfinished::new(db)
        .write_plain_file(
            folder,
            &format!("Safety plan {day}"),
            ".html",
            html.as_bytes(),
            now,
        )
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn needs_the_acknowledgement_and_never_overwrites() {
        let (home, dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let db = Database::open(&home.path().join("t.db"), &[3; 32], true)
            .await
            .unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let now = Utc::now();
        assert!(matches!(
            write_page(&db, dir.path(), false, "<p>x</p>", day, now).await,
            Err(PlanPageError::NotAcknowledged)
        ));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let first = write_page(&db, dir.path(), true, "<p>one</p>", day, now)
            .await
            .unwrap();
        let second = write_page(&db, dir.path(), true, "<p>two</p>", day, now)
            .await
            .unwrap();
        assert_eq!(first.file_name().unwrap(), "Safety plan 2026-12-03.html");
        assert_eq!(
            second.file_name().unwrap(),
            "Safety plan 2026-12-03 (2).html"
        );
        assert_eq!(std::fs::read_to_string(first).unwrap(), "<p>one</p>");
        db.close().await;
    }
}
