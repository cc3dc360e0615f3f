//! Getting into the vault: first-run setup, the passphrase, and the
//! keyring's automatic unlock at start-up.

use super::keyslots::{self, DataKey, SlotError, SlotFile, SlotKind};
use super::recovery::RecoverySecret;
use super::{
    blocking, kdf, keyring_name, strength, Inner, Open, RecoveryCode, Result, Vault, VaultError,
};
use crate::error::Coded;
use crate::logging::Sensitive;
use crate::store::Database;
use std::sync::Arc;
use zeroize::Zeroizing;

impl Vault {
    /// Start-up work: when the keyring slot is on, open the vault without
    /// the passphrase. The vault is then held from the moment this is
    /// called (synchronously), so a status request from the UI waits for
    /// the outcome instead of seeing "locked" for a moment. Any other vault
    /// leaves the keyring alone: asking it is a D-Bus round trip (or the
    /// start of its daemon) that the unlock screen does not need, so it is
    /// asked when a screen offers automatic unlock (`refresh_keyring`).
    pub fn start(self: &Arc<Self>) -> impl std::future::Future<Output = ()> + Send + 'static {
        let opens_with_keyring = self.exists()
            && SlotFile::load(&self.keys_path).is_ok_and(|f| f.has(SlotKind::Keyring));
        let held = opens_with_keyring
            .then(|| self.inner.clone().try_lock_owned().ok())
            .flatten();
        let vault = self.clone();
        async move {
            if !opens_with_keyring {
                return;
            }
            let mut guard = match held {
                Some(guard) => guard,
                None => vault.inner.clone().lock_owned().await,
            };
            vault.unlock_with_keyring(&mut guard).await;
        }
    }

    /// Asks whether the keyring answers: for a screen that offers automatic
    /// unlock, and after the member's choice failed.
    pub async fn refresh_keyring(&self) -> bool {
        let available = self.probe_keyring().await;
        self.inner.lock().await.keyring_available = Some(available);
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
        let kek =
            blocking(move || keyring.get(&name).map_err(VaultError::KeyringUnavailable)).await;
        // The keyring answered, whatever the key it gave opens.
        inner.keyring_available = Some(match &kek {
            Ok(_) => true,
            Err(_) => self.probe_keyring().await,
        });
        let dek = kek.and_then(|kek| {
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

    pub(super) fn load_slots(&self, inner: &Inner) -> Result<SlotFile> {
        if !self.exists() {
            return Err(VaultError::NotSetUp);
        }
        if inner.attempts.wait(self.clock.now()).is_some() {
            return Err(VaultError::TooManyAttempts);
        }
        SlotFile::load(&self.keys_path).map_err(VaultError::Damaged)
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

    pub(super) async fn open_db(
        &self,
        inner: &mut Inner,
        dek: DataKey,
        slots: SlotFile,
    ) -> Result<()> {
        let db = Database::open(&self.db_path, &dek, false).await?;
        // What a crash left half-written outside the vault (a plain export's
        // temp file, a restore's staging copy) goes now.
        match crate::store::unfinished::Unfinished::new(&db)
            .sweep(self.clock.now())
            .await
        {
            Ok(0) => {}
            Ok(swept) => tracing::info!(swept, "unfinished files from an earlier run removed"),
            Err(e) => tracing::warn!(code = e.code().as_str(), "unfinished files not checked"),
        }
        inner.open = Some(Open { db, dek, slots });
        inner.auto_unlock_failed = false;
        inner.last_activity = self.clock.now();
        tracing::info!("vault unlocked");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing;

    #[tokio::test(flavor = "multi_thread")]
    async fn an_existing_key_file_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let clock = testing::start_clock();
        let vault = testing::vault_on(dir.path(), clock.clone());
        vault
            .create(&testing::secret(testing::PASSPHRASE))
            .await
            .unwrap();
        vault.lock().await;
        let old_keys = std::fs::read(vault.keys_path()).unwrap();
        // The database goes missing (moved to another disk, say); a new setup
        // must not destroy the only way into it.
        let moved = dir.path().join("elsewhere.db");
        std::fs::rename(vault.db_path(), &moved).unwrap();
        let vault = testing::vault_on(dir.path(), clock);
        vault
            .create(&testing::secret(testing::NEW_PASSPHRASE))
            .await
            .unwrap();
        vault.lock().await;
        let aside = dir.path().join("vault.keys.aside-20261201T200000Z");
        assert_eq!(std::fs::read(&aside).unwrap(), old_keys);
        assert_ne!(std::fs::read(vault.keys_path()).unwrap(), old_keys);
    }
}
