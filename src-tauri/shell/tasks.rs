//! The shell's background work. One ticker reads the wall clock when the
//! next thing is due (at least every second) and asks `scheduler::Scheduler` what is due; each due task runs
//! as a task of its own (so a panic in one is a failed run, not the end of
//! the ticker) and reports back how it went. The decisions live in the
//! scheduler and the modules; this file only runs them and tells the
//! window, with the contract's events.
//!
//! Besides the ticker: opening with the keyring at start-up, and following
//! the desktop's screen lock.

use crate::contract::events;
use crate::error::Coded;
use alongside_core::app_state::AppState;
use alongside_core::clinic::{self, retry, Clinic};
use alongside_core::reminders::notice::Lang;
use alongside_core::scheduler::{Outcome, Scheduler, Task};
use alongside_core::transfer::auto_backup::AutoBackup;
use alongside_core::vault::{screen_lock, LockReason, Vault};
use chrono::{DateTime, Utc};
use rand::Rng;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tauri::{AppHandle, Manager, Runtime};

/// The longest the ticker sleeps: a clock set or a suspend is noticed within it.
const TICK: Duration = Duration::from_secs(1);
/// A UI that never reports its first paint must not keep the idle lock off.
const AFTER_PAINT_AT_MOST: Duration = Duration::from_secs(5);
/// After a failed daily backup (say the USB drive is out), try again in an
/// hour rather than every minute.
const BACKUP_RETRY_AFTER: Duration = Duration::from_secs(3600);

/// Called once the state is managed.
pub fn spawn<R: Runtime>(app: &AppHandle<R>) {
    let Some(state) = app.try_state::<AppState>() else {
        return;
    };
    let opening = state.vault().start();
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        opening.await;
        if let Some(state) = handle.try_state::<AppState>() {
            state.mark_startup("vault ready");
        }
    });
    // Nothing the ticker runs is due in the first seconds, and following
    // the screen lock means a D-Bus connection: both wait for the window.
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        let Some(state) = handle.try_state::<AppState>() else {
            return;
        };
        state.after_first_paint(AFTER_PAINT_AT_MOST).await;
        spawn_ticker(&handle, &state);
        spawn_screen_lock(&handle, state.vault().clone());
    });
}

fn spawn_ticker<R: Runtime>(app: &AppHandle<R>, state: &AppState) {
    let clock = state.clock().clone();
    let scheduler = Arc::new(Mutex::new(Scheduler::new(clock.now())));
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::time::sleep(until_next(&handle, &scheduler, clock.now())).await;
            let now = clock.now();
            if let Some(state) = handle.try_state::<AppState>() {
                // The menu's next session and language follow within a second.
                super::tray::refresh(&handle, &state, Lang::of(state.settings().language));
            }
            let due = lock(&scheduler).due(now);
            for task in due {
                let (handle, scheduler, clock) = (handle.clone(), scheduler.clone(), clock.clone());
                tauri::async_runtime::spawn(async move {
                    let failures = lock(&scheduler).failures(task);
                    let outcome = tauri::async_runtime::spawn(run(handle.clone(), task, failures))
                        .await
                        .unwrap_or_else(|_| {
                            tracing::warn!(?task, "a background task panicked");
                            // Tried again at its own pace: an idle lock
                            // must not pause for an hour over one bad run.
                            Outcome::Failed {
                                wait: Duration::ZERO,
                            }
                        });
                    // A failed clinic round may still have stored part of what it read.
                    if outcome != Outcome::Done {
                        if let Some(state) = handle.try_state::<AppState>() {
                            state.refresh(task.makes_stale()).await;
                        }
                    }
                    lock(&scheduler).finished(task, outcome, clock.now());
                });
            }
        }
    });
}

/// How long to sleep: until the next task or reminder is due, at most a
/// tick. A reminder wakes the ticker on its own second rather than on the
/// tick after it.
fn until_next<R: Runtime>(
    app: &AppHandle<R>,
    scheduler: &Mutex<Scheduler>,
    now: DateTime<Utc>,
) -> Duration {
    let mut scheduler = lock(scheduler);
    if let Some(state) = app.try_state::<AppState>() {
        let held = state.reminders();
        if let Some(at) = held.next_due(now, state.clock().zone()) {
            scheduler.wake_by(Task::Reminders, at);
        }
        // A book to read (at unlock, after a change, while locked) is looked
        // at each second, as before.
        if held.needs_load(now) {
            scheduler.wake_by(Task::Reminders, now + chrono::Duration::seconds(1));
        }
    }
    scheduler.next_due().map_or(TICK, |at| {
        (at - now).to_std().unwrap_or(Duration::ZERO).min(TICK)
    })
}

fn lock(scheduler: &Mutex<Scheduler>) -> std::sync::MutexGuard<'_, Scheduler> {
    // The scheduler is plain data; a panic elsewhere leaves it usable.
    scheduler.lock().unwrap_or_else(|p| p.into_inner())
}

async fn run<R: Runtime>(app: AppHandle<R>, task: Task, failures: u32) -> Outcome {
    let Some(state) = app.try_state::<AppState>() else {
        return Outcome::Done;
    };
    match task {
        Task::IdleLock => {
            if let Some(idle) = state.auto_lock_after() {
                if state.vault().lock_if_idle(idle).await {
                    announce_lock(&app, LockReason::Idle);
                }
            }
            Outcome::Done
        }
        Task::DailyBackup => daily_backup(&app, &state).await,
        Task::ClinicSync => clinic_sync(&app, &state, failures).await,
        Task::Reminders => super::reminders::tick(&app, &state).await,
    }
}

fn announce_lock<R: Runtime>(app: &AppHandle<R>, reason: LockReason) {
    tracing::info!(?reason, "vault locked by itself");
    events::VAULT_LOCKED.emit(app, reason);
}

async fn daily_backup<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> Outcome {
    let Ok(db) = state.vault().db().await else {
        return Outcome::Done; // locked: nothing to back up until the member is back
    };
    let made = AutoBackup::new(&db, &state.backup_folder())
        .run_if_due(state.clock(), state.clock().now())
        .await;
    match made {
        Ok(None) => Outcome::Done,
        Ok(Some(_)) => {
            state.set_last_backup_error(None);
            tracing::info!("daily backup made");
            events::BACKUP_FINISHED.emit(app, ());
            Outcome::Done
        }
        Err(e) => {
            tracing::warn!(code = e.code().as_str(), "daily backup failed: {e}");
            state.set_last_backup_error(Some(e.code()));
            events::BACKUP_FINISHED.emit(app, ());
            Outcome::Failed {
                wait: BACKUP_RETRY_AFTER,
            }
        }
    }
}

/// Keeps the member's sessions in step with the clinic while the vault is
/// open (the clinic module decides whether a sync is due). After a failure
/// it backs off with jitter, honouring `Retry-After`; only the error code
/// is logged.
async fn clinic_sync<R: Runtime>(app: &AppHandle<R>, state: &AppState, failures: u32) -> Outcome {
    let Ok(db) = state.vault().db().await else {
        return Outcome::Done; // locked: the clinic waits until the member is back
    };
    // The member's own clinic work comes first; this round waits for the next tick.
    let Some(turn) = state.clinic().try_turn() else {
        return Outcome::Done;
    };
    let synced = match clinic::http_client() {
        Ok(http) => {
            Clinic::new(&db, &http, &turn)
                .in_zone(state.clock().zone())
                .sync_if_due(state.clock().now())
                .await
        }
        Err(e) => Err(e),
    };
    match synced {
        Ok(None) => Outcome::Done,
        Ok(Some(status)) => {
            state.adopt_clinic_contact(status.contact.as_ref());
            events::SESSIONS_UPDATED.emit(app, ());
            Outcome::Changed
        }
        Err(e) => {
            let wait = retry::backoff(
                failures.saturating_add(1),
                e.retry_after(),
                rand::thread_rng().gen(),
            );
            tracing::warn!(
                code = e.code().as_str(),
                wait_s = wait.as_secs(),
                "background sync failed"
            );
            // A sign-in that expired shows as signed out.
            events::SESSIONS_UPDATED.emit(app, ());
            Outcome::Failed { wait }
        }
    }
}

fn spawn_screen_lock<R: Runtime>(app: &AppHandle<R>, vault: Arc<Vault>) {
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        let on_lock = move || {
            let (vault, handle) = (vault.clone(), handle.clone());
            tauri::async_runtime::spawn(async move {
                if vault.lock().await {
                    announce_lock(&handle, LockReason::ScreenLock);
                }
            });
        };
        if let Err(e) = screen_lock::watch(on_lock).await {
            tracing::info!("not following the desktop's screen lock: {e}");
        }
    });
}
