//! Changing the ways in while the vault is open — passphrase, recovery
//! code, automatic unlock — and re-checking the passphrase before a change
//! that could hand the journal to someone else. Every check of a secret
//! counts towards the same growing wait as unlock does.

use super::keyslots::{self, DataKey, SlotError, SlotFile, SlotKind};
use super::recovery::RecoverySecret;
use super::{
    blocking, kdf, keyring_name, strength, Inner, RecoveryCode, Result, Vault, VaultError,
};
use crate::error::Coded;
use crate::logging::Sensitive;
use zeroize::Zeroizing;

impl Vault {
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
            inner.keyring_available = Some(true);
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

    /// Checks the passphrase against its slot, after any wait that earlier
    /// wrong tries imposed; a wrong one makes the next wait longer.
    pub(super) async fn check_passphrase(
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
}

#[cfg(test)]
mod tests {
    use super::super::testing;
    use crate::error::Coded;

    #[tokio::test(flavor = "multi_thread")]
    async fn turning_on_auto_unlock_needs_the_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let vault = testing::vault_on(dir.path(), testing::start_clock());
        vault
            .create(&testing::secret(testing::PASSPHRASE))
            .await
            .unwrap();
        let err = vault.set_auto_unlock(true, None).await.unwrap_err();
        assert_eq!(err.code(), "passphrase_required");
        let err = vault
            .set_auto_unlock(true, Some(&testing::secret(testing::NEW_PASSPHRASE)))
            .await
            .unwrap_err();
        assert_eq!(err.code(), "wrong_passphrase");
        assert!(!vault.status().await.auto_unlock);
        assert!(!std::fs::read_to_string(vault.keys_path())
            .unwrap()
            .contains("\"keyring\""));
        vault
            .set_auto_unlock(true, Some(&testing::secret(testing::PASSPHRASE)))
            .await
            .unwrap();
        assert!(vault.status().await.auto_unlock);
        // Off needs nothing: it only takes a way in away.
        vault.set_auto_unlock(false, None).await.unwrap();
        vault.lock().await;
    }

    /// Every check of the passphrase while unlocked counts wrong tries and
    /// waits, as unlock does, so the open app is no faster a guessing oracle.
    #[tokio::test(flavor = "multi_thread")]
    async fn escalations_wait_after_wrong_tries_like_unlock() {
        let dir = tempfile::tempdir().unwrap();
        let clock = testing::start_clock();
        let vault = testing::vault_on(dir.path(), clock.clone());
        vault
            .create(&testing::secret(testing::PASSPHRASE))
            .await
            .unwrap();
        let wrong = testing::secret("not the passphrase at all");
        for _ in 0..3 {
            let err = vault.confirm_passphrase(Some(&wrong)).await.unwrap_err();
            assert_eq!(err.code(), "wrong_passphrase");
        }
        // Even the right passphrase waits now, for every kind of check.
        let right = testing::secret(testing::PASSPHRASE);
        let waiting = [
            vault.confirm_passphrase(Some(&right)).await.unwrap_err(),
            vault
                .change_passphrase(&right, &testing::secret(testing::NEW_PASSPHRASE))
                .await
                .unwrap_err(),
            vault.new_recovery_code(&right).await.unwrap_err(),
            vault.set_auto_unlock(true, Some(&right)).await.unwrap_err(),
        ];
        for err in waiting {
            assert_eq!(err.code(), "too_many_attempts");
        }
        assert!(vault.status().await.retry_after_secs.is_some());
        // Wrong tries through change_passphrase count too.
        clock.advance(chrono::Duration::seconds(2));
        let err = vault
            .change_passphrase(&wrong, &testing::secret(testing::NEW_PASSPHRASE))
            .await
            .unwrap_err();
        assert_eq!(err.code(), "wrong_passphrase");
        let err = vault.confirm_passphrase(Some(&right)).await.unwrap_err();
        assert_eq!(err.code(), "too_many_attempts", "the wait grew");
        clock.advance(chrono::Duration::seconds(3));
        vault.new_recovery_code(&right).await.unwrap();
        vault.confirm_passphrase(Some(&right)).await.unwrap();
        vault.lock().await;
    }
}
