//! Automatic backups: once a day while the vault is open, into a folder
//! the member chooses, keeping the last seven. The backup passphrase is
//! kept inside the encrypted database (the app needs it without asking),
//! so it is exactly as safe as the journal it protects.

use super::{backup, Result, TransferError};
use crate::clock::Clock;
use crate::logging::Sensitive;
use crate::progress::Progress;
use crate::store::{Database, Meta};
use crate::vault::strength;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::path::{Path, PathBuf};
use ts_rs::TS;

pub const KEEP: usize = 7;
const PREFIX: &str = "alongside-backup-";
const SUFFIX: &str = ".age";
const PASSPHRASE: &str = "backup.passphrase";
const FOLDER: &str = "backup.folder";
const AUTOMATIC: &str = "backup.automatic";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupSettings {
    /// A backup passphrase has been chosen; nothing is backed up before.
    pub ready: bool,
    pub folder: String,
    pub automatic: bool,
    pub backups: Vec<BackupFile>,
    /// Why the last automatic backup failed (an error code), if it did.
    pub last_error: Option<crate::error::ErrorCode>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupFile {
    pub path: String,
    /// The day it was made, `YYYY-MM-DD` in the member's zone.
    pub date: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

pub struct AutoBackup<'a> {
    db: &'a Database,
    default_folder: &'a Path,
}

impl<'a> AutoBackup<'a> {
    pub fn new(db: &'a Database, default_folder: &'a Path) -> Self {
        Self { db, default_folder }
    }

    pub async fn settings(&self) -> Result<BackupSettings> {
        let meta = Meta::new(self.db);
        let folder = self.folder().await?;
        Ok(BackupSettings {
            ready: meta.get(PASSPHRASE).await?.is_some(),
            automatic: meta.get(AUTOMATIC).await?.as_deref() != Some("off"),
            backups: list(&folder),
            last_error: None,
            folder: folder.to_string_lossy().into_owned(),
        })
    }

    /// Whether a change hands the backups to someone new: a new backup
    /// passphrase, or another folder. Those need the vault's passphrase.
    pub async fn is_escalation(&self, new_passphrase: bool, folder: &str) -> Result<bool> {
        Ok(new_passphrase || Path::new(folder.trim()) != self.folder().await?)
    }

    /// Saves the choices; `passphrase: None` keeps the current one.
    pub async fn configure(
        &self,
        passphrase: Option<&Sensitive<String>>,
        folder: &str,
        automatic: bool,
        now: DateTime<Utc>,
    ) -> Result<BackupSettings> {
        let folder = PathBuf::from(folder.trim());
        if !folder.is_absolute() {
            return Err(TransferError::FolderNotAbsolute);
        }
        // Made now, so a folder that cannot be used is said here, not at night.
        std::fs::create_dir_all(&folder)?;
        let meta = Meta::new(self.db);
        match passphrase {
            Some(p) if !strength::assess(p.expose()).acceptable => {
                return Err(TransferError::WeakPassphrase)
            }
            Some(p) => meta.set(PASSPHRASE, p.expose(), now).await?,
            None if meta.get(PASSPHRASE).await?.is_none() => {
                return Err(TransferError::NoPassphrase)
            }
            None => {}
        }
        meta.set(FOLDER, &folder.to_string_lossy(), now).await?;
        meta.set(AUTOMATIC, if automatic { "on" } else { "off" }, now)
            .await?;
        self.settings().await
    }

    /// Backs up now into the folder as today's file, then keeps the last 7.
    pub async fn back_up(
        &self,
        clock: &dyn Clock,
        now: DateTime<Utc>,
        progress: &Progress,
    ) -> Result<BackupFile> {
        let passphrase = Meta::new(self.db)
            .get(PASSPHRASE)
            .await?
            .map(Sensitive::new)
            .ok_or(TransferError::NoPassphrase)?;
        let folder = self.folder().await?;
        let date = crate::clock::local_day(clock.zone(), now);
        let path = folder.join(format!("{PREFIX}{date}{SUFFIX}"));
        backup::write(self.db, clock, &passphrase, &path, now, progress).await?;
        prune(&folder, KEEP);
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        Ok(BackupFile {
            path: path.to_string_lossy().into_owned(),
            date: date.to_string(),
            bytes,
        })
    }

    /// The daily backup, if it is on and today's is not made yet.
    pub async fn run_if_due(
        &self,
        clock: &dyn Clock,
        now: DateTime<Utc>,
    ) -> Result<Option<BackupFile>> {
        let settings = self.settings().await?;
        let today = crate::clock::local_day(clock.zone(), now).to_string();
        if !settings.ready
            || !settings.automatic
            || settings.backups.iter().any(|b| b.date == today)
        {
            return Ok(None);
        }
        self.back_up(clock, now, &Progress::unwatched())
            .await
            .map(Some)
    }

    async fn folder(&self) -> Result<PathBuf> {
        Ok(Meta::new(self.db)
            .get(FOLDER)
            .await?
            .map(PathBuf::from)
            .unwrap_or_else(|| self.default_folder.to_path_buf()))
    }
}

/// Backups in `folder`, newest first. Only files named exactly as the app
/// names them count, so nothing else in a shared folder is listed or deleted.
pub fn list(folder: &Path) -> Vec<BackupFile> {
    let Ok(dir) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut out: Vec<BackupFile> = dir
        .flatten()
        .filter_map(|item| {
            let name = item.file_name().to_string_lossy().into_owned();
            let date = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
            NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
            let meta = item.metadata().ok().filter(|m| m.is_file())?;
            Some(BackupFile {
                path: item.path().to_string_lossy().into_owned(),
                date: date.to_owned(),
                bytes: meta.len(),
            })
        })
        .collect();
    out.sort_by(|a, b| b.date.cmp(&a.date));
    out
}

fn prune(folder: &Path, keep: usize) {
    for old in list(folder).into_iter().skip(keep) {
        if let Err(e) = std::fs::remove_file(&old.path) {
            tracing::warn!("could not remove an old backup: {e}");
        }
    }
}
