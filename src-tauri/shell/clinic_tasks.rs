//! Keeps the member's sessions in step with the clinic while the vault is
//! open: soon after unlock, then every half hour. After a failure it backs
//! off (with jitter, honouring `Retry-After`). Each update is announced to
//! the UI with the `sessions-updated` event.

use crate::app_state::AppState;
use crate::clinic::{self, retry, Clinic};
use rand::Rng;
use std::time::{Duration, Instant};
use tauri::{AppHandle, Emitter, Manager, Runtime};

pub const SESSIONS_EVENT: &str = "sessions-updated";
const CHECK_EVERY: Duration = Duration::from_secs(30);

pub fn spawn<R: Runtime>(app: &AppHandle<R>) {
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        let (mut failures, mut not_before) = (0u32, Instant::now());
        loop {
            tokio::time::sleep(CHECK_EVERY).await;
            if Instant::now() < not_before {
                continue;
            }
            let Some(state) = handle.try_state::<AppState>() else {
                continue;
            };
            let Ok(db) = state.vault().db().await else {
                continue; // locked: the clinic waits until the member is back
            };
            let Ok(http) = clinic::http_client() else {
                continue;
            };
            let now = state.clock().now();
            match Clinic::new(&db, &http).sync_if_due(now).await {
                Ok(None) => {}
                Ok(Some(_)) => {
                    failures = 0;
                    let _ = handle.emit(SESSIONS_EVENT, ());
                }
                Err(e) => {
                    failures = failures.saturating_add(1);
                    let wait = retry::backoff(failures, &e, rand::thread_rng().gen());
                    not_before = Instant::now() + wait;
                    tracing::warn!(
                        code = e.code(),
                        wait_s = wait.as_secs(),
                        "background sync failed"
                    );
                    // A sign-in that expired shows as signed out.
                    let _ = handle.emit(SESSIONS_EVENT, ());
                }
            }
        }
    });
}
