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
//! trade the member opts into).
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
pub mod kdf;
pub mod keyring;
pub mod keyslots;
pub mod recovery;
pub mod screen_lock;
pub mod strength;
pub mod suggest;

use crate::clock::Clock;
use crate::error::ErrorCode;
use crate::logging::Sensitive;
use crate::store::{Database, StoreError};
use attempts::Attempts;
use chrono::{DateTime, Utc};
use keyring::{Keyring, KeyringError};
use keyslots::{DataKey, SlotError, SlotFile, SlotKind};
use recovery::RecoverySecret;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::Mutex;
use ts_rs::TS;
use zeroize::Zeroizing;

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("the vault is locked")]
    Locked,
    #[error("no vault has been set up yet")]
    NotSetUp,
    #[error("a vault already exists here")]
    Exists,
    #[error("the passphrase does not match")]
    WrongPassphrase,
    #[error("the recovery code does not match")]
    WrongRecoveryCode,
    #[error("too many attempts; wait before trying again")]
    TooManyAttempts,
    #[error("the passphrase is too easy to guess")]
    WeakPassphrase,
    #[error("this change needs the current passphrase")]
    PassphraseRequired,
    #[error("the system keyring is not available")]
    KeyringUnavailable(#[source] KeyringError),
    #[error("the vault's key file is missing or damaged")]
    Damaged(#[source] SlotError),
    #[error("the vault's key file could not be saved")]
    Write(#[source] SlotError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("a background task failed")]
    Task,
}

impl VaultError {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Locked => ErrorCode::Locked,
            Self::NotSetUp => ErrorCode::VaultNotSetUp,
            Self::Exists => ErrorCode::VaultExists,
            Self::WrongPassphrase => ErrorCode::WrongPassphrase,
            Self::WrongRecoveryCode => ErrorCode::WrongRecoveryCode,
            Self::TooManyAttempts => ErrorCode::TooManyAttempts,
            Self::WeakPassphrase => ErrorCode::WeakPassphrase,
            Self::PassphraseRequired => ErrorCode::PassphraseRequired,
            Self::KeyringUnavailable(_) => ErrorCode::KeyringUnavailable,
            Self::Damaged(_) => ErrorCode::VaultDamaged,
            Self::Write(_) => ErrorCode::Io,
            Self::Store(e) => e.code(),
            Self::Task => ErrorCode::Internal,
        }
    }
}

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
    pub keyring_available: bool,
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
    keyring_available: bool,
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
                keyring_available: false,
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

    /// Start-up work: ask whether the keyring answers and, when the
    /// keyring slot is on, open the vault without the passphrase. The vault
    /// is held from the moment this is called (synchronously), so a status
    /// request from the UI waits for the outcome instead of seeing "locked"
    /// for a moment.
    pub fn start(self: &Arc<Self>) -> impl std::future::Future<Output = ()> + Send + 'static {
        let held = self.inner.clone().try_lock_owned().ok();
        let vault = self.clone();
        async move {
            let mut guard = match held {
                Some(guard) => guard,
                None => vault.inner.clone().lock_owned().await,
            };
            guard.keyring_available = vault.probe_keyring().await;
            vault.unlock_with_keyring(&mut guard).await;
        }
    }

    /// Asks the keyring again, after the member changed the auto-unlock
    /// choice or the desktop's keyring came back.
    pub async fn refresh_keyring(&self) -> bool {
        let available = self.probe_keyring().await;
        self.inner.lock().await.keyring_available = available;
        available
    }

    async fn probe_keyring(&self) -> bool {
        let keyring = self.keyring.clone();
        blocking(move || Ok(keyring.available()))
            .await
            .unwrap_or(false)
    }

    async fn unlock_with_keyring(&self, inner: &mut Inner) {
        if inner.open.is_some() || !self.exists() {
            return;
        }
        let Ok(slots) = SlotFile::load(&self.keys_path) else {
            return;
        };
        if !slots.has(SlotKind::Keyring) {
            return;
        }
        let keyring = self.keyring.clone();
        let name = keyring_name(&slots);
        let dek = blocking(move || keyring.get(&name).map_err(VaultError::KeyringUnavailable))
            .await
            .and_then(|kek| {
                slots
                    .open_with_key(SlotKind::Keyring, &kek)
                    .map_err(VaultError::Damaged)
            });
        let result = match dek {
            Ok(dek) => self.open_db(inner, dek, slots).await,
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            tracing::warn!(code = e.code().as_str(), "automatic unlock failed: {e}");
            inner.auto_unlock_failed = true;
        }
    }

    /// First run: makes the data key, the passphrase and recovery slots and
    /// the database. Returns the recovery code to show once.
    pub async fn create(&self, passphrase: &Sensitive<String>) -> Result<RecoveryCode> {
        let mut inner = self.inner.lock().await;
        if inner.open.is_some() || self.exists() {
            return Err(VaultError::Exists);
        }
        if !strength::assess(passphrase.expose()).acceptable {
            return Err(VaultError::WeakPassphrase);
        }
        if let Some(dir) = self.db_path.parent() {
            crate::fsutil::ensure_private_dir(dir)
                .map_err(|e| VaultError::Write(SlotError::Write(e)))?;
        }
        self.set_aside_old_key_file()?;
        let dek = keyslots::new_data_key();
        let recovery = RecoverySecret::generate();
        let secret = Zeroizing::new(passphrase.expose().clone());
        let (slots, dek, recovery) = blocking(move || {
            let mut slots = SlotFile::new();
            slots
                .put_with_secret(SlotKind::Passphrase, secret.as_bytes(), kdf::DEFAULT, &dek)
                .map_err(VaultError::Damaged)?;
            slots
                .put_with_secret(SlotKind::Recovery, recovery.as_bytes(), kdf::DEFAULT, &dek)
                .map_err(VaultError::Damaged)?;
            Ok((slots, dek, recovery))
        })
        .await?;
        // Key file first: if setup dies before the database exists, the
        // next start simply offers setup again.
        slots.save(&self.keys_path).map_err(VaultError::Write)?;
        let db = Database::open(&self.db_path, &dek, true).await?;
        tracing::info!("vault created");
        inner.open = Some(Open { db, dek, slots });
        inner.last_activity = self.clock.now();
        Ok(RecoveryCode {
            code: recovery.grouped().to_string(),
        })
    }

    pub async fn unlock(&self, passphrase: &Sensitive<String>) -> Result<()> {
        let mut inner = self.inner.lock().await;
        if inner.open.is_some() {
            return Ok(());
        }
        let slots = self.load_slots(&inner)?;
        let dek = self
            .check_passphrase(&mut inner, &slots, passphrase)
            .await?;
        self.open_db(&mut inner, dek, slots).await
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

    pub async fn change_passphrase(
        &self,
        current: &Sensitive<String>,
        next: &Sensitive<String>,
    ) -> Result<()> {
        let mut inner = self.inner.lock().await;
        let slots = inner.open.as_ref().ok_or(VaultError::Locked)?.slots.clone();
        if !strength::assess(next.expose()).acceptable {
            return Err(VaultError::WeakPassphrase);
        }
        let dek = self.check_passphrase(&mut inner, &slots, current).await?;
        let slots = self
            .rewrap(slots, SlotKind::Passphrase, next.expose(), dek)
            .await?;
        if let Some(open) = inner.open.as_mut() {
            open.slots = slots;
        }
        tracing::info!("passphrase changed");
        Ok(())
    }

    /// Forgotten passphrase: the recovery code opens the vault and sets a
    /// new passphrase. The recovery code stays valid.
    pub async fn reset_with_recovery(
        &self,
        typed_code: &Sensitive<String>,
        next: &Sensitive<String>,
    ) -> Result<()> {
        let mut inner = self.inner.lock().await;
        let slots = self.load_slots(&inner)?;
        if !strength::assess(next.expose()).acceptable {
            return Err(VaultError::WeakPassphrase);
        }
        let opened = match RecoverySecret::parse(typed_code.expose()) {
            Ok(code) => {
                let slots = slots.clone();
                blocking(move || Ok(slots.open_with_secret(SlotKind::Recovery, code.as_bytes())))
                    .await?
            }
            Err(_) => Err(SlotError::WrongKey),
        };
        let dek = self.count_attempt(&mut inner, opened, VaultError::WrongRecoveryCode)?;
        let slots = self
            .rewrap(
                slots,
                SlotKind::Passphrase,
                next.expose(),
                Zeroizing::new(*dek),
            )
            .await?;
        tracing::info!("passphrase reset with the recovery code");
        if let Some(open) = inner.open.as_mut() {
            open.slots = slots;
            return Ok(());
        }
        self.open_db(&mut inner, dek, slots).await
    }

    /// Replaces the recovery code; the old one stops working.
    pub async fn new_recovery_code(&self, passphrase: &Sensitive<String>) -> Result<RecoveryCode> {
        let mut inner = self.inner.lock().await;
        let slots = inner.open.as_ref().ok_or(VaultError::Locked)?.slots.clone();
        let dek = self
            .check_passphrase(&mut inner, &slots, passphrase)
            .await?;
        let recovery = RecoverySecret::generate();
        let code = recovery.grouped().to_string();
        let slots = self
            .rewrap(
                slots,
                SlotKind::Recovery,
                &String::from_utf8_lossy(recovery.as_bytes()),
                dek,
            )
            .await?;
        if let Some(open) = inner.open.as_mut() {
            open.slots = slots;
        }
        tracing::info!("recovery code replaced");
        Ok(RecoveryCode { code })
    }

    /// Turns "unlock automatically on this device" on or off. Turning it on
    /// lets anyone at this desktop account in, so it needs the passphrase;
    /// turning it off deletes the key from the OS keyring as well as the slot.
    pub async fn set_auto_unlock(
        &self,
        enabled: bool,
        passphrase: Option<&Sensitive<String>>,
    ) -> Result<()> {
        let mut inner = self.inner.lock().await;
        if enabled {
            let slots = inner.open.as_ref().ok_or(VaultError::Locked)?.slots.clone();
            let passphrase = passphrase.ok_or(VaultError::PassphraseRequired)?;
            self.check_passphrase(&mut inner, &slots, passphrase)
                .await?;
        }
        let open = inner.open.as_mut().ok_or(VaultError::Locked)?;
        let name = keyring_name(&open.slots);
        let keyring = self.keyring.clone();
        let mut slots = open.slots.clone();
        if enabled {
            let kek = Zeroizing::new(keyslots::random::<32>());
            slots
                .put_with_key(SlotKind::Keyring, &kek, &open.dek)
                .map_err(VaultError::Damaged)?;
            let stored = {
                let (keyring, name) = (keyring.clone(), name.clone());
                blocking(move || {
                    keyring
                        .set(&name, &kek)
                        .map_err(VaultError::KeyringUnavailable)
                })
                .await
            };
            stored?;
            if let Err(e) = slots.save(&self.keys_path) {
                let _ = blocking(move || {
                    keyring
                        .delete(&name)
                        .map_err(VaultError::KeyringUnavailable)
                })
                .await;
                return Err(VaultError::Write(e));
            }
        } else {
            // The slot goes first: without it the keyring's key opens
            // nothing, so turning this off works even when the keyring is
            // unreachable (its entry is then removed on a later try).
            slots.remove(SlotKind::Keyring);
            slots
                .save_revoking(&self.keys_path)
                .map_err(VaultError::Write)?;
            if let Err(e) = blocking(move || {
                keyring
                    .delete(&name)
                    .map_err(VaultError::KeyringUnavailable)
            })
            .await
            {
                tracing::warn!(
                    code = e.code().as_str(),
                    "could not delete the keyring entry: {e}"
                );
            }
        }
        open.slots = slots;
        if enabled {
            inner.keyring_available = true;
        }
        tracing::info!(enabled, "automatic unlock changed");
        Ok(())
    }

    /// Asks for the passphrase again before a change that could let someone
    /// else read the journal (a plain export, the backup passphrase or
    /// folder). Wrong tries count, and wait, as they do at unlock.
    pub async fn confirm_passphrase(&self, passphrase: Option<&Sensitive<String>>) -> Result<()> {
        let mut inner = self.inner.lock().await;
        let slots = inner.open.as_ref().ok_or(VaultError::Locked)?.slots.clone();
        let passphrase = passphrase.ok_or(VaultError::PassphraseRequired)?;
        self.check_passphrase(&mut inner, &slots, passphrase)
            .await
            .map(drop)
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

    fn load_slots(&self, inner: &Inner) -> Result<SlotFile> {
        if !self.exists() {
            return Err(VaultError::NotSetUp);
        }
        if inner.attempts.wait(self.clock.now()).is_some() {
            return Err(VaultError::TooManyAttempts);
        }
        SlotFile::load(&self.keys_path).map_err(VaultError::Damaged)
    }

    /// Checks the passphrase against its slot, after any wait that earlier
    /// wrong tries imposed; a wrong one makes the next wait longer.
    async fn check_passphrase(
        &self,
        inner: &mut Inner,
        slots: &SlotFile,
        passphrase: &Sensitive<String>,
    ) -> Result<DataKey> {
        if inner.attempts.wait(self.clock.now()).is_some() {
            return Err(VaultError::TooManyAttempts);
        }
        let secret = Zeroizing::new(passphrase.expose().clone());
        let slots = slots.clone();
        let checked =
            blocking(move || Ok(slots.open_with_secret(SlotKind::Passphrase, secret.as_bytes())))
                .await?;
        self.count_attempt(inner, checked, VaultError::WrongPassphrase)
    }

    /// A key file with no database beside it (an unfinished setup, or a
    /// database that was moved away) is never overwritten: it may be the
    /// only way into a database that comes back. It is renamed with the time.
    fn set_aside_old_key_file(&self) -> Result<()> {
        let stamp = self.clock.now().format("%Y%m%dT%H%M%SZ");
        for path in [self.keys_path.clone(), keyslots::prev_path(&self.keys_path)] {
            if std::fs::symlink_metadata(&path).is_err() {
                continue;
            }
            let mut aside = path.as_os_str().to_owned();
            aside.push(format!(".aside-{stamp}"));
            std::fs::rename(&path, &aside).map_err(|e| VaultError::Write(SlotError::Write(e)))?;
            tracing::warn!("an earlier key file was kept aside");
        }
        Ok(())
    }

    fn count_attempt(
        &self,
        inner: &mut Inner,
        result: std::result::Result<DataKey, SlotError>,
        wrong: VaultError,
    ) -> Result<DataKey> {
        match result {
            Ok(dek) => {
                inner.attempts.succeeded();
                Ok(dek)
            }
            Err(SlotError::WrongKey) => {
                inner.attempts.failed(self.clock.now());
                tracing::info!("wrong {}", wrong.code().as_str());
                Err(wrong)
            }
            Err(e) => Err(VaultError::Damaged(e)),
        }
    }

    async fn rewrap(
        &self,
        mut slots: SlotFile,
        kind: SlotKind,
        secret: &str,
        dek: DataKey,
    ) -> Result<SlotFile> {
        let secret = Zeroizing::new(secret.to_owned());
        let slots = blocking(move || {
            slots
                .put_with_secret(kind, secret.as_bytes(), kdf::DEFAULT, &dek)
                .map_err(VaultError::Damaged)?;
            Ok(slots)
        })
        .await?;
        // A new passphrase or recovery code replaces the old one for good.
        slots
            .save_revoking(&self.keys_path)
            .map_err(VaultError::Write)?;
        Ok(slots)
    }

    async fn open_db(&self, inner: &mut Inner, dek: DataKey, slots: SlotFile) -> Result<()> {
        let db = Database::open(&self.db_path, &dek, false).await?;
        inner.open = Some(Open { db, dek, slots });
        inner.auto_unlock_failed = false;
        inner.last_activity = self.clock.now();
        tracing::info!("vault unlocked");
        Ok(())
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
