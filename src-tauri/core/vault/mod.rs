//! The vault: everything personal lives in one SQLCipher database whose
//! random 256-bit data key is only ever on disk wrapped in key slots.
//!
//! Threat model. Protects against: someone who copies the disk, a backup or
//! the data folder (the database, WAL and key file are useless without the
//! passphrase, the recovery code or the keyring's key; passphrases must
//! score 3 or more with zxcvbn, at least 10^8 guesses, because these copies
//! can be attacked offline); a tampered key file raising or lowering the KDF
//! cost (refused both ways); brute force through the app (Argon2id per try,
//! growing waits — at unlock and at every re-check of the passphrase while
//! open); someone at the open app, or a script in its page, handing the
//! journal to themselves: turning on auto-unlock, choosing the backup
//! passphrase or folder, and plain exports all need the passphrase again,
//! checked here in Rust. Does not protect against: malware running as the
//! member while the vault is unlocked, or anyone who can log in to the
//! member's desktop account when "unlock automatically" is on (that is the
//! trade the member opts into). Outside the vault, `reminders.standby` keeps
//! the next sessions' times (no titles or links) sealed under a key in the
//! keyring, so reminders come after a restart before unlock: anyone at the
//! member's unlocked desktop session can read when their sessions are.
//!
//! Secrets in memory: our copies of the data key, its hex form and the key
//! pragma string are zeroized when dropped, and so are passphrases
//! (`Sensitive`). sqlx keeps its own copy of the pragma for the life of the
//! pool and frees it unwiped on lock; SQLCipher wipes its own key on close.
//! Neither sqlx's statement log nor any log filter can print the pragma
//! (statement logging is off, `sqlx=off` is pinned). Release builds turn
//! core dumps off and mark the process non-dumpable, so a crash writes no
//! core file and another program of the member cannot attach to read memory.
//!
//! The key file: `vault.keys` is never overwritten by a new setup (an old
//! one is renamed `vault.keys.aside-<time>`), and every rewrite keeps the
//! previous sound version as `vault.keys.prev`, read when the current one is
//! missing or damaged. A rewrite that takes a way in away (new passphrase,
//! new recovery code, auto-unlock off) writes the new version to both, so no
//! copy on disk still opens with the old secret.
//!
//! A hostile or compromised clinic server cannot redirect or link the
//! token to another origin, point sign-in at an unsafe endpoint, exhaust
//! memory (8 MiB per answer) or park sync (Retry-After at most 24 h), nor
//! end the sign-in except with `invalid_grant`. Plain exports are
//! owner-only and never written through a link left at their name; a crash
//! during one can leave a hidden plain-text temp copy beside it.
//!
//! The backup passphrase is stored inside the database, so whoever can open
//! the vault can also open its backups — they hold the same journal. So is
//! the clinic's refresh token: whoever can open the vault can read the
//! member's sessions.

pub mod attempts;
mod error;
pub mod kdf;
pub mod keyring;
pub mod keyslots;
mod opening;
pub mod recovery;
pub mod screen_lock;
pub mod sealed;
pub mod strength;
pub mod suggest;
mod unlock_methods;

pub use error::VaultError;

use crate::clock::Clock;
use crate::store::Database;
use attempts::Attempts;
use chrono::{DateTime, Utc};
use keyring::Keyring;
use keyslots::{DataKey, SlotFile, SlotKind};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::Mutex;
use ts_rs::TS;

pub type Result<T> = std::result::Result<T, VaultError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum VaultState {
    Absent,
    Locked,
    Unlocked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VaultStatus {
    pub state: VaultState,
    pub auto_unlock: bool,
    /// `None` until something needed to ask (see `Vault::start`).
    pub keyring_available: Option<bool>,
    pub auto_unlock_failed: bool,
    pub retry_after_secs: Option<u32>,
}

/// Why the vault locked, sent to the UI with the `vault-locked` event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LockReason {
    Manual,
    Idle,
    /// The desktop's screen locked.
    ScreenLock,
}

/// The new recovery code, shown to the member once.
#[derive(Serialize, TS)]
pub struct RecoveryCode {
    pub code: String,
}

impl std::fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryCode(‹redacted›)")
    }
}

struct Open {
    db: Database,
    dek: DataKey,
    slots: SlotFile,
}

struct Inner {
    open: Option<Open>,
    attempts: Attempts,
    auto_unlock_failed: bool,
    keyring_available: Option<bool>,
    last_activity: DateTime<Utc>,
}

pub struct Vault {
    keys_path: PathBuf,
    db_path: PathBuf,
    keyring: Keyring,
    clock: Arc<dyn Clock>,
    inner: Arc<Mutex<Inner>>,
}

impl Vault {
    pub fn new(data_dir: &Path, keyring: Keyring, clock: Arc<dyn Clock>) -> Self {
        let now = clock.now();
        Self {
            keys_path: data_dir.join("vault.keys"),
            db_path: data_dir.join("alongside.db"),
            keyring,
            clock,
            inner: Arc::new(Mutex::new(Inner {
                open: None,
                attempts: Attempts::default(),
                auto_unlock_failed: false,
                keyring_available: None,
                last_activity: now,
            })),
        }
    }

    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    pub fn keys_path(&self) -> &Path {
        &self.keys_path
    }

    /// The database exists; an aborted first-run setup (key file but no
    /// database) holds no data and may be set up again.
    fn exists(&self) -> bool {
        self.db_path.exists()
    }

    pub async fn status(&self) -> VaultStatus {
        let inner = self.inner.lock().await;
        let (state, auto_unlock) = match &inner.open {
            Some(open) => (VaultState::Unlocked, open.slots.has(SlotKind::Keyring)),
            None if self.exists() => (
                VaultState::Locked,
                SlotFile::load(&self.keys_path).is_ok_and(|f| f.has(SlotKind::Keyring)),
            ),
            None => (VaultState::Absent, false),
        };
        VaultStatus {
            state,
            auto_unlock,
            keyring_available: inner.keyring_available,
            auto_unlock_failed: inner.auto_unlock_failed && state == VaultState::Locked,
            retry_after_secs: inner
                .attempts
                .wait(self.clock.now())
                .map(|s| u32::try_from(s).unwrap_or(u32::MAX)),
        }
    }

    /// Locks and forgets the key. Returns whether it was unlocked.
    pub async fn lock(&self) -> bool {
        let open = self.inner.lock().await.open.take();
        match open {
            Some(open) => {
                open.db.close().await;
                drop(open.dek);
                tracing::info!("vault locked");
                true
            }
            None => false,
        }
    }

    /// The open database, or `Locked`. Every data command goes through here.
    pub async fn db(&self) -> Result<Database> {
        let inner = self.inner.lock().await;
        inner
            .open
            .as_ref()
            .map(|o| o.db.clone())
            .ok_or(VaultError::Locked)
    }

    pub async fn touch(&self) {
        self.inner.lock().await.last_activity = self.clock.now();
    }

    /// Locks when nothing has happened for `idle`. Compares wall-clock time,
    /// so time spent suspended counts as idle.
    /// A clock set back behind the last activity restarts the wait from
    /// now, so auto-lock is never put off by the size of the jump.
    pub async fn lock_if_idle(&self, idle: chrono::Duration) -> bool {
        let due = {
            let mut inner = self.inner.lock().await;
            let now = self.clock.now();
            if now < inner.last_activity {
                inner.last_activity = now;
            }
            inner.open.is_some() && now - inner.last_activity >= idle
        };
        due && self.lock().await
    }
}

fn keyring_name(slots: &SlotFile) -> String {
    format!("vault-{}", slots.vault_id)
}

/// Runs CPU-heavy (Argon2) or blocking (keyring D-Bus) work off the async
/// threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|_| VaultError::Task)?
}

/// A vault in a temp folder on a manual clock, with the keyring crate's
/// in-memory store, for the vault's own tests.
#[cfg(test)]
mod testing {
    use super::keyring::Keyring;
    use super::Vault;
    use crate::clock::ManualClock;
    use crate::logging::Sensitive;
    use chrono::{TimeZone, Utc};
    use std::sync::Arc;

    pub const PASSPHRASE: &str = "lantern orchard velvet tide";
    pub const NEW_PASSPHRASE: &str = "copper meadow quiet harbour";

    pub fn secret(s: &str) -> Sensitive<String> {
        Sensitive::new(s.to_owned())
    }

    pub fn start_clock() -> Arc<ManualClock> {
        Arc::new(ManualClock::new(
            Utc.with_ymd_and_hms(2026, 12, 1, 20, 0, 0).unwrap(),
        ))
    }

    pub fn vault_on(dir: &std::path::Path, clock: Arc<ManualClock>) -> Arc<Vault> {
        let store: Arc<keyring_core::CredentialStore> = keyring_core::mock::Store::new().unwrap();
        Arc::new(Vault::new(dir, Keyring::with_store(store), clock))
    }
}

#[cfg(test)]
mod tests {
    use super::testing;
    use super::VaultState;
    use crate::clock::{Clock, ManualClock};
    use chrono::{TimeZone, Utc};
    use std::sync::Arc;

    #[tokio::test(flavor = "multi_thread")]
    async fn idle_time_locks_the_vault_even_across_a_suspend() {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(ManualClock::new(
            Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap(),
        ));
        let vault = testing::vault_on(dir.path(), clock.clone());
        vault
            .create(&testing::secret(testing::PASSPHRASE))
            .await
            .unwrap();
        let five = chrono::Duration::minutes(5);

        clock.advance(chrono::Duration::minutes(4));
        assert!(!vault.lock_if_idle(five).await);
        vault.touch().await;
        clock.advance(chrono::Duration::minutes(4));
        assert!(
            !vault.lock_if_idle(five).await,
            "activity restarted the clock"
        );
        // A laptop lid closed for an hour: wall-clock time moved on.
        clock.advance(chrono::Duration::hours(1));
        assert!(vault.lock_if_idle(five).await);
        assert_eq!(vault.status().await.state, VaultState::Locked);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_clock_set_back_does_not_put_off_the_idle_lock() {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(ManualClock::new(
            Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap(),
        ));
        let vault = testing::vault_on(dir.path(), clock.clone());
        vault
            .create(&testing::secret(testing::PASSPHRASE))
            .await
            .unwrap();
        let five = chrono::Duration::minutes(5);

        // Set back an hour right after the member's last touch.
        clock.advance(chrono::Duration::minutes(1));
        clock.set(clock.now() - chrono::Duration::hours(1));
        assert!(!vault.lock_if_idle(five).await);
        // Five minutes of real absence lock it, not an hour and five.
        clock.advance(chrono::Duration::minutes(5));
        assert!(vault.lock_if_idle(five).await);
    }
}
