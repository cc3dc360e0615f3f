//! The vault's background work: opening with the keyring at start-up,
//! locking after idle time, locking with the desktop session, and the daily
//! backup while it is open. Each lock it causes is announced to the UI with
//! the `vault-locked` event; each automatic backup with `backup-finished`.

use crate::app_state::AppState;
use crate::transfer::auto_backup::AutoBackup;
use crate::vault::{session_lock, LockReason, Vault};
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager, Runtime};

pub const LOCKED_EVENT: &str = "vault-locked";
pub const BACKUP_EVENT: &str = "backup-finished";
const IDLE_CHECK_EVERY: Duration = Duration::from_secs(2);
const BACKUP_CHECK_EVERY: Duration = Duration::from_secs(60);
/// After a failed daily backup (say the USB drive is out), try again in an
/// hour rather than every minute.
const BACKUP_RETRY_AFTER: Duration = Duration::from_secs(3600);

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

    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            // First check soon after start (and unlock), then every minute.
            tokio::time::sleep(Duration::from_secs(15)).await;
            if let Some(state) = handle.try_state::<AppState>() {
                if !daily_backup(&handle, &state).await {
                    tokio::time::sleep(BACKUP_RETRY_AFTER).await;
                }
            }
            tokio::time::sleep(BACKUP_CHECK_EVERY - Duration::from_secs(15)).await;
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

/// False when a backup was due and failed.
async fn daily_backup<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> bool {
    let Ok(db) = state.vault().db().await else {
        return true; // locked: nothing to back up until the member is back
    };
    let made = AutoBackup::new(&db, &state.backup_folder())
        .run_if_due(state.journal(), state.journal().now_utc())
        .await;
    match made {
        Ok(None) => true,
        Ok(Some(_)) => {
            state.set_last_backup_error(None);
            tracing::info!("daily backup made");
            let _ = app.emit(BACKUP_EVENT, ());
            true
        }
        Err(e) => {
            tracing::warn!(code = e.code(), "daily backup failed: {e}");
            state.set_last_backup_error(Some(e.code().to_owned()));
            let _ = app.emit(BACKUP_EVENT, ());
            false
        }
    }
}
