//! Keeps the member's sessions in step with the clinic while the vault is
//! open: soon after unlock, then every half hour. After a failure it backs
//! off (with jitter, honouring `Retry-After`). Each update is announced to
//! the UI with the `sessions-updated` event. Each round runs as a task of
//! its own, so a panic in one is a failed round, not the end of syncing.

use crate::app_state::AppState;
use crate::clinic::{self, retry, Clinic};
use rand::Rng;
use std::future::Future;
use std::time::{Duration, Instant};
use tauri::{AppHandle, Emitter, Manager, Runtime};

pub const SESSIONS_EVENT: &str = "sessions-updated";
const CHECK_EVERY: Duration = Duration::from_secs(30);

/// How one round went.
enum Round {
    /// Nothing to do: locked, signed out, or synced recently.
    Idle,
    Synced,
    /// `code` is the error code (or `sync_panicked`), the only thing logged.
    Failed {
        code: &'static str,
        retry_after: Option<u64>,
    },
}

pub fn spawn<R: Runtime>(app: &AppHandle<R>) {
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        let (mut failures, mut not_before) = (0u32, Instant::now());
        loop {
            tokio::time::sleep(CHECK_EVERY).await;
            if Instant::now() < not_before {
                continue;
            }
            match guarded(round(handle.clone())).await {
                Round::Idle => {}
                Round::Synced => {
                    failures = 0;
                    let _ = handle.emit(SESSIONS_EVENT, ());
                }
                Round::Failed { code, retry_after } => {
                    failures = failures.saturating_add(1);
                    let wait = retry::backoff(failures, retry_after, rand::thread_rng().gen());
                    let now = Instant::now();
                    // `backoff` keeps the wait within a day; should even that
                    // not fit, the next check simply tries again.
                    not_before = now.checked_add(wait).unwrap_or(now);
                    tracing::warn!(code, wait_s = wait.as_secs(), "background sync failed");
                    // A sign-in that expired shows as signed out.
                    let _ = handle.emit(SESSIONS_EVENT, ());
                }
            }
        }
    });
}

/// Runs a round as its own task; one that panics is a failed round.
async fn guarded(round: impl Future<Output = Round> + Send + 'static) -> Round {
    tauri::async_runtime::spawn(round)
        .await
        .unwrap_or(Round::Failed {
            code: "sync_panicked",
            retry_after: None,
        })
}

async fn round<R: Runtime>(handle: AppHandle<R>) -> Round {
    let Some(state) = handle.try_state::<AppState>() else {
        return Round::Idle;
    };
    let Ok(db) = state.vault().db().await else {
        return Round::Idle; // locked: the clinic waits until the member is back
    };
    let http = match clinic::http_client() {
        Ok(http) => http,
        Err(e) => return failed(&e),
    };
    let now = state.clock().now();
    match Clinic::new(&db, &http).sync_if_due(now).await {
        Ok(None) => Round::Idle,
        Ok(Some(_)) => Round::Synced,
        Err(e) => failed(&e),
    }
}

fn failed(e: &clinic::ClinicError) -> Round {
    Round::Failed {
        code: e.code(),
        retry_after: e.retry_after(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_round_that_panics_is_a_failed_round_and_the_next_one_runs() {
        tauri::async_runtime::block_on(async {
            let panicked = guarded(async { panic!("a bug in one round") }).await;
            assert!(matches!(
                panicked,
                Round::Failed {
                    code: "sync_panicked",
                    retry_after: None
                }
            ));
            assert!(matches!(
                guarded(async { Round::Synced }).await,
                Round::Synced
            ));
        });
    }
}
