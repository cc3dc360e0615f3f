//! What lets session reminders come while the vault is closed, even after
//! a restart before the member unlocks: the sessions' keys and times, the
//! lead times, quiet hours and what was already shown — no titles, links
//! or writing — in a small file sealed with XChaCha20-Poly1305 under a
//! random key kept in the OS keyring. Without a keyring there is no file:
//! reminders then wait for the first unlock after a restart.

use super::plan::Book;
use crate::vault::keyring::Keyring;
use crate::vault::sealed::{SealError, SealedFile};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use zeroize::Zeroizing;

const MAGIC: &[u8] = b"alongside-standby-1\n";

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

#[derive(Clone, Debug)]
pub struct StandbyFile(SealedFile);

impl StandbyFile {
    pub fn new(path: PathBuf, keyring: Keyring) -> Self {
        Self(SealedFile::new(path, keyring, "reminders", MAGIC))
    }

    /// Blocking: the keyring is asked over D-Bus.
    pub fn write(&self, standby: &Standby) -> Result<(), SealError> {
        let plain = Zeroizing::new(serde_json::to_vec(standby).map_err(|_| SealError::Seal)?);
        self.0.write(&plain)
    }

    /// Blocking. `None` when there is no file, no key or it does not open.
    pub fn read(&self) -> Option<Standby> {
        serde_json::from_slice(&self.0.read()?).ok()
    }

    /// The file and its key, for a vault that is reset or removed.
    pub fn remove(&self) {
        let _ = self.0.remove();
    }
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
