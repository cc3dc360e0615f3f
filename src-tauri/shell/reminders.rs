//! Runs the reminders' planner on the scheduler's tick and shows what it
//! hands back: on the desktop through its notification service, and in the
//! window (the contract's `reminder-shown` event), which puts up a banner
//! when the desktop could not show it. Actions on a notification come back
//! here: Join opens the session's link, Snooze waits (ten minutes, an hour or
//! until the evening), Open
//! brings the window forward on the right screen.

use crate::contract::events;
use crate::error::Coded;
use alongside_core::app_state::AppState;
use alongside_core::reminders::notice::{notice, snooze_until, Lang, ReminderShown};
use alongside_core::reminders::{NoticeAction, Reminder, Reminders, Verdict, What};
use alongside_core::scheduler::Outcome;
use chrono::Duration;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_opener::OpenerExt;

/// How often the last tick is written down while nothing is due.
const CHECKPOINT: Duration = Duration::seconds(60);

pub async fn tick<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> Outcome {
    let held = state.reminders();
    let now = state.clock().now();
    let zone = state.clock().zone();
    let db = state.vault().db().await.ok();
    match &db {
        Some(db) if held.needs_load(now) => {
            if let Err(e) = held.load(db, now).await {
                tracing::warn!(code = e.code().as_str(), "reminders could not be read");
            }
        }
        Some(_) => {}
        None => {
            held.vault_closed();
            held.load_standby().await;
        }
    }
    let verdicts = held.tick(now, zone);
    for verdict in &verdicts {
        match verdict {
            Verdict::Show(r) => show(app, state, r, db.as_ref()).await,
            Verdict::Missed(_) => tracing::info!("a reminder was missed while away"),
        }
    }
    if let Some(db) = &db {
        if !verdicts.is_empty() || held.checkpoint_due(now, CHECKPOINT) {
            if let Err(e) = held.record(db, now).await {
                tracing::warn!(code = e.code().as_str(), "reminder log not written");
            }
        }
    }
    if !verdicts.is_empty() {
        events::REMINDERS_CHANGED.emit(app, ());
    }
    Outcome::Done
}

async fn show<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    r: &Reminder,
    db: Option<&alongside_core::store::Database>,
) {
    let (title, link) = match (&r.what, db) {
        (What::Session { session, .. }, Some(db)) => {
            let reminders = Reminders::new(db);
            let details = reminders
                .preferences()
                .await
                .map(|p| p.show_details)
                .unwrap_or(false);
            match reminders.session_details(session).await {
                Ok((title, link)) => (title.filter(|_| details), link),
                Err(_) => (None, None),
            }
        }
        _ => (None, None),
    };
    let notice = notice(
        r,
        state.clock().now(),
        state.clock().zone(),
        Lang::of(state.settings().language),
        title.as_deref(),
        link.is_some(),
    );
    let on_desktop = desktop::show(app, &notice, link).await;
    // Lateness only: no key, title or time of day.
    let late_ms = (state.clock().now() - r.due).num_milliseconds();
    tracing::info!(late_ms, on_desktop, "reminder shown");
    state.reminders().set_desktop_available(on_desktop);
    events::REMINDER_SHOWN.emit(
        app,
        ReminderShown {
            notice,
            on_desktop,
            screen: screen_for(r).to_owned(),
        },
    );
}

fn screen_for(r: &Reminder) -> &str {
    match &r.what {
        What::Session { .. } => "sessions",
        What::Occasion { screen, .. } => screen,
        What::Routine {
            kind: alongside_core::reminders::RoutineKind::Journal,
        } => "journal",
        // The window picks the exercise to start: homework first, else a favourite.
        What::Routine {
            kind: alongside_core::reminders::RoutineKind::Practice,
        } => "practice/suggested",
    }
}

/// A button on the in-app banner: the link is looked up here.
pub async fn act_on_reminder<R: Runtime>(app: &AppHandle<R>, key: &str, action: NoticeAction) {
    let mut link = None;
    if let Some(state) = app.try_state::<AppState>() {
        let found = state
            .reminders()
            .find(key, state.clock().now(), state.clock().zone());
        if let (
            Ok(db),
            Some(Reminder {
                what: What::Session { session, .. },
                ..
            }),
        ) = (state.vault().db().await, found)
        {
            link = Reminders::new(&db)
                .session_details(&session)
                .await
                .ok()
                .and_then(|(_, l)| l);
        }
    }
    act(app, key, action, link).await;
}

/// What a notification's button (or the banner's) does.
pub async fn act<R: Runtime>(
    app: &AppHandle<R>,
    key: &str,
    action: NoticeAction,
    link: Option<String>,
) {
    let Some(state) = app.try_state::<AppState>() else {
        return;
    };
    let now = state.clock().now();
    let reminder = state.reminders().find(key, now, state.clock().zone());
    match action {
        NoticeAction::Join => {
            let checked = link
                .as_deref()
                .and_then(|l| alongside_core::journal::web_link::check(l).ok());
            if let Some(url) = checked {
                if app.opener().open_url(url, None::<&str>).is_err() {
                    tracing::warn!("the browser could not be opened for a session link");
                }
            }
        }
        NoticeAction::Snooze | NoticeAction::SnoozeHour | NoticeAction::SnoozeEvening => {
            let zone = state.clock().zone();
            let until = reminder
                .as_ref()
                .and_then(|r| snooze_until(action, &r.what, now, zone).map(|u| (r, u)));
            if let Some((r, until)) = until {
                let snooze = state.reminders().snooze(r, until);
                if let Ok(db) = state.vault().db().await {
                    if let Err(e) = Reminders::new(&db).snooze(&snooze).await {
                        tracing::warn!(code = e.code().as_str(), "snooze not written");
                    }
                }
                events::REMINDERS_CHANGED.emit(app, ());
            }
        }
        NoticeAction::Open => {
            let screen = reminder.as_ref().map_or("today", screen_for);
            super::window::bring_forward(app, Some(screen));
        }
    }
}

/// The desktop's notification service, through notify-rust over D-Bus.
mod desktop {
    use super::act;
    use alongside_core::reminders::{Notice, NoticeAction};
    use tauri::{AppHandle, Runtime};

    /// Shows `notice`; false when no notification service answered.
    pub async fn show<R: Runtime>(
        app: &AppHandle<R>,
        notice: &Notice,
        link: Option<String>,
    ) -> bool {
        let mut n = notify_rust::Notification::new();
        n.appname(&notice.summary)
            .summary(&notice.summary)
            // Many notification servers read the body as markup; a session's
            // title from the clinic must show as text, never as a link or image.
            .body(&alongside_core::reminders::notice::markup_escaped(
                &notice.body,
            ))
            .icon("alongside")
            .hint(notify_rust::Hint::Category("x-alongside.reminder".into()));
        for (action, label) in &notice.actions {
            n.action(action.as_str(), label);
        }
        let (sent, answered) = tokio::sync::oneshot::channel();
        let (app, key) = (app.clone(), notice.key.clone());
        // notify-rust's D-Bus calls block; the wait for a button lasts as
        // long as the notification is up, so it gets a thread of its own.
        std::thread::spawn(move || match n.show() {
            Ok(handle) => {
                let _ = sent.send(true);
                handle.wait_for_action(|action| {
                    if let Some(action) = NoticeAction::parse(action) {
                        tauri::async_runtime::block_on(act(&app, &key, action, link));
                    }
                });
            }
            Err(_) => {
                // The error names only D-Bus; nothing of the reminder.
                tracing::info!(
                    "no notification service answered; the reminder shows in the window"
                );
                let _ = sent.send(false);
            }
        });
        answered.await.unwrap_or(false)
    }
}
