//! The vault's background work: opening with the keyring at start-up,
//! locking after idle time, and locking with the desktop session. Each lock
//! it causes is announced to the UI with the `vault-locked` event.

use crate::app_state::AppState;
use crate::vault::{session_lock, LockReason, Vault};
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager, Runtime};

pub const LOCKED_EVENT: &str = "vault-locked";
const IDLE_CHECK_EVERY: Duration = Duration::from_secs(2);

pub fn spawn<R: Runtime>(app: &AppHandle<R>, state: &AppState) {
    tauri::async_runtime::spawn(state.vault().start());

    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::time::sleep(IDLE_CHECK_EVERY).await;
            let Some(state) = handle.try_state::<AppState>() else {
                continue;
            };
            if let Some(idle) = state.auto_lock_after() {
                if state.vault().lock_if_idle(idle).await {
                    announce(&handle, LockReason::Idle);
                }
            }
        }
    });

    let vault: Arc<Vault> = state.vault().clone();
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        let on_lock = move || {
            let (vault, handle) = (vault.clone(), handle.clone());
            tauri::async_runtime::spawn(async move {
                if vault.lock().await {
                    announce(&handle, LockReason::Session);
                }
            });
        };
        if let Err(e) = session_lock::watch(on_lock).await {
            tracing::info!("not following the desktop's screen lock: {e}");
        }
    });
}

fn announce<R: Runtime>(app: &AppHandle<R>, reason: LockReason) {
    tracing::info!(?reason, "vault locked by itself");
    if let Err(e) = app.emit(LOCKED_EVENT, reason) {
        tracing::warn!("could not tell the window the vault locked: {e}");
    }
}
