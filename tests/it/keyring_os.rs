//! The real OS keyring (gnome-keyring's Secret Service inside
//! scripts/desktop-session). The test command sets
//! ALONGSIDE_REQUIRE_SECRET_SERVICE so a missing keyring fails here instead
//! of passing quietly; without it the test says SKIPPED.

use alongside_core::clock::SystemClock;
use alongside_core::logging::Sensitive;
use alongside_core::vault::keyring::Keyring;
use alongside_core::vault::{Vault, VaultState};
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread")]
async fn auto_unlock_through_the_real_secret_service() {
    let required = std::env::var_os("ALONGSIDE_REQUIRE_SECRET_SERVICE").is_some();
    let keyring = Keyring::os();
    let available = tokio::task::spawn_blocking({
        let keyring = keyring.clone();
        move || keyring.available()
    })
    .await
    .unwrap();
    if !available {
        assert!(
            !required,
            "no Secret Service answered, but the test command requires one"
        );
        // Shown by nextest (see .config/nextest.toml), so a quiet pass is never mistaken for a real one.
        println!(
            "SKIPPED: no Secret Service on this session bus; run through scripts/desktop-session"
        );
        return;
    }

    let dir = tempfile::tempdir().unwrap();
    let passphrase = Sensitive::new("lantern orchard velvet tide".to_owned());
    let vault = Arc::new(Vault::new(
        dir.path(),
        keyring.clone(),
        Arc::new(SystemClock),
    ));
    vault.create(&passphrase).await.unwrap();
    vault
        .set_auto_unlock(true, Some(&passphrase))
        .await
        .unwrap();
    vault.lock().await;

    let restarted = Arc::new(Vault::new(
        dir.path(),
        keyring.clone(),
        Arc::new(SystemClock),
    ));
    restarted.start().await;
    assert_eq!(restarted.status().await.state, VaultState::Unlocked);
    restarted.set_auto_unlock(false, None).await.unwrap();
    restarted.lock().await;

    let again = Arc::new(Vault::new(dir.path(), keyring, Arc::new(SystemClock)));
    again.start().await;
    assert_eq!(again.status().await.state, VaultState::Locked);
}
