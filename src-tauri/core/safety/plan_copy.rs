//! The safety plan's copy for "Need help now" on the lock screen, kept only
//! while the member has asked for it: sealed under a key in the OS keyring,
//! so it opens without the passphrase (anyone at this unlocked desktop
//! session can read it: that is the trade-off the switch explains).

use super::{Result, Safety, SafetyError, SafetyPlan, SafetyPreferences};
use crate::error::Coded;
use crate::vault::keyring::Keyring;
use crate::vault::sealed::{SealError, SealedFile};
use std::path::Path;
use zeroize::Zeroizing;

const MAGIC: &[u8] = b"alongside-safety-plan-1\n";
pub const FILE_NAME: &str = "safety-plan.sealed";

#[derive(Clone, Debug)]
pub struct PlanCopy(SealedFile);

impl PlanCopy {
    pub fn new(data_dir: &Path, keyring: Keyring) -> Self {
        Self(SealedFile::new(
            data_dir.join(FILE_NAME),
            keyring,
            "safety-plan",
            MAGIC,
        ))
    }

    pub fn exists(&self) -> bool {
        self.0.exists()
    }

    /// Blocking.
    pub fn write(&self, plan: &SafetyPlan) -> std::result::Result<(), SealError> {
        let plain = Zeroizing::new(serde_json::to_vec(plan).map_err(|_| SealError::Seal)?);
        self.0.write(&plain)
    }

    /// Blocking. `None` when the member has no copy or it does not open.
    pub fn read(&self) -> Option<SafetyPlan> {
        serde_json::from_slice(&self.0.read()?).ok()
    }

    /// Blocking. The copy and its key.
    pub fn remove(&self) -> std::result::Result<(), SealError> {
        self.0.remove()
    }

    /// What the keyring holds the copy's key under.
    pub fn key_name(&self) -> &str {
        self.0.key_name()
    }
}

/// Runs a keyring call off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> std::result::Result<T, SealError> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| SafetyError::Copy(SealError::Seal))?
        .map_err(SafetyError::Copy)
}

impl Safety<'_> {
    /// Saves the plan and, when the member keeps a copy for the lock screen,
    /// refreshes it. A copy that cannot be refreshed is logged (no content)
    /// and the plan itself stays saved.
    pub async fn save_plan_and_copy(
        &self,
        plan: &SafetyPlan,
        now: chrono::DateTime<chrono::Utc>,
        copy: &PlanCopy,
    ) -> Result<SafetyPlan> {
        let saved = self.save_plan(plan, now).await?;
        if self.preferences().await?.plan_readable_locked {
            let (copy, plan) = (copy.clone(), saved.clone());
            if let Err(e) = blocking(move || copy.write(&plan)).await {
                tracing::warn!(
                    code = e.code().as_str(),
                    "the plan's locked copy was not refreshed"
                );
            }
        }
        Ok(saved)
    }

    /// Turns the locked copy on (written now, from the saved plan) or off
    /// (the file and its key deleted), then records the choice.
    pub async fn set_plan_readable_locked(
        &self,
        on: bool,
        copy: &PlanCopy,
    ) -> Result<SafetyPreferences> {
        let copy = copy.clone();
        if on {
            let plan = self.plan().await?;
            blocking(move || copy.write(&plan)).await?;
        } else {
            blocking(move || copy.remove()).await?;
        }
        let preferences = SafetyPreferences {
            plan_readable_locked: on,
            ..self.preferences().await?
        };
        self.set_preferences(&preferences).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::safety::PlanItem;

    #[test]
    fn sealed_opens_with_its_key_only_and_goes_with_remove() {
        let dir = tempfile::tempdir().unwrap();
        let ring = Keyring::with_store(keyring_core::mock::Store::new().unwrap());
        let copy = PlanCopy::new(dir.path(), ring);
        let plan = SafetyPlan {
            reasons: vec![PlanItem {
                id: "r1".into(),
                text: "my sister's laugh".into(),
                phone: None,
            }],
            ..Default::default()
        };
        copy.write(&plan).unwrap();
        let bytes = std::fs::read(dir.path().join(FILE_NAME)).unwrap();
        assert!(!bytes.windows(6).any(|w| w == b"sister"), "sealed");
        assert_eq!(copy.read(), Some(plan));

        let stranger = PlanCopy::new(
            dir.path(),
            Keyring::with_store(keyring_core::mock::Store::new().unwrap()),
        );
        assert_eq!(stranger.read(), None);
        copy.remove().unwrap();
        assert!(!copy.exists());
        assert_eq!(copy.read(), None);
        copy.remove().unwrap();
    }
}
