//! What lets session reminders come while the vault is closed, even after
//! a restart before the member unlocks: the sessions' keys and times, the
//! lead times, quiet hours and what was already shown — no titles, links
//! or writing — in a small file sealed with XChaCha20-Poly1305 under a
//! random key kept in the OS keyring. Without a keyring there is no file:
//! reminders then wait for the first unlock after a restart.

use super::plan::Book;
use crate::vault::keyring::{Keyring, KeyringError};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use chrono::{DateTime, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use zeroize::Zeroizing;

const MAGIC: &[u8] = b"alongside-standby-1\n";
const NONCE: usize = 24;

#[derive(Debug, thiserror::Error)]
pub enum StandbyError {
    #[error("the keyring has no place for the reminders' key")]
    Keyring(#[source] KeyringError),
    #[error("the reminders' standby file could not be written")]
    Write(#[source] std::io::Error),
    #[error("the standby file could not be sealed")]
    Seal,
}

/// The session part of the book, and what of it was handled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standby {
    pub book: Book,
    pub handled: Vec<String>,
    pub checked_at: DateTime<Utc>,
}

impl Standby {
    /// Keeps only what a locked app may show: session reminders.
    pub fn of(book: &Book, handled: Vec<String>, checked_at: DateTime<Utc>) -> Self {
        let snoozes = book
            .snoozes
            .iter()
            .filter(|s| matches!(s.what, super::What::Session { .. }))
            .cloned()
            .collect();
        Self {
            book: Book {
                sessions: book.sessions.clone(),
                leads: book.leads.clone(),
                routines: Vec::new(),
                quiet: book.quiet,
                snoozes,
                occasions: Vec::new(),
            },
            handled,
            checked_at,
        }
    }
}

#[derive(Clone)]
pub struct StandbyFile {
    path: PathBuf,
    keyring: Keyring,
    key_name: String,
}

impl std::fmt::Debug for StandbyFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StandbyFile")
            .field("path", &self.path)
            .finish()
    }
}

impl StandbyFile {
    pub fn new(path: PathBuf, keyring: Keyring) -> Self {
        use std::hash::{Hash, Hasher};
        // One key per data folder; the name says nothing about the member.
        let mut h = std::collections::hash_map::DefaultHasher::new();
        path.hash(&mut h);
        let key_name = format!("reminders-{:016x}", h.finish());
        Self {
            path,
            keyring,
            key_name,
        }
    }

    /// Blocking: the keyring is asked over D-Bus.
    pub fn write(&self, standby: &Standby) -> Result<(), StandbyError> {
        let key = match self.keyring.get(&self.key_name) {
            Ok(key) => key,
            Err(KeyringError::Missing) => {
                let mut key = Zeroizing::new([0u8; 32]);
                rand::thread_rng().fill_bytes(key.as_mut());
                self.keyring
                    .set(&self.key_name, &key)
                    .map_err(StandbyError::Keyring)?;
                key
            }
            Err(e) => return Err(StandbyError::Keyring(e)),
        };
        let plain = Zeroizing::new(serde_json::to_vec(standby).map_err(|_| StandbyError::Seal)?);
        let mut nonce = [0u8; NONCE];
        rand::thread_rng().fill_bytes(&mut nonce);
        let sealed = cipher(&key)
            .encrypt(XNonce::from_slice(&nonce), plain.as_slice())
            .map_err(|_| StandbyError::Seal)?;
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(&sealed);
        crate::fsutil::write_atomic(&self.path, &bytes).map_err(StandbyError::Write)
    }

    /// Blocking. `None` when there is no file, no key or it does not open.
    pub fn read(&self) -> Option<Standby> {
        let bytes = std::fs::read(&self.path).ok()?;
        let rest = bytes.strip_prefix(MAGIC)?;
        if rest.len() < NONCE {
            return None;
        }
        let (nonce, sealed) = rest.split_at(NONCE);
        let key = self.keyring.get(&self.key_name).ok()?;
        let plain = Zeroizing::new(
            cipher(&key)
                .decrypt(XNonce::from_slice(nonce), sealed)
                .ok()?,
        );
        serde_json::from_slice(&plain).ok()
    }

    /// The file and its key, for a vault that is reset or removed.
    pub fn remove(&self) {
        let _ = std::fs::remove_file(&self.path);
        let _ = self.keyring.delete(&self.key_name);
    }
}

fn cipher(key: &[u8; 32]) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(key.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reminders::plan::UpcomingSession;

    fn keyring() -> Keyring {
        Keyring::with_store(keyring_core::mock::Store::new().unwrap())
    }

    #[test]
    fn sealed_with_the_keyrings_key_and_holding_no_titles() {
        let dir = tempfile::tempdir().unwrap();
        let ring = keyring();
        let file = StandbyFile::new(dir.path().join("reminders.standby"), ring.clone());
        let at = DateTime::parse_from_rfc3339("2026-12-01T18:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let book = Book {
            sessions: vec![UpcomingSession {
                key: "hand:series-1:1796000000".into(),
                starts_at: at,
                allowed_in_quiet_hours: false,
            }],
            leads: vec![15],
            ..Default::default()
        };
        let standby = Standby::of(&book, vec!["hand:series-1:1795000000@15".into()], at);
        file.write(&standby).unwrap();
        let bytes = std::fs::read(dir.path().join("reminders.standby")).unwrap();
        assert!(!bytes.windows(6).any(|w| w == b"series"), "sealed");
        assert_eq!(file.read(), Some(standby.clone()));

        // Another data folder's key does not open it; no key, no reminders.
        let other = StandbyFile::new(dir.path().join("reminders.standby"), keyring());
        assert_eq!(other.read(), None);
        file.remove();
        assert_eq!(file.read(), None);
        assert!(!dir.path().join("reminders.standby").exists());
    }
}
