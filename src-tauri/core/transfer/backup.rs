//! Encrypted backups: everything the member keeps, one section per
//! capability (`sections`), in one file in the `age` format (passphrase,
//! scrypt), readable by any age tool — `age -d` gives the JSON. The plain
//! text only ever exists in memory, and is wiped after use.
//!
//! Version 1 held the journal's entries at the top level; version 2 holds
//! `sections`. Both restore (a version 1 file is pinned in
//! `tests/fixtures/backup-v1.age`).

use super::sections::{Context, SECTIONS};
use super::{Result, TransferError};
use crate::clock::stamp;
use crate::clock::Clock;
use crate::fsutil;
use crate::journal::Entry;
use crate::logging::Sensitive;
use crate::progress::{Progress, ProgressUnit};
use crate::store::Database;
use age::secrecy::SecretString;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::Path;
use zeroize::Zeroizing;

const FORMAT: &str = "alongside-backup";
const VERSION: u32 = 2;
/// scrypt N = 2^18 (256 MiB, about a second here): what `age` itself picks
/// on an ordinary laptop, fixed so every backup costs the same.
const WORK_FACTOR: u8 = 18;
/// Files made by age on a much faster machine may ask for more; beyond
/// this a file would take minutes and gigabytes just to try a passphrase.
const MAX_WORK_FACTOR: u8 = 22;
/// Larger files are refused before decrypting. A backup of 10,000 entries
/// is about 11 MiB, so this is some 230,000 entries of that size, above the
/// largest import (200 MiB), while a restore, which holds the file, its
/// plain text and the parsed entries at once, stays near 1 GiB of memory.
pub const MAX_BACKUP_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Archive {
    format: String,
    version: u32,
    created_at: String,
    /// Version 2: each capability's section, by name.
    #[serde(default)]
    sections: serde_json::Map<String, serde_json::Value>,
    /// Version 1: the journal's entries, before there were sections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    entries: Option<Vec<Entry>>,
}

/// Writes every section (the journal's trash included) to `path`,
/// encrypted with `passphrase`. Replaces `path` atomically, so a backup
/// called off before that leaves the one already there. Returns the number
/// of journal entries.
pub async fn write(
    db: &Database,
    clock: &dyn Clock,
    passphrase: &Sensitive<String>,
    path: &Path,
    now: DateTime<Utc>,
    progress: &Progress,
) -> Result<usize> {
    let cx = Context {
        db,
        clock,
        progress,
    };
    let mut sections = serde_json::Map::new();
    for section in SECTIONS {
        sections.insert(section.name.to_owned(), (section.write)(&cx).await?);
    }
    let count = sections["journal"]["entries"]
        .as_array()
        .map_or(0, Vec::len);
    let archive = Archive {
        format: FORMAT.into(),
        version: VERSION,
        created_at: stamp(now),
        sections,
        entries: None,
    };
    let plain = Zeroizing::new(serde_json::to_vec(&archive).map_err(|_| TransferError::Encode)?);
    drop(archive);
    refuse_unrestorable(plain.len())?;
    let secret = SecretString::from(passphrase.expose().clone());
    let sealing = progress.clone();
    let sealed = tokio::task::spawn_blocking(move || seal(&plain, secret, &sealing))
        .await
        .map_err(|_| TransferError::Encode)??;
    progress.check()?;
    refuse_unrestorable(sealed.len())?;
    progress.committing(sealed.len(), ProgressUnit::Bytes);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    fsutil::write_atomic(path, &sealed)?;
    Ok(count)
}

/// A backup a restore would refuse is not written as if it were one: the
/// member is told now, not on the day they need it.
fn refuse_unrestorable(bytes: usize) -> Result<()> {
    if u64::try_from(bytes).map_or(true, |b| b > MAX_BACKUP_BYTES) {
        return Err(TransferError::BackupTooLarge);
    }
    Ok(())
}

/// Reads a backup made by `write` (or any age file with that JSON inside)
/// and writes it into `db`, which must hold nothing yet. Nothing is written
/// unless the whole file decrypts and every section parses. Returns the
/// number of journal entries restored.
pub async fn restore(
    db: &Database,
    clock: &dyn Clock,
    path: &Path,
    passphrase: &Sensitive<String>,
    progress: &Progress,
) -> Result<usize> {
    let cx = Context {
        db,
        clock,
        progress,
    };
    for section in SECTIONS {
        if !(section.is_empty)(&cx).await? {
            return Err(TransferError::NotEmpty);
        }
    }
    // Opening takes a second or more (scrypt), before the size is known.
    progress.step(0, 0, ProgressUnit::Entries)?;
    let path = path.to_owned();
    let secret = SecretString::from(passphrase.expose().clone());
    let plain = tokio::task::spawn_blocking(move || {
        let sealed = super::read_input(&path, MAX_BACKUP_BYTES, TransferError::BackupTooLarge)?;
        open(&sealed, secret)
    })
    .await
    .map_err(|_| TransferError::Damaged)??;
    let mut archive: Archive =
        serde_json::from_slice(&plain).map_err(|_| TransferError::NotABackup)?;
    drop(plain);
    if archive.format != FORMAT {
        return Err(TransferError::NotABackup);
    }
    if archive.version > VERSION {
        return Err(TransferError::NewerVersion);
    }
    if let Some(entries) = archive.entries.take() {
        let journal = serde_json::json!({ "entries": entries });
        archive.sections.insert("journal".into(), journal);
    }
    // A section this version does not know was made by a newer one.
    if let Some(name) = archive
        .sections
        .keys()
        .find(|n| !SECTIONS.iter().any(|s| s.name == *n))
    {
        tracing::info!(section = name.as_str(), "backup section not known here");
        return Err(TransferError::NewerVersion);
    }
    for section in SECTIONS {
        if let Some(value) = archive.sections.get(section.name) {
            (section.check)(value)?;
        }
    }
    // Every section is written first into a staging database beside the
    // vault (same key), through the same checks its commands make; only when
    // all of it went in is it copied into the vault, in one transaction. A
    // section that fails, a cancel or a crash leaves the vault as empty as
    // it was, so the restore can simply be tried again.
    let staging_path = db.staging_path();
    let staging = db.staging(&staging_path).await?;
    let staged = async {
        let cx = Context {
            db: &staging,
            clock,
            progress,
        };
        let mut entries = 0;
        for section in SECTIONS {
            if let Some(value) = archive.sections.remove(section.name) {
                let restored = (section.restore)(&cx, value).await?;
                if section.name == "journal" {
                    entries = restored;
                }
            }
        }
        Ok::<_, TransferError>(entries)
    }
    .await;
    staging.close().await;
    let copied = match staged {
        Ok(entries) => db
            .copy_in(&staging_path, &copied_tables())
            .await
            .map(|()| entries)
            .map_err(TransferError::from),
        Err(e) => Err(e),
    };
    crate::store::remove_database_files(&staging_path);
    copied
}

/// The tables a restore fills, parents before children; the search index
/// fills itself from `entries`.
fn copied_tables() -> Vec<&'static str> {
    SECTIONS
        .iter()
        .flat_map(|s| s.tables.iter().copied())
        .filter(|t| *t != "entries_fts")
        .collect()
}

/// Encrypts in pieces, so the member sees it move and can call it off.
fn seal(plain: &[u8], secret: SecretString, progress: &Progress) -> Result<Vec<u8>> {
    const PIECE: usize = 256 * 1024;
    let total = plain.len();
    progress.step(0, total, ProgressUnit::Bytes)?;
    let mut recipient = age::scrypt::Recipient::new(secret);
    recipient.set_work_factor(WORK_FACTOR);
    let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as _))
        .map_err(|_| TransferError::Encode)?;
    let mut sealed = Vec::with_capacity(total + total / 64 + 256);
    let mut writer = encryptor
        .wrap_output(&mut sealed)
        .map_err(|_| TransferError::Encode)?;
    let mut done = 0;
    for piece in plain.chunks(PIECE) {
        writer.write_all(piece).map_err(|_| TransferError::Encode)?;
        done += piece.len();
        progress.step(done, total, ProgressUnit::Bytes)?;
    }
    writer.finish().map_err(|_| TransferError::Encode)?;
    Ok(sealed)
}

fn open(sealed: &[u8], secret: SecretString) -> Result<Zeroizing<Vec<u8>>> {
    use age::DecryptError as E;
    let decryptor = age::Decryptor::new_buffered(sealed).map_err(|e| match e {
        E::Io(_) | E::InvalidHeader | E::UnknownFormat => TransferError::NotABackup,
        _ => TransferError::Damaged,
    })?;
    if !decryptor.is_scrypt() {
        return Err(TransferError::NotABackup);
    }
    let mut identity = age::scrypt::Identity::new(secret);
    identity.set_max_work_factor(MAX_WORK_FACTOR);
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            E::DecryptionFailed | E::KeyDecryptionFailed | E::NoMatchingKeys => {
                TransferError::WrongPassphrase
            }
            _ => TransferError::Damaged,
        })?;
    let mut plain = Zeroizing::new(Vec::new());
    // A truncated or altered file fails its authentication here.
    reader
        .read_to_end(&mut plain)
        .map_err(|_| TransferError::Damaged)?;
    Ok(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backup_larger_than_a_restore_takes_is_refused() {
        assert!(refuse_unrestorable(1024).is_ok());
        let limit = usize::try_from(MAX_BACKUP_BYTES).unwrap();
        assert!(refuse_unrestorable(limit).is_ok());
        assert!(matches!(
            refuse_unrestorable(limit + 1),
            Err(TransferError::BackupTooLarge)
        ));
    }

    #[test]
    fn backups_from_before_session_links_still_read() {
        let older = serde_json::json!({
            "format": FORMAT, "version": 1, "createdAt": "2026-11-01T10:00:00.000Z",
            "entries": [{
                "id": "e1", "title": "", "body": "hola", "mood": 5, "feelings": [], "tags": [],
                "promptId": null, "createdAt": "2026-11-01T09:00:00.000Z",
                "updatedAt": "2026-11-01T09:00:00.000Z", "deletedAt": null
            }]
        });
        let archive: Archive = serde_json::from_value(older).unwrap();
        let entries = archive.entries.unwrap();
        assert_eq!(entries[0].session_id, None);
        assert_eq!(entries[0].body, "hola");
    }
}
