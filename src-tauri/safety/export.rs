//! The safety plan as a plain HTML page the member chose to write out (the
//! UI says it is not encrypted before asking). The page is the printable
//! view the UI renders; here it only gets a new name and private bits.

use chrono::NaiveDate;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the page is plain text: the member must say they understand first")]
    NotAcknowledged,
    #[error("the page could not be written")]
    Io(#[from] std::io::Error),
}

impl ExportError {
    pub fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::NotAcknowledged => crate::error::ErrorCode::ExportNotAcknowledged,
            Self::Io(_) => crate::error::ErrorCode::FileIo,
        }
    }
}

/// Writes `html` as `Safety plan <date>.html` in `folder` (a new name if
/// one is there), owner-only, complete or not at all.
pub fn write_page(
    folder: &Path,
    understood: bool,
    html: &str,
    day: NaiveDate,
) -> Result<PathBuf, ExportError> {
    if !understood {
        return Err(ExportError::NotAcknowledged);
    }
    std::fs::create_dir_all(folder)?;
    let path = crate::transfer::export::fresh_path(folder, &format!("Safety plan {day}"), ".html");
    crate::fsutil::write_atomic(&path, html.as_bytes())?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_the_acknowledgement_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        assert!(matches!(
            write_page(dir.path(), false, "<p>x</p>", day),
            Err(ExportError::NotAcknowledged)
        ));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let first = write_page(dir.path(), true, "<p>one</p>", day).unwrap();
        let second = write_page(dir.path(), true, "<p>two</p>", day).unwrap();
        assert_eq!(first.file_name().unwrap(), "Safety plan 2026-12-03.html");
        assert_eq!(
            second.file_name().unwrap(),
            "Safety plan 2026-12-03 (2).html"
        );
        assert_eq!(std::fs::read_to_string(first).unwrap(), "<p>one</p>");
    }
}
