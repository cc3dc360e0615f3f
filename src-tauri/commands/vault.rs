use crate::error::AppError;
use alongside_core::app_state::AppState;
use alongside_core::logging::Secret;
use alongside_core::vault::strength::{self, PassphraseStrength};
use alongside_core::vault::suggest::{self, SuggestedPassphrase};
use alongside_core::vault::{RecoveryCode, VaultStatus};
use tauri::State;

pub async fn vault_status(state: State<'_, AppState>) -> Result<VaultStatus, AppError> {
    Ok(state.vault().status().await)
}

pub fn vault_check_passphrase(passphrase: Secret) -> Result<PassphraseStrength, AppError> {
    Ok(strength::assess(passphrase.expose()))
}

pub fn vault_suggest_passphrase(language: String) -> Result<SuggestedPassphrase, AppError> {
    Ok(suggest::suggest(&language))
}

pub async fn vault_create(
    state: State<'_, AppState>,
    passphrase: Secret,
) -> Result<RecoveryCode, AppError> {
    Ok(state.create_vault(&passphrase).await?)
}

pub async fn vault_unlock(
    state: State<'_, AppState>,
    passphrase: Secret,
) -> Result<VaultStatus, AppError> {
    state.vault().unlock(&passphrase).await?;
    Ok(state.vault().status().await)
}

pub async fn vault_lock(state: State<'_, AppState>) -> Result<VaultStatus, AppError> {
    state.vault().lock().await;
    Ok(state.vault().status().await)
}

pub async fn vault_change_passphrase(
    state: State<'_, AppState>,
    current: Secret,
    next: Secret,
) -> Result<(), AppError> {
    Ok(state.vault().change_passphrase(&current, &next).await?)
}

pub async fn vault_reset_with_recovery(
    state: State<'_, AppState>,
    code: Secret,
    next: Secret,
) -> Result<VaultStatus, AppError> {
    state.vault().reset_with_recovery(&code, &next).await?;
    Ok(state.vault().status().await)
}

pub async fn vault_new_recovery_code(
    state: State<'_, AppState>,
    passphrase: Secret,
) -> Result<RecoveryCode, AppError> {
    Ok(state.vault().new_recovery_code(&passphrase).await?)
}

pub async fn vault_set_auto_unlock(
    state: State<'_, AppState>,
    enabled: bool,
    passphrase: Option<Secret>,
) -> Result<VaultStatus, AppError> {
    let result = state
        .vault()
        .set_auto_unlock(enabled, passphrase.as_ref())
        .await;
    if result.is_err() {
        state.vault().refresh_keyring().await;
    }
    result?;
    Ok(state.vault().status().await)
}

/// Asks the desktop's keyring whether it answers, for a screen that
/// offers automatic unlock.
pub async fn vault_probe_keyring(state: State<'_, AppState>) -> Result<VaultStatus, AppError> {
    state.vault().refresh_keyring().await;
    Ok(state.vault().status().await)
}

pub async fn vault_touch(state: State<'_, AppState>) -> Result<(), AppError> {
    state.vault().touch().await;
    Ok(())
}

/// Copies the recovery code shown once, and clears the clipboard a minute
/// later if it still holds it.
pub async fn clipboard_copy_secret(
    state: State<'_, AppState>,
    text: Secret,
) -> Result<(), AppError> {
    state.vault().db().await?;
    let text = zeroize::Zeroizing::new(text.expose().clone());
    Ok(alongside_core::clipboard::SecretClipboard::system()?.copy(text)?)
}
