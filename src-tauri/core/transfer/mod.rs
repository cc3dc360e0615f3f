//! Getting the journal out and in: encrypted backups (age), plain exports
//! (Markdown, JSON) and imports from other journaling apps.

pub mod auto_backup;
pub mod backup;
pub mod export;
pub mod import;
pub mod sections;

use crate::error::{Coded, ErrorCode};
use crate::journal::{JournalError, NewEntry};
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error("wrong passphrase for this backup")]
    WrongPassphrase,
    #[error("the file is not an Alongside backup")]
    NotABackup,
    #[error("the backup is damaged or incomplete")]
    Damaged,
    #[error("the backup was made by a newer Alongside")]
    NewerVersion,
    #[error("restoring needs an empty journal")]
    NotEmpty,
    #[error("no backup passphrase has been chosen")]
    NoPassphrase,
    #[error("the backup passphrase is too easy to guess")]
    WeakPassphrase,
    #[error("the folder must be a full path")]
    FolderNotAbsolute,
    #[error(
        "plain exports need the member to confirm they understand the files are not encrypted"
    )]
    NotAcknowledged,
    #[error("the data could not be written out")]
    Encode,
    /// A folder, FIFO or device where a file was expected.
    #[error("not a regular file")]
    NotAFile,
    #[error("the file is too large for a backup")]
    BackupTooLarge,
    #[error(transparent)]
    Cancelled(#[from] crate::progress::Cancelled),
    #[error(transparent)]
    Import(#[from] import::ImportError),
    #[error("a file could not be read or written")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Journal(#[from] JournalError),
    /// Another capability's own error while its section was read or put
    /// back, or its rows listed for an export.
    #[error(transparent)]
    Section(SectionError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Plain(#[from] crate::store::unfinished::PlainFileError),
}

impl crate::error::Coded for TransferError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::WrongPassphrase => ErrorCode::BackupWrongPassphrase,
            Self::NotABackup => ErrorCode::BackupNotABackup,
            Self::Damaged => ErrorCode::BackupDamaged,
            Self::NewerVersion => ErrorCode::BackupNewerVersion,
            Self::NotEmpty => ErrorCode::JournalNotEmpty,
            Self::NoPassphrase => ErrorCode::BackupNoPassphrase,
            Self::WeakPassphrase => ErrorCode::WeakPassphrase,
            Self::FolderNotAbsolute => ErrorCode::FolderNotAbsolute,
            Self::NotAcknowledged => ErrorCode::ExportNotAcknowledged,
            Self::Encode => ErrorCode::Encode,
            Self::NotAFile => ErrorCode::NotAFile,
            Self::BackupTooLarge => ErrorCode::BackupTooLarge,
            Self::Cancelled(_) => ErrorCode::TransferCancelled,
            Self::Import(e) => e.code(),
            Self::Plain(e) => e.code(),
            Self::Io(e) if e.kind() == std::io::ErrorKind::NotFound => ErrorCode::FileNotFound,
            Self::Io(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                ErrorCode::FilePermission
            }
            Self::Io(_) => ErrorCode::FileIo,
            Self::Journal(e) => e.code(),
            Self::Store(e) => e.code(),
            Self::Section(e) => e.0.code(),
        }
    }

    fn causes_may_be_logged(&self) -> bool {
        match self {
            Self::Section(e) => e.0.causes_may_be_logged(),
            _ => true,
        }
    }
}

/// Any capability's error, with its code and its causes as they were, so a
/// new backup section adds no variant to `TransferError`.
#[derive(Debug)]
pub struct SectionError(Box<dyn Coded + Send + Sync>);

impl std::fmt::Display for SectionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for SectionError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl TransferError {
    /// `.map_err(TransferError::section)` on another capability's result.
    pub fn section(e: impl Coded + Send + Sync + 'static) -> Self {
        Self::Section(SectionError(Box::new(e)))
    }
}

pub type Result<T> = std::result::Result<T, TransferError>;

/// What an import did, for the member.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub format: import::ImportFormat,
    pub imported: u32,
    /// Already in the journal (the same file imported twice).
    pub already_there: u32,
    pub skipped: Vec<import::Skipped>,
}

/// Where an export went and how many entries it holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportDone {
    pub path: String,
    pub count: u32,
}

impl ExportDone {
    pub fn new(path: &std::path::Path, count: usize) -> Self {
        Self {
            path: path.to_string_lossy().into_owned(),
            count: count as u32,
        }
    }
}

/// The member's chosen file, whole, if it is a regular file of at most
/// `max` bytes; `too_large` is what that kind of file says when it is over.
fn read_input(
    path: &std::path::Path,
    max: u64,
    too_large: TransferError,
) -> Result<zeroize::Zeroizing<Vec<u8>>> {
    use crate::fsutil::{read_regular_file_limited, ReadError};
    read_regular_file_limited(path, max).map_err(|e| match e {
        ReadError::NotAFile => TransferError::NotAFile,
        ReadError::TooLarge => too_large,
        ReadError::Io(e) => TransferError::Io(e),
    })
}

/// Reads a jrnl or Day One export and adds its entries, all or nothing.
pub async fn import_file(
    journal: crate::journal::Journal<'_>,
    path: &std::path::Path,
    progress: &crate::progress::Progress,
) -> Result<ImportReport> {
    let bytes = read_input(
        path,
        import::MAX_INPUT_BYTES as u64,
        import::ImportError::TooLarge.into(),
    )?;
    let parsed = import::parse(&bytes, journal.zone())?;
    progress.check()?;
    let entries = parsed
        .entries
        .into_iter()
        .map(|e| NewEntry {
            title: e.title,
            body: e.body,
            tags: e.tags,
            created_at: e.created_at,
            updated_at: e.updated_at,
        })
        .collect();
    let (imported, already) = journal.import(entries, progress).await?;
    Ok(ImportReport {
        format: parsed.format,
        imported: imported as u32,
        already_there: already as u32,
        skipped: parsed.skipped,
    })
}
